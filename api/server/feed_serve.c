/*
 * GET /feeds/<token>.ics: what calendar applications poll. No
 * authentication but the token itself (192 random bits), looked up by its
 * SHA-256 so that the database index compares hashes, never the secret,
 * and a miss costs what a hit costs. Unknown, revoked and malformed tokens
 * all get the same plain 404. Conditional requests (ETag, Last-Modified)
 * answer 304 without the body.
 */
#include <stdlib.h>
#include <string.h>

#include "reply.h"
#include "server-private.h"

#define FEED_CACHE_CONTROL "private, max-age=300"

static bool
token_syntax_ok(const char *t, size_t n)
{
	if (n != SRV_FEED_TOKEN_CHARS)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return true;
}

/* Does an If-None-Match list name etag? ("*", weak forms compare too, as
 * RFC 9110 wants for If-None-Match.) */
static bool
etag_matches(const char *list, const char *etag)
{
	size_t elen = strlen(etag);
	const char *p = list;

	while (*p) {
		const char *start;
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		if (*p == '*')
			return true;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		start = p;
		while (*p && *p != ',')
			p++;
		{
			size_t n = (size_t)(p - start);
			while (n && (start[n - 1] == ' ' || start[n - 1] == '\t'))
				n--;
			if (n == elen && memcmp(start, etag, n) == 0)
				return true;
		}
	}
	return false;
}

static enum MHD_Result
not_found(struct srv_request *r)
{
	static const char body[] = "not found\n";
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		sizeof(body) - 1, (void *)body, MHD_RESPMEM_PERSISTENT);

	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	return srv_queue(r, MHD_HTTP_NOT_FOUND, resp);
}

enum MHD_Result
srv_feed_serve(struct srv_request *r, const char *name)
{
	struct cp_server *s = r->srv;
	struct cp_store_feed_body fb = { 0 };
	struct cp_error err = { 0 };
	struct MHD_Response *resp;
	struct cp_store *st;
	uint8_t hash[SRV_SHA256_LEN];
	const char *inm, *ims;
	char date[40];
	size_t n, tlen;
	bool valid, not_modified = false;
	enum cp_status rc;
	enum MHD_Result ret;
	unsigned status;

	if (!name) {
		resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		if (!resp)
			return MHD_NO;
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
		return srv_queue(r, MHD_HTTP_METHOD_NOT_ALLOWED, resp);
	}
	n = strlen(name);
	tlen = n > 4 && strcmp(name + n - 4, ".ics") == 0 ? n - 4 : n;
	valid = tlen != n && token_syntax_ok(name, tlen);
	/* Hash and look up whatever came: the same work for every request. */
	srv_sha256(name, tlen, hash);
	st = srv_store_get(s);
	rc = cp_store_feed_lookup(st, hash, &fb, &err);
	srv_store_put(s, st);
	if (rc == CP_ERR_NOT_FOUND || (rc == CP_OK && !valid)) {
		cp_store_feed_body_finish(&fb);
		return not_found(r);
	}
	if (rc != CP_OK)
		return srv_reply_store_error(r, &err);

	inm = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	ims = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
					  MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
	if (inm) {
		not_modified = etag_matches(inm, fb.etag);
	} else if (ims) {
		int64_t since;
		not_modified = srv_http_date_parse(ims, &since) && fb.modified <= since;
	}
	if (not_modified) {
		resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		status = MHD_HTTP_NOT_MODIFIED;
	} else {
		resp = MHD_create_response_from_buffer(fb.body_len, fb.body, MHD_RESPMEM_MUST_FREE);
		if (resp)
			fb.body = NULL; /* the response owns it now */
		status = MHD_HTTP_OK;
	}
	if (!resp) {
		cp_store_feed_body_finish(&fb);
		return MHD_NO;
	}
	srv_http_date(fb.modified, date, sizeof(date));
	if (status == MHD_HTTP_OK)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
					"text/calendar; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, fb.etag);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, date);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, FEED_CACHE_CONTROL);
	/* The URL is the secret: never leak it in a Referer. */
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	ret = srv_queue(r, status, resp);
	cp_store_feed_body_finish(&fb);
	return ret;
}
