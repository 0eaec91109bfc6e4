/*
 * The planning problem as JSON: the input format planners write (described
 * for people in docs/input.md and for tools in problem.schema.json).
 *
 * Strict and kind: unknown fields are errors (with the closest known name
 * suggested), every value is checked for type and range, and every problem
 * found is reported in one run as an entry of a cp_diag list, with the JSON
 * Pointer of the value, the value itself and what was expected. Syntax and
 * encoding errors carry a line, column and byte offset instead.
 *
 * Before cJSON sees a byte, the input is checked for size, UTF-8 and nesting
 * depth, so a 10 MB "[[[[..." or a binary file fails fast with a clear
 * message instead of exhausting the stack or memory.
 *
 * Ownership: on CP_PROBLEM_OK *out receives a problem the caller destroys
 * with cp_problem_destroy(); on any other status *out is set to NULL. The
 * cp_diag list is the caller's; entries are appended, never cleared. The
 * tzdb is borrowed and must outlive the problem. Nothing is printed.
 */
#ifndef CP_FORMATS_PROBLEM_JSON_H
#define CP_FORMATS_PROBLEM_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <cohortplan/diag.h>
#include <cohortplan/problem.h>

/* Documented limits (docs/input.md). A planning round of 200,000 people
 * (CP_PROBLEM_MAX_PARTICIPANTS) fits well within the byte limit. */
#define CP_JSON_MAX_BYTES ((size_t)256 << 20) /* 256 MiB */
#define CP_JSON_MAX_DEPTH 32                  /* the format itself needs 6 */

/* The format version this reader understands ("version": 1). */
#define CP_PROBLEM_JSON_VERSION 1

struct cp_problem_json_options {
	/* Folder that roster .ics paths are relative to (the problem file's
	 * folder); NULL means the current directory. */
	const char *base_dir;
	/* Do not open roster files: the path is checked for form only and the
	 * roster's busy time stays empty (for fuzzing and for servers that
	 * must not read files named in a request). */
	bool no_files;
	/* Folder of the shipped holiday calendars (data/holidays): when set,
	 * every calendar id in /policy/holidays and in people's "holidays"
	 * that the problem does not define in /calendars must name a readable
	 * calendar there. NULL: ids are checked for form only. */
	const char *holidays_dir;
	size_t max_bytes; /* 0: CP_JSON_MAX_BYTES */
	int max_depth;    /* 0: CP_JSON_MAX_DEPTH */
};

/*
 * Parse and check the problem in buf[0..len) (need not be NUL-terminated).
 * opts may be NULL for the defaults. Returns CP_PROBLEM_OK (warnings may
 * have been added to diag), CP_PROBLEM_ERR_INVALID (errors in diag) or
 * CP_PROBLEM_ERR_NOMEM.
 */
/* True when s is a valid id of the problem format: 1 to CP_PROBLEM_MAX_ID
 * ASCII letters, digits, '.', '_', ':' or '-' (a pseudonymous code). The
 * one rule for ids, wherever they come from (JSON, CSV, URLs). */
bool cp_problem_json_id_ok(const char *s);

enum cp_problem_status cp_problem_json_parse(const char *buf, size_t len,
					     struct cp_tzdb *db,
					     const struct cp_problem_json_options *opts,
					     struct cp_problem **out, struct cp_diag *diag);

/*
 * Read the file at path (at most opts->max_bytes, checked before reading
 * it whole) and parse it; roster paths are relative to path's folder unless
 * opts->base_dir says otherwise. Returns as cp_problem_json_parse, or
 * CP_PROBLEM_ERR_IO with an entry in diag naming the file and the reason.
 */
enum cp_problem_status cp_problem_json_load(const char *path, struct cp_tzdb *db,
					    const struct cp_problem_json_options *opts,
					    struct cp_problem **out, struct cp_diag *diag);

/*
 * The pre-flight check alone: size, UTF-8 (no NUL bytes, no overlong or
 * surrogate forms) and nesting depth outside strings. Adds at most one error
 * to diag (positioned) and returns false when the input must not be parsed.
 */
bool cp_json_preflight(const char *buf, size_t len, size_t max_bytes, int max_depth,
		       struct cp_diag *diag);

/* Closest of n candidate names to s (case-insensitive edit distance), or
 * NULL when none is close enough to be a plausible typo. */
const char *cp_json_closest(const char *s, const char *const *names, size_t n);

#endif /* CP_FORMATS_PROBLEM_JSON_H */
