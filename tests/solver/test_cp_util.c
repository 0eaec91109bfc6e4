/*
 * common/cp_util.h, the helpers engine/ and solver/ share: growth policy
 * and growing arrays (including the out-of-memory and overflow paths),
 * enum names from a table, the error setter's body and the three-way
 * comparison. Every expected value is worked out by hand in the comment
 * beside it, not computed with the code under test.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp_util.h"

static int failures;

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                          \
		}                                                            \
	} while (0)

static void test_grow_cap(void)
{
	CHECK(cp_grow_cap(0, 1, 4, 16) == 16);   /* first */
	CHECK(cp_grow_cap(0, 1, 4, 0) == 1);     /* no first: at least 1 */
	CHECK(cp_grow_cap(0, 5, 4, 0) == 8);     /* 1, 2, 4, 8 */
	CHECK(cp_grow_cap(16, 17, 4, 64) == 32); /* doubles cap, first unused */
	CHECK(cp_grow_cap(16, 100, 4, 1) == 128); /* 32, 64, 128 */
	CHECK(cp_grow_cap(8, 5, 4, 1) == 8);     /* already fits */
	CHECK(cp_grow_cap(1000, 1001, 4, 1) == 2000); /* not a power of two */
	/* Doubling past SIZE_MAX falls back to need itself. */
	CHECK(cp_grow_cap(SIZE_MAX / 2 + 1, SIZE_MAX, 1, 1) == SIZE_MAX);
	/* SIZE_MAX / 2 elements of 4 bytes do not fit in a size_t. */
	CHECK(cp_grow_cap(4, SIZE_MAX / 2, 4, 1) == 0);
	/* Parallel arrays sharing one capacity grow alike whatever their
	 * element size. */
	CHECK(cp_grow_cap(24, 25, 1, 1) == 48 && cp_grow_cap(24, 25, 16, 1) == 48);
}

struct vec {
	int *v;
	size_t n, cap;
};

static void test_grow(void)
{
	struct vec a = { NULL, 0, 0 };
	for (int i = 0; i < 1000; i++) {
		if (!CP_GROW(a.v, a.cap, a.n + 1, 4)) {
			CHECK(!"out of memory appending 1000 ints");
			free(a.v);
			return;
		}
		a.v[a.n++] = i * 3;
	}
	/* 4, 8, ..., 1024: the first capacity at or above 1000 */
	CHECK(a.cap == 1024);
	bool same = true;
	for (size_t i = 0; i < a.n; i++)
		same = same && a.v[i] == (int)i * 3;
	CHECK(same);

	/* Room that already fits: nothing moves. */
	int *before = a.v;
	CHECK(CP_GROW(a.v, a.cap, 1024, 4));
	CHECK(a.v == before && a.cap == 1024);

	/* An impossible size: false, the array and its capacity untouched. */
	CHECK(!CP_GROW(a.v, a.cap, SIZE_MAX / 2, 4));
	CHECK(a.v == before && a.cap == 1024 && a.v[999] == 2997);
	free(a.v);
}

enum colour { RED, GREEN, BLUE };
static const char *const colour_names[] = { "red", "green", "blue" };

static void test_names(void)
{
	CHECK(strcmp(cp_name_of(colour_names, 3, GREEN, "?"), "green") == 0);
	CHECK(strcmp(cp_name_of(colour_names, 3, 3, "?"), "?") == 0);
	CHECK(strcmp(cp_name_of(colour_names, 3, -1, "unset"), "unset") == 0);
	CHECK(cp_name_find(colour_names, 3, "blue") == BLUE);
	CHECK(cp_name_find(colour_names, 3, "red") == RED);
	CHECK(cp_name_find(colour_names, 3, "Blue") == -1);
	CHECK(cp_name_find(colour_names, 3, "") == -1);
}

struct small_error {
	int status;
	char message[8];
};

static int set_small(struct small_error *err, int st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int set_small(struct small_error *err, int st, const char *fmt, ...)
{
	CP_ERROR_SET(err, st, fmt);
	return st;
}

static void test_error_set(void)
{
	struct small_error e = { 0, "" };
	CHECK(set_small(&e, 3, "row %d of %s", 12, "x") == 3);
	CHECK(e.status == 3);
	/* "row 12 of x" cut to the buffer: 7 characters and the NUL */
	CHECK(strcmp(e.message, "row 12 ") == 0);
	CHECK(set_small(NULL, 5, "%s", "ignored") == 5);
}

struct key {
	size_t big;
	int small;
};

static int key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	/* big descending, then small ascending */
	return x->big != y->big ? CP_CMP(y->big, x->big) : CP_CMP(x->small, y->small);
}

static void test_cmp(void)
{
	CHECK(CP_CMP(1, 2) == -1 && CP_CMP(2, 2) == 0 && CP_CMP(3, 2) == 1);
	CHECK(CP_CMP(-5, 4) == -1);
	/* Values whose difference does not fit an int (variables: constants
	 * would be folded and warned about). */
	size_t zero = 0, top = SIZE_MAX;
	int64_t lo = INT64_MIN, hi = INT64_MAX;
	CHECK(CP_CMP(zero, top) == -1 && CP_CMP(top, zero) == 1);
	CHECK(CP_CMP(lo, hi) == -1);
	CHECK(CP_CMP(0.5, 0.25) == 1 && CP_CMP(-0.0, 0.0) == 0);

	struct key k[] = { { 1, 2 }, { SIZE_MAX, 0 }, { 1, -7 }, { 0, 9 }, { SIZE_MAX, -1 } };
	const struct key want[] = { { SIZE_MAX, -1 }, { SIZE_MAX, 0 }, { 1, -7 }, { 1, 2 }, { 0, 9 } };
	qsort(k, 5, sizeof *k, key_cmp);
	bool same = true;
	for (size_t i = 0; i < 5; i++)
		same = same && k[i].big == want[i].big && k[i].small == want[i].small;
	CHECK(same);
}

int main(void)
{
	test_grow_cap();
	test_grow();
	test_names();
	test_error_set();
	test_cmp();
	if (failures)
		fprintf(stderr, "%d failure(s)\n", failures);
	return failures ? 1 : 0;
}
