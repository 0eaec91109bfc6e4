/* Diagnostics list: see include/cohortplan/diag.h. */
#include <cohortplan/diag.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cp_util.h"

#define DEFAULT_MAX 1000

struct item {
	struct cp_diag_entry e;
	size_t seq; /* insertion order, keeps the sort stable */
};

struct cp_diag {
	struct item *items;
	size_t n, cap, max;
	size_t errors, warnings, seq;
	bool truncated, nomem;
};

struct cp_diag *cp_diag_create(size_t max_entries)
{
	struct cp_diag *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->max = max_entries ? max_entries : DEFAULT_MAX;
	return d;
}

static void free_entry(struct cp_diag_entry *e)
{
	free((char *)e->path);
	free((char *)e->value);
	free((char *)e->message);
}

void cp_diag_clear(struct cp_diag *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		free_entry(&d->items[i].e);
	d->n = 0;
	d->errors = d->warnings = d->seq = 0;
	d->truncated = d->nomem = false;
}

void cp_diag_destroy(struct cp_diag *d)
{
	if (!d)
		return;
	cp_diag_clear(d);
	free(d->items);
	free(d);
}

static char *dup_or_null(const char *s, bool *fail)
{
	if (!s)
		return NULL;
	char *r = strdup(s);
	if (!r)
		*fail = true;
	return r;
}

static void vadd(struct cp_diag *d, enum cp_diag_severity sev, const char *path,
		 const char *value, size_t offset, long line, long column,
		 const char *fmt, va_list ap) CP_PRINTF(8, 0);

static void vadd(struct cp_diag *d, enum cp_diag_severity sev, const char *path,
		 const char *value, size_t offset, long line, long column,
		 const char *fmt, va_list ap)
{
	if (!d)
		return;
	if (sev == CP_DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
	if (d->n >= d->max) {
		d->truncated = true;
		return;
	}
	if (!CP_GROW(d->items, d->cap, d->n + 1, 16)) {
		d->nomem = d->truncated = true;
		return;
	}
	char buf[1024];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	bool fail = false;
	struct item *it = &d->items[d->n];
	memset(it, 0, sizeof(*it));
	it->e.severity = sev;
	it->e.path = dup_or_null(path ? path : "", &fail);
	it->e.value = dup_or_null(value, &fail);
	it->e.message = dup_or_null(buf, &fail);
	it->e.offset = offset;
	it->e.line = line;
	it->e.column = column;
	it->seq = d->seq++;
	if (fail) {
		free_entry(&it->e);
		d->nomem = d->truncated = true;
		return;
	}
	d->n++;
}

void cp_diag_add(struct cp_diag *d, enum cp_diag_severity sev, const char *path,
		 const char *value, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vadd(d, sev, path, value, 0, 0, 0, fmt, ap);
	va_end(ap);
}

void cp_diag_add_at(struct cp_diag *d, enum cp_diag_severity sev, size_t offset,
		    long line, long column, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vadd(d, sev, "", NULL, offset, line, column, fmt, ap);
	va_end(ap);
}

size_t cp_diag_count(const struct cp_diag *d)
{
	return d ? d->n : 0;
}

const struct cp_diag_entry *cp_diag_entry(const struct cp_diag *d, size_t i)
{
	return (d && i < d->n) ? &d->items[i].e : NULL;
}

size_t cp_diag_errors(const struct cp_diag *d)
{
	return d ? d->errors : 0;
}

size_t cp_diag_warnings(const struct cp_diag *d)
{
	return d ? d->warnings : 0;
}

bool cp_diag_truncated(const struct cp_diag *d)
{
	return d && d->truncated;
}

bool cp_diag_nomem(const struct cp_diag *d)
{
	return d && d->nomem;
}

/* Compare JSON Pointers segment by segment, numbers numerically, so that
 * /participants/10 sorts after /participants/9. */
static int path_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			size_t la = strspn(a, "0123456789");
			size_t lb = strspn(b, "0123456789");
			if (la != lb)
				return la < lb ? -1 : 1;
			int c = strncmp(a, b, la);
			if (c)
				return c;
			a += la;
			b += lb;
			continue;
		}
		if (*a != *b) {
			/* '/' ends a segment: a shorter segment sorts first */
			if (*a == '/')
				return -1;
			if (*b == '/')
				return 1;
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		}
		a++;
		b++;
	}
	return *a ? 1 : (*b ? -1 : 0);
}

static int item_cmp(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	if (a->e.offset != b->e.offset)
		return CP_CMP(a->e.offset, b->e.offset);
	int c = path_cmp(a->e.path, b->e.path);
	if (c)
		return c;
	return CP_CMP(a->seq, b->seq);
}

void cp_diag_sort(struct cp_diag *d)
{
	if (d && d->n > 1)
		qsort(d->items, d->n, sizeof(*d->items), item_cmp);
}

const char *cp_diag_severity_name(enum cp_diag_severity sev)
{
	return sev == CP_DIAG_WARNING ? "warning" : "error";
}
