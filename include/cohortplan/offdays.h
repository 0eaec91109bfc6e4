/*
 * Off days: which local dates are holidays for whom, and which are in
 * Ramadan, over one course window.
 *
 * The policy names holiday calendars (by id) with the side they apply to
 * (teachers, participants, all) and, for participants, optionally a list of
 * countries; it may add single dates the same way, and Ramadan rules per
 * country. This module expands all of that once, so the candidate and
 * attendability code asks cheap questions ("is 2024-04-01 off for the
 * course?", "for a participant in MA?").
 *
 * Sides (docs/engine.md):
 *   course-wide: calendars and dates for "teachers", and for "all" without a
 *     country list. Lessons are not scheduled on these dates (the anchor
 *     zone's local date) and teachers are off on them.
 *   participant-side: "participants" and "all" (with or without countries);
 *     a lesson on such a date (the participant's local date) is not
 *     attendable for the participants concerned.
 * Own calendars: a participant or teacher may name calendars of their own
 *   ("holidays"); each is expanded once and asked with cp_offdays_own().
 *   Calendars defined in the problem (cp_problem_find_calendar) are found
 *   before the loaded ones, for the policy's uses too.
 * Ramadan: the days of Hijri month 9 from the Hijri calendar, as local dates
 * of each participant (a day, not a period of hours: the rule's band of
 * hours is applied on those dates by the attendability code).
 *
 * Ownership: cp_offdays_create() returns an object the caller destroys with
 * cp_offdays_destroy() (NULL is a no-op). It borrows the problem and the
 * calendars (holiday names and country lists point into them), which must
 * outlive it. Queries are read-only and thread-safe.
 */
#ifndef COHORTPLAN_OFFDAYS_H
#define COHORTPLAN_OFFDAYS_H

#include <stdbool.h>
#include <stddef.h>

#include <cohortplan/engine.h>
#include <cohortplan/problem.h>

struct cp_offdays;

/*
 * Expand the policy's holiday uses, extra dates and Ramadan over the course
 * window (the Gregorian years around it), and the people's own calendars.
 * calendars are looked up by id after those the problem defines; a
 * calendar named by the policy or a person but absent is
 * CP_ENGINE_ERR_HOLIDAYS, as is
 * a Ramadan rule or Islamic holiday rule with hijri == NULL. Returns NULL
 * with *err filled on failure.
 */
struct cp_offdays *cp_offdays_create(const struct cp_problem *p,
				     const struct cp_holiday_calendar *const *calendars,
				     size_t n_calendars,
				     const struct cp_hijri_calendar *hijri,
				     struct cp_engine_error *err);
void cp_offdays_destroy(struct cp_offdays *o);

/* The course-wide holiday on date d, or NULL. The name is the holiday's
 * (or the extra date's name, or its calendar id when it has none). */
const char *cp_offdays_course(const struct cp_offdays *o, cp_day d);

/* The participant-side holiday on date d for a participant in country
 * (ISO code, may be NULL: then only holidays without a country list
 * apply), or NULL. */
const char *cp_offdays_participant(const struct cp_offdays *o, const char *country, cp_day d);

/* True when d is a day of Ramadan (by the Hijri calendar given). */
bool cp_offdays_ramadan(const struct cp_offdays *o, cp_day d);

/* The Ramadan rule for country, or NULL when the policy has none. */
const struct cp_ramadan_rule *cp_offdays_ramadan_rule(const struct cp_offdays *o,
						      const char *country);

/* Ramadan periods found: [first, end) day numbers; i < count. */
size_t cp_offdays_ramadan_count(const struct cp_offdays *o);
void cp_offdays_ramadan_period(const struct cp_offdays *o, size_t i, cp_day *first, cp_day *end);

/*
 * The holiday on local date d in a person's own calendars (the ids of a
 * participant's or teacher's "holidays"), or NULL. Own calendars apply to
 * that person only: they are neither course-wide nor participant-side.
 */
const char *cp_offdays_own(const struct cp_offdays *o, const char *const *ids, size_t n,
			   cp_day d);

#endif /* COHORTPLAN_OFFDAYS_H */
