/* Private layout of struct cp_problem, shared by the model's sources. */
#ifndef CP_PROBLEM_PRIVATE_H
#define CP_PROBLEM_PRIVATE_H

#include <cohortplan/problem.h>

struct chunk;

struct cp_problem {
	struct cp_tzdb *db;           /* borrowed */
	struct chunk *chunks;         /* arena owning every struct and string */
	bool nomem;

	struct cp_course course;
	struct cp_policy policy;

	struct cp_participant **participants; /* arena-owned elements */
	size_t np, pcap;
	struct cp_teacher **teachers;
	size_t nt, tcap;

	/* Id index built by cp_problem_check(): positions sorted by id,
	 * over the id arrays pids/tids (parallel to the people arrays).
	 * Duplicates are left out of the index. */
	size_t *pidx, *tidx;
	size_t npidx, ntidx;
	const char **pids, **tids;    /* arena-owned */

	/* Case managers (arena-owned) and the booking rules. */
	const struct cp_case_manager *managers;
	size_t n_managers;
	struct cp_appoint_rules appoint;

	/* Calendars defined in the problem (arena-owned). */
	const struct cp_calendar_def *calendars;
	size_t n_calendars;
};

#endif
