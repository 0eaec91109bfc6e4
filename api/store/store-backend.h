/*
 * What a storage backend implements (private to api/store). Every entry has
 * the signature of the public function of the same name in store.h and the
 * same contract; store.c checks arguments once and dispatches. A backend's
 * handle embeds struct cp_store as its first member.
 */
#ifndef CP_STORE_BACKEND_H
#define CP_STORE_BACKEND_H

#include "store.h"

struct cp_store_backend {
	const char *name;
	void (*destroy)(struct cp_store *s);
	int (*schema_version)(const struct cp_store *s);
	enum cp_status (*begin)(struct cp_store *s, struct cp_error *err);
	enum cp_status (*commit)(struct cp_store *s, struct cp_error *err);
	void (*rollback)(struct cp_store *s);
	enum cp_status (*problem_put)(struct cp_store *s, const char *id,
			const char *body, size_t len, int64_t course_end, int64_t now,
			int64_t *version, struct cp_error *err);
	enum cp_status (*problem_set_body)(struct cp_store *s, const char *id,
			const char *body, size_t len, struct cp_error *err);
	enum cp_status (*problem_get)(struct cp_store *s, const char *id,
			struct cp_store_problem *out, struct cp_error *err);
	enum cp_status (*problem_delete)(struct cp_store *s, const char *id,
			struct cp_error *err);
	enum cp_status (*problem_ids)(struct cp_store *s, char ***ids, size_t *n,
			struct cp_error *err);
	enum cp_status (*plan_add)(struct cp_store *s, const char *problem_id,
			int64_t problem_version, const char *body, size_t len, int64_t now,
			int64_t *plan_id, struct cp_error *err);
	enum cp_status (*plan_get)(struct cp_store *s, int64_t plan_id,
			struct cp_store_plan *out, struct cp_error *err);
	enum cp_status (*plan_set_body)(struct cp_store *s, int64_t plan_id,
			const char *body, size_t len, struct cp_error *err);
	enum cp_status (*plan_ids)(struct cp_store *s, const char *problem_id,
			int64_t **ids, size_t *n, struct cp_error *err);
	enum cp_status (*publication_get)(struct cp_store *s, const char *problem_id,
			struct cp_store_publication *out, struct cp_error *err);
	enum cp_status (*publication_set)(struct cp_store *s, const char *problem_id,
			int64_t plan_id, int64_t now, int64_t *revision,
			struct cp_error *err);
	enum cp_status (*feed_put)(struct cp_store *s, const char *problem_id,
			const char *kind, const char *subject, const char *token,
			const uint8_t hash[CP_STORE_HASH_LEN], const char *body, size_t len,
			const char *etag, int64_t now, bool *created,
			struct cp_error *err);
	enum cp_status (*feed_lookup)(struct cp_store *s,
			const uint8_t hash[CP_STORE_HASH_LEN], struct cp_store_feed_body *out,
			struct cp_error *err);
	enum cp_status (*feed_list)(struct cp_store *s, const char *problem_id,
			struct cp_store_feed **v, size_t *n, struct cp_error *err);
	enum cp_status (*feed_revoke)(struct cp_store *s, int64_t feed_id,
			struct cp_error *err);
	enum cp_status (*feed_revoke_subject)(struct cp_store *s, const char *kind,
			const char *subject, size_t *n, struct cp_error *err);
	enum cp_status (*job_add)(struct cp_store *s, const char *problem_id,
			int64_t problem_version, const char *kind, int64_t now,
			int64_t *job_id, struct cp_error *err);
	enum cp_status (*job_update)(struct cp_store *s, const struct cp_store_job *j,
			struct cp_error *err);
	enum cp_status (*job_get)(struct cp_store *s, int64_t job_id,
			struct cp_store_job *out, struct cp_error *err);
	enum cp_status (*job_interrupt_all)(struct cp_store *s, int64_t now,
			size_t *n, struct cp_error *err);
	enum cp_status (*job_scrub)(struct cp_store *s, const char *needle,
			struct cp_error *err);
	enum cp_status (*audit)(struct cp_store *s, int64_t now, const char *action,
			const char *detail, struct cp_error *err);
	enum cp_status (*expire)(struct cp_store *s, int64_t before_day, size_t *n,
			struct cp_error *err);
	enum cp_status (*checkpoint)(struct cp_store *s, struct cp_error *err);
	enum cp_status (*link_put)(struct cp_store *s, const char *problem_id,
			const char *kind, const char *subject, const char *token,
			const uint8_t hash[CP_STORE_HASH_LEN], const char *lang,
			int64_t expires, int64_t now, bool *created,
			struct cp_error *err);
	enum cp_status (*link_lookup)(struct cp_store *s,
			const uint8_t hash[CP_STORE_HASH_LEN], int64_t now,
			struct cp_store_link *out, struct cp_error *err);
	enum cp_status (*link_list)(struct cp_store *s, const char *problem_id,
			struct cp_store_link **v, size_t *n, struct cp_error *err);
	enum cp_status (*link_revoke)(struct cp_store *s, const char *problem_id,
			int64_t link_id, struct cp_error *err);
	enum cp_status (*link_answered)(struct cp_store *s, int64_t link_id,
			int64_t now, struct cp_error *err);
	enum cp_status (*link_revoke_subject)(struct cp_store *s, const char *kind,
			const char *subject, size_t *n, struct cp_error *err);
	enum cp_status (*round_get)(struct cp_store *s, const char *problem_id,
			bool *closed, struct cp_error *err);
	enum cp_status (*round_set)(struct cp_store *s, const char *problem_id,
			bool closed, struct cp_error *err);
	enum cp_status (*appointments_put)(struct cp_store *s, const char *problem_id,
			int64_t problem_version, const char *body, size_t len, int64_t now,
			int64_t *revision, struct cp_error *err);
	enum cp_status (*appointments_get)(struct cp_store *s, const char *problem_id,
			struct cp_store_appointments *out, struct cp_error *err);
};

struct cp_store {
	const struct cp_store_backend *b;
};

/* The SQLite backend (store_sqlite.c). */
struct cp_store *cp_store_sqlite_open(const char *path, struct cp_error *err);
int cp_store_sqlite_schema_latest(void);

#endif
