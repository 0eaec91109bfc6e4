/*
 * ICU's own view of time zones, for checking it against the pinned tzdata.
 *
 * cohortplan never takes an offset from ICU: offsets come from tzdata/ only.
 * This module exists because ICU is what formats dates for people (and later
 * holds cohortplan's locale formatting), and the ICU a distribution ships
 * carries its own, often stale, copy of the tz database. `cohortplan tz
 * doctor` uses it to show where that copy is wrong.
 *
 * Which data ICU uses: its built-in zoneinfo64 resource. cp_icu_init()
 * clears ICU's "time zone files" override directory (which ICU otherwise
 * takes from the ICU_TIMEZONE_FILES_DIR environment variable), so the answers
 * are those of the ICU library as linked, not of files the environment points
 * at. ICU_DATA is left alone (Debian's ICU keeps its data inside libicudata,
 * which ICU_DATA cannot replace for time zones); cp_icu_data_dir_env()
 * reports it so that a report can mention it.
 *
 * Ownership: cp_icu_zone_create() returns a zone the caller destroys with
 * cp_icu_zone_destroy() (NULL is a no-op). Strings returned by getters are
 * borrowed, valid until the zone is destroyed (or, for the version getters,
 * for the life of the process).
 *
 * Threads: cp_icu_init() may be called from any thread, any number of times.
 * A cp_icu_zone wraps a UCalendar, which is not thread-safe: use one zone
 * from one thread at a time (different zones in different threads are fine).
 */
#ifndef CP_LOCALE_ICU_TZ_H
#define CP_LOCALE_ICU_TZ_H

#include <stdbool.h>
#include <stdint.h>

#include <cohortplan/tz.h>

#include "common/error.h"

/* Errors are the api's struct cp_error (common/error.h): CP_ERR_LIBRARY when
 * ICU cannot load its data or fails otherwise (the message names ICU's
 * error), CP_ERR_INVALID for a zone name that is not ASCII or too long,
 * CP_ERR_NOMEM. */

/*
 * Prepare ICU for cohortplan: clear the time zone files override so that
 * ICU's built-in zone data is used, and load that data once. Idempotent and
 * thread-safe. Returns false with *err filled when ICU's data is unusable.
 * Every other function here calls it; calling it first just surfaces errors
 * early.
 */
bool cp_icu_init(struct cp_error *err);

/* ICU's library version ("72.1") and the tz release its zone data carries
 * ("2022e"). Static strings; "?" when cp_icu_init() failed. */
const char *cp_icu_version(void);
const char *cp_icu_tz_data_version(void);

/* The value of ICU_DATA in the environment at cp_icu_init(), or NULL. */
const char *cp_icu_data_dir_env(void);

/* ---- one zone as ICU sees it ------------------------------------------ */

struct cp_icu_zone;

/*
 * Open ICU's zone for an IANA name. ICU does not fail for names it does not
 * know: it silently answers with "Etc/Unknown", which behaves as GMT. This
 * function does the same (so a report can show what ICU would answer) and
 * says so through cp_icu_zone_known(). Returns NULL with *err filled only
 * for unusable names (non-ASCII, longer than 127 bytes) or ICU failures.
 */
struct cp_icu_zone *cp_icu_zone_create(const char *name, struct cp_error *err);
void cp_icu_zone_destroy(struct cp_icu_zone *zone);

/* The name the zone was created with. Borrowed. */
const char *cp_icu_zone_name(const struct cp_icu_zone *zone);

/* False when ICU does not know the name as one of its system zones and
 * answers as "Etc/Unknown" (GMT, offset 0). */
bool cp_icu_zone_known(const struct cp_icu_zone *zone);

/* ICU's ID of the zone it actually uses: the name itself, or "Etc/Unknown".
 * Borrowed. */
const char *cp_icu_zone_id(const struct cp_icu_zone *zone);

/*
 * ICU's total UTC offset (raw + DST, in seconds) at instant t; *is_dst (may
 * be NULL) tells whether ICU counts it as daylight time. Returns false with
 * *err filled when ICU reports an error (e.g. an instant ICU cannot
 * represent).
 */
bool cp_icu_zone_offset_at(struct cp_icu_zone *zone, cp_instant t, int32_t *utoff,
			   bool *is_dst, struct cp_error *err);

/*
 * ICU's next transition strictly after instant t. Returns true and sets *next
 * when there is one; returns false when ICU knows none (then err->status is
 * CP_OK) or on an ICU error (err->status says which).
 */
bool cp_icu_zone_next_transition(struct cp_icu_zone *zone, cp_instant t,
				 cp_instant *next, struct cp_error *err);

/*
 * Release all of ICU's cached data (u_cleanup). Only for the very end of a
 * process, after every zone is destroyed and no thread uses ICU any more; it
 * keeps leak checkers quiet. Not thread-safe.
 */
void cp_icu_cleanup(void);

#endif /* CP_LOCALE_ICU_TZ_H */
