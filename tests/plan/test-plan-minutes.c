/*
 * One rule decides "reaches the target", in live minutes, and every writer
 * says the same: the plan's functions (plan.h), plan.json, the CLI summary
 * of `cohortplan solve` and the report.
 *
 * The plan, by hand: pilot 1's format, 48 lesson hours at 60 % live =
 * 1,728 minutes in 3-hour sessions, so ten lessons: nine of 180 minutes and
 * a last one of 108 (Tue+Thu 19:00 Brussels = 18:00Z, CET; the tenth lesson
 * 2025-02-06 18:00Z-19:48Z). Target 80 %: ceil(0.8 x 1,728) = 1,383 minutes.
 *   short      misses lesson 10 (108 min): 1,620 min = 93.75 %   reaches
 *   two        misses lessons 1 and 2:      1,368 min = 79.17 %  does not
 *   one_short  misses lessons 1 and 10:     1,440 min = 83.33 %  reaches
 * So 2 of 3 reach 80 %. The old rule (lessons: 9, 8 and 8 of 10, 8 needed)
 * said 3: a writer that re-derived it from lesson counts fails here.
 * The other way round, at a 93 % target (ceil(0.93 x 1,728) = ceil(1,607.04)
 * = 1,608 minutes): short reaches with 1,620 although 9 lessons are fewer
 * than ceil(0.93 x 10) = 10; 1 of 3 reach, the lesson rule says 0.
 *
 * solve_output.c is compiled into this test (it is part of the program,
 * not a library); cp_cli_tzdb() is stubbed below.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include <cohortplan/attend.h>

#include "cli/solve_output.h"
#include "formats/plan_json.h"
#include "locale/explain.h"
#include "report/report.h"
#include "test-config.h"

#include "common/check.h"
#include "common/open-db.h"
#include "common/plan-build.h"

static struct cp_tzdb *db;

/* The program's zone database accessor, for solve_output.c. */
struct cp_tzdb *
cp_cli_tzdb(struct cp_cli *cli)
{
	(void)cli;
	return db;
}

static const char *const dates[10] = {
	"2025-01-07", "2025-01-09", "2025-01-14", "2025-01-16", "2025-01-21",
	"2025-01-23", "2025-01-28", "2025-01-30", "2025-02-04", "2025-02-06",
};

static void
member(struct cp_plan *p, struct cp_plan_cohort *c, const char *id, int miss1, int miss2)
{
	struct cp_plan_member *m = cp_plan_add_member(p, c);
	m->participant = cp_plan_strdup(p, id);
	m->zone = cp_plan_strdup(p, "Europe/Brussels");
	m->profile = cp_plan_strdup(p, "labour_migrant");
	for (int i = 0; i < 10; i++) {
		bool miss = i + 1 == miss1 || i + 1 == miss2;
		m->verdicts[i] = miss ? CP_VERDICT_EXCEPTION : CP_VERDICT_OK;
		m->attendable += !miss;
	}
}

static struct cp_plan *
make_plan(double target)
{
	struct cp_plan *p = cp_plan_create();
	p->course = cp_plan_strdup(p, "mo-48");
	p->language = cp_plan_strdup(p, "ar");
	p->tzdata = cp_plan_strdup(p, cp_tzdb_version(db));
	p->created = 1735000000;
	p->attendance_target = target;
	p->participants = 3;
	p->placeable = 3;
	struct cp_plan_cohort *c = pb_cohort(p, "C01", "t1", "Europe/Brussels", "ar", 180,
					     (const int[]){ 2, 4 }, 2, 19 * 60);
	for (int i = 0; i < 10; i++) {
		char utc[32];
		struct cp_plan_lesson *l = cp_plan_add_lesson(p, c);
		snprintf(utc, sizeof utc, "%sT18:00:00Z", dates[i]);
		cp_parse_utc(utc, &l->start);
		l->number = i + 1;
		l->end = l->start + (i < 9 ? 180 : 108) * 60;
	}
	member(p, c, "short", 10, 0);
	member(p, c, "two", 1, 2);
	member(p, c, "one_short", 1, 10);
	return p;
}

/* The CLI summary's "N reach" count. */
static long
summary_reach(const struct cp_plan *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	long n = -1;
	cp_solve_print_summary(f, p, "out", NULL);
	fclose(f);
	const char *s = strstr(buf, " reach ");
	if (s) {
		while (s > buf && s[-1] >= '0' && s[-1] <= '9')
			s--;
		n = strtol(s, NULL, 10);
	}
	free(buf);
	return n;
}

/* The report's "N of 3 participants can attend at least T" line. */
static bool
report_says(const struct cp_plan *p, const char *want)
{
	struct cp_report_options o;
	struct cp_error e = { 0 };
	size_t len = 0;
	cp_report_options_init(&o);
	o.lang = "en";
	char *html = cp_report_render(p, db, &o, &len, &e);
	CHECK(html, "report: %s", e.message);
	bool ok = html && strstr(html, want);
	if (html && !ok) {
		const char *s = strstr(html, "participants can attend");
		fprintf(stderr, "report line: %.160s\n", s ? (s > html + 80 ? s - 80 : html) : "?");
	}
	free(html);
	return ok;
}

/* plan.json's own fields: members reaching by attended_minutes against
 * the cohort's live_minutes, the target needing ceil(num/den x live). */
static int
json_reach(const struct cp_plan *p, int num, int den)
{
	size_t len;
	char *text = cp_plan_json_write(p, &len);
	cJSON *root = text ? cJSON_Parse(text) : NULL;
	int n = 0;
	free(text);
	CHECK(root, "plan.json does not parse");
	const cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "cohorts"), 0);
	const cJSON *live = cJSON_GetObjectItem(c, "live_minutes");
	CHECK(cJSON_IsNumber(live) && live->valueint == 1728, "plan.json live_minutes");
	const cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(c, "members")) {
		const cJSON *am = cJSON_GetObjectItem(m, "attended_minutes");
		const cJSON *sh = cJSON_GetObjectItem(m, "share");
		CHECK(cJSON_IsNumber(am) && cJSON_IsNumber(sh), "plan.json member fields");
		if (!cJSON_IsNumber(am) || !cJSON_IsNumber(sh) || !cJSON_IsNumber(live))
			continue;
		CHECK(sh->valuedouble == (double)am->valueint / live->valueint,
		      "share %.17g is not %d / %d", sh->valuedouble, am->valueint, live->valueint);
		n += am->valueint * den >= num * live->valueint;
	}
	cJSON_Delete(root);
	return n;
}

/* Every writer marks each member as the rule says (not only the counts):
 * the CLI summary's " below", the report's below-the-target mark in the
 * member's row, and the self-study route plan.json carries in words
 * (cp_explain_fill). Flipping any writer's own idea of the target fails. */
static void
writers_agree(struct cp_plan *p, const char *what)
{
	const struct cp_plan_cohort *c = &p->cohorts[0];
	char *buf = NULL, key[96];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cp_solve_print_summary(f, p, "out", NULL);
	fclose(f);
	struct cp_report_options o;
	struct cp_error e = { 0 };
	cp_report_options_init(&o);
	o.lang = "en";
	char *html = cp_report_render(p, db, &o, &len, &e);
	CHECK(html && cp_explain_fill(p), "%s: report or words", what);
	for (size_t i = 0; html && i < c->n_members; i++) {
		const struct cp_plan_member *m = &c->members[i];
		bool reach = cp_plan_member_reaches(p, c, m);
		snprintf(key, sizeof key, " %s(", m->participant);
		const char *at = strstr(buf, key), *end = at ? strchr(at, ')') : NULL;
		CHECK(at && end, "%s: summary lacks %s", what, m->participant);
		if (at && end)
			CHECK((strstr(at, " below)") == end - 6) == !reach,
			      "%s: summary marks %s %s", what, m->participant,
			      reach ? "below" : "reaching");
		snprintf(key, sizeof key, "<tr><td><bdi class=\"id\">%s</bdi>", m->participant);
		at = strstr(html, key);
		end = at ? strstr(at, "</tr>") : NULL;
		const char *mark = at ? strstr(at, "class=\"below\"") : NULL;
		CHECK(at && end, "%s: report lacks %s's row", what, m->participant);
		if (at && end)
			CHECK((mark && mark < end) == !reach, "%s: report marks %s %s", what,
			      m->participant, reach ? "below" : "reaching");
		CHECK((m->self_study != NULL) == !reach, "%s: %s self-study route iff below",
		      what, m->participant);
	}
	free(buf);
	free(html);
}

static void
test_rule(void)
{
	struct cp_plan *p = make_plan(0.8);
	const struct cp_plan_cohort *c = &p->cohorts[0];
	static const int minutes[3] = { 1620, 1368, 1440 };
	static const bool reach[3] = { true, false, true };

	CHECK(cp_plan_cohort_live_minutes(c) == 1728, "live minutes %d",
	      cp_plan_cohort_live_minutes(c));
	CHECK(cp_plan_minutes_needed(0.8, 1728) == 1383, "needed");
	for (int i = 0; i < 3; i++) {
		const struct cp_plan_member *m = &c->members[i];
		CHECK(cp_plan_member_minutes(c, m) == minutes[i], "%s: %d minutes, want %d",
		      m->participant, cp_plan_member_minutes(c, m), minutes[i]);
		CHECK(cp_plan_member_share(c, m) == (double)minutes[i] / 1728, "%s share",
		      m->participant);
		CHECK(cp_plan_member_reaches(p, c, m) == reach[i], "%s reaches", m->participant);
		/* The old rule would have said yes for all three. */
		CHECK(m->attendable >= 8, "%s: %d lessons", m->participant, m->attendable);
	}
	CHECK(cp_plan_member_share(c, &c->members[0]) == 0.9375, "93.75 %%");

	CHECK(json_reach(p, 4, 5) == 2, "plan.json: 2 reach 80 %%");
	long s = summary_reach(p);
	CHECK(s == 2, "CLI summary: %ld reach, want 2", s);
	CHECK(report_says(p, "2 of 3 participants can attend at least 80"),
	      "report: 2 of 3 reach 80 %%");
	writers_agree(p, "80 %");
	cp_plan_destroy(p);

	/* The other way round: by minutes yes, by lessons no. */
	p = make_plan(0.93);
	c = &p->cohorts[0];
	CHECK(cp_plan_minutes_needed(0.93, 1728) == 1608, "needed at 93 %%");
	CHECK(cp_plan_member_reaches(p, c, &c->members[0]), "short reaches 93 %%");
	CHECK(!cp_plan_member_reaches(p, c, &c->members[2]), "one_short does not reach 93 %%");
	CHECK(json_reach(p, 93, 100) == 1, "plan.json: 1 reaches 93 %%");
	s = summary_reach(p);
	CHECK(s == 1, "CLI summary: %ld reach 93 %%, want 1", s);
	CHECK(report_says(p, "1 of 3 participants can attend at least 93"),
	      "report: 1 of 3 reach 93 %%");
	writers_agree(p, "93 %");
	/* The rule itself, in engine/attend, at its edge. */
	CHECK(cp_attend_target_reached(0.93, 1608, 1728) &&
		      !cp_attend_target_reached(0.93, 1607, 1728) &&
		      !cp_attend_target_reached(0.0, 0, 0) && cp_attend_target_reached(0.8, 1440, 1800),
	      "cp_attend_target_reached at its edge");
	cp_plan_destroy(p);
}

/* The reader: derived fields must agree; plans without them still read. */
static void
test_reader(void)
{
	struct cp_plan *p = make_plan(0.8);
	size_t len;
	char *text = cp_plan_json_write(p, &len);
	cp_plan_destroy(p);
	CHECK(text, "write");
	if (!text)
		return;
	struct cp_plan *back = NULL;
	struct cp_diag *d = cp_diag_create(0);
	CHECK(cp_plan_json_parse(text, len, db, &back, d) == CP_PLAN_JSON_OK, "round trip");
	size_t len2;
	char *again = back ? cp_plan_json_write(back, &len2) : NULL;
	CHECK(again && len2 == len && memcmp(again, text, len) == 0, "write-read-write bytes");
	free(again);
	cp_plan_destroy(back);
	cp_diag_destroy(d);

	/* Each derived field, wrong: an error at its path. */
	static const struct {
		const char *from, *to, *path;
	} bad[] = {
		{ "\"attended_minutes\":\t1368", "\"attended_minutes\":\t1440",
		  "/cohorts/0/members/1/attended_minutes" },
		{ "\"live_minutes\":\t1728", "\"live_minutes\":\t1800", "/cohorts/0/live_minutes" },
		{ "\"share\":\t0.9375", "\"share\":\t0.9", "/cohorts/0/members/0/share" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *at = strstr(text, bad[i].from);
		CHECK(at, "plan.json has no %s", bad[i].from);
		if (!at)
			continue;
		size_t pre = (size_t)(at - text), fl = strlen(bad[i].from), tl = strlen(bad[i].to);
		char *t = malloc(len - fl + tl + 1);
		memcpy(t, text, pre);
		memcpy(t + pre, bad[i].to, tl);
		memcpy(t + pre + tl, at + fl, len - pre - fl + 1);
		d = cp_diag_create(0);
		back = NULL;
		CHECK(cp_plan_json_parse(t, strlen(t), db, &back, d) != CP_PLAN_JSON_OK,
		      "%s accepted", bad[i].to);
		bool found = false;
		for (size_t k = 0; k < cp_diag_count(d); k++)
			found |= strcmp(cp_diag_entry(d, k)->path, bad[i].path) == 0;
		CHECK(found, "no error at %s", bad[i].path);
		cp_plan_destroy(back);
		cp_diag_destroy(d);
		free(t);
	}

	/* A plan written before the fields existed: accepted, same rule. */
	cJSON *root = cJSON_Parse(text);
	cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "cohorts"), 0);
	cJSON_DeleteItemFromObject(c, "live_minutes");
	cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(c, "members")) {
		cJSON_DeleteItemFromObject(m, "attended_minutes");
		cJSON_DeleteItemFromObject(m, "share");
	}
	char *old = cJSON_Print(root);
	cJSON_Delete(root);
	d = cp_diag_create(0);
	back = NULL;
	CHECK(cp_plan_json_parse(old, strlen(old), db, &back, d) == CP_PLAN_JSON_OK,
	      "an older plan without the derived fields is refused");
	if (back) {
		const struct cp_plan_cohort *bc = &back->cohorts[0];
		CHECK(cp_plan_member_minutes(bc, &bc->members[1]) == 1368, "older plan: minutes");
		CHECK(!cp_plan_member_reaches(back, bc, &bc->members[1]), "older plan: rule");
	}
	cp_plan_destroy(back);
	cp_diag_destroy(d);
	free(old);
	free(text);
}

int
main(void)
{
	db = test_open_db();
	if (!db)
		return 99;
	test_rule();
	test_reader();
	cp_tzdb_destroy(db);
	return check_tally();
}
