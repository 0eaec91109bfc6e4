/*
 * Lessons on a teacher's leave: substitutes, moves inside the week, or an
 * honest list of what nobody could cover. See substitute.h.
 */
#include "substitute.h"

#include <cohortplan/attend.h>
#include <cohortplan/offdays.h>
#include <cohortplan/problem.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cp_util.h"
#include "../candidates/local.h"

#define NONE SIZE_MAX
/* Moves try anchor wall times on this grid (the candidates' default). */
enum { MOVE_GRID = 30 };

struct busy {
	cp_instant start, end;
};

/* Everything one teacher gives in the plan so far. */
struct tload {
	struct busy *b;
	size_t n, cap;
	long minutes;
};

struct ctx {
	const struct cp_cand *cand;
	const struct cp_attend *att;
	const struct cp_offdays *off;
	const struct cp_problem *prob;
	struct cp_plan *plan;
	size_t nt;
	struct tload *t;
};

/* A lesson on its teacher's leave, waiting for cover. */
struct pend {
	size_t cohort, lesson, holder;
	cp_instant start;
	int number;
};

static int
pend_cmp(const void *a, const void *b)
{
	const struct pend *x = a, *y = b;
	int c = CP_CMP(x->start, y->start);
	if (c == 0)
		c = CP_CMP(x->cohort, y->cohort);
	return c != 0 ? c : CP_CMP(x->number, y->number);
}

static bool
busy_add(struct tload *t, cp_instant start, cp_instant end)
{
	if (!CP_GROW(t->b, t->cap, t->n + 1, 16))
		return false;
	t->b[t->n++] = (struct busy){ start, end };
	t->minutes += (long)((end - start) / 60);
	return true;
}

size_t
cp_subst_leave_lessons(const struct cp_cand *c, size_t t, uint32_t j)
{
	const struct cp_teacher *te = cp_problem_teacher(cp_cand_problem(c), t);
	const struct cp_cand_pattern *pat = cp_cand_pattern(c, j);
	size_t n = 0;
	if (!te || te->n_leave == 0)
		return 0;
	for (size_t l = 0; l < pat->n_lessons; l++)
		n += cp_cand_on_leave(c, t, pat->lessons[l].start);
	return n;
}

/* What stops teacher s from giving [start, end) on top of what they give
 * already; NULL when nothing does. */
static const char *
blocked(const struct ctx *x, size_t s, cp_instant start, cp_instant end)
{
	int minutes = (int)((end - start) / 60);
	enum cp_teach_reason r = cp_cand_teach_lesson(x->cand, s, start, minutes);
	if (r != CP_TEACH_OK)
		return cp_teach_reason_name(r);
	const struct cp_teacher *te = cp_problem_teacher(x->prob, s);
	const struct tload *t = &x->t[s];
	cp_instant rest = te->min_rest > 0 ? (cp_instant)te->min_rest * 60 : 0;
	int64_t day = cp_local_day(te->tz, start), week = cp_iso_monday(day);
	long dmin = minutes, wmin = minutes;
	bool rest_short = false;
	for (size_t i = 0; i < t->n; i++) {
		const struct busy *b = &t->b[i];
		if (b->start < end && start < b->end)
			return "overlap";
		int64_t bd = cp_local_day(te->tz, b->start);
		long bm = (long)((b->end - b->start) / 60);
		if (bd == day)
			dmin += bm;
		if (cp_iso_monday(bd) == week)
			wmin += bm;
		/* cp_cand_rest_conflicts' rule: the later lesson, on another
		 * local day, starts less than min_rest after the earlier ends. */
		if (bd != day && (b->start <= start ? start < b->end + rest : b->start < end + rest))
			rest_short = true;
	}
	if (te->max_day > 0 && dmin > te->max_day)
		return cp_teach_reason_name(CP_TEACH_MAX_DAY);
	if (te->max_week > 0 && wmin > te->max_week)
		return cp_teach_reason_name(CP_TEACH_MAX_WEEK);
	if (rest_short)
		return "rest";
	return NULL;
}

/* The substitute for [start, end): who fits, fewest minutes given so far,
 * then problem order; NONE when nobody does. */
static size_t
pick_substitute(const struct ctx *x, size_t holder, cp_instant start, cp_instant end)
{
	size_t best = NONE;
	for (size_t s = 0; s < x->nt; s++) {
		if (s == holder || blocked(x, s, start, end))
			continue;
		if (best == NONE || x->t[s].minutes < x->t[best].minutes)
			best = s;
	}
	return best;
}

static const struct cp_tz *
anchor_zone(const struct ctx *x, const char *name)
{
	for (size_t a = 0; name && a < cp_cand_anchor_count(x->cand); a++)
		if (strcmp(cp_tz_name(cp_cand_anchor(x->cand, a)), name) == 0)
			return cp_cand_anchor(x->cand, a);
	return name ? cp_tzdb_zone(cp_problem_tzdb(x->prob), name, NULL) : NULL;
}

/* Does every member who could attend lesson li where it is still attend
 * it at ns? */
static bool
nobody_worse(const struct ctx *x, const struct cp_plan_cohort *pc, const long *who, size_t li,
	     cp_instant ns)
{
	for (size_t m = 0; m < pc->n_members; m++) {
		if (who[m] < 0 || pc->members[m].verdicts[li] != CP_VERDICT_OK)
			continue;
		const struct cp_plan_lesson *l = &pc->lessons[li];
		if (cp_attend_judge_span(x->att, (size_t)who[m], ns, ns + (l->end - l->start)) !=
		    CP_ATTEND_OK)
			return false;
	}
	return true;
}

/* The best move of lesson li of cohort ci (see substitute.h): its new
 * start in *ns and who gives it in *teacher. False when none qualifies. */
static bool
find_move(const struct ctx *x, size_t ci, size_t li, size_t holder, const long *who,
	  cp_instant *ns, size_t *teacher)
{
	const struct cp_plan_cohort *pc = &x->plan->cohorts[ci];
	const struct cp_plan_lesson *l = &pc->lessons[li];
	const struct cp_course *course = cp_problem_course(x->prob);
	const struct cp_tz *tz = anchor_zone(x, pc->anchor_zone);
	if (!tz)
		return false;
	cp_instant len = l->end - l->start;
	int minutes = (int)(len / 60);
	cp_instant lo = li > 0 ? pc->lessons[li - 1].end : INT64_MIN;
	cp_instant hi = li + 1 < pc->n_lessons ? pc->lessons[li + 1].start : INT64_MAX;
	int64_t mon = cp_iso_monday(cp_local_day(tz, l->start));
	bool found = false;
	int best_rank = 0;
	cp_instant best_dist = 0;
	for (int64_t d = mon; d < mon + 7; d++) {
		if ((course->start != CP_DAY_UNSET && d < course->start) ||
		    (course->end != CP_DAY_UNSET && d > course->end) ||
		    (x->off && cp_offdays_course(x->off, d)))
			continue;
		struct cp_civil wall = { 0 };
		cp_civil_from_days(d, &wall.year, &wall.month, &wall.day);
		for (int m = 0; m + minutes <= CP_MINUTES_PER_DAY; m += MOVE_GRID) {
			wall.hour = m / 60;
			wall.minute = m % 60;
			struct cp_tz_resolution res;
			if (cp_tz_to_utc(tz, &wall, &res) != CP_TZ_NORMAL)
				continue;
			cp_instant t = res.earliest;
			if (t == l->start || t < lo || t + len > hi)
				continue;
			cp_instant dist = t > l->start ? t - l->start : l->start - t;
			/* The holder ranks first; nothing can beat a holder move
			 * that is as near or nearer. */
			if (found && best_rank == 0 && dist >= best_dist)
				continue;
			if (!nobody_worse(x, pc, who, li, t))
				continue;
			size_t by = holder;
			int rank = 0;
			if (blocked(x, holder, t, t + len)) {
				by = pick_substitute(x, holder, t, t + len);
				rank = 1;
				if (by == NONE)
					continue;
			}
			if (!found || rank < best_rank || (rank == best_rank && dist < best_dist)) {
				found = true;
				best_rank = rank;
				best_dist = dist;
				*ns = t;
				*teacher = by;
			}
		}
	}
	return found;
}

static bool
set_substitute(const struct ctx *x, struct cp_plan_lesson *l, size_t s)
{
	const struct cp_teacher *te = cp_problem_teacher(x->prob, s);
	l->substitute = cp_plan_strdup(x->plan, te->id);
	l->substitute_zone = cp_plan_strdup(x->plan, cp_tz_name(te->tz));
	return l->substitute && l->substitute_zone;
}

static bool
record_uncovered(const struct ctx *x, const struct pend *p)
{
	const struct cp_plan_cohort *pc = &x->plan->cohorts[p->cohort];
	const struct cp_plan_lesson *l = &pc->lessons[p->lesson];
	struct cp_plan_uncovered *u = cp_plan_add_uncovered(x->plan);
	if (!u)
		return false;
	u->cohort = cp_plan_strdup(x->plan, pc->id);
	u->lesson = l->number;
	u->teacher = cp_plan_strdup(x->plan, pc->teacher);
	for (size_t s = 0; s < x->nt; s++) {
		if (s == p->holder)
			continue;
		const char *why = blocked(x, s, l->start, l->end);
		struct cp_plan_cover_option *o = cp_plan_add_cover_option(x->plan, u);
		if (!o)
			return false;
		o->teacher = cp_plan_strdup(x->plan, cp_problem_teacher(x->prob, s)->id);
		/* Nobody fits now, so why is never NULL; keep it total. */
		o->blocked = cp_plan_strdup(x->plan, why ? why : "overlap");
	}
	return !cp_plan_nomem(x->plan);
}

/* Move lesson li of cohort ci to ns, re-judging every member. */
static void
apply_move(const struct ctx *x, size_t ci, size_t li, const long *who, cp_instant ns)
{
	struct cp_plan_cohort *pc = &x->plan->cohorts[ci];
	struct cp_plan_lesson *l = &pc->lessons[li];
	l->end = ns + (l->end - l->start);
	l->start = ns;
	for (size_t m = 0; m < pc->n_members; m++) {
		struct cp_plan_member *mb = &pc->members[m];
		if (who[m] < 0)
			continue;
		bool was = mb->verdicts[li] == CP_VERDICT_OK;
		enum cp_attend_reason r = cp_attend_judge_span(x->att, (size_t)who[m], l->start,
								l->end);
		/* enum cp_attend_reason and enum cp_verdict share one order */
		mb->verdicts[li] = (uint8_t)r;
		mb->attendable += (r == CP_ATTEND_OK) - was;
	}
}

static bool
add_advice(struct cp_plan *plan, const struct cp_subst_stats *st)
{
	struct cp_plan_advice *a = cp_plan_advise_n(plan, CP_ADVICE_LEAVE, 0, st->leave_lessons,
						    st->covered, st->moved, st->uncovered);
	if (!a)
		return false;
	if (st->uncovered > 0 && plan->n_uncovered > 0) {
		const struct cp_plan_uncovered *u = &plan->uncovered[0];
		a->cohort = u->cohort;
		a->lesson = u->lesson;
		a->teacher = u->teacher;
	}
	return true;
}

bool
cp_subst_cover(const struct cp_engine *e, struct cp_plan *plan, struct cp_subst_stats *out)
{
	struct ctx x = {
		.cand = cp_engine_candidates(e),
		.att = cp_engine_attend(e),
		.off = cp_engine_offdays(e),
		.plan = plan,
	};
	struct cp_subst_stats st = { 0 };
	struct pend *pend = NULL;
	size_t np = 0, cap = 0;
	long *who = NULL;
	bool ok = false;

	x.prob = cp_cand_problem(x.cand);
	x.nt = cp_problem_teacher_count(x.prob);
	x.t = calloc(x.nt ? x.nt : 1, sizeof *x.t);
	if (!x.t)
		goto out;
	/* Who gives what: every lesson not on leave is its teacher's. */
	size_t maxm = 1;
	for (size_t ci = 0; ci < plan->n_cohorts; ci++) {
		const struct cp_plan_cohort *pc = &plan->cohorts[ci];
		long h = pc->teacher ? cp_problem_find_teacher(x.prob, pc->teacher) : -1;
		if (pc->dissolved || h < 0)
			continue;
		if (pc->n_members > maxm)
			maxm = pc->n_members;
		for (size_t li = 0; li < pc->n_lessons; li++) {
			const struct cp_plan_lesson *l = &pc->lessons[li];
			if (!cp_cand_on_leave(x.cand, (size_t)h, l->start)) {
				if (!busy_add(&x.t[h], l->start, l->end))
					goto out;
				continue;
			}
			if (!CP_GROW(pend, cap, np + 1, 16))
				goto out;
			pend[np++] = (struct pend){ ci, li, (size_t)h, l->start, l->number };
		}
	}
	if (np > 1)
		qsort(pend, np, sizeof *pend, pend_cmp);
	who = malloc(maxm * sizeof *who);
	if (!who)
		goto out;
	for (size_t i = 0; i < np; i++) {
		const struct pend *p = &pend[i];
		struct cp_plan_cohort *pc = &plan->cohorts[p->cohort];
		struct cp_plan_lesson *l = &pc->lessons[p->lesson];
		st.leave_lessons++;
		size_t s = pick_substitute(&x, p->holder, l->start, l->end);
		if (s != NONE) {
			if (!set_substitute(&x, l, s) || !busy_add(&x.t[s], l->start, l->end))
				goto out;
			st.covered++;
			continue;
		}
		for (size_t m = 0; m < pc->n_members; m++)
			who[m] = cp_problem_find_participant(x.prob, pc->members[m].participant);
		cp_instant ns = 0;
		size_t by = NONE;
		if (find_move(&x, p->cohort, p->lesson, p->holder, who, &ns, &by)) {
			apply_move(&x, p->cohort, p->lesson, who, ns);
			l = &pc->lessons[p->lesson];
			if (by != p->holder && !set_substitute(&x, l, by))
				goto out;
			if (!busy_add(&x.t[by], l->start, l->end))
				goto out;
			st.moved++;
			continue;
		}
		if (!record_uncovered(&x, p))
			goto out;
		st.uncovered++;
	}
	if (st.leave_lessons > 0 && !add_advice(plan, &st))
		goto out;
	ok = !cp_plan_nomem(plan);
out:
	if (x.t)
		for (size_t t = 0; t < x.nt; t++)
			free(x.t[t].b);
	free(x.t);
	free(pend);
	free(who);
	if (out)
		*out = st;
	return ok;
}
