/*
 * cohortplan planner: the bridge from the engine (patterns, lessons,
 * attendability, classes, teachers) to the solver (numbers) and back to a
 * plan (cohorts with lessons in UTC, members, explanations).
 *
 * The translation, in short (docs/solver.md has the whole formulation):
 *   - every engine class that speaks the course language and has an
 *     eligible pattern becomes a solver class (couples as units of 2);
 *   - teachers with the same zone, country, weekly availability, earliest
 *     and latest hour and day/week/rest limits form a group (languages and
 *     leave may differ); every live pattern some class is eligible for,
 *     times every group with members who may teach it, becomes a candidate
 *     cohort (min/max size from the policy) that opens at most as many
 *     times as the group has such members;
 *   - per group: one row per clique of patterns in progress at the same
 *     instant, one per rest conflict, one per local day and per ISO week
 *     whose possible load exceeds the limits, each bounded by the members
 *     who may teach one of its patterns (times the limit for loads). For a
 *     group of one these are exactly that teacher's rows; for larger groups
 *     they are relaxations (an aggregate capacity), so the solver's bound
 *     stays valid for the real, per-teacher problem;
 *   - with groups of several, cuts from plans (engine/plan/groupcuts.c,
 *     docs/solver.md): sets of a group's timetables that pairwise clash,
 *     or whose independence number is 2, found on the solver's plans and
 *     kept by its search, so that its plans can be taught one by one;
 *   - partners who want different cohorts become separations;
 *   - an eligibility below the target (policy.below_target) carries the
 *     unit's members below it, so the solver places people reaching the
 *     target first and the others after them.
 * After the solve, every opened cohort gets a concrete teacher, checked
 * exactly (teachable, no overlap, rest, day and week loads against that
 * teacher's other cohorts): most constrained cohort first, from its own
 * group, else from any teacher, else moved to another timetable all its
 * members may join without anyone falling below the target; a cohort
 * nobody can take closes, its members go to
 * other cohorts with room or are explained as unplaced ("capacity"), and
 * the plan's objective and gap account for them. An advice line reports
 * such repairs. Leave: a teacher may hold a pattern with a few lessons on
 * leave (cp_teach_leave_max); the assignment prefers teachers with fewer
 * such lessons, and each one then gets an exact substitute, a move inside
 * its week with every member re-judged, or a place in the plan's
 * uncovered[] (engine/plan/substitute.h); leave never closes a cohort. The model grows with the number of distinct teacher and
 * participant situations, not with head count.
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

/* Teachers planned in groups of alike ones (one candidate per group and
 * timetable, capacity rows summed over the group, concrete teachers
 * assigned after the solve) or each alone (their own rows, exact). AUTO:
 * alone while the model stays under a million pairs. */
enum cp_planner_groups {
	CP_PLANNER_GROUPS_AUTO = 0,
	CP_PLANNER_GROUPS_ALWAYS,
	CP_PLANNER_GROUPS_NEVER,
};

struct cp_planner_options {
	struct cp_solver_options solver;
	const struct cp_plan *previous; /* re-plan from this, or NULL */
	cp_instant now;                 /* stored as the plan's creation time */
	const char *tzdata_version;     /* recorded in the plan */
	/* Export the model (e.g. `solve --export-model`): called once with
	 * the solver's problem and options before the search, when set. The
	 * engine writes no files: the caller decides where and how (the
	 * pipeline writes MPS atomically). It returns false to stop the run,
	 * which then fails with CP_ENGINE_ERR_EXPORT (the caller keeps the
	 * detail in export_data). */
	bool (*export_model)(const struct cp_solver_problem *sp,
			     const struct cp_solver_options *so, void *export_data);
	void *export_data;
	enum cp_planner_groups groups;  /* default AUTO */
	/* Seconds of solver.time_limit the caller has used already (reading,
	 * candidates, attendability): the time limit bounds the whole run,
	 * so the search gets what this and the planner's own model building
	 * leave of its share, but never less than a quarter of that share.
	 * Default 0. */
	double spent;
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
