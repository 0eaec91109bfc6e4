/* appointments.json (appointments_json.h, docs/appointments.md). */
#include "appointments_json.h"
#include "json_write.h"
#include "common/read_file.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
add_local(struct cp_jw *w, cJSON *o, const char *key, const struct cp_tz *tz, cp_instant s,
	  cp_instant e)
{
	cJSON *x = cp_jw_chk(w, cJSON_AddObjectToObject(o, key));
	if (x)
		cp_jw_local_span(w, x, tz, s, e, true);
}

char *
cp_appointments_json_write(const struct cp_problem *p, const struct cp_appoint_result *r,
			   const char *tzdata, size_t *len)
{
	struct cp_jw w = { false };
	cJSON *root = cJSON_CreateObject();
	const struct cp_course *course = cp_problem_course(p);

	if (!root)
		return NULL;
	cp_jw_str(&w, root, "format", "cohortplan-appointments");
	cp_jw_num(&w, root, "version", CP_APPOINTMENTS_JSON_VERSION);
	cp_jw_str(&w, root, "course", course->id);
	cp_jw_str(&w, root, "tzdata", tzdata);
	cJSON *arr = cp_jw_chk(&w, cJSON_AddArrayToObject(root, "bookings"));
	for (size_t i = 0; arr && i < r->n_bookings && !w.fail; i++) {
		const struct cp_appoint_booking *b = &r->bookings[i];
		const struct cp_participant *x = cp_problem_participant(p, b->participant);
		const struct cp_case_manager *m = cp_problem_case_manager(p, b->manager);
		/* After arrival the participant lives in the course's zone. */
		const struct cp_tz *ptz = b->kind == CP_APPOINT_FOLLOWUP ? course->tz : x->tz;
		cJSON *o = cp_jw_push_object(&w, arr);
		if (!o)
			break;
		cp_jw_str(&w, o, "participant", x->id);
		cp_jw_str(&w, o, "kind", cp_appoint_kind_name(b->kind));
		cp_jw_str(&w, o, "manager", m->id);
		cp_jw_utc(&w, o, "start", b->start);
		cp_jw_utc(&w, o, "end", b->end);
		cp_jw_num(&w, o, "sequence", b->sequence);
		add_local(&w, o, "participant_local", ptz, b->start, b->end);
		add_local(&w, o, "manager_local", m->tz, b->start, b->end);
	}
	cJSON *un = cp_jw_chk(&w, cJSON_AddArrayToObject(root, "unbooked"));
	for (size_t i = 0; un && i < r->n_unbooked && !w.fail; i++) {
		const struct cp_appoint_unbooked *u = &r->unbooked[i];
		cJSON *o = cp_jw_push_object(&w, un);
		if (!o)
			break;
		cp_jw_str(&w, o, "participant", cp_problem_participant(p, u->participant)->id);
		cp_jw_str(&w, o, "kind", cp_appoint_kind_name(u->kind));
		cp_jw_str(&w, o, "reason", cp_appoint_why_name(u->why));
	}
	return cp_jw_finish(&w, root, len);
}

bool
cp_appointments_json_save(const struct cp_problem *p, const struct cp_appoint_result *r,
			  const char *tzdata, const char *path, struct cp_file_error *err)
{
	size_t len = 0;
	char *text = cp_appointments_json_write(p, r, tzdata, &len);
	return cp_atomic_write_text(path, text, len, err);
}

/* ---- reading ------------------------------------------------------------ */

#define BAD(d, path, ...) cp_diag_add((d), CP_DIAG_ERROR, (path), NULL, __VA_ARGS__)

static const char *
str_field(const cJSON *o, const char *key, const char *at, const char *what,
	  struct cp_diag *d)
{
	char path[192];
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	snprintf(path, sizeof(path), "%s/%s", at, key);
	if (!cJSON_IsString(v) || !v->valuestring[0]) {
		BAD(d, path, "expected %s", what);
		return NULL;
	}
	return v->valuestring;
}

void
cp_appointments_destroy(struct cp_appointments *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++) {
		free((char *)a->bookings[i].participant);
		free((char *)a->bookings[i].manager);
		free(a->participant_zone[i]);
		free(a->manager_zone[i]);
	}
	free(a->bookings);
	free(a->participant_zone);
	free(a->manager_zone);
	free(a->course);
	free(a);
}

static enum cp_appointments_status
parse(const char *buf, size_t len, struct cp_tzdb *db, struct cp_appointments **out,
      struct cp_diag *d)
{
	size_t errors = cp_diag_errors(d);
	cJSON *root = cJSON_ParseWithLength(buf, len);
	if (!root) {
		BAD(d, "", "not JSON");
		return CP_APPOINTMENTS_ERR_INVALID;
	}
	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "version");
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "bookings");
	if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "cohortplan-appointments") != 0)
		BAD(d, "/format", "expected \"cohortplan-appointments\"");
	if (!cJSON_IsNumber(ver) || ver->valuedouble != CP_APPOINTMENTS_JSON_VERSION)
		BAD(d, "/version", "expected 1");
	if (!cJSON_IsArray(arr))
		BAD(d, "/bookings", "expected an array of bookings");
	if (cp_diag_errors(d) > errors) {
		cJSON_Delete(root);
		return CP_APPOINTMENTS_ERR_INVALID;
	}
	struct cp_appointments *a = calloc(1, sizeof(*a));
	size_t n = (size_t)cJSON_GetArraySize(arr);
	if (a) {
		a->bookings = calloc(n + 1, sizeof(*a->bookings));
		a->participant_zone = calloc(n + 1, sizeof(char *));
		a->manager_zone = calloc(n + 1, sizeof(char *));
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(root, "course");
		a->course = strdup(cJSON_IsString(c) ? c->valuestring : "");
	}
	if (!a || !a->bookings || !a->participant_zone || !a->manager_zone || !a->course) {
		cJSON_Delete(root);
		cp_appointments_destroy(a);
		return CP_APPOINTMENTS_ERR_NOMEM;
	}
	size_t i = 0;
	bool nomem = false;
	for (const cJSON *e = arr->child; e; e = e->next, i++) {
		char at[48], path[96];
		snprintf(at, sizeof(at), "/bookings/%zu", i);
		if (!cJSON_IsObject(e)) {
			BAD(d, at, "expected a booking object");
			continue;
		}
		struct cp_appoint_previous b = { 0 };
		const char *who = str_field(e, "participant", at, "a participant id", d);
		const char *kind = str_field(e, "kind", at, "\"intake\" or \"followup\"", d);
		const char *mgr = str_field(e, "manager", at, "a case manager id", d);
		const char *s = str_field(e, "start", at, "a UTC time \"YYYY-MM-DDTHH:MM:SSZ\"", d);
		const char *en = str_field(e, "end", at, "a UTC time \"YYYY-MM-DDTHH:MM:SSZ\"", d);
		const cJSON *seq = cJSON_GetObjectItemCaseSensitive(e, "sequence");
		const char *zones[2] = { NULL, NULL };
		static const char *const locals[2] = { "participant_local", "manager_local" };
		for (int k = 0; k < 2; k++) {
			const cJSON *l = cJSON_GetObjectItemCaseSensitive(e, locals[k]);
			snprintf(path, sizeof(path), "%s/%s", at, locals[k]);
			if (!cJSON_IsObject(l)) {
				BAD(d, path, "expected {\"zone\", \"start\", \"end\", \"utc_offset\"}");
				continue;
			}
			zones[k] = str_field(l, "zone", path, "an IANA zone", d);
			if (zones[k] && !cp_tzdb_zone(db, zones[k], NULL)) {
				char zp[128];
				snprintf(zp, sizeof(zp), "%s/zone", path);
				BAD(d, zp, "unknown zone \"%s\"", zones[k]);
			}
		}
		if (kind && !cp_appoint_kind_from_name(kind, &b.kind)) {
			snprintf(path, sizeof(path), "%s/kind", at);
			BAD(d, path, "unknown kind \"%s\": expected \"intake\" or \"followup\"", kind);
		}
		if (s && !cp_parse_utc(s, &b.start)) {
			snprintf(path, sizeof(path), "%s/start", at);
			BAD(d, path, "\"%s\" is not a UTC time \"YYYY-MM-DDTHH:MM:SSZ\"", s);
		}
		if (en && !cp_parse_utc(en, &b.end)) {
			snprintf(path, sizeof(path), "%s/end", at);
			BAD(d, path, "\"%s\" is not a UTC time \"YYYY-MM-DDTHH:MM:SSZ\"", en);
		} else if (s && en && b.end <= b.start) {
			snprintf(path, sizeof(path), "%s/end", at);
			BAD(d, path, "%s is not after the start %s", en, s);
		}
		if (!cJSON_IsNumber(seq) || seq->valuedouble < 0 || seq->valuedouble > 1e6 ||
		    seq->valuedouble != (int)seq->valuedouble) {
			snprintf(path, sizeof(path), "%s/sequence", at);
			BAD(d, path, "expected a whole number 0..1000000");
		} else {
			b.sequence = (int)seq->valuedouble;
		}
		if (cp_diag_errors(d) > errors)
			continue;
		b.participant = strdup(who);
		b.manager = strdup(mgr);
		a->participant_zone[a->n] = strdup(zones[0]);
		a->manager_zone[a->n] = strdup(zones[1]);
		a->bookings[a->n++] = b;
		nomem |= !b.participant || !b.manager || !a->participant_zone[a->n - 1] ||
			 !a->manager_zone[a->n - 1];
	}
	cJSON_Delete(root);
	if (nomem || cp_diag_nomem(d)) {
		cp_appointments_destroy(a);
		return CP_APPOINTMENTS_ERR_NOMEM;
	}
	if (cp_diag_errors(d) > errors) {
		cp_appointments_destroy(a);
		return CP_APPOINTMENTS_ERR_INVALID;
	}
	*out = a;
	return CP_APPOINTMENTS_OK;
}

enum cp_appointments_status
cp_appointments_json_load(const char *path, struct cp_tzdb *db, struct cp_appointments **out,
			  struct cp_diag *d)
{
	char *buf;
	size_t len;
	int e;

	*out = NULL;
	enum cp_read_status rs = cp_read_file(path, CP_APPOINTMENTS_MAX_BYTES, CP_READ_REGULAR_ONLY,
					      &buf, &len, &e);
	if (rs == CP_READ_ERR_NOMEM)
		return CP_APPOINTMENTS_ERR_NOMEM;
	if (rs == CP_READ_ERR_TOO_BIG) {
		BAD(d, "", "%s is larger than the %zu bytes accepted", path,
		    CP_APPOINTMENTS_MAX_BYTES);
		return CP_APPOINTMENTS_ERR_INVALID;
	}
	if (rs != CP_READ_OK) {
		BAD(d, "", "cannot read %s: %s", path,
		    rs == CP_READ_ERR_NOT_FILE ? "not a regular file" : strerror(e));
		return CP_APPOINTMENTS_ERR_IO;
	}
	enum cp_appointments_status s = parse(buf, len, db, out, d);
	free(buf);
	return s;
}

struct cp_feed_extra *
cp_appointments_extras(const struct cp_appointments *a)
{
	struct cp_feed_extra *x = calloc(a->n ? a->n : 1, sizeof(*x));
	if (!x)
		return NULL;
	for (size_t i = 0; i < a->n; i++) {
		const struct cp_appoint_previous *b = &a->bookings[i];
		x[i] = (struct cp_feed_extra){
			.kind = b->kind == CP_APPOINT_INTAKE ? CP_FEED_EXTRA_INTAKE
							     : CP_FEED_EXTRA_FOLLOWUP,
			.participant = b->participant,
			.zone = a->participant_zone[i],
			.start = b->start,
			.end = b->end,
			.sequence = b->sequence,
			.manager = b->manager,
			.manager_zone = a->manager_zone[i],
		};
	}
	return x;
}
