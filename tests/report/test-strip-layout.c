/*
 * The cohort strip's layout on its own (api/report/strip_layout.h): a pure
 * function of the lessons' local times, checked against layouts worked out
 * by hand.
 */
#include <stdio.h>

#include <cohortplan/tz.h>

#include "report/strip_layout.h"
#include "common/check.h"

static int64_t
day_of(int y, int m, int d)
{
	return cp_days_from_civil(y, m, d);
}

/* Tue and Thu 19:00 for an hour, two weeks, one lane: midnight days, the
 * band 19:00-20:00 with an hour either side, two columns. */
static void
evening(void)
{
	struct cp_strip_slot sl[4] = {
		{ day_of(2024, 3, 5), 19 * 60, 60 }, { day_of(2024, 3, 7), 19 * 60, 60 },
		{ day_of(2024, 3, 12), 19 * 60, 60 }, { day_of(2024, 3, 14), 19 * 60, 60 },
	};
	struct cp_strip_layout l;
	cp_strip_layout(sl, 1, 4, &l);
	CHECK(l.shift == 0, "evening: shift %d", l.shift);
	CHECK(l.h0 == 18 * 60 && l.h1 == 21 * 60, "evening: band %d-%d", l.h0, l.h1);
	CHECK(l.n_cols == 2 && l.cols[1] == 0 && l.cols[3] == 1 && l.cols[0] == -1 &&
		      l.cols[6] == -1, "evening: columns Tue, Thu");
	CHECK(l.monday0 == day_of(2024, 3, 4) && l.n_weeks == 2, "evening: weeks from Mon 03-04, 2");
}

/* The teacher at 20:30 and a member lane at 23:30, 90 minutes: at
 * midnight the member's lesson would cross into the next day, so the day
 * starts at 01:00, the first hour that keeps both whole; one column. */
static void
late(void)
{
	struct cp_strip_slot sl[2] = {
		{ day_of(2024, 3, 5), 20 * 60 + 30, 90 },
		{ day_of(2024, 3, 5), 23 * 60 + 30, 90 },
	};
	struct cp_strip_layout l;
	cp_strip_layout(sl, 2, 1, &l);
	CHECK(l.shift == 60, "late: shift %d, want 60", l.shift);
	CHECK(l.h0 == 18 * 60 && l.h1 == 1440, "late: band %d-%d", l.h0, l.h1);
	CHECK(l.n_cols == 1 && l.cols[1] == 0, "late: one column, Tuesday");
	CHECK(l.monday0 == day_of(2024, 3, 4) && l.n_weeks == 1, "late: one week");
}

/* Midnight is kept unless another start narrows the band by more than
 * two hours, and then the first such hour wins: 08:00 and 22:00 lessons
 * span 15 h from midnight (to 23:00), from 09:00 only 11 h (22:00 is
 * minute 780, 08:00 the previous day's minute 1380, ending at 1440);
 * 08:00 and 17:00 stay at midnight. */
static void
preference(void)
{
	struct cp_strip_slot wide[2] = { { day_of(2024, 3, 5), 8 * 60, 60 },
					 { day_of(2024, 3, 5), 22 * 60, 60 } };
	struct cp_strip_slot narrow[2] = { { day_of(2024, 3, 5), 8 * 60, 60 },
					   { day_of(2024, 3, 5), 17 * 60, 60 } };
	struct cp_strip_layout l;
	cp_strip_layout(narrow, 2, 1, &l);
	CHECK(l.shift == 0 && l.h0 == 7 * 60 && l.h1 == 19 * 60, "narrow: shift %d band %d-%d",
	      l.shift, l.h0, l.h1);
	cp_strip_layout(wide, 2, 1, &l);
	CHECK(l.shift == 9 * 60, "wide: shift %d, want 09:00", l.shift);
	CHECK(l.h0 == 12 * 60 && l.h1 == 1440, "wide: band %d-%d", l.h0, l.h1);
	/* Tuesday 08:00 is in Monday's shifted day, 22:00 in Tuesday's. */
	CHECK(l.n_cols == 2 && l.cols[0] == 0 && l.cols[1] == 1, "wide: Mon and Tue columns");
}

/* A lesson longer than a day fits no day start: whole days are shown. */
static void
too_long(void)
{
	struct cp_strip_slot sl[1] = { { day_of(2024, 3, 5), 9 * 60, 1500 } };
	struct cp_strip_layout l;
	cp_strip_layout(sl, 1, 1, &l);
	CHECK(l.shift == 0 && l.h0 == 0 && l.h1 == 1440, "too long: whole days");
}

/* Shifting across midnight and before 1970. */
static void
shifting(void)
{
	int64_t d;
	int m;
	cp_strip_shifted(day_of(2024, 3, 9), 30, 18 * 60, &d, &m);
	CHECK(d == day_of(2024, 3, 8) && m == 390, "Sat 00:30 is Friday's minute 390");
	cp_strip_shifted(-1, 60, 120, &d, &m);
	CHECK(d == -2 && m == 1380, "1969-12-31 01:00 shifted by 2 h");
	CHECK(cp_strip_mon_col(day_of(2024, 3, 4)) == 0 && cp_strip_mon_col(day_of(2024, 3, 10)) == 6,
	      "Monday first");
}

int
main(void)
{
	evening();
	late();
	preference();
	too_long();
	shifting();
	return check_tally();
}
