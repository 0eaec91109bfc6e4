/*
 * Private to engine/plan: why people are not placed, and the planner's
 * advice, as data (docs/plan.md, "Reasons" and `advice[]`).
 *
 * Contract: these functions fill the plan's codes, numbers, ids and
 * timetables (struct cp_plan_unplaced, struct cp_plan_advice) and never
 * words: the `detail`, `self_study` and `text` fields stay NULL, and
 * api/locale (explain.h there) words them in the reader's language. Each
 * returns false only when out of memory (the plan says so too,
 * cp_plan_nomem); it prints nothing.
 */
#ifndef CP_PLAN_EXPLAIN_H
#define CP_PLAN_EXPLAIN_H

#include <stdbool.h>
#include <stdint.h>

#include <cohortplan/plan.h>
#include <cohortplan/solver.h>

#include "bridge.h"

/* Participant i, whom the plan of res leaves out: appends their unplaced
 * entry with its reason. *placeable says whether some plan could still
 * place them (their reason is not proven for every plan). */
bool explain_unplaced(struct bridge *b, struct cp_plan *plan, const struct cp_solver_result *res,
		      uint32_t i, bool *placeable);

/* The advice of the plan of res: a better plan a check found, the
 * binding capacity rows, the teacher assignment's repairs and the
 * timetables where one more teacher would pay off. */
bool explain_advice(struct bridge *b, struct cp_plan *plan, const struct cp_solver_result *res);

/* The advice that the plan came from kept, a check's plan better than
 * the search's own res. */
bool explain_kept(struct cp_plan *plan, const struct cp_solver_result *res,
		  const struct cp_solver_result *kept);

/* Heads of solver class sc that reach the target in r (b is the run's
 * struct bridge): what the checks of the reasons compare (check.h). */
long class_reaching(const struct cp_solver_result *r, size_t sc, const void *b);

/* A participant's profile as the plan names it; NULL when unset. */
static inline const char *
profile_name(enum cp_profile p)
{
	return p == CP_PROFILE_UNSET ? NULL : cp_profile_name(p);
}

/* Map the engine's reason enum onto the plan's (same order by design). */
static inline enum cp_verdict
verdict_of(enum cp_attend_reason r)
{
	_Static_assert((int)CP_ATTEND_REASON_COUNT == (int)CP_VERDICT_COUNT,
		       "attend reasons and plan verdicts must match");
	return (enum cp_verdict)r;
}

#endif
