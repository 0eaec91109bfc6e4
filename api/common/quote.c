/* Quoting input values for messages (quote.h). */
#include "quote.h"

#include <stdio.h>

const char *
cp_quote(const char *s, size_t n, size_t shown, char *buf, size_t cap)
{
	size_t o = 0;

	for (size_t i = 0; i < n && s[i] && o + 5 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i >= shown) {
			buf[o++] = '.';
			buf[o++] = '.';
			buf[o++] = '.';
			break;
		}
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", c);
	}
	buf[o] = '\0';
	return buf;
}
