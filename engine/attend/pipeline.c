/* The engine in one call: off days, candidates, attendability, pruning,
 * classes. See engine.h. */
#include <cohortplan/attend.h>
#include <cohortplan/candidates.h>
#include <cohortplan/engine.h>
#include <cohortplan/offdays.h>

#include <cohortplan/problem.h>

#include <stdlib.h>

struct cp_engine {
	struct cp_offdays *off;
	struct cp_cand *cand;
	struct cp_attend *attend;
};

struct cp_engine *cp_engine_create(const struct cp_engine_input *in,
				   const struct cp_cand_options *copts,
				   const struct cp_attend_options *aopts,
				   struct cp_engine_error *err)
{
	struct cp_engine *e = calloc(1, sizeof(*e));

	if (!e) {
		cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
		return NULL;
	}
	e->off = cp_offdays_create(in->problem, in->calendars, in->n_calendars, in->hijri, err);
	if (!e->off)
		goto fail;
	e->cand = cp_cand_create(in->problem, e->off, copts, err);
	if (!e->cand)
		goto fail;
	e->attend = cp_attend_create(in->problem, e->cand, e->off, aopts, err);
	if (!e->attend)
		goto fail;
	/* Week-by-week patterns for the rostered people no regular pattern
	 * serves; the attendability is judged again over the larger set. */
	int shapes = cp_problem_policy(in->problem)->by_week_shapes;
	if (shapes != 0 && !(copts && copts->no_by_week)) {
		size_t built = cp_attend_add_by_week(e->attend, e->cand, shapes);
		if (built == (size_t)-1 ||
		    (built > 0 && cp_cand_by_week_add(e->cand) == (size_t)-1)) {
			cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
			goto fail;
		}
		if (built > 0) {
			cp_attend_destroy(e->attend);
			e->attend = cp_attend_create(in->problem, e->cand, e->off, aopts, err);
			if (!e->attend)
				goto fail;
		}
	}
	if ((!aopts || !aopts->no_prune) &&
	    cp_cand_prune(e->cand, cp_attend_matrix(e->attend)) == (size_t)-1) {
		cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
		goto fail;
	}
	if (cp_attend_classify(e->attend, err) != CP_ENGINE_OK)
		goto fail;
	/* Compute the conflicts now, so callers holding the const set from
	 * cp_engine_candidates() only read cached results. */
	const struct cp_cand_pair *pairs;
	if (cp_cand_overlaps(e->cand, &pairs) == (size_t)-1 ||
	    cp_cand_cliques(e->cand) == (size_t)-1) {
		cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
		goto fail;
	}
	return e;
fail:
	cp_engine_destroy(e);
	return NULL;
}

void cp_engine_destroy(struct cp_engine *e)
{
	if (!e)
		return;
	cp_attend_destroy(e->attend);
	cp_cand_destroy(e->cand);
	cp_offdays_destroy(e->off);
	free(e);
}

const struct cp_offdays *cp_engine_offdays(const struct cp_engine *e)
{
	return e->off;
}

const struct cp_cand *cp_engine_candidates(const struct cp_engine *e)
{
	return e->cand;
}

const struct cp_attend *cp_engine_attend(const struct cp_engine *e)
{
	return e->attend;
}
