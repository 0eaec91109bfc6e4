/*
 * The shipped holiday calendars (data/holidays/XX.json) expanded with ICU's
 * Umm al-Qura calendar, checked against dates published independently
 * (government and Umm al-Qura tables), plus the JSON format's errors.
 */
#include "tz-test.h"

#include <stdio.h>
#include <string.h>

#include <cohortplan/holidays.h>

#include "formats/holidays_json.h"
#include "locale/islamic.h"
#include "test-config.h"

#define HOLIDAYS_DIR CP_SOURCE_ROOT "/data/holidays"

static void
test_umalqura(struct cp_islamic *ic)
{
	static const struct { int hy, hm, hd, y, m, d; const char *what; } known[] = {
		{ 1445, 9, 1, 2024, 3, 11, "1 Ramadan 1445" },
		{ 1445, 10, 1, 2024, 4, 10, "1 Shawwal 1445 (Eid al-Fitr)" },
		{ 1445, 12, 10, 2024, 6, 16, "10 Dhu al-Hijjah 1445 (Eid al-Adha)" },
		{ 1446, 1, 1, 2024, 7, 7, "1 Muharram 1446" },
		{ 1446, 9, 1, 2025, 3, 1, "1 Ramadan 1446" },
		{ 1446, 10, 1, 2025, 3, 30, "1 Shawwal 1446" },
		{ 1447, 9, 1, 2026, 2, 18, "1 Ramadan 1447" },
		{ 1444, 9, 1, 2023, 3, 23, "1 Ramadan 1444" },
	};
	char a[32];

	CHECK_STR(cp_islamic_variant(ic), "islamic-umalqura", "default variant");
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		int64_t d = -1;
		int32_t hy;
		int hm, hd;
		CHECK(cp_islamic_to_days(ic, known[i].hy, known[i].hm, known[i].hd, &d),
		      "%s converts", known[i].what);
		CHECK(d == tt_day(known[i].y, known[i].m, known[i].d),
		      "%s is %s, expected %d-%02d-%02d",
		      known[i].what, tt_date_str(d, a), known[i].y, known[i].m, known[i].d);
		CHECK(cp_islamic_from_days(ic, d, &hy, &hm, &hd) && hy == known[i].hy &&
		      hm == known[i].hm && hd == known[i].hd, "%s round-trips", known[i].what);
	}
	int64_t d = 0;
	/* Umm al-Qura: Sha'ban 1445 has 29 days, Ramadan 1445 has 30. */
	CHECK(!cp_islamic_to_days(ic, 1445, 8, 30, &d), "30 Sha'ban 1445 does not exist");
	CHECK(cp_islamic_to_days(ic, 1445, 9, 30, &d) && d == tt_day(2024, 4, 9),
	      "30 Ramadan 1445 is 2024-04-09");
	CHECK(!cp_islamic_to_days(ic, 1445, 13, 1, &d), "month 13");
	CHECK(!cp_islamic_to_days(ic, 0, 1, 1, &d), "year 0");

	/* Ramadan per Gregorian year, for the Ramadan rule. */
	struct cp_hijri_calendar h = cp_islamic_hijri(ic);
	struct cp_hijri_month m[4];
	struct cp_holidays_error err;
	size_t n = 0;
	CHECK_INT(cp_hijri_months(&h, CP_HIJRI_RAMADAN, 2024, 2026, m, 4, &n, &err),
		  CP_HOLIDAYS_OK, "Ramadan 2024..2026: %s", err.message);
	CHECK_INT(n, 3, "three Ramadans");
	CHECK(n == 3 && m[0].hijri_year == 1445 && m[0].first == tt_day(2024, 3, 11) &&
	      m[0].end == tt_day(2024, 4, 10), "Ramadan 1445: 2024-03-11 .. 2024-04-09");
	CHECK(n == 3 && m[1].first == tt_day(2025, 3, 1) && m[1].end == tt_day(2025, 3, 30),
	      "Ramadan 1446: 2025-03-01 .. 2025-03-29");
	CHECK(n == 3 && m[2].first == tt_day(2026, 2, 18), "Ramadan 1447 starts 2026-02-18");

	/* Umm al-Qura and the tabular civil calendar never differ by more
	 * than two days. */
	struct cp_error ierr;
	struct cp_islamic *civil = cp_islamic_create("islamic-civil", &ierr);
	CHECK(civil != NULL, "islamic-civil: %s", civil ? "" : ierr.message);
	for (int y = 1400; civil && y <= 1500; y++) {
		for (int mo = 1; mo <= 12; mo++) {
			int64_t u = 0, c = 0;
			CHECK(cp_islamic_to_days(ic, y, mo, 1, &u) &&
			      cp_islamic_to_days(civil, y, mo, 1, &c), "%d-%02d-01", y, mo);
			CHECK(u - c <= 2 && c - u <= 2, "%d-%02d-01: umalqura %lld, civil %lld", y,
			      mo, (long long)u, (long long)c);
		}
	}
	cp_islamic_destroy(civil);
	cp_islamic_destroy(NULL);
	CHECK(cp_islamic_create("gregorian", &ierr) == NULL && ierr.status == CP_ERR_INVALID &&
	      strstr(ierr.message, "gregorian"), "unknown variant refused");
}

static struct cp_holiday_calendar *
load(const char *id)
{
	struct cp_error err = { 0 };
	struct cp_holiday_calendar *cal = cp_holidays_json_load_id(HOLIDAYS_DIR, id, &err);
	CHECK(cal != NULL, "load %s: %s", id, err.message);
	return cal;
}

/* Expect holiday `key` on y-m-d in calendar cal. */
static void
expect(const struct cp_holiday_list *l, const char *cal, const char *key, int y, int m, int d)
{
	for (const struct cp_holiday *h = cp_holiday_list_find(l, tt_day(y, m, d));
	     h && h < l->items + l->count && h->date == tt_day(y, m, d); h++)
		if (strcmp(h->calendar, cal) == 0 && strcmp(h->key, key) == 0)
			goto found;
	CHECK(false, "%s: %s expected on %d-%02d-%02d", cal, key, y, m, d);
	return;
found:
	tt_checks++;
}

static void
expect_none(const struct cp_holiday_list *l, const char *cal, int y, int m, int d)
{
	for (const struct cp_holiday *h = cp_holiday_list_find(l, tt_day(y, m, d));
	     h && h < l->items + l->count && h->date == tt_day(y, m, d); h++)
		CHECK(strcmp(h->calendar, cal) != 0, "%s: no holiday expected on %d-%02d-%02d, found %s",
		      cal, y, m, d, h->key);
}

static void
test_shipped(struct cp_islamic *ic)
{
	struct cp_hijri_calendar h = cp_islamic_hijri(ic);
	struct cp_holidays_error err;
	struct cp_holiday_list l;
	const char *ids[] = { "BE", "MA", "LB", "JO" };
	struct cp_holiday_calendar *cals[4];

	cp_holiday_list_init(&l);
	for (size_t i = 0; i < 4; i++) {
		cals[i] = load(ids[i]);
		if (cals[i])
			CHECK_INT(cp_holidays_expand(cals[i], 2023, 2026, &h, &l, &err),
				  CP_HOLIDAYS_OK, "expand %s: %s", ids[i], err.message);
	}
	CHECK_STR(cals[0] ? cp_holidays_name(cals[0]) : NULL, "Belgium", "BE name");

	static const struct { const char *cal, *key; int y, m, d; } holidays[] = {
		/* Belgium: the teachers' side. */
		{ "BE", "easter_monday", 2024, 4, 1 },
		{ "BE", "easter_monday", 2025, 4, 21 },
		{ "BE", "ascension", 2024, 5, 9 },
		{ "BE", "whit_monday", 2024, 5, 20 },
		{ "BE", "all_saints", 2024, 11, 1 },
		{ "BE", "armistice", 2024, 11, 11 },
		{ "BE", "christmas", 2024, 12, 25 },
		{ "BE", "national_day", 2024, 7, 21 },
		/* Morocco. */
		{ "MA", "green_march", 2024, 11, 6 },
		{ "MA", "independence_day", 2024, 11, 18 },
		{ "MA", "independence_manifesto", 2024, 1, 11 },
		{ "MA", "amazigh_new_year", 2024, 1, 14 },
		{ "MA", "throne_day", 2024, 7, 30 },
		{ "MA", "eid_al_fitr", 2024, 4, 10 },
		{ "MA", "eid_al_fitr", 2024, 4, 11 },
		{ "MA", "eid_al_adha", 2024, 6, 16 },
		{ "MA", "islamic_new_year", 2024, 7, 7 },
		/* Lebanon: both Easters. */
		{ "LB", "independence_day", 2024, 11, 22 },
		{ "LB", "good_friday", 2024, 3, 29 },
		{ "LB", "easter_monday", 2024, 4, 1 },
		{ "LB", "orthodox_good_friday", 2024, 5, 3 },
		{ "LB", "orthodox_easter_monday", 2024, 5, 6 },
		{ "LB", "orthodox_easter_monday", 2025, 4, 21 }, /* same Sunday in 2025 */
		{ "LB", "st_maroun", 2024, 2, 9 },
		{ "LB", "eid_al_fitr", 2024, 4, 10 },
		{ "LB", "eid_al_adha", 2024, 6, 16 },
		{ "LB", "ashura", 2024, 7, 16 },
		/* Announced closures win over the computed dates: Lebanon closed for
		 * Eid al-Fitr 2024 from 10 to 13 April (computed: 10-11), Jordan from
		 * 9 to 12 April (computed 1 Shawwal 1445 = 10 April, 3 days: 10-12). */
		{ "LB", "eid_al_fitr", 2024, 4, 10 },
		{ "LB", "eid_al_fitr", 2024, 4, 11 },
		{ "LB", "eid_al_fitr", 2024, 4, 12 },
		{ "LB", "eid_al_fitr", 2024, 4, 13 },
		{ "JO", "eid_al_fitr", 2024, 4, 9 },
		{ "JO", "eid_al_fitr", 2024, 4, 10 },
		{ "JO", "eid_al_fitr", 2024, 4, 11 },
		{ "JO", "eid_al_fitr", 2024, 4, 12 },
		/* Other years keep the rule: 1 Shawwal 1447 is 2026-03-20. */
		{ "LB", "eid_al_fitr", 2026, 3, 20 },
		{ "LB", "eid_al_fitr", 2026, 3, 21 },
		/* Morocco's 31 October holiday exists from 2026 on. */
		{ "MA", "october_31", 2026, 10, 31 },
		/* Jordan. */
		{ "JO", "independence_day", 2024, 5, 25 },
		{ "JO", "arafat_day", 2024, 6, 15 },
		{ "JO", "eid_al_fitr", 2026, 3, 20 }, /* 1 Shawwal 1447 */
	};
	/* Days without a holiday of that calendar. */
	static const struct { const char *cal; int y, m, d; } no_holiday[] = {
		{ "BE", 2024, 11, 6 },
		{ "MA", 2023, 1, 14 }, /* amazigh_new_year: a holiday only since 2024 */
		{ "LB", 2024, 4, 9 }, /* around the announced Eid al-Fitr closures */
		{ "LB", 2024, 4, 14 },
		{ "JO", 2024, 4, 13 },
		{ "LB", 2026, 3, 22 }, /* 2026 keeps the computed two days */
		{ "MA", 2025, 10, 31 }, /* october_31 exists from 2026 on */
	};
	for (size_t i = 0; i < sizeof(holidays) / sizeof(holidays[0]); i++)
		expect(&l, holidays[i].cal, holidays[i].key, holidays[i].y, holidays[i].m,
		       holidays[i].d);
	for (size_t i = 0; i < sizeof(no_holiday) / sizeof(no_holiday[0]); i++)
		expect_none(&l, no_holiday[i].cal, no_holiday[i].y, no_holiday[i].m, no_holiday[i].d);

	/* Eid al-Fitr 2024 inside pilot 2 (2024-03-04 .. 2024-04-29). */
	const struct cp_holiday *eid = cp_holiday_list_find(&l, tt_day(2024, 4, 10));
	CHECK(eid != NULL, "a holiday on 2024-04-10");

	cp_holiday_list_finish(&l);
	for (size_t i = 0; i < 4; i++)
		cp_holidays_destroy(cals[i]);
}

static void
test_rule_parse(void)
{
	static const struct {
		const char *text;
		bool ok;
		enum cp_holiday_kind kind;
		int a, b; /* month/day or offset */
		const char *why;
	} cases[] = {
		{ "11-11", true, CP_HOLIDAY_FIXED, 11, 11, NULL },
		{ "02-29", true, CP_HOLIDAY_FIXED, 2, 29, NULL },
		{ "02-30", false, 0, 0, 0, "no such date 02-30" },
		{ "13-01", false, 0, 0, 0, "no such date 13-01" },
		{ "1-11", false, 0, 0, 0, "expected MM-DD" },
		{ "easter", true, CP_HOLIDAY_EASTER, 0, 0, NULL },
		{ "easter+1", true, CP_HOLIDAY_EASTER, 1, 0, NULL },
		{ "easter-2", true, CP_HOLIDAY_EASTER, -2, 0, NULL },
		{ "easter+50", true, CP_HOLIDAY_EASTER, 50, 0, NULL },
		{ "easter+101", false, 0, 0, 0, "at most 100" },
		{ "easter 1", false, 0, 0, 0, "easter+N" },
		{ "orthodox-easter+1", true, CP_HOLIDAY_ORTHODOX_EASTER, 1, 0, NULL },
		{ "orthodox-easter", true, CP_HOLIDAY_ORTHODOX_EASTER, 0, 0, NULL },
		{ "orthodox-easter*2", false, 0, 0, 0, "orthodox-easter+N" },
		{ "islamic:10-01", true, CP_HOLIDAY_ISLAMIC, 10, 1, NULL },
		{ "islamic:12-10", true, CP_HOLIDAY_ISLAMIC, 12, 10, NULL },
		{ "islamic:09-30", true, CP_HOLIDAY_ISLAMIC, 9, 30, NULL },
		{ "islamic:09-31", false, 0, 0, 0, "no such Hijri date 09-31" },
		{ "islamic:13-01", false, 0, 0, 0, "no such Hijri date 13-01" },
		{ "islamic:10", false, 0, 0, 0, "islamic:MM-DD" },
		{ "2024-12-23", true, CP_HOLIDAY_DATE, 0, 0, NULL },
		{ "2024-02-30", false, 0, 0, 0, "no such date" },
		{ "1500-01-01", false, 0, 0, 0, "year 1500" },
		{ "", false, 0, 0, 0, "expected MM-DD" },
		{ "christmas", false, 0, 0, 0, "expected MM-DD, YYYY-MM-DD" },
	};
	char why[160];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cp_holiday_rule r = { .kind = CP_HOLIDAY_FIXED, .month = 99 };
		why[0] = '\0';
		bool ok = cp_holiday_rule_parse(cases[i].text, &r, why, sizeof(why));
		CHECK(ok == cases[i].ok, "rule \"%s\": %s", cases[i].text, why);
		if (!ok) {
			CHECK(r.month == 99, "rule \"%s\": output untouched on failure", cases[i].text);
			CHECK(strstr(why, cases[i].why) != NULL, "rule \"%s\": why \"%s\" should say \"%s\"",
			      cases[i].text, why, cases[i].why);
			continue;
		}
		CHECK_INT(r.kind, cases[i].kind, "rule \"%s\" kind", cases[i].text);
		if (r.kind == CP_HOLIDAY_FIXED || r.kind == CP_HOLIDAY_ISLAMIC) {
			CHECK_INT(r.month, cases[i].a, "rule \"%s\" month", cases[i].text);
			CHECK_INT(r.day, cases[i].b, "rule \"%s\" day", cases[i].text);
		} else if (r.kind == CP_HOLIDAY_DATE) {
			CHECK_INT(r.date, tt_day(2024, 12, 23), "rule \"%s\" date", cases[i].text);
		} else {
			CHECK_INT(r.offset, cases[i].a, "rule \"%s\" offset", cases[i].text);
		}
	}
}

static void
test_json_errors(void)
{
	static const struct {
		const char *text;
		const char *needle[3];
	} cases[] = {
		{ "", { "x.json:1:1", "not valid JSON" } },
		{ "{\"calendar\": \"BE\", \"holidays\": [", { "x.json:1:", "ends too early" } },
		{ "[]", { "x.json: /: expected an object, found an array" } },
		{ "{\"holidays\": []}", { "missing field \"calendar\"" } },
		{ "{\"calendar\": \"be\", \"holidays\": []}", { "/calendar", "\"be\"", "A-Z" } },
		{ "{\"calendar\": \"BE\"}", { "missing field \"holidays\"" } },
		{ "{\"calendar\": \"BE\", \"holidays\": {}}", { "/holidays", "expected an array" } },
		{ "{\"calendar\": \"BE\", \"holiday\": []}", { "unknown field \"holiday\"" } },
		{ "{\"calendar\": \"BE\", \"calendar\": \"MA\", \"holidays\": []}", { "appears twice" } },
		{ "{\"calendar\": \"BE\", \"holidays\": [{\"key\": \"k\", \"name\": \"K\", \"rule\": \"05-01\", "
		  "\"announced\": [{\"year\": 2024, \"from\": \"2024-05-02\"}]}]}",
		  { "/holidays/0/announced/0", "missing field \"source\"" } },
		{ "{\"calendar\": \"BE\", \"holidays\": [{\"key\": \"k\", \"name\": \"K\", \"rule\": \"05-01\", "
		  "\"announced\": [{\"year\": 2024, \"from\": \"2024-05-02\", \"to\": \"2024-05-01\", "
		  "\"source\": \"s\"}]}]}",
		  { "/holidays/0/announced/0/to", "expected a date from \"from\"" } },
		{ "{\"calendar\": \"BE\", \"holidays\": [{\"key\": \"k\", \"name\": \"K\", \"rule\": \"05-01\", "
		  "\"announced\": [{\"year\": 2024, \"from\": \"2024-05-02\", \"source\": \"s\"}, "
		  "{\"year\": 2024, \"from\": \"2024-05-03\", \"source\": \"s\"}]}]}",
		  { "year 2024 announced twice" } },
		{ "{\"calendar\": \"BE\", \"holidays\": [{\"key\": \"x\", \"name\": \"X\", \"rule\": \"easter+x\"}]}",
		  { "/holidays/0/rule", "\"easter+x\"", "easter+N" } },
		{ "{\"calendar\": \"BE\", \"holidays\": [{\"key\": \"x\", \"name\": \"X\", \"rule\": \"01-01\"},"
		  " {\"key\": \"y\", \"name\": \"Y\", \"rule\": \"islamic:10-01\", \"days\": 2.5}]}",
		  { "/holidays/1/days", "2.5", "whole number from 1 to 60" } },
		{ "{\"calendar\": \"BE\", \"holidays\": [{\"key\": \"x\", \"name\": \"X\", \"rule\": 11}]}",
		  { "/holidays/0/rule", "expected a string, found a number" } },
		{ "{\"calendar\": \"BE\", \"holidays\": [{\"key\": \"x\", \"rule\": \"11-11\"}]}",
		  { "/holidays/0", "missing field \"name\"" } },
		{ "{\"calendar\": \"BE\", \"holidays\": [{\"key\": \"x\", \"name\": \"X\", \"rule\": \"11-11\", \"since\": 2025, \"until\": 2024}]}",
		  { "/holidays/0/until", "before \"since\"" } },
		{ "{\"calendar\": \"BE\", \"holidays\": [{\"key\": \"Easter Monday\", \"name\": \"X\", \"rule\": \"easter+1\"}]}",
		  { "/holidays/0", "key must be" } },
		{ "{\"calendar\": \"BE\", \"holidays\": [{\"key\": \"x\", \"name\": \"X\", \"rule\": \"11-11\", \"colour\": \"red\"}]}",
		  { "/holidays/0", "unknown field \"colour\"" } },
		{ "{\"calendar\": \"BE\", \"holidays\": []} {}", { "x.json:1:", "after the JSON value" } },
		{ "{\"calendar\": \"BE\", \"holidays\": [{\"key\": \"x\", \"name\": \"\\u00e9\\u0000\", \"rule\": \"\\u0001\"}]}",
		  { "/holidays/0/rule", "\\x01" } },
	};
	struct cp_error err;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cp_holiday_calendar *cal =
			cp_holidays_json_parse(cases[i].text, strlen(cases[i].text), "x.json", &err);
		CHECK(cal == NULL, "case %zu must fail", i);
		cp_holidays_destroy(cal);
		CHECK(err.status == CP_ERR_INVALID && err.code == CP_HOLIDAYS_ERR_FORMAT,
		      "case %zu: status %d, kind %d (%s)", i, err.status, err.code, err.message);
		/* The place is a field: the JSON Pointer the message names. */
		const char *where = cases[i].needle[0];
		if (where[0] == '/')
			CHECK(strncmp(err.pointer, where, strlen(where)) == 0 &&
				      strstr(err.message, err.pointer) != NULL,
			      "case %zu: pointer \"%s\", want \"%s\"", i, err.pointer, where);
		else if (strstr(where, ".json:1"))
			CHECK(err.pointer[0] == '\0', "case %zu: not JSON, no pointer: %s", i,
			      err.pointer);
		else
			CHECK(err.pointer[0] == '/' && strstr(err.message, err.pointer) != NULL,
			      "case %zu: pointer \"%s\" named in the message", i, err.pointer);
		for (int k = 0; k < 3 && cases[i].needle[k]; k++)
			CHECK(strstr(err.message, cases[i].needle[k]) != NULL,
			      "case %zu: \"%s\" should contain \"%s\"", i, err.message,
			      cases[i].needle[k]);
	}
	/* A minimal valid file, not NUL-terminated. */
	const char ok[] = "{\"calendar\": \"X-1\", \"name\": \"Test\", \"holidays\": "
			  "[{\"key\": \"a\", \"name\": \"A\", \"rule\": \"2024-12-23\", \"days\": 10}]}xx";
	struct cp_holiday_calendar *cal = cp_holidays_json_parse(ok, sizeof(ok) - 3, "ok.json", &err);
	CHECK(cal != NULL, "valid file: %s", cal ? "" : err.message);
	if (cal) {
		CHECK_INT(cp_holidays_rule_count(cal), 1, "one rule");
		CHECK_INT(cp_holidays_rule(cal, 0)->days, 10, "days");
		CHECK_INT(cp_holidays_rule(cal, 0)->date, tt_day(2024, 12, 23), "date");
	}
	cp_holidays_destroy(cal);

	CHECK(cp_holidays_json_load_id(HOLIDAYS_DIR, "../BE", &err) == NULL &&
	      err.status == CP_ERR_INVALID && err.code == CP_HOLIDAYS_ERR_INVALID,
	      "id cannot leave the directory");
	CHECK(cp_holidays_json_load_id(HOLIDAYS_DIR, "ZZ", &err) == NULL &&
	      err.status == CP_ERR_IO && err.code == CP_HOLIDAYS_ERR_IO &&
	      strstr(err.message, "ZZ.json"),
	      "missing calendar: %s", err.message);
}

int
main(void)
{
	struct cp_error ierr;
	struct cp_islamic *ic = cp_islamic_create(NULL, &ierr);

	CHECK(ic != NULL, "open islamic-umalqura: %s", ic ? "" : ierr.message);
	if (ic) {
		test_umalqura(ic);
		test_shipped(ic);
	}
	test_rule_parse();
	test_json_errors();
	cp_islamic_destroy(ic);
	cp_icu_cleanup();
	return tt_finish("calendar-islamic");
}
