/*
 * Revision state across re-plans (cp_plan_revise in plan.h).
 *
 * Calendar clients that subscribe to a feed keep an event by its UID and
 * take a new version of it only when its SEQUENCE rises; an event that just
 * disappears from a feed lingers in some clients. So a re-plan must know,
 * lesson by lesson, what the published plan said: this file compares the two
 * plans by (cohort id, lesson number), the identity the feeds' UIDs are made
 * of, and writes the outcome into the new plan.
 */
#include <cohortplan/plan.h>

#include <string.h>

static bool
same_str(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static const struct cp_plan_lesson *
find_lesson(const struct cp_plan_lesson *arr, size_t n, int number)
{
	for (size_t i = 0; i < n; i++)
		if (arr[i].number == number)
			return &arr[i];
	return NULL;
}

static bool
copy_cancelled(struct cp_plan *next, struct cp_plan_cohort *c, const struct cp_plan_lesson *from,
	       int sequence, cp_instant modified)
{
	struct cp_plan_lesson *l = cp_plan_add_cancelled(next, c);
	if (!l)
		return false;
	l->number = from->number;
	l->start = from->start;
	l->end = from->end;
	l->theme = cp_plan_strdup(next, from->theme);
	if (from->theme && !l->theme)
		return false;
	l->sequence = sequence;
	l->modified = modified;
	return true;
}

bool
cp_plan_revise(struct cp_plan *next, const struct cp_plan *prev, int keep_days)
{
	const cp_instant keep_from = next->created - (cp_instant)keep_days * 86400;

	for (size_t ci = 0; ci < next->n_cohorts; ci++) {
		struct cp_plan_cohort *c = &next->cohorts[ci];
		const struct cp_plan_cohort *pc = cp_plan_find_cohort(prev, c->id);
		if (!pc)
			continue;
		/* A new teacher changes what the teacher feeds show for every
		 * lesson, so every lesson counts as changed. */
		bool teacher_changed = !same_str(c->teacher, pc->teacher) ||
				       !same_str(c->teacher_zone, pc->teacher_zone);

		for (size_t li = 0; li < c->n_lessons; li++) {
			struct cp_plan_lesson *l = &c->lessons[li];
			const struct cp_plan_lesson *old =
				find_lesson(pc->lessons, pc->n_lessons, l->number);
			if (old) {
				bool changed = teacher_changed || old->start != l->start ||
					       old->end != l->end || !same_str(old->theme, l->theme);
				l->sequence = changed ? old->sequence + 1 : old->sequence;
				/* 0 meant "prev's created": pin it, or it would
				 * silently become next's. */
				l->modified = changed ? next->created
					      : old->modified ? old->modified : prev->created;
				continue;
			}
			/* Cancelled before and back now: a change like any other. */
			old = find_lesson(pc->cancelled, pc->n_cancelled, l->number);
			if (old) {
				l->sequence = old->sequence + 1;
				l->modified = next->created;
			}
		}
		/* The cohort's arrays may move while we append: index, and
		 * compare against prev only. */
		for (size_t li = 0; li < pc->n_lessons; li++) {
			const struct cp_plan_lesson *old = &pc->lessons[li];
			if (find_lesson(c->lessons, c->n_lessons, old->number) ||
			    find_lesson(c->cancelled, c->n_cancelled, old->number))
				continue;
			if (!copy_cancelled(next, c, old, old->sequence + 1, next->created))
				return false;
		}
		for (size_t li = 0; li < pc->n_cancelled; li++) {
			const struct cp_plan_lesson *old = &pc->cancelled[li];
			if (find_lesson(c->lessons, c->n_lessons, old->number) ||
			    find_lesson(c->cancelled, c->n_cancelled, old->number))
				continue;
			if (old->end < keep_from)
				continue; /* long past: clients have dropped it */
			if (!copy_cancelled(next, c, old, old->sequence,
					    old->modified ? old->modified : prev->created))
				return false;
		}
	}
	return true;
}
