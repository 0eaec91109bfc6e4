/*
 * cohortplan validate FILE.json: read a planning problem, report every
 * error (one per line, "PATH: message") or a one-paragraph summary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "formats/problem_json.h"
#include "pipeline/pipeline.h"

static void usage(FILE *f)
{
	fputs("Usage: cohortplan validate [--no-warnings] FILE.json\n"
	      "\n"
	      "Check a planning problem (see docs/input.md) without solving it.\n"
	      "Valid: prints a summary (participants per zone and profile, live and\n"
	      "self-paced hours) and exits 0. Invalid: prints every error as\n"
	      "'PATH: message', PATH a JSON Pointer into the file ('(document)' for\n"
	      "syntax and encoding errors), and exits 2. '-' reads standard input.\n"
	      "\n"
	      "Options:\n"
	      "  --no-warnings  do not print warnings (they never change the exit status)\n"
	      "  -h, --help     show this help\n", f);
}

/* "28.8 h" */
static void hours(int minutes, char *b, size_t n)
{
	snprintf(b, n, "%g h", minutes / 60.0);
}

static void print_entry(FILE *f, const struct cp_diag_entry *e)
{
	const char *path = e->path[0] ? e->path : "(document)";
	if (e->severity == CP_DIAG_WARNING)
		fprintf(f, "%s: warning: %s\n", path, e->message);
	else
		fprintf(f, "%s: %s\n", path, e->message);
}

struct count {
	const char *key;
	size_t n;
};

static int count_cmp(const void *a, const void *b)
{
	const struct count *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void tally(struct count *v, size_t *nv, const char *key)
{
	for (size_t i = 0; i < *nv; i++)
		if (strcmp(v[i].key, key) == 0) {
			v[i].n++;
			return;
		}
	v[*nv].key = key;
	v[*nv].n = 1;
	(*nv)++;
}

static const char *zone_of(const struct cp_tz *tz, const char *written)
{
	return tz ? cp_tz_name(tz) : written;
}

static void print_counts(FILE *f, struct count *v, size_t n, size_t max_shown)
{
	qsort(v, n, sizeof(*v), count_cmp);
	for (size_t i = 0; i < n && i < max_shown; i++)
		fprintf(f, "%s%zu in %s", i ? ", " : "", v[i].n, v[i].key);
	if (n > max_shown) {
		size_t rest = 0;
		for (size_t i = max_shown; i < n; i++)
			rest += v[i].n;
		fprintf(f, " and %zu in %zu other zones", rest, n - max_shown);
	}
}

static void fmt_day(cp_day d, char *b, size_t n)
{
	int32_t y;
	int m, day;
	cp_civil_from_days(d, &y, &m, &day);
	snprintf(b, n, "%04d-%02d-%02d", (int)y, m, day);
}

/* The course: its hours, dates, sessions and themes. */
static void
summary_course(FILE *f, const char *file, const struct cp_course *co)
{
	char a[32], b[32], c[32], d1[16], d2[16];

	hours(co->lesson_minutes, a, sizeof(a));
	hours(co->live_minutes, b, sizeof(b));
	hours(co->self_paced_minutes, c, sizeof(c));
	fmt_day(co->start, d1, sizeof(d1));
	fmt_day(co->end, d2, sizeof(d2));
	fprintf(f, "%s is valid. Course %s (%s): %s from %s to %s = %s live (%g%%) + %s "
		"self-paced", file, co->id, co->language, a, d1, d2, b, co->sync_share * 100, c);
	if (co->n_modules)
		fprintf(f, " in %zu modules", co->n_modules);
	if (co->session_minutes % 60)
		snprintf(a, sizeof(a), "%d h %02d min", co->session_minutes / 60,
			 co->session_minutes % 60);
	else
		hours(co->session_minutes, a, sizeof(a));
	{
		/* Exact live minutes, as solve plans them: the last session
		 * lasts the remainder. */
		int n = (co->live_minutes + co->session_minutes - 1) / co->session_minutes;
		int last = co->live_minutes - (n - 1) * co->session_minutes;
		if (last != co->session_minutes) {
			char l[32];
			if (last % 60)
				snprintf(l, sizeof(l), "%d h %02d min", last / 60, last % 60);
			else
				hours(last, l, sizeof(l));
			fprintf(f, ", %d live sessions (%d of %s and a last one of %s), %d-%d a week",
				n, n - 1, a, l, co->sessions_min, co->sessions_max);
		} else {
			fprintf(f, ", %d live sessions of %s, %d-%d a week", n, a, co->sessions_min,
				co->sessions_max);
		}
	}
	if (co->n_themes)
		fprintf(f, ", %zu themes", co->n_themes);
	fprintf(f, ".");

}

/* The participants: zones, profiles and what some of them have; adds
 * those with a display name to *names. */
static void
summary_participants(FILE *f, const struct cp_problem *p, struct count *zones, size_t *names)
{
	size_t np = cp_problem_participant_count(p);
	size_t nz = 0, prof[CP_PROFILE_COUNT] = { 0 }, inline_r = 0, ics_r = 0;
	size_t partners = 0, departures = 0, own_cal = 0, periods = 0;
	for (size_t i = 0; i < np; i++) {
		const struct cp_participant *x = cp_problem_participant(p, i);
		tally(zones, &nz, zone_of(x->tz, x->zone));
		if (x->profile >= 0 && x->profile < CP_PROFILE_COUNT)
			prof[x->profile]++;
		inline_r += x->roster.kind == CP_ROSTER_INLINE;
		ics_r += x->roster.kind == CP_ROSTER_ICS;
		*names += x->display_name != NULL;
		partners += x->partner != NULL;
		departures += x->departure != CP_DAY_UNSET;
		own_cal += x->n_holidays > 0;
		periods += x->n_periods > 0;
	}
	fprintf(f, " %zu participant%s: ", np, np == 1 ? "" : "s");
	print_counts(f, zones, nz, 12);
	fprintf(f, "; %zu labour migrant%s, %zu partner%s, %zu family migrant%s", prof[0],
		prof[0] == 1 ? "" : "s", prof[1], prof[1] == 1 ? "" : "s", prof[2],
		prof[2] == 1 ? "" : "s");
	if (inline_r + ics_r)
		fprintf(f, "; %zu with a shift roster (%zu inline, %zu from .ics files)",
			inline_r + ics_r, inline_r, ics_r);
	if (partners)
		fprintf(f, "; %zu with a partner link", partners);
	if (departures)
		fprintf(f, "; %zu with a departure date", departures);
	if (own_cal)
		fprintf(f, "; %zu with holiday calendars of their own", own_cal);
	if (periods)
		fprintf(f, "; %zu with dated periods of other hours", periods);
	fprintf(f, ".");

}

static void
summary_teachers(FILE *f, const struct cp_problem *p, struct count *zones, size_t *names)
{
	size_t nt = cp_problem_teacher_count(p), nz = 0, own_cal = 0, periods = 0;
	for (size_t i = 0; i < nt; i++) {
		const struct cp_teacher *t = cp_problem_teacher(p, i);
		tally(zones, &nz, zone_of(t->tz, t->zone));
		*names += t->display_name != NULL;
		own_cal += t->n_holidays > 0;
		periods += t->n_periods > 0;
	}
	fprintf(f, " %zu teacher%s: ", nt, nt == 1 ? "" : "s");
	print_counts(f, zones, nz, 6);
	if (own_cal)
		fprintf(f, "; %zu with holiday calendars of their own", own_cal);
	if (periods)
		fprintf(f, "; %zu with dated periods of other hours", periods);
}

/* The policy: cohort sizes, target, day, holidays, calendars, Ramadan. */
static void
summary_policy(FILE *f, const struct cp_problem *p, size_t names)
{
	const struct cp_policy *pol = cp_problem_policy(p);
	fprintf(f, ". Cohorts of %d-%d, attendance target %g%%, participants' day %02d:%02d-%02d:%02d",
		pol->cohort_min, pol->cohort_max, pol->attendance_target * 100,
		pol->earliest / 60, pol->earliest % 60, pol->latest / 60, pol->latest % 60);
	if (pol->below_admit && pol->below_floor < pol->attendance_target)
		fprintf(f, "; members below the target admitted down to %g%%", pol->below_floor * 100);
	else
		fprintf(f, "; no members below the target");
	if (pol->n_holidays) {
		fprintf(f, "; holidays ");
		for (size_t i = 0; i < pol->n_holidays; i++) {
			const struct cp_holiday_use *h = &pol->holidays[i];
			fprintf(f, "%s%s (%s", i ? ", " : "", h->calendar, cp_applies_name(h->applies_to));
			for (size_t k = 0; k < h->n_countries; k++)
				fprintf(f, "%s%s", k ? "/" : " in ", h->countries[k]);
			fprintf(f, ")");
		}
	}
	if (cp_problem_calendar_count(p)) {
		fprintf(f, "; calendars defined here: ");
		for (size_t i = 0; i < cp_problem_calendar_count(p); i++)
			fprintf(f, "%s%s", i ? ", " : "", cp_problem_calendar(p, i)->id);
	}
	if (pol->n_ramadan) {
		fprintf(f, "; Ramadan rule in ");
		for (size_t i = 0; i < pol->n_ramadan; i++)
			fprintf(f, "%s%s", i ? ", " : "", pol->ramadan[i].country);
	}
	fprintf(f, ".");
	if (names)
		fprintf(f, " %zu %s a display name: personal data, kept out of exports unless asked.",
			names, names == 1 ? "person has" : "people have");
	fprintf(f, "\n");
}

static void summary(FILE *f, const char *file, const struct cp_problem *p)
{
	size_t np = cp_problem_participant_count(p), nt = cp_problem_teacher_count(p), names = 0;

	summary_course(f, file, cp_problem_course(p));
	struct count *zones = calloc(np + nt + 1, sizeof(*zones));
	if (!zones) {
		fprintf(f, " %zu participants, %zu teachers.\n", np, nt);
		return;
	}
	summary_participants(f, p, zones, &names);
	summary_teachers(f, p, zones, &names);
	free(zones);
	summary_policy(f, p, names);
}

int cp_cmd_validate(struct cp_cli *cli, int argc, char **argv)
{
	const char *file = NULL;
	bool warnings = true;

	for (int i = 1; i < argc; i++) {
		if (cp_cli_is_help(argv[i])) {
			usage(cli->out);
			return CP_EXIT_OK;
		} else if (strcmp(argv[i], "--no-warnings") == 0) {
			warnings = false;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			return cp_cli_usage(cli, "validate", "unknown option '%s'", argv[i]);
		} else if (file) {
			return cp_cli_usage(cli, "validate", "one FILE at a time");
		} else {
			file = argv[i];
		}
	}
	if (!file)
		return cp_cli_usage(cli, "validate", "missing FILE.json");

	struct cp_tzdb *db = cp_cli_tzdb(cli);
	if (!db)
		return CP_EXIT_FAILURE;
	struct cp_diag *diag = cp_cli_diag(cli, "validate", 0);
	if (!diag)
		return CP_EXIT_FAILURE;
	struct cp_problem *p = NULL;
	enum cp_problem_status st;
	struct cp_problem_json_options opts = { .holidays_dir = cp_pipeline_holidays_dir() };
	if (strcmp(file, "-") == 0) {
		opts.base_dir = ".";
		st = cp_problem_json_load("/dev/stdin", db, &opts, &p, diag);
	} else {
		st = cp_problem_json_load(file, db, &opts, &p, diag);
	}

	cp_diag_sort(diag);
	for (size_t i = 0; i < cp_diag_count(diag); i++) {
		const struct cp_diag_entry *e = cp_diag_entry(diag, i);
		if (e->severity == CP_DIAG_ERROR || warnings)
			print_entry(cli->err, e);
	}
	if (cp_diag_truncated(diag) && !cp_diag_nomem(diag))
		fprintf(cli->err, "(%zu errors and %zu warnings in all; only the first %zu are shown)\n",
			cp_diag_errors(diag), cp_diag_warnings(diag), cp_diag_count(diag));

	int rc;
	switch (st) {
	case CP_PROBLEM_OK:
		summary(cli->out, file, p);
		rc = CP_EXIT_OK;
		break;
	case CP_PROBLEM_ERR_INVALID:
		fprintf(cli->err, "%s: %zu error%s\n", file, cp_diag_errors(diag),
			cp_diag_errors(diag) == 1 ? "" : "s");
		rc = CP_EXIT_INPUT;
		break;
	case CP_PROBLEM_ERR_NOMEM:
		fprintf(cli->err, "cohortplan validate: out of memory\n");
		rc = CP_EXIT_FAILURE;
		break;
	default:
		rc = CP_EXIT_FAILURE;
		break;
	}
	cp_problem_destroy(p);
	cp_diag_destroy(diag);
	return rc;
}
