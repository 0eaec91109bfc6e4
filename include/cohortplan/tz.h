/*
 * cohortplan time zone core: the one source of time truth.
 *
 * Offsets come from the IANA tz database release pinned in tzdata/ and compiled
 * with zic at build time; this module reads the compiled TZif files itself
 * (RFC 8536) and never asks ICU, glibc or the TZ environment variable.
 *
 * Ownership: cp_tzdb_create() returns a database the caller destroys with
 * cp_tzdb_destroy() (NULL is a no-op). Zones returned by cp_tzdb_zone() are
 * borrowed: they are owned by the database and valid until it is destroyed.
 * A cp_tzdb may be shared between threads: cp_tzdb_zone() locks internally and
 * a cp_tz is immutable once returned.
 *
 * Instants are cp_instant values: seconds since 1970-01-01T00:00:00Z, without
 * leap seconds (POSIX time). Wall times are cp_civil values in the proleptic
 * Gregorian calendar.
 */
#ifndef COHORTPLAN_TZ_H
#define COHORTPLAN_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t cp_instant;

/* A wall-clock date and time, without zone. Fields are plain numbers; use
 * cp_civil_valid() before trusting user input. */
struct cp_civil {
	int32_t year;
	int month;  /* 1..12 */
	int day;    /* 1..31 */
	int hour;   /* 0..23 */
	int minute; /* 0..59 */
	int second; /* 0..59 */
};

enum cp_tz_status {
	CP_TZ_OK = 0,
	CP_TZ_ERR_UNKNOWN_ZONE, /* name is well formed but not in the pinned data */
	CP_TZ_ERR_BAD_NAME,     /* name cannot be a zone name (empty, "..", ...) */
	CP_TZ_ERR_IO,           /* zoneinfo directory or file unreadable */
	CP_TZ_ERR_FORMAT,       /* a TZif file or its footer is malformed */
	CP_TZ_ERR_NOMEM,
	CP_TZ_ERR_RANGE,        /* a date or instant outside what we represent */
	CP_TZ_ERR_SYNTAX,       /* a date or time string is malformed */
};

/* Error detail filled in by functions that take a struct cp_tz_error *. */
struct cp_tz_error {
	enum cp_tz_status status;
	char message[256]; /* human readable, names the offending value */
	char suggestion[72]; /* CP_TZ_ERR_UNKNOWN_ZONE: the closest known zone
	                      * name (the message's "did you mean"), "" when none;
	                      * callers read this, never the message text */
};

/* Static English name of a status ("unknown time zone", ...). */
const char *cp_tz_strerror(enum cp_tz_status status);

/* ---- calendar arithmetic (no zones) ---------------------------------- */

/* True when every field of c is in range (including day vs month length
 * and leap years) and the year is within 1..9999. */
bool cp_civil_valid(const struct cp_civil *c);

/* Days since 1970-01-01 of a proleptic Gregorian date (negative before). */
int64_t cp_days_from_civil(int32_t year, int month, int day);

/* The days of month m (1..12) of year y in the proleptic Gregorian
 * calendar: 28 to 31. */
int cp_month_days(int32_t year, int month);

/* Inverse of cp_days_from_civil. */
void cp_civil_from_days(int64_t days, int32_t *year, int *month, int *day);

/* Day of week of a day count: 0 = Sunday .. 6 = Saturday. */
int cp_weekday_from_days(int64_t days);

/* The instant whose UTC wall time is c (c treated as UTC). */
cp_instant cp_civil_to_instant(const struct cp_civil *c);

/* The UTC wall time of instant t. */
void cp_instant_to_civil(cp_instant t, struct cp_civil *out);

/*
 * Parsers: return true and fill *out on success; return false and leave *out
 * untouched on failure. They accept exactly the forms named, nothing more.
 *   cp_parse_date:     "YYYY-MM-DD"
 *   cp_parse_local:    "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS"
 *   cp_parse_utc:      "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DDTHH:MMZ"
 */
bool cp_parse_date(const char *s, struct cp_civil *out);
bool cp_parse_local(const char *s, struct cp_civil *out);
bool cp_parse_utc(const char *s, cp_instant *out);

/* Formatters write a NUL-terminated string into buf (at least 32 bytes) and
 * return buf. */
#define CP_TIME_BUFSZ 32
char *cp_format_utc(cp_instant t, char buf[CP_TIME_BUFSZ]);     /* ...SSZ */
char *cp_format_local(const struct cp_civil *c, char buf[CP_TIME_BUFSZ]); /* ...SS */

/* ---- the zone database ----------------------------------------------- */

struct cp_tzdb;
struct cp_tz;

/*
 * Open the compiled zoneinfo directory dir (zic output plus the tzdata.zi it
 * was compiled from, which names the release and lists zones and links).
 * Returns NULL and fills *err when the directory is unusable.
 */
struct cp_tzdb *cp_tzdb_create(const char *dir, struct cp_tz_error *err);
void cp_tzdb_destroy(struct cp_tzdb *db);

/* The release, e.g. "2026f". Borrowed. */
const char *cp_tzdb_version(const struct cp_tzdb *db);

/* The directory the database was opened on. Borrowed. */
const char *cp_tzdb_dir(const struct cp_tzdb *db);

/* Number of names (zones and links) and the i-th name in sorted order. */
size_t cp_tzdb_name_count(const struct cp_tzdb *db);
const char *cp_tzdb_name(const struct cp_tzdb *db, size_t i);

/* True when name is a link (alias) rather than a zone of its own. */
bool cp_tzdb_is_link(const struct cp_tzdb *db, const char *name);

/*
 * Open a zone by IANA name; links resolve to their target, so
 * cp_tz_name(cp_tzdb_zone(db, "Asia/Calcutta")) is "Asia/Kolkata".
 * Returns a borrowed zone, or NULL with *err filled: CP_TZ_ERR_UNKNOWN_ZONE
 * (with a suggestion in the message and in err->suggestion when a known
 * name is close, e.g. differs only in case or by a letter),
 * CP_TZ_ERR_BAD_NAME, CP_TZ_ERR_IO, CP_TZ_ERR_FORMAT or CP_TZ_ERR_NOMEM.
 * Thread-safe; repeated calls return the same cached zone.
 */
const struct cp_tz *cp_tzdb_zone(struct cp_tzdb *db, const char *name,
				 struct cp_tz_error *err);

/* Canonical IANA name of a zone. Borrowed. */
const char *cp_tz_name(const struct cp_tz *tz);

/* ---- conversions ----------------------------------------------------- */

#define CP_TZ_ABBR_MAX 16

/* What a zone's clocks say at one instant. */
struct cp_tz_local {
	struct cp_civil wall;
	int32_t utoff;               /* seconds east of UTC */
	bool is_dst;                 /* as tzdata says; Morocco's Ramadan +00 is DST */
	char abbr[CP_TZ_ABBR_MAX];   /* "CET", "+01", ... */
};

/* UTC -> local. Never fails for instants in years 1..9999. */
void cp_tz_to_local(const struct cp_tz *tz, cp_instant t, struct cp_tz_local *out);

/* UTC offset in force at t (the cheap part of cp_tz_to_local). */
int32_t cp_tz_offset_at(const struct cp_tz *tz, cp_instant t);

enum cp_tz_kind {
	CP_TZ_NORMAL = 0, /* the wall time happens exactly once */
	CP_TZ_GAP,        /* skipped by a forward jump: it never happens */
	CP_TZ_OVERLAP,    /* repeated by a backward jump: it happens twice */
};

/* Static name of a kind: "normal", "gap", "overlap". */
const char *cp_tz_kind_name(enum cp_tz_kind kind);

struct cp_tz_resolution {
	enum cp_tz_kind kind;
	/* NORMAL: both the one instant. OVERLAP: the earlier and the later
	 * instant. GAP: both the instant obtained with the offset in force
	 * before the transition, i.e. the wall time moved forward by the gap
	 * (Python's fold=0). */
	cp_instant earliest;
	cp_instant latest;
	/* For GAP and OVERLAP, the offsets before and after the transition
	 * that caused it; for NORMAL both are the offset in force. */
	int32_t offset_before;
	int32_t offset_after;
	/* For GAP and OVERLAP, the instant of that transition. */
	cp_instant transition;
};

/*
 * Local -> UTC. wall must satisfy cp_civil_valid(). Always resolves: the
 * caller learns from out->kind whether the wall time was skipped or repeated
 * and decides which instant it wants.
 */
enum cp_tz_kind cp_tz_to_utc(const struct cp_tz *tz, const struct cp_civil *wall,
			     struct cp_tz_resolution *out);

/* A change of offset, DST flag or abbreviation. */
struct cp_tz_transition {
	cp_instant at;
	int32_t offset_before;
	int32_t offset_after;
	bool dst_after;
	char abbr_after[CP_TZ_ABBR_MAX];
};

/*
 * Transitions with from <= at < to, in order. Writes at most cap of them to
 * out (out may be NULL when cap is 0) and returns how many there are in all,
 * so a caller can size a buffer with a first call. Transitions beyond the
 * last one stored in the TZif file come from its POSIX TZ footer.
 */
size_t cp_tz_transitions(const struct cp_tz *tz, cp_instant from, cp_instant to,
			 struct cp_tz_transition *out, size_t cap);

#endif /* COHORTPLAN_TZ_H */
