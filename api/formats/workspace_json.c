/*
 * The workspace's edits of a stored problem (workspace_json.h). Each
 * function parses the text, changes the fields it owns and prints the
 * whole document again, so fields the workspace does not know (themes,
 * calendars, partner links written by hand) survive every edit.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "workspace_json.h"

static const char *const day_key[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

static void
copy(char *dst, size_t n, const cJSON *v)
{
	if (cJSON_IsString(v))
		snprintf(dst, n, "%s", v->valuestring);
}

static double
num(const cJSON *v)
{
	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static cJSON *
get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* Replace or add o[k] = v (v taken over); false when out of memory. */
static bool
put(cJSON *o, const char *k, cJSON *v)
{
	if (!v)
		return false;
	if (get(o, k))
		return cJSON_ReplaceItemInObjectCaseSensitive(o, k, v);
	return cJSON_AddItemToObject(o, k, v);
}

static cJSON *
object_of(cJSON *o, const char *k)
{
	cJSON *v = get(o, k);

	if (cJSON_IsObject(v))
		return v;
	v = cJSON_CreateObject();
	return put(o, k, v) ? v : NULL;
}

static int
duration_minutes(const char *s)
{
	int h = 0, m = 0;
	const char *p;

	if (!s || strncmp(s, "PT", 2) != 0)
		return 0;
	p = s + 2;
	while (*p) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p)
			return 0;
		if (*end == 'H')
			h = (int)v;
		else if (*end == 'M')
			m = (int)v;
		else
			return 0;
		p = end + 1;
	}
	return h * 60 + m;
}

bool
cp_ws_course_read(const char *problem, size_t len, struct cp_ws_course *c)
{
	cJSON *root = cJSON_ParseWithLength(problem, len), *co, *po, *v;

	memset(c, 0, sizeof(*c));
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return false;
	}
	co = get(root, "course");
	po = get(root, "policy");
	copy(c->id, sizeof(c->id), get(co, "id"));
	copy(c->title, sizeof(c->title), get(co, "title"));
	copy(c->language, sizeof(c->language), get(co, "language"));
	copy(c->zone, sizeof(c->zone), get(co, "zone"));
	copy(c->start, sizeof(c->start), get(co, "start"));
	copy(c->end, sizeof(c->end), get(co, "end"));
	c->lesson_hours = num(get(co, "lesson_hours"));
	c->share = num(get(co, "synchronous_share"));
	v = get(co, "session_length");
	c->session_minutes = duration_minutes(cJSON_IsString(v) ? v->valuestring : NULL);
	v = get(co, "sessions_per_week");
	c->spw_min = (int)num(get(v, "min"));
	c->spw_max = (int)num(get(v, "max"));
	copy(c->earliest, sizeof(c->earliest), get(po, "earliest"));
	copy(c->latest, sizeof(c->latest), get(po, "latest"));
	v = get(po, "cohort_size");
	c->cohort_min = (int)num(get(v, "min"));
	c->cohort_max = (int)num(get(v, "max"));
	c->target = num(get(po, "attendance_target"));
	cJSON_Delete(root);
	return true;
}

static bool
put_str_or_drop(cJSON *o, const char *k, const char *v)
{
	if (!v[0]) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, k);
		return true;
	}
	return put(o, k, cJSON_CreateString(v));
}

static bool
put_range(cJSON *o, const char *k, int lo, int hi)
{
	cJSON *r;

	if (!lo && !hi) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, k);
		return true;
	}
	r = cJSON_CreateObject();
	if (!r || !cJSON_AddNumberToObject(r, "min", lo) || !cJSON_AddNumberToObject(r, "max", hi)) {
		cJSON_Delete(r);
		return false;
	}
	return put(o, k, r);
}

char *
cp_ws_course_apply(const char *problem, size_t len, const struct cp_ws_course *c)
{
	cJSON *root = problem ? cJSON_ParseWithLength(problem, len) : cJSON_CreateObject();
	cJSON *co, *po;
	char dur[32];
	char *out = NULL;
	bool ok;

	if (!cJSON_IsObject(root))
		goto done;
	snprintf(dur, sizeof(dur), "PT%dH%dM", c->session_minutes / 60, c->session_minutes % 60);
	if (c->session_minutes % 60 == 0)
		snprintf(dur, sizeof(dur), "PT%dH", c->session_minutes / 60);
	else if (c->session_minutes < 60)
		snprintf(dur, sizeof(dur), "PT%dM", c->session_minutes);
	ok = put(root, "version", cJSON_CreateNumber(1)) && (co = object_of(root, "course")) &&
	     put(co, "id", cJSON_CreateString(c->id)) && put_str_or_drop(co, "title", c->title) &&
	     put(co, "language", cJSON_CreateString(c->language)) &&
	     put(co, "lesson_hours", cJSON_CreateNumber(c->lesson_hours)) &&
	     put(co, "session_length", cJSON_CreateString(dur)) &&
	     put(co, "start", cJSON_CreateString(c->start)) &&
	     put(co, "end", cJSON_CreateString(c->end)) &&
	     put_str_or_drop(co, "zone", c->zone) &&
	     put_range(co, "sessions_per_week", c->spw_min, c->spw_max);
	if (ok && c->share > 0)
		ok = put(co, "synchronous_share", cJSON_CreateNumber(c->share));
	else if (ok)
		cJSON_DeleteItemFromObjectCaseSensitive(co, "synchronous_share");
	ok = ok && (po = object_of(root, "policy")) &&
	     put_str_or_drop(po, "earliest", c->earliest) &&
	     put_str_or_drop(po, "latest", c->latest) &&
	     put_range(po, "cohort_size", c->cohort_min, c->cohort_max);
	if (ok && c->target > 0)
		ok = put(po, "attendance_target", cJSON_CreateNumber(c->target));
	else if (ok)
		cJSON_DeleteItemFromObjectCaseSensitive(po, "attendance_target");
	if (ok && cJSON_GetArraySize(po) == 0)
		cJSON_DeleteItemFromObjectCaseSensitive(root, "policy");
	if (ok && !cJSON_IsArray(get(root, "teachers")))
		ok = put(root, "teachers", cJSON_CreateArray());
	if (ok && !cJSON_IsArray(get(root, "participants")))
		ok = put(root, "participants", cJSON_CreateArray());
	if (ok)
		out = cJSON_Print(root);
done:
	cJSON_Delete(root);
	return out;
}

/* ---- people ------------------------------------------------------------------- */

static void
first_language(const cJSON *p, char out[4])
{
	const cJSON *l;

	out[0] = '\0';
	cJSON_ArrayForEach(l, get(p, "languages")) {
		static const char *const ok[] = { "ar", "fr", "en", "nl" };
		if (!cJSON_IsString(l))
			continue;
		for (int i = 0; i < 4; i++)
			if (strncmp(l->valuestring, ok[i], 2) == 0 &&
			    (l->valuestring[2] == '\0' || l->valuestring[2] == '-' ||
			     l->valuestring[2] == '_')) {
				snprintf(out, 4, "%s", ok[i]);
				return;
			}
	}
}

bool
cp_ws_people(const char *problem, size_t len, struct cp_ws_person **v, size_t *n)
{
	cJSON *root = cJSON_ParseWithLength(problem, len);
	static const char *const arr[2] = { "participants", "teachers" };
	size_t total, k = 0;

	*v = NULL;
	*n = 0;
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return false;
	}
	total = (size_t)cJSON_GetArraySize(get(root, arr[0])) +
		(size_t)cJSON_GetArraySize(get(root, arr[1]));
	*v = calloc(total ? total : 1, sizeof(**v));
	if (!*v) {
		cJSON_Delete(root);
		return false;
	}
	for (int a = 0; a < 2; a++) {
		const cJSON *p;
		cJSON_ArrayForEach(p, get(root, arr[a])) {
			struct cp_ws_person *q = &(*v)[k];
			if (!cJSON_IsString(get(p, "id")))
				continue;
			snprintf(q->kind, sizeof(q->kind), "%s", a ? "teacher" : "participant");
			copy(q->id, sizeof(q->id), get(p, "id"));
			copy(q->zone, sizeof(q->zone), get(p, "zone"));
			first_language(p, q->lang);
			k++;
		}
	}
	*n = k;
	cJSON_Delete(root);
	return true;
}

/* ---- one person's availability --------------------------------------------------- */

static cJSON *
find(cJSON *root, const char *kind, const char *id, int *index)
{
	cJSON *p;
	int i = 0;

	cJSON_ArrayForEach(p, get(root, strcmp(kind, "teacher") == 0 ? "teachers" : "participants")) {
		const cJSON *pid = get(p, "id");
		if (cJSON_IsString(pid) && strcmp(pid->valuestring, id) == 0) {
			*index = i;
			return p;
		}
		i++;
	}
	return NULL;
}

/* Weekday bits of a window's "days". */
static unsigned
days_of(const cJSON *d)
{
	unsigned bits = 0;
	const cJSON *x;

	if (cJSON_IsString(d)) {
		if (strcmp(d->valuestring, "weekdays") == 0)
			return 0x1f;
		if (strcmp(d->valuestring, "weekend") == 0)
			return 0x60;
		if (strcmp(d->valuestring, "every_day") == 0)
			return 0x7f;
		return 0;
	}
	cJSON_ArrayForEach(x, d) {
		if (!cJSON_IsString(x))
			continue;
		for (int i = 0; i < 7; i++)
			if (strncmp(x->valuestring, day_key[i], 3) == 0)
				bits |= 1u << i;
	}
	return bits;
}

static void
read_week(const cJSON *windows, char week[7][CP_WS_SLOTS][2][6])
{
	const cJSON *w;

	cJSON_ArrayForEach(w, windows) {
		unsigned bits = days_of(get(w, "days"));
		for (int d = 0; d < 7; d++) {
			if (!(bits & (1u << d)))
				continue;
			for (int s = 0; s < CP_WS_SLOTS; s++) {
				if (week[d][s][0][0])
					continue;
				copy(week[d][s][0], 6, get(w, "start"));
				copy(week[d][s][1], 6, get(w, "end"));
				break;
			}
		}
	}
}

bool
cp_ws_avail_read(const char *problem, size_t len, const char *kind, const char *id,
		 struct cp_ws_avail *a)
{
	cJSON *root = cJSON_ParseWithLength(problem, len), *p, *x, *ro;
	bool teacher = strcmp(kind, "teacher") == 0;

	memset(a, 0, sizeof(*a));
	p = cJSON_IsObject(root) ? find(root, kind, id, &a->index) : NULL;
	if (!p) {
		cJSON_Delete(root);
		return false;
	}
	copy(a->zone, sizeof(a->zone), get(p, "zone"));
	read_week(get(p, "availability"), a->week);
	cJSON_ArrayForEach(x, get(p, teacher ? "leave" : "exceptions")) {
		const cJSON *av = get(x, "available");
		if (a->n_off == CP_WS_ROWS || get(x, "start") || cJSON_IsTrue(av))
			continue;
		copy(a->off[a->n_off].from, 11, get(x, "from"));
		copy(a->off[a->n_off].to, 11, get(x, "to"));
		a->n_off++;
	}
	cJSON_ArrayForEach(x, get(p, "periods")) {
		const cJSON *w = cJSON_GetArrayItem(get(x, "availability"), 0);
		if (a->n_periods == CP_WS_ROWS)
			break;
		copy(a->periods[a->n_periods].from, 11, get(x, "from"));
		copy(a->periods[a->n_periods].to, 11, get(x, "to"));
		copy(a->periods[a->n_periods].start, 6, get(w, "start"));
		copy(a->periods[a->n_periods].end, 6, get(w, "end"));
		a->n_periods++;
	}
	ro = get(p, "roster");
	a->roster_shifts = (size_t)cJSON_GetArraySize(get(ro, "shifts"));
	a->roster_file = get(ro, "ics") != NULL;
	cJSON_Delete(root);
	return true;
}

static cJSON *
window(const char *days_value, bool every_day, const char *start, const char *end)
{
	cJSON *w = cJSON_CreateObject(), *days;

	if (!w)
		return NULL;
	if (every_day) {
		days = cJSON_CreateString("every_day");
	} else {
		days = cJSON_CreateArray();
		if (days && !cJSON_AddItemToArray(days, cJSON_CreateString(days_value))) {
			cJSON_Delete(days);
			days = NULL;
		}
	}
	if (!days || !cJSON_AddItemToObject(w, "days", days) ||
	    !cJSON_AddStringToObject(w, "start", start) || !cJSON_AddStringToObject(w, "end", end)) {
		cJSON_Delete(w);
		return NULL;
	}
	return w;
}

static bool
set_or_drop(cJSON *p, const char *k, cJSON *arr)
{
	if (!arr)
		return false;
	if (cJSON_GetArraySize(arr) == 0) {
		cJSON_Delete(arr);
		cJSON_DeleteItemFromObjectCaseSensitive(p, k);
		return true;
	}
	return put(p, k, arr);
}

static bool
add(cJSON *arr, cJSON *item)
{
	if (!item)
		return false;
	if (!cJSON_AddItemToArray(arr, item)) {
		cJSON_Delete(item);
		return false;
	}
	return true;
}

char *
cp_ws_avail_apply(const char *problem, size_t len, const char *kind, const char *id,
		  const struct cp_ws_avail *a)
{
	cJSON *root = cJSON_ParseWithLength(problem, len), *p, *arr;
	bool teacher = strcmp(kind, "teacher") == 0, ok = true;
	int index;
	char *out = NULL;

	p = cJSON_IsObject(root) ? find(root, kind, id, &index) : NULL;
	if (!p)
		goto done;
	/* Weekly windows: one per day and slot filled in on the form. Half
	 * filled slots are passed on as they are, for the reader to name. */
	arr = cJSON_CreateArray();
	for (int d = 0; ok && arr && d < 7; d++)
		for (int s = 0; ok && s < CP_WS_SLOTS; s++)
			if (a->week[d][s][0][0] || a->week[d][s][1][0])
				ok = add(arr, window(day_key[d], false, a->week[d][s][0],
						     a->week[d][s][1]));
	ok = ok && set_or_drop(p, "availability", arr);

	arr = cJSON_CreateArray();
	for (size_t i = 0; ok && arr && i < a->n_off; i++) {
		cJSON *x = cJSON_CreateObject();
		ok = add(arr, x) && cJSON_AddStringToObject(x, "from", a->off[i].from) &&
		     cJSON_AddStringToObject(x, "to", a->off[i].to[0] ? a->off[i].to
								       : a->off[i].from) &&
		     (teacher || cJSON_AddFalseToObject(x, "available"));
	}
	ok = ok && set_or_drop(p, teacher ? "leave" : "exceptions", arr);

	arr = cJSON_CreateArray();
	for (size_t i = 0; ok && arr && i < a->n_periods; i++) {
		cJSON *x = cJSON_CreateObject(), *ws = cJSON_CreateArray();
		ok = add(arr, x) && ws && cJSON_AddItemToObject(x, "availability", ws);
		if (!ok) {
			cJSON_Delete(ws);
			break;
		}
		ok = cJSON_AddStringToObject(x, "from", a->periods[i].from) &&
		     cJSON_AddStringToObject(x, "to", a->periods[i].to) &&
		     add(ws, window(NULL, true, a->periods[i].start, a->periods[i].end));
	}
	ok = ok && set_or_drop(p, "periods", arr);

	if (ok && a->replace_roster && !teacher) {
		if (a->n_shifts == 0) {
			cJSON_DeleteItemFromObjectCaseSensitive(p, "roster");
		} else {
			cJSON *ro = cJSON_CreateObject(), *sh = cJSON_CreateArray();
			ok = ro && sh && cJSON_AddItemToObject(ro, "shifts", sh);
			if (!ok) {
				cJSON_Delete(sh);
				cJSON_Delete(ro);
			}
			for (size_t i = 0; ok && i < a->n_shifts; i++) {
				cJSON *x = cJSON_CreateObject();
				ok = add(sh, x) &&
				     cJSON_AddStringToObject(x, "start", a->shifts[i].start) &&
				     cJSON_AddStringToObject(x, "end", a->shifts[i].end);
			}
			ok = ok && put(p, "roster", ro);
		}
	}
	if (ok)
		out = cJSON_Print(root);
done:
	cJSON_Delete(root);
	return out;
}

/* ---- variants ------------------------------------------------------------------ */

char *
cp_ws_variant(const char *problem, size_t len, const char *new_id, const char *start,
	      const char *end, const char *drop_teacher)
{
	cJSON *root = cJSON_ParseWithLength(problem, len), *co;
	char *out = NULL;
	bool ok;

	co = cJSON_IsObject(root) ? get(root, "course") : NULL;
	ok = cJSON_IsObject(co) && put(co, "id", cJSON_CreateString(new_id));
	if (ok && start[0])
		ok = put(co, "start", cJSON_CreateString(start));
	if (ok && end[0])
		ok = put(co, "end", cJSON_CreateString(end));
	if (ok && drop_teacher[0]) {
		int i;
		if (find(root, "teacher", drop_teacher, &i))
			cJSON_DeleteItemFromArray(get(root, "teachers"), i);
	}
	/* Pins name cohorts of this course's published plan; a variant is
	 * a course of its own, planned afresh. */
	if (ok) {
		cJSON *x;
		cJSON_ArrayForEach(x, get(root, "participants"))
			cJSON_DeleteItemFromObjectCaseSensitive(x, "pin");
	}
	if (ok)
		out = cJSON_Print(root);
	cJSON_Delete(root);
	return out;
}

/* ---- pins ---------------------------------------------------------------------- */

/* The object in text (len bytes) and, in *v, a zeroed array of one more
 * element of size than root[key] has: the start of every list read below.
 * NULL (and *v NULL) when text is no JSON object or out of memory. */
static cJSON *
parse_for_list(const char *text, size_t len, const char *key, size_t size, void **v)
{
	cJSON *root = cJSON_ParseWithLength(text, len);

	*v = NULL;
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return NULL;
	}
	*v = calloc((size_t)cJSON_GetArraySize(get(root, key)) + 1, size);
	if (!*v) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

bool
cp_ws_pins(const char *problem, size_t len, struct cp_ws_pin **v, size_t *n)
{
	void *arr;
	cJSON *root = parse_for_list(problem, len, "participants", sizeof(**v), &arr);
	const cJSON *p;
	size_t k = 0;

	*v = arr;
	*n = 0;
	if (!root)
		return false;
	cJSON_ArrayForEach(p, get(root, "participants")) {
		const cJSON *pin = get(p, "pin");
		if (!cJSON_IsString(get(p, "id")) || !cJSON_IsString(pin))
			continue;
		copy((*v)[k].participant, sizeof((*v)[k].participant), get(p, "id"));
		copy((*v)[k].cohort, sizeof((*v)[k].cohort), pin);
		k++;
	}
	*n = k;
	cJSON_Delete(root);
	return true;
}

char *
cp_ws_pin_apply(const char *problem, size_t len, const char *participant, const char *cohort,
		int *index)
{
	cJSON *root = cJSON_ParseWithLength(problem, len), *p;
	char *out = NULL;
	bool ok = true;

	*index = -1;
	p = cJSON_IsObject(root) ? find(root, "participant", participant, index) : NULL;
	if (!p) {
		*index = -1;
		goto done;
	}
	if (cohort && cohort[0])
		ok = put(p, "pin", cJSON_CreateString(cohort));
	else
		cJSON_DeleteItemFromObjectCaseSensitive(p, "pin");
	if (ok)
		out = cJSON_Print(root);
done:
	cJSON_Delete(root);
	return out;
}

/* ---- a plan's cohorts ---------------------------------------------------------------- */

/* 0 = Sunday, as the report's weekday names; -1 for anything else. */
static int
wday_of(const cJSON *d)
{
	static const char *const names[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

	for (int i = 0; cJSON_IsString(d) && i < 7; i++)
		if (strcmp(d->valuestring, names[i]) == 0)
			return i;
	return -1;
}

static bool
running(const cJSON *co)
{
	return cJSON_IsObject(co) && cJSON_IsString(get(co, "id")) && !cJSON_IsTrue(get(co, "dissolved"));
}

bool
cp_ws_plan_cohorts(const char *plan, size_t len, struct cp_ws_cohort **v, size_t *n)
{
	void *arr;
	cJSON *root = parse_for_list(plan, len, "cohorts", sizeof(**v), &arr);
	const cJSON *co;
	size_t k = 0;

	*v = arr;
	*n = 0;
	if (!root)
		return false;
	cJSON_ArrayForEach(co, get(root, "cohorts")) {
		struct cp_ws_cohort *c = &(*v)[k];
		const cJSON *sl;
		if (!running(co))
			continue;
		copy(c->id, sizeof(c->id), get(co, "id"));
		copy(c->teacher, sizeof(c->teacher), get(co, "teacher"));
		copy(c->anchor_zone, sizeof(c->anchor_zone), get(co, "anchor_zone"));
		c->session_minutes = (int)num(get(co, "session_minutes"));
		cJSON_ArrayForEach(sl, get(co, "slots")) {
			int d = wday_of(get(sl, "day"));
			if (d < 0 || c->n_slots == CP_WS_SLOTS_MAX)
				continue;
			c->wday[c->n_slots] = d;
			copy(c->start[c->n_slots], sizeof(c->start[0]), get(sl, "start"));
			c->n_slots++;
		}
		c->members = (size_t)cJSON_GetArraySize(get(co, "members"));
		k++;
	}
	*n = k;
	cJSON_Delete(root);
	return true;
}

bool
cp_ws_plan_placements(const char *plan, size_t len, struct cp_ws_placement **v, size_t *n)
{
	cJSON *root = cJSON_ParseWithLength(plan, len);
	const cJSON *co, *m;
	size_t total = 0, k = 0;

	*v = NULL;
	*n = 0;
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return false;
	}
	cJSON_ArrayForEach(co, get(root, "cohorts"))
		total += (size_t)cJSON_GetArraySize(get(co, "members"));
	*v = calloc(total + 1, sizeof(**v));
	if (!*v) {
		cJSON_Delete(root);
		return false;
	}
	cJSON_ArrayForEach(co, get(root, "cohorts")) {
		if (!running(co))
			continue;
		cJSON_ArrayForEach(m, get(co, "members")) {
			if (!cJSON_IsString(get(m, "participant")) || k == total)
				continue;
			copy((*v)[k].participant, sizeof((*v)[k].participant), get(m, "participant"));
			copy((*v)[k].cohort, sizeof((*v)[k].cohort), get(co, "id"));
			k++;
		}
	}
	*n = k;
	cJSON_Delete(root);
	return true;
}

/* ---- jobs ---------------------------------------------------------------------- */

bool
cp_ws_job_read(const char *json, struct cp_ws_job *j)
{
	cJSON *root = cJSON_Parse(json), *prog, *g;

	memset(j, 0, sizeof(*j));
	j->gap = -1;
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return false;
	}
	copy(j->state, sizeof(j->state), get(root, "state"));
	prog = get(root, "progress");
	copy(j->phase, sizeof(j->phase), get(prog, "phase"));
	j->elapsed = num(get(prog, "elapsed"));
	g = get(prog, "gap");
	if (cJSON_IsNumber(g) && isfinite(g->valuedouble))
		j->gap = g->valuedouble;
	j->plan_id = (long long)num(get(root, "plan_id"));
	cJSON_Delete(root);
	return true;
}
