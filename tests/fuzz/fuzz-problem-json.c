/*
 * libFuzzer harness for the problem reader: any bytes in, a problem or a
 * list of errors out, never a crash, leak or sanitizer report.
 *
 * Files named in the input are not opened (no_files): the harness fuzzes
 * the JSON reader and the model's checks, and the roster reader has its own
 * harness (fuzz-roster.c). Zones come from the pinned build zoneinfo.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "test-config.h"
#include "formats/problem_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cp_tzdb *db;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db) {
		struct cp_tz_error err;
		db = cp_tzdb_create(CP_TEST_TZDIR, &err);
		if (!db)
			abort();
	}
	struct cp_diag *d = cp_diag_create(64);
	struct cp_problem *p = NULL;
	struct cp_problem_json_options o = { .no_files = true, .max_bytes = 1 << 20 };
	cp_problem_json_parse((const char *)data, size, db, &o, &p, d);
	/* Walk what came out so the sanitizers see every string. */
	for (size_t i = 0; i < cp_diag_count(d); i++) {
		const struct cp_diag_entry *e = cp_diag_entry(d, i);
		volatile size_t n = 0;
		for (const char *s = e->message; *s; s++)
			n++;
		for (const char *s = e->path; *s; s++)
			n++;
	}
	cp_problem_destroy(p);
	cp_diag_destroy(d);
	return 0;
}
