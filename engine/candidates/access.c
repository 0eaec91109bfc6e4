/*
 * Getters of a built struct cp_cand (candidates.h): what the other
 * engine modules and the teacher judge read, apart from the building in
 * candidates.c, so that both can use them without calling each other.
 */
#include "cand-private.h"

const struct cp_problem *cp_cand_problem(const struct cp_cand *c)
{
	return c->problem;
}

size_t cp_cand_lessons_needed(const struct cp_cand *c)
{
	return c->needed;
}

size_t cp_cand_anchor_count(const struct cp_cand *c)
{
	return c->n_anchors;
}

const struct cp_tz *cp_cand_anchor(const struct cp_cand *c, size_t i)
{
	return i < c->n_anchors ? c->anchors[i] : NULL;
}

size_t cp_cand_pattern_count(const struct cp_cand *c)
{
	return c->n_patterns;
}

const struct cp_cand_pattern *cp_cand_pattern(const struct cp_cand *c, size_t i)
{
	return i < c->n_patterns ? &c->patterns[i] : NULL;
}

size_t cp_cand_count_state(const struct cp_cand *c, enum cp_cand_state s)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n_patterns; i++)
		n += c->patterns[i].state == s;
	return n;
}

size_t cp_cand_instant_count(const struct cp_cand *c)
{
	return c->n_instants;
}

cp_instant cp_cand_instant(const struct cp_cand *c, size_t i)
{
	return c->instants[i];
}

cp_instant cp_cand_instant_end(const struct cp_cand *c, size_t i)
{
	return c->instant_end[i];
}

int cp_cand_live_minutes(const struct cp_cand *c)
{
	return c->live_minutes;
}

int cp_cand_last_minutes(const struct cp_cand *c)
{
	return c->last_minutes;
}

int cp_cand_lesson_minutes(const struct cp_cand_lesson *l)
{
	return (int)((l->end - l->start) / 60);
}
