/*
 * Building compact JSON bodies (see json_build.h): each function forwards
 * to cJSON. The casts are the whole trick: struct cp_jb is never defined,
 * so a struct cp_jb pointer is only ever a cJSON pointer by another name.
 */
#include "json_build.h"

#include <cjson/cJSON.h>

static cJSON *
node(struct cp_jb *v)
{
	return (cJSON *)v;
}

static struct cp_jb *
jb(cJSON *v)
{
	return (struct cp_jb *)v;
}

struct cp_jb *
cp_jb_object(void)
{
	return jb(cJSON_CreateObject());
}

struct cp_jb *
cp_jb_array(void)
{
	return jb(cJSON_CreateArray());
}

void
cp_jb_delete(struct cp_jb *v)
{
	cJSON_Delete(node(v));
}

char *
cp_jb_print(const struct cp_jb *v)
{
	return v ? cJSON_PrintUnformatted((const cJSON *)v) : NULL;
}

bool
cp_jb_str(struct cp_jb *o, const char *key, const char *s)
{
	return cJSON_AddStringToObject(node(o), key, s) != NULL;
}

bool
cp_jb_num(struct cp_jb *o, const char *key, double x)
{
	return cJSON_AddNumberToObject(node(o), key, x) != NULL;
}

bool
cp_jb_null(struct cp_jb *o, const char *key)
{
	return cJSON_AddNullToObject(node(o), key) != NULL;
}

bool
cp_jb_bool(struct cp_jb *o, const char *key, bool b)
{
	return cJSON_AddBoolToObject(node(o), key, b) != NULL;
}

struct cp_jb *
cp_jb_add_object(struct cp_jb *o, const char *key)
{
	return jb(cJSON_AddObjectToObject(node(o), key));
}

struct cp_jb *
cp_jb_add_array(struct cp_jb *o, const char *key)
{
	return jb(cJSON_AddArrayToObject(node(o), key));
}

bool
cp_jb_add(struct cp_jb *o, const char *key, struct cp_jb *item)
{
	return cJSON_AddItemToObject(node(o), key, node(item));
}

bool
cp_jb_push(struct cp_jb *arr, struct cp_jb *item)
{
	return cJSON_AddItemToArray(node(arr), node(item));
}
