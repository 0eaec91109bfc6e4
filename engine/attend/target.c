/*
 * The attendance target in live minutes: what a pattern must give a
 * participant to reach it (or the floor below it), decided by one rule,
 * cp_plan_minutes_needed(), for the engine and the plan's writers alike.
 */
#include <cohortplan/attend.h>
#include <cohortplan/plan.h>

#include "attend-private.h"

unsigned cp_attend_threshold(double share, unsigned total)
{
	/* One rounding rule for the engine and the plan's writers. */
	return (unsigned)cp_plan_minutes_needed(share, (int)total);
}

unsigned cp_attend_needed(const struct cp_attend *a)
{
	return a->needed;
}

unsigned cp_attend_floor(const struct cp_attend *a)
{
	return a->floor;
}

bool cp_attend_reaches(const struct cp_attend *a, unsigned count)
{
	return count >= a->needed;
}

double cp_attend_share(const struct cp_attend *a, unsigned count)
{
	return a->total ? (double)count / (double)a->total : 0;
}
