/*
 * Calendar arithmetic, parsers and formatters of tz.h, without zones.
 * Known values are from the proleptic Gregorian calendar (checked with an
 * independent implementation); the day-by-day walk counts the calendar up
 * from 0001-01-01, a Monday, with nothing but month lengths.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tz-test.h"

static void known_days(void)
{
	static const struct {
		int32_t y;
		int m, d;
		int64_t days;
		int wday;
	} t[] = {
		{ 1970, 1, 1, 0, 4 },        { 1969, 12, 31, -1, 3 },
		{ 2000, 3, 1, 11017, 3 },    { 2000, 2, 29, 11016, 2 },
		{ 2000, 1, 1, 10957, 6 },    { 1900, 3, 1, -25508, 4 },
		{ 1900, 2, 28, -25509, 3 },  { 1, 1, 1, -719162, 1 },
		{ 9999, 12, 31, 2932896, 5 }, { 2024, 2, 29, 19782, 4 },
		{ 2024, 3, 31, 19813, 0 },   { 1600, 2, 29, -135081, 2 },
		{ 2038, 1, 19, 24855, 2 },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		int32_t y;
		int m, d;

		CHECK_INT(cp_days_from_civil(t[i].y, t[i].m, t[i].d), t[i].days,
			  "%04d-%02d-%02d", (int)t[i].y, t[i].m, t[i].d);
		cp_civil_from_days(t[i].days, &y, &m, &d);
		CHECK(y == t[i].y && m == t[i].m && d == t[i].d,
		      "civil_from_days(%" PRId64 ") = %04d-%02d-%02d", t[i].days,
		      (int)y, m, d);
		CHECK_INT(cp_weekday_from_days(t[i].days), t[i].wday,
			  "weekday of %" PRId64, t[i].days);
	}
}

/* Every day of years 1..9999, counted up from 0001-01-01 (day -719162, a
 * Monday). Failures are tallied, not one check per day, to keep the count
 * of checks meaningful. */
static void walk_all_days(void)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				       30, 31 };
	int32_t y = 1;
	int m = 1, d = 1, wday = 1;
	unsigned long bad = 0, days = 0;

	for (int64_t n = -719162;; n++) {
		int32_t gy;
		int gm, gd;
		bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

		cp_civil_from_days(n, &gy, &gm, &gd);
		if (cp_days_from_civil(y, m, d) != n || gy != y || gm != m ||
		    gd != d || cp_weekday_from_days(n) != wday) {
			if (bad++ < 5)
				tt_fail(__FILE__, __LINE__,
					"day %" PRId64 " is %04d-%02d-%02d wday %d",
					n, (int)y, m, d, wday);
		}
		days++;
		if (y == 9999 && m == 12 && d == 31)
			break;
		wday = (wday + 1) % 7;
		if (d < mdays[m - 1] + (m == 2 && leap)) {
			d++;
		} else if (m < 12) {
			d = 1;
			m++;
		} else {
			d = 1;
			m = 1;
			y++;
		}
	}
	CHECK(bad == 0, "%lu of %lu days wrong", bad, days);
	CHECK_INT(days, 2932896 + 719162 + 1, "days walked");
}

static void instants(void)
{
	static const struct {
		struct cp_civil c;
		cp_instant t;
	} t[] = {
		{ { 1970, 1, 1, 0, 0, 0 }, 0 },
		{ { 1969, 12, 31, 23, 59, 59 }, -1 },
		{ { 2024, 3, 31, 1, 0, 0 }, 1711846800 },
		{ { 1, 1, 1, 0, 0, 0 }, INT64_C(-62135596800) },
		{ { 9999, 12, 31, 23, 59, 59 }, INT64_C(253402300799) },
		{ { 2038, 1, 19, 3, 14, 8 }, INT64_C(2147483648) },
	};
	uint64_t seed = 42;

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct cp_civil c;
		char a[32], b[32];

		CHECK_INT(cp_civil_to_instant(&t[i].c), t[i].t, "%s",
			  tt_civil_str(&t[i].c, a));
		cp_instant_to_civil(t[i].t, &c);
		CHECK(tt_civil_eq(&c, &t[i].c), "instant_to_civil(%" PRId64
		      ") = %s, expected %s", t[i].t, tt_civil_str(&c, a),
		      tt_civil_str(&t[i].c, b));
	}
	/* Random instants over years 1..9999 against libc's gmtime_r. */
	for (int i = 0; i < 100000; i++) {
		cp_instant s = tt_rand_range(&seed, INT64_C(-62135596800),
					     INT64_C(253402300800));
		struct cp_civil want, got;
		char a[32], b[32];

		tt_civil_from_secs(s, &want);
		cp_instant_to_civil(s, &got);
		if (!tt_civil_eq(&got, &want))
			CHECK(false, "instant_to_civil(%" PRId64 ") = %s, gmtime %s",
			      s, tt_civil_str(&got, a), tt_civil_str(&want, b));
		if (cp_civil_to_instant(&want) != s)
			CHECK_INT(cp_civil_to_instant(&want), s, "%s",
				  tt_civil_str(&want, a));
	}
	tt_checks++; /* the random sweep as one check */
}

static void validity(void)
{
	static const struct {
		struct cp_civil c;
		bool ok;
	} t[] = {
		{ { 2024, 2, 29, 0, 0, 0 }, true },
		{ { 2000, 2, 29, 12, 0, 0 }, true },
		{ { 1900, 2, 29, 12, 0, 0 }, false },
		{ { 2023, 2, 29, 12, 0, 0 }, false },
		{ { 1900, 2, 28, 12, 0, 0 }, true },
		{ { 1, 1, 1, 0, 0, 0 }, true },
		{ { 9999, 12, 31, 23, 59, 59 }, true },
		{ { 0, 1, 1, 0, 0, 0 }, false },
		{ { 10000, 1, 1, 0, 0, 0 }, false },
		{ { -1, 1, 1, 0, 0, 0 }, false },
		{ { 2024, 4, 31, 0, 0, 0 }, false },
		{ { 2024, 4, 30, 0, 0, 0 }, true },
		{ { 2024, 13, 1, 0, 0, 0 }, false },
		{ { 2024, 0, 1, 0, 0, 0 }, false },
		{ { 2024, 1, 0, 0, 0, 0 }, false },
		{ { 2024, 1, 32, 0, 0, 0 }, false },
		{ { 2024, 12, 31, 0, 0, 0 }, true },
		{ { 2024, 1, 1, 24, 0, 0 }, false },
		{ { 2024, 1, 1, -1, 0, 0 }, false },
		{ { 2024, 1, 1, 23, 60, 0 }, false },
		{ { 2024, 1, 1, 23, -1, 0 }, false },
		{ { 2024, 1, 1, 23, 59, 60 }, false }, /* no leap seconds */
		{ { 2024, 1, 1, 23, 59, -1 }, false },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char a[32];

		CHECK_INT(cp_civil_valid(&t[i].c), t[i].ok, "cp_civil_valid(%s)",
			  tt_civil_str(&t[i].c, a));
	}
}

#define SENTINEL { 7777, 77, 77, 77, 77, 77 }

static void parse_local(void)
{
	static const struct {
		const char *s;
		bool ok;
		struct cp_civil c;
	} t[] = {
		{ "2024-03-31T02:30", true, { 2024, 3, 31, 2, 30, 0 } },
		{ "2024-03-31T02:30:15", true, { 2024, 3, 31, 2, 30, 15 } },
		{ "2024-02-29T00:00", true, { 2024, 2, 29, 0, 0, 0 } },
		{ "2000-02-29T23:59:59", true, { 2000, 2, 29, 23, 59, 59 } },
		{ "0001-01-01T00:00", true, { 1, 1, 1, 0, 0, 0 } },
		{ "9999-12-31T23:59:59", true, { 9999, 12, 31, 23, 59, 59 } },
		{ "2024-02-30T10:00", false, SENTINEL },
		{ "2023-02-29T10:00", false, SENTINEL },
		{ "1900-02-29T10:00", false, SENTINEL },
		{ "2024-04-31T10:00", false, SENTINEL },
		{ "2024-13-01T10:00", false, SENTINEL },
		{ "2024-00-01T10:00", false, SENTINEL },
		{ "2024-01-00T10:00", false, SENTINEL },
		{ "0000-01-01T10:00", false, SENTINEL },
		{ "2024-1-05T10:00", false, SENTINEL },
		{ "2024-01-5T10:00", false, SENTINEL },
		{ "2024-01-05T1:00", false, SENTINEL },
		{ "2024-01-05T10:0", false, SENTINEL },
		{ "2024-01-05T10:00:5", false, SENTINEL },
		{ "24-01-05T10:00", false, SENTINEL },
		{ "20240-01-05T10:00", false, SENTINEL },
		{ "2024-01-05T24:00", false, SENTINEL },
		{ "24:00", false, SENTINEL },
		{ "10:00", false, SENTINEL },
		{ "2024-01-05T10:60", false, SENTINEL },
		{ "2024-01-05T10:00:60", false, SENTINEL },
		{ "2024-01-05 10:00", false, SENTINEL },
		{ "2024-01-05t10:00", false, SENTINEL },
		{ "2024-01-05T10:00Z", false, SENTINEL },
		{ "2024-01-05T10:00:00Z", false, SENTINEL },
		{ "2024-01-05T10:00+01:00", false, SENTINEL },
		{ "2024-01-05T10:00:00.000", false, SENTINEL },
		{ "2024-01-05T10:00:00:00", false, SENTINEL },
		{ "2024-01-05T10:00:", false, SENTINEL },
		{ "2024-01-05T10:00x", false, SENTINEL },
		{ "2024-01-05T10:00 ", false, SENTINEL },
		{ "2024-01-05T10:00\n", false, SENTINEL },
		{ " 2024-01-05T10:00", false, SENTINEL },
		{ "+2024-01-05T10:00", false, SENTINEL },
		{ "2024-+1-05T10:00", false, SENTINEL },
		{ "2024- 1-05T10:00", false, SENTINEL },
		{ "2024-01-05T-1:00", false, SENTINEL },
		{ "2024-01-05T+1:00", false, SENTINEL },
		{ "2024/01/05T10:00", false, SENTINEL },
		{ "2024-01-05T10", false, SENTINEL },
		{ "2024-01-05T", false, SENTINEL },
		{ "2024-01-05", false, SENTINEL },
		{ "", false, SENTINEL },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct cp_civil out = SENTINEL;
		char a[32], b[32];
		bool ok = cp_parse_local(t[i].s, &out);

		CHECK_INT(ok, t[i].ok, "cp_parse_local(\"%s\")", t[i].s);
		CHECK(tt_civil_eq(&out, &t[i].c), "cp_parse_local(\"%s\") gave %s, "
		      "expected %s", t[i].s, tt_civil_str(&out, a),
		      tt_civil_str(&t[i].c, b));
	}
}

static void parse_date(void)
{
	static const struct {
		const char *s;
		bool ok;
		int32_t y;
		int m, d;
	} t[] = {
		{ "2024-02-29", true, 2024, 2, 29 },
		{ "0001-01-01", true, 1, 1, 1 },
		{ "9999-12-31", true, 9999, 12, 31 },
		{ "2023-02-29", false, 0, 0, 0 },
		{ "0000-12-31", false, 0, 0, 0 },
		{ "10000-01-01", false, 0, 0, 0 },
		{ "2024-2-29", false, 0, 0, 0 },
		{ "2024-02-29T00:00", false, 0, 0, 0 },
		{ "2024-02-29 ", false, 0, 0, 0 },
		{ " 2024-02-29", false, 0, 0, 0 },
		{ "2024-02", false, 0, 0, 0 },
		{ "20240229", false, 0, 0, 0 },
		{ "", false, 0, 0, 0 },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct cp_civil out = SENTINEL, sentinel = SENTINEL;
		bool ok = cp_parse_date(t[i].s, &out);

		CHECK_INT(ok, t[i].ok, "cp_parse_date(\"%s\")", t[i].s);
		if (t[i].ok)
			CHECK(out.year == t[i].y && out.month == t[i].m &&
			      out.day == t[i].d, "cp_parse_date(\"%s\")", t[i].s);
		else
			CHECK(tt_civil_eq(&out, &sentinel),
			      "cp_parse_date(\"%s\") touched its output", t[i].s);
	}
}

static void parse_utc(void)
{
	static const int64_t untouched = INT64_C(-777777);
	static const struct {
		const char *s;
		bool ok;
		cp_instant t;
	} t[] = {
		{ "2024-03-31T01:00:00Z", true, 1711846800 },
		{ "2024-03-31T01:00Z", true, 1711846800 },
		{ "1969-12-31T23:59:59Z", true, -1 },
		{ "1970-01-01T00:00:00Z", true, 0 },
		{ "0001-01-01T00:00:00Z", true, INT64_C(-62135596800) },
		{ "9999-12-31T23:59:59Z", true, INT64_C(253402300799) },
		{ "2024-03-31T01:00:00", false, 0 },
		{ "2024-03-31T01:00", false, 0 },
		{ "2024-03-31T01:00:00z", false, 0 },
		{ "2024-03-31T01:00:00+00:00", false, 0 },
		{ "2024-03-31T01:00:00ZZ", false, 0 },
		{ "2024-03-31T01:00:00Z ", false, 0 },
		{ "2024-03-31Z", false, 0 },
		{ "2024-02-30T00:00Z", false, 0 },
		{ "2024-03-31T24:00:00Z", false, 0 },
		{ "2024-03-31T01:00:60Z", false, 0 },
		{ "2024-3-31T01:00:00Z", false, 0 },
		{ "Z", false, 0 },
		{ "", false, 0 },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		cp_instant out = untouched;
		bool ok = cp_parse_utc(t[i].s, &out);

		CHECK_INT(ok, t[i].ok, "cp_parse_utc(\"%s\")", t[i].s);
		CHECK_INT(out, t[i].ok ? t[i].t : untouched, "cp_parse_utc(\"%s\")",
			  t[i].s);
	}
}

static void format(void)
{
	static const struct {
		cp_instant t;
		const char *s;
	} t[] = {
		{ 1711846800, "2024-03-31T01:00:00Z" },
		{ 0, "1970-01-01T00:00:00Z" },
		{ -1, "1969-12-31T23:59:59Z" },
		{ INT64_C(-62135596800), "0001-01-01T00:00:00Z" },
		{ INT64_C(253402300799), "9999-12-31T23:59:59Z" },
	};
	struct cp_civil c = { 2024, 3, 31, 2, 30, 5 };
	char buf[CP_TIME_BUFSZ];
	uint64_t seed = 7;

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		CHECK(cp_format_utc(t[i].t, buf) == buf, "returns buf");
		CHECK_STR(buf, t[i].s, "cp_format_utc(%" PRId64 ")", t[i].t);
	}
	CHECK(cp_format_local(&c, buf) == buf, "returns buf");
	CHECK_STR(buf, "2024-03-31T02:30:05", "cp_format_local");
	c = (struct cp_civil){ 7, 1, 2, 3, 4, 5 };
	CHECK_STR(cp_format_local(&c, buf), "0007-01-02T03:04:05",
		  "cp_format_local pads the year");
	/* Format and parse are inverse over years 1..9999. */
	for (int i = 0; i < 20000; i++) {
		cp_instant s = tt_rand_range(&seed, INT64_C(-62135596800),
					     INT64_C(253402300800));
		cp_instant back = 0;
		struct cp_civil w, wb = SENTINEL;

		cp_format_utc(s, buf);
		if (!cp_parse_utc(buf, &back) || back != s)
			CHECK(false, "parse_utc(format_utc(%" PRId64 ")) via %s", s,
			      buf);
		tt_civil_from_secs(s, &w);
		cp_format_local(&w, buf);
		if (!cp_parse_local(buf, &wb) || !tt_civil_eq(&w, &wb))
			CHECK(false, "parse_local(format_local(%s))", buf);
	}
	tt_checks++; /* the random sweep as one check */
}

int main(void)
{
	known_days();
	walk_all_days();
	instants();
	validity();
	parse_local();
	parse_date();
	parse_utc();
	format();
	return tt_finish("tz-civil");
}
