/*
 * Building small plans by hand in tests: the cohort every such test starts
 * from (a teacher in Europe/Brussels, weekly slots at one local time).
 */
#ifndef CP_TESTS_PLAN_BUILD_H
#define CP_TESTS_PLAN_BUILD_H

#include <stddef.h>

#include <cohortplan/plan.h>

/* A new cohort of p: id, teacher (living in Europe/Brussels), anchor_zone,
 * language (NULL: none), session_minutes, and one slot a weekday of wd[0..n)
 * at start (minutes after local midnight). Strings are copied into p; NULL
 * when out of memory (cp_plan_nomem(p) says so too). */
static inline struct cp_plan_cohort *
pb_cohort(struct cp_plan *p, const char *id, const char *teacher, const char *anchor_zone,
	  const char *language, int session_minutes, const int *wd, size_t n, int start)
{
	struct cp_plan_cohort *c = cp_plan_add_cohort(p);
	if (!c)
		return NULL;
	c->id = cp_plan_strdup(p, id);
	c->teacher = cp_plan_strdup(p, teacher);
	c->teacher_zone = cp_plan_strdup(p, "Europe/Brussels");
	c->anchor_zone = cp_plan_strdup(p, anchor_zone);
	c->language = cp_plan_strdup(p, language);
	c->session_minutes = session_minutes;
	for (size_t i = 0; i < n; i++) {
		struct cp_plan_slot *s = cp_plan_add_slot(p, c);
		if (!s)
			return NULL;
		s->weekday = wd[i];
		s->start = start;
	}
	return c;
}

#endif
