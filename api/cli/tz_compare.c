/*
 * Exact comparison of two views of a zone (see tz_compare.h).
 */
#include "tz_compare.h"
#include "common/array.h"

#include <stdio.h>
#include <stdlib.h>

void
cp_tzcmp_timeline_init(struct cp_tzcmp_timeline *tl, cp_instant from, cp_instant to)
{
	tl->from = from;
	tl->to = to;
	tl->pieces = NULL;
	tl->n = 0;
	tl->cap = 0;
}

void
cp_tzcmp_timeline_finish(struct cp_tzcmp_timeline *tl)
{
	free(tl->pieces);
	tl->pieces = NULL;
	tl->n = 0;
	tl->cap = 0;
}

bool
cp_tzcmp_timeline_add(struct cp_tzcmp_timeline *tl, cp_instant start, int32_t utoff)
{
	if (start >= tl->to)
		return true;
	if (start < tl->from)
		start = tl->from;
	if (tl->n) {
		struct cp_tzcmp_piece *last = &tl->pieces[tl->n - 1];
		if (start < last->start)
			return false;
		if (start == last->start) {
			last->utoff = utoff;
			return true;
		}
	}
	struct cp_tzcmp_piece *np = cp_array_grow(tl->pieces, tl->n, &tl->cap, sizeof(*np), 16);
	if (!np)
		return false;
	tl->pieces = np;
	tl->pieces[tl->n].start = start;
	tl->pieces[tl->n].utoff = utoff;
	tl->n++;
	return true;
}

enum cp_tzcmp_status
cp_tzcmp_timeline_build(struct cp_tzcmp_timeline *tl, const struct cp_tzcmp_source *src)
{
	cp_instant t = tl->from, next;
	bool failed = false;
	int32_t off;

	if (!src->offset_at(src->ctx, t, &off))
		return CP_TZCMP_ERR_SOURCE;
	if (!cp_tzcmp_timeline_add(tl, t, off))
		return CP_TZCMP_ERR_NOMEM;
	while (src->next_transition(src->ctx, t, &next, &failed)) {
		if (next <= t)
			return CP_TZCMP_ERR_SOURCE;
		if (next >= tl->to)
			return CP_TZCMP_OK;
		if (!src->offset_at(src->ctx, next, &off))
			return CP_TZCMP_ERR_SOURCE;
		if (!cp_tzcmp_timeline_add(tl, next, off))
			return CP_TZCMP_ERR_NOMEM;
		t = next;
	}
	return failed ? CP_TZCMP_ERR_SOURCE : CP_TZCMP_OK;
}

enum cp_tzcmp_status
cp_tzcmp_timeline_from_tz(struct cp_tzcmp_timeline *tl, const struct cp_tz *tz)
{
	struct cp_tz_transition *tr = NULL;
	size_t n, i;

	if (!cp_tzcmp_timeline_add(tl, tl->from, cp_tz_offset_at(tz, tl->from)))
		return CP_TZCMP_ERR_NOMEM;
	/* One call to size, one to fill: asking one transition at a time would
	 * make the core count the rest of the range each time. */
	n = cp_tz_transitions(tz, tl->from, tl->to, NULL, 0);
	if (n) {
		tr = calloc(n, sizeof(*tr));
		if (!tr)
			return CP_TZCMP_ERR_NOMEM;
		n = cp_tz_transitions(tz, tl->from, tl->to, tr, n);
	}
	for (i = 0; i < n; i++) {
		/* The offset as cp_tz_offset_at() gives it, so that what is
		 * compared is the function the rest of cohortplan uses. */
		if (tr[i].at < tl->from || tr[i].at >= tl->to ||
		    (tl->n && tr[i].at < tl->pieces[tl->n - 1].start)) {
			free(tr);
			return CP_TZCMP_ERR_SOURCE;
		}
		if (!cp_tzcmp_timeline_add(tl, tr[i].at, cp_tz_offset_at(tz, tr[i].at))) {
			free(tr);
			return CP_TZCMP_ERR_NOMEM;
		}
	}
	free(tr);
	return CP_TZCMP_OK;
}

/* Index of the piece in force at t: the last one starting at or before t. */
static size_t
piece_at(const struct cp_tzcmp_timeline *tl, cp_instant t)
{
	size_t lo = 0, hi = tl->n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (tl->pieces[mid].start <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

int32_t
cp_tzcmp_timeline_offset_at(const struct cp_tzcmp_timeline *tl, cp_instant t)
{
	return tl->n ? tl->pieces[piece_at(tl, t)].utoff : 0;
}

size_t
cp_tzcmp_compare(const struct cp_tzcmp_timeline *a, const struct cp_tzcmp_timeline *b,
		 struct cp_tzcmp_diff *out, size_t cap)
{
	struct cp_tzcmp_diff last = { 0, 0, 0, 0 };
	size_t ia = 0, ib = 0, count = 0;
	cp_instant t;

	if (a->from != b->from || a->to != b->to || !a->n || !b->n)
		return 0;
	t = a->from;
	/* Walk the union of both sides' piece starts; between two of them
	 * neither side changes. `last` is the interval being grown; it is
	 * stored (if it fits) each time it grows, so merging works past cap. */
	while (t < a->to) {
		int32_t oa = a->pieces[ia].utoff, ob = b->pieces[ib].utoff;
		cp_instant na = ia + 1 < a->n ? a->pieces[ia + 1].start : a->to;
		cp_instant nb = ib + 1 < b->n ? b->pieces[ib + 1].start : b->to;
		cp_instant end = na < nb ? na : nb;

		if (oa != ob) {
			if (count && last.end == t && last.a == oa && last.b == ob) {
				last.end = end;
			} else {
				last.start = t;
				last.end = end;
				last.a = oa;
				last.b = ob;
				count++;
			}
			if (count <= cap)
				out[count - 1] = last;
		}
		if (na == end)
			ia++;
		if (nb == end)
			ib++;
		t = end;
	}
	return count;
}

char *
cp_tzcmp_format_offset(int32_t utoff, char buf[CP_TZCMP_OFFSET_BUFSZ])
{
	char sign = utoff < 0 ? '-' : '+';
	int64_t a = utoff < 0 ? -(int64_t)utoff : utoff;
	int h = (int)(a / 3600), m = (int)(a / 60 % 60), s = (int)(a % 60);

	if (s)
		snprintf(buf, CP_TZCMP_OFFSET_BUFSZ, "%c%02d:%02d:%02d", sign, h, m, s);
	else if (m)
		snprintf(buf, CP_TZCMP_OFFSET_BUFSZ, "%c%02d:%02d", sign, h, m);
	else
		snprintf(buf, CP_TZCMP_OFFSET_BUFSZ, "%c%02d", sign, h);
	return buf;
}
