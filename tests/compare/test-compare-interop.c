/*
 * ICU and libical against the pinned tzdata, through the same adapters tz
 * doctor uses (api/cli/tz_check.c).
 *
 * ICU: its data is old on purpose here (Debian 12's ICU 72 carries tzdata
 * 2022e), so the expectations that depend on its age are keyed to the tz
 * release ICU reports: a newer ICU must stop disagreeing, not fail the test.
 *
 * libical: pointed at the pinned zoneinfo it must agree with the core over
 * 2023-2027 for every zone, and it must read the directory it is given: on
 * the edited fixture release (tests/compare/make-fixture) it has to see the
 * edit, which no host zoneinfo contains.
 *
 * Usage: test-compare-interop [FIXTURE_ZONEINFO_DIR]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/tz_check.h"
#include "test-config.h"
#include "tz-test.h"

#define DAY INT64_C(86400)

static cp_instant
utc(int32_t y, int mo, int d, int h, int mi)
{
	return cp_days_from_civil(y, mo, d) * DAY + h * 3600 + mi * 60;
}

/* Disagreements between the pinned zone `name` and the timeline q that
 * `other` (ICU or libical) built over [from, to); the first one is shown.
 * (size_t)-1 when the pinned timeline cannot be built. */
static size_t
pinned_disagreements(struct cp_tzdb *db, const char *name, const char *other, cp_instant from,
		     cp_instant to, const struct cp_tzcmp_timeline *q)
{
	struct cp_tzcmp_timeline p;
	size_t n = (size_t)-1;

	cp_tzcmp_timeline_init(&p, from, to);
	if (cp_tzcmp_timeline_from_tz(&p, tt_zone(db, name)) == CP_TZCMP_OK) {
		n = cp_tzcmp_compare(&p, q, NULL, 0);
		if (n) {
			struct cp_tzcmp_diff d;
			char b1[32], b2[32];
			cp_tzcmp_compare(&p, q, &d, 1);
			fprintf(stderr, "  %s: pinned %d, %s %d from %s to %s\n", name, d.a, other,
				d.b, tt_utc_str(d.start, b1), tt_utc_str(d.end, b2));
		}
	} else {
		tt_fail(__FILE__, __LINE__, "%s: cannot build the pinned timeline", name);
	}
	cp_tzcmp_timeline_finish(&p);
	return n;
}

/* A source's timeline of zone z (NULL: it could not be opened, zerr says
 * why) built by build over [from, to): its disagreements with the pinned
 * zone, (size_t)-1 (a failure counted) when it cannot be built. */
typedef enum cp_tzcmp_status (*build_fn)(struct cp_tzcmp_timeline *q, void *z, char *msg,
					 size_t msgsz);

static size_t
source_disagreements(struct cp_tzdb *db, const char *name, const char *source, cp_instant from,
		     cp_instant to, void *z, const char *zerr, build_fn build)
{
	struct cp_tzcmp_timeline q;
	char msg[256];
	size_t n = (size_t)-1;

	if (!z) {
		tt_fail(__FILE__, __LINE__, "%s zone %s: %s", source, name, zerr);
		return n;
	}
	cp_tzcmp_timeline_init(&q, from, to);
	if (build(&q, z, msg, sizeof(msg)) == CP_TZCMP_OK)
		n = pinned_disagreements(db, name, source, from, to, &q);
	else
		tt_fail(__FILE__, __LINE__, "%s: cannot build the %s timeline: %s", name, source, msg);
	cp_tzcmp_timeline_finish(&q);
	return n;
}

static enum cp_tzcmp_status
icu_timeline(struct cp_tzcmp_timeline *q, void *z, char *msg, size_t msgsz)
{
	return cp_tzcheck_icu_timeline(q, z, msg, msgsz);
}

static enum cp_tzcmp_status
ical_timeline(struct cp_tzcmp_timeline *q, void *z, char *msg, size_t msgsz)
{
	return cp_tzcheck_ical_timeline(q, z, msg, msgsz);
}

/* Disagreements between the pinned zone and ICU over a range; (size_t)-1
 * when a timeline cannot be built. */
static size_t
icu_disagreements(struct cp_tzdb *db, const char *name, cp_instant from, cp_instant to,
		  bool *known)
{
	struct cp_error err;
	struct cp_icu_zone *z = cp_icu_zone_create(name, &err);

	if (z)
		*known = cp_icu_zone_known(z);
	size_t n = source_disagreements(db, name, "ICU", from, to, z, err.message, icu_timeline);
	cp_icu_zone_destroy(z);
	return n;
}

/* The same for libical reading the zoneinfo in dir. */
static size_t
ical_disagreements(struct cp_tzdb *db, const char *dir, const char *name, cp_instant from,
		   cp_instant to)
{
	struct cp_error err;
	struct cp_ical_zone *z = cp_ical_zone_create(dir, name, &err);
	size_t n = source_disagreements(db, name, "libical", from, to, z, err.message,
					ical_timeline);
	cp_ical_zone_destroy(z);
	return n;
}

static void
test_icu(struct cp_tzdb *db)
{
	struct cp_error err;
	const char *v;
	bool known = false;
	int32_t off = 0;
	bool dst = true;
	struct cp_icu_zone *z;
	size_t n;

	CHECK(cp_icu_init(&err), "cp_icu_init: %s", err.message);
	v = cp_icu_tz_data_version();
	CHECK(strlen(v) >= 5 && v[0] == '2', "ICU tz version \"%s\"", v);
	printf("ICU %s, tzdata %s\n", cp_icu_version(), v);

	/* Brussels over 2024: nothing changed there since long before 2022. */
	n = icu_disagreements(db, "Europe/Brussels", utc(2024, 1, 1, 0, 0), utc(2025, 1, 1, 0, 0),
			      &known);
	CHECK(known, "ICU knows Europe/Brussels");
	CHECK_INT(n, 0, "ICU vs pinned, Europe/Brussels 2024");

	/* Almaty: +05 since 2024-03-01 (tzdata 2024a). */
	n = icu_disagreements(db, "Asia/Almaty", utc(2023, 1, 1, 0, 0), utc(2028, 1, 1, 0, 0),
			      &known);
	CHECK(known, "ICU knows Asia/Almaty");
	CHECK_INT(n, strcmp(v, "2024a") < 0 ? 1 : 0, "ICU %s vs pinned, Asia/Almaty", v);
	z = cp_icu_zone_create("Asia/Almaty", &err);
	CHECK(z != NULL, "ICU Asia/Almaty: %s", err.message);
	if (z) {
		CHECK(cp_icu_zone_offset_at(z, utc(2024, 6, 1, 0, 0), &off, &dst, &err),
		      "offset: %s", err.message);
		CHECK_INT(off, strcmp(v, "2024a") < 0 ? 6 * 3600 : 5 * 3600, "ICU Almaty 2024-06");
		CHECK(!dst, "Almaty has no DST");
		CHECK_STR(cp_icu_zone_id(z), "Asia/Almaty", "ICU's own ID");
		cp_icu_zone_destroy(z);
	}

	/* Ciudad Juarez: new in tzdata 2022g. Before that ICU answers GMT. */
	n = icu_disagreements(db, "America/Ciudad_Juarez", utc(2023, 1, 1, 0, 0),
			      utc(2024, 1, 1, 0, 0), &known);
	if (strcmp(v, "2022g") < 0) {
		CHECK(!known, "ICU %s cannot know America/Ciudad_Juarez", v);
		/* MST, MDT from 12 March 09:00Z, MST from 5 November 08:00Z:
		 * three pieces, each against ICU's +00. */
		CHECK_INT(n, 3, "ICU vs pinned, Ciudad_Juarez 2023");
		z = cp_icu_zone_create("America/Ciudad_Juarez", &err);
		CHECK(z != NULL, "ICU zone");
		if (z) {
			CHECK_STR(cp_icu_zone_id(z), "Etc/Unknown", "ICU's fallback");
			CHECK(cp_icu_zone_offset_at(z, utc(2023, 6, 1, 0, 0), &off, NULL, &err),
			      "offset");
			CHECK_INT(off, 0, "ICU answers GMT for a zone it does not know");
			cp_icu_zone_destroy(z);
		}
	} else {
		CHECK(known, "ICU %s knows America/Ciudad_Juarez", v);
		CHECK_INT(n, 0, "ICU vs pinned, Ciudad_Juarez 2023");
	}

	/* Names that are not names. */
	CHECK(cp_icu_zone_create("", &err) == NULL, "empty name refused");
	CHECK_INT(err.status, CP_ERR_INVALID, "empty name status");
	CHECK(cp_icu_zone_create("Europe/Br\xc3\xbcssel", &err) == NULL, "non-ASCII refused");
	z = cp_icu_zone_create("Nowhere/Atlantis", &err);
	CHECK(z && !cp_icu_zone_known(z), "ICU does not know Nowhere/Atlantis");
	cp_icu_zone_destroy(z);
	cp_icu_zone_destroy(NULL);
}

static void
test_libical(struct cp_tzdb *db, const char *fixture)
{
	static const char *const named[] = {
		"Europe/Brussels", "Africa/Casablanca", "Asia/Beirut", "Asia/Amman",
		"America/Asuncion", "America/Ciudad_Juarez", "Asia/Almaty",
	};
	const cp_instant from = utc(2023, 1, 1, 0, 0), to = utc(2028, 1, 1, 0, 0);
	const char *dir = cp_tzdb_dir(db);
	struct cp_error err;
	struct cp_ical_zone *z;
	size_t bad = 0, zones = 0;
	int32_t off = 0;
	char *vtz;

	printf("libical %s on %s\n", cp_ical_version(), dir);
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		CHECK_INT(ical_disagreements(db, dir, named[i], from, to), 0,
			  "libical vs pinned, %s 2023-2027", named[i]);

	/* Every zone of the pinned data, the same horizon. */
	for (size_t i = 0; i < cp_tzdb_name_count(db); i++) {
		const char *name = cp_tzdb_name(db, i);
		if (cp_tzdb_is_link(db, name))
			continue;
		zones++;
		if (ical_disagreements(db, dir, name, from, to) != 0)
			bad++;
	}
	CHECK_INT(bad, 0, "zones where libical disagrees with pinned over 2023-2027 (of %zu)",
		  zones);

	/* The VTIMEZONE carries the zone's name, not libical's detour path. */
	z = cp_ical_zone_create(dir, "Europe/Brussels", &err);
	CHECK(z != NULL, "libical Brussels: %s", err.message);
	if (z) {
		vtz = cp_ical_zone_vtimezone(z);
		CHECK(vtz && strstr(vtz, "TZID:Europe/Brussels\r\n"), "TZID in:\n%s", vtz ? vtz : "(null)");
		CHECK(vtz && strstr(vtz, "X-LIC-LOCATION:Europe/Brussels\r\n"), "X-LIC-LOCATION");
		CHECK(vtz && !strstr(vtz, ".."), "no detour path left in the VTIMEZONE");
		free(vtz);
		CHECK_STR(cp_ical_zone_name(z), "Europe/Brussels", "name");
		cp_ical_zone_destroy(z);
	}
	/* Links load too (zic writes them as files). */
	CHECK_INT(ical_disagreements(db, dir, "Asia/Calcutta", from, to), 0, "link");

	/* Errors. */
	CHECK(cp_ical_zone_create(dir, "Nowhere/Atlantis", &err) == NULL, "unknown zone");
	CHECK_INT(err.status, CP_ERR_NOT_FOUND, "unknown zone status");
	CHECK(cp_ical_zone_create(dir, "../../etc/passwd", &err) == NULL, "escape refused");
	CHECK_INT(err.status, CP_ERR_INVALID, "escape status");
	CHECK(cp_ical_zone_create(dir, "/etc/passwd", &err) == NULL, "absolute refused");
	CHECK_INT(err.status, CP_ERR_INVALID, "absolute status");
	CHECK(cp_ical_zone_create(dir, "Europe", &err) == NULL, "directory refused");
	CHECK(cp_ical_zone_create(dir, "tzdata.zi", &err) == NULL, "non-TZif refused");
	CHECK_INT(err.status, CP_ERR_LIBRARY, "non-TZif status");
	CHECK(cp_ical_zone_create("/nonexistent-zoneinfo", "Europe/Brussels", &err) == NULL,
	      "missing directory");
	CHECK_INT(err.status, CP_ERR_IO, "missing directory status");
	cp_ical_zone_destroy(NULL);

	/* The fixture moves Beirut's 2027 autumn change from 31 October to 7
	 * November (local midnight, +03): libical must see it there. */
	if (fixture) {
		z = cp_ical_zone_create(fixture, "Asia/Beirut", &err);
		CHECK(z != NULL, "fixture Beirut: %s", err.message);
		if (z) {
			cp_instant next = 0;
			CHECK(cp_ical_zone_offset_at(z, utc(2027, 11, 3, 12, 0), &off, NULL, &err),
			      "offset");
			CHECK_INT(off, 3 * 3600, "libical reads the fixture, not the host zoneinfo");
			CHECK(cp_ical_zone_next_transition(z, utc(2027, 10, 1, 0, 0), &next, &err),
			      "next transition");
			CHECK_INT(next, utc(2027, 11, 6, 21, 0), "edited change instant");
			cp_ical_zone_destroy(z);
		}
	}
	/* Amman has kept +03 since October 2022. libical 3.0.16 still lists a
	 * change of nothing at 2038-01-19T03:14:07Z (where it starts the TZif
	 * footer's rule); either that or none is fine, as long as nothing
	 * comes before 2028 and "none" is not an error. */
	z = cp_ical_zone_create(dir, "Asia/Amman", &err);
	CHECK(z != NULL, "Amman");
	if (z) {
		cp_instant next = 0;
		if (cp_ical_zone_next_transition(z, utc(2023, 1, 1, 0, 0), &next, &err)) {
			CHECK(next >= utc(2028, 1, 1, 0, 0), "no change in Amman 2023-2027");
			CHECK(cp_ical_zone_offset_at(z, next, &off, NULL, &err), "offset");
			CHECK_INT(off, 3 * 3600, "Amman stays +03");
		} else {
			CHECK_INT(err.status, CP_OK, "no error for none");
		}
		cp_ical_zone_destroy(z);
	}
}

int
main(int argc, char **argv)
{
	struct cp_tzdb *db = tt_open_db();

	test_icu(db);
	test_libical(db, argc > 1 ? argv[1] : NULL);
	cp_tzdb_destroy(db);
	/* Only now, with every ICU object gone: leak checkers stay quiet. */
	cp_icu_cleanup();
	return tt_finish("compare-interop");
}
