/*
 * Hand-worked cases from docs/domain.md ("Time") and from reading the rules in
 * tzdata.zi: the pilot zones' 2023-2027 switches, Morocco's permanent +00
 * from 2026-09-20, Amman's permanent +03, the pilot 2 timetable, and
 * instants beyond the last explicit transition where only the TZif footer
 * (POSIX TZ rule) can answer. Instants are written as UTC wall times and
 * turned into seconds by the test's own arithmetic (tz-test.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tz-test.h"

/* Short names for the shared expectations of tz-test.h. */
#define U tt_U
#define expect_transitions tt_expect_transitions
#define expect_count tt_expect_count
#define expect_local tt_expect_local
#define expect_utc tt_expect_utc
#define NORMAL(zone, y, mo, d, h, mi, s, at, off) \
	expect_utc(db, zone, y, mo, d, h, mi, s, CP_TZ_NORMAL, at, at, off, off, 0)

static void casablanca(struct cp_tzdb *db)
{
	const char *z = "Africa/Casablanca";
	/* Ramadan: back from 03:00 to 02:00 (+01 -> +00, flagged DST with a
	 * negative saving), forward from 02:00 to 03:00 at the end, both at
	 * 02:00 UTC; then +00 for good from 2026-09-20 03:00 -> 02:00 local,
	 * i.e. 01:00 UTC, not DST. */
	const struct tt_tr want[] = {
		{ U(2023, 3, 19, 2, 0, 0), 3600, 0, true, "+00" },
		{ U(2023, 4, 23, 2, 0, 0), 0, 3600, false, "+01" },
		{ U(2024, 3, 10, 2, 0, 0), 3600, 0, true, "+00" },
		{ U(2024, 4, 14, 2, 0, 0), 0, 3600, false, "+01" },
		{ U(2025, 2, 23, 2, 0, 0), 3600, 0, true, "+00" },
		{ U(2025, 4, 6, 2, 0, 0), 0, 3600, false, "+01" },
		{ U(2026, 2, 15, 2, 0, 0), 3600, 0, true, "+00" },
		{ U(2026, 3, 22, 2, 0, 0), 0, 3600, false, "+01" },
		{ U(2026, 9, 20, 1, 0, 0), 3600, 0, false, "+00" },
	};
	cp_instant ram = U(2024, 3, 10, 2, 0, 0), end = U(2024, 4, 14, 2, 0, 0);
	cp_instant perm = U(2026, 9, 20, 1, 0, 0);

	expect_transitions(db, z, U(2023, 1, 1, 0, 0, 0), U(2028, 1, 1, 0, 0, 0),
			   want, sizeof want / sizeof want[0]);
	/* Nothing after the move to permanent +00, however far one looks. */
	expect_count(db, z, perm + 1, U(9999, 1, 1, 0, 0, 0), 0);

	expect_local(db, z, ram - 1, 3600, false, "+01", 2024, 3, 10, 2, 59, 59);
	expect_local(db, z, ram, 0, true, "+00", 2024, 3, 10, 2, 0, 0);
	expect_local(db, z, U(2024, 3, 20, 12, 0, 0), 0, true, "+00",
		     2024, 3, 20, 12, 0, 0);
	expect_local(db, z, end, 3600, false, "+01", 2024, 4, 14, 3, 0, 0);
	expect_local(db, z, perm - 1, 3600, false, "+01", 2026, 9, 20, 1, 59, 59);
	expect_local(db, z, perm, 0, false, "+00", 2026, 9, 20, 1, 0, 0);
	expect_local(db, z, U(2027, 3, 1, 18, 0, 0), 0, false, "+00",
		     2027, 3, 1, 18, 0, 0);
	expect_local(db, z, U(2100, 6, 1, 18, 0, 0), 0, false, "+00",
		     2100, 6, 1, 18, 0, 0);

	/* 2024-03-10: 02:00..02:59:59 happen twice, 03:00 once. */
	NORMAL(z, 2024, 3, 10, 1, 59, 59, ram - 3601, 3600);
	expect_utc(db, z, 2024, 3, 10, 2, 0, 0, CP_TZ_OVERLAP, ram - 3600, ram,
		   3600, 0, ram);
	expect_utc(db, z, 2024, 3, 10, 2, 30, 0, CP_TZ_OVERLAP, ram - 1800,
		   ram + 1800, 3600, 0, ram);
	expect_utc(db, z, 2024, 3, 10, 2, 59, 59, CP_TZ_OVERLAP, ram - 1,
		   ram + 3599, 3600, 0, ram);
	NORMAL(z, 2024, 3, 10, 3, 0, 0, ram + 3600, 0);
	/* 2024-04-14: 02:00..02:59:59 never happen; fold=0 keeps +00. */
	NORMAL(z, 2024, 4, 14, 1, 59, 59, end - 1, 0);
	expect_utc(db, z, 2024, 4, 14, 2, 0, 0, CP_TZ_GAP, end, end, 0, 3600,
		   end);
	expect_utc(db, z, 2024, 4, 14, 2, 30, 0, CP_TZ_GAP, end + 1800,
		   end + 1800, 0, 3600, end);
	NORMAL(z, 2024, 4, 14, 3, 0, 0, end, 3600);
	/* 2026-09-20: 01:00..01:59:59 happen twice, then never again a gap. */
	expect_utc(db, z, 2026, 9, 20, 1, 30, 0, CP_TZ_OVERLAP, perm - 1800,
		   perm + 1800, 3600, 0, perm);
	NORMAL(z, 2026, 9, 20, 2, 0, 0, perm + 3600, 0);
	/* A Ramadan-like date after the change: no switch any more. */
	NORMAL(z, 2027, 2, 7, 2, 30, 0, U(2027, 2, 7, 2, 30, 0), 0);
}

static void brussels(struct cp_tzdb *db)
{
	const char *z = "Europe/Brussels";
	const struct tt_tr y2024[] = {
		{ U(2024, 3, 31, 1, 0, 0), 3600, 7200, true, "CEST" },
		{ U(2024, 10, 27, 1, 0, 0), 7200, 3600, false, "CET" },
	};
	/* Beyond the explicit transitions: last Sundays of March and
	 * October, from the footer "CET-1CEST,M3.5.0,M10.5.0/3". */
	const struct tt_tr y2037[] = {
		{ U(2037, 3, 29, 1, 0, 0), 3600, 7200, true, "CEST" },
		{ U(2037, 10, 25, 1, 0, 0), 7200, 3600, false, "CET" },
	};
	const struct tt_tr y2100[] = {
		{ U(2100, 3, 28, 1, 0, 0), 3600, 7200, true, "CEST" },
		{ U(2100, 10, 31, 1, 0, 0), 7200, 3600, false, "CET" },
	};
	cp_instant spring = y2024[0].at, fall = y2024[1].at;

	expect_transitions(db, z, U(2024, 1, 1, 0, 0, 0), U(2025, 1, 1, 0, 0, 0),
			   y2024, 2);
	expect_transitions(db, z, U(2037, 1, 1, 0, 0, 0), U(2038, 1, 1, 0, 0, 0),
			   y2037, 2);
	expect_transitions(db, z, U(2100, 1, 1, 0, 0, 0), U(2101, 1, 1, 0, 0, 0),
			   y2100, 2);
	/* Two a year for every year the footer covers. */
	expect_count(db, z, U(2038, 1, 1, 0, 0, 0), U(9999, 1, 1, 0, 0, 0),
		     2 * (9999 - 2038));

	NORMAL(z, 2024, 3, 31, 1, 59, 59, spring - 1, 3600);
	expect_utc(db, z, 2024, 3, 31, 2, 0, 0, CP_TZ_GAP, spring, spring, 3600,
		   7200, spring);
	expect_utc(db, z, 2024, 3, 31, 2, 30, 0, CP_TZ_GAP, spring + 1800,
		   spring + 1800, 3600, 7200, spring);
	NORMAL(z, 2024, 3, 31, 3, 0, 0, spring, 7200);
	NORMAL(z, 2024, 10, 27, 1, 59, 59, fall - 3601, 7200);
	expect_utc(db, z, 2024, 10, 27, 2, 0, 0, CP_TZ_OVERLAP, fall - 3600, fall,
		   7200, 3600, fall);
	expect_utc(db, z, 2024, 10, 27, 2, 59, 59, CP_TZ_OVERLAP, fall - 1,
		   fall + 3599, 7200, 3600, fall);
	NORMAL(z, 2024, 10, 27, 3, 0, 0, fall + 3600, 3600);

	expect_local(db, z, y2037[0].at - 1, 3600, false, "CET",
		     2037, 3, 29, 1, 59, 59);
	expect_local(db, z, y2037[0].at, 7200, true, "CEST", 2037, 3, 29, 3, 0, 0);
	expect_local(db, z, y2037[1].at, 3600, false, "CET", 2037, 10, 25, 2, 0, 0);
	expect_utc(db, z, 2100, 3, 28, 2, 30, 0, CP_TZ_GAP, y2100[0].at + 1800,
		   y2100[0].at + 1800, 3600, 7200, y2100[0].at);
	expect_utc(db, z, 2100, 10, 31, 2, 30, 0, CP_TZ_OVERLAP,
		   y2100[1].at - 1800, y2100[1].at + 1800, 7200, 3600,
		   y2100[1].at);
	expect_local(db, z, U(9999, 6, 30, 12, 0, 0), 7200, true, "CEST",
		     9999, 6, 30, 14, 0, 0);
	/* Before any transition: local mean time, 0:17:30 east, as zdump
	 * shows; 1880 renamed it BMT without moving the clocks; 1892 set
	 * them back 17.5 minutes to WET. */
	expect_local(db, z, U(1, 1, 1, 12, 0, 0), 1050, false, "LMT",
		     1, 1, 1, 12, 17, 30);
	NORMAL(z, 1880, 1, 1, 0, 0, 0, U(1879, 12, 31, 23, 42, 30), 1050);
	expect_utc(db, z, 1892, 5, 1, 0, 10, 0, CP_TZ_OVERLAP,
		   U(1892, 4, 30, 23, 52, 30), U(1892, 5, 1, 0, 10, 0), 1050, 0,
		   U(1892, 5, 1, 0, 0, 0));
}

static void beirut(struct cp_tzdb *db)
{
	const char *z = "Asia/Beirut";
	/* At local midnight: 00:00 -> 01:00 on the last Sunday of March,
	 * 00:00 -> 23:00 the day before on the last Sunday of October. */
	const struct tt_tr y2024[] = {
		{ U(2024, 3, 30, 22, 0, 0), 7200, 10800, true, "EEST" },
		{ U(2024, 10, 26, 21, 0, 0), 10800, 7200, false, "EET" },
	};
	const struct tt_tr y2100[] = {
		{ U(2100, 3, 27, 22, 0, 0), 7200, 10800, true, "EEST" },
		{ U(2100, 10, 30, 21, 0, 0), 10800, 7200, false, "EET" },
	};
	cp_instant spring = y2024[0].at, fall = y2024[1].at;

	expect_transitions(db, z, U(2024, 1, 1, 0, 0, 0), U(2025, 1, 1, 0, 0, 0),
			   y2024, 2);
	expect_transitions(db, z, U(2100, 1, 1, 0, 0, 0), U(2101, 1, 1, 0, 0, 0),
			   y2100, 2);
	NORMAL(z, 2024, 3, 30, 23, 59, 59, spring - 1, 7200);
	expect_utc(db, z, 2024, 3, 31, 0, 0, 0, CP_TZ_GAP, spring, spring, 7200,
		   10800, spring);
	expect_utc(db, z, 2024, 3, 31, 0, 30, 0, CP_TZ_GAP, spring + 1800,
		   spring + 1800, 7200, 10800, spring);
	NORMAL(z, 2024, 3, 31, 1, 0, 0, spring, 10800);
	NORMAL(z, 2024, 10, 26, 22, 59, 59, fall - 3601, 10800);
	expect_utc(db, z, 2024, 10, 26, 23, 30, 0, CP_TZ_OVERLAP, fall - 1800,
		   fall + 1800, 10800, 7200, fall);
	NORMAL(z, 2024, 10, 27, 0, 0, 0, fall + 3600, 7200);
	expect_local(db, z, fall - 1, 10800, true, "EEST", 2024, 10, 26, 23, 59, 59);
	expect_local(db, z, fall, 7200, false, "EET", 2024, 10, 26, 23, 0, 0);
}

static void amman(struct cp_tzdb *db)
{
	const char *z = "Asia/Amman";

	/* Permanent +03 since 2022-10-28: no DST, no transitions. */
	expect_count(db, z, U(2023, 1, 1, 0, 0, 0), U(2038, 1, 1, 0, 0, 0), 0);
	expect_count(db, z, U(2022, 10, 29, 0, 0, 0), U(9999, 1, 1, 0, 0, 0), 0);
	expect_local(db, z, U(2023, 1, 1, 0, 0, 0), 10800, false, "+03",
		     2023, 1, 1, 3, 0, 0);
	expect_local(db, z, U(2030, 7, 1, 12, 0, 0), 10800, false, "+03",
		     2030, 7, 1, 15, 0, 0);
	expect_local(db, z, U(2037, 12, 31, 23, 0, 0), 10800, false, "+03",
		     2038, 1, 1, 2, 0, 0);
	expect_local(db, z, U(2100, 7, 1, 12, 0, 0), 10800, false, "+03",
		     2100, 7, 1, 15, 0, 0);
	/* Under the old rule the last Friday of October 2024 repeated
	 * 00:00..00:59; now it is an ordinary night. */
	NORMAL(z, 2024, 10, 25, 0, 30, 0, U(2024, 10, 24, 21, 30, 0), 10800);
}

/* Pilot 2 (2024-03-04 -> 2024-04-29): a class fixed at 19:00 in Brussels
 * is 19:00, then 18:00 (Ramadan), 17:00 (Brussels on summer time), then
 * 18:00 again in Casablanca. */
static void pilot2(struct cp_tzdb *db)
{
	static const struct {
		int month, day;
		cp_instant utc_hour;
		int casablanca_hour;
	} week[] = {
		{ 3, 5, 18, 19 },  /* CET, +01 */
		{ 3, 12, 18, 18 }, /* CET, Ramadan +00 */
		{ 4, 2, 17, 17 },  /* CEST, Ramadan +00 */
		{ 4, 16, 17, 18 }, /* CEST, +01 */
	};
	const struct cp_tz *bru = tt_zone(db, "Europe/Brussels");
	const struct cp_tz *cas = tt_zone(db, "Africa/Casablanca");

	for (size_t i = 0; i < sizeof week / sizeof week[0]; i++) {
		struct cp_civil wall = { 2024, week[i].month, week[i].day, 19, 0, 0 };
		struct cp_tz_resolution r;
		struct cp_tz_local loc;
		char w[32];

		tt_civil_str(&wall, w);
		CHECK_INT(cp_tz_to_utc(bru, &wall, &r), CP_TZ_NORMAL, "pilot 2 %s", w);
		CHECK_INT(r.earliest,
			  U(2024, week[i].month, week[i].day,
			    (int)week[i].utc_hour, 0, 0), "pilot 2 %s", w);
		cp_tz_to_local(cas, r.earliest, &loc);
		CHECK_INT(loc.wall.hour, week[i].casablanca_hour,
			  "pilot 2 %s in Casablanca", w);
		CHECK_INT(loc.wall.day, week[i].day, "pilot 2 %s in Casablanca", w);
	}
}

static void elsewhere(struct cp_tzdb *db)
{
	/* Footer rules of other shapes, years after the explicit data: the
	 * southern hemisphere (DST across New Year), a 30-minute saving,
	 * 45-minute offsets, Chile's "24:00 on the first Saturday". */
	const struct tt_tr ny[] = {
		{ U(2100, 3, 14, 7, 0, 0), -18000, -14400, true, "EDT" },
		{ U(2100, 11, 7, 6, 0, 0), -14400, -18000, false, "EST" },
	};
	const struct tt_tr syd[] = {
		{ U(2100, 4, 3, 16, 0, 0), 39600, 36000, false, "AEST" },
		{ U(2100, 10, 2, 16, 0, 0), 36000, 39600, true, "AEDT" },
	};
	const struct tt_tr lhi[] = {
		{ U(2100, 4, 3, 15, 0, 0), 39600, 37800, false, "+1030" },
		{ U(2100, 10, 2, 15, 30, 0), 37800, 39600, true, "+11" },
	};
	const struct tt_tr cha[] = {
		{ U(2100, 4, 3, 14, 0, 0), 49500, 45900, false, "+1245" },
		{ U(2100, 9, 25, 14, 0, 0), 45900, 49500, true, "+1345" },
	};
	const struct tt_tr scl[] = {
		{ U(2100, 4, 4, 3, 0, 0), -10800, -14400, false, "-04" },
		{ U(2100, 9, 5, 4, 0, 0), -14400, -10800, true, "-03" },
	};
	cp_instant apia = U(2011, 12, 30, 10, 0, 0);

	expect_transitions(db, "America/New_York", U(2100, 1, 1, 0, 0, 0),
			   U(2101, 1, 1, 0, 0, 0), ny, 2);
	expect_transitions(db, "Australia/Sydney", U(2100, 1, 1, 0, 0, 0),
			   U(2101, 1, 1, 0, 0, 0), syd, 2);
	expect_transitions(db, "Australia/Lord_Howe", U(2100, 1, 1, 0, 0, 0),
			   U(2101, 1, 1, 0, 0, 0), lhi, 2);
	expect_transitions(db, "Pacific/Chatham", U(2100, 1, 1, 0, 0, 0),
			   U(2101, 1, 1, 0, 0, 0), cha, 2);
	expect_transitions(db, "America/Santiago", U(2100, 1, 1, 0, 0, 0),
			   U(2101, 1, 1, 0, 0, 0), scl, 2);
	/* Lord Howe: 02:00 -> 02:30 in October, 02:00 -> 01:30 in April. */
	expect_utc(db, "Australia/Lord_Howe", 2100, 10, 3, 2, 15, 0, CP_TZ_GAP,
		   U(2100, 10, 2, 15, 45, 0), U(2100, 10, 2, 15, 45, 0), 37800,
		   39600, lhi[1].at);
	expect_utc(db, "Australia/Lord_Howe", 2100, 4, 4, 1, 45, 0,
		   CP_TZ_OVERLAP, U(2100, 4, 3, 14, 45, 0),
		   U(2100, 4, 3, 15, 15, 0), 39600, 37800, lhi[0].at);

	/* Samoa skipped Friday 2011-12-30: the whole day is one gap. */
	NORMAL("Pacific/Apia", 2011, 12, 29, 23, 59, 59, apia - 1, -36000);
	expect_utc(db, "Pacific/Apia", 2011, 12, 30, 12, 0, 0, CP_TZ_GAP,
		   U(2011, 12, 30, 22, 0, 0), U(2011, 12, 30, 22, 0, 0), -36000,
		   50400, apia);
	NORMAL("Pacific/Apia", 2011, 12, 31, 0, 0, 0, apia, 50400);

	/* Ireland's negative DST: winter GMT is the "DST" period. */
	expect_local(db, "Europe/Dublin", U(2024, 1, 15, 12, 0, 0), 0, true,
		     "GMT", 2024, 1, 15, 12, 0, 0);
	expect_local(db, "Europe/Dublin", U(2024, 7, 15, 12, 0, 0), 3600, false,
		     "IST", 2024, 7, 15, 13, 0, 0);
	expect_local(db, "Asia/Kolkata", U(2024, 6, 1, 0, 0, 0), 19800, false,
		     "IST", 2024, 6, 1, 5, 30, 0);
	expect_local(db, "Asia/Kathmandu", U(2024, 6, 1, 0, 0, 0), 20700, false,
		     "+0545", 2024, 6, 1, 5, 45, 0);
	expect_local(db, "America/St_Johns", U(2024, 7, 1, 12, 0, 0), -9000,
		     true, "NDT", 2024, 7, 1, 9, 30, 0);
	expect_local(db, "America/St_Johns", U(2024, 1, 1, 12, 0, 0), -12600,
		     false, "NST", 2024, 1, 1, 8, 30, 0);
}

int main(void)
{
	struct cp_tzdb *db = tt_open_db();

	casablanca(db);
	brussels(db);
	beirut(db);
	amman(db);
	pilot2(db);
	elsewhere(db);
	cp_tzdb_destroy(db);
	return tt_finish("tz-known");
}
