/*
 * The plan as plain data: construction, lookups, destruction, and the stable
 * names of its enumerations. Builders append zeroed elements to growing
 * arrays; strings are copied into a list the plan frees in one go.
 */
#include <cohortplan/attend.h>
#include <cohortplan/plan.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cp_util.h"

struct plan_impl {
	struct cp_plan pub;    /* first, so a cp_plan * is a plan_impl * */
	char **strings;
	size_t n_strings, cap_strings;
	bool nomem;
};

/* Arrays carry no capacity field: their capacity is the next power of two
 * at or above the count (at least 4), so an append grows the array exactly
 * when the count is 0 or a power of two of 4 or more. */
static bool
grow(struct cp_plan *plan, void **arr, size_t count, size_t size)
{
	if (count != 0 && (count < 4 || (count & (count - 1)) != 0))
		return true; /* room is left */
	size_t cap = count ? count * 2 : 4;
	void *n = realloc(*arr, cap * size);
	if (!n) {
		((struct plan_impl *)plan)->nomem = true;
		return false;
	}
	*arr = n;
	return true;
}

#define APPEND(plan, arr, count)                                            \
	(grow((plan), (void **)&(arr), (count), sizeof *(arr))                  \
		 ? (memset(&(arr)[(count)], 0, sizeof *(arr)), &(arr)[(count)++]) \
		 : NULL)

struct cp_plan *
cp_plan_create(void)
{
	struct plan_impl *p = calloc(1, sizeof *p);
	return p ? &p->pub : NULL;
}

void
cp_plan_destroy(struct cp_plan *plan)
{
	if (!plan)
		return;
	struct plan_impl *p = (struct plan_impl *)plan;
	for (size_t i = 0; i < plan->n_cohorts; i++) {
		struct cp_plan_cohort *c = &plan->cohorts[i];
		for (size_t j = 0; j < c->n_members; j++) {
			free(c->members[j].verdicts);
			free(c->members[j].modules);
		}
		free(c->members);
		free(c->lessons);
		free(c->cancelled);
		free(c->slots);
	}
	free(plan->cohorts);
	for (size_t i = 0; i < plan->n_unplaced; i++) {
		free(plan->unplaced[i].reasons);
		free(plan->unplaced[i].blocked);
	}
	free(plan->unplaced);
	for (size_t i = 0; i < plan->n_advice; i++)
		free(plan->advice[i].idle);
	free(plan->advice);
	for (size_t i = 0; i < plan->n_former; i++)
		free(plan->former[i].lessons);
	free(plan->former);
	free(plan->teachers);
	free(plan->themes);
	for (size_t i = 0; i < plan->n_uncovered; i++)
		free(plan->uncovered[i].options);
	free(plan->uncovered);
	for (size_t i = 0; i < p->n_strings; i++)
		free(p->strings[i]);
	free(p->strings);
	free(p);
}

const char *
cp_plan_strdup(struct cp_plan *plan, const char *s)
{
	struct plan_impl *p = (struct plan_impl *)plan;
	if (!s)
		return NULL;
	if (!CP_GROW(p->strings, p->cap_strings, p->n_strings + 1, 64)) {
		p->nomem = true;
		return NULL;
	}
	char *copy = strdup(s);
	if (!copy) {
		p->nomem = true;
		return NULL;
	}
	p->strings[p->n_strings++] = copy;
	return copy;
}

bool
cp_plan_nomem(const struct cp_plan *plan)
{
	return ((const struct plan_impl *)plan)->nomem;
}

struct cp_plan_cohort *
cp_plan_add_cohort(struct cp_plan *plan)
{
	return APPEND(plan, plan->cohorts, plan->n_cohorts);
}

struct cp_plan_lesson *
cp_plan_add_lesson(struct cp_plan *plan, struct cp_plan_cohort *c)
{
	return APPEND(plan, c->lessons, c->n_lessons);
}

struct cp_plan_lesson *
cp_plan_add_cancelled(struct cp_plan *plan, struct cp_plan_cohort *c)
{
	return APPEND(plan, c->cancelled, c->n_cancelled);
}

struct cp_plan_slot *
cp_plan_add_slot(struct cp_plan *plan, struct cp_plan_cohort *c)
{
	return APPEND(plan, c->slots, c->n_slots);
}

struct cp_plan_member *
cp_plan_add_member(struct cp_plan *plan, struct cp_plan_cohort *c)
{
	uint8_t *verdicts = calloc(c->n_lessons ? c->n_lessons : 1, 1);
	if (!verdicts) {
		((struct plan_impl *)plan)->nomem = true;
		return NULL;
	}
	struct cp_plan_member *m = APPEND(plan, c->members, c->n_members);
	if (!m) {
		free(verdicts);
		return NULL;
	}
	m->verdicts = verdicts;
	return m;
}

struct cp_plan_module *
cp_plan_add_module(struct cp_plan *plan, struct cp_plan_member *m)
{
	return APPEND(plan, m->modules, m->n_modules);
}

struct cp_plan_unplaced *
cp_plan_add_unplaced(struct cp_plan *plan)
{
	return APPEND(plan, plan->unplaced, plan->n_unplaced);
}

struct cp_plan_reason_count *
cp_plan_add_reason(struct cp_plan *plan, struct cp_plan_unplaced *u)
{
	return APPEND(plan, u->reasons, u->n_reasons);
}

struct cp_plan_advice *
cp_plan_add_advice(struct cp_plan *plan)
{
	return APPEND(plan, plan->advice, plan->n_advice);
}

struct cp_plan_advice *
cp_plan_advise(struct cp_plan *plan, enum cp_advice_kind kind, int would_place)
{
	struct cp_plan_advice *a = cp_plan_add_advice(plan);
	if (a) {
		a->kind = kind;
		a->would_place = would_place;
	}
	return a;
}

struct cp_plan_idle *
cp_plan_add_idle(struct cp_plan *plan, struct cp_plan_advice *a)
{
	return APPEND(plan, a->idle, a->n_idle);
}

struct cp_plan_cover_option *
cp_plan_add_blocked(struct cp_plan *plan, struct cp_plan_unplaced *u)
{
	return APPEND(plan, u->blocked, u->n_blocked);
}

struct cp_plan_former *
cp_plan_add_former(struct cp_plan *plan)
{
	return APPEND(plan, plan->former, plan->n_former);
}

struct cp_plan_lesson *
cp_plan_add_former_lesson(struct cp_plan *plan, struct cp_plan_former *f)
{
	return APPEND(plan, f->lessons, f->n_lessons);
}

struct cp_plan_teacher *
cp_plan_add_teacher(struct cp_plan *plan)
{
	return APPEND(plan, plan->teachers, plan->n_teachers);
}

struct cp_plan_theme *
cp_plan_add_theme(struct cp_plan *plan)
{
	return APPEND(plan, plan->themes, plan->n_themes);
}

struct cp_plan_uncovered *
cp_plan_add_uncovered(struct cp_plan *plan)
{
	return APPEND(plan, plan->uncovered, plan->n_uncovered);
}

struct cp_plan_cover_option *
cp_plan_add_cover_option(struct cp_plan *plan, struct cp_plan_uncovered *u)
{
	return APPEND(plan, u->options, u->n_options);
}

const struct cp_plan_teacher *
cp_plan_find_teacher(const struct cp_plan *plan, const char *id)
{
	for (size_t i = 0; id && i < plan->n_teachers; i++)
		if (plan->teachers[i].id && strcmp(plan->teachers[i].id, id) == 0)
			return &plan->teachers[i];
	return NULL;
}

const char *
cp_plan_theme_name(const struct cp_plan *plan, const char *id)
{
	for (size_t i = 0; id && i < plan->n_themes; i++)
		if (plan->themes[i].id && strcmp(plan->themes[i].id, id) == 0)
			return plan->themes[i].name;
	return NULL;
}

const struct cp_plan_cohort *
cp_plan_find_cohort(const struct cp_plan *plan, const char *id)
{
	for (size_t i = 0; i < plan->n_cohorts; i++)
		if (plan->cohorts[i].id && strcmp(plan->cohorts[i].id, id) == 0)
			return &plan->cohorts[i];
	return NULL;
}

const struct cp_plan_member *
cp_plan_find_member(const struct cp_plan *plan, const char *participant,
		    const struct cp_plan_cohort **cohort)
{
	for (size_t i = 0; i < plan->n_cohorts; i++) {
		const struct cp_plan_cohort *c = &plan->cohorts[i];
		for (size_t j = 0; j < c->n_members; j++) {
			if (strcmp(c->members[j].participant, participant) == 0) {
				if (cohort)
					*cohort = c;
				return &c->members[j];
			}
		}
	}
	return NULL;
}

/* Name tables: index = enum value. */
static const char *const verdict_names[CP_VERDICT_COUNT] = {
	"ok", "after_departure", "holiday", "roster", "too_early", "too_late",
	"outside_availability", "ramadan", "exception",
};
static const char *const unplaced_names[CP_UNPLACED_KIND_COUNT] = {
	"no_candidate", "too_few", "capacity", "partner", "language", "no_teacher",
	"displaces", "no_cohort", "not_decided", "not_checked",
};
static const char *const advice_names[CP_ADVICE_KIND_COUNT] = {
	"text", "better_plan", "kept_better", "relax", "assignment", "more_teacher",
	"idle_weeks", "leave",
};
static const char *const status_names[] = {
	"optimal", "feasible", "heuristic", "empty",
};

static int
lookup(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

#define NAME_FUNCS(fn_name, fn_from, type, table)                             \
	const char *fn_name(type v)                                           \
	{                                                                     \
		size_t n = sizeof table / sizeof table[0];                    \
		return (size_t)v < n ? table[v] : "?";                        \
	}                                                                     \
	bool fn_from(const char *s, type *out)                                \
	{                                                                     \
		int i = lookup(table, sizeof table / sizeof table[0], s);     \
		if (i < 0)                                                    \
			return false;                                         \
		*out = (type)i;                                               \
		return true;                                                  \
	}

NAME_FUNCS(cp_verdict_name, cp_verdict_from_name, enum cp_verdict, verdict_names)
NAME_FUNCS(cp_unplaced_kind_name, cp_unplaced_kind_from_name, enum cp_unplaced_kind, unplaced_names)
NAME_FUNCS(cp_advice_kind_name, cp_advice_kind_from_name, enum cp_advice_kind, advice_names)
NAME_FUNCS(cp_plan_status_name, cp_plan_status_from_name, enum cp_plan_status, status_names)

/* ---- attendance in live minutes -------------------------------------- */

int
cp_plan_minutes_needed(double target, int live_minutes)
{
	return cp_attend_target_needed(target, live_minutes);
}

int
cp_plan_lesson_minutes(const struct cp_plan_lesson *l)
{
	return l->end > l->start ? (int)((l->end - l->start) / 60) : 0;
}

int
cp_plan_cohort_live_minutes(const struct cp_plan_cohort *c)
{
	int sum = 0;
	for (size_t i = 0; i < c->n_lessons; i++)
		sum += cp_plan_lesson_minutes(&c->lessons[i]);
	return sum;
}

int
cp_plan_member_minutes(const struct cp_plan_cohort *c, const struct cp_plan_member *m)
{
	int sum = 0;
	for (size_t i = 0; m->verdicts && i < c->n_lessons; i++)
		if (m->verdicts[i] == CP_VERDICT_OK)
			sum += cp_plan_lesson_minutes(&c->lessons[i]);
	return sum;
}

double
cp_plan_member_share(const struct cp_plan_cohort *c, const struct cp_plan_member *m)
{
	int live = cp_plan_cohort_live_minutes(c);
	return live > 0 ? (double)cp_plan_member_minutes(c, m) / (double)live : 0.0;
}

bool
cp_plan_minutes_reach(const struct cp_plan *plan, int minutes, int live_minutes)
{
	return cp_attend_target_reached(plan->attendance_target, minutes, live_minutes);
}

bool
cp_plan_member_reaches(const struct cp_plan *plan, const struct cp_plan_cohort *c,
		       const struct cp_plan_member *m)
{
	return cp_plan_minutes_reach(plan, cp_plan_member_minutes(c, m),
				     cp_plan_cohort_live_minutes(c));
}

/* Lesson k of cohort c counting lessons[] then cancelled[]. */
static const struct cp_plan_lesson *
any_lesson(const struct cp_plan_cohort *c, size_t k)
{
	return k < c->n_lessons ? &c->lessons[k] : &c->cancelled[k - c->n_lessons];
}

static bool
holds_cohort(const struct cp_plan *plan, const char *id)
{
	for (size_t i = 0; i < plan->n_cohorts; i++)
		if (plan->cohorts[i].teacher && strcmp(plan->cohorts[i].teacher, id) == 0)
			return true;
	return false;
}

bool
cp_plan_teaches(const struct cp_plan *plan, const char *id)
{
	if (!id)
		return false;
	if (holds_cohort(plan, id))
		return true;
	for (size_t i = 0; i < plan->n_cohorts; i++) {
		const struct cp_plan_cohort *c = &plan->cohorts[i];
		for (size_t k = 0; k < c->n_lessons + c->n_cancelled; k++) {
			const char *s = any_lesson(c, k)->substitute;
			if (s && strcmp(s, id) == 0)
				return true;
		}
	}
	return false;
}

const char *
cp_plan_next_substitute_only(const struct cp_plan *plan, size_t *cursor)
{
	/* The cursor counts lessons over all cohorts, in plan order. */
	size_t pos = 0;
	for (size_t i = 0; i < plan->n_cohorts; i++) {
		const struct cp_plan_cohort *c = &plan->cohorts[i];
		for (size_t k = 0; k < c->n_lessons + c->n_cancelled; k++, pos++) {
			const char *s = any_lesson(c, k)->substitute;
			if (pos < *cursor || !s || holds_cohort(plan, s))
				continue;
			/* First time this substitute appears? */
			bool seen = false;
			size_t q = 0;
			for (size_t a = 0; a <= i && !seen; a++) {
				const struct cp_plan_cohort *d = &plan->cohorts[a];
				for (size_t b = 0; b < d->n_lessons + d->n_cancelled && q < pos && !seen;
				     b++, q++) {
					const char *t = any_lesson(d, b)->substitute;
					seen = t && strcmp(t, s) == 0;
				}
			}
			if (seen)
				continue;
			*cursor = pos + 1;
			return s;
		}
	}
	*cursor = pos;
	return NULL;
}

struct cp_plan_advice *
cp_plan_advise_n(struct cp_plan *plan, enum cp_advice_kind kind, int would_place, long n0,
		 long n1, long n2, long n3)
{
	struct cp_plan_advice *a = cp_plan_advise(plan, kind, would_place);
	if (a) {
		a->n[0] = n0;
		a->n[1] = n1;
		a->n[2] = n2;
		a->n[3] = n3;
	}
	return a;
}
