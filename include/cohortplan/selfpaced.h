/*
 * The self-paced part (the 40 % asynchronous share): when each module is
 * due and when a participant can study it.
 *
 * Given the live lessons of a chosen pattern and one participant:
 *   1. Theme order: the course's themes by the participant's profile
 *      priority (1 first; themes without a priority last), course order on
 *      ties. The live lessons walk through the themes in that order, each
 *      theme taking its planned live minutes (or an equal share when none
 *      are given), so theme T is introduced in lesson first(T).
 *   2. Deadlines: a module of theme T is released at the end of lesson
 *      first(T) and due at the start of lesson first(T) + 1, the live lesson
 *      that builds on it. A module of the last lesson's theme, or without a
 *      theme, is due seven days after the last lesson. Modules with the same
 *      deadline are ordered by their own priority for the profile (or the
 *      theme's).
 *   3. Study blocks: each module's minutes are placed, earliest first, in
 *      blocks of opts.block minutes of the participant's free time between
 *      release and deadline: inside their weekly windows (plus dated
 *      "available" exceptions; no windows: the policy's earliest..latest),
 *      not in a "not available" exception, a roster shift or a live lesson,
 *      at most opts.max_per_day minutes per local day. What does not fit
 *      before the deadline is reported as a shortfall, never moved later.
 * Deterministic: the same inputs give the same plan.
 *
 * Ownership: cp_sp_plan_create() returns a plan the caller destroys with
 * cp_sp_plan_destroy() (NULL is a no-op). It copies what it reports;
 * pointers returned by the getters are valid until the plan is destroyed.
 */
#ifndef COHORTPLAN_SELFPACED_H
#define COHORTPLAN_SELFPACED_H

#include <stddef.h>

#include <cohortplan/candidates.h>
#include <cohortplan/engine.h>
#include <cohortplan/problem.h>

struct cp_sp_options {
	int block;        /* minutes per study block (default 30) */
	int max_per_day;  /* study minutes per local day at most (default 120) */
};

void cp_sp_options_init(struct cp_sp_options *o);

struct cp_sp_module {
	size_t module;       /* index into the course's modules */
	size_t due_lesson;   /* the live lesson it precedes; n_lessons: after the last */
	cp_instant release;  /* UTC */
	cp_instant due;      /* UTC */
	int minutes;         /* the module's study time */
	int placed;          /* minutes placed before the deadline */
	size_t first_block;  /* its blocks: cp_sp_plan_block(first_block ..) */
	size_t n_blocks;
};

struct cp_sp_block {
	cp_instant start, end; /* UTC */
	size_t module;         /* index into cp_sp_plan_module() */
};

struct cp_sp_week {
	cp_day monday;   /* ISO week, participant's local dates */
	int study;       /* minutes placed */
	int free;        /* free minutes that week (the same rules, no cap) */
};

struct cp_sp_plan;

/*
 * Plan participant i's self-paced modules around lessons[0..n_lessons)
 * (chronological, e.g. a pattern's lessons). opts may be NULL. Returns NULL
 * with *err filled: CP_ENGINE_ERR_INVALID (no such participant, no zone, no
 * lessons), CP_ENGINE_ERR_NOMEM.
 */
struct cp_sp_plan *cp_sp_plan_create(const struct cp_problem *p, size_t i,
				     const struct cp_cand_lesson *lessons, size_t n_lessons,
				     const struct cp_sp_options *opts,
				     struct cp_engine_error *err);
void cp_sp_plan_destroy(struct cp_sp_plan *plan);

/* Modules in study order. */
size_t cp_sp_plan_module_count(const struct cp_sp_plan *plan);
const struct cp_sp_module *cp_sp_plan_module(const struct cp_sp_plan *plan, size_t k);

/* Study blocks, chronological within each module. */
size_t cp_sp_plan_block_count(const struct cp_sp_plan *plan);
const struct cp_sp_block *cp_sp_plan_block(const struct cp_sp_plan *plan, size_t k);

/* Weekly workload, from the week of the first lesson to the week of the
 * last deadline. */
size_t cp_sp_plan_week_count(const struct cp_sp_plan *plan);
const struct cp_sp_week *cp_sp_plan_week(const struct cp_sp_plan *plan, size_t k);

/* Minutes that did not fit before their deadlines, over all modules. */
int cp_sp_plan_shortfall(const struct cp_sp_plan *plan);

#endif /* COHORTPLAN_SELFPACED_H */
