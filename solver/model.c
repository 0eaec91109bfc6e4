/*
 * The compiled model: pairs sorted and indexed both ways, rows as sparse
 * matrices, objective coefficients, and the exact feasibility test that
 * every plan passes before it is returned or offered to GLPK.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver-private.h"
#include "cp_util.h"

/* Models up to this many pairs get the strong links whatever the option
 * says. Measured (generated 100 people; release build): 12,810 pairs in 12
 * zones, proven optimal in 2.6 s with them instead of a 0.8% gap after 28 s
 * without; 26,000 pairs in 3 zones, the LP alone takes 10-16 s with them
 * (1,600 simplex iterations without, 13,000 with). */
#define STRONG_LINKS_AUTO_PAIRS 15000

/* Above STRONG_LINKS_AUTO_PAIRS and below this many pairs the strong links
 * stay on and the root LP is solved by column generation (when allowed:
 * colgen_pairs > 0), whose restricted LPs carry the links of their own
 * pairs only. Measured (generated realistic 100 people, 60 s, 2 cores):
 * 25,980 pairs in 3 zones, proven optimal in 3.4 s instead of a 1.98% gap
 * after 43 s; 35,424 pairs in 12 zones, LP bound 35.32 after 5.4 s
 * instead of 40.20 ("everyone with a candidate"), proven gap 3.1% instead
 * of 14.9%. From 426,000 pairs (1,000 people in 3 zones) the restricted
 * LPs with links gave no bound within 60 s, hence the ceiling. */
#define STRONG_COLGEN_PAIRS 100000

static int cmp_pair(const void *a, const void *b)
{
	const struct pair_in *x = a, *y = b;
	return x->cls != y->cls ? CP_CMP(x->cls, y->cls) : CP_CMP(x->cand, y->cand);
}

static int cmp_coef(const void *a, const void *b)
{
	const struct coef_in *x = a, *y = b;
	int c = CP_CMP(x->row, y->row);
	if (c == 0)
		c = CP_CMP(x->cand, y->cand);
	return c != 0 ? c : CP_CMP(x->seq, y->seq);
}

/* first[i + 1] holds the count of entry i; make first[i] the start of
 * entry i's run and first[n] the total, as the by-class, by-candidate and
 * by-row tables index them. */
static void starts_from_counts(size_t *first, size_t n)
{
	for (size_t i = 0; i < n; i++)
		first[i + 1] += first[i];
}

void model_finish(struct model *m)
{
	free(m->pc);
	free(m->pk);
	free(m->pub);
	free(m->psec);
	free(m->pobj);
	free(m->cfirst);
	free(m->kfirst);
	free(m->kpairs);
	free(m->rfirst);
	free(m->rcand);
	free(m->rcoef);
	free(m->krfirst);
	free(m->krrow);
	free(m->krcoef);
	free(m->sfirst);
	free(m->sepc);
	free(m->gfirst);
	free(m->gprof);
	free(m->pgroup);
	free(m->pool);
	free(m->couples);
	free(m->flex);
	free(m->pbelow);
	free(m->pelig);
	memset(m, 0, sizeof *m);
}

static bool weights_valid(const struct cp_solver_weights *w)
{
	double v[4] = { w->margin, w->edge, w->preference, w->profile };
	double sum = 0;
	for (int i = 0; i < 4; i++) {
		if (!(v[i] >= 0.0) || !isfinite(v[i]))
			return false;
		sum += v[i];
	}
	return sum <= 1.0 + 1e-12;
}

/* calloc that never asks for 0 bytes, so NULL always means no memory */
static void *zalloc(size_t n, size_t sz)
{
	return calloc(n > 0 ? n : 1, sz);
}

#define ALLOC(ptr, n) ((ptr) = zalloc((n), sizeof *(ptr)))

/* The weight of a head below the target and the scale of the secondary
 * terms; INVALID (with err) when a pair's heads below are out of range.
 * fill[nk + c] marks classes with heads below. */
static enum cp_solver_status head_weights(struct model *m, const struct cp_solver_problem *p,
		size_t *fill, struct cp_solver_error *err)
{
	/* Heads below the target: each is worth beta = 1 / (2 Hb + 1), so that
	 * all of them together stay below half a head reaching the target, and
	 * the secondary scale shrinks by beta so that it stays below half a
	 * head below the target. Without any, beta = 1 and the scale is the
	 * one of a plain "placed" objective. fill[nk + c] marks classes. */
	for (size_t i = 0; i < m->np; i++) {
		const struct pair_in *q = &p->pairs[i];
		if (q->e.below < 0 || q->e.below > p->cls[q->cls].unit_size) {
			return solver_fail(err, CP_SOLVER_ERR_INVALID,
					"%d heads below the target of class %zu in candidate %zu: not in [0, %d]",
					q->e.below, q->cls, q->cand,
					p->cls[q->cls].unit_size);
		}
		if (q->e.below > 0)
			fill[m->nk + q->cls] = 1;
	}
	m->hbelow = 0;
	for (size_t c = 0; c < m->nc; c++)
		if (fill[m->nk + c])
			m->hbelow += p->cls[c].count * p->cls[c].unit_size;
	m->below_w = 1.0 / (2.0 * (double)m->hbelow + 1.0);

	/* heads and the scale that makes placement dominate */
	m->heads = 0;
	for (size_t c = 0; c < m->nc; c++)
		m->heads += p->cls[c].count * p->cls[c].unit_size;
	m->scale = m->below_w / (2.0 * (double)m->heads + 1.0);
	if (m->focus != CP_SOLVER_NONE)
		m->focus_w = 2.0 * (double)m->heads + 2.0;

	return CP_SOLVER_OK;
}

/* The pairs, sorted by class and candidate, with their bounds and
 * objective coefficients, and the per-class and per-candidate indexes
 * (pairs and fill: scratch of np and nk entries); INVALID (with err) on a
 * duplicate pair or a share below the target. */
static enum cp_solver_status pair_table(struct model *m, const struct cp_solver_problem *p,
		const struct cp_solver_weights *w, struct pair_in *pairs, size_t *fill,
		struct cp_solver_error *err)
{
	if (m->np)
		memcpy(pairs, p->pairs, m->np * sizeof *pairs);
	qsort(pairs, m->np, sizeof *pairs, cmp_pair);
	for (size_t i = 0; i < m->np; i++) {
		const struct pair_in *q = &pairs[i];
		const struct cp_solver_class *c = &p->cls[q->cls];
		const struct cp_solver_candidate *k = &p->cand[q->cand];
		double margin, sec;
		long cap, ub;

		if (i > 0 && cmp_pair(&pairs[i - 1], q) == 0) {
			return solver_fail(err, CP_SOLVER_ERR_INVALID,
					"class %zu is eligible for candidate %zu twice",
					q->cls, q->cand);
		}
		if (q->e.below == 0 && q->e.share < p->target - 1e-9) {
			return solver_fail(err, CP_SOLVER_ERR_INVALID,
					"share %g of class %zu in candidate %zu is below the target %g",
					q->e.share, q->cls, q->cand, p->target);
		}
		m->pc[i] = q->cls;
		m->pk[i] = q->cand;
		cap = k->max_size / c->unit_size;
		ub = (cap > 0 && k->max_open > c->count / cap) ? c->count
			: cap * k->max_open;
		m->pub[i] = ub < c->count ? ub : c->count;
		if (q->e.below == 0) {
			margin = (q->e.share - p->target) / (1.0 - p->target);
			margin = margin < 0 ? 0 : margin > 1 ? 1 : margin;
		} else {
			/* how far below: -1 at share 0, towards 0 at the target */
			margin = p->target > 0
				? (q->e.share - p->target) / p->target : 0;
			margin = margin < -1 ? -1 : margin > 0 ? 0 : margin;
		}
		sec = w->margin * margin + w->preference * q->e.preference -
			w->edge * q->e.edge;
		m->psec[i] = sec;
		m->pbelow[i] = q->e.below;
		m->pelig[i] = q->e;
		if (q->e.below == 0)
			m->pobj[i] = c->unit_size * (1.0 + m->scale * sec);
		else
			m->pobj[i] = (double)(c->unit_size - q->e.below) +
				(double)q->e.below * m->below_w +
				c->unit_size * m->scale * sec;
		if (q->cls == m->focus)
			m->pobj[i] += m->focus_w;
		m->cfirst[q->cls + 1]++;
		m->kfirst[q->cand + 1]++;
		if (m->pub[i] > 0) {
			m->pool[q->cand] += c->count * c->unit_size;
			m->flex[q->cls]++;
		}
		if (c->unit_size == 2)
			m->couples[q->cand] = true;
	}
	starts_from_counts(m->cfirst, m->nc);
	starts_from_counts(m->kfirst, m->nk);
	for (size_t k = 0; k < m->nk; k++)
		fill[k] = m->kfirst[k];
	for (size_t i = 0; i < m->np; i++)
		m->kpairs[fill[m->pk[i]]++] = i;
	m->placeable = 0;
	for (size_t c = 0; c < m->nc; c++)
		if (m->flex[c] > 0)
			m->placeable += p->cls[c].count * p->cls[c].unit_size;

	return CP_SOLVER_OK;
}

/* The capacity rows by row and by candidate (fill: scratch of nk
 * entries); false when out of memory. */
static bool row_table(struct model *m, const struct cp_solver_problem *p, size_t *fill)
{
	struct coef_in *coefs = NULL;
	size_t ncoef = 0;
	bool ok = false;

	/* rows: the last setting of a (row, candidate) wins; zeros vanish */
	if (!ALLOC(coefs, p->ncoefs) || !ALLOC(m->rfirst, m->nr + 1) ||
	    !ALLOC(m->krfirst, m->nk + 1))
		goto out;
	if (p->ncoefs)
		memcpy(coefs, p->coefs, p->ncoefs * sizeof *coefs);
	qsort(coefs, p->ncoefs, sizeof *coefs, cmp_coef);
	for (size_t i = 0; i < p->ncoefs; i++) {
		if (i + 1 < p->ncoefs && coefs[i + 1].row == coefs[i].row &&
		    coefs[i + 1].cand == coefs[i].cand)
			continue;
		if (coefs[i].coef == 0.0)
			continue;
		coefs[ncoef++] = coefs[i];
	}
	if (!ALLOC(m->rcand, ncoef) || !ALLOC(m->rcoef, ncoef) ||
	    !ALLOC(m->krrow, ncoef) || !ALLOC(m->krcoef, ncoef))
		goto out;
	for (size_t i = 0; i < ncoef; i++) {
		m->rcand[i] = coefs[i].cand;
		m->rcoef[i] = coefs[i].coef;
		m->rfirst[coefs[i].row + 1]++;
		m->krfirst[coefs[i].cand + 1]++;
	}
	starts_from_counts(m->rfirst, m->nr);
	starts_from_counts(m->krfirst, m->nk);
	for (size_t k = 0; k < m->nk; k++)
		fill[k] = m->krfirst[k];
	for (size_t i = 0; i < ncoef; i++) {
		size_t at = fill[coefs[i].cand]++;
		m->krrow[at] = coefs[i].row;
		m->krcoef[at] = coefs[i].coef;
	}

	ok = true;
out:
	free(coefs);
	return ok;
}

/* The separations of each class, both directions (fill: scratch of nc
 * entries); false when out of memory. */
static bool separation_table(struct model *m, const struct cp_solver_problem *p, size_t *fill)
{
	/* separations, both directions */
	if (!ALLOC(m->sfirst, m->nc + 1) || !ALLOC(m->sepc, 2 * p->nseps))
		return false;
	for (size_t i = 0; i < p->nseps; i++) {
		m->sfirst[p->seps[i].a + 1]++;
		m->sfirst[p->seps[i].b + 1]++;
	}
	starts_from_counts(m->sfirst, m->nc);
	for (size_t c = 0; c < m->nc; c++)
		fill[c] = m->sfirst[c];
	for (size_t i = 0; i < p->nseps; i++) {
		m->sepc[fill[p->seps[i].a]++] = p->seps[i].b;
		m->sepc[fill[p->seps[i].b]++] = p->seps[i].a;
	}

	return true;
}

/* Candidates' profile groups (only where a penalty can arise); false
 * when out of memory. */
static bool profile_groups(struct model *m, const struct cp_solver_problem *p,
		const struct cp_solver_weights *w)
{
	/* profile groups: only where a penalty can arise */
	for (size_t i = 0; i < m->np; i++)
		m->pgroup[i] = CP_SOLVER_NONE;
	m->ng = 0;
	if (w->profile > 0) {
		size_t capg = 0;
		for (size_t k = 0; k < m->nk; k++) {
			size_t b = m->kfirst[k], e = m->kfirst[k + 1];
			size_t first = m->ng;
			m->gfirst[k] = first;
			if (p->cand[k].profile >= 0 || e - b < 2)
				continue;
			for (size_t j = b; j < e; j++) {
				size_t pi = m->kpairs[j];
				int prof = p->cls[m->pc[pi]].profile;
				size_t g;
				for (g = first; g < m->ng; g++)
					if (m->gprof[g] == prof)
						break;
				if (g == m->ng) {
					if (!CP_GROW(m->gprof, capg, m->ng + 1, 64))
						return false;
					m->gprof[m->ng++] = prof;
				}
				m->pgroup[pi] = g;
			}
			if (m->ng - first < 2) {
				/* one profile: homogeneous anyway */
				for (size_t j = b; j < e; j++)
					m->pgroup[m->kpairs[j]] = CP_SOLVER_NONE;
				m->ng = first;
			}
		}
		m->gfirst[m->nk] = m->ng;
		m->yobj = m->scale * w->profile;
		m->zobj = -m->scale * w->profile;
	}
	return true;
}

enum cp_solver_status model_init(struct model *m,
		const struct cp_solver_problem *p,
		const struct cp_solver_options *o, struct cp_solver_error *err)
{
	const struct cp_solver_weights *w = &o->weights;
	struct pair_in *pairs = NULL;
	size_t *fill = NULL;
	enum cp_solver_status st = CP_SOLVER_ERR_NOMEM;

	memset(m, 0, sizeof *m);
	m->prob = p;
	m->nc = p->ncls;
	m->nk = p->ncand;
	m->nr = p->nrows;
	m->np = p->npairs;
	/* The strong links make the LP see minimum sizes (docs/solver.md,
	 * "Strong links") at the price of LP time that grows fast with the
	 * model: on by default for small models, and for mid-size ones whose
	 * root LP then goes by column generation. */
	bool colgen_ok = o->colgen_pairs > 0;
	m->strong_links = o->strong_links || m->np <= STRONG_LINKS_AUTO_PAIRS ||
		(colgen_ok && m->np < STRONG_COLGEN_PAIRS);
	m->colgen = colgen_ok && (m->np >= (size_t)o->colgen_pairs ||
			(m->strong_links && m->np > STRONG_LINKS_AUTO_PAIRS));

	if (!weights_valid(w))
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"objective weights must be >= 0 with sum <= 1 (margin %g, edge %g, preference %g, profile %g)",
				w->margin, w->edge, w->preference, w->profile);
	m->focus = o->focus ? o->focus_class : CP_SOLVER_NONE;
	if (o->focus && o->focus_class >= m->nc)
		return solver_fail(err, CP_SOLVER_ERR_RANGE,
				"focus class %zu out of range (%zu classes)",
				o->focus_class, m->nc);
	/* GLPK indexes rows and columns with int; leave room for the
	 * rows and columns derived from pairs (links, separations). */
	if (m->np > INT_MAX / 4 || m->nk > INT_MAX / 8 || m->nr > INT_MAX / 4 ||
	    p->nseps > INT_MAX / 4 || m->nc > INT_MAX / 4)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"problem too large for GLPK (%zu pairs)", m->np);

	if (!ALLOC(pairs, m->np) || !ALLOC(m->pc, m->np) ||
	    !ALLOC(m->pk, m->np) || !ALLOC(m->pub, m->np) ||
	    !ALLOC(m->psec, m->np) || !ALLOC(m->pobj, m->np) ||
	    !ALLOC(m->cfirst, m->nc + 1) || !ALLOC(m->kfirst, m->nk + 1) ||
	    !ALLOC(m->kpairs, m->np) || !ALLOC(m->pool, m->nk) ||
	    !ALLOC(m->couples, m->nk) || !ALLOC(m->flex, m->nc) ||
	    !ALLOC(m->pgroup, m->np) || !ALLOC(m->gfirst, m->nk + 1) ||
	    !ALLOC(fill, m->nk + m->nc + 1) || !ALLOC(m->pbelow, m->np) ||
	    !ALLOC(m->pelig, m->np))
		goto fail;

	st = head_weights(m, p, fill, err);
	if (st == CP_SOLVER_OK)
		st = pair_table(m, p, w, pairs, fill, err);
	if (st != CP_SOLVER_OK)
		goto fail;
	st = CP_SOLVER_ERR_NOMEM;
	if (!row_table(m, p, fill) || !separation_table(m, p, fill) || !profile_groups(m, p, w))
		goto fail;
	free(pairs);
	free(fill);
	return CP_SOLVER_OK;
fail:
	if (st == CP_SOLVER_ERR_NOMEM)
		solver_fail(err, st, "out of memory");
	free(pairs);
	free(fill);
	model_finish(m);
	return st;
}

size_t pair_find(const size_t *cfirst, const size_t *pk, size_t cls,
		size_t cand)
{
	size_t lo = cfirst[cls], hi = cfirst[cls + 1];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pk[mid] < cand)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cfirst[cls + 1] && pk[lo] == cand ? lo : CP_SOLVER_NONE;
}

size_t model_pair(const struct model *m, size_t cls, size_t cand)
{
	if (cls >= m->nc)
		return CP_SOLVER_NONE;
	return pair_find(m->cfirst, m->pk, cls, cand);
}

bool plan_init(struct plan *pl, const struct model *m)
{
	pl->x = calloc(m->np ? m->np : 1, sizeof *pl->x);
	pl->y = calloc(m->nk ? m->nk : 1, sizeof *pl->y);
	if (!pl->x || !pl->y) {
		plan_finish(pl);
		return false;
	}
	return true;
}

void plan_finish(struct plan *pl)
{
	free(pl->x);
	free(pl->y);
	pl->x = NULL;
	pl->y = NULL;
}

void plan_clear(struct plan *pl, const struct model *m)
{
	memset(pl->x, 0, (m->np ? m->np : 1) * sizeof *pl->x);
	memset(pl->y, 0, (m->nk ? m->nk : 1) * sizeof *pl->y);
}

void plan_copy(struct plan *dst, const struct plan *src, const struct model *m)
{
	memcpy(dst->x, src->x, (m->np ? m->np : 1) * sizeof *dst->x);
	memcpy(dst->y, src->y, (m->nk ? m->nk : 1) * sizeof *dst->y);
}

static long ceil_div(long a, long b)
{
	return (a + b - 1) / b;
}

void plan_profile_counts(const struct model *m, const struct plan *pl, long *z)
{
	const struct cp_solver_problem *p = m->prob;

	for (size_t g = 0; g < m->ng; g++)
		z[g] = 0;
	for (size_t i = 0; i < m->np; i++)
		if (m->pgroup[i] != CP_SOLVER_NONE)
			z[m->pgroup[i]] += pl->x[i] * p->cls[m->pc[i]].unit_size;
	for (size_t k = 0; k < m->nk; k++) {
		long sum = 0, deficit;
		for (size_t g = m->gfirst[k]; g < m->gfirst[k + 1]; g++) {
			z[g] = ceil_div(z[g], p->cand[k].max_size);
			sum += z[g];
		}
		/* every opened cohort holds at least one profile */
		deficit = pl->y[k] - sum;
		for (size_t g = m->gfirst[k]; deficit > 0 && g < m->gfirst[k + 1];
		     g++) {
			long add = pl->y[k] - z[g];
			if (add > deficit)
				add = deficit;
			z[g] += add;
			deficit -= add;
		}
	}
}

double plan_objective(const struct model *m, const struct plan *pl)
{
	double obj = 0;
	long *z = NULL;

	for (size_t i = 0; i < m->np; i++)
		obj += m->pobj[i] * (double)pl->x[i];
	if (m->ng == 0)
		return obj;
	for (size_t k = 0; k < m->nk; k++)
		if (m->gfirst[k + 1] > m->gfirst[k])
			obj += m->yobj * (double)pl->y[k];
	z = malloc(m->ng * sizeof *z);
	if (!z) {
		/* Without memory for z, count each group as a full profile
		 * per cohort: a lower value, so a plan is never overrated. */
		for (size_t k = 0; k < m->nk; k++)
			obj += m->zobj * (double)pl->y[k] *
				(double)(m->gfirst[k + 1] - m->gfirst[k]);
		return obj;
	}
	plan_profile_counts(m, pl, z);
	for (size_t g = 0; g < m->ng; g++)
		obj += m->zobj * (double)z[g];
	free(z);
	return obj;
}

long plan_placed(const struct model *m, const struct plan *pl)
{
	long placed = 0;
	for (size_t i = 0; i < m->np; i++)
		placed += pl->x[i] * m->prob->cls[m->pc[i]].unit_size;
	return placed;
}

long plan_reaching(const struct model *m, const struct plan *pl)
{
	long reaching = 0;
	for (size_t i = 0; i < m->np; i++)
		reaching += pl->x[i] *
			(m->prob->cls[m->pc[i]].unit_size - m->pbelow[i]);
	return reaching;
}

bool plan_feasible(const struct model *m, const struct plan *pl)
{
	const struct cp_solver_problem *p = m->prob;

	for (size_t k = 0; k < m->nk; k++)
		if (pl->y[k] < 0 || pl->y[k] > p->cand[k].max_open)
			return false;
	for (size_t c = 0; c < m->nc; c++) {
		long sum = 0;
		for (size_t i = m->cfirst[c]; i < m->cfirst[c + 1]; i++) {
			if (pl->x[i] < 0 || pl->x[i] > m->pub[i])
				return false;
			sum += pl->x[i];
		}
		if (sum > p->cls[c].count)
			return false;
	}
	for (size_t k = 0; k < m->nk; k++) {
		const struct cp_solver_candidate *kk = &p->cand[k];
		long heads = 0, couples = 0, units = 0, y = pl->y[k];
		for (size_t j = m->kfirst[k]; j < m->kfirst[k + 1]; j++) {
			size_t i = m->kpairs[j];
			const struct cp_solver_class *c = &p->cls[m->pc[i]];
			long cap = kk->max_size / c->unit_size;
			long link = c->count < cap ? c->count : cap;
			if (pl->x[i] > link * y)
				return false; /* implied by the exact rules */
			heads += pl->x[i] * c->unit_size;
			units += pl->x[i];
			if (c->unit_size == 2)
				couples += pl->x[i];
		}
		if (heads < kk->min_size * y || heads > kk->max_size * y)
			return false;
		if (kk->min_size % 2 == 1 && 2 * units < (kk->min_size + 1) * y)
			return false;
		if (kk->max_size % 2 == 1 && 2 * couples > (kk->max_size - 1) * y)
			return false;
	}
	for (size_t r = 0; r < m->nr; r++) {
		double act = 0, b = p->rows[r].bound;
		for (size_t j = m->rfirst[r]; j < m->rfirst[r + 1]; j++)
			act += m->rcoef[j] * (double)pl->y[m->rcand[j]];
		if (act > b + 1e-9 * (b > 1 ? b : 1))
			return false;
	}
	for (size_t s = 0; s < p->nseps; s++) {
		size_t a = p->seps[s].a, b = p->seps[s].b;
		for (size_t i = m->cfirst[a]; i < m->cfirst[a + 1]; i++) {
			size_t j = model_pair(m, b, m->pk[i]);
			if (j != CP_SOLVER_NONE && pl->x[i] + pl->x[j] > 1)
				return false;
		}
	}
	return true;
}

/* A bound that needs no LP: everyone with a candidate placed in the one
 * of their candidates worth the most per head (reaching the target before
 * below it, then the best secondary score; the focus bonus per head). */
double model_trivial_bound(const struct model *m)
{
	const struct cp_solver_problem *p = m->prob;
	double b = 0;

	for (size_t c = 0; c < m->nc; c++) {
		int unit = p->cls[c].unit_size;
		double best = -1.0;
		bool any = false;
		for (size_t i = m->cfirst[c]; i < m->cfirst[c + 1]; i++) {
			double head;
			if (m->pub[i] == 0)
				continue;
			head = m->pbelow[i] == 0 ? 1.0
				: ((double)(unit - m->pbelow[i]) +
				   (double)m->pbelow[i] * m->below_w) / unit;
			head += m->scale * m->psec[i];
			if (c == m->focus)
				head += m->focus_w / unit;
			if (!any || head > best)
				best = head;
			any = true;
		}
		if (any)
			b += (double)(p->cls[c].count * unit) * best;
	}
	return b;
}
