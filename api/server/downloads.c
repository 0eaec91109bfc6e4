/*
 * Downloads of a stored plan for learning platforms: timetable.json and
 * the OneRoster 1.1 bulk bundle as a ZIP of its CSV files (the form
 * platforms import). The documents come from api/formats; this file only
 * packs them. ZIP needs CRC-32 and deflate: zlib does both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include <cohortplan/diag.h>
#include <cohortplan/plan.h>

#include "formats/oneroster.h"
#include "formats/plan_json.h"
#include "formats/timetable.h"
#include "reply.h"
#include "server-private.h"

struct buf {
	unsigned char *p;
	size_t len, cap;
	bool nomem;
};

static void
put(struct buf *b, const void *data, size_t n)
{
	if (b->nomem)
		return;
	if (b->len + n > b->cap) {
		size_t nc = b->cap ? b->cap : 4096;
		unsigned char *np;
		while (nc < b->len + n)
			nc *= 2;
		np = realloc(b->p, nc);
		if (!np) {
			b->nomem = true;
			return;
		}
		b->p = np;
		b->cap = nc;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void
put16(struct buf *b, unsigned v)
{
	unsigned char x[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
	put(b, x, 2);
}

static void
put32(struct buf *b, unsigned long v)
{
	unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8),
			       (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
	put(b, x, 4);
}

struct entry {
	const char *name;
	unsigned long crc, csize, usize, offset;
};

/* Raw deflate of data into b; false when out of memory. */
static bool
deflate_into(struct buf *b, const char *data, size_t len, unsigned long *csize)
{
	z_stream z;
	size_t start = b->len;
	unsigned long bound;
	int rc;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return false;
	bound = deflateBound(&z, (uLong)len);
	if (b->nomem)
		goto fail;
	if (b->len + bound > b->cap) {
		unsigned char *np = realloc(b->p, b->len + bound);
		if (!np)
			goto fail;
		b->p = np;
		b->cap = b->len + bound;
	}
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	z.next_out = b->p + start;
	z.avail_out = (uInt)bound;
	rc = deflate(&z, Z_FINISH);
	*csize = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END)
		return false;
	b->len = start + *csize;
	return true;
fail:
	deflateEnd(&z);
	return false;
}

/* DOS date and time of a Unix instant (UTC). */
static void
dos_time(int64_t t, unsigned *date, unsigned *time_)
{
	struct cp_civil c;

	cp_instant_to_civil(t, &c);
	if (c.year < 1980) {
		c.year = 1980;
		c.month = c.day = 1;
		c.hour = c.minute = c.second = 0;
	}
	*date = (unsigned)(((c.year - 1980) << 9) | (c.month << 5) | c.day);
	*time_ = (unsigned)((c.hour << 11) | (c.minute << 5) | (c.second / 2));
}

static char *
oneroster_zip(const struct cp_plan *plan, struct cp_tzdb *db, size_t *len)
{
	struct entry e[CP_ONEROSTER_COUNT];
	struct buf b = { 0 };
	unsigned date, tm;
	size_t cd_start, cd_len;

	dos_time(plan->created, &date, &tm);
	for (int f = 0; f < CP_ONEROSTER_COUNT; f++) {
		size_t n = 0;
		char *csv = cp_oneroster_csv(plan, db, NULL, (enum cp_oneroster_file)f, &n);

		if (!csv)
			goto fail;
		e[f].name = cp_oneroster_file_name((enum cp_oneroster_file)f);
		e[f].crc = crc32(crc32(0L, Z_NULL, 0), (const Bytef *)csv, (uInt)n);
		e[f].usize = (unsigned long)n;
		e[f].offset = (unsigned long)b.len;
		put32(&b, 0x04034b50);          /* local file header */
		put16(&b, 20);                  /* version needed: 2.0 (deflate) */
		put16(&b, 0);                   /* flags */
		put16(&b, 8);                   /* deflate */
		put16(&b, tm);
		put16(&b, date);
		put32(&b, e[f].crc);
		{
			/* The compressed size is known only after deflating:
			 * patch it in. */
			size_t at = b.len;
			put32(&b, 0);
			put32(&b, e[f].usize);
			put16(&b, (unsigned)strlen(e[f].name));
			put16(&b, 0);
			put(&b, e[f].name, strlen(e[f].name));
			if (b.nomem || !deflate_into(&b, csv, n, &e[f].csize)) {
				free(csv);
				goto fail;
			}
			b.p[at] = (unsigned char)e[f].csize;
			b.p[at + 1] = (unsigned char)(e[f].csize >> 8);
			b.p[at + 2] = (unsigned char)(e[f].csize >> 16);
			b.p[at + 3] = (unsigned char)(e[f].csize >> 24);
		}
		free(csv);
	}
	cd_start = b.len;
	for (int f = 0; f < CP_ONEROSTER_COUNT; f++) {
		put32(&b, 0x02014b50);          /* central directory entry */
		put16(&b, 20);                  /* made by: 2.0, MS-DOS attributes */
		put16(&b, 20);
		put16(&b, 0);
		put16(&b, 8);
		put16(&b, tm);
		put16(&b, date);
		put32(&b, e[f].crc);
		put32(&b, e[f].csize);
		put32(&b, e[f].usize);
		put16(&b, (unsigned)strlen(e[f].name));
		put16(&b, 0);                   /* extra */
		put16(&b, 0);                   /* comment */
		put16(&b, 0);                   /* disk */
		put16(&b, 0);                   /* internal attributes */
		put32(&b, 0);                   /* external attributes */
		put32(&b, e[f].offset);
		put(&b, e[f].name, strlen(e[f].name));
	}
	cd_len = b.len - cd_start;
	put32(&b, 0x06054b50);                  /* end of central directory */
	put16(&b, 0);
	put16(&b, 0);
	put16(&b, CP_ONEROSTER_COUNT);
	put16(&b, CP_ONEROSTER_COUNT);
	put32(&b, (unsigned long)cd_len);
	put32(&b, (unsigned long)cd_start);
	put16(&b, 0);
	if (b.nomem)
		goto fail;
	*len = b.len;
	return (char *)b.p;
fail:
	free(b.p);
	return NULL;
}

enum MHD_Result
srv_plan_export(struct srv_request *r, struct cp_store *st, int64_t plan_id, const char *what)
{
	struct cp_server *s = r->srv;
	struct cp_error err = { 0 };
	struct cp_store_plan row = { 0 };
	struct cp_diag *d;
	struct cp_plan *plan = NULL;
	enum cp_status rc;
	char *body = NULL;
	size_t len = 0;
	bool zip = strcmp(what, "oneroster.zip") == 0;
	struct MHD_Response *resp;

	rc = cp_store_plan_get(st, plan_id, &row, &err);
	if (rc == CP_ERR_NOT_FOUND)
		return srv_reply_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no plan %lld",
				       (long long)plan_id);
	if (rc)
		return srv_reply_store_error(r, &err);
	d = cp_diag_create(4);
	if (d && cp_plan_json_parse(row.body, row.body_len, s->cfg.tzdb, &plan, d) ==
			 CP_PLAN_JSON_OK)
		body = zip ? oneroster_zip(plan, s->cfg.tzdb, &len)
			   : cp_timetable_json_write(plan, s->cfg.tzdb, NULL, &len);
	cp_plan_destroy(plan);
	cp_diag_destroy(d);
	cp_store_plan_finish(&row);
	if (!body)
		return srv_reply_error(r, 500, "internal", "the %s could not be written", what);
	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				zip ? "application/zip" : "application/json");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (zip) {
		char cd[96];
		snprintf(cd, sizeof(cd), "attachment; filename=\"oneroster-plan-%lld.zip\"",
			 (long long)plan_id);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, cd);
	}
	return srv_queue(r, MHD_HTTP_OK, resp);
}
