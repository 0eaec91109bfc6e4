/*
 * cohortplan attendance PLAN.json REGISTER.csv -o OUTDIR: the attendance
 * KPI while the course runs (docs/attendance.md). Reads the plan and the
 * register, checks every row against the plan, and writes
 * OUTDIR/attendance.json only when the whole register is valid.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/progress.h>

#include "commands.h"
#include "formats/attendance_json.h"
#include "formats/plan_json.h"
#include "formats/register_csv.h"

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
	      "(make-up options from the plan alone, not checked against the person's\n"
	      "availability).\n"
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
	      "  -h, --help         show this help\n"
	      "\n"
	      "Exit status: 0 written, 1 I/O error, 2 invalid plan or register, 64 bad usage.\n",
	      f);
}

static void
print_register_errors(struct cp_cli *cli, const char *file, const struct cp_diag *d)
{
	for (size_t i = 0; i < cp_diag_count(d); i++) {
		const struct cp_diag_entry *e = cp_diag_entry(d, i);
		if (e->severity != CP_DIAG_ERROR)
			continue;
		if (e->line > 0)
			fprintf(cli->err, "%s:%ld:%ld: %s\n", file, e->line, e->column, e->message);
		else
			fprintf(cli->err, "%s: %s\n", file, e->message);
	}
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

int
cp_cmd_attendance(struct cp_cli *cli, int argc, char **argv)
{
	const char *plan_path = NULL, *register_path = NULL, *outdir = NULL;
	int rc = CP_EXIT_OK;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (cp_cli_is_help(a)) {
			usage(cli->out);
			return CP_EXIT_OK;
		}
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return cp_cli_usage(cli, cmd, "option '%s' needs a value", a);
			outdir = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			return cp_cli_usage(cli, cmd, "unknown option '%s'", a);
		} else if (!plan_path) {
			plan_path = a;
		} else if (!register_path) {
			register_path = a;
		} else {
			return cp_cli_usage(cli, cmd, "one plan and one register ('%s' is a third "
					    "file)", a);
		}
	}
	if (!plan_path)
		return cp_cli_usage(cli, cmd, "missing PLAN.json");
	if (!register_path)
		return cp_cli_usage(cli, cmd, "missing REGISTER.csv");
	if (!outdir)
		return cp_cli_usage(cli, cmd, "missing -o OUTDIR");

	struct cp_tzdb *db = cp_cli_tzdb(cli);
	if (!db)
		return CP_EXIT_FAILURE;
	struct cp_diag *d = cp_diag_create(0);
	if (!d) {
		fprintf(cli->err, "cohortplan attendance: out of memory\n");
		return CP_EXIT_FAILURE;
	}
	struct cp_plan *plan = NULL;
	struct cp_progress_row *rows = NULL;
	struct cp_progress *progress = NULL;
	char *path = NULL;
	size_t n_rows = 0;

	enum cp_plan_json_status ps = cp_plan_json_load(plan_path, db, &plan, d);
	if (ps != CP_PLAN_JSON_OK) {
		cp_cli_print_errors(cli, plan_path, d);
		if (ps == CP_PLAN_JSON_ERR_NOMEM)
			fprintf(cli->err, "cohortplan attendance: out of memory reading %s\n",
				plan_path);
		rc = ps == CP_PLAN_JSON_ERR_INVALID ? CP_EXIT_INPUT : CP_EXIT_FAILURE;
		goto out;
	}
	enum cp_register_status rs = cp_register_csv_load(register_path, plan, &rows, &n_rows, d);
	if (rs != CP_REGISTER_OK) {
		print_register_errors(cli, register_path, d);
		if (rs == CP_REGISTER_ERR_NOMEM)
			fprintf(cli->err, "cohortplan attendance: out of memory reading %s\n",
				register_path);
		rc = rs == CP_REGISTER_ERR_INVALID ? CP_EXIT_INPUT : CP_EXIT_FAILURE;
		goto out;
	}
	progress = cp_progress_compute(plan, rows, n_rows);
	size_t n = strlen(outdir) + sizeof("/attendance.json");
	path = malloc(n);
	if (!progress || !path) {
		fprintf(cli->err, "cohortplan attendance: out of memory\n");
		rc = CP_EXIT_FAILURE;
		goto out;
	}
	snprintf(path, n, "%s/attendance.json", outdir);
	/* Only now, with everything valid, is anything created. */
	struct cp_file_error fe;
	memset(&fe, 0, sizeof(fe));
	if (!cp_mkdir_p(outdir, &fe) || !cp_attendance_json_save(plan, progress, path, &fe)) {
		fprintf(cli->err, "cohortplan attendance: %s\n", fe.message);
		rc = CP_EXIT_FAILURE;
		goto out;
	}
	if (!cli->quiet)
		summary(cli, plan, progress, path);
out:
	free(path);
	cp_progress_destroy(progress);
	free(rows);
	cp_plan_destroy(plan);
	cp_diag_destroy(d);
	return rc;
}
