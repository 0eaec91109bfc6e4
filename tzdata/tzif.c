/*
 * Reading compiled TZif files (RFC 8536), versions 1 to 4.
 *
 * Only the 64-bit data block of a v2+ file is used; the 32-bit block is
 * skipped (zic's default "slim" output leaves it empty anyway). Files with
 * leap-second records ("right/" zones) are rejected: cohortplan counts POSIX
 * seconds. After the stored transitions, the footer's POSIX TZ rule is
 * expanded into the table up to TABLE_END_YEAR so that ordinary lookups are
 * one binary search; later instants are computed from the rule in tz.c.
 */
#include "tz-private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TABLE_END_YEAR = 2101 };

void
cp_tz_set_error(struct cp_tz_error *err, enum cp_tz_status status, const char *fmt, ...)
{
	if (!err)
		return;
	err->status = status;
	err->suggestion[0] = '\0';
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
}

struct reader {
	const unsigned char *p;
	size_t left;
};

static bool
take(struct reader *r, size_t n, const unsigned char **out)
{
	if (r->left < n)
		return false;
	*out = r->p;
	r->p += n;
	r->left -= n;
	return true;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t
be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct header {
	char version;
	uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static bool
read_header(struct reader *r, struct header *h)
{
	const unsigned char *p;
	if (!take(r, 44, &p) || memcmp(p, "TZif", 4) != 0)
		return false;
	h->version = (char)p[4];
	h->isutcnt = be32(p + 20);
	h->isstdcnt = be32(p + 24);
	h->leapcnt = be32(p + 28);
	h->timecnt = be32(p + 32);
	h->typecnt = be32(p + 36);
	h->charcnt = be32(p + 40);
	return true;
}

/* Size of a data block with time values of tsize bytes. */
static size_t
block_size(const struct header *h, size_t tsize)
{
	return (size_t)h->timecnt * tsize + h->timecnt + (size_t)h->typecnt * 6 +
	       h->charcnt + (size_t)h->leapcnt * (tsize + 4) + h->isstdcnt + h->isutcnt;
}

void
cp_tz_free(struct cp_tz *tz)
{
	if (!tz)
		return;
	free(tz->name);
	free(tz->at);
	free(tz->off);
	free(tz->idx);
	free(tz->types);
	free(tz);
}

/* Index of a type equal to t, appended when new; -1 when the table is full. */
static int
find_or_add_type(struct cp_tz *tz, const struct tz_type *t)
{
	for (size_t i = 0; i < tz->ntypes; i++) {
		const struct tz_type *u = &tz->types[i];
		if (u->utoff == t->utoff && u->isdst == t->isdst && strcmp(u->abbr, t->abbr) == 0)
			return (int)i;
	}
	if (tz->ntypes >= 256)
		return -1;
	tz->types[tz->ntypes] = *t;
	return (int)tz->ntypes++;
}

static bool
append_transition(struct cp_tz *tz, size_t *cap, cp_instant at, int type)
{
	if (tz->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		cp_instant *nat = realloc(tz->at, ncap * sizeof *nat);
		if (!nat)
			return false;
		tz->at = nat;
		uint8_t *nidx = realloc(tz->idx, ncap);
		if (!nidx)
			return false;
		tz->idx = nidx;
		*cap = ncap;
	}
	tz->at[tz->n] = at;
	tz->idx[tz->n] = (uint8_t)type;
	tz->n++;
	return true;
}

/* Expand the footer rule into the table, after the last stored transition
 * and up to the end of TABLE_END_YEAR. */
static bool
extend_from_rule(struct cp_tz *tz, size_t *cap)
{
	int s = find_or_add_type(tz, &tz->rule.std);
	int d = find_or_add_type(tz, &tz->rule.dst);
	if (s < 0 || d < 0)
		return false;
	tz->rule_std_idx = (uint8_t)s;
	tz->rule_dst_idx = (uint8_t)d;
	tz->table_end = cp_days_from_civil(TABLE_END_YEAR, 1, 1) * 86400;

	cp_instant last = tz->n ? tz->at[tz->n - 1] : INT64_MIN;
	struct cp_civil c;
	cp_instant_to_civil(last == INT64_MIN ? 0 : last, &c);
	int32_t y0 = last == INT64_MIN ? 1970 : c.year;
	for (int32_t y = y0; y <= TABLE_END_YEAR; y++) {
		cp_instant a, b;
		if (!cp_tz_posix_year(&tz->rule, y, &a, &b))
			continue; /* DST all year: no transitions */
		cp_instant first = a < b ? a : b, second = a < b ? b : a;
		int first_type = a < b ? d : s, second_type = a < b ? s : d;
		if (first > last && !append_transition(tz, cap, first, first_type))
			return false;
		if (second > last && !append_transition(tz, cap, second, second_type))
			return false;
	}
	if (tz->n == 0 || last == INT64_MIN)
		tz->table_end = INT64_MIN; /* no stored data: the rule governs all */
	return true;
}

struct cp_tz *
cp_tz_from_tzif(const char *name, const unsigned char *data, size_t len,
		struct cp_tz_error *err)
{
	struct reader r = { data, len };
	struct header h;
	const unsigned char *blk;
	size_t tsize = 4;

	if (!read_header(&r, &h))
		goto bad;
	if (h.version >= '2') {
		/* Skip the v1 block, then use the v2+ header and 64-bit block. */
		if (!take(&r, block_size(&h, 4), &blk) || !read_header(&r, &h))
			goto bad;
		tsize = 8;
	}
	if (h.leapcnt != 0) {
		cp_tz_set_error(err, CP_TZ_ERR_FORMAT,
				"%s: TZif file has leap-second records; use non-\"right\" zoneinfo",
				name);
		return NULL;
	}
	if (h.typecnt == 0 || h.typecnt > 256 || h.charcnt == 0 ||
	    (h.isstdcnt != 0 && h.isstdcnt != h.typecnt) ||
	    (h.isutcnt != 0 && h.isutcnt != h.typecnt) || h.timecnt > 100000)
		goto bad;
	if (!take(&r, block_size(&h, tsize), &blk))
		goto bad;

	struct cp_tz *tz = calloc(1, sizeof *tz);
	if (!tz)
		goto nomem;
	tz->name = strdup(name);
	tz->types = calloc(256, sizeof *tz->types);
	if (!tz->name || !tz->types)
		goto nomem_free;

	const unsigned char *times = blk;
	const unsigned char *idxs = times + (size_t)h.timecnt * tsize;
	const unsigned char *ttinfo = idxs + h.timecnt;
	const unsigned char *chars = ttinfo + (size_t)h.typecnt * 6;

	tz->ntypes = h.typecnt;
	for (uint32_t i = 0; i < h.typecnt; i++) {
		const unsigned char *ti = ttinfo + i * 6;
		struct tz_type *t = &tz->types[i];
		t->utoff = (int32_t)be32(ti);
		t->isdst = ti[4] != 0;
		uint8_t desig = ti[5];
		/* RFC 8536: utoff in -89999..93599, desigidx inside chars. */
		if (t->utoff < -89999 || t->utoff > 93599 || desig >= h.charcnt ||
		    memchr(chars + desig, '\0', h.charcnt - desig) == NULL)
			goto bad_free;
		snprintf(t->abbr, sizeof t->abbr, "%s", (const char *)chars + desig);
	}

	size_t cap = 0;
	for (uint32_t i = 0; i < h.timecnt; i++) {
		cp_instant at = tsize == 8 ? be64(times + i * 8)
					   : (int32_t)be32(times + i * 4);
		if (idxs[i] >= h.typecnt || (tz->n && at <= tz->at[tz->n - 1]))
			goto bad_free;
		if (!append_transition(tz, &cap, at, idxs[i]))
			goto nomem_free;
	}

	tz->table_end = INT64_MAX;
	if (tsize == 8) {
		/* Footer: "\n" TZ-string "\n". */
		const unsigned char *nl;
		if (!take(&r, 1, &nl) || *nl != '\n')
			goto bad_free;
		const unsigned char *end = memchr(r.p, '\n', r.left);
		if (!end || (size_t)(end - r.p) >= 64)
			goto bad_free;
		char footer[64];
		memcpy(footer, r.p, (size_t)(end - r.p));
		footer[end - r.p] = '\0';
		if (footer[0] != '\0') {
			if (!cp_tz_posix_parse(footer, &tz->rule)) {
				cp_tz_set_error(err, CP_TZ_ERR_FORMAT,
						"%s: cannot parse TZ footer \"%s\"", name, footer);
				cp_tz_free(tz);
				return NULL;
			}
			tz->has_rule = tz->rule.has_dst;
			if (tz->has_rule && !extend_from_rule(tz, &cap))
				goto nomem_free;
		}
	}

	tz->off = malloc((tz->n ? tz->n : 1) * sizeof *tz->off);
	if (!tz->off)
		goto nomem_free;
	for (size_t i = 0; i < tz->n; i++)
		tz->off[i] = tz->types[tz->idx[i]].utoff;
	return tz;

bad_free:
	cp_tz_free(tz);
bad:
	cp_tz_set_error(err, CP_TZ_ERR_FORMAT, "%s: malformed TZif data", name);
	return NULL;
nomem_free:
	cp_tz_free(tz);
nomem:
	cp_tz_set_error(err, CP_TZ_ERR_NOMEM, "out of memory reading zone %s", name);
	return NULL;
}
