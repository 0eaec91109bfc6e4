/*
 * Intake and follow-up calls in the browser (docs/workspace.md "Calls"):
 * booked from the course's stored problem by the same engine and rules as
 * `cohortplan appointments` (engine/appoint), shown on the planner's course
 * page with both sides' wall times, and on a participant's own page (their
 * own calls only, no ids). The booking itself is stored by bookings.c; a
 * page shows the stored calls (checked against the course as it is now,
 * as a re-booking would), or, before the first booking, the planner sees
 * a proposal and the participant nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/appoint.h>
#include <cohortplan/problem.h>
#include <cohortplan/tz.h>

#include "formats/appointments_json.h"
#include "formats/problem_json.h"
#include "web.h"

/* The stored booking of prob into out (nothing when there is none or it
 * does not read: the page then shows a proposal). */
static void
load_stored(struct cp_server *s, struct cp_store *st, const struct cp_store_problem *prob,
	    struct srv_calls *out)
{
	struct cp_store_appointments row = { 0 };
	struct cp_diag *d;

	if (cp_store_appointments_get(st, prob->id, &row, NULL) != CP_OK)
		return;
	d = cp_diag_create(1);
	if (d && cp_appointments_json_read(row.body, row.body_len, s->cfg.tzdb, &out->stored, d) ==
			 CP_APPOINTMENTS_OK) {
		out->revision = row.revision;
		out->stale = row.problem_version != prob->version;
	}
	cp_diag_destroy(d);
	cp_store_appointments_finish(&row);
}

bool
srv_calls_book(struct cp_server *s, struct cp_store *st, const struct cp_store_problem *prob,
	       struct srv_calls *out)
{
	const char *text = prob->body;
	size_t len = prob->body_len;
	const struct cp_appoint_previous *prev;
	size_t n_prev;
	struct cp_problem_json_options po = { .no_files = true,
					      .holidays_dir = s->cfg.holidays_dir };
	struct cp_diag *d = cp_diag_create(1);
	struct cp_engine_error err = { 0 };

	memset(out, 0, sizeof(*out));
	/* Most courses have no case managers: spare every page view the full
	 * reader then (the text is NUL-terminated, as the store keeps it). */
	if (!d || !strstr(text, "\"case_managers\"")) {
		cp_diag_destroy(d);
		return false;
	}
	if (cp_problem_json_parse(text, len, s->cfg.tzdb, &po, &out->problem, d) != CP_PROBLEM_OK ||
	    !cp_problem_case_manager_count(out->problem)) {
		cp_diag_destroy(d);
		srv_calls_finish(out);
		return false;
	}
	load_stored(s, st, prob, out);
	prev = out->stored ? out->stored->bookings : NULL;
	n_prev = out->stored ? out->stored->n : 0;
	if (cp_appoint_run(out->problem, prev, n_prev, &out->result, &err) != CP_ENGINE_OK) {
		cp_diag_destroy(d);
		srv_calls_finish(out);
		return false;
	}
	cp_diag_destroy(d);
	return true;
}

void
srv_calls_finish(struct srv_calls *c)
{
	cp_appoint_result_destroy(c->result);
	cp_problem_destroy(c->problem);
	cp_appointments_destroy(c->stored);
	memset(c, 0, sizeof(*c));
}

/* The zone the participant lives in at the call: after arrival, the
 * course's (as appointments.json's participant_local). */
static const struct cp_tz *
participant_tz(const struct srv_calls *c, const struct cp_appoint_booking *b)
{
	if (b->kind == CP_APPOINT_FOLLOWUP)
		return cp_problem_course(c->problem)->tz;
	return cp_problem_participant(c->problem, b->participant)->tz;
}

/* "<time datetime=LOCAL>the locale's date and time</time> Zone UTC+hh:mm":
 * the start as the clock in tz shows it (pinned tzdata; ICU only words it). */
static void
wall_time(struct srv_html *h, const struct cp_tz *tz, cp_instant t)
{
	struct cp_tz_local l;
	char iso[CP_TIME_BUFSZ], *words;
	int32_t a;

	cp_tz_to_local(tz, t, &l);
	cp_format_local(&l.wall, iso);
	iso[16] = '\0';   /* to the minute */
	words = cp_msg_datetime(h->msg, &l.wall, CP_MSG_DATETIME);
	srv_html_raw(h, "<time datetime=\"");
	srv_html_text(h, iso);
	srv_html_raw(h, "\">");
	srv_html_text(h, words ? words : iso);
	free(words);
	a = l.utoff < 0 ? -l.utoff : l.utoff;
	srv_html_raw(h, "</time> <bdi>");
	srv_html_text(h, cp_tz_name(tz));
	srv_html_rawf(h, "</bdi> <bdi>UTC%c%02d:%02d</bdi>", l.utoff < 0 ? '-' : '+',
		      (int)(a / 3600), (int)(a / 60 % 60));
}

static const char *
kind_key(enum cp_appoint_kind k)
{
	return k == CP_APPOINT_INTAKE ? "title_intake" : "title_followup";
}

void
srv_calls_table(struct srv_html *h, const struct srv_calls *c)
{
	const struct cp_appoint_result *r = c->result;

	srv_html_raw(h, "<table id=\"calls\"><thead><tr><th>");
	srv_html_t(h, "ws_f_pin_participant");
	srv_html_raw(h, "</th><th>");
	srv_html_t(h, "ws_call");
	srv_html_raw(h, "</th><th>");
	srv_html_t(h, "ws_call_manager");
	srv_html_raw(h, "</th><th>");
	srv_html_t(h, "ws_call_time_participant");
	srv_html_raw(h, "</th><th>");
	srv_html_t(h, "ws_call_time_manager");
	srv_html_raw(h, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < r->n_bookings; i++) {
		const struct cp_appoint_booking *b = &r->bookings[i];
		const struct cp_case_manager *m = cp_problem_case_manager(c->problem, b->manager);
		srv_html_rawf(h, "<tr data-kind=\"%s\"><td><bdi>", cp_appoint_kind_name(b->kind));
		srv_html_text(h, cp_problem_participant(c->problem, b->participant)->id);
		srv_html_raw(h, "</bdi></td><td>");
		srv_html_t(h, kind_key(b->kind));
		srv_html_raw(h, "</td><td><bdi>");
		srv_html_text(h, m->id);
		srv_html_raw(h, "</bdi></td><td class=\"p\">");
		wall_time(h, participant_tz(c, b), b->start);
		srv_html_raw(h, "</td><td class=\"m\">");
		wall_time(h, m->tz, b->start);
		srv_html_raw(h, "</td></tr>");
	}
	srv_html_raw(h, "</tbody></table>");
	if (!r->n_unbooked)
		return;
	srv_html_raw(h, "<ul id=\"unbooked\">");
	for (size_t i = 0; i < r->n_unbooked; i++) {
		const struct cp_appoint_unbooked *u = &r->unbooked[i];
		char key[40];
		const char *args[2];
		snprintf(key, sizeof(key), "ws_call_%s", cp_appoint_why_name(u->why));
		args[0] = cp_problem_participant(c->problem, u->participant)->id;
		srv_html_rawf(h, "<li data-kind=\"%s\" data-reason=\"%s\">",
			      cp_appoint_kind_name(u->kind), cp_appoint_why_name(u->why));
		/* "no arrival date, so no follow-up call" names the call itself. */
		if (u->why != CP_APPOINT_NO_ARRIVAL) {
			srv_html_t(h, kind_key(u->kind));
			srv_html_raw(h, ": ");
		}
		srv_html_tf(h, key, 1, args);
		srv_html_raw(h, "</li>");
	}
	srv_html_raw(h, "</ul>");
}

size_t
srv_calls_own(struct srv_html *h, const struct srv_calls *c, const char *participant)
{
	const struct cp_appoint_result *r = c->result;
	size_t shown = 0;

	for (size_t i = 0; i < r->n_bookings; i++) {
		const struct cp_appoint_booking *b = &r->bookings[i];
		const char *id = cp_problem_participant(c->problem, b->participant)->id;
		if (strcmp(id, participant) != 0)
			continue;
		if (!shown++) {
			srv_html_raw(h, "<section class=\"msg note\" id=\"calls\"><p>");
			srv_html_t(h, "av_calls");
			srv_html_raw(h, "</p><ul>");
		}
		srv_html_rawf(h, "<li data-kind=\"%s\">", cp_appoint_kind_name(b->kind));
		srv_html_t(h, kind_key(b->kind));
		srv_html_raw(h, ": ");
		wall_time(h, participant_tz(c, b), b->start);
		srv_html_raw(h, "</li>");
	}
	if (shown)
		srv_html_raw(h, "</ul></section>");
	return shown;
}
