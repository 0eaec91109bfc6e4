/*
 * Dispatch from the public store functions to the backend chosen at open.
 * Argument checks live here once, so every backend gets clean input. The
 * calls run one way: this front calls the backend; the backend never calls
 * back (what both need is in store_records.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-backend.h"

int
cp_store_schema_latest(void)
{
	return cp_store_sqlite_schema_latest();
}

static enum cp_status
invalid(struct cp_error *err, const char *what)
{
	return cp_error_set(err, CP_ERR_INVALID, "invalid argument: %s", what);
}

struct cp_store *
cp_store_open(const char *uri, struct cp_error *err)
{
	if (!uri || !uri[0]) {
		invalid(err, "empty database location");
		return NULL;
	}
	if (strncmp(uri, "sqlite:", 7) == 0)
		return cp_store_sqlite_open(uri + 7, err);
	if (strstr(uri, "://")) {
		cp_error_set(err, CP_ERR_INVALID,
			     "unsupported database '%.40s': only sqlite:PATH or a file path", uri);
		return NULL;
	}
	return cp_store_sqlite_open(uri, err);
}

void
cp_store_destroy(struct cp_store *s)
{
	if (s)
		s->b->destroy(s);
}

int
cp_store_schema_version(const struct cp_store *s)
{
	return s->b->schema_version(s);
}

enum cp_status
cp_store_begin(struct cp_store *s, struct cp_error *err)
{
	return s->b->begin(s, err);
}

enum cp_status
cp_store_commit(struct cp_store *s, struct cp_error *err)
{
	return s->b->commit(s, err);
}

void
cp_store_rollback(struct cp_store *s)
{
	s->b->rollback(s);
}

static bool
kind_ok(const char *kind)
{
	return kind && (strcmp(kind, "teacher") == 0 || strcmp(kind, "cohort") == 0 ||
			strcmp(kind, "participant") == 0 || strcmp(kind, "case_manager") == 0);
}

enum cp_status
cp_store_problem_put(struct cp_store *s, const char *id, const char *body, size_t len,
		     int64_t course_end, int64_t now, int64_t *version,
		     struct cp_error *err)
{
	if (!id || !id[0] || !body)
		return invalid(err, "problem id and body are required");
	return s->b->problem_put(s, id, body, len, course_end, now, version, err);
}

enum cp_status
cp_store_problem_set_body(struct cp_store *s, const char *id, const char *body, size_t len,
			  struct cp_error *err)
{
	if (!id || !body)
		return invalid(err, "problem id and body are required");
	return s->b->problem_set_body(s, id, body, len, err);
}

enum cp_status
cp_store_problem_get(struct cp_store *s, const char *id, struct cp_store_problem *out,
		     struct cp_error *err)
{
	if (!id || !out)
		return invalid(err, "problem id and output are required");
	memset(out, 0, sizeof(*out));
	return s->b->problem_get(s, id, out, err);
}

enum cp_status
cp_store_problem_delete(struct cp_store *s, const char *id, struct cp_error *err)
{
	if (!id)
		return invalid(err, "problem id is required");
	return s->b->problem_delete(s, id, err);
}

enum cp_status
cp_store_problem_ids(struct cp_store *s, char ***ids, size_t *n, struct cp_error *err)
{
	*ids = NULL;
	*n = 0;
	return s->b->problem_ids(s, ids, n, err);
}

enum cp_status
cp_store_plan_add(struct cp_store *s, const char *problem_id, int64_t problem_version,
		  const char *body, size_t len, int64_t now, int64_t *plan_id,
		  struct cp_error *err)
{
	if (!problem_id || !body)
		return invalid(err, "problem id and body are required");
	return s->b->plan_add(s, problem_id, problem_version, body, len, now, plan_id, err);
}

enum cp_status
cp_store_plan_get(struct cp_store *s, int64_t plan_id, struct cp_store_plan *out,
		  struct cp_error *err)
{
	memset(out, 0, sizeof(*out));
	return s->b->plan_get(s, plan_id, out, err);
}

enum cp_status
cp_store_plan_set_body(struct cp_store *s, int64_t plan_id, const char *body, size_t len,
		       struct cp_error *err)
{
	if (!body)
		return invalid(err, "body is required");
	return s->b->plan_set_body(s, plan_id, body, len, err);
}

enum cp_status
cp_store_plan_ids(struct cp_store *s, const char *problem_id, int64_t **ids, size_t *n,
		  struct cp_error *err)
{
	*ids = NULL;
	*n = 0;
	if (!problem_id)
		return invalid(err, "problem id is required");
	return s->b->plan_ids(s, problem_id, ids, n, err);
}

enum cp_status
cp_store_publication_get(struct cp_store *s, const char *problem_id,
			 struct cp_store_publication *out, struct cp_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!problem_id)
		return invalid(err, "problem id is required");
	return s->b->publication_get(s, problem_id, out, err);
}

enum cp_status
cp_store_publication_set(struct cp_store *s, const char *problem_id, int64_t plan_id,
			 int64_t now, int64_t *revision, struct cp_error *err)
{
	if (!problem_id)
		return invalid(err, "problem id is required");
	return s->b->publication_set(s, problem_id, plan_id, now, revision, err);
}

enum cp_status
cp_store_feed_put(struct cp_store *s, const char *problem_id, const char *kind,
		  const char *subject, const char *token, const uint8_t hash[CP_STORE_HASH_LEN],
		  const char *body, size_t len, const char *etag, int64_t now, bool *created,
		  struct cp_error *err)
{
	if (!problem_id || !kind_ok(kind) || !subject || !subject[0] || !token || !hash ||
	    !body || !etag)
		return invalid(err, "feed problem, kind, subject, token, body and etag are required");
	return s->b->feed_put(s, problem_id, kind, subject, token, hash, body, len, etag, now,
			      created, err);
}

enum cp_status
cp_store_feed_lookup(struct cp_store *s, const uint8_t hash[CP_STORE_HASH_LEN],
		     struct cp_store_feed_body *out, struct cp_error *err)
{
	memset(out, 0, sizeof(*out));
	return s->b->feed_lookup(s, hash, out, err);
}

enum cp_status
cp_store_feed_list(struct cp_store *s, const char *problem_id, struct cp_store_feed **v,
		   size_t *n, struct cp_error *err)
{
	*v = NULL;
	*n = 0;
	if (!problem_id)
		return invalid(err, "problem id is required");
	return s->b->feed_list(s, problem_id, v, n, err);
}

enum cp_status
cp_store_feed_revoke(struct cp_store *s, int64_t feed_id, struct cp_error *err)
{
	return s->b->feed_revoke(s, feed_id, err);
}

enum cp_status
cp_store_feed_revoke_subject(struct cp_store *s, const char *kind, const char *subject,
			     size_t *n, struct cp_error *err)
{
	if (!kind_ok(kind) || !subject)
		return invalid(err, "feed kind and subject are required");
	return s->b->feed_revoke_subject(s, kind, subject, n, err);
}

enum cp_status
cp_store_job_add(struct cp_store *s, const char *problem_id, int64_t problem_version,
		 const char *kind, int64_t now, int64_t *job_id, struct cp_error *err)
{
	if (!problem_id || !kind)
		return invalid(err, "job problem and kind are required");
	return s->b->job_add(s, problem_id, problem_version, kind, now, job_id, err);
}

enum cp_status
cp_store_job_update(struct cp_store *s, const struct cp_store_job *j,
		    struct cp_error *err)
{
	if (!j || !j->state)
		return invalid(err, "job state is required");
	return s->b->job_update(s, j, err);
}

enum cp_status
cp_store_job_get(struct cp_store *s, int64_t job_id, struct cp_store_job *out,
		 struct cp_error *err)
{
	memset(out, 0, sizeof(*out));
	return s->b->job_get(s, job_id, out, err);
}

enum cp_status
cp_store_job_interrupt_all(struct cp_store *s, int64_t now, size_t *n,
			   struct cp_error *err)
{
	return s->b->job_interrupt_all(s, now, n, err);
}

enum cp_status
cp_store_job_scrub(struct cp_store *s, const char *needle, struct cp_error *err)
{
	if (!needle || !needle[0])
		return invalid(err, "empty text to scrub");
	return s->b->job_scrub(s, needle, err);
}

enum cp_status
cp_store_audit(struct cp_store *s, int64_t now, const char *action, const char *detail,
	       struct cp_error *err)
{
	if (!action || !detail)
		return invalid(err, "audit action and detail are required");
	return s->b->audit(s, now, action, detail, err);
}

enum cp_status
cp_store_expire(struct cp_store *s, int64_t before_day, size_t *n, struct cp_error *err)
{
	return s->b->expire(s, before_day, n, err);
}

enum cp_status
cp_store_checkpoint(struct cp_store *s, struct cp_error *err)
{
	return s->b->checkpoint(s, err);
}

/* ---- availability links and rounds ------------------------------------------ */

static bool
link_kind_ok(const char *kind)
{
	return kind && (strcmp(kind, "teacher") == 0 || strcmp(kind, "participant") == 0);
}

enum cp_status
cp_store_link_put(struct cp_store *s, const char *problem_id, const char *kind,
		  const char *subject, const char *token, const uint8_t hash[CP_STORE_HASH_LEN],
		  const char *lang, int64_t expires, int64_t now, bool *created,
		  struct cp_error *err)
{
	if (created)
		*created = false;
	if (!problem_id || !link_kind_ok(kind) || !subject || !subject[0] || !token || !hash ||
	    !lang)
		return invalid(err, "link problem, kind, subject, token, hash and language are required");
	return s->b->link_put(s, problem_id, kind, subject, token, hash, lang, expires, now,
			      created, err);
}

enum cp_status
cp_store_link_lookup(struct cp_store *s, const uint8_t hash[CP_STORE_HASH_LEN], int64_t now,
		     struct cp_store_link *out, struct cp_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!hash)
		return invalid(err, "a hash is required");
	return s->b->link_lookup(s, hash, now, out, err);
}

enum cp_status
cp_store_link_list(struct cp_store *s, const char *problem_id, struct cp_store_link **v,
		   size_t *n, struct cp_error *err)
{
	*v = NULL;
	*n = 0;
	if (!problem_id)
		return invalid(err, "problem id is required");
	return s->b->link_list(s, problem_id, v, n, err);
}

enum cp_status
cp_store_link_revoke(struct cp_store *s, const char *problem_id, int64_t link_id,
		     struct cp_error *err)
{
	if (!problem_id)
		return invalid(err, "problem id is required");
	return s->b->link_revoke(s, problem_id, link_id, err);
}

enum cp_status
cp_store_link_answered(struct cp_store *s, int64_t link_id, int64_t now,
		       struct cp_error *err)
{
	return s->b->link_answered(s, link_id, now, err);
}

enum cp_status
cp_store_link_revoke_subject(struct cp_store *s, const char *kind, const char *subject,
			     size_t *n, struct cp_error *err)
{
	if (!link_kind_ok(kind) || !subject)
		return invalid(err, "link kind and subject are required");
	return s->b->link_revoke_subject(s, kind, subject, n, err);
}

enum cp_status
cp_store_round_get(struct cp_store *s, const char *problem_id, bool *closed,
		   struct cp_error *err)
{
	*closed = false;
	if (!problem_id)
		return invalid(err, "problem id is required");
	return s->b->round_get(s, problem_id, closed, err);
}

enum cp_status
cp_store_round_set(struct cp_store *s, const char *problem_id, bool closed,
		   struct cp_error *err)
{
	if (!problem_id)
		return invalid(err, "problem id is required");
	return s->b->round_set(s, problem_id, closed, err);
}

/* ---- appointments ------------------------------------------------------------ */

enum cp_status
cp_store_appointments_put(struct cp_store *s, const char *problem_id, int64_t problem_version,
			  const char *body, size_t len, int64_t now, int64_t *revision,
			  struct cp_error *err)
{
	int64_t dummy;

	if (!problem_id || !body)
		return invalid(err, "appointments problem and body are required");
	return s->b->appointments_put(s, problem_id, problem_version, body, len, now,
				      revision ? revision : &dummy, err);
}

enum cp_status
cp_store_appointments_get(struct cp_store *s, const char *problem_id,
			  struct cp_store_appointments *out, struct cp_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!problem_id)
		return invalid(err, "problem id is required");
	return s->b->appointments_get(s, problem_id, out, err);
}
