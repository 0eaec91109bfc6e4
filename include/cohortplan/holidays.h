/*
 * Public holidays and the Islamic calendar dates planners work around.
 *
 * A holiday calendar (cp_holiday_calendar, e.g. "BE", "MA", "LB", "JO") is a
 * list of rules: fixed Gregorian dates (11 November), dates relative to
 * Western or Orthodox Easter (Easter Monday), dates in the Islamic (Hijri)
 * calendar (1 Shawwal, Eid al-Fitr) and one-off dates a planner adds (a
 * Christmas break, a strike day). Expanding a calendar over a range of
 * Gregorian years gives one cp_holiday per holiday day.
 *
 * The shipped calendars are data files (data/holidays/XX.json, read by
 * api/formats/holidays_json.h); this module knows no file formats.
 *
 * Islamic dates: the engine does not link ICU (only api/locale/ does), so the
 * Hijri -> Gregorian conversion comes in as a cp_hijri_calendar, a function
 * pointer plus context. api/locale/islamic.h provides one backed by ICU's
 * "islamic-umalqura" calendar. Rules that need it fail with
 * CP_HOLIDAYS_ERR_NO_HIJRI when none is given. Real observance follows moon
 * sighting and may differ from the computed date by a day per country; see
 * docs/holidays.md.
 *
 * Dates are day numbers: days since 1970-01-01 in the proleptic Gregorian
 * calendar, as cp_days_from_civil() in tz.h computes them. Holidays are whole
 * local days; which zone's midnight bounds them is the caller's business.
 *
 * Ownership: cp_holidays_create() returns a calendar the caller frees with
 * cp_holidays_destroy() (NULL is a no-op). Rules added to it are copied,
 * strings included. The strings a cp_holiday points to (key, name, calendar
 * id) are borrowed from the calendar that produced it and stay valid until
 * that calendar is destroyed. A cp_holiday_list is a plain struct embedded by
 * the caller: cp_holiday_list_init() / cp_holiday_list_finish() (finish(NULL)
 * is a no-op). No function prints or exits; errors are returned as a status
 * with a message in a caller-owned cp_holidays_error (which may be NULL).
 */
#ifndef COHORTPLAN_HOLIDAYS_H
#define COHORTPLAN_HOLIDAYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cp_holidays_status {
	CP_HOLIDAYS_OK = 0,
	CP_HOLIDAYS_ERR_NOMEM,
	CP_HOLIDAYS_ERR_INVALID,   /* a rule or argument is out of range */
	CP_HOLIDAYS_ERR_NO_HIJRI,  /* an Islamic rule but no cp_hijri_calendar */
	CP_HOLIDAYS_ERR_HIJRI,     /* the Hijri conversion failed */
	CP_HOLIDAYS_ERR_FORMAT,    /* a holiday data file is malformed (api/) */
	CP_HOLIDAYS_ERR_IO,        /* a holiday data file is unreadable (api/) */
};

struct cp_holidays_error {
	enum cp_holidays_status status;
	char message[320]; /* names the calendar, rule or file and the bad value */
};

/* Static English name of a status. */
const char *cp_holidays_strerror(enum cp_holidays_status status);

/* ---- Easter ------------------------------------------------------------- */

/* Western (Gregorian computus) Easter Sunday of a Gregorian year, as a day
 * number. Valid for years 1583..9999. */
int64_t cp_easter_western(int32_t year);

/* Orthodox (Julian computus) Easter Sunday of a Gregorian year, converted to
 * a Gregorian day number. Valid for years 1583..9999. */
int64_t cp_easter_orthodox(int32_t year);

/* ---- the Islamic calendar, supplied by the caller ------------------------ */

struct cp_hijri_calendar {
	/*
	 * Store in *days the day number of Hijri date year-month-day (month
	 * 1..12, day 1..30) and return true; return false when that date does
	 * not exist (day 30 of a 29-day month) or is outside the calendar's
	 * range. Must not print. Called from the thread that expands.
	 */
	bool (*to_days)(void *ctx, int32_t year, int month, int day, int64_t *days);
	void *ctx;
	const char *name; /* for messages, e.g. "islamic-umalqura" */
};

/* Hijri months, for the names in messages and tests. */
enum {
	CP_HIJRI_MUHARRAM = 1,
	CP_HIJRI_RABI_AL_AWWAL = 3,
	CP_HIJRI_RAJAB = 7,
	CP_HIJRI_RAMADAN = 9,
	CP_HIJRI_SHAWWAL = 10,
	CP_HIJRI_DHU_AL_HIJJAH = 12,
};

/* A whole Hijri month in day numbers: [first, end). */
struct cp_hijri_month {
	int32_t hijri_year;
	int month;
	int64_t first; /* day number of day 1 */
	int64_t end;   /* day number of day 1 of the next month (exclusive) */
};

/*
 * Every occurrence of Hijri month `month` (1..12) that overlaps the Gregorian
 * years year_from..year_to (inclusive), in order. Writes at most cap of them
 * to out (out may be NULL when cap is 0) and stores the total in *count, so a
 * first call can size the buffer; a Gregorian year overlaps one or two
 * occurrences of any Hijri month. For the Ramadan rule:
 * month = CP_HIJRI_RAMADAN. Returns CP_HOLIDAYS_OK, ERR_INVALID (bad month or
 * years outside 1600..9000 or from > to), ERR_NO_HIJRI or ERR_HIJRI.
 */
enum cp_holidays_status cp_hijri_months(const struct cp_hijri_calendar *hijri, int month,
					int32_t year_from, int32_t year_to,
					struct cp_hijri_month *out, size_t cap, size_t *count,
					struct cp_holidays_error *err);

/* ---- rules and calendars ------------------------------------------------ */

enum cp_holiday_kind {
	CP_HOLIDAY_FIXED = 0,       /* every year on Gregorian month-day */
	CP_HOLIDAY_DATE,            /* once, on `date` */
	CP_HOLIDAY_EASTER,          /* Western Easter Sunday + offset days */
	CP_HOLIDAY_ORTHODOX_EASTER, /* Orthodox Easter Sunday + offset days */
	CP_HOLIDAY_ISLAMIC,         /* every Hijri year on Hijri month-day */
};

/* Static lower-case name of a kind: "fixed", "date", "easter",
 * "orthodox-easter", "islamic". */
const char *cp_holiday_kind_name(enum cp_holiday_kind kind);

#define CP_HOLIDAY_MAX_DAYS 60

struct cp_holiday_rule {
	enum cp_holiday_kind kind;
	int month;        /* FIXED: 1..12; ISLAMIC: 1..12 (Hijri) */
	int day;          /* FIXED: 1..31 (02-29 only in leap years); ISLAMIC: 1..30 */
	int offset;       /* EASTER kinds: days after Easter Sunday, -100..100 */
	int64_t date;     /* DATE: day number */
	int days;         /* length in days, 1..CP_HOLIDAY_MAX_DAYS */
	/* Gregorian years (of the first day) the rule applies in, inclusive;
	 * 0 means unbounded. Countries add and drop holidays. */
	int32_t first_year;
	int32_t last_year;
	const char *key;  /* stable identifier for translations: [a-z0-9_]+ */
	const char *name; /* English display name, non-empty */
	/* Dates a government announced, which replace the computed occurrence
	 * of the same Gregorian year (the year of the computed first day):
	 * Islamic holidays follow moon sighting, and countries announce closures
	 * longer than the feast (Eid al-Fitr 2024: Jordan 9-12 April). Years
	 * are distinct; copied by cp_holidays_add_rule(). */
	size_t n_announced;
	const struct cp_holiday_announced *announced;
};

/* One announced occurrence: `days` days from day number `date`. */
struct cp_holiday_announced {
	int32_t year;
	int64_t date;
	int days;         /* 1..CP_HOLIDAY_MAX_DAYS */
};

#define CP_HOLIDAY_MAX_ANNOUNCED 64

struct cp_holiday_calendar;

/* A new, empty calendar with identifier id (e.g. "BE", non-empty, copied).
 * Returns NULL when out of memory or id is NULL or empty. */
struct cp_holiday_calendar *cp_holidays_create(const char *id);
void cp_holidays_destroy(struct cp_holiday_calendar *cal);

/* The calendar's identifier and optional display name. Borrowed. */
const char *cp_holidays_id(const struct cp_holiday_calendar *cal);
const char *cp_holidays_name(const struct cp_holiday_calendar *cal);
/* Set the display name (copied). Returns CP_HOLIDAYS_OK or ERR_NOMEM. */
enum cp_holidays_status cp_holidays_set_name(struct cp_holiday_calendar *cal,
					     const char *name);

/*
 * Add a rule (copied, strings included) after checking every field for the
 * rule's kind. Returns CP_HOLIDAYS_OK, ERR_INVALID (with a message naming the
 * field and value) or ERR_NOMEM; on error the calendar is unchanged.
 */
enum cp_holidays_status cp_holidays_add_rule(struct cp_holiday_calendar *cal,
					     const struct cp_holiday_rule *rule,
					     struct cp_holidays_error *err);

/*
 * A planner's own date: `days` days (1..CP_HOLIDAY_MAX_DAYS) from day number
 * `date`. Shorthand for a CP_HOLIDAY_DATE rule. key and name as for rules;
 * name may be NULL to reuse the key.
 */
enum cp_holidays_status cp_holidays_add_date(struct cp_holiday_calendar *cal,
					     int64_t date, int days,
					     const char *key, const char *name,
					     struct cp_holidays_error *err);

/* Number of rules and the i-th rule (borrowed, valid until the next
 * cp_holidays_add_*() call). */
size_t cp_holidays_rule_count(const struct cp_holiday_calendar *cal);
const struct cp_holiday_rule *cp_holidays_rule(const struct cp_holiday_calendar *cal,
					       size_t i);

/* ---- expansion ---------------------------------------------------------- */

/* One day off. */
struct cp_holiday {
	int64_t date;             /* day number */
	const char *key;          /* borrowed from the calendar */
	const char *name;         /* borrowed from the calendar */
	const char *calendar;     /* the calendar's id, borrowed */
	enum cp_holiday_kind kind;
	int day;                  /* 1-based day within a multi-day holiday */
	int days;                 /* the holiday's length */
};

struct cp_holiday_list {
	struct cp_holiday *items; /* sorted by date, then calendar, key, day */
	size_t count;
	size_t cap;
};

void cp_holiday_list_init(struct cp_holiday_list *list);
void cp_holiday_list_finish(struct cp_holiday_list *list);

/*
 * Append to out every holiday day of cal whose date falls in the Gregorian
 * years year_from..year_to (inclusive, 1600..9000), then sort out. Several
 * calendars can be expanded into one list (a teacher's BE plus a personal
 * calendar); a date may then appear more than once, once per holiday.
 * Multi-day holidays that start in year_from - 1 and spill into year_from are
 * included from year_from on. hijri may be NULL when the calendar has no
 * Islamic rule. On error out keeps what it had before the call.
 * Returns CP_HOLIDAYS_OK, ERR_INVALID (years), ERR_NO_HIJRI, ERR_HIJRI or
 * ERR_NOMEM.
 */
enum cp_holidays_status cp_holidays_expand(const struct cp_holiday_calendar *cal,
					   int32_t year_from, int32_t year_to,
					   const struct cp_hijri_calendar *hijri,
					   struct cp_holiday_list *out,
					   struct cp_holidays_error *err);

/* The first holiday on day number `date` in a sorted list, or NULL (binary
 * search). Borrowed. Further holidays on the same date follow it. */
const struct cp_holiday *cp_holiday_list_find(const struct cp_holiday_list *list,
					      int64_t date);

#endif /* COHORTPLAN_HOLIDAYS_H */
