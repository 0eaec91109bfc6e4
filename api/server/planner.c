/*
 * The planner API under /v1 (documented in docs/server.md). Requests reach
 * here authenticated, with their body complete, within the size limit and
 * declared as JSON. Each handler borrows one store connection.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/diag.h>
#include <cohortplan/problem.h>

#include "formats/http_json.h"
#include "formats/json_build.h"
#include "formats/problem_json.h"
#include "reply.h"
#include "server-private.h"

static bool
is(const struct srv_request *r, const char *method)
{
	return strcmp(r->method, method) == 0;
}

static enum MHD_Result
not_allowed(struct srv_request *r, const char *allow)
{
	struct MHD_Response *resp;
	char *body = cp_http_json_error(405, "method_not_allowed", "this method is not allowed here");

	resp = MHD_create_response_from_buffer(body ? strlen(body) : 0, body ? body : (char *)"",
					       body ? MHD_RESPMEM_MUST_FREE
						    : MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
	return srv_queue(r, MHD_HTTP_METHOD_NOT_ALLOWED, resp);
}

/* Ids in URLs follow the problem format's rule for ids. */
static enum MHD_Result
no_such(struct srv_request *r, const char *what, const char *id)
{
	return srv_reply_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no %s '%.64s'", what, id);
}

/* The reply to a store call that failed with rc: no_such() when what id is
 * not there, else the store's error. */
static enum MHD_Result
store_failed(struct srv_request *r, enum cp_status rc, const struct cp_error *err,
	     const char *what, const char *id)
{
	if (rc == CP_ERR_NOT_FOUND)
		return no_such(r, what, id);
	return srv_reply_store_error(r, err);
}

static enum MHD_Result
reply_obj(struct srv_request *r, unsigned status, struct cp_jb *root)
{
	char *text = root ? cp_jb_print(root) : NULL;

	cp_jb_delete(root);
	return srv_reply_json(r, status, text);
}

static enum MHD_Result
reply_with_location(struct srv_request *r, unsigned status, char *json, const char *location)
{
	struct MHD_Response *resp;

	if (!json)
		return srv_reply_json(r, status, NULL);
	resp = MHD_create_response_from_buffer(strlen(json), json, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(json);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, location);
	return srv_queue(r, status, resp);
}

/* ---- problems ------------------------------------------------------------------ */

/* A syntax or encoding error (positioned, no path) makes the body
 * malformed (400); anything else is a well-formed but invalid problem
 * (422). */
static bool
malformed(const struct cp_diag *d)
{
	for (size_t i = 0; i < cp_diag_count(d); i++) {
		const struct cp_diag_entry *e = cp_diag_entry(d, i);
		if (e->severity == CP_DIAG_ERROR && e->path[0] == '\0' && e->line > 0)
			return true;
	}
	return false;
}

static enum MHD_Result
put_problem(struct srv_request *r, struct cp_store *st, const char *url_id)
{
	struct cp_server *s = r->srv;
	struct cp_problem_json_options opts = {
		/* Never open files named in a request: rosters must be inline. */
		.no_files = true,
		.holidays_dir = s->cfg.holidays_dir,
		.max_bytes = s->cfg.max_body,
	};
	struct cp_error err = { 0 };
	struct cp_diag *d;
	struct cp_problem *p = NULL;
	enum cp_problem_status ps;
	const char *id;
	int64_t version = 0;
	char url[96];
	struct cp_jb *root, *warns;
	enum MHD_Result ret;

	d = cp_diag_create(0);
	if (!d)
		return srv_reply_json(r, 500, NULL);
	/* An empty body gets the reader's own message, as in validate. */
	ps = cp_problem_json_parse(r->body ? r->body : "", r->len, s->cfg.tzdb, &opts, &p, d);
	cp_diag_sort(d);
	if (ps == CP_PROBLEM_ERR_INVALID || ps == CP_PROBLEM_ERR_IO) {
		unsigned status = malformed(d) ? 400 : 422;
		ret = srv_reply_json(r, status, cp_http_json_problem_errors(status, d));
		cp_diag_destroy(d);
		return ret;
	}
	if (ps != CP_PROBLEM_OK) {
		cp_diag_destroy(d);
		return srv_reply_json(r, 500, NULL);
	}
	/* Roster files are not read (no_files): a problem that names one
	 * would be planned as if those people had no shifts. Refuse it. */
	for (size_t i = 0; i < cp_problem_participant_count(p); i++) {
		if (cp_problem_participant(p, i)->roster.kind == CP_ROSTER_ICS) {
			char path[64];
			snprintf(path, sizeof(path), "/participants/%zu/roster", i);
			cp_diag_clear(d);
			cp_diag_add(d, CP_DIAG_ERROR, path, NULL,
				    "the server does not read roster files: give the shifts inline "
				    "(\"shifts\", docs/input.md)");
			ret = srv_reply_json(r, 422, cp_http_json_problem_errors(422, d));
			goto done;
		}
	}
	id = url_id ? url_id : cp_problem_course(p)->id;
	if (srv_jobs_active_for(s->jobs, id)) {
		ret = srv_reply_error(r, MHD_HTTP_CONFLICT, "solving",
				      "problem '%s' is being solved; stop the job or wait for it", id);
		goto done;
	}
	if (cp_store_problem_put(st, id, r->body, r->len, cp_problem_course(p)->end, srv_now(s),
				 &version, &err)) {
		ret = srv_reply_store_error(r, &err);
		goto done;
	}
	snprintf(url, sizeof(url), "/v1/problems/%s", id);
	root = cp_jb_object();
	if (root && cp_jb_str(root, "id", id) &&
	    cp_jb_num(root, "version", (double)version) &&
	    cp_jb_str(root, "url", url) &&
	    cp_jb_num(root, "participants", (double)cp_problem_participant_count(p)) &&
	    cp_jb_num(root, "teachers", (double)cp_problem_teacher_count(p)) &&
	    (warns = cp_jb_add_array(root, "warnings"))) {
		for (size_t i = 0; i < cp_diag_count(d); i++) {
			const struct cp_diag_entry *e = cp_diag_entry(d, i);
			struct cp_jb *o = cp_jb_object();
			if (!o || !cp_jb_push(warns, o) ||
			    !cp_jb_str(o, "path", e->path) ||
			    !cp_jb_str(o, "message", e->message))
				break;
		}
		ret = reply_with_location(r, version == 1 ? MHD_HTTP_CREATED : MHD_HTTP_OK,
					  cp_jb_print(root), url);
		cp_jb_delete(root);
	} else {
		cp_jb_delete(root);
		ret = srv_reply_json(r, 500, NULL);
	}
	srv_log(s, "problem '%s' stored, version %lld", id, (long long)version);
done:
	cp_problem_destroy(p);
	cp_diag_destroy(d);
	return ret;
}

static enum MHD_Result
list_problems(struct srv_request *r, struct cp_store *st)
{
	struct cp_error err = { 0 };
	char **ids = NULL;
	size_t n = 0;
	struct cp_jb *root, *arr;

	if (cp_store_problem_ids(st, &ids, &n, &err))
		return srv_reply_store_error(r, &err);
	root = cp_jb_object();
	arr = root ? cp_jb_add_array(root, "problems") : NULL;
	for (size_t i = 0; arr && i < n; i++) {
		struct cp_store_problem p = { 0 };
		struct cp_store_publication pub = { 0 };
		struct cp_jb *o = cp_jb_object();
		char url[96];

		if (!o || !cp_jb_push(arr, o))
			break;
		snprintf(url, sizeof(url), "/v1/problems/%s", ids[i]);
		cp_jb_str(o, "id", ids[i]);
		cp_jb_str(o, "url", url);
		if (cp_store_problem_get(st, ids[i], &p, NULL) == CP_OK) {
			cp_jb_num(o, "version", (double)p.version);
			cp_jb_num(o, "updated", (double)p.updated);
		}
		if (cp_store_publication_get(st, ids[i], &pub, NULL) == CP_OK)
			cp_jb_num(o, "published_revision", (double)pub.revision);
		cp_store_problem_finish(&p);
	}
	cp_store_strv_free(ids, n);
	return reply_obj(r, MHD_HTTP_OK, root);
}

static enum MHD_Result
get_problem(struct srv_request *r, struct cp_store *st, const char *id)
{
	struct cp_error err = { 0 };
	struct cp_store_problem p = { 0 };
	enum cp_status rc = cp_store_problem_get(st, id, &p, &err);

	if (rc)
		return store_failed(r, rc, &err, "problem", id);
	/* The stored text, byte for byte as uploaded (the body is handed
	 * over to the response). */
	free(p.id);
	return srv_reply(r, MHD_HTTP_OK, "application/json", p.body, p.body_len);
}

static enum MHD_Result
delete_problem(struct srv_request *r, struct cp_store *st, const char *id)
{
	struct cp_error err = { 0 };
	enum cp_status rc;
	char detail[120];

	if (srv_jobs_active_for(r->srv->jobs, id))
		return srv_reply_error(r, MHD_HTTP_CONFLICT, "solving",
				       "problem '%s' is being solved; stop the job first", id);
	pthread_mutex_lock(&r->srv->write_lock);
	rc = cp_store_problem_delete(st, id, &err);
	if (rc == CP_OK) {
		snprintf(detail, sizeof(detail), "problem '%.64s' deleted with its plans and feeds",
			 id);
		cp_store_audit(st, srv_now(r->srv), "delete_problem", detail, NULL);
		cp_store_checkpoint(st, NULL);
	}
	pthread_mutex_unlock(&r->srv->write_lock);
	if (rc)
		return store_failed(r, rc, &err, "problem", id);
	return srv_reply(r, MHD_HTTP_NO_CONTENT, NULL, NULL, 0);
}

/* ---- jobs ------------------------------------------------------------------------ */

static enum MHD_Result
start_job(struct srv_request *r, struct cp_store *st, const char *id, bool replan)
{
	struct cp_server *s = r->srv;
	struct cp_error err = { 0 };
	struct cp_store_problem p = { 0 };
	struct cp_store_publication pub = { 0 };
	struct cp_http_json_solve_params sp;
	struct srv_job_request jr;
	enum cp_status rc;
	enum srv_jobs_status js;
	int64_t job_id = 0;
	char msg[256], loc[64], *errbody = NULL;
	unsigned status;

	rc = cp_store_problem_get(st, id, &p, &err);
	if (rc)
		return store_failed(r, rc, &err, "problem", id);
	status = cp_http_json_solve_params(r->body, r->len, s->cfg.max_solve_seconds, &sp, &errbody);
	if (status) {
		cp_store_problem_finish(&p);
		return srv_reply_json(r, status, errbody);
	}
	memset(&jr, 0, sizeof(jr));
	jr.problem_id = id;
	jr.problem_version = p.version;
	jr.time_limit = sp.time_limit;
	jr.gap = sp.gap;
	jr.seed = sp.seed;
	cp_store_problem_finish(&p);
	if (replan) {
		rc = cp_store_publication_get(st, id, &pub, &err);
		if (rc == CP_ERR_NOT_FOUND)
			return srv_reply_error(r, MHD_HTTP_CONFLICT, "not_published",
					       "problem '%s' has no published plan to re-plan from; "
					       "solve and publish first", id);
		if (rc)
			return srv_reply_store_error(r, &err);
		jr.replan = true;
		jr.previous_plan = pub.plan_id;
	}
	js = srv_jobs_submit(s->jobs, st, &jr, &job_id, msg, sizeof(msg));
	switch (js) {
	case SRV_JOBS_OK:
		break;
	case SRV_JOBS_BUSY:
		return srv_reply_error(r, MHD_HTTP_CONFLICT, "solving", "%s", msg);
	case SRV_JOBS_FULL:
	case SRV_JOBS_STOPPING:
		return srv_reply_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "busy", "%s", msg);
	case SRV_JOBS_ERROR:
		srv_log(s, "cannot queue a job: %s", msg);
		return srv_reply_error(r, 500, "internal", "the job could not be queued");
	}
	snprintf(loc, sizeof(loc), "/v1/jobs/%lld", (long long)job_id);
	{
		char *desc = srv_jobs_describe(s->jobs, job_id);
		if (!desc) {
			/* Finished already (a tiny problem): read what it stored. */
			struct cp_store_job j = { 0 };
			if (cp_store_job_get(st, job_id, &j, NULL) == CP_OK)
				desc = srv_jobs_describe_stored(&j);
			cp_store_job_finish(&j);
		}
		return reply_with_location(r, MHD_HTTP_ACCEPTED, desc, loc);
	}
}

static enum MHD_Result
job_route(struct srv_request *r, struct cp_store *st, const char *seg)
{
	struct cp_error err = { 0 };
	struct cp_store_job j = { 0 };
	enum cp_status rc;
	int64_t id;
	char *desc;

	if (!srv_parse_num_id(seg, &id))
		return no_such(r, "job", seg);
	if (is(r, "DELETE")) {
		if (srv_jobs_stop(r->srv->jobs, id))
			return srv_reply_json(r, MHD_HTTP_ACCEPTED, srv_jobs_describe(r->srv->jobs, id));
		rc = cp_store_job_get(st, id, &j, &err);
		cp_store_job_finish(&j);
		if (rc)
			return store_failed(r, rc, &err, "job", seg);
		return srv_reply_error(r, MHD_HTTP_CONFLICT, "finished", "job %s has finished already",
				       seg);
	}
	if (!is(r, "GET") && !is(r, "HEAD"))
		return not_allowed(r, "GET, DELETE");
	desc = srv_jobs_describe(r->srv->jobs, id);
	if (desc)
		return srv_reply_json(r, MHD_HTTP_OK, desc);
	rc = cp_store_job_get(st, id, &j, &err);
	if (rc)
		return store_failed(r, rc, &err, "job", seg);
	desc = srv_jobs_describe_stored(&j);
	cp_store_job_finish(&j);
	return srv_reply_json(r, MHD_HTTP_OK, desc);
}

/* ---- plans and publication -------------------------------------------------------- */

static struct cp_jb *
feeds_json(struct cp_server *s, const struct cp_store_feed *v, size_t n)
{
	struct cp_jb *arr = cp_jb_array();

	for (size_t i = 0; arr && i < n; i++) {
		struct cp_jb *o = cp_jb_object();
		size_t ulen = strlen(s->base_url) + SRV_FEED_TOKEN_CHARS + 16;
		char *url = malloc(ulen);

		if (!o || !url || !cp_jb_push(arr, o)) {
			cp_jb_delete(o);
			free(url);
			cp_jb_delete(arr);
			return NULL;
		}
		snprintf(url, ulen, "%s/feeds/%s.ics", s->base_url, v[i].token);
		cp_jb_num(o, "id", (double)v[i].id);
		cp_jb_str(o, "kind", v[i].kind);
		cp_jb_str(o, "subject", v[i].subject);
		cp_jb_str(o, "url", url);
		cp_jb_num(o, "modified", (double)v[i].modified);
		cp_jb_num(o, "created", (double)v[i].created);
		free(url);
	}
	return arr;
}

static enum MHD_Result
list_feeds(struct srv_request *r, struct cp_store *st, const char *pid)
{
	struct cp_error err = { 0 };
	struct cp_store_problem p = { 0 };
	struct cp_store_feed *v = NULL;
	size_t n = 0;
	enum cp_status rc;
	struct cp_jb *root, *arr;

	rc = cp_store_problem_get(st, pid, &p, &err);
	cp_store_problem_finish(&p);
	if (rc == CP_ERR_NOT_FOUND)
		return no_such(r, "problem", pid);
	if (rc || cp_store_feed_list(st, pid, &v, &n, &err))
		return srv_reply_store_error(r, &err);
	root = cp_jb_object();
	arr = feeds_json(r->srv, v, n);
	cp_store_feeds_free(v, n);
	if (!root || !arr || !cp_jb_str(root, "problem", pid) ||
	    !cp_jb_add(root, "feeds", arr)) {
		cp_jb_delete(arr);
		cp_jb_delete(root);
		return srv_reply_json(r, 500, NULL);
	}
	return reply_obj(r, MHD_HTTP_OK, root);
}

static enum MHD_Result
list_plans(struct srv_request *r, struct cp_store *st, const char *pid)
{
	struct cp_error err = { 0 };
	struct cp_store_problem p = { 0 };
	struct cp_store_publication pub = { 0 };
	int64_t *ids = NULL;
	size_t n = 0;
	enum cp_status rc;
	bool published;
	struct cp_jb *root, *arr;

	rc = cp_store_problem_get(st, pid, &p, &err);
	cp_store_problem_finish(&p);
	if (rc == CP_ERR_NOT_FOUND)
		return no_such(r, "problem", pid);
	if (rc || cp_store_plan_ids(st, pid, &ids, &n, &err))
		return srv_reply_store_error(r, &err);
	published = cp_store_publication_get(st, pid, &pub, NULL) == CP_OK;
	root = cp_jb_object();
	arr = root ? cp_jb_add_array(root, "plans") : NULL;
	for (size_t i = 0; arr && i < n; i++) {
		struct cp_jb *o = cp_jb_object();
		char url[64];

		if (!o || !cp_jb_push(arr, o))
			break;
		snprintf(url, sizeof(url), "/v1/plans/%" PRId64, ids[i]);
		cp_jb_num(o, "id", (double)ids[i]);
		cp_jb_str(o, "url", url);
		cp_jb_bool(o, "published", published && pub.plan_id == ids[i]);
	}
	free(ids);
	return reply_obj(r, MHD_HTTP_OK, root);
}

static enum MHD_Result
get_published(struct srv_request *r, struct cp_store *st, const char *pid)
{
	struct cp_error err = { 0 };
	struct cp_store_problem p = { 0 };
	struct cp_store_publication pub = { 0 };
	enum cp_status rc;
	struct cp_jb *root;
	char url[64];

	rc = cp_store_problem_get(st, pid, &p, &err);
	cp_store_problem_finish(&p);
	if (rc)
		return store_failed(r, rc, &err, "problem", pid);
	rc = cp_store_publication_get(st, pid, &pub, &err);
	if (rc == CP_ERR_NOT_FOUND)
		return srv_reply_error(r, MHD_HTTP_NOT_FOUND, "not_published",
				       "problem '%s' has not been published", pid);
	if (rc)
		return srv_reply_store_error(r, &err);
	snprintf(url, sizeof(url), "/v1/plans/%" PRId64, pub.plan_id);
	root = cp_jb_object();
	if (root) {
		cp_jb_num(root, "plan_id", (double)pub.plan_id);
		cp_jb_str(root, "plan", url);
		cp_jb_num(root, "revision", (double)pub.revision);
		cp_jb_num(root, "published", (double)pub.published);
	}
	return reply_obj(r, MHD_HTTP_OK, root);
}

static enum MHD_Result
publish(struct srv_request *r, struct cp_store *st, int64_t plan_id)
{
	struct srv_publish_result res;
	struct cp_store_plan row = { 0 };
	struct cp_store_feed *v = NULL;
	size_t n = 0;
	char msg[400] = "";
	unsigned status = srv_publish_plan(r->srv, st, plan_id, &res, msg, sizeof(msg));
	struct cp_jb *root, *arr;

	if (status == 404)
		return srv_reply_error(r, 404, "not_found", "%s", msg);
	if (status == 409)
		return srv_reply_error(r, 409, "stale_plan", "%s", msg);
	if (status == 422)
		return srv_reply_error(r, 422, "unpublishable", "%s", msg);
	if (status) {
		srv_log(r->srv, "publishing plan %lld failed: %s", (long long)plan_id, msg);
		return srv_reply_error(r, status, status == 503 ? "busy" : "internal",
				       "publishing failed; nothing changed (see the server log)");
	}
	srv_log(r->srv, "plan %lld published as revision %lld: %zu feeds, %zu new",
		(long long)plan_id, (long long)res.revision, res.feeds, res.created);
	root = cp_jb_object();
	if (cp_store_plan_get(st, plan_id, &row, NULL) == CP_OK &&
	    cp_store_feed_list(st, row.problem_id, &v, &n, NULL) == CP_OK && root) {
		cp_jb_str(root, "problem", row.problem_id);
		cp_jb_num(root, "plan_id", (double)plan_id);
		cp_jb_num(root, "revision", (double)res.revision);
		arr = feeds_json(r->srv, v, n);
		if (arr)
			cp_jb_add(root, "feeds", arr);
	}
	cp_store_feeds_free(v, n);
	cp_store_plan_finish(&row);
	return reply_obj(r, MHD_HTTP_OK, root);
}

static enum MHD_Result
plan_route(struct srv_request *r, struct cp_store *st, char **segs, size_t n)
{
	struct cp_error err = { 0 };
	struct cp_store_plan row = { 0 };
	enum cp_status rc;
	int64_t id;

	if (!srv_parse_num_id(segs[0], &id))
		return no_such(r, "plan", segs[0]);
	if (n == 2 && strcmp(segs[1], "publish") == 0) {
		if (!is(r, "POST"))
			return not_allowed(r, "POST");
		return publish(r, st, id);
	}
	if (n == 2 && strcmp(segs[1], "attendance") == 0) {
		if (!is(r, "POST"))
			return not_allowed(r, "POST");
		return srv_plan_attendance(r, st, id);
	}
	if (n == 2 && (strcmp(segs[1], "timetable.json") == 0 ||
		       strcmp(segs[1], "oneroster.zip") == 0)) {
		if (!is(r, "GET") && !is(r, "HEAD"))
			return not_allowed(r, "GET");
		return srv_plan_export(r, st, id, segs[1]);
	}
	if (n != 1)
		return srv_reply_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no such resource");
	if (!is(r, "GET") && !is(r, "HEAD"))
		return not_allowed(r, "GET");
	rc = cp_store_plan_get(st, id, &row, &err);
	if (rc)
		return store_failed(r, rc, &err, "plan", segs[0]);
	free(row.problem_id);
	return srv_reply(r, MHD_HTTP_OK, "application/json", row.body, row.body_len);
}

/* ---- feeds and people ---------------------------------------------------------------- */

static enum MHD_Result
revoke_feed(struct srv_request *r, struct cp_store *st, const char *seg)
{
	struct cp_error err = { 0 };
	enum cp_status rc;
	int64_t id;
	char detail[64];

	if (!srv_parse_num_id(seg, &id))
		return no_such(r, "feed", seg);
	if (!is(r, "DELETE"))
		return not_allowed(r, "DELETE");
	rc = cp_store_feed_revoke(st, id, &err);
	if (rc)
		return store_failed(r, rc, &err, "feed", seg);
	snprintf(detail, sizeof(detail), "feed %lld revoked", (long long)id);
	cp_store_audit(st, srv_now(r->srv), "revoke_feed", detail, NULL);
	srv_log(r->srv, "%s", detail);
	return srv_reply(r, MHD_HTTP_NO_CONTENT, NULL, NULL, 0);
}

static enum MHD_Result
erase(struct srv_request *r, struct cp_store *st, const char *id)
{
	struct srv_erase_result res;
	char msg[300] = "";
	unsigned status;
	struct cp_jb *root;

	if (!is(r, "DELETE"))
		return not_allowed(r, "DELETE");
	if (!cp_problem_json_id_ok(id))
		return srv_reply_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no such participant");
	status = srv_erase_participant(r->srv, st, id, &res, msg, sizeof(msg));
	if (status == 404)
		return srv_reply_error(r, 404, "not_found", "%s", msg);
	if (status) {
		srv_log(r->srv, "erasure failed: %s", msg);
		return srv_reply_error(r, status, status == 503 ? "busy" : "internal",
				       "the erasure failed; nothing changed (see the server log)");
	}
	root = cp_jb_object();
	if (root) {
		cp_jb_num(root, "problems", (double)res.problems);
		cp_jb_num(root, "plans", (double)res.plans);
		cp_jb_num(root, "feeds_revoked", (double)res.feeds);
	}
	return reply_obj(r, MHD_HTTP_OK, root);
}

/* ---- routing -------------------------------------------------------------------------- */

static enum MHD_Result
route(struct srv_request *r, struct cp_store *st, char **segs, size_t n)
{
	if (n == 0)
		return srv_reply_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no such resource");
	if (strcmp(segs[0], "problems") == 0) {
		if (n == 1) {
			if (is(r, "GET") || is(r, "HEAD"))
				return list_problems(r, st);
			if (is(r, "POST"))
				return put_problem(r, st, NULL);
			return not_allowed(r, "GET, POST");
		}
		if (!cp_problem_json_id_ok(segs[1]) && n == 2 && is(r, "PUT"))
			/* a problem that cannot exist is a bad request, not a miss */
			return srv_reply_error(r, 400, "invalid_id",
					       "problem id '%.64s' is not valid: 1 to %d letters, digits, "
					       "'.', '_', ':' or '-'", segs[1], CP_PROBLEM_MAX_ID);
		if (!cp_problem_json_id_ok(segs[1]))
			return no_such(r, "problem", segs[1]);
		if (n == 2) {
			if (is(r, "GET") || is(r, "HEAD"))
				return get_problem(r, st, segs[1]);
			if (is(r, "PUT"))
				return put_problem(r, st, segs[1]);
			if (is(r, "DELETE"))
				return delete_problem(r, st, segs[1]);
			return not_allowed(r, "GET, PUT, DELETE");
		}
		if (n == 3 && (strcmp(segs[2], "solve") == 0 || strcmp(segs[2], "replan") == 0)) {
			if (!is(r, "POST"))
				return not_allowed(r, "POST");
			return start_job(r, st, segs[1], segs[2][0] == 'r');
		}
		if (n == 3 && (strcmp(segs[2], "feeds") == 0 || strcmp(segs[2], "plans") == 0 ||
			       strcmp(segs[2], "published") == 0)) {
			if (!is(r, "GET") && !is(r, "HEAD"))
				return not_allowed(r, "GET");
			if (segs[2][0] == 'f')
				return list_feeds(r, st, segs[1]);
			if (segs[2][1] == 'l')
				return list_plans(r, st, segs[1]);
			return get_published(r, st, segs[1]);
		}
		if (n == 3 && strcmp(segs[2], "appointments") == 0) {
			if (is(r, "POST"))
				return srv_appointments_post(r, st, segs[1]);
			if (is(r, "GET") || is(r, "HEAD"))
				return srv_appointments_get(r, st, segs[1]);
			return not_allowed(r, "GET, POST");
		}
	} else if (strcmp(segs[0], "jobs") == 0 && n == 2) {
		return job_route(r, st, segs[1]);
	} else if (strcmp(segs[0], "plans") == 0 && (n == 2 || n == 3)) {
		return plan_route(r, st, segs + 1, n - 1);
	} else if (strcmp(segs[0], "feeds") == 0 && n == 2) {
		return revoke_feed(r, st, segs[1]);
	} else if (strcmp(segs[0], "participants") == 0 && n == 2) {
		return erase(r, st, segs[1]);
	}
	return srv_reply_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no such resource");
}

enum MHD_Result
srv_planner_route(struct srv_request *r, char **segs, size_t n)
{
	struct cp_store *st = srv_store_get(r->srv);
	enum MHD_Result ret = route(r, st, segs, n);

	srv_store_put(r->srv, st);
	return ret;
}
