/*
 * The GLPK side: the only file of cohortplan that includes glpk.h.
 *
 * GLPK keeps its environment (terminal output switch, memory accounting,
 * error hook) in global state, thread-local only in some builds, and calls
 * abort() on internal errors unless a hook intercepts them. So every entry
 * here takes one process-wide mutex, installs an error hook that jumps back
 * to us, switches terminal output off, and frees the environment before
 * unlocking (nothing of GLPK survives a call).
 */
#include <float.h>
#include <limits.h>
#include <glpk.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "solver-private.h"
#include "cp_util.h"

static pthread_mutex_t glpk_lock = PTHREAD_MUTEX_INITIALIZER;

struct hook {
	jmp_buf jb;
	char last[200]; /* GLPK's last line of output: its error message */
};

static void on_glpk_error(void *info)
{
	struct hook *h = info;
	/* GLPK's state is inconsistent now: the caller frees the whole
	 * environment after the jump (glp_free_env), as the manual asks. */
	longjmp(h->jb, 1);
}

/* All of GLPK's terminal output ends here: library code never prints.
 * The last non-empty line is kept, since an error message is printed just
 * before the error hook runs. */
static int on_glpk_output(void *info, const char *s)
{
	struct hook *h = info;
	size_t n = strlen(s);
	if (n > 1 || (n == 1 && s[0] != '\n')) {
		snprintf(h->last, sizeof h->last, "%s", s);
		n = strlen(h->last);
		while (n > 0 && (h->last[n - 1] == '\n' || h->last[n - 1] == ' '))
			h->last[--n] = '\0';
	}
	return 1;
}

/*
 * Whether GLPK's environment is per thread, found once by asking: a fresh
 * thread switches terminal output on and looks at what it was. With one
 * environment per thread the answer is GLPK's default (on), whatever this
 * thread set; with one shared environment it is this thread's "off".
 */
static bool parallel_ok;
static pthread_once_t parallel_once = PTHREAD_ONCE_INIT;

static void *probe_thread(void *arg)
{
	int *was = arg;
	*was = glp_term_out(GLP_ON);
	glp_free_env();
	return NULL;
}

static void probe_parallel(void)
{
	pthread_t t;
	int was = GLP_OFF;

	glp_term_out(GLP_OFF);
	if (pthread_create(&t, NULL, probe_thread, &was) == 0) {
		pthread_join(t, NULL);
		parallel_ok = was == GLP_ON;
	}
	glp_free_env();
}

bool mip_parallel_ok(void)
{
	pthread_mutex_lock(&glpk_lock);
	pthread_once(&parallel_once, probe_parallel);
	pthread_mutex_unlock(&glpk_lock);
	return parallel_ok;
}

/* Enter GLPK: lock (unless every thread has its own environment), hooks,
 * quiet. */
static void glpk_enter(struct hook *h)
{
	if (!mip_parallel_ok())
		pthread_mutex_lock(&glpk_lock);
	h->last[0] = '\0';
	glp_error_hook(on_glpk_error, h);
	glp_term_hook(on_glpk_output, h);
	glp_term_out(GLP_OFF);
}

/* Leave GLPK: everything it allocated goes, hooks included. */
static void glpk_leave(void)
{
	glp_free_env();
	if (!parallel_ok)
		pthread_mutex_unlock(&glpk_lock);
}

/* Column indices (1-based, as GLPK counts). */
static int col_y(const struct model *m, size_t k)
{
	(void)m;
	return (int)k + 1;
}

static int col_x(const struct model *m, size_t i)
{
	return (int)(m->nk + i) + 1;
}

static int col_z(const struct model *m, size_t g)
{
	return (int)(m->nk + m->np + g) + 1;
}

/* Growable triplet list for glp_load_matrix. */
struct trip {
	int *ia, *ja;
	double *ar;
	size_t n, cap;
};

static bool trip_add(struct trip *t, int i, int j, double v)
{
	/* GLPK reads entries 1..n: slot 0 stays unused */
	/* ia, ja and ar share cap: grow all three, then record it. */
	size_t cap = t->cap, cap_ja = t->cap, cap_ar = t->cap;
	if (!CP_GROW(t->ia, cap, t->n + 2, 1024) || !CP_GROW(t->ja, cap_ja, t->n + 2, 1024) ||
	    !CP_GROW(t->ar, cap_ar, t->n + 2, 1024))
		return false;
	t->cap = cap;
	t->n++;
	t->ia[t->n] = i;
	t->ja[t->n] = j;
	t->ar[t->n] = v;
	return true;
}

static void trip_free(struct trip *t)
{
	free(t->ia);
	free(t->ja);
	free(t->ar);
}

/*
 * P's matrix by columns, as GLPK numbers them: column j's entries are
 * row[beg[j]..beg[j + 1]) with val, for j in 1..ncols. The column
 * generation reads columns from here, not with glp_get_mat_col, and a
 * model whose LP the column generation alone answers never loads its
 * matrix into GLPK (lp_by_rmp): at 20,000 people in 12 zones, 11 million
 * columns and 47 million entries, glp_load_matrix took 15 s of a 60 s
 * limit and about 2 GB; these arrays take 0.6 GB.
 */
struct colmat {
	size_t *beg;
	int *row;
	double *val;
};

static void colmat_free(struct colmat *cm)
{
	free(cm->beg);
	free(cm->row);
	free(cm->val);
	memset(cm, 0, sizeof *cm);
}

/* The triplets t as columns (1..ncols) into cm; false when out of memory. */
static bool colmat_from(struct colmat *cm, const struct trip *t, int ncols)
{
	cm->beg = calloc((size_t)ncols + 2, sizeof *cm->beg);
	cm->row = malloc((t->n ? t->n : 1) * sizeof *cm->row);
	cm->val = malloc((t->n ? t->n : 1) * sizeof *cm->val);
	if (!cm->beg || !cm->row || !cm->val) {
		colmat_free(cm);
		return false;
	}
	/* counting sort by column: counts at beg[j + 1], then prefix sums
	 * make beg[j] column j's start; filling moves beg[j] to its end,
	 * so the starts are taken back one place at the end */
	for (size_t e = 1; e <= t->n; e++)
		cm->beg[t->ja[e] + 1]++;
	for (int j = 1; j <= ncols + 1; j++)
		cm->beg[j] += cm->beg[j - 1];
	for (size_t e = 1; e <= t->n; e++) {
		size_t at = cm->beg[t->ja[e]]++;
		cm->row[at] = t->ia[e];
		cm->val[at] = t->ar[e];
	}
	for (int j = ncols + 1; j > 0; j--)
		cm->beg[j] = cm->beg[j - 1];
	cm->beg[0] = 0;
	return true;
}

/* What build() tells the solve about P: our rows' GLPK rows, for duals
 * and slacks, and the matrix by columns when asked for. */
struct rowmap {
	int *res; /* capacity row r -> GLPK row */
	int own_first, own_end; /* the candidates' own rows (sizes, parity,
	                         * links, profiles): own_first..own_end - 1 */
	struct colmat cols; /* empty unless build() was asked for it */
};

static void rowmap_free(struct rowmap *rm)
{
	free(rm->res);
	colmat_free(&rm->cols);
}

/* Name a row or column, only when named (names cost memory). A macro
 * keeps the format a literal that the compiler checks. */
#define NAME(P, named, col, idx, ...) do { \
		if (named) { \
			char buf_[64]; \
			snprintf(buf_, sizeof buf_, __VA_ARGS__); \
			if (col) \
				glp_set_col_name((P), (idx), buf_); \
			else \
				glp_set_row_name((P), (idx), buf_); \
		} \
	} while (0)

static int add_row(glp_prob *P, int type, double lo, double hi)
{
	int i = glp_add_rows(P, 1);
	glp_set_row_bnds(P, i, type, lo, hi);
	return i;
}

/* The columns of docs/solver.md: y (cohorts opened per candidate), x (units
 * of a class in a candidate), z (profile groups), with bounds and costs. */
static void add_columns(const struct model *m, glp_prob *P, double sign, bool named)
{
	const struct cp_solver_problem *p = m->prob;

	for (size_t k = 0; k < m->nk; k++) {
		const struct cp_solver_candidate *kk = &p->cand[k];
		long ub = kk->max_open;
		int j = col_y(m, k);
		/* a candidate that even everyone eligible cannot fill never
		 * opens: fixing it here saves GLPK the branching */
		if (m->pool[k] < kk->min_size)
			ub = 0;
		glp_set_col_kind(P, j, GLP_IV);
		glp_set_col_bnds(P, j, ub > 0 ? GLP_DB : GLP_FX, 0, (double)ub);
		if (m->gfirst && m->ng && m->gfirst[k + 1] > m->gfirst[k])
			glp_set_obj_coef(P, j, sign * m->yobj);
		NAME(P, named, true, j, "y%zu", k);
	}
	for (size_t i = 0; i < m->np; i++) {
		int j = col_x(m, i);
		long ub = m->pub[i];
		if (m->pool[m->pk[i]] < p->cand[m->pk[i]].min_size)
			ub = 0;
		glp_set_col_kind(P, j, GLP_IV);
		glp_set_col_bnds(P, j, ub > 0 ? GLP_DB : GLP_FX, 0, (double)ub);
		glp_set_obj_coef(P, j, sign * m->pobj[i]);
		NAME(P, named, true, j, "x%zu_%zu", m->pc[i], m->pk[i]);
	}
	for (size_t k = 0; k < m->nk; k++) {
		for (size_t g = m->ng ? m->gfirst[k] : 0;
		     m->ng && g < m->gfirst[k + 1]; g++) {
			int j = col_z(m, g);
			glp_set_col_kind(P, j, GLP_IV);
			long ub = p->cand[k].max_open;
			glp_set_col_bnds(P, j, ub > 0 ? GLP_DB : GLP_FX, 0,
					(double)ub);
			glp_set_obj_coef(P, j, sign * m->zobj);
			NAME(P, named, true, j, "z%zu_%zu", k,
					(size_t)m->gprof[g]);
		}
	}
}

/* Each class: no more units than it has. */
static bool class_rows(const struct model *m, glp_prob *P, bool named, struct trip *t)
{
	const struct cp_solver_problem *p = m->prob;

	for (size_t c = 0; c < m->nc; c++) {
		int r;
		if (m->cfirst[c + 1] - m->cfirst[c] < 2)
			continue; /* the column bound says it */
		r = add_row(P, GLP_UP, 0, (double)p->cls[c].count);
		NAME(P, named, false, r, "class%zu", c);
		for (size_t i = m->cfirst[c]; i < m->cfirst[c + 1]; i++)
			if (!trip_add(t, r, col_x(m, i), 1.0))
				return false;
	}
	return true;
}

/* Candidate k's profile groups (grow[g]: the size row of group g). */
static bool profile_rows(const struct model *m, glp_prob *P, bool named, struct trip *t,
		int *grow, size_t k)
{
	const struct cp_solver_problem *p = m->prob;
	long U = p->cand[k].max_size;

	int rsum = add_row(P, GLP_LO, 0, 0);
	NAME(P, named, false, rsum, "profiles%zu", k);
	if (!trip_add(t, rsum, col_y(m, k), -1.0))
		return false;
	for (size_t g = m->gfirst[k]; g < m->gfirst[k + 1]; g++) {
		int rz = add_row(P, GLP_UP, 0, 0);
		NAME(P, named, false, rz, "zy%zu_%zu", k, g);
		grow[g] = add_row(P, GLP_UP, 0, 0);
		NAME(P, named, false, grow[g], "zsize%zu_%zu", k, g);
		if (!trip_add(t, rsum, col_z(m, g), 1.0) ||
		    !trip_add(t, rz, col_z(m, g), 1.0) ||
		    !trip_add(t, rz, col_y(m, k), -1.0) ||
		    !trip_add(t, grow[g], col_z(m, g), -(double)U))
			return false;
	}
	for (size_t jj = m->kfirst[k]; jj < m->kfirst[k + 1]; jj++) {
		size_t i = m->kpairs[jj];
		if (!trip_add(t, grow[m->pgroup[i]], col_x(m, i),
				p->cls[m->pc[i]].unit_size))
			return false;
	}
	return true;
}

/* Candidate k: sizes, the parity rules for couples, and its profile
 * groups. */
static bool candidate_rows(const struct model *m, glp_prob *P, bool named, struct trip *t,
		int *grow, size_t k)
{
	const struct cp_solver_problem *p = m->prob;
	const struct cp_solver_candidate *kk = &p->cand[k];
	long L = kk->min_size, U = kk->max_size;
	int rmax, rmin, rodd = 0, rcpl = 0;
	if (m->kfirst[k + 1] == m->kfirst[k] || kk->max_open == 0 ||
	    m->pool[k] < L)
		return true;
	rmax = add_row(P, GLP_UP, 0, 0);
	rmin = add_row(P, GLP_LO, 0, 0);
	NAME(P, named, false, rmax, "max%zu", k);
	NAME(P, named, false, rmin, "min%zu", k);
	/* a cohort never holds more than everyone eligible for it:
	 * the smaller coefficient is as valid and a tighter LP
	 * (GLPK's MIP preprocessor does the same; without it, our
	 * plans cannot be offered) */
	long Umax = m->pool[k] < U ? m->pool[k] : U;
	if (!trip_add(t, rmax, col_y(m, k), -(double)Umax) ||
	    !trip_add(t, rmin, col_y(m, k), -(double)L))
		return false;
	if (m->couples[k] && L % 2 == 1) {
		rodd = add_row(P, GLP_LO, 0, 0);
		NAME(P, named, false, rodd, "oddmin%zu", k);
		if (!trip_add(t, rodd, col_y(m, k), -(double)(L + 1)))
			return false;
	}
	if (m->couples[k] && U % 2 == 1) {
		rcpl = add_row(P, GLP_UP, 0, 0);
		NAME(P, named, false, rcpl, "oddmax%zu", k);
		if (!trip_add(t, rcpl, col_y(m, k), -(double)(U - 1)))
			return false;
	}
	for (size_t jj = m->kfirst[k]; jj < m->kfirst[k + 1]; jj++) {
		size_t i = m->kpairs[jj];
		const struct cp_solver_class *c = &p->cls[m->pc[i]];
		int j = col_x(m, i);
		double unit = c->unit_size;
		long cap = U / c->unit_size;
		if (!trip_add(t, rmax, j, unit) ||
		    !trip_add(t, rmin, j, unit))
			return false;
		if (rodd && !trip_add(t, rodd, j, 2.0))
			return false;
		if (rcpl && c->unit_size == 2 && !trip_add(t, rcpl, j, 2.0))
			return false;
		/* the disaggregated link makes the LP see min sizes */
		if (m->strong_links && c->count < cap && m->pub[i] > 0) {
			int r = add_row(P, GLP_UP, 0, 0);
			NAME(P, named, false, r, "link%zu_%zu", m->pc[i], k);
			if (!trip_add(t, r, j, 1.0) ||
			    !trip_add(t, r, col_y(m, k),
					-(double)c->count))
				return false;
		}
	}
	if (m->ng && m->gfirst[k + 1] > m->gfirst[k])
		return profile_rows(m, P, named, t, grow, k);
	return true;
}

/* Capacity rows (their row numbers into rm when given). */
static bool capacity_rows(const struct model *m, glp_prob *P, bool named, struct trip *t,
		struct rowmap *rm)
{
	const struct cp_solver_problem *p = m->prob;

	for (size_t r = 0; r < m->nr; r++) {
		int gr = add_row(P, GLP_UP, 0, p->rows[r].bound);
		NAME(P, named, false, gr, "cap%zu", r);
		if (rm)
			rm->res[r] = gr;
		for (size_t j = m->rfirst[r]; j < m->rfirst[r + 1]; j++)
			if (!trip_add(t, gr, col_y(m, m->rcand[j]), m->rcoef[j]))
				return false;
	}
	return true;
}

/* Separations: a row per separated pair of classes and shared candidate. */
static bool separation_rows(const struct model *m, glp_prob *P, bool named, struct trip *t)
{
	const struct cp_solver_problem *p = m->prob;

	for (size_t s = 0; s < p->nseps; s++) {
		size_t a = p->seps[s].a, b = p->seps[s].b;
		for (size_t i = m->cfirst[a]; i < m->cfirst[a + 1]; i++) {
			size_t j = model_pair(m, b, m->pk[i]);
			int r;
			if (j == CP_SOLVER_NONE)
				continue;
			r = add_row(P, GLP_UP, 0, 1);
			NAME(P, named, false, r, "sep%zu_%zu", s, m->pk[i]);
			if (!trip_add(t, r, col_x(m, i), 1.0) ||
			    !trip_add(t, r, col_x(m, j), 1.0))
				return false;
		}
	}
	return true;
}

/* Where build() puts the matrix: into P, into rm->cols, or both. */
enum { MATRIX_GLPK = 1, MATRIX_COLS = 2 };

/*
 * Build the MIP of docs/solver.md into P. sign is +1 for the maximisation we
 * solve and -1 for the minimisation we export. named: give rows and columns
 * readable names (costs memory, so only for export). matrix (MATRIX_*):
 * whether the matrix is loaded into P, kept by columns in rm->cols, or both;
 * without MATRIX_GLPK P has its rows and columns but no entries.
 */
static bool build(const struct model *m, glp_prob *P, double sign, bool named,
		struct rowmap *rm, int matrix)
{
	struct trip t = { 0 };
	int ncols = (int)(m->nk + m->np + m->ng);
	int *grow = malloc((m->ng ? m->ng : 1) * sizeof *grow);
	bool ok = false;

	if (!grow)
		return false;
	glp_set_prob_name(P, "cohortplan");
	glp_set_obj_name(P, sign > 0 ? "objective" : "negated_objective");
	glp_set_obj_dir(P, sign > 0 ? GLP_MAX : GLP_MIN);
	if (ncols > 0)
		glp_add_cols(P, ncols);
	add_columns(m, P, sign, named);
	if (!class_rows(m, P, named, &t))
		goto out;
	/* each candidate: sizes, and the parity rules for couples */
	if (rm)
		rm->own_first = glp_get_num_rows(P) + 1;
	for (size_t k = 0; k < m->nk; k++)
		if (!candidate_rows(m, P, named, &t, grow, k))
			goto out;
	if (rm)
		rm->own_end = glp_get_num_rows(P) + 1;
	if (!capacity_rows(m, P, named, &t, rm) || !separation_rows(m, P, named, &t))
		goto out;
	if ((matrix & MATRIX_GLPK) && t.n > 0)
		glp_load_matrix(P, (int)t.n, t.ia, t.ja, t.ar);
	ok = !(matrix & MATRIX_COLS) || colmat_from(&rm->cols, &t, ncols);
out:
	trip_free(&t);
	free(grow);
	return ok;
}

/* ---- solving ---------------------------------------------------------- */

struct cbdata {
	struct mip_ctx *ctx;
	struct mip_out *out;
	glp_prob *P;
	struct plan work;
	double *xv;       /* 1..ncols for glp_ios_heur_sol */
	double *yl, *xl;  /* node LP values */
	long nodes;
	long next_heur;   /* node count at which to round again */
	long heur_step;
	unsigned long offered; /* version of our best plan last offered
	                        * (0: none yet) */
	bool ours;        /* offer our plans (needs the presolver off) */
	bool nomem;
};

static void plan_to_cols(const struct model *m, const struct plan *pl,
		double *xv, long *z)
{
	for (size_t k = 0; k < m->nk; k++)
		xv[col_y(m, k)] = (double)pl->y[k];
	for (size_t i = 0; i < m->np; i++)
		xv[col_x(m, i)] = (double)pl->x[i];
	if (m->ng) {
		plan_profile_counts(m, pl, z);
		for (size_t g = 0; g < m->ng; g++)
			xv[col_z(m, g)] = (double)z[g];
	}
}

static void offer(struct cbdata *cb, glp_tree *tree)
{
	const struct model *m = cb->ctx->m;
	long *z = NULL;

	if (m->ng) {
		z = malloc(m->ng * sizeof *z);
		if (!z) {
			cb->nomem = true;
			return;
		}
	}
	pthread_mutex_lock(&cb->ctx->lock);
	plan_to_cols(m, cb->ctx->best, cb->xv, z);
	cb->offered = cb->ctx->version + 1;
	pthread_mutex_unlock(&cb->ctx->lock);
	free(z);
	glp_ios_heur_sol(tree, cb->xv);
}

/* LP rounding at a node: a plan from the node's LP values, completed. */
static void round_node(struct cbdata *cb, glp_tree *tree)
{
	struct mip_ctx *ctx = cb->ctx;
	const struct model *m = ctx->m;
	double obj;

	for (size_t k = 0; k < m->nk; k++)
		cb->yl[k] = glp_get_col_prim(cb->P, col_y(m, k));
	for (size_t i = 0; i < m->np; i++)
		cb->xl[i] = glp_get_col_prim(cb->P, col_x(m, i));
	if (!greedy_round(ctx->g, &cb->work, cb->yl, cb->xl))
		return;
	if (!plan_feasible(m, &cb->work))
		return;
	obj = plan_objective(m, &cb->work);
	if (best_offer(ctx, &cb->work, obj, CP_SOLVER_SOURCE_ROUNDING)) {
		offer(cb, tree);
		solver_report(ctx, CP_SOLVER_PHASE_MIP, cb->out->bound,
				cb->nodes, true);
		cb->heur_step = 64;
	} else if (cb->heur_step < (1L << 24)) {
		/* back off fast while it does not help: on the benchmark
		 * node rounding every 16 nodes made the proof 70% slower */
		cb->heur_step *= 4;
	}
	cb->next_heur = cb->nodes + cb->heur_step;
}

static void callback(glp_tree *tree, void *info)
{
	struct cbdata *cb = info;
	struct mip_ctx *ctx = cb->ctx;
	const struct cp_solver_options *o = ctx->o;
	bool ours = cb->ours;

	switch (glp_ios_reason(tree)) {
	case GLP_ISELECT: {
		int a_cnt, n_cnt, t_cnt;
		int best = glp_ios_best_node(tree);
		glp_ios_tree_size(tree, &a_cnt, &n_cnt, &t_cnt);
		cb->nodes = (long)t_cnt;
		if (best) {
			double b = glp_ios_node_bound(tree, best);
			if (!cb->out->bound_ok || b < cb->out->bound) {
				cb->out->bound = b;
				cb->out->bound_ok = true;
			}
		}
		break;
	}
	case GLP_IHEUR: {
		int cur = glp_ios_curr_node(tree);
		if (!ours)
			break;
		/* our best plan, at the root and whenever it changed (the
		 * neighbourhood search improves it while GLPK searches) */
		pthread_mutex_lock(&ctx->lock);
		bool fresh = cb->offered != ctx->version + 1;
		pthread_mutex_unlock(&ctx->lock);
		if (fresh)
			offer(cb, tree);
		if (glp_ios_node_level(tree, cur) == 0 ||
		    cb->nodes >= cb->next_heur)
			round_node(cb, tree);
		break;
	}
	case GLP_IBINGO:
		solver_report(ctx, CP_SOLVER_PHASE_MIP, cb->out->bound,
				cb->nodes, true);
		break;
	default:
		break;
	}
	if (o->node_limit > 0 && cb->nodes >= o->node_limit)
		glp_ios_terminate(tree);
	if (ctx->deadline > 0 && solver_now() >= ctx->deadline - ctx->bb_margin)
		glp_ios_terminate(tree);
	if (glp_mip_status(cb->P) == GLP_FEAS) {
		/* reports show GLPK's incumbent too; its plan is read once
		 * the search ends */
		double mo = glp_mip_obj_val(cb->P);
		pthread_mutex_lock(&ctx->lock);
		if (mo > ctx->incumbent)
			ctx->incumbent = mo;
		pthread_mutex_unlock(&ctx->lock);
	}
	solver_report(ctx, CP_SOLVER_PHASE_MIP, cb->out->bound, cb->nodes,
			false);
	if (ctx->stopped || cb->nomem)
		glp_ios_terminate(tree);
}

/* Milliseconds until deadline (absolute; <= 0: none) less margin seconds. */
static int ms_until(double deadline, double margin)
{
	double left;
	if (deadline <= 0)
		return INT_MAX;
	left = (deadline - margin - solver_now()) * 1000.0;
	if (left < 1)
		return 0;
	return left > INT_MAX ? INT_MAX : (int)left;
}

static int ms_left(const struct mip_ctx *ctx)
{
	return ms_until(ctx->deadline, 0);
}

/*
 * glp_simplex in slices: 1 s, then 2, 4 and 8 s at most. GLPK calls nobody
 * back during a simplex, and the LP of a large model takes a minute:
 * between slices the progress callback gets its turn, so a stop (the server
 * shutting down, a caller giving up) ends the solve within seconds instead
 * of after the LP (measured before: a 1,500-person problem, LP from 9.5 s
 * to 74.3 s without a word). Each slice resumes from the basis the last one
 * left, but starts its perturbation and factorisation afresh: one-second
 * slices all through kept the 20,000-person LP from ever finishing (bound
 * the trivial one after 60 s), hence the growth.
 * smcp->tm_lim is the whole budget in ms (INT_MAX: none); the result is
 * glp_simplex's, GLP_ETMLIM when the budget ran out or a stop ended it.
 * In deterministic mode the LP is one piece (stops wait for its end).
 */
static int simplex_sliced(struct mip_ctx *ctx, glp_prob *P, glp_smcp *smcp,
		double bound)
{
	int whole = smcp->tm_lim, ret;
	double end = whole == INT_MAX ? 0 : solver_now() + whole / 1000.0;

	/* where a slice ends depends on the clock, and the next one's path
	 * on where it ended: deterministic mode solves in one piece */
	if (ctx->o->deterministic)
		return glp_simplex(P, smcp);

	for (int slice = 1000;; slice = slice < 8000 ? 2 * slice : slice) {
		int left = ms_until(end, 0);
		if (left <= 0) {
			ret = GLP_ETMLIM;
			break;
		}
		smcp->tm_lim = left < slice ? left : slice;
		ret = glp_simplex(P, smcp);
		if (ret != GLP_ETMLIM)
			break;
		solver_report(ctx, CP_SOLVER_PHASE_LP, bound, 0, false);
		if (ctx->stopped)
			break;
	}
	smcp->tm_lim = whole;
	return ret;
}

/* Read GLPK's integer solution into pl; false if it is not one of ours. */
static bool read_mip(const struct model *m, glp_prob *P, struct plan *pl)
{
	for (size_t k = 0; k < m->nk; k++)
		pl->y[k] = lround(glp_mip_col_val(P, col_y(m, k)));
	for (size_t i = 0; i < m->np; i++)
		pl->x[i] = lround(glp_mip_col_val(P, col_x(m, i)));
	return plan_feasible(m, pl);
}

/* ---- column generation for the root LP -------------------------------- */

/*
 * The multipliers' own term of a weak-duality bound: pi (1..nrows) is
 * corrected in place to the sign its row allows (>= 0 on an upper bound,
 * <= 0 on a lower bound; the wrong sign, numerical noise, becomes 0) and
 * rows skip_first..skip_end - 1 get 0 (kept whole by the caller); returns
 * the sum over rows of the most pi_i r_i can be within the row's range.
 */
static double row_term(glp_prob *P, double *pi, int skip_first, int skip_end)
{
	int nrows = glp_get_num_rows(P);
	double total = 0;

	for (int i = 1; i <= nrows; i++) {
		double y = i >= skip_first && i < skip_end ? 0 : pi[i];
		double lb = glp_get_row_lb(P, i), ub = glp_get_row_ub(P, i);
		switch (glp_get_row_type(P, i)) {
		case GLP_UP:
			y = y > 0 ? y : 0;
			total += y * ub;
			break;
		case GLP_LO:
			y = y < 0 ? y : 0;
			total += y * lb;
			break;
		case GLP_DB:
			total += y * lb > y * ub ? y * lb : y * ub;
			break;
		case GLP_FX:
			total += y * lb;
			break;
		default:
			y = 0;
			break;
		}
		pi[i] = y;
	}
	return total;
}

/* Reduced costs d_j = c_j - pi A_j of every column (1..ncols), and the same
 * for a second set of multipliers pi2 into d2 in the same pass over the
 * matrix (pi2 NULL: none). */
static void reduced_costs(glp_prob *P, const struct colmat *cm, const double *pi,
		const double *pi2, double *d, double *d2)
{
	int ncols = glp_get_num_cols(P);

	for (int j = 1; j <= ncols; j++) {
		double c = glp_get_obj_coef(P, j), dj = c, dj2 = c;
		for (size_t e = cm->beg[j]; e < cm->beg[j + 1]; e++)
			dj -= pi[cm->row[e]] * cm->val[e];
		d[j] = dj;
		if (!pi2)
			continue;
		for (size_t e = cm->beg[j]; e < cm->beg[j + 1]; e++)
			dj2 -= pi2[cm->row[e]] * cm->val[e];
		d2[j] = dj2;
	}
}

/*
 * Two bounds from any row multipliers pi (raw duals, 1..nrows; 0 for a row
 * outside the restricted LP), each valid by weak duality whatever pi is,
 * so every round of the column generation gives a bound; returns the
 * smaller.
 *
 * The dual bound: for every plan x with rows r = A x inside their bounds
 * and columns inside [0, u],
 *   c x = sum_j (c_j - pi A_j) x_j + sum_i pi_i r_i
 *      <= sum_j max(0, d_j) u_j + sum_i max over r_i of pi_i r_i
 * (row_term; colub holds the columns' true upper bounds u).
 *
 * The bound by candidates (lagrange.c, docs/solver.md): the rows of each
 * candidate's own (sizes, parity, links, profiles: rm's own rows) stay
 * whole, so a cohort opens whole or not at all, and every other row is
 * relaxed with its multiplier (in pi2). Much the better of the two while
 * the restricted LP lacks candidates (their size rows have no dual yet),
 * and where minimum sizes bind. Not for models with profile groups.
 *
 * pi is corrected in place (row_term); d gets the reduced costs with pi
 * (the pricing's), pi2 and d2 are scratch (nrows + 1, ncols + 1).
 */
static double round_bound(const struct model *m, glp_prob *P, const struct rowmap *rm,
		const double *colub, double *pi, double *pi2, double *d, double *d2)
{
	int nrows = glp_get_num_rows(P), ncols = glp_get_num_cols(P);
	bool by_cand = m->ng == 0;

	memcpy(pi2, pi, ((size_t)nrows + 1) * sizeof *pi2);
	double dual = row_term(P, pi, 0, 0);
	double cand = by_cand ? row_term(P, pi2, rm->own_first, rm->own_end) : 0;
	reduced_costs(P, &rm->cols, pi, by_cand ? pi2 : NULL, d, d2);
	for (int j = 1; j <= ncols; j++)
		if (d[j] > 0)
			dual += d[j] * colub[j];
	if (!by_cand)
		return dual;
	cand += lagr_candidates(m, d2 + col_x(m, 0), d2 + col_y(m, 0),
			colub + col_x(m, 0), colub + col_y(m, 0), NULL, NULL);
	return cand < dual ? cand : dual;
}

/* Columns priced in per class and round: enough that a class finds its
 * cohorts in a few rounds, few enough that a round stays small. */
#define CG_PER_CLASS 8

/* The model is too large for branch-and-bound with the default method
 * (options.bb_max_pairs; why: solve_once). */
static bool skips_bb(const struct mip_ctx *ctx)
{
	return ctx->o->bb_max_pairs > 0 &&
		ctx->m->np >= (size_t)ctx->o->bb_max_pairs;
}

/* The column generation's restricted LP stands for the root LP (colgen_lp)
 * and no later step needs P's matrix: no branch-and-bound follows and the
 * method is ours. build() then keeps the matrix out of GLPK. */
static bool lp_by_rmp(const struct mip_ctx *ctx)
{
	return ctx->m->colgen && skips_bb(ctx) &&
		ctx->o->method == CP_SOLVER_METHOD_MIP;
}

/* Where the solve needs the matrix (build's MATRIX_*): the column
 * generation reads it by columns, everything else from GLPK. */
static int matrix_for(const struct mip_ctx *ctx)
{
	if (lp_by_rmp(ctx))
		return MATRIX_COLS;
	return ctx->m->colgen ? MATRIX_GLPK | MATRIX_COLS : MATRIX_GLPK;
}

/*
 * The restricted LP as a problem of its own: only its columns and the rows
 * they touch. Fixing the other columns of the full problem at 0 leaves them
 * out of GLPK's working LP but not their rows: on the 20,000-person 12-zone
 * model 120,607 of the 174,273 rows are separations and the first
 * restricted LP touches a fraction of them, yet every simplex iteration
 * paid for all of them (dense vectors over every row).
 */
struct rmp {
	glp_prob *Q;
	int *qrow, *qcol; /* P row / column -> Q's (0: not in Q) */
	int *newr;        /* scratch: P rows a batch adds */
};

static void rmp_free(struct rmp *r)
{
	if (r->Q)
		glp_delete_prob(r->Q);
	free(r->qrow);
	free(r->qcol);
	free(r->newr);
}

/* An empty Q shaped like P (direction, constant term); false when out of
 * memory. */
static bool rmp_init(struct rmp *r, glp_prob *P)
{
	int nrows = glp_get_num_rows(P), ncols = glp_get_num_cols(P);

	memset(r, 0, sizeof *r);
	r->qrow = calloc((size_t)nrows + 1, sizeof *r->qrow);
	r->qcol = calloc((size_t)ncols + 1, sizeof *r->qcol);
	r->newr = malloc(((size_t)nrows + 1) * sizeof *r->newr);
	if (!r->qrow || !r->qcol || !r->newr)
		return false;
	r->Q = glp_create_prob();
	glp_set_obj_dir(r->Q, glp_get_obj_dir(P));
	glp_set_obj_coef(r->Q, 0, glp_get_obj_coef(P, 0));
	return true;
}

/*
 * Add P's columns cols[0..n) (those not in Q yet; their entries from cm)
 * with upper bounds colub and every P row they touch. Every column came in
 * with all of its rows, so a new row has no entries in the columns already
 * in Q: the new rows start empty and each new column sets its entries in
 * every row (all in Q by then). GLPK keeps the basis: new rows are basic,
 * new columns at their lower bound, so the next solve starts from the last.
 * ind and val are scratch of at least nrows + 1.
 */
static void rmp_add(struct rmp *r, glp_prob *P, const struct colmat *cm,
		const int *cols, int n, const double *colub, int *ind, double *val)
{
	int nnew = 0;

	for (int t = 0; t < n; t++) {
		if (r->qcol[cols[t]])
			continue;
		for (size_t e = cm->beg[cols[t]]; e < cm->beg[cols[t] + 1]; e++)
			if (!r->qrow[cm->row[e]]) {
				r->qrow[cm->row[e]] = -1; /* new, numbered below */
				r->newr[nnew++] = cm->row[e];
			}
	}
	if (nnew > 0) {
		int first = glp_add_rows(r->Q, nnew);
		for (int t = 0; t < nnew; t++) {
			int i = r->newr[t], q = first + t;
			r->qrow[i] = q;
			glp_set_row_bnds(r->Q, q, glp_get_row_type(P, i),
					glp_get_row_lb(P, i), glp_get_row_ub(P, i));
		}
	}
	/* number the new columns in one glp_add_cols (-1: new) */
	int cnt = 0;
	for (int t = 0; t < n; t++)
		if (!r->qcol[cols[t]]) {
			r->qcol[cols[t]] = -1;
			cnt++;
		}
	if (cnt == 0)
		return;
	int q = glp_add_cols(r->Q, cnt) - 1;
	for (int t = 0; t < n; t++) {
		int j = cols[t];
		if (r->qcol[j] != -1)
			continue; /* a repeat, or in Q before */
		r->qcol[j] = ++q;
		double lb = glp_get_col_lb(P, j), ub = colub[j];
		int type = glp_get_col_type(P, j);
		if (type == GLP_DB || type == GLP_FX)
			type = ub > lb ? GLP_DB : GLP_FX;
		glp_set_col_bnds(r->Q, q, type, lb, ub);
		glp_set_obj_coef(r->Q, q, glp_get_obj_coef(P, j));
		int len = 0;
		for (size_t e = cm->beg[j]; e < cm->beg[j + 1]; e++) {
			len++;
			ind[len] = r->qrow[cm->row[e]];
			val[len] = cm->val[e];
		}
		glp_set_mat_col(r->Q, q, len, ind, val);
	}
}

/* Keep in top[0..*nt) (at most cap entries, key[] beside them) the items
 * with the largest keys, largest first: item i with key k joins when it
 * beats the smallest kept (ties keep the earlier). */
static void top_keep(size_t *top, double *key, size_t *nt, size_t cap,
		size_t i, double k)
{
	size_t at = *nt < cap ? (*nt)++ : cap;
	if (at == cap) {
		if (k <= key[cap - 1])
			return;
		at = cap - 1;
	}
	while (at > 0 && key[at - 1] < k) {
		top[at] = top[at - 1];
		key[at] = key[at - 1];
		at--;
	}
	top[at] = i;
	key[at] = k;
}

/* Pairs per class in the restricted LP's first round (below). */
#define CG_FIRST_PER_CLASS 2

/*
 * The restricted LP's first pairs (in[i]): the pairs the best plan places
 * people in, those fixed at zero anyway, and per class the pairs of its
 * CG_FIRST_PER_CLASS candidates with the largest pools (cohorts likely to
 * fill), so that every class has a dual from the first round. Fewer first
 * pairs make a cheaper first LP and the pricing brings the rest: on the
 * 20,000-person 12-zone problem the LP rounds took 16.8 s of CPU instead of
 * 27.5 s with every pair of the plan's open candidates and 8 per class;
 * 12.8 s instead of 15.8 s on the realistic 5,000-person one.
 */
static void first_columns(struct mip_ctx *ctx, const double *colub, bool *in)
{
	const struct model *m = ctx->m;
	size_t top[CG_FIRST_PER_CLASS];
	double key[CG_FIRST_PER_CLASS];

	pthread_mutex_lock(&ctx->lock);
	for (size_t i = 0; i < m->np; i++)
		in[i] = ctx->best->x[i] > 0 || colub[col_x(m, i)] <= 0;
	pthread_mutex_unlock(&ctx->lock);
	for (size_t c = 0; c < m->nc; c++) {
		size_t nt = 0;
		for (size_t i = m->cfirst[c]; i < m->cfirst[c + 1]; i++)
			if (!in[i])
				top_keep(top, key, &nt, CG_FIRST_PER_CLASS, i,
						(double)m->pool[m->pk[i]]);
		for (size_t t = 0; t < nt; t++)
			in[top[t]] = true;
	}
}

/* Pair i's columns for a batch of rmp_add: its candidate's y first (a pair
 * needs the size rows its y is in), then its x; none for a pair fixed at
 * zero. Returns the batch's new length. */
static int batch_pair(const struct model *m, const double *colub, size_t i,
		int *batch, int n)
{
	if (colub[col_x(m, i)] <= 0)
		return n;
	batch[n++] = col_y(m, m->pk[i]);
	batch[n++] = col_x(m, i);
	return n;
}

/* Pricing: per class, its CG_PER_CLASS pairs outside the restricted LP
 * with the largest positive reduced costs d are marked in and their
 * columns appended to batch (batch_pair); returns the batch's length. */
static int price_in(const struct model *m, const double *colub, const double *d,
		bool *in, int *batch)
{
	size_t top[CG_PER_CLASS];
	double key[CG_PER_CLASS];
	int n = 0;

	for (size_t c = 0; c < m->nc; c++) {
		size_t nt = 0;
		for (size_t i = m->cfirst[c]; i < m->cfirst[c + 1]; i++) {
			double di = d[col_x(m, i)];
			if (!in[i] && di > 1e-9)
				top_keep(top, key, &nt, CG_PER_CLASS, i, di);
		}
		for (size_t t = 0; t < nt; t++) {
			in[top[t]] = true;
			n = batch_pair(m, colub, top[t], batch, n);
		}
	}
	return n;
}

/* The restricted LP's optimal basis as P's (rows outside it basic,
 * columns outside it at their bound 0): P is then feasible and one
 * simplex run from there finishes the full LP. */
static void rmp_basis_to(const struct rmp *r, glp_prob *P)
{
	int nrows = glp_get_num_rows(P), ncols = glp_get_num_cols(P);

	for (int i = 1; i <= nrows; i++)
		glp_set_row_stat(P, i, r->qrow[i] ? glp_get_row_stat(r->Q, r->qrow[i]) : GLP_BS);
	/* glp_set_col_stat corrects a non-basic status to the column's
	 * type (GLP_NS for one fixed at 0) */
	for (int j = 1; j <= ncols; j++)
		glp_set_col_stat(P, j, r->qcol[j] ? glp_get_col_stat(r->Q, r->qcol[j]) : GLP_NL);
}

/* One restricted LP solved: its point (a point of the full LP) into
 * out->ylp / xlp, the raw duals of P's rows into pi. */
static void rmp_read(const struct model *m, const struct rmp *r, glp_prob *P,
		struct mip_out *out, double *pi)
{
	int nrows = glp_get_num_rows(P);

	for (size_t k = 0; k < m->nk; k++) {
		int q = r->qcol[col_y(m, k)];
		out->ylp[k] = q ? glp_get_col_prim(r->Q, q) : 0;
	}
	for (size_t i = 0; i < m->np; i++) {
		int q = r->qcol[col_x(m, i)];
		out->xlp[i] = q ? glp_get_col_prim(r->Q, q) : 0;
	}
	for (int i = 1; i <= nrows; i++)
		pi[i] = r->qrow[i] ? glp_get_row_dual(r->Q, r->qrow[i]) : 0;
}

/*
 * The restricted LP as the LP relaxation's answer (read_lp's fields): its
 * value, its duals (0 for a row outside it: a row no column in it touches)
 * and, for the candidates, the reduced costs d of this round (c - pi A of
 * the y columns). Either nothing prices in (exact: the value is the full
 * LP's optimum and a bound) or the value is within the column generation's
 * tolerance of a proven bound (then the bound found stays).
 */
static void rmp_as_lp(const struct model *m, const struct rmp *r,
		const struct rowmap *rm, struct mip_out *out, const double *d,
		bool exact)
{
	out->lp_obj = glp_get_obj_val(r->Q);
	for (size_t i = 0; i < m->nr; i++) {
		int q = r->qrow[rm->res[i]];
		out->row_dual[i] = q ? glp_get_row_dual(r->Q, q) : 0;
	}
	for (size_t k = 0; k < m->nk; k++)
		out->cand_dual[k] = d[col_y(m, k)];
	out->lp_ok = true;
	if (exact && out->lp_obj < out->bound) {
		out->bound = out->lp_obj;
		out->bound_ok = true;
	}
}

/*
 * The root LP over a restricted set of pairs, a problem of its own (struct
 * rmp): start from the pairs of the greedy plan's cohorts and each class's
 * pairs with the largest pools, solve, price every pair with the duals
 * (round_bound), add the best few pairs of each class with a positive
 * reduced cost, repeat. Each round's round_bound is a valid bound and lowers
 * out->bound; when no pair prices in, P takes the restricted LP's basis
 * and GLPK finishes the full LP from it, so that the LP reported optimal
 * is the full one. Returns glp_simplex's code for that final solve, or
 * GLP_ETMLIM when the rounds ran out of time (the bound found so far
 * stays), or -1 when out of memory (nothing changed but the bound).
 */
static int colgen_lp(struct mip_ctx *ctx, struct mip_out *out, glp_prob *P,
		const struct rowmap *rm, glp_smcp *smcp, double lp_deadline,
		bool *have_rmp)
{
	const struct model *m = ctx->m;
	int nrows = glp_get_num_rows(P), ncols = glp_get_num_cols(P);
	int nbuf = nrows + 1; /* a column's entries */
	double *colub = malloc(((size_t)ncols + 1) * sizeof *colub);
	double *pi = malloc(((size_t)nrows + 1) * sizeof *pi);
	double *val = malloc((size_t)nbuf * sizeof *val);
	int *ind = malloc((size_t)nbuf * sizeof *ind);
	double *d = malloc(((size_t)ncols + 1) * sizeof *d);
	bool *in = calloc(m->np ? m->np : 1, sizeof *in);
	int *batch = malloc((2 * m->np + m->ng + 1) * sizeof *batch);
	double *pi2 = malloc(((size_t)nrows + 1) * sizeof *pi2);
	double *d2 = malloc(((size_t)ncols + 1) * sizeof *d2);
	struct rmp r;
	int ret = -1, n = 0;

	bool ok = rmp_init(&r, P);
	if (!ok || !colub || !pi || !val || !ind || !d || !in || !batch ||
	    !pi2 || !d2)
		goto out;
	for (int j = 1; j <= ncols; j++)
		colub[j] = glp_get_col_ub(P, j);
	first_columns(ctx, colub, in);
	for (size_t g = 0; g < m->ng; g++)
		batch[n++] = col_z(m, g);
	for (size_t i = 0; i < m->np; i++)
		if (in[i])
			n = batch_pair(m, colub, i, batch, n);
	rmp_add(&r, P, &rm->cols, batch, n, colub, ind, val);
	glp_cpx_basis(r.Q);
	for (;;) {
		smcp->tm_lim = ms_until(lp_deadline, 0);
		/* a restricted LP usually ends inside its first slice, where
		 * simplex_sliced never looks at a stop: each round asks here,
		 * or a stopped server would wait for all the rounds */
		if (smcp->tm_lim > 0)
			solver_report(ctx, CP_SOLVER_PHASE_LP, out->bound, 0, false);
		if (smcp->tm_lim <= 0 || ctx->stopped) {
			ret = GLP_ETMLIM;
			break;
		}
		ret = simplex_sliced(ctx, r.Q, smcp, out->bound);
		if (ret != 0 || glp_get_status(r.Q) != GLP_OPT) {
			if (ret == 0)
				ret = GLP_EFAIL;
			break;
		}
		/* a restricted LP's solution is one of the full LP: kept for
		 * the rounding in case the rounds run out of time */
		rmp_read(m, &r, P, out, pi);
		*have_rmp = true;
		double ub = round_bound(m, P, rm, colub, pi, pi2, d, d2);
		/* weak duality holds for any pi, GLPK's accuracy does not
		 * matter; only our own rounding does: a margin far above it
		 * and far below any gap asked for */
		ub += 1e-9 * (1 + fabs(ub));
		if (ub < out->bound) {
			out->bound = ub;
			out->bound_ok = true;
			solver_report(ctx, CP_SOLVER_PHASE_LP, out->bound, 0, true);
		}
		/* The restricted LP's value is within a hundredth of the gap
		 * asked for (at most 1e-6) of a proven bound: the LP is as good
		 * as solved. The degenerate tail that would follow (thousands of
		 * columns a round priced in by the tie-breaking terms, the bound
		 * still) cost three times the rounds before it (5,000 people,
		 * 12 zones: bound in 11 s, tail 40 s); the full LP from this
		 * basis takes 0.6 s. */
		double tol = 0.01 * ctx->o->gap;
		if (tol > 1e-6)
			tol = 1e-6;
		bool close = ub - glp_get_obj_val(r.Q) <= tol * (1 + fabs(ub));
		n = close ? 0 : price_in(m, colub, d, in, batch);
		if (n == 0 && lp_by_rmp(ctx)) {
			/* no branch-and-bound follows, the only step that
			 * needs GLPK's own optimum of the full model: the
			 * restricted LP stands for it (2.5 s saved on the
			 * 20,000-person 12-zone model) */
			rmp_as_lp(m, &r, rm, out, d, !close);
			ret = 0;
			break;
		}
		if (n == 0) {
			/* the restricted LP is optimal for all pairs (up to the
			 * pricing tolerance) or close to it: GLPK finishes the
			 * full model from this basis */
			rmp_basis_to(&r, P);
			smcp->tm_lim = ms_until(lp_deadline, 0);
			ret = smcp->tm_lim > 0
				? simplex_sliced(ctx, P, smcp, out->bound) : GLP_ETMLIM;
			break;
		}
		rmp_add(&r, P, &rm->cols, batch, n, colub, ind, val);
	}
out:
	rmp_free(&r);
	free(colub);
	free(pi);
	free(val);
	free(ind);
	free(d);
	free(in);
	free(batch);
	free(pi2);
	free(d2);
	return ret;
}

/* A rounded plan in work becomes the best when it is feasible and better
 * than the best so far; true when it did. */
static bool keep_rounding(struct mip_ctx *ctx, struct plan *work)
{
	const struct model *m = ctx->m;
	if (!plan_feasible(m, work))
		return false;
	return best_offer(ctx, work, plan_objective(m, work),
			CP_SOLVER_SOURCE_ROUNDING);
}

/*
 * On models that get no branch-and-bound (skips_bb), the time left is
 * spent on the LP rounding again with the LP's cohort values shaken
 * (each times a factor in [0.7, 1.3] from the seed: the order in which
 * cohorts open changes, and with it who fills them), keeping the best plan,
 * until the gap is reached, time runs out or 200 rounds in a row do not
 * improve. work is scratch. false: out of memory.
 */
#define ROUNDING_FAILS_LNS 20

static bool rounding_rounds(struct mip_ctx *ctx, struct mip_out *out, struct plan *work)
{
	const struct model *m = ctx->m;
	double *yp = malloc((m->nk ? m->nk : 1) * sizeof *yp);
	uint64_t s = 0x9e3779b97f4a7c15u ^ (uint64_t)ctx->o->seed;
	long fails = 0;
	double took = 0; /* seconds of the last round: the next may start
			  * only if it would end in time */
	if (!yp)
		return false;
	/* with neighbourhood workers beside it, this thread joins them once
	 * the shaken roundings stop paying (lns_alone) */
	long most_fails = ctx->lns ? ROUNDING_FAILS_LNS : 200;
	while (fails < most_fails && ms_left(ctx) > 2000.0 * took && !ctx->stopped &&
	       solver_gap(best_objective(ctx), out->bound) > ctx->o->gap) {
		double t0 = solver_now();
		for (size_t k = 0; k < m->nk; k++) {
			/* splitmix64 */
			uint64_t z = (s += 0x9e3779b97f4a7c15u);
			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
			z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
			z ^= z >> 31;
			double u = (double)(z >> 11) / 9007199254740992.0;
			yp[k] = out->ylp[k] < 1e-6 ? 0 : out->ylp[k] * (0.7 + 0.6 * u);
		}
		fails++;
		if (!greedy_round(ctx->g, work, yp, out->xlp)) {
			free(yp);
			return false;
		}
		took = solver_now() - t0;
		if (keep_rounding(ctx, work)) {
			fails = 0;
			solver_report(ctx, CP_SOLVER_PHASE_LP, out->bound, 0, false);
		}
	}
	free(yp);
	return true;
}

/* The root LP's parameters: primal simplex, quiet, within the time left. */
static void lp_params(struct mip_ctx *ctx, const struct mip_out *out, glp_smcp *smcp)
{
	const struct cp_solver_options *o = ctx->o;

	glp_init_smcp(smcp);
	smcp->msg_lev = GLP_MSG_OFF;
	smcp->meth = GLP_PRIMAL;
	smcp->tm_lim = ms_left(ctx);
	/* When the greedy plan is already within the gap, the LP is only
	 * wanted for its duals (explanations and advice): it gets at most a
	 * tenth of the time limit. On the 12-zone 20,000-person problem the
	 * LP (200k columns) takes 20-40 s and moves the bound by nothing. */
	if (ctx->o->time_limit > 0 &&
	    solver_gap(best_objective(ctx), out->bound) <= o->gap) {
		double cap = 100.0 * ctx->o->time_limit; /* 10% in ms */
		if (smcp->tm_lim > cap)
			smcp->tm_lim = (int)cap;
	}
}

/* Take the optimal root LP of P: its objective, duals and values, the
 * bound, and the plan itself when it is integral. */
static void read_lp(struct mip_ctx *ctx, struct mip_out *out, glp_prob *P,
		const struct rowmap *rm, struct plan *work)
{
	const struct model *m = ctx->m;
	const struct cp_solver_options *o = ctx->o;
	bool integral = true;

	out->lp_obj = glp_get_obj_val(P);
	for (size_t r = 0; r < m->nr; r++)
		out->row_dual[r] = glp_get_row_dual(P, rm->res[r]);
	for (size_t k = 0; k < m->nk; k++) {
		out->cand_dual[k] = glp_get_col_dual(P, col_y(m, k));
		out->ylp[k] = glp_get_col_prim(P, col_y(m, k));
		integral = integral &&
			fabs(out->ylp[k] - round(out->ylp[k])) < 1e-9;
	}
	for (size_t i = 0; i < m->np; i++) {
		out->xlp[i] = glp_get_col_prim(P, col_x(m, i));
		integral = integral &&
			fabs(out->xlp[i] - round(out->xlp[i])) < 1e-9;
	}
	out->lp_ok = true;
	if (out->lp_obj < out->bound) {
		out->bound = out->lp_obj;
		out->bound_ok = true;
	}
	/* an integral LP optimum is the optimum: no search needed */
	if (integral && o->method != CP_SOLVER_METHOD_GREEDY) {
		for (size_t k = 0; k < m->nk; k++)
			work->y[k] = lround(out->ylp[k]);
		for (size_t i = 0; i < m->np; i++)
			work->x[i] = lround(out->xlp[i]);
		if (plan_feasible(m, work)) {
			double obj = plan_objective(m, work);
			best_offer(ctx, work, obj,
					CP_SOLVER_SOURCE_ROUNDING);
			/* integral x and y with fractional profile
			 * counts z is not integral yet */
			if (obj >= out->lp_obj - 1e-9 *
					(1 + fabs(out->lp_obj)))
				out->search_done = true;
		}
	}
}

/* Branch-and-bound's parameters; sets ctx->bb_margin from the root LP's
 * time lp_time. */
static void bb_params(struct mip_ctx *ctx, bool presolve, double lp_time,
		struct cbdata *cb, glp_iocp *iocp)
{
	const struct cp_solver_options *o = ctx->o;

	glp_init_iocp(iocp);
	iocp->msg_lev = GLP_MSG_OFF;
	iocp->presolve = presolve ? GLP_ON : GLP_OFF;
	iocp->bt_tech = GLP_BT_BLB;
	iocp->mip_gap = o->gap;
	/* GLPK looks at its clock between LP solves and cut rounds. Those
	 * start from the root's basis and take a fraction of the root LP's
	 * time; that time, up to a tenth of the limit, is kept in reserve so
	 * the limit holds (a full root LP's time wasted a quarter of the
	 * 12-zone 5,000-person run that was still improving). */
	ctx->bb_margin = lp_time;
	if (o->time_limit > 0 && ctx->bb_margin > 0.1 * o->time_limit)
		ctx->bb_margin = 0.1 * o->time_limit;
	iocp->tm_lim = ms_until(ctx->deadline, ctx->bb_margin);
	iocp->cb_func = callback;
	iocp->cb_info = cb;
	/* Measured (docs/solver.md): MIR cuts close most of the root gap
	 * on the size rows; Gomory, cover and clique cuts cost node time
	 * without moving the bound on our models. */
	if (o->cuts)
		iocp->mir_cuts = GLP_ON;
}

/* Take what branch-and-bound (which returned ret) left in P: the bound,
 * its incumbent. */
static enum cp_solver_status read_bb(struct mip_ctx *ctx, struct mip_out *out,
		glp_prob *P, int ret, struct plan *work,
		struct cp_solver_error *err)
{
	const struct model *m = ctx->m;
	const struct cp_solver_options *o = ctx->o;

	if (glp_mip_status(P) == GLP_OPT || glp_mip_status(P) == GLP_FEAS) {
		double mo = glp_mip_obj_val(P);
		if (ret == 0 && glp_mip_status(P) == GLP_OPT) {
			out->search_done = true;
			out->bound = mo;
			out->bound_ok = true;
		} else if (ret == GLP_EMIPGAP) {
			double b = mo + o->gap * (fabs(mo) + DBL_EPSILON);
			out->gap_reached = true;
			if (!out->bound_ok || b < out->bound)
				out->bound = b;
			out->bound_ok = true;
		}
		if (read_mip(m, P, work)) {
			double obj = plan_objective(m, work);
			out->mip_ok = true;
			/* GLPK's incumbent may be a plan we offered it: only a
			 * better one counts as its own */
			best_offer(ctx, work, obj, CP_SOLVER_SOURCE_MIP);
		}
	} else if (ret == 0 && glp_mip_status(P) == GLP_NOFEAS) {
		/* cannot happen (opening nothing is feasible) */
		return solver_fail(err, CP_SOLVER_ERR_INTERNAL,
				"GLPK found the model infeasible");
	}
	return CP_SOLVER_OK;
}

/* The callback's buffers (cb zeroed by the caller; freed by it, also on
 * failure); false when out of memory. */
static bool cb_alloc(struct cbdata *cb, const struct model *m)
{
	int ncols = (int)(m->nk + m->np + m->ng);

	cb->xv = calloc((size_t)ncols + 1, sizeof *cb->xv);
	cb->yl = calloc(m->nk ? m->nk : 1, sizeof *cb->yl);
	cb->xl = calloc(m->np ? m->np : 1, sizeof *cb->xl);
	return cb->xv && cb->yl && cb->xl && plan_init(&cb->work, m);
}

/* Solve the root LP of P within smcp's time: by column generation on
 * models with many pairs (*have_rmp: a restricted LP was solved), else by
 * the sliced simplex. Returns GLPK's code, or -1 when out of memory. */
static int root_lp(struct mip_ctx *ctx, struct mip_out *out, glp_prob *P,
		const struct rowmap *rm, glp_smcp *smcp, bool *have_rmp)
{
	const struct model *m = ctx->m;

	/* Bixby's crash basis: about twice as fast as the slack basis on
	 * our models (measured with glpsol --bib on exported models). The
	 * dual simplex, whose every iterate would be a bound, starts from a
	 * bound of 1.3 million on a 7,029-head problem and needs minutes to
	 * come near the trivial bound: not worth it (measured, glpsol --dual
	 * --flip on the exported 12-zone model). */
	if (smcp->tm_lim <= 0)
		return GLP_ETMLIM;
	/* The LP's deadline is taken before the crash basis, which takes its
	 * own time (2.3 s on the 20,000-person 12-zone model, 4 million
	 * pairs): after it, the whole solve overran its limit by as much. */
	bool limited = smcp->tm_lim != INT_MAX;
	double deadline = limited ? solver_now() + smcp->tm_lim / 1000.0 : 0; /* 0: none */
	/* its restricted LP gets the crash basis; when the rounds run out of
	 * time their last LP is rounded (solve_once), which must end in time
	 * too (1.9 s past the limit at 30,000 people) */
	if (m->colgen)
		return colgen_lp(ctx, out, P, rm, smcp,
				limited ? deadline - ctx->greedy_secs : 0, have_rmp);
	glp_cpx_basis(P);
	if (limited) {
		smcp->tm_lim = ms_until(deadline, 0);
		if (smcp->tm_lim <= 0)
			return GLP_ETMLIM;
	}
	return simplex_sliced(ctx, P, smcp, out->bound);
}

/* Round the root LP, let the caller search (after_root), and say whether
 * anything is left to prove: 1 no (search done), 0 yes, -1 out of memory. */
static int round_root(struct mip_ctx *ctx, struct mip_out *out, struct plan *work)
{
	if (greedy_round(ctx->g, work, out->ylp, out->xlp))
		keep_rounding(ctx, work);
	if (!ctx->lp_y) {
		/* out of memory here only costs the search one kind of seed */
		double *copy = malloc((ctx->m->nk ? ctx->m->nk : 1) * sizeof *copy);
		if (copy) {
			memcpy(copy, out->ylp, ctx->m->nk * sizeof *copy);
			pthread_mutex_lock(&ctx->lock);
			ctx->lp_y = copy;
			pthread_mutex_unlock(&ctx->lock);
		}
	}
	solver_report(ctx, CP_SOLVER_PHASE_LP, out->bound, 0, true);
	if (skips_bb(ctx) && !rounding_rounds(ctx, out, work))
		return -1;
	/* the caller's turn between the root and branch-and-bound
	 * (the neighbourhood search with one thread) */
	if (ctx->after_root)
		ctx->after_root(ctx, out, skips_bb(ctx));
	/* nothing left to prove */
	if (best_objective(ctx) >= out->bound - 1e-9 * (1 + fabs(out->bound))) {
		out->search_done = true;
		return 1;
	}
	return 0;
}

static enum cp_solver_status solve_once(struct mip_ctx *ctx,
		struct mip_out *out, bool presolve, volatile bool *in_bb,
		struct cp_solver_error *err)
{
	const struct model *m = ctx->m;
	const struct cp_solver_options *o = ctx->o;
	volatile enum cp_solver_status st = CP_SOLVER_OK;
	struct hook hook;
	struct rowmap rm = { 0 };
	struct cbdata cb;
	glp_prob *volatile P = NULL;
	glp_smcp smcp;
	glp_iocp iocp;
	int ret;

	memset(&cb, 0, sizeof cb);
	rm.res = malloc((m->nr ? m->nr : 1) * sizeof *rm.res);
	if (!cb_alloc(&cb, m) || !rm.res) {
		st = solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
		goto free_ours;
	}
	cb.ctx = ctx;
	cb.out = out;
	cb.heur_step = 64;
	cb.next_heur = 64;
	cb.ours = o->method == CP_SOLVER_METHOD_MIP && !presolve;
	*in_bb = false;

	if (setjmp(hook.jb)) {
		/* GLPK failed inside: its objects are gone with the env. The
		 * plan and bound we hold are still valid: keep them. */
		glpk_leave();
		snprintf(out->warning, sizeof out->warning,
				"GLPK failed (%s); the plan comes from our heuristics",
				hook.last[0] ? hook.last : "no message");
		goto free_ours;
	}
	glpk_enter(&hook);
	P = glp_create_prob();
	cb.P = P;
	if (!build(m, P, 1.0, false, &rm, matrix_for(ctx))) {
		st = solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
		goto done;
	}

	/* LP relaxation: the bound that always exists, the duals for the
	 * explanations, and the values the rounding heuristic starts from */
	solver_report(ctx, CP_SOLVER_PHASE_LP, out->bound, 0, true);
	lp_params(ctx, out, &smcp);
	double lp_t0 = solver_now();
	bool have_rmp = false;
	ret = root_lp(ctx, out, P, &rm, &smcp, &have_rmp);
	if (ret == -1) {
		st = solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
		goto done;
	}
	double lp_time = solver_now() - lp_t0;
	if (ret == 0 && glp_get_status(P) == GLP_OPT)
		read_lp(ctx, out, P, &rm, &cb.work);
	solver_report(ctx, CP_SOLVER_PHASE_LP, out->bound, 0, true);
	/* column generation out of time: round its last restricted LP (a
	 * point of the full LP; no duals, no LP optimum claimed) */
	if (!out->lp_ok && have_rmp && o->method == CP_SOLVER_METHOD_MIP &&
	    !ctx->stopped) {
		if (greedy_round(ctx->g, &cb.work, out->ylp, out->xlp))
			keep_rounding(ctx, &cb.work);
		solver_report(ctx, CP_SOLVER_PHASE_LP, out->bound, 0, true);
	}
	if (!out->lp_ok || o->method == CP_SOLVER_METHOD_GREEDY ||
	    ctx->stopped || out->search_done)
		goto done;

	/* rounding the root LP: often within a few heads of the bound */
	if (o->method == CP_SOLVER_METHOD_MIP) {
		int r = round_root(ctx, out, &cb.work);
		if (r < 0) {
			st = solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
			goto done;
		}
		if (r > 0)
			goto done;
	}
	/* A model this large gets no branch-and-bound: GLPK looks at its
	 * clock only between nodes, and its root over a million columns
	 * overran a 60 s limit by 13 s (MIR cuts off) to 65 s (on) without
	 * improving the rounded plan (5,000 people, 12 zones). */
	if (skips_bb(ctx) && o->method == CP_SOLVER_METHOD_MIP)
		goto done;
	/* within the requested gap already: branch-and-bound would only
	 * spend its root (seconds on large models) to say so */
	if (o->method == CP_SOLVER_METHOD_MIP && o->gap > 0 &&
	    solver_gap(best_objective(ctx), out->bound) <= o->gap) {
		out->gap_reached = true;
		goto done;
	}

	bb_params(ctx, presolve, lp_time, &cb, &iocp);
	if (iocp.tm_lim <= 0)
		goto done;
	*in_bb = true;
	ret = glp_intopt(P, &iocp);
	*in_bb = false;
	out->bb_ran = true;
	out->nodes = cb.nodes;
	if (cb.nomem) {
		st = solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
		goto done;
	}
	st = read_bb(ctx, out, P, ret, &cb.work, err);
done:
	glp_delete_prob(P);
	glpk_leave();
free_ours:
	rowmap_free(&rm);
	free(cb.xv);
	free(cb.yl);
	free(cb.xl);
	plan_finish(&cb.work);
	return st;
}

enum cp_solver_status mip_solve(struct mip_ctx *ctx, struct mip_out *out,
		struct cp_solver_error *err)
{
	const struct cp_solver_options *o = ctx->o;
	volatile bool in_bb = false;
	enum cp_solver_status st;

	st = solve_once(ctx, out, o->presolve, &in_bb, err);
	if (st == CP_SOLVER_OK && out->warning[0] && in_bb && o->presolve) {
		/* GLPK 5.0's MIP presolver fails on some problems it reduces
		 * to nothing (glp_add_cols: ncs = 0): search again without */
		out->warning[0] = '\0';
		out->lp_ok = false;
		st = solve_once(ctx, out, false, &in_bb, err);
	}
	return st;
}

enum cp_solver_status mip_write_mps(const struct model *m, const char *path,
		struct cp_solver_error *err)
{
	volatile enum cp_solver_status st = CP_SOLVER_OK;
	struct hook hook;
	glp_prob *volatile P = NULL;

	if (setjmp(hook.jb)) {
		glpk_leave();
		return solver_fail(err, CP_SOLVER_ERR_INTERNAL,
				"GLPK failed writing %s (%s)", path,
				hook.last[0] ? hook.last : "no message");
	}
	glpk_enter(&hook);
	P = glp_create_prob();
	if (!build(m, P, -1.0, true, NULL, MATRIX_GLPK))
		st = solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
	else if (glp_write_mps(P, GLP_MPS_FILE, NULL, path) != 0)
		st = solver_fail(err, CP_SOLVER_ERR_IO,
				"cannot write the model to %s", path);
	glp_delete_prob(P);
	glpk_leave();
	return st;
}
