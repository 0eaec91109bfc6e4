/*
 * Shift rosters from iCalendar files (RFC 5545): busy time for the engine.
 *
 * Employers can export a nurse's early/late/night rotation as an .ics file.
 * cp_roster_parse() reads one, expands every event over a horizon and adds
 * the busy time to a cp_interval_set (cohortplan/interval.h) in UTC.
 *
 * What counts as busy: every VEVENT occurrence, except events with
 * STATUS:CANCELLED and events with TRANSP:TRANSPARENT (RFC 5545: does not
 * block time, e.g. "on call from home", "day off" markers). VTODO, VJOURNAL,
 * VFREEBUSY and VALARM are ignored. An event with a DATE-TIME start and no
 * DTEND or DURATION lasts zero seconds (RFC 5545 3.6.1) and blocks nothing;
 * an all-day event (DTSTART;VALUE=DATE) blocks whole local days.
 *
 * Recurrence: RRULE (libical's icalrecur_iterator, on wall-clock time, as RFC
 * 5545 requires), RDATE (date-time, date or period), EXDATE, and overridden
 * instances (a VEVENT with the master's UID and a RECURRENCE-ID replaces that
 * one occurrence; a cancelled override removes it). DTSTART is always the
 * first occurrence. UNTIL is applied here, not by libical, because libical
 * 3.0 compares a UTC UNTIL against zone-less wall times.
 *
 * Time zones: offsets come only from the pinned tzdata (cohortplan/tz.h),
 * never from libical's built-in zones, the file's VTIMEZONE offsets or the
 * host. A TZID resolves, in this order, to (1) the IANA zone of that name,
 * (2) for TZIDs starting with "/" (libical's and Mozilla's
 * "/vendor/version/Europe/Brussels"), the longest IANA name it ends with,
 * (3) the IANA name in the X-LIC-LOCATION of the file's VTIMEZONE with that
 * TZID, (4) the IANA zone CLDR maps a Windows zone name to ("Middle East
 * Standard Time" -> Asia/Beirut; a short table of the zones near our
 * pilots). Anything else is CP_ROSTER_FAULT_UNKNOWN_TZID. Times ending in "Z"
 * are UTC. Floating times (no TZID, no "Z") and all-day dates are read in
 * opts->floating_zone, the participant's zone. DTEND, EXDATE, RDATE and
 * RECURRENCE-ID without TZID or "Z" are read in the zone of the event's
 * DTSTART.
 *
 * Wall times that do not exist or happen twice (DST changes) follow RFC 5545
 * 3.3.5: a skipped time is moved forward by the length of the gap
 * (02:30 in a 02:00->03:00 gap is 03:30 new time), a repeated time means its
 * first occurrence.
 *
 * Durations: DTEND gives every occurrence the exact duration (seconds) of
 * the first one (RFC 5545 3.8.5.3); when DTEND is in the DTSTART's zone, an
 * occurrence also lasts at least until the same wall-clock end, so busy time
 * is never shorter than either reading. They differ only across a clock
 * change: a daily 22:00-06:00 night shift in Beirut is busy until 06:00
 * local on the night of 2024-10-26 (nine hours), as the inline shifts of
 * the problem JSON are. DURATION adds its days and weeks on the wall clock
 * (a "P1D" event keeps its local start time across a DST change) and its
 * hours, minutes and seconds as elapsed time (RFC 5545 3.3.6): "PT8H" is
 * eight hours, whatever the clocks do.
 *
 * Result: every occurrence whose busy interval overlaps [opts->from,
 * opts->to) is added whole (not clipped to the horizon, so margin queries
 * near its edges stay right). out is normalized afterwards (sorted, merged;
 * see interval.h), whatever it held before. Several rosters may be added to
 * one set. On any error out is left exactly as it was.
 *
 * Errors are values: cp_roster_parse() returns false and fills a
 * caller-owned struct cp_error (err->code the fault, below) whose message
 * names the source, the line, the event (its position and UID; never its
 * SUMMARY, which may be personal) and the offending value, e.g.
 *   nurse-03.ics:14: event 3 (UID shift-17): unknown TZID "Asia/Beyrouth":
 *   not a zone in tzdata 2026f ...
 * Nothing is printed.
 *
 * Ownership: nothing returned here needs freeing; options are borrowed for
 * the duration of the call.
 *
 * Threads: the calls take the api/ical libical lock (cp_ical_lock(), see
 * ical_tz.h) while they use libical, so they may run in any thread; parses
 * in different threads are serialized.
 *
 * Cleanup: rosters never look up libical's built-in time zones by name,
 * but libical itself keeps process-wide caches: its parser creates the
 * built-in zone table to hold its UTC zone whenever a time ends in "Z", each
 * thread has a ring buffer of temporary strings and an error number, and
 * libical 3.0's recurrence iterator opens ICU calendars (ICU caches them).
 * None of this grows with use. cp_roster_cleanup() frees the first two for
 * leak checkers at the very end of a process; ICU's caches go with
 * cp_icu_cleanup() (locale/icu_tz.h).
 */
#ifndef CP_ICAL_ROSTER_H
#define CP_ICAL_ROSTER_H

#include <stdbool.h>
#include <stddef.h>

#include <cohortplan/interval.h>
#include <cohortplan/tz.h>

#include "common/error.h"

/* What is wrong with a roster: err->code of the api's struct cp_error
 * (common/error.h). err->status is CP_ERR_IO for CP_ROSTER_FAULT_IO,
 * CP_ERR_NOMEM for CP_ROSTER_FAULT_NOMEM and CP_ERR_INVALID for the others;
 * err->line is the 1-based line the error is about (0 when none) and
 * err->message "source:line: what, with the value". */
enum cp_roster_fault {
	CP_ROSTER_FAULT_NONE = 0,
	CP_ROSTER_FAULT_NOT_ICAL,     /* not an iCalendar file at all (or binary) */
	CP_ROSTER_FAULT_SYNTAX,       /* truncated, unbalanced BEGIN/END, not a content line */
	CP_ROSTER_FAULT_PROPERTY,     /* DTSTART missing, or a time property unparseable */
	CP_ROSTER_FAULT_RRULE,        /* an RRULE libical cannot parse or iterate */
	CP_ROSTER_FAULT_UNKNOWN_TZID, /* a TZID that names no zone of the pinned tzdata */
	CP_ROSTER_FAULT_RANGE,        /* DTEND before DTSTART, negative DURATION, bad date */
	CP_ROSTER_FAULT_LIMIT,        /* file too large, too many occurrences */
	CP_ROSTER_FAULT_IO,           /* cp_roster_load(): file unreadable */
	CP_ROSTER_FAULT_NOMEM,
	CP_ROSTER_FAULT_ARGUMENT,     /* bad options (no zone, empty horizon, ...) */
};

/* Static English name of a fault ("unknown time zone", ...). */
const char *cp_roster_fault_name(enum cp_roster_fault fault);

/* Limits; a roster of one person for a year has a few hundred shifts. */
#define CP_ROSTER_MAX_BYTES (16u * 1024u * 1024u)
#define CP_ROSTER_MAX_EVENTS 100000u
#define CP_ROSTER_DEFAULT_MAX_STEPS 100000u /* recurrence steps per file */
#define CP_ROSTER_DEFAULT_MAX_INTERVALS 200000u

struct cp_roster_options {
	const char *source;                /* name in messages; NULL: "roster" */
	struct cp_tzdb *tzdb;              /* pinned zones for TZIDs; required */
	const struct cp_tz *floating_zone; /* zone for floating times; required */
	cp_instant from, to;               /* horizon [from, to), from < to */
	size_t max_intervals;              /* 0: CP_ROSTER_DEFAULT_MAX_INTERVALS */
	/* Recurrence steps per file, including those before the horizon
	 * (an RRULE is walked from its DTSTART; libical 3.0 takes about 2 us
	 * a step). 0: CP_ROSTER_DEFAULT_MAX_STEPS. */
	size_t max_steps;
	/* Kinds of shift, by SUMMARY (compared without case and surrounding
	 * blanks; an override by its own SUMMARY). With n_kinds > 0 only some
	 * events are read: those of kinds[kind] when 0 <= kind < n_kinds, those
	 * of none of the kinds when kind < 0. So busy time with margins of its
	 * own per kind is one parse per kind. Zeroed: every event. */
	const char *const *kinds;
	size_t n_kinds;
	int kind;
};

/*
 * Parse iCalendar text (len bytes; need not be NUL-terminated) and add its
 * busy time within the horizon to out (see above). Returns true on success;
 * false with *err filled (err may be NULL) and out unchanged on failure.
 */
bool cp_roster_parse(const char *text, size_t len, const struct cp_roster_options *opts,
		     struct cp_interval_set *out, struct cp_error *err);

/* Read the file at path (at most CP_ROSTER_MAX_BYTES) and parse it; the
 * source name in messages is opts->source, or path when that is NULL. */
bool cp_roster_load(const char *path, const struct cp_roster_options *opts,
		    struct cp_interval_set *out, struct cp_error *err);

/* Free libical's built-in zone table and the calling thread's ring of
 * temporary strings (see "Cleanup" above). Only for the end of a process,
 * after every other user of libical (api/ical/) is done; not thread-safe
 * with respect to other libical users even though it takes the lock. */
void cp_roster_cleanup(void);

#endif /* CP_ICAL_ROSTER_H */
