/*
 * The previous plan's cohorts seen from this run (bridge.h): does a pattern
 * with a teacher reproduce one of them? Used to keep cohort ids and
 * teachers when re-planning.
 */
#include <string.h>

#include <cohortplan/tz.h>

#include "bridge.h"
#include "../candidates/local.h"

/* Is instant t (read in the anchor) in the ISO week (Monday to Sunday) of
 * anchor-local date d? A holiday moving the first lesson inside its week
 * keeps the cohort; a start in another week is another cohort. */
static bool
same_start_week(const struct cp_tz *anchor, cp_instant t, cp_day d)
{
	struct cp_tz_local l;
	cp_tz_to_local(anchor, t, &l);
	cp_day e = cp_days_from_civil(l.wall.year, l.wall.month, l.wall.day);
	return cp_iso_monday(e) == cp_iso_monday(d);
}

/* Does pattern j taught by teacher t reproduce cohort pc of the previous
 * plan: same teacher, same anchor, the same weekly slots and the same start
 * week (staggered starts: the same slots from another week are another
 * cohort)? */
bool
same_cohort(const struct bridge *b, uint32_t j, size_t t, const struct cp_plan_cohort *pc)
{
	const struct cp_cand_pattern *pat = cp_cand_pattern(b->cand, j);
	const struct cp_teacher *te = cp_problem_teacher(b->prob, t);
	const struct cp_tz *anchor = cp_cand_anchor(b->cand, pat->anchor);
	if (strcmp(te->id, pc->teacher) != 0 || strcmp(cp_tz_name(anchor), pc->anchor_zone) != 0 ||
	    pc->n_slots != (size_t)pat->k || pc->week_by_week != pat->by_week)
		return false;
	/* A week-by-week timetable is only itself: the same lessons. */
	if (pat->by_week) {
		if (pc->n_lessons != pat->n_lessons)
			return false;
		for (size_t l = 0; l < pc->n_lessons; l++)
			if (pc->lessons[l].start != pat->lessons[l].start)
				return false;
	}
	for (size_t s = 0; s < pc->n_slots; s++)
		if (!(pat->days & CP_DAYBIT(pc->slots[s].weekday)) || pc->slots[s].start != pat->start)
			return false;
	return pc->n_lessons > 0 && pat->n_lessons > 0 &&
	       same_start_week(anchor, pc->lessons[0].start, pat->lessons[0].date);
}
