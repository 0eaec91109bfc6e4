/*
 * The Islamic (Hijri) calendar, from ICU.
 *
 * Ramadan, Eid al-Fitr, Eid al-Adha and the Islamic New Year move about eleven
 * days earlier every Gregorian year. The engine needs their Gregorian dates
 * but must not link ICU, so this module wraps one ICU calendar and hands it
 * to the engine as a struct cp_hijri_calendar (a function pointer and a
 * context, see cohortplan/holidays.h): engine code calls back into ICU
 * without seeing it.
 *
 * Variant: "islamic-umalqura" by default, the Umm al-Qura calendar of Saudi
 * Arabia, which ICU tabulates for 1300..1600 AH (1882..2174 CE) and extends
 * arithmetically outside that range. Also accepted: "islamic-civil",
 * "islamic-tbla" (tabular, civil and astronomical epoch) and "islamic"
 * (ICU's astronomical approximation). None of them is a moon sighting:
 * Morocco, Lebanon and Jordan each announce their own dates and may differ
 * from any computed calendar by a day (see docs/holidays.md).
 *
 * Only calendar arithmetic happens here; ICU's calendars are opened on the
 * zone "UTC" so neither ICU's nor the host's time zone data is involved.
 *
 * Ownership: cp_islamic_create() returns a calendar the caller destroys with
 * cp_islamic_destroy() (NULL is a no-op). The cp_hijri_calendar from
 * cp_islamic_hijri() borrows the calendar and is valid until it is
 * destroyed.
 *
 * Threads: a cp_islamic wraps a UCalendar, which is not thread-safe: use one
 * from one thread at a time (create one per thread if needed).
 */
#ifndef CP_LOCALE_ISLAMIC_H
#define CP_LOCALE_ISLAMIC_H

#include <stdbool.h>
#include <stdint.h>

#include <cohortplan/holidays.h>

#include "icu_tz.h"

#define CP_ISLAMIC_DEFAULT "islamic-umalqura"

struct cp_islamic;

/*
 * Open ICU's Islamic calendar `variant` (NULL for CP_ISLAMIC_DEFAULT).
 * Returns NULL with *err filled: CP_ERR_INVALID for a variant not listed
 * above, CP_ERR_LIBRARY when ICU cannot open it (an ICU
 * without that calendar silently falls back to the Gregorian one; this is
 * detected and reported), CP_ERR_NOMEM.
 */
struct cp_islamic *cp_islamic_create(const char *variant, struct cp_error *err);
void cp_islamic_destroy(struct cp_islamic *cal);

/* The variant's name, e.g. "islamic-umalqura". Borrowed. */
const char *cp_islamic_variant(const struct cp_islamic *cal);

/*
 * Hijri year-month-day (month 1..12, day 1..30) -> day number (days since
 * 1970-01-01, as in tz.h). Returns false, leaving *days untouched, when the
 * date does not exist (day 30 of a 29-day month, month 13) or year is
 * outside 1..9999.
 */
bool cp_islamic_to_days(struct cp_islamic *cal, int32_t year, int month, int day,
			int64_t *days);

/* Day number -> Hijri date. Returns false, leaving the outputs untouched,
 * for days outside Gregorian years 1..9999 or on an ICU error. */
bool cp_islamic_from_days(struct cp_islamic *cal, int64_t days, int32_t *year,
			  int *month, int *day);

/* The calendar as the engine wants it (cohortplan/holidays.h). */
struct cp_hijri_calendar cp_islamic_hijri(struct cp_islamic *cal);

#endif /* CP_LOCALE_ISLAMIC_H */
