/*
 * Private to engine/plan: checking the reasons of unplaced people against
 * the model (issue 13, "true reasons"; docs/plan.md, "Reasons").
 *
 * A plan leaves some units of a solver class unplaced. Whether any plan
 * could place more of them is a question about the model, not about the
 * plan: the check re-solves the same solver problem with that class in
 * focus (cp_solver_options.focus: its units are worth more than everyone
 * else together, nothing is forced, so opening nothing stays feasible).
 * Then either the search finds a plan with more units of the class, or its
 * bound proves that no plan has more, or neither happens within the
 * check's limits. One check serves every person of a class (they are
 * interchangeable). Prints nothing.
 */
#ifndef CP_PLAN_CHECK_H
#define CP_PLAN_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <cohortplan/solver.h>

/* Monotonic seconds, for the planner's shares of the time limit. */
static inline double
plan_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

enum cp_check_answer {
	CP_CHECK_NOT_RUN = 0, /* the limits left no room for this check */
	CP_CHECK_MORE,        /* a plan with more units of the class was found */
	CP_CHECK_EXCLUDED,    /* proven: no plan places more of them */
	CP_CHECK_UNDECIDED,   /* neither, within the check's limits */
};

struct cp_check {
	size_t cls;                /* in: the solver class */
	long count;                /* in: its units */
	enum cp_check_answer answer;
	long had;                  /* units of the class placed in the plan
	                            * checked: the answers compare with it */
	long units;                /* MORE: units of the class in the plan found */
	long others_reaching;      /* MORE: heads of the other classes that
	                            * reach the target in the plan found */
	long reaching;             /* MORE: heads reaching the target in the
	                            * plan found, all classes */
	long others_most;          /* MORE: the most such heads in any plan
	                            * that places at least units units of
	                            * the class (proven from the check's
	                            * bound) */
};

struct cp_check_limits {
	/* Seconds for all checks together, spread over those still to run
	 * (a check starts only while the time left covers what the previous
	 * one took); <= 0: no clock, each check stops after nodes
	 * branch-and-bound nodes instead (deterministic). */
	double seconds;
	long nodes;                /* per check when seconds <= 0; > 0 */
	size_t max_checks;         /* checks run at most; the rest NOT_RUN */
};

/* Heads of class cls placed in r that reach the target (the caller knows
 * which eligibilities are below it). */
typedef long (*cp_check_reaching_fn)(const struct cp_solver_result *r, size_t cls,
				     const void *data);

/*
 * Check checks[0..n) in that order (most promising first) against the
 * problem sp already solved into main with options base. Each check uses
 * base with the class in focus, branch-and-bound (whatever base's method),
 * one thread, no progress callback, and a gap small enough that stopping
 * for the gap always decides the question. *seconds receives the time
 * spent. When better is not NULL, *better receives (the caller destroys
 * it) the result of the check whose plan is the best for the plain
 * objective (most heads reaching the target, then most placed) if that is
 * better than main's, else NULL. Errors: those of cp_solver_solve (out of
 * memory); answers filled so far stay.
 */
enum cp_solver_status cp_check_run(const struct cp_solver_problem *sp,
				   const struct cp_solver_options *base,
				   const struct cp_solver_result *main, struct cp_check *checks, size_t n,
				   const struct cp_check_limits *lim, cp_check_reaching_fn reaching,
				   const void *data, double *seconds,
				   struct cp_solver_result **better, struct cp_solver_error *err);

#endif
