/*
 * Intake and follow-up calls (include/cohortplan/appoint.h): every rule is
 * judged on local wall time from the pinned tzdata (cp_tz_to_local), the
 * grid runs on UTC instants, so a clock change never creates or loses a
 * slot silently.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/appoint.h>
#include "cp_util.h"

#define DAY_SECONDS 86400

const char *
cp_appoint_kind_name(enum cp_appoint_kind k)
{
	return k == CP_APPOINT_INTAKE ? "intake" : k == CP_APPOINT_FOLLOWUP ? "followup" : "?";
}

bool
cp_appoint_kind_from_name(const char *s, enum cp_appoint_kind *out)
{
	if (strcmp(s, "intake") == 0)
		*out = CP_APPOINT_INTAKE;
	else if (strcmp(s, "followup") == 0)
		*out = CP_APPOINT_FOLLOWUP;
	else
		return false;
	return true;
}

const char *
cp_appoint_why_name(enum cp_appoint_why w)
{
	switch (w) {
	case CP_APPOINT_NO_ARRIVAL:
		return "no_arrival";
	case CP_APPOINT_NO_TIME:
		return "no_common_time";
	case CP_APPOINT_MANAGERS_FULL:
		return "managers_full";
	}
	return "?";
}

/* The local date and minutes of [s, e) in tz; false when the span does not
 * lie within one local day (ending at 24:00 is within it). */
static bool
local_span(const struct cp_tz *tz, cp_instant s, cp_instant e, cp_day *day, int *m0, int *m1)
{
	struct cp_tz_local a, b;
	cp_tz_to_local(tz, s, &a);
	cp_tz_to_local(tz, e, &b);
	*day = cp_days_from_civil(a.wall.year, a.wall.month, a.wall.day);
	cp_day d2 = cp_days_from_civil(b.wall.year, b.wall.month, b.wall.day);
	*m0 = a.wall.hour * 60 + a.wall.minute;
	*m1 = b.wall.hour * 60 + b.wall.minute;
	if (d2 == *day + 1 && *m1 == 0)
		*m1 = CP_MINUTES_PER_DAY;
	else if (d2 != *day)
		return false;
	return *m0 < *m1;
}

static bool
in_windows(const struct cp_weekly_window *w, size_t n, int weekday, int m0, int m1)
{
	for (size_t i = 0; i < n; i++)
		if ((w[i].days & CP_DAYBIT(weekday)) && w[i].start <= m0 && m1 <= w[i].end)
			return true;
	return false;
}

struct run {
	const struct cp_problem *p;
	const struct cp_appoint_rules *rules;
	const struct cp_course *course;
	const struct cp_policy *policy;
	cp_day intake_from;
	/* Calls booked so far, per manager: index into bookings. */
	struct cp_appoint_booking *bookings;
	size_t n_bookings, cap_bookings;
	size_t *load;             /* calls per manager */
};

/* Can participant i have a call of this kind in [s, e)? */
static bool
participant_ok(const struct run *r, size_t i, enum cp_appoint_kind kind, cp_instant s,
	       cp_instant e)
{
	const struct cp_participant *x = cp_problem_participant(r->p, i);
	cp_day d;
	int m0, m1;

	if (kind == CP_APPOINT_FOLLOWUP) {
		if (x->arrival == CP_DAY_UNSET ||
		    !local_span(r->course->tz, s, e, &d, &m0, &m1))
			return false;
		return d >= x->arrival && d < x->arrival + r->rules->followup_days &&
		       m0 >= r->policy->earliest && m1 <= r->policy->latest;
	}
	if (!x->tz || !local_span(x->tz, s, e, &d, &m0, &m1))
		return false;
	if (d < r->intake_from || d >= r->course->start ||
	    (x->departure != CP_DAY_UNSET && d >= x->departure))
		return false;
	if (m0 < r->policy->earliest || m1 > r->policy->latest)
		return false;
	int wd = cp_weekday_from_days(d);
	size_t nw;
	const struct cp_weekly_window *w =
		cp_period_windows(x->availability, x->n_availability, x->periods, x->n_periods, d,
				  &nw);
	bool in = nw == 0 || in_windows(w, nw, wd, m0, m1);
	for (size_t k = 0; k < x->n_exceptions; k++) {
		const struct cp_exception *ex = &x->exceptions[k];
		if (d < ex->from || d > ex->to)
			continue;
		int a = ex->start == CP_MIN_UNSET ? 0 : ex->start;
		int b = ex->end == CP_MIN_UNSET ? CP_MINUTES_PER_DAY : ex->end;
		if (ex->available && a <= m0 && m1 <= b)
			in = true;
		else if (!ex->available && m0 < b && a < m1)
			return false;
	}
	return in && !cp_interval_set_overlaps(&x->roster.busy, s, e);
}

/* The manager's own rules for [s, e), without the other calls. */
static bool
manager_ok(const struct cp_case_manager *m, cp_instant s, cp_instant e, cp_day *day)
{
	int m0, m1;
	if (!m->tz || !local_span(m->tz, s, e, day, &m0, &m1))
		return false;
	for (size_t k = 0; k < m->n_leave; k++)
		if (*day >= m->leave[k].from && *day <= m->leave[k].to)
			return false;
	return in_windows(m->availability, m->n_availability, cp_weekday_from_days(*day), m0, m1);
}

/* Is manager mi free for [s, e), on local day `day`, given the calls so far? */
static bool
manager_free(const struct run *r, size_t mi, cp_instant s, cp_instant e, cp_day day)
{
	const struct cp_case_manager *m = cp_problem_case_manager(r->p, mi);
	int on_day = 0;
	for (size_t k = 0; k < r->n_bookings; k++) {
		const struct cp_appoint_booking *b = &r->bookings[k];
		if (b->manager != mi)
			continue;
		if (b->start < e && s < b->end)
			return false;
		struct cp_tz_local l;
		cp_tz_to_local(m->tz, b->start, &l);
		if (cp_days_from_civil(l.wall.year, l.wall.month, l.wall.day) == day)
			on_day++;
	}
	return on_day < m->max_per_day;
}

static bool
book(struct run *r, struct cp_appoint_booking b)
{
	if (!CP_GROW(r->bookings, r->cap_bookings, r->n_bookings + 1, 64))
		return false;
	r->bookings[r->n_bookings++] = b;
	r->load[b.manager]++;
	return true;
}

/* Requests, bookings and the unbooked all list by participant (problem
 * order), then kind. */
static int
participant_kind_cmp(size_t pa, enum cp_appoint_kind ka, size_t pb, enum cp_appoint_kind kb)
{
	return pa != pb ? CP_CMP(pa, pb) : CP_CMP(ka, kb);
}

struct req {
	size_t participant;
	enum cp_appoint_kind kind;
	int minutes;
	cp_instant from, to;      /* UTC range to scan */
	size_t pairs;             /* possible (slot, manager) pairs */
	const struct cp_appoint_previous *prev;
	bool done;
};

static int
req_cmp(const void *a, const void *b)
{
	const struct req *x = a, *y = b;
	return x->pairs != y->pairs ? CP_CMP(x->pairs, y->pairs)
				    : participant_kind_cmp(x->participant, x->kind, y->participant, y->kind);
}

static int
booking_cmp(const void *a, const void *b)
{
	const struct cp_appoint_booking *x = a, *y = b;
	return participant_kind_cmp(x->participant, x->kind, y->participant, y->kind);
}

static int
unbooked_cmp(const void *a, const void *b)
{
	const struct cp_appoint_unbooked *x = a, *y = b;
	return participant_kind_cmp(x->participant, x->kind, y->participant, y->kind);
}

static cp_instant
grid_ceil(cp_instant t, int grid)
{
	cp_instant g = (cp_instant)grid * 60;
	cp_instant q = t / g * g;
	return q < t ? q + g : q;
}

static enum cp_engine_status
check_rules(struct run *r, struct cp_engine_error *err)
{
	if (cp_problem_case_manager_count(r->p) == 0)
		return cp_engine_fail(err, CP_ENGINE_ERR_INVALID,
				      "/case_managers: none given; appointments need at least one "
				      "case manager");
	if (r->course->start == CP_DAY_UNSET)
		return cp_engine_fail(err, CP_ENGINE_ERR_INVALID,
				      "/course/start: needed to book intake calls before it");
	if (!r->course->tz)
		return cp_engine_fail(err, CP_ENGINE_ERR_INVALID,
				      "/course/zone: needed for follow-up calls after arrival");
	r->intake_from = r->rules->intake_from != CP_DAY_UNSET ? r->rules->intake_from
								 : r->course->start - 28;
	if (r->intake_from >= r->course->start) {
		int32_t y1, y2;
		int mo1, d1, mo2, d2;
		cp_civil_from_days(r->intake_from, &y1, &mo1, &d1);
		cp_civil_from_days(r->course->start, &y2, &mo2, &d2);
		return cp_engine_fail(err, CP_ENGINE_ERR_INVALID,
				      "/appointments/intake/from: %04d-%02d-%02d is not before the "
				      "course start %04d-%02d-%02d", (int)y1, mo1, d1, (int)y2, mo2, d2);
	}
	return CP_ENGINE_OK;
}

/* The requests, with their UTC ranges (a day beyond each end: the
 * local-date rules cut them exactly), into reqs (their count returned);
 * follow-ups of people without an arrival date go straight to
 * res->unbooked. */
static size_t
make_requests(const struct run *r, struct req *reqs, struct cp_appoint_result *res)
{
	const struct cp_problem *p = r->p;
	size_t np = cp_problem_participant_count(p), n_reqs = 0;

	for (size_t i = 0; i < np; i++) {
		const struct cp_participant *x = cp_problem_participant(p, i);
		if (r->rules->intake_minutes > 0)
			reqs[n_reqs++] = (struct req){
				i, CP_APPOINT_INTAKE, r->rules->intake_minutes,
				(r->intake_from - 1) * DAY_SECONDS, (r->course->start + 1) * DAY_SECONDS,
				0, NULL, false };
		if (r->rules->followup_minutes <= 0)
			continue;
		if (x->arrival == CP_DAY_UNSET) {
			res->unbooked[res->n_unbooked++] =
				(struct cp_appoint_unbooked){ .participant = i,
							      .kind = CP_APPOINT_FOLLOWUP,
							      .why = CP_APPOINT_NO_ARRIVAL };
			continue;
		}
		reqs[n_reqs++] = (struct req){
			i, CP_APPOINT_FOLLOWUP, r->rules->followup_minutes,
			(x->arrival - 1) * DAY_SECONDS,
			(x->arrival + r->rules->followup_days + 1) * DAY_SECONDS, 0, NULL, false };
	}
	return n_reqs;
}

/* The earlier booking of another manager that a booking with manager
 * `now` replaces (appoint.h, struct cp_appoint_booking.replaced). */
static struct cp_appoint_replaced
replaced_by(const struct cp_appoint_previous *pv, const char *now)
{
	struct cp_appoint_replaced none = { NULL, NULL, 0, 0 };

	if (!pv)
		return none;
	if (strcmp(pv->manager, now) != 0)
		return (struct cp_appoint_replaced){ pv->manager, pv->manager_zone, pv->start,
						     pv->end };
	/* Still with the manager it moved to: the old one's cancellation stays. */
	if (pv->replaced.manager && strcmp(pv->replaced.manager, now) != 0)
		return pv->replaced;
	return none;
}

/* A request that could not be booked, with the earlier booking whose
 * cancellation its calendars need (appoint.h). */
static struct cp_appoint_unbooked
unbooked_of(const struct req *rq)
{
	const struct cp_appoint_previous *pv = rq->prev;
	struct cp_appoint_unbooked u = {
		rq->participant, rq->kind,
		rq->pairs ? CP_APPOINT_MANAGERS_FULL : CP_APPOINT_NO_TIME,
		{ NULL, NULL, 0, 0 }, 0 };

	if (pv) {
		u.replaced = (struct cp_appoint_replaced){ pv->manager, pv->manager_zone, pv->start,
							   pv->end };
		/* Cancelled already: the same cancellation, not a new one. */
		u.sequence = pv->cancelled ? pv->sequence : pv->sequence + 1;
	}
	return u;
}

/* An earlier run's bookings first, where they still hold (such a request
 * is done); false when out of memory. */
static bool
keep_previous(struct run *r, struct req *reqs, size_t n_reqs,
	      const struct cp_appoint_previous *prev, size_t n_prev)
{
	const struct cp_problem *p = r->p;
	size_t nm = cp_problem_case_manager_count(p);

	for (size_t k = 0; k < n_prev; k++) {
		long pi = cp_problem_find_participant(p, prev[k].participant);
		for (size_t q = 0; pi >= 0 && q < n_reqs; q++)
			if (reqs[q].participant == (size_t)pi && reqs[q].kind == prev[k].kind)
				reqs[q].prev = &prev[k];
	}
	for (size_t q = 0; q < n_reqs; q++) {
		const struct cp_appoint_previous *pv = reqs[q].prev;
		if (!pv || pv->cancelled || pv->end - pv->start != (cp_instant)reqs[q].minutes * 60)
			continue;
		size_t mi = nm;
		for (size_t j = 0; j < nm && mi == nm; j++)
			if (strcmp(cp_problem_case_manager(p, j)->id, pv->manager) == 0)
				mi = j;
		cp_day day;
		if (mi == nm || !participant_ok(r, reqs[q].participant, reqs[q].kind, pv->start,
						pv->end) ||
		    !manager_ok(cp_problem_case_manager(p, mi), pv->start, pv->end, &day) ||
		    !manager_free(r, mi, pv->start, pv->end, day))
			continue;
		if (!book(r, (struct cp_appoint_booking){ reqs[q].participant, reqs[q].kind, mi,
							  pv->start, pv->end, pv->sequence,
							  replaced_by(pv, pv->manager) }))
			return false;
		reqs[q].done = true;
	}
	return true;
}

/* How constrained each request is: its possible (slot, manager) pairs. */
static void
count_pairs(const struct run *r, struct req *reqs, size_t n_reqs)
{
	const struct cp_problem *p = r->p;
	size_t nm = cp_problem_case_manager_count(p);

	for (size_t q = 0; q < n_reqs; q++) {
		struct req *rq = &reqs[q];
		cp_instant len = (cp_instant)rq->minutes * 60;
		for (cp_instant s = grid_ceil(rq->from, r->rules->grid); !rq->done && s < rq->to;
		     s += (cp_instant)r->rules->grid * 60) {
			if (!participant_ok(r, rq->participant, rq->kind, s, s + len))
				continue;
			for (size_t j = 0; j < nm; j++) {
				cp_day day;
				rq->pairs += manager_ok(cp_problem_case_manager(p, j), s, s + len, &day);
			}
		}
	}
}

/* Book request rq in its first slot with a free manager, the least loaded
 * one (*booked then); false when out of memory. */
static bool
book_request(struct run *r, struct req *rq, bool *booked)
{
	const struct cp_problem *p = r->p;
	size_t nm = cp_problem_case_manager_count(p);
	cp_instant len = (cp_instant)rq->minutes * 60;

	for (cp_instant s = grid_ceil(rq->from, r->rules->grid); !*booked && s < rq->to;
	     s += (cp_instant)r->rules->grid * 60) {
		if (!participant_ok(r, rq->participant, rq->kind, s, s + len))
			continue;
		size_t best = nm;
		for (size_t j = 0; j < nm; j++) {
			cp_day day;
			if (manager_ok(cp_problem_case_manager(p, j), s, s + len, &day) &&
			    manager_free(r, j, s, s + len, day) &&
			    (best == nm || r->load[j] < r->load[best]))
				best = j;
		}
		if (best == nm)
			continue;
		int seq = 0;
		if (rq->prev)
			seq = rq->prev->sequence + 1;
		if (!book(r, (struct cp_appoint_booking){
				  rq->participant, rq->kind, best, s, s + len, seq,
				  replaced_by(rq->prev, cp_problem_case_manager(p, best)->id) }))
			return false;
		*booked = true;
	}
	return true;
}

enum cp_engine_status
cp_appoint_run(const struct cp_problem *p, const struct cp_appoint_previous *prev,
	       size_t n_prev, struct cp_appoint_result **out, struct cp_engine_error *err)
{
	struct run r = { .p = p, .rules = cp_problem_appoint_rules(p),
			 .course = cp_problem_course(p), .policy = cp_problem_policy(p) };
	size_t np = cp_problem_participant_count(p), nm = cp_problem_case_manager_count(p);
	struct req *reqs = NULL;
	size_t n_reqs = 0;
	struct cp_appoint_result *res = NULL;
	enum cp_engine_status st;

	*out = NULL;
	if ((st = check_rules(&r, err)) != CP_ENGINE_OK)
		return st;
	res = calloc(1, sizeof(*res));
	if (!res)
		goto nomem;
	reqs = calloc(2 * np + 1, sizeof(*reqs));
	r.load = calloc(nm, sizeof(*r.load));
	res->unbooked = calloc(2 * np + 1, sizeof(*res->unbooked));
	if (!reqs || !r.load || !res->unbooked)
		goto nomem;

	n_reqs = make_requests(&r, reqs, res);

	if (!keep_previous(&r, reqs, n_reqs, prev, n_prev))
		goto nomem;

	count_pairs(&r, reqs, n_reqs);
	qsort(reqs, n_reqs, sizeof(*reqs), req_cmp);

	for (size_t q = 0; q < n_reqs; q++) {
		struct req *rq = &reqs[q];
		bool booked = rq->done;
		if (!booked && !book_request(&r, rq, &booked))
			goto nomem;
		if (!booked)
			res->unbooked[res->n_unbooked++] = unbooked_of(rq);
	}
	if (r.n_bookings)
		qsort(r.bookings, r.n_bookings, sizeof(*r.bookings), booking_cmp);
	if (res->n_unbooked)
		qsort(res->unbooked, res->n_unbooked, sizeof(*res->unbooked), unbooked_cmp);
	res->bookings = r.bookings;
	res->n_bookings = r.n_bookings;
	free(reqs);
	free(r.load);
	*out = res;
	return CP_ENGINE_OK;

nomem:
	free(reqs);
	free(r.load);
	free(r.bookings);
	cp_appoint_result_destroy(res);
	return cp_engine_fail(err, CP_ENGINE_ERR_NOMEM, "out of memory");
}

void
cp_appoint_result_destroy(struct cp_appoint_result *r)
{
	if (!r)
		return;
	free(r->bookings);
	free(r->unbooked);
	free(r);
}
