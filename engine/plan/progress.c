/*
 * The attendance KPI while a course runs (include/cohortplan/progress.h).
 * Numbers only: reading the register and writing attendance.json are
 * api/formats' job.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/progress.h>
#include "cp_util.h"

const char *
cp_progress_status_name(enum cp_progress_status s)
{
	switch (s) {
	case CP_PROGRESS_ON_TRACK:
		return "on_track";
	case CP_PROGRESS_AT_RISK:
		return "at_risk";
	case CP_PROGRESS_CANNOT_REACH:
		return "cannot_reach";
	}
	return "?";
}

static bool
row_valid(const struct cp_plan *plan, const struct cp_progress_row *r)
{
	if (r->cohort >= plan->n_cohorts)
		return false;
	const struct cp_plan_cohort *c = &plan->cohorts[r->cohort];
	return r->member < c->n_members && r->lesson < c->n_lessons && r->minutes >= 0 &&
	       r->minutes <= cp_plan_lesson_minutes(&c->lessons[r->lesson]);
}

static void
count(struct cp_progress_count *k, enum cp_progress_status s)
{
	k->members++;
	if (s == CP_PROGRESS_ON_TRACK)
		k->on_track++;
	else if (s == CP_PROGRESS_AT_RISK)
		k->at_risk++;
	else
		k->cannot_reach++;
}

/* The member's status from the minutes they can still end with; the target
 * itself is judged only by cp_plan_minutes_reach(). */
static enum cp_progress_status
judge(const struct cp_plan *plan, int live, int best_final, int longest_open)
{
	if (!cp_plan_minutes_reach(plan, best_final, live))
		return CP_PROGRESS_CANNOT_REACH;
	if (longest_open > 0 && !cp_plan_minutes_reach(plan, best_final - longest_open, live))
		return CP_PROGRESS_AT_RISK;
	return CP_PROGRESS_ON_TRACK;
}

static bool
same_text(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

static bool
overlaps_any(const struct cp_plan_cohort *c, const struct cp_plan_lesson *x)
{
	for (size_t l = 0; l < c->n_lessons; l++)
		if (c->lessons[l].start < x->end && x->start < c->lessons[l].end)
			return true;
	return false;
}

static bool
push_makeup(struct cp_progress *p, size_t *cap, struct cp_progress_makeup x)
{
	if (!CP_GROW(p->makeups, *cap, p->n_makeups + 1, 64))
		return false;
	p->makeups[p->n_makeups++] = x;
	return true;
}

/* Append the make-up options for lessons[missed] of cohort ci, missed by
 * member k (progress.h has the rules). Candidates are walked in time order
 * (ties: cohort order), so "the earliest" holds with and without a judge.
 * False when out of memory. */
static bool
find_makeups(struct cp_progress *p, size_t *cap, const struct cp_plan *plan,
	     const struct cp_progress_options *o, size_t k, size_t ci, size_t missed,
	     int missed_minutes)
{
	const struct cp_plan_cohort *own = &plan->cohorts[ci];
	const char *theme = own->lessons[missed].theme;
	size_t n = 0, cap_c = 0, offered = 0, refused = 0;
	struct cand { size_t cohort, lesson; cp_instant start; } *c = NULL;

	if (!theme)
		return true;
	for (size_t cj = 0; cj < plan->n_cohorts; cj++) {
		const struct cp_plan_cohort *oc = &plan->cohorts[cj];
		if (cj == ci || oc->dissolved || !same_text(oc->language, own->language))
			continue;
		for (size_t lj = 0; lj < oc->n_lessons; lj++) {
			const struct cp_plan_lesson *x = &oc->lessons[lj];
			if (!same_text(x->theme, theme) || p->cohorts[cj].lesson_held[lj] ||
			    overlaps_any(own, x))
				continue;
			if (!CP_GROW(c, cap_c, n + 1, 8)) {
				free(c);
				return false;
			}
			/* Insert in time order; equal starts keep cohort order. */
			size_t at = n++;
			while (at > 0 && x->start < c[at - 1].start) {
				c[at] = c[at - 1];
				at--;
			}
			c[at] = (struct cand){ cj, lj, x->start };
		}
	}
	for (size_t i = 0; i < n && offered < CP_PROGRESS_MAKEUP_MAX; i++) {
		struct cp_progress_makeup x = { k, missed, missed_minutes, c[i].cohort,
						c[i].lesson, false, 0 };
		if (o->judge) {
			x.checked = true;
			x.refused = o->judge(o->judge_data, ci, p->members[k].member, c[i].cohort,
					     c[i].lesson);
		}
		if (x.refused && refused >= CP_PROGRESS_REFUSED_MAX)
			continue;
		if (!push_makeup(p, cap, x)) {
			free(c);
			return false;
		}
		if (x.refused)
			refused++;
		else
			offered++;
	}
	free(c);
	return true;
}

static bool
accepted_valid(const struct cp_plan *plan, const struct cp_progress_accepted *a)
{
	if (a->cohort >= plan->n_cohorts || a->opt_cohort >= plan->n_cohorts ||
	    a->cohort == a->opt_cohort)
		return false;
	const struct cp_plan_cohort *c = &plan->cohorts[a->cohort];
	const struct cp_plan_cohort *oc = &plan->cohorts[a->opt_cohort];
	return a->member < c->n_members && a->missed < c->n_lessons &&
	       a->opt_lesson < oc->n_lessons &&
	       a->minutes <= cp_plan_lesson_minutes(&oc->lessons[a->opt_lesson]);
}

struct cp_progress *
cp_progress_compute(const struct cp_plan *plan, const struct cp_progress_row *rows,
		    size_t n_rows)
{
	return cp_progress_compute_with(plan, rows, n_rows, NULL);
}

/* Each cohort's lesson tallies, live and needed minutes, and its members'
 * entries in p->members (first[ci]: the first of cohort ci); false when out
 * of memory. */
static bool
cohorts_init(struct cp_progress *p, const struct cp_plan *plan, size_t *first)
{
	size_t k = 0;
	for (size_t ci = 0; ci < plan->n_cohorts; ci++) {
		const struct cp_plan_cohort *c = &plan->cohorts[ci];
		struct cp_progress_cohort *pc = &p->cohorts[ci];

		pc->lesson_held = calloc(c->n_lessons ? c->n_lessons : 1, sizeof(bool));
		pc->lesson_present = calloc(c->n_lessons ? c->n_lessons : 1, sizeof(int));
		pc->lesson_minutes = calloc(c->n_lessons ? c->n_lessons : 1, sizeof(int));
		if (!pc->lesson_held || !pc->lesson_present || !pc->lesson_minutes)
			return false;
		pc->live = cp_plan_cohort_live_minutes(c);
		pc->needed = cp_plan_minutes_needed(plan->attendance_target, pc->live);
		first[ci] = k;
		for (size_t mi = 0; mi < c->n_members; mi++, k++) {
			p->members[k].cohort = ci;
			p->members[k].member = mi;
		}
	}
	return true;
}

/* The valid attendance rows into the lesson tallies, members' minutes and
 * present (cohort ci's cells from cell0[ci], member by member). */
static void
add_rows(struct cp_progress *p, const struct cp_plan *plan, const struct cp_progress_row *rows,
	 size_t n_rows, const size_t *first, int *present, const size_t *cell0)
{
	for (size_t i = 0; i < n_rows; i++) {
		const struct cp_progress_row *r = &rows[i];
		if (!row_valid(plan, r))
			continue;
		p->cohorts[r->cohort].lesson_held[r->lesson] = true;
		p->cohorts[r->cohort].lesson_present[r->lesson] += r->minutes > 0;
		p->cohorts[r->cohort].lesson_minutes[r->lesson] += r->minutes;
		p->members[first[r->cohort] + r->member].attended += r->minutes;
		present[cell0[r->cohort] + r->member * plan->cohorts[r->cohort].n_lessons +
			r->lesson] = r->minutes;
	}
}

/* The minutes of c's lessons not held yet that member m can attend; the
 * longest of them into *longest. */
static int
open_minutes(const struct cp_plan_cohort *c, const struct cp_progress_cohort *pc,
	     const struct cp_plan_member *m, int *longest)
{
	int open = 0;
	for (size_t l = 0; l < c->n_lessons; l++) {
		int len = cp_plan_lesson_minutes(&c->lessons[l]);
		if (pc->lesson_held[l] || !m->verdicts ||
		    m->verdicts[l] != CP_VERDICT_OK)
			continue;
		open += len;
		if (len > *longest)
			*longest = len;
	}
	return open;
}

/* Member mi of cohort ci's accepted make-ups (present: the member's
 * minutes per lesson, -1 without a row). */
static void
credit_makeups(struct cp_progress *p, const struct cp_plan *plan,
	       const struct cp_progress_options *o, size_t ci, size_t mi, const int *present,
	       struct cp_progress_member *pm, int *open, int *longest)
{
	const struct cp_plan_cohort *c = &plan->cohorts[ci];
	/* Accepted make-ups, when the policy counts them: minutes
	 * present (at most the missed ones) are credited; one
	 * not held yet is a remaining lesson they can attend. */
	for (size_t a = 0; a < p->n_accepted; a++) {
		struct cp_progress_accepted *x = &p->accepted[a];
		if (x->cohort != ci || x->member != mi)
			continue;
		int got = present[x->missed];
		int gap = cp_plan_lesson_minutes(&c->lessons[x->missed]) -
			  (got < 0 ? 0 : got);
		x->missed_minutes = gap;
		if (!o->makeup_counts)
			continue;
		int len = cp_plan_lesson_minutes(
			&plan->cohorts[x->opt_cohort].lessons[x->opt_lesson]);
		bool held = p->cohorts[x->opt_cohort].lesson_held[x->opt_lesson];
		if (x->minutes >= 0 || held) {
			int got_mk = x->minutes < 0 ? 0 : x->minutes;
			pm->makeup += got_mk < gap ? got_mk : gap;
		} else {
			int can = len < gap ? len : gap;
			*open += can;
			if (can > *longest)
				*longest = can;
		}
	}
}

struct cp_progress *
cp_progress_compute_with(const struct cp_plan *plan, const struct cp_progress_row *rows,
			 size_t n_rows, const struct cp_progress_options *opts)
{
	static const struct cp_progress_options none = { 0 };
	const struct cp_progress_options *o = opts ? opts : &none;
	struct cp_progress *p = calloc(1, sizeof(*p));
	size_t *first = NULL; /* index of each cohort's first member in p->members */
	int *present = NULL;  /* minutes per (member, lesson), -1: no row */
	size_t *cell0 = NULL; /* each cohort's first cell in present */
	size_t cells = 0, cap = 0;

	if (!p)
		return NULL;
	p->n_cohorts = plan->n_cohorts;
	for (size_t ci = 0; ci < plan->n_cohorts; ci++)
		p->n_members += plan->cohorts[ci].n_members;
	p->cohorts = calloc(p->n_cohorts ? p->n_cohorts : 1, sizeof(*p->cohorts));
	p->accepted = malloc((o->n_accepted ? o->n_accepted : 1) * sizeof(*p->accepted));
	if (!p->accepted)
		goto nomem;
	for (size_t i = 0; i < o->n_accepted; i++)
		if (accepted_valid(plan, &o->accepted[i]))
			p->accepted[p->n_accepted++] = o->accepted[i];
	p->members = calloc(p->n_members ? p->n_members : 1, sizeof(*p->members));
	first = calloc(p->n_cohorts ? p->n_cohorts : 1, sizeof(*first));
	cell0 = calloc(p->n_cohorts ? p->n_cohorts : 1, sizeof(*cell0));
	if (!p->cohorts || !p->members || !first || !cell0)
		goto nomem;
	for (size_t ci = 0; ci < plan->n_cohorts; ci++) {
		cell0[ci] = cells;
		cells += plan->cohorts[ci].n_members * plan->cohorts[ci].n_lessons;
	}
	present = malloc((cells ? cells : 1) * sizeof(*present));
	if (!present)
		goto nomem;
	for (size_t i = 0; i < cells; i++)
		present[i] = -1;

	if (!cohorts_init(p, plan, first))
		goto nomem;
	add_rows(p, plan, rows, n_rows, first, present, cell0);

	for (size_t ci = 0; ci < plan->n_cohorts; ci++) {
		const struct cp_plan_cohort *c = &plan->cohorts[ci];
		struct cp_progress_cohort *pc = &p->cohorts[ci];

		for (size_t l = 0; l < c->n_lessons; l++)
			if (pc->lesson_held[l]) {
				pc->n_held++;
				pc->held += cp_plan_lesson_minutes(&c->lessons[l]);
			}
		for (size_t mi = 0; mi < c->n_members; mi++) {
			struct cp_progress_member *pm = &p->members[first[ci] + mi];
			const struct cp_plan_member *m = &c->members[mi];
			int longest = 0;
			int open = open_minutes(c, pc, m, &longest);

			credit_makeups(p, plan, o, ci, mi, present + cell0[ci] + mi * c->n_lessons,
				       pm, &open, &longest);
			pm->held = pc->held;
			pm->remaining = pc->live - pc->held;
			pm->best_final = pm->attended + pm->makeup + open;
			pm->status = judge(plan, pc->live, pm->best_final, longest);
			count(&pc->count, pm->status);
			count(&p->course, pm->status);
		}
	}

	/* Make-up options, once every cohort's held lessons are known. */
	for (size_t k = 0; k < p->n_members; k++) {
		size_t ci = p->members[k].cohort, mi = p->members[k].member;
		const struct cp_plan_cohort *c = &plan->cohorts[ci];
		for (size_t l = 0; l < c->n_lessons; l++) {
			int len = cp_plan_lesson_minutes(&c->lessons[l]);
			int got = present[cell0[ci] + mi * c->n_lessons + l];
			if (!p->cohorts[ci].lesson_held[l] || got >= len)
				continue;
			if (!find_makeups(p, &cap, plan, o, k, ci, l, len - (got < 0 ? 0 : got)))
				goto nomem;
		}
	}
	free(present);
	free(cell0);
	free(first);
	return p;

nomem:
	free(present);
	free(cell0);
	free(first);
	cp_progress_destroy(p);
	return NULL;
}

void
cp_progress_destroy(struct cp_progress *p)
{
	if (!p)
		return;
	for (size_t ci = 0; p->cohorts && ci < p->n_cohorts; ci++) {
		free(p->cohorts[ci].lesson_held);
		free(p->cohorts[ci].lesson_present);
		free(p->cohorts[ci].lesson_minutes);
	}
	free(p->cohorts);
	free(p->members);
	free(p->makeups);
	free(p->accepted);
	free(p);
}
