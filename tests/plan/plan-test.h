/*
 * What the plan tests share (include after common/check.h): the pinned zone
 * data, loading a problem, a solve through the pipeline with a fixed clock
 * and a 30 s limit, and main's open-run-tally.
 */
#ifndef CP_TESTS_PLAN_TEST_H
#define CP_TESTS_PLAN_TEST_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "formats/problem_json.h"
#include "pipeline/pipeline.h"
#include "common/open-db.h"
#include "test-config.h"

/* The pinned zoneinfo of the build tree, or NULL after saying why. */
static inline struct cp_tzdb *
pt_open_db(void)
{
	return test_open_db();
}

/* p when ps is CP_PROBLEM_OK; else NULL after a failed CHECK naming what
 * and every error of diag on stderr. Destroys diag. */
static inline struct cp_problem *
pt_loaded(enum cp_problem_status ps, struct cp_problem *p, struct cp_diag *diag,
	  const char *what)
{
	CHECK(ps == CP_PROBLEM_OK, "%s invalid: %s", what, cp_problem_strerror(ps));
	for (size_t i = 0; ps != CP_PROBLEM_OK && i < cp_diag_count(diag); i++)
		fprintf(stderr, "  %s: %s\n", cp_diag_entry(diag, i)->path,
			cp_diag_entry(diag, i)->message);
	cp_diag_destroy(diag);
	if (ps != CP_PROBLEM_OK) {
		cp_problem_destroy(p);
		return NULL;
	}
	return p;
}

/* The checked-in problem at path, or NULL after a failed CHECK. */
static inline struct cp_problem *
pt_load(struct cp_tzdb *db, const char *path)
{
	struct cp_problem_json_options jo = { .holidays_dir = cp_pipeline_holidays_dir() };
	struct cp_problem *p = NULL;
	struct cp_diag *diag = cp_diag_create(0);
	enum cp_problem_status ps = cp_problem_json_load(path, db, &jo, &p, diag);
	return pt_loaded(ps, p, diag, path);
}

/* Pipeline options with a 30 s limit and the clock at now. */
static inline struct cp_pipeline_options
pt_options(cp_instant now)
{
	struct cp_pipeline_options o;
	cp_pipeline_options_init(&o);
	o.time_limit = 30;
	o.now = now;
	return o;
}

/* The pipeline's plan of p with options o (a failed solve is a failed
 * CHECK, naming what, and NULL). */
static inline struct cp_plan *
pt_solve_with(struct cp_tzdb *db, const struct cp_problem *p,
	      const struct cp_pipeline_options *o, const char *what)
{
	struct cp_plan *plan = NULL;
	struct cp_error err = { 0 };
	CHECK(cp_pipeline_solve(db, p, o, &plan, &err) == CP_OK, "solve %s: %s", what,
	      err.message);
	return plan;
}

/* The pipeline's plan of p (a failed solve is a failed CHECK and NULL). */
static inline struct cp_plan *
pt_solve(struct cp_tzdb *db, const struct cp_problem *p)
{
	struct cp_pipeline_options o = pt_options(1700000000);
	return pt_solve_with(db, p, &o, "");
}

/* The problem in json (jo may be NULL), or NULL after a failed CHECK and
 * every error on stderr. */
static inline struct cp_problem *
pt_parse(struct cp_tzdb *db, const char *json, const struct cp_problem_json_options *jo)
{
	struct cp_problem *p = NULL;
	struct cp_diag *diag = cp_diag_create(0);
	enum cp_problem_status ps = cp_problem_json_parse(json, strlen(json), db, jo, &p, diag);
	return pt_loaded(ps, p, diag, "the problem");
}

/* A test's main: each step on the pinned zone data, then the tally; the
 * exit status (1 when a check failed or the zone data does not open). */
static inline int
pt_run(void (*const steps[])(struct cp_tzdb *), size_t n)
{
	struct cp_tzdb *db = pt_open_db();
	if (!db)
		return 1;
	for (size_t i = 0; i < n; i++)
		steps[i](db);
	cp_tzdb_destroy(db);
	return check_tally();
}

/* The pinned zone data (*db) and the checked-in problem at path (*p); false
 * with nothing left open after a failed CHECK or saying why. */
static inline bool
pt_open_problem(const char *path, struct cp_tzdb **db, struct cp_problem **p)
{
	*db = pt_open_db();
	*p = *db ? pt_load(*db, path) : NULL;
	if (!*p) {
		cp_tzdb_destroy(*db);
		*db = NULL;
	}
	return *p != NULL;
}

/* The unplaced entry of participant id in plan, or NULL. */
static inline const struct cp_plan_unplaced *
pt_unplaced(const struct cp_plan *plan, const char *id)
{
	for (size_t u = 0; u < plan->n_unplaced; u++)
		if (strcmp(plan->unplaced[u].participant, id) == 0)
			return &plan->unplaced[u];
	return NULL;
}

/* A test's main on one checked-in problem: test on the pinned zone data
 * and the problem at path, then the tally; the exit status (1 when a check
 * failed or either does not open). */
static inline int
pt_run_problem(const char *path, void (*test)(struct cp_tzdb *, const struct cp_problem *))
{
	struct cp_tzdb *db;
	struct cp_problem *p;
	if (!pt_open_problem(path, &db, &p))
		return 1;
	test(db, p);
	cp_problem_destroy(p);
	cp_tzdb_destroy(db);
	return check_tally();
}

/* The plan of p in deterministic mode on work bounds only (the same on any
 * machine) with teachers planned in groups (a failed solve is a failed
 * CHECK, naming what, and NULL). */
static inline struct cp_plan *
pt_solve_grouped(struct cp_tzdb *db, const struct cp_problem *p, const char *what)
{
	struct cp_pipeline_options o = pt_options(1700000000);
	o.deterministic = true;
	o.time_limit = 0;
	o.teacher_groups = CP_PLANNER_GROUPS_ALWAYS;
	return pt_solve_with(db, p, &o, what);
}

#endif
