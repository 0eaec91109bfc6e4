/*
 * Large neighbourhood search: improve the best plan by re-solving a part of
 * it exactly.
 *
 * A round takes the best plan, chooses a neighbourhood (a set of candidates
 * to free: cohorts that may close, reopen, change members, and candidates
 * that may open instead), fixes everything else, and hands the rest to the
 * ordinary solver as a problem of its own: the free candidates, the people
 * not held by fixed cohorts, and every capacity row with what fixed cohorts
 * already use of it taken off its bound. That sub-problem is small (a few
 * thousand pairs), so GLPK solves it to optimality or close in a fraction
 * of a second, which branch-and-bound over the whole model cannot. The
 * sub-problem starts from the best plan's own cohorts there, so a round
 * never makes the plan worse; a better plan is offered to the shared best
 * (best_offer), which branch-and-bound in the main thread picks up.
 *
 * Neighbourhoods are built around one seed, chosen at random among three
 * kinds: a person not placed (free some of the candidates they could join),
 * an open cohort (free it and its teacher's alternatives), and a teacher row
 * (free that teacher's cohorts and some timetables they could teach). From
 * the seed the neighbourhood grows along what ties candidates together: the
 * teacher rows they share (the other cohorts holding that teacher's hours)
 * and the people they share (the cohorts where those people are now). Its
 * size, in pairs, adapts: it grows while sub-problems solve fast without
 * improving, and shrinks when they run out of time.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver-private.h"

/* Pairs per neighbourhood: first, least and most. */
#define NB_FIRST 1500
#define NB_MIN 200
#define NB_MAX 40000
/* Most pairs in deterministic mode, where no clock says when a
 * sub-problem is too large: sub-problems of this size solve in well under
 * a second on the benchmark machine. */
#define NB_MAX_DETERMINISTIC 6000
/* Rounds without improvement at the largest size: the search has
 * stalled (measured: later rounds found nothing on the benchmark). */
#define STALL_ROUNDS 60
/* How much more the root LP must open a candidate than the best plan does
 * for it to seed a neighbourhood. */
#define LP_DISAGREE 0.3

struct worker {
	struct mip_ctx *ctx;
	const struct model *m;
	const struct lns_limits *lim;
	struct lns_pool *pool;
	uint64_t rng;
	pthread_t thread;
	bool started;

	struct plan inc;       /* our copy of the best plan */
	double inc_obj;
	unsigned long seen;    /* version of the shared best in inc */
	struct plan cand;      /* inc with the neighbourhood re-solved */
	struct greedy *g;      /* completes cand */

	bool *free_k;          /* nk: candidate in the neighbourhood */
	size_t *list, nlist;   /* the neighbourhood, in order of joining */
	size_t pairs;          /* pairs of the candidates in list */
	size_t budget;         /* most pairs wanted */
	long *left;            /* nc: units not held by fixed cohorts */
	long *placed;          /* nc: units placed in inc */
	size_t *cls_map;       /* nc: class in the sub-problem or NONE */
	size_t *row_map;       /* nr: row in the sub-problem or NONE */
	size_t *rows, nrows;   /* rows mapped this round */
	size_t *unplaced, nunplaced; /* classes with units left to place */
	long sub_heads;        /* heads of the sub-problem's classes */

	long rounds, improved, fails;
	bool nomem;
	double sub_took;       /* seconds the last sub-problem's solve took */
	double tail;           /* seconds the last round took besides it */
};

struct lns_pool {
	struct lns_limits lim;
	struct worker *w;
	size_t n;
	pthread_mutex_t lock;
	size_t running;
};

/* splitmix64 */
static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static size_t pick(struct worker *w, size_t n)
{
	return n ? (size_t)(rnd(&w->rng) % n) : 0;
}

static bool stop_asked(struct worker *w)
{
	bool stop;
	pthread_mutex_lock(&w->ctx->lock);
	stop = w->ctx->stop_workers;
	pthread_mutex_unlock(&w->ctx->lock);
	/* a round's work around its sub-problem (choosing, completing the
	 * whole plan, checking it: half a second at 20,000 people) must end
	 * by the deadline too, or the solve waits for it */
	if (!stop && w->lim->until > 0 && solver_now() + w->tail >= w->lim->until)
		stop = true;
	return stop;
}

/* ---- choosing a neighbourhood ----------------------------------------- */

static size_t cand_pairs(const struct model *m, size_t k)
{
	return m->kfirst[k + 1] - m->kfirst[k];
}

/* Add k when it fits the budget (the first candidate always does). */
static bool nb_add(struct worker *w, size_t k)
{
	const struct model *m = w->m;
	size_t np = cand_pairs(m, k);
	if (w->free_k[k])
		return true;
	if (w->nlist > 0 && w->pairs + np > w->budget)
		return false;
	w->free_k[k] = true;
	w->list[w->nlist++] = k;
	w->pairs += np;
	return true;
}

static bool opened(const struct worker *w, size_t k)
{
	return w->inc.y[k] > 0;
}

/* The candidate sharing a row with k that holds the most of it, at random
 * among open ones: added so the teacher's hours can move. */
static void grow_rows(struct worker *w, size_t k)
{
	const struct model *m = w->m;
	for (size_t j = m->krfirst[k]; j < m->krfirst[k + 1]; j++) {
		size_t r = m->krrow[j];
		for (size_t t = m->rfirst[r]; t < m->rfirst[r + 1]; t++) {
			size_t k2 = m->rcand[t];
			if (opened(w, k2) && !nb_add(w, k2))
				return;
		}
	}
}

/* Cohorts where people eligible for k are now, so they can move to k. */
static void grow_people(struct worker *w, size_t k, size_t most)
{
	const struct model *m = w->m;
	size_t n = cand_pairs(m, k), added = 0;
	if (n == 0)
		return;
	size_t at = pick(w, n);
	for (size_t s = 0; s < n && added < most; s++) {
		size_t i = m->kpairs[m->kfirst[k] + (at + s) % n];
		size_t c = m->pc[i];
		if (w->placed[c] == 0)
			continue;
		for (size_t q = m->cfirst[c]; q < m->cfirst[c + 1]; q++) {
			if (w->inc.x[q] > 0 && !w->free_k[m->pk[q]]) {
				if (!nb_add(w, m->pk[q]))
					return;
				added++;
				break;
			}
		}
	}
}

/* A few candidates that class c may join, at random among those with a
 * pool that can fill them. */
static void seed_class(struct worker *w, size_t c, size_t most)
{
	const struct model *m = w->m;
	size_t n = m->cfirst[c + 1] - m->cfirst[c], added = 0;
	if (n == 0)
		return;
	size_t at = pick(w, n);
	for (size_t s = 0; s < n && added < most; s++) {
		size_t i = m->cfirst[c] + (at + s) % n;
		size_t k = m->pk[i];
		if (m->pub[i] == 0 || m->pool[k] < m->prob->cand[k].min_size)
			continue;
		if (!nb_add(w, k))
			return;
		added++;
	}
}

/* Some candidates of row r, open ones first. */
static void seed_row(struct worker *w, size_t r, size_t closed_most)
{
	const struct model *m = w->m;
	size_t n = m->rfirst[r + 1] - m->rfirst[r], added = 0;
	for (size_t t = m->rfirst[r]; t < m->rfirst[r + 1]; t++)
		if (opened(w, m->rcand[t]) && !nb_add(w, m->rcand[t]))
			return;
	if (n == 0)
		return;
	size_t at = pick(w, n);
	for (size_t s = 0; s < n && added < closed_most; s++) {
		size_t k = m->rcand[m->rfirst[r] + (at + s) % n];
		if (opened(w, k) || m->pool[k] < m->prob->cand[k].min_size)
			continue;
		if (!nb_add(w, k))
			return;
		added++;
	}
}

/* A candidate the root LP opens more than the best plan does, at random
 * (the LP's answer says cohorts there pay); false when there is none. */
static bool seed_lp(struct worker *w, const double *lp_y)
{
	const struct model *m = w->m;
	size_t at = pick(w, m->nk);
	for (size_t s = 0; s < m->nk; s++) {
		size_t k = (at + s) % m->nk;
		if (lp_y[k] > (double)w->inc.y[k] + LP_DISAGREE) {
			nb_add(w, k);
			return true;
		}
	}
	return false;
}

/* The candidates of a cut the best plan breaks, at random; false when it
 * breaks none. Cohorts beyond a cut are lost when teachers are assigned:
 * the neighbourhood around them is where the plan can get them back. */
static bool seed_cut(struct worker *w)
{
	const struct cp_solver_cuts *cuts = &w->ctx->cuts;
	bool found = false;
	pthread_mutex_lock(&w->ctx->lock);
	size_t at = pick(w, cuts->n);
	for (size_t s = 0; s < cuts->n && !found; s++) {
		size_t r = (at + s) % cuts->n;
		long lhs = 0;
		for (size_t q = cuts->first[r]; q < cuts->first[r + 1]; q++)
			lhs += w->inc.y[cuts->cand[q]];
		if ((double)lhs <= cuts->bound[r] + 1e-9)
			continue;
		for (size_t q = cuts->first[r]; q < cuts->first[r + 1]; q++)
			if (opened(w, cuts->cand[q]))
				nb_add(w, cuts->cand[q]);
		found = true;
	}
	pthread_mutex_unlock(&w->ctx->lock);
	return found;
}

static void choose(struct worker *w)
{
	const struct model *m = w->m;
	const double *lp_y;
	pthread_mutex_lock(&w->ctx->lock);
	lp_y = w->ctx->lp_y;
	pthread_mutex_unlock(&w->ctx->lock);
	size_t kind = pick(w, lp_y ? 4 : 3);

	for (size_t t = 0; t < w->nlist; t++)
		w->free_k[w->list[t]] = false;
	w->nlist = 0;
	w->pairs = 0;

	if (w->ctx->o->separate && pick(w, 2) == 0 && seed_cut(w)) {
		/* grown below like any other seed */
	} else if (kind == 3 && seed_lp(w, lp_y)) {
		/* grown below like any other seed */
	} else if (kind == 0 && w->nunplaced > 0) {
		seed_class(w, w->unplaced[pick(w, w->nunplaced)], 6);
	} else if (kind == 1 || m->nr == 0) {
		size_t at = pick(w, m->nk);
		for (size_t s = 0; s < m->nk; s++) {
			size_t k = (at + s) % m->nk;
			if (opened(w, k)) {
				nb_add(w, k);
				break;
			}
		}
	} else {
		seed_row(w, pick(w, m->nr), 6);
	}
	if (w->nlist == 0 && w->nunplaced > 0)
		seed_class(w, w->unplaced[pick(w, w->nunplaced)], 6);
	/* grow breadth-first from the seed until the budget is spent; when
	 * the ties run out, seed again: timetables of people not placed, and
	 * other timetables of the teachers already in */
	size_t h = 0;
	for (int tries = 0; tries < 64 && w->pairs < w->budget; tries++) {
		size_t before = w->nlist;
		for (; h < w->nlist && w->pairs < w->budget; h++) {
			size_t k = w->list[h];
			grow_rows(w, k);
			grow_people(w, k, opened(w, k) ? 2 : 6);
		}
		if (w->pairs >= w->budget)
			break;
		if (pick(w, 2) == 0 && w->nunplaced > 0) {
			seed_class(w, w->unplaced[pick(w, w->nunplaced)], 3);
		} else if (w->nlist > 0) {
			size_t k = w->list[pick(w, w->nlist)];
			size_t nr = m->krfirst[k + 1] - m->krfirst[k];
			if (nr > 0)
				seed_row(w, m->krrow[m->krfirst[k] + pick(w, nr)], 3);
		}
		if (w->nlist == before && tries > 32)
			break;
	}
}

/* ---- one sub-problem's search ---- */

/*
 * Improve *pl (feasible for m) with greedy completion and the MIP search
 * of mip_solve under options o, without explanations: what a sub-problem
 * gets. *obj receives the objective of the plan left in *pl.
 */
static enum cp_solver_status solve_plan(const struct model *m,
		const struct cp_solver_options *o, struct plan *pl, double *obj,
		struct cp_solver_error *err)
{
	struct mip_ctx ctx;
	struct mip_out mo;
	struct greedy *g = greedy_create(m, o->seed);
	enum cp_solver_status st = CP_SOLVER_OK;

	ctx_init(&ctx, m, o, pl, solver_now());
	if (!g || !mip_out_init(&mo, m)) {
		greedy_destroy(g);
		ctx_finish(&ctx);
		return solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
	}
	ctx.g = g;
	if (!greedy_complete(g, pl)) {
		st = solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
		goto out;
	}
	ctx.best_obj = ctx.incumbent = plan_objective(m, pl);
	mo.bound = model_trivial_bound(m);
	mo.bound_ok = true;
	if (m->np > 0 && m->heads > 0 &&
	    solver_gap(ctx.best_obj, mo.bound) > o->gap) {
		st = mip_solve(&ctx, &mo, err);
		if (st == CP_SOLVER_OK && !greedy_complete(g, pl))
			st = solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
	}
	*obj = plan_objective(m, pl);
out:
	mip_out_finish(&mo);
	greedy_destroy(g);
	ctx_finish(&ctx);
	return st;
}

/* ---- the sub-problem -------------------------------------------------- */

/* What the best plan places per class, and who is left to place. */
static void count_placed(struct worker *w)
{
	const struct model *m = w->m;
	const struct cp_solver_problem *p = m->prob;
	w->nunplaced = 0;
	for (size_t c = 0; c < m->nc; c++) {
		long u = 0;
		for (size_t i = m->cfirst[c]; i < m->cfirst[c + 1]; i++)
			u += w->inc.x[i];
		w->placed[c] = u;
		if (u < p->cls[c].count && m->flex[c] > 0)
			w->unplaced[w->nunplaced++] = c;
	}
}

/* The known cuts from plans (options.separate) over the free candidates
 * of sub-problem sp, whose candidates are list's, with what fixed cohorts
 * use off the bound. Where the best plan breaks one, its start is mended
 * first (mend_start). Reads the cuts under the solve's lock; false when
 * out of memory. */
static bool cut_rows(struct worker *w, struct cp_solver_problem *sp)
{
	const struct cp_solver_cuts *cuts = &w->ctx->cuts;
	bool ok = true;
	size_t *at = NULL;
	if (!w->ctx->o->separate)
		return true;
	pthread_mutex_lock(&w->ctx->lock);
	for (size_t r = 0; r < cuts->n && ok; r++) {
		long fixed = 0;
		size_t nfree = 0;
		for (size_t q = cuts->first[r]; q < cuts->first[r + 1]; q++) {
			size_t k = cuts->cand[q];
			if (w->free_k[k])
				nfree++;
			else
				fixed += w->inc.y[k];
		}
		if (nfree == 0)
			continue;
		double b = cuts->bound[r] - (double)fixed;
		if (b < 0)
			b = 0;
		size_t row;
		ok = cp_solver_problem_add_row(sp, NULL, b, &row, NULL) == CP_SOLVER_OK;
		if (!ok)
			break;
		if (!at) {
			/* position of each free candidate in the sub-problem */
			at = malloc((w->m->nk ? w->m->nk : 1) * sizeof *at);
			if (!(ok = at != NULL))
				break;
			for (size_t t = 0; t < w->nlist; t++)
				at[w->list[t]] = t;
		}
		for (size_t q = cuts->first[r]; q < cuts->first[r + 1] && ok; q++)
			if (w->free_k[cuts->cand[q]])
				ok = cp_solver_problem_set_coef(sp, row, at[cuts->cand[q]], 1,
						NULL) == CP_SOLVER_OK;
	}
	pthread_mutex_unlock(&w->ctx->lock);
	free(at);
	return ok;
}

/* The sub-problem of the free candidates; their order in it is list's.
 * NULL when out of memory (w->nomem) or invalid (a bug: never seen). */
static struct cp_solver_problem *build_sub(struct worker *w)
{
	const struct model *m = w->m;
	const struct cp_solver_problem *p = m->prob;
	struct cp_solver_problem *sp = cp_solver_problem_create();
	w->sub_heads = 0;
	if (!sp)
		goto fail;
	if (cp_solver_problem_set_target(sp, p->target, NULL) != CP_SOLVER_OK)
		goto fail;
	/* people: those held by free cohorts or not placed at all */
	for (size_t t = 0; t < w->nlist; t++) {
		size_t k = w->list[t];
		for (size_t j = m->kfirst[k]; j < m->kfirst[k + 1]; j++) {
			size_t c = m->pc[m->kpairs[j]];
			if (w->cls_map[c] == CP_SOLVER_NONE) {
				w->cls_map[c] = 0; /* numbered below */
				w->left[c] = p->cls[c].count - w->placed[c];
			}
			w->left[c] += w->inc.x[m->kpairs[j]];
		}
	}
	for (size_t c = 0; c < m->nc; c++) {
		struct cp_solver_class sc;
		if (w->cls_map[c] == CP_SOLVER_NONE)
			continue;
		if (w->left[c] <= 0) {
			w->cls_map[c] = CP_SOLVER_NONE;
			continue;
		}
		sc = p->cls[c];
		sc.count = w->left[c];
		w->sub_heads += sc.count * sc.unit_size;
		if (cp_solver_problem_add_class(sp, &sc, &w->cls_map[c], NULL) !=
		    CP_SOLVER_OK)
			goto fail;
	}
	for (size_t t = 0; t < w->nlist; t++)
		if (cp_solver_problem_add_candidate(sp, &p->cand[w->list[t]], NULL,
				NULL) != CP_SOLVER_OK)
			goto fail;
	for (size_t t = 0; t < w->nlist; t++) {
		size_t k = w->list[t];
		for (size_t j = m->kfirst[k]; j < m->kfirst[k + 1]; j++) {
			size_t i = m->kpairs[j], c = m->pc[i];
			if (w->cls_map[c] == CP_SOLVER_NONE)
				continue;
			if (cp_solver_problem_add_eligibility(sp, w->cls_map[c], t,
					&m->pelig[i], NULL) != CP_SOLVER_OK)
				goto fail;
		}
	}
	/* rows: what fixed cohorts use comes off the bound */
	for (size_t t = 0; t < w->nlist; t++) {
		size_t k = w->list[t];
		for (size_t j = m->krfirst[k]; j < m->krfirst[k + 1]; j++) {
			size_t r = m->krrow[j];
			double used = 0;
			if (w->row_map[r] != CP_SOLVER_NONE)
				continue;
			for (size_t q = m->rfirst[r]; q < m->rfirst[r + 1]; q++)
				if (!w->free_k[m->rcand[q]])
					used += m->rcoef[q] * (double)w->inc.y[m->rcand[q]];
			/* the best plan is feasible: b covers the free cohorts'
			 * use up to rounding, which must not cut it off */
			double b = p->rows[r].bound - used +
				1e-9 * (1 + fabs(p->rows[r].bound));
			if (b < 0)
				b = 0;
			if (cp_solver_problem_add_row(sp, NULL, b, &w->row_map[r],
					NULL) != CP_SOLVER_OK)
				goto fail;
			w->rows[w->nrows++] = r;
		}
	}
	for (size_t t = 0; t < w->nlist; t++) {
		size_t k = w->list[t];
		for (size_t j = m->krfirst[k]; j < m->krfirst[k + 1]; j++)
			if (cp_solver_problem_set_coef(sp, w->row_map[m->krrow[j]], t,
					m->krcoef[j], NULL) != CP_SOLVER_OK)
				goto fail;
	}
	if (!cut_rows(w, sp))
		goto fail;
	for (size_t s = 0; s < p->nseps; s++) {
		size_t a = w->cls_map[p->seps[s].a], b = w->cls_map[p->seps[s].b];
		if (a != CP_SOLVER_NONE && b != CP_SOLVER_NONE &&
		    cp_solver_problem_add_separation(sp, a, b, NULL) != CP_SOLVER_OK)
			goto fail;
	}
	return sp;
fail:
	w->nomem = true;
	cp_solver_problem_destroy(sp);
	return NULL;
}

/* The best plan restricted to a sub-problem breaks a row there only where
 * it breaks a cut from plans (the model's own rows it keeps): close the
 * smallest cohort of such a row until none is broken, its people free for
 * the sub-problem to seat again. False when that does not make it
 * feasible (then the round is skipped). */
static bool mend_start(const struct model *sm, struct plan *sub)
{
	const struct cp_solver_problem *p = sm->prob;
	for (size_t r = 0; r < sm->nr; r++) {
		for (;;) {
			double lhs = 0;
			size_t least = CP_SOLVER_NONE;
			long least_heads = 0;
			for (size_t q = sm->rfirst[r]; q < sm->rfirst[r + 1]; q++) {
				size_t k = sm->rcand[q];
				lhs += sm->rcoef[q] * (double)sub->y[k];
				if (sub->y[k] <= 0)
					continue;
				long heads = 0;
				for (size_t j = sm->kfirst[k]; j < sm->kfirst[k + 1]; j++) {
					size_t i = sm->kpairs[j];
					heads += sub->x[i] * p->cls[sm->pc[i]].unit_size;
				}
				heads /= sub->y[k];
				if (least == CP_SOLVER_NONE || heads < least_heads) {
					least = k;
					least_heads = heads;
				}
			}
			if (lhs <= p->rows[r].bound + 1e-9 || least == CP_SOLVER_NONE)
				break;
			/* one cohort fewer: its members leave (largest
			 * classes' units first kept) until the rest fits */
			sub->y[least]--;
			long room = p->cand[least].max_size * sub->y[least], held = 0;
			for (size_t j = sm->kfirst[least]; j < sm->kfirst[least + 1]; j++) {
				size_t i = sm->kpairs[j];
				long unit = p->cls[sm->pc[i]].unit_size;
				while (sub->x[i] > 0 && held + unit * sub->x[i] > room)
					sub->x[i]--;
				held += unit * sub->x[i];
			}
		}
	}
	return plan_feasible(sm, sub);
}

/* Forget this round's numbering. */
static void unmap(struct worker *w)
{
	const struct model *m = w->m;
	for (size_t t = 0; t < w->nlist; t++) {
		size_t k = w->list[t];
		for (size_t j = m->kfirst[k]; j < m->kfirst[k + 1]; j++)
			w->cls_map[m->pc[m->kpairs[j]]] = CP_SOLVER_NONE;
	}
	for (size_t t = 0; t < w->nrows; t++)
		w->row_map[w->rows[t]] = CP_SOLVER_NONE;
	w->nrows = 0;
}

/* inc restricted to the sub-model (its start), or the sub-plan written
 * back into cand (to_full). */
static void map_plan(struct worker *w, const struct model *sm, struct plan *sub,
		bool to_full)
{
	const struct model *m = w->m;
	for (size_t t = 0; t < w->nlist; t++) {
		size_t k = w->list[t];
		if (to_full)
			w->cand.y[k] = sub->y[t];
		else
			sub->y[t] = w->inc.y[k];
		for (size_t j = m->kfirst[k]; j < m->kfirst[k + 1]; j++) {
			size_t i = m->kpairs[j], c = w->cls_map[m->pc[i]];
			size_t si = c == CP_SOLVER_NONE ? CP_SOLVER_NONE
				: model_pair(sm, c, t);
			if (to_full)
				w->cand.x[i] = si == CP_SOLVER_NONE ? 0 : sub->x[si];
			else if (si != CP_SOLVER_NONE)
				sub->x[si] = w->inc.x[i];
		}
	}
}

/* The sub-solve's progress (data: the worker): a way to stop it when the
 * search ends. */
static bool sub_progress(const struct cp_solver_progress *pr, void *data)
{
	(void)pr;
	return !stop_asked(data);
}

/* Re-solve the neighbourhood; 1: the plan improved, 0: not, -1: failed. */
static int resolve(struct worker *w, double *took, bool *finished)
{
	const struct model *m = w->m;
	struct cp_solver_options so;
	struct cp_solver_problem *sp;
	struct model sm;
	struct plan sub = { 0 };
	double obj, t0 = solver_now();
	int ret = 0;

	*finished = false;
	sp = build_sub(w);
	if (!sp) {
		unmap(w);
		return -1;
	}
	cp_solver_options_init(&so);
	so.weights = w->ctx->o->weights;
	so.cuts = w->ctx->o->cuts;
	so.strong_links = w->ctx->o->strong_links;
	so.seed = (unsigned long)rnd(&w->rng);
	/* only a whole head more is worth the search: stop once the bound
	 * says less than one is left to find (the secondary terms and heads
	 * below the target are worth less than one head together) */
	so.gap = 0.99 / ((double)w->sub_heads + 1.0);
	so.colgen_pairs = 0;
	so.threads = 1;
	so.deterministic = !w->lim->timed; /* LPs in one piece, see mip.c */
	if (m->focus != CP_SOLVER_NONE && w->cls_map[m->focus] != CP_SOLVER_NONE) {
		/* the class checked first (engine/plan/check.c) stays first */
		so.focus = true;
		so.focus_class = w->cls_map[m->focus];
	}
	so.node_limit = w->lim->sub_nodes;
	so.time_limit = 0;
	if (w->lim->timed) {
		/* a sub-problem gets a second, or less at the end */
		double left = w->lim->until > 0
			? w->lim->until - solver_now() - w->tail : 1;
		so.time_limit = left < 1 ? left : 1;
		if (so.time_limit < 0.05) {
			cp_solver_problem_destroy(sp);
			unmap(w);
			return 0;
		}
		so.progress = sub_progress;
		so.progress_data = w;
		so.progress_interval = 0.05;
	}
	if (model_init(&sm, sp, &so, NULL) != CP_SOLVER_OK) {
		cp_solver_problem_destroy(sp);
		unmap(w);
		return -1;
	}
	if (!plan_init(&sub, &sm)) {
		ret = -1;
		goto out;
	}
	map_plan(w, &sm, &sub, false);
	if (!plan_feasible(&sm, &sub) && !(w->ctx->o->separate && mend_start(&sm, &sub)))
		goto out; /* rounding in a row bound: skip this one */
	double ts = solver_now();
	if (solve_plan(&sm, &so, &sub, &obj, NULL) != CP_SOLVER_OK) {
		ret = -1;
		goto out;
	}
	w->sub_took = solver_now() - ts;
	*finished = so.time_limit <= 0 || solver_now() - t0 < 0.9 * so.time_limit;
	plan_copy(&w->cand, &w->inc, m);
	map_plan(w, &sm, &sub, true);
	if (!greedy_complete(w->g, &w->cand)) {
		ret = -1;
		goto out;
	}
	double full = plan_objective(m, &w->cand);
	bool better = full > w->inc_obj + 1e-9;
	if (w->ctx->o->separate) {
		/* judged less the heads beyond the known cuts */
		pthread_mutex_lock(&w->ctx->lock);
		better = full - cuts_penalty(w->ctx, &w->cand) >
			 w->inc_obj - cuts_penalty(w->ctx, &w->inc) + 1e-9;
		pthread_mutex_unlock(&w->ctx->lock);
	}
	/* the whole-model check only for a plan worth offering: it costs as
	 * much as the completion (0.18 s a round at 20,000 people) and most
	 * rounds find nothing better */
	if (better && plan_feasible(m, &w->cand))
		ret = best_offer(w->ctx, &w->cand, full, CP_SOLVER_SOURCE_LNS);
out:
	*took = solver_now() - t0;
	plan_finish(&sub);
	model_finish(&sm);
	cp_solver_problem_destroy(sp);
	unmap(w);
	return ret;
}

/* ---- workers ---------------------------------------------------------- */

static void *work(void *arg)
{
	struct worker *w = arg;
	const struct lns_limits *lim = w->lim;
	long stall = 0;
	size_t most = lim->timed ? NB_MAX : NB_MAX_DETERMINISTIC;

	while (!stop_asked(w)) {
		double took, top = solver_now();
		bool finished;
		int r;

		if (lim->max_rounds > 0 && w->rounds >= lim->max_rounds)
			break;
		if (best_take(w->ctx, &w->inc, &w->inc_obj, &w->seen))
			count_placed(w);
		choose(w);
		if (w->nlist == 0)
			break; /* nothing open and nobody to place */
		w->sub_took = 0;
		r = resolve(w, &took, &finished);
		/* only a round that solved its sub-problem completed the whole
		 * plan after it; a skipped one says nothing about that */
		if (w->sub_took > 0)
			w->tail = solver_now() - top - w->sub_took;
		w->rounds++;
		if (r < 0) {
			w->nomem = true;
			break;
		}
		if (r > 0) {
			w->improved++;
			stall = 0;
			continue;
		}
		/* no better plan here: look wider when the sub-problem was
		 * easy, narrower when it was not solved in its time */
		if (finished) {
			if (w->budget < most)
				w->budget = w->budget * 3 / 2;
			else if (++stall >= STALL_ROUNDS && lim->max_rounds == 0)
				break;
		} else if (w->budget > NB_MIN) {
			w->budget = w->budget * 2 / 3;
		}
		if (w->budget > most)
			w->budget = most;
	}
	pthread_mutex_lock(&w->pool->lock);
	w->pool->running--;
	pthread_mutex_unlock(&w->pool->lock);
	return NULL;
}

static void worker_finish(struct worker *w)
{
	plan_finish(&w->inc);
	plan_finish(&w->cand);
	greedy_destroy(w->g);
	free(w->free_k);
	free(w->list);
	free(w->left);
	free(w->placed);
	free(w->cls_map);
	free(w->row_map);
	free(w->rows);
	free(w->unplaced);
}

static bool worker_init(struct worker *w, struct mip_ctx *ctx, struct lns_pool *pool,
		size_t index)
{
	const struct model *m = ctx->m;
	memset(w, 0, sizeof *w);
	w->ctx = ctx;
	w->m = m;
	w->pool = pool;
	w->lim = &pool->lim;
	w->rng = 0x6c6e7321u ^ ((uint64_t)ctx->o->seed << 8) ^ index;
	w->budget = NB_FIRST;
	/* before the first round is measured: its completion of the whole
	 * plan costs about what the first greedy plan did */
	w->tail = ctx->greedy_secs;
	w->seen = (unsigned long)-1; /* take the best plan first */
	w->g = greedy_create(m, ctx->o->seed + index + 1);
	w->free_k = calloc(m->nk ? m->nk : 1, sizeof *w->free_k);
	w->list = malloc((m->nk ? m->nk : 1) * sizeof *w->list);
	w->left = calloc(m->nc ? m->nc : 1, sizeof *w->left);
	w->placed = calloc(m->nc ? m->nc : 1, sizeof *w->placed);
	w->cls_map = malloc((m->nc ? m->nc : 1) * sizeof *w->cls_map);
	w->row_map = malloc((m->nr ? m->nr : 1) * sizeof *w->row_map);
	w->rows = malloc((m->nr ? m->nr : 1) * sizeof *w->rows);
	w->unplaced = malloc((m->nc ? m->nc : 1) * sizeof *w->unplaced);
	if (!w->g || !w->free_k || !w->list || !w->left || !w->placed ||
	    !w->cls_map || !w->row_map || !w->rows || !w->unplaced ||
	    !plan_init(&w->inc, m) || !plan_init(&w->cand, m)) {
		worker_finish(w);
		return false;
	}
	for (size_t c = 0; c < m->nc; c++)
		w->cls_map[c] = CP_SOLVER_NONE;
	for (size_t r = 0; r < m->nr; r++)
		w->row_map[r] = CP_SOLVER_NONE;
	return true;
}

struct lns_pool *lns_start(struct mip_ctx *ctx, const struct lns_limits *lim)
{
	struct lns_pool *pool;

	if (lim->workers == 0 || !mip_parallel_ok())
		return NULL;
	pool = calloc(1, sizeof *pool);
	if (!pool)
		return NULL;
	pool->lim = *lim;
	pool->w = calloc(lim->workers, sizeof *pool->w);
	pthread_mutex_init(&pool->lock, NULL);
	if (!pool->w) {
		lns_stop(pool, ctx, NULL, NULL);
		return NULL;
	}
	pthread_mutex_lock(&ctx->lock);
	ctx->stop_workers = false;
	pthread_mutex_unlock(&ctx->lock);
	for (size_t i = 0; i < lim->workers; i++) {
		struct worker *w = &pool->w[i];
		if (!worker_init(w, ctx, pool, lim->first_index + i))
			break;
		pool->n++;
		pthread_mutex_lock(&pool->lock);
		pool->running++;
		pthread_mutex_unlock(&pool->lock);
		if (pthread_create(&w->thread, NULL, work, w) != 0) {
			pthread_mutex_lock(&pool->lock);
			pool->running--;
			pthread_mutex_unlock(&pool->lock);
			break;
		}
		w->started = true;
	}
	return pool;
}

bool lns_done(struct lns_pool *pool)
{
	bool done;
	if (!pool)
		return true;
	pthread_mutex_lock(&pool->lock);
	done = pool->running == 0;
	pthread_mutex_unlock(&pool->lock);
	return done;
}

void lns_wait(struct lns_pool *pool)
{
	if (!pool)
		return;
	for (size_t i = 0; i < pool->n; i++)
		if (pool->w[i].started) {
			pthread_join(pool->w[i].thread, NULL);
			pool->w[i].started = false;
		}
}

void lns_stop(struct lns_pool *pool, struct mip_ctx *ctx, long *rounds,
		long *improved)
{
	long r = 0, im = 0;
	if (!pool)
		return;
	pthread_mutex_lock(&ctx->lock);
	ctx->stop_workers = true;
	pthread_mutex_unlock(&ctx->lock);
	lns_wait(pool);
	for (size_t i = 0; i < pool->n; i++) {
		r += pool->w[i].rounds;
		im += pool->w[i].improved;
		worker_finish(&pool->w[i]);
	}
	if (rounds)
		*rounds = r;
	if (improved)
		*improved = im;
	free(pool->w);
	pthread_mutex_destroy(&pool->lock);
	free(pool);
}
