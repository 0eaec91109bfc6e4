/*
 * The one error object of the api layers (formats, ical, locale, report,
 * store, pipeline, server, command line).
 *
 * Every api function that can fail takes a `struct cp_error *err` (may be
 * NULL: the caller did not ask for detail) and returns an `enum cp_status`
 * or a bool/pointer whose failure is described in *err. The status says what
 * kind of failure it was, in the few kinds callers act on; the message says
 * it in English for a person (and is what the CLI and the server show,
 * unchanged); the optional fields carry what a caller may want to act on
 * without reading the message:
 *
 *   pointer     the JSON Pointer ("/people/3/zone") of the offending value,
 *               "" when the error is not about a place in a JSON document;
 *   suggestion  a known name close to the one that was not found (the
 *               "did you mean"), "" when none;
 *   line        the 1-based line of a text input (iCalendar), 0 when none;
 *   errnum      errno of the failed system call, 0 when none;
 *   code        the module's finer kind (e.g. enum cp_roster_kind), 0 when
 *               the module has none; the module's header names its enum.
 *
 * Naming: cp_error_set() fills an error and returns its status, so a failing
 * function can `return cp_error_set(err, CP_ERR_IO, "...")`;
 * cp_error_clear() resets it to CP_OK; cp_status_name() is the static
 * English name of a status. No other setter, clearer or status-name
 * function exists in api/.
 *
 * Out of memory is CP_ERR_NOMEM everywhere: a function never reports it as
 * CP_ERR_IO or CP_ERR_INVALID, and a caller passing an error on passes the
 * status on unchanged (cp_error_errno() maps ENOMEM to CP_ERR_NOMEM).
 *
 * tzdata/, engine/ and solver/ keep their own error structs (they may not
 * include api/); each api layer converts from them in one function at its
 * boundary (cp_error_from_tz(), cp_error_from_engine() and friends in the
 * module that calls them).
 *
 * All functions accept err == NULL. Nothing is allocated; nothing printed.
 */
#ifndef CP_API_COMMON_ERROR_H
#define CP_API_COMMON_ERROR_H

#include <stdarg.h>

enum cp_status {
	CP_OK = 0,
	CP_ERR_INVALID,     /* an input or argument the call cannot accept */
	CP_ERR_NOT_FOUND,   /* no such record, zone, cohort or person */
	CP_ERR_IO,          /* a file, folder, database or socket failed */
	CP_ERR_NOMEM,       /* out of memory */
	CP_ERR_UNSUPPORTED, /* a language we have no texts for, a database made by
	                     * a newer cohortplan */
	CP_ERR_BUSY,        /* another writer held the database too long */
	CP_ERR_LIBRARY,     /* an outside library or OS service failed (ICU,
	                     * libical, the random source) */
	CP_ERR_INTERNAL,    /* a broken invariant: a bug */
};

#define CP_ERROR_MESSAGE_SIZE 600
#define CP_ERROR_POINTER_SIZE 160
#define CP_ERROR_SUGGESTION_SIZE 72

struct cp_error {
	enum cp_status status;
	char message[CP_ERROR_MESSAGE_SIZE];
	char pointer[CP_ERROR_POINTER_SIZE];
	char suggestion[CP_ERROR_SUGGESTION_SIZE];
	unsigned line;
	int errnum;
	int code;
};

/* Static English name of a status ("out of memory", ...); never NULL. */
const char *cp_status_name(enum cp_status status);

/* Reset err to CP_OK with every field empty. */
void cp_error_clear(struct cp_error *err);

/* Clear err, then set its status and its message (printf-style, truncated
 * to the buffer). Returns status. */
__attribute__((format(printf, 3, 4))) enum cp_status
cp_error_set(struct cp_error *err, enum cp_status status, const char *fmt, ...);

/* cp_error_set() with a va_list. */
enum cp_status cp_error_vset(struct cp_error *err, enum cp_status status, const char *fmt,
			     va_list ap);

/* cp_error_set() for a failed system call: CP_ERR_NOMEM when errnum is
 * ENOMEM, CP_ERR_IO otherwise; err->errnum = errnum. The message is as
 * formatted (the caller adds strerror() where it wants it). */
__attribute__((format(printf, 3, 4))) enum cp_status
cp_error_errno(struct cp_error *err, int errnum, const char *fmt, ...);

/* Put "PREFIX: " (printf-style) before err's message, keeping its status
 * and fields. Returns err's status (CP_OK when err is NULL). */
__attribute__((format(printf, 2, 3))) enum cp_status
cp_error_prefix(struct cp_error *err, const char *fmt, ...);

/* Set the optional fields (s NULL or "" empties them; truncated to fit). */
void cp_error_set_pointer(struct cp_error *err, const char *pointer);
void cp_error_set_suggestion(struct cp_error *err, const char *suggestion);

#endif
