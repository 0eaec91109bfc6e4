/*
 * Growing arrays: the one doubling rule behind the api wings' lists (rows
 * of a register, zones of a feed, pieces of a timeline, ...). Prints
 * nothing.
 */
#ifndef CP_COMMON_ARRAY_H
#define CP_COMMON_ARRAY_H

#include <stddef.h>

/*
 * items (n elements of elem bytes in use, *cap allocated) with room for one
 * more: items itself while n < *cap, else items moved into a block of twice
 * the capacity (first when *cap is 0), *cap updated. NULL when out of memory
 * or when the size would overflow; items is then untouched and still the
 * caller's. Use as
 *
 *	struct row *v = cp_array_grow(r->rows, r->n, &r->cap, sizeof(*v), 64);
 *	if (!v)
 *		return false;
 *	r->rows = v;
 */
void *cp_array_grow(void *items, size_t n, size_t *cap, size_t elem, size_t first);

#endif /* CP_COMMON_ARRAY_H */
