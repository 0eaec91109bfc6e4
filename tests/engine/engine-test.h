/*
 * Helpers of the engine tests: counting checks, the build's pinned zone
 * database, and builders for small problems through the model's own API
 * (so the tests do not depend on the JSON reader).
 */
#ifndef CP_ENGINE_TEST_H
#define CP_ENGINE_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cohortplan/problem.h>
#include <cohortplan/tz.h>

#include "common/fail.h"

extern unsigned long et_checks, et_failures;

void et_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define CHECK(cond, ...) TEST_CHECK(et_checks, et_fail, cond, __VA_ARGS__)
#define CHECK_EQ(got, want, what) \
	do { \
		long long g_ = (long long)(got), w_ = (long long)(want); \
		et_checks++; \
		if (g_ != w_) \
			et_fail(__FILE__, __LINE__, "%s: got %lld, want %lld", (what), g_, w_); \
	} while (0)

/* Print the tally; exit status. */
int et_finish(const char *name);

/* The pinned database of the build; exits when it cannot be opened. */
struct cp_tzdb *et_db(void);

/* Day number of "YYYY-MM-DD"; exits on a malformed date. */
cp_day et_day(const char *s);
/* Instant of "YYYY-MM-DDTHH:MMZ". */
cp_instant et_utc(const char *s);

/* A problem with a course from start to end (inclusive), lesson_hours in
 * all (60 % live), sessions of session_minutes, kmin..kmax a week. */
struct cp_problem *et_problem(struct cp_tzdb *db, const char *start, const char *end,
			      int lesson_hours, int session_minutes, int kmin, int kmax);
struct cp_participant *et_participant(struct cp_problem *p, const char *id, const char *zone);
struct cp_teacher *et_teacher(struct cp_problem *p, const char *id, const char *zone);
/* Append a weekly window (days is a CP_DAYBIT set) to a participant. */
void et_window(struct cp_problem *p, struct cp_participant *x, unsigned days, int start, int end);
/* cp_problem_check(); prints the diagnostics and exits when invalid. */
void et_check(struct cp_problem *p);
/* cp_problem_check() quietly: true when valid. */
bool et_try_check(struct cp_problem *p);

struct cp_cand;
/* The pattern of c on the weekdays days (a CP_DAYBIT set) at start
 * (minutes after midnight) in the first anchor zone, or CP_CAND_NONE. */
size_t et_find(const struct cp_cand *c, unsigned days, int start);

#endif
