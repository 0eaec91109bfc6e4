/* Teachers: who may teach which pattern, and the load it brings. See
 * candidates.h ("teachers") and docs/engine.md. */
#include "cand-private.h"

#include <stdlib.h>
#include <string.h>

const char *cp_teach_reason_name(enum cp_teach_reason r)
{
	switch (r) {
	case CP_TEACH_OK: return "ok";
	case CP_TEACH_LANGUAGE: return "language";
	case CP_TEACH_LEAVE: return "leave";
	case CP_TEACH_HOLIDAY: return "holiday";
	case CP_TEACH_TOO_EARLY: return "too_early";
	case CP_TEACH_TOO_LATE: return "too_late";
	case CP_TEACH_AVAILABILITY: return "outside_availability";
	case CP_TEACH_MAX_DAY: return "max_day";
	case CP_TEACH_MAX_WEEK: return "max_week";
	case CP_TEACH_REASON_COUNT: break;
	}
	return "?";
}

static bool on_leave(const struct cp_teacher *t, int64_t day)
{
	for (size_t i = 0; i < t->n_leave; i++)
		if (t->leave[i].from <= day && day <= t->leave[i].to)
			return true;
	return false;
}

static enum cp_teach_reason judge(const struct cp_cand *c, const struct cp_teacher *t,
				  const struct cp_local *loc, const struct cp_cand_pattern *pt,
				  uint32_t *bad)
{
	const char *lang = cp_problem_course(c->problem)->language;
	int day_min = 0, week_min = 0;
	int64_t cur_day = INT64_MIN, cur_week = INT64_MIN;
	size_t n_leave = 0, first_leave = CP_CAND_NONE;

	*bad = CP_CAND_NONE;
	if (!cp_speaks(t->languages, t->n_languages, lang))
		return CP_TEACH_LANGUAGE;
	for (size_t j = 0; j < pt->n_lessons; j++) {
		const struct cp_local *l = &loc[pt->lessons[j].instant];
		enum cp_teach_reason r = CP_TEACH_OK;
		if (on_leave(t, l->day)) {
			/* A substitute takes it (engine/plan/substitute.c), up
			 * to cp_teach_leave_max() lessons of the pattern. */
			if (first_leave == CP_CAND_NONE)
				first_leave = j;
			if (++n_leave <= cp_teach_leave_max(pt->n_lessons))
				continue;
			*bad = (uint32_t)first_leave;
			return CP_TEACH_LEAVE;
		} else if (c->off && (cp_offdays_course(c->off, l->day) ||
				      (t->n_holidays &&
				       cp_offdays_own(c->off, t->holidays, t->n_holidays, l->day))))
			r = CP_TEACH_HOLIDAY;
		else if (t->earliest != CP_MIN_UNSET && l->smin < t->earliest)
			r = CP_TEACH_TOO_EARLY;
		else if (t->latest != CP_MIN_UNSET && l->emin > t->latest)
			r = CP_TEACH_TOO_LATE;
		else if (!cp_local_covered_periods(t->availability, t->n_availability, t->periods,
						   t->n_periods, NULL, 0, l->day, l->smin, l->emin))
			r = CP_TEACH_AVAILABILITY;
		if (r != CP_TEACH_OK) {
			*bad = (uint32_t)j;
			return r;
		}
	}
	/* The pattern's own load: lessons are chronological, so local days
	 * and weeks come in order. */
	for (size_t j = 0; j < pt->n_lessons; j++) {
		const struct cp_local *l = &loc[pt->lessons[j].instant];
		if (l->day != cur_day) {
			cur_day = l->day;
			day_min = 0;
		}
		if (cp_iso_monday(l->day) != cur_week) {
			cur_week = cp_iso_monday(l->day);
			week_min = 0;
		}
		day_min += cp_cand_lesson_minutes(&pt->lessons[j]);
		week_min += cp_cand_lesson_minutes(&pt->lessons[j]);
		if (t->max_day > 0 && day_min > t->max_day) {
			*bad = (uint32_t)j;
			return CP_TEACH_MAX_DAY;
		}
		if (t->max_week > 0 && week_min > t->max_week) {
			*bad = (uint32_t)j;
			return CP_TEACH_MAX_WEEK;
		}
	}
	return CP_TEACH_OK;
}

bool cp_cand_judge_teachers(struct cp_cand *c)
{
	size_t nt = c->n_teachers, np = c->n_patterns;
	struct cp_local *loc = NULL;
	const struct cp_tz *loc_tz = NULL;

	c->teach = malloc(nt * np + 1);
	c->teach_lesson = malloc((nt * np + 1) * sizeof(*c->teach_lesson));
	loc = malloc((c->n_instants + 1) * sizeof(*loc));
	if (!c->teach || !c->teach_lesson || !loc) {
		free(loc);
		return false;
	}
	for (size_t t = 0; t < nt; t++) {
		const struct cp_teacher *te = cp_problem_teacher(c->problem, t);
		/* Teachers usually share a zone: keep the table while it fits. */
		if (te->tz != loc_tz) {
			for (size_t i = 0; i < c->n_instants; i++)
				cp_local_of(te->tz, c->instants[i], c->instant_end[i] - c->instants[i],
					    &loc[i]);
			loc_tz = te->tz;
		}
		for (size_t i = 0; i < np; i++) {
			uint32_t bad;
			c->teach[t * np + i] = (uint8_t)judge(c, te, loc, &c->patterns[i], &bad);
			c->teach_lesson[t * np + i] = bad;
		}
	}
	free(loc);
	return true;
}

enum cp_teach_reason cp_cand_teachable(const struct cp_cand *c, size_t t, size_t i,
				       size_t *lesson)
{
	if (t >= c->n_teachers || i >= c->n_patterns) {
		if (lesson)
			*lesson = CP_CAND_NONE;
		return CP_TEACH_LANGUAGE;
	}
	if (lesson)
		*lesson = c->teach_lesson[t * c->n_patterns + i];
	return (enum cp_teach_reason)c->teach[t * c->n_patterns + i];
}

static size_t load(const struct cp_cand *c, size_t t, size_t i, bool weeks,
		   struct cp_cand_load *out, size_t cap)
{
	const struct cp_teacher *te = cp_problem_teacher(c->problem, t);
	const struct cp_cand_pattern *pt = &c->patterns[i];
	size_t n = 0;
	int64_t cur = INT64_MIN;

	for (size_t j = 0; j < pt->n_lessons; j++) {
		struct cp_local l;
		cp_local_of(te->tz, pt->lessons[j].start, pt->lessons[j].end - pt->lessons[j].start,
			    &l);
		int64_t key = weeks ? cp_iso_monday(l.day) : l.day;
		if (key != cur) {
			cur = key;
			if (n < cap)
				out[n] = (struct cp_cand_load){ key, 0 };
			n++;
		}
		if (n - 1 < cap)
			out[n - 1].minutes += cp_cand_lesson_minutes(&pt->lessons[j]);
	}
	return n;
}

size_t cp_cand_load_days(const struct cp_cand *c, size_t t, size_t i,
			 struct cp_cand_load *out, size_t cap)
{
	return load(c, t, i, false, out, cap);
}

size_t cp_cand_load_weeks(const struct cp_cand *c, size_t t, size_t i,
			  struct cp_cand_load *out, size_t cap)
{
	return load(c, t, i, true, out, cap);
}

size_t cp_teach_leave_max(size_t n_lessons)
{
	return n_lessons / 4;
}

enum cp_teach_reason cp_cand_teach_lesson(const struct cp_cand *c, size_t t, cp_instant start,
					  int minutes)
{
	if (t >= c->n_teachers || minutes <= 0)
		return CP_TEACH_LANGUAGE;
	/* A pattern of one lesson through the same judge, so that one lesson
	 * and a whole pattern are judged by the same rules. */
	const struct cp_teacher *te = cp_problem_teacher(c->problem, t);
	struct cp_cand_lesson ls = { .start = start, .end = start + (cp_instant)minutes * 60 };
	struct cp_cand_pattern pt = { .n_lessons = 1, .lessons = &ls, .minutes = minutes,
				      .other = CP_CAND_NONE };
	struct cp_local loc;
	uint32_t bad;
	cp_local_of(te->tz, start, (int64_t)minutes * 60, &loc);
	return judge(c, te, &loc, &pt, &bad);
}

bool cp_cand_on_leave(const struct cp_cand *c, size_t t, cp_instant start)
{
	if (t >= c->n_teachers)
		return false;
	const struct cp_teacher *te = cp_problem_teacher(c->problem, t);
	struct cp_local loc;
	cp_local_of(te->tz, start, 0, &loc);
	return on_leave(te, loc.day);
}
