/*
 * Benchmark: the same local -> UTC and UTC -> local queries through
 * cohortplan's time core, ICU's ucal and glibc (localtime_r / mktime).
 *
 * A measurement tool, not product code: it includes ICU directly and sets
 * TZ for glibc, which is how glibc is driven (one setenv + tzset per zone
 * batch). glibc reads the build's pinned zoneinfo (TZ=":/abs/path"), so it
 * and cohortplan answer from the same data; ICU uses its built-in data,
 * whose disagreements are counted and printed, not judged.
 *
 * Queries are pseudo-random (fixed seed) over 1970-2037, grouped by zone,
 * generated in chunks outside the timed loops; each engine answers exactly
 * the same ones. Run it with tests/bench/run.
 */
/* glibc's struct tm carries tm_gmtoff only outside strict POSIX; the
 * benchmark measures glibc, so it may ask for glibc's extensions. */
#define _DEFAULT_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/ucal.h>
#include <unicode/ustring.h>

#include <cohortplan/tz.h>

#include "bench-clock.h"
#include "test-config.h"

static const char *const zones[] = {
	"Europe/Brussels", "Africa/Casablanca", "Asia/Beirut", "Asia/Amman",
	"America/Sao_Paulo", "America/New_York", "America/Mexico_City",
	"America/Asuncion", "Asia/Almaty", "Africa/Cairo",
	"Australia/Lord_Howe", "America/Nuuk",
};
#define NZONES (sizeof zones / sizeof zones[0])

#define CHUNK 65536
#define SAMPLE_EVERY 997 /* record every n-th answer for the cross-checks */
#define WINDOW_START INT64_C(0)          /* 1970-01-01 */
#define WINDOW_END INT64_C(2145916800)   /* 2038-01-01 */

enum engine { E_CP, E_ICU, E_GLIBC, NENGINES };
static const char *const engine_name[] = { "cohortplan", "ICU ucal", "glibc" };

struct query {
	cp_instant t;          /* for UTC -> local */
	struct cp_civil wall;  /* for local -> UTC */
};

/* One recorded answer of each direction. */
struct sample {
	int32_t utoff;
	struct cp_civil wall;
	cp_instant utc;
	enum cp_tz_kind kind; /* cohortplan only */
};

struct run {
	double secs[2]; /* [0] UTC -> local, [1] local -> UTC */
	uint64_t checksum;
	struct sample *samples;
};

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* The queries of chunk c of zone z: the same for every engine. */
static void make_chunk(size_t z, size_t c, struct query *q, size_t n)
{
	uint64_t s = UINT64_C(0xc0401) ^ ((uint64_t)z << 40) ^ (uint64_t)c;
	const uint64_t span = (uint64_t)(WINDOW_END - WINDOW_START);

	for (size_t i = 0; i < n; i++) {
		q[i].t = WINDOW_START + (int64_t)(splitmix(&s) % span);
		cp_instant_to_civil(WINDOW_START + (int64_t)(splitmix(&s) % span),
				    &q[i].wall);
	}
}

/* Per-engine state for one zone. */
struct engine_zone {
	const struct cp_tz *tz;
	UCalendar *cal;
};

static bool open_zone(enum engine e, struct cp_tzdb *db, size_t z,
		      struct engine_zone *ez)
{
	char tzenv[1200];
	struct cp_tz_error err;
	UErrorCode st = U_ZERO_ERROR;
	UChar id[64];

	switch (e) {
	case E_CP:
		ez->tz = cp_tzdb_zone(db, zones[z], &err);
		if (!ez->tz)
			fprintf(stderr, "%s: %s\n", zones[z], err.message);
		return ez->tz != NULL;
	case E_ICU:
		u_uastrcpy(id, zones[z]);
		ez->cal = ucal_open(id, -1, "en_US", UCAL_GREGORIAN, &st);
		if (U_FAILURE(st)) {
			fprintf(stderr, "ucal_open %s: %s\n", zones[z],
				u_errorName(st));
			return false;
		}
		/* Same conventions as cohortplan's earliest: a repeated wall
		 * time is the first one, a skipped one uses the offset before
		 * the jump. */
		ucal_setAttribute(ez->cal, UCAL_REPEATED_WALL_TIME,
				  UCAL_WALLTIME_FIRST);
		ucal_setAttribute(ez->cal, UCAL_SKIPPED_WALL_TIME,
				  UCAL_WALLTIME_LAST);
		return true;
	case E_GLIBC:
		snprintf(tzenv, sizeof tzenv, ":%s/%s", cp_tzdb_dir(db), zones[z]);
		if (setenv("TZ", tzenv, 1) != 0)
			return false;
		tzset();
		return true;
	default:
		return false;
	}
}

static void close_zone(enum engine e, struct engine_zone *ez)
{
	if (e == E_ICU)
		ucal_close(ez->cal);
}

static uint64_t to_local(enum engine e, const struct engine_zone *ez,
			 const struct query *q, size_t n, struct sample *rec,
			 size_t base)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < n; i++) {
		struct sample s;

		switch (e) {
		case E_CP: {
			struct cp_tz_local loc;

			cp_tz_to_local(ez->tz, q[i].t, &loc);
			s.utoff = loc.utoff;
			s.wall = loc.wall;
			break;
		}
		case E_ICU: {
			UErrorCode st = U_ZERO_ERROR;
			UCalendar *cal = ez->cal;

			ucal_setMillis(cal, (UDate)q[i].t * 1000.0, &st);
			s.wall.year = ucal_get(cal, UCAL_EXTENDED_YEAR, &st);
			s.wall.month = ucal_get(cal, UCAL_MONTH, &st) + 1;
			s.wall.day = ucal_get(cal, UCAL_DATE, &st);
			s.wall.hour = ucal_get(cal, UCAL_HOUR_OF_DAY, &st);
			s.wall.minute = ucal_get(cal, UCAL_MINUTE, &st);
			s.wall.second = ucal_get(cal, UCAL_SECOND, &st);
			s.utoff = (ucal_get(cal, UCAL_ZONE_OFFSET, &st) +
				   ucal_get(cal, UCAL_DST_OFFSET, &st)) / 1000;
			break;
		}
		case E_GLIBC:
		default: {
			time_t t = (time_t)q[i].t;
			struct tm tm;

			localtime_r(&t, &tm);
			s.wall.year = tm.tm_year + 1900;
			s.wall.month = tm.tm_mon + 1;
			s.wall.day = tm.tm_mday;
			s.wall.hour = tm.tm_hour;
			s.wall.minute = tm.tm_min;
			s.wall.second = tm.tm_sec;
			s.utoff = (int32_t)tm.tm_gmtoff;
			break;
		}
		}
		sum += (uint64_t)(s.utoff + s.wall.day * 24 + s.wall.hour);
		if ((base + i) % SAMPLE_EVERY == 0) {
			rec[(base + i) / SAMPLE_EVERY].utoff = s.utoff;
			rec[(base + i) / SAMPLE_EVERY].wall = s.wall;
		}
	}
	return sum;
}

static uint64_t to_utc(enum engine e, const struct engine_zone *ez,
		       const struct query *q, size_t n, struct sample *rec,
		       size_t base)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < n; i++) {
		const struct cp_civil *w = &q[i].wall;
		enum cp_tz_kind kind = CP_TZ_NORMAL;
		cp_instant utc;

		switch (e) {
		case E_CP: {
			struct cp_tz_resolution r;

			kind = cp_tz_to_utc(ez->tz, w, &r);
			utc = r.earliest;
			break;
		}
		case E_ICU: {
			UErrorCode st = U_ZERO_ERROR;

			ucal_setDateTime(ez->cal, w->year, w->month - 1, w->day,
					 w->hour, w->minute, w->second, &st);
			utc = (cp_instant)(ucal_getMillis(ez->cal, &st) / 1000.0);
			break;
		}
		case E_GLIBC:
		default: {
			struct tm tm = { 0 };

			tm.tm_year = w->year - 1900;
			tm.tm_mon = w->month - 1;
			tm.tm_mday = w->day;
			tm.tm_hour = w->hour;
			tm.tm_min = w->minute;
			tm.tm_sec = w->second;
			tm.tm_isdst = -1;
			utc = (cp_instant)mktime(&tm);
			break;
		}
		}
		sum += (uint64_t)utc;
		if ((base + i) % SAMPLE_EVERY == 0) {
			rec[(base + i) / SAMPLE_EVERY].utc = utc;
			rec[(base + i) / SAMPLE_EVERY].kind = kind;
		}
	}
	return sum;
}

static bool run_engine(enum engine e, struct cp_tzdb *db, size_t total,
		       struct query *q, struct run *out)
{
	size_t base = 0;

	memset(out->secs, 0, sizeof out->secs);
	out->checksum = 0;
	for (size_t z = 0; z < NZONES; z++) {
		size_t nz = total / NZONES + (z < total % NZONES);
		struct engine_zone ez = { 0 };
		double t0 = bench_now();

		/* Opening the zone counts: it is part of a batch's cost. */
		if (!open_zone(e, db, z, &ez))
			return false;
		out->secs[0] += bench_now() - t0;
		for (size_t c = 0; c * CHUNK < nz; c++) {
			size_t n = nz - c * CHUNK < CHUNK ? nz - c * CHUNK : CHUNK;
			double t1, t2, t3;

			make_chunk(z, c, q, n);
			t1 = bench_now();
			out->checksum += to_local(e, &ez, q, n, out->samples, base);
			t2 = bench_now();
			out->checksum += to_utc(e, &ez, q, n, out->samples, base);
			t3 = bench_now();
			out->secs[0] += t2 - t1;
			out->secs[1] += t3 - t2;
			base += n;
		}
		close_zone(e, &ez);
	}
	return true;
}

/* The zone of query number i: zones take consecutive batches. */
static size_t zone_of(size_t i, size_t total)
{
	size_t start = 0;

	for (size_t z = 0; z < NZONES; z++) {
		start += total / NZONES + (z < total % NZONES);
		if (i < start)
			return z;
	}
	return NZONES - 1;
}

static bool same_wall(const struct cp_civil *a, const struct cp_civil *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day &&
	       a->hour == b->hour && a->minute == b->minute &&
	       a->second == b->second;
}

int main(int argc, char **argv)
{
	const char *dir = CP_TEST_TZDIR;
	size_t total = 10000000, nsamples, icu_local = 0, icu_utc = 0;
	size_t glibc_local = 0, glibc_utc = 0, glibc_ambiguous = 0, normal = 0;
	size_t zone_samples[NZONES] = { 0 }, zone_icu[NZONES] = { 0 };
	struct run run[NENGINES];
	struct cp_tz_error err;
	struct cp_tzdb *db;
	struct query *q;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--queries") == 0 && i + 1 < argc) {
			total = strtoul(argv[++i], NULL, 10);
		} else if (strcmp(argv[i], "--tzdir") == 0 && i + 1 < argc) {
			dir = argv[++i];
		} else {
			fprintf(stderr, "usage: %s [--queries N] [--tzdir DIR]\n",
				argv[0]);
			return 2;
		}
	}
	if (total < NZONES) {
		fprintf(stderr, "need at least %zu queries\n", NZONES);
		return 2;
	}
	db = cp_tzdb_create(dir, &err);
	if (!db) {
		fprintf(stderr, "%s: %s\n", dir, err.message);
		return 1;
	}
	nsamples = total / SAMPLE_EVERY + 1;
	q = malloc(CHUNK * sizeof *q);
	for (int e = 0; e < NENGINES; e++)
		run[e].samples = calloc(nsamples, sizeof(struct sample));
	if (!q || !run[0].samples || !run[1].samples || !run[2].samples) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}

#if !defined(__OPTIMIZE__) || defined(__SANITIZE_ADDRESS__)
	printf("warning: unoptimised or sanitized build, timings mean little\n");
#endif
	printf("tzdata %s (cohortplan, glibc), ICU %s with tz data %s\n",
	       cp_tzdb_version(db), U_ICU_VERSION,
	       ucal_getTZDataVersion(&(UErrorCode){ U_ZERO_ERROR }));
	printf("%zu UTC->local and %zu local->UTC queries, 1970-2037, %zu zones\n\n",
	       total, total, NZONES);
	for (int e = 0; e < NENGINES; e++) {
		if (!run_engine((enum engine)e, db, total, q, &run[e])) {
			fprintf(stderr, "%s failed\n", engine_name[e]);
			return 1;
		}
	}

	printf("%-12s %16s %16s\n", "", "UTC->local q/s", "local->UTC q/s");
	for (int e = 0; e < NENGINES; e++)
		printf("%-12s %16.0f %16.0f\n", engine_name[e],
		       (double)total / run[e].secs[0],
		       (double)total / run[e].secs[1]);
	printf("\nratio cohortplan:ICU    %6.1fx UTC->local  %6.1fx local->UTC\n",
	       run[E_ICU].secs[0] / run[E_CP].secs[0],
	       run[E_ICU].secs[1] / run[E_CP].secs[1]);
	printf("ratio cohortplan:glibc  %6.1fx UTC->local  %6.1fx local->UTC\n",
	       run[E_GLIBC].secs[0] / run[E_CP].secs[0],
	       run[E_GLIBC].secs[1] / run[E_CP].secs[1]);

	/* Sanity: glibc reads the same TZif files, so it must agree on every
	 * UTC -> local answer and on every wall time that happens exactly
	 * once; for skipped and repeated ones mktime's choice is its own. */
	for (size_t i = 0; i < nsamples && i * SAMPLE_EVERY < total; i++) {
		const struct sample *c = &run[E_CP].samples[i];
		const struct sample *g = &run[E_GLIBC].samples[i];
		const struct sample *u = &run[E_ICU].samples[i];
		size_t z = zone_of(i * SAMPLE_EVERY, total);
		bool icu_bad = c->utoff != u->utoff ||
			       !same_wall(&c->wall, &u->wall) || c->utc != u->utc;

		zone_samples[z]++;
		zone_icu[z] += icu_bad;
		glibc_local += c->utoff != g->utoff || !same_wall(&c->wall, &g->wall);
		icu_local += c->utoff != u->utoff || !same_wall(&c->wall, &u->wall);
		icu_utc += c->utc != u->utc;
		if (c->kind == CP_TZ_NORMAL) {
			normal++;
			glibc_utc += c->utc != g->utc;
		} else {
			glibc_ambiguous++;
		}
	}
	printf("\nsampled %zu answers of each direction (every %d-th):\n",
	       nsamples, SAMPLE_EVERY);
	printf("  glibc disagrees: %zu UTC->local, %zu of %zu unambiguous "
	       "local->UTC (%zu gap/overlap not compared)\n", glibc_local,
	       glibc_utc, normal, glibc_ambiguous);
	printf("  ICU disagrees:   %zu UTC->local, %zu local->UTC "
	       "(stale built-in tz data, expected)\n", icu_local, icu_utc);
	printf("  ICU disagreements by zone (either direction):\n");
	for (size_t z = 0; z < NZONES; z++)
		printf("    %-22s %4zu of %4zu\n", zones[z], zone_icu[z],
		       zone_samples[z]);
	printf("checksums %016" PRIx64 " %016" PRIx64 " %016" PRIx64 "\n",
	       run[0].checksum, run[1].checksum, run[2].checksum);

	for (int e = 0; e < NENGINES; e++)
		free(run[e].samples);
	free(q);
	cp_tzdb_destroy(db);
	if (glibc_local || glibc_utc) {
		fprintf(stderr, "bench_tz: cohortplan and glibc disagree on the "
			"same zoneinfo\n");
		return 1;
	}
	return 0;
}
