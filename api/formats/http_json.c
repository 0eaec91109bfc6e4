/*
 * JSON bodies of the HTTP API (see http_json.h): errors, solve options and
 * the structural edit that erases a person from stored documents. Moved
 * here from api/server so that cJSON is used only in api/formats.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include <cohortplan/diag.h>

#include "http_json.h"

char *
cp_http_json_error(unsigned status, const char *code, const char *message)
{
	cJSON *root = cJSON_CreateObject(), *e;
	char *out = NULL;

	if (!root)
		return NULL;
	e = cJSON_AddObjectToObject(root, "error");
	if (e && cJSON_AddNumberToObject(e, "status", status) &&
	    cJSON_AddStringToObject(e, "code", code) &&
	    cJSON_AddStringToObject(e, "message", message))
		out = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return out;
}

static bool
add_entries(cJSON *arr, const struct cp_diag *d, enum cp_diag_severity sev)
{
	for (size_t i = 0; i < cp_diag_count(d); i++) {
		const struct cp_diag_entry *e = cp_diag_entry(d, i);
		cJSON *o;

		if (e->severity != sev)
			continue;
		o = cJSON_CreateObject();
		if (!o || !cJSON_AddItemToArray(arr, o))
			return false;
		if (!cJSON_AddStringToObject(o, "path", e->path) ||
		    !cJSON_AddStringToObject(o, "message", e->message))
			return false;
		if (e->value && !cJSON_AddStringToObject(o, "value", e->value))
			return false;
		if (e->line > 0 && (!cJSON_AddNumberToObject(o, "line", (double)e->line) ||
				    !cJSON_AddNumberToObject(o, "column", (double)e->column)))
			return false;
	}
	return true;
}

char *
cp_http_json_problem_errors(unsigned status, const struct cp_diag *d)
{
	cJSON *root = cJSON_CreateObject(), *e, *errs, *warns;
	char msg[128];
	char *out = NULL;

	if (!root)
		return NULL;
	snprintf(msg, sizeof(msg), "the problem is invalid: %zu error%s", cp_diag_errors(d),
		 cp_diag_errors(d) == 1 ? "" : "s");
	e = cJSON_AddObjectToObject(root, "error");
	if (e && cJSON_AddNumberToObject(e, "status", status) &&
	    cJSON_AddStringToObject(e, "code",
				    status == 400 ? "malformed_json" : "invalid_problem") &&
	    cJSON_AddStringToObject(e, "message", msg) &&
	    (errs = cJSON_AddArrayToObject(e, "errors")) &&
	    add_entries(errs, d, CP_DIAG_ERROR) &&
	    (warns = cJSON_AddArrayToObject(e, "warnings")) &&
	    add_entries(warns, d, CP_DIAG_WARNING) &&
	    cJSON_AddBoolToObject(e, "truncated", cp_diag_truncated(d)))
		out = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return out;
}

static unsigned
param_error(char **errbody, const char *path, const char *message)
{
	cJSON *root = cJSON_CreateObject(), *e, *errs, *o;

	*errbody = NULL;
	if (!root)
		return 422;
	e = cJSON_AddObjectToObject(root, "error");
	if (e && cJSON_AddNumberToObject(e, "status", 422) &&
	    cJSON_AddStringToObject(e, "code", "invalid_options") &&
	    cJSON_AddStringToObject(e, "message", "the solve options are invalid") &&
	    (errs = cJSON_AddArrayToObject(e, "errors")) && (o = cJSON_CreateObject()) &&
	    cJSON_AddItemToArray(errs, o) && cJSON_AddStringToObject(o, "path", path) &&
	    cJSON_AddStringToObject(o, "message", message))
		*errbody = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return 422;
}

unsigned
cp_http_json_solve_params(const char *buf, size_t len, double max_seconds,
			  struct cp_http_json_solve_params *out, char **errbody)
{
	cJSON *root, *item;
	unsigned rc = 0;

	*errbody = NULL;
	out->time_limit = max_seconds < 60 ? max_seconds : 60;
	out->gap = 0.001;
	out->seed = 1;
	if (!buf || len == 0)
		return 0;
	root = cJSON_ParseWithLength(buf, len);
	if (!root) {
		*errbody = cp_http_json_error(400, "malformed_json", "the body is not valid JSON");
		return 400;
	}
	if (!cJSON_IsObject(root)) {
		rc = param_error(errbody, "", "expected an object such as {\"time_limit\": 30}");
		goto done;
	}
	cJSON_ArrayForEach(item, root) {
		char path[80];
		double v = item->valuedouble;

		snprintf(path, sizeof(path), "/%.60s", item->string ? item->string : "");
		if (strcmp(item->string, "time_limit") == 0) {
			if (!cJSON_IsNumber(item) || !(v > 0) || v > max_seconds) {
				char m[128];
				snprintf(m, sizeof(m),
					 "expected seconds, more than 0 and at most %g", max_seconds);
				rc = param_error(errbody, path, m);
				goto done;
			}
			out->time_limit = v;
		} else if (strcmp(item->string, "gap") == 0) {
			if (!cJSON_IsNumber(item) || !(v >= 0) || v >= 1) {
				rc = param_error(errbody, path, "expected a fraction, 0 <= gap < 1");
				goto done;
			}
			out->gap = v;
		} else if (strcmp(item->string, "seed") == 0) {
			if (!cJSON_IsNumber(item) || v < 0 || v > 4294967295.0 || v != floor(v)) {
				rc = param_error(errbody, path, "expected an integer 0..4294967295");
				goto done;
			}
			out->seed = (unsigned long)v;
		} else {
			rc = param_error(errbody, path,
					 "unknown option; known: time_limit, gap, seed");
			goto done;
		}
	}
done:
	cJSON_Delete(root);
	return rc;
}

/* ---- erasure --------------------------------------------------------------- */

static bool
str_is(const cJSON *v, const char *id)
{
	return cJSON_IsString(v) && strcmp(v->valuestring, id) == 0;
}

/* Is this array element the person? */
static bool
is_person(const cJSON *el, const char *parent_key, const char *id)
{
	if (!cJSON_IsObject(el))
		return str_is(el, id);
	if (str_is(cJSON_GetObjectItemCaseSensitive(el, "participant"), id))
		return true;
	return parent_key && strcmp(parent_key, "participants") == 0 &&
	       str_is(cJSON_GetObjectItemCaseSensitive(el, "id"), id);
}

static size_t
erase_walk(cJSON *node, const char *key, const char *id)
{
	size_t removed = 0;
	cJSON *child, *next;

	if (cJSON_IsArray(node)) {
		for (child = node->child; child; child = next) {
			next = child->next;
			if (is_person(child, key, id)) {
				cJSON_Delete(cJSON_DetachItemViaPointer(node, child));
				removed++;
			} else {
				removed += erase_walk(child, key, id);
			}
		}
	} else if (cJSON_IsObject(node)) {
		for (child = node->child; child; child = next) {
			next = child->next;
			/* A partner link to the person goes with them. */
			if (child->string && strcmp(child->string, "partner") == 0 &&
			    (str_is(child, id) ||
			     str_is(cJSON_GetObjectItemCaseSensitive(child, "id"), id))) {
				cJSON_Delete(cJSON_DetachItemViaPointer(node, child));
				removed++;
			} else {
				removed += erase_walk(child, child->string, id);
			}
		}
	}
	return removed;
}

static size_t
count_left(const cJSON *node, const char *id)
{
	size_t n = str_is(node, id) ? 1 : 0;

	if (node->string && strcmp(node->string, id) == 0)
		n++;
	for (const cJSON *c = node->child; c; c = c->next)
		n += count_left(c, id);
	return n;
}

bool
cp_http_json_erase(const char *buf, size_t len, const char *id, char **out, size_t *out_len,
		   size_t *left)
{
	cJSON *root = cJSON_ParseWithLength(buf, len);
	size_t removed;

	*out = NULL;
	*out_len = 0;
	*left = 0;
	if (!root)
		return false;
	removed = erase_walk(root, NULL, id);
	*left = count_left(root, id);
	if (removed) {
		*out = cJSON_Print(root);
		if (!*out) {
			cJSON_Delete(root);
			return false;
		}
		*out_len = strlen(*out);
	}
	cJSON_Delete(root);
	return true;
}
