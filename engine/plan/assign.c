/*
 * Concrete teachers for the solver's cohorts (bridge.h): the solver plans
 * with groups of alike teachers; here each opened cohort gets one of them,
 * exactly where a small solver problem can say, greedily for the rest, then
 * by moving cohorts out of the way, and the cohorts left without anyone
 * close with their members re-placed.
 */
#include <stdlib.h>
#include <string.h>

#include <cohortplan/solver.h>

#include "bridge.h"
#include "substitute.h"
#include "tstate.h"
#include "cp_util.h"


/* Whether t may take pl now: FIT_NO, FIT_NOMEM, or FIT_YES with *was
 * telling whether t taught these members this pattern before (then t is
 * the choice, whatever else the callers weigh). */
static enum fit
fits_now(const struct bridge *b, struct tstate *ts, size_t t, const struct planned *pl, bool *was)
{
	enum fit f = teacher_fits(b, &ts[t], t, pl->pattern);
	*was = f == FIT_YES && was_teacher(b, pl, t);
	return f;
}

/* The cohorts still waiting (all[0..n) not done) that pick_scarce weighs:
 * a teacher who fits fewer of them is less needed elsewhere. */
struct waiting {
	const struct planned *all;
	size_t n;
	const bool *done;
};

/* Cohorts of pl's group still waiting in w that t fits; -1 when out of
 * memory. */
static long
waiting_fits(const struct bridge *b, struct tstate *ts, size_t t, const struct waiting *w,
	     const struct planned *pl)
{
	long use = 0;
	for (size_t c = 0; c < w->n; c++) {
		if (w->done[c] || w->all[c].group != pl->group)
			continue;
		enum fit f = teacher_fits(b, &ts[t], t, w->all[c].pattern);
		if (f == FIT_NOMEM)
			return -1;
		use += f == FIT_YES;
	}
	return use;
}

/* The teacher for pl among teachers[0..n): the previous plan's teacher
 * when they fit; else the one with the fewest lessons on leave (each needs
 * a substitute), then, with w, the one who fits the fewest cohorts still
 * waiting, then the one who may teach the fewest other patterns (keep the
 * versatile free), then the least loaded, then the first. NONE when
 * nobody fits. */
static enum fit
pick_among(const struct bridge *b, struct tstate *ts, const uint32_t *teachers, size_t n,
	   const struct waiting *w, const struct planned *pl, size_t *out)
{
	size_t best = NONE, best_leave = 0;
	long best_use = 0;
	for (size_t i = 0; i < n; i++) {
		size_t t = teachers[i];
		bool was;
		enum fit f = fits_now(b, ts, t, pl, &was);
		if (f == FIT_NOMEM)
			return FIT_NOMEM;
		if (f != FIT_YES)
			continue;
		if (was) {
			best = t;
			break;
		}
		size_t lv = cp_subst_leave_lessons(b->cand, t, pl->pattern);
		long use = w ? waiting_fits(b, ts, t, w, pl) : 0;
		if (use < 0)
			return FIT_NOMEM;
		if (best == NONE || lv < best_leave ||
		    (lv == best_leave &&
		     (use < best_use ||
		      (use == best_use && (ts[t].able < ts[best].able ||
					   (ts[t].able == ts[best].able && ts[t].n < ts[best].n)))))) {
			best = t;
			best_use = use;
			best_leave = lv;
		}
	}
	*out = best;
	return best == NONE ? FIT_NO : FIT_YES;
}

/* The teacher for pl among teachers[0..n), by pick_among's order without
 * the waiting cohorts. */
static enum fit
pick_teacher(const struct bridge *b, struct tstate *ts, const uint32_t *teachers, size_t n,
	     const struct planned *pl, size_t *out)
{
	return pick_among(b, ts, teachers, n, NULL, pl, out);
}

/* Members of pl's group who fit it now; -1 when out of memory. */
static long
fitting(const struct bridge *b, struct tstate *ts, const struct planned *pl)
{
	long n = 0;
	for (size_t i = b->gfirst[pl->group]; i < b->gfirst[pl->group + 1]; i++) {
		size_t t = b->gmember[i];
		enum fit f = teacher_fits(b, &ts[t], t, pl->pattern);
		if (f == FIT_NOMEM)
			return -1;
		n += f == FIT_YES;
	}
	return n;
}

/* The member of pl's group for it, by pick_among's order with the cohorts
 * still waiting in the group (all[0..n) not done): the least needed
 * elsewhere before the least versatile. */
static enum fit
pick_scarce(const struct bridge *b, struct tstate *ts, const struct planned *all, size_t n,
	    const bool *done, const struct planned *pl, size_t *out)
{
	const struct waiting w = { all, n, done };
	size_t lo = b->gfirst[pl->group], hi = b->gfirst[pl->group + 1];
	return pick_among(b, ts, b->gmember + lo, hi - lo, &w, pl, out);
}

static int
planned_cmp_key(const struct bridge *b, const struct planned *x, const struct planned *y)
{
	const struct cp_cand_pattern *px = cp_cand_pattern(b->cand, x->pattern);
	const struct cp_cand_pattern *py = cp_cand_pattern(b->cand, y->pattern);
	cp_instant sx = px->n_lessons ? px->lessons[0].start : 0;
	cp_instant sy = py->n_lessons ? py->lessons[0].start : 0;
	if (sx != sy)
		return sx < sy ? -1 : 1;
	return 0;
}

/* Is engine class ec eligible for pattern j? */
static bool
class_eligible(const struct cp_attend_class *cl, uint32_t j)
{
	return class_below(cl, j) >= 0;
}

static bool
planned_add(struct planned *pl, size_t ecls, long units, long heads)
{
	for (size_t i = 0; i < pl->n; i++)
		if (pl->m[i].ecls == ecls) {
			pl->m[i].units += units;
			pl->heads += heads;
			return true;
		}
	if (!CP_GROW(pl->m, pl->cap, pl->n + 1, 4))
		return false;
	pl->m[pl->n++] = (struct planned_member){ ecls, units };
	pl->heads += heads;
	return true;
}

static bool
planned_has(const struct planned *pl, size_t ecls)
{
	for (size_t i = 0; i < pl->n; i++)
		if (pl->m[i].ecls == ecls)
			return true;
	return false;
}

/* Members of a cohort that got no teacher: into other cohorts they may
 * join that have room (most room first would scatter them; the first that
 * fits keeps cohorts full), else dropped and explained. */
static bool
replace_members(struct bridge *b, struct planned *all, size_t n, struct planned *closed)
{
	const struct cp_policy *pol = cp_problem_policy(b->prob);
	long max = pol->cohort_max > 0 ? pol->cohort_max : 1000000;
	for (size_t mi = 0; mi < closed->n; mi++) {
		size_t ec = closed->m[mi].ecls;
		const struct cp_attend_class *cl = cp_attend_class(b->att, ec);
		long left = closed->m[mi].units;
		for (size_t c = 0; c < n && left > 0; c++) {
			struct planned *o = &all[c];
			if (o == closed || o->teacher == NONE || !class_eligible(cl, o->pattern))
				continue;
			if (cl->avoid != SIZE_MAX && planned_has(o, cl->avoid))
				continue;
			long room = (max - o->heads) / cl->unit;
			long take = room < left ? room : left;
			if (take <= 0)
				continue;
			if (!planned_add(o, ec, take, take * cl->unit))
				return false;
			left -= take;
			b->replaced_heads += take * cl->unit;
		}
		b->dropped[ec] += left * cl->unit;
		b->dropped_heads += left * cl->unit;
	}
	closed->n = 0;
	closed->heads = 0;
	return true;
}

/*
 * Give every opened cohort a concrete teacher. Cohorts go in order of their
 * first lesson (for interval-like conflicts this is the order in which
 * first-fit colouring is exact); each takes a member of its own group who
 * fits exactly (teacher_fits). A cohort whose group has nobody left moves
 * to any other teacher who may teach the pattern and fits; failing that it
 * closes and its members go to other cohorts with room or are dropped.
 * Deterministic: no randomness, ties broken by index.
 */
/*
 * Teacher t's "one of these at most" rows over t's candidates in the
 * exact assignment: two cohorts conflict when they share a timetable or
 * their lessons overlap or leave t too little rest (cp_cand_rest_clash). Each
 * row is a clique of pairwise conflicting cohorts, grown greedily from a
 * conflict no row covers yet, so that every conflict lies in some row.
 * Rows of two said the same but left the LP weak: on the grouped 5,000-
 * person 12-zone problem a group's assignment with 105 pairs stayed at
 * 423 (bound 473) in its time while CBC, adding clique cuts of its own,
 * proved 448 at once. False when out of memory.
 */
static bool
conflict_rows(const struct bridge *b, struct cp_solver_problem *sp, const struct planned *pl,
	      const size_t *cand_cohort, const size_t *cand_teacher, size_t ncand, size_t t)
{
	size_t m = 0;
	for (size_t k = 0; k < ncand; k++)
		m += cand_teacher[k] == t;
	if (m < 2)
		return true;
	size_t *mine = malloc(m * sizeof *mine), *clique = malloc(m * sizeof *clique);
	bool *conflict = calloc(m * m, sizeof *conflict), *covered = calloc(m * m, sizeof *covered);
	bool ok = mine && clique && conflict && covered;
	m = 0;
	for (size_t k = 0; k < ncand && ok; k++)
		if (cand_teacher[k] == t)
			mine[m++] = k;
	for (size_t a = 0; a < m && ok; a++)
		for (size_t c = a + 1; c < m; c++) {
			uint32_t x = pl[cand_cohort[mine[a]]].pattern, y = pl[cand_cohort[mine[c]]].pattern;
			bool clash = x == y || cp_cand_rest_clash(b->cand, t, x, y);
			conflict[a * m + c] = conflict[c * m + a] = clash;
		}
	for (size_t a = 0; a < m && ok; a++)
		for (size_t c = a + 1; c < m && ok; c++) {
			if (!conflict[a * m + c] || covered[a * m + c])
				continue;
			size_t n = 0;
			clique[n++] = a;
			clique[n++] = c;
			for (size_t d = 0; d < m; d++) {
				bool all = d != a && d != c;
				for (size_t i = 0; i < n && all; i++)
					all = conflict[clique[i] * m + d];
				if (all)
					clique[n++] = d;
			}
			size_t r;
			ok = cp_solver_problem_add_row(sp, NULL, 1, &r, NULL) == CP_SOLVER_OK;
			for (size_t i = 0; i < n && ok; i++) {
				ok = cp_solver_problem_set_coef(sp, r, mine[clique[i]], 1, NULL) ==
				     CP_SOLVER_OK;
				for (size_t j = 0; j < n; j++)
					covered[clique[i] * m + clique[j]] = true;
			}
		}
	free(mine);
	free(clique);
	free(conflict);
	free(covered);
	return ok;
}

/*
 * Members of group who may teach the same cohorts of the group (the same
 * answer for every one) are interchangeable in its exact assignment: pos[i]
 * is member gfirst[group] + i's place among those like it (0 for the first
 * of its kind). NULL when out of memory.
 */
static size_t *member_places(const struct bridge *b, const struct planned *pl, size_t n,
			     size_t group)
{
	size_t first = b->gfirst[group], m = b->gfirst[group + 1] - first, nc = 0;
	for (size_t i = 0; i < n; i++)
		nc += pl[i].heads > 0 && pl[i].group == group;
	size_t *pos = calloc(m ? m : 1, sizeof *pos);
	size_t cells = m * nc;
	bool *can = malloc((cells ? cells : 1) * sizeof *can);
	if (!pos || !can) {
		free(pos);
		free(can);
		return NULL;
	}
	for (size_t gi = 0; gi < m; gi++)
		for (size_t i = 0, c = 0; i < n; i++)
			if (pl[i].heads > 0 && pl[i].group == group)
				can[gi * nc + c++] = cp_cand_teachable(b->cand, b->gmember[first + gi],
								       pl[i].pattern, NULL) == CP_TEACH_OK;
	for (size_t gi = 0; gi < m; gi++)
		for (size_t gj = 0; gj < gi; gj++)
			pos[gi] += memcmp(can + gi * nc, can + gj * nc, nc * sizeof *can) == 0;
	free(can);
	return pos;
}

/* Teacher t's minutes per local day (per 0) or week (per 1) within limit:
 * one row per day or week that some of t's candidates load; false when out
 * of memory. */
static bool load_rows(struct bridge *b, struct cp_solver_problem *sp, const struct planned *pl,
		      const size_t *cand_cohort, const size_t *cand_teacher, size_t ncand,
		      size_t t, int per, int limit)
{
	size_t nl = 0, capl = 0;
	struct { cp_day day; size_t row; } *rows = NULL;
	for (size_t k = 0; k < ncand; k++) {
		if (cand_teacher[k] != t)
			continue;
		struct cp_cand_load l[64];
		size_t m = per == 0
			? cp_cand_load_days(b->cand, t, pl[cand_cohort[k]].pattern, l, 64)
			: cp_cand_load_weeks(b->cand, t, pl[cand_cohort[k]].pattern, l, 64);
		for (size_t a = 0; a < m && a < 64; a++) {
			size_t h = 0;
			while (h < nl && rows[h].day != l[a].day)
				h++;
			if (h == nl) {
				if (!CP_GROW(rows, capl, nl + 1, 16)) {
					free(rows);
					return false;
				}
				rows[nl].day = l[a].day;
				if (cp_solver_problem_add_row(sp, NULL, limit, &rows[nl].row,
							      NULL) != CP_SOLVER_OK) {
					free(rows);
					return false;
				}
				nl++;
			}
			if (cp_solver_problem_set_coef(sp, rows[h].row, k, l[a].minutes,
						       NULL) != CP_SOLVER_OK) {
				free(rows);
				return false;
			}
		}
	}
	free(rows);
	return true;
}

/* Solve the exact assignment sp (one thread; bounded by nodes when
 * deterministic, else by time_limit) and set exact[] from the candidates
 * it opens; a solver failure leaves exact[] to the greedy. */
static void solve_exact(struct bridge *b, struct cp_solver_problem *sp, double time_limit,
			const size_t *cand_cohort, const size_t *cand_teacher, size_t ncand,
			size_t *exact)
{
	struct cp_solver_options so;
	cp_solver_options_init(&so);
	so.threads = 1;
	so.deterministic = b->opts->solver.deterministic;
	so.time_limit = so.deterministic ? 0 : time_limit;
	so.node_limit = so.deterministic ? 200 : 0;
	so.gap = 0;
	struct cp_solver_result *res = NULL;
	if (cp_solver_solve(sp, &so, &res, NULL) != CP_SOLVER_OK)
		return;
	for (size_t k = 0; k < ncand; k++)
		if (cp_solver_result_opened(res, k) > 0)
			exact[cand_cohort[k]] = cand_teacher[k];
	cp_solver_result_destroy(res);
}

/*
 * Exact teacher assignment, as a small problem for the solver: each planned
 * cohort i is a class of heads_i people who must sit together (a candidate
 * per able teacher t, of exactly heads_i seats, opening once), and each
 * teacher's limits are rows over their candidates: two cohorts whose
 * lessons overlap or leave too little rest cannot both be t's, and t's
 * minutes per local day and week stay within t's maximum. The solver then
 * gives as many heads as possible a teacher, the cohort's own group
 * preferred, then a teacher it had before. A group of alike teachers is a
 * relaxation in the main model (three 6-hour cohorts fit two 9-hour
 * teachers in sum, not one by one), so the greedy assignment that follows
 * alone could leave cohorts without a teacher that another arrangement
 * serves (generated 1,000 people, 3 zones: 2 cohorts, 25 people).
 * With group != NONE only the cohorts of that group and its own members
 * take part (assign_exact_all). Sets exact[i] to the teacher of cohort i
 * where it found one; false when out of memory.
 */
#define ASSIGN_MAX_PAIRS 200000

static bool
assign_exact(struct bridge *b, const struct planned *pl, size_t n, size_t group,
	     double time_limit, size_t *exact)
{
	size_t nt = cp_problem_teacher_count(b->prob);
	struct cp_solver_problem *sp = cp_solver_problem_create();
	size_t *cand_cohort = NULL, *cand_teacher = NULL, ncand = 0, cap = 0;
	size_t *place = NULL; /* member_places(), with a group */
	bool ok = false;

	if (!sp)
		goto out;
	if (cp_solver_problem_set_target(sp, 0.5, NULL) != CP_SOLVER_OK)
		goto out;
	/* Members who may teach the same cohorts of the group are
	 * interchangeable: name those of a kind in the order of the first
	 * cohort each takes, and the r-th cohort has one of the first r + 1
	 * of each kind. Without this the solver searched the same assignment
	 * under every renaming (20,000 people, 12 zones: groups of twenty
	 * teachers, bound never moved; with three members of another
	 * language in a group of 26, 1,645 of 1,846 heads when the renamings
	 * were cut only where all members are alike). */
	if (group != NONE && !b->opts->previous) {
		place = member_places(b, pl, n, group);
		if (!place)
			goto out;
	}
	size_t rank = 0;
	/* cohorts as classes, (cohort, teacher) as candidates */
	for (size_t i = 0; i < n; i++) {
		if (pl[i].heads <= 0 || (group != NONE && pl[i].group != group))
			continue;
		rank++;
		struct cp_solver_class sc = { .count = pl[i].heads, .unit_size = 1 };
		size_t ci;
		if (cp_solver_problem_add_class(sp, &sc, &ci, NULL) != CP_SOLVER_OK)
			goto out;
		for (size_t gi = 0; gi < nt; gi++) {
			/* the group's members in gmember order, or everyone */
			size_t t = group != NONE ? b->gmember[gi] : gi;
			if (group != NONE && (gi < b->gfirst[group] || gi >= b->gfirst[group + 1] ||
					      (place && place[gi - b->gfirst[group]] >= rank)))
				continue;
			if (cp_cand_teachable(b->cand, t, pl[i].pattern, NULL) != CP_TEACH_OK)
				continue;
			struct cp_solver_candidate k = { .min_size = pl[i].heads,
							 .max_size = pl[i].heads, .max_open = 1,
							 .profile = -1 };
			struct cp_solver_eligibility e = {
				.share = 1.0,
				.preference = (b->group_of[t] == pl[i].group ? 0.5 : 0) +
					      (was_teacher(b, &pl[i], t) ? 0.5 : 0),
			};
			/* cand_cohort and cand_teacher share cap: grow both,
			 * then record it. */
			size_t cap_cohort = cap, cap_teacher = cap;
			if (!CP_GROW(cand_cohort, cap_cohort, ncand + 1, 64) ||
			    !CP_GROW(cand_teacher, cap_teacher, ncand + 1, 64))
				goto out;
			cap = cap_cohort;
			if (cp_solver_problem_add_candidate(sp, &k, NULL, NULL) != CP_SOLVER_OK ||
			    cp_solver_problem_add_eligibility(sp, ci, ncand, &e, NULL) != CP_SOLVER_OK)
				goto out;
			cand_cohort[ncand] = i;
			cand_teacher[ncand] = t;
			ncand++;
			if (ncand > ASSIGN_MAX_PAIRS)
				goto fail_quiet; /* too large to be quick: greedy only */
		}
	}
	/* each teacher's rows over their candidates */
	for (size_t t = 0; t < nt; t++) {
		const struct cp_teacher *te = cp_problem_teacher(b->prob, t);
		bool mine = false;
		for (size_t k = 0; k < ncand && !mine; k++)
			mine = cand_teacher[k] == t;
		if (!mine)
			continue;
		if (!conflict_rows(b, sp, pl, cand_cohort, cand_teacher, ncand, t))
			goto out;
		/* minutes per local day, then per week: one row per day or week
		 * that some of t's candidates load */
		for (int per = 0; per < 2; per++) {
			int limit = per == 0 ? te->max_day : te->max_week;
			if (limit <= 0)
				continue;
			if (!load_rows(b, sp, pl, cand_cohort, cand_teacher, ncand, t, per, limit))
				goto out;
		}
	}
	solve_exact(b, sp, time_limit, cand_cohort, cand_teacher, ncand, exact);
fail_quiet:
	ok = true;
out:
	free(place);
	cp_solver_problem_destroy(sp);
	free(cand_cohort);
	free(cand_teacher);
	return ok;
}

/*
 * Without teacher groups (every teacher planned alone), one exact
 * assignment over all teachers where it is small. With groups, one per
 * group of alike teachers: the main model's group rows are the relaxation
 * this repairs, and its cohorts are planned for their own group; cohorts
 * left over go to the greedy, which may move them to another group. On
 * 20,000 people in 12 zones (about 610 cohorts, 502 teachers in 18 groups)
 * the single problem over all teachers (68,000 pairs) left 24 cohorts
 * without a teacher in its 2 s; per group 15 (groups of at most 3,000
 * pairs), 270-300 heads below the solver's plan instead of 440-500 (runs
 * vary with the search, and the machine was shared).
 */
static bool
assign_exact_all(struct bridge *b, const struct planned *pl, size_t n, size_t *exact)
{
	size_t nt = cp_problem_teacher_count(b->prob), pairs = 0;
	for (size_t i = 0; i < n; i++)
		exact[i] = NONE;
	if (b->n_groups == nt) {
		for (size_t i = 0; i < n && pairs <= ASSIGN_MAX_PAIRS; i++)
			for (size_t t = 0; t < nt && pl[i].heads > 0; t++)
				pairs += cp_cand_teachable(b->cand, t, pl[i].pattern, NULL) ==
					 CP_TEACH_OK;
		return pairs > ASSIGN_MAX_PAIRS || assign_exact(b, pl, n, NONE, 2.0, exact);
	}
	/* Time: a tenth of the solve's limit (at least 2 s) shared out by
	 * pairs, at least 0.2 s a group. On the 20,000-person problem the
	 * three largest groups (1,900-3,300 pairs) got 0.2 s each and gave
	 * 1,842 of 2,036 possible (CBC's root bound) where CBC found 2,020 in
	 * 2.3 s: the big groups are where time pays. */
	double *gpairs = calloc(b->n_groups ? b->n_groups : 1, sizeof *gpairs);
	if (!gpairs)
		return false;
	for (size_t i = 0; i < n; i++) {
		size_t g = pl[i].group;
		if (pl[i].heads <= 0 || g >= b->n_groups)
			continue;
		for (size_t gi = b->gfirst[g]; gi < b->gfirst[g + 1]; gi++)
			gpairs[g] += cp_cand_teachable(b->cand, b->gmember[gi], pl[i].pattern, NULL) ==
				     CP_TEACH_OK;
		gpairs[g] += gpairs[g] == 0; /* a group with cohorts takes part */
	}
	double all = 0, limit = b->opts->solver.time_limit;
	for (size_t g = 0; g < b->n_groups; g++)
		all += gpairs[g];
	double budget = limit > 0 && ASSIGN_SHARE * limit > 2.0 ? ASSIGN_SHARE * limit : 2.0;
	/* and no later than building the plan allows (planner.c) */
	if (b->assign_until > 0 && b->assign_until - plan_seconds() < budget)
		budget = b->assign_until - plan_seconds() > 0.5
			? b->assign_until - plan_seconds() : 0.5;
	/* Smallest groups first: most are proven in a fraction of their
	 * share, and what they leave goes to the groups after them, so the
	 * largest, where the time pays, get the rest (20,000 people: the two
	 * largest groups had 0.7 and 1.05 s and stopped 335 and 295 heads
	 * below their bounds while twelve others used 0.5 s of their 3.4 s). */
	size_t *order = malloc((b->n_groups ? b->n_groups : 1) * sizeof *order);
	if (!order) {
		free(gpairs);
		return false;
	}
	size_t ng = 0;
	for (size_t g = 0; g < b->n_groups; g++)
		if (gpairs[g] > 0)
			order[ng++] = g;
	for (size_t i = 1; i < ng; i++)
		for (size_t j = i; j > 0 && gpairs[order[j]] < gpairs[order[j - 1]]; j--) {
			size_t tmp = order[j];
			order[j] = order[j - 1];
			order[j - 1] = tmp;
		}
	bool ok = true;
	for (size_t i = 0; i < ng && ok; i++) {
		size_t g = order[i];
		double each = budget * gpairs[g] / all, t0 = plan_seconds();
		ok = assign_exact(b, pl, n, g, each < 0.2 ? 0.2 : each, exact);
		budget -= plan_seconds() - t0;
		all -= gpairs[g];
	}
	free(order);
	free(gpairs);
	return ok;
}

/* everyone: all teachers in index order; ts[t].able: the timetables t may
 * teach. */
static void count_able(struct bridge *b, struct tstate *ts, uint32_t *everyone, size_t nt)
{
	for (size_t t = 0; t < nt; t++) {
		everyone[t] = (uint32_t)t;
		for (size_t j = 0; j < b->n_cands; j++)
			if (b->first_cand[b->cand_pattern[j]] == j &&
			    cp_cand_teachable(b->cand, t, b->cand_pattern[j], NULL) == CP_TEACH_OK)
				ts[t].able++;
	}
}

/* The cohorts in planned_cmp_key order. */
static void order_cohorts(struct bridge *b, const struct planned *pl, size_t n, size_t *order)
{
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	/* insertion sort keeps equal keys in solver order: deterministic */
	for (size_t i = 1; i < n; i++) {
		size_t x = order[i], j = i;
		while (j > 0 && planned_cmp_key(b, &pl[x], &pl[order[j - 1]]) < 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = x;
	}
}

/* Give each cohort the teacher the exact assignment found for it (done[i]
 * then); false when out of memory. */
static bool take_exact(struct bridge *b, struct tstate *ts, struct planned *pl, size_t n,
		       const size_t *exact, bool *done)
{
	for (size_t i = 0; i < n; i++) {
		size_t t = exact[i];
		if (t == NONE || teacher_fits(b, &ts[t], t, pl[i].pattern) != FIT_YES)
			continue; /* (fits by construction; checked all the same) */
		if (!teacher_take(b, &ts[t], t, pl[i].pattern))
			return false;
		pl[i].teacher = t;
		done[i] = true;
		if (b->group_of[t] != pl[i].group)
			b->moved_cohorts++;
	}
	return true;
}

/* Another timetable every member of p may join, with a teacher free for
 * it: the first class's patterns in order. On FIT_YES p has moved there
 * and *t is the teacher; else p keeps its timetable. */
static enum fit other_timetable(struct bridge *b, struct tstate *ts, const uint32_t *everyone,
				size_t nt, struct planned *p, size_t *t)
{
	enum fit f = FIT_NO;
	const struct cp_attend_class *c0 = cp_attend_class(b->att, p->m[0].ecls);
	uint32_t was = p->pattern;
	for (size_t e = 0; e < c0->n_eligible && f == FIT_NO; e++) {
		uint32_t j = c0->eligible[e].pattern;
		bool all = j != was && b->first_cand[j] != NONE;
		for (size_t mi = 0; mi < p->n && all; mi++)
			all = class_keeps_level(cp_attend_class(b->att, p->m[mi].ecls),
						was, j);
		if (!all)
			continue;
		p->pattern = j;
		f = pick_teacher(b, ts, everyone, nt, p, t);
	}
	if (f == FIT_YES)
		b->moved_cohorts++;
	else
		p->pattern = was;
	return f;
}

/* Close the cohorts left without a teacher, placing their members
 * elsewhere where they can; false when out of memory. */
static bool close_untaught(struct bridge *b, struct planned *pl, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (pl[i].teacher == NONE && pl[i].n > 0) {
			b->closed_cohorts++;
			if (!replace_members(b, pl, n, &pl[i]))
				return false;
		}
	return true;
}

enum cp_engine_status
assign_teachers(struct bridge *b, struct planned *pl, size_t n, struct cp_engine_error *err)
{
	size_t nt = cp_problem_teacher_count(b->prob);
	struct tstate *ts = calloc(nt ? nt : 1, sizeof *ts);
	size_t *order = malloc((n ? n : 1) * sizeof *order);
	uint32_t *everyone = malloc((nt ? nt : 1) * sizeof *everyone);
	long *cnt = NULL;
	bool *done = NULL;
	size_t *exact = NULL;
	enum cp_engine_status st = CP_ENGINE_OK;
	if (!ts || !order || !everyone) {
		st = nomem(err);
		goto out;
	}
	count_able(b, ts, everyone, nt);
	order_cohorts(b, pl, n, order);
	/* Most constrained cohort first (fewest members of its group who fit
	 * now; DSatur's rule for colouring), so that scarce teachers are not
	 * used up by cohorts that had others to choose from. */
	cnt = malloc((n ? n : 1) * sizeof *cnt);
	done = calloc(n ? n : 1, sizeof *done);
	if (!cnt || !done) {
		st = nomem(err);
		goto out;
	}
	/* first the exact assignment; the greedy below takes what it left */
	exact = malloc((n ? n : 1) * sizeof *exact);
	if (!exact || !assign_exact_all(b, pl, n, exact)) {
		st = nomem(err);
		goto out;
	}
	if (!take_exact(b, ts, pl, n, exact, done)) {
		st = nomem(err);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		cnt[i] = done[i] ? 0 : fitting(b, ts, &pl[i]);
		if (cnt[i] < 0) {
			st = nomem(err);
			goto out;
		}
	}
	for (size_t step = 0; step < n; step++) {
		size_t pick = NONE;
		for (size_t oi = 0; oi < n; oi++) {
			size_t i = order[oi];
			if (!done[i] && (pick == NONE || cnt[i] < cnt[pick]))
				pick = i;
		}
		if (pick == NONE)
			break;
		done[pick] = true;
		struct planned *p = &pl[pick];
		size_t t = NONE;
		enum fit f = pick_scarce(b, ts, pl, n, done, p, &t);
		if (f == FIT_NO) {
			f = pick_teacher(b, ts, everyone, nt, p, &t);
			if (f == FIT_YES)
				b->moved_cohorts++;
		}
		if (f == FIT_NO && p->n > 0)
			f = other_timetable(b, ts, everyone, nt, p, &t);
		if (f == FIT_NOMEM) {
			st = nomem(err);
			goto out;
		}
		if (f == FIT_YES) {
			if (!teacher_take(b, &ts[t], t, p->pattern)) {
				st = nomem(err);
				goto out;
			}
			p->teacher = t;
			/* t's cohorts changed: recount the cohorts t could take */
			for (size_t i = 0; i < n; i++)
				if (!done[i] && pl[i].group == b->group_of[t]) {
					cnt[i] = fitting(b, ts, &pl[i]);
					if (cnt[i] < 0) {
						st = nomem(err);
						goto out;
					}
				}
		}
	}
	if (!eject_repair(b, ts, pl, n, nt) || !close_untaught(b, pl, n))
		st = nomem(err);
out:
	if (ts)
		for (size_t t = 0; t < nt; t++) {
			free(ts[t].pats);
			free(ts[t].days);
			free(ts[t].weeks);
		}
	free(ts);
	free(order);
	free(everyone);
	free(cnt);
	free(done);
	free(exact);
	return st;
}

void
planned_free(struct planned *pl, size_t n)
{
	if (!pl)
		return;
	for (size_t i = 0; i < n; i++)
		free(pl[i].m);
	free(pl);
}

/* The solver's cohorts as planned cohorts with engine classes. */
struct planned *
planned_from_result(const struct bridge *b, const struct cp_solver_result *res, size_t *n)
{
	size_t ncoh = cp_solver_result_cohort_count(res);
	struct planned *pl = calloc(ncoh ? ncoh : 1, sizeof *pl);
	if (!pl)
		return NULL;
	for (size_t c = 0; c < ncoh; c++) {
		const struct cp_solver_cohort *sc = cp_solver_result_cohort(res, c);
		pl[c].pattern = b->cand_pattern[sc->candidate];
		pl[c].group = b->cand_group[sc->candidate];
		pl[c].teacher = NONE;
		for (size_t mi = 0; mi < sc->nmembers; mi++) {
			size_t ec = b->engine_class[sc->members[mi].cls];
			const struct cp_attend_class *cl = cp_attend_class(b->att, ec);
			if (!planned_add(&pl[c], ec, sc->members[mi].units,
					 sc->members[mi].units * cl->unit)) {
				planned_free(pl, ncoh);
				return NULL;
			}
		}
	}
	*n = ncoh;
	return pl;
}
