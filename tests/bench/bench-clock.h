/*
 * The benchmarks' clocks, in seconds: wall time (monotonic) and the CPU time
 * of the process (on a shared machine wall time includes waiting).
 */
#ifndef CP_TESTS_BENCH_CLOCK_H
#define CP_TESTS_BENCH_CLOCK_H

#include <time.h>

static inline double
bench_clock(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline double
bench_now(void)
{
	return bench_clock(CLOCK_MONOTONIC);
}

static inline double
bench_cpu(void)
{
	return bench_clock(CLOCK_PROCESS_CPUTIME_ID);
}

#endif
