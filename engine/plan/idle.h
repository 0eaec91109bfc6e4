/*
 * Private to engine/plan: teachers' idle weeks, for the capacity advice.
 *
 * With staggered starts a teacher can run one cohort after another; when
 * people stay unplaced while teachers have whole weeks of the course
 * window without a lesson, the planner should see it: a cohort that starts
 * in those weeks (a later start date, or relaxed start_dates) could use
 * them. cp_idle_advise() adds one advice line with the count per teacher.
 */
#ifndef CP_PLAN_IDLE_H
#define CP_PLAN_IDLE_H

#include <stdbool.h>

#include <cohortplan/plan.h>
#include <cohortplan/problem.h>

/*
 * An idle teacher-week is an ISO week (Monday to Sunday) that overlaps the
 * course window, in which teacher t gives no lesson of the plan (as the
 * cohort's teacher or as a substitute, by the lesson's local start date in
 * t's zone) and is not on leave on every day of the week inside the
 * window. When the plan leaves someone unplaced and some teacher has an
 * idle week, one advice is added: the total, and per teacher (at most
 * five named, most idle first) the count and the first idle week.
 * Returns false only when out of memory.
 */
bool cp_idle_advise(const struct cp_problem *p, struct cp_plan *plan);

#endif
