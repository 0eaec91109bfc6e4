/*
 * Private to engine/: local wall time of lesson instants in one zone, and
 * the weekly-window coverage test shared by teachers and participants.
 */
#ifndef CP_ENGINE_LOCAL_H
#define CP_ENGINE_LOCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cohortplan/problem.h>
#include <cohortplan/tz.h>

/* A lesson in someone's local time: the local date of its start, the start
 * in minutes after that date's midnight, and the end in minutes after the
 * same midnight (beyond 1440 when the lesson crosses midnight). */
struct cp_local {
	int64_t day;
	int32_t smin;
	int32_t emin;
};

/* Seconds to whole days, rounding down (instants before 1970 too). */
static inline int64_t cp_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* The lesson [t, t + seconds) in zone tz. */
static inline void cp_local_of(const struct cp_tz *tz, cp_instant t, int64_t seconds,
			       struct cp_local *out)
{
	cp_instant ws = t + cp_tz_offset_at(tz, t);
	cp_instant we = t + seconds + cp_tz_offset_at(tz, t + seconds);
	out->day = cp_floor_div(ws, 86400);
	out->smin = (int32_t)((ws - out->day * 86400) / 60);
	out->emin = (int32_t)cp_floor_div(we - out->day * 86400, 60);
}

/* ISO weekday-independent: 0 = Sunday .. 6 = Saturday. */
static inline int cp_wday(int64_t day)
{
	return cp_weekday_from_days(day);
}

/*
 * Is the local span [smin, emin) of date `day` (emin may pass 1440) covered
 * by the union of the weekly windows (on `day` and the next date) and, when
 * exc is not NULL, the dated exceptions with available == true? With no
 * windows at all, everything is covered.
 */
bool cp_local_covered(const struct cp_weekly_window *w, size_t nw,
		      const struct cp_exception *exc, size_t nexc,
		      int64_t day, int32_t smin, int32_t emin);

/*
 * cp_local_covered() for someone with dated periods: on each date the
 * windows are the period's holding that date, else the usual ones; a date
 * with no windows at all is not restricted. npr == 0 is cp_local_covered().
 */
bool cp_local_covered_periods(const struct cp_weekly_window *w, size_t nw,
			      const struct cp_period *pr, size_t npr,
			      const struct cp_exception *exc, size_t nexc,
			      int64_t day, int32_t smin, int32_t emin);

/* Does the local span overlap a dated exception with available == false? */
bool cp_local_blocked(const struct cp_exception *exc, size_t nexc,
		      int64_t day, int32_t smin, int32_t emin);

/* Is the span [smin, emin) of `day` (emin may pass 1440) overlapping the
 * daily band [bs, be) on `day` or on the next date, restricted to dates
 * for which in(day) is true? */
static inline bool cp_band_overlaps(int32_t smin, int32_t emin, int32_t bs, int32_t be,
				    bool on_day, bool on_next)
{
	if (on_day && smin < be && bs < emin)
		return true;
	if (on_next && smin < 1440 + be && 1440 + bs < emin)
		return true;
	return false;
}

/* qsort that accepts empty (and NULL) arrays: qsort(NULL, 0, ...) is
 * undefined behaviour. */
static inline void cp_sort(void *base, size_t n, size_t size,
			   int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/* Does a language list include lang? A regional variant ("ar-MA") reads
 * the standard language ("ar"), as the model's check says; an empty list
 * is no restriction. */
bool cp_speaks(const char *const *langs, size_t n, const char *lang);

/* The local date (days since 1970-01-01) of instant t in zone tz. */
static inline int64_t cp_local_day(const struct cp_tz *tz, cp_instant t)
{
	return cp_floor_div(t + cp_tz_offset_at(tz, t), 86400);
}

/* The Monday of day's ISO week (weeks run Monday to Sunday). */
static inline int64_t cp_iso_monday(int64_t day)
{
	return day - (cp_weekday_from_days(day) + 6) % 7;
}

/* The instant of wall time (day, minutes after its midnight) in tz: a wall
 * time skipped by a forward change is read with the offset before it (it
 * moves forward by the gap), a repeated one is its first occurrence; *kind
 * (when not NULL) says which happened. */
static inline cp_instant cp_local_wall_utc(const struct cp_tz *tz, int64_t day, int minutes,
					   enum cp_tz_kind *kind)
{
	struct cp_civil w = { 0 };
	struct cp_tz_resolution r;
	cp_civil_from_days(day, &w.year, &w.month, &w.day);
	w.hour = minutes / 60;
	w.minute = minutes % 60;
	enum cp_tz_kind k = cp_tz_to_utc(tz, &w, &r);
	if (kind)
		*kind = k;
	return r.earliest;
}

#endif
