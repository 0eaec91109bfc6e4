/*
 * Footer forms the pinned release does not use, on hand-made zones
 * (tests/data/tz/fixture.zi, compiled with zic at build time; the directory
 * is argv[1]): "Jn" (1-based, February 29 never counted), zero-based "n"
 * and DST all year ("0/0,J365/25", RFC 8536 section 3.3.1). Each is checked
 * in years held in zic's explicit data (2037), just past it (2038, where
 * zic leaves a no-op marker transition at 2038-01-19), in leap and common
 * years (2040, 2100) and far out (2400, 2401). Expected values are worked
 * by hand from the rules and agree with glibc reading the same files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tz-test.h"

#define U tt_U
#define NORMAL(zone, y, mo, d, h, mi, s, at, off) \
	tt_expect_utc(db, zone, y, mo, d, h, mi, s, CP_TZ_NORMAL, at, at, off, \
		      off, 0)

static const int years[] = { 2037, 2038, 2040, 2100, 2400, 2401 };
#define NYEARS (sizeof years / sizeof years[0])

static void julian(struct cp_tzdb *db)
{
	const char *z = "Test/Julian";

	/* J80 is March 21, J265 September 22, in every year: 02:00 at +03
	 * and 02:00 at +04. */
	for (size_t i = 0; i < NYEARS; i++) {
		int y = years[i];
		const struct tt_tr want[] = {
			{ U(y, 3, 20, 23, 0, 0), 10800, 14400, true, "+04" },
			{ U(y, 9, 21, 22, 0, 0), 14400, 10800, false, "+03" },
		};

		tt_expect_transitions(db, z, U(y, 1, 1, 0, 0, 0),
				      U(y + 1, 1, 1, 0, 0, 0), want, 2);
		tt_expect_utc(db, z, y, 3, 21, 2, 30, 0, CP_TZ_GAP,
			      U(y, 3, 20, 23, 30, 0), U(y, 3, 20, 23, 30, 0), 10800,
			      14400, want[0].at);
		tt_expect_utc(db, z, y, 9, 22, 1, 30, 0, CP_TZ_OVERLAP,
			      U(y, 9, 21, 21, 30, 0), U(y, 9, 21, 22, 30, 0), 14400,
			      10800, want[1].at);
		tt_expect_local(db, z, U(y, 7, 1, 0, 0, 0), 14400, true, "+04",
				y, 7, 1, 4, 0, 0);
		tt_expect_local(db, z, U(y, 12, 1, 0, 0, 0), 10800, false, "+03",
				y, 12, 1, 3, 0, 0);
	}
	/* Before the rule began. */
	tt_expect_local(db, z, U(2029, 7, 1, 0, 0, 0), 10800, false, "+03",
			2029, 7, 1, 3, 0, 0);
	/* A link in the fixture resolves like one in the real data. */
	CHECK_STR(cp_tz_name(tt_zone(db, "Test/Alias")), "Test/Julian", "alias");
	CHECK(cp_tzdb_is_link(db, "Test/Alias"), "Test/Alias is a link");
}

static void feb(struct cp_tzdb *db)
{
	const char *z = "Test/Feb";

	/* Zero-based 40 is February 10 (January has days 0..30), J304 is
	 * October 31: 02:00 at -01 and 02:00 at +00. */
	for (size_t i = 0; i < NYEARS; i++) {
		int y = years[i];
		const struct tt_tr want[] = {
			{ U(y, 2, 10, 3, 0, 0), -3600, 0, true, "+00" },
			{ U(y, 10, 31, 2, 0, 0), 0, -3600, false, "-01" },
		};

		tt_expect_transitions(db, z, U(y, 1, 1, 0, 0, 0),
				      U(y + 1, 1, 1, 0, 0, 0), want, 2);
		tt_expect_utc(db, z, y, 2, 10, 2, 30, 0, CP_TZ_GAP,
			      U(y, 2, 10, 3, 30, 0), U(y, 2, 10, 3, 30, 0), -3600, 0,
			      want[0].at);
		tt_expect_utc(db, z, y, 10, 31, 1, 30, 0, CP_TZ_OVERLAP,
			      U(y, 10, 31, 1, 30, 0), U(y, 10, 31, 2, 30, 0), 0,
			      -3600, want[1].at);
		NORMAL(z, y, 2, 10, 1, 59, 59, U(y, 2, 10, 2, 59, 59), -3600);
		NORMAL(z, y, 2, 10, 3, 0, 0, U(y, 2, 10, 3, 0, 0), 0);
	}
}

static void perm_dst(struct cp_tzdb *db)
{
	const char *z = "Test/PermDST";

	/* DST all year: no transition may appear, not even at New Year,
	 * and every wall time happens exactly once at -04. */
	tt_expect_count(db, z, U(2031, 1, 1, 0, 0, 0), U(2500, 1, 1, 0, 0, 0), 0);
	for (size_t i = 0; i < NYEARS; i++) {
		int y = years[i];

		tt_expect_local(db, z, U(y, 1, 1, 4, 59, 59), -14400, true, "EDT",
				y, 1, 1, 0, 59, 59);
		tt_expect_local(db, z, U(y, 1, 1, 5, 0, 0), -14400, true, "EDT",
				y, 1, 1, 1, 0, 0);
		tt_expect_local(db, z, U(y, 7, 1, 12, 0, 0), -14400, true, "EDT",
				y, 7, 1, 8, 0, 0);
		NORMAL(z, y, 1, 1, 0, 30, 0, U(y, 1, 1, 4, 30, 0), -14400);
		NORMAL(z, y, 12, 31, 23, 30, 0, U(y + 1, 1, 1, 3, 30, 0), -14400);
	}
	tt_expect_local(db, z, U(2029, 7, 1, 12, 0, 0), -18000, false, "EST",
			2029, 7, 1, 7, 0, 0);
}

int main(int argc, char **argv)
{
	struct cp_tz_error err;
	struct cp_tzdb *db;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FIXTURE_ZONEINFO_DIR\n", argv[0]);
		return EXIT_FAILURE;
	}
	db = cp_tzdb_create(argv[1], &err);
	if (!db) {
		fprintf(stderr, "%s: %s\n", argv[1], err.message);
		return EXIT_FAILURE;
	}
	CHECK_STR(cp_tzdb_version(db), "fixture", "fixture version");
	CHECK_INT(cp_tzdb_name_count(db), 4, "three zones and a link");
	julian(db);
	feb(db);
	perm_dst(db);
	cp_tzdb_destroy(db);
	return tt_finish("tz-fixture");
}
