/*
 * The setter and clearer every api module writes for its error object.
 *
 * Each module reports errors in its own struct (an enum `status` and a
 * fixed-size `message`), so C cannot share one function between them; these
 * macros write the code once and each module instantiates it for its types:
 *
 *	CP_ERROR_SETTER(set_error, struct cp_icu_error, enum cp_icu_status)
 *	CP_ERROR_CLEARER(clear_error, struct cp_icu_error, CP_ICU_OK)
 *
 * define
 *
 *	static enum cp_icu_status set_error(struct cp_icu_error *err,
 *					    enum cp_icu_status status, const char *fmt, ...);
 *	static void clear_error(struct cp_icu_error *err);
 *
 * The setter formats the message printf-style (checked by the compiler) and
 * returns status, so a failing function can `return set_error(err, ...)`.
 * Both accept err == NULL (the caller did not ask for detail).
 *
 * Header only, for api/ modules; tzdata/, engine/ and solver/ keep their own
 * (they may not include api/).
 */
#ifndef CP_API_COMMON_ERROR_H
#define CP_API_COMMON_ERROR_H

#include <stdarg.h>
#include <stdio.h>

#define CP_ERROR_SETTER(name, error_type, status_type)                                     \
	__attribute__((format(printf, 3, 4))) static status_type                           \
	name(error_type *err, status_type status, const char *fmt, ...)                     \
	{                                                                                   \
		va_list ap;                                                                 \
                                                                                            \
		if (err) {                                                                  \
			err->status = status;                                               \
			va_start(ap, fmt);                                                  \
			vsnprintf(err->message, sizeof(err->message), fmt, ap);             \
			va_end(ap);                                                         \
		}                                                                           \
		return status;                                                              \
	}

#define CP_ERROR_CLEARER(name, error_type, ok_status)                                      \
	static void name(error_type *err)                                                   \
	{                                                                                   \
		if (err) {                                                                  \
			err->status = ok_status;                                            \
			err->message[0] = '\0';                                             \
		}                                                                           \
	}

#endif
