/*
 * Example plans for the feed tests and the export benchmark (plans.h).
 * Lessons are placed the way the engine places them: a weekly pattern kept
 * in the anchor zone's wall time, converted to UTC with the pinned tzdata.
 */
#include "plans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/plan-build.h"

static const char *const themes[] = {
	"city_country", "residence", "work", "housing", "mobility",
	"health", "public_services", "education", "consumption", "leisure",
};

static struct cp_tzdb *db;

void
test_plans_init(struct cp_tzdb *tzdb)
{
	db = tzdb;
}

static cp_instant
at(const char *zone, int y, int mo, int d, int h, int mi)
{
	struct cp_civil c = { y, mo, d, h, mi, 0 };
	struct cp_tz_resolution r;
	const struct cp_tz *tz = cp_tzdb_zone(db, zone, NULL);
	if (!tz) {
		fprintf(stderr, "feeds-fixture: unknown zone %s\n", zone);
		exit(1);
	}
	cp_tz_to_utc(tz, &c, &r);
	return r.earliest;
}

/* Lessons on the given weekdays at hh:mm anchor time from first to last
 * (inclusive dates, as day numbers), skipping the days in skip[]. */
static void
weekly(struct cp_plan *p, struct cp_plan_cohort *c, const int *wdays, size_t n_wd, int hh,
       int mm, int64_t first, int64_t last, const int64_t *skip, size_t n_skip)
{
	for (int64_t d = first; d <= last; d++) {
		int wd = cp_weekday_from_days(d);
		bool on = false, skipped = false;
		for (size_t i = 0; i < n_wd; i++)
			on |= wdays[i] == wd;
		for (size_t i = 0; i < n_skip; i++)
			skipped |= skip[i] == d;
		if (!on || skipped)
			continue;
		int32_t y;
		int mo, dd;
		cp_civil_from_days(d, &y, &mo, &dd);
		struct cp_plan_lesson *l = cp_plan_add_lesson(p, c);
		l->number = (int)c->n_lessons;
		l->start = at(c->anchor_zone, y, mo, dd, hh, mm);
		l->end = l->start + c->session_minutes * 60;
		l->theme = themes[(l->number - 1) % 10];
	}
}

static void
member(struct cp_plan *p, struct cp_plan_cohort *c, const char *id, const char *zone,
       const char *profile, unsigned seed)
{
	struct cp_plan_member *m = cp_plan_add_member(p, c);
	m->participant = cp_plan_strdup(p, id);
	m->zone = cp_plan_strdup(p, zone);
	m->profile = profile;
	for (size_t i = 0; i < c->n_lessons; i++) {
		unsigned r = (seed * 31u + (unsigned)i * 17u) % 11u;
		m->verdicts[i] = r == 3 ? CP_VERDICT_ROSTER : r == 7 ? CP_VERDICT_RAMADAN
								 : CP_VERDICT_OK;
		m->attendable += m->verdicts[i] == CP_VERDICT_OK;
	}
	/* One module per theme, open from lesson k, due a week later at
	 * 23:59 in the member's own zone. */
	const struct cp_tz *tz = cp_tzdb_zone(db, zone, NULL);
	for (size_t k = 0; k < 10 && k < c->n_lessons; k++) {
		struct cp_plan_module *md = cp_plan_add_module(p, m);
		char mid[32];
		snprintf(mid, sizeof(mid), "m-%s", themes[k]);
		md->module = cp_plan_strdup(p, mid);
		md->theme = themes[k];
		md->minutes = 144;
		md->available = c->lessons[k].start;
		struct cp_tz_local l;
		cp_tz_to_local(tz, c->lessons[k].start + 7 * 86400, &l);
		md->due = at(zone, l.wall.year, l.wall.month, l.wall.day, 23, 59);
	}
}

static struct cp_plan *
base(const char *course, const char *title, int y, int mo, int d)
{
	struct cp_plan *p = cp_plan_create();
	p->course = course;
	p->course_title = title;
	p->language = "ar";
	p->tzdata = cp_tzdb_version(db);
	p->created = at("UTC", y, mo, d, 10, 0);
	p->attendance_target = 0.8;
	p->status = CP_PLAN_OPTIMAL;
	p->objective = 7;
	p->bound = 7;
	p->gap = 0;
	p->solve_seconds = 0.25;
	return p;
}

struct cp_plan *
test_plan_pilot2(void)
{
	struct cp_plan *p = base("mo-pilot2-2024", "Civic orientation before arrival, pilot 2", 2024,
				 2, 20);
	static const int wd[] = { 2, 4 };
	struct cp_plan_cohort *c = pb_cohort(p, "C01", "T-BXL-03", "Europe/Brussels", "ar", 180,
					     wd, 2, 19 * 60);
	weekly(p, c, wd, 2, 19, 0, cp_days_from_civil(2024, 3, 4), cp_days_from_civil(2024, 4, 29),
	       NULL, 0);
	static const char *const zones[7] = {
		"Asia/Beirut", "Asia/Beirut", "Asia/Beirut", "Asia/Beirut",
		"Asia/Amman", "Asia/Amman", "Africa/Casablanca",
	};
	static const char *const profiles[3] = { "labour_migrant", "partner", "family_migrant" };
	for (unsigned i = 0; i < 7; i++) {
		char id[16];
		snprintf(id, sizeof(id), "P2-%02u", i + 1);
		member(p, c, id, zones[i], profiles[i % 3], i);
	}
	struct cp_plan_unplaced *u = cp_plan_add_unplaced(p);
	u->participant = "P2-08";
	u->zone = "Asia/Beirut";
	u->profile = "labour_migrant";
	u->kind = CP_UNPLACED_NO_CANDIDATE;
	u->best_share = 0.5;
	struct cp_plan_reason_count *rc = cp_plan_add_reason(p, u);
	rc->verdict = CP_VERDICT_ROSTER;
	rc->lessons = 8;
	u->detail = "rotating shifts overlap half of every candidate's lessons";
	u->self_study = "modules plus question hours on Saturday 10:00 Europe/Brussels";
	struct cp_plan_advice *a = cp_plan_add_advice(p);
	a->text = "a Saturday morning cohort would place 1 more participant";
	a->would_place = 1;
	p->participants = 8;
	p->placeable = 7;
	return p;
}

/* pilot2 re-planned: lesson 5 one day later, lesson 9 gone; no revision
 * state (as the solver writes it). */
struct cp_plan *
test_plan_pilot2_moved(void)
{
	struct cp_plan *p = test_plan_pilot2();
	struct cp_plan_cohort *c = &p->cohorts[0];
	p->created = at("UTC", 2024, 3, 1, 8, 30);
	c->lessons[4].start += 86400;
	c->lessons[4].end += 86400;
	/* Drop lesson 9 (index 8): its verdicts go with it. */
	size_t gone = 8;
	memmove(&c->lessons[gone], &c->lessons[gone + 1],
		(c->n_lessons - gone - 1) * sizeof(c->lessons[0]));
	for (size_t j = 0; j < c->n_members; j++) {
		struct cp_plan_member *m = &c->members[j];
		m->attendable -= m->verdicts[gone] == CP_VERDICT_OK;
		memmove(&m->verdicts[gone], &m->verdicts[gone + 1], c->n_lessons - gone - 1);
	}
	c->n_lessons--;
	return p;
}

/* pilot2_moved revised against pilot2 with the C API. */
struct cp_plan *
test_plan_pilot2_replan(void)
{
	struct cp_plan *old = test_plan_pilot2();
	struct cp_plan *p = test_plan_pilot2_moved();
	if (!cp_plan_revise(p, old, 30)) {
		fprintf(stderr, "feeds-fixture: out of memory\n");
		exit(1);
	}
	cp_plan_destroy(old);
	return p;
}

struct cp_plan *
test_plan_pilot3(void)
{
	struct cp_plan *p = base("mo-pilot3-2024", "Civic orientation before arrival, pilot 3", 2024,
				 10, 10);
	static const int wd[] = { 1, 4 };
	int64_t sk[1] = { cp_days_from_civil(2024, 11, 11) }; /* Armistice Day, BE */
	struct cp_plan_cohort *c = pb_cohort(p, "N1", "T-BXL-07", "Europe/Brussels", "ar", 180,
					     NULL, 0, 0);
	weekly(p, c, wd, 2, 9, 0, cp_days_from_civil(2024, 10, 24),
	       cp_days_from_civil(2024, 12, 9), sk, 1);
	/* A question hour on Saturday evening in Beirut, 21:30-00:30 local:
	 * Beirut's clocks go back from 00:00 to 23:00 during it. */
	struct cp_plan_lesson *q = cp_plan_add_lesson(p, c);
	q->number = (int)c->n_lessons;
	q->start = at("Asia/Beirut", 2024, 10, 26, 21, 30);
	q->end = q->start + 180 * 60;
	q->theme = NULL;
	for (unsigned i = 0; i < 14; i++) {
		char id[16];
		snprintf(id, sizeof(id), "P3-%02u", i + 1);
		member(p, c, id, "Asia/Beirut", "labour_migrant", i + 3);
	}
	p->participants = 14;
	p->placeable = 14;
	return p;
}

/* Three years of weekly lessons: Morocco's Ramadan +00 in 2024, 2025 and
 * 2026 (one observance, further onsets as RDATEs) and its switch to
 * permanent +00 on 2026-09-20; Cairo's summer time since 2023. */
struct cp_plan *
test_plan_long(void)
{
	struct cp_plan *p = base("mo-long", "Civic orientation, long run", 2023, 12, 1);
	static const int wd[] = { 3 };
	struct cp_plan_cohort *c = pb_cohort(p, "L1", "T-BXL-09", "Europe/Brussels", "ar", 120,
					     NULL, 0, 0);
	weekly(p, c, wd, 1, 20, 0, cp_days_from_civil(2024, 1, 1), cp_days_from_civil(2026, 12, 31),
	       NULL, 0);
	static const char *const zones[4] = {
		"Africa/Casablanca", "Asia/Beirut", "Asia/Amman", "Africa/Cairo",
	};
	for (unsigned i = 0; i < 4; i++) {
		char id[16];
		snprintf(id, sizeof(id), "PL-%02u", i + 1);
		member(p, c, id, zones[i], "family_migrant", i);
	}
	p->participants = 4;
	p->placeable = 4;
	return p;
}

struct cp_plan *
test_plan_big(long n)
{
	static const char *const zones[12] = {
		"Africa/Casablanca", "Asia/Beirut", "Asia/Amman", "Europe/Istanbul",
		"Africa/Cairo", "Asia/Baghdad", "Asia/Damascus", "Africa/Tunis",
		"Africa/Algiers", "Asia/Kabul", "Asia/Karachi", "America/Bogota",
	};
	struct cp_plan *p = base("mo-2027-round1", "Civic orientation before arrival", 2026, 12, 1);
	long cohorts = (n + 19) / 20;
	static const int wd[] = { 2, 4 };
	for (long k = 0; k < cohorts; k++) {
		struct cp_plan_cohort *c = cp_plan_add_cohort(p);
		char b[32];
		snprintf(b, sizeof(b), "C%04ld", k + 1);
		c->id = cp_plan_strdup(p, b);
		snprintf(b, sizeof(b), "T-%03ld", k % 50 + 1);
		c->teacher = cp_plan_strdup(p, b);
		c->teacher_zone = "Europe/Brussels";
		c->anchor_zone = k % 3 ? "Europe/Brussels" : zones[k % 12];
		c->language = "ar";
		c->session_minutes = 180;
		weekly(p, c, wd, 2, 9 + (int)(k % 4) * 3, 0, cp_days_from_civil(2027, 2, 1),
		       cp_days_from_civil(2027, 3, 25), NULL, 0);
		for (long j = 0; j < 20 && k * 20 + j < n; j++) {
			snprintf(b, sizeof(b), "P-%06ld", k * 20 + j + 1);
			member(p, c, b, zones[(k + j / 7) % 12], "labour_migrant",
			       (unsigned)(k * 20 + j));
		}
	}
	p->participants = (int)n;
	p->placeable = (int)n;
	return p;
}

