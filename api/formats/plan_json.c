/*
 * plan.json: writing and strictly reading a plan (see plan_json.h and
 * docs/plan.md). The writer builds a cJSON tree in plan order; the reader
 * checks each object against a list of its fields (unknown, duplicate and
 * missing ones), reads every value with its JSON Pointer on the path stack,
 * and finishes with the cross checks no single value can show (lesson
 * numbers, verdict counts, one cohort per participant).
 */
#include "plan_json.h"
#include "read_input.h"
#include "problem_json.h" /* cp_json_preflight, cp_json_closest, limits */
#include "json_read.h"
#include "json_write.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PATH_CAP 512
#define MAX_ID 64
#define MAX_TEXT 4096

const char *
cp_plan_json_status_name(enum cp_plan_json_status status)
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

/* A limit in minutes; null when unset (-1). */
static void
add_limit(struct cp_jw *w, cJSON *o, const char *key, int minutes)
{
	if (minutes < 0)
		cp_jw_chk(w, cJSON_AddNullToObject(o, key));
	else
		cp_jw_num(w, o, key, minutes);
}

/* A local clock time "HH:MM" (24:00 allowed for "end of day"); null when
 * unset (-1). */
static void
add_clock(struct cp_jw *w, cJSON *o, const char *key, int minutes)
{
	char hm[8];
	if (minutes < 0 || minutes > 1440) {
		cp_jw_chk(w, cJSON_AddNullToObject(o, key));
		return;
	}
	snprintf(hm, sizeof(hm), "%02d:%02d", minutes / 60, minutes % 60);
	cp_jw_str(w, o, key, hm);
}

static const char *const weekday_names[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

static void
add_lessons(struct cp_jw *w, cJSON *o, const char *key, const struct cp_plan_lesson *ls, size_t n)
{
	cJSON *arr = cp_jw_chk(w, cJSON_AddArrayToObject(o, key));
	if (!arr)
		return;
	for (size_t i = 0; i < n; i++) {
		cJSON *l = cp_jw_push_object(w, arr);
		if (!l)
			return;
		cp_jw_num(w, l, "number", ls[i].number);
		cp_jw_utc(w, l, "start", ls[i].start);
		cp_jw_utc(w, l, "end", ls[i].end);
		cp_jw_str(w, l, "theme", ls[i].theme);
		cp_jw_num(w, l, "sequence", ls[i].sequence);
		if (ls[i].modified)
			cp_jw_utc(w, l, "modified", ls[i].modified);
		/* Only when set, so plans without leave keep their bytes. */
		if (ls[i].substitute) {
			cp_jw_str(w, l, "substitute", ls[i].substitute);
			cp_jw_str(w, l, "substitute_zone", ls[i].substitute_zone);
		}
	}
}

static void
add_member(struct cp_jw *w, cJSON *arr, const struct cp_plan_cohort *c,
	   const struct cp_plan_member *m)
{
	cJSON *o = cp_jw_push_object(w, arr);
	if (!o)
		return;
	cp_jw_str(w, o, "participant", m->participant);
	cp_jw_str(w, o, "zone", m->zone);
	cp_jw_str(w, o, "profile", m->profile);
	cp_jw_num(w, o, "attendable", m->attendable);
	cJSON *v = cp_jw_chk(w, cJSON_AddArrayToObject(o, "verdicts"));
	for (size_t i = 0; v && i < c->n_lessons; i++) {
		const char *name = cp_verdict_name((enum cp_verdict)m->verdicts[i]);
		cJSON *s = cp_jw_chk(w, cJSON_CreateString(name));
		if (!s)
			return;
		cJSON_AddItemToArray(v, s);
	}
	cJSON *mods = cp_jw_chk(w, cJSON_AddArrayToObject(o, "modules"));
	for (size_t i = 0; mods && i < m->n_modules; i++) {
		const struct cp_plan_module *md = &m->modules[i];
		cJSON *x = cp_jw_push_object(w, mods);
		if (!x)
			return;
		cp_jw_module(w, x, "module", md);
	}
	/* Derived, for programs that do not re-derive the rule: attendance is
	 * counted in live minutes (plan.h, cp_plan_member_minutes). */
	cp_jw_num(w, o, "attended_minutes", cp_plan_member_minutes(c, m));
	cp_jw_num(w, o, "share", cp_plan_member_share(c, m));
	if (m->self_study)
		cp_jw_str(w, o, "self_study", m->self_study);
	if (m->quiz_due)
		cp_jw_utc(w, o, "quiz_due", m->quiz_due);
}

static void
add_cohort(struct cp_jw *w, cJSON *arr, const struct cp_plan_cohort *c)
{
	cJSON *o = cp_jw_push_object(w, arr);
	if (!o)
		return;
	cp_jw_str(w, o, "id", c->id);
	cp_jw_str(w, o, "teacher", c->teacher);
	cp_jw_str(w, o, "teacher_zone", c->teacher_zone);
	cp_jw_str(w, o, "anchor_zone", c->anchor_zone);
	cp_jw_str(w, o, "language", c->language);
	cp_jw_num(w, o, "session_minutes", c->session_minutes);
	cJSON *slots = cp_jw_chk(w, cJSON_AddArrayToObject(o, "slots"));
	for (size_t i = 0; slots && i < c->n_slots; i++) {
		char hm[8];
		cJSON *s = cp_jw_push_object(w, slots);
		if (!s)
			return;
		int wd = c->slots[i].weekday;
		cp_jw_str(w, s, "day", wd >= 0 && wd < 7 ? weekday_names[wd] : "?");
		snprintf(hm, sizeof(hm), "%02d:%02d", (c->slots[i].start / 60) % 100,
			 c->slots[i].start % 60);
		cp_jw_str(w, s, "start", hm);
	}
	add_lessons(w, o, "lessons", c->lessons, c->n_lessons);
	add_lessons(w, o, "cancelled", c->cancelled, c->n_cancelled);
	/* Only when set, so plans without re-plans read as before. */
	if (c->dissolved)
		cp_jw_chk(w, cJSON_AddTrueToObject(o, "dissolved"));
	if (c->week_by_week)
		cp_jw_chk(w, cJSON_AddTrueToObject(o, "week_by_week"));
	if (c->quiz.present) {
		cJSON *q = cp_jw_chk(w, cJSON_AddObjectToObject(o, "quiz"));
		if (q) {
			cp_jw_chk(w, cJSON_AddBoolToObject(q, "live", c->quiz.live));
			cp_jw_utc(w, q, c->quiz.live ? "start" : "opens", c->quiz.start);
			if (c->quiz.live)
				cp_jw_utc(w, q, "end", c->quiz.end);
		}
	}
	cJSON *members = cp_jw_chk(w, cJSON_AddArrayToObject(o, "members"));
	for (size_t i = 0; members && i < c->n_members; i++)
		add_member(w, members, c, &c->members[i]);
	if (!c->dissolved)
		cp_jw_num(w, o, "live_minutes", cp_plan_cohort_live_minutes(c));
}

/* The numbers of each advice kind, by name (docs/plan.md, `advice[]`);
 * index = enum cp_advice_kind, NULL-terminated, at most four. */
static const char *const advice_numbers[CP_ADVICE_KIND_COUNT][5] = {
	[CP_ADVICE_TEXT] = { NULL },
	[CP_ADVICE_BETTER_PLAN] = { "gain", NULL },
	[CP_ADVICE_KEPT_BETTER] = { "reaching", "reaching_before", "placed", "placed_before", NULL },
	[CP_ADVICE_RELAX] = { "people", NULL },
	[CP_ADVICE_ASSIGNMENT] = { "moved", "closed", "replaced", "dropped", NULL },
	[CP_ADVICE_MORE_TEACHER] = { "people", NULL },
	[CP_ADVICE_IDLE_WEEKS] = { "weeks", "unplaced", "teachers_idle", NULL },
	[CP_ADVICE_LEAVE] = { "lessons", "covered", "moved", "uncovered", NULL },
};

static void
add_date(struct cp_jw *w, cJSON *o, const char *key, int64_t day)
{
	int32_t y;
	int m, d;
	char buf[16];
	cp_civil_from_days(day, &y, &m, &d);
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", (int)y % 10000, m % 100, d % 100);
	cp_jw_str(w, o, key, buf);
}

/* A timetable object, only when there is one. */
static void
add_timetable(struct cp_jw *w, cJSON *o, const char *key, const struct cp_plan_timetable *t)
{
	if (!t->days)
		return;
	cJSON *x = cp_jw_chk(w, cJSON_AddObjectToObject(o, key));
	cJSON *days = x ? cp_jw_chk(w, cJSON_AddArrayToObject(x, "days")) : NULL;
	if (!days)
		return;
	for (int j = 0; j < 7; j++) {
		int wd = (j + 1) % 7; /* Monday first */
		if (t->days & (1u << wd))
			cp_jw_chk(w, cJSON_AddItemToArray(days, cJSON_CreateString(weekday_names[wd]))
					     ? days : NULL);
	}
	add_clock(w, x, "start", t->start);
	cp_jw_str(w, x, "zone", t->zone);
	if (t->first != INT64_MIN)
		add_date(w, x, "from", t->first);
	if (t->by_week)
		cp_jw_chk(w, cJSON_AddTrueToObject(x, "week_by_week"));
}

/* The numbers and ids a reason is worded from; each only where its kind
 * has it. */
static void
add_reason_data(struct cp_jw *w, cJSON *o, const struct cp_plan_unplaced *u)
{
	add_timetable(w, o, "best", &u->best);
	cp_jw_num(w, o, "best_minutes", u->best_minutes);
	cp_jw_num(w, o, "live_minutes", u->live_minutes);
	if (u->floor_minutes > 0)
		cp_jw_num(w, o, "floor_minutes", u->floor_minutes);
	add_timetable(w, o, "timetable", &u->timetable);
	if (u->partner)
		cp_jw_str(w, o, "partner", u->partner);
	if (u->n_blocked) {
		cJSON *arr = cp_jw_chk(w, cJSON_AddArrayToObject(o, "blocked"));
		for (size_t i = 0; arr && i < u->n_blocked; i++) {
			cJSON *b = cp_jw_push_object(w, arr);
			if (!b)
				return;
			cp_jw_str(w, b, "teacher", u->blocked[i].teacher);
			cp_jw_str(w, b, "blocked", u->blocked[i].blocked);
		}
	}
	if (u->alike_placed)
		cp_jw_chk(w, cJSON_AddTrueToObject(o, "alike_placed"));
}

static void
add_advice(struct cp_jw *w, cJSON *arr, const struct cp_plan_advice *a)
{
	cJSON *o = cp_jw_push_object(w, arr);
	if (!o)
		return;
	cp_jw_str(w, o, "text", a->text);
	cp_jw_num(w, o, "would_place", a->would_place);
	if ((unsigned)a->kind >= CP_ADVICE_KIND_COUNT)
		return;
	cp_jw_str(w, o, "kind", cp_advice_kind_name(a->kind));
	for (size_t i = 0; advice_numbers[a->kind][i]; i++)
		cp_jw_num(w, o, advice_numbers[a->kind][i], (double)a->n[i]);
	if (a->row)
		cp_jw_str(w, o, "row", a->row);
	add_timetable(w, o, "timetable", &a->timetable);
	if (a->n_idle) {
		cJSON *t = cp_jw_chk(w, cJSON_AddArrayToObject(o, "teachers"));
		for (size_t i = 0; t && i < a->n_idle; i++) {
			cJSON *x = cp_jw_push_object(w, t);
			if (!x)
				return;
			cp_jw_str(w, x, "teacher", a->idle[i].teacher);
			cp_jw_num(w, x, "weeks", a->idle[i].weeks);
			add_date(w, x, "from", a->idle[i].from);
		}
	}
	if (a->cohort) {
		cJSON *x = cp_jw_chk(w, cJSON_AddObjectToObject(o, "example"));
		if (!x)
			return;
		cp_jw_str(w, x, "cohort", a->cohort);
		cp_jw_num(w, x, "lesson", a->lesson);
		cp_jw_str(w, x, "teacher", a->teacher);
	}
}

static void
add_unplaced(struct cp_jw *w, cJSON *arr, const struct cp_plan_unplaced *u)
{
	cJSON *o = cp_jw_push_object(w, arr);
	if (!o)
		return;
	cp_jw_str(w, o, "participant", u->participant);
	cp_jw_str(w, o, "zone", u->zone);
	cp_jw_str(w, o, "profile", u->profile);
	cp_jw_str(w, o, "kind", cp_unplaced_kind_name(u->kind));
	cp_jw_num(w, o, "best_share", u->best_share);
	cJSON *rs = cp_jw_chk(w, cJSON_AddArrayToObject(o, "reasons"));
	for (size_t i = 0; rs && i < u->n_reasons; i++) {
		cJSON *r = cp_jw_push_object(w, rs);
		if (!r)
			return;
		cp_jw_str(w, r, "verdict", cp_verdict_name(u->reasons[i].verdict));
		cp_jw_num(w, r, "lessons", u->reasons[i].lessons);
	}
	cp_jw_num(w, o, "missing", u->missing);
	if (u->kind == CP_UNPLACED_DISPLACES) {
		/* only this kind has them, so other plans keep their bytes */
		cp_jw_num(w, o, "cost", u->cost);
		cp_jw_num(w, o, "least_cost", u->least_cost);
		cp_jw_num(w, o, "places", u->places);
	}
	cp_jw_str(w, o, "detail", u->detail);
	cp_jw_str(w, o, "self_study", u->self_study);
	add_reason_data(w, o, u);
}

char *
cp_plan_json_write(const struct cp_plan *plan, size_t *len)
{
	struct cp_jw w = { false };
	cJSON *root = cp_jw_document(&w, "cohortplan-plan", CP_PLAN_JSON_VERSION);

	if (!root)
		return NULL;
	cp_jw_str(&w, root, "course", plan->course);
	cp_jw_str(&w, root, "course_title", plan->course_title);
	cp_jw_str(&w, root, "language", plan->language);
	cp_jw_str(&w, root, "tzdata", plan->tzdata);
	cp_jw_utc(&w, root, "created", plan->created);
	cp_jw_num(&w, root, "attendance_target", plan->attendance_target);
	cp_jw_num(&w, root, "participants", plan->participants);
	cp_jw_num(&w, root, "placeable", plan->placeable);
	cp_jw_str(&w, root, "status", cp_plan_status_name(plan->status));
	cp_jw_num(&w, root, "objective", plan->objective);
	cp_jw_num(&w, root, "bound", plan->bound);
	cp_jw_num(&w, root, "gap", plan->gap);
	cp_jw_num(&w, root, "solve_seconds", plan->solve_seconds);
	cJSON *arr = cp_jw_chk(&w, cJSON_AddArrayToObject(root, "cohorts"));
	for (size_t i = 0; arr && i < plan->n_cohorts; i++)
		add_cohort(&w, arr, &plan->cohorts[i]);
	arr = cp_jw_chk(&w, cJSON_AddArrayToObject(root, "unplaced"));
	for (size_t i = 0; arr && i < plan->n_unplaced; i++)
		add_unplaced(&w, arr, &plan->unplaced[i]);
	arr = cp_jw_chk(&w, cJSON_AddArrayToObject(root, "advice"));
	for (size_t i = 0; arr && i < plan->n_advice; i++)
		add_advice(&w, arr, &plan->advice[i]);
	/* Optional sections, written only when present (docs/plan.md). */
	if (plan->n_former)
		arr = cp_jw_chk(&w, cJSON_AddArrayToObject(root, "former"));
	for (size_t i = 0; arr && i < plan->n_former; i++) {
		const struct cp_plan_former *f = &plan->former[i];
		cJSON *o = cp_jw_push_object(&w, arr);
		if (!o)
			break;
		cp_jw_str(&w, o, "participant", f->participant);
		cp_jw_str(&w, o, "zone", f->zone);
		cp_jw_str(&w, o, "cohort", f->cohort);
		add_lessons(&w, o, "cancelled", f->lessons, f->n_lessons);
	}
	if (plan->n_teachers)
		arr = cp_jw_chk(&w, cJSON_AddArrayToObject(root, "teachers"));
	for (size_t i = 0; arr && i < plan->n_teachers; i++) {
		const struct cp_plan_teacher *t = &plan->teachers[i];
		cJSON *o = cp_jw_push_object(&w, arr);
		if (!o)
			break;
		cp_jw_str(&w, o, "id", t->id);
		cp_jw_str(&w, o, "zone", t->zone);
		add_limit(&w, o, "max_day_minutes", t->max_day);
		add_limit(&w, o, "max_week_minutes", t->max_week);
		add_clock(&w, o, "earliest", t->earliest);
		add_clock(&w, o, "latest", t->latest);
	}
	if (plan->n_themes)
		arr = cp_jw_chk(&w, cJSON_AddArrayToObject(root, "themes"));
	for (size_t i = 0; arr && i < plan->n_themes; i++) {
		cJSON *o = cp_jw_push_object(&w, arr);
		if (!o)
			break;
		cp_jw_str(&w, o, "id", plan->themes[i].id);
		cp_jw_str(&w, o, "name", plan->themes[i].name);
	}
	if (plan->n_uncovered)
		arr = cp_jw_chk(&w, cJSON_AddArrayToObject(root, "uncovered"));
	for (size_t i = 0; arr && i < plan->n_uncovered; i++) {
		const struct cp_plan_uncovered *u = &plan->uncovered[i];
		cJSON *o = cp_jw_push_object(&w, arr);
		if (!o)
			break;
		cp_jw_str(&w, o, "cohort", u->cohort);
		cp_jw_num(&w, o, "lesson", u->lesson);
		cp_jw_str(&w, o, "teacher", u->teacher);
		cJSON *opts = cp_jw_chk(&w, cJSON_AddArrayToObject(o, "options"));
		for (size_t k = 0; opts && k < u->n_options; k++) {
			cJSON *x = cp_jw_push_object(&w, opts);
			if (!x)
				break;
			cp_jw_str(&w, x, "teacher", u->options[k].teacher);
			cp_jw_str(&w, x, "blocked", u->options[k].blocked);
		}
	}
	return cp_jw_finish(&w, root, len);
}

bool
cp_plan_json_save(const struct cp_plan *plan, const char *path, struct cp_error *err)
{
	size_t len = 0;
	char *text = cp_plan_json_write(plan, &len);
	return cp_atomic_write_text(path, text, len, err);
}

/* ==== reading ========================================================== */

struct rd {
	struct cp_plan *p;
	struct cp_diag *d;
	struct cp_tzdb *db;
	char path[PATH_CAP];
	size_t plen;
	char vbuf[96];
	void *parent; /* the record whose array read_record is reading */
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

/* ERR about the value o[key] (NULL when missing), with key on the path. */
#define ERR_AT(r, o, key, ...)                                \
	do {                                                  \
		size_t at_old_ = push((r), (key));            \
		ERR((r), get((o), (key)), __VA_ARGS__);       \
		pop((r), at_old_);                            \
	} while (0)

static void
type_error(struct rd *r, const cJSON *v, const char *expected)
{
	ERR(r, v, "expected %s, got %s", expected, cp_jr_type_name(v));
}

/* How read_fields reads a field of a reader's table into its record, at
 * offset off: the kind names the r_ reader above it. F_NONE: the reader's
 * own code reads it, or the .read of a field before it (one that checks
 * several fields together). */
enum fkind {
	F_NONE,
	F_ID,          /* an id string */
	F_ID_NULL,     /* an id string or null */
	F_TEXT,        /* a string */
	F_TEXT_NULL,   /* a string or null */
	F_ZONE,        /* a time zone the database knows */
	F_INT,         /* a whole number from lo to hi, stored when present */
	F_NUMBER,      /* a number from lo to hi (a double) */
	F_NUMBER_NULL, /* the same, or null (NAN) */
	F_INSTANT,     /* a UTC time */
	F_BOOL,        /* true or false */
	F_LIMIT,       /* minutes or null; -1 when null or missing */
	F_CLOCK,       /* "HH:MM" or null; -1 when null or missing */
	F_DATE,        /* "YYYY-MM-DD" as days; an error when missing too */
};

struct fspec {
	const char *name;
	bool required;
	enum fkind kind;
	size_t off;
	double lo, hi;
	/* Instead of kind: read the field (and any F_NONE ones it checks
	 * with it) by code, or read its array's records of type each. */
	void (*read)(struct rd *r, const cJSON *o, void *rec);
	const struct rtype *each;
};

/* The records a plan's arrays hold (add_record appends one to its parent)
 * and their tables. */
enum rkind {
	R_LESSON, R_MODULE, R_MEMBER, R_SLOT, R_COHORT, R_FORMER, R_TEACHER, R_THEME,
	R_REASON, R_BLOCKED, R_IDLE, R_UNPLACED, R_ADVICE, R_OPTION, R_UNCOVERED,
};

struct rtype {
	enum rkind kind;
	const char *what; /* "a lesson object", for messages */
	const struct fspec *spec;
	size_t n;
};

/* Table rows: a key read by code; a field of struct type read as kind
 * (RANGE: from lo to hi); a field read by fn; an array read element by
 * element by fn. */
#define KEY(n, req) { .name = (n), .required = (req) }
#define FIELD(n, req, k, type, member) \
	{ .name = (n), .required = (req), .kind = (k), .off = offsetof(struct type, member) }
#define RANGE(n, req, k, type, member, l, h) \
	{ .name = (n), .required = (req), .kind = (k), \
	  .off = offsetof(struct type, member), .lo = (l), .hi = (h) }
#define CODE(n, req, fn) { .name = (n), .required = (req), .read = (fn) }
#define EACH(n, req, type) { .name = (n), .required = (req), .each = (type) }
/* name_type, the record type of the table name_fields */
#define RECORD(name, kind, what) \
	static const struct rtype name##_type = { kind, what, name##_fields, NSPEC(name##_fields) }

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

/* Instants a plan may hold: 1970-01-01 .. 2200-01-01 (exclusive). */
#define PLAN_INSTANT_MIN ((cp_instant)0)
#define PLAN_INSTANT_MAX ((cp_instant)7258118400)
/* A live lesson lasts at most 8 hours (session_length is PT15M..PT8H), and
 * a plan's lessons span at most three years (a two-year course window and
 * re-plans' cancelled lessons kept for a while). */
#define PLAN_LESSON_MAX ((cp_instant)8 * 3600)
#define PLAN_SPAN_MAX ((cp_instant)3 * 366 * 86400)

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
	else if (*out < PLAN_INSTANT_MIN || *out >= PLAN_INSTANT_MAX)
		/* a plan is about courses of our time: a lesson in year 1 or
		 * 9999 is a forged file, and would make the report's work
		 * unbounded */
		ERR(r, v, "%s is outside the years 1970 to 2199 a plan may use", show(r, v));
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
		ERR_AT(r, o, key, "unknown time zone: %s",
		       e.message[0] ? e.message : cp_tz_strerror(e.status));
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

static bool read_record(struct rd *r, const cJSON *e, const struct rtype *t, void *parent);

/* Each element of o[key] read as a record of type t appended to parent,
 * with its index on the path; stops when out of memory. */
static void
read_each(struct rd *r, const cJSON *o, const char *key, const struct rtype *t, void *parent)
{
	const cJSON *arr;
	if (r_array(r, o, key, &arr) < 0)
		return;
	size_t old = push(r, key);
	size_t i = 0;
	for (const cJSON *e = arr->child; e; e = e->next, i++) {
		size_t o2 = push_index(r, i);
		bool more = read_record(r, e, t, parent);
		pop(r, o2);
		if (!more)
			break;
	}
	pop(r, old);
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

/* Minutes after midnight of "HH:MM" (00:00 to 99:59), or -1. */
static int
hhmm(const char *ts)
{
	if (strlen(ts) == 5 && isdigit((unsigned char)ts[0]) && isdigit((unsigned char)ts[1]) &&
	    ts[2] == ':' && isdigit((unsigned char)ts[3]) && isdigit((unsigned char)ts[4]) &&
	    ts[3] < '6')
		return ((ts[0] - '0') * 10 + (ts[1] - '0')) * 60 + (ts[3] - '0') * 10 + (ts[4] - '0');
	return -1;
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
	out = hhmm(cJSON_IsString(v) ? v->valuestring : "");
	if (out < 0 || out > 1440) {
		ERR(r, v, "expected a local time \"HH:MM\" from 00:00 to 24:00, or null");
		out = -1;
	}
	pop(r, old);
	return out;
}

/* A date "YYYY-MM-DD" as days since 1970-01-01 into *out. */
static void
r_date(struct rd *r, const cJSON *o, const char *key, int64_t *out)
{
	const cJSON *v = get(o, key);
	struct cp_civil c;
	if (!cJSON_IsString(v) || !cp_parse_date(v->valuestring, &c))
		ERR_AT(r, o, key, "expected a date \"YYYY-MM-DD\"");
	else
		*out = cp_days_from_civil(c.year, c.month, c.day);
}

static bool
r_bool(struct rd *r, const cJSON *o, const char *key, bool *out)
{
	const cJSON *v = get(o, key);
	if (!v)
		return false;
	size_t old = push(r, key);
	bool ok = cJSON_IsBool(v);
	if (!ok)
		type_error(r, v, "true or false");
	else
		*out = cJSON_IsTrue(v);
	pop(r, old);
	return ok;
}

/* Read o's fields into rec in the table's order, each as its kind or its
 * .read or .each says; object() has checked the keys. */
static void
read_fields(struct rd *r, const cJSON *o, void *rec, const struct fspec *spec, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct fspec *f = &spec[i];
		void *at = (char *)rec + f->off;
		double x;
		if (f->read) {
			f->read(r, o, rec);
			continue;
		}
		if (f->each) {
			read_each(r, o, f->name, f->each, rec);
			continue;
		}
		switch (f->kind) {
		case F_NONE:
			break;
		case F_ID:
		case F_ID_NULL:
		case F_TEXT:
		case F_TEXT_NULL:
			r_text(r, o, f->name, f->kind == F_ID_NULL || f->kind == F_TEXT_NULL,
			       f->kind == F_ID || f->kind == F_ID_NULL, at);
			break;
		case F_ZONE:
			r_zone(r, o, f->name, at);
			break;
		case F_INT:
			if (get(o, f->name))
				*(int *)at = r_int(r, o, f->name, (int)f->lo, (int)f->hi);
			break;
		case F_NUMBER:
		case F_NUMBER_NULL:
			if (r_number(r, o, f->name, f->lo, f->hi, false, f->kind == F_NUMBER_NULL, &x))
				*(double *)at = x;
			break;
		case F_INSTANT:
			r_instant(r, o, f->name, at);
			break;
		case F_BOOL:
			r_bool(r, o, f->name, at);
			break;
		case F_LIMIT:
			*(int *)at = r_limit(r, o, f->name);
			break;
		case F_CLOCK:
			*(int *)at = r_clock(r, o, f->name);
			break;
		case F_DATE:
			r_date(r, o, f->name, at);
			break;
		}
	}
}

/* An object checked against spec and read by it (a nested one, such as a
 * quiz or an advice's example); false when it is not an object. */
static bool
read_object(struct rd *r, const cJSON *o, void *rec, const struct fspec *spec, size_t n,
	    const char *what)
{
	if (!object(r, o, spec, n, what))
		return false;
	read_fields(r, o, rec, spec, n);
	return true;
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

/* Where read_lesson stores: c's lessons or cancelled lessons, or (c NULL)
 * a former entry's cancelled lessons. */
struct lesson_dest {
	struct cp_plan_cohort *c;
	struct cp_plan_former *f;
	bool cancelled;
};

/* A lesson's start and end, and the lesson's length between them. */
static void
read_lesson_times(struct rd *r, const cJSON *e, void *lesson)
{
	struct cp_plan_lesson *l = lesson;
	bool have = r_instant(r, e, "start", &l->start);
	have = r_instant(r, e, "end", &l->end) && have;
	if (have && l->end <= l->start)
		ERR_AT(r, e, "end", "the lesson ends before it starts");
	else if (have && l->end - l->start > PLAN_LESSON_MAX)
		ERR_AT(r, e, "end", "the lesson lasts more than 8 hours");
}

/* A substitute and their zone come together: the zone places the lesson
 * in the substitute's own feed. */
static void
read_substitute(struct rd *r, const cJSON *e, void *lesson)
{
	struct cp_plan_lesson *l = lesson;
	if (!get(e, "substitute") && !get(e, "substitute_zone"))
		return;
	if (!get(e, "substitute"))
		ERR(r, NULL, "\"substitute_zone\" is given without \"substitute\"");
	else if (!get(e, "substitute_zone"))
		ERR(r, NULL, "\"substitute\" is given without \"substitute_zone\"");
	r_text(r, e, "substitute", false, true, &l->substitute);
	r_zone(r, e, "substitute_zone", &l->substitute_zone);
}

/* A lesson's number, used once in its cohort (lessons and cancelled
 * lessons share one numbering) or in its former entry. */
static void
read_lesson_number(struct rd *r, const cJSON *e, void *lesson)
{
	struct cp_plan_lesson *l = lesson;
	const struct lesson_dest *to = r->parent;
	const struct cp_plan_cohort *c = to->c;
	const struct cp_plan_former *f = to->f;
	l->number = r_int(r, e, "number", 1, 100000);
	bool twice = false;
	if (l->number && c)
		twice = lesson_number_taken(c, l->number, c->n_lessons - !to->cancelled,
					    c->n_cancelled - to->cancelled);
	for (size_t k = 0; l->number && !c && k + 1 < f->n_lessons; k++)
		twice |= f->lessons[k].number == l->number;
	if (twice)
		ERR_AT(r, e, "number", "lesson number %d is used twice in this %s", l->number,
		       c ? "cohort (lessons and cancelled lessons share one numbering)" : "entry");
}

static const struct fspec lesson_fields[] = {
	CODE("number", true, read_lesson_number),
	CODE("start", true, read_lesson_times), KEY("end", true),
	FIELD("theme", false, F_ID_NULL, cp_plan_lesson, theme),
	RANGE("sequence", false, F_INT, cp_plan_lesson, sequence, 0, 1000000),
	FIELD("modified", false, F_INSTANT, cp_plan_lesson, modified),
	CODE("substitute", false, read_substitute), KEY("substitute_zone", false),
};
RECORD(lesson, R_LESSON, "a lesson object");

/* The lessons at co[key] (see struct lesson_dest). */
static void
read_lessons(struct rd *r, const cJSON *co, struct cp_plan_cohort *c, struct cp_plan_former *f,
	     const char *key, bool cancelled)
{
	struct lesson_dest to = { c, f, cancelled };
	read_each(r, co, key, &lesson_type, &to);
}

static void
read_module_window(struct rd *r, const cJSON *x, void *module)
{
	struct cp_plan_module *md = module;
	bool have = r_instant(r, x, "available", &md->available);
	have = r_instant(r, x, "due", &md->due) && have;
	if (have && md->due < md->available)
		ERR_AT(r, x, "due", "the module is due before it is available");
}

static const struct fspec module_fields[] = {
	FIELD("module", true, F_ID, cp_plan_module, module),
	FIELD("theme", false, F_ID_NULL, cp_plan_module, theme),
	RANGE("minutes", true, F_INT, cp_plan_module, minutes, 0, 100000),
	CODE("available", true, read_module_window), KEY("due", true),
};
RECORD(module, R_MODULE, "a module object");

/* What a member attends: the count, one verdict per lesson of the cohort
 * being read, and the derived minutes and share (absent in plans written
 * before them), which must say what the verdicts and the lessons' lengths
 * say. */
static void
read_attendance(struct rd *r, const cJSON *e, void *member)
{
	struct cp_plan_member *m = member;
	const struct cp_plan_cohort *c = r->parent;
	m->attendable = r_int(r, e, "attendable", 0, (int)c->n_lessons);

	const cJSON *arr;
	long n = r_array(r, e, "verdicts", &arr);
	if (n < 0)
		return;
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
	if ((size_t)n != c->n_lessons)
		return;
	if (get(e, "attendable") && m->attendable != ok_count)
		ERR_AT(r, e, "attendable", "says %d lessons are attendable but %d verdicts "
		       "are \"ok\"", m->attendable, ok_count);
	double x;
	int minutes = cp_plan_member_minutes(c, m);
	if (r_number(r, e, "attended_minutes", 0, 1e7, true, false, &x) && (int)x != minutes)
		ERR_AT(r, e, "attended_minutes", "says %d live minutes are attended but the "
		       "\"ok\" lessons last %d minutes", (int)x, minutes);
	if (r_number(r, e, "share", 0, 1, false, false, &x) &&
	    fabs(x - cp_plan_member_share(c, m)) > 1e-9)
		ERR_AT(r, e, "share", "says %.17g but the \"ok\" lessons are %d of %d live "
		       "minutes", x, minutes, cp_plan_cohort_live_minutes(c));
}

static const struct fspec member_fields[] = {
	FIELD("participant", true, F_ID, cp_plan_member, participant),
	FIELD("zone", true, F_ZONE, cp_plan_member, zone),
	FIELD("profile", false, F_TEXT_NULL, cp_plan_member, profile),
	CODE("attendable", true, read_attendance), KEY("verdicts", true),
	EACH("modules", false, &module_type),
	KEY("attended_minutes", false), KEY("share", false),
	FIELD("self_study", false, F_TEXT_NULL, cp_plan_member, self_study),
	FIELD("quiz_due", false, F_INSTANT, cp_plan_member, quiz_due),
};
RECORD(member, R_MEMBER, "a member object");

static int
weekday_from_name(const char *s)
{
	for (int i = 0; i < 7; i++)
		if (strcmp(s, weekday_names[i]) == 0)
			return i;
	return -1;
}

static void
read_slot_day(struct rd *r, const cJSON *e, void *slot)
{
	struct cp_plan_slot *s = slot;
	const cJSON *d = get(e, "day");
	if (!cJSON_IsString(d) || (s->weekday = weekday_from_name(d->valuestring)) < 0)
		ERR_AT(r, e, "day", "expected a weekday \"sun\", \"mon\", ... \"sat\"");
}

static void
read_slot_start(struct rd *r, const cJSON *e, void *slot)
{
	struct cp_plan_slot *s = slot;
	const cJSON *t = get(e, "start");
	int start = hhmm(cJSON_IsString(t) ? t->valuestring : "");
	if (start >= 0 && start < 1440)
		s->start = start;
	else
		ERR_AT(r, e, "start", "expected a local time \"HH:MM\" from 00:00 to 23:59");
}

static const struct fspec slot_fields[] = {
	CODE("day", true, read_slot_day), CODE("start", true, read_slot_start),
};
RECORD(slot, R_SLOT, "a slot object {\"day\", \"start\"}");

/* Lessons before members (a member has one verdict per lesson), and the
 * live minutes the lessons add up to. */
static void
read_cohort_lessons(struct rd *r, const cJSON *e, void *cohort)
{
	struct cp_plan_cohort *c = cohort;
	read_lessons(r, e, c, NULL, "lessons", false);
	read_lessons(r, e, c, NULL, "cancelled", true);
	double live;
	if (r_number(r, e, "live_minutes", 0, 1e7, true, false, &live) &&
	    (int)live != cp_plan_cohort_live_minutes(c))
		ERR_AT(r, e, "live_minutes", "says %d but the lessons last %d minutes in all",
		       (int)live, cp_plan_cohort_live_minutes(c));
}

/* A dissolved cohort only carries cancellations. */
static void
read_dissolved(struct rd *r, const cJSON *e, void *cohort)
{
	struct cp_plan_cohort *c = cohort;
	if (r_bool(r, e, "dissolved", &c->dissolved) && c->dissolved &&
	    (c->n_lessons || c->n_members || c->n_slots))
		ERR_AT(r, e, "dissolved", "a dissolved cohort has no slots, lessons or members");
}

static void
read_quiz(struct rd *r, const cJSON *e, void *cohort)
{
	static const struct fspec qspec[] = {
		KEY("live", true), KEY("start", false), KEY("end", false), KEY("opens", false),
	};
	struct cp_plan_cohort *c = cohort;
	const cJSON *quiz = get(e, "quiz");
	if (!quiz)
		return;
	size_t old = push(r, "quiz");
	if (object(r, quiz, qspec, NSPEC(qspec), "a quiz object {\"live\", ...}")) {
		const cJSON *lv = get(quiz, "live");
		c->quiz.present = true;
		c->quiz.live = cJSON_IsTrue(lv);
		if (!cJSON_IsBool(lv))
			ERR_AT(r, quiz, "live", "expected true or false");
		else if (c->quiz.live && (!get(quiz, "start") || !get(quiz, "end") ||
					  get(quiz, "opens")))
			ERR(r, quiz, "a live quiz has \"start\" and \"end\"");
		else if (!c->quiz.live && (!get(quiz, "opens") || get(quiz, "start") ||
					   get(quiz, "end")))
			ERR(r, quiz, "an online quiz has \"opens\" (members have quiz_due)");
		else if (c->quiz.live && r_instant(r, quiz, "start", &c->quiz.start) &&
			 r_instant(r, quiz, "end", &c->quiz.end) && c->quiz.end <= c->quiz.start)
			ERR_AT(r, quiz, "end", "the quiz ends before it starts");
		else if (!c->quiz.live)
			r_instant(r, quiz, "opens", &c->quiz.start);
	}
	pop(r, old);
}

static const struct fspec cohort_fields[] = {
	FIELD("id", true, F_ID, cp_plan_cohort, id),
	FIELD("teacher", true, F_ID, cp_plan_cohort, teacher),
	FIELD("teacher_zone", true, F_ZONE, cp_plan_cohort, teacher_zone),
	FIELD("anchor_zone", true, F_ZONE, cp_plan_cohort, anchor_zone),
	FIELD("language", false, F_TEXT_NULL, cp_plan_cohort, language),
	RANGE("session_minutes", true, F_INT, cp_plan_cohort, session_minutes, 1, 24 * 60),
	EACH("slots", false, &slot_type),
	CODE("lessons", true, read_cohort_lessons), KEY("cancelled", false),
	EACH("members", true, &member_type),
	CODE("dissolved", false, read_dissolved), KEY("live_minutes", false),
	FIELD("week_by_week", false, F_BOOL, cp_plan_cohort, week_by_week),
	CODE("quiz", false, read_quiz),
};
RECORD(cohort, R_COHORT, "a cohort object");

static void
read_former_lessons(struct rd *r, const cJSON *e, void *former)
{
	read_lessons(r, e, NULL, former, "cancelled", true);
}

static const struct fspec former_fields[] = {
	FIELD("participant", true, F_ID, cp_plan_former, participant),
	FIELD("zone", true, F_ZONE, cp_plan_former, zone),
	FIELD("cohort", true, F_ID, cp_plan_former, cohort),
	CODE("cancelled", true, read_former_lessons),
};
RECORD(former, R_FORMER, "a former membership object");

static const struct fspec teacher_fields[] = {
	FIELD("id", true, F_ID, cp_plan_teacher, id),
	FIELD("zone", true, F_ZONE, cp_plan_teacher, zone),
	FIELD("max_day_minutes", false, F_LIMIT, cp_plan_teacher, max_day),
	FIELD("max_week_minutes", false, F_LIMIT, cp_plan_teacher, max_week),
	FIELD("earliest", false, F_CLOCK, cp_plan_teacher, earliest),
	FIELD("latest", false, F_CLOCK, cp_plan_teacher, latest),
};
RECORD(teacher, R_TEACHER, "a teacher object");

static const struct fspec theme_fields[] = {
	FIELD("id", true, F_ID, cp_plan_theme, id),
	FIELD("name", false, F_TEXT_NULL, cp_plan_theme, name),
};
RECORD(theme, R_THEME, "a theme object");

static void
read_verdict_name(struct rd *r, const cJSON *x, void *reason)
{
	struct cp_plan_reason_count *rc = reason;
	const cJSON *v = get(x, "verdict");
	if (!cJSON_IsString(v) || !cp_verdict_from_name(v->valuestring, &rc->verdict))
		ERR_AT(r, x, "verdict", "expected a verdict name such as \"roster\"");
}

static const struct fspec reason_fields[] = {
	CODE("verdict", true, read_verdict_name),
	RANGE("lessons", true, F_INT, cp_plan_reason_count, lessons, 0, 100000),
};
RECORD(reason, R_REASON, "a reason object");

/* The numbers of a "displaces" reason: all three, places >= 1 and
 * least_cost <= cost; no other kind has them. */
static void
read_cost(struct rd *r, const cJSON *e, struct cp_plan_unplaced *u)
{
	static const char *const keys[] = { "cost", "least_cost", "places" };
	bool displaces = u->kind == CP_UNPLACED_DISPLACES;

	for (size_t i = 0; i < 3; i++) {
		if (!displaces && get(e, keys[i]))
			ERR_AT(r, e, keys[i], "only a \"displaces\" reason has \"%s\"", keys[i]);
		else if (displaces && !get(e, keys[i]))
			ERR_AT(r, e, keys[i], "a \"displaces\" reason needs \"%s\"", keys[i]);
	}
	if (!displaces)
		return;
	if (get(e, "cost"))
		u->cost = r_int(r, e, "cost", 0, 1000000);
	if (get(e, "least_cost"))
		u->least_cost = r_int(r, e, "least_cost", 0, 1000000);
	if (get(e, "places"))
		u->places = r_int(r, e, "places", 1, 1000000);
	if (u->least_cost > u->cost)
		ERR_AT(r, e, "least_cost", "least_cost %d is above cost %d", u->least_cost,
		       u->cost);
}

/* A timetable object (plan.h); absent leaves t empty (days 0). */
static void
r_timetable(struct rd *r, const cJSON *o, const char *key, struct cp_plan_timetable *t)
{
	static const struct fspec spec[] = {
		KEY("days", true), KEY("start", true), KEY("zone", true), KEY("from", false),
		KEY("week_by_week", false),
	};
	const cJSON *x = get(o, key), *d;
	t->first = INT64_MIN;
	if (!x)
		return;
	size_t old = push(r, key);
	if (object(r, x, spec, NSPEC(spec), "a timetable object")) {
		cJSON_ArrayForEach(d, get(x, "days")) {
			int wd = cJSON_IsString(d) ? weekday_from_name(d->valuestring) : -1;
			if (wd < 0)
				ERR_AT(r, x, "days", "expected weekdays \"sun\", \"mon\", ... \"sat\"");
			else
				t->days |= 1u << wd;
		}
		if (get(x, "days") && !t->days)
			ERR_AT(r, x, "days", "expected at least one weekday");
		int start = r_clock(r, x, "start");
		t->start = start < 0 || start >= 1440 ? 0 : start;
		r_zone(r, x, "zone", &t->zone);
		if (get(x, "from"))
			r_date(r, x, "from", &t->first);
		const cJSON *w = get(x, "week_by_week");
		if (w && !cJSON_IsTrue(w))
			ERR_AT(r, x, "week_by_week", "expected true, or leave it out");
		t->by_week = w != NULL;
	}
	pop(r, old);
}

static const struct fspec blocked_fields[] = {
	FIELD("teacher", true, F_ID, cp_plan_cover_option, teacher),
	FIELD("blocked", true, F_ID, cp_plan_cover_option, blocked),
};
RECORD(blocked, R_BLOCKED, "a blocked object {\"teacher\", \"blocked\"}");

/* The numbers and ids a reason is worded from (all optional: plans
 * written before them have none). */
static void
read_reason_data(struct rd *r, const cJSON *e, struct cp_plan_unplaced *u)
{
	r_timetable(r, e, "best", &u->best);
	r_timetable(r, e, "timetable", &u->timetable);
	if (get(e, "best_minutes"))
		u->best_minutes = r_int(r, e, "best_minutes", 0, 10000000);
	if (get(e, "live_minutes"))
		u->live_minutes = r_int(r, e, "live_minutes", 0, 10000000);
	if (get(e, "floor_minutes"))
		u->floor_minutes = r_int(r, e, "floor_minutes", 1, 10000000);
	if (get(e, "partner"))
		r_text(r, e, "partner", false, true, &u->partner);
	const cJSON *a = get(e, "alike_placed");
	if (a && !cJSON_IsTrue(a))
		ERR_AT(r, e, "alike_placed", "expected true, or leave it out");
	u->alike_placed = a != NULL;
	read_each(r, e, "blocked", &blocked_type, u);
}

static const struct fspec idle_fields[] = {
	FIELD("teacher", true, F_ID, cp_plan_idle, teacher),
	RANGE("weeks", true, F_INT, cp_plan_idle, weeks, 1, 100000),
	FIELD("from", true, F_DATE, cp_plan_idle, from),
};
RECORD(idle, R_IDLE, "an idle teacher object");

/* An advice's kind, its numbers (only its own) and ids. */
static void
read_advice_data(struct rd *r, const cJSON *e, void *advice)
{
	static const struct fspec spec[] = {
		FIELD("cohort", true, F_ID, cp_plan_advice, cohort),
		RANGE("lesson", true, F_INT, cp_plan_advice, lesson, 1, 100000),
		FIELD("teacher", true, F_ID, cp_plan_advice, teacher),
	};
	struct cp_plan_advice *a = advice;
	const cJSON *k = get(e, "kind");
	if (k && (!cJSON_IsString(k) || !cp_advice_kind_from_name(k->valuestring, &a->kind)))
		ERR_AT(r, e, "kind", "expected an advice kind such as \"idle_weeks\" or \"leave\"");
	if (a->kind == CP_ADVICE_TEXT && !a->text)
		ERR_AT(r, e, "text", "an advice without a kind needs its text");
	for (size_t i = 0; advice_numbers[a->kind][i]; i++)
		if (get(e, advice_numbers[a->kind][i]))
			a->n[i] = r_int(r, e, advice_numbers[a->kind][i], 0, 100000000);
	if (get(e, "row"))
		r_text(r, e, "row", false, false, &a->row);
	r_timetable(r, e, "timetable", &a->timetable);
	read_each(r, e, "teachers", &idle_type, a);
	const cJSON *x = get(e, "example");
	if (!x)
		return;
	size_t old = push(r, "example");
	read_object(r, x, a, spec, NSPEC(spec), "an example lesson object");
	pop(r, old);
}

/* An unplaced participant's kind and what is worded from it: the numbers
 * of its kind, the reasons, and the data of reason_data. */
static void
read_unplaced_data(struct rd *r, const cJSON *e, void *unplaced)
{
	struct cp_plan_unplaced *u = unplaced;
	const cJSON *k = get(e, "kind");
	if (k && (!cJSON_IsString(k) || !cp_unplaced_kind_from_name(k->valuestring, &u->kind)))
		ERR_AT(r, e, "kind", "expected a kind such as \"no_candidate\", \"too_few\", "
		       "\"capacity\", \"displaces\" or \"not_checked\"");
	double x = 0;
	if (get(e, "best_share") && r_number(r, e, "best_share", 0, 1, false, false, &x))
		u->best_share = x;
	if (get(e, "missing"))
		u->missing = r_int(r, e, "missing", 0, 1000000);
	read_cost(r, e, u);
	if (get(e, "detail"))
		r_text(r, e, "detail", true, false, &u->detail);
	if (get(e, "self_study"))
		r_text(r, e, "self_study", true, false, &u->self_study);
	read_each(r, e, "reasons", &reason_type, u);
	read_reason_data(r, e, u);
}

static const struct fspec unplaced_fields[] = {
	FIELD("participant", true, F_ID, cp_plan_unplaced, participant),
	FIELD("zone", true, F_ZONE, cp_plan_unplaced, zone),
	FIELD("profile", false, F_TEXT_NULL, cp_plan_unplaced, profile),
	CODE("kind", true, read_unplaced_data),
	KEY("best_share", false), KEY("reasons", false), KEY("missing", false),
	KEY("cost", false), KEY("least_cost", false), KEY("places", false),
	KEY("detail", false), KEY("self_study", false), KEY("best", false),
	KEY("best_minutes", false), KEY("live_minutes", false), KEY("floor_minutes", false),
	KEY("timetable", false), KEY("partner", false), KEY("blocked", false),
	KEY("alike_placed", false),
};
RECORD(unplaced, R_UNPLACED, "an unplaced participant object");

static const struct fspec advice_fields[] = {
	FIELD("text", false, F_TEXT_NULL, cp_plan_advice, text),
	RANGE("would_place", true, F_INT, cp_plan_advice, would_place, 0, 100000000),
	CODE("kind", false, read_advice_data), KEY("gain", false),
	KEY("reaching", false), KEY("reaching_before", false), KEY("placed", false),
	KEY("placed_before", false), KEY("people", false), KEY("moved", false),
	KEY("closed", false), KEY("replaced", false), KEY("dropped", false),
	KEY("weeks", false), KEY("unplaced", false), KEY("teachers_idle", false),
	KEY("lessons", false), KEY("covered", false), KEY("uncovered", false),
	KEY("row", false), KEY("timetable", false), KEY("teachers", false),
	KEY("example", false),
};
RECORD(advice, R_ADVICE, "an advice object");

/* Blocked-reason names of an uncovered lesson's options (plan.h). */
static const char *const blocked_names[] = {
	"language", "leave", "holiday", "too_early", "too_late", "outside_availability",
	"max_day", "max_week", "overlap", "rest",
};

static void
read_blocked_name(struct rd *r, const cJSON *x, void *option)
{
	struct cp_plan_cover_option *o = option;
	const cJSON *v = get(x, "blocked");
	size_t i = 0, n = sizeof(blocked_names) / sizeof(blocked_names[0]);
	while (v && cJSON_IsString(v) && i < n && strcmp(blocked_names[i], v->valuestring) != 0)
		i++;
	if (v && (!cJSON_IsString(v) || i == n))
		ERR_AT(r, x, "blocked", "expected a reason such as \"leave\", \"overlap\", "
		       "\"rest\" or \"max_week\"");
	else if (v)
		o->blocked = blocked_names[i];
}

static const struct fspec option_fields[] = {
	FIELD("teacher", true, F_ID, cp_plan_cover_option, teacher),
	CODE("blocked", true, read_blocked_name),
};
RECORD(option, R_OPTION, "an option object");

static const struct fspec uncovered_fields[] = {
	FIELD("cohort", true, F_ID, cp_plan_uncovered, cohort),
	RANGE("lesson", true, F_INT, cp_plan_uncovered, lesson, 1, 100000),
	FIELD("teacher", true, F_ID, cp_plan_uncovered, teacher),
	EACH("options", false, &option_type),
};
RECORD(uncovered, R_UNCOVERED, "an uncovered lesson object");

/* All lessons (and cancelled ones) of the plan within PLAN_SPAN_MAX: what
 * the report draws week by week stays bounded. */
static void
check_span(struct rd *r, const struct cp_plan *p)
{
	cp_instant lo = PLAN_INSTANT_MAX, hi = PLAN_INSTANT_MIN;
	for (size_t c = 0; c < p->n_cohorts; c++) {
		const struct cp_plan_cohort *co = &p->cohorts[c];
		for (size_t k = 0; k < co->n_lessons + co->n_cancelled; k++) {
			const struct cp_plan_lesson *l = k < co->n_lessons
				? &co->lessons[k] : &co->cancelled[k - co->n_lessons];
			if (l->start < lo)
				lo = l->start;
			if (l->end > hi)
				hi = l->end;
		}
	}
	if (hi > lo && hi - lo > PLAN_SPAN_MAX) {
		size_t old = push(r, "cohorts");
		ERR(r, NULL, "the lessons span %lld days; a plan may span at most %lld",
		    (long long)((hi - lo) / 86400), (long long)(PLAN_SPAN_MAX / 86400));
		pop(r, old);
	}
}

/* Append a record of kind k to parent (unused for the plan's own arrays);
 * NULL when out of memory. */
static void *
add_record(struct rd *r, enum rkind k, void *parent)
{
	const struct lesson_dest *to = parent;
	switch (k) {
	case R_LESSON:
		return !to->c ? cp_plan_add_former_lesson(r->p, to->f)
		       : to->cancelled ? cp_plan_add_cancelled(r->p, to->c)
				       : cp_plan_add_lesson(r->p, to->c);
	case R_MODULE: return cp_plan_add_module(r->p, parent);
	case R_MEMBER: return cp_plan_add_member(r->p, parent);
	case R_SLOT: return cp_plan_add_slot(r->p, parent);
	case R_COHORT: return cp_plan_add_cohort(r->p);
	case R_FORMER: return cp_plan_add_former(r->p);
	case R_TEACHER: return cp_plan_add_teacher(r->p);
	case R_THEME: return cp_plan_add_theme(r->p);
	case R_REASON: return cp_plan_add_reason(r->p, parent);
	case R_BLOCKED: return cp_plan_add_blocked(r->p, parent);
	case R_IDLE: return cp_plan_add_idle(r->p, parent);
	case R_UNPLACED: return cp_plan_add_unplaced(r->p);
	case R_ADVICE: return cp_plan_add_advice(r->p);
	case R_OPTION: return cp_plan_add_cover_option(r->p, parent);
	case R_UNCOVERED: return cp_plan_add_uncovered(r->p);
	}
	return NULL;
}

/* One element of an array: checked against its type's table, appended to
 * parent and read by the table, with parent as r->parent meanwhile (what a
 * field's checks may need: the cohort of a member, where a lesson goes).
 * False when out of memory, to stop the array. */
static bool
read_record(struct rd *r, const cJSON *e, const struct rtype *t, void *parent)
{
	if (!object(r, e, t->spec, t->n, t->what))
		return true;
	void *rec = add_record(r, t->kind, parent);
	if (!rec)
		return false;
	void *outer = r->parent;
	r->parent = parent;
	read_fields(r, e, rec, t->spec, t->n);
	r->parent = outer;
	return true;
}

static void
read_status(struct rd *r, const cJSON *root, void *plan)
{
	struct cp_plan *p = plan;
	const cJSON *st = get(root, "status");
	if (st && (!cJSON_IsString(st) || !cp_plan_status_from_name(st->valuestring, &p->status)))
		ERR_AT(r, root, "status",
		       "expected \"optimal\", \"feasible\", \"heuristic\" or \"empty\"");
}

static void
read_cohorts(struct rd *r, const cJSON *root, void *plan)
{
	read_each(r, root, "cohorts", &cohort_type, plan);
	check_span(r, plan);
}

static void
read_plan(struct rd *r, const cJSON *root)
{
	static const struct fspec spec[] = {
		KEY("format", true), KEY("version", true), /* below, before all others */
		FIELD("course", true, F_ID, cp_plan, course),
		FIELD("course_title", false, F_TEXT_NULL, cp_plan, course_title),
		FIELD("language", false, F_TEXT_NULL, cp_plan, language),
		FIELD("tzdata", false, F_TEXT_NULL, cp_plan, tzdata),
		FIELD("created", true, F_INSTANT, cp_plan, created),
		RANGE("attendance_target", false, F_NUMBER, cp_plan, attendance_target, 0, 1),
		RANGE("participants", false, F_INT, cp_plan, participants, 0, 100000000),
		RANGE("placeable", false, F_INT, cp_plan, placeable, 0, 100000000),
		CODE("status", false, read_status),
		RANGE("objective", false, F_NUMBER_NULL, cp_plan, objective, -HUGE_VAL, HUGE_VAL),
		RANGE("bound", false, F_NUMBER_NULL, cp_plan, bound, -HUGE_VAL, HUGE_VAL),
		RANGE("gap", false, F_NUMBER_NULL, cp_plan, gap, 0, HUGE_VAL),
		RANGE("solve_seconds", false, F_NUMBER, cp_plan, solve_seconds, 0, HUGE_VAL),
		CODE("cohorts", true, read_cohorts),
		EACH("unplaced", false, &unplaced_type),
		EACH("advice", false, &advice_type),
		EACH("former", false, &former_type),
		EACH("teachers", false, &teacher_type),
		EACH("themes", false, &theme_type),
		EACH("uncovered", false, &uncovered_type),
	};
	struct cp_plan *p = r->p;
	if (!object(r, root, spec, NSPEC(spec), "a plan object"))
		return;
	const cJSON *f = get(root, "format");
	if (f && (!cJSON_IsString(f) || strcmp(f->valuestring, "cohortplan-plan") != 0)) {
		ERR_AT(r, root, "format",
		       "expected \"cohortplan-plan\": this is not a cohortplan plan file");
		return; /* anything else would only add noise */
	}
	if (get(root, "version") &&
	    r_int(r, root, "version", 1, 1000) != CP_PLAN_JSON_VERSION) {
		ERR_AT(r, root, "version", "this cohortplan reads plan version %d only",
		       CP_PLAN_JSON_VERSION);
		return;
	}
	p->objective = p->bound = p->gap = NAN;
	read_fields(r, root, p, spec, NSPEC(spec));
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
	char *buf;
	size_t len;

	*out = NULL;
	enum cp_read_status rs = cp_read_input(path, CP_JSON_MAX_BYTES, &buf, &len, diag);
	if (rs == CP_READ_ERR_NOMEM)
		return CP_PLAN_JSON_ERR_NOMEM;
	if (rs != CP_READ_OK)
		return rs == CP_READ_ERR_TOO_BIG ? CP_PLAN_JSON_ERR_INVALID : CP_PLAN_JSON_ERR_IO;
	enum cp_plan_json_status s = cp_plan_json_parse(buf, len, db, out, diag);
	free(buf);
	return s;
}
