/*
 * iCalendar feeds of a plan: one per cohort, per teacher (all their
 * cohorts) and per participant, built with libical from a struct cp_plan.
 *
 * What a subscriber sees (the reasons are in docs/feeds.md):
 *   - one VEVENT per live lesson, never a recurrence rule, so every client
 *     shows exactly the engine's instants, holidays and moved lessons need
 *     no EXDATE or RECURRENCE-ID, and each lesson has its own SEQUENCE;
 *   - times in the feed owner's zone (TZID), with a VTIMEZONE generated
 *     from the pinned tzdata (never libical's or ICU's built-in data) that
 *     starts a week before the plan's first instant with the observance in
 *     force then and lists every change up to a week after its last
 *     instant, one RDATE per line (Morocco's Ramadan switches follow no
 *     yearly rule); a lesson whose wall time is repeated by a clock change,
 *     or that a change falls inside, is written in UTC instead and its
 *     description says so;
 *   - self-paced modules as VTODO with DUE, and (by default) an all-day
 *     deadline VEVENT for the many clients that ignore VTODO;
 *   - UIDs from (course, cohort, lesson number) or (course, participant,
 *     module), SEQUENCE and LAST-MODIFIED from the plan's revision state
 *     (cp_plan_revise), DTSTAMP from the plan's created time, cancelled
 *     lessons as STATUS:CANCELLED: re-exporting an unchanged plan gives the
 *     same bytes.
 *
 * Ownership: cp_feed_writer_create() returns a writer the caller destroys
 * with cp_feed_writer_destroy() (NULL is a no-op); it borrows the plan, the
 * tzdb and the strings of the options, which must outlive it. Functions
 * returning char * transfer ownership (free()).
 *
 * Threads: a writer is used by one thread at a time; libical calls are made
 * under cp_ical_lock() (ical_tz.h).
 */
#ifndef CP_ICAL_FEEDS_H
#define CP_ICAL_FEEDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cohortplan/plan.h>
#include <cohortplan/tz.h>

#include "common/error.h"

/*
 * An event besides the plan's own lessons and modules (docs/feeds.md):
 *   MAKEUP    an accepted make-up lesson in another cohort (MAKEUPS.csv,
 *             docs/attendance.md): in the participant's feed, STATUS:
 *             TENTATIVE, UID "makeup-N.COHORT.PARTICIPANT.COURSE@DOMAIN"
 *             from the MISSED lesson (number N of their own cohort), so a
 *             make-up booked again for the same lesson keeps its UID;
 *   INTAKE,   a booked one-to-one call (appointments.json,
 *   FOLLOWUP  docs/appointments.md): in the participant's feed and the
 *             case manager's (CP_FEED_CASE_MANAGER), CONFIRMED, UID
 *             "intake.PARTICIPANT.COURSE@DOMAIN" (or "followup..."): one
 *             of each per participant, so re-booking keeps the UID.
 * Strings are borrowed from the caller.
 */
enum cp_feed_extra_kind {
	CP_FEED_EXTRA_MAKEUP = 0,
	CP_FEED_EXTRA_INTAKE,
	CP_FEED_EXTRA_FOLLOWUP,
};

struct cp_feed_extra {
	enum cp_feed_extra_kind kind;
	const char *participant;   /* whose feed holds it */
	const char *zone;          /* their zone (IANA), for a participant the
	                            * plan does not place; NULL: from the plan */
	cp_instant start, end;
	int sequence;              /* SEQUENCE: raised when it moves */
	/* MAKEUP: the lesson taken (cohort id, number, theme or NULL) and
	 * the missed lesson it replaces (own cohort id, number). */
	const char *cohort;
	int lesson;
	const char *theme;
	const char *own_cohort;
	int missed_lesson;
	/* INTAKE, FOLLOWUP: the case manager and their zone. */
	const char *manager;
	const char *manager_zone;
	/* INTAKE, FOLLOWUP: a call no longer booked: STATUS:CANCELLED
	 * (transparent) under the call's UID, at its earlier times. */
	bool cancelled;
	/* Only in the case manager's feed: their earlier booking of a call
	 * that moved to another manager (the participant's feed has the call
	 * itself under that UID). */
	bool manager_only;
};

struct cp_feed_options {
	/* Language of participant and cohort feeds ("nl", "en", "fr", "ar",
	 * or a locale such as "fr_BE"); NULL: the course language when
	 * supported, else "en". */
	const char *lang;
	/* Language of teacher feeds; NULL: lang, else "en". */
	const char *teacher_lang;
	/* Participant feeds: titles "Lesson 5" / "Assignment 2", no theme
	 * names, no course title, neutral calendar name (for a shared phone). */
	bool discreet;
	/* All-day deadline VEVENTs besides the VTODOs (default true). */
	bool deadline_events;
	/* Teacher and cohort feeds list the members' pseudonymous ids in each
	 * lesson's description (default true; names are never in a plan). */
	bool member_ids;
	/* Every time in UTC and no VTIMEZONE: for clients that mishandle
	 * generated VTIMEZONEs (Outlook and RDATE). Default false. */
	bool utc_times;
	/* The online-lesson link, with {course}, {cohort} and {lesson}
	 * replaced; NULL: no link. Written to LOCATION and the description. */
	const char *meeting_link;
	/* PRODID; NULL: "-//cohortplan//cohortplan VERSION//EN". */
	const char *prodid;
	/* Right part of every UID; NULL: "cohortplan". */
	const char *uid_domain;
	/* REFRESH-INTERVAL and X-PUBLISHED-TTL in minutes (default 720). */
	int refresh_minutes;
	/* Written into PRODID when prodid is NULL. */
	const char *version;
	/* Events besides the plan's (above); borrowed. */
	const struct cp_feed_extra *extras;
	size_t n_extras;
};

/* Set the defaults above. */
void cp_feed_options_init(struct cp_feed_options *o);

enum cp_feed_kind {
	CP_FEED_COHORT = 0,
	CP_FEED_TEACHER,
	CP_FEED_PARTICIPANT,
	CP_FEED_CASE_MANAGER,  /* a case manager: their appointments (extras) */
};

/* Errors are the api's struct cp_error (common/error.h): CP_ERR_NOT_FOUND
 * for no such cohort, teacher or placed participant, CP_ERR_INVALID for a
 * zone of the plan unknown to the tzdb, CP_ERR_UNSUPPORTED for a language
 * we have no texts for, CP_ERR_LIBRARY when ICU fails to format or libical
 * fails, CP_ERR_NOMEM. */

struct cp_feed_writer;

/* A writer for plan's feeds. Checks every zone and language once; NULL
 * with *err filled on failure. opts may be NULL for the defaults. */
struct cp_feed_writer *cp_feed_writer_create(const struct cp_plan *plan, struct cp_tzdb *db,
					     const struct cp_feed_options *opts,
					     struct cp_error *err);
void cp_feed_writer_destroy(struct cp_feed_writer *w);

/*
 * The feed of one cohort (id = cohort id, dissolved cohorts included),
 * teacher (teacher id) or participant (participant id: a member, or someone
 * with cancelled lessons in the plan's former[]) as iCalendar text (CRLF line ends, lines
 * folded at 75 octets), NUL-terminated; *len (may be NULL) receives its
 * length. NULL with *err filled on failure.
 */
char *cp_feed_write(struct cp_feed_writer *w, enum cp_feed_kind kind, const char *id,
		    size_t *len, struct cp_error *err);

/*
 * A valid calendar without events, for a subject the plan no longer has
 * (or for every feed when there is no plan to render): VERSION, PRODID,
 * calendar name and refresh hint only, so a subscribed client keeps a
 * working URL and drops the lessons it had. A participant's calendar name
 * is the neutral one and never carries their id (the feed may outlive an
 * erasure). course (may be NULL) names cohort and teacher calendars; opts
 * may be NULL for the defaults. NULL with *err filled on failure.
 */
char *cp_feed_write_empty(const struct cp_feed_options *opts, enum cp_feed_kind kind,
			  const char *id, const char *course, size_t *len,
			  struct cp_error *err);

/* The file name of a feed, "cohort-C01.ics", "teacher-T-BXL-03.ics",
 * "participant-P2-01.ics", "manager-CM-01.ics"; characters outside [A-Za-z0-9._-] are written
 * as %XX. NULL when out of memory. */
char *cp_feed_file_name(enum cp_feed_kind kind, const char *id);

/* The UID of a lesson (also used by timetable.json, so an LMS and a
 * calendar can be matched). NULL when out of memory. */
char *cp_feed_lesson_uid(const struct cp_plan *plan, const struct cp_plan_cohort *c, int number,
			 const char *uid_domain);

/* Counters since the writer was created, for the benchmark: components
 * written and CPU nanoseconds of the calling thread spent in cp_feed_write
 * in total and inside libical's icalcomponent_as_ical_string (building,
 * localising and our checks are the difference). */
struct cp_feed_stats {
	uint64_t feeds, events, todos;
	uint64_t total_ns, serialise_ns;
	uint64_t bytes;
};
void cp_feed_writer_stats(const struct cp_feed_writer *w, struct cp_feed_stats *out);

#endif /* CP_ICAL_FEEDS_H */
