/*
 * ICU's Islamic calendars (see islamic.h).
 */
#include "islamic.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>
#include <unicode/ustring.h>

#include "common/error.h"

#define MS_PER_DAY 86400000.0

struct cp_islamic {
	UCalendar *cal;
	char variant[32];
};

static const char *const variants[] = {
	"islamic-umalqura", "islamic-civil", "islamic-tbla", "islamic",
};

struct cp_islamic *
cp_islamic_create(const char *variant, struct cp_error *err)
{
	static const UChar utc[] = { 'U', 'T', 'C', 0 };
	const char *v = variant ? variant : CP_ISLAMIC_DEFAULT;
	bool listed = false;
	char locale[64];
	UErrorCode st = U_ZERO_ERROR;
	struct cp_islamic *ic;
	const char *type;

	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++)
		listed = listed || strcmp(v, variants[i]) == 0;
	if (!listed) {
		cp_error_set(err, CP_ERR_INVALID,
			     "unknown Islamic calendar \"%.40s\" (expected islamic-umalqura, "
			     "islamic-civil, islamic-tbla or islamic)", v);
		return NULL;
	}
	if (!cp_icu_init(err))
		return NULL;
	ic = calloc(1, sizeof(*ic));
	if (!ic) {
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
		return NULL;
	}
	snprintf(ic->variant, sizeof(ic->variant), "%s", v);
	snprintf(locale, sizeof(locale), "@calendar=%s", v);
	ic->cal = ucal_open(utc, -1, locale, UCAL_DEFAULT, &st);
	if (U_FAILURE(st)) {
		cp_error_set(err, CP_ERR_LIBRARY, "ICU cannot open calendar %s: %s", v,
			     u_errorName(st));
		cp_islamic_destroy(ic);
		return NULL;
	}
	/* An ICU built without this calendar hands out a Gregorian one
	 * instead of failing; every date would then be silently wrong. */
	st = U_ZERO_ERROR;
	type = ucal_getType(ic->cal, &st);
	if (U_FAILURE(st) || !type || strcmp(type, v) != 0) {
		cp_error_set(err, CP_ERR_LIBRARY, "ICU has no %s calendar (it offered %s)", v,
			     type ? type : u_errorName(st));
		cp_islamic_destroy(ic);
		return NULL;
	}
	/* Day 30 of a 29-day month must be an error, not 1 of the next. */
	ucal_setAttribute(ic->cal, UCAL_LENIENT, 0);
	return ic;
}

void
cp_islamic_destroy(struct cp_islamic *ic)
{
	if (!ic)
		return;
	if (ic->cal)
		ucal_close(ic->cal);
	free(ic);
}

const char *
cp_islamic_variant(const struct cp_islamic *ic)
{
	return ic->variant;
}

bool
cp_islamic_to_days(struct cp_islamic *ic, int32_t year, int month, int day, int64_t *days)
{
	UErrorCode st = U_ZERO_ERROR;
	UDate ms;

	if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 30)
		return false;
	ucal_clear(ic->cal);
	ucal_setDate(ic->cal, year, month - 1, day, &st);
	if (U_FAILURE(st))
		return false;
	ms = ucal_getMillis(ic->cal, &st);
	if (U_FAILURE(st))
		return false;
	*days = (int64_t)floor(ms / MS_PER_DAY);
	return true;
}

bool
cp_islamic_from_days(struct cp_islamic *ic, int64_t days, int32_t *year, int *month, int *day)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t y, m, d;

	/* 0001-01-01 .. 9999-12-31 */
	if (days < -719162 || days > 2932896)
		return false;
	ucal_clear(ic->cal);
	ucal_setMillis(ic->cal, (UDate)days * MS_PER_DAY, &st);
	y = ucal_get(ic->cal, UCAL_EXTENDED_YEAR, &st);
	m = ucal_get(ic->cal, UCAL_MONTH, &st);
	d = ucal_get(ic->cal, UCAL_DATE, &st);
	if (U_FAILURE(st))
		return false;
	*year = y;
	*month = m + 1;
	*day = d;
	return true;
}

static bool
hijri_to_days(void *ctx, int32_t year, int month, int day, int64_t *days)
{
	return cp_islamic_to_days(ctx, year, month, day, days);
}

struct cp_hijri_calendar
cp_islamic_hijri(struct cp_islamic *ic)
{
	struct cp_hijri_calendar h = {
		.to_days = hijri_to_days,
		.ctx = ic,
		.name = ic->variant,
	};
	return h;
}
