/*
 * The planner's picture of a plan: OUTDIR/report.html.
 *
 * One self-contained, offline page (inline CSS and SVG, no scripts, no
 * fetched resources, printable) drawn from the plan alone: the summary, each
 * cohort's lessons on the local day of the teacher and of every zone its
 * members live in with the clock changes inside the course marked, each
 * teacher's week in their own zone with the load per day and week, the
 * participants who could not be placed with reason, advice and self-study
 * route, and the attendance distribution the pilots reported.
 *
 * Local times come from the pinned tzdata (cp_tz_to_local), never from ICU
 * or libc; ICU (through api/locale/messages.h) only supplies the texts and
 * number forms of the planner's language. Every value taken from the plan
 * (ids, zone names, themes, advice) is HTML-escaped and bidi-isolated, so a
 * participant id holding markup or right-to-left text stays inert and in
 * place. The output is deterministic: the same plan, tzdata and language
 * give the same bytes (nothing reads the clock or the environment).
 *
 * Large plans (more placed participants than opts->detail_limit) get
 * aggregated views: cohort members per zone instead of one row per member,
 * so 5,000 participants stay within a few MB.
 *
 * Ownership: cp_report_render() returns a string the caller frees. The
 * plan, the tzdb and the options (and the problem they point to) are
 * borrowed for the duration of the call. Nothing is printed.
 */
#ifndef CP_REPORT_H
#define CP_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include <cohortplan/plan.h>
#include <cohortplan/problem.h>
#include <cohortplan/progress.h>
#include <cohortplan/tz.h>

#include "common/error.h"

/* Errors are the api's struct cp_error (common/error.h): CP_ERR_UNSUPPORTED
 * for a language the texts do not exist in, CP_ERR_LIBRARY when ICU cannot
 * load its data or ours, CP_ERR_IO when OUTDIR or report.html cannot be
 * written, CP_ERR_NOMEM. */

struct cp_report_options {
	/* Planner's language: "nl", "en", "fr", "ar" (or a locale such as
	 * "nl_BE"); NULL means "en". */
	const char *lang;
	/* The problem the plan was made from, or NULL. Only the teachers'
	 * limits (per day, per week, latest hour) are read from it, to show
	 * each teacher's load against them; the plan does not carry them. */
	const struct cp_problem *problem;
	/* Above this many placed participants, cohort members are shown per
	 * zone instead of one row each. Default 400. */
	size_t detail_limit;
	/* The attendance so far (cp_progress_compute on this very plan), or
	 * NULL: with it the page gets a progress view (docs/attendance.md):
	 * per cohort the lessons held, the attendance per held lesson, and
	 * who is at risk or cannot reach the target. */
	const struct cp_progress *progress;
};

void cp_report_options_init(struct cp_report_options *o);

/* The page as UTF-8 HTML, NUL-terminated; *len (may be NULL) receives its
 * length. NULL with *err filled (err may be NULL) on failure. */
char *cp_report_render(const struct cp_plan *plan, struct cp_tzdb *db,
		       const struct cp_report_options *opts, size_t *len,
		       struct cp_error *err);

/* Render with opts and write OUTDIR/report.html atomically (temporary file
 * and rename), creating outdir when missing. opts may be NULL (defaults).
 * False with *err filled on failure; an older report.html then stays. */
bool cp_report_save(const struct cp_plan *plan, struct cp_tzdb *db,
		    const struct cp_report_options *opts, const char *outdir,
		    struct cp_error *err);

/* cp_report_save with only the language set: what `cohortplan solve` and
 * `cohortplan report` call when no problem is at hand. */
bool cp_report_write(const struct cp_plan *plan, struct cp_tzdb *db, const char *lang,
		     const char *outdir, struct cp_error *err);

#endif /* CP_REPORT_H */
