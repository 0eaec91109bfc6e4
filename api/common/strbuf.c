/* A growing string (strbuf.h). */
#include "strbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for extra more bytes and the NUL; false (nomem set) when out of
 * memory. */
static bool
reserve(struct cp_strbuf *b, size_t extra)
{
	if (b->nomem)
		return false;
	if (extra > SIZE_MAX / 2 - b->len) {
		b->nomem = true; /* no doubling could hold it */
		return false;
	}
	if (b->len + extra + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		while (cap < b->len + extra + 1)
			cap *= 2;
		char *ns = realloc(b->s, cap);
		if (!ns) {
			b->nomem = true;
			return false;
		}
		b->s = ns;
		b->cap = cap;
	}
	return true;
}

void
cp_strbuf_addn(struct cp_strbuf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
cp_strbuf_add(struct cp_strbuf *b, const char *s)
{
	if (!s) {
		b->nomem = true; /* a failed formatter upstream */
		return;
	}
	cp_strbuf_addn(b, s, strlen(s));
}

void
cp_strbuf_take(struct cp_strbuf *b, char *s)
{
	cp_strbuf_add(b, s);
	free(s);
}

char *
cp_strbuf_finish(struct cp_strbuf *b)
{
	if (b->nomem || !b->s) {
		free(b->s);
		b->s = NULL;
		return b->nomem ? NULL : strdup("");
	}
	return b->s;
}

void
cp_strbuf_vprintf(struct cp_strbuf *b, const char *fmt, va_list ap)
{
	/* Straight into the free room; when it is too small, grow to the
	 * length vsnprintf reported and write again. */
	while (!b->nomem) {
		size_t room = b->cap - b->len;
		va_list aq;
		int n;

		va_copy(aq, ap);
		n = vsnprintf(room ? b->s + b->len : NULL, room, fmt, aq);
		va_end(aq);
		if (n < 0) {
			b->nomem = true;
			return;
		}
		if ((size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		reserve(b, (size_t)n);
	}
}

void
cp_strbuf_printf(struct cp_strbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cp_strbuf_vprintf(b, fmt, ap);
	va_end(ap);
}
