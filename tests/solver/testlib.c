/*
 * Test helpers: independent of the solver's internals on purpose. The
 * objective and feasibility here follow docs/solver.md's definitions, and
 * cohort splits are found by plain search, not by the parity rows the
 * solver uses, so the tests check the derivation as well as the code.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testlib.h"

double tl_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

uint64_t tl_next(uint64_t *s)
{
	uint64_t x = (*s += 0x9e3779b97f4a7c15ULL);
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

long tl_range(uint64_t *s, long lo, long hi)
{
	return lo + (long)(tl_next(s) % (uint64_t)(hi - lo + 1));
}

double tl_unit(uint64_t *s)
{
	return (double)(tl_next(s) >> 11) * (1.0 / 9007199254740992.0);
}

void tp_random(struct tp *t, uint64_t seed)
{
	uint64_t s = seed * 7919 + 17;

	memset(t, 0, sizeof *t);
	t->target = tl_range(&s, 0, 1) ? 0.8 : 0.5;
	t->w.margin = 0.4;
	t->w.edge = 0.3;
	t->w.preference = 0.1;
	t->w.profile = 0.2;
	t->nc = (int)tl_range(&s, 1, 4);
	t->nk = (int)tl_range(&s, 1, 3);
	if (tl_range(&s, 0, 9) == 0)
		t->nc = 5;
	if (seed % 25 == 0)
		t->nc = 0; /* degenerate cases stay in the mix */
	if (seed % 25 == 1)
		t->nk = 0;
	for (int c = 0; c < t->nc; c++) {
		struct cp_solver_class *cl = &t->cls[c];
		cl->count = tl_range(&s, 0, 9) == 0 ? 0 : tl_range(&s, 1, 3);
		cl->unit_size = tl_range(&s, 0, 3) == 0 ? 2 : 1;
		cl->language = tl_range(&s, 0, 9) == 0 ? 1 : 0;
		cl->profile = (int)tl_range(&s, 0, 2);
	}
	for (int k = 0; k < t->nk; k++) {
		struct cp_solver_candidate *ca = &t->cand[k];
		ca->language = tl_range(&s, 0, 9) == 0 ? 1 : 0;
		ca->profile = tl_range(&s, 0, 4) == 0 ? (int)tl_range(&s, 0, 2) : -1;
		ca->min_size = tl_range(&s, 1, 4);
		ca->max_size = ca->min_size + tl_range(&s, 0, 3);
		ca->max_open = tl_range(&s, 0, 9) == 0 ? 0 : tl_range(&s, 1, 2);
	}
	for (int c = 0; c < t->nc; c++)
		for (int k = 0; k < t->nk; k++) {
			const struct cp_solver_class *cl = &t->cls[c];
			const struct cp_solver_candidate *ca = &t->cand[k];
			if (cl->language != ca->language)
				continue;
			if (ca->profile >= 0 && ca->profile != cl->profile)
				continue;
			if (tl_range(&s, 0, 9) < 3)
				continue;
			t->elig[c][k] = true;
			t->e[c][k].share = t->target +
				(1 - t->target) * (double)tl_range(&s, 0, 4) / 4;
			t->e[c][k].edge = (double)tl_range(&s, 0, 2) / 2;
			t->e[c][k].preference = (double)tl_range(&s, 0, 2) / 2;
		}
	/* Members below the target, from a stream of its own so that the
	 * problems above stay what they were: in every other problem, about
	 * a third of the eligibilities (and of couples, one or both heads)
	 * fall short of the target, with a share below it. */
	{
		uint64_t s2 = seed * 104729 + 3;
		if (tl_range(&s2, 0, 1))
			for (int c = 0; c < t->nc; c++)
				for (int k = 0; k < t->nk; k++) {
					if (!t->elig[c][k] || tl_range(&s2, 0, 2))
						continue;
					t->e[c][k].below = t->cls[c].unit_size == 2
						? (int)tl_range(&s2, 1, 2) : 1;
					t->e[c][k].share = t->target *
						(double)tl_range(&s2, 1, 4) / 5;
				}
	}
	t->nr = (int)tl_range(&s, 0, 2);
	for (int r = 0; r < t->nr; r++) {
		t->bound[r] = (double)tl_range(&s, 0, 3);
		for (int k = 0; k < t->nk; k++)
			if (tl_range(&s, 0, 1))
				t->coef[r][k] = (double)tl_range(&s, 1, 2);
	}
	/* separations between single people */
	for (int a = 0; a < t->nc && t->ns < TP_MAXS; a++)
		for (int b = a + 1; b < t->nc && t->ns < TP_MAXS; b++)
			if (t->cls[a].count == 1 && t->cls[a].unit_size == 1 &&
			    t->cls[b].count == 1 && t->cls[b].unit_size == 1 &&
			    tl_range(&s, 0, 2) == 0) {
				t->sep[t->ns][0] = a;
				t->sep[t->ns][1] = b;
				t->ns++;
			}
}

struct cp_solver_problem *tp_build(const struct tp *t)
{
	struct cp_solver_problem *p = cp_solver_problem_create();
	bool ok = p != NULL;

	ok = ok && cp_solver_problem_set_target(p, t->target, NULL) == CP_SOLVER_OK;
	for (int c = 0; ok && c < t->nc; c++)
		ok = cp_solver_problem_add_class(p, &t->cls[c], NULL, NULL) ==
			CP_SOLVER_OK;
	for (int k = 0; ok && k < t->nk; k++)
		ok = cp_solver_problem_add_candidate(p, &t->cand[k], NULL, NULL) ==
			CP_SOLVER_OK;
	/* add in a scrambled order: the solver must not depend on it */
	for (int k = t->nk - 1; ok && k >= 0; k--)
		for (int c = 0; ok && c < t->nc; c++)
			if (t->elig[c][k])
				ok = cp_solver_problem_add_eligibility(p, (size_t)c,
						(size_t)k, &t->e[c][k], NULL) ==
					CP_SOLVER_OK;
	for (int r = 0; ok && r < t->nr; r++) {
		ok = cp_solver_problem_add_row(p, "row", t->bound[r], NULL, NULL) ==
			CP_SOLVER_OK;
		for (int k = 0; ok && k < t->nk; k++)
			if (t->coef[r][k] != 0)
				ok = cp_solver_problem_set_coef(p, (size_t)r,
						(size_t)k, t->coef[r][k], NULL) ==
					CP_SOLVER_OK;
	}
	for (int s = 0; ok && s < t->ns; s++)
		ok = cp_solver_problem_add_separation(p, (size_t)t->sep[s][0],
				(size_t)t->sep[s][1], NULL) == CP_SOLVER_OK;
	if (!ok) {
		cp_solver_problem_destroy(p);
		return NULL;
	}
	return p;
}

static long total_heads(const struct tp *t)
{
	long h = 0;
	for (int c = 0; c < t->nc; c++)
		h += t->cls[c].count * t->cls[c].unit_size;
	return h;
}

/* Heads of classes with at least one eligibility below the target. */
static long below_heads(const struct tp *t)
{
	long h = 0;
	for (int c = 0; c < t->nc; c++) {
		bool any = false;
		for (int k = 0; k < t->nk; k++)
			any = any || (t->elig[c][k] && t->e[c][k].below > 0);
		if (any)
			h += t->cls[c].count * t->cls[c].unit_size;
	}
	return h;
}

double tp_objective(const struct tp *t, const struct tp_plan *pl)
{
	/* docs/solver.md: reaching heads + beta * heads below the target +
	 * sigma * secondary, beta = 1 / (2 Hb + 1), sigma = beta / (2 H + 1) */
	double beta = 1.0 / (2.0 * (double)below_heads(t) + 1.0);
	double scale = beta / (2.0 * (double)total_heads(t) + 1.0);
	double obj = 0;

	for (int c = 0; c < t->nc; c++)
		for (int k = 0; k < t->nk; k++) {
			double margin, sec;
			int below = t->e[c][k].below;
			if (!t->elig[c][k] || pl->x[c][k] == 0)
				continue;
			if (below == 0) {
				margin = (t->e[c][k].share - t->target) /
					(1 - t->target);
				if (margin < 0)
					margin = 0;
				if (margin > 1)
					margin = 1;
			} else {
				margin = (t->e[c][k].share - t->target) / t->target;
				if (margin < -1)
					margin = -1;
				if (margin > 0)
					margin = 0;
			}
			sec = t->w.margin * margin +
				t->w.preference * t->e[c][k].preference -
				t->w.edge * t->e[c][k].edge;
			obj += (double)pl->x[c][k] *
				((double)(t->cls[c].unit_size - below) +
				 beta * (double)below);
			obj += (double)(pl->x[c][k] * t->cls[c].unit_size) *
				scale * sec;
		}
	/* profile term: extra profiles per cohort, at its cheapest */
	for (int k = 0; k < t->nk; k++) {
		long per[3] = { 0, 0, 0 }, sumz = 0, extra;
		for (int c = 0; c < t->nc; c++)
			per[t->cls[c].profile] += pl->x[c][k] * t->cls[c].unit_size;
		for (int q = 0; q < 3; q++)
			sumz += (per[q] + t->cand[k].max_size - 1) /
				t->cand[k].max_size;
		extra = (sumz > pl->y[k] ? sumz : pl->y[k]) - pl->y[k];
		obj -= scale * t->w.profile * (double)extra;
	}
	return obj;
}

/* Can P couples and S singles fill y cohorts each in [L, U]? */
static bool splittable(long P, long S, long y, long L, long U)
{
	if (y == 0)
		return P == 0 && S == 0;
	for (long p = 0; p <= P && 2 * p <= U; p++) {
		for (long s = 0; s <= S && 2 * p + s <= U; s++) {
			if (2 * p + s < L)
				continue;
			if (splittable(P - p, S - s, y - 1, L, U))
				return true;
		}
	}
	return false;
}

bool tp_feasible(const struct tp *t, const struct tp_plan *pl)
{
	for (int c = 0; c < t->nc; c++) {
		long sum = 0;
		for (int k = 0; k < t->nk; k++) {
			if (pl->x[c][k] < 0 || (!t->elig[c][k] && pl->x[c][k]))
				return false;
			sum += pl->x[c][k];
		}
		if (sum > t->cls[c].count)
			return false;
	}
	for (int k = 0; k < t->nk; k++) {
		long P = 0, S = 0;
		if (pl->y[k] < 0 || pl->y[k] > t->cand[k].max_open)
			return false;
		for (int c = 0; c < t->nc; c++) {
			if (t->cls[c].unit_size == 2)
				P += pl->x[c][k];
			else
				S += pl->x[c][k];
		}
		if (!splittable(P, S, pl->y[k], t->cand[k].min_size,
				t->cand[k].max_size))
			return false;
	}
	for (int r = 0; r < t->nr; r++) {
		double act = 0;
		for (int k = 0; k < t->nk; k++)
			act += t->coef[r][k] * (double)pl->y[k];
		if (act > t->bound[r] + 1e-9)
			return false;
	}
	for (int s = 0; s < t->ns; s++)
		for (int k = 0; k < t->nk; k++)
			if (pl->x[t->sep[s][0]][k] + pl->x[t->sep[s][1]][k] > 1)
				return false;
	return true;
}

struct bf {
	const struct tp *t;
	struct tp_plan pl;
	double best;
	long nplans, maxheads;
	long best_reach, best_below; /* lexicographic best (reach, below) */
	long below_at[64];           /* most below-target heads per reach */
	int focus;                   /* a class, or -1 */
	long fmax, fothers, freach;  /* its most units; then the most heads
	                              * of the others reaching the target,
	                              * and of all */
};

static void bf_x(struct bf *b, int idx)
{
	const struct tp *t = b->t;
	int c, k;

	if (idx == t->nc * t->nk) {
		if (tp_feasible(t, &b->pl)) {
			double o = tp_objective(t, &b->pl);
			long h = 0, reach = 0;
			for (int d = 0; d < t->nc; d++)
				for (int j = 0; j < t->nk; j++) {
					h += b->pl.x[d][j] * t->cls[d].unit_size;
					reach += b->pl.x[d][j] *
						(t->cls[d].unit_size -
						 t->e[d][j].below);
				}
			if (h > b->maxheads)
				b->maxheads = h;
			if (reach < 64 && h - reach > b->below_at[reach])
				b->below_at[reach] = h - reach;
			if (b->focus >= 0) {
				long u = 0, own = 0;
				for (int j = 0; j < t->nk; j++) {
					u += b->pl.x[b->focus][j];
					own += b->pl.x[b->focus][j] *
						(t->cls[b->focus].unit_size -
						 t->e[b->focus][j].below);
				}
				if (u > b->fmax) {
					b->fmax = u;
					b->fothers = reach - own;
					b->freach = reach;
				} else if (u == b->fmax) {
					if (reach - own > b->fothers)
						b->fothers = reach - own;
					if (reach > b->freach)
						b->freach = reach;
				}
			}
			if (reach > b->best_reach ||
			    (reach == b->best_reach && h - reach > b->best_below)) {
				b->best_reach = reach;
				b->best_below = h - reach;
			}
			b->nplans++;
			if (o > b->best)
				b->best = o;
		}
		return;
	}
	c = idx / t->nk;
	k = idx % t->nk;
	if (!t->elig[c][k] || b->pl.y[k] == 0) {
		b->pl.x[c][k] = 0;
		bf_x(b, idx + 1);
		return;
	}
	for (long v = 0; v <= t->cls[c].count; v++) {
		long used = 0, heads = 0;
		for (int j = 0; j < k; j++)
			used += b->pl.x[c][j];
		if (used + v > t->cls[c].count)
			break;
		b->pl.x[c][k] = v;
		for (int d = 0; d <= c; d++)
			heads += b->pl.x[d][k] * t->cls[d].unit_size;
		if (heads > t->cand[k].max_size * b->pl.y[k])
			break; /* more only makes it worse */
		bf_x(b, idx + 1);
	}
	b->pl.x[c][k] = 0;
}

static void bf_y(struct bf *b, int k)
{
	if (k >= b->t->nk || k >= TP_MAXK) { /* the second test is for -O3's bounds check */
		bf_x(b, 0);
		return;
	}
	for (long v = 0; v <= b->t->cand[k].max_open; v++) {
		b->pl.y[k] = v;
		bf_y(b, k + 1);
	}
	b->pl.y[k] = 0;
}

double tp_brute_force(const struct tp *t, long *nplans, long *maxheads)
{
	return tp_brute_force_lex(t, nplans, maxheads, NULL, NULL);
}

void tp_brute_force_focus(const struct tp *t, int c, long *units,
		long *others, long *reach)
{
	static struct bf b;
	memset(&b, 0, sizeof b);
	b.t = t;
	b.best = -1e300;
	b.focus = c;
	for (int i = 0; i < 64; i++)
		b.below_at[i] = -1;
	bf_y(&b, 0);
	*units = b.fmax;
	*others = b.fothers;
	*reach = b.freach;
}

long tp_brute_force_below(const struct tp *t, long reach)
{
	static struct bf b;
	memset(&b, 0, sizeof b);
	b.focus = -1;
	b.t = t;
	b.best = -1e300;
	for (int i = 0; i < 64; i++)
		b.below_at[i] = -1;
	bf_y(&b, 0);
	return reach >= 0 && reach < 64 ? b.below_at[reach] : -1;
}

double tp_brute_force_lex(const struct tp *t, long *nplans, long *maxheads,
		long *reach, long *below)
{
	struct bf b;
	memset(&b, 0, sizeof b);
	b.t = t;
	b.focus = -1;
	b.best = -1e300;
	for (int i = 0; i < 64; i++)
		b.below_at[i] = -1;
	bf_y(&b, 0);
	if (nplans)
		*nplans = b.nplans;
	if (maxheads)
		*maxheads = b.maxheads;
	if (reach)
		*reach = b.best_reach;
	if (below)
		*below = b.best_below;
	return b.best;
}

void tp_from_result(const struct tp *t, const struct cp_solver_result *r,
		struct tp_plan *pl)
{
	memset(pl, 0, sizeof *pl);
	for (int c = 0; c < t->nc; c++)
		for (int k = 0; k < t->nk; k++)
			pl->x[c][k] = cp_solver_result_assigned(r, (size_t)c,
					(size_t)k);
	for (int k = 0; k < t->nk; k++)
		pl->y[k] = cp_solver_result_opened(r, (size_t)k);
}

bool tl_check_result(const struct cp_solver_problem *p,
		const struct cp_solver_class *cls,
		const struct cp_solver_candidate *cand,
		const struct cp_solver_result *r, char *why, size_t whylen)
{
	size_t nc = cp_solver_problem_class_count(p);
	size_t nk = cp_solver_problem_candidate_count(p);
	size_t nr = cp_solver_problem_row_count(p);
	size_t nco = cp_solver_result_cohort_count(r);
	long *opened = calloc(nk ? nk : 1, sizeof *opened);
	long *sum = calloc(nc * (nk ? nk : 1) + 1, sizeof *sum);
	long placed = 0;
	bool ok = false;

#define FAIL(...) do { if (why) snprintf(why, whylen, __VA_ARGS__); \
		goto out; } while (0)
	if (!opened || !sum)
		FAIL("out of memory in the test");
	for (size_t i = 0; i < nco; i++) {
		const struct cp_solver_cohort *co = cp_solver_result_cohort(r, i);
		long heads = 0;
		if (co->candidate >= nk)
			FAIL("cohort %zu: candidate %zu out of range", i,
					co->candidate);
		if (i > 0 && cp_solver_result_cohort(r, i - 1)->candidate >
		    co->candidate)
			FAIL("cohorts not ordered by candidate");
		opened[co->candidate]++;
		for (size_t j = 0; j < co->nmembers; j++) {
			const struct cp_solver_member *mb = &co->members[j];
			if (mb->cls >= nc || mb->units <= 0)
				FAIL("cohort %zu: bad member", i);
			heads += mb->units * cls[mb->cls].unit_size;
			sum[mb->cls * nk + co->candidate] += mb->units;
		}
		if (heads != co->heads)
			FAIL("cohort %zu: heads %ld, members say %ld", i,
					co->heads, heads);
		if (heads < cand[co->candidate].min_size ||
		    heads > cand[co->candidate].max_size)
			FAIL("cohort %zu: %ld heads outside [%ld, %ld]", i, heads,
					cand[co->candidate].min_size,
					cand[co->candidate].max_size);
	}
	for (size_t k = 0; k < nk; k++) {
		if (opened[k] != cp_solver_result_opened(r, k))
			FAIL("candidate %zu: %ld cohorts, opened says %ld", k,
					opened[k], cp_solver_result_opened(r, k));
		if (opened[k] > cand[k].max_open)
			FAIL("candidate %zu: above max_open", k);
	}
	for (size_t c = 0; c < nc; c++) {
		long tot = 0;
		for (size_t k = 0; k < nk; k++) {
			if (sum[c * nk + k] != cp_solver_result_assigned(r, c, k))
				FAIL("class %zu candidate %zu: cohorts hold %ld, assigned says %ld",
						c, k, sum[c * nk + k],
						cp_solver_result_assigned(r, c, k));
			tot += sum[c * nk + k];
		}
		if (tot > cls[c].count)
			FAIL("class %zu: %ld units placed of %ld", c, tot,
					cls[c].count);
		if (tot != cp_solver_result_class_placed(r, c))
			FAIL("class %zu: class_placed disagrees", c);
		placed += tot * cls[c].unit_size;
		{
			struct cp_solver_explanation e;
			if (!cp_solver_result_explain(r, c, &e))
				FAIL("class %zu: no explanation", c);
			if (e.unplaced != cls[c].count - tot)
				FAIL("class %zu: explanation unplaced %ld", c,
						e.unplaced);
			if ((e.unplaced == 0) != (e.reason == CP_SOLVER_REASON_NONE))
				FAIL("class %zu: reason %s with %ld unplaced", c,
						cp_solver_reason_to_str(e.reason),
						e.unplaced);
		}
	}
	if (placed != cp_solver_result_placed(r))
		FAIL("placed %ld, result says %ld", placed,
				cp_solver_result_placed(r));
	if (cp_solver_result_placed_bound(r) < placed)
		FAIL("placed bound below placed");
	if (cp_solver_result_reaching(r) > placed ||
	    cp_solver_result_reaching(r) < 0)
		FAIL("reaching %ld of %ld placed", cp_solver_result_reaching(r),
				placed);
	if (cp_solver_result_reaching_bound(r) < cp_solver_result_reaching(r))
		FAIL("reaching bound below reaching");
	for (size_t row = 0; row < nr; row++)
		if (cp_solver_result_row_slack(r, row) < -1e-9)
			FAIL("row %zu: negative slack", row);
	if (cp_solver_result_bound(r) < cp_solver_result_objective(r) - 1e-9)
		FAIL("bound %.9g below objective %.9g", cp_solver_result_bound(r),
				cp_solver_result_objective(r));
	if (!(cp_solver_result_gap(r) >= 0))
		FAIL("gap %g", cp_solver_result_gap(r));
	ok = true;
#undef FAIL
out:
	free(opened);
	free(sum);
	return ok;
}

/*
 * Synthetic problems. Candidates are (band, teacher group) pairs; a class
 * is eligible for the candidates of its language in the bands it can
 * attend. Teacher groups hold 1..3 interchangeable teachers (max_open), and
 * each group has a clash row per band pair that overlaps and a weekly hours
 * row, as the engine would produce.
 */
struct cp_solver_problem *tl_generate(const struct tl_gen *g,
		struct cp_solver_class *cls_out, struct cp_solver_candidate *cand_out)
{
	uint64_t s = g->seed * 104729 + 3;
	struct cp_solver_problem *p = cp_solver_problem_create();
	int *cband = NULL, *cteach = NULL, *tcount = NULL;
	bool ok = p != NULL;

	cband = malloc((size_t)g->candidates * sizeof *cband);
	cteach = malloc((size_t)g->candidates * sizeof *cteach);
	tcount = malloc((size_t)g->teachers * sizeof *tcount);
	if (!cband || !cteach || !tcount)
		ok = false;
	for (int t = 0; ok && t < g->teachers; t++)
		tcount[t] = (int)tl_range(&s, 1, 3);
	for (long k = 0; ok && k < g->candidates; k++) {
		struct cp_solver_candidate c;
		cband[k] = (int)tl_range(&s, 0, g->bands - 1);
		cteach[k] = (int)tl_range(&s, 0, g->teachers - 1);
		c.language = (int)(cteach[k] % g->languages);
		c.profile = -1;
		c.min_size = tl_range(&s, 0, 1) ? 7 : 5;
		c.max_size = tl_range(&s, 0, 1) ? 14 : 25;
		c.max_open = tcount[cteach[k]];
		if (cand_out)
			cand_out[k] = c;
		ok = cp_solver_problem_add_candidate(p, &c, NULL, NULL) ==
			CP_SOLVER_OK;
	}
	for (long i = 0; ok && i < g->classes; i++) {
		struct cp_solver_class c;
		uint64_t mask = 0;
		size_t idx;
		c.unit_size = tl_range(&s, 0, 9) == 0 ? 2 : 1;
		c.count = tl_range(&s, 1, tl_range(&s, 0, 3) == 0 ? 12 : 4);
		c.language = (int)tl_range(&s, 0, g->languages - 1);
		c.profile = (int)tl_range(&s, 0, 2);
		for (int b = 0; b < g->bands && b < 64; b++)
			if (tl_unit(&s) < g->avail)
				mask |= 1ULL << b;
		if (cls_out)
			cls_out[i] = c;
		ok = cp_solver_problem_add_class(p, &c, &idx, NULL) == CP_SOLVER_OK;
		for (long k = 0; ok && k < g->candidates; k++) {
			struct cp_solver_eligibility e = { 0 };
			if ((int)(cteach[k] % g->languages) != c.language ||
			    !(mask >> cband[k] & 1))
				continue;
			e.share = 0.8 + 0.2 * (double)tl_range(&s, 0, 10) / 10;
			e.edge = (double)tl_range(&s, 0, 4) / 4;
			e.preference = 0;
			ok = cp_solver_problem_add_eligibility(p, idx, (size_t)k,
					&e, NULL) == CP_SOLVER_OK;
		}
	}
	/* per teacher group: clash rows (adjacent bands overlap) and hours */
	for (int t = 0; ok && t < g->teachers; t++) {
		size_t row;
		for (int b = 0; ok && b + 1 < g->bands; b += 2) {
			bool any = false;
			for (long k = 0; k < g->candidates; k++)
				if (cteach[k] == t && (cband[k] == b || cband[k] == b + 1))
					any = true;
			if (!any)
				continue;
			ok = cp_solver_problem_add_row(p, "clash", tcount[t], &row,
					NULL) == CP_SOLVER_OK;
			for (long k = 0; ok && k < g->candidates; k++)
				if (cteach[k] == t &&
				    (cband[k] == b || cband[k] == b + 1))
					ok = cp_solver_problem_set_coef(p, row,
							(size_t)k, 1, NULL) ==
						CP_SOLVER_OK;
		}
		if (!ok)
			break;
		ok = cp_solver_problem_add_row(p, "hours", 12.0 * tcount[t], &row,
				NULL) == CP_SOLVER_OK;
		for (long k = 0; ok && k < g->candidates; k++)
			if (cteach[k] == t)
				ok = cp_solver_problem_set_coef(p, row, (size_t)k,
						4.5, NULL) == CP_SOLVER_OK;
	}
	free(cband);
	free(cteach);
	free(tcount);
	if (!ok) {
		cp_solver_problem_destroy(p);
		return NULL;
	}
	return p;
}

long tl_cases(int argc, char **argv, long dflt, uint64_t *first)
{
	*first = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
	return argc > 1 ? atol(argv[1]) : dflt;
}

void tl_case_init(struct tl_case *c, struct cp_solver_problem *p,
		const char *tagfmt, ...)
{
	va_list ap;
	*c = (struct tl_case){ .p = p };
	va_start(ap, tagfmt);
	vsnprintf(c->tag, sizeof c->tag, tagfmt, ap);
	va_end(ap);
}

void tl_bad(struct tl_case *c, const char *fmt, ...)
{
	va_list ap;
	printf("%s: ", c->tag);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	c->failures++;
}

bool tl_case_solve(struct tl_case *c, const struct cp_solver_options *o)
{
	struct cp_solver_error err;
	if (cp_solver_solve(c->p, o, &c->r, &err) == CP_SOLVER_OK)
		return true;
	c->r = NULL; /* not set on failure */
	tl_bad(c, "%s", err.message);
	return false;
}

int tl_case_finish(struct tl_case *c)
{
	cp_solver_result_destroy(c->r);
	cp_solver_problem_destroy(c->p);
	return c->failures;
}
