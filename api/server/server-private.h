/*
 * Internals shared by the files of api/server. Not installed, not public.
 *
 * Files: server.c (daemon, routing, auth), context.c (log, clock, store
 * pool), reply.c (responses, reply.h), planner.c (the /v1
 * handlers), feed_serve.c (GET /feeds/<token>.ics), publish.c (rendering
 * and atomic publication, erasure), jobs.c (the solve worker pool),
 * crypto.c (nettle: hashes, tokens, constant-time compare; HTTP dates).
 * The server sees no cJSON: it builds its small JSON bodies with
 * formats/json_build.h, reads and writes error bodies, solve options and
 * the erasure edit with formats/http_json.h, and problems and plans with
 * the rest of api/formats.
 */
#ifndef CP_SERVER_PRIVATE_H
#define CP_SERVER_PRIVATE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

#include "server.h"
#include "store.h"

#define SRV_SHA256_LEN 32
/* Feed tokens: 24 bytes (192 bits) from the random source, base64url. */
#define SRV_FEED_TOKEN_BYTES 24
#define SRV_FEED_TOKEN_CHARS 32

struct srv_jobs;

/* Sign-in throttling (throttle.c): wrong planner tokens per client
 * address, SRV_THROTTLE_FAILURES in SRV_THROTTLE_WINDOW seconds. */
#define SRV_THROTTLE_SLOTS 256
#define SRV_THROTTLE_FAILURES 20
#define SRV_THROTTLE_WINDOW 600
struct srv_throttle_entry {
	uint8_t key[17];  /* family (4 or 6) and address */
	int64_t since;    /* start of the counting window; 0: free */
	int failures;
};

struct cp_server {
	struct cp_server_config cfg;    /* strings below are our copies */
	char *listen, *db, *base_url, *holidays_dir;
	uint8_t token_hash[SRV_SHA256_LEN]; /* SHA-256 of the planner token */
	struct MHD_Daemon *mhd;
	uint16_t port;

	/* Store connections for request threads: one per HTTP thread. */
	pthread_mutex_t pool_lock;
	pthread_cond_t pool_cond;
	struct cp_store **pool;         /* all connections */
	struct cp_store **idle;         /* the ones not borrowed */
	size_t pool_n, idle_n;

	pthread_mutex_t log_lock;
	/* Publishing and erasure rewrite many rows from a read-modify-write;
	 * they run one at a time (SQLite would serialise them anyway). */
	pthread_mutex_t write_lock;

	struct srv_jobs *jobs;

	/* The workspace (web.h): planner sessions in memory (a restart signs
	 * planners out), and the key that availability forms' CSRF fields are
	 * derived from. */
	pthread_mutex_t session_lock;
	struct {
		uint8_t hash[SRV_SHA256_LEN];
		char csrf[SRV_FEED_TOKEN_CHARS + 1];
		int64_t expires;
	} sessions[64];
	uint8_t form_key[SRV_SHA256_LEN];

	/* The maintenance thread: retention, hourly. */
	pthread_t maint;
	bool maint_started;
	bool stopping;
	pthread_mutex_t maint_lock;
	pthread_cond_t maint_cond;

	pthread_mutex_t throttle_lock;
	struct srv_throttle_entry throttle[SRV_THROTTLE_SLOTS];

	/* Slow clients (deadline.c): every open connection with the phase of
	 * its request, and the watchdog that cuts the late ones. */
	pthread_mutex_t conn_lock;
	pthread_cond_t watchdog_cond;
	struct srv_conn *conns;
	pthread_t watchdog;
	bool watchdog_started, watchdog_stop;
};

/* One HTTP request being answered. */
struct srv_request {
	struct cp_server *srv;
	struct MHD_Connection *conn;
	const char *method;
	const char *url;
	char *body;
	size_t len, cap;
	bool has_body;
	bool too_large;
	bool queued;        /* a response was queued early (413, 401, 415) */
	unsigned status;    /* for the access log */
	struct timespec started;
};

/* ---- context.c: the log, the clock, the store pool ------------------------ */
/* (Responses: reply.h.) */

void srv_log(struct cp_server *s, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
int64_t srv_now(struct cp_server *s);
/* A numeric id from a URL segment (digits, no leading zero); false if not. */
bool srv_parse_num_id(const char *s, int64_t *out);

/* ---- throttle.c: wrong planner tokens per client address ------------------ */

/* Seconds this request's address must still wait (0: it may try). */
long srv_throttle_wait(struct srv_request *r);
/* Count a wrong planner token from this request's address. */
void srv_throttle_failed(struct srv_request *r);
struct cp_store *srv_store_get(struct cp_server *s);
void srv_store_put(struct cp_server *s, struct cp_store *st);

/* ---- planner.c ------------------------------------------------------------- */

/* Route an authenticated /v1 request; segs are the path segments after
 * "v1" (percent-decoded by libmicrohttpd). */
enum MHD_Result srv_planner_route(struct srv_request *r, char **segs, size_t n);

/* ---- downloads.c: timetable.json and oneroster.zip of a plan --------------- */

/* POST /v1/plans/<id>/attendance (attendance.c). */
enum MHD_Result srv_plan_attendance(struct srv_request *r, struct cp_store *st, int64_t plan_id);
enum MHD_Result srv_plan_export(struct srv_request *r, struct cp_store *st, int64_t plan_id,
				const char *what);

/* ---- feed_serve.c ------------------------------------------------------------ */

enum MHD_Result srv_feed_serve(struct srv_request *r, const char *name);

/* ---- publish.c ----------------------------------------------------------------- */

struct srv_publish_result {
	int64_t revision;
	size_t feeds, created, changed;
};

/* Publish plan_id atomically. Returns 0 (ok) or an HTTP status with a
 * sentence in msg: 404 unknown plan, 409 stale plan, 500/503. */
unsigned srv_publish_plan(struct cp_server *s, struct cp_store *st, int64_t plan_id,
			  struct srv_publish_result *out, char *msg, size_t msg_len);

struct srv_erase_result {
	size_t problems, plans, feeds;
};
/* Remove a participant everywhere; 0, 404 (found nowhere) or 500/503. */
unsigned srv_erase_participant(struct cp_server *s, struct cp_store *st, const char *id,
			       struct srv_erase_result *out, char *msg, size_t msg_len);

/* Render the feeds of problem_id's published plan again, with its stored
 * calls, inside the caller's transaction (after a booking). 0 (also when
 * nothing is published: the calls reach the feeds at publication), or an
 * HTTP status with a sentence in msg. */
unsigned srv_render_published(struct cp_server *s, struct cp_store *st, const char *problem_id,
			      int64_t now, struct srv_publish_result *res, char *msg,
			      size_t msg_len);

/* ---- jobs.c ----------------------------------------------------------------------- */

struct srv_job_request {
	const char *problem_id;
	int64_t problem_version;
	bool replan;
	int64_t previous_plan;     /* replan: the published plan */
	double time_limit, gap;
	unsigned long seed;
};

enum srv_jobs_status { SRV_JOBS_OK, SRV_JOBS_BUSY, SRV_JOBS_FULL, SRV_JOBS_STOPPING, SRV_JOBS_ERROR };

/* NULL on failure with *err filled: the store's own error when a worker's
 * connection cannot be opened, CP_ERR_NOMEM when memory or threads ran
 * out. */
struct srv_jobs *srv_jobs_create(struct cp_server *s, unsigned workers, unsigned queue,
				 struct cp_error *err);
/* Stop: running solves end with their best plan; queued ones are dropped. */
void srv_jobs_destroy(struct srv_jobs *j);
/* Queue a job; *job_id receives its id. BUSY when the problem already has
 * a queued or running job, FULL when the queue is. */
enum srv_jobs_status srv_jobs_submit(struct srv_jobs *j, struct cp_store *st,
				     const struct srv_job_request *req, int64_t *job_id,
				     char *msg, size_t msg_len);
/* True when problem_id has a queued or running job. */
bool srv_jobs_active_for(struct srv_jobs *j, const char *problem_id);
/* The live state of an active job as a JSON object text (malloc'd), or
 * NULL when the job is not active (then read it from the store). */
char *srv_jobs_describe(struct srv_jobs *j, int64_t job_id);
/* The JSON of a job as stored (finished, or of an earlier run). */
char *srv_jobs_describe_stored(const struct cp_store_job *j);
/* Ask an active job to stop; false when it is not active. */
bool srv_jobs_stop(struct srv_jobs *j, int64_t job_id);

/* ---- crypto.c ------------------------------------------------------------------------ */

void srv_sha256(const void *data, size_t len, uint8_t out[SRV_SHA256_LEN]);
/* Constant-time comparison of two hashes. */
bool srv_hash_equal(const uint8_t a[SRV_SHA256_LEN], const uint8_t b[SRV_SHA256_LEN]);
/* A fresh feed token (SRV_FEED_TOKEN_CHARS + NUL) and its hash. */
bool srv_feed_token_new(struct cp_server *s, char out[SRV_FEED_TOKEN_CHARS + 1],
			uint8_t hash[SRV_SHA256_LEN]);
/* The quoted strong ETag of a body. */
void srv_etag_of(const void *body, size_t len, char out[48]);
/* "Sun, 06 Nov 1994 08:49:37 GMT" (buf >= 32). */
void srv_http_date(int64_t t, char *buf, size_t n);
/* Parse an IMF-fixdate; false for anything else. */
bool srv_http_date_parse(const char *s, int64_t *out);
/* The default random source. */
bool srv_os_random(void *data, void *buf, size_t n);

/* ---- deadline.c: slow clients ------------------------------------------------------- */

/* MHD_OPTION_NOTIFY_CONNECTION: a connection starts (its headers' deadline
 * runs from now) or ends. */
void srv_deadline_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
			 enum MHD_ConnectionNotificationCode code);
/* The headers are in (first call of the access handler): the body's
 * deadline starts, or, without a body, none runs while we answer. */
void srv_deadline_headers_done(struct srv_request *r);
/* n more bytes of the body arrived. */
void srv_deadline_body(struct srv_request *r, size_t n);
/* The body is complete: no deadline while we answer. */
void srv_deadline_body_done(struct srv_request *r);
/* The answer is sent: on a kept-alive connection the next request's
 * headers have cfg.header_timeout from now. */
void srv_deadline_next_request(struct cp_server *s, struct MHD_Connection *conn);
/* The watchdog thread; false when it cannot start. */
bool srv_deadline_start(struct cp_server *s);
/* Stop and join it (no-op when it did not start). */
void srv_deadline_stop(struct cp_server *s);

/* ---- bookings.c: the stored intake and follow-up calls (docs/server.md) ----------- */

struct srv_book_result {
	int64_t revision;          /* of the stored booking: 1, then +1 per re-booking */
	size_t booked, unbooked;   /* calls */
	size_t feeds;              /* feeds rendered again (0: nothing published) */
};
/* Book the calls of problem_id against its stored booking (kept where
 * still possible: same UIDs; moved calls SEQUENCE + 1), store them and
 * render the published feeds again, in one transaction. 0, or an HTTP
 * status with a sentence in msg: 404 unknown problem, 422 no case
 * managers or rules that do not fit, 500/503. */
unsigned srv_book_calls(struct cp_server *s, struct cp_store *st, const char *problem_id,
			struct srv_book_result *out, char *msg, size_t msg_len);
/* POST and GET /v1/problems/<id>/appointments (method already checked). */
enum MHD_Result srv_appointments_post(struct srv_request *r, struct cp_store *st,
				      const char *problem_id);
enum MHD_Result srv_appointments_get(struct srv_request *r, struct cp_store *st,
				     const char *problem_id);

#endif
