/*
 * A OneRoster 1.1 CSV bundle of a plan (bulk mode): manifest.csv,
 * orgs.csv, academicSessions.csv, courses.csv, classes.csv, users.csv and
 * enrollments.csv, so that common learning platforms import the rosters
 * without custom glue. One class per cohort; teachers and participants as
 * users with their pseudonymous ids as sourcedId, username and given name
 * (the plan has no names, and OneRoster requires the name columns to be
 * non-empty); no e-mail, phone or other personal column is filled.
 *
 * Bulk mode: status and dateLastModified are empty, as the standard asks,
 * which also keeps the files byte-identical for an unchanged plan.
 *
 * Ownership: cp_oneroster_csv() returns a string the caller frees.
 */
#ifndef CP_FORMATS_ONEROSTER_H
#define CP_FORMATS_ONEROSTER_H

#include <stddef.h>

#include <cohortplan/plan.h>
#include <cohortplan/tz.h>

enum cp_oneroster_file {
	CP_ONEROSTER_MANIFEST = 0,
	CP_ONEROSTER_ORGS,
	CP_ONEROSTER_SESSIONS,
	CP_ONEROSTER_COURSES,
	CP_ONEROSTER_CLASSES,
	CP_ONEROSTER_USERS,
	CP_ONEROSTER_ENROLLMENTS,
	CP_ONEROSTER_COUNT
};

/* "manifest.csv", "orgs.csv", ... Static. */
const char *cp_oneroster_file_name(enum cp_oneroster_file f);

struct cp_oneroster_options {
	const char *org_id;   /* sourcedId of the one org; NULL: "cohortplan-org" */
	const char *org_name; /* its name; NULL: "Integration agency" */
};

/* The CSV text of one file (CRLF line ends, RFC 4180 quoting); *len (may
 * be NULL) gets its length. Dates are local dates in each cohort's anchor
 * zone. opts may be NULL. NULL when out of memory or a zone is unknown. */
char *cp_oneroster_csv(const struct cp_plan *plan, struct cp_tzdb *db,
		       const struct cp_oneroster_options *opts, enum cp_oneroster_file f,
		       size_t *len);

#endif /* CP_FORMATS_ONEROSTER_H */
