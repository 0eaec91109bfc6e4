/*
 * The attendance KPI while a course runs (include/cohortplan/progress.h),
 * on plans built in C, with numbers worked out by hand. The CLI, the
 * register reader and attendance.json are tested in tests/attendance; this
 * test covers what a CSV fixture of equal lessons cannot: a shorter last
 * lesson (the at_risk rule takes the LONGEST remaining lesson the member can
 * attend), the exact limit, verdicts on remaining lessons, and rows that
 * break the contract (ignored, not read out of bounds).
 */
#include <stdlib.h>
#include <string.h>

#include <cohortplan/plan.h>
#include <cohortplan/progress.h>

#include "common/check.h"

/* docs/plan.md's example: 48 h at 60 % in 3-hour sessions, nine lessons of
 * 180 minutes and one of 108: 1,728 live minutes; 60 % needs
 * ceil(0.6 x 1728) = ceil(1036.8) = 1037. */
static struct cp_plan *
plan_48h(size_t n_members)
{
	struct cp_plan *p = cp_plan_create();
	if (!p)
		return NULL;
	p->attendance_target = 0.6;
	struct cp_plan_cohort *c = cp_plan_add_cohort(p);
	c->id = cp_plan_strdup(p, "C01");
	for (int i = 0; i < 10; i++) {
		struct cp_plan_lesson *l = cp_plan_add_lesson(p, c);
		l->number = i + 1;
		l->start = 1735722000 + (cp_instant)i * 7 * 86400; /* 2025-01-01T09:00Z */
		l->end = l->start + (i < 9 ? 180 : 108) * 60;
	}
	for (size_t k = 0; k < n_members; k++) {
		struct cp_plan_member *m = cp_plan_add_member(p, c);
		char id[16];
		snprintf(id, sizeof(id), "M%zu", k);
		m->participant = cp_plan_strdup(p, id);
		for (size_t l = 0; l < 10; l++)
			m->verdicts[l] = CP_VERDICT_OK;
		m->attendable = 10;
	}
	return cp_plan_nomem(p) ? (cp_plan_destroy(p), NULL) : p;
}

/* Rows giving member m `minutes` in held lessons 0..held-1: full lessons
 * first, the rest (if any) in the next one, 0 in the others. */
static size_t
fill(const struct cp_plan *p, struct cp_progress_row *rows, size_t n, size_t m, size_t held,
     int minutes)
{
	const struct cp_plan_cohort *c = &p->cohorts[0];
	for (size_t l = 0; l < held; l++) {
		int len = cp_plan_lesson_minutes(&c->lessons[l]);
		int take = minutes < len ? minutes : len;
		rows[n++] = (struct cp_progress_row){ 0, m, l, take };
		minutes -= take;
	}
	return n;
}

/* Rows for members 0..3 of a plan_48h(4), member k attending minutes[k]
 * in lessons 0..held-1 (as fill). */
static size_t
fill4(const struct cp_plan *p, struct cp_progress_row *rows, size_t held, const int minutes[4])
{
	size_t n = 0;
	for (size_t k = 0; k < 4; k++)
		n = fill(p, rows, n, k, held, minutes[k]);
	return n;
}

static void
last_lesson_shorter(void)
{
	/* Lessons 1..9 held (1,620 minutes), only the 108-minute lesson 10
	 * remains.
	 *   M0: 929 attended, best 929 + 108 = 1037 = needed -> reaches;
	 *       missing lesson 10: 929 -> at_risk.
	 *   M1: 1037 attended, best 1145; missing lesson 10: 1037 -> on_track.
	 *   M2: 929 attended, lesson 10 "too_late": best 929 -> cannot_reach.
	 *   M3: 1036 attended, best 1144; missing 10: 1036 < 1037 -> at_risk. */
	struct cp_plan *p = plan_48h(4);
	struct cp_progress_row rows[64];

	CHECK(p, "plan");
	if (!p)
		return;
	p->cohorts[0].members[2].verdicts[9] = CP_VERDICT_TOO_LATE;
	CHECK(cp_plan_cohort_live_minutes(&p->cohorts[0]) == 1728, "live minutes");
	CHECK(cp_plan_minutes_needed(0.6, 1728) == 1037, "needed");
	size_t n = fill4(p, rows, 9, (const int[4]){ 929, 1037, 929, 1036 });
	struct cp_progress *g = cp_progress_compute(p, rows, n);
	CHECK(g, "compute");
	if (g) {
		static const struct {
			int attended, best;
			enum cp_progress_status status;
		} want[] = {
			{ 929, 1037, CP_PROGRESS_AT_RISK },
			{ 1037, 1145, CP_PROGRESS_ON_TRACK },
			{ 929, 929, CP_PROGRESS_CANNOT_REACH },
			{ 1036, 1144, CP_PROGRESS_AT_RISK },
		};
		CHECK(g->n_members == 4, "members %zu", g->n_members);
		for (size_t k = 0; k < 4 && k < g->n_members; k++) {
			const struct cp_progress_member *pm = &g->members[k];
			CHECK(pm->attended == want[k].attended, "M%zu attended %d", k, pm->attended);
			CHECK(pm->held == 1620 && pm->remaining == 108, "M%zu held %d remaining %d", k,
			      pm->held, pm->remaining);
			CHECK(pm->best_final == want[k].best, "M%zu best %d", k, pm->best_final);
			CHECK(pm->status == want[k].status, "M%zu status %s", k,
			      cp_progress_status_name(pm->status));
		}
		CHECK(g->cohorts[0].n_held == 9 && g->cohorts[0].held == 1620 &&
		      g->cohorts[0].needed == 1037, "cohort held %zu/%d needed %d",
		      g->cohorts[0].n_held, g->cohorts[0].held, g->cohorts[0].needed);
		CHECK(g->course.members == 4 && g->course.on_track == 1 && g->course.at_risk == 2 &&
		      g->course.cannot_reach == 1, "course counts");
	}
	cp_progress_destroy(g);
	cp_plan_destroy(p);
}

static void
longest_remaining(void)
{
	/* Lessons 1..8 held (1,440), lessons 9 (180) and 10 (108) remain.
	 *   M0: 900 attended, best 1188; missing lesson 10 leaves 1080 (fine),
	 *       missing lesson 9 leaves 1008 < 1037 -> at_risk (the longest
	 *       one decides).
	 *   M1: 900 attended, lesson 9 "holiday": best 1008 -> cannot_reach.
	 *   M2: 900 attended, lesson 10 "roster": best 1080; missing lesson 9:
	 *       900 -> at_risk.
	 *   M3: 1000 attended, best 1288; missing 9: 1108 -> on_track. */
	struct cp_plan *p = plan_48h(4);
	struct cp_progress_row rows[64];

	CHECK(p, "plan");
	if (!p)
		return;
	p->cohorts[0].members[1].verdicts[8] = CP_VERDICT_HOLIDAY;
	p->cohorts[0].members[2].verdicts[9] = CP_VERDICT_ROSTER;
	size_t n = fill4(p, rows, 8, (const int[4]){ 900, 900, 900, 1000 });
	/* Rows that break the contract are ignored. */
	rows[n++] = (struct cp_progress_row){ 0, 0, 10, 60 };  /* no lesson 11 */
	rows[n++] = (struct cp_progress_row){ 0, 9, 0, 60 };   /* no member 9 */
	rows[n++] = (struct cp_progress_row){ 1, 0, 0, 60 };   /* no cohort 1 */
	rows[n++] = (struct cp_progress_row){ 0, 0, 9, 109 };  /* more than 108 */
	struct cp_progress *g = cp_progress_compute(p, rows, n);
	CHECK(g, "compute");
	if (g) {
		static const int best[] = { 1188, 1008, 1080, 1288 };
		static const enum cp_progress_status status[] = {
			CP_PROGRESS_AT_RISK, CP_PROGRESS_CANNOT_REACH, CP_PROGRESS_AT_RISK,
			CP_PROGRESS_ON_TRACK,
		};
		for (size_t k = 0; k < 4 && k < g->n_members; k++) {
			CHECK(g->members[k].best_final == best[k], "M%zu best %d", k,
			      g->members[k].best_final);
			CHECK(g->members[k].status == status[k], "M%zu status %s", k,
			      cp_progress_status_name(g->members[k].status));
		}
		CHECK(g->cohorts[0].n_held == 8 && !g->cohorts[0].lesson_held[9],
		      "an ignored row does not make lesson 10 held");
		CHECK(g->members[0].attended == 900, "ignored rows add nothing: %d",
		      g->members[0].attended);
	}
	cp_progress_destroy(g);
	cp_plan_destroy(p);
}

static void
nothing_held(void)
{
	/* No rows: everyone who can attend every lesson is on track, shares
	 * agree with the plan's own rule for what they can attend. */
	struct cp_plan *p = plan_48h(2);
	CHECK(p, "plan");
	if (!p)
		return;
	p->cohorts[0].members[1].verdicts[0] = CP_VERDICT_RAMADAN;
	p->cohorts[0].members[1].verdicts[1] = CP_VERDICT_RAMADAN;
	p->cohorts[0].members[1].verdicts[2] = CP_VERDICT_RAMADAN;
	p->cohorts[0].members[1].verdicts[3] = CP_VERDICT_RAMADAN;
	struct cp_progress *g = cp_progress_compute(p, NULL, 0);
	CHECK(g, "compute");
	if (g) {
		/* M1 can attend 1728 - 4 x 180 = 1008 < 1037: the plan already
		 * says below the target, and so does the KPI. */
		CHECK(g->members[1].best_final == 1008, "M1 best %d", g->members[1].best_final);
		CHECK(g->members[1].status == CP_PROGRESS_CANNOT_REACH, "M1 status");
		CHECK(!cp_plan_member_reaches(p, &p->cohorts[0], &p->cohorts[0].members[1]),
		      "plan agrees");
		CHECK(g->members[0].status == CP_PROGRESS_ON_TRACK && g->members[0].held == 0 &&
		      g->members[0].remaining == 1728, "M0");
	}
	cp_progress_destroy(g);
	cp_plan_destroy(p);
}

int
main(void)
{
	last_lesson_shorter();
	longest_remaining();
	nothing_held();
	cp_progress_destroy(NULL);
	return check_tally();
}
