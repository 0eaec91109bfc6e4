/*
 * report-pilot PROBLEM.json OUTDIR [LANG] [TIME_LIMIT]: solve a problem with
 * the planning pipeline and write OUTDIR/plan.json and OUTDIR/report.html,
 * with the problem's teacher limits. The browser tests (report_browser.py)
 * use it to get real plans of the pilot examples without going through
 * `cohortplan solve`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/plan_json.h"
#include "formats/problem_json.h"
#include "pipeline/pipeline.h"
#include "report/report.h"
#include "test-config.h"

int
main(int argc, char **argv)
{
	struct cp_tz_error tzerr = { 0 };
	struct cp_tzdb *db;
	const char *tzdir = getenv("COHORTPLAN_TZDIR");

	if (argc < 3) {
		fprintf(stderr, "usage: report-pilot PROBLEM.json OUTDIR [LANG] [TIME_LIMIT]\n");
		return 64;
	}
	db = cp_tzdb_create(tzdir && *tzdir ? tzdir : CP_TEST_TZDIR, &tzerr);
	if (!db) {
		fprintf(stderr, "report-pilot: %s\n", tzerr.message);
		return 1;
	}
	struct cp_problem_json_options jo = { .holidays_dir = cp_pipeline_holidays_dir() };
	struct cp_problem *p = NULL;
	struct cp_diag *diag = cp_diag_create(20);
	enum cp_problem_status ps = cp_problem_json_load(argv[1], db, &jo, &p, diag);
	if (ps != CP_PROBLEM_OK) {
		for (size_t i = 0; i < cp_diag_count(diag); i++)
			fprintf(stderr, "%s: %s: %s\n", argv[1], cp_diag_entry(diag, i)->path,
				cp_diag_entry(diag, i)->message);
		cp_diag_destroy(diag);
		cp_tzdb_destroy(db);
		return 2;
	}
	cp_diag_destroy(diag);

	struct cp_pipeline_options o;
	cp_pipeline_options_init(&o);
	o.time_limit = argc > 4 ? atof(argv[4]) : 30;
	o.now = 1700000000;
	struct cp_plan *plan = NULL;
	struct cp_error perr = { 0 };
	int rc = 0;
	if (cp_pipeline_solve(db, p, &o, &plan, &perr) != CP_OK) {
		fprintf(stderr, "report-pilot: %s\n", perr.message);
		rc = 1;
	} else {
		struct cp_report_options ro;
		struct cp_error rerr = { 0 };
		struct cp_error ferr = { 0 };
		char path[4096];

		cp_report_options_init(&ro);
		ro.lang = argc > 3 ? argv[3] : "en";
		ro.problem = p;
		if (!cp_report_save(plan, db, &ro, argv[2], &rerr)) {
			fprintf(stderr, "report-pilot: %s\n", rerr.message);
			rc = 1;
		}
		snprintf(path, sizeof path, "%s/plan.json", argv[2]);
		if (rc == 0 && !cp_plan_json_save(plan, path, &ferr)) {
			fprintf(stderr, "report-pilot: %s\n", ferr.message);
			rc = 1;
		}
	}
	cp_plan_destroy(plan);
	cp_problem_destroy(p);
	cp_tzdb_destroy(db);
	return rc;
}
