/*
 * The browser side of the server (private to api/server): an HTML builder
 * that escapes every value, planner sessions with their CSRF tokens, form
 * bodies (urlencoded or multipart, through libmicrohttpd's post processor)
 * and page responses with the security headers every page carries.
 * workspace.c (the planner's pages) and avail_page.c (the availability
 * links) build on it; it calls neither.
 *
 * Ownership: srv_html_take() hands its buffer to the caller; forms are
 * released with srv_form_finish(). Out of memory inside the builder is
 * sticky: the page is then not sent (500).
 */
#ifndef CP_SERVER_WEB_H
#define CP_SERVER_WEB_H

#include <stdbool.h>
#include <stddef.h>

#include "common/strbuf.h"
#include "locale/messages.h"
#include "server-private.h"

/* ---- HTML ------------------------------------------------------------------ */

struct srv_html {
	struct cp_strbuf text; /* the page; text.nomem: out of memory */
	struct cp_msg *msg;    /* borrowed: the page's language */
};

void srv_html_init(struct srv_html *h, struct cp_msg *msg);
void srv_html_finish(struct srv_html *h);
/* Markup written by us (never a value from a request or the store). */
void srv_html_raw(struct srv_html *h, const char *s);
void srv_html_rawf(struct srv_html *h, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Text, escaped for element content and quoted attribute values. */
void srv_html_text(struct srv_html *h, const char *s);
/* The localised message key (args as in cp_msg_format), escaped; a key
 * missing from the catalogue shows as the key, which the catalogue test
 * catches. */
void srv_html_t(struct srv_html *h, const char *key);
void srv_html_tf(struct srv_html *h, const char *key, size_t n, const char *const *args);
/* <!doctype html> ... <body>; dir="rtl" for Arabic. refresh > 0 adds a
 * meta refresh of that many seconds (job progress without scripts). */
void srv_html_begin(struct srv_html *h, const char *title, int refresh);
void srv_html_end(struct srv_html *h);

/* ---- language -------------------------------------------------------------- */

/* The page's language: ?lang= when supported, else the first supported
 * language of Accept-Language, else fallback (NULL: "en"). Static string. */
const char *srv_web_lang(struct srv_request *r, const char *fallback);

/* ---- responses --------------------------------------------------------------- */

/* Send the page (the builder's buffer is taken) with the strict CSP. */
enum MHD_Result srv_web_page(struct srv_request *r, unsigned status, struct srv_html *h,
			     const char *set_cookie);
/* Any body with the page headers and this CSP (NULL: the strict one). */
enum MHD_Result srv_web_reply(struct srv_request *r, unsigned status, const char *ctype,
			      char *body, size_t len, const char *csp, const char *set_cookie,
			      const char *location);
/* 303 See Other to location (a path of ours). */
enum MHD_Result srv_web_redirect(struct srv_request *r, const char *location,
				 const char *set_cookie);
/* A plain localised error page. */
enum MHD_Result srv_web_error(struct srv_request *r, unsigned status, const char *lang);

/* ---- sessions ----------------------------------------------------------------- */

/* Sessions live in struct cp_server (server-private.h), at most 64; a new
 * one beyond that replaces the one that expires first. */
#define SRV_SESSIONS 64
#define SRV_SESSION_SECONDS (12 * 3600)

/* A new session: *cookie receives the Set-Cookie header value (malloc'd).
 * False when the random source fails or out of memory. */
bool srv_session_create(struct cp_server *s, char **cookie);
/* The request's session: true with its CSRF token copied to csrf. */
bool srv_session_check(struct srv_request *r, char csrf[SRV_FEED_TOKEN_CHARS + 1]);
/* End the request's session; the Set-Cookie value that clears it. */
const char *srv_session_end(struct srv_request *r);
/* True when the session is valid and the form's "csrf" field matches it. */
struct srv_form;
bool srv_session_csrf_ok(struct srv_request *r, const struct srv_form *f);

/* ---- forms ----------------------------------------------------------------------- */

struct srv_form_field {
	char *key;
	char *value;         /* NUL-terminated; len bytes (may hold NULs for files) */
	size_t len;
	bool file;           /* an uploaded file's content */
};

struct srv_form {
	struct srv_form_field *v;
	size_t n, cap;
	bool oom;
};

/* Parse the request's body (urlencoded or multipart). False when the body
 * cannot be parsed or out of memory. */
bool srv_form_parse(struct srv_request *r, struct srv_form *f);
void srv_form_finish(struct srv_form *f);
/* The first value of key, or "" when absent. */
const char *srv_form_get(const struct srv_form *f, const char *key);
/* The i-th value of key (for repeated fields), or NULL. */
const struct srv_form_field *srv_form_nth(const struct srv_form *f, const char *key, size_t i);

/* ---- the problem reader --------------------------------------------------------- */

struct cp_diag;
/* Check a problem text exactly as `cohortplan validate` and PUT
 * /v1/problems do; the diag (caller destroys) holds every error and
 * warning, sorted by path. NULL when out of memory. */
struct cp_diag *srv_web_check(struct cp_server *s, const char *text, size_t len);

/* Store text as the next version of problem id (the course's last day
 * read from it, for retention): 0, 409 while the problem is being solved,
 * 500 or 503. */
unsigned srv_web_store_problem(struct cp_server *s, struct cp_store *st, const char *id,
			       const char *text);

/* ---- assets (assets.c, generated from api/server/www) ------------------------------ */

struct srv_asset {
	const char *name, *type;
	const unsigned char *data;
	size_t len;
};
/* The embedded file of that name, or NULL. */
const struct srv_asset *srv_asset_find(const char *name);

/* ---- ws_compare.c ---------------------------------------------------------------- */

/* Plans a and b side by side as a table: people reaching the target,
 * placed, not placed, cohorts, teachers and their hours, gap. False when
 * either plan cannot be read. */
bool srv_ws_compare(struct cp_server *s, struct cp_store *st, int64_t a, int64_t b,
		    struct srv_html *h);

/* ---- the two sides -------------------------------------------------------------- */

/* workspace.c: "/", /login, /logout, /w/... */
enum MHD_Result srv_workspace_route(struct srv_request *r, char **segs, size_t n);
/* avail_page.c: /a/<token> and /a/s/<asset> */
enum MHD_Result srv_avail_route(struct srv_request *r, char **segs, size_t n);

/* ---- calls.c ---------------------------------------------------------------------- */

/* Intake and follow-up calls of a stored problem (docs/workspace.md
 * "Calls"): the problem parsed and the engine's bookings, both owned. */
struct srv_calls {
	struct cp_problem *problem;
	struct cp_appoint_result *result;
	/* The course's stored booking (bookings.c), NULL when not booked:
	 * the result borrows its strings. */
	struct cp_appointments *stored;
	int64_t revision;   /* of the stored booking; 0: not booked */
	bool stale;         /* booked from an earlier version of the problem */
};

/* The calls of problem prob (its body NUL-terminated) as `cohortplan
 * appointments` books them: against the stored booking when there is one
 * (as --previous: what was booked and still fits stays, so the result is
 * the stored booking while the course is unchanged), else afresh, a
 * proposal. False, with *out empty, when the problem has no case
 * managers, does not read, or the rules do not fit it. */
bool srv_calls_book(struct cp_server *s, struct cp_store *st, const struct cp_store_problem *prob,
		    struct srv_calls *out);
void srv_calls_finish(struct srv_calls *c);
/* The planner's table: per booking the participant, the call, the case
 * manager and both wall times; then the calls not booked with why. */
void srv_calls_table(struct srv_html *h, const struct srv_calls *c);
/* A participant's own calls (their wall time only; no ids); returns how
 * many were shown (0: nothing written). */
size_t srv_calls_own(struct srv_html *h, const struct srv_calls *c, const char *participant);
/* Open a form's fieldset: <fieldset><legend> with the message legend, then
 * the message help as a paragraph when help is not NULL. */
void srv_html_fieldset(struct srv_html *h, const char *legend, const char *help);

#endif
