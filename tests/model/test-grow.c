/*
 * The api's growing string and arrays (api/common/strbuf.h, array.h).
 * Strings: printf-style appends that outgrow the first allocation give what
 * one snprintf of the whole gives, bytes with NULs are kept, an empty buffer
 * finishes as "", and a NULL string (a failed formatter upstream) makes the
 * result NULL. Arrays: the first capacity, then doubling, the same block
 * while there is room, the elements kept, and a size that cannot be
 * allocated refused with the array untouched.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/array.h"
#include "common/strbuf.h"

#include "common/check.h"

static void printf_grows(void)
{
	struct cp_strbuf b = { 0 };
	char want[4096], *got;
	size_t at = 0;

	/* 300 appends of about 10 bytes: several doublings past the first 128. */
	for (int i = 0; i < 300; i++) {
		cp_strbuf_printf(&b, "%d:%s;", i, i % 7 ? "ab" : "");
		at += (size_t)snprintf(want + at, sizeof want - at, "%d:%s;", i, i % 7 ? "ab" : "");
	}
	/* One append longer than all the room there is. */
	cp_strbuf_printf(&b, "%1000s|", "x");
	at += (size_t)snprintf(want + at, sizeof want - at, "%1000s|", "x");
	CHECK(!b.nomem && b.len == at, "length %zu, want %zu", b.len, at);
	got = cp_strbuf_finish(&b);
	CHECK(got && strcmp(got, want) == 0, "text differs from one snprintf");
	free(got);
}

static void bytes_and_empty(void)
{
	struct cp_strbuf b = { 0 };
	char *got;

	got = cp_strbuf_finish(&b);
	CHECK(got && got[0] == '\0', "an empty buffer finishes as \"\"");
	free(got);
	cp_strbuf_addn(&b, "a\0b", 3);
	cp_strbuf_add(&b, "c");
	CHECK(b.len == 4 && memcmp(b.s, "a\0bc", 5) == 0, "bytes with a NUL kept, terminated");
	got = cp_strbuf_finish(&b);
	free(got);
}

static void null_sticks(void)
{
	struct cp_strbuf b = { 0 };

	cp_strbuf_add(&b, "before");
	cp_strbuf_add(&b, NULL);
	cp_strbuf_printf(&b, "%s", "after");
	CHECK(b.nomem, "NULL sets nomem");
	CHECK(cp_strbuf_finish(&b) == NULL, "finish after nomem is NULL");
}

static void array_grows(void)
{
	int *v = NULL, *w;
	size_t n = 0, cap = 0;
	bool kept = true;

	for (int i = 0; i < 1000; i++) {
		size_t before = cap;
		w = cp_array_grow(v, n, &cap, sizeof(*w), 8);
		CHECK(w, "grow to %d", i + 1);
		if (!w)
			break;
		if (n < 8)
			CHECK(cap == 8, "first capacity %zu, want 8", cap);
		if (n < before)
			kept = kept && w == v && cap == before;
		v = w;
		v[n++] = i * 3;
	}
	CHECK(cap == 1024, "1000 elements from 8 by doubling: capacity %zu, want 1024", cap);
	CHECK(kept, "a new block only when full");
	for (size_t i = 0; i < n; i++)
		kept = kept && v[i] == (int)i * 3;
	CHECK(kept, "elements kept across moves");
	/* Full, and twice the capacity of elements this large does not fit in
	 * size_t. */
	w = cp_array_grow(v, cap, &cap, SIZE_MAX / 1024, 8);
	CHECK(!w && cap == 1024 && v[999] == 2997, "an impossible size refused, array untouched");
	free(v);
}

int main(void)
{
	printf_grows();
	bytes_and_empty();
	null_sticks();
	array_grows();
	return check_tally();
}
