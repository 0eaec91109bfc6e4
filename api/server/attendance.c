/*
 * POST /v1/plans/<id>/attendance: the attendance KPI of a stored plan from
 * the register of the lessons held so far (docs/attendance.md), as
 * `cohortplan attendance PLAN.json REGISTER.csv` computes it. The body is
 * REGISTER.csv (participant,cohort,lesson,minutes_present); the answer is
 * attendance.json, or 422 with every bad row by line and column. Make-up
 * options are checked with the engine against the course's problem as
 * stored now (as the CLI with --problem) when it reads and has every member
 * of the plan; otherwise they come from the plan alone ("not_checked", as
 * the CLI without --problem). Nothing is stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/engine.h>
#include <cohortplan/makeup.h>
#include <cohortplan/progress.h>

#include "formats/attendance_json.h"
#include "formats/json_build.h"
#include "formats/plan_json.h"
#include "formats/problem_json.h"
#include "formats/register_csv.h"
#include "pipeline/pipeline.h"
#include "reply.h"
#include "server-private.h"

/* 422 {"error": {...}, "rows": [{"line", "column", "message"}]} */
static enum MHD_Result
bad_register(struct srv_request *r, const struct cp_diag *d)
{
	struct cp_jb *root = cp_jb_object();
	struct cp_jb *e = root ? cp_jb_add_object(root, "error") : NULL;
	struct cp_jb *rows = root ? cp_jb_add_array(root, "rows") : NULL;
	bool ok = e && rows && cp_jb_num(e, "status", 422) &&
		  cp_jb_str(e, "code", "invalid_register") &&
		  cp_jb_str(e, "message", "the register has errors: nothing was computed");
	for (size_t i = 0; i < cp_diag_count(d) && ok; i++) {
		const struct cp_diag_entry *x = cp_diag_entry(d, i);
		struct cp_jb *row = x->severity == CP_DIAG_ERROR ? cp_jb_object() : NULL;
		if (x->severity != CP_DIAG_ERROR)
			continue;
		ok = row && cp_jb_num(row, "line", (double)x->line) &&
		     cp_jb_num(row, "column", (double)x->column) &&
		     cp_jb_str(row, "message", x->message);
		if (ok)
			ok = cp_jb_push(rows, row);
		else
			cp_jb_delete(row);
	}
	char *text = ok ? cp_jb_print(root) : NULL;
	cp_jb_delete(root);
	if (!text)
		return srv_reply_error(r, 500, "internal", "out of memory");
	return srv_reply_json(r, 422, text);
}

/* The engine's make-up judge on the stored problem of the plan's course. */
struct checker {
	struct cp_problem *problem;
	struct cp_pipeline_engine *pe;
	struct cp_makeup_judge *judge;
};

static void
checker_finish(struct checker *c)
{
	cp_makeup_judge_destroy(c->judge);
	cp_pipeline_engine_destroy(c->pe);
	cp_problem_destroy(c->problem);
}

/* Set up c, po and jo to check make-up options against the problem the
 * plan row belongs to; false (options then not checked) when it is gone,
 * does not read, or lacks a member of the plan. */
static bool
checker_init(struct cp_server *s, struct cp_store *st, const struct cp_store_plan *row,
	     const struct cp_plan *plan, struct checker *c, struct cp_progress_options *po,
	     struct cp_attendance_json_options *jo)
{
	struct cp_store_problem pr = { 0 };
	struct cp_problem_json_options opts = { .no_files = true,
						.holidays_dir = s->cfg.holidays_dir };
	struct cp_diag *d = cp_diag_create(1);
	struct cp_error perr = { 0 };
	struct cp_engine_error eerr = { 0 };

	memset(c, 0, sizeof(*c));
	if (d && row->problem_id &&
	    cp_store_problem_get(st, row->problem_id, &pr, NULL) == CP_OK &&
	    cp_problem_json_parse(pr.body, pr.body_len, s->cfg.tzdb, &opts, &c->problem, d) ==
		    CP_PROBLEM_OK &&
	    (c->pe = cp_pipeline_engine_create(c->problem, s->cfg.holidays_dir, &perr)))
		c->judge = cp_makeup_judge_create(plan, c->problem,
						  cp_engine_attend(cp_pipeline_engine_get(c->pe)),
						  NULL, 0, &eerr);
	cp_store_problem_finish(&pr);
	cp_diag_destroy(d);
	if (!c->judge) {
		checker_finish(c);
		memset(c, 0, sizeof(*c));
		return false;
	}
	po->judge = cp_makeup_judge;
	po->judge_data = c->judge;
	po->makeup_counts = cp_problem_policy(c->problem)->makeup_counts;
	jo->checked = true;
	jo->makeup_counts = po->makeup_counts;
	return true;
}

enum MHD_Result
srv_plan_attendance(struct srv_request *r, struct cp_store *st, int64_t plan_id)
{
	struct cp_server *s = r->srv;
	struct cp_error err = { 0 };
	struct cp_store_plan row = { 0 };
	struct cp_plan *plan = NULL;
	struct cp_progress_row *rows = NULL;
	struct cp_progress *progress = NULL;
	struct cp_attendance_json_options jo = { .db = s->cfg.tzdb };
	struct cp_progress_options po = { 0 };
	struct checker chk = { 0 };
	enum MHD_Result ret;
	size_t n_rows = 0, len = 0;
	char *body = NULL;

	enum cp_status rc = cp_store_plan_get(st, plan_id, &row, &err);
	if (rc == CP_ERR_NOT_FOUND)
		return srv_reply_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no plan %lld",
				       (long long)plan_id);
	if (rc)
		return srv_reply_store_error(r, &err);
	struct cp_diag *d = cp_diag_create(0);
	if (!d || cp_plan_json_parse(row.body, row.body_len, s->cfg.tzdb, &plan, d) !=
			  CP_PLAN_JSON_OK) {
		ret = srv_reply_error(r, 500, "internal", "the stored plan could not be read");
		goto out;
	}
	cp_diag_destroy(d);
	d = cp_diag_create(0);
	enum cp_register_status rs =
		d ? cp_register_csv_parse(r->body ? r->body : "", r->len, plan, &rows, &n_rows, d)
		  : CP_REGISTER_ERR_NOMEM;
	if (rs == CP_REGISTER_ERR_INVALID) {
		ret = bad_register(r, d);
		goto out;
	}
	if (rs == CP_REGISTER_OK) {
		checker_init(s, st, &row, plan, &chk, &po, &jo);
		progress = cp_progress_compute_with(plan, rows, n_rows, &po);
	}
	if (progress)
		body = cp_attendance_json_write(plan, progress, &jo, &len);
	ret = body ? srv_reply(r, MHD_HTTP_OK, "application/json", body, len)
		   : srv_reply_error(r, 500, "internal", "out of memory");
out:
	cp_progress_destroy(progress);
	checker_finish(&chk);
	free(rows);
	cp_plan_destroy(plan);
	cp_diag_destroy(d);
	cp_store_plan_finish(&row);
	return ret;
}
