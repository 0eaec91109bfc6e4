/* Growing arrays (array.h). */
#include "array.h"

#include <stdint.h>
#include <stdlib.h>

void *
cp_array_grow(void *items, size_t n, size_t *cap, size_t elem, size_t first)
{
	size_t c;
	void *p;

	if (n < *cap)
		return items;
	if (*cap > SIZE_MAX / 2)
		return NULL;
	c = *cap ? *cap * 2 : first;
	if (!c || c > SIZE_MAX / elem)
		return NULL;
	p = realloc(items, c * elem);
	if (p)
		*cap = c;
	return p;
}
