/*
 * report.html when memory runs out: the Nth allocation of our code fails
 * for N = 1, 2, ... up to the last one of a whole render, and each time the
 * render must give either the page or a clean CP_REPORT_ERR_NOMEM (or the
 * locale error ICU's own failure maps to), never a crash or a half page.
 * Leaks show under the sanitizer and valgrind runs of the same test.
 * Allocations are counted with the linker's --wrap (ICU's own, inside its
 * shared library, are not failed).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "test-config.h"
#include "common/plan-build.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

static long countdown = -1; /* fail when it reaches 0; -1: never */
static long allocations;

static bool
fail_now(void)
{
	allocations++;
	if (countdown < 0)
		return false;
	return countdown-- == 0;
}

void *
__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *
__wrap_calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __real_calloc(n, size);
}

void *
__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

/* A small plan: two members in two zones, one unplaced, one advice. */
static struct cp_plan *
make_plan(void)
{
	struct cp_plan *p = cp_plan_create();
	struct cp_civil start = { 2024, 3, 4, 18, 0, 0 };
	cp_instant t0 = cp_civil_to_instant(&start);

	p->course = cp_plan_strdup(p, "mo");
	p->tzdata = cp_plan_strdup(p, CP_TZDATA_VERSION);
	p->attendance_target = 0.8;
	p->participants = 3;
	p->placeable = 2;
	struct cp_plan_cohort *c = pb_cohort(p, "C01", "T1", "Europe/Brussels", NULL, 120,
					     (const int[]){ 1 }, 1, 19 * 60);
	for (int w = 0; w < 5; w++) {
		struct cp_plan_lesson *l = cp_plan_add_lesson(p, c);
		l->number = w + 1;
		l->start = t0 + (cp_instant)w * 7 * 86400;
		l->end = l->start + 7200;
		l->theme = cp_plan_strdup(p, "work");
	}
	static const char *const zones[] = { "Asia/Beirut", "Africa/Casablanca" };
	for (int m = 0; m < 2; m++) {
		struct cp_plan_member *me = cp_plan_add_member(p, c);
		me->participant = cp_plan_strdup(p, m ? "P2" : "P1");
		me->zone = cp_plan_strdup(p, zones[m]);
		me->profile = cp_plan_strdup(p, "partner");
		me->verdicts[1] = (uint8_t)(m ? CP_VERDICT_ROSTER : CP_VERDICT_OK);
		me->attendable = m ? 4 : 5;
	}
	struct cp_plan_unplaced *u = cp_plan_add_unplaced(p);
	u->participant = cp_plan_strdup(p, "P3");
	u->zone = cp_plan_strdup(p, "Asia/Amman");
	u->kind = CP_UNPLACED_CAPACITY;
	u->best_share = 0.9;
	u->self_study = cp_plan_strdup(p, "question hour");
	cp_plan_add_reason(p, u)->verdict = CP_VERDICT_TOO_LATE;
	cp_plan_add_advice(p)->text = cp_plan_strdup(p, "one more teacher");
	return p;
}

int
main(void)
{
	struct cp_tz_error tzerr = { 0 };
	const char *tzdir = getenv("COHORTPLAN_TZDIR");
	struct cp_tzdb *db = cp_tzdb_create(tzdir && *tzdir ? tzdir : CP_TEST_TZDIR, &tzerr);
	struct cp_plan *plan;
	struct cp_report_options o;
	int failures = 0;
	long total, runs = 0;

	if (!db || !(plan = make_plan()) || cp_plan_nomem(plan)) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}
	/* Load every zone the plan names before counting: the tzdb caches
	 * them, and its own out-of-memory paths are tested in tests/tz. */
	cp_report_options_init(&o);
	o.lang = "nl";
	size_t len0 = 0;
	allocations = 0;
	char *ref = cp_report_render(plan, db, &o, &len0, NULL);
	total = allocations;
	if (!ref) {
		fprintf(stderr, "render without failures failed\n");
		return 1;
	}
	for (long n = 0; n < total; n++) {
		struct cp_report_error e = { 0 };
		size_t len = 0;
		countdown = n;
		char *html = cp_report_render(plan, db, &o, &len, &e);
		countdown = -1;
		runs++;
		if (html) {
			/* An allocation whose failure is absorbed (a cache that is
			 * simply not filled) may still give the whole page. */
			if (len != len0 || memcmp(html, ref, len) != 0) {
				fprintf(stderr, "allocation %ld failed: a different page came out\n", n);
				failures++;
			}
			free(html);
		} else if (e.status != CP_REPORT_ERR_NOMEM && e.status != CP_REPORT_ERR_LOCALE) {
			fprintf(stderr, "allocation %ld failed: status %d (%s)\n", n, e.status, e.message);
			failures++;
		}
	}
	free(ref);
	cp_plan_destroy(plan);
	cp_tzdb_destroy(db);
	printf("%ld allocations in one render, %ld failure points tried, %d failed\n", total, runs,
	       failures);
	return failures ? 1 : 0;
}
