/*
 * Out of memory, allocation by allocation (SQLite's way of testing it):
 * run an operation with the Nth allocation failing, for N = 1, 2, ...
 * until a run gets every allocation served, and require a clean
 * out-of-memory answer from every run in which one failed.
 *
 * Counted are the malloc, calloc and realloc calls of our own code, which
 * a test links with oom.c and these linker options (meson: oom_link_args):
 *     -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc
 * Allocations inside shared libraries (GLPK, libical, SQLite, ICU, cJSON)
 * and libc's own (strdup) are not counted. Leaks of a failing run show
 * under the sanitizer and valgrind runs of the same test.
 */
#ifndef CP_TESTS_COMMON_OOM_H
#define CP_TESTS_COMMON_OOM_H

#include <stdbool.h>

/* What one run of an operation gave. */
enum oom_outcome {
	OOM_DONE,  /* it succeeded */
	OOM_NOMEM, /* it said "out of memory", cleanly */
	OOM_OTHER, /* anything else: a wrong error, or output left behind */
};

/* Run op(ctx) with allocation N failing for N = 1, 2, ... until a run in
 * which no allocation failed (at most limit runs). op sets up nothing that
 * must survive it and destroys what it made. A run with a failed
 * allocation must give OOM_NOMEM, or OOM_DONE where op has checked that
 * its result is exactly the one of a run without failures (a failure
 * absorbed by design, such as a cache not filled); the last run must give
 * OOM_DONE. Prints one line
 * naming name; returns the number of wrong outcomes (1 more when limit
 * was reached first). */
int oom_each(const char *name, enum oom_outcome (*op)(void *ctx), void *ctx, long limit);

/* True when an allocation failed in the run going on (for an op that
 * judges its own output). */
bool oom_fired(void);

/* No more failures in the run going on: for an op that allocates to judge
 * its own output. */
void oom_disarm(void);

/* Count one allocation; true when it is the one to fail. For a library
 * whose allocator a test can hook (SQLite's sqlite3_config). */
bool oom_fail_now(void);

#endif
