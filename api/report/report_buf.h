/*
 * A growing output buffer with HTML escaping, for the report writer: the
 * api's growing string (common/strbuf.h) with the report's escaping.
 *
 * Writes never fail visibly: the first allocation failure sets text.nomem,
 * later writes are ignored, and the caller checks once at the end (the
 * report is all or nothing anyway).
 *
 * Ownership: the buffer owns its text; cp_report_buf_take() hands it over
 * and leaves the buffer empty; cp_report_buf_finish() frees what is left.
 */
#ifndef CP_REPORT_BUF_H
#define CP_REPORT_BUF_H

#include <stdbool.h>
#include <stddef.h>

#include "common/strbuf.h"

struct cp_report_buf {
	struct cp_strbuf text;
};

void cp_report_buf_init(struct cp_report_buf *b);
void cp_report_buf_finish(struct cp_report_buf *b);
/* The text so far (NUL-terminated, never NULL unless nomem); the caller
 * owns it and the buffer is empty afterwards. */
char *cp_report_buf_take(struct cp_report_buf *b, size_t *len);

void cp_report_buf_putn(struct cp_report_buf *b, const char *s, size_t n);
void cp_report_buf_put(struct cp_report_buf *b, const char *s);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void cp_report_buf_printf(struct cp_report_buf *b, const char *fmt, ...);

/*
 * s[0..n) as HTML text that is also safe inside a quoted attribute: & < > "
 * and ' become references, C0 controls other than tab and newline, DEL and
 * malformed UTF-8 become U+FFFD, so untrusted ids can neither open markup
 * nor make the page invalid.
 */
void cp_report_buf_escn(struct cp_report_buf *b, const char *s, size_t n);
void cp_report_buf_esc(struct cp_report_buf *b, const char *s);

#endif /* CP_REPORT_BUF_H */
