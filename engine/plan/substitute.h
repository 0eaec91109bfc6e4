/*
 * Private to engine/plan: lessons on a teacher's leave, after the solve.
 *
 * The solver lets a teacher hold a pattern with a few lessons on their
 * leave (cp_teach_leave_max in candidates.h). Once the plan's cohorts have
 * their teachers and lessons, cp_subst_cover() gives each such lesson, in
 * chronological order:
 *   1. a substitute, checked exactly: the single-lesson judge
 *      (cp_cand_teach_lesson: language, leave, holiday, earliest, latest,
 *      weekly availability), no overlap with any lesson they give
 *      (their cohorts' and substitutions so far), their max_day and
 *      max_week over everything they give, and min_rest between working
 *      days by the rule of cp_cand_rest_conflicts. Among those who fit, the
 *      one who gives the fewest minutes in the plan so far, then problem
 *      order (deterministic);
 *   2. else a move inside the same ISO week of the cohort's anchor zone
 *      (see cp_subst_cover for the rule), taught by the cohort's teacher
 *      or a substitute found as in 1;
 *   3. else it stays with the cohort's teacher and is listed in the plan's
 *      uncovered[] with what blocked every other teacher; an advice line
 *      says so.
 * The cohort is never closed for leave.
 */
#ifndef CP_PLAN_SUBSTITUTE_H
#define CP_PLAN_SUBSTITUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cohortplan/candidates.h>
#include <cohortplan/engine.h>
#include <cohortplan/plan.h>

struct cp_subst_stats {
	long leave_lessons; /* lessons on their cohort teacher's leave */
	long covered;       /* of those, given by a substitute in place */
	long moved;         /* moved inside their week */
	long uncovered;     /* neither: listed in plan->uncovered */
};

/* Lessons of pattern j on teacher t's leave days (the assignment prefers
 * teachers with fewer). */
size_t cp_subst_leave_lessons(const struct cp_cand *c, size_t t, uint32_t j);

/*
 * Cover every lesson of plan's (not dissolved) cohorts that falls on its
 * teacher's leave, as above. A move: another start in the same ISO week of
 * the anchor's local calendar, on the anchor's 30-minute grid, an existing
 * (not skipped or repeated) anchor wall time inside the course window and
 * not a course-wide holiday, after the previous lesson's end and before the
 * next lesson's start (lesson order, hence themes, unchanged), where every
 * member who could attend the lesson where it was can attend it at the new
 * time (cp_attend_judge; nobody is worse off), and the cohort's teacher
 * (preferred) or a substitute fits exactly. Of the moves that qualify the
 * nearest to the old start wins (the earlier on a tie). Members' verdicts
 * and attendable counts follow the move; self-paced module windows are
 * left as planned. Adds one advice line when any lesson is on leave.
 * Returns false when out of memory (the plan is then valid but partly
 * covered; the caller gives up).
 */
bool cp_subst_cover(const struct cp_engine *e, struct cp_plan *plan, struct cp_subst_stats *out);

#endif /* CP_PLAN_SUBSTITUTE_H */
