/*
 * The planner's workspace in the browser (docs/workspace.md): sign-in, the
 * courses, a course's form, people as CSV, the availability round with its
 * personal links, solving with progress, the plan as the report,
 * publication and the teachers' feed links, pins for re-plans.
 *
 * Every page but the sign-in needs the session cookie; every POST also
 * needs the session's CSRF token in its form. What the pages change goes
 * through the same store, reader and job pool as the JSON API, so a course
 * made here can be driven from /v1 and the other way round.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/diag.h>
#include <cohortplan/problem.h>

#include "formats/people_csv.h"
#include "formats/plan_json.h"
#include "formats/problem_json.h"
#include "formats/workspace_json.h"
#include "report/report.h"
#include "reply.h"
#include "web.h"

/* One request's page context: language, session, store. */
struct ws {
	struct srv_request *r;
	struct cp_store *st;
	struct cp_msg *msg;
	const char *lang;
	char csrf[SRV_FEED_TOKEN_CHARS + 1];
	struct srv_form form;
	const char *notice_arg;    /* the course page's notice's {0}, or NULL */
	/* The course page lists only the errors under these paths (NULL:
	 * all of them). */
	const char *const *only;
	size_t n_only;
};

static bool
is(const struct srv_request *r, const char *method)
{
	return strcmp(r->method, method) == 0;
}

/* ---- page frame ----------------------------------------------------------------- */

static void
csrf_field(struct srv_html *h, const struct ws *w)
{
	srv_html_rawf(h, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", w->csrf);
}

static void
page_begin(struct ws *w, struct srv_html *h, const char *title_key, const char *arg, int refresh)
{
	char *title = cp_msg_format(w->msg, title_key, arg ? 1 : 0, &arg);

	srv_html_init(h, w->msg);
	srv_html_begin(h, title ? title : title_key, refresh);
	srv_html_raw(h, "<nav><a href=\"/\">");
	srv_html_t(h, "ws_courses");
	srv_html_raw(h, "</a><form method=\"post\" action=\"/logout\">");
	csrf_field(h, w);
	srv_html_raw(h, "<button class=\"quiet\">");
	srv_html_t(h, "ws_sign_out");
	srv_html_raw(h, "</button></form></nav><h1>");
	srv_html_text(h, title ? title : title_key);
	srv_html_raw(h, "</h1>");
	free(title);
}

static void
message(struct srv_html *h, const char *cls, const char *key)
{
	srv_html_rawf(h, "<p class=\"msg %s\" role=\"status\">", cls);
	srv_html_t(h, key);
	srv_html_raw(h, "</p>");
}

/* A paragraph of the message key. */
static void
para(struct srv_html *h, const char *key)
{
	srv_html_raw(h, "<p>");
	srv_html_t(h, key);
	srv_html_raw(h, "</p>");
}

/* The diag's errors as a list, each with its path or row and column. */
static bool under(const char *path, const char *const *prefixes, size_t n);

/* only (n_only prefixes, "" for document-level errors) limits the list to
 * errors under those paths; NULL lists them all. */
static void
error_list(struct srv_html *h, const struct cp_diag *d, const struct cp_people_csv_rows *rows,
	   const char *const *only, size_t n_only)
{
	srv_html_raw(h, "<div class=\"msg bad\" role=\"alert\"><p>");
	srv_html_t(h, "ws_errors");
	srv_html_raw(h, "</p><ul>");
	for (size_t i = 0; i < cp_diag_count(d); i++) {
		const struct cp_diag_entry *e = cp_diag_entry(d, i);
		long row = 0, col = 0;

		if (e->severity != CP_DIAG_ERROR || (only && !under(e->path, only, n_only)))
			continue;
		srv_html_raw(h, "<li>");
		if (rows && e->path[0] && cp_people_csv_locate(rows, e->path, &row, &col)) {
			/* a problem reader's error about an imported person */
		} else if (e->path[0]) {
			srv_html_text(h, e->path);
			srv_html_raw(h, ": ");
		} else {
			row = e->line;     /* the CSV reader's own errors */
			col = e->column;
		}
		if (row > 0) {
			char rs[24], cs[24];
			const char *args[2] = { rs, cs };
			snprintf(rs, sizeof(rs), "%ld", row);
			snprintf(cs, sizeof(cs), "%ld", col);
			srv_html_tf(h, col > 0 ? "ws_row_col" : "ws_row", 2, args);
			srv_html_raw(h, ": ");
		}
		srv_html_text(h, e->message);
		srv_html_raw(h, "</li>");
	}
	srv_html_raw(h, "</ul></div>");
}

/* ---- checks against the problem reader ---------------------------------------------- */

/* Is path under one of the prefixes ("" stands for document-level)? */
static bool
under(const char *path, const char *const *prefixes, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		size_t l = strlen(prefixes[j]);
		if (l == 0 ? path[0] == '\0'
			   : strncmp(path, prefixes[j], l) == 0 && (path[l] == '\0' || path[l] == '/'))
			return true;
	}
	return false;
}

/* Errors under the prefixes. */
static size_t
errors_under(const struct cp_diag *d, const char *const *prefixes, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < cp_diag_count(d); i++) {
		const struct cp_diag_entry *e = cp_diag_entry(d, i);
		k += e->severity == CP_DIAG_ERROR && under(e->path, prefixes, n);
	}
	return k;
}

/* ---- sign-in ---------------------------------------------------------------------------- */

static enum MHD_Result
login_page(struct ws *w, bool failed)
{
	struct srv_html h;

	srv_html_init(&h, w->msg);
	srv_html_begin(&h, "cohortplan", 0);
	srv_html_raw(&h, "<h1>");
	srv_html_t(&h, "ws_sign_in");
	srv_html_raw(&h, "</h1>");
	if (failed)
		message(&h, "bad", "ws_sign_in_failed");
	srv_html_raw(&h, "<form method=\"post\" action=\"/login\"><label for=\"token\">");
	srv_html_t(&h, "ws_token");
	srv_html_raw(&h, "</label> <input id=\"token\" name=\"token\" type=\"password\" "
		     "autocomplete=\"current-password\" required> <button>");
	srv_html_t(&h, "ws_sign_in");
	srv_html_raw(&h, "</button></form>");
	srv_html_end(&h);
	return srv_web_page(w->r, failed ? 401 : 200, &h, NULL);
}

static enum MHD_Result
login_post(struct ws *w)
{
	const char *token = srv_form_get(&w->form, "token");
	uint8_t got[SRV_SHA256_LEN];
	char *cookie = NULL;
	enum MHD_Result ret;

	/* The planner token itself is what signs in: hashed, compared in
	 * constant time, as the bearer token of /v1. */
	if (srv_throttle_wait(w->r) > 0) {
		srv_log(w->r->srv, "workspace: a sign-in refused: too many wrong tokens");
		return login_page(w, true);
	}
	srv_sha256(token, strlen(token), got);
	if (!srv_hash_equal(got, w->r->srv->token_hash)) {
		srv_throttle_failed(w->r);
		srv_log(w->r->srv, "workspace: a sign-in with a wrong token");
		return login_page(w, true);
	}
	if (!srv_session_create(w->r->srv, &cookie))
		return srv_web_error(w->r, 500, w->lang);
	ret = srv_web_redirect(w->r, "/", cookie);
	free(cookie);
	return ret;
}

/* ---- courses ------------------------------------------------------------------------------ */

static enum MHD_Result
home(struct ws *w)
{
	struct cp_error err = { 0 };
	char **ids = NULL;
	size_t n = 0;
	struct srv_html h;

	if (cp_store_problem_ids(w->st, &ids, &n, &err))
		return srv_web_error(w->r, 500, w->lang);
	page_begin(w, &h, "ws_courses", NULL, 0);
	srv_html_raw(&h, "<p><a href=\"/w/new\">");
	srv_html_t(&h, "ws_new_course");
	srv_html_raw(&h, "</a></p>");
	if (n == 0) {
		para(&h, "ws_no_courses");
	} else {
		srv_html_raw(&h, "<ul>");
		for (size_t i = 0; i < n; i++) {
			srv_html_raw(&h, "<li><a href=\"/w/c/");
			srv_html_text(&h, ids[i]);
			srv_html_raw(&h, "\">");
			srv_html_text(&h, ids[i]);
			srv_html_raw(&h, "</a></li>");
		}
		srv_html_raw(&h, "</ul>");
	}
	srv_html_end(&h);
	cp_store_strv_free(ids, n);
	return srv_web_page(w->r, 200, &h, NULL);
}

static void
input(struct srv_html *h, const char *name, const char *label_key, const char *type,
      const char *value, const char *extra)
{
	srv_html_rawf(h, "<label for=\"f-%s\">", name);
	srv_html_t(h, label_key);
	srv_html_rawf(h, "<input id=\"f-%s\" name=\"%s\" type=\"%s\" value=\"", name, name, type);
	srv_html_text(h, value);
	srv_html_rawf(h, "\" %s></label>", extra ? extra : "");
}

static void
input_num(struct srv_html *h, const char *name, const char *label_key, double v,
	  const char *extra)
{
	char buf[32] = "";

	if (v != 0)
		snprintf(buf, sizeof(buf), "%g", v);
	input(h, name, label_key, "number", buf, extra);
}

static void
course_form(struct ws *w, struct srv_html *h, const struct cp_ws_course *c, const char *action,
	    bool is_new)
{
	srv_html_raw(h, "<form method=\"post\" action=\"");
	srv_html_text(h, action);
	srv_html_raw(h, "\"><fieldset><legend>");
	srv_html_t(h, "ws_course");
	srv_html_raw(h, "</legend><div class=\"row\">");
	csrf_field(h, w);
	if (is_new)
		input(h, "id", "ws_f_id", "text", c->id, "required maxlength=\"64\" pattern=\"[A-Za-z0-9._:\\-]+\"");
	input(h, "title", "ws_f_title", "text", c->title, "maxlength=\"200\"");
	input(h, "language", "ws_f_language", "text", c->language[0] ? c->language : "ar",
	      "required maxlength=\"16\"");
	input(h, "zone", "ws_f_zone", "text", c->zone[0] ? c->zone : "Europe/Brussels", "maxlength=\"64\"");
	input(h, "start", "ws_f_start", "date", c->start, "required");
	input(h, "end", "ws_f_end", "date", c->end, "required");
	input_num(h, "lesson_hours", "ws_f_hours", c->lesson_hours, "required step=\"any\" min=\"1\"");
	input_num(h, "share", "ws_f_share", c->share, "step=\"any\" min=\"0\" max=\"1\"");
	input_num(h, "session_minutes", "ws_f_session", c->session_minutes, "required min=\"15\"");
	input_num(h, "spw_min", "ws_f_spw_min", c->spw_min, "min=\"0\"");
	input_num(h, "spw_max", "ws_f_spw_max", c->spw_max, "min=\"0\"");
	srv_html_raw(h, "</div></fieldset><fieldset><legend>");
	srv_html_t(h, "ws_policy");
	srv_html_raw(h, "</legend><div class=\"row\">");
	input(h, "earliest", "ws_f_earliest", "time", c->earliest, NULL);
	input(h, "latest", "ws_f_latest", "time", c->latest, NULL);
	input_num(h, "cohort_min", "ws_f_cohort_min", c->cohort_min, "min=\"0\"");
	input_num(h, "cohort_max", "ws_f_cohort_max", c->cohort_max, "min=\"0\"");
	input_num(h, "target", "ws_f_target", c->target, "step=\"any\" min=\"0\" max=\"1\"");
	srv_html_raw(h, "</div></fieldset><button>");
	srv_html_t(h, is_new ? "ws_create" : "ws_save");
	srv_html_raw(h, "</button></form>");
}

static double
fnum(const struct srv_form *f, const char *k)
{
	const char *v = srv_form_get(f, k);
	char *end;
	double d = strtod(v, &end);

	return end == v ? 0 : d;
}

static void
fstr(const struct srv_form *f, const char *k, char *dst, size_t n)
{
	snprintf(dst, n, "%s", srv_form_get(f, k));
}

static void
course_from_form(const struct srv_form *f, struct cp_ws_course *c)
{
	memset(c, 0, sizeof(*c));
	fstr(f, "id", c->id, sizeof(c->id));
	fstr(f, "title", c->title, sizeof(c->title));
	fstr(f, "language", c->language, sizeof(c->language));
	fstr(f, "zone", c->zone, sizeof(c->zone));
	fstr(f, "start", c->start, sizeof(c->start));
	fstr(f, "end", c->end, sizeof(c->end));
	fstr(f, "earliest", c->earliest, sizeof(c->earliest));
	fstr(f, "latest", c->latest, sizeof(c->latest));
	c->lesson_hours = fnum(f, "lesson_hours");
	c->share = fnum(f, "share");
	c->session_minutes = (int)fnum(f, "session_minutes");
	c->spw_min = (int)fnum(f, "spw_min");
	c->spw_max = (int)fnum(f, "spw_max");
	c->cohort_min = (int)fnum(f, "cohort_min");
	c->cohort_max = (int)fnum(f, "cohort_max");
	c->target = fnum(f, "target");
}

static enum MHD_Result
new_course(struct ws *w)
{
	struct cp_ws_course c;
	struct srv_html h;
	struct cp_diag *d = NULL;
	char *text = NULL;
	unsigned status = 200;
	static const char *const mine[] = { "/course", "/policy", "/version", "" };

	memset(&c, 0, sizeof(c));
	if (is(w->r, "POST")) {
		struct cp_store_problem old = { 0 };
		course_from_form(&w->form, &c);
		if (!cp_problem_json_id_ok(c.id)) {
			d = cp_diag_create(4);
			if (d)
				cp_diag_add(d, CP_DIAG_ERROR, "/course/id", NULL,
					    "not an id: 1 to 64 letters, digits, '.', '_', ':' or '-'");
		} else if (cp_store_problem_get(w->st, c.id, &old, NULL) == CP_OK) {
			d = cp_diag_create(4);
			if (d)
				cp_diag_add(d, CP_DIAG_ERROR, "/course/id", NULL,
					    "a course with this id exists already");
		} else {
			text = cp_ws_course_apply(NULL, 0, &c);
			d = text ? srv_web_check(w->r->srv, text, strlen(text)) : NULL;
			/* A new course has nobody yet: only its own fields count. */
			if (d && errors_under(d, mine, 4) == 0) {
				unsigned st = srv_web_store_problem(w->r->srv, w->st, c.id, text);
				char loc[128];
				cp_store_problem_finish(&old);
				free(text);
				cp_diag_destroy(d);
				if (st)
					return srv_web_error(w->r, st, w->lang);
				snprintf(loc, sizeof(loc), "/w/c/%s", c.id);
				srv_log(w->r->srv, "workspace: course '%s' created", c.id);
				return srv_web_redirect(w->r, loc, NULL);
			}
		}
		cp_store_problem_finish(&old);
		status = 422;
	}
	page_begin(w, &h, "ws_new_course", NULL, 0);
	/* Only what the planner can fix on this form: a new course has
	 * nobody yet, which the reader counts as errors too. */
	if (d)
		error_list(&h, d, NULL, mine, 4);
	course_form(w, &h, &c, "/w/new", true);
	srv_html_end(&h);
	free(text);
	cp_diag_destroy(d);
	return srv_web_page(w->r, status, &h, NULL);
}

/* ---- one course ---------------------------------------------------------------------- */

static void
copy_field(struct srv_html *h, const char *id, const char *url)
{
	srv_html_rawf(h, "<input class=\"link\" id=\"%s\" readonly value=\"", id);
	srv_html_text(h, url);
	srv_html_rawf(h, "\" aria-label=\"link\"> <button type=\"button\" class=\"quiet\" "
		      "data-copy=\"%s\" data-done=\"", id);
	srv_html_t(h, "ws_copied");
	srv_html_raw(h, "\">");
	srv_html_t(h, "ws_copy");
	srv_html_raw(h, "</button>");
}

static void
post_button(struct ws *w, struct srv_html *h, const char *pid, const char *path,
	    const char *key, const char *confirm_key)
{
	srv_html_raw(h, "<form method=\"post\" action=\"/w/c/");
	srv_html_text(h, pid);
	srv_html_text(h, path);
	srv_html_raw(h, "\"");
	if (confirm_key) {
		srv_html_raw(h, " data-confirm=\"");
		srv_html_t(h, confirm_key);
		srv_html_raw(h, "\"");
	}
	srv_html_raw(h, ">");
	csrf_field(h, w);
	srv_html_raw(h, "<button>");
	srv_html_t(h, key);
	srv_html_raw(h, "</button></form>");
}

static void
section(struct srv_html *h, const char *key)
{
	srv_html_raw(h, "<h2>");
	srv_html_t(h, key);
	srv_html_raw(h, "</h2>");
}

static void
links_section(struct ws *w, struct srv_html *h, const char *pid)
{
	struct cp_store_link *v = NULL;
	size_t n = 0;
	bool closed = false;
	size_t answered = 0;

	section(h, "ws_round");
	cp_store_round_get(w->st, pid, &closed, NULL);
	if (cp_store_link_list(w->st, pid, &v, &n, NULL) != CP_OK)
		n = 0;
	for (size_t i = 0; i < n; i++)
		answered += v[i].answered != 0;
	{
		char a[24], t[24];
		const char *args[2] = { a, t };
		snprintf(a, sizeof(a), "%zu", answered);
		snprintf(t, sizeof(t), "%zu", n);
		srv_html_raw(h, "<p>");
		srv_html_tf(h, "ws_answered_count", 2, args);
		srv_html_raw(h, " ");
		srv_html_t(h, closed ? "ws_round_closed" : "ws_round_open");
		srv_html_raw(h, "</p>");
	}
	srv_html_raw(h, "<form method=\"post\" action=\"/w/c/");
	srv_html_text(h, pid);
	srv_html_raw(h, "/links\" class=\"row\">");
	csrf_field(h, w);
	input(h, "days", "ws_f_days", "number", "30", "min=\"1\" max=\"365\"");
	srv_html_raw(h, "<button>");
	srv_html_t(h, "ws_issue_links");
	srv_html_raw(h, "</button></form>");
	post_button(w, h, pid, "/round", closed ? "ws_reopen_round" : "ws_close_round", NULL);
	if (n) {
		srv_html_raw(h, "<table><thead><tr><th>");
		srv_html_t(h, "ws_person");
		srv_html_raw(h, "</th><th>");
		srv_html_t(h, "ws_answered");
		srv_html_raw(h, "</th><th>");
		srv_html_t(h, "ws_link");
		srv_html_raw(h, "</th><th></th></tr></thead><tbody>");
	}
	for (size_t i = 0; i < n; i++) {
		size_t ul = strlen(w->r->srv->base_url) + SRV_FEED_TOKEN_CHARS + 8;
		char *url = malloc(ul), idbuf[32], path[48];
		if (!url)
			break;
		snprintf(url, ul, "%s/a/%s", w->r->srv->base_url, v[i].token);
		snprintf(idbuf, sizeof(idbuf), "link-%" PRId64, v[i].id);
		snprintf(path, sizeof(path), "/links/%" PRId64 "/revoke", v[i].id);
		srv_html_raw(h, "<tr><td>");
		srv_html_t(h, strcmp(v[i].kind, "teacher") == 0 ? "ws_teacher" : "ws_participant");
		srv_html_raw(h, " <b>");
		srv_html_text(h, v[i].subject);
		srv_html_raw(h, "</b></td><td>");
		srv_html_t(h, v[i].answered ? "ws_yes" : "ws_not_yet");
		srv_html_raw(h, "</td><td>");
		copy_field(h, idbuf, url);
		srv_html_raw(h, "</td><td>");
		post_button(w, h, pid, path, "ws_revoke", "ws_revoke_confirm");
		srv_html_raw(h, "</td></tr>");
		free(url);
	}
	if (n)
		srv_html_raw(h, "</tbody></table>");
	cp_store_links_free(v, n);
}

static void
plans_section(struct ws *w, struct srv_html *h, const char *pid)
{
	int64_t *ids = NULL;
	size_t n = 0;
	struct cp_store_publication pub = { 0 };
	bool published = cp_store_publication_get(w->st, pid, &pub, NULL) == CP_OK;

	section(h, "ws_solve");
	srv_html_raw(h, "<form method=\"post\" class=\"row\" action=\"/w/c/");
	srv_html_text(h, pid);
	srv_html_raw(h, "/solve\">");
	csrf_field(h, w);
	input(h, "time_limit", "ws_f_time_limit", "number", "30", "min=\"1\" max=\"600\"");
	srv_html_raw(h, "<button>");
	srv_html_t(h, "ws_solve_now");
	srv_html_raw(h, "</button></form>");
	if (published)
		post_button(w, h, pid, "/replan", "ws_replan", NULL);
	section(h, "ws_plans");
	if (cp_store_plan_ids(w->st, pid, &ids, &n, NULL) != CP_OK)
		n = 0;
	if (!n) {
		para(h, "ws_no_plans");
	}
	srv_html_raw(h, "<ul>");
	for (size_t i = n; i-- > 0;) {
		char num[24], path[64];
		const char *args[1] = { num };
		snprintf(num, sizeof(num), "%" PRId64, ids[i]);
		snprintf(path, sizeof(path), "/plans/%" PRId64 "/publish", ids[i]);
		srv_html_raw(h, "<li class=\"row\"><a href=\"/w/c/");
		srv_html_text(h, pid);
		srv_html_rawf(h, "/plans/%" PRId64 "\">", ids[i]);
		srv_html_tf(h, "ws_plan_n", 1, args);
		srv_html_raw(h, "</a> ");
		if (published && pub.plan_id == ids[i])
			srv_html_t(h, "ws_published");
		else
			post_button(w, h, pid, path, "ws_publish", NULL);
		srv_html_raw(h, "</li>");
	}
	srv_html_raw(h, "</ul>");
	free(ids);
}

static void
feeds_section(struct ws *w, struct srv_html *h, const char *pid)
{
	struct cp_store_feed *v = NULL;
	size_t n = 0;

	section(h, "ws_feeds");
	if (cp_store_feed_list(w->st, pid, &v, &n, NULL) != CP_OK)
		n = 0;
	if (!n) {
		para(h, "ws_no_feeds");
	}
	srv_html_raw(h, "<table><tbody>");
	for (size_t i = 0; i < n; i++) {
		size_t ul = strlen(w->r->srv->base_url) + SRV_FEED_TOKEN_CHARS + 16;
		char *url, idbuf[32];
		/* Participant feeds go to participants through their own
		 * channels; the planner copies teachers', cohorts' and case
		 * managers'. */
		if (strcmp(v[i].kind, "participant") == 0 || !(url = malloc(ul)))
			continue;
		snprintf(url, ul, "%s/feeds/%s.ics", w->r->srv->base_url, v[i].token);
		snprintf(idbuf, sizeof(idbuf), "feed-%" PRId64, v[i].id);
		srv_html_raw(h, "<tr><td>");
		srv_html_t(h, strcmp(v[i].kind, "teacher") == 0        ? "ws_teacher"
			      : strcmp(v[i].kind, "case_manager") == 0 ? "ws_call_manager"
									: "ws_cohort");
		srv_html_raw(h, " <b>");
		srv_html_text(h, v[i].subject);
		srv_html_raw(h, "</b></td><td>");
		copy_field(h, idbuf, url);
		srv_html_raw(h, "</td></tr>");
		free(url);
	}
	srv_html_raw(h, "</tbody></table>");
	cp_store_feeds_free(v, n);
}

static void
people_section(struct ws *w, struct srv_html *h, const char *pid, const char *text, size_t len)
{
	struct cp_ws_person *v = NULL;
	size_t n = 0, np = 0;
	char a[24], b[24];
	const char *args[2] = { a, b };

	section(h, "ws_people");
	cp_ws_people(text, len, &v, &n);
	for (size_t i = 0; i < n; i++)
		np += v[i].kind[0] == 'p';
	free(v);
	snprintf(a, sizeof(a), "%zu", np);
	snprintf(b, sizeof(b), "%zu", n - np);
	srv_html_raw(h, "<p>");
	srv_html_tf(h, "ws_people_count", 2, args);
	srv_html_raw(h, " <a href=\"/w/c/");
	srv_html_text(h, pid);
	srv_html_raw(h, "/people.csv\">");
	srv_html_t(h, "ws_export");
	srv_html_raw(h, "</a></p><form method=\"post\" enctype=\"multipart/form-data\" action=\"/w/c/");
	srv_html_text(h, pid);
	srv_html_raw(h, "/import\">");
	csrf_field(h, w);
	srv_html_fieldset(h, "ws_import", "ws_import_help");
	srv_html_raw(h, "<label for=\"f-csvfile\">");
	srv_html_t(h, "ws_f_csv_file");
	srv_html_raw(h, "</label> <input id=\"f-csvfile\" name=\"csvfile\" type=\"file\" "
		     "accept=\".csv,text/csv\"><br><label for=\"f-csv\">");
	srv_html_t(h, "ws_f_csv_text");
	srv_html_raw(h, "</label><textarea id=\"f-csv\" name=\"csv\"></textarea><button>");
	srv_html_t(h, "ws_import_now");
	srv_html_raw(h, "</button></fieldset></form>");
}

/* Plans of this course and of its variants ("<id>.<name>"), for the
 * comparison's choices. */
static void
plan_options(struct ws *w, struct srv_html *h, const char *pid, const char *name,
	     const char *label_key, size_t pick)
{
	char **ids = NULL;
	size_t n = 0, k = 0, plen = strlen(pid);

	srv_html_rawf(h, "<label for=\"f-%s\">", name);
	srv_html_t(h, label_key);
	srv_html_rawf(h, "<select id=\"f-%s\" name=\"%s\">", name, name);
	if (cp_store_problem_ids(w->st, &ids, &n, NULL) != CP_OK)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t *plans = NULL;
		size_t np = 0;
		if (strcmp(ids[i], pid) != 0 &&
		    !(strncmp(ids[i], pid, plen) == 0 && ids[i][plen] == '.'))
			continue;
		if (cp_store_plan_ids(w->st, ids[i], &plans, &np, NULL) != CP_OK)
			np = 0;
		for (size_t j = np; j-- > 0; k++) {
			srv_html_rawf(h, "<option value=\"%" PRId64 "\"%s>", plans[j],
				      k == pick ? " selected" : "");
			srv_html_text(h, ids[i]);
			srv_html_rawf(h, " · %" PRId64 "</option>", plans[j]);
		}
		free(plans);
	}
	srv_html_raw(h, "</select></label>");
	cp_store_strv_free(ids, n);
}

static void
variants_section(struct ws *w, struct srv_html *h, const char *pid, const char *text,
		 size_t len)
{
	struct cp_ws_person *v = NULL;
	size_t n = 0;

	section(h, "ws_variants");
	para(h, "ws_variants_help");
	srv_html_raw(h, "<form method=\"post\" class=\"row\" action=\"/w/c/");
	srv_html_text(h, pid);
	srv_html_raw(h, "/variant\">");
	csrf_field(h, w);
	input(h, "variant", "ws_f_variant", "text", "", "required maxlength=\"16\" "
	      "pattern=\"[A-Za-z0-9_\\-]+\"");
	input(h, "v_start", "ws_f_start", "date", "", NULL);
	input(h, "v_end", "ws_f_end", "date", "", NULL);
	srv_html_raw(h, "<label for=\"f-drop\">");
	srv_html_t(h, "ws_f_drop_teacher");
	srv_html_raw(h, "<select id=\"f-drop\" name=\"drop\"><option value=\"\">–</option>");
	cp_ws_people(text, len, &v, &n);
	for (size_t i = 0; i < n; i++) {
		if (v[i].kind[0] != 't')
			continue;
		srv_html_raw(h, "<option>");
		srv_html_text(h, v[i].id);
		srv_html_raw(h, "</option>");
	}
	free(v);
	srv_html_raw(h, "</select></label><button>");
	srv_html_t(h, "ws_make_variant");
	srv_html_raw(h, "</button></form><form method=\"get\" class=\"row\" action=\"/w/c/");
	srv_html_text(h, pid);
	srv_html_raw(h, "/compare\">");
	plan_options(w, h, pid, "a", "ws_f_plan_a", 0);
	plan_options(w, h, pid, "b", "ws_f_plan_b", 1);
	srv_html_raw(h, "<button>");
	srv_html_t(h, "ws_compare");
	srv_html_raw(h, "</button></form>");
}

/* The published plan's text (malloc'd, *len set), or NULL when nothing is
 * published or it cannot be read. */
static char *
published_plan(struct ws *w, const char *pid, size_t *len)
{
	struct cp_store_publication pub = { 0 };
	struct cp_store_plan row = { 0 };
	char *text = NULL;

	if (cp_store_publication_get(w->st, pid, &pub, NULL) != CP_OK)
		return NULL;
	if (cp_store_plan_get(w->st, pub.plan_id, &row, NULL) == CP_OK &&
	    (text = malloc(row.body_len + 1))) {
		memcpy(text, row.body, row.body_len);
		text[row.body_len] = '\0';
		*len = row.body_len;
	}
	cp_store_plan_finish(&row);
	return text;
}

static const struct cp_ws_cohort *
cohort_named(const struct cp_ws_cohort *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].id, id) == 0)
			return &v[i];
	return NULL;
}

/* "C02: Tue 19:00, Thu 19:00 (Europe/Brussels), 120 min · teacher T-01, 9
 * in the group", in the page's language (two messages: a message takes at
 * most four arguments). */
static void
cohort_label(struct srv_html *h, const struct cp_ws_cohort *c)
{
	char slots[CP_WS_SLOTS_MAX * 48] = "", mins[16], members[24];
	const char *args[4] = { c->id, slots, c->anchor_zone, mins };
	const char *more[2] = { c->teacher, members };
	size_t used = 0;

	for (size_t i = 0; i < c->n_slots; i++) {
		char key[16], *day;
		snprintf(key, sizeof(key), "report_wd_%d", c->wday[i]);
		day = cp_msg_format(h->msg, key, 0, NULL);
		used += (size_t)snprintf(slots + used, sizeof(slots) - used, "%s%s %s",
					 i ? ", " : "", day ? day : key, c->start[i]);
		free(day);
		if (used >= sizeof(slots))
			break;
	}
	snprintf(mins, sizeof(mins), "%d", c->session_minutes);
	snprintf(members, sizeof(members), "%zu", c->members);
	srv_html_tf(h, "ws_pin_cohort_label", 4, args);
	srv_html_raw(h, " · ");
	srv_html_tf(h, "ws_pin_cohort_more", 2, more);
}

/* Pins (docs/workspace.md): with a published plan, a form to pin a
 * participant to one of its cohorts and the list of pins, each with its
 * unpin button. The re-plan button of the plans section plans around
 * them. */
static void
pins_section(struct ws *w, struct srv_html *h, const char *pid, const char *text, size_t len)
{
	struct cp_ws_cohort *co = NULL;
	struct cp_ws_placement *pl = NULL;
	struct cp_ws_person *people = NULL;
	struct cp_ws_pin *pins = NULL;
	size_t nco = 0, npl = 0, npeople = 0, npins = 0, plan_len = 0;
	char *plan = published_plan(w, pid, &plan_len);

	if (!plan)
		return;
	cp_ws_plan_cohorts(plan, plan_len, &co, &nco);
	cp_ws_plan_placements(plan, plan_len, &pl, &npl);
	free(plan);
	cp_ws_people(text, len, &people, &npeople);
	cp_ws_pins(text, len, &pins, &npins);

	section(h, "ws_pins");
	para(h, "ws_pins_help");
	srv_html_raw(h, "<form method=\"post\" class=\"row\" id=\"pin-form\" action=\"/w/c/");
	srv_html_text(h, pid);
	srv_html_raw(h, "/pin\">");
	csrf_field(h, w);
	srv_html_raw(h, "<label for=\"f-pin-participant\">");
	srv_html_t(h, "ws_f_pin_participant");
	srv_html_raw(h, "<select id=\"f-pin-participant\" name=\"participant\" required>");
	for (size_t i = 0; i < npeople; i++) {
		const char *in = NULL;
		if (people[i].kind[0] != 'p')
			continue;
		for (size_t j = 0; j < npl && !in; j++)
			if (strcmp(pl[j].participant, people[i].id) == 0)
				in = pl[j].cohort;
		srv_html_raw(h, "<option value=\"");
		srv_html_text(h, people[i].id);
		srv_html_raw(h, "\">");
		srv_html_text(h, people[i].id);
		srv_html_raw(h, " · ");
		if (in)
			srv_html_text(h, in);
		else
			srv_html_t(h, "ws_pin_not_placed");
		srv_html_raw(h, "</option>");
	}
	srv_html_raw(h, "</select></label><label for=\"f-pin-cohort\">");
	srv_html_t(h, "ws_f_pin_cohort");
	srv_html_raw(h, "<select id=\"f-pin-cohort\" name=\"cohort\" required>");
	for (size_t i = 0; i < nco; i++) {
		srv_html_raw(h, "<option value=\"");
		srv_html_text(h, co[i].id);
		srv_html_raw(h, "\">");
		cohort_label(h, &co[i]);
		srv_html_raw(h, "</option>");
	}
	srv_html_raw(h, "</select></label><button>");
	srv_html_t(h, "ws_pin_now");
	srv_html_raw(h, "</button></form>");

	if (!npins) {
		srv_html_raw(h, "<p id=\"no-pins\">");
		srv_html_t(h, "ws_no_pins");
		srv_html_raw(h, "</p>");
	} else {
		srv_html_raw(h, "<table id=\"pins\"><thead><tr><th>");
		srv_html_t(h, "ws_f_pin_participant");
		srv_html_raw(h, "</th><th>");
		srv_html_t(h, "ws_pin_group");
		srv_html_raw(h, "</th><th></th></tr></thead><tbody>");
	}
	for (size_t i = 0; i < npins; i++) {
		const struct cp_ws_cohort *c = cohort_named(co, nco, pins[i].cohort);
		srv_html_raw(h, "<tr><td><b>");
		srv_html_text(h, pins[i].participant);
		srv_html_raw(h, "</b></td><td data-cohort=\"");
		srv_html_text(h, pins[i].cohort);
		srv_html_raw(h, "\">");
		if (c) {
			cohort_label(h, c);
		} else {
			/* Pinned to a cohort an earlier publication had: the
			 * re-plan would refuse it, so say so here first. */
			srv_html_text(h, pins[i].cohort);
			srv_html_raw(h, " <span class=\"msg bad\">");
			srv_html_t(h, "ws_pin_stale");
			srv_html_raw(h, "</span>");
		}
		srv_html_raw(h, "</td><td><form method=\"post\" action=\"/w/c/");
		srv_html_text(h, pid);
		srv_html_raw(h, "/unpin\">");
		csrf_field(h, w);
		srv_html_raw(h, "<input type=\"hidden\" name=\"participant\" value=\"");
		srv_html_text(h, pins[i].participant);
		srv_html_raw(h, "\"><button class=\"quiet\">");
		srv_html_t(h, "ws_unpin");
		srv_html_raw(h, "</button></form></td></tr>");
	}
	if (npins)
		srv_html_raw(h, "</tbody></table>");
	free(co);
	free(pl);
	free(people);
	free(pins);
}

/* Calls (docs/workspace.md): only for a course with case managers, the
 * intake and follow-up calls as `cohortplan appointments` books them: the
 * stored booking, or a proposal before the first, with the button that
 * books (again) and puts them into the calendars. */
static void
calls_section(struct ws *w, struct srv_html *h, const struct cp_store_problem *p)
{
	struct srv_calls calls;
	char rev[24];
	const char *arg = rev;

	if (!srv_calls_book(w->r->srv, w->st, p, &calls))
		return;
	section(h, "ws_calls");
	para(h, "ws_calls_help");
	srv_html_raw(h, "<p id=\"calls-state\" class=\"msg note\">");
	snprintf(rev, sizeof(rev), "%lld", (long long)calls.revision);
	if (!calls.revision)
		srv_html_t(h, "ws_calls_proposal");
	else
		srv_html_tf(h, calls.stale ? "ws_calls_stale" : "ws_calls_booked", 1, &arg);
	srv_html_raw(h, "</p>");
	post_button(w, h, p->id, "/calls", calls.revision ? "ws_calls_rebook" : "ws_calls_book",
		    NULL);
	srv_calls_table(h, &calls);
	srv_calls_finish(&calls);
}

static enum MHD_Result
book_calls(struct ws *w, const char *pid)
{
	struct srv_book_result res;
	char msg[400], loc[128];
	unsigned status = srv_book_calls(w->r->srv, w->st, pid, &res, msg, sizeof(msg));

	if (status) {
		srv_log(w->r->srv, "workspace: booking the calls of '%s' failed: %s", pid, msg);
		return srv_web_error(w->r, status, w->lang);
	}
	snprintf(loc, sizeof(loc), "/w/c/%s?done=calls", pid);
	return srv_web_redirect(w->r, loc, NULL);
}

/* The course page; notice is a message key to show first (or NULL), diag
 * errors of the last action (or NULL). */
static enum MHD_Result
course_page(struct ws *w, const char *pid, unsigned status, const char *notice,
	    const struct cp_diag *d, const struct cp_people_csv_rows *rows,
	    const struct cp_ws_course *form_values)
{
	struct cp_store_problem p = { 0 };
	struct cp_error err = { 0 };
	struct cp_ws_course c;
	struct srv_html h;
	enum cp_status rc = cp_store_problem_get(w->st, pid, &p, &err);
	char action[96];

	if (rc == CP_ERR_NOT_FOUND)
		return srv_web_error(w->r, 404, w->lang);
	if (rc)
		return srv_web_error(w->r, 500, w->lang);
	cp_ws_course_read(p.body, p.body_len, &c);
	page_begin(w, &h, "ws_course_title", pid, 0);
	if (notice && w->notice_arg) {
		srv_html_rawf(&h, "<p class=\"msg %s\" role=\"status\">", status >= 400 ? "bad" : "ok");
		srv_html_tf(&h, notice, 1, &w->notice_arg);
		srv_html_raw(&h, "</p>");
	} else if (notice) {
		message(&h, status >= 400 ? "bad" : "ok", notice);
	}
	if (d)
		error_list(&h, d, rows, w->only, w->n_only);
	people_section(w, &h, pid, p.body, p.body_len);
	links_section(w, &h, pid);
	plans_section(w, &h, pid);
	pins_section(w, &h, pid, p.body, p.body_len);
	calls_section(w, &h, &p);
	feeds_section(w, &h, pid);
	variants_section(w, &h, pid, p.body, p.body_len);
	section(&h, "ws_course");
	snprintf(action, sizeof(action), "/w/c/%s/course", pid);
	course_form(w, &h, form_values ? form_values : &c, action, false);
	srv_html_end(&h);
	cp_store_problem_finish(&p);
	return srv_web_page(w->r, status, &h, NULL);
}

/* A change a form makes to a course's problem: where it is stored, which
 * of the reader's errors refuse it (NULL mine: every error; else those
 * under the n_mine prefixes), what the course page shows again when it is
 * refused, and where the browser goes and what is logged (when done is
 * set) when it is stored. */
struct change {
	const char *id;
	const char *const *mine;
	size_t n_mine;
	const struct cp_people_csv_rows *rows;
	const struct cp_ws_course *values;
	char loc[128];
	char done[256];
};

/* The end every problem-changing form shares: the problem reader checks
 * text (NULL: out of memory, 500); refused, the course page pid shows the
 * errors (422); else text is stored and the browser redirected. Frees
 * text. */
static enum MHD_Result
store_change(struct ws *w, const char *pid, const struct change *ch, char *text)
{
	struct cp_diag *d = text ? srv_web_check(w->r->srv, text, strlen(text)) : NULL;
	enum MHD_Result ret;
	unsigned st;

	if (!d)
		ret = srv_web_error(w->r, 500, w->lang);
	else if (ch->mine ? errors_under(d, ch->mine, ch->n_mine) : cp_diag_errors(d))
		ret = course_page(w, pid, 422, NULL, d, ch->rows, ch->values);
	else if ((st = srv_web_store_problem(w->r->srv, w->st, ch->id, text)))
		ret = srv_web_error(w->r, st, w->lang);
	else {
		if (ch->done[0])
			srv_log(w->r->srv, "%s", ch->done);
		ret = srv_web_redirect(w->r, ch->loc, NULL);
	}
	cp_diag_destroy(d);
	free(text);
	return ret;
}

static enum MHD_Result
edit_course(struct ws *w, const char *pid)
{
	struct cp_store_problem p = { 0 };
	struct cp_ws_course c;
	char *text;
	static const char *const mine[] = { "/course", "/policy", "" };
	struct change ch = { .id = pid, .mine = mine, .n_mine = 3, .values = &c };

	if (cp_store_problem_get(w->st, pid, &p, NULL) != CP_OK)
		return srv_web_error(w->r, 404, w->lang);
	course_from_form(&w->form, &c);
	snprintf(c.id, sizeof(c.id), "%s", pid);  /* the id is the URL's */
	text = cp_ws_course_apply(p.body, p.body_len, &c);
	cp_store_problem_finish(&p);
	snprintf(ch.loc, sizeof(ch.loc), "/w/c/%s?done=saved", pid);
	return store_change(w, pid, &ch, text);
}

static enum MHD_Result
import_people(struct ws *w, const char *pid)
{
	struct cp_store_problem p = { 0 };
	struct cp_people_csv_rows rows = { 0 };
	const struct srv_form_field *file = srv_form_nth(&w->form, "csvfile", 0);
	const char *csv = srv_form_get(&w->form, "csv");
	size_t len = strlen(csv);
	struct cp_diag *d = cp_diag_create(200);
	char *text = NULL;
	enum MHD_Result ret;

	if (file && file->len) {
		csv = file->value;
		len = file->len;
	}
	if (!d || cp_store_problem_get(w->st, pid, &p, NULL) != CP_OK) {
		cp_diag_destroy(d);
		return srv_web_error(w->r, d ? 404 : 500, w->lang);
	}
	if (!cp_people_csv_import(p.body, p.body_len, csv, len, &text, &rows, d)) {
		cp_store_problem_finish(&p);
		if (cp_diag_errors(d) == 0) {
			cp_diag_destroy(d);
			return srv_web_error(w->r, 500, w->lang);
		}
		ret = course_page(w, pid, 422, NULL, d, NULL, NULL);
		cp_diag_destroy(d);
		return ret;
	}
	cp_store_problem_finish(&p);
	cp_diag_destroy(d);
	/* Then the problem reader's rules, mapped back to rows: nothing is
	 * stored while anything is wrong. */
	struct change ch = { .id = pid, .rows = &rows };
	snprintf(ch.loc, sizeof(ch.loc), "/w/c/%s?done=imported", pid);
	snprintf(ch.done, sizeof(ch.done), "workspace: people imported into '%s'", pid);
	ret = store_change(w, pid, &ch, text);
	cp_people_csv_rows_finish(&rows);
	return ret;
}

static enum MHD_Result
export_people(struct ws *w, const char *pid)
{
	struct cp_store_problem p = { 0 };
	char *csv;

	if (cp_store_problem_get(w->st, pid, &p, NULL) != CP_OK)
		return srv_web_error(w->r, 404, w->lang);
	csv = cp_people_csv_export(p.body, p.body_len);
	cp_store_problem_finish(&p);
	if (!csv)
		return srv_web_error(w->r, 500, w->lang);
	return srv_web_reply(w->r, 200, "text/csv; charset=utf-8", csv, strlen(csv), NULL, NULL,
			     NULL);
}

/* ---- the availability round -------------------------------------------------------------- */

static enum MHD_Result
issue_links(struct ws *w, const char *pid)
{
	struct cp_store_problem p = { 0 };
	struct cp_ws_person *v = NULL;
	size_t n = 0, made = 0;
	long days = (long)fnum(&w->form, "days");
	int64_t now = srv_now(w->r->srv);
	char loc[128];
	bool ok = true;

	if (days < 1 || days > 365)
		days = 30;
	if (cp_store_problem_get(w->st, pid, &p, NULL) != CP_OK)
		return srv_web_error(w->r, 404, w->lang);
	cp_ws_people(p.body, p.body_len, &v, &n);
	cp_store_problem_finish(&p);
	for (size_t i = 0; ok && i < n; i++) {
		char token[SRV_FEED_TOKEN_CHARS + 1];
		uint8_t hash[SRV_SHA256_LEN];
		bool created = false;
		ok = srv_feed_token_new(w->r->srv, token, hash) &&
		     cp_store_link_put(w->st, pid, v[i].kind, v[i].id, token, hash,
				       v[i].lang[0] ? v[i].lang : "en", now + days * 86400, now,
				       &created, NULL) == CP_OK;
		made += created;
	}
	free(v);
	if (!ok)
		return srv_web_error(w->r, 500, w->lang);
	srv_log(w->r->srv, "workspace: %zu availability link(s) issued for '%s'", made, pid);
	snprintf(loc, sizeof(loc), "/w/c/%s?done=links", pid);
	return srv_web_redirect(w->r, loc, NULL);
}

static enum MHD_Result
revoke_link(struct ws *w, const char *pid, const char *seg)
{
	int64_t id;
	char loc[128];

	if (!srv_parse_num_id(seg, &id) || cp_store_link_revoke(w->st, pid, id, NULL) != CP_OK)
		return srv_web_error(w->r, 404, w->lang);
	srv_log(w->r->srv, "workspace: link %lld revoked", (long long)id);
	snprintf(loc, sizeof(loc), "/w/c/%s?done=revoked", pid);
	return srv_web_redirect(w->r, loc, NULL);
}

static enum MHD_Result
toggle_round(struct ws *w, const char *pid)
{
	bool closed = false;
	char loc[128];

	if (cp_store_round_get(w->st, pid, &closed, NULL) != CP_OK ||
	    cp_store_round_set(w->st, pid, !closed, NULL) != CP_OK)
		return srv_web_error(w->r, 500, w->lang);
	snprintf(loc, sizeof(loc), "/w/c/%s?done=%s", pid, closed ? "reopened" : "closed");
	return srv_web_redirect(w->r, loc, NULL);
}

/* ---- solving, plans, publication ---------------------------------------------------------- */

static enum MHD_Result
solve(struct ws *w, const char *pid, bool replan)
{
	struct cp_store_problem p = { 0 };
	struct cp_store_publication pub = { 0 };
	struct srv_job_request jr;
	int64_t job = 0;
	char msg[256], loc[160];
	double limit = fnum(&w->form, "time_limit");

	if (cp_store_problem_get(w->st, pid, &p, NULL) != CP_OK)
		return srv_web_error(w->r, 404, w->lang);
	memset(&jr, 0, sizeof(jr));
	jr.problem_id = pid;
	jr.problem_version = p.version;
	jr.time_limit = limit > 0 && limit <= w->r->srv->cfg.max_solve_seconds ? limit : 30;
	jr.gap = 0.001;
	jr.seed = 1;
	cp_store_problem_finish(&p);
	if (replan) {
		if (cp_store_publication_get(w->st, pid, &pub, NULL) != CP_OK)
			return srv_web_error(w->r, 409, w->lang);
		jr.replan = true;
		jr.previous_plan = pub.plan_id;
	}
	switch (srv_jobs_submit(w->r->srv->jobs, w->st, &jr, &job, msg, sizeof(msg))) {
	case SRV_JOBS_OK:
		break;
	case SRV_JOBS_BUSY:
		return srv_web_error(w->r, 409, w->lang);
	default:
		return srv_web_error(w->r, 503, w->lang);
	}
	snprintf(loc, sizeof(loc), "/w/c/%s/jobs/%" PRId64, pid, job);
	return srv_web_redirect(w->r, loc, NULL);
}

/* A course's sub-page ends with a link back to the course. */
static enum MHD_Result
back_page(struct ws *w, struct srv_html *h, const char *pid)
{
	srv_html_raw(h, "<p><a href=\"/w/c/");
	srv_html_text(h, pid);
	srv_html_raw(h, "\">");
	srv_html_t(h, "ws_back");
	srv_html_raw(h, "</a></p>");
	srv_html_end(h);
	return srv_web_page(w->r, 200, h, NULL);
}

static enum MHD_Result
job_page(struct ws *w, const char *pid, const char *seg)
{
	int64_t id;
	char *desc;
	struct cp_ws_job j;
	struct srv_html h;
	bool active;

	if (!srv_parse_num_id(seg, &id))
		return srv_web_error(w->r, 404, w->lang);
	desc = srv_jobs_describe(w->r->srv->jobs, id);
	active = desc != NULL;
	if (!desc) {
		struct cp_store_job row = { 0 };
		if (cp_store_job_get(w->st, id, &row, NULL) != CP_OK ||
		    strcmp(row.problem_id, pid) != 0) {
			cp_store_job_finish(&row);
			return srv_web_error(w->r, 404, w->lang);
		}
		desc = srv_jobs_describe_stored(&row);
		cp_store_job_finish(&row);
	}
	if (!desc || !cp_ws_job_read(desc, &j)) {
		free(desc);
		return srv_web_error(w->r, 500, w->lang);
	}
	free(desc);
	/* While it runs the page reloads itself every second: progress
	 * without a script. */
	page_begin(w, &h, "ws_job_title", seg, active ? 1 : 0);
	{
		char state[40], secs[32], gap[32];
		const char *args[3] = { state, secs, gap };
		snprintf(state, sizeof(state), "ws_state_%s", j.state);
		srv_html_raw(&h, "<p role=\"status\" id=\"job-state\" data-state=\"");
		srv_html_text(&h, j.state);
		srv_html_raw(&h, "\">");
		srv_html_t(&h, state);
		snprintf(secs, sizeof(secs), "%.1f", j.elapsed);
		if (j.gap >= 0)
			snprintf(gap, sizeof(gap), "%.2f", 100 * j.gap);
		else
			snprintf(gap, sizeof(gap), "–");
		args[0] = j.phase[0] ? j.phase : "–";
		srv_html_raw(&h, " · ");
		srv_html_tf(&h, "ws_progress", 3, args);
		srv_html_raw(&h, "</p>");
	}
	if (active)
		srv_html_raw(&h, "<progress aria-label=\"progress\"></progress>");
	if (j.plan_id) {
		srv_html_raw(&h, "<p><a id=\"plan-link\" href=\"/w/c/");
		srv_html_text(&h, pid);
		srv_html_rawf(&h, "/plans/%lld\">", j.plan_id);
		srv_html_t(&h, "ws_show_plan");
		srv_html_raw(&h, "</a></p>");
	}
	return back_page(w, &h, pid);
}

/* The report's own inline style sheet and SVG, and still no script. */
static const char REPORT_CSP[] =
	"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
	"form-action 'none'; frame-ancestors 'none'";

static enum MHD_Result
plan_report(struct ws *w, const char *pid, const char *seg)
{
	struct cp_store_plan row = { 0 };
	struct cp_plan *plan = NULL;
	struct cp_diag *d = cp_diag_create(4);
	struct cp_report_options o;
	int64_t id;
	char *html = NULL;
	size_t len = 0;

	if (!d || !srv_parse_num_id(seg, &id) ||
	    cp_store_plan_get(w->st, id, &row, NULL) != CP_OK || strcmp(row.problem_id, pid) != 0) {
		cp_diag_destroy(d);
		cp_store_plan_finish(&row);
		return srv_web_error(w->r, 404, w->lang);
	}
	if (cp_plan_json_parse(row.body, row.body_len, w->r->srv->cfg.tzdb, &plan, d) ==
	    CP_PLAN_JSON_OK) {
		cp_report_options_init(&o);
		o.lang = w->lang;
		html = cp_report_render(plan, w->r->srv->cfg.tzdb, &o, &len, NULL);
	}
	cp_plan_destroy(plan);
	cp_diag_destroy(d);
	cp_store_plan_finish(&row);
	if (!html)
		return srv_web_error(w->r, 500, w->lang);
	return srv_web_reply(w->r, 200, "text/html; charset=utf-8", html, len, REPORT_CSP, NULL,
			     NULL);
}

static enum MHD_Result
publish(struct ws *w, const char *pid, const char *seg)
{
	struct srv_publish_result res;
	struct cp_store_plan row = { 0 };
	char msg[400], loc[128];
	int64_t id;
	unsigned st;

	if (!srv_parse_num_id(seg, &id) || cp_store_plan_get(w->st, id, &row, NULL) != CP_OK ||
	    strcmp(row.problem_id, pid) != 0) {
		cp_store_plan_finish(&row);
		return srv_web_error(w->r, 404, w->lang);
	}
	cp_store_plan_finish(&row);
	st = srv_publish_plan(w->r->srv, w->st, id, &res, msg, sizeof(msg));
	if (st) {
		srv_log(w->r->srv, "workspace: publishing plan %lld: %s", (long long)id, msg);
		return srv_web_error(w->r, st == 422 ? 409 : st, w->lang);
	}
	srv_log(w->r->srv, "plan %lld published as revision %lld from the workspace",
		(long long)id, (long long)res.revision);
	snprintf(loc, sizeof(loc), "/w/c/%s?done=published", pid);
	return srv_web_redirect(w->r, loc, NULL);
}

/* ---- pins --------------------------------------------------------------------------------- */

/* POST /w/c/<pid>/pin (set) and /unpin: write or remove the participant's
 * `pin`. A pin names a cohort of the published plan, which the re-plan
 * starts from; any other id is refused with nothing stored. */
static enum MHD_Result
pin(struct ws *w, const char *pid, bool set)
{
	const char *who = srv_form_get(&w->form, "participant");
	const char *cohort = set ? srv_form_get(&w->form, "cohort") : "";
	struct cp_store_problem p = { 0 };
	char *text, own[48];
	const char *mine[1] = { own };
	int index;

	if (cp_store_problem_get(w->st, pid, &p, NULL) != CP_OK)
		return srv_web_error(w->r, 404, w->lang);
	if (set) {
		struct cp_ws_cohort *co = NULL;
		size_t nco = 0, plan_len = 0;
		char *plan = published_plan(w, pid, &plan_len);
		bool read, found;

		if (!plan) {
			cp_store_problem_finish(&p);
			return course_page(w, pid, 409, "ws_pin_unpublished", NULL, NULL, NULL);
		}
		read = cp_ws_plan_cohorts(plan, plan_len, &co, &nco);
		found = read && cohort_named(co, nco, cohort) != NULL;
		free(plan);
		free(co);
		if (!read) {
			cp_store_problem_finish(&p);
			return srv_web_error(w->r, 500, w->lang);
		}
		if (!found) {
			cp_store_problem_finish(&p);
			w->notice_arg = cohort;
			return course_page(w, pid, 422, "ws_pin_bad_cohort", NULL, NULL, NULL);
		}
	}
	text = cp_ws_pin_apply(p.body, p.body_len, who, cohort, &index);
	cp_store_problem_finish(&p);
	if (!text && index >= 0)
		return srv_web_error(w->r, 500, w->lang);
	if (!text) {
		w->notice_arg = who;
		return course_page(w, pid, 422, "ws_pin_bad_participant", NULL, NULL, NULL);
	}
	/* The reader's word on the pin itself; errors elsewhere in the
	 * course are not this form's (nor listed when it is refused). */
	snprintf(own, sizeof(own), "/participants/%d/pin", index);
	w->only = mine;
	w->n_only = 1;
	struct change ch = { .id = pid, .mine = mine, .n_mine = 1 };
	snprintf(ch.loc, sizeof(ch.loc), "/w/c/%s?done=%s", pid, set ? "pinned" : "unpinned");
	snprintf(ch.done, sizeof(ch.done), "workspace: participant %d of '%s' %s", index, pid,
		 set ? "pinned" : "unpinned");
	return store_change(w, pid, &ch, text);
}

/* ---- variants and comparison ------------------------------------------------------------- */

static enum MHD_Result
make_variant(struct ws *w, const char *pid)
{
	struct cp_store_problem p = { 0 }, exists = { 0 };
	const char *name = srv_form_get(&w->form, "variant");
	char id[CP_PROBLEM_MAX_ID + 1];
	char *text;

	if (snprintf(id, sizeof(id), "%s.%s", pid, name) >= (int)sizeof(id) || !name[0] ||
	    strchr(name, '.') || !cp_problem_json_id_ok(id))
		return course_page(w, pid, 422, "ws_bad_variant", NULL, NULL, NULL);
	if (cp_store_problem_get(w->st, id, &exists, NULL) == CP_OK) {
		cp_store_problem_finish(&exists);
		return course_page(w, pid, 422, "ws_bad_variant", NULL, NULL, NULL);
	}
	if (cp_store_problem_get(w->st, pid, &p, NULL) != CP_OK)
		return srv_web_error(w->r, 404, w->lang);
	text = cp_ws_variant(p.body, p.body_len, id, srv_form_get(&w->form, "v_start"),
			     srv_form_get(&w->form, "v_end"), srv_form_get(&w->form, "drop"));
	cp_store_problem_finish(&p);
	struct change ch = { .id = id };
	snprintf(ch.loc, sizeof(ch.loc), "/w/c/%s", id);
	snprintf(ch.done, sizeof(ch.done), "workspace: variant '%s' of '%s' made", id, pid);
	return store_change(w, pid, &ch, text);
}

static enum MHD_Result
compare(struct ws *w, const char *pid)
{
	const char *a = MHD_lookup_connection_value(w->r->conn, MHD_GET_ARGUMENT_KIND, "a");
	const char *b = MHD_lookup_connection_value(w->r->conn, MHD_GET_ARGUMENT_KIND, "b");
	int64_t ia, ib;
	struct srv_html h;

	if (!a || !b || !srv_parse_num_id(a, &ia) || !srv_parse_num_id(b, &ib))
		return srv_web_error(w->r, 404, w->lang);
	page_begin(w, &h, "ws_compare_title", pid, 0);
	if (!srv_ws_compare(w->r->srv, w->st, ia, ib, &h)) {
		srv_html_finish(&h);
		return srv_web_error(w->r, 404, w->lang);
	}
	return back_page(w, &h, pid);
}

/* ---- routing --------------------------------------------------------------------------------- */

static const char *
notice_of(struct srv_request *r)
{
	static const char *const known[] = {
		"saved", "imported", "links", "revoked", "closed", "reopened", "published",
		"pinned", "unpinned", "calls",
	};
	static const char *const keys[] = {
		"ws_done_saved", "ws_done_imported", "ws_done_links", "ws_done_revoked",
		"ws_done_closed", "ws_done_reopened", "ws_done_published",
		"ws_done_pinned", "ws_done_unpinned", "ws_done_calls",
	};
	const char *d = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "done");

	for (size_t i = 0; d && i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(d, known[i]) == 0)
			return keys[i];
	return NULL;
}

static enum MHD_Result
course_route(struct ws *w, char **segs, size_t n)
{
	const char *pid = segs[0];
	bool get = is(w->r, "GET") || is(w->r, "HEAD"), post = is(w->r, "POST");

	if (!cp_problem_json_id_ok(pid))
		return srv_web_error(w->r, 404, w->lang);
	if (n == 1 && get)
		return course_page(w, pid, 200, notice_of(w->r), NULL, NULL, NULL);
	if (n == 2 && get && strcmp(segs[1], "people.csv") == 0)
		return export_people(w, pid);
	if (n == 2 && get && strcmp(segs[1], "compare") == 0)
		return compare(w, pid);
	if (n == 3 && get && strcmp(segs[1], "jobs") == 0)
		return job_page(w, pid, segs[2]);
	if (n == 3 && get && strcmp(segs[1], "plans") == 0)
		return plan_report(w, pid, segs[2]);
	if (!post)
		return srv_web_error(w->r, n <= 3 ? 405 : 404, w->lang);
	if (n == 2 && strcmp(segs[1], "course") == 0)
		return edit_course(w, pid);
	if (n == 2 && strcmp(segs[1], "import") == 0)
		return import_people(w, pid);
	if (n == 2 && strcmp(segs[1], "links") == 0)
		return issue_links(w, pid);
	if (n == 2 && strcmp(segs[1], "round") == 0)
		return toggle_round(w, pid);
	if (n == 2 && strcmp(segs[1], "variant") == 0)
		return make_variant(w, pid);
	if (n == 2 && strcmp(segs[1], "calls") == 0)
		return book_calls(w, pid);
	if (n == 2 && (strcmp(segs[1], "pin") == 0 || strcmp(segs[1], "unpin") == 0))
		return pin(w, pid, segs[1][0] == 'p');
	if (n == 2 && (strcmp(segs[1], "solve") == 0 || strcmp(segs[1], "replan") == 0))
		return solve(w, pid, segs[1][0] == 'r');
	if (n == 4 && strcmp(segs[1], "links") == 0 && strcmp(segs[3], "revoke") == 0)
		return revoke_link(w, pid, segs[2]);
	if (n == 4 && strcmp(segs[1], "plans") == 0 && strcmp(segs[3], "publish") == 0)
		return publish(w, pid, segs[2]);
	return srv_web_error(w->r, 404, w->lang);
}

static enum MHD_Result
route(struct ws *w, char **segs, size_t n)
{
	struct srv_request *r = w->r;
	bool get = is(r, "GET") || is(r, "HEAD"), post = is(r, "POST");

	if (post && !srv_form_parse(r, &w->form))
		return srv_web_error(r, 400, w->lang);
	if (n == 1 && strcmp(segs[0], "login") == 0) {
		if (get)
			return login_page(w, false);
		if (post)
			return login_post(w);
		return srv_web_error(r, 405, w->lang);
	}
	/* Everything else is the signed-in planner's. */
	if (!srv_session_check(r, w->csrf)) {
		if (get)
			return srv_web_redirect(r, "/login", NULL);
		return srv_web_error(r, 403, w->lang);
	}
	if (post && !srv_session_csrf_ok(r, &w->form)) {
		srv_log(r->srv, "workspace: a form without the session's CSRF token was refused");
		return srv_web_error(r, 403, w->lang);
	}
	if (n == 1 && strcmp(segs[0], "logout") == 0 && post)
		return srv_web_redirect(r, "/login", srv_session_end(r));
	if (n == 0 && get)
		return home(w);
	if (n == 2 && strcmp(segs[0], "w") == 0 && strcmp(segs[1], "new") == 0 && (get || post))
		return new_course(w);
	if (n >= 3 && strcmp(segs[0], "w") == 0 && strcmp(segs[1], "c") == 0)
		return course_route(w, segs + 2, n - 2);
	return srv_web_error(r, 404, w->lang);
}

enum MHD_Result
srv_workspace_route(struct srv_request *r, char **segs, size_t n)
{
	struct ws w;
	enum MHD_Result ret;

	memset(&w, 0, sizeof(w));
	w.r = r;
	w.lang = srv_web_lang(r, NULL);
	w.msg = cp_msg_create(w.lang, NULL);
	if (!w.msg)
		return srv_reply_json(r, 500, NULL);
	w.st = srv_store_get(r->srv);
	ret = route(&w, segs, n);
	srv_store_put(r->srv, w.st);
	srv_form_finish(&w.form);
	cp_msg_destroy(w.msg);
	return ret;
}
