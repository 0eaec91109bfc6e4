/*
 * Reading JSON with cJSON: the helpers the readers of problem.json,
 * plan.json and holiday calendars share. Private to api/formats/.
 *
 * Prints nothing, allocates nothing.
 */
#ifndef CP_FORMATS_JSON_READ_H
#define CP_FORMATS_JSON_READ_H

#include <cjson/cJSON.h>

/* The kind of v with its article, for error messages: "a string", "a
 * number", "a boolean", "null", "an array", "an object" ("an invalid
 * value" for a node the parser never makes). A static string. */
const char *cp_jr_type_name(const cJSON *v);

#endif /* CP_FORMATS_JSON_READ_H */
