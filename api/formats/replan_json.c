/*
 * The problem of a mid-course re-plan: pins and people left out, applied
 * to the problem's JSON text (replan_json.h).
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "formats/replan_json.h"

static const cJSON *
get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

static const char *
id_of(const cJSON *o)
{
	const cJSON *id = get(o, "id");
	return cJSON_IsString(id) ? id->valuestring : NULL;
}

static int
by_participant(const void *a, const void *b)
{
	return strcmp(((const struct cp_replan_person *)a)->participant,
		      ((const struct cp_replan_person *)b)->participant);
}

/* The entry of sorted s[0..n) for id, or NULL. */
static const struct cp_replan_person *
lookup(const struct cp_replan_person *s, size_t n, const char *id)
{
	struct cp_replan_person key = { .participant = id };
	return id ? bsearch(&key, s, n, sizeof(*s), by_participant) : NULL;
}

/* Is the person with this id left out? (Not listed: stays.) */
static bool
left_out(const struct cp_replan_person *s, size_t n, const char *id)
{
	const struct cp_replan_person *e = lookup(s, n, id);
	return e && !e->pin;
}

/* Pin or drop every listed participant of array ps; false when out of
 * memory. seen[i] is set for each entry of s found. */
static bool
apply(cJSON *ps, const struct cp_replan_person *s, size_t n, bool *seen)
{
	cJSON *p = ps->child;
	while (p) {
		cJSON *next = p->next;
		const struct cp_replan_person *e = lookup(s, n, id_of(p));
		if (e)
			seen[e - s] = true;
		if (e && !e->pin) {
			cJSON_Delete(cJSON_DetachItemViaPointer(ps, p));
		} else if (e) {
			cJSON *pin = cJSON_CreateString(e->pin);
			if (!pin)
				return false;
			cJSON_DeleteItemFromObjectCaseSensitive(p, "pin");
			cJSON_AddItemToObject(p, "pin", pin);
		}
		p = next;
	}
	/* A partner link must resolve: the one left behind keeps no link. */
	cJSON_ArrayForEach(p, ps) {
		const cJSON *partner = get(p, "partner");
		if (cJSON_IsObject(partner) && left_out(s, n, id_of(partner)))
			cJSON_DeleteItemFromObjectCaseSensitive(p, "partner");
	}
	return true;
}

/* policy.cohort_size.min lowered to keep_min when that is smaller (the
 * reader's default is 7, max 25); false when out of memory. */
static bool
lower_min(cJSON *root, int keep_min)
{
	cJSON *policy = cJSON_GetObjectItemCaseSensitive(root, "policy");
	cJSON *size = cJSON_IsObject(policy)
			      ? cJSON_GetObjectItemCaseSensitive(policy, "cohort_size") : NULL;
	const cJSON *min = cJSON_IsObject(size) ? get(size, "min") : NULL;
	int now = cJSON_IsNumber(min) ? (int)min->valuedouble : 7;

	if (keep_min <= 0 || keep_min >= now)
		return true;
	if (!cJSON_IsObject(policy) && !(policy = cJSON_AddObjectToObject(root, "policy")))
		return false;
	if (!cJSON_IsObject(size) &&
	    (!(size = cJSON_AddObjectToObject(policy, "cohort_size")) ||
	     !cJSON_AddNumberToObject(size, "max", 25)))
		return false;
	cJSON *v = cJSON_CreateNumber(keep_min);
	if (!v)
		return false;
	if (get(size, "min"))
		return cJSON_ReplaceItemInObjectCaseSensitive(size, "min", v);
	return cJSON_AddItemToObject(size, "min", v);
}

char *
cp_replan_problem(const char *problem, size_t len, const struct cp_replan_person *v, size_t n,
		  int keep_min, const char **missing)
{
	struct cp_replan_person *s = malloc((n ? n : 1) * sizeof(*s));
	bool *seen = calloc(n ? n : 1, sizeof(*seen));
	cJSON *root = cJSON_ParseWithLength(problem, len);
	cJSON *ps = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "participants")
					 : NULL;
	char *out = NULL;

	if (missing)
		*missing = NULL;
	if (!s || !seen || !cJSON_IsArray(ps))
		goto done;
	if (n)
		memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), by_participant);
	if (!apply(ps, s, n, seen) || !lower_min(root, keep_min))
		goto done;
	for (size_t i = 0; i < n; i++) {
		if (!seen[i]) {
			if (missing)
				*missing = s[i].participant;
			goto done;
		}
	}
	out = cJSON_Print(root);
done:
	cJSON_Delete(root);
	free(seen);
	free(s);
	return out;
}

bool
cp_replan_has_ics_rosters(const char *problem, size_t len)
{
	cJSON *root = cJSON_ParseWithLength(problem, len);
	const cJSON *ps = cJSON_IsObject(root) ? get(root, "participants") : NULL, *p;
	bool found = false;

	cJSON_ArrayForEach(p, ps) {
		const cJSON *r = get(p, "roster");
		if (cJSON_IsObject(r) && get(r, "ics"))
			found = true;
	}
	cJSON_Delete(root);
	return found;
}
