/*
 * The whole planning job in one call: problem -> holiday calendars ->
 * engine (candidates, attendability, classes) -> solver -> plan.
 *
 * Used by `cohortplan solve` and by the server's solve jobs. It lives in
 * api/ because it loads the bundled holiday calendars and hands ICU's
 * Islamic calendar to the engine; everything else is delegated.
 *
 * The plan also carries the problem's teachers' limits and theme names
 * (plan teachers[], themes[]) for writers that read plan.json alone.
 *
 * Ownership: cp_pipeline_solve() gives the caller a plan to destroy with
 * cp_plan_destroy(). The problem and the tzdb are borrowed.
 * Errors are values; nothing is printed (progress goes to the callback).
 */
#ifndef CP_PIPELINE_H
#define CP_PIPELINE_H

#include <stdbool.h>

#include <cohortplan/plan.h>
#include <cohortplan/planner.h>
#include <cohortplan/problem.h>
#include <cohortplan/solver.h>
#include <cohortplan/tz.h>

#include "common/error.h"

/* Errors are the api's struct cp_error (common/error.h): CP_ERR_INVALID when
 * the problem cannot be planned as given, CP_ERR_IO when a data file (a
 * holiday calendar) is unreadable, CP_ERR_NOMEM, CP_ERR_INTERNAL. The
 * engine's errors are converted in one place (pipeline.c, from_engine). */

struct cp_pipeline_options {
	double time_limit;        /* seconds, default 60 */
	double gap;               /* relative gap, default 0.001 */
	unsigned long seed;       /* default 1 */
	cp_instant now;           /* the plan's creation time (caller's clock) */
	/* Re-plan from this plan, or NULL. The new plan's cohorts take
	 * their predecessors' ids (cp_plan_match_ids); carrying SEQUENCE and
	 * cancellations over (cp_plan_revise) is the caller's, against the
	 * plan its subscribers saw. */
	const struct cp_plan *previous;
	const char *holidays_dir; /* bundled calendars; NULL: the built-in default */
	const char *export_model; /* write the MIP here (MPS), or NULL */
	enum cp_solver_method method; /* default CP_SOLVER_METHOD_MIP (the
	                               * others are baselines for benchmarks) */
	int threads;              /* 0: the machine's cores */
	bool deterministic;       /* same plan on every run (tests) */
	long node_limit;          /* branch-and-bound nodes; 0: none */
	enum cp_planner_groups teacher_groups; /* default AUTO (cohortplan/planner.h) */
	cp_solver_progress_fn progress; /* NULL: silent */
	void *progress_data;
	/* Seconds of time_limit the caller used before this call (reading
	 * and checking the problem file: 3 s at 20,000 people), taken off
	 * the search's share like everything after it; default 0. */
	double spent;
};

void cp_pipeline_options_init(struct cp_pipeline_options *o);

/* The bundled holiday calendars: $COHORTPLAN_HOLIDAYS_DIR, else the source
 * tree's data/holidays while it exists, else the installed copy. */
const char *cp_pipeline_holidays_dir(void);

/* Plan problem p (checked with cp_problem_check) with zones from db. */
enum cp_status cp_pipeline_solve(struct cp_tzdb *db, const struct cp_problem *p,
					  const struct cp_pipeline_options *o,
					  struct cp_plan **out, struct cp_error *err);

/*
 * The engine alone (off days, candidates, attendability) for problem p,
 * with its holiday calendars (holidays_dir, NULL: cp_pipeline_holidays_dir())
 * and ICU's Islamic calendar: for commands that judge people against
 * lessons a plan already has (make-ups, docs/attendance.md). NULL with
 * *err filled on failure. The problem is borrowed and must outlive it.
 */
struct cp_engine;
struct cp_pipeline_engine;
struct cp_pipeline_engine *cp_pipeline_engine_create(const struct cp_problem *p,
						     const char *holidays_dir,
						     struct cp_error *err);
/* The engine (borrowed, valid until cp_pipeline_engine_destroy). */
const struct cp_engine *cp_pipeline_engine_get(const struct cp_pipeline_engine *pe);
void cp_pipeline_engine_destroy(struct cp_pipeline_engine *pe);

#endif
