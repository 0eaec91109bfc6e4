/*
 * The planner: engine -> solver problem -> solver -> plan. See planner.h for
 * the translation; this file keeps the index maps between the two worlds
 * and builds the plan. The run's state is struct bridge (bridge.h);
 * concrete teachers are assign.c's, the previous plan's cohorts
 * previous.c's, the checks of the reasons check.c's, the reasons and
 * advice (as data) explain.c's.
 */
#include <cohortplan/attend.h>
#include <cohortplan/candidates.h>
#include <cohortplan/planner.h>
#include <cohortplan/problem.h>
#include <cohortplan/selfpaced.h>

#include "bridge.h"
#include "check.h"
#include "explain.h"
#include "idle.h"
#include "substitute.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cp_util.h"

/* Models up to this many pairs with one group per teacher get no groups
 * (see "Teacher groups"). */
#define ALONE_MAX_PAIRS 1000000.0

/* The edge of a participant's local day: a lesson starting within the first
 * hour after the policy's earliest hour, or ending within the last hour
 * before its latest hour (07:00 and 22:00 when the policy sets none). */
enum { EDGE_BAND = 60, DEFAULT_EARLIEST = 7 * 60, DEFAULT_LATEST = 22 * 60 };



void
cp_planner_options_init(struct cp_planner_options *o)
{
	memset(o, 0, sizeof *o);
	cp_solver_options_init(&o->solver);
}

static void
bridge_finish(struct bridge *b)
{
	cp_solver_problem_destroy(b->sp);
	free(b->solver_class);
	free(b->engine_class);
	free(b->cand_pattern);
	free(b->cand_group);
	free(b->first_cand);
	free(b->prev_cohort);
	free(b->group_of);
	free(b->gfirst);
	free(b->gmember);
	free(b->dropped);
	free(b->check_of);
	free(b->checks);
	cp_solver_result_destroy(b->better);
}

/* ---- previous plan ---------------------------------------------------- */

/* Does candidate k (pattern x teacher group) reproduce cohort pc with one
 * of the group's teachers? */
static bool
same_cohort_cand(const struct bridge *b, size_t k, const struct cp_plan_cohort *pc)
{
	long t = cp_problem_find_teacher(b->prob, pc->teacher);
	return t >= 0 && b->group_of[t] == b->cand_group[k] &&
	       same_cohort(b, b->cand_pattern[k], (size_t)t, pc);
}

/* The previous cohort each participant was in (by id). */
static bool
map_previous(struct bridge *b)
{
	size_t np = cp_problem_participant_count(b->prob);
	b->prev_cohort = malloc((np ? np : 1) * sizeof *b->prev_cohort);
	if (!b->prev_cohort)
		return false;
	for (size_t i = 0; i < np; i++)
		b->prev_cohort[i] = NONE;
	const struct cp_plan *prev = b->opts->previous;
	if (!prev)
		return true;
	for (size_t c = 0; c < prev->n_cohorts; c++) {
		const struct cp_plan_cohort *pc = &prev->cohorts[c];
		for (size_t m = 0; m < pc->n_members; m++) {
			long i = cp_problem_find_participant(b->prob, pc->members[m].participant);
			if (i >= 0)
				b->prev_cohort[i] = c;
		}
	}
	return true;
}

/*
 * Pins (docs/input.md): a pinned person counts as a previous member of the
 * pinned cohort (so its teacher is preferred when teachers are assigned),
 * and add_eligibility() keeps only that cohort's candidates for them. Pins
 * need the previous plan to have the cohort; without a previous plan they
 * mean nothing and are left alone.
 */
static enum cp_engine_status
map_pins(struct bridge *b, struct cp_engine_error *err)
{
	const struct cp_plan *prev = b->opts->previous;
	size_t np = cp_problem_participant_count(b->prob);
	for (size_t i = 0; i < np && prev; i++) {
		const struct cp_participant *x = cp_problem_participant(b->prob, i);
		size_t c = 0;
		if (!x->pin)
			continue;
		while (c < prev->n_cohorts && strcmp(prev->cohorts[c].id, x->pin) != 0)
			c++;
		if (c == prev->n_cohorts || prev->cohorts[c].dissolved)
			return cp_engine_fail(err, CP_ENGINE_ERR_INVALID,
					      "participants[%zu].pin: no cohort \"%s\" in the previous "
					      "plan (participant \"%s\")", i, x->pin, x->id);
		b->prev_cohort[i] = c;
	}
	return CP_ENGINE_OK;
}

/* The cohort class cl is pinned to (its first member's pin), or NULL. */
static const struct cp_plan_cohort *
pinned_cohort(const struct bridge *b, const struct cp_attend_class *cl)
{
	if (!b->opts->previous || cl->n_members == 0)
		return NULL;
	for (size_t m = 0; m < cl->n_members; m++) {
		size_t i = cl->members[m];
		if (cp_problem_participant(b->prob, i)->pin && b->prev_cohort[i] != NONE)
			return &b->opts->previous->cohorts[b->prev_cohort[i]];
	}
	return NULL;
}

/* Share of class members that were in a previous cohort equal to k. */
static double
preference(const struct bridge *b, const struct cp_attend_class *cl, size_t k)
{
	if (!b->opts->previous || cl->n_members == 0)
		return 0;
	size_t same = 0;
	for (size_t m = 0; m < cl->n_members; m++) {
		size_t pc = b->prev_cohort[cl->members[m]];
		if (pc != NONE && same_cohort_cand(b, k, &b->opts->previous->cohorts[pc]))
			same++;
	}
	return (double)same / (double)cl->n_members;
}

/* ---- teacher groups ---------------------------------------------------- */

/*
 * Teacher groups. Teachers with the same zone, country (holidays), weekly
 * availability, earliest and latest hour, and day, week and rest limits
 * are interchangeable except for their languages and leave: they have the
 * same loads per local day and week for every pattern and the same rest
 * conflicts between patterns they may both teach. Such teachers form one
 * group, and a candidate is pattern x group, opening at most as many
 * cohorts as the group has members who may teach the pattern (language,
 * leave and holidays are checked per member). The model then grows with
 * the number of distinct teacher situations, not with head count.
 * Grouping is for size only: alike teachers still differ in leave, and
 * how cohorts of a group share its members' weeks is not a sum (three
 * 6-hour cohorts fit a group of two 9-hour teachers in sum, not one by
 * one), so the assignment after the solve can lose cohorts. Problems whose
 * model stays below ALONE_MAX_PAIRS pairs without groups get one group
 * per teacher.
 */
static bool
same_windows(const struct cp_teacher *a, const struct cp_teacher *b)
{
	if (a->n_availability != b->n_availability)
		return false;
	for (size_t i = 0; i < a->n_availability; i++)
		if (a->availability[i].days != b->availability[i].days ||
		    a->availability[i].start != b->availability[i].start ||
		    a->availability[i].end != b->availability[i].end)
			return false;
	return true;
}

static bool
same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool
interchangeable(const struct cp_teacher *a, const struct cp_teacher *b)
{
	return (a->tz == b->tz || (a->tz && b->tz && same_str(cp_tz_name(a->tz), cp_tz_name(b->tz)))) &&
	       same_str(a->country, b->country) && a->max_day == b->max_day &&
	       a->max_week == b->max_week && a->min_rest == b->min_rest &&
	       a->earliest == b->earliest && a->latest == b->latest && same_windows(a, b);
}

static bool
make_groups(struct bridge *b, bool alone)
{
	size_t nt = cp_problem_teacher_count(b->prob);
	size_t *rep = malloc((nt ? nt : 1) * sizeof *rep);
	free(b->group_of);
	free(b->gmember);
	free(b->gfirst);
	b->gfirst = NULL;
	b->group_of = malloc((nt ? nt : 1) * sizeof *b->group_of);
	b->gmember = malloc((nt ? nt : 1) * sizeof *b->gmember);
	if (!rep || !b->group_of || !b->gmember) {
		free(rep);
		return false;
	}
	b->n_groups = 0;
	for (size_t t = 0; t < nt; t++) {
		const struct cp_teacher *te = cp_problem_teacher(b->prob, t);
		size_t g = 0;
		while (g < b->n_groups &&
		       (alone || !interchangeable(cp_problem_teacher(b->prob, rep[g]), te)))
			g++;
		if (g == b->n_groups)
			rep[b->n_groups++] = t;
		b->group_of[t] = g;
	}
	free(rep);
	b->gfirst = calloc(b->n_groups + 1, sizeof *b->gfirst);
	if (!b->gfirst)
		return false;
	for (size_t t = 0; t < nt; t++)
		b->gfirst[b->group_of[t] + 1]++;
	for (size_t g = 0; g < b->n_groups; g++)
		b->gfirst[g + 1] += b->gfirst[g];
	size_t *fill = calloc(b->n_groups + 1, sizeof *fill);
	if (!fill)
		return false;
	for (size_t t = 0; t < nt; t++) {
		size_t g = b->group_of[t];
		b->gmember[b->gfirst[g] + fill[g]++] = (uint32_t)t;
	}
	free(fill);
	return true;
}

/* Members of group g who may teach pattern j. */
static long
group_able(const struct bridge *b, size_t g, size_t j)
{
	long n = 0;
	for (size_t i = b->gfirst[g]; i < b->gfirst[g + 1]; i++)
		n += cp_cand_teachable(b->cand, b->gmember[i], j, NULL) == CP_TEACH_OK;
	return n;
}

/*
 * Pairs of the model with one group per teacher: for every pattern, the
 * classes that may join it times the teachers who may teach it; -1 when
 * out of memory (not a size: the model's shape must not depend on it).
 */
static double
pairs_alone(const struct bridge *b)
{
	size_t np = cp_cand_pattern_count(b->cand);
	size_t nt = cp_problem_teacher_count(b->prob);
	double pairs = 0;
	long *joiners = calloc(np ? np : 1, sizeof *joiners);
	if (!joiners)
		return -1;
	for (size_t c = 0; c < cp_attend_class_count(b->att); c++) {
		const struct cp_attend_class *cl = cp_attend_class(b->att, c);
		if (!cl->language || cl->multiplicity == 0)
			continue;
		for (size_t e = 0; e < cl->n_eligible; e++)
			joiners[cl->eligible[e].pattern]++;
	}
	for (size_t j = 0; j < np; j++) {
		if (joiners[j] == 0 || cp_cand_pattern(b->cand, j)->state != CP_CAND_LIVE)
			continue;
		long able = 0;
		for (size_t t = 0; t < nt; t++)
			able += cp_cand_teachable(b->cand, (uint32_t)t, j, NULL) == CP_TEACH_OK;
		pairs += (double)joiners[j] * (double)able;
	}
	free(joiners);
	return pairs;
}

/* "teachers T0003 (+11 alike)" for row labels. */
static void
group_label(const struct bridge *b, size_t g, char *buf, size_t len)
{
	size_t n = b->gfirst[g + 1] - b->gfirst[g];
	const struct cp_teacher *first = cp_problem_teacher(b->prob, b->gmember[b->gfirst[g]]);
	if (n == 1)
		snprintf(buf, len, "teacher %s", first->id);
	else
		snprintf(buf, len, "teachers %s (+%zu alike)", first->id, n - 1);
}

/* ---- building the solver problem -------------------------------------- */

static bool
add_candidate_map(struct bridge *b, uint32_t pattern, uint32_t group)
{
	/* cand_pattern and cand_group share cap_cands: grow both, then
	 * record it. */
	size_t cap = b->cap_cands, cap_group = b->cap_cands;
	if (!CP_GROW(b->cand_pattern, cap, b->n_cands + 1, 256) ||
	    !CP_GROW(b->cand_group, cap_group, b->n_cands + 1, 256))
		return false;
	b->cap_cands = cap;
	b->cand_pattern[b->n_cands] = pattern;
	b->cand_group[b->n_cands] = group;
	b->n_cands++;
	return true;
}

/* Share of a pattern's lessons at the edge of a participant's local day. */
static double
edge_share(const struct bridge *b, const struct cp_participant *p, const struct cp_cand_pattern *pat)
{
	const struct cp_policy *pol = cp_problem_policy(b->prob);
	int lo = (pol->earliest == CP_MIN_UNSET ? DEFAULT_EARLIEST : pol->earliest) + EDGE_BAND;
	int hi = (pol->latest == CP_MIN_UNSET ? DEFAULT_LATEST : pol->latest) - EDGE_BAND;
	size_t edge = 0;
	for (size_t l = 0; l < pat->n_lessons; l++) {
		struct cp_tz_local loc;
		cp_tz_to_local(p->tz, pat->lessons[l].start, &loc);
		int start = loc.wall.hour * 60 + loc.wall.minute;
		if (start < lo || start + cp_cand_lesson_minutes(&pat->lessons[l]) > hi)
			edge++;
	}
	return pat->n_lessons ? (double)edge / (double)pat->n_lessons : 0;
}

static enum cp_engine_status
add_classes(struct bridge *b, struct cp_engine_error *err)
{
	struct cp_solver_error serr;
	b->n_classes = cp_attend_class_count(b->att);
	b->solver_class = malloc((b->n_classes ? b->n_classes : 1) * sizeof *b->solver_class);
	b->engine_class = malloc((b->n_classes ? b->n_classes : 1) * sizeof *b->engine_class);
	if (!b->solver_class || !b->engine_class)
		return nomem(err);
	for (size_t c = 0; c < b->n_classes; c++) {
		const struct cp_attend_class *cl = cp_attend_class(b->att, c);
		b->solver_class[c] = NONE;
		if (!cl->language || cl->n_eligible == 0 || cl->multiplicity == 0)
			continue;
		struct cp_solver_class sc = {
			.count = (long)cl->multiplicity,
			.unit_size = cl->unit,
			.language = 0, /* one course language per problem */
			.profile = cl->profile == CP_PROFILE_UNSET ? CP_PROFILE_COUNT
								   : (int)cl->profile,
		};
		size_t idx;
		if (cp_solver_problem_add_class(b->sp, &sc, &idx, &serr) != CP_SOLVER_OK)
			return solver_fail(err, &serr);
		b->solver_class[c] = idx;
		b->engine_class[idx] = c;
	}
	return CP_ENGINE_OK;
}

/* Candidates: every live pattern some solver class may join, times every
 * teacher group with members who may teach it (max_open: how many). */
static enum cp_engine_status
add_candidates(struct bridge *b, struct cp_engine_error *err)
{
	struct cp_solver_error serr;
	size_t np = cp_cand_pattern_count(b->cand);
	const struct cp_policy *pol = cp_problem_policy(b->prob);
	bool *wanted = calloc(np ? np : 1, sizeof *wanted);
	b->first_cand = malloc((np ? np : 1) * sizeof *b->first_cand);
	if (!wanted || !b->first_cand) {
		free(wanted);
		return nomem(err);
	}
	for (size_t c = 0; c < b->n_classes; c++) {
		if (b->solver_class[c] == NONE)
			continue;
		const struct cp_attend_class *cl = cp_attend_class(b->att, c);
		for (size_t e = 0; e < cl->n_eligible; e++)
			wanted[cl->eligible[e].pattern] = true;
	}
	for (size_t j = 0; j < np; j++) {
		b->first_cand[j] = NONE;
		if (!wanted[j] || cp_cand_pattern(b->cand, j)->state != CP_CAND_LIVE)
			continue;
		for (size_t g = 0; g < b->n_groups; g++) {
			long able = group_able(b, g, j);
			if (able == 0)
				continue;
			struct cp_solver_candidate k = {
				.language = 0,
				.profile = -1,
				.min_size = pol->cohort_min > 0 ? pol->cohort_min : 1,
				.max_size = pol->cohort_max > 0 ? pol->cohort_max : 1000000,
				.max_open = able,
			};
			if (k.max_size < k.min_size)
				k.max_size = k.min_size;
			size_t idx;
			if (cp_solver_problem_add_candidate(b->sp, &k, &idx, &serr) != CP_SOLVER_OK) {
				free(wanted);
				return solver_fail(err, &serr);
			}
			if (b->first_cand[j] == NONE)
				b->first_cand[j] = idx;
			if (!add_candidate_map(b, (uint32_t)j, (uint32_t)g)) {
				free(wanted);
				return nomem(err);
			}
		}
	}
	free(wanted);
	return CP_ENGINE_OK;
}

static enum cp_engine_status
add_eligibility(struct bridge *b, struct cp_engine_error *err)
{
	struct cp_solver_error serr;
	for (size_t c = 0; c < b->n_classes; c++) {
		size_t sc = b->solver_class[c];
		if (sc == NONE)
			continue;
		const struct cp_attend_class *cl = cp_attend_class(b->att, c);
		const struct cp_participant *rep = cp_problem_participant(b->prob, cl->members[0]);
		const struct cp_plan_cohort *pin = pinned_cohort(b, cl);
		for (size_t e = 0; e < cl->n_eligible; e++) {
			uint32_t j = cl->eligible[e].pattern;
			size_t k = b->first_cand[j];
			if (k == NONE)
				continue; /* no teacher may teach it */
			const struct cp_cand_pattern *pat = cp_cand_pattern(b->cand, j);
			/* Below the target (admitted down to the floor): the
			 * solver ranks these heads after every head reaching it. */
			struct cp_solver_eligibility el = {
				.share = cp_attend_share(b->att, cl->eligible[e].count),
				.edge = edge_share(b, rep, pat),
				.below = cl->eligible[e].below,
			};
			if (el.share > 1)
				el.share = 1;
			for (; k < b->n_cands && b->cand_pattern[k] == j; k++) {
				if (pin && !same_cohort_cand(b, k, pin))
					continue; /* pinned elsewhere */
				el.preference = preference(b, cl, k);
				b->n_pairs++;
				if (cp_solver_problem_add_eligibility(b->sp, sc, k, &el, &serr) != CP_SOLVER_OK)
					return solver_fail(err, &serr);
			}
		}
		if (cl->avoid != SIZE_MAX && cl->avoid < c && b->solver_class[cl->avoid] != NONE) {
			if (cp_solver_problem_add_separation(b->sp, b->solver_class[cl->avoid], sc,
							     &serr) != CP_SOLVER_OK)
				return solver_fail(err, &serr);
		}
	}
	return CP_ENGINE_OK;
}

/* Candidates of group g, by pattern (NONE where g has none). */
static size_t *
group_cands(const struct bridge *b, size_t g)
{
	size_t np = cp_cand_pattern_count(b->cand);
	size_t *by_pattern = malloc((np ? np : 1) * sizeof *by_pattern);
	if (!by_pattern)
		return NULL;
	for (size_t j = 0; j < np; j++)
		by_pattern[j] = NONE;
	for (size_t k = 0; k < b->n_cands; k++)
		if (b->cand_group[k] == g)
			by_pattern[b->cand_pattern[k]] = k;
	return by_pattern;
}

static enum cp_engine_status
add_row(struct bridge *b, const char *label, double bound, const size_t *cands,
	const double *coefs, size_t n, struct cp_engine_error *err)
{
	struct cp_solver_error serr;
	size_t row;
	if (cp_solver_problem_add_row(b->sp, label, bound, &row, &serr) != CP_SOLVER_OK)
		return solver_fail(err, &serr);
	for (size_t i = 0; i < n; i++)
		if (cp_solver_problem_set_coef(b->sp, row, cands[i], coefs ? coefs[i] : 1.0,
					       &serr) != CP_SOLVER_OK)
			return solver_fail(err, &serr);
	return CP_ENGINE_OK;
}

/* The most cohorts candidate k may open (its group's able members). */
static long
cand_max_open(const struct bridge *b, size_t k)
{
	return group_able(b, b->cand_group[k], b->cand_pattern[k]);
}

struct load_entry {
	cp_day day;
	size_t cand;
	int minutes;
};

static int
load_cmp(const void *a, const void *b)
{
	const struct load_entry *x = a, *y = b;
	return x->day != y->day ? CP_CMP(x->day, y->day) : CP_CMP(x->cand, y->cand);
}

/* Rows "minutes of group g on each day (or week) <= limit x the members
 * who may teach some pattern of that row", only where the candidates could
 * exceed it together. The loads are the group's first member's: the
 * members share a zone, so every member has the same. */
/*
 * A group's minutes row says the group's members together have limit *
 * able minutes, but each member has limit of their own: three 6-hour
 * cohorts fit two 9-hour teachers in sum and not one by one. Each member
 * holds at most q cohorts of more than limit / (q + 1) minutes, so the
 * group at most q * able: rows for q = 1, 2, 3 where they cut (their
 * cohorts could open more often than that). Valid for every real
 * assignment; without them the solver's plans left cohorts without a
 * teacher after the assignment (generated 1,000 people, 3 zones: 25
 * people of one cohort).
 */
static enum cp_engine_status
add_packing_rows(struct bridge *b, const char *who, bool weeks, const char *date, int limit,
		 long able, const size_t *cands, const double *coefs, size_t n, const long *maxopen,
		 struct cp_engine_error *err)
{
	size_t *sel = malloc((n ? n : 1) * sizeof *sel);
	double *ones = malloc((n ? n : 1) * sizeof *ones);
	enum cp_engine_status st = CP_ENGINE_OK;
	if (!sel || !ones) {
		free(sel);
		free(ones);
		return nomem(err);
	}
	for (long q = 1; q <= 3 && st == CP_ENGINE_OK; q++) {
		size_t m = 0;
		long most = 0;
		for (size_t i = 0; i < n; i++)
			if (coefs[i] * (double)(q + 1) > (double)limit) {
				sel[m] = cands[i];
				ones[m++] = 1.0;
				most += maxopen[cands[i]];
			}
		if (most <= q * able)
			continue; /* cannot cut */
		char label[240];
		snprintf(label, sizeof label, "%s %s %s: at most %ld cohort%s of more than %d minutes per teacher",
			 who, weeks ? "week of" : "day", date, q, q > 1 ? "s" : "",
			 limit / (int)(q + 1));
		st = add_row(b, label, (double)(q * able), sel, ones, m, err);
	}
	free(sel);
	free(ones);
	return st;
}

static enum cp_engine_status
add_load_rows(struct bridge *b, size_t g, const size_t *by_pattern, const long *maxopen,
	      bool weeks, struct cp_engine_error *err)
{
	size_t rep = b->gmember[b->gfirst[g]];
	const struct cp_teacher *teacher = cp_problem_teacher(b->prob, rep);
	int limit = weeks ? teacher->max_week : teacher->max_day;
	if (limit <= 0)
		return CP_ENGINE_OK;
	size_t np = cp_cand_pattern_count(b->cand);
	struct load_entry *ents = NULL;
	size_t n = 0, cap = 0;
	enum cp_engine_status st = CP_ENGINE_OK;
	for (size_t j = 0; j < np; j++) {
		if (by_pattern[j] == NONE)
			continue;
		size_t want = weeks ? cp_cand_load_weeks(b->cand, rep, j, NULL, 0)
				    : cp_cand_load_days(b->cand, rep, j, NULL, 0);
		if (!CP_GROW(ents, cap, n + want, 2 * want)) {
			free(ents);
			return nomem(err);
		}
		struct cp_cand_load loads[64];
		size_t got = weeks ? cp_cand_load_weeks(b->cand, rep, j, loads, 64)
				   : cp_cand_load_days(b->cand, rep, j, loads, 64);
		if (got > 64)
			got = 64; /* a course has at most 105 weeks; days of one
				   * pattern beyond 64 are not possible with N <= 64 */
		for (size_t i = 0; i < got; i++)
			ents[n++] = (struct load_entry){ loads[i].day, by_pattern[j], loads[i].minutes };
	}
	if (n)
		qsort(ents, n, sizeof *ents, load_cmp);
	size_t *cands = malloc((n ? n : 1) * sizeof *cands);
	double *coefs = malloc((n ? n : 1) * sizeof *coefs);
	if (!cands || !coefs) {
		free(ents);
		free(cands);
		free(coefs);
		return nomem(err);
	}
	for (size_t i = 0; i < n && st == CP_ENGINE_OK;) {
		size_t j = i;
		long total = 0, able;
		for (; j < n && ents[j].day == ents[i].day; j++) {
			cands[j - i] = ents[j].cand;
			coefs[j - i] = ents[j].minutes;
			total += ents[j].minutes * maxopen[ents[j].cand];
		}
		able = group_able_any(b, g, cands, j - i);
		if (total > limit * able) {
			char label[200], date[CP_TIME_BUFSZ], who[96];
			struct cp_civil c = { 0 };
			cp_civil_from_days(ents[i].day, &c.year, &c.month, &c.day);
			cp_format_local(&c, date);
			date[10] = '\0';
			group_label(b, g, who, sizeof who);
			snprintf(label, sizeof label, "%s %s %s minutes <= %d each", who,
				 weeks ? "week of" : "day", date, limit);
			st = add_row(b, label, (double)limit * (double)able, cands, coefs, j - i, err);
			if (able > 1 && st == CP_ENGINE_OK)
				st = add_packing_rows(b, who, weeks, date, limit, able, cands, coefs,
						      j - i, maxopen, err);
		}
		i = j;
	}
	free(ents);
	free(cands);
	free(coefs);
	return st;
}

/* May some member of group g teach both patterns of pair p? */
static bool
member_teaches_both(const struct bridge *b, size_t g, const struct cp_cand_pair *p)
{
	for (size_t i = b->gfirst[g]; i < b->gfirst[g + 1]; i++)
		if (cp_cand_teachable(b->cand, b->gmember[i], p->a, NULL) == CP_TEACH_OK &&
		    cp_cand_teachable(b->cand, b->gmember[i], p->b, NULL) == CP_TEACH_OK)
			return true;
	return false;
}

/* Rest conflicts of any member of group g (the members share zone and
 * rest, so a pair in conflict for one is in conflict for every member who
 * may teach both), sorted and without repeats. NULL with *n = (size_t)-1
 * when out of memory. */
static struct cp_cand_pair *
group_rest_pairs(const struct bridge *b, size_t g, size_t *n)
{
	/* When every member may teach the same patterns, every pair whose
	 * lessons overlap has a clique row with the pair's own bound (see
	 * add_teacher_rows), so only the pairs kept apart by the rest gap
	 * are wanted. Otherwise the overlapping pairs come too, for a pair
	 * some member may teach both of. Either way one pass over the
	 * group's patterns in the shared zone and rest: a pass per member
	 * (cp_cand_rest_conflicts) merged by sorting took 12.8 of the 17.5 s
	 * before the solve on the 20,000-person 12-zone problem. */
	size_t np = cp_cand_pattern_count(b->cand);
	bool *keep = malloc(np + 1);
	if (!keep) {
		*n = (size_t)-1;
		return NULL;
	}
	size_t members = b->gfirst[g + 1] - b->gfirst[g];
	bool same = true;
	for (size_t j = 0; j < np; j++) {
		long able = group_able(b, g, j);
		keep[j] = able > 0;
		same = same && (able == 0 || able == (long)members);
	}
	size_t ngaps = 0;
	struct cp_cand_pair *gaps = cp_cand_rest_gaps(b->cand, b->gmember[b->gfirst[g]], keep, &ngaps);
	const struct cp_cand_pair *ov = NULL;
	size_t nov = same || ngaps == (size_t)-1 ? 0
		     : cp_cand_overlaps((struct cp_cand *)b->cand, &ov);
	if (same || ngaps == (size_t)-1 || nov == (size_t)-1) {
		free(keep);
		if (nov == (size_t)-1) {
			free(gaps);
			gaps = NULL;
			ngaps = (size_t)-1;
		}
		*n = ngaps;
		return gaps;
	}
	/* merge the two sorted lists (a pair is in one of them at most) */
	size_t cap = ngaps;
	for (size_t i = 0; i < nov; i++)
		cap += keep[ov[i].a] && keep[ov[i].b];
	struct cp_cand_pair *all = malloc((cap ? cap : 1) * sizeof *all);
	if (!all) {
		free(keep);
		free(gaps);
		*n = (size_t)-1;
		return NULL;
	}
	size_t len = 0, x = 0, y = 0;
	while (x < ngaps || y < nov) {
		const struct cp_cand_pair *p;
		if (y >= nov || (x < ngaps && pair_cmp(&gaps[x], &ov[y]) < 0))
			p = &gaps[x++];
		else
			p = &ov[y++];
		if (keep[p->a] && keep[p->b] && member_teaches_both(b, g, p))
			all[len++] = *p;
	}
	free(keep);
	free(gaps);
	*n = len;
	return all;
}

/* Sets of candidates already given a row (by hash, then by content). */
struct seen_set {
	uint64_t *hash;
	size_t *first, *len; /* into items */
	size_t n, cap;
	size_t *items;
	size_t nitems, capitems;
};

static void
seen_finish(struct seen_set *s)
{
	free(s->hash);
	free(s->first);
	free(s->len);
	free(s->items);
}

/* 1 when the set was new (and is now recorded), 0 when seen, -1 out of
 * memory. A linear scan over equal hashes: a group has a few thousand
 * cliques at most. */
static int
seen_add(struct seen_set *s, const size_t *v, size_t n)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++) {
		h ^= (uint64_t)v[i] + 0x9e3779b97f4a7c15u;
		h *= 1099511628211u;
	}
	for (size_t i = 0; i < s->n; i++)
		if (s->hash[i] == h && s->len[i] == n &&
		    memcmp(s->items + s->first[i], v, n * sizeof *v) == 0)
			return 0;
	/* hash, first and len share cap: grow all three, then record it. */
	size_t cap = s->cap, cap_first = s->cap, cap_len = s->cap;
	if (!CP_GROW(s->hash, cap, s->n + 1, 256) || !CP_GROW(s->first, cap_first, s->n + 1, 256) ||
	    !CP_GROW(s->len, cap_len, s->n + 1, 256))
		return -1;
	s->cap = cap;
	if (!CP_GROW(s->items, s->capitems, s->nitems + n, 256))
		return -1;
	memcpy(s->items + s->nitems, v, n * sizeof *v);
	s->hash[s->n] = h;
	s->first[s->n] = s->nitems;
	s->len[s->n] = n;
	s->n++;
	s->nitems += n;
	return 1;
}

/*
 * Per teacher group, with n members:
 *   - one lesson at a time: per clique of patterns in progress at one
 *     instant, sum of cohorts <= members who may teach one of them;
 *   - rest: per conflicting pair, cohorts of both <= members who may teach
 *     either;
 *   - loads: per local day (ISO week), minutes <= limit x members who may
 *     teach one of the patterns.
 * For a group of one these are exactly the teacher's own rows. For larger
 * groups only the per-pattern bound (max_open) stays exact; the three kinds
 * above are relaxations (aggregate capacity: an odd cycle of pairwise
 * overlapping patterns, or loads that do not pack, can pass them and still
 * not be assignable to individual teachers). So every row is valid for any
 * real plan, the solver's bound stays a bound, and assign_teachers() checks
 * each teacher exactly and repairs what does not fit.
 * Rows that can never bind (the candidates' max_open alone keeps them
 * within the bound) are left out.
 */
static enum cp_engine_status
add_teacher_rows(struct bridge *b, struct cp_engine_error *err)
{
	size_t ncl = cp_cand_cliques((struct cp_cand *)b->cand);
	if (ncl == (size_t)-1)
		return nomem(err);
	long *maxopen = malloc((b->n_cands ? b->n_cands : 1) * sizeof *maxopen);
	if (!maxopen)
		return nomem(err);
	for (size_t k = 0; k < b->n_cands; k++)
		maxopen[k] = cand_max_open(b, k);
	/* Pairs whose lessons overlap somewhere: every such pair lies in one
	 * clique (the one at the later lesson's start, or a later superset). */
	const struct cp_cand_pair *overlaps = NULL;
	size_t noverlaps = cp_cand_overlaps((struct cp_cand *)b->cand, &overlaps);
	if (noverlaps == (size_t)-1) {
		free(maxopen);
		return nomem(err);
	}
	size_t maxn = 0;
	for (size_t q = 0; q < ncl; q++) {
		size_t n;
		cp_cand_clique(b->cand, q, &n);
		if (n > maxn)
			maxn = n;
	}
	enum cp_engine_status st = CP_ENGINE_OK;
	for (size_t g = 0; g < b->n_groups && st == CP_ENGINE_OK; g++) {
		char who[96];
		group_label(b, g, who, sizeof who);
		size_t *by_pattern = group_cands(b, g);
		size_t *cands = malloc((maxn ? maxn : 1) * sizeof *cands);
		if (!by_pattern || !cands) {
			free(by_pattern);
			free(cands);
			free(maxopen);
			return nomem(err);
		}
		/* One teacher, one lesson at a time. Restricted to the group's
		 * candidates, cliques of different instants (the same weekly
		 * slot in other weeks) often coincide: each set once. */
		struct seen_set seen = { 0 };
		for (size_t q = 0; q < ncl && st == CP_ENGINE_OK; q++) {
			size_t n, m = 0;
			long total = 0;
			const uint32_t *pats = cp_cand_clique(b->cand, q, &n);
			for (size_t i = 0; i < n; i++)
				if (by_pattern[pats[i]] != NONE) {
					cands[m++] = by_pattern[pats[i]];
					total += maxopen[by_pattern[pats[i]]];
				}
			if (m < 2)
				continue;
			int fresh = seen_add(&seen, cands, m);
			if (fresh < 0) {
				st = nomem(err);
				break;
			}
			if (!fresh)
				continue;
			long able = group_able_any(b, g, cands, m);
			if (total > able) {
				char label[160];
				snprintf(label, sizeof label, "%s one lesson at a time", who);
				st = add_row(b, label, (double)able, cands, NULL, m, err);
			}
		}
		free(cands);
		seen_finish(&seen);
		/* Rest between working days. */
		size_t npairs = 0;
		struct cp_cand_pair *pairs = st == CP_ENGINE_OK ? group_rest_pairs(b, g, &npairs) : NULL;
		if (npairs == (size_t)-1) {
			free(by_pattern);
			free(maxopen);
			return nomem(err);
		}
		const struct cp_teacher *rep = cp_problem_teacher(b->prob, b->gmember[b->gfirst[g]]);
		for (size_t i = 0; i < npairs && st == CP_ENGINE_OK; i++) {
			size_t pa = by_pattern[pairs[i].a], pb = by_pattern[pairs[i].b];
			if (pa == NONE || pb == NONE)
				continue;
			size_t two[2] = { pa, pb };
			long able = group_able_any(b, g, two, 2);
			if (maxopen[pa] + maxopen[pb] <= able)
				continue;
			/* A pair that overlaps somewhere is in a clique of the
			 * rows above, whose bound (members who may teach one of
			 * the clique, at most the group's size) is then the
			 * pair's own: that row, or the clique's never binding,
			 * already says this one. With staggered starts and
			 * consecutive days these pairs were about half of a
			 * model's million rows. */
			if (able == (long)(b->gfirst[g + 1] - b->gfirst[g]) &&
			    bsearch(&pairs[i], overlaps, noverlaps, sizeof *overlaps, pair_cmp))
				continue;
			char label[160];
			snprintf(label, sizeof label, "%s rest %d min", who, rep->min_rest);
			st = add_row(b, label, (double)able, two, NULL, 2, err);
		}
		free(pairs);
		if (st == CP_ENGINE_OK)
			st = add_load_rows(b, g, by_pattern, maxopen, false, err);
		if (st == CP_ENGINE_OK)
			st = add_load_rows(b, g, by_pattern, maxopen, true, err);
		free(by_pattern);
	}
	free(maxopen);
	return st;
}

/* ---- from the solver's answer to a plan ------------------------------ */


/* Lesson themes for a cohort, as the self-paced planner walks them for one
 * profile (selfpaced.h): themes by that profile's priority (1 first, none
 * last, course order on ties), each taking its planned live minutes, or an
 * equal share when the course gives none. The cohort follows the order of
 * its most common profile, so for those members the module deadlines and
 * the lesson themes agree. */
static void
assign_themes(struct cp_plan *plan, struct cp_plan_cohort *pc, const struct cp_course *course)
{
	size_t nt = course->n_themes;
	if (nt == 0 || pc->n_lessons == 0)
		return;
	int votes[CP_PROFILE_COUNT] = { 0 };
	for (size_t m = 0; m < pc->n_members; m++) {
		enum cp_profile pr;
		if (pc->members[m].profile && cp_profile_from_name(pc->members[m].profile, &pr))
			votes[pr]++;
	}
	int prof = 0;
	for (int q = 1; q < CP_PROFILE_COUNT; q++)
		if (votes[q] > votes[prof])
			prof = q;
	size_t order[CP_PROBLEM_MAX_LIST];
	if (nt > CP_PROBLEM_MAX_LIST)
		nt = CP_PROBLEM_MAX_LIST;
	for (size_t i = 0; i < nt; i++)
		order[i] = i;
	/* Insertion sort: stable, and theme lists are short. */
	for (size_t i = 1; i < nt; i++) {
		size_t x = order[i], j = i;
		int px = course->themes[x].priority[prof];
		while (j > 0) {
			int py = course->themes[order[j - 1]].priority[prof];
			bool before = px != 0 && (py == 0 || px < py);
			if (!before)
				break;
			order[j] = order[j - 1];
			j--;
		}
		order[j] = x;
	}
	bool planned = true;
	for (size_t i = 0; i < nt; i++)
		planned &= course->themes[i].live > 0;
	long total = cp_plan_cohort_live_minutes(pc);
	for (size_t l = 0; l < pc->n_lessons; l++) {
		long at = (long)l * pc->session_minutes, sum = 0;
		size_t pick = nt - 1;
		for (size_t i = 0; i < nt; i++) {
			sum += planned ? course->themes[order[i]].live : total / (long)nt;
			if (at < sum) {
				pick = i;
				break;
			}
		}
		pc->lessons[l].theme = cp_plan_strdup(plan, course->themes[order[pick]].id);
	}
}

/* Stable cohort id: the previous plan's id for the same cohort, else the
 * next free "C<n>". */
static const char *
cohort_id(struct bridge *b, struct cp_plan *plan, uint32_t j, size_t t, int *next)
{
	const struct cp_plan *prev = b->opts->previous;
	if (prev) {
		for (size_t c = 0; c < prev->n_cohorts; c++)
			if (same_cohort(b, j, t, &prev->cohorts[c]) &&
			    !cp_plan_find_cohort(plan, prev->cohorts[c].id))
				return cp_plan_strdup(plan, prev->cohorts[c].id);
	}
	for (;;) {
		char id[32];
		snprintf(id, sizeof id, "C%02d", (*next)++);
		if (prev && cp_plan_find_cohort(prev, id))
			continue;
		return cp_plan_strdup(plan, id);
	}
}


/* The member's self-paced modules around the cohort's lessons. */
static bool
fill_modules(struct bridge *b, struct cp_plan *plan, struct cp_plan_member *m, uint32_t i,
	     const struct cp_cand_pattern *pat)
{
	const struct cp_course *course = cp_problem_course(b->prob);
	if (course->n_modules == 0)
		return true;
	struct cp_engine_error err;
	struct cp_sp_plan *sp = cp_sp_plan_create(b->prob, i, pat->lessons, pat->n_lessons, NULL,
						  &err);
	if (!sp)
		return err.status != CP_ENGINE_ERR_NOMEM; /* no modules is not fatal */
	bool ok = true;
	for (size_t k = 0; ok && k < cp_sp_plan_module_count(sp); k++) {
		const struct cp_sp_module *sm = cp_sp_plan_module(sp, k);
		const struct cp_module *mod = &course->modules[sm->module];
		struct cp_plan_module *pm = cp_plan_add_module(plan, m);
		if (!pm) {
			ok = false;
			break;
		}
		pm->module = cp_plan_strdup(plan, mod->id);
		pm->theme = cp_plan_strdup(plan, mod->theme);
		pm->minutes = sm->minutes;
		pm->available = sm->release;
		pm->due = sm->due;
	}
	cp_sp_plan_destroy(sp);
	return ok;
}

static bool
fill_member(struct bridge *b, struct cp_plan *plan, struct cp_plan_cohort *pc, uint32_t i,
	    const struct cp_cand_pattern *pat)
{
	const struct cp_participant *p = cp_problem_participant(b->prob, i);
	struct cp_plan_member *m = cp_plan_add_member(plan, pc);
	if (!m)
		return false;
	m->participant = cp_plan_strdup(plan, p->id);
	m->zone = cp_plan_strdup(plan, cp_tz_name(p->tz));
	m->profile = cp_plan_strdup(plan, profile_name(p->profile));
	for (size_t l = 0; l < pc->n_lessons; l++) {
		enum cp_attend_reason r = cp_attend_judge_span(b->att, i, pc->lessons[l].start,
							       pc->lessons[l].end);
		m->verdicts[l] = (uint8_t)verdict_of(r);
		if (r == CP_ATTEND_OK)
			m->attendable++;
	}
	return fill_modules(b, plan, m, i, pat);
}

static bool
fill_cohort(struct bridge *b, struct cp_plan *plan, const struct planned *pl, bool *taken,
	    int *next_id)
{
	uint32_t j = pl->pattern;
	const struct cp_cand_pattern *pat = cp_cand_pattern(b->cand, j);
	const struct cp_teacher *t = cp_problem_teacher(b->prob, pl->teacher);
	const struct cp_course *course = cp_problem_course(b->prob);

	/* The id first: it is looked up among the cohorts made so far. */
	const char *id = cohort_id(b, plan, j, pl->teacher, next_id);
	struct cp_plan_cohort *pc = cp_plan_add_cohort(plan);
	if (!pc || !id)
		return false;
	pc->id = id;
	pc->teacher = cp_plan_strdup(plan, t->id);
	pc->teacher_zone = cp_plan_strdup(plan, cp_tz_name(t->tz));
	pc->anchor_zone = cp_plan_strdup(plan, cp_tz_name(cp_cand_anchor(b->cand, pat->anchor)));
	pc->language = cp_plan_strdup(plan, course->language);
	pc->session_minutes = pat->minutes;
	pc->week_by_week = pat->by_week; /* slots: every weekday it uses */
	for (int wd = 0; wd < 7; wd++) {
		/* Monday first, as timetables are read. */
		int day = (wd + 1) % 7;
		if (!(pat->days & CP_DAYBIT(day)))
			continue;
		struct cp_plan_slot *s = cp_plan_add_slot(plan, pc);
		if (!s)
			return false;
		s->weekday = day;
		s->start = pat->start;
	}
	for (size_t l = 0; l < pat->n_lessons; l++) {
		struct cp_plan_lesson *ls = cp_plan_add_lesson(plan, pc);
		if (!ls)
			return false;
		ls->number = (int)l + 1;
		ls->start = pat->lessons[l].start;
		ls->end = pat->lessons[l].end;
	}
	/* Members: per class, the units it sends here. Members who were in
	 * this very cohort before go first, so re-plans move few. */
	for (size_t mi = 0; mi < pl->n; mi++) {
		size_t ec = pl->m[mi].ecls;
		const struct cp_attend_class *cl = cp_attend_class(b->att, ec);
		size_t want = (size_t)pl->m[mi].units * (size_t)cl->unit;
		for (int pass = 0; pass < 2 && want > 0; pass++) {
			for (size_t m = 0; m + (size_t)cl->unit <= cl->n_members && want > 0;
			     m += (size_t)cl->unit) {
				uint32_t i = cl->members[m];
				if (taken[i])
					continue;
				size_t prev = b->prev_cohort[i];
				bool stays = prev != NONE &&
					     same_cohort(b, j, pl->teacher,
							 &b->opts->previous->cohorts[prev]);
				if (pass == 0 && !stays)
					continue;
				for (int u = 0; u < cl->unit; u++) {
					uint32_t who = cl->members[m + (size_t)u];
					taken[who] = true;
					if (!fill_member(b, plan, pc, who, pat))
						return false;
				}
				want -= (size_t)cl->unit;
			}
		}
	}
	assign_themes(plan, pc, course);
	return !cp_plan_nomem(plan);
}

/* ---- checking the reasons (check.h, docs/plan.md "Reasons") ---------- */

/* At most this many classes are checked per plan, within this share of
 * the solver's time limit (the search before gets what the checks and
 * keeping a better plan leave: cp_planner_run); without a clock (deterministic
 * solves, no time limit) each check stops after CHECK_NODES nodes, or the
 * solve's own node limit. */
enum { CHECK_MAX = 20, CHECK_NODES = 200 };
#define CHECK_SHARE 0.2


struct check_key {
	size_t cls;
	int rank;       /* 0: too few left in this plan, 1: separation, 2: capacity */
	long missing;
	long heads;     /* unplaced heads */
	long units;     /* all units of the class */
};

/* Most promising first: people a cohort could take if a few more were
 * left, fewest missing; then more people waiting; then class order. */
static int
check_key_cmp(const void *a, const void *b)
{
	const struct check_key *x = a, *y = b;
	int c = CP_CMP(x->rank, y->rank);
	if (c == 0)
		c = CP_CMP(x->missing, y->missing);
	if (c == 0)
		c = CP_CMP(y->heads, x->heads); /* more heads first */
	return c != 0 ? c : CP_CMP(x->cls, y->cls);
}

/* The classes whose explanation only describes this plan (too few left,
 * capacity used, a partner there): the questions to check. */
static size_t
check_questions(const struct bridge *b, const struct cp_solver_result *res,
		struct check_key *keys)
{
	size_t nc = cp_solver_problem_class_count(b->sp), n = 0;
	for (size_t sc = 0; sc < nc; sc++) {
		struct cp_solver_explanation ex;
		int rank;
		cp_solver_result_explain(res, sc, &ex);
		if (ex.unplaced == 0)
			continue;
		if (ex.reason == CP_SOLVER_REASON_REMAINING_TOO_FEW)
			rank = 0;
		else if (ex.reason == CP_SOLVER_REASON_SEPARATION)
			rank = 1;
		else if (ex.reason == CP_SOLVER_REASON_CAPACITY)
			rank = 2;
		else
			continue;
		const struct cp_attend_class *cl = cp_attend_class(b->att, b->engine_class[sc]);
		keys[n++] = (struct check_key){
			sc, rank, rank == 0 ? ex.missing : 0, ex.unplaced * cl->unit,
			ex.unplaced + cp_solver_result_class_placed(res, sc),
		};
	}
	qsort(keys, n, sizeof *keys, check_key_cmp);
	return n;
}

/* Each check is a whole solve: on large models (generated 5,000 people:
 * 1.3-2 s a check) the search needs the time more, and reasons stay
 * "not_checked" (measured: 20,000 people, 12 zones, the search's LP needs
 * about 50 s of the 60; with a quarter given to checks it never ended). */
#define CHECK_MAX_PAIRS 100000

static bool
checks_fit(const struct bridge *b)
{
	return b->n_pairs < CHECK_MAX_PAIRS;
}

static void
check_limits(const struct bridge *b, const struct cp_solver_options *so,
	     struct cp_check_limits *lim)
{
	lim->max_checks = checks_fit(b) ? CHECK_MAX : 0;
	lim->nodes = so->node_limit > 0 ? so->node_limit : CHECK_NODES;
	lim->seconds = so->deterministic || so->time_limit <= 0 ? 0 : CHECK_SHARE * so->time_limit;
}

/* Re-solve with each questionable class first, within the limits. */
static enum cp_engine_status
run_checks(struct bridge *b, const struct cp_solver_result *res, struct cp_engine_error *err)
{
	size_t nc = cp_solver_problem_class_count(b->sp);
	struct check_key *keys = malloc((nc ? nc : 1) * sizeof *keys);
	b->check_of = malloc((nc ? nc : 1) * sizeof *b->check_of);
	b->checks = calloc(nc ? nc : 1, sizeof *b->checks);
	if (!keys || !b->check_of || !b->checks) {
		free(keys);
		return nomem(err);
	}
	for (size_t sc = 0; sc < nc; sc++)
		b->check_of[sc] = NONE;
	b->n_checks = check_questions(b, res, keys);
	for (size_t i = 0; i < b->n_checks; i++) {
		b->checks[i].cls = keys[i].cls;
		b->checks[i].count = keys[i].units;
		b->check_of[keys[i].cls] = i;
	}
	free(keys);
	struct cp_check_limits lim;
	struct cp_solver_error serr;
	double seconds;
	check_limits(b, &b->opts->solver, &lim);
	if (cp_check_run(b->sp, &b->opts->solver, res, b->checks, b->n_checks, &lim,
			 class_reaching, b, &seconds, &b->better, &serr) != CP_SOLVER_OK)
		return solver_fail(err, &serr);
	return CP_ENGINE_OK;
}

static enum cp_engine_status
build_plan(struct bridge *b, const struct cp_solver_result *res, struct cp_plan **out,
	   struct cp_engine_error *err)
{
	const struct cp_course *course = cp_problem_course(b->prob);
	size_t np = cp_problem_participant_count(b->prob);
	struct cp_plan *plan = cp_plan_create();
	bool *taken = calloc(np ? np : 1, sizeof *taken);
	struct planned *pl = NULL;
	size_t ncoh = 0;
	if (!plan || !taken)
		goto oom;

	plan->course = cp_plan_strdup(plan, course->id);
	plan->course_title = cp_plan_strdup(plan, course->title);
	plan->language = cp_plan_strdup(plan, course->language);
	plan->tzdata = cp_plan_strdup(plan, b->opts->tzdata_version);
	plan->created = b->opts->now;
	plan->attendance_target = cp_problem_policy(b->prob)->attendance_target;
	plan->participants = (int)np;
	plan->objective = cp_solver_result_objective(res);
	plan->bound = cp_solver_result_bound(res);
	plan->gap = cp_solver_result_gap(res);
	plan->solve_seconds = cp_solver_result_elapsed(res);
	switch (cp_solver_result_outcome(res)) {
	case CP_SOLVER_OPTIMAL:
	case CP_SOLVER_GAP_REACHED:
		plan->status = CP_PLAN_OPTIMAL;
		break;
	default:
		plan->status = cp_solver_result_source(res) == CP_SOLVER_SOURCE_GREEDY
			? CP_PLAN_HEURISTIC : CP_PLAN_FEASIBLE;
	}
	if (cp_solver_result_placed(res) == 0)
		plan->status = CP_PLAN_EMPTY;

	pl = planned_from_result(b, res, &ncoh);
	b->dropped = calloc(b->n_classes ? b->n_classes : 1, sizeof *b->dropped);
	if (!pl || !b->dropped)
		goto oom;
	if (assign_teachers(b, pl, ncoh, err) != CP_ENGINE_OK)
		goto oom;
	if (b->dropped_heads > 0 && plan->status == CP_PLAN_OPTIMAL)
		plan->status = CP_PLAN_FEASIBLE;
	int next_id = 1;
	for (size_t c = 0; c < ncoh; c++)
		if (pl[c].teacher != NONE && pl[c].n > 0 &&
		    !fill_cohort(b, plan, &pl[c], taken, &next_id))
			goto oom;
	if (b->dropped_heads > 0) {
		/* The solver's objective counted them; its bound stays valid (the
		 * grouped model is a relaxation of the per-teacher one). Each
		 * head lost counts at its level of the lexicographic objective:
		 * 1 reaching the target, beta below it. */
		long reach = 0, heads = 0;
		for (size_t c = 0; c < plan->n_cohorts; c++)
			for (size_t m = 0; m < plan->cohorts[c].n_members; m++) {
				heads++;
				reach += cp_plan_member_reaches(plan, &plan->cohorts[c],
								&plan->cohorts[c].members[m]);
			}
		long s_reach = cp_solver_result_reaching(res);
		long s_below = cp_solver_result_placed(res) - s_reach;
		plan->objective += (double)(reach - s_reach) +
				   cp_solver_result_below_weight(res) * (double)(heads - reach - s_below);
		plan->gap = (plan->bound - plan->objective) /
			    (fabs(plan->bound) > 1 ? fabs(plan->bound) : 1);
	}
	planned_free(pl, ncoh);
	pl = NULL;
	/* Lessons on a teacher's leave: substitutes, moves, or listed. */
	if (!cp_subst_cover(b->engine, plan, NULL))
		goto oom;
	int placeable = 0, placed = 0;
	for (size_t i = 0; i < np; i++) {
		bool can = taken[i];
		placed += taken[i];
		if (!taken[i] && !explain_unplaced(b, plan, res, (uint32_t)i, &can))
			goto oom;
		placeable += can;
	}
	/* A person counts as placeable when some cohort could take them,
	 * but not all of them at once may fit: the solver's proven bound on
	 * placed heads caps the count. With members below the target the
	 * objective is lexicographic: once the heads reaching it are proven
	 * the most possible, the cap is those plus the most heads below the
	 * target such a plan can add (the plan's own when optimal). */
	long bound = cp_solver_result_placed_bound(res);
	if (cp_solver_result_reaching(res) == cp_solver_result_reaching_bound(res))
		bound = cp_solver_result_reaching(res) + cp_solver_result_below_bound(res);
	plan->placeable = bound >= 0 && bound < placeable ? (int)bound : placeable;
	if (plan->placeable < placed)
		plan->placeable = placed;
	if (!explain_advice(b, plan, res) || !cp_idle_advise(b->prob, plan))
		goto oom;
	free(taken);
	*out = plan;
	return CP_ENGINE_OK;
oom:
	planned_free(pl, ncoh);
	free(taken);
	cp_plan_destroy(plan);
	return nomem(err);
}

/* A check found a plan better than the solve's (more people reach the
 * target, or as many and more placed): keep it. A short solve started
 * from it (options.start) turns it into a plain result (the check's own
 * objective and bound carry its focus bonus) and may improve it further:
 * a twentieth of the time limit, or the checks' node limit without a
 * clock. *kept is NULL when that result is not better after all. */
#define KEEP_SHARE 0.05

static enum cp_engine_status
keep_better(const struct bridge *b, const struct cp_solver_result *res,
	    struct cp_solver_result **kept, struct cp_engine_error *err)
{
	const struct cp_solver_options *so = &b->opts->solver;
	struct cp_solver_options o = *so;
	struct cp_check_limits lim;
	struct cp_solver_error serr;
	struct cp_solver_result *r = NULL;

	*kept = NULL;
	check_limits(b, so, &lim);
	o.start = b->better;
	o.progress = NULL;
	o.progress_data = NULL;
	o.time_limit = lim.seconds > 0 ? KEEP_SHARE * so->time_limit : 0;
	if (lim.seconds <= 0)
		o.node_limit = lim.nodes;
	if (cp_solver_solve(b->sp, &o, &r, &serr) != CP_SOLVER_OK)
		return solver_fail(err, &serr);
	if (cp_solver_result_reaching(r) > cp_solver_result_reaching(res) ||
	    (cp_solver_result_reaching(r) == cp_solver_result_reaching(res) &&
	     cp_solver_result_placed(r) > cp_solver_result_placed(res)))
		*kept = r;
	else
		cp_solver_result_destroy(r);
	return CP_ENGINE_OK;
}

/*
 * Models small enough for branch-and-bound (options.bb_max_pairs): GLPK's
 * plans do not see the cuts from plans, so the final plan may break some
 * (more cohorts of a group that clash one by one than its members). Those
 * become rows of the model and the solve runs again from that plan, at
 * most CUT_ROUNDS times, each with KEEP_SHARE of the time limit. Larger
 * models are searched by the neighbourhood search, which keeps the cuts
 * (20,000 people: none broken at the end). *res is replaced.
 */
#define CUT_ROUNDS 3

static enum cp_engine_status
plan_around_cuts(struct bridge *b, struct group_cuts *gc, const struct cp_solver_options *so,
		 struct cp_solver_result **res, struct cp_engine_error *err)
{
	if (so->bb_max_pairs > 0 && (long)b->n_pairs >= so->bb_max_pairs)
		return CP_ENGINE_OK;
	for (int round = 0; round < CUT_ROUNDS; round++) {
		size_t added = 0;
		enum cp_engine_status st = group_cuts_rows(gc, *res, &added, err);
		if (st != CP_ENGINE_OK || added == 0)
			return st;
		struct cp_solver_options o = *so;
		struct cp_solver_error serr;
		struct cp_solver_result *again = NULL;
		o.start = *res;
		o.separate = NULL;
		if (o.time_limit > 0)
			o.time_limit = KEEP_SHARE * b->opts->solver.time_limit;
		if (cp_solver_solve(b->sp, &o, &again, &serr) != CP_SOLVER_OK)
			return solver_fail(err, &serr);
		cp_solver_result_destroy(*res);
		*res = again;
	}
	return CP_ENGINE_OK;
}

/* The plan was built from the kept result: the solve's bound still holds
 * (it bounds every plan) and may be the tighter one, the time is both
 * solves', a plan that did not come from the greedy is not "heuristic",
 * and an advice line says what happened. */
static bool
note_kept(struct cp_plan *plan, const struct cp_solver_result *res,
	  const struct cp_solver_result *kept)
{
	if (cp_solver_result_bound(res) < plan->bound) {
		plan->bound = cp_solver_result_bound(res);
		plan->gap = (plan->bound - plan->objective) /
			    (fabs(plan->bound) > 1 ? fabs(plan->bound) : 1);
		if (plan->gap < 0)
			plan->gap = 0;
	}
	plan->solve_seconds = cp_solver_result_elapsed(res) + cp_solver_result_elapsed(kept);
	if (plan->status == CP_PLAN_HEURISTIC)
		plan->status = CP_PLAN_FEASIBLE;
	return explain_kept(plan, res, kept);
}

/* The caller's progress callback, noting whether it asked to stop. */
struct stop_watch {
	cp_solver_progress_fn fn;
	void *data;
	bool stopped;
};

static bool
watch_progress(const struct cp_solver_progress *p, void *data)
{
	struct stop_watch *w = data;
	bool go = w->fn(p, w->data);
	if (!go)
		w->stopped = true;
	return go;
}

enum cp_engine_status
cp_planner_run(const struct cp_engine *e, const struct cp_planner_options *o,
	       struct cp_plan **out, struct cp_engine_error *err)
{
	struct bridge b = { 0 };
	struct cp_solver_error serr;
	enum cp_engine_status st;
	double t_start = plan_seconds();

	b.engine = e;
	b.cand = cp_engine_candidates(e);
	b.att = cp_engine_attend(e);
	b.prob = cp_cand_problem(b.cand);
	b.opts = o;
	b.sp = cp_solver_problem_create();
	/* One group per teacher while the model stays small enough: the
	 * solver then sees every teacher's own rows and its plan needs no
	 * assignment afterwards, which loses people when alike teachers
	 * differ in leave or in how their weeks fill (measured: 1,000
	 * people, 3 zones: 475 reach 80% with groups, 505 without) */
	double pairs = o->groups == CP_PLANNER_GROUPS_AUTO ? pairs_alone(&b) : 0;
	bool alone = o->groups == CP_PLANNER_GROUPS_NEVER ||
		     (o->groups == CP_PLANNER_GROUPS_AUTO && pairs <= ALONE_MAX_PAIRS);
	if (!b.sp || pairs < 0 || !make_groups(&b, alone) ||
	    !map_previous(&b)) {
		bridge_finish(&b);
		return nomem(err);
	}
	enum cp_engine_status pst = map_pins(&b, err);
	if (pst != CP_ENGINE_OK) {
		bridge_finish(&b);
		return pst;
	}
	if (cp_solver_problem_set_target(b.sp, cp_problem_policy(b.prob)->attendance_target,
					 &serr) != CP_SOLVER_OK) {
		bridge_finish(&b);
		return solver_fail(err, &serr);
	}
	st = add_classes(&b, err);
	if (st == CP_ENGINE_OK)
		st = add_candidates(&b, err);
	if (st == CP_ENGINE_OK)
		st = add_eligibility(&b, err);
	if (st == CP_ENGINE_OK)
		st = add_teacher_rows(&b, err);
	if (st == CP_ENGINE_OK && o->export_model &&
	    !o->export_model(b.sp, &o->solver, o->export_data))
		st = cp_engine_fail(err, CP_ENGINE_ERR_EXPORT, "the model could not be exported");
	/* The time limit holds for everything: the search gets what the
	 * checks of the reasons, keeping a better plan and the exact teacher
	 * assignment per group leave of it. */
	struct cp_solver_options main_opts = o->solver;
	if (main_opts.time_limit > 0 && !main_opts.deterministic) {
		double share = 1.0;
		if (checks_fit(&b))
			share -= CHECK_SHARE + KEEP_SHARE;
		if (b.n_groups < cp_problem_teacher_count(b.prob))
			share -= ASSIGN_SHARE;
		/* what the caller and the model building used comes off the
		 * search's share (20,000 people: about 4 s of 60). Building
		 * the plan afterwards is not kept free: twice the model
		 * building was tried (it grows with it) and cost the
		 * realistic 20,000-person problem its LP bound */
		double search = main_opts.time_limit * share;
		double left = search - o->spent - (plan_seconds() - t_start);
		main_opts.time_limit = left > search / 4 ? left : search / 4;
	}
	/* groups: the solver shows its plans for the cuts one teacher at a
	 * time needs (groupcuts.c) */
	struct group_cuts *gcuts = NULL;
	if (st == CP_ENGINE_OK && b.n_groups < cp_problem_teacher_count(b.prob)) {
		gcuts = group_cuts_create(&b);
		if (!gcuts)
			st = nomem(err);
		main_opts.separate = group_cuts_separate;
		main_opts.separate_data = gcuts;
	}
	struct stop_watch watch = { main_opts.progress, main_opts.progress_data, false };
	if (main_opts.progress) {
		main_opts.progress = watch_progress;
		main_opts.progress_data = &watch;
	}
	struct cp_solver_result *res = NULL;
	if (st == CP_ENGINE_OK &&
	    cp_solver_solve(b.sp, &main_opts, &res, &serr) != CP_SOLVER_OK)
		st = solver_fail(err, &serr);
	/* a caller who stopped the search wants the plan now, not checks */
	if (st == CP_ENGINE_OK && gcuts && !watch.stopped)
		st = plan_around_cuts(&b, gcuts, &main_opts, &res, err);
	if (st == CP_ENGINE_OK && !watch.stopped)
		st = run_checks(&b, res, err);
	struct cp_solver_result *kept = NULL;
	if (st == CP_ENGINE_OK && b.better)
		st = keep_better(&b, res, &kept, err);
	/* a check's plan may break cuts no row states yet: the same again */
	if (st == CP_ENGINE_OK && gcuts && kept)
		st = plan_around_cuts(&b, gcuts, &main_opts, &kept, err);
	group_cuts_destroy(gcuts);
	if (st == CP_ENGINE_OK)
		st = build_plan(&b, kept ? kept : res, out, err);
	if (st == CP_ENGINE_OK && kept && !note_kept(*out, res, kept)) {
		cp_plan_destroy(*out);
		*out = NULL;
		st = nomem(err);
	}
	cp_solver_result_destroy(kept);
	cp_solver_result_destroy(res);
	bridge_finish(&b);
	return st;
}
