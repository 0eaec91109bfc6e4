/*
 * Example plans for the feed tests and the export benchmark (see
 * fixture.c for what each holds). test_plans_init() sets the zone database
 * the builders place lessons with; it must outlive the plans. Each builder
 * returns a plan the caller destroys with cp_plan_destroy(); they exit the
 * process on failure (test code).
 */
#ifndef CP_TESTS_FEEDS_PLANS_H
#define CP_TESTS_FEEDS_PLANS_H

#include <cohortplan/plan.h>
#include <cohortplan/tz.h>

void test_plans_init(struct cp_tzdb *db);
struct cp_plan *test_plan_pilot2(void);
struct cp_plan *test_plan_pilot2_moved(void);
struct cp_plan *test_plan_pilot2_replan(void);
struct cp_plan *test_plan_pilot3(void);
struct cp_plan *test_plan_long(void);
struct cp_plan *test_plan_big(long participants);

#endif
