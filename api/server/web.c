/*
 * The browser side's common parts (web.h): HTML with escaping, languages,
 * page responses, planner sessions and CSRF, forms.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cohortplan/problem.h>

#include "common/array.h"
#include "formats/problem_json.h"
#include "formats/workspace_json.h"
#include "reply.h"
#include "web.h"

/* Pages load only our own style sheet and script; nothing inline, nothing
 * from elsewhere, no framing, forms post only to us. */
static const char CSP[] =
	"default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
	"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/* ---- HTML ------------------------------------------------------------------------ */

void
srv_html_init(struct srv_html *h, struct cp_msg *msg)
{
	memset(h, 0, sizeof(*h));
	h->msg = msg;
}

void
srv_html_finish(struct srv_html *h)
{
	free(h->text.s);
	memset(&h->text, 0, sizeof(h->text));
}

void
srv_html_raw(struct srv_html *h, const char *s)
{
	cp_strbuf_addn(&h->text, s, strlen(s));
}

void
srv_html_rawf(struct srv_html *h, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf)) {
		h->text.nomem = true; /* our own markup never gets this long */
		return;
	}
	cp_strbuf_addn(&h->text, buf, (size_t)n);
}

void
srv_html_text(struct srv_html *h, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		cp_strbuf_addn(&h->text, run, (size_t)(s - run));
		cp_strbuf_addn(&h->text, rep, strlen(rep));
		run = s + 1;
	}
	cp_strbuf_addn(&h->text, run, (size_t)(s - run));
}

void
srv_html_tf(struct srv_html *h, const char *key, size_t n, const char *const *args)
{
	char *t = h->msg ? cp_msg_format(h->msg, key, n, args) : NULL;

	srv_html_text(h, t ? t : key);
	free(t);
}

void
srv_html_t(struct srv_html *h, const char *key)
{
	srv_html_tf(h, key, 0, NULL);
}

void
srv_html_begin(struct srv_html *h, const char *title, int refresh)
{
	const char *lang = h->msg ? cp_msg_language(h->msg) : "en";

	srv_html_rawf(h, "<!doctype html><html lang=\"%s\" dir=\"%s\"><head>"
		      "<meta charset=\"utf-8\">"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		      "<meta name=\"referrer\" content=\"no-referrer\">",
		      lang, h->msg && cp_msg_rtl(h->msg) ? "rtl" : "ltr");
	if (refresh > 0)
		srv_html_rawf(h, "<meta http-equiv=\"refresh\" content=\"%d\">", refresh);
	srv_html_raw(h, "<title>");
	srv_html_text(h, title);
	srv_html_raw(h, "</title><link rel=\"stylesheet\" href=\"/a/s/app.css\">"
		     "<script src=\"/a/s/app.js\" defer></script></head><body><main>");
}

void
srv_html_end(struct srv_html *h)
{
	srv_html_raw(h, "</main></body></html>\n");
}

/* ---- language ------------------------------------------------------------------- */

static const char *
supported(const char *tag)
{
	static const char *const langs[] = { "ar", "fr", "en", "nl" };

	for (size_t i = 0; i < 4; i++)
		if (strncasecmp(tag, langs[i], 2) == 0 &&
		    (tag[2] == '\0' || tag[2] == '-' || tag[2] == '_' || tag[2] == ';' ||
		     tag[2] == ',' || tag[2] == ' '))
			return langs[i];
	return NULL;
}

const char *
srv_web_lang(struct srv_request *r, const char *fallback)
{
	const char *q = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "lang");
	const char *al = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
	const char *l;

	if (q && (l = supported(q)) && strlen(q) == 2)
		return l;
	if (fallback && (l = supported(fallback)))
		return l;
	/* Accept-Language in the order given (q-values are rarely other than
	 * descending). */
	while (al && *al) {
		al += strspn(al, " ,");
		if ((l = supported(al)))
			return l;
		al = strchr(al, ',');
	}
	return "en";
}

/* ---- responses -------------------------------------------------------------------- */

enum MHD_Result
srv_web_reply(struct srv_request *r, unsigned status, const char *ctype, char *body, size_t len,
	      const char *csp, const char *set_cookie, const char *location)
{
	struct MHD_Response *resp;

	resp = MHD_create_response_from_buffer(body ? len : 0, body ? body : (char *)"",
					       body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	if (ctype)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	MHD_add_response_header(resp, "Content-Security-Policy", csp ? csp : CSP);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	if (set_cookie)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, set_cookie);
	if (location)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, location);
	return srv_queue(r, status, resp);
}

enum MHD_Result
srv_web_page(struct srv_request *r, unsigned status, struct srv_html *h, const char *set_cookie)
{
	if (h->text.nomem) {
		srv_html_finish(h);
		return srv_reply_json(r, 500, NULL);
	}
	return srv_web_reply(r, status, "text/html; charset=utf-8", h->text.s, h->text.len, NULL,
			     set_cookie, NULL);
}

enum MHD_Result
srv_web_redirect(struct srv_request *r, const char *location, const char *set_cookie)
{
	return srv_web_reply(r, 303, NULL, NULL, 0, NULL, set_cookie, location);
}

enum MHD_Result
srv_web_error(struct srv_request *r, unsigned status, const char *lang)
{
	struct cp_msg *m = cp_msg_create(lang ? lang : "en", NULL);
	struct srv_html h;
	enum MHD_Result ret;
	const char *key = status == 404 ? "web_not_found"
			  : status == 403 ? "web_forbidden"
			  : status == 409 ? "web_conflict" : "web_failed";

	srv_html_init(&h, m);
	srv_html_begin(&h, "cohortplan", 0);
	srv_html_raw(&h, "<h1>");
	srv_html_t(&h, key);
	srv_html_raw(&h, "</h1>");
	srv_html_end(&h);
	ret = srv_web_page(r, status, &h, NULL);
	cp_msg_destroy(m);
	return ret;
}

/* ---- sessions ---------------------------------------------------------------------- */

/* Secure when the planner reaches us through TLS: the proxy's https base
 * URL says so. */
static bool
behind_tls(const struct cp_server *s)
{
	return strncmp(s->base_url, "https://", 8) == 0;
}

bool
srv_session_create(struct cp_server *s, char **cookie)
{
	char value[SRV_FEED_TOKEN_CHARS + 1], csrf[SRV_FEED_TOKEN_CHARS + 1];
	uint8_t hash[SRV_SHA256_LEN], unused[SRV_SHA256_LEN];
	int64_t now = srv_now(s);
	size_t slot = 0, n = 200;

	if (!srv_feed_token_new(s, value, hash) || !srv_feed_token_new(s, csrf, unused))
		return false;
	*cookie = malloc(n);
	if (!*cookie)
		return false;
	snprintf(*cookie, n, "cp_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
		 value, SRV_SESSION_SECONDS, behind_tls(s) ? "; Secure" : "");
	pthread_mutex_lock(&s->session_lock);
	/* A free or expired slot, else the one that expires first. */
	for (size_t i = 0; i < SRV_SESSIONS; i++) {
		if (s->sessions[i].expires <= now) {
			slot = i;
			break;
		}
		if (s->sessions[i].expires < s->sessions[slot].expires)
			slot = i;
	}
	memcpy(s->sessions[slot].hash, hash, SRV_SHA256_LEN);
	memcpy(s->sessions[slot].csrf, csrf, sizeof(csrf));
	s->sessions[slot].expires = now + SRV_SESSION_SECONDS;
	pthread_mutex_unlock(&s->session_lock);
	return true;
}

static long
find_session(struct srv_request *r)
{
	struct cp_server *s = r->srv;
	const char *c = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "cp_session");
	uint8_t hash[SRV_SHA256_LEN];
	int64_t now = srv_now(s);
	long found = -1;

	if (!c || strlen(c) != SRV_FEED_TOKEN_CHARS)
		return -1;
	srv_sha256(c, strlen(c), hash);
	for (size_t i = 0; i < SRV_SESSIONS; i++)
		if (s->sessions[i].expires > now && srv_hash_equal(hash, s->sessions[i].hash))
			found = (long)i;
	return found;
}

bool
srv_session_check(struct srv_request *r, char csrf[SRV_FEED_TOKEN_CHARS + 1])
{
	long i;

	pthread_mutex_lock(&r->srv->session_lock);
	i = find_session(r);
	if (i >= 0 && csrf)
		memcpy(csrf, r->srv->sessions[i].csrf, SRV_FEED_TOKEN_CHARS + 1);
	pthread_mutex_unlock(&r->srv->session_lock);
	return i >= 0;
}

const char *
srv_session_end(struct srv_request *r)
{
	long i;

	pthread_mutex_lock(&r->srv->session_lock);
	i = find_session(r);
	if (i >= 0)
		memset(&r->srv->sessions[i], 0, sizeof(r->srv->sessions[i]));
	pthread_mutex_unlock(&r->srv->session_lock);
	return "cp_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
}

bool
srv_session_csrf_ok(struct srv_request *r, const struct srv_form *f)
{
	char csrf[SRV_FEED_TOKEN_CHARS + 1];
	const char *got = srv_form_get(f, "csrf");
	uint8_t a[SRV_SHA256_LEN], b[SRV_SHA256_LEN];

	if (!srv_session_check(r, csrf))
		return false;
	srv_sha256(got, strlen(got), a);
	srv_sha256(csrf, strlen(csrf), b);
	return srv_hash_equal(a, b);
}

/* ---- forms ---------------------------------------------------------------------------- */

static enum MHD_Result
form_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
	   const char *content_type, const char *transfer_encoding, const char *data,
	   uint64_t off, size_t size)
{
	struct srv_form *f = cls;
	struct srv_form_field *x;

	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	/* A continuation of the last value (libmicrohttpd delivers big values
	 * in pieces), else a new field. */
	if (off == 0 || f->n == 0 || strcmp(f->v[f->n - 1].key, key) != 0) {
		struct srv_form_field *nv = cp_array_grow(f->v, f->n, &f->cap, sizeof(*nv), 32);
		if (!nv)
			goto oom;
		f->v = nv;
		x = &f->v[f->n];
		memset(x, 0, sizeof(*x));
		x->key = strdup(key);
		x->value = calloc(1, 1);
		x->file = filename != NULL;
		if (!x->key || !x->value) {
			free(x->key);
			free(x->value);
			goto oom;
		}
		f->n++;
	}
	x = &f->v[f->n - 1];
	if (size) {
		char *nv = realloc(x->value, x->len + size + 1);
		if (!nv)
			goto oom;
		memcpy(nv + x->len, data, size);
		x->len += size;
		nv[x->len] = '\0';
		x->value = nv;
	}
	return MHD_YES;
oom:
	f->oom = true;
	return MHD_NO;
}

bool
srv_form_parse(struct srv_request *r, struct srv_form *f)
{
	struct MHD_PostProcessor *pp;
	enum MHD_Result ok;

	memset(f, 0, sizeof(*f));
	if (!r->body || !r->len)
		return true;
	pp = MHD_create_post_processor(r->conn, 64 * 1024, form_field, f);
	if (!pp)
		return false;
	ok = MHD_post_process(pp, r->body, r->len);
	MHD_destroy_post_processor(pp);
	return ok == MHD_YES && !f->oom;
}

void
srv_form_finish(struct srv_form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].key);
		free(f->v[i].value);
	}
	free(f->v);
	memset(f, 0, sizeof(*f));
}

const struct srv_form_field *
srv_form_nth(const struct srv_form *f, const char *key, size_t i)
{
	for (size_t k = 0; k < f->n; k++)
		if (strcmp(f->v[k].key, key) == 0 && i-- == 0)
			return &f->v[k];
	return NULL;
}

const char *
srv_form_get(const struct srv_form *f, const char *key)
{
	const struct srv_form_field *x = srv_form_nth(f, key, 0);

	return x ? x->value : "";
}

/* ---- the problem reader -------------------------------------------------------------- */

struct cp_diag *
srv_web_check(struct cp_server *s, const char *text, size_t len)
{
	struct cp_problem_json_options opts = {
		/* as PUT /v1/problems: no files named in a request are read */
		.no_files = true,
		.holidays_dir = s->cfg.holidays_dir,
		.max_bytes = s->cfg.max_body,
	};
	struct cp_diag *d = cp_diag_create(200);
	struct cp_problem *p = NULL;

	if (!d)
		return NULL;
	cp_problem_json_parse(text, len, s->cfg.tzdb, &opts, &p, d);
	cp_problem_destroy(p);
	cp_diag_sort(d);
	return d;
}

static int64_t
end_day(const struct cp_ws_course *c)
{
	struct cp_civil d;

	if (!cp_parse_date(c->end, &d))
		return 0;
	return cp_days_from_civil(d.year, d.month, d.day);
}

unsigned
srv_web_store_problem(struct cp_server *s, struct cp_store *st, const char *id, const char *text)
{
	struct cp_error err = { 0 };
	struct cp_ws_course c;

	if (srv_jobs_active_for(s->jobs, id))
		return 409;
	cp_ws_course_read(text, strlen(text), &c);
	if (cp_store_problem_put(st, id, text, strlen(text), end_day(&c), srv_now(s), NULL,
				 &err)) {
		srv_log(s, "workspace: storing '%s' failed: %s", id, err.message);
		return err.status == CP_ERR_BUSY ? 503 : 500;
	}
	return 0;
}

void
srv_html_fieldset(struct srv_html *h, const char *legend, const char *help)
{
	srv_html_raw(h, "<fieldset><legend>");
	srv_html_t(h, legend);
	srv_html_raw(h, "</legend>");
	if (help) {
		srv_html_raw(h, "<p>");
		srv_html_t(h, help);
		srv_html_raw(h, "</p>");
	}
}
