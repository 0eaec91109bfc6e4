/*
 * cohortplan appointments: one-to-one calls between participants and case
 * managers, booked across time zones (docs/appointments.md).
 *
 * Two kinds of call per participant:
 *   INTAKE    before the course: the call starts on a local date of the
 *             participant (their zone) from rules.intake_from (default
 *             course start - 28 days) to the day before the course starts,
 *             and before their departure date when one is known; the call
 *             lies inside one of their weekly availability windows on that
 *             date (a dated period's windows on its dates; no windows:
 *             any time), inside the policy's earliest..latest hours, and
 *             overlaps no dated "not available" exception and no roster
 *             shift;
 *   FOLLOWUP  after arrival ("warm handover"): only for participants with
 *             an arrival date; the call starts on a local date of the
 *             course's zone (where they then live) from arrival to arrival
 *             + rules.followup_days - 1, inside the policy's hours there
 *             (their weekly windows describe their life before departure
 *             and are not used).
 * The case manager's side, in the manager's own zone: the call lies inside
 * one of their weekly windows on its local date, not on a date of leave;
 * the manager has at most max_per_day calls starting on that local date
 * and never two calls that overlap. Calls start on a grid of rules.grid
 * minutes (UTC-aligned; every zone's offset is a multiple of 15 minutes).
 *
 * Booking: requests are served most constrained first (fewest possible
 * (slot, manager) pairs), each at its earliest possible slot, with the
 * manager who has the fewest calls so far among those free then. Bookings
 * of an earlier run (prev) are kept first when they are still possible;
 * a request re-booked at another time or with another manager gets the
 * earlier SEQUENCE + 1 (feeds: the event keeps its UID and moves).
 *
 * Ownership: cp_appoint_run() returns a result the caller destroys with
 * cp_appoint_result_destroy() (NULL is a no-op); the problem is borrowed
 * for the call, and the result refers to people by index; the strings of
 * a booking's `replaced` are borrowed from prev, which must outlive the
 * result. Prints nothing.
 * Errors: CP_ENGINE_ERR_INVALID (with the field and value) when the rules
 * do not fit the problem; CP_ENGINE_ERR_NOMEM.
 */
#ifndef COHORTPLAN_APPOINT_H
#define COHORTPLAN_APPOINT_H

#include <stdbool.h>
#include <stddef.h>

#include <cohortplan/engine.h>
#include <cohortplan/problem.h>

enum cp_appoint_kind {
	CP_APPOINT_INTAKE = 0,   /* "intake" */
	CP_APPOINT_FOLLOWUP,     /* "followup" */
};
const char *cp_appoint_kind_name(enum cp_appoint_kind k);
bool cp_appoint_kind_from_name(const char *s, enum cp_appoint_kind *out);

enum cp_appoint_why {
	CP_APPOINT_NO_ARRIVAL = 0,  /* "no_arrival": follow-up without an arrival date */
	CP_APPOINT_NO_TIME,         /* "no_common_time": no slot suits both the
	                             * participant and any case manager */
	CP_APPOINT_MANAGERS_FULL,   /* "managers_full": such slots exist but the
	                             * managers' calls and daily limits took them */
};
const char *cp_appoint_why_name(enum cp_appoint_why w);

/* A call that moved away from another case manager: that manager's
 * earlier booking, which their calendar must show as cancelled (the same
 * UID, a higher SEQUENCE; docs/appointments.md). Strings borrowed from the
 * run's prev; manager NULL: none. */
struct cp_appoint_replaced {
	const char *manager;
	const char *zone;           /* that manager's zone then; may be NULL */
	cp_instant start, end;
};

struct cp_appoint_booking {
	size_t participant;         /* index in the problem */
	enum cp_appoint_kind kind;
	size_t manager;             /* case manager index */
	cp_instant start, end;
	int sequence;               /* 0, or an earlier booking's + 1 when moved */
	/* The earlier booking of another manager this one moved from: set
	 * when a re-booking changes the manager, carried while the call stays
	 * with its new manager, dropped when it goes back to the old one. */
	struct cp_appoint_replaced replaced;
};

struct cp_appoint_unbooked {
	size_t participant;
	enum cp_appoint_kind kind;
	enum cp_appoint_why why;
	/* A call booked before (prev) that cannot be booked now: its earlier
	 * booking, which both calendars must show cancelled, and the
	 * cancellation's SEQUENCE (that booking's + 1; an earlier
	 * cancellation's own when it was already cancelled). manager NULL:
	 * none (also for no_arrival). */
	struct cp_appoint_replaced replaced;
	int sequence;
};

/* A booking of an earlier run, by ids (appointments.json). */
struct cp_appoint_previous {
	const char *participant;
	enum cp_appoint_kind kind;
	const char *manager;
	cp_instant start, end;
	int sequence;
	/* Optional, carried into the booking's replaced: the manager's zone
	 * (NULL: unknown) and the earlier file's own replaced booking. */
	const char *manager_zone;
	struct cp_appoint_replaced replaced;
	/* Not a booking: an earlier run's cancellation of a call it could not
	 * book (appointments.json "unbooked" with "replaces"): never kept,
	 * but a later booking of the call gets its sequence + 1. */
	bool cancelled;
};

struct cp_appoint_result {
	size_t n_bookings;          /* by participant (problem order), then kind */
	struct cp_appoint_booking *bookings;
	size_t n_unbooked;          /* likewise */
	struct cp_appoint_unbooked *unbooked;
};

enum cp_engine_status cp_appoint_run(const struct cp_problem *p,
				     const struct cp_appoint_previous *prev, size_t n_prev,
				     struct cp_appoint_result **out, struct cp_engine_error *err);
void cp_appoint_result_destroy(struct cp_appoint_result *r);

#endif /* COHORTPLAN_APPOINT_H */
