/*
 * The teacher assignment's last repair (assign.c calls it): cohorts left
 * without a teacher take a teacher's place after one of that teacher's
 * cohorts, or a chain of them, moves out of the way.
 */
#include <stdlib.h>

#include "tstate.h"

/* ---- repair by one ejection ------------------------------------------ */

/*
 * A cohort nobody can take is often blocked at one teacher by a single
 * cohort that could go elsewhere: to another teacher, or to another
 * timetable its members may all join at their level. The main model plans
 * teachers in groups (their capacity in sum), so on large problems the
 * cohorts of a busy group do not pack onto its members one by one: on
 * 20,000 people in 12 zones the exact assignment left 30-45 cohorts of four
 * evening groups without a teacher although the solver's per-group
 * optimum was proven (CBC agreed: 1,985 of 2,210 heads in one group), while
 * each lost cohort had tens to hundreds of other timetables. This repair
 * tries, for each cohort left over, every teacher t and timetable j: when
 * one of t's cohorts x is all that stands in the way, x moves to another
 * timetable with t or to another teacher, and the cohort takes its place.
 * Deterministic, and bounded by a count of checks rather than the clock.
 */
#define EJECT_TIMETABLES 64    /* a cohort's own timetable and 63 others */
#define EJECT_DEPTH 3          /* cohorts moved out of the way, in a chain */
#define EJECT_BUDGET 20000000L /* checks for the whole repair */

struct eject {
	struct bridge *b;
	struct tstate *ts;
	struct planned *pl;
	size_t n, nt;
	long budget;                       /* checks left for this cohort */
	int depth;                         /* levels in this pass */
	size_t chain[EJECT_DEPTH];         /* the cohorts seated above */
	struct tstate spare[EJECT_DEPTH];  /* a teacher's state, per level */
};

/* Cohort p's own timetable, then others that every member may join at
 * the same level (other_timetable's rule), at most cap in all. */
static size_t
timetables(const struct bridge *b, const struct planned *p, uint32_t *out, size_t cap)
{
	size_t k = 0;
	out[k++] = p->pattern;
	if (p->n == 0)
		return k;
	const struct cp_attend_class *c0 = cp_attend_class(b->att, p->m[0].ecls);
	for (size_t e = 0; e < c0->n_eligible && k < cap; e++) {
		uint32_t j = c0->eligible[e].pattern;
		bool all = j != p->pattern && b->first_cand[j] != NONE;
		for (size_t mi = 0; mi < p->n && all; mi++)
			all = class_keeps_level(cp_attend_class(b->att, p->m[mi].ecls), p->pattern, j);
		if (all)
			out[k++] = j;
	}
	return k;
}

/* spare := teacher t's state without its q-th pattern; false when out
 * of memory. */
static bool
spare_without(struct eject *e, struct tstate *d, size_t t, size_t q)
{
	struct tstate *src = &e->ts[t];
	d->n = d->ndays = d->nweeks = 0;
	for (size_t i = 0; i < src->n; i++)
		if (i != q && !teacher_take(e->b, d, t, src->pats[i]))
			return false;
	e->budget -= (long)src->n;
	return true;
}

/* Swap the patterns and loads of ts[t] and spare d. */
static void
spare_swap(struct eject *e, struct tstate *d, size_t t)
{
	struct tstate *a = &e->ts[t], tmp = *a;
	a->pats = d->pats, a->n = d->n, a->cap = d->cap;
	a->days = d->days, a->ndays = d->ndays, a->capdays = d->capdays;
	a->weeks = d->weeks, a->nweeks = d->nweeks, a->capweeks = d->capweeks;
	d->pats = tmp.pats, d->n = tmp.n, d->cap = tmp.cap;
	d->days = tmp.days, d->ndays = tmp.ndays, d->capdays = tmp.capdays;
	d->weeks = tmp.weeks, d->nweeks = tmp.nweeks, d->capweeks = tmp.capweeks;
}

/* The cohort teacher t teaches on pattern j (one at most: the same
 * lessons twice never fit), or NONE. */
static size_t
cohort_of(const struct eject *e, size_t t, uint32_t j)
{
	for (size_t i = 0; i < e->n; i++)
		if (e->pl[i].teacher == t && e->pl[i].pattern == j)
			return i;
	return NONE;
}

/* A place for cohort x that fits now: teacher t again on another timetable
 * (t's state without x and with the newcomer is d), or another teacher.
 * Sets *t2, *j2; FIT_NO when there is none. */
static enum fit
rehome(struct eject *e, struct tstate *d, size_t x, size_t t, size_t *t2, uint32_t *j2)
{
	uint32_t pats[EJECT_TIMETABLES];
	size_t np = timetables(e->b, &e->pl[x], pats, EJECT_TIMETABLES);
	for (size_t a = 1; a < np; a++) {
		enum fit f = teacher_fits(e->b, d, t, pats[a]);
		e->budget--;
		if (f != FIT_NO) {
			*t2 = t;
			*j2 = pats[a];
			return f;
		}
	}
	for (size_t u = 0; u < e->nt && e->budget > 0; u++) {
		if (u == t)
			continue;
		for (size_t a = 0; a < np; a++) {
			if (cp_cand_teachable(e->b->cand, u, pats[a], NULL) != CP_TEACH_OK)
				continue;
			enum fit f = teacher_fits(e->b, &e->ts[u], u, pats[a]);
			e->budget--;
			if (f != FIT_NO) {
				*t2 = u;
				*j2 = pats[a];
				return f;
			}
		}
	}
	return FIT_NO;
}

/* Cohort p now has teacher t on pattern j (counted as moved when that is
 * another group's teacher or another timetable). */
static void
seat(struct bridge *b, struct planned *p, size_t t, uint32_t j)
{
	b->moved_cohorts += b->group_of[t] != p->group || j != p->pattern;
	p->teacher = t;
	p->pattern = j;
}

static bool
in_chain(const struct eject *e, int level, size_t x)
{
	for (int i = 0; i < level; i++)
		if (e->chain[i] == x)
			return true;
	return false;
}

/*
 * Seat cohort c (no teacher) by moving one cohort x out of the way: c
 * takes teacher t on timetable j (its own or another) where only x
 * stands in the way, and x goes to another timetable with t or to another
 * teacher, directly or, below the last level, by moving one more cohort
 * in turn. FIT_YES when c has a teacher; nothing changes on FIT_NO.
 */
static enum fit
eject_at(struct eject *e, size_t c, int level)
{
	if (level >= EJECT_DEPTH)
		return FIT_NO;
	struct tstate *d = &e->spare[level];
	uint32_t pats[EJECT_TIMETABLES];
	size_t np = timetables(e->b, &e->pl[c], pats, EJECT_TIMETABLES);
	e->chain[level] = c;
	for (size_t t = 0; t < e->nt && e->budget > 0; t++)
		for (size_t a = 0; a < np && e->budget > 0; a++) {
			uint32_t j = pats[a];
			if (cp_cand_teachable(e->b->cand, t, j, NULL) != CP_TEACH_OK)
				continue;
			for (size_t q = 0; q < e->ts[t].n && e->budget > 0; q++) {
				size_t x = cohort_of(e, t, e->ts[t].pats[q]), t2;
				uint32_t j2;
				if (x == NONE || in_chain(e, level, x) || was_teacher(e->b, &e->pl[x], t))
					continue; /* taught before: stays */
				if (!spare_without(e, d, t, q))
					return FIT_NOMEM;
				enum fit f = teacher_fits(e->b, d, t, j);
				e->budget--;
				if (f != FIT_YES)
					continue;
				if (!teacher_take(e->b, d, t, j))
					return FIT_NOMEM;
				f = rehome(e, d, x, t, &t2, &j2);
				if (f == FIT_NOMEM)
					return f;
				if (f == FIT_YES) {
					if (!(t2 == t ? teacher_take(e->b, d, t, j2)
						      : teacher_take(e->b, &e->ts[t2], t2, j2)))
						return FIT_NOMEM;
					spare_swap(e, d, t);
					seat(e->b, &e->pl[x], t2, j2);
					seat(e->b, &e->pl[c], t, j);
					return FIT_YES;
				}
				if (level + 1 >= e->depth)
					continue;
				/* c in with t, x out; x finds a place one level down,
				 * or both go back */
				struct planned keep_x = e->pl[x], keep_c = e->pl[c];
				spare_swap(e, d, t);
				e->pl[x].teacher = NONE;
				e->pl[c].teacher = t; /* as ts[t] has it, for cohort_of */
				e->pl[c].pattern = j;
				f = eject_at(e, x, level + 1);
				e->pl[c] = keep_c;
				if (f == FIT_YES) {
					seat(e->b, &e->pl[c], t, j);
					return FIT_YES;
				}
				spare_swap(e, d, t);
				e->pl[x] = keep_x;
				if (f == FIT_NOMEM)
					return f;
			}
		}
	return FIT_NO;
}

/* Seat what moving cohorts out of the way can of the cohorts still
 * without a teacher; false when out of memory. One move deep first, for
 * every cohort, then two: a chain search for one cohort can use up any
 * budget, so each try gets a share of it. */
#define EJECT_TRY (EJECT_BUDGET / 20)

bool
eject_repair(struct bridge *b, struct tstate *ts, struct planned *pl, size_t n, size_t nt)
{
	struct eject e = { .b = b, .ts = ts, .pl = pl, .n = n, .nt = nt };
	long left = EJECT_BUDGET;
	bool ok = true;
	for (e.depth = 1; e.depth <= EJECT_DEPTH && ok && left > 0; e.depth++) {
		/* a move can open the way for a cohort tried before: again
		 * until a pass seats nobody */
		bool seated = true;
		while (ok && seated && left > 0) {
			seated = false;
			for (size_t c = 0; c < n && ok && left > 0; c++) {
				if (pl[c].teacher != NONE || pl[c].n == 0)
					continue;
				e.budget = left < EJECT_TRY ? left : EJECT_TRY;
				long had = e.budget;
				enum fit f = eject_at(&e, c, 0);
				left -= had - e.budget;
				ok = f != FIT_NOMEM;
				seated |= f == FIT_YES;
			}
		}
	}
	for (int i = 0; i < EJECT_DEPTH; i++) {
		free(e.spare[i].pats);
		free(e.spare[i].days);
		free(e.spare[i].weeks);
	}
	return ok;
}

