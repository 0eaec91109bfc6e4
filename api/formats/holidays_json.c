/*
 * Holiday calendar files (see holidays_json.h and docs/holidays.md).
 *
 * The files are small and edited by hand, so the parser stops at the first
 * error but makes that error exact: source, JSON path, the value as written
 * and what was expected.
 */
#include "holidays_json.h"
#include "json_read.h"

#include <cohortplan/tz.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "common/error.h"
#include "common/quote.h"
#include "common/read_file.h"

#define ID_MAX 16
#define YEAR_MIN 1600
#define YEAR_MAX 9000
#define VALUE_SHOWN 48 /* bytes of a bad value quoted in a message */

/* The engine's holidays status as the api's: the one place this reader
 * converts the engine's cp_holidays_error (from cp_holidays_add_rule) and
 * its own kinds. Out of memory and I/O keep their own status; the kind
 * stays in err->code. */
static enum cp_status
api_status(enum cp_holidays_status kind)
{
	switch (kind) {
	case CP_HOLIDAYS_OK: return CP_OK;
	case CP_HOLIDAYS_ERR_NOMEM: return CP_ERR_NOMEM;
	case CP_HOLIDAYS_ERR_IO: return CP_ERR_IO;
	default: return CP_ERR_INVALID;
	}
}

/* cp_error_set() with the engine's kind of error in err->code. */
__attribute__((format(printf, 3, 4))) static void
set_error(struct cp_error *err, enum cp_holidays_status kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cp_error_vset(err, api_status(kind), fmt, ap);
	va_end(ap);
	if (err)
		err->code = (int)kind;
}

/* A value quoted for a message (cp_quote). */
static const char *
quote(const char *s, char *buf, size_t cap)
{
	return cp_quote(s, SIZE_MAX, VALUE_SHOWN, buf, cap);
}

/* ---- rule notation ------------------------------------------------------ */

static bool
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* "MM-DD" exactly. */
static bool
month_day(const char *s, int *month, int *day)
{
	return strlen(s) == 5 && digits(s, 2, month) && s[2] == '-' && digits(s + 3, 2, day);
}

static bool
why_fmt(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool
why_fmt(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (why && len) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return false;
}

/* "", "+N" or "-N" with N of 1..3 digits, |N| <= 100. */
static bool
easter_offset(const char *s, int *offset)
{
	int n;
	size_t len = strlen(s);

	if (len == 0) {
		*offset = 0;
		return true;
	}
	if ((s[0] != '+' && s[0] != '-') || len < 2 || len > 4 || !digits(s + 1, (int)len - 1, &n))
		return false;
	if (n > 100)
		return false;
	*offset = s[0] == '-' ? -n : n;
	return true;
}

bool
cp_holiday_rule_parse(const char *text, struct cp_holiday_rule *out, char *why, size_t why_len)
{
	static const char expected[] =
		"expected MM-DD, YYYY-MM-DD, easter[+-N], orthodox-easter[+-N] or islamic:MM-DD";
	static const int mlen[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int m, d, off;

	if (!text)
		return why_fmt(why, why_len, "%s", expected);
	if (strncmp(text, "islamic:", 8) == 0) {
		if (!month_day(text + 8, &m, &d))
			return why_fmt(why, why_len, "expected islamic:MM-DD (Hijri month-day)");
		if (m < 1 || m > 12 || d < 1 || d > 30)
			return why_fmt(why, why_len,
				       "no such Hijri date %02d-%02d (months 1..12, days 1..30)",
				       m, d);
		out->kind = CP_HOLIDAY_ISLAMIC;
		out->month = m;
		out->day = d;
		return true;
	}
	if (strncmp(text, "orthodox-easter", 15) == 0 || strncmp(text, "easter", 6) == 0) {
		bool orthodox = text[0] == 'o';
		if (!easter_offset(text + (orthodox ? 15 : 6), &off))
			return why_fmt(why, why_len,
				       "expected %s, %s+N or %s-N with N at most 100",
				       orthodox ? "orthodox-easter" : "easter",
				       orthodox ? "orthodox-easter" : "easter",
				       orthodox ? "orthodox-easter" : "easter");
		out->kind = orthodox ? CP_HOLIDAY_ORTHODOX_EASTER : CP_HOLIDAY_EASTER;
		out->offset = off;
		return true;
	}
	if (month_day(text, &m, &d)) {
		if (m < 1 || m > 12 || d < 1 || d > mlen[m - 1])
			return why_fmt(why, why_len, "no such date %02d-%02d", m, d);
		out->kind = CP_HOLIDAY_FIXED;
		out->month = m;
		out->day = d;
		return true;
	}
	if (strlen(text) == 10) {
		struct cp_civil c;
		if (!cp_parse_date(text, &c))
			return why_fmt(why, why_len, "no such date (expected YYYY-MM-DD)");
		if (c.year < YEAR_MIN || c.year > YEAR_MAX)
			return why_fmt(why, why_len, "year %d outside %d..%d", (int)c.year,
				       YEAR_MIN, YEAR_MAX);
		out->kind = CP_HOLIDAY_DATE;
		out->date = cp_days_from_civil(c.year, c.month, c.day);
		return true;
	}
	return why_fmt(why, why_len, "%s", expected);
}

/* ---- JSON --------------------------------------------------------------- */

struct ctx {
	const char *source;
	struct cp_error *err;
};

static bool
bad(struct ctx *cx, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool
bad(struct ctx *cx, const char *path, const char *fmt, ...)
{
	char what[224];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	set_error(cx->err, CP_HOLIDAYS_ERR_FORMAT, "%s: %s: %s", cx->source, path, what);
	cp_error_set_pointer(cx->err, path);
	return false;
}

/* Every member of obj must be one of allowed[] and appear once. */
static bool
check_members(struct ctx *cx, const cJSON *obj, const char *path, const char *const *allowed)
{
	char q[VALUE_SHOWN * 4 + 8];

	for (const cJSON *m = obj->child; m; m = m->next) {
		bool known = false;
		for (size_t i = 0; allowed[i]; i++)
			known = known || strcmp(m->string, allowed[i]) == 0;
		if (!known) {
			char list[160] = "";
			for (size_t i = 0; allowed[i]; i++) {
				strncat(list, i ? ", " : "", sizeof(list) - strlen(list) - 1);
				strncat(list, allowed[i], sizeof(list) - strlen(list) - 1);
			}
			return bad(cx, path, "unknown field \"%s\" (expected %s)",
				   quote(m->string, q, sizeof(q)), list);
		}
		for (const cJSON *n = m->next; n; n = n->next)
			if (strcmp(m->string, n->string) == 0)
				return bad(cx, path, "field \"%s\" appears twice", m->string);
	}
	return true;
}

static bool
get_string(struct ctx *cx, const cJSON *obj, const char *name, const char *path, bool required,
	   const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	char p[96];

	*out = NULL;
	snprintf(p, sizeof(p), "%s/%s", path, name);
	if (!v)
		return required ? bad(cx, path[0] ? path : "/", "missing field \"%s\"", name)
				: true;
	if (!cJSON_IsString(v) || !v->valuestring)
		return bad(cx, p, "expected a string, found %s", cp_jr_type_name(v));
	if (!v->valuestring[0])
		return bad(cx, p, "must not be empty");
	*out = v->valuestring;
	return true;
}

static bool
get_int(struct ctx *cx, const cJSON *obj, const char *name, const char *path, int lo, int hi,
	int *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	char p[96];

	if (!v)
		return true;
	snprintf(p, sizeof(p), "%s/%s", path, name);
	if (!cJSON_IsNumber(v))
		return bad(cx, p, "expected a whole number, found %s", cp_jr_type_name(v));
	double d = v->valuedouble;
	if (!(d >= lo && d <= hi) || d != floor(d))
		return bad(cx, p, "%g: expected a whole number from %d to %d", d, lo, hi);
	*out = (int)d;
	return true;
}

static bool
valid_id(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

/* One "YYYY-MM-DD" member of obj as a day number; absent leaves *out. */
static bool
get_date(struct ctx *cx, const cJSON *obj, const char *name, const char *path, bool required,
	 int64_t *out)
{
	const char *text;
	struct cp_civil c;
	char p[96], q[VALUE_SHOWN * 4 + 8];

	if (!get_string(cx, obj, name, path, required, &text))
		return false;
	if (!text)
		return true;
	snprintf(p, sizeof(p), "%s/%s", path, name);
	if (strlen(text) != 10 || !cp_parse_date(text, &c) || c.year < YEAR_MIN || c.year > YEAR_MAX)
		return bad(cx, p, "\"%s\": expected a date YYYY-MM-DD", quote(text, q, sizeof(q)));
	*out = cp_days_from_civil(c.year, c.month, c.day);
	return true;
}

/* "announced": [{"year", "from", "to", "source"}] of holiday path: the
 * dates a government announced for a year, replacing the computed ones. */
static bool
parse_announced(struct ctx *cx, const cJSON *h, const char *path, int default_days,
		struct cp_holiday_announced *out, size_t *n)
{
	static const char *const allowed[] = { "year", "from", "to", "source", NULL };
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(h, "announced");
	char p[64], pi[80];

	*n = 0;
	if (!list)
		return true;
	snprintf(p, sizeof(p), "%s/announced", path);
	if (!cJSON_IsArray(list))
		return bad(cx, p, "expected an array, found %s", cp_jr_type_name(list));
	for (const cJSON *e = list->child; e; e = e->next) {
		snprintf(pi, sizeof(pi), "%s/%zu", p, *n);
		if (*n == CP_HOLIDAY_MAX_ANNOUNCED)
			return bad(cx, pi, "more than %d announced dates", CP_HOLIDAY_MAX_ANNOUNCED);
		if (!cJSON_IsObject(e))
			return bad(cx, pi, "expected an object, found %s", cp_jr_type_name(e));
		struct cp_holiday_announced *a = &out[*n];
		int year = 0;
		int64_t to = INT64_MIN;
		const char *source;
		if (!check_members(cx, e, pi, allowed) ||
		    !get_int(cx, e, "year", pi, YEAR_MIN, YEAR_MAX, &year) ||
		    !get_date(cx, e, "from", pi, true, &a->date) ||
		    !get_date(cx, e, "to", pi, false, &to) ||
		    !get_string(cx, e, "source", pi, true, &source))
			return false;
		if (!year)
			return bad(cx, pi, "missing field \"year\"");
		a->year = year;
		a->days = default_days;
		if (to != INT64_MIN) {
			if (to < a->date || to - a->date >= CP_HOLIDAY_MAX_DAYS) {
				char pt[96];
				snprintf(pt, sizeof(pt), "%s/to", pi);
				return bad(cx, pt, "expected a date from \"from\" to %d days after it",
					   CP_HOLIDAY_MAX_DAYS - 1);
			}
			a->days = (int)(to - a->date + 1);
		}
		(*n)++;
	}
	return true;
}

static bool
parse_holiday(struct ctx *cx, struct cp_holiday_calendar *cal, const cJSON *h, size_t index)
{
	static const char *const allowed[] = {
		"key", "name", "rule", "days", "since", "until", "note", "announced", NULL,
	};
	struct cp_holiday_announced announced[CP_HOLIDAY_MAX_ANNOUNCED];
	struct cp_holiday_rule r = { .days = 1 };
	struct cp_holidays_error aerr;
	char path[48], p[64], why[160], q[VALUE_SHOWN * 4 + 8];
	const char *rule, *note;
	int since = 0, until = 0;

	snprintf(path, sizeof(path), "/holidays/%zu", index);
	if (!cJSON_IsObject(h))
		return bad(cx, path, "expected an object, found %s", cp_jr_type_name(h));
	if (!check_members(cx, h, path, allowed) ||
	    !get_string(cx, h, "key", path, true, &r.key) ||
	    !get_string(cx, h, "name", path, true, &r.name) ||
	    !get_string(cx, h, "rule", path, true, &rule) ||
	    !get_string(cx, h, "note", path, false, &note) ||
	    !get_int(cx, h, "days", path, 1, CP_HOLIDAY_MAX_DAYS, &r.days) ||
	    !get_int(cx, h, "since", path, YEAR_MIN, YEAR_MAX, &since) ||
	    !get_int(cx, h, "until", path, YEAR_MIN, YEAR_MAX, &until))
		return false;
	snprintf(p, sizeof(p), "%s/rule", path);
	if (!cp_holiday_rule_parse(rule, &r, why, sizeof(why)))
		return bad(cx, p, "\"%s\": %s", quote(rule, q, sizeof(q)), why);
	r.first_year = since;
	r.last_year = until;
	if (since && until && since > until) {
		snprintf(p, sizeof(p), "%s/until", path);
		return bad(cx, p, "%d is before \"since\" %d", until, since);
	}
	if (!parse_announced(cx, h, path, r.days, announced, &r.n_announced))
		return false;
	r.announced = announced;
	enum cp_holidays_status st = cp_holidays_add_rule(cal, &r, &aerr);
	if (st != CP_HOLIDAYS_OK) {
		set_error(cx->err, st == CP_HOLIDAYS_ERR_NOMEM ? st : CP_HOLIDAYS_ERR_FORMAT,
			  "%s: %s: %s", cx->source, path, aerr.message);
		cp_error_set_pointer(cx->err, path);
		return false;
	}
	return true;
}

static struct cp_holiday_calendar *
parse_root(struct ctx *cx, const cJSON *root)
{
	static const char *const allowed[] = { "calendar", "name", "note", "holidays", NULL };
	struct cp_holiday_calendar *cal = NULL;
	const char *id, *name, *note;
	const cJSON *list;
	char q[VALUE_SHOWN * 4 + 8];
	size_t i = 0;

	if (!cJSON_IsObject(root)) {
		bad(cx, "/", "expected an object, found %s", cp_jr_type_name(root));
		return NULL;
	}
	if (!check_members(cx, root, "/", allowed) ||
	    !get_string(cx, root, "calendar", "", true, &id) ||
	    !get_string(cx, root, "name", "", false, &name) ||
	    !get_string(cx, root, "note", "", false, &note))
		return NULL;
	if (!valid_id(id)) {
		bad(cx, "/calendar", "\"%s\": expected 1..%d characters of A-Z, 0-9, - and _",
		    quote(id, q, sizeof(q)), ID_MAX);
		return NULL;
	}
	list = cJSON_GetObjectItemCaseSensitive(root, "holidays");
	if (!list) {
		bad(cx, "/", "missing field \"holidays\"");
		return NULL;
	}
	if (!cJSON_IsArray(list)) {
		bad(cx, "/holidays", "expected an array, found %s", cp_jr_type_name(list));
		return NULL;
	}
	cal = cp_holidays_create(id);
	if (!cal || (name && cp_holidays_set_name(cal, name) != CP_HOLIDAYS_OK)) {
		set_error(cx->err, CP_HOLIDAYS_ERR_NOMEM, "%s: out of memory", cx->source);
		cp_holidays_destroy(cal);
		return NULL;
	}
	for (const cJSON *h = list->child; h; h = h->next, i++) {
		if (!parse_holiday(cx, cal, h, i)) {
			cp_holidays_destroy(cal);
			return NULL;
		}
	}
	return cal;
}

/* 1-based line and column of byte offset `at`. */
static void
line_col(const char *text, size_t at, unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < at; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

struct cp_holiday_calendar *
cp_holidays_json_parse(const char *text, size_t len, const char *source,
		       struct cp_error *err)
{
	struct ctx cx = { .source = source ? source : "holiday calendar", .err = err };
	const char *end = NULL;
	struct cp_holiday_calendar *cal;
	cJSON *root;
	unsigned line, col;

	if (len > CP_HOLIDAYS_JSON_MAX_BYTES) {
		set_error(err, CP_HOLIDAYS_ERR_FORMAT, "%s: %zu bytes, more than the %d allowed",
			  cx.source, len, CP_HOLIDAYS_JSON_MAX_BYTES);
		return NULL;
	}
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!root) {
		size_t at = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
		size_t last = len;
		while (last > 0 && (text[last - 1] == ' ' || text[last - 1] == '\t' ||
				    text[last - 1] == '\r' || text[last - 1] == '\n'))
			last--;
		/* cJSON reports a cut-off document at its last byte: say so
		 * unless that byte closes something. */
		bool cut = len == 0 || (at + 1 >= last && last > 0 && text[last - 1] != '}' &&
					text[last - 1] != ']');
		line_col(text, at, &line, &col);
		set_error(err, CP_HOLIDAYS_ERR_FORMAT, "%s:%u:%u: not valid JSON%s", cx.source,
			  line, col, cut ? " (the file ends too early)" : "");
		return NULL;
	}
	/* cJSON stops after the first value; anything but blanks after it
	 * means two documents or garbage. */
	for (size_t at = (size_t)(end - text); at < len; at++) {
		if (text[at] != ' ' && text[at] != '\t' && text[at] != '\n' && text[at] != '\r') {
			line_col(text, at, &line, &col);
			set_error(err, CP_HOLIDAYS_ERR_FORMAT,
				  "%s:%u:%u: unexpected text after the JSON value", cx.source,
				  line, col);
			cJSON_Delete(root);
			return NULL;
		}
	}
	cal = parse_root(&cx, root);
	cJSON_Delete(root);
	if (cal)
		cp_error_clear(err);
	return cal;
}

struct cp_holiday_calendar *
cp_holidays_json_load(const char *path, struct cp_error *err)
{
	struct cp_holiday_calendar *cal;
	size_t len;
	char *buf;
	int e;

	switch (cp_read_file(path, CP_HOLIDAYS_JSON_MAX_BYTES, CP_READ_REGULAR_ONLY, &buf, &len,
			     &e)) {
	case CP_READ_OK:
		break;
	case CP_READ_ERR_NOMEM:
		set_error(err, CP_HOLIDAYS_ERR_NOMEM, "%s: out of memory", path);
		return NULL;
	case CP_READ_ERR_TOO_BIG:
		set_error(err, CP_HOLIDAYS_ERR_FORMAT, "%s: more than the %d bytes allowed", path,
			  CP_HOLIDAYS_JSON_MAX_BYTES);
		return NULL;
	case CP_READ_ERR_NOT_FILE:
		set_error(err, CP_HOLIDAYS_ERR_IO, "%s: not a regular file", path);
		return NULL;
	case CP_READ_ERR_OPEN:
		set_error(err, CP_HOLIDAYS_ERR_IO, "%s: cannot open: %s", path, strerror(e));
		return NULL;
	default:
		set_error(err, CP_HOLIDAYS_ERR_IO, "%s: read error", path);
		return NULL;
	}
	cal = cp_holidays_json_parse(buf, len, path, err);
	free(buf);
	return cal;
}

struct cp_holiday_calendar *
cp_holidays_json_load_id(const char *dir, const char *id, struct cp_error *err)
{
	struct cp_holiday_calendar *cal;
	char q[VALUE_SHOWN * 4 + 8];
	char *path;
	size_t n;

	if (!id || !valid_id(id)) {
		set_error(err, CP_HOLIDAYS_ERR_INVALID,
			  "holiday calendar \"%s\": expected 1..%d characters of A-Z, 0-9, - and _",
			  id ? quote(id, q, sizeof(q)) : "(null)", ID_MAX);
		return NULL;
	}
	n = strlen(dir) + strlen(id) + 7;
	path = malloc(n);
	if (!path) {
		set_error(err, CP_HOLIDAYS_ERR_NOMEM, "out of memory");
		return NULL;
	}
	snprintf(path, n, "%s/%s.json", dir, id);
	cal = cp_holidays_json_load(path, err);
	if (cal && strcmp(cp_holidays_id(cal), id) != 0) {
		set_error(err, CP_HOLIDAYS_ERR_FORMAT,
			  "%s: /calendar: \"%s\" does not match the file name (expected \"%s\")",
			  path, quote(cp_holidays_id(cal), q, sizeof(q)), id);
		cp_holidays_destroy(cal);
		cal = NULL;
	}
	free(path);
	return cal;
}
