/*
 * The store on its own (api/store/store.h), against a fresh SQLite file:
 * migrations, versions, feed tokens that survive re-publishing, lookup by
 * hash, rollback, retention and the job bookkeeping of a restart; a
 * database of schema 2 with a feed migrated to 3 (the feed keeps its id
 * and token).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store.h"

static int failures;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
			failures++;                                            \
		}                                                              \
	} while (0)

static void
hash_of(char c, uint8_t h[CP_STORE_HASH_LEN])
{
	memset(h, c, CP_STORE_HASH_LEN);
}

/* Turn the store at path back into schema 2 as shipped: feeds with the
 * old kinds, no appointments table. */
static bool
downgrade_to_2(const char *path)
{
	sqlite3 *db = NULL;
	bool ok = sqlite3_open(path, &db) == SQLITE_OK &&
		  sqlite3_exec(db,
			       "BEGIN;"
			       "CREATE TABLE feeds_v2 ("
			       "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
			       "  problem_id TEXT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,"
			       "  kind TEXT NOT NULL CHECK (kind IN ('teacher', 'cohort', 'participant')),"
			       "  subject TEXT NOT NULL, token TEXT NOT NULL,"
			       "  token_hash BLOB NOT NULL UNIQUE, body BLOB NOT NULL,"
			       "  etag TEXT NOT NULL, modified INTEGER NOT NULL,"
			       "  created INTEGER NOT NULL, UNIQUE (problem_id, kind, subject));"
			       "INSERT INTO feeds_v2 SELECT * FROM feeds;"
			       "DROP TABLE feeds; ALTER TABLE feeds_v2 RENAME TO feeds;"
			       "DROP TABLE appointments; PRAGMA user_version = 2; COMMIT;",
			       NULL, NULL, NULL) == SQLITE_OK;
	sqlite3_close(db);
	return ok;
}

/* A feed stored under schema 2 is served the same after migration 3. */
static void
migration_3(const char *dir)
{
	char path[96];
	struct cp_error err = { 0 };
	struct cp_store *s;
	uint8_t h[CP_STORE_HASH_LEN];
	struct cp_store_feed *v = NULL;
	struct cp_store_feed_body b;
	size_t n = 0;
	int64_t id = 0;

	snprintf(path, sizeof(path), "%s/v2", dir);
	hash_of(7, h);
	s = cp_store_open(path, &err);
	CHECK(s && cp_store_problem_put(s, "q", "{}", 2, 19000, 1, NULL, &err) == CP_OK);
	CHECK(s && cp_store_feed_put(s, "q", "teacher", "T1", "tok7", h, "BODY", 4, "e7", 5,
				     NULL, &err) == CP_OK);
	CHECK(s && cp_store_feed_list(s, "q", &v, &n, &err) == CP_OK && n == 1);
	if (n == 1)
		id = v[0].id;
	cp_store_feeds_free(v, n);
	cp_store_destroy(s);
	CHECK(downgrade_to_2(path));
	s = cp_store_open(path, &err);
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK(cp_store_schema_version(s) == 3);
	CHECK(cp_store_feed_lookup(s, h, &b, &err) == CP_OK && b.body_len == 4 &&
	      memcmp(b.body, "BODY", 4) == 0);
	cp_store_feed_body_finish(&b);
	CHECK(cp_store_feed_list(s, "q", &v, &n, &err) == CP_OK && n == 1 &&
	      v[0].id == id && strcmp(v[0].token, "tok7") == 0);
	cp_store_feeds_free(v, n);
	CHECK(cp_store_appointments_put(s, "q", 1, "{}", 2, 9, NULL, &err) == CP_OK);
	CHECK(cp_store_problem_delete(s, "q", &err) == CP_OK);
	CHECK(cp_store_feed_lookup(s, h, &b, &err) == CP_ERR_NOT_FOUND);
	cp_store_destroy(s);
	for (const char *suffix = "-wal"; suffix; suffix = suffix[1] == 'w' ? "-shm" : NULL) {
		char f[112];
		snprintf(f, sizeof(f), "%s%s", path, suffix);
		unlink(f);
	}
	unlink(path);
}

int
main(void)
{
	char dir[] = "/tmp/cp-store-XXXXXX", path[64], wal[80], shm[80];
	struct cp_error err = { 0 };
	struct cp_store *s, *s2;
	struct stat st;
	int64_t v = 0, plan1 = 0, plan2 = 0, rev = 0, job = 0;
	uint8_t h1[CP_STORE_HASH_LEN], h2[CP_STORE_HASH_LEN];
	bool created = false;

	if (!mkdtemp(dir))
		return 99;
	snprintf(path, sizeof(path), "%s/db", dir);
	s = cp_store_open(path, &err);
	if (!s) {
		fprintf(stderr, "open: %s\n", err.message);
		return 1;
	}
	CHECK(cp_store_schema_version(s) == cp_store_schema_latest());
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(cp_store_open("postgres://x", &err) == NULL && err.status == CP_ERR_INVALID);

	/* problems: create, replace, versions */
	CHECK(cp_store_problem_put(s, "p", "{}", 2, 19000, 100, &v, &err) == CP_OK && v == 1);
	CHECK(cp_store_problem_put(s, "p", "{\"a\":1}", 7, 19000, 200, &v, &err) == CP_OK &&
	      v == 2);
	{
		struct cp_store_problem p;
		CHECK(cp_store_problem_get(s, "p", &p, &err) == CP_OK);
		CHECK(p.version == 2 && p.body_len == 7 && strcmp(p.body, "{\"a\":1}") == 0 &&
		      p.created == 100 && p.updated == 200);
		cp_store_problem_finish(&p);
		CHECK(cp_store_problem_get(s, "q", &p, &err) == CP_ERR_NOT_FOUND);
	}

	/* plans and publication revisions */
	CHECK(cp_store_plan_add(s, "p", 2, "plan1", 5, 300, &plan1, &err) == CP_OK);
	CHECK(cp_store_plan_add(s, "p", 2, "plan2", 5, 300, &plan2, &err) == CP_OK);
	CHECK(plan2 == plan1 + 1);
	{
		struct cp_store_publication pub;
		CHECK(cp_store_publication_get(s, "p", &pub, &err) == CP_ERR_NOT_FOUND);
		CHECK(cp_store_publication_set(s, "p", plan1, 400, &rev, &err) == CP_OK &&
		      rev == 1);
		CHECK(cp_store_publication_set(s, "p", plan2, 500, &rev, &err) == CP_OK &&
		      rev == 2);
		CHECK(cp_store_publication_get(s, "p", &pub, &err) == CP_OK &&
		      pub.plan_id == plan2 && pub.revision == 2 && pub.published == 500);
	}

	/* feeds: the token of the first put stays; modified moves with the etag */
	hash_of('a', h1);
	hash_of('b', h2);
	CHECK(cp_store_feed_put(s, "p", "teacher", "T1", "tokA", h1, "v1", 2, "\"e1\"", 600,
				&created, &err) == CP_OK && created);
	CHECK(cp_store_feed_put(s, "p", "teacher", "T1", "tokB", h2, "v1", 2, "\"e1\"", 700,
				&created, &err) == CP_OK && !created);
	{
		struct cp_store_feed_body b;
		CHECK(cp_store_feed_lookup(s, h1, &b, &err) == CP_OK && b.modified == 600 &&
		      strcmp(b.body, "v1") == 0 && strcmp(b.etag, "\"e1\"") == 0);
		cp_store_feed_body_finish(&b);
		CHECK(cp_store_feed_lookup(s, h2, &b, &err) == CP_ERR_NOT_FOUND);
	}
	CHECK(cp_store_feed_put(s, "p", "teacher", "T1", "tokC", h2, "v2", 2, "\"e2\"", 800,
				NULL, &err) == CP_OK);
	{
		struct cp_store_feed_body b;
		struct cp_store_feed *f = NULL;
		size_t n = 0;
		CHECK(cp_store_feed_lookup(s, h1, &b, &err) == CP_OK && b.modified == 800 &&
		      strcmp(b.body, "v2") == 0);
		cp_store_feed_body_finish(&b);
		CHECK(cp_store_feed_list(s, "p", &f, &n, &err) == CP_OK && n == 1 &&
		      strcmp(f[0].token, "tokA") == 0 && strcmp(f[0].kind, "teacher") == 0);
		CHECK(n == 0 || cp_store_feed_revoke(s, f[0].id, &err) == CP_OK);
		cp_store_feeds_free(f, n);
		CHECK(cp_store_feed_lookup(s, h1, &b, &err) == CP_ERR_NOT_FOUND);
	}
	CHECK(cp_store_feed_put(s, "p", "bogus", "T1", "t", h1, "", 0, "\"\"", 0, NULL, &err) ==
	      CP_ERR_INVALID);

	/* a rolled-back unit leaves nothing */
	CHECK(cp_store_begin(s, &err) == CP_OK);
	CHECK(cp_store_feed_put(s, "p", "cohort", "C1", "tokD", h2, "x", 1, "\"x\"", 900, NULL,
				&err) == CP_OK);
	CHECK(cp_store_publication_set(s, "p", plan1, 900, &rev, &err) == CP_OK && rev == 3);
	cp_store_rollback(s);
	{
		struct cp_store_publication pub;
		struct cp_store_feed_body b;
		CHECK(cp_store_feed_lookup(s, h2, &b, &err) == CP_ERR_NOT_FOUND);
		CHECK(cp_store_publication_get(s, "p", &pub, &err) == CP_OK && pub.revision == 2);
	}

	/* availability links: one per person, kept on re-issue, looked up by
	 * hash until they expire, withdrawn by id or by subject; rounds */
	{
		uint8_t h3[CP_STORE_HASH_LEN], h4[CP_STORE_HASH_LEN];
		struct cp_store_link l;
		struct cp_store_link *lv = NULL;
		size_t n = 0;
		bool made = false, closed = true;
		memset(h3, 3, sizeof(h3));
		memset(h4, 4, sizeof(h4));
		CHECK(cp_store_link_put(s, "p", "participant", "P1", "linkA", h3, "ar", 2000, 1000,
					&made, &err) == CP_OK && made);
		CHECK(cp_store_link_put(s, "p", "participant", "P1", "linkB", h4, "fr", 9000, 1000,
					&made, &err) == CP_OK && !made);
		CHECK(cp_store_link_put(s, "p", "teacher", "T1", "linkC", h4, "nl", 9000, 1000,
					&made, &err) == CP_OK && made);
		CHECK(cp_store_link_put(s, "p", "cohort", "C1", "x", h1, "en", 1, 1, NULL, &err) ==
		      CP_ERR_INVALID);
		CHECK(cp_store_link_lookup(s, h3, 1999, &l, &err) == CP_OK &&
		      strcmp(l.token, "linkA") == 0 && strcmp(l.lang, "ar") == 0 && l.answered == 0);
		CHECK(cp_store_link_answered(s, l.id, 1500, &err) == CP_OK);
		cp_store_link_finish(&l);
		CHECK(cp_store_link_lookup(s, h3, 2000, &l, &err) == CP_ERR_NOT_FOUND);
		CHECK(cp_store_link_list(s, "p", &lv, &n, &err) == CP_OK && n == 2 &&
		      strcmp(lv[0].kind, "teacher") == 0 && lv[1].answered == 1500);
		CHECK(n < 2 || cp_store_link_revoke(s, "p", lv[0].id, &err) == CP_OK);
		CHECK(n < 2 || cp_store_link_revoke(s, "p", lv[0].id, &err) == CP_ERR_NOT_FOUND);
		cp_store_links_free(lv, n);
		CHECK(cp_store_link_lookup(s, h4, 1000, &l, &err) == CP_ERR_NOT_FOUND);
		CHECK(cp_store_link_revoke_subject(s, "participant", "P1", &n, &err) ==
		      CP_OK && n == 1);
		CHECK(cp_store_round_get(s, "p", &closed, &err) == CP_OK && !closed);
		CHECK(cp_store_round_set(s, "p", true, &err) == CP_OK);
		CHECK(cp_store_round_get(s, "p", &closed, &err) == CP_OK && closed);
	}

	/* booked calls: none, then stored and replaced with a rising revision;
	 * case managers' feeds are a kind of feed (schema 3) */
	{
		struct cp_store_appointments a;
		uint8_t h5[CP_STORE_HASH_LEN];
		struct cp_store_feed_body b;
		memset(h5, 5, sizeof(h5));
		CHECK(cp_store_appointments_get(s, "p", &a, &err) == CP_ERR_NOT_FOUND);
		CHECK(cp_store_appointments_put(s, "p", 2, "{\"b\":1}", 7, 3000, &rev, &err) ==
		      CP_OK && rev == 1);
		CHECK(cp_store_appointments_put(s, "p", 2, "{\"b\":22}", 8, 3100, &rev, &err) ==
		      CP_OK && rev == 2);
		CHECK(cp_store_appointments_get(s, "p", &a, &err) == CP_OK &&
		      strcmp(a.body, "{\"b\":22}") == 0 && a.body_len == 8 && a.revision == 2 &&
		      a.booked == 3100 && a.problem_version == 2);
		cp_store_appointments_finish(&a);
		CHECK(cp_store_appointments_put(s, "nope", 1, "{}", 2, 1, NULL, &err) ==
		      CP_ERR_IO);
		CHECK(cp_store_feed_put(s, "p", "case_manager", "CM1", "tokCM", h5, "X", 1, "e5",
					3000, &created, &err) == CP_OK && created);
		CHECK(cp_store_feed_lookup(s, h5, &b, &err) == CP_OK && b.body_len == 1);
		cp_store_feed_body_finish(&b);
		CHECK(cp_store_feed_put(s, "p", "manager", "CM1", "tokX", h1, "X", 1, "e6", 3000,
					NULL, &err) == CP_ERR_INVALID);
	}

	/* jobs left running by a crash are interrupted at the next start */
	CHECK(cp_store_job_add(s, "p", 2, "solve", 1000, &job, &err) == CP_OK);
	s2 = cp_store_open(path, &err);
	CHECK(s2 != NULL);
	{
		size_t n = 0;
		struct cp_store_job j;
		CHECK(s2 && cp_store_job_interrupt_all(s2, 1100, &n, &err) == CP_OK && n == 1);
		CHECK(cp_store_job_get(s, job, &j, &err) == CP_OK &&
		      strcmp(j.state, "interrupted") == 0 && j.finished == 1100);
		cp_store_job_finish(&j);
	}
	cp_store_destroy(s2);

	/* retention deletes the course with everything of it */
	{
		size_t n = 9;
		int64_t *ids = NULL;
		CHECK(cp_store_expire(s, 19000, &n, &err) == CP_OK && n == 0);
		CHECK(cp_store_expire(s, 19001, &n, &err) == CP_OK && n == 1);
		CHECK(cp_store_plan_ids(s, "p", &ids, &n, &err) == CP_OK && n == 0);
		free(ids);
		{
			struct cp_store_appointments a;
			CHECK(cp_store_appointments_get(s, "p", &a, &err) == CP_ERR_NOT_FOUND);
		}
		CHECK(cp_store_audit(s, 1, "retention", "removed 1", &err) == CP_OK);
		CHECK(cp_store_checkpoint(s, &err) == CP_OK);
	}
	cp_store_destroy(s);
	cp_store_destroy(NULL);
	migration_3(dir);

	snprintf(wal, sizeof(wal), "%s-wal", path);
	snprintf(shm, sizeof(shm), "%s-shm", path);
	unlink(wal);
	unlink(shm);
	unlink(path);
	rmdir(dir);
	if (failures)
		fprintf(stderr, "%d check(s) failed\n", failures);
	return failures ? 1 : 0;
}
