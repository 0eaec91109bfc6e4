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

/* The earlier booking of another manager that b replaces (appoint.h):
 * its manager, times and that manager's wall times, for the cancellation
 * in their feed. Left out when no zone is known for it (neither the
 * earlier file's nor the problem's). */
static void
add_replaced(struct cp_jw *w, cJSON *o, const struct cp_problem *p,
	     const struct cp_appoint_replaced *x, const struct cp_tz *ptz)
{
	const char *zone = x->zone;
	for (size_t j = 0; !zone && j < cp_problem_case_manager_count(p); j++)
		if (strcmp(cp_problem_case_manager(p, j)->id, x->manager) == 0)
			zone = cp_problem_case_manager(p, j)->zone;
	const struct cp_tz *tz = zone ? cp_tzdb_zone(cp_problem_tzdb(p), zone, NULL) : NULL;
	cJSON *r = tz ? cp_jw_chk(w, cJSON_AddObjectToObject(o, "replaces")) : NULL;
	if (!r)
		return;
	cp_jw_str(w, r, "manager", x->manager);
	cp_jw_utc(w, r, "start", x->start);
	cp_jw_utc(w, r, "end", x->end);
	/* An unbooked call's cancellation is in the participant's feed too. */
	if (ptz)
		add_local(w, r, "participant_local", ptz, x->start, x->end);
	add_local(w, r, "manager_local", tz, x->start, x->end);
}

char *
cp_appointments_json_write(const struct cp_problem *p, const struct cp_appoint_result *r,
			   const char *tzdata, size_t *len)
{
	struct cp_jw w = { false };
	cJSON *root = cp_jw_document(&w, "cohortplan-appointments", CP_APPOINTMENTS_JSON_VERSION);
	const struct cp_course *course = cp_problem_course(p);

	if (!root)
		return NULL;
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
		if (b->replaced.manager)
			add_replaced(&w, o, p, &b->replaced, NULL);
	}
	cJSON *un = cp_jw_chk(&w, cJSON_AddArrayToObject(root, "unbooked"));
	for (size_t i = 0; un && i < r->n_unbooked && !w.fail; i++) {
		const struct cp_appoint_unbooked *u = &r->unbooked[i];
		cJSON *o = cp_jw_push_object(&w, un);
		if (!o)
			break;
		const struct cp_participant *x = cp_problem_participant(p, u->participant);
		cp_jw_str(&w, o, "participant", x->id);
		cp_jw_str(&w, o, "kind", cp_appoint_kind_name(u->kind));
		cp_jw_str(&w, o, "reason", cp_appoint_why_name(u->why));
		if (u->replaced.manager) {
			cp_jw_num(&w, o, "sequence", u->sequence);
			add_replaced(&w, o, p, &u->replaced,
				     u->kind == CP_APPOINT_FOLLOWUP ? course->tz : x->tz);
		}
	}
	return cp_jw_finish(&w, root, len);
}

bool
cp_appointments_json_save(const struct cp_problem *p, const struct cp_appoint_result *r,
			  const char *tzdata, const char *path, struct cp_error *err)
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
		free((char *)a->bookings[i].replaced.manager);
		free((char *)a->bookings[i].replaced.zone);
	}
	free(a->bookings);
	free(a->participant_zone);
	free(a->manager_zone);
	free(a->course);
	free(a);
}

/* A booking's optional "replaces" (the earlier booking of another case
 * manager, appointments.json) into b->replaced, strings malloc'd; errors
 * go to d; false when out of memory. */
static bool
read_replaced(const cJSON *e, const char *at, struct cp_tzdb *db,
	      struct cp_appoint_previous *b, struct cp_diag *d)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(e, "replaces");
	char path[96], lp[128];
	size_t errors = cp_diag_errors(d);

	if (!x)
		return true;
	snprintf(path, sizeof(path), "%s/replaces", at);
	const char *mgr = str_field(x, "manager", path, "a case manager id", d);
	const char *s = str_field(x, "start", path, "a UTC time \"YYYY-MM-DDTHH:MM:SSZ\"", d);
	const char *en = str_field(x, "end", path, "a UTC time \"YYYY-MM-DDTHH:MM:SSZ\"", d);
	const cJSON *l = cJSON_GetObjectItemCaseSensitive(x, "manager_local");
	snprintf(lp, sizeof(lp), "%s/manager_local", path);
	const char *zone = cJSON_IsObject(l) ? str_field(l, "zone", lp, "an IANA zone", d) : NULL;
	if (!cJSON_IsObject(l))
		BAD(d, lp, "expected {\"zone\", \"start\", \"end\", \"utc_offset\"}");
	else if (zone && !cp_tzdb_zone(db, zone, NULL))
		BAD(d, lp, "unknown zone \"%s\"", zone);
	if (s && !cp_parse_utc(s, &b->replaced.start))
		BAD(d, path, "start \"%s\" is not a UTC time \"YYYY-MM-DDTHH:MM:SSZ\"", s);
	if (en && (!cp_parse_utc(en, &b->replaced.end) || b->replaced.end <= b->replaced.start))
		BAD(d, path, "end \"%s\" is not a UTC time after the start", en);
	if (cp_diag_errors(d) > errors)
		return true;
	b->replaced.manager = strdup(mgr);
	b->replaced.zone = strdup(zone);
	return b->replaced.manager && b->replaced.zone;
}

/* The unbooked calls' cancellations (entries of "unbooked" with
 * "replaces") appended to a as cancelled records (appoint.h); errors go to
 * d; false when out of memory. */
static bool
read_cancelled(const cJSON *un, struct cp_tzdb *db, struct cp_appointments *a,
	       struct cp_diag *d)
{
	size_t i = 0;

	for (const cJSON *e = un->child; e; e = e->next, i++) {
		char at[48], path[96];
		size_t errors = cp_diag_errors(d);
		const cJSON *x = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "replaces")
						   : NULL;
		if (!x)
			continue;
		snprintf(at, sizeof(at), "/unbooked/%zu", i);
		struct cp_appoint_previous b = { .cancelled = true };
		const char *who = str_field(e, "participant", at, "a participant id", d);
		const char *kind = str_field(e, "kind", at, "\"intake\" or \"followup\"", d);
		const cJSON *seq = cJSON_GetObjectItemCaseSensitive(e, "sequence");
		snprintf(path, sizeof(path), "%s/replaces/participant_local", at);
		const cJSON *pl = cJSON_GetObjectItemCaseSensitive(x, "participant_local");
		const char *pz = cJSON_IsObject(pl) ? str_field(pl, "zone", path, "an IANA zone", d)
						    : NULL;
		if (!pz || !cp_tzdb_zone(db, pz, NULL))
			BAD(d, path, "expected {\"zone\", ...} with a known zone");
		if (kind && !cp_appoint_kind_from_name(kind, &b.kind))
			BAD(d, at, "unknown kind \"%s\"", kind);
		if (!cJSON_IsNumber(seq) || seq->valuedouble < 0 || seq->valuedouble > 1e6 ||
		    seq->valuedouble != (int)seq->valuedouble)
			BAD(d, at, "a cancelled call needs a whole \"sequence\" 0..1000000");
		else
			b.sequence = (int)seq->valuedouble;
		if (!read_replaced(e, at, db, &b, d)) {
			free((char *)b.replaced.manager);
			free((char *)b.replaced.zone);
			return false;
		}
		if (cp_diag_errors(d) > errors)
			continue;
		/* The record is the earlier booking itself, cancelled. */
		b.participant = strdup(who);
		b.manager = b.replaced.manager;
		b.start = b.replaced.start;
		b.end = b.replaced.end;
		b.manager_zone = b.replaced.zone;
		a->participant_zone[a->n] = strdup(pz);
		a->manager_zone[a->n] = (char *)b.replaced.zone;
		b.replaced = (struct cp_appoint_replaced){ NULL, NULL, 0, 0 };
		a->bookings[a->n++] = b;
		if (!b.participant || !a->participant_zone[a->n - 1])
			return false;
	}
	return true;
}

/* An empty file read back with room for n records (the bookings and the
 * unbooked calls' cancellations) and root's course; NULL when out of
 * memory. */
static struct cp_appointments *
file_create(const cJSON *root, size_t n)
{
	struct cp_appointments *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->bookings = calloc(n + 1, sizeof(*a->bookings));
	a->participant_zone = calloc(n + 1, sizeof(char *));
	a->manager_zone = calloc(n + 1, sizeof(char *));
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(root, "course");
	a->course = strdup(cJSON_IsString(c) ? c->valuestring : "");
	if (!a->bookings || !a->participant_zone || !a->manager_zone || !a->course) {
		cp_appointments_destroy(a);
		return NULL;
	}
	return a;
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
	const cJSON *un = cJSON_GetObjectItemCaseSensitive(root, "unbooked");
	struct cp_appointments *a = file_create(root, (size_t)cJSON_GetArraySize(arr) +
							      (size_t)cJSON_GetArraySize(un));
	if (!a) {
		cJSON_Delete(root);
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
		nomem |= !read_replaced(e, at, db, &b, d);
		if (cp_diag_errors(d) > errors) {
			free((char *)b.replaced.manager);
			free((char *)b.replaced.zone);
			continue;
		}
		b.participant = strdup(who);
		b.manager = strdup(mgr);
		a->participant_zone[a->n] = strdup(zones[0]);
		a->manager_zone[a->n] = strdup(zones[1]);
		b.manager_zone = a->manager_zone[a->n];
		a->bookings[a->n++] = b;
		nomem |= !b.participant || !b.manager || !a->participant_zone[a->n - 1] ||
			 !a->manager_zone[a->n - 1];
	}
	if (cJSON_IsArray(un) && cp_diag_errors(d) == errors)
		nomem |= !read_cancelled(un, db, a, d);
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
cp_appointments_extras(const struct cp_appointments *a, size_t *n)
{
	size_t k = 0;
	for (size_t i = 0; i < a->n; i++)
		k += a->bookings[i].replaced.manager != NULL;
	struct cp_feed_extra *x = calloc(a->n + k ? a->n + k : 1, sizeof(*x));
	if (!x)
		return NULL;
	k = 0;
	for (size_t i = 0; i < a->n; i++) {
		const struct cp_appoint_previous *b = &a->bookings[i];
		x[k++] = (struct cp_feed_extra){
			.kind = b->kind == CP_APPOINT_INTAKE ? CP_FEED_EXTRA_INTAKE
							     : CP_FEED_EXTRA_FOLLOWUP,
			.participant = b->participant,
			.zone = a->participant_zone[i],
			.start = b->start,
			.end = b->end,
			.sequence = b->sequence,
			.manager = b->manager,
			.manager_zone = a->manager_zone[i],
			/* A call that could not be booked again: cancelled in
			 * both feeds. */
			.cancelled = b->cancelled,
		};
		/* Moved from another manager: their feed cancels it. */
		if (b->replaced.manager) {
			x[k] = x[k - 1];
			x[k].start = b->replaced.start;
			x[k].end = b->replaced.end;
			x[k].manager = b->replaced.manager;
			x[k].manager_zone = b->replaced.zone;
			x[k].cancelled = true;
			x[k++].manager_only = true;
		}
	}
	*n = k;
	return x;
}

enum cp_appointments_status
cp_appointments_json_read(const char *buf, size_t len, struct cp_tzdb *db,
			  struct cp_appointments **out, struct cp_diag *d)
{
	*out = NULL;
	return parse(buf, len, db, out, d);
}
