/*
 * The candidate timetable space (issue 12), hand-worked end to end from
 * problem JSON through the engine and the solver:
 *
 *   window   the course window is read in course.zone, in absolute time,
 *            across Brussels' spring-forward change;
 *   shapes   evening workers free only Tue, Wed and Thu get a Tue+Wed+Thu
 *            timetable (consecutive days, allowed by default);
 *   stagger  one teacher, two cohorts' worth of people, a course half as
 *            long as the window: the second cohort starts after the first
 *            ends.
 *
 * Every expected number below is worked out in the comments from tzdata
 * facts (tzdata 2026f; `zdump -v` shows them):
 *   Europe/Brussels    +01 (CET) until 2024-03-31 01:00 UTC, then +02 (CEST);
 *                      back to +01 on 2024-10-27 01:00 UTC.
 *   America/Mexico_City  -06 all through 2023-2025 (Mexico dropped DST in
 *                      October 2022; no transition since).
 *   Africa/Casablanca  +01 from 2024-04-14 02:00 UTC until the next Ramadan
 *                      (2025-02-23): October 2024 is +01 throughout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/candidates.h>
#include <cohortplan/offdays.h>

#include "formats/problem_json.h"
#include "pipeline/pipeline.h"
#include "test-config.h"

#include "common/check.h"
#include "common/plan-facts.h"
#include "plan-test.h"

static struct cp_problem *parse(struct cp_tzdb *db, const char *json, struct cp_diag **diag_out)
{
	if (!diag_out)
		return pt_parse(db, json, NULL);
	struct cp_problem *p = NULL;
	struct cp_diag *diag = cp_diag_create(0);
	enum cp_problem_status st = cp_problem_json_parse(json, strlen(json), db, NULL, &p, diag);
	*diag_out = diag;
	if (st != CP_PROBLEM_OK) {
		cp_problem_destroy(p);
		return NULL;
	}
	return p;
}

/* ---- the window in the course's zone ---------------------------------- */

/*
 * Course 2024-03-04 (Mon) .. 2024-03-31 (Sun), course.zone Europe/Brussels:
 * the window is [2024-03-04 00:00 CET, 2024-04-01 00:00 CEST)
 *             = [2024-03-03T23:00Z, 2024-03-31T22:00Z).
 * The end is one hour earlier in UTC than the start's offset would say:
 * Brussels springs forward on the last day of the window.
 * Four lessons of 60 minutes, Sundays only, anchored in Mexico City (the
 * teacher's zone, -06 all along). Sunday 17:00 Mexico City = 23:00Z:
 *   Sun 03-03 (a day before the window in Mexico's dates) 23:00Z = Mon 03-04
 *     00:00 CET in Brussels: inside;
 *   03-10, 03-17, 03-24: inside;
 *   Sun 03-31 23:00Z = Mon 04-01 01:00 CEST: outside.
 *   -> 4 lessons, the first on Mexico's 03-03: live.
 * Sunday 16:00 Mexico City = 22:00Z:
 *   03-03 22:00Z = Sun 03-03 23:00 CET: before the window; 03-31 22:00Z =
 *   04-01 00:00 CEST: outside (a week earlier, 22:00Z was 23:00 CET, inside).
 *   -> 3 lessons of the 4 needed: dropped.
 * Sunday 15:00 Mexico City = 21:00Z: 03-03 outside (22:00 CET on 03-03);
 *   03-31 21:00Z-22:00Z = 23:00-24:00 CEST: inside, it ends exactly at the
 *   window's end. -> 03-10, 03-17, 03-24, 03-31: live.
 * With the window read in each anchor's own dates (the old rule) 17:00
 * would have had 03-10 .. 03-31 (and 03-31 lies outside Brussels' window).
 */
static const char window_json[] =
	"{\"version\": 1,"
	" \"course\": {\"id\": \"w\", \"language\": \"ar\", \"lesson_hours\": 4,"
	"  \"synchronous_share\": 1, \"session_length\": \"PT1H\","
	"  \"sessions_per_week\": {\"min\": 1, \"max\": 1},"
	"  \"start\": \"2024-03-04\", \"end\": \"2024-03-31\", \"zone\": \"Europe/Brussels\"},"
	" \"policy\": {\"cohort_size\": {\"min\": 1, \"max\": 10}, \"weekdays\": [\"sun\"]},"
	" \"teachers\": [{\"id\": \"T1\", \"zone\": \"America/Mexico_City\", \"languages\": [\"ar\"],"
	"  \"earliest\": \"00:00\", \"latest\": \"24:00\"}],"
	" \"participants\": [{\"id\": \"P1\", \"zone\": \"America/Mexico_City\","
	"  \"profile\": \"partner\", \"languages\": [\"ar\"]}]}";

static const struct cp_cand_pattern *find(const struct cp_cand *c, unsigned days, int start,
					  int week)
{
	for (size_t i = 0; i < cp_cand_pattern_count(c); i++) {
		const struct cp_cand_pattern *pt = cp_cand_pattern(c, i);
		if (pt->anchor == 0 && pt->days == days && pt->start == start && pt->week == week)
			return pt;
	}
	return NULL;
}

static void check_window(struct cp_tzdb *db)
{
	struct cp_problem *p = parse(db, window_json, NULL);
	CHECK(p, "window problem does not load");
	if (!p)
		return;
	struct cp_engine_error err = { 0 };
	struct cp_offdays *off = cp_offdays_create(p, NULL, 0, NULL, &err);
	struct cp_cand *c = off ? cp_cand_create(p, off, NULL, &err) : NULL;
	CHECK(c, "candidates: %s", err.message);
	if (!c)
		goto out;
	CHECK(strcmp(cp_tz_name(cp_cand_anchor(c, 0)), "America/Mexico_City") == 0, "anchor 0");
	unsigned sun = CP_DAYBIT(0);
	const cp_instant mar3_23z = 1709506800; /* 2024-03-03T23:00Z */
	const struct cp_cand_pattern *at17 = find(c, sun, 17 * 60, 0);
	CHECK(at17 && at17->state == CP_CAND_LIVE && at17->n_lessons == 4,
	      "17:00: live with 4 lessons");
	if (at17 && at17->n_lessons == 4) {
		for (int l = 0; l < 4; l++)
			CHECK(at17->lessons[l].start == mar3_23z + (cp_instant)l * 7 * 86400,
			      "17:00 lesson %d at %lld", l, (long long)at17->lessons[l].start);
		CHECK(at17->first == at17->lessons[0].date &&
		      at17->lessons[0].date == 19785 /* 2024-03-03 */, "17:00 first date");
		char label[96];
		for (size_t i = 0; i < cp_cand_pattern_count(c); i++)
			if (cp_cand_pattern(c, i) == at17)
				cp_cand_pattern_label(c, i, label, sizeof label);
		CHECK(strcmp(label, "Sun 17:00 America/Mexico_City from 2024-03-03") == 0,
		      "label \"%s\"", label);
	}
	const struct cp_cand_pattern *at16 = find(c, sun, 16 * 60, 0);
	CHECK(at16 && at16->state == CP_CAND_DROPPED && at16->n_lessons == 3,
	      "16:00: dropped with 3 lessons");
	const struct cp_cand_pattern *at15 = find(c, sun, 15 * 60, 0);
	CHECK(at15 && at15->state == CP_CAND_LIVE && at15->n_lessons == 4 &&
	      at15->lessons[0].start == 1710104400 /* 2024-03-10T21:00Z */ &&
	      at15->lessons[3].end == 1711922400 /* 2024-03-31T22:00Z */,
	      "15:00: live, 03-10 .. 03-31 ending at the window's end");
	/* Nothing outside the window on any pattern. */
	for (size_t i = 0; i < cp_cand_pattern_count(c); i++) {
		const struct cp_cand_pattern *pt = cp_cand_pattern(c, i);
		for (size_t l = 0; l < pt->n_lessons; l++)
			CHECK(pt->lessons[l].start >= mar3_23z && pt->lessons[l].end <= 1711922400,
			      "pattern %zu lesson %zu outside the window", i, l);
	}
out:
	cp_cand_destroy(c);
	cp_offdays_destroy(off);
	cp_problem_destroy(p);

	/* An unknown zone is an error at its JSON path. */
	char bad[sizeof window_json + 8];
	const char *z = strstr(window_json, "\"zone\": \"Europe/Brussels\"");
	snprintf(bad, sizeof bad, "%.*s\"zone\": \"Europe/Brusels\"%s", (int)(z - window_json),
		 window_json, z + strlen("\"zone\": \"Europe/Brussels\""));
	struct cp_diag *diag = NULL;
	p = parse(db, bad, &diag);
	CHECK(!p, "Europe/Brusels accepted");
	bool named = false;
	for (size_t i = 0; i < cp_diag_count(diag); i++)
		named |= strcmp(cp_diag_entry(diag, i)->path, "/course/zone") == 0;
	CHECK(named, "no error at /course/zone");
	cp_diag_destroy(diag);
	cp_problem_destroy(p);
}

/* ---- Tue+Wed+Thu -------------------------------------------------------- */

/* Closes the problem in buf (n bytes written, up to its "participants": [)
 * with count labour migrants in Casablanca, free 18:00-21:00 on days (the
 * inside of a JSON array), named ids[i], or without ids prefix and i in
 * digits places (zero-padded). */
static const char *learners(char *buf, size_t size, size_t n, const char *days,
			    const char *const *ids, const char *prefix, int digits, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		char id[16];
		snprintf(id, sizeof id, "%s%0*u", prefix, digits, (unsigned)(i % 100));
		n += (size_t)snprintf(buf + n, size - n,
			"%s{\"id\": \"%s\", \"zone\": \"Africa/Casablanca\", \"languages\": [\"ar\"],"
			" \"profile\": \"labour_migrant\","
			" \"availability\": [{\"days\": [%s],"
			" \"start\": \"18:00\", \"end\": \"21:00\"}]}", i ? "," : "",
			ids ? ids[i] : id, days);
	}
	snprintf(buf + n, size - n, "]}");
	return buf;
}

/*
 * Seven evening workers in Casablanca, free only Tue, Wed and Thu 18:00-21:00
 * local; the teacher is in Casablanca too. Course 2024-10-01 (Tue) ..
 * 2024-10-24 (Thu): 36 live hours in 3-hour sessions = 12 lessons, exactly
 * 3 a week. The window holds 4 Tuesdays, 4 Wednesdays and 4 Thursdays: 12
 * dates, all +01 in Casablanca. Tue+Wed+Thu 18:00 Casablanca gives all 12
 * lessons at 18:00-21:00 local: 12/12 for everyone. Any other set of three
 * weekdays has a day they are not free: at most 2 of 3 lessons a week, 8/12
 * < ceil(0.8 * 12) = 10. So all 7 are placed, in one cohort on Tue+Wed+Thu,
 * and with consecutive days forbidden nobody can be.
 */
static const char *tuewedthu_json(bool adjacent)
{
	static char buf[4096];
	size_t n = (size_t)snprintf(buf, sizeof buf,
		"{\"version\": 1,"
		" \"course\": {\"id\": \"e\", \"language\": \"ar\", \"lesson_hours\": 36,"
		"  \"synchronous_share\": 1, \"session_length\": \"PT3H\","
		"  \"sessions_per_week\": {\"min\": 3, \"max\": 3},"
		"  \"start\": \"2024-10-01\", \"end\": \"2024-10-24\"},"
		" \"policy\": {\"cohort_size\": {\"min\": 7, \"max\": 10}, \"adjacent_days\": %s},"
		" \"teachers\": [{\"id\": \"T1\", \"zone\": \"Africa/Casablanca\", \"languages\": [\"ar\"],"
		"  \"latest\": \"23:00\", \"max_hours_per_week\": 20}],"
		" \"participants\": [", adjacent ? "true" : "false");
	return learners(buf, sizeof buf, n, "\"tue\", \"wed\", \"thu\"", NULL, "E", 1, 7);
}

static void check_tuewedthu(struct cp_tzdb *db)
{
	struct cp_problem *p = parse(db, tuewedthu_json(true), NULL);
	CHECK(p, "Tue+Wed+Thu problem does not load");
	struct cp_plan *plan = p ? pt_solve(db, p) : NULL;
	if (plan) {
		CHECK(plan->n_cohorts == 1 && pf_placed(plan) == 7, "%zu cohorts, %zu placed",
		      plan->n_cohorts, pf_placed(plan));
		if (plan->n_cohorts == 1) {
			const struct cp_plan_cohort *co = &plan->cohorts[0];
			CHECK(co->n_slots == 3 && co->slots[0].weekday == 2 && co->slots[1].weekday == 3 &&
			      co->slots[2].weekday == 4 && co->slots[0].start == 18 * 60,
			      "slots: Tue, Wed, Thu 18:00");
			/* First lesson Tue 2024-10-01 18:00 +01 = 17:00Z. */
			CHECK(co->n_lessons == 12 && co->lessons[0].start == 1727802000,
			      "first lesson");
			for (size_t m = 0; m < co->n_members; m++)
				CHECK(co->members[m].attendable == 12, "%s attends %d",
				      co->members[m].participant, co->members[m].attendable);
		}
	}
	cp_plan_destroy(plan);
	cp_problem_destroy(p);

	p = parse(db, tuewedthu_json(false), NULL);
	plan = p ? pt_solve(db, p) : NULL;
	CHECK(plan && pf_placed(plan) == 0, "without consecutive days: %zu placed, want 0",
	      plan ? pf_placed(plan) : 0);
	cp_plan_destroy(plan);
	cp_problem_destroy(p);
}

/* ---- staggered starts --------------------------------------------------- */

/*
 * One teacher (Casablanca) and 14 participants (Casablanca), cohorts of
 * exactly 7, everyone free only Tue and Thu 18:00-21:00 local, so every
 * cohort is Tue+Thu 18:00 and two cannot run side by side. Course
 * 2024-09-30 (Mon) .. 2024-11-24 (Sun), 8 weeks; 24 live hours in 3-hour
 * sessions = 8 lessons, two a week = 4 weeks, half the window. Casablanca is
 * +01 throughout (Brussels' change on 10-27 does not matter: everything is
 * anchored in Casablanca).
 *   start week 0: Tue 10-01 .. Thu 10-24 (8 lessons);
 *   start week 4 (the family's own length, 8 / 2 = 4 weeks, "auto"): from
 *   Mon 10-28: Tue 10-29 .. Thu 11-21 (8 lessons), the last that fits (from
 *   11-04 only 6 Tue/Thu dates remain).
 * Both cohorts open, one after the other: 14 placed. With the first lesson
 * restricted to the first week (policy.start_dates.to = 10-06, the space
 * before staggered starts) only one can: 7 placed.
 */
static const char *crunch_json_of(bool stagger, const char *const *ids, size_t n_ids);

static const char *crunch_json(bool stagger)
{
	return crunch_json_of(stagger, NULL, 14);
}

/* The crunch problem with the participants named in ids (NULL: S00..S13). */
static const char *crunch_json_of(bool stagger, const char *const *ids, size_t n_ids)
{
	static char buf[8192];
	size_t n = (size_t)snprintf(buf, sizeof buf,
		"{\"version\": 1,"
		" \"course\": {\"id\": \"s\", \"language\": \"ar\", \"lesson_hours\": 24,"
		"  \"synchronous_share\": 1, \"session_length\": \"PT3H\","
		"  \"sessions_per_week\": {\"min\": 2, \"max\": 2},"
		"  \"start\": \"2024-09-30\", \"end\": \"2024-11-24\"},"
		" \"policy\": {\"cohort_size\": {\"min\": 7, \"max\": 7}%s},"
		" \"teachers\": [{\"id\": \"T1\", \"zone\": \"Africa/Casablanca\", \"languages\": [\"ar\"],"
		"  \"latest\": \"23:00\", \"max_hours_per_week\": 20}],"
		" \"participants\": [",
		stagger ? "" : ", \"start_dates\": {\"to\": \"2024-10-06\"}");
	return learners(buf, sizeof buf, n, "\"tue\", \"thu\"", ids, "S", 2, n_ids);
}

static void check_stagger(struct cp_tzdb *db)
{
	struct cp_problem *p = parse(db, crunch_json(true), NULL);
	CHECK(p, "crunch problem does not load");
	struct cp_plan *plan = p ? pt_solve(db, p) : NULL;
	if (plan) {
		CHECK(plan->n_cohorts == 2 && pf_placed(plan) == 14,
		      "%zu cohorts, %zu placed, want 2, 14", plan->n_cohorts, pf_placed(plan));
		for (size_t i = 0; i < plan->n_advice; i++)
			CHECK(!strstr(plan->advice[i].text, "teacher-week"),
			      "everyone placed: no idle-week advice, got %s", plan->advice[i].text);
		if (plan->n_cohorts == 2) {
			const struct cp_plan_cohort *a = &plan->cohorts[0], *b = &plan->cohorts[1];
			if (b->lessons[0].start < a->lessons[0].start) {
				const struct cp_plan_cohort *t = a;
				a = b;
				b = t;
			}
			/* Tue 10-01 18:00 +01 = 17:00Z; Thu 10-24 18:00 +01 = 17:00Z;
			 * Tue 10-29 18:00 +01 = 17:00Z. */
			CHECK(a->n_lessons == 8 && a->lessons[0].start == 1727802000 &&
			      a->lessons[7].start == 1729789200, "first cohort 10-01 .. 10-24");
			CHECK(b->n_lessons == 8 && b->lessons[0].start == 1730221200 &&
			      b->lessons[0].start > a->lessons[7].end, "second cohort from 10-29");
			CHECK(strcmp(a->teacher, "T1") == 0 && strcmp(b->teacher, "T1") == 0,
			      "one teacher");
			/* A re-plan of the same problem keeps both cohorts: the
			 * same slots from another start week are another cohort,
			 * so each keeps its id, its first lesson and its members. */
			struct cp_pipeline_options o = pt_options(1700000000);
			o.previous = plan;
			struct cp_plan *again = pt_solve_with(db, p, &o, "re-plan");
			for (size_t c = 0; again && c < plan->n_cohorts; c++) {
				const struct cp_plan_cohort *was = &plan->cohorts[c], *now = NULL;
				for (size_t k = 0; k < again->n_cohorts; k++)
					if (strcmp(again->cohorts[k].id, was->id) == 0)
						now = &again->cohorts[k];
				CHECK(now && now->n_lessons && now->lessons[0].start == was->lessons[0].start &&
				      now->n_members == was->n_members && now->n_cancelled == 0,
				      "re-plan changed cohort %s", was->id);
				for (size_t m = 0; now && m < was->n_members && m < now->n_members; m++)
					CHECK(strcmp(now->members[m].participant, was->members[m].participant) == 0,
					      "re-plan moved %s", was->members[m].participant);
			}
			cp_plan_destroy(again);

			/* The first cohort's members all drop out. The second cohort
			 * keeps its start week: the same Tue+Thu 18:00 from the first
			 * week is not "the same cohort" (it would move all 8 of its
			 * lessons), although it seats them just as well. */
			const char *ids[7];
			for (size_t m = 0; m < 7 && m < b->n_members; m++)
				ids[m] = b->members[m].participant;
			struct cp_problem *q = b->n_members == 7 ? parse(db, crunch_json_of(true, ids, 7),
									 NULL) : NULL;
			again = q ? pt_solve_with(db, q, &o, "re-plan after dropouts") : NULL;
			CHECK(again, "re-plan after dropouts");
			const struct cp_plan_cohort *kept = NULL;
			for (size_t k = 0; again && k < again->n_cohorts; k++)
				if (!again->cohorts[k].dissolved && again->cohorts[k].n_members)
					kept = &again->cohorts[k];
			CHECK(kept && strcmp(kept->id, b->id) == 0 && kept->n_lessons == 8 &&
			      kept->lessons[0].start == b->lessons[0].start && kept->n_cancelled == 0,
			      "after dropouts the second cohort moved: first lesson %lld, want %lld",
			      kept && kept->n_lessons ? (long long)kept->lessons[0].start : 0LL,
			      (long long)b->lessons[0].start);
			cp_plan_destroy(again);
			cp_problem_destroy(q);
		}
	}
	cp_plan_destroy(plan);
	cp_problem_destroy(p);

	p = parse(db, crunch_json(false), NULL);
	plan = p ? pt_solve(db, p) : NULL;
	CHECK(plan && plan->n_cohorts == 1 && pf_placed(plan) == 7,
	      "first week only: %zu placed, want 7", plan ? pf_placed(plan) : 0);
	/* The capacity advice counts the idle teacher-weeks: the window has
	 * the 8 ISO weeks from Mon 09-30 to Mon 11-18; the cohort's lessons
	 * (Tue/Thu 10-01 .. 10-24) fill the first 4; T1 has no leave. */
	bool idle = false;
	for (size_t i = 0; plan && i < plan->n_advice; i++)
		idle |= strstr(plan->advice[i].text,
			       "4 teacher-weeks of the course window without a lesson while 7 people "
			       "are not placed (T1: 4 from the week of 2024-10-28)") != NULL;
	CHECK(idle, "first week only: no advice about T1's 4 idle weeks");
	cp_plan_destroy(plan);
	cp_problem_destroy(p);
}

int
main(void)
{
	static void (*const steps[])(struct cp_tzdb *) = {
		check_window, check_tuewedthu, check_stagger,
	};
	return pt_run(steps, sizeof steps / sizeof steps[0]);
}
