/*
 * Greedy heuristics: the plan that always exists, the completion pass run on
 * every plan before it is returned, and the LP rounding run at the root and
 * at branch-and-bound nodes.
 *
 * The greedy opens one cohort at a time, always the one that would place
 * the most heads now (lazy evaluation: a candidate's score can only fall as
 * people get placed and capacity gets used, so a stale score is an upper
 * bound and only the top of the heap needs recomputing). A cohort is filled
 * with the least flexible people first (fewest eligible candidates), then
 * by secondary score. Every cohort it opens is a real cohort within
 * [min_size, max_size], so the aggregate plan stays splittable.
 *
 * Heads below the target (pairs with pbelow > 0) come last everywhere: a
 * cohort takes them only for seats no one reaching the target wants, a
 * cohort's score counts them at beta per head (the objective's weight),
 * and the filling pass offers seats to heads reaching the target first.
 * Without such pairs every order and score is the one of plain heads.
 * A focus class (options.focus) comes first in every fill order and its
 * units add their bonus to a cohort's score, as in the objective.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "solver-private.h"
#include "cp_util.h"

struct heap_item {
	double score;
	uint64_t tie;
	size_t cand;
};

struct greedy {
	const struct model *m;
	uint64_t seed;
	size_t *kord;     /* per candidate: its pairs in fill order */
	size_t *cord;     /* per class: its pairs by decreasing score */
	size_t *clsord;   /* classes in completion order */
	long *rem;        /* units of class c not placed */
	double *rowuse;   /* activity of each row */
	long *heads, *units, *couples; /* per candidate */
	size_t *bpair;    /* the cohort being built: pairs ... */
	long *btake;      /* ... and units taken */
	size_t blen;
	uint32_t *mark;   /* class taken into the cohort being built */
	uint32_t stamp;
	struct heap_item *heap;
	size_t nheap;
	const double *guide; /* per pair, for sorting during rounding */
	size_t *tmp;      /* np scratch */
	size_t *korder;   /* nk scratch */
};

static uint64_t mix(uint64_t x)
{
	/* splitmix64: a cheap, well-spread hash for seeded tie-breaking */
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* qsort has no context argument; greedy_create and greedy_round run under
 * the solver's mutex or on private data, but sorting is also done outside
 * it, so the context travels in a thread-local. */
static _Thread_local const struct greedy *sort_g;

static int cmp_fill(const void *a, const void *b)
{
	const struct greedy *g = sort_g;
	const struct model *m = g->m;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	long fi = m->flex[m->pc[i]], fj = m->flex[m->pc[j]];
	uint64_t ti, tj;

	/* the focus class (options.focus) takes its seat first */
	if ((m->pc[i] == m->focus) != (m->pc[j] == m->focus))
		return m->pc[i] == m->focus ? -1 : 1;
	if (m->pbelow[i] != m->pbelow[j])
		return m->pbelow[i] < m->pbelow[j] ? -1 : 1;
	if (fi != fj)
		return fi < fj ? -1 : 1;
	if (m->psec[i] != m->psec[j])
		return m->psec[i] > m->psec[j] ? -1 : 1;
	ti = mix(g->seed ^ (uint64_t)m->pc[i]);
	tj = mix(g->seed ^ (uint64_t)m->pc[j]);
	if (ti != tj)
		return ti < tj ? -1 : 1;
	return CP_CMP(i, j);
}

static int cmp_score(const void *a, const void *b)
{
	const struct greedy *g = sort_g;
	const struct model *m = g->m;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	if (m->pbelow[i] != m->pbelow[j])
		return m->pbelow[i] < m->pbelow[j] ? -1 : 1;
	if (m->psec[i] != m->psec[j])
		return m->psec[i] > m->psec[j] ? -1 : 1;
	return CP_CMP(i, j);
}

static int cmp_class(const void *a, const void *b)
{
	const struct greedy *g = sort_g;
	const struct model *m = g->m;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	if ((i == m->focus) != (j == m->focus))
		return i == m->focus ? -1 : 1;
	if (m->flex[i] != m->flex[j])
		return m->flex[i] < m->flex[j] ? -1 : 1;
	return CP_CMP(i, j);
}

/* The larger guide value first; 0 when i and j have the same. */
static int guide_first(const struct greedy *g, size_t i, size_t j)
{
	if (g->guide[i] != g->guide[j])
		return g->guide[i] > g->guide[j] ? -1 : 1;
	return 0;
}

static int cmp_guide(const void *a, const void *b)
{
	int c = guide_first(sort_g, *(const size_t *)a, *(const size_t *)b);
	return c != 0 ? c : cmp_fill(a, b);
}

void greedy_destroy(struct greedy *g)
{
	if (!g)
		return;
	free(g->kord);
	free(g->cord);
	free(g->clsord);
	free(g->rem);
	free(g->rowuse);
	free(g->heads);
	free(g->units);
	free(g->couples);
	free(g->bpair);
	free(g->btake);
	free(g->mark);
	free(g->heap);
	free(g->tmp);
	free(g->korder);
	free(g);
}

#define NZ(n) ((n) ? (n) : 1)

struct greedy *greedy_create(const struct model *m, unsigned long seed)
{
	struct greedy *g = calloc(1, sizeof *g);

	if (!g)
		return NULL;
	g->m = m;
	g->seed = mix((uint64_t)seed);
	g->kord = malloc(NZ(m->np) * sizeof *g->kord);
	g->cord = malloc(NZ(m->np) * sizeof *g->cord);
	g->clsord = malloc(NZ(m->nc) * sizeof *g->clsord);
	g->rem = malloc(NZ(m->nc) * sizeof *g->rem);
	g->rowuse = malloc(NZ(m->nr) * sizeof *g->rowuse);
	g->heads = malloc(NZ(m->nk) * sizeof *g->heads);
	g->units = malloc(NZ(m->nk) * sizeof *g->units);
	g->couples = malloc(NZ(m->nk) * sizeof *g->couples);
	g->bpair = malloc(NZ(m->np) * sizeof *g->bpair);
	g->btake = malloc(NZ(m->np) * sizeof *g->btake);
	g->mark = calloc(NZ(m->nc), sizeof *g->mark);
	g->heap = malloc(NZ(m->nk) * sizeof *g->heap);
	g->tmp = malloc(NZ(m->np) * sizeof *g->tmp);
	g->korder = malloc(NZ(m->nk) * sizeof *g->korder);
	if (!g->kord || !g->cord || !g->clsord || !g->rem || !g->rowuse ||
	    !g->heads || !g->units || !g->couples || !g->bpair || !g->btake ||
	    !g->mark || !g->heap || !g->tmp || !g->korder) {
		greedy_destroy(g);
		return NULL;
	}
	sort_g = g;
	for (size_t j = 0; j < m->np; j++)
		g->kord[j] = m->kpairs[j];
	for (size_t k = 0; k < m->nk; k++)
		qsort(g->kord + m->kfirst[k], m->kfirst[k + 1] - m->kfirst[k],
				sizeof *g->kord, cmp_fill);
	for (size_t i = 0; i < m->np; i++)
		g->cord[i] = i;
	for (size_t c = 0; c < m->nc; c++)
		qsort(g->cord + m->cfirst[c], m->cfirst[c + 1] - m->cfirst[c],
				sizeof *g->cord, cmp_score);
	for (size_t c = 0; c < m->nc; c++)
		g->clsord[c] = c;
	qsort(g->clsord, m->nc, sizeof *g->clsord, cmp_class);
	return g;
}

/* Recompute the running state from a plan. */
static void load(struct greedy *g, const struct plan *pl)
{
	const struct model *m = g->m;
	const struct cp_solver_problem *p = m->prob;

	for (size_t c = 0; c < m->nc; c++)
		g->rem[c] = p->cls[c].count;
	for (size_t k = 0; k < m->nk; k++)
		g->heads[k] = g->units[k] = g->couples[k] = 0;
	for (size_t i = 0; i < m->np; i++) {
		int unit = p->cls[m->pc[i]].unit_size;
		g->rem[m->pc[i]] -= pl->x[i];
		g->heads[m->pk[i]] += pl->x[i] * unit;
		g->units[m->pk[i]] += pl->x[i];
		if (unit == 2)
			g->couples[m->pk[i]] += pl->x[i];
	}
	for (size_t r = 0; r < m->nr; r++) {
		g->rowuse[r] = 0;
		for (size_t j = m->rfirst[r]; j < m->rfirst[r + 1]; j++)
			g->rowuse[r] += m->rcoef[j] * (double)pl->y[m->rcand[j]];
	}
}

static bool can_open(const struct greedy *g, const struct plan *pl, size_t k)
{
	const struct model *m = g->m;
	const struct cp_solver_problem *p = m->prob;

	if (pl->y[k] >= p->cand[k].max_open)
		return false;
	for (size_t j = m->krfirst[k]; j < m->krfirst[k + 1]; j++) {
		double a = m->krcoef[j], b;
		if (a <= 0)
			continue;
		b = p->rows[m->krrow[j]].bound;
		if (g->rowuse[m->krrow[j]] + a > b + 1e-9 * (b > 1 ? b : 1))
			return false;
	}
	return true;
}

/* A separated partner of class c is in candidate k already, or was taken
 * into the cohort being built. */
static bool partner_in(const struct greedy *g, const struct plan *pl,
		size_t c, size_t k)
{
	const struct model *m = g->m;

	for (size_t s = m->sfirst[c]; s < m->sfirst[c + 1]; s++) {
		size_t d = m->sepc[s];
		size_t j;
		if (g->mark[d] == g->stamp)
			return true;
		j = model_pair(m, d, k);
		if (j != CP_SOLVER_NONE && pl->x[j] > 0)
			return true;
	}
	return false;
}

/* Take up to want units of pair i into the cohort being built, which holds
 * *size heads of at most max. */
static void take(struct greedy *g, const struct plan *pl, size_t i, long want,
		long *size, long max)
{
	const struct model *m = g->m;
	size_t c = m->pc[i];
	int unit = m->prob->cls[c].unit_size;
	long t = g->rem[c];

	if (g->mark[c] == g->stamp)
		return; /* already in this cohort */
	if (want < t)
		t = want;
	if ((max - *size) / unit < t)
		t = (max - *size) / unit;
	if (pl->x[i] + t > m->pub[i])
		t = m->pub[i] - pl->x[i];
	if (t <= 0)
		return;
	if (m->sfirst[c] < m->sfirst[c + 1] && partner_in(g, pl, c, m->pk[i]))
		return;
	g->mark[c] = g->stamp;
	g->bpair[g->blen] = i;
	g->btake[g->blen] = t;
	g->blen++;
	*size += t * unit;
}

static void new_build(struct greedy *g)
{
	g->blen = 0;
	if (++g->stamp == 0) {
		memset(g->mark, 0, NZ(g->m->nc) * sizeof *g->mark);
		g->stamp = 1;
	}
}

/* Build one new cohort of k from the fill order; returns its heads (0 when
 * it would stay below min_size) and in *sec its score minus those heads:
 * the scaled secondary sum less (1 - beta) per head below the target. */
static long build(struct greedy *g, const struct plan *pl, size_t k,
		double *sec)
{
	const struct model *m = g->m;
	const struct cp_solver_candidate *kk = &m->prob->cand[k];
	long size = 0;

	new_build(g);
	for (size_t j = m->kfirst[k]; j < m->kfirst[k + 1] &&
	     size < kk->max_size; j++)
		take(g, pl, g->kord[j], LONG_MAX, &size, kk->max_size);
	*sec = 0;
	long below = 0;
	for (size_t b = 0; b < g->blen; b++) {
		*sec += m->psec[g->bpair[b]] * (double)g->btake[b] *
			m->prob->cls[m->pc[g->bpair[b]]].unit_size;
		below += m->pbelow[g->bpair[b]] * g->btake[b];
	}
	*sec *= m->scale;
	if (below > 0)
		*sec -= (1.0 - m->below_w) * (double)below;
	for (size_t b = 0; b < g->blen; b++)
		if (m->pc[g->bpair[b]] == m->focus)
			*sec += m->focus_w * (double)g->btake[b];
	return size >= kk->min_size ? size : 0;
}

/* Open the cohort just built for k. */
static void commit(struct greedy *g, struct plan *pl, size_t k)
{
	const struct model *m = g->m;

	for (size_t b = 0; b < g->blen; b++) {
		size_t i = g->bpair[b];
		int unit = m->prob->cls[m->pc[i]].unit_size;
		pl->x[i] += g->btake[b];
		g->rem[m->pc[i]] -= g->btake[b];
		g->heads[k] += g->btake[b] * unit;
		g->units[k] += g->btake[b];
		if (unit == 2)
			g->couples[k] += g->btake[b];
	}
	pl->y[k]++;
	for (size_t j = m->krfirst[k]; j < m->krfirst[k + 1]; j++)
		g->rowuse[m->krrow[j]] += m->krcoef[j];
}

static bool heap_less(const struct heap_item *a, const struct heap_item *b)
{
	if (a->score != b->score)
		return a->score < b->score;
	return a->tie > b->tie;
}

static void heap_push(struct greedy *g, struct heap_item it)
{
	size_t i = g->nheap++;
	while (i > 0) {
		size_t up = (i - 1) / 2;
		if (!heap_less(&g->heap[up], &it))
			break;
		g->heap[i] = g->heap[up];
		i = up;
	}
	g->heap[i] = it;
}

static struct heap_item heap_pop(struct greedy *g)
{
	struct heap_item top = g->heap[0], last = g->heap[--g->nheap];
	size_t i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, best = i;
		const struct heap_item *bi = &last;
		if (l < g->nheap && heap_less(bi, &g->heap[l])) {
			best = l;
			bi = &g->heap[l];
		}
		if (r < g->nheap && heap_less(bi, &g->heap[r]))
			best = r;
		if (best == i)
			break;
		g->heap[i] = g->heap[best];
		i = best;
	}
	if (g->nheap > 0)
		g->heap[i] = last;
	return top;
}

/* Opening phase: lazy greedy over all candidates. */
static void open_greedily(struct greedy *g, struct plan *pl)
{
	const struct model *m = g->m;

	g->nheap = 0;
	for (size_t k = 0; k < m->nk; k++) {
		double sec;
		long h;
		if (!can_open(g, pl, k))
			continue;
		h = build(g, pl, k, &sec);
		if (h > 0)
			heap_push(g, (struct heap_item){
				(double)h + sec,
				mix(g->seed ^ (0x5bd1e995ULL + k)), k });
	}
	while (g->nheap > 0) {
		struct heap_item it = heap_pop(g);
		double sec;
		long h;
		if (!can_open(g, pl, it.cand))
			continue; /* capacity only shrinks: drop for good */
		h = build(g, pl, it.cand, &sec);
		if (h == 0)
			continue; /* people only leave: drop for good */
		it.score = (double)h + sec;
		if (g->nheap == 0 || !heap_less(&it, &g->heap[0])) {
			commit(g, pl, it.cand);
			/* its next cohort scores at most the same */
		}
		heap_push(g, it);
	}
}

/* Units of pair i that may join the opened cohorts of its candidate. */
static long room_for(struct greedy *g, const struct plan *pl, size_t i)
{
	const struct model *m = g->m;
	const struct cp_solver_problem *p = m->prob;
	size_t c = m->pc[i], k = m->pk[i];
	const struct cp_solver_candidate *kk = &p->cand[k];
	int unit = p->cls[c].unit_size;
	long y = pl->y[k], t, cap, link;

	if (y == 0 || g->rem[c] == 0)
		return 0;
	t = g->rem[c];
	if ((kk->max_size * y - g->heads[k]) / unit < t)
		t = (kk->max_size * y - g->heads[k]) / unit;
	cap = kk->max_size / unit;
	link = (p->cls[c].count < cap ? p->cls[c].count : cap) * y;
	if (link - pl->x[i] < t)
		t = link - pl->x[i];
	if (m->pub[i] - pl->x[i] < t)
		t = m->pub[i] - pl->x[i];
	if (unit == 2 && kk->max_size % 2 == 1) {
		long lim = ((kk->max_size - 1) * y - 2 * g->couples[k]) / 2;
		if (lim < t)
			t = lim;
	}
	if (t > 0 && m->sfirst[c] < m->sfirst[c + 1]) {
		new_build(g);
		if (partner_in(g, pl, c, k))
			return 0;
	}
	return t > 0 ? t : 0;
}

/* Filling phase: unplaced units into opened candidates with room; seats
 * go to heads reaching the target first (pass 0), then to the others. */
static void fill_open(struct greedy *g, struct plan *pl)
{
	const struct model *m = g->m;

	for (int pass = 0; pass < (m->hbelow > 0 ? 2 : 1); pass++)
	for (size_t n = 0; n < m->nc; n++) {
		size_t c = g->clsord[n];
		for (size_t j = m->cfirst[c]; j < m->cfirst[c + 1] &&
		     g->rem[c] > 0; j++) {
			size_t i = g->cord[j];
			long t;
			int unit;
			if (pass == 0 && m->pbelow[i] > 0)
				continue;
			t = room_for(g, pl, i);
			if (t == 0)
				continue;
			unit = m->prob->cls[c].unit_size;
			pl->x[i] += t;
			g->rem[c] -= t;
			g->heads[m->pk[i]] += t * unit;
			g->units[m->pk[i]] += t;
			if (unit == 2)
				g->couples[m->pk[i]] += t;
		}
	}
}

bool greedy_complete(struct greedy *g, struct plan *pl)
{
	load(g, pl);
	open_greedily(g, pl);
	fill_open(g, pl);
	return true;
}

static int cmp_kguide(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	/* guide holds the candidates' LP values here */
	int c = guide_first(sort_g, i, j);
	return c != 0 ? c : CP_CMP(i, j);
}

bool greedy_round(struct greedy *g, struct plan *pl, const double *yl,
		const double *xl)
{
	const struct model *m = g->m;
	const struct cp_solver_problem *p = m->prob;

	plan_clear(pl, m);
	load(g, pl);
	sort_g = g;
	for (size_t k = 0; k < m->nk; k++)
		g->korder[k] = k;
	g->guide = yl;
	qsort(g->korder, m->nk, sizeof *g->korder, cmp_kguide);
	for (size_t n = 0; n < m->nk; n++) {
		size_t k = g->korder[n];
		const struct cp_solver_candidate *kk = &p->cand[k];
		size_t b = m->kfirst[k], e = m->kfirst[k + 1];
		long want = (long)ceil(yl[k] - 1e-6);

		if (yl[k] < 1e-6)
			break;
		/* the LP's members first, then the usual fill order */
		memcpy(g->tmp, g->kord + b, (e - b) * sizeof *g->tmp);
		g->guide = xl;
		qsort(g->tmp, e - b, sizeof *g->tmp, cmp_guide);
		for (long t = 0; t < want && can_open(g, pl, k); t++) {
			long size = 0;
			new_build(g);
			for (size_t j = 0; j < e - b && size < kk->max_size; j++) {
				size_t i = g->tmp[j];
				long lpu = (long)ceil(xl[i] - 1e-6) - pl->x[i];
				if (xl[i] > 1e-6 && lpu > 0)
					take(g, pl, i, lpu, &size, kk->max_size);
			}
			if (size < kk->min_size)
				for (size_t j = 0; j < e - b &&
				     size < kk->min_size; j++)
					take(g, pl, g->tmp[j], kk->min_size - size,
							&size, kk->max_size);
			if (size < kk->min_size)
				break;
			commit(g, pl, k);
		}
		g->guide = yl;
	}
	g->guide = NULL;
	open_greedily(g, pl);
	fill_open(g, pl);
	return true;
}
