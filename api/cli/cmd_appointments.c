/*
 * cohortplan appointments PROBLEM.json -o OUTDIR: book the one-to-one
 * intake and follow-up calls between participants and case managers
 * (docs/appointments.md, engine: include/cohortplan/appoint.h) and write
 * OUTDIR/appointments.json atomically.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/appoint.h>

#include "commands.h"
#include "formats/appointments_json.h"
#include "formats/problem_json.h"
#include "pipeline/pipeline.h"

static const char cmd[] = "appointments";

static void
usage(FILE *f)
{
	fputs("Usage: cohortplan appointments [OPTION...] PROBLEM.json -o OUTDIR\n"
	      "\n"
	      "Book a one-to-one intake call before the course and a follow-up call\n"
	      "after arrival for every participant, with the problem's case managers\n"
	      "(docs/appointments.md): each call in the participant's own local time\n"
	      "and inside the manager's availability, never two calls of a manager at\n"
	      "once, at most their calls per day. Writes OUTDIR/appointments.json;\n"
	      "'cohortplan export PLAN.json --appointments FILE' puts the calls into\n"
	      "the participants' and case managers' feeds.\n"
	      "\n"
	      "Options:\n"
	      "  -o, --output DIR      folder to write appointments.json into (created if\n"
	      "                        needed)\n"
	      "  --previous FILE       an earlier appointments.json: bookings that still\n"
	      "                        hold are kept; moved ones get a higher SEQUENCE\n"
	      "                        (their calendar UID never changes)\n"
	      "  -h, --help            show this help\n"
	      "\n"
	      "Exit status: 0 written (people who could not be booked are listed in the\n"
	      "file), 1 I/O error, 2 invalid problem or previous file, 64 bad usage.\n",
	      f);
}

int
cp_cmd_appointments(struct cp_cli *cli, int argc, char **argv)
{
	const char *problem_path = NULL, *outdir = NULL, *previous = NULL;
	int rc = CP_EXIT_OK;

	for (int i = 1; i < argc; i++)
		if (cp_cli_is_help(argv[i])) {
			usage(cli->out);
			return CP_EXIT_OK;
		}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 ||
		    strcmp(a, "--previous") == 0) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return cp_cli_usage(cli, cmd, "option '%s' needs a value", a);
			if (strcmp(a, "--previous") == 0)
				previous = argv[++i];
			else
				outdir = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			return cp_cli_usage(cli, cmd, "unknown option '%s'", a);
		} else if (problem_path) {
			return cp_cli_usage(cli, cmd, "one problem file at a time ('%s' and '%s')",
					    problem_path, a);
		} else {
			problem_path = a;
		}
	}
	if (!problem_path)
		return cp_cli_usage(cli, cmd, "missing PROBLEM.json");
	if (!outdir)
		return cp_cli_usage(cli, cmd, "missing -o OUTDIR");

	struct cp_tzdb *db = cp_cli_tzdb(cli);
	if (!db)
		return CP_EXIT_FAILURE;
	struct cp_diag *d = cp_diag_create(0);
	struct cp_problem *p = NULL;
	struct cp_appointments *old = NULL;
	struct cp_appoint_result *res = NULL;
	char *path = NULL;
	if (!d) {
		fprintf(cli->err, "cohortplan appointments: out of memory\n");
		return CP_EXIT_FAILURE;
	}
	struct cp_problem_json_options jopts = { .holidays_dir = cp_pipeline_holidays_dir() };
	enum cp_problem_status st = cp_problem_json_load(problem_path, db, &jopts, &p, d);
	if (st != CP_PROBLEM_OK) {
		cp_cli_print_errors(cli, problem_path, d);
		rc = st == CP_PROBLEM_ERR_INVALID ? CP_EXIT_INPUT : CP_EXIT_FAILURE;
		goto out;
	}
	if (previous) {
		enum cp_appointments_status as = cp_appointments_json_load(previous, db, &old, d);
		if (as != CP_APPOINTMENTS_OK) {
			cp_cli_print_errors(cli, previous, d);
			if (as == CP_APPOINTMENTS_ERR_NOMEM)
				fprintf(cli->err, "cohortplan appointments: out of memory\n");
			rc = as == CP_APPOINTMENTS_ERR_INVALID ? CP_EXIT_INPUT : CP_EXIT_FAILURE;
			goto out;
		}
	}
	struct cp_engine_error eerr = { 0 };
	if (cp_appoint_run(p, old ? old->bookings : NULL, old ? old->n : 0, &res, &eerr) !=
	    CP_ENGINE_OK) {
		fprintf(cli->err, "%s: %s\n", problem_path, eerr.message);
		rc = eerr.status == CP_ENGINE_ERR_NOMEM ? CP_EXIT_FAILURE : CP_EXIT_INPUT;
		goto out;
	}
	size_t n = strlen(outdir) + sizeof("/appointments.json");
	path = malloc(n);
	if (!path) {
		fprintf(cli->err, "cohortplan appointments: out of memory\n");
		rc = CP_EXIT_FAILURE;
		goto out;
	}
	snprintf(path, n, "%s/appointments.json", outdir);
	struct cp_error fe;
	memset(&fe, 0, sizeof(fe));
	if (!cp_mkdir_p(outdir, &fe) ||
	    !cp_appointments_json_save(p, res, cp_tzdb_version(db), path, &fe)) {
		fprintf(cli->err, "cohortplan appointments: %s\n", fe.message);
		rc = CP_EXIT_FAILURE;
		goto out;
	}
	if (!cli->quiet) {
		size_t moved = 0;
		for (size_t i = 0; i < res->n_bookings; i++)
			for (size_t k = 0; old && k < old->n; k++)
				if (strcmp(old->bookings[k].participant,
					   cp_problem_participant(p, res->bookings[i].participant)->id) == 0 &&
				    old->bookings[k].kind == res->bookings[i].kind &&
				    old->bookings[k].sequence != res->bookings[i].sequence)
					moved++;
		fprintf(cli->out, "%zu calls booked with %zu case managers, %zu not booked",
			res->n_bookings, cp_problem_case_manager_count(p), res->n_unbooked);
		if (old)
			fprintf(cli->out, ", %zu moved", moved);
		fprintf(cli->out, "\nwrote %s\n", path);
	}
out:
	free(path);
	cp_appoint_result_destroy(res);
	cp_appointments_destroy(old);
	cp_problem_destroy(p);
	cp_diag_destroy(d);
	return rc;
}
