/*
 * cohortplan export PLAN.json -o OUTDIR: write a plan's calendar feeds,
 * timetable.json and OneRoster bundle (api/formats/export.h), optionally
 * revised against the plan published before (re-plans).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "cp-config.h"
#include "formats/export.h"
#include "formats/appointments_json.h"
#include "formats/plan_json.h"
#include "formats/register_csv.h"

static void
usage(FILE *f)
{
	fputs("Usage: cohortplan export [OPTION...] PLAN.json -o OUTDIR\n"
	      "\n"
	      "Write the exports of a plan (docs/plan.md, docs/feeds.md):\n"
	      "  OUTDIR/feeds/cohort-ID.ics, teacher-ID.ics, participant-ID.ics\n"
	      "  OUTDIR/timetable.json\n"
	      "  OUTDIR/oneroster/*.csv (OneRoster 1.1, bulk)\n"
	      "Every file is replaced atomically; an unchanged plan gives identical bytes.\n"
	      "\n"
	      "Options:\n"
	      "  -o, --output DIR        folder to write (created if needed)\n"
	      "  --lang LANG             language of participant and cohort feeds:\n"
	      "                          nl, en, fr or ar (default: the course language\n"
	      "                          when supported, else en)\n"
	      "  --teacher-lang LANG     language of teacher feeds (default: --lang, else en)\n"
	      "  --discreet              participant feeds say \"Lesson 5\": no theme names,\n"
	      "                          no course title\n"
	      "  --meeting-link URL      link of the online lessons; {course}, {cohort}\n"
	      "                          and {lesson} are replaced\n"
	      "  --no-deadline-events    self-paced deadlines as VTODO only\n"
	      "  --no-member-ids         no participant ids in teacher and cohort feeds\n"
	      "  --utc                   all times in UTC, no VTIMEZONE (for clients that\n"
	      "                          mishandle generated time zones)\n"
	      "  --uid-domain DOMAIN     right-hand side of UIDs (default cohortplan)\n"
	      "  --refresh MINUTES       refresh hint for subscribers (default 720)\n"
	      "  --previous OLD.json     the plan published before this one: moved lessons\n"
	      "                          get a higher SEQUENCE, dropped ones are kept as\n"
	      "                          cancelled; the revised plan is written to\n"
	      "                          OUTDIR/plan.json for the next re-plan\n"
	      "  --keep-cancelled DAYS   how long cancelled lessons stay (default 30)\n"
	      "  --makeups FILE          accepted make-up lessons (MAKEUPS.csv, as for\n"
	      "                          'cohortplan attendance --accepted'): a tentative\n"
	      "                          event each in the participant's feed\n"
	      "  --appointments FILE     booked calls (appointments.json of 'cohortplan\n"
	      "                          appointments'): in the participant's feed and in\n"
	      "                          feeds/manager-ID.ics of the case manager\n"
	      "  -h, --help              show this help\n"
	      "\n"
	      "Exit status: 0 written, 1 I/O error, 2 invalid plan, make-ups or appointments,\n"
	      "64 bad usage.\n", f);
}

static void
print_diag(FILE *f, const char *file, const struct cp_diag *d)
{
	for (size_t i = 0; i < cp_diag_count(d); i++) {
		const struct cp_diag_entry *e = cp_diag_entry(d, i);
		fprintf(f, "%s: %s: %s%s\n", file, e->path[0] ? e->path : "(document)",
			e->severity == CP_DIAG_WARNING ? "warning: " : "", e->message);
	}
}

static struct cp_plan *
load(struct cp_cli *cli, struct cp_tzdb *db, const char *path, int *rc)
{
	struct cp_plan *plan = NULL;
	struct cp_diag *d = cp_diag_create(0);

	if (!d) {
		*rc = CP_EXIT_FAILURE;
		return NULL;
	}
	enum cp_plan_json_status s = cp_plan_json_load(path, db, &plan, d);
	if (s != CP_PLAN_JSON_OK) {
		print_diag(cli->err, path, d);
		if (s == CP_PLAN_JSON_ERR_NOMEM)
			fprintf(cli->err, "cohortplan export: out of memory reading %s\n", path);
		*rc = s == CP_PLAN_JSON_ERR_INVALID ? CP_EXIT_INPUT : CP_EXIT_FAILURE;
	}
	cp_diag_destroy(d);
	return plan;
}

static bool
parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

/* The command line. */
struct args {
	const char *plan_path, *outdir, *previous, *makeups, *appointments;
	int keep_days;
};

/* Parse the command line into o and A; returns -1 to go on, else the exit
 * status (help shown, or bad usage reported). */
static int
parse_args(struct cp_cli *cli, int argc, char **argv, struct cp_export_options *o,
	   struct args *A)
{
	static const char cmd[] = "export";

	memset(A, 0, sizeof(*A));
	A->keep_days = 30;
	cp_export_options_init(o);
	o->feeds.version = CP_VERSION;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		/* Options that take a value. */
		static const char *const valued[] = {
			"-o", "--output", "--lang", "--teacher-lang", "--meeting-link",
			"--uid-domain", "--refresh", "--previous", "--keep-cancelled",
			"--makeups", "--appointments",
		};
		bool takes = false;
		for (size_t k = 0; k < sizeof(valued) / sizeof(valued[0]); k++)
			takes |= strcmp(a, valued[k]) == 0;
		if (takes && (i + 1 >= argc || argv[i + 1][0] == '\0'))
			return cp_cli_usage(cli, cmd, "option '%s' needs a value", a);
		if (cp_cli_is_help(a)) {
			usage(cli->out);
			return CP_EXIT_OK;
		} else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
			A->outdir = argv[++i];
		} else if (strcmp(a, "--lang") == 0) {
			o->feeds.lang = argv[++i];
		} else if (strcmp(a, "--teacher-lang") == 0) {
			o->feeds.teacher_lang = argv[++i];
		} else if (strcmp(a, "--meeting-link") == 0) {
			o->feeds.meeting_link = argv[++i];
		} else if (strcmp(a, "--uid-domain") == 0) {
			o->feeds.uid_domain = argv[++i];
		} else if (strcmp(a, "--refresh") == 0) {
			if (!parse_int(argv[++i], 1, 10080, &o->feeds.refresh_minutes))
				return cp_cli_usage(cli, cmd, "--refresh needs minutes from 1 to 10080, "
						    "not '%s'", argv[i]);
		} else if (strcmp(a, "--appointments") == 0) {
			A->appointments = argv[++i];
		} else if (strcmp(a, "--makeups") == 0) {
			A->makeups = argv[++i];
		} else if (strcmp(a, "--previous") == 0) {
			A->previous = argv[++i];
		} else if (strcmp(a, "--keep-cancelled") == 0) {
			if (!parse_int(argv[++i], 0, 3650, &A->keep_days))
				return cp_cli_usage(cli, cmd, "--keep-cancelled needs days from 0 to "
						    "3650, not '%s'", argv[i]);
		} else if (strcmp(a, "--discreet") == 0) {
			o->feeds.discreet = true;
		} else if (strcmp(a, "--no-deadline-events") == 0) {
			o->feeds.deadline_events = false;
		} else if (strcmp(a, "--no-member-ids") == 0) {
			o->feeds.member_ids = false;
		} else if (strcmp(a, "--utc") == 0) {
			o->feeds.utc_times = true;
		} else if (a[0] == '-' && a[1]) {
			return cp_cli_usage(cli, cmd, "unknown option '%s'", a);
		} else if (A->plan_path) {
			return cp_cli_usage(cli, cmd, "one plan at a time ('%s' and '%s')", A->plan_path,
					    a);
		} else {
			A->plan_path = a;
		}
	}
	if (!A->plan_path)
		return cp_cli_usage(cli, cmd, "missing PLAN.json");
	if (!A->outdir)
		return cp_cli_usage(cli, cmd, "missing -o OUTDIR");
	return -1;
}

/* The accepted make-ups of MAKEUPS.csv as extra feed events (*extras, into
 * o's feeds); returns the exit status after printing any errors. */
static int
load_makeups(struct cp_cli *cli, struct cp_plan *plan, const char *makeups,
	     struct cp_export_options *o, struct cp_feed_extra **extras)
{
	struct cp_progress_accepted *acc = NULL;
	size_t n_acc = 0;
	struct cp_diag *d = cp_diag_create(0);
	enum cp_register_status ms = d ? cp_makeups_csv_load(makeups, plan, &acc, &n_acc, d)
				       : CP_REGISTER_ERR_NOMEM;
	if (ms == CP_REGISTER_OK && !(*extras = cp_export_makeup_extras(plan, acc, n_acc)))
		ms = CP_REGISTER_ERR_NOMEM;
	if (d) /* the make-ups reader writes errors only */
		cp_cli_print_line_errors(cli, makeups, d);
	if (ms == CP_REGISTER_ERR_NOMEM)
		fprintf(cli->err, "cohortplan export: out of memory reading %s\n", makeups);
	cp_diag_destroy(d);
	o->feeds.extras = *extras;
	o->feeds.n_extras = n_acc;
	free(acc);
	if (ms != CP_REGISTER_OK)
		return ms == CP_REGISTER_ERR_INVALID ? CP_EXIT_INPUT : CP_EXIT_FAILURE;
	return CP_EXIT_OK;
}

/* The calls of APPOINTMENTS.json (*calls) added to o's extra feed events
 * (*all: the combined list); returns the exit status after printing any
 * errors. */
static int
add_appointments(struct cp_cli *cli, struct cp_tzdb *db, const struct cp_plan *plan,
		 const char *appointments, struct cp_export_options *o,
		 struct cp_appointments **calls, struct cp_feed_extra **all)
{
	struct cp_diag *d = cp_diag_create(0);
	enum cp_appointments_status as = d ? cp_appointments_json_load(appointments, db,
								       calls, d)
					   : CP_APPOINTMENTS_ERR_NOMEM;
	if (as == CP_APPOINTMENTS_OK && plan->course &&
	    strcmp((*calls)->course, plan->course) != 0) {
		fprintf(cli->err, "%s: /course: \"%s\" is not the plan's course \"%s\"\n",
			appointments, (*calls)->course, plan->course);
		as = CP_APPOINTMENTS_ERR_INVALID;
	}
	if (d)
		print_diag(cli->err, appointments, d);
	cp_diag_destroy(d);
	size_t n_calls = 0;
	struct cp_feed_extra *ce = as == CP_APPOINTMENTS_OK
					   ? cp_appointments_extras(*calls, &n_calls) : NULL;
	size_t n = o->feeds.n_extras + n_calls;
	*all = ce ? calloc(n + 1, sizeof(**all)) : NULL;
	if (as == CP_APPOINTMENTS_OK && !*all) {
		fprintf(cli->err, "cohortplan export: out of memory\n");
		as = CP_APPOINTMENTS_ERR_NOMEM;
	}
	if (*all) {
		if (o->feeds.n_extras)
			memcpy(*all, o->feeds.extras, o->feeds.n_extras * sizeof(**all));
		memcpy(*all + o->feeds.n_extras, ce, n_calls * sizeof(**all));
		o->feeds.extras = *all;
		o->feeds.n_extras = n;
	}
	free(ce);
	if (as != CP_APPOINTMENTS_OK)
		return as == CP_APPOINTMENTS_ERR_INVALID ? CP_EXIT_INPUT : CP_EXIT_FAILURE;
	return CP_EXIT_OK;
}

/* The revised plan: the next re-plan compares against it. Counted in
 * *files; returns the status, with *err filled on failure. */
static enum cp_status
save_revised(const struct cp_plan *plan, const char *outdir, size_t *files,
	     struct cp_error *err)
{
	enum cp_status s = CP_OK;
	size_t n = strlen(outdir) + sizeof("/plan.json");
	char *path = malloc(n);
	if (!path) {
		s = cp_error_set(err, CP_ERR_NOMEM, "out of memory");
	} else {
		snprintf(path, n, "%s/plan.json", outdir);
		if (!cp_plan_json_save(plan, path, err))
			s = err->status;
		else
			(*files)++;
		free(path);
	}
	return s;
}

int
cp_cmd_export(struct cp_cli *cli, int argc, char **argv)
{
	struct cp_export_options o;
	struct args A;
	int rc = CP_EXIT_OK;

	int parse_rc = parse_args(cli, argc, argv, &o, &A);
	if (parse_rc >= 0)
		return parse_rc;
	struct cp_tzdb *db = cp_cli_tzdb(cli);
	if (!db)
		return CP_EXIT_FAILURE;
	struct cp_plan *plan = load(cli, db, A.plan_path, &rc);
	if (!plan)
		return rc;
	if (A.previous) {
		struct cp_plan *old = load(cli, db, A.previous, &rc);
		if (!old) {
			cp_plan_destroy(plan);
			return rc;
		}
		/* Ids first: a group whose times moved is still the same
		 * cohort to its subscribers (a no-op for a re-plan of old). */
		bool ok = cp_plan_match_ids(plan, old) && cp_plan_revise(plan, old, A.keep_days);
		cp_plan_destroy(old);
		if (!ok) {
			fprintf(cli->err, "cohortplan export: out of memory revising the plan\n");
			cp_plan_destroy(plan);
			return CP_EXIT_FAILURE;
		}
	}

	struct cp_feed_extra *extras = NULL;
	if (A.makeups) {
		rc = load_makeups(cli, plan, A.makeups, &o, &extras);
		if (rc != CP_EXIT_OK) {
			cp_plan_destroy(plan);
			return rc;
		}
	}

	struct cp_appointments *calls = NULL;
	struct cp_feed_extra *all = NULL;
	if (A.appointments) {
		rc = add_appointments(cli, db, plan, A.appointments, &o, &calls, &all);
		if (rc != CP_EXIT_OK) {
			free(extras);
			cp_appointments_destroy(calls);
			cp_plan_destroy(plan);
			return rc;
		}
	}

	struct cp_error err;
	size_t files = 0;
	memset(&err, 0, sizeof(err));
	enum cp_status s = cp_export_all(plan, db, &o, A.outdir, &files, &err);
	if (s == CP_OK && A.previous)
		s = save_revised(plan, A.outdir, &files, &err);
	if (s != CP_OK) {
		fprintf(cli->err, "cohortplan export: %s\n", err.message);
		rc = cp_cli_exit_for(s);
	} else if (!cli->quiet) {
		fprintf(cli->out, "wrote %zu files to %s\n", files, A.outdir);
	}
	free(extras);
	free(all);
	cp_appointments_destroy(calls);
	cp_plan_destroy(plan);
	return rc;
}
