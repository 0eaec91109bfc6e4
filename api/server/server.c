/*
 * The daemon: libmicrohttpd set-up, the request life cycle (authentication
 * and size limits before a byte of the body is read), routing and the
 * maintenance thread. Responses are in reply.c and the log, clock and store
 * pool in context.c, so that the handlers this file routes to never call
 * back into it.
 */
#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "reply.h"
#include "server-private.h"
#include "web.h"

static int64_t
default_clock(void *data)
{
	(void)data;
	return (int64_t)time(NULL);
}

/* ---- the request life cycle ------------------------------------------------- */

#if MHD_VERSION < 0x01000000
/* A NUL byte in a header (RFC 9110 5.5: reject the message, or replace it
 * with a space). libmicrohttpd 1.0 refuses such a request itself; 0.9.x
 * ends the value at the NUL, so "Authorization: Bearer TOKEN\0junk" would
 * reach us as the token alone and be accepted. 0.9.x parses in place in
 * its read buffer, turning each line's CR and LF into NULs: a value is
 * followed by one or two zero bytes and then the next header's name (or
 * the blank line's two more zeros at the end of the headers). Anything
 * else there (the "junk") means the value held a NUL. Values moved by
 * line folding are not in the buffer and are let be. */
struct nul_scan {
	uintptr_t start, end;   /* the request line to the end of the headers */
	uintptr_t last_key, prev_end;
	bool prev_in, found, odd;
};

static bool
zeros_only(uintptr_t from, uintptr_t to)
{
	for (const char *p = (const char *)from; p < (const char *)to; p++)
		if (*p)
			return false;
	return true;
}

static enum MHD_Result
scan_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct nul_scan *n = cls;
	uintptr_t k = (uintptr_t)key, v = (uintptr_t)value;

	(void)kind;
	if (k <= n->start || k >= n->end || k <= n->last_key) {
		/* not the layout described above: check nothing rather than
		 * refuse good requests (test server-hardening notices) */
		n->odd = true;
		return MHD_NO;
	}
	if (n->prev_in && (k - n->prev_end > 2 || !zeros_only(n->prev_end, k))) {
		n->found = true;
		return MHD_NO;
	}
	n->last_key = k;
	n->prev_in = v > k && v < n->end;
	n->prev_end = v + strlen(value);
	return MHD_YES;
}

static bool
header_has_nul(struct srv_request *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
	struct nul_scan n = { 0 };

	if (!ci)
		return false;
	n.start = (uintptr_t)r->method;
	n.end = n.start + ci->header_size;
	n.last_key = n.start;
	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, scan_header, &n);
	if (n.odd || n.found)
		return n.found;
	return n.prev_in && (n.end - n.prev_end > 4 || !zeros_only(n.prev_end, n.end));
}
#else
static bool
header_has_nul(struct srv_request *r)
{
	(void)r;
	return false; /* libmicrohttpd answers 400 itself */
}
#endif

static bool
authorized(struct srv_request *r, bool *present)
{
	const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
						    MHD_HTTP_HEADER_AUTHORIZATION);
	uint8_t got[SRV_SHA256_LEN];

	*present = h != NULL;
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return false;
	h += 7;
	while (*h == ' ')
		h++;
	/* Hash first: the comparison then takes the same time whatever the
	 * length or the prefix of the guess. */
	srv_sha256(h, strlen(h), got);
	return srv_hash_equal(got, r->srv->token_hash);
}

static bool
starts_with_segment(const char *url, const char *seg)
{
	size_t n = strlen(seg);

	return strncmp(url, seg, n) == 0 && (url[n] == '/' || url[n] == '\0');
}

/* The browser side takes form bodies on these paths (web.h). */
static bool
web_body_path(const char *url)
{
	return strcmp(url, "/login") == 0 || strcmp(url, "/logout") == 0 ||
	       starts_with_segment(url, "/w") || starts_with_segment(url, "/a");
}

static bool
is_form(struct srv_request *r)
{
	const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_TYPE);

	return ct && (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0 ||
		      strncasecmp(ct, "multipart/form-data", 19) == 0);
}

/* The first call for a request: headers are in, the body is not. Refuse
 * early what will be refused anyway, so nobody uploads 1 GB to hear 401. */
static enum MHD_Result
first_call(struct srv_request *r)
{
	struct cp_server *s = r->srv;
	const char *cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *te = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_TRANSFER_ENCODING);
	unsigned long long length = 0;

	if (header_has_nul(r))
		return srv_reply_error(r, MHD_HTTP_BAD_REQUEST, "bad_request",
				       "a header holds a NUL byte");
	if (cl) {
		char *end;
		errno = 0;
		length = strtoull(cl, &end, 10);
		if (errno || *end || end == cl)
			return srv_reply_error(r, MHD_HTTP_BAD_REQUEST, "bad_request",
					       "malformed Content-Length");
	}
	r->has_body = length > 0 || (te && strcasecmp(te, "identity") != 0);

	if (starts_with_segment(r->url, "/v1")) {
		bool present;
		long wait = srv_throttle_wait(r);
		if (wait > 0)
			return srv_reply_error(r, 429, "too_many_attempts",
					       "too many wrong planner tokens from this address: "
					       "try again in %ld s", wait);
		bool ok = authorized(r, &present);
		if (!ok && present)
			srv_throttle_failed(r);
		if (!ok)
			return srv_reply_error(r, MHD_HTTP_UNAUTHORIZED,
					       present ? "invalid_token" : "missing_token",
					       present ? "the planner token is not valid"
						       : "this endpoint needs 'Authorization: Bearer TOKEN'");
		if (r->has_body && length > s->cfg.max_body)
			return srv_reply_error(r, 413, "too_large",
					       "the body has %llu bytes; the limit is %zu", length,
					       s->cfg.max_body);
		/* an attendance register is CSV (docs/attendance.md); every
		 * other body of the API is JSON */
		size_t ul = strlen(r->url), al = strlen("/attendance");
		bool csv = ul > al && strcmp(r->url + ul - al, "/attendance") == 0;
		if (r->has_body && !srv_request_is(r, csv ? "text/csv" : "application/json"))
			return srv_reply_error(r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
					       "send the body as 'Content-Type: %s'",
					       csv ? "text/csv" : "application/json");
	} else if (r->has_body && web_body_path(r->url) && strcmp(r->method, "POST") == 0) {
		if (length > s->cfg.max_body)
			return srv_reply_error(r, 413, "too_large",
					       "the body has %llu bytes; the limit is %zu", length,
					       s->cfg.max_body);
		if (!is_form(r))
			return srv_reply_error(r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
					       "unsupported_media_type", "send a form");
	} else if (r->has_body) {
		/* Nothing else takes a body. */
		if (length > s->cfg.max_body)
			return srv_reply_error(r, 413, "too_large",
					       "this endpoint takes no body");
	}
	return MHD_YES;
}

static enum MHD_Result
take_body(struct srv_request *r, const char *data, size_t size)
{
	size_t limit = r->srv->cfg.max_body;

	if (r->too_large) {
		r->len += size;
		return r->len / 4 > limit ? MHD_NO : MHD_YES;
	}
	if (!starts_with_segment(r->url, "/v1") && !web_body_path(r->url))
		return MHD_YES;
	if (size > limit - r->len) {
		/* A chunked body (no Content-Length) that grew past the limit.
		 * libmicrohttpd cannot answer in the middle of an upload: drop
		 * what we have, discard the rest and answer 413 at its end. A
		 * client that keeps sending is cut off by the idle timeout or
		 * by the hard cap below. */
		r->too_large = true;
		free(r->body);
		r->body = NULL;
		r->cap = 0;
		return MHD_YES;
	}
	if (r->len + size + 1 > r->cap) {
		size_t nc = r->cap ? r->cap : 8192;
		char *nb;
		while (nc < r->len + size + 1)
			nc *= 2;
		if (nc > limit + 1)
			nc = limit + 1;
		nb = realloc(r->body, nc);
		if (!nb)
			return MHD_NO;
		r->body = nb;
		r->cap = nc;
	}
	memcpy(r->body + r->len, data, size);
	r->len += size;
	r->body[r->len] = '\0';
	return MHD_YES;
}

#define MAX_SEGS 8

static enum MHD_Result
dispatch(struct srv_request *r)
{
	char path[1024];
	char *segs[MAX_SEGS];
	size_t n = 0;
	char *p, *save = NULL;

	if (r->too_large)
		return srv_reply_error(r, 413, "too_large", "the body exceeds the limit of %zu bytes",
				       r->srv->cfg.max_body);
	if (strlen(r->url) >= sizeof(path))
		return srv_reply_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no such resource");
	strcpy(path, r->url);
	if (path[0] != '/')
		return srv_reply_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no such resource");
	/* Split the decoded path strictly: empty, "." and ".." segments name
	 * nothing here (we serve no files, but say so plainly). */
	for (p = strtok_r(path, "/", &save); p; p = strtok_r(NULL, "/", &save)) {
		if (n == MAX_SEGS || strcmp(p, ".") == 0 || strcmp(p, "..") == 0)
			return srv_reply_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no such resource");
		segs[n++] = p;
	}
	/* Empty segments (a//b, a trailing /feeds/T.ics/) match nothing. */
	if (strstr(r->url, "//") || (strlen(r->url) > 1 && r->url[strlen(r->url) - 1] == '/'))
		return srv_reply_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no such resource");

	if (n == 2 && strcmp(segs[0], "feeds") == 0) {
		if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0)
			return srv_feed_serve(r, NULL);
		return srv_feed_serve(r, segs[1]);
	}
	if (n == 1 && strcmp(segs[0], "healthz") == 0) {
		if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0)
			return srv_reply_error(r, 405, "method_not_allowed",
					       "this method is not allowed here");
		return srv_reply_json(r, MHD_HTTP_OK, strdup("{\"status\":\"ok\"}"));
	}
	if (n >= 1 && strcmp(segs[0], "v1") == 0)
		return srv_planner_route(r, segs + 1, n - 1);
	if (n >= 1 && strcmp(segs[0], "a") == 0)
		return srv_avail_route(r, segs + 1, n - 1);
	if (n == 0 || strcmp(segs[0], "w") == 0 || strcmp(segs[0], "login") == 0 ||
	    strcmp(segs[0], "logout") == 0)
		return srv_workspace_route(r, segs, n);
	return srv_reply_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no such resource");
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
	   const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct cp_server *s = cls;
	struct srv_request *r = *con_cls;

	(void)version;
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return MHD_NO;
		r->srv = s;
		r->conn = conn;
		r->method = method;
		r->url = url;
		clock_gettime(CLOCK_MONOTONIC, &r->started);
		*con_cls = r;
		enum MHD_Result ret = first_call(r);
		srv_deadline_headers_done(r);
		return ret;
	}
	srv_deadline_body(r, *upload_size);
	if (!*upload_size)
		srv_deadline_body_done(r);
	if (r->queued) {
		/* Answered already: drop whatever else arrives. */
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		enum MHD_Result ret = take_body(r, upload_data, *upload_size);
		*upload_size = 0;
		return ret;
	}
	return dispatch(r);
}

/* What the access log shows of a path: feed tokens and participant ids
 * are secrets or personal data. */
static void
redact(const char *url, char *out, size_t n)
{
	const char *p;

	if (starts_with_segment(url, "/feeds")) {
		snprintf(out, n, "/feeds/[token]");
		return;
	}
	if (starts_with_segment(url, "/a") && !starts_with_segment(url, "/a/s")) {
		snprintf(out, n, "/a/[token]");
		return;
	}
	p = strstr(url, "/participants/");
	if (p) {
		snprintf(out, n, "%.*s/participants/[id]", (int)(p - url), url);
		return;
	}
	snprintf(out, n, "%s", url);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
	     enum MHD_RequestTerminationCode toe)
{
	struct cp_server *s = cls;
	struct srv_request *r = *con_cls;

	/* Whatever happens next on this connection is a new request. */
	srv_deadline_next_request(s, conn);
	if (!r)
		return;
	if (s->cfg.access_log) {
		struct timespec now;
		char path[160];
		double ms;

		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (double)(now.tv_sec - r->started.tv_sec) * 1e3 +
		     (double)(now.tv_nsec - r->started.tv_nsec) / 1e6;
		redact(r->url, path, sizeof(path));
		srv_log(s, "%s %s %u %.1f ms%s", r->method, path, r->status, ms,
			toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
	}
	free(r->body);
	free(r);
	*con_cls = NULL;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decoding of the path, in place, except that "%00" stays as it
 * is: a NUL would cut the decoded path short and make
 * "/feeds/TOKEN.ics%00.txt" look like "/feeds/TOKEN.ics". */
static size_t
unescape(void *cls, struct MHD_Connection *c, char *uri)
{
	char *r = uri, *w = uri;

	(void)cls;
	(void)c;
	while (*r) {
		int hi, lo;
		if (r[0] == '%' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0 &&
		    (hi || lo)) {
			*w++ = (char)(hi * 16 + lo);
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return (size_t)(w - uri);
}

static void
mhd_logger(void *cls, const char *fmt, va_list ap)
{
	struct cp_server *s = cls;
	char line[400];
	size_t n;

	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	srv_log(s, "http: %s", line);
}

/* ---- maintenance ----------------------------------------------------------------- */

bool
cp_server_expire(struct cp_server *s, size_t *removed)
{
	struct cp_error err = { 0 };
	struct cp_store *st;
	int64_t today, before;
	size_t n = 0;
	bool ok = true;

	if (removed)
		*removed = 0;
	if (s->cfg.retention_days <= 0)
		return true;
	today = srv_now(s) / 86400;
	before = today - s->cfg.retention_days;
	st = srv_store_get(s);
	pthread_mutex_lock(&s->write_lock);
	if (cp_store_begin(st, &err) || cp_store_expire(st, before, &n, &err)) {
		ok = false;
	} else if (n) {
		char detail[96];
		snprintf(detail, sizeof(detail),
			 "removed %zu course(s) that ended more than %d days ago", n,
			 s->cfg.retention_days);
		ok = cp_store_audit(st, srv_now(s), "retention", detail, &err) == CP_OK;
	}
	if (ok)
		ok = cp_store_commit(st, &err) == CP_OK;
	else
		cp_store_rollback(st);
	if (ok && n)
		cp_store_checkpoint(st, NULL);
	pthread_mutex_unlock(&s->write_lock);
	srv_store_put(s, st);
	if (!ok)
		srv_log(s, "retention failed: %s", err.message);
	else if (n)
		srv_log(s, "retention: removed %zu finished course(s)", n);
	if (removed)
		*removed = n;
	return ok;
}

static void *
maintenance(void *arg)
{
	struct cp_server *s = arg;

	pthread_mutex_lock(&s->maint_lock);
	while (!s->stopping) {
		struct timespec until;
		pthread_mutex_unlock(&s->maint_lock);
		cp_server_expire(s, NULL);
		pthread_mutex_lock(&s->maint_lock);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 3600;
		while (!s->stopping &&
		       pthread_cond_timedwait(&s->maint_cond, &s->maint_lock, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&s->maint_lock);
	return NULL;
}

/* ---- create and destroy ------------------------------------------------------------- */

/* "HOST:PORT", "[V6]:PORT" -> a socket address; CP_OK, or CP_ERR_INVALID
 * with err filled. */
static enum cp_status
parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *sslen, bool *v6,
	     struct cp_error *err)
{
	char host[256];
	const char *colon, *port;
	struct addrinfo hints, *res = NULL;
	int rc;

	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');
		if (!close || close[1] != ':' || (size_t)(close - listen - 1) >= sizeof(host))
			return cp_error_set(err, CP_ERR_INVALID,
					    "listen address '%s': expected [IPv6]:PORT", listen);
		memcpy(host, listen + 1, (size_t)(close - listen - 1));
		host[close - listen - 1] = '\0';
		port = close + 2;
	} else {
		colon = strrchr(listen, ':');
		if (!colon || (size_t)(colon - listen) >= sizeof(host))
			return cp_error_set(err, CP_ERR_INVALID,
					    "listen address '%s': expected HOST:PORT", listen);
		memcpy(host, listen, (size_t)(colon - listen));
		host[colon - listen] = '\0';
		port = colon + 1;
	}
	if (!port[0] || strspn(port, "0123456789") != strlen(port) || atol(port) > 65535)
		return cp_error_set(err, CP_ERR_INVALID, "listen address '%s': bad port", listen);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
	if (rc != 0 || !res)
		return cp_error_set(err, CP_ERR_INVALID, "listen address '%s': %s", listen,
				    gai_strerror(rc));
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sslen = res->ai_addrlen;
	*v6 = res->ai_family == AF_INET6;
	freeaddrinfo(res);
	return CP_OK;
}

static unsigned int
per_ip_limit(unsigned max_connections)
{
	unsigned n = max_connections / 8;

	return n < 8 ? (max_connections < 8 ? max_connections : 8) : n;
}

/* The defaults of the settings left zero. */
static void
config_defaults(struct cp_server_config *cfg)
{
	if (!cfg->http_threads)
		cfg->http_threads = 4;
	if (!cfg->workers)
		cfg->workers = 1;
	if (!cfg->queue)
		cfg->queue = 8;
	if (!cfg->max_body)
		cfg->max_body = (size_t)32 << 20;
	if (!cfg->timeout)
		cfg->timeout = 30;
	if (!cfg->max_connections)
		cfg->max_connections = 512;
	if (cfg->max_solve_seconds <= 0)
		cfg->max_solve_seconds = 600;
	if (!cfg->solve)
		cfg->solve = cp_pipeline_solve;
	if (!cfg->clock)
		cfg->clock = default_clock;
	if (!cfg->random)
		cfg->random = srv_os_random;
	if (!cfg->header_timeout)
		cfg->header_timeout = 10;
	if (!cfg->body_timeout)
		cfg->body_timeout = 20;
	if (!cfg->body_min_rate)
		cfg->body_min_rate = 1024;
}

/* The server's mutexes and condition variables. */
static void
init_locks(struct cp_server *s)
{
	pthread_mutex_init(&s->pool_lock, NULL);
	pthread_cond_init(&s->pool_cond, NULL);
	pthread_mutex_init(&s->log_lock, NULL);
	pthread_mutex_init(&s->write_lock, NULL);
	pthread_mutex_init(&s->maint_lock, NULL);
	pthread_cond_init(&s->maint_cond, NULL);
	pthread_mutex_init(&s->session_lock, NULL);
	pthread_mutex_init(&s->throttle_lock, NULL);
	pthread_mutex_init(&s->conn_lock, NULL);
	pthread_cond_init(&s->watchdog_cond, NULL);
}

/* Open the pool of store connections (all idle) and mark the solve jobs an
 * earlier run left running as interrupted; false with err set. */
static bool
open_pool(struct cp_server *s, struct cp_error *err)
{
	struct cp_error serr = { 0 };

	s->pool_n = s->cfg.http_threads;
	s->pool = calloc(s->pool_n, sizeof(*s->pool));
	s->idle = calloc(s->pool_n, sizeof(*s->idle));
	if (!s->pool || !s->idle) {
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
		return false;
	}
	for (size_t i = 0; i < s->pool_n; i++) {
		s->pool[i] = cp_store_open(s->db, &serr);
		if (!s->pool[i]) {
			if (err)
				*err = serr;
			return false;
		}
		s->idle[s->idle_n++] = s->pool[i];
	}
	{
		size_t n = 0;
		if (cp_store_job_interrupt_all(s->pool[0], srv_now(s), &n, &serr)) {
			if (err)
				*err = serr;
			return false;
		}
		if (n)
			srv_log(s, "%zu solve job(s) of an earlier run marked interrupted", n);
	}
	return true;
}

/* Start libmicrohttpd's daemon on addr; false with err set. */
static bool
start_daemon(struct cp_server *s, const struct sockaddr_storage *addr, bool v6,
	     struct cp_error *err)
{
	unsigned flags;

	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (v6)
		flags |= MHD_USE_IPv6;
	s->mhd = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
		/* First, so that libmicrohttpd never prints on its own. */
		MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, s,
		MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)addr,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)s->cfg.http_threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)s->cfg.timeout,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)s->cfg.max_connections,
		/* One address may hold an eighth of the connections, so one
		 * slow client cannot starve the others. */
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip_limit(s->cfg.max_connections),
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
		/* No SO_REUSEPORT: a second server on the same port must fail to
		 * bind, not split the requests between two databases. */
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, s,
		/* Deadlines for headers and body (deadline.c): the idle
		 * timeout alone restarts with every byte a slow client sends. */
		MHD_OPTION_NOTIFY_CONNECTION, srv_deadline_notify, s,
		MHD_OPTION_END);
	if (!s->mhd) {
		cp_error_set(err, CP_ERR_IO, "cannot listen on %s: %s", s->listen,
			     errno ? strerror(errno) : "libmicrohttpd refused the options");
		return false;
	}
	return true;
}

struct cp_server *
cp_server_create(const struct cp_server_config *config, struct cp_error *err)
{
	struct cp_server *s;
	struct sockaddr_storage addr;
	socklen_t addrlen = 0;
	bool v6 = false;
	const union MHD_DaemonInfo *info;

	if (!config || !config->listen || !config->db || !config->tzdb) {
		cp_error_set(err, CP_ERR_INVALID, "listen address, database and tzdb are required");
		return NULL;
	}
	if (!config->token || strlen(config->token) < 16) {
		cp_error_set(err, CP_ERR_INVALID,
			     "the planner token must have at least 16 characters");
		return NULL;
	}
	if (parse_listen(config->listen, &addr, &addrlen, &v6, err) != CP_OK)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s) {
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
		return NULL;
	}
	s->cfg = *config;
	s->cfg.token = NULL;
	srv_sha256(config->token, strlen(config->token), s->token_hash);
	s->listen = strdup(config->listen);
	s->db = strdup(config->db);
	/* The same calendars as `cohortplan validate` and `solve`, so that a
	 * problem is checked exactly alike. */
	s->holidays_dir = strdup(config->holidays_dir ? config->holidays_dir
						       : cp_pipeline_holidays_dir());
	s->cfg.holidays_dir = s->holidays_dir;
	config_defaults(&s->cfg);
	init_locks(s);
	if (!s->listen || !s->db || !s->holidays_dir)
		goto nomem;

	/* Prove the random source works before promising feed links. */
	{
		uint8_t probe[16];
		if (!s->cfg.random(s->cfg.random_data, probe, sizeof(probe)) ||
		    !s->cfg.random(s->cfg.random_data, s->form_key, sizeof(s->form_key))) {
			cp_error_set(err, CP_ERR_LIBRARY, "the random source failed");
			goto fail;
		}
	}

	if (!open_pool(s, err))
		goto fail;

	if (config->base_url) {
		s->base_url = strdup(config->base_url);
		if (!s->base_url)
			goto nomem;
	}
	s->jobs = srv_jobs_create(s, s->cfg.workers, s->cfg.queue, err);
	if (!s->jobs)
		goto fail;

	if (!srv_deadline_start(s)) {
		cp_error_set(err, CP_ERR_NOMEM, "cannot start the slow-client watchdog");
		goto fail;
	}
	if (!start_daemon(s, &addr, v6, err))
		goto fail;
	info = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	if (!s->base_url) {
		char host[300];
		const char *colon = s->listen[0] == '[' ? strchr(s->listen, ']') + 1
							 : strrchr(s->listen, ':');
		snprintf(host, sizeof(host), "http://%.*s:%u", (int)(colon - s->listen),
			 s->listen, (unsigned)s->port);
		s->base_url = strdup(host);
		if (!s->base_url)
			goto nomem;
	}
	if (pthread_create(&s->maint, NULL, maintenance, s) == 0)
		s->maint_started = true;
	return s;

nomem:
	cp_error_set(err, CP_ERR_NOMEM, "out of memory");
fail:
	cp_server_destroy(s);
	return NULL;
}

uint16_t
cp_server_port(const struct cp_server *s)
{
	return s->port;
}

void
cp_server_destroy(struct cp_server *s)
{
	if (!s)
		return;
	/* Stop taking connections first and let the requests being answered
	 * finish (a few seconds at most); then finish the solves. */
	if (s->mhd) {
		MHD_socket fd = MHD_quiesce_daemon(s->mhd);
		for (int i = 0; i < 50; i++) {
			const union MHD_DaemonInfo *info =
				MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
			if (!info || info->num_connections == 0)
				break;
			nanosleep(&(struct timespec){ .tv_nsec = 100000000 }, NULL);
		}
		MHD_stop_daemon(s->mhd);
		if (fd != MHD_INVALID_SOCKET)
			close(fd);
	}
	/* After the daemon: it may still be told of connections until then. */
	srv_deadline_stop(s);
	pthread_mutex_lock(&s->maint_lock);
	s->stopping = true;
	pthread_cond_broadcast(&s->maint_cond);
	pthread_mutex_unlock(&s->maint_lock);
	if (s->maint_started)
		pthread_join(s->maint, NULL);
	srv_jobs_destroy(s->jobs);
	for (size_t i = 0; s->pool && i < s->pool_n; i++)
		cp_store_destroy(s->pool[i]);
	free(s->pool);
	free(s->idle);
	pthread_mutex_destroy(&s->pool_lock);
	pthread_cond_destroy(&s->pool_cond);
	pthread_mutex_destroy(&s->log_lock);
	pthread_mutex_destroy(&s->write_lock);
	pthread_mutex_destroy(&s->maint_lock);
	pthread_cond_destroy(&s->maint_cond);
	pthread_mutex_destroy(&s->session_lock);
	pthread_mutex_destroy(&s->throttle_lock);
	pthread_mutex_destroy(&s->conn_lock);
	pthread_cond_destroy(&s->watchdog_cond);
	free(s->listen);
	free(s->db);
	free(s->base_url);
	free(s->holidays_dir);
	free(s);
}
