/*
 * The booked intake and follow-up calls of a course, kept by the server
 * (docs/server.md "Appointments"): booked by the same engine and rules as
 * `cohortplan appointments`, each booking against the stored previous one
 * as the command's --previous does, so that a call that still fits keeps
 * its slot, a moved call keeps its UID with SEQUENCE + 1 and a call moved
 * away from a case manager is cancelled in that manager's feed. The stored
 * appointments.json is what the feeds (publish.c) and the workspace's
 * Calls section (calls.c) show.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/appoint.h>
#include <cohortplan/diag.h>
#include <cohortplan/problem.h>

#include "formats/appointments_json.h"
#include "formats/json_build.h"
#include "formats/problem_json.h"
#include "reply.h"
#include "server-private.h"

/* The stored booking of problem_id as previous bookings (*prev NULL when
 * there is none). */
static unsigned
load_previous(struct cp_server *s, struct cp_store *st, const char *problem_id,
	      struct cp_appointments **prev, char *msg, size_t msg_len)
{
	struct cp_error err = { 0 };
	struct cp_store_appointments row = { 0 };
	enum cp_status rc = cp_store_appointments_get(st, problem_id, &row, &err);
	struct cp_diag *d;
	unsigned status = 0;

	*prev = NULL;
	if (rc == CP_ERR_NOT_FOUND)
		return 0;
	if (rc)
		return srv_store_status(&err, msg, msg_len);
	d = cp_diag_create(1);
	if (!d || cp_appointments_json_read(row.body, row.body_len, s->cfg.tzdb, prev, d) !=
			  CP_APPOINTMENTS_OK) {
		snprintf(msg, msg_len, "the stored appointments do not read: %s",
			 d && cp_diag_count(d) ? cp_diag_entry(d, 0)->message : "out of memory");
		status = 500;
	}
	cp_diag_destroy(d);
	cp_store_appointments_finish(&row);
	return status;
}

/* Book problem p against prev and store the result as problem_id's
 * booking (inside the caller's transaction). */
static unsigned
book_and_store(struct cp_server *s, struct cp_store *st, const struct cp_store_problem *prob,
	       const struct cp_problem *p, const struct cp_appointments *prev,
	       struct srv_book_result *out, char *msg, size_t msg_len)
{
	struct cp_engine_error eerr = { 0 };
	struct cp_error err = { 0 };
	struct cp_appoint_result *res = NULL;
	char *text = NULL;
	size_t len = 0;
	unsigned status = 500;

	if (cp_appoint_run(p, prev ? prev->bookings : NULL, prev ? prev->n : 0, &res, &eerr) !=
	    CP_ENGINE_OK) {
		snprintf(msg, msg_len, "%s", eerr.message);
		return eerr.status == CP_ENGINE_ERR_NOMEM ? 500 : 422;
	}
	/* Written while prev lives: moved calls borrow its strings. */
	text = cp_appointments_json_write(p, res, cp_tzdb_version(s->cfg.tzdb), &len);
	if (!text) {
		snprintf(msg, msg_len, "out of memory");
	} else if (cp_store_appointments_put(st, prob->id, prob->version, text, len, srv_now(s),
					     &out->revision, &err)) {
		status = srv_store_status(&err, msg, msg_len);
	} else {
		out->booked = res->n_bookings;
		out->unbooked = res->n_unbooked;
		status = 0;
	}
	free(text);
	cp_appoint_result_destroy(res);
	return status;
}

static unsigned
parse_problem(struct cp_server *s, const struct cp_store_problem *prob, struct cp_problem **p,
	      char *msg, size_t msg_len)
{
	struct cp_problem_json_options po = { .no_files = true,
					      .holidays_dir = s->cfg.holidays_dir };
	struct cp_diag *d = cp_diag_create(1);
	unsigned status = 0;

	*p = NULL;
	if (!d)
		return 500;
	if (cp_problem_json_parse(prob->body, prob->body_len, s->cfg.tzdb, &po, p, d) !=
	    CP_PROBLEM_OK) {
		snprintf(msg, msg_len, "the stored problem does not read: %s",
			 cp_diag_count(d) ? cp_diag_entry(d, 0)->message : "out of memory");
		status = 422;
	} else if (!cp_problem_case_manager_count(*p)) {
		snprintf(msg, msg_len, "problem '%.64s' has no case_managers: no calls to book",
			 prob->id);
		status = 422;
	}
	cp_diag_destroy(d);
	return status;
}

unsigned
srv_book_calls(struct cp_server *s, struct cp_store *st, const char *problem_id,
	       struct srv_book_result *out, char *msg, size_t msg_len)
{
	struct cp_error err = { 0 };
	struct cp_store_problem prob = { 0 };
	struct cp_problem *p = NULL;
	struct cp_appointments *prev = NULL;
	struct srv_publish_result pr;
	enum cp_status rc;
	unsigned status;
	char detail[160];

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&s->write_lock);
	if (cp_store_begin(st, &err)) {
		pthread_mutex_unlock(&s->write_lock);
		return srv_store_status(&err, msg, msg_len);
	}
	rc = cp_store_problem_get(st, problem_id, &prob, &err);
	if (rc) {
		status = rc == CP_ERR_NOT_FOUND ? 404 : 500;
		snprintf(msg, msg_len, "%s", rc == CP_ERR_NOT_FOUND ? "no such problem"
								       : err.message);
		goto fail;
	}
	if ((status = parse_problem(s, &prob, &p, msg, msg_len)) ||
	    (status = load_previous(s, st, problem_id, &prev, msg, msg_len)) ||
	    (status = book_and_store(s, st, &prob, p, prev, out, msg, msg_len)) ||
	    (status = srv_render_published(s, st, problem_id, srv_now(s), &pr, msg, msg_len)))
		goto fail;
	out->feeds = pr.feeds;
	snprintf(detail, sizeof(detail), "problem '%.64s' calls revision %lld: %zu booked, "
		 "%zu not booked, %zu feeds", problem_id, (long long)out->revision, out->booked,
		 out->unbooked, out->feeds);
	if (cp_store_audit(st, srv_now(s), "book_calls", detail, &err) ||
	    cp_store_commit(st, &err)) {
		status = srv_store_status(&err, msg, msg_len);
		goto fail;
	}
	status = 0;
	goto out;
fail:
	cp_store_rollback(st);
out:
	pthread_mutex_unlock(&s->write_lock);
	cp_appointments_destroy(prev);
	cp_problem_destroy(p);
	cp_store_problem_finish(&prob);
	return status;
}

enum MHD_Result
srv_appointments_post(struct srv_request *r, struct cp_store *st, const char *problem_id)
{
	struct srv_book_result res;
	char msg[400] = "", url[160];
	unsigned status = srv_book_calls(r->srv, st, problem_id, &res, msg, sizeof(msg));
	struct cp_jb *root;
	char *text;

	if (status == 404)
		return srv_reply_error(r, 404, "not_found", "no problem '%.64s'", problem_id);
	if (status == 422)
		return srv_reply_error(r, 422, "unbookable", "%s", msg);
	if (status) {
		srv_log(r->srv, "booking the calls of '%s' failed: %s", problem_id, msg);
		return srv_reply_error(r, status, status == 503 ? "busy" : "internal",
				       "booking failed; nothing changed (see the server log)");
	}
	srv_log(r->srv, "calls of '%s' booked as revision %lld: %zu booked, %zu not, %zu feeds",
		problem_id, (long long)res.revision, res.booked, res.unbooked, res.feeds);
	snprintf(url, sizeof(url), "/v1/problems/%s/appointments", problem_id);
	root = cp_jb_object();
	if (root) {
		cp_jb_str(root, "problem", problem_id);
		cp_jb_num(root, "revision", (double)res.revision);
		cp_jb_num(root, "booked", (double)res.booked);
		cp_jb_num(root, "unbooked", (double)res.unbooked);
		cp_jb_num(root, "feeds", (double)res.feeds);
		cp_jb_str(root, "appointments", url);
	}
	text = root ? cp_jb_print(root) : NULL;
	cp_jb_delete(root);
	return srv_reply_json(r, MHD_HTTP_OK, text);
}

enum MHD_Result
srv_appointments_get(struct srv_request *r, struct cp_store *st, const char *problem_id)
{
	struct cp_error err = { 0 };
	struct cp_store_problem prob = { 0 };
	struct cp_store_appointments a = { 0 };
	enum cp_status rc = cp_store_problem_get(st, problem_id, &prob, &err);

	cp_store_problem_finish(&prob);
	if (rc == CP_ERR_NOT_FOUND)
		return srv_reply_error(r, 404, "not_found", "no problem '%.64s'", problem_id);
	if (!rc)
		rc = cp_store_appointments_get(st, problem_id, &a, &err);
	if (rc == CP_ERR_NOT_FOUND)
		return srv_reply_error(r, 404, "not_booked",
				       "the calls of problem '%.64s' have not been booked", problem_id);
	if (rc)
		return srv_reply_store_error(r, &err);
	free(a.problem_id);
	return srv_reply(r, MHD_HTTP_OK, "application/json", a.body, a.body_len);
}
