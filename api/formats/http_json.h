/*
 * The small JSON bodies of the HTTP API (docs/server.md) that are neither
 * problems nor plans: error bodies, the options of POST .../solve, and the
 * structural edit that erases a person from a stored problem or plan.
 * Here, not in api/server, so that only api/formats uses cJSON.
 *
 * Ownership: functions returning char * return malloc'd text the caller
 * frees (NULL when out of memory).
 */
#ifndef CP_FORMATS_HTTP_JSON_H
#define CP_FORMATS_HTTP_JSON_H

#include <stdbool.h>
#include <stddef.h>

struct cp_diag;

/* {"error":{"status","code","message"}}, compact. */
char *cp_http_json_error(unsigned status, const char *code, const char *message);
/* The error body for an invalid problem: every diag entry with its path,
 * errors and warnings apart; code "malformed_json" for status 400, else
 * "invalid_problem". */
char *cp_http_json_problem_errors(unsigned status, const struct cp_diag *d);

struct cp_http_json_solve_params {
	double time_limit, gap;
	unsigned long seed;
};
/* Parse the optional body of POST .../solve into out (defaults for what it
 * does not name). Returns 0 or 400 (malformed JSON) / 422 (bad value);
 * *errbody then holds the JSON error body. */
unsigned cp_http_json_solve_params(const char *buf, size_t len, double max_seconds,
				   struct cp_http_json_solve_params *out, char **errbody);

/* Remove participant id from a problem or plan document: the elements of
 * arrays that are it (participants[].id, members[].participant,
 * unplaced[].participant), and partner links to it. *out receives the new
 * text (malloc'd, tab-indented as cJSON prints) when something changed,
 * else NULL; *left counts string values still equal to id afterwards.
 * False when out of memory or when buf is not JSON. */
bool cp_http_json_erase(const char *buf, size_t len, const char *id, char **out,
			size_t *out_len, size_t *left);

#endif /* CP_FORMATS_HTTP_JSON_H */
