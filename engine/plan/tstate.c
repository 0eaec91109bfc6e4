/*
 * What one teacher has taken on during the teacher assignment, and the
 * exact checks on it (tstate.h): shared by the assignment (assign.c) and
 * its repair (eject.c).
 */
#include <stdlib.h>

#include "tstate.h"
#include "cp_util.h"

static bool
load_fits(const struct cp_cand_load *have, size_t n, const struct cp_cand_load *add, size_t na,
	  int limit)
{
	if (limit <= 0)
		return true;
	for (size_t a = 0; a < na; a++) {
		long sum = add[a].minutes;
		for (size_t h = 0; h < n; h++)
			if (have[h].day == add[a].day)
				sum += have[h].minutes;
		if (sum > limit)
			return false;
	}
	return true;
}

static bool
load_add(struct cp_cand_load **have, size_t *n, size_t *cap, const struct cp_cand_load *add,
	 size_t na)
{
	for (size_t a = 0; a < na; a++) {
		size_t h = 0;
		while (h < *n && (*have)[h].day != add[a].day)
			h++;
		if (h == *n) {
			if (!CP_GROW(*have, *cap, *n + 1, 16))
				return false;
			(*have)[(*n)++] = (struct cp_cand_load){ add[a].day, 0 };
		}
		(*have)[h].minutes += add[a].minutes;
	}
	return true;
}


/* May teacher t take one more cohort of pattern j, checking everything
 * the per-teacher model would: teachability, overlaps and rest against
 * every cohort t has, and the day and week loads. Exact, no aggregation. */
enum fit
teacher_fits(const struct bridge *b, struct tstate *ts, size_t t, uint32_t j)
{
	if (cp_cand_teachable(b->cand, t, j, NULL) != CP_TEACH_OK)
		return FIT_NO;
	for (size_t i = 0; i < ts->n; i++) {
		uint32_t a = ts->pats[i];
		if (a == j)
			return FIT_NO; /* the same lessons twice */
		if (cp_cand_rest_clash(b->cand, t, a, j))
			return FIT_NO;
	}
	const struct cp_teacher *te = cp_problem_teacher(b->prob, t);
	struct cp_cand_load l[64];
	size_t n = cp_cand_load_days(b->cand, t, j, l, 64);
	if (!load_fits(ts->days, ts->ndays, l, n < 64 ? n : 64, te->max_day))
		return FIT_NO;
	n = cp_cand_load_weeks(b->cand, t, j, l, 64);
	if (!load_fits(ts->weeks, ts->nweeks, l, n < 64 ? n : 64, te->max_week))
		return FIT_NO;
	return FIT_YES;
}

bool
teacher_take(const struct bridge *b, struct tstate *ts, size_t t, uint32_t j)
{
	if (!CP_GROW(ts->pats, ts->cap, ts->n + 1, 8))
		return false;
	ts->pats[ts->n++] = j;
	struct cp_cand_load l[64];
	size_t n = cp_cand_load_days(b->cand, t, j, l, 64);
	if (!load_add(&ts->days, &ts->ndays, &ts->capdays, l, n < 64 ? n : 64))
		return false;
	n = cp_cand_load_weeks(b->cand, t, j, l, 64);
	return load_add(&ts->weeks, &ts->nweeks, &ts->capweeks, l, n < 64 ? n : 64);
}

/* Did a member of cohort pl sit with teacher t on this pattern before? */
bool
was_teacher(const struct bridge *b, const struct planned *pl, size_t t)
{
	if (!b->opts->previous)
		return false;
	for (size_t mi = 0; mi < pl->n; mi++) {
		const struct cp_attend_class *cl = cp_attend_class(b->att, pl->m[mi].ecls);
		for (size_t m = 0; m < cl->n_members; m++) {
			size_t pc = b->prev_cohort[cl->members[m]];
			if (pc != NONE &&
			    same_cohort(b, pl->pattern, t, &b->opts->previous->cohorts[pc]))
				return true;
		}
	}
	return false;
}

/* Members of a unit of class cl below the target on pattern j (0 .. unit),
 * or -1 when cl is not eligible for j. */
int
class_below(const struct cp_attend_class *cl, uint32_t j)
{
	size_t lo = 0, hi = cl->n_eligible;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cl->eligible[mid].pattern < j)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cl->n_eligible && cl->eligible[lo].pattern == j ? cl->eligible[lo].below : -1;
}

/* May class cl move from pattern was to j without anyone falling below
 * the target (members below it admitted, policy.below_target)? */
bool
class_keeps_level(const struct cp_attend_class *cl, uint32_t was, uint32_t j)
{
	int now = class_below(cl, j);
	return now >= 0 && now <= class_below(cl, was);
}

