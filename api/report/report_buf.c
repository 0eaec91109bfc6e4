/*
 * The report's output buffer and HTML escaping (see report_buf.h).
 */
#include "report_buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
cp_report_buf_init(struct cp_report_buf *b)
{
	memset(b, 0, sizeof *b);
}

void
cp_report_buf_finish(struct cp_report_buf *b)
{
	free(b->text.s);
	memset(b, 0, sizeof *b);
}

char *
cp_report_buf_take(struct cp_report_buf *b, size_t *len)
{
	size_t n = b->text.len;
	char *p = cp_strbuf_finish(&b->text); /* "" for an empty page */

	if (p && len)
		*len = n;
	memset(b, 0, sizeof *b);
	return p;
}

void
cp_report_buf_putn(struct cp_report_buf *b, const char *s, size_t n)
{
	if (n)
		cp_strbuf_addn(&b->text, s, n);
}

void
cp_report_buf_put(struct cp_report_buf *b, const char *s)
{
	cp_report_buf_putn(b, s, strlen(s));
}

void
cp_report_buf_printf(struct cp_report_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cp_strbuf_vprintf(&b->text, fmt, ap);
	va_end(ap);
}

/* Length of the well-formed UTF-8 sequence at s (at most n bytes), or 0:
 * overlong forms, surrogates and values past U+10FFFF are malformed. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	uint32_t c;
	size_t len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	return len;
}

void
cp_report_buf_escn(struct cp_report_buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0;

	while (i < n) {
		const char *rep = NULL;
		size_t len = 1;
		unsigned char c = u[i];

		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
				rep = "\xef\xbf\xbd";
			} else if (c >= 0x80) {
				len = utf8_len(u + i, n - i);
				if (len == 0) {
					rep = "\xef\xbf\xbd";
					len = 1;
				}
			}
			break;
		}
		if (rep) {
			cp_report_buf_putn(b, s + run, i - run);
			cp_report_buf_put(b, rep);
			i += len;
			run = i;
		} else {
			i += len;
		}
	}
	cp_report_buf_putn(b, s + run, n - run);
}

void
cp_report_buf_esc(struct cp_report_buf *b, const char *s)
{
	if (s)
		cp_report_buf_escn(b, s, strlen(s));
}
