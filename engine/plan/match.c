/*
 * Cohort identity across re-plans (cp_plan_match_ids in plan.h).
 *
 * The planner keeps a cohort id only for an identical timetable (same
 * teacher, anchor and weekly slots). When a change moves a group's times
 * (a teacher's leave makes the old slots unteachable) the same people would
 * get a new id, and since calendar UIDs are made of the cohort id every
 * subscribed calendar would show the old lessons and new copies side by
 * side. What subscribers and the planner call "the same cohort" is the same
 * group of people, so ids follow the members: the pair sharing the most
 * members wins.
 */
#include <cohortplan/plan.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cp_util.h"

struct who {
	const char *id;
	size_t cohort; /* index in prev */
};

struct pair {
	size_t next, prev;
	size_t shared;
	bool teacher, slots;
};

static int
who_cmp(const void *a, const void *b)
{
	return strcmp(((const struct who *)a)->id, ((const struct who *)b)->id);
}

static bool
same_str(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

/* Same weekly timetable: anchor and slots (the planner's own test), from
 * the same start week: with staggered starts one teacher can run the same
 * slots again after a first cohort ends. Start weeks of the same slots are
 * whole weeks apart (7 days, less an hour across a DST change); first
 * lessons less than 6 days apart are the same start (a holiday moved it
 * inside its week). */
static bool
same_slots(const struct cp_plan_cohort *a, const struct cp_plan_cohort *b)
{
	if (a->n_slots != b->n_slots || !same_str(a->anchor_zone, b->anchor_zone) ||
	    a->week_by_week != b->week_by_week)
		return false;
	/* Week-by-week timetables: the union of weekdays says little; the
	 * same lessons do. */
	if (a->week_by_week) {
		if (a->n_lessons != b->n_lessons)
			return false;
		for (size_t i = 0; i < a->n_lessons; i++)
			if (a->lessons[i].start != b->lessons[i].start)
				return false;
	}
	for (size_t i = 0; i < a->n_slots; i++)
		if (a->slots[i].weekday != b->slots[i].weekday ||
		    a->slots[i].start != b->slots[i].start)
			return false;
	if (a->n_lessons && b->n_lessons) {
		cp_instant d = a->lessons[0].start - b->lessons[0].start;
		if (d <= -6 * 86400 || d >= 6 * 86400)
			return false;
	}
	return true;
}

/* prev's cohorts, referenced by the pair sort (qsort has no context). */
static const struct cp_plan *sort_prev;

static int
pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->shared != y->shared)
		return x->shared > y->shared ? -1 : 1;
	if (x->teacher != y->teacher)
		return x->teacher ? -1 : 1;
	if (x->slots != y->slots)
		return x->slots ? -1 : 1;
	int d = strcmp(sort_prev->cohorts[x->prev].id, sort_prev->cohorts[y->prev].id);
	if (d)
		return d;
	return CP_CMP(x->next, y->next);
}

static bool
prev_uses(const struct cp_plan *prev, const char *id)
{
	if (cp_plan_find_cohort(prev, id))
		return true;
	for (size_t i = 0; i < prev->n_former; i++)
		if (prev->former[i].cohort && strcmp(prev->former[i].cohort, id) == 0)
			return true;
	return false;
}

/* The (new, previous) cohort pairs: those sharing members, with how many,
 * and those sharing nobody but teacher and timetable. Grows *pairs_io
 * (capacity *cap) as needed; false when out of memory. */
static bool
collect_pairs(const struct cp_plan *next, const struct cp_plan *prev, const struct who *who,
	      size_t n_who, struct pair **pairs_io, size_t *cap, size_t *n_out)
{
	/* Shared members per (new, prev) pair: count each new cohort's
	 * members by their previous cohort. */
	size_t nn = next->n_cohorts, np = prev->n_cohorts, n_pairs = *n_out, cap_pairs = *cap;
	struct pair *pairs = *pairs_io;
	size_t *count = calloc(np ? np : 1, sizeof *count);
	if (!count)
		return false;
	for (size_t c = 0; c < nn; c++) {
		const struct cp_plan_cohort *co = &next->cohorts[c];
		size_t first = n_pairs;
		if (co->dissolved)
			continue; /* already a revised shell: its id is settled */
		for (size_t m = 0; m < co->n_members; m++) {
			struct who key = { co->members[m].participant, 0 };
			const struct who *hit = bsearch(&key, who, n_who, sizeof *who, who_cmp);
			if (!hit)
				continue;
			if (count[hit->cohort]++ == 0)
				pairs[n_pairs++] = (struct pair){ c, hit->cohort, 0, false, false };
		}
		for (size_t k = first; k < n_pairs; k++) {
			pairs[k].shared = count[pairs[k].prev];
			count[pairs[k].prev] = 0;
		}
		/* Nobody shared: the planner's rule (identical timetable). */
		for (size_t p = 0; p < np; p++) {
			const struct cp_plan_cohort *pc = &prev->cohorts[p];
			if (pc->dissolved || !same_str(co->teacher, pc->teacher) ||
			    !same_slots(co, pc))
				continue;
			bool seen = false;
			for (size_t k = first; k < n_pairs && !seen; k++)
				seen = pairs[k].prev == p;
			if (seen)
				continue;
			if (!CP_GROW(pairs, cap_pairs, n_pairs + 1, 1)) {
				free(count);
				*pairs_io = pairs;
				return false;
			}
			*pairs_io = pairs;
			*cap = cap_pairs;
			pairs[n_pairs++] = (struct pair){ c, p, 0, false, false };
		}
	}
	free(count);
	*n_out = n_pairs;
	return true;
}

/* The id of each new cohort: its match's, else its own when free, else a
 * fresh "C<n>"; into ids[], copies owned by next. False when out of
 * memory (next unchanged). */
static bool
choose_ids(struct cp_plan *next, const struct cp_plan *prev, const size_t *match, const char **ids)
{
	size_t nn = next->n_cohorts;
	/* New ids first, then assign them all, so that out of memory leaves
	 * next as it was. */
	for (size_t c = 0; c < nn; c++) {
		if (match[c] != SIZE_MAX) {
			ids[c] = prev->cohorts[match[c]].id;
			continue;
		}
		const char *cur = next->cohorts[c].id;
		if (next->cohorts[c].dissolved) {
			ids[c] = cur;
			continue;
		}
		bool taken = !cur || prev_uses(prev, cur);
		for (size_t d = 0; d < nn && !taken; d++)
			taken = match[d] != SIZE_MAX && strcmp(prev->cohorts[match[d]].id, cur) == 0;
		if (!taken) {
			ids[c] = cur;
			continue;
		}
		ids[c] = NULL; /* fresh id below, once every kept id is known */
	}
	int serial = 1;
	for (size_t c = 0; c < nn; c++) {
		if (ids[c])
			continue;
		char buf[32];
		for (;;) {
			bool clash;
			snprintf(buf, sizeof buf, "C%02d", serial++);
			clash = prev_uses(prev, buf);
			for (size_t d = 0; d < nn && !clash; d++)
				clash = ids[d] && strcmp(ids[d], buf) == 0;
			if (!clash)
				break;
		}
		ids[c] = cp_plan_strdup(next, buf);
		if (!ids[c])
			return false;
	}
	for (size_t c = 0; c < nn; c++) {
		if (next->cohorts[c].id == ids[c])
			continue;
		const char *copy = cp_plan_strdup(next, ids[c]);
		if (!copy)
			return false;
		ids[c] = copy;
	}
	return true;
}

bool
cp_plan_match_ids(struct cp_plan *next, const struct cp_plan *prev)
{
	size_t nn = next->n_cohorts, np = prev->n_cohorts, n_who = 0, n_pairs = 0;
	bool ok = false;

	for (size_t c = 0; c < np; c++)
		n_who += prev->cohorts[c].n_members;
	struct who *who = malloc((n_who ? n_who : 1) * sizeof *who);
	size_t total = 0;
	for (size_t c = 0; c < nn; c++)
		total += next->cohorts[c].n_members;
	/* At most one pair per new member; pairs sharing nobody (an
	 * unchanged timetable) are appended as found. */
	size_t cap_pairs = total + 16;
	struct pair *pairs = malloc(cap_pairs * sizeof *pairs);
	size_t *match = malloc((nn ? nn : 1) * sizeof *match);     /* next -> prev */
	bool *used = calloc(np ? np : 1, sizeof *used);             /* prev id taken */
	const char **ids = calloc(nn ? nn : 1, sizeof *ids);
	if (!who || !pairs || !match || !used || !ids)
		goto done;

	n_who = 0;
	for (size_t c = 0; c < np; c++)
		for (size_t m = 0; m < prev->cohorts[c].n_members; m++)
			who[n_who++] = (struct who){ prev->cohorts[c].members[m].participant, c };
	qsort(who, n_who, sizeof *who, who_cmp);

	if (!collect_pairs(next, prev, who, n_who, &pairs, &cap_pairs, &n_pairs))
		goto done;
	for (size_t k = 0; k < n_pairs; k++) {
		const struct cp_plan_cohort *co = &next->cohorts[pairs[k].next];
		const struct cp_plan_cohort *pc = &prev->cohorts[pairs[k].prev];
		pairs[k].teacher = same_str(co->teacher, pc->teacher);
		pairs[k].slots = same_slots(co, pc);
	}
	sort_prev = prev;
	qsort(pairs, n_pairs, sizeof *pairs, pair_cmp);
	sort_prev = NULL;

	for (size_t c = 0; c < nn; c++)
		match[c] = SIZE_MAX;
	for (size_t k = 0; k < n_pairs; k++) {
		const struct pair *pr = &pairs[k];
		if (match[pr->next] != SIZE_MAX || used[pr->prev] || prev->cohorts[pr->prev].dissolved ||
		    !prev->cohorts[pr->prev].id)
			continue;
		match[pr->next] = pr->prev;
		used[pr->prev] = true;
	}

	if (!choose_ids(next, prev, match, ids))
		goto done;
	for (size_t c = 0; c < nn; c++)
		next->cohorts[c].id = ids[c];
	ok = true;
done:
	free(who);
	free(pairs);
	free(match);
	free(used);
	free(ids);
	return ok;
}
