/* Shared helpers of the time core tests; see tz-test.h. */
#include "tz-test.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "test-config.h"

unsigned long tt_checks;
unsigned long tt_failures;

/* Enough to diagnose, not so many that a broken core buries the summary. */
#define MAX_PRINTED 200

void tt_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tt_failures++;
	if (tt_failures > MAX_PRINTED)
		return;
	va_start(ap, fmt);
	test_vfail(file, line, "FAIL: ", fmt, ap);
	va_end(ap);
	if (tt_failures == MAX_PRINTED)
		fprintf(stderr, "(further failures counted, not printed)\n");
}

bool tt_check_int(const char *file, int line, const char *expr, int64_t got,
		  int64_t want, const char *fmt, ...)
{
	char ctx[512];
	va_list ap;

	tt_checks++;
	if (got == want)
		return true;
	va_start(ap, fmt);
	vsnprintf(ctx, sizeof ctx, fmt, ap);
	va_end(ap);
	tt_fail(file, line, "%s is %" PRId64 ", expected %" PRId64 " (%s)", expr,
		got, want, ctx);
	return false;
}

bool tt_check_str(const char *file, int line, const char *expr, const char *got,
		  const char *want, const char *fmt, ...)
{
	char ctx[512];
	va_list ap;

	tt_checks++;
	if (got && want && strcmp(got, want) == 0)
		return true;
	va_start(ap, fmt);
	vsnprintf(ctx, sizeof ctx, fmt, ap);
	va_end(ap);
	tt_fail(file, line, "%s is \"%s\", expected \"%s\" (%s)", expr,
		got ? got : "(null)", want ? want : "(null)", ctx);
	return false;
}

int tt_finish(const char *name)
{
	printf("%s: %lu checks, %lu failed\n", name, tt_checks, tt_failures);
	return tt_failures ? EXIT_FAILURE : EXIT_SUCCESS;
}

struct cp_tzdb *tt_open_db(void)
{
	struct cp_tz_error err = { 0 };
	struct cp_tzdb *db = cp_tzdb_create(CP_TEST_TZDIR, &err);

	if (!db) {
		fprintf(stderr, "cannot open the pinned zoneinfo %s: %s\n",
			CP_TEST_TZDIR, err.message);
		exit(EXIT_FAILURE);
	}
	return db;
}

const struct cp_tz *tt_zone(struct cp_tzdb *db, const char *name)
{
	struct cp_tz_error err = { 0 };
	const struct cp_tz *tz = cp_tzdb_zone(db, name, &err);

	if (!tz) {
		fprintf(stderr, "cannot open zone %s: %s\n", name, err.message);
		exit(EXIT_FAILURE);
	}
	return tz;
}

uint64_t tt_rand(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

int64_t tt_rand_range(uint64_t *state, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(tt_rand(state) % (uint64_t)(hi - lo));
}

static bool leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int64_t tt_secs_from_civil(const struct cp_civil *c)
{
	/* Days before each month in a common year. */
	static const int before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243,
					273, 304, 334 };
	/* Whole years since 0001-01-01, then the days of 0001..1969. */
	int64_t y = (int64_t)c->year - 1;
	int64_t days = 365 * y + y / 4 - y / 100 + y / 400 +
		       before[c->month - 1] + (c->month > 2 && leap(c->year)) +
		       (c->day - 1) - INT64_C(719162);

	return days * 86400 + c->hour * 3600 + c->minute * 60 + c->second;
}

void tt_civil_from_secs(int64_t secs, struct cp_civil *out)
{
	time_t t = (time_t)secs;
	struct tm tm;

	if (!gmtime_r(&t, &tm)) {
		fprintf(stderr, "gmtime_r failed for %" PRId64 "\n", secs);
		exit(EXIT_FAILURE);
	}
	out->year = tm.tm_year + 1900;
	out->month = tm.tm_mon + 1;
	out->day = tm.tm_mday;
	out->hour = tm.tm_hour;
	out->minute = tm.tm_min;
	out->second = tm.tm_sec;
}

bool tt_civil_eq(const struct cp_civil *a, const struct cp_civil *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day &&
	       a->hour == b->hour && a->minute == b->minute &&
	       a->second == b->second;
}

const char *tt_civil_str(const struct cp_civil *c, char buf[32])
{
	/* Out-of-range fields (a failing test's garbage) may need more than
	 * 32 bytes: format in full, then cut, so -O3 sees no truncation. */
	char full[96];
	size_t n;

	snprintf(full, sizeof full, "%04d-%02d-%02dT%02d:%02d:%02d", (int)c->year,
		 c->month, c->day, c->hour, c->minute, c->second);
	n = strlen(full);
	if (n > 31)
		n = 31;
	memcpy(buf, full, n);
	buf[n] = '\0';
	return buf;
}

const char *tt_utc_str(cp_instant t, char buf[32])
{
	struct cp_civil c;

	tt_civil_from_secs(t, &c);
	tt_civil_str(&c, buf);
	strcat(buf, "Z");
	return buf;
}

int64_t tt_day(int y, int m, int d)
{
	struct cp_civil c = { .year = y, .month = m, .day = d };
	return tt_secs_from_civil(&c) / 86400;
}

const char *tt_date_str(int64_t days, char buf[32])
{
	tt_utc_str(days * 86400, buf);
	buf[10] = '\0';
	return buf;
}

/* ---- golden files --------------------------------------------------- */

#define MAX_FIELDS 12

static void golden_die(const char *path, unsigned line, const char *what)
{
	fprintf(stderr, "%s:%u: %s (regenerate with tests/tz/gen-golden)\n",
		path, line, what);
	exit(EXIT_FAILURE);
}

/* items (count used of *cap) with room for one more: the capacity doubles,
 * from `first`; out of memory ends the test like a bad golden file. */
static void *golden_grow(void *items, size_t *cap, size_t count, size_t size, size_t first,
			 const char *path, unsigned line)
{
	if (count < *cap)
		return items;
	*cap = *cap ? 2 * *cap : first;
	items = realloc(items, *cap * size);
	if (!items)
		golden_die(path, line, "out of memory");
	return items;
}

/* Split a line at tabs in place; returns the number of fields. */
static int split_tabs(char *line, char *field[MAX_FIELDS])
{
	int n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	for (;;) {
		char *tab = strchr(line, '\t');

		if (n == MAX_FIELDS)
			return -1;
		field[n++] = line;
		if (!tab)
			return n;
		*tab = '\0';
		line = tab + 1;
	}
}

static bool parse_i64(const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end)
		return false;
	*out = v;
	return true;
}

/* The wall columns, parsed here so the golden test does not lean on
 * cp_parse_local. */
static bool parse_wall(const char *s, struct cp_civil *out)
{
	int y, mo, d, h, mi, se, n = 0;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se,
		   &n) != 6 || s[n])
		return false;
	*out = (struct cp_civil){ y, mo, d, h, mi, se };
	return true;
}

static bool copy_abbr(char *dst, const char *src)
{
	if (strlen(src) >= CP_TZ_ABBR_MAX || !*src)
		return false;
	strcpy(dst, src);
	return true;
}

static void load_zone(struct golden_zone *z, const char *name)
{
	char path[1024], buf[512];
	char *f[MAX_FIELDS];
	unsigned line = 0;
	bool have_start = false;
	size_t cap = 0;
	FILE *fp;

	memset(z, 0, sizeof *z);
	if (strlen(name) >= sizeof z->name)
		golden_die(name, 0, "zone name too long");
	strcpy(z->name, name);
	snprintf(path, sizeof path, "%s/tz/golden/%s.tsv", CP_TEST_DATA, name);
	fp = fopen(path, "r");
	if (!fp)
		golden_die(path, 0, strerror(errno));
	while (fgets(buf, sizeof buf, fp)) {
		struct golden_tr tr;
		int64_t v[4];
		int n;

		line++;
		if (buf[0] == '#')
			continue;
		n = split_tabs(buf, f);
		if (n != 10)
			golden_die(path, line, "expected 10 fields");
		if (strcmp(f[0], "start") == 0) {
			if (have_start || !parse_i64(f[1], &v[0]) ||
			    v[0] != TT_WINDOW_START || !parse_i64(f[6], &v[1]) ||
			    !parse_i64(f[7], &v[2]) ||
			    !copy_abbr(z->start_abbr, f[8]))
				golden_die(path, line, "bad start row");
			z->start_offset = (int32_t)v[1];
			z->start_dst = v[2] != 0;
			have_start = true;
			continue;
		}
		if (!have_start || !parse_i64(f[1], &v[0]) ||
		    !parse_i64(f[2], &v[1]) || !parse_i64(f[3], &v[2]) ||
		    !copy_abbr(tr.abbr_before, f[4]) ||
		    !parse_wall(f[5], &tr.wall_before) ||
		    !parse_i64(f[6], &v[3]) || !copy_abbr(tr.abbr_after, f[8]) ||
		    !parse_wall(f[9], &tr.wall_after))
			golden_die(path, line, "bad transition row");
		tr.at = v[0];
		tr.offset_before = (int32_t)v[1];
		tr.dst_before = v[2] != 0;
		tr.offset_after = (int32_t)v[3];
		if (!parse_i64(f[7], &v[0]))
			golden_die(path, line, "bad isdst_after");
		tr.dst_after = v[0] != 0;
		if (tr.at < TT_WINDOW_START || tr.at >= TT_WINDOW_END ||
		    (z->count && tr.at <= z->tr[z->count - 1].at))
			golden_die(path, line, "transitions out of order");
		z->tr = golden_grow(z->tr, &cap, z->count, sizeof *z->tr, 64, path, line);
		z->tr[z->count++] = tr;
	}
	fclose(fp);
	if (!have_start)
		golden_die(path, line, "no start row");
}

void golden_load(struct golden_set *set)
{
	char path[1024], buf[512];
	char *f[MAX_FIELDS];
	unsigned line = 0;
	size_t cap = 0;
	FILE *fp;

	memset(set, 0, sizeof *set);
	snprintf(path, sizeof path, "%s/tz/golden/index.tsv", CP_TEST_DATA);
	fp = fopen(path, "r");
	if (!fp)
		golden_die(path, 0, strerror(errno));
	while (fgets(buf, sizeof buf, fp)) {
		int64_t want;
		int n;

		line++;
		if (buf[0] == '#')
			continue;
		n = split_tabs(buf, f);
		if (n == 2 && strcmp(f[0], "version") == 0 &&
		    strlen(f[1]) < sizeof set->version) {
			strcpy(set->version, f[1]);
			continue;
		}
		if (n != 3 || strcmp(f[0], "zone") != 0 || !parse_i64(f[2], &want))
			golden_die(path, line, "bad index row");
		set->zones = golden_grow(set->zones, &cap, set->count, sizeof *set->zones, 32, path,
					 line);
		load_zone(&set->zones[set->count], f[1]);
		if ((int64_t)set->zones[set->count].count != want)
			golden_die(path, line, "transition count differs from index");
		set->count++;
	}
	fclose(fp);
	if (!set->version[0] || !set->count)
		golden_die(path, line, "no version or no zones");
}

void golden_free(struct golden_set *set)
{
	for (size_t i = 0; i < set->count; i++)
		free(set->zones[i].tr);
	free(set->zones);
	memset(set, 0, sizeof *set);
}

/* ---- expectations shared by the hand-worked tests ---------------------- */

/* Seconds of a UTC wall time. */
cp_instant tt_U(int y, int mo, int d, int h, int mi, int s)
{
	struct cp_civil c = { y, mo, d, h, mi, s };

	return tt_secs_from_civil(&c);
}

void tt_expect_transitions(struct cp_tzdb *db, const char *zone,
			   cp_instant from, cp_instant to,
			   const struct tt_tr *want, size_t n)
{
	const struct cp_tz *tz = tt_zone(db, zone);
	struct cp_tz_transition got[16];
	size_t total;
	char a[32], b[32];

	total = cp_tz_transitions(tz, from, to, got, 16);
	if (!CHECK_INT(total, n, "%s transitions in [%s, %s)", zone,
		       tt_utc_str(from, a), tt_utc_str(to, b)))
		return;
	for (size_t i = 0; i < n; i++) {
		tt_utc_str(want[i].at, a);
		CHECK_INT(got[i].at, want[i].at, "%s transition %zu (%s)", zone, i,
			  a);
		CHECK_INT(got[i].offset_before, want[i].before, "%s at %s", zone,
			  a);
		CHECK_INT(got[i].offset_after, want[i].after, "%s at %s", zone, a);
		CHECK_INT(got[i].dst_after, want[i].dst, "%s at %s", zone, a);
		CHECK_STR(got[i].abbr_after, want[i].abbr, "%s at %s", zone, a);
	}
}

void tt_expect_count(struct cp_tzdb *db, const char *zone, cp_instant from,
		     cp_instant to, size_t n)
{
	char a[32], b[32];

	CHECK_INT(cp_tz_transitions(tt_zone(db, zone), from, to, NULL, 0), n,
		  "%s transitions in [%s, %s)", zone, tt_utc_str(from, a),
		  tt_utc_str(to, b));
}

void tt_expect_local(struct cp_tzdb *db, const char *zone, cp_instant t,
		     int32_t off, bool dst, const char *abbr,
		     int y, int mo, int d, int h, int mi, int s)
{
	const struct cp_tz *tz = tt_zone(db, zone);
	struct cp_civil want = { y, mo, d, h, mi, s };
	struct cp_tz_local loc;
	char a[32], b[32], c[32];

	cp_tz_to_local(tz, t, &loc);
	tt_utc_str(t, a);
	CHECK_INT(loc.utoff, off, "%s at %s", zone, a);
	CHECK_INT(loc.is_dst, dst, "%s at %s", zone, a);
	CHECK_STR(loc.abbr, abbr, "%s at %s", zone, a);
	CHECK(tt_civil_eq(&loc.wall, &want), "%s at %s: wall %s, expected %s",
	      zone, a, tt_civil_str(&loc.wall, b), tt_civil_str(&want, c));
	CHECK_INT(cp_tz_offset_at(tz, t), off, "%s offset at %s", zone, a);
}

/* Local wall -> kind and instants; offsets and transition for gaps and
 * overlaps (pass 0 for a normal result's transition). */
void tt_expect_utc(struct cp_tzdb *db, const char *zone,
		   int y, int mo, int d, int h, int mi, int s,
		   enum cp_tz_kind kind, cp_instant earliest, cp_instant latest,
		   int32_t before, int32_t after, cp_instant transition)
{
	const struct cp_tz *tz = tt_zone(db, zone);
	struct cp_civil wall = { y, mo, d, h, mi, s };
	struct cp_tz_resolution r;
	enum cp_tz_kind got;
	char w[32];

	tt_civil_str(&wall, w);
	got = cp_tz_to_utc(tz, &wall, &r);
	CHECK_INT(got, kind, "%s %s kind (%s)", zone, w, cp_tz_kind_name(got));
	CHECK_INT(r.kind, kind, "%s %s out->kind", zone, w);
	CHECK_INT(r.earliest, earliest, "%s %s earliest", zone, w);
	CHECK_INT(r.latest, latest, "%s %s latest", zone, w);
	CHECK_INT(r.offset_before, before, "%s %s offset_before", zone, w);
	CHECK_INT(r.offset_after, after, "%s %s offset_after", zone, w);
	if (kind != CP_TZ_NORMAL)
		CHECK_INT(r.transition, transition, "%s %s transition", zone, w);
}

