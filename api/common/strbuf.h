/*
 * A growing string for the api wings' writers (feeds, OneRoster, the
 * locale's sentences, the report, the server's pages, the problem
 * generator). Contract: start from { 0 }; every append keeps the
 * text NUL-terminated; out of memory (or a NULL string, the mark of a
 * failed formatter upstream) sets nomem, which sticks, so callers check
 * once at the end. The caller owns s (free()). Prints nothing.
 */
#ifndef CP_COMMON_STRBUF_H
#define CP_COMMON_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct cp_strbuf {
	char *s;        /* NULL until the first append */
	size_t len, cap;
	bool nomem;
};

/* Append the n bytes at s. */
void cp_strbuf_addn(struct cp_strbuf *b, const char *s, size_t n);

/* Append the string s; NULL sets nomem. */
void cp_strbuf_add(struct cp_strbuf *b, const char *s);

/* Append s (malloc'd) and free it; NULL sets nomem. */
void cp_strbuf_take(struct cp_strbuf *b, char *s);

/* Append printf-style text; a formatting error sets nomem. */
void cp_strbuf_vprintf(struct cp_strbuf *b, const char *fmt, va_list ap);
void cp_strbuf_printf(struct cp_strbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* The text (the caller frees it): "" for nothing appended, NULL (b's
 * text freed) after out of memory. */
char *cp_strbuf_finish(struct cp_strbuf *b);

#endif /* CP_COMMON_STRBUF_H */
