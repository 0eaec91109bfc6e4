/*
 * Responses (see reply.h): every answer the server gives goes through
 * srv_reply(), so the headers every response carries are set in one place.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats/http_json.h"
#include "reply.h"

enum MHD_Result
srv_reply(struct srv_request *r, unsigned status, const char *content_type, char *body, size_t len)
{
	struct MHD_Response *resp;

	if (!body)
		len = 0;
	resp = MHD_create_response_from_buffer(len, body ? body : (char *)"",
					       body ? MHD_RESPMEM_MUST_FREE
						    : MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	if (content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (status == MHD_HTTP_UNAUTHORIZED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
					"Bearer realm=\"cohortplan\"");
	if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "5");
	return srv_queue(r, status, resp);
}

enum MHD_Result
srv_reply_json(struct srv_request *r, unsigned status, char *json)
{
	static const char oom[] = "{\"error\":{\"status\":500,\"code\":\"out_of_memory\"}}";

	if (!json) {
		char *b = strdup(oom);
		return srv_reply(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "application/json", b,
				 b ? strlen(b) : 0);
	}
	return srv_reply(r, status, "application/json", json, strlen(json));
}

enum MHD_Result
srv_reply_error(struct srv_request *r, unsigned status, const char *code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return srv_reply_json(r, status, cp_http_json_error(status, code, msg));
}

enum MHD_Result
srv_reply_store_error(struct srv_request *r, const struct cp_error *err)
{
	srv_log(r->srv, "store error: %s", err->message);
	if (err->status == CP_ERR_BUSY)
		return srv_reply_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "busy",
				       "the database is busy; try again");
	return srv_reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal",
			       "the database failed; see the server log");
}

bool
srv_request_is(struct srv_request *r, const char *type)
{
	const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t n = strlen(type);

	if (!ct || strncasecmp(ct, type, n) != 0)
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

bool
srv_request_is_json(struct srv_request *r)
{
	return srv_request_is(r, "application/json");
}

enum MHD_Result
srv_queue(struct srv_request *r, unsigned status, struct MHD_Response *resp)
{
	enum MHD_Result ret = MHD_queue_response(r->conn, status, resp);

	MHD_destroy_response(resp);
	r->status = status;
	r->queued = true;
	return ret;
}

unsigned
srv_store_status(const struct cp_error *err, char *msg, size_t msg_len)
{
	snprintf(msg, msg_len, "%s", err->message);
	return err->status == CP_ERR_BUSY ? 503 : 500;
}
