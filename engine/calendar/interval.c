/*
 * Sets of half-open UTC intervals with a binary-search overlap query.
 *
 * The engine asks "is this lesson clear of every shift" for every candidate
 * slot of every participant, so the query must not scan: on a normalized set
 * the ends are sorted too (intervals are disjoint), and the first interval
 * that could overlap [s, e) is the first one ending after s.
 */
#include "cohortplan/interval.h"

#include <stdint.h>
#include <stdlib.h>
#include "cp_util.h"

void
cp_interval_set_init(struct cp_interval_set *set)
{
	set->items = NULL;
	set->count = 0;
	set->cap = 0;
	set->normalized = true;
}

void
cp_interval_set_finish(struct cp_interval_set *set)
{
	if (set == NULL)
		return;
	free(set->items);
	cp_interval_set_init(set);
}

void
cp_interval_set_clear(struct cp_interval_set *set)
{
	set->count = 0;
	set->normalized = true;
}

static bool
reserve(struct cp_interval_set *set, size_t extra)
{
	if (extra <= set->cap - set->count)
		return true;
	/* count + extra must not wrap; cp_grow_cap checks the bytes. */
	return extra <= SIZE_MAX - set->count && CP_GROW(set->items, set->cap, set->count + extra, 16);
}

/* Append without checks; keeps the normalized flag honest, merging with the
 * last interval when the new one starts inside or right after it, so a set
 * built in increasing order never needs sorting. */
static void
append(struct cp_interval_set *set, cp_instant start, cp_instant end)
{
	if (set->count > 0) {
		struct cp_interval *last = &set->items[set->count - 1];
		if (set->normalized && start >= last->start && start <= last->end) {
			if (end > last->end)
				last->end = end;
			return;
		}
		if (start <= last->end)
			set->normalized = false;
	}
	set->items[set->count].start = start;
	set->items[set->count].end = end;
	set->count++;
}

bool
cp_interval_set_add(struct cp_interval_set *set, cp_instant start, cp_instant end)
{
	if (end < start)
		return false;
	if (end == start)
		return true;
	if (!reserve(set, 1))
		return false;
	append(set, start, end);
	return true;
}

bool
cp_interval_set_add_set(struct cp_interval_set *dst, const struct cp_interval_set *src)
{
	if (!reserve(dst, src->count))
		return false;
	for (size_t i = 0; i < src->count; i++)
		append(dst, src->items[i].start, src->items[i].end);
	return true;
}

static int
cmp_interval(const void *pa, const void *pb)
{
	const struct cp_interval *a = pa, *b = pb;
	return a->start != b->start ? CP_CMP(a->start, b->start) : CP_CMP(a->end, b->end);
}

void
cp_interval_set_normalize(struct cp_interval_set *set)
{
	if (set->normalized)
		return;
	qsort(set->items, set->count, sizeof(*set->items), cmp_interval);
	size_t out = 0;
	for (size_t i = 0; i < set->count; i++) {
		struct cp_interval cur = set->items[i];
		if (out > 0 && cur.start <= set->items[out - 1].end) {
			if (cur.end > set->items[out - 1].end)
				set->items[out - 1].end = cur.end;
		} else {
			set->items[out++] = cur;
		}
	}
	set->count = out;
	set->normalized = true;
}

const struct cp_interval *
cp_interval_set_find(const struct cp_interval_set *set, cp_instant start, cp_instant end)
{
	if (end <= start || set->count == 0)
		return NULL;
	if (!set->normalized) {
		const struct cp_interval *best = NULL;
		for (size_t i = 0; i < set->count; i++) {
			const struct cp_interval *it = &set->items[i];
			if (it->start < end && it->end > start &&
			    (best == NULL || it->start < best->start))
				best = it;
		}
		return best;
	}
	/* First interval with end > start. */
	size_t lo = 0, hi = set->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (set->items[mid].end > start)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo < set->count && set->items[lo].start < end)
		return &set->items[lo];
	return NULL;
}

bool
cp_interval_set_overlaps(const struct cp_interval_set *set, cp_instant start, cp_instant end)
{
	return cp_interval_set_find(set, start, end) != NULL;
}

cp_instant
cp_interval_set_covered(const struct cp_interval_set *set, cp_instant start, cp_instant end)
{
	cp_instant total = 0;
	if (end <= start)
		return 0;
	size_t i = 0;
	if (set->normalized) {
		const struct cp_interval *first = cp_interval_set_find(set, start, end);
		if (first == NULL)
			return 0;
		i = (size_t)(first - set->items);
	}
	for (; i < set->count; i++) {
		const struct cp_interval *it = &set->items[i];
		if (set->normalized && it->start >= end)
			break;
		cp_instant s = it->start > start ? it->start : start;
		cp_instant e = it->end < end ? it->end : end;
		if (e > s)
			total += e - s;
	}
	return total;
}
