/*
 * ICU's view of time zones (see icu_tz.h). The only file besides the rest of
 * api/locale/ that may include ICU headers.
 */
#include "icu_tz.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/putil.h>
#include <unicode/uclean.h>
#include <unicode/ucal.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

#include "common/error.h"

/* IANA names are at most a few dozen bytes; ICU wants UTF-16. */
#define NAME_MAX_BYTES 128

struct cp_icu_zone {
	UCalendar *cal;
	bool known;
	char name[NAME_MAX_BYTES];
	char id[NAME_MAX_BYTES];
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static UErrorCode init_status = U_ZERO_ERROR;
static char icu_version[U_MAX_VERSION_STRING_LENGTH] = "?";
static char tz_version[32] = "?";
static const char *data_dir_env;

static void
init_once_fn(void)
{
	UErrorCode st = U_ZERO_ERROR;
	UVersionInfo v;
	const char *tzv;

	/*
	 * ICU reads ICU_TIMEZONE_FILES_DIR once and then prefers zoneinfo64.res
	 * and friends from that directory over its built-in copy. An empty
	 * override means "none". This must happen before ICU first touches
	 * zone data, which is why every entry point goes through here; the
	 * function is ICU-internal API (putil.h, not hidden by
	 * U_HIDE_INTERNAL_API in the headers we build with) and not
	 * thread-safe, hence pthread_once.
	 */
	u_setTimeZoneFilesDirectory("", &st);
	if (U_FAILURE(st)) {
		init_status = st;
		return;
	}
	data_dir_env = getenv("ICU_DATA");
	if (data_dir_env && !data_dir_env[0])
		data_dir_env = NULL;

	u_getVersion(v);
	u_versionToString(v, icu_version);

	st = U_ZERO_ERROR;
	tzv = ucal_getTZDataVersion(&st);
	if (U_FAILURE(st) || !tzv) {
		init_status = U_FAILURE(st) ? st : U_MISSING_RESOURCE_ERROR;
		return;
	}
	snprintf(tz_version, sizeof(tz_version), "%s", tzv);
}

bool
cp_icu_init(struct cp_error *err)
{
	pthread_once(&init_once, init_once_fn);
	if (U_FAILURE(init_status)) {
		cp_error_set(err, CP_ERR_LIBRARY, "ICU time zone data unavailable: %s",
			     u_errorName(init_status));
		return false;
	}
	cp_error_clear(err);
	return true;
}

const char *
cp_icu_version(void)
{
	cp_icu_init(NULL);
	return icu_version;
}

const char *
cp_icu_tz_data_version(void)
{
	cp_icu_init(NULL);
	return tz_version;
}

const char *
cp_icu_data_dir_env(void)
{
	cp_icu_init(NULL);
	return data_dir_env;
}

/* ASCII only: IANA names are ASCII, and it keeps the UTF-16 copy trivial. */
static bool
to_uchars(const char *s, UChar *out, size_t cap)
{
	size_t n = strlen(s);

	if (n == 0 || n >= cap)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x21 || c > 0x7e)
			return false;
		out[i] = (UChar)c;
	}
	out[n] = 0;
	return true;
}

static void
from_uchars(const UChar *s, int32_t len, char *out, size_t cap)
{
	size_t i = 0;

	for (; len > 0 && i < (size_t)len && i + 1 < cap; i++)
		out[i] = s[i] < 0x80 ? (char)s[i] : '?';
	out[i] = '\0';
}

struct cp_icu_zone *
cp_icu_zone_create(const char *name, struct cp_error *err)
{
	UChar uname[NAME_MAX_BYTES];
	UChar ubuf[NAME_MAX_BYTES];
	UErrorCode st = U_ZERO_ERROR;
	UBool is_system = 0;
	struct cp_icu_zone *zone;
	int32_t n;

	if (!cp_icu_init(err))
		return NULL;
	if (!name || !to_uchars(name, uname, NAME_MAX_BYTES)) {
		cp_error_set(err, CP_ERR_INVALID, "unusable time zone name \"%s\"",
			     name ? name : "(null)");
		return NULL;
	}
	zone = calloc(1, sizeof(*zone));
	if (!zone) {
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
		return NULL;
	}
	snprintf(zone->name, sizeof(zone->name), "%s", name);

	/*
	 * ICU's own test for "do I know this zone": an unknown ID has no
	 * canonical form (U_ILLEGAL_ARGUMENT_ERROR), and "Etc/Unknown" is
	 * canonical but not a system zone. ucal_open() itself never fails for
	 * an unknown name, it quietly hands out Etc/Unknown.
	 */
	ucal_getCanonicalTimeZoneID(uname, -1, ubuf, NAME_MAX_BYTES, &is_system, &st);
	zone->known = U_SUCCESS(st) && is_system;

	st = U_ZERO_ERROR;
	/* Offsets do not depend on the calendar or the locale; fix both so
	 * that the host's defaults cannot matter. */
	zone->cal = ucal_open(uname, -1, "en_US_POSIX", UCAL_GREGORIAN, &st);
	if (U_FAILURE(st) || !zone->cal) {
		cp_error_set(err, st == U_MEMORY_ALLOCATION_ERROR ? CP_ERR_NOMEM : CP_ERR_LIBRARY,
			     "ICU cannot open a calendar for \"%s\": %s", name, u_errorName(st));
		cp_icu_zone_destroy(zone);
		return NULL;
	}
	st = U_ZERO_ERROR;
	n = ucal_getTimeZoneID(zone->cal, ubuf, NAME_MAX_BYTES, &st);
	if (U_FAILURE(st))
		snprintf(zone->id, sizeof(zone->id), "?");
	else
		from_uchars(ubuf, n, zone->id, sizeof(zone->id));
	if (!strcmp(zone->id, "Etc/Unknown"))
		zone->known = false;
	cp_error_clear(err);
	return zone;
}

void
cp_icu_zone_destroy(struct cp_icu_zone *zone)
{
	if (!zone)
		return;
	if (zone->cal)
		ucal_close(zone->cal);
	free(zone);
}

const char *
cp_icu_zone_name(const struct cp_icu_zone *zone)
{
	return zone->name;
}

bool
cp_icu_zone_known(const struct cp_icu_zone *zone)
{
	return zone->known;
}

const char *
cp_icu_zone_id(const struct cp_icu_zone *zone)
{
	return zone->id;
}

bool
cp_icu_zone_offset_at(struct cp_icu_zone *zone, cp_instant t, int32_t *utoff,
		      bool *is_dst, struct cp_error *err)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t raw, dst;

	ucal_setMillis(zone->cal, (UDate)t * 1000.0, &st);
	raw = ucal_get(zone->cal, UCAL_ZONE_OFFSET, &st);
	dst = ucal_get(zone->cal, UCAL_DST_OFFSET, &st);
	if (U_FAILURE(st)) {
		cp_error_set(err, CP_ERR_LIBRARY, "ICU cannot give the offset of %s at %lld: %s",
			     zone->name, (long long)t, u_errorName(st));
		return false;
	}
	/* ICU counts milliseconds; tz offsets are whole seconds. */
	*utoff = (int32_t)((raw + dst) / 1000);
	if (is_dst)
		*is_dst = dst != 0;
	cp_error_clear(err);
	return true;
}

bool
cp_icu_zone_next_transition(struct cp_icu_zone *zone, cp_instant t, cp_instant *next,
			    struct cp_error *err)
{
	UErrorCode st = U_ZERO_ERROR;
	UDate when = 0;
	UBool found;
	cp_instant n;

	ucal_setMillis(zone->cal, (UDate)t * 1000.0, &st);
	found = ucal_getTimeZoneTransitionDate(zone->cal, UCAL_TZ_TRANSITION_NEXT, &when, &st);
	if (U_FAILURE(st)) {
		cp_error_set(err, CP_ERR_LIBRARY, "ICU cannot give the transitions of %s: %s",
			     zone->name, u_errorName(st));
		return false;
	}
	cp_error_clear(err);
	if (!found)
		return false;
	n = (cp_instant)floor(when / 1000.0);
	/* A transition inside the second after t still comes after t. */
	*next = n > t ? n : t + 1;
	return true;
}

void
cp_icu_cleanup(void)
{
	u_cleanup();
}
