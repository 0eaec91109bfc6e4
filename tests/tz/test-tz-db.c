/*
 * The zone catalogue: the name list against the Z and L lines of the pinned
 * tzdata.zi (read here on its own), aliases, unknown and malformed names
 * with their status codes, opening errors, and cp_tzdb_zone from several
 * threads at once.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-config.h"
#include "tz-test.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names of tzdata.zi: "Z NAME ..." for zones, "L TARGET NAME" for links. */
struct zi_names {
	char **name;
	bool *link;
	size_t n;
};

static void read_zi(struct zi_names *zi)
{
	char path[1024], line[1024];
	size_t cap = 0;
	FILE *fp;

	memset(zi, 0, sizeof *zi);
	snprintf(path, sizeof path, "%s/tzdata.zi", CP_TEST_TZDIR);
	fp = fopen(path, "r");
	if (!fp) {
		perror(path);
		exit(EXIT_FAILURE);
	}
	while (fgets(line, sizeof line, fp)) {
		char *name = NULL, *save;
		bool link = false;

		if (strncmp(line, "Z ", 2) == 0) {
			strtok_r(line, " \t\n", &save);
			name = strtok_r(NULL, " \t\n", &save);
		} else if (strncmp(line, "L ", 2) == 0) {
			strtok_r(line, " \t\n", &save);
			strtok_r(NULL, " \t\n", &save);
			name = strtok_r(NULL, " \t\n", &save);
			link = true;
		}
		if (!name)
			continue;
		if (zi->n == cap) {
			cap = cap ? 2 * cap : 1024;
			zi->name = realloc(zi->name, cap * sizeof *zi->name);
			zi->link = realloc(zi->link, cap * sizeof *zi->link);
			if (!zi->name || !zi->link)
				abort();
		}
		zi->name[zi->n] = strdup(name);
		zi->link[zi->n++] = link;
	}
	fclose(fp);
}

static void names(struct cp_tzdb *db)
{
	struct zi_names zi;
	size_t n = cp_tzdb_name_count(db);
	char **sorted;

	read_zi(&zi);
	CHECK_INT(n, zi.n, "names in the database vs Z and L lines of tzdata.zi");
	for (size_t i = 1; i < n; i++)
		CHECK(strcmp(cp_tzdb_name(db, i - 1), cp_tzdb_name(db, i)) < 0,
		      "names not sorted or repeated at %zu: %s, %s", i,
		      cp_tzdb_name(db, i - 1), cp_tzdb_name(db, i));
	/* Every zone and link of the source is listed, with the right kind. */
	sorted = malloc(n * sizeof *sorted);
	if (!sorted)
		abort();
	for (size_t i = 0; i < n; i++)
		sorted[i] = (char *)cp_tzdb_name(db, i);
	for (size_t i = 0; i < zi.n; i++) {
		char *key = zi.name[i];

		CHECK(bsearch(&key, sorted, n, sizeof *sorted, cmp_str) != NULL,
		      "%s of tzdata.zi is not listed", key);
		CHECK_INT(cp_tzdb_is_link(db, key), zi.link[i], "is_link(%s)", key);
		free(key);
	}
	free(sorted);
	free(zi.name);
	free(zi.link);
}

static void aliases(struct cp_tzdb *db)
{
	static const struct {
		const char *alias, *target;
	} t[] = {
		{ "Asia/Calcutta", "Asia/Kolkata" },
		{ "US/Eastern", "America/New_York" },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		const struct cp_tz *a = tt_zone(db, t[i].alias);
		const struct cp_tz *z = tt_zone(db, t[i].target);

		CHECK_STR(cp_tz_name(a), t[i].target, "%s resolves", t[i].alias);
		CHECK(a == z, "%s and %s are not the same zone", t[i].alias,
		      t[i].target);
		CHECK(cp_tzdb_is_link(db, t[i].alias), "%s is a link", t[i].alias);
		CHECK(!cp_tzdb_is_link(db, t[i].target), "%s is a zone",
		      t[i].target);
	}
	CHECK(!cp_tzdb_is_link(db, "Europe/Brusels"), "unknown is no link");
	CHECK(tt_zone(db, "Europe/Brussels") == tt_zone(db, "Europe/Brussels"),
	      "repeated cp_tzdb_zone gives another zone");
}

static void bad_names(struct cp_tzdb *db)
{
	static const struct {
		const char *name;
		enum cp_tz_status status, or_status; /* either is right */
		const char *in_message;
	} t[] = {
		{ "Europe/Brusels", CP_TZ_ERR_UNKNOWN_ZONE, CP_TZ_ERR_UNKNOWN_ZONE,
		  "Europe/Brusels" },
		{ "europe/brussels", CP_TZ_ERR_UNKNOWN_ZONE, CP_TZ_ERR_UNKNOWN_ZONE,
		  "Europe/Brussels" },
		{ "AFRICA/CASABLANCA", CP_TZ_ERR_UNKNOWN_ZONE,
		  CP_TZ_ERR_UNKNOWN_ZONE, "Africa/Casablanca" },
		{ "Mars/Olympus_Mons", CP_TZ_ERR_UNKNOWN_ZONE,
		  CP_TZ_ERR_UNKNOWN_ZONE, "Mars/Olympus_Mons" },
		{ "", CP_TZ_ERR_BAD_NAME, CP_TZ_ERR_BAD_NAME, NULL },
		{ "..", CP_TZ_ERR_BAD_NAME, CP_TZ_ERR_BAD_NAME, NULL },
		{ "../etc/passwd", CP_TZ_ERR_BAD_NAME, CP_TZ_ERR_BAD_NAME, NULL },
		{ "/etc/passwd", CP_TZ_ERR_BAD_NAME, CP_TZ_ERR_BAD_NAME, NULL },
		{ "Europe/../Asia/Tokyo", CP_TZ_ERR_BAD_NAME, CP_TZ_ERR_BAD_NAME,
		  NULL },
		{ "./Europe/Brussels", CP_TZ_ERR_BAD_NAME, CP_TZ_ERR_UNKNOWN_ZONE,
		  NULL },
		/* Files and directories of the zoneinfo tree that are no
		 * zones, and shapes no zone name has. */
		{ "Europe", CP_TZ_ERR_UNKNOWN_ZONE, CP_TZ_ERR_BAD_NAME, NULL },
		{ "tzdata.zi", CP_TZ_ERR_UNKNOWN_ZONE, CP_TZ_ERR_BAD_NAME, NULL },
		{ "Europe/Brussels/", CP_TZ_ERR_UNKNOWN_ZONE, CP_TZ_ERR_BAD_NAME,
		  NULL },
		{ "Europe//Brussels", CP_TZ_ERR_UNKNOWN_ZONE, CP_TZ_ERR_BAD_NAME,
		  NULL },
		{ "Europe/Brussels\tx", CP_TZ_ERR_UNKNOWN_ZONE, CP_TZ_ERR_BAD_NAME,
		  NULL },
		{ "Europe/Brussels ", CP_TZ_ERR_UNKNOWN_ZONE, CP_TZ_ERR_BAD_NAME,
		  NULL },
	};
	char longname[400];

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct cp_tz_error err;
		const struct cp_tz *tz;

		memset(&err, 0x5a, sizeof err);
		tz = cp_tzdb_zone(db, t[i].name, &err);
		CHECK(tz == NULL, "\"%s\" opened", t[i].name);
		CHECK(err.status == t[i].status || err.status == t[i].or_status,
		      "\"%s\": status %d (%s)", t[i].name, (int)err.status,
		      cp_tz_strerror(err.status));
		CHECK(memchr(err.message, '\0', sizeof err.message) != NULL,
		      "\"%s\": message not terminated", t[i].name);
		if (memchr(err.message, '\0', sizeof err.message))
			CHECK(err.message[0] != '\0', "\"%s\": empty message",
			      t[i].name);
		if (t[i].in_message &&
		    memchr(err.message, '\0', sizeof err.message))
			CHECK(strstr(err.message, t[i].in_message) != NULL,
			      "\"%s\": message \"%s\" does not mention %s",
			      t[i].name, err.message, t[i].in_message);
	}
	memset(longname, 'A', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	{
		struct cp_tz_error err;

		CHECK(cp_tzdb_zone(db, longname, &err) == NULL, "long name opened");
		CHECK(err.status == CP_TZ_ERR_BAD_NAME ||
		      err.status == CP_TZ_ERR_UNKNOWN_ZONE, "long name: status %d",
		      (int)err.status);
	}
}

static void create_errors(void)
{
	struct cp_tz_error err;
	struct cp_tzdb *db;

	memset(&err, 0, sizeof err);
	db = cp_tzdb_create(CP_TEST_DATA "/no-such-dir", &err);
	CHECK(db == NULL, "opened a missing directory");
	CHECK_INT(err.status, CP_TZ_ERR_IO, "missing directory");
	CHECK(strstr(err.message, "no-such-dir") != NULL,
	      "message \"%s\" does not name the directory", err.message);
	cp_tzdb_destroy(db);

	/* A directory that exists but holds no compiled zoneinfo. */
	memset(&err, 0, sizeof err);
	db = cp_tzdb_create(CP_TEST_DATA, &err);
	CHECK(db == NULL, "opened a directory without tzdata.zi");
	CHECK(err.status == CP_TZ_ERR_IO || err.status == CP_TZ_ERR_FORMAT,
	      "directory without tzdata.zi: status %d", (int)err.status);
	cp_tzdb_destroy(db);
	cp_tzdb_destroy(NULL);
}

static void strings(struct cp_tzdb *db)
{
	static const enum cp_tz_status st[] = {
		CP_TZ_OK, CP_TZ_ERR_UNKNOWN_ZONE, CP_TZ_ERR_BAD_NAME, CP_TZ_ERR_IO,
		CP_TZ_ERR_FORMAT, CP_TZ_ERR_NOMEM, CP_TZ_ERR_RANGE, CP_TZ_ERR_SYNTAX,
	};
	size_t n = sizeof st / sizeof st[0];

	for (size_t i = 0; i < n; i++) {
		const char *s = cp_tz_strerror(st[i]);

		CHECK(s && *s, "strerror(%d) empty", (int)st[i]);
		for (size_t j = 0; s && j < i; j++)
			CHECK(strcmp(s, cp_tz_strerror(st[j])) != 0,
			      "strerror(%d) == strerror(%d)", (int)st[i], (int)st[j]);
	}
	CHECK_STR(cp_tz_strerror(CP_TZ_ERR_UNKNOWN_ZONE), "unknown time zone",
		  "documented example");
	CHECK_STR(cp_tz_kind_name(CP_TZ_NORMAL), "normal", "kind name");
	CHECK_STR(cp_tz_kind_name(CP_TZ_GAP), "gap", "kind name");
	CHECK_STR(cp_tz_kind_name(CP_TZ_OVERLAP), "overlap", "kind name");
	CHECK_STR(cp_tzdb_version(db), CP_TZDATA_VERSION, "version");
	CHECK_STR(cp_tzdb_dir(db), CP_TEST_TZDIR, "dir");
}

/* ---- threads ---------------------------------------------------------- */

#define THREADS 8
#define ZONES 96

struct worker {
	struct cp_tzdb *db;
	pthread_barrier_t *start;
	unsigned id;
	const struct cp_tz *got[ZONES];
	int32_t offset[ZONES];
	unsigned errors;
};

static const char *thread_zone(size_t i)
{
	/* Names spread over the catalogue, links included. */
	static const char *fixed[] = { "Europe/Brussels", "Africa/Casablanca",
				       "Asia/Beirut", "Asia/Amman",
				       "Asia/Calcutta", "US/Eastern" };

	return i < 6 ? fixed[i] : NULL;
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	size_t count = cp_tzdb_name_count(w->db);

	pthread_barrier_wait(w->start);
	for (size_t k = 0; k < ZONES; k++) {
		/* Each thread walks the same names in its own order so that
		 * first opens collide. */
		size_t i = (k + w->id * 7) % ZONES;
		const char *name = thread_zone(i);
		struct cp_tz_error err;

		if (!name)
			name = cp_tzdb_name(w->db, (i * 9973) % count);
		w->got[i] = cp_tzdb_zone(w->db, name, &err);
		if (!w->got[i]) {
			w->errors++;
			continue;
		}
		w->offset[i] = cp_tz_offset_at(w->got[i], 1711846800);
	}
	return NULL;
}

static void threads_round(void)
{
	/* A fresh database so every first open happens under contention. */
	struct cp_tzdb *db = tt_open_db();
	struct worker w[THREADS];
	pthread_t tid[THREADS];
	pthread_barrier_t start;

	pthread_barrier_init(&start, NULL, THREADS);
	for (unsigned i = 0; i < THREADS; i++) {
		memset(&w[i], 0, sizeof w[i]);
		w[i].db = db;
		w[i].start = &start;
		w[i].id = i;
		if (pthread_create(&tid[i], NULL, worker_run, &w[i]) != 0)
			abort();
	}
	for (unsigned i = 0; i < THREADS; i++)
		pthread_join(tid[i], NULL);
	pthread_barrier_destroy(&start);

	for (unsigned i = 0; i < THREADS; i++) {
		CHECK_INT(w[i].errors, 0, "thread %u failed opens", i);
		for (size_t k = 0; k < ZONES; k++) {
			CHECK(w[i].got[k] == w[0].got[k],
			      "thread %u got another zone for #%zu", i, k);
			CHECK_INT(w[i].offset[k], w[0].offset[k], "thread %u #%zu",
				  i, k);
		}
	}
	/* And the same as opening afterwards from one thread. */
	CHECK(w[0].got[0] == tt_zone(db, "Europe/Brussels"), "cached zone");
	CHECK_INT(w[0].offset[0], 7200, "Brussels at 2024-03-31T01:00:00Z");
	CHECK_INT(w[0].offset[1], 0, "Casablanca at 2024-03-31T01:00:00Z");
	CHECK_INT(w[0].offset[4], 19800, "Kolkata at 2024-03-31T01:00:00Z");
	cp_tzdb_destroy(db);
}

/* A race shows only sometimes; many short rounds make a missing lock fail
 * the test most runs (and ThreadSanitizer flags it every run). */
static void threads(void)
{
	for (int round = 0; round < 40; round++)
		threads_round();
}

/* The "did you mean" is a field: callers never parse it out of the message.
 * Brusels is one letter from Brussels; a name on no continent has nothing
 * close; a bad name and a found zone leave the field empty. */
static void suggestions(struct cp_tzdb *db)
{
	static const struct {
		const char *name, *suggestion;
	} t[] = {
		{ "Europe/Brusels", "Europe/Brussels" },
		{ "Mars/Olympus_Mons", "" },
		{ "..", "" },
	};
	struct cp_tz_error err;

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		memset(&err, 0x5a, sizeof err);
		CHECK(cp_tzdb_zone(db, t[i].name, &err) == NULL, "\"%s\" opened", t[i].name);
		CHECK(memchr(err.suggestion, '\0', sizeof err.suggestion) != NULL,
		      "\"%s\": suggestion not terminated", t[i].name);
		if (memchr(err.suggestion, '\0', sizeof err.suggestion))
			CHECK_STR(err.suggestion, t[i].suggestion, "suggestion for \"%s\"",
				  t[i].name);
		if (t[i].suggestion[0])
			CHECK(strstr(err.message, t[i].suggestion) != NULL,
			      "\"%s\": the message names the suggestion", t[i].name);
	}
}

int main(void)
{
	struct cp_tzdb *db = tt_open_db();

	names(db);
	aliases(db);
	bad_names(db);
	strings(db);
	suggestions(db);
	cp_tzdb_destroy(db);
	create_errors();
	threads();
	return tt_finish("tz-db");
}
