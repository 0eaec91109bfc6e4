/*
 * Responses: how every handler of api/server answers a request. Private to
 * api/server. The handlers and the router (server.c) both call these; these
 * call nothing of the handlers or of the router, so the calls run one way.
 *
 * Ownership: a body passed in is taken over (freed by libmicrohttpd, or
 * here on failure), even when queuing the response fails.
 */
#ifndef CP_SERVER_REPLY_H
#define CP_SERVER_REPLY_H

#include "server-private.h"

/* Queue a response with body (taken over: freed by libmicrohttpd). */
enum MHD_Result srv_reply(struct srv_request *r, unsigned status, const char *content_type,
			  char *body, size_t len);
/* A JSON error body {"error": {"status", "code", "message"}}. */
enum MHD_Result srv_reply_error(struct srv_request *r, unsigned status, const char *code,
				const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;
/* 500/503 for a store failure, logged without detail to the client. */
enum MHD_Result srv_reply_store_error(struct srv_request *r, const struct cp_error *err);
/* A JSON body (taken over) with status. */
enum MHD_Result srv_reply_json(struct srv_request *r, unsigned status, char *json);

/* True when the request's Content-Type is type (parameters ignored). */
bool srv_request_is(struct srv_request *r, const char *type);
/* True when the request's Content-Type is application/json. */
bool srv_request_is_json(struct srv_request *r);

/* Queue resp (built by the caller with the headers it needs) with status,
 * release it, and record the status in r: the last step of every answer. */
enum MHD_Result srv_queue(struct srv_request *r, unsigned status, struct MHD_Response *resp);

/* For code that answers later (publishing, booking, erasure): copy a store
 * failure's message into msg (msg_len bytes) and return its status, 503
 * when the database is busy, else 500 (as srv_reply_store_error). */
unsigned srv_store_status(const struct cp_error *err, char *msg, size_t msg_len);

#endif
