/*
 * Writing JSON files with cJSON (see json_write.h).
 */
#include "json_write.h"

#include <cohortplan/plan.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cJSON *
cp_jw_chk(struct cp_jw *w, cJSON *v)
{
	if (!v)
		w->fail = true;
	return v;
}

void
cp_jw_str(struct cp_jw *w, cJSON *o, const char *key, const char *s)
{
	cp_jw_chk(w, s ? cJSON_AddStringToObject(o, key, s) : cJSON_AddNullToObject(o, key));
}

void
cp_jw_num(struct cp_jw *w, cJSON *o, const char *key, double x)
{
	char b[32];

	/* JSON has no NaN or infinity (a heuristic plan has no bound). */
	if (!isfinite(x)) {
		cp_jw_chk(w, cJSON_AddNullToObject(o, key));
		return;
	}
	/* The shortest text that reads back as exactly x: cJSON's own printer
	 * accepts a neighbour within DBL_EPSILON, which would make a re-read
	 * plan differ from the written one. */
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(b, sizeof(b), "%.*g", prec, x);
		if (strtod(b, NULL) == x)
			break;
	}
	cp_jw_chk(w, cJSON_AddRawToObject(o, key, b));
}

void
cp_jw_utc(struct cp_jw *w, cJSON *o, const char *key, cp_instant t)
{
	char b[CP_TIME_BUFSZ];
	cp_jw_str(w, o, key, cp_format_utc(t, b));
}

cJSON *
cp_jw_push_object(struct cp_jw *w, cJSON *arr)
{
	cJSON *o = cp_jw_chk(w, cJSON_CreateObject());
	if (o)
		cJSON_AddItemToArray(arr, o);
	return o;
}

char *
cp_jw_finish(struct cp_jw *w, cJSON *root, size_t *len)
{
	char *text = NULL;

	if (!w->fail)
		text = cJSON_Print(root);
	cJSON_Delete(root);
	if (!text)
		return NULL;
	/* A text file ends in a newline; cJSON_Print adds none. */
	size_t n = strlen(text);
	char *out = realloc(text, n + 2);
	if (!out) {
		free(text);
		return NULL;
	}
	out[n] = '\n';
	out[n + 1] = '\0';
	if (len)
		*len = n + 1;
	return out;
}

void
cp_jw_offset(struct cp_jw *w, cJSON *o, const char *key, int32_t utoff)
{
	int32_t a = utoff < 0 ? -utoff : utoff;
	char b[16];

	snprintf(b, sizeof b, "%c%02d:%02d", utoff < 0 ? '-' : '+', (int)(a / 3600),
		 (int)(a / 60 % 60));
	cp_jw_str(w, o, key, b);
}

void
cp_jw_local_span(struct cp_jw *w, cJSON *o, const struct cp_tz *tz, cp_instant s,
		 cp_instant e, bool with_zone)
{
	char b[CP_TIME_BUFSZ];
	struct cp_tz_local a, z;

	cp_tz_to_local(tz, s, &a);
	cp_tz_to_local(tz, e, &z);
	if (with_zone)
		cp_jw_str(w, o, "zone", cp_tz_name(tz));
	cp_jw_str(w, o, "start", cp_format_local(&a.wall, b));
	cp_jw_str(w, o, "end", cp_format_local(&z.wall, b));
	cp_jw_offset(w, o, "utc_offset", a.utoff);
	if (z.utoff != a.utoff)
		cp_jw_offset(w, o, "utc_offset_end", z.utoff);
}

cJSON *
cp_jw_document(struct cp_jw *w, const char *format, int version)
{
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return NULL;
	cp_jw_str(w, root, "format", format);
	cp_jw_num(w, root, "version", version);
	return root;
}

void
cp_jw_module(struct cp_jw *w, cJSON *o, const char *id_key, const struct cp_plan_module *md)
{
	cp_jw_str(w, o, id_key, md->module);
	cp_jw_str(w, o, "theme", md->theme);
	cp_jw_num(w, o, "minutes", md->minutes);
	cp_jw_utc(w, o, "available", md->available);
	cp_jw_utc(w, o, "due", md->due);
}
