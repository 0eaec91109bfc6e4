/*
 * The server's durable storage: problems, plans, the published plan of each
 * problem, calendar feeds, solve jobs, booked calls and an audit trail.
 *
 * A small interface so that the backend can change: SQLite is the embedded
 * default (store_sqlite.c); a PostgreSQL backend would implement the same
 * struct cp_store_backend (store-backend.h) and be chosen by the URI given
 * to cp_store_open ("sqlite:PATH" or a plain path today). The store knows
 * no formats: bodies are bytes, written and read back unchanged; the server
 * decides what they mean.
 *
 * Threads: a struct cp_store is one connection. Use it from one thread at a
 * time; open one per thread (the server keeps a pool).
 *
 * Transactions: every function below is atomic on its own. To make several
 * calls one unit (publishing a plan with all its feeds, erasing a person),
 * bracket them with cp_store_begin / cp_store_commit; on any error call
 * cp_store_rollback, and nothing of the unit is kept. A crash at any moment
 * leaves either the whole unit or none of it.
 *
 * The values the calls below take and give (status, error, the records of
 * problems, plans, publications, feeds and jobs, and their _finish
 * functions) are in store_records.h, which this header includes.
 *
 * Ownership: cp_store_open returns a store the caller destroys with
 * cp_store_destroy (NULL is a no-op). Getters fill caller-provided structs
 * whose strings and bodies are malloc'd and released by the matching
 * _finish function (also safe on a zeroed struct). Strings passed in are
 * copied. Errors are values: functions return enum cp_status and,
 * when err is not NULL, fill it with a sentence. Nothing is printed.
 */
#ifndef CP_STORE_H
#define CP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store_records.h"

struct cp_store;

/*
 * Open (and create, and migrate to the current schema) the store at uri:
 * "sqlite:PATH" or a plain PATH. A new database file is created with mode
 * 0600: it holds feed links and participants' ids. NULL on error.
 */
struct cp_store *cp_store_open(const char *uri, struct cp_error *err);
void cp_store_destroy(struct cp_store *s);

/* The schema version of the open database (the migrations it has run). */
int cp_store_schema_version(const struct cp_store *s);
/* The schema version this program migrates to. */
int cp_store_schema_latest(void);

/* ---- transactions ------------------------------------------------------ */

/* Start a write transaction (waits for other writers up to a few seconds:
 * CP_ERR_BUSY after that). Not nested. */
enum cp_status cp_store_begin(struct cp_store *s, struct cp_error *err);
enum cp_status cp_store_commit(struct cp_store *s, struct cp_error *err);
/* Undo everything since cp_store_begin; a no-op outside a transaction. */
void cp_store_rollback(struct cp_store *s);

/* ---- problems ---------------------------------------------------------- */

/* Create problem id or replace its body; *version (may be NULL) receives
 * the new version. */
enum cp_status cp_store_problem_put(struct cp_store *s, const char *id,
		const char *body, size_t len, int64_t course_end, int64_t now,
		int64_t *version, struct cp_error *err);
/* Overwrite the body without a new version (erasure edits). */
enum cp_status cp_store_problem_set_body(struct cp_store *s, const char *id,
		const char *body, size_t len, struct cp_error *err);
enum cp_status cp_store_problem_get(struct cp_store *s, const char *id,
		struct cp_store_problem *out, struct cp_error *err);
/* Delete a problem with its plans, publication, feeds and jobs. */
enum cp_status cp_store_problem_delete(struct cp_store *s, const char *id,
		struct cp_error *err);
/* Ids of all problems, in id order: *ids is a malloc'd array of malloc'd
 * strings, freed with cp_store_strv_free. */
enum cp_status cp_store_problem_ids(struct cp_store *s, char ***ids, size_t *n,
		struct cp_error *err);

/* ---- plans ------------------------------------------------------------- */

enum cp_status cp_store_plan_add(struct cp_store *s, const char *problem_id,
		int64_t problem_version, const char *body, size_t len, int64_t now,
		int64_t *plan_id, struct cp_error *err);
enum cp_status cp_store_plan_get(struct cp_store *s, int64_t plan_id,
		struct cp_store_plan *out, struct cp_error *err);
enum cp_status cp_store_plan_set_body(struct cp_store *s, int64_t plan_id,
		const char *body, size_t len, struct cp_error *err);
/* Ids of the plans of a problem, oldest first (*ids malloc'd). */
enum cp_status cp_store_plan_ids(struct cp_store *s, const char *problem_id,
		int64_t **ids, size_t *n, struct cp_error *err);

/* ---- publication ------------------------------------------------------- */

/* NOT_FOUND when the problem has never been published. */
enum cp_status cp_store_publication_get(struct cp_store *s, const char *problem_id,
		struct cp_store_publication *out, struct cp_error *err);
/* Make plan_id the published plan of its problem; *revision may be NULL. */
enum cp_status cp_store_publication_set(struct cp_store *s, const char *problem_id,
		int64_t plan_id, int64_t now, int64_t *revision, struct cp_error *err);

/* ---- feeds ------------------------------------------------------------- */

/*
 * Give the feed (problem_id, kind, subject) this body. A new feed is
 * created with token and hash (the caller draws the token from its random
 * source and hashes it); an existing one keeps its token, so subscribers
 * never resubscribe, and ignores token and hash. modified changes only when
 * the etag does. *created (may be NULL) tells whether the feed is new.
 */
enum cp_status cp_store_feed_put(struct cp_store *s, const char *problem_id,
		const char *kind, const char *subject, const char *token,
		const uint8_t hash[CP_STORE_HASH_LEN], const char *body, size_t len,
		const char *etag, int64_t now, bool *created, struct cp_error *err);
/* The body of the live feed whose token hashes to hash; NOT_FOUND when no
 * feed has it (unknown or revoked). One indexed lookup either way. */
enum cp_status cp_store_feed_lookup(struct cp_store *s,
		const uint8_t hash[CP_STORE_HASH_LEN], struct cp_store_feed_body *out,
		struct cp_error *err);
/* The feeds of a problem, by kind then subject (*v malloc'd, free with
 * cp_store_feeds_free). */
enum cp_status cp_store_feed_list(struct cp_store *s, const char *problem_id,
		struct cp_store_feed **v, size_t *n, struct cp_error *err);
/* Revoke (delete) feed id; the token is dead at once. */
enum cp_status cp_store_feed_revoke(struct cp_store *s, int64_t feed_id,
		struct cp_error *err);
/* Revoke every feed of this kind and subject in every problem; *n (may be
 * NULL) receives how many. */
enum cp_status cp_store_feed_revoke_subject(struct cp_store *s, const char *kind,
		const char *subject, size_t *n, struct cp_error *err);

/* ---- jobs -------------------------------------------------------------- */

enum cp_status cp_store_job_add(struct cp_store *s, const char *problem_id,
		int64_t problem_version, const char *kind, int64_t now, int64_t *job_id,
		struct cp_error *err);
/* Record the state (and, when finished, the outcome) of a job. */
enum cp_status cp_store_job_update(struct cp_store *s, const struct cp_store_job *j,
		struct cp_error *err);
enum cp_status cp_store_job_get(struct cp_store *s, int64_t job_id,
		struct cp_store_job *out, struct cp_error *err);
/* Mark jobs left queued or running by a previous process "interrupted";
 * *n (may be NULL) receives how many. */
enum cp_status cp_store_job_interrupt_all(struct cp_store *s, int64_t now,
		size_t *n, struct cp_error *err);
/* Blank job error texts that contain needle (they may name a person). */
enum cp_status cp_store_job_scrub(struct cp_store *s, const char *needle,
		struct cp_error *err);

/* ---- audit and maintenance --------------------------------------------- */

/* Append an audit line. detail must not hold personal data. */
enum cp_status cp_store_audit(struct cp_store *s, int64_t now, const char *action,
		const char *detail, struct cp_error *err);
/* Delete the problems whose course ended before day before_day (days since
 * 1970-01-01) with everything that belongs to them; *n receives how many. */
enum cp_status cp_store_expire(struct cp_store *s, int64_t before_day, size_t *n,
		struct cp_error *err);
/* Fold the write-ahead log into the database file and empty it, so that
 * deleted data survives in neither (after an erasure). */
enum cp_status cp_store_checkpoint(struct cp_store *s, struct cp_error *err);

/* ---- availability links and rounds (docs/workspace.md) ----------------- */

/*
 * Give (problem_id, kind, subject) a link with this token (kind
 * "participant" or "teacher"), unless it has one: an existing link keeps
 * its token and expiry, and *created (may be NULL) is false.
 */
enum cp_status cp_store_link_put(struct cp_store *s, const char *problem_id,
		const char *kind, const char *subject, const char *token,
		const uint8_t hash[CP_STORE_HASH_LEN], const char *lang, int64_t expires,
		int64_t now, bool *created, struct cp_error *err);
/* The link whose token hashes to hash and that has not expired at now;
 * NOT_FOUND for unknown, revoked and expired links alike. */
enum cp_status cp_store_link_lookup(struct cp_store *s,
		const uint8_t hash[CP_STORE_HASH_LEN], int64_t now, struct cp_store_link *out,
		struct cp_error *err);
/* The links of a problem, participants first, by subject (*v malloc'd,
 * free with cp_store_links_free). */
enum cp_status cp_store_link_list(struct cp_store *s, const char *problem_id,
		struct cp_store_link **v, size_t *n, struct cp_error *err);
/* Revoke (delete) link link_id of problem_id; NOT_FOUND when it has no
 * such link. */
enum cp_status cp_store_link_revoke(struct cp_store *s, const char *problem_id,
		int64_t link_id, struct cp_error *err);
/* Record that the person behind link_id answered at now. */
enum cp_status cp_store_link_answered(struct cp_store *s, int64_t link_id, int64_t now,
		struct cp_error *err);
/* Revoke every link of this kind and subject in every problem (erasure). */
enum cp_status cp_store_link_revoke_subject(struct cp_store *s, const char *kind,
		const char *subject, size_t *n, struct cp_error *err);
/* Whether the planner closed the availability round of problem_id (a
 * problem never closed is open). */
enum cp_status cp_store_round_get(struct cp_store *s, const char *problem_id,
		bool *closed, struct cp_error *err);
enum cp_status cp_store_round_set(struct cp_store *s, const char *problem_id,
		bool closed, struct cp_error *err);

/* ---- appointments (docs/server.md) ------------------------------------- */

/*
 * Store the booked calls of problem_id (its appointments.json as bytes),
 * replacing any earlier booking; *revision (may be NULL) receives 1 for
 * the first booking and one more for each later one. Deleted with the
 * problem.
 */
enum cp_status cp_store_appointments_put(struct cp_store *s, const char *problem_id,
		int64_t problem_version, const char *body, size_t len, int64_t now,
		int64_t *revision, struct cp_error *err);
/* The stored booking of problem_id; NOT_FOUND when it has none. */
enum cp_status cp_store_appointments_get(struct cp_store *s, const char *problem_id,
		struct cp_store_appointments *out, struct cp_error *err);

#endif /* CP_STORE_H */
