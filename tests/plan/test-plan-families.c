/*
 * The plan against brute force, family by family (issue 12): on random small
 * problems restricted to one family of timetables, the number of people the
 * plan places at the target equals the best any choice of cohorts within that
 * family can place.
 *
 * Families (policy settings): consecutive days allowed, starts in the first
 * week only; consecutive days forbidden, a start every week (staggered).
 * Each problem: one teacher in Europe/Brussels without binding limits, 3 to 6
 * participants in Brussels free on random weekday evenings, a course of two
 * or three 2-hour lessons (or a 1 h 12 min last one: exact live minutes) in a
 * window of 2 to 3 weeks, cohorts of at least 1 to 3, nobody admitted below
 * the target.
 *
 * The oracle shares no code with the solver or the planner: it takes the
 * engine's patterns and who reaches the target on each (the engine's own
 * verdicts, checked rule by rule against an independent reference in
 * engine-property), and tries every set of at most three pairwise
 * non-overlapping patterns and every assignment of people to them that opens
 * each chosen cohort with its minimum size.
 *
 * Asserted: the plan places exactly the oracle's best over the live patterns
 * (what the solver is given). Measured and printed, not asserted: how often
 * the whole family, dominated (pruned) patterns included, would place more:
 * pruning keeps every person's best timetable but can drop one a single
 * teacher needed for a second, non-overlapping cohort (docs/engine.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/attend.h>
#include <cohortplan/candidates.h>
#include <cohortplan/engine.h>

#include "formats/problem_json.h"
#include "pipeline/pipeline.h"
#include "test-config.h"

#include "common/check.h"
#include "plan-test.h"

#define MAXP 6       /* participants */
#define MAXS 3       /* cohorts the one teacher may run */
#define MAXPAT 256   /* patterns considered by the oracle */

static unsigned long long rng = 20241024;

static unsigned
rnd(unsigned n)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)((rng >> 33) % n);
}

static const char *const day_names[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

/* A random problem of family f (0: consecutive days, first week only; 1: no
 * consecutive days, a start every week). */
static char *
problem_json(int f, int *n_people)
{
	static char buf[16384];
	int np = 3 + (int)rnd(4), weeks = 2 + (int)rnd(2), lessons = 2 + (int)rnd(2);
	bool short_last = rnd(2);
	int cmin = 1 + (int)rnd(3);
	/* live minutes: (lessons - 1) x 120 + (72 or 120) at a share of 1 */
	int live = (lessons - 1) * 120 + (short_last ? 72 : 120);
	size_t n = (size_t)snprintf(buf, sizeof buf,
		"{\"version\": 1, \"course\": {\"id\": \"fam\", \"language\": \"ar\","
		" \"lesson_hours\": %d.%d, \"synchronous_share\": 1, \"session_length\": \"PT2H\","
		" \"sessions_per_week\": {\"min\": 1, \"max\": 2},"
		" \"start\": \"2025-01-06\", \"end\": \"2025-01-%02d\"},"
		" \"policy\": {\"earliest\": \"17:00\", \"latest\": \"21:00\", \"start_grid\": 60,"
		"  \"weekdays\": [\"mon\", \"tue\", \"wed\", \"thu\"],"
		"  \"cohort_size\": {\"min\": %d, \"max\": 20}, \"below_target\": \"none\","
		"  \"week_by_week\": \"none\", %s},"
		" \"teachers\": [{\"id\": \"T\", \"zone\": \"Europe/Brussels\", \"languages\": [\"ar\"],"
		"  \"max_hours_per_day\": 12, \"max_hours_per_week\": 60, \"min_rest\": \"PT1H\"}],"
		" \"participants\": [",
		live / 60, (live % 60) * 10 / 60, 5 + 7 * weeks, cmin,
		f == 0 ? "\"adjacent_days\": true, \"start_dates\": {\"to\": \"2025-01-12\"}"
		       : "\"adjacent_days\": false, \"start_dates\": {\"every_weeks\": 1}");
	for (int i = 0; i < np; i++) {
		/* free on one or two of Mon..Thu, from 17:00 or 18:00 to 21:00 */
		int d1 = 1 + (int)rnd(4), d2 = 1 + (d1 + (int)rnd(3)) % 4;
		n += (size_t)snprintf(buf + n, sizeof buf - n,
			"%s{\"id\": \"P%d\", \"zone\": \"Europe/Brussels\", \"languages\": [\"ar\"],"
			" \"profile\": \"labour_migrant\", \"availability\": [{\"days\": [\"%s\", \"%s\"],"
			" \"start\": \"%s\", \"end\": \"21:00\"}]}",
			i ? ", " : "", i, day_names[d1], day_names[d2], rnd(2) ? "17:00" : "18:00");
	}
	snprintf(buf + n, sizeof buf - n, "]}");
	*n_people = np;
	return buf;
}

/* ---- the oracle ----------------------------------------------------------- */

struct oracle {
	size_t npat, np;
	int cmin;
	unsigned reach[MAXPAT];            /* bit i: participant i reaches the target */
	bool clash[MAXPAT][MAXPAT];        /* lessons overlap in absolute time */
};

static bool
overlap(const struct cp_cand_pattern *a, const struct cp_cand_pattern *b)
{
	for (size_t i = 0; i < a->n_lessons; i++)
		for (size_t j = 0; j < b->n_lessons; j++)
			if (a->lessons[i].start < b->lessons[j].end &&
			    b->lessons[j].start < a->lessons[i].end)
				return true;
	return false;
}

/* The most people placed with cohorts chosen[0..k): each person to at most
 * one chosen pattern where they reach the target, each cohort at least cmin. */
static int
best_assignment(const struct oracle *o, const size_t *chosen, int k)
{
	int best = -1;
	int choice[MAXP];
	long combos = 1;
	for (size_t i = 0; i < o->np; i++)
		combos *= k + 1;
	for (long c = 0; c < combos; c++) {
		long x = c;
		int size[MAXS] = { 0 }, placed = 0;
		bool ok = true;
		for (size_t i = 0; i < o->np && ok; i++) {
			choice[i] = (int)(x % (k + 1)) - 1; /* -1: not placed */
			x /= k + 1;
			if (choice[i] >= 0) {
				ok = o->reach[chosen[choice[i]]] >> i & 1;
				size[choice[i]]++;
				placed++;
			}
		}
		for (int s = 0; s < k && ok; s++)
			ok = size[s] >= o->cmin;
		if (ok && placed > best)
			best = placed;
	}
	return best;
}

static int
oracle_best(const struct oracle *o, size_t *chosen, int k, size_t from)
{
	int best = k ? best_assignment(o, chosen, k) : 0;
	if (k == MAXS)
		return best;
	for (size_t j = from; j < o->npat; j++) {
		bool free_slot = o->reach[j] != 0;
		for (int s = 0; s < k && free_slot; s++)
			free_slot = !o->clash[chosen[s]][j];
		if (!free_slot)
			continue;
		chosen[k] = j;
		int v = oracle_best(o, chosen, k + 1, j + 1);
		if (v > best)
			best = v;
	}
	return best;
}

/* ---- one case --------------------------------------------------------------- */

/* Cases where the whole family (pruned patterns included) places more than
 * the plan: the pruning caveat of docs/engine.md, measured, not asserted. */
static int pruning_lost, cases_run;

static int
oracle_of(const struct cp_engine *e, const struct cp_problem *p, int np, bool live_only)
{
	struct oracle *o = calloc(1, sizeof *o);
	if (!o)
		return -1;
	const struct cp_cand *c = cp_engine_candidates(e);
	const struct cp_attend *a = cp_engine_attend(e);
	size_t idx[MAXPAT];
	o->np = (size_t)np;
	o->cmin = cp_problem_policy(p)->cohort_min;
	for (size_t j = 0; j < cp_cand_pattern_count(c) && o->npat < MAXPAT; j++) {
		const struct cp_cand_pattern *pt = cp_cand_pattern(c, j);
		if (pt->state != CP_CAND_LIVE && (live_only || pt->state != CP_CAND_DOMINATED))
			continue;
		unsigned bits = 0;
		for (size_t i = 0; i < o->np; i++)
			if (cp_attend_count(a, i, j) >= cp_attend_needed(a))
				bits |= 1u << i;
		idx[o->npat] = j;
		o->reach[o->npat++] = bits;
	}
	for (size_t x = 0; x < o->npat; x++)
		for (size_t y = 0; y < o->npat; y++)
			o->clash[x][y] = x != y && overlap(cp_cand_pattern(c, idx[x]),
							   cp_cand_pattern(c, idx[y]));
	size_t chosen[MAXS];
	int best = oracle_best(o, chosen, 0, 0);
	free(o);
	return best;
}

static void
one_case(struct cp_tzdb *db, int f, int caseno)
{
	int np;
	const char *json = problem_json(f, &np);
	struct cp_problem *p = NULL;
	struct cp_diag *diag = cp_diag_create(0);
	enum cp_problem_status ps = cp_problem_json_parse(json, strlen(json), db, NULL, &p, diag);
	CHECK(ps == CP_PROBLEM_OK, "family %d case %d: problem: %s", f, caseno,
	      cp_diag_count(diag) ? cp_diag_entry(diag, 0)->message : "?");
	cp_diag_destroy(diag);
	if (ps != CP_PROBLEM_OK) {
		cp_problem_destroy(p);
		return;
	}

	struct cp_engine_input in = { .problem = p };
	struct cp_engine_error eerr = { 0 };
	struct cp_engine *e = cp_engine_create(&in, NULL, NULL, &eerr);
	CHECK(e, "family %d case %d: engine: %s", f, caseno, eerr.message);
	int want = e ? oracle_of(e, p, np, true) : -1;
	int family = e ? oracle_of(e, p, np, false) : -1;
	CHECK(want >= 0 && family >= want, "family %d case %d: oracle", f, caseno);

	struct cp_pipeline_options po = pt_options(1700000000);
	char what[48];
	snprintf(what, sizeof(what), "family %d case %d", f, caseno);
	struct cp_plan *plan = pt_solve_with(db, p, &po, what);
	if (plan && want >= 0) {
		int got = 0;
		for (size_t k = 0; k < plan->n_cohorts; k++)
			for (size_t m = 0; m < plan->cohorts[k].n_members; m++)
				got += cp_plan_member_reaches(plan, &plan->cohorts[k],
							      &plan->cohorts[k].members[m]);
		CHECK(got == want, "family %d case %d: the plan places %d at the target, the "
		      "best with the engine's live patterns is %d\n%s", f, caseno, got, want, json);
		pruning_lost += family > got;
		cases_run++;
	}
	cp_plan_destroy(plan);
	cp_engine_destroy(e);
	cp_problem_destroy(p);
}

int
main(int argc, char **argv)
{
	int cases = argc > 1 ? atoi(argv[1]) : 40;
	struct cp_tzdb *db = pt_open_db();
	if (!db)
		return 1;
	for (int f = 0; f < 2; f++)
		for (int k = 0; k < cases; k++)
			one_case(db, f, k);
	cp_tzdb_destroy(db);
	printf("the whole family, pruned patterns included, places more than the plan in %d "
	       "of %d cases (docs/engine.md, pruning caveat)\n", pruning_lost, cases_run);
	return check_tally();
}
