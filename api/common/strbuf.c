/* A growing string (strbuf.h). */
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

void
cp_strbuf_addn(struct cp_strbuf *b, const char *s, size_t n)
{
	if (b->nomem)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *ns = realloc(b->s, cap);
		if (!ns) {
			b->nomem = true;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
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
