/*
 * libFuzzer harness for .ics shift rosters (api/ical/roster.h) as the
 * problem reader uses them: any bytes, expanded over a course window.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "test-config.h"
#include "ical/roster.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cp_tzdb *db;
static const struct cp_tz *beirut;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db) {
		struct cp_tz_error err;
		db = cp_tzdb_create(CP_TEST_TZDIR, &err);
		beirut = db ? cp_tzdb_zone(db, "Asia/Beirut", &err) : NULL;
		if (!beirut)
			abort();
	}
	struct cp_roster_options o = {
		.source = "fuzz.ics",
		.tzdb = db,
		.floating_zone = beirut,
		.from = 1729641600, /* 2024-10-23 */
		.to = 1733875200,   /* 2024-12-11 */
		.max_intervals = 20000,
	};
	struct cp_interval_set busy;
	struct cp_error err;
	cp_interval_set_init(&busy);
	cp_roster_parse((const char *)data, size, &o, &busy, &err);
	cp_interval_set_finish(&busy);
	return 0;
}
