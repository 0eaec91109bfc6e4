/* cp_util.h - small helpers that engine/ and solver/ share: a growing array,
 * enum names from a table, the body of an error setter and a three-way
 * comparison.
 *
 * Why a folder of its own: both layers grew the same realloc-doubling code
 * and the same comparator idioms, file by file. The one copy cannot live in
 * either layer (solver/ may not include engine/, and engine/ should not
 * borrow solver/ internals), nor in include/cohortplan/, which holds the
 * public contracts. This header sits below both: it includes only the C
 * library and knows nothing of time zones, plans or formats, so solver/
 * stays free of clocks. tzdata/ is the ground floor and includes nothing of
 * ours, so it keeps its own code. Not installed; header only (static
 * inline), so there is no library to link.
 *
 * Prints nothing; allocation failure is returned, never fatal.
 */
#ifndef CP_UTIL_H
#define CP_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The capacity that holds need elements, grown from cap: doubled from cap
 * (from first when cap is 0, at least 1) until need fits, so appends stay
 * amortised O(1); need itself where doubling would overflow. cap when need
 * already fits. The result does not depend on size, so parallel arrays that
 * share one capacity grow alike; 0 when that many elements of size bytes do
 * not fit in a size_t. size must not be 0. */
static inline size_t
cp_grow_cap(size_t cap, size_t need, size_t size, size_t first)
{
	size_t n = cap ? cap : first ? first : 1;
	while (n < need)
		n = n > SIZE_MAX / 2 ? need : n * 2;
	return n > SIZE_MAX / size ? 0 : n;
}

/* Reallocates items (capacity *cap) to room for need elements of size
 * bytes, the capacity chosen by cp_grow_cap. Returns the new block and sets
 * *cap; on failure (out of memory or overflow) returns items unchanged and
 * leaves *cap, so the caller still owns the old block. */
static inline void *
cp_grow_block(void *items, size_t *cap, size_t need, size_t size, size_t first)
{
	size_t ncap = cp_grow_cap(*cap, need, size, first);
	void *n = ncap ? realloc(items, ncap * size) : NULL;
	if (!n)
		return items;
	*cap = ncap;
	return n;
}

/* Makes room for need elements in the array items whose capacity is the
 * size_t lvalue cap, growing as cp_grow_block does. True when need elements
 * fit (items and cap updated when it grew); false when out of memory, with
 * items and cap untouched. The arguments are evaluated more than once:
 * pass plain lvalues and a need without side effects. */
#define CP_GROW(items, cap, need, first)                                        \
	((need) <= (cap) ||                                                      \
	 ((items) = cp_grow_block((items), &(cap), (need), sizeof *(items), (first)), \
	  (need) <= (cap)))

/* The name of enum value i in its table names[0..n) (indexed by value), or
 * fallback when i names nothing. */
static inline const char *
cp_name_of(const char *const *names, size_t n, int i, const char *fallback)
{
	return i >= 0 && (size_t)i < n ? names[i] : fallback;
}

/* The enum value named s in names[0..n) (indexed by value), or -1. */
static inline int
cp_name_find(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

/* The body of a layer's error setter: when err is not NULL, set its status
 * to st and format its message (a char array) from fmt and the setter's
 * own variable arguments. Each layer's error struct is a type of its own
 * (a status enum and a message buffer), so each keeps its setter and this
 * is what they share. Use only inside a variadic function whose last named
 * parameter is fmt. */
#define CP_ERROR_SET(err, st, fmt)                                              \
	do {                                                                     \
		if (err) {                                                       \
			va_list cp_ap_;                                          \
			(err)->status = (st);                                    \
			va_start(cp_ap_, fmt);                                   \
			vsnprintf((err)->message, sizeof (err)->message, fmt, cp_ap_); \
			va_end(cp_ap_);                                          \
		}                                                                \
	} while (0)

/* Three-way comparison for qsort comparators: -1, 0 or 1 as a is below,
 * equal to or above b. Any arithmetic type; arguments evaluated twice.
 * For a descending key swap the arguments. */
#define CP_CMP(a, b) (((a) > (b)) - ((a) < (b)))

#endif
