/*
 * Make-up lessons checked with the engine (include/cohortplan/makeup.h).
 */
#include <stdlib.h>
#include <string.h>

#include <cohortplan/makeup.h>

struct cp_makeup_judge {
	const struct cp_plan *plan;
	const struct cp_problem *problem;
	const struct cp_attend *attend;
	const struct cp_progress_accepted *accepted;
	size_t n_accepted;
	size_t *first;      /* per cohort: index of its first member in index */
	size_t *index;      /* per plan member (cohort by cohort): problem index */
};

const char *
cp_makeup_reason_name(int code)
{
	if (code == CP_MAKEUP_OK)
		return "ok";
	if (code == CP_MAKEUP_NO_TEACHER)
		return "no_teacher";
	if (code == CP_MAKEUP_FULL)
		return "full";
	if (code == CP_MAKEUP_OVERLAP)
		return "overlap";
	if (code > CP_MAKEUP_PERSON && code < CP_MAKEUP_PERSON + CP_ATTEND_REASON_COUNT)
		return cp_attend_reason_name((enum cp_attend_reason)(code - CP_MAKEUP_PERSON));
	return "?";
}

struct cp_makeup_judge *
cp_makeup_judge_create(const struct cp_plan *plan, const struct cp_problem *p,
		       const struct cp_attend *a, const struct cp_progress_accepted *accepted,
		       size_t n_accepted, struct cp_engine_error *err)
{
	struct cp_makeup_judge *j = calloc(1, sizeof(*j));
	size_t n = 0;

	if (!j)
		goto nomem;
	for (size_t ci = 0; ci < plan->n_cohorts; ci++)
		n += plan->cohorts[ci].n_members;
	j->first = calloc(plan->n_cohorts ? plan->n_cohorts : 1, sizeof(*j->first));
	j->index = calloc(n ? n : 1, sizeof(*j->index));
	if (!j->first || !j->index)
		goto nomem;
	j->plan = plan;
	j->problem = p;
	j->attend = a;
	j->accepted = accepted;
	j->n_accepted = n_accepted;
	n = 0;
	for (size_t ci = 0; ci < plan->n_cohorts; ci++) {
		const struct cp_plan_cohort *c = &plan->cohorts[ci];
		j->first[ci] = n;
		for (size_t mi = 0; mi < c->n_members; mi++) {
			long i = cp_problem_find_participant(p, c->members[mi].participant);
			if (i < 0) {
				cp_engine_fail(err, CP_ENGINE_ERR_INVALID,
					       "participant \"%s\" of cohort \"%s\" in the plan is not "
					       "in the problem", c->members[mi].participant, c->id);
				cp_makeup_judge_destroy(j);
				return NULL;
			}
			j->index[n++] = (size_t)i;
		}
	}
	return j;
nomem:
	cp_makeup_judge_destroy(j);
	cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
	return NULL;
}

void
cp_makeup_judge_destroy(struct cp_makeup_judge *j)
{
	if (!j)
		return;
	free(j->first);
	free(j->index);
	free(j);
}

static bool
uncovered(const struct cp_plan *plan, const struct cp_plan_cohort *c, int number)
{
	for (size_t i = 0; i < plan->n_uncovered; i++)
		if (plan->uncovered[i].lesson == number && plan->uncovered[i].cohort &&
		    strcmp(plan->uncovered[i].cohort, c->id) == 0)
			return true;
	return false;
}

int
cp_makeup_judge(void *data, size_t cohort, size_t member, size_t opt_cohort, size_t opt_lesson)
{
	const struct cp_makeup_judge *j = data;
	const struct cp_plan *plan = j->plan;
	const struct cp_plan_cohort *oc = &plan->cohorts[opt_cohort];
	const struct cp_plan_lesson *l = &oc->lessons[opt_lesson];

	if (uncovered(plan, oc, l->number))
		return CP_MAKEUP_NO_TEACHER;
	/* Seats: its members and the guests others accepted for this lesson. */
	size_t taken = oc->n_members;
	for (size_t i = 0; i < j->n_accepted; i++) {
		const struct cp_progress_accepted *x = &j->accepted[i];
		if (x->opt_cohort == opt_cohort && x->opt_lesson == opt_lesson &&
		    !(x->cohort == cohort && x->member == member))
			taken++;
	}
	int max = cp_problem_policy(j->problem)->cohort_max;
	if (max > 0 && taken >= (size_t)max)
		return CP_MAKEUP_FULL;
	/* The member's own lessons, and their other accepted make-ups. */
	const struct cp_plan_cohort *own = &plan->cohorts[cohort];
	for (size_t k = 0; k < own->n_lessons; k++)
		if (own->lessons[k].start < l->end && l->start < own->lessons[k].end)
			return CP_MAKEUP_OVERLAP;
	for (size_t i = 0; i < j->n_accepted; i++) {
		const struct cp_progress_accepted *x = &j->accepted[i];
		if (x->cohort != cohort || x->member != member ||
		    (x->opt_cohort == opt_cohort && x->opt_lesson == opt_lesson))
			continue;
		const struct cp_plan_lesson *o = &plan->cohorts[x->opt_cohort].lessons[x->opt_lesson];
		if (o->start < l->end && l->start < o->end)
			return CP_MAKEUP_OVERLAP;
	}
	size_t i = j->index[j->first[cohort] + member];
	enum cp_attend_reason r = cp_attend_judge_span(j->attend, i, l->start, l->end);
	return r == CP_ATTEND_OK ? CP_MAKEUP_OK : CP_MAKEUP_PERSON + (int)r;
}
