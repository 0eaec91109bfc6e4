/*
 * What `cohortplan solve` writes and prints: the previous plan it re-plans
 * from, OUTDIR with plan.json and the exports, and the human summary.
 */
#ifndef CP_CLI_SOLVE_OUTPUT_H
#define CP_CLI_SOLVE_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include <cohortplan/plan.h>
#include <cohortplan/problem.h>

#include "commands.h"

/* Read a plan.json to re-plan from; prints errors, returns an exit code. */
int cp_solve_read_previous(struct cp_cli *cli, const char *path, struct cp_plan **out);

/* What solve writes besides plan.json. */
struct cp_solve_output_options {
	const char *lang;       /* report and feeds language; NULL: defaults */
	bool discreet;          /* neutral participant feeds */
	const char *meeting_link;
	const struct cp_problem *problem; /* for the report's teacher limits */
};

/* Write plan.json, the exports (feeds, timetable.json, OneRoster) and
 * report.html as one set that replaces outdir's contents in one swap
 * (cp_outdir_begin/commit in api/formats/atomic_file.h): nothing of an
 * earlier output stays. The caller checks cp_outdir_replaceable() first.
 * Prints errors, returns an exit code. */
int cp_solve_write_outputs(struct cp_cli *cli, const struct cp_plan *plan,
			   struct cp_tzdb *db, const char *outdir,
			   const struct cp_solve_output_options *o);

/* The short human summary: counts, cohorts, unplaced with reasons, advice,
 * in lang (nl, en, fr, ar; NULL: en), worded by api/locale. */
void cp_solve_print_summary(FILE *f, const struct cp_plan *plan, const char *outdir,
			    const char *lang);

/* What a re-plan changed against the previous plan: who moved, joined,
 * left or lost their place, and how many lessons moved or were cancelled;
 * in lang (NULL: en), as the summary. */
void cp_solve_print_changes(FILE *f, const struct cp_plan *plan, const struct cp_plan *prev,
			    const char *lang);

#endif
