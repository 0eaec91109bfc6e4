/*
 * Rosters given as iCalendar files next to the problem: resolve the path,
 * read the file through api/ical and store the busy time in the model.
 * Private to api/formats.
 */
#ifndef CP_FORMATS_PROBLEM_ROSTERS_H
#define CP_FORMATS_PROBLEM_ROSTERS_H

#include <stdbool.h>

#include <cohortplan/diag.h>
#include <cohortplan/problem.h>

/*
 * For every participant whose roster is CP_ROSTER_ICS, read base_dir/ics
 * (base_dir NULL: the current directory) and expand it over the course
 * window into the roster's busy time; with kinds of shift, the events of
 * each kind go to busy time with that kind's margins (one read per kind).
 * Errors name
 * /participants/N/roster/ics. With no_files, only check nothing and return.
 * Returns CP_PROBLEM_OK (errors may have been added to diag) or
 * CP_PROBLEM_ERR_NOMEM.
 */
enum cp_problem_status cp_problem_json_load_rosters(struct cp_problem *p, const char *base_dir,
						    bool no_files, struct cp_diag *diag);

/*
 * When dir is not NULL, check that each calendar id the problem names and
 * does not define (cp_problem_shipped_calendars) loads from dir, each id
 * once; errors name its first use (/policy/holidays/N/calendar,
 * /participants/N/holidays/K, /teachers/N/holidays/K). Returns
 * CP_PROBLEM_OK or ERR_NOMEM.
 */
enum cp_problem_status cp_problem_json_check_calendars(const struct cp_problem *p,
						       const char *dir, struct cp_diag *diag);

#endif
