/*
 * Out of memory is recoverable (SQLite's way of testing it): fail the Nth
 * allocation for N = 1, 2, ... while reading examples/pilot1.json (and
 * tests/data/engine/percal.json) and
 * require a clean CP_PROBLEM_ERR_NOMEM every time, never a crash, a leak
 * (the sanitizer and valgrind runs check) or a wrong verdict, until a run
 * gets through with every allocation served.
 *
 * Our own code's malloc/calloc/realloc are wrapped at link time
 * (-Wl,--wrap); cJSON, a shared library, gets the failing allocator through
 * cJSON_InitHooks. cJSON cannot say that it ran out of memory (it returns
 * NULL as for a syntax error), so a failure inside cJSON may also give
 * CP_PROBLEM_ERR_INVALID with a syntax error; anything else is a bug.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-config.h"
#include "formats/problem_json.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);

static long countdown = -1; /* allocations left before one fails; -1: never */
static bool failed, failed_in_cjson;
static long oom_passed;

static bool fail_now(void)
{
	if (countdown < 0)
		return false;
	if (countdown-- == 0) {
		failed = true;
		return true;
	}
	return false;
}

void *__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
	return fail_now() ? NULL : __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

static void *cjson_malloc(size_t n)
{
	if (fail_now()) {
		failed_in_cjson = true;
		return NULL;
	}
	return __real_malloc(n);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = __real_malloc(1 << 20);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

/* Fail each allocation of reading doc in turn; the number of wrong
 * outcomes. */
static int oom_run(struct cp_tzdb *db, const char *doc, size_t len, const char *name)
{
	int bad = 0;
	long n;
	for (n = 0; n < 100000; n++) {
		struct cp_diag *d = cp_diag_create(0); /* not counted: set up first */
		struct cp_problem *p = NULL;
		failed = failed_in_cjson = false;
		countdown = n;
		enum cp_problem_status st = cp_problem_json_parse(doc, len, db, NULL, &p, d);
		countdown = -1;
		if (!failed) {
			if (st != CP_PROBLEM_OK || !p) {
				fprintf(stderr, "%s: run without failure: %s\n", name,
					cp_problem_strerror(st));
				bad++;
			}
			cp_problem_destroy(p);
			cp_diag_destroy(d);
			break;
		}
		bool ok = (st == CP_PROBLEM_ERR_NOMEM && !p) ||
			  (failed_in_cjson && st == CP_PROBLEM_ERR_INVALID && !p);
		if (!ok) {
			fprintf(stderr, "%s: allocation %ld failed: got %s (%zu diagnostics)\n", name,
				n + 1, cp_problem_strerror(st), cp_diag_count(d));
			bad++;
		}
		cp_problem_destroy(p);
		cp_diag_destroy(d);
	}
	printf("%s: failed each of %ld allocations in turn; %d wrong outcomes\n", name, n, bad);
	oom_passed += n + 1 - bad;
	return bad;
}

int main(void)
{
	struct cp_tz_error err;
	struct cp_tzdb *db = cp_tzdb_create(CP_TEST_TZDIR, &err);
	if (!db) {
		fprintf(stderr, "cannot open %s: %s\n", CP_TEST_TZDIR, err.message);
		return 1;
	}
	cJSON_Hooks hooks = { .malloc_fn = cjson_malloc, .free_fn = free };
	cJSON_InitHooks(&hooks);

	/* pilot 1, and a problem with own calendars, calendars defined in
	 * the problem, periods and roster margins (the docs' example). */
	static const char *const docs[] = { CP_SOURCE_ROOT "/examples/pilot1.json",
					    CP_SOURCE_ROOT "/tests/data/engine/percal.json" };
	int bad = 0;
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		size_t len;
		char *doc = slurp(docs[i], &len);
		if (!doc)
			return 1;
		bad += oom_run(db, doc, len, strrchr(docs[i], '/') + 1);
		free(doc);
	}
	printf("%ld passed, %d failed\n", oom_passed, bad);
	cp_tzdb_destroy(db);
	return bad ? 1 : 0;
}
