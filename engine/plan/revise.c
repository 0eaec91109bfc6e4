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

#include <stdint.h>
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
	/* The substitute's feed showed it: it shows the cancellation too. */
	l->substitute = cp_plan_strdup(next, from->substitute);
	l->substitute_zone = cp_plan_strdup(next, from->substitute_zone);
	return !cp_plan_nomem(next);
}

static bool
is_member(const struct cp_plan_cohort *c, const char *participant)
{
	for (size_t i = 0; c && i < c->n_members; i++)
		if (strcmp(c->members[i].participant, participant) == 0)
			return true;
	return false;
}

static bool
copy_lesson(struct cp_plan *next, struct cp_plan_lesson *l, const struct cp_plan_lesson *from,
	    int sequence, cp_instant modified)
{
	l->number = from->number;
	l->start = from->start;
	l->end = from->end;
	l->theme = cp_plan_strdup(next, from->theme);
	l->sequence = sequence;
	l->modified = modified;
	return !from->theme || l->theme;
}

/* A cohort of prev with no successor in next: a dissolved shell holding
 * its lessons as cancelled, so cohort and teacher feeds drop them. */
static bool
dissolve(struct cp_plan *next, const struct cp_plan *prev, const struct cp_plan_cohort *pc,
	 cp_instant keep_from)
{
	size_t live = 0;
	for (size_t li = 0; li < pc->n_cancelled; li++)
		live += pc->cancelled[li].end >= keep_from;
	if (pc->n_lessons == 0 && live == 0)
		return true; /* nothing left worth showing */
	struct cp_plan_cohort *c = cp_plan_add_cohort(next);
	if (!c)
		return false;
	c->dissolved = true;
	c->id = cp_plan_strdup(next, pc->id);
	c->teacher = cp_plan_strdup(next, pc->teacher);
	c->teacher_zone = cp_plan_strdup(next, pc->teacher_zone);
	c->anchor_zone = cp_plan_strdup(next, pc->anchor_zone);
	c->language = cp_plan_strdup(next, pc->language);
	c->session_minutes = pc->session_minutes;
	if (cp_plan_nomem(next))
		return false;
	for (size_t li = 0; li < pc->n_lessons; li++)
		if (!copy_cancelled(next, c, &pc->lessons[li], pc->lessons[li].sequence + 1,
				    next->created))
			return false;
	for (size_t li = 0; li < pc->n_cancelled; li++) {
		const struct cp_plan_lesson *old = &pc->cancelled[li];
		if (old->end >= keep_from &&
		    !copy_cancelled(next, c, old, old->sequence,
				    old->modified ? old->modified : prev->created))
			return false;
	}
	return true;
}

/* The entry of (participant, cohort) in next, made when missing: next may
 * already hold it (a plan revised twice against the same prev). */
static struct cp_plan_former *
add_former(struct cp_plan *next, const char *participant, const char *zone, const char *cohort)
{
	for (size_t i = 0; i < next->n_former; i++)
		if (strcmp(next->former[i].participant, participant) == 0 &&
		    strcmp(next->former[i].cohort, cohort) == 0)
			return &next->former[i];
	struct cp_plan_former *f = cp_plan_add_former(next);
	if (!f)
		return NULL;
	f->participant = cp_plan_strdup(next, participant);
	f->zone = cp_plan_strdup(next, zone);
	f->cohort = cp_plan_strdup(next, cohort);
	return cp_plan_nomem(next) ? NULL : f;
}

static bool
add_former_lesson(struct cp_plan *next, size_t fi, const struct cp_plan_lesson *from,
		  int sequence, cp_instant modified)
{
	const struct cp_plan_former *f = &next->former[fi];
	if (find_lesson(f->lessons, f->n_lessons, from->number))
		return true;
	struct cp_plan_lesson *l = cp_plan_add_former_lesson(next, &next->former[fi]);
	return l && copy_lesson(next, l, from, sequence, modified);
}

/* A participant's calendar showed the lessons of the cohorts they were in;
 * those of a cohort they are no longer in become cancelled there. */
static bool
revise_former(struct cp_plan *next, const struct cp_plan *prev, cp_instant keep_from)
{
	/* prev's entries first: kept while recent, dropped when the person is
	 * back (their calendar must then take the live lessons again, so
	 * those rise above the cancelled copy). */
	for (size_t i = 0; i < prev->n_former; i++) {
		const struct cp_plan_former *pf = &prev->former[i];
		struct cp_plan_cohort *back = (struct cp_plan_cohort *)cp_plan_find_cohort(next, pf->cohort);
		if (back && !back->dissolved && is_member(back, pf->participant)) {
			for (size_t k = 0; k < pf->n_lessons; k++)
				for (size_t li = 0; li < back->n_lessons; li++) {
					struct cp_plan_lesson *l = &back->lessons[li];
					if (l->number == pf->lessons[k].number &&
					    l->sequence <= pf->lessons[k].sequence) {
						l->sequence = pf->lessons[k].sequence + 1;
						l->modified = next->created;
					}
				}
			continue;
		}
		size_t fi = SIZE_MAX;
		for (size_t k = 0; k < pf->n_lessons; k++) {
			const struct cp_plan_lesson *old = &pf->lessons[k];
			if (old->end < keep_from)
				continue;
			if (fi == SIZE_MAX) {
				const struct cp_plan_former *nf =
					add_former(next, pf->participant, pf->zone, pf->cohort);
				if (!nf)
					return false;
				fi = (size_t)(nf - next->former);
			}
			if (!add_former_lesson(next, fi, old, old->sequence,
					       old->modified ? old->modified : prev->created))
				return false;
		}
	}
	/* Then everyone who left a cohort of prev. */
	for (size_t ci = 0; ci < prev->n_cohorts; ci++) {
		const struct cp_plan_cohort *pc = &prev->cohorts[ci];
		const struct cp_plan_cohort *nc = cp_plan_find_cohort(next, pc->id);
		for (size_t m = 0; m < pc->n_members; m++) {
			const struct cp_plan_member *pm = &pc->members[m];
			if (nc && !nc->dissolved && is_member(nc, pm->participant))
				continue;
			/* Their feed now follows their zone in next, if any. */
			const struct cp_plan_member *now = cp_plan_find_member(next, pm->participant, NULL);
			size_t fi = SIZE_MAX;
			for (size_t li = 0; li < pc->n_lessons + pc->n_cancelled; li++) {
				bool was_live = li < pc->n_lessons;
				const struct cp_plan_lesson *old =
					was_live ? &pc->lessons[li] : &pc->cancelled[li - pc->n_lessons];
				/* Lessons already given are history, not changes. */
				if (was_live ? old->start < next->created : old->end < keep_from)
					continue;
				if (fi == SIZE_MAX) {
					const struct cp_plan_former *nf = add_former(
						next, pm->participant, now ? now->zone : pm->zone, pc->id);
					if (!nf)
						return false;
					fi = (size_t)(nf - next->former);
				}
				if (!add_former_lesson(next, fi, old,
						       was_live ? old->sequence + 1 : old->sequence,
						       was_live ? next->created
						       : old->modified ? old->modified : prev->created))
					return false;
			}
		}
	}
	return true;
}


bool
cp_plan_revise(struct cp_plan *next, const struct cp_plan *prev, int keep_days)
{
	const cp_instant keep_from = next->created - (cp_instant)keep_days * 86400;

	for (size_t ci = 0; ci < next->n_cohorts; ci++) {
		struct cp_plan_cohort *c = &next->cohorts[ci];
		const struct cp_plan_cohort *pc = cp_plan_find_cohort(prev, c->id);
		if (!pc || c->dissolved)
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
				/* A substitute coming, going or changing changes
				 * who gives the lesson, as a new teacher does. */
				bool changed = teacher_changed || old->start != l->start ||
					       old->end != l->end || !same_str(old->theme, l->theme) ||
					       !same_str(old->substitute, l->substitute) ||
					       !same_str(old->substitute_zone, l->substitute_zone);
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
	/* Cohorts of prev that next does not continue. Indexes only: next's
	 * cohort array moves as shells are appended. */
	size_t n_next = next->n_cohorts;
	for (size_t pi = 0; pi < prev->n_cohorts; pi++) {
		const struct cp_plan_cohort *pc = &prev->cohorts[pi];
		bool found = false;
		for (size_t ci = 0; ci < n_next && !found; ci++)
			found = next->cohorts[ci].id && pc->id &&
				strcmp(next->cohorts[ci].id, pc->id) == 0;
		if (!found && pc->id && !dissolve(next, prev, pc, keep_from))
			return false;
	}
	return revise_former(next, prev, keep_from);
}
