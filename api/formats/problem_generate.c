/*
 * Synthetic planning problems (see problem_generate.h). The text is written
 * directly, one participant per line, rather than through cJSON: it is
 * faster for 200,000 people and keeps the output diff-friendly.
 */
#include "problem_generate.h"
#include "common/strbuf.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cohortplan/problem.h>
#include <cohortplan/tz.h>

/* ---- output buffer ---------------------------------------------------- */

/* The document being written. */
struct out {
	struct cp_strbuf b;
};

static void ap(struct out *o, const char *fmt, ...) CP_PRINTF(2, 3);

static void ap(struct out *o, const char *fmt, ...)
{
	va_list a;

	va_start(a, fmt);
	cp_strbuf_vprintf(&o->b, fmt, a);
	va_end(a);
}

/* ---- randomness: splitmix64, the same on every platform --------------- */

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Uniform in 0..n-1 (n small: the modulo bias is irrelevant here). */
static unsigned pick(uint64_t *s, unsigned n)
{
	return (unsigned)(next(s) % n);
}

/* ---- zones ------------------------------------------------------------ */

struct zone_info {
	const char *zone;
	const char *country;
	const char *lang; /* second language besides the course's */
	unsigned weight;
};

static const struct zone_info known[] = {
	{ "Africa/Casablanca", "MA", "fr", 5 },
	{ "Asia/Beirut", "LB", "en", 3 },
	{ "Asia/Amman", "JO", "en", 2 },
	{ "America/Bogota", "CO", "es", 1 },
	{ "America/Lima", "PE", "es", 1 },
	{ "America/Mexico_City", "MX", "es", 1 },
	{ "America/Sao_Paulo", "BR", "pt", 1 },
	{ "America/Asuncion", "PY", "es", 1 },
	{ "Asia/Kolkata", "IN", "en", 1 },
	{ "Asia/Manila", "PH", "en", 1 },
	{ "Asia/Karachi", "PK", "en", 1 },
	{ "Asia/Almaty", "KZ", "ru", 1 },
	{ "Africa/Cairo", "EG", "en", 1 },
};

static const char *const mena[] = { "Africa/Casablanca", "Asia/Beirut", "Asia/Amman" };
static const char *const latam[] = { "America/Bogota", "America/Lima", "America/Mexico_City",
				     "America/Sao_Paulo", "America/Asuncion" };
static const char *const asia[] = { "Asia/Kolkata", "Asia/Manila", "Asia/Karachi",
				    "Asia/Almaty" };
/* UTC-6 .. UTC+8: Latin America, Africa, the Middle East, Central and South
 * Asia (issue 9's programme scale). */
static const char *const world[] = { "America/Mexico_City", "America/Bogota",
				     "America/Sao_Paulo", "Africa/Casablanca", "Africa/Lagos",
				     "Africa/Cairo", "Africa/Nairobi", "Asia/Beirut",
				     "Asia/Amman", "Asia/Almaty", "Asia/Kolkata", "Asia/Manila" };

const char *const *cp_generate_region(const char *name, size_t *n)
{
	if (strcmp(name, "mena") == 0) {
		*n = 3;
		return mena;
	}
	if (strcmp(name, "latam") == 0) {
		*n = sizeof(latam) / sizeof(latam[0]);
		return latam;
	}
	if (strcmp(name, "asia") == 0) {
		*n = sizeof(asia) / sizeof(asia[0]);
		return asia;
	}
	if (strcmp(name, "world") == 0) {
		*n = sizeof(world) / sizeof(world[0]);
		return world;
	}
	*n = 0;
	return NULL;
}

static struct zone_info info_of(const char *zone)
{
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(known[i].zone, zone) == 0)
			return known[i];
	return (struct zone_info){ zone, cp_country_of_zone(zone), "en", 1 };
}

/* ---- the problem ------------------------------------------------------ */

/* A 10-week day course over Ramadan 2025, Morocco's +00 period and the
 * European switch to summer time: the hard case on purpose. */
#define COURSE_START_Y 2025
#define COURSE_START_M 3
#define COURSE_START_D 3
#define COURSE_WEEKS 10

static void date_str(int64_t day, char b[16])
{
	int32_t y;
	int m, d;
	cp_civil_from_days(day, &y, &m, &d);
	snprintf(b, 16, "%04d-%02d-%02d", (int)y, m, d);
}

static void hhmm(int minutes, char b[8])
{
	snprintf(b, 8, "%02d:%02d", (minutes / 60) % 100, minutes % 60);
}

static void window(struct out *o, bool *first, const char *days, int start, int end)
{
	char a[8], b[8];
	hhmm(start, a);
	hhmm(end, b);
	ap(o, "%s{\"days\": %s, \"start\": \"%s\", \"end\": \"%s\"}", *first ? "" : ", ", days, a, b);
	*first = false;
}

enum kind { OFFICE, SHIFT, PARENT, WEEKEND, BETWEEN_JOBS };

static void header(struct out *o, const struct cp_generate_options *opt, int64_t start,
		   int64_t end, const struct zone_info *zi, size_t nz)
{
	static const char *const themes[10][2] = {
		{ "city_country", "City and country" }, { "residence", "Residence status" },
		{ "work", "Work" }, { "housing", "Housing" }, { "mobility", "Mobility" },
		{ "health", "Health" }, { "public_services", "Public services" },
		{ "education", "Education" }, { "consumption", "Consumption" },
		{ "leisure", "Leisure" },
	};
	/* ranks per profile: labour migrant, partner, family migrant */
	static const int rank[10][3] = {
		{ 3, 2, 2 }, { 2, 1, 1 }, { 1, 3, 3 }, { 5, 6, 9 }, { 7, 8, 7 },
		{ 4, 5, 4 }, { 6, 7, 6 }, { 8, 4, 5 }, { 9, 9, 8 }, { 10, 10, 10 },
	};
	static const char *const live[10] = { "PT4H", "PT4H", "PT5H", "PT3H", "PT3H",
					      "PT4H", "PT4H", "PT3H", "PT3H", "PT3H" };
	char a[16], b[16];
	date_str(start, a);
	date_str(end, b);
	ap(o, "{\n\"version\": 1,\n\"course\": {\"id\": \"synthetic-%zu-%" PRIu64 "\", "
	   "\"title\": \"Synthetic problem: %zu participants, seed %" PRIu64 "\", "
	   "\"language\": \"ar\", \"lesson_hours\": 60, \"synchronous_share\": 0.6, "
	   "\"session_length\": \"PT3H\", \"sessions_per_week\": {\"min\": 1, \"max\": 2}, "
	   "\"start\": \"%s\", \"end\": \"%s\",\n \"themes\": [",
	   opt->participants, opt->seed, opt->participants, opt->seed, a, b);
	for (int i = 0; i < 10; i++)
		ap(o, "%s\n  {\"id\": \"%s\", \"name\": \"%s\", \"live\": \"%s\", \"priority\": "
		   "{\"labour_migrant\": %d, \"partner\": %d, \"family_migrant\": %d}}",
		   i ? "," : "", themes[i][0], themes[i][1], live[i], rank[i][0], rank[i][1],
		   rank[i][2]);
	ap(o, "],\n \"modules\": [");
	for (int i = 0; i < 10; i++)
		ap(o, "%s\n  {\"id\": \"m-%s\", \"theme\": \"%s\", \"duration\": \"%s\"}",
		   i ? "," : "", themes[i][0], themes[i][0], i < 8 ? "PT2H30M" : "PT2H");
	ap(o, "],\n \"final_quiz\": {\"duration\": \"PT1H\", \"pass_mark\": 0.5, \"live\": true}},\n");

	ap(o, "\"policy\": {\"earliest\": \"08:00\", \"latest\": \"22:00\", "
	   "\"cohort_size\": {\"min\": 7, \"max\": 25}, \"attendance_target\": 0.8,\n "
	   "\"holidays\": [{\"calendar\": \"BE\", \"applies_to\": \"teachers\"}");
	static const char *const calendars[] = { "MA", "LB", "JO" };
	for (size_t i = 0; i < nz; i++)
		for (int k = 0; k < 3; k++)
			if (zi[i].country && strcmp(zi[i].country, calendars[k]) == 0)
				ap(o, ", {\"calendar\": \"%s\", \"applies_to\": \"participants\", "
				   "\"countries\": [\"%s\"]}", calendars[k], calendars[k]);
	ap(o, "],\n \"ramadan\": [");
	bool first = true;
	for (size_t i = 0; i < nz; i++)
		for (int k = 0; k < 3; k++)
			if (zi[i].country && strcmp(zi[i].country, calendars[k]) == 0) {
				ap(o, "%s{\"country\": \"%s\", \"start\": \"17:30\", \"end\": \"21:00\"}",
				   first ? "" : ", ", calendars[k]);
				first = false;
			}
	ap(o, "]},\n");
}

static void teachers(struct out *o, uint64_t *rng, size_t n, int64_t start)
{
	ap(o, "\"teachers\": [\n");
	for (size_t i = 0; i < n; i++) {
		bool evening = pick(rng, 3) == 0;
		char leave[16];
		date_str(start + 7 * (int64_t)pick(rng, COURSE_WEEKS) + pick(rng, 5), leave);
		ap(o, "%s {\"id\": \"T%04zu\", \"zone\": \"Europe/Brussels\", \"languages\": "
		   "[\"ar\", \"%s\"], \"availability\": [",
		   i ? ",\n" : "", i + 1, pick(rng, 2) ? "nl" : "fr");
		bool first = true;
		if (evening)
			window(o, &first, "\"weekdays\"", 13 * 60, 21 * 60);
		else
			window(o, &first, "\"weekdays\"", 8 * 60 + 30, 17 * 60 + 30);
		if (pick(rng, 4) == 0)
			window(o, &first, "[\"sat\"]", 9 * 60, 13 * 60);
		ap(o, "], \"max_hours_per_day\": 6, \"max_hours_per_week\": %u, "
		   "\"min_rest\": \"PT11H\", \"earliest\": \"08:00\", \"latest\": \"%s\", "
		   "\"leave\": [{\"from\": \"%s\"}]}",
		   12 + 3 * pick(rng, 5), evening ? "21:00" : "20:00", leave);
	}
	ap(o, "\n],\n");
}

/* Varied teachers (CP_GENERATE_TEACHERS_VARIED). Kinds by share: Brussels
 * day, evening, early and weekend; Bogota afternoons and evenings (Latin
 * American participants' evenings are Brussels' night); Amman on a
 * Sunday-Thursday week. Contracts of 12, 18 or 24 hours a week; one week
 * of leave each. Kinds and contracts repeat, so teachers fall into a few
 * interchangeable groups, as real staff do. */
static void teachers_varied(struct out *o, uint64_t *rng, size_t n, int64_t start)
{
	static const struct {
		const char *zone, *langs, *days;
		int from, to, latest;
		const char *days2;
		int from2, to2;
		unsigned share; /* of 20 */
	} kinds[] = {
		{ "Europe/Brussels", "\"ar\", \"nl\"", "\"weekdays\"", 8 * 60 + 30, 17 * 60 + 30, 20 * 60, NULL, 0, 0, 7 },
		{ "Europe/Brussels", "\"ar\", \"fr\"", "\"weekdays\"", 13 * 60, 22 * 60, 22 * 60, NULL, 0, 0, 4 },
		{ "Europe/Brussels", "\"ar\", \"en\"", "\"weekdays\"", 7 * 60, 15 * 60, 20 * 60, NULL, 0, 0, 2 },
		{ "Europe/Brussels", "\"ar\", \"nl\"", "\"weekend\"", 9 * 60, 18 * 60, 20 * 60, "[\"fri\"]", 14 * 60, 21 * 60, 2 },
		{ "America/Bogota", "\"ar\", \"es\"", "\"weekdays\"", 14 * 60, 21 * 60 + 30, 22 * 60, "[\"sat\"]", 9 * 60, 13 * 60, 3 },
		{ "Asia/Amman", "\"ar\", \"en\"", "[\"sun\", \"mon\", \"tue\", \"wed\", \"thu\"]", 9 * 60, 18 * 60, 21 * 60, NULL, 0, 0, 2 },
	};
	ap(o, "\"teachers\": [\n");
	for (size_t i = 0; i < n; i++) {
		unsigned r = pick(rng, 20), k = 0;
		while (k + 1 < sizeof(kinds) / sizeof(kinds[0]) && r >= kinds[k].share) {
			r -= kinds[k].share;
			k++;
		}
		char leave_from[16], leave_to[16];
		int64_t week = start + 7 * (int64_t)pick(rng, COURSE_WEEKS);
		date_str(week, leave_from);
		date_str(week + 6, leave_to);
		ap(o, "%s {\"id\": \"T%04zu\", \"zone\": \"%s\", \"languages\": [%s], "
		   "\"availability\": [",
		   i ? ",\n" : "", i + 1, kinds[k].zone, kinds[k].langs);
		bool first = true;
		window(o, &first, kinds[k].days, kinds[k].from, kinds[k].to);
		if (kinds[k].days2)
			window(o, &first, kinds[k].days2, kinds[k].from2, kinds[k].to2);
		char latest[8];
		hhmm(kinds[k].latest, latest);
		ap(o, "], \"max_hours_per_day\": 6, \"max_hours_per_week\": %u, "
		   "\"min_rest\": \"PT11H\", \"earliest\": \"07:00\", \"latest\": \"%s\", "
		   "\"leave\": [{\"from\": \"%s\", \"to\": \"%s\"}]}",
		   12 + 6 * pick(rng, 3), latest, leave_from, leave_to);
	}
	ap(o, "\n],\n");
}

/* Early 06-14, late 14-22, night 22-06: Monday to Friday, the kind of
 * rotation nurses in pilot 3 worked, shifted per person. */
static void roster(struct out *o, uint64_t *rng, int64_t monday, int weeks)
{
	static const int starts[3] = { 6 * 60, 14 * 60, 22 * 60 };
	unsigned rot = 2 + pick(rng, 2), off = pick(rng, rot);
	ap(o, ", \"roster\": {\"shifts\": [");
	bool first = true;
	for (int w = 0; w < weeks; w++) {
		unsigned type = (unsigned)(w + (int)off) % rot;
		if (type > 2)
			continue; /* a week off in a four-week rotation */
		for (int d = 0; d < 5; d++) {
			int64_t day = monday + 7 * w + d;
			char a[16], b[16], ha[8], hb[8];
			int s = starts[type], e = s + 8 * 60;
			date_str(day, a);
			date_str(day + e / (24 * 60), b);
			hhmm(s, ha);
			hhmm(e % (24 * 60), hb);
			ap(o, "%s{\"start\": \"%sT%s\", \"end\": \"%sT%s\"}", first ? "" : ", ", a, ha,
			   b, hb);
			first = false;
		}
	}
	ap(o, "]}");
}

/* One participant as the participant loop sees them. kind is chosen by
 * narrow_person() or realistic_person(); person_tail() writes what both
 * models share (exceptions, roster, departure, partner). */
struct person {
	size_t index;
	const struct zone_info *zone;
	enum cp_profile profile;
	size_t partner; /* SIZE_MAX: none */
	unsigned char pref;
	enum kind kind;
};

static void person_head(struct out *o, const struct person *pe)
{
	ap(o, "%s {\"id\": \"G%06zu\", \"zone\": \"%s\", \"profile\": \"%s\", "
	   "\"languages\": [\"ar\", \"%s\"], \"availability\": [",
	   pe->index ? ",\n" : "", pe->index + 1, pe->zone->zone, cp_profile_name(pe->profile),
	   pe->zone->lang);
}

/* The original generator's windows (a Monday-Friday week everywhere). Its
 * random draws must stay in this order: the narrow model's output is
 * pinned (tests/model/generate.py). */
static void narrow_person(struct out *o, uint64_t *rng, struct person *pe)
{
	unsigned k = pick(rng, 100);
	enum kind kind = k < 30 ? OFFICE : k < 45 ? SHIFT : k < 70 ? PARENT
			 : k < 85 ? WEEKEND : BETWEEN_JOBS;
	if (pe->profile == CP_PROFILE_LABOUR_MIGRANT && kind == PARENT)
		kind = OFFICE;
	pe->kind = kind;
	person_head(o, pe);
	bool first = true;
	int jitter = 30 * (int)pick(rng, 4);
	switch (kind) {
	case OFFICE:
		window(o, &first, "\"weekdays\"", 17 * 60 + 30 + jitter, 22 * 60);
		window(o, &first, "[\"sat\"]", 9 * 60, 13 * 60 + jitter);
		break;
	case SHIFT:
		window(o, &first, "\"every_day\"", 8 * 60, 22 * 60);
		break;
	case PARENT:
		window(o, &first, "\"weekdays\"", 8 * 60 + 30 + jitter, 12 * 60);
		if (pick(rng, 2))
			window(o, &first, "[\"mon\", \"tue\", \"thu\"]", 13 * 60 + 30, 15 * 60 + 30);
		break;
	case WEEKEND:
		window(o, &first, "\"weekend\"", 9 * 60 + jitter, 18 * 60);
		break;
	case BETWEEN_JOBS:
		window(o, &first, "\"weekdays\"", 10 * 60, 16 * 60);
		window(o, &first, "[\"tue\", \"thu\"]", 18 * 60, 21 * 60);
		break;
	}
	ap(o, "]");
}

/* The working week of a country: where the weekend is Friday and Saturday
 * (Jordan, Egypt, most of the Gulf, Algeria, ...), people work
 * Sunday to Thursday, and their free evening before the weekend is
 * Thursday's. Day names as a window's "days". */
struct week {
	const char *work;      /* the five working days */
	const char *rest;      /* both weekend days */
	const char *rest_day[2];
	const char *last_work; /* the evening before the weekend */
	const char *work_some[2]; /* two or three working days: two choices */
};

static const struct week week_sat_sun = {
	"\"weekdays\"", "\"weekend\"", { "[\"sat\"]", "[\"sun\"]" }, "[\"fri\"]",
	{ "[\"mon\", \"wed\"]", "[\"tue\", \"thu\", \"fri\"]" },
};
static const struct week week_fri_sat = {
	"[\"sun\", \"mon\", \"tue\", \"wed\", \"thu\"]", "[\"fri\", \"sat\"]",
	{ "[\"fri\"]", "[\"sat\"]" }, "[\"thu\"]",
	{ "[\"sun\", \"tue\"]", "[\"mon\", \"wed\", \"thu\"]" },
};

static const struct week *week_of(const char *country)
{
	static const char *const fri_sat[] = { "JO", "EG", "DZ", "IQ", "KW", "QA", "OM",
					       "BH", "SA", "LY", "SD", "SY", "YE" };
	for (size_t i = 0; country && i < sizeof(fri_sat) / sizeof(fri_sat[0]); i++)
		if (strcmp(country, fri_sat[i]) == 0)
			return &week_fri_sat;
	return &week_sat_sun;
}

/* Kinds by profile, in percent. Labour migrants (a job offer in Belgium)
 * mostly still work at home, in shifts or in long weeks that leave only
 * the weekend, or have already left their job; partners and family
 * migrants more often keep the home. */
static enum kind realistic_kind(uint64_t *rng, enum cp_profile profile)
{
	static const unsigned share[CP_PROFILE_COUNT][5] = {
		/* OFFICE, SHIFT, PARENT, WEEKEND, BETWEEN_JOBS */
		[CP_PROFILE_LABOUR_MIGRANT] = { 45, 25, 0, 10, 20 },
		[CP_PROFILE_PARTNER] = { 22, 10, 45, 8, 15 },
		[CP_PROFILE_FAMILY_MIGRANT] = { 27, 12, 38, 8, 15 },
	};
	unsigned r = pick(rng, 100), k = 0;
	while (k < 4 && r >= share[profile][k]) {
		r -= share[profile][k];
		k++;
	}
	return (enum kind)k;
}

/* Availability shaped like a working life (CP_GENERATE_AVAILABILITY_
 * REALISTIC). Times are the person's own; the policy's 08:00-22:00 and
 * Ramadan evenings still apply on top, so a day worker home at 19:30 has
 * no three-hour evening and depends on the weekend. Windows vary by half
 * hours so that people do not fall into a handful of identical groups. */
static void realistic_person(struct out *o, uint64_t *rng, struct person *pe)
{
	const struct week *w = week_of(pe->zone->country);
	pe->kind = realistic_kind(rng, pe->profile);
	person_head(o, pe);
	bool first = true;
	int j1 = 30 * (int)pick(rng, 4), j2 = 30 * (int)pick(rng, 3);
	unsigned extra = pick(rng, 100);
	switch (pe->kind) {
	case OFFICE:
		/* home between 17:00 (early finish, short commute) and 21:00;
		 * most keep one or both weekend mornings, some an afternoon,
		 * and some keep the weekend for the family */
		window(o, &first, w->work, 17 * 60 + 2 * j1 + (extra % 3 == 0 ? 0 : j2), 22 * 60);
		if (extra < 25)
			window(o, &first, w->rest, 9 * 60, 13 * 60 + j2);
		else if (extra < 65)
			window(o, &first, w->rest_day[extra % 2], 9 * 60 + j2, 14 * 60);
		if (extra % 5 == 0)
			window(o, &first, w->rest_day[(extra / 5) % 2], 15 * 60, 19 * 60);
		break;
	case SHIFT:
		/* free outside the roster (roster() adds the shifts) */
		window(o, &first, "\"every_day\"", 8 * 60 + j2, 22 * 60);
		break;
	case PARENT:
		/* while the children are at school, after the school run, or
		 * (small children) a nursery morning; some evenings when the
		 * partner is home; some weekend afternoons */
		if (extra % 5 < 2)
			window(o, &first, w->work, 9 * 60, 11 * 60 + j2);
		else
			window(o, &first, w->work, 8 * 60 + 30 + j1 / 2, 14 * 60 + 30 + j2);
		if (extra < 45)
			window(o, &first, w->work_some[extra % 2], 19 * 60 + j2, 22 * 60);
		if (extra >= 30 && extra < 60)
			window(o, &first, w->rest, 14 * 60, 18 * 60);
		break;
	case WEEKEND:
		/* long working weeks: six days (one free day) or five with long
		 * commutes (the weekend, and for some the evening before it) */
		if (extra < 40) {
			window(o, &first, w->rest_day[extra % 2], 9 * 60 + j1, 18 * 60 + j2);
		} else {
			window(o, &first, w->rest, 9 * 60 + j1, 18 * 60 + j2);
			if (extra < 70)
				window(o, &first, w->last_work, 18 * 60, 22 * 60);
		}
		break;
	case BETWEEN_JOBS:
		/* courses and job interviews aside, most of the working day;
		 * evenings for some */
		window(o, &first, w->work, 9 * 60 + j2, 16 * 60 + j1);
		if (extra < 50)
			window(o, &first, w->work_some[extra % 2], 18 * 60, 21 * 60 + 30);
		break;
	}
	ap(o, "]");
}

/* Exceptions, roster, departure and partner link: the same draws in both
 * models, after the windows. */
static void person_tail(struct out *o, uint64_t *rng, const struct person *pe, int64_t start,
			int64_t end, int64_t monday)
{
	if (pick(rng, 5) == 0) {
		int64_t d = start + pick(rng, 7 * COURSE_WEEKS - 5);
		char a[16], b[16];
		date_str(d, a);
		date_str(d + pick(rng, 5), b);
		ap(o, ", \"exceptions\": [{\"from\": \"%s\", \"to\": \"%s\", \"available\": false}]",
		   a, b);
	}
	if (pe->kind == SHIFT)
		roster(o, rng, monday, COURSE_WEEKS + 1);
	if (pick(rng, 10) == 0) {
		char a[16];
		date_str(end - 14 + pick(rng, 60), a);
		ap(o, ", \"departure\": \"%s\"", a);
	}
	if (pe->partner != SIZE_MAX) {
		static const char *const prefs[] = { "same", "same", "same", "same", "same",
						     "dont_care", "dont_care", "dont_care",
						     "different", "different" };
		ap(o, ", \"partner\": {\"id\": \"G%06zu\", \"cohort\": \"%s\"}", pe->partner + 1,
		   prefs[pe->pref % 10]);
	}
	ap(o, "}");
}

char *cp_problem_generate(const struct cp_generate_options *opt, size_t *len)
{
	struct out o = { 0 };
	uint64_t rng = opt->seed ^ 0x636f686f72747061u; /* "cohortpa" */
	size_t nz = opt->n_zones ? opt->n_zones : 3;
	const char *const *zones = opt->n_zones ? opt->zones : mena;
	struct zone_info *zi = calloc(nz, sizeof(*zi));
	if (!zi)
		return NULL;
	unsigned total_w = 0;
	for (size_t i = 0; i < nz; i++) {
		zi[i] = info_of(zones[i]);
		total_w += zi[i].weight;
	}
	int64_t start = cp_days_from_civil(COURSE_START_Y, COURSE_START_M, COURSE_START_D);
	int64_t end = start + 7 * COURSE_WEEKS - 1;

	header(&o, opt, start, end, zi, nz);
	size_t nt = opt->participants / 40 + 2;
	if (opt->teachers == CP_GENERATE_TEACHERS_VARIED)
		teachers_varied(&o, &rng, nt, start);
	else
		teachers(&o, &rng, nt, start);

	/* Partners are drawn in a first pass so links can point both ways:
	 * each partner links to the nearest earlier labour migrant in the
	 * same zone who has no partner yet. */
	size_t n = opt->participants;
	unsigned char *zone_of = malloc(n ? n : 1);
	unsigned char *prof = malloc(n ? n : 1);
	size_t *partner = malloc((n ? n : 1) * sizeof(*partner));
	unsigned char *pref = malloc(n ? n : 1);
	if (!zone_of || !prof || !partner || !pref) {
		free(zone_of);
		free(prof);
		free(partner);
		free(pref);
		free(zi);
		return NULL;
	}
	size_t *last_lm = calloc(nz, sizeof(*last_lm)); /* 1-based, 0 = none */
	for (size_t i = 0; i < n; i++) {
		unsigned r = pick(&rng, total_w), z = 0;
		while (z + 1 < nz && r >= zi[z].weight) {
			r -= zi[z].weight;
			z++;
		}
		zone_of[i] = (unsigned char)z;
		unsigned p = pick(&rng, 100);
		prof[i] = p < 45 ? CP_PROFILE_LABOUR_MIGRANT
			: p < 70 ? CP_PROFILE_PARTNER : CP_PROFILE_FAMILY_MIGRANT;
		partner[i] = SIZE_MAX;
		pref[i] = (unsigned char)pick(&rng, 10);
		if (prof[i] == CP_PROFILE_LABOUR_MIGRANT && last_lm) {
			last_lm[z] = i + 1;
		} else if (prof[i] == CP_PROFILE_PARTNER && last_lm && last_lm[z]) {
			size_t j = last_lm[z] - 1;
			partner[i] = j;
			partner[j] = i;
			last_lm[z] = 0;
			pref[j] = pref[i];
		}
	}
	free(last_lm);

	ap(&o, "\"participants\": [\n");
	int64_t monday = start - ((cp_weekday_from_days(start) + 6) % 7);
	for (size_t i = 0; i < n; i++) {
		struct person pe = {
			.index = i,
			.zone = &zi[zone_of[i]],
			.profile = (enum cp_profile)prof[i],
			.partner = partner[i],
			.pref = pref[i],
		};
		if (opt->availability == CP_GENERATE_AVAILABILITY_NARROW)
			narrow_person(&o, &rng, &pe);
		else
			realistic_person(&o, &rng, &pe);
		person_tail(&o, &rng, &pe, start, end, monday);
	}
	ap(&o, "\n]\n}\n");
	free(zone_of);
	free(prof);
	free(partner);
	free(pref);
	free(zi);
	char *text = cp_strbuf_finish(&o.b);
	if (text)
		*len = o.b.len;
	return text;
}
