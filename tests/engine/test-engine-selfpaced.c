/*
 * The self-paced part: deadlines follow the profile's theme order, study
 * blocks sit in free time before their deadlines, at most the daily cap, and
 * the plan is deterministic.
 *
 * Course: pilot 2's window, Tue+Thu 19:00-22:00 Brussels, three themes
 * planned live for 3 h, 6 h and 3 h:
 *   labour migrant order: work (1), housing (2), leisure (3)
 *     -> work introduced in lesson 0, housing in lesson 1, leisure in 3
 *     -> modules due before lessons 1, 2 and 4
 *   partner order: housing (1), work (2), leisure (3)
 *     -> housing in lesson 0, work in lesson 2, leisure in lesson 3
 *     -> modules due before lessons 1, 3 and 4
 */
#include <stdlib.h>
#include <string.h>

#include <cohortplan/candidates.h>
#include <cohortplan/offdays.h>
#include <cohortplan/selfpaced.h>

#include "engine-test.h"

static void add_themes(struct cp_problem *p)
{
	struct cp_course *co = cp_problem_course_mut(p);
	struct cp_theme *th = cp_problem_alloc(p, 3, sizeof(*th));
	struct cp_module *md = cp_problem_alloc(p, 3, sizeof(*md));
	static const char *const ids[3] = { "work", "housing", "leisure" };
	static const int live[3] = { 180, 360, 180 };
	static const int labour[3] = { 1, 2, 3 }, partner[3] = { 2, 1, 3 };
	for (int t = 0; t < 3; t++) {
		cp_theme_init(&th[t]);
		th[t].id = ids[t];
		th[t].live = live[t];
		th[t].priority[CP_PROFILE_LABOUR_MIGRANT] = labour[t];
		th[t].priority[CP_PROFILE_PARTNER] = partner[t];
		cp_module_init(&md[t]);
		md[t].id = ids[t];
		md[t].theme = ids[t];
		md[t].minutes = 150;
	}
	co->themes = th;
	co->n_themes = 3;
	co->modules = md;
	co->n_modules = 3;
}

static void check_plan(const struct cp_problem *p, size_t who, const struct cp_cand_pattern *pt,
		       const struct cp_sp_plan *plan, const size_t due[3], const char *first_module)
{
	const struct cp_participant *x = cp_problem_participant(p, who);
	const struct cp_course *co = cp_problem_course(p);
	int placed = 0, want_short = 0;

	CHECK_EQ(cp_sp_plan_module_count(plan), 3, "modules");
	CHECK(strcmp(co->modules[cp_sp_plan_module(plan, 0)->module].id, first_module) == 0,
	      "first module %s, want %s", co->modules[cp_sp_plan_module(plan, 0)->module].id,
	      first_module);
	for (size_t k = 0; k < cp_sp_plan_module_count(plan); k++) {
		const struct cp_sp_module *m = cp_sp_plan_module(plan, k);
		const char *id = co->modules[m->module].id;
		size_t want = strcmp(id, "work") == 0 ? due[0] : strcmp(id, "housing") == 0 ? due[1]
											: due[2];
		CHECK_EQ(m->due_lesson, want, id);
		CHECK_EQ(m->due, pt->lessons[m->due_lesson].start, "due instant");
		int mins = 0;
		for (size_t b = m->first_block; b < m->first_block + m->n_blocks; b++) {
			const struct cp_sp_block *bl = cp_sp_plan_block(plan, b);
			CHECK(bl->start >= m->release && bl->end <= m->due, "%s: block outside "
			      "release..due", id);
			mins += (int)((bl->end - bl->start) / 60);
			for (size_t l = 0; l < pt->n_lessons; l++)
				CHECK(!(bl->start < pt->lessons[l].end && pt->lessons[l].start < bl->end),
				      "%s: block on a lesson", id);
			/* Inside 17:00-22:00 local on a weekday. */
			struct cp_tz_local a, e;
			cp_tz_to_local(x->tz, bl->start, &a);
			cp_tz_to_local(x->tz, bl->end, &e);
			int wd = cp_weekday_from_days(cp_days_from_civil(a.wall.year, a.wall.month,
									 a.wall.day));
			int s = a.wall.hour * 60 + a.wall.minute, en = e.wall.hour * 60 + e.wall.minute;
			CHECK(wd >= 1 && wd <= 5 && s >= 17 * 60 && en <= 22 * 60 && en > s,
			      "%s: block %02d:%02d-%02d:%02d on weekday %d outside the windows", id,
			      s / 60, s % 60, en / 60, en % 60, wd);
		}
		CHECK_EQ(mins, m->placed, "placed minutes");
		placed += m->placed;
		want_short += m->minutes - m->placed;
	}
	CHECK_EQ(cp_sp_plan_shortfall(plan), want_short, "shortfall");
	int weekly = 0;
	for (size_t w = 0; w < cp_sp_plan_week_count(plan); w++) {
		const struct cp_sp_week *wk = cp_sp_plan_week(plan, w);
		CHECK(wk->study <= wk->free, "week %zu: study %d over free %d", w, wk->study, wk->free);
		weekly += wk->study;
	}
	CHECK_EQ(weekly, placed, "weekly study adds up");
	/* Daily cap: at most 120 minutes per local day. */
	for (size_t b = 0; b < cp_sp_plan_block_count(plan); b++) {
		struct cp_tz_local a;
		cp_tz_to_local(x->tz, cp_sp_plan_block(plan, b)->start, &a);
		int day = 0;
		for (size_t q = 0; q < cp_sp_plan_block_count(plan); q++) {
			struct cp_tz_local o;
			const struct cp_sp_block *bl = cp_sp_plan_block(plan, q);
			cp_tz_to_local(x->tz, bl->start, &o);
			if (o.wall.year == a.wall.year && o.wall.month == a.wall.month &&
			    o.wall.day == a.wall.day)
				day += (int)((bl->end - bl->start) / 60);
		}
		CHECK(day <= 120, "day cap: %d minutes", day);
	}
}

int main(void)
{
	struct cp_tzdb *db = et_db();
	struct cp_problem *p = et_problem(db, "2024-03-04", "2024-04-29", 60, 180, 2, 2);
	struct cp_engine_error err = { 0 };

	add_themes(p);
	struct cp_participant *lab = et_participant(p, "ma1", "Africa/Casablanca");
	et_window(p, lab, 0x3e /* Mon-Fri */, 17 * 60, 22 * 60);
	struct cp_participant *par = et_participant(p, "ma2", "Africa/Casablanca");
	et_window(p, par, 0x3e, 17 * 60, 22 * 60);
	par->profile = CP_PROFILE_PARTNER;
	et_teacher(p, "t1", "Europe/Brussels"); /* makes Brussels the first anchor */
	cp_problem_policy_mut(p)->latest = 24 * 60;
	et_check(p);

	struct cp_offdays *off = cp_offdays_create(p, NULL, 0, NULL, &err);
	struct cp_cand *c = cp_cand_create(p, off, NULL, &err);
	CHECK(c != NULL, "candidates: %s", err.message);
	if (!c)
		return et_finish("engine-selfpaced");
	const struct cp_cand_pattern *pt = NULL;
	for (size_t i = 0; i < cp_cand_pattern_count(c); i++) {
		const struct cp_cand_pattern *q = cp_cand_pattern(c, i);
		if (strcmp(cp_tz_name(cp_cand_anchor(c, q->anchor)), "Europe/Brussels") == 0 &&
		    q->days == (CP_DAYBIT(2) | CP_DAYBIT(4)) && q->start == 19 * 60)
			pt = q;
	}
	CHECK(pt != NULL, "no Tue+Thu 19:00 Brussels pattern");
	if (pt) {
		static const size_t due_labour[3] = { 1, 2, 4 }, due_partner[3] = { 3, 1, 4 };
		struct cp_sp_plan *a = cp_sp_plan_create(p, 0, pt->lessons, pt->n_lessons, NULL, &err);
		struct cp_sp_plan *b = cp_sp_plan_create(p, 0, pt->lessons, pt->n_lessons, NULL, &err);
		CHECK(a && b, "plan: %s", err.message);
		if (a && b) {
			check_plan(p, 0, pt, a, due_labour, "work");
			CHECK_EQ(cp_sp_plan_block_count(a), cp_sp_plan_block_count(b), "deterministic");
			for (size_t k = 0; k < cp_sp_plan_block_count(a) &&
					   k < cp_sp_plan_block_count(b); k++)
				CHECK(memcmp(cp_sp_plan_block(a, k), cp_sp_plan_block(b, k),
					     sizeof(struct cp_sp_block)) == 0, "block %zu differs", k);
			/* The week holds Tue 03-05 .. Thu 03-07: 150 min of work fit
			 * on Mon-Tue evenings before Thursday's lesson. */
			CHECK_EQ(cp_sp_plan_shortfall(a), 0, "shortfall");
		}
		cp_sp_plan_destroy(a);
		cp_sp_plan_destroy(b);
		struct cp_sp_plan *q = cp_sp_plan_create(p, 1, pt->lessons, pt->n_lessons, NULL, &err);
		CHECK(q, "partner plan: %s", err.message);
		if (q)
			check_plan(p, 1, pt, q, due_partner, "housing");
		cp_sp_plan_destroy(q);
		/* A cap of 30 minutes a day cannot fit 150 minutes between
		 * Tuesday evening and Thursday's lesson: a shortfall, not a
		 * later deadline. */
		struct cp_sp_options so;
		cp_sp_options_init(&so);
		so.max_per_day = 30;
		struct cp_sp_plan *tight = cp_sp_plan_create(p, 0, pt->lessons, pt->n_lessons, &so, &err);
		if (tight) {
			CHECK(cp_sp_plan_shortfall(tight) > 0, "no shortfall with a 30-minute cap");
			check_plan(p, 0, pt, tight, due_labour, "work");
		}
		cp_sp_plan_destroy(tight);
	}
	cp_sp_plan_destroy(NULL);
	cp_cand_destroy(c);
	cp_offdays_destroy(off);
	cp_problem_destroy(p);
	cp_tzdb_destroy(db);
	return et_finish("engine-selfpaced");
}
