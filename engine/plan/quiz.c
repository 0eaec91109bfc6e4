/*
 * The final quiz of each cohort (plan.h, cp_plan_schedule_quiz). Wall
 * times come from the pinned tzdata: a live quiz keeps the cohort's anchor
 * wall time across a clock change, an online deadline is the end of the
 * member's own local day.
 */
#include <stdint.h>

#include <cohortplan/plan.h>

#include "../candidates/local.h"

#define DAY 86400

static int64_t
local_day(const struct cp_tz *tz, cp_instant t, struct cp_tz_local *l)
{
	cp_tz_to_local(tz, t, l);
	return cp_days_from_civil(l->wall.year, l->wall.month, l->wall.day);
}

bool
cp_plan_schedule_quiz(struct cp_plan *plan, int quiz_minutes, bool live, struct cp_tzdb *db)
{
	for (size_t ci = 0; ci < plan->n_cohorts; ci++) {
		struct cp_plan_cohort *c = &plan->cohorts[ci];
		if (c->dissolved || c->n_lessons == 0)
			continue;
		const struct cp_plan_lesson *last = &c->lessons[0];
		for (size_t l = 1; l < c->n_lessons; l++)
			if (c->lessons[l].start > last->start)
				last = &c->lessons[l];
		const struct cp_tz *anchor = cp_tzdb_zone(db, c->anchor_zone, NULL);
		if (!anchor)
			return false;
		struct cp_plan_quiz q = { .present = true, .live = live };
		if (live) {
			/* The first slot on the days after the last lesson's date. */
			struct cp_tz_local l;
			int64_t d0 = local_day(anchor, last->start, &l), best_day = 0;
			int best_start = -1;
			for (int64_t d = d0 + 1; d <= d0 + 7 && best_start < 0; d++)
				for (size_t s = 0; s < c->n_slots; s++)
					if (c->slots[s].weekday == cp_weekday_from_days(d) &&
					    (best_start < 0 || c->slots[s].start < best_start)) {
						best_day = d;
						best_start = c->slots[s].start;
					}
			if (best_start < 0) {
				/* No weekly pattern: a week after, same wall time. */
				best_day = d0 + 7;
				best_start = l.wall.hour * 60 + l.wall.minute;
			}
			q.start = cp_local_wall_utc(anchor, best_day, best_start, NULL);
			q.end = q.start + (cp_instant)quiz_minutes * 60;
		} else {
			q.start = last->end;
		}
		for (size_t mi = 0; mi < c->n_members; mi++) {
			struct cp_plan_member *m = &c->members[mi];
			m->quiz_due = 0;
			if (live)
				continue;
			const struct cp_tz *tz = cp_tzdb_zone(db, m->zone, NULL);
			if (!tz)
				return false;
			struct cp_tz_local l;
			int64_t d = local_day(tz, last->start, &l);
			/* The end of day d + 7: local midnight starting day d + 8. */
			m->quiz_due = cp_local_wall_utc(tz, d + 8, 0, NULL);
		}
		c->quiz = q;
	}
	return true;
}
