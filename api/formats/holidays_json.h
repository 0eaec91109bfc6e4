/*
 * Holiday calendars as JSON files (data/holidays/XX.json), and the rule
 * notation they use. The format is described in docs/holidays.md:
 *
 *   {
 *     "calendar": "BE",
 *     "name": "Belgium",
 *     "note": "free text: sources, caveats",
 *     "holidays": [
 *       { "key": "easter_monday", "name": "Easter Monday", "rule": "easter+1" },
 *       { "key": "eid_al_fitr", "name": "Eid al-Fitr", "rule": "islamic:10-01",
 *         "days": 2 },
 *       { "key": "amazigh_new_year", "name": "Amazigh New Year",
 *         "rule": "01-14", "since": 2024 }
 *     ]
 *   }
 *
 * Rule notation (cp_holiday_rule_parse):
 *   "MM-DD"                    every year on that Gregorian date
 *   "YYYY-MM-DD"               once
 *   "easter", "easter+N", "easter-N"
 *                              Western Easter Sunday plus/minus N days
 *   "orthodox-easter[+-N]"     the same for Orthodox Easter
 *   "islamic:MM-DD"            every Hijri year on that Hijri month-day
 *
 * Parsing is strict: unknown fields, duplicate fields and wrong types are
 * errors, and every message names the source, the JSON path and the value.
 *
 * Ownership: the functions returning a struct cp_holiday_calendar * transfer
 * it to the caller (cp_holidays_destroy()). Errors go to a caller-owned
 * struct cp_error (common/error.h; may be NULL): err->status is
 * CP_ERR_INVALID, CP_ERR_IO or CP_ERR_NOMEM and err->code the engine's
 * enum cp_holidays_status named below (CP_HOLIDAYS_ERR_FORMAT, ...); an
 * error about a place in the document has its JSON Pointer in err->pointer
 * ("/holidays/3/rule"). Nothing prints.
 */
#ifndef CP_FORMATS_HOLIDAYS_JSON_H
#define CP_FORMATS_HOLIDAYS_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <cohortplan/holidays.h>

#include "common/error.h"

/* Files larger than this are refused (CP_HOLIDAYS_ERR_FORMAT). */
#define CP_HOLIDAYS_JSON_MAX_BYTES (1024 * 1024)

/*
 * Parse a holiday calendar from text (len bytes, need not be NUL-terminated).
 * source names the input in messages (a path, or "inline"). Returns NULL with
 * *err filled: CP_HOLIDAYS_ERR_FORMAT (syntax, types, unknown fields, bad
 * rules), CP_HOLIDAYS_ERR_INVALID (a field out of range) or
 * CP_HOLIDAYS_ERR_NOMEM.
 */
struct cp_holiday_calendar *cp_holidays_json_parse(const char *text, size_t len,
						   const char *source,
						   struct cp_error *err);

/* Read and parse the file at path (named in messages). Adds CP_HOLIDAYS_ERR_IO
 * for unreadable files. */
struct cp_holiday_calendar *cp_holidays_json_load(const char *path,
						  struct cp_error *err);

/*
 * Load the shipped calendar `id` ("BE", "MA", "LB", "JO", ...) from the
 * directory dir, i.e. "<dir>/<id>.json", and check that the file's
 * "calendar" field is id. id must be 1..16 characters of A-Z, 0-9, '-' and
 * '_' (so it cannot leave dir); anything else is CP_HOLIDAYS_ERR_INVALID.
 */
struct cp_holiday_calendar *cp_holidays_json_load_id(const char *dir, const char *id,
						     struct cp_error *err);

/*
 * Parse a rule expression (see above) into out->kind, month, day, offset and
 * date; the other fields of *out are left alone. Returns false, leaving *out
 * untouched, with a short English reason in why (may be NULL) such as
 * "no such date 02-30" or "expected MM-DD, YYYY-MM-DD, easter[+-N],
 * orthodox-easter[+-N] or islamic:MM-DD". For planners' own dates in the
 * problem JSON as well as for the data files.
 */
bool cp_holiday_rule_parse(const char *text, struct cp_holiday_rule *out, char *why,
			   size_t why_len);

#endif /* CP_FORMATS_HOLIDAYS_JSON_H */
