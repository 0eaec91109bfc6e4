/* Helpers of the engine tests. See engine-test.h. */
#include "engine-test.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/candidates.h>
#include <cohortplan/diag.h>

#include "test-config.h"
#include "common/open-db.h"

unsigned long et_checks, et_failures;

void et_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	et_failures++;
	if (et_failures > 200)
		return;
	va_start(ap, fmt);
	test_vfail(file, line, "", fmt, ap);
	va_end(ap);
}

int et_finish(const char *name)
{
	printf("%s: %lu checks, %lu failures\n", name, et_checks, et_failures);
	return et_failures ? 1 : 0;
}

struct cp_tzdb *et_db(void)
{
	struct cp_tzdb *db = test_open_db();
	if (!db)
		exit(99);
	return db;
}

cp_day et_day(const char *s)
{
	struct cp_civil c;
	if (!cp_parse_date(s, &c)) {
		fprintf(stderr, "bad date %s\n", s);
		exit(99);
	}
	return cp_days_from_civil(c.year, c.month, c.day);
}

cp_instant et_utc(const char *s)
{
	cp_instant t;
	if (!cp_parse_utc(s, &t)) {
		fprintf(stderr, "bad instant %s\n", s);
		exit(99);
	}
	return t;
}

struct cp_problem *et_problem(struct cp_tzdb *db, const char *start, const char *end,
			      int lesson_hours, int session_minutes, int kmin, int kmax)
{
	struct cp_problem *p = cp_problem_create(db);
	if (!p)
		exit(99);
	struct cp_course *co = cp_problem_course_mut(p);
	co->id = "test";
	co->language = "ar";
	co->lesson_minutes = lesson_hours * 60;
	co->session_minutes = session_minutes;
	co->sessions_min = kmin;
	co->sessions_max = kmax;
	co->start = et_day(start);
	co->end = et_day(end);
	return p;
}

/* The zone a person of p lives in; exits when the database lacks it. */
static const struct cp_tz *zone_of(struct cp_problem *p, const char *zone)
{
	struct cp_tz_error err;
	const struct cp_tz *tz = cp_tzdb_zone(cp_problem_tzdb(p), zone, &err);
	if (!tz) {
		fprintf(stderr, "zone %s: %s\n", zone, err.message);
		exit(99);
	}
	return tz;
}

struct cp_participant *et_participant(struct cp_problem *p, const char *id, const char *zone)
{
	struct cp_participant *x = cp_problem_add_participant(p);
	if (!x)
		exit(99);
	x->id = cp_problem_strdup(p, id);
	x->zone = cp_problem_strdup(p, zone);
	x->tz = zone_of(p, zone);
	x->profile = CP_PROFILE_LABOUR_MIGRANT;
	return x;
}

struct cp_teacher *et_teacher(struct cp_problem *p, const char *id, const char *zone)
{
	struct cp_teacher *t = cp_problem_add_teacher(p);
	if (!t)
		exit(99);
	t->id = cp_problem_strdup(p, id);
	t->zone = cp_problem_strdup(p, zone);
	t->tz = zone_of(p, zone);
	return t;
}

void et_window(struct cp_problem *p, struct cp_participant *x, unsigned days, int start, int end)
{
	struct cp_weekly_window *w = cp_problem_alloc(p, x->n_availability + 1, sizeof(*w));
	if (!w)
		exit(99);
	if (x->n_availability)
		memcpy(w, x->availability, x->n_availability * sizeof(*w));
	w[x->n_availability] = (struct cp_weekly_window){ days, start, end };
	x->availability = w;
	x->n_availability++;
}

void et_check(struct cp_problem *p)
{
	struct cp_diag *d = cp_diag_create(0);
	enum cp_problem_status st = cp_problem_check(p, d);
	if (st != CP_PROBLEM_OK) {
		for (size_t i = 0; i < cp_diag_count(d); i++) {
			const struct cp_diag_entry *e = cp_diag_entry(d, i);
			fprintf(stderr, "%s: %s: %s\n", cp_diag_severity_name(e->severity), e->path,
				e->message);
		}
		fprintf(stderr, "problem invalid: %s\n", cp_problem_strerror(st));
		exit(99);
	}
	cp_diag_destroy(d);
}

bool et_try_check(struct cp_problem *p)
{
	struct cp_diag *d = cp_diag_create(0);
	enum cp_problem_status st = cp_problem_check(p, d);
	cp_diag_destroy(d);
	return st == CP_PROBLEM_OK;
}

size_t
et_find(const struct cp_cand *c, unsigned days, int start)
{
	for (size_t i = 0; i < cp_cand_pattern_count(c); i++) {
		const struct cp_cand_pattern *pt = cp_cand_pattern(c, i);
		if (pt->anchor == 0 && pt->days == days && pt->start == start)
			return i;
	}
	return CP_CAND_NONE;
}
