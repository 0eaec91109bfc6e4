/*
 * Why people are not placed, and the planner's advice, as data: codes,
 * numbers, ids and timetables in the plan. See explain.h; api/locale words
 * them.
 */
#include <cohortplan/attend.h>
#include <cohortplan/candidates.h>
#include <cohortplan/problem.h>
#include <cohortplan/tz.h>

#include "explain.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cp_util.h"

/* Pattern j of the candidates as a plan timetable (days 0 for none). */
static void
timetable_of(const struct bridge *b, struct cp_plan *plan, uint32_t j, struct cp_plan_timetable *tt)
{
	memset(tt, 0, sizeof *tt);
	tt->first = CP_DAY_UNSET;
	if (j == CP_CAND_NONE)
		return;
	const struct cp_cand_pattern *pt = cp_cand_pattern(b->cand, j);
	tt->days = pt->days;
	tt->start = pt->start;
	tt->zone = cp_plan_strdup(plan, cp_tz_name(cp_cand_anchor(b->cand, pt->anchor)));
	tt->first = pt->first;
	tt->by_week = pt->by_week;
}

long
class_reaching(const struct cp_solver_result *r, size_t sc, const void *data)
{
	const struct bridge *b = data;
	const struct cp_attend_class *cl = cp_attend_class(b->att, b->engine_class[sc]);
	long heads = 0;
	for (size_t k = 0; k < b->n_cands; k++) {
		long units = cp_solver_result_assigned(r, sc, k);
		if (units > 0)
			heads += units * (cl->unit - class_below(cl, b->cand_pattern[k]));
	}
	return heads;
}

/* What check c says about the plan of res. Checks ran against the
 * solve's plan; when a better plan was kept instead (keep_better), an
 * answer still holds only for the same question: a plan with more units
 * than res places (MORE), or no plan with more than it places, or none
 * found, when res places as many as the solve's plan did. Otherwise the
 * class was not checked against this plan. */
static enum cp_check_answer
answer_for(const struct cp_check *c, const struct cp_solver_result *res)
{
	long now;
	if (!c)
		return CP_CHECK_NOT_RUN;
	now = cp_solver_result_class_placed(res, c->cls);
	switch (c->answer) {
	case CP_CHECK_MORE:
		return now < c->units ? CP_CHECK_MORE : CP_CHECK_NOT_RUN;
	case CP_CHECK_EXCLUDED:
	case CP_CHECK_UNDECIDED:
		return now == c->had ? c->answer : CP_CHECK_NOT_RUN;
	case CP_CHECK_NOT_RUN:
	default:
		return CP_CHECK_NOT_RUN;
	}
}

/* The reason of an unplaced person of solver class sc whose explanation
 * (too few left, capacity used, separation) held for this plan only: what
 * the check found. Returns whether they count as placeable. */
static bool
checked_reason(const struct bridge *b, const struct cp_solver_result *res, size_t sc,
	       struct cp_plan_unplaced *u)
{
	size_t at = b->check_of ? b->check_of[sc] : NONE;
	const struct cp_check *c = at == NONE ? NULL : &b->checks[at];
	const struct cp_attend_class *cl = cp_attend_class(b->att, b->engine_class[sc]);

	switch (answer_for(c, res)) {
	case CP_CHECK_MORE: {
		long others = cp_solver_result_reaching(res) - class_reaching(res, sc, b);
		long cost = others - c->others_reaching, least = others - c->others_most;
		u->kind = CP_UNPLACED_DISPLACES;
		u->cost = cost > 0 ? (int)cost : 0;
		u->least_cost = least > 0 ? (int)least : 0;
		u->places = (int)((c->units - cp_solver_result_class_placed(res, sc)) * cl->unit);
		return true;
	}
	case CP_CHECK_EXCLUDED:
		u->kind = CP_UNPLACED_NO_COHORT;
		u->alike_placed = cp_solver_result_class_placed(res, sc) > 0;
		return false;
	case CP_CHECK_UNDECIDED:
		u->kind = CP_UNPLACED_NOT_DECIDED;
		return true;
	case CP_CHECK_NOT_RUN:
	default:
		u->kind = CP_UNPLACED_NOT_CHECKED;
		return true;
	}
}

/* Something counted or measured (value) and what it is (k): lost lessons
 * by reason, people waiting by row, candidates by dual value. */
struct ranked {
	double value;
	size_t k;
};

static int
ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	/* largest first */
	return x->value != y->value ? CP_CMP(y->value, x->value) : CP_CMP(x->k, y->k);
}

/* Why no teacher may teach the timetables a class reaches the target with:
 * the class's best one, and each teacher's reason for it. */
static void
no_teacher(const struct bridge *b, struct cp_plan *plan, const struct cp_attend_class *cl,
	   struct cp_plan_unplaced *u)
{
	size_t best = 0;
	for (size_t e = 1; e < cl->n_eligible; e++)
		if (cl->eligible[e].count > cl->eligible[best].count)
			best = e;
	uint32_t j = cl->eligible[best].pattern;
	timetable_of(b, plan, j, &u->timetable);
	size_t nt = cp_problem_teacher_count(b->prob);
	for (size_t t = 0; t < nt; t++) {
		struct cp_plan_cover_option *o = cp_plan_add_blocked(plan, u);
		if (!o)
			return;
		o->teacher = cp_plan_strdup(plan, cp_problem_teacher(b->prob, t)->id);
		o->blocked = cp_plan_strdup(plan,
					    cp_teach_reason_name(cp_cand_teachable(b->cand, t, j, NULL)));
	}
}

/* The lessons u loses in pattern best, most costly reason first. */
static bool
lost_lessons(const struct bridge *b, struct cp_plan *plan, uint32_t i, uint32_t best,
	     struct cp_plan_unplaced *u)
{
	unsigned counts[CP_ATTEND_REASON_COUNT];
	struct ranked rs[CP_ATTEND_REASON_COUNT];
	size_t nr = 0;
	cp_attend_reasons(b->att, i, best, counts);
	for (int r = 1; r < CP_ATTEND_REASON_COUNT; r++)
		if (counts[r])
			rs[nr++] = (struct ranked){ counts[r], (size_t)r };
	qsort(rs, nr, sizeof rs[0], ranked_cmp);
	for (size_t r = 0; r < nr; r++) {
		struct cp_plan_reason_count *rc = cp_plan_add_reason(plan, u);
		if (!rc)
			return false;
		rc->verdict = verdict_of((enum cp_attend_reason)rs[r].k);
		rc->lessons = (int)rs[r].value;
	}
	return true;
}

/* The reason the solver gives for class ec, checked where it only
 * describes this plan. */
static void
solver_reason(struct bridge *b, struct cp_plan *plan, const struct cp_solver_result *res,
	      size_t ec, struct cp_plan_unplaced *u, bool *placeable)
{
	const struct cp_attend_class *cl = cp_attend_class(b->att, ec);
	struct cp_solver_explanation ex;
	cp_solver_result_explain(res, b->solver_class[ec], &ex);
	switch (ex.reason) {
	case CP_SOLVER_REASON_NO_CANDIDATE:
		u->kind = CP_UNPLACED_NO_TEACHER;
		no_teacher(b, plan, cl, u);
		break;
	case CP_SOLVER_REASON_TOO_FEW:
		/* Proven by counting: even everyone who can attend any of
		 * their timetables is too few for its minimum size. */
		u->kind = CP_UNPLACED_TOO_FEW;
		u->missing = (int)ex.missing;
		timetable_of(b, plan,
			     ex.candidate != CP_SOLVER_NONE ? b->cand_pattern[ex.candidate]
							    : CP_CAND_NONE,
			     &u->timetable);
		*placeable = false;
		break;
	case CP_SOLVER_REASON_REMAINING_TOO_FEW:
	case CP_SOLVER_REASON_SEPARATION:
	case CP_SOLVER_REASON_CAPACITY:
	default:
		*placeable = checked_reason(b, res, b->solver_class[ec], u);
		break;
	}
}

bool
explain_unplaced(struct bridge *b, struct cp_plan *plan, const struct cp_solver_result *res,
		 uint32_t i, bool *placeable)
{
	const struct cp_participant *p = cp_problem_participant(b->prob, i);
	size_t ec = cp_attend_class_of(b->att, i);
	const struct cp_attend_class *cl = ec == SIZE_MAX ? NULL : cp_attend_class(b->att, ec);

	struct cp_plan_unplaced *u = cp_plan_add_unplaced(plan);
	if (!u)
		return false;
	u->participant = cp_plan_strdup(plan, p->id);
	u->zone = cp_plan_strdup(plan, p->tz ? cp_tz_name(p->tz) : p->zone);
	u->profile = cp_plan_strdup(plan, profile_name(p->profile));

	unsigned best_count = 0;
	uint32_t best = cp_attend_best(b->att, i, &best_count);
	u->best_share = cp_attend_share(b->att, best_count);
	if (best != CP_CAND_NONE && !lost_lessons(b, plan, i, best, u))
		return false;
	timetable_of(b, plan, best, &u->best);
	u->best_minutes = (int)best_count;
	u->live_minutes = (int)cp_cand_live_minutes(b->cand);

	/* With members admitted below the target, eligibility starts at the
	 * floor: the reasons speak of that threshold, so that they stay true
	 * (a "too few" counts everyone who could join at floor level). */
	unsigned needed = cp_attend_floor(b->att);
	if (needed < cp_attend_needed(b->att))
		u->floor_minutes = (int)needed;
	if (cl && !cl->language) {
		u->kind = CP_UNPLACED_LANGUAGE;
	} else if (cl && cl->unit == 2 && cl->n_eligible == 0 && best_count >= needed) {
		/* Alone they could; with the partner they asked to share a
		 * cohort with, no timetable works for both. */
		u->kind = CP_UNPLACED_PARTNER;
		u->partner = cp_plan_strdup(plan, p->partner);
	} else if (!cl || cl->n_eligible == 0 || b->solver_class[ec] == NONE) {
		u->kind = CP_UNPLACED_NO_CANDIDATE;
	} else if (b->dropped[ec] > 0) {
		/* The cohort planned for them could get no teacher without
		 * breaking a teacher's overlap, rest or load rules, and no
		 * other cohort they fit had room. */
		b->dropped[ec]--;
		u->kind = CP_UNPLACED_CAPACITY;
		*placeable = true;
	} else {
		solver_reason(b, plan, res, ec, u, placeable);
	}
	return !cp_plan_nomem(plan);
}

/* A check that found a plan in which more people reach the target than
 * in this one means the search stopped short of a better plan: say so
 * once, with the largest gain (plans found for different classes do not
 * add up). */
static bool
advise_better_plan(const struct bridge *b, struct cp_plan *plan, const struct cp_solver_result *res)
{
	long gain = 0;
	for (size_t i = 0; i < b->n_checks; i++)
		if (answer_for(&b->checks[i], res) == CP_CHECK_MORE &&
		    b->checks[i].reaching - cp_solver_result_reaching(res) > gain)
			gain = b->checks[i].reaching - cp_solver_result_reaching(res);
	if (gain == 0)
		return true;
	struct cp_plan_advice *a = cp_plan_advise(plan, CP_ADVICE_BETTER_PLAN, (int)gain);
	if (a)
		a->n[0] = gain;
	return a != NULL;
}

/* Binding rows by heads waiting on them; rows of a teacher group share
 * labels (a clique row per instant), so one advice per label, at most ten. */
static bool
advise_rows(const struct bridge *b, struct cp_plan *plan, const struct cp_solver_result *res)
{
	const struct cp_solver_problem *sp = b->sp;
	size_t nrows = cp_solver_problem_row_count(sp);
	struct ranked *rows = malloc((nrows ? nrows : 1) * sizeof *rows);
	size_t nw = 0, emitted = 0;
	if (!rows)
		return false;
	for (size_t r = 0; r < nrows; r++) {
		long waiting = cp_solver_result_row_waiting(res, r);
		if (waiting > 0)
			rows[nw++] = (struct ranked){ (double)waiting, r };
	}
	qsort(rows, nw, sizeof *rows, ranked_cmp);
	for (size_t i = 0; i < nw && emitted < 10; i++) {
		const char *label = cp_solver_problem_row_label(sp, rows[i].k);
		bool seen = false;
		for (size_t q = 0; q < i && !seen; q++)
			seen = strcmp(cp_solver_problem_row_label(sp, rows[q].k), label) == 0;
		if (seen)
			continue;
		struct cp_plan_advice *a = cp_plan_advise(plan, CP_ADVICE_RELAX, (int)rows[i].value);
		if (!a) {
			free(rows);
			return false;
		}
		a->n[0] = (long)rows[i].value;
		a->row = cp_plan_strdup(plan, label);
		emitted++;
	}
	free(rows);
	return true;
}

/* Candidates whose extra cohort would pay off in the LP: another teacher
 * for that timetable. Most valuable first, at most five. */
static bool
advise_teachers(const struct bridge *b, struct cp_plan *plan, const struct cp_solver_result *res)
{
	struct ranked *duals = malloc((b->n_cands ? b->n_cands : 1) * sizeof *duals);
	size_t nd = 0;
	if (!duals)
		return false;
	for (size_t k = 0; k < b->n_cands; k++) {
		double d = cp_solver_result_candidate_dual(res, k);
		if (isfinite(d) && d >= 1.0)
			duals[nd++] = (struct ranked){ d, k };
	}
	qsort(duals, nd, sizeof *duals, ranked_cmp);
	for (size_t i = 0; i < nd && i < 5; i++) {
		int people = (int)floor(duals[i].value);
		struct cp_plan_advice *a = cp_plan_advise(plan, CP_ADVICE_MORE_TEACHER, people);
		if (!a) {
			free(duals);
			return false;
		}
		a->n[0] = people;
		timetable_of(b, plan, b->cand_pattern[duals[i].k], &a->timetable);
	}
	free(duals);
	return true;
}

bool
explain_advice(struct bridge *b, struct cp_plan *plan, const struct cp_solver_result *res)
{
	if (!advise_better_plan(b, plan, res) || !advise_rows(b, plan, res))
		return false;
	if (b->closed_cohorts || b->moved_cohorts) {
		if (!cp_plan_advise_n(plan, CP_ADVICE_ASSIGNMENT, (int)b->dropped_heads,
				      b->moved_cohorts, b->closed_cohorts, b->replaced_heads,
				      b->dropped_heads))
			return false;
	}
	if (!advise_teachers(b, plan, res))
		return false;
	return !cp_plan_nomem(plan);
}

bool
explain_kept(struct cp_plan *plan, const struct cp_solver_result *res,
	     const struct cp_solver_result *kept)
{
	return cp_plan_advise_n(plan, CP_ADVICE_KEPT_BETTER, 0, cp_solver_result_reaching(kept),
				cp_solver_result_reaching(res), cp_solver_result_placed(kept),
				cp_solver_result_placed(res)) != NULL;
}
