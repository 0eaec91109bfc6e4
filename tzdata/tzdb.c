/*
 * The zone catalogue: which names exist (from the tzdata.zi the zoneinfo was
 * compiled from, never from whatever files happen to lie in the directory),
 * which are links, and a cache of loaded zones shared between threads.
 */
#include "tz-private.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct entry {
	char *name;
	char *target;       /* link target as written in tzdata.zi, or NULL */
	struct cp_tz *zone; /* loaded zone (for zones only), or NULL */
};

/* Suggestions for unknown names are remembered: a file with thousands of
 * rows naming the same misspelt zone computes its "did you mean" once. */
#define SUGGEST_CACHE 256

struct suggestion {
	char *name;          /* the unknown name asked for (owned) */
	const char *closest; /* an entry's name, or NULL: nothing close */
};

struct cp_tzdb {
	char *dir;
	char version[32];
	struct entry *entries; /* sorted by name */
	size_t n;
	pthread_mutex_t lock;  /* zones loaded on demand, the suggestion cache */
	struct suggestion cache[SUGGEST_CACHE];
};

const char *
cp_tz_strerror(enum cp_tz_status status)
{
	switch (status) {
	case CP_TZ_OK: return "success";
	case CP_TZ_ERR_UNKNOWN_ZONE: return "unknown time zone";
	case CP_TZ_ERR_BAD_NAME: return "invalid time zone name";
	case CP_TZ_ERR_IO: return "cannot read time zone data";
	case CP_TZ_ERR_FORMAT: return "malformed time zone data";
	case CP_TZ_ERR_NOMEM: return "out of memory";
	case CP_TZ_ERR_RANGE: return "value out of range";
	case CP_TZ_ERR_SYNTAX: return "malformed date or time";
	}
	return "unknown error";
}

/* Reads a whole file; NULL with errno set on failure. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			unsigned char *nb = realloc(buf, ncap + 1);
			if (!nb) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
			cap = ncap;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	bool failed = ferror(f);
	fclose(f);
	if (failed) {
		free(buf);
		errno = EIO;
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static struct entry *
find(const struct cp_tzdb *db, const char *name)
{
	struct entry key = { .name = (char *)name };
	return bsearch(&key, db->entries, db->n, sizeof key, entry_cmp);
}

static bool
add_entry(struct cp_tzdb *db, size_t *cap, const char *name, size_t nlen,
	  const char *target, size_t tlen)
{
	if (db->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 1024;
		struct entry *ne = realloc(db->entries, ncap * sizeof *ne);
		if (!ne)
			return false;
		db->entries = ne;
		*cap = ncap;
	}
	struct entry *e = &db->entries[db->n];
	memset(e, 0, sizeof *e);
	e->name = strndup(name, nlen);
	e->target = target ? strndup(target, tlen) : NULL;
	if (!e->name || (target && !e->target)) {
		free(e->name);
		free(e->target);
		return false;
	}
	db->n++;
	return true;
}

/* Length of the whitespace-free token at s. */
static size_t
token(const char *s)
{
	size_t n = 0;
	while (s[n] && s[n] != ' ' && s[n] != '\t' && s[n] != '\n')
		n++;
	return n;
}

/* tzdata.zi: "# version 2026f", then "Z NAME ..." zone lines and
 * "L TARGET ALIAS" link lines among rule and continuation lines. */
static enum cp_tz_status
read_catalogue(struct cp_tzdb *db, const char *text)
{
	size_t cap = 0;
	const char *line = text;
	if (sscanf(line, "# version %31s", db->version) != 1)
		return CP_TZ_ERR_FORMAT;
	while (*line) {
		const char *next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		if (line[0] == 'Z' && line[1] == ' ') {
			const char *name = line + 2;
			if (!add_entry(db, &cap, name, token(name), NULL, 0))
				return CP_TZ_ERR_NOMEM;
		} else if (line[0] == 'L' && line[1] == ' ') {
			const char *target = line + 2;
			size_t tlen = token(target);
			const char *alias = target + tlen;
			while (*alias == ' ' || *alias == '\t')
				alias++;
			if (!add_entry(db, &cap, alias, token(alias), target, tlen))
				return CP_TZ_ERR_NOMEM;
		}
		line = next;
	}
	if (db->n == 0)
		return CP_TZ_ERR_FORMAT;
	qsort(db->entries, db->n, sizeof *db->entries, entry_cmp);
	return CP_TZ_OK;
}

struct cp_tzdb *
cp_tzdb_create(const char *dir, struct cp_tz_error *err)
{
	struct cp_tzdb *db = calloc(1, sizeof *db);
	if (!db || !(db->dir = strdup(dir))) {
		free(db);
		cp_tz_set_error(err, CP_TZ_ERR_NOMEM, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&db->lock, NULL);

	size_t plen = strlen(dir) + sizeof "/tzdata.zi";
	char *path = malloc(plen);
	if (!path) {
		cp_tzdb_destroy(db);
		cp_tz_set_error(err, CP_TZ_ERR_NOMEM, "out of memory");
		return NULL;
	}
	snprintf(path, plen, "%s/tzdata.zi", dir);
	size_t len;
	char *text = (char *)slurp(path, &len);
	if (!text) {
		cp_tz_set_error(err, errno == ENOMEM ? CP_TZ_ERR_NOMEM : CP_TZ_ERR_IO,
				"cannot read %s: %s", path, strerror(errno));
		free(path);
		cp_tzdb_destroy(db);
		return NULL;
	}
	enum cp_tz_status st = read_catalogue(db, text);
	free(text);
	if (st != CP_TZ_OK) {
		cp_tz_set_error(err, st, "%s: %s", path,
				st == CP_TZ_ERR_NOMEM ? "out of memory"
						      : "not a tzdata.zi file (no \"# version\" line or no zones)");
		free(path);
		cp_tzdb_destroy(db);
		return NULL;
	}
	free(path);
	return db;
}

void
cp_tzdb_destroy(struct cp_tzdb *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->n; i++) {
		free(db->entries[i].name);
		free(db->entries[i].target);
		cp_tz_free(db->entries[i].zone);
	}
	free(db->entries);
	free(db->dir);
	for (size_t i = 0; i < SUGGEST_CACHE; i++)
		free(db->cache[i].name);
	pthread_mutex_destroy(&db->lock);
	free(db);
}

const char *
cp_tzdb_version(const struct cp_tzdb *db)
{
	return db->version;
}

const char *
cp_tzdb_dir(const struct cp_tzdb *db)
{
	return db->dir;
}

size_t
cp_tzdb_name_count(const struct cp_tzdb *db)
{
	return db->n;
}

const char *
cp_tzdb_name(const struct cp_tzdb *db, size_t i)
{
	return i < db->n ? db->entries[i].name : NULL;
}

bool
cp_tzdb_is_link(const struct cp_tzdb *db, const char *name)
{
	const struct entry *e = find(db, name);
	return e && e->target;
}

/* Names are relative paths of letters, digits and "._+-" whose components
 * are never empty, "." or ".."; this keeps absolute paths, "a//b", "./a",
 * traversal and control characters out of file names. */
static bool
name_well_formed(const char *name)
{
	size_t len = strlen(name);
	if (len == 0 || len > 255)
		return false;
	for (const char *p = name; *p;) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		for (size_t i = 0; i < n; i++) {
			char ch = p[i];
			bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
				  (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '+' ||
				  ch == '.';
			if (!ok)
				return false;
		}
		if (!end)
			break;
		p = end + 1;
		if (*p == '\0')
			return false; /* trailing slash */
	}
	return true;
}

/* Levenshtein distance if it is at most max, else max + 1. Names longer
 * than 63 never match. Stops as soon as a row exceeds max, and the length
 * difference alone is a lower bound: most of the catalogue costs a few
 * steps, not a full table. */
static int
edit_distance(const char *a, const char *b, int max)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 63 || lb > 63 || (la > lb ? la - lb : lb - la) > (size_t)max)
		return max + 1;
	int row[64];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];
		int row_min = row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int cost = a[i - 1] == b[j - 1] ? 0 : 1;
			int best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
			if (best < row_min)
				row_min = best;
		}
		if (row_min > max)
			return max + 1;
	}
	return row[lb] <= max ? row[lb] : max + 1;
}

/* The closest known name: same letters in another case, or within two
 * edits. NULL when nothing is close. */
static const char *
closest_name(const struct cp_tzdb *db, const char *name)
{
	const char *best = NULL;
	int best_d = 3;
	for (size_t i = 0; i < db->n; i++) {
		const char *cand = db->entries[i].name;
		if (strcasecmp(cand, name) == 0)
			return cand;
		int d = edit_distance(cand, name, best_d - 1);
		if (d < best_d) {
			best_d = d;
			best = cand;
		}
	}
	return best;
}

/* closest_name() through the cache (one slot per hash, last one wins).
 * Out of memory only means it is not remembered. */
static const char *
suggest(struct cp_tzdb *db, const char *name)
{
	uint32_t h = 2166136261u;
	for (const char *c = name; *c; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	struct suggestion *slot = &db->cache[h % SUGGEST_CACHE];
	const char *closest;

	pthread_mutex_lock(&db->lock);
	if (slot->name && strcmp(slot->name, name) == 0) {
		closest = slot->closest;
		pthread_mutex_unlock(&db->lock);
		return closest;
	}
	pthread_mutex_unlock(&db->lock);
	closest = closest_name(db, name); /* entries never change: no lock */
	char *copy = strdup(name);
	pthread_mutex_lock(&db->lock);
	if (copy) {
		free(slot->name);
		slot->name = copy;
		slot->closest = closest;
	}
	pthread_mutex_unlock(&db->lock);
	return closest;
}

static struct cp_tz *
load_zone(const struct cp_tzdb *db, const char *name, struct cp_tz_error *err)
{
	size_t plen = strlen(db->dir) + strlen(name) + 2;
	char *path = malloc(plen);
	if (!path) {
		cp_tz_set_error(err, CP_TZ_ERR_NOMEM, "out of memory");
		return NULL;
	}
	snprintf(path, plen, "%s/%s", db->dir, name);
	size_t len;
	unsigned char *data = slurp(path, &len);
	if (!data) {
		cp_tz_set_error(err, errno == ENOMEM ? CP_TZ_ERR_NOMEM : CP_TZ_ERR_IO,
				"cannot read %s: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	free(path);
	struct cp_tz *tz = cp_tz_from_tzif(name, data, len, err);
	free(data);
	return tz;
}

const struct cp_tz *
cp_tzdb_zone(struct cp_tzdb *db, const char *name, struct cp_tz_error *err)
{
	if (!name_well_formed(name)) {
		cp_tz_set_error(err, CP_TZ_ERR_BAD_NAME,
				"invalid time zone name \"%.200s\" (expected an IANA name such as \"Europe/Brussels\")",
				name);
		return NULL;
	}
	struct entry *e = find(db, name);
	if (!e) {
		const char *s = suggest(db, name);
		if (s) {
			cp_tz_set_error(err, CP_TZ_ERR_UNKNOWN_ZONE,
					"unknown time zone \"%s\" (tzdata %s); did you mean \"%s\"?",
					name, db->version, s);
			if (err)
				snprintf(err->suggestion, sizeof err->suggestion, "%s", s);
		} else
			cp_tz_set_error(err, CP_TZ_ERR_UNKNOWN_ZONE,
					"unknown time zone \"%s\" (tzdata %s)", name, db->version);
		return NULL;
	}
	/* Follow links (tzdata.zi may chain them) to the zone itself. */
	for (int hops = 0; e->target; hops++) {
		struct entry *t = find(db, e->target);
		if (!t || hops > 8) {
			cp_tz_set_error(err, CP_TZ_ERR_FORMAT,
					"link \"%s\" points to unknown zone \"%s\"", e->name,
					e->target);
			return NULL;
		}
		e = t;
	}

	pthread_mutex_lock(&db->lock);
	if (!e->zone)
		e->zone = load_zone(db, e->name, err);
	struct cp_tz *tz = e->zone;
	pthread_mutex_unlock(&db->lock);
	return tz;
}
