/*
 * What `cohortplan solve` writes and prints: the previous plan it re-plans
 * from, OUTDIR with plan.json and the exports, and the human summary.
 */
#ifndef CP_CLI_SOLVE_OUTPUT_H
#define CP_CLI_SOLVE_OUTPUT_H

#include <stdio.h>

#include <cohortplan/plan.h>

#include "commands.h"

/* Read a plan.json to re-plan from; prints errors, returns an exit code. */
int cp_solve_read_previous(struct cp_cli *cli, const char *path, struct cp_plan **out);

/* Create outdir and write plan.json and the exports into it, each file
 * atomically. Prints errors, returns an exit code. */
int cp_solve_write_outputs(struct cp_cli *cli, const struct cp_plan *plan,
			   struct cp_tzdb *db, const char *outdir);

/* The short human summary: counts, cohorts, unplaced with reasons, advice. */
void cp_solve_print_summary(FILE *f, const struct cp_plan *plan, const char *outdir);

#endif
