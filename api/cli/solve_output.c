/*
 * Output of `cohortplan solve`. The summary is for the planner reading a
 * terminal; programs read plan.json.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "formats/atomic_file.h"
#include "formats/export.h"
#include "formats/plan_json.h"
#include "report/report.h"
#include "solve_output.h"

static const char *const weekday_abbr[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };

static void
date_of(cp_instant t, char buf[CP_TIME_BUFSZ])
{
	cp_format_utc(t, buf);
	buf[10] = '\0';
}

static void
print_cohort(FILE *f, const struct cp_plan *plan, const struct cp_plan_cohort *c)
{
	char first[CP_TIME_BUFSZ], last[CP_TIME_BUFSZ];
	fprintf(f, "  %s  teacher %s  ", c->id, c->teacher);
	if (c->week_by_week)
		fputs("week by week on ", f);
	for (size_t s = 0; s < c->n_slots; s++)
		fprintf(f, "%s%s", s ? "+" : "", weekday_abbr[c->slots[s].weekday]);
	if (c->n_slots)
		fprintf(f, " %02d:%02d", c->slots[0].start / 60, c->slots[0].start % 60);
	fprintf(f, " %s, %zu lessons", c->anchor_zone, c->n_lessons);
	if (c->n_lessons) {
		date_of(c->lessons[0].start, first);
		date_of(c->lessons[c->n_lessons - 1].start, last);
		fprintf(f, " %s..%s", first, last);
	}
	fprintf(f, ", %zu members:", c->n_members);
	for (size_t m = 0; m < c->n_members; m++)
		/* lessons attendable, then the share of live minutes, rounded
		 * down so that a member below the target never shows it */
		fprintf(f, " %s(%d/%zu %d%%%s)", c->members[m].participant,
			c->members[m].attendable, c->n_lessons,
			(int)(100 * cp_plan_member_share(c, &c->members[m]) + 1e-9),
			cp_plan_member_reaches(plan, c, &c->members[m]) ? "" : " below");
	fputc('\n', f);
	size_t below = 0;
	for (size_t m = 0; m < c->n_members; m++)
		below += c->members[m].self_study != NULL;
	/* A few offers are shown in full; many would bury the summary. */
	if (below > 3) {
		fprintf(f, "      %zu members below target, each offered self-study for the "
			   "lessons they will miss (plan.json, report.html)\n", below);
		return;
	}
	for (size_t m = 0; m < c->n_members; m++)
		if (c->members[m].self_study)
			fprintf(f, "      %s below target, offered: %s\n", c->members[m].participant,
				c->members[m].self_study);
}

/* Cohorts and unplaced people listed one by one in the summary. */
#define SUMMARY_LINES 20

void
cp_solve_print_summary(FILE *f, const struct cp_plan *plan, const char *outdir)
{
	size_t placed = 0, reaching = 0, running = 0;
	for (size_t c = 0; c < plan->n_cohorts; c++) {
		const struct cp_plan_cohort *co = &plan->cohorts[c];
		running += !co->dissolved;
		placed += co->n_members;
		for (size_t m = 0; m < co->n_members; m++)
			if (cp_plan_member_reaches(plan, co, &co->members[m]))
				reaching++;
	}
	fprintf(f, "%s: %zu of %d participants placed in %zu cohort%s (%d placeable); "
		   "%zu reach %.0f%% attendance",
		plan->course ? plan->course : "plan", placed, plan->participants, running,
		running == 1 ? "" : "s", plan->placeable, reaching,
		100 * plan->attendance_target);
	if (placed > reaching)
		fprintf(f, ", %zu placed below it", placed - reaching);
	fputc('\n', f);
	fprintf(f, "solver: %s, objective %.3f, bound %.3f, gap %.2f%%, %.1f s, tzdata %s\n",
		cp_plan_status_name(plan->status), plan->objective, plan->bound, 100 * plan->gap,
		plan->solve_seconds, plan->tzdata ? plan->tzdata : "?");
	/* A programme-scale plan has thousands of lines to tell: the terminal
	 * gets the first SUMMARY_LINES cohorts and unplaced people, counts by
	 * reason, and where the whole list is. */
	size_t shown = 0;
	for (size_t c = 0; c < plan->n_cohorts; c++)
		if (!plan->cohorts[c].dissolved && shown++ < SUMMARY_LINES)
			print_cohort(f, plan, &plan->cohorts[c]);
	if (running > SUMMARY_LINES)
		fprintf(f, "  ... and %zu more cohorts (all in %s/report.html and plan.json)\n",
			running - SUMMARY_LINES, outdir);
	if (plan->n_unplaced)
		fprintf(f, "not placed (%zu):\n", plan->n_unplaced);
	if (plan->n_unplaced > SUMMARY_LINES) {
		size_t by_kind[CP_UNPLACED_KIND_COUNT] = { 0 };
		for (size_t u = 0; u < plan->n_unplaced; u++)
			if ((size_t)plan->unplaced[u].kind < CP_UNPLACED_KIND_COUNT)
				by_kind[plan->unplaced[u].kind]++;
		fprintf(f, "  by reason:");
		for (size_t k = 0, first = 1; k < CP_UNPLACED_KIND_COUNT; k++)
			if (by_kind[k]) {
				fprintf(f, "%s %zu %s", first ? "" : ",", by_kind[k],
					cp_unplaced_kind_name((enum cp_unplaced_kind)k));
				first = 0;
			}
		fputc('\n', f);
	}
	for (size_t u = 0; u < plan->n_unplaced && u < SUMMARY_LINES; u++) {
		const struct cp_plan_unplaced *un = &plan->unplaced[u];
		fprintf(f, "  %s (%s): %s\n", un->participant, un->zone ? un->zone : "?",
			un->detail ? un->detail : cp_unplaced_kind_name(un->kind));
		if (un->n_reasons) {
			fprintf(f, "      lessons lost:");
			for (size_t r = 0; r < un->n_reasons; r++)
				fprintf(f, "%s %d %s", r ? "," : "", un->reasons[r].lessons,
					cp_verdict_name(un->reasons[r].verdict));
			fputc('\n', f);
		}
		if (un->self_study)
			fprintf(f, "      offered: %s\n", un->self_study);
	}
	if (plan->n_unplaced > SUMMARY_LINES)
		fprintf(f, "  ... and %zu more (all in %s/report.html and plan.json)\n",
			plan->n_unplaced - SUMMARY_LINES, outdir);
	for (size_t a = 0; a < plan->n_advice; a++)
		fprintf(f, "advice: %s\n", plan->advice[a].text);
	fprintf(f, "wrote %s/plan.json, report.html, timetable.json, feeds/ and oneroster/\n",
		outdir);
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

void
cp_solve_print_changes(FILE *f, const struct cp_plan *plan, const struct cp_plan *prev)
{
	size_t moved = 0, joined = 0, left = 0, lost = 0, lessons_moved = 0, cancelled = 0;
	fprintf(f, "changes since the previous plan:\n");
	for (size_t c = 0; c < plan->n_cohorts; c++) {
		const struct cp_plan_cohort *co = &plan->cohorts[c];
		const struct cp_plan_cohort *was = cp_plan_find_cohort(prev, co->id);
		if (co->dissolved && was && !was->dissolved)
			fprintf(f, "  %s dissolved: its %zu lessons are cancelled\n", co->id,
				was->n_lessons);
		for (size_t m = 0; m < co->n_members; m++) {
			const char *who = co->members[m].participant;
			const char *before = cohort_of(prev, who);
			if (before && strcmp(before, co->id) != 0) {
				fprintf(f, "  %s moved from %s to %s\n", who, before, co->id);
				moved++;
			} else if (!before) {
				fprintf(f, "  %s placed in %s (%s before)\n", who, co->id,
					is_unplaced(prev, who) ? "unplaced" : "not in the plan");
				joined++;
			}
		}
		for (size_t l = 0; l < co->n_lessons; l++)
			lessons_moved += co->lessons[l].sequence > 0 &&
					 co->lessons[l].modified == plan->created;
		cancelled += co->n_cancelled;
	}
	for (size_t c = 0; c < prev->n_cohorts; c++) {
		const struct cp_plan_cohort *co = &prev->cohorts[c];
		for (size_t m = 0; m < co->n_members; m++) {
			const char *who = co->members[m].participant;
			if (cohort_of(plan, who))
				continue;
			if (is_unplaced(plan, who)) {
				fprintf(f, "  %s lost their place in %s (see below)\n", who, co->id);
				lost++;
			} else {
				fprintf(f, "  %s left (no longer in the problem)\n", who);
				left++;
			}
		}
	}
	fprintf(f, "  %zu moved, %zu newly placed, %zu left, %zu lost their place; "
		   "%zu lessons moved, %zu cancelled lessons kept for calendars\n",
		moved, joined, left, lost, lessons_moved, cancelled);
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
	struct cp_file_error ferr = { 0 };
	char path[4096];
	snprintf(path, sizeof path, "%s/plan.json", dir);
	if (!cp_plan_json_save(plan, path, &ferr)) {
		fprintf(cli->err, "cohortplan solve: %s\n", ferr.message);
		return CP_EXIT_FAILURE;
	}

	struct cp_export_options eo;
	struct cp_export_error eerr = { 0 };
	cp_export_options_init(&eo);
	eo.feeds.lang = o->lang;
	eo.feeds.discreet = o->discreet;
	eo.feeds.meeting_link = o->meeting_link;
	if (cp_export_all(plan, db, &eo, dir, &eerr) != CP_EXPORT_OK) {
		fprintf(cli->err, "cohortplan solve: export: %s\n", eerr.message);
		return eerr.status == CP_EXPORT_ERR_INPUT ? CP_EXIT_INPUT : CP_EXIT_FAILURE;
	}

	struct cp_report_options ro;
	struct cp_report_error rerr = { 0 };
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
	struct cp_file_error ferr = { 0 };
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
