/*
 * CHECK for the C tests that have no suite helper of their own (tests/tz and
 * tests/engine have tz-test.h and engine-test.h).
 *
 * CHECK(cond, fmt, ...) counts a check; when cond is false it counts a
 * failure and prints "FILE:LINE: message" on stderr, preceded by
 * CHECK_PREFIX when the test defines one before including this header.
 * Each test ends with return check_tally(): the tally on stdout and the exit
 * status, 1 when a check failed.
 */
#ifndef CP_TESTS_COMMON_CHECK_H
#define CP_TESTS_COMMON_CHECK_H

#include <stdio.h>

#ifndef CHECK_PREFIX
#define CHECK_PREFIX ""
#endif

static int failures;
static long checks;

#define CHECK(cond, ...)                                                             \
	do {                                                                         \
		checks++;                                                            \
		if (!(cond)) {                                                       \
			failures++;                                                  \
			fprintf(stderr, CHECK_PREFIX "%s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);                                \
			fputc('\n', stderr);                                         \
		}                                                                    \
	} while (0)

static inline int
check_tally(void)
{
	printf("%ld checks, %d failures\n", checks, failures);
	return failures ? 1 : 0;
}

#endif
