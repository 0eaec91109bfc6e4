/*
 * Out of memory is recoverable (SQLite's way of testing it): fail the Nth
 * allocation for N = 1, 2, ... while reading examples/pilot1.json (and
 * tests/data/engine/percal.json) and
 * require a clean CP_PROBLEM_ERR_NOMEM every time, never a crash, a leak
 * (the sanitizer and valgrind runs check) or a wrong verdict, until a run
 * gets through with every allocation served.
 *
 * Our own code's malloc/calloc/realloc are wrapped at link time
 * (tests/common/oom.h); cJSON, a shared library, gets the failing
 * allocator through cJSON_InitHooks. cJSON cannot say that it ran out of memory (it returns
 * NULL as for a syntax error), so a failure inside cJSON may also give
 * CP_PROBLEM_ERR_INVALID with a syntax error; anything else is a bug.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-config.h"
#include "formats/problem_json.h"
#include "common/oom.h"
#include "common/open-db.h"

void *__real_malloc(size_t n); /* libc's, past the wrapper */

static bool failed_in_cjson;

/* cJSON's allocations count too (cJSON_InitHooks). */
static void *cjson_malloc(size_t n)
{
	if (oom_fail_now()) {
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

struct doc {
	struct cp_tzdb *db;
	const char *text;
	size_t len;
};

/* Read the document once: out of memory is CP_PROBLEM_ERR_NOMEM, or, from
 * inside cJSON (which cannot say so), CP_PROBLEM_ERR_INVALID. */
static enum oom_outcome read_once(void *ctx)
{
	const struct doc *x = ctx;
	struct cp_diag *d = cp_diag_create(0);
	struct cp_problem *p = NULL;
	enum oom_outcome out;
	failed_in_cjson = false;
	enum cp_problem_status st = d ? cp_problem_json_parse(x->text, x->len, x->db, NULL, &p, d)
				     : CP_PROBLEM_ERR_NOMEM;
	if (st == CP_PROBLEM_OK && p)
		out = OOM_DONE;
	else if (!p && (st == CP_PROBLEM_ERR_NOMEM ||
			(failed_in_cjson && st == CP_PROBLEM_ERR_INVALID)))
		out = OOM_NOMEM;
	else
		out = OOM_OTHER;
	if (out == OOM_OTHER)
		fprintf(stderr, "  got %s (%zu diagnostics)\n", cp_problem_strerror(st),
			d ? cp_diag_count(d) : 0);
	cp_problem_destroy(p);
	cp_diag_destroy(d);
	return out;
}

int main(void)
{
	struct cp_tzdb *db = test_open_db();
	if (!db)
		return 1;
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
		struct doc x = { db, doc, len };
		bad += oom_each(strrchr(docs[i], '/') + 1, read_once, &x, 100000);
		free(doc);
	}
	printf("%d wrong outcomes\n", bad);
	cp_tzdb_destroy(db);
	return bad ? 1 : 0;
}
