/*
 * api/locale/explain: the plan's reasons and advice in words. The English
 * sentences are the ones the planner wrote itself before reasons and
 * advice became data (issue 17), written out here by hand: plan.json's
 * `detail`, `self_study` and `text` keep their bytes. The other languages
 * must word every kind, in their own words.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/plan.h>
#include <cohortplan/problem.h>

#include "locale/explain.h"
#include "common/check.h"


static void
expect(char *got, const char *want, const char *what)
{
	CHECK(got && strcmp(got, want) == 0, "%s:\n  got  %s\n  want %s", what,
	      got ? got : "(null)", want);
	free(got);
}

/* The plain English reason of u against the sentence printf makes of
 * want_fmt and its arguments (the timetable's words). */
static void expect_reason(struct cp_msg *en, struct cp_plan *p, const struct cp_plan_unplaced *u,
			  const char *what, const char *want_fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void
expect_reason(struct cp_msg *en, struct cp_plan *p, const struct cp_plan_unplaced *u,
	      const char *what, const char *want_fmt, ...)
{
	char want[600];
	va_list ap;
	va_start(ap, want_fmt);
	vsnprintf(want, sizeof want, want_fmt, ap);
	va_end(ap);
	expect(cp_explain_unplaced(en, CP_EXPLAIN_PLAIN, p, u), want, what);
}

static const struct cp_plan_timetable monue = { CP_DAYBIT(1) | CP_DAYBIT(2), 17 * 60,
						 "Europe/Brussels", 19800, false };

static void
reasons(struct cp_msg *en, struct cp_plan *p)
{
	struct cp_plan_unplaced u = { .participant = "P1", .best = monue, .best_minutes = 900,
				      .live_minutes = 2160, .best_share = 900.0 / 2160 };
	const char *b = "Mon+Tue 17:00 Europe/Brussels from 2024-03-18";
	char want[600];

	u.kind = CP_UNPLACED_NO_CANDIDATE;
	expect_reason(en, p, &u, "no_candidate",
		      "no timetable reaches the attendance target: best is %s with 900 of 2160 live minutes (42%%)", b);
	u.floor_minutes = 1080;
	expect_reason(en, p, &u, "no_candidate floor",
		      "no timetable lets this participant attend at least 1080 of 2160 live minutes (50%%): best is %s with 900 of 2160 live minutes (42%%)", b);
	u.kind = CP_UNPLACED_PARTNER;
	u.partner = "P2";
	expect_reason(en, p, &u, "partner",
		      "no timetable lets both partners (P1 and P2) attend at least 1080 of 2160 live minutes (50%%) together; alone, %s reaches 900 of 2160 live minutes", b);
	u.kind = CP_UNPLACED_TOO_FEW;
	u.timetable = monue;
	u.missing = 2;
	expect_reason(en, p, &u, "too_few floor",
		      "too few people can attend the same timetable: %s needs 2 more who can attend at least 1080 of its 2160 live minutes (50%%) to open a cohort", b);
	u.floor_minutes = 0;
	expect_reason(en, p, &u, "too_few",
		      "too few people can attend the same timetable: %s needs 2 more to open a cohort", b);
	u.kind = CP_UNPLACED_LANGUAGE;
	expect(cp_explain_unplaced(en, CP_EXPLAIN_PLAIN, p, &u),
	       "does not speak the course language (nl)", "language");
	u.kind = CP_UNPLACED_NO_TEACHER;
	struct cp_plan_cover_option bl[2] = { { "T1", "outside_availability" }, { "T2", "max_week" } };
	u.blocked = bl;
	u.n_blocked = 2;
	expect_reason(en, p, &u, "no_teacher",
		      "no teacher may teach the timetables this participant can attend (e.g. %s: T1 outside_availability, T2 max_week)", b);
	u.kind = CP_UNPLACED_CAPACITY;
	expect(cp_explain_unplaced(en, CP_EXPLAIN_PLAIN, p, &u),
	       "teacher capacity ran out: the cohort planned for this participant could get no teacher without breaking a teacher's overlap, rest or load rules, and no other cohort they fit had room",
	       "capacity");
	/* The verdicts of re-solving with the participant first, for 3 people
	 * in their situation and a least cost of 1. */
	static const struct {
		enum cp_unplaced_kind kind;
		int cost;
		bool alike_placed;
		const char *want, *what;
	} resolved[] = {
		{ CP_UNPLACED_DISPLACES, 2, false,
		  "re-solving with this participant first found a plan that places them (3 people in their situation) in which 2 others who reach the target in this plan do not (every plan placing as many of them costs at least 1)",
		  "displaces" },
		{ CP_UNPLACED_DISPLACES, 0, false,
		  "re-solving with this participant first found a plan that places them (3 people in their situation) without anyone else losing their place: the search stopped before it found that plan",
		  "displaces free" },
		{ CP_UNPLACED_NO_COHORT, 0, false,
		  "no plan can place this participant (proven by re-solving with them first): cohort sizes, partners' wishes and the teachers' capacity allow no cohort with them",
		  "no_cohort" },
		{ CP_UNPLACED_NO_COHORT, 0, true,
		  "no plan can place more people in this participant's situation than this one does (proven by re-solving with them first): cohort sizes, partners' wishes and the teachers' capacity allow no more",
		  "no_cohort alike" },
		{ CP_UNPLACED_NOT_DECIDED, 0, true,
		  "not placed in the time allowed: re-solving with this participant first neither found a plan with them nor proved that there is none",
		  "not_decided" },
		{ CP_UNPLACED_NOT_CHECKED, 0, true,
		  "not placed in this plan; whether another plan could place them was not checked (the checks' limits were reached)",
		  "not_checked" },
	};
	u.places = 3;
	u.least_cost = 1;
	for (size_t i = 0; i < sizeof(resolved) / sizeof(resolved[0]); i++) {
		u.kind = resolved[i].kind;
		u.cost = resolved[i].cost;
		u.alike_placed = resolved[i].alike_placed;
		expect(cp_explain_unplaced(en, CP_EXPLAIN_PLAIN, p, &u), resolved[i].want,
		       resolved[i].what);
	}
	snprintf(want, sizeof want, "self-study modules with a weekly question hour: %s", b);
	expect(cp_explain_route(en, CP_EXPLAIN_PLAIN, &u), want, "route");
	struct cp_plan_timetable wbw = { CP_DAYBIT(6), 9 * 60, "Asia/Amman", INT64_MIN, true };
	expect(cp_explain_timetable(en, CP_EXPLAIN_PLAIN, &wbw), "week by week 09:00 Asia/Amman",
	       "week-by-week timetable without a first date");
}

static void
advice(struct cp_msg *en)
{
	struct cp_plan_idle idle[5] = { { "T1", 4, 20024 }, { "T2", 1, 20031 }, { "T3", 1, 20031 },
					{ "T4", 1, 20031 }, { "T5", 1, 20031 } };
	const struct {
		struct cp_plan_advice a;
		const char *want, *what;
	} cases[] = {
		{ { .kind = CP_ADVICE_BETTER_PLAN, .n = { 2 } },
		  "this plan is not the best: checking the reasons of unplaced people found a plan in which 2 more people reach the target; a longer time limit may find it",
		  "better_plan" },
		{ { .kind = CP_ADVICE_KEPT_BETTER, .n = { 6, 4, 6, 4 } },
		  "checking the reasons of unplaced people found a better plan than the search's own, and this plan is it: 6 people reach the target instead of 4, 6 are placed instead of 4",
		  "kept_better" },
		{ { .kind = CP_ADVICE_RELAX, .n = { 3 }, .row = "teacher T1 rest 60 min" },
		  "relaxing \"teacher T1 rest 60 min\" (or another teacher at that time) could place up to 3 more",
		  "relax" },
		{ { .kind = CP_ADVICE_ASSIGNMENT, .n = { 1, 2, 3, 4 } },
		  "teacher assignment: 1 cohorts moved to a teacher outside their group or to another timetable, 2 could get no teacher (3 of their members re-placed, 4 left unplaced)",
		  "assignment" },
		{ { .kind = CP_ADVICE_MORE_TEACHER, .n = { 5 }, .timetable = monue },
		  "one more teacher available for Mon+Tue 17:00 Europe/Brussels from 2024-03-18 could place about 5 more people",
		  "more_teacher" },
		{ { .kind = CP_ADVICE_IDLE_WEEKS, .n = { 4, 7, 1 }, .idle = idle, .n_idle = 1 },
		  "4 teacher-weeks of the course window without a lesson while 7 people are not placed (T1: 4 from the week of 2024-10-28): cohorts starting in those weeks could use them (policy.start_dates)",
		  "idle_weeks" },
		{ { .kind = CP_ADVICE_IDLE_WEEKS, .n = { 1, 1, 6 }, .idle = idle, .n_idle = 5 },
		  "1 teacher-week of the course window without a lesson while 1 person is not placed (T1: 4 from the week of 2024-10-28, T2: 1 from the week of 2024-11-04, T3: 1 from the week of 2024-11-04, T4: 1 from the week of 2024-11-04, T5: 1 from the week of 2024-11-04, ...): cohorts starting in those weeks could use them (policy.start_dates)",
		  "idle_weeks singular, more than five" },
		{ { .kind = CP_ADVICE_LEAVE, .n = { 5, 3, 1, 1 }, .cohort = "C02", .lesson = 4,
		    .teacher = "T1" },
		  "teacher leave: 5 lessons fall on their cohort teacher's leave: 3 given by a substitute, 1 moved inside their week, 1 uncovered (no teacher may take them, e.g. C02 lesson 4 of T1: find a substitute or move it by hand; the plan lists what blocks each teacher)",
		  "leave" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect(cp_explain_advice(en, CP_EXPLAIN_PLAIN, &cases[i].a), cases[i].want,
		       cases[i].what);
}

/* Every kind words in every language, in words of its own: no English
 * sentence slips through where a translation is missing. */
static void
every_language(struct cp_plan *p)
{
	size_t nl;
	const char *const *langs = cp_msg_languages(&nl);
	struct cp_msg *en = cp_msg_create("en", NULL);
	for (size_t i = 0; i < nl; i++) {
		if (strcmp(langs[i], "en") == 0)
			continue;
		struct cp_msg *m = cp_msg_create(langs[i], NULL);
		struct cp_plan_unplaced u = { .participant = "P1", .best = monue, .timetable = monue,
					      .live_minutes = 2160, .floor_minutes = 1080 };
		for (int k = 0; m && k < CP_UNPLACED_KIND_COUNT; k++) {
			u.kind = (enum cp_unplaced_kind)k;
			char *a = cp_explain_unplaced(m, CP_EXPLAIN_LOCAL, p, &u);
			char *b = cp_explain_unplaced(en, CP_EXPLAIN_LOCAL, p, &u);
			CHECK(a && b && strcmp(a, b) != 0 && !strstr(a, " the "),
			      "%s %s: %s", langs[i], cp_unplaced_kind_name(u.kind), a ? a : "(null)");
			free(a);
			free(b);
		}
		struct cp_plan_advice ad = { .n = { 2, 1, 1, 1 }, .timetable = monue, .row = "r" };
		for (int k = 1; m && k < CP_ADVICE_KIND_COUNT; k++) {
			ad.kind = (enum cp_advice_kind)k;
			char *a = cp_explain_advice(m, CP_EXPLAIN_LOCAL, &ad);
			char *b = cp_explain_advice(en, CP_EXPLAIN_LOCAL, &ad);
			CHECK(a && b && strcmp(a, b) != 0 && !strstr(a, " the "),
			      "%s %s: %s", langs[i], cp_advice_kind_name(ad.kind), a ? a : "(null)");
			free(a);
			free(b);
		}
		cp_msg_destroy(m);
	}
	cp_msg_destroy(en);
}

/* A member switched to self-study while the course runs (engine/plan/
 * switch.c marks it; the words are api/locale's): the English sentence
 * the engine wrote itself before, by hand; every other language in words
 * of its own, with the number; cp_explain_fill_switched fills only the
 * switched members without a text. */
static void
switched(struct cp_msg *en)
{
	struct cp_plan_member one = { .switched = true, .switched_themes = 1 };
	struct cp_plan_member six = { .switched = true, .switched_themes = 6 };
	expect(cp_explain_switched(en, CP_EXPLAIN_PLAIN, &one),
	       "switched to self-study: the attendance target is out of reach; 1 remaining theme "
	       "as self-study modules, each due a week after its lesson", "switched, one theme");
	expect(cp_explain_switched(en, CP_EXPLAIN_PLAIN, &six),
	       "switched to self-study: the attendance target is out of reach; 6 remaining themes "
	       "as self-study modules, each due a week after its lesson", "switched, six themes");

	size_t nl;
	const char *const *langs = cp_msg_languages(&nl);
	for (size_t i = 0; i < nl; i++) {
		if (strcmp(langs[i], "en") == 0)
			continue;
		struct cp_msg *m = cp_msg_create(langs[i], NULL);
		char *a = m ? cp_explain_switched(m, CP_EXPLAIN_PLAIN, &six) : NULL;
		char *b = m ? cp_explain_switched(m, CP_EXPLAIN_PLAIN, &one) : NULL;
		CHECK(a && strstr(a, "6") && !strstr(a, "switched") && !strstr(a, " the "),
		      "%s switched: %s", langs[i], a ? a : "(null)");
		CHECK(a && b && strstr(b, "1") && strcmp(a, b) != 0, "%s switched, one theme: %s",
		      langs[i], b ? b : "(null)");
		free(a);
		free(b);
		cp_msg_destroy(m);
	}

	struct cp_plan *p = cp_plan_create();
	struct cp_plan_cohort *c = p ? cp_plan_add_cohort(p) : NULL;
	struct cp_plan_member *m1 = c ? cp_plan_add_member(p, c) : NULL;
	struct cp_plan_member *m2 = m1 ? cp_plan_add_member(p, c) : NULL;
	struct cp_plan_member *m3 = m2 ? cp_plan_add_member(p, c) : NULL;
	CHECK(m3, "switched: setup");
	if (m3) {
		c = &p->cohorts[0];
		c->members[0].switched = true;
		c->members[0].switched_themes = 2;
		c->members[1].switched = true;
		c->members[1].self_study = cp_plan_strdup(p, "kept");
		CHECK(cp_explain_fill_switched(p), "fill_switched");
		const char *s0 = c->members[0].self_study;
		CHECK(s0 && strcmp(s0, "switched to self-study: the attendance target is out of "
				   "reach; 2 remaining themes as self-study modules, each due a "
				   "week after its lesson") == 0, "filled: %s", s0 ? s0 : "(null)");
		CHECK(c->members[1].self_study && strcmp(c->members[1].self_study, "kept") == 0,
		      "a text already there is kept");
		CHECK(!c->members[2].self_study, "a member not switched gets no text");
	}
	cp_plan_destroy(p);
}

int
main(void)
{
	struct cp_plan *p = cp_plan_create();
	struct cp_msg *en = cp_msg_create("en", NULL);
	CHECK(p && en, "setup");
	if (!p || !en)
		return 1;
	p->language = "nl";
	reasons(en, p);
	advice(en);
	every_language(p);
	switched(en);
	cp_msg_destroy(en);
	cp_plan_destroy(p);
	return check_tally();
}
