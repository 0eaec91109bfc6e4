/*
 * cohortplan make-up check: can this participant take the lesson of the
 * same theme in another cohort instead of the one they missed?
 *
 * The plan alone knows the lessons, their themes and the members
 * (progress.h finds the options from it); the person's own rules — zone,
 * weekly availability, dated periods and exceptions, holidays, roster
 * shifts, departure, the policy's hours and Ramadan evenings — are in the
 * problem, and the engine's attendability (attend.h) judges them. This
 * module asks it, lesson by lesson, and adds the other cohort's side:
 *
 *   no_teacher   the lesson is on its teacher's leave and nobody covers it
 *                (plan uncovered[]): it may not take place as planned;
 *   full         the cohort has no free seat: its members plus the make-up
 *                guests already accepted for that lesson reach the
 *                policy's cohort_size.max;
 *   overlap      it overlaps a lesson of the member's own cohort or another
 *                make-up they accepted;
 *   a verdict    the person cannot attend it ("holiday", "roster",
 *                "outside_availability", ... as cp_attend_reason_name),
 *                judged in their own zone over the lesson's own [start, end).
 *
 * Checks run in that order; the first that fails is the reason.
 *
 * Ownership: cp_makeup_judge_create() returns an object the caller destroys
 * with cp_makeup_judge_destroy() (NULL is a no-op). It borrows the plan,
 * the problem, the attendability and the accepted list, which must outlive
 * it. Prints nothing. Out of memory: NULL with CP_ENGINE_ERR_NOMEM.
 */
#ifndef COHORTPLAN_MAKEUP_H
#define COHORTPLAN_MAKEUP_H

#include <stddef.h>

#include <cohortplan/attend.h>
#include <cohortplan/engine.h>
#include <cohortplan/plan.h>
#include <cohortplan/problem.h>
#include <cohortplan/progress.h>

/* Reason codes (cp_progress_judge_fn): 0 ok, then the other cohort's side,
 * then the person's verdicts as CP_MAKEUP_PERSON + enum cp_attend_reason. */
enum {
	CP_MAKEUP_OK = 0,
	CP_MAKEUP_NO_TEACHER = 1,
	CP_MAKEUP_FULL = 2,
	CP_MAKEUP_OVERLAP = 3,
	CP_MAKEUP_PERSON = 16,
};

/* Static JSON name of a reason code: "ok", "no_teacher", "full",
 * "overlap", or the
 * person's verdict ("holiday", "outside_availability", ...); "?" when
 * unknown. */
const char *cp_makeup_reason_name(int code);

struct cp_makeup_judge;

/*
 * A judge for plan's members against problem p, whose attendability a was
 * built by the engine (cp_engine_attend). Every member of the plan must be
 * a participant of p (matched by id): otherwise NULL with
 * CP_ENGINE_ERR_INVALID naming the first who is not. accepted[0..n) are
 * the make-ups accepted so far; each takes a seat of its lesson.
 */
struct cp_makeup_judge *cp_makeup_judge_create(const struct cp_plan *plan,
					       const struct cp_problem *p,
					       const struct cp_attend *a,
					       const struct cp_progress_accepted *accepted,
					       size_t n_accepted, struct cp_engine_error *err);
void cp_makeup_judge_destroy(struct cp_makeup_judge *j);

/*
 * The reason code for member `member` of cohort `cohort` taking lesson
 * opt_lesson of cohort opt_cohort (indices into the plan): CP_MAKEUP_OK
 * when they can. The member's own accepted make-up of that lesson does not
 * count against the seats. data is the judge (a cp_progress_judge_fn).
 */
int cp_makeup_judge(void *data, size_t cohort, size_t member, size_t opt_cohort,
		    size_t opt_lesson);

#endif /* COHORTPLAN_MAKEUP_H */
