/* Out of memory, allocation by allocation (see oom.h). */
#include "oom.h"

#include <stddef.h>
#include <stdio.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);

static long countdown = -1; /* allocations left before one fails; -1: never */
static bool fired;

static bool
fail_now(void)
{
	if (countdown < 0)
		return false;
	if (countdown-- == 0) {
		fired = true;
		return true;
	}
	return false;
}

void *
__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *
__wrap_calloc(size_t n, size_t m)
{
	return fail_now() ? NULL : __real_calloc(n, m);
}

void *
__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

bool
oom_fired(void)
{
	return fired;
}

bool
oom_fail_now(void)
{
	return fail_now();
}

void
oom_disarm(void)
{
	countdown = -1;
}

int
oom_each(const char *name, enum oom_outcome (*op)(void *ctx), void *ctx, long limit)
{
	static const char *const said[] = { "success", "out of memory", "another outcome" };
	int bad = 0;
	long n;

	for (n = 0; n < limit; n++) {
		fired = false;
		countdown = n;
		enum oom_outcome got = op(ctx);
		countdown = -1;
		if (!fired) {
			if (got != OOM_DONE) {
				fprintf(stderr, "%s: the run without a failure gave %s\n", name,
					said[got]);
				bad++;
			}
			break;
		}
		if (got == OOM_OTHER) {
			fprintf(stderr, "%s: allocation %ld failed: %s instead of out of memory\n",
				name, n + 1, said[got]);
			bad++;
		}
	}
	if (n == limit) {
		fprintf(stderr, "%s: still failing allocations after %ld runs\n", name, limit);
		bad++;
	}
	printf("%s: failed each of %ld allocations in turn; %d wrong outcomes\n", name, n, bad);
	return bad;
}
