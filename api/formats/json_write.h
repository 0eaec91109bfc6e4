/*
 * Writing JSON files with cJSON: the helpers plan.json and timetable.json
 * share. Private to api/formats/.
 *
 * cJSON's builders return NULL when out of memory; they all go through
 * cp_jw_chk(), which records the failure in the writer so that a writer
 * reads straight through and checks once, in cp_jw_finish().
 *
 * Ownership: cp_jw_finish() consumes the tree and returns a string the
 * caller frees. Other functions return borrowed pointers into the tree.
 */
#ifndef CP_FORMATS_JSON_WRITE_H
#define CP_FORMATS_JSON_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <cohortplan/tz.h>

struct cp_jw {
	bool fail; /* out of memory, or (set by the caller) any other failure */
};

/* v, after recording in w when it is NULL. */
cJSON *cp_jw_chk(struct cp_jw *w, cJSON *v);

/* o[key] = s, or null when s is NULL. */
void cp_jw_str(struct cp_jw *w, cJSON *o, const char *key, const char *s);

/* o[key] = x in the shortest text that reads back as exactly x (null when
 * x is not finite: JSON has no NaN or infinity). */
void cp_jw_num(struct cp_jw *w, cJSON *o, const char *key, double x);

/* o[key] = t as "YYYY-MM-DDTHH:MM:SSZ". */
void cp_jw_utc(struct cp_jw *w, cJSON *o, const char *key, cp_instant t);

/* o[key] = the UTC offset utoff (seconds east) as "+HH:MM" or "-HH:MM". */
void cp_jw_offset(struct cp_jw *w, cJSON *o, const char *key, int32_t utoff);

/* [s, e) in tz as members of o: "zone" (only when with_zone), "start" and
 * "end" (local wall times), "utc_offset" at s and, when a clock change
 * falls inside, "utc_offset_end" (the feeds say so too). The one way
 * timetable.json, attendance.json and appointments.json write local times. */
void cp_jw_local_span(struct cp_jw *w, cJSON *o, const struct cp_tz *tz, cp_instant s,
		      cp_instant e, bool with_zone);

/* A plan module (cohortplan/plan.h) as members of o: its id under id_key
 * ("module" in plan.json and attendance.json, "id" in timetable.json),
 * then "theme", "minutes", "available" and "due". */
struct cp_plan_module;
void cp_jw_module(struct cp_jw *w, cJSON *o, const char *id_key,
		  const struct cp_plan_module *md);

/* A new object appended to the array arr; NULL when out of memory. */
cJSON *cp_jw_push_object(struct cp_jw *w, cJSON *arr);

/* The tree as tab-indented text ending in a newline, NUL-terminated; *len
 * (may be NULL) gets its length. Deletes root. NULL when w recorded a
 * failure or when out of memory. */
char *cp_jw_finish(struct cp_jw *w, cJSON *root, size_t *len);

/* A document's root object, starting with its "format" and "version" as
 * every cohortplan JSON file does; NULL when out of memory. */
cJSON *cp_jw_document(struct cp_jw *w, const char *format, int version);

#endif /* CP_FORMATS_JSON_WRITE_H */
