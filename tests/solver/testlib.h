/*
 * Helpers for the solver tests and the benchmark: a seeded random source,
 * a mirror of small problems that the tests evaluate on their own (without
 * the solver's model code), an independent plan checker, and a generator of
 * synthetic problems of any size.
 */
#ifndef CP_SOLVER_TESTLIB_H
#define CP_SOLVER_TESTLIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cohortplan/solver.h>

uint64_t tl_next(uint64_t *state);
/* Uniform integer in [lo, hi]. */
long tl_range(uint64_t *state, long lo, long hi);
/* Uniform double in [0, 1). */
double tl_unit(uint64_t *state);
/* Seconds on a monotonic clock. */
double tl_now(void);

/* ---- small problems mirrored in plain arrays -------------------------- */

#define TP_MAXC 5
#define TP_MAXK 3
#define TP_MAXR 2
#define TP_MAXS 2

struct tp {
	double target;
	struct cp_solver_weights w;
	int nc, nk, nr, ns;
	struct cp_solver_class cls[TP_MAXC];
	struct cp_solver_candidate cand[TP_MAXK];
	bool elig[TP_MAXC][TP_MAXK];
	struct cp_solver_eligibility e[TP_MAXC][TP_MAXK];
	double bound[TP_MAXR];
	double coef[TP_MAXR][TP_MAXK];
	int sep[TP_MAXS][2];
};

/* A random small problem (seeded), and the same problem for the solver. */
void tp_random(struct tp *t, uint64_t seed);
struct cp_solver_problem *tp_build(const struct tp *t);

/* x[c][k] units, y[k] cohorts. */
struct tp_plan {
	long x[TP_MAXC][TP_MAXK];
	long y[TP_MAXK];
};

/* The documented objective, computed from the definitions in
 * docs/solver.md (not from the solver's code). */
double tp_objective(const struct tp *t, const struct tp_plan *pl);

/* Feasible by the real rules: each candidate's members split into y real
 * cohorts in [min, max] with couples kept whole (checked by search). */
bool tp_feasible(const struct tp *t, const struct tp_plan *pl);

/* Exhaustive optimum; *nplans counts the feasible plans seen and
 * *maxheads is the most heads any of them places. */
double tp_brute_force(const struct tp *t, long *nplans, long *maxheads);

/* The same, also giving the lexicographic best (heads reaching the target,
 * then heads below it) over all feasible plans, counted from the
 * eligibilities' below fields without the objective. */
double tp_brute_force_lex(const struct tp *t, long *nplans, long *maxheads,
		long *reach, long *below);

/* The most heads below the target over feasible plans with exactly reach
 * heads reaching it; -1 when there is none. */
long tp_brute_force_below(const struct tp *t, long reach);

/* Over all feasible plans: the most units of class c, and among plans
 * with that many, the most heads of the other classes reaching the
 * target and the most heads of all classes reaching it (docs/solver.md,
 * "Focus"). */
void tp_brute_force_focus(const struct tp *t, int c, long *units,
		long *others, long *reach);

/* Read the solver's plan back. */
void tp_from_result(const struct tp *t, const struct cp_solver_result *r,
		struct tp_plan *pl);

/* ---- checks on any result --------------------------------------------- */

/* The cohorts of r are consistent with its aggregate numbers and with the
 * problem's hard rules. On failure writes a reason into why (if not NULL). */
bool tl_check_result(const struct cp_solver_problem *p,
		const struct cp_solver_class *cls,
		const struct cp_solver_candidate *cand,
		const struct cp_solver_result *r, char *why, size_t whylen);

/* ---- synthetic problems of any size ----------------------------------- */

struct tl_gen {
	long classes;        /* aggregated classes */
	long candidates;     /* candidate cohorts */
	int languages;
	int bands;           /* weekly time bands (patterns) */
	int teachers;        /* teacher groups */
	double avail;        /* chance a class can attend a band */
	uint64_t seed;
};

/* Build a synthetic problem; class and candidate specs are written to the
 * arrays when not NULL (sizes classes and candidates). */
struct cp_solver_problem *tl_generate(const struct tl_gen *g,
		struct cp_solver_class *cls, struct cp_solver_candidate *cand);

/* ---- one solve of a seeded case --------------------------------------- */

/* The seeded tests' arguments "[cases] [first-seed]": the number of cases
 * (dflt when not given); *first is the first seed (1 when not given). */
long tl_cases(int argc, char **argv, long dflt, uint64_t *first);

/* A solve under test: its problem and result (both owned) and the
 * failures found in it, each printed on stdout after the case's tag. */
struct tl_case {
	struct cp_solver_problem *p;
	struct cp_solver_result *r;
	char tag[96];
	int failures;
};

/* Takes p (not NULL) and names the case by a printf format. */
void tl_case_init(struct tl_case *c, struct cp_solver_problem *p,
		const char *tagfmt, ...) __attribute__((format(printf, 3, 4)));

/* Counts a failure of c and prints "tag: message". */
void tl_bad(struct tl_case *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Solves c's problem with o into c->r; false after a failure of c naming
 * the solver's error. */
bool tl_case_solve(struct tl_case *c, const struct cp_solver_options *o);

/* Destroys c's result and problem (c is done with); returns c's failures. */
int tl_case_finish(struct tl_case *c);

#endif
