/* Private layout of struct cp_cand, shared by engine/candidates/. */
#ifndef CP_CAND_PRIVATE_H
#define CP_CAND_PRIVATE_H

#include <cohortplan/candidates.h>

#include "local.h"

struct cp_cand {
	const struct cp_problem *problem;  /* borrowed */
	const struct cp_offdays *off;      /* borrowed */
	struct cp_cand_options opts;
	size_t needed;                     /* N */
	int minutes;                       /* session length */

	const struct cp_tz **anchors;
	size_t n_anchors;

	struct cp_cand_pattern *patterns;
	size_t n_patterns;
	struct cp_cand_lesson *lessons;    /* all patterns' lessons, one block */

	cp_instant *instants;              /* sorted distinct lesson starts */
	size_t n_instants;

	/* Teachers: teach[t * n_patterns + i] is an enum cp_teach_reason and
	 * teach_lesson[...] the failing lesson (CP_CAND_NONE if none). */
	uint8_t *teach;
	uint32_t *teach_lesson;
	size_t n_teachers;

	/* Conflicts, computed lazily and dropped by cp_cand_prune(). */
	bool have_overlaps;
	struct cp_cand_pair *overlaps;
	size_t n_overlaps;
	bool have_cliques;
	uint32_t *clique_items;
	size_t *clique_start;              /* n_cliques + 1 offsets */
	size_t n_cliques;

	/* Exact live minutes: the last lesson of a pattern lasts the
	 * remainder live_minutes - (N - 1) * session length (a full session
	 * when that is 0); instant_end[i] is the end paired with instants[i]
	 * (the instant table interns (start, end) pairs). */
	int last_minutes;
	int live_minutes;
	cp_instant *instant_end;

	/* Week-by-week patterns (cp_cand_by_week_*): what the regular
	 * expansion used, kept for them; lessons in the block; patterns built
	 * but not yet added (their lessons in pend_lessons, N each). */
	size_t n_lessons;
	cp_instant win_lo, win_hi, first_from, first_before;
	int kmin, kmax;
	struct cp_cand_pattern *pend;
	struct cp_cand_lesson *pend_lessons;
	size_t n_pend, cap_pend;
	/* Per (anchor, grid start, date): may some teacher give a full
	 * lesson there? 0 unknown, 1 yes, 2 no; days from wbw_base. */
	uint8_t *wbw_taught;
	cp_day wbw_base;
	size_t wbw_days;
};

/* teach.c: fill c->teach; false when out of memory. */
bool cp_cand_judge_teachers(struct cp_cand *c);

/* conflicts.c: forget computed conflicts (after the live set changed). */
void cp_cand_drop_conflicts(struct cp_cand *c);

#endif
