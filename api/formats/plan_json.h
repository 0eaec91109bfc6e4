/*
 * The plan as JSON: plan.json, what `cohortplan solve` writes and
 * `cohortplan export` reads back (format in docs/plan.md).
 *
 * A plan.json is self-contained: it carries everything the calendar feeds,
 * timetable.json and the OneRoster bundle need, so a plan can be re-exported
 * (in another language, discreetly, after a re-plan) without the problem it
 * came from. It holds pseudonymous ids only.
 *
 * Writing is deterministic: the same plan gives the same bytes (members,
 * lessons and fields in plan order; instants as "YYYY-MM-DDTHH:MM:SSZ";
 * numbers printed so that they read back exactly).
 *
 * Reading is strict, like the problem reader (problem_json.h): unknown and
 * duplicate fields, wrong types, out-of-range values, unknown zones, verdict
 * lists that do not match the lessons and duplicate identities are errors,
 * all reported in one run as cp_diag entries with the JSON Pointer of the
 * value ("/cohorts/0/members/3/verdicts/7").
 *
 * Ownership: cp_plan_json_write() returns a string the caller frees. On
 * CP_PLAN_JSON_OK the parse and load functions set *out to a plan the caller
 * destroys with cp_plan_destroy(); otherwise *out is NULL. The diag list is
 * the caller's (entries are appended). The tzdb is borrowed and only used
 * during the call. Nothing is printed.
 */
#ifndef CP_FORMATS_PLAN_JSON_H
#define CP_FORMATS_PLAN_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <cohortplan/diag.h>
#include <cohortplan/plan.h>

#include "atomic_file.h"

/* The format version written and understood ("version": 1). */
#define CP_PLAN_JSON_VERSION 1

enum cp_plan_json_status {
	CP_PLAN_JSON_OK = 0,
	CP_PLAN_JSON_ERR_INVALID, /* errors in the diag list */
	CP_PLAN_JSON_ERR_IO,      /* the file could not be read (entry in diag) */
	CP_PLAN_JSON_ERR_NOMEM,
};

/* Static English name of a status. */
const char *cp_plan_json_status_name(enum cp_plan_json_status status);

/* The plan as JSON text (tab-indented, ending in a newline), NUL-terminated;
 * *len (may be NULL) receives its length. NULL when out of memory. */
char *cp_plan_json_write(const struct cp_plan *plan, size_t *len);

/* Write the plan to path atomically (atomic_file.h). False with *err
 * filled on failure (ENOMEM included). */
bool cp_plan_json_save(const struct cp_plan *plan, const char *path, struct cp_error *err);

/*
 * Parse buf[0..len) (need not be NUL-terminated). db may be NULL: zone names
 * are then checked for form only; with a db every zone must be known to it.
 * Returns CP_PLAN_JSON_OK, CP_PLAN_JSON_ERR_INVALID or CP_PLAN_JSON_ERR_NOMEM.
 */
enum cp_plan_json_status cp_plan_json_parse(const char *buf, size_t len, struct cp_tzdb *db,
					    struct cp_plan **out, struct cp_diag *diag);

/* Read the file at path and parse it; CP_PLAN_JSON_ERR_IO with an entry in
 * diag when it cannot be read. */
enum cp_plan_json_status cp_plan_json_load(const char *path, struct cp_tzdb *db,
					   struct cp_plan **out, struct cp_diag *diag);

#endif /* CP_FORMATS_PLAN_JSON_H */
