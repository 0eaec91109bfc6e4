/*
 * Localised texts for calendar feeds: messages, numbers and dates in the
 * feed owner's language, through ICU.
 *
 * The texts are ICU resource bundles (messages/LANG.txt, compiled by genrb at
 * build time, packaged with icupkg and linked into the program by genccode):
 * translators edit a standard format, and no file has to be found at run
 * time. Each string is an ICU MessageFormat pattern; its arguments are
 * already formatted UTF-8 text ({0}, {1}, ...), so numbers and dates follow
 * the locale (Arabic-Indic digits in "ar", for instance).
 *
 * ICU formats, it never converts: cp_msg_datetime() takes a wall time the
 * caller computed with the pinned tzdata (cp_tz_to_local) and formats it on
 * a calendar in the "UTC" zone, so ICU's own, stale copy of the tz database
 * never decides a time shown to anyone.
 *
 * Languages: nl, en, fr, ar (cp_msg_languages). A locale such as "fr_BE" or
 * "ar-MA" takes its texts from its language and its date and number formats
 * from the full locale.
 *
 * Ownership: cp_msg_create() returns a handle the caller destroys with
 * cp_msg_destroy() (NULL is a no-op). Functions returning char * transfer
 * ownership (free()); NULL from them means out of memory or an ICU failure,
 * or for cp_msg_format() an unknown key. Getters return borrowed strings
 * valid until the handle is destroyed.
 *
 * Threads: a handle caches ICU formatters, which are not thread-safe: use
 * one handle per thread. Creating handles is thread-safe.
 */
#ifndef CP_LOCALE_MESSAGES_H
#define CP_LOCALE_MESSAGES_H

#include <stdbool.h>
#include <stddef.h>

#include <cohortplan/tz.h>

#include "common/error.h"

/* Errors are the api's struct cp_error (common/error.h): CP_ERR_UNSUPPORTED
 * for a language we have no texts for, CP_ERR_LIBRARY when ICU cannot load
 * its data or ours, CP_ERR_NOMEM. */

/* The supported language codes, in a fixed order; *n receives the count. */
const char *const *cp_msg_languages(size_t *n);

/* True when locale ("ar", "fr_BE", "nl-BE") names a supported language. */
bool cp_msg_supported(const char *locale);

struct cp_msg;

/* Open the texts and formatters of locale. NULL with *err filled (err may
 * be NULL) when the language is unsupported or ICU fails. */
struct cp_msg *cp_msg_create(const char *locale, struct cp_error *err);
void cp_msg_destroy(struct cp_msg *m);

/* The language code ("ar") and the ICU locale used for formats ("ar_MA"). */
const char *cp_msg_language(const struct cp_msg *m);
const char *cp_msg_locale(const struct cp_msg *m);

/* True for right-to-left languages (ar). */
bool cp_msg_rtl(const struct cp_msg *m);

/* True when the bundle has a text for key (e.g. "theme_work"). */
bool cp_msg_has(struct cp_msg *m, const char *key);

/* The message key with args[0..n) (UTF-8 text) in place of {0}..{n-1}.
 * n is at most 8. NULL for an unknown key or on failure. Plurals are
 * `select` on a category argument (cp_msg_plural), since every argument
 * is text. */
char *cp_msg_format(struct cp_msg *m, const char *key, size_t n, const char *const *args);

/* The locale's plural category of n ("zero", "one", "two", "few", "many"
 * or "other"), for a `select` in a message; "other" on failure. The
 * string is static. */
const char *cp_msg_plural(struct cp_msg *m, long n);

/* A whole number in the locale's digits ("5", "٥"). */
char *cp_msg_number(struct cp_msg *m, long n);

enum cp_msg_style {
	CP_MSG_DATETIME = 0, /* "Tuesday, March 5, 2024 at 19:00" */
	CP_MSG_DATE,         /* "Tuesday, March 5, 2024" */
	CP_MSG_TIME,         /* "19:00" */
};

/* The wall time w (already in the zone the reader needs) in the locale's
 * long form, 24-hour clock. */
char *cp_msg_datetime(struct cp_msg *m, const struct cp_civil *w, enum cp_msg_style style);

#endif /* CP_LOCALE_MESSAGES_H */
