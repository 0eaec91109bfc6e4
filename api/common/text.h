/*
 * Small questions about text the api's line readers ask (the register and
 * make-up CSV, `tz to-utc` input). Prints nothing.
 */
#ifndef CP_COMMON_TEXT_H
#define CP_COMMON_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* True when the n bytes at s are only spaces and tabs (also when n is 0). */
bool cp_text_blank(const char *s, size_t n);

#endif /* CP_COMMON_TEXT_H */
