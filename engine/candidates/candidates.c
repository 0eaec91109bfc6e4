/* Candidate patterns: anchors, start times, weekday sets, expansion into
 * lessons in UTC, the instant table and exact duplicates. See candidates.h
 * and docs/engine.md. */
#include "cand-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cp_util.h"

/* Lessons over all patterns; beyond this the candidate set is refused
 * rather than eating the machine (32 bytes each). */
#define MAX_LESSONS ((size_t)16 << 20)

void cp_cand_options_init(struct cp_cand_options *o)
{
	memset(o, 0, sizeof(*o));
	o->grid = 0; /* the policy's start_grid */
	o->max_anchors = 8;
	o->weekdays = CP_DAYS_ALL;
	o->adjacent_days = true;
	o->start_min = 0;
	o->start_max = CP_MINUTES_PER_DAY;
}

const char *cp_cand_state_name(enum cp_cand_state s)
{
	switch (s) {
	case CP_CAND_LIVE: return "live";
	case CP_CAND_DROPPED: return "dropped";
	case CP_CAND_DUPLICATE: return "duplicate";
	case CP_CAND_DOMINATED: return "dominated";
	}
	return "?";
}

/* ---- anchors ---------------------------------------------------------- */

struct zone_count {
	const struct cp_tz *tz;
	size_t count;
};

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const struct cp_tz *const *)a;
	uintptr_t y = (uintptr_t)*(const struct cp_tz *const *)b;
	return CP_CMP(x, y);
}

static int cmp_zone_count(const void *a, const void *b)
{
	const struct zone_count *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(cp_tz_name(x->tz), cp_tz_name(y->tz));
}

/* Do two zones keep the same offsets over [lo, hi)? Then a pattern
 * anchored in one is the same as in the other. */
static bool same_offsets(const struct cp_tz *a, const struct cp_tz *b, cp_instant lo, cp_instant hi)
{
	struct cp_tz_transition ta[64], tb[64];
	size_t na, nb, ia = 0, ib = 0;

	if (a == b)
		return true;
	if (cp_tz_offset_at(a, lo) != cp_tz_offset_at(b, lo))
		return false;
	na = cp_tz_transitions(a, lo, hi, ta, 64);
	nb = cp_tz_transitions(b, lo, hi, tb, 64);
	if (na > 64 || nb > 64)
		return false; /* absurd zone: keep both */
	/* Compare offset changes only; abbreviation-only changes do not move
	 * a lesson. */
	for (;;) {
		while (ia < na && ta[ia].offset_before == ta[ia].offset_after)
			ia++;
		while (ib < nb && tb[ib].offset_before == tb[ib].offset_after)
			ib++;
		if (ia == na || ib == nb)
			return ia == na && ib == nb;
		if (ta[ia].at != tb[ib].at || ta[ia].offset_after != tb[ib].offset_after)
			return false;
		ia++;
		ib++;
	}
}

/* Teachers' zones first (always kept), then participants' zones by head
 * count; a zone with the same offsets as one already chosen adds nothing. */
static enum cp_engine_status choose_anchors(struct cp_cand *c, cp_instant lo, cp_instant hi,
					    struct cp_engine_error *err)
{
	const struct cp_problem *p = c->problem;
	size_t np = cp_problem_participant_count(p), nt = cp_problem_teacher_count(p);
	const struct cp_tz **all = malloc((np + 1) * sizeof(*all));
	struct zone_count *zc = malloc((np + 1) * sizeof(*zc));
	size_t nz = 0;

	c->anchors = malloc((nt + np + 1) * sizeof(*c->anchors));
	if (!all || !zc || !c->anchors) {
		free(all);
		free(zc);
		return cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
	}
	for (size_t t = 0; t < nt; t++) {
		const struct cp_tz *tz = cp_problem_teacher(p, t)->tz;
		bool dup = false;
		for (size_t j = 0; j < c->n_anchors && !dup; j++)
			dup = same_offsets(c->anchors[j], tz, lo, hi);
		if (!dup)
			c->anchors[c->n_anchors++] = tz;
	}
	for (size_t i = 0; i < np; i++)
		all[i] = cp_problem_participant(p, i)->tz;
	cp_sort(all, np, sizeof(*all), cmp_ptr);
	for (size_t i = 0; i < np; i++) {
		if (nz > 0 && zc[nz - 1].tz == all[i])
			zc[nz - 1].count++;
		else
			zc[nz++] = (struct zone_count){ all[i], 1 };
	}
	cp_sort(zc, nz, sizeof(*zc), cmp_zone_count);
	for (size_t i = 0; i < nz; i++) {
		bool dup = false;
		if (c->n_anchors >= c->opts.max_anchors && c->n_anchors >= 1)
			break;
		for (size_t j = 0; j < c->n_anchors && !dup; j++)
			dup = same_offsets(c->anchors[j], zc[i].tz, lo, hi);
		if (!dup)
			c->anchors[c->n_anchors++] = zc[i].tz;
	}
	free(all);
	free(zc);
	if (c->n_anchors == 0)
		return cp_engine_fail(err, CP_ENGINE_ERR_INVALID,
				      "the problem has neither participants nor teachers");
	return CP_ENGINE_OK;
}

/* ---- weekday sets ----------------------------------------------------- */

static int popcount7(unsigned m)
{
	int n = 0;
	for (int i = 0; i < 7; i++)
		n += (m >> i) & 1u;
	return n;
}

/* Ordering: fewer sessions first, then Monday-first lexicographic. */
static int cmp_dayset(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	int kx = popcount7(x), ky = popcount7(y);
	if (kx != ky)
		return kx - ky;
	for (int i = 0; i < 7; i++) {
		unsigned bit = CP_DAYBIT((i + 1) % 7); /* Mon, Tue, ..., Sun */
		bool hx = x & bit, hy = y & bit;
		if (hx != hy)
			return hx ? -1 : 1;
	}
	return 0;
}

/* Two chosen days in a row, Saturday-Sunday and Sunday-Monday included. */
static bool has_adjacent(unsigned m)
{
	for (int wd = 0; wd < 7; wd++)
		if ((m & CP_DAYBIT(wd)) && (m & CP_DAYBIT((wd + 1) % 7)))
			return true;
	return false;
}

static size_t day_sets(const struct cp_cand *c, int kmin, int kmax, unsigned out[128])
{
	size_t n = 0;
	for (unsigned m = 1; m < 128; m++) {
		int k = popcount7(m);
		if (k < kmin || k > kmax || (m & ~c->opts.weekdays))
			continue;
		if (!c->opts.adjacent_days && 2 * k <= 7 && has_adjacent(m))
			continue;
		out[n++] = m;
	}
	cp_sort(out, n, sizeof(out[0]), cmp_dayset);
	return n;
}

/* ---- helpers ---------------------------------------------------------- */

static cp_instant day_start_utc(cp_day d)
{
	return (cp_instant)d * 86400;
}

/* The anchor wall time (d, s minutes) resolved as documented: a gap gives
 * the instant with the offset before it (wall time moved forward), an
 * overlap the earlier instant. */
static cp_instant resolve(const struct cp_tz *tz, cp_day d, int s, uint8_t *kind)
{
	enum cp_tz_kind k;
	cp_instant t = cp_local_wall_utc(tz, d, s, &k);
	*kind = (uint8_t)k;
	return t;
}

/* A lesson's (start, end): lessons of one start but different lengths
 * (a pattern's short last lesson, another's full one) are different
 * instants, so they never share a verdict. */
struct span {
	cp_instant start, end;
};

static int cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	return x->start != y->start ? CP_CMP(x->start, y->start) : CP_CMP(x->end, y->end);
}

static uint32_t instant_index(const struct cp_cand *c, cp_instant t, cp_instant end)
{
	size_t lo = 0, hi = c->n_instants;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->instants[mid] < t || (c->instants[mid] == t && c->instant_end[mid] < end))
			lo = mid + 1;
		else
			hi = mid;
	}
	return (uint32_t)lo;
}

/* The instant table, over every lesson generated: distinct (start, end)
 * pairs; every lesson's index into it. */
static bool build_instants(struct cp_cand *c)
{
	size_t n_lessons = c->n_lessons;
	struct span *spans = malloc((n_lessons + 1) * sizeof(*spans));
	free(c->instants);
	free(c->instant_end);
	c->n_instants = 0;
	c->instants = malloc((n_lessons + 1) * sizeof(*c->instants));
	c->instant_end = malloc((n_lessons + 1) * sizeof(*c->instant_end));
	if (!spans || !c->instants || !c->instant_end) {
		free(spans);
		return false;
	}
	for (size_t i = 0; i < n_lessons; i++)
		spans[i] = (struct span){ c->lessons[i].start, c->lessons[i].end };
	cp_sort(spans, n_lessons, sizeof(*spans), cmp_span);
	for (size_t i = 0; i < n_lessons; i++)
		if (c->n_instants == 0 || cmp_span(&spans[i - 1], &spans[i]) != 0) {
			c->instants[c->n_instants] = spans[i].start;
			c->instant_end[c->n_instants++] = spans[i].end;
		}
	free(spans);
	for (size_t i = 0; i < n_lessons; i++)
		c->lessons[i].instant = instant_index(c, c->lessons[i].start, c->lessons[i].end);
	return true;
}

/* Mark patterns whose lesson instants equal an earlier pattern's. */
static bool mark_duplicates(struct cp_cand *c)
{
	size_t cap = 16;
	while (cap < 2 * c->n_patterns)
		cap *= 2;
	uint32_t *table = malloc(cap * sizeof(*table));
	if (!table)
		return false;
	for (size_t i = 0; i < cap; i++)
		table[i] = CP_CAND_NONE;
	for (size_t i = 0; i < c->n_patterns; i++) {
		struct cp_cand_pattern *pt = &c->patterns[i];
		uint64_t h = 1469598103934665603ull;
		if (pt->state != CP_CAND_LIVE)
			continue;
		for (size_t j = 0; j < pt->n_lessons; j++) {
			h ^= pt->lessons[j].instant;
			h *= 1099511628211ull;
		}
		for (size_t slot = h & (cap - 1);; slot = (slot + 1) & (cap - 1)) {
			uint32_t o = table[slot];
			if (o == CP_CAND_NONE) {
				table[slot] = (uint32_t)i;
				break;
			}
			const struct cp_cand_pattern *q = &c->patterns[o];
			bool same = q->n_lessons == pt->n_lessons;
			for (size_t j = 0; same && j < pt->n_lessons; j++)
				same = q->lessons[j].instant == pt->lessons[j].instant;
			if (same) {
				pt->state = CP_CAND_DUPLICATE;
				pt->other = o;
				break;
			}
		}
	}
	free(table);
	return true;
}

/* ---- the course window and staggered starts ---------------------------- */

/* Local midnight of date d in the course's reference zone (UTC without
 * one); a midnight in a gap starts the day at the transition. */
static cp_instant course_midnight(const struct cp_course *co, cp_day d)
{
	uint8_t kind;
	return co->tz ? resolve(co->tz, d, 0, &kind) : day_start_utc(d);
}

/* Where the patterns of one (anchor, weekday set, start) may have lessons:
 * the dates of the set whose lesson [start, start + length) lies inside
 * the course window, in date order, with course-wide holidays flagged. */
struct slot_dates {
	size_t n;
	uint32_t *index;   /* into the anchor row of dates */
	bool *holiday;
	size_t *left;      /* lessons possible from entry x on (non-holidays) */
};

/* The start offsets of one family. Every `every` weeks while N lessons fit;
 * "auto" instead takes back-to-back offsets (multiples of the weeks one
 * cohort of k sessions a week takes, ceil(N / k)) and the last offset that
 * fits, so one teacher can run cohorts one after another, and a cohort can
 * end with the window, at two or three patterns per family. */
static bool want_offset(bool auto_starts, size_t w, size_t w_last, size_t span)
{
	return !auto_starts || w == 0 || w == w_last || w % span == 0;
}

/* Growable pattern and lesson arrays; lessons are referred to by offset
 * until the end, when the block stops moving. */
struct grow {
	size_t cap_patterns, cap_lessons, n_lessons;
	size_t *first_lesson;  /* per pattern, offset into c->lessons */
};

static bool grow_pattern(struct cp_cand *c, struct grow *g)
{
	/* patterns and first_lesson share cap_patterns: grow both, then
	 * record it. */
	size_t cap = g->cap_patterns, cap_first = g->cap_patterns;
	if (!CP_GROW(c->patterns, cap, c->n_patterns + 1, 1024) ||
	    !CP_GROW(g->first_lesson, cap_first, c->n_patterns + 1, 1024))
		return false;
	g->cap_patterns = cap;
	return true;
}

static bool grow_lessons(struct cp_cand *c, struct grow *g, size_t more)
{
	return CP_GROW(c->lessons, g->cap_lessons, g->n_lessons + more, 4096);
}

/* ---- create ----------------------------------------------------------- */

/* The state of one cp_cand_create(): the window's dates and grid, each
 * (anchor, start) row of resolved instants, the staggered-start
 * thresholds, and the arrays the patterns grow in. */
struct gen {
	struct cp_cand *c;
	const struct cp_policy *pol;
	const struct cp_offdays *off;
	cp_day base;              /* the first anchor-local date of a row */
	size_t n_days, n_grid;
	cp_instant win_lo, win_hi, first_before;
	cp_instant *inst;         /* per (anchor, start): instants per date */
	uint8_t *kinds;
	bool *feasible;           /* per (anchor, start) */
	unsigned sets[128];
	size_t n_sets;
	const struct cp_tz **pz;  /* participants' distinct zones */
	size_t npz;
	cp_instant *thresholds;   /* staggered starts: an offset's earliest */
	size_t n_thresholds;
	bool auto_starts;
	struct slot_dates sd;
	struct grow gr;
};

static void
gen_finish(struct gen *g)
{
	free(g->inst);
	free(g->kinds);
	free(g->feasible);
	free(g->pz);
	free(g->sd.index);
	free(g->sd.holiday);
	free(g->sd.left);
	free(g->gr.first_lesson);
	free(g->thresholds);
}

/* The course window, session length and every zone must be there. */
static bool
check_problem(const struct cp_problem *p, struct cp_engine_error *err)
{
	const struct cp_course *co = cp_problem_course(p);
	size_t np = cp_problem_participant_count(p), nt = cp_problem_teacher_count(p);
	if (co->start == CP_DAY_UNSET || co->end == CP_DAY_UNSET || co->end < co->start) {
		cp_engine_fail(err, CP_ENGINE_ERR_INVALID, "the course has no valid date window");
		return false;
	}
	if (co->session_minutes <= 0 || co->session_minutes > CP_MINUTES_PER_DAY ||
	    co->live_minutes <= 0) {
		cp_engine_fail(err, CP_ENGINE_ERR_INVALID,
			       "the course has no session length or no live minutes");
		return false;
	}
	for (size_t i = 0; i < np; i++)
		if (!cp_problem_participant(p, i)->tz) {
			cp_engine_fail(err, CP_ENGINE_ERR_INVALID, "participant %s has no time zone",
				       cp_problem_participant(p, i)->id);
			return false;
		}
	for (size_t t = 0; t < nt; t++)
		if (!cp_problem_teacher(p, t)->tz) {
			cp_engine_fail(err, CP_ENGINE_ERR_INVALID, "teacher %s has no time zone",
				       cp_problem_teacher(p, t)->id);
			return false;
		}
	return true;
}

/* The options, restricted by the policy, and the session counts. */
static bool
set_options(struct cp_cand *c, const struct cp_cand_options *opts, struct cp_engine_error *err)
{
	const struct cp_course *co = cp_problem_course(c->problem);
	const struct cp_policy *pol = cp_problem_policy(c->problem);
	if (opts)
		c->opts = *opts;
	else
		cp_cand_options_init(&c->opts);
	/* The options restrict the policy's shapes further. */
	if (c->opts.grid == 0)
		c->opts.grid = pol->start_grid > 0 ? pol->start_grid : 30;
	if (c->opts.grid <= 0 || c->opts.grid > 60 || 60 % c->opts.grid != 0) {
		cp_engine_fail(err, CP_ENGINE_ERR_INVALID,
			       "start-time grid of %d minutes: use 5, 10, 15, 20, 30 or 60",
			       c->opts.grid);
		return false;
	}
	if (c->opts.weekdays == 0)
		c->opts.weekdays = CP_DAYS_ALL;
	if (pol->weekdays & CP_DAYS_ALL)
		c->opts.weekdays &= pol->weekdays;
	c->opts.adjacent_days = c->opts.adjacent_days && pol->adjacent_days;
	if (c->opts.max_anchors == 0)
		c->opts.max_anchors = 8;
	c->minutes = co->session_minutes;
	c->needed = ((size_t)co->live_minutes + (size_t)co->session_minutes - 1) /
		    (size_t)co->session_minutes;
	c->live_minutes = co->live_minutes;
	c->last_minutes = co->live_minutes - (int)(c->needed - 1) * co->session_minutes;
	c->n_teachers = cp_problem_teacher_count(c->problem);
	return true;
}

/* Staggered starts: offset w takes the lessons from the midnight of
 * first + 7 * every * w (course zone) on; its first lesson must fall
 * before the midnight after last. False when out of memory. */
static bool
start_thresholds(struct gen *g, const struct cp_course *co)
{
	const struct cp_policy *pol = g->pol;
	cp_day first = pol->start_from != CP_DAY_UNSET && pol->start_from > co->start
			       ? pol->start_from : co->start;
	cp_day last = pol->start_to != CP_DAY_UNSET && pol->start_to < co->end ? pol->start_to
										 : co->end;
	/* start_every 0 is "auto": see want_offset(). */
	int every = pol->start_every > 0 ? pol->start_every : 1;
	g->auto_starts = pol->start_every <= 0;
	g->first_before = course_midnight(co, last + 1);
	g->c->win_lo = g->win_lo;
	g->c->win_hi = g->win_hi;
	g->c->first_from = course_midnight(co, first);
	g->c->first_before = g->first_before;
	g->thresholds = malloc(((size_t)(co->end - co->start) / 7 + 2) * sizeof(*g->thresholds));
	if (!g->thresholds)
		return false;
	for (cp_day d = first; d <= last; d += 7 * every)
		g->thresholds[g->n_thresholds++] = course_midnight(co, d);
	if (g->n_thresholds == 0) /* start dates outside the window: all dropped */
		g->thresholds[g->n_thresholds++] = course_midnight(co, first);
	return true;
}

/* Participants' distinct zones decide which anchor start times can
 * possibly suit someone. False when out of memory. */
static bool
participant_zones(struct gen *g)
{
	const struct cp_problem *p = g->c->problem;
	size_t np = cp_problem_participant_count(p);
	g->pz = malloc((np + 1) * sizeof(*g->pz));
	if (!g->pz)
		return false;
	for (size_t i = 0; i < np; i++)
		g->pz[i] = cp_problem_participant(p, i)->tz;
	cp_sort(g->pz, np, sizeof(*g->pz), cmp_ptr);
	for (size_t i = 0; i < np; i++)
		if (g->npz == 0 || g->pz[g->npz - 1] != g->pz[i])
			g->pz[g->npz++] = g->pz[i];
	if (g->npz == 0)
		for (size_t a = 0; a < g->c->n_anchors; a++)
			g->pz[g->npz++] = g->c->anchors[a]; /* np == 0 but teachers: their view */
	return true;
}

/* Every (anchor, start)'s instants per date, and whether some
 * participant zone sees it inside the policy's day on some date. */
static void
resolve_starts(struct gen *g)
{
	struct cp_cand *c = g->c;
	for (size_t a = 0; a < c->n_anchors; a++)
		for (size_t gi = 0; gi < g->n_grid; gi++) {
			int s = (int)gi * c->opts.grid;
			cp_instant *row = g->inst + (a * g->n_grid + gi) * g->n_days;
			uint8_t *krow = g->kinds + (a * g->n_grid + gi) * g->n_days;
			bool ok = false;
			if (s + c->minutes > CP_MINUTES_PER_DAY || s < c->opts.start_min ||
			    s > c->opts.start_max)
				continue;
			for (size_t d = 0; d < g->n_days; d++)
				row[d] = resolve(c->anchors[a], g->base + (cp_day)d, s, &krow[d]);
			for (size_t d = 0; d < g->n_days && !ok; d++)
				for (size_t z = 0; z < g->npz && !ok; z++) {
					struct cp_local l;
					cp_local_of(g->pz[z], row[d], (int64_t)c->minutes * 60, &l);
					ok = l.smin >= g->pol->earliest && l.emin <= g->pol->latest;
				}
			g->feasible[a * g->n_grid + gi] = ok;
		}
}

/* The dates of a row on the weekdays of set (a full session inside the
 * window, also for a short last lesson) into g->sd; returns the last
 * start offset at which N lessons fit (later offsets have fewer dates,
 * so fitting is monotone). */
static size_t
row_dates(struct gen *g, const cp_instant *row, unsigned set)
{
	struct slot_dates *sd = &g->sd;
	struct cp_cand *c = g->c;
	sd->n = 0;
	for (size_t d = 0; d < g->n_days; d++) {
		cp_day day = g->base + (cp_day)d;
		cp_instant end = row[d] + (cp_instant)c->minutes * 60;
		if (!(set & CP_DAYBIT(cp_weekday_from_days(day))) || row[d] < g->win_lo ||
		    end > g->win_hi)
			continue;
		sd->index[sd->n] = (uint32_t)d;
		sd->holiday[sd->n++] = g->off && cp_offdays_course(g->off, day);
	}
	sd->left[sd->n] = 0;
	for (size_t x = sd->n; x-- > 0;)
		sd->left[x] = sd->left[x + 1] + !sd->holiday[x];
	size_t w_last = 0;
	for (size_t w = 0, x = 0; w < g->n_thresholds; w++) {
		while (x < sd->n && row[sd->index[x]] < g->thresholds[w])
			x++;
		size_t y = x; /* the first lesson: holidays skipped */
		while (y < sd->n && sd->holiday[y])
			y++;
		if (y == sd->n || sd->left[y] < c->needed || row[sd->index[y]] >= g->first_before)
			break;
		w_last = w;
	}
	return w_last;
}

/* One pattern: anchor a, weekdays set, start gi, offset w, its lessons
 * from g->sd's entry `from` on. Returns 1 when it fits, 0 when it does
 * not (kept as DROPPED for w == 0), -1 on an error (*err set). */
static int
add_pattern(struct gen *g, const cp_instant *row, const uint8_t *krow, size_t a, unsigned set,
	    size_t gi, size_t w, size_t from, struct cp_engine_error *err)
{
	struct cp_cand *c = g->c;
	if (!grow_pattern(c, &g->gr) || !grow_lessons(c, &g->gr, c->needed)) {
		cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
		return -1;
	}
	struct cp_cand_pattern *pt = &c->patterns[c->n_patterns];
	struct cp_cand_lesson *next = c->lessons + g->gr.n_lessons;
	memset(pt, 0, sizeof(*pt));
	pt->anchor = a;
	pt->days = set;
	pt->k = popcount7(set);
	pt->start = (int)gi * c->opts.grid;
	pt->minutes = c->minutes;
	pt->other = CP_CAND_NONE;
	pt->week = (int)w;
	pt->first = CP_DAY_UNSET;
	for (size_t x = from; x < g->sd.n && pt->n_lessons < c->needed; x++) {
		size_t d = g->sd.index[x];
		if (g->sd.holiday[x]) {
			pt->n_skipped++;
			continue;
		}
		struct cp_cand_lesson *l = &next[pt->n_lessons++];
		l->start = row[d];
		/* exact live minutes: the last lesson lasts the remainder */
		l->end = row[d] + (cp_instant)(pt->n_lessons == c->needed ? c->last_minutes
									: c->minutes) * 60;
		l->date = g->base + (cp_day)d;
		l->kind = krow[d];
	}
	if (pt->n_lessons > 0)
		pt->first = next[0].date;
	bool fits = pt->n_lessons == c->needed && next[0].start < g->first_before;
	if (!fits && w > 0)
		return 0;
	pt->state = fits ? CP_CAND_LIVE : CP_CAND_DROPPED;
	g->gr.first_lesson[c->n_patterns++] = g->gr.n_lessons;
	g->gr.n_lessons += pt->n_lessons;
	if (c->n_patterns > CP_CAND_MAX_PATTERNS) {
		cp_engine_fail(err, CP_ENGINE_ERR_TOO_BIG,
			       "more than %d candidate patterns would be generated; use a coarser "
			       "grid, fewer anchors, fewer weekdays or start dates "
			       "(policy.start_dates.every_weeks)",
			       CP_CAND_MAX_PATTERNS);
		return -1;
	}
	if (g->gr.n_lessons > MAX_LESSONS) {
		cp_engine_fail(err, CP_ENGINE_ERR_TOO_BIG,
			       "more than %zu candidate lessons would be generated", MAX_LESSONS);
		return -1;
	}
	return fits;
}

/* The patterns of one feasible (anchor, weekday set, start): one per
 * start offset wanted while N lessons fit; the first offset is kept even
 * when they do not (dropped), later ones only when they fit. */
static bool
offset_patterns(struct gen *g, size_t a, size_t si, size_t gi, struct cp_engine_error *err)
{
	const cp_instant *row = g->inst + (a * g->n_grid + gi) * g->n_days;
	const uint8_t *krow = g->kinds + (a * g->n_grid + gi) * g->n_days;
	unsigned set = g->sets[si];
	size_t w_last = row_dates(g, row, set);
	size_t span = (g->c->needed + (size_t)popcount7(set) - 1) / (size_t)popcount7(set);
	size_t from = 0;
	for (size_t w = 0; w < g->n_thresholds; w++) {
		while (from < g->sd.n && row[g->sd.index[from]] < g->thresholds[w])
			from++;
		if (w > 0 && !want_offset(g->auto_starts, w, w_last, span))
			continue;
		int fit = add_pattern(g, row, krow, a, set, gi, w, from, err);
		if (fit < 0)
			return false;
		if (!fit)
			break;
	}
	return true;
}

/* The rows and arrays of g: false when out of memory. */
static bool
gen_alloc(struct gen *g)
{
	size_t rows = g->c->n_anchors * g->n_grid;
	g->inst = malloc(rows * g->n_days * sizeof(*g->inst));
	g->kinds = malloc(rows * g->n_days);
	g->feasible = calloc(rows, sizeof(*g->feasible));
	g->sd.index = malloc(g->n_days * sizeof(*g->sd.index));
	g->sd.holiday = malloc(g->n_days * sizeof(*g->sd.holiday));
	g->sd.left = malloc((g->n_days + 1) * sizeof(*g->sd.left));
	return g->inst && g->kinds && g->feasible && g->sd.index && g->sd.holiday && g->sd.left;
}

struct cp_cand *cp_cand_create(const struct cp_problem *p, const struct cp_offdays *off,
			       const struct cp_cand_options *opts, struct cp_engine_error *err)
{
	const struct cp_course *co = cp_problem_course(p);
	struct gen g = { .pol = cp_problem_policy(p), .off = off };
	struct cp_cand *c;

	if (!check_problem(p, err))
		return NULL;
	c = g.c = calloc(1, sizeof(*c));
	if (!c) {
		cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
		return NULL;
	}
	c->problem = p;
	c->off = off;
	if (!set_options(c, opts, err))
		goto fail;
	/* Anchor-local dates two days either side of the window: an anchor
	 * east of the reference zone can have a lesson inside the window on
	 * its day after the window's last (and one west of it on its day
	 * before the first); zones differ by up to 26 hours. */
	g.base = co->start - 2;
	g.n_days = (size_t)(co->end - co->start + 5);
	g.n_grid = CP_MINUTES_PER_DAY / (size_t)c->opts.grid;
	cp_instant lo = day_start_utc(co->start) - 2 * 86400;
	cp_instant hi = day_start_utc(co->end) + 3 * 86400;
	g.win_lo = course_midnight(co, co->start);
	g.win_hi = course_midnight(co, co->end + 1);
	if (!start_thresholds(&g, co))
		goto nomem;
	if (choose_anchors(c, lo, hi, err) != CP_ENGINE_OK)
		goto fail;
	if (!participant_zones(&g) || !gen_alloc(&g))
		goto nomem;

	int kmin = co->sessions_min > 0 ? co->sessions_min : 1;
	int kmax = co->sessions_max >= kmin ? co->sessions_max : kmin;
	if (kmax > 7)
		kmax = 7;
	g.n_sets = day_sets(c, kmin, kmax, g.sets);
	c->kmin = kmin;
	c->kmax = kmax;

	resolve_starts(&g);
	for (size_t a = 0; a < c->n_anchors; a++)
		for (size_t si = 0; si < g.n_sets; si++)
			for (size_t gi = 0; gi < g.n_grid; gi++)
				if (g.feasible[a * g.n_grid + gi] && !offset_patterns(&g, a, si, gi, err))
					goto fail;
	for (size_t i = 0; i < c->n_patterns; i++)
		c->patterns[i].lessons = c->lessons + g.gr.first_lesson[i];

	c->n_lessons = g.gr.n_lessons;
	if (!build_instants(c))
		goto nomem;

	if (!mark_duplicates(c) || !cp_cand_judge_teachers(c))
		goto nomem;

	gen_finish(&g);
	return c;
nomem:
	cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
fail:
	gen_finish(&g);
	cp_cand_destroy(c);
	return NULL;
}

void cp_cand_destroy(struct cp_cand *c)
{
	if (!c)
		return;
	cp_cand_drop_conflicts(c);
	free(c->anchors);
	free(c->patterns);
	free(c->lessons);
	free(c->instants);
	free(c->instant_end);
	free(c->teach);
	free(c->teach_lesson);
	free(c->pend);
	free(c->pend_lessons);
	free(c->wbw_taught);
	free(c);
}

char *cp_cand_pattern_label(const struct cp_cand *c, size_t i, char *buf, size_t len)
{
	static const char *const names[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	const struct cp_cand_pattern *pt = &c->patterns[i];
	size_t n = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (pt->by_week) {
		int r = snprintf(buf, len, "week by week");
		if (r < 0 || (size_t)r >= len)
			return buf;
		n = (size_t)r;
	}
	for (int j = 0; j < 7 && !pt->by_week; j++) {
		int wd = (j + 1) % 7;
		if (!(pt->days & CP_DAYBIT(wd)))
			continue;
		int r = snprintf(buf + n, len - n, "%s%s", n ? "+" : "", names[wd]);
		if (r < 0 || (size_t)r >= len - n)
			return buf;
		n += (size_t)r;
	}
	int r = snprintf(buf + n, len - n, " %02d:%02d %s", pt->start / 60, pt->start % 60,
			 cp_tz_name(c->anchors[pt->anchor]));
	if (r < 0 || (size_t)r >= len - n || pt->first == CP_DAY_UNSET)
		return buf;
	n += (size_t)r;
	int32_t y;
	int mo, d;
	cp_civil_from_days(pt->first, &y, &mo, &d);
	snprintf(buf + n, len - n, " from %04d-%02d-%02d", (int)y, mo, d);
	return buf;
}

/* ---- week-by-week patterns -------------------------------------------- */

/* One anchor-local date of a week-by-week expansion. */
struct wbw_date {
	cp_day day;
	cp_instant start;
	uint8_t kind;
	bool usable;   /* inside the window and the start dates, allowed
	                * weekday, not a course-wide holiday */
	bool holiday;  /* a course-wide holiday inside the window */
	bool free;     /* usable and free for a full session */
	bool taught;   /* some teacher may give a full lesson then */
};

/* May some teacher give a full lesson at t, anchor-local (day, start)?
 * Cached per (anchor, grid start, date): every situation asks the same. */
static bool wbw_taught(struct cp_cand *c, size_t anchor, int start, cp_day day, cp_instant t)
{
	size_t n_grid = CP_MINUTES_PER_DAY / (size_t)c->opts.grid, slot = SIZE_MAX;
	if (c->n_teachers == 0)
		return true;
	if (!c->wbw_taught) {
		const struct cp_course *co = cp_problem_course(c->problem);
		c->wbw_base = co->start - 10;
		c->wbw_days = (size_t)(co->end - co->start) + 24;
		c->wbw_taught = calloc(c->n_anchors * n_grid * c->wbw_days, 1);
	}
	if (c->wbw_taught && start % c->opts.grid == 0 && day >= c->wbw_base &&
	    (size_t)(day - c->wbw_base) < c->wbw_days)
		slot = (anchor * n_grid + (size_t)(start / c->opts.grid)) * c->wbw_days +
		       (size_t)(day - c->wbw_base);
	if (slot != SIZE_MAX && c->wbw_taught[slot])
		return c->wbw_taught[slot] == 1;
	bool ok = false;
	for (size_t tt = 0; tt < c->n_teachers && !ok; tt++)
		ok = cp_cand_teach_lesson(c, tt, t, c->minutes) == CP_TEACH_OK;
	if (slot != SIZE_MAX)
		c->wbw_taught[slot] = ok ? 1 : 2;
	return ok;
}

/* How well weekday set m serves the week's dates, as one comparable
 * score: first the fewest usable dates no teacher may teach (a lesson
 * nobody can give makes the timetable useless), then the most dates the
 * situation is free on, then the fewest it is not. */
static long wbw_score(const struct wbw_date *wk, size_t n, unsigned m)
{
	long good = 0, bad = 0, untaught = 0;
	for (size_t x = 0; x < n; x++)
		if ((m & CP_DAYBIT(cp_weekday_from_days(wk[x].day))) && wk[x].usable) {
			if (wk[x].free)
				good++;
			else
				bad++;
			untaught += !wk[x].taught;
		}
	return good * 16 - bad - untaught * 1024;
}

/* Room for one more pending pattern and its lessons; false when out of
 * memory. */
static bool
grow_pend(struct cp_cand *c)
{
	if (c->n_pend < c->cap_pend)
		return true;
	size_t cap = c->cap_pend ? 2 * c->cap_pend : 64;
	struct cp_cand_pattern *np = realloc(c->pend, cap * sizeof(*np));
	if (!np)
		return false;
	c->pend = np;
	struct cp_cand_lesson *nl = realloc(c->pend_lessons, cap * c->needed * sizeof(*nl));
	if (!nl)
		return false;
	c->pend_lessons = nl;
	c->cap_pend = cap;
	return true;
}

/* The best weekday set for one week (0: none allowed); only sets used so
 * far once max_shapes are. *is_used_out: whether it was used before. */
static unsigned
best_set(const struct cp_cand *c, const unsigned *sets, size_t n_sets, const unsigned *used,
	 size_t n_used, size_t max_shapes, unsigned prev_days, const struct wbw_date *wk, size_t n,
	 bool *is_used_out)
{
	unsigned best = 0;
	long best_score = 0;
	bool best_used = false;
	for (size_t si = 0; si < n_sets; si++) {
		unsigned m = sets[si];
		bool is_used = false;
		for (size_t u = 0; u < n_used && !is_used; u++)
			is_used = used[u] == m;
		if (!is_used && n_used >= max_shapes)
			continue;
		/* Consecutive days across the week boundary: last week's
		 * Sunday and this week's Monday. */
		if (!c->opts.adjacent_days && (prev_days & CP_DAYBIT(0)) && (m & CP_DAYBIT(1)))
			continue;
		long sc = wbw_score(wk, n, m);
		if (best == 0 || sc > best_score || (sc == best_score && is_used && !best_used)) {
			best = m;
			best_score = sc;
			best_used = is_used;
		}
	}
	*is_used_out = best_used;
	return best;
}

long cp_cand_by_week_build(struct cp_cand *c, size_t anchor, int start, int max_shapes,
			   cp_cand_free_fn free_fn, void *ctx, long more_than)
{
	const struct cp_course *co = cp_problem_course(c->problem);
	unsigned sets[128], used[128];
	size_t n_sets, n_used = 0;
	unsigned prev_days = 0;   /* weekdays chosen in the previous week */
	struct wbw_date wk[7];
	struct cp_cand_lesson *les;
	struct cp_cand_pattern pt;
	long minutes = 0;

	if (anchor >= c->n_anchors || start < 0 || start + c->minutes > CP_MINUTES_PER_DAY ||
	    max_shapes < 1)
		return 0;
	if (!grow_pend(c))
		return -1;
	les = c->pend_lessons + c->n_pend * c->needed;
	memset(&pt, 0, sizeof(pt));
	pt.anchor = anchor;
	pt.start = start;
	pt.minutes = c->minutes;
	pt.other = CP_CAND_NONE;
	pt.first = CP_DAY_UNSET;
	pt.by_week = true;
	n_sets = day_sets(c, c->kmin, c->kmax, sets);

	/* Monday-based weeks of anchor dates, from the Monday on or before
	 * the window's first date minus the two days of slack. */
	cp_day d0 = cp_iso_monday(co->start - 2);
	for (cp_day monday = d0; monday <= co->end + 2 && pt.n_lessons < c->needed; monday += 7) {
		size_t n = 0;
		bool any = false;
		for (int x = 0; x < 7; x++) {
			struct wbw_date *w = &wk[n++];
			cp_day day = monday + x;
			w->day = day;
			w->start = resolve(c->anchors[anchor], day, start, &w->kind);
			cp_instant end = w->start + (cp_instant)c->minutes * 60;
			bool inside = w->start >= c->win_lo && end <= c->win_hi &&
				      w->start >= c->first_from &&
				      (c->opts.weekdays & CP_DAYBIT(cp_weekday_from_days(day)));
			w->holiday = inside && c->off && cp_offdays_course(c->off, day);
			w->usable = inside && !w->holiday;
			w->free = w->usable && free_fn(ctx, w->start, end);
			w->taught = !w->usable || wbw_taught(c, anchor, start, day, w->start);
			any |= w->usable;
		}
		if (!any)
			continue;
		bool best_used = false;
		unsigned best = best_set(c, sets, n_sets, used, n_used, (size_t)max_shapes, prev_days,
					 wk, n, &best_used);
		if (best == 0)
			return 0; /* nothing allowed (every set excluded) */
		size_t before = pt.n_lessons;
		for (size_t x = 0; x < n && pt.n_lessons < c->needed; x++) {
			if (!(best & CP_DAYBIT(cp_weekday_from_days(wk[x].day))))
				continue;
			if (wk[x].holiday) {
				pt.n_skipped++;
				continue;
			}
			if (!wk[x].usable)
				continue;
			struct cp_cand_lesson *l = &les[pt.n_lessons++];
			int len = pt.n_lessons == c->needed ? c->last_minutes : c->minutes;
			l->start = wk[x].start;
			l->end = wk[x].start + (cp_instant)len * 60;
			l->date = wk[x].day;
			l->kind = wk[x].kind;
			/* A short last lesson is judged with its own length. */
			bool ok = len == c->minutes ? wk[x].free : free_fn(ctx, l->start, l->end);
			if (ok)
				minutes += len;
			pt.days |= CP_DAYBIT(cp_weekday_from_days(wk[x].day));
		}
		/* A set counts as a shape once it gave lessons. */
		if (!best_used && pt.n_lessons > before)
			used[n_used++] = best;
		prev_days = best;
	}
	if (pt.n_lessons < c->needed || les[0].start >= c->first_before)
		return 0; /* does not fit: nothing */
	if (minutes <= more_than)
		return minutes;
	pt.k = popcount7(pt.days);
	pt.first = les[0].date;
	pt.n_lessons = c->needed;
	c->pend[c->n_pend++] = pt;
	return minutes;
}

size_t cp_cand_by_week_add(struct cp_cand *c)
{
	size_t add = c->n_pend, np = c->n_patterns, nl = c->n_lessons;
	if (add == 0)
		return 0;
	struct cp_cand_pattern *pats = realloc(c->patterns, (np + add) * sizeof(*pats));
	if (!pats)
		return (size_t)-1;
	c->patterns = pats;
	/* The lesson block may move: patterns point into it again after. */
	size_t *off = malloc((np + 1) * sizeof(*off));
	if (!off)
		return (size_t)-1;
	for (size_t i = 0; i < np; i++)
		off[i] = (size_t)(pats[i].lessons - c->lessons);
	struct cp_cand_lesson *les = realloc(c->lessons, (nl + add * c->needed) * sizeof(*les));
	if (les)
		c->lessons = les;
	for (size_t i = 0; i < np; i++)
		pats[i].lessons = c->lessons + off[i];
	free(off);
	if (!les)
		return (size_t)-1;
	memcpy(c->lessons + nl, c->pend_lessons, add * c->needed * sizeof(*les));
	for (size_t j = 0; j < add; j++) {
		pats[np + j] = c->pend[j];
		pats[np + j].state = CP_CAND_LIVE;
		pats[np + j].lessons = c->lessons + nl + j * c->needed;
	}
	c->n_patterns = np + add;
	c->n_lessons = nl + add * c->needed;
	c->n_pend = 0;
	free(c->teach);
	free(c->teach_lesson);
	c->teach = NULL;
	c->teach_lesson = NULL;
	cp_cand_drop_conflicts(c);
	if (!build_instants(c) || !mark_duplicates(c) || !cp_cand_judge_teachers(c))
		return (size_t)-1;
	return add;
}
