/*
 * cohortplan planner: the bridge from the engine (patterns, lessons,
 * attendability, classes, teachers) to the solver (numbers) and back to a
 * plan (cohorts with lessons in UTC, members, explanations).
 *
 * The translation, in short (docs/solver.md has the whole formulation):
 *   - every engine class that speaks the course language and has an
 *     eligible pattern becomes a solver class (couples as units of 2);
 *   - every live pattern some class is eligible for, times every teacher
 *     who may teach it, becomes a candidate cohort (min/max size from the
 *     policy, at most one cohort per teacher and pattern);
 *   - per teacher: one row per clique of patterns in progress at the same
 *     instant (<= 1), one row per rest conflict (<= 1), one row per local
 *     day and per ISO week whose possible load exceeds max_day / max_week;
 *   - partners who want different cohorts become separations.
 * Re-planning: members of a previous plan get a preference for the cohort
 * they were in (same teacher, same weekly slots in the same anchor), and
 * such cohorts keep their ids, so the solver moves people only to place
 * more of them or to gain more than the preference weight.
 *
 * Ownership: cp_planner_run() gives the caller a plan to destroy with
 * cp_plan_destroy(); everything passed in is borrowed.
 */
#ifndef COHORTPLAN_PLANNER_H
#define COHORTPLAN_PLANNER_H

#include <cohortplan/engine.h>
#include <cohortplan/plan.h>
#include <cohortplan/solver.h>

struct cp_planner_options {
	struct cp_solver_options solver;
	const struct cp_plan *previous; /* re-plan from this, or NULL */
	cp_instant now;                 /* stored as the plan's creation time */
	const char *tzdata_version;     /* recorded in the plan */
	const char *export_model;       /* write the MIP (free MPS) here, or NULL */
};

/* Solver defaults, no previous plan, now 0. */
void cp_planner_options_init(struct cp_planner_options *o);

/*
 * Plan: build the solver problem from e, solve, and turn the result into a
 * plan with every participant either in a cohort or explained.
 * Errors: CP_ENGINE_ERR_NOMEM, CP_ENGINE_ERR_INVALID (a solver error, with
 * its message, e.g. the model file could not be written).
 */
enum cp_engine_status cp_planner_run(const struct cp_engine *e,
				     const struct cp_planner_options *o,
				     struct cp_plan **out, struct cp_engine_error *err);

#endif /* COHORTPLAN_PLANNER_H */
