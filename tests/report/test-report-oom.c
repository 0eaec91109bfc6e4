/*
 * report.html when memory runs out: the Nth allocation of our code fails
 * for N = 1, 2, ... up to the last one of a whole render, and each time the
 * render must give either the page or a clean CP_ERR_NOMEM (or the
 * locale error ICU's own failure maps to), never a crash or a half page.
 * Leaks show under the sanitizer and valgrind runs of the same test.
 * Allocations are counted with the linker's --wrap (tests/common/oom.h;
 * ICU's own, inside its shared library, are not failed).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/oom.h"
#include "report/report.h"
#include "test-config.h"
#include "common/plan-build.h"

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

struct run {
	const struct cp_plan *plan;
	struct cp_tzdb *db;
	struct cp_report_options o;
	char *ref; /* the page without failures */
	size_t len;
};

/* One render: the page, or out of memory (or the locale error ICU's own
 * failure maps to). An allocation whose failure is absorbed (a cache that
 * is simply not filled) may still give the whole page, the same bytes. */
static enum oom_outcome
render_once(void *ctx)
{
	struct run *r = ctx;
	struct cp_error e = { 0 };
	size_t len = 0;
	char *html = cp_report_render(r->plan, r->db, &r->o, &len, &e);
	if (html) {
		bool same = len == r->len && memcmp(html, r->ref, len) == 0;
		free(html);
		if (!same)
			fprintf(stderr, "  a different page came out\n");
		return same ? OOM_DONE : OOM_OTHER;
	}
	if (e.status != CP_ERR_NOMEM && e.status != CP_ERR_LIBRARY) {
		fprintf(stderr, "  status %d (%s)\n", e.status, e.message);
		return OOM_OTHER;
	}
	return OOM_NOMEM;
}

int
main(void)
{
	struct cp_tz_error tzerr = { 0 };
	const char *tzdir = getenv("COHORTPLAN_TZDIR");
	struct cp_tzdb *db = cp_tzdb_create(tzdir && *tzdir ? tzdir : CP_TEST_TZDIR, &tzerr);
	struct cp_plan *plan;
	struct run r = { 0 };

	if (!db || !(plan = make_plan()) || cp_plan_nomem(plan)) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}
	/* Load every zone the plan names before counting: the tzdb caches
	 * them, and its own out-of-memory paths are tested in tests/tz. */
	r.plan = plan;
	r.db = db;
	cp_report_options_init(&r.o);
	r.o.lang = "nl";
	r.ref = cp_report_render(plan, db, &r.o, &r.len, NULL);
	if (!r.ref) {
		fprintf(stderr, "render without failures failed\n");
		return 1;
	}
	int bad = oom_each("report", render_once, &r, 1000000);
	free(r.ref);
	cp_plan_destroy(plan);
	cp_tzdb_destroy(db);
	return bad ? 1 : 0;
}
