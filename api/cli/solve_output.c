/*
 * Output of `cohortplan solve`. The summary is for the planner reading a
 * terminal; programs read plan.json.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/atomic_file.h"
#include "formats/export.h"
#include "formats/plan_json.h"
#include "locale/explain.h"
#include "locale/messages.h"
#include "report/report.h"
#include "solve_output.h"

/* The summary's words (messages/LANG.txt, keys cli_*) in one language;
 * ASCII digits and ISO dates, as a terminal and a log file want them. */
struct say {
	FILE *f;
	struct cp_msg *m;
	bool nomem;
};

/* Message key with args as text, malloc'd; NULL marks the summary
 * incomplete (out of memory). */
static char *
words(struct say *s, const char *key, size_t n, const char *const *args)
{
	char *t = cp_msg_format(s->m, key, n, args);
	if (!t)
		s->nomem = true;
	return t;
}

/* Print key with args, then a newline unless line is false. */
static void
say(struct say *s, bool line, const char *key, size_t n, const char *const *args)
{
	char *t = words(s, key, n, args);
	if (t)
		fputs(t, s->f);
	if (line)
		fputc('\n', s->f);
	free(t);
}

/* Print key with s0 taken (freed) as its one argument. */
static void
say_taken(struct say *s, const char *key, char *s0)
{
	const char *a[1] = { s0 ? s0 : "" };
	s->nomem |= !s0;
	say(s, true, key, 1, a);
	free(s0);
}

/* *list + sep + item (item taken, freed); *list NULL once anything failed. */
static void
append(struct say *s, char **list, const char *sep, char *item)
{
	char *more = *list && item ? malloc(strlen(*list) + strlen(sep) + strlen(item) + 1) : NULL;
	if (more)
		strcat(strcat(strcpy(more, *list), **list ? sep : ""), item);
	s->nomem |= !more;
	free(item);
	free(*list);
	*list = more;
}

static void
date_of(cp_instant t, char buf[CP_TIME_BUFSZ])
{
	cp_format_utc(t, buf);
	buf[10] = '\0';
}

/* "Mon+Tue 11:00 Asia/Amman", or "week by week on ..." */
static char *
cohort_pattern(struct say *s, const struct cp_plan_cohort *c)
{
	char days[96] = "", hm[8] = "", key[16];
	size_t w = 0;
	for (size_t i = 0; i < c->n_slots; i++) {
		snprintf(key, sizeof key, "report_wd_%d", c->slots[i].weekday % 7);
		char *d = words(s, key, 0, NULL);
		w += (size_t)snprintf(days + w, w < sizeof days ? sizeof days - w : 0, "%s%s",
				      i ? "+" : "", d ? d : "?");
		free(d);
		if (w >= sizeof days)
			w = sizeof days - 1;
	}
	if (c->n_slots)
		snprintf(hm, sizeof hm, "%02d:%02d", (c->slots[0].start / 60) % 100,
			 c->slots[0].start % 60);
	const char *a[3] = { days, hm, c->anchor_zone ? c->anchor_zone : "?" };
	return words(s, c->week_by_week ? "cli_pattern_by_week" : "cli_pattern", 3, a);
}

/* " P2-02(11/12 91%) ..." */
static char *
cohort_members(struct say *s, const struct cp_plan *plan, const struct cp_plan_cohort *c)
{
	char *list = strdup("");
	for (size_t m = 0; m < c->n_members; m++) {
		const struct cp_plan_member *mb = &c->members[m];
		char n0[32], n1[32], n2[32];
		snprintf(n0, sizeof n0, "%d", mb->attendable);
		snprintf(n1, sizeof n1, "%zu", c->n_lessons);
		/* the share of live minutes, rounded down so that a member
		 * below the target never shows it */
		snprintf(n2, sizeof n2, "%d", (int)(100 * cp_plan_member_share(c, mb) + 1e-9));
		const char *a[4] = { mb->participant, n0, n1, n2 };
		append(s, &list, "",
		       words(s, cp_plan_member_reaches(plan, c, mb) ? "cli_member" : "cli_member_below",
			     4, a));
	}
	s->nomem |= !list;
	return list;
}

static void
print_cohort(struct say *s, const struct cp_plan *plan, const struct cp_plan_cohort *c)
{
	char first[CP_TIME_BUFSZ], last[CP_TIME_BUFSZ], nl[32], nm[32];
	char *pattern = cohort_pattern(s, c), *dates = NULL, *members = cohort_members(s, plan, c);
	if (c->n_lessons) {
		date_of(c->lessons[0].start, first);
		date_of(c->lessons[c->n_lessons - 1].start, last);
		const char *d[2] = { first, last };
		dates = words(s, "cli_dates", 2, d);
	}
	snprintf(nl, sizeof nl, "%zu", c->n_lessons);
	snprintf(nm, sizeof nm, "%zu", c->n_members);
	const char *a[7] = { c->id, c->teacher, pattern ? pattern : "", nl,
			     dates ? dates : "", nm, members ? members : "" };
	say(s, true, "cli_cohort", 7, a);
	free(pattern);
	free(dates);
	free(members);
	size_t below = 0;
	for (size_t m = 0; m < c->n_members; m++)
		below += !cp_plan_member_reaches(plan, c, &c->members[m]);
	/* A few offers are shown in full; many would bury the summary. */
	if (below > 3) {
		char nb[32];
		snprintf(nb, sizeof nb, "%zu", below);
		const char *b[1] = { nb };
		say(s, true, "cli_below_many", 1, b);
		return;
	}
	for (size_t m = 0; m < c->n_members; m++) {
		if (cp_plan_member_reaches(plan, c, &c->members[m]))
			continue;
		char *route = cp_explain_member_route(s->m, CP_EXPLAIN_PLAIN, plan, c,
						      &c->members[m]);
		const char *b[2] = { c->members[m].participant, route ? route : "" };
		s->nomem |= !route;
		say(s, true, "cli_below_one", 2, b);
		free(route);
	}
}

/* Cohorts and unplaced people listed one by one in the summary. */
#define SUMMARY_LINES 20

/* "mo-pilot2-2024: 4 of 7 participants placed ..." and the solver's line. */
static void
print_headline(struct say *s, const struct cp_plan *plan, size_t running)
{
	size_t placed = 0, reaching = 0;
	for (size_t c = 0; c < plan->n_cohorts; c++) {
		const struct cp_plan_cohort *co = &plan->cohorts[c];
		placed += co->n_members;
		for (size_t m = 0; m < co->n_members; m++)
			reaching += cp_plan_member_reaches(plan, co, &co->members[m]);
	}
	char n[8][32];
	snprintf(n[1], 32, "%zu", placed);
	snprintf(n[2], 32, "%d", plan->participants);
	snprintf(n[3], 32, "%zu", running);
	snprintf(n[5], 32, "%d", plan->placeable);
	snprintf(n[6], 32, "%zu", reaching);
	snprintf(n[7], 32, "%.0f", 100 * plan->attendance_target);
	const char *a[8] = { plan->course ? plan->course : "plan", n[1], n[2], n[3],
			     cp_msg_plural(s->m, (long)running), n[5], n[6], n[7] };
	say(s, placed <= reaching, "cli_headline", 8, a);
	if (placed > reaching) {
		snprintf(n[0], 32, "%zu", placed - reaching);
		const char *b[1] = { n[0] };
		say(s, true, "cli_headline_below", 1, b);
	}
	char key[48];
	snprintf(key, sizeof key, "cli_status_%s", cp_plan_status_name(plan->status));
	char *status = words(s, key, 0, NULL);
	snprintf(n[0], 32, "%.3f", plan->objective);
	snprintf(n[1], 32, "%.3f", plan->bound);
	snprintf(n[2], 32, "%.2f", 100 * plan->gap);
	snprintf(n[3], 32, "%.1f", plan->solve_seconds);
	const char *b[6] = { status ? status : "?", n[0], n[1], n[2], n[3],
			     plan->tzdata ? plan->tzdata : "?" };
	say(s, true, "cli_solver", 6, b);
	free(status);
}

/* "a, b, c" of count-and-name items: names are keys prefix + code. */
static char *
count_list(struct say *s, const char *prefix, const char *const *codes, const long *counts,
	   size_t n)
{
	char *list = strdup(""), key[64], nb[32];
	char *sep = words(s, "list_sep", 0, NULL);
	for (size_t i = 0; sep && i < n; i++) {
		if (!counts[i])
			continue;
		snprintf(key, sizeof key, "%s%s", prefix, codes[i]);
		snprintf(nb, sizeof nb, "%ld", counts[i]);
		char *name = words(s, key, 0, NULL);
		const char *a[2] = { nb, name ? name : codes[i] };
		append(s, &list, sep, words(s, "cli_count_item", 2, a));
		free(name);
	}
	free(sep);
	s->nomem |= !list;
	return list;
}

static void
print_unplaced(struct say *s, const struct cp_plan *plan, const struct cp_plan_unplaced *un)
{
	char *why = cp_explain_unplaced(s->m, CP_EXPLAIN_PLAIN, plan, un);
	const char *a[3] = { un->participant, un->zone ? un->zone : "?", why ? why : "" };
	s->nomem |= !why;
	say(s, true, "cli_unplaced", 3, a);
	free(why);
	if (un->n_reasons) {
		/* Most costly first, as the plan lists them. */
		char *list = strdup(""), *sep = words(s, "list_sep", 0, NULL), key[64], nb[32];
		for (size_t r = 0; sep && r < un->n_reasons; r++) {
			snprintf(key, sizeof key, "cli_verdict_%s",
				 cp_verdict_name(un->reasons[r].verdict));
			snprintf(nb, sizeof nb, "%d", un->reasons[r].lessons);
			char *name = words(s, key, 0, NULL);
			const char *b[2] = { nb, name ? name : "?" };
			append(s, &list, sep, words(s, "cli_count_item", 2, b));
			free(name);
		}
		free(sep);
		say_taken(s, "cli_lost", list);
	}
	if (un->best.days)
		say_taken(s, "cli_offered", cp_explain_route(s->m, CP_EXPLAIN_PLAIN, un));
	else if (un->self_study)
		say_taken(s, "cli_offered", strdup(un->self_study));
}

void
cp_solve_print_summary(FILE *f, const struct cp_plan *plan, const char *outdir, const char *lang)
{
	struct say s = { f, cp_msg_create(lang ? lang : "en", NULL), false };
	char nb[32];
	if (!s.m) {
		fprintf(f, "(no summary: the texts for language %s could not be loaded)\n",
			lang ? lang : "en");
		return;
	}
	size_t running = 0, shown = 0;
	for (size_t c = 0; c < plan->n_cohorts; c++)
		running += !plan->cohorts[c].dissolved;
	print_headline(&s, plan, running);
	/* A programme-scale plan has thousands of lines to tell: the terminal
	 * gets the first SUMMARY_LINES cohorts and unplaced people, counts by
	 * reason, and where the whole list is. */
	for (size_t c = 0; c < plan->n_cohorts; c++)
		if (!plan->cohorts[c].dissolved && shown++ < SUMMARY_LINES)
			print_cohort(&s, plan, &plan->cohorts[c]);
	const char *more[2] = { nb, outdir };
	if (running > SUMMARY_LINES) {
		snprintf(nb, sizeof nb, "%zu", running - SUMMARY_LINES);
		say(&s, true, "cli_more_cohorts", 2, more);
	}
	snprintf(nb, sizeof nb, "%zu", plan->n_unplaced);
	if (plan->n_unplaced)
		say(&s, true, "cli_not_placed", 1, more);
	if (plan->n_unplaced > SUMMARY_LINES) {
		const char *codes[CP_UNPLACED_KIND_COUNT];
		long by_kind[CP_UNPLACED_KIND_COUNT] = { 0 };
		for (int k = 0; k < CP_UNPLACED_KIND_COUNT; k++)
			codes[k] = cp_unplaced_kind_name((enum cp_unplaced_kind)k);
		for (size_t u = 0; u < plan->n_unplaced; u++)
			if ((size_t)plan->unplaced[u].kind < CP_UNPLACED_KIND_COUNT)
				by_kind[plan->unplaced[u].kind]++;
		say_taken(&s, "cli_by_reason",
			  count_list(&s, "cli_kind_", codes, by_kind, CP_UNPLACED_KIND_COUNT));
	}
	for (size_t u = 0; u < plan->n_unplaced && u < SUMMARY_LINES; u++)
		print_unplaced(&s, plan, &plan->unplaced[u]);
	if (plan->n_unplaced > SUMMARY_LINES) {
		snprintf(nb, sizeof nb, "%zu", plan->n_unplaced - SUMMARY_LINES);
		say(&s, true, "cli_more_unplaced", 2, more);
	}
	for (size_t a = 0; a < plan->n_advice; a++)
		say_taken(&s, "cli_advice", cp_explain_advice(s.m, CP_EXPLAIN_PLAIN, &plan->advice[a]));
	say(&s, true, "cli_wrote", 1, &outdir);
	if (s.nomem)
		fputs("(summary incomplete: out of memory)\n", f);
	cp_msg_destroy(s.m);
}

/* The cohort id a participant is in, or NULL. */
static const char *
cohort_of(const struct cp_plan *plan, const char *participant)
{
	const struct cp_plan_cohort *c = NULL;
	return cp_plan_find_member(plan, participant, &c) ? c->id : NULL;
}

static bool
is_unplaced(const struct cp_plan *plan, const char *participant)
{
	for (size_t u = 0; u < plan->n_unplaced; u++)
		if (strcmp(plan->unplaced[u].participant, participant) == 0)
			return true;
	return false;
}

/* Who moved, joined, was dissolved with their cohort, in this plan. */
static void
changes_in_plan(struct say *s, const struct cp_plan *plan, const struct cp_plan *prev,
		size_t counts[6])
{
	char nb[32];
	for (size_t c = 0; c < plan->n_cohorts; c++) {
		const struct cp_plan_cohort *co = &plan->cohorts[c];
		const struct cp_plan_cohort *was = cp_plan_find_cohort(prev, co->id);
		if (co->dissolved && was && !was->dissolved) {
			snprintf(nb, sizeof nb, "%zu", was->n_lessons);
			const char *a[2] = { co->id, nb };
			say(s, true, "cli_dissolved", 2, a);
		}
		for (size_t m = 0; m < co->n_members; m++) {
			const char *who = co->members[m].participant;
			const char *before = cohort_of(prev, who);
			const char *a[3] = { who, before ? before : co->id, co->id };
			if (before && strcmp(before, co->id) != 0) {
				say(s, true, "cli_moved", 3, a);
				counts[0]++;
			} else if (!before) {
				say(s, true, is_unplaced(prev, who) ? "cli_joined_unplaced"
								    : "cli_joined_new", 2, a);
				counts[1]++;
			}
		}
		for (size_t l = 0; l < co->n_lessons; l++)
			counts[4] += co->lessons[l].sequence > 0 &&
				     co->lessons[l].modified == plan->created;
		counts[5] += co->n_cancelled;
	}
}

void
cp_solve_print_changes(FILE *f, const struct cp_plan *plan, const struct cp_plan *prev,
		       const char *lang)
{
	struct say s = { f, cp_msg_create(lang ? lang : "en", NULL), false };
	size_t counts[6] = { 0 }; /* moved, joined, left, lost, lessons moved, cancelled */
	if (!s.m)
		return;
	say(&s, true, "cli_changes", 0, NULL);
	changes_in_plan(&s, plan, prev, counts);
	for (size_t c = 0; c < prev->n_cohorts; c++) {
		const struct cp_plan_cohort *co = &prev->cohorts[c];
		for (size_t m = 0; m < co->n_members; m++) {
			const char *who = co->members[m].participant;
			const char *a[2] = { who, co->id };
			if (cohort_of(plan, who))
				continue;
			if (is_unplaced(plan, who)) {
				say(&s, true, "cli_lost_place", 2, a);
				counts[3]++;
			} else {
				say(&s, true, "cli_left", 1, a);
				counts[2]++;
			}
		}
	}
	char n[6][32];
	const char *a[6];
	for (int i = 0; i < 6; i++) {
		snprintf(n[i], sizeof n[i], "%zu", counts[i]);
		a[i] = n[i];
	}
	say(&s, true, "cli_changes_total", 6, a);
	cp_msg_destroy(s.m);
}

int
cp_solve_read_previous(struct cp_cli *cli, const char *path, struct cp_plan **out)
{
	struct cp_diag *diag = cp_diag_create(50);
	if (!diag) {
		fprintf(cli->err, "cohortplan solve: out of memory\n");
		return CP_EXIT_FAILURE;
	}
	enum cp_plan_json_status st = cp_plan_json_load(path, cp_cli_tzdb(cli), out, diag);
	for (size_t i = 0; st != CP_PLAN_JSON_OK && i < cp_diag_count(diag); i++) {
		const struct cp_diag_entry *e = cp_diag_entry(diag, i);
		fprintf(cli->err, "%s: %s: %s\n", path, e->path[0] ? e->path : "(document)",
			e->message);
	}
	cp_diag_destroy(diag);
	switch (st) {
	case CP_PLAN_JSON_OK:
		return CP_EXIT_OK;
	case CP_PLAN_JSON_ERR_INVALID:
		return CP_EXIT_INPUT;
	default:
		return CP_EXIT_FAILURE;
	}
}

/* plan.json, the exports and the report, into the folder dir. */
static int
write_set(struct cp_cli *cli, const struct cp_plan *plan, struct cp_tzdb *db, const char *dir,
	  const struct cp_solve_output_options *o)
{
	struct cp_error ferr = { 0 };
	char path[4096];
	snprintf(path, sizeof path, "%s/plan.json", dir);
	if (!cp_plan_json_save(plan, path, &ferr)) {
		fprintf(cli->err, "cohortplan solve: %s\n", ferr.message);
		return CP_EXIT_FAILURE;
	}

	struct cp_export_options eo;
	struct cp_error eerr = { 0 };
	cp_export_options_init(&eo);
	eo.feeds.lang = o->lang;
	eo.feeds.discreet = o->discreet;
	eo.feeds.meeting_link = o->meeting_link;
	if (cp_export_all(plan, db, &eo, dir, NULL, &eerr) != CP_OK) {
		fprintf(cli->err, "cohortplan solve: export: %s\n", eerr.message);
		return cp_cli_exit_for(eerr.status);
	}

	struct cp_report_options ro;
	struct cp_error rerr = { 0 };
	cp_report_options_init(&ro);
	ro.lang = o->lang;
	ro.problem = o->problem;
	if (!cp_report_save(plan, db, &ro, dir, &rerr)) {
		fprintf(cli->err, "cohortplan solve: report: %s\n", rerr.message);
		return CP_EXIT_FAILURE;
	}
	return CP_EXIT_OK;
}

int
cp_solve_write_outputs(struct cp_cli *cli, const struct cp_plan *plan, struct cp_tzdb *db,
		       const char *outdir, const struct cp_solve_output_options *o)
{
	/* The whole set goes into a fresh sibling folder, swapped in at the
	 * end (atomic_file.h): no stale feeds of people who left the plan, no
	 * new plan.json beside old feeds after a kill. */
	struct cp_error ferr = { 0 };
	char *tmp = cp_outdir_begin(outdir, &ferr);
	if (!tmp) {
		fprintf(cli->err, "cohortplan solve: %s\n", ferr.message);
		return CP_EXIT_FAILURE;
	}
	int rc = write_set(cli, plan, db, tmp, o);
	if (rc != CP_EXIT_OK) {
		cp_outdir_abort(tmp);
		return rc;
	}
	if (!cp_outdir_commit(tmp, outdir, &ferr)) {
		fprintf(cli->err, "cohortplan solve: %s\n", ferr.message);
		return CP_EXIT_FAILURE;
	}
	return CP_EXIT_OK;
}
