/*
 * Per-person calendars and changing hours, worked by hand from tzdata facts.
 * Counts are attendable live minutes; every lesson here is a whole session,
 * so an expected count is written as lessons x the session length.
 *
 * A. Own holiday calendars of two teachers and two participants.
 *    Teacher T-BE in Europe/Brussels names the shipped calendar BE
 *    (data/holidays/BE.json: 11 November, Armistice Day); teacher T-MX in
 *    America/Mexico_City names "MX", a calendar defined in the problem with
 *    16 September (Independence Day) and 16 November 2026 (Revolution Day,
 *    the third Monday of November: 1 Nov 2026 is a Sunday). Neither is a
 *    policy holiday, so no date is course-wide.
 *    Lessons at 16:30 Brussels, 3 h, one a week, four lessons:
 *      Sep/Oct 2026: Brussels is on CEST (UTC+2) until 25 Oct, so 16:30 is
 *        14:30Z = 08:30 in Mexico City (UTC-6 all year since 2022); Mexico
 *        City's local date is Brussels's.
 *      Nov 2026: CET (UTC+1), 15:30Z = 09:30 in Mexico City.
 *    Course 1, 2026-09-14..2026-10-16:
 *      Wed 09-16, 09-23, 09-30, 10-07: T-MX "holiday" (lesson 0, 16 Sep),
 *        T-BE teaches it.
 *      Thu 09-17 .. 10-08: both teach it.
 *    Course 2, 2026-11-09..2026-12-11:
 *      Wed 11-11, 11-18, 11-25, 12-02: T-BE "holiday" (lesson 0, 11 Nov),
 *        T-MX teaches it.
 *      Mon 11-09, 11-16, 11-23, 11-30: T-MX "holiday" (lesson 1, 16 Nov),
 *        T-BE teaches it.
 *    Participants in Brussels: P-plain (no own calendar) attends 16 Sep;
 *    P-mx (own calendar MX) has "holiday" on 16 Sep, attends 23 Sep; the two
 *    are different situations although they differ only in "holidays".
 *
 * B. A Ramadan period. Morocco leaves UTC+1 for UTC+0 on 2026-02-15 at
 *    03:00 and returns on 2026-03-22 at 02:00 (tzdata: "R M 2026 o - F 15 3
 *    -1" and "R M 2026 o - Mar 22 2 0"). Participant R-1 in
 *    Africa/Casablanca: usually every day 18:00-22:00; period 2026-02-15 ..
 *    2026-03-22 every day 10:00-14:00 (evenings taken by iftar). R-2 is the
 *    same without the period; R-3 is R-1's twin (same situation as R-1).
 *    Lessons of 2 h (UTC start -> Casablanca local):
 *      02-08 18:00Z -> 19:00-21:00 (+1), before the period: ok
 *      02-14 10:00Z -> 11:00-13:00 (+1), before: outside_availability
 *      02-14 18:00Z -> 19:00-21:00: ok
 *      02-15 18:00Z -> 18:00-20:00 (+0), first day: outside_availability
 *      02-15 10:00Z -> 10:00-12:00, first day: ok
 *      03-01 12:00Z -> 12:00-14:00: ok (ends with the window)
 *      03-01 12:30Z -> 12:30-14:30: outside_availability
 *      03-22 10:00Z -> 11:00-13:00 (+1 again), last day: ok
 *      03-22 18:00Z -> 19:00-21:00, last day: outside_availability
 *      03-23 18:00Z -> 19:00-21:00, after: ok
 *      03-23 10:00Z -> 11:00-13:00, after: outside_availability
 *    Weekly Tuesday patterns, 12 lessons 02-03 .. 04-21 (Brussels CET until
 *    03-29, then CEST):
 *      19:00 Brussels: 02-03, 02-10 18:00Z -> 19:00 Casablanca ok; 02-17 ..
 *        03-17 (5) 18:00Z -> 18:00 (+0) in the period: out; 03-24 18:00Z ->
 *        19:00 ok; 03-31 .. 04-21 (4) 17:00Z -> 18:00 ok: 7 for R-1, 12 R-2.
 *      11:00 Brussels: 02-03, 02-10 10:00Z -> 11:00 out; 02-17 .. 03-17 (5)
 *        10:00 (+0) in the period: ok; 03-24 -> 11:00 out; 03-31 .. 04-21
 *        09:00Z -> 10:00 out: 5 for R-1, 0 for R-2.
 *
 * C. Roster margins. N-* in Europe/Brussels (CET, UTC+1) work the night
 *    2026-02-02 22:00 .. 02-03 06:00 local (21:00Z .. 05:00Z).
 *      L1 = 02-03 08:00Z, 09:00-11:00 local, 3 h after the shift ends.
 *      L2 = 02-02 18:30Z, 19:30-21:30 local, ends 30 min before it starts.
 *    N-default (margins unset, default 60): L1 ok, L2 roster.
 *    N-roster (roster margin_before 30, margin_after 480): L1 roster (sleep
 *      until 14:00), L2 ok.
 *    N-shift (the shift's own margin_after 480, before unset -> 60): L1
 *      roster, L2 roster.
 *    N-twin: N-default again, the same situation as N-default.
 *
 * D. Margins per kind of shift in an .ics roster (see test_kinds).
 */
#include <stdlib.h>
#include <string.h>

#include <cohortplan/attend.h>
#include <cohortplan/candidates.h>
#include <cohortplan/holidays.h>
#include <cohortplan/offdays.h>

#include "formats/holidays_json.h"
#include "formats/problem_json.h"
#include "ical/roster.h"
#include "engine-test.h"
#include "test-config.h"

static size_t find(const struct cp_cand *c, unsigned days, const char *first_utc)
{
	cp_instant t = et_utc(first_utc);
	for (size_t i = 0; i < cp_cand_pattern_count(c); i++) {
		const struct cp_cand_pattern *pt = cp_cand_pattern(c, i);
		if (pt->days == days && pt->n_lessons > 0 && pt->lessons[0].start == t)
			return i;
	}
	return CP_CAND_NONE;
}

static const char *const *ids1(struct cp_problem *p, const char *id)
{
	const char **v = cp_problem_alloc(p, 1, sizeof(*v));
	if (!v)
		exit(99);
	v[0] = cp_problem_strdup(p, id);
	return v;
}

static struct cp_weekly_window *window1(struct cp_problem *p, unsigned days, int start, int end)
{
	struct cp_weekly_window *w = cp_problem_alloc(p, 1, sizeof(*w));
	if (!w)
		exit(99);
	*w = (struct cp_weekly_window){ days, start, end };
	return w;
}

/* ---- A: teachers' and participants' own calendars ----------------------- */

static struct cp_problem *course_a(struct cp_tzdb *db, const char *start, const char *end)
{
	/* 20 h, 60% live = 12 h = four 3-hour lessons, one a week. */
	struct cp_problem *p = et_problem(db, start, end, 20, 180, 1, 1);
	struct cp_calendar_def *mx = cp_problem_alloc(p, 1, sizeof(*mx));
	struct cp_calendar_date *d = cp_problem_alloc(p, 2, sizeof(*d));
	if (!mx || !d)
		exit(99);
	d[0] = (struct cp_calendar_date){ et_day("2026-09-16"), et_day("2026-09-16"),
					  "Independence Day" };
	d[1] = (struct cp_calendar_date){ et_day("2026-11-16"), et_day("2026-11-16"),
					  "Revolution Day" };
	*mx = (struct cp_calendar_def){ "MX", "Mexico", 2, d };
	cp_problem_set_calendars(p, mx, 1);

	struct cp_teacher *be = et_teacher(p, "T-BE", "Europe/Brussels");
	be->holidays = ids1(p, "BE");
	be->n_holidays = 1;
	struct cp_teacher *mt = et_teacher(p, "T-MX", "America/Mexico_City");
	mt->holidays = ids1(p, "MX");
	mt->n_holidays = 1;
	et_participant(p, "P-plain", "Europe/Brussels");
	struct cp_participant *x = et_participant(p, "P-mx", "Europe/Brussels");
	x->holidays = ids1(p, "MX");
	x->n_holidays = 1;
	et_check(p);
	return p;
}

static void teach_is(const struct cp_cand *c, size_t t, size_t pat, enum cp_teach_reason want,
		     size_t want_lesson, const char *what)
{
	size_t lesson;
	enum cp_teach_reason r = cp_cand_teachable(c, t, pat, &lesson);
	CHECK(r == want, "%s: %s, want %s", what, cp_teach_reason_name(r),
	      cp_teach_reason_name(want));
	if (want != CP_TEACH_OK)
		CHECK_EQ(lesson, want_lesson, what);
}

static void test_own_calendars(struct cp_tzdb *db)
{
	struct cp_engine_error err = { 0 };
	struct cp_error herr = { 0 };
	struct cp_holiday_calendar *be =
		cp_holidays_json_load_id(CP_SOURCE_ROOT "/data/holidays", "BE", &herr);
	CHECK(be != NULL, "BE calendar: %s", herr.message);
	if (!be)
		return;
	const struct cp_holiday_calendar *cals[] = { be };

	/* Course 1: September. */
	struct cp_problem *p = course_a(db, "2026-09-14", "2026-10-16");
	const char *ids[4];
	char where[4][CP_PROBLEM_PATH_LEN];
	/* Only BE comes from the shipped folder; MX is the problem's own. */
	CHECK_EQ(cp_problem_shipped_calendars(p, ids, where, 4), 1, "shipped calendars");
	CHECK(strcmp(ids[0], "BE") == 0 && strcmp(where[0], "/teachers/0/holidays/0") == 0,
	      "shipped calendar %s at %s", ids[0], where[0]);

	struct cp_offdays *off = cp_offdays_create(p, cals, 1, NULL, &err);
	CHECK(off != NULL, "offdays: %s", err.message);
	struct cp_cand *c = off ? cp_cand_create(p, off, NULL, &err) : NULL;
	CHECK(c != NULL, "candidates: %s", err.message);
	struct cp_attend *a = c ? cp_attend_create(p, c, off, NULL, &err) : NULL;
	CHECK(a != NULL, "attend: %s", err.message);
	if (a) {
		CHECK(cp_offdays_course(off, et_day("2026-09-16")) == NULL,
		      "16 September became course-wide");
		const char *h = cp_offdays_own(off, ids1(p, "MX"), 1, et_day("2026-09-16"));
		CHECK(h && strcmp(h, "Independence Day") == 0, "own holiday name: %s", h ? h : "-");
		size_t wed = find(c, CP_DAYBIT(3), "2026-09-16T14:30:00Z");
		size_t thu = find(c, CP_DAYBIT(4), "2026-09-17T14:30:00Z");
		CHECK(wed != CP_CAND_NONE && thu != CP_CAND_NONE, "September patterns missing");
		if (wed != CP_CAND_NONE && thu != CP_CAND_NONE) {
			CHECK_EQ(cp_cand_pattern(c, wed)->n_skipped, 0, "no date skipped for all");
			teach_is(c, 0, wed, CP_TEACH_OK, 0, "T-BE Wed Sep");
			teach_is(c, 1, wed, CP_TEACH_HOLIDAY, 0, "T-MX Wed Sep");
			teach_is(c, 0, thu, CP_TEACH_OK, 0, "T-BE Thu Sep");
			teach_is(c, 1, thu, CP_TEACH_OK, 0, "T-MX Thu Sep");
			/* Participants: own calendars are personal too. */
			CHECK(cp_attend_judge(a, 0, et_utc("2026-09-16T14:30:00Z")) == CP_ATTEND_OK,
			      "P-plain on 16 Sep");
			CHECK(cp_attend_judge(a, 1, et_utc("2026-09-16T14:30:00Z")) ==
			      CP_ATTEND_HOLIDAY, "P-mx on 16 Sep");
			CHECK(cp_attend_judge(a, 1, et_utc("2026-09-23T14:30:00Z")) == CP_ATTEND_OK,
			      "P-mx on 23 Sep");
			CHECK_EQ(cp_attend_count(a, 0, wed), 4 * cp_cand_pattern(c, wed)->minutes, "P-plain Wed");
			CHECK_EQ(cp_attend_count(a, 1, wed), 3 * cp_cand_pattern(c, wed)->minutes, "P-mx Wed");
			CHECK_EQ(cp_attend_count(a, 1, thu), 4 * cp_cand_pattern(c, thu)->minutes, "P-mx Thu");
		}
		CHECK(cp_attend_situation_of(a, 0) != cp_attend_situation_of(a, 1),
		      "P-plain and P-mx differ only in their own calendars: two situations");
	}
	cp_attend_destroy(a);
	cp_cand_destroy(c);
	cp_offdays_destroy(off);
	cp_problem_destroy(p);

	/* Course 2: November. */
	p = course_a(db, "2026-11-09", "2026-12-11");
	off = cp_offdays_create(p, cals, 1, NULL, &err);
	CHECK(off != NULL, "offdays: %s", err.message);
	c = off ? cp_cand_create(p, off, NULL, &err) : NULL;
	CHECK(c != NULL, "candidates: %s", err.message);
	if (c) {
		CHECK(cp_offdays_course(off, et_day("2026-11-11")) == NULL,
		      "11 November became course-wide");
		size_t wed = find(c, CP_DAYBIT(3), "2026-11-11T15:30:00Z");
		size_t mon = find(c, CP_DAYBIT(1), "2026-11-09T15:30:00Z");
		size_t thu = find(c, CP_DAYBIT(4), "2026-11-12T15:30:00Z");
		CHECK(wed != CP_CAND_NONE && mon != CP_CAND_NONE && thu != CP_CAND_NONE,
		      "November patterns missing");
		if (wed != CP_CAND_NONE && mon != CP_CAND_NONE && thu != CP_CAND_NONE) {
			teach_is(c, 0, wed, CP_TEACH_HOLIDAY, 0, "T-BE Wed Nov");
			teach_is(c, 1, wed, CP_TEACH_OK, 0, "T-MX Wed Nov");
			teach_is(c, 0, mon, CP_TEACH_OK, 0, "T-BE Mon Nov");
			teach_is(c, 1, mon, CP_TEACH_HOLIDAY, 1, "T-MX Mon Nov");
			teach_is(c, 0, thu, CP_TEACH_OK, 0, "T-BE Thu Nov");
			teach_is(c, 1, thu, CP_TEACH_OK, 0, "T-MX Thu Nov");
		}
	}
	cp_cand_destroy(c);
	cp_offdays_destroy(off);

	/* A calendar neither defined nor loaded is an error, not "no holidays". */
	off = cp_offdays_create(p, NULL, 0, NULL, &err);
	CHECK(off == NULL && err.status == CP_ENGINE_ERR_HOLIDAYS && strstr(err.message, "\"BE\""),
	      "missing BE: %s", err.message);
	cp_offdays_destroy(off);
	cp_problem_destroy(p);
	cp_holidays_destroy(be);
}

/* ---- B and C: periods, margins, situations ------------------------------ */

struct judged {
	const char *utc;
	enum cp_attend_reason want;
};

static void judge_all(const struct cp_attend *a, size_t i, const char *who,
		      const struct judged *j, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		enum cp_attend_reason r = cp_attend_judge(a, i, et_utc(j[k].utc));
		CHECK(r == j[k].want, "%s at %s: %s, want %s", who, j[k].utc,
		      cp_attend_reason_name(r), cp_attend_reason_name(j[k].want));
	}
}

static void night_shift(struct cp_problem *p, struct cp_participant *x, int shift_after)
{
	struct cp_shift *s = cp_problem_alloc(p, 1, sizeof(*s));
	if (!s)
		exit(99);
	s->start = (struct cp_civil){ .year = 2026, .month = 2, .day = 2, .hour = 22 };
	s->end = (struct cp_civil){ .year = 2026, .month = 2, .day = 3, .hour = 6 };
	s->margin_before = CP_MIN_UNSET;
	s->margin_after = shift_after;
	x->roster.kind = CP_ROSTER_INLINE;
	x->roster.shifts = s;
	x->roster.n_shifts = 1;
}

static void test_periods_and_margins(struct cp_tzdb *db)
{
	struct cp_engine_error err = { 0 };
	/* 40 h, 60% live = 24 h = twelve 2-hour lessons, one a week. */
	struct cp_problem *p = et_problem(db, "2026-02-02", "2026-04-30", 40, 120, 1, 1);
	struct cp_teacher *t = et_teacher(p, "T1", "Europe/Brussels");
	t->latest = 22 * 60;

	struct cp_period *pr = cp_problem_alloc(p, 1, sizeof(*pr));
	if (!pr)
		exit(99);
	*pr = (struct cp_period){ et_day("2026-02-15"), et_day("2026-03-22"), 1,
				  window1(p, CP_DAYS_ALL, 10 * 60, 14 * 60) };
	const char *rid[] = { "R-1", "R-2", "R-3" };
	for (int k = 0; k < 3; k++) {
		struct cp_participant *x = et_participant(p, rid[k], "Africa/Casablanca");
		et_window(p, x, CP_DAYS_ALL, 18 * 60, 22 * 60);
		if (k != 1) {
			x->periods = pr;
			x->n_periods = 1;
		}
	}
	struct cp_participant *n0 = et_participant(p, "N-default", "Europe/Brussels");
	night_shift(p, n0, CP_MIN_UNSET);
	struct cp_participant *n1 = et_participant(p, "N-roster", "Europe/Brussels");
	night_shift(p, n1, CP_MIN_UNSET);
	n1->roster.margin_before = 30;
	n1->roster.margin_after = 480;
	struct cp_participant *n2 = et_participant(p, "N-shift", "Europe/Brussels");
	night_shift(p, n2, 480);
	struct cp_participant *n3 = et_participant(p, "N-twin", "Europe/Brussels");
	night_shift(p, n3, CP_MIN_UNSET);
	et_check(p);
	CHECK(n2->roster.n_groups == 1 && n2->roster.groups[0].busy.count == 1 &&
	      n2->roster.groups[0].after == 480 && n2->roster.groups[0].before == CP_MIN_UNSET,
	      "N-shift's shift has margins of its own");
	CHECK_EQ(n2->roster.busy.count, 0, "N-shift's shift is not in the merged busy set");

	struct cp_offdays *off = cp_offdays_create(p, NULL, 0, NULL, &err);
	struct cp_cand *c = off ? cp_cand_create(p, off, NULL, &err) : NULL;
	CHECK(c != NULL, "candidates: %s", err.message);
	struct cp_attend *a = c ? cp_attend_create(p, c, off, NULL, &err) : NULL;
	CHECK(a != NULL, "attend: %s", err.message);
	if (!a)
		goto out;

	static const struct judged r1[] = {
		{ "2026-02-08T18:00:00Z", CP_ATTEND_OK },
		{ "2026-02-14T10:00:00Z", CP_ATTEND_OUTSIDE_AVAILABILITY },
		{ "2026-02-14T18:00:00Z", CP_ATTEND_OK },
		{ "2026-02-15T18:00:00Z", CP_ATTEND_OUTSIDE_AVAILABILITY },
		{ "2026-02-15T10:00:00Z", CP_ATTEND_OK },
		{ "2026-03-01T12:00:00Z", CP_ATTEND_OK },
		{ "2026-03-01T12:30:00Z", CP_ATTEND_OUTSIDE_AVAILABILITY },
		{ "2026-03-22T10:00:00Z", CP_ATTEND_OK },
		{ "2026-03-22T18:00:00Z", CP_ATTEND_OUTSIDE_AVAILABILITY },
		{ "2026-03-23T18:00:00Z", CP_ATTEND_OK },
		{ "2026-03-23T10:00:00Z", CP_ATTEND_OUTSIDE_AVAILABILITY },
	};
	judge_all(a, 0, "R-1", r1, sizeof(r1) / sizeof(r1[0]));
	/* R-2 has no period: the usual evening windows all along. */
	static const struct judged r2[] = {
		{ "2026-02-15T18:00:00Z", CP_ATTEND_OK },
		{ "2026-02-15T10:00:00Z", CP_ATTEND_OUTSIDE_AVAILABILITY },
		{ "2026-03-22T18:00:00Z", CP_ATTEND_OK },
	};
	judge_all(a, 1, "R-2", r2, sizeof(r2) / sizeof(r2[0]));

	size_t eve = find(c, CP_DAYBIT(2), "2026-02-03T18:00:00Z");
	size_t mor = find(c, CP_DAYBIT(2), "2026-02-03T10:00:00Z");
	CHECK(eve != CP_CAND_NONE && mor != CP_CAND_NONE, "Tuesday patterns missing");
	if (eve != CP_CAND_NONE && mor != CP_CAND_NONE) {
		CHECK_EQ(cp_cand_pattern(c, eve)->n_lessons, 12, "Tue 19:00 lessons");
		CHECK_EQ(cp_attend_count(a, 0, eve), 7 * cp_cand_pattern(c, eve)->minutes, "R-1 Tue 19:00 Brussels");
		CHECK_EQ(cp_attend_count(a, 1, eve), 12 * cp_cand_pattern(c, eve)->minutes, "R-2 Tue 19:00 Brussels");
		CHECK_EQ(cp_attend_count(a, 2, eve), 7 * cp_cand_pattern(c, eve)->minutes, "R-3 Tue 19:00 Brussels");
		CHECK_EQ(cp_attend_count(a, 0, mor), 5 * cp_cand_pattern(c, mor)->minutes, "R-1 Tue 11:00 Brussels");
		CHECK_EQ(cp_attend_count(a, 1, mor), 0 * cp_cand_pattern(c, mor)->minutes, "R-2 Tue 11:00 Brussels");
	}
	CHECK(cp_attend_situation_of(a, 0) != cp_attend_situation_of(a, 1),
	      "R-1 and R-2 differ only in the period: two situations");
	CHECK(cp_attend_situation_of(a, 0) == cp_attend_situation_of(a, 2),
	      "R-1 and R-3 are twins: one situation");

	static const struct judged nd[] = {
		{ "2026-02-03T08:00:00Z", CP_ATTEND_OK },
		{ "2026-02-02T18:30:00Z", CP_ATTEND_ROSTER },
	};
	static const struct judged nr[] = {
		{ "2026-02-03T08:00:00Z", CP_ATTEND_ROSTER },
		{ "2026-02-02T18:30:00Z", CP_ATTEND_OK },
		/* 14:00 local, exactly 8 h after the shift: free again. */
		{ "2026-02-03T13:00:00Z", CP_ATTEND_OK },
	};
	static const struct judged ns[] = {
		{ "2026-02-03T08:00:00Z", CP_ATTEND_ROSTER },
		{ "2026-02-02T18:30:00Z", CP_ATTEND_ROSTER },
	};
	judge_all(a, 3, "N-default", nd, 2);
	judge_all(a, 4, "N-roster", nr, 3);
	judge_all(a, 5, "N-shift", ns, 2);
	judge_all(a, 6, "N-twin", nd, 2);
	CHECK(cp_attend_situation_of(a, 3) != cp_attend_situation_of(a, 4) &&
	      cp_attend_situation_of(a, 3) != cp_attend_situation_of(a, 5) &&
	      cp_attend_situation_of(a, 4) != cp_attend_situation_of(a, 5),
	      "N-default, N-roster and N-shift differ only in margins: three situations");
	CHECK(cp_attend_situation_of(a, 3) == cp_attend_situation_of(a, 6),
	      "N-default and N-twin: one situation");
	/* Seven people, five situations: and N-default/N-twin share. */
	CHECK_EQ(cp_attend_situation_count(a), 5, "situations");

	/* The caller's default still decides where the problem says nothing:
	 * with 4 h, L1 (3 h after the night) is refused for N-default too. */
	struct cp_attend_options ao;
	cp_attend_options_init(&ao);
	ao.roster_margin = 240;
	struct cp_attend *a4 = cp_attend_create(p, c, off, &ao, &err);
	CHECK(a4 != NULL, "attend: %s", err.message);
	if (a4) {
		CHECK(cp_attend_judge(a4, 3, et_utc("2026-02-03T08:00:00Z")) == CP_ATTEND_ROSTER,
		      "N-default with a 4 h default margin");
		CHECK(cp_attend_judge(a4, 4, et_utc("2026-02-02T18:30:00Z")) == CP_ATTEND_OK,
		      "N-roster keeps its own 30 min before");
	}
	cp_attend_destroy(a4);
out:
	cp_attend_destroy(a);
	cp_cand_destroy(c);
	cp_offdays_destroy(off);
	cp_problem_destroy(p);
}

/* ---- D: margins per kind of shift in an .ics roster --------------------- */

/*
 * The nurse of test-engine-nurse (tests/data/engine/nurse-rotation.ics,
 * Asia/Beirut, early 07-15, late 15-23, night 23-07 in three-week turns)
 * read through the problem reader, with "kinds": [{"summary": "night",
 * "margin_after": "PT8H"}] (the file says "Night": case does not matter).
 * Tue+Thu 08:00 Brussels is 09:00-12:00 in Beirut. With the default 60
 * minutes the nurse attends 8 of 12 (not in the two early weeks' four
 * lessons); with 8 hours of sleep after a night, the night weeks' four
 * morning lessons (2 h after the night ends) go too: 4. Tue+Thu 17:00
 * Brussels (18:00-21:00 Beirut) keeps its 8: the nights start at 23:00,
 * and their margin before is still the default hour.
 */
static void test_kinds(struct cp_tzdb *db)
{
	static const char doc[] =
		"{\"version\": 1, \"course\": {\"id\": \"c\", \"language\": \"ar\", "
		"\"lesson_hours\": 60, \"session_length\": \"PT3H\", \"sessions_per_week\": "
		"{\"min\": 2, \"max\": 2}, \"start\": \"2024-10-24\", \"end\": \"2024-12-09\"},"
		" \"teachers\": [{\"id\": \"t1\", \"zone\": \"Europe/Brussels\", \"languages\": [\"ar\"]}],"
		" \"participants\": ["
		"  {\"id\": \"n01\", \"zone\": \"Asia/Beirut\", \"profile\": \"partner\", \"languages\": [\"ar\"],"
		"   \"roster\": {\"ics\": \"nurse-rotation.ics\"}},"
		"  {\"id\": \"n02\", \"zone\": \"Asia/Beirut\", \"profile\": \"partner\", \"languages\": [\"ar\"],"
		"   \"roster\": {\"ics\": \"nurse-rotation.ics\", \"kinds\": [{\"summary\": \" night \", "
		"\"margin_after\": \"PT8H\"}]}}]}";
	struct cp_problem_json_options o = { .base_dir = CP_TEST_DATA "/engine" };
	struct cp_problem *p = NULL;
	struct cp_diag *d = cp_diag_create(0);
	struct cp_engine_error err = { 0 };
	enum cp_problem_status st = cp_problem_json_parse(doc, strlen(doc), db, &o, &p, d);
	CHECK(st == CP_PROBLEM_OK, "kinds: %s: %s", cp_problem_strerror(st),
	      cp_diag_count(d) ? cp_diag_entry(d, 0)->message : "");
	cp_diag_destroy(d);
	if (!p)
		return;
	const struct cp_roster *r1 = &cp_problem_participant(p, 0)->roster;
	const struct cp_roster *r2 = &cp_problem_participant(p, 1)->roster;
	/* The nights moved out of the merged set into their own. */
	CHECK(r2->n_groups == 1 && r2->groups[0].after == 480 && r2->groups[0].busy.count > 0 &&
	      r2->busy.count + r2->groups[0].busy.count >= r1->busy.count &&
	      r2->busy.count < r1->busy.count, "night shifts apart: %zu + %zu of %zu",
	      r2->busy.count, r2->n_groups ? r2->groups[0].busy.count : 0, r1->busy.count);

	struct cp_offdays *off = cp_offdays_create(p, NULL, 0, NULL, &err);
	struct cp_cand *c = off ? cp_cand_create(p, off, NULL, &err) : NULL;
	struct cp_attend *a = c ? cp_attend_create(p, c, off, NULL, &err) : NULL;
	CHECK(a != NULL, "kinds: %s", err.message);
	if (a) {
		unsigned tt = CP_DAYBIT(2) | CP_DAYBIT(4);
		size_t mor = find(c, tt, "2024-10-24T06:00:00Z");
		size_t eve = find(c, tt, "2024-10-24T15:00:00Z");
		CHECK(mor != CP_CAND_NONE && eve != CP_CAND_NONE, "nurse patterns missing");
		if (mor != CP_CAND_NONE && eve != CP_CAND_NONE) {
			CHECK_EQ(cp_attend_count(a, 0, mor), 8 * cp_cand_pattern(c, mor)->minutes, "morning, default margins");
			CHECK_EQ(cp_attend_count(a, 1, mor), 4 * cp_cand_pattern(c, mor)->minutes, "morning, 8 h after nights");
			CHECK_EQ(cp_attend_count(a, 0, eve), 8 * cp_cand_pattern(c, eve)->minutes, "evening, default margins");
			CHECK_EQ(cp_attend_count(a, 1, eve), 8 * cp_cand_pattern(c, eve)->minutes, "evening, 8 h after nights");
			/* Tue 2024-11-05 09:00 Beirut, after the night 11-04 23:00 ..
			 * 11-05 07:00: 07:00Z. */
			CHECK(cp_attend_judge(a, 0, et_utc("2024-11-05T07:00:00Z")) == CP_ATTEND_OK &&
			      cp_attend_judge(a, 1, et_utc("2024-11-05T07:00:00Z")) ==
			      CP_ATTEND_ROSTER, "Tue 11-05 morning after a night");
		}
		CHECK(cp_attend_situation_of(a, 0) != cp_attend_situation_of(a, 1),
		      "the same file with and without kinds: two situations");
	}
	cp_attend_destroy(a);
	cp_cand_destroy(c);
	cp_offdays_destroy(off);
	cp_problem_destroy(p);
}

int main(void)
{
	struct cp_tzdb *db = et_db();
	test_own_calendars(db);
	test_periods_and_margins(db);
	test_kinds(db);
	cp_roster_cleanup();
	cp_tzdb_destroy(db);
	return et_finish("engine-percal");
}
