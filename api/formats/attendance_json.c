/* attendance.json (attendance_json.h, docs/attendance.md). */
#include "attendance_json.h"
#include "json_write.h"

#include <cohortplan/makeup.h>

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

/* A lesson of cohort c: its cohort, number, UTC start and end, and, with a
 * zone, "local": {"zone", "start", "end", "utc_offset"} in the member's own
 * zone (the pinned tzdata's answer, as timetable.json gives it). */
static void
add_lesson(struct cp_jw *w, cJSON *x, const struct cp_plan_cohort *c, size_t l,
	   const struct cp_tz *tz)
{
	const struct cp_plan_lesson *ls = &c->lessons[l];
	cp_jw_str(w, x, "cohort", c->id);
	cp_jw_num(w, x, "lesson", ls->number);
	cp_jw_utc(w, x, "start", ls->start);
	cp_jw_utc(w, x, "end", ls->end);
	if (!tz)
		return;
	cJSON *o = cp_jw_chk(w, cJSON_AddObjectToObject(x, "local"));
	if (o)
		cp_jw_local_span(w, o, tz, ls->start, ls->end, true);
}

/* makeup[] of member k: every missed lesson with options or an accepted
 * make-up, in lesson order. *at walks p->makeups, which is ordered by
 * member and missed lesson. */
static void
add_makeups(struct cp_jw *w, cJSON *o, const struct cp_plan *plan, const struct cp_progress *p,
	    const struct cp_attendance_json_options *jo, size_t k, size_t *at)
{
	const struct cp_progress_member *pm = &p->members[k];
	const struct cp_plan_cohort *own = &plan->cohorts[pm->cohort];
	const struct cp_plan_member *me = &own->members[pm->member];
	const struct cp_tz *tz = jo && jo->checked && jo->db ? cp_tzdb_zone(jo->db, me->zone, NULL)
							     : NULL;
	cJSON *arr = cp_jw_chk(w, cJSON_AddArrayToObject(o, "makeup"));

	for (size_t l = 0; arr && l < own->n_lessons && !w->fail; l++) {
		size_t from = *at;
		while (*at < p->n_makeups && p->makeups[*at].member == k &&
		       p->makeups[*at].missed == l)
			(*at)++;
		const struct cp_progress_accepted *acc = NULL;
		for (size_t i = 0; i < p->n_accepted && !acc; i++)
			if (p->accepted[i].cohort == pm->cohort && p->accepted[i].member == pm->member &&
			    p->accepted[i].missed == l)
				acc = &p->accepted[i];
		if (from == *at && !acc)
			continue;
		cJSON *m = cp_jw_push_object(w, arr);
		if (!m)
			return;
		bool checked = jo && jo->checked;
		cp_jw_num(w, m, "lesson", own->lessons[l].number);
		cp_jw_str(w, m, "theme", own->lessons[l].theme);
		cp_jw_num(w, m, "missed_minutes",
			  from < *at ? p->makeups[from].missed_minutes : acc->missed_minutes);
		/* Without the problem, the person's availability is unknown:
		 * say so in every entry. */
		cp_jw_str(w, m, "availability", checked ? "checked" : "not_checked");
		cJSON *opts = cp_jw_chk(w, cJSON_AddArrayToObject(m, "options"));
		cJSON *refused = checked ? cp_jw_chk(w, cJSON_AddArrayToObject(m, "refused"))
					 : NULL;
		for (size_t i = from; i < *at; i++) {
			const struct cp_progress_makeup *mk = &p->makeups[i];
			cJSON *dst = mk->refused ? refused : opts;
			cJSON *x = dst ? cp_jw_push_object(w, dst) : NULL;
			if (!x)
				return;
			add_lesson(w, x, &plan->cohorts[mk->cohort], mk->lesson, tz);
			if (mk->refused)
				cp_jw_str(w, x, "reason", cp_makeup_reason_name(mk->refused));
		}
		if (acc) {
			cJSON *x = cp_jw_chk(w, cJSON_AddObjectToObject(m, "accepted"));
			if (!x)
				return;
			add_lesson(w, x, &plan->cohorts[acc->opt_cohort], acc->opt_lesson, tz);
			if (acc->minutes >= 0)
				cp_jw_num(w, x, "minutes_present", acc->minutes);
			else
				cp_jw_str(w, x, "minutes_present", NULL);
			cp_jw_chk(w, cJSON_AddBoolToObject(x, "counts", jo && jo->makeup_counts));
		}
	}
}

/* The self-study modules of a member switched to self-study ("self."
 * modules, cp_progress_switch_self_study), with deadlines in their zone. */
static void
add_self_study(struct cp_jw *w, cJSON *o, const struct cp_plan_member *m, struct cp_tzdb *db)
{
	const struct cp_tz *tz = db ? cp_tzdb_zone(db, m->zone, NULL) : NULL;
	cJSON *arr = cp_jw_chk(w, cJSON_AddArrayToObject(o, "self_study"));
	for (size_t k = 0; arr && k < m->n_modules; k++) {
		const struct cp_plan_module *md = &m->modules[k];
		if (strncmp(md->module, "self.", 5) != 0)
			continue;
		cJSON *x = cp_jw_push_object(w, arr);
		if (!x)
			return;
		cp_jw_module(w, x, "module", md);
		if (tz) {
			char b[CP_TIME_BUFSZ];
			struct cp_tz_local l;
			cp_tz_to_local(tz, md->due, &l);
			cJSON *lo = cp_jw_chk(w, cJSON_AddObjectToObject(x, "due_local"));
			if (!lo)
				return;
			cp_jw_str(w, lo, "zone", cp_tz_name(tz));
			cp_jw_str(w, lo, "time", cp_format_local(&l.wall, b));
			cp_jw_offset(w, lo, "utc_offset", l.utoff);
		}
	}
}

char *
cp_attendance_json_write(const struct cp_plan *plan, const struct cp_progress *p,
			 const struct cp_attendance_json_options *jo, size_t *len)
{
	struct cp_jw w = { false };
	cJSON *root = cp_jw_document(&w, "cohortplan-attendance", CP_ATTENDANCE_JSON_VERSION);

	if (!root)
		return NULL;
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
		if (jo && jo->makeup_counts)
			cp_jw_num(&w, o, "makeup_minutes", pm->makeup);
		cp_jw_num(&w, o, "held_minutes", pm->held);
		cp_jw_num(&w, o, "remaining_minutes", pm->remaining);
		cp_jw_num(&w, o, "share_so_far", ratio(pm->attended + pm->makeup, pm->held));
		cp_jw_num(&w, o, "best_final_minutes", pm->best_final);
		cp_jw_num(&w, o, "best_final_share", ratio(pm->best_final, live));
		cp_jw_str(&w, o, "status", cp_progress_status_name(pm->status));
		add_makeups(&w, o, plan, p, jo, k, &at);
		if (jo && jo->self_study && pm->status == CP_PROGRESS_CANNOT_REACH)
			add_self_study(&w, o, &c->members[pm->member], jo->db);
	}
	return cp_jw_finish(&w, root, len);
}

bool
cp_attendance_json_save(const struct cp_plan *plan, const struct cp_progress *progress,
			const struct cp_attendance_json_options *jo, const char *path,
			struct cp_error *err)
{
	size_t len = 0;
	char *text = cp_attendance_json_write(plan, progress, jo, &len);
	return cp_atomic_write_text(path, text, len, err);
}
