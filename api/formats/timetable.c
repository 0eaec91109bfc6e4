/*
 * timetable.json (see timetable.h and timetable.schema.json).
 */
#include "timetable.h"
#include "ical/feeds.h"
#include "json_write.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

struct tw {
	struct cp_jw w; /* fails also on an unknown zone */
	struct cp_tzdb *db;
};

/* {"start": local, "end": local, "utc_offset": "+01:00"} of [s, e) in zone. */
static void
add_local(struct tw *t, cJSON *obj, const char *zone, cp_instant s, cp_instant e)
{
	const struct cp_tz *tz = cp_tzdb_zone(t->db, zone, NULL);

	if (!tz) {
		t->w.fail = true;
		return;
	}
	if (cJSON_GetObjectItemCaseSensitive(obj, zone))
		return; /* one entry per zone */
	cJSON *o = cp_jw_chk(&t->w, cJSON_AddObjectToObject(obj, zone));
	if (o)
		cp_jw_local_span(&t->w, o, tz, s, e, false);
}

static void
add_lesson(struct tw *t, cJSON *arr, const struct cp_plan *p, const struct cp_plan_cohort *c,
	   const struct cp_plan_lesson *l, bool cancelled, const char *domain)
{
	cJSON *o = cp_jw_push_object(&t->w, arr);
	if (!o)
		return;
	cp_jw_num(&t->w, o, "number", l->number);
	char *uid = cp_feed_lesson_uid(p, c, l->number, domain);
	if (!uid)
		t->w.fail = true;
	else
		cp_jw_str(&t->w, o, "uid", uid);
	free(uid);
	cp_jw_str(&t->w, o, "status", cancelled ? "cancelled" : "confirmed");
	cp_jw_num(&t->w, o, "sequence", l->sequence);
	cp_jw_utc(&t->w, o, "start", l->start);
	cp_jw_utc(&t->w, o, "end", l->end);
	cp_jw_str(&t->w, o, "theme", l->theme);
	/* Only when set: the teacher who gives it while the cohort's is on
	 * leave (docs/plan.md). */
	if (l->substitute) {
		cJSON *sub = cp_jw_chk(&t->w, cJSON_AddObjectToObject(o, "substitute"));
		if (sub) {
			cp_jw_str(&t->w, sub, "id", l->substitute);
			cp_jw_str(&t->w, sub, "zone", l->substitute_zone);
		}
	}
	cJSON *loc = cp_jw_chk(&t->w, cJSON_AddObjectToObject(o, "local"));
	if (!loc)
		return;
	add_local(t, loc, c->anchor_zone, l->start, l->end);
	add_local(t, loc, c->teacher_zone, l->start, l->end);
	if (l->substitute)
		add_local(t, loc, l->substitute_zone, l->start, l->end);
	for (size_t i = 0; i < c->n_members; i++)
		add_local(t, loc, c->members[i].zone, l->start, l->end);
}

static void
add_member(struct tw *t, cJSON *arr, const struct cp_plan_cohort *c, const struct cp_plan_member *m)
{
	cJSON *o = cp_jw_push_object(&t->w, arr);
	if (!o)
		return;
	cp_jw_str(&t->w, o, "id", m->participant);
	cp_jw_str(&t->w, o, "zone", m->zone);
	cp_jw_str(&t->w, o, "profile", m->profile);
	cp_jw_num(&t->w, o, "attendable", m->attendable);
	cJSON *abs = cp_jw_chk(&t->w, cJSON_AddArrayToObject(o, "cannot_attend"));
	for (size_t i = 0; abs && i < c->n_lessons; i++) {
		if (m->verdicts[i] == CP_VERDICT_OK)
			continue;
		cJSON *a = cp_jw_push_object(&t->w, abs);
		if (!a)
			return;
		cp_jw_num(&t->w, a, "lesson", c->lessons[i].number);
		cp_jw_str(&t->w, a, "reason", cp_verdict_name((enum cp_verdict)m->verdicts[i]));
	}
	cJSON *mods = cp_jw_chk(&t->w, cJSON_AddArrayToObject(o, "modules"));
	const struct cp_tz *tz = cp_tzdb_zone(t->db, m->zone, NULL);
	for (size_t i = 0; mods && tz && i < m->n_modules; i++) {
		const struct cp_plan_module *md = &m->modules[i];
		char b[CP_TIME_BUFSZ];
		struct cp_tz_local l;
		cJSON *x = cp_jw_push_object(&t->w, mods);
		if (!x)
			return;
		cp_jw_module(&t->w, x, "id", md);
		cp_tz_to_local(tz, md->due, &l);
		cp_jw_str(&t->w, x, "due_local", cp_format_local(&l.wall, b));
	}
	if (!tz)
		t->w.fail = true;
}

char *
cp_timetable_json_write(const struct cp_plan *p, struct cp_tzdb *db, const char *uid_domain,
			size_t *len)
{
	struct tw t = { { false }, db };
	cJSON *root = cp_jw_document(&t.w, "cohortplan-timetable", CP_TIMETABLE_VERSION);

	if (!root)
		return NULL;
	cJSON *course = cp_jw_chk(&t.w, cJSON_AddObjectToObject(root, "course"));
	if (course) {
		cp_jw_str(&t.w, course, "id", p->course);
		cp_jw_str(&t.w, course, "title", p->course_title);
		cp_jw_str(&t.w, course, "language", p->language);
	}
	cp_jw_utc(&t.w, root, "created", p->created);
	cp_jw_str(&t.w, root, "tzdata", p->tzdata);
	cJSON *cohorts = cp_jw_chk(&t.w, cJSON_AddArrayToObject(root, "cohorts"));
	for (size_t i = 0; cohorts && i < p->n_cohorts && !t.w.fail; i++) {
		const struct cp_plan_cohort *c = &p->cohorts[i];
		if (c->dissolved)
			continue; /* an LMS has nothing to import from it */
		cJSON *o = cp_jw_push_object(&t.w, cohorts);
		if (!o)
			break;
		cp_jw_str(&t.w, o, "id", c->id);
		cJSON *te = cp_jw_chk(&t.w, cJSON_AddObjectToObject(o, "teacher"));
		if (te) {
			cp_jw_str(&t.w, te, "id", c->teacher);
			cp_jw_str(&t.w, te, "zone", c->teacher_zone);
		}
		cp_jw_str(&t.w, o, "anchor_zone", c->anchor_zone);
		cp_jw_str(&t.w, o, "language", c->language);
		cp_jw_num(&t.w, o, "session_minutes", c->session_minutes);
		cJSON *ls = cp_jw_chk(&t.w, cJSON_AddArrayToObject(o, "lessons"));
		for (size_t j = 0; ls && j < c->n_lessons; j++)
			add_lesson(&t, ls, p, c, &c->lessons[j], false, uid_domain);
		for (size_t j = 0; ls && j < c->n_cancelled; j++)
			add_lesson(&t, ls, p, c, &c->cancelled[j], true, uid_domain);
		cJSON *ms = cp_jw_chk(&t.w, cJSON_AddArrayToObject(o, "members"));
		for (size_t j = 0; ms && j < c->n_members; j++)
			add_member(&t, ms, c, &c->members[j]);
	}
	cJSON *un = cp_jw_chk(&t.w, cJSON_AddArrayToObject(root, "unplaced"));
	for (size_t i = 0; un && i < p->n_unplaced; i++) {
		cJSON *o = cp_jw_push_object(&t.w, un);
		if (!o)
			break;
		cp_jw_str(&t.w, o, "id", p->unplaced[i].participant);
		cp_jw_str(&t.w, o, "zone", p->unplaced[i].zone);
		cp_jw_str(&t.w, o, "profile", p->unplaced[i].profile);
		cp_jw_str(&t.w, o, "reason", cp_unplaced_kind_name(p->unplaced[i].kind));
		cp_jw_str(&t.w, o, "self_study", p->unplaced[i].self_study);
	}
	return cp_jw_finish(&t.w, root, len);
}
