/* attendance.json (attendance_json.h, docs/attendance.md). */
#include "attendance_json.h"
#include "json_write.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a / b, or null (NAN, which cp_jw_num writes as null) when b is 0: a share
 * of nothing is not 0 %. */
static double
ratio(int a, int b)
{
	return b > 0 ? (double)a / (double)b : (double)NAN;
}

static void
add_count(struct cp_jw *w, cJSON *o, const struct cp_progress_count *k)
{
	cp_jw_num(w, o, "members", k->members);
	cp_jw_num(w, o, "on_track", k->on_track);
	cp_jw_num(w, o, "at_risk", k->at_risk);
	cp_jw_num(w, o, "cannot_reach", k->cannot_reach);
	cp_jw_num(w, o, "share_on_track", ratio(k->on_track, k->members));
}

/* makeup[] of member k: its missed lessons that have options, each with
 * them; *at walks p->makeups, which is ordered by member and missed lesson. */
static void
add_makeups(struct cp_jw *w, cJSON *o, const struct cp_plan *plan, const struct cp_progress *p,
	    size_t k, size_t *at)
{
	cJSON *arr = cp_jw_chk(w, cJSON_AddArrayToObject(o, "makeup"));
	cJSON *opts = NULL;
	size_t missed = SIZE_MAX;

	for (; arr && *at < p->n_makeups && p->makeups[*at].member == k; (*at)++) {
		const struct cp_progress_makeup *mk = &p->makeups[*at];
		const struct cp_plan_cohort *own = &plan->cohorts[p->members[k].cohort];
		if (mk->missed != missed) {
			cJSON *m = cp_jw_push_object(w, arr);
			if (!m)
				return;
			missed = mk->missed;
			cp_jw_num(w, m, "lesson", own->lessons[missed].number);
			cp_jw_str(w, m, "theme", own->lessons[missed].theme);
			cp_jw_num(w, m, "missed_minutes", mk->missed_minutes);
			/* The plan does not hold people's availability (the
			 * problem does): say so in every entry. */
			cp_jw_str(w, m, "availability", "not_checked");
			opts = cp_jw_chk(w, cJSON_AddArrayToObject(m, "options"));
		}
		cJSON *x = opts ? cp_jw_push_object(w, opts) : NULL;
		if (!x)
			return;
		const struct cp_plan_cohort *c = &plan->cohorts[mk->cohort];
		cp_jw_str(w, x, "cohort", c->id);
		cp_jw_num(w, x, "lesson", c->lessons[mk->lesson].number);
		cp_jw_utc(w, x, "start", c->lessons[mk->lesson].start);
		cp_jw_utc(w, x, "end", c->lessons[mk->lesson].end);
	}
}

char *
cp_attendance_json_write(const struct cp_plan *plan, const struct cp_progress *p, size_t *len)
{
	struct cp_jw w = { false };
	cJSON *root = cJSON_CreateObject();

	if (!root)
		return NULL;
	cp_jw_str(&w, root, "format", "cohortplan-attendance");
	cp_jw_num(&w, root, "version", CP_ATTENDANCE_JSON_VERSION);
	cp_jw_str(&w, root, "course", plan->course);
	cp_jw_utc(&w, root, "plan_created", plan->created);
	cp_jw_num(&w, root, "attendance_target", plan->attendance_target);
	cJSON *total = cp_jw_chk(&w, cJSON_AddObjectToObject(root, "totals"));
	if (total)
		add_count(&w, total, &p->course);

	cJSON *cohorts = cp_jw_chk(&w, cJSON_AddArrayToObject(root, "cohorts"));
	for (size_t ci = 0; cohorts && ci < plan->n_cohorts && !w.fail; ci++) {
		const struct cp_plan_cohort *c = &plan->cohorts[ci];
		const struct cp_progress_cohort *pc = &p->cohorts[ci];
		if (c->dissolved)
			continue; /* no lessons, no members: nothing to count */
		cJSON *o = cp_jw_push_object(&w, cohorts);
		if (!o)
			break;
		cp_jw_str(&w, o, "id", c->id);
		cp_jw_num(&w, o, "live_minutes", pc->live);
		cp_jw_num(&w, o, "needed_minutes", pc->needed);
		cp_jw_num(&w, o, "held_minutes", pc->held);
		cJSON *held = cp_jw_chk(&w, cJSON_AddArrayToObject(o, "held_lessons"));
		for (size_t l = 0; held && l < c->n_lessons; l++)
			if (pc->lesson_held[l]) {
				cJSON *n = cp_jw_chk(&w, cJSON_CreateNumber(c->lessons[l].number));
				if (n)
					cJSON_AddItemToArray(held, n);
			}
		add_count(&w, o, &pc->count);
	}

	cJSON *people = cp_jw_chk(&w, cJSON_AddArrayToObject(root, "participants"));
	size_t at = 0;
	for (size_t k = 0; people && k < p->n_members && !w.fail; k++) {
		const struct cp_progress_member *pm = &p->members[k];
		const struct cp_plan_cohort *c = &plan->cohorts[pm->cohort];
		int live = p->cohorts[pm->cohort].live;
		cJSON *o = cp_jw_push_object(&w, people);
		if (!o)
			break;
		cp_jw_str(&w, o, "id", c->members[pm->member].participant);
		cp_jw_str(&w, o, "cohort", c->id);
		cp_jw_num(&w, o, "attended_minutes", pm->attended);
		cp_jw_num(&w, o, "held_minutes", pm->held);
		cp_jw_num(&w, o, "remaining_minutes", pm->remaining);
		cp_jw_num(&w, o, "share_so_far", ratio(pm->attended, pm->held));
		cp_jw_num(&w, o, "best_final_minutes", pm->best_final);
		cp_jw_num(&w, o, "best_final_share", ratio(pm->best_final, live));
		cp_jw_str(&w, o, "status", cp_progress_status_name(pm->status));
		add_makeups(&w, o, plan, p, k, &at);
	}
	return cp_jw_finish(&w, root, len);
}

bool
cp_attendance_json_save(const struct cp_plan *plan, const struct cp_progress *progress,
			const char *path, struct cp_file_error *err)
{
	size_t len = 0;
	char *text = cp_attendance_json_write(plan, progress, &len);
	return cp_atomic_write_text(path, text, len, err);
}
