/*
 * Solve jobs: a bounded queue in front of a fixed pool of worker threads.
 * Each worker has its own store connection. Progress (incumbent, bound,
 * gap) is kept in memory while a job runs and written to the store when it
 * ends; a job that is asked to stop, or running when the server shuts
 * down, ends with the best plan found so far, which is stored like any
 * other.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cohortplan/diag.h>
#include <cohortplan/plan.h>
#include <cohortplan/problem.h>

#include "formats/json_build.h"
#include "formats/plan_json.h"
#include "formats/problem_json.h"
#include "server-private.h"

struct job {
	int64_t id;
	char *problem_id;
	int64_t problem_version;
	bool replan;
	int64_t previous_plan;
	double time_limit, gap;
	unsigned long seed;
	int64_t created;
	/* Live state, under jobs.lock. */
	const char *state;      /* "queued" or "running" */
	bool has_progress;
	struct cp_solver_progress progress;
	bool stop;
	struct job *next;       /* queue link */
};

struct worker {
	struct srv_jobs *jobs;
	pthread_t thread;
	bool started;
	struct cp_store *store;
	struct job *job;        /* running, or NULL */
};

struct srv_jobs {
	struct cp_server *srv;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct job *head, *tail;
	size_t queued, max_queue;
	struct worker *workers;
	size_t n_workers;
	bool stopping;
	pthread_cond_t released;    /* a held solve's job was stopped (hold_solves) */
};

/* Solver threads per job: the cores shared by the workers that may solve
 * at once, at least one each. */
static int
solver_threads(size_t n_workers)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	long per = cores > 0 && n_workers > 0 ? cores / (long)n_workers : 1;
	return per > 0 ? (int)per : 1;
}

static void
job_free(struct job *j)
{
	if (j) {
		free(j->problem_id);
		free(j);
	}
}

static const char *
phase_name(enum cp_solver_phase p)
{
	switch (p) {
	case CP_SOLVER_PHASE_GREEDY: return "greedy";
	case CP_SOLVER_PHASE_LP: return "lp";
	case CP_SOLVER_PHASE_MIP: return "mip";
	case CP_SOLVER_PHASE_LNS: return "lns";
	case CP_SOLVER_PHASE_DONE: return "done";
	}
	return "unknown";
}

static bool
add_num(struct cp_jb *o, const char *k, double v)
{
	/* JSON has no NaN: unknown values are null. */
	if (!isfinite(v))
		return cp_jb_null(o, k);
	return cp_jb_num(o, k, v);
}

static char *
describe(int64_t id, const char *problem_id, const char *kind, const char *state,
	 const char *phase, double incumbent, double bound, double gap, double elapsed,
	 int64_t plan_id, const char *error, int64_t created, int64_t finished)
{
	struct cp_jb *root = cp_jb_object(), *prog;
	char url[64];
	char *out = NULL;
	bool ok;

	if (!root)
		return NULL;
	snprintf(url, sizeof(url), "/v1/jobs/%lld", (long long)id);
	ok = add_num(root, "id", (double)id) && cp_jb_str(root, "url", url) &&
	     cp_jb_str(root, "problem", problem_id) &&
	     cp_jb_str(root, "kind", kind) &&
	     cp_jb_str(root, "state", state) &&
	     (prog = cp_jb_add_object(root, "progress")) &&
	     (phase ? cp_jb_str(prog, "phase", phase)
		    : cp_jb_null(prog, "phase")) &&
	     add_num(prog, "incumbent", incumbent) && add_num(prog, "bound", bound) &&
	     add_num(prog, "gap", gap) && add_num(prog, "elapsed", elapsed) &&
	     add_num(root, "created", (double)created);
	if (ok && plan_id) {
		snprintf(url, sizeof(url), "/v1/plans/%lld", (long long)plan_id);
		ok = add_num(root, "plan_id", (double)plan_id) &&
		     cp_jb_str(root, "plan", url);
	}
	if (ok && error)
		ok = cp_jb_str(root, "error", error);
	if (ok && finished)
		ok = add_num(root, "finished", (double)finished);
	if (ok)
		out = cp_jb_print(root);
	cp_jb_delete(root);
	return out;
}

char *
srv_jobs_describe(struct srv_jobs *js, int64_t job_id)
{
	char *out = NULL;
	struct job *found = NULL;

	pthread_mutex_lock(&js->lock);
	for (struct job *j = js->head; j && !found; j = j->next)
		if (j->id == job_id)
			found = j;
	for (size_t i = 0; i < js->n_workers && !found; i++)
		if (js->workers[i].job && js->workers[i].job->id == job_id)
			found = js->workers[i].job;
	if (found) {
		const struct cp_solver_progress *p = &found->progress;
		bool h = found->has_progress;
		out = describe(found->id, found->problem_id, found->replan ? "replan" : "solve",
			       found->state, h ? phase_name(p->phase) : NULL,
			       h && p->has_incumbent ? p->incumbent : NAN, h ? p->bound : NAN,
			       h ? p->gap : NAN, h ? p->elapsed : NAN, 0, NULL, found->created, 0);
		if (!out)
			out = strdup("{}");
	}
	pthread_mutex_unlock(&js->lock);
	return out;
}

char *
srv_jobs_describe_stored(const struct cp_store_job *j)
{
	return describe(j->id, j->problem_id, j->kind, j->state, NULL, j->incumbent, j->bound,
			j->gap, j->elapsed, j->plan_id, j->error, j->created, j->finished);
}

bool
srv_jobs_active_for(struct srv_jobs *js, const char *problem_id)
{
	bool active = false;

	pthread_mutex_lock(&js->lock);
	for (struct job *j = js->head; j && !active; j = j->next)
		active = strcmp(j->problem_id, problem_id) == 0;
	for (size_t i = 0; i < js->n_workers && !active; i++)
		active = js->workers[i].job &&
			 strcmp(js->workers[i].job->problem_id, problem_id) == 0;
	pthread_mutex_unlock(&js->lock);
	return active;
}

bool
srv_jobs_stop(struct srv_jobs *js, int64_t job_id)
{
	bool found = false;

	pthread_mutex_lock(&js->lock);
	for (size_t i = 0; i < js->n_workers; i++)
		if (js->workers[i].job && js->workers[i].job->id == job_id) {
			js->workers[i].job->stop = true;
			found = true;
		}
	pthread_cond_broadcast(&js->released);
	/* A queued job is stopped by running it with nothing to do: it is
	 * taken out of the queue and recorded as stopped without a plan. */
	for (struct job **pp = &js->head; *pp && !found; pp = &(*pp)->next)
		if ((*pp)->id == job_id) {
			(*pp)->stop = true;
			found = true;
		}
	pthread_mutex_unlock(&js->lock);
	return found;
}

enum srv_jobs_status
srv_jobs_submit(struct srv_jobs *js, struct cp_store *st, const struct srv_job_request *req,
		int64_t *job_id, char *msg, size_t msg_len)
{
	struct cp_error err = { 0 };
	struct job *j;
	enum srv_jobs_status rc = SRV_JOBS_OK;

	j = calloc(1, sizeof(*j));
	if (!j || !(j->problem_id = strdup(req->problem_id))) {
		job_free(j);
		snprintf(msg, msg_len, "out of memory");
		return SRV_JOBS_ERROR;
	}
	j->problem_version = req->problem_version;
	j->replan = req->replan;
	j->previous_plan = req->previous_plan;
	j->time_limit = req->time_limit;
	j->gap = req->gap;
	j->seed = req->seed;
	j->state = "queued";
	j->created = srv_now(js->srv);

	pthread_mutex_lock(&js->lock);
	if (js->stopping) {
		snprintf(msg, msg_len, "the server is shutting down");
		rc = SRV_JOBS_STOPPING;
	} else if (js->queued >= js->max_queue) {
		snprintf(msg, msg_len, "%zu solve jobs are waiting already; try again later",
			 js->queued);
		rc = SRV_JOBS_FULL;
	} else {
		bool busy = false;
		for (struct job *q = js->head; q && !busy; q = q->next)
			busy = strcmp(q->problem_id, j->problem_id) == 0;
		for (size_t i = 0; i < js->n_workers && !busy; i++)
			busy = js->workers[i].job &&
			       strcmp(js->workers[i].job->problem_id, j->problem_id) == 0;
		if (busy) {
			snprintf(msg, msg_len, "problem '%s' is being solved already",
				 j->problem_id);
			rc = SRV_JOBS_BUSY;
		}
	}
	if (rc == SRV_JOBS_OK &&
	    cp_store_job_add(st, j->problem_id, j->problem_version,
			     j->replan ? "replan" : "solve", j->created, &j->id, &err)) {
		snprintf(msg, msg_len, "%s", err.message);
		rc = SRV_JOBS_ERROR;
	}
	if (rc == SRV_JOBS_OK) {
		if (js->tail)
			js->tail->next = j;
		else
			js->head = j;
		js->tail = j;
		js->queued++;
		*job_id = j->id;
		pthread_cond_signal(&js->cond);
	}
	pthread_mutex_unlock(&js->lock);
	if (rc != SRV_JOBS_OK)
		job_free(j);
	return rc;
}

static bool
on_progress(const struct cp_solver_progress *prog, void *data)
{
	struct worker *w = data;
	struct srv_jobs *js = w->jobs;
	bool go;

	pthread_mutex_lock(&js->lock);
	w->job->progress = *prog;
	w->job->has_progress = true;
	while (js->srv->cfg.hold_solves && !w->job->stop && !js->stopping)
		pthread_cond_wait(&js->released, &js->lock);
	go = !w->job->stop && !js->stopping;
	pthread_mutex_unlock(&js->lock);
	return go;
}

/* Run one job to its end and record the outcome. */
static void
run_job(struct worker *w, struct job *j)
{
	struct cp_server *s = w->jobs->srv;
	struct cp_error serr = { 0 };
	struct cp_store_problem prob = { 0 };
	struct cp_store_plan prev_row = { 0 };
	struct cp_store_job rec = { 0 };
	struct cp_problem *p = NULL;
	struct cp_plan *prev = NULL, *plan = NULL;
	struct cp_diag *diag = cp_diag_create(8);
	struct cp_pipeline_options o;
	struct cp_error perr = { 0 };
	char error[600] = "";
	char *text = NULL;
	size_t text_len = 0;
	bool stopped;

	rec.id = j->id;
	rec.incumbent = rec.bound = rec.gap = rec.elapsed = NAN;
	if (!diag) {
		snprintf(error, sizeof(error), "out of memory");
		goto done;
	}
	if (cp_store_problem_get(w->store, j->problem_id, &prob, &serr)) {
		snprintf(error, sizeof(error), "reading the problem: %.500s", serr.message);
		goto done;
	}
	if (prob.version != j->problem_version) {
		snprintf(error, sizeof(error), "the problem was replaced while the job waited");
		goto done;
	}
	{
		struct cp_problem_json_options po = { .no_files = true,
						      .holidays_dir = s->cfg.holidays_dir };
		if (cp_problem_json_parse(prob.body, prob.body_len, s->cfg.tzdb, &po, &p, diag)) {
			snprintf(error, sizeof(error), "the stored problem no longer reads: %s",
				 cp_diag_count(diag) ? cp_diag_entry(diag, 0)->message : "?");
			goto done;
		}
	}
	if (j->replan) {
		if (cp_store_plan_get(w->store, j->previous_plan, &prev_row, &serr)) {
			snprintf(error, sizeof(error), "reading the published plan: %.500s",
				 serr.message);
			goto done;
		}
		cp_diag_clear(diag);
		if (cp_plan_json_parse(prev_row.body, prev_row.body_len, s->cfg.tzdb, &prev,
				       diag)) {
			snprintf(error, sizeof(error), "the published plan does not read: %s",
				 cp_diag_count(diag) ? cp_diag_entry(diag, 0)->message : "?");
			goto done;
		}
	}
	cp_pipeline_options_init(&o);
	o.time_limit = j->time_limit;
	o.gap = j->gap;
	o.seed = j->seed;
	o.now = srv_now(s);
	o.previous = prev;
	o.holidays_dir = s->cfg.holidays_dir;
	o.progress = on_progress;
	o.progress_data = w;
	o.threads = solver_threads(w->jobs->n_workers);
	srv_log(s, "job %lld: %s of problem '%s' started", (long long)j->id,
		j->replan ? "re-plan" : "solve", j->problem_id);
	if (s->cfg.solve(s->cfg.tzdb, p, &o, &plan, &perr) != CP_OK) {
		snprintf(error, sizeof(error), "%s", perr.message[0] ? perr.message : "solve failed");
		goto done;
	}
	text = cp_plan_json_write(plan, &text_len);
	if (!text) {
		snprintf(error, sizeof(error), "out of memory writing the plan");
		goto done;
	}
	if (cp_store_plan_add(w->store, j->problem_id, j->problem_version, text, text_len,
			      srv_now(s), &rec.plan_id, &serr)) {
		snprintf(error, sizeof(error), "storing the plan: %.500s", serr.message);
		goto done;
	}
	rec.incumbent = plan->objective;
	rec.bound = plan->bound;
	rec.gap = plan->gap;
	rec.elapsed = plan->solve_seconds;

done:
	pthread_mutex_lock(&w->jobs->lock);
	stopped = j->stop || w->jobs->stopping;
	if (!rec.plan_id && j->has_progress) {
		rec.incumbent = j->progress.has_incumbent ? j->progress.incumbent : NAN;
		rec.bound = j->progress.bound;
		rec.gap = j->progress.gap;
		rec.elapsed = j->progress.elapsed;
	}
	pthread_mutex_unlock(&w->jobs->lock);
	rec.state = (char *)(error[0] ? "failed" : stopped ? "stopped" : "done");
	rec.error = error[0] ? error : NULL;
	rec.finished = srv_now(s);
	if (cp_store_job_update(w->store, &rec, &serr))
		srv_log(s, "job %lld: cannot record its end: %s", (long long)j->id, serr.message);
	if (error[0])
		srv_log(s, "job %lld: failed", (long long)j->id);
	else
		srv_log(s, "job %lld: %s, plan %lld, gap %.4g", (long long)j->id, rec.state,
			(long long)rec.plan_id, rec.gap);
	free(text);
	cp_plan_destroy(plan);
	cp_plan_destroy(prev);
	cp_problem_destroy(p);
	cp_diag_destroy(diag);
	cp_store_problem_finish(&prob);
	cp_store_plan_finish(&prev_row);
}

static void
record_unstarted(struct cp_store *st, struct job *j, const char *state, int64_t now)
{
	struct cp_store_job rec = { .id = j->id, .state = (char *)state, .finished = now };

	rec.incumbent = rec.bound = rec.gap = rec.elapsed = NAN;
	cp_store_job_update(st, &rec, NULL);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct srv_jobs *js = w->jobs;

	pthread_mutex_lock(&js->lock);
	for (;;) {
		struct job *j;

		while (!js->stopping && !js->head)
			pthread_cond_wait(&js->cond, &js->lock);
		if (js->stopping)
			break;
		j = js->head;
		js->head = j->next;
		if (!js->head)
			js->tail = NULL;
		js->queued--;
		j->next = NULL;
		if (j->stop) {
			pthread_mutex_unlock(&js->lock);
			record_unstarted(w->store, j, "stopped", srv_now(js->srv));
			job_free(j);
			pthread_mutex_lock(&js->lock);
			continue;
		}
		j->state = "running";
		w->job = j;
		pthread_mutex_unlock(&js->lock);
		{
			struct cp_store_job rec = { .id = j->id, .state = (char *)"running" };
			rec.incumbent = rec.bound = rec.gap = rec.elapsed = NAN;
			cp_store_job_update(w->store, &rec, NULL);
		}
		run_job(w, j);
		pthread_mutex_lock(&js->lock);
		w->job = NULL;
		job_free(j);
	}
	pthread_mutex_unlock(&js->lock);
	return NULL;
}

struct srv_jobs *
srv_jobs_create(struct cp_server *s, unsigned workers, unsigned queue, struct cp_error *err)
{
	struct srv_jobs *js = calloc(1, sizeof(*js));
	struct cp_error serr = { 0 };

	if (!js)
		goto nomem;
	js->srv = s;
	js->max_queue = queue;
	pthread_mutex_init(&js->lock, NULL);
	pthread_cond_init(&js->cond, NULL);
	pthread_cond_init(&js->released, NULL);
	js->workers = calloc(workers, sizeof(*js->workers));
	if (!js->workers)
		goto nomem;
	js->n_workers = workers;
	for (size_t i = 0; i < workers; i++) {
		struct worker *w = &js->workers[i];
		w->jobs = js;
		w->store = cp_store_open(s->db, &serr);
		if (!w->store) {
			if (err)
				*err = serr;
			srv_jobs_destroy(js);
			return NULL;
		}
		if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
			srv_jobs_destroy(js);
			js = NULL;
			goto nomem;
		}
		w->started = true;
	}
	return js;
nomem:
	cp_error_set(err, CP_ERR_NOMEM, "cannot start the solve workers");
	if (js && !js->workers) {
		pthread_mutex_destroy(&js->lock);
		pthread_cond_destroy(&js->cond);
		pthread_cond_destroy(&js->released);
		free(js);
	}
	return NULL;
}

void
srv_jobs_destroy(struct srv_jobs *js)
{
	if (!js)
		return;
	pthread_mutex_lock(&js->lock);
	js->stopping = true;
	for (size_t i = 0; i < js->n_workers; i++)
		if (js->workers[i].job)
			js->workers[i].job->stop = true;
	pthread_cond_broadcast(&js->cond);
	pthread_cond_broadcast(&js->released);
	pthread_mutex_unlock(&js->lock);
	for (size_t i = 0; i < js->n_workers; i++)
		if (js->workers[i].started)
			pthread_join(js->workers[i].thread, NULL);
	/* Jobs that never started are recorded as interrupted now, so the
	 * planner sees why, and can submit them again. */
	while (js->head) {
		struct job *j = js->head;
		js->head = j->next;
		if (js->n_workers && js->workers[0].store)
			record_unstarted(js->workers[0].store, j, "interrupted",
					 srv_now(js->srv));
		job_free(j);
	}
	for (size_t i = 0; i < js->n_workers; i++)
		cp_store_destroy(js->workers[i].store);
	free(js->workers);
	pthread_mutex_destroy(&js->lock);
	pthread_cond_destroy(&js->cond);
	pthread_cond_destroy(&js->released);
	free(js);
}
