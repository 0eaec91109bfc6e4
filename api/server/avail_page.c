/*
 * /a/<token>: a participant's or a teacher's own availability page
 * (docs/workspace.md). The token (192 random bits) is the only key: it is
 * looked up by its SHA-256 and must not have expired; unknown, revoked,
 * expired and malformed tokens get the same 404. The page shows the
 * course's weeks and clock changes in the person's own zone (offsets from
 * the pinned tzdata; ICU only words and formats them), and a form for
 * weekly hours, dated days away, periods of other hours (Ramadan) and a
 * roster .ics. What is sent is merged into the problem and checked by the
 * problem reader; only errors about this person can block it. The page
 * shows nobody else's data and no ids.
 *
 * Also /a/s/<file>: the embedded style sheet and script (no data).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/diag.h>
#include <cohortplan/interval.h>
#include <cohortplan/tz.h>

#include "formats/workspace_json.h"
#include "ical/roster.h"
#include "reply.h"
#include "web.h"

#define MAX_SHIFTS 5000   /* the problem format's limit per person */

static const char *const day_msg[7] = {
	"av_mon", "av_tue", "av_wed", "av_thu", "av_fri", "av_sat", "av_sun",
};

struct page {
	struct srv_request *r;
	struct cp_store *st;
	struct cp_store_link link;
	struct cp_store_problem prob;
	struct cp_ws_course course;
	struct cp_ws_avail avail;
	const struct cp_tz *tz, *course_tz;
	struct cp_msg *msg;
	const char *lang;
	bool teacher, closed;
	char csrf[SRV_SHA256_LEN * 2 + 1];
	struct srv_form form;
	struct cp_ws_shift *shifts;
};

/* The form's CSRF value: derived from the link, so it needs no storage
 * and a page is good for exactly its own link. */
static void
form_token(struct cp_server *s, const char *token, char out[SRV_SHA256_LEN * 2 + 1])
{
	uint8_t buf[SRV_SHA256_LEN + SRV_FEED_TOKEN_CHARS], h[SRV_SHA256_LEN];
	size_t n = strlen(token);

	if (n > SRV_FEED_TOKEN_CHARS)
		n = SRV_FEED_TOKEN_CHARS;
	memcpy(buf, s->form_key, SRV_SHA256_LEN);
	memcpy(buf + SRV_SHA256_LEN, token, n);
	srv_sha256(buf, SRV_SHA256_LEN + n, h);
	for (int i = 0; i < SRV_SHA256_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

static bool
token_form(const char *t)
{
	if (strlen(t) != SRV_FEED_TOKEN_CHARS)
		return false;
	for (; *t; t++)
		if (!((*t >= 'A' && *t <= 'Z') || (*t >= 'a' && *t <= 'z') ||
		      (*t >= '0' && *t <= '9') || *t == '-' || *t == '_'))
			return false;
	return true;
}

/* ---- time in the person's zone ----------------------------------------------------- */

static cp_instant
local_midnight(const struct cp_tz *tz, const char *date, int add_days)
{
	struct cp_civil c;
	struct cp_tz_resolution res;
	int32_t y;
	int m, d;

	if (!cp_parse_date(date, &c))
		return 0;
	cp_civil_from_days(cp_days_from_civil(c.year, c.month, c.day) + add_days, &y, &m, &d);
	c.year = y;
	c.month = m;
	c.day = d;
	c.hour = c.minute = c.second = 0;
	cp_tz_to_utc(tz, &c, &res);
	return res.earliest;
}

/* "UTC+02:00", wrapped in a first-strong isolate so that it reads right
 * inside an Arabic sentence. */
static void
offset_text(int32_t off, char *buf, size_t n)
{
	int32_t a = off < 0 ? -off : off;

	snprintf(buf, n, "\u2068UTC%c%02d:%02d\u2069", off < 0 ? '-' : '+', (int)(a / 3600),
		 (int)(a / 60 % 60));
}

static void
date_text(struct cp_msg *m, const struct cp_civil *c, enum cp_msg_style style, char *buf,
	  size_t n)
{
	char *t = cp_msg_datetime(m, c, style);

	snprintf(buf, n, "%s", t ? t : "?");
	free(t);
}

/* Every clock change of tz inside the course, as sentences. */
static size_t
clock_changes(struct page *p, struct srv_html *h, const struct cp_tz *tz, bool own)
{
	struct cp_tz_transition tr[16];
	cp_instant from = local_midnight(p->tz, p->course.start, 0);
	cp_instant to = local_midnight(p->tz, p->course.end, 1);
	size_t n = cp_tz_transitions(tz, from, to, tr, 16), shown = 0;

	for (size_t i = 0; i < n && i < 16; i++) {
		struct cp_tz_local own_wall;
		char when[96], a[40], b[40], zone[80];
		const char *args[4];

		if (tr[i].offset_before == tr[i].offset_after)
			continue;   /* only an abbreviation or the DST flag changed */
		/* The moment as the person's own clock shows it. */
		cp_tz_to_local(p->tz, tr[i].at, &own_wall);
		date_text(p->msg, &own_wall.wall, CP_MSG_DATETIME, when, sizeof(when));
		offset_text(tr[i].offset_before, a, sizeof(a));
		offset_text(tr[i].offset_after, b, sizeof(b));
		snprintf(zone, sizeof(zone), "\u2068%s\u2069", cp_tz_name(tz));
		args[0] = when;
		if (own) {
			args[1] = a;
			args[2] = b;
			srv_html_raw(h, "<li>");
			srv_html_tf(h, "av_change_own", 3, args);
		} else {
			args[1] = zone;
			args[2] = a;
			args[3] = b;
			srv_html_raw(h, "<li>");
			srv_html_tf(h, "av_change_course", 4, args);
		}
		srv_html_raw(h, "</li>");
		shown++;
	}
	return shown;
}

static void
weeks_table(struct page *p, struct srv_html *h)
{
	struct cp_civil s, e;
	int64_t first, last;

	if (!cp_parse_date(p->course.start, &s) || !cp_parse_date(p->course.end, &e))
		return;
	first = cp_days_from_civil(s.year, s.month, s.day);
	last = cp_days_from_civil(e.year, e.month, e.day);
	first -= (cp_weekday_from_days(first) + 6) % 7;   /* back to Monday */
	srv_html_raw(h, "<details><summary>");
	srv_html_t(h, "av_weeks");
	srv_html_raw(h, "</summary><table><thead><tr><th>");
	srv_html_t(h, "av_week_of");
	srv_html_raw(h, "</th><th>");
	srv_html_t(h, "av_your_clock");
	srv_html_raw(h, "</th><th>");
	srv_html_t(h, "av_difference");
	srv_html_raw(h, "</th></tr></thead><tbody>");
	for (int64_t d = first; d <= last && d < first + 7 * 110; d += 7) {
		struct cp_civil c = { 0 };
		struct cp_tz_resolution res;
		char date[80], off[40], diff[96], hours[40];
		int32_t own, course, delta;
		const char *args[1] = { hours };

		cp_civil_from_days(d, &c.year, &c.month, &c.day);
		c.hour = 12;   /* midday: never inside a clock change */
		cp_tz_to_utc(p->tz, &c, &res);
		own = cp_tz_offset_at(p->tz, res.earliest);
		course = cp_tz_offset_at(p->course_tz, res.earliest);
		delta = own - course;
		date_text(p->msg, &c, CP_MSG_DATE, date, sizeof(date));
		offset_text(own, off, sizeof(off));
		snprintf(hours, sizeof(hours), "\u2068%+g\u2069", (double)delta / 3600);
		srv_html_raw(h, "<tr><td>");
		srv_html_text(h, date);
		srv_html_raw(h, "</td><td>");
		srv_html_text(h, off);
		srv_html_raw(h, "</td><td>");
		if (delta == 0) {
			srv_html_t(h, "av_same_time");
		} else {
			char *t = cp_msg_format(p->msg, "av_hours_diff", 1, args);
			snprintf(diff, sizeof(diff), "%s", t ? t : hours);
			free(t);
			srv_html_text(h, diff);
		}
		srv_html_raw(h, "</td></tr>");
	}
	srv_html_raw(h, "</tbody></table></details>");
}

/* ---- the page ------------------------------------------------------------------------- */

static void
time_input(struct srv_html *h, const char *name, const char *label, const char *value)
{
	srv_html_rawf(h, "<input type=\"time\" id=\"%s\" name=\"%s\" aria-label=\"", name, name);
	srv_html_text(h, label);
	srv_html_raw(h, "\" value=\"");
	srv_html_text(h, value);
	srv_html_raw(h, "\">");
}

/* A labelled input of type ("date", "time") in row i of a fieldset that
 * repeats rows: id PREFIX-FIELD-I, name PREFIX_FIELD (what the form
 * reader takes). */
static void
row_input(struct srv_html *h, const char *type, const char *prefix, const char *field,
	  size_t i, const char *label, const char *value)
{
	char id[32];

	snprintf(id, sizeof(id), "%s-%s-%zu", prefix, field, i);
	srv_html_rawf(h, "<label for=\"%s\">", id);
	srv_html_text(h, label);
	srv_html_rawf(h, "<input type=\"%s\" id=\"%s\" name=\"%s_%s\" value=\"", type, id,
		      prefix, field);
	srv_html_text(h, value);
	srv_html_raw(h, "\"></label>");
}

static char *
msg(struct page *p, const char *key)
{
	char *t = cp_msg_format(p->msg, key, 0, NULL);

	return t ? t : strdup(key);
}

static void
week_fieldset(struct page *p, struct srv_html *h)
{
	char *from = msg(p, "av_from"), *until = msg(p, "av_until");

	srv_html_fieldset(h, "av_week", "av_week_help");
	srv_html_raw(h, "<table><tbody>");
	for (int d = 0; d < 7; d++) {
		char *day = msg(p, day_msg[d]);
		srv_html_raw(h, "<tr><th scope=\"row\">");
		srv_html_text(h, day);
		srv_html_raw(h, "</th>");
		for (int s = 0; s < CP_WS_SLOTS; s++) {
			char name[16], label[160];
			srv_html_raw(h, "<td>");
			snprintf(name, sizeof(name), "w_%d_%d_s", d, s);
			snprintf(label, sizeof(label), "%s %d: %s", day, s + 1, from);
			time_input(h, name, label, p->avail.week[d][s][0]);
			srv_html_raw(h, " – ");
			snprintf(name, sizeof(name), "w_%d_%d_e", d, s);
			snprintf(label, sizeof(label), "%s %d: %s", day, s + 1, until);
			time_input(h, name, label, p->avail.week[d][s][1]);
			srv_html_raw(h, "</td>");
		}
		srv_html_raw(h, "</tr>");
		free(day);
	}
	srv_html_raw(h, "</tbody></table></fieldset>");
	free(from);
	free(until);
}

static void
off_fieldset(struct page *p, struct srv_html *h)
{
	char *from = msg(p, "av_date_from"), *to = msg(p, "av_date_to");
	size_t rows = p->avail.n_off + 2;

	srv_html_fieldset(h, p->teacher ? "av_leave" : "av_off", NULL);
	for (size_t i = 0; i < rows && i < CP_WS_ROWS; i++) {
		srv_html_raw(h, "<div class=\"row\">");
		row_input(h, "date", "off", "from", i, from,
			  i < p->avail.n_off ? p->avail.off[i].from : "");
		row_input(h, "date", "off", "to", i, to, i < p->avail.n_off ? p->avail.off[i].to : "");
		srv_html_raw(h, "</div>");
	}
	srv_html_raw(h, "</fieldset>");
	free(from);
	free(to);
}

static void
periods_fieldset(struct page *p, struct srv_html *h)
{
	char *from = msg(p, "av_date_from"), *to = msg(p, "av_date_to");
	char *ts = msg(p, "av_from"), *te = msg(p, "av_until");
	size_t rows = p->avail.n_periods + 1;

	srv_html_fieldset(h, "av_periods", "av_periods_help");
	for (size_t i = 0; i < rows && i < CP_WS_ROWS; i++) {
		const struct cp_ws_period *x = i < p->avail.n_periods ? &p->avail.periods[i] : NULL;
		srv_html_raw(h, "<div class=\"row\">");
		row_input(h, "date", "p", "from", i, from, x ? x->from : "");
		row_input(h, "date", "p", "to", i, to, x ? x->to : "");
		row_input(h, "time", "p", "start", i, ts, x ? x->start : "");
		row_input(h, "time", "p", "end", i, te, x ? x->end : "");
		srv_html_raw(h, "</div>");
	}
	srv_html_raw(h, "</fieldset>");
	free(from);
	free(to);
	free(ts);
	free(te);
}

static void
roster_fieldset(struct page *p, struct srv_html *h)
{
	char n[24];
	const char *args[1] = { n };

	srv_html_fieldset(h, "av_roster", NULL);
	srv_html_raw(h, "<p>");
	snprintf(n, sizeof(n), "%zu", p->avail.roster_shifts);
	if (p->avail.roster_shifts || p->avail.roster_file)
		srv_html_tf(h, "av_roster_have", 1, args);
	else
		srv_html_t(h, "av_roster_none");
	srv_html_raw(h, "</p><label for=\"roster\">");
	srv_html_t(h, "av_roster_file");
	srv_html_raw(h, "</label> <input type=\"file\" id=\"roster\" name=\"roster\" "
		     "accept=\".ics,text/calendar\">");
	if (p->avail.roster_shifts) {
		srv_html_raw(h, "<br><label><input type=\"checkbox\" name=\"roster_remove\" "
			     "value=\"1\"> ");
		srv_html_t(h, "av_roster_remove");
		srv_html_raw(h, "</label>");
	}
	srv_html_raw(h, "</fieldset>");
}

/* A participant's own booked calls (docs/workspace.md "Calls"), once the
 * planner has booked them (a proposal may still change: not shown). */
static void
own_calls(struct page *p, struct srv_html *h)
{
	struct srv_calls calls;

	if (p->teacher || !srv_calls_book(p->r->srv, p->st, &p->prob, &calls))
		return;
	if (calls.revision)
		srv_calls_own(h, &calls, p->link.subject);
	srv_calls_finish(&calls);
}

static enum MHD_Result
render(struct page *p, unsigned status, bool saved, const struct cp_diag *d, const char *prefix)
{
	struct srv_html h;
	static const char *const langs[4] = { "ar", "fr", "en", "nl" };
	static const char *const names[4] = { "العربية", "Français", "English", "Nederlands" };
	size_t changes;

	srv_html_init(&h, p->msg);
	{
		char *title = msg(p, "av_title");
		srv_html_begin(&h, title, 0);
		free(title);
	}
	srv_html_raw(&h, "<nav class=\"lang\" aria-label=\"language\">");
	for (int i = 0; i < 4; i++)
		srv_html_rawf(&h, "<a href=\"?lang=%s\" lang=\"%s\" hreflang=\"%s\">%s</a>", langs[i],
			      langs[i], langs[i], names[i]);
	srv_html_raw(&h, "</nav><h1>");
	srv_html_t(&h, "av_title");
	srv_html_raw(&h, "</h1>");
	if (p->course.title[0]) {
		srv_html_raw(&h, "<p><bdi>");
		srv_html_text(&h, p->course.title);
		srv_html_raw(&h, "</bdi></p>");
	}
	if (saved) {
		srv_html_raw(&h, "<p class=\"msg ok\" role=\"status\" id=\"saved\">");
		srv_html_t(&h, "av_saved");
		srv_html_raw(&h, "</p>");
	}
	if (d && cp_diag_errors(d)) {
		size_t k = strlen(prefix);
		srv_html_raw(&h, "<div class=\"msg bad\" role=\"alert\" id=\"errors\"><p>");
		srv_html_t(&h, "av_fix");
		srv_html_raw(&h, "</p><ul>");
		for (size_t i = 0; i < cp_diag_count(d); i++) {
			const struct cp_diag_entry *e = cp_diag_entry(d, i);
			if (e->severity != CP_DIAG_ERROR || strncmp(e->path, prefix, k) != 0)
				continue;
			srv_html_raw(&h, "<li lang=\"en\" dir=\"ltr\">");
			srv_html_text(&h, e->path[k] == '/' ? e->path + k + 1 : e->path + k);
			srv_html_raw(&h, ": ");
			srv_html_text(&h, e->message);
			srv_html_raw(&h, "</li>");
		}
		srv_html_raw(&h, "</ul></div>");
	}
	{
		char zone[80], a[96], b[96];
		struct cp_civil s, e;
		const char *args[3] = { zone, a, b };
		snprintf(zone, sizeof(zone), "\u2068%s\u2069", cp_tz_name(p->tz));
		if (cp_parse_date(p->course.start, &s) && cp_parse_date(p->course.end, &e)) {
			date_text(p->msg, &s, CP_MSG_DATE, a, sizeof(a));
			date_text(p->msg, &e, CP_MSG_DATE, b, sizeof(b));
		}
		srv_html_raw(&h, "<p>");
		srv_html_tf(&h, "av_intro", 3, args);
		srv_html_raw(&h, "</p>");
	}
	srv_html_raw(&h, "<section class=\"msg note\" id=\"clocks\"><p>");
	srv_html_t(&h, "av_clocks");
	srv_html_raw(&h, "</p><ul>");
	changes = clock_changes(p, &h, p->tz, true);
	if (p->course_tz != p->tz)
		changes += clock_changes(p, &h, p->course_tz, false);
	srv_html_raw(&h, "</ul>");
	if (!changes) {
		srv_html_raw(&h, "<p>");
		srv_html_t(&h, "av_no_change");
		srv_html_raw(&h, "</p>");
	}
	srv_html_raw(&h, "</section>");
	own_calls(p, &h);
	weeks_table(p, &h);
	if (p->closed) {
		srv_html_raw(&h, "<p class=\"msg note\" id=\"closed\">");
		srv_html_t(&h, "av_closed");
		srv_html_raw(&h, "</p>");
	} else {
		srv_html_raw(&h, "<form method=\"post\" enctype=\"multipart/form-data\" action=\"\">");
		srv_html_rawf(&h, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", p->csrf);
		srv_html_rawf(&h, "<input type=\"hidden\" name=\"lang\" value=\"%s\">", p->lang);
		week_fieldset(p, &h);
		off_fieldset(p, &h);
		periods_fieldset(p, &h);
		if (!p->teacher)
			roster_fieldset(p, &h);
		srv_html_raw(&h, "<button id=\"save\">");
		srv_html_t(&h, "av_save");
		srv_html_raw(&h, "</button></form>");
	}
	srv_html_raw(&h, "<p><small>");
	srv_html_t(&h, "av_privacy");
	srv_html_raw(&h, "</small></p>");
	srv_html_end(&h);
	return srv_web_page(p->r, status, &h, NULL);
}

/* ---- saving ------------------------------------------------------------------------------ */

static void
field(const struct srv_form *f, const char *key, size_t i, char *dst, size_t n)
{
	const struct srv_form_field *x = srv_form_nth(f, key, i);

	snprintf(dst, n, "%s", x ? x->value : "");
}

static void
avail_from_form(struct page *p)
{
	const struct srv_form *f = &p->form;
	struct cp_ws_avail *a = &p->avail;

	memset(a->week, 0, sizeof(a->week));
	for (int d = 0; d < 7; d++)
		for (int s = 0; s < CP_WS_SLOTS; s++) {
			char k[16];
			snprintf(k, sizeof(k), "w_%d_%d_s", d, s);
			field(f, k, 0, a->week[d][s][0], 6);
			snprintf(k, sizeof(k), "w_%d_%d_e", d, s);
			field(f, k, 0, a->week[d][s][1], 6);
		}
	a->n_off = 0;
	for (size_t i = 0; i < CP_WS_ROWS && srv_form_nth(f, "off_from", i); i++) {
		struct cp_ws_range *r = &a->off[a->n_off];
		field(f, "off_from", i, r->from, sizeof(r->from));
		field(f, "off_to", i, r->to, sizeof(r->to));
		if (!r->from[0] && r->to[0])
			memcpy(r->from, r->to, sizeof(r->from));
		if (r->from[0])
			a->n_off++;
	}
	a->n_periods = 0;
	for (size_t i = 0; i < CP_WS_ROWS && srv_form_nth(f, "p_from", i); i++) {
		struct cp_ws_period *x = &a->periods[a->n_periods];
		field(f, "p_from", i, x->from, sizeof(x->from));
		field(f, "p_to", i, x->to, sizeof(x->to));
		field(f, "p_start", i, x->start, sizeof(x->start));
		field(f, "p_end", i, x->end, sizeof(x->end));
		if (x->from[0] || x->to[0] || x->start[0] || x->end[0])
			a->n_periods++;
	}
}

/* The uploaded roster as inline shifts in the person's local time, over
 * the course window and a day either side. False with a diag entry when
 * the file is not a roster we can read. */
static bool
roster_shifts(struct page *p, const struct srv_form_field *file, const char *path,
	      struct cp_diag *d)
{
	struct cp_roster_options o = { 0 };
	struct cp_error err = { 0 };
	struct cp_interval_set set;
	bool ok;

	cp_interval_set_init(&set);
	o.source = "roster.ics";
	o.tzdb = p->r->srv->cfg.tzdb;
	o.floating_zone = p->tz;
	o.from = local_midnight(p->tz, p->course.start, -1);
	o.to = local_midnight(p->tz, p->course.end, 2);
	ok = o.from < o.to && cp_roster_parse(file->value, file->len, &o, &set, &err);
	if (!ok) {
		cp_diag_add(d, CP_DIAG_ERROR, path, NULL, "%s",
			    err.message[0] ? err.message : "not a roster for this course");
	} else if (set.count > MAX_SHIFTS) {
		cp_diag_add(d, CP_DIAG_ERROR, path, NULL,
			    "the roster has %zu shifts in the course; at most %d", set.count,
			    MAX_SHIFTS);
		ok = false;
	} else {
		p->shifts = calloc(set.count ? set.count : 1, sizeof(*p->shifts));
		ok = p->shifts != NULL;
		for (size_t i = 0; ok && i < set.count; i++) {
			struct cp_tz_local a, b;
			cp_tz_to_local(p->tz, set.items[i].start, &a);
			cp_tz_to_local(p->tz, set.items[i].end, &b);
			snprintf(p->shifts[i].start, sizeof(p->shifts[i].start),
				 "%04d-%02d-%02dT%02d:%02d", (int)a.wall.year, a.wall.month,
				 a.wall.day, a.wall.hour, a.wall.minute);
			snprintf(p->shifts[i].end, sizeof(p->shifts[i].end),
				 "%04d-%02d-%02dT%02d:%02d", (int)b.wall.year, b.wall.month,
				 b.wall.day, b.wall.hour, b.wall.minute);
		}
		p->avail.replace_roster = ok;
		p->avail.shifts = p->shifts;
		p->avail.n_shifts = ok ? set.count : 0;
	}
	cp_interval_set_finish(&set);
	return ok;
}

static enum MHD_Result
save(struct page *p)
{
	struct cp_server *s = p->r->srv;
	const struct srv_form_field *file = srv_form_nth(&p->form, "roster", 0);
	struct cp_diag *d = NULL, *rd = cp_diag_create(8);
	struct cp_store_problem fresh = { 0 };
	char prefix[48], csrf_hash[2][SRV_SHA256_LEN];
	char *text = NULL;
	enum MHD_Result ret;
	unsigned st;
	const char *got = srv_form_get(&p->form, "csrf");

	/* Compare hashes: constant time whatever was sent. */
	srv_sha256(got, strlen(got), (uint8_t *)csrf_hash[0]);
	srv_sha256(p->csrf, strlen(p->csrf), (uint8_t *)csrf_hash[1]);
	if (!srv_hash_equal((uint8_t *)csrf_hash[0], (uint8_t *)csrf_hash[1])) {
		cp_diag_destroy(rd);
		return srv_web_error(p->r, 403, p->lang);
	}
	if (p->closed) {
		cp_diag_destroy(rd);
		return srv_web_error(p->r, 409, p->lang);
	}
	if (!rd)
		return srv_web_error(p->r, 500, p->lang);
	snprintf(prefix, sizeof(prefix), "/%s/%d", p->teacher ? "teachers" : "participants",
		 p->avail.index);
	avail_from_form(p);
	if (!p->teacher && file && file->len) {
		char path[64];
		snprintf(path, sizeof(path), "%s/roster", prefix);
		if (!roster_shifts(p, file, path, rd)) {
			ret = render(p, 422, false, rd, prefix);
			cp_diag_destroy(rd);
			return ret;
		}
	} else if (!p->teacher && srv_form_get(&p->form, "roster_remove")[0]) {
		p->avail.replace_roster = true;
		p->avail.n_shifts = 0;
	}
	cp_diag_destroy(rd);
	/* Read, merge, check and write under the write lock, so that two
	 * people answering at once do not undo each other. */
	pthread_mutex_lock(&s->write_lock);
	if (cp_store_problem_get(p->st, p->link.problem_id, &fresh, NULL) == CP_OK)
		text = cp_ws_avail_apply(fresh.body, fresh.body_len, p->link.kind, p->link.subject,
					 &p->avail);
	cp_store_problem_finish(&fresh);
	d = text ? srv_web_check(s, text, strlen(text)) : NULL;
	if (!d) {
		pthread_mutex_unlock(&s->write_lock);
		free(text);
		return srv_web_error(p->r, 500, p->lang);
	}
	{
		/* Only this person's errors are theirs to fix; the rest of the
		 * problem is the planner's. */
		size_t mine = 0, k = strlen(prefix);
		for (size_t i = 0; i < cp_diag_count(d); i++) {
			const struct cp_diag_entry *e = cp_diag_entry(d, i);
			mine += e->severity == CP_DIAG_ERROR && strncmp(e->path, prefix, k) == 0 &&
				(e->path[k] == '\0' || e->path[k] == '/');
		}
		if (mine) {
			pthread_mutex_unlock(&s->write_lock);
			ret = render(p, 422, false, d, prefix);
			goto done;
		}
	}
	st = srv_web_store_problem(s, p->st, p->link.problem_id, text);
	if (!st)
		cp_store_link_answered(p->st, p->link.id, srv_now(s), NULL);
	pthread_mutex_unlock(&s->write_lock);
	if (st) {
		ret = srv_web_error(p->r, st, p->lang);
	} else {
		char loc[128];
		srv_log(s, "workspace: an availability answer for '%s' was stored",
			p->link.problem_id);
		snprintf(loc, sizeof(loc), "/a/%s?saved=1&lang=%s", p->link.token, p->lang);
		ret = srv_web_redirect(p->r, loc, NULL);
	}
done:
	cp_diag_destroy(d);
	free(text);
	return ret;
}

/* ---- routing ------------------------------------------------------------------------------ */

static enum MHD_Result
asset(struct srv_request *r, const char *name)
{
	const struct srv_asset *a = srv_asset_find(name);
	char *copy;

	if (!a)
		return srv_web_error(r, 404, NULL);
	copy = malloc(a->len ? a->len : 1);
	if (!copy)
		return srv_reply_json(r, 500, NULL);
	memcpy(copy, a->data, a->len);
	return srv_web_reply(r, 200, a->type, copy, a->len, NULL, NULL, NULL);
}

static enum MHD_Result
person_page(struct page *p, const char *token)
{
	struct cp_server *s = p->r->srv;
	uint8_t hash[SRV_SHA256_LEN];
	bool get = strcmp(p->r->method, "GET") == 0 || strcmp(p->r->method, "HEAD") == 0;

	if (!token_form(token))
		return srv_web_error(p->r, 404, NULL);
	srv_sha256(token, strlen(token), hash);
	if (cp_store_link_lookup(p->st, hash, srv_now(s), &p->link, NULL) != CP_OK ||
	    cp_store_problem_get(p->st, p->link.problem_id, &p->prob, NULL) != CP_OK)
		return srv_web_error(p->r, 404, NULL);
	p->teacher = strcmp(p->link.kind, "teacher") == 0;
	if (!get && strcmp(p->r->method, "POST") == 0 && !srv_form_parse(p->r, &p->form))
		return srv_web_error(p->r, 400, NULL);
	/* The language: the form's (what the page was in), ?lang, the link's. */
	{
		const char *fl = srv_form_get(&p->form, "lang");
		p->lang = srv_web_lang(p->r, fl[0] ? fl : p->link.lang);
	}
	p->msg = cp_msg_create(p->lang, NULL);
	if (!p->msg || !cp_ws_course_read(p->prob.body, p->prob.body_len, &p->course) ||
	    !cp_ws_avail_read(p->prob.body, p->prob.body_len, p->link.kind, p->link.subject,
			      &p->avail))
		return srv_web_error(p->r, 404, p->lang);
	p->tz = cp_tzdb_zone(s->cfg.tzdb, p->avail.zone, NULL);
	p->course_tz = cp_tzdb_zone(s->cfg.tzdb, p->course.zone[0] ? p->course.zone
								   : "Europe/Brussels", NULL);
	if (!p->tz || !p->course_tz)
		return srv_web_error(p->r, 404, p->lang);
	cp_store_round_get(p->st, p->link.problem_id, &p->closed, NULL);
	form_token(s, token, p->csrf);
	if (get) {
		const char *saved = MHD_lookup_connection_value(p->r->conn, MHD_GET_ARGUMENT_KIND,
								"saved");
		return render(p, 200, saved != NULL, NULL, "");
	}
	if (strcmp(p->r->method, "POST") != 0)
		return srv_web_error(p->r, 405, p->lang);
	return save(p);
}

enum MHD_Result
srv_avail_route(struct srv_request *r, char **segs, size_t n)
{
	struct page p;
	enum MHD_Result ret;

	if (n == 2 && strcmp(segs[0], "s") == 0 &&
	    (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0))
		return asset(r, segs[1]);
	if (n != 1)
		return srv_web_error(r, 404, NULL);
	memset(&p, 0, sizeof(p));
	p.r = r;
	p.st = srv_store_get(r->srv);
	ret = person_page(&p, segs[0]);
	srv_store_put(r->srv, p.st);
	srv_form_finish(&p.form);
	cp_msg_destroy(p.msg);
	cp_store_link_finish(&p.link);
	cp_store_problem_finish(&p.prob);
	free(p.shifts);
	return ret;
}
