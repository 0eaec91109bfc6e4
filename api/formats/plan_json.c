/*
 * plan.json: writing and strictly reading a plan (see plan_json.h and
 * docs/plan.md). The writer builds a cJSON tree in plan order; the reader
 * checks each object against a list of its fields (unknown, duplicate and
 * missing ones), reads every value with its JSON Pointer on the path stack,
 * and finishes with the cross checks no single value can show (lesson
 * numbers, verdict counts, one cohort per participant).
 */
#include "plan_json.h"
#include "problem_json.h" /* cp_json_preflight, cp_json_closest, limits */

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PATH_CAP 512
#define MAX_ID 64
#define MAX_TEXT 4096

const char *
cp_plan_json_strerror(enum cp_plan_json_status status)
{
	switch (status) {
	case CP_PLAN_JSON_OK: return "success";
	case CP_PLAN_JSON_ERR_INVALID: return "invalid plan";
	case CP_PLAN_JSON_ERR_IO: return "cannot read the plan file";
	case CP_PLAN_JSON_ERR_NOMEM: return "out of memory";
	}
	return "unknown error";
}

/* ==== writing ========================================================== */

/* cJSON_Add* return NULL when out of memory; one flag collects that so the
 * writer reads straight through and checks once. */
struct wr {
	bool nomem;
};

static cJSON *
chk(struct wr *w, cJSON *v)
{
	if (!v)
		w->nomem = true;
	return v;
}

static void
add_str(struct wr *w, cJSON *o, const char *key, const char *s)
{
	chk(w, s ? cJSON_AddStringToObject(o, key, s) : cJSON_AddNullToObject(o, key));
}

static void
add_num(struct wr *w, cJSON *o, const char *key, double x)
{
	char b[32];

	/* JSON has no NaN or infinity (a heuristic plan has no bound). */
	if (!isfinite(x)) {
		chk(w, cJSON_AddNullToObject(o, key));
		return;
	}
	/* The shortest text that reads back as exactly x: cJSON's own printer
	 * accepts a neighbour within DBL_EPSILON, which would make a re-read
	 * plan differ from the written one. */
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(b, sizeof(b), "%.*g", prec, x);
		if (strtod(b, NULL) == x)
			break;
	}
	chk(w, cJSON_AddRawToObject(o, key, b));
}

static void
add_instant(struct wr *w, cJSON *o, const char *key, cp_instant t)
{
	char b[CP_TIME_BUFSZ];
	add_str(w, o, key, cp_format_utc(t, b));
}

/* A limit in minutes; null when unset (-1). */
static void
add_limit(struct wr *w, cJSON *o, const char *key, int minutes)
{
	if (minutes < 0)
		chk(w, cJSON_AddNullToObject(o, key));
	else
		add_num(w, o, key, minutes);
}

/* A local clock time "HH:MM" (24:00 allowed for "end of day"); null when
 * unset (-1). */
static void
add_clock(struct wr *w, cJSON *o, const char *key, int minutes)
{
	char hm[8];
	if (minutes < 0 || minutes > 1440) {
		chk(w, cJSON_AddNullToObject(o, key));
		return;
	}
	snprintf(hm, sizeof(hm), "%02d:%02d", minutes / 60, minutes % 60);
	add_str(w, o, key, hm);
}

static const char *const weekday_names[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

static void
add_lessons(struct wr *w, cJSON *o, const char *key, const struct cp_plan_lesson *ls, size_t n)
{
	cJSON *arr = chk(w, cJSON_AddArrayToObject(o, key));
	if (!arr)
		return;
	for (size_t i = 0; i < n; i++) {
		cJSON *l = chk(w, cJSON_CreateObject());
		if (!l)
			return;
		cJSON_AddItemToArray(arr, l);
		add_num(w, l, "number", ls[i].number);
		add_instant(w, l, "start", ls[i].start);
		add_instant(w, l, "end", ls[i].end);
		add_str(w, l, "theme", ls[i].theme);
		add_num(w, l, "sequence", ls[i].sequence);
		if (ls[i].modified)
			add_instant(w, l, "modified", ls[i].modified);
	}
}

static void
add_member(struct wr *w, cJSON *arr, const struct cp_plan_cohort *c, const struct cp_plan_member *m)
{
	cJSON *o = chk(w, cJSON_CreateObject());
	if (!o)
		return;
	cJSON_AddItemToArray(arr, o);
	add_str(w, o, "participant", m->participant);
	add_str(w, o, "zone", m->zone);
	add_str(w, o, "profile", m->profile);
	add_num(w, o, "attendable", m->attendable);
	cJSON *v = chk(w, cJSON_AddArrayToObject(o, "verdicts"));
	for (size_t i = 0; v && i < c->n_lessons; i++) {
		cJSON *s = chk(w, cJSON_CreateString(cp_verdict_name((enum cp_verdict)m->verdicts[i])));
		if (!s)
			return;
		cJSON_AddItemToArray(v, s);
	}
	cJSON *mods = chk(w, cJSON_AddArrayToObject(o, "modules"));
	for (size_t i = 0; mods && i < m->n_modules; i++) {
		const struct cp_plan_module *md = &m->modules[i];
		cJSON *x = chk(w, cJSON_CreateObject());
		if (!x)
			return;
		cJSON_AddItemToArray(mods, x);
		add_str(w, x, "module", md->module);
		add_str(w, x, "theme", md->theme);
		add_num(w, x, "minutes", md->minutes);
		add_instant(w, x, "available", md->available);
		add_instant(w, x, "due", md->due);
	}
}

static void
add_cohort(struct wr *w, cJSON *arr, const struct cp_plan_cohort *c)
{
	cJSON *o = chk(w, cJSON_CreateObject());
	if (!o)
		return;
	cJSON_AddItemToArray(arr, o);
	add_str(w, o, "id", c->id);
	add_str(w, o, "teacher", c->teacher);
	add_str(w, o, "teacher_zone", c->teacher_zone);
	add_str(w, o, "anchor_zone", c->anchor_zone);
	add_str(w, o, "language", c->language);
	add_num(w, o, "session_minutes", c->session_minutes);
	cJSON *slots = chk(w, cJSON_AddArrayToObject(o, "slots"));
	for (size_t i = 0; slots && i < c->n_slots; i++) {
		char hm[8];
		cJSON *s = chk(w, cJSON_CreateObject());
		if (!s)
			return;
		cJSON_AddItemToArray(slots, s);
		int wd = c->slots[i].weekday;
		add_str(w, s, "day", wd >= 0 && wd < 7 ? weekday_names[wd] : "?");
		snprintf(hm, sizeof(hm), "%02d:%02d", (c->slots[i].start / 60) % 100,
			 c->slots[i].start % 60);
		add_str(w, s, "start", hm);
	}
	add_lessons(w, o, "lessons", c->lessons, c->n_lessons);
	add_lessons(w, o, "cancelled", c->cancelled, c->n_cancelled);
	/* Only when set, so plans without re-plans read as before. */
	if (c->dissolved)
		chk(w, cJSON_AddTrueToObject(o, "dissolved"));
	cJSON *members = chk(w, cJSON_AddArrayToObject(o, "members"));
	for (size_t i = 0; members && i < c->n_members; i++)
		add_member(w, members, c, &c->members[i]);
}

static void
add_unplaced(struct wr *w, cJSON *arr, const struct cp_plan_unplaced *u)
{
	cJSON *o = chk(w, cJSON_CreateObject());
	if (!o)
		return;
	cJSON_AddItemToArray(arr, o);
	add_str(w, o, "participant", u->participant);
	add_str(w, o, "zone", u->zone);
	add_str(w, o, "profile", u->profile);
	add_str(w, o, "kind", cp_unplaced_kind_name(u->kind));
	add_num(w, o, "best_share", u->best_share);
	cJSON *rs = chk(w, cJSON_AddArrayToObject(o, "reasons"));
	for (size_t i = 0; rs && i < u->n_reasons; i++) {
		cJSON *r = chk(w, cJSON_CreateObject());
		if (!r)
			return;
		cJSON_AddItemToArray(rs, r);
		add_str(w, r, "verdict", cp_verdict_name(u->reasons[i].verdict));
		add_num(w, r, "lessons", u->reasons[i].lessons);
	}
	add_num(w, o, "missing", u->missing);
	add_str(w, o, "detail", u->detail);
	add_str(w, o, "self_study", u->self_study);
}

char *
cp_plan_json_write(const struct cp_plan *plan, size_t *len)
{
	struct wr w = { false };
	cJSON *root = cJSON_CreateObject();
	char *text = NULL;

	if (!root)
		return NULL;
	add_str(&w, root, "format", "cohortplan-plan");
	add_num(&w, root, "version", CP_PLAN_JSON_VERSION);
	add_str(&w, root, "course", plan->course);
	add_str(&w, root, "course_title", plan->course_title);
	add_str(&w, root, "language", plan->language);
	add_str(&w, root, "tzdata", plan->tzdata);
	add_instant(&w, root, "created", plan->created);
	add_num(&w, root, "attendance_target", plan->attendance_target);
	add_num(&w, root, "participants", plan->participants);
	add_num(&w, root, "placeable", plan->placeable);
	add_str(&w, root, "status", cp_plan_status_name(plan->status));
	add_num(&w, root, "objective", plan->objective);
	add_num(&w, root, "bound", plan->bound);
	add_num(&w, root, "gap", plan->gap);
	add_num(&w, root, "solve_seconds", plan->solve_seconds);
	cJSON *arr = chk(&w, cJSON_AddArrayToObject(root, "cohorts"));
	for (size_t i = 0; arr && i < plan->n_cohorts; i++)
		add_cohort(&w, arr, &plan->cohorts[i]);
	arr = chk(&w, cJSON_AddArrayToObject(root, "unplaced"));
	for (size_t i = 0; arr && i < plan->n_unplaced; i++)
		add_unplaced(&w, arr, &plan->unplaced[i]);
	arr = chk(&w, cJSON_AddArrayToObject(root, "advice"));
	for (size_t i = 0; arr && i < plan->n_advice; i++) {
		cJSON *a = chk(&w, cJSON_CreateObject());
		if (!a)
			break;
		cJSON_AddItemToArray(arr, a);
		add_str(&w, a, "text", plan->advice[i].text);
		add_num(&w, a, "would_place", plan->advice[i].would_place);
	}
	/* Optional sections, written only when present (docs/plan.md). */
	if (plan->n_former)
		arr = chk(&w, cJSON_AddArrayToObject(root, "former"));
	for (size_t i = 0; arr && i < plan->n_former; i++) {
		const struct cp_plan_former *f = &plan->former[i];
		cJSON *o = chk(&w, cJSON_CreateObject());
		if (!o)
			break;
		cJSON_AddItemToArray(arr, o);
		add_str(&w, o, "participant", f->participant);
		add_str(&w, o, "zone", f->zone);
		add_str(&w, o, "cohort", f->cohort);
		add_lessons(&w, o, "cancelled", f->lessons, f->n_lessons);
	}
	if (plan->n_teachers)
		arr = chk(&w, cJSON_AddArrayToObject(root, "teachers"));
	for (size_t i = 0; arr && i < plan->n_teachers; i++) {
		const struct cp_plan_teacher *t = &plan->teachers[i];
		cJSON *o = chk(&w, cJSON_CreateObject());
		if (!o)
			break;
		cJSON_AddItemToArray(arr, o);
		add_str(&w, o, "id", t->id);
		add_str(&w, o, "zone", t->zone);
		add_limit(&w, o, "max_day_minutes", t->max_day);
		add_limit(&w, o, "max_week_minutes", t->max_week);
		add_clock(&w, o, "earliest", t->earliest);
		add_clock(&w, o, "latest", t->latest);
	}
	if (plan->n_themes)
		arr = chk(&w, cJSON_AddArrayToObject(root, "themes"));
	for (size_t i = 0; arr && i < plan->n_themes; i++) {
		cJSON *o = chk(&w, cJSON_CreateObject());
		if (!o)
			break;
		cJSON_AddItemToArray(arr, o);
		add_str(&w, o, "id", plan->themes[i].id);
		add_str(&w, o, "name", plan->themes[i].name);
	}
	if (!w.nomem)
		text = cJSON_Print(root);
	cJSON_Delete(root);
	if (!text)
		return NULL;
	/* A text file ends in a newline; cJSON_Print adds none. */
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

bool
cp_plan_json_save(const struct cp_plan *plan, const char *path, struct cp_file_error *err)
{
	size_t len;
	char *text = cp_plan_json_write(plan, &len);
	if (!text) {
		if (err) {
			err->errnum = ENOMEM;
			snprintf(err->message, sizeof(err->message), "cannot write %s: out of memory",
				 path);
		}
		return false;
	}
	bool ok = cp_atomic_write(path, text, len, err);
	free(text);
	return ok;
}

/* ==== reading ========================================================== */

struct rd {
	struct cp_plan *p;
	struct cp_diag *d;
	struct cp_tzdb *db;
	char path[PATH_CAP];
	size_t plen;
	char vbuf[96];
};

static size_t
push(struct rd *r, const char *seg)
{
	size_t old = r->plen;
	if (r->plen + 1 < PATH_CAP)
		r->path[r->plen++] = '/';
	for (const char *s = seg; *s && r->plen + 3 < PATH_CAP; s++) {
		/* RFC 6901: '~' and '/' are escaped inside a segment. */
		if (*s == '~' || *s == '/') {
			r->path[r->plen++] = '~';
			r->path[r->plen++] = *s == '~' ? '0' : '1';
		} else {
			r->path[r->plen++] = *s;
		}
	}
	r->path[r->plen] = '\0';
	return old;
}

static size_t
push_index(struct rd *r, size_t i)
{
	char b[24];
	snprintf(b, sizeof(b), "%zu", i);
	return push(r, b);
}

static void
pop(struct rd *r, size_t old)
{
	r->plen = old;
	r->path[old] = '\0';
}

/* A short JSON rendering of a value for messages. */
static const char *
show(struct rd *r, const cJSON *v)
{
	if (cJSON_IsString(v)) {
		size_t n = strlen(v->valuestring);
		snprintf(r->vbuf, sizeof(r->vbuf), "\"%.*s%s\"", n > 60 ? 60 : (int)n,
			 v->valuestring, n > 60 ? "..." : "");
	} else if (cJSON_IsNumber(v)) {
		snprintf(r->vbuf, sizeof(r->vbuf), "%.17g", v->valuedouble);
	} else if (cJSON_IsBool(v)) {
		snprintf(r->vbuf, sizeof(r->vbuf), "%s", cJSON_IsTrue(v) ? "true" : "false");
	} else if (cJSON_IsNull(v)) {
		snprintf(r->vbuf, sizeof(r->vbuf), "null");
	} else if (cJSON_IsArray(v)) {
		snprintf(r->vbuf, sizeof(r->vbuf), "[...]");
	} else {
		snprintf(r->vbuf, sizeof(r->vbuf), "{...}");
	}
	return r->vbuf;
}

#define ERR(r, v, ...) \
	cp_diag_add((r)->d, CP_DIAG_ERROR, (r)->path, (v) ? show((r), (v)) : NULL, __VA_ARGS__)

static const char *
type_word(const cJSON *v)
{
	if (cJSON_IsString(v)) return "a string";
	if (cJSON_IsNumber(v)) return "a number";
	if (cJSON_IsBool(v)) return "a boolean";
	if (cJSON_IsNull(v)) return "null";
	if (cJSON_IsArray(v)) return "an array";
	return "an object";
}

static void
type_error(struct rd *r, const cJSON *v, const char *expected)
{
	ERR(r, v, "expected %s, got %s", expected, type_word(v));
}

struct fspec {
	const char *name;
	bool required;
};

/* Check an object's keys against spec: unknown (with a suggestion),
 * duplicate and missing required fields. False when o is not an object. */
static bool
object(struct rd *r, const cJSON *o, const struct fspec *spec, size_t n, const char *what)
{
	const char *names[32];
	bool seen[32] = { false };

	if (!cJSON_IsObject(o)) {
		type_error(r, o, what);
		return false;
	}
	for (size_t i = 0; i < n && i < 32; i++)
		names[i] = spec[i].name;
	for (const cJSON *m = o->child; m; m = m->next) {
		const char *key = m->string ? m->string : "";
		size_t i = 0;
		while (i < n && strcmp(spec[i].name, key) != 0)
			i++;
		size_t old = push(r, key);
		if (i == n) {
			const char *near = cp_json_closest(key, names, n);
			if (near)
				ERR(r, NULL, "unknown field \"%.64s\" in %s; did you mean \"%s\"?", key,
				    what, near);
			else
				ERR(r, NULL, "unknown field \"%.64s\" in %s", key, what);
		} else if (seen[i]) {
			ERR(r, NULL, "field \"%s\" is given twice; keep one", key);
		}
		if (i < n)
			seen[i] = true;
		pop(r, old);
	}
	for (size_t i = 0; i < n; i++)
		if (spec[i].required && !seen[i])
			ERR(r, NULL, "missing required field \"%s\" in %s", spec[i].name, what);
	return true;
}

#define NSPEC(a) (sizeof(a) / sizeof((a)[0]))

static const cJSON *
get(const cJSON *o, const char *key)
{
	for (const cJSON *m = o->child; m; m = m->next)
		if (m->string && strcmp(m->string, key) == 0)
			return m;
	return NULL;
}

/* Each reader below looks up key in o, pushes it on the path for its
 * messages, and returns whether a valid value was stored; a missing field
 * returns false silently (object() reported it when it was required). */

static bool
r_text(struct rd *r, const cJSON *o, const char *key, bool nullable, bool id, const char **out)
{
	const cJSON *v = get(o, key);
	bool ok = false;
	if (!v)
		return false;
	size_t old = push(r, key);
	if (nullable && cJSON_IsNull(v)) {
		*out = NULL;
		ok = true;
	} else if (!cJSON_IsString(v)) {
		type_error(r, v, id ? "an id string" : nullable ? "a string or null" : "a string");
	} else {
		const char *s = v->valuestring;
		size_t len = strlen(s);
		bool good = len > 0 && len <= (id ? MAX_ID : MAX_TEXT);
		for (size_t i = 0; good && id && i < len; i++)
			good = isalnum((unsigned char)s[i]) || strchr("._:-", s[i]);
		if (!good && id)
			ERR(r, v, "%s is not a valid id: expected 1 to %d letters, digits, '.', '_', "
			    "':' or '-'", show(r, v), MAX_ID);
		else if (!good)
			ERR(r, v, "expected a non-empty string of at most %d bytes", MAX_TEXT);
		else if (!(*out = cp_plan_strdup(r->p, s)))
			ok = false;
		else
			ok = true;
	}
	pop(r, old);
	return ok;
}

static bool
r_number(struct rd *r, const cJSON *o, const char *key, double lo, double hi, bool integer,
	 bool nullable, double *out)
{
	const cJSON *v = get(o, key);
	bool ok = false;
	if (!v)
		return false;
	size_t old = push(r, key);
	if (nullable && cJSON_IsNull(v)) {
		*out = NAN;
		ok = true;
	} else if (!cJSON_IsNumber(v)) {
		type_error(r, v, integer ? "a whole number" : "a number");
	} else if (!(v->valuedouble >= lo && v->valuedouble <= hi)) {
		ERR(r, v, "%s is out of range; expected from %g to %g", show(r, v), lo, hi);
	} else if (integer && v->valuedouble != floor(v->valuedouble)) {
		ERR(r, v, "%s is not a whole number", show(r, v));
	} else {
		*out = v->valuedouble;
		ok = true;
	}
	pop(r, old);
	return ok;
}

static int
r_int(struct rd *r, const cJSON *o, const char *key, int lo, int hi)
{
	double x = 0;
	return r_number(r, o, key, lo, hi, true, false, &x) ? (int)x : 0;
}

static bool
r_instant(struct rd *r, const cJSON *o, const char *key, cp_instant *out)
{
	const cJSON *v = get(o, key);
	bool ok = false;
	if (!v)
		return false;
	size_t old = push(r, key);
	if (!cJSON_IsString(v))
		type_error(r, v, "a UTC time \"YYYY-MM-DDTHH:MM:SSZ\"");
	else if (!cp_parse_utc(v->valuestring, out))
		ERR(r, v, "%s is not a valid UTC time; expected \"YYYY-MM-DDTHH:MM:SSZ\"",
		    show(r, v));
	else
		ok = true;
	pop(r, old);
	return ok;
}

static bool
r_zone(struct rd *r, const cJSON *o, const char *key, const char **out)
{
	if (!r_text(r, o, key, false, false, out))
		return false;
	struct cp_tz_error e;
	memset(&e, 0, sizeof(e));
	if (r->db && !cp_tzdb_zone(r->db, *out, &e)) {
		size_t old = push(r, key);
		ERR(r, get(o, key), "unknown time zone: %s", e.message[0] ? e.message
									  : cp_tz_strerror(e.status));
		pop(r, old);
		*out = NULL;
		return false;
	}
	return true;
}

/* An array at o[key]; returns its length or -1 (after an error). */
static long
r_array(struct rd *r, const cJSON *o, const char *key, const cJSON **arr)
{
	const cJSON *v = get(o, key);
	if (!v)
		return -1;
	if (!cJSON_IsArray(v)) {
		size_t old = push(r, key);
		type_error(r, v, "an array");
		pop(r, old);
		return -1;
	}
	*arr = v;
	return cJSON_GetArraySize(v);
}

static bool
lesson_number_taken(const struct cp_plan_cohort *c, int number, size_t n_live, size_t n_cancelled)
{
	for (size_t i = 0; i < n_live; i++)
		if (c->lessons[i].number == number)
			return true;
	for (size_t i = 0; i < n_cancelled; i++)
		if (c->cancelled[i].number == number)
			return true;
	return false;
}

/* The lessons at co[key]: c's lessons or cancelled lessons, or (c NULL)
 * a former entry's cancelled lessons. */
static void
read_lessons(struct rd *r, const cJSON *co, struct cp_plan_cohort *c, struct cp_plan_former *f,
	     const char *key, bool cancelled)
{
	static const struct fspec spec[] = {
		{ "number", true }, { "start", true }, { "end", true }, { "theme", false },
		{ "sequence", false }, { "modified", false },
	};
	const cJSON *arr;
	if (r_array(r, co, key, &arr) < 0)
		return;
	size_t old = push(r, key);
	size_t i = 0;
	for (const cJSON *e = arr->child; e; e = e->next, i++) {
		size_t o2 = push_index(r, i);
		if (object(r, e, spec, NSPEC(spec), "a lesson object")) {
			struct cp_plan_lesson *l = !c ? cp_plan_add_former_lesson(r->p, f)
						   : cancelled ? cp_plan_add_cancelled(r->p, c)
							       : cp_plan_add_lesson(r->p, c);
			if (!l) {
				pop(r, o2);
				break;
			}
			l->number = r_int(r, e, "number", 1, 100000);
			bool twice = false;
			if (l->number && c)
				twice = lesson_number_taken(c, l->number, c->n_lessons - !cancelled,
							    c->n_cancelled - cancelled);
			for (size_t k = 0; l->number && !c && k + 1 < f->n_lessons; k++)
				twice |= f->lessons[k].number == l->number;
			if (twice) {
				size_t o3 = push(r, "number");
				ERR(r, get(e, "number"), "lesson number %d is used twice in this %s",
				    l->number, c ? "cohort (lessons and cancelled lessons share one "
						   "numbering)" : "entry");
				pop(r, o3);
			}
			bool have = r_instant(r, e, "start", &l->start);
			have = r_instant(r, e, "end", &l->end) && have;
			if (have && l->end <= l->start) {
				size_t o3 = push(r, "end");
				ERR(r, get(e, "end"), "the lesson ends before it starts");
				pop(r, o3);
			}
			r_text(r, e, "theme", true, true, &l->theme);
			l->sequence = get(e, "sequence") ? r_int(r, e, "sequence", 0, 1000000) : 0;
			if (get(e, "modified"))
				r_instant(r, e, "modified", &l->modified);
		}
		pop(r, o2);
	}
	pop(r, old);
}

static void
read_member(struct rd *r, const cJSON *e, struct cp_plan_cohort *c)
{
	static const struct fspec spec[] = {
		{ "participant", true }, { "zone", true }, { "profile", false },
		{ "attendable", true }, { "verdicts", true }, { "modules", false },
	};
	static const struct fspec mspec[] = {
		{ "module", true }, { "theme", false }, { "minutes", true },
		{ "available", true }, { "due", true },
	};
	if (!object(r, e, spec, NSPEC(spec), "a member object"))
		return;
	struct cp_plan_member *m = cp_plan_add_member(r->p, c);
	if (!m)
		return;
	r_text(r, e, "participant", false, true, &m->participant);
	r_zone(r, e, "zone", &m->zone);
	r_text(r, e, "profile", true, false, &m->profile);
	m->attendable = r_int(r, e, "attendable", 0, (int)c->n_lessons);

	const cJSON *arr;
	long n = r_array(r, e, "verdicts", &arr);
	if (n >= 0) {
		size_t old = push(r, "verdicts");
		if ((size_t)n != c->n_lessons)
			ERR(r, NULL, "has %ld verdicts for %zu lessons; expected one per lesson, in "
			    "lesson order", n, c->n_lessons);
		size_t i = 0;
		int ok_count = 0;
		for (const cJSON *v = arr->child; v && i < c->n_lessons; v = v->next, i++) {
			enum cp_verdict vd;
			size_t o2 = push_index(r, i);
			if (!cJSON_IsString(v))
				type_error(r, v, "a verdict name such as \"ok\" or \"roster\"");
			else if (!cp_verdict_from_name(v->valuestring, &vd))
				ERR(r, v, "unknown verdict %s", show(r, v));
			else {
				m->verdicts[i] = (uint8_t)vd;
				ok_count += vd == CP_VERDICT_OK;
			}
			pop(r, o2);
		}
		pop(r, old);
		if ((size_t)n == c->n_lessons && get(e, "attendable") &&
		    m->attendable != ok_count) {
			old = push(r, "attendable");
			ERR(r, get(e, "attendable"), "says %d lessons are attendable but %d verdicts "
			    "are \"ok\"", m->attendable, ok_count);
			pop(r, old);
		}
	}
	if (r_array(r, e, "modules", &arr) >= 0) {
		size_t old = push(r, "modules");
		size_t i = 0;
		for (const cJSON *x = arr->child; x; x = x->next, i++) {
			size_t o2 = push_index(r, i);
			if (object(r, x, mspec, NSPEC(mspec), "a module object")) {
				struct cp_plan_module *md = cp_plan_add_module(r->p, m);
				if (!md) {
					pop(r, o2);
					break;
				}
				r_text(r, x, "module", false, true, &md->module);
				r_text(r, x, "theme", true, true, &md->theme);
				md->minutes = r_int(r, x, "minutes", 0, 100000);
				bool have = r_instant(r, x, "available", &md->available);
				have = r_instant(r, x, "due", &md->due) && have;
				if (have && md->due < md->available) {
					size_t o3 = push(r, "due");
					ERR(r, get(x, "due"), "the module is due before it is available");
					pop(r, o3);
				}
			}
			pop(r, o2);
		}
		pop(r, old);
	}
}

static int
weekday_from_name(const char *s)
{
	for (int i = 0; i < 7; i++)
		if (strcmp(s, weekday_names[i]) == 0)
			return i;
	return -1;
}

static void
read_slots(struct rd *r, const cJSON *co, struct cp_plan_cohort *c)
{
	static const struct fspec spec[] = { { "day", true }, { "start", true } };
	const cJSON *arr;
	if (r_array(r, co, "slots", &arr) < 0)
		return;
	size_t old = push(r, "slots");
	size_t i = 0;
	for (const cJSON *e = arr->child; e; e = e->next, i++) {
		size_t o2 = push_index(r, i);
		if (object(r, e, spec, NSPEC(spec), "a slot object {\"day\", \"start\"}")) {
			struct cp_plan_slot *s = cp_plan_add_slot(r->p, c);
			const cJSON *d = get(e, "day"), *t = get(e, "start");
			if (!s) {
				pop(r, o2);
				break;
			}
			size_t o3 = push(r, "day");
			if (!cJSON_IsString(d) || (s->weekday = weekday_from_name(d->valuestring)) < 0)
				ERR(r, d, "expected a weekday \"sun\", \"mon\", ... \"sat\"");
			pop(r, o3);
			o3 = push(r, "start");
			const char *ts = cJSON_IsString(t) ? t->valuestring : "";
			if (strlen(ts) == 5 && isdigit((unsigned char)ts[0]) &&
			    isdigit((unsigned char)ts[1]) && ts[2] == ':' &&
			    isdigit((unsigned char)ts[3]) && isdigit((unsigned char)ts[4]) &&
			    (ts[0] - '0') * 10 + (ts[1] - '0') < 24 && ts[3] < '6')
				s->start = ((ts[0] - '0') * 10 + (ts[1] - '0')) * 60 +
					   (ts[3] - '0') * 10 + (ts[4] - '0');
			else
				ERR(r, t, "expected a local time \"HH:MM\" from 00:00 to 23:59");
			pop(r, o3);
		}
		pop(r, o2);
	}
	pop(r, old);
}

static void
read_cohort(struct rd *r, const cJSON *e)
{
	static const struct fspec spec[] = {
		{ "id", true }, { "teacher", true }, { "teacher_zone", true },
		{ "anchor_zone", true }, { "language", false }, { "session_minutes", true },
		{ "slots", false }, { "lessons", true }, { "cancelled", false },
		{ "members", true }, { "dissolved", false },
	};
	if (!object(r, e, spec, NSPEC(spec), "a cohort object"))
		return;
	struct cp_plan_cohort *c = cp_plan_add_cohort(r->p);
	if (!c)
		return;
	r_text(r, e, "id", false, true, &c->id);
	r_text(r, e, "teacher", false, true, &c->teacher);
	r_zone(r, e, "teacher_zone", &c->teacher_zone);
	r_zone(r, e, "anchor_zone", &c->anchor_zone);
	r_text(r, e, "language", true, false, &c->language);
	c->session_minutes = r_int(r, e, "session_minutes", 1, 24 * 60);
	read_slots(r, e, c);
	/* Lessons before members: a member has one verdict per lesson. */
	read_lessons(r, e, c, NULL, "lessons", false);
	read_lessons(r, e, c, NULL, "cancelled", true);
	const cJSON *arr;
	if (r_array(r, e, "members", &arr) >= 0) {
		size_t old = push(r, "members");
		size_t i = 0;
		for (const cJSON *m = arr->child; m; m = m->next, i++) {
			size_t o2 = push_index(r, i);
			read_member(r, m, c);
			pop(r, o2);
		}
		pop(r, old);
	}
	const cJSON *dis = get(e, "dissolved");
	if (dis) {
		size_t old = push(r, "dissolved");
		if (!cJSON_IsBool(dis))
			type_error(r, dis, "true or false");
		else
			c->dissolved = cJSON_IsTrue(dis);
		/* A dissolved cohort only carries cancellations. */
		if (c->dissolved && (c->n_lessons || c->n_members || c->n_slots))
			ERR(r, dis, "a dissolved cohort has no slots, lessons or members");
		pop(r, old);
	}
}

static void
read_former(struct rd *r, const cJSON *e)
{
	static const struct fspec spec[] = {
		{ "participant", true }, { "zone", true }, { "cohort", true }, { "cancelled", true },
	};
	if (!object(r, e, spec, NSPEC(spec), "a former membership object"))
		return;
	struct cp_plan_former *f = cp_plan_add_former(r->p);
	if (!f)
		return;
	r_text(r, e, "participant", false, true, &f->participant);
	r_zone(r, e, "zone", &f->zone);
	r_text(r, e, "cohort", false, true, &f->cohort);
	read_lessons(r, e, NULL, f, "cancelled", true);
}

/* A limit in minutes or null (-1). */
static int
r_limit(struct rd *r, const cJSON *o, const char *key)
{
	double x = -1;
	if (!get(o, key) || !r_number(r, o, key, 0, 7 * 1440, true, true, &x) || isnan(x))
		return -1;
	return (int)x;
}

/* A local clock time "HH:MM" (00:00 to 24:00) or null (-1). */
static int
r_clock(struct rd *r, const cJSON *o, const char *key)
{
	const cJSON *v = get(o, key);
	int out = -1;
	if (!v || cJSON_IsNull(v))
		return -1;
	size_t old = push(r, key);
	const char *ts = cJSON_IsString(v) ? v->valuestring : "";
	if (strlen(ts) == 5 && isdigit((unsigned char)ts[0]) && isdigit((unsigned char)ts[1]) &&
	    ts[2] == ':' && isdigit((unsigned char)ts[3]) && isdigit((unsigned char)ts[4]) &&
	    ts[3] < '6')
		out = ((ts[0] - '0') * 10 + (ts[1] - '0')) * 60 + (ts[3] - '0') * 10 + (ts[4] - '0');
	if (out < 0 || out > 1440) {
		ERR(r, v, "expected a local time \"HH:MM\" from 00:00 to 24:00, or null");
		out = -1;
	}
	pop(r, old);
	return out;
}

static void
read_teacher(struct rd *r, const cJSON *e)
{
	static const struct fspec spec[] = {
		{ "id", true }, { "zone", true }, { "max_day_minutes", false },
		{ "max_week_minutes", false }, { "earliest", false }, { "latest", false },
	};
	if (!object(r, e, spec, NSPEC(spec), "a teacher object"))
		return;
	struct cp_plan_teacher *t = cp_plan_add_teacher(r->p);
	if (!t)
		return;
	r_text(r, e, "id", false, true, &t->id);
	r_zone(r, e, "zone", &t->zone);
	t->max_day = r_limit(r, e, "max_day_minutes");
	t->max_week = r_limit(r, e, "max_week_minutes");
	t->earliest = r_clock(r, e, "earliest");
	t->latest = r_clock(r, e, "latest");
}

static void
read_theme(struct rd *r, const cJSON *e)
{
	static const struct fspec spec[] = { { "id", true }, { "name", false } };
	if (!object(r, e, spec, NSPEC(spec), "a theme object"))
		return;
	struct cp_plan_theme *t = cp_plan_add_theme(r->p);
	if (!t)
		return;
	r_text(r, e, "id", false, true, &t->id);
	if (get(e, "name"))
		r_text(r, e, "name", true, false, &t->name);
}

/* Each element of root[key] read by fn. */
static void
read_each(struct rd *r, const cJSON *root, const char *key,
	  void (*fn)(struct rd *r, const cJSON *e))
{
	const cJSON *arr;
	if (r_array(r, root, key, &arr) < 0)
		return;
	size_t old = push(r, key);
	size_t i = 0;
	for (const cJSON *e = arr->child; e; e = e->next, i++) {
		size_t o2 = push_index(r, i);
		fn(r, e);
		pop(r, o2);
	}
	pop(r, old);
}

static void
read_unplaced(struct rd *r, const cJSON *e)
{
	static const struct fspec spec[] = {
		{ "participant", true }, { "zone", true }, { "profile", false }, { "kind", true },
		{ "best_share", false }, { "reasons", false }, { "missing", false },
		{ "detail", false }, { "self_study", false },
	};
	static const struct fspec rspec[] = { { "verdict", true }, { "lessons", true } };
	if (!object(r, e, spec, NSPEC(spec), "an unplaced participant object"))
		return;
	struct cp_plan_unplaced *u = cp_plan_add_unplaced(r->p);
	if (!u)
		return;
	r_text(r, e, "participant", false, true, &u->participant);
	r_zone(r, e, "zone", &u->zone);
	r_text(r, e, "profile", true, false, &u->profile);
	const cJSON *k = get(e, "kind");
	if (k) {
		size_t old = push(r, "kind");
		if (!cJSON_IsString(k) || !cp_unplaced_kind_from_name(k->valuestring, &u->kind))
			ERR(r, k, "expected a kind such as \"no_candidate\", \"too_few\", "
			    "\"capacity\" or \"partner\"");
		pop(r, old);
	}
	double x = 0;
	if (get(e, "best_share") && r_number(r, e, "best_share", 0, 1, false, false, &x))
		u->best_share = x;
	if (get(e, "missing"))
		u->missing = r_int(r, e, "missing", 0, 1000000);
	if (get(e, "detail"))
		r_text(r, e, "detail", true, false, &u->detail);
	if (get(e, "self_study"))
		r_text(r, e, "self_study", true, false, &u->self_study);
	const cJSON *arr;
	if (r_array(r, e, "reasons", &arr) >= 0) {
		size_t old = push(r, "reasons");
		size_t i = 0;
		for (const cJSON *x2 = arr->child; x2; x2 = x2->next, i++) {
			size_t o2 = push_index(r, i);
			if (object(r, x2, rspec, NSPEC(rspec), "a reason object")) {
				struct cp_plan_reason_count *rc = cp_plan_add_reason(r->p, u);
				const cJSON *v = get(x2, "verdict");
				if (!rc) {
					pop(r, o2);
					break;
				}
				size_t o3 = push(r, "verdict");
				if (!cJSON_IsString(v) || !cp_verdict_from_name(v->valuestring, &rc->verdict))
					ERR(r, v, "expected a verdict name such as \"roster\"");
				pop(r, o3);
				rc->lessons = r_int(r, x2, "lessons", 0, 100000);
			}
			pop(r, o2);
		}
		pop(r, old);
	}
}

static void
read_plan(struct rd *r, const cJSON *root)
{
	static const struct fspec spec[] = {
		{ "format", true }, { "version", true }, { "course", true },
		{ "course_title", false }, { "language", false }, { "tzdata", false },
		{ "created", true }, { "attendance_target", false }, { "participants", false },
		{ "placeable", false }, { "status", false }, { "objective", false },
		{ "bound", false }, { "gap", false }, { "solve_seconds", false },
		{ "cohorts", true }, { "unplaced", false }, { "advice", false },
		{ "former", false }, { "teachers", false }, { "themes", false },
	};
	struct cp_plan *p = r->p;
	if (!object(r, root, spec, NSPEC(spec), "a plan object"))
		return;
	const cJSON *f = get(root, "format");
	if (f && (!cJSON_IsString(f) || strcmp(f->valuestring, "cohortplan-plan") != 0)) {
		size_t old = push(r, "format");
		ERR(r, f, "expected \"cohortplan-plan\": this is not a cohortplan plan file");
		pop(r, old);
		return; /* anything else would only add noise */
	}
	if (get(root, "version"))
		if (r_int(r, root, "version", 1, 1000) != CP_PLAN_JSON_VERSION) {
			size_t old = push(r, "version");
			ERR(r, get(root, "version"), "this cohortplan reads plan version %d only",
			    CP_PLAN_JSON_VERSION);
			pop(r, old);
			return;
		}
	r_text(r, root, "course", false, true, &p->course);
	r_text(r, root, "course_title", true, false, &p->course_title);
	r_text(r, root, "language", true, false, &p->language);
	r_text(r, root, "tzdata", true, false, &p->tzdata);
	r_instant(r, root, "created", &p->created);
	double x;
	if (r_number(r, root, "attendance_target", 0, 1, false, false, &x))
		p->attendance_target = x;
	if (get(root, "participants"))
		p->participants = r_int(r, root, "participants", 0, 100000000);
	if (get(root, "placeable"))
		p->placeable = r_int(r, root, "placeable", 0, 100000000);
	const cJSON *st = get(root, "status");
	if (st) {
		size_t old = push(r, "status");
		if (!cJSON_IsString(st) || !cp_plan_status_from_name(st->valuestring, &p->status))
			ERR(r, st, "expected \"optimal\", \"feasible\", \"heuristic\" or \"empty\"");
		pop(r, old);
	}
	p->objective = p->bound = p->gap = NAN;
	if (r_number(r, root, "objective", -HUGE_VAL, HUGE_VAL, false, true, &x))
		p->objective = x;
	if (r_number(r, root, "bound", -HUGE_VAL, HUGE_VAL, false, true, &x))
		p->bound = x;
	if (r_number(r, root, "gap", 0, HUGE_VAL, false, true, &x))
		p->gap = x;
	if (r_number(r, root, "solve_seconds", 0, HUGE_VAL, false, false, &x))
		p->solve_seconds = x;

	const cJSON *arr;
	if (r_array(r, root, "cohorts", &arr) >= 0) {
		size_t old = push(r, "cohorts");
		size_t i = 0;
		for (const cJSON *e = arr->child; e; e = e->next, i++) {
			size_t o2 = push_index(r, i);
			read_cohort(r, e);
			pop(r, o2);
		}
		pop(r, old);
	}
	if (r_array(r, root, "unplaced", &arr) >= 0) {
		size_t old = push(r, "unplaced");
		size_t i = 0;
		for (const cJSON *e = arr->child; e; e = e->next, i++) {
			size_t o2 = push_index(r, i);
			read_unplaced(r, e);
			pop(r, o2);
		}
		pop(r, old);
	}
	if (r_array(r, root, "advice", &arr) >= 0) {
		static const struct fspec aspec[] = { { "text", true }, { "would_place", true } };
		size_t old = push(r, "advice");
		size_t i = 0;
		for (const cJSON *e = arr->child; e; e = e->next, i++) {
			size_t o2 = push_index(r, i);
			if (object(r, e, aspec, NSPEC(aspec), "an advice object")) {
				struct cp_plan_advice *a = cp_plan_add_advice(p);
				if (!a) {
					pop(r, o2);
					break;
				}
				r_text(r, e, "text", false, false, &a->text);
				a->would_place = r_int(r, e, "would_place", 0, 100000000);
			}
			pop(r, o2);
		}
		pop(r, old);
	}
	read_each(r, root, "former", read_former);
	read_each(r, root, "teachers", read_teacher);
	read_each(r, root, "themes", read_theme);
}

struct who {
	const char *id;
	size_t c, m; /* cohort index (SIZE_MAX: unplaced) and member index */
};

static int
cmp_who(const void *a, const void *b)
{
	const struct who *x = a, *y = b;
	int d = strcmp(x->id, y->id);
	if (d)
		return d;
	/* Ties in document order, so the later one is reported. */
	if (x->c != y->c)
		return x->c < y->c ? -1 : 1;
	return x->m < y->m ? -1 : x->m > y->m;
}

/* Identities the feeds and rosters are keyed on must be unique: cohort ids
 * across the plan, participants across cohorts and the unplaced. */
static void
check_unique(struct rd *r)
{
	const struct cp_plan *p = r->p;
	char path[96];

	for (size_t i = 0; i < p->n_cohorts; i++)
		for (size_t j = 0; j < i; j++)
			if (p->cohorts[i].id && p->cohorts[j].id &&
			    strcmp(p->cohorts[i].id, p->cohorts[j].id) == 0) {
				snprintf(path, sizeof(path), "/cohorts/%zu/id", i);
				cp_diag_add(r->d, CP_DIAG_ERROR, path, NULL,
					    "cohort id \"%s\" is also used by /cohorts/%zu",
					    p->cohorts[i].id, j);
			}
	/* Participants: sort pointers and compare neighbours, as plans can
	 * hold tens of thousands of members. */
	size_t n = p->n_unplaced;
	for (size_t i = 0; i < p->n_cohorts; i++)
		n += p->cohorts[i].n_members;
	struct who *all = malloc((n ? n : 1) * sizeof(*all));
	if (!all) {
		cp_diag_add(r->d, CP_DIAG_ERROR, "", NULL, "out of memory checking participants");
		return;
	}
	size_t k = 0;
	for (size_t i = 0; i < p->n_cohorts; i++)
		for (size_t j = 0; j < p->cohorts[i].n_members; j++)
			if (p->cohorts[i].members[j].participant)
				all[k++] = (struct who){ p->cohorts[i].members[j].participant, i, j };
	for (size_t j = 0; j < p->n_unplaced; j++)
		if (p->unplaced[j].participant)
			all[k++] = (struct who){ p->unplaced[j].participant, SIZE_MAX, j };
	qsort(all, k, sizeof(*all), cmp_who);
	for (size_t i = 1; i < k; i++)
		if (strcmp(all[i].id, all[i - 1].id) == 0) {
			if (all[i].c == SIZE_MAX)
				snprintf(path, sizeof(path), "/unplaced/%zu/participant", all[i].m);
			else
				snprintf(path, sizeof(path), "/cohorts/%zu/members/%zu/participant",
					 all[i].c, all[i].m);
			cp_diag_add(r->d, CP_DIAG_ERROR, path, NULL,
				    "participant \"%s\" appears more than once in the plan", all[i].id);
		}
	free(all);
}

enum cp_plan_json_status
cp_plan_json_parse(const char *buf, size_t len, struct cp_tzdb *db, struct cp_plan **out,
		   struct cp_diag *diag)
{
	size_t errors_before = cp_diag_errors(diag);
	size_t skip = 0;

	*out = NULL;
	if (!cp_json_preflight(buf, len, CP_JSON_MAX_BYTES, CP_JSON_MAX_DEPTH, diag))
		return cp_diag_nomem(diag) ? CP_PLAN_JSON_ERR_NOMEM : CP_PLAN_JSON_ERR_INVALID;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		skip = 3;
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(buf + skip, len - skip, &end, false);
	if (!root) {
		size_t off = end ? (size_t)(end - buf) : len;
		long line = 1, col = 1;
		for (size_t i = 0; i < off && i < len; i++) {
			if (buf[i] == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
				col++;
			}
		}
		cp_diag_add_at(diag, CP_DIAG_ERROR, off, line, col,
			       "JSON syntax error at line %ld, column %ld (byte %zu)", line, col, off);
		return CP_PLAN_JSON_ERR_INVALID;
	}
	size_t off = end ? (size_t)(end - buf) : len;
	while (off < len && isspace((unsigned char)buf[off]))
		off++;
	if (off < len) {
		cp_diag_add_at(diag, CP_DIAG_ERROR, off, 0, 0,
			       "JSON syntax error at byte %zu: text after the end of the document",
			       off);
		cJSON_Delete(root);
		return CP_PLAN_JSON_ERR_INVALID;
	}
	struct cp_plan *p = cp_plan_create();
	if (!p) {
		cJSON_Delete(root);
		return CP_PLAN_JSON_ERR_NOMEM;
	}
	struct rd r = { .p = p, .d = diag, .db = db };
	r.path[0] = '\0';
	read_plan(&r, root);
	cJSON_Delete(root);
	if (!cp_plan_nomem(p) && cp_diag_errors(diag) == errors_before)
		check_unique(&r);
	if (cp_plan_nomem(p) || cp_diag_nomem(diag)) {
		cp_plan_destroy(p);
		return CP_PLAN_JSON_ERR_NOMEM;
	}
	if (cp_diag_errors(diag) > errors_before) {
		cp_plan_destroy(p);
		return CP_PLAN_JSON_ERR_INVALID;
	}
	*out = p;
	return CP_PLAN_JSON_OK;
}

enum cp_plan_json_status
cp_plan_json_load(const char *path, struct cp_tzdb *db, struct cp_plan **out,
		  struct cp_diag *diag)
{
	struct stat st;
	FILE *f;

	*out = NULL;
	f = fopen(path, "rb");
	if (!f) {
		cp_diag_add(diag, CP_DIAG_ERROR, "", NULL, "cannot open %s: %s", path,
			    strerror(errno));
		return CP_PLAN_JSON_ERR_IO;
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		cp_diag_add(diag, CP_DIAG_ERROR, "", NULL, "%s is not a regular file", path);
		fclose(f);
		return CP_PLAN_JSON_ERR_IO;
	}
	if ((uintmax_t)st.st_size > CP_JSON_MAX_BYTES) {
		cp_diag_add(diag, CP_DIAG_ERROR, "", NULL,
			    "%s is %jd bytes; at most %zu bytes are accepted", path,
			    (intmax_t)st.st_size, CP_JSON_MAX_BYTES);
		fclose(f);
		return CP_PLAN_JSON_ERR_INVALID;
	}
	size_t cap = (size_t)st.st_size + 1;
	char *buf = malloc(cap);
	if (!buf) {
		fclose(f);
		return CP_PLAN_JSON_ERR_NOMEM;
	}
	size_t len = fread(buf, 1, cap, f);
	bool rerr = ferror(f);
	int e = errno;
	fclose(f);
	if (rerr) {
		cp_diag_add(diag, CP_DIAG_ERROR, "", NULL, "cannot read %s: %s", path, strerror(e));
		free(buf);
		return CP_PLAN_JSON_ERR_IO;
	}
	enum cp_plan_json_status s = cp_plan_json_parse(buf, len, db, out, diag);
	free(buf);
	return s;
}
