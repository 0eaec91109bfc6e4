/*
 * Building small compact JSON bodies without seeing cJSON: a thin face on
 * cJSON for code outside api/formats (the HTTP server), so that cJSON stays
 * behind this fence. struct cp_jb is a cJSON node under another name; every
 * call forwards to the cJSON function of the same job and behaves as it
 * does (NULL parents are tolerated, numbers print as cJSON prints them), so
 * bodies built here are byte for byte those cJSON would give.
 *
 * Ownership: cp_jb_object and cp_jb_array return a tree the caller deletes
 * with cp_jb_delete (NULL is a no-op), unless it is added to another with
 * cp_jb_add or cp_jb_push, which then owns it (only when they return true).
 * The cp_jb_add_object and cp_jb_add_array results are borrowed: they
 * belong to their parent. cp_jb_print returns a string the caller frees.
 */
#ifndef CP_FORMATS_JSON_BUILD_H
#define CP_FORMATS_JSON_BUILD_H

#include <stdbool.h>

struct cp_jb;

/* A new empty object or array; NULL when out of memory. */
struct cp_jb *cp_jb_object(void);
struct cp_jb *cp_jb_array(void);
void cp_jb_delete(struct cp_jb *v);

/* The tree as compact JSON text (malloc'd); NULL when v is NULL or when
 * out of memory. */
char *cp_jb_print(const struct cp_jb *v);

/* o[key] = a string, number, null or boolean; false when out of memory or
 * when o is NULL. */
bool cp_jb_str(struct cp_jb *o, const char *key, const char *s);
bool cp_jb_num(struct cp_jb *o, const char *key, double x);
bool cp_jb_null(struct cp_jb *o, const char *key);
bool cp_jb_bool(struct cp_jb *o, const char *key, bool b);

/* o[key] = a new empty object or array, returned (borrowed); NULL when out
 * of memory or when o is NULL. */
struct cp_jb *cp_jb_add_object(struct cp_jb *o, const char *key);
struct cp_jb *cp_jb_add_array(struct cp_jb *o, const char *key);

/* o[key] = item, or item appended to the array arr; the parent takes item
 * over when these return true. */
bool cp_jb_add(struct cp_jb *o, const char *key, struct cp_jb *item);
bool cp_jb_push(struct cp_jb *arr, struct cp_jb *item);

#endif /* CP_FORMATS_JSON_BUILD_H */
