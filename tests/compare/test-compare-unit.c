/*
 * The pure comparison logic behind tz doctor and tz diff (api/cli/
 * tz_compare.c): timelines, exact interval comparison with merging, offset
 * formatting, and timelines read from the time core, checked against
 * transitions worked out by hand from the tzdata rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/tz_compare.h"
#include "tz-test.h"

/* Instants in tables: days since the epoch plus seconds. */
#define DAY INT64_C(86400)
#define H 3600

static cp_instant
utc(int32_t y, int mo, int d, int h, int mi)
{
	return cp_days_from_civil(y, mo, d) * DAY + h * H + mi * 60;
}

/* ---- timeline_add ------------------------------------------------------ */

static void
test_add(void)
{
	struct cp_tzcmp_timeline tl;

	cp_tzcmp_timeline_init(&tl, 100, 200);
	/* Before `from`: clamped to from; a second one replaces it. */
	CHECK(cp_tzcmp_timeline_add(&tl, 50, 1), "add before from");
	CHECK(cp_tzcmp_timeline_add(&tl, 100, 2), "add at from");
	CHECK_INT(tl.n, 1, "clamped pieces collapse");
	CHECK_INT(tl.pieces[0].start, 100, "first piece starts at from");
	CHECK_INT(tl.pieces[0].utoff, 2, "later add at from wins");
	CHECK(cp_tzcmp_timeline_add(&tl, 150, 3), "add inside");
	CHECK(cp_tzcmp_timeline_add(&tl, 150, 4), "same start replaces");
	CHECK_INT(tl.n, 2, "same start does not add a piece");
	CHECK_INT(tl.pieces[1].utoff, 4, "replaced offset");
	CHECK(!cp_tzcmp_timeline_add(&tl, 120, 5), "going backwards is refused");
	CHECK_INT(tl.n, 2, "refused add leaves the timeline alone");
	CHECK(cp_tzcmp_timeline_add(&tl, 200, 6), "add at `to` is ignored, not an error");
	CHECK(cp_tzcmp_timeline_add(&tl, 999, 7), "add past `to` is ignored");
	CHECK_INT(tl.n, 2, "nothing at or past `to`");
	CHECK_INT(cp_tzcmp_timeline_offset_at(&tl, 100), 2, "offset at from");
	CHECK_INT(cp_tzcmp_timeline_offset_at(&tl, 149), 2, "offset before change");
	CHECK_INT(cp_tzcmp_timeline_offset_at(&tl, 150), 4, "offset at change");
	CHECK_INT(cp_tzcmp_timeline_offset_at(&tl, 199), 4, "offset at the end");
	cp_tzcmp_timeline_finish(&tl);
	CHECK_INT(tl.n, 0, "finish empties");
	cp_tzcmp_timeline_finish(&tl); /* twice is harmless */
}

/* ---- compare ------------------------------------------------------------ */

#define MAXP 8

struct cmp_case {
	const char *what;
	cp_instant from, to;
	struct cp_tzcmp_piece a[MAXP];
	size_t na;
	struct cp_tzcmp_piece b[MAXP];
	size_t nb;
	struct cp_tzcmp_diff want[MAXP];
	size_t nwant;
};

static const struct cmp_case cmp_cases[] = {
	{ "identical", 0, 100, { { 0, 3600 }, { 50, 7200 } }, 2,
	  { { 0, 3600 }, { 50, 7200 } }, 2, { { 0, 0, 0, 0 } }, 0 },
	{ "constant disagreement", 0, 100, { { 0, 18000 } }, 1, { { 0, 21600 } }, 1,
	  { { 0, 100, 18000, 21600 } }, 1 },
	{ "b changes later than a", 0, 100, { { 0, 1 }, { 40, 2 } }, 2,
	  { { 0, 1 }, { 60, 2 } }, 2, { { 40, 60, 2, 1 } }, 1 },
	{ "b changes earlier than a", 0, 100, { { 0, 1 }, { 60, 2 } }, 2,
	  { { 0, 1 }, { 40, 2 } }, 2, { { 40, 60, 1, 2 } }, 1 },
	{ "a change that keeps the offset does not split", 0, 100,
	  { { 0, 5 }, { 30, 5 }, { 70, 5 } }, 3, { { 0, 6 } }, 1, { { 0, 100, 5, 6 } }, 1 },
	{ "a new pair of offsets starts a new interval", 0, 100,
	  { { 0, 5 }, { 50, 7 } }, 2, { { 0, 6 } }, 1,
	  { { 0, 50, 5, 6 }, { 50, 100, 7, 6 } }, 2 },
	{ "two disagreements with agreement between", 0, 100,
	  { { 0, 1 } }, 1, { { 0, 2 }, { 20, 1 }, { 80, 2 } }, 3,
	  { { 0, 20, 1, 2 }, { 80, 100, 1, 2 } }, 2 },
	{ "the same pair again after agreement is a new interval", 0, 10,
	  { { 0, 1 }, { 2, 1 }, { 4, 1 } }, 3, { { 0, 2 }, { 2, 1 }, { 4, 2 } }, 3,
	  { { 0, 2, 1, 2 }, { 4, 10, 1, 2 } }, 2 },
	{ "negative offsets and instants", -100, 0, { { -100, -10800 } }, 1,
	  { { -100, -14400 }, { -1, -10800 } }, 2, { { -100, -1, -10800, -14400 } }, 1 },
};

static void
fill(struct cp_tzcmp_timeline *tl, cp_instant from, cp_instant to,
     const struct cp_tzcmp_piece *p, size_t n)
{
	cp_tzcmp_timeline_init(tl, from, to);
	for (size_t i = 0; i < n; i++)
		CHECK(cp_tzcmp_timeline_add(tl, p[i].start, p[i].utoff), "fill piece %zu", i);
}

static void
test_compare(void)
{
	for (size_t k = 0; k < sizeof(cmp_cases) / sizeof(cmp_cases[0]); k++) {
		const struct cmp_case *c = &cmp_cases[k];
		struct cp_tzcmp_timeline a, b;
		struct cp_tzcmp_diff got[MAXP];
		size_t n;

		fill(&a, c->from, c->to, c->a, c->na);
		fill(&b, c->from, c->to, c->b, c->nb);
		n = cp_tzcmp_compare(&a, &b, NULL, 0);
		CHECK_INT(n, c->nwant, "%s: count with cap 0", c->what);
		n = cp_tzcmp_compare(&a, &b, got, MAXP);
		if (CHECK_INT(n, c->nwant, "%s: count", c->what)) {
			for (size_t i = 0; i < n; i++) {
				CHECK_INT(got[i].start, c->want[i].start, "%s: [%zu].start", c->what, i);
				CHECK_INT(got[i].end, c->want[i].end, "%s: [%zu].end", c->what, i);
				CHECK_INT(got[i].a, c->want[i].a, "%s: [%zu].a", c->what, i);
				CHECK_INT(got[i].b, c->want[i].b, "%s: [%zu].b", c->what, i);
			}
		}
		/* Swapping the sides swaps the offsets and nothing else. */
		n = cp_tzcmp_compare(&b, &a, got, MAXP);
		if (CHECK_INT(n, c->nwant, "%s: swapped count", c->what)) {
			for (size_t i = 0; i < n; i++) {
				CHECK_INT(got[i].a, c->want[i].b, "%s: swapped [%zu].a", c->what, i);
				CHECK_INT(got[i].start, c->want[i].start, "%s: swapped [%zu].start",
					  c->what, i);
			}
		}
		cp_tzcmp_timeline_finish(&a);
		cp_tzcmp_timeline_finish(&b);
	}
}

/* With a buffer smaller than the answer: the count is still complete, the
 * first intervals are written whole (merging included), nothing past cap. */
static void
test_compare_cap(void)
{
	static const struct cp_tzcmp_piece pa[] = { { 0, 1 }, { 10, 2 }, { 20, 1 } };
	static const struct cp_tzcmp_piece pb[] = { { 0, 9 }, { 5, 9 }, { 15, 9 }, { 20, 9 } };
	struct cp_tzcmp_timeline a, b;
	struct cp_tzcmp_diff got[3];
	size_t n;

	fill(&a, 0, 30, pa, 3);
	fill(&b, 0, 30, pb, 4);
	memset(got, 0x55, sizeof(got));
	n = cp_tzcmp_compare(&a, &b, got, 1);
	CHECK_INT(n, 3, "all three intervals counted");
	CHECK_INT(got[0].start, 0, "first interval start");
	CHECK_INT(got[0].end, 10, "first interval merged across b's change at 5");
	CHECK_INT(got[1].start, 0x5555555555555555, "nothing written past cap");
	cp_tzcmp_timeline_finish(&a);
	cp_tzcmp_timeline_finish(&b);

	/* Different ranges are not comparable. */
	fill(&a, 0, 30, pa, 3);
	fill(&b, 0, 31, pb, 4);
	CHECK_INT(cp_tzcmp_compare(&a, &b, got, 3), 0, "different ranges");
	cp_tzcmp_timeline_finish(&a);
	cp_tzcmp_timeline_finish(&b);
}

/* ---- offsets ------------------------------------------------------------ */

static void
test_format_offset(void)
{
	static const struct { int32_t off; const char *want; } cases[] = {
		{ 0, "+00" }, { 3600, "+01" }, { -10800, "-03" }, { 19800, "+05:30" },
		{ -12600, "-03:30" }, { 20700, "+05:45" }, { 1050, "+00:17:30" },
		{ -37886, "-10:31:26" }, { 50400, "+14" }, { -1, "-00:00:01" },
	};
	char buf[CP_TZCMP_OFFSET_BUFSZ];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_STR(cp_tzcmp_format_offset(cases[i].off, buf), cases[i].want, "offset %d",
			  (int)cases[i].off);
}

/* ---- timelines from the time core ------------------------------------- */

struct want_piece {
	cp_instant start;
	int32_t utoff;
};

static void
check_tz_timeline(struct cp_tzdb *db, const char *zone, cp_instant from, cp_instant to,
		  const struct want_piece *want, size_t nwant)
{
	struct cp_tzcmp_timeline tl;
	char b1[32], b2[32];

	cp_tzcmp_timeline_init(&tl, from, to);
	CHECK_INT(cp_tzcmp_timeline_from_tz(&tl, tt_zone(db, zone)), CP_TZCMP_OK, "%s", zone);
	if (CHECK_INT(tl.n, nwant, "%s: pieces", zone)) {
		for (size_t i = 0; i < nwant; i++) {
			if (tl.pieces[i].start != want[i].start)
				tt_fail(__FILE__, __LINE__, "%s: piece %zu starts %s, expected %s",
					zone, i, tt_utc_str(tl.pieces[i].start, b1),
					tt_utc_str(want[i].start, b2));
			CHECK_INT(tl.pieces[i].utoff, want[i].utoff, "%s: piece %zu offset", zone, i);
		}
	}
	cp_tzcmp_timeline_finish(&tl);
}

static void
test_from_tz(struct cp_tzdb *db)
{
	/* EU rule: last Sunday of March and October at 01:00 UTC. */
	const struct want_piece brussels[] = {
		{ utc(2024, 1, 1, 0, 0), 3600 },
		{ utc(2024, 3, 31, 1, 0), 7200 },
		{ utc(2024, 10, 27, 1, 0), 3600 },
	};
	/* Ramadan 2026: back to +00 at 03:00 local on 15 February, forward to
	 * +01 at 02:00 local on 22 March; permanent +00 from 02:00 local on 20
	 * September (tzdata 2026f: "1 M %z 2026 S 20 2"). */
	const struct want_piece casablanca[] = {
		{ utc(2026, 1, 1, 0, 0), 3600 },
		{ utc(2026, 2, 15, 2, 0), 0 },
		{ utc(2026, 3, 22, 2, 0), 3600 },
		{ utc(2026, 9, 20, 1, 0), 0 },
	};
	/* Lebanon: local midnight on the last Sunday of March and October. */
	const struct want_piece beirut[] = {
		{ utc(2024, 1, 1, 0, 0), 7200 },
		{ utc(2024, 3, 30, 22, 0), 10800 },
		{ utc(2024, 10, 26, 21, 0), 7200 },
	};
	/* Kazakhstan unified on +05 at 00:00 local on 1 March 2024. */
	const struct want_piece almaty[] = {
		{ utc(2024, 1, 1, 0, 0), 21600 },
		{ utc(2024, 2, 29, 18, 0), 18000 },
	};
	/* Permanent +03 since October 2022: one piece, no transitions. */
	const struct want_piece amman[] = { { utc(2023, 1, 1, 0, 0), 10800 } };

	check_tz_timeline(db, "Europe/Brussels", utc(2024, 1, 1, 0, 0), utc(2025, 1, 1, 0, 0),
			  brussels, 3);
	check_tz_timeline(db, "Africa/Casablanca", utc(2026, 1, 1, 0, 0), utc(2028, 1, 1, 0, 0),
			  casablanca, 4);
	check_tz_timeline(db, "Asia/Beirut", utc(2024, 1, 1, 0, 0), utc(2025, 1, 1, 0, 0),
			  beirut, 3);
	check_tz_timeline(db, "Asia/Almaty", utc(2024, 1, 1, 0, 0), utc(2028, 1, 1, 0, 0),
			  almaty, 2);
	check_tz_timeline(db, "Asia/Amman", utc(2023, 1, 1, 0, 0), utc(2028, 1, 1, 0, 0),
			  amman, 1);
	/* A link reads as its target. */
	check_tz_timeline(db, "Europe/Amsterdam", utc(2024, 1, 1, 0, 0), utc(2025, 1, 1, 0, 0),
			  brussels, 3);
	/* A range starting on a transition starts with the new offset. */
	{
		const struct want_piece w[] = { { utc(2024, 3, 31, 1, 0), 7200 } };
		check_tz_timeline(db, "Europe/Brussels", utc(2024, 3, 31, 1, 0),
				  utc(2024, 4, 1, 0, 0), w, 1);
	}
}

/*
 * What tz doctor and tz diff rely on from the core: for every zone, each
 * listed transition's offsets match cp_tz_offset_at() on both sides of it,
 * and comparing a release with itself finds nothing.
 */
static void
test_core_consistency(struct cp_tzdb *db)
{
	const cp_instant from = utc(2023, 1, 1, 0, 0), to = utc(2028, 1, 1, 0, 0);
	size_t names = cp_tzdb_name_count(db), zones = 0;

	for (size_t i = 0; i < names; i++) {
		const char *name = cp_tzdb_name(db, i);
		const struct cp_tz *tz = tt_zone(db, name);
		struct cp_tz_transition tr[64];
		struct cp_tzcmp_timeline a, b;
		size_t n = cp_tz_transitions(tz, from, to, tr, 64);
		char buf[32];

		CHECK(n <= 64, "%s: %zu transitions in five years", name, n);
		for (size_t k = 0; k < n && k < 64; k++) {
			CHECK_INT(tr[k].offset_after, cp_tz_offset_at(tz, tr[k].at),
				  "%s at %s: offset_after vs cp_tz_offset_at", name,
				  tt_utc_str(tr[k].at, buf));
			CHECK_INT(tr[k].offset_before, cp_tz_offset_at(tz, tr[k].at - 1),
				  "%s at %s: offset_before vs cp_tz_offset_at", name,
				  tt_utc_str(tr[k].at, buf));
		}
		cp_tzcmp_timeline_init(&a, from, to);
		cp_tzcmp_timeline_init(&b, from, to);
		CHECK_INT(cp_tzcmp_timeline_from_tz(&a, tz), CP_TZCMP_OK, "%s", name);
		CHECK_INT(cp_tzcmp_timeline_from_tz(&b, tz), CP_TZCMP_OK, "%s", name);
		CHECK_INT(cp_tzcmp_compare(&a, &b, NULL, 0), 0, "%s against itself", name);
		cp_tzcmp_timeline_finish(&a);
		cp_tzcmp_timeline_finish(&b);
		zones++;
	}
	CHECK(zones > 400, "only %zu names in the pinned data", zones);
}

int
main(void)
{
	struct cp_tzdb *db;

	test_add();
	test_compare();
	test_compare_cap();
	test_format_offset();
	db = tt_open_db();
	test_from_tz(db);
	test_core_consistency(db);
	cp_tzdb_destroy(db);
	return tt_finish("compare-unit");
}
