/*
 * The cohortplan HTTP server: the planner API (JSON under /v1, bearer
 * token) and the subscribable calendar feeds (/feeds/<token>.ics), over
 * libmicrohttpd, with the durable store of api/store. The routes, status
 * codes and bodies are documented in docs/server.md.
 *
 * Time, randomness and the solver are inputs (struct cp_server_config), so
 * tests can freeze the clock, force the random source to fail and plan
 * without GLPK. The server prints nothing: events go to the log callback.
 *
 * Threads: libmicrohttpd answers requests on a pool of threads (epoll where
 * available); solve jobs run on a separate bounded pool of workers with a
 * bounded queue. cp_server_destroy stops accepting, asks running solves to
 * stop (they end with their best plan, which is stored), and joins all.
 *
 * Ownership: cp_server_create returns a server the caller destroys with
 * cp_server_destroy (NULL is a no-op). The config is copied, except the
 * tzdb, which is borrowed and must outlive the server. The planner token is
 * hashed at once; the server keeps only its SHA-256.
 */
#ifndef CP_SERVER_H
#define CP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cohortplan/tz.h>

#include "common/error.h"
#include "pipeline/pipeline.h"

/* Errors are the api's struct cp_error (common/error.h): CP_ERR_INVALID for
 * a bad configuration value (listen address, ...); the store's own error
 * (CP_ERR_IO, CP_ERR_BUSY, CP_ERR_UNSUPPORTED, CP_ERR_NOMEM) when the
 * database cannot be opened or migrated; CP_ERR_IO when the address cannot
 * be bound; CP_ERR_LIBRARY when the OS random source fails; CP_ERR_NOMEM. */

/* The solve function: cp_pipeline_solve, or a stand-in in tests. */
typedef enum cp_status (*cp_server_solve_fn)(struct cp_tzdb *db,
		const struct cp_problem *p, const struct cp_pipeline_options *o,
		struct cp_plan **out, struct cp_error *err);
/* Unix seconds now. */
typedef int64_t (*cp_server_clock_fn)(void *data);
/* Fill buf with n unpredictable bytes; false when the source fails. */
typedef bool (*cp_server_random_fn)(void *data, void *buf, size_t n);
/* One line of the server's log, without newline; never holds personal data
 * or secrets. Called from any server thread, serialised by the server. */
typedef void (*cp_server_log_fn)(void *data, const char *line);

struct cp_server_config {
	const char *listen;        /* "HOST:PORT" ("[v6]:PORT"); port 0 picks one */
	const char *db;            /* store location (cp_store_open) */
	const char *token;         /* the planner bearer token, >= 16 bytes */
	const char *base_url;      /* prefix of feed URLs; NULL: http://LISTEN */
	struct cp_tzdb *tzdb;      /* borrowed */
	const char *holidays_dir;  /* NULL: cp_pipeline_holidays_dir() */
	unsigned http_threads;     /* 0: 4 */
	unsigned workers;          /* solve workers; 0: 1 */
	unsigned queue;            /* queued solve jobs beyond the running; 0: 8 */
	size_t max_body;           /* request body limit; 0: 32 MiB */
	unsigned timeout;          /* idle connection timeout, seconds; 0: 30 */
	unsigned max_connections;  /* 0: 512 */
	double max_solve_seconds;  /* cap on a job's time limit; 0: 600 */
	int retention_days;        /* remove courses ended this long ago; 0: keep */
	bool access_log;           /* log each request (feed tokens redacted) */
	cp_server_solve_fn solve;  /* NULL: cp_pipeline_solve */
	cp_server_clock_fn clock;  /* NULL: time(NULL) */
	void *clock_data;
	cp_server_random_fn random; /* NULL: getrandom(2) */
	void *random_data;
	cp_server_log_fn log;      /* NULL: silent */
	void *log_data;
	/* Slow clients: the request line and headers must be complete within
	 * header_timeout seconds of the connection's start (or of the previous
	 * answer on a kept-alive connection), however many bytes trickle in;
	 * a body must then keep an average of body_min_rate bytes a second
	 * after a grace of body_timeout seconds. Late connections are closed. */
	unsigned header_timeout;   /* 0: 10 */
	unsigned body_timeout;     /* 0: 20 */
	unsigned body_min_rate;    /* bytes a second; 0: 1024 */
	/* For tests only: a solve pauses at its solver's first progress report
	 * until its job is stopped (DELETE /v1/jobs/ID or shutdown), so a test
	 * sees a running job for as long as it needs, however fast or loaded
	 * the machine. The job then ends "stopped" like any stopped solve. */
	bool hold_solves;
};

struct cp_server;

/* Open the store (migrating it), mark jobs of a previous run interrupted,
 * apply retention, and start listening. NULL with err filled on failure. */
struct cp_server *cp_server_create(const struct cp_server_config *config,
				   struct cp_error *err);

/* The port actually listened on (useful with port 0). */
uint16_t cp_server_port(const struct cp_server *s);

/* Stop accepting, stop running solves at their best plan, store them, and
 * wait for every thread; then free everything. */
void cp_server_destroy(struct cp_server *s);

/* Run the retention rule now (the server also runs it hourly); *removed
 * (may be NULL) receives the number of courses removed. */
bool cp_server_expire(struct cp_server *s, size_t *removed);

#endif /* CP_SERVER_H */
