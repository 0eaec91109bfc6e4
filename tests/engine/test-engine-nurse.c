/*
 * A nurse in Beirut on a three-week early/late/night rotation, read from an
 * iCalendar roster (tests/data/engine/nurse-rotation.ics):
 *   early  07:00-15:00 Mon-Fri, weeks of 10-21, 11-11, 12-02
 *   late   15:00-23:00 Mon-Fri, weeks of 10-28, 11-18
 *   night  23:00-07:00 Sun-Thu nights, weeks of 11-04 (from Sun 11-03), 11-25
 *          (WKST=SU: with the default Monday week start, "every third week"
 *          counted from Sun 11-03 would put the nights in the late weeks)
 * Course: pilot 3's window 2024-10-24 .. 2024-12-09, 60 h, 12 lessons of 3 h,
 * two a week; it crosses the October switch of Beirut and Brussels (both on
 * 10-27), which leaves the two zones one hour apart throughout.
 * Margin around shifts: 60 minutes. No weekly windows (always available).
 *
 * Tue+Thu 17:00 Brussels is 18:00-21:00 in Beirut: free in early weeks
 * (busy until 16:00 with the margin) and night weeks (busy from 22:00), not
 * in late weeks. Tue+Thu 08:00 Brussels is 09:00-12:00 in Beirut: not in
 * early weeks, free in late weeks (busy from 14:00) and night weeks (the
 * night ends at 07:00, free from 08:00).
 *
 * Lessons per ISO week (Brussels dates): W43 Thu 10-24; W44 10-29, 10-31;
 * W45 11-05, 11-07; W46 11-12, 11-14; W47 11-19, 11-21; W48 11-26, 11-28;
 * W49 Tue 12-03 (the twelfth).
 */
#include <stdlib.h>
#include <string.h>

#include <cohortplan/attend.h>
#include <cohortplan/candidates.h>
#include <cohortplan/offdays.h>

#include "ical/roster.h"
#include "engine-test.h"
#include "test-config.h"

#define WEEKS 7
static const char *const week_name[WEEKS] = { "W43 early", "W44 late", "W45 night",
					      "W46 early", "W47 late", "W48 night", "W49 early" };
static const int lessons_per_week[WEEKS] = { 1, 2, 2, 2, 2, 2, 1 };
static const int evening[WEEKS] = { 1, 0, 2, 2, 0, 2, 1 };  /* 17:00 Brussels */
static const int morning[WEEKS] = { 0, 2, 2, 0, 2, 2, 0 };  /* 08:00 Brussels */

static void per_week(const struct cp_cand *c, const struct cp_attend *a, size_t pat,
		     const int *want, const char *what)
{
	const struct cp_cand_pattern *pt = cp_cand_pattern(c, pat);
	int got[WEEKS] = { 0 }, lessons[WEEKS] = { 0 };
	cp_day w43 = et_day("2024-10-21");
	unsigned total = 0;

	for (size_t k = 0; k < pt->n_lessons; k++) {
		int w = (int)((pt->lessons[k].date - w43) / 7);
		if (w < 0 || w >= WEEKS) {
			CHECK(false, "%s: lesson %zu outside the weeks", what, k);
			continue;
		}
		lessons[w]++;
		enum cp_attend_reason r = cp_attend_judge(a, 0, pt->lessons[k].start);
		if (r == CP_ATTEND_OK) {
			got[w]++;
			total++;
		} else {
			CHECK(r == CP_ATTEND_ROSTER, "%s: lesson %zu: %s, want roster", what, k,
			      cp_attend_reason_name(r));
		}
	}
	for (int w = 0; w < WEEKS; w++) {
		char buf[64];
		snprintf(buf, sizeof(buf), "%s %s lessons", what, week_name[w]);
		CHECK_EQ(lessons[w], lessons_per_week[w], buf);
		snprintf(buf, sizeof(buf), "%s %s attendable", what, week_name[w]);
		CHECK_EQ(got[w], want[w], buf);
	}
	/* Counts are live minutes: 36 h live is twelve whole 3-hour lessons,
	 * so each attendable lesson adds 180. */
	CHECK_EQ(cp_attend_count(a, 0, pat), total * 180, what);
}

int main(void)
{
	struct cp_tzdb *db = et_db();
	struct cp_problem *p = et_problem(db, "2024-10-24", "2024-12-09", 60, 180, 2, 2);
	struct cp_engine_error err = { 0 };
	struct cp_error rerr = { 0 };
	struct cp_interval_set busy;

	struct cp_participant *x = et_participant(p, "n01", "Asia/Beirut");
	et_teacher(p, "t1", "Europe/Brussels");
	et_check(p);

	struct cp_roster_options ro = {
		.source = "nurse-rotation.ics",
		.tzdb = db,
		.floating_zone = x->tz,
		.from = (cp_instant)(et_day("2024-10-20")) * 86400,
		.to = (cp_instant)(et_day("2024-12-12")) * 86400,
	};
	cp_interval_set_init(&busy);
	bool ok = cp_roster_load(CP_TEST_DATA "/engine/nurse-rotation.ics", &ro, &busy, &rerr);
	CHECK(ok, "roster: %s", rerr.message);
	if (!ok)
		return et_finish("engine-nurse");
	/* Early W43 (5) + late W44 (5) + nights W45 (5) + ... up to the
	 * horizon: the count only guards against an empty parse. */
	CHECK(busy.count >= 30, "roster busy intervals: %zu", busy.count);
	CHECK(cp_problem_set_busy(p, 0, &busy), "set busy");
	cp_interval_set_finish(&busy);

	struct cp_offdays *off = cp_offdays_create(p, NULL, 0, NULL, &err);
	struct cp_cand *c = cp_cand_create(p, off, NULL, &err);
	CHECK(c != NULL, "candidates: %s", err.message);
	struct cp_attend *a = c ? cp_attend_create(p, c, off, NULL, &err) : NULL;
	CHECK(a != NULL, "attend: %s", err.message);
	if (a) {
		unsigned tue_thu = CP_DAYBIT(2) | CP_DAYBIT(4);
		size_t eve = et_find(c, tue_thu, 17 * 60), mor = et_find(c, tue_thu, 8 * 60);
		CHECK(eve != CP_CAND_NONE && mor != CP_CAND_NONE, "patterns not generated");
		if (eve != CP_CAND_NONE && mor != CP_CAND_NONE) {
			per_week(c, a, eve, evening, "Tue+Thu 17:00");
			per_week(c, a, mor, morning, "Tue+Thu 08:00");
			CHECK_EQ(cp_attend_count(a, 0, eve), 8 * 180, "evening total (minutes)");
			CHECK_EQ(cp_attend_count(a, 0, mor), 8 * 180, "morning total (minutes)");
		}
		/* A margin of 3 hours: the night weeks' morning lessons (09:00, the
		 * night ended 07:00) and evening lessons (ending 21:00, the night
		 * starts 23:00) are no longer free. */
		struct cp_attend_options ao;
		cp_attend_options_init(&ao);
		ao.roster_margin = 180;
		struct cp_attend *a3 = cp_attend_create(p, c, off, &ao, &err);
		if (a3 && eve != CP_CAND_NONE && mor != CP_CAND_NONE) {
			CHECK_EQ(cp_attend_count(a3, 0, eve), 4 * 180, "evening, 3 h margin");
			CHECK_EQ(cp_attend_count(a3, 0, mor), 4 * 180, "morning, 3 h margin");
		}
		cp_attend_destroy(a3);
	}
	cp_attend_destroy(a);
	cp_cand_destroy(c);
	cp_offdays_destroy(off);
	cp_problem_destroy(p);
	cp_roster_cleanup();
	cp_tzdb_destroy(db);
	return et_finish("engine-nurse");
}
