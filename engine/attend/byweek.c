/* Week-by-week patterns where they pay: for each situation with roster
 * busy time, a pattern at each of its best few teachable anchor start
 * times whose weekdays follow the roster week by week, kept when it beats
 * the best regular pattern or reaches the target. See cp_attend_add_by_week() in attend.h
 * and docs/engine.md. */
#include <cohortplan/attend.h>
#include <cohortplan/candidates.h>

#include <stdlib.h>
#include <string.h>

struct judge_ctx {
	const struct cp_attend *a;
	size_t participant;
};

static bool is_free(void *ctx, cp_instant start, cp_instant end)
{
	const struct judge_ctx *j = ctx;
	return cp_attend_judge_span(j->a, j->participant, start, end) == CP_ATTEND_OK;
}

/* Start times tried per situation, and week-by-week patterns per problem. */
#define BY_WEEK_STARTS 3
#define BY_WEEK_MAX 4000
/* "auto" (max_shapes < 0): 3 shapes, and only when at most this many
 * situations have roster busy time (docs/engine.md: at the 20,000-person
 * scale the extra timetables cost the teacher assignment more than they
 * place). */
#define BY_WEEK_AUTO_SHAPES 3
#define BY_WEEK_AUTO_SITUATIONS 300

struct start_pick {
	size_t anchor;
	int start;
	unsigned count;
};

size_t cp_attend_add_by_week(const struct cp_attend *a, struct cp_cand *c, int max_shapes)
{
	const struct cp_problem *p = cp_cand_problem(c);
	size_t np = cp_problem_participant_count(p), ns = cp_attend_situation_count(a);
	size_t npat = cp_cand_pattern_count(c), built = 0;
	unsigned needed = cp_attend_needed(a);
	bool *seen;

	if (max_shapes == 0 || np == 0)
		return 0;
	seen = calloc(ns + 1, sizeof(*seen));
	if (seen && max_shapes < 0) {
		size_t rostered = 0;
		for (size_t i = 0; i < np; i++) {
			const struct cp_roster *r = &cp_problem_participant(p, i)->roster;
			size_t s = cp_attend_situation_of(a, i);
			if ((r->busy.count > 0 || r->n_groups > 0) && !seen[s]) {
				seen[s] = true;
				rostered++;
			}
		}
		memset(seen, 0, (ns + 1) * sizeof(*seen));
		if (rostered > BY_WEEK_AUTO_SITUATIONS) {
			free(seen);
			return 0;
		}
		max_shapes = BY_WEEK_AUTO_SHAPES;
	}
	bool *taught = calloc(npat + 1, sizeof(*taught));
	if (!seen || !taught) {
		free(seen);
		free(taught);
		return (size_t)-1;
	}
	/* Start times only from patterns some teacher may teach (all when
	 * the problem has no teachers yet). */
	size_t nt = cp_problem_teacher_count(p);
	for (size_t j = 0; j < npat; j++)
		for (size_t t = 0; t < nt && !taught[j]; t++)
			taught[j] = cp_cand_teachable(c, t, j, NULL) == CP_TEACH_OK;
	for (size_t i = 0; i < np && built < BY_WEEK_MAX; i++) {
		const struct cp_roster *r = &cp_problem_participant(p, i)->roster;
		size_t s = cp_attend_situation_of(a, i);
		if (seen[s])
			continue;
		seen[s] = true;
		if (r->busy.count == 0 && r->n_groups == 0)
			continue;
		/* The best few (anchor, start) pairs of the regular patterns
		 * some teacher may teach, for this situation, best count
		 * first. */
		struct start_pick pick[BY_WEEK_STARTS] = { { 0, 0, 0 } };
		size_t n_pick = 0;
		for (size_t j = 0; j < npat; j++) {
			const struct cp_cand_pattern *pt = cp_cand_pattern(c, j);
			if (pt->state != CP_CAND_LIVE || pt->by_week || (nt > 0 && !taught[j]))
				continue;
			unsigned n = cp_attend_count(a, i, j);
			size_t x = 0;
			while (x < n_pick && !(pick[x].anchor == pt->anchor && pick[x].start == pt->start))
				x++;
			if (x < n_pick) {
				if (n <= pick[x].count)
					continue;
				pick[x].count = n; /* move up below */
			} else if (n_pick < BY_WEEK_STARTS) {
				pick[n_pick++] = (struct start_pick){ pt->anchor, pt->start, n };
				x = n_pick - 1;
			} else if (n > pick[n_pick - 1].count) {
				x = n_pick - 1;
				pick[x] = (struct start_pick){ pt->anchor, pt->start, n };
			} else {
				continue;
			}
			while (x > 0 && pick[x].count > pick[x - 1].count) {
				struct start_pick t = pick[x];
				pick[x] = pick[x - 1];
				pick[x - 1] = t;
				x--;
			}
		}
		if (n_pick == 0)
			continue;
		/* Kept when it reaches the target or beats the best regular
		 * pattern: a person whose own days off serve them fully still
		 * shares a rotation-following pattern with others. */
		long more_than = pick[0].count < needed ? (long)pick[0].count : (long)needed - 1;
		struct judge_ctx jc = { a, i };
		for (size_t x = 0; x < n_pick && built < BY_WEEK_MAX; x++) {
			long m = cp_cand_by_week_build(c, pick[x].anchor, pick[x].start, max_shapes,
						       is_free, &jc, more_than);
			if (m < 0) {
				free(seen);
				free(taught);
				return (size_t)-1;
			}
			built += m > more_than;
		}
	}
	free(seen);
	free(taught);
	return built;
}
