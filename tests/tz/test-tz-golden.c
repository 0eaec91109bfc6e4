/*
 * The time core against zdump: every transition 1970-2037 of the golden
 * zones (tests/data/tz/golden, written by tests/tz/gen-golden), what the
 * clocks say one second before and at each one, and local -> UTC on both
 * sides of every gap and overlap.
 *
 * The expected answers for local -> UTC come from an oracle below that knows
 * only the golden offsets: a wall time w happens at every instant t with
 * t + offset(t) = w, and offset() is piecewise constant between the golden
 * transitions. None of it comes from the code under test.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-config.h"
#include "tz-test.h"

/* Counters for the closing summary. */
static unsigned long n_transitions, n_walls, n_gaps, n_overlaps, n_skipped;

/* ---- transitions and UTC -> local ------------------------------------ */

static void check_local(const struct cp_tz *tz, const char *zone, cp_instant t,
			int32_t off, bool dst, const char *abbr,
			const struct cp_civil *wall)
{
	struct cp_tz_local loc;
	char a[32], b[32], c[32];

	memset(&loc, 0x5a, sizeof loc);
	cp_tz_to_local(tz, t, &loc);
	CHECK_INT(loc.utoff, off, "%s at %s", zone, tt_utc_str(t, a));
	CHECK_INT(loc.is_dst, dst, "%s at %s", zone, tt_utc_str(t, a));
	CHECK(memchr(loc.abbr, '\0', sizeof loc.abbr) != NULL,
	      "%s at %s: abbreviation not terminated", zone, tt_utc_str(t, a));
	if (memchr(loc.abbr, '\0', sizeof loc.abbr))
		CHECK_STR(loc.abbr, abbr, "%s at %s", zone, tt_utc_str(t, a));
	CHECK(tt_civil_eq(&loc.wall, wall), "%s at %s: wall %s, zdump says %s",
	      zone, tt_utc_str(t, a), tt_civil_str(&loc.wall, b),
	      tt_civil_str(wall, c));
	CHECK_INT(cp_tz_offset_at(tz, t), off, "%s offset at %s", zone,
		  tt_utc_str(t, a));
}

static void check_same_transition(const struct cp_tz_transition *got,
				  const struct golden_tr *want, const char *zone,
				  const char *what)
{
	char a[32];

	tt_utc_str(want->at, a);
	CHECK_INT(got->at, want->at, "%s %s %s", zone, what, a);
	CHECK_INT(got->offset_before, want->offset_before, "%s %s %s", zone,
		  what, a);
	CHECK_INT(got->offset_after, want->offset_after, "%s %s %s", zone, what,
		  a);
	CHECK_INT(got->dst_after, want->dst_after, "%s %s %s", zone, what, a);
	CHECK(memchr(got->abbr_after, '\0', sizeof got->abbr_after) != NULL,
	      "%s %s %s: abbreviation not terminated", zone, what, a);
	if (memchr(got->abbr_after, '\0', sizeof got->abbr_after))
		CHECK_STR(got->abbr_after, want->abbr_after, "%s %s %s", zone,
			  what, a);
}

static void check_transitions(const struct cp_tz *tz,
			      const struct golden_zone *z)
{
	size_t n = z->count, cap = n + 2, total;
	struct cp_tz_transition *out = calloc(cap, sizeof *out);
	struct cp_tz_transition one[2], sentinel;
	struct cp_civil start_wall;

	if (!out)
		abort();
	/* Sizing call, then the real one. */
	CHECK_INT(cp_tz_transitions(tz, TT_WINDOW_START, TT_WINDOW_END, NULL, 0),
		  n, "%s: count 1970-2037", z->name);
	memset(out, 0x5a, cap * sizeof *out);
	total = cp_tz_transitions(tz, TT_WINDOW_START, TT_WINDOW_END, out, cap);
	if (CHECK_INT(total, n, "%s: transitions 1970-2037", z->name)) {
		for (size_t i = 0; i < n; i++)
			check_same_transition(&out[i], &z->tr[i], z->name,
					      "transition");
	}
	/* A short buffer gets the first cap entries and nothing beyond. */
	if (n >= 2) {
		memset(out, 0x5a, cap * sizeof *out);
		memset(&sentinel, 0x5a, sizeof sentinel);
		CHECK_INT(cp_tz_transitions(tz, TT_WINDOW_START, TT_WINDOW_END,
					    out, n / 2), n,
			  "%s: count with a short buffer", z->name);
		for (size_t i = 0; i < n / 2; i++)
			check_same_transition(&out[i], &z->tr[i], z->name,
					      "short buffer");
		CHECK(memcmp(&out[n / 2], &sentinel, sizeof sentinel) == 0,
		      "%s: wrote past cap", z->name);
	}
	/* The range is half open: [at, at + 1) holds exactly the transition,
	 * the seconds strictly between two transitions hold none. */
	for (size_t i = 0; i < n; i++) {
		cp_instant at = z->tr[i].at;
		cp_instant prev = i ? z->tr[i - 1].at + 1 : TT_WINDOW_START;

		if (CHECK_INT(cp_tz_transitions(tz, at, at + 1, one, 2), 1,
			      "%s: [at, at+1) at %" PRId64, z->name, at))
			check_same_transition(&one[0], &z->tr[i], z->name,
					      "single");
		CHECK_INT(cp_tz_transitions(tz, prev, at, one, 2), 0,
			  "%s: before %" PRId64, z->name, at);
	}
	free(out);

	/* The state the window starts in, then both sides of every transition
	 * exactly as zdump printed them. */
	tt_civil_from_secs(TT_WINDOW_START + z->start_offset, &start_wall);
	check_local(tz, z->name, TT_WINDOW_START, z->start_offset, z->start_dst,
		    z->start_abbr, &start_wall);
	for (size_t i = 0; i < n; i++) {
		const struct golden_tr *g = &z->tr[i];

		check_local(tz, z->name, g->at - 1, g->offset_before,
			    g->dst_before, g->abbr_before, &g->wall_before);
		check_local(tz, z->name, g->at, g->offset_after, g->dst_after,
			    g->abbr_after, &g->wall_after);
	}
	n_transitions += n;
}

/* ---- local -> UTC against the oracle --------------------------------- */

struct expect {
	int candidates;   /* instants at which the wall time happens */
	bool ambiguous;   /* more than one transition explains it: skip */
	struct cp_tz_resolution res;
};

/* Offset in force during period p: before transition 0, or from transition
 * p-1 on. */
static int32_t period_offset(const struct golden_zone *z, size_t p)
{
	return p == 0 ? z->start_offset : z->tr[p - 1].offset_after;
}

static void oracle(const struct golden_zone *z, int64_t wall, struct expect *e)
{
	size_t first = 0, second = 0;

	memset(e, 0, sizeof *e);
	for (size_t p = 0; p <= z->count; p++) {
		int32_t off = period_offset(z, p);
		int64_t t = wall - off;

		if (p > 0 && t < z->tr[p - 1].at)
			continue;
		if (p < z->count && t >= z->tr[p].at)
			continue;
		if (e->candidates == 0)
			first = p;
		else
			second = p;
		e->candidates++;
	}
	if (e->candidates == 1) {
		e->res.kind = CP_TZ_NORMAL;
		e->res.offset_before = e->res.offset_after = period_offset(z, first);
		e->res.earliest = e->res.latest = wall - e->res.offset_before;
	} else if (e->candidates == 2) {
		e->res.kind = CP_TZ_OVERLAP;
		e->res.offset_before = period_offset(z, first);
		e->res.offset_after = period_offset(z, second);
		e->res.earliest = wall - e->res.offset_before;
		e->res.latest = wall - e->res.offset_after;
		/* Adjacent periods: the transition between them caused it. */
		e->ambiguous = second != first + 1;
		e->res.transition = z->tr[second - 1].at;
	} else if (e->candidates == 0) {
		int found = 0;

		e->res.kind = CP_TZ_GAP;
		for (size_t k = 0; k < z->count; k++) {
			const struct golden_tr *g = &z->tr[k];

			if (wall >= g->at + g->offset_before &&
			    wall < g->at + g->offset_after) {
				e->res.offset_before = g->offset_before;
				e->res.offset_after = g->offset_after;
				e->res.earliest = e->res.latest =
					wall - g->offset_before;
				e->res.transition = g->at;
				found++;
			}
		}
		e->ambiguous = found != 1;
	} else {
		e->ambiguous = true;
	}
}

static void check_wall(const struct cp_tz *tz, const struct golden_zone *z,
		       int64_t wall_secs)
{
	struct cp_tz_resolution got;
	struct cp_civil wall;
	struct expect e;
	enum cp_tz_kind kind;
	char w[32];

	oracle(z, wall_secs, &e);
	if (e.ambiguous) {
		n_skipped++;
		return;
	}
	tt_civil_from_secs(wall_secs, &wall);
	tt_civil_str(&wall, w);
	memset(&got, 0x5a, sizeof got);
	kind = cp_tz_to_utc(tz, &wall, &got);
	n_walls++;
	n_gaps += e.res.kind == CP_TZ_GAP;
	n_overlaps += e.res.kind == CP_TZ_OVERLAP;
	CHECK_INT(kind, got.kind, "%s %s: returned kind vs out->kind", z->name, w);
	if (!CHECK_INT(got.kind, e.res.kind, "%s %s: kind %s, expected %s",
		       z->name, w, cp_tz_kind_name(got.kind),
		       cp_tz_kind_name(e.res.kind)))
		return;
	CHECK_INT(got.earliest, e.res.earliest, "%s %s %s: earliest", z->name, w,
		  cp_tz_kind_name(e.res.kind));
	CHECK_INT(got.latest, e.res.latest, "%s %s %s: latest", z->name, w,
		  cp_tz_kind_name(e.res.kind));
	CHECK_INT(got.offset_before, e.res.offset_before, "%s %s %s: offset_before",
		  z->name, w, cp_tz_kind_name(e.res.kind));
	CHECK_INT(got.offset_after, e.res.offset_after, "%s %s %s: offset_after",
		  z->name, w, cp_tz_kind_name(e.res.kind));
	if (e.res.kind != CP_TZ_NORMAL)
		CHECK_INT(got.transition, e.res.transition, "%s %s %s: transition",
			  z->name, w, cp_tz_kind_name(e.res.kind));
}

/* Wall times just before, at the edges of, inside and just after the gap or
 * overlap of each transition, and an hour either side. */
static void check_gaps_and_overlaps(const struct cp_tz *tz,
				    const struct golden_zone *z)
{
	for (size_t i = 0; i < z->count; i++) {
		const struct golden_tr *g = &z->tr[i];
		int64_t lo = g->at + (g->offset_before < g->offset_after ?
				      g->offset_before : g->offset_after);
		int64_t hi = g->at + (g->offset_before < g->offset_after ?
				      g->offset_after : g->offset_before);
		int64_t walls[] = { lo - 3600, lo - 1, lo, lo + 1,
				    lo + (hi - lo) / 2, hi - 1, hi, hi + 1,
				    hi + 3600 };

		for (size_t k = 0; k < sizeof walls / sizeof walls[0]; k++)
			check_wall(tz, z, walls[k]);
	}
}

/* Random wall times: half anywhere in the window, half within three hours
 * of a transition so the gaps and overlaps are hit off their edges too. */
static void check_random_walls(const struct cp_tz *tz,
			       const struct golden_zone *z, uint64_t *seed)
{
	/* Two days off the window's ends: the oracle knows no transitions
	 * outside it. */
	const int64_t lo = TT_WINDOW_START + 2 * 86400;
	const int64_t hi = TT_WINDOW_END - 2 * 86400;

	for (int i = 0; i < 2000; i++) {
		int64_t w;

		if (i % 2 == 0 || z->count == 0) {
			w = tt_rand_range(seed, lo, hi);
		} else {
			const struct golden_tr *g =
				&z->tr[tt_rand(seed) % z->count];

			w = g->at + g->offset_before +
			    tt_rand_range(seed, -3 * 3600, 3 * 3600);
		}
		check_wall(tz, z, w);
	}
}

int main(void)
{
	struct golden_set set;
	struct cp_tzdb *db = tt_open_db();
	uint64_t seed = 20260228;

	golden_load(&set);
	if (!CHECK_STR(set.version, CP_TZDATA_VERSION,
		       "golden files vs pinned tzdata: rerun tests/tz/gen-golden "
		       "BUILDDIR and review git diff"))
		return tt_finish("tz-golden");
	CHECK_STR(cp_tzdb_version(db), CP_TZDATA_VERSION, "database version");

	for (size_t i = 0; i < set.count; i++) {
		const struct golden_zone *z = &set.zones[i];
		const struct cp_tz *tz = tt_zone(db, z->name);

		CHECK_STR(cp_tz_name(tz), z->name, "canonical name");
		check_transitions(tz, z);
		check_gaps_and_overlaps(tz, z);
		check_random_walls(tz, z, &seed);
	}
	printf("tz-golden: %zu zones, %lu transitions, %lu wall times "
	       "(%lu gap, %lu overlap), %lu ambiguous skipped\n", set.count,
	       n_transitions, n_walls, n_gaps, n_overlaps, n_skipped);
	golden_free(&set);
	cp_tzdb_destroy(db);
	return tt_finish("tz-golden");
}
