/*
 * Private to engine/plan/: what one teacher has taken on during the
 * teacher assignment, and the exact checks on it (tstate.c), which the
 * assignment (assign.c) and its repair (eject.c) share; and the repair's
 * entry point. Nothing here is public API.
 */
#ifndef CP_PLAN_TSTATE_H
#define CP_PLAN_TSTATE_H

#include "bridge.h"

/* What one teacher has taken on so far. */
struct tstate {
	uint32_t *pats;
	size_t n, cap;
	struct cp_cand_load *days, *weeks;
	size_t ndays, nweeks, capdays, capweeks;
	long able;                 /* wanted patterns this teacher may teach */
};

enum fit { FIT_NO, FIT_YES, FIT_NOMEM };

/* May teacher t take one more cohort of pattern j, checking everything
 * the per-teacher model would (teachability, overlaps and rest against
 * every cohort t has, day and week loads)? Exact, no aggregation. */
enum fit teacher_fits(const struct bridge *b, struct tstate *ts, size_t t, uint32_t j);

/* t takes a cohort of pattern j; false when out of memory. */
bool teacher_take(const struct bridge *b, struct tstate *ts, size_t t, uint32_t j);

/* Did a member of cohort pl sit with teacher t on this pattern before? */
bool was_teacher(const struct bridge *b, const struct planned *pl, size_t t);

/* May class cl move from pattern was to j without anyone falling below
 * the target? */
bool class_keeps_level(const struct cp_attend_class *cl, uint32_t was, uint32_t j);

/* Seat what moving cohorts out of the way can of the cohorts still
 * without a teacher (eject.c); false when out of memory. */
bool eject_repair(struct bridge *b, struct tstate *ts, struct planned *pl, size_t n, size_t nt);

#endif
