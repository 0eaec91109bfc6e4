/*
 * The pinned zone data of the build tree (CP_TEST_TZDIR, test-config.h),
 * which the C tests and benchmarks run on: opened, or NULL after saying
 * why on stderr.
 */
#ifndef CP_TESTS_COMMON_OPEN_DB_H
#define CP_TESTS_COMMON_OPEN_DB_H

#include <stdio.h>

#include <cohortplan/tz.h>

#include "test-config.h"

static inline struct cp_tzdb *
test_open_db(void)
{
	struct cp_tz_error err;
	struct cp_tzdb *db = cp_tzdb_create(CP_TEST_TZDIR, &err);
	if (!db)
		fprintf(stderr, "cannot open %s: %s\n", CP_TEST_TZDIR, err.message);
	return db;
}

#endif
