/*
 * cohortplan diagnostics: a list of problems found in an input, each naming
 * where (a JSON Pointer path, RFC 6901), what was there and what was expected.
 *
 * Library code never prints: parsers and checks append entries here and the
 * caller (the command line, the HTTP server, a test) decides how to report.
 * Validation reports every problem in one run, not only the first, so a
 * list is capped (cp_diag_create's limit) rather than stopping at one.
 *
 * Paths address the problem document, whose structure the model mirrors one
 * to one ("/participants/12/availability/0/end"); "" is the whole document
 * (used for errors of syntax and encoding, which carry a byte position).
 *
 * Ownership: cp_diag_create() returns a list the caller destroys with
 * cp_diag_destroy() (NULL is a no-op). Entries and their strings are owned
 * by the list and valid until it is destroyed or cleared.
 *
 * Out of memory: an entry that cannot be stored is counted but dropped, and
 * cp_diag_nomem() turns true, so an error is never lost silently.
 */
#ifndef COHORTPLAN_DIAG_H
#define COHORTPLAN_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#if defined(__GNUC__)
#define CP_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CP_PRINTF(fmt, args)
#endif

enum cp_diag_severity {
	CP_DIAG_ERROR = 0,   /* the input is invalid */
	CP_DIAG_WARNING = 1, /* valid, but probably not what the planner meant */
};

struct cp_diag_entry {
	enum cp_diag_severity severity;
	const char *path;    /* JSON Pointer; "" for the whole document */
	const char *value;   /* the offending value as compact JSON text (possibly
	                      * shortened), or NULL when there is none */
	const char *message; /* one English sentence, without the path */
	size_t offset;       /* byte offset into the input, when known ... */
	long line, column;   /* ... and its 1-based line and column; 0 if unknown */
};

struct cp_diag;

/* A list keeping at most max_entries entries (0 means the default, 1000);
 * further ones are counted but not stored. NULL when out of memory. */
struct cp_diag *cp_diag_create(size_t max_entries);
void cp_diag_destroy(struct cp_diag *d);

/* Drop all entries and counts. */
void cp_diag_clear(struct cp_diag *d);

/* Append an entry. path and value are copied; value may be NULL. */
void cp_diag_add(struct cp_diag *d, enum cp_diag_severity sev, const char *path,
		 const char *value, const char *fmt, ...) CP_PRINTF(5, 6);

/* Append an entry located at a byte position of the input (path ""). */
void cp_diag_add_at(struct cp_diag *d, enum cp_diag_severity sev, size_t offset,
		    long line, long column, const char *fmt, ...) CP_PRINTF(6, 7);

/* Stored entries, in the order they were added (ordered by path after
 * cp_diag_sort). i must be < cp_diag_count(). */
size_t cp_diag_count(const struct cp_diag *d);
const struct cp_diag_entry *cp_diag_entry(const struct cp_diag *d, size_t i);

/* Totals including entries that were dropped because of the cap. */
size_t cp_diag_errors(const struct cp_diag *d);
size_t cp_diag_warnings(const struct cp_diag *d);

/* True when entries were dropped because of the cap or out of memory. */
bool cp_diag_truncated(const struct cp_diag *d);
bool cp_diag_nomem(const struct cp_diag *d);

/* Order entries by document position: byte offset first, then path with
 * array indices compared as numbers, then by insertion. Stable. */
void cp_diag_sort(struct cp_diag *d);

/* Static name of a severity: "error", "warning". */
const char *cp_diag_severity_name(enum cp_diag_severity sev);

#endif /* COHORTPLAN_DIAG_H */
