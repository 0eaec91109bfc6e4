/*
 * appointments.json: the booked intake and follow-up calls
 * (docs/appointments.md), written by `cohortplan appointments` and read
 * back by its --previous (re-booking keeps what still holds) and by
 * `cohortplan export --appointments` (the calls in the participants' and
 * case managers' feeds).
 *
 * Every booking carries both people's zones and wall times, so the file
 * alone renders feeds; times are UTC plus "local" objects from the pinned
 * tzdata. The same problem and previous file give the same bytes (no clock
 * field).
 *
 * Ownership: writers return strings the caller frees; cp_appointments_json_load()
 * returns an object for cp_appointments_destroy() (NULL is a no-op), which
 * owns all its strings. Errors go to the caller's diag list with their JSON
 * pointer. Prints nothing.
 */
#ifndef CP_FORMATS_APPOINTMENTS_JSON_H
#define CP_FORMATS_APPOINTMENTS_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <cohortplan/appoint.h>
#include <cohortplan/diag.h>
#include <cohortplan/problem.h>
#include <cohortplan/tz.h>

#include "atomic_file.h"
#include "ical/feeds.h"

#define CP_APPOINTMENTS_JSON_VERSION 1
#define CP_APPOINTMENTS_MAX_BYTES ((size_t)16 << 20)

/* The file as text; NULL when out of memory. tzdata names the release
 * (may be NULL). */
char *cp_appointments_json_write(const struct cp_problem *p, const struct cp_appoint_result *r,
				 const char *tzdata, size_t *len);
bool cp_appointments_json_save(const struct cp_problem *p, const struct cp_appoint_result *r,
			       const char *tzdata, const char *path, struct cp_error *err);

/* A file read back: its bookings (strings owned) and each one's zones,
 * then the unbooked calls' cancellations as records with `cancelled`. */
struct cp_appointments {
	char *course;
	size_t n;
	struct cp_appoint_previous *bookings;
	char **participant_zone;
	char **manager_zone;
};

enum cp_appointments_status {
	CP_APPOINTMENTS_OK = 0,
	CP_APPOINTMENTS_ERR_INVALID,  /* errors in the diag list */
	CP_APPOINTMENTS_ERR_IO,
	CP_APPOINTMENTS_ERR_NOMEM,
};

/* Read path; zones are checked against db. */
enum cp_appointments_status cp_appointments_json_load(const char *path, struct cp_tzdb *db,
						      struct cp_appointments **out,
						      struct cp_diag *diag);
void cp_appointments_destroy(struct cp_appointments *a);

/* The bookings as feed extras (feeds.h), *n of them: each booking, and
 * after a booking that moved from another manager (its "replaces") that
 * manager's cancelled copy; an unbooked call's cancellation (in both
 * feeds). Strings point into a, which must outlive the
 * array (free()). NULL when out of memory. */
struct cp_feed_extra *cp_appointments_extras(const struct cp_appointments *a, size_t *n);

/* The same from text in memory (the server's stored booking): buf need
 * not be NUL-terminated. */
enum cp_appointments_status cp_appointments_json_read(const char *buf, size_t len,
						      struct cp_tzdb *db,
						      struct cp_appointments **out,
						      struct cp_diag *diag);

#endif /* CP_FORMATS_APPOINTMENTS_JSON_H */
