/*
 * Re-plans on hand-made plans, no solver: cohort identity by members
 * (cp_plan_match_ids), what cp_plan_revise makes of a group that moved, a
 * cohort that dissolved and a participant who changed cohorts, the feeds
 * that follow, and the plan.json round trip of every new field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/plan.h>

#include "formats/plan_json.h"
#include "ical/feeds.h"
#include "common/check.h"
#include "test-config.h"

#define DAY 86400
#define T0 1717405200 /* 2024-06-03 09:00 UTC, a Monday */

/* A cohort of 4 weekly lessons from start, with the members given. */
static void
cohort(struct cp_plan *p, const char *id, const char *teacher, int weekday, cp_instant start,
       const char *const *members)
{
	struct cp_plan_cohort *c = cp_plan_add_cohort(p);
	c->id = cp_plan_strdup(p, id);
	c->teacher = cp_plan_strdup(p, teacher);
	c->teacher_zone = cp_plan_strdup(p, "Europe/Brussels");
	c->anchor_zone = cp_plan_strdup(p, "Europe/Brussels");
	c->session_minutes = 90;
	struct cp_plan_slot *s = cp_plan_add_slot(p, c);
	s->weekday = weekday;
	s->start = 11 * 60;
	for (int i = 0; i < 4; i++) {
		struct cp_plan_lesson *l = cp_plan_add_lesson(p, c);
		l->number = i + 1;
		l->start = start + (cp_instant)i * 7 * DAY;
		l->end = l->start + 90 * 60;
	}
	for (; *members; members++) {
		struct cp_plan_member *m = cp_plan_add_member(p, c);
		m->participant = cp_plan_strdup(p, *members);
		m->zone = cp_plan_strdup(p, "Africa/Casablanca");
		m->attendable = 4;
	}
}

static struct cp_plan *
plan(cp_instant created)
{
	struct cp_plan *p = cp_plan_create();
	p->course = cp_plan_strdup(p, "course-x");
	p->language = cp_plan_strdup(p, "en");
	p->created = created;
	p->attendance_target = 0.8;
	return p;
}

static const struct cp_plan_cohort *
cohort_of(const struct cp_plan *p, const char *who)
{
	const struct cp_plan_cohort *c = NULL;
	return cp_plan_find_member(p, who, &c) ? c : NULL;
}

/* Substitutes across a re-plan (docs/plan.md): a changed or dropped
 * substitute is a change of the lesson, a cancelled copy keeps its
 * substitute so their feed shows the cancellation, and teacher feeds
 * follow who gives each lesson. */
/* Writes the feed of `kind` `id`: it must contain every string of has[]
 * and none of lacks[] (both NULL-terminated). */
static void
check_feed(struct cp_feed_writer *w, enum cp_feed_kind kind, const char *id,
	   const char *const *has, const char *const *lacks, const char *what)
{
	struct cp_error ferr = { 0 };
	char *f = cp_feed_write(w, kind, id, NULL, &ferr);

	CHECK(f, "%s: %s", what, ferr.message);
	for (; f && *has; has++)
		CHECK(strstr(f, *has), "%s: no \"%s\"", what, *has);
	for (; f && *lacks; lacks++)
		CHECK(!strstr(f, *lacks), "%s: has \"%s\"", what, *lacks);
	free(f);
}

static void
substitutes_revised(struct cp_tzdb *db)
{
	struct cp_plan *prev = plan(T0 - 7 * DAY), *next = plan(T0 + 3 * DAY);
	cohort(prev, "C01", "T1", 1, T0, (const char *const[]){ "A", NULL });
	cohort(next, "C01", "T1", 1, T0, (const char *const[]){ "A", NULL });
	for (int i = 1; i < 4; i++) {
		prev->cohorts[0].lessons[i].substitute = "T2";
		prev->cohorts[0].lessons[i].substitute_zone = "Europe/Brussels";
	}
	/* Next: lesson 2 by T3 instead, lesson 3 by T1 again, lesson 4 gone. */
	next->cohorts[0].lessons[1].substitute = "T3";
	next->cohorts[0].lessons[1].substitute_zone = "Europe/Brussels";
	next->cohorts[0].n_lessons = 3;
	CHECK(cp_plan_revise(next, prev, 30), "revise");
	const struct cp_plan_cohort *c = &next->cohorts[0];
	CHECK(c->lessons[0].sequence == 0 && c->lessons[1].sequence == 1 &&
	      c->lessons[2].sequence == 1, "sequences %d %d %d: a substitute change is a change",
	      c->lessons[0].sequence, c->lessons[1].sequence, c->lessons[2].sequence);
	CHECK(c->n_cancelled == 1 && c->cancelled[0].number == 4 && c->cancelled[0].substitute &&
	      strcmp(c->cancelled[0].substitute, "T2") == 0, "cancelled lesson 4 keeps T2");
	struct cp_error ferr = { 0 };
	struct cp_feed_writer *w = cp_feed_writer_create(next, db, NULL, &ferr);
	CHECK(w, "writer: %s", ferr.message);
	if (w) {
		check_feed(w, CP_FEED_TEACHER, "T2",
			   (const char *const[]){ "UID:lesson-4.C01.course-x@cohortplan", NULL },
			   (const char *const[]){ "STATUS:CONFIRMED", NULL },
			   "T2's feed: lesson 4 cancelled");
		check_feed(w, CP_FEED_TEACHER, "T3",
			   (const char *const[]){ "UID:lesson-2.C01.course-x@cohortplan",
						  "STATUS:CONFIRMED", NULL },
			   (const char *const[]){ "lesson-1.C01", NULL },
			   "T3, a substitute only, has lesson 2");
		char *t1 = cp_feed_write(w, CP_FEED_TEACHER, "T1", NULL, &ferr);
		const char *l2 = t1 ? strstr(t1, "UID:lesson-2.C01.course-x@cohortplan") : NULL;
		const char *end = l2 ? strstr(l2, "END:VEVENT") : NULL;
		const char *st = l2 ? strstr(l2, "STATUS:CANCELLED") : NULL;
		CHECK(end && st && st < end, "T1's lesson 2 is marked as not theirs");
		free(t1);
		cp_feed_writer_destroy(w);
	}
	CHECK(cp_plan_teaches(next, "T3") && cp_plan_teaches(next, "T2") &&
	      !cp_plan_teaches(next, "T4"), "cp_plan_teaches");
	size_t cur = 0;
	const char *a = cp_plan_next_substitute_only(next, &cur);
	const char *b = cp_plan_next_substitute_only(next, &cur);
	const char *z = cp_plan_next_substitute_only(next, &cur);
	CHECK(a && b && !z && strcmp(a, "T3") == 0 && strcmp(b, "T2") == 0,
	      "substitutes only, each once, in plan order: %s %s", a ? a : "-", b ? b : "-");
	cp_plan_destroy(next);
	cp_plan_destroy(prev);
}

int
main(void)
{
	/* Before: A, B, C with T1 on Mondays (C01); D, E with T2 on Tuesdays
	 * (C02); F, G with T3 on Wednesdays (C03). */
	struct cp_plan *prev = plan(T0 - 7 * DAY);
	cohort(prev, "C01", "T1", 1, T0, (const char *const[]){ "A", "B", "C", NULL });
	cohort(prev, "C02", "T2", 2, T0 + DAY, (const char *const[]){ "D", "E", NULL });
	cohort(prev, "C03", "T3", 3, T0 + 2 * DAY, (const char *const[]){ "F", "G", NULL });

	/* After (the planner's ids, which follow timetables): T1 cannot
	 * teach Mondays any more, so A, B, C meet on Thursdays and the
	 * planner calls them C04; D left C02 for it. C02 keeps E alone and
	 * its timetable; C03 is gone (F and G unplaced). Created after
	 * lesson 1 of every cohort. */
	struct cp_plan *next = plan(T0 + 3 * DAY);
	cohort(next, "C02", "T2", 2, T0 + DAY, (const char *const[]){ "E", NULL });
	cohort(next, "C04", "T1", 4, T0 + 3 * DAY + 3600,
	       (const char *const[]){ "A", "B", "C", "D", NULL });
	/* A new cohort of new people on C03's exact timetable would have
	 * been C03 for the planner: nobody shares it, so it may keep C03
	 * only by the unchanged-timetable rule. Here it is a new teacher. */
	cohort(next, "C01", "T9", 5, T0 + 4 * DAY, (const char *const[]){ "H", "I", NULL });

	CHECK(cp_plan_match_ids(next, prev), "match");
	CHECK(strcmp(next->cohorts[1].id, "C01") == 0, "the group of A, B, C keeps C01, got %s",
	      next->cohorts[1].id);
	CHECK(strcmp(next->cohorts[0].id, "C02") == 0, "E's cohort stays C02, got %s",
	      next->cohorts[0].id);
	CHECK(strcmp(next->cohorts[2].id, "C04") == 0,
	      "a new cohort gets a fresh id (C01..C03 were used), got %s", next->cohorts[2].id);
	/* Idempotent: what publishing does again after a re-plan. */
	CHECK(cp_plan_match_ids(next, prev), "match again");
	CHECK(strcmp(next->cohorts[1].id, "C01") == 0 && strcmp(next->cohorts[2].id, "C04") == 0,
	      "matching twice changes nothing");

	CHECK(cp_plan_revise(next, prev, 28), "revise");
	const struct cp_plan_cohort *c01 = cp_plan_find_cohort(next, "C01");
	for (size_t i = 0; c01 && i < c01->n_lessons; i++)
		CHECK(c01->lessons[i].sequence == 1 && c01->lessons[i].modified == next->created,
		      "C01 lesson %d moved: sequence 1", c01->lessons[i].number);
	const struct cp_plan_cohort *c02 = cp_plan_find_cohort(next, "C02");
	for (size_t i = 0; c02 && i < c02->n_lessons; i++)
		CHECK(c02->lessons[i].sequence == 0, "C02 unchanged");
	const struct cp_plan_cohort *c03 = cp_plan_find_cohort(next, "C03");
	CHECK(c03 && c03->dissolved && c03->n_members == 0 && c03->n_lessons == 0 &&
	      c03->n_cancelled == 4, "C03 dissolved with its 4 lessons cancelled");
	for (size_t i = 0; c03 && i < c03->n_cancelled; i++)
		CHECK(c03->cancelled[i].sequence == 1, "cancelled lessons raise SEQUENCE");
	/* Former: D left C02 (lessons 2..4 not begun), F and G left C03
	 * (lessons 2..4: lesson 1 of C03 started at T0 + 2 days). */
	CHECK(next->n_former == 3, "three former memberships, got %zu", next->n_former);
	for (size_t i = 0; i < next->n_former; i++) {
		const struct cp_plan_former *f = &next->former[i];
		CHECK(f->n_lessons == 3 && f->lessons[0].number == 2 && f->lessons[0].sequence == 1,
		      "%s left %s: lessons 2..4 cancelled for them (%zu)", f->participant,
		      f->cohort, f->n_lessons);
	}
	CHECK(next->n_former >= 1 && strcmp(next->former[0].participant, "D") == 0 &&
	      strcmp(next->former[0].cohort, "C02") == 0, "D left C02");
	CHECK(cohort_of(next, "D") == c01, "D is in C01 now");

	/* Extras for the round trip. */
	struct cp_plan_teacher *t = cp_plan_add_teacher(next);
	t->id = "T1";
	t->zone = "Europe/Brussels";
	t->max_day = 240;
	t->max_week = 720;
	t->earliest = -1;
	t->latest = 21 * 60 + 30;
	struct cp_plan_theme *th = cp_plan_add_theme(next);
	th->id = "work";
	th->name = "Werk en loopbaan";
	next->cohorts[1].lessons[0].theme = "work";

	size_t len = 0;
	char *text = cp_plan_json_write(next, &len);
	CHECK(text != NULL, "write");
	struct cp_plan *back = NULL;
	struct cp_diag *d = cp_diag_create(10);
	enum cp_plan_json_status st = cp_plan_json_parse(text, len, NULL, &back, d);
	CHECK(st == CP_PLAN_JSON_OK, "read back: %s %s", cp_diag_count(d) ? cp_diag_entry(d, 0)->path : "",
	      cp_diag_count(d) ? cp_diag_entry(d, 0)->message : "");
	if (back) {
		char *again = cp_plan_json_write(back, NULL);
		CHECK(again && strcmp(text, again) == 0, "plan.json round trip is exact");
		free(again);
		CHECK(back->n_former == 3 && back->n_teachers == 1 && back->n_themes == 1 &&
		      back->teachers[0].latest == 21 * 60 + 30 && back->teachers[0].earliest == -1 &&
		      cp_plan_find_cohort(back, "C03")->dissolved, "new fields read back");
		/* A second re-plan with nothing changed keeps everything. */
		struct cp_plan *third = NULL;
		cp_diag_clear(d);
		cp_plan_json_parse(text, len, NULL, &third, d);
		third->created = next->created + DAY;
		CHECK(cp_plan_match_ids(third, back) && cp_plan_revise(third, back, 28), "re-revise");
		const struct cp_plan_cohort *c3 = cp_plan_find_cohort(third, "C03");
		CHECK(third->n_cohorts == back->n_cohorts && c3 && c3->dissolved &&
		      c3->n_cancelled == 4 && third->n_former == 3,
		      "shells and former entries carry over");
		cp_plan_destroy(third);
	}
	free(text);
	cp_diag_destroy(d);

	/* Feeds: D's shows C01's lessons and C02's 2..4 cancelled; F's only
	 * cancellations; an empty feed is valid. */
	struct cp_tz_error tzerr = { 0 };
	struct cp_tzdb *db = cp_tzdb_create(CP_TEST_TZDIR, &tzerr);
	CHECK(db != NULL, "tzdb: %s", tzerr.message);
	struct cp_error ferr = { 0 };
	struct cp_feed_writer *w = db ? cp_feed_writer_create(next, db, NULL, &ferr) : NULL;
	CHECK(w != NULL, "writer: %s", ferr.message);
	if (w) {
		static const char *const none[] = { NULL };
		check_feed(w, CP_FEED_PARTICIPANT, "D",
			   (const char *const[]){ "UID:lesson-2.C02.course-x@cohortplan",
						  "UID:lesson-1.C01.course-x@cohortplan",
						  "STATUS:CANCELLED", NULL },
			   none, "D's feed has C01 and cancelled C02");
		check_feed(w, CP_FEED_PARTICIPANT, "F",
			   (const char *const[]){ "UID:lesson-2.C03.course-x@cohortplan", NULL },
			   (const char *const[]){ "STATUS:CONFIRMED", NULL },
			   "F's feed: only cancellations");
		check_feed(w, CP_FEED_COHORT, "C03",
			   (const char *const[]){ "UID:lesson-1.C03.course-x@cohortplan", NULL },
			   (const char *const[]){ "STATUS:CONFIRMED", NULL },
			   "dissolved C03's feed: all cancelled");
		check_feed(w, CP_FEED_COHORT, "C01",
			   (const char *const[]){ "Werk en loopbaan", NULL }, none,
			   "the course's own theme name");
		cp_feed_writer_destroy(w);
	}
	substitutes_revised(db);
	char *fe = cp_feed_write_empty(NULL, CP_FEED_PARTICIPANT, "Z-secret", "course-x", NULL,
				       &ferr);
	CHECK(fe && strstr(fe, "BEGIN:VCALENDAR") && strstr(fe, "REFRESH-INTERVAL") &&
	      strstr(fe, "X-WR-CALNAME") && !strstr(fe, "VEVENT") && !strstr(fe, "Z-secret"),
	      "empty feed: header only, no participant id");
	free(fe);
	cp_tzdb_destroy(db);

	cp_plan_destroy(back);
	cp_plan_destroy(next);
	cp_plan_destroy(prev);
	return check_tally();
}
