/*
 * feeds-fixture: writes the example plans (plans.c) the feed tests export,
 * until the solver writes real ones.
 *
 * Usage: feeds-fixture TZDIR CASE OUT.json
 *   pilot2         Tue/Thu 19:00-22:00 Europe/Brussels, 2024-03-05..04-25,
 *                  members in Casablanca (across both Ramadan switches),
 *                  Beirut and Amman (Brussels and Beirut switch on 03-31)
 *   pilot2-moved   pilot2 with lesson 5 moved to the Friday and lesson 9
 *                  dropped, without revision state (as a solver writes it)
 *   pilot2-replan  pilot2-moved revised against pilot2 by cp_plan_revise
 *   pilot3         Mon/Thu 09:00 Brussels for 14 members in Beirut,
 *                  2024-10-24..12-09 across the October switch, plus one
 *                  question hour during which Beirut's clocks go back
 *   long           Wednesdays 20:00 Brussels 2024-2026: three Ramadans in
 *                  Casablanca, its switch to permanent +00 on 2026-09-20
 *   big N          N participants in cohorts of 20, 12 zones (benchmarks)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/plan_json.h"
#include "plans.h"

int
main(int argc, char **argv)
{
	struct cp_tz_error e;
	struct cp_plan *p;
	struct cp_error fe;

	if (argc < 4) {
		fprintf(stderr, "usage: feeds-fixture TZDIR CASE [N] OUT.json\n");
		return 64;
	}
	struct cp_tzdb *db = cp_tzdb_create(argv[1], &e);
	if (!db) {
		fprintf(stderr, "feeds-fixture: %s\n", e.message);
		return 1;
	}
	test_plans_init(db);
	const char *out = argv[argc - 1];
	if (strcmp(argv[2], "pilot2") == 0)
		p = test_plan_pilot2();
	else if (strcmp(argv[2], "pilot2-moved") == 0)
		p = test_plan_pilot2_moved();
	else if (strcmp(argv[2], "pilot2-replan") == 0)
		p = test_plan_pilot2_replan();
	else if (strcmp(argv[2], "pilot3") == 0)
		p = test_plan_pilot3();
	else if (strcmp(argv[2], "long") == 0)
		p = test_plan_long();
	else if (strcmp(argv[2], "big") == 0 && argc == 5)
		p = test_plan_big(atol(argv[3]));
	else {
		fprintf(stderr, "feeds-fixture: unknown case %s\n", argv[2]);
		return 64;
	}
	int rc = 0;
	if (cp_plan_nomem(p) || !cp_plan_json_save(p, out, &fe)) {
		fprintf(stderr, "feeds-fixture: %s\n", cp_plan_nomem(p) ? "out of memory" : fe.message);
		rc = 1;
	}
	cp_plan_destroy(p);
	cp_tzdb_destroy(db);
	return rc;
}
