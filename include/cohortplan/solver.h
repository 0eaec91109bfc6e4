/*
 * cohortplan solver: which candidate cohorts to open and how many members of
 * each class go into each, so that as many people as possible are placed,
 * with a proven bound on how many could be.
 *
 * Numbers, not clocks. The engine translates its candidate timetables,
 * attendability and teachers into this numeric problem:
 *   - a class is a group of interchangeable participants (identical
 *     eligibility, language and profile): count units of unit_size heads
 *     (unit_size 2 keeps a couple together in one cohort);
 *   - a candidate is a possible cohort (a timetable pattern with a teacher,
 *     or with a group of interchangeable teachers: then max_open > 1);
 *   - an eligibility says that a class may join a candidate, with the share
 *     of the live minutes it can attend (>= the target, or below it when
 *     the eligibility says how many heads of each unit fall short), the
 *     share of lessons at the edges of its local day and a preference;
 *   - a row is a generic capacity  sum_k coef[k] * cohorts_opened[k] <= bound
 *     (teacher clash cliques, hours per day or week, rest); the solver knows
 *     only its label;
 *   - a separation keeps two single people out of the same candidate.
 * The objective is lexicographic: first heads placed where they reach the
 * target, then heads placed below it, then the secondary terms. The
 * formulation, the objective weights and the post-processing are
 * documented in docs/solver.md.
 *
 * Ownership: cp_solver_problem_create() and cp_solver_solve() hand out
 * objects the caller destroys with the matching _destroy() (NULL is a
 * no-op). Strings passed in are copied. Pointers returned by getters are
 * borrowed from their object and valid until it is destroyed. A problem is
 * not modified by solving; one problem may be solved several times.
 *
 * Errors are values: functions return enum cp_solver_status and, when the
 * struct cp_solver_error pointer is not NULL, fill it with a sentence naming
 * the offending value. On error nothing is added and outputs are untouched.
 * Out of memory is CP_SOLVER_ERR_NOMEM (also inside GLPK, whose fatal errors
 * are intercepted); nothing here prints or exits.
 *
 * Threads: problems and results are plain data; distinct objects may be
 * used from distinct threads. GLPK keeps its environment in process- or
 * thread-global state depending on how it was built, so every call into
 * GLPK (cp_solver_solve, cp_solver_write_mps) holds one process-wide mutex:
 * concurrent solves are safe but run one at a time.
 */
#ifndef COHORTPLAN_SOLVER_H
#define COHORTPLAN_SOLVER_H

#include <stdbool.h>
#include <stddef.h>

/* "No index" for size_t results (no candidate, no row). */
#define CP_SOLVER_NONE ((size_t)-1)

enum cp_solver_status {
	CP_SOLVER_OK = 0,
	CP_SOLVER_ERR_NOMEM,
	CP_SOLVER_ERR_INVALID,  /* a value out of its documented domain */
	CP_SOLVER_ERR_RANGE,    /* an index that names nothing */
	CP_SOLVER_ERR_IO,       /* writing the model file failed */
	CP_SOLVER_ERR_INTERNAL, /* GLPK failed unexpectedly (a bug: report it) */
};

struct cp_solver_error {
	enum cp_solver_status status;
	char message[256];
};

/* Static English name of a status ("invalid value", ...). */
const char *cp_solver_strerror(enum cp_solver_status status);

/* ---- the problem ------------------------------------------------------ */

struct cp_solver_class {
	long count;     /* units, >= 0 (people, or couples when unit_size 2) */
	int unit_size;  /* 1 or 2 heads per unit */
	int language;   /* course language id, >= 0 */
	int profile;    /* profile id, >= 0 (give "unknown" an id of its own) */
};

struct cp_solver_candidate {
	int language;   /* only classes of this language are eligible */
	int profile;    /* -1: any; else only classes of this profile */
	long min_size;  /* heads per opened cohort, 1 <= min_size <= max_size */
	long max_size;
	long max_open;  /* cohorts that may open, >= 0 (teachers in the group) */
};

struct cp_solver_eligibility {
	double share;      /* attendable share of the live minutes, 0..1;
	                    * target <= share when below is 0 */
	double edge;       /* share of lessons at the edge of the local day, 0..1 */
	double preference; /* 0..1, higher is better; 0 when unknown */
	int below;         /* heads of each unit that do NOT reach the target in
	                    * this candidate, 0..unit_size (0: all reach it, the
	                    * default; a couple may have 1). Such heads fill
	                    * seats and count toward min/max sizes, but the
	                    * objective ranks them after every head that reaches
	                    * the target (docs/solver.md). share is then the
	                    * weaker member's. */
};

struct cp_solver_problem;

/* An empty problem with attendance target 0.8. NULL when out of memory. */
struct cp_solver_problem *cp_solver_problem_create(void);
void cp_solver_problem_destroy(struct cp_solver_problem *p);

/* The attendance target (0 <= target < 1) against which margins are
 * measured: margin = (share - target) / (1 - target). */
enum cp_solver_status cp_solver_problem_set_target(struct cp_solver_problem *p,
		double target, struct cp_solver_error *err);

/* Append a class, candidate or row; *index (if not NULL) receives its index,
 * which counts 0, 1, 2, ... per kind in the order of addition. */
enum cp_solver_status cp_solver_problem_add_class(struct cp_solver_problem *p,
		const struct cp_solver_class *c, size_t *index,
		struct cp_solver_error *err);
enum cp_solver_status cp_solver_problem_add_candidate(
		struct cp_solver_problem *p, const struct cp_solver_candidate *k,
		size_t *index, struct cp_solver_error *err);

/* Class cls may join candidate cand. Languages must match, and the profile
 * when the candidate has one; each pair at most once (checked when solving). */
enum cp_solver_status cp_solver_problem_add_eligibility(
		struct cp_solver_problem *p, size_t cls, size_t cand,
		const struct cp_solver_eligibility *e, struct cp_solver_error *err);

/* A capacity row  sum_k coef[k] * opened[k] <= bound  with bound >= 0, so
 * that opening nothing is always feasible. label (copied, may be NULL)
 * is for explanations, e.g. "teacher T3 2024-W11 hours". */
enum cp_solver_status cp_solver_problem_add_row(struct cp_solver_problem *p,
		const char *label, double bound, size_t *index,
		struct cp_solver_error *err);

/* Set coef (finite, any sign) of candidate cand in row; setting the same
 * pair again replaces the value. */
enum cp_solver_status cp_solver_problem_set_coef(struct cp_solver_problem *p,
		size_t row, size_t cand, double coef, struct cp_solver_error *err);

/* Two different classes, each count 1 and unit_size 1 (a person who must
 * not share a cohort with the other), never join the same candidate. A
 * couple who want the same cohort is one class with unit_size 2 instead. */
enum cp_solver_status cp_solver_problem_add_separation(
		struct cp_solver_problem *p, size_t class_a, size_t class_b,
		struct cp_solver_error *err);

size_t cp_solver_problem_class_count(const struct cp_solver_problem *p);
size_t cp_solver_problem_candidate_count(const struct cp_solver_problem *p);
size_t cp_solver_problem_row_count(const struct cp_solver_problem *p);
/* The row's label; "" when it was added without one, NULL out of range. */
const char *cp_solver_problem_row_label(const struct cp_solver_problem *p,
		size_t row);

/* ---- options ---------------------------------------------------------- */

/*
 * Secondary objective weights, per head, each >= 0 with sum <= 1 (so the
 * whole secondary score never outweighs one more person placed):
 * margin and preference reward, edge and profile (each extra profile in a
 * cohort) penalise. See docs/solver.md.
 */
struct cp_solver_weights {
	double margin;
	double edge;
	double preference;
	double profile;
};

enum cp_solver_method {
	/* Greedy plan, LP relaxation, then GLPK branch-and-bound seeded with
	 * our plans and our LP-rounding heuristic at its nodes. */
	CP_SOLVER_METHOD_MIP = 0,
	/* Greedy plan and the LP relaxation bound only (the baseline). */
	CP_SOLVER_METHOD_GREEDY,
	/* Plain GLPK (for comparisons): none of our plans is offered to
	 * branch-and-bound and its plan is not completed; the greedy plan is
	 * returned only when GLPK finds nothing better. */
	CP_SOLVER_METHOD_GLPK,
};

enum cp_solver_phase {
	CP_SOLVER_PHASE_GREEDY = 0,
	CP_SOLVER_PHASE_LP,
	CP_SOLVER_PHASE_MIP,
	CP_SOLVER_PHASE_LNS,    /* neighbourhood search alone (docs/solver.md) */
	CP_SOLVER_PHASE_DONE,
};

struct cp_solver_progress {
	enum cp_solver_phase phase;
	bool has_incumbent;
	double incumbent;  /* objective of the best plan so far */
	double bound;      /* proven upper bound on the objective */
	double gap;        /* (bound - incumbent) / max(|bound|, 1); 1 if none */
	double elapsed;    /* seconds since cp_solver_solve started */
	long nodes;        /* branch-and-bound nodes processed */
};

/* Called from cp_solver_solve's thread. Return false to stop early: the
 * solve then ends as if its time limit had passed. */
typedef bool (*cp_solver_progress_fn)(const struct cp_solver_progress *prog,
		void *data);

/*
 * Cuts known only from a plan. A caller may know rows that hold for every
 * plan it can carry out but are too many to state in advance (the planner:
 * cohorts of a teacher group that pairwise clash for one teacher, so at
 * most as many as the group's able members; docs/solver.md "Cuts from
 * plans"). The solve asks for them on every plan offered as a new best:
 * the callback looks at the cohorts each candidate opens (opened, ncand
 * values) and calls cp_solver_cuts_add for the rows that plan breaks. From
 * then on a plan is judged by its objective less the heads in the cohorts
 * it opens beyond a known cut, and the neighbourhood search's sub-problems
 * keep every known cut (a row broken already is held where it is). Cuts
 * never change the bound. Called from any of the solve's threads, one call
 * at a time. Returns false when out of memory (the solve carries on
 * without).
 */
struct cp_solver_cuts;
typedef bool (*cp_solver_separate_fn)(const long *opened, size_t ncand,
		struct cp_solver_cuts *cuts, void *data);
/* Sum of cohorts of cands[0..n-1] <= bound. A cut already known is kept
 * once. CP_SOLVER_ERR_NOMEM or CP_SOLVER_ERR_INVALID (a candidate out of
 * range, bound < 0). */
enum cp_solver_status cp_solver_cuts_add(struct cp_solver_cuts *cuts,
		const size_t *cands, size_t n, double bound);
/* A store of cuts of one's own, for a model of ncand candidates (the
 * planner asks the same question of a final plan); NULL when out of
 * memory. */
struct cp_solver_cuts *cp_solver_cuts_create(size_t ncand);
void cp_solver_cuts_destroy(struct cp_solver_cuts *cuts);
size_t cp_solver_cuts_count(const struct cp_solver_cuts *cuts);
/* Cut i: its candidates (borrowed, *n of them) and *bound. */
const size_t *cp_solver_cuts_get(const struct cp_solver_cuts *cuts, size_t i,
		size_t *n, double *bound);

struct cp_solver_options {
	double time_limit;      /* seconds for the whole solve; <= 0: none */
	double gap;             /* stop at this relative gap (fraction), >= 0 */
	unsigned long seed;     /* tie-breaking in our heuristics */
	long node_limit;        /* stop after this many B&B nodes; 0: none */
	enum cp_solver_method method;
	bool presolve;          /* GLPK's MIP presolver (then our heuristics
	                         * cannot be offered to GLPK; see docs) */
	bool cuts;              /* GLPK's MIR cuts */
	bool strong_links;      /* x[c,k] <= count[c] * y[k] rows: a tighter
	                         * LP when pools are near min sizes, at a
	                         * large cost in LP time */
	struct cp_solver_weights weights;
	cp_solver_progress_fn progress; /* NULL: no reports */
	void *progress_data;
	double progress_interval; /* minimum seconds between reports */
	/* Models with at least this many (class, candidate) pairs solve
	 * their root LP by column generation (docs/solver.md, "Column
	 * generation"); 0: never. Every round gives a valid bound. */
	long colgen_pairs;
	/* Threads the search may use; 0: the machine's cores. With two or
	 * more, a large-neighbourhood search improves the plan in a second
	 * thread while branch-and-bound works (docs/solver.md, "Large
	 * neighbourhood search"). */
	int threads;
	/* Deterministic: the same problem and options give the same plan
	 * every time, whatever the machine's speed. The neighbourhood search
	 * runs in the calling thread for lns_rounds rounds, each limited by
	 * nodes rather than seconds; threads is ignored. For tests. */
	bool deterministic;
	long lns_rounds;        /* rounds in deterministic mode; 0: default */
	/* Focus (the planner's checks of its reasons, docs/solver.md
	 * "Focus"): when true, every unit of class focus_class placed is
	 * worth 2 H + 2 more (H = all heads), more than every other head
	 * together, so the search places that class first if any plan can.
	 * Opening nothing stays feasible: nothing is forced. The objective
	 * and bound then include the bonus; cp_solver_result_focus_bound
	 * says how many of its units any plan can place, proven. */
	bool focus;
	size_t focus_class;
	/* A result of an earlier solve of the same problem (any options,
	 * focus too), or NULL: its plan starts the search when it is better
	 * than the greedy plan (the planner keeps a better plan a check
	 * found this way). Borrowed for the call; ignored when it does not
	 * fit the problem. */
	const struct cp_solver_result *start;
	/* Models with at least this many (class, candidate) pairs get no
	 * branch-and-bound with METHOD_MIP: the time after the root LP goes
	 * to LP rounding and the neighbourhood search (docs/solver.md,
	 * "Column generation"); 0: every model may branch. */
	long bb_max_pairs;
	/* Cuts from plans (above); NULL: none. */
	cp_solver_separate_fn separate;
	void *separate_data;
};

/* Defaults: 60 s, gap 1e-4, seed 1, no node limit, METHOD_MIP, presolve
 * off, cuts on (MIR), strong links off, weights margin 0.5, edge 0.3,
 * preference 0.2, profile 0 (the profile term slows the search several
 * times over; the split groups profiles anyway, see docs/solver.md),
 * reports every 1 s, column generation from 100,000 pairs, no
 * branch-and-bound from 100,000 pairs, threads 0 (all cores), not
 * deterministic. */
void cp_solver_options_init(struct cp_solver_options *o);

/* ---- solving ---------------------------------------------------------- */

/*
 * How the search ended. There is always a plan: opening nothing is feasible
 * by construction (row bounds >= 0), so "infeasible" cannot happen, and when
 * branch-and-bound finds nothing in time the greedy plan is returned
 * (cp_solver_result_source tells which).
 */
enum cp_solver_outcome {
	CP_SOLVER_OPTIMAL = 0,   /* proven optimal (gap below 1e-9) */
	CP_SOLVER_GAP_REACHED,   /* within the requested gap */
	CP_SOLVER_FEASIBLE,      /* time or node limit, or stopped: see gap */
};

/* Where the returned plan comes from. */
enum cp_solver_source {
	CP_SOLVER_SOURCE_GREEDY = 0,
	CP_SOLVER_SOURCE_ROUNDING, /* LP rounding and repair */
	CP_SOLVER_SOURCE_MIP,      /* GLPK branch-and-bound */
	CP_SOLVER_SOURCE_LNS,      /* large neighbourhood search */
};

const char *cp_solver_outcome_to_str(enum cp_solver_outcome o);
const char *cp_solver_source_to_str(enum cp_solver_source s);

struct cp_solver_result;

/*
 * Solve p with options o (NULL: defaults). On CP_SOLVER_OK *out receives a
 * result (destroy with cp_solver_result_destroy). Errors: INVALID for bad
 * options or an inconsistent problem (duplicate eligibility, language
 * mismatch), NOMEM, INTERNAL.
 */
enum cp_solver_status cp_solver_solve(const struct cp_solver_problem *p,
		const struct cp_solver_options *o, struct cp_solver_result **out,
		struct cp_solver_error *err);

/*
 * Write the MIP that cp_solver_solve would build (options o, NULL for
 * defaults) to path in free MPS. MPS has no objective sense, so the file
 * MINIMISES the negated objective: another solver's optimum is -objective.
 * Columns are named y<k>, x<c>_<k>, z<k>_<profile>; rows are named too.
 */
enum cp_solver_status cp_solver_write_mps(const struct cp_solver_problem *p,
		const struct cp_solver_options *o, const char *path,
		struct cp_solver_error *err);

/* ---- the result ------------------------------------------------------- */

void cp_solver_result_destroy(struct cp_solver_result *r);

enum cp_solver_outcome cp_solver_result_outcome(const struct cp_solver_result *r);
enum cp_solver_source cp_solver_result_source(const struct cp_solver_result *r);

/* objective = reaching heads + beta * heads below the target + sigma *
 * secondary score, beta = 1 / (2 Hb + 1) (Hb = heads of classes with an
 * eligibility below the target; beta = 1 when there are none) and
 * sigma = beta / (2 H + 1), H = all heads (docs/solver.md). Without
 * below-target eligibilities: placed heads + secondary score / (2 H + 1). */
double cp_solver_result_objective(const struct cp_solver_result *r);
/* Proven upper bound on the objective (B&B, LP relaxation or trivial). */
double cp_solver_result_bound(const struct cp_solver_result *r);
/* (bound - objective) / max(|bound|, 1), >= 0: relative to the whole
 * lexicographic objective, so a gap g guarantees the reaching heads within
 * g * bound (+1/2) of the best possible; heads below the target and the
 * secondary terms are optimised only inside that gap. */
double cp_solver_result_gap(const struct cp_solver_result *r);
/* The LP relaxation's optimum, or NaN when it was not solved in time. */
double cp_solver_result_lp_bound(const struct cp_solver_result *r);
double cp_solver_result_elapsed(const struct cp_solver_result *r);
long cp_solver_result_nodes(const struct cp_solver_result *r);
/* NULL, or a sentence when GLPK failed and the solve carried on with our
 * heuristics' plan and the bound proven so far (a GLPK bug to report). */
const char *cp_solver_result_warning(const struct cp_solver_result *r);

/* Heads placed (reaching the target or not); the most heads any plan can
 * place (proven: from the bound when no eligibility is below the target,
 * else reaching bound + heads with a below-target eligibility, capped by
 * placeable); heads with at least one eligible candidate; all heads. */
long cp_solver_result_placed(const struct cp_solver_result *r);
long cp_solver_result_placed_bound(const struct cp_solver_result *r);
long cp_solver_result_placeable(const struct cp_solver_result *r);
long cp_solver_result_heads(const struct cp_solver_result *r);

/* Units of class cls placed in candidate cand (0 when not eligible or out
 * of range); units of cls placed anywhere; cohorts of cand opened. */
long cp_solver_result_assigned(const struct cp_solver_result *r, size_t cls,
		size_t cand);
long cp_solver_result_class_placed(const struct cp_solver_result *r,
		size_t cls);
long cp_solver_result_opened(const struct cp_solver_result *r, size_t cand);

/* The opened cohorts, each within [min_size, max_size] of its candidate,
 * ordered by candidate. Members are (class, units); units of size 2 are
 * never split. The split is deterministic and balances sizes. */
struct cp_solver_member {
	size_t cls;
	long units;
};
struct cp_solver_cohort {
	size_t candidate;
	long heads;
	size_t nmembers;
	const struct cp_solver_member *members;
};
size_t cp_solver_result_cohort_count(const struct cp_solver_result *r);
/* NULL when i is out of range. */
const struct cp_solver_cohort *cp_solver_result_cohort(
		const struct cp_solver_result *r, size_t i);

/* Row usage in the plan: activity, and slack = bound - activity. */
double cp_solver_result_row_activity(const struct cp_solver_result *r,
		size_t row);
double cp_solver_result_row_slack(const struct cp_solver_result *r,
		size_t row);
/* LP relaxation shadow price of the row: objective (about heads) gained per
 * unit of extra bound; 0 when slack, NaN without an LP solution. */
double cp_solver_result_row_dual(const struct cp_solver_result *r, size_t row);
/* LP reduced cost of one more cohort of cand beyond max_open (> 0: another
 * teacher for this candidate would help); NaN without an LP solution. */
double cp_solver_result_candidate_dual(const struct cp_solver_result *r,
		size_t cand);
/* Heads left unplaced whose explanation names this row. */
long cp_solver_result_row_waiting(const struct cp_solver_result *r, size_t row);

/* ---- explanations ----------------------------------------------------- */

enum cp_solver_reason {
	CP_SOLVER_REASON_NONE = 0,       /* every unit of the class is placed */
	CP_SOLVER_REASON_NO_CANDIDATE,   /* no eligible candidate at all */
	/* Even all people eligible for any of its candidates together stay
	 * below that candidate's min_size: missing = heads short, candidate =
	 * the one closest to opening. */
	CP_SOLVER_REASON_TOO_FEW,
	/* A candidate could open another cohort, but the people still
	 * unplaced who fit it are too few (the others went elsewhere). */
	CP_SOLVER_REASON_REMAINING_TOO_FEW,
	/* Every candidate is full and can open no more cohorts: blocks and
	 * rows tell why (max_open reached, capacity rows without slack). */
	CP_SOLVER_REASON_CAPACITY,
	/* Every remaining candidate holds the person they must be kept from. */
	CP_SOLVER_REASON_SEPARATION,
};

/* Bits of cp_solver_explanation.blocks. */
#define CP_SOLVER_BLOCK_MAX_OPEN   0x1u /* a candidate opened max_open */
#define CP_SOLVER_BLOCK_ROW        0x2u /* a capacity row lacks slack */
#define CP_SOLVER_BLOCK_SEPARATION 0x4u /* a separated partner is there */

struct cp_solver_explanation {
	enum cp_solver_reason reason;
	long unplaced;     /* units of the class left unplaced */
	long missing;      /* heads short (TOO_FEW, REMAINING_TOO_FEW), else 0 */
	size_t candidate;  /* the candidate the numbers refer to, or NONE */
	unsigned blocks;   /* CP_SOLVER_BLOCK_* over all eligible candidates */
	size_t nrows;      /* capacity rows blocking its candidates, by */
	const size_t *rows; /* decreasing LP dual, then index (borrowed) */
};

const char *cp_solver_reason_to_str(enum cp_solver_reason r);

/* Fill *out for class cls; false when cls is out of range. */
bool cp_solver_result_explain(const struct cp_solver_result *r, size_t cls,
		struct cp_solver_explanation *out);

/* Heads placed where they reach the target (below == 0 part of each unit),
 * and the most such heads any plan can place (proven from the bound:
 * ceil(bound + 1/2) - 1, never below the plan's own). Without below-target
 * eligibilities these equal placed and placed_bound. */
long cp_solver_result_reaching(const struct cp_solver_result *r);
long cp_solver_result_reaching_bound(const struct cp_solver_result *r);
/* The most heads below the target that any plan with as many heads
 * reaching the target as this one can place (proven from the bound: the
 * plan's own when bound - objective < beta / (2 H + 1), i.e. when
 * optimal). With reaching == reaching_bound, reaching + below_bound caps
 * what a lexicographically best plan places. 0 without below pairs. */
long cp_solver_result_below_bound(const struct cp_solver_result *r);
/* beta: what one head below the target adds to the objective (1 when no
 * eligibility is below the target). */
double cp_solver_result_below_weight(const struct cp_solver_result *r);

/* With options.focus: the most units of the focus class any plan can
 * place, proven from the bound (never below the plan's own, at most the
 * class's count): a plan with u units is worth more than (2 H + 2) u - 1/2,
 * so this is floor((bound + 1) / (2 H + 2)). -1 without focus. */
long cp_solver_result_focus_bound(const struct cp_solver_result *r);
/* With options.focus: the most heads of the other classes that reach the
 * target in any plan placing at least units units of the focus class,
 * proven from the bound; -1 when no such plan exists (units above
 * cp_solver_result_focus_bound) or without focus. */
long cp_solver_result_focus_reaching_bound(const struct cp_solver_result *r,
		long units);

#endif /* COHORTPLAN_SOLVER_H */
