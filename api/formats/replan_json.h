/*
 * The problem of a mid-course re-plan (docs/attendance.md "Re-planning
 * from this point"): the planning problem's JSON text with every person
 * still placed pinned to their cohort (participants[].pin, docs/input.md)
 * and the people switched out of live lessons left out, so that
 * `cohortplan solve --previous` plans around everyone else without moving
 * them. Text in, text out: the rest of the problem stays as written.
 *
 * Ownership: the returned text is malloc'd, the caller frees it. Prints
 * nothing.
 */
#ifndef CP_FORMATS_REPLAN_JSON_H
#define CP_FORMATS_REPLAN_JSON_H

#include <stdbool.h>
#include <stddef.h>

/* One participant of the plan: pinned to cohort `pin`, or left out of the
 * re-plan when pin is NULL. Participants of the problem not listed stay as
 * they are (people the plan did not place). */
struct cp_replan_person {
	const char *participant;
	const char *pin;
};

/*
 * problem[0..len) with every listed participant pinned or left out as v
 * says (an earlier pin replaced), and the `partner` link of anyone whose
 * partner is left out removed (a link must resolve). When keep_min > 0 is
 * below the policy's smallest cohort size (`policy.cohort_size.min`,
 * default 7), that becomes keep_min: the caller passes the fewest members a
 * cohort keeps, so that no running cohort is closed for having lost
 * someone. v is not changed. NULL when out of memory or the text is not a
 * problem object with a participants array; *missing (when not NULL) is
 * then the first listed participant the problem does not have (in id
 * order), if that was the reason, else NULL.
 */
char *cp_replan_problem(const char *problem, size_t len, const struct cp_replan_person *v,
			size_t n, int keep_min, const char **missing);

/* True when some participant's roster is an .ics file (a path relative to
 * the problem's folder): the re-plan problem must then be written beside
 * the problem. False for text that is not a problem. */
bool cp_replan_has_ics_rosters(const char *problem, size_t len);

#endif
