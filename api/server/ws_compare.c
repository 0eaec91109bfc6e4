/*
 * Two plans side by side (docs/workspace.md "Variants"): the same course
 * with two start dates, or with and without a teacher. The numbers come
 * from the plans themselves through the plan API, and "reaches the target"
 * is cp_plan_member_reaches(), the rule the summary and the report use.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/diag.h>
#include <cohortplan/plan.h>

#include "formats/plan_json.h"
#include "web.h"

#define MAX_TEACHERS 64

struct figures {
	bool ok;
	char course[72], window[32];
	const char *status;
	int placed, reaching, unplaced, cohorts, teachers;
	double hours, gap;
	char tid[MAX_TEACHERS][72];
	double thours[MAX_TEACHERS];
	size_t nt;
};

static void
add_hours(struct figures *f, const char *teacher, double h)
{
	size_t i;

	for (i = 0; i < f->nt; i++)
		if (strcmp(f->tid[i], teacher) == 0)
			break;
	if (i == f->nt) {
		if (f->nt == MAX_TEACHERS)
			return;
		snprintf(f->tid[f->nt++], sizeof(f->tid[0]), "%s", teacher);
	}
	f->thours[i] += h;
	f->hours += h;
}

static void
day_of(cp_instant t, char *buf, size_t n)
{
	struct cp_civil c;

	cp_instant_to_civil(t, &c);
	snprintf(buf, n, "%04d-%02d-%02d", (int)c.year, c.month, c.day);
}

static void
figures_of(struct cp_server *s, struct cp_store *st, int64_t plan_id, struct figures *f)
{
	struct cp_store_plan row = { 0 };
	struct cp_plan *p = NULL;
	struct cp_diag *d = cp_diag_create(4);
	cp_instant first = 0, last = 0;

	memset(f, 0, sizeof(*f));
	if (!d || cp_store_plan_get(st, plan_id, &row, NULL) != CP_OK ||
	    cp_plan_json_parse(row.body, row.body_len, s->cfg.tzdb, &p, d) != CP_PLAN_JSON_OK)
		goto done;
	f->ok = true;
	snprintf(f->course, sizeof(f->course), "%s", row.problem_id);
	f->status = cp_plan_status_name(p->status);
	f->gap = p->gap;
	f->unplaced = (int)p->n_unplaced;
	for (size_t i = 0; i < p->n_cohorts; i++) {
		const struct cp_plan_cohort *c = &p->cohorts[i];
		if (c->dissolved)
			continue;
		f->cohorts++;
		f->placed += (int)c->n_members;
		for (size_t m = 0; m < c->n_members; m++)
			f->reaching += cp_plan_member_reaches(p, c, &c->members[m]);
		for (size_t l = 0; l < c->n_lessons; l++) {
			const struct cp_plan_lesson *x = &c->lessons[l];
			add_hours(f, x->substitute ? x->substitute : c->teacher,
				  (double)(x->end - x->start) / 3600.0);
			if (!first || x->start < first)
				first = x->start;
			if (x->end > last)
				last = x->end;
		}
	}
	f->teachers = (int)f->nt;
	if (first) {
		char a[12], b[12];
		day_of(first, a, sizeof(a));
		day_of(last, b, sizeof(b));
		snprintf(f->window, sizeof(f->window), "%s – %s", a, b);
	}
done:
	cp_plan_destroy(p);
	cp_diag_destroy(d);
	cp_store_plan_finish(&row);
}

static void
row_num(struct srv_html *h, const char *key, double a, double b, int decimals)
{
	srv_html_raw(h, "<tr><th scope=\"row\">");
	srv_html_t(h, key);
	srv_html_rawf(h, "</th><td>%.*f</td><td>%.*f</td><td>%+.*f</td></tr>", decimals, a,
		      decimals, b, decimals, b - a);
}

static void
row_text(struct srv_html *h, const char *key, const char *a, const char *b)
{
	srv_html_raw(h, "<tr><th scope=\"row\">");
	srv_html_t(h, key);
	srv_html_raw(h, "</th><td>");
	srv_html_text(h, a);
	srv_html_raw(h, "</td><td>");
	srv_html_text(h, b);
	srv_html_raw(h, "</td><td></td></tr>");
}

static double
hours_of(const struct figures *f, const char *teacher)
{
	for (size_t i = 0; i < f->nt; i++)
		if (strcmp(f->tid[i], teacher) == 0)
			return f->thours[i];
	return 0;
}

bool
srv_ws_compare(struct cp_server *s, struct cp_store *st, int64_t a, int64_t b,
	       struct srv_html *h)
{
	struct figures *f = calloc(2, sizeof(*f));
	char pa[32], pb[32];

	if (!f)
		return false;
	figures_of(s, st, a, &f[0]);
	figures_of(s, st, b, &f[1]);
	if (!f[0].ok || !f[1].ok) {
		free(f);
		return false;
	}
	snprintf(pa, sizeof(pa), "%" PRId64, a);
	snprintf(pb, sizeof(pb), "%" PRId64, b);
	srv_html_raw(h, "<table id=\"compare\"><thead><tr><th></th><th>A</th><th>B</th><th>B − A"
		     "</th></tr></thead><tbody>");
	row_text(h, "ws_cmp_course", f[0].course, f[1].course);
	row_text(h, "ws_cmp_plan", pa, pb);
	row_text(h, "ws_cmp_window", f[0].window, f[1].window);
	row_text(h, "ws_cmp_status", f[0].status, f[1].status);
	row_num(h, "ws_cmp_reaching", f[0].reaching, f[1].reaching, 0);
	row_num(h, "ws_cmp_placed", f[0].placed, f[1].placed, 0);
	row_num(h, "ws_cmp_unplaced", f[0].unplaced, f[1].unplaced, 0);
	row_num(h, "ws_cmp_cohorts", f[0].cohorts, f[1].cohorts, 0);
	row_num(h, "ws_cmp_teachers", f[0].teachers, f[1].teachers, 0);
	row_num(h, "ws_cmp_hours", f[0].hours, f[1].hours, 1);
	/* every teacher of either plan, A's first */
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < f[k].nt; i++) {
			const char *t = f[k].tid[i];
			if (k == 1 && hours_of(&f[0], t) > 0)
				continue;
			srv_html_raw(h, "<tr><th scope=\"row\">");
			srv_html_text(h, t);
			srv_html_rawf(h, "</th><td>%.1f</td><td>%.1f</td><td>%+.1f</td></tr>",
				      hours_of(&f[0], t), hours_of(&f[1], t),
				      hours_of(&f[1], t) - hours_of(&f[0], t));
		}
	row_num(h, "ws_cmp_gap", 100 * f[0].gap, 100 * f[1].gap, 2);
	srv_html_raw(h, "</tbody></table>");
	free(f);
	return true;
}
