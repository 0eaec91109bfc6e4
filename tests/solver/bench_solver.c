/*
 * Solver benchmark on synthetic numeric problems: greedy (with the LP
 * bound), plain GLPK branch-and-bound, and our method (greedy + LP
 * rounding + GLPK seeded with our plans), each with the same time limit.
 * Built, never run as a test.
 *
 * Usage: bench_solver [time-limit-seconds] [classes:candidates ...]
 *        default 30 s and 50:50 500:100 5000:500
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

struct first_seen {
	double t_first;  /* first report with an incumbent placing anyone */
	double t_1pct;   /* first report with gap <= 1% */
};

static bool track(const struct cp_solver_progress *pr, void *data)
{
	struct first_seen *f = data;
	if (f->t_first < 0 && pr->incumbent > 0)
		f->t_first = pr->elapsed;
	if (f->t_1pct < 0 && pr->gap <= 0.01)
		f->t_1pct = pr->elapsed;
	return true;
}

static void run(long classes, long cands, double limit)
{
	struct tl_gen g = { classes, cands, 2, 16, cands / 5 + 1, 0.25, 11 };
	struct cp_solver_problem *p;
	double t0 = tl_now(), tgen;
	static const char *names[] = { "greedy+LP", "GLPK B&B", "ours" };

	p = tl_generate(&g, NULL, NULL);
	if (!p) {
		printf("cannot generate %ld:%ld\n", classes, cands);
		return;
	}
	tgen = tl_now() - t0;
	for (int m = 0; m < 3; m++) {
		struct cp_solver_options o;
		struct cp_solver_result *r = NULL;
		struct cp_solver_error err;
		struct first_seen f = { -1, -1 };

		cp_solver_options_init(&o);
		o.time_limit = limit;
		o.gap = 1e-4;
		o.method = m == 0 ? CP_SOLVER_METHOD_GREEDY
			: m == 1 ? CP_SOLVER_METHOD_GLPK : CP_SOLVER_METHOD_MIP;
		o.progress = track;
		o.progress_data = &f;
		o.progress_interval = 0.25;
		if (cp_solver_solve(p, &o, &r, &err) != CP_SOLVER_OK) {
			printf("%s: %s\n", names[m], err.message);
			continue;
		}
		printf("%6ld %4ld %-10s %7.2fs  placed %6ld / bound %6ld (placeable %6ld, heads %6ld)"
				"  obj %11.3f  bound %11.3f  LP %11.3f  gap %8.5f  first %5.2fs  1%% %5.2fs  %-16s %s\n",
				classes, cands, names[m],
				cp_solver_result_elapsed(r),
				cp_solver_result_placed(r),
				cp_solver_result_placed_bound(r),
				cp_solver_result_placeable(r),
				cp_solver_result_heads(r),
				cp_solver_result_objective(r),
				cp_solver_result_bound(r),
				cp_solver_result_lp_bound(r),
				cp_solver_result_gap(r), f.t_first, f.t_1pct,
				cp_solver_source_to_str(cp_solver_result_source(r)),
				cp_solver_outcome_to_str(cp_solver_result_outcome(r)));
		fflush(stdout);
		cp_solver_result_destroy(r);
	}
	(void)tgen;
	cp_solver_problem_destroy(p);
}

int main(int argc, char **argv)
{
	double limit = argc > 1 ? atof(argv[1]) : 30;
	static const char *defaults[] = { "50:50", "500:100", "5000:500" };

	if (argc > 2) {
		for (int i = 2; i < argc; i++) {
			long c = 0, k = 0;
			if (sscanf(argv[i], "%ld:%ld", &c, &k) == 2)
				run(c, k, limit);
		}
	} else {
		for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++) {
			long c = 0, k = 0;
			if (sscanf(defaults[i], "%ld:%ld", &c, &k) == 2)
				run(c, k, limit);
		}
	}
	return 0;
}
