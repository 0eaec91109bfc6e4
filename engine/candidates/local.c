/* Window coverage in local time. See local.h. */
#include "local.h"

#include <string.h>

#define MAX_SPANS (2 * CP_PROBLEM_MAX_LIST + 2 * CP_PROBLEM_MAX_EXCEPTIONS)

struct span {
	int32_t a, b;
};

/* Can [from, to) be walked from left to right through the spans? */
static bool walk(const struct span *s, size_t n, int32_t from, int32_t to)
{
	int32_t cur = from;
	bool moved = true;

	while (cur < to && moved) {
		moved = false;
		for (size_t i = 0; i < n; i++)
			if (s[i].a <= cur && cur < s[i].b) {
				cur = s[i].b;
				moved = true;
			}
	}
	return cur >= to;
}

static bool covered_spans(struct span *s, size_t n, const struct cp_exception *exc, size_t nexc,
			  int64_t day, int32_t smin, int32_t emin);

bool cp_local_covered(const struct cp_weekly_window *w, size_t nw,
		      const struct cp_exception *exc, size_t nexc,
		      int64_t day, int32_t smin, int32_t emin)
{
	struct span s[MAX_SPANS];
	size_t n = 0;
	int wd = cp_wday(day), wn = (wd + 1) % 7;

	if (nw == 0)
		return true;
	if (emin <= smin)
		return true;
	for (size_t i = 0; i < nw && n + 2 <= MAX_SPANS; i++) {
		if (w[i].days & CP_DAYBIT(wd))
			s[n++] = (struct span){ w[i].start, w[i].end };
		if (emin > 1440 && (w[i].days & CP_DAYBIT(wn)))
			s[n++] = (struct span){ 1440 + w[i].start, 1440 + w[i].end };
	}
	return covered_spans(s, n, exc, nexc, day, smin, emin);
}

/* The windows' spans s[0..n) (room for MAX_SPANS) cover [smin, emin) of
 * `day`, alone or with the dated "available" exceptions. */
static bool covered_spans(struct span *s, size_t n, const struct cp_exception *exc, size_t nexc,
			  int64_t day, int32_t smin, int32_t emin)
{
	if (walk(s, n, smin, emin))
		return true;
	/* Dated "available" exceptions add time; there can be many, so they
	 * are only looked at when the windows alone do not do. */
	for (size_t i = 0; i < nexc; i++) {
		const struct cp_exception *e = &exc[i];
		if (!e->available)
			continue;
		for (int64_t d = day; d <= day + (emin > 1440 ? 1 : 0); d++)
			if (e->from <= d && d <= e->to && n < MAX_SPANS) {
				int32_t off = (int32_t)(d - day) * 1440;
				s[n++] = (struct span){ off + e->start, off + e->end };
			}
	}
	return walk(s, n, smin, emin);
}

bool cp_local_blocked(const struct cp_exception *exc, size_t nexc,
		      int64_t day, int32_t smin, int32_t emin)
{
	for (size_t i = 0; i < nexc; i++) {
		const struct cp_exception *e = &exc[i];
		if (e->available)
			continue;
		for (int64_t d = day; d <= day + (emin > 1440 ? 1 : 0); d++) {
			int32_t off = (int32_t)(d - day) * 1440;
			if (e->from <= d && d <= e->to && smin < off + e->end && off + e->start < emin)
				return true;
		}
	}
	return false;
}

bool cp_speaks(const char *const *langs, size_t n, const char *lang)
{
	size_t ll;

	if (!lang || n == 0)
		return true;
	ll = strlen(lang);
	for (size_t i = 0; i < n; i++)
		if (langs[i] && (strcmp(langs[i], lang) == 0 ||
				 (strncmp(langs[i], lang, ll) == 0 && langs[i][ll] == '-')))
			return true;
	return false;
}

/* One date's part of a span: that date's windows shifted by off minutes,
 * or the whole date when it has none (no windows: no restriction). */
static size_t day_spans(const struct cp_weekly_window *w, size_t nw, int wd, int32_t off,
			struct span *s, size_t n)
{
	if (nw == 0) {
		if (n < MAX_SPANS)
			s[n++] = (struct span){ off, off + 1440 };
		return n;
	}
	for (size_t i = 0; i < nw && n < MAX_SPANS; i++)
		if (w[i].days & CP_DAYBIT(wd))
			s[n++] = (struct span){ off + w[i].start, off + w[i].end };
	return n;
}

bool cp_local_covered_periods(const struct cp_weekly_window *w, size_t nw,
			      const struct cp_period *pr, size_t npr,
			      const struct cp_exception *exc, size_t nexc,
			      int64_t day, int32_t smin, int32_t emin)
{
	struct span s[MAX_SPANS];
	size_t n = 0, n0, n1 = 0;
	const struct cp_weekly_window *w0, *w1 = NULL;

	if (npr == 0)
		return cp_local_covered(w, nw, exc, nexc, day, smin, emin);
	if (emin <= smin)
		return true;
	w0 = cp_period_windows(w, nw, pr, npr, day, &n0);
	if (emin > 1440)
		w1 = cp_period_windows(w, nw, pr, npr, day + 1, &n1);
	if (n0 == 0 && n1 == 0)
		return true;
	n = day_spans(w0, n0, cp_wday(day), 0, s, n);
	if (emin > 1440)
		n = day_spans(w1, n1, cp_wday(day + 1), 1440, s, n);
	return covered_spans(s, n, exc, nexc, day, smin, emin);
}
