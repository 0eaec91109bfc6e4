/*
 * The plan's reasons and advice in words (explain.h). Every sentence is a
 * message of messages/LANG.txt (keys why_*, route_*, advice_*, tt_*); this
 * file only picks the key and formats its numbers, ids and dates.
 */
#include "explain.h"

#include "common/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/tz.h>

struct ctx {
	struct cp_msg *m;
	enum cp_explain_style st;
};

/* key with args, or NULL (out of memory, ICU, unknown key). */
static char *
fmt(const struct ctx *x, const char *key, size_t n, const char *const *args)
{
	for (size_t i = 0; i < n; i++)
		if (!args[i])
			return NULL;
	return cp_msg_format(x->m, key, n, args);
}

/* A whole number in the style's digits, into out. */
static const char *
num(const struct ctx *x, long v, char out[32])
{
	if (x->st == CP_EXPLAIN_LOCAL) {
		char *t = cp_msg_number(x->m, v);
		if (t) {
			snprintf(out, 32, "%s", t);
			free(t);
			return out;
		}
	}
	snprintf(out, 32, "%ld", v);
	return out;
}

/* A share as a whole percentage ("42%"), malloc'd. */
static char *
percent(const struct ctx *x, double share)
{
	char nb[32];
	double p = 100.0 * share;
	if (x->st == CP_EXPLAIN_LOCAL)
		num(x, (long)(p + 0.5), nb);
	else
		snprintf(nb, sizeof nb, "%.0f", p);
	const char *a[1] = { nb };
	return fmt(x, "why_percent", 1, a);
}

/* A date (days since 1970-01-01), malloc'd. */
static char *
date(const struct ctx *x, int64_t day)
{
	struct cp_civil c = { 0 };
	cp_civil_from_days(day, &c.year, &c.month, &c.day);
	if (x->st == CP_EXPLAIN_LOCAL) {
		char *t = cp_msg_datetime(x->m, &c, CP_MSG_DATE);
		if (t)
			return t;
	}
	char buf[32];
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", (int)c.year, c.month, c.day);
	return strdup(buf);
}

static char *
timetable(const struct ctx *x, const struct cp_plan_timetable *t)
{
	char key[16], hm[8];
	struct cp_strbuf days = { 0 };

	if (t->days == 0)
		return cp_msg_format(x->m, "why_unknown_tt", 0, NULL);
	if (t->by_week) {
		cp_strbuf_take(&days, cp_msg_format(x->m, "tt_week_by_week", 0, NULL));
	} else {
		/* Monday first, as the weekly patterns are read. */
		for (int j = 0; j < 7; j++) {
			int wd = (j + 1) % 7;
			if (!(t->days & (1u << wd)))
				continue;
			if (days.len)
				cp_strbuf_take(&days, cp_msg_format(x->m, "tt_days_sep", 0, NULL));
			snprintf(key, sizeof key, "report_wd_%d", wd);
			cp_strbuf_take(&days, cp_msg_format(x->m, key, 0, NULL));
		}
	}
	char *d = cp_strbuf_finish(&days);
	snprintf(hm, sizeof hm, "%02d:%02d", (t->start / 60) % 100, t->start % 60);
	char *from = t->first == INT64_MIN ? NULL : date(x, t->first);
	const char *a[4] = { d, hm, t->zone ? t->zone : "?", from };
	char *out = t->first == INT64_MIN ? fmt(x, "tt", 3, a)
					  : (from ? fmt(x, "tt_from", 4, a) : NULL);
	free(d);
	free(from);
	return out;
}

char *
cp_explain_timetable(struct cp_msg *m, enum cp_explain_style st, const struct cp_plan_timetable *t)
{
	struct ctx x = { m, st };
	return timetable(&x, t);
}

/* The threshold the reasons speak of: the target, or the floor. */
static char *
level(const struct ctx *x, const struct cp_plan_unplaced *u)
{
	if (u->floor_minutes <= 0)
		return cp_msg_format(x->m, "why_level_target", 0, NULL);
	char n0[32], n1[32];
	char *p = percent(x, u->live_minutes ? (double)u->floor_minutes / u->live_minutes : 0);
	const char *a[3] = { num(x, u->floor_minutes, n0), num(x, u->live_minutes, n1), p };
	char *out = fmt(x, "why_level_floor", 3, a);
	free(p);
	return out;
}

/* Each teacher and what keeps them from the timetable. */
static char *
blocked_list(const struct ctx *x, const struct cp_plan_unplaced *u)
{
	struct cp_strbuf b = { 0 };
	char key[64];
	for (size_t i = 0; i < u->n_blocked; i++) {
		const char *why = u->blocked[i].blocked ? u->blocked[i].blocked : "?";
		snprintf(key, sizeof key, "why_blocked_%s", why);
		char *w = cp_msg_has(x->m, key) ? cp_msg_format(x->m, key, 0, NULL) : strdup(why);
		const char *a[2] = { u->blocked[i].teacher ? u->blocked[i].teacher : "?", w };
		if (i)
			cp_strbuf_take(&b, cp_msg_format(x->m, "list_sep", 0, NULL));
		cp_strbuf_take(&b, fmt(x, "why_blocked_item", 2, a));
		free(w);
	}
	return cp_strbuf_finish(&b);
}

/* The reasons proven by counting, or by the solver's plan alone. */
static char *
counted_reason(const struct ctx *x, const struct cp_plan *plan, const struct cp_plan_unplaced *u)
{
	char n0[32], n1[32], n2[32], n3[32];
	char *best = u->best.days ? timetable(x, &u->best)
				  : cp_msg_format(x->m, "why_none", 0, NULL);
	char *tt = timetable(x, &u->timetable);
	char *lv = level(x, u), *p = percent(x, u->best_share), *list = NULL, *out = NULL;
	const char *fl = u->floor_minutes > 0 ? "_floor" : "";
	char key[48];

	switch (u->kind) {
	case CP_UNPLACED_LANGUAGE: {
		const char *a[1] = { plan->language ? plan->language : "?" };
		out = fmt(x, "why_language", 1, a);
		break;
	}
	case CP_UNPLACED_PARTNER: {
		const char *a[6] = { u->participant ? u->participant : "?",
				     u->partner ? u->partner : "?", lv, best,
				     num(x, u->best_minutes, n0), num(x, u->live_minutes, n1) };
		out = fmt(x, "why_partner", 6, a);
		break;
	}
	case CP_UNPLACED_NO_CANDIDATE: {
		const char *a[5] = { lv, best, num(x, u->best_minutes, n0),
				     num(x, u->live_minutes, n1), p };
		snprintf(key, sizeof key, "why_no_candidate%s", fl);
		/* Without a floor the level is the target, and the sentence
		 * says so itself. */
		out = *fl ? fmt(x, key, 5, a) : fmt(x, key, 4, a + 1);
		break;
	}
	case CP_UNPLACED_NO_TEACHER: {
		list = blocked_list(x, u);
		const char *a[2] = { tt, list };
		out = fmt(x, "why_no_teacher", 2, a);
		break;
	}
	case CP_UNPLACED_TOO_FEW:
	default: {
		char *fp = percent(x, u->live_minutes ? (double)u->floor_minutes / u->live_minutes
						      : 0);
		const char *a[5] = { tt, num(x, u->missing, n0), num(x, u->floor_minutes, n2),
				     num(x, u->live_minutes, n3), fp };
		snprintf(key, sizeof key, "why_too_few%s", fl);
		out = fmt(x, key, *fl ? 5 : 2, a);
		free(fp);
		break;
	}
	}
	(void)n1;
	free(best);
	free(tt);
	free(lv);
	free(p);
	free(list);
	return out;
}

char *
cp_explain_unplaced(struct cp_msg *m, enum cp_explain_style st, const struct cp_plan *plan,
		    const struct cp_plan_unplaced *u)
{
	struct ctx x = { m, st };
	char n0[32], n1[32], n2[32];

	switch (u->kind) {
	case CP_UNPLACED_CAPACITY:
		return cp_msg_format(m, "why_capacity", 0, NULL);
	case CP_UNPLACED_DISPLACES: {
		const char *a[3] = { num(&x, u->places, n0), num(&x, u->cost, n1),
				     num(&x, u->least_cost, n2) };
		return u->cost > 0 ? fmt(&x, "why_displaces_cost", 3, a)
				   : fmt(&x, "why_displaces_free", 1, a);
	}
	case CP_UNPLACED_NO_COHORT:
		return cp_msg_format(m, u->alike_placed ? "why_no_cohort_more" : "why_no_cohort", 0,
				     NULL);
	case CP_UNPLACED_NOT_DECIDED:
		return cp_msg_format(m, "why_not_decided", 0, NULL);
	case CP_UNPLACED_NOT_CHECKED:
		return cp_msg_format(m, "why_not_checked", 0, NULL);
	case CP_UNPLACED_LANGUAGE:
	case CP_UNPLACED_PARTNER:
	case CP_UNPLACED_NO_CANDIDATE:
	case CP_UNPLACED_NO_TEACHER:
	case CP_UNPLACED_TOO_FEW:
	case CP_UNPLACED_KIND_COUNT:
	default:
		return counted_reason(&x, plan, u);
	}
}

char *
cp_explain_route(struct cp_msg *m, enum cp_explain_style st, const struct cp_plan_unplaced *u)
{
	struct ctx x = { m, st };
	char *tt = timetable(&x, &u->best);
	const char *a[1] = { tt };
	char *out = fmt(&x, "route_unplaced", 1, a);
	free(tt);
	return out;
}

/* A theme's name: the course's own, else the built-in one (LOCAL); the
 * id in PLAIN style, as logs and plan.json have always had it. */
static char *
theme_name(const struct ctx *x, const struct cp_plan *plan, const char *id)
{
	char key[96];
	if (x->st == CP_EXPLAIN_PLAIN)
		return strdup(id);
	for (size_t i = 0; i < plan->n_themes; i++)
		if (plan->themes[i].id && strcmp(plan->themes[i].id, id) == 0 &&
		    plan->themes[i].name)
			return strdup(plan->themes[i].name);
	snprintf(key, sizeof key, "theme_%s", id);
	return cp_msg_has(x->m, key) ? cp_msg_format(x->m, key, 0, NULL) : strdup(id);
}

char *
cp_explain_member_route(struct cp_msg *m, enum cp_explain_style st, const struct cp_plan *plan,
			const struct cp_plan_cohort *c, const struct cp_plan_member *mb)
{
	struct ctx x = { m, st };
	struct cp_strbuf list = { 0 };
	char n0[32], n1[32];

	for (size_t l = 0, k = 0; l < c->n_lessons; l++) {
		if (mb->verdicts[l] == CP_VERDICT_OK)
			continue;
		if (k++)
			cp_strbuf_take(&list, cp_msg_format(m, "list_sep", 0, NULL));
		num(&x, c->lessons[l].number, n0);
		if (!c->lessons[l].theme) {
			cp_strbuf_add(&list, n0);
			continue;
		}
		char *th = theme_name(&x, plan, c->lessons[l].theme);
		const char *a[2] = { n0, th };
		cp_strbuf_take(&list, fmt(&x, "route_lesson_theme", 2, a));
		free(th);
	}
	char *ls = cp_strbuf_finish(&list);
	const char *a[2] = { num(&x, (long)c->n_lessons - mb->attendable, n1), ls };
	char *out = fmt(&x, "route_member", 2, a);
	free(ls);
	return out;
}

/* The teachers' idle weeks, most first, "..." when there are more. */
static char *
idle_list(const struct ctx *x, const struct cp_plan_advice *a)
{
	struct cp_strbuf b = { 0 };
	char n0[32];
	for (size_t i = 0; i < a->n_idle; i++) {
		char *d = date(x, a->idle[i].from);
		const char *args[3] = { a->idle[i].teacher ? a->idle[i].teacher : "?",
					num(x, a->idle[i].weeks, n0), d };
		if (i)
			cp_strbuf_take(&b, cp_msg_format(x->m, "list_sep", 0, NULL));
		cp_strbuf_take(&b, fmt(x, "advice_idle_item", 3, args));
		free(d);
	}
	if (a->n[2] > (long)a->n_idle) {
		cp_strbuf_take(&b, cp_msg_format(x->m, "list_sep", 0, NULL));
		cp_strbuf_take(&b, cp_msg_format(x->m, "list_more", 0, NULL));
	}
	return cp_strbuf_finish(&b);
}

static char *
leave_advice(const struct ctx *x, const struct cp_plan_advice *a, char n[4][32])
{
	const char *args[4] = { n[0], n[1], n[2], n[3] };
	char *s = fmt(x, "advice_leave", 4, args);
	if (!s || !a->cohort || a->n[3] <= 0)
		return s;
	char nb[32];
	const char *more[4] = { s, a->cohort, num(x, a->lesson, nb),
				a->teacher ? a->teacher : "?" };
	char *out = fmt(x, "advice_leave_uncovered", 4, more);
	free(s);
	return out;
}

char *
cp_explain_advice(struct cp_msg *m, enum cp_explain_style st, const struct cp_plan_advice *a)
{
	struct ctx x = { m, st };
	char n[4][32];
	const char *args[5] = { n[0], n[1], n[2], n[3], NULL };
	char *extra = NULL, *out = NULL;

	for (int i = 0; i < 4; i++)
		num(&x, a->n[i], n[i]);
	switch (a->kind) {
	case CP_ADVICE_BETTER_PLAN:
		return fmt(&x, "advice_better_plan", 1, args);
	case CP_ADVICE_KEPT_BETTER:
		return fmt(&x, "advice_kept_better", 4, args);
	case CP_ADVICE_RELAX: {
		const char *r[2] = { a->row ? a->row : "?", n[0] };
		return fmt(&x, "advice_relax", 2, r);
	}
	case CP_ADVICE_ASSIGNMENT:
		return fmt(&x, "advice_assignment", 4, args);
	case CP_ADVICE_MORE_TEACHER: {
		extra = timetable(&x, &a->timetable);
		const char *r[2] = { extra, n[0] };
		out = fmt(&x, "advice_more_teacher", 2, r);
		break;
	}
	case CP_ADVICE_IDLE_WEEKS: {
		extra = idle_list(&x, a);
		const char *r[5] = { n[0], n[1], cp_msg_plural(m, a->n[0]),
				     cp_msg_plural(m, a->n[1]), extra };
		out = fmt(&x, "advice_idle", 5, r);
		break;
	}
	case CP_ADVICE_LEAVE:
		return leave_advice(&x, a, n);
	case CP_ADVICE_TEXT:
	case CP_ADVICE_KIND_COUNT:
	default:
		return strdup(a->text ? a->text : "");
	}
	free(extra);
	return out;
}

/* A copy of s (malloc'd, NULL: a failure) owned by the plan, into *field. */
static bool
keep(struct cp_plan *plan, const char **field, char *s)
{
	if (s)
		*field = cp_plan_strdup(plan, s);
	free(s);
	return s != NULL;
}

/* The English words of one plan's reasons, routes and advice. */
static bool
fill_with(struct cp_plan *plan, struct cp_msg *m)
{
	bool ok = true;
	for (size_t i = 0; i < plan->n_unplaced; i++) {
		struct cp_plan_unplaced *u = &plan->unplaced[i];
		if (!u->detail)
			ok &= keep(plan, &u->detail, cp_explain_unplaced(m, CP_EXPLAIN_PLAIN, plan, u));
		if (!u->self_study && u->best.days)
			ok &= keep(plan, &u->self_study, cp_explain_route(m, CP_EXPLAIN_PLAIN, u));
	}
	for (size_t c = 0; c < plan->n_cohorts; c++) {
		struct cp_plan_cohort *co = &plan->cohorts[c];
		for (size_t k = 0; k < co->n_members; k++) {
			struct cp_plan_member *mb = &co->members[k];
			if (mb->self_study || cp_plan_member_reaches(plan, co, mb))
				continue;
			ok &= keep(plan, &mb->self_study,
				   cp_explain_member_route(m, CP_EXPLAIN_PLAIN, plan, co, mb));
		}
	}
	for (size_t i = 0; i < plan->n_advice; i++) {
		struct cp_plan_advice *a = &plan->advice[i];
		if (a->text)
			continue;
		ok &= keep(plan, &a->text, cp_explain_advice(m, CP_EXPLAIN_PLAIN, a));
	}
	return ok && !cp_plan_nomem(plan);
}

bool
cp_explain_fill(struct cp_plan *plan)
{
	struct cp_msg *m = cp_msg_create("en", NULL);
	if (!m)
		return false;
	bool ok = fill_with(plan, m);
	cp_msg_destroy(m);
	return ok;
}

char *
cp_explain_switched(struct cp_msg *m, enum cp_explain_style st, const struct cp_plan_member *mb)
{
	struct ctx x = { m, st };
	char n0[32];
	const char *a[2] = { num(&x, mb->switched_themes, n0),
			     cp_msg_plural(m, mb->switched_themes) };
	return fmt(&x, "self_study_switched", 2, a);
}

bool
cp_explain_fill_switched(struct cp_plan *plan)
{
	struct cp_msg *m = cp_msg_create("en", NULL);
	bool ok = m != NULL;
	for (size_t c = 0; ok && c < plan->n_cohorts; c++) {
		struct cp_plan_cohort *co = &plan->cohorts[c];
		for (size_t k = 0; k < co->n_members; k++) {
			struct cp_plan_member *mb = &co->members[k];
			if (mb->switched && !mb->self_study)
				ok &= keep(plan, &mb->self_study,
					   cp_explain_switched(m, CP_EXPLAIN_PLAIN, mb));
		}
	}
	cp_msg_destroy(m);
	return ok && !cp_plan_nomem(plan);
}
