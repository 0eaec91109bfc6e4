/*
 * Internals of the time core, shared by tzif.c (reading), posix_tz.c (the
 * TZif footer rule), tz.c (lookups) and tzdb.c (the zone catalogue).
 */
#ifndef CP_TZ_PRIVATE_H
#define CP_TZ_PRIVATE_H

#include <cohortplan/tz.h>

/* One local time type of a TZif file (RFC 8536 section 3.2, ttinfo). */
struct tz_type {
	int32_t utoff;
	bool isdst;
	char abbr[CP_TZ_ABBR_MAX];
};

/* A POSIX TZ rule as found in a TZif v2+ footer, with RFC 8536's
 * extensions (rule times from -167 to 167 hours). */
enum tz_rule_kind {
	TZ_RULE_JULIAN1,  /* Jn: 1..365, February 29 never counted */
	TZ_RULE_JULIAN0,  /* n: 0..365, zero based, leap day counted */
	TZ_RULE_MWD,      /* Mm.w.d: day d of week w (5 = last) of month m */
};

struct tz_rule {
	enum tz_rule_kind kind;
	int day;       /* Jn / n */
	int month;     /* Mm.w.d */
	int week;
	int wday;
	int32_t secs;  /* local time of day of the change, may be < 0 or > 24 h */
};

struct tz_posix {
	struct tz_type std;
	bool has_dst;
	struct tz_type dst;
	struct tz_rule start;  /* change to DST, in standard time */
	struct tz_rule end;    /* change back, in DST time */
};

/* Parse a footer such as "CET-1CEST,M3.5.0,M10.5.0/3". False on syntax
 * error; *out is untouched then. */
bool cp_tz_posix_parse(const char *s, struct tz_posix *out);

/* The DST start and end instants of a year for a rule with has_dst. Returns
 * false when DST is in force all year (RFC 8536 section 3.3.1), in which case
 * the instants are meaningless. */
bool cp_tz_posix_year(const struct tz_posix *p, int32_t year, cp_instant *start,
		      cp_instant *end);

/*
 * A zone: the TZif transitions, extended from the footer rule up to
 * table_end_year, plus the rule itself for anything later.
 *
 * Period p (0 <= p <= n) runs from at[p-1] (or the beginning of time) to
 * at[p] (or the end of the table) with type types[tix(p)], where tix(0) is
 * the initial type 0 and tix(p) = idx[p-1].
 */
struct cp_tz {
	char *name;
	size_t n;
	cp_instant *at;
	int32_t *off;     /* off[k] = types[idx[k]].utoff, kept for fast scans */
	uint8_t *idx;
	struct tz_type *types;
	size_t ntypes;
	/* Instants from table_end on are computed from the footer rule; the
	 * table still holds all transitions of the year starting there. */
	bool has_rule;
	cp_instant table_end;
	struct tz_posix rule;
	uint8_t rule_std_idx, rule_dst_idx;
};

/* Parse a TZif file's bytes into a zone named name. */
struct cp_tz *cp_tz_from_tzif(const char *name, const unsigned char *data,
			      size_t len, struct cp_tz_error *err);
void cp_tz_free(struct cp_tz *tz);

/* Fill err with status and a printf-style message. */
void cp_tz_set_error(struct cp_tz_error *err, enum cp_tz_status status,
		     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
