/*
 * Out of memory in the store (issue 17 item 7), allocation by allocation
 * (tests/common/oom.h): the store opened, a problem stored, replaced, read
 * back, a plan added and read, the ids listed, and everything deleted
 * again (a fresh handle each run, so statements are prepared anew). Every
 * failed allocation of our own code must give CP_ERR_NOMEM, also
 * when the caller passes no error struct, and leave the database as one
 * of the states between whole steps: a problem is there with a whole body
 * or not at all, a plan likewise. SQLite's own allocations are counted
 * too: its allocator is hooked (sqlite3_config) into the same countdown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common/check.h"
#include "common/oom.h"
#include "store.h"

static const char body1[] = "{\"version\": 1, \"course\": {\"id\": \"oom\"}}";
static const char body2[] = "{\"version\": 1, \"course\": {\"id\": \"oom\", \"language\": \"ar\"}}";
static const char plan_body[] = "{\"format\": \"cohortplan-plan\"}";

/* out for a status: DONE for OK, NOMEM for out of memory, OTHER else. */
static enum oom_outcome
outcome(enum cp_status st)
{
	return st == CP_OK ? OOM_DONE : st == CP_ERR_NOMEM ? OOM_NOMEM : OOM_OTHER;
}

/* The steps; stops at the first that does not succeed. */
static enum oom_outcome
steps(struct cp_store *s)
{
	struct cp_error err;
	struct cp_store_problem pr = { 0 };
	struct cp_store_plan pl = { 0 };
	int64_t version = 0, plan_id = 0;
	char **ids = NULL;
	size_t n = 0;
	enum cp_status st;

	/* No error struct: out of memory stays itself (statements are
	 * prepared on first use, so this one's preparing fails too). */
	st = cp_store_problem_put(s, "P-oom", body1, strlen(body1), 20000, 1, &version, NULL);
	if (st == CP_OK)
		st = cp_store_problem_put(s, "P-oom", body2, strlen(body2), 20000, 2, &version, &err);
	if (st == CP_OK)
		st = cp_store_problem_get(s, "P-oom", &pr, &err);
	if (st == CP_OK && (pr.body_len != strlen(body2) || strcmp(pr.body, body2) != 0))
		return cp_store_problem_finish(&pr), OOM_OTHER;
	cp_store_problem_finish(&pr);
	if (st == CP_OK)
		st = cp_store_plan_add(s, "P-oom", version, plan_body, strlen(plan_body), 3, &plan_id,
				       &err);
	if (st == CP_OK)
		st = cp_store_plan_get(s, plan_id, &pl, &err);
	cp_store_plan_finish(&pl);
	if (st == CP_OK)
		st = cp_store_problem_ids(s, &ids, &n, &err);
	if (st == CP_OK)
		cp_store_strv_free(ids, n);
	if (st == CP_OK)
		st = cp_store_problem_delete(s, "P-oom", &err);
	return outcome(st);
}

/* After a run (no failures now): whatever is stored is whole; then the
 * database is emptied for the next run. */
static bool
whole_then_clean(struct cp_store *s)
{
	struct cp_store_problem pr = { 0 };
	bool ok = true;
	enum cp_status st = cp_store_problem_get(s, "P-oom", &pr, NULL);
	if (st == CP_OK) {
		ok = (pr.version == 1 && strcmp(pr.body, body1) == 0) ||
		     (pr.version == 2 && strcmp(pr.body, body2) == 0);
		int64_t *plans = NULL;
		size_t n = 0;
		ok &= cp_store_plan_ids(s, "P-oom", &plans, &n, NULL) == CP_OK && n <= 1;
		for (size_t i = 0; ok && i < n; i++) {
			struct cp_store_plan pl = { 0 };
			ok = cp_store_plan_get(s, plans[i], &pl, NULL) == CP_OK &&
			     strcmp(pl.body, plan_body) == 0;
			cp_store_plan_finish(&pl);
		}
		free(plans);
		ok &= cp_store_problem_delete(s, "P-oom", NULL) == CP_OK;
	} else {
		ok = st == CP_ERR_NOT_FOUND;
	}
	cp_store_problem_finish(&pr);
	return ok;
}

static enum oom_outcome
store_once(void *ctx)
{
	const char *path = ctx;
	struct cp_error err = { 0 };
	struct cp_store *s = cp_store_open(path, &err);
	enum oom_outcome out = s ? steps(s) : outcome(err.status);
	oom_disarm();
	if (!s)
		s = cp_store_open(path, &err);
	bool whole = s && whole_then_clean(s);
	cp_store_destroy(s);
	if (!whole) {
		fprintf(stderr, "  the database holds half a step\n");
		return OOM_OTHER;
	}
	return out;
}

/* SQLite's default allocator, failing when the countdown says so. */
static sqlite3_mem_methods sqlite_mem;

static void *
sqlite_malloc(int n)
{
	return oom_fail_now() ? NULL : sqlite_mem.xMalloc(n);
}

static void *
sqlite_realloc(void *p, int n)
{
	return oom_fail_now() ? NULL : sqlite_mem.xRealloc(p, n);
}

static bool
hook_sqlite(void)
{
	sqlite3_mem_methods m;
	if (sqlite3_shutdown() != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_mem) != SQLITE_OK)
		return false;
	m = sqlite_mem;
	m.xMalloc = sqlite_malloc;
	m.xRealloc = sqlite_realloc;
	return sqlite3_config(SQLITE_CONFIG_MALLOC, &m) == SQLITE_OK &&
	       sqlite3_initialize() == SQLITE_OK;
}

int
main(void)
{
	CHECK(hook_sqlite(), "SQLite's allocator hooked");
	char dir[] = "/tmp/cp-store-oom-XXXXXX", path[96], wal[112], shm[112];
	CHECK(mkdtemp(dir), "temporary folder");
	snprintf(path, sizeof path, "%s/store.sqlite", dir);
	snprintf(wal, sizeof wal, "%s-wal", path);
	snprintf(shm, sizeof shm, "%s-shm", path);
	struct cp_error err = { 0 };
	struct cp_store *s = cp_store_open(path, &err); /* creates and migrates */
	CHECK(s, "open: %s", err.message);
	cp_store_destroy(s);
	if (s) {
		CHECK(store_once(path) == OOM_DONE, "the steps without failures");
		CHECK(oom_each("store", store_once, path, 100000) == 0, "store");
	}
	unlink(wal);
	unlink(shm);
	unlink(path);
	rmdir(dir);
	return check_tally();
}
