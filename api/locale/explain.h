/*
 * Words for the plan's reasons and advice (docs/plan.md, "Reasons" and
 * `advice[]`). The engine puts codes, numbers, ids and timetables in the
 * plan; this module is the one place that turns them into sentences, in
 * any language of messages.h, for every writer: the `solve` summary, the
 * report, plan.json's English `detail`, `self_study` and `text` (through
 * cp_explain_fill), and so the feeds and the server that read them.
 *
 * Two styles: PLAIN writes ASCII digits and ISO dates (terminals, logs,
 * plan.json); LOCAL the locale's digits and long dates (the report).
 *
 * Ownership: functions returning char * transfer ownership (free()); NULL
 * from them means out of memory or an ICU failure. They print nothing.
 */
#ifndef CP_LOCALE_EXPLAIN_H
#define CP_LOCALE_EXPLAIN_H

#include <stdbool.h>

#include <cohortplan/plan.h>

#include "messages.h"

enum cp_explain_style {
	CP_EXPLAIN_PLAIN = 0, /* ASCII digits, ISO dates */
	CP_EXPLAIN_LOCAL,     /* the locale's digits and dates */
};

/* A timetable: "Mon+Tue 17:00 Europe/Brussels from 2024-03-18". */
char *cp_explain_timetable(struct cp_msg *m, enum cp_explain_style st,
			   const struct cp_plan_timetable *t);

/* Why u is not placed, as one sentence. */
char *cp_explain_unplaced(struct cp_msg *m, enum cp_explain_style st, const struct cp_plan *plan,
			  const struct cp_plan_unplaced *u);

/* The self-study route offered to u; call only when u->best.days != 0
 * (a best timetable exists; without one no route is offered). */
char *cp_explain_route(struct cp_msg *m, enum cp_explain_style st,
		       const struct cp_plan_unplaced *u);

/* The self-study route of member mb of cohort c, who does not reach the
 * target (cp_plan_member_reaches): the lessons they will miss, by number
 * and theme. */
char *cp_explain_member_route(struct cp_msg *m, enum cp_explain_style st,
			      const struct cp_plan *plan, const struct cp_plan_cohort *c,
			      const struct cp_plan_member *mb);

/* One advice as one sentence (CP_ADVICE_TEXT: a copy of its text). */
char *cp_explain_advice(struct cp_msg *m, enum cp_explain_style st, const struct cp_plan_advice *a);

/* Fill the English words plan.json carries for logs and programs: every
 * unplaced entry's `detail` and `self_study`, every advice's `text` and
 * the self-study route of every member below the target, where they are
 * not already there (a plan read back keeps its own). False when out of
 * memory or ICU fails (the plan may then be partly filled). */
bool cp_explain_fill(struct cp_plan *plan);

/* Why member mb was switched to self-study while the course runs
 * (mb->switched, cp_progress_switch_self_study): the target out of reach,
 * mb->switched_themes remaining themes as self-study modules. */
char *cp_explain_switched(struct cp_msg *m, enum cp_explain_style st,
			  const struct cp_plan_member *mb);

/* The English self_study text of every switched member that has none, for
 * plan.json. False when out of memory or ICU fails (the plan may then be
 * partly filled). */
bool cp_explain_fill_switched(struct cp_plan *plan);

#endif /* CP_LOCALE_EXPLAIN_H */
