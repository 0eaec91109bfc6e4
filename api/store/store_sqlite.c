/*
 * The SQLite backend of the store: one file, write-ahead log, foreign keys,
 * migrations versioned in this file (PRAGMA user_version counts the ones
 * that have run).
 *
 * Durability: synchronous=FULL, so a transaction that returned from COMMIT
 * survives a crash of the process or the machine. secure_delete=ON, so
 * that deleted rows (an erased person) are overwritten in the file rather
 * than left in free pages; cp_store_checkpoint then empties the log.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common/array.h"
#include "store-backend.h"

/*
 * The migrations, in order. Never edit one that has shipped: add another.
 * Each runs in its own transaction together with the user_version bump.
 */
static const char *const migrations[] = {
	/* 1: the first schema. */
	"CREATE TABLE problems ("
	"  id TEXT PRIMARY KEY,"
	"  version INTEGER NOT NULL,"
	"  body TEXT NOT NULL,"
	"  course_end INTEGER NOT NULL,"   /* days since 1970-01-01, for retention */
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL);"
	"CREATE INDEX problems_course_end ON problems(course_end);"
	"CREATE TABLE plans ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT," /* never reused: URLs stay unambiguous */
	"  problem_id TEXT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,"
	"  problem_version INTEGER NOT NULL,"
	"  body TEXT NOT NULL,"
	"  created INTEGER NOT NULL);"
	"CREATE INDEX plans_problem ON plans(problem_id);"
	"CREATE TABLE publications ("
	"  problem_id TEXT PRIMARY KEY REFERENCES problems(id) ON DELETE CASCADE,"
	"  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,"
	"  revision INTEGER NOT NULL,"
	"  published INTEGER NOT NULL);"
	"CREATE INDEX publications_plan ON publications(plan_id);"
	"CREATE TABLE feeds ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  problem_id TEXT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('teacher', 'cohort', 'participant')),"
	"  subject TEXT NOT NULL,"
	"  token TEXT NOT NULL,"
	"  token_hash BLOB NOT NULL UNIQUE,"  /* requests are looked up by this */
	"  body BLOB NOT NULL,"
	"  etag TEXT NOT NULL,"
	"  modified INTEGER NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  UNIQUE (problem_id, kind, subject));"
	"CREATE TABLE jobs ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  problem_id TEXT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,"
	"  problem_version INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  state TEXT NOT NULL,"
	"  plan_id INTEGER REFERENCES plans(id) ON DELETE SET NULL,"
	"  error TEXT,"
	"  incumbent REAL, bound REAL, gap REAL, elapsed REAL,"
	"  created INTEGER NOT NULL,"
	"  finished INTEGER);"
	"CREATE INDEX jobs_problem ON jobs(problem_id);"
	"CREATE INDEX jobs_plan ON jobs(plan_id);"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  action TEXT NOT NULL,"
	"  detail TEXT NOT NULL);",
	/* 2: availability links of the workspace (docs/workspace.md) and the
	 * open or closed state of each problem's availability round. A
	 * revoked link is deleted, like a revoked feed. */
	"CREATE TABLE links ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  problem_id TEXT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('teacher', 'participant')),"
	"  subject TEXT NOT NULL,"
	"  token TEXT NOT NULL,"
	"  token_hash BLOB NOT NULL UNIQUE,"
	"  lang TEXT NOT NULL,"
	"  expires INTEGER NOT NULL,"
	"  answered INTEGER NOT NULL DEFAULT 0,"
	"  created INTEGER NOT NULL,"
	"  UNIQUE (problem_id, kind, subject));"
	"CREATE TABLE rounds ("
	"  problem_id TEXT PRIMARY KEY REFERENCES problems(id) ON DELETE CASCADE,"
	"  closed INTEGER NOT NULL);",
	/* 3: the booked intake and follow-up calls of a problem (its
	 * appointments.json, docs/appointments.md), kept so that a re-booking
	 * starts from them (same UIDs, higher SEQUENCE), and case managers'
	 * feeds: SQLite cannot change a CHECK, so the feeds table is copied
	 * into one that allows the new kind (nothing references feeds). */
	"CREATE TABLE feeds_v3 ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  problem_id TEXT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('teacher', 'cohort', 'participant',"
	"    'case_manager')),"
	"  subject TEXT NOT NULL,"
	"  token TEXT NOT NULL,"
	"  token_hash BLOB NOT NULL UNIQUE,"
	"  body BLOB NOT NULL,"
	"  etag TEXT NOT NULL,"
	"  modified INTEGER NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  UNIQUE (problem_id, kind, subject));"
	"INSERT INTO feeds_v3 (id, problem_id, kind, subject, token, token_hash, body, etag,"
	"  modified, created) SELECT id, problem_id, kind, subject, token, token_hash, body,"
	"  etag, modified, created FROM feeds;"
	"DROP TABLE feeds;"
	"ALTER TABLE feeds_v3 RENAME TO feeds;"
	"CREATE TABLE appointments ("
	"  problem_id TEXT PRIMARY KEY REFERENCES problems(id) ON DELETE CASCADE,"
	"  problem_version INTEGER NOT NULL,"  /* the problem they were booked from */
	"  body TEXT NOT NULL,"
	"  revision INTEGER NOT NULL,"         /* 1 for the first booking, +1 each re-booking */
	"  booked INTEGER NOT NULL);",
};

#define N_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* Prepared statements, kept for the life of the connection. */
enum stmt {
	S_BEGIN, S_COMMIT, S_ROLLBACK,
	S_SAVEPOINT, S_RELEASE, S_ROLLBACK_TO,
	S_PROBLEM_PUT, S_PROBLEM_SET_BODY, S_PROBLEM_GET, S_PROBLEM_DELETE, S_PROBLEM_IDS,
	S_PLAN_ADD, S_PLAN_GET, S_PLAN_SET_BODY, S_PLAN_IDS,
	S_PUB_GET, S_PUB_SET,
	S_FEED_FIND, S_FEED_UPDATE, S_FEED_INSERT, S_FEED_LOOKUP, S_FEED_LIST,
	S_FEED_REVOKE, S_FEED_REVOKE_SUBJECT,
	S_JOB_ADD, S_JOB_UPDATE, S_JOB_GET, S_JOB_INTERRUPT, S_JOB_SCRUB,
	S_AUDIT, S_EXPIRE,
	S_LINK_PUT, S_LINK_LOOKUP, S_LINK_LIST, S_LINK_REVOKE, S_LINK_ANSWERED,
	S_LINK_REVOKE_SUBJECT, S_ROUND_GET, S_ROUND_SET,
	S_APPT_PUT, S_APPT_GET,
	N_STMT
};

#define LINK_COLS "id, problem_id, kind, subject, token, lang, expires, answered, created"

static const char *const stmt_sql[N_STMT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_SAVEPOINT] = "SAVEPOINT cp_op",
	[S_RELEASE] = "RELEASE cp_op",
	[S_ROLLBACK_TO] = "ROLLBACK TO cp_op",
	[S_PROBLEM_PUT] =
		"INSERT INTO problems (id, version, body, course_end, created, updated)"
		" VALUES (?1, 1, ?2, ?3, ?4, ?4)"
		" ON CONFLICT (id) DO UPDATE SET version = version + 1, body = excluded.body,"
		" course_end = excluded.course_end, updated = excluded.updated"
		" RETURNING version",
	[S_PROBLEM_SET_BODY] = "UPDATE problems SET body = ?2 WHERE id = ?1",
	[S_PROBLEM_GET] =
		"SELECT id, version, body, course_end, created, updated FROM problems WHERE id = ?1",
	[S_PROBLEM_DELETE] = "DELETE FROM problems WHERE id = ?1",
	[S_PROBLEM_IDS] = "SELECT id FROM problems ORDER BY id",
	[S_PLAN_ADD] =
		"INSERT INTO plans (problem_id, problem_version, body, created)"
		" VALUES (?1, ?2, ?3, ?4)",
	[S_PLAN_GET] =
		"SELECT id, problem_id, problem_version, body, created FROM plans WHERE id = ?1",
	[S_PLAN_SET_BODY] = "UPDATE plans SET body = ?2 WHERE id = ?1",
	[S_PLAN_IDS] = "SELECT id FROM plans WHERE problem_id = ?1 ORDER BY id",
	[S_PUB_GET] =
		"SELECT plan_id, revision, published FROM publications WHERE problem_id = ?1",
	[S_PUB_SET] =
		"INSERT INTO publications (problem_id, plan_id, revision, published)"
		" VALUES (?1, ?2, 1, ?3)"
		" ON CONFLICT (problem_id) DO UPDATE SET plan_id = excluded.plan_id,"
		" revision = revision + 1, published = excluded.published"
		" RETURNING revision",
	[S_FEED_FIND] =
		"SELECT id, etag FROM feeds WHERE problem_id = ?1 AND kind = ?2 AND subject = ?3",
	[S_FEED_UPDATE] = "UPDATE feeds SET body = ?2, etag = ?3, modified = ?4 WHERE id = ?1",
	[S_FEED_INSERT] =
		"INSERT INTO feeds (problem_id, kind, subject, token, token_hash, body, etag,"
		" modified, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
	[S_FEED_LOOKUP] = "SELECT body, etag, modified FROM feeds WHERE token_hash = ?1",
	[S_FEED_LIST] =
		"SELECT id, problem_id, kind, subject, token, modified, created FROM feeds"
		" WHERE problem_id = ?1 ORDER BY kind, subject",
	[S_FEED_REVOKE] = "DELETE FROM feeds WHERE id = ?1",
	[S_FEED_REVOKE_SUBJECT] = "DELETE FROM feeds WHERE kind = ?1 AND subject = ?2",
	[S_JOB_ADD] =
		"INSERT INTO jobs (problem_id, problem_version, kind, state, created)"
		" VALUES (?1, ?2, ?3, 'queued', ?4)",
	[S_JOB_UPDATE] =
		"UPDATE jobs SET state = ?2, plan_id = ?3, error = ?4, incumbent = ?5,"
		" bound = ?6, gap = ?7, elapsed = ?8, finished = ?9 WHERE id = ?1",
	[S_JOB_GET] =
		"SELECT id, problem_id, problem_version, kind, state, plan_id, error, incumbent,"
		" bound, gap, elapsed, created, finished FROM jobs WHERE id = ?1",
	[S_JOB_INTERRUPT] =
		"UPDATE jobs SET state = 'interrupted', finished = ?1"
		" WHERE state IN ('queued', 'running')",
	[S_JOB_SCRUB] = "UPDATE jobs SET error = NULL WHERE instr(error, ?1) > 0",
	[S_AUDIT] = "INSERT INTO audit (at, action, detail) VALUES (?1, ?2, ?3)",
	[S_EXPIRE] = "DELETE FROM problems WHERE course_end < ?1",
	/* An existing link keeps its token: issuing again only adds links
	 * for people who have none. */
	[S_LINK_PUT] =
		"INSERT INTO links (problem_id, kind, subject, token, token_hash, lang, expires,"
		" created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
		" ON CONFLICT (problem_id, kind, subject) DO NOTHING",
	[S_LINK_LOOKUP] =
		"SELECT " LINK_COLS " FROM links WHERE token_hash = ?1 AND expires > ?2",
	[S_LINK_LIST] =
		"SELECT " LINK_COLS " FROM links WHERE problem_id = ?1 ORDER BY kind DESC, subject",
	[S_LINK_REVOKE] = "DELETE FROM links WHERE id = ?1 AND problem_id = ?2",
	[S_LINK_ANSWERED] = "UPDATE links SET answered = ?2 WHERE id = ?1",
	[S_LINK_REVOKE_SUBJECT] = "DELETE FROM links WHERE kind = ?1 AND subject = ?2",
	[S_ROUND_GET] = "SELECT closed FROM rounds WHERE problem_id = ?1",
	[S_ROUND_SET] =
		"INSERT INTO rounds (problem_id, closed) VALUES (?1, ?2)"
		" ON CONFLICT (problem_id) DO UPDATE SET closed = excluded.closed",
	[S_APPT_PUT] =
		"INSERT INTO appointments (problem_id, problem_version, body, revision, booked)"
		" VALUES (?1, ?2, ?3, 1, ?4)"
		" ON CONFLICT (problem_id) DO UPDATE SET problem_version = excluded.problem_version,"
		" body = excluded.body, revision = revision + 1, booked = excluded.booked"
		" RETURNING revision",
	[S_APPT_GET] =
		"SELECT problem_id, problem_version, body, revision, booked FROM appointments"
		" WHERE problem_id = ?1",
};

struct sq_store {
	struct cp_store base;
	sqlite3 *db;
	int version;
	sqlite3_stmt *stmt[N_STMT];
	/* The status of the last failure db_fail reported: what a caller
	 * without an error struct gets (out of memory stays itself). */
	enum cp_status failed;
};

static struct sq_store *
sq(struct cp_store *s)
{
	return (struct sq_store *)s;
}

static enum cp_status
status_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return CP_OK;
	case SQLITE_NOMEM:
		return CP_ERR_NOMEM;
	case SQLITE_IOERR:
		/* SQLite's VFS ran out of memory: not a disk fault */
		return rc == SQLITE_IOERR_NOMEM ? CP_ERR_NOMEM : CP_ERR_IO;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return CP_ERR_BUSY;
	default:
		return CP_ERR_IO;
	}
}

static enum cp_status
db_fail(struct sq_store *q, int rc, struct cp_error *err, const char *what)
{
	q->failed = status_of(rc);
	return cp_error_set(err, q->failed, "%s: %s", what,
			    q->db ? sqlite3_errmsg(q->db) : sqlite3_errstr(rc));
}

/* The statement, reset and with its bindings cleared; NULL on error. */
static sqlite3_stmt *
get(struct sq_store *q, enum stmt id, struct cp_error *err)
{
	sqlite3_stmt *st = q->stmt[id];

	if (!st) {
		int rc = sqlite3_prepare_v3(q->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
					    &st, NULL);
		if (rc != SQLITE_OK) {
			db_fail(q, rc, err, "preparing a statement");
			return NULL;
		}
		q->stmt[id] = st;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

/* Step a statement that returns no rows (or whose rows are ignored) and
 * reset it, so that no read transaction stays open. */
static enum cp_status
run(struct sq_store *q, sqlite3_stmt *st, struct cp_error *err, const char *what)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(q, rc, err, what);
	return CP_OK;
}

/* Step a statement that answers one row of one integer (an upsert's
 * RETURNING): *out gets it when not NULL. Resets the statement. */
static enum cp_status
run_returning(struct sq_store *q, sqlite3_stmt *st, int64_t *out, struct cp_error *err,
	      const char *what)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		if (out)
			*out = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(q, rc, err, what);
	return CP_OK;
}

/* Step the statement of a get to its one row: CP_OK with the row
 * ready to read, CP_ERR_NOT_FOUND with message missing when there is
 * none, else the database's error while doing what. The caller reads the
 * row, then resets the statement. */
static enum cp_status
step_row(struct sq_store *q, sqlite3_stmt *st, struct cp_error *err, const char *missing,
	 const char *what)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return CP_OK;
	if (rc == SQLITE_DONE)
		return cp_error_set(err, CP_ERR_NOT_FOUND, "%s", missing);
	return db_fail(q, rc, err, what);
}

/* Step st (prepared and bound) to its one row and read it into out with
 * fn, which returns false when out of memory (having released what it
 * read). CP_ERR_NOT_FOUND with message missing when there is no row,
 * else the database's error while doing what. Resets st. */
static enum cp_status
read_row(struct sq_store *q, sqlite3_stmt *st, bool (*fn)(sqlite3_stmt *st, void *out),
	 void *out, struct cp_error *err, const char *missing, const char *what)
{
	enum cp_status r = step_row(q, st, err, missing, what);

	if (r == CP_OK && !fn(st, out))
		r = cp_error_set(err, CP_ERR_NOMEM, "out of memory");
	sqlite3_reset(st);
	return r;
}

/* Every row of st (prepared and bound), read by fn into a zeroed element of
 * a new array of size-byte elements; fn returns false when out of memory.
 * On success *out gets the array and *n its length; on failure the array
 * goes to free_fn with the number of elements fn was called on (freeing
 * the one that failed too). Resets st. */
static enum cp_status
read_rows(struct sq_store *q, sqlite3_stmt *st, size_t size,
	  bool (*fn)(sqlite3_stmt *st, void *elem), void (*free_fn)(void *v, size_t n),
	  void **out, size_t *n, struct cp_error *err, const char *what)
{
	char *v = NULL;
	size_t cap = 0, k = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *elem, *nv = cp_array_grow(v, k, &cap, size, 16);

		if (!nv)
			goto nomem;
		v = nv;
		elem = v + k++ * size;
		memset(elem, 0, size);
		if (!fn(st, elem))
			goto nomem;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free_fn(v, k);
		return db_fail(q, rc, err, what);
	}
	*out = v;
	*n = k;
	return CP_OK;
nomem:
	sqlite3_reset(st);
	free_fn(v, k);
	return cp_error_set(err, CP_ERR_NOMEM, "out of memory");
}

static char *
col_str(sqlite3_stmt *st, int i, size_t *len)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	size_t n = (size_t)sqlite3_column_bytes(st, i);
	char *s;

	if (!t) {
		if (len)
			*len = 0;
		return NULL;
	}
	s = malloc(n + 1);
	if (!s)
		return NULL;
	memcpy(s, t, n);
	s[n] = '\0';
	if (len)
		*len = n;
	return s;
}

static char *
col_blob(sqlite3_stmt *st, int i, size_t *len)
{
	const void *b = sqlite3_column_blob(st, i);
	size_t n = (size_t)sqlite3_column_bytes(st, i);
	char *s = malloc(n + 1);

	if (!s)
		return NULL;
	if (n)
		memcpy(s, b, n);
	s[n] = '\0';
	*len = n;
	return s;
}

static int
bind_text(sqlite3_stmt *st, int i, const char *s, size_t len)
{
	if (len > INT_MAX)
		return SQLITE_TOOBIG;
	return sqlite3_bind_text(st, i, s, (int)len, SQLITE_STATIC);
}

static int
bind_str(sqlite3_stmt *st, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, i);
	return bind_text(st, i, s, strlen(s));
}

/* ---- open, migrate, close --------------------------------------------- */

static void sq_destroy(struct cp_store *s);

static enum cp_status
exec(struct sq_store *q, const char *sql, struct cp_error *err, const char *what)
{
	int rc = sqlite3_exec(q->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return db_fail(q, rc, err, what);
	return CP_OK;
}

static int
user_version(struct sq_store *q)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(q->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static enum cp_status
migrate(struct sq_store *q, struct cp_error *err)
{
	enum cp_status rc;
	char sql[64];

	for (;;) {
		int v = user_version(q);

		if (v < 0)
			return db_fail(q, sqlite3_errcode(q->db), err, "reading the schema version");
		if (v > N_MIGRATIONS)
			return cp_error_set(err, CP_ERR_UNSUPPORTED,
					    "the database has schema version %d; this cohortplan "
					    "knows up to %d", v, N_MIGRATIONS);
		if (v == N_MIGRATIONS) {
			q->version = v;
			return CP_OK;
		}
		/* Re-read the version inside the write lock: another process
		 * may have migrated in between. */
		rc = exec(q, "BEGIN IMMEDIATE", err, "starting a migration");
		if (rc)
			return rc;
		if (user_version(q) != v) {
			exec(q, "ROLLBACK", NULL, "");
			continue;
		}
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		rc = exec(q, migrations[v], err, "migrating the schema");
		if (!rc)
			rc = exec(q, sql, err, "migrating the schema");
		if (!rc)
			rc = exec(q, "COMMIT", err, "migrating the schema");
		if (rc) {
			exec(q, "ROLLBACK", NULL, "");
			return rc;
		}
	}
}

static const struct cp_store_backend sqlite_backend;

struct cp_store *
cp_store_sqlite_open(const char *path, struct cp_error *err)
{
	struct sq_store *q;
	int fd, rc;

	/* Create the file ourselves so that it is private from the first
	 * byte; SQLite gives the -wal and -shm files the same mode. */
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		cp_error_set(err, CP_ERR_IO, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	close(fd);

	q = calloc(1, sizeof(*q));
	if (!q) {
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
		return NULL;
	}
	q->base.b = &sqlite_backend;
	rc = sqlite3_open_v2(path, &q->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
			     NULL);
	if (rc != SQLITE_OK) {
		db_fail(q, rc, err, "opening the database");
		sq_destroy(&q->base);
		return NULL;
	}
	sqlite3_busy_timeout(q->db, 10000);
	/* journal_mode answers with a row; the others are silent. */
	if (exec(q, "PRAGMA journal_mode = WAL", err, "switching to WAL") ||
	    exec(q, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
		    " PRAGMA secure_delete = ON; PRAGMA trusted_schema = OFF",
		 err, "setting up the connection") ||
	    migrate(q, err)) {
		sq_destroy(&q->base);
		return NULL;
	}
	return &q->base;
}

static void
sq_destroy(struct cp_store *s)
{
	struct sq_store *q = sq(s);

	for (int i = 0; i < N_STMT; i++)
		sqlite3_finalize(q->stmt[i]);
	sqlite3_close(q->db);
	free(q);
}

int
cp_store_sqlite_schema_latest(void)
{
	return N_MIGRATIONS;
}

static int
sq_schema_version(const struct cp_store *s)
{
	return ((const struct sq_store *)s)->version;
}

/* ---- transactions ----------------------------------------------------- */

static enum cp_status
simple(struct sq_store *q, enum stmt id, struct cp_error *err, const char *what)
{
	sqlite3_stmt *st = get(q, id, err);

	if (!st)
		return q->failed;
	return run(q, st, err, what);
}

static void sq_rollback(struct cp_store *s);

static enum cp_status
sq_begin(struct cp_store *s, struct cp_error *err)
{
	return simple(sq(s), S_BEGIN, err, "starting a transaction");
}

static enum cp_status
sq_commit(struct cp_store *s, struct cp_error *err)
{
	enum cp_status rc = simple(sq(s), S_COMMIT, err, "committing");

	if (rc)
		sq_rollback(s);
	return rc;
}

static void
sq_rollback(struct cp_store *s)
{
	if (!sqlite3_get_autocommit(sq(s)->db))
		simple(sq(s), S_ROLLBACK, NULL, "rolling back");
}

/* A multi-statement operation: atomic on its own, and nested inside the
 * caller's transaction when there is one. */
static enum cp_status
op_begin(struct sq_store *q, struct cp_error *err)
{
	return simple(q, S_SAVEPOINT, err, "starting an operation");
}

static enum cp_status
op_end(struct sq_store *q, enum cp_status rc, struct cp_error *err)
{
	if (rc == CP_OK || rc == CP_ERR_NOT_FOUND) {
		enum cp_status r2 = simple(q, S_RELEASE, err, "ending an operation");
		return r2 ? r2 : rc;
	}
	simple(q, S_ROLLBACK_TO, NULL, "");
	simple(q, S_RELEASE, NULL, "");
	return rc;
}

/* ---- problems ----------------------------------------------------------- */

static enum cp_status
sq_problem_put(struct cp_store *s, const char *id, const char *body, size_t len,
	       int64_t course_end, int64_t now, int64_t *version, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_PROBLEM_PUT, err);

	if (!st)
		return q->failed;
	bind_str(st, 1, id);
	bind_text(st, 2, body, len);
	sqlite3_bind_int64(st, 3, course_end);
	sqlite3_bind_int64(st, 4, now);
	return run_returning(q, st, version, err, "storing a problem");
}

static enum cp_status
changed(struct sq_store *q, enum cp_status rc, struct cp_error *err,
	const char *what)
{
	if (rc)
		return rc;
	if (sqlite3_changes(q->db) == 0)
		return cp_error_set(err, CP_ERR_NOT_FOUND, "no such %s", what);
	return CP_OK;
}

static enum cp_status
sq_problem_set_body(struct cp_store *s, const char *id, const char *body, size_t len,
		    struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_PROBLEM_SET_BODY, err);

	if (!st)
		return q->failed;
	bind_str(st, 1, id);
	bind_text(st, 2, body, len);
	return changed(q, run(q, st, err, "updating a problem"), err, "problem");
}

static bool
problem_row(sqlite3_stmt *st, void *p)
{
	struct cp_store_problem *out = p;

	out->id = col_str(st, 0, NULL);
	out->version = sqlite3_column_int64(st, 1);
	out->body = col_str(st, 2, &out->body_len);
	out->course_end = sqlite3_column_int64(st, 3);
	out->created = sqlite3_column_int64(st, 4);
	out->updated = sqlite3_column_int64(st, 5);
	if (!out->id || !out->body) {
		cp_store_problem_finish(out);
		return false;
	}
	return true;
}

static enum cp_status
sq_problem_get(struct cp_store *s, const char *id, struct cp_store_problem *out,
	       struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_PROBLEM_GET, err);

	if (!st)
		return q->failed;
	bind_str(st, 1, id);
	return read_row(q, st, problem_row, out, err, "no such problem", "reading a problem");
}

static enum cp_status
sq_problem_delete(struct cp_store *s, const char *id, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_PROBLEM_DELETE, err);

	if (!st)
		return q->failed;
	bind_str(st, 1, id);
	return changed(q, run(q, st, err, "deleting a problem"), err, "problem");
}

static bool
id_row(sqlite3_stmt *st, void *elem)
{
	char **id = elem;

	return (*id = col_str(st, 0, NULL)) != NULL;
}

static void
free_strv(void *v, size_t n)
{
	cp_store_strv_free(v, n);
}

static enum cp_status
sq_problem_ids(struct cp_store *s, char ***ids, size_t *n, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_PROBLEM_IDS, err);
	void *v = NULL; /* read_rows sets it on success; -O3 cannot see that */
	enum cp_status rc;

	if (!st)
		return q->failed;
	rc = read_rows(q, st, sizeof(**ids), id_row, free_strv, &v, n, err, "listing problems");
	if (!rc)
		*ids = v;
	return rc;
}

/* ---- plans ------------------------------------------------------------- */

static enum cp_status
sq_plan_add(struct cp_store *s, const char *problem_id, int64_t problem_version,
	    const char *body, size_t len, int64_t now, int64_t *plan_id,
	    struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_PLAN_ADD, err);
	enum cp_status rc;

	if (!st)
		return q->failed;
	bind_str(st, 1, problem_id);
	sqlite3_bind_int64(st, 2, problem_version);
	bind_text(st, 3, body, len);
	sqlite3_bind_int64(st, 4, now);
	rc = run(q, st, err, "storing a plan");
	if (!rc && plan_id)
		*plan_id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

static bool
plan_row(sqlite3_stmt *st, void *p)
{
	struct cp_store_plan *out = p;

	out->id = sqlite3_column_int64(st, 0);
	out->problem_id = col_str(st, 1, NULL);
	out->problem_version = sqlite3_column_int64(st, 2);
	out->body = col_str(st, 3, &out->body_len);
	out->created = sqlite3_column_int64(st, 4);
	if (!out->problem_id || !out->body) {
		cp_store_plan_finish(out);
		return false;
	}
	return true;
}

static enum cp_status
sq_plan_get(struct cp_store *s, int64_t plan_id, struct cp_store_plan *out,
	    struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_PLAN_GET, err);

	if (!st)
		return q->failed;
	sqlite3_bind_int64(st, 1, plan_id);
	return read_row(q, st, plan_row, out, err, "no such plan", "reading a plan");
}

static enum cp_status
sq_plan_set_body(struct cp_store *s, int64_t plan_id, const char *body, size_t len,
		 struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_PLAN_SET_BODY, err);

	if (!st)
		return q->failed;
	sqlite3_bind_int64(st, 1, plan_id);
	bind_text(st, 2, body, len);
	return changed(q, run(q, st, err, "updating a plan"), err, "plan");
}

static bool
int64_row(sqlite3_stmt *st, void *elem)
{
	*(int64_t *)elem = sqlite3_column_int64(st, 0);
	return true;
}

static void
free_array(void *v, size_t n)
{
	(void)n;
	free(v);
}

static enum cp_status
sq_plan_ids(struct cp_store *s, const char *problem_id, int64_t **ids, size_t *n,
	    struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_PLAN_IDS, err);
	void *v = NULL; /* read_rows sets it on success; -O3 cannot see that */
	enum cp_status rc;

	if (!st)
		return q->failed;
	bind_str(st, 1, problem_id);
	rc = read_rows(q, st, sizeof(**ids), int64_row, free_array, &v, n, err, "listing plans");
	if (!rc)
		*ids = v;
	return rc;
}

/* ---- publication -------------------------------------------------------- */

static bool
publication_row(sqlite3_stmt *st, void *p)
{
	struct cp_store_publication *out = p;

	out->plan_id = sqlite3_column_int64(st, 0);
	out->revision = sqlite3_column_int64(st, 1);
	out->published = sqlite3_column_int64(st, 2);
	return true;
}

static enum cp_status
sq_publication_get(struct cp_store *s, const char *problem_id,
		   struct cp_store_publication *out, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_PUB_GET, err);

	if (!st)
		return q->failed;
	bind_str(st, 1, problem_id);
	return read_row(q, st, publication_row, out, err, "not published",
			"reading the publication");
}

static enum cp_status
sq_publication_set(struct cp_store *s, const char *problem_id, int64_t plan_id, int64_t now,
		   int64_t *revision, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_PUB_SET, err);

	if (!st)
		return q->failed;
	bind_str(st, 1, problem_id);
	sqlite3_bind_int64(st, 2, plan_id);
	sqlite3_bind_int64(st, 3, now);
	return run_returning(q, st, revision, err, "publishing");
}

/* ---- feeds -------------------------------------------------------------- */

static enum cp_status
feed_put(struct sq_store *q, const char *problem_id, const char *kind, const char *subject,
	 const char *token, const uint8_t hash[CP_STORE_HASH_LEN], const char *body,
	 size_t len, const char *etag, int64_t now, bool *created, struct cp_error *err)
{
	sqlite3_stmt *st = get(q, S_FEED_FIND, err);
	int64_t id = 0;
	bool same = false;
	int rc;

	if (!st)
		return q->failed;
	bind_str(st, 1, problem_id);
	bind_str(st, 2, kind);
	bind_str(st, 3, subject);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *old = (const char *)sqlite3_column_text(st, 1);
		id = sqlite3_column_int64(st, 0);
		same = old && strcmp(old, etag) == 0;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(q, rc, err, "finding a feed");
	if (created)
		*created = id == 0;
	if (id && same)
		return CP_OK;
	if (id) {
		if (!(st = get(q, S_FEED_UPDATE, err)))
			return q->failed;
		sqlite3_bind_int64(st, 1, id);
		if (len > INT_MAX)
			return cp_error_set(err, CP_ERR_INVALID, "feed body too large");
		sqlite3_bind_blob(st, 2, body, (int)len, SQLITE_STATIC);
		bind_str(st, 3, etag);
		sqlite3_bind_int64(st, 4, now);
		return run(q, st, err, "updating a feed");
	}
	if (!(st = get(q, S_FEED_INSERT, err)))
		return q->failed;
	if (len > INT_MAX)
		return cp_error_set(err, CP_ERR_INVALID, "feed body too large");
	bind_str(st, 1, problem_id);
	bind_str(st, 2, kind);
	bind_str(st, 3, subject);
	bind_str(st, 4, token);
	sqlite3_bind_blob(st, 5, hash, CP_STORE_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 6, body, (int)len, SQLITE_STATIC);
	bind_str(st, 7, etag);
	sqlite3_bind_int64(st, 8, now);
	return run(q, st, err, "creating a feed");
}

static enum cp_status
sq_feed_put(struct cp_store *s, const char *problem_id, const char *kind, const char *subject,
	    const char *token, const uint8_t hash[CP_STORE_HASH_LEN], const char *body,
	    size_t len, const char *etag, int64_t now, bool *created,
	    struct cp_error *err)
{
	struct sq_store *q = sq(s);
	enum cp_status rc = op_begin(q, err);

	if (rc)
		return rc;
	rc = feed_put(q, problem_id, kind, subject, token, hash, body, len, etag, now,
		      created, err);
	return op_end(q, rc, err);
}

static bool
feed_body_row(sqlite3_stmt *st, void *p)
{
	struct cp_store_feed_body *out = p;

	out->body = col_blob(st, 0, &out->body_len);
	out->etag = col_str(st, 1, NULL);
	out->modified = sqlite3_column_int64(st, 2);
	if (!out->body || !out->etag) {
		cp_store_feed_body_finish(out);
		return false;
	}
	return true;
}

static enum cp_status
sq_feed_lookup(struct cp_store *s, const uint8_t hash[CP_STORE_HASH_LEN],
	       struct cp_store_feed_body *out, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_FEED_LOOKUP, err);

	if (!st)
		return q->failed;
	sqlite3_bind_blob(st, 1, hash, CP_STORE_HASH_LEN, SQLITE_STATIC);
	return read_row(q, st, feed_body_row, out, err, "no such feed", "reading a feed");
}

static bool
feed_row(sqlite3_stmt *st, void *elem)
{
	struct cp_store_feed *f = elem;

	f->id = sqlite3_column_int64(st, 0);
	f->problem_id = col_str(st, 1, NULL);
	f->kind = col_str(st, 2, NULL);
	f->subject = col_str(st, 3, NULL);
	f->token = col_str(st, 4, NULL);
	f->modified = sqlite3_column_int64(st, 5);
	f->created = sqlite3_column_int64(st, 6);
	return f->problem_id && f->kind && f->subject && f->token;
}

static void
free_feeds(void *v, size_t n)
{
	cp_store_feeds_free(v, n);
}

static enum cp_status
sq_feed_list(struct cp_store *s, const char *problem_id, struct cp_store_feed **out,
	     size_t *n, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_FEED_LIST, err);
	void *v = NULL; /* read_rows sets it on success; -O3 cannot see that */
	enum cp_status rc;

	if (!st)
		return q->failed;
	bind_str(st, 1, problem_id);
	rc = read_rows(q, st, sizeof(**out), feed_row, free_feeds, &v, n, err, "listing feeds");
	if (!rc)
		*out = v;
	return rc;
}

static enum cp_status
sq_feed_revoke(struct cp_store *s, int64_t feed_id, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_FEED_REVOKE, err);

	if (!st)
		return q->failed;
	sqlite3_bind_int64(st, 1, feed_id);
	return changed(q, run(q, st, err, "revoking a feed"), err, "feed");
}

static enum cp_status
sq_feed_revoke_subject(struct cp_store *s, const char *kind, const char *subject, size_t *n,
		       struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_FEED_REVOKE_SUBJECT, err);
	enum cp_status rc;

	if (!st)
		return q->failed;
	bind_str(st, 1, kind);
	bind_str(st, 2, subject);
	rc = run(q, st, err, "revoking feeds");
	if (!rc && n)
		*n = (size_t)sqlite3_changes(q->db);
	return rc;
}

/* ---- jobs ------------------------------------------------------------------ */

static enum cp_status
sq_job_add(struct cp_store *s, const char *problem_id, int64_t problem_version,
	   const char *kind, int64_t now, int64_t *job_id, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_JOB_ADD, err);
	enum cp_status rc;

	if (!st)
		return q->failed;
	bind_str(st, 1, problem_id);
	sqlite3_bind_int64(st, 2, problem_version);
	bind_str(st, 3, kind);
	sqlite3_bind_int64(st, 4, now);
	rc = run(q, st, err, "storing a job");
	if (!rc && job_id)
		*job_id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

static void
bind_opt_real(sqlite3_stmt *st, int i, double v)
{
	/* NaN and infinities (no bound yet) are stored as NULL. */
	if (isfinite(v))
		sqlite3_bind_double(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static enum cp_status
sq_job_update(struct cp_store *s, const struct cp_store_job *j, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_JOB_UPDATE, err);

	if (!st)
		return q->failed;
	sqlite3_bind_int64(st, 1, j->id);
	bind_str(st, 2, j->state);
	if (j->plan_id)
		sqlite3_bind_int64(st, 3, j->plan_id);
	bind_str(st, 4, j->error);
	bind_opt_real(st, 5, j->incumbent);
	bind_opt_real(st, 6, j->bound);
	bind_opt_real(st, 7, j->gap);
	bind_opt_real(st, 8, j->elapsed);
	if (j->finished)
		sqlite3_bind_int64(st, 9, j->finished);
	return changed(q, run(q, st, err, "updating a job"), err, "job");
}

static double
col_real(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NAN;
	return sqlite3_column_double(st, i);
}

static bool
job_row(sqlite3_stmt *st, void *p)
{
	struct cp_store_job *out = p;

	out->id = sqlite3_column_int64(st, 0);
	out->problem_id = col_str(st, 1, NULL);
	out->problem_version = sqlite3_column_int64(st, 2);
	out->kind = col_str(st, 3, NULL);
	out->state = col_str(st, 4, NULL);
	out->plan_id = sqlite3_column_int64(st, 5);
	out->error = col_str(st, 6, NULL);
	out->incumbent = col_real(st, 7);
	out->bound = col_real(st, 8);
	out->gap = col_real(st, 9);
	out->elapsed = col_real(st, 10);
	out->created = sqlite3_column_int64(st, 11);
	out->finished = sqlite3_column_int64(st, 12);
	if (!out->problem_id || !out->kind || !out->state) {
		cp_store_job_finish(out);
		return false;
	}
	return true;
}

static enum cp_status
sq_job_get(struct cp_store *s, int64_t job_id, struct cp_store_job *out,
	   struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_JOB_GET, err);

	if (!st)
		return q->failed;
	sqlite3_bind_int64(st, 1, job_id);
	return read_row(q, st, job_row, out, err, "no such job", "reading a job");
}

static enum cp_status
sq_job_interrupt_all(struct cp_store *s, int64_t now, size_t *n, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_JOB_INTERRUPT, err);
	enum cp_status rc;

	if (!st)
		return q->failed;
	sqlite3_bind_int64(st, 1, now);
	rc = run(q, st, err, "closing old jobs");
	if (!rc && n)
		*n = (size_t)sqlite3_changes(q->db);
	return rc;
}

static enum cp_status
sq_job_scrub(struct cp_store *s, const char *needle, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_JOB_SCRUB, err);

	if (!st)
		return q->failed;
	bind_str(st, 1, needle);
	return run(q, st, err, "scrubbing job errors");
}

/* ---- audit and maintenance ------------------------------------------------ */

static enum cp_status
sq_audit(struct cp_store *s, int64_t now, const char *action, const char *detail,
	 struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_AUDIT, err);

	if (!st)
		return q->failed;
	sqlite3_bind_int64(st, 1, now);
	bind_str(st, 2, action);
	bind_str(st, 3, detail);
	return run(q, st, err, "writing the audit trail");
}

static enum cp_status
sq_expire(struct cp_store *s, int64_t before_day, size_t *n, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_EXPIRE, err);
	enum cp_status rc;

	if (!st)
		return q->failed;
	sqlite3_bind_int64(st, 1, before_day);
	rc = run(q, st, err, "removing finished courses");
	if (n)
		*n = rc ? 0 : (size_t)sqlite3_changes(q->db);
	return rc;
}

static enum cp_status
sq_checkpoint(struct cp_store *s, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	int rc = sqlite3_wal_checkpoint_v2(q->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);

	if (rc != SQLITE_OK)
		return db_fail(q, rc, err, "checkpointing the log");
	return CP_OK;
}

/* ---- availability links and rounds ------------------------------------------ */

static bool
link_row(sqlite3_stmt *st, void *elem)
{
	struct cp_store_link *l = elem;

	l->id = sqlite3_column_int64(st, 0);
	l->problem_id = col_str(st, 1, NULL);
	l->kind = col_str(st, 2, NULL);
	l->subject = col_str(st, 3, NULL);
	l->token = col_str(st, 4, NULL);
	l->lang = col_str(st, 5, NULL);
	l->expires = sqlite3_column_int64(st, 6);
	l->answered = sqlite3_column_int64(st, 7);
	l->created = sqlite3_column_int64(st, 8);
	if (!l->problem_id || !l->kind || !l->subject || !l->token || !l->lang) {
		cp_store_link_finish(l);
		return false;
	}
	return true;
}

static void
free_links(void *v, size_t n)
{
	cp_store_links_free(v, n);
}

static enum cp_status
sq_link_put(struct cp_store *s, const char *problem_id, const char *kind, const char *subject,
	    const char *token, const uint8_t hash[CP_STORE_HASH_LEN], const char *lang,
	    int64_t expires, int64_t now, bool *created, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_LINK_PUT, err);
	enum cp_status rc;

	if (!st)
		return q->failed;
	bind_str(st, 1, problem_id);
	bind_str(st, 2, kind);
	bind_str(st, 3, subject);
	bind_str(st, 4, token);
	sqlite3_bind_blob(st, 5, hash, CP_STORE_HASH_LEN, SQLITE_STATIC);
	bind_str(st, 6, lang);
	sqlite3_bind_int64(st, 7, expires);
	sqlite3_bind_int64(st, 8, now);
	rc = run(q, st, err, "creating a link");
	if (!rc && created)
		*created = sqlite3_changes(q->db) > 0;
	return rc;
}

static enum cp_status
sq_link_lookup(struct cp_store *s, const uint8_t hash[CP_STORE_HASH_LEN], int64_t now,
	       struct cp_store_link *out, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_LINK_LOOKUP, err);

	if (!st)
		return q->failed;
	sqlite3_bind_blob(st, 1, hash, CP_STORE_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	return read_row(q, st, link_row, out, err, "no such link", "reading a link");
}

static enum cp_status
sq_link_list(struct cp_store *s, const char *problem_id, struct cp_store_link **out,
	     size_t *n, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_LINK_LIST, err);
	void *v = NULL;
	enum cp_status rc;

	if (!st)
		return q->failed;
	bind_str(st, 1, problem_id);
	rc = read_rows(q, st, sizeof(**out), link_row, free_links, &v, n, err, "listing links");
	if (!rc)
		*out = v;
	return rc;
}

static enum cp_status
sq_link_revoke(struct cp_store *s, const char *problem_id, int64_t link_id,
	       struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_LINK_REVOKE, err);

	if (!st)
		return q->failed;
	sqlite3_bind_int64(st, 1, link_id);
	bind_str(st, 2, problem_id);
	return changed(q, run(q, st, err, "revoking a link"), err, "link");
}

static enum cp_status
sq_link_answered(struct cp_store *s, int64_t link_id, int64_t now, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_LINK_ANSWERED, err);

	if (!st)
		return q->failed;
	sqlite3_bind_int64(st, 1, link_id);
	sqlite3_bind_int64(st, 2, now);
	return changed(q, run(q, st, err, "recording an answer"), err, "link");
}

static enum cp_status
sq_link_revoke_subject(struct cp_store *s, const char *kind, const char *subject, size_t *n,
		       struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_LINK_REVOKE_SUBJECT, err);
	enum cp_status rc;

	if (!st)
		return q->failed;
	bind_str(st, 1, kind);
	bind_str(st, 2, subject);
	rc = run(q, st, err, "revoking links");
	if (!rc && n)
		*n = (size_t)sqlite3_changes(q->db);
	return rc;
}

static enum cp_status
sq_round_get(struct cp_store *s, const char *problem_id, bool *closed,
	     struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_ROUND_GET, err);
	int rc;

	if (!st)
		return q->failed;
	bind_str(st, 1, problem_id);
	rc = sqlite3_step(st);
	*closed = rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(q, rc, err, "reading a round");
	return CP_OK;
}

static enum cp_status
sq_round_set(struct cp_store *s, const char *problem_id, bool closed,
	     struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_ROUND_SET, err);

	if (!st)
		return q->failed;
	bind_str(st, 1, problem_id);
	sqlite3_bind_int(st, 2, closed ? 1 : 0);
	return run(q, st, err, "closing a round");
}

static enum cp_status
sq_appointments_put(struct cp_store *s, const char *problem_id, int64_t problem_version,
		    const char *body, size_t len, int64_t now, int64_t *revision,
		    struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_APPT_PUT, err);

	if (!st)
		return err ? err->status : CP_ERR_IO;
	bind_str(st, 1, problem_id);
	sqlite3_bind_int64(st, 2, problem_version);
	bind_text(st, 3, body, len);
	sqlite3_bind_int64(st, 4, now);
	return run_returning(q, st, revision, err, "storing appointments");
}

static bool
appointments_row(sqlite3_stmt *st, void *p)
{
	struct cp_store_appointments *out = p;

	out->problem_id = col_str(st, 0, NULL);
	out->problem_version = sqlite3_column_int64(st, 1);
	out->body = col_str(st, 2, &out->body_len);
	out->revision = sqlite3_column_int64(st, 3);
	out->booked = sqlite3_column_int64(st, 4);
	if (!out->problem_id || !out->body) {
		cp_store_appointments_finish(out);
		return false;
	}
	return true;
}

static enum cp_status
sq_appointments_get(struct cp_store *s, const char *problem_id,
		    struct cp_store_appointments *out, struct cp_error *err)
{
	struct sq_store *q = sq(s);
	sqlite3_stmt *st = get(q, S_APPT_GET, err);

	if (!st)
		return err ? err->status : CP_ERR_IO;
	bind_str(st, 1, problem_id);
	return read_row(q, st, appointments_row, out, err, "no appointments",
			"reading appointments");
}

static const struct cp_store_backend sqlite_backend = {
	.name = "sqlite",
	.destroy = sq_destroy,
	.schema_version = sq_schema_version,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.problem_put = sq_problem_put,
	.problem_set_body = sq_problem_set_body,
	.problem_get = sq_problem_get,
	.problem_delete = sq_problem_delete,
	.problem_ids = sq_problem_ids,
	.plan_add = sq_plan_add,
	.plan_get = sq_plan_get,
	.plan_set_body = sq_plan_set_body,
	.plan_ids = sq_plan_ids,
	.publication_get = sq_publication_get,
	.publication_set = sq_publication_set,
	.feed_put = sq_feed_put,
	.feed_lookup = sq_feed_lookup,
	.feed_list = sq_feed_list,
	.feed_revoke = sq_feed_revoke,
	.feed_revoke_subject = sq_feed_revoke_subject,
	.job_add = sq_job_add,
	.job_update = sq_job_update,
	.job_get = sq_job_get,
	.job_interrupt_all = sq_job_interrupt_all,
	.job_scrub = sq_job_scrub,
	.audit = sq_audit,
	.expire = sq_expire,
	.checkpoint = sq_checkpoint,
	.link_put = sq_link_put,
	.link_lookup = sq_link_lookup,
	.link_list = sq_link_list,
	.link_revoke = sq_link_revoke,
	.link_answered = sq_link_answered,
	.link_revoke_subject = sq_link_revoke_subject,
	.round_get = sq_round_get,
	.round_set = sq_round_set,
	.appointments_put = sq_appointments_put,
	.appointments_get = sq_appointments_get,
};
