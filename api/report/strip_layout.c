/*
 * The layout of a cohort strip, computed from local times only (see
 * strip_layout.h).
 */
#include "strip_layout.h"

#include <limits.h>
#include <stdbool.h>

#include <cohortplan/tz.h>

void
cp_strip_shifted(int64_t day, int minute, int shift, int64_t *out_day, int *out_minute)
{
	int64_t t = day * 1440 + minute - shift;
	int64_t d = t >= 0 ? t / 1440 : -((-t + 1439) / 1440);

	*out_day = d;
	*out_minute = (int)(t - d * 1440);
}

int
cp_strip_mon_col(int64_t day)
{
	return (cp_weekday_from_days(day) + 6) % 7;
}

/* The band [*lo, *hi) of every slot's shifted minutes; false when a
 * lesson would cross the end of the shifted day. */
static bool
band(const struct cp_strip_slot *slots, size_t n, int shift, int *lo, int *hi)
{
	int smin = INT_MAX, smax = 0;
	for (size_t k = 0; k < n; k++) {
		int64_t d;
		int m;
		cp_strip_shifted(slots[k].day, slots[k].minute, shift, &d, &m);
		if (m < smin)
			smin = m;
		if (m + slots[k].len > smax)
			smax = m + slots[k].len;
	}
	*lo = smin;
	*hi = smax;
	return smax <= 1440;
}

/* The day start: midnight unless another whole hour narrows the band by
 * more than two hours. */
static void
choose_shift(const struct cp_strip_slot *slots, size_t n, struct cp_strip_layout *out, int *lo,
	     int *hi)
{
	int best_span = INT_MAX;
	out->shift = 0;
	for (int k = 0; k < 24; k++) {
		int smin, smax;
		if (!band(slots, n, k * 60, &smin, &smax))
			continue;
		if (smax - smin < best_span - 120 || (k == 0 && smax - smin <= best_span)) {
			best_span = smax - smin;
			out->shift = k * 60;
			*lo = smin;
			*hi = smax;
		}
	}
	if (best_span == INT_MAX) {
		/* Lessons longer than a day: show whole days. */
		*lo = 0;
		*hi = 1440;
	}
}

void
cp_strip_layout(const struct cp_strip_slot *slots, size_t n_lanes, size_t n_lessons,
		struct cp_strip_layout *out)
{
	size_t n = n_lanes * n_lessons;
	bool used[7] = { false };
	int lo = 1440, hi = 0;

	choose_shift(slots, n, out, &lo, &hi);
	for (size_t k = 0; k < n; k++) {
		int64_t d;
		int m;
		cp_strip_shifted(slots[k].day, slots[k].minute, out->shift, &d, &m);
		used[cp_strip_mon_col(d)] = true;
	}
	/* Weeks, Monday first, of the teacher's calendar (shifted likewise). */
	int64_t d0 = INT64_MAX, d1 = INT64_MIN;
	for (size_t i = 0; i < n_lessons; i++) {
		int64_t d;
		int m;
		cp_strip_shifted(slots[i].day, slots[i].minute, out->shift, &d, &m);
		if (d < d0)
			d0 = d;
		if (d > d1)
			d1 = d;
	}
	out->monday0 = d0 - cp_strip_mon_col(d0);
	out->n_weeks = (int)((d1 - out->monday0) / 7) + 1;
	if (hi <= lo)
		hi = lo + 60;
	out->h0 = lo / 60 * 60 - 60;
	out->h1 = (hi + 59) / 60 * 60 + 60;
	if (out->h0 < 0)
		out->h0 = 0;
	if (out->h1 > 1440)
		out->h1 = 1440;
	out->n_cols = 0;
	for (int d = 0; d < 7; d++)
		out->cols[d] = used[d] ? out->n_cols++ : -1;
}
