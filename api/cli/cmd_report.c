/*
 * cohortplan report PLAN.json -o OUTDIR: draw a plan as OUTDIR/report.html,
 * the planner's visual report (api/report). `cohortplan solve` writes the
 * same page next to plan.json; this command redraws it from a plan.json, in
 * another language or with the teachers' limits from the problem file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "formats/plan_json.h"
#include "formats/problem_json.h"
#include "formats/register_csv.h"
#include "locale/messages.h"
#include "pipeline/pipeline.h"
#include "report/report.h"

static void
usage(FILE *f)
{
	fputs("Usage: cohortplan report [OPTION...] PLAN.json -o OUTDIR\n"
	      "\n"
	      "Write OUTDIR/report.html: one offline page (no scripts, printable) with\n"
	      "the plan's summary, each cohort's lessons on the local day of the teacher\n"
	      "and of every zone its members live in (clock changes marked), each\n"
	      "teacher's week, the participants not placed with reasons and advice, and\n"
	      "the attendance distribution.\n"
	      "\n"
	      "Options:\n"
	      "  -o, --output DIR     where to write (created if missing)\n"
	      "  --lang LANG          language of the page: nl, en (default), fr, ar\n"
	      "  --problem FILE.json  the problem the plan was made from, to show each\n"
	      "                       teacher's load against their limits\n"
	      "  --register FILE.csv  the attendance register so far (docs/attendance.md):\n"
	      "                       adds the progress view (lessons held, attendance per\n"
	      "                       lesson, who is at risk)\n"
	      "  -h, --help           show this help\n"
	      "\n"
	      "Exit status: 0 written, 1 internal or I/O error, 2 invalid plan, problem\n"
	      "or register, 64 bad usage.\n", f);
}

int
cp_cmd_report(struct cp_cli *cli, int argc, char **argv)
{
	const char *file = NULL, *outdir = NULL, *lang = "en", *problem_file = NULL;
	const char *register_file = NULL;
	struct cp_progress_row *rows = NULL;
	struct cp_progress *progress = NULL;
	size_t n_rows = 0;
	struct cp_report_options ro;
	struct cp_error rerr = { 0 };
	struct cp_problem *problem = NULL;
	struct cp_plan *plan = NULL;
	struct cp_diag *diag;
	struct cp_tzdb *db;
	int rc = CP_EXIT_OK;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (cp_cli_is_help(a)) {
			usage(cli->out);
			return CP_EXIT_OK;
		} else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
			if (!val)
				return cp_cli_usage(cli, "report", "option '%s' needs a directory", a);
			outdir = argv[++i];
		} else if (strcmp(a, "--lang") == 0) {
			if (!val || !cp_msg_supported(val))
				return cp_cli_usage(cli, "report",
						    "--lang needs one of nl, en, fr, ar, got '%s'",
						    val ? val : "");
			lang = argv[++i];
		} else if (strcmp(a, "--problem") == 0) {
			if (!val)
				return cp_cli_usage(cli, "report", "option '--problem' needs a file");
			problem_file = argv[++i];
		} else if (strcmp(a, "--register") == 0) {
			if (!val)
				return cp_cli_usage(cli, "report", "option '--register' needs a file");
			register_file = argv[++i];
		} else if (!cp_cli_file_operand(cli, "report", "plan", a, &file)) {
			return CP_EXIT_USAGE;
		}
	}
	if (!cp_cli_operands_given(cli, "report", "plan", file, outdir))
		return CP_EXIT_USAGE;

	db = cp_cli_tzdb(cli);
	if (!db)
		return CP_EXIT_FAILURE;
	diag = cp_cli_diag(cli, "report", 200);
	if (!diag)
		return CP_EXIT_FAILURE;
	enum cp_plan_json_status ps = cp_plan_json_load(file, db, &plan, diag);
	if (ps != CP_PLAN_JSON_OK) {
		cp_cli_print_errors(cli, file, diag);
		if (ps == CP_PLAN_JSON_ERR_NOMEM)
			fprintf(cli->err, "cohortplan report: out of memory\n");
		cp_diag_destroy(diag);
		return ps == CP_PLAN_JSON_ERR_INVALID ? CP_EXIT_INPUT : CP_EXIT_FAILURE;
	}
	if (problem_file) {
		struct cp_problem_json_options jo = { .holidays_dir = cp_pipeline_holidays_dir() };
		enum cp_problem_status st = cp_problem_json_load(problem_file, db, &jo, &problem, diag);
		if (st != CP_PROBLEM_OK) {
			cp_cli_print_errors(cli, problem_file, diag);
			if (st == CP_PROBLEM_ERR_NOMEM)
				fprintf(cli->err, "cohortplan report: out of memory\n");
			rc = st == CP_PROBLEM_ERR_INVALID ? CP_EXIT_INPUT : CP_EXIT_FAILURE;
		}
	}
	if (rc == CP_EXIT_OK && register_file) {
		enum cp_register_status rs = cp_register_csv_load(register_file, plan, &rows, &n_rows,
								  diag);
		if (rs != CP_REGISTER_OK) {
			cp_cli_print_line_errors(cli, register_file, diag);
			rc = rs == CP_REGISTER_ERR_INVALID ? CP_EXIT_INPUT : CP_EXIT_FAILURE;
		} else if (!(progress = cp_progress_compute(plan, rows, n_rows))) {
			fprintf(cli->err, "cohortplan report: out of memory\n");
			rc = CP_EXIT_FAILURE;
		}
	}
	cp_diag_destroy(diag);

	if (rc == CP_EXIT_OK) {
		cp_report_options_init(&ro);
		ro.lang = lang;
		ro.problem = problem;
		ro.progress = progress;
		if (!cp_report_save(plan, db, &ro, outdir, &rerr)) {
			fprintf(cli->err, "cohortplan report: %s\n", rerr.message);
			rc = CP_EXIT_FAILURE;
		} else if (!cli->quiet) {
			fprintf(cli->err, "cohortplan report: wrote %s/report.html\n", outdir);
		}
	}
	cp_progress_destroy(progress);
	free(rows);
	cp_problem_destroy(problem);
	cp_plan_destroy(plan);
	return rc;
}
