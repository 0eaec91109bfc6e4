/*
 * One planning run for tests/bench/scale: load a problem, plan it with one
 * method and print what the benchmark table needs as key=value pairs on one
 * line. A measurement, not a test; tests/bench/scale runs it per method in
 * a separate process so that each peak RSS is its own.
 *
 * Usage: bench_scale PROBLEM.json [--method ours|greedy|glpk]
 *                    [--time-limit S] [--gap G] [--threads N]
 *                    [--groups auto|always|never] [--export FILE.mps]
 *                    [--progress]
 * --threads sets the solver's threads (0, the default: all cores; see
 * cp_solver_options.threads). --export writes the model and stops (for
 * CBC), without solving. --groups plans teachers in groups of alike ones
 * or each alone (cp_planner_options.groups; default auto). --progress
 * prints every progress report of the solver to stderr.
 *
 * Printed: prep (seconds to load, expand and classify, before the solver
 * starts), first (solver seconds to the first plan), t1 (solver seconds
 * until the proven gap is <= 1%, or -1), solve (solver seconds), gap (final
 * proven gap of the plan, after teacher assignment), placed, reach (members
 * reaching the attendance target: the objective's first level), placeable,
 * status (the plan's: optimal, feasible, heuristic), clashes (teacher
 * overlaps found by an independent check: must be 0), threads (as asked).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cohortplan/plan.h>

#include "bench-clock.h"
#include "common/plan-facts.h"
#include "common/open-db.h"
#include "formats/problem_json.h"
#include "pipeline/pipeline.h"
#include "test-config.h"

struct watch {
	double start;        /* wall clock at main() */
	double prep;         /* wall seconds before the solver's first report */
	double first;        /* solver seconds to a first plan of this method */
	double t1;           /* solver seconds to gap <= 1% */
	double greedy;       /* the greedy plan's objective */
	bool have_greedy;
	enum cp_solver_method method;
	bool trace;          /* --progress: every report to stderr */
};

static bool
progress(const struct cp_solver_progress *p, void *data)
{
	struct watch *w = data;
	if (w->prep < 0)
		w->prep = bench_now() - w->start - p->elapsed;
	if (w->trace)
		fprintf(stderr, "progress %7.2f s  phase %d  incumbent %.2f  bound %.2f  gap %.4f\n",
			p->elapsed, (int)p->phase, p->has_incumbent ? p->incumbent : -1.0, p->bound,
			p->gap);
	if (!w->have_greedy && p->has_incumbent) {
		w->greedy = p->incumbent;
		w->have_greedy = true;
	}
	/* plain GLPK's own first plan is the first one better than the
	 * greedy plan the solver computes before it (and falls back to) */
	bool own = w->method != CP_SOLVER_METHOD_GLPK || (w->have_greedy && p->incumbent > w->greedy);
	if (w->first < 0 && p->has_incumbent && own)
		w->first = p->elapsed;
	if (w->t1 < 0 && p->has_incumbent && own && p->gap <= 0.01)
		w->t1 = p->elapsed;
	return true;
}

int
main(int argc, char **argv)
{
	struct watch w = { .start = bench_now(), .prep = -1, .first = -1, .t1 = -1 };
	struct cp_pipeline_options o;
	const char *path = NULL;
	cp_pipeline_options_init(&o);
	o.now = 1700000000;
	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(argv[i], "--method") == 0 && v) {
			o.method = strcmp(v, "greedy") == 0 ? CP_SOLVER_METHOD_GREEDY
				 : strcmp(v, "glpk") == 0   ? CP_SOLVER_METHOD_GLPK
							    : CP_SOLVER_METHOD_MIP;
			i++;
		} else if (strcmp(argv[i], "--time-limit") == 0 && v) {
			o.time_limit = atof(v);
			i++;
		} else if (strcmp(argv[i], "--gap") == 0 && v) {
			o.gap = atof(v);
			i++;
		} else if (strcmp(argv[i], "--threads") == 0 && v) {
			o.threads = atoi(v);
			i++;
		} else if (strcmp(argv[i], "--groups") == 0 && v) {
			o.teacher_groups = strcmp(v, "always") == 0  ? CP_PLANNER_GROUPS_ALWAYS
					 : strcmp(v, "never") == 0 ? CP_PLANNER_GROUPS_NEVER
								   : CP_PLANNER_GROUPS_AUTO;
			i++;
		} else if (strcmp(argv[i], "--export") == 0 && v) {
			o.export_model = v;
			o.method = CP_SOLVER_METHOD_GREEDY;
			o.time_limit = 0.001;
			i++;
		} else if (strcmp(argv[i], "--progress") == 0) {
			w.trace = true;
		} else if (!path && argv[i][0] != '-') {
			path = argv[i];
		} else {
			fprintf(stderr, "usage: bench_scale PROBLEM.json [--method ours|greedy|glpk] "
					"[--time-limit S] [--gap G] [--threads N] "
					"[--groups auto|always|never] [--export FILE] [--progress]\n");
			return 64;
		}
	}
	if (!path) {
		fprintf(stderr, "bench_scale: no problem\n");
		return 64;
	}
	w.method = o.method;
	o.progress = progress;
	o.progress_data = &w;

	struct cp_tzdb *db = test_open_db();
	if (!db)
		return 1;
	struct cp_problem_json_options jo = { .holidays_dir = cp_pipeline_holidays_dir() };
	struct cp_problem *p = NULL;
	struct cp_diag *diag = cp_diag_create(0);
	if (cp_problem_json_load(path, db, &jo, &p, diag) != CP_PROBLEM_OK) {
		fprintf(stderr, "bench_scale: %s does not load\n", path);
		cp_diag_destroy(diag);
		cp_tzdb_destroy(db);
		return 2;
	}
	cp_diag_destroy(diag);
	struct cp_plan *plan = NULL;
	struct cp_error err = { 0 };
	o.spent = bench_now() - w.start; /* loading counts, as in `cohortplan solve` */
	if (cp_pipeline_solve(db, p, &o, &plan, &err) != CP_OK) {
		fprintf(stderr, "bench_scale: %s\n", err.message);
		cp_problem_destroy(p);
		cp_tzdb_destroy(db);
		return 1;
	}
	double wall = bench_now() - w.start; /* not the counting and checks below */
	long placed = 0, reach = 0;
	for (size_t c = 0; c < plan->n_cohorts; c++) {
		placed += (long)plan->cohorts[c].n_members;
		for (size_t m = 0; m < plan->cohorts[c].n_members; m++)
			reach += cp_plan_member_reaches(plan, &plan->cohorts[c],
							&plan->cohorts[c].members[m]);
	}
	printf("prep=%.2f first=%.2f t1=%.2f solve=%.2f gap=%.6f placed=%ld reach=%ld placeable=%d "
	       "status=%s clashes=%ld wall=%.2f threads=%d\n",
	       w.prep, w.first, w.t1, plan->solve_seconds, plan->gap, placed, reach, plan->placeable,
	       cp_plan_status_name(plan->status), pf_clashes(plan), wall, o.threads);
	cp_plan_destroy(plan);
	cp_problem_destroy(p);
	cp_tzdb_destroy(db);
	return 0;
}
