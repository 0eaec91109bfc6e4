/*
 * Degenerate, impossible and invalid problems, explanations on hand-made
 * cases, limits (time, nodes, callback), determinism and threads.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

static int failures;

#define CHECK(cond) do { if (!(cond)) { \
		printf("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		failures++; } } while (0)

static const struct cp_solver_eligibility ELIG = { 0.9, 0.0, 0.0, 0 };

static size_t add_class(struct cp_solver_problem *p, long count, int unit)
{
	struct cp_solver_class c = { count, unit, 0, 0 };
	size_t i = CP_SOLVER_NONE;
	CHECK(cp_solver_problem_add_class(p, &c, &i, NULL) == CP_SOLVER_OK);
	return i;
}

static size_t add_cand(struct cp_solver_problem *p, long min, long max,
		long open)
{
	struct cp_solver_candidate k = { 0, -1, min, max, open };
	size_t i = CP_SOLVER_NONE;
	CHECK(cp_solver_problem_add_candidate(p, &k, &i, NULL) == CP_SOLVER_OK);
	return i;
}

static void elig(struct cp_solver_problem *p, size_t c, size_t k, double share)
{
	struct cp_solver_eligibility e = ELIG;
	e.share = share;
	CHECK(cp_solver_problem_add_eligibility(p, c, k, &e, NULL) ==
			CP_SOLVER_OK);
}

static struct cp_solver_result *solve(const struct cp_solver_problem *p)
{
	struct cp_solver_options o;
	struct cp_solver_result *r = NULL;
	struct cp_solver_error err;

	cp_solver_options_init(&o);
	o.gap = 0;
	o.time_limit = 10;
	if (cp_solver_solve(p, &o, &r, &err) != CP_SOLVER_OK) {
		printf("solve failed: %s\n", err.message);
		failures++;
		return NULL;
	}
	return r;
}

static void test_null_and_empty(void)
{
	struct cp_solver_problem *p = cp_solver_problem_create();
	struct cp_solver_result *r;

	cp_solver_problem_destroy(NULL);
	cp_solver_result_destroy(NULL);
	CHECK(p != NULL);
	r = solve(p);
	CHECK(r != NULL);
	if (r) {
		CHECK(cp_solver_result_placed(r) == 0);
		CHECK(cp_solver_result_cohort_count(r) == 0);
		CHECK(cp_solver_result_outcome(r) == CP_SOLVER_OPTIMAL);
		CHECK(cp_solver_result_bound(r) == 0);
		CHECK(cp_solver_result_gap(r) == 0);
		CHECK(cp_solver_result_cohort(r, 0) == NULL);
		CHECK(cp_solver_result_assigned(r, 5, 5) == 0);
	}
	cp_solver_result_destroy(r);

	/* classes, no candidates: everybody unplaced, no candidate */
	add_class(p, 3, 1);
	add_class(p, 2, 2);
	r = solve(p);
	if (r) {
		struct cp_solver_explanation e;
		CHECK(cp_solver_result_placed(r) == 0);
		CHECK(cp_solver_result_heads(r) == 7);
		CHECK(cp_solver_result_placeable(r) == 0);
		CHECK(cp_solver_result_placed_bound(r) == 0);
		CHECK(cp_solver_result_explain(r, 1, &e));
		CHECK(e.reason == CP_SOLVER_REASON_NO_CANDIDATE);
		CHECK(e.unplaced == 2);
		CHECK(!cp_solver_result_explain(r, 2, &e));
	}
	cp_solver_result_destroy(r);
	cp_solver_problem_destroy(p);

	/* candidates, no classes */
	p = cp_solver_problem_create();
	add_cand(p, 1, 5, 3);
	r = solve(p);
	if (r) {
		CHECK(cp_solver_result_opened(r, 0) == 0);
		CHECK(cp_solver_result_outcome(r) == CP_SOLVER_OPTIMAL);
	}
	cp_solver_result_destroy(r);
	cp_solver_problem_destroy(p);
}

static void test_too_few(void)
{
	struct cp_solver_problem *p = cp_solver_problem_create();
	struct cp_solver_result *r;
	size_t k0, k1;

	/* 6 people for a minimum of 7, and 6 for a minimum of 9 */
	k0 = add_cand(p, 7, 14, 1);
	k1 = add_cand(p, 9, 14, 1);
	for (int i = 0; i < 3; i++) {
		size_t c = add_class(p, 2, 1);
		elig(p, c, k0, 0.9);
		elig(p, c, k1, 0.9);
	}
	r = solve(p);
	if (r) {
		struct cp_solver_explanation e;
		CHECK(cp_solver_result_placed(r) == 0);
		CHECK(cp_solver_result_placed_bound(r) == 0);
		CHECK(cp_solver_result_explain(r, 0, &e));
		CHECK(e.reason == CP_SOLVER_REASON_TOO_FEW);
		CHECK(e.missing == 1);
		CHECK(e.candidate == k0);
		CHECK(cp_solver_result_outcome(r) == CP_SOLVER_OPTIMAL);
	}
	cp_solver_result_destroy(r);
	cp_solver_problem_destroy(p);
}

static void test_capacity(void)
{
	struct cp_solver_problem *p = cp_solver_problem_create();
	struct cp_solver_result *r;
	size_t row, c, k0, k1;

	/* one teacher, two slots that clash: one cohort of 5 of 8 people */
	k0 = add_cand(p, 2, 5, 1);
	k1 = add_cand(p, 2, 5, 1);
	c = add_class(p, 8, 1);
	elig(p, c, k0, 1.0);
	elig(p, c, k1, 0.9);
	CHECK(cp_solver_problem_add_row(p, "teacher T1 Tue 18:00", 1, &row,
			NULL) == CP_SOLVER_OK);
	CHECK(cp_solver_problem_set_coef(p, row, k0, 1, NULL) == CP_SOLVER_OK);
	CHECK(cp_solver_problem_set_coef(p, row, k1, 1, NULL) == CP_SOLVER_OK);
	CHECK(strcmp(cp_solver_problem_row_label(p, row),
			"teacher T1 Tue 18:00") == 0);
	CHECK(cp_solver_problem_row_label(p, 7) == NULL);
	r = solve(p);
	if (r) {
		struct cp_solver_explanation e;
		CHECK(cp_solver_result_placed(r) == 5);
		CHECK(cp_solver_result_opened(r, k0) == 1);
		CHECK(cp_solver_result_explain(r, c, &e));
		CHECK(e.reason == CP_SOLVER_REASON_CAPACITY);
		CHECK(e.unplaced == 3);
		CHECK(e.blocks & CP_SOLVER_BLOCK_ROW);
		CHECK(e.blocks & CP_SOLVER_BLOCK_MAX_OPEN);
		CHECK(e.nrows == 1 && e.rows && e.rows[0] == row);
		CHECK(cp_solver_result_row_slack(r, row) == 0);
		CHECK(cp_solver_result_row_waiting(r, row) == 3);
		/* a second teacher would place the other 3: the LP says so */
		CHECK(cp_solver_result_row_dual(r, row) > 2.5);
		CHECK(cp_solver_result_outcome(r) == CP_SOLVER_OPTIMAL);
	}
	cp_solver_result_destroy(r);

	/* the same with the row relaxed: everybody placed */
	CHECK(cp_solver_problem_set_coef(p, row, k1, 0, NULL) == CP_SOLVER_OK);
	r = solve(p);
	if (r) {
		CHECK(cp_solver_result_placed(r) == 8);
		CHECK(cp_solver_result_cohort_count(r) == 2);
	}
	cp_solver_result_destroy(r);
	cp_solver_problem_destroy(p);
}

static void test_remaining_and_separation(void)
{
	struct cp_solver_problem *p = cp_solver_problem_create();
	struct cp_solver_result *r;
	size_t a, b, x, y;

	/* X (3) prefers A; Y (2) fits B only and is one short there */
	a = add_cand(p, 3, 3, 1);
	b = add_cand(p, 3, 3, 1);
	x = add_class(p, 3, 1);
	y = add_class(p, 2, 1);
	elig(p, x, a, 1.0);
	elig(p, x, b, 0.8);
	elig(p, y, b, 0.9);
	r = solve(p);
	if (r) {
		struct cp_solver_explanation e;
		CHECK(cp_solver_result_placed(r) == 3);
		CHECK(cp_solver_result_assigned(r, x, a) == 3);
		CHECK(cp_solver_result_explain(r, y, &e));
		CHECK(e.reason == CP_SOLVER_REASON_REMAINING_TOO_FEW);
		CHECK(e.missing == 1);
		CHECK(e.candidate == b);
	}
	cp_solver_result_destroy(r);
	cp_solver_problem_destroy(p);

	/* two people who must not meet, one candidate */
	p = cp_solver_problem_create();
	a = add_cand(p, 1, 2, 2);
	x = add_class(p, 1, 1);
	y = add_class(p, 1, 1);
	elig(p, x, a, 1.0);
	elig(p, y, a, 0.9);
	CHECK(cp_solver_problem_add_separation(p, x, y, NULL) == CP_SOLVER_OK);
	r = solve(p);
	if (r) {
		struct cp_solver_explanation e;
		CHECK(cp_solver_result_placed(r) == 1);
		CHECK(cp_solver_result_explain(r, y, &e));
		CHECK(e.reason == CP_SOLVER_REASON_SEPARATION);
		CHECK(e.blocks == CP_SOLVER_BLOCK_SEPARATION);
	}
	cp_solver_result_destroy(r);
	cp_solver_problem_destroy(p);
}

static void test_couples(void)
{
	struct cp_solver_problem *p = cp_solver_problem_create();
	struct cp_solver_result *r;
	struct cp_solver_class spec[2] = { { 3, 2, 0, 0 }, { 2, 1, 0, 0 } };
	struct cp_solver_candidate kspec = { 0, -1, 3, 3, 2 };
	size_t k, cp, cs;

	/* cohorts of exactly 3: each needs a single next to its couple */
	k = add_cand(p, 3, 3, 2);
	cp = add_class(p, 3, 2);
	elig(p, cp, k, 1.0);
	r = solve(p);
	if (r) {
		struct cp_solver_explanation e;
		CHECK(cp_solver_result_placed(r) == 0);
		CHECK(cp_solver_result_explain(r, cp, &e));
		CHECK(e.reason == CP_SOLVER_REASON_REMAINING_TOO_FEW);
		CHECK(e.missing == 0);
	}
	cp_solver_result_destroy(r);
	cs = add_class(p, 2, 1);
	elig(p, cs, k, 1.0);
	r = solve(p);
	if (r) {
		char why[256];
		CHECK(cp_solver_result_placed(r) == 6);
		CHECK(cp_solver_result_cohort_count(r) == 2);
		CHECK(tl_check_result(p, spec, &kspec, r, why, sizeof why));
		for (size_t i = 0; i < cp_solver_result_cohort_count(r); i++) {
			const struct cp_solver_cohort *co =
				cp_solver_result_cohort(r, i);
			CHECK(co->heads == 3 && co->nmembers == 2);
		}
	}
	cp_solver_result_destroy(r);
	cp_solver_problem_destroy(p);
}

struct inv {
	const char *what;
	int kind;
	long a, b, c;
	double d;
	enum cp_solver_status want;
};

static void test_invalid(void)
{
	static const struct inv cases[] = {
		{ "negative count", 0, -1, 1, 0, 0, CP_SOLVER_ERR_INVALID },
		{ "unit size 3", 0, 1, 3, 0, 0, CP_SOLVER_ERR_INVALID },
		{ "negative language", 0, 1, 1, -1, 0, CP_SOLVER_ERR_INVALID },
		{ "min size 0", 1, 0, 5, 1, 0, CP_SOLVER_ERR_INVALID },
		{ "max below min", 1, 5, 4, 1, 0, CP_SOLVER_ERR_INVALID },
		{ "negative max_open", 1, 1, 5, -1, 0, CP_SOLVER_ERR_INVALID },
		{ "class out of range", 2, 9, 0, 0, 0.9, CP_SOLVER_ERR_RANGE },
		{ "candidate out of range", 2, 0, 9, 0, 0.9, CP_SOLVER_ERR_RANGE },
		{ "language mismatch", 2, 0, 1, 0, 0.9, CP_SOLVER_ERR_INVALID },
		{ "share above 1", 2, 0, 0, 0, 1.5, CP_SOLVER_ERR_INVALID },
		{ "share NaN", 2, 0, 0, 0, NAN, CP_SOLVER_ERR_INVALID },
		{ "negative row bound", 3, 0, 0, 0, -1, CP_SOLVER_ERR_INVALID },
		{ "infinite row bound", 3, 0, 0, 0, INFINITY, CP_SOLVER_ERR_INVALID },
		{ "coef NaN", 4, 0, 0, 0, NAN, CP_SOLVER_ERR_INVALID },
		{ "coef row out of range", 4, 5, 0, 0, 1, CP_SOLVER_ERR_RANGE },
		{ "separation with itself", 5, 0, 0, 0, 0, CP_SOLVER_ERR_INVALID },
		{ "separation of a class of 2", 5, 0, 2, 0, 0, CP_SOLVER_ERR_INVALID },
		{ "target 1", 6, 0, 0, 0, 1.0, CP_SOLVER_ERR_INVALID },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct inv *t = &cases[i];
		struct cp_solver_problem *p = cp_solver_problem_create();
		struct cp_solver_class c1 = { 1, 1, 0, 0 }, c2 = { 2, 1, 0, 0 };
		struct cp_solver_candidate k1 = { 0, -1, 1, 5, 1 };
		struct cp_solver_candidate k2 = { 1, -1, 1, 5, 1 };
		struct cp_solver_error err = { CP_SOLVER_OK, "" };
		enum cp_solver_status st = CP_SOLVER_OK;
		size_t nc, nk;

		cp_solver_problem_add_class(p, &c1, NULL, NULL);
		cp_solver_problem_add_class(p, &c1, NULL, NULL);
		cp_solver_problem_add_class(p, &c2, NULL, NULL);
		cp_solver_problem_add_candidate(p, &k1, NULL, NULL);
		cp_solver_problem_add_candidate(p, &k2, NULL, NULL);
		cp_solver_problem_add_row(p, "r", 1, NULL, NULL);
		nc = cp_solver_problem_class_count(p);
		nk = cp_solver_problem_candidate_count(p);
		switch (t->kind) {
		case 0: {
			struct cp_solver_class c = { t->a, (int)t->b, (int)t->c, 0 };
			st = cp_solver_problem_add_class(p, &c, NULL, &err);
			break;
		}
		case 1: {
			struct cp_solver_candidate k = { 0, -1, t->a, t->b, t->c };
			st = cp_solver_problem_add_candidate(p, &k, NULL, &err);
			break;
		}
		case 2: {
			struct cp_solver_eligibility e = { t->d, 0, 0, 0 };
			st = cp_solver_problem_add_eligibility(p, (size_t)t->a,
					(size_t)t->b, &e, &err);
			break;
		}
		case 3:
			st = cp_solver_problem_add_row(p, "x", t->d, NULL, &err);
			break;
		case 4:
			st = cp_solver_problem_set_coef(p, (size_t)t->a,
					(size_t)t->b, t->d, &err);
			break;
		case 5:
			st = cp_solver_problem_add_separation(p, (size_t)t->a,
					(size_t)t->b, &err);
			break;
		case 6:
			st = cp_solver_problem_set_target(p, t->d, &err);
			break;
		}
		if (st != t->want || err.status != t->want || !err.message[0]) {
			printf("%s: status %s (%s), want %s\n", t->what,
					cp_solver_strerror(st), err.message,
					cp_solver_strerror(t->want));
			failures++;
		}
		CHECK(cp_solver_problem_class_count(p) == nc);
		CHECK(cp_solver_problem_candidate_count(p) == nk);
		cp_solver_problem_destroy(p);
	}
}

static void test_invalid_at_solve(void)
{
	struct cp_solver_problem *p = cp_solver_problem_create();
	struct cp_solver_options o;
	struct cp_solver_result *r = NULL;
	struct cp_solver_error err;
	size_t k = add_cand(p, 1, 5, 1), c = add_class(p, 2, 1);

	elig(p, c, k, 0.9);
	cp_solver_options_init(&o);
	o.gap = -1;
	CHECK(cp_solver_solve(p, &o, &r, &err) == CP_SOLVER_ERR_INVALID);
	cp_solver_options_init(&o);
	o.weights.margin = 0.9;
	CHECK(cp_solver_solve(p, &o, &r, &err) == CP_SOLVER_ERR_INVALID);
	CHECK(strstr(err.message, "weights") != NULL);
	cp_solver_options_init(&o);
	o.method = (enum cp_solver_method)99;
	CHECK(cp_solver_solve(p, &o, &r, &err) == CP_SOLVER_ERR_INVALID);
	CHECK(cp_solver_problem_set_target(p, 0.95, NULL) == CP_SOLVER_OK);
	CHECK(cp_solver_solve(p, NULL, &r, &err) == CP_SOLVER_ERR_INVALID);
	CHECK(strstr(err.message, "below the target") != NULL);
	CHECK(cp_solver_problem_set_target(p, 0.8, NULL) == CP_SOLVER_OK);
	elig(p, c, k, 0.9);
	CHECK(cp_solver_solve(p, NULL, &r, &err) == CP_SOLVER_ERR_INVALID);
	CHECK(strstr(err.message, "twice") != NULL);
	CHECK(r == NULL);
	CHECK(cp_solver_write_mps(p, NULL, "/nonexistent/dir/x.mps", &err) ==
			CP_SOLVER_ERR_INVALID);
	cp_solver_problem_destroy(p);

	p = cp_solver_problem_create();
	k = add_cand(p, 1, 5, 1);
	c = add_class(p, 2, 1);
	elig(p, c, k, 0.9);
	CHECK(cp_solver_write_mps(p, NULL, "/nonexistent/dir/x.mps", &err) ==
			CP_SOLVER_ERR_IO);
	cp_solver_problem_destroy(p);
}

static struct cp_solver_problem *mid_problem(uint64_t seed, long classes,
		long cands, struct cp_solver_class **cls,
		struct cp_solver_candidate **cand)
{
	struct tl_gen g = { classes, cands, 2, 12, cands / 4 + 1, 0.3, seed };
	*cls = malloc((size_t)classes * sizeof **cls);
	*cand = malloc((size_t)cands * sizeof **cand);
	return tl_generate(&g, *cls, *cand);
}

struct stop_state {
	int calls, mip_calls;
	double last_elapsed;
	bool ordered;
};

static bool stop_early(const struct cp_solver_progress *pr, void *data)
{
	struct stop_state *s = data;
	s->calls++;
	if (pr->elapsed < s->last_elapsed || pr->gap < 0 ||
	    pr->bound < pr->incumbent - 1e-6)
		s->ordered = false;
	s->last_elapsed = pr->elapsed;
	if (pr->phase == CP_SOLVER_PHASE_MIP)
		s->mip_calls++;
	return pr->phase != CP_SOLVER_PHASE_MIP;
}

static void test_limits_and_determinism(void)
{
	struct cp_solver_class *cls;
	struct cp_solver_candidate *cand;
	struct cp_solver_problem *p = mid_problem(7, 400, 60, &cls, &cand);
	struct cp_solver_options o;
	struct cp_solver_result *r1 = NULL, *r2 = NULL;
	struct cp_solver_error err;
	struct stop_state ss = { 0, 0, 0, true };
	char why[256];
	double t0;

	CHECK(p != NULL);
	if (!p)
		return;
	/* a node budget is deterministic, a time limit is not: no time
	 * limit here, so that slow runs (valgrind) give the same answer;
	 * deterministic mode runs the neighbourhood search by rounds in
	 * one thread (a second thread's timing would change the plan) */
	cp_solver_options_init(&o);
	o.node_limit = 20;
	o.time_limit = 0;
	o.seed = 5;
	o.deterministic = true;
	o.lns_rounds = 15;
	CHECK(cp_solver_solve(p, &o, &r1, &err) == CP_SOLVER_OK);
	CHECK(cp_solver_solve(p, &o, &r2, &err) == CP_SOLVER_OK);
	if (r1 && r2) {
		bool same = cp_solver_result_objective(r1) ==
			cp_solver_result_objective(r2) &&
			cp_solver_result_bound(r1) == cp_solver_result_bound(r2) &&
			cp_solver_result_cohort_count(r1) ==
			cp_solver_result_cohort_count(r2);
		for (size_t c = 0; same && c < 400; c++)
			for (size_t k = 0; same && k < 60; k++)
				same = cp_solver_result_assigned(r1, c, k) ==
					cp_solver_result_assigned(r2, c, k);
		CHECK(same);
		CHECK(tl_check_result(p, cls, cand, r1, why, sizeof why));
	}
	cp_solver_result_destroy(r1);
	cp_solver_result_destroy(r2);

	/* the time limit holds, and there is a valid plan after it */
	cp_solver_options_init(&o);
	o.time_limit = 0.3;
	o.gap = 0;
	t0 = tl_now();
	CHECK(cp_solver_solve(p, &o, &r1, &err) == CP_SOLVER_OK);
	CHECK(tl_now() - t0 < 1.5);
	if (r1) {
		CHECK(tl_check_result(p, cls, cand, r1, why, sizeof why));
		CHECK(cp_solver_result_placed(r1) > 0);
		CHECK(cp_solver_result_placed_bound(r1) <=
				cp_solver_result_placeable(r1));
	}
	cp_solver_result_destroy(r1);

	/* the callback can stop the search; the plan stays valid */
	cp_solver_options_init(&o);
	o.gap = 0;
	o.progress = stop_early;
	o.progress_data = &ss;
	o.progress_interval = 0;
	CHECK(cp_solver_solve(p, &o, &r1, &err) == CP_SOLVER_OK);
	CHECK(ss.calls >= 3);
	CHECK(ss.ordered);
	if (r1)
		CHECK(tl_check_result(p, cls, cand, r1, why, sizeof why));
	cp_solver_result_destroy(r1);

	/* greedy only: valid, and its bound is the LP's */
	cp_solver_options_init(&o);
	o.method = CP_SOLVER_METHOD_GREEDY;
	CHECK(cp_solver_solve(p, &o, &r1, &err) == CP_SOLVER_OK);
	if (r1) {
		CHECK(tl_check_result(p, cls, cand, r1, why, sizeof why));
		CHECK(cp_solver_result_source(r1) == CP_SOLVER_SOURCE_GREEDY);
		CHECK(fabs(cp_solver_result_bound(r1) -
				cp_solver_result_lp_bound(r1)) < 1e-6);
	}
	cp_solver_result_destroy(r1);
	cp_solver_problem_destroy(p);
	free(cls);
	free(cand);
}

struct job {
	uint64_t seed;
	double objective;
	bool ok;
};

static void *solve_job(void *arg)
{
	struct job *j = arg;
	struct cp_solver_class *cls;
	struct cp_solver_candidate *cand;
	struct cp_solver_problem *p = mid_problem(j->seed, 120, 24, &cls, &cand);
	struct cp_solver_options o;
	struct cp_solver_result *r = NULL;

	cp_solver_options_init(&o);
	o.node_limit = 50;
	o.time_limit = 0;
	o.deterministic = true;
	j->ok = p && cp_solver_solve(p, &o, &r, NULL) == CP_SOLVER_OK;
	if (j->ok)
		j->objective = cp_solver_result_objective(r);
	cp_solver_result_destroy(r);
	cp_solver_problem_destroy(p);
	free(cls);
	free(cand);
	return NULL;
}

static void test_threads(void)
{
	struct job jobs[4], alone[4];
	pthread_t th[4];

	for (int i = 0; i < 4; i++) {
		jobs[i].seed = alone[i].seed = (uint64_t)(40 + i % 2);
		solve_job(&alone[i]);
	}
	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, solve_job, &jobs[i]);
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		CHECK(jobs[i].ok);
		CHECK(jobs[i].objective == alone[i].objective);
	}
}

static void elig_below(struct cp_solver_problem *p, size_t c, size_t k,
		double share, int below)
{
	struct cp_solver_eligibility e = ELIG;
	e.share = share;
	e.below = below;
	CHECK(cp_solver_problem_add_eligibility(p, c, k, &e, NULL) ==
			CP_SOLVER_OK);
}

/*
 * Members below the target, worked by hand.
 * (a) Lexicographic, not weighted: one teacher (row y0 + y1 <= 1) can open
 * K0 [1, 3] where P reaches the target, or K1 [1, 3] where Q1 and Q2 fall
 * short. A weighted objective valuing a head below the target at 0.6
 * would take K1 (1.2 > 1); ours must open K0: 1 reaching, 0 below.
 * (b) Below-target members help a cohort reach its minimum: K [7, 14] with
 * 3 reaching and 4 below opens with all 7 (without the 4, nothing opens):
 * reaching 3, placed 7; beta = 1/(2*4+1) = 1/9, so the objective lies in
 * 3 + 4/9 -+ sigma*S2 with sigma = (1/9)/15.
 * (c) below > unit size is refused.
 */
static void test_below_target(void)
{
	struct cp_solver_problem *p = cp_solver_problem_create();
	struct cp_solver_result *r;
	struct cp_solver_eligibility e = ELIG;
	struct cp_solver_error err;
	size_t P, Q, k0, k1, row;

	P = add_class(p, 1, 1);
	Q = add_class(p, 2, 1);
	k0 = add_cand(p, 1, 3, 1);
	k1 = add_cand(p, 1, 3, 1);
	elig(p, P, k0, 0.9);
	elig_below(p, Q, k1, 0.6, 1);
	CHECK(cp_solver_problem_add_row(p, "teacher", 1, &row, NULL) ==
			CP_SOLVER_OK);
	CHECK(cp_solver_problem_set_coef(p, row, k0, 1, NULL) == CP_SOLVER_OK);
	CHECK(cp_solver_problem_set_coef(p, row, k1, 1, NULL) == CP_SOLVER_OK);
	r = solve(p);
	if (r) {
		CHECK(cp_solver_result_opened(r, k0) == 1);
		CHECK(cp_solver_result_opened(r, k1) == 0);
		CHECK(cp_solver_result_reaching(r) == 1);
		CHECK(cp_solver_result_placed(r) == 1);
		CHECK(cp_solver_result_reaching_bound(r) == 1);
		/* placed bound: 1 reaching + the 2 heads with a below pair */
		CHECK(cp_solver_result_placed_bound(r) == 3);
		/* Hb = 2: beta = 1/5; with P placed, Q cannot be (one cohort) */
		CHECK(fabs(cp_solver_result_below_weight(r) - 0.2) < 1e-12);
		CHECK(cp_solver_result_below_bound(r) == 0);
		cp_solver_result_destroy(r);
	}
	cp_solver_problem_destroy(p);

	p = cp_solver_problem_create();
	P = add_class(p, 3, 1);
	Q = add_class(p, 4, 1);
	k0 = add_cand(p, 7, 14, 1);
	elig(p, P, k0, 0.8);
	elig_below(p, Q, k0, 0.5, 1);
	r = solve(p);
	if (r) {
		double obj = cp_solver_result_objective(r);
		CHECK(cp_solver_result_opened(r, k0) == 1);
		CHECK(cp_solver_result_reaching(r) == 3);
		CHECK(cp_solver_result_placed(r) == 7);
		CHECK(fabs(obj - (3 + 4.0 / 9)) < (1.0 / 9) / 15 * 7);
		CHECK(fabs(cp_solver_result_below_weight(r) - 1.0 / 9) < 1e-12);
		CHECK(cp_solver_result_below_bound(r) == 4);
		cp_solver_result_destroy(r);
	}
	cp_solver_problem_destroy(p);
	/* (c) a single person cannot have two heads below the target */
	p = cp_solver_problem_create();
	Q = add_class(p, 1, 1);
	k0 = add_cand(p, 1, 3, 1);
	e.share = 0.5;
	e.below = 2;
	CHECK(cp_solver_problem_add_eligibility(p, Q, k0, &e, &err) ==
			CP_SOLVER_OK);
	CHECK(cp_solver_solve(p, NULL, &r, &err) == CP_SOLVER_ERR_INVALID);
	cp_solver_problem_destroy(p);
}

/* Focus (options.focus, docs/solver.md "Focus"), by hand: one teacher row
 * of bound 1 over k0 and k1 (either opens, not both). Class a: 3 people
 * for k0; class b: 2 people for k1; class c: 1 person for k2 of minimum
 * 2. Plain: k0 opens (3 > 2), b waits. Focus on b: k1 opens with both b
 * (2 units, the most), a loses its 3 and no plan with 2 of b keeps any
 * of a (others' bound 0). Focus on c: no plan places c (its only
 * candidate needs 2 heads), proven: focus bound 0. Nothing is forced:
 * opening nothing stays feasible, and an out-of-range class is refused. */
static void test_focus(void)
{
	struct cp_solver_problem *p = cp_solver_problem_create();
	struct cp_solver_options o;
	struct cp_solver_result *r = NULL;
	struct cp_solver_error err;
	size_t k0 = add_cand(p, 1, 5, 1), k1 = add_cand(p, 1, 5, 1);
	size_t k2 = add_cand(p, 2, 5, 1);
	size_t a = add_class(p, 3, 1), b = add_class(p, 2, 1), c = add_class(p, 1, 1);
	size_t row = CP_SOLVER_NONE;

	elig(p, a, k0, 0.9);
	elig(p, b, k1, 0.9);
	elig(p, c, k2, 0.9);
	CHECK(cp_solver_problem_add_row(p, "T1", 1, &row, NULL) == CP_SOLVER_OK);
	CHECK(cp_solver_problem_set_coef(p, row, k0, 1, NULL) == CP_SOLVER_OK);
	CHECK(cp_solver_problem_set_coef(p, row, k1, 1, NULL) == CP_SOLVER_OK);

	r = solve(p);
	if (r) {
		CHECK(cp_solver_result_class_placed(r, a) == 3);
		CHECK(cp_solver_result_class_placed(r, b) == 0);
		CHECK(cp_solver_result_focus_bound(r) == -1);
	}
	cp_solver_result_destroy(r);

	cp_solver_options_init(&o);
	o.gap = 0;
	o.time_limit = 10;
	o.focus = true;
	o.focus_class = b;
	r = NULL;
	CHECK(cp_solver_solve(p, &o, &r, &err) == CP_SOLVER_OK);
	if (r) {
		CHECK(cp_solver_result_class_placed(r, b) == 2);
		CHECK(cp_solver_result_class_placed(r, a) == 0);
		CHECK(cp_solver_result_opened(r, k1) == 1);
		CHECK(cp_solver_result_reaching(r) == 2);
		CHECK(cp_solver_result_focus_bound(r) == 2);
		CHECK(cp_solver_result_focus_reaching_bound(r, 2) == 0);
		CHECK(cp_solver_result_focus_reaching_bound(r, 3) == -1);
		CHECK(cp_solver_result_outcome(r) == CP_SOLVER_OPTIMAL);
	}
	cp_solver_result_destroy(r);

	o.focus_class = c;
	r = NULL;
	CHECK(cp_solver_solve(p, &o, &r, &err) == CP_SOLVER_OK);
	if (r) {
		CHECK(cp_solver_result_class_placed(r, c) == 0);
		CHECK(cp_solver_result_class_placed(r, a) == 3);
		CHECK(cp_solver_result_focus_bound(r) == 0);
		CHECK(cp_solver_result_focus_reaching_bound(r, 1) == -1);
	}
	cp_solver_result_destroy(r);

	o.focus_class = 3;
	r = NULL;
	CHECK(cp_solver_solve(p, &o, &r, &err) == CP_SOLVER_ERR_RANGE && r == NULL);
	cp_solver_problem_destroy(p);
}

/* options.start, by hand: cohorts of 3..4 on k0 and k1 (one each); a: 4
 * people for both, b: 2 people for k1 only. The greedy fills one cohort
 * with 4 and cannot open the other with the 2 left: 4 placed. In focus on
 * b the search finds Monday a a a, Tuesday a b b: 6. A greedy-only solve
 * started from that result keeps it (6); started from a worse plan (the
 * greedy's own) it keeps its 4. */
static void test_start(void)
{
	struct cp_solver_problem *p = cp_solver_problem_create();
	struct cp_solver_options o;
	struct cp_solver_result *focus = NULL, *r = NULL;
	size_t k0 = add_cand(p, 3, 4, 1), k1 = add_cand(p, 3, 4, 1);
	size_t a = add_class(p, 4, 1), b = add_class(p, 2, 1);

	elig(p, a, k0, 0.9);
	elig(p, a, k1, 0.9);
	elig(p, b, k1, 0.9);
	cp_solver_options_init(&o);
	o.gap = 0;
	o.time_limit = 10;
	o.method = CP_SOLVER_METHOD_GREEDY;
	CHECK(cp_solver_solve(p, &o, &r, NULL) == CP_SOLVER_OK);
	if (r)
		CHECK(cp_solver_result_placed(r) == 4);

	o.method = CP_SOLVER_METHOD_MIP;
	o.focus = true;
	o.focus_class = b;
	CHECK(cp_solver_solve(p, &o, &focus, NULL) == CP_SOLVER_OK);
	if (focus)
		CHECK(cp_solver_result_placed(focus) == 6);

	o.method = CP_SOLVER_METHOD_GREEDY;
	o.focus = false;
	for (int i = 0; i < 2; i++) {
		struct cp_solver_result *s = NULL;
		o.start = i == 0 ? focus : r;
		CHECK(cp_solver_solve(p, &o, &s, NULL) == CP_SOLVER_OK);
		if (s) {
			CHECK(cp_solver_result_placed(s) == (i == 0 ? 6 : 4));
			CHECK(cp_solver_result_class_placed(s, b) == (i == 0 ? 2 : 0) ||
			      i == 1);
		}
		cp_solver_result_destroy(s);
	}
	cp_solver_result_destroy(focus);
	cp_solver_result_destroy(r);
	cp_solver_problem_destroy(p);
}

/* Cuts from plans: the store (checked input, a cut kept once) and the
 * callback, which sees every candidate of the model. */
struct seen_calls {
	size_t calls, ncand;
};

static bool count_calls(const long *opened, size_t ncand, struct cp_solver_cuts *cuts,
		void *data)
{
	struct seen_calls *s = data;
	size_t all[3] = { 0, 1, 2 };
	s->calls++;
	s->ncand = ncand;
	if (opened[0] + opened[1] + opened[2] > 2)
		CHECK(cp_solver_cuts_add(cuts, all, 3, 2) == CP_SOLVER_OK);
	return true;
}

static void test_cuts(void)
{
	struct cp_solver_cuts *cuts = cp_solver_cuts_create(3);
	size_t ab[2] = { 0, 1 }, bad[2] = { 0, 3 }, n = 9;
	double bound = -1;
	CHECK(cuts != NULL);
	CHECK(cp_solver_cuts_add(cuts, ab, 2, 1) == CP_SOLVER_OK);
	CHECK(cp_solver_cuts_add(cuts, ab, 2, 1) == CP_SOLVER_OK);
	CHECK(cp_solver_cuts_add(cuts, ab, 2, 2) == CP_SOLVER_OK);
	CHECK(cp_solver_cuts_add(cuts, bad, 2, 1) == CP_SOLVER_ERR_INVALID);
	CHECK(cp_solver_cuts_add(cuts, ab, 2, -1) == CP_SOLVER_ERR_INVALID);
	CHECK(cp_solver_cuts_add(NULL, ab, 2, 1) == CP_SOLVER_ERR_INVALID);
	CHECK(cp_solver_cuts_count(cuts) == 2);
	const size_t *got = cp_solver_cuts_get(cuts, 1, &n, &bound);
	CHECK(got && n == 2 && got[0] == 0 && got[1] == 1 && bound == 2);
	CHECK(cp_solver_cuts_get(cuts, 2, &n, &bound) == NULL && n == 0);
	cp_solver_cuts_destroy(cuts);
	cp_solver_cuts_destroy(NULL);

	/* three cohorts of four, one class each: the callback is asked */
	struct cp_solver_problem *p = cp_solver_problem_create();
	struct cp_solver_options o;
	struct cp_solver_result *r = NULL;
	struct seen_calls seen = { 0, 0 };
	for (int i = 0; i < 3; i++) {
		size_t k = add_cand(p, 2, 4, 1), c = add_class(p, 4, 1);
		elig(p, c, k, 0.9);
	}
	cp_solver_options_init(&o);
	o.gap = 0;
	o.time_limit = 10;
	o.separate = count_calls;
	o.separate_data = &seen;
	CHECK(cp_solver_solve(p, &o, &r, NULL) == CP_SOLVER_OK);
	CHECK(seen.calls > 0 && seen.ncand == 3);
	cp_solver_result_destroy(r);
	cp_solver_problem_destroy(p);
}

int main(void)
{
	test_null_and_empty();
	test_too_few();
	test_capacity();
	test_remaining_and_separation();
	test_couples();
	test_invalid();
	test_invalid_at_solve();
	test_limits_and_determinism();
	test_threads();
	test_below_target();
	test_focus();
	test_start();
	test_cuts();
	printf("%d failures\n", failures);
	return failures ? 1 : 0;
}
