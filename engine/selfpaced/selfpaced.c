/* The self-paced part: deadlines from the theme order, study blocks in free
 * time, weekly workload. See selfpaced.h and docs/engine.md. */
#include <cohortplan/selfpaced.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../candidates/local.h"
#include "cp_util.h"

#define WEEK (7 * 86400)

struct cp_sp_plan {
	struct cp_sp_module *mods;
	size_t n_mods;
	struct cp_sp_block *blocks;
	size_t n_blocks, cap_blocks;
	struct cp_sp_week *weeks;
	size_t n_weeks;
	int shortfall;
};

void cp_sp_options_init(struct cp_sp_options *o)
{
	o->block = 30;
	o->max_per_day = 120;
}

/* Everything the free-time test needs. */
struct ctx {
	const struct cp_participant *x;
	const struct cp_policy *pol;
	const struct cp_cand_lesson *lessons;
	size_t n_lessons;
	int block;
};

static int prio_key(int prio)
{
	return prio > 0 ? prio : INT_MAX;
}

/* Block [s, s + block) of local date d as UTC [*t, *t + block); false when
 * the block is not free time (or its wall time is skipped or repeated). */
static bool free_block(const struct ctx *c, int64_t d, int s, cp_instant *t)
{
	const struct cp_participant *x = c->x;
	struct cp_civil w = { 0 };
	struct cp_tz_resolution r;
	int e = s + c->block;

	if (x->n_availability == 0 && x->n_periods == 0) {
		int lo = c->pol->earliest != CP_MIN_UNSET ? c->pol->earliest : 0;
		int hi = c->pol->latest != CP_MIN_UNSET ? c->pol->latest : CP_MINUTES_PER_DAY;
		if (s < lo || e > hi)
			return false;
	} else if (!cp_local_covered_periods(x->availability, x->n_availability, x->periods,
					     x->n_periods, x->exceptions, x->n_exceptions, d, s,
					     e)) {
		return false;
	}
	if (cp_local_blocked(x->exceptions, x->n_exceptions, d, s, e))
		return false;
	cp_civil_from_days(d, &w.year, &w.month, &w.day);
	w.hour = s / 60;
	w.minute = s % 60;
	if (cp_tz_to_utc(x->tz, &w, &r) != CP_TZ_NORMAL)
		return false;
	*t = r.earliest;
	cp_instant end = *t + (cp_instant)c->block * 60;
	if (x->roster.busy.count && cp_interval_set_overlaps(&x->roster.busy, *t, end))
		return false;
	for (size_t k = 0; k < x->roster.n_groups; k++)
		if (x->roster.groups[k].busy.count &&
		    cp_interval_set_overlaps(&x->roster.groups[k].busy, *t, end))
			return false;
	for (size_t k = 0; k < c->n_lessons; k++)
		if (c->lessons[k].start < end && *t < c->lessons[k].end)
			return false;
	return true;
}

static bool push_block(struct cp_sp_plan *plan, cp_instant t, cp_instant e, size_t mod)
{
	struct cp_sp_block *last = plan->n_blocks ? &plan->blocks[plan->n_blocks - 1] : NULL;
	if (last && last->module == mod && last->end == t) {
		last->end = e;
		return true;
	}
	if (!CP_GROW(plan->blocks, plan->cap_blocks, plan->n_blocks + 1, 64))
		return false;
	plan->blocks[plan->n_blocks++] = (struct cp_sp_block){ t, e, mod };
	return true;
}

struct order {
	size_t module;
	size_t due_lesson;
	int prio;
};

static int cmp_order(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	int c = CP_CMP(x->due_lesson, y->due_lesson);
	if (c == 0)
		c = CP_CMP(x->prio, y->prio);
	return c != 0 ? c : CP_CMP(x->module, y->module);
}

/* Themes in the profile's order (torder), and the lesson that introduces
 * each (first[theme]). */
static void
theme_firsts(const struct cp_course *co, int prof, size_t n_lessons, size_t *torder, size_t *first)
{
	size_t nth = co->n_themes;
	for (size_t t = 0; t < nth; t++)
		torder[t] = t;
	for (size_t u = 1; u < nth; u++)
		for (size_t v = u; v > 0; v--) {
			int a = prof >= 0 ? prio_key(co->themes[torder[v]].priority[prof]) : INT_MAX;
			int b = prof >= 0 ? prio_key(co->themes[torder[v - 1]].priority[prof]) : INT_MAX;
			if (a >= b)
				break;
			size_t tmp = torder[v];
			torder[v] = torder[v - 1];
			torder[v - 1] = tmp;
		}
	{
		long cum = 0, session = co->session_minutes > 0 ? co->session_minutes : 1;
		long share = nth ? (co->live_minutes > 0 ? co->live_minutes : 0) / (long)nth : 0;
		for (size_t u = 0; u < nth; u++) {
			size_t t = torder[u], l = (size_t)(cum / session);
			first[t] = l < n_lessons ? l : n_lessons - 1;
			cum += co->themes[t].live > 0 ? co->themes[t].live : share;
		}
	}

}

/* Each module's release and deadline (mods[], in course order) and its
 * study-order key (ord[]). */
static void
module_deadlines(const struct cp_course *co, int prof, const struct cp_cand_lesson *lessons,
		 size_t n_lessons, const size_t *first, struct order *ord, struct cp_sp_module *mods)
{
	size_t nth = co->n_themes, nm = co->n_modules;
	cp_instant after = lessons[n_lessons - 1].end + WEEK;
	for (size_t m = 0; m < nm; m++) {
		const struct cp_module *md = &co->modules[m];
		size_t t = nth;
		for (size_t q = 0; q < nth && md->theme; q++)
			if (co->themes[q].id && strcmp(co->themes[q].id, md->theme) == 0)
				t = q;
		int prio = prof >= 0 ? md->priority[prof] : 0;
		if (prio == 0 && t < nth && prof >= 0)
			prio = co->themes[t].priority[prof];
		ord[m].module = m;
		ord[m].prio = prio_key(prio);
		if (t < nth && first[t] + 1 < n_lessons) {
			ord[m].due_lesson = first[t] + 1;
		} else {
			ord[m].due_lesson = n_lessons;
		}
		mods[m].module = m;
		mods[m].minutes = md->minutes > 0 ? md->minutes : 0;
		mods[m].due_lesson = ord[m].due_lesson;
		mods[m].release = t < nth ? lessons[first[t]].end : lessons[0].start;
		mods[m].due = ord[m].due_lesson < n_lessons ? lessons[ord[m].due_lesson].start
								  : after;
	}
}

/* Reorder the module records into study order; false when out of
 * memory. */
static bool
study_order(struct cp_sp_plan *plan, const struct order *ord, size_t nm)
{
	struct cp_sp_module *sorted = calloc(nm + 1, sizeof(*sorted));
	if (!sorted)
		return false;
	for (size_t k = 0; k < nm; k++)
		sorted[k] = plan->mods[ord[k].module];
	free(plan->mods);
	plan->mods = sorted;
	plan->n_mods = nm;
	return true;
}

/* Study placed and free time per ISO week, from the week of day0 to the
 * day before d1; false when out of memory. */
static bool
count_weeks(struct cp_sp_plan *plan, const struct ctx *c, int64_t day0, int64_t d1, size_t slots)
{
	int64_t w0 = cp_iso_monday(day0);
	int64_t w1 = cp_iso_monday(d1 - 1);
	plan->n_weeks = (size_t)((w1 - w0) / 7 + 1);
	plan->weeks = calloc(plan->n_weeks + 1, sizeof(*plan->weeks));
	if (!plan->weeks)
		return false;
	for (size_t w = 0; w < plan->n_weeks; w++)
		plan->weeks[w].monday = w0 + 7 * (int64_t)w;
	for (size_t b = 0; b < plan->n_blocks; b++) {
		int64_t d = cp_local_day(c->x->tz, plan->blocks[b].start);
		int64_t w = (cp_iso_monday(d) - w0) / 7;
		if (w >= 0 && (size_t)w < plan->n_weeks)
			plan->weeks[w].study += (int)((plan->blocks[b].end - plan->blocks[b].start) / 60);
	}
	for (int64_t d = w0; d < w0 + 7 * (int64_t)plan->n_weeks; d++)
		for (size_t s = 0; s < slots; s++) {
			cp_instant t;
			if (free_block(c, d, (int)s * c->block, &t))
				plan->weeks[(d - w0) / 7].free += c->block;
		}

	return true;
}

struct cp_sp_plan *cp_sp_plan_create(const struct cp_problem *p, size_t i,
				     const struct cp_cand_lesson *lessons, size_t n_lessons,
				     const struct cp_sp_options *opts,
				     struct cp_engine_error *err)
{
	const struct cp_course *co = cp_problem_course(p);
	const struct cp_participant *x;
	struct cp_sp_options o;
	struct cp_sp_plan *plan = NULL;
	size_t nth = co->n_themes, nm = co->n_modules;
	size_t *torder = NULL, *first = NULL;
	struct order *ord = NULL;
	uint8_t *used = NULL;
	int *day_used = NULL;

	if (opts)
		o = *opts;
	else
		cp_sp_options_init(&o);
	if (o.block <= 0 || o.block > 240 || CP_MINUTES_PER_DAY % o.block != 0)
		o.block = 30;
	if (o.max_per_day <= 0)
		o.max_per_day = CP_MINUTES_PER_DAY;
	if (i >= cp_problem_participant_count(p) || !n_lessons ||
	    !cp_problem_participant(p, i)->tz) {
		cp_engine_fail(err, CP_ENGINE_ERR_INVALID,
			       "self-paced plan needs a participant with a zone and live lessons");
		return NULL;
	}
	x = cp_problem_participant(p, i);
	int prof = x->profile >= 0 && x->profile < CP_PROFILE_COUNT ? (int)x->profile : -1;

	plan = calloc(1, sizeof(*plan));
	torder = malloc((nth + 1) * sizeof(*torder));
	first = malloc((nth + 1) * sizeof(*first));
	ord = malloc((nm + 1) * sizeof(*ord));
	if (!plan || !torder || !first || !ord)
		goto nomem;
	plan->mods = calloc(nm + 1, sizeof(*plan->mods));
	if (!plan->mods)
		goto nomem;

	/* 1. Themes in the profile's order; lesson that introduces each. */
	theme_firsts(co, prof, n_lessons, torder, first);

	/* 2. Deadlines. */
	cp_instant after = lessons[n_lessons - 1].end + WEEK;
	module_deadlines(co, prof, lessons, n_lessons, first, ord, plan->mods);
	cp_sort(ord, nm, sizeof(*ord), cmp_order);
	if (!study_order(plan, ord, nm))
		goto nomem;

	/* 3. Blocks. Days span from the first release to the last deadline. */
	struct ctx c = { x, cp_problem_policy(p), lessons, n_lessons, o.block };
	int64_t d0 = cp_local_day(x->tz, lessons[0].start) - 1, d1 = cp_local_day(x->tz, after) + 1;
	for (size_t k = 0; k < nm; k++) {
		int64_t a = cp_local_day(x->tz, plan->mods[k].release);
		if (a - 1 < d0)
			d0 = a - 1;
	}
	size_t ndays = (size_t)(d1 - d0 + 1), slots = (size_t)(CP_MINUTES_PER_DAY / o.block);
	used = calloc(ndays * slots + 1, 1);
	day_used = calloc(ndays + 1, sizeof(*day_used));
	if (!used || !day_used)
		goto nomem;
	for (size_t k = 0; k < nm; k++) {
		struct cp_sp_module *md = &plan->mods[k];
		int left = md->minutes;
		md->first_block = plan->n_blocks;
		int64_t da = cp_local_day(x->tz, md->release), db = cp_local_day(x->tz, md->due);
		for (int64_t d = da; d <= db && left > 0; d++) {
			size_t di = (size_t)(d - d0);
			for (size_t s = 0; s < slots && left > 0; s++) {
				cp_instant t;
				if (used[di * slots + s] || day_used[di] + o.block > o.max_per_day)
					continue;
				if (!free_block(&c, d, (int)s * o.block, &t))
					continue;
				if (t < md->release || t + (cp_instant)o.block * 60 > md->due)
					continue;
				int take = left < o.block ? left : o.block;
				if (!push_block(plan, t, t + (cp_instant)take * 60, k))
					goto nomem;
				used[di * slots + s] = 1;
				day_used[di] += o.block;
				left -= take;
			}
		}
		md->placed = md->minutes - left;
		md->n_blocks = plan->n_blocks - md->first_block;
		plan->shortfall += left;
	}

	/* 4. Weeks: study placed and free time, per ISO week. */
	if (!count_weeks(plan, &c, cp_local_day(x->tz, lessons[0].start), d1, slots))
		goto nomem;

	free(torder);
	free(first);
	free(ord);
	free(used);
	free(day_used);
	return plan;
nomem:
	cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
	free(torder);
	free(first);
	free(ord);
	free(used);
	free(day_used);
	cp_sp_plan_destroy(plan);
	return NULL;
}

void cp_sp_plan_destroy(struct cp_sp_plan *plan)
{
	if (!plan)
		return;
	free(plan->mods);
	free(plan->blocks);
	free(plan->weeks);
	free(plan);
}

size_t cp_sp_plan_module_count(const struct cp_sp_plan *plan)
{
	return plan->n_mods;
}

const struct cp_sp_module *cp_sp_plan_module(const struct cp_sp_plan *plan, size_t k)
{
	return k < plan->n_mods ? &plan->mods[k] : NULL;
}

size_t cp_sp_plan_block_count(const struct cp_sp_plan *plan)
{
	return plan->n_blocks;
}

const struct cp_sp_block *cp_sp_plan_block(const struct cp_sp_plan *plan, size_t k)
{
	return k < plan->n_blocks ? &plan->blocks[k] : NULL;
}

size_t cp_sp_plan_week_count(const struct cp_sp_plan *plan)
{
	return plan->n_weeks;
}

const struct cp_sp_week *cp_sp_plan_week(const struct cp_sp_plan *plan, size_t k)
{
	return k < plan->n_weeks ? &plan->weeks[k] : NULL;
}

int cp_sp_plan_shortfall(const struct cp_sp_plan *plan)
{
	return plan->shortfall;
}
