/*
 * Pilot 2, worked by hand: a Tue/Thu 19:00-22:00 Europe/Brussels pattern in
 * the window 2024-03-04 .. 2024-04-29, and where its lessons fall in
 * Casablanca, Beirut and Amman.
 *
 * The transitions inside the window (docs/domain.md, tzdata 2026f):
 *   Africa/Casablanca +01 -> +00 on 2024-03-10 (03:00 -> 02:00 local, 02:00Z)
 *   Europe/Brussels   +01 -> +02 on 2024-03-31 (01:00Z)
 *   Asia/Beirut       +02 -> +03 on 2024-03-31 (local midnight, 03-30 22:00Z)
 *   Africa/Casablanca +00 -> +01 on 2024-04-14 (02:00 -> 03:00 local, 02:00Z)
 *   Asia/Amman        +03 throughout
 * So 19:00 Brussels is 18:00Z up to 03-28 and 17:00Z from 04-02, and:
 *   Casablanca: 19:00 (both +01) until 03-07, 18:00 (+00 vs +01) until 03-28,
 *               17:00 (+00 vs +02) until 04-11, 18:00 (+01 vs +02) from 04-16;
 *   Beirut:     20:00 throughout (it moves with Brussels);
 *   Amman:      21:00 until 03-28, 20:00 from 04-02.
 * (The example line says "18:00 Casablanca (+01)" for 03-05; at +01
 * 18:00Z is 19:00, which is what the table below asserts.)
 *
 * The course is sized to fill the window: 80 lesson hours at 60 % live is
 * 48 h, sixteen 3-hour lessons, the sixteen Tuesdays and Thursdays from
 * 03-05 to 04-25.
 */
#include <stdlib.h>
#include <string.h>

#include <cohortplan/attend.h>
#include <cohortplan/candidates.h>
#include <cohortplan/offdays.h>

#include "engine-test.h"

struct row {
	const char *date;    /* local date in Brussels */
	const char *utc;     /* lesson start, UTC */
	int casablanca;      /* local start, minutes */
	int beirut;
	int amman;
};

#define H(h, m) ((h) * 60 + (m))

static const struct row expected[16] = {
	{ "2024-03-05", "2024-03-05T18:00Z", H(19, 0), H(20, 0), H(21, 0) },
	{ "2024-03-07", "2024-03-07T18:00Z", H(19, 0), H(20, 0), H(21, 0) },
	{ "2024-03-12", "2024-03-12T18:00Z", H(18, 0), H(20, 0), H(21, 0) },
	{ "2024-03-14", "2024-03-14T18:00Z", H(18, 0), H(20, 0), H(21, 0) },
	{ "2024-03-19", "2024-03-19T18:00Z", H(18, 0), H(20, 0), H(21, 0) },
	{ "2024-03-21", "2024-03-21T18:00Z", H(18, 0), H(20, 0), H(21, 0) },
	{ "2024-03-26", "2024-03-26T18:00Z", H(18, 0), H(20, 0), H(21, 0) },
	{ "2024-03-28", "2024-03-28T18:00Z", H(18, 0), H(20, 0), H(21, 0) },
	{ "2024-04-02", "2024-04-02T17:00Z", H(17, 0), H(20, 0), H(20, 0) },
	{ "2024-04-04", "2024-04-04T17:00Z", H(17, 0), H(20, 0), H(20, 0) },
	{ "2024-04-09", "2024-04-09T17:00Z", H(17, 0), H(20, 0), H(20, 0) },
	{ "2024-04-11", "2024-04-11T17:00Z", H(17, 0), H(20, 0), H(20, 0) },
	{ "2024-04-16", "2024-04-16T17:00Z", H(18, 0), H(20, 0), H(20, 0) },
	{ "2024-04-18", "2024-04-18T17:00Z", H(18, 0), H(20, 0), H(20, 0) },
	{ "2024-04-23", "2024-04-23T17:00Z", H(18, 0), H(20, 0), H(20, 0) },
	{ "2024-04-25", "2024-04-25T17:00Z", H(18, 0), H(20, 0), H(20, 0) },
};

static int local_minutes(const struct cp_tz *tz, cp_instant t)
{
	struct cp_tz_local l;
	cp_tz_to_local(tz, t, &l);
	return l.wall.hour * 60 + l.wall.minute;
}

int main(void)
{
	struct cp_tzdb *db = et_db();
	struct cp_problem *p = et_problem(db, "2024-03-04", "2024-04-29", 80, 180, 2, 2);
	struct cp_engine_error err = { 0 };

	/* The Casablanca participant of the hand count: 17:00-21:00 every day. */
	struct cp_participant *ma = et_participant(p, "ma1", "Africa/Casablanca");
	et_window(p, ma, CP_DAYS_ALL, H(17, 0), H(21, 0));
	et_participant(p, "lb1", "Asia/Beirut");
	et_participant(p, "jo1", "Asia/Amman");
	struct cp_teacher *t = et_teacher(p, "t1", "Europe/Brussels");
	t->latest = H(22, 0);
	cp_problem_policy_mut(p)->latest = H(24, 0);
	et_check(p);

	struct cp_offdays *off = cp_offdays_create(p, NULL, 0, NULL, &err);
	CHECK(off != NULL, "offdays: %s", err.message);
	struct cp_cand *c = cp_cand_create(p, off, NULL, &err);
	CHECK(c != NULL, "candidates: %s", err.message);
	if (!c)
		return et_finish("engine-pilot2");
	CHECK_EQ(cp_cand_lessons_needed(c), 16, "lessons needed");
	CHECK(strcmp(cp_tz_name(cp_cand_anchor(c, 0)), "Europe/Brussels") == 0,
	      "the teacher's zone is the first anchor, got %s", cp_tz_name(cp_cand_anchor(c, 0)));

	size_t found = CP_CAND_NONE;
	for (size_t i = 0; i < cp_cand_pattern_count(c); i++) {
		const struct cp_cand_pattern *pt = cp_cand_pattern(c, i);
		if (pt->anchor == 0 && pt->days == (CP_DAYBIT(2) | CP_DAYBIT(4)) &&
		    pt->start == H(19, 0) && pt->week == 0)
			found = i; /* the cohort starting in the course's first week */
	}
	CHECK(found != CP_CAND_NONE, "no Tue+Thu 19:00 Brussels pattern");
	if (found == CP_CAND_NONE)
		return et_finish("engine-pilot2");
	const struct cp_cand_pattern *pt = cp_cand_pattern(c, found);
	CHECK(pt->state == CP_CAND_LIVE, "pattern state %s", cp_cand_state_name(pt->state));
	CHECK_EQ(pt->n_lessons, 16, "lessons");
	CHECK_EQ(pt->n_skipped, 0, "skipped");

	const struct cp_tz *casa = cp_tzdb_zone(db, "Africa/Casablanca", NULL);
	const struct cp_tz *beirut = cp_tzdb_zone(db, "Asia/Beirut", NULL);
	const struct cp_tz *amman = cp_tzdb_zone(db, "Asia/Amman", NULL);
	for (size_t i = 0; i < 16 && i < pt->n_lessons; i++) {
		const struct cp_cand_lesson *l = &pt->lessons[i];
		char what[64];
		snprintf(what, sizeof(what), "lesson %zu (%s)", i + 1, expected[i].date);
		CHECK_EQ(l->date, et_day(expected[i].date), what);
		CHECK_EQ(l->start, et_utc(expected[i].utc), what);
		CHECK_EQ(l->end - l->start, 3 * 3600, what);
		CHECK_EQ(local_minutes(casa, l->start), expected[i].casablanca, what);
		CHECK_EQ(local_minutes(beirut, l->start), expected[i].beirut, what);
		CHECK_EQ(local_minutes(amman, l->start), expected[i].amman, what);
	}

	/* Casablanca, available 17:00-21:00: lessons 1-2 run 19:00-22:00 (out
	 * of the window), lessons 3-8 18:00-21:00, 9-12 17:00-20:00 and 13-16
	 * 18:00-21:00 (all in): 14 of 16 by hand. */
	struct cp_attend *a = cp_attend_create(p, c, off, NULL, &err);
	CHECK(a != NULL, "attend: %s", err.message);
	if (a) {
		unsigned why[CP_ATTEND_REASON_COUNT];
		/* Counts are live minutes (48 h live = sixteen whole lessons). */
		CHECK_EQ(cp_attend_count(a, 0, found), 14 * 180, "Casablanca 17-21 attendable");
		cp_attend_reasons(a, 0, found, why);
		CHECK_EQ(why[CP_ATTEND_OK], 14, "reasons: ok");
		CHECK_EQ(why[CP_ATTEND_OUTSIDE_AVAILABILITY], 2, "reasons: outside availability");
		CHECK_EQ(cp_attend_judge(a, 0, et_utc("2024-03-05T18:00Z")),
			 CP_ATTEND_OUTSIDE_AVAILABILITY, "03-05 verdict");
		CHECK_EQ(cp_attend_judge(a, 0, et_utc("2024-04-02T17:00Z")), CP_ATTEND_OK,
			 "04-02 verdict");
		/* Amman without windows, latest 24:00: all 16. With the default
		 * 22:00 the eight lessons ending at 24:00 would be too late. */
		CHECK_EQ(cp_attend_count(a, 2, found), 16 * 180, "Amman attendable");
		CHECK_EQ(cp_attend_situation_count(a), 3, "situations");
	}
	cp_attend_destroy(a);

	/* The default latest hour 22:00 for participants: in Amman the lessons
	 * until 03-28 run 21:00-24:00 (too late), later ones 20:00-23:00 (too
	 * late as well); in Beirut 20:00-23:00 all too late. */
	cp_problem_policy_mut(p)->latest = H(22, 0);
	a = cp_attend_create(p, c, off, NULL, &err);
	if (a) {
		unsigned why[CP_ATTEND_REASON_COUNT];
		cp_attend_reasons(a, 2, found, why);
		CHECK_EQ(why[CP_ATTEND_TOO_LATE], 16, "Amman too late at 22:00");
		/* Casablanca: 19:00-22:00 ends exactly at 22:00, so the first two
		 * fail on availability, not on lateness. */
		cp_attend_reasons(a, 0, found, why);
		CHECK_EQ(why[CP_ATTEND_OUTSIDE_AVAILABILITY], 2, "Casablanca at 22:00");
		CHECK_EQ(why[CP_ATTEND_OK], 14, "Casablanca ok at 22:00");
	}
	cp_attend_destroy(a);
	cp_cand_destroy(c);
	cp_offdays_destroy(off);
	cp_problem_destroy(p);
	cp_tzdb_destroy(db);
	return et_finish("engine-pilot2");
}
