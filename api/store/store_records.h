/*
 * The values of the store interface (store.h): the errors it reports, the
 * records the getters fill and the functions that release them. Apart from
 * store.c so that a backend (store-backend.h) can use them without calling
 * back into the front that dispatches to it: the calls run store.c ->
 * backend -> this file, one way.
 *
 * Ownership: the _finish and _free functions release what a getter
 * malloc'd; all are safe on a zeroed struct or NULL.
 */
#ifndef CP_STORE_RECORDS_H
#define CP_STORE_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

/* Errors are the api's struct cp_error (common/error.h): CP_ERR_NOT_FOUND
 * for no such problem, plan, feed or job; CP_ERR_NOMEM; CP_ERR_IO when the
 * database cannot be opened, read or written; CP_ERR_BUSY when another
 * writer held the database too long; CP_ERR_UNSUPPORTED when the database
 * was made by a newer cohortplan; CP_ERR_INVALID for an argument out of its
 * documented domain. */

/* Length of the hash a feed is looked up by (SHA-256). */
#define CP_STORE_HASH_LEN 32

/* ---- problems ---------------------------------------------------------- */

struct cp_store_problem {
	char *id;
	int64_t version;      /* 1 on creation, +1 on every replacement */
	char *body;           /* NUL-terminated; body_len bytes before the NUL */
	size_t body_len;
	int64_t course_end;   /* last day of the course, days since 1970-01-01 */
	int64_t created, updated; /* Unix seconds */
};
void cp_store_problem_finish(struct cp_store_problem *p);

/* Frees an array of ids from cp_store_problem_ids. */
void cp_store_strv_free(char **v, size_t n);

/* ---- plans ------------------------------------------------------------- */

struct cp_store_plan {
	int64_t id;
	char *problem_id;
	int64_t problem_version; /* the problem version it was solved from */
	char *body;
	size_t body_len;
	int64_t created;
};
void cp_store_plan_finish(struct cp_store_plan *p);

/* ---- publication ------------------------------------------------------- */

struct cp_store_publication {
	int64_t plan_id;
	int64_t revision;     /* 1 for the first publication, +1 each time */
	int64_t published;    /* Unix seconds */
};

/* ---- feeds ------------------------------------------------------------- */

/* What a subscriber gets: the body and its validators. */
struct cp_store_feed_body {
	char *body;
	size_t body_len;
	char *etag;           /* quoted, as sent in the ETag header */
	int64_t modified;     /* Unix seconds the body last changed */
};
void cp_store_feed_body_finish(struct cp_store_feed_body *b);

/* A feed as the planner sees it. */
struct cp_store_feed {
	int64_t id;
	char *problem_id;
	char *kind;           /* "teacher", "cohort" or "participant" */
	char *subject;        /* the teacher, cohort or participant id */
	char *token;          /* the secret part of the URL */
	int64_t modified;
	int64_t created;
};
void cp_store_feed_finish(struct cp_store_feed *f);
void cp_store_feeds_free(struct cp_store_feed *v, size_t n);

/* ---- jobs -------------------------------------------------------------- */

struct cp_store_job {
	int64_t id;
	char *problem_id;
	int64_t problem_version;
	char *kind;           /* "solve" or "replan" */
	char *state;          /* "queued", "running", "done", "stopped",
	                       * "failed", "interrupted" */
	int64_t plan_id;      /* 0 until done */
	char *error;          /* or NULL */
	double incumbent, bound, gap, elapsed;
	int64_t created, finished; /* finished 0 while not */
};
void cp_store_job_finish(struct cp_store_job *j);

/* ---- availability links ----------------------------------------------- */

/* A personal link to a participant's or teacher's availability page. */
struct cp_store_link {
	int64_t id;
	char *problem_id;
	char *kind;           /* "participant" or "teacher" */
	char *subject;        /* their id in the problem */
	char *token;          /* the secret part of the URL */
	char *lang;           /* the page's language unless the visitor picks one */
	int64_t expires;      /* Unix seconds; the link answers 404 from then on */
	int64_t answered;     /* Unix seconds of the last answer, 0 for none */
	int64_t created;
};
void cp_store_link_finish(struct cp_store_link *l);
void cp_store_links_free(struct cp_store_link *v, size_t n);

/* ---- appointments ------------------------------------------------------ */

/* The booked calls of a problem: its appointments.json (docs/server.md). */
struct cp_store_appointments {
	char *problem_id;
	int64_t problem_version;  /* the problem's version they were booked from */
	char *body;               /* appointments.json, NUL-terminated */
	size_t body_len;
	int64_t revision;         /* 1 for the first booking, +1 per re-booking */
	int64_t booked;           /* Unix seconds of the last booking */
};
void cp_store_appointments_finish(struct cp_store_appointments *a);

#endif /* CP_STORE_RECORDS_H */
