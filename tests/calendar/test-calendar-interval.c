/*
 * Interval sets: hand-worked cases, then random sets checked against a
 * brute-force answer (every second of a small window marked busy or not).
 */
#include "tz-test.h"

#include <stdlib.h>

#include <cohortplan/interval.h>

#define WINDOW 2000 /* seconds in the random tests */

static void
test_basics(void)
{
	struct cp_interval_set s;

	cp_interval_set_init(&s);
	CHECK(!cp_interval_set_overlaps(&s, 0, 100), "empty set overlaps nothing");
	CHECK(cp_interval_set_add(&s, 10, 20), "add");
	CHECK(cp_interval_set_add(&s, 30, 30), "empty interval accepted");
	CHECK_INT(s.count, 1, "empty interval dropped");
	CHECK(!cp_interval_set_add(&s, 40, 39), "inverted interval refused");
	CHECK_INT(s.count, 1, "inverted interval not stored");
	CHECK(cp_interval_set_add(&s, 20, 25), "touching");
	CHECK_INT(s.count, 1, "touching intervals merge on add");
	CHECK_INT(s.items[0].end, 25, "merged end");
	CHECK(s.normalized, "in-order adds keep the set normalized");
	CHECK(cp_interval_set_add(&s, 5, 8), "out of order");
	CHECK(!s.normalized, "out-of-order add clears normalized");
	cp_interval_set_normalize(&s);
	CHECK_INT(s.count, 2, "two intervals after normalize");
	CHECK_INT(s.items[0].start, 5, "sorted");

	/* Half-open on both sides. */
	CHECK(!cp_interval_set_overlaps(&s, 0, 5), "[0,5) ends where [5,8) starts");
	CHECK(cp_interval_set_overlaps(&s, 0, 6), "[0,6) overlaps [5,8)");
	CHECK(!cp_interval_set_overlaps(&s, 8, 10), "[8,10) lies in the gap");
	CHECK(!cp_interval_set_overlaps(&s, 25, 100), "[25,..) after the end");
	CHECK(cp_interval_set_overlaps(&s, 24, 100), "[24,..) overlaps [10,25)");
	CHECK(!cp_interval_set_overlaps(&s, 12, 12), "empty query");
	CHECK(!cp_interval_set_overlaps(&s, 12, 11), "inverted query");
	const struct cp_interval *f = cp_interval_set_find(&s, 0, 100);
	CHECK(f && f->start == 5, "find returns the first overlap");
	CHECK_INT(cp_interval_set_covered(&s, 0, 100), 3 + 15, "covered");
	CHECK_INT(cp_interval_set_covered(&s, 6, 12), 2 + 2, "covered, clipped");

	/* A lesson 09:00-10:00 must keep a 30 min margin from a shift ending
	 * at 08:45: query with the margin added on both sides. */
	cp_interval_set_clear(&s);
	CHECK(cp_interval_set_add(&s, 0, 8 * 3600 + 45 * 60), "shift");
	CHECK(cp_interval_set_overlaps(&s, 9 * 3600 - 1800, 10 * 3600 + 1800),
	      "margin query sees the shift");
	CHECK(!cp_interval_set_overlaps(&s, 9 * 3600, 10 * 3600), "no margin: clear");

	struct cp_interval_set t;
	cp_interval_set_init(&t);
	CHECK(cp_interval_set_add(&t, 40000, 40100), "add");
	CHECK(cp_interval_set_add_set(&s, &t), "add_set");
	CHECK_INT(s.count, 2, "add_set appends");
	cp_interval_set_finish(&t);
	cp_interval_set_finish(&s);
	cp_interval_set_finish(&s); /* twice is fine */
	cp_interval_set_finish(NULL);
	CHECK_INT(s.count, 0, "finish resets");
}

static void
test_random(void)
{
	uint64_t rng = 20241027;

	for (int round = 0; round < 400; round++) {
		struct cp_interval_set s;
		bool busy[WINDOW] = { false };
		int n = (int)tt_rand_range(&rng, 0, 40);

		cp_interval_set_init(&s);
		for (int i = 0; i < n; i++) {
			int64_t a = tt_rand_range(&rng, 0, WINDOW);
			int64_t len = tt_rand_range(&rng, 0, 120);
			int64_t b = a + len > WINDOW ? WINDOW : a + len;
			CHECK(cp_interval_set_add(&s, a, b), "add");
			for (int64_t x = a; x < b; x++)
				busy[x] = true;
		}
		/* Half the rounds query before normalizing (linear path). */
		if (round % 2)
			cp_interval_set_normalize(&s);
		for (int q = 0; q < 200; q++) {
			int64_t a = tt_rand_range(&rng, -10, WINDOW + 10);
			int64_t b = a + tt_rand_range(&rng, 0, 150);
			bool want = false;
			int64_t first = -1, covered = 0;
			for (int64_t x = a < 0 ? 0 : a; x < b && x < WINDOW; x++) {
				if (busy[x] && first < 0)
					first = x;
				covered += busy[x];
			}
			want = first >= 0;
			CHECK(cp_interval_set_overlaps(&s, a, b) == want,
			      "round %d: overlaps [%lld, %lld) should be %d", round,
			      (long long)a, (long long)b, want);
			const struct cp_interval *f = cp_interval_set_find(&s, a, b);
			if (want && f && s.normalized)
				CHECK_INT(f->start > a ? f->start : a, first,
					  "round %d: first busy second in [%lld, %lld)", round,
					  (long long)a, (long long)b);
			if (s.normalized)
				CHECK_INT(cp_interval_set_covered(&s, a, b), covered,
					  "round %d: covered [%lld, %lld)", round, (long long)a,
					  (long long)b);
		}
		cp_interval_set_normalize(&s);
		for (size_t i = 1; i < s.count; i++)
			CHECK(s.items[i - 1].end < s.items[i].start,
			      "round %d: normalized intervals disjoint, not touching", round);
		cp_interval_set_finish(&s);
	}
}

int
main(void)
{
	test_basics();
	test_random();
	return tt_finish("calendar-interval");
}
