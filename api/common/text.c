/* Small text helpers; see text.h. */
#include "text.h"

bool
cp_text_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}
