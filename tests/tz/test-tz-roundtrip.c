/*
 * Property test over every name of the pinned data (zones and links):
 *   - UTC -> local -> UTC gives back the instant: exactly for a normal
 *     result, as one of the two candidates for an overlap, and a wall time
 *     the zone's clocks actually showed is never classified as a gap;
 *   - the local wall of cp_tz_to_local is the instant plus its offset;
 *   - local -> UTC -> local: a normal or overlapping wall time comes back
 *     unchanged from each candidate; a skipped one comes back moved forward
 *     by the gap (offset_after - offset_before).
 * Instants are random but fixed (seeded), mostly 1970-2037 and some up to
 * 2200 where only the footer rule answers, plus the transitions' edges and
 * the ends of years 1..9999.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tz-test.h"

#define PER_ZONE 2000       /* instants 1970-2037 per name */
#define PER_ZONE_LATE 300   /* instants 2038-2200 per name */
#define WALLS_PER_ZONE 500  /* random wall times per name */

static const int64_t late_end = INT64_C(7258118400); /* 2200-01-01 */
static const int64_t first_day = INT64_C(-62135596800); /* 0001-01-01 */
static const int64_t last_second = INT64_C(253402300799); /* 9999-12-31 */

static unsigned long n_instants, n_overlaps, n_gap_walls;

static void instant_round_trip(const struct cp_tz *tz, const char *name,
			       cp_instant t)
{
	struct cp_tz_local loc;
	struct cp_tz_resolution r;
	struct cp_civil expect_wall;
	char a[32], b[32];

	cp_tz_to_local(tz, t, &loc);
	tt_civil_from_secs(t + loc.utoff, &expect_wall);
	CHECK(tt_civil_eq(&loc.wall, &expect_wall),
	      "%s at %s: wall %s is not instant + offset %" PRId32, name,
	      tt_utc_str(t, a), tt_civil_str(&loc.wall, b), loc.utoff);
	CHECK_INT(cp_tz_offset_at(tz, t), loc.utoff, "%s at %s", name,
		  tt_utc_str(t, a));

	cp_tz_to_utc(tz, &loc.wall, &r);
	n_instants++;
	switch (r.kind) {
	case CP_TZ_NORMAL:
		CHECK_INT(r.earliest, t, "%s: %s -> %s -> back", name,
			  tt_utc_str(t, a), tt_civil_str(&loc.wall, b));
		CHECK_INT(r.latest, t, "%s: %s -> %s -> back", name,
			  tt_utc_str(t, a), tt_civil_str(&loc.wall, b));
		break;
	case CP_TZ_OVERLAP:
		n_overlaps++;
		CHECK(r.earliest < r.latest && (r.earliest == t || r.latest == t),
		      "%s: %s -> %s -> overlap %" PRId64 "/%" PRId64
		      " without the original", name, tt_utc_str(t, a),
		      tt_civil_str(&loc.wall, b), r.earliest, r.latest);
		break;
	case CP_TZ_GAP:
	default:
		CHECK(false, "%s: %s -> %s classified %s, but it happened", name,
		      tt_utc_str(t, a), tt_civil_str(&loc.wall, b),
		      cp_tz_kind_name(r.kind));
		break;
	}
}

static void wall_round_trip(const struct cp_tz *tz, const char *name,
			    int64_t wall_secs)
{
	struct cp_tz_resolution r;
	struct cp_tz_local loc;
	struct cp_civil wall, moved;
	char w[32], b[32];

	tt_civil_from_secs(wall_secs, &wall);
	tt_civil_str(&wall, w);
	cp_tz_to_utc(tz, &wall, &r);
	cp_tz_to_local(tz, r.earliest, &loc);
	switch (r.kind) {
	case CP_TZ_NORMAL:
		CHECK_INT(r.latest, r.earliest, "%s %s normal", name, w);
		CHECK(tt_civil_eq(&loc.wall, &wall), "%s %s -> %s", name, w,
		      tt_civil_str(&loc.wall, b));
		CHECK_INT(r.earliest, wall_secs - loc.utoff, "%s %s", name, w);
		break;
	case CP_TZ_OVERLAP:
		CHECK(r.earliest < r.latest, "%s %s overlap order", name, w);
		CHECK(r.offset_before > r.offset_after,
		      "%s %s overlap needs a backward jump", name, w);
		CHECK(tt_civil_eq(&loc.wall, &wall), "%s %s earliest -> %s", name,
		      w, tt_civil_str(&loc.wall, b));
		cp_tz_to_local(tz, r.latest, &loc);
		CHECK(tt_civil_eq(&loc.wall, &wall), "%s %s latest -> %s", name, w,
		      tt_civil_str(&loc.wall, b));
		CHECK(r.earliest < r.transition && r.transition <= r.latest,
		      "%s %s overlap transition outside its candidates", name, w);
		break;
	case CP_TZ_GAP:
		n_gap_walls++;
		CHECK_INT(r.latest, r.earliest, "%s %s gap", name, w);
		CHECK(r.offset_before < r.offset_after,
		      "%s %s gap needs a forward jump", name, w);
		CHECK_INT(r.earliest, wall_secs - r.offset_before, "%s %s gap", name,
			  w);
		CHECK(r.transition <= r.earliest &&
		      r.earliest < r.transition + (r.offset_after - r.offset_before),
		      "%s %s gap transition does not explain it", name, w);
		tt_civil_from_secs(wall_secs + r.offset_after - r.offset_before,
				   &moved);
		CHECK(tt_civil_eq(&loc.wall, &moved), "%s %s gap -> %s", name, w,
		      tt_civil_str(&loc.wall, b));
		break;
	default:
		CHECK(false, "%s %s: kind %d", name, w, (int)r.kind);
	}
}

int main(void)
{
	struct cp_tzdb *db = tt_open_db();
	size_t names = cp_tzdb_name_count(db);
	uint64_t seed = 19700101;

	CHECK(names > 500, "only %zu names in the pinned data", names);
	for (size_t i = 0; i < names; i++) {
		const char *name = cp_tzdb_name(db, i);
		const struct cp_tz *tz = tt_zone(db, name);

		for (int k = 0; k < PER_ZONE; k++)
			instant_round_trip(tz, name,
					   tt_rand_range(&seed, TT_WINDOW_START,
							 TT_WINDOW_END));
		for (int k = 0; k < PER_ZONE_LATE; k++)
			instant_round_trip(tz, name,
					   tt_rand_range(&seed, TT_WINDOW_END,
							 late_end));
		/* Transition instants and their neighbours, where an
		 * off-by-one hides. */
		{
			struct cp_tz_transition tr[256];
			size_t n = cp_tz_transitions(tz, TT_WINDOW_START,
						     TT_WINDOW_END, tr, 256);

			for (size_t k = 0; k < n && k < 256; k++) {
				instant_round_trip(tz, name, tr[k].at - 1);
				instant_round_trip(tz, name, tr[k].at);
				wall_round_trip(tz, name, tr[k].at +
						tr[k].offset_before);
				wall_round_trip(tz, name, tr[k].at +
						tr[k].offset_after - 1);
			}
		}
		/* The ends of the representable range, a day inside so that
		 * every instant involved stays within years 1..9999. */
		instant_round_trip(tz, name, first_day + 86400);
		instant_round_trip(tz, name, last_second - 86400);
		wall_round_trip(tz, name, first_day + 86400);
		wall_round_trip(tz, name, last_second - 86400);
		for (int k = 0; k < WALLS_PER_ZONE; k++)
			wall_round_trip(tz, name,
					tt_rand_range(&seed, TT_WINDOW_START + 86400,
						      late_end));
	}
	printf("tz-roundtrip: %zu names, %lu instants (%lu in overlaps), "
	       "%lu skipped wall times\n", names, n_instants, n_overlaps,
	       n_gap_walls);
	cp_tzdb_destroy(db);
	return tt_finish("tz-roundtrip");
}
