/*
 * cohortplan candidates FILE.json: the engine's view of a problem, for
 * planners who ask "why not": the candidate patterns, their lessons in UTC
 * and in every participant's zone, and per participant what they can attend
 * and why not the rest. A thin layer over cohortplan/engine.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cohortplan/attend.h>
#include <cohortplan/candidates.h>
#include <cohortplan/engine.h>
#include <cohortplan/holidays.h>

#include "commands.h"
#include "formats/holidays_json.h"
#include "formats/problem_json.h"
#include "locale/islamic.h"
#include "pipeline/pipeline.h"

#define CMD "candidates"

static void usage(FILE *f)
{
	fputs("Usage: cohortplan candidates [OPTION...] FILE.json\n"
	      "\n"
	      "Show the candidate timetables of a planning problem and who can attend\n"
	      "them (docs/engine.md). Without options: a summary and the live patterns,\n"
	      "each with the number of participants who reach the attendance target.\n"
	      "\n"
	      "Options:\n"
	      "  --pattern N        the lessons of pattern N in UTC and in every zone,\n"
	      "                     the teachers who may teach it, and every participant's\n"
	      "                     attendable lessons and live minutes with the\n"
	      "                     reasons for the rest\n"
	      "  --participant ID   one participant: their best patterns and why not the\n"
	      "                     other lessons; with --pattern, lesson by lesson\n"
	      "  --all              list dropped, duplicate and dominated patterns too\n"
	      "  --grid MIN         start-time grid, 15 or 30 minutes (default: the\n"
	      "                     policy's start_grid, 30)\n"
	      "  --margin MIN       minutes kept free around roster shifts (default 60)\n"
	      "  --no-prune         keep dominated patterns\n"
	      "  -h, --help         show this help\n"
	      "\n"
	      "Timing goes to standard error unless --quiet is given before the command.\n", f);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* "19:00+01" or "19:00+01 Wed" when the local date differs from ref. */
static void fmt_local(const struct cp_tz *tz, cp_instant t, cp_day ref, char *buf, size_t n)
{
	static const char *const wd[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	struct cp_tz_local l;
	cp_tz_to_local(tz, t, &l);
	cp_day d = cp_days_from_civil(l.wall.year, l.wall.month, l.wall.day);
	int off = l.utoff / 60, a = off < 0 ? -off : off;
	char o[16];
	if (a % 60)
		snprintf(o, sizeof(o), "%c%02d:%02d", off < 0 ? '-' : '+', a / 60, a % 60);
	else
		snprintf(o, sizeof(o), "%c%02d", off < 0 ? '-' : '+', a / 60);
	snprintf(buf, n, "%02d:%02d%s%s%s", l.wall.hour, l.wall.minute, o, d != ref ? " " : "",
		 d != ref ? wd[cp_weekday_from_days(d)] : "");
}

static void fmt_day(cp_day d, char *buf, size_t n)
{
	int32_t y;
	int m, dd;
	cp_civil_from_days(d, &y, &m, &dd);
	snprintf(buf, n, "%04d-%02d-%02d", (int)y, m, dd);
}

/* Distinct participant zones, most common first. */
static size_t participant_zones(const struct cp_problem *p, const struct cp_tz **out, size_t cap)
{
	size_t n = 0, *cnt = calloc(cap, sizeof(*cnt));
	if (!cnt)
		return 0;
	for (size_t i = 0; i < cp_problem_participant_count(p); i++) {
		const struct cp_tz *tz = cp_problem_participant(p, i)->tz;
		size_t j = 0;
		while (j < n && out[j] != tz)
			j++;
		if (j == n) {
			if (n == cap)
				continue;
			out[n++] = tz;
		}
		cnt[j]++;
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && cnt[j] > cnt[j - 1]; j--) {
			const struct cp_tz *t = out[j];
			size_t c = cnt[j];
			out[j] = out[j - 1];
			cnt[j] = cnt[j - 1];
			out[j - 1] = t;
			cnt[j - 1] = c;
		}
	free(cnt);
	return n;
}

static void print_reasons(FILE *f, const unsigned why[CP_ATTEND_REASON_COUNT])
{
	bool first = true;
	for (int r = 1; r < CP_ATTEND_REASON_COUNT; r++)
		if (why[r]) {
			fprintf(f, "%s%s %u", first ? "" : ", ",
				cp_attend_reason_name((enum cp_attend_reason)r), why[r]);
			first = false;
		}
	if (first)
		fputs("-", f);
}

static void print_summary(FILE *f, const struct cp_problem *p, const struct cp_cand *c,
			  const struct cp_attend *a)
{
	const struct cp_course *co = cp_problem_course(p);
	char s[16], e[16];
	fmt_day(co->start, s, sizeof(s));
	fmt_day(co->end, e, sizeof(e));
	fprintf(f, "course %s: %s to %s, %zu lessons per pattern (", co->id ? co->id : "", s, e,
		cp_cand_lessons_needed(c));
	if (cp_cand_last_minutes(c) != co->session_minutes)
		fprintf(f, "%zu of %d min and a last one of %d min", cp_cand_lessons_needed(c) - 1,
			co->session_minutes, cp_cand_last_minutes(c));
	else
		fprintf(f, "%d min each", co->session_minutes);
	fprintf(f, ") = %d live minutes, %u minutes needed for the target\n",
		cp_cand_live_minutes(c), cp_attend_needed(a));
	fprintf(f, "anchors:");
	for (size_t i = 0; i < cp_cand_anchor_count(c); i++)
		fprintf(f, " %s", cp_tz_name(cp_cand_anchor(c, i)));
	fprintf(f, "\npatterns: %zu generated, %zu dropped (fewer lessons than needed fit), "
		"%zu duplicate, %zu dominated, %zu live\n", cp_cand_pattern_count(c),
		cp_cand_count_state(c, CP_CAND_DROPPED), cp_cand_count_state(c, CP_CAND_DUPLICATE),
		cp_cand_count_state(c, CP_CAND_DOMINATED), cp_cand_count_state(c, CP_CAND_LIVE));
	fprintf(f, "participants: %zu in %zu situations and %zu classes\n",
		cp_problem_participant_count(p), cp_attend_situation_count(a),
		cp_attend_class_count(a));
}

static void list_patterns(FILE *f, const struct cp_problem *p, const struct cp_cand *c,
			  const struct cp_attend *a, bool all)
{
	size_t np = cp_problem_participant_count(p), nt = cp_problem_teacher_count(p);
	char label[128], s[16], e[16];

	fprintf(f, "\n%6s  %-56s %-10s %-10s %8s %8s  %s\n", "#", "pattern", "first", "last",
		"teachers", "reach", all ? "state" : "");
	for (size_t j = 0; j < cp_cand_pattern_count(c); j++) {
		const struct cp_cand_pattern *pt = cp_cand_pattern(c, j);
		size_t teach = 0, reach = 0;
		if (!all && pt->state != CP_CAND_LIVE)
			continue;
		for (size_t t = 0; t < nt; t++)
			teach += cp_cand_teachable(c, t, j, NULL) == CP_TEACH_OK;
		for (size_t i = 0; i < np && pt->state != CP_CAND_DROPPED; i++)
			reach += cp_attend_count(a, i, pt->state == CP_CAND_DUPLICATE ? pt->other : j) >=
				 cp_attend_needed(a);
		cp_cand_pattern_label(c, j, label, sizeof(label));
		if (pt->n_lessons) {
			fmt_day(pt->lessons[0].date, s, sizeof(s));
			fmt_day(pt->lessons[pt->n_lessons - 1].date, e, sizeof(e));
		} else {
			strcpy(s, "-");
			strcpy(e, "-");
		}
		fprintf(f, "%6zu  %-56s %-10s %-10s %8zu %8zu", j, label, s, e, teach, reach);
		if (all) {
			fprintf(f, "  %s", cp_cand_state_name(pt->state));
			if (pt->other != CP_CAND_NONE)
				fprintf(f, " (%u)", pt->other);
		}
		fputc('\n', f);
	}
}

static void show_pattern(FILE *f, const struct cp_problem *p, const struct cp_cand *c,
			 const struct cp_attend *a, size_t j, long only)
{
	const struct cp_cand_pattern *pt = cp_cand_pattern(c, j);
	const struct cp_tz *anchor = cp_cand_anchor(c, pt->anchor);
	const struct cp_tz *zones[16];
	size_t nz = participant_zones(p, zones, 16);
	char label[128], buf[64];

	cp_cand_pattern_label(c, j, label, sizeof(label));
	fprintf(f, "\npattern %zu: %s, %s", j, label, cp_cand_state_name(pt->state));
	if (pt->other != CP_CAND_NONE)
		fprintf(f, " (see %u)", pt->other);
	fprintf(f, ", %zu lessons, %zu holiday date%s skipped\n", pt->n_lessons, pt->n_skipped,
		pt->n_skipped == 1 ? "" : "s");
	if (only >= 0) {
		zones[0] = cp_problem_participant(p, (size_t)only)->tz;
		nz = 1;
	}
	fprintf(f, "%4s  %-14s %-20s %-16s", "#", "date", "UTC", cp_tz_name(anchor));
	for (size_t z = 0; z < nz; z++)
		fprintf(f, " %-20s", cp_tz_name(zones[z]));
	if (only >= 0)
		fprintf(f, " verdict");
	fputc('\n', f);
	for (size_t k = 0; k < pt->n_lessons; k++) {
		const struct cp_cand_lesson *l = &pt->lessons[k];
		static const char *const wd[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
		char d[16];
		fmt_day(l->date, d, sizeof(d));
		fprintf(f, "%4zu  %s %s %-20s", k + 1, wd[cp_weekday_from_days(l->date)], d,
			cp_format_utc(l->start, buf));
		fmt_local(anchor, l->start, l->date, buf, sizeof(buf));
		fprintf(f, " %-16s", buf);
		for (size_t z = 0; z < nz; z++) {
			fmt_local(zones[z], l->start, l->date, buf, sizeof(buf));
			fprintf(f, " %-20s", buf);
		}
		if (only >= 0)
			fprintf(f, " %s", cp_attend_reason_name(cp_attend_judge_span(a, (size_t)only,
										 l->start, l->end)));
		if (l->kind != CP_TZ_NORMAL)
			fprintf(f, "  (anchor wall time in a %s)", cp_tz_kind_name((enum cp_tz_kind)l->kind));
		fputc('\n', f);
	}
	if (only >= 0)
		return;
	if (cp_problem_teacher_count(p)) {
		fprintf(f, "\nteachers:\n");
		for (size_t t = 0; t < cp_problem_teacher_count(p); t++) {
			size_t bad;
			enum cp_teach_reason r = cp_cand_teachable(c, t, j, &bad);
			fprintf(f, "  %-16s %s", cp_problem_teacher(p, t)->id, cp_teach_reason_name(r));
			if (bad != CP_CAND_NONE)
				fprintf(f, " (lesson %zu)", bad + 1);
			fputc('\n', f);
		}
	}
	if (pt->state == CP_CAND_DROPPED)
		return;
	fprintf(f, "\nparticipants (attendable lessons of %zu, live minutes of %d; reasons for "
		"the rest):\n", pt->n_lessons, cp_cand_live_minutes(c));
	for (size_t i = 0; i < cp_problem_participant_count(p); i++) {
		unsigned why[CP_ATTEND_REASON_COUNT];
		cp_attend_reasons(a, i, j, why);
		fprintf(f, "  %-16s %-20s %3u %5u min  ", cp_problem_participant(p, i)->id,
			cp_tz_name(cp_problem_participant(p, i)->tz), why[CP_ATTEND_OK],
			cp_attend_count(a, i, pt->state == CP_CAND_DUPLICATE ? pt->other : j));
		print_reasons(f, why);
		fputc('\n', f);
	}
}

static void show_participant(FILE *f, const struct cp_problem *p, const struct cp_cand *c,
			     const struct cp_attend *a, size_t i)
{
	const struct cp_participant *x = cp_problem_participant(p, i);
	size_t np = cp_cand_pattern_count(c), shown = 0;
	uint32_t *order = malloc((np + 1) * sizeof(*order));
	size_t n = 0;
	char label[128];

	fprintf(f, "\nparticipant %s (%s%s%s): situation %zu, class %zu\n", x->id, cp_tz_name(x->tz),
		x->country ? ", " : "", x->country ? x->country : "", cp_attend_situation_of(a, i),
		cp_attend_class_of(a, i));
	if (!order)
		return;
	for (size_t j = 0; j < np; j++)
		if (cp_cand_pattern(c, j)->state == CP_CAND_LIVE)
			order[n++] = (uint32_t)j;
	/* Best first; stable in pattern order. */
	for (size_t u = 1; u < n; u++)
		for (size_t v = u; v > 0 && cp_attend_count(a, i, order[v]) >
					     cp_attend_count(a, i, order[v - 1]); v--) {
			uint32_t t = order[v];
			order[v] = order[v - 1];
			order[v - 1] = t;
		}
	fprintf(f, "best live patterns (attendable lessons of %zu, live minutes of %d, %u "
		"minutes needed):\n", cp_cand_lessons_needed(c), cp_cand_live_minutes(c),
		cp_attend_needed(a));
	for (size_t u = 0; u < n && shown < 10; u++, shown++) {
		unsigned why[CP_ATTEND_REASON_COUNT];
		cp_attend_reasons(a, i, order[u], why);
		cp_cand_pattern_label(c, order[u], label, sizeof(label));
		fprintf(f, "  %6u  %-56s %3u %5u min  ", order[u], label, why[CP_ATTEND_OK],
			cp_attend_count(a, i, order[u]));
		print_reasons(f, why);
		fputc('\n', f);
	}
	free(order);
}

/* Load the shipped calendars the problem names (policy and people's own). */
static bool load_calendars(struct cp_cli *cli, const struct cp_problem *p,
			   struct cp_holiday_calendar ***out, size_t *n)
{
	const char *dir = cp_pipeline_holidays_dir();
	const char *ids[CP_PROBLEM_MAX_CALENDARS];
	size_t k = cp_problem_shipped_calendars(p, ids, NULL, CP_PROBLEM_MAX_CALENDARS);
	*n = 0;
	*out = calloc(CP_PROBLEM_MAX_CALENDARS + 1, sizeof(**out));
	if (!*out)
		return false;
	if (k > CP_PROBLEM_MAX_CALENDARS) {
		fprintf(cli->err, "cohortplan " CMD ": more than %d holiday calendars\n",
			CP_PROBLEM_MAX_CALENDARS);
		return false;
	}
	for (size_t i = 0; i < k; i++) {
		struct cp_error herr = { 0 };
		(*out)[*n] = cp_holidays_json_load_id(dir, ids[i], &herr);
		if (!(*out)[*n]) {
			fprintf(cli->err, "cohortplan " CMD ": holiday calendar %s: %s\n", ids[i],
				herr.message);
			return false;
		}
		(*n)++;
	}
	return true;
}

/* What the command line asks of candidates. */
struct cand_args {
	const char *file, *who;
	long pattern;
	bool all;
	struct cp_cand_options copts;
	struct cp_attend_options aopts;
};

/* Parse the options into *a; -1 to go on, else the exit code. */
static int
parse_args(struct cp_cli *cli, int argc, char **argv, struct cand_args *a)
{
	long v;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (cp_cli_is_help(arg)) {
			usage(cli->out);
			return CP_EXIT_OK;
		} else if (strcmp(arg, "--all") == 0) {
			a->all = true;
		} else if (strcmp(arg, "--no-prune") == 0) {
			a->aopts.no_prune = true;
		} else if (strcmp(arg, "--pattern") == 0 || strcmp(arg, "--participant") == 0 ||
			   strcmp(arg, "--grid") == 0 || strcmp(arg, "--margin") == 0) {
			if (i + 1 >= argc)
				return cp_cli_usage(cli, CMD, "%s needs a value", arg);
			const char *val = argv[++i];
			if (strcmp(arg, "--participant") == 0) {
				a->who = val;
			} else if (strcmp(arg, "--pattern") == 0) {
				if (!parse_int(val, 0, CP_CAND_MAX_PATTERNS, &a->pattern))
					return cp_cli_usage(cli, CMD, "--pattern wants a pattern number, "
							    "not '%s'", val);
			} else if (strcmp(arg, "--grid") == 0) {
				if (!parse_int(val, 15, 30, &v) || (v != 15 && v != 30))
					return cp_cli_usage(cli, CMD, "--grid is 15 or 30, not '%s'", val);
				a->copts.grid = (int)v;
			} else {
				if (!parse_int(val, 0, 24 * 60, &v))
					return cp_cli_usage(cli, CMD, "--margin wants minutes (0..1440), "
							    "not '%s'", val);
				a->aopts.roster_margin = (int)v;
			}
		} else if (arg[0] == '-' && arg[1] != '\0') {
			return cp_cli_usage(cli, CMD, "unknown option '%s'", arg);
		} else if (a->file) {
			return cp_cli_usage(cli, CMD, "one problem file at a time");
		} else {
			a->file = arg;
		}
	}
	if (!a->file)
		return cp_cli_usage(cli, CMD, "no problem file given");
	return -1;
}

int cp_cmd_candidates(struct cp_cli *cli, int argc, char **argv)
{
	struct cand_args args = { .pattern = -1 };
	int rc = CP_EXIT_FAILURE;

	cp_cand_options_init(&args.copts);
	cp_attend_options_init(&args.aopts);
	int prc = parse_args(cli, argc, argv, &args);
	if (prc >= 0)
		return prc;
	const char *file = args.file, *who = args.who;
	long pattern = args.pattern;
	bool all = args.all;
	struct cp_cand_options copts = args.copts;
	struct cp_attend_options aopts = args.aopts;

	struct cp_tzdb *db = cp_cli_tzdb(cli);
	if (!db)
		return CP_EXIT_FAILURE;
	struct cp_diag *diag = cp_diag_create(0);
	struct cp_problem *p = NULL;
	struct cp_holiday_calendar **cals = NULL;
	size_t ncals = 0;
	struct cp_islamic *islamic = NULL;
	struct cp_engine *e = NULL;
	if (!diag) {
		fprintf(cli->err, "cohortplan " CMD ": out of memory\n");
		return CP_EXIT_FAILURE;
	}
	struct cp_problem_json_options jopts = { .holidays_dir = cp_pipeline_holidays_dir() };
	enum cp_problem_status st = cp_problem_json_load(file, db, &jopts, &p, diag);
	if (st != CP_PROBLEM_OK) {
		for (size_t i = 0; i < cp_diag_count(diag); i++) {
			const struct cp_diag_entry *d = cp_diag_entry(diag, i);
			if (d->severity == CP_DIAG_ERROR)
				fprintf(cli->err, "%s: %s\n", d->path[0] ? d->path : "(document)",
					d->message);
		}
		rc = st == CP_PROBLEM_ERR_INVALID ? CP_EXIT_INPUT : CP_EXIT_FAILURE;
		goto out;
	}
	long only = -1;
	if (who) {
		only = cp_problem_find_participant(p, who);
		if (only < 0) {
			fprintf(cli->err, "cohortplan " CMD ": no participant '%s' in %s\n", who, file);
			rc = CP_EXIT_INPUT;
			goto out;
		}
	}
	if (!load_calendars(cli, p, &cals, &ncals)) {
		rc = CP_EXIT_INPUT;
		goto out;
	}
	struct cp_error ierr = { 0 };
	islamic = cp_islamic_create(NULL, &ierr);
	if (!islamic) {
		fprintf(cli->err, "cohortplan " CMD ": Islamic calendar: %s\n", ierr.message);
		goto out;
	}
	struct cp_hijri_calendar hijri = cp_islamic_hijri(islamic);
	struct cp_engine_input in = { p, (const struct cp_holiday_calendar *const *)cals, ncals,
				      &hijri };
	struct cp_engine_error eerr = { 0 };
	double t0 = now();
	e = cp_engine_create(&in, &copts, &aopts, &eerr);
	double t1 = now();
	if (!e) {
		fprintf(cli->err, "cohortplan " CMD ": %s\n", eerr.message);
		rc = eerr.status == CP_ENGINE_ERR_NOMEM ? CP_EXIT_FAILURE : CP_EXIT_INPUT;
		goto out;
	}
	if (!cli->quiet)
		fprintf(cli->err, "cohortplan " CMD ": expanded, judged, pruned and classified in "
			"%.3f s\n", t1 - t0);
	const struct cp_cand *c = cp_engine_candidates(e);
	const struct cp_attend *a = cp_engine_attend(e);
	if (pattern >= 0 && (size_t)pattern >= cp_cand_pattern_count(c)) {
		fprintf(cli->err, "cohortplan " CMD ": no pattern %ld (there are %zu)\n", pattern,
			cp_cand_pattern_count(c));
		rc = CP_EXIT_INPUT;
		goto out;
	}
	print_summary(cli->out, p, c, a);
	if (pattern >= 0)
		show_pattern(cli->out, p, c, a, (size_t)pattern, only);
	else if (only >= 0)
		show_participant(cli->out, p, c, a, (size_t)only);
	else
		list_patterns(cli->out, p, c, a, all);
	rc = CP_EXIT_OK;
out:
	cp_engine_destroy(e);
	cp_islamic_destroy(islamic);
	for (size_t i = 0; i < ncals; i++)
		cp_holidays_destroy(cals[i]);
	free(cals);
	cp_problem_destroy(p);
	cp_diag_destroy(diag);
	return rc;
}
