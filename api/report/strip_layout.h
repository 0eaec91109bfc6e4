/*
 * Private to api/report: the layout of a cohort strip (report.c's SVG of
 * each week's lessons on every lane's local clock), as a pure function of
 * the lessons' local times: no zones, no output, nothing allocated.
 *
 * Contract: cp_strip_layout() reads slots[l * n_lessons + i], lesson i as
 * lane l sees it (lane 0 is the teacher's, whose calendar numbers the
 * weeks), and fills *out. n_lessons must be at least 1. It prints nothing
 * and cannot fail.
 */
#ifndef CP_REPORT_STRIP_LAYOUT_H
#define CP_REPORT_STRIP_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

/* One lesson in one lane's local time. */
struct cp_strip_slot {
	int64_t day;      /* local date, days since 1970-01-01 */
	int minute;       /* local minutes after midnight */
	int len;          /* minutes */
};

struct cp_strip_layout {
	int shift;        /* a column's day starts at this local minute: the
	                   * whole hour that keeps every lesson of every lane
	                   * in the narrowest band without cutting one at the
	                   * day boundary, preferring midnight */
	int h0, h1;       /* shown minutes after the day start [h0, h1):
	                   * the band with an hour's margin, whole hours */
	int cols[7];      /* column of each Monday-first weekday, -1 if none
	                   * of the lanes has a lesson that day */
	int n_cols;
	int64_t monday0;  /* Monday of the first week, teacher's calendar */
	int n_weeks;
};

/* A local time as (day, minute) of a day that starts at shift: with
 * shift 18:00, Saturday 00:30 is Friday's minute 390, so a late evening
 * lesson is one bar in one column rather than two slivers. */
void cp_strip_shifted(int64_t day, int minute, int shift, int64_t *out_day, int *out_minute);

/* Monday-first column of a day: 0 = Monday .. 6 = Sunday. */
int cp_strip_mon_col(int64_t day);

void cp_strip_layout(const struct cp_strip_slot *slots, size_t n_lanes, size_t n_lessons,
		     struct cp_strip_layout *out);

#endif /* CP_REPORT_STRIP_LAYOUT_H */
