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
 * candidates, sets grown in the clash graph whose independence number is
 * 1 (cliques) or 2 (group_separate), kept when they open more cohorts than
 * that number times the members who may teach one of them. Every member
 * of a group has the same zone and rest, so "clash" is the same for all of
 * them; a member who may teach none of the set holds none, so the bound is
 * valid for every real plan.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/solver.h>

#include "bridge.h"
#include "cp_util.h"

/* Members of group g who may teach at least one of the candidates (also
 * the bound of the planner's grouped capacity rows). */
long
group_able_any(const struct bridge *b, size_t g, const size_t *cands, size_t n)
{
	long count = 0;
	for (size_t i = b->gfirst[g]; i < b->gfirst[g + 1]; i++)
		for (size_t c = 0; c < n; c++)
			if (cp_cand_teachable(b->cand, b->gmember[i], b->cand_pattern[cands[c]], NULL) ==
			    CP_TEACH_OK) {
				count++;
				break;
			}
	return count;
}

/* State kept between calls (the solver calls one at a time): the cohorts
 * each candidate opened when last looked at, so that a group whose
 * cohorts did not change is not searched again (its cuts are known). */
struct group_cuts {
	const struct bridge *b;
	long *seen;    /* n_cands, -1 at first */
	size_t *open;  /* scratch: a group's open candidates */
	size_t *set;   /* scratch: one set */
	size_t cap;    /* of open and set */
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

/* At most this many of a group's open candidates (those opening the most
 * cohorts) are looked at: one bit each in a word. */
#define SEP_MAX 64
/* Sets are grown to independence numbers 1 (cliques) and 2, from each of
 * the SEP_STARTS fullest candidates: each check costs up to |set|^alpha. */
#define ALPHA_MAX 2
#define SEP_STARTS 16

/* Is the independence number of set r (bits into adj) at most a? An
 * independent set holding v lies in v and what v does not clash with. */
static bool
alpha_at_most(const uint64_t *adj, uint64_t r, int a)
{
	if (r == 0)
		return true;
	if (a == 0)
		return false;
	for (uint64_t x = r; x; x &= x - 1) {
		int v = __builtin_ctzll(x);
		if (!alpha_at_most(adj, r & ~adj[v] & ~(1ull << v), a - 1))
			return false;
	}
	return true;
}

/* Add the cut "set h opens at most alpha x able cohorts" when the plan
 * opens more; false when out of memory. */
static bool
cut_if_broken(struct group_cuts *gc, size_t g, const size_t *open, uint64_t h, int alpha,
	      const long *opened, struct cp_solver_cuts *cuts)
{
	size_t m = 0;
	long weight = 0;
	for (uint64_t x = h; x; x &= x - 1) {
		size_t k = open[__builtin_ctzll(x)];
		gc->set[m++] = k;
		weight += opened[k];
	}
	if (m < 2)
		return true;
	long able = group_able_any(gc->b, g, gc->set, m);
	if (weight <= alpha * able)
		return true;
	qsort(gc->set, m, sizeof *gc->set, size_cmp);
	return cp_solver_cuts_add(cuts, gc->set, m, (double)(alpha * able)) != CP_SOLVER_ERR_NOMEM;
}

/*
 * One teacher holds cohorts of a set h that pairwise do not clash: at most
 * alpha(h) of them, the set's independence number (each timetable once,
 * its own cohorts clash), so the group at most alpha(h) x the members who
 * may teach one of h. Cliques are alpha 1. Sets of alpha 2 catch what
 * cliques miss when lessons share one hour of the day: the ten pairs of
 * weekdays at 19:00 are the edges of K5, one teacher takes at most two
 * disjoint ones a week (20,000 people, 12 zones: every cohort the
 * assignment left without a teacher in the two groups that lost any was
 * beyond such a set, 10 and 2 cohorts). Each set grows from one of the
 * fullest candidates, taking the candidate that clashes with most of it
 * while its independence number stays within 1, then 2, a cut checked at
 * each.
 */
static bool
group_separate(struct group_cuts *gc, size_t g, const size_t *open, size_t n,
	       const long *opened, struct cp_solver_cuts *cuts)
{
	const struct bridge *b = gc->b;
	size_t t = b->gmember[b->gfirst[g]];
	uint64_t adj[SEP_MAX] = { 0 };
	if (n > SEP_MAX)
		n = SEP_MAX;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (cp_cand_rest_clash(b->cand, t, b->cand_pattern[open[i]],
					       b->cand_pattern[open[j]])) {
				adj[i] |= 1ull << j;
				adj[j] |= 1ull << i;
			}
	for (size_t v = 0; v < n && v < SEP_STARTS; v++) {
		uint64_t h = 1ull << v;
		for (int alpha = 1; alpha <= ALPHA_MAX; alpha++) {
			/* the candidate that clashes with most of the set first
			 * (fullest on ties): one clashing with none would raise
			 * the independence number at once */
			for (;;) {
				size_t best = n;
				int most = -1;
				for (size_t u = 0; u < n; u++) {
					int ties = __builtin_popcountll(adj[u] & h);
					if (!(h >> u & 1) && ties > most &&
					    alpha_at_most(adj, h | 1ull << u, alpha)) {
						best = u;
						most = ties;
					}
				}
				if (best == n)
					break;
				h |= 1ull << best;
			}
			if (alpha > 1 && alpha_at_most(adj, h, alpha - 1))
				break; /* nothing joined: the clique's cut said it */
			if (!cut_if_broken(gc, g, open, h, alpha, opened, cuts))
				return false;
		}
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
				/* open and set grow together */
				size_t cap = gc->cap, cap_set = gc->cap;
				if (!CP_GROW(gc->open, cap, n + 1, 64) || !CP_GROW(gc->set, cap_set, cap, 64))
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
