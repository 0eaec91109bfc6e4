/*
 * Easter and holiday calendars in the engine, without ICU: Islamic dates
 * come from the tabular (arithmetic) Islamic calendar defined here, which is
 * enough to test expansion logic; the real Umm al-Qura dates are checked in
 * test-calendar-islamic.c.
 */
#include "tz-test.h"

#include <string.h>

#include <cohortplan/holidays.h>

/* ---- the tabular Islamic calendar (civil epoch, 16 July 622 Julian) ---- */

static bool
tabular_leap(int32_t y)
{
	return (14 + 11 * (int64_t)y) % 30 < 11;
}

static int
tabular_month_length(int32_t y, int m)
{
	if (m == 12 && tabular_leap(y))
		return 30;
	return m % 2 ? 30 : 29;
}

static int tabular_calls;

static bool
tabular_to_days(void *ctx, int32_t y, int m, int d, int64_t *out)
{
	(void)ctx;
	tabular_calls++;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > tabular_month_length(y, m))
		return false;
	int64_t jd = d + (59 * (m - 1) + 1) / 2 + (int64_t)(y - 1) * 354 +
		     (3 + 11 * (int64_t)y) / 30 + 1948440 - 1;
	*out = jd - 2440588;
	return true;
}

static const struct cp_hijri_calendar tabular = {
	.to_days = tabular_to_days,
	.name = "tabular",
};

static bool
failing_to_days(void *ctx, int32_t y, int m, int d, int64_t *out)
{
	(void)ctx, (void)y, (void)m, (void)d, (void)out;
	return false;
}

/* ---- Easter --------------------------------------------------------------- */

static void
test_easter(void)
{
	static const struct { int year, wm, wd, om, od; } known[] = {
		/* Western and Orthodox Easter Sunday, from published tables. */
		{ 2023, 4, 9, 4, 16 },
		{ 2024, 3, 31, 5, 5 },
		{ 2025, 4, 20, 4, 20 },
		{ 2026, 4, 5, 4, 12 },
		{ 2027, 3, 28, 5, 2 },
		{ 2000, 4, 23, 4, 30 },
		{ 2008, 3, 23, 4, 27 },
		{ 2038, 4, 25, 4, 25 },
		{ 2100, 3, 28, 5, 2 },
	};
	char a[32], b[32];

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		int64_t w = cp_easter_western(known[i].year);
		int64_t o = cp_easter_orthodox(known[i].year);
		CHECK(w == tt_day(known[i].year, known[i].wm, known[i].wd),
		      "Western Easter %d is %s, expected %d-%02d-%02d", known[i].year,
		      tt_date_str(w, a), known[i].year, known[i].wm, known[i].wd);
		CHECK(o == tt_day(known[i].year, known[i].om, known[i].od),
		      "Orthodox Easter %d is %s, expected %d-%02d-%02d", known[i].year,
		      tt_date_str(o, b), known[i].year, known[i].om, known[i].od);
	}
	/* Properties over many years: a Sunday, in range, Orthodox never
	 * before Western. */
	for (int y = 1900; y <= 2200; y++) {
		int64_t w = cp_easter_western(y), o = cp_easter_orthodox(y);
		CHECK_INT(cp_weekday_from_days(w), 0, "Western Easter %d is a Sunday", y);
		CHECK_INT(cp_weekday_from_days(o), 0, "Orthodox Easter %d is a Sunday", y);
		CHECK(w >= tt_day(y, 3, 22) && w <= tt_day(y, 4, 25),
		      "Western Easter %d in Mar 22..Apr 25", y);
		CHECK(o >= w, "Orthodox Easter %d not before Western", y);
		CHECK(o - w <= 35 && (o - w) % 7 == 0, "Orthodox Easter %d 0..5 weeks later", y);
	}
}

/* ---- calendars -------------------------------------------------------------- */

static size_t
count_key(const struct cp_holiday_list *l, const char *key)
{
	size_t n = 0;
	for (size_t i = 0; i < l->count; i++)
		n += strcmp(l->items[i].key, key) == 0;
	return n;
}

static const struct cp_holiday *
find_key(const struct cp_holiday_list *l, const char *key, int day_index, int year)
{
	for (size_t i = 0; i < l->count; i++) {
		int32_t y;
		int m, d;
		cp_civil_from_days(l->items[i].date, &y, &m, &d);
		if (strcmp(l->items[i].key, key) == 0 && l->items[i].day == day_index && y == year)
			return &l->items[i];
	}
	return NULL;
}

static void
add(struct cp_holiday_calendar *cal, struct cp_holiday_rule r)
{
	struct cp_holidays_error err;
	if (r.days == 0)
		r.days = 1;
	CHECK_INT(cp_holidays_add_rule(cal, &r, &err), CP_HOLIDAYS_OK, "add %s: %s", r.key,
		  err.message);
}

static void
test_expand(void)
{
	struct cp_holiday_calendar *cal = cp_holidays_create("XX");
	struct cp_holidays_error err;
	struct cp_holiday_list l;
	const struct cp_holiday *h;
	char a[32];

	CHECK(cal != NULL, "create");
	CHECK(cp_holidays_create("") == NULL, "empty id refused");
	CHECK_STR(cp_holidays_id(cal), "XX", "id");
	CHECK_STR(cp_holidays_name(cal), "XX", "name defaults to id");
	add(cal, (struct cp_holiday_rule){ .kind = CP_HOLIDAY_FIXED, .month = 11, .day = 11,
					   .key = "armistice", .name = "Armistice Day" });
	add(cal, (struct cp_holiday_rule){ .kind = CP_HOLIDAY_EASTER, .offset = 1,
					   .key = "easter_monday", .name = "Easter Monday" });
	add(cal, (struct cp_holiday_rule){ .kind = CP_HOLIDAY_ORTHODOX_EASTER, .offset = -2,
					   .key = "orthodox_good_friday", .name = "Good Friday" });
	add(cal, (struct cp_holiday_rule){ .kind = CP_HOLIDAY_FIXED, .month = 2, .day = 29,
					   .key = "leap_day", .name = "Leap day" });
	add(cal, (struct cp_holiday_rule){ .kind = CP_HOLIDAY_FIXED, .month = 12, .day = 24,
					   .days = 14, .key = "christmas_break",
					   .name = "Christmas break" });
	add(cal, (struct cp_holiday_rule){ .kind = CP_HOLIDAY_FIXED, .month = 1, .day = 14,
					   .first_year = 2024, .key = "since_2024",
					   .name = "Since 2024" });
	add(cal, (struct cp_holiday_rule){ .kind = CP_HOLIDAY_FIXED, .month = 2, .day = 14,
					   .last_year = 2023, .key = "until_2023",
					   .name = "Until 2023" });
	add(cal, (struct cp_holiday_rule){ .kind = CP_HOLIDAY_ISLAMIC, .month = 1, .day = 1,
					   .key = "islamic_new_year", .name = "Islamic New Year" });
	add(cal, (struct cp_holiday_rule){ .kind = CP_HOLIDAY_ISLAMIC, .month = 10, .day = 1,
					   .days = 3, .key = "eid_al_fitr", .name = "Eid al-Fitr" });
	CHECK_INT(cp_holidays_add_date(cal, tt_day(2024, 4, 25), 2, "strike", NULL, &err),
		  CP_HOLIDAYS_OK, "planner's date: %s", err.message);
	CHECK_INT(cp_holidays_rule_count(cal), 10, "rules");
	CHECK_STR(cp_holidays_rule(cal, 9)->name, "strike", "name defaults to key");
	CHECK(cp_holidays_rule(cal, 10) == NULL, "rule out of range");

	cp_holiday_list_init(&l);
	CHECK_INT(cp_holidays_expand(cal, 2023, 2024, NULL, &l, &err), CP_HOLIDAYS_ERR_NO_HIJRI,
		  "Islamic rules need a Hijri calendar");
	CHECK(strstr(err.message, "islamic_new_year") != NULL, "message names the rule: %s",
	      err.message);
	CHECK_INT(l.count, 0, "list untouched on error");

	CHECK_INT(cp_holidays_expand(cal, 2024, 2024, &tabular, &l, &err), CP_HOLIDAYS_OK,
		  "expand 2024: %s", err.message);
	h = cp_holiday_list_find(&l, tt_day(2024, 4, 1));
	CHECK(h && strcmp(h->key, "easter_monday") == 0, "Easter Monday 2024-04-01");
	CHECK(h && strcmp(h->calendar, "XX") == 0 && h->kind == CP_HOLIDAY_EASTER, "its fields");
	h = cp_holiday_list_find(&l, tt_day(2024, 5, 3));
	CHECK(h && strcmp(h->key, "orthodox_good_friday") == 0, "Orthodox Good Friday 2024-05-03");
	CHECK(cp_holiday_list_find(&l, tt_day(2024, 2, 29)) != NULL, "02-29 in 2024");
	CHECK(cp_holiday_list_find(&l, tt_day(2024, 11, 11)) != NULL, "11-11");
	CHECK(cp_holiday_list_find(&l, tt_day(2024, 11, 12)) == NULL, "not 11-12");
	CHECK_INT(count_key(&l, "christmas_break"), 8 + 6,
		  "break: 2023-12-24's spill-over (Jan 1..6) plus Dec 24..31");
	h = find_key(&l, "christmas_break", 9, 2024);
	CHECK(h && h->date == tt_day(2024, 1, 1) && h->days == 14, "day 9 of the break is Jan 1");
	CHECK_INT(count_key(&l, "since_2024"), 1, "since 2024: in 2024");
	CHECK_INT(count_key(&l, "until_2023"), 0, "until 2023: not in 2024");
	CHECK_INT(count_key(&l, "islamic_new_year"), 1, "one 1 Muharram in 2024");
	CHECK_INT(count_key(&l, "eid_al_fitr"), 3, "three days of Eid in 2024");
	CHECK_INT(count_key(&l, "strike"), 2, "planner's two days");
	for (size_t i = 1; i < l.count; i++)
		CHECK(l.items[i - 1].date <= l.items[i].date, "sorted by date");
	CHECK(cp_holiday_list_find(&l, tt_day(2024, 4, 25)) &&
	      cp_holiday_list_find(&l, tt_day(2024, 4, 26)), "planner's dates found");

	/* Expanding into the same list appends and keeps it sorted. */
	size_t before = l.count;
	CHECK_INT(cp_holidays_expand(cal, 2023, 2023, &tabular, &l, &err), CP_HOLIDAYS_OK,
		  "expand 2023");
	CHECK(l.count > before, "appended");
	for (size_t i = 1; i < l.count; i++)
		CHECK(l.items[i - 1].date <= l.items[i].date, "still sorted");
	cp_holiday_list_finish(&l);

	/* 1 Muharram falls twice in 2008 (Hijri years are 354/355 days). */
	cp_holiday_list_init(&l);
	CHECK_INT(cp_holidays_expand(cal, 2008, 2008, &tabular, &l, &err), CP_HOLIDAYS_OK, "2008");
	CHECK_INT(count_key(&l, "islamic_new_year"), 2, "two Islamic New Years in 2008");
	CHECK_INT(count_key(&l, "leap_day"), 1, "2008 is a leap year");
	cp_holiday_list_finish(&l);
	cp_holiday_list_init(&l);
	CHECK_INT(cp_holidays_expand(cal, 2023, 2023, &tabular, &l, &err), CP_HOLIDAYS_OK, "2023");
	CHECK_INT(count_key(&l, "leap_day"), 0, "no 02-29 in 2023");
	CHECK_INT(count_key(&l, "until_2023"), 1, "until 2023: in 2023");
	CHECK_INT(count_key(&l, "since_2024"), 0, "since 2024: not in 2023");
	cp_holiday_list_finish(&l);

	/* A converter that fails is an error naming the calendar. */
	struct cp_hijri_calendar broken = { .to_days = failing_to_days, .name = "broken" };
	cp_holiday_list_init(&l);
	CHECK_INT(cp_holidays_expand(cal, 2024, 2024, &broken, &l, &err), CP_HOLIDAYS_ERR_HIJRI,
		  "failing converter");
	CHECK(strstr(err.message, "broken") != NULL, "names the converter: %s", err.message);
	CHECK_INT(l.count, 0, "list untouched");
	CHECK_INT(cp_holidays_expand(cal, 2024, 2023, &tabular, &l, &err), CP_HOLIDAYS_ERR_INVALID,
		  "from > to");
	CHECK_INT(cp_holidays_expand(cal, 1000, 2023, &tabular, &l, &err), CP_HOLIDAYS_ERR_INVALID,
		  "year 1000");
	cp_holiday_list_finish(&l);
	cp_holiday_list_finish(&l);
	cp_holiday_list_finish(NULL);
	(void)a;
	cp_holidays_destroy(cal);
	cp_holidays_destroy(NULL);
}

static void
test_invalid_rules(void)
{
	static const struct {
		struct cp_holiday_rule rule;
		const char *needle;
	} bad[] = {
		{ { .kind = CP_HOLIDAY_FIXED, .month = 2, .day = 30, .days = 1, .key = "a", .name = "A" }, "02-30" },
		{ { .kind = CP_HOLIDAY_FIXED, .month = 13, .day = 1, .days = 1, .key = "a", .name = "A" }, "13-01" },
		{ { .kind = CP_HOLIDAY_ISLAMIC, .month = 9, .day = 31, .days = 1, .key = "a", .name = "A" }, "09-31" },
		{ { .kind = CP_HOLIDAY_EASTER, .offset = 200, .days = 1, .key = "a", .name = "A" }, "200" },
		{ { .kind = CP_HOLIDAY_FIXED, .month = 1, .day = 1, .days = 0, .key = "a", .name = "A" }, "0 days" },
		{ { .kind = CP_HOLIDAY_FIXED, .month = 1, .day = 1, .days = 61, .key = "a", .name = "A" }, "61 days" },
		{ { .kind = CP_HOLIDAY_FIXED, .month = 1, .day = 1, .days = 1, .key = "Bad Key", .name = "A" }, "key" },
		{ { .kind = CP_HOLIDAY_FIXED, .month = 1, .day = 1, .days = 1, .key = NULL, .name = "A" }, "key" },
		{ { .kind = CP_HOLIDAY_FIXED, .month = 1, .day = 1, .days = 1, .key = "a", .name = "" }, "empty name" },
		{ { .kind = CP_HOLIDAY_FIXED, .month = 1, .day = 1, .days = 1, .key = "a", .name = "A",
		    .first_year = 2025, .last_year = 2024 }, "after last year" },
		{ { .kind = CP_HOLIDAY_DATE, .date = -200000, .days = 1, .key = "a", .name = "A" }, "outside" },
		{ { .kind = (enum cp_holiday_kind)42, .days = 1, .key = "a", .name = "A" }, "unknown rule kind" },
	};
	struct cp_holiday_calendar *cal = cp_holidays_create("XX");
	struct cp_holidays_error err;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_INT(cp_holidays_add_rule(cal, &bad[i].rule, &err), CP_HOLIDAYS_ERR_INVALID,
			  "bad rule %zu", i);
		CHECK(strstr(err.message, bad[i].needle) != NULL,
		      "bad rule %zu: message \"%s\" should mention \"%s\"", i, err.message,
		      bad[i].needle);
		CHECK(strstr(err.message, "XX") != NULL, "bad rule %zu names the calendar", i);
	}
	CHECK_INT(cp_holidays_rule_count(cal), 0, "nothing added");
	CHECK_INT(cp_holidays_add_date(cal, tt_day(2024, 1, 1), 0, "x", "X", &err),
		  CP_HOLIDAYS_ERR_INVALID, "zero-day date");
	CHECK_STR(cp_holidays_strerror(CP_HOLIDAYS_ERR_NO_HIJRI), "no Islamic calendar available",
		  "strerror");
	CHECK_STR(cp_holiday_kind_name(CP_HOLIDAY_ORTHODOX_EASTER), "orthodox-easter", "kind name");
	cp_holidays_destroy(cal);
}

static void
test_hijri_months(void)
{
	struct cp_hijri_month m[4];
	struct cp_holidays_error err;
	size_t n;

	for (int y = 1990; y <= 2060; y++) {
		CHECK_INT(cp_hijri_months(&tabular, CP_HIJRI_RAMADAN, y, y, m, 4, &n, &err),
			  CP_HOLIDAYS_OK, "Ramadan %d", y);
		CHECK(n == 1 || n == 2, "Ramadan overlaps %d once or twice (%zu)", y, n);
		for (size_t i = 0; i < n && i < 4; i++) {
			CHECK(m[i].end - m[i].first == 29 || m[i].end - m[i].first == 30,
			      "Ramadan %d AH lasts 29 or 30 days", (int)m[i].hijri_year);
			CHECK(m[i].end > tt_day(y, 1, 1) && m[i].first < tt_day(y + 1, 1, 1),
			      "Ramadan %d AH overlaps %d", (int)m[i].hijri_year, y);
			CHECK_INT(m[i].month, 9, "month");
			if (i)
				CHECK_INT(m[i].hijri_year, m[i - 1].hijri_year + 1, "consecutive years");
		}
	}
	/* Sizing call. */
	CHECK_INT(cp_hijri_months(&tabular, 12, 2000, 2030, NULL, 0, &n, &err), CP_HOLIDAYS_OK,
		  "count only");
	CHECK(n >= 31 && n <= 33, "Dhu al-Hijjah about 32 times in 31 years (%zu)", n);
	CHECK_INT(cp_hijri_months(&tabular, 13, 2000, 2030, NULL, 0, &n, &err),
		  CP_HOLIDAYS_ERR_INVALID, "month 13");
	CHECK_INT(cp_hijri_months(NULL, 9, 2000, 2030, NULL, 0, &n, &err), CP_HOLIDAYS_ERR_NO_HIJRI,
		  "no calendar");
}

int
main(void)
{
	test_easter();
	test_expand();
	test_invalid_rules();
	test_hijri_months();
	return tt_finish("calendar-holidays");
}
