/*
 * Private to engine/plan/: the state of one planner run (struct bridge,
 * filled by planner.c) and the teacher assignment that assign.c does on
 * it. Nothing here is public API.
 */
#ifndef CP_PLAN_BRIDGE_H
#define CP_PLAN_BRIDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cohortplan/attend.h>
#include <cohortplan/candidates.h>
#include <cohortplan/planner.h>
#include <cohortplan/problem.h>
#include <cohortplan/solver.h>

#include "check.h"

#define NONE SIZE_MAX

/* Everything one run needs, freed by bridge_finish(). */
struct bridge {
	const struct cp_engine *engine;
	const struct cp_cand *cand;
	const struct cp_attend *att;
	const struct cp_problem *prob;
	const struct cp_planner_options *opts;
	struct cp_solver_problem *sp;

	size_t n_classes;
	size_t *solver_class;   /* engine class -> solver class, or NONE */
	size_t *engine_class;   /* solver class -> engine class */
	size_t n_cands;
	size_t n_pairs;         /* eligibilities given to the solver */
	uint32_t *cand_pattern; /* solver candidate -> pattern */
	uint32_t *cand_group;   /* solver candidate -> teacher group */
	size_t cap_cands;
	size_t *first_cand;     /* pattern -> first candidate of it, or NONE */
	size_t *prev_cohort;    /* participant -> previous cohort index, or NONE */

	/* Teacher groups (see "Teacher groups" below): members of group g
	 * are gmember[gfirst[g] .. gfirst[g + 1]), ascending. */
	size_t n_groups;
	size_t *group_of;       /* teacher -> group */
	size_t *gfirst;
	uint32_t *gmember;

	/* Repairs of the teacher assignment: heads per engine class whose
	 * planned cohort could get no teacher and who found no other place. */
	long *dropped;
	long dropped_heads, moved_cohorts, closed_cohorts, replaced_heads;

	/* Checks of the reasons (check.h): check_of[solver class] indexes
	 * checks[], or NONE for a class that was not a question. */
	size_t *check_of;
	struct cp_check *checks;
	size_t n_checks;
	/* The result of the check whose plan beats the solve's, or NULL. */
	struct cp_solver_result *better;
};

static inline enum cp_engine_status
nomem(struct cp_engine_error *err)
{
	return cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory while planning");
}

/* A solver error as the engine's (out of memory kept distinct). */
static inline enum cp_engine_status
solver_fail(struct cp_engine_error *err, const struct cp_solver_error *serr)
{
	if (serr->status == CP_SOLVER_ERR_NOMEM)
		return nomem(err);
	return cp_engine_fail(err, CP_ENGINE_ERR_INVALID, "solver: %s", serr->message);
}

/* Order of struct cp_cand_pair: by a, then b. */
static inline int
pair_cmp(const void *a, const void *b)
{
	const struct cp_cand_pair *x = a, *y = b;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return x->b < y->b ? -1 : x->b > y->b;
}

/* Does pattern j with teacher t reproduce cohort pc of the previous plan
 * (previous.c)? */
bool same_cohort(const struct bridge *b, uint32_t j, size_t t, const struct cp_plan_cohort *pc);

/* Members of group g who may teach one of the patterns of candidates
 * cands[0..n-1] (groupcuts.c). */
long group_able_any(const struct bridge *b, size_t g, const size_t *cands, size_t n);

/* ---- cuts from plans for teacher groups (groupcuts.c) ----------------- */

/* The solver's options.separate for a run with teacher groups: cohorts of a
 * group that pairwise clash for one teacher, more than its members who may
 * teach one of them. data: a struct group_cuts of this bridge, which must
 * outlive the solve. */
struct group_cuts;
struct group_cuts *group_cuts_create(const struct bridge *b);
void group_cuts_destroy(struct group_cuts *gc);
bool group_cuts_separate(const long *opened, size_t ncand, struct cp_solver_cuts *cuts,
			 void *data);
/* The cuts the plan of res breaks, added to the model as rows (*added). */
enum cp_engine_status group_cuts_rows(struct group_cuts *gc, const struct cp_solver_result *res,
				      size_t *added, struct cp_engine_error *err);

/* ---- teacher assignment (assign.c) ----------------------------------- */

/* With teacher groups, the share of the time limit the exact assignment
 * per group gets (at least 2 s): the planner keeps it out of the search's
 * time so that the whole solve holds the limit. */
#define ASSIGN_SHARE 0.1

/* A cohort to be: the solver's cohort, then its teacher, then repairs. */
struct planned_member {
	size_t ecls;  /* engine class */
	long units;
};

struct planned {
	uint32_t pattern;
	size_t group;
	size_t teacher;  /* NONE until assigned; NONE after: closed */
	long heads;
	size_t n, cap;
	struct planned_member *m;
};

/* The solver's cohorts as planned cohorts with engine classes; NULL when
 * out of memory (*n = 0 and no cohorts is a valid empty answer). */
struct planned *planned_from_result(const struct bridge *b, const struct cp_solver_result *res,
				    size_t *n);
void planned_free(struct planned *pl, size_t n);

/* A teacher for every planned cohort: exactly first (a small solver
 * problem), then greedily (most constrained first), else another teacher
 * or timetable, else by moving a cohort or a chain of cohorts out of its
 * way, else the cohort closes and its members are re-placed where they can
 * be (b's repair counters say how many). */
enum cp_engine_status assign_teachers(struct bridge *b, struct planned *pl, size_t n,
				      struct cp_engine_error *err);

/* Heads of each unit of class cl below the target in pattern j. */
int class_below(const struct cp_attend_class *cl, uint32_t j);

#endif
