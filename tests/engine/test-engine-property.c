/*
 * Property test: on random small problems, every number the engine reports
 * is derived again here by a brute-force reference that shares no code with
 * it: lessons re-expanded from each pattern's anchor, weekdays and start
 * with cp_tz_to_utc; each lesson converted with cp_tz_to_local and judged
 * rule by rule, minute by minute, with no situations, tables or caches;
 * holidays and Ramadan from the raw dates this test made up; people's own
 * calendars, dated periods and roster margins (per roster and per shift)
 * from the raw values drawn here.
 *
 * Checked per case: pattern lessons (with exact live minutes: the last
 * lesson lasts the remainder) and dropped states (the course window in its
 * reference zone, staggered start weeks, the start-date range), which
 * weekday sets, starts and start weeks were generated (adjacent days,
 * allowed weekdays, every week that fits); every participant's attendable
 * live minutes under every judged pattern and the reason of every lesson
 * (each judged with its own length); the minutes the target needs, from
 * the target as an exact fraction;
 * teachability of every teacher x pattern; pruning (each dominated pattern
 * really is dominated, and nobody's best count is lost); classes (sizes add
 * up, eligibility matches the reference); overlap pairs, cliques and rest
 * conflicts against brute force; week-by-week patterns (check_by_week):
 * their lessons, shapes, minutes and teachers against the raw rules.
 *
 * Usage: test-engine-property [CASES [SEED]]  (default 1000 cases)
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/attend.h>
#include <cohortplan/candidates.h>
#include <cohortplan/holidays.h>
#include <cohortplan/offdays.h>

#include "engine-test.h"

static uint64_t rng;

static uint64_t next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int rnd(int lo, int hi) /* [lo, hi] */
{
	return lo + (int)(next() % (uint64_t)(hi - lo + 1));
}

static const char *const zones[] = {
	"Europe/Brussels", "Africa/Casablanca", "Asia/Beirut", "Asia/Amman",
	"America/Santiago", "Asia/Kolkata", "Australia/Lord_Howe", "America/St_Johns",
	"Asia/Kathmandu", "Pacific/Chatham", "America/Sao_Paulo", "America/New_York",
};
#define N_ZONES (sizeof(zones) / sizeof(zones[0]))

static const char *const countries[] = { "MA", "LB", "JO", "BE" };

/* Reference zones of the course window: the agency's, and zones whose
 * midnights fall at other instants (both sides of UTC, DST at midnight). */
static const char *const course_zones[] = {
	"Europe/Brussels", "America/Mexico_City", "Asia/Beirut", "Asia/Tokyo",
	"America/Santiago", "Pacific/Chatham",
};

/* Course starts near the interesting transitions. */
static const char *const starts[] = {
	"2024-02-20", "2024-03-20", "2024-09-25", "2024-10-20", "2025-02-10",
	"2025-03-25", "2026-03-01", "2026-09-05", "2023-03-10", "2023-10-01",
};

/* ---- the made-up calendars ------------------------------------------- */

struct raw_holiday {
	cp_day day;
	enum cp_applies applies;
	size_t nc;
	const char *const *countries;
};

static struct raw_holiday raw[64];
static size_t n_raw;

/* Fake Hijri calendar: 30-day months, 354-day years, Ramadan 1445 on
 * 2024-03-11 like the real one. Only monotony matters here. */
static bool fake_to_days(void *ctx, int32_t y, int m, int d, int64_t *days)
{
	(void)ctx;
	if (m < 1 || m > 12 || d < 1 || d > 30)
		return false;
	*days = 3623 + (int64_t)(y - 1400) * 354 + (m - 1) * 30 + (d - 1);
	return true;
}

static bool ref_ramadan(cp_day d)
{
	/* Ramadan of Hijri year y: [3623 + (y-1400)*354 + 240, +30). */
	for (int32_t y = 1440; y < 1452; y++) {
		int64_t first = 3623 + (int64_t)(y - 1400) * 354 + 240;
		if (d >= first && d < first + 30)
			return true;
	}
	return false;
}

static bool ref_course_holiday(cp_day d)
{
	for (size_t i = 0; i < n_raw; i++)
		if (raw[i].day == d && (raw[i].applies == CP_APPLIES_TEACHERS ||
					(raw[i].applies == CP_APPLIES_ALL && raw[i].nc == 0)))
			return true;
	return false;
}

static bool ref_participant_holiday(const char *country, cp_day d)
{
	for (size_t i = 0; i < n_raw; i++) {
		if (raw[i].day != d || raw[i].applies == CP_APPLIES_TEACHERS)
			continue;
		if (raw[i].nc == 0)
			return true;
		for (size_t j = 0; j < raw[i].nc; j++)
			if (country && strcmp(raw[i].countries[j], country) == 0)
				return true;
	}
	return false;
}

/* ---- the reference judge --------------------------------------------- */

struct ref_local {
	cp_day day;
	int smin, emin;
};

static void ref_local(const struct cp_tz *tz, cp_instant t, int minutes, struct ref_local *out)
{
	struct cp_tz_local a, b;
	cp_tz_to_local(tz, t, &a);
	cp_tz_to_local(tz, t + (cp_instant)minutes * 60, &b);
	out->day = cp_days_from_civil(a.wall.year, a.wall.month, a.wall.day);
	out->smin = a.wall.hour * 60 + a.wall.minute;
	cp_day eday = cp_days_from_civil(b.wall.year, b.wall.month, b.wall.day);
	out->emin = (int)(eday - out->day) * 1440 + b.wall.hour * 60 + b.wall.minute;
}

/* The wall time start (minutes) of date d in tz as UTC: the earliest
 * instant when it happens twice, the jump's when never (cp_tz_to_utc). */
static cp_instant ref_wall_utc(const struct cp_tz *tz, cp_day d, int start)
{
	struct cp_civil wall = { 0 };
	struct cp_tz_resolution r;
	cp_civil_from_days(d, &wall.year, &wall.month, &wall.day);
	wall.hour = start / 60;
	wall.minute = start % 60;
	cp_tz_to_utc(tz, &wall, &r);
	return r.earliest;
}

static bool in_windows(const struct cp_weekly_window *w, size_t n, cp_day d, int m)
{
	int wd = cp_weekday_from_days(d);
	for (size_t i = 0; i < n; i++)
		if ((w[i].days & CP_DAYBIT(wd)) && w[i].start <= m && m < w[i].end)
			return true;
	return false;
}

static bool in_exception(const struct cp_exception *e, size_t n, bool available, cp_day d, int m)
{
	for (size_t i = 0; i < n; i++)
		if (e[i].available == available && e[i].from <= d && d <= e[i].to &&
		    e[i].start <= m && m < e[i].end)
			return true;
	return false;
}

static int margin_minutes;

/* Exact live minutes, re-derived: N = ceil(live / session) lessons, the
 * first N-1 of session minutes, the last of the remainder (a full session
 * when there is none). The target is drawn as an exact fraction, so the
 * minutes it needs are ceil(num * live / den) in integers. */
static int ref_session, ref_live, ref_need, target_num, target_den;

static int ref_len(size_t k)
{
	if ((int)k + 1 < ref_need)
		return ref_session;
	return ref_live - (ref_need - 1) * ref_session;
}

/* Own calendars: "XX" (the first n_raw_xx entries of raw[], the calendar
 * handed to the engine as a loaded one) and "P1", defined in the problem
 * with the ranges p1[]. */
static size_t n_raw_xx;

/* Shifts with margins of their own, per participant (at most 8). */
struct own_shift {
	cp_instant start, end;
	int before, after;
};
static struct own_shift own_shifts[8][2];
static size_t n_own_shifts[8];
static struct cp_date_range p1[4];
static size_t n_p1;

static bool ref_own_holiday(const char *const *ids, size_t n, cp_day d)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(ids[i], "XX") == 0)
			for (size_t k = 0; k < n_raw_xx; k++)
				if (raw[k].day == d)
					return true;
		if (strcmp(ids[i], "P1") == 0)
			for (size_t k = 0; k < n_p1; k++)
				if (p1[k].from <= d && d <= p1[k].to)
					return true;
	}
	return false;
}

/* Minute m of local date d inside the windows that hold on d: a period's
 * when d is in one, else the usual ones; a date without windows is free. */
static bool ref_available(const struct cp_weekly_window *w, size_t n, const struct cp_period *pr,
			  size_t npr, cp_day d, int m)
{
	for (size_t i = 0; i < npr; i++)
		if (pr[i].from <= d && d <= pr[i].to) {
			w = pr[i].availability;
			n = pr[i].n_availability;
			break;
		}
	return n == 0 || in_windows(w, n, d, m);
}

/* Does [t, t + minutes) come within the margins of busy [a, b)? */
static bool ref_near(cp_instant a, cp_instant b, int before, int after, cp_instant t, int minutes)
{
	return a - (cp_instant)before * 60 < t + (cp_instant)minutes * 60 &&
	       t < b + (cp_instant)after * 60;
}

/* Coverage of the random cases, printed at the end so a vacuous run shows. */
static unsigned long seen_reason[CP_ATTEND_REASON_COUNT], seen_teach[CP_TEACH_REASON_COUNT];
static unsigned long seen_state[4], seen_couples, seen_avoid, seen_cliques, seen_rest;

static enum cp_attend_reason ref_judge(const struct cp_problem *p, const struct cp_participant *x,
				       cp_instant t, int minutes)
{
	const struct cp_policy *pol = cp_problem_policy(p);
	struct ref_local l;
	ref_local(x->tz, t, minutes, &l);

	if (x->departure != CP_DAY_UNSET && l.day >= x->departure)
		return CP_ATTEND_AFTER_DEPARTURE;
	if (ref_participant_holiday(x->country, l.day) ||
	    ref_own_holiday(x->holidays, x->n_holidays, l.day))
		return CP_ATTEND_HOLIDAY;
	int before = x->roster.margin_before >= 0 ? x->roster.margin_before : margin_minutes;
	int after = x->roster.margin_after >= 0 ? x->roster.margin_after : margin_minutes;
	for (size_t i = 0; i < x->roster.busy.count; i++) {
		const struct cp_interval *b = &x->roster.busy.items[i];
		if (ref_near(b->start, b->end, before, after, t, minutes))
			return CP_ATTEND_ROSTER;
	}
	size_t xi = 0;
	while (cp_problem_participant(p, xi) != x)
		xi++;
	for (size_t i = 0; i < n_own_shifts[xi]; i++) {
		const struct own_shift *m = &own_shifts[xi][i];
		if (ref_near(m->start, m->end, m->before >= 0 ? m->before : before,
			     m->after >= 0 ? m->after : after, t, minutes))
			return CP_ATTEND_ROSTER;
	}
	if (l.smin < pol->earliest)
		return CP_ATTEND_TOO_EARLY;
	if (l.emin > pol->latest)
		return CP_ATTEND_TOO_LATE;
	for (int m = l.smin; m < l.emin; m++) {
		cp_day d = l.day + m / 1440;
		if (!ref_available(x->availability, x->n_availability, x->periods, x->n_periods, d,
				   m % 1440) &&
		    !in_exception(x->exceptions, x->n_exceptions, true, d, m % 1440))
			return CP_ATTEND_OUTSIDE_AVAILABILITY;
	}
	for (size_t r = 0; r < pol->n_ramadan; r++) {
		const struct cp_ramadan_rule *rr = &pol->ramadan[r];
		if (!x->country || strcmp(rr->country, x->country) != 0)
			continue;
		for (int m = l.smin; m < l.emin; m++) {
			cp_day d = l.day + m / 1440;
			if (ref_ramadan(d) && rr->start <= m % 1440 && m % 1440 < rr->end)
				return CP_ATTEND_RAMADAN;
		}
	}
	/* A lesson wholly inside a repeated hour (fall back) reads as an empty
	 * local span; it still takes place at its start minute. */
	int last_minute = l.emin > l.smin ? l.emin : l.smin + 1;
	for (int m = l.smin; m < last_minute; m++)
		if (in_exception(x->exceptions, x->n_exceptions, false, l.day + m / 1440, m % 1440))
			return CP_ATTEND_EXCEPTION;
	return CP_ATTEND_OK;
}

static bool ref_speaks(const char *const *l, size_t n, const char *lang)
{
	if (n == 0)
		return true;
	for (size_t i = 0; i < n; i++)
		if (strcmp(l[i], lang) == 0 || (strncmp(l[i], lang, 2) == 0 && l[i][2] == '-'))
			return true;
	return false;
}

static enum cp_teach_reason ref_teach(const struct cp_problem *p, const struct cp_teacher *te,
				      const struct cp_cand_pattern *pt)
{
	if (!ref_speaks(te->languages, te->n_languages, cp_problem_course(p)->language))
		return CP_TEACH_LANGUAGE;
	size_t on_leave = 0;
	for (size_t j = 0; j < pt->n_lessons; j++) {
		struct ref_local l;
		bool leave = false;
		ref_local(te->tz, pt->lessons[j].start, ref_len(j), &l);
		for (size_t k = 0; k < te->n_leave; k++)
			leave |= te->leave[k].from <= l.day && l.day <= te->leave[k].to;
		/* docs/engine.md: up to a quarter of the lessons (rounded
		 * down) on leave go to a substitute and are not judged here. */
		if (leave && ++on_leave > pt->n_lessons / 4)
			return CP_TEACH_LEAVE;
		if (leave)
			continue;
		if (ref_course_holiday(l.day) || ref_own_holiday(te->holidays, te->n_holidays, l.day))
			return CP_TEACH_HOLIDAY;
		if (l.smin < te->earliest)
			return CP_TEACH_TOO_EARLY;
		if (l.emin > te->latest)
			return CP_TEACH_TOO_LATE;
		for (int m = l.smin; m < l.emin; m++)
			if (!ref_available(te->availability, te->n_availability, te->periods,
					   te->n_periods, l.day + m / 1440, m % 1440))
				return CP_TEACH_AVAILABILITY;
	}
	/* Load: minutes per local date and per ISO week, brute force. */
	for (size_t j = 0; j < pt->n_lessons; j++) {
		struct ref_local lj;
		int day = 0, week = 0;
		ref_local(te->tz, pt->lessons[j].start, ref_len(j), &lj);
		cp_day monday = lj.day - (cp_weekday_from_days(lj.day) + 6) % 7;
		for (size_t k = 0; k <= j; k++) {
			struct ref_local lk;
			ref_local(te->tz, pt->lessons[k].start, ref_len(k), &lk);
			if (lk.day == lj.day)
				day += ref_len(k);
			if (lk.day >= monday && lk.day < monday + 7)
				week += ref_len(k);
		}
		if (day > te->max_day)
			return CP_TEACH_MAX_DAY;
		if (week > te->max_week)
			return CP_TEACH_MAX_WEEK;
	}
	return CP_TEACH_OK;
}

/* ---- random problems --------------------------------------------------- */

static const char *lang_ar[] = { "ar" };
static const char *lang_ar_ma[] = { "fr", "ar-MA" };
static const char *lang_fr[] = { "fr" };

static void random_windows(struct cp_problem *p, const struct cp_weekly_window **out, size_t *n)
{
	size_t k = (size_t)rnd(0, 3);
	struct cp_weekly_window *w = cp_problem_alloc(p, k + 1, sizeof(*w));
	for (size_t i = 0; i < k; i++) {
		int a = rnd(0, 47) * 30, b = a + rnd(1, 24) * 30;
		if (b > 1440)
			b = 1440;
		w[i] = (struct cp_weekly_window){ (unsigned)rnd(1, 127), a, b };
	}
	*out = w;
	*n = k;
}

static const char *const own_xx[] = { "XX" };
static const char *const own_p1[] = { "P1" };
static const char *const own_both[] = { "P1", "XX" };

static void random_own(const char *const **ids, size_t *n)
{
	switch (rnd(0, 5)) {
	case 0: *ids = own_xx; *n = 1; break;
	case 1: *ids = own_p1; *n = 1; break;
	case 2: *ids = own_both; *n = 2; break;
	default: *ids = NULL; *n = 0; break;
	}
}

/* None, one or two periods, apart, each with at least one window. */
static void random_periods(struct cp_problem *p, cp_day d0, int days,
			   const struct cp_period **out, size_t *n)
{
	size_t k = rnd(0, 2) == 0 ? (size_t)rnd(1, 2) : 0;
	struct cp_period *pr = cp_problem_alloc(p, k + 1, sizeof(*pr));
	cp_day from = d0 + rnd(-3, days - 1);
	for (size_t i = 0; i < k; i++) {
		size_t nw = (size_t)rnd(1, 3);
		struct cp_weekly_window *w = cp_problem_alloc(p, nw, sizeof(*w));
		for (size_t j = 0; j < nw; j++) {
			int a = rnd(0, 47) * 30, b = a + rnd(1, 24) * 30;
			w[j] = (struct cp_weekly_window){ (unsigned)rnd(1, 127), a, b > 1440 ? 1440 : b };
		}
		pr[i] = (struct cp_period){ from, from + rnd(0, 10), nw, w };
		from = pr[i].to + 1 + rnd(0, 5);
	}
	*out = pr;
	*n = k;
}

/* Hand participant i's shifts with margins of their own to the model. */
static void add_own_shifts(struct cp_problem *p, size_t i)
{
	for (size_t j = 0; j < n_own_shifts[i]; j++) {
		const struct own_shift *m = &own_shifts[i][j];
		struct cp_interval one = { m->start, m->end };
		struct cp_interval_set set = { .items = &one, .count = 1, .cap = 1 };
		cp_problem_add_margin_busy(p, i, m->before, m->after, &set);
	}
}

/* Own calendars, periods and roster margins, drawn after the model's
 * check (which would want the calendars' ids resolved by api/ and
 * rebuilds inline rosters). */
static void random_personal(struct cp_problem *p, cp_day d0, int days)
{
	n_p1 = (size_t)rnd(0, 3);
	struct cp_calendar_date *cd = cp_problem_alloc(p, n_p1 + 1, sizeof(*cd));
	for (size_t i = 0; i < n_p1; i++) {
		p1[i].from = d0 + rnd(-1, days);
		p1[i].to = p1[i].from + rnd(0, 2);
		cd[i] = (struct cp_calendar_date){ p1[i].from, p1[i].to, NULL };
	}
	struct cp_calendar_def *def = cp_problem_alloc(p, 1, sizeof(*def));
	*def = (struct cp_calendar_def){ "P1", NULL, n_p1, cd };
	cp_problem_set_calendars(p, def, 1);

	for (size_t i = 0; i < cp_problem_participant_count(p); i++) {
		struct cp_participant *x = (struct cp_participant *)cp_problem_participant(p, i);
		if (i > 0 && rnd(0, 4) == 0) {
			/* The previous one's twin in the new inputs. */
			const struct cp_participant *y = cp_problem_participant(p, i - 1);
			x->holidays = y->holidays;
			x->n_holidays = y->n_holidays;
			x->periods = y->periods;
			x->n_periods = y->n_periods;
			x->roster.margin_before = y->roster.margin_before;
			x->roster.margin_after = y->roster.margin_after;
			n_own_shifts[i] = n_own_shifts[i - 1];
			memcpy(own_shifts[i], own_shifts[i - 1], sizeof(own_shifts[i]));
			add_own_shifts(p, i);
			continue;
		}
		random_own(&x->holidays, &x->n_holidays);
		random_periods(p, d0, days, &x->periods, &x->n_periods);
		x->roster.margin_before = rnd(0, 2) == 0 ? rnd(0, 4) * 30 : CP_MIN_UNSET;
		x->roster.margin_after = rnd(0, 2) == 0 ? rnd(0, 16) * 30 : CP_MIN_UNSET;
		n_own_shifts[i] = rnd(0, 3) == 0 ? (size_t)rnd(1, 2) : 0;
		for (size_t j = 0; j < n_own_shifts[i]; j++) {
			cp_instant a = (cp_instant)(d0 + rnd(-1, days)) * 86400 + rnd(0, 95) * 900;
			own_shifts[i][j] = (struct own_shift){ a, a + rnd(1, 40) * 900,
				rnd(0, 1) ? rnd(0, 8) * 30 : CP_MIN_UNSET,
				rnd(0, 1) ? rnd(0, 16) * 30 : CP_MIN_UNSET };
		}
		add_own_shifts(p, i);
	}
	for (size_t i = 0; i < cp_problem_teacher_count(p); i++) {
		struct cp_teacher *t = (struct cp_teacher *)cp_problem_teacher(p, i);
		random_own(&t->holidays, &t->n_holidays);
		random_periods(p, d0, days, &t->periods, &t->n_periods);
	}
}

static struct cp_problem *random_problem(struct cp_tzdb *db, struct cp_holiday_calendar **cal,
					 struct cp_cand_options *copts)
{
	const char *start = starts[rnd(0, (int)(sizeof(starts) / sizeof(starts[0])) - 1)];
	cp_day d0 = et_day(start) + rnd(-10, 10);
	int days = rnd(14, 63);
	int session = (int[]){ 60, 90, 120, 180 }[rnd(0, 3)];
	int n_lessons = rnd(2, 9);
	struct cp_problem *p = cp_problem_create(db);
	struct cp_course *co = cp_problem_course_mut(p);
	struct cp_policy *pol = cp_problem_policy_mut(p);
	char buf[16];

	co->id = "prop";
	co->language = "ar";
	co->session_minutes = session;
	co->sync_share = 1.0;
	co->lesson_minutes = n_lessons * session - rnd(0, session - 1);
	co->sessions_min = rnd(1, 3);
	co->sessions_max = co->sessions_min + rnd(0, 1);
	co->start = d0;
	co->end = d0 + days - 1;
	{
		struct cp_tz_error terr;
		co->zone = course_zones[rnd(0, (int)(sizeof(course_zones) / sizeof(course_zones[0])) - 1)];
		co->tz = cp_tzdb_zone(db, co->zone, &terr);
	}
	/* Shapes and staggered starts (policy), restricted further by the
	 * options below. */
	pol->adjacent_days = rnd(0, 3) > 0;
	if (rnd(0, 2) == 0)
		do
			pol->weekdays = (unsigned)rnd(1, 127);
		while (__builtin_popcount(pol->weekdays) < 3);
	if (rnd(0, 2) == 0)
		pol->start_from = d0 + rnd(0, days / 2);
	if (rnd(0, 2) == 0)
		pol->start_to = d0 + rnd(days / 3, days - 1);
	if (pol->start_from != CP_DAY_UNSET && pol->start_to != CP_DAY_UNSET &&
	    pol->start_to < pol->start_from)
		pol->start_to = pol->start_from;
	pol->start_every = (int[]){ 0, 0, 1, 2, 3 }[rnd(0, 4)]; /* 0: auto */

	pol->earliest = rnd(0, 10) * 60;
	pol->latest = 1440 - rnd(0, 6) * 60;
	if (pol->latest - pol->earliest < session)
		pol->latest = 1440;
	{
		int t = rnd(0, 2);
		target_num = (int[]){ 1, 4, 1 }[t];
		target_den = (int[]){ 2, 5, 1 }[t];
		pol->attendance_target = (double[]){ 0.5, 0.8, 1.0 }[t];
	}
	pol->group_by_profile = rnd(0, 1);

	/* Holidays: a calendar of a few dates, used for some side, plus
	 * extra dates. */
	n_raw = 0;
	*cal = cp_holidays_create("XX");
	struct cp_holiday_use *use = cp_problem_alloc(p, 1, sizeof(*use));
	use->calendar = "XX";
	use->applies_to = (enum cp_applies)rnd(0, 2);
	if (rnd(0, 1)) {
		use->n_countries = 1;
		use->countries = (const char *const *)cp_problem_alloc(p, 1, sizeof(char *));
		((const char **)use->countries)[0] = countries[rnd(0, 3)];
	}
	int nh = rnd(0, 4);
	for (int i = 0; i < nh; i++) {
		cp_day d = d0 + rnd(0, days - 1);
		snprintf(buf, sizeof(buf), "h%d", i);
		cp_holidays_add_date(*cal, d, 1, buf, NULL, NULL);
		raw[n_raw++] = (struct raw_holiday){ d, use->applies_to, use->n_countries,
						     use->countries };
	}
	n_raw_xx = n_raw;
	pol->holidays = use;
	pol->n_holidays = 1;
	size_t nx = (size_t)rnd(0, 3);
	struct cp_extra_holiday *ex = cp_problem_alloc(p, nx + 1, sizeof(*ex));
	for (size_t i = 0; i < nx; i++) {
		ex[i].date = d0 + rnd(0, days - 1);
		ex[i].applies_to = (enum cp_applies)rnd(0, 2);
		if (rnd(0, 1)) {
			ex[i].n_countries = 1;
			ex[i].countries = (const char *const *)cp_problem_alloc(p, 1, sizeof(char *));
			((const char **)ex[i].countries)[0] = countries[rnd(0, 3)];
		}
		raw[n_raw++] = (struct raw_holiday){ ex[i].date, ex[i].applies_to, ex[i].n_countries,
						     ex[i].countries };
	}
	pol->extra = ex;
	pol->n_extra = nx;
	if (rnd(0, 2) > 0) {
		struct cp_ramadan_rule *rr = cp_problem_alloc(p, 1, sizeof(*rr));
		rr->country = countries[rnd(0, 2)];
		rr->start = rnd(14, 22) * 60;
		rr->end = rr->start + rnd(1, 4) * 60;
		if (rr->end > 1440)
			rr->end = 1440;
		pol->ramadan = rr;
		pol->n_ramadan = 1;
	}

	int np = rnd(1, 8);
	for (int i = 0; i < np; i++) {
		snprintf(buf, sizeof(buf), "p%d", i);
		struct cp_participant *x = et_participant(p, buf, zones[next() % N_ZONES]);
		x->country = rnd(0, 4) == 0 ? NULL : countries[rnd(0, 3)];
		x->profile = (enum cp_profile)rnd(0, 2);
		switch (rnd(0, 3)) {
		case 0: break;
		case 1: x->languages = lang_ar; x->n_languages = 1; break;
		case 2: x->languages = lang_ar_ma; x->n_languages = 2; break;
		default: x->languages = lang_fr; x->n_languages = 1; break;
		}
		random_windows(p, &x->availability, &x->n_availability);
		size_t ne = (size_t)rnd(0, 3);
		struct cp_exception *e = cp_problem_alloc(p, ne + 1, sizeof(*e));
		for (size_t j = 0; j < ne; j++) {
			e[j].from = d0 + rnd(0, days - 1);
			e[j].to = e[j].from + rnd(0, 6);
			e[j].start = rnd(0, 47) * 30;
			e[j].end = e[j].start + rnd(1, 48) * 30;
			if (e[j].end > 1440)
				e[j].end = 1440;
			e[j].available = rnd(0, 1);
		}
		x->exceptions = e;
		x->n_exceptions = ne;
		x->departure = rnd(0, 3) == 0 ? d0 + rnd(0, days + 3) : CP_DAY_UNSET;
		if (i > 0 && rnd(0, 3) == 0) {
			snprintf(buf, sizeof(buf), "p%d", rnd(0, i - 1));
			x->partner = cp_problem_strdup(p, buf);
			x->partner_pref = (enum cp_partner_pref)rnd(0, 2);
		}
		/* Identical twins now and then, so situations are shared. */
		if (i > 0 && rnd(0, 4) == 0) {
			const struct cp_participant *y = cp_problem_participant(p, (size_t)rnd(0, i - 1));
			x->zone = y->zone;
			x->tz = y->tz;
			x->country = y->country;
			x->availability = y->availability;
			x->n_availability = y->n_availability;
			x->exceptions = y->exceptions;
			x->n_exceptions = y->n_exceptions;
			x->departure = y->departure;
		}
	}
	int nt = rnd(0, 2);
	for (int i = 0; i < nt; i++) {
		snprintf(buf, sizeof(buf), "t%d", i);
		struct cp_teacher *t = et_teacher(p, buf, zones[rnd(0, 3)]);
		t->earliest = rnd(0, 10) * 60;
		t->latest = 1440 - rnd(0, 6) * 60;
		if (t->latest <= t->earliest)
			t->latest = 1440;
		t->max_day = rnd(0, 1) ? session * rnd(1, 2) : 600;
		t->max_week = session * rnd(1, 4);
		t->min_rest = rnd(0, 16) * 60;
		if (rnd(0, 2) == 0) {
			t->languages = lang_fr;
			t->n_languages = 1;
		}
		random_windows(p, &t->availability, &t->n_availability);
		if (rnd(0, 2) == 0) {
			struct cp_date_range *lv = cp_problem_alloc(p, 1, sizeof(*lv));
			lv->from = d0 + rnd(0, days - 1);
			lv->to = lv->from + rnd(0, 3);
			t->leave = lv;
			t->n_leave = 1;
		}
	}
	if (!et_try_check(p)) {
		/* The model refuses some random courses (too few weeks for the
		 * sessions): draw again. */
		cp_holidays_destroy(*cal);
		cp_problem_destroy(p);
		return random_problem(db, cal, copts);
	}
	/* Rosters: random busy intervals, after the check (it would clear
	 * inline rosters only). */
	for (size_t i = 0; i < cp_problem_participant_count(p); i++) {
		struct cp_interval_set s;
		int nb = rnd(0, 3) == 0 ? 0 : rnd(0, 8);
		cp_interval_set_init(&s);
		for (int j = 0; j < nb; j++) {
			cp_instant a = (cp_instant)(d0 + rnd(-1, days)) * 86400 + rnd(0, 95) * 900;
			cp_interval_set_add(&s, a, a + rnd(1, 40) * 900);
		}
		cp_problem_set_busy(p, i, &s);
		cp_interval_set_finish(&s);
	}

	random_personal(p, d0, days);

	cp_cand_options_init(copts);
	copts->grid = rnd(0, 1) ? 30 : 60;
	copts->max_anchors = (size_t)rnd(1, 3);
	copts->adjacent_days = rnd(0, 3) > 0;
	do
		copts->weekdays = (unsigned)rnd(1, 127);
	while (__builtin_popcount(copts->weekdays & cp_problem_policy(p)->weekdays) < 3);
	margin_minutes = rnd(0, 2) * 30;
	return p;
}

/* ---- reference expansion ---------------------------------------------- */

static unsigned long seen_weeks, seen_adjacent, seen_edge;

/* Two chosen days in a row (Saturday-Sunday and Sunday-Monday too). */
static bool ref_adjacent(unsigned m)
{
	unsigned rot = ((m << 1) | (m >> 6)) & 0x7f;
	return (m & rot) != 0;
}

/* The date (course zone) from which start week w takes its lessons, or
 * CP_DAY_UNSET when it is past the last start date. */
static cp_day ref_threshold(const struct cp_course *co, const struct cp_policy *pol, int w)
{
	cp_day from = pol->start_from != CP_DAY_UNSET && pol->start_from > co->start
			      ? pol->start_from : co->start;
	cp_day to = pol->start_to != CP_DAY_UNSET && pol->start_to < co->end ? pol->start_to
									   : co->end;
	int every = pol->start_every > 0 ? pol->start_every : 1; /* 0: auto, weekly steps */
	cp_day t = from + (cp_day)7 * every * w;
	return t <= to ? t : CP_DAY_UNSET;
}

/* Local date and minute of instant t in zone tz. */
static cp_day ref_date(const struct cp_tz *tz, cp_instant t, int *minute)
{
	struct cp_tz_local l;
	cp_tz_to_local(tz, t, &l);
	if (minute)
		*minute = l.wall.hour * 60 + l.wall.minute;
	return cp_days_from_civil(l.wall.year, l.wall.month, l.wall.day);
}

struct ref_lesson {
	cp_instant start;
	cp_day date;
};

/* The lessons of pattern pt's anchor, weekdays and start from start week
 * w: anchor dates a few days either side of the window, each wall time
 * resolved with cp_tz_to_utc, kept when start and end lie inside the
 * window read in the course zone with cp_tz_to_local, and when the start's
 * course-zone date is on or after the week's threshold; course-wide
 * holidays skipped. *first_ok: the first lesson's course-zone date is on or
 * before the last start date. */
static size_t ref_expand(const struct cp_cand *c, const struct cp_course *co,
			 const struct cp_policy *pol, const struct cp_cand_pattern *pt, int w,
			 size_t need, struct ref_lesson *out, size_t *skipped, bool *first_ok)
{
	const struct cp_tz *tz = cp_cand_anchor(c, pt->anchor);
	cp_day thr = ref_threshold(co, pol, w);
	cp_day last = pol->start_to != CP_DAY_UNSET && pol->start_to < co->end ? pol->start_to
										 : co->end;
	size_t n = 0;
	*skipped = 0;
	*first_ok = false;
	if (thr == CP_DAY_UNSET)
		thr = ref_threshold(co, pol, 0); /* week 0 is always tried */
	for (cp_day d = co->start - 3; d <= co->end + 3 && n < need; d++) {
		if (!(pt->days & CP_DAYBIT(cp_weekday_from_days(d))))
			continue;
		cp_instant t = ref_wall_utc(tz, d, pt->start);
		cp_instant e = t + (cp_instant)co->session_minutes * 60;
		/* Inside [start 00:00, end + 1 00:00) of the course zone: the
		 * first second on or after the start date, the last second (e - 1)
		 * on or before the end date. (Not "ends at 00:00 of end + 1":
		 * that midnight may not exist, as in Beirut's spring-forward.) */
		cp_day sd = ref_date(co->tz, t, NULL), ed = ref_date(co->tz, e - 1, NULL);
		bool inside = sd >= co->start && ed <= co->end;
		/* Coverage: lessons the window in the anchor's own dates would
		 * have judged the other way. */
		seen_edge += inside != (d >= co->start && d <= co->end);
		if (!inside || sd < thr)
			continue;
		if (ref_course_holiday(d)) {
			(*skipped)++;
			continue;
		}
		if (n == 0)
			*first_ok = sd <= last;
		out[n].start = t;
		out[n].date = d;
		n++;
	}
	return n;
}

/* ---- week-by-week patterns --------------------------------------------- */

static unsigned long seen_by_week;

/* Build the candidates again the way cp_engine_create() does (first
 * attendability pass, week-by-week patterns, second pass) and check every
 * week-by-week pattern against the raw rules: lessons at the anchor wall
 * time of its start on their dates (resolved here with cp_tz_to_utc),
 * inside the window read in the course zone, from the first start date, no
 * course-wide holiday, chronological, N of them with the exact lengths;
 * allowed weekdays, at most sessions_max a Monday-based week, no
 * consecutive dates when the shapes forbid them, at most max_shapes
 * weekday sets among the whole weeks; every participant's minutes and
 * every teacher's verdict from the brute-force judges; kept only when it
 * serves some rostered participant better than every regular pattern or at
 * the target (than every regular pattern some teacher may teach); never
 * pruned. */
static void check_by_week(const struct cp_problem *p, const struct cp_offdays *off,
			  const struct cp_cand_options *copts,
			  const struct cp_attend_options *aopts, unsigned ref_needed,
			  int max_shapes, unsigned long caseno)
{
	struct cp_engine_error err = { 0 };
	const struct cp_course *co = cp_problem_course(p);
	const struct cp_policy *pol = cp_problem_policy(p);
	size_t np = cp_problem_participant_count(p), nt = cp_problem_teacher_count(p);
	struct cp_cand *c = cp_cand_create(p, off, copts, &err);
	struct cp_attend *a = c ? cp_attend_create(p, c, off, aopts, &err) : NULL;
	CHECK(a, "case %lu: by week: %s", caseno, err.message);
	if (!a) {
		cp_cand_destroy(c);
		return;
	}
	size_t n_regular = cp_cand_pattern_count(c);
	size_t built = cp_attend_add_by_week(a, c, max_shapes);
	CHECK(built != (size_t)-1, "case %lu: by week: out of memory", caseno);
	size_t added = built > 0 ? cp_cand_by_week_add(c) : 0;
	CHECK_EQ(added, built, "week-by-week patterns added");
	cp_attend_destroy(a);
	a = cp_attend_create(p, c, off, aopts, &err);
	CHECK(a, "case %lu: by week, second pass: %s", caseno, err.message);
	if (!a) {
		cp_cand_destroy(c);
		return;
	}
	size_t npat = cp_cand_pattern_count(c);
	CHECK_EQ(npat, n_regular + added, "patterns after adding");
	cp_day from = pol->start_from != CP_DAY_UNSET && pol->start_from > co->start
			      ? pol->start_from : co->start;
	cp_day last = pol->start_to != CP_DAY_UNSET && pol->start_to < co->end ? pol->start_to
									   : co->end;
	unsigned allowed = copts->weekdays & pol->weekdays;
	bool adj = copts->adjacent_days && pol->adjacent_days;
	int kmax = co->sessions_max > 7 ? 7 : co->sessions_max;
	/* Best reference minutes per participant over the live regular
	 * patterns some teacher may teach (all without teachers). */
	unsigned *best = calloc(np + 1, sizeof(*best));
	unsigned *got = calloc(np + 1, sizeof(*got));
	bool *taught = calloc(n_regular + 1, sizeof(*taught));
	for (size_t j = 0; j < n_regular; j++)
		for (size_t t = 0; t < nt && !taught[j]; t++)
			taught[j] = ref_teach(p, cp_problem_teacher(p, t), cp_cand_pattern(c, j)) ==
				    CP_TEACH_OK;
	for (size_t i = 0; i < np; i++)
		for (size_t j = 0; j < n_regular; j++) {
			const struct cp_cand_pattern *pt = cp_cand_pattern(c, j);
			if (pt->state != CP_CAND_LIVE || (nt > 0 && !taught[j]))
				continue;
			unsigned m = 0;
			for (size_t k = 0; k < pt->n_lessons; k++)
				if (ref_judge(p, cp_problem_participant(p, i), pt->lessons[k].start,
					      ref_len(k)) == CP_ATTEND_OK)
					m += (unsigned)ref_len(k);
			if (m > best[i])
				best[i] = m;
		}
	for (size_t j = n_regular; j < npat; j++) {
		const struct cp_cand_pattern *pt = cp_cand_pattern(c, j);
		const struct cp_tz *tz = cp_cand_anchor(c, pt->anchor);
		CHECK(pt->by_week && pt->week == 0, "case %lu: pattern %zu not week by week", caseno,
		      j);
		CHECK(pt->state == CP_CAND_LIVE || pt->state == CP_CAND_DUPLICATE,
		      "case %lu: week-by-week %zu is %s", caseno, j, cp_cand_state_name(pt->state));
		CHECK_EQ(pt->n_lessons, (size_t)ref_need, "week-by-week lesson count");
		seen_by_week++;
		unsigned days = 0, shapes[64];
		size_t n_shapes = 0;
		for (size_t k = 0; k < pt->n_lessons; k++) {
			const struct cp_cand_lesson *l = &pt->lessons[k];
			struct cp_civil wall = { 0 };
			struct cp_tz_resolution r;
			cp_civil_from_days(l->date, &wall.year, &wall.month, &wall.day);
			wall.hour = pt->start / 60;
			wall.minute = pt->start % 60;
			cp_tz_to_utc(tz, &wall, &r);
			CHECK(l->start == r.earliest, "case %lu: week-by-week %zu lesson %zu start",
			      caseno, j, k);
			CHECK_EQ(l->end - l->start, (cp_instant)ref_len(k) * 60, "week-by-week length");
			cp_day sd = ref_date(co->tz, l->start, NULL);
			cp_day ed = ref_date(co->tz, l->start + (cp_instant)co->session_minutes * 60 - 1,
					     NULL);
			CHECK(sd >= co->start && ed <= co->end && sd >= from,
			      "case %lu: week-by-week %zu lesson %zu outside the window", caseno, j, k);
			CHECK(k > 0 || sd <= last, "case %lu: week-by-week %zu starts too late", caseno,
			      j);
			CHECK(!ref_course_holiday(l->date),
			      "case %lu: week-by-week %zu lesson %zu on a holiday", caseno, j, k);
			CHECK(k == 0 || l->start > pt->lessons[k - 1].start,
			      "case %lu: week-by-week %zu not chronological", caseno, j);
			int wd = cp_weekday_from_days(l->date);
			CHECK(allowed & CP_DAYBIT(wd), "case %lu: week-by-week %zu weekday", caseno, j);
			days |= CP_DAYBIT(wd);
			if (!adj && 2 * kmax <= 7 && k > 0)
				CHECK(l->date - pt->lessons[k - 1].date != 1,
				      "case %lu: week-by-week %zu on consecutive days", caseno, j);
		}
		CHECK(days == pt->days && pt->k == __builtin_popcount(days),
		      "case %lu: week-by-week %zu days", caseno, j);
		/* Per Monday-based week: at most kmax lessons; the weekday sets
		 * of whole weeks (all seven dates in the window, no holiday). */
		for (size_t k = 0; k < pt->n_lessons;) {
			cp_day mon = pt->lessons[k].date - (cp_weekday_from_days(pt->lessons[k].date) + 6) % 7;
			unsigned set = 0;
			int n = 0;
			while (k < pt->n_lessons && pt->lessons[k].date < mon + 7) {
				set |= CP_DAYBIT(cp_weekday_from_days(pt->lessons[k].date));
				n++;
				k++;
			}
			CHECK(n <= kmax, "case %lu: week-by-week %zu: %d lessons in a week", caseno, j, n);
			bool whole = k < pt->n_lessons; /* not the last week */
			for (cp_day d = mon; d < mon + 7 && whole; d++) {
				cp_instant t = ref_wall_utc(tz, d, pt->start);
				cp_day sd = ref_date(co->tz, t, NULL);
				cp_day ed = ref_date(co->tz, t + (cp_instant)co->session_minutes * 60 - 1,
						     NULL);
				whole = sd >= co->start && ed <= co->end && sd >= from &&
					!ref_course_holiday(d);
			}
			if (!whole)
				continue;
			bool known = false;
			for (size_t u = 0; u < n_shapes && !known; u++)
				known = shapes[u] == set;
			if (!known && n_shapes < 64)
				shapes[n_shapes++] = set;
		}
		CHECK(n_shapes <= (size_t)max_shapes, "case %lu: week-by-week %zu: %zu weekly sets",
		      caseno, j, n_shapes);
		/* Minutes, every participant; kept for someone. */
		bool pays = false;
		for (size_t i = 0; i < np; i++) {
			const struct cp_participant *x = cp_problem_participant(p, i);
			unsigned m = 0;
			for (size_t k = 0; k < pt->n_lessons; k++)
				if (ref_judge(p, x, pt->lessons[k].start, ref_len(k)) == CP_ATTEND_OK)
					m += (unsigned)ref_len(k);
			if (pt->state == CP_CAND_LIVE)
				CHECK(cp_attend_count(a, i, j) == m,
				      "case %lu: week-by-week %zu participant %zu: %u minutes, reference %u",
				      caseno, j, i, cp_attend_count(a, i, j), m);
			if (m > got[i])
				got[i] = m;
			pays |= (x->roster.busy.count > 0 || x->roster.n_groups > 0) &&
				(m > best[i] || m >= ref_needed);
		}
		CHECK(pays, "case %lu: week-by-week %zu serves nobody better", caseno, j);
		for (size_t t = 0; t < nt; t++)
			CHECK(ref_teach(p, cp_problem_teacher(p, t), pt) == cp_cand_teachable(c, t, j, NULL),
			      "case %lu: week-by-week %zu teacher %zu", caseno, j, t);
		if (pt->state == CP_CAND_DUPLICATE) {
			const struct cp_cand_pattern *q = cp_cand_pattern(c, pt->other);
			bool same = q->n_lessons == pt->n_lessons && pt->other < j;
			for (size_t k = 0; same && k < pt->n_lessons; k++)
				same = q->lessons[k].start == pt->lessons[k].start &&
				       q->lessons[k].end == pt->lessons[k].end;
			CHECK(same, "case %lu: week-by-week duplicate %zu of %u differs", caseno, j,
			      pt->other);
		}
	}
	/* Never pruned, and the regular patterns are unchanged by them. */
	cp_cand_prune(c, cp_attend_matrix(a));
	for (size_t j = n_regular; j < npat; j++)
		CHECK(cp_cand_pattern(c, j)->state != CP_CAND_DOMINATED,
		      "case %lu: week-by-week %zu pruned", caseno, j);
	free(best);
	free(got);
	free(taught);
	cp_attend_destroy(a);
	cp_cand_destroy(c);
}

/* ---- one case ---------------------------------------------------------- */

static void check_case(struct cp_tzdb *db, unsigned long caseno)
{
	struct cp_holiday_calendar *cal = NULL;
	struct cp_cand_options copts;
	struct cp_attend_options aopts;
	struct cp_hijri_calendar hijri = { fake_to_days, NULL, "fake" };
	struct cp_engine_error err = { 0 };
	struct cp_problem *p = random_problem(db, &cal, &copts);
	/* Members below the target: none, or down to a floor, by case number
	 * (not from the random stream, so the problems stay the same). */
	if (p) {
		struct cp_policy *bp = cp_problem_policy_mut(p);
		bp->below_admit = caseno % 3 != 0;
		bp->below_floor = (double[]){ 0.3, 0.5, 0.7, 1.0 }[caseno % 4];
	}
	const struct cp_holiday_calendar *cals[1] = { cal };
	const struct cp_course *co = cp_problem_course(p);
	size_t np = cp_problem_participant_count(p), nt = cp_problem_teacher_count(p);

	cp_attend_options_init(&aopts);
	aopts.roster_margin = margin_minutes;
	struct cp_offdays *off = cp_offdays_create(p, cals, 1, &hijri, &err);
	CHECK(off, "case %lu: offdays: %s", caseno, err.message);
	struct cp_cand *c = off ? cp_cand_create(p, off, &copts, &err) : NULL;
	CHECK(c, "case %lu: candidates: %s", caseno, err.message);
	struct cp_attend *a = c ? cp_attend_create(p, c, off, &aopts, &err) : NULL;
	CHECK(a, "case %lu: attend: %s", caseno, err.message);
	if (!a)
		goto out;

	size_t npat = cp_cand_pattern_count(c);
	size_t need = (size_t)((co->live_minutes + co->session_minutes - 1) / co->session_minutes);
	CHECK_EQ(cp_cand_lessons_needed(c), need, "lessons needed");
	ref_session = co->session_minutes;
	ref_live = co->live_minutes;
	ref_need = (int)need;
	unsigned ref_needed = (unsigned)((target_num * ref_live + target_den - 1) / target_den);
	CHECK_EQ(cp_attend_needed(a), ref_needed, "minutes needed for the target");
	CHECK_EQ(cp_cand_live_minutes(c), ref_live, "live minutes");

	/* Patterns: lessons re-expanded. */
	const struct cp_policy *pol = cp_problem_policy(p);
	for (size_t i = 0; i < npat; i++) {
		const struct cp_cand_pattern *pt = cp_cand_pattern(c, i);
		struct ref_lesson rl[64];
		size_t skipped;
		bool first_ok;
		size_t n = ref_expand(c, co, pol, pt, pt->week, need, rl, &skipped, &first_ok);
		for (size_t j = 0; j < n && j < pt->n_lessons; j++) {
			CHECK_EQ(pt->lessons[j].start, rl[j].start, "lesson start");
			CHECK_EQ(pt->lessons[j].date, rl[j].date, "lesson date");
			CHECK_EQ(pt->lessons[j].end - pt->lessons[j].start, ref_len(j) * 60,
				 "lesson length");
		}
		CHECK_EQ(pt->n_lessons, n, "lesson count");
		CHECK_EQ(pt->n_skipped, skipped, "skipped");
		bool fits = n == need && first_ok;
		CHECK((pt->state == CP_CAND_DROPPED) == !fits, "case %lu: pattern %zu dropped state",
		      caseno, i);
		/* Later start weeks exist only where they fit (the first week is
		 * kept dropped); every week that fits exists, in order. */
		CHECK(pt->week == 0 || fits, "case %lu: pattern %zu: week %d does not fit", caseno,
		      i, pt->week);
		/* The family (anchor, weekdays, start) starts at pattern i:
		 * its start weeks are exactly the reference's. */
		const struct cp_cand_pattern *pv = i > 0 ? cp_cand_pattern(c, i - 1) : NULL;
		if (!pv || pv->anchor != pt->anchor || pv->days != pt->days || pv->start != pt->start) {
			int want[64], nw = 0, w_last = 0;
			size_t span = (need + (size_t)pt->k - 1) / (size_t)pt->k;
			for (int w = 0; w < 60 && ref_threshold(co, pol, w) != CP_DAY_UNSET; w++) {
				struct ref_lesson rn[64];
				size_t sk2;
				bool ok2;
				if (ref_expand(c, co, pol, pt, w, need, rn, &sk2, &ok2) != need || !ok2)
					break;
				w_last = w;
			}
			for (int w = 0; w <= w_last; w++)
				if (w == 0 || pol->start_every > 0 || w == w_last || (size_t)w % span == 0)
					want[nw++] = w;
			size_t j = i;
			for (int q = 0; q < nw; q++, j++) {
				const struct cp_cand_pattern *f = j < npat ? cp_cand_pattern(c, j) : NULL;
				CHECK(f && f->anchor == pt->anchor && f->days == pt->days &&
				      f->start == pt->start && f->week == want[q],
				      "case %lu: family at pattern %zu: start week %d missing", caseno, i,
				      want[q]);
			}
			const struct cp_cand_pattern *f = j < npat ? cp_cand_pattern(c, j) : NULL;
			CHECK(!f || f->anchor != pt->anchor || f->days != pt->days || f->start != pt->start,
			      "case %lu: family at pattern %zu: extra start week %d", caseno, i,
			      f ? f->week : -1);
		}
		if (pt->week > 0)
			seen_weeks++;
		if (__builtin_popcount(pt->days) > 1 && ref_adjacent(pt->days))
			seen_adjacent++;
		/* Shapes: allowed weekdays, sessions a week, adjacency. */
		unsigned allowed = copts.weekdays & pol->weekdays;
		int k = __builtin_popcount(pt->days);
		CHECK((pt->days & ~allowed) == 0, "case %lu: pattern %zu on a weekday not allowed",
		      caseno, i);
		CHECK(k >= co->sessions_min && k <= co->sessions_max && k == pt->k,
		      "case %lu: pattern %zu has %d sessions a week", caseno, i, k);
		CHECK(copts.adjacent_days && pol->adjacent_days ? true
		      : !(2 * k <= 7 && ref_adjacent(pt->days)),
		      "case %lu: pattern %zu on adjacent days", caseno, i);
		if (pt->state == CP_CAND_DUPLICATE) {
			const struct cp_cand_pattern *q = cp_cand_pattern(c, pt->other);
			bool same = q->n_lessons == pt->n_lessons && pt->other < i;
			for (size_t j = 0; same && j < pt->n_lessons; j++)
				same = q->lessons[j].start == pt->lessons[j].start;
			CHECK(same, "case %lu: duplicate %zu of %u differs", caseno, i, pt->other);
		}
	}
	/* Every weekday set the rules allow is generated, for every start
	 * generated at all (week 0 of each). */
	{
		size_t want_sets = 0;
		unsigned allowed = copts.weekdays & pol->weekdays;
		bool adj = copts.adjacent_days && pol->adjacent_days;
		for (unsigned m = 1; m < 128; m++) {
			int k = __builtin_popcount(m);
			if ((m & ~allowed) || k < co->sessions_min || k > co->sessions_max)
				continue;
			if (!adj && 2 * k <= 7 && ref_adjacent(m))
				continue;
			want_sets++;
		}
		size_t week0 = 0, n_starts = 0;
		for (size_t i = 0; i < npat; i++) {
			const struct cp_cand_pattern *pt = cp_cand_pattern(c, i);
			week0 += pt->week == 0;
			if (pt->week == 0 && pt->days == cp_cand_pattern(c, 0)->days) /* npat > 0 */
				n_starts++;
		}
		CHECK_EQ(week0, want_sets * n_starts, "weekday sets x starts");
	}

	/* Attendability, every participant, every judged pattern, every
	 * lesson. ref[i * npat + j] keeps the reference counts: attendable
	 * live minutes. */
	unsigned *ref = calloc(np * npat + 1, sizeof(*ref));
	for (size_t i = 0; i < np; i++) {
		const struct cp_participant *x = cp_problem_participant(p, i);
		for (size_t j = 0; j < npat; j++) {
			const struct cp_cand_pattern *pt = cp_cand_pattern(c, j);
			unsigned why[CP_ATTEND_REASON_COUNT] = { 0 }, got[CP_ATTEND_REASON_COUNT];
			unsigned minutes = 0;
			if (pt->state == CP_CAND_DROPPED || pt->state == CP_CAND_DUPLICATE)
				continue;
			for (size_t k = 0; k < pt->n_lessons; k++) {
				cp_instant t0 = pt->lessons[k].start;
				enum cp_attend_reason r = ref_judge(p, x, t0, ref_len(k));
				enum cp_attend_reason e = cp_attend_judge_span(
					a, i, t0, t0 + (cp_instant)ref_len(k) * 60);
				why[r]++;
				if (r == CP_ATTEND_OK)
					minutes += (unsigned)ref_len(k);
				seen_reason[r]++;
				if (r != e)
					CHECK(false, "case %lu: participant %zu pattern %zu lesson %zu: "
					      "engine says %s, reference %s", caseno, i, j, k,
					      cp_attend_reason_name(e), cp_attend_reason_name(r));
				else
					et_checks++;
			}
			ref[i * npat + j] = minutes;
			CHECK(cp_attend_count(a, i, j) == minutes,
			      "case %lu: participant %zu pattern %zu: %u minutes, reference %u", caseno,
			      i, j, cp_attend_count(a, i, j), minutes);
			cp_attend_reasons(a, i, j, got);
			CHECK(memcmp(got, why, sizeof(why)) == 0, "case %lu: reasons differ", caseno);
		}
	}

	/* Teachers. */
	for (size_t t = 0; t < nt; t++)
		for (size_t j = 0; j < npat; j++) {
			const struct cp_cand_pattern *pt = cp_cand_pattern(c, j);
			enum cp_teach_reason r = ref_teach(p, cp_problem_teacher(p, t), pt);
			enum cp_teach_reason e = cp_cand_teachable(c, t, j, NULL);
			seen_teach[r]++;
			CHECK(r == e, "case %lu: teacher %zu pattern %zu: engine %s, reference %s",
			      caseno, t, j, cp_teach_reason_name(e), cp_teach_reason_name(r));
		}

	/* Pruning: best counts survive; each dominated pattern is dominated. */
	unsigned *best_before = calloc(np + 1, sizeof(unsigned));
	for (size_t i = 0; i < np; i++)
		for (size_t j = 0; j < npat; j++)
			if (cp_cand_pattern(c, j)->state == CP_CAND_LIVE && ref[i * npat + j] > best_before[i])
				best_before[i] = ref[i * npat + j];
	cp_cand_prune(c, cp_attend_matrix(a));
	for (size_t j = 0; j < npat; j++) {
		const struct cp_cand_pattern *pt = cp_cand_pattern(c, j);
		if (pt->state != CP_CAND_DOMINATED)
			continue;
		const struct cp_cand_pattern *q = cp_cand_pattern(c, pt->other);
		bool ok = q->days == pt->days && q->week == pt->week;
		for (size_t i = 0; ok && i < np; i++)
			ok = ref[i * npat + j] <= ref[i * npat + pt->other];
		for (size_t t = 0; ok && t < nt; t++)
			ok = cp_cand_teachable(c, t, j, NULL) != CP_TEACH_OK ||
			     cp_cand_teachable(c, t, pt->other, NULL) == CP_TEACH_OK;
		CHECK(ok, "case %lu: pattern %zu is not dominated by %u", caseno, j, pt->other);
	}
	for (size_t i = 0; i < np; i++) {
		unsigned best;
		cp_attend_best(a, i, &best);
		CHECK(best == best_before[i], "case %lu: participant %zu best %u after pruning, %u "
		      "before", caseno, i, best, best_before[i]);
	}
	free(best_before);

	for (size_t j = 0; j < npat; j++)
		seen_state[cp_cand_pattern(c, j)->state]++;
	/* Classes. */
	CHECK(cp_attend_classify(a, &err) == CP_ENGINE_OK, "classify: %s", err.message);
	size_t people = 0;
	for (size_t k = 0; k < cp_attend_class_count(a); k++) {
		const struct cp_attend_class *cl = cp_attend_class(a, k);
		people += cl->multiplicity * (size_t)cl->unit;
		seen_couples += cl->unit == 2;
		seen_avoid += cl->avoid != SIZE_MAX;
		CHECK_EQ(cl->n_members, cl->multiplicity * (size_t)cl->unit, "class members");
		for (size_t m = 0; m < cl->n_members; m++) {
			size_t i = cl->members[m];
			CHECK_EQ(cp_attend_class_of(a, i), k, "class_of");
			/* Eligible patterns: where the reference count reaches the
			 * target (for couples: both members, smaller count), or,
			 * when admitted, the floor: ceil(floor * live) minutes, at
			 * least 1, marked with the members below the target's
			 * minutes (computed here, not with the engine's functions). */
			/* In live minutes: the target is the exact fraction
			 * target_num / target_den, the floor a whole number of
			 * tenths (0.3, 0.5, 0.7, 1.0), both rounded up in
			 * integers. */
			const struct cp_policy *tp = cp_problem_policy(p);
			unsigned t_need = ref_needed;
			unsigned f_need = t_need;
			if (tp->below_admit) {
				int tenths = (int)lround(tp->below_floor * 10);
				unsigned f = (unsigned)((tenths * ref_live + 9) / 10);
				if (f < 1)
					f = 1;
				if (f < f_need)
					f_need = f;
			}
			size_t e = 0;
			for (size_t j = 0; j < npat; j++) {
				if (cp_cand_pattern(c, j)->state != CP_CAND_LIVE)
					continue;
				unsigned cnt = ref[i * npat + j];
				unsigned below = cnt < t_need;
				if (cl->unit == 2) {
					size_t o = cl->members[m ^ 1];
					below += ref[o * npat + j] < t_need;
					if (ref[o * npat + j] < cnt)
						cnt = ref[o * npat + j];
				}
				if (cnt >= f_need && cnt > 0) {
					CHECK(e < cl->n_eligible && cl->eligible[e].pattern == j &&
					      cl->eligible[e].count == cnt &&
					      cl->eligible[e].below == below,
					      "case %lu: class %zu eligibility at pattern %zu", caseno, k, j);
					e++;
				}
			}
			CHECK_EQ(e, cl->n_eligible, "eligible count");
		}
	}
	CHECK_EQ(people, np, "class sizes add up");

	/* Overlaps against brute force; every overlapping pair in a clique. */
	const struct cp_cand_pair *ov;
	size_t nov = cp_cand_overlaps(c, &ov), want = 0;
	size_t ncl = cp_cand_cliques(c);
	seen_cliques += ncl;
	for (size_t x = 0; x < npat; x++)
		for (size_t y = x + 1; y < npat; y++) {
			const struct cp_cand_pattern *A = cp_cand_pattern(c, x), *B = cp_cand_pattern(c, y);
			bool clash = false;
			if (A->state != CP_CAND_LIVE || B->state != CP_CAND_LIVE)
				continue;
			for (size_t u = 0; u < A->n_lessons && !clash; u++)
				for (size_t v = 0; v < B->n_lessons && !clash; v++)
					clash = A->lessons[u].start < B->lessons[v].end &&
						B->lessons[v].start < A->lessons[u].end;
			if (!clash)
				continue;
			CHECK(want < nov && ov[want].a == x && ov[want].b == y,
			      "case %lu: overlap %zu-%zu missing", caseno, x, y);
			want++;
			bool in_clique = false;
			for (size_t q = 0; q < ncl && !in_clique; q++) {
				size_t n;
				const uint32_t *s = cp_cand_clique(c, q, &n);
				bool hx = false, hy = false;
				for (size_t r = 0; r < n; r++) {
					hx |= s[r] == x;
					hy |= s[r] == y;
				}
				in_clique = hx && hy;
			}
			CHECK(in_clique, "case %lu: overlap %zu-%zu in no clique", caseno, x, y);
		}
	CHECK_EQ(nov, want, "overlap pairs");
	/* Every clique is a clique. */
	for (size_t q = 0; q < ncl; q++) {
		size_t n;
		const uint32_t *s = cp_cand_clique(c, q, &n);
		for (size_t u = 0; u < n; u++)
			for (size_t v = u + 1; v < n; v++) {
				bool found = false;
				for (size_t r = 0; r < nov && !found; r++)
					found = ov[r].a == s[u] && ov[r].b == s[v];
				CHECK(found, "case %lu: clique %zu holds non-overlapping %u %u", caseno,
				      q, s[u], s[v]);
			}
	}
	/* Rest conflicts for each teacher, brute force. */
	for (size_t t = 0; t < nt; t++) {
		const struct cp_teacher *te = cp_problem_teacher(p, t);
		size_t nr;
		struct cp_cand_pair *rc = cp_cand_rest_conflicts(c, t, &nr);
		size_t w = 0;
		for (size_t x = 0; x < npat; x++)
			for (size_t y = x + 1; y < npat; y++) {
				const struct cp_cand_pattern *A = cp_cand_pattern(c, x);
				const struct cp_cand_pattern *B = cp_cand_pattern(c, y);
				bool bad = false;
				if (A->state != CP_CAND_LIVE || B->state != CP_CAND_LIVE ||
				    cp_cand_teachable(c, t, x, NULL) || cp_cand_teachable(c, t, y, NULL))
					continue;
				for (size_t u = 0; u < A->n_lessons && !bad; u++)
					for (size_t v = 0; v < B->n_lessons && !bad; v++) {
						const struct cp_cand_lesson *l1 = &A->lessons[u], *l2 = &B->lessons[v];
						struct ref_local a1, a2;
						if (l1->start < l2->end && l2->start < l1->end) {
							bad = true;
							break;
						}
						if (l2->start < l1->start) {
							const struct cp_cand_lesson *tmp = l1;
							l1 = l2;
							l2 = tmp;
						}
						ref_local(te->tz, l1->start, co->session_minutes, &a1);
						ref_local(te->tz, l2->start, co->session_minutes, &a2);
						bad = a1.day != a2.day &&
						      l2->start - l1->end < (cp_instant)te->min_rest * 60;
					}
				CHECK(cp_cand_rest_clash(c, t, (uint32_t)x, (uint32_t)y) == bad &&
				      cp_cand_rest_clash(c, t, (uint32_t)y, (uint32_t)x) == bad,
				      "case %lu: rest clash %zu-%zu for one pair", caseno, x, y);
				if (!bad)
					continue;
				CHECK(w < nr && rc[w].a == x && rc[w].b == y,
				      "case %lu: rest conflict %zu-%zu missing", caseno, x, y);
				w++;
			}
		CHECK_EQ(nr, w, "rest conflicts");
		seen_rest += w;
		free(rc);
	}
	free(ref);
	/* Week-by-week patterns, max_shapes by case number (1 to 3). */
	check_by_week(p, off, &copts, &aopts, ref_needed, 1 + (int)(caseno % 3), caseno);
out:
	cp_attend_destroy(a);
	cp_cand_destroy(c);
	cp_offdays_destroy(off);
	cp_holidays_destroy(cal);
	cp_problem_destroy(p);
}

int main(int argc, char **argv)
{
	unsigned long cases = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000;
	rng = argc > 2 ? strtoull(argv[2], NULL, 10) : 20240304;
	struct cp_tzdb *db = et_db();

	for (unsigned long i = 0; i < cases; i++) {
		unsigned long before = et_failures;
		check_case(db, i);
		if (et_failures > before && et_failures > 50)
			break;
	}
	cp_tzdb_destroy(db);
	printf("lessons judged:");
	for (int r = 0; r < CP_ATTEND_REASON_COUNT; r++)
		printf(" %s %lu", cp_attend_reason_name((enum cp_attend_reason)r), seen_reason[r]);
	printf("\nteacher x pattern:");
	for (int r = 0; r < CP_TEACH_REASON_COUNT; r++)
		printf(" %s %lu", cp_teach_reason_name((enum cp_teach_reason)r), seen_teach[r]);
	printf("\npatterns:");
	for (int s = 0; s < 4; s++)
		printf(" %s %lu", cp_cand_state_name((enum cp_cand_state)s), seen_state[s]);
	printf("\ncouple classes %lu, avoid links %lu, cliques %lu, rest conflicts %lu\n",
	       seen_couples, seen_avoid, seen_cliques, seen_rest);
	printf("later start weeks %lu, adjacent-day patterns %lu, window-edge lessons %lu\n",
	       seen_weeks, seen_adjacent, seen_edge);
	printf("week-by-week patterns %lu\n", seen_by_week);
	return et_finish("engine-property");
}
