/*
 * The plan report, report.html (see report.h).
 *
 * The page is written in one pass into a growing buffer. Texts come from
 * the message catalog (api/locale, keys "report_..."), with plan values
 * passed in as arguments and inserted after formatting, each escaped and
 * bidi-isolated on its own: a message pattern never sees untrusted text,
 * and an id never sees the pattern's markup.
 */
#include "report/report.h"
#include "common/array.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/atomic_file.h"
#include "locale/explain.h"
#include "locale/messages.h"
#include "report_buf.h"
#include "strip_layout.h"

#define DETAIL_LIMIT_DEFAULT 400
#define DATE_SZ 160 /* a formatted date: names are short, UTF-8 is not */

void
cp_report_options_init(struct cp_report_options *o)
{
	memset(o, 0, sizeof *o);
	o->detail_limit = DETAIL_LIMIT_DEFAULT;
}

/* ---- the writer's state ------------------------------------------------ */

struct rep {
	struct cp_report_buf b;
	struct cp_msg *msg;
	const struct cp_plan *plan;
	struct cp_tzdb *db;
	const struct cp_problem *problem;
	const struct cp_plan *full;       /* the plan with dissolved cohorts:
	                                   * progress indices refer to it */
	const struct cp_progress *progress;
	bool detailed;
	bool nomem;
	char *weekday[7];   /* short names, 0 = Sunday */
	char *month[12];
};

#define PUT(r, s) cp_report_buf_put(&(r)->b, (s))
#define PRINTF(r, ...) cp_report_buf_printf(&(r)->b, __VA_ARGS__)
#define ESC(r, s) cp_report_buf_esc(&(r)->b, (s))

/* How an argument of a message is inserted. */
enum arg_kind {
	A_TEXT = 0, /* escaped */
	A_ID,       /* escaped, isolated: an id from the plan */
	A_ZONE,     /* escaped, isolated, left-to-right: a zone name or offset */
	A_RAW,      /* markup this file made; never plan data */
};

struct arg {
	enum arg_kind kind;
	const char *s;
};

static void
put_arg(struct rep *r, const struct arg *a)
{
	const char *s = a->s ? a->s : "";

	switch (a->kind) {
	case A_TEXT:
		ESC(r, s);
		break;
	case A_ID:
		PUT(r, "<bdi class=\"id\">");
		ESC(r, s);
		PUT(r, "</bdi>");
		break;
	case A_ZONE:
		PUT(r, "<bdi dir=\"ltr\">");
		ESC(r, s);
		PUT(r, "</bdi>");
		break;
	case A_RAW:
		PUT(r, s);
		break;
	}
}

/*
 * Message key with args, as HTML. The pattern is formatted with markers
 * ("\1" and a digit) in place of the arguments; the result is escaped and
 * each marker replaced by its argument, inserted as its kind says. An
 * unknown key shows as itself, so a missing translation is visible (and
 * the catalog test catches it first).
 */
static void
msg(struct rep *r, const char *key, size_t n, const struct arg *args)
{
	static const char *const markers[4] = { "\0010", "\0011", "\0012", "\0013" };
	char *text;
	const char *p, *run;

	if (n > 4)
		n = 4;
	text = cp_msg_format(r->msg, key, n, markers);
	if (!text) {
		if (cp_msg_has(r->msg, key))
			r->nomem = true;
		ESC(r, key);
		return;
	}
	for (p = run = text; *p; p++) {
		if (p[0] == '\001' && p[1] >= '0' && p[1] <= '3') {
			size_t i = (size_t)(p[1] - '0');
			cp_report_buf_escn(&r->b, run, (size_t)(p - run));
			if (i < n)
				put_arg(r, &args[i]);
			p++;
			run = p + 1;
		}
	}
	cp_report_buf_escn(&r->b, run, (size_t)(p - run));
	free(text);
}

static void
msg0(struct rep *r, const char *key)
{
	msg(r, key, 0, NULL);
}

static void
msg1(struct rep *r, const char *key, enum arg_kind k0, const char *a0)
{
	struct arg a[1] = { { k0, a0 } };
	msg(r, key, 1, a);
}

/* Words from api/locale (explain.h), escaped; NULL means out of memory. */
static void
put_words(struct rep *r, char *s)
{
	if (!s) {
		r->nomem = true;
		return;
	}
	ESC(r, s);
	free(s);
}

/* Text a plan written before reasons and advice were data carries: the
 * planner's English, marked as such. */
static void
put_english(struct rep *r, const char *s)
{
	PUT(r, "<span class=\"en\" lang=\"en\" dir=\"ltr\">");
	ESC(r, s);
	PUT(r, "</span>");
}

/* s into out[cap], cut at cap - 1 bytes (cutting is intended: labels
 * have fixed room; snprintf would make -O3 warn about it). */
static const char *
copy_cut(char *out, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (cap == 0)
		return out;
	if (n >= cap)
		n = cap - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

/* A message as plain text (for SVG labels, titles), written into out. */
static const char *
text(struct rep *r, char *out, size_t cap, const char *key, size_t n, const char *const *args)
{
	char *t = cp_msg_format(r->msg, key, n, args);

	if (!t) {
		if (cp_msg_has(r->msg, key))
			r->nomem = true;
		return copy_cut(out, cap, key);
	}
	copy_cut(out, cap, t);
	free(t);
	return out;
}

/* A whole number in the language's digits. */
static const char *
num(struct rep *r, long v, char out[32])
{
	char *t = cp_msg_number(r->msg, v);

	if (!t) {
		r->nomem = true;
		snprintf(out, 32, "%ld", v);
		return out;
	}
	snprintf(out, 32, "%s", t);
	free(t);
	return out;
}

/* A share as a whole percentage ("80%"), rounded down so that 79.9% never
 * reads as reaching an 80% target. */
static const char *
percent(struct rep *r, double share, char out[48])
{
	char n[32];
	const char *args[1];
	long p;

	/* Plans read from files are checked, but a share is never trusted
	 * with a float-to-integer conversion. */
	if (!isfinite(share) || share < 0)
		share = 0;
	if (share > 1000)
		share = 1000;
	p = (long)(share * 100.0 + 1e-9);

	args[0] = num(r, p, n);
	return text(r, out, 48, "report_percent", 1, args);
}

/* Minutes as "H:MM h". */
static const char *
duration(struct rep *r, long minutes, char out[48])
{
	char hm[32];
	const char *args[1] = { hm };

	snprintf(hm, sizeof hm, "%ld:%02ld", minutes / 60, minutes % 60);
	return text(r, out, 48, "report_duration", 1, args);
}

/* A number with two decimals, without the C locale's help (the library
 * must not depend on setlocale). */
static const char *
decimal(struct rep *r, double v, char out[48])
{
	char sep[8];
	long long c;
	bool neg = v < 0;

	text(r, sep, sizeof sep, "report_decimal_separator", 0, NULL);
	if (!isfinite(v)) {
		snprintf(out, 48, "\xe2\x80\x93");
		return out;
	}
	if (neg)
		v = -v;
	if (v > 1e15) {
		snprintf(out, 48, "%s%.3g", neg ? "-" : "", v);
		return out;
	}
	c = (long long)(v * 100.0 + 0.5);
	snprintf(out, 48, "%s%lld%s%02lld", neg && c ? "-" : "", c / 100, sep, c % 100);
	return out;
}

static void
clock_hm(int minute, char out[8])
{
	snprintf(out, 8, "%02d:%02d", (minute / 60) % 100, minute % 60);
}

/* "Tue 5 Mar" for a day count. */
static const char *
date_short(struct rep *r, int64_t day, char out[DATE_SZ])
{
	int32_t y;
	int m, d;
	char dn[16];
	const char *args[3];

	cp_civil_from_days(day, &y, &m, &d);
	snprintf(dn, sizeof dn, "%d", d);
	args[0] = r->weekday[cp_weekday_from_days(day)];
	args[1] = dn;
	args[2] = r->month[m - 1];
	return text(r, out, DATE_SZ, "report_date_short", 3, args);
}

/* "Tue 5 Mar 2024" */
static const char *
date_long(struct rep *r, int64_t day, char out[DATE_SZ])
{
	int32_t y;
	int m, d;
	char ds[DATE_SZ], ys[16];
	const char *args[2] = { ds, ys };

	cp_civil_from_days(day, &y, &m, &d);
	date_short(r, day, ds);
	snprintf(ys, sizeof ys, "%d", (int)y);
	return text(r, out, DATE_SZ, "report_date_year", 2, args);
}

/* "+01", "+05:30", "-03" */
static void
offset_str(int32_t off, char out[16])
{
	int32_t a = off < 0 ? -off : off;

	if (a % 3600)
		snprintf(out, 16, "%c%02d:%02d", off < 0 ? '-' : '+', (int)(a / 3600),
			 (int)(a % 3600 / 60));
	else
		snprintf(out, 16, "%c%02d", off < 0 ? '-' : '+', (int)(a / 3600));
}

/* ---- time ---------------------------------------------------------------- */

struct local {
	int64_t day;   /* days since 1970-01-01 of the local date */
	int minute;    /* minutes after local midnight */
	int32_t utoff;
};

/* A zone of the plan; NULL (shown in UTC) when the tzdb does not know it,
 * which a plan read with a tzdb cannot have. */
static const struct cp_tz *
zone(struct rep *r, const char *name)
{
	struct cp_tz_error e;

	if (!name)
		return NULL;
	return cp_tzdb_zone(r->db, name, &e);
}

static void
to_local(const struct cp_tz *tz, cp_instant t, struct local *out)
{
	struct cp_civil c;

	if (tz) {
		struct cp_tz_local l;
		cp_tz_to_local(tz, t, &l);
		c = l.wall;
		out->utoff = l.utoff;
	} else {
		cp_instant_to_civil(t, &c);
		out->utoff = 0;
	}
	out->day = cp_days_from_civil(c.year, c.month, c.day);
	out->minute = c.hour * 60 + c.minute;
}

/* Monday-first column of a day: 0 = Monday .. 6 = Sunday. */
static int
mon_col(int64_t day)
{
	return cp_strip_mon_col(day);
}

/* A local time as (day, minute) of a day that starts at shift
 * (cp_strip_shifted). */
static void
shifted(const struct local *l, int shift, int64_t *day, int *minute)
{
	cp_strip_shifted(l->day, l->minute, shift, day, minute);
}

/* ---- names ---------------------------------------------------------------- */

/* A catalog text for an enum-like plan value (theme, verdict, profile),
 * or the value itself when the catalog has none. */
static void
put_named(struct rep *r, const char *prefix, const char *value)
{
	char key[96];

	if (!value)
		return;
	snprintf(key, sizeof key, "%s%s", prefix, value);
	if (strlen(prefix) + strlen(value) < sizeof key && cp_msg_has(r->msg, key))
		msg0(r, key);
	else
		put_arg(r, &(struct arg){ A_ID, value });
}

static const char *
named_text(struct rep *r, const char *prefix, const char *value, char *out, size_t cap)
{
	char key[96];

	if (!value) {
		out[0] = '\0';
		return out;
	}
	/* A theme the course named itself (plan themes[]) goes by that name. */
	const char *own = strcmp(prefix, "theme_") == 0 ? cp_plan_theme_name(r->plan, value) : NULL;
	if (own) {
		snprintf(out, cap, "%s", own);
		return out;
	}
	snprintf(key, sizeof key, "%s%s", prefix, value);
	if (strlen(prefix) + strlen(value) < sizeof key && cp_msg_has(r->msg, key))
		return text(r, out, cap, key, 0, NULL);
	snprintf(out, cap, "%s", value);
	return out;
}

static const char *
verdict_key(enum cp_verdict v, char out[64])
{
	snprintf(out, 64, "report_verdict_%s", cp_verdict_name(v));
	return out;
}

/* ---- page frame --------------------------------------------------------- */

static const char css[] =
	":root{--ink:#1d2330;--muted:#5b6475;--line:#d5d9e0;--bg:#f6f7f9;"
	"--ok:#2f8f5b;--some:#e0a526;--none:#c8463d;--teacher:#4a5a8c;--chg:#c0262d;"
	"--placed:#2f6fb0;--unplaced:#a9b0bd}\n"
	"*{box-sizing:border-box}\n"
	"body{font:14px/1.45 system-ui,\"Segoe UI\",\"Noto Sans\",\"Noto Sans Arabic\","
	"\"DejaVu Sans\",sans-serif;color:var(--ink);margin:0;background:#fff}\n"
	"header,main,footer{max-width:1120px;margin:0 auto;padding:0 24px}\n"
	"header{padding-top:20px;border-bottom:3px solid var(--placed)}\n"
	"h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px;"
	"border-bottom:1px solid var(--line);padding-bottom:4px}\n"
	"h3{font-size:16px;margin:0 0 4px}\n"
	".meta{color:var(--muted);margin:2px 0 8px}\n"
	"nav{margin:8px 0 12px}nav a{margin-inline-end:16px;color:var(--placed)}\n"
	".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));"
	"gap:10px;margin:0}\n"
	".card{background:var(--bg);border:1px solid var(--line);border-radius:6px;"
	"padding:8px 12px;margin:0}\n"
	".card dt{color:var(--muted);font-size:12px}.card dd{margin:2px 0 0;font-size:22px;"
	"font-weight:650}.card dd small{display:block;font-size:12px;font-weight:400;"
	"color:var(--muted);line-height:1.35}\n"
	".warn{background:#fff4e0;border:1px solid #e8b04a;border-radius:6px;padding:6px 10px}\n"
	".below{color:#8a5a00}\n"
	"article{border:1px solid var(--line);border-radius:8px;padding:12px 14px;"
	"margin:14px 0;break-inside:avoid-page}\n"
	"svg{display:block;max-width:100%;height:auto;direction:ltr;"
	"font-family:system-ui,\"Noto Sans\",\"DejaVu Sans\",sans-serif}\n"
	"svg text{font-size:10px;fill:var(--ink)}\n"
	"svg .lbl{font-size:11px}svg .wk{font-size:11px;font-weight:600}\n"
	"svg .grid{stroke:#e6e8ec;stroke-width:1}svg .frame{fill:none;stroke:var(--line)}\n"
	"svg .day{fill:#fafbfc;stroke:var(--line)}\n"
	".b0{fill:var(--ok)}.b1{fill:var(--some)}.b2{fill:var(--none)}.bt{fill:var(--teacher)}\n"
	"svg .bl{fill:#fff;font-size:9.5px;font-weight:600}svg .bl1{fill:#1d2330;font-size:9.5px;"
	"font-weight:600}\n"
	".chg{stroke:var(--chg);stroke-width:2;stroke-dasharray:3 2}svg .chgt{fill:var(--chg);"
	"font-size:10px;font-weight:600}\n"
	".legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;color:var(--muted);"
	"margin:4px 0;padding:0;list-style:none}\n"
	".sw{display:inline-block;width:12px;height:12px;border-radius:2px;"
	"vertical-align:-2px;margin-inline-end:4px}\n"
	".sw.b0{background:var(--ok)}.sw.b1{background:var(--some)}.sw.b2{background:var(--none)}"
	".sw.bt{background:var(--teacher)}.sw.chg{background:var(--chg)}"
	".sw.pl{background:var(--placed)}.sw.up{background:var(--unplaced)}\n"
	"table{border-collapse:collapse;margin:6px 0;font-size:12.5px}\n"
	"th,td{border:1px solid var(--line);padding:3px 6px;text-align:start;vertical-align:top}\n"
	"th{background:var(--bg);font-weight:600}\n"
	"td.n{text-align:end;font-variant-numeric:tabular-nums}\n"
	"table.verdicts td.v{width:20px;min-width:20px;text-align:center;padding:2px 0;font-size:11px}\n"
	"table.verdicts th.l{width:20px;padding:2px 0;text-align:center;font-size:10px;font-weight:400}\n"
	".v0{background:#d9f0e1;color:#1f6b40}.v1{background:#e1e3e8}.v2{background:#fff0b8}"
	".v3{background:#ffd4a8}.v4{background:#d3e2ff}.v5{background:#c9cdfb}.v6{background:#ffcfcf}"
	".v7{background:#e6d8ff}.v8{background:#f4d0e6}\n"
	"td.week{white-space:nowrap;color:var(--muted)}td.day{min-width:88px}\n"
	".ls{display:block;white-space:nowrap}.dt{color:var(--muted);font-size:11px}\n"
	".over{background:#ffe1de}.late{color:var(--none);font-weight:600}\n"
	".bar{display:block;height:6px;background:#e6e8ec;border-radius:3px;margin-top:3px;"
	"min-width:80px}.bar i{display:block;height:6px;background:var(--placed);"
	"border-radius:3px}.over .bar i{background:var(--none)}\n"
	"bdi.id{font-family:ui-monospace,\"DejaVu Sans Mono\",monospace;font-size:.95em}\n"
	".en{color:var(--muted)}\n"
	"footer{color:var(--muted);font-size:12px;border-top:1px solid var(--line);"
	"margin-top:30px;padding-top:8px;padding-bottom:24px}\n"
	"@media print{body{font-size:11px}header,main,footer{max-width:none;padding:0}"
	"nav{display:none}article{break-inside:avoid}h2{break-after:avoid}"
	"a{color:inherit;text-decoration:none}}\n";

/* ---- summary and distribution ------------------------------------------ */

struct teacher {
	const char *id;
	const char *zone;
	long minutes;
	size_t n_cohorts;
};

static int
teacher_cmp(const void *a, const void *b)
{
	return strcmp(((const struct teacher *)a)->id, ((const struct teacher *)b)->id);
}

/* The plan's teachers, sorted by id; NULL with *n = 0 when there are none
 * or out of memory (r->nomem then). */
static struct teacher *
collect_teachers(struct rep *r, size_t *n)
{
	const struct cp_plan *p = r->plan;
	size_t cap = p->n_cohorts;
	for (size_t c = 0; c < p->n_cohorts; c++)
		for (size_t i = 0; i < p->cohorts[c].n_lessons; i++)
			cap += p->cohorts[c].lessons[i].substitute != NULL;
	struct teacher *t = calloc(cap ? cap : 1, sizeof *t);
	size_t k = 0;

	*n = 0;
	if (!t) {
		r->nomem = true;
		return NULL;
	}
	for (size_t c = 0; c < p->n_cohorts; c++) {
		const struct cp_plan_cohort *co = &p->cohorts[c];
		const char *id = co->teacher ? co->teacher : "";
		size_t i;

		for (i = 0; i < k; i++)
			if (strcmp(t[i].id, id) == 0)
				break;
		if (i == k) {
			t[k].id = id;
			t[k].zone = co->teacher_zone;
			k++;
		}
		t[i].minutes += cp_plan_cohort_live_minutes(co);
		t[i].n_cohorts++;
	}
	/* Lessons given by a substitute count for the substitute. */
	for (size_t c = 0; c < p->n_cohorts; c++) {
		const struct cp_plan_cohort *co = &p->cohorts[c];
		for (size_t l = 0; l < co->n_lessons; l++) {
			const struct cp_plan_lesson *ls = &co->lessons[l];
			long m = (long)((ls->end - ls->start) / 60);
			if (!ls->substitute)
				continue;
			size_t i, h;
			for (i = 0; i < k && strcmp(t[i].id, ls->substitute) != 0; i++)
				;
			if (i == k) {
				t[k].id = ls->substitute;
				t[k].zone = ls->substitute_zone;
				k++;
			}
			t[i].minutes += m;
			for (h = 0; h < k && strcmp(t[h].id, co->teacher ? co->teacher : "") != 0; h++)
				;
			if (h < k)
				t[h].minutes -= m;
		}
	}
	qsort(t, k, sizeof *t, teacher_cmp);
	*n = k;
	return t;
}

/* Shares and "reaches the target" are the plan's one rule (live minutes,
 * plan.h); the report never re-derives them. */
static double
member_share(const struct cp_plan_cohort *co, const struct cp_plan_member *m)
{
	return cp_plan_member_share(co, m);
}

static void
card_begin(struct rep *r, const char *key)
{
	PUT(r, "<div class=\"card\"><dt>");
	msg0(r, key);
	PUT(r, "</dt><dd>");
}

static void
card_end(struct rep *r)
{
	PUT(r, "</dd></div>\n");
}

/* Buckets of the distribution: 0-9%, ..., 90-99%, 100%. */
#define N_BUCKETS 11

static int
bucket_of(double share)
{
	if (!isfinite(share) || share <= 0)
		return 0;
	if (share >= 1)
		return 10;
	return (int)(share * 10.0 + 1e-9);
}

static void
distribution(struct rep *r)
{
	const struct cp_plan *p = r->plan;
	long placed[N_BUCKETS] = { 0 }, unplaced[N_BUCKETS] = { 0 }, max = 1;
	const int W = 700, H = 250, L = 48, B = 42, T = 14, R = 10;
	const int pw = W - L - R, ph = H - B - T;
	char buf[160], pc[48];

	for (size_t c = 0; c < p->n_cohorts; c++)
		for (size_t m = 0; m < p->cohorts[c].n_members; m++)
			placed[bucket_of(member_share(&p->cohorts[c], &p->cohorts[c].members[m]))]++;
	for (size_t u = 0; u < p->n_unplaced; u++)
		unplaced[bucket_of(p->unplaced[u].best_share)]++;
	for (int i = 0; i < N_BUCKETS; i++)
		if (placed[i] + unplaced[i] > max)
			max = placed[i] + unplaced[i];
	/* A round top for the axis: 1, 2, 5 times a power of ten. */
	long step = 1;
	{
		long s = 1;
		for (;;) {
			if (max <= 5 * s) { step = s; break; }
			if (max <= 10 * s) { step = 2 * s; break; }
			if (max <= 25 * s) { step = 5 * s; break; }
			s *= 10;
		}
	}
	long top = (max + step - 1) / step * step;

	PUT(r, "<figure class=\"dist\" style=\"margin:10px 0\">\n<figcaption><strong>");
	msg0(r, "report_dist_title");
	PUT(r, "</strong></figcaption>\n");
	PRINTF(r, "<svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"",
	       W, H, W, H);
	ESC(r, text(r, buf, sizeof buf, "report_dist_title", 0, NULL));
	PUT(r, "\">\n");
	for (long v = 0; v <= top; v += step) {
		int y = T + ph - (int)(v * ph / top);
		PRINTF(r, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>"
		       "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%ld</text>\n",
		       L, W - R, y, y, L - 6, y + 3, v);
	}
	int bw = pw / N_BUCKETS;
	for (int i = 0; i < N_BUCKETS; i++) {
		int x = L + i * bw + 4, w = bw - 8;
		int hp = (int)(placed[i] * ph / top), hu = (int)(unplaced[i] * ph / top);
		int y0 = T + ph;
		if (placed[i]) {
			PRINTF(r, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			       "style=\"fill:var(--placed)\"/>", x, y0 - hp, w, hp);
		}
		if (unplaced[i]) {
			PRINTF(r, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			       "style=\"fill:var(--unplaced)\"/>", x, y0 - hp - hu, w, hu);
		}
		if (placed[i] + unplaced[i])
			PRINTF(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"lbl\">%ld</text>",
			       x + w / 2, y0 - hp - hu - 4, placed[i] + unplaced[i]);
		if (i < 10)
			PRINTF(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d\xe2\x80\x93%d%%</text>\n",
			       x + w / 2, y0 + 14, i * 10, i * 10 + 9);
		else
			PRINTF(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">100%%</text>\n",
			       x + w / 2, y0 + 14);
	}
	/* The target as a line between its buckets. */
	{
		double t = p->attendance_target * 10.0;
		int x = L + (int)(t * bw);
		const char *args[1] = { percent(r, p->attendance_target, pc) };
		PRINTF(r, "<line class=\"chg\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>", x, x, T,
		       T + ph);
		PRINTF(r, "<text class=\"chgt\" x=\"%d\" y=\"%d\" text-anchor=\"end\">", x - 4,
		       T + 10);
		ESC(r, text(r, buf, sizeof buf, "report_dist_target", 1, args));
		PUT(r, "</text>\n");
	}
	PRINTF(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", L + pw / 2, H - 6);
	ESC(r, text(r, buf, sizeof buf, "report_dist_axis_x", 0, NULL));
	PUT(r, "</text>\n</svg>\n<ul class=\"legend\"><li><span class=\"sw pl\"></span>");
	msg0(r, "report_dist_placed");
	PUT(r, "</li><li><span class=\"sw up\"></span>");
	msg0(r, "report_dist_unplaced");
	PUT(r, "</li></ul>\n");

	/* The figure the pilots reported, in words. */
	long at = 0, all = 0;
	for (int i = 0; i < N_BUCKETS; i++)
		all += placed[i] + unplaced[i];
	for (size_t c = 0; c < p->n_cohorts; c++)
		for (size_t m = 0; m < p->cohorts[c].n_members; m++)
			if (cp_plan_member_reaches(p, &p->cohorts[c], &p->cohorts[c].members[m]))
				at++;
	{
		char a0[32], a1[32];
		struct arg args[3] = {
			{ A_TEXT, percent(r, p->attendance_target, pc) },
			{ A_TEXT, num(r, at, a0) },
			{ A_TEXT, num(r, all, a1) },
		};
		PUT(r, "<p class=\"meta\">");
		msg(r, "report_dist_line", 3, args);
		PUT(r, "</p>\n</figure>\n");
	}
}

static void
summary(struct rep *r, const struct teacher *teachers, size_t n_teachers)
{
	const struct cp_plan *p = r->plan;
	long placed = 0, reach = 0, minutes = 0;
	char a[4][48];
	char b0[32], b1[32], b2[32];

	for (size_t c = 0; c < p->n_cohorts; c++) {
		const struct cp_plan_cohort *co = &p->cohorts[c];
		placed += (long)co->n_members;
		minutes += cp_plan_cohort_live_minutes(co);
		for (size_t m = 0; m < co->n_members; m++)
			if (cp_plan_member_reaches(p, co, &co->members[m]))
				reach++;
	}

	PUT(r, "<section id=\"summary\">\n<h2>");
	msg0(r, "report_summary");
	PUT(r, "</h2>\n");
	if (p->tzdata && strcmp(p->tzdata, cp_tzdb_version(r->db)) != 0) {
		struct arg args[2] = { { A_ZONE, p->tzdata }, { A_ZONE, cp_tzdb_version(r->db) } };
		PUT(r, "<p class=\"warn\" role=\"note\">");
		msg(r, "report_tzdata_mismatch", 2, args);
		PUT(r, "</p>\n");
	}
	PUT(r, "<dl class=\"cards\">\n");

	card_begin(r, "report_sum_placed");
	PUT(r, num(r, placed, b0));
	{
		struct arg args[2] = {
			{ A_TEXT, num(r, p->placeable, b1) },
			{ A_TEXT, num(r, p->participants, b2) },
		};
		PUT(r, "<small>");
		msg(r, "report_sum_placed_sub", 2, args);
		PUT(r, "</small>");
	}
	card_end(r);

	card_begin(r, "report_sum_target");
	{
		double share = p->participants ? (double)reach / p->participants : 0.0;
		struct arg args[3] = {
			{ A_TEXT, num(r, reach, b0) },
			{ A_TEXT, num(r, p->participants, b1) },
			{ A_TEXT, percent(r, p->attendance_target, a[1]) },
		};
		ESC(r, percent(r, share, a[0]));
		PUT(r, "<small>");
		msg(r, "report_sum_target_sub", 3, args);
		PUT(r, "</small>");
	}
	card_end(r);

	card_begin(r, "report_sum_cohorts");
	PUT(r, num(r, (long)p->n_cohorts, b0));
	card_end(r);

	card_begin(r, "report_sum_teachers");
	PUT(r, num(r, (long)n_teachers, b0));
	PUT(r, "<small>");
	msg1(r, "report_sum_teachers_sub", A_TEXT, duration(r, minutes, a[0]));
	for (size_t i = 0; i < n_teachers; i++) {
		if (i == 8 && n_teachers > 10) {
			PRINTF(r, ", \xe2\x80\xa6 (+%zu)", n_teachers - 8);
			break;
		}
		struct arg ta[2] = {
			{ A_ID, teachers[i].id },
			{ A_TEXT, duration(r, teachers[i].minutes, a[1]) },
		};
		PUT(r, i ? ", " : "<br>");
		msg(r, "report_teacher_hours", 2, ta);
	}
	PUT(r, "</small>");
	card_end(r);

	card_begin(r, "report_sum_objective");
	ESC(r, decimal(r, p->objective, a[0]));
	PUT(r, "<small>");
	{
		char key[64];
		snprintf(key, sizeof key, "report_status_%s", cp_plan_status_name(p->status));
		msg0(r, key);
	}
	PUT(r, "</small>");
	card_end(r);
	card_begin(r, "report_sum_bound");
	ESC(r, decimal(r, p->bound, a[0]));
	card_end(r);
	card_begin(r, "report_sum_gap");
	ESC(r, decimal(r, p->gap * 100.0, a[0]));
	PUT(r, "%");
	card_end(r);
	card_begin(r, "report_sum_tzdata");
	put_arg(r, &(struct arg){ A_ZONE, p->tzdata ? p->tzdata : "?" });
	card_end(r);
	PUT(r, "</dl>\n");
	distribution(r);
	PUT(r, "</section>\n");
}

/* ---- cohorts ------------------------------------------------------------ */

struct lane {
	const char *zone;
	const struct cp_tz *tz;
	size_t members;     /* 0 for the teacher's lane */
	bool teacher;
};

static int
lane_cmp(const void *a, const void *b)
{
	const struct lane *x = a, *y = b;

	if (x->teacher != y->teacher)
		return x->teacher ? -1 : 1;
	if (x->members != y->members)
		return x->members > y->members ? -1 : 1;
	return strcmp(x->zone, y->zone);
}

/* The teacher's lane, then one lane per member zone, most members first. */
static struct lane *
cohort_lanes(struct rep *r, const struct cp_plan_cohort *co, size_t *n)
{
	struct lane *l = calloc(co->n_members + 1, sizeof *l);
	size_t k = 0;

	*n = 0;
	if (!l) {
		r->nomem = true;
		return NULL;
	}
	l[k++] = (struct lane){ co->teacher_zone ? co->teacher_zone : "UTC",
				zone(r, co->teacher_zone), 0, true };
	for (size_t m = 0; m < co->n_members; m++) {
		const char *z = co->members[m].zone ? co->members[m].zone : "UTC";
		size_t i;
		for (i = 1; i < k; i++)
			if (strcmp(l[i].zone, z) == 0)
				break;
		if (i == k)
			l[k++] = (struct lane){ z, zone(r, z), 0, false };
		l[i].members++;
	}
	qsort(l, k, sizeof *l, lane_cmp);
	*n = k;
	return l;
}

/* Members of zone z who cannot attend lesson i, and how many live there. */
static size_t
missing_in_zone(const struct cp_plan_cohort *co, const char *z, size_t i)
{
	size_t n = 0;

	for (size_t m = 0; m < co->n_members; m++) {
		const struct cp_plan_member *me = &co->members[m];
		if (strcmp(me->zone ? me->zone : "UTC", z) == 0 && me->verdicts &&
		    me->verdicts[i] != CP_VERDICT_OK)
			n++;
	}
	return n;
}

struct change {
	size_t lane;
	int week;
	struct local at;        /* local time just before the change */
	int32_t before, after;
};

/* Clock changes of each lane's zone between from and to. */
static struct change *
cohort_changes(struct rep *r, const struct lane *lanes, size_t n_lanes, cp_instant from,
	       cp_instant to, const struct cp_tz *week_tz, int shift, int64_t monday0, size_t *n)
{
	struct change *ch = NULL;
	size_t k = 0, cap = 0;

	*n = 0;
	for (size_t l = 0; l < n_lanes; l++) {
		struct cp_tz_transition tr[64];
		size_t cnt;

		if (!lanes[l].tz)
			continue;
		/* Skip a zone listed twice: teacher and members may share it. */
		bool dup = false;
		for (size_t j = 0; j < l; j++)
			if (strcmp(lanes[j].zone, lanes[l].zone) == 0)
				dup = true;
		if (dup)
			continue;
		cnt = cp_tz_transitions(lanes[l].tz, from, to, tr, 64);
		if (cnt > 64)
			cnt = 64; /* a course of many years; the first ones are shown */
		for (size_t i = 0; i < cnt; i++) {
			struct local wl;
			if (tr[i].offset_before == tr[i].offset_after)
				continue;
			struct change *g = cp_array_grow(ch, k, &cap, sizeof *g, 8);
			if (!g) {
				free(ch);
				r->nomem = true;
				return NULL;
			}
			ch = g;
			ch[k].lane = l;
			/* The wall clock as it reads when the change happens (the
			 * old offset): Beirut's "Sunday 00:00", not Saturday. */
			to_local(lanes[l].tz, tr[i].at - 1, &ch[k].at);
			if (++ch[k].at.minute == 1440) {
				ch[k].at.minute = 0;
				ch[k].at.day++;
			}
			to_local(week_tz, tr[i].at, &wl);
			{
				int64_t wd;
				int wm;
				shifted(&wl, shift, &wd, &wm);
				ch[k].week = (int)((wd - monday0) / 7);
			}
			ch[k].before = tr[i].offset_before;
			ch[k].after = tr[i].offset_after;
			k++;
		}
	}
	*n = k;
	return ch;
}

/* Geometry of one cohort strip: its layout (strip_layout.h) and where it
 * is drawn. */
struct strip {
	struct cp_strip_layout lay;
	int x0, col_w;    /* left of the first column, width of a column */
	int lane_h, row_h, top;
	const struct lane *lanes;
	size_t n_lanes;
};

enum { STRIP_W = 1060, STRIP_LABEL = 256, STRIP_NOTE = 170 };

static int
strip_x(const struct strip *s, int col, int minute)
{
	return s->x0 + col * s->col_w +
	       (minute - s->lay.h0) * s->col_w / (s->lay.h1 - s->lay.h0);
}

/* Every lesson in every lane's local time, for the layout; NULL when out
 * of memory. */
static struct cp_strip_slot *
strip_slots(struct rep *r, const struct cp_plan_cohort *co, const struct lane *lanes,
	    size_t n_lanes)
{
	struct cp_strip_slot *sl = malloc(n_lanes * co->n_lessons * sizeof *sl);
	if (!sl) {
		r->nomem = true;
		return NULL;
	}
	for (size_t l = 0; l < n_lanes; l++)
		for (size_t i = 0; i < co->n_lessons; i++) {
			struct local a;
			to_local(lanes[l].tz, co->lessons[i].start, &a);
			sl[l * co->n_lessons + i] = (struct cp_strip_slot){
				a.day, a.minute,
				(int)((co->lessons[i].end - co->lessons[i].start) / 60)
			};
		}
	return sl;
}

/* Column heads: weekday and hour ticks. */
static void
strip_heads(struct rep *r, const struct strip *s)
{
	char t1[8];
	for (int d = 0; d < 7; d++) {
		int c = s->lay.cols[d];
		if (c < 0)
			continue;
		int x = s->x0 + c * s->col_w, span = (s->lay.h1 - s->lay.h0) / 60;
		PRINTF(r, "<text class=\"lbl\" x=\"%d\" y=\"12\" font-weight=\"600\">", x + 2);
		ESC(r, r->weekday[(d + 1) % 7]);
		PUT(r, "</text>");
		int step = span > 10 ? 180 : span > 6 ? 120 : 60;
		for (int m = (s->lay.h0 + step - 1) / step * step; m < s->lay.h1; m += step) {
			clock_hm((m + s->lay.shift) % 1440, t1);
			PRINTF(r, "<text x=\"%d\" y=\"28\" text-anchor=\"middle\">%s</text>",
			       strip_x(s, c, m), t1);
		}
		PUT(r, "\n");
	}
}

/* One band per week: its label, the day boxes with their dates, and the
 * lane labels. */
static void
strip_weeks(struct rep *r, const struct strip *s)
{
	char buf[256], d1[DATE_SZ];
	for (int w = 0; w < s->lay.n_weeks; w++) {
		int ry = s->top + w * s->row_h;
		PRINTF(r, "<g><rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", ry,
		       STRIP_W, s->row_h - 4, w % 2 ? "#fff" : "#f6f7f9");
		PRINTF(r, "<text class=\"wk\" x=\"4\" y=\"%d\">", ry + 13);
		const char *args[1] = { date_short(r, s->lay.monday0 + 7 * w, d1) };
		ESC(r, text(r, buf, sizeof buf, "report_week_of", 1, args));
		PUT(r, "</text>");
		for (int d = 0; d < 7; d++) {
			if (s->lay.cols[d] < 0)
				continue;
			int x = s->x0 + s->lay.cols[d] * s->col_w;
			PRINTF(r, "<rect class=\"day\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>",
			       x, ry + 2, s->col_w - 2, (int)s->n_lanes * s->lane_h + 2);
			/* Day number of this column's date in the teacher's calendar. */
			int32_t yy;
			int mm, dd;
			cp_civil_from_days(s->lay.monday0 + 7 * w + d, &yy, &mm, &dd);
			PRINTF(r, "<text x=\"%d\" y=\"%d\" fill=\"#8a93a3\" style=\"font-size:9px\">%d</text>",
			       x + s->col_w - 14, ry + 11, dd);
		}
		for (size_t l = 0; l < s->n_lanes; l++) {
			int ly = ry + 3 + (int)l * s->lane_h;
			PRINTF(r, "<text class=\"lbl\" x=\"%d\" y=\"%d\">", 112, ly + 12);
			ESC(r, s->lanes[l].zone);
			if (s->lanes[l].teacher)
				PUT(r, " \xe2\x97\x86");
			else
				PRINTF(r, " (%zu)", s->lanes[l].members);
			PUT(r, "</text>");
		}
		PUT(r, "</g>\n");
	}
}

/* Tooltip of a lesson bar: lesson, theme, local date and time, who
 * misses it. */
static void
lesson_tip(struct rep *r, const struct cp_plan_lesson *le, const struct local *a, const char *t1,
	   const char *t2, size_t miss, size_t members)
{
	char buf[256], d1[DATE_SZ], nb[32], th[96];
	const char *args[4] = { num(r, le->number, nb), date_short(r, a->day, d1), t1, t2 };
	PUT(r, "<title>");
	ESC(r, text(r, buf, sizeof buf, "report_lesson_tip", 4, args));
	if (le->theme) {
		PUT(r, " \xc2\xb7 ");
		ESC(r, named_text(r, "theme_", le->theme, th, sizeof th));
	}
	if (miss) {
		char mb[32], nm[32];
		const char *margs[2] = { num(r, (long)miss, mb), num(r, (long)members, nm) };
		PUT(r, " \xc2\xb7 ");
		ESC(r, text(r, buf, sizeof buf, "report_lesson_missing", 2, margs));
	}
	PUT(r, "</title>");
}

/* Lesson i as a bar in lane l of week band ry. */
static void
lesson_bar(struct rep *r, const struct strip *s, const struct cp_plan_cohort *co, size_t i,
	   size_t l, int ry)
{
	const struct cp_plan_lesson *le = &co->lessons[i];
	const struct lane *ln = &s->lanes[l];
	struct local a, b;
	int64_t day;
	int m0, len = (int)((le->end - le->start) / 60);
	char t1[8], t2[8];
	size_t miss = ln->teacher ? 0 : missing_in_zone(co, ln->zone, i);
	const char *cls = ln->teacher ? "bt" : miss == 0 ? "b0" : miss < ln->members ? "b1" : "b2";
	int ly = ry + 4 + (int)l * s->lane_h;

	to_local(ln->tz, le->start, &a);
	to_local(ln->tz, le->end, &b);
	clock_hm(a.minute, t1);
	clock_hm(b.minute, t2);
	shifted(&a, s->lay.shift, &day, &m0);
	int m1 = m0 + len, c = s->lay.cols[mon_col(day)];
	if (c < 0)
		return;
	int x = strip_x(s, c, m0 < s->lay.h0 ? s->lay.h0 : m0);
	int x2 = strip_x(s, c, m1 > s->lay.h1 ? s->lay.h1 : m1);
	int bw = x2 - x < 3 ? 3 : x2 - x;
	PRINTF(r, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"2\">", cls, x,
	       ly, bw, s->lane_h - 3);
	lesson_tip(r, le, &a, t1, t2, miss, ln->members);
	PUT(r, "</rect>");
	/* The local start time where it fits, the span where there is room
	 * for both. */
	if (bw >= 30) {
		bool both = bw >= 66;
		PRINTF(r, "<text class=\"%s\" x=\"%d\" y=\"%d\">%s%s%s</text>",
		       strcmp(cls, "b1") == 0 ? "bl1" : "bl", x + 3, ly + 10, t1,
		       both ? "\xe2\x80\x93" : "", both ? t2 : "");
	}
}

static void
strip_lessons(struct rep *r, const struct strip *s, const struct cp_plan_cohort *co)
{
	for (size_t i = 0; i < co->n_lessons; i++) {
		struct local wl;
		int64_t wday;
		int wmin;
		to_local(s->lanes[0].tz, co->lessons[i].start, &wl);
		shifted(&wl, s->lay.shift, &wday, &wmin);
		int ry = s->top + (int)((wday - s->lay.monday0) / 7) * s->row_h;
		for (size_t l = 0; l < s->n_lanes; l++)
			lesson_bar(r, s, co, i, l, ry);
		PUT(r, "\n");
	}
}

/* Clock changes: a dashed line at the local moment, and a note at the
 * end of every lane living in the zone. */
static void
strip_changes(struct rep *r, const struct strip *s, const struct change *changes, size_t n)
{
	char d1[DATE_SZ];
	for (size_t i = 0; i < n; i++) {
		const struct change *c = &changes[i];
		if (c->week < 0 || c->week >= s->lay.n_weeks)
			continue;
		int ry = s->top + c->week * s->row_h;
		char ob[16], oa[16];
		offset_str(c->before, ob);
		offset_str(c->after, oa);
		for (size_t l = 0; l < s->n_lanes; l++) {
			if (strcmp(s->lanes[l].zone, s->lanes[c->lane].zone) != 0)
				continue;
			int ly = ry + 3 + (int)l * s->lane_h;
			int64_t cday;
			int cmin;
			shifted(&c->at, s->lay.shift, &cday, &cmin);
			int col = s->lay.cols[mon_col(cday)];
			if (col >= 0 && cmin >= s->lay.h0 && cmin <= s->lay.h1) {
				int x = strip_x(s, col, cmin);
				PRINTF(r, "<line class=\"chg\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>", x,
				       x, ly - 1, ly + s->lane_h);
			}
			PRINTF(r, "<text class=\"chgt\" x=\"%d\" y=\"%d\">\xe2\x9f\xb3 %s\xe2\x86\x92%s ",
			       STRIP_W - STRIP_NOTE + 6, ly + 12, ob, oa);
			ESC(r, date_short(r, c->at.day, d1));
			PUT(r, "</text>");
		}
		PUT(r, "\n");
	}
}

/* The legend and the clock changes in words, for print and screen readers. */
static void
strip_legend(struct rep *r, const struct lane *lanes, const struct change *changes, size_t n)
{
	char d1[DATE_SZ];
	PUT(r, "<ul class=\"legend\"><li><span class=\"sw bt\"></span>");
	msg0(r, "report_legend_teacher");
	PUT(r, "</li><li><span class=\"sw b0\"></span>");
	msg0(r, "report_legend_all");
	PUT(r, "</li><li><span class=\"sw b1\"></span>");
	msg0(r, "report_legend_some");
	PUT(r, "</li><li><span class=\"sw b2\"></span>");
	msg0(r, "report_legend_none");
	PUT(r, "</li><li><span class=\"sw chg\"></span>");
	msg0(r, "report_legend_change");
	PUT(r, "</li></ul>\n<p class=\"meta\">");
	if (!n) {
		msg0(r, "report_no_clock_changes");
	} else {
		msg0(r, "report_clock_changes");
		PUT(r, " ");
		for (size_t i = 0; i < n; i++) {
			const struct change *c = &changes[i];
			char ob[16], oa[16], when[DATE_SZ + 16], hm[8];
			offset_str(c->before, ob);
			offset_str(c->after, oa);
			clock_hm(c->at.minute, hm);
			snprintf(when, sizeof when, "%s %s", date_long(r, c->at.day, d1), hm);
			struct arg args[4] = { { A_ZONE, lanes[c->lane].zone }, { A_ZONE, ob },
					       { A_ZONE, oa }, { A_TEXT, when } };
			if (i)
				PUT(r, "; ");
			msg(r, "report_clock_change", 4, args);
		}
	}
	PUT(r, "</p>\n");
}

/* The clock changes from the Monday of the first week to the last lesson. */
static struct change *
strip_clock_changes(struct rep *r, const struct strip *s, const struct cp_plan_cohort *co,
		    size_t *n)
{
	const struct cp_tz *wtz = s->lanes[0].tz;
	struct cp_civil mc;
	struct cp_tz_resolution res;
	int32_t y;
	cp_civil_from_days(s->lay.monday0, &y, &mc.month, &mc.day);
	mc.year = y;
	mc.hour = mc.minute = mc.second = 0;
	if (wtz)
		cp_tz_to_utc(wtz, &mc, &res);
	else
		res.earliest = cp_civil_to_instant(&mc);
	return cohort_changes(r, s->lanes, s->n_lanes, res.earliest,
			      co->lessons[co->n_lessons - 1].end, wtz, s->lay.shift,
			      s->lay.monday0, n);
}

/* Each week's lessons on the local day and clock of the teacher (lane 0:
 * weeks follow the teacher's calendar) and of every member zone. */
static void
cohort_strip(struct rep *r, const struct cp_plan_cohort *co, const struct lane *lanes,
	     size_t n_lanes)
{
	char buf[256];
	struct strip s = { .lanes = lanes, .n_lanes = n_lanes };

	if (!co->n_lessons)
		return;
	struct cp_strip_slot *slots = strip_slots(r, co, lanes, n_lanes);
	if (!slots)
		return;
	cp_strip_layout(slots, n_lanes, co->n_lessons, &s.lay);
	free(slots);
	s.x0 = STRIP_LABEL;
	s.col_w = (STRIP_W - STRIP_LABEL - STRIP_NOTE) / (s.lay.n_cols ? s.lay.n_cols : 1);
	s.lane_h = 17;
	s.row_h = (int)n_lanes * s.lane_h + 10;
	s.top = 34;
	int H = s.top + s.lay.n_weeks * s.row_h + 4;
	size_t n_changes = 0;
	struct change *changes = strip_clock_changes(r, &s, co, &n_changes);

	PRINTF(r, "<svg class=\"strip\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
	       "aria-label=\"", STRIP_W, H, STRIP_W, H);
	ESC(r, text(r, buf, sizeof buf, "report_strip_caption", 0, NULL));
	PUT(r, "\">\n");
	strip_heads(r, &s);
	strip_weeks(r, &s);
	strip_lessons(r, &s, co);
	strip_changes(r, &s, changes, n_changes);
	PUT(r, "</svg>\n");
	strip_legend(r, lanes, changes, n_changes);
	free(changes);
}

/* The header cells of a table: the texts of keys (NULL-terminated), with
 * "</th><th>" between them; the caller writes the first <th> and last </th>.
 * HEADS(r, "report_col_zone", "report_col_count") passes the list. */
static void
put_heads(struct rep *r, const char *const *keys)
{
	for (size_t i = 0; keys[i]; i++) {
		if (i)
			PUT(r, "</th><th>");
		msg0(r, keys[i]);
	}
}

#define HEADS(r, ...) put_heads((r), (const char *const[]){ __VA_ARGS__, NULL })

/* Lessons missed by reason, each with its colour swatch: "night 3, work 2". */
static void
put_missed(struct rep *r, const long counts[CP_VERDICT_COUNT])
{
	char nb[32], key[64];
	bool any = false;

	for (int v = 1; v < CP_VERDICT_COUNT; v++) {
		if (!counts[v])
			continue;
		if (any)
			PUT(r, ", ");
		PRINTF(r, "<span class=\"sw v%d\"></span>", v);
		msg0(r, verdict_key((enum cp_verdict)v, key));
		PRINTF(r, " %s", num(r, counts[v], nb));
		any = true;
	}
}

/* One row per member: each lesson attendable or the reason not. */
static void
member_grid(struct rep *r, const struct cp_plan_cohort *co)
{
	char b0[48], b1[32], b2[32], key[64], tip[200], d1[DATE_SZ], hm[8];
	const struct cp_tz *ttz = zone(r, co->teacher_zone);

	PUT(r, "<div style=\"overflow-x:auto\"><table class=\"verdicts\"><thead><tr><th>");
	HEADS(r, "report_col_participant", "report_col_zone", "report_col_profile",
		 "report_col_attend");
	PUT(r, "</th>");
	for (size_t i = 0; i < co->n_lessons; i++) {
		struct local a;
		char th[96];
		to_local(ttz, co->lessons[i].start, &a);
		clock_hm(a.minute, hm);
		PUT(r, "<th class=\"l\" title=\"");
		snprintf(tip, sizeof tip, "%s %s", date_short(r, a.day, d1), hm);
		ESC(r, tip);
		if (co->lessons[i].theme) {
			PUT(r, " \xc2\xb7 ");
			ESC(r, named_text(r, "theme_", co->lessons[i].theme, th, sizeof th));
		}
		PRINTF(r, "\">%d</th>", co->lessons[i].number);
	}
	PUT(r, "<th>");
	msg0(r, "report_col_missed");
	PUT(r, "</th></tr></thead>\n<tbody>\n");
	for (size_t m = 0; m < co->n_members; m++) {
		const struct cp_plan_member *me = &co->members[m];
		long counts[CP_VERDICT_COUNT] = { 0 };
		PUT(r, "<tr><td>");
		put_arg(r, &(struct arg){ A_ID, me->participant });
		PUT(r, "</td><td>");
		put_arg(r, &(struct arg){ A_ZONE, me->zone });
		PUT(r, "</td><td>");
		put_named(r, "report_profile_", me->profile);
		PUT(r, "</td><td class=\"n\">");
		{
			struct arg args[3] = { { A_TEXT, num(r, me->attendable, b1) },
					       { A_TEXT, num(r, (long)co->n_lessons, b2) },
					       { A_TEXT, percent(r, member_share(co, me), b0) } };
			msg(r, "report_attend_share", 3, args);
		}
		if (!cp_plan_member_reaches(r->plan, co, me)) {
			/* Below the target (policy.below_target): marked, with the
			 * self-study route offered as the tooltip. */
			PUT(r, "<br><small class=\"below\" title=\"");
			put_words(r, cp_explain_member_route(r->msg, CP_EXPLAIN_LOCAL, r->plan, co,
							     me));
			PUT(r, "\">");
			msg0(r, "report_below_target");
			PUT(r, "</small>");
		}
		PUT(r, "</td>");
		for (size_t i = 0; i < co->n_lessons; i++) {
			unsigned v = me->verdicts ? me->verdicts[i] : 0;
			if (v >= CP_VERDICT_COUNT)
				v = 0;
			counts[v]++;
			PRINTF(r, "<td class=\"v v%u\" title=\"", v);
			ESC(r, text(r, tip, sizeof tip, verdict_key((enum cp_verdict)v, key), 0, NULL));
			PUT(r, v ? "\">\xe2\x9c\x97</td>" : "\">\xe2\x9c\x93</td>");
		}
		PUT(r, "<td>");
		put_missed(r, counts);
		PUT(r, "</td></tr>\n");
	}
	PUT(r, "</tbody></table></div>\n");
}

/* Large plans: members per zone, with the fewest lessons any of them can
 * attend and the lessons missed by reason. */
static void
member_zones(struct rep *r, const struct cp_plan_cohort *co, const struct lane *lanes,
	     size_t n_lanes)
{
	char nb[32], nb2[32];

	PUT(r, "<table><thead><tr><th>");
	HEADS(r, "report_col_zone", "report_col_members", "report_col_fewest", "report_col_missed");
	PUT(r, "</th></tr></thead><tbody>\n");
	for (size_t l = 0; l < n_lanes; l++) {
		long counts[CP_VERDICT_COUNT] = { 0 };
		int fewest = INT_MAX;
		if (lanes[l].teacher)
			continue;
		for (size_t m = 0; m < co->n_members; m++) {
			const struct cp_plan_member *me = &co->members[m];
			if (strcmp(me->zone ? me->zone : "UTC", lanes[l].zone) != 0)
				continue;
			if (me->attendable < fewest)
				fewest = me->attendable;
			for (size_t i = 0; me->verdicts && i < co->n_lessons; i++)
				if (me->verdicts[i] < CP_VERDICT_COUNT)
					counts[me->verdicts[i]]++;
		}
		PUT(r, "<tr><td>");
		put_arg(r, &(struct arg){ A_ZONE, lanes[l].zone });
		PRINTF(r, "</td><td class=\"n\">%s</td><td class=\"n\">", num(r, (long)lanes[l].members, nb));
		PRINTF(r, "%s / %s</td><td>", num(r, fewest == INT_MAX ? 0 : fewest, nb),
		       num(r, (long)co->n_lessons, nb2));
		put_missed(r, counts);
		PUT(r, "</td></tr>\n");
	}
	PUT(r, "</tbody></table>\n");
}

static void
cohort(struct rep *r, size_t idx)
{
	const struct cp_plan_cohort *co = &r->plan->cohorts[idx];
	size_t n_lanes = 0;
	struct lane *lanes = cohort_lanes(r, co, &n_lanes);
	char b0[32], b1[32], b2[48], d1[DATE_SZ], d2[DATE_SZ], hm[8];

	if (!lanes)
		return;
	PRINTF(r, "<article id=\"cohort-%zu\">\n<h3>", idx + 1);
	msg1(r, "report_cohort_title", A_ID, co->id);
	PUT(r, "</h3>\n<p class=\"meta\">");
	{
		struct arg args[4] = {
			{ A_ID, co->teacher },
			{ A_ZONE, co->teacher_zone },
			{ A_TEXT, num(r, (long)co->n_members, b0) },
			{ A_TEXT, co->language ? co->language : "" },
		};
		msg(r, "report_cohort_meta", 4, args);
	}
	PUT(r, "<br>");
	{
		/* The weekly pattern in its anchor zone. */
		struct cp_report_buf pat;
		cp_report_buf_init(&pat);
		for (size_t i = 0; i < co->n_slots; i++) {
			int wd = co->slots[i].weekday;
			clock_hm(co->slots[i].start, hm);
			if (i)
				cp_report_buf_put(&pat, ", ");
			cp_report_buf_put(&pat, r->weekday[wd >= 0 && wd < 7 ? wd : 0]);
			cp_report_buf_put(&pat, " ");
			cp_report_buf_put(&pat, hm);
		}
		char *ps = cp_report_buf_take(&pat, NULL);
		if (!ps)
			r->nomem = true;
		struct arg args[3] = {
			{ A_ZONE, co->anchor_zone },
			{ A_TEXT, ps ? ps : "" },
			{ A_TEXT, duration(r, co->session_minutes, b2) },
		};
		/* A week-by-week cohort's slots are every weekday it uses. */
		msg(r, co->week_by_week ? "report_cohort_pattern_by_week" : "report_cohort_pattern",
		    3, args);
		free(ps);
	}
	if (co->n_lessons) {
		const struct cp_tz *ttz = zone(r, co->teacher_zone);
		struct local a, b;
		to_local(ttz, co->lessons[0].start, &a);
		to_local(ttz, co->lessons[co->n_lessons - 1].start, &b);
		struct arg args[3] = {
			{ A_TEXT, num(r, (long)co->n_lessons, b1) },
			{ A_TEXT, date_long(r, a.day, d1) },
			{ A_TEXT, date_long(r, b.day, d2) },
		};
		PUT(r, "<br>");
		msg(r, "report_cohort_window", 3, args);
	}
	PUT(r, "</p>\n");
	cohort_strip(r, co, lanes, n_lanes);
	if (r->detailed)
		member_grid(r, co);
	else
		member_zones(r, co, lanes, n_lanes);
	PUT(r, "</article>\n");
	free(lanes);
}

/* Every cohort on one line, linking to its strip: the table of contents a
 * planner scans first when there are dozens. */
static void
cohort_overview(struct rep *r)
{
	const struct cp_plan *p = r->plan;
	char nb[32], nb2[32], b0[48], hm[8];

	PUT(r, "<div style=\"overflow-x:auto\"><table><thead><tr><th>");
	HEADS(r, "report_col_cohort", "report_col_teacher", "report_col_pattern",
		 "report_col_members", "report_col_zones", "report_col_lowest");
	PUT(r, "</th></tr></thead>\n<tbody>\n");
	for (size_t c = 0; c < p->n_cohorts; c++) {
		const struct cp_plan_cohort *co = &p->cohorts[c];
		size_t n_lanes = 0;
		struct lane *lanes = cohort_lanes(r, co, &n_lanes);
		double lowest = 1.0;

		if (!lanes)
			return;
		PRINTF(r, "<tr><td><a href=\"#cohort-%zu\">", c + 1);
		put_arg(r, &(struct arg){ A_ID, co->id });
		PUT(r, "</a></td><td>");
		put_arg(r, &(struct arg){ A_ID, co->teacher });
		PUT(r, "</td><td><bdi dir=\"ltr\">");
		for (size_t i = 0; i < co->n_slots; i++) {
			int wd = co->slots[i].weekday;
			clock_hm(co->slots[i].start, hm);
			PUT(r, i ? ", " : "");
			ESC(r, r->weekday[wd >= 0 && wd < 7 ? wd : 0]);
			PRINTF(r, " %s", hm);
		}
		PUT(r, "</bdi> ");
		put_arg(r, &(struct arg){ A_ZONE, co->anchor_zone });
		PRINTF(r, "</td><td class=\"n\">%s</td><td>", num(r, (long)co->n_members, nb));
		for (size_t l = 0, k = 0; l < n_lanes; l++) {
			if (lanes[l].teacher)
				continue;
			PUT(r, k++ ? ", " : "");
			put_arg(r, &(struct arg){ A_ZONE, lanes[l].zone });
			PRINTF(r, " %s", num(r, (long)lanes[l].members, nb2));
		}
		for (size_t m = 0; m < co->n_members; m++)
			if (member_share(co, &co->members[m]) < lowest)
				lowest = member_share(co, &co->members[m]);
		PUT(r, "</td><td class=\"n\">");
		if (co->n_members)
			ESC(r, percent(r, lowest, b0));
		PUT(r, "</td></tr>\n");
		free(lanes);
	}
	PUT(r, "</tbody></table></div>\n");
}

static void
cohorts(struct rep *r)
{
	const struct cp_plan *p = r->plan;

	PUT(r, "<section id=\"cohorts\">\n<h2>");
	msg0(r, "report_cohorts");
	PUT(r, "</h2>\n<p class=\"meta\">");
	msg0(r, "report_strip_caption");
	if (!r->detailed) {
		char b0[32], b1[32];
		long placed = 0;
		for (size_t c = 0; c < p->n_cohorts; c++)
			placed += (long)p->cohorts[c].n_members;
		struct arg args[2] = { { A_TEXT, num(r, placed, b0) },
				       { A_TEXT, num(r, (long)p->n_cohorts, b1) } };
		PUT(r, " ");
		msg(r, "report_members_aggregated", 2, args);
	}
	PUT(r, "</p>\n");
	if (!p->n_cohorts) {
		PUT(r, "<p>");
		msg0(r, "report_no_cohorts");
		PUT(r, "</p>\n");
	}
	if (p->n_cohorts > 1)
		cohort_overview(r);
	for (size_t c = 0; c < p->n_cohorts && !r->nomem; c++)
		cohort(r, c);
	PUT(r, "</section>\n");
}

/* ---- teachers ------------------------------------------------------------ */

struct tlesson {
	struct local a, b;
	const char *cohort;
	int minutes;
};

static int
tlesson_cmp(const void *x, const void *y)
{
	const struct tlesson *a = x, *b = y;

	if (a->a.day != b->a.day)
		return a->a.day < b->a.day ? -1 : 1;
	if (a->a.minute != b->a.minute)
		return a->a.minute < b->a.minute ? -1 : 1;
	return strcmp(a->cohort, b->cohort);
}

/* Does teacher id give lesson l of co: as its substitute, or as the
 * cohort's teacher when nobody substitutes? */
static bool
gives(const struct cp_plan_cohort *co, const struct cp_plan_lesson *l, const char *id)
{
	if (l->substitute)
		return strcmp(l->substitute, id) == 0;
	return strcmp(co->teacher ? co->teacher : "", id) == 0;
}

/* A teacher's limits: the problem's when given, else those the plan
 * carries (plan teachers[]), so a plan.json alone shows them. */
struct tlimits {
	int max_day, max_week, latest;
};

static bool
teacher_limits(const struct rep *r, const struct teacher *t, struct tlimits *out)
{
	if (r->problem) {
		long i = cp_problem_find_teacher(r->problem, t->id);
		if (i >= 0) {
			const struct cp_teacher *pt = cp_problem_teacher(r->problem, (size_t)i);
			*out = (struct tlimits){ pt->max_day, pt->max_week, pt->latest };
			return true;
		}
	}
	const struct cp_plan_teacher *pt = cp_plan_find_teacher(r->plan, t->id);
	if (pt && pt->max_day >= 0 && pt->max_week >= 0) {
		*out = (struct tlimits){ pt->max_day, pt->max_week, pt->latest };
		return true;
	}
	return false;
}

/* The lessons teacher t gives, in their local time, in time order; NULL
 * when out of memory. */
static struct tlesson *
teacher_lessons(struct rep *r, const struct teacher *t, size_t *k)
{
	const struct cp_plan *p = r->plan;
	const struct cp_tz *tz = zone(r, t->zone);
	size_t n = 0;
	*k = 0;
	for (size_t c = 0; c < p->n_cohorts; c++)
		for (size_t i = 0; i < p->cohorts[c].n_lessons; i++)
			n += gives(&p->cohorts[c], &p->cohorts[c].lessons[i], t->id);
	struct tlesson *ls = calloc(n ? n : 1, sizeof *ls);
	if (!ls) {
		r->nomem = true;
		return NULL;
	}
	for (size_t c = 0; c < p->n_cohorts; c++) {
		const struct cp_plan_cohort *co = &p->cohorts[c];
		for (size_t i = 0; i < co->n_lessons; i++) {
			if (!gives(co, &co->lessons[i], t->id))
				continue;
			to_local(tz, co->lessons[i].start, &ls[*k].a);
			to_local(tz, co->lessons[i].end, &ls[*k].b);
			ls[*k].cohort = co->id ? co->id : "";
			ls[*k].minutes = (int)((co->lessons[i].end - co->lessons[i].start) / 60);
			(*k)++;
		}
	}
	qsort(ls, *k, sizeof *ls, tlesson_cmp);
	return ls;
}

static void
teacher_meta(struct rep *r, const struct teacher *t, size_t k, const struct tlimits *lim)
{
	char b0[48], b1[48], b2[32];
	struct arg args[3] = { { A_ZONE, t->zone }, { A_TEXT, num(r, (long)k, b2) },
			       { A_TEXT, duration(r, t->minutes, b0) } };
	msg(r, "report_teacher_meta", 3, args);
	PUT(r, "<br>");
	if (lim) {
		char hl[8];
		clock_hm(lim->latest >= 0 ? lim->latest : 1440, hl);
		struct arg la[3] = { { A_TEXT, duration(r, lim->max_day, b0) },
				     { A_TEXT, duration(r, lim->max_week, b1) }, { A_TEXT, hl } };
		msg(r, "report_teacher_limits", 3, la);
	} else {
		msg0(r, "report_teacher_no_limits");
	}
}

/* One day's cell: its lessons from ls[*i] on, and their load. */
static long
teacher_day(struct rep *r, const struct tlesson *ls, size_t k, size_t *i, int64_t day,
	    const struct tlimits *lim)
{
	char b0[48], hm1[8], hm2[8];
	long load = 0;
	size_t j;
	for (j = *i; j < k && ls[j].a.day == day; j++)
		load += ls[j].minutes;
	bool over = lim && load > lim->max_day;
	PRINTF(r, "<td class=\"day%s\">", over ? " over" : "");
	for (; *i < j; (*i)++) {
		const struct tlesson *l = &ls[*i];
		bool late = lim && lim->latest >= 0 &&
			    (l->b.day != l->a.day || l->b.minute > lim->latest);
		clock_hm(l->a.minute, hm1);
		clock_hm(l->b.minute, hm2);
		/* Isolated left-to-right: in an Arabic page a bare
		 * "19:00-21:30" would read as 21:30-19:00. */
		PRINTF(r, "<span class=\"ls%s\"><bdi dir=\"ltr\">%s\xe2\x80\x93%s</bdi> ",
		       late ? " late" : "", hm1, hm2);
		put_arg(r, &(struct arg){ A_ID, l->cohort });
		PUT(r, "</span>");
	}
	if (load) {
		PUT(r, "<span class=\"dt\">");
		ESC(r, duration(r, load, b0));
		PUT(r, "</span>");
	}
	PUT(r, "</td>");
	return load;
}

/* The week table: a row per week, a cell per day, the week's total. */
static void
teacher_table(struct rep *r, const struct tlesson *ls, size_t k, const struct tlimits *lim)
{
	char b0[48], b1[48], d1[DATE_SZ];
	int64_t monday0 = ls[0].a.day - mon_col(ls[0].a.day);
	int n_weeks = (int)((ls[k - 1].a.day - monday0) / 7) + 1;
	long max_week_load = 1;
	for (int w = 0; w < n_weeks; w++) {
		long load = 0;
		for (size_t i = 0; i < k; i++)
			if ((ls[i].a.day - monday0) / 7 == w)
				load += ls[i].minutes;
		if (load > max_week_load)
			max_week_load = load;
	}
	long scale = lim && lim->max_week > max_week_load ? lim->max_week : max_week_load;

	PUT(r, "<div style=\"overflow-x:auto\"><table class=\"teacher\"><thead><tr><th>");
	msg0(r, "report_col_week");
	PUT(r, "</th>");
	for (int d = 0; d < 7; d++) {
		PUT(r, "<th>");
		ESC(r, r->weekday[(d + 1) % 7]);
		PUT(r, "</th>");
	}
	PUT(r, "<th>");
	msg0(r, "report_col_total");
	PUT(r, "</th></tr></thead>\n<tbody>\n");
	size_t i = 0;
	for (int w = 0; w < n_weeks; w++) {
		long week = 0;
		PUT(r, "<tr><td class=\"week\">");
		ESC(r, date_short(r, monday0 + 7 * w, d1));
		PUT(r, "</td>");
		for (int d = 0; d < 7; d++)
			week += teacher_day(r, ls, k, &i, monday0 + 7 * w + d, lim);
		bool over = lim && week > lim->max_week;
		PRINTF(r, "<td class=\"n%s\">", over ? " over" : "");
		ESC(r, duration(r, week, b0));
		if (lim) {
			PUT(r, " / ");
			ESC(r, duration(r, lim->max_week, b1));
		}
		PRINTF(r, "<span class=\"bar\"><i style=\"width:%ld%%\"></i></span></td></tr>\n",
		       week * 100 / scale > 100 ? 100 : week * 100 / scale);
	}
	PUT(r, "</tbody></table></div>\n");
}

static void
teacher_week(struct rep *r, const struct teacher *t)
{
	struct tlimits limv;
	const struct tlimits *lim = teacher_limits(r, t, &limv) ? &limv : NULL;
	size_t k = 0;
	struct tlesson *ls = teacher_lessons(r, t, &k);
	if (!ls)
		return;
	PUT(r, "<article>\n<h3>");
	msg1(r, "report_teacher_title", A_ID, t->id);
	PUT(r, "</h3>\n<p class=\"meta\">");
	teacher_meta(r, t, k, lim);
	PUT(r, "</p>\n");
	if (k)
		teacher_table(r, ls, k, lim);
	PUT(r, "</article>\n");
	free(ls);
}

/* Lessons on their teacher's leave: who gives them instead, in the
 * substitute's zone, and those nobody could take with what blocked each
 * teacher (the plan's stable reason names). Nothing when there are none. */
static void
substitutes(struct rep *r)
{
	const struct cp_plan *p = r->plan;
	size_t n = 0;
	char d1[DATE_SZ], hm[8];

	for (size_t c = 0; c < p->n_cohorts; c++)
		for (size_t i = 0; i < p->cohorts[c].n_lessons; i++)
			n += p->cohorts[c].lessons[i].substitute != NULL;
	if (n) {
		PUT(r, "<h3 style=\"margin-top:16px\">");
		msg0(r, "report_substitutes");
		PUT(r, "</h3>\n<table><thead><tr><th>");
		HEADS(r, "report_col_cohort", "report_col_lesson", "report_col_when",
		      "report_col_teacher", "report_col_substitute");
		PUT(r, "</th></tr></thead><tbody>\n");
		for (size_t c = 0; c < p->n_cohorts; c++) {
			const struct cp_plan_cohort *co = &p->cohorts[c];
			for (size_t i = 0; i < co->n_lessons; i++) {
				const struct cp_plan_lesson *l = &co->lessons[i];
				if (!l->substitute)
					continue;
				struct local a;
				to_local(zone(r, l->substitute_zone), l->start, &a);
				clock_hm(a.minute, hm);
				PUT(r, "<tr><td>");
				put_arg(r, &(struct arg){ A_ID, co->id });
				PRINTF(r, "</td><td class=\"n\">%d</td><td>", l->number);
				ESC(r, date_short(r, a.day, d1));
				PRINTF(r, " <bdi dir=\"ltr\">%s</bdi> ", hm);
				put_arg(r, &(struct arg){ A_ZONE, l->substitute_zone });
				PUT(r, "</td><td>");
				put_arg(r, &(struct arg){ A_ID, co->teacher });
				PUT(r, "</td><td>");
				put_arg(r, &(struct arg){ A_ID, l->substitute });
				PUT(r, "</td></tr>\n");
			}
		}
		PUT(r, "</tbody></table>\n");
	}
	if (!p->n_uncovered)
		return;
	PUT(r, "<h3 style=\"margin-top:16px\">");
	msg0(r, "report_uncovered");
	PUT(r, "</h3>\n<table><thead><tr><th>");
	HEADS(r, "report_col_cohort", "report_col_lesson", "report_col_teacher",
	      "report_col_blocked");
	PUT(r, "</th></tr></thead><tbody>\n");
	for (size_t u = 0; u < p->n_uncovered; u++) {
		const struct cp_plan_uncovered *x = &p->uncovered[u];
		PUT(r, "<tr><td>");
		put_arg(r, &(struct arg){ A_ID, x->cohort });
		PRINTF(r, "</td><td class=\"n\">%d</td><td>", x->lesson);
		put_arg(r, &(struct arg){ A_ID, x->teacher });
		PUT(r, "</td><td>");
		for (size_t o = 0; o < x->n_options; o++) {
			if (o)
				PUT(r, ", ");
			put_arg(r, &(struct arg){ A_ID, x->options[o].teacher });
			PUT(r, " <code>");
			ESC(r, x->options[o].blocked);
			PUT(r, "</code>");
		}
		PUT(r, "</td></tr>\n");
	}
	PUT(r, "</tbody></table>\n");
}

static void
teachers_section(struct rep *r, const struct teacher *t, size_t n)
{
	PUT(r, "<section id=\"teachers\">\n<h2>");
	msg0(r, "report_teachers");
	PUT(r, "</h2>\n");
	if (!n) {
		PUT(r, "<p>");
		msg0(r, "report_no_teachers");
		PUT(r, "</p>\n");
	}
	for (size_t i = 0; i < n && !r->nomem; i++)
		teacher_week(r, &t[i]);
	substitutes(r);
	PUT(r, "</section>\n");
}

/* ---- unplaced ------------------------------------------------------------ */

/* The price of a "displaces" reason: nobody (this plan was not the best),
 * or what the plan found costs and what any such plan costs at least. */
static void
cost_text(struct rep *r, const struct cp_plan_unplaced *u)
{
	char nb[32], lb[32];

	PUT(r, " (");
	if (u->cost == 0) {
		msg0(r, "report_cost_none");
	} else if (u->least_cost == u->cost) {
		msg1(r, "report_cost_least", A_TEXT, num(r, u->cost, nb));
	} else {
		struct arg a[2] = { { A_TEXT, num(r, u->cost, nb) },
				    { A_TEXT, num(r, u->least_cost, lb) } };
		msg(r, "report_cost", 2, a);
	}
	PUT(r, ")");
}

static void
kind_text(struct rep *r, const struct cp_plan_unplaced *u)
{
	char key[64], nb[32];

	snprintf(key, sizeof key, "report_kind_%s", cp_unplaced_kind_name(u->kind));
	msg0(r, key);
	if (u->kind == CP_UNPLACED_TOO_FEW && u->missing > 0) {
		PUT(r, " (");
		msg1(r, "report_missing", A_TEXT, num(r, u->missing, nb));
		PUT(r, ")");
	}
	if (u->kind == CP_UNPLACED_DISPLACES)
		cost_text(r, u);
}

/* The numbers kind_text() shows: a group shares them. */
static int
reason_numbers_cmp(const struct cp_plan_unplaced *x, const struct cp_plan_unplaced *y)
{
	if (x->missing != y->missing)
		return x->missing < y->missing ? -1 : 1;
	if (x->cost != y->cost)
		return x->cost < y->cost ? -1 : 1;
	if (x->least_cost != y->least_cost)
		return x->least_cost < y->least_cost ? -1 : 1;
	return 0;
}

/* Large plans: the unplaced grouped by reason (with its numbers) and zone, with the lessons
 * lost by reason, the range of best shares, the most offered self-study
 * routes and the ids folded away (still found by the browser's search). */
static int
unplaced_group_cmp(const void *a, const void *b)
{
	const struct cp_plan_unplaced *x = *(const struct cp_plan_unplaced *const *)a;
	const struct cp_plan_unplaced *y = *(const struct cp_plan_unplaced *const *)b;
	int c;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	c = reason_numbers_cmp(x, y);
	if (c)
		return c;
	c = strcmp(x->zone ? x->zone : "", y->zone ? y->zone : "");
	if (c)
		return c;
	/* Both point into the plan's array: plan order within a group. */
	return x < y ? -1 : x > y;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The route offered to u in the page's language; a plan written before
 * routes were data gives its English text, marked by a leading \1. */
static char *
route_of(struct rep *r, const struct cp_plan_unplaced *u)
{
	if (u->best.days)
		return cp_explain_route(r->msg, CP_EXPLAIN_LOCAL, u);
	size_t n = strlen(u->self_study);
	char *s = malloc(n + 2);
	if (s) {
		s[0] = '\1';
		memcpy(s + 1, u->self_study, n + 1);
	}
	return s;
}

/* The three routes offered most often in a group of n, with how many get
 * each. */
static void
group_routes(struct rep *r, const struct cp_plan_unplaced *const *ix, size_t n)
{
	char **routes = malloc((n ? n : 1) * sizeof *routes);
	size_t nr = 0;
	if (!routes) {
		r->nomem = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (!ix[i]->best.days && !ix[i]->self_study)
			continue;
		if (!(routes[nr] = route_of(r, ix[i])))
			r->nomem = true;
		else
			nr++;
	}
	qsort(routes, nr, sizeof *routes, str_cmp);
	for (int shown = 0; shown < 3; shown++) {
		size_t best = nr, best_n = 0;
		for (size_t i = 0; i < nr;) {
			size_t j = i;
			while (j < nr && strcmp(routes[j], routes[i]) == 0)
				j++;
			if (j - i > best_n && routes[i][0]) {
				best = i;
				best_n = j - i;
			}
			i = j;
		}
		if (best == nr)
			break;
		PUT(r, shown ? "<br>" : "");
		if (routes[best][0] == '\1')
			put_english(r, routes[best] + 1);
		else
			ESC(r, routes[best]);
		PRINTF(r, " (%zu)", best_n);
		/* Blank the run so the next pass finds the next one. */
		for (size_t i = best; i < best + best_n; i++)
			routes[i][0] = '\0';
	}
	for (size_t i = 0; i < nr; i++)
		free(routes[i]);
	free(routes);
}

static void
unplaced_groups(struct rep *r)
{
	const struct cp_plan *p = r->plan;
	size_t n = p->n_unplaced;
	const struct cp_plan_unplaced **ix = malloc(n * sizeof *ix);
	char nb[32], b0[48], b1[48];

	if (!ix) {
		r->nomem = true;
		return;
	}
	for (size_t i = 0; i < n; i++)
		ix[i] = &p->unplaced[i];
	qsort(ix, n, sizeof *ix, unplaced_group_cmp);

	PUT(r, "<div style=\"overflow-x:auto\"><table><thead><tr><th>");
	HEADS(r, "report_col_reason", "report_col_zone", "report_col_count", "report_col_best",
		 "report_col_lost", "report_col_route");
	PUT(r, "</th></tr></thead>\n<tbody>\n");
	for (size_t g = 0; g < n;) {
		const struct cp_plan_unplaced *first = ix[g];
		size_t e = g;
		long lost[CP_VERDICT_COUNT] = { 0 };
		double lo = 1.0, hi = 0.0;

		while (e < n && ix[e]->kind == first->kind &&
		       reason_numbers_cmp(ix[e], first) == 0 &&
		       strcmp(ix[e]->zone ? ix[e]->zone : "",
			      first->zone ? first->zone : "") == 0)
			e++;
		for (size_t i = g; i < e; i++) {
			const struct cp_plan_unplaced *u = ix[i];
			if (u->best_share < lo)
				lo = u->best_share;
			if (u->best_share > hi)
				hi = u->best_share;
			for (size_t j = 0; j < u->n_reasons; j++)
				if ((unsigned)u->reasons[j].verdict < CP_VERDICT_COUNT)
					lost[u->reasons[j].verdict] += u->reasons[j].lessons;
		}
		PUT(r, "<tr><td>");
		kind_text(r, first);
		PUT(r, "</td><td>");
		put_arg(r, &(struct arg){ A_ZONE, first->zone });
		PRINTF(r, "</td><td class=\"n\">%s</td><td class=\"n\">", num(r, (long)(e - g), nb));
		ESC(r, percent(r, lo, b0));
		if (percent(r, hi, b1) && strcmp(b0, b1) != 0) {
			PUT(r, " \xe2\x80\x93 ");
			ESC(r, b1);
		}
		PUT(r, "</td><td>");
		put_missed(r, lost);
		PUT(r, "</td><td>");
		group_routes(r, ix + g, e - g);
		PUT(r, "</td></tr>\n<tr><td colspan=\"6\"><details><summary>");
		msg0(r, "report_col_participant");
		PRINTF(r, " (%s)</summary>", num(r, (long)(e - g), nb));
		for (size_t i = g; i < e; i++) {
			if (i > g)
				PUT(r, ", ");
			put_arg(r, &(struct arg){ A_ID, ix[i]->participant });
		}
		PUT(r, "</details></td></tr>\n");
		g = e;
	}
	PUT(r, "</tbody></table></div>\n");
	free(ix);
}

/* One row per participant not placed. */
static void
unplaced_rows(struct rep *r)
{
	const struct cp_plan *p = r->plan;
	char key[64], nb[32], b0[48];

	PUT(r, "<div style=\"overflow-x:auto\"><table><thead><tr><th>");
	HEADS(r, "report_col_participant", "report_col_zone", "report_col_profile",
		 "report_col_reason", "report_col_best", "report_col_lost", "report_col_route");
	PUT(r, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < p->n_unplaced; i++) {
		const struct cp_plan_unplaced *u = &p->unplaced[i];
		PUT(r, "<tr><td>");
		put_arg(r, &(struct arg){ A_ID, u->participant });
		PUT(r, "</td><td>");
		put_arg(r, &(struct arg){ A_ZONE, u->zone });
		PUT(r, "</td><td>");
		put_named(r, "report_profile_", u->profile);
		PUT(r, "</td><td>");
		kind_text(r, u);
		PUT(r, "</td><td class=\"n\">");
		ESC(r, percent(r, u->best_share, b0));
		PUT(r, "</td><td>");
		for (size_t j = 0; j < u->n_reasons; j++) {
			if (j)
				PUT(r, ", ");
			PRINTF(r, "<span class=\"sw v%u\"></span>",
			       (unsigned)u->reasons[j].verdict % CP_VERDICT_COUNT);
			msg0(r, verdict_key(u->reasons[j].verdict, key));
			PRINTF(r, " %s", num(r, u->reasons[j].lessons, nb));
		}
		PUT(r, "</td><td>");
		if (u->best.days) {
			put_words(r, cp_explain_route(r->msg, CP_EXPLAIN_LOCAL, u));
		} else if (u->self_study) {
			put_english(r, u->self_study);
		} else {
			msg0(r, "report_no_route");
		}
		PUT(r, "</td></tr>\n");
	}
	PUT(r, "</tbody></table></div>\n");
}

static void
unplaced_section(struct rep *r)
{
	const struct cp_plan *p = r->plan;
	char key[64], nb[32];

	PUT(r, "<section id=\"unplaced\">\n<h2>");
	msg0(r, "report_unplaced");
	PUT(r, "</h2>\n");
	if (!p->n_unplaced) {
		PUT(r, "<p>");
		msg0(r, "report_unplaced_none");
		PUT(r, "</p>\n");
	} else {
		/* By reason first: what a planner acts on. */
		long by_kind[CP_UNPLACED_KIND_COUNT] = { 0 };
		for (size_t u = 0; u < p->n_unplaced; u++)
			if ((unsigned)p->unplaced[u].kind < CP_UNPLACED_KIND_COUNT)
				by_kind[p->unplaced[u].kind]++;
		PUT(r, "<table><thead><tr><th>");
		HEADS(r, "report_col_reason", "report_col_count");
		PUT(r, "</th></tr></thead><tbody>\n");
		for (int k = 0; k < CP_UNPLACED_KIND_COUNT; k++) {
			if (!by_kind[k])
				continue;
			snprintf(key, sizeof key, "report_kind_%s",
				 cp_unplaced_kind_name((enum cp_unplaced_kind)k));
			PUT(r, "<tr><td>");
			msg0(r, key);
			PRINTF(r, "</td><td class=\"n\">%s</td></tr>\n", num(r, by_kind[k], nb));
		}
		PUT(r, "</tbody></table>\n");
		if (r->detailed)
			unplaced_rows(r);
		else
			unplaced_groups(r);
	}

	PUT(r, "<h3 style=\"margin-top:16px\">");
	msg0(r, "report_advice");
	PUT(r, "</h3>\n");
	if (!p->n_advice) {
		PUT(r, "<p>");
		msg0(r, "report_advice_none");
		PUT(r, "</p>\n");
	} else {
		PUT(r, "<table><thead><tr><th>");
		HEADS(r, "report_col_advice", "report_col_would_place");
		PUT(r, "</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < p->n_advice; i++) {
			const struct cp_plan_advice *a = &p->advice[i];
			PUT(r, "<tr><td>");
			if (a->kind == CP_ADVICE_TEXT)
				put_english(r, a->text ? a->text : "");
			else
				put_words(r, cp_explain_advice(r->msg, CP_EXPLAIN_LOCAL, a));
			PRINTF(r, "</td><td class=\"n\">%s</td></tr>\n", num(r, a->would_place, nb));
		}
		PUT(r, "</tbody></table>\n");
	}
	PUT(r, "</section>\n");
}

/* ---- the page -------------------------------------------------------------- */

static bool
load_names(struct rep *r)
{
	char key[48];

	for (int i = 0; i < 7; i++) {
		snprintf(key, sizeof key, "report_wd_%d", i);
		r->weekday[i] = cp_msg_format(r->msg, key, 0, NULL);
		if (!r->weekday[i])
			return false;
	}
	for (int i = 0; i < 12; i++) {
		snprintf(key, sizeof key, "report_month_%d", i + 1);
		r->month[i] = cp_msg_format(r->msg, key, 0, NULL);
		if (!r->month[i])
			return false;
	}
	return true;
}

/* Ids of cohort ci's members with this status, as a list of ids, or the
 * word for nobody. */
static void
progress_people(struct rep *r, size_t ci, enum cp_progress_status st)
{
	const struct cp_progress *g = r->progress;
	const struct cp_plan_cohort *c = &r->full->cohorts[ci];
	bool any = false;
	for (size_t k = 0; k < g->n_members; k++) {
		if (g->members[k].cohort != ci || g->members[k].status != st)
			continue;
		if (any)
			PUT(r, ", ");
		struct arg a = { A_ID, c->members[g->members[k].member].participant };
		put_arg(r, &a);
		any = true;
	}
	if (!any)
		msg0(r, "report_progress_nobody");
}

/* The progress view: what has happened so far, from the register. */
static void
progress_section(struct rep *r)
{
	const struct cp_plan *p = r->full;
	const struct cp_progress *g = r->progress;
	char a0[32], a1[32], a2[32], pc[48];

	PUT(r, "<section id=\"progress\">\n<h2>");
	msg0(r, "report_progress");
	PUT(r, "</h2>\n");
	for (size_t ci = 0; ci < p->n_cohorts; ci++) {
		const struct cp_plan_cohort *c = &p->cohorts[ci];
		const struct cp_progress_cohort *pg = &g->cohorts[ci];
		if (c->dissolved)
			continue;
		PUT(r, "<h3>");
		{
			struct arg args[3] = { { A_ID, c->id }, { A_TEXT, num(r, (long)pg->n_held, a0) },
					       { A_TEXT, num(r, (long)c->n_lessons, a1) } };
			msg(r, "report_progress_held", 3, args);
		}
		PUT(r, "</h3>\n<p>");
		{
			struct arg args[3] = { { A_TEXT, num(r, pg->count.on_track, a0) },
					       { A_TEXT, num(r, pg->count.at_risk, a1) },
					       { A_TEXT, num(r, pg->count.cannot_reach, a2) } };
			msg(r, "report_progress_counts", 3, args);
		}
		PUT(r, "</p>\n");
		if (pg->n_held) {
			PUT(r, "<div style=\"overflow-x:auto\"><table><thead><tr><th>");
			HEADS(r, "report_progress_lesson", "report_progress_present",
			      "report_progress_minutes");
			PUT(r, "</th></tr></thead><tbody>\n");
			for (size_t l = 0; l < c->n_lessons; l++) {
				if (!pg->lesson_held[l])
					continue;
				long len = cp_plan_lesson_minutes(&c->lessons[l]);
				long all = len * (long)c->n_members;
				struct arg args[2] = {
					{ A_TEXT, num(r, pg->lesson_present[l], a1) },
					{ A_TEXT, num(r, (long)c->n_members, a2) } };
				PUT(r, "<tr><td>");
				ESC(r, num(r, c->lessons[l].number, a0));
				PUT(r, "</td><td>");
				msg(r, "report_progress_of", 2, args);
				PUT(r, "</td><td>");
				ESC(r, percent(r, all ? (double)pg->lesson_minutes[l] / (double)all : 0,
					       pc));
				PUT(r, "</td></tr>\n");
			}
			PUT(r, "</tbody></table></div>\n");
		}
		PUT(r, "<p><strong>");
		msg0(r, "report_progress_at_risk");
		PUT(r, "</strong> ");
		progress_people(r, ci, CP_PROGRESS_AT_RISK);
		PUT(r, "<br><strong>");
		msg0(r, "report_progress_cannot");
		PUT(r, "</strong> ");
		progress_people(r, ci, CP_PROGRESS_CANNOT_REACH);
		PUT(r, "</p>\n");
	}
	PUT(r, "</section>\n");
}

static void
page(struct rep *r)
{
	const struct cp_plan *p = r->plan;
	size_t n_teachers = 0;
	struct teacher *teachers = collect_teachers(r, &n_teachers);
	const char *title = p->course_title ? p->course_title : p->course ? p->course : "";
	char created[DATE_SZ], hm[8];

	PRINTF(r, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
	       cp_msg_language(r->msg), cp_msg_rtl(r->msg) ? "rtl" : "ltr");
	PUT(r, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	       "<meta name=\"generator\" content=\"cohortplan\">\n<title>");
	msg1(r, "report_title", A_TEXT, title);
	PUT(r, "</title>\n<style>\n");
	PUT(r, css);
	PUT(r, "</style>\n</head>\n<body>\n<header>\n<h1>");
	msg1(r, "report_title", A_TEXT, title);
	PUT(r, "</h1>\n<p class=\"meta\">");
	{
		struct local c;
		to_local(NULL, p->created, &c);
		clock_hm(c.minute, hm);
		char when[DATE_SZ + 16];
		snprintf(when, sizeof when, "%s %s UTC", date_long(r, c.day, created), hm);
		struct arg args[3] = { { A_ID, p->course }, { A_TEXT, when },
				       { A_TEXT, p->language ? p->language : "" } };
		msg(r, "report_meta", 3, args);
	}
	PUT(r, "</p>\n<nav><a href=\"#summary\">");
	msg0(r, "report_summary");
	PUT(r, "</a><a href=\"#cohorts\">");
	msg0(r, "report_cohorts");
	PUT(r, "</a><a href=\"#teachers\">");
	msg0(r, "report_teachers");
	PUT(r, "</a><a href=\"#unplaced\">");
	msg0(r, "report_unplaced");
	if (r->progress) {
		PUT(r, "</a><a href=\"#progress\">");
		msg0(r, "report_progress");
	}
	PUT(r, "</a></nav>\n</header>\n<main>\n");
	summary(r, teachers, n_teachers);
	if (r->progress)
		progress_section(r);
	cohorts(r);
	teachers_section(r, teachers, n_teachers);
	unplaced_section(r);
	PUT(r, "</main>\n<footer>");
	msg1(r, "report_footer", A_ZONE, cp_tzdb_version(r->db));
	PUT(r, "</footer>\n</body>\n</html>\n");
	free(teachers);
}

char *
cp_report_render(const struct cp_plan *plan, struct cp_tzdb *db,
		 const struct cp_report_options *opts, size_t *len, struct cp_error *err)
{
	struct cp_report_options defaults;
	struct cp_error me = { 0 };
	struct rep r;
	long placed = 0;
	char *out;
	const struct cp_plan *full = plan;

	if (!opts) {
		cp_report_options_init(&defaults);
		opts = &defaults;
	}
	/* Dissolved cohorts (kept by re-plans for calendars only) are not
	 * part of the plan a planner reads: report on a view without them. */
	struct cp_plan view;
	struct cp_plan_cohort *running = NULL;
	size_t n_running = 0;
	for (size_t c = 0; c < plan->n_cohorts; c++)
		n_running += !plan->cohorts[c].dissolved;
	if (n_running != plan->n_cohorts) {
		running = malloc((n_running ? n_running : 1) * sizeof *running);
		if (!running) {
			cp_error_set(err, CP_ERR_NOMEM, "out of memory");
			return NULL;
		}
		n_running = 0;
		for (size_t c = 0; c < plan->n_cohorts; c++)
			if (!plan->cohorts[c].dissolved)
				running[n_running++] = plan->cohorts[c];
		view = *plan;
		view.cohorts = running;
		view.n_cohorts = n_running;
		plan = &view;
	}
	memset(&r, 0, sizeof r);
	cp_report_buf_init(&r.b);
	r.full = full;
	r.progress = opts->progress;
	r.plan = plan;
	r.db = db;
	r.problem = opts->problem;
	for (size_t c = 0; c < plan->n_cohorts; c++)
		placed += (long)plan->cohorts[c].n_members;
	r.detailed = (size_t)placed <= opts->detail_limit;

	r.msg = cp_msg_create(opts->lang ? opts->lang : "en", &me);
	if (!r.msg) {
		if (err)
			*err = me;
		if (err && !me.message[0])
			cp_error_set(err, me.status, "cannot load texts");
		free(running);
		return NULL;
	}
	if (!load_names(&r)) {
		r.nomem = true;
	} else {
		page(&r);
	}
	for (int i = 0; i < 7; i++)
		free(r.weekday[i]);
	for (int i = 0; i < 12; i++)
		free(r.month[i]);
	cp_msg_destroy(r.msg);
	free(running);
	if (r.nomem) {
		cp_report_buf_finish(&r.b);
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
		return NULL;
	}
	out = cp_report_buf_take(&r.b, len);
	if (!out)
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
	return out;
}

bool
cp_report_save(const struct cp_plan *plan, struct cp_tzdb *db,
	       const struct cp_report_options *opts, const char *outdir,
	       struct cp_error *err)
{
	struct cp_error fe = { 0 };
	size_t len = 0;
	char *html, *path;
	bool ok;

	html = cp_report_render(plan, db, opts, &len, err);
	if (!html)
		return false;
	if (!cp_mkdir_p(outdir, &fe)) {
		free(html);
		cp_error_set(err, fe.errnum == ENOMEM ? CP_ERR_NOMEM : CP_ERR_IO, "%s", fe.message);
		return false;
	}
	path = malloc(strlen(outdir) + sizeof "/report.html");
	if (!path) {
		free(html);
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
		return false;
	}
	strcpy(path, outdir);
	strcat(path, "/report.html");
	ok = cp_atomic_write(path, html, len, &fe);
	if (!ok)
		cp_error_set(err, fe.errnum == ENOMEM ? CP_ERR_NOMEM : CP_ERR_IO, "%s", fe.message);
	free(path);
	free(html);
	return ok;
}

bool
cp_report_write(const struct cp_plan *plan, struct cp_tzdb *db, const char *lang,
		const char *outdir, struct cp_error *err)
{
	struct cp_report_options o;

	cp_report_options_init(&o);
	o.lang = lang;
	return cp_report_save(plan, db, &o, outdir, err);
}
