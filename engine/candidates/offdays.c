/* Off days: holidays per side and Ramadan, expanded once. See offdays.h. */
#include <cohortplan/offdays.h>

#include <cohortplan/holidays.h>

#include "local.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cp_util.h"

struct entry {
	cp_day day;
	const char *name;
	size_t n_countries;           /* 0: every participant */
	const char *const *countries; /* borrowed from the policy */
};

struct list {
	struct entry *items;
	size_t count, cap;
};

struct own {
	const char *id;           /* borrowed from the problem */
	struct list days;         /* sorted; countries unused */
};

struct cp_offdays {
	const struct cp_policy *policy;
	struct list course;       /* teachers, and all without countries */
	struct list participants; /* participants and all */
	cp_day *ramadan;          /* pairs [first, end) */
	size_t n_ramadan;
	/* Calendars people name as their own, each expanded once. */
	struct own *own;
	size_t n_own;
};

const char *cp_engine_strerror(enum cp_engine_status status)
{
	switch (status) {
	case CP_ENGINE_OK: return "success";
	case CP_ENGINE_ERR_NOMEM: return "out of memory";
	case CP_ENGINE_ERR_INVALID: return "the problem lacks what the engine needs";
	case CP_ENGINE_ERR_HOLIDAYS: return "holiday calendar missing or unusable";
	case CP_ENGINE_ERR_TOO_BIG: return "too many candidates";
	case CP_ENGINE_ERR_EXPORT: return "the model could not be exported";
	}
	return "unknown engine status";
}

enum cp_engine_status cp_engine_fail(struct cp_engine_error *err, enum cp_engine_status status,
				     const char *fmt, ...)
{
	CP_ERROR_SET(err, status, fmt);
	return status;
}

static bool push(struct list *l, cp_day day, const char *name, size_t nc,
		 const char *const *countries)
{
	if (!CP_GROW(l->items, l->cap, l->count + 1, 64))
		return false;
	l->items[l->count++] = (struct entry){ day, name, nc, countries };
	return true;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return CP_CMP(x->day, y->day);
}

/* Where does the rule send a holiday? Course-wide when teachers are off
 * (teachers, or all without a country list), participant-side when
 * participants are (participants, or all). */
static bool add_day(struct cp_offdays *o, enum cp_applies applies, size_t nc,
		    const char *const *countries, cp_day day, const char *name)
{
	if (applies == CP_APPLIES_TEACHERS || (applies == CP_APPLIES_ALL && nc == 0))
		if (!push(&o->course, day, name, 0, NULL))
			return false;
	if (applies == CP_APPLIES_PARTICIPANTS || applies == CP_APPLIES_ALL)
		if (!push(&o->participants, day, name, nc, countries))
			return false;
	return true;
}

void cp_offdays_destroy(struct cp_offdays *o)
{
	if (!o)
		return;
	free(o->course.items);
	free(o->participants.items);
	free(o->ramadan);
	for (size_t i = 0; i < o->n_own; i++)
		free(o->own[i].days.items);
	free(o->own);
	free(o);
}

static const struct cp_holiday_calendar *find_calendar(const struct cp_holiday_calendar *const *cals,
						       size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (cals[i] && id && strcmp(cp_holidays_id(cals[i]), id) == 0)
			return cals[i];
	return NULL;
}

/*
 * The holidays of calendar id over the Gregorian years y0..y1, appended to
 * out unsorted: a calendar defined in the problem first (it hides a
 * shipped one of the same id), else a loaded one. who names the first use
 * for the message when the calendar is missing.
 */
static bool expand_id(const struct cp_problem *p, const char *id,
		      const struct cp_holiday_calendar *const *calendars, size_t n_calendars,
		      const struct cp_hijri_calendar *hijri, int32_t y0, int32_t y1,
		      struct list *out, const char *who, struct cp_engine_error *err)
{
	const struct cp_calendar_def *def = cp_problem_find_calendar(p, id);
	struct cp_holidays_error herr;
	struct cp_holiday_list hl;

	if (def) {
		cp_day lo = cp_days_from_civil(y0, 1, 1), hi = cp_days_from_civil(y1, 12, 31);
		for (size_t i = 0; i < def->n_dates; i++) {
			const struct cp_calendar_date *e = &def->dates[i];
			if (e->from == CP_DAY_UNSET || e->to == CP_DAY_UNSET)
				continue;
			for (cp_day d = e->from < lo ? lo : e->from; d <= e->to && d <= hi; d++)
				if (!push(out, d, e->name ? e->name : (def->name ? def->name : def->id),
					  0, NULL)) {
					cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
					return false;
				}
		}
		return true;
	}
	const struct cp_holiday_calendar *cal = find_calendar(calendars, n_calendars, id);
	if (!cal) {
		cp_engine_fail(err, CP_ENGINE_ERR_HOLIDAYS,
			       "holiday calendar \"%s\" is used by %s but was not loaded",
			       id ? id : "", who);
		return false;
	}
	cp_holiday_list_init(&hl);
	memset(&herr, 0, sizeof(herr));
	if (cp_holidays_expand(cal, y0, y1, hijri, &hl, &herr) != CP_HOLIDAYS_OK) {
		cp_engine_fail(err, herr.status == CP_HOLIDAYS_ERR_NOMEM ? CP_ENGINE_ERR_NOMEM
			       : CP_ENGINE_ERR_HOLIDAYS, "holiday calendar \"%s\": %s", id,
			       herr.message[0] ? herr.message : cp_holidays_strerror(herr.status));
		cp_holiday_list_finish(&hl);
		return false;
	}
	for (size_t j = 0; j < hl.count; j++)
		if (!push(out, hl.items[j].date, hl.items[j].name, 0, NULL)) {
			cp_holiday_list_finish(&hl);
			cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
			return false;
		}
	cp_holiday_list_finish(&hl);
	return true;
}

/* Expand each calendar named in someone's own "holidays" once. */
static bool add_own(struct cp_offdays *o, const struct cp_problem *p,
		    const struct cp_holiday_calendar *const *calendars, size_t n_calendars,
		    const struct cp_hijri_calendar *hijri, int32_t y0, int32_t y1,
		    const char *const *ids, size_t n, const char *who, struct cp_engine_error *err)
{
	for (size_t j = 0; j < n; j++) {
		bool seen = !ids[j];
		for (size_t k = 0; k < o->n_own && !seen; k++)
			seen = strcmp(o->own[k].id, ids[j]) == 0;
		if (seen)
			continue;
		struct own *no = realloc(o->own, (o->n_own + 1) * sizeof(*no));
		if (!no) {
			cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
			return false;
		}
		o->own = no;
		o->own[o->n_own] = (struct own){ ids[j], { NULL, 0, 0 } };
		struct list *l = &o->own[o->n_own++].days;
		if (!expand_id(p, ids[j], calendars, n_calendars, hijri, y0, y1, l, who, err))
			return false;
		cp_sort(l->items, l->count, sizeof(struct entry), cmp_entry);
	}
	return true;
}

struct cp_offdays *cp_offdays_create(const struct cp_problem *p,
				     const struct cp_holiday_calendar *const *calendars,
				     size_t n_calendars, const struct cp_hijri_calendar *hijri,
				     struct cp_engine_error *err)
{
	const struct cp_course *co = cp_problem_course(p);
	const struct cp_policy *pol = cp_problem_policy(p);
	struct cp_holidays_error herr;
	int32_t y0, y1;
	int m, d;

	if (co->start == CP_DAY_UNSET || co->end == CP_DAY_UNSET || co->end < co->start) {
		cp_engine_fail(err, CP_ENGINE_ERR_INVALID, "the course has no valid date window");
		return NULL;
	}
	struct cp_offdays *o = calloc(1, sizeof(*o));
	if (!o) {
		cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
		return NULL;
	}
	o->policy = pol;
	/* One year either side: a lesson's local date can be a day off the
	 * anchor's, and a course may start on 1 January. */
	cp_civil_from_days(co->start, &y0, &m, &d);
	cp_civil_from_days(co->end, &y1, &m, &d);
	y0 -= 1;
	y1 += 1;
	if (y0 < 1600 || y1 > 9000) {
		cp_engine_fail(err, CP_ENGINE_ERR_INVALID, "the course window is outside 1601..8999");
		goto fail;
	}
	for (size_t i = 0; i < pol->n_holidays; i++) {
		const struct cp_holiday_use *u = &pol->holidays[i];
		struct list tmp = { NULL, 0, 0 };
		if (!expand_id(p, u->calendar, calendars, n_calendars, hijri, y0, y1, &tmp,
			       "the policy", err)) {
			free(tmp.items);
			goto fail;
		}
		for (size_t j = 0; j < tmp.count; j++)
			if (!add_day(o, u->applies_to, u->n_countries, u->countries,
				     tmp.items[j].day, tmp.items[j].name)) {
				free(tmp.items);
				goto nomem;
			}
		free(tmp.items);
	}
	for (size_t i = 0; i < pol->n_extra; i++) {
		const struct cp_extra_holiday *x = &pol->extra[i];
		if (x->date == CP_DAY_UNSET)
			continue;
		if (!add_day(o, x->applies_to, x->n_countries, x->countries, x->date,
			     x->name ? x->name : "holiday"))
			goto nomem;
	}
	for (size_t i = 0; i < cp_problem_participant_count(p); i++) {
		const struct cp_participant *x = cp_problem_participant(p, i);
		if (x->n_holidays && !add_own(o, p, calendars, n_calendars, hijri, y0, y1,
					      x->holidays, x->n_holidays, "a participant", err))
			goto fail;
	}
	for (size_t i = 0; i < cp_problem_teacher_count(p); i++) {
		const struct cp_teacher *t = cp_problem_teacher(p, i);
		if (t->n_holidays && !add_own(o, p, calendars, n_calendars, hijri, y0, y1,
					      t->holidays, t->n_holidays, "a teacher", err))
			goto fail;
	}
	cp_sort(o->course.items, o->course.count, sizeof(struct entry), cmp_entry);
	cp_sort(o->participants.items, o->participants.count, sizeof(struct entry), cmp_entry);

	if (pol->n_ramadan > 0) {
		size_t n = 0;
		struct cp_hijri_month *months;
		if (!hijri) {
			cp_engine_fail(err, CP_ENGINE_ERR_HOLIDAYS,
				       "the policy has a Ramadan rule but no Islamic calendar was given");
			goto fail;
		}
		memset(&herr, 0, sizeof(herr));
		if (cp_hijri_months(hijri, CP_HIJRI_RAMADAN, y0, y1, NULL, 0, &n, &herr) !=
		    CP_HOLIDAYS_OK) {
			cp_engine_fail(err, CP_ENGINE_ERR_HOLIDAYS, "Ramadan: %s",
				       herr.message[0] ? herr.message : cp_holidays_strerror(herr.status));
			goto fail;
		}
		months = calloc(n ? n : 1, sizeof(*months));
		o->ramadan = calloc(2 * (n ? n : 1), sizeof(cp_day));
		if (!months || !o->ramadan) {
			free(months);
			goto nomem;
		}
		if (cp_hijri_months(hijri, CP_HIJRI_RAMADAN, y0, y1, months, n, &n, &herr) !=
		    CP_HOLIDAYS_OK) {
			free(months);
			cp_engine_fail(err, CP_ENGINE_ERR_HOLIDAYS, "Ramadan: %s",
				       herr.message[0] ? herr.message : cp_holidays_strerror(herr.status));
			goto fail;
		}
		for (size_t i = 0; i < n; i++) {
			o->ramadan[2 * i] = months[i].first;
			o->ramadan[2 * i + 1] = months[i].end;
		}
		o->n_ramadan = n;
		free(months);
	}
	return o;
nomem:
	cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
fail:
	cp_offdays_destroy(o);
	return NULL;
}

/* First entry with day >= d. */
static size_t lower_bound(const struct list *l, cp_day d)
{
	size_t lo = 0, hi = l->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->items[mid].day < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const char *cp_offdays_course(const struct cp_offdays *o, cp_day d)
{
	size_t i = lower_bound(&o->course, d);
	return i < o->course.count && o->course.items[i].day == d ? o->course.items[i].name : NULL;
}

const char *cp_offdays_participant(const struct cp_offdays *o, const char *country, cp_day d)
{
	for (size_t i = lower_bound(&o->participants, d);
	     i < o->participants.count && o->participants.items[i].day == d; i++) {
		const struct entry *e = &o->participants.items[i];
		if (e->n_countries == 0)
			return e->name;
		for (size_t j = 0; country && j < e->n_countries; j++)
			if (e->countries[j] && strcmp(e->countries[j], country) == 0)
				return e->name;
	}
	return NULL;
}

bool cp_offdays_ramadan(const struct cp_offdays *o, cp_day d)
{
	for (size_t i = 0; i < o->n_ramadan; i++)
		if (d >= o->ramadan[2 * i] && d < o->ramadan[2 * i + 1])
			return true;
	return false;
}

const struct cp_ramadan_rule *cp_offdays_ramadan_rule(const struct cp_offdays *o,
						      const char *country)
{
	if (!country)
		return NULL;
	for (size_t i = 0; i < o->policy->n_ramadan; i++)
		if (o->policy->ramadan[i].country &&
		    strcmp(o->policy->ramadan[i].country, country) == 0)
			return &o->policy->ramadan[i];
	return NULL;
}

size_t cp_offdays_ramadan_count(const struct cp_offdays *o)
{
	return o->n_ramadan;
}

void cp_offdays_ramadan_period(const struct cp_offdays *o, size_t i, cp_day *first, cp_day *end)
{
	*first = o->ramadan[2 * i];
	*end = o->ramadan[2 * i + 1];
}

const char *cp_offdays_own(const struct cp_offdays *o, const char *const *ids, size_t n, cp_day d)
{
	for (size_t j = 0; j < n; j++)
		for (size_t k = 0; ids[j] && k < o->n_own; k++) {
			if (o->own[k].id != ids[j] && strcmp(o->own[k].id, ids[j]) != 0)
				continue;
			const struct list *l = &o->own[k].days;
			size_t i = lower_bound(l, d);
			if (i < l->count && l->items[i].day == d)
				return l->items[i].name;
			break;
		}
	return NULL;
}
