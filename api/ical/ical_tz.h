/*
 * libical's view of time zones, read from cohortplan's pinned zoneinfo.
 *
 * cohortplan's iCalendar output will carry VTIMEZONEs. They must describe the
 * same offsets the planner used, so libical has to build them from the same
 * compiled tzdata (tzdata/, zic output), not from the host's
 * /usr/share/zoneinfo. This module does that and lets `cohortplan tz doctor`
 * check the result against the time core, instant by instant.
 *
 * How libical is pointed at our zoneinfo: libical 3.0.x (Debian 12 ships
 * 3.0.16) converts a TZif file into a VTIMEZONE with
 * icaltzutil_fetch_timezone(location), which opens "<dir>/<location>" where
 * <dir> is icaltzutil_get_zone_directory(): the first of /usr/share/zoneinfo,
 * /usr/lib/zoneinfo, /etc/zoneinfo, /usr/share/lib/zoneinfo holding a
 * zone.tab, fixed when first asked. 3.0.16 has no setter for it
 * (icaltzutil_set_zone_directory, later renamed
 * icaltimezone_set_system_zone_directory, exists only in libical's
 * development branch) and does not read TZDIR. So we hand libical a location
 * that leads from its directory back to the root and down into ours
 * ("../../../<our dir>/Europe/Brussels"), check with stat() that it names the
 * very file we mean, and then rename the result's TZID and X-LIC-LOCATION to
 * the plain zone name. Nothing process-wide (no environment variable, no
 * libical setting) is changed; the host's zoneinfo is never read.
 *
 * Ownership: cp_ical_zone_create() returns a zone the caller destroys with
 * cp_ical_zone_destroy() (NULL is a no-op); functions returning char *
 * transfer ownership (free()).
 *
 * Threads: libical 3.0's time zone code keeps process-global state (the
 * cached zone directory, the error number icalerrno, the ring buffer of
 * temporary strings, each zone's lazily expanded change list) and is not
 * safe to call from two threads at once. Every function here takes one
 * process-wide lock around its libical calls, so cp_ical_* functions may be
 * called from any thread; other code in this process must not call libical
 * concurrently with them (in cohortplan only api/ical/ may call libical, and
 * it uses cp_ical_lock()/cp_ical_unlock()).
 */
#ifndef CP_ICAL_ICAL_TZ_H
#define CP_ICAL_ICAL_TZ_H

#include <stdbool.h>
#include <stddef.h>

#include <cohortplan/tz.h>

#include "common/error.h"

/* Errors are the api's struct cp_error (common/error.h): CP_ERR_NOT_FOUND
 * for a zone with no file in the zoneinfo directory, CP_ERR_INVALID for a
 * name that is no zone name ("", "..", absolute, ...), CP_ERR_IO for a
 * zoneinfo directory that is unusable or unreachable for libical,
 * CP_ERR_LIBRARY when libical refuses the file or fails, CP_ERR_NOMEM. */

/* The libical version compiled against, e.g. "3.0.16". Static. */
const char *cp_ical_version(void);

/* The process-wide libical lock (see "Threads" above); not recursive. */
void cp_ical_lock(void);
void cp_ical_unlock(void);

struct cp_ical_zone;

/*
 * Load zone name (an IANA name, links included) from the compiled zoneinfo
 * directory zoneinfo_dir through libical's TZif reader. Returns NULL with
 * *err filled on failure: CP_ERR_INVALID, CP_ERR_NOT_FOUND (no
 * such file), CP_ERR_IO, CP_ERR_LIBRARY (libical could not
 * convert the file), CP_ERR_NOMEM.
 */
struct cp_ical_zone *cp_ical_zone_create(const char *zoneinfo_dir, const char *name,
					 struct cp_error *err);
void cp_ical_zone_destroy(struct cp_ical_zone *zone);

/* The name the zone was loaded with (also its TZID). Borrowed. */
const char *cp_ical_zone_name(const struct cp_ical_zone *zone);

/* The zone as an iCalendar VTIMEZONE text (CRLF line ends), or NULL when
 * out of memory. Caller frees. */
char *cp_ical_zone_vtimezone(struct cp_ical_zone *zone);

/*
 * libical's UTC offset (seconds) at instant t, as
 * icaltimezone_get_utc_offset_of_utc_time() computes it; *is_dst (may be
 * NULL) is libical's daylight flag. Returns false with *err filled when t is
 * outside the years libical handles (1..9999).
 */
bool cp_ical_zone_offset_at(struct cp_ical_zone *zone, cp_instant t, int32_t *utoff,
			    bool *is_dst, struct cp_error *err);

/*
 * libical's next change strictly after t, from the change list libical
 * expands from the VTIMEZONE (the same list its offset lookups use). Returns
 * true and sets *next when there is one; false when there is none known to
 * libical (err->status CP_OK) or on failure (err->status says which).
 * libical 3.0 expands recurring rules only up to the year 2037 on builds
 * with a 32-bit time_t and 2582 otherwise; past that it knows no changes.
 */
bool cp_ical_zone_next_transition(struct cp_ical_zone *zone, cp_instant t,
				  cp_instant *next, struct cp_error *err);

#endif /* CP_ICAL_ICAL_TZ_H */
