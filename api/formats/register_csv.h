/*
 * The attendance register as CSV: who was present how many minutes of which
 * live lesson (docs/attendance.md). Read against a plan, so that every row
 * names a real member and lesson.
 *
 * The file: UTF-8 (a leading BOM is allowed), LF or CRLF line ends, a
 * header line `participant,cohort,lesson,minutes_present`, then one row per
 * member and held lesson; blank lines are skipped. Fields may be enclosed in
 * double quotes (as spreadsheets write them). `lesson` is the lesson's
 * number in its cohort as in plan.json; `minutes_present` is a whole number
 * from 0 to that lesson's length in minutes.
 *
 * Refused, each with its line and column and the value: bytes that are not
 * UTF-8 or are control characters, a wrong header, a row without exactly
 * four fields, a participant the plan does not know, a cohort it does not
 * know (or one that was dissolved), a participant who is not a member of
 * that cohort, a lesson number the cohort does not have (or a cancelled
 * one), minutes that are not a whole number in range, and a second row for
 * the same participant and lesson. Every error is reported in one run.
 *
 * Ownership: on CP_REGISTER_OK *rows is a malloc'ed array of *n_rows rows
 * (indices into the plan, progress.h) the caller frees; otherwise *rows is
 * NULL. The plan is borrowed for the call. The diag list is the caller's;
 * errors are appended with their line and column (cp_diag_add_at), or with
 * path "" for the file as a whole. Prints nothing.
 */
#ifndef CP_FORMATS_REGISTER_CSV_H
#define CP_FORMATS_REGISTER_CSV_H

#include <stddef.h>

#include <cohortplan/diag.h>
#include <cohortplan/plan.h>
#include <cohortplan/progress.h>

/* Largest register accepted: 5,000 people x 40 lessons is about 8 MB. */
#define CP_REGISTER_MAX_BYTES ((size_t)16 << 20)

enum cp_register_status {
	CP_REGISTER_OK = 0,
	CP_REGISTER_ERR_INVALID, /* errors in the diag list */
	CP_REGISTER_ERR_IO,      /* the file could not be read (entry in diag) */
	CP_REGISTER_ERR_NOMEM,
};

/* Parse buf[0..len) (need not be NUL-terminated) against plan. */
enum cp_register_status cp_register_csv_parse(const char *buf, size_t len,
					      const struct cp_plan *plan,
					      struct cp_progress_row **rows, size_t *n_rows,
					      struct cp_diag *diag);

/* Read the file at path (a regular file of at most CP_REGISTER_MAX_BYTES,
 * api/common/read_file.h) and parse it. */
enum cp_register_status cp_register_csv_load(const char *path, const struct cp_plan *plan,
					     struct cp_progress_row **rows, size_t *n_rows,
					     struct cp_diag *diag);

/*
 * Accepted make-up lessons (MAKEUPS.csv, docs/attendance.md): the header
 * `participant,lesson,makeup_cohort,makeup_lesson,minutes_present`, then
 * one row per accepted make-up: `lesson` is the number of the lesson the
 * participant misses in their own cohort, `makeup_cohort` and
 * `makeup_lesson` the lesson of another cohort they take instead (same
 * theme), `minutes_present` their minutes there once it is held, empty
 * before. Same file rules and error reporting as the register; refused
 * besides: an unplaced participant, their own cohort as makeup_cohort, a
 * lesson of another theme (or without one), and a second make-up for the
 * same missed lesson. Whether the person can take it is the engine's
 * question (cohortplan/makeup.h), asked by the caller.
 *
 * On CP_REGISTER_OK *out is a malloc'ed array of *n_out entries (indices
 * into the plan) the caller frees; otherwise NULL.
 */
enum cp_register_status cp_makeups_csv_parse(const char *buf, size_t len,
					     const struct cp_plan *plan,
					     struct cp_progress_accepted **out, size_t *n_out,
					     struct cp_diag *diag);
enum cp_register_status cp_makeups_csv_load(const char *path, const struct cp_plan *plan,
					    struct cp_progress_accepted **out, size_t *n_out,
					    struct cp_diag *diag);

#endif /* CP_FORMATS_REGISTER_CSV_H */
