/*
 * report.html without a browser: the escaping table, markup in every
 * untrusted field of a plan staying inert, the same bytes twice, every
 * language complete (an unknown message key would show up as the key
 * itself), right-to-left Arabic, the aggregated view, and the file written
 * atomically with errors as values.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/report.h"
#include "report/report_buf.h"
#include "test-config.h"

#include "common/check.h"
#include "common/plan-build.h"

/* ---- escaping ---------------------------------------------------------- */

static void
test_escape(void)
{
	static const struct {
		const char *in;
		size_t len; /* 0: strlen */
		const char *out;
	} cases[] = {
		{ "plain P-01", 0, "plain P-01" },
		{ "<b>&\"'", 0, "&lt;b&gt;&amp;&quot;&#39;" },
		{ "tab\tnl\n", 0, "tab\tnl\n" },
		{ "bell\a", 0, "bell\xef\xbf\xbd" },
		{ "del\x7f", 0, "del\xef\xbf\xbd" },
		{ "Beyrouth \xd8\xa8\xd9\x8a\xd8\xb1\xd9\x88\xd8\xaa", 0,
		  "Beyrouth \xd8\xa8\xd9\x8a\xd8\xb1\xd9\x88\xd8\xaa" },
		{ "emoji \xf0\x9f\x98\x80", 0, "emoji \xf0\x9f\x98\x80" },
		{ "lone \x80 byte", 0, "lone \xef\xbf\xbd byte" },
		{ "overlong \xc0\xbc", 0, "overlong \xef\xbf\xbd\xef\xbf\xbd" },
		{ "surrogate \xed\xa0\x80", 0, "surrogate \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "cut \xe2\x80", 0, "cut \xef\xbf\xbd\xef\xbf\xbd" },
		{ "nul\0after", 9, "nul\xef\xbf\xbd" "after" },
		{ "", 0, "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct cp_report_buf b;
		cp_report_buf_init(&b);
		cp_report_buf_escn(&b, cases[i].in, cases[i].len ? cases[i].len : strlen(cases[i].in));
		char *s = cp_report_buf_take(&b, NULL);
		CHECK(s && strcmp(s, cases[i].out) == 0, "escape case %zu: got '%s'", i, s ? s : "(null)");
		free(s);
	}
}

/* ---- plans ------------------------------------------------------------- */

static const char *const evil_participant = "<script>alert(1)</script>\"&'";
static const char *const evil_teacher = "<img src=x onerror=alert(2)>";
static const char *const evil_cohort = "C<b>1</b>";

/* A plan with one cohort of three members across two zones, lessons over the
 * Brussels and Beirut spring change and Casablanca's Ramadan, every verdict,
 * every kind of unplaced participant and advice; ids come from the caller. */
static struct cp_plan *
make_plan(const char *participant, const char *teacher, const char *cohort_id, const char *text)
{
	struct cp_plan *p = cp_plan_create();
	struct cp_civil start = { 2024, 3, 4, 18, 0, 0 };
	cp_instant t0 = cp_civil_to_instant(&start);

	if (!p)
		return NULL;
	p->course = cp_plan_strdup(p, "mo-test");
	p->course_title = cp_plan_strdup(p, text);
	p->language = cp_plan_strdup(p, "ar");
	p->tzdata = cp_plan_strdup(p, CP_TZDATA_VERSION);
	p->created = t0 - 86400 * 30;
	p->attendance_target = 0.8;
	p->participants = 3 + 6;
	p->placeable = 4;
	p->status = CP_PLAN_FEASIBLE;
	p->objective = 3.25;
	p->bound = 4.5;
	p->gap = 0.2778;

	struct cp_plan_cohort *c = pb_cohort(p, cohort_id, teacher, "Europe/Brussels", "ar", 150,
					     (const int[]){ 1, 3 }, 2, 18 * 60);
	static const char *const themes[] = { "work", "housing", "<i>theme</i>", NULL };
	for (int w = 0; w < 9; w++)
		for (int d = 0; d < 2; d++) {
			struct cp_plan_lesson *l = cp_plan_add_lesson(p, c);
			/* 18:00 UTC: 19:00/20:00 Brussels, an evening that moves. */
			l->number = w * 2 + d + 1;
			l->start = t0 + (cp_instant)(w * 7 + d * 2) * 86400;
			l->end = l->start + 150 * 60;
			l->theme = themes[(w + d) % 4] ? cp_plan_strdup(p, themes[(w + d) % 4]) : NULL;
		}
	static const char *const zones[] = { "Asia/Beirut", "Africa/Casablanca", "Africa/Casablanca" };
	static const char *const profiles[] = { "labour_migrant", "partner", "family_migrant" };
	for (int m = 0; m < 3; m++) {
		struct cp_plan_member *me = cp_plan_add_member(p, c);
		char id[128];
		snprintf(id, sizeof id, "%s-%d", participant, m);
		me->participant = cp_plan_strdup(p, id);
		me->zone = cp_plan_strdup(p, zones[m]);
		me->profile = cp_plan_strdup(p, profiles[m]);
		me->attendable = 0;
		for (size_t i = 0; i < c->n_lessons; i++) {
			me->verdicts[i] = (uint8_t)(m == 0 ? (i % CP_VERDICT_COUNT) : (i == 3 ? 3 : 0));
			me->attendable += me->verdicts[i] == CP_VERDICT_OK;
		}
	}
	/* A second cohort whose late lessons cross midnight in Amman (+03). */
	c = pb_cohort(p, "C02", "T-2", "Asia/Amman", "ar", 120, (const int[]){ 5 }, 1, 23 * 60);
	for (int w = 0; w < 3; w++) {
		struct cp_plan_lesson *l = cp_plan_add_lesson(p, c);
		l->number = w + 1;
		l->start = t0 + (cp_instant)(w * 7 + 4) * 86400 + 2 * 3600; /* 20:00 UTC */
		l->end = l->start + 120 * 60;
	}
	{
		struct cp_plan_member *me = cp_plan_add_member(p, c);
		me->participant = cp_plan_strdup(p, "P-late");
		me->zone = cp_plan_strdup(p, "Asia/Amman");
		me->profile = cp_plan_strdup(p, "partner");
		me->verdicts[2] = CP_VERDICT_TOO_LATE;
		me->attendable = 2;
	}
	for (int k = 0; k < CP_UNPLACED_KIND_COUNT; k++) {
		struct cp_plan_unplaced *u = cp_plan_add_unplaced(p);
		char id[128];
		snprintf(id, sizeof id, "%s-u%d", participant, k);
		u->participant = cp_plan_strdup(p, id);
		u->zone = cp_plan_strdup(p, "Asia/Amman");
		u->profile = cp_plan_strdup(p, k % 2 ? "partner" : "<u>profile</u>");
		u->kind = (enum cp_unplaced_kind)k;
		u->best_share = 0.1 * k;
		u->missing = k == CP_UNPLACED_TOO_FEW ? 2 : 0;
		if (k == CP_UNPLACED_DISPLACES) {
			u->cost = 3;
			u->least_cost = 1;
			u->places = 2;
		}
		u->detail = cp_plan_strdup(p, text);
		u->self_study = k % 2 ? cp_plan_strdup(p, text) : NULL;
		for (int v = 1; v < CP_VERDICT_COUNT; v++) {
			struct cp_plan_reason_count *rc = cp_plan_add_reason(p, u);
			rc->verdict = (enum cp_verdict)v;
			rc->lessons = v;
		}
	}
	struct cp_plan_advice *a = cp_plan_add_advice(p);
	a->text = cp_plan_strdup(p, text);
	a->would_place = 3;
	if (cp_plan_nomem(p)) {
		cp_plan_destroy(p);
		return NULL;
	}
	return p;
}

static char *
render(const struct cp_plan *p, struct cp_tzdb *db, const char *lang, size_t limit, size_t *len)
{
	struct cp_report_options o;
	struct cp_error e = { 0 };
	cp_report_options_init(&o);
	o.lang = lang;
	if (limit != (size_t)-1)
		o.detail_limit = limit;
	char *html = cp_report_render(p, db, &o, len, &e);
	CHECK(html, "render %s: %s", lang, e.message);
	return html;
}

static void
test_injection(struct cp_tzdb *db)
{
	const char *evil_text = "</span><script>alert(3)</script><a href=\"https://x.example/\">";
	struct cp_plan *p = make_plan(evil_participant, evil_teacher, evil_cohort, evil_text);
	CHECK(p, "plan");
	if (!p)
		return;
	for (size_t limit = 0; limit < 2; limit++) {
		size_t len = 0;
		char *h = render(p, db, "en", limit ? (size_t)-1 : 0, &len);
		if (!h)
			continue;
		CHECK(strlen(h) == len, "length");
		/* The page has no scripts, images or links of its own out of the
		 * page: anything of that kind came from the plan. */
		CHECK(!strstr(h, "<script"), "a <script> got through");
		CHECK(!strstr(h, "<img"), "an <img> got through");
		CHECK(!strstr(h, "<a href=\"http"), "a link got through");
		CHECK(!strstr(h, "<b>1</b>") && !strstr(h, "<i>theme") && !strstr(h, "<u>profile"),
		      "markup from an id got through");
		CHECK(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&#39;-0") || limit == 0,
		      "the participant id is not shown escaped");
		CHECK(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&#39;-u0"),
		      "the unplaced participant id is not shown escaped");
		CHECK(strstr(h, "<bdi class=\"id\">&lt;img src=x onerror=alert(2)&gt;</bdi>"),
		      "the teacher id is not isolated and escaped");
		CHECK(strstr(h, "C&lt;b&gt;1&lt;/b&gt;"), "the cohort id is not shown escaped");
		CHECK(strstr(h, "&lt;/span&gt;&lt;script&gt;alert(3)"), "advice not escaped");
		free(h);
	}
	cp_plan_destroy(p);
}

static void
test_languages(struct cp_tzdb *db)
{
	static const struct {
		const char *lang, *dir, *expect;
	} langs[] = {
		{ "en", "ltr", "Summary" },
		{ "nl", "ltr", "Overzicht" },
		{ "fr", "ltr", "Résumé" },
		{ "ar", "rtl", "ملخّص" },
		{ "nl_BE", "ltr", "Lesgever" },
	};
	struct cp_plan *p = make_plan("P-01", "T-BXL", "C01", "Civic orientation");
	CHECK(p, "plan");
	if (!p)
		return;
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++)
		for (size_t limit = 0; limit < 2; limit++) {
			char *h = render(p, db, langs[i].lang, limit ? (size_t)-1 : 0, NULL);
			char want[64];
			if (!h)
				continue;
			snprintf(want, sizeof want, "dir=\"%s\"", langs[i].dir);
			CHECK(strstr(h, want), "%s: no %s", langs[i].lang, want);
			CHECK(strstr(h, langs[i].expect), "%s: no '%s'", langs[i].lang, langs[i].expect);
			/* An unknown key is shown as itself. */
			const char *k = strstr(h, "report_");
			CHECK(!k, "%s: missing text %.40s", langs[i].lang, k ? k : "");
			CHECK(!strstr(h, "theme_work"), "%s: theme without a text", langs[i].lang);
			/* The Brussels and Beirut spring change lies inside the course;
			 * so do both of Casablanca's Ramadan changes. */
			CHECK(strstr(h, "<bdi dir=\"ltr\">+01</bdi> \xe2\x86\x92 <bdi dir=\"ltr\">+02</bdi>") ||
			      strstr(h, "<bdi dir=\"ltr\">+01</bdi> \xe2\x86\x90 <bdi dir=\"ltr\">+02</bdi>"),
			      "%s: the Brussels clock change is not listed", langs[i].lang);
			CHECK(strstr(h, "<bdi dir=\"ltr\">+00</bdi>"),
			      "%s: Casablanca's Ramadan offset is not listed", langs[i].lang);
			if (limit == 0)
				CHECK(!strstr(h, "class=\"verdicts\""), "%s: members not aggregated", langs[i].lang);
			else
				CHECK(strstr(h, "class=\"verdicts\""), "%s: no member grid", langs[i].lang);
			free(h);
		}
	/* Each change on the date and at the wall time it happens, read on
	 * the old offset: Beirut jumps at its Sunday midnight, Casablanca falls
	 * back at 03:00 for Ramadan. */
	{
		char *h = render(p, db, "en", (size_t)-1, NULL);
		static const char *const want[] = {
			"<bdi dir=\"ltr\">Europe/Brussels</bdi> <bdi dir=\"ltr\">+01</bdi> \xe2\x86\x92 "
			"<bdi dir=\"ltr\">+02</bdi> on Sun 31 Mar 2024 02:00",
			"<bdi dir=\"ltr\">Asia/Beirut</bdi> <bdi dir=\"ltr\">+02</bdi> \xe2\x86\x92 "
			"<bdi dir=\"ltr\">+03</bdi> on Sun 31 Mar 2024 00:00",
			"<bdi dir=\"ltr\">Africa/Casablanca</bdi> <bdi dir=\"ltr\">+01</bdi> \xe2\x86\x92 "
			"<bdi dir=\"ltr\">+00</bdi> on Sun 10 Mar 2024 03:00",
			"<bdi dir=\"ltr\">Africa/Casablanca</bdi> <bdi dir=\"ltr\">+00</bdi> \xe2\x86\x92 "
			"<bdi dir=\"ltr\">+01</bdi> on Sun 14 Apr 2024 02:00",
		};
		for (size_t i = 0; h && i < sizeof want / sizeof want[0]; i++)
			CHECK(strstr(h, want[i]), "clock change not stated: %s", want[i]);
		/* Lesson 1 in Beirut starts at 20:00 (+02), lesson 9 after the
		 * change at 21:00 (+03); Casablanca's go 19:00, 18:00, 19:00. */
		CHECK(h && strstr(h, "Lesson 1 \xc2\xb7 Mon 4 Mar 20:00\xe2\x80\x93""22:30"),
		      "lesson 1 not at 20:00 Beirut");
		CHECK(h && strstr(h, "Lesson 9 \xc2\xb7 Mon 1 Apr 21:00\xe2\x80\x93""23:30"),
		      "lesson 9 not at 21:00 Beirut");
		CHECK(h && strstr(h, "Lesson 3 \xc2\xb7 Mon 11 Mar 18:00\xe2\x80\x93""20:30"),
		      "lesson 3 not at 18:00 Casablanca (Ramadan)");
		free(h);
	}
	/* Every status has a text. */
	for (int s = CP_PLAN_OPTIMAL; s <= CP_PLAN_EMPTY; s++) {
		p->status = (enum cp_plan_status)s;
		char *h = render(p, db, "fr", (size_t)-1, NULL);
		CHECK(h && !strstr(h, "report_"), "status %d has no text", s);
		free(h);
	}
	cp_plan_destroy(p);
}

static void
test_deterministic(struct cp_tzdb *db)
{
	struct cp_plan *p = make_plan("P-01", "T-BXL", "C01", "Civic orientation");
	size_t l1 = 0, l2 = 0;
	CHECK(p, "plan");
	if (!p)
		return;
	char *a = render(p, db, "nl", (size_t)-1, &l1);
	char *b = render(p, db, "nl", (size_t)-1, &l2);
	CHECK(a && b && l1 == l2 && memcmp(a, b, l1) == 0, "two renders differ");
	free(a);
	free(b);
	/* Every reason code, with its numbers, in words in every language. */
	for (const char *const *l = (const char *const[]){ "nl", "en", "fr", "ar", NULL }; *l; l++) {
		char *h = render(p, db, *l, (size_t)-1, NULL);
		CHECK(h && !strstr(h, "report_"), "every kind in %s: a text is missing", *l);
		if (h && strcmp(*l, "en") == 0)
			CHECK(strstr(h, "a plan with them exists") &&
				      strstr(h, "people who would no longer reach the target: 3 (any plan placing as many of them: at least 1)") &&
				      strstr(h, "not placed in this plan (whether another plan"),
			      "en: the displaces reason and its numbers");
		free(h);
	}

	/* An empty plan (nobody placed, nothing unplaced) still renders. */
	struct cp_plan *e = cp_plan_create();
	e->tzdata = cp_plan_strdup(e, "2020a");
	e->status = CP_PLAN_EMPTY;
	e->attendance_target = 0.8;
	char *h = render(e, db, "en", (size_t)-1, NULL);
	CHECK(h && strstr(h, "Everyone is placed."), "empty plan");
	for (const char *const *l = (const char *const[]){ "nl", "fr", "ar", NULL }; *l; l++) {
		char *e2 = render(e, db, *l, (size_t)-1, NULL);
		CHECK(e2 && !strstr(e2, "report_"), "empty plan in %s: a text is missing", *l);
		free(e2);
	}
	/* A plan made with other tzdata says so. */
	CHECK(h && strstr(h, "class=\"warn\""), "no tzdata warning");
	free(h);
	cp_plan_destroy(e);
	cp_plan_destroy(p);
}

static void
test_errors_and_save(struct cp_tzdb *db)
{
	struct cp_plan *p = make_plan("P-01", "T-BXL", "C01", "Civic orientation");
	struct cp_report_options o;
	struct cp_error e = { 0 };
	char dir[] = "/tmp/cp-report-test-XXXXXX";
	char path[256];
	struct stat st;

	CHECK(p, "plan");
	if (!p)
		return;
	cp_report_options_init(&o);
	o.lang = "xx";
	CHECK(!cp_report_render(p, db, &o, NULL, &e) && e.status == CP_ERR_UNSUPPORTED,
	      "unknown language: status %d", e.status);

	CHECK(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
	snprintf(path, sizeof path, "%s/out/sub", dir);
	CHECK(cp_report_write(p, db, "en", path, &e), "write: %s", e.message);
	snprintf(path, sizeof path, "%s/out/sub/report.html", dir);
	CHECK(stat(path, &st) == 0 && st.st_size > 1000, "no report.html");
	/* No temporary file is left beside it. */
	snprintf(path, sizeof path, "%s/out/sub", dir);
	{
		char cmd[512];
		snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) -eq 1", path);
		CHECK(system(cmd) == 0, "stray files beside report.html");
	}
	/* OUTDIR is a file: an I/O error, as a value. */
	snprintf(path, sizeof path, "%s/out/sub/report.html", dir);
	memset(&e, 0, sizeof e);
	CHECK(!cp_report_write(p, db, "en", path, &e) && e.status == CP_ERR_IO && e.message[0],
	      "writing into a file: status %d", e.status);
	{
		char cmd[512];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		CHECK(system(cmd) == 0, "cleanup");
	}
	cp_plan_destroy(p);
}

/* --save DIR: write the sample plans' pages for the browser test. */
static int
save_samples(struct cp_tzdb *db, const char *dir)
{
	static const char *const langs[] = { "en", "nl", "ar" };
	struct cp_error e = { 0 };
	char path[4096];
	int rc = 0;
	struct cp_plan *p = make_plan("P-01", "T-BXL", "C01", "Civic orientation, sample");
	struct cp_plan *evil = make_plan(evil_participant, evil_teacher, evil_cohort,
					 "</span><script>alert(3)</script>");
	for (size_t i = 0; p && i < 3; i++) {
		snprintf(path, sizeof path, "%s/sample-%s", dir, langs[i]);
		if (!cp_report_write(p, db, langs[i], path, &e)) {
			fprintf(stderr, "%s\n", e.message);
			rc = 1;
		}
	}
	snprintf(path, sizeof path, "%s/injection", dir);
	if (!evil || !cp_report_write(evil, db, "en", path, &e)) {
		fprintf(stderr, "%s\n", e.message);
		rc = 1;
	}
	cp_plan_destroy(p);
	cp_plan_destroy(evil);
	return rc;
}

int
main(int argc, char **argv)
{
	struct cp_tz_error err = { 0 };
	const char *tzdir = getenv("COHORTPLAN_TZDIR");
	struct cp_tzdb *db = cp_tzdb_create(tzdir && *tzdir ? tzdir : CP_TEST_TZDIR, &err);

	if (!db) {
		fprintf(stderr, "tzdb: %s\n", err.message);
		return 1;
	}
	if (argc == 3 && strcmp(argv[1], "--save") == 0) {
		int rc = save_samples(db, argv[2]);
		cp_tzdb_destroy(db);
		return rc;
	}
	test_escape();
	test_injection(db);
	test_languages(db);
	test_deterministic(db);
	test_errors_and_save(db);
	cp_tzdb_destroy(db);
	return check_tally();
}
