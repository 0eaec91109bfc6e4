/*
 * The attendance KPI while a course runs (include/cohortplan/progress.h).
 * Numbers only: reading the register and writing attendance.json are
 * api/formats' job.
 */
#include <stdbool.h>
#include <stdlib.h>

#include <cohortplan/progress.h>

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

struct cp_progress *
cp_progress_compute(const struct cp_plan *plan, const struct cp_progress_row *rows,
		    size_t n_rows)
{
	struct cp_progress *p = calloc(1, sizeof(*p));
	size_t *first = NULL; /* index of each cohort's first member in p->members */

	if (!p)
		return NULL;
	p->n_cohorts = plan->n_cohorts;
	for (size_t ci = 0; ci < plan->n_cohorts; ci++)
		p->n_members += plan->cohorts[ci].n_members;
	p->cohorts = calloc(p->n_cohorts ? p->n_cohorts : 1, sizeof(*p->cohorts));
	p->members = calloc(p->n_members ? p->n_members : 1, sizeof(*p->members));
	first = calloc(p->n_cohorts ? p->n_cohorts : 1, sizeof(*first));
	if (!p->cohorts || !p->members || !first)
		goto nomem;

	size_t k = 0;
	for (size_t ci = 0; ci < plan->n_cohorts; ci++) {
		const struct cp_plan_cohort *c = &plan->cohorts[ci];
		struct cp_progress_cohort *pc = &p->cohorts[ci];

		pc->lesson_held = calloc(c->n_lessons ? c->n_lessons : 1, sizeof(bool));
		if (!pc->lesson_held)
			goto nomem;
		pc->live = cp_plan_cohort_live_minutes(c);
		pc->needed = cp_plan_minutes_needed(plan->attendance_target, pc->live);
		first[ci] = k;
		for (size_t mi = 0; mi < c->n_members; mi++, k++) {
			p->members[k].cohort = ci;
			p->members[k].member = mi;
		}
	}

	for (size_t i = 0; i < n_rows; i++) {
		const struct cp_progress_row *r = &rows[i];
		if (!row_valid(plan, r))
			continue;
		p->cohorts[r->cohort].lesson_held[r->lesson] = true;
		p->members[first[r->cohort] + r->member].attended += r->minutes;
	}

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
			int open = 0, longest = 0;

			for (size_t l = 0; l < c->n_lessons; l++) {
				int len = cp_plan_lesson_minutes(&c->lessons[l]);
				if (pc->lesson_held[l] || !m->verdicts ||
				    m->verdicts[l] != CP_VERDICT_OK)
					continue;
				open += len;
				if (len > longest)
					longest = len;
			}
			pm->held = pc->held;
			pm->remaining = pc->live - pc->held;
			pm->best_final = pm->attended + open;
			pm->status = judge(plan, pc->live, pm->best_final, longest);
			count(&pc->count, pm->status);
			count(&p->course, pm->status);
		}
	}
	free(first);
	return p;

nomem:
	free(first);
	cp_progress_destroy(p);
	return NULL;
}

void
cp_progress_destroy(struct cp_progress *p)
{
	if (!p)
		return;
	for (size_t ci = 0; p->cohorts && ci < p->n_cohorts; ci++)
		free(p->cohorts[ci].lesson_held);
	free(p->cohorts);
	free(p->members);
	free(p);
}
