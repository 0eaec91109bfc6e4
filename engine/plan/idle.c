/* Teachers' idle weeks; see idle.h. */
#include "idle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/tz.h>
#include "cp_util.h"
#include "../candidates/local.h"

static bool on_leave(const struct cp_teacher *t, cp_day d)
{
	for (size_t i = 0; i < t->n_leave; i++)
		if (t->leave[i].from <= d && d <= t->leave[i].to)
			return true;
	return false;
}

/* Mark in busy[] the weeks (index from first_monday) in which teacher id
 * gives a lesson of the plan. */
static void mark_lessons(const struct cp_plan *plan, const struct cp_teacher *t,
			 cp_day first_monday, size_t n_weeks, bool *busy)
{
	for (size_t c = 0; c < plan->n_cohorts; c++) {
		const struct cp_plan_cohort *co = &plan->cohorts[c];
		bool holder = co->teacher && strcmp(co->teacher, t->id) == 0;
		for (size_t l = 0; l < co->n_lessons; l++) {
			const struct cp_plan_lesson *le = &co->lessons[l];
			const char *by = le->substitute ? le->substitute : (holder ? t->id : NULL);
			if (!by || strcmp(by, t->id) != 0)
				continue;
			struct cp_tz_local loc;
			cp_tz_to_local(t->tz, le->start, &loc);
			cp_day w = (cp_iso_monday(cp_days_from_civil(loc.wall.year, loc.wall.month,
								 loc.wall.day)) -
				    first_monday) / 7;
			if (w >= 0 && (size_t)w < n_weeks)
				busy[w] = true;
		}
	}
}

struct idle_count {
	size_t teacher;
	size_t weeks;
	cp_day first;
};

static int by_weeks(const void *a, const void *b)
{
	const struct idle_count *x = a, *y = b;
	/* most idle weeks first */
	return x->weeks != y->weeks ? CP_CMP(y->weeks, x->weeks) : CP_CMP(x->teacher, y->teacher);
}

bool cp_idle_advise(const struct cp_problem *p, struct cp_plan *plan)
{
	const struct cp_course *co = cp_problem_course(p);
	size_t nt = cp_problem_teacher_count(p);
	if (plan->n_unplaced == 0 || nt == 0 || co->start == CP_DAY_UNSET || co->end < co->start)
		return true;
	cp_day first_monday = cp_iso_monday(co->start);
	size_t n_weeks = (size_t)((cp_iso_monday(co->end) - first_monday) / 7 + 1);
	bool *busy = malloc(n_weeks * sizeof(*busy));
	struct idle_count *counts = calloc(nt, sizeof(*counts));
	if (!busy || !counts) {
		free(busy);
		free(counts);
		return false;
	}
	size_t total = 0, n_idle = 0;
	for (size_t i = 0; i < nt; i++) {
		const struct cp_teacher *t = cp_problem_teacher(p, i);
		if (!t->tz)
			continue;
		memset(busy, 0, n_weeks * sizeof(*busy));
		mark_lessons(plan, t, first_monday, n_weeks, busy);
		struct idle_count ic = { i, 0, CP_DAY_UNSET };
		for (size_t w = 0; w < n_weeks; w++) {
			if (busy[w])
				continue;
			/* A week wholly on leave (inside the window) is not idle. */
			bool away = true;
			for (cp_day d = first_monday + 7 * (cp_day)w;
			     d < first_monday + 7 * (cp_day)(w + 1) && away; d++)
				if (d >= co->start && d <= co->end)
					away = on_leave(t, d);
			if (away)
				continue;
			if (ic.weeks++ == 0)
				ic.first = first_monday + 7 * (cp_day)w;
		}
		if (ic.weeks) {
			counts[n_idle++] = ic;
			total += ic.weeks;
		}
	}
	free(busy);
	if (total == 0) {
		free(counts);
		return true;
	}
	qsort(counts, n_idle, sizeof(*counts), by_weeks);
	struct cp_plan_advice *a = cp_plan_advise_n(plan, CP_ADVICE_IDLE_WEEKS, 0, (long)total,
						    (long)plan->n_unplaced, (long)n_idle, 0);
	for (size_t k = 0; a && k < n_idle && k < 5; k++) {
		struct cp_plan_idle *d = cp_plan_add_idle(plan, a);
		if (!d)
			break;
		d->teacher = cp_plan_strdup(plan, cp_problem_teacher(p, counts[k].teacher)->id);
		d->weeks = (int)counts[k].weeks;
		d->from = counts[k].first;
	}
	free(counts);
	return !cp_plan_nomem(plan);
}
