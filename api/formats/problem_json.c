/*
 * Reading the planning problem from JSON (see problem_json.h and
 * docs/input.md). Each kind of object is a table of fields; one walker
 * checks membership (unknown and duplicate keys, missing required ones) and
 * hands each value to its field's reader with the path already extended.
 * Readers report their own errors and leave the model's value unset on
 * failure, so cp_problem_check() skips rules about it.
 */
#include "problem_json.h"
#include "problem_rosters.h"
#include "json_read.h"
#include "common/read_file.h"
#include "common/utf8.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define PATH_CAP 512
#define VALUE_SHOW 48 /* characters of a string value shown in a message */
#define MAX_MODULES 256

struct ctx {
	struct cp_problem *p;
	struct cp_diag *d;
	struct cp_tzdb *db;
	char path[PATH_CAP];
	size_t plen;
	char vbuf[VALUE_SHOW + 24];
};

/* ---- paths ------------------------------------------------------------ */

/* One byte of the path, never past its end (the NUL keeps its place). */
static void put(struct ctx *c, char ch)
{
	if (c->plen + 1 < PATH_CAP)
		c->path[c->plen++] = ch;
}

static size_t push_raw(struct ctx *c, const char *seg, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t old = c->plen;
	put(c, '/');
	for (size_t i = 0; i < n && c->plen + 8 < PATH_CAP; i++) {
		unsigned char ch = (unsigned char)seg[i];
		if (ch == '~') {
			put(c, '~');
			put(c, '0');
		} else if (ch == '/') {
			put(c, '~');
			put(c, '1');
		} else if (ch < 0x20 || ch == 0x7f) {
			/* \u00XX keeps one error per line on a terminal */
			put(c, '\\');
			put(c, 'u');
			put(c, '0');
			put(c, '0');
			put(c, hex[ch >> 4]);
			put(c, hex[ch & 15]);
		} else {
			put(c, (char)ch);
		}
	}
	c->path[c->plen] = '\0';
	return old;
}

static size_t push_key(struct ctx *c, const char *key)
{
	return push_raw(c, key, strlen(key));
}

static size_t push_index(struct ctx *c, size_t i)
{
	/* by hand: this runs once per array element, snprintf showed up in
	 * profiles of 20,000-participant problems */
	char b[24];
	size_t n = sizeof(b);
	do {
		b[--n] = (char)('0' + i % 10);
		i /= 10;
	} while (i);
	return push_raw(c, b + n, sizeof(b) - n);
}

static void pop(struct ctx *c, size_t old)
{
	c->plen = old;
	c->path[old] = '\0';
}

/* ---- describing values ------------------------------------------------ */

/* Compact JSON text of a scalar, or a type word for containers; strings
 * are escaped and shortened. */
static const char *show(struct ctx *c, const cJSON *v)
{
	char *b = c->vbuf;
	size_t cap = sizeof(c->vbuf);
	if (cJSON_IsString(v)) {
		size_t k = 0;
		b[k++] = '"';
		const unsigned char *s = (const unsigned char *)v->valuestring;
		size_t shown = 0;
		/* room for one escape (6), "..." (3), the quote and the NUL */
		for (; *s && k + 12 < cap; s++) {
			if (shown >= VALUE_SHOW && (*s & 0xc0) != 0x80)
				break;
			if (*s == '"' || *s == '\\') {
				b[k++] = '\\';
				b[k++] = (char)*s;
			} else if (*s < 0x20 || *s == 0x7f) {
				k += (size_t)snprintf(b + k, 7, "\\u%04x", *s);
			} else {
				b[k++] = (char)*s;
			}
			if ((*s & 0xc0) != 0x80)
				shown++;
		}
		if (*s) {
			memcpy(b + k, "...", 3);
			k += 3;
		}
		b[k++] = '"';
		b[k] = '\0';
	} else if (cJSON_IsNumber(v)) {
		snprintf(b, cap, "%.15g", v->valuedouble);
	} else if (cJSON_IsTrue(v)) {
		snprintf(b, cap, "true");
	} else if (cJSON_IsFalse(v)) {
		snprintf(b, cap, "false");
	} else if (cJSON_IsNull(v)) {
		snprintf(b, cap, "null");
	} else if (cJSON_IsArray(v)) {
		snprintf(b, cap, "[...]");
	} else if (cJSON_IsObject(v)) {
		snprintf(b, cap, "{...}");
	} else {
		snprintf(b, cap, "?");
	}
	return b;
}

#define ERR(c, v, ...) cp_diag_add((c)->d, CP_DIAG_ERROR, (c)->path, (v) ? show((c), (v)) : NULL, __VA_ARGS__)
#define WARN(c, v, ...) cp_diag_add((c)->d, CP_DIAG_WARNING, (c)->path, (v) ? show((c), (v)) : NULL, __VA_ARGS__)

static void type_error(struct ctx *c, const cJSON *v, const char *expected)
{
	if (cJSON_IsString(v) || cJSON_IsNumber(v) || cJSON_IsBool(v))
		ERR(c, v, "expected %s, got %s %s", expected, cp_jr_type_name(v), show(c, v));
	else
		ERR(c, v, "expected %s, got %s", expected, cp_jr_type_name(v));
}

/* ---- suggestions ------------------------------------------------------ */

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return SIZE_MAX;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			size_t best = diag + cost;
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *cp_json_closest(const char *s, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t bd = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(s, names[i]);
		if (d < bd) {
			bd = d;
			best = names[i];
		}
	}
	size_t len = strlen(s);
	size_t allowed = len / 3 > 2 ? len / 3 : 2;
	return bd <= allowed ? best : NULL;
}

/* ", expected one of \"a\", \"b\" (did you mean \"x\"?)" */
static void enum_error(struct ctx *c, const cJSON *v, const char *const *names, size_t n,
		       const char *what)
{
	char list[256];
	size_t k = 0;
	list[0] = '\0';
	for (size_t i = 0; i < n && k + 40 < sizeof(list); i++)
		k += (size_t)snprintf(list + k, sizeof(list) - k, "%s\"%s\"", i ? ", " : "", names[i]);
	const char *near = cp_json_closest(v->valuestring, names, n);
	if (near)
		ERR(c, v, "unknown %s %s; did you mean \"%s\"? Expected one of %s", what, show(c, v),
		    near, list);
	else
		ERR(c, v, "unknown %s %s; expected one of %s", what, show(c, v), list);
}

/* ---- objects ---------------------------------------------------------- */

typedef void (*field_fn)(struct ctx *c, const cJSON *v, void *obj);

struct field {
	const char *name;
	bool required;
	field_fn fn;
	const char *hint; /* what is expected, for "missing" messages */
};

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

/* Members of obj by name; the walker has already rejected duplicates. */
static const cJSON *member(const cJSON *obj, const char *name)
{
	for (const cJSON *m = obj->child; m; m = m->next)
		if (m->string && strcmp(m->string, name) == 0)
			return m;
	return NULL;
}

/*
 * Check obj against the field table and call each known field's reader.
 * Returns false when obj is not an object (nothing was read).
 */
static bool walk(struct ctx *c, const cJSON *obj, const struct field *f, size_t n,
		 void *target, const char *what)
{
	if (!cJSON_IsObject(obj)) {
		type_error(c, obj, what);
		return false;
	}
	const cJSON *seen[40] = { 0 };
	const char *names[40];
	for (size_t i = 0; i < n && i < 40; i++)
		names[i] = f[i].name;
	for (const cJSON *m = obj->child; m; m = m->next) {
		const char *key = m->string ? m->string : "";
		size_t i = 0;
		while (i < n && strcmp(f[i].name, key) != 0)
			i++;
		size_t old = push_key(c, key);
		if (i == n) {
			const char *near = cp_json_closest(key, names, n);
			if (near)
				cp_diag_add(c->d, CP_DIAG_ERROR, c->path, NULL,
					    "unknown field \"%.64s\" in %s; did you mean \"%s\"?", key,
					    what, near);
			else
				cp_diag_add(c->d, CP_DIAG_ERROR, c->path, NULL,
					    "unknown field \"%.64s\" in %s", key, what);
		} else if (seen[i]) {
			cp_diag_add(c->d, CP_DIAG_ERROR, c->path, NULL,
				    "field \"%s\" is given twice; keep one", key);
		} else {
			seen[i] = m;
			if (f[i].fn)
				f[i].fn(c, m, target);
		}
		pop(c, old);
	}
	for (size_t i = 0; i < n; i++)
		if (f[i].required && !seen[i])
			cp_diag_add(c->d, CP_DIAG_ERROR, c->path, NULL,
				    "missing required field \"%s\" (%s)", f[i].name, f[i].hint);
	return true;
}

/* Iterate an array: checks type and length, returns the count or -1. */
static long array_len(struct ctx *c, const cJSON *v, size_t min, size_t max, const char *what)
{
	if (!cJSON_IsArray(v)) {
		char b[160];
		snprintf(b, sizeof(b), "an array of %s", what);
		type_error(c, v, b);
		return -1;
	}
	size_t n = 0;
	for (const cJSON *e = v->child; e; e = e->next)
		if (++n > max) {
			/* keep counting cheaply for the message */
			n = (size_t)cJSON_GetArraySize(v);
			ERR(c, NULL, "has %zu entries; at most %zu %s are supported", n, max, what);
			return -1;
		}
	if (n < min) {
		ERR(c, NULL, "has %zu entries; expected at least %zu %s", n, min, what);
		return -1;
	}
	return (long)n;
}

/* ---- scalars ---------------------------------------------------------- */

static const char *text(struct ctx *c, const cJSON *v, size_t max, const char *what)
{
	if (!cJSON_IsString(v)) {
		type_error(c, v, what);
		return NULL;
	}
	size_t len = strlen(v->valuestring);
	if (len == 0) {
		ERR(c, v, "is empty; expected %s", what);
		return NULL;
	}
	if (len > max) {
		ERR(c, v, "is %zu bytes long; at most %zu are allowed", len, max);
		return NULL;
	}
	return cp_problem_strdup(c->p, v->valuestring);
}

bool cp_problem_json_id_ok(const char *s)
{
	size_t len = strlen(s);
	if (len < 1 || len > CP_PROBLEM_MAX_ID)
		return false;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      ch == '.' || ch == '_' || ch == ':' || ch == '-'))
			return false;
	}
	return true;
}

static const char *id_value(struct ctx *c, const cJSON *v)
{
	static const char what[] = "a pseudonymous id such as \"P-0012\"";
	if (!cJSON_IsString(v)) {
		type_error(c, v, what);
		return NULL;
	}
	const char *s = v->valuestring;
	if (!cp_problem_json_id_ok(s)) {
		ERR(c, v, "%s is not a valid id: expected 1 to %d letters, digits, '.', '_', ':' or "
		    "'-' (a pseudonymous code, not a name)", show(c, v), CP_PROBLEM_MAX_ID);
		return NULL;
	}
	return cp_problem_strdup(c->p, s);
}

static bool number(struct ctx *c, const cJSON *v, double lo, double hi, bool integer,
		   double *out, const char *what)
{
	if (!cJSON_IsNumber(v)) {
		type_error(c, v, what);
		return false;
	}
	double x = v->valuedouble;
	if (!isfinite(x) || x < lo || x > hi) {
		ERR(c, v, "%s is out of range; expected %s (from %g to %g)", show(c, v), what, lo, hi);
		return false;
	}
	if (integer && x != floor(x)) {
		ERR(c, v, "%s is not a whole number; expected %s", show(c, v), what);
		return false;
	}
	*out = x;
	return true;
}

static int int_value(struct ctx *c, const cJSON *v, int lo, int hi, const char *what, int dflt)
{
	double x;
	return number(c, v, lo, hi, true, &x, what) ? (int)x : dflt;
}

static bool bool_value(struct ctx *c, const cJSON *v, bool *out)
{
	if (!cJSON_IsBool(v)) {
		type_error(c, v, "true or false");
		return false;
	}
	*out = cJSON_IsTrue(v);
	return true;
}

/* "HH:MM", 00:00..23:59, and 24:00 when allow_24. */
static int time_value(struct ctx *c, const cJSON *v, bool allow_24)
{
	const char *what = allow_24 ? "a local time \"HH:MM\" from 00:00 to 24:00"
				    : "a local time \"HH:MM\" from 00:00 to 23:59";
	if (!cJSON_IsString(v)) {
		type_error(c, v, what);
		return CP_MIN_UNSET;
	}
	const char *s = v->valuestring;
	if (strlen(s) == 5 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    s[2] == ':' && isdigit((unsigned char)s[3]) && isdigit((unsigned char)s[4])) {
		int h = (s[0] - '0') * 10 + (s[1] - '0');
		int m = (s[3] - '0') * 10 + (s[4] - '0');
		if (m < 60 && (h < 24 || (allow_24 && h == 24 && m == 0)))
			return h * 60 + m;
	}
	ERR(c, v, "%s is not a valid time; expected %s", show(c, v), what);
	return CP_MIN_UNSET;
}

static cp_day date_value(struct ctx *c, const cJSON *v)
{
	static const char what[] = "a date \"YYYY-MM-DD\"";
	struct cp_civil d;
	if (!cJSON_IsString(v)) {
		type_error(c, v, what);
		return CP_DAY_UNSET;
	}
	if (!cp_parse_date(v->valuestring, &d) || !cp_civil_valid(&d) || d.year < 1900 ||
	    d.year > 2200) {
		ERR(c, v, "%s is not a valid date; expected %s between 1900 and 2200", show(c, v),
		    what);
		return CP_DAY_UNSET;
	}
	return cp_days_from_civil(d.year, d.month, d.day);
}

static bool local_value(struct ctx *c, const cJSON *v, struct cp_civil *out)
{
	static const char what[] = "a local date and time \"YYYY-MM-DDTHH:MM\"";
	struct cp_civil d;
	if (!cJSON_IsString(v)) {
		type_error(c, v, what);
		return false;
	}
	if (!cp_parse_local(v->valuestring, &d) || !cp_civil_valid(&d) || d.year < 1900 ||
	    d.year > 2200) {
		const char *s = v->valuestring;
		size_t l = strlen(s);
		if (l && (s[l - 1] == 'Z' || strchr(s + (l > 10 ? 10 : l), '+')))
			ERR(c, v, "%s carries a UTC offset; expected %s in the person's own zone "
			    "(named once in \"zone\")", show(c, v), what);
		else
			ERR(c, v, "%s is not valid; expected %s", show(c, v), what);
		return false;
	}
	*out = d;
	return true;
}

/*
 * ISO 8601 duration restricted to what has a fixed length: PnD, PTnH,
 * PTnM, PTnS and combinations ("PT2H30M", "P1DT12H"). Years, months and
 * weeks are refused (a month has no fixed length). Result in whole
 * minutes, within lo..hi.
 */
static bool parse_duration(const char *s, long *minutes)
{
	long total = 0; /* seconds */
	bool in_time = false, any = false;
	const char *order = "DHMS";
	int last = -1;
	if (*s++ != 'P')
		return false;
	while (*s) {
		if (*s == 'T') {
			if (in_time)
				return false;
			in_time = true;
			s++;
			if (!*s)
				return false;
			continue;
		}
		if (!isdigit((unsigned char)*s))
			return false;
		long n = 0;
		while (isdigit((unsigned char)*s)) {
			n = n * 10 + (*s - '0');
			if (n > 1000000)
				return false;
			s++;
		}
		int unit;
		switch (*s) {
		case 'D': unit = 0; if (in_time) return false; break;
		case 'H': unit = 1; if (!in_time) return false; break;
		case 'M': unit = 2; if (!in_time) return false; break;
		case 'S': unit = 3; if (!in_time) return false; break;
		default: return false;
		}
		if (unit <= last)
			return false;
		last = unit;
		static const long mult[] = { 86400, 3600, 60, 1 };
		total += n * mult[unit];
		any = true;
		s++;
	}
	(void)order;
	if (!any || total % 60)
		return false;
	*minutes = total / 60;
	return true;
}

static void fmt_minutes(long m, char *b, size_t n)
{
	if (m % 60 == 0)
		snprintf(b, n, "PT%ldH", m / 60);
	else if (m < 60)
		snprintf(b, n, "PT%ldM", m);
	else
		snprintf(b, n, "PT%ldH%ldM", m / 60, m % 60);
}

static int duration_value(struct ctx *c, const cJSON *v, long lo, long hi)
{
	static const char what[] = "an ISO 8601 duration such as \"PT2H30M\"";
	long m;
	if (!cJSON_IsString(v)) {
		type_error(c, v, what);
		return CP_MIN_UNSET;
	}
	if (!parse_duration(v->valuestring, &m)) {
		const char *s = v->valuestring;
		const char *t = strchr(s, 'T');
		const char *mo = strchr(s, 'M');
		if (s[0] == 'P' && (strpbrk(s, "YW") || (mo && (!t || mo < t))))
			ERR(c, v, "%s uses years, months or weeks, which have no fixed length; "
			    "expected days, hours and minutes such as \"PT2H30M\"", show(c, v));
		else
			ERR(c, v, "%s is not a valid duration; expected %s, in whole minutes",
			    show(c, v), what);
		return CP_MIN_UNSET;
	}
	if (m < lo || m > hi) {
		char a[32], b[32];
		fmt_minutes(lo, a, sizeof(a));
		fmt_minutes(hi, b, sizeof(b));
		ERR(c, v, "%s is out of range; expected a duration from %s to %s", show(c, v), a, b);
		return CP_MIN_UNSET;
	}
	return (int)m;
}

/* BCP 47 language tag, simplified: "ar", "fr", "ar-MA", "nl-BE". */
static const char *lang_value(struct ctx *c, const cJSON *v)
{
	static const char what[] = "a language tag such as \"ar\" or \"fr\"";
	if (!cJSON_IsString(v)) {
		type_error(c, v, what);
		return NULL;
	}
	const char *s = v->valuestring;
	size_t i = 0;
	while (islower((unsigned char)s[i]))
		i++;
	bool ok = i >= 2 && i <= 3;
	while (ok && s[i] == '-') {
		size_t j = ++i;
		while (isalnum((unsigned char)s[i]))
			i++;
		ok = i - j >= 2 && i - j <= 8;
	}
	if (!ok || s[i]) {
		ERR(c, v, "%s is not a language tag; expected %s (BCP 47, lower-case language "
		    "first)", show(c, v), what);
		return NULL;
	}
	return cp_problem_strdup(c->p, s);
}

static const char *country_value(struct ctx *c, const cJSON *v)
{
	static const char what[] = "an ISO 3166-1 country code such as \"MA\"";
	if (!cJSON_IsString(v)) {
		type_error(c, v, what);
		return NULL;
	}
	const char *s = v->valuestring;
	if (strlen(s) != 2 || !isupper((unsigned char)s[0]) || !isupper((unsigned char)s[1])) {
		ERR(c, v, "%s is not a country code; expected %s (two capital letters)", show(c, v),
		    what);
		return NULL;
	}
	return cp_problem_strdup(c->p, s);
}

static const struct cp_tz *zone_value(struct ctx *c, const cJSON *v, const char **name)
{
	static const char what[] = "an IANA time zone name such as \"Asia/Beirut\"";
	if (!cJSON_IsString(v)) {
		type_error(c, v, what);
		return NULL;
	}
	const char *s = v->valuestring;
	if (strlen(s) > 64) {
		ERR(c, v, "%s is too long for a time zone name; expected %s", show(c, v), what);
		return NULL;
	}
	*name = cp_problem_strdup(c->p, s);
	if (!c->db) {
		ERR(c, v, "cannot check time zone %s: no time zone database", show(c, v));
		return NULL;
	}
	struct cp_tz_error err;
	const struct cp_tz *tz = cp_tzdb_zone(c->db, s, &err);
	if (!tz) {
		if (err.suggestion[0])
			ERR(c, v, "%s", err.message);
		else if (err.status == CP_TZ_ERR_UNKNOWN_ZONE || err.status == CP_TZ_ERR_BAD_NAME)
			ERR(c, v, "%s; expected %s", err.message, what);
		else
			ERR(c, v, "time zone %s cannot be loaded: %s", show(c, v), err.message);
	}
	return tz;
}

/* An array of strings read by fn into an arena array. */
static const char *const *string_list(struct ctx *c, const cJSON *v, size_t min, size_t max,
				      const char *what,
				      const char *(*fn)(struct ctx *, const cJSON *),
				      size_t *count)
{
	long n = array_len(c, v, min, max, what);
	if (n < 0)
		return NULL;
	const char **out = cp_problem_alloc(c->p, (size_t)n, sizeof(*out));
	if (!out)
		return NULL;
	size_t i = 0, k = 0;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		size_t old = push_index(c, i);
		const char *s = fn(c, e);
		if (s) {
			for (size_t j = 0; j < k; j++)
				if (strcmp(out[j], s) == 0) {
					ERR(c, e, "%s is listed twice", show(c, e));
					s = NULL;
					break;
				}
		}
		if (s)
			out[k++] = s;
		pop(c, old);
	}
	*count = k;
	return out;
}

/* ---- weekly windows --------------------------------------------------- */

static void f_window_days(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_weekly_window *w = obj;
	static const char *const shorthands[] = { "weekdays", "weekend", "every_day" };
	static const unsigned masks[] = { 0x3e, 0x41, CP_DAYS_ALL };
	if (cJSON_IsString(v)) {
		for (int i = 0; i < 3; i++)
			if (strcmp(v->valuestring, shorthands[i]) == 0) {
				w->days = masks[i];
				return;
			}
		ERR(c, v, "%s is not a set of days; expected an array such as [\"mon\", \"wed\"] "
		    "or one of \"weekdays\", \"weekend\", \"every_day\"", show(c, v));
		return;
	}
	long n = array_len(c, v, 1, 7, "weekdays (\"mon\" .. \"sun\")");
	if (n < 0)
		return;
	size_t i = 0;
	unsigned days = 0;
	bool ok = true;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		size_t old = push_index(c, i);
		int wd = cJSON_IsString(e) ? cp_weekday_from_name(e->valuestring) : -1;
		if (!cJSON_IsString(e)) {
			type_error(c, e, "a weekday \"mon\" .. \"sun\"");
			ok = false;
		} else if (wd < 0) {
			static const char *const names[] = { "mon", "tue", "wed", "thu", "fri", "sat",
							      "sun" };
			enum_error(c, e, names, 7, "weekday");
			ok = false;
		} else if (days & CP_DAYBIT(wd)) {
			ERR(c, e, "%s is listed twice", show(c, e));
			ok = false;
		} else {
			days |= CP_DAYBIT((unsigned)wd);
		}
		pop(c, old);
	}
	if (ok)
		w->days = days;
}

static void f_window_start(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_weekly_window *)obj)->start = time_value(c, v, false);
}

static void f_window_end(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_weekly_window *)obj)->end = time_value(c, v, true);
}

static const struct field window_fields[] = {
	{ "days", true, f_window_days, "the weekdays, e.g. [\"mon\", \"thu\"] or \"weekdays\"" },
	{ "start", true, f_window_start, "local time \"HH:MM\"" },
	{ "end", true, f_window_end, "local time \"HH:MM\"" },
};

static const struct cp_weekly_window *windows(struct ctx *c, const cJSON *v, size_t *count)
{
	long n = array_len(c, v, 0, CP_PROBLEM_MAX_LIST, "weekly windows");
	if (n < 0)
		return NULL;
	struct cp_weekly_window *w = cp_problem_alloc(c->p, (size_t)n, sizeof(*w));
	if (!w)
		return NULL;
	size_t i = 0;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		size_t old = push_index(c, i);
		w[i].start = w[i].end = CP_MIN_UNSET;
		walk(c, e, window_fields, 3, &w[i], "a weekly window {\"days\", \"start\", \"end\"}");
		pop(c, old);
	}
	*count = (size_t)n;
	return w;
}

/* ---- dated exceptions and leave -------------------------------------- */

static void f_exc_from(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_exception *)obj)->from = date_value(c, v);
}
static void f_exc_to(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_exception *)obj)->to = date_value(c, v);
}
static void f_exc_start(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_exception *)obj)->start = time_value(c, v, false);
}
static void f_exc_end(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_exception *)obj)->end = time_value(c, v, true);
}
static void f_exc_available(struct ctx *c, const cJSON *v, void *obj)
{
	bool_value(c, v, &((struct cp_exception *)obj)->available);
}

static const struct field exception_fields[] = {
	{ "from", true, f_exc_from, "first date \"YYYY-MM-DD\"" },
	{ "to", false, f_exc_to, "last date, default: from" },
	{ "start", false, f_exc_start, "local time \"HH:MM\"" },
	{ "end", false, f_exc_end, "local time \"HH:MM\"" },
	{ "available", true, f_exc_available, "true or false" },
};

static const struct cp_exception *exceptions(struct ctx *c, const cJSON *v, size_t *count)
{
	long n = array_len(c, v, 0, CP_PROBLEM_MAX_EXCEPTIONS, "exceptions");
	if (n < 0)
		return NULL;
	struct cp_exception *x = cp_problem_alloc(c->p, (size_t)n, sizeof(*x));
	if (!x)
		return NULL;
	size_t i = 0;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		size_t old = push_index(c, i);
		x[i].from = x[i].to = CP_DAY_UNSET;
		x[i].start = x[i].end = CP_MIN_UNSET;
		if (walk(c, e, exception_fields, 5, &x[i],
			 "an exception {\"from\", \"to\", \"start\", \"end\", \"available\"}")) {
			bool has_start = member(e, "start"), has_end = member(e, "end");
			if (has_start != has_end)
				ERR(c, NULL, "give both \"start\" and \"end\", or neither for whole days");
			if (!member(e, "to"))
				x[i].to = x[i].from;
			if (!has_start && !has_end) {
				x[i].start = 0;
				x[i].end = CP_MINUTES_PER_DAY;
			}
		}
		pop(c, old);
	}
	*count = (size_t)n;
	return x;
}

static void f_range_from(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_date_range *)obj)->from = date_value(c, v);
}
static void f_range_to(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_date_range *)obj)->to = date_value(c, v);
}

static const struct field range_fields[] = {
	{ "from", true, f_range_from, "first date \"YYYY-MM-DD\"" },
	{ "to", false, f_range_to, "last date, default: from" },
};

static const struct cp_date_range *ranges(struct ctx *c, const cJSON *v, size_t *count)
{
	long n = array_len(c, v, 0, CP_PROBLEM_MAX_EXCEPTIONS, "date ranges");
	if (n < 0)
		return NULL;
	struct cp_date_range *r = cp_problem_alloc(c->p, (size_t)n, sizeof(*r));
	if (!r)
		return NULL;
	size_t i = 0;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		size_t old = push_index(c, i);
		r[i].from = r[i].to = CP_DAY_UNSET;
		if (walk(c, e, range_fields, 2, &r[i], "a date range {\"from\", \"to\"}") &&
		    !member(e, "to"))
			r[i].to = r[i].from;
		pop(c, old);
	}
	*count = (size_t)n;
	return r;
}

/* ---- rosters ---------------------------------------------------------- */

static void f_shift_start(struct ctx *c, const cJSON *v, void *obj)
{
	local_value(c, v, &((struct cp_shift *)obj)->start);
}
static void f_shift_end(struct ctx *c, const cJSON *v, void *obj)
{
	local_value(c, v, &((struct cp_shift *)obj)->end);
}

static void f_shift_before(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_shift *)obj)->margin_before = duration_value(c, v, 0, 24 * 60);
}
static void f_shift_after(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_shift *)obj)->margin_after = duration_value(c, v, 0, 24 * 60);
}

static const struct field shift_fields[] = {
	{ "start", true, f_shift_start, "local \"YYYY-MM-DDTHH:MM\"" },
	{ "end", true, f_shift_end, "local \"YYYY-MM-DDTHH:MM\"" },
	{ "margin_before", false, f_shift_before, "a duration such as \"PT1H\"" },
	{ "margin_after", false, f_shift_after, "a duration such as \"PT8H\"" },
};

static void f_roster_shifts(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_roster *r = obj;
	long n = array_len(c, v, 0, CP_PROBLEM_MAX_SHIFTS, "shifts");
	if (n < 0)
		return;
	struct cp_shift *s = cp_problem_alloc(c->p, (size_t)n, sizeof(*s));
	if (!s)
		return;
	size_t i = 0;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		size_t old = push_index(c, i);
		s[i].margin_before = s[i].margin_after = CP_MIN_UNSET;
		walk(c, e, shift_fields, NFIELDS(shift_fields), &s[i], "a shift {\"start\", \"end\"}");
		pop(c, old);
	}
	r->kind = CP_ROSTER_INLINE;
	r->shifts = s;
	r->n_shifts = (size_t)n;
}

static void f_roster_ics(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_roster *r = obj;
	const char *s = text(c, v, 1024, "the path of an .ics file, relative to the problem file");
	if (!s)
		return;
	if (s[0] == '/' || strstr(s, "://") || strchr(s, '\\')) {
		ERR(c, v, "%s must be a path relative to the problem file's folder, using '/' "
		    "(no absolute paths or URLs)", show(c, v));
		return;
	}
	r->kind = CP_ROSTER_ICS;
	r->ics = s;
}

static void f_roster_before(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_roster *)obj)->margin_before = duration_value(c, v, 0, 24 * 60);
}
static void f_roster_after(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_roster *)obj)->margin_after = duration_value(c, v, 0, 24 * 60);
}

static void f_kind_summary(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_shift_kind *)obj)->summary =
		text(c, v, CP_PROBLEM_MAX_TEXT, "the events' SUMMARY, e.g. \"Night\"");
}
static void f_kind_before(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_shift_kind *)obj)->margin_before = duration_value(c, v, 0, 24 * 60);
}
static void f_kind_after(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_shift_kind *)obj)->margin_after = duration_value(c, v, 0, 24 * 60);
}
static const struct field kind_fields[] = {
	{ "summary", true, f_kind_summary, "the events' SUMMARY, e.g. \"Night\"" },
	{ "margin_before", false, f_kind_before, "a duration such as \"PT1H\"" },
	{ "margin_after", false, f_kind_after, "a duration such as \"PT8H\"" },
};

static void f_roster_kinds(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_roster *r = obj;
	long n = array_len(c, v, 0, 16, "kinds of shift");
	if (n < 0)
		return;
	struct cp_shift_kind *k = cp_problem_alloc(c->p, (size_t)n, sizeof(*k));
	if (!k)
		return;
	size_t i = 0;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		size_t old = push_index(c, i);
		k[i].margin_before = k[i].margin_after = CP_MIN_UNSET;
		walk(c, e, kind_fields, NFIELDS(kind_fields), &k[i],
		     "a kind of shift {\"summary\", \"margin_before\", \"margin_after\"}");
		for (size_t j = 0; j < i && k[i].summary; j++)
			if (k[j].summary && strcasecmp(k[j].summary, k[i].summary) == 0) {
				size_t o2 = push_key(c, "summary");
				ERR(c, NULL, "\"%.64s\" is already a kind at index %zu", k[i].summary, j);
				pop(c, o2);
				break;
			}
		pop(c, old);
	}
	r->kinds = k;
	r->n_kinds = (size_t)n;
}

static const struct field roster_fields[] = {
	{ "shifts", false, f_roster_shifts, "an array of shifts" },
	{ "ics", false, f_roster_ics, "path of an .ics file" },
	{ "margin_before", false, f_roster_before, "a duration such as \"PT1H\"" },
	{ "margin_after", false, f_roster_after, "a duration such as \"PT8H\"" },
	{ "kinds", false, f_roster_kinds, "margins per kind of .ics event" },
};

static void f_roster(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_participant *x = obj;
	if (!walk(c, v, roster_fields, NFIELDS(roster_fields), &x->roster,
		  "a roster {\"shifts\": [...]} or {\"ics\": \"file.ics\"}"))
		return;
	bool a = member(v, "shifts"), b = member(v, "ics");
	if (a == b) {
		ERR(c, NULL, a ? "give either \"shifts\" or \"ics\", not both"
			       : "missing the shifts: give \"shifts\" (a list) or \"ics\" (a file)");
		x->roster.kind = CP_ROSTER_NONE;
	} else if (a && member(v, "kinds")) {
		size_t old = push_key(c, "kinds");
		ERR(c, NULL, "kinds select events of an .ics roster by their SUMMARY; give inline "
		    "shifts their own \"margin_before\" and \"margin_after\" instead");
		pop(c, old);
	}
}

/* ---- own calendars and dated periods ---------------------------------- */

static const char *calendar_value(struct ctx *c, const cJSON *v);

static void f_period_from(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_period *)obj)->from = date_value(c, v);
}
static void f_period_to(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_period *)obj)->to = date_value(c, v);
}
static void f_period_availability(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_period *pr = obj;
	pr->availability = windows(c, v, &pr->n_availability);
}

static const struct field period_fields[] = {
	{ "from", true, f_period_from, "first date \"YYYY-MM-DD\"" },
	{ "to", true, f_period_to, "last date \"YYYY-MM-DD\"" },
	{ "availability", true, f_period_availability,
	  "the weekly windows that apply on these dates" },
};

static const struct cp_period *periods(struct ctx *c, const cJSON *v, size_t *count)
{
	long n = array_len(c, v, 0, CP_PROBLEM_MAX_LIST, "periods");
	if (n < 0)
		return NULL;
	struct cp_period *pr = cp_problem_alloc(c->p, (size_t)n, sizeof(*pr));
	if (!pr)
		return NULL;
	size_t i = 0;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		size_t old = push_index(c, i);
		pr[i].from = pr[i].to = CP_DAY_UNSET;
		walk(c, e, period_fields, NFIELDS(period_fields), &pr[i],
		     "a period {\"from\", \"to\", \"availability\"}");
		pop(c, old);
	}
	*count = (size_t)n;
	return pr;
}

static const char *const *own_calendars(struct ctx *c, const cJSON *v, size_t *count)
{
	return string_list(c, v, 0, 16, "holiday calendar ids", calendar_value, count);
}

/* ---- people ----------------------------------------------------------- */

static void f_p_id(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_participant *)obj)->id = id_value(c, v);
}
static void f_p_name(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_participant *)obj)->display_name =
		text(c, v, CP_PROBLEM_MAX_TEXT, "a display name");
}
static void f_p_zone(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_participant *x = obj;
	x->tz = zone_value(c, v, &x->zone);
}
static void f_p_country(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_participant *)obj)->country = country_value(c, v);
}
static void f_p_profile(struct ctx *c, const cJSON *v, void *obj)
{
	static const char *const names[] = { "labour_migrant", "partner", "family_migrant" };
	struct cp_participant *x = obj;
	if (!cJSON_IsString(v)) {
		type_error(c, v, "a profile: \"labour_migrant\", \"partner\" or \"family_migrant\"");
		return;
	}
	if (!cp_profile_from_name(v->valuestring, &x->profile))
		enum_error(c, v, names, 3, "profile");
}
static void f_p_languages(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_participant *x = obj;
	x->languages = string_list(c, v, 1, 16, "language tags", lang_value, &x->n_languages);
}
static void f_p_availability(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_participant *x = obj;
	x->availability = windows(c, v, &x->n_availability);
}
static void f_p_exceptions(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_participant *x = obj;
	x->exceptions = exceptions(c, v, &x->n_exceptions);
}
static void f_p_departure(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_participant *)obj)->departure = date_value(c, v);
}

static void f_p_arrival(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_participant *)obj)->arrival = date_value(c, v);
}

static void f_p_pin(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_participant *)obj)->pin = id_value(c, v);
}

static void f_partner_id(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_participant *)obj)->partner = id_value(c, v);
}
static void f_partner_cohort(struct ctx *c, const cJSON *v, void *obj)
{
	static const char *const names[] = { "dont_care", "same", "different" };
	struct cp_participant *x = obj;
	if (!cJSON_IsString(v)) {
		type_error(c, v, "\"same\", \"different\" or \"dont_care\"");
		return;
	}
	if (!cp_partner_pref_from_name(v->valuestring, &x->partner_pref))
		enum_error(c, v, names, 3, "cohort preference");
}
static const struct field partner_fields[] = {
	{ "id", true, f_partner_id, "the partner's participant id" },
	{ "cohort", false, f_partner_cohort, "\"same\", \"different\" or \"dont_care\"" },
};
static void f_p_partner(struct ctx *c, const cJSON *v, void *obj)
{
	walk(c, v, partner_fields, 2, obj, "a partner link {\"id\", \"cohort\"}");
}

static void f_p_holidays(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_participant *x = obj;
	x->holidays = own_calendars(c, v, &x->n_holidays);
}
static void f_p_periods(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_participant *x = obj;
	x->periods = periods(c, v, &x->n_periods);
}

static const struct field participant_fields[] = {
	{ "id", true, f_p_id, "a pseudonymous id" },
	{ "display_name", false, f_p_name, "personal data" },
	{ "zone", true, f_p_zone, "an IANA time zone such as \"Africa/Casablanca\"" },
	{ "country", false, f_p_country, "ISO 3166-1 code" },
	{ "profile", true, f_p_profile,
	  "\"labour_migrant\", \"partner\" or \"family_migrant\"" },
	{ "languages", true, f_p_languages, "language tags such as [\"ar\", \"fr\"]" },
	{ "availability", false, f_p_availability, "weekly windows" },
	{ "exceptions", false, f_p_exceptions, "dated exceptions" },
	{ "roster", false, f_roster, "shifts" },
	{ "departure", false, f_p_departure, "date" },
	{ "arrival", false, f_p_arrival, "date" },
	{ "pin", false, f_p_pin, "a cohort id of the plan re-planned from" },
	{ "partner", false, f_p_partner, "partner link" },
	{ "holidays", false, f_p_holidays, "own holiday calendar ids such as [\"MA\"]" },
	{ "periods", false, f_p_periods, "dated periods with their own weekly windows" },
};

static void f_t_id(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_teacher *)obj)->id = id_value(c, v);
}
static void f_t_name(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_teacher *)obj)->display_name = text(c, v, CP_PROBLEM_MAX_TEXT, "a display name");
}
static void f_t_zone(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_teacher *t = obj;
	t->tz = zone_value(c, v, &t->zone);
}
static void f_t_country(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_teacher *)obj)->country = country_value(c, v);
}
static void f_t_languages(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_teacher *t = obj;
	t->languages = string_list(c, v, 1, 16, "language tags", lang_value, &t->n_languages);
}
static void f_t_availability(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_teacher *t = obj;
	t->availability = windows(c, v, &t->n_availability);
}
static int hours_value(struct ctx *c, const cJSON *v, double max, int dflt)
{
	double x;
	if (!number(c, v, 0, max, false, &x, "a number of hours"))
		return dflt;
	if (fabs(x * 60 - round(x * 60)) > 1e-6) {
		ERR(c, v, "%s is not a whole number of minutes; expected hours such as 6 or 2.5",
		    show(c, v));
		return dflt;
	}
	return (int)lround(x * 60);
}
static void f_t_max_day(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_teacher *t = obj;
	t->max_day = hours_value(c, v, 24, t->max_day);
}
static void f_t_max_week(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_teacher *t = obj;
	t->max_week = hours_value(c, v, 168, t->max_week);
}
static void f_t_rest(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_teacher *t = obj;
	int m = duration_value(c, v, 0, 48 * 60);
	if (m != CP_MIN_UNSET)
		t->min_rest = m;
}
static void f_t_earliest(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_teacher *t = obj;
	int m = time_value(c, v, false);
	if (m != CP_MIN_UNSET)
		t->earliest = m;
}
static void f_t_latest(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_teacher *t = obj;
	int m = time_value(c, v, true);
	if (m != CP_MIN_UNSET)
		t->latest = m;
}
static void f_t_leave(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_teacher *t = obj;
	t->leave = ranges(c, v, &t->n_leave);
}

static void f_t_holidays(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_teacher *t = obj;
	t->holidays = own_calendars(c, v, &t->n_holidays);
}
static void f_t_periods(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_teacher *t = obj;
	t->periods = periods(c, v, &t->n_periods);
}

static const struct field teacher_fields[] = {
	{ "id", true, f_t_id, "a pseudonymous id" },
	{ "display_name", false, f_t_name, "personal data" },
	{ "zone", true, f_t_zone, "an IANA time zone such as \"Europe/Brussels\"" },
	{ "country", false, f_t_country, "ISO 3166-1 code" },
	{ "languages", true, f_t_languages, "language tags such as [\"ar\", \"nl\"]" },
	{ "availability", false, f_t_availability, "weekly windows" },
	{ "max_hours_per_day", false, f_t_max_day, "hours" },
	{ "max_hours_per_week", false, f_t_max_week, "hours" },
	{ "min_rest", false, f_t_rest, "duration" },
	{ "earliest", false, f_t_earliest, "local time" },
	{ "latest", false, f_t_latest, "local time" },
	{ "leave", false, f_t_leave, "date ranges" },
	{ "holidays", false, f_t_holidays, "own holiday calendar ids such as [\"BE\"]" },
	{ "periods", false, f_t_periods, "dated periods with their own weekly windows" },
};

static void f_participants(struct ctx *c, const cJSON *v, void *obj)
{
	(void)obj;
	long n = array_len(c, v, 1, CP_PROBLEM_MAX_PARTICIPANTS, "participants");
	if (n < 0 || !cp_problem_reserve(c->p, (size_t)n, 0))
		return;
	size_t i = 0;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		struct cp_participant *x = cp_problem_add_participant(c->p);
		if (!x)
			return;
		size_t old = push_index(c, i);
		walk(c, e, participant_fields, NFIELDS(participant_fields), x, "a participant");
		pop(c, old);
	}
}

static void f_teachers(struct ctx *c, const cJSON *v, void *obj)
{
	(void)obj;
	long n = array_len(c, v, 1, CP_PROBLEM_MAX_TEACHERS, "teachers");
	if (n < 0 || !cp_problem_reserve(c->p, 0, (size_t)n))
		return;
	size_t i = 0;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		struct cp_teacher *t = cp_problem_add_teacher(c->p);
		if (!t)
			return;
		size_t old = push_index(c, i);
		walk(c, e, teacher_fields, NFIELDS(teacher_fields), t, "a teacher");
		pop(c, old);
	}
}

/* ---- course ----------------------------------------------------------- */

static void priority_field(struct ctx *c, const cJSON *v, int *prio, int profile)
{
	prio[profile] = int_value(c, v, 1, CP_PROBLEM_MAX_LIST, "a rank (1 = most relevant)", 0);
}
static void f_prio_lm(struct ctx *c, const cJSON *v, void *obj)
{
	priority_field(c, v, obj, CP_PROFILE_LABOUR_MIGRANT);
}
static void f_prio_pa(struct ctx *c, const cJSON *v, void *obj)
{
	priority_field(c, v, obj, CP_PROFILE_PARTNER);
}
static void f_prio_fm(struct ctx *c, const cJSON *v, void *obj)
{
	priority_field(c, v, obj, CP_PROFILE_FAMILY_MIGRANT);
}
static const struct field priority_fields[] = {
	{ "labour_migrant", false, f_prio_lm, "rank" },
	{ "partner", false, f_prio_pa, "rank" },
	{ "family_migrant", false, f_prio_fm, "rank" },
};

static void f_theme_id(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_theme *)obj)->id = id_value(c, v);
}
static void f_theme_name(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_theme *)obj)->name = text(c, v, CP_PROBLEM_MAX_TEXT, "a theme name");
}
static void f_theme_live(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_theme *)obj)->live = duration_value(c, v, 0, CP_PROBLEM_MAX_LESSON_HOURS * 60);
}
static void f_theme_priority(struct ctx *c, const cJSON *v, void *obj)
{
	walk(c, v, priority_fields, 3, ((struct cp_theme *)obj)->priority,
	     "a rank per profile {\"labour_migrant\", \"partner\", \"family_migrant\"}");
}
static const struct field theme_fields[] = {
	{ "id", true, f_theme_id, "a theme id such as \"work\"" },
	{ "name", false, f_theme_name, "display name" },
	{ "live", false, f_theme_live, "live time, a duration" },
	{ "priority", false, f_theme_priority, "rank per profile" },
};

static void f_mod_id(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_module *)obj)->id = id_value(c, v);
}
static void f_mod_theme(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_module *)obj)->theme = id_value(c, v);
}
static void f_mod_duration(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_module *)obj)->minutes = duration_value(c, v, 1, 100 * 60);
}
static void f_mod_priority(struct ctx *c, const cJSON *v, void *obj)
{
	walk(c, v, priority_fields, 3, ((struct cp_module *)obj)->priority,
	     "a rank per profile {\"labour_migrant\", \"partner\", \"family_migrant\"}");
}
static const struct field module_fields[] = {
	{ "id", true, f_mod_id, "a module id" },
	{ "theme", false, f_mod_theme, "a theme id" },
	{ "duration", true, f_mod_duration, "expected study time, e.g. \"PT2H\"" },
	{ "priority", false, f_mod_priority, "rank per profile" },
};

static void f_course_id(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_course *)obj)->id = id_value(c, v);
}
static void f_course_title(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_course *)obj)->title = text(c, v, CP_PROBLEM_MAX_TEXT, "a title");
}
static void f_course_language(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_course *)obj)->language = lang_value(c, v);
}
static void f_course_hours(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_course *co = obj;
	double x;
	if (!number(c, v, 1, CP_PROBLEM_MAX_LESSON_HOURS, false, &x, "lesson hours, such as 48 or 60"))
		return;
	if (fabs(x * 60 - round(x * 60)) > 1e-6) {
		ERR(c, v, "%s is not a whole number of minutes; expected hours such as 48 or 60",
		    show(c, v));
		return;
	}
	co->lesson_minutes = (int)lround(x * 60);
}
static void f_course_share(struct ctx *c, const cJSON *v, void *obj)
{
	double x;
	if (!number(c, v, 0, 1, false, &x, "a share of the lesson hours taught live"))
		return;
	/* solve needs live lessons to plan: validate says so, with the path */
	if (x <= 0) {
		ERR(c, v, "a synchronous share of 0 leaves no live lessons to plan; expected a "
			  "share above 0, such as 0.6");
		return;
	}
	((struct cp_course *)obj)->sync_share = x;
}
static void f_course_session(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_course *)obj)->session_minutes = duration_value(c, v, 15, 8 * 60);
}
static void f_spw_min(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_course *co = obj;
	co->sessions_min = int_value(c, v, 1, 14, "live sessions per week", co->sessions_min);
}
static void f_spw_max(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_course *co = obj;
	co->sessions_max = int_value(c, v, 1, 14, "live sessions per week", co->sessions_max);
}
static const struct field spw_fields[] = {
	{ "min", false, f_spw_min, "sessions" },
	{ "max", false, f_spw_max, "sessions" },
};
static void f_course_spw(struct ctx *c, const cJSON *v, void *obj)
{
	walk(c, v, spw_fields, 2, obj, "an object {\"min\", \"max\"}");
}
static void f_course_start(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_course *)obj)->start = date_value(c, v);
}
static void f_course_end(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_course *)obj)->end = date_value(c, v);
}
static void f_course_themes(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_course *co = obj;
	long n = array_len(c, v, 0, CP_PROBLEM_MAX_LIST, "themes");
	if (n < 0)
		return;
	struct cp_theme *t = cp_problem_alloc(c->p, (size_t)n, sizeof(*t));
	if (!t)
		return;
	size_t i = 0;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		size_t old = push_index(c, i);
		cp_theme_init(&t[i]);
		walk(c, e, theme_fields, NFIELDS(theme_fields), &t[i], "a theme");
		pop(c, old);
	}
	co->themes = t;
	co->n_themes = (size_t)n;
}
static void f_course_modules(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_course *co = obj;
	long n = array_len(c, v, 0, MAX_MODULES, "modules");
	if (n < 0)
		return;
	struct cp_module *m = cp_problem_alloc(c->p, (size_t)n, sizeof(*m));
	if (!m)
		return;
	size_t i = 0;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		size_t old = push_index(c, i);
		cp_module_init(&m[i]);
		walk(c, e, module_fields, NFIELDS(module_fields), &m[i], "a self-paced module");
		pop(c, old);
	}
	co->modules = m;
	co->n_modules = (size_t)n;
}
static void f_quiz_duration(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_quiz *q = obj;
	int m = duration_value(c, v, 5, 4 * 60);
	if (m != CP_MIN_UNSET)
		q->minutes = m;
}
static void f_quiz_pass(struct ctx *c, const cJSON *v, void *obj)
{
	double x;
	if (number(c, v, 0, 1, false, &x, "a share of the points, such as 0.5"))
		((struct cp_quiz *)obj)->pass_mark = x;
}
static void f_quiz_live(struct ctx *c, const cJSON *v, void *obj)
{
	bool_value(c, v, &((struct cp_quiz *)obj)->live);
}
static const struct field quiz_fields[] = {
	{ "duration", false, f_quiz_duration, "duration" },
	{ "pass_mark", false, f_quiz_pass, "share" },
	{ "live", false, f_quiz_live, "boolean" },
};
static void f_course_quiz(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_course *co = obj;
	if (walk(c, v, quiz_fields, 3, &co->quiz, "a final quiz {\"duration\", \"pass_mark\", \"live\"}"))
		co->quiz.present = true;
}

static void f_course_zone(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_course *co = obj;
	co->tz = zone_value(c, v, &co->zone);
}

static const struct field course_fields[] = {
	{ "id", true, f_course_id, "a course id" },
	{ "title", false, f_course_title, "a title" },
	{ "language", true, f_course_language, "the course language, e.g. \"ar\"" },
	{ "lesson_hours", true, f_course_hours, "total lesson hours, e.g. 48 or 60" },
	{ "synchronous_share", false, f_course_share, "share taught live, default 0.6" },
	{ "session_length", true, f_course_session, "length of a live session, e.g. \"PT3H\"" },
	{ "sessions_per_week", false, f_course_spw, "{\"min\", \"max\"}" },
	{ "start", true, f_course_start, "first day of the live course, \"YYYY-MM-DD\"" },
	{ "end", true, f_course_end, "last day of the live course, \"YYYY-MM-DD\"" },
	{ "themes", false, f_course_themes, "themes" },
	{ "modules", false, f_course_modules, "self-paced modules" },
	{ "final_quiz", false, f_course_quiz, "final quiz" },
	{ "zone", false, f_course_zone, "the reference zone of the window, default \"Europe/Brussels\"" },
};

/* ---- policy ----------------------------------------------------------- */

static void f_pol_earliest(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_policy *p = obj;
	int m = time_value(c, v, false);
	if (m != CP_MIN_UNSET)
		p->earliest = m;
}
static void f_pol_latest(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_policy *p = obj;
	int m = time_value(c, v, true);
	if (m != CP_MIN_UNSET)
		p->latest = m;
}
static void f_cs_min(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_policy *p = obj;
	p->cohort_min = int_value(c, v, 1, 1000, "participants per cohort", p->cohort_min);
}
static void f_cs_max(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_policy *p = obj;
	p->cohort_max = int_value(c, v, 1, 1000, "participants per cohort", p->cohort_max);
}
static const struct field cs_fields[] = {
	{ "min", false, f_cs_min, "participants" },
	{ "max", false, f_cs_max, "participants" },
};
static void f_pol_cohort(struct ctx *c, const cJSON *v, void *obj)
{
	walk(c, v, cs_fields, 2, obj, "an object {\"min\", \"max\"}");
}
static void f_pol_target(struct ctx *c, const cJSON *v, void *obj)
{
	double x;
	if (!number(c, v, 0, 1, false, &x, "a share of live lessons, such as 0.8"))
		return;
	if (x <= 0) {
		ERR(c, v, "an attendance target of 0 plans nothing; expected a share above 0, such as 0.8");
		return;
	}
	((struct cp_policy *)obj)->attendance_target = x;
}
static void f_pol_group(struct ctx *c, const cJSON *v, void *obj)
{
	bool_value(c, v, &((struct cp_policy *)obj)->group_by_profile);
}

static void f_pol_makeup(struct ctx *c, const cJSON *v, void *obj)
{
	bool_value(c, v, &((struct cp_policy *)obj)->makeup_counts);
}

static void f_bt_floor(struct ctx *c, const cJSON *v, void *obj)
{
	double x;
	if (!number(c, v, 0, 1, false, &x, "a share of live lessons, such as 0.5"))
		return;
	if (x <= 0) {
		ERR(c, v, "a floor of 0 admits people who attend no lesson; expected a share above 0, such as 0.5, or \"none\" for below_target");
		return;
	}
	((struct cp_policy *)obj)->below_floor = x;
}
static const struct field bt_fields[] = {
	{ "floor", true, f_bt_floor, "a share of live lessons, such as 0.5" },
};
static void f_pol_below(struct ctx *c, const cJSON *v, void *obj)
{
	static const char what[] = "\"none\" or {\"floor\": share}";
	struct cp_policy *pol = obj;
	if (cJSON_IsString(v)) {
		static const char *const names[] = { "none" };
		if (strcmp(v->valuestring, "none") != 0) {
			enum_error(c, v, names, 1, "below_target value");
			return;
		}
		pol->below_admit = false;
		return;
	}
	if (walk(c, v, bt_fields, NFIELDS(bt_fields), pol, what))
		pol->below_admit = true;
}

static const char *calendar_value(struct ctx *c, const cJSON *v)
{
	static const char what[] = "a holiday calendar id such as \"BE\" or \"MA\"";
	if (!cJSON_IsString(v)) {
		type_error(c, v, what);
		return NULL;
	}
	const char *s = v->valuestring;
	size_t n = strlen(s);
	bool ok = n >= 2 && n <= 16;
	for (size_t i = 0; ok && i < n; i++)
		ok = isupper((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-';
	if (!ok) {
		ERR(c, v, "%s is not a calendar id; expected %s (capital letters, digits, '-')",
		    show(c, v), what);
		return NULL;
	}
	return cp_problem_strdup(c->p, s);
}

static void applies_value(struct ctx *c, const cJSON *v, enum cp_applies *out)
{
	static const char *const names[] = { "all", "teachers", "participants" };
	if (!cJSON_IsString(v)) {
		type_error(c, v, "\"all\", \"teachers\" or \"participants\"");
		return;
	}
	if (!cp_applies_from_name(v->valuestring, out))
		enum_error(c, v, names, 3, "group");
}

static void f_hu_calendar(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_holiday_use *)obj)->calendar = calendar_value(c, v);
}
static void f_hu_applies(struct ctx *c, const cJSON *v, void *obj)
{
	applies_value(c, v, &((struct cp_holiday_use *)obj)->applies_to);
}
static void f_hu_countries(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_holiday_use *h = obj;
	h->countries = string_list(c, v, 1, 300, "country codes", country_value, &h->n_countries);
}
static const struct field hu_fields[] = {
	{ "calendar", true, f_hu_calendar, "a calendar id such as \"BE\"" },
	{ "applies_to", true, f_hu_applies, "\"all\", \"teachers\" or \"participants\"" },
	{ "countries", false, f_hu_countries, "country codes" },
};
static void f_pol_holidays(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_policy *pol = obj;
	long n = array_len(c, v, 0, CP_PROBLEM_MAX_LIST, "holiday calendars");
	if (n < 0)
		return;
	struct cp_holiday_use *h = cp_problem_alloc(c->p, (size_t)n, sizeof(*h));
	if (!h)
		return;
	size_t i = 0;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		size_t old = push_index(c, i);
		walk(c, e, hu_fields, 3, &h[i], "a holiday calendar {\"calendar\", \"applies_to\"}");
		pop(c, old);
	}
	pol->holidays = h;
	pol->n_holidays = (size_t)n;
}

static void f_xh_date(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_extra_holiday *)obj)->date = date_value(c, v);
}
static void f_xh_name(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_extra_holiday *)obj)->name = text(c, v, CP_PROBLEM_MAX_TEXT, "a name");
}
static void f_xh_applies(struct ctx *c, const cJSON *v, void *obj)
{
	applies_value(c, v, &((struct cp_extra_holiday *)obj)->applies_to);
}
static void f_xh_countries(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_extra_holiday *h = obj;
	h->countries = string_list(c, v, 1, 300, "country codes", country_value, &h->n_countries);
}
static const struct field xh_fields[] = {
	{ "date", true, f_xh_date, "\"YYYY-MM-DD\"" },
	{ "name", false, f_xh_name, "a name" },
	{ "applies_to", false, f_xh_applies, "\"all\", \"teachers\" or \"participants\"" },
	{ "countries", false, f_xh_countries, "country codes" },
};
static void f_pol_extra(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_policy *pol = obj;
	long n = array_len(c, v, 0, 1000, "added holidays");
	if (n < 0)
		return;
	struct cp_extra_holiday *h = cp_problem_alloc(c->p, (size_t)n, sizeof(*h));
	if (!h)
		return;
	size_t i = 0;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		size_t old = push_index(c, i);
		h[i].date = CP_DAY_UNSET;
		walk(c, e, xh_fields, NFIELDS(xh_fields), &h[i], "an added holiday {\"date\", \"name\"}");
		pop(c, old);
	}
	pol->extra = h;
	pol->n_extra = (size_t)n;
}

static void f_rr_country(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_ramadan_rule *)obj)->country = country_value(c, v);
}
static void f_rr_start(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_ramadan_rule *)obj)->start = time_value(c, v, false);
}
static void f_rr_end(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_ramadan_rule *)obj)->end = time_value(c, v, true);
}
static const struct field rr_fields[] = {
	{ "country", true, f_rr_country, "ISO 3166-1 code such as \"MA\"" },
	{ "start", true, f_rr_start, "local time \"HH:MM\"" },
	{ "end", true, f_rr_end, "local time \"HH:MM\"" },
};
static void f_pol_ramadan(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_policy *pol = obj;
	long n = array_len(c, v, 0, 300, "Ramadan rules");
	if (n < 0)
		return;
	struct cp_ramadan_rule *r = cp_problem_alloc(c->p, (size_t)n, sizeof(*r));
	if (!r)
		return;
	size_t i = 0;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		size_t old = push_index(c, i);
		r[i].start = r[i].end = CP_MIN_UNSET;
		walk(c, e, rr_fields, 3, &r[i], "a Ramadan rule {\"country\", \"start\", \"end\"}");
		pop(c, old);
	}
	pol->ramadan = r;
	pol->n_ramadan = (size_t)n;
}

static void f_pol_weekdays(struct ctx *c, const cJSON *v, void *obj)
{
	/* Same spelling as a weekly window's days. */
	struct cp_weekly_window w = { 0 };
	f_window_days(c, v, &w);
	if (w.days)
		((struct cp_policy *)obj)->weekdays = w.days;
}
static void f_pol_adjacent(struct ctx *c, const cJSON *v, void *obj)
{
	bool_value(c, v, &((struct cp_policy *)obj)->adjacent_days);
}
static void f_pol_grid(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_policy *p = obj;
	double x;
	if (!number(c, v, 15, 60, true, &x, "a start-time grid of 15, 30 or 60 minutes"))
		return;
	if (x != 15 && x != 30 && x != 60) {
		ERR(c, v, "%s is not a start-time grid; expected 15, 30 or 60 (minutes)", show(c, v));
		return;
	}
	p->start_grid = (int)x;
}
static void f_sd_from(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_policy *)obj)->start_from = date_value(c, v);
}
static void f_sd_to(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_policy *)obj)->start_to = date_value(c, v);
}
static void f_sd_every(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_policy *p = obj;
	p->start_every = int_value(c, v, 1, 105, "weeks between start dates", p->start_every);
}
static const struct field sd_fields[] = {
	{ "from", false, f_sd_from, "\"YYYY-MM-DD\"" },
	{ "to", false, f_sd_to, "\"YYYY-MM-DD\"" },
	{ "every_weeks", false, f_sd_every, "weeks" },
};
static void f_pol_start_dates(struct ctx *c, const cJSON *v, void *obj)
{
	walk(c, v, sd_fields, NFIELDS(sd_fields), obj,
	     "an object {\"from\", \"to\", \"every_weeks\"}");
}

static void f_wbw_shapes(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_policy *p = obj;
	p->by_week_shapes = int_value(c, v, 1, 7, "distinct weekly shapes", p->by_week_shapes);
}
static const struct field wbw_fields[] = {
	{ "max_shapes", true, f_wbw_shapes, "distinct weekly shapes, 1 to 7" },
};
static void f_pol_by_week(struct ctx *c, const cJSON *v, void *obj)
{
	static const char what[] = "\"auto\", \"none\" or {\"max_shapes\": K}";
	struct cp_policy *pol = obj;
	if (cJSON_IsString(v)) {
		static const char *const names[] = { "auto", "none" };
		if (strcmp(v->valuestring, "auto") == 0)
			pol->by_week_shapes = -1;
		else if (strcmp(v->valuestring, "none") == 0)
			pol->by_week_shapes = 0;
		else
			enum_error(c, v, names, 2, "week_by_week value");
		return;
	}
	walk(c, v, wbw_fields, NFIELDS(wbw_fields), pol, what);
}

static const struct field policy_fields[] = {
	{ "earliest", false, f_pol_earliest, "local time" },
	{ "latest", false, f_pol_latest, "local time" },
	{ "cohort_size", false, f_pol_cohort, "{\"min\", \"max\"}" },
	{ "attendance_target", false, f_pol_target, "share" },
	{ "group_by_profile", false, f_pol_group, "boolean" },
	{ "holidays", false, f_pol_holidays, "holiday calendars" },
	{ "extra_holidays", false, f_pol_extra, "added dates" },
	{ "ramadan", false, f_pol_ramadan, "Ramadan rules" },
	{ "below_target", false, f_pol_below, "\"none\" or {\"floor\": share}" },
	{ "weekdays", false, f_pol_weekdays, "weekdays lessons may fall on" },
	{ "adjacent_days", false, f_pol_adjacent, "boolean" },
	{ "start_grid", false, f_pol_grid, "minutes: 15, 30 or 60" },
	{ "start_dates", false, f_pol_start_dates, "{\"from\", \"to\", \"every_weeks\"}" },
	{ "week_by_week", false, f_pol_by_week, "\"auto\", \"none\" or {\"max_shapes\": K}" },
	{ "makeup_counts", false, f_pol_makeup, "boolean" },
};

/* ---- top level -------------------------------------------------------- */

static void f_schema(struct ctx *c, const cJSON *v, void *obj)
{
	(void)obj;
	if (!cJSON_IsString(v))
		type_error(c, v, "the URI of the schema (ignored)");
}
static void f_version(struct ctx *c, const cJSON *v, void *obj)
{
	(void)obj;
	double x;
	if (number(c, v, 0, 1e9, true, &x, "the format version") && x != CP_PROBLEM_JSON_VERSION)
		ERR(c, v, "format version %s is not supported; this cohortplan reads version %d",
		    show(c, v), CP_PROBLEM_JSON_VERSION);
}
static void f_course(struct ctx *c, const cJSON *v, void *obj)
{
	(void)obj;
	walk(c, v, course_fields, NFIELDS(course_fields), cp_problem_course_mut(c->p), "the course");
}
static void f_policy(struct ctx *c, const cJSON *v, void *obj)
{
	(void)obj;
	walk(c, v, policy_fields, NFIELDS(policy_fields), cp_problem_policy_mut(c->p), "the policy");
}

static void f_cd_from(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_calendar_date *)obj)->from = date_value(c, v);
}
static void f_cd_to(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_calendar_date *)obj)->to = date_value(c, v);
}
static void f_cd_name(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_calendar_date *)obj)->name = text(c, v, CP_PROBLEM_MAX_TEXT, "a name");
}
static const struct field cd_fields[] = {
	{ "from", true, f_cd_from, "first date \"YYYY-MM-DD\"" },
	{ "to", false, f_cd_to, "last date, default: from" },
	{ "name", false, f_cd_name, "the holiday's name" },
};

static void f_cal_id(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_calendar_def *)obj)->id = calendar_value(c, v);
}
static void f_cal_name(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_calendar_def *)obj)->name = text(c, v, CP_PROBLEM_MAX_TEXT, "a name");
}
static void f_cal_dates(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_calendar_def *cal = obj;
	long n = array_len(c, v, 0, CP_PROBLEM_MAX_CALENDAR_DATES, "holiday dates");
	if (n < 0)
		return;
	struct cp_calendar_date *d = cp_problem_alloc(c->p, (size_t)n, sizeof(*d));
	if (!d)
		return;
	size_t i = 0;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		size_t old = push_index(c, i);
		d[i].from = d[i].to = CP_DAY_UNSET;
		if (cJSON_IsString(e)) {
			d[i].from = d[i].to = date_value(c, e);
		} else if (!cJSON_IsObject(e)) {
			type_error(c, e, "a date \"YYYY-MM-DD\" or {\"from\", \"to\", \"name\"}");
		} else if (walk(c, e, cd_fields, NFIELDS(cd_fields), &d[i],
				"a holiday {\"from\", \"to\", \"name\"}") && !member(e, "to")) {
			d[i].to = d[i].from;
		}
		pop(c, old);
	}
	cal->dates = d;
	cal->n_dates = (size_t)n;
}
static const struct field cal_fields[] = {
	{ "id", true, f_cal_id, "a calendar id such as \"MX\" or \"T-07\"" },
	{ "name", false, f_cal_name, "a display name" },
	{ "dates", true, f_cal_dates, "the holidays: dates or {\"from\", \"to\", \"name\"}" },
};
static void f_calendars(struct ctx *c, const cJSON *v, void *obj)
{
	(void)obj;
	long n = array_len(c, v, 0, CP_PROBLEM_MAX_CALENDARS, "holiday calendars");
	if (n < 0)
		return;
	struct cp_calendar_def *cal = cp_problem_alloc(c->p, (size_t)n, sizeof(*cal));
	if (!cal)
		return;
	size_t i = 0;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		size_t old = push_index(c, i);
		walk(c, e, cal_fields, NFIELDS(cal_fields), &cal[i],
		     "a holiday calendar {\"id\", \"name\", \"dates\"}");
		pop(c, old);
	}
	cp_problem_set_calendars(c->p, cal, (size_t)n);
}

/* ---- case managers and appointments (docs/appointments.md) ----------- */

static void f_cm_id(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_case_manager *)obj)->id = id_value(c, v);
}
static void f_cm_zone(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_case_manager *m = obj;
	m->tz = zone_value(c, v, &m->zone);
}
static void f_cm_availability(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_case_manager *m = obj;
	if (cJSON_IsArray(v) && cJSON_GetArraySize(v) == 0) {
		ERR(c, v, "a case manager needs at least one weekly window");
		return;
	}
	m->availability = windows(c, v, &m->n_availability);
}
static void f_cm_max(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_case_manager *m = obj;
	m->max_per_day = int_value(c, v, 1, 48, "calls per day", m->max_per_day);
}
static void f_cm_leave(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_case_manager *m = obj;
	m->leave = ranges(c, v, &m->n_leave);
}
static const struct field cm_fields[] = {
	{ "id", true, f_cm_id, "a pseudonymous id" },
	{ "zone", true, f_cm_zone, "an IANA time zone such as \"Europe/Brussels\"" },
	{ "availability", true, f_cm_availability, "weekly windows" },
	{ "max_calls_per_day", false, f_cm_max, "calls per day" },
	{ "leave", false, f_cm_leave, "date ranges" },
};
static void f_case_managers(struct ctx *c, const cJSON *v, void *obj)
{
	(void)obj;
	long n = array_len(c, v, 1, CP_PROBLEM_MAX_TEACHERS, "case managers");
	if (n < 0)
		return;
	struct cp_case_manager *m = cp_problem_alloc(c->p, (size_t)n, sizeof(*m));
	if (!m)
		return;
	size_t i = 0;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		size_t old = push_index(c, i);
		m[i].max_per_day = 6;
		if (walk(c, e, cm_fields, NFIELDS(cm_fields), &m[i],
			 "a case manager {\"id\", \"zone\", \"availability\"}") && m[i].id)
			for (size_t j = 0; j < i; j++)
				if (m[j].id && strcmp(m[j].id, m[i].id) == 0) {
					ERR(c, e, "case manager id \"%s\" is used twice (first at "
					    "/case_managers/%zu)", m[i].id, j);
					break;
				}
		pop(c, old);
	}
	cp_problem_set_case_managers(c->p, m, (size_t)n);
}

static void f_ap_intake_duration(struct ctx *c, const cJSON *v, void *obj)
{
	int m = duration_value(c, v, 0, 8 * 60);
	if (m != CP_MIN_UNSET)
		((struct cp_appoint_rules *)obj)->intake_minutes = m;
}
static void f_ap_intake_from(struct ctx *c, const cJSON *v, void *obj)
{
	((struct cp_appoint_rules *)obj)->intake_from = date_value(c, v);
}
static const struct field ap_intake_fields[] = {
	{ "duration", false, f_ap_intake_duration, "an ISO 8601 duration such as \"PT45M\"" },
	{ "from", false, f_ap_intake_from, "date" },
};
static void f_ap_followup_duration(struct ctx *c, const cJSON *v, void *obj)
{
	int m = duration_value(c, v, 0, 8 * 60);
	if (m != CP_MIN_UNSET)
		((struct cp_appoint_rules *)obj)->followup_minutes = m;
}
static void f_ap_followup_days(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_appoint_rules *r = obj;
	r->followup_days = int_value(c, v, 1, 365, "days after arrival", r->followup_days);
}
static const struct field ap_followup_fields[] = {
	{ "duration", false, f_ap_followup_duration, "an ISO 8601 duration such as \"PT30M\"" },
	{ "within_days", false, f_ap_followup_days, "days after arrival" },
};
static void f_ap_intake(struct ctx *c, const cJSON *v, void *obj)
{
	walk(c, v, ap_intake_fields, NFIELDS(ap_intake_fields), obj,
	     "an intake call {\"duration\", \"from\"}");
}
static void f_ap_followup(struct ctx *c, const cJSON *v, void *obj)
{
	walk(c, v, ap_followup_fields, NFIELDS(ap_followup_fields), obj,
	     "a follow-up call {\"duration\", \"within_days\"}");
}
static void f_ap_grid(struct ctx *c, const cJSON *v, void *obj)
{
	struct cp_appoint_rules *r = obj;
	int g = int_value(c, v, 5, 60, "minutes: 5, 10, 15, 20, 30 or 60", CP_MIN_UNSET);
	if (g == CP_MIN_UNSET)
		return;
	if (60 % g != 0) {
		ERR(c, v, "start_grid %d does not divide an hour; expected 5, 10, 15, 20, 30 or 60",
		    g);
		return;
	}
	r->grid = g;
}
static const struct field ap_fields[] = {
	{ "intake", false, f_ap_intake, "{\"duration\", \"from\"}" },
	{ "followup", false, f_ap_followup, "{\"duration\", \"within_days\"}" },
	{ "start_grid", false, f_ap_grid, "minutes: 5, 10, 15, 20, 30 or 60" },
};
static void f_appointments(struct ctx *c, const cJSON *v, void *obj)
{
	(void)obj;
	walk(c, v, ap_fields, NFIELDS(ap_fields), cp_problem_appoint_rules_mut(c->p),
	     "the call rules {\"intake\", \"followup\", \"start_grid\"}");
}

static const struct field top_fields[] = {
	{ "$schema", false, f_schema, "schema URI" },
	{ "version", true, f_version, "the format version, 1" },
	{ "course", true, f_course, "the course" },
	{ "policy", false, f_policy, "the planners' rules" },
	{ "teachers", true, f_teachers, "an array of teachers" },
	{ "participants", true, f_participants, "an array of participants" },
	{ "calendars", false, f_calendars, "holiday calendars defined here" },
	{ "case_managers", false, f_case_managers, "an array of case managers" },
	{ "appointments", false, f_appointments, "rules for intake and follow-up calls" },
};

/* ---- pre-flight and syntax errors ------------------------------------- */

static void position(const char *buf, size_t off, long *line, long *col)
{
	long l = 1, cl = 1;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			l++;
			cl = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
			cl++;
		}
	}
	*line = l;
	*col = cl;
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* The length of the RFC 8259 number at s[i], or 0 with the offending byte
 * in *bad: -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?, and not
 * followed by more of a number (cJSON reads "048" and "48." happily). */
static size_t number_length(const unsigned char *s, size_t i, size_t len, size_t *bad)
{
	size_t j = i;

	if (j < len && s[j] == '-')
		j++;
	if (j >= len || !is_digit(s[j]))
		goto fail;
	if (s[j] == '0') {
		j++;
		if (j < len && is_digit(s[j]))
			goto fail;
	} else {
		while (j < len && is_digit(s[j]))
			j++;
	}
	if (j < len && s[j] == '.') {
		j++;
		if (j >= len || !is_digit(s[j]))
			goto fail;
		while (j < len && is_digit(s[j]))
			j++;
	}
	if (j < len && (s[j] == 'e' || s[j] == 'E')) {
		j++;
		if (j < len && (s[j] == '+' || s[j] == '-'))
			j++;
		if (j >= len || !is_digit(s[j]))
			goto fail;
		while (j < len && is_digit(s[j]))
			j++;
	}
	if (j < len && (s[j] == '.' || s[j] == 'e' || s[j] == 'E' || s[j] == '-' || s[j] == '+'))
		goto fail;
	return j - i;
fail:
	*bad = j < len ? j : len;
	return 0;
}

/* Does a value start at s[i] (after ':', '[', ',' or at the top)? Digits
 * elsewhere (inside a single-quoted 'c-1') are left to the parser, whose
 * message says what is really wrong. */
static bool starts_value(const unsigned char *s, size_t i)
{
	while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n' ||
			 s[i - 1] == '\r'))
		i--;
	return i == 0 || s[i - 1] == ':' || s[i - 1] == '[' || s[i - 1] == ',' ||
	       s[i - 1] == 0xbf; /* after the byte order mark */
}

bool cp_json_preflight(const char *buf, size_t len, size_t max_bytes, int max_depth,
		       struct cp_diag *diag)
{
	long line, col;
	if (max_bytes == 0)
		max_bytes = CP_JSON_MAX_BYTES;
	if (max_depth <= 0)
		max_depth = CP_JSON_MAX_DEPTH;
	if (len > max_bytes) {
		cp_diag_add_at(diag, CP_DIAG_ERROR, 0, 0, 0,
			       "the input is %zu bytes; at most %zu bytes (%zu MiB) are accepted",
			       len, max_bytes, max_bytes >> 20);
		return false;
	}
	const unsigned char *s = (const unsigned char *)buf;
	int depth = 0;
	bool in_string = false;
	for (size_t i = 0; i < len;) {
		unsigned char b = s[i];
		if (b == 0) {
			position(buf, i, &line, &col);
			cp_diag_add_at(diag, CP_DIAG_ERROR, i, line, col,
				       "NUL byte at byte %zu (line %ld, column %ld): this is not a "
				       "text file; expected UTF-8 JSON", i, line, col);
			return false;
		}
		if (b >= 0x80 && !in_string && !(i == 0 && len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)) {
			/* Outside strings JSON is ASCII; a byte order mark is
			 * allowed once, at the very start. */
			position(buf, i, &line, &col);
			cp_diag_add_at(diag, CP_DIAG_ERROR, i, line, col,
				       "%s at byte %zu (line %ld, column %ld), outside a string",
				       len - i >= 3 && memcmp(s + i, "\xef\xbb\xbf", 3) == 0 ?
					       "a second byte order mark" : "non-ASCII character",
				       i, line, col);
			return false;
		}
		if (b >= 0x80) {
			size_t l = cp_utf8_seq(s + i, len - i);
			if (!l) {
				position(buf, i, &line, &col);
				cp_diag_add_at(diag, CP_DIAG_ERROR, i, line, col,
					       "invalid UTF-8 at byte %zu (line %ld, column %ld, byte "
					       "0x%02x); save the file as UTF-8", i, line, col, b);
				return false;
			}
			i += l;
			continue;
		}
		if (in_string) {
			if (b == '\\' && i + 6 <= len && memcmp(s + i + 1, "u0000", 5) == 0) {
				/* cJSON would cut the string there: "P\u0000a" and
				 * "P\u0000b" would both read as "P" */
				position(buf, i, &line, &col);
				cp_diag_add_at(diag, CP_DIAG_ERROR, i, line, col,
					       "\\u0000 (a NUL character) in a string at byte %zu "
					       "(line %ld, column %ld); text values cannot contain it",
					       i, line, col);
				return false;
			}
			if (b < 0x20) {
				position(buf, i, &line, &col);
				cp_diag_add_at(diag, CP_DIAG_ERROR, i, line, col,
					       "raw control character 0x%02x in a string at byte %zu "
					       "(line %ld, column %ld); write it escaped (\\n, \\t, "
					       "\\u00XX)", b, i, line, col);
				return false;
			}
			if (b == '\\' && i + 1 < len && s[i + 1] != 0) {
				i++;
			} else if (b == '"') {
				in_string = false;
			} else {
				/* the common case: plain text up to the next quote */
				size_t j = i + 1;
				while (j < len && s[j] >= 0x20 && s[j] < 0x80 && s[j] != '"' &&
				       s[j] != '\\')
					j++;
				i = j;
				continue;
			}
		} else if (b == '"') {
			in_string = true;
		} else if ((b == '-' || is_digit(b)) && starts_value(s, i)) {
			size_t bad = i, n = number_length(s, i, len, &bad);
			if (!n) {
				position(buf, bad, &line, &col);
				cp_diag_add_at(diag, CP_DIAG_ERROR, bad, line, col,
					       "malformed number at byte %zu (line %ld, column %ld): "
					       "JSON numbers have no leading zeros (048), no bare "
					       "point (48.) and digits after an exponent", bad, line,
					       col);
				return false;
			}
			i += n;
			continue;
		} else if (b == '[' || b == '{') {
			if (++depth > max_depth) {
				position(buf, i, &line, &col);
				cp_diag_add_at(diag, CP_DIAG_ERROR, i, line, col,
					       "nesting deeper than %d levels at byte %zu (line %ld, "
					       "column %ld); a problem needs about 6", max_depth, i,
					       line, col);
				return false;
			}
		} else if (b == ']' || b == '}') {
			if (depth > 0)
				depth--;
		}
		i++;
	}
	return true;
}

/* True when the text ends inside a string or with brackets still open:
 * the usual sign of a truncated file, whatever cJSON tripped over. */
static bool ends_open(const char *buf, size_t len)
{
	long depth = 0;
	bool in_string = false;
	for (size_t i = 0; i < len; i++) {
		char b = buf[i];
		if (in_string) {
			if (b == '\\')
				i++;
			else if (b == '"')
				in_string = false;
		} else if (b == '"') {
			in_string = true;
		} else if (b == '[' || b == '{') {
			depth++;
		} else if (b == ']' || b == '}') {
			depth--;
		}
	}
	return in_string || depth > 0;
}

/* A kind word about what probably went wrong at the failing byte. */
static const char *syntax_hint(const char *buf, size_t len, size_t off)
{
	if (off >= len)
		return "unexpected end of input: the file is truncated or a bracket or quote is "
		       "not closed";
	char ch = buf[off];
	size_t k = off;
	while (k > 0 && isspace((unsigned char)buf[k - 1]))
		k--;
	if ((ch == '}' || ch == ']') && k > 0 && buf[k - 1] == ',')
		return "trailing comma before a closing bracket";
	if (ch == '\'')
		return "strings and names take double quotes, not single quotes";
	if (ch == '/' || ch == '#')
		return "JSON has no comments";
	if (ch == '"' && k > 0 && (buf[k - 1] == '"' || buf[k - 1] == '}' || buf[k - 1] == ']' ||
				   isalnum((unsigned char)buf[k - 1])))
		return "missing comma between values";
	if (ch == '{' && k > 0 && (buf[k - 1] == '}'))
		return "missing comma between objects";
	if (isalpha((unsigned char)ch))
		return "unquoted text: strings take double quotes; literals are true, false and null";
	return "unexpected character";
}

/* ---- entry points ----------------------------------------------------- */

enum cp_problem_status cp_problem_json_parse(const char *buf, size_t len, struct cp_tzdb *db,
					     const struct cp_problem_json_options *opts,
					     struct cp_problem **out, struct cp_diag *diag)
{
	struct cp_problem_json_options dflt = { 0 };
	if (!opts)
		opts = &dflt;
	*out = NULL;
	size_t errors_before = cp_diag_errors(diag);

	/* A UTF-8 byte order mark is harmless: skip it rather than refuse. */
	size_t skip = 0;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		skip = 3;
	if (!cp_json_preflight(buf, len, opts->max_bytes, opts->max_depth, diag))
		return cp_diag_nomem(diag) ? CP_PROBLEM_ERR_NOMEM : CP_PROBLEM_ERR_INVALID;

	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(buf + skip, len - skip, &end, false);
	if (!root) {
		/* cJSON also returns NULL when malloc fails; it cannot tell us
		 * which, so an error at a plausible byte is a syntax error. */
		size_t off = end ? (size_t)(end - buf) : len;
		if (off > len)
			off = len;
		long line, col;
		position(buf, off, &line, &col);
		const char *hint = syntax_hint(buf, len, off);
		if (ends_open(buf + skip, len - skip) && off + 1 < len)
			hint = "the input ends inside an unclosed string, object or array: is the file "
			       "truncated?";
		if (len - skip == 0 || (off >= len && strspn(buf + skip, " \t\r\n") == len - skip))
			cp_diag_add_at(diag, CP_DIAG_ERROR, off, line, col,
				       "the input is empty; expected a JSON object");
		else
			cp_diag_add_at(diag, CP_DIAG_ERROR, off, line, col,
				       "JSON syntax error at line %ld, column %ld (byte %zu): %s",
				       line, col, off, hint);
		return CP_PROBLEM_ERR_INVALID;
	}
	/* cJSON stops after the first value; anything but blanks after it is
	 * a second document or junk. */
	size_t off = end ? (size_t)(end - buf) : len;
	while (off < len && isspace((unsigned char)buf[off]))
		off++;
	if (off < len) {
		long line, col;
		position(buf, off, &line, &col);
		cp_diag_add_at(diag, CP_DIAG_ERROR, off, line, col,
			       "JSON syntax error at line %ld, column %ld (byte %zu): text after the "
			       "end of the document", line, col, off);
		cJSON_Delete(root);
		return CP_PROBLEM_ERR_INVALID;
	}

	struct cp_problem *p = cp_problem_create(db);
	if (!p) {
		cJSON_Delete(root);
		return CP_PROBLEM_ERR_NOMEM;
	}
	struct ctx c = { .p = p, .d = diag, .db = db };
	c.path[0] = '\0';
	walk(&c, root, top_fields, NFIELDS(top_fields), NULL,
	     "a problem object {\"version\", \"course\", \"teachers\", \"participants\"}");
	cJSON_Delete(root);

	enum cp_problem_status st = CP_PROBLEM_OK;
	if (cp_problem_nomem(p) || cp_diag_nomem(diag))
		st = CP_PROBLEM_ERR_NOMEM;
	if (st == CP_PROBLEM_OK) {
		st = cp_problem_check(p, diag);
		if (st == CP_PROBLEM_ERR_INVALID)
			st = CP_PROBLEM_OK; /* decided below, after the rosters */
	}
	if (st == CP_PROBLEM_OK)
		st = cp_problem_json_load_rosters(p, opts->base_dir, opts->no_files, diag);
	if (st == CP_PROBLEM_OK)
		st = cp_problem_json_check_calendars(p, opts->holidays_dir, diag);
	if (st == CP_PROBLEM_OK && cp_diag_errors(diag) > errors_before)
		st = CP_PROBLEM_ERR_INVALID;
	if (st != CP_PROBLEM_OK) {
		cp_problem_destroy(p);
		return st;
	}
	*out = p;
	return CP_PROBLEM_OK;
}

enum cp_problem_status cp_problem_json_load(const char *path, struct cp_tzdb *db,
					    const struct cp_problem_json_options *opts,
					    struct cp_problem **out, struct cp_diag *diag)
{
	struct cp_problem_json_options o = { 0 };
	if (opts)
		o = *opts;
	*out = NULL;
	size_t max = o.max_bytes ? o.max_bytes : CP_JSON_MAX_BYTES;

	/* Pipes (validate -) are read too, bounded like files. */
	char *buf;
	size_t len;
	int e;
	enum cp_read_status rs = cp_read_file(path, max, 0, &buf, &len, &e);
	switch (rs) {
	case CP_READ_OK:
		break;
	case CP_READ_ERR_NOMEM:
		return CP_PROBLEM_ERR_NOMEM;
	case CP_READ_ERR_TOO_BIG:
		cp_diag_add_at(diag, CP_DIAG_ERROR, 0, 0, 0,
			       "%s is larger than the %zu bytes (%zu MiB) accepted", path, max,
			       max >> 20);
		return CP_PROBLEM_ERR_INVALID;
	case CP_READ_ERR_NOT_FILE:
		cp_diag_add(diag, CP_DIAG_ERROR, "", NULL, "%s is a directory, not a file", path);
		return CP_PROBLEM_ERR_IO;
	default:
		cp_diag_add(diag, CP_DIAG_ERROR, "", NULL, "cannot %s %s: %s",
			    rs == CP_READ_ERR_OPEN ? "open" : "read", path, strerror(e));
		return CP_PROBLEM_ERR_IO;
	}

	char *dir = NULL;
	if (!o.base_dir) {
		const char *slash = strrchr(path, '/');
		dir = slash ? strndup(path, (size_t)(slash - path + (slash == path))) : strdup(".");
		if (!dir) {
			free(buf);
			return CP_PROBLEM_ERR_NOMEM;
		}
		o.base_dir = dir;
	}
	enum cp_problem_status s = cp_problem_json_parse(buf, len, db, &o, out, diag);
	free(buf);
	free(dir);
	return s;
}
