/*
 * Shared helpers of the time core tests: a counting assertion, the build's
 * pinned zone database, the golden files written by tests/tz/gen-golden from
 * zdump, and civil arithmetic that does not come from the code under test.
 */
#ifndef CP_TZ_TEST_H
#define CP_TZ_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cohortplan/tz.h>

#include "common/fail.h"

extern unsigned long tt_checks;
extern unsigned long tt_failures;

/* Record a failure; prints the first few hundred so a broken core does not
 * flood the log, counts all of them. */
void tt_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

bool tt_check_int(const char *file, int line, const char *expr, int64_t got,
		  int64_t want, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
bool tt_check_str(const char *file, int line, const char *expr, const char *got,
		  const char *want, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

#define CHECK(cond, ...) TEST_CHECK(tt_checks, tt_fail, cond, __VA_ARGS__)
#define CHECK_INT(got, want, ...) \
	tt_check_int(__FILE__, __LINE__, #got, (int64_t)(got), (int64_t)(want), \
		     __VA_ARGS__)
#define CHECK_STR(got, want, ...) \
	tt_check_str(__FILE__, __LINE__, #got, (got), (want), __VA_ARGS__)

/* Print the tally and return the process exit status. */
int tt_finish(const char *name);

/* The build's pinned database (CP_TEST_TZDIR); exits when it cannot open. */
struct cp_tzdb *tt_open_db(void);
/* A zone that must exist; exits when it does not. */
const struct cp_tz *tt_zone(struct cp_tzdb *db, const char *name);

/* Deterministic pseudo-random numbers (splitmix64). */
uint64_t tt_rand(uint64_t *state);
/* Uniform in [lo, hi). */
int64_t tt_rand_range(uint64_t *state, int64_t lo, int64_t hi);

/* Civil arithmetic independent of tzdata/civil.c: seconds <-> fields through
 * libc's gmtime_r and a cumulative month table. */
int64_t tt_secs_from_civil(const struct cp_civil *c);
void tt_civil_from_secs(int64_t secs, struct cp_civil *out);
bool tt_civil_eq(const struct cp_civil *a, const struct cp_civil *b);
/* "YYYY-MM-DDTHH:MM:SS" into buf[32], for messages. */
const char *tt_civil_str(const struct cp_civil *c, char buf[32]);
const char *tt_utc_str(cp_instant t, char buf[32]);
/* Days since 1970-01-01 of a date and "YYYY-MM-DD" of such a day, also
 * independent of cp_days_from_civil (for the calendar tests). */
int64_t tt_day(int y, int m, int d);
const char *tt_date_str(int64_t days, char buf[32]);

/* Seconds of 1970-01-01 and 2038-01-01: the golden window. */
#define TT_WINDOW_START INT64_C(0)
#define TT_WINDOW_END INT64_C(2145916800)

/* One transition as zdump saw it. */
struct golden_tr {
	cp_instant at;
	int32_t offset_before;
	bool dst_before;
	char abbr_before[CP_TZ_ABBR_MAX];
	struct cp_civil wall_before; /* wall clock at at-1 */
	int32_t offset_after;
	bool dst_after;
	char abbr_after[CP_TZ_ABBR_MAX];
	struct cp_civil wall_after;  /* wall clock at at */
};

struct golden_zone {
	char name[64];
	int32_t start_offset; /* state at TT_WINDOW_START */
	bool start_dst;
	char start_abbr[CP_TZ_ABBR_MAX];
	size_t count;
	struct golden_tr *tr;
};

struct golden_set {
	char version[32];
	size_t count;
	struct golden_zone *zones;
};

/* Load tests/data/tz/golden; exits with a message on malformed files. */
void golden_load(struct golden_set *set);
void golden_free(struct golden_set *set);

/* ---- hand-worked expectations (checks counted like CHECK) ------------ */

/* Seconds of a UTC wall time, by the test's own arithmetic. */
cp_instant tt_U(int y, int mo, int d, int h, int mi, int s);

struct tt_tr {
	cp_instant at;
	int32_t before, after;
	bool dst;
	const char *abbr;
};

/* Exactly the transitions want[0..n) in [from, to). */
void tt_expect_transitions(struct cp_tzdb *db, const char *zone,
			   cp_instant from, cp_instant to,
			   const struct tt_tr *want, size_t n);
/* Exactly n transitions in [from, to). */
void tt_expect_count(struct cp_tzdb *db, const char *zone, cp_instant from,
		     cp_instant to, size_t n);
/* UTC -> local at t. */
void tt_expect_local(struct cp_tzdb *db, const char *zone, cp_instant t,
		     int32_t off, bool dst, const char *abbr,
		     int y, int mo, int d, int h, int mi, int s);
/* Local -> UTC; transition is checked for gaps and overlaps only. */
void tt_expect_utc(struct cp_tzdb *db, const char *zone,
		   int y, int mo, int d, int h, int mi, int s,
		   enum cp_tz_kind kind, cp_instant earliest, cp_instant latest,
		   int32_t before, int32_t after, cp_instant transition);

#endif /* CP_TZ_TEST_H */
