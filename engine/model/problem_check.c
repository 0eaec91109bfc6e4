/*
 * cp_problem_check: the rules that span fields, entities or the whole
 * problem. Types, ranges of single values and unknown fields are the
 * reader's job; what is here holds for a problem from any source.
 *
 * Paths name the field a planner must edit to fix the error, which is
 * usually the later of two fields that disagree ("end" before "start" puts
 * the error on end).
 */
#include "problem-private.h"

#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cp_util.h"

#define PATH_MAX_LEN 256

struct checker {
	struct cp_problem *p;
	struct cp_diag *d;
	char path[PATH_MAX_LEN];
	char v[64];
};

/* Value renderers write JSON text (strings quoted) into c->v. */
static const char *vmin(struct checker *c, int m)
{
	snprintf(c->v, sizeof(c->v), "\"%02d:%02d\"", m / 60, m % 60);
	return c->v;
}

static void fmt_day(cp_day d, char *buf, size_t n)
{
	int32_t y;
	int mo, da;
	cp_civil_from_days(d, &y, &mo, &da);
	snprintf(buf, n, "%04" PRId32 "-%02d-%02d", y, mo, da);
}

static const char *vday(struct checker *c, cp_day d)
{
	char b[24];
	fmt_day(d, b, sizeof(b));
	snprintf(c->v, sizeof(c->v), "\"%s\"", b);
	return c->v;
}

static const char *vstr(struct checker *c, const char *s)
{
	snprintf(c->v, sizeof(c->v), "\"%.*s\"", 56, s);
	return c->v;
}

static const char *vint(struct checker *c, long n)
{
	snprintf(c->v, sizeof(c->v), "%ld", n);
	return c->v;
}

/* "28 h 48 min", "3 h", "45 min" */
static void fmt_minutes(int m, char *buf, size_t n)
{
	if (m % 60 == 0)
		snprintf(buf, n, "%d h", m / 60);
	else if (m < 60)
		snprintf(buf, n, "%d min", m);
	else
		snprintf(buf, n, "%d h %d min", m / 60, m % 60);
}

#define PATH(c, ...) snprintf((c)->path, sizeof((c)->path), __VA_ARGS__)
#define ERR(c, value, ...) cp_diag_add((c)->d, CP_DIAG_ERROR, (c)->path, value, __VA_ARGS__)
#define WARN(c, value, ...) cp_diag_add((c)->d, CP_DIAG_WARNING, (c)->path, value, __VA_ARGS__)

static bool set_day(cp_day d)
{
	return d != CP_DAY_UNSET;
}

static bool set_min(int m)
{
	return m != CP_MIN_UNSET;
}

/* ---- id index --------------------------------------------------------- */

struct idpos {
	const char *id;
	size_t pos;
};

static int idpos_cmp(const void *a, const void *b)
{
	const struct idpos *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	if (c)
		return c;
	return CP_CMP(x->pos, y->pos);
}

/*
 * Sort positions by id and report the later duplicates. ids[i] may be NULL
 * (unset): those are skipped. what is "participants" or "teachers".
 */
static bool build_index(struct checker *c, const char **ids, size_t n, const char *what,
			size_t **out, size_t *nout)
{
	struct idpos *v = malloc((n ? n : 1) * sizeof(*v));
	size_t *idx = malloc((n ? n : 1) * sizeof(*idx));
	if (!v || !idx) {
		free(v);
		free(idx);
		return false;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (ids[i])
			v[k++] = (struct idpos){ ids[i], i };
	qsort(v, k, sizeof(*v), idpos_cmp);
	/* Keep the first occurrence (lowest position) of each id. */
	size_t w = 0;
	for (size_t r = 0; r < k; r++) {
		if (w > 0 && strcmp(ids[idx[w - 1]], v[r].id) == 0) {
			PATH(c, "/%s/%zu/id", what, v[r].pos);
			ERR(c, vstr(c, v[r].id),
			    "duplicate id \"%s\": already used by /%s/%zu; ids must be unique",
			    v[r].id, what, idx[w - 1]);
			continue;
		}
		idx[w++] = v[r].pos;
	}
	free(v);
	*out = idx;
	*nout = w;
	return true;
}

/* ---- shared rules ----------------------------------------------------- */

static void check_windows(struct checker *c, const char *base,
			  const struct cp_weekly_window *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!set_min(w[i].start) || !set_min(w[i].end))
			continue;
		if (w[i].end <= w[i].start) {
			PATH(c, "%s/availability/%zu/end", base, i);
			char s[32];
			snprintf(s, sizeof(s), "%02d:%02d", w[i].start / 60, w[i].start % 60);
			ERR(c, vmin(c, w[i].end),
			    "end %s is not after start \"%s\"; a window must end after it starts "
			    "(split a window that crosses midnight into two, ending at \"24:00\")",
			    c->v, s);
		}
	}
}

static bool outside_course(const struct cp_course *co, cp_day from, cp_day to)
{
	return set_day(co->start) && set_day(co->end) && co->start <= co->end &&
	       (to < co->start || from > co->end);
}

static void check_course_window_msg(struct checker *c, char *buf, size_t n)
{
	char a[24], b[24];
	fmt_day(c->p->course.start, a, sizeof(a));
	fmt_day(c->p->course.end, b, sizeof(b));
	snprintf(buf, n, "%s to %s", a, b);
}

static void check_range(struct checker *c, const char *base, cp_day from, cp_day to,
			bool must_touch_course, const char *what)
{
	if (set_day(from) && set_day(to) && to < from) {
		char f[24];
		fmt_day(from, f, sizeof(f));
		PATH(c, "%s/to", base);
		ERR(c, vday(c, to), "\"to\" %s of %s is before \"from\" \"%s\"; expected a date on "
		    "or after it", c->v, what, f);
		return;
	}
	if (must_touch_course && set_day(from) && set_day(to) &&
	    outside_course(&c->p->course, from, to)) {
		char win[64];
		check_course_window_msg(c, win, sizeof(win));
		PATH(c, "%s/from", base);
		ERR(c, vday(c, from),
		    "%s from %s lies entirely outside the course window %s; check the year",
		    what, c->v, win);
	}
}

static bool has_language(const char *const *langs, size_t n, const char *lang)
{
	/* "ar" matches "ar" and "ar-MA": a regional variant reads the
	 * standard language of the course. */
	size_t ll = strlen(lang);
	for (size_t i = 0; i < n; i++) {
		if (!langs[i])
			continue;
		if (strcmp(langs[i], lang) == 0 ||
		    (strncmp(langs[i], lang, ll) == 0 && langs[i][ll] == '-'))
			return true;
	}
	return false;
}

/* ---- course ----------------------------------------------------------- */

/* Can the window hold the live hours at all? And a last, shorter
 * session when the live hours are not whole sessions (a warning). */
static void check_course_room(struct checker *c, const struct cp_course *co)
{
	char buf[32], buf2[32];

	if (set_min(co->live_minutes) && set_min(co->session_minutes) && co->session_minutes > 0 &&
	    set_day(co->start) && set_day(co->end) && co->end >= co->start &&
	    co->end - co->start + 1 <= CP_PROBLEM_MAX_COURSE_DAYS &&
	    co->sessions_min <= co->sessions_max) {
		long days = (long)(co->end - co->start + 1);
		long weeks = (days + 6) / 7;
		long need = (co->live_minutes + co->session_minutes - 1) / co->session_minutes;
		long room = weeks * co->sessions_max;
		if (days < 7 * weeks) {
			/* a partial last week holds at most one session a day */
			long part = days - 7 * (weeks - 1);
			room = (weeks - 1) * co->sessions_max +
			       (part < co->sessions_max ? part : co->sessions_max);
		}
		if (need > room) {
			fmt_minutes(co->live_minutes, buf, sizeof(buf));
			fmt_minutes(co->session_minutes, buf2, sizeof(buf2));
			PATH(c, "/course/sessions_per_week/max");
			ERR(c, vint(c, co->sessions_max),
			    "%s live in sessions of %s needs %ld sessions, but %ld days at most %d a week "
			    "hold only %ld; raise the maximum, lengthen the sessions or widen the window",
			    buf, buf2, need, days, co->sessions_max, room);
		}
		if (co->live_minutes % co->session_minutes) {
			/* What the candidates generate (exact live minutes): the
			 * last of the `need` lessons lasts the remainder. */
			fmt_minutes(co->live_minutes, buf, sizeof(buf));
			fmt_minutes(co->session_minutes, buf2, sizeof(buf2));
			PATH(c, "/course/session_length");
			char last[32];
			fmt_minutes(co->live_minutes % co->session_minutes, last, sizeof(last));
			WARN(c, NULL,
			     "%s live is not a whole number of %s sessions; the course will have %ld "
			     "sessions: %ld of %s and a last, shorter one of %s",
			     buf, buf2, need, need - 1, buf2, last);
		}
	}

}

/* The string member (at offset) of item j of an array of stride-byte
 * structs: an id or a country that must not repeat. */
static const char *key_at(const void *items, size_t stride, size_t offset, size_t j)
{
	const char *const *key = (const void *)((const char *)items + j * stride + offset);
	return *key;
}

/* The first item before item i with the same key (the string member at
 * offset), or SIZE_MAX when there is none or item i has no key. */
static size_t earlier_same(const void *items, size_t stride, size_t offset, size_t i)
{
	const char *key = key_at(items, stride, offset, i);
	for (size_t j = 0; j < i && key; j++) {
		const char *other = key_at(items, stride, offset, j);
		if (other && strcmp(other, key) == 0)
			return j;
	}
	return SIZE_MAX;
}

/* An error at /course/<list>/i/id when item i of the course's list (themes
 * or modules, whose ids are at offset) has the id of an earlier item. */
static void check_unique_id(struct checker *c, const void *items, size_t stride, size_t offset,
			    size_t i, const char *kind, const char *list)
{
	size_t j = earlier_same(items, stride, offset, i);
	if (j == SIZE_MAX)
		return;
	const char *id = key_at(items, stride, offset, i);
	PATH(c, "/course/%s/%zu/id", list, i);
	ERR(c, vstr(c, id), "duplicate %s id \"%s\": already used by /course/%s/%zu", kind, id,
	    list, j);
}

/* Warn at path when the parts, all set, add up to other than the course's
 * total (minutes): "<what> add up to <sum>, the course has <total> <kind>". */
static void check_total(struct checker *c, bool all_set, int sum, int total, const char *path,
			const char *what, const char *kind)
{
	char a[32], b[32];
	if (!all_set || !set_min(total) || sum == total)
		return;
	fmt_minutes(sum, a, sizeof(a));
	fmt_minutes(total, b, sizeof(b));
	PATH(c, "%s", path);
	WARN(c, NULL, "%s add up to %s, the course has %s %s", what, a, b, kind);
}

static void check_course(struct checker *c)
{
	const struct cp_course *co = &c->p->course;

	if (set_day(co->start) && set_day(co->end)) {
		if (co->end < co->start) {
			char s[24];
			fmt_day(co->start, s, sizeof(s));
			PATH(c, "/course/end");
			ERR(c, vday(c, co->end),
			    "end %s is before start \"%s\"; expected a date on or after the start",
			    c->v, s);
		} else if (co->end - co->start + 1 > CP_PROBLEM_MAX_COURSE_DAYS) {
			PATH(c, "/course/end");
			ERR(c, vday(c, co->end),
			    "the course would run %" PRId64 " days; at most %d days (two years) are supported",
			    (int64_t)(co->end - co->start + 1), CP_PROBLEM_MAX_COURSE_DAYS);
		}
	}
	if (co->sessions_min > co->sessions_max) {
		PATH(c, "/course/sessions_per_week/min");
		ERR(c, vint(c, co->sessions_min),
		    "min %d is more than max %d sessions per week", co->sessions_min,
		    co->sessions_max);
	}

	check_course_room(c, co);

	/* Themes: unique ids, live hours adding up. */
	int sum = 0;
	bool all_set = co->n_themes > 0;
	for (size_t i = 0; i < co->n_themes; i++) {
		const struct cp_theme *t = &co->themes[i];
		check_unique_id(c, co->themes, sizeof *co->themes, offsetof(struct cp_theme, id), i,
				"theme", "themes");
		if (set_min(t->live))
			sum += t->live;
		else
			all_set = false;
	}
	check_total(c, all_set, sum, co->live_minutes, "/course/themes", "the themes' live hours",
		    "live");

	sum = 0;
	all_set = co->n_modules > 0;
	for (size_t i = 0; i < co->n_modules; i++) {
		const struct cp_module *m = &co->modules[i];
		check_unique_id(c, co->modules, sizeof *co->modules, offsetof(struct cp_module, id), i,
				"module", "modules");
		if (m->theme) {
			bool found = false;
			for (size_t j = 0; j < co->n_themes && !found; j++)
				found = co->themes[j].id && strcmp(co->themes[j].id, m->theme) == 0;
			if (!found) {
				PATH(c, "/course/modules/%zu/theme", i);
				ERR(c, vstr(c, m->theme),
				    "theme \"%s\" is not defined in /course/themes; expected the id of a theme",
				    m->theme);
			}
		}
		if (set_min(m->minutes))
			sum += m->minutes;
		else
			all_set = false;
	}
	check_total(c, all_set, sum, co->self_paced_minutes, "/course/modules",
		    "the self-paced modules", "self-paced");
}

/* ---- policy ----------------------------------------------------------- */

/* An error at path when day is set and lies outside the course window:
 * "date <day> lies outside the course window <window><hint>". */
static void check_in_course(struct checker *c, cp_day day, const char *path, const char *hint)
{
	if (!set_day(day) || !outside_course(&c->p->course, day, day))
		return;
	char win[64];
	check_course_window_msg(c, win, sizeof(win));
	PATH(c, "%s", path);
	ERR(c, vday(c, day), "date %s lies outside the course window %s%s", c->v, win, hint);
}

/* Timetable shapes and staggered starts (policy.weekdays ...). */
static void check_shapes(struct checker *c)
{
	const struct cp_policy *pol = &c->p->policy;
	const struct cp_course *co = &c->p->course;
	int ndays = 0;

	for (int wd = 0; wd < 7; wd++)
		ndays += (pol->weekdays >> wd) & 1u;
	if (pol->weekdays != 0 && ndays < co->sessions_min) {
		PATH(c, "/policy/weekdays");
		ERR(c, NULL, "only %d weekday%s allowed, but the course wants at least %d sessions "
		    "a week (course.sessions_per_week.min); allow more days or lower the minimum",
		    ndays, ndays == 1 ? " is" : "s are", co->sessions_min);
	}
	if (set_day(pol->start_from) && set_day(pol->start_to) && pol->start_to < pol->start_from) {
		char s[24];
		fmt_day(pol->start_from, s, sizeof(s));
		PATH(c, "/policy/start_dates/to");
		ERR(c, vday(c, pol->start_to),
		    "to %s is before from \"%s\"; expected a date on or after it", c->v, s);
	}
	check_in_course(c, pol->start_from, "/policy/start_dates/from", "");
	check_in_course(c, pol->start_to, "/policy/start_dates/to", "");
}

static void check_policy(struct checker *c)
{
	const struct cp_policy *pol = &c->p->policy;
	const struct cp_course *co = &c->p->course;

	if (pol->latest <= pol->earliest) {
		char e[32];
		snprintf(e, sizeof(e), "%02d:%02d", pol->earliest / 60, pol->earliest % 60);
		PATH(c, "/policy/latest");
		ERR(c, vmin(c, pol->latest), "latest %s is not after earliest \"%s\"", c->v, e);
	} else if (set_min(co->session_minutes) && pol->latest - pol->earliest < co->session_minutes) {
		char b[32];
		fmt_minutes(co->session_minutes, b, sizeof(b));
		PATH(c, "/policy/latest");
		ERR(c, vmin(c, pol->latest),
		    "the participants' day (earliest to latest) is shorter than one %s session", b);
	}
	if (pol->cohort_min > pol->cohort_max) {
		PATH(c, "/policy/cohort_size/min");
		ERR(c, vint(c, pol->cohort_min), "min %d is more than max %d participants per cohort",
		    pol->cohort_min, pol->cohort_max);
	}
	for (size_t i = 0; i < pol->n_ramadan; i++) {
		const struct cp_ramadan_rule *r = &pol->ramadan[i];
		if (set_min(r->start) && set_min(r->end) && r->end <= r->start) {
			char s[32];
			snprintf(s, sizeof(s), "%02d:%02d", r->start / 60, r->start % 60);
			PATH(c, "/policy/ramadan/%zu/end", i);
			ERR(c, vmin(c, r->end), "end %s is not after start \"%s\"", c->v, s);
		}
		size_t j = earlier_same(pol->ramadan, sizeof *pol->ramadan,
					offsetof(struct cp_ramadan_rule, country), i);
		if (j != SIZE_MAX) {
			PATH(c, "/policy/ramadan/%zu/country", i);
			ERR(c, vstr(c, r->country), "a Ramadan rule for %s is already given at "
			    "/policy/ramadan/%zu", r->country, j);
		}
	}
	for (size_t i = 0; i < pol->n_extra; i++) {
		char path[64];
		snprintf(path, sizeof(path), "/policy/extra_holidays/%zu/date", i);
		check_in_course(c, pol->extra[i].date, path, "; check the year");
	}
	check_shapes(c);
}

/* ---- rosters ---------------------------------------------------------- */

bool cp_problem_set_busy(struct cp_problem *p, size_t i, const struct cp_interval_set *busy)
{
	if (i >= p->np)
		return false;
	struct cp_interval_set n;
	cp_interval_set_init(&n);
	if (!cp_interval_set_add_set(&n, busy)) {
		cp_interval_set_finish(&n);
		return false;
	}
	cp_interval_set_normalize(&n);
	struct cp_roster *r = &p->participants[i]->roster;
	cp_interval_set_finish(&r->busy);
	r->busy = n;
	return true;
}

bool cp_problem_add_margin_busy(struct cp_problem *p, size_t i, int before, int after,
				const struct cp_interval_set *busy)
{
	if (i >= p->np)
		return false;
	struct cp_roster *r = &p->participants[i]->roster;
	size_t g = 0;
	while (g < r->n_groups && (r->groups[g].before != before || r->groups[g].after != after))
		g++;
	if (g == r->n_groups) {
		struct cp_margin_group *n = realloc(r->groups, (g + 1) * sizeof(*n));
		if (!n)
			return false;
		r->groups = n;
		r->groups[g].before = before;
		r->groups[g].after = after;
		cp_interval_set_init(&r->groups[g].busy);
		r->n_groups++;
	}
	if (!cp_interval_set_add_set(&r->groups[g].busy, busy))
		return false;
	cp_interval_set_normalize(&r->groups[g].busy);
	return true;
}

/* An inline shift with margins of its own. */
struct margined {
	int before, after;
	struct cp_interval iv;
};

static int cmp_margined(const void *a, const void *b)
{
	const struct margined *x = a, *y = b;
	return x->before != y->before ? CP_CMP(x->before, y->before) : CP_CMP(x->after, y->after);
}

static void clear_groups(struct cp_roster *r)
{
	for (size_t g = 0; g < r->n_groups; g++)
		cp_interval_set_finish(&r->groups[g].busy);
	free(r->groups);
	r->groups = NULL;
	r->n_groups = 0;
}

/* Local wall time to an instant, conservatively: a shift starting in a gap
 * starts at the earliest reading, one ending in an overlap ends at the
 * latest, so busy time is never shortened. */
static cp_instant local_to_utc(const struct cp_tz *tz, const struct cp_civil *w, bool is_end)
{
	struct cp_tz_resolution r;
	cp_tz_to_utc(tz, w, &r);
	return is_end ? r.latest : r.earliest;
}

/* What an inline shift is, for the check and for the busy time. */
enum shift_state {
	SHIFT_UNSET,     /* a time the reader could not parse (and reported) */
	SHIFT_NOT_AFTER, /* end not after start */
	SHIFT_TOO_LONG,  /* longer than 24 h */
	SHIFT_OK,
};

static enum shift_state shift_state(const struct cp_shift *s)
{
	if (s->start.year == 0 || s->end.year == 0)
		return SHIFT_UNSET;
	cp_instant a = cp_civil_to_instant(&s->start);
	cp_instant b = cp_civil_to_instant(&s->end);
	if (b <= a)
		return SHIFT_NOT_AFTER;
	return b - a > 24 * 3600 ? SHIFT_TOO_LONG : SHIFT_OK;
}

static void check_roster(struct checker *c, size_t pi, const struct cp_participant *x)
{
	const struct cp_roster *r = &x->roster;
	if (r->kind != CP_ROSTER_INLINE)
		return;
	for (size_t j = 0; j < r->n_shifts; j++) {
		const struct cp_shift *s = &r->shifts[j];
		char st[CP_TIME_BUFSZ], en[CP_TIME_BUFSZ];
		enum shift_state ss = shift_state(s);
		if (ss == SHIFT_NOT_AFTER) {
			cp_format_local(&s->start, st);
			cp_format_local(&s->end, en);
			PATH(c, "/participants/%zu/roster/shifts/%zu/end", pi, j);
			snprintf(c->v, sizeof(c->v), "\"%s\"", en);
			ERR(c, c->v, "end \"%s\" is not after start \"%s\"; a shift must end after it "
			    "starts", en, st);
		} else if (ss == SHIFT_TOO_LONG) {
			cp_instant a = cp_civil_to_instant(&s->start);
			cp_instant b = cp_civil_to_instant(&s->end);
			cp_format_local(&s->end, en);
			PATH(c, "/participants/%zu/roster/shifts/%zu/end", pi, j);
			snprintf(c->v, sizeof(c->v), "\"%s\"", en);
			ERR(c, c->v, "a shift of %" PRId64 " h is longer than 24 h; give each working "
			    "day as its own shift", (int64_t)((b - a) / 3600));
		}
	}
}

/* The busy time of participant pi's inline roster from its valid shifts
 * (check_roster reports the others), in UTC with the participant's zone;
 * sets p->nomem when out of memory. */
static void derive_roster(struct cp_problem *p, size_t pi)
{
	struct cp_participant *x = p->participants[pi];
	struct cp_roster *r = &x->roster;
	if (r->kind != CP_ROSTER_INLINE)
		return;
	/* Collect first, add once: one allocation per roster instead of a
	 * chain of reallocs (which glibc's MALLOC_PERTURB_ makes very slow). */
	struct cp_interval *v = malloc((r->n_shifts ? r->n_shifts : 1) * sizeof(*v));
	if (!v) {
		p->nomem = true;
		return;
	}
	size_t nv = 0, nm = 0;
	struct margined *m = malloc((r->n_shifts ? r->n_shifts : 1) * sizeof(*m));
	if (!m) {
		free(v);
		p->nomem = true;
		return;
	}
	clear_groups(r);
	for (size_t j = 0; j < r->n_shifts; j++) {
		const struct cp_shift *s = &r->shifts[j];
		if (shift_state(s) != SHIFT_OK || !x->tz)
			continue;
		cp_instant a0 = local_to_utc(x->tz, &s->start, false);
		cp_instant b0 = local_to_utc(x->tz, &s->end, true);
		if (s->margin_before != CP_MIN_UNSET || s->margin_after != CP_MIN_UNSET) {
			/* Its own margins: kept apart from the merged busy set,
			 * grouped by margins below. */
			m[nm++] = (struct margined){ s->margin_before, s->margin_after, { a0, b0 } };
			continue;
		}
		v[nv].start = a0;
		v[nv].end = b0;
		nv++;
	}
	if (nm > 1)
		qsort(m, nm, sizeof(*m), cmp_margined);
	for (size_t j = 0, k; j < nm; j = k) {
		for (k = j; k < nm && m[k].before == m[j].before && m[k].after == m[j].after; k++)
			v[nv + k - j] = m[k].iv;
		struct cp_interval_set gs = { .items = v + nv, .count = k - j, .cap = k - j };
		if (!cp_problem_add_margin_busy(p, pi, m[j].before, m[j].after, &gs))
			p->nomem = true;
	}
	free(m);
	struct cp_interval_set tmp = { .items = v, .count = nv, .cap = r->n_shifts };
	cp_interval_set_clear(&r->busy);
	if (!cp_interval_set_add_set(&r->busy, &tmp))
		p->nomem = true;
	free(v);
	cp_interval_set_normalize(&r->busy);
}

/* ---- periods and own calendars ---------------------------------------- */

static void check_periods(struct checker *c, const char *base, const struct cp_period *pr,
			  size_t n)
{
	for (size_t j = 0; j < n; j++) {
		char pb[96];
		snprintf(pb, sizeof(pb), "%s/periods/%zu", base, j);
		check_range(c, pb, pr[j].from, pr[j].to, true, "the period");
		check_windows(c, pb, pr[j].availability, pr[j].n_availability);
		if (pr[j].n_availability == 0 && pr[j].availability) {
			PATH(c, "%s/availability", pb);
			ERR(c, NULL, "a period needs at least one weekly window; to be unavailable "
			    "on whole days, give an exception with \"available\": false");
		}
		if (!set_day(pr[j].from) || !set_day(pr[j].to) || pr[j].to < pr[j].from)
			continue;
		for (size_t k = 0; k < j; k++) {
			if (!set_day(pr[k].from) || !set_day(pr[k].to) || pr[k].to < pr[k].from)
				continue;
			if (pr[k].from <= pr[j].to && pr[j].from <= pr[k].to) {
				char f[24], t[24];
				fmt_day(pr[k].from, f, sizeof(f));
				fmt_day(pr[k].to, t, sizeof(t));
				PATH(c, "%s/from", pb);
				ERR(c, vday(c, pr[j].from), "the period overlaps %s/periods/%zu (%s to %s); "
				    "on each date at most one period may replace the windows", base, k,
				    f, t);
				break;
			}
		}
	}
}

static void check_calendars(struct checker *c)
{
	for (size_t i = 0; i < c->p->n_calendars; i++) {
		const struct cp_calendar_def *d = &c->p->calendars[i];
		size_t k = earlier_same(c->p->calendars, sizeof *c->p->calendars,
					offsetof(struct cp_calendar_def, id), i);
		if (k != SIZE_MAX) {
			PATH(c, "/calendars/%zu/id", i);
			ERR(c, vstr(c, d->id), "calendar id \"%s\" is already defined at "
			    "/calendars/%zu; ids must be unique", d->id, k);
		}
		for (size_t j = 0; j < d->n_dates; j++) {
			char db[64];
			snprintf(db, sizeof(db), "/calendars/%zu/dates/%zu", i, j);
			check_range(c, db, d->dates[j].from, d->dates[j].to, false, "the holiday");
		}
	}
}

/* ---- people ----------------------------------------------------------- */

static void check_participant(struct checker *c, size_t i)
{
	struct cp_participant *x = c->p->participants[i];
	const struct cp_course *co = &c->p->course;
	char base[48];
	snprintf(base, sizeof(base), "/participants/%zu", i);

	check_windows(c, base, x->availability, x->n_availability);
	for (size_t j = 0; j < x->n_exceptions; j++) {
		const struct cp_exception *e = &x->exceptions[j];
		char eb[80];
		snprintf(eb, sizeof(eb), "%s/exceptions/%zu", base, j);
		check_range(c, eb, e->from, e->to, true, "the exception");
		if (set_min(e->start) && set_min(e->end) && e->end <= e->start) {
			char s[32];
			snprintf(s, sizeof(s), "%02d:%02d", e->start / 60, e->start % 60);
			PATH(c, "%s/end", eb);
			ERR(c, vmin(c, e->end), "end %s is not after start \"%s\"", c->v, s);
		}
	}
	if (set_day(x->departure) && set_day(co->start) && x->departure < co->start) {
		PATH(c, "%s/departure", base);
		WARN(c, vday(c, x->departure),
		     "departure %s is before the course starts; this participant cannot attend "
		     "any live lesson", c->v);
	}
	if (co->language && x->n_languages && !has_language(x->languages, x->n_languages,
							   co->language)) {
		PATH(c, "%s/languages", base);
		WARN(c, NULL, "does not list the course language \"%s\"", co->language);
	}
	check_roster(c, i, x);
	check_periods(c, base, x->periods, x->n_periods);

	if (x->partner) {
		PATH(c, "%s/partner/id", base);
		if (x->id && strcmp(x->partner, x->id) == 0) {
			ERR(c, vstr(c, x->partner), "a participant cannot be their own partner");
			return;
		}
		long k = cp_problem_find_participant(c->p, x->partner);
		if (k < 0) {
			ERR(c, vstr(c, x->partner),
			    "no participant has id \"%s\"; expected the id of another participant",
			    x->partner);
			return;
		}
		const struct cp_participant *y = c->p->participants[k];
		if (y->partner && x->id && strcmp(y->partner, x->id) == 0 &&
		    y->partner_pref != x->partner_pref && (size_t)k < i &&
		    x->partner_pref != CP_PARTNER_DONT_CARE && y->partner_pref != CP_PARTNER_DONT_CARE) {
			PATH(c, "%s/partner/cohort", base);
			snprintf(c->v, sizeof(c->v), "\"%s\"", cp_partner_pref_name(x->partner_pref));
			ERR(c, c->v, "contradicts /participants/%ld/partner/cohort (\"%s\") of the "
			    "same couple", k, cp_partner_pref_name(y->partner_pref));
		} else if (y->partner && x->id && strcmp(y->partner, x->id) != 0 &&
			   !(y->id && strcmp(y->partner, y->id) == 0)) {
			WARN(c, vstr(c, x->partner),
			     "\"%s\" names a different partner (\"%s\")", x->partner, y->partner);
		}
	}
}

static void check_teacher(struct checker *c, size_t i)
{
	struct cp_teacher *t = c->p->teachers[i];
	const struct cp_course *co = &c->p->course;
	char base[48], b[32];
	snprintf(base, sizeof(base), "/teachers/%zu", i);

	check_windows(c, base, t->availability, t->n_availability);
	if (t->latest <= t->earliest) {
		char e[32];
		snprintf(e, sizeof(e), "%02d:%02d", t->earliest / 60, t->earliest % 60);
		PATH(c, "%s/latest", base);
		ERR(c, vmin(c, t->latest), "latest %s is not after earliest \"%s\"", c->v, e);
	}
	if (set_min(co->session_minutes) && t->max_day < co->session_minutes) {
		fmt_minutes(co->session_minutes, b, sizeof(b));
		PATH(c, "%s/max_hours_per_day", base);
		snprintf(c->v, sizeof(c->v), "%g", t->max_day / 60.0);
		ERR(c, c->v, "a teacher allowed %s h a day cannot teach one %s session", c->v, b);
	}
	if (t->max_week < t->max_day) {
		PATH(c, "%s/max_hours_per_week", base);
		snprintf(c->v, sizeof(c->v), "%g", t->max_week / 60.0);
		WARN(c, c->v, "is less than max_hours_per_day (%g)", t->max_day / 60.0);
	}
	for (size_t j = 0; j < t->n_leave; j++) {
		char lb[80];
		snprintf(lb, sizeof(lb), "%s/leave/%zu", base, j);
		check_range(c, lb, t->leave[j].from, t->leave[j].to, false, "leave");
	}
	check_periods(c, base, t->periods, t->n_periods);
	if (co->language && t->n_languages && !has_language(t->languages, t->n_languages,
							   co->language)) {
		PATH(c, "%s/languages", base);
		WARN(c, NULL, "does not list the course language \"%s\"; this teacher cannot teach "
		     "this course", co->language);
	}
}

/* ---- derived fields --------------------------------------------------- */

/* The fields cp_problem_check derives before it checks anything, so that
 * the checks only read: the course's zone (the documented default when
 * none is given), its live and self-paced minutes, countries from zones,
 * and the busy time of inline rosters. Sets p->nomem when out of memory. */
static void derive(struct cp_problem *p)
{
	struct cp_course *co = &p->course;

	/* The agency's zone is the documented default reference zone. Without
	 * a zone database (or one lacking it) tz stays NULL: the engine then
	 * reads the window in UTC. */
	if (!co->zone && p->db) {
		struct cp_tz_error terr;
		co->tz = cp_tzdb_zone(p->db, CP_COURSE_ZONE_DEFAULT, &terr);
		if (co->tz)
			co->zone = CP_COURSE_ZONE_DEFAULT;
	}
	if (set_min(co->lesson_minutes)) {
		double share = co->sync_share;
		if (!(share >= 0.0 && share <= 1.0))
			share = 0.60;
		co->live_minutes = (int)lround(co->lesson_minutes * share);
		co->self_paced_minutes = co->lesson_minutes - co->live_minutes;
	}
	for (size_t i = 0; i < p->np; i++) {
		struct cp_participant *x = p->participants[i];
		if (!x->country && x->zone)
			x->country = cp_country_of_zone(x->zone);
		derive_roster(p, i);
	}
	for (size_t i = 0; i < p->nt; i++) {
		struct cp_teacher *t = p->teachers[i];
		if (!t->country && t->zone)
			t->country = cp_country_of_zone(t->zone);
	}
}

enum cp_problem_status cp_problem_check(struct cp_problem *p, struct cp_diag *diag)
{
	struct checker c = { .p = p, .d = diag };
	size_t errors_before = cp_diag_errors(diag);

	if (p->nomem)
		return CP_PROBLEM_ERR_NOMEM;

	free(p->pidx);
	free(p->tidx);
	p->pidx = p->tidx = NULL;
	p->pids = cp_problem_alloc(p, p->np, sizeof(*p->pids));
	p->tids = cp_problem_alloc(p, p->nt, sizeof(*p->tids));
	if (!p->pids || !p->tids)
		return CP_PROBLEM_ERR_NOMEM;
	for (size_t i = 0; i < p->np; i++)
		p->pids[i] = p->participants[i]->id;
	for (size_t i = 0; i < p->nt; i++)
		p->tids[i] = p->teachers[i]->id;
	if (!build_index(&c, p->pids, p->np, "participants", &p->pidx, &p->npidx) ||
	    !build_index(&c, p->tids, p->nt, "teachers", &p->tidx, &p->ntidx))
		return CP_PROBLEM_ERR_NOMEM;

	derive(p);
	check_course(&c);
	check_policy(&c);
	check_calendars(&c);
	for (size_t i = 0; i < p->np; i++)
		check_participant(&c, i);
	for (size_t i = 0; i < p->nt; i++)
		check_teacher(&c, i);

	if (p->nomem || cp_diag_nomem(diag))
		return CP_PROBLEM_ERR_NOMEM;
	return cp_diag_errors(diag) > errors_before ? CP_PROBLEM_ERR_INVALID : CP_PROBLEM_OK;
}
