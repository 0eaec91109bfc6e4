/*
 * Holiday calendars: rules in, one entry per day off out.
 *
 * Expansion walks each rule over the requested Gregorian years (and the year
 * before, so multi-day holidays spilling over New Year are not lost) and
 * keeps the days that fall inside. Islamic rules walk Hijri years instead:
 * a Hijri year is about 11 days shorter than a Gregorian one, so a Hijri date
 * can fall twice in one Gregorian year (1 Muharram did in 2008), and a rule
 * "once per Gregorian year" would silently drop one.
 */
#include <cohortplan/holidays.h>
#include <cohortplan/tz.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cp_util.h"

#define YEAR_MIN 1600
#define YEAR_MAX 9000
#define KEY_MAX 64

struct rule {
	struct cp_holiday_rule pub; /* pub.key, pub.name and pub.announced
	                             * point at the copies below */
	char *key;
	char *name;
	struct cp_holiday_announced *announced;
};

struct cp_holiday_calendar {
	char *id;
	char *name;
	struct rule *rules;
	size_t count;
	size_t cap;
};

const char *
cp_holidays_strerror(enum cp_holidays_status status)
{
	switch (status) {
	case CP_HOLIDAYS_OK: return "success";
	case CP_HOLIDAYS_ERR_NOMEM: return "out of memory";
	case CP_HOLIDAYS_ERR_INVALID: return "invalid holiday rule or argument";
	case CP_HOLIDAYS_ERR_NO_HIJRI: return "no Islamic calendar available";
	case CP_HOLIDAYS_ERR_HIJRI: return "Islamic calendar conversion failed";
	case CP_HOLIDAYS_ERR_FORMAT: return "malformed holiday calendar";
	case CP_HOLIDAYS_ERR_IO: return "holiday calendar unreadable";
	}
	return "unknown holiday error";
}

const char *
cp_holiday_kind_name(enum cp_holiday_kind kind)
{
	switch (kind) {
	case CP_HOLIDAY_FIXED: return "fixed";
	case CP_HOLIDAY_DATE: return "date";
	case CP_HOLIDAY_EASTER: return "easter";
	case CP_HOLIDAY_ORTHODOX_EASTER: return "orthodox-easter";
	case CP_HOLIDAY_ISLAMIC: return "islamic";
	}
	return "unknown";
}

static enum cp_holidays_status
fail(struct cp_holidays_error *err, enum cp_holidays_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum cp_holidays_status
fail(struct cp_holidays_error *err, enum cp_holidays_status status, const char *fmt, ...)
{
	CP_ERROR_SET(err, status, fmt);
	return status;
}

static void
ok(struct cp_holidays_error *err)
{
	if (err != NULL) {
		err->status = CP_HOLIDAYS_OK;
		err->message[0] = '\0';
	}
}


static int32_t
year_of(int64_t days)
{
	int32_t y;
	int m, d;
	cp_civil_from_days(days, &y, &m, &d);
	return y;
}

/* ---- calendars ---------------------------------------------------------- */

struct cp_holiday_calendar *
cp_holidays_create(const char *id)
{
	if (id == NULL || id[0] == '\0')
		return NULL;
	struct cp_holiday_calendar *cal = calloc(1, sizeof(*cal));
	if (cal == NULL)
		return NULL;
	cal->id = strdup(id);
	if (cal->id == NULL) {
		free(cal);
		return NULL;
	}
	return cal;
}

void
cp_holidays_destroy(struct cp_holiday_calendar *cal)
{
	if (cal == NULL)
		return;
	for (size_t i = 0; i < cal->count; i++) {
		free(cal->rules[i].key);
		free(cal->rules[i].name);
		free(cal->rules[i].announced);
	}
	free(cal->rules);
	free(cal->name);
	free(cal->id);
	free(cal);
}

const char *
cp_holidays_id(const struct cp_holiday_calendar *cal)
{
	return cal->id;
}

const char *
cp_holidays_name(const struct cp_holiday_calendar *cal)
{
	return cal->name != NULL ? cal->name : cal->id;
}

enum cp_holidays_status
cp_holidays_set_name(struct cp_holiday_calendar *cal, const char *name)
{
	char *copy = NULL;
	if (name != NULL && (copy = strdup(name)) == NULL)
		return CP_HOLIDAYS_ERR_NOMEM;
	free(cal->name);
	cal->name = copy;
	return CP_HOLIDAYS_OK;
}

size_t
cp_holidays_rule_count(const struct cp_holiday_calendar *cal)
{
	return cal->count;
}

const struct cp_holiday_rule *
cp_holidays_rule(const struct cp_holiday_calendar *cal, size_t i)
{
	return i < cal->count ? &cal->rules[i].pub : NULL;
}

static bool
valid_key(const char *key)
{
	size_t n = 0;
	for (; key[n] != '\0'; n++) {
		char c = key[n];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return n > 0 && n <= KEY_MAX;
}

/* Check a rule's fields for its kind; the message names the first bad one. */
static enum cp_holidays_status
check_rule(const struct cp_holiday_calendar *cal, const struct cp_holiday_rule *r,
	   struct cp_holidays_error *err)
{
	const char *id = cal->id;
	if (r->key == NULL || !valid_key(r->key))
		return fail(err, CP_HOLIDAYS_ERR_INVALID,
			    "calendar %s: holiday key must be 1..%d characters of a-z, 0-9 and _",
			    id, KEY_MAX);
	const char *key = r->key;
	if (r->name == NULL || r->name[0] == '\0')
		return fail(err, CP_HOLIDAYS_ERR_INVALID,
			    "calendar %s: holiday %s has an empty name", id, key);
	if (r->days < 1 || r->days > CP_HOLIDAY_MAX_DAYS)
		return fail(err, CP_HOLIDAYS_ERR_INVALID,
			    "calendar %s: holiday %s lasts %d days, expected 1..%d",
			    id, key, r->days, CP_HOLIDAY_MAX_DAYS);
	if ((r->first_year != 0 && (r->first_year < YEAR_MIN || r->first_year > YEAR_MAX)) ||
	    (r->last_year != 0 && (r->last_year < YEAR_MIN || r->last_year > YEAR_MAX)))
		return fail(err, CP_HOLIDAYS_ERR_INVALID,
			    "calendar %s: holiday %s: years %d..%d outside %d..%d",
			    id, key, (int)r->first_year, (int)r->last_year, YEAR_MIN, YEAR_MAX);
	if (r->first_year != 0 && r->last_year != 0 && r->first_year > r->last_year)
		return fail(err, CP_HOLIDAYS_ERR_INVALID,
			    "calendar %s: holiday %s: first year %d after last year %d",
			    id, key, (int)r->first_year, (int)r->last_year);
	if (r->n_announced > CP_HOLIDAY_MAX_ANNOUNCED || (r->n_announced && !r->announced))
		return fail(err, CP_HOLIDAYS_ERR_INVALID,
			    "calendar %s: holiday %s: %zu announced dates (at most %d)", id, key,
			    r->n_announced, CP_HOLIDAY_MAX_ANNOUNCED);
	for (size_t i = 0; i < r->n_announced; i++) {
		const struct cp_holiday_announced *a = &r->announced[i];
		if (a->days < 1 || a->days > CP_HOLIDAY_MAX_DAYS || a->year < YEAR_MIN ||
		    a->year > YEAR_MAX || year_of(a->date) < a->year - 1 ||
		    year_of(a->date) > a->year + 1)
			return fail(err, CP_HOLIDAYS_ERR_INVALID,
				    "calendar %s: holiday %s: announced date %zu of year %d: "
				    "expected 1..%d days starting within a year of it", id, key,
				    i, (int)a->year, CP_HOLIDAY_MAX_DAYS);
		for (size_t k = 0; k < i; k++)
			if (r->announced[k].year == a->year)
				return fail(err, CP_HOLIDAYS_ERR_INVALID,
					    "calendar %s: holiday %s: year %d announced twice", id,
					    key, (int)a->year);
	}
	switch (r->kind) {
	case CP_HOLIDAY_FIXED:
		/* 02-29 is allowed: it simply happens in leap years only. */
		if (r->month < 1 || r->month > 12 || r->day < 1 ||
		    r->day > cp_month_days(2000, r->month))
			return fail(err, CP_HOLIDAYS_ERR_INVALID,
				    "calendar %s: holiday %s: no such date %02d-%02d",
				    id, key, r->month, r->day);
		break;
	case CP_HOLIDAY_ISLAMIC:
		if (r->month < 1 || r->month > 12 || r->day < 1 || r->day > 30)
			return fail(err, CP_HOLIDAYS_ERR_INVALID,
				    "calendar %s: holiday %s: no such Hijri date %02d-%02d "
				    "(months 1..12, days 1..30)", id, key, r->month, r->day);
		break;
	case CP_HOLIDAY_EASTER:
	case CP_HOLIDAY_ORTHODOX_EASTER:
		if (r->offset < -100 || r->offset > 100)
			return fail(err, CP_HOLIDAYS_ERR_INVALID,
				    "calendar %s: holiday %s: Easter offset %d outside -100..100",
				    id, key, r->offset);
		break;
	case CP_HOLIDAY_DATE: {
		int32_t y = year_of(r->date);
		if (r->date < cp_days_from_civil(YEAR_MIN, 1, 1) ||
		    r->date > cp_days_from_civil(YEAR_MAX, 12, 31))
			return fail(err, CP_HOLIDAYS_ERR_INVALID,
				    "calendar %s: holiday %s: date in year %d outside %d..%d",
				    id, key, (int)y, YEAR_MIN, YEAR_MAX);
		break;
	}
	default:
		return fail(err, CP_HOLIDAYS_ERR_INVALID,
			    "calendar %s: holiday %s: unknown rule kind %d", id, key, (int)r->kind);
	}
	return CP_HOLIDAYS_OK;
}

enum cp_holidays_status
cp_holidays_add_rule(struct cp_holiday_calendar *cal, const struct cp_holiday_rule *rule,
		     struct cp_holidays_error *err)
{
	enum cp_holidays_status st = check_rule(cal, rule, err);
	if (st != CP_HOLIDAYS_OK)
		return st;
	if (!CP_GROW(cal->rules, cal->cap, cal->count + 1, 16))
		return fail(err, CP_HOLIDAYS_ERR_NOMEM, "out of memory");
	struct rule *r = &cal->rules[cal->count];
	r->key = strdup(rule->key);
	r->name = strdup(rule->name);
	r->announced = NULL;
	if (rule->n_announced) {
		r->announced = malloc(rule->n_announced * sizeof(*r->announced));
		if (r->announced)
			memcpy(r->announced, rule->announced,
			       rule->n_announced * sizeof(*r->announced));
	}
	if (r->key == NULL || r->name == NULL || (rule->n_announced && !r->announced)) {
		free(r->key);
		free(r->name);
		free(r->announced);
		return fail(err, CP_HOLIDAYS_ERR_NOMEM, "out of memory");
	}
	r->pub = *rule;
	r->pub.key = r->key;
	r->pub.name = r->name;
	r->pub.announced = r->announced;
	cal->count++;
	ok(err);
	return CP_HOLIDAYS_OK;
}

enum cp_holidays_status
cp_holidays_add_date(struct cp_holiday_calendar *cal, int64_t date, int days,
		     const char *key, const char *name, struct cp_holidays_error *err)
{
	struct cp_holiday_rule r = {
		.kind = CP_HOLIDAY_DATE,
		.date = date,
		.days = days,
		.key = key,
		.name = name != NULL ? name : key,
	};
	return cp_holidays_add_rule(cal, &r, err);
}

/* ---- the Islamic calendar ----------------------------------------------- */

/* Hijri years whose dates can fall in Gregorian years from..to. A Hijri year
 * is 354 or 355 days and AH 1 began in 622 CE, so H ~ (G - 622) * 33 / 32;
 * the margin of two years on each side absorbs the approximation and the
 * caller filters by Gregorian date anyway. */
static void
hijri_years(int32_t from, int32_t to, int32_t *hfrom, int32_t *hto)
{
	*hfrom = (int32_t)(((int64_t)from - 622) * 33 / 32) - 2;
	*hto = (int32_t)(((int64_t)to - 622) * 33 / 32) + 2;
	if (*hfrom < 1)
		*hfrom = 1;
}

enum cp_holidays_status
cp_hijri_months(const struct cp_hijri_calendar *hijri, int month, int32_t year_from,
		int32_t year_to, struct cp_hijri_month *out, size_t cap, size_t *count,
		struct cp_holidays_error *err)
{
	*count = 0;
	if (month < 1 || month > 12)
		return fail(err, CP_HOLIDAYS_ERR_INVALID, "Hijri month %d outside 1..12", month);
	if (year_from < YEAR_MIN || year_to > YEAR_MAX || year_from > year_to)
		return fail(err, CP_HOLIDAYS_ERR_INVALID,
			    "years %d..%d: expected %d <= from <= to <= %d",
			    (int)year_from, (int)year_to, YEAR_MIN, YEAR_MAX);
	if (hijri == NULL || hijri->to_days == NULL)
		return fail(err, CP_HOLIDAYS_ERR_NO_HIJRI,
			    "Hijri month %d needs an Islamic calendar, none given", month);
	const char *cname = hijri->name != NULL ? hijri->name : "Islamic calendar";
	int64_t lo = cp_days_from_civil(year_from, 1, 1);
	int64_t hi = cp_days_from_civil(year_to + 1, 1, 1);
	int32_t hfrom, hto;
	hijri_years(year_from, year_to, &hfrom, &hto);
	size_t n = 0;
	for (int32_t hy = hfrom; hy <= hto; hy++) {
		int64_t first, end;
		int32_t ny = month == 12 ? hy + 1 : hy;
		int nm = month == 12 ? 1 : month + 1;
		if (!hijri->to_days(hijri->ctx, hy, month, 1, &first))
			return fail(err, CP_HOLIDAYS_ERR_HIJRI, "%s: no date for %d-%02d-01 AH",
				    cname, (int)hy, month);
		if (!hijri->to_days(hijri->ctx, ny, nm, 1, &end))
			return fail(err, CP_HOLIDAYS_ERR_HIJRI, "%s: no date for %d-%02d-01 AH",
				    cname, (int)ny, nm);
		if (end <= first || end - first > 30)
			return fail(err, CP_HOLIDAYS_ERR_HIJRI,
				    "%s: month %d-%02d AH would last %lld days",
				    cname, (int)hy, month, (long long)(end - first));
		if (end <= lo || first >= hi)
			continue;
		if (n < cap) {
			out[n].hijri_year = hy;
			out[n].month = month;
			out[n].first = first;
			out[n].end = end;
		}
		n++;
	}
	*count = n;
	ok(err);
	return CP_HOLIDAYS_OK;
}

/* ---- expansion ---------------------------------------------------------- */

struct expansion {
	const struct cp_holiday_calendar *cal;
	struct cp_holiday_list *out;
	int64_t lo, hi; /* day numbers: [lo, hi) */
};

static bool
list_reserve(struct cp_holiday_list *list, size_t extra)
{
	return extra <= list->cap - list->count ||
	       CP_GROW(list->items, list->cap, list->count + extra, 32);
}

/* Emit the days of one occurrence starting on day number start, if the rule
 * applies in the year it starts. */
static bool
emit(struct expansion *x, const struct cp_holiday_rule *r, int64_t start)
{
	int32_t y = year_of(start);
	if ((r->first_year != 0 && y < r->first_year) || (r->last_year != 0 && y > r->last_year))
		return true;
	int days = r->days;
	/* What the government announced for that year wins over the rule. */
	for (size_t i = 0; i < r->n_announced; i++)
		if (r->announced[i].year == y) {
			start = r->announced[i].date;
			days = r->announced[i].days;
			break;
		}
	for (int k = 0; k < days; k++) {
		int64_t date = start + k;
		if (date < x->lo || date >= x->hi)
			continue;
		if (!list_reserve(x->out, 1))
			return false;
		struct cp_holiday *h = &x->out->items[x->out->count++];
		h->date = date;
		h->key = r->key;
		h->name = r->name;
		h->calendar = x->cal->id;
		h->kind = r->kind;
		h->day = k + 1;
		h->days = days;
	}
	return true;
}

static int
cmp_holiday(const void *pa, const void *pb)
{
	const struct cp_holiday *a = pa, *b = pb;
	int c = CP_CMP(a->date, b->date);
	if (c == 0)
		c = strcmp(a->calendar, b->calendar);
	if (c == 0)
		c = strcmp(a->key, b->key);
	return c != 0 ? c : CP_CMP(a->day, b->day);
}

static enum cp_holidays_status
expand_rule(struct expansion *x, const struct cp_holiday_rule *r, int32_t from, int32_t to,
	    const struct cp_hijri_calendar *hijri, struct cp_holidays_error *err)
{
	const char *id = x->cal->id;
	switch (r->kind) {
	case CP_HOLIDAY_FIXED:
		for (int32_t y = from - 1; y <= to; y++) {
			if (r->day > cp_month_days(y, r->month))
				continue; /* 02-29 outside leap years */
			if (!emit(x, r, cp_days_from_civil(y, r->month, r->day)))
				goto nomem;
		}
		break;
	case CP_HOLIDAY_DATE:
		if (!emit(x, r, r->date))
			goto nomem;
		break;
	case CP_HOLIDAY_EASTER:
	case CP_HOLIDAY_ORTHODOX_EASTER:
		for (int32_t y = from - 1; y <= to; y++) {
			int64_t e = r->kind == CP_HOLIDAY_EASTER ? cp_easter_western(y)
								  : cp_easter_orthodox(y);
			if (!emit(x, r, e + r->offset))
				goto nomem;
		}
		break;
	case CP_HOLIDAY_ISLAMIC: {
		if (hijri == NULL || hijri->to_days == NULL)
			return fail(err, CP_HOLIDAYS_ERR_NO_HIJRI,
				    "calendar %s: holiday %s (islamic:%02d-%02d) needs an "
				    "Islamic calendar, none given", id, r->key, r->month, r->day);
		int32_t hfrom, hto;
		hijri_years(from - 1, to, &hfrom, &hto);
		for (int32_t hy = hfrom; hy <= hto; hy++) {
			int64_t start;
			if (!hijri->to_days(hijri->ctx, hy, r->month, r->day, &start)) {
				/* Day 30 of a month that has 29 days this year. */
				if (r->day == 30)
					continue;
				return fail(err, CP_HOLIDAYS_ERR_HIJRI,
					    "calendar %s: holiday %s: %s has no date for "
					    "%d-%02d-%02d AH", id, r->key,
					    hijri->name != NULL ? hijri->name : "Islamic calendar",
					    (int)hy, r->month, r->day);
			}
			if (!emit(x, r, start))
				goto nomem;
		}
		break;
	}
	}
	return CP_HOLIDAYS_OK;
nomem:
	return fail(err, CP_HOLIDAYS_ERR_NOMEM, "out of memory");
}

enum cp_holidays_status
cp_holidays_expand(const struct cp_holiday_calendar *cal, int32_t year_from, int32_t year_to,
		   const struct cp_hijri_calendar *hijri, struct cp_holiday_list *out,
		   struct cp_holidays_error *err)
{
	if (year_from < YEAR_MIN || year_to > YEAR_MAX || year_from > year_to)
		return fail(err, CP_HOLIDAYS_ERR_INVALID,
			    "calendar %s: years %d..%d: expected %d <= from <= to <= %d",
			    cal->id, (int)year_from, (int)year_to, YEAR_MIN, YEAR_MAX);
	struct expansion x = {
		.cal = cal,
		.out = out,
		.lo = cp_days_from_civil(year_from, 1, 1),
		.hi = cp_days_from_civil(year_to + 1, 1, 1),
	};
	size_t before = out->count;
	for (size_t i = 0; i < cal->count; i++) {
		enum cp_holidays_status st =
			expand_rule(&x, &cal->rules[i].pub, year_from, year_to, hijri, err);
		if (st != CP_HOLIDAYS_OK) {
			out->count = before;
			return st;
		}
	}
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), cmp_holiday);
	ok(err);
	return CP_HOLIDAYS_OK;
}

/* ---- lists -------------------------------------------------------------- */

void
cp_holiday_list_init(struct cp_holiday_list *list)
{
	list->items = NULL;
	list->count = 0;
	list->cap = 0;
}

void
cp_holiday_list_finish(struct cp_holiday_list *list)
{
	if (list == NULL)
		return;
	free(list->items);
	cp_holiday_list_init(list);
}

const struct cp_holiday *
cp_holiday_list_find(const struct cp_holiday_list *list, int64_t date)
{
	size_t lo = 0, hi = list->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (list->items[mid].date < date)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < list->count && list->items[lo].date == date)
		return &list->items[lo];
	return NULL;
}
