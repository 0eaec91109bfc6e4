/*
 * attendance.json: the attendance KPI while a course runs, as data
 * (docs/attendance.md, JSON Schema in attendance.schema.json). Written by
 * `cohortplan attendance` from a plan and its register (progress.h).
 *
 * Writing is deterministic: the same plan and register give the same bytes
 * (no clock field; members and cohorts in plan order). Statuses are codes
 * ("on_track", "at_risk", "cannot_reach"), never sentences: a program or a
 * localised page turns them into words.
 *
 * Ownership: cp_attendance_json_write() returns a string the caller frees.
 * plan and progress are borrowed. Nothing is printed.
 */
#ifndef CP_FORMATS_ATTENDANCE_JSON_H
#define CP_FORMATS_ATTENDANCE_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <cohortplan/plan.h>
#include <cohortplan/progress.h>
#include <cohortplan/tz.h>

#include "atomic_file.h"

/* The format version written ("version": 1). */
#define CP_ATTENDANCE_JSON_VERSION 1

/* How the make-ups were judged (NULL everywhere: from the plan alone). */
struct cp_attendance_json_options {
	/* The options were checked with the engine against the problem
	 * (cohortplan/makeup.h): "availability": "checked", refused[] with
	 * reasons. */
	bool checked;
	/* policy.makeup_counts: makeup_minutes per participant, and each
	 * accepted make-up says it counts. */
	bool makeup_counts;
	/* cp_progress_switch_self_study() ran on the plan: each cannot_reach
	 * member gets "self_study", their self-study modules with deadlines. */
	bool self_study;
	/* Zones for the options' local times in the member's own zone
	 * ("local"; cohortplan attendance gives it with --problem); NULL: UTC
	 * only. Borrowed. */
	struct cp_tzdb *db;
};

/* attendance.json as text (tab-indented, ending in a newline),
 * NUL-terminated; *len (may be NULL) receives its length. progress must
 * come from cp_progress_compute(plan, ...). NULL when out of memory. */
char *cp_attendance_json_write(const struct cp_plan *plan, const struct cp_progress *progress,
			       const struct cp_attendance_json_options *opts, size_t *len);

/* Write it to path atomically (atomic_file.h). False with *err filled on
 * failure (ENOMEM included). */
bool cp_attendance_json_save(const struct cp_plan *plan, const struct cp_progress *progress,
			     const struct cp_attendance_json_options *opts, const char *path,
			     struct cp_error *err);

#endif /* CP_FORMATS_ATTENDANCE_JSON_H */
