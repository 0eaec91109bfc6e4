/*
 * Switching members who can no longer reach the attendance target to
 * self-study (progress.h, cp_progress_switch_self_study). Deadlines are
 * the end of the member's own local day: a participant in Beirut and one
 * in Casablanca get different instants for the same theme.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cohortplan/progress.h>

#include "../candidates/local.h"

static bool
has_module(const struct cp_plan_member *m, const char *id)
{
	for (size_t k = 0; k < m->n_modules; k++)
		if (strcmp(m->modules[k].module, id) == 0)
			return true;
	return false;
}

int
cp_progress_switch_self_study(struct cp_plan *plan, const struct cp_progress *p,
			      struct cp_tzdb *db)
{
	int switched = 0;

	for (size_t k = 0; k < p->n_members; k++) {
		if (p->members[k].status != CP_PROGRESS_CANNOT_REACH)
			continue;
		struct cp_plan_cohort *c = &plan->cohorts[p->members[k].cohort];
		struct cp_plan_member *m = &c->members[p->members[k].member];
		const bool *held = p->cohorts[p->members[k].cohort].lesson_held;
		const struct cp_tz *tz = cp_tzdb_zone(db, m->zone, NULL);
		if (!tz)
			return -1;
		/* From the end of the last held lesson: the switch happens now. */
		cp_instant from = 0;
		for (size_t l = 0; l < c->n_lessons; l++)
			if (held[l] && c->lessons[l].end > from)
				from = c->lessons[l].end;
		if (!from) {
			from = INT64_MAX;
			for (size_t l = 0; l < c->n_lessons; l++)
				if (c->lessons[l].start < from)
					from = c->lessons[l].start;
		}
		int themes = 0;
		for (size_t l = 0; l < c->n_lessons; l++) {
			const struct cp_plan_lesson *ls = &c->lessons[l];
			char id[80];
			if (held[l] || !ls->theme)
				continue;
			snprintf(id, sizeof(id), "self.%s", ls->theme);
			if (has_module(m, id))
				continue;
			struct cp_tz_local loc;
			cp_tz_to_local(tz, ls->start, &loc);
			int64_t day = cp_days_from_civil(loc.wall.year, loc.wall.month, loc.wall.day);
			/* The end of day + 7: local midnight starting day + 8. */
			cp_instant due = cp_local_wall_utc(tz, day + 8, 0, NULL);
			struct cp_plan_module *md = cp_plan_add_module(plan, m);
			if (!md)
				return -1;
			md->module = cp_plan_strdup(plan, id);
			md->theme = cp_plan_strdup(plan, ls->theme);
			md->minutes = cp_plan_lesson_minutes(ls);
			md->available = from;
			md->due = due < from ? from : due;
			themes++;
		}
		/* The route as data; api/locale words it (no sentence here). */
		m->switched = true;
		m->switched_themes = themes;
		m->self_study = NULL;
		if (cp_plan_nomem(plan))
			return -1;
		switched++;
	}
	return switched;
}
