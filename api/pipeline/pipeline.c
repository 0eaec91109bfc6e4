/*
 * The planning job end to end. This file only gathers what the engine needs
 * from the outside world (the bundled holiday calendars, ICU's Islamic
 * calendar) and chains engine -> planner; each step reports its own errors.
 */
#include "pipeline.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include <cohortplan/engine.h>
#include <cohortplan/holidays.h>
#include <cohortplan/planner.h>

#include "formats/atomic_file.h"
#include "formats/formats-config.h"
#include "formats/holidays_json.h"
#include "locale/explain.h"
#include "locale/islamic.h"

void
cp_pipeline_options_init(struct cp_pipeline_options *o)
{
	memset(o, 0, sizeof *o);
	o->time_limit = 60;
	o->gap = 0.001;
	o->seed = 1;
}

const char *
cp_pipeline_holidays_dir(void)
{
	struct stat st;
	const char *env = getenv("COHORTPLAN_HOLIDAYS_DIR");
	if (env && env[0])
		return env;
	if (stat(CP_HOLIDAYS_DIR_BUILD, &st) == 0 && S_ISDIR(st.st_mode))
		return CP_HOLIDAYS_DIR_BUILD;
	return CP_HOLIDAYS_DIR_INSTALL;
}

/* --export-model: the planner hands over the solver's problem, written
 * here as MPS, atomically (GLPK's writer takes only a file name). */
struct model_export {
	const char *path;
	const struct cp_solver_problem *sp;
	const struct cp_solver_options *so;
	struct cp_error err; /* why it failed */
};

static bool
write_mps_at(const char *tmp, void *data, struct cp_error *err)
{
	struct model_export *x = data;
	struct cp_solver_error serr = { 0 };
	if (cp_solver_write_mps(x->sp, x->so, tmp, &serr) == CP_SOLVER_OK)
		return true;
	/* the message names the temporary: name the file asked for */
	cp_error_set(err, serr.status == CP_SOLVER_ERR_NOMEM ? CP_ERR_NOMEM : CP_ERR_IO,
		     "cannot write the model to %s", x->path);
	return false;
}

static bool
export_model(const struct cp_solver_problem *sp, const struct cp_solver_options *so, void *data)
{
	struct model_export *x = data;
	x->sp = sp;
	x->so = so;
	return cp_atomic_write_by(x->path, write_mps_at, x, &x->err);
}

static enum cp_status
from_engine(struct cp_error *err, const struct cp_engine_error *eerr)
{
	enum cp_status st = CP_ERR_INVALID;
	switch (eerr->status) {
	case CP_ENGINE_ERR_NOMEM:
		st = CP_ERR_NOMEM;
		break;
	case CP_ENGINE_ERR_HOLIDAYS:
		st = CP_ERR_IO;
		break;
	default:
		break;
	}
	return cp_error_set(err, st, "%s", eerr->message);
}

struct calendars {
	struct cp_holiday_calendar **v;
	size_t n;
};

static void
calendars_finish(struct calendars *c)
{
	for (size_t i = 0; i < c->n; i++)
		cp_holidays_destroy(c->v[i]);
	free(c->v);
}

/* Load each shipped calendar the problem names (policy and people's
 * own), once; calendars defined in the problem need no file. */
static enum cp_status
load_calendars(const struct cp_problem *p, const char *dir, struct calendars *out,
	       struct cp_error *err)
{
	const char *ids[CP_PROBLEM_MAX_CALENDARS];
	char where[CP_PROBLEM_MAX_CALENDARS][CP_PROBLEM_PATH_LEN];
	size_t n = cp_problem_shipped_calendars(p, ids, where, CP_PROBLEM_MAX_CALENDARS);
	if (n > CP_PROBLEM_MAX_CALENDARS)
		return cp_error_set(err, CP_ERR_INVALID,
				    "more than %d different shipped holiday calendars are named",
				    CP_PROBLEM_MAX_CALENDARS);
	out->v = calloc(n ? n : 1, sizeof *out->v);
	if (!out->v)
		return cp_error_set(err, CP_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct cp_error herr = { 0 };
		struct cp_holiday_calendar *cal = cp_holidays_json_load_id(dir, ids[i], &herr);
		/* A shipped data file, its id checked when the problem was read:
		 * failing now is ours (I/O), not the input's, unless memory ran
		 * out. */
		if (!cal)
			return cp_error_set(err, herr.status == CP_ERR_NOMEM ? CP_ERR_NOMEM : CP_ERR_IO,
					    "%s: %s", where[i], herr.message);
		out->v[out->n++] = cal;
	}
	return CP_OK;
}

/* What plan.json readers (report, feeds) need from the problem: teachers'
 * limits and the course's own theme names. Teachers' display names stay
 * out (docs/domain.md, "Privacy"). */
static bool
add_problem_extras(struct cp_plan *plan, const struct cp_problem *p)
{
	for (size_t i = 0; i < cp_problem_teacher_count(p); i++) {
		const struct cp_teacher *t = cp_problem_teacher(p, i);
		struct cp_plan_teacher *pt = cp_plan_add_teacher(plan);
		if (!pt)
			return false;
		pt->id = cp_plan_strdup(plan, t->id);
		pt->zone = cp_plan_strdup(plan, t->zone);
		pt->max_day = t->max_day;
		pt->max_week = t->max_week;
		pt->earliest = t->earliest;
		pt->latest = t->latest;
	}
	const struct cp_course *course = cp_problem_course(p);
	for (size_t i = 0; i < course->n_themes; i++) {
		struct cp_plan_theme *th = cp_plan_add_theme(plan);
		if (!th)
			return false;
		th->id = cp_plan_strdup(plan, course->themes[i].id);
		th->name = cp_plan_strdup(plan, course->themes[i].name);
	}
	return !cp_plan_nomem(plan);
}

enum cp_status
cp_pipeline_solve(struct cp_tzdb *db, const struct cp_problem *p,
		  const struct cp_pipeline_options *o, struct cp_plan **out,
		  struct cp_error *err)
{
	struct calendars cals = { 0 };
	struct cp_islamic *islamic = NULL;
	struct cp_engine *engine = NULL;
	struct cp_hijri_calendar hijri;
	enum cp_status st;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	st = load_calendars(p, o->holidays_dir ? o->holidays_dir : cp_pipeline_holidays_dir(),
			    &cals, err);
	if (st != CP_OK)
		goto done;

	struct cp_error ierr = { 0 };
	islamic = cp_islamic_create(NULL, &ierr);
	if (!islamic) {
		st = cp_error_set(err, ierr.status == CP_ERR_NOMEM ? CP_ERR_NOMEM : CP_ERR_INTERNAL,
				  "ICU Islamic calendar: %s", ierr.message);
		goto done;
	}
	hijri = cp_islamic_hijri(islamic);

	struct cp_engine_input in = {
		.problem = p,
		.calendars = (const struct cp_holiday_calendar *const *)cals.v,
		.n_calendars = cals.n,
		.hijri = &hijri,
	};
	struct cp_engine_error eerr = { 0 };
	engine = cp_engine_create(&in, NULL, NULL, &eerr);
	if (!engine) {
		st = from_engine(err, &eerr);
		goto done;
	}

	struct cp_planner_options po;
	cp_planner_options_init(&po);
	po.solver.time_limit = o->time_limit;
	po.solver.gap = o->gap;
	po.solver.seed = o->seed;
	po.solver.method = o->method;
	po.solver.threads = o->threads;
	po.solver.deterministic = o->deterministic;
	po.solver.node_limit = o->node_limit;
	po.solver.progress = o->progress;
	po.solver.progress_data = o->progress_data;
	po.previous = o->previous;
	po.now = o->now;
	po.tzdata_version = cp_tzdb_version(db);
	struct model_export mx = { .path = o->export_model };
	if (o->export_model) {
		po.export_model = export_model;
		po.export_data = &mx;
	}
	po.groups = o->teacher_groups;
	/* the time limit bounds the whole solve: calendars, candidates and
	 * attendability count (about 3 s of 60 at 20,000 people) */
	clock_gettime(CLOCK_MONOTONIC, &t1);
	po.spent = o->spent + (double)(t1.tv_sec - t0.tv_sec) +
		   (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
	if (cp_planner_run(engine, &po, out, &eerr) != CP_ENGINE_OK) {
		st = eerr.status == CP_ENGINE_ERR_EXPORT
			? cp_error_set(err, mx.err.status, "%s", mx.err.message)
			: from_engine(err, &eerr);
		goto done;
	}
	/* The planner keeps an id only for an identical timetable; the same
	 * group of people must keep it when its times move too, or every
	 * subscribed calendar gets the group's lessons twice. */
	/* plan.json carries the reasons and advice in English words too, for
	 * logs and programs (docs/plan.md); every writer words them anew. */
	if ((o->previous && !cp_plan_match_ids(*out, o->previous)) ||
	    !add_problem_extras(*out, p) || !cp_explain_fill(*out)) {
		cp_plan_destroy(*out);
		*out = NULL;
		st = cp_error_set(err, CP_ERR_NOMEM, "out of memory");
	} else if (cp_problem_course(p)->quiz.present &&
		   !cp_plan_schedule_quiz(*out, cp_problem_course(p)->quiz.minutes,
					  cp_problem_course(p)->quiz.live, db)) {
		/* The plan's zones are the problem's, all known to db. */
		cp_plan_destroy(*out);
		*out = NULL;
		st = cp_error_set(err, CP_ERR_INTERNAL, "a zone of the plan is not in the tzdata");
	}

done:
	cp_engine_destroy(engine);
	cp_islamic_destroy(islamic);
	calendars_finish(&cals);
	return st;
}

struct cp_pipeline_engine {
	struct calendars cals;
	struct cp_islamic *islamic;
	struct cp_hijri_calendar hijri;
	struct cp_engine *engine;
};

struct cp_pipeline_engine *
cp_pipeline_engine_create(const struct cp_problem *p, const char *holidays_dir,
			  struct cp_error *err)
{
	struct cp_pipeline_engine *pe = calloc(1, sizeof(*pe));
	if (!pe) {
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
		return NULL;
	}
	if (load_calendars(p, holidays_dir ? holidays_dir : cp_pipeline_holidays_dir(), &pe->cals,
			   err) != CP_OK)
		goto fail;
	struct cp_error ierr = { 0 };
	pe->islamic = cp_islamic_create(NULL, &ierr);
	if (!pe->islamic) {
		cp_error_set(err, ierr.status == CP_ERR_NOMEM ? CP_ERR_NOMEM : CP_ERR_INTERNAL,
			     "ICU Islamic calendar: %s", ierr.message);
		goto fail;
	}
	pe->hijri = cp_islamic_hijri(pe->islamic);
	struct cp_engine_input in = {
		.problem = p,
		.calendars = (const struct cp_holiday_calendar *const *)pe->cals.v,
		.n_calendars = pe->cals.n,
		.hijri = &pe->hijri,
	};
	struct cp_engine_error eerr = { 0 };
	pe->engine = cp_engine_create(&in, NULL, NULL, &eerr);
	if (!pe->engine) {
		from_engine(err, &eerr);
		goto fail;
	}
	return pe;
fail:
	cp_pipeline_engine_destroy(pe);
	return NULL;
}

const struct cp_engine *
cp_pipeline_engine_get(const struct cp_pipeline_engine *pe)
{
	return pe->engine;
}

void
cp_pipeline_engine_destroy(struct cp_pipeline_engine *pe)
{
	if (!pe)
		return;
	cp_engine_destroy(pe->engine);
	cp_islamic_destroy(pe->islamic);
	calendars_finish(&pe->cals);
	free(pe);
}
