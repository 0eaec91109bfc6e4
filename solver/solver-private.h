/*
 * Private to solver/: the problem as added, its compiled form (the model),
 * plans over the model and the pieces of a solve. No GLPK type appears here:
 * only mip.c includes glpk.h.
 */
#ifndef CP_SOLVER_PRIVATE_H
#define CP_SOLVER_PRIVATE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cohortplan/solver.h>

struct pair_in {
	size_t cls, cand;
	struct cp_solver_eligibility e;
};

struct row_in {
	char *label;
	double bound;
};

struct coef_in {
	size_t row, cand;
	size_t seq; /* order of setting: the last setting of a pair wins */
	double coef;
};

struct sep_in {
	size_t a, b;
};

struct cp_solver_problem {
	double target;
	struct cp_solver_class *cls;
	size_t ncls, capcls;
	struct cp_solver_candidate *cand;
	size_t ncand, capcand;
	struct pair_in *pairs;
	size_t npairs, cappairs;
	struct row_in *rows;
	size_t nrows, caprows;
	struct coef_in *coefs;
	size_t ncoefs, capcoefs;
	struct sep_in *seps;
	size_t nseps, capseps;
};

/*
 * The compiled model. Pairs (eligibilities) are sorted by (class,
 * candidate); p indexes them. Columns of the MIP, in this order:
 * y[k] for every candidate, x[p] for every pair, z[g] for every profile
 * group g (a candidate with several eligible profiles, when the profile
 * weight is positive).
 */
struct model {
	const struct cp_solver_problem *prob;
	size_t nc, nk, nr, np, ng;

	/* pairs */
	size_t *pc, *pk;
	long *pub;      /* upper bound of x[p] */
	double *psec;   /* secondary score per head in [-1, 1] */
	double *pobj;   /* objective coefficient of x[p] (per unit) */
	size_t *cfirst; /* nc + 1: pairs of class c are cfirst[c]..cfirst[c+1] */
	size_t *kfirst; /* nk + 1: kpairs[kfirst[k]..kfirst[k+1]] */
	size_t *kpairs; /* pair indices by candidate, ascending class */

	/* capacity rows: by row and by candidate */
	size_t *rfirst, *rcand;
	double *rcoef;
	size_t *krfirst, *krrow;
	double *krcoef;

	/* separations: partners of class c are sepc[sfirst[c]..sfirst[c+1]] */
	size_t *sfirst, *sepc;

	/* profile groups: candidate k's groups are gfirst[k]..gfirst[k+1] */
	size_t *gfirst;
	int *gprof;
	size_t *pgroup; /* the group of pair p, or CP_SOLVER_NONE */

	long *pool;     /* heads of all classes eligible for k */
	bool *couples;  /* a class of unit_size 2 is eligible for k */
	long *flex;     /* number of candidates class c may join */

	long heads;     /* H: all heads */
	long placeable; /* heads with at least one eligible candidate */
	double scale;   /* 1 / (2 H + 1) */
	double yobj;    /* objective coefficient of y[k] in a grouped k */
	double zobj;    /* objective coefficient of z[g] */
	bool strong_links;
	bool colgen;    /* the root LP by column generation (model.c) */

	/* the eligibility of pair p as added (for neighbourhood sub-problems) */
	struct cp_solver_eligibility *pelig;

	/* Heads below the target (docs/solver.md, "Members below target"). */
	int *pbelow;    /* heads of each unit of pair p below the target */
	long hbelow;    /* Hb: heads of classes with a below-target pair */
	double below_w; /* beta = 1 / (2 Hb + 1): value of a head below target */

	/* Focus (options.focus): the class whose units are worth focus_w =
	 * 2 H + 2 more each, or CP_SOLVER_NONE. Any plan without it has an
	 * objective below H + 1/2, any plan with it above 2 H + 3/2: a bound
	 * below H + 1 proves that no plan places it. */
	size_t focus;
	double focus_w;
};

/* Build m from p and o; CP_SOLVER_ERR_INVALID for inconsistent input. */
enum cp_solver_status model_init(struct model *m,
		const struct cp_solver_problem *p,
		const struct cp_solver_options *o, struct cp_solver_error *err);
void model_finish(struct model *m);

/* Index of the pair (cls, cand) or CP_SOLVER_NONE. */
size_t model_pair(const struct model *m, size_t cls, size_t cand);

/* The same search on pairs sorted by class, then candidate (cfirst has
 * nc + 1 entries, pk the candidate of each pair): the model and a result
 * hold their pairs this way. cls < nc. */
size_t pair_find(const size_t *cfirst, const size_t *pk, size_t cls,
		size_t cand);

/* A plan in aggregate form: units per pair, cohorts per candidate. */
struct plan {
	long *x; /* np */
	long *y; /* nk */
};

bool plan_init(struct plan *pl, const struct model *m);
void plan_finish(struct plan *pl);
void plan_clear(struct plan *pl, const struct model *m);
void plan_copy(struct plan *dst, const struct plan *src, const struct model *m);

/* The MIP objective of the plan, with the cheapest feasible z. */
double plan_objective(const struct model *m, const struct plan *pl);
long plan_placed(const struct model *m, const struct plan *pl);
/* Heads placed where they reach the target. */
long plan_reaching(const struct model *m, const struct plan *pl);
/* Fill z (ng values) with the cheapest feasible profile counts. */
void plan_profile_counts(const struct model *m, const struct plan *pl,
		long *z);
/* Every constraint of the model holds (integers, exact). */
bool plan_feasible(const struct model *m, const struct plan *pl);

/* Greedy heuristics (greedy.c). The workspace holds per-solve state. */
struct greedy;
struct greedy *greedy_create(const struct model *m, unsigned long seed);
void greedy_destroy(struct greedy *g);

/* Complete pl in place: open further cohorts with unplaced people while
 * any candidate can, then add unplaced units to opened candidates with
 * room. pl must be feasible; it stays feasible. false: out of memory. */
bool greedy_complete(struct greedy *g, struct plan *pl);

/* LP-guided construction: clear pl, open cohorts in order of the LP values
 * yl (nk) filling them with the LP's assignment xl (np) first, then
 * complete. false: out of memory. */
bool greedy_round(struct greedy *g, struct plan *pl, const double *yl,
		const double *xl);

/* Seconds on a monotonic clock. */
double solver_now(void);

/* Bounded, NUL-terminated message into err (err may be NULL). */
enum cp_solver_status solver_fail(struct cp_solver_error *err,
		enum cp_solver_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The GLPK side (mip.c). */
struct mip_out {
	bool lp_ok;          /* LP relaxation solved to optimality */
	double lp_obj;
	double *row_dual;    /* nr, filled when lp_ok */
	double *cand_dual;   /* nk, filled when lp_ok */
	double *ylp, *xlp;   /* LP values, filled when lp_ok */
	bool mip_ok;         /* B&B returned an integer plan (in mip_plan) */
	double bound;        /* best proven bound found by LP/B&B */
	bool bound_ok;
	bool search_done;    /* the tree was exhausted (or gap reached) */
	bool gap_reached;
	bool bb_ran;         /* branch-and-bound ran (and ended) */
	long nodes;
	char warning[256];   /* set when GLPK failed and we carried on */
};

/* Cuts found on plans (options.separate), append-only: row i is
 * cand[first[i]..first[i+1]] <= bound[i]. Held in the solve's state and
 * read or written only under its lock. */
struct cp_solver_cuts {
	size_t nk;            /* candidates of the model */
	size_t n, cap;
	size_t *first;        /* n + 1 */
	double *bound;
	uint64_t *hash;
	size_t *cand;
	size_t ncand, capcand;
};

/*
 * The state of one solve. best, best_obj, best_source, version and
 * incumbent are shared with the neighbourhood-search threads: while they
 * run, read and write them only through best_offer / best_take /
 * best_objective (solve.c), which hold lock.
 */
struct mip_ctx {
	const struct model *m;
	const struct cp_solver_options *o;
	struct greedy *g;
	struct plan *best;   /* in: the greedy plan; out: the best plan */
	double best_obj;     /* objective of *best */
	double incumbent;    /* best objective known (ours or GLPK's) */
	int best_source;     /* enum cp_solver_source */
	unsigned long version; /* counts changes of *best */
	pthread_mutex_t lock;
	bool stop_workers;     /* set (under lock) to end the workers */
	struct lns_pool *lns;  /* running neighbourhood-search workers */
	/* called between the root LP and branch-and-bound (NULL: nothing);
	 * last: no branch-and-bound follows */
	void (*after_root)(struct mip_ctx *ctx, struct mip_out *out, bool last);
	double t0;           /* solve start */
	double deadline;     /* absolute, or <= 0 for none */
	double bb_margin;    /* seconds branch-and-bound stops before it */
	bool stopped;        /* the progress callback asked to stop */
	double last_report;  /* time of the last progress report */
	/* A copy of the first root LP's cohort values (nk), set under lock
	 * once that LP is solved and never written after (a second solve
	 * after a presolver failure rewrites the LP values, not this): the
	 * neighbourhood search seeds some neighbourhoods where the LP and the
	 * best plan disagree. NULL until then; freed by ctx_finish. */
	double *lp_y;
	/* Cuts from plans (options.separate). */
	struct cp_solver_cuts cuts;
	/* Seconds the first greedy plan took: rounding an LP point costs
	 * about as much, so the column generation stops that long before
	 * the deadline when its rounding is still to come. */
	double greedy_secs;
};

/* Shared best plan (ctx.c). best_offer: pl becomes the best plan if its
 * objective obj beats it; true when it did. best_take: copy the best plan
 * into dst when it changed since *seen (then true, *obj and *seen set). */
bool best_offer(struct mip_ctx *ctx, const struct plan *pl, double obj,
		int source);
bool best_take(struct mip_ctx *ctx, struct plan *dst, double *obj,
		unsigned long *seen);
double best_objective(struct mip_ctx *ctx);
/* Heads in the cohorts pl opens beyond the known cuts (call under lock). */
double cuts_penalty(const struct mip_ctx *ctx, const struct plan *pl);
/* t0: when the solve started (solver_now()); its time limit counts from
 * there. */
void ctx_init(struct mip_ctx *ctx, const struct model *m,
		const struct cp_solver_options *o, struct plan *best, double t0);
void ctx_finish(struct mip_ctx *ctx);

/* LP and search output arrays sized for m; false: out of memory. */
bool mip_out_init(struct mip_out *mo, const struct model *m);
void mip_out_finish(struct mip_out *mo);

/* Relative gap as reported: (bound - obj) / max(|bound|, 1), >= 0. */
double solver_gap(double obj, double bound);

/* A bound that needs no LP (model.c): everyone with a candidate placed in
 * the one worth the most per head. */
double model_trivial_bound(const struct model *m);

enum cp_solver_status mip_solve(struct mip_ctx *ctx, struct mip_out *out,
		struct cp_solver_error *err);

/* GLPK keeps its environment per thread (a reentrant build, as Debian's):
 * then solves may run in parallel threads. */
bool mip_parallel_ok(void);

/*
 * Large neighbourhood search (lns.c): workers that repeatedly free a few
 * cohorts of the best plan and the candidates around them, re-solve that
 * part exactly (solve_plan on a sub-problem) and offer improvements to
 * ctx (best_offer). They stop when ctx->stop_workers is set, at ctx->deadline,
 * after max_rounds rounds each (0: no limit), or when they stall.
 */
struct lns_pool;
struct lns_limits {
	size_t workers;     /* threads */
	long max_rounds;    /* per worker; 0: until stopped or stalled */
	double until;       /* absolute time to stop; <= 0: none */
	long sub_nodes;     /* node limit per sub-problem; 0: none */
	bool timed;         /* sub-problems limited by seconds (not
	                     * deterministic) */
	size_t first_index; /* of the workers' seeds: pools running at once
	                     * need different ones */
};
struct lns_pool *lns_start(struct mip_ctx *ctx, const struct lns_limits *lim);
/* Wait until every worker has stopped by itself (rounds, stall, until). */
void lns_wait(struct lns_pool *pool);
/* Ask the workers to stop, wait for them, free the pool; returns the
 * rounds run and the improvements found (either pointer may be NULL). */
void lns_stop(struct lns_pool *pool, struct mip_ctx *ctx, long *rounds,
		long *improved);
/* All workers have stopped. */
bool lns_done(struct lns_pool *pool);
enum cp_solver_status mip_write_mps(const struct model *m, const char *path,
		struct cp_solver_error *err);

/* Build the result from the final plan (result.c). */
struct cp_solver_result;
struct result_in {
	const struct model *m;
	const struct plan *pl;
	const struct mip_out *mo;
	int outcome, source;
	double objective, bound, gap, elapsed;
	long nodes;
	const char *warning; /* NULL or a sentence */
};
enum cp_solver_status result_build(const struct result_in *in,
		struct cp_solver_result **out, struct cp_solver_error *err);

/* Replace pl by the plan of r (a result of the same problem) when that is
 * feasible and worth more; false only when out of memory (result.c). */
bool plan_start(const struct model *m, const struct cp_solver_result *r,
		struct plan *pl);

/* Report progress through the options' callback, throttled unless force. */
void solver_report(struct mip_ctx *ctx, enum cp_solver_phase phase,
		double bound, long nodes, bool force);

/*
 * The bound by candidates (lagrange.c): every candidate's best value on its
 * own, whole cohorts (y integer, minimum and maximum size) and units of x
 * as an LP, given the values left after the multipliers of the rows that
 * tie candidates together: dx (per unit of pair i, np entries) and dy (per
 * cohort of k, nk entries), and the columns' upper bounds xub, yub (0:
 * fixed at 0). Returns the sum over candidates of max(0, best); plus the
 * multipliers' own term, a bound by weak duality. yopt / xopt (nk / np, or
 * NULL) get the maximiser. HUGE_VAL when out of memory. Ignores profile
 * groups: only for models without them (ng == 0).
 */
double lagr_candidates(const struct model *m, const double *dx, const double *dy,
		const double *xub, const double *yub, long *yopt, double *xopt);

#endif /* CP_SOLVER_PRIVATE_H */
