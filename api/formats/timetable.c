/*
 * timetable.json (see timetable.h and timetable.schema.json).
 */
#include "timetable.h"
#include "ical/feeds.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tw {
	struct cp_tzdb *db;
	bool fail; /* out of memory or unknown zone */
};

static cJSON *
chk(struct tw *t, cJSON *v)
{
	if (!v)
		t->fail = true;
	return v;
}

static void
add_str(struct tw *t, cJSON *o, const char *k, const char *s)
{
	chk(t, s ? cJSON_AddStringToObject(o, k, s) : cJSON_AddNullToObject(o, k));
}

static void
add_num(struct tw *t, cJSON *o, const char *k, double x)
{
	chk(t, cJSON_AddNumberToObject(o, k, x));
}

static void
add_utc(struct tw *t, cJSON *o, const char *k, cp_instant x)
{
	char b[CP_TIME_BUFSZ];
	add_str(t, o, k, cp_format_utc(x, b));
}

static void
offset_text(int32_t off, char b[16])
{
	int32_t a = off < 0 ? -off : off;
	snprintf(b, 16, "%c%02d:%02d", off < 0 ? '-' : '+', (int)(a / 3600), (int)(a / 60 % 60));
}

/* {"start": local, "end": local, "utc_offset": "+01:00"} of [s, e) in zone. */
static void
add_local(struct tw *t, cJSON *obj, const char *zone, cp_instant s, cp_instant e)
{
	const struct cp_tz *tz = cp_tzdb_zone(t->db, zone, NULL);
	char b[CP_TIME_BUFSZ], off[16];
	struct cp_tz_local ls, le;

	if (!tz) {
		t->fail = true;
		return;
	}
	if (cJSON_GetObjectItemCaseSensitive(obj, zone))
		return; /* one entry per zone */
	cJSON *o = chk(t, cJSON_AddObjectToObject(obj, zone));
	if (!o)
		return;
	cp_tz_to_local(tz, s, &ls);
	cp_tz_to_local(tz, e, &le);
	add_str(t, o, "start", cp_format_local(&ls.wall, b));
	add_str(t, o, "end", cp_format_local(&le.wall, b));
	offset_text(ls.utoff, off);
	add_str(t, o, "utc_offset", off);
	if (le.utoff != ls.utoff) {
		/* A clock change inside the lesson: say so, as the feeds do. */
		offset_text(le.utoff, off);
		add_str(t, o, "utc_offset_end", off);
	}
}

static void
add_lesson(struct tw *t, cJSON *arr, const struct cp_plan *p, const struct cp_plan_cohort *c,
	   const struct cp_plan_lesson *l, bool cancelled, const char *domain)
{
	cJSON *o = chk(t, cJSON_CreateObject());
	if (!o)
		return;
	cJSON_AddItemToArray(arr, o);
	add_num(t, o, "number", l->number);
	char *uid = cp_feed_lesson_uid(p, c, l->number, domain);
	if (!uid)
		t->fail = true;
	else
		add_str(t, o, "uid", uid);
	free(uid);
	add_str(t, o, "status", cancelled ? "cancelled" : "confirmed");
	add_num(t, o, "sequence", l->sequence);
	add_utc(t, o, "start", l->start);
	add_utc(t, o, "end", l->end);
	add_str(t, o, "theme", l->theme);
	cJSON *loc = chk(t, cJSON_AddObjectToObject(o, "local"));
	if (!loc)
		return;
	add_local(t, loc, c->anchor_zone, l->start, l->end);
	add_local(t, loc, c->teacher_zone, l->start, l->end);
	for (size_t i = 0; i < c->n_members; i++)
		add_local(t, loc, c->members[i].zone, l->start, l->end);
}

static void
add_member(struct tw *t, cJSON *arr, const struct cp_plan_cohort *c, const struct cp_plan_member *m)
{
	cJSON *o = chk(t, cJSON_CreateObject());
	if (!o)
		return;
	cJSON_AddItemToArray(arr, o);
	add_str(t, o, "id", m->participant);
	add_str(t, o, "zone", m->zone);
	add_str(t, o, "profile", m->profile);
	add_num(t, o, "attendable", m->attendable);
	cJSON *abs = chk(t, cJSON_AddArrayToObject(o, "cannot_attend"));
	for (size_t i = 0; abs && i < c->n_lessons; i++) {
		if (m->verdicts[i] == CP_VERDICT_OK)
			continue;
		cJSON *a = chk(t, cJSON_CreateObject());
		if (!a)
			return;
		cJSON_AddItemToArray(abs, a);
		add_num(t, a, "lesson", c->lessons[i].number);
		add_str(t, a, "reason", cp_verdict_name((enum cp_verdict)m->verdicts[i]));
	}
	cJSON *mods = chk(t, cJSON_AddArrayToObject(o, "modules"));
	const struct cp_tz *tz = cp_tzdb_zone(t->db, m->zone, NULL);
	for (size_t i = 0; mods && tz && i < m->n_modules; i++) {
		const struct cp_plan_module *md = &m->modules[i];
		char b[CP_TIME_BUFSZ];
		struct cp_tz_local l;
		cJSON *x = chk(t, cJSON_CreateObject());
		if (!x)
			return;
		cJSON_AddItemToArray(mods, x);
		add_str(t, x, "id", md->module);
		add_str(t, x, "theme", md->theme);
		add_num(t, x, "minutes", md->minutes);
		add_utc(t, x, "available", md->available);
		add_utc(t, x, "due", md->due);
		cp_tz_to_local(tz, md->due, &l);
		add_str(t, x, "due_local", cp_format_local(&l.wall, b));
	}
	if (!tz)
		t->fail = true;
}

char *
cp_timetable_json_write(const struct cp_plan *p, struct cp_tzdb *db, const char *uid_domain,
			size_t *len)
{
	struct tw t = { db, false };
	cJSON *root = cJSON_CreateObject();
	char *text = NULL;

	if (!root)
		return NULL;
	add_str(&t, root, "format", "cohortplan-timetable");
	add_num(&t, root, "version", CP_TIMETABLE_VERSION);
	cJSON *course = chk(&t, cJSON_AddObjectToObject(root, "course"));
	if (course) {
		add_str(&t, course, "id", p->course);
		add_str(&t, course, "title", p->course_title);
		add_str(&t, course, "language", p->language);
	}
	add_utc(&t, root, "created", p->created);
	add_str(&t, root, "tzdata", p->tzdata);
	cJSON *cohorts = chk(&t, cJSON_AddArrayToObject(root, "cohorts"));
	for (size_t i = 0; cohorts && i < p->n_cohorts && !t.fail; i++) {
		const struct cp_plan_cohort *c = &p->cohorts[i];
		if (c->dissolved)
			continue; /* an LMS has nothing to import from it */
		cJSON *o = chk(&t, cJSON_CreateObject());
		if (!o)
			break;
		cJSON_AddItemToArray(cohorts, o);
		add_str(&t, o, "id", c->id);
		cJSON *te = chk(&t, cJSON_AddObjectToObject(o, "teacher"));
		if (te) {
			add_str(&t, te, "id", c->teacher);
			add_str(&t, te, "zone", c->teacher_zone);
		}
		add_str(&t, o, "anchor_zone", c->anchor_zone);
		add_str(&t, o, "language", c->language);
		add_num(&t, o, "session_minutes", c->session_minutes);
		cJSON *ls = chk(&t, cJSON_AddArrayToObject(o, "lessons"));
		for (size_t j = 0; ls && j < c->n_lessons; j++)
			add_lesson(&t, ls, p, c, &c->lessons[j], false, uid_domain);
		for (size_t j = 0; ls && j < c->n_cancelled; j++)
			add_lesson(&t, ls, p, c, &c->cancelled[j], true, uid_domain);
		cJSON *ms = chk(&t, cJSON_AddArrayToObject(o, "members"));
		for (size_t j = 0; ms && j < c->n_members; j++)
			add_member(&t, ms, c, &c->members[j]);
	}
	cJSON *un = chk(&t, cJSON_AddArrayToObject(root, "unplaced"));
	for (size_t i = 0; un && i < p->n_unplaced; i++) {
		cJSON *o = chk(&t, cJSON_CreateObject());
		if (!o)
			break;
		cJSON_AddItemToArray(un, o);
		add_str(&t, o, "id", p->unplaced[i].participant);
		add_str(&t, o, "zone", p->unplaced[i].zone);
		add_str(&t, o, "profile", p->unplaced[i].profile);
		add_str(&t, o, "reason", cp_unplaced_kind_name(p->unplaced[i].kind));
		add_str(&t, o, "self_study", p->unplaced[i].self_study);
	}
	if (!t.fail)
		text = cJSON_Print(root);
	cJSON_Delete(root);
	if (!text)
		return NULL;
	size_t n = strlen(text);
	char *out = realloc(text, n + 2);
	if (!out) {
		free(text);
		return NULL;
	}
	out[n] = '\n';
	out[n + 1] = '\0';
	if (len)
		*len = n + 1;
	return out;
}
