/*
 * The problem builder: plain appends with the checks that can be made one
 * value at a time. Cross-checks (duplicate pairs) wait for model_init so
 * that adding stays O(1).
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "solver-private.h"
#include "cp_util.h"

const char *cp_solver_strerror(enum cp_solver_status status)
{
	switch (status) {
	case CP_SOLVER_OK: return "success";
	case CP_SOLVER_ERR_NOMEM: return "out of memory";
	case CP_SOLVER_ERR_INVALID: return "invalid value";
	case CP_SOLVER_ERR_RANGE: return "index out of range";
	case CP_SOLVER_ERR_IO: return "cannot write file";
	case CP_SOLVER_ERR_INTERNAL: return "internal solver error";
	}
	return "unknown error";
}

const char *cp_solver_outcome_to_str(enum cp_solver_outcome o)
{
	switch (o) {
	case CP_SOLVER_OPTIMAL: return "optimal";
	case CP_SOLVER_GAP_REACHED: return "gap reached";
	case CP_SOLVER_FEASIBLE: return "feasible";
	}
	return "unknown";
}

const char *cp_solver_source_to_str(enum cp_solver_source s)
{
	switch (s) {
	case CP_SOLVER_SOURCE_GREEDY: return "greedy";
	case CP_SOLVER_SOURCE_ROUNDING: return "lp-rounding";
	case CP_SOLVER_SOURCE_MIP: return "branch-and-bound";
	case CP_SOLVER_SOURCE_LNS: return "neighbourhood-search";
	}
	return "unknown";
}

const char *cp_solver_reason_to_str(enum cp_solver_reason r)
{
	switch (r) {
	case CP_SOLVER_REASON_NONE: return "placed";
	case CP_SOLVER_REASON_NO_CANDIDATE: return "no-candidate";
	case CP_SOLVER_REASON_TOO_FEW: return "too-few";
	case CP_SOLVER_REASON_REMAINING_TOO_FEW: return "remaining-too-few";
	case CP_SOLVER_REASON_CAPACITY: return "capacity";
	case CP_SOLVER_REASON_SEPARATION: return "separation";
	}
	return "unknown";
}

enum cp_solver_status solver_fail(struct cp_solver_error *err,
		enum cp_solver_status st, const char *fmt, ...)
{
	CP_ERROR_SET(err, st, fmt);
	return st;
}

static enum cp_solver_status ok(struct cp_solver_error *err)
{
	if (err) {
		err->status = CP_SOLVER_OK;
		err->message[0] = '\0';
	}
	return CP_SOLVER_OK;
}

double solver_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Make room for one more element in p->arr (count p->n, capacity p->cap). */
#define GROW(p, arr, n, cap) CP_GROW((p)->arr, (p)->cap, (p)->n + 1, 16)

struct cp_solver_problem *cp_solver_problem_create(void)
{
	struct cp_solver_problem *p = calloc(1, sizeof *p);
	if (p)
		p->target = 0.8;
	return p;
}

void cp_solver_problem_destroy(struct cp_solver_problem *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nrows; i++)
		free(p->rows[i].label);
	free(p->rows);
	free(p->cls);
	free(p->cand);
	free(p->pairs);
	free(p->coefs);
	free(p->seps);
	free(p);
}

enum cp_solver_status cp_solver_problem_set_target(struct cp_solver_problem *p,
		double target, struct cp_solver_error *err)
{
	if (!(target >= 0.0 && target < 1.0))
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"attendance target %g is not in [0, 1)", target);
	p->target = target;
	return ok(err);
}

/* Counts are bounded so that heads (sum of count * unit) and GLPK's double
 * arithmetic stay exact. */
#define COUNT_MAX 100000000L

enum cp_solver_status cp_solver_problem_add_class(struct cp_solver_problem *p,
		const struct cp_solver_class *c, size_t *index,
		struct cp_solver_error *err)
{
	if (c->count < 0 || c->count > COUNT_MAX)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"class count %ld is not in [0, %ld]", c->count,
				COUNT_MAX);
	if (c->unit_size != 1 && c->unit_size != 2)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"class unit size %d is neither 1 nor 2",
				c->unit_size);
	if (c->language < 0)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"class language %d is negative", c->language);
	if (c->profile < 0)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"class profile %d is negative", c->profile);
	if (!GROW(p, cls, ncls, capcls))
		return solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
	if (index)
		*index = p->ncls;
	p->cls[p->ncls++] = *c;
	return ok(err);
}

enum cp_solver_status cp_solver_problem_add_candidate(
		struct cp_solver_problem *p, const struct cp_solver_candidate *k,
		size_t *index, struct cp_solver_error *err)
{
	if (k->language < 0)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"candidate language %d is negative", k->language);
	if (k->profile < -1)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"candidate profile %d is neither -1 nor an id",
				k->profile);
	if (k->min_size < 1 || k->max_size < k->min_size ||
	    k->max_size > COUNT_MAX)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"candidate sizes [%ld, %ld] are not 1 <= min <= max <= %ld",
				k->min_size, k->max_size, COUNT_MAX);
	if (k->max_open < 0 || k->max_open > COUNT_MAX)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"candidate max_open %ld is not in [0, %ld]",
				k->max_open, COUNT_MAX);
	if (!GROW(p, cand, ncand, capcand))
		return solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
	if (index)
		*index = p->ncand;
	p->cand[p->ncand++] = *k;
	return ok(err);
}

static bool unit_interval(double v)
{
	return v >= 0.0 && v <= 1.0; /* false for NaN */
}

enum cp_solver_status cp_solver_problem_add_eligibility(
		struct cp_solver_problem *p, size_t cls, size_t cand,
		const struct cp_solver_eligibility *e, struct cp_solver_error *err)
{
	const struct cp_solver_class *c;
	const struct cp_solver_candidate *k;

	if (cls >= p->ncls)
		return solver_fail(err, CP_SOLVER_ERR_RANGE,
				"class %zu does not exist", cls);
	if (cand >= p->ncand)
		return solver_fail(err, CP_SOLVER_ERR_RANGE,
				"candidate %zu does not exist", cand);
	c = &p->cls[cls];
	k = &p->cand[cand];
	if (c->language != k->language)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"class %zu (language %d) cannot join candidate %zu (language %d)",
				cls, c->language, cand, k->language);
	if (k->profile >= 0 && c->profile != k->profile)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"class %zu (profile %d) cannot join candidate %zu (profile %d)",
				cls, c->profile, cand, k->profile);
	if (!unit_interval(e->share))
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"share %g of class %zu in candidate %zu is not in [0, 1]",
				e->share, cls, cand);
	if (!unit_interval(e->edge) || !unit_interval(e->preference))
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"edge %g or preference %g of class %zu in candidate %zu is not in [0, 1]",
				e->edge, e->preference, cls, cand);
	if (!GROW(p, pairs, npairs, cappairs))
		return solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
	p->pairs[p->npairs].cls = cls;
	p->pairs[p->npairs].cand = cand;
	p->pairs[p->npairs].e = *e;
	p->npairs++;
	return ok(err);
}

enum cp_solver_status cp_solver_problem_add_row(struct cp_solver_problem *p,
		const char *label, double bound, size_t *index,
		struct cp_solver_error *err)
{
	char *copy;

	if (!(bound >= 0.0) || !isfinite(bound))
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"row bound %g is not finite and >= 0", bound);
	if (!GROW(p, rows, nrows, caprows))
		return solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
	copy = strdup(label ? label : "");
	if (!copy)
		return solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
	if (index)
		*index = p->nrows;
	p->rows[p->nrows].label = copy;
	p->rows[p->nrows].bound = bound;
	p->nrows++;
	return ok(err);
}

enum cp_solver_status cp_solver_problem_set_coef(struct cp_solver_problem *p,
		size_t row, size_t cand, double coef, struct cp_solver_error *err)
{
	if (row >= p->nrows)
		return solver_fail(err, CP_SOLVER_ERR_RANGE,
				"row %zu does not exist", row);
	if (cand >= p->ncand)
		return solver_fail(err, CP_SOLVER_ERR_RANGE,
				"candidate %zu does not exist", cand);
	if (!isfinite(coef) || fabs(coef) > 1e9)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"coefficient %g of candidate %zu in row %zu is not finite and at most 1e9",
				coef, cand, row);
	if (!GROW(p, coefs, ncoefs, capcoefs))
		return solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
	p->coefs[p->ncoefs].row = row;
	p->coefs[p->ncoefs].cand = cand;
	p->coefs[p->ncoefs].coef = coef;
	p->coefs[p->ncoefs].seq = p->ncoefs;
	p->ncoefs++;
	return ok(err);
}

enum cp_solver_status cp_solver_problem_add_separation(
		struct cp_solver_problem *p, size_t class_a, size_t class_b,
		struct cp_solver_error *err)
{
	if (class_a >= p->ncls || class_b >= p->ncls)
		return solver_fail(err, CP_SOLVER_ERR_RANGE,
				"class %zu does not exist",
				class_a >= p->ncls ? class_a : class_b);
	if (class_a == class_b)
		return solver_fail(err, CP_SOLVER_ERR_INVALID,
				"class %zu cannot be separated from itself", class_a);
	for (int i = 0; i < 2; i++) {
		size_t c = i ? class_b : class_a;
		if (p->cls[c].count != 1 || p->cls[c].unit_size != 1)
			return solver_fail(err, CP_SOLVER_ERR_INVALID,
					"separated class %zu must hold one single person (count %ld, unit size %d)",
					c, p->cls[c].count, p->cls[c].unit_size);
	}
	if (!GROW(p, seps, nseps, capseps))
		return solver_fail(err, CP_SOLVER_ERR_NOMEM, "out of memory");
	p->seps[p->nseps].a = class_a;
	p->seps[p->nseps].b = class_b;
	p->nseps++;
	return ok(err);
}

size_t cp_solver_problem_class_count(const struct cp_solver_problem *p)
{
	return p->ncls;
}

size_t cp_solver_problem_candidate_count(const struct cp_solver_problem *p)
{
	return p->ncand;
}

size_t cp_solver_problem_row_count(const struct cp_solver_problem *p)
{
	return p->nrows;
}

const char *cp_solver_problem_row_label(const struct cp_solver_problem *p,
		size_t row)
{
	return row < p->nrows ? p->rows[row].label : NULL;
}

void cp_solver_options_init(struct cp_solver_options *o)
{
	memset(o, 0, sizeof *o);
	o->time_limit = 60.0;
	o->gap = 1e-4;
	o->seed = 1;
	o->node_limit = 0;
	o->method = CP_SOLVER_METHOD_MIP;
	o->presolve = false;
	o->cuts = true;
	o->strong_links = false;
	o->colgen_pairs = 100000;
	o->bb_max_pairs = 100000;
	o->weights.margin = 0.5;
	o->weights.edge = 0.3;
	o->weights.preference = 0.2;
	o->weights.profile = 0.0;
	o->progress = NULL;
	o->progress_data = NULL;
	o->progress_interval = 1.0;
}
