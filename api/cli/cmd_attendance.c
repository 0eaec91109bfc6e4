/*
 * cohortplan attendance PLAN.json REGISTER.csv -o OUTDIR: the attendance
 * KPI while the course runs (docs/attendance.md). Reads the plan and the
 * register, checks every row against the plan, and writes
 * OUTDIR/attendance.json only when the whole register is valid.
 */
/* realpath() is XSI, beyond the project's _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/engine.h>
#include <cohortplan/makeup.h>
#include <cohortplan/progress.h>

#include "commands.h"
#include "common/read_file.h"
#include "formats/attendance_json.h"
#include "formats/plan_json.h"
#include "formats/problem_json.h"
#include "formats/register_csv.h"
#include "formats/replan_json.h"
#include "locale/explain.h"
#include "pipeline/pipeline.h"

static const char cmd[] = "attendance";

static void
usage(FILE *f)
{
	fputs("Usage: cohortplan attendance [OPTION...] PLAN.json REGISTER.csv -o OUTDIR\n"
	      "\n"
	      "Put the attendance register of the lessons held so far against the plan\n"
	      "and write OUTDIR/attendance.json (docs/attendance.md): per participant\n"
	      "the minutes attended, held and remaining, the share so far, the best final\n"
	      "share if they attend every remaining lesson they can, and a status:\n"
	      "on_track, at_risk (one more missed lesson and the target is out of\n"
	      "reach) or cannot_reach; per cohort and for the course the counts; and for\n"
	      "each missed lesson up to three lessons of the same theme in other cohorts\n"
	      "(make-up options: from the plan alone, or, with --problem, checked with the\n"
	      "engine against the person's zone, availability, holidays and roster and\n"
	      "the other cohort's seats and teacher).\n"
	      "\n"
	      "REGISTER.csv: a header line participant,cohort,lesson,minutes_present,\n"
	      "then one row per participant and held lesson (lesson: its number in the\n"
	      "cohort, as in plan.json; minutes_present: 0 to the lesson's length).\n"
	      "A lesson counts as held once any member of its cohort has a row for it.\n"
	      "Every bad row is reported as REGISTER.csv:LINE:COLUMN: message; then\n"
	      "nothing is written.\n"
	      "\n"
	      "Options:\n"
	      "  -o, --output DIR   folder to write attendance.json into (created if needed)\n"
	      "  --problem FILE     the planning problem the plan was made from: check the\n"
	      "                     make-up options with the engine; its policy.makeup_counts\n"
	      "                     says whether accepted make-ups count towards the target\n"
	      "  --accepted FILE    accepted make-ups (MAKEUPS.csv: participant,lesson,\n"
	      "                     makeup_cohort,makeup_lesson,minutes_present); needs\n"
	      "                     --problem; each must pass the checks\n"
	      "  --self-study       switch every cannot_reach member to self-study: the\n"
	      "                     remaining themes as modules due a week after their\n"
	      "                     lesson, at the end of the member's local day; writes\n"
	      "                     the revised plan to OUTDIR/plan.json (nobody else\n"
	      "                     changes) for 'cohortplan export --previous'\n"
	      "  --replan FILE      write the problem of a re-plan from this point to FILE:\n"
	      "                     the --problem with every member pinned to their\n"
	      "                     cohort and the cannot_reach members left out, for\n"
	      "                     'cohortplan solve FILE --previous PLAN.json'; needs\n"
	      "                     --problem\n"
	      "  -h, --help         show this help\n"
	      "\n"
	      "Exit status: 0 written, 1 I/O error, 2 invalid plan, register, problem or\n"
	      "accepted make-up, 64 bad usage.\n",
	      f);
}

static void
print_register_errors(struct cp_cli *cli, const char *file, const struct cp_diag *d)
{
	cp_cli_print_line_errors(cli, file, d);
	if (cp_diag_truncated(d))
		fprintf(cli->err, "%s: %zu errors in all; the first %zu are shown\n", file,
			cp_diag_errors(d), cp_diag_count(d));
}

static int
percent(int a, int b)
{
	return b > 0 ? (int)((long long)a * 100 / b) : 0;
}

static void
summary(struct cp_cli *cli, const struct cp_plan *plan, const struct cp_progress *p,
	const char *path)
{
	const struct cp_progress_count *k = &p->course;

	fprintf(cli->out, "%s: %d of %d members on track (%d%%), %d at risk, %d cannot reach\n",
		plan->course, k->on_track, k->members, percent(k->on_track, k->members),
		k->at_risk, k->cannot_reach);
	for (size_t ci = 0; ci < plan->n_cohorts; ci++) {
		const struct cp_plan_cohort *c = &plan->cohorts[ci];
		const struct cp_progress_cohort *pc = &p->cohorts[ci];
		if (c->dissolved)
			continue;
		fprintf(cli->out, "  %s  %zu of %zu lessons held, %d member%s: %d on track, "
			"%d at risk, %d cannot reach\n", c->id, pc->n_held, c->n_lessons,
			pc->count.members, pc->count.members == 1 ? "" : "s", pc->count.on_track,
			pc->count.at_risk, pc->count.cannot_reach);
	}
	fprintf(cli->out, "wrote %s\n", path);
}

/* Load the problem; false after printing its errors (*rc set). */
static bool
load_problem(struct cp_cli *cli, struct cp_tzdb *db, const char *path, struct cp_problem **out,
	     struct cp_diag *d, int *rc)
{
	struct cp_problem_json_options jopts = { .holidays_dir = cp_pipeline_holidays_dir() };
	enum cp_problem_status st = cp_problem_json_load(path, db, &jopts, out, d);
	if (st == CP_PROBLEM_OK)
		return true;
	for (size_t i = 0; i < cp_diag_count(d); i++) {
		const struct cp_diag_entry *e = cp_diag_entry(d, i);
		if (e->severity == CP_DIAG_ERROR)
			fprintf(cli->err, "%s: %s: %s\n", path, e->path[0] ? e->path : "(document)",
				e->message);
	}
	if (st == CP_PROBLEM_ERR_NOMEM)
		fprintf(cli->err, "cohortplan attendance: out of memory reading %s\n", path);
	*rc = st == CP_PROBLEM_ERR_INVALID ? CP_EXIT_INPUT : CP_EXIT_FAILURE;
	return false;
}

/* The command line. */
struct args {
	const char *plan_path, *register_path, *outdir, *problem_path, *accepted_path;
	bool self_study;
	const char *replan_path;
};

/* Parse the command line into A; returns -1 to go on, else the exit
 * status (help shown, or bad usage reported). */
static int
parse_args(struct cp_cli *cli, int argc, char **argv, struct args *A)
{
	memset(A, 0, sizeof(*A));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (cp_cli_is_help(a)) {
			usage(cli->out);
			return CP_EXIT_OK;
		}
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 ||
		    strcmp(a, "--problem") == 0 || strcmp(a, "--accepted") == 0 ||
		    strcmp(a, "--replan") == 0) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return cp_cli_usage(cli, cmd, "option '%s' needs a value", a);
			const char *v = argv[++i];
			if (strcmp(a, "--problem") == 0)
				A->problem_path = v;
			else if (strcmp(a, "--replan") == 0)
				A->replan_path = v;
			else if (strcmp(a, "--accepted") != 0)
				A->outdir = v;
			else
				A->accepted_path = v;
		} else if (strcmp(a, "--self-study") == 0) {
			A->self_study = true;
		} else if (a[0] == '-' && a[1]) {
			return cp_cli_usage(cli, cmd, "unknown option '%s'", a);
		} else if (!A->plan_path) {
			A->plan_path = a;
		} else if (!A->register_path) {
			A->register_path = a;
		} else {
			return cp_cli_usage(cli, cmd, "one plan and one register ('%s' is a third "
					    "file)", a);
		}
	}
	if (!A->plan_path)
		return cp_cli_usage(cli, cmd, "missing PLAN.json");
	if (!A->register_path)
		return cp_cli_usage(cli, cmd, "missing REGISTER.csv");
	if (!A->outdir)
		return cp_cli_usage(cli, cmd, "missing -o OUTDIR");
	if (A->accepted_path && !A->problem_path)
		return cp_cli_usage(cli, cmd, "--accepted needs --problem (accepted make-ups are "
				    "checked against it)");
	if (A->replan_path && !A->problem_path)
		return cp_cli_usage(cli, cmd, "--replan needs --problem (the problem of the "
				    "re-plan is made from it)");
	return -1;
}

/* After a failed read of path: its errors (through print), the file named
 * when memory ran out, and the exit status (CP_EXIT_INPUT for invalid
 * input, else CP_EXIT_FAILURE). */
static int
read_failed(struct cp_cli *cli, const char *path, const struct cp_diag *d,
	    void (*print)(struct cp_cli *, const char *, const struct cp_diag *), bool nomem,
	    bool invalid)
{
	print(cli, path, d);
	if (nomem)
		fprintf(cli->err, "cohortplan attendance: out of memory reading %s\n", path);
	return invalid ? CP_EXIT_INPUT : CP_EXIT_FAILURE;
}

/* Load the plan, the register and the accepted make-ups (when asked);
 * returns the exit status, CP_EXIT_OK when all are valid. */
static int
load_inputs(struct cp_cli *cli, struct cp_tzdb *db, const struct args *A, struct cp_diag *d,
	    struct cp_plan **plan, struct cp_progress_row **rows, size_t *n_rows,
	    struct cp_progress_accepted **acc, size_t *n_acc)
{
	enum cp_plan_json_status ps = cp_plan_json_load(A->plan_path, db, plan, d);
	if (ps != CP_PLAN_JSON_OK)
		return read_failed(cli, A->plan_path, d, cp_cli_print_errors,
				   ps == CP_PLAN_JSON_ERR_NOMEM, ps == CP_PLAN_JSON_ERR_INVALID);
	enum cp_register_status rs = cp_register_csv_load(A->register_path, *plan, rows, n_rows, d);
	if (rs != CP_REGISTER_OK)
		return read_failed(cli, A->register_path, d, print_register_errors,
				   rs == CP_REGISTER_ERR_NOMEM, rs == CP_REGISTER_ERR_INVALID);
	if (A->accepted_path) {
		rs = cp_makeups_csv_load(A->accepted_path, *plan, acc, n_acc, d);
		if (rs != CP_REGISTER_OK)
			return read_failed(cli, A->accepted_path, d, print_register_errors,
					   rs == CP_REGISTER_ERR_NOMEM, rs == CP_REGISTER_ERR_INVALID);
	}
	return CP_EXIT_OK;
}

/* Report every accepted make-up that fails the checks of an option;
 * returns the exit status. */
static int
check_accepted(struct cp_cli *cli, struct cp_makeup_judge *judge, const struct cp_plan *plan,
	       const struct cp_progress_accepted *acc, size_t n_acc, const char *accepted_path)
{
	int rc = CP_EXIT_OK;
	for (size_t i = 0; i < n_acc; i++) {
		const struct cp_progress_accepted *x = &acc[i];
		int why = cp_makeup_judge(judge, x->cohort, x->member, x->opt_cohort,
					  x->opt_lesson);
		if (why == CP_MAKEUP_OK)
			continue;
		const struct cp_plan_cohort *c = &plan->cohorts[x->cohort];
		const struct cp_plan_cohort *oc = &plan->cohorts[x->opt_cohort];
		fprintf(cli->err, "%s: participant \"%s\" cannot take lesson %d of cohort "
			"\"%s\" for lesson %d of \"%s\": %s\n", accepted_path,
			c->members[x->member].participant, oc->lessons[x->opt_lesson].number,
			oc->id, c->lessons[x->missed].number, c->id,
			cp_makeup_reason_name(why));
		rc = CP_EXIT_INPUT;
	}
	return rc;
}

/* Load the problem and make the engine's make-up judge from it; fills
 * po and jo for checked options; returns the exit status. */
static int
setup_judge(struct cp_cli *cli, struct cp_tzdb *db, const struct args *A, struct cp_diag *d,
	    const struct cp_plan *plan, const struct cp_progress_accepted *acc, size_t n_acc,
	    struct cp_problem **problem, struct cp_pipeline_engine **pe,
	    struct cp_makeup_judge **judge, struct cp_progress_options *po,
	    struct cp_attendance_json_options *jo)
{
	int rc = CP_EXIT_OK;
	if (!load_problem(cli, db, A->problem_path, problem, d, &rc))
		return rc;
	struct cp_error perr = { 0 };
	*pe = cp_pipeline_engine_create(*problem, NULL, &perr);
	if (!*pe) {
		fprintf(cli->err, "cohortplan attendance: %s: %s\n", A->problem_path, perr.message);
		return cp_cli_exit_for(perr.status);
	}
	struct cp_engine_error eerr = { 0 };
	*judge = cp_makeup_judge_create(plan, *problem,
					cp_engine_attend(cp_pipeline_engine_get(*pe)), acc, n_acc,
					&eerr);
	if (!*judge) {
		fprintf(cli->err, "cohortplan attendance: %s: %s\n", A->problem_path, eerr.message);
		return eerr.status == CP_ENGINE_ERR_NOMEM ? CP_EXIT_FAILURE : CP_EXIT_INPUT;
	}
	/* An accepted make-up must pass the same checks as an option. */
	rc = check_accepted(cli, *judge, plan, acc, n_acc, A->accepted_path);
	if (rc != CP_EXIT_OK)
		return rc;
	po->judge = cp_makeup_judge;
	po->judge_data = *judge;
	po->accepted = acc;
	po->n_accepted = n_acc;
	po->makeup_counts = cp_problem_policy(*problem)->makeup_counts;
	jo->checked = true;
	jo->db = db;
	jo->makeup_counts = po->makeup_counts;
	return CP_EXIT_OK;
}

/* Whether files a and b are in the same folder (both folders exist). */
static bool
same_folder(const char *a, const char *b)
{
	char da[PATH_MAX], db[PATH_MAX], ra[PATH_MAX], rb[PATH_MAX];
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
	snprintf(da, sizeof(da), "%.*s", sa ? (int)(sa - a) + 1 : 1, sa ? a : ".");
	snprintf(db, sizeof(db), "%.*s", sb ? (int)(sb - b) + 1 : 1, sb ? b : ".");
	return realpath(da, ra) && realpath(db, rb) && strcmp(ra, rb) == 0;
}

/* The problem of the re-plan from this point (docs/attendance.md): every
 * member pinned to their cohort, the cannot_reach ones left out. Sets
 * *text (malloc'd) and returns CP_EXIT_OK, else the exit status after
 * reporting. */
static int
build_replan(struct cp_cli *cli, const struct args *A, const struct cp_plan *plan,
	     const struct cp_progress *progress, char **text, size_t *text_len)
{
	char *src = NULL;
	size_t len = 0;
	int e = 0;
	enum cp_read_status rs = cp_read_file(A->problem_path, CP_JSON_MAX_BYTES,
					      CP_READ_REGULAR_ONLY, &src, &len, &e);
	if (rs != CP_READ_OK) {
		fprintf(cli->err, "cohortplan attendance: %s %s\n", A->problem_path,
			cp_read_status_name(rs));
		return CP_EXIT_FAILURE;
	}
	/* .ics roster paths are relative to the problem's folder. */
	if (cp_replan_has_ics_rosters(src, len) && !same_folder(A->problem_path, A->replan_path)) {
		fprintf(cli->err, "cohortplan attendance: --replan %s: the problem's rosters are "
			".ics files relative to its folder; write the re-plan problem into the "
			"same folder as %s\n", A->replan_path, A->problem_path);
		free(src);
		return CP_EXIT_USAGE;
	}
	struct cp_replan_person *v = calloc(progress->n_members + 1, sizeof(*v));
	if (!v) {
		free(src);
		fprintf(cli->err, "cohortplan attendance: out of memory\n");
		return CP_EXIT_FAILURE;
	}
	for (size_t i = 0; i < progress->n_members; i++) {
		const struct cp_progress_member *m = &progress->members[i];
		const struct cp_plan_cohort *c = &plan->cohorts[m->cohort];
		v[i].participant = c->members[m->member].participant;
		v[i].pin = m->status == CP_PROGRESS_CANNOT_REACH ? NULL : c->id;
	}
	/* The fewest members a cohort keeps: no running cohort may close for
	 * having lost someone (members come cohort by cohort, in plan order). */
	int keep_min = 0;
	for (size_t i = 0, kept = 0; i < progress->n_members; i++) {
		kept += v[i].pin != NULL;
		if (i + 1 == progress->n_members ||
		    progress->members[i + 1].cohort != progress->members[i].cohort) {
			if (kept && (!keep_min || (int)kept < keep_min))
				keep_min = (int)kept;
			kept = 0;
		}
	}
	const char *missing = NULL;
	*text = cp_replan_problem(src, len, v, progress->n_members, keep_min, &missing);
	free(v);
	free(src);
	if (!*text) {
		if (missing)
			fprintf(cli->err, "cohortplan attendance: %s: no participant \"%s\" of the "
				"plan\n", A->problem_path, missing);
		else
			fprintf(cli->err, "cohortplan attendance: out of memory\n");
		return missing ? CP_EXIT_INPUT : CP_EXIT_FAILURE;
	}
	*text_len = strlen(*text);
	return CP_EXIT_OK;
}

int
cp_cmd_attendance(struct cp_cli *cli, int argc, char **argv)
{
	struct args A;
	int parse_rc = parse_args(cli, argc, argv, &A);
	if (parse_rc >= 0)
		return parse_rc;
	int rc = CP_EXIT_OK;
	struct cp_tzdb *db = cp_cli_tzdb(cli);
	if (!db)
		return CP_EXIT_FAILURE;
	struct cp_diag *d = cp_cli_diag(cli, "attendance", 0);
	if (!d)
		return CP_EXIT_FAILURE;
	struct cp_plan *plan = NULL;
	struct cp_problem *problem = NULL;
	struct cp_pipeline_engine *pe = NULL;
	struct cp_makeup_judge *judge = NULL;
	struct cp_progress_row *rows = NULL;
	struct cp_progress_accepted *acc = NULL;
	struct cp_progress *progress = NULL;
	char *path = NULL, *plan_out = NULL, *replan = NULL;
	size_t n_rows = 0, n_acc = 0, replan_len = 0;
	struct cp_progress_options po = { 0 };
	struct cp_attendance_json_options jo = { 0 };

	rc = load_inputs(cli, db, &A, d, &plan, &rows, &n_rows, &acc, &n_acc);
	if (rc != CP_EXIT_OK)
		goto out;
	if (A.problem_path &&
	    (rc = setup_judge(cli, db, &A, d, plan, acc, n_acc, &problem, &pe, &judge, &po,
			      &jo)) != CP_EXIT_OK)
		goto out;
	progress = cp_progress_compute_with(plan, rows, n_rows, &po);
	size_t n = strlen(A.outdir) + sizeof("/attendance.json");
	path = malloc(n);
	plan_out = malloc(n);
	if (!progress || !path || !plan_out) {
		fprintf(cli->err, "cohortplan attendance: out of memory\n");
		rc = CP_EXIT_FAILURE;
		goto out;
	}
	snprintf(path, n, "%s/attendance.json", A.outdir);
	snprintf(plan_out, n, "%s/plan.json", A.outdir);
	int switched = 0;
	if (A.self_study) {
		switched = cp_progress_switch_self_study(plan, progress, db);
		/* The engine marks the route; plan.json carries it in English. */
		if (switched >= 0 && !cp_explain_fill_switched(plan))
			switched = -1;
		if (switched < 0) {
			fprintf(cli->err, "cohortplan attendance: out of memory switching to "
				"self-study\n");
			rc = CP_EXIT_FAILURE;
			goto out;
		}
		jo.self_study = true;
		jo.db = db;
	}
	if (A.replan_path &&
	    (rc = build_replan(cli, &A, plan, progress, &replan, &replan_len)) != CP_EXIT_OK)
		goto out;
	/* Only now, with everything valid, is anything created; each file is
	 * replaced atomically, the plan first (attendance.json describes it). */
	struct cp_error fe;
	memset(&fe, 0, sizeof(fe));
	if (!cp_mkdir_p(A.outdir, &fe) ||
	    (A.self_study && !cp_plan_json_save(plan, plan_out, &fe)) ||
	    !cp_attendance_json_save(plan, progress, &jo, path, &fe) ||
	    (replan && !cp_atomic_write(A.replan_path, replan, replan_len, &fe))) {
		fprintf(cli->err, "cohortplan attendance: %s\n", fe.message);
		rc = CP_EXIT_FAILURE;
		goto out;
	}
	if (!cli->quiet) {
		summary(cli, plan, progress, path);
		if (A.self_study)
			fprintf(cli->out, "switched %d member%s to self-study\nwrote %s\n", switched,
				switched == 1 ? "" : "s", plan_out);
		if (replan)
			fprintf(cli->out, "wrote %s\n", A.replan_path);
	}
out:
	free(replan);
	free(path);
	free(plan_out);
	cp_progress_destroy(progress);
	cp_makeup_judge_destroy(judge);
	cp_pipeline_engine_destroy(pe);
	cp_problem_destroy(problem);
	free(acc);
	free(rows);
	cp_plan_destroy(plan);
	cp_diag_destroy(d);
	return rc;
}
