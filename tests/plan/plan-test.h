/*
 * What the plan tests share (include after common/check.h): the pinned zone
 * data, and a solve through the pipeline with a fixed clock and a 30 s limit.
 */
#ifndef CP_TESTS_PLAN_TEST_H
#define CP_TESTS_PLAN_TEST_H

#include <stdio.h>

#include "formats/problem_json.h"
#include "pipeline/pipeline.h"
#include "test-config.h"

/* The pinned zoneinfo of the build tree, or NULL after saying why. */
static inline struct cp_tzdb *
pt_open_db(void)
{
	struct cp_tz_error err;
	struct cp_tzdb *db = cp_tzdb_create(CP_TEST_TZDIR, &err);
	if (!db)
		fprintf(stderr, "cannot open %s: %s\n", CP_TEST_TZDIR, err.message);
	return db;
}

/* The checked-in problem at path, or NULL after a failed CHECK. */
static inline struct cp_problem *
pt_load(struct cp_tzdb *db, const char *path)
{
	struct cp_problem_json_options jo = { .holidays_dir = cp_pipeline_holidays_dir() };
	struct cp_problem *p = NULL;
	struct cp_diag *diag = cp_diag_create(0);
	enum cp_problem_status ps = cp_problem_json_load(path, db, &jo, &p, diag);
	CHECK(ps == CP_PROBLEM_OK, "%s invalid: %s", path,
	      cp_diag_count(diag) ? cp_diag_entry(diag, 0)->message : cp_problem_strerror(ps));
	cp_diag_destroy(diag);
	return p;
}

/* The pipeline's plan of p (a failed solve is a failed CHECK and NULL). */
static inline struct cp_plan *
pt_solve(struct cp_tzdb *db, const struct cp_problem *p)
{
	struct cp_pipeline_options o;
	cp_pipeline_options_init(&o);
	o.time_limit = 30;
	o.now = 1700000000;
	struct cp_plan *plan = NULL;
	struct cp_pipeline_error err = { 0 };
	CHECK(cp_pipeline_solve(db, p, &o, &plan, &err) == CP_PIPELINE_OK, "solve: %s",
	      err.message);
	return plan;
}

#endif
