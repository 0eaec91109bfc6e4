/*
 * Quoting a value from an input file for an error message, shared by the
 * readers in api/ (holiday calendars, rosters).
 */
#ifndef CP_API_COMMON_QUOTE_H
#define CP_API_COMMON_QUOTE_H

#include <stddef.h>

/* Quote at most shown bytes of s (n bytes, or up to NUL when n is SIZE_MAX)
 * into buf (cap bytes) and return buf: printable ASCII as is, anything else
 * as \xHH, "..." when cut, so a message stays one clean line whatever the
 * file holds. */
const char *cp_quote(const char *s, size_t n, size_t shown, char *buf, size_t cap);

#endif
