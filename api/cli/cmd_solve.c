/*
 * cohortplan solve FILE.json -o OUTDIR: plan a problem and write the plan and
 * its exports. Progress goes to stderr (unless --quiet), a short human
 * summary to stdout.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "formats/atomic_file.h"
#include "formats/problem_json.h"
#include "locale/messages.h"
#include "pipeline/pipeline.h"
#include "solve_output.h"

static void
usage(FILE *f)
{
	fputs("Usage: cohortplan solve [OPTION...] FILE.json -o OUTDIR\n"
	      "\n"
	      "Form cohorts, pick their live-session times and teachers, and explain\n"
	      "every participant who could not be placed. Writes OUTDIR/plan.json,\n"
	      "OUTDIR/report.html, OUTDIR/timetable.json, OUTDIR/feeds/*.ics and\n"
	      "OUTDIR/oneroster/*.csv (each atomically) and prints a summary.\n"
	      "\n"
	      "Options:\n"
	      "  -o, --output DIR       where to write (created if missing)\n"
	      "  --time-limit SECONDS   the whole solve's time (default 60): the search gets\n"
	      "                         75%, checking unplaced people's reasons the rest\n"
	      "  --gap FRACTION         stop at this proven relative gap (default 0.001)\n"
	      "  --seed N               tie-breaking seed (default 1)\n"
	      "  --threads N            threads to search with (default: all cores)\n"
	      "  --deterministic        the same plan on every run and machine: the search\n"
	      "                         is bounded by work (neighbourhood rounds, --nodes)\n"
	      "                         instead of time; one thread\n"
	      "  --nodes N              branch-and-bound nodes at most (default: no limit;\n"
	      "                         1000 with --deterministic)\n"
	      "  --previous PLAN.json   re-plan, moving as few people as possible\n"
	      "  --export-model FILE    also write the optimisation model (free MPS)\n"
	      "  --lang LANG            language of the summary, report and feeds: nl, en, fr, ar\n"
	      "  --discreet             participant feeds say \"Lesson 5\", never the theme\n"
	      "  --meeting-link URL     lesson link; {course}, {cohort}, {lesson} are replaced\n"
	      "  -q, --quiet            no progress on stderr\n"
	      "  -h, --help             show this help\n"
	      "\n"
	      "The plan's creation time is $SOURCE_DATE_EPOCH when set (for reproducible\n"
	      "output), else the current time.\n"
	      "Exit status: 0 planned (even if some participants are unplaced: see the\n"
	      "summary), 1 internal or I/O error, 2 invalid problem, 64 bad usage.\n", f);
}

static bool
parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end != '\0' || !isfinite(v) || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* A whole number in [lo, hi]. */
static bool
parse_whole(const char *s, double lo, double hi, double *out)
{
	return parse_double(s, lo, hi, out) && *out == floor(*out);
}

/* "Now", from the caller's clock unless SOURCE_DATE_EPOCH pins it. */
static cp_instant
plan_time(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		long long v = strtoll(sde, &end, 10);
		if (*end == '\0' && v >= 0)
			return (cp_instant)v;
	}
	return (cp_instant)time(NULL);
}

static bool
progress(const struct cp_solver_progress *p, void *data)
{
	FILE *err = data;
	static const char *const phases[] = { "greedy", "LP bound", "branch and bound",
						      "neighbourhoods", "done" };
	if (p->has_incumbent)
		fprintf(err, "solve: %6.1f s  %-16s  placed-score %.2f  bound %.2f  gap %.2f%%  nodes %ld\n",
			p->elapsed, phases[p->phase], p->incumbent, p->bound, 100 * p->gap, p->nodes);
	else
		fprintf(err, "solve: %6.1f s  %-16s  no plan yet  bound %.2f\n", p->elapsed,
			phases[p->phase], p->bound);
	return true;
}

/* The options that take a number: the range it must lie in, whether it
 * must be whole, what the usage error says it needs, and where it goes. */
struct number_option {
	const char *name;
	double lo, hi;
	bool whole;
	const char *needs;
	void (*set)(struct cp_pipeline_options *po, double v);
};

static void
set_time_limit(struct cp_pipeline_options *po, double v)
{
	po->time_limit = v;
}

static void
set_gap(struct cp_pipeline_options *po, double v)
{
	po->gap = v;
}

static void
set_seed(struct cp_pipeline_options *po, double v)
{
	po->seed = (unsigned long)v;
}

static void
set_threads(struct cp_pipeline_options *po, double v)
{
	po->threads = (int)v;
}

static void
set_nodes(struct cp_pipeline_options *po, double v)
{
	po->node_limit = (long)v;
}

static const struct number_option number_options[] = {
	{ "--time-limit", 0.01, 86400 * 7, false, "seconds between 0.01 and 604800", set_time_limit },
	{ "--gap", 0, 1, false, "a fraction between 0 and 1 (0.01 = 1%)", set_gap },
	{ "--seed", 0, 4294967295.0, true, "a whole number", set_seed },
	{ "--threads", 1, 256, true, "a whole number between 1 and 256", set_threads },
	{ "--nodes", 1, 1e12, true, "a whole number of at least 1", set_nodes },
};

static const struct number_option *
number_option(const char *name)
{
	return cp_cli_option_find(number_options, sizeof(number_options) / sizeof(number_options[0]),
				  sizeof(number_options[0]), name);
}

/* What the command line asks of solve. */
struct solve_args {
	const char *file, *outdir, *previous;
	struct cp_solve_output_options oo;
	struct cp_pipeline_options po;
};

/* Parse the options into *a; -1 to go on, else the exit code. */
static int
parse_args(struct cp_cli *cli, int argc, char **argv, struct solve_args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		const struct number_option *num;
		if (cp_cli_is_help(o)) {
			usage(cli->out);
			return CP_EXIT_OK;
		} else if (strcmp(o, "-q") == 0 || strcmp(o, "--quiet") == 0) {
			cli->quiet = true;
		} else if (strcmp(o, "-o") == 0 || strcmp(o, "--output") == 0) {
			if (!val)
				return cp_cli_usage(cli, "solve", "option '%s' needs a directory", o);
			a->outdir = argv[++i];
		} else if ((num = number_option(o))) {
			double v;
			if (!val || !(num->whole ? parse_whole : parse_double)(val, num->lo, num->hi, &v))
				return cp_cli_usage(cli, "solve", "%s needs %s, got '%s'", o, num->needs,
						    val ? val : "");
			num->set(&a->po, v);
			i++;
		} else if (strcmp(o, "--deterministic") == 0) {
			a->po.deterministic = true;
		} else if (strcmp(o, "--previous") == 0) {
			if (!val)
				return cp_cli_usage(cli, "solve", "option '--previous' needs a plan file");
			a->previous = argv[++i];
		} else if (strcmp(o, "--lang") == 0) {
			if (!val || !cp_msg_supported(val))
				return cp_cli_usage(cli, "solve",
						    "--lang needs one of nl, en, fr, ar, got '%s'",
						    val ? val : "");
			a->oo.lang = argv[++i];
		} else if (strcmp(o, "--discreet") == 0) {
			a->oo.discreet = true;
		} else if (strcmp(o, "--meeting-link") == 0) {
			if (!val)
				return cp_cli_usage(cli, "solve", "option '--meeting-link' needs a URL template");
			a->oo.meeting_link = argv[++i];
		} else if (strcmp(o, "--export-model") == 0) {
			if (!val)
				return cp_cli_usage(cli, "solve", "option '--export-model' needs a file");
			a->po.export_model = argv[++i];
		} else if (!cp_cli_file_operand(cli, "solve", "problem", o, &a->file)) {
			return CP_EXIT_USAGE;
		}
	}
	if (!cp_cli_operands_given(cli, "solve", "problem", a->file, a->outdir))
		return CP_EXIT_USAGE;
	return -1;
}

int
cp_cmd_solve(struct cp_cli *cli, int argc, char **argv)
{
	/* the time limit counts from here: reading the problem is part of
	 * the solve the user waits for */
	struct timespec started;
	clock_gettime(CLOCK_MONOTONIC, &started);
	struct solve_args args = { 0 };
	cp_pipeline_options_init(&args.po);
	int prc = parse_args(cli, argc, argv, &args);
	if (prc >= 0)
		return prc;
	const char *file = args.file, *outdir = args.outdir, *previous = args.previous;
	struct cp_solve_output_options oo = args.oo;
	struct cp_pipeline_options po = args.po;

	/* The output folder first: a folder that cannot be written must not
	 * cost a whole solve (exit 1, as any write error). */
	struct cp_error ferr = { 0 };
	if (!cp_outdir_replaceable(outdir, &ferr) || !cp_mkdir_p(outdir, &ferr)) {
		fprintf(cli->err, "cohortplan solve: %s\n", ferr.message);
		return CP_EXIT_FAILURE;
	}
	if (access(outdir, W_OK | X_OK) != 0) {
		fprintf(cli->err, "cohortplan solve: cannot write into %s: %s\n", outdir,
			strerror(errno));
		return CP_EXIT_FAILURE;
	}

	struct cp_tzdb *db = cp_cli_tzdb(cli);
	if (!db)
		return CP_EXIT_FAILURE;

	/* The problem, checked exactly as `cohortplan validate` does. */
	struct cp_problem_json_options jo = { .holidays_dir = cp_pipeline_holidays_dir() };
	struct cp_problem *problem = NULL;
	struct cp_diag *diag = cp_cli_diag(cli, "solve", 200);
	if (!diag)
		return CP_EXIT_FAILURE;
	enum cp_problem_status ps = cp_problem_json_load(file, db, &jo, &problem, diag);
	if (ps != CP_PROBLEM_OK) {
		cp_cli_print_errors(cli, file, diag);
		cp_diag_destroy(diag);
		cp_problem_destroy(problem);
		return ps == CP_PROBLEM_ERR_INVALID ? CP_EXIT_INPUT : CP_EXIT_FAILURE;
	}
	cp_diag_destroy(diag);

	struct cp_plan *prev = NULL;
	if (previous) {
		int rc = cp_solve_read_previous(cli, previous, &prev);
		if (rc != CP_EXIT_OK) {
			cp_problem_destroy(problem);
			return rc;
		}
		po.previous = prev;
	}

	po.now = plan_time();
	if (po.deterministic && po.node_limit == 0)
		po.node_limit = 1000;
	if (!cli->quiet) {
		po.progress = progress;
		po.progress_data = cli->err;
	}
	struct timespec ready;
	clock_gettime(CLOCK_MONOTONIC, &ready);
	po.spent = (double)(ready.tv_sec - started.tv_sec) +
		   (double)(ready.tv_nsec - started.tv_nsec) * 1e-9;
	struct cp_plan *plan = NULL;
	struct cp_error perr = { 0 };
	enum cp_status st = cp_pipeline_solve(db, problem, &po, &plan, &perr);
	int rc = CP_EXIT_OK;
	if (st != CP_OK) {
		fprintf(cli->err, "cohortplan solve: %s: %s\n", file, perr.message);
		rc = cp_cli_exit_for(st);
	} else {
		/* Keep subscribed calendars right: moved lessons raise their
		 * SEQUENCE, dropped ones stay CANCELLED for four weeks. */
		if (prev && !cp_plan_revise(plan, prev, 28)) {
			fprintf(cli->err, "cohortplan solve: out of memory\n");
			rc = CP_EXIT_FAILURE;
		}
		oo.problem = problem;
		if (rc == CP_EXIT_OK && !cli->quiet)
			/* at programme scale the files take seconds: say so */
			fprintf(cli->err, "solve: writing plan.json, feeds, timetable, OneRoster "
				"and report into %s\n", outdir);
		if (rc == CP_EXIT_OK)
			rc = cp_solve_write_outputs(cli, plan, db, outdir, &oo);
		if (rc == CP_EXIT_OK) {
			cp_solve_print_summary(cli->out, plan, outdir, oo.lang);
			if (prev)
				cp_solve_print_changes(cli->out, plan, prev, oo.lang);
		}
	}
	cp_plan_destroy(plan);
	cp_plan_destroy(prev);
	cp_problem_destroy(problem);
	return rc;
}
