/* Attendability: situations, verdicts per lesson start, counts per pattern.
 * See attend.h and docs/engine.md ("Attendability"). */
#include "attend-private.h"

#include <stdlib.h>
#include <string.h>
#include "cp_util.h"


const char *cp_attend_reason_name(enum cp_attend_reason r)
{
	switch (r) {
	case CP_ATTEND_OK: return "ok";
	case CP_ATTEND_AFTER_DEPARTURE: return "after_departure";
	case CP_ATTEND_HOLIDAY: return "holiday";
	case CP_ATTEND_ROSTER: return "roster";
	case CP_ATTEND_TOO_EARLY: return "too_early";
	case CP_ATTEND_TOO_LATE: return "too_late";
	case CP_ATTEND_OUTSIDE_AVAILABILITY: return "outside_availability";
	case CP_ATTEND_RAMADAN: return "ramadan";
	case CP_ATTEND_EXCEPTION: return "exception";
	case CP_ATTEND_REASON_COUNT: break;
	}
	return "?";
}

void cp_attend_options_init(struct cp_attend_options *o)
{
	memset(o, 0, sizeof(*o));
	o->roster_margin = 60;
}

/* ---- situations ------------------------------------------------------- */

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdull;
}

static uint64_t mix_str(uint64_t h, const char *s)
{
	if (!s)
		return mix(h, 0);
	while (*s)
		h = mix(h, (unsigned char)*s++);
	return mix(h, 1);
}

/* The inputs added with per-person calendars and changing hours: own
 * holiday calendars, dated periods, roster margins and shifts with margins
 * of their own. */
static uint64_t own_hash(uint64_t h, const struct cp_participant *x)
{
	h = mix(h, x->n_holidays);
	for (size_t i = 0; i < x->n_holidays; i++)
		h = mix_str(h, x->holidays[i]);
	h = mix(h, x->n_periods);
	for (size_t i = 0; i < x->n_periods; i++) {
		const struct cp_period *p = &x->periods[i];
		h = mix(h, (uint64_t)p->from);
		h = mix(h, (uint64_t)p->to);
		h = mix(h, p->n_availability);
		for (size_t j = 0; j < p->n_availability; j++) {
			h = mix(h, p->availability[j].days);
			h = mix(h, (uint64_t)p->availability[j].start << 16 |
				   (uint64_t)p->availability[j].end);
		}
	}
	h = mix(h, (uint64_t)(uint32_t)x->roster.margin_before << 32 |
		   (uint32_t)x->roster.margin_after);
	h = mix(h, x->roster.n_groups);
	for (size_t i = 0; i < x->roster.n_groups; i++) {
		const struct cp_margin_group *g = &x->roster.groups[i];
		h = mix(h, (uint64_t)(uint32_t)g->before << 32 | (uint32_t)g->after);
		h = mix(h, g->busy.count);
		for (size_t j = 0; j < g->busy.count; j++) {
			h = mix(h, (uint64_t)g->busy.items[j].start);
			h = mix(h, (uint64_t)g->busy.items[j].end);
		}
	}
	return h;
}

static bool same_windows(const struct cp_weekly_window *a, const struct cp_weekly_window *b,
			 size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].days != b[i].days || a[i].start != b[i].start || a[i].end != b[i].end)
			return false;
	return true;
}

static bool same_own(const struct cp_participant *a, const struct cp_participant *b)
{
	if (a->n_holidays != b->n_holidays || a->n_periods != b->n_periods ||
	    a->roster.margin_before != b->roster.margin_before ||
	    a->roster.margin_after != b->roster.margin_after ||
	    a->roster.n_groups != b->roster.n_groups)
		return false;
	for (size_t i = 0; i < a->n_holidays; i++)
		if (!str_eq(a->holidays[i], b->holidays[i]))
			return false;
	for (size_t i = 0; i < a->n_periods; i++) {
		const struct cp_period *x = &a->periods[i], *y = &b->periods[i];
		if (x->from != y->from || x->to != y->to || x->n_availability != y->n_availability ||
		    !same_windows(x->availability, y->availability, x->n_availability))
			return false;
	}
	for (size_t i = 0; i < a->roster.n_groups; i++) {
		const struct cp_margin_group *x = &a->roster.groups[i], *y = &b->roster.groups[i];
		if (x->before != y->before || x->after != y->after ||
		    x->busy.count != y->busy.count)
			return false;
		for (size_t j = 0; j < x->busy.count; j++)
			if (x->busy.items[j].start != y->busy.items[j].start ||
			    x->busy.items[j].end != y->busy.items[j].end)
				return false;
	}
	return true;
}

/* Everything that decides a participant's verdicts, and nothing else. */
static uint64_t situation_hash(const struct cp_participant *x)
{
	uint64_t h = mix(0, (uint64_t)(uintptr_t)x->tz);
	h = mix_str(h, x->country);
	h = mix(h, (uint64_t)x->departure);
	h = mix(h, x->n_availability);
	for (size_t i = 0; i < x->n_availability; i++) {
		h = mix(h, x->availability[i].days);
		h = mix(h, (uint64_t)x->availability[i].start << 16 | (uint64_t)x->availability[i].end);
	}
	h = mix(h, x->n_exceptions);
	for (size_t i = 0; i < x->n_exceptions; i++) {
		const struct cp_exception *e = &x->exceptions[i];
		h = mix(h, (uint64_t)e->from);
		h = mix(h, (uint64_t)e->to);
		h = mix(h, (uint64_t)e->start << 17 | (uint64_t)e->end << 1 | e->available);
	}
	h = mix(h, x->roster.busy.count);
	for (size_t i = 0; i < x->roster.busy.count; i++) {
		h = mix(h, (uint64_t)x->roster.busy.items[i].start);
		h = mix(h, (uint64_t)x->roster.busy.items[i].end);
	}
	return own_hash(h, x);
}

static bool same_situation(const struct cp_participant *a, const struct cp_participant *b)
{
	if (a->tz != b->tz || !str_eq(a->country, b->country) || a->departure != b->departure ||
	    a->n_availability != b->n_availability || a->n_exceptions != b->n_exceptions ||
	    a->roster.busy.count != b->roster.busy.count)
		return false;
	for (size_t i = 0; i < a->n_availability; i++) {
		const struct cp_weekly_window *x = &a->availability[i], *y = &b->availability[i];
		if (x->days != y->days || x->start != y->start || x->end != y->end)
			return false;
	}
	for (size_t i = 0; i < a->n_exceptions; i++) {
		const struct cp_exception *x = &a->exceptions[i], *y = &b->exceptions[i];
		if (x->from != y->from || x->to != y->to || x->start != y->start ||
		    x->end != y->end || x->available != y->available)
			return false;
	}
	for (size_t i = 0; i < a->roster.busy.count; i++)
		if (a->roster.busy.items[i].start != b->roster.busy.items[i].start ||
		    a->roster.busy.items[i].end != b->roster.busy.items[i].end)
			return false;
	return same_own(a, b);
}

static bool build_situations(struct cp_attend *a)
{
	size_t np = a->np, cap = 16;
	while (cap < 2 * np)
		cap *= 2;
	uint32_t *table = malloc(cap * sizeof(*table));
	uint64_t *hashes = malloc((np + 1) * sizeof(*hashes));
	a->sit_of = malloc((np + 1) * sizeof(*a->sit_of));
	a->sit_rep = malloc((np + 1) * sizeof(*a->sit_rep));
	if (!table || !hashes || !a->sit_of || !a->sit_rep) {
		free(table);
		free(hashes);
		return false;
	}
	for (size_t i = 0; i < cap; i++)
		table[i] = UINT32_MAX;
	for (size_t i = 0; i < np; i++) {
		const struct cp_participant *x = cp_problem_participant(a->problem, i);
		uint64_t h = situation_hash(x);
		for (size_t slot = h & (cap - 1);; slot = (slot + 1) & (cap - 1)) {
			uint32_t s = table[slot];
			if (s == UINT32_MAX) {
				table[slot] = (uint32_t)a->n_sit;
				hashes[a->n_sit] = h;
				a->sit_rep[a->n_sit] = (uint32_t)i;
				a->sit_of[i] = (uint32_t)a->n_sit++;
				break;
			}
			if (hashes[s] == h &&
			    same_situation(x, cp_problem_participant(a->problem, a->sit_rep[s]))) {
				a->sit_of[i] = s;
				break;
			}
		}
	}
	free(table);
	free(hashes);
	return true;
}

/* ---- the rules -------------------------------------------------------- */

/* Flags that depend only on zone, country and policy. */
enum {
	BASE_HOLIDAY = 1,
	BASE_EARLY = 2,
	BASE_LATE = 4,
	BASE_RAMADAN = 8,
};

static uint8_t base_flags(const struct cp_attend *a, const struct cp_participant *x,
			  const struct cp_local *l)
{
	const struct cp_policy *pol = cp_problem_policy(a->problem);
	const struct cp_ramadan_rule *rr = cp_offdays_ramadan_rule(a->off, x->country);
	uint8_t f = 0;

	if (cp_offdays_participant(a->off, x->country, l->day))
		f |= BASE_HOLIDAY;
	if (pol->earliest != CP_MIN_UNSET && l->smin < pol->earliest)
		f |= BASE_EARLY;
	if (pol->latest != CP_MIN_UNSET && l->emin > pol->latest)
		f |= BASE_LATE;
	if (rr && rr->start != CP_MIN_UNSET && rr->end != CP_MIN_UNSET &&
	    cp_band_overlaps(l->smin, l->emin, rr->start, rr->end,
			     cp_offdays_ramadan(a->off, l->day),
			     l->emin > 1440 && cp_offdays_ramadan(a->off, l->day + 1)))
		f |= BASE_RAMADAN;
	return f;
}

/* Does [t, t + len) come closer to a shift than its margins allow? The
 * roster's margins, else the caller's default; a shift's own (or its
 * kind's), else the roster's. */
static bool roster_clash(const struct cp_attend *a, const struct cp_roster *r, cp_instant t,
			 cp_instant len)
{
	int dflt = a->opts.roster_margin;
	int before = r->margin_before != CP_MIN_UNSET ? r->margin_before : dflt;
	int after = r->margin_after != CP_MIN_UNSET ? r->margin_after : dflt;

	/* A lesson must end `before` minutes ahead of a shift's start and
	 * start `after` minutes past its end: widen the lesson the other
	 * way round. */
	if (r->busy.count && cp_interval_set_overlaps(&r->busy, t - (cp_instant)after * 60,
						      t + len + (cp_instant)before * 60))
		return true;
	for (size_t i = 0; i < r->n_groups; i++) {
		const struct cp_margin_group *g = &r->groups[i];
		cp_instant b = (cp_instant)(g->before != CP_MIN_UNSET ? g->before : before) * 60;
		cp_instant e = (cp_instant)(g->after != CP_MIN_UNSET ? g->after : after) * 60;
		if (g->busy.count && cp_interval_set_overlaps(&g->busy, t - e, t + len + b))
			return true;
	}
	return false;
}

/* The verdict for lesson [t, end) seen locally as l (each lesson with its
 * own length: a short last lesson is judged as short). The order of the
 * checks is the documented order of reasons. */
static uint8_t verdict(const struct cp_attend *a, const struct cp_participant *x,
		       const struct cp_local *l, uint8_t base, cp_instant t, cp_instant end)
{
	cp_instant len = end - t;

	if (x->departure != CP_DAY_UNSET && l->day >= x->departure)
		return CP_ATTEND_AFTER_DEPARTURE;
	if (base & BASE_HOLIDAY)
		return CP_ATTEND_HOLIDAY;
	if (x->n_holidays && cp_offdays_own(a->off, x->holidays, x->n_holidays, l->day))
		return CP_ATTEND_HOLIDAY;
	if (roster_clash(a, &x->roster, t, len))
		return CP_ATTEND_ROSTER;
	if (base & BASE_EARLY)
		return CP_ATTEND_TOO_EARLY;
	if (base & BASE_LATE)
		return CP_ATTEND_TOO_LATE;
	if (!cp_local_covered_periods(x->availability, x->n_availability, x->periods, x->n_periods,
				      x->exceptions, x->n_exceptions, l->day, l->smin, l->emin))
		return CP_ATTEND_OUTSIDE_AVAILABILITY;
	if (base & BASE_RAMADAN)
		return CP_ATTEND_RAMADAN;
	if (cp_local_blocked(x->exceptions, x->n_exceptions, l->day, l->smin, l->emin))
		return CP_ATTEND_EXCEPTION;
	return CP_ATTEND_OK;
}

enum cp_attend_reason cp_attend_judge(const struct cp_attend *a, size_t i, cp_instant t)
{
	return cp_attend_judge_span(a, i, t, t + (cp_instant)a->minutes * 60);
}

enum cp_attend_reason cp_attend_judge_span(const struct cp_attend *a, size_t i, cp_instant start,
					   cp_instant end)
{
	const struct cp_participant *x = cp_problem_participant(a->problem, i);
	struct cp_local l;
	cp_local_of(x->tz, start, end - start, &l);
	return (enum cp_attend_reason)verdict(a, x, &l, base_flags(a, x, &l), start, end);
}

/* ---- tables ----------------------------------------------------------- */

/* Local times of every instant in one zone, and base flags per (zone,
 * country): few of each, so a short list searched linearly. */
struct zone_table {
	const struct cp_tz *tz;
	struct cp_local *loc;
};

struct base_table {
	const struct cp_tz *tz;
	const char *country;
	uint8_t *flags;
};

/* The local-time table of zone tz, computed for the used instants on first
 * use; NULL when out of memory. */
static struct zone_table *zone_lookup(struct zone_table **zones, size_t *nz, size_t *zcap,
				      const struct cp_cand *c, const struct cp_tz *tz,
				      const uint32_t *used_list, size_t n_used, size_t nu)
{
	for (size_t q = 0; q < *nz; q++)
		if ((*zones)[q].tz == tz)
			return &(*zones)[q];
	if (!CP_GROW(*zones, *zcap, *nz + 1, 1))
		return NULL;
	struct zone_table *z = &(*zones)[*nz];
	z->tz = tz;
	z->loc = malloc((nu + 1) * sizeof(*z->loc));
	if (!z->loc)
		return NULL;
	(*nz)++;
	for (size_t q = 0; q < n_used; q++)
		cp_local_of(tz, cp_cand_instant(c, used_list[q]),
			    cp_cand_instant_end(c, used_list[q]) - cp_cand_instant(c, used_list[q]),
			    &z->loc[used_list[q]]);
	return z;
}

/* The base flags of x's (zone, country), computed for the used instants on
 * first use from z, x's zone table; NULL when out of memory. */
static struct base_table *base_lookup(struct base_table **bases, size_t *nb, size_t *bcap,
				      const struct cp_attend *a, const struct cp_participant *x,
				      const struct zone_table *z, const uint32_t *used_list,
				      size_t n_used, size_t nu)
{
	for (size_t q = 0; q < *nb; q++)
		if ((*bases)[q].tz == x->tz && str_eq((*bases)[q].country, x->country))
			return &(*bases)[q];
	if (!CP_GROW(*bases, *bcap, *nb + 1, 1))
		return NULL;
	struct base_table *b = &(*bases)[*nb];
	b->tz = x->tz;
	b->country = x->country;
	b->flags = malloc(nu + 1);
	if (!b->flags)
		return NULL;
	(*nb)++;
	for (size_t q = 0; q < n_used; q++)
		b->flags[used_list[q]] = base_flags(a, x, &z->loc[used_list[q]]);
	return b;
}

static bool judge_all(struct cp_attend *a)
{
	const struct cp_cand *c = a->cand;
	size_t nu = cp_cand_instant_count(c), np = cp_cand_pattern_count(c);
	size_t nz = 0, nb = 0, zcap = 8, bcap = 8;
	struct zone_table *zones = calloc(zcap, sizeof(*zones));
	struct base_table *bases = calloc(bcap, sizeof(*bases));
	uint8_t *used = calloc(nu + 1, 1);
	uint16_t *ok = malloc((nu + 1) * sizeof(*ok));
	uint32_t *idx = NULL, *used_list = NULL;
	size_t n_used = 0, need = cp_cand_lessons_needed(c);
	bool result = false;

	a->column = malloc((np + 1) * sizeof(*a->column));
	if (!zones || !bases || !used || !ok || !a->column)
		goto out;
	for (size_t j = 0; j < np; j++) {
		const struct cp_cand_pattern *pt = cp_cand_pattern(c, j);
		a->column[j] = CP_CAND_NONE;
		/* Dropped and duplicate patterns get no column; dominated ones
		 * keep theirs (pruning may run before or after). */
		if (pt->state == CP_CAND_DROPPED || pt->state == CP_CAND_DUPLICATE)
			continue;
		a->column[j] = (uint32_t)a->n_cols++;
		for (size_t k = 0; k < pt->n_lessons; k++)
			used[pt->lessons[k].instant] = 1;
	}
	/* The lesson starts of each column, packed, for the summing loop. */
	idx = malloc((a->n_cols * need + 1) * sizeof(*idx));
	used_list = malloc((nu + 1) * sizeof(*used_list));
	a->counts = malloc((a->n_cols * a->n_sit + 1) * sizeof(*a->counts));
	if (!idx || !used_list || !a->counts)
		goto out;
	for (size_t j = 0; j < np; j++) {
		const struct cp_cand_pattern *pt = cp_cand_pattern(c, j);
		if (a->column[j] == CP_CAND_NONE)
			continue;
		for (size_t k = 0; k < need; k++)
			idx[a->column[j] * need + k] = pt->lessons[k].instant;
	}
	for (size_t u = 0; u < nu; u++)
		if (used[u])
			used_list[n_used++] = (uint32_t)u;

	for (size_t s = 0; s < a->n_sit; s++) {
		const struct cp_participant *x = cp_problem_participant(a->problem, a->sit_rep[s]);
		struct zone_table *z = zone_lookup(&zones, &nz, &zcap, c, x->tz, used_list, n_used, nu);
		if (!z)
			goto out;
		struct base_table *b = base_lookup(&bases, &nb, &bcap, a, x, z, used_list, n_used, nu);
		if (!b)
			goto out;
		/* ok[u]: the minutes instant u gives when attendable, else 0. */
		for (size_t q = 0; q < n_used; q++) {
			uint32_t u = used_list[q];
			cp_instant s0 = cp_cand_instant(c, u), s1 = cp_cand_instant_end(c, u);
			ok[u] = verdict(a, x, &z->loc[u], b->flags[u], s0, s1) == CP_ATTEND_OK
					? (uint16_t)((s1 - s0) / 60) : 0;
		}
		for (size_t col = 0; col < a->n_cols; col++) {
			const uint32_t *li = idx + col * need;
			unsigned sum = 0; /* <= live minutes <= UINT16_MAX (create) */
			for (size_t k = 0; k < need; k++)
				sum += ok[li[k]];
			a->counts[col * a->n_sit + s] = (uint16_t)sum;
		}
	}
	result = true;
out:
	for (size_t q = 0; zones && q < nz; q++)
		free(zones[q].loc);
	for (size_t q = 0; bases && q < nb; q++)
		free(bases[q].flags);
	free(zones);
	free(bases);
	free(used);
	free(ok);
	free(idx);
	free(used_list);
	return result;
}

/* ---- create ----------------------------------------------------------- */

struct cp_attend *cp_attend_create(const struct cp_problem *p, const struct cp_cand *c,
				   const struct cp_offdays *off,
				   const struct cp_attend_options *opts,
				   struct cp_engine_error *err)
{
	const struct cp_course *co = cp_problem_course(p);
	struct cp_attend *a;
	size_t need = cp_cand_lessons_needed(c);

	/* Counts are attendable minutes in 16 bits: the model's limit of
	 * 1000 lesson hours (60,000 minutes) fits; anything larger is
	 * refused rather than wrapped. */
	if (need > UINT16_MAX || co->live_minutes < 0 || co->live_minutes > UINT16_MAX) {
		cp_engine_fail(err, CP_ENGINE_ERR_TOO_BIG, "%d live minutes (limit %u)",
			       co->live_minutes, (unsigned)UINT16_MAX);
		return NULL;
	}
	a = calloc(1, sizeof(*a));
	if (!a) {
		cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
		return NULL;
	}
	a->problem = p;
	a->cand = c;
	a->off = off;
	if (opts)
		a->opts = *opts;
	else
		cp_attend_options_init(&a->opts);
	if (a->opts.roster_margin < 0)
		a->opts.roster_margin = 0;
	a->np = cp_problem_participant_count(p);
	a->minutes = co->session_minutes;
	{
		const struct cp_policy *pol = cp_problem_policy(p);
		a->total = (unsigned)co->live_minutes;
		a->needed = cp_attend_threshold(pol->attendance_target, a->total);
		a->floor = a->needed;
		if (pol->below_admit) {
			unsigned f = cp_attend_threshold(pol->below_floor, a->total);
			if (f < 1)
				f = 1;
			if (f < a->floor)
				a->floor = f;
		}
	}
	for (size_t i = 0; i < a->np; i++)
		if (!cp_problem_participant(p, i)->tz) {
			cp_engine_fail(err, CP_ENGINE_ERR_INVALID, "participant %s has no time zone",
				       cp_problem_participant(p, i)->id);
			cp_attend_destroy(a);
			return NULL;
		}
	if (!build_situations(a) || !judge_all(a)) {
		cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
		cp_attend_destroy(a);
		return NULL;
	}
	a->matrix.counts = a->counts;
	a->matrix.rows = a->n_sit;
	a->matrix.column = a->column;
	return a;
}

void cp_attend_destroy(struct cp_attend *a)
{
	if (!a)
		return;
	cp_attend_drop_classes(a);
	free(a->sit_of);
	free(a->sit_rep);
	free(a->column);
	free(a->counts);
	free(a);
}

/* ---- queries ---------------------------------------------------------- */

const struct cp_cand_matrix *cp_attend_matrix(const struct cp_attend *a)
{
	return &a->matrix;
}

size_t cp_attend_situation_count(const struct cp_attend *a)
{
	return a->n_sit;
}

size_t cp_attend_situation_of(const struct cp_attend *a, size_t participant)
{
	return a->sit_of[participant];
}

unsigned cp_attend_count(const struct cp_attend *a, size_t i, size_t j)
{
	if (i >= a->np || j >= cp_cand_pattern_count(a->cand) || a->column[j] == CP_CAND_NONE)
		return 0;
	return a->counts[(size_t)a->column[j] * a->n_sit + a->sit_of[i]];
}

void cp_attend_reasons(const struct cp_attend *a, size_t i, size_t j,
		       unsigned out[CP_ATTEND_REASON_COUNT])
{
	const struct cp_cand_pattern *pt = cp_cand_pattern(a->cand, j);
	memset(out, 0, CP_ATTEND_REASON_COUNT * sizeof(*out));
	if (!pt || i >= a->np)
		return;
	for (size_t k = 0; k < pt->n_lessons; k++)
		out[cp_attend_judge_span(a, i, pt->lessons[k].start, pt->lessons[k].end)]++;
}

uint32_t cp_attend_best(const struct cp_attend *a, size_t i, unsigned *count)
{
	uint32_t best = CP_CAND_NONE;
	unsigned bc = 0;
	size_t np = cp_cand_pattern_count(a->cand);

	for (size_t j = 0; j < np; j++) {
		if (cp_cand_pattern(a->cand, j)->state != CP_CAND_LIVE)
			continue;
		unsigned n = cp_attend_count(a, i, j);
		if (best == CP_CAND_NONE || n > bc) {
			best = (uint32_t)j;
			bc = n;
		}
	}
	if (count)
		*count = bc;
	return best;
}

