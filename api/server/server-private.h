/*
 * Internals shared by the files of api/server. Not installed, not public.
 *
 * Files: server.c (daemon, routing, auth, responses), planner.c (the /v1
 * handlers), feed_serve.c (GET /feeds/<token>.ics), publish.c (rendering
 * and atomic publication, erasure), jobs.c (the solve worker pool),
 * sjson.c (error bodies, solve options, the erasure edit), crypto.c
 * (nettle: hashes, tokens, constant-time compare; HTTP dates).
 * The server builds its own small JSON bodies with cJSON; problems and
 * plans are read and written only through api/formats.
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

#define SHA256_LEN 32
/* Feed tokens: 24 bytes (192 bits) from the random source, base64url. */
#define FEED_TOKEN_BYTES 24
#define FEED_TOKEN_CHARS 32

struct jobs;

struct cp_server {
	struct cp_server_config cfg;    /* strings below are our copies */
	char *listen, *db, *base_url, *holidays_dir;
	uint8_t token_hash[SHA256_LEN]; /* SHA-256 of the planner token */
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

	struct jobs *jobs;

	/* The maintenance thread: retention, hourly. */
	pthread_t maint;
	bool maint_started;
	bool stopping;
	pthread_mutex_t maint_lock;
	pthread_cond_t maint_cond;
};

/* One HTTP request being answered. */
struct request {
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

/* ---- server.c: logging, store pool, responses ---------------------------- */

void srv_log(struct cp_server *s, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
int64_t srv_now(struct cp_server *s);
struct cp_store *srv_store_get(struct cp_server *s);
void srv_store_put(struct cp_server *s, struct cp_store *st);

/* Queue a response with body (taken over: freed by libmicrohttpd). */
enum MHD_Result reply(struct request *r, unsigned status, const char *content_type,
		      char *body, size_t len);
/* A JSON error body {"error": {"status", "code", "message"}}. */
enum MHD_Result reply_error(struct request *r, unsigned status, const char *code,
			    const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;
/* 500/503 for a store failure, logged without detail to the client. */
enum MHD_Result reply_store_error(struct request *r, const struct cp_store_error *err);
/* A JSON body (taken over) with status. */
enum MHD_Result reply_json(struct request *r, unsigned status, char *json);

/* True when the request's Content-Type is application/json. */
bool request_is_json(struct request *r);

/* ---- planner.c ------------------------------------------------------------- */

/* Route an authenticated /v1 request; segs are the path segments after
 * "v1" (percent-decoded by libmicrohttpd). */
enum MHD_Result planner_route(struct request *r, char **segs, size_t n);

/* ---- downloads.c: timetable.json and oneroster.zip of a plan --------------- */

enum MHD_Result plan_export(struct request *r, struct cp_store *st, int64_t plan_id,
			    const char *what);

/* ---- feed_serve.c ------------------------------------------------------------ */

enum MHD_Result feed_serve(struct request *r, const char *name);

/* ---- publish.c ----------------------------------------------------------------- */

struct publish_result {
	int64_t revision;
	size_t feeds, created, changed;
};

/* Publish plan_id atomically. Returns 0 (ok) or an HTTP status with a
 * sentence in msg: 404 unknown plan, 409 stale plan, 500/503. */
unsigned publish_plan(struct cp_server *s, struct cp_store *st, int64_t plan_id,
		      struct publish_result *out, char *msg, size_t msg_len);

struct erase_result {
	size_t problems, plans, feeds;
};
/* Remove a participant everywhere; 0, 404 (found nowhere) or 500/503. */
unsigned erase_participant(struct cp_server *s, struct cp_store *st, const char *id,
			   struct erase_result *out, char *msg, size_t msg_len);

/* ---- jobs.c ----------------------------------------------------------------------- */

struct job_request {
	const char *problem_id;
	int64_t problem_version;
	bool replan;
	int64_t previous_plan;     /* replan: the published plan */
	double time_limit, gap;
	unsigned long seed;
};

enum jobs_status { JOBS_OK, JOBS_BUSY, JOBS_FULL, JOBS_STOPPING, JOBS_ERROR };

struct jobs *jobs_create(struct cp_server *s, unsigned workers, unsigned queue,
			 struct cp_server_error *err);
/* Stop: running solves end with their best plan; queued ones are dropped. */
void jobs_destroy(struct jobs *j);
/* Queue a job; *job_id receives its id. BUSY when the problem already has
 * a queued or running job, FULL when the queue is. */
enum jobs_status jobs_submit(struct jobs *j, struct cp_store *st,
			     const struct job_request *req, int64_t *job_id,
			     char *msg, size_t msg_len);
/* True when problem_id has a queued or running job. */
bool jobs_active_for(struct jobs *j, const char *problem_id);
/* The live state of an active job as a JSON object text (malloc'd), or
 * NULL when the job is not active (then read it from the store). */
char *jobs_describe(struct jobs *j, int64_t job_id);
/* The JSON of a job as stored (finished, or of an earlier run). */
char *jobs_describe_stored(const struct cp_store_job *j);
/* Ask an active job to stop; false when it is not active. */
bool jobs_stop(struct jobs *j, int64_t job_id);

/* ---- sjson.c ------------------------------------------------------------------------ */

struct cp_diag;
/* The JSON error body for an invalid problem: every diag entry with path. */
char *sjson_problem_errors(unsigned status, const struct cp_diag *d);
/* JSON text of the diag warnings as an array (malloc'd). */
char *sjson_error(unsigned status, const char *code, const char *message);

struct solve_params {
	double time_limit, gap;
	unsigned long seed;
};
/* Parse the optional body of POST .../solve. Returns 0 or 400 (malformed
 * JSON) / 422 (bad value); *errbody then holds the JSON error body. */
unsigned sjson_solve_params(const char *buf, size_t len, double max_seconds,
			    struct solve_params *out, char **errbody);

/* Remove participant id from a problem or plan document: the elements of
 * arrays that are it (participants[].id, members[].participant,
 * unplaced[].participant), and partner links to it. *out receives the new
 * text (malloc'd) when something changed, else NULL; *left counts string
 * values still equal to id afterwards. False when out of memory or when
 * buf is not JSON. */
bool sjson_erase(const char *buf, size_t len, const char *id, char **out, size_t *out_len,
		 size_t *left);

/* ---- crypto.c ------------------------------------------------------------------------ */

void sha256(const void *data, size_t len, uint8_t out[SHA256_LEN]);
/* Constant-time comparison of two hashes. */
bool hash_equal(const uint8_t a[SHA256_LEN], const uint8_t b[SHA256_LEN]);
/* A fresh feed token (FEED_TOKEN_CHARS + NUL) and its hash. */
bool feed_token_new(struct cp_server *s, char out[FEED_TOKEN_CHARS + 1],
		    uint8_t hash[SHA256_LEN]);
/* The quoted strong ETag of a body. */
void etag_of(const void *body, size_t len, char out[48]);
/* "Sun, 06 Nov 1994 08:49:37 GMT" (buf >= 32). */
void http_date(int64_t t, char *buf, size_t n);
/* Parse an IMF-fixdate; false for anything else. */
bool http_date_parse(const char *s, int64_t *out);
/* The default random source. */
bool os_random(void *data, void *buf, size_t n);

#endif
