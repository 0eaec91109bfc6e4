/*
 * The result: the aggregate plan split into real cohorts, row usage, LP
 * duals, and an explanation for every class with unplaced members.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solver-private.h"
#include "cp_util.h"

struct cp_solver_result {
	enum cp_solver_outcome outcome;
	enum cp_solver_source source;
	double objective, bound, gap, lp_bound, elapsed;
	long nodes, placed, placed_bound, placeable, heads;
	long reaching, reaching_bound, below_bound;
	double below_weight;
	long focus_bound;
	double focus_w;
	long focus_reach; /* least heads reaching the target per focus unit */
	size_t nc, nk, nr;

	size_t *cfirst, *pk; /* pairs by class, as in the model */
	long *x, *y, *class_placed;

	struct cp_solver_cohort *cohorts;
	size_t ncohorts;
	struct cp_solver_member *members;
	size_t nmembers, capmembers;

	double *activity, *slack, *row_dual, *cand_dual;
	long *waiting;

	struct cp_solver_explanation *expl;
	size_t *expl_rows;
	char warning[256];
};

void cp_solver_result_destroy(struct cp_solver_result *r)
{
	if (!r)
		return;
	free(r->cfirst);
	free(r->pk);
	free(r->x);
	free(r->y);
	free(r->class_placed);
	free(r->cohorts);
	free(r->members);
	free(r->activity);
	free(r->slack);
	free(r->row_dual);
	free(r->cand_dual);
	free(r->waiting);
	free(r->expl);
	free(r->expl_rows);
	free(r);
}

/* ---- splitting -------------------------------------------------------- */

struct unit_run {
	size_t cls;
	long units;
	int profile;
};

static int cmp_run(const void *a, const void *b)
{
	const struct unit_run *x = a, *y = b;
	return x->profile != y->profile ? CP_CMP(x->profile, y->profile) : CP_CMP(x->cls, y->cls);
}

static bool add_member(struct cp_solver_result *r, size_t cls, long units)
{
	if (!CP_GROW(r->members, r->capmembers, r->nmembers + 1, 64))
		return false;
	r->members[r->nmembers].cls = cls;
	r->members[r->nmembers].units = units;
	r->nmembers++;
	return true;
}

/* Take n units from the runs at *at (cursor *used inside the run) into the
 * cohort being written. 0: done, -1: out of memory, 1: runs exhausted. */
static int take_units(struct cp_solver_result *r, struct unit_run *runs,
		size_t nruns, size_t *at, long *used, long n)
{
	while (n > 0 && *at < nruns) {
		long avail = runs[*at].units - *used;
		long t = avail < n ? avail : n;
		if (t > 0 && !add_member(r, runs[*at].cls, t))
			return -1;
		*used += t;
		n -= t;
		if (*used == runs[*at].units) {
			(*at)++;
			*used = 0;
		}
	}
	return n == 0 ? 0 : 1;
}

/*
 * Sizes for y cohorts holding T heads of which P couples and S singles,
 * each in [L, U]. Without couples: as equal as possible. With couples,
 * o cohorts get an odd size (each needs a single) and the rest an even
 * one; docs/solver.md proves that the model's rows guarantee such an o.
 */
static bool split_sizes(long T, long P, long S, long y, long L, long U,
		long *z)
{
	long Lo = L % 2 ? L : L + 1, Uo = U % 2 ? U : U - 1;
	long Le = L % 2 ? L + 1 : L, Ue = U % 2 ? U - 1 : U;

	if (P == 0) {
		for (long j = 0; j < y; j++)
			z[j] = T / y + (j < T % y ? 1 : 0);
		return true;
	}
	for (long o = T % 2; o <= y && o <= S; o += 2) {
		long lower, upper, extra;
		if (o > 0 && Lo > Uo)
			continue;
		if (y - o > 0 && Le > Ue)
			continue;
		lower = o * Lo + (y - o) * Le;
		upper = o * Uo + (y - o) * Ue;
		if (T < lower || T > upper)
			continue;
		for (long j = 0; j < y; j++)
			z[j] = j < o ? Lo : Le;
		extra = T - lower; /* even: both sides have T's parity */
		while (extra > 0) {
			for (long j = 0; j < y && extra > 0; j++) {
				if (z[j] + 2 <= (j < o ? Uo : Ue)) {
					z[j] += 2;
					extra -= 2;
				}
			}
		}
		return true;
	}
	return false;
}

static enum cp_solver_status split(struct cp_solver_result *r,
		const struct model *m, const struct plan *pl,
		struct cp_solver_error *err)
{
	const struct cp_solver_problem *p = m->prob;
	struct unit_run *runs = NULL;
	long *z = NULL;
	size_t maxy = 0, maxpairs = 0, c_at = 0;
	enum cp_solver_status st = CP_SOLVER_OK;

	r->ncohorts = 0;
	for (size_t k = 0; k < m->nk; k++) {
		r->ncohorts += (size_t)pl->y[k];
		if ((size_t)pl->y[k] > maxy)
			maxy = (size_t)pl->y[k];
		if (m->kfirst[k + 1] - m->kfirst[k] > maxpairs)
			maxpairs = m->kfirst[k + 1] - m->kfirst[k];
	}
	r->cohorts = calloc(r->ncohorts ? r->ncohorts : 1, sizeof *r->cohorts);
	z = malloc((maxy ? maxy : 1) * sizeof *z);
	runs = malloc((maxpairs ? maxpairs : 1) * sizeof *runs);
	if (!r->cohorts || !z || !runs)
		goto nomem;

	for (size_t k = 0; k < m->nk; k++) {
		const struct cp_solver_candidate *kk = &p->cand[k];
		long y = pl->y[k], T = 0, P = 0, S = 0, Prem;
		size_t nruns = 0, ncpl, at_c = 0, at_s;
		long used_c = 0, used_s = 0;

		if (y == 0)
			continue;
		for (size_t j = m->kfirst[k]; j < m->kfirst[k + 1]; j++) {
			size_t i = m->kpairs[j];
			const struct cp_solver_class *c = &p->cls[m->pc[i]];
			if (pl->x[i] == 0)
				continue;
			runs[nruns].cls = m->pc[i];
			runs[nruns].units = pl->x[i];
			/* couples first, then by profile: each list is cut
			 * into consecutive slices, so profiles stay together */
			runs[nruns].profile = c->profile +
				(c->unit_size == 2 ? 0 : (1 << 30));
			nruns++;
			T += pl->x[i] * c->unit_size;
			if (c->unit_size == 2)
				P += pl->x[i];
			else
				S += pl->x[i];
		}
		qsort(runs, nruns, sizeof *runs, cmp_run);
		for (ncpl = 0; ncpl < nruns && runs[ncpl].profile < (1 << 30);
		     ncpl++)
			;
		at_s = ncpl;
		if (!split_sizes(T, P, S, y, kk->min_size, kk->max_size, z)) {
			st = solver_fail(err, CP_SOLVER_ERR_INTERNAL,
					"candidate %zu: %ld heads (%ld couples) do not split into %ld cohorts",
					k, T, P, y);
			goto out;
		}
		Prem = P;
		for (long j = 0; j < y; j++) {
			struct cp_solver_cohort *co = &r->cohorts[c_at++];
			long pj = z[j] / 2 < Prem ? z[j] / 2 : Prem;
			size_t first = r->nmembers;
			int t1, t2;

			Prem -= pj;
			co->candidate = k;
			co->heads = z[j];
			t1 = take_units(r, runs, ncpl, &at_c, &used_c, pj);
			t2 = t1 ? t1 : take_units(r, runs, nruns, &at_s, &used_s,
					z[j] - 2 * pj);
			if (t1 < 0 || t2 < 0)
				goto nomem;
			if (t1 || t2) {
				st = solver_fail(err, CP_SOLVER_ERR_INTERNAL,
						"candidate %zu: cohort %ld cannot be filled",
						k, j);
				goto out;
			}
			/* members point into r->members, which may still
			 * move: store offsets now, pointers at the end */
			co->members = (const struct cp_solver_member *)(uintptr_t)first;
			co->nmembers = r->nmembers - first;
		}
	}
	for (size_t i = 0; i < r->ncohorts; i++)
		r->cohorts[i].members = r->members +
			(uintptr_t)r->cohorts[i].members;
	goto out;
nomem:
	st = solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
out:
	free(z);
	free(runs);
	return st;
}

/* ---- explanations ----------------------------------------------------- */

/* qsort has no context argument */
static _Thread_local const double *sort_duals;

static int cmp_row(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	double di = sort_duals && !isnan(sort_duals[i]) ? sort_duals[i] : 0;
	double dj = sort_duals && !isnan(sort_duals[j]) ? sort_duals[j] : 0;
	if (di != dj)
		return di > dj ? -1 : 1;
	return CP_CMP(i, j);
}

/* What explain shares between classes: the inputs, each class's unplaced
 * units (rem), each candidate's pools (poolall: everyone eligible; upool:
 * the unplaced), and the blocking rows found, grouped by class. */
struct expl {
	struct cp_solver_result *r;
	const struct model *m;
	const struct plan *pl;
	long *rem, *poolall, *upool;
	size_t *rowbuf, nrowbuf, caprowbuf;
	unsigned char *seen; /* rows already in this class's group */
};

/* The best candidate of each kind found for one class. */
struct class_scan {
	long best_missing, few_missing;
	size_t best_k, few_k, cap_k;
	bool any_fit, open_block;
};

/* Look at pair i of class c: what blocks its candidate (into e->blocks and
 * the class's rows) and how near it comes to opening (into cs); false when
 * out of memory. */
static bool scan_pair(struct expl *x, size_t c, size_t i, struct cp_solver_explanation *e,
		struct class_scan *cs)
{
	const struct model *m = x->m;
	const struct cp_solver_problem *p = m->prob;
	const struct plan *pl = x->pl;
	struct cp_solver_result *r = x->r;
	size_t k = m->pk[i];
	const struct cp_solver_candidate *kk = &p->cand[k];
	bool blocked = false, partner = false;
	long miss;

	if (x->poolall[k] < kk->min_size) {
		miss = kk->min_size - x->poolall[k];
		if (cs->few_missing < 0 || miss < cs->few_missing) {
			cs->few_missing = miss;
			cs->few_k = k;
		}
		return true;
	}
	cs->any_fit = true;
	if (pl->y[k] >= kk->max_open) {
		blocked = true;
		e->blocks |= CP_SOLVER_BLOCK_MAX_OPEN;
	}
	for (size_t j = m->krfirst[k]; j < m->krfirst[k + 1]; j++) {
		size_t row = m->krrow[j];
		if (m->krcoef[j] <= 0 ||
		    r->slack[row] + 1e-9 >= m->krcoef[j])
			continue;
		blocked = true;
		e->blocks |= CP_SOLVER_BLOCK_ROW;
		if (x->seen[row])
			continue;
		if (!CP_GROW(x->rowbuf, x->caprowbuf, x->nrowbuf + 1, 64))
			return false;
		x->seen[row] = 1;
		x->rowbuf[x->nrowbuf++] = row;
	}
	for (size_t s = m->sfirst[c]; s < m->sfirst[c + 1]; s++) {
		size_t j = model_pair(m, m->sepc[s], k);
		if (j != CP_SOLVER_NONE && pl->x[j] > 0)
			partner = true;
	}
	if (partner)
		e->blocks |= CP_SOLVER_BLOCK_SEPARATION;
	if (blocked) {
		cs->open_block = true;
		if (cs->cap_k == CP_SOLVER_NONE ||
		    (!isnan(r->cand_dual[k]) &&
		     r->cand_dual[k] > r->cand_dual[cs->cap_k]))
			cs->cap_k = k;
		return true;
	}
	if (partner)
		return true;
	/* it could open: too few of the unplaced fit it */
	miss = kk->min_size - x->upool[k];
	if (miss < 0)
		miss = 0;
	if (cs->best_missing < 0 || miss < cs->best_missing) {
		cs->best_missing = miss;
		cs->best_k = k;
	}
	return true;
}

/* The reason of class c, from what scanning its pairs found. */
static void class_reason(struct cp_solver_explanation *e, const struct class_scan *cs)
{
	if (!cs->any_fit) {
		e->reason = CP_SOLVER_REASON_TOO_FEW;
		e->missing = cs->few_missing;
		e->candidate = cs->few_k;
	} else if (cs->best_k != CP_SOLVER_NONE) {
		e->reason = CP_SOLVER_REASON_REMAINING_TOO_FEW;
		e->missing = cs->best_missing;
		e->candidate = cs->best_k;
	} else if (!cs->open_block) {
		e->reason = CP_SOLVER_REASON_SEPARATION;
	} else {
		e->reason = CP_SOLVER_REASON_CAPACITY;
		e->candidate = cs->cap_k;
	}
}

/* Explain class c (its units not placed, its reason, the rows that block
 * it); false when out of memory. */
static bool explain_class(struct expl *x, size_t c)
{
	const struct model *m = x->m;
	const struct cp_solver_problem *p = m->prob;
	struct cp_solver_result *r = x->r;
	struct cp_solver_explanation *e = &r->expl[c];
	size_t first_row = x->nrowbuf;
	struct class_scan cs = { -1, -1, CP_SOLVER_NONE, CP_SOLVER_NONE, CP_SOLVER_NONE,
				 false, false };

	e->candidate = CP_SOLVER_NONE;
	e->unplaced = x->rem[c];
	if (x->rem[c] == 0) {
		e->reason = CP_SOLVER_REASON_NONE;
		return true;
	}
	if (m->cfirst[c] == m->cfirst[c + 1]) {
		e->reason = CP_SOLVER_REASON_NO_CANDIDATE;
		return true;
	}
	for (size_t i = m->cfirst[c]; i < m->cfirst[c + 1]; i++)
		if (!scan_pair(x, c, i, e, &cs))
			return false;
	for (size_t q = first_row; q < x->nrowbuf; q++)
		x->seen[x->rowbuf[q]] = 0;
	class_reason(e, &cs);
	/* rows: offsets now, pointers once rowbuf stops moving */
	e->nrows = x->nrowbuf - first_row;
	e->rows = (const size_t *)(uintptr_t)first_row;
	if (e->nrows > 1) {
		sort_duals = r->row_dual;
		qsort(x->rowbuf + first_row, e->nrows, sizeof *x->rowbuf,
				cmp_row);
		sort_duals = NULL;
	}
	for (size_t q = first_row; q < x->nrowbuf; q++)
		r->waiting[x->rowbuf[q]] += x->rem[c] * p->cls[c].unit_size;
	return true;
}

static enum cp_solver_status explain(struct cp_solver_result *r,
		const struct model *m, const struct plan *pl,
		struct cp_solver_error *err)
{
	const struct cp_solver_problem *p = m->prob;
	struct expl x = { r, m, pl, NULL, NULL, NULL, NULL, 0, 0, NULL };
	enum cp_solver_status st = CP_SOLVER_OK;

	r->expl = calloc(m->nc ? m->nc : 1, sizeof *r->expl);
	x.rem = calloc(m->nc ? m->nc : 1, sizeof *x.rem);
	x.poolall = calloc(m->nk ? m->nk : 1, sizeof *x.poolall);
	x.upool = calloc(m->nk ? m->nk : 1, sizeof *x.upool);
	x.seen = calloc(m->nr ? m->nr : 1, 1);
	if (!r->expl || !x.rem || !x.poolall || !x.upool || !x.seen)
		goto nomem;
	for (size_t c = 0; c < m->nc; c++)
		x.rem[c] = p->cls[c].count - r->class_placed[c];
	for (size_t i = 0; i < m->np; i++) {
		const struct cp_solver_class *c = &p->cls[m->pc[i]];
		x.poolall[m->pk[i]] += c->count * c->unit_size;
		x.upool[m->pk[i]] += x.rem[m->pc[i]] * c->unit_size;
	}

	for (size_t c = 0; c < m->nc; c++)
		if (!explain_class(&x, c))
			goto nomem;
	r->expl_rows = x.rowbuf;
	x.rowbuf = NULL;
	for (size_t c = 0; c < m->nc; c++)
		r->expl[c].rows = r->expl[c].nrows
			? r->expl_rows + (uintptr_t)r->expl[c].rows : NULL;
	goto out;
nomem:
	st = solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
out:
	free(x.rowbuf);
	free(x.rem);
	free(x.poolall);
	free(x.upool);
	free(x.seen);
	return st;
}

/* The bounds on heads reaching the target, placed and below the target
 * that the solve's bound proves, given r's placed and reaching heads. */
static void head_bounds(struct cp_solver_result *r, const struct result_in *in)
{
	const struct model *m = in->m;
	double pb;

	/* objective = reaching + beta * below + secondary, where the last two
	 * lie in (-beta/2, 1/2): any plan has fewer than bound + 1/2 heads
	 * reaching the target (docs/solver.md) */
	pb = ceil(in->bound + 0.5 + 1e-7 * (1 + fabs(in->bound))) - 1;
	r->reaching_bound = pb > (double)m->placeable ? m->placeable : (long)pb;
	if (r->reaching_bound < r->reaching)
		r->reaching_bound = r->reaching;
	r->placed_bound = r->reaching_bound;
	if (m->hbelow > 0) {
		/* heads below the target are not bounded by the objective: at
		 * most every head that has a below-target pair */
		r->placed_bound = r->reaching_bound + m->hbelow;
		if (r->placed_bound > m->placeable)
			r->placed_bound = m->placeable;
	}
	if (r->placed_bound < r->placed)
		r->placed_bound = r->placed;
	/* A plan with the same reaching heads A and B' below the target has
	 * objective A + beta B' + sigma S2' <= bound, and this plan's
	 * A + beta B + sigma S2: with |sigma S2| <= sigma H,
	 * B' < B + (bound - objective) / beta + 2 sigma H / beta. */
	r->below_bound = 0;
	r->below_weight = m->below_w;
	if (m->hbelow > 0 && m->focus != CP_SOLVER_NONE) {
		/* the focus bonus makes bound - objective say nothing about
		 * heads below the target: only the trivial cap holds */
		r->below_bound = m->hbelow;
	} else if (m->hbelow > 0) {
		long below = r->placed - r->reaching;
		double g = in->bound - in->objective + 1e-7 * (1 + fabs(in->bound));
		double b = (double)below + (g > 0 ? g : 0) / m->below_w +
			2.0 * m->scale * (double)m->heads / m->below_w;
		double bb = ceil(b) - 1;
		r->below_bound = bb > (double)m->hbelow ? m->hbelow : (long)bb;
		if (r->below_bound < below)
			r->below_bound = below;
	}
}

enum cp_solver_status result_build(const struct result_in *in,
		struct cp_solver_result **out, struct cp_solver_error *err)
{
	const struct model *m = in->m;
	const struct plan *pl = in->pl;
	const struct cp_solver_problem *p = m->prob;
	struct cp_solver_result *r = calloc(1, sizeof *r);
	enum cp_solver_status st;

	if (!r)
		return solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
	r->outcome = (enum cp_solver_outcome)in->outcome;
	r->source = (enum cp_solver_source)in->source;
	r->objective = in->objective;
	r->bound = in->bound;
	r->gap = in->gap;
	r->lp_bound = in->mo->lp_ok ? in->mo->lp_obj : NAN;
	r->elapsed = in->elapsed;
	r->nodes = in->nodes;
	if (in->warning)
		snprintf(r->warning, sizeof r->warning, "%s", in->warning);
	r->nc = m->nc;
	r->nk = m->nk;
	r->nr = m->nr;
	r->heads = m->heads;
	r->placeable = m->placeable;
	r->placed = plan_placed(m, pl);
	r->reaching = plan_reaching(m, pl);
	head_bounds(r, in);

	r->cfirst = malloc((m->nc + 1) * sizeof *r->cfirst);
	r->pk = malloc((m->np ? m->np : 1) * sizeof *r->pk);
	r->x = malloc((m->np ? m->np : 1) * sizeof *r->x);
	r->y = malloc((m->nk ? m->nk : 1) * sizeof *r->y);
	r->class_placed = calloc(m->nc ? m->nc : 1, sizeof *r->class_placed);
	r->activity = calloc(m->nr ? m->nr : 1, sizeof *r->activity);
	r->slack = calloc(m->nr ? m->nr : 1, sizeof *r->slack);
	r->row_dual = malloc((m->nr ? m->nr : 1) * sizeof *r->row_dual);
	r->cand_dual = malloc((m->nk ? m->nk : 1) * sizeof *r->cand_dual);
	r->waiting = calloc(m->nr ? m->nr : 1, sizeof *r->waiting);
	if (!r->cfirst || !r->pk || !r->x || !r->y || !r->class_placed ||
	    !r->activity || !r->slack || !r->row_dual || !r->cand_dual ||
	    !r->waiting) {
		cp_solver_result_destroy(r);
		return solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
	}
	memcpy(r->cfirst, m->cfirst, (m->nc + 1) * sizeof *r->cfirst);
	if (m->np) {
		memcpy(r->pk, m->pk, m->np * sizeof *r->pk);
		memcpy(r->x, pl->x, m->np * sizeof *r->x);
	}
	if (m->nk)
		memcpy(r->y, pl->y, m->nk * sizeof *r->y);
	for (size_t i = 0; i < m->np; i++)
		r->class_placed[m->pc[i]] += pl->x[i];
	/* a plan with u units of the focus class is worth more than
	 * (2 H + 2) u - 1/2, one with u - 1 less than (2 H + 2) u - H - 3/2
	 * (docs/solver.md, "Focus"): bound + 1 >= (2 H + 2) u whenever a plan
	 * with u units exists, with room for floating-point noise */
	r->focus_bound = -1;
	r->focus_w = m->focus_w;
	if (m->focus != CP_SOLVER_NONE) {
		double u = floor((in->bound + 1.0) / m->focus_w);
		r->focus_reach = p->cls[m->focus].unit_size;
		for (size_t i = m->cfirst[m->focus]; i < m->cfirst[m->focus + 1]; i++)
			if (p->cls[m->focus].unit_size - m->pbelow[i] < r->focus_reach)
				r->focus_reach = p->cls[m->focus].unit_size - m->pbelow[i];
		long cnt = p->cls[m->focus].count;
		r->focus_bound = u >= (double)cnt ? cnt : (long)u;
		if (r->focus_bound < r->class_placed[m->focus])
			r->focus_bound = r->class_placed[m->focus];
	}
	for (size_t row = 0; row < m->nr; row++) {
		for (size_t j = m->rfirst[row]; j < m->rfirst[row + 1]; j++)
			r->activity[row] += m->rcoef[j] * (double)pl->y[m->rcand[j]];
		r->slack[row] = p->rows[row].bound - r->activity[row];
		r->row_dual[row] = in->mo->lp_ok ? in->mo->row_dual[row] : NAN;
	}
	for (size_t k = 0; k < m->nk; k++)
		r->cand_dual[k] = in->mo->lp_ok ? in->mo->cand_dual[k] : NAN;

	st = split(r, m, pl, err);
	if (st == CP_SOLVER_OK)
		st = explain(r, m, pl, err);
	if (st != CP_SOLVER_OK) {
		cp_solver_result_destroy(r);
		return st;
	}
	*out = r;
	return CP_SOLVER_OK;
}

bool plan_start(const struct model *m, const struct cp_solver_result *r,
		struct plan *pl)
{
	struct plan tmp;

	/* the same problem has the same pairs in the same order */
	if (r->nc != m->nc || r->nk != m->nk || r->cfirst[m->nc] != m->np ||
	    (m->np && memcmp(r->pk, m->pk, m->np * sizeof *r->pk) != 0))
		return true;
	if (!plan_init(&tmp, m))
		return false;
	if (m->np)
		memcpy(tmp.x, r->x, m->np * sizeof *tmp.x);
	if (m->nk)
		memcpy(tmp.y, r->y, m->nk * sizeof *tmp.y);
	if (plan_feasible(m, &tmp) &&
	    plan_objective(m, &tmp) > plan_objective(m, pl))
		plan_copy(pl, &tmp, m);
	plan_finish(&tmp);
	return true;
}

/* ---- getters ---------------------------------------------------------- */

/* Most getters return one field, or one entry of an array with a fallback
 * past its end (solver.h): written once here rather than thirty times. */
#define RESULT_FIELD(type, name)                                              \
	type cp_solver_result_##name(const struct cp_solver_result *r)        \
	{                                                                     \
		return r->name;                                               \
	}
#define RESULT_ENTRY(type, name, count, field, past_end)                      \
	type cp_solver_result_##name(const struct cp_solver_result *r,        \
			size_t i)                                             \
	{                                                                     \
		return i < r->count ? r->field[i] : (past_end);               \
	}

RESULT_FIELD(enum cp_solver_outcome, outcome)
RESULT_FIELD(enum cp_solver_source, source)
RESULT_FIELD(double, objective)
RESULT_FIELD(double, bound)
RESULT_FIELD(double, gap)
RESULT_FIELD(double, lp_bound)
RESULT_FIELD(double, elapsed)
RESULT_FIELD(long, nodes)
RESULT_FIELD(long, placed)
RESULT_FIELD(long, placed_bound)
RESULT_FIELD(long, placeable)
RESULT_FIELD(long, heads)
RESULT_FIELD(long, reaching)
RESULT_FIELD(long, reaching_bound)
RESULT_FIELD(long, below_bound)
RESULT_FIELD(double, below_weight)
RESULT_FIELD(long, focus_bound)
RESULT_ENTRY(long, class_placed, nc, class_placed, 0)
RESULT_ENTRY(long, opened, nk, y, 0)
RESULT_ENTRY(double, row_activity, nr, activity, NAN)
RESULT_ENTRY(double, row_slack, nr, slack, NAN)
RESULT_ENTRY(double, row_dual, nr, row_dual, NAN)
RESULT_ENTRY(double, candidate_dual, nk, cand_dual, NAN)
RESULT_ENTRY(long, row_waiting, nr, waiting, 0)

const char *cp_solver_result_warning(const struct cp_solver_result *r)
{
	return r->warning[0] ? r->warning : NULL;
}

long cp_solver_result_assigned(const struct cp_solver_result *r, size_t cls,
		size_t cand)
{
	size_t i;

	if (cls >= r->nc)
		return 0;
	i = pair_find(r->cfirst, r->pk, cls, cand);
	return i == CP_SOLVER_NONE ? 0 : r->x[i];
}

size_t cp_solver_result_cohort_count(const struct cp_solver_result *r)
{
	return r->ncohorts;
}

const struct cp_solver_cohort *cp_solver_result_cohort(
		const struct cp_solver_result *r, size_t i)
{
	return i < r->ncohorts ? &r->cohorts[i] : NULL;
}

bool cp_solver_result_explain(const struct cp_solver_result *r, size_t cls,
		struct cp_solver_explanation *out)
{
	if (cls >= r->nc)
		return false;
	*out = r->expl[cls];
	return true;
}

/* A plan with u >= units focus units is worth B u + A' + (the focus
 * class's own heads reaching the target: at least focus_reach per unit)
 * + (heads below the target: >= 0) + sigma S2 (> -1/2), A' the other
 * classes' heads reaching the target: A' < bound - (B + focus_reach) units
 * + 1/2. */
long cp_solver_result_focus_reaching_bound(const struct cp_solver_result *r,
		long units)
{
	double a;

	if (r->focus_bound < 0 || units > r->focus_bound)
		return -1;
	a = ceil(r->bound - (r->focus_w + (double)r->focus_reach) * (double)units +
			0.5 + 1e-7 * (1 + fabs(r->bound))) - 1;
	if (a > (double)r->heads)
		return r->heads;
	return a < 0 ? 0 : (long)a;
}
