/*
 * The attendance target in live minutes: what a pattern must give a
 * participant to reach it (or the floor below it), decided by one rule,
 * cp_attend_target_needed() and cp_attend_target_reached(), for the engine
 * and every writer of the plan alike (through cp_plan_member_reaches()).
 */
#include <cohortplan/attend.h>

#include <math.h>

#include "attend-private.h"

int cp_attend_target_needed(double target, int live_minutes)
{
	if (live_minutes <= 0 || !(target > 0))
		return 0;
	/* The binary rounding of target * live is about 1e-16 of it, so a
	 * slack of 1e-10 of the live minutes keeps a product that is whole in
	 * exact arithmetic (0.8 x 1800 = 1440) from being rounded up, yet
	 * guarantees needed / live >= target - 1e-10, which the solver's check
	 * (share >= target - 1e-9) accepts. */
	double want = ceil(target * (double)live_minutes - 1e-10 * (double)live_minutes);
	if (want > (double)live_minutes)
		return live_minutes;
	return want < 0 ? 0 : (int)want;
}

bool cp_attend_target_reached(double target, int minutes, int live_minutes)
{
	return live_minutes > 0 && minutes >= cp_attend_target_needed(target, live_minutes);
}

unsigned cp_attend_threshold(double share, unsigned total)
{
	/* One rounding rule for the engine and the plan's writers. */
	return (unsigned)cp_attend_target_needed(share, (int)total);
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
