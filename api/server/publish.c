/*
 * Publishing a plan and erasing a person: the two operations that rewrite
 * what subscribers see. Each is one store transaction, so a crash at any
 * moment leaves either the previous version serving everywhere or the new
 * one everywhere, never a mix and never half a feed.
 *
 * Publishing carries the revision state (SEQUENCE, cancelled lessons) from
 * the plan published so far into the new one (cp_plan_revise), stores the
 * revised plan, and renders every feed of the problem. A feed keeps its
 * token across publications; a subject that left the plan keeps its URL
 * and gets a calendar without its lessons.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/diag.h>
#include <cohortplan/plan.h>

#include "cp-config.h"
#include "formats/appointments_json.h"
#include "formats/http_json.h"
#include "formats/plan_json.h"
#include "ical/feeds.h"
#include "reply.h"
#include "server-private.h"

/* How long cancelled lessons stay in feeds (so clients remove them). */
#define CANCELLED_KEEP_DAYS 60

static const char *const kind_names[] = {
	[CP_FEED_COHORT] = "cohort",
	[CP_FEED_TEACHER] = "teacher",
	[CP_FEED_PARTICIPANT] = "participant",
	[CP_FEED_CASE_MANAGER] = "case_manager",
};

static bool
kind_from_name(const char *s, enum cp_feed_kind *out)
{
	for (int k = CP_FEED_COHORT; k <= CP_FEED_CASE_MANAGER; k++)
		if (strcmp(s, kind_names[k]) == 0) {
			*out = (enum cp_feed_kind)k;
			return true;
		}
	return false;
}

/* Store one feed body (new token when the feed is new). */
static bool
put_feed(struct cp_server *s, struct cp_store *st, const char *problem_id, const char *kind,
	 const char *subject, const char *body, size_t len, int64_t now,
	 struct srv_publish_result *res, char *msg, size_t msg_len)
{
	struct cp_error err = { 0 };
	char token[SRV_FEED_TOKEN_CHARS + 1], etag[48];
	uint8_t hash[SRV_SHA256_LEN];
	bool created = false;

	if (!srv_feed_token_new(s, token, hash)) {
		snprintf(msg, msg_len, "the random source failed");
		return false;
	}
	srv_etag_of(body, len, etag);
	if (cp_store_feed_put(st, problem_id, kind, subject, token, hash, body, len, etag, now,
			      &created, &err)) {
		snprintf(msg, msg_len, "%s", err.message);
		return false;
	}
	memset(token, 0, sizeof(token));
	if (res) {
		res->feeds++;
		res->created += created;
	}
	return true;
}

/* The stored calls of a problem as feed events (docs/server.md
 * "Appointments"): x and a are NULL when it has none. */
struct stored_calls {
	struct cp_appointments *a;
	struct cp_feed_extra *x;
	size_t n;
};

static void
stored_calls_finish(struct stored_calls *c)
{
	free(c->x);
	cp_appointments_destroy(c->a);
	memset(c, 0, sizeof(*c));
}

static bool
stored_calls_load(struct cp_server *s, struct cp_store *st, const char *problem_id,
		  struct stored_calls *out, char *msg, size_t msg_len)
{
	struct cp_error err = { 0 };
	struct cp_store_appointments row = { 0 };
	struct cp_diag *d;
	enum cp_status rc = cp_store_appointments_get(st, problem_id, &row, &err);
	bool ok = false;

	memset(out, 0, sizeof(*out));
	if (rc == CP_ERR_NOT_FOUND)
		return true;
	if (rc) {
		snprintf(msg, msg_len, "%s", err.message);
		return false;
	}
	d = cp_diag_create(1);
	if (d && cp_appointments_json_read(row.body, row.body_len, s->cfg.tzdb, &out->a, d) ==
			 CP_APPOINTMENTS_OK &&
	    (out->x = cp_appointments_extras(out->a, &out->n)))
		ok = true;
	else
		snprintf(msg, msg_len, "the stored appointments of '%.64s' do not read: %s",
			 problem_id, d && cp_diag_count(d) ? cp_diag_entry(d, 0)->message
							   : "out of memory");
	cp_diag_destroy(d);
	cp_store_appointments_finish(&row);
	if (!ok)
		stored_calls_finish(out);
	return ok;
}

/* Has a stored call, among extras x[0..n), this participant (their own
 * call) or case manager? */
static bool
calls_have(const struct cp_feed_extra *x, size_t n, enum cp_feed_kind kind, const char *id)
{
	for (size_t i = 0; i < n; i++) {
		if (kind == CP_FEED_CASE_MANAGER && strcmp(x[i].manager, id) == 0)
			return true;
		if (kind == CP_FEED_PARTICIPANT && !x[i].manager_only &&
		    strcmp(x[i].participant, id) == 0)
			return true;
	}
	return false;
}

/* Does the plan have this subject? */
static bool
plan_has(const struct cp_plan *plan, enum cp_feed_kind kind, const char *id)
{
	for (size_t i = 0; plan && i < plan->n_cohorts; i++) {
		const struct cp_plan_cohort *c = &plan->cohorts[i];
		if (kind == CP_FEED_COHORT && strcmp(c->id, id) == 0)
			return true;
		if (kind == CP_FEED_TEACHER && c->teacher && strcmp(c->teacher, id) == 0)
			return true;
		if (kind == CP_FEED_TEACHER && cp_plan_teaches(plan, id))
			return true; /* a substitute */
		if (kind == CP_FEED_PARTICIPANT)
			for (size_t m = 0; m < c->n_members; m++)
				if (strcmp(c->members[m].participant, id) == 0)
					return true;
	}
	return false;
}

static bool
render_one(struct cp_server *s, struct cp_store *st, struct cp_feed_writer *w,
	   const char *problem_id, enum cp_feed_kind kind, const char *id, int64_t now,
	   struct srv_publish_result *res, char *msg, size_t msg_len)
{
	struct cp_error ferr = { 0 };
	size_t len = 0;
	char *body = cp_feed_write(w, kind, id, &len, &ferr);
	bool ok;

	if (!body) {
		snprintf(msg, msg_len, "feed of %s: %s", kind_names[kind], ferr.message);
		return false;
	}
	ok = put_feed(s, st, problem_id, kind_names[kind], id, body, len, now, res, msg, msg_len);
	free(body);
	return ok;
}

/* The feeds of the people with stored calls that the plan's cohorts do
 * not render: participants with calls only (not placed) and every case
 * manager with calls, each once. */
static bool
render_calls(struct cp_server *s, struct cp_store *st, struct cp_feed_writer *w,
	     const char *problem_id, const struct cp_plan *plan, const struct stored_calls *c,
	     int64_t now, struct srv_publish_result *res, char *msg, size_t msg_len)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct cp_feed_extra *x = &c->x[i];
		bool seen_p = false, seen_m = false;

		for (size_t j = 0; j < i; j++) {
			seen_p |= strcmp(c->x[j].participant, x->participant) == 0;
			seen_m |= strcmp(c->x[j].manager, x->manager) == 0;
		}
		if (!x->manager_only && !seen_p &&
		    !plan_has(plan, CP_FEED_PARTICIPANT, x->participant) &&
		    !render_one(s, st, w, problem_id, CP_FEED_PARTICIPANT, x->participant, now, res,
				msg, msg_len))
			return false;
		if (!seen_m && !render_one(s, st, w, problem_id, CP_FEED_CASE_MANAGER, x->manager,
					   now, res, msg, msg_len))
			return false;
	}
	return true;
}

/*
 * Render every feed of problem_id from plan (NULL: every existing feed
 * becomes empty): one per cohort, teacher and placed participant of the
 * plan, with the problem's stored calls (participants with calls only and
 * case managers get a feed of their own), plus the existing feeds of
 * subjects that left it.
 */
static unsigned
render_feeds(struct cp_server *s, struct cp_store *st, const char *problem_id,
	     const struct cp_plan *plan, int64_t now, struct srv_publish_result *res, char *msg,
	     size_t msg_len)
{
	struct cp_feed_options opts;
	struct cp_error ferr = { 0 };
	struct cp_feed_writer *w = NULL;
	struct cp_error err = { 0 };
	struct cp_store_feed *feeds = NULL;
	struct stored_calls calls = { 0 };
	size_t n_feeds = 0;
	unsigned status = 500;

	cp_feed_options_init(&opts);
	opts.version = CP_VERSION;
	/* Participants' feeds stay neutral: they end up on shared phones
	 * (docs/domain.md, "Privacy"). */
	opts.discreet = true;
	if (plan && !stored_calls_load(s, st, problem_id, &calls, msg, msg_len))
		return 500;
	opts.extras = calls.x;
	opts.n_extras = calls.n;
	if (plan) {
		w = cp_feed_writer_create(plan, s->cfg.tzdb, &opts, &ferr);
		if (!w) {
			snprintf(msg, msg_len, "the plan's feeds cannot be written: %s", ferr.message);
			stored_calls_finish(&calls);
			return 422;
		}
		for (size_t i = 0; i < plan->n_cohorts; i++) {
			const struct cp_plan_cohort *c = &plan->cohorts[i];
			bool teacher_seen = false;

			if (!render_one(s, st, w, problem_id, CP_FEED_COHORT, c->id, now, res, msg,
					msg_len))
				goto done;
			for (size_t j = 0; j < i && c->teacher; j++)
				teacher_seen |= plan->cohorts[j].teacher &&
						strcmp(plan->cohorts[j].teacher, c->teacher) == 0;
			if (c->teacher && !teacher_seen &&
			    !render_one(s, st, w, problem_id, CP_FEED_TEACHER, c->teacher, now, res,
					msg, msg_len))
				goto done;
			for (size_t m = 0; m < c->n_members; m++)
				if (!render_one(s, st, w, problem_id, CP_FEED_PARTICIPANT,
						c->members[m].participant, now, res, msg, msg_len))
					goto done;
		}
		/* Teachers who only substitute have a feed of their own too. */
		size_t cursor = 0;
		for (const char *t; (t = cp_plan_next_substitute_only(plan, &cursor));)
			if (!render_one(s, st, w, problem_id, CP_FEED_TEACHER, t, now, res, msg,
					msg_len))
				goto done;
		if (!render_calls(s, st, w, problem_id, plan, &calls, now, res, msg, msg_len))
			goto done;
	}
	if (cp_store_feed_list(st, problem_id, &feeds, &n_feeds, &err)) {
		snprintf(msg, msg_len, "%s", err.message);
		goto done;
	}
	for (size_t i = 0; i < n_feeds; i++) {
		enum cp_feed_kind k;
		size_t len;
		char *body;
		bool ok;

		if (!kind_from_name(feeds[i].kind, &k) || plan_has(plan, k, feeds[i].subject) ||
		    calls_have(calls.x, calls.n, k, feeds[i].subject))
			continue;
		/* Left the plan: their cancelled lessons while the plan keeps
		 * them (former[]), else a calendar without events, so that
		 * subscribers keep a working URL and lose the lessons. */
		body = w ? cp_feed_write(w, k, feeds[i].subject, &len, &ferr) : NULL;
		if (!body && (!w || ferr.status == CP_ERR_NOT_FOUND))
			body = cp_feed_write_empty(&opts, k, feeds[i].subject,
						   !plan ? NULL
						   : plan->course_title ? plan->course_title
									: plan->course,
						   &len, &ferr);
		if (!body) {
			snprintf(msg, msg_len, "feed of %s: %s", kind_names[k], ferr.message);
			goto done;
		}
		ok = put_feed(s, st, problem_id, feeds[i].kind, feeds[i].subject, body, len, now,
			      res, msg, msg_len);
		free(body);
		if (!ok)
			goto done;
	}
	status = 0;
done:
	cp_store_feeds_free(feeds, n_feeds);
	cp_feed_writer_destroy(w);
	stored_calls_finish(&calls);
	return status;
}

static struct cp_plan *
parse_plan(struct cp_server *s, const struct cp_store_plan *row, char *msg, size_t msg_len)
{
	struct cp_diag *d = cp_diag_create(4);
	struct cp_plan *plan = NULL;

	if (!d) {
		snprintf(msg, msg_len, "out of memory");
		return NULL;
	}
	if (cp_plan_json_parse(row->body, row->body_len, s->cfg.tzdb, &plan, d) != CP_PLAN_JSON_OK)
		snprintf(msg, msg_len, "plan %lld does not read: %s%s%s", (long long)row->id,
			 cp_diag_count(d) ? cp_diag_entry(d, 0)->path : "",
			 cp_diag_count(d) ? ": " : "",
			 cp_diag_count(d) ? cp_diag_entry(d, 0)->message : "out of memory");
	cp_diag_destroy(d);
	return plan;
}

unsigned
srv_publish_plan(struct cp_server *s, struct cp_store *st, int64_t plan_id,
		 struct srv_publish_result *out, char *msg, size_t msg_len)
{
	struct cp_error err = { 0 };
	struct cp_store_plan row = { 0 }, prev_row = { 0 };
	struct cp_store_problem prob = { 0 };
	struct cp_store_publication pub = { 0 };
	struct cp_plan *plan = NULL, *prev = NULL;
	char *text = NULL;
	size_t text_len = 0;
	int64_t now = srv_now(s);
	unsigned status = 500;
	enum cp_status rc;

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&s->write_lock);
	if (cp_store_begin(st, &err)) {
		status = srv_store_status(&err, msg, msg_len);
		goto unlock;
	}
	rc = cp_store_plan_get(st, plan_id, &row, &err);
	if (rc) {
		if (rc == CP_ERR_NOT_FOUND) {
			status = 404;
			snprintf(msg, msg_len, "no plan %lld", (long long)plan_id);
		} else {
			snprintf(msg, msg_len, "%s", err.message);
		}
		goto fail;
	}
	if (cp_store_problem_get(st, row.problem_id, &prob, &err)) {
		snprintf(msg, msg_len, "%s", err.message);
		goto fail;
	}
	if (prob.version != row.problem_version) {
		status = 409;
		snprintf(msg, msg_len,
			 "plan %lld was solved from version %lld of problem '%s', which is now at "
			 "version %lld: solve or re-plan again", (long long)plan_id,
			 (long long)row.problem_version, prob.id, (long long)prob.version);
		goto fail;
	}
	if (!(plan = parse_plan(s, &row, msg, msg_len)))
		goto fail;
	rc = cp_store_publication_get(st, row.problem_id, &pub, &err);
	if (rc && rc != CP_ERR_NOT_FOUND) {
		snprintf(msg, msg_len, "%s", err.message);
		goto fail;
	}
	if (rc == CP_OK && pub.plan_id != plan_id) {
		if (cp_store_plan_get(st, pub.plan_id, &prev_row, &err)) {
			snprintf(msg, msg_len, "%s", err.message);
			goto fail;
		}
		if (!(prev = parse_plan(s, &prev_row, msg, msg_len)))
			goto fail;
		/* What subscribers have seen is the published plan: cohort
		 * ids (hence UIDs), SEQUENCE and cancellations are relative to
		 * it. Matching again is a no-op for a re-plan of it, and keeps
		 * groups' ids for a fresh solve. */
		if (!cp_plan_match_ids(plan, prev) ||
		    !cp_plan_revise(plan, prev, CANCELLED_KEEP_DAYS) ||
		    !(text = cp_plan_json_write(plan, &text_len))) {
			snprintf(msg, msg_len, "out of memory");
			goto fail;
		}
		if (cp_store_plan_set_body(st, plan_id, text, text_len, &err)) {
			snprintf(msg, msg_len, "%s", err.message);
			goto fail;
		}
	}
	if (cp_store_publication_set(st, row.problem_id, plan_id, now, &out->revision, &err)) {
		snprintf(msg, msg_len, "%s", err.message);
		goto fail;
	}
	status = render_feeds(s, st, row.problem_id, plan, now, out, msg, msg_len);
	if (status)
		goto fail;
	{
		char detail[160];
		snprintf(detail, sizeof(detail), "problem '%.64s' revision %lld: plan %lld, %zu feeds",
			 row.problem_id, (long long)out->revision, (long long)plan_id, out->feeds);
		if (cp_store_audit(st, now, "publish", detail, &err)) {
			snprintf(msg, msg_len, "%s", err.message);
			status = 500;
			goto fail;
		}
	}
	if (cp_store_commit(st, &err)) {
		status = srv_store_status(&err, msg, msg_len);
		goto unlock;
	}
	status = 0;
	goto unlock;
fail:
	cp_store_rollback(st);
unlock:
	pthread_mutex_unlock(&s->write_lock);
	free(text);
	cp_plan_destroy(plan);
	cp_plan_destroy(prev);
	cp_store_plan_finish(&row);
	cp_store_plan_finish(&prev_row);
	cp_store_problem_finish(&prob);
	return status;
}

unsigned
srv_render_published(struct cp_server *s, struct cp_store *st, const char *problem_id,
		     int64_t now, struct srv_publish_result *res, char *msg, size_t msg_len)
{
	struct cp_error err = { 0 };
	struct cp_store_publication pub = { 0 };
	struct cp_store_plan row = { 0 };
	struct cp_plan *plan = NULL;
	enum cp_status rc = cp_store_publication_get(st, problem_id, &pub, &err);
	unsigned status = 500;

	memset(res, 0, sizeof(*res));
	if (rc == CP_ERR_NOT_FOUND)
		return 0;
	if (rc || cp_store_plan_get(st, pub.plan_id, &row, &err))
		return srv_store_status(&err, msg, msg_len);
	res->revision = pub.revision;
	if ((plan = parse_plan(s, &row, msg, msg_len)))
		status = render_feeds(s, st, problem_id, plan, now, res, msg, msg_len);
	cp_plan_destroy(plan);
	cp_store_plan_finish(&row);
	return status;
}

/* ---- erasure ---------------------------------------------------------------- */

/* Erase id from one stored document; *changed tells whether it did. */
static bool
erase_in(const char *body, size_t len, const char *id, char **out, size_t *out_len,
	 size_t *left, char *msg, size_t msg_len)
{
	if (!cp_http_json_erase(body, len, id, out, out_len, left)) {
		snprintf(msg, msg_len, "a stored document could not be edited");
		return false;
	}
	return true;
}

/* Erase id from the stored calls of pid (their bookings and cancellations
 * go); *changed tells whether there was something to erase. */
static bool
erase_calls(struct cp_store *st, const char *pid, const char *id, size_t *left, bool *changed,
	    char *msg, size_t msg_len)
{
	struct cp_error err = { 0 };
	struct cp_store_appointments a = { 0 };
	char *text = NULL;
	size_t len = 0;
	enum cp_status rc = cp_store_appointments_get(st, pid, &a, &err);
	bool ok = false;

	*changed = false;
	if (rc == CP_ERR_NOT_FOUND)
		return true;
	if (rc) {
		snprintf(msg, msg_len, "%s", err.message);
		return false;
	}
	if (erase_in(a.body, a.body_len, id, &text, &len, left, msg, msg_len)) {
		ok = !text || cp_store_appointments_put(st, pid, a.problem_version, text, len,
							a.booked, NULL, &err) == CP_OK;
		if (!ok)
			snprintf(msg, msg_len, "%s", err.message);
		*changed = text != NULL;
	}
	free(text);
	cp_store_appointments_finish(&a);
	return ok;
}

static unsigned
erase_problem(struct cp_server *s, struct cp_store *st, const char *pid, const char *id,
	      int64_t now, struct srv_erase_result *res, size_t *left, char *msg, size_t msg_len)
{
	struct cp_error err = { 0 };
	struct cp_store_problem prob = { 0 };
	struct cp_store_publication pub = { 0 };
	int64_t *plans = NULL;
	size_t n_plans = 0, l = 0;
	char *text = NULL;
	size_t text_len;
	bool published_changed = false, calls_changed = false;
	unsigned status = 500;
	enum cp_status rc;

	if (cp_store_problem_get(st, pid, &prob, &err))
		goto store_fail;
	if (!erase_in(prob.body, prob.body_len, id, &text, &text_len, &l, msg, msg_len))
		goto done;
	*left += l;
	if (text) {
		res->problems++;
		if (cp_store_problem_set_body(st, pid, text, text_len, &err))
			goto store_fail;
		free(text);
		text = NULL;
	}
	if (!erase_calls(st, pid, id, &l, &calls_changed, msg, msg_len))
		goto done;
	*left += l;
	rc = cp_store_publication_get(st, pid, &pub, &err);
	if (rc && rc != CP_ERR_NOT_FOUND)
		goto store_fail;
	/* The calls are in participants' and case managers' feeds. */
	published_changed = calls_changed && rc == CP_OK;
	if (cp_store_plan_ids(st, pid, &plans, &n_plans, &err))
		goto store_fail;
	for (size_t i = 0; i < n_plans; i++) {
		struct cp_store_plan row = { 0 };
		bool ok;

		if (cp_store_plan_get(st, plans[i], &row, &err))
			goto store_fail;
		ok = erase_in(row.body, row.body_len, id, &text, &text_len, &l, msg, msg_len);
		cp_store_plan_finish(&row);
		if (!ok)
			goto done;
		*left += l;
		if (!text)
			continue;
		res->plans++;
		if (rc == CP_OK && pub.plan_id == plans[i])
			published_changed = true;
		if (cp_store_plan_set_body(st, plans[i], text, text_len, &err))
			goto store_fail;
		free(text);
		text = NULL;
	}
	if (published_changed) {
		/* Teacher and cohort feeds list members' ids: render them again
		 * from the edited plan. */
		struct cp_store_plan row = { 0 };
		struct cp_plan *plan;
		char pmsg[200];

		if (cp_store_plan_get(st, pub.plan_id, &row, &err))
			goto store_fail;
		plan = parse_plan(s, &row, pmsg, sizeof(pmsg));
		cp_store_plan_finish(&row);
		if (!plan)
			/* Nothing must keep the person visible: empty calendars
			 * until the planner publishes again. */
			srv_log(s, "erasure: the published plan of '%s' no longer reads; its feeds "
				"are empty until the next publication", pid);
		status = render_feeds(s, st, pid, plan, now, NULL, msg, msg_len);
		cp_plan_destroy(plan);
		if (status)
			goto done;
	}
	status = 0;
	goto done;
store_fail:
	status = srv_store_status(&err, msg, msg_len);
done:
	free(text);
	free(plans);
	cp_store_problem_finish(&prob);
	return status;
}

unsigned
srv_erase_participant(struct cp_server *s, struct cp_store *st, const char *id,
		      struct srv_erase_result *out, char *msg, size_t msg_len)
{
	struct cp_error err = { 0 };
	char **ids = NULL;
	size_t n_ids = 0, left = 0;
	int64_t now = srv_now(s);
	unsigned status = 500;
	char detail[160];

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&s->write_lock);
	if (cp_store_begin(st, &err))
		goto store_fail_unlocked;
	/* The person's own feeds first, so that re-rendering below does not
	 * bring them back. */
	if (cp_store_feed_revoke_subject(st, "participant", id, &out->feeds, &err) ||
	    /* their availability links too (the workspace) */
	    cp_store_link_revoke_subject(st, "participant", id, NULL, &err) ||
	    cp_store_problem_ids(st, &ids, &n_ids, &err))
		goto store_fail;
	for (size_t i = 0; i < n_ids; i++) {
		status = erase_problem(s, st, ids[i], id, now, out, &left, msg, msg_len);
		if (status)
			goto fail;
	}
	if (out->problems == 0 && out->plans == 0 && out->feeds == 0) {
		status = 404;
		snprintf(msg, msg_len, "no stored problem, plan or feed has this participant");
		goto fail;
	}
	if (cp_store_job_scrub(st, id, &err))
		goto store_fail;
	/* The audit line proves that an erasure happened, not whom it was for. */
	snprintf(detail, sizeof(detail),
		 "a participant was removed from %zu problem(s) and %zu plan(s); %zu feed(s) "
		 "revoked", out->problems, out->plans, out->feeds);
	if (cp_store_audit(st, now, "erase_participant", detail, &err))
		goto store_fail;
	if (cp_store_commit(st, &err))
		goto store_fail_unlocked;
	/* Deleted rows are overwritten (secure_delete); fold the log into the
	 * file and empty it so no old page holds the id either. */
	if (cp_store_checkpoint(st, &err))
		srv_log(s, "erasure: checkpoint failed (%s); the log is emptied at the next one",
			err.message);
	if (left)
		srv_log(s, "erasure: the id still appears %zu time(s) in stored documents "
			"as a plain value", left);
	srv_log(s, "erasure: %s", detail);
	status = 0;
	goto out;
store_fail:
	status = srv_store_status(&err, msg, msg_len);
fail:
	cp_store_rollback(st);
	goto out;
store_fail_unlocked:
	status = srv_store_status(&err, msg, msg_len);
	cp_store_rollback(st);
out:
	pthread_mutex_unlock(&s->write_lock);
	cp_store_strv_free(ids, n_ids);
	return status;
}
