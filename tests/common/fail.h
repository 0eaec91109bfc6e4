/*
 * The counting check of the suites with a helper library of their own
 * (tests/tz/tz-test.h, tests/engine/engine-test.h): each keeps its counters
 * and its fail function, and both print a failure the same way.
 */
#ifndef CP_TESTS_COMMON_FAIL_H
#define CP_TESTS_COMMON_FAIL_H

#include <stdarg.h>
#include <stdio.h>

/* Count a check in the counter checks; when cond is false call
 * fail(__FILE__, __LINE__, fmt, ...). */
#define TEST_CHECK(checks, fail, cond, ...) \
	do { \
		(checks)++; \
		if (!(cond)) \
			fail(__FILE__, __LINE__, __VA_ARGS__); \
	} while (0)

/* Print "FILE:LINE: <tag>message" and a newline on stderr. */
static inline void
test_vfail(const char *file, int line, const char *tag, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s:%d: %s", file, line, tag);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

#endif
