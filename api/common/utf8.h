/*
 * UTF-8 validation for the readers in api/ (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF).
 */
#ifndef CP_API_COMMON_UTF8_H
#define CP_API_COMMON_UTF8_H

#include <stddef.h>

/* Length of the valid UTF-8 sequence at s (at most n bytes, n >= 1), 0 if
 * it is not one. */
size_t cp_utf8_seq(const unsigned char *s, size_t n);

#endif
