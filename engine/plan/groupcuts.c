/*
 * Cuts from plans for teacher groups (the solver's options.separate).
 *
 * A group of alike teachers is one candidate per pattern in the model, and
 * its rows count the group's capacity in sum: per instant, per rest pair,
 * per day and week. Cohorts that pairwise clash for one teacher (overlap,
 * or too little rest, on different days) are not in one instant's row:
 * Tue+Wed, Tue+Fri and Wed+Fri evenings at one hour pass every instant's
 * row with 26, 26 and 24 cohorts for 26 teachers, while one by one the
 * teachers can hold only 26 of the 34 (20,000 people in 12 zones: the 8
 * cohorts the teacher assignment found no teacher for in that group; the
 * other groups that lost cohorts had the same kind of set). Stating every
 * such set in advance gave over 500,000 rows for triples of instants
 * alone; instead the solver shows each plan it is about to keep, and this
 * file finds the sets that plan overfills: among the group's open
 * candidates, cliques of the clash graph grown greedily from each one
 * (largest first), kept when they open more cohorts than the members who
 * may teach one of them. Every member of a group has the same zone and
 * rest, so "clash" is the same for all of them; a member who may teach
 * none of the set holds none, so the bound is valid for every real plan.
 */
#include <stdlib.h>
#include <string.h>

#include <cohortplan/solver.h>

#include "bridge.h"
#include "cp_util.h"

/* State kept between calls (the solver calls one at a time): the cohorts
 * each candidate opened when last looked at, so that a group whose
 * cohorts did not change is not searched again (its cuts are known). */
struct group_cuts {
	const struct bridge *b;
	long *seen;    /* n_cands, -1 at first */
	size_t *open;  /* scratch: a group's open candidates */
	size_t *set;   /* scratch: one clique */
	bool *clash;   /* scratch: open x open */
	size_t cap;    /* of open and set; clash is cap x cap */
};

static int
size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

/* Most cohorts first (then by index): cliques grow from the fullest. A
 * group has a few dozen open candidates. */
static void
sort_by_opened(size_t *open, size_t n, const long *opened)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && opened[open[j]] > opened[open[j - 1]]; j--) {
			size_t tmp = open[j];
			open[j] = open[j - 1];
			open[j - 1] = tmp;
		}
}

static bool
group_separate(struct group_cuts *gc, size_t g, const size_t *open, size_t n,
	       const long *opened, struct cp_solver_cuts *cuts)
{
	const struct bridge *b = gc->b;
	size_t t = b->gmember[b->gfirst[g]];
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			gc->clash[i * n + j] = gc->clash[j * n + i] =
				cp_cand_rest_clash(b->cand, t, b->cand_pattern[open[i]],
						   b->cand_pattern[open[j]]);
	for (size_t v = 0; v < n; v++) {
		size_t m = 0, at[64];
		long weight = 0;
		at[m] = v;
		gc->set[m++] = open[v];
		weight += opened[open[v]];
		for (size_t u = 0; u < n && m < 64; u++) {
			bool all = u != v;
			for (size_t i = 0; i < m && all; i++)
				all = gc->clash[at[i] * n + u];
			if (!all)
				continue;
			at[m] = u;
			gc->set[m++] = open[u];
			weight += opened[open[u]];
		}
		if (m < 2)
			continue;
		long able = group_able_any(b, g, gc->set, m);
		if (weight <= able)
			continue;
		qsort(gc->set, m, sizeof *gc->set, size_cmp);
		enum cp_solver_status st = cp_solver_cuts_add(cuts, gc->set, m, (double)able);
		if (st == CP_SOLVER_ERR_NOMEM)
			return false;
	}
	return true;
}

bool
group_cuts_separate(const long *opened, size_t ncand, struct cp_solver_cuts *cuts, void *data)
{
	struct group_cuts *gc = data;
	const struct bridge *b = gc->b;
	if (ncand != b->n_cands)
		return true;
	for (size_t g = 0; g < b->n_groups; g++) {
		if (b->gfirst[g + 1] - b->gfirst[g] < 2)
			continue; /* one teacher: the model's rows are exact */
		size_t n = 0;
		bool changed = false;
		for (size_t k = 0; k < ncand; k++) {
			if (b->cand_group[k] != g)
				continue;
			changed |= opened[k] != gc->seen[k];
			gc->seen[k] = opened[k];
			if (opened[k] <= 0)
				continue;
			if (n == gc->cap) {
				/* open, set and clash (cap x cap) grow together */
				size_t cap = gc->cap, cap_set = gc->cap, cells = gc->cap * gc->cap;
				if (!CP_GROW(gc->open, cap, n + 1, 64) ||
				    !CP_GROW(gc->set, cap_set, cap, 64) ||
				    !CP_GROW(gc->clash, cells, cap * cap, 64 * 64))
					return false;
				gc->cap = cap;
			}
			gc->open[n++] = k;
		}
		if (!changed || n < 2)
			continue;
		sort_by_opened(gc->open, n, opened);
		if (!group_separate(gc, g, gc->open, n, opened, cuts))
			return false;
	}
	return true;
}

struct group_cuts *
group_cuts_create(const struct bridge *b)
{
	struct group_cuts *gc = calloc(1, sizeof *gc);
	if (!gc)
		return NULL;
	gc->b = b;
	gc->seen = malloc((b->n_cands ? b->n_cands : 1) * sizeof *gc->seen);
	if (!gc->seen) {
		free(gc);
		return NULL;
	}
	for (size_t k = 0; k < b->n_cands; k++)
		gc->seen[k] = -1;
	return gc;
}

void
group_cuts_destroy(struct group_cuts *gc)
{
	if (!gc)
		return;
	free(gc->seen);
	free(gc->open);
	free(gc->set);
	free(gc->clash);
	free(gc);
}

/*
 * The cuts a final plan breaks, as rows of the model itself (*added of
 * them). Branch-and-bound in GLPK does not see cuts from plans: on models
 * it solves, its plan may break them, and a solve with the rows then
 * plans around them (planner.c).
 */
enum cp_engine_status
group_cuts_rows(struct group_cuts *gc, const struct cp_solver_result *res, size_t *added,
		struct cp_engine_error *err)
{
	const struct bridge *b = gc->b;
	*added = 0;
	long *opened = malloc((b->n_cands ? b->n_cands : 1) * sizeof *opened);
	struct cp_solver_cuts *cuts = cp_solver_cuts_create(b->n_cands);
	enum cp_engine_status st = CP_ENGINE_OK;
	if (!opened || !cuts) {
		st = nomem(err);
		goto out;
	}
	for (size_t k = 0; k < b->n_cands; k++) {
		opened[k] = cp_solver_result_opened(res, k);
		gc->seen[k] = -1; /* every group looked at again */
	}
	if (!group_cuts_separate(opened, b->n_cands, cuts, gc)) {
		st = nomem(err);
		goto out;
	}
	for (size_t i = 0; i < cp_solver_cuts_count(cuts) && st == CP_ENGINE_OK; i++) {
		size_t n, row;
		double bound;
		const size_t *cands = cp_solver_cuts_get(cuts, i, &n, &bound);
		struct cp_solver_error serr;
		bool ok = cp_solver_problem_add_row(b->sp, "teachers of a group: cohorts that clash one by one",
						    bound, &row, &serr) == CP_SOLVER_OK;
		for (size_t q = 0; q < n && ok; q++)
			ok = cp_solver_problem_set_coef(b->sp, row, cands[q], 1, &serr) == CP_SOLVER_OK;
		if (!ok)
			st = solver_fail(err, &serr);
		else
			(*added)++;
	}
out:
	free(opened);
	cp_solver_cuts_destroy(cuts);
	return st;
}
