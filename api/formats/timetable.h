/*
 * timetable.json: the plan as data for a learning platform (LMS), in the
 * shape such platforms import: cohorts with their teacher, every lesson with
 * its UTC times and the local times in each zone the cohort spans, members
 * by pseudonymous id with the lessons they cannot attend and their
 * self-paced modules with deadlines. The format is documented by the JSON
 * Schema api/formats/timetable.schema.json and in docs/feeds.md.
 *
 * Lessons carry the same UID as in the calendar feeds (cp_feed_lesson_uid),
 * so an LMS and a calendar can be matched lesson by lesson.
 *
 * Ownership: the returned string is the caller's (free()). Nothing printed.
 */
#ifndef CP_FORMATS_TIMETABLE_H
#define CP_FORMATS_TIMETABLE_H

#include <stddef.h>

#include <cohortplan/plan.h>
#include <cohortplan/tz.h>

#define CP_TIMETABLE_VERSION 1

/* The timetable as JSON text ending in a newline; *len (may be NULL) gets
 * its length. uid_domain as in cp_feed_options (NULL: "cohortplan").
 * NULL when out of memory or when a zone of the plan is unknown to db. */
char *cp_timetable_json_write(const struct cp_plan *plan, struct cp_tzdb *db,
			      const char *uid_domain, size_t *len);

#endif /* CP_FORMATS_TIMETABLE_H */
