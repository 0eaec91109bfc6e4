/*
 * The workspace's formats on their own (api/formats/people_csv.h,
 * workspace_json.h): every malformed CSV row gives its row and column and
 * no output; an import adds and updates without losing availability; the
 * export round-trips; a person's availability form writes back what it
 * read; variants copy the course with the changes asked for (and without
 * pins); pins are set, listed and removed; a plan's running cohorts and
 * who is in which are read for the pin form.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "formats/people_csv.h"
#include "formats/workspace_json.h"

#define CHECK_PREFIX "FAIL "
#include "common/check.h"

#define HEADER "kind,id,zone,languages,profile,display_name\n"

static const char PROBLEM[] =
	"{\"version\":1,\"course\":{\"id\":\"c\",\"language\":\"ar\",\"lesson_hours\":20,"
	"\"session_length\":\"PT2H\",\"start\":\"2026-02-02\",\"end\":\"2026-04-24\"},"
	"\"teachers\":[{\"id\":\"T-1\",\"zone\":\"Europe/Brussels\",\"languages\":[\"ar\"]}],"
	"\"participants\":[{\"id\":\"P-1\",\"zone\":\"Asia/Beirut\",\"profile\":\"partner\","
	"\"languages\":[\"ar\"],\"availability\":[{\"days\":[\"mon\",\"tue\"],\"start\":\"18:00\","
	"\"end\":\"21:00\"}],\"periods\":[{\"from\":\"2026-02-18\",\"to\":\"2026-03-19\","
	"\"availability\":[{\"days\":\"every_day\",\"start\":\"10:00\",\"end\":\"14:00\"}]}]}]}";

struct bad {
	const char *name, *csv;
	long row, column;
};

static const struct bad bad_files[] = {
	{ "no header", "participant,P-2,Asia/Beirut,ar,partner,\n", 1, 1 },
	{ "header order", "id,kind,zone,languages,profile,display_name\n", 1, 1 },
	{ "short row", HEADER "participant,P-2,Asia/Beirut,ar,partner\n", 2, 6 },
	{ "long row", HEADER "participant,P-2,Asia/Beirut,ar,partner,,x\n", 2, 7 },
	{ "kind", HEADER "guest,P-2,Asia/Beirut,ar,partner,\n", 2, 1 },
	{ "id", HEADER "participant,P 2,Asia/Beirut,ar,partner,\n", 2, 2 },
	{ "zone empty", HEADER "participant,P-2,,ar,partner,\n", 2, 3 },
	{ "languages", HEADER "participant,P-2,Asia/Beirut,,partner,\n", 2, 4 },
	{ "profile", HEADER "participant,P-2,Asia/Beirut,ar,nurse,\n", 2, 5 },
	{ "teacher profile", HEADER "teacher,T-2,Europe/Brussels,ar,partner,\n", 2, 5 },
	{ "duplicate", HEADER "participant,P-2,Asia/Beirut,ar,partner,\n"
		       "participant,P-2,Asia/Amman,ar,partner,\n", 3, 2 },
	{ "quote", HEADER "participant,P-2,Asia/Beirut,ar,partner,a\"b\n", 2, 6 },
	{ "third row", HEADER "participant,P-2,Asia/Beirut,ar,partner,\n"
		       "participant,\"P-3\nX\",Asia/Beirut,ar,partner,\n"
		       "teacher,T 9,Europe/Brussels,ar,,\n", 5, 2 },
};

static void
test_bad(void)
{
	for (size_t i = 0; i < sizeof(bad_files) / sizeof(bad_files[0]); i++) {
		const struct bad *b = &bad_files[i];
		struct cp_diag *d = cp_diag_create(0);
		struct cp_people_csv_rows rows;
		char *out = (char *)"untouched";
		bool found = false;

		CHECK(!cp_people_csv_import(PROBLEM, strlen(PROBLEM), b->csv, strlen(b->csv), &out,
					    &rows, d), "%s: accepted", b->name);
		CHECK(out == NULL, "%s: output set", b->name);
		CHECK(rows.n_participants == 0 && rows.participant_row == NULL, "%s: rows", b->name);
		for (size_t k = 0; k < cp_diag_count(d); k++) {
			const struct cp_diag_entry *e = cp_diag_entry(d, k);
			found |= e->line == b->row && e->column == b->column;
		}
		CHECK(found, "%s: no error at row %ld column %ld (first: %ld:%ld %s)", b->name,
		      b->row, b->column, cp_diag_count(d) ? cp_diag_entry(d, 0)->line : 0,
		      cp_diag_count(d) ? cp_diag_entry(d, 0)->column : 0,
		      cp_diag_count(d) ? cp_diag_entry(d, 0)->message : "");
		cp_diag_destroy(d);
	}
	{
		/* not UTF-8 */
		static const char latin1[] = HEADER "participant,P-2,Asia/Beirut,ar,partner,Jos\xe9\n";
		struct cp_diag *d = cp_diag_create(0);
		char *out = NULL;
		CHECK(!cp_people_csv_import(PROBLEM, strlen(PROBLEM), latin1, strlen(latin1), &out,
					    NULL, d) && cp_diag_errors(d) == 1 &&
		      cp_diag_entry(d, 0)->line == 2, "Latin-1 bytes");
		cp_diag_destroy(d);
	}
}

static cJSON *
person(cJSON *root, const char *arr, const char *id)
{
	cJSON *p;

	cJSON_ArrayForEach(p, cJSON_GetObjectItem(root, arr))
		if (strcmp(cJSON_GetObjectItem(p, "id")->valuestring, id) == 0)
			return p;
	return NULL;
}

static void
test_import_export(void)
{
	static const char csv[] =
		"\xEF\xBB\xBF" HEADER
		"participant,P-1,Asia/Amman,ar fr,labour_migrant,\r\n"
		"participant,P-2,Africa/Casablanca,ar,family_migrant,\"Doe, \"\"Jo\"\"\"\r\n"
		"teacher,T-2,Europe/Brussels,ar nl,,\r\n";
	struct cp_diag *d = cp_diag_create(0);
	struct cp_people_csv_rows rows;
	char *out = NULL, *csv2 = NULL, *again = NULL;
	cJSON *root;
	long row = 0, col = 0;

	CHECK(cp_people_csv_import(PROBLEM, strlen(PROBLEM), csv, strlen(csv), &out, &rows, d),
	      "valid file refused: %s", cp_diag_count(d) ? cp_diag_entry(d, 0)->message : "");
	root = out ? cJSON_Parse(out) : NULL;
	CHECK(root && cJSON_GetArraySize(cJSON_GetObjectItem(root, "participants")) == 2 &&
	      cJSON_GetArraySize(cJSON_GetObjectItem(root, "teachers")) == 2, "counts");
	if (root) {
		cJSON *p1 = person(root, "participants", "P-1");
		cJSON *p2 = person(root, "participants", "P-2");
		CHECK(p1 && strcmp(cJSON_GetObjectItem(p1, "zone")->valuestring, "Asia/Amman") == 0 &&
		      cJSON_GetArraySize(cJSON_GetObjectItem(p1, "availability")) == 1 &&
		      cJSON_GetArraySize(cJSON_GetObjectItem(p1, "languages")) == 2,
		      "P-1 updated and its availability kept");
		CHECK(p2 && strcmp(cJSON_GetObjectItem(p2, "display_name")->valuestring,
				   "Doe, \"Jo\"") == 0, "quoted display name");
	}
	CHECK(cp_people_csv_locate(&rows, "/participants/1/zone", &row, &col) && row == 3 &&
	      col == 3, "locate P-2 zone: %ld %ld", row, col);
	CHECK(cp_people_csv_locate(&rows, "/teachers/1", &row, &col) && row == 4 && col == 0,
	      "locate T-2");
	CHECK(!cp_people_csv_locate(&rows, "/teachers/0/zone", &row, &col), "T-1 not imported");
	csv2 = out ? cp_people_csv_export(out, strlen(out)) : NULL;
	CHECK(csv2 && strstr(csv2, "participant,P-2,Africa/Casablanca,ar,family_migrant,"
			     "\"Doe, \"\"Jo\"\"\"\n"), "export quoting: %s", csv2 ? csv2 : "");
	cp_people_csv_rows_finish(&rows);
	if (csv2 && out) {
		char *re = NULL;
		CHECK(cp_people_csv_import(out, strlen(out), csv2, strlen(csv2), &re, NULL, d),
		      "export not importable");
		again = re ? cp_people_csv_export(re, strlen(re)) : NULL;
		CHECK(again && strcmp(again, csv2) == 0, "round trip differs");
		free(re);
	}
	cJSON_Delete(root);
	free(out);
	free(csv2);
	free(again);
	cp_diag_destroy(d);
}

static void
test_avail(void)
{
	struct cp_ws_avail a;
	char *out, *out2;
	struct cp_ws_avail b;
	static const struct cp_ws_shift shifts[] = {
		{ "2026-02-03T07:00", "2026-02-03T15:00" },
	};

	CHECK(cp_ws_avail_read(PROBLEM, strlen(PROBLEM), "participant", "P-1", &a), "read P-1");
	CHECK(!cp_ws_avail_read(PROBLEM, strlen(PROBLEM), "teacher", "P-1", &b), "P-1 no teacher");
	CHECK(strcmp(a.week[0][0][0], "18:00") == 0 && strcmp(a.week[1][0][1], "21:00") == 0 &&
	      a.week[2][0][0][0] == '\0' && a.n_periods == 1 &&
	      strcmp(a.periods[0].start, "10:00") == 0, "form values");
	/* Writing back what was read, plus a day off and a roster. */
	a.n_off = 1;
	strcpy(a.off[0].from, "2026-03-20");
	a.off[0].to[0] = '\0';
	a.replace_roster = true;
	a.shifts = shifts;
	a.n_shifts = 1;
	out = cp_ws_avail_apply(PROBLEM, strlen(PROBLEM), "participant", "P-1", &a);
	CHECK(out != NULL, "apply");
	CHECK(out && cp_ws_avail_read(out, strlen(out), "participant", "P-1", &b) &&
	      memcmp(b.week, a.week, sizeof(a.week)) == 0 && b.n_off == 1 &&
	      strcmp(b.off[0].to, "2026-03-20") == 0 && b.roster_shifts == 1 && b.n_periods == 1,
	      "read back");
	/* Removing the roster; a teacher's days off are leave. */
	b.replace_roster = true;
	b.n_shifts = 0;
	out2 = out ? cp_ws_avail_apply(out, strlen(out), "participant", "P-1", &b) : NULL;
	CHECK(out2 && !strstr(out2, "\"roster\""), "roster removed");
	free(out2);
	out2 = cp_ws_avail_apply(PROBLEM, strlen(PROBLEM), "teacher", "T-1", &a);
	CHECK(out2 && strstr(out2, "\"leave\"") && !strstr(out2, "\"available\"") &&
	      !strstr(out2, "\"shifts\""), "teacher: leave, no roster");
	free(out2);
	CHECK(cp_ws_avail_apply(PROBLEM, strlen(PROBLEM), "participant", "P-9", &a) == NULL,
	      "unknown person");
	free(out);
}

static void
test_course_and_variant(void)
{
	struct cp_ws_course c, r;
	char *text, *v;

	memset(&c, 0, sizeof(c));
	strcpy(c.id, "new");
	strcpy(c.language, "ar");
	strcpy(c.start, "2026-02-02");
	strcpy(c.end, "2026-04-24");
	c.lesson_hours = 20;
	c.session_minutes = 90;
	c.cohort_min = 3;
	c.cohort_max = 12;
	text = cp_ws_course_apply(NULL, 0, &c);
	CHECK(text && strstr(text, "\"PT1H30M\"") && strstr(text, "\"participants\":\t[]"),
	      "new course: %s", text ? text : "");
	CHECK(text && cp_ws_course_read(text, strlen(text), &r) && r.session_minutes == 90 &&
	      r.cohort_max == 12 && r.target == 0 && strcmp(r.end, "2026-04-24") == 0,
	      "course read back");
	free(text);
	v = cp_ws_variant(PROBLEM, strlen(PROBLEM), "c.later", "2026-02-16", "", "T-1");
	CHECK(v && cp_ws_course_read(v, strlen(v), &r) && strcmp(r.id, "c.later") == 0 &&
	      strcmp(r.start, "2026-02-16") == 0 && strcmp(r.end, "2026-04-24") == 0 &&
	      !strstr(v, "T-1") && strstr(v, "P-1"), "variant");
	free(v);
}

/* A plan with a running cohort, a dissolved one and an unplaced person. */
static const char PLAN[] =
	"{\"format\":\"cohortplan-plan\",\"cohorts\":["
	"{\"id\":\"C01\",\"teacher\":\"T-1\",\"anchor_zone\":\"Europe/Brussels\","
	"\"session_minutes\":120,\"slots\":[{\"day\":\"tue\",\"start\":\"19:00\"},"
	"{\"day\":\"sun\",\"start\":\"10:00\"}],\"members\":[{\"participant\":\"P-1\"},"
	"{\"participant\":\"P-2\"}]},"
	"{\"id\":\"C02\",\"teacher\":\"T-2\",\"dissolved\":true,\"members\":[]}],"
	"\"unplaced\":[{\"participant\":\"P-3\"}]}";

static void
test_pins(void)
{
	struct cp_ws_pin *pins = NULL;
	struct cp_ws_cohort *co = NULL;
	struct cp_ws_placement *pl = NULL;
	size_t n = 99;
	int index = 7;
	char *a, *b, *v;

	CHECK(cp_ws_pins(PROBLEM, strlen(PROBLEM), &pins, &n) && n == 0, "no pins: %zu", n);
	free(pins);
	a = cp_ws_pin_apply(PROBLEM, strlen(PROBLEM), "P-1", "C01", &index);
	CHECK(a && index == 0 && strstr(a, "\"pin\":\t\"C01\""), "pin set: %s", a ? a : "");
	CHECK(a && cp_ws_pins(a, strlen(a), &pins, &n) && n == 1 &&
	      strcmp(pins[0].participant, "P-1") == 0 && strcmp(pins[0].cohort, "C01") == 0,
	      "pin listed");
	free(pins);
	/* Pinning again replaces; the rest of the person stays. */
	b = a ? cp_ws_pin_apply(a, strlen(a), "P-1", "C07", &index) : NULL;
	CHECK(b && strstr(b, "C07") && !strstr(b, "C01") && strstr(b, "every_day"),
	      "pin replaced");
	v = b ? cp_ws_variant(b, strlen(b), "c.v", "", "", "") : NULL;
	CHECK(v && !strstr(v, "\"pin\"") && strstr(v, "every_day"), "a variant has no pins");
	free(v);
	free(a);
	a = b ? cp_ws_pin_apply(b, strlen(b), "P-1", "", &index) : NULL;
	CHECK(a && !strstr(a, "\"pin\"") && cp_ws_pins(a, strlen(a), &pins, &n) && n == 0,
	      "pin removed");
	free(pins);
	free(a);
	free(b);
	/* Nobody of that id (teachers are not participants): NULL, index -1. */
	a = cp_ws_pin_apply(PROBLEM, strlen(PROBLEM), "T-1", "C01", &index);
	CHECK(!a && index == -1, "pin of a non-participant");
	free(a);
	a = cp_ws_pin_apply("[1]", 3, "P-1", "C01", &index);
	CHECK(!a && index == -1, "pin in a non-problem");
	free(a);

	CHECK(cp_ws_plan_cohorts(PLAN, strlen(PLAN), &co, &n) && n == 1, "running cohorts: %zu", n);
	CHECK(n == 1 && strcmp(co[0].id, "C01") == 0 && strcmp(co[0].teacher, "T-1") == 0 &&
	      co[0].session_minutes == 120 && co[0].n_slots == 2 && co[0].wday[0] == 2 &&
	      strcmp(co[0].start[0], "19:00") == 0 && co[0].wday[1] == 0 && co[0].members == 2 &&
	      strcmp(co[0].anchor_zone, "Europe/Brussels") == 0, "cohort C01 read");
	free(co);
	CHECK(cp_ws_plan_placements(PLAN, strlen(PLAN), &pl, &n) && n == 2 &&
	      strcmp(pl[1].participant, "P-2") == 0 && strcmp(pl[1].cohort, "C01") == 0,
	      "placements");
	free(pl);
	CHECK(!cp_ws_plan_cohorts("nope", 4, &co, &n) && !co, "not a plan");
}

int
main(void)
{
	test_bad();
	test_import_export();
	test_avail();
	test_course_and_variant();
	test_pins();
	return check_tally();
}
