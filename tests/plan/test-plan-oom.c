/*
 * Out of memory in the engine and in the solver bridge (issue 17 item 7),
 * allocation by allocation (tests/common/oom.h): on two small checked-in
 * problems (tests/data/reasons: a pair that must be kept apart, and a
 * greedy plan cut short), cp_engine_create (off days, candidates,
 * attendability, classes, overlaps) and cp_planner_run (the engine to the
 * solver's numbers and back to a plan) must answer every failed
 * allocation with CP_ENGINE_ERR_NOMEM and no engine or plan, and succeed
 * once every allocation is served. GLPK's own allocations are not
 * counted (a shared library).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/engine.h>
#include <cohortplan/planner.h>

#include "common/check.h"
#include "common/oom.h"
#include "formats/plan_json.h"
#include "plan-test.h"

struct run {
	const struct cp_problem *problem;
	const struct cp_engine *engine;
	char *ref; /* plan.json of the plan without failures */
};

/* plan.json of plan without its solve time (the one field that differs
 * between runs), or NULL. */
static char *
plan_text(struct cp_plan *plan)
{
	plan->solve_seconds = 0;
	return cp_plan_json_write(plan, NULL);
}

static enum oom_outcome
engine_once(void *ctx)
{
	struct run *r = ctx;
	struct cp_engine_input in = { .problem = r->problem };
	struct cp_engine_error err = { 0 };
	struct cp_engine *e = cp_engine_create(&in, NULL, NULL, &err);
	if (e) {
		/* The engine absorbs no failure: success means none happened. */
		cp_engine_destroy(e);
		return oom_fired() ? OOM_OTHER : OOM_DONE;
	}
	return err.status == CP_ENGINE_ERR_NOMEM ? OOM_NOMEM : OOM_OTHER;
}

static enum oom_outcome
bridge_once(void *ctx)
{
	struct run *r = ctx;
	struct cp_planner_options o;
	cp_planner_options_init(&o);
	o.now = 1735689600; /* 2025-01-01 */
	o.solver.deterministic = true;
	o.solver.node_limit = 5;
	o.solver.time_limit = 0; /* work bounds only: the same number of allocations each run */
	struct cp_plan *plan = NULL;
	struct cp_engine_error err = { 0 };
	enum cp_engine_status st = cp_planner_run(r->engine, &o, &plan, &err);
	if (st == CP_ENGINE_OK && plan) {
		/* A failure absorbed on the way (nothing but a cache not filled)
		 * must leave the same plan: a plan that differs is a wrong one. */
		bool fired = oom_fired();
		char *text = fired ? plan_text(plan) : NULL;
		bool same = !fired || (text && r->ref && strcmp(text, r->ref) == 0);
		free(text);
		cp_plan_destroy(plan);
		return same ? OOM_DONE : OOM_OTHER;
	}
	if (plan) {
		/* half a plan handed out with an error */
		cp_plan_destroy(plan);
		return OOM_OTHER;
	}
	return st == CP_ENGINE_ERR_NOMEM ? OOM_NOMEM : OOM_OTHER;
}

static void
check_problem(struct cp_tzdb *db, const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/reasons/%s", CP_TEST_DATA, name);
	struct cp_problem *p = pt_load(db, path);
	if (!p)
		return;
	struct run r = { p, NULL, NULL };
	char what[96];
	snprintf(what, sizeof what, "engine, %s", name);
	CHECK(oom_each(what, engine_once, &r, 200000) == 0, "%s", what);

	struct cp_engine_input in = { .problem = p };
	struct cp_engine_error err = { 0 };
	struct cp_engine *e = cp_engine_create(&in, NULL, NULL, &err);
	CHECK(e, "engine of %s: %s", name, err.message);
	if (e) {
		r.engine = e;
		struct cp_planner_options o;
		struct cp_plan *plan = NULL;
		cp_planner_options_init(&o);
		o.now = 1735689600;
		o.solver.deterministic = true;
		o.solver.node_limit = 5;
		o.solver.time_limit = 0;
		CHECK(cp_planner_run(e, &o, &plan, &err) == CP_ENGINE_OK && plan, "plan of %s",
		      name);
		r.ref = plan ? plan_text(plan) : NULL;
		cp_plan_destroy(plan);
		snprintf(what, sizeof what, "solver bridge, %s", name);
		CHECK(oom_each(what, bridge_once, &r, 200000) == 0, "%s", what);
	}
	free(r.ref);
	cp_engine_destroy(e);
	cp_problem_destroy(p);
}

static void check_separated(struct cp_tzdb *db) { check_problem(db, "separated.json"); }
static void check_greedy(struct cp_tzdb *db) { check_problem(db, "greedy-cut-short.json"); }

int
main(void)
{
	static void (*const steps[])(struct cp_tzdb *) = { check_separated, check_greedy };
	return pt_run(steps, sizeof steps / sizeof steps[0]);
}
