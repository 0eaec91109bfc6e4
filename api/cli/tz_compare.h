/*
 * Exact comparison of two views of one time zone over a range of instants:
 * the engine of `cohortplan tz doctor` (pinned data vs ICU, vs libical) and
 * `cohortplan tz diff` (pinned release vs another release).
 *
 * Each view is reduced to a timeline: the offset in force at the start of the
 * range and at each of its own transitions inside it. Between two instants of
 * the union of both sides' transitions neither side changes, so comparing
 * the two timelines piece by piece is exact; nothing is sampled.
 *
 * Plain data and functions over it; no allocation beyond the timeline's own
 * array. A timeline is used by one thread at a time.
 */
#ifndef CP_CLI_TZ_COMPARE_H
#define CP_CLI_TZ_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cohortplan/tz.h>

/* From `start` on (until the next piece or the end of the range), the
 * offset is utoff. */
struct cp_tzcmp_piece {
	cp_instant start;
	int32_t utoff;
};

/* The offsets of one view over [from, to): pieces sorted by start, the first
 * starting at from. Embedded; cp_tzcmp_timeline_init/_finish. */
struct cp_tzcmp_timeline {
	cp_instant from;
	cp_instant to;
	struct cp_tzcmp_piece *pieces;
	size_t n;
	size_t cap;
};

/* An empty timeline over [from, to); from < to. */
void cp_tzcmp_timeline_init(struct cp_tzcmp_timeline *tl, cp_instant from, cp_instant to);
/* Release the pieces; the timeline is empty afterwards. */
void cp_tzcmp_timeline_finish(struct cp_tzcmp_timeline *tl);

/*
 * Record that the offset is utoff from `start` on. Starts must come in
 * non-decreasing order; a start at or before `from` sets the offset at from
 * (replacing an earlier one), a start equal to the previous one replaces it,
 * a start at or after `to` is ignored. Returns false when out of memory or
 * when start goes backwards (the timeline is unchanged then).
 */
bool cp_tzcmp_timeline_add(struct cp_tzcmp_timeline *tl, cp_instant start, int32_t utoff);

/* Any implementation of a zone: two callbacks over an opaque context. */
struct cp_tzcmp_source {
	void *ctx;
	/* The offset in force at t. Returns false on failure. */
	bool (*offset_at)(void *ctx, cp_instant t, int32_t *utoff);
	/* The first transition strictly after t. Returns true and sets *next;
	 * returns false when there is none (*failed untouched) or on failure
	 * (*failed set to true). */
	bool (*next_transition)(void *ctx, cp_instant t, cp_instant *next, bool *failed);
};

enum cp_tzcmp_status {
	CP_TZCMP_OK = 0,
	CP_TZCMP_ERR_NOMEM,
	CP_TZCMP_ERR_SOURCE,  /* a callback failed; its context holds the reason */
};

/*
 * Fill an empty timeline from a source: the offset at `from`, then the offset
 * at each transition the source reports inside the range. A source whose
 * transitions fail to move forward is reported as CP_TZCMP_ERR_SOURCE.
 */
enum cp_tzcmp_status cp_tzcmp_timeline_build(struct cp_tzcmp_timeline *tl,
					     const struct cp_tzcmp_source *src);

/*
 * Fill an empty timeline from a zone of the time core: cp_tz_offset_at() at
 * from and at each instant cp_tz_transitions() lists in the range.
 * CP_TZCMP_ERR_SOURCE when the core lists transitions out of order or outside
 * the range asked.
 */
enum cp_tzcmp_status cp_tzcmp_timeline_from_tz(struct cp_tzcmp_timeline *tl,
					       const struct cp_tz *tz);

/* The offset of a timeline at t (from <= t < to). */
int32_t cp_tzcmp_timeline_offset_at(const struct cp_tzcmp_timeline *tl, cp_instant t);

/* [start, end) where side a says offset a and side b says offset b, a != b. */
struct cp_tzcmp_diff {
	cp_instant start;
	cp_instant end;
	int32_t a;
	int32_t b;
};

/*
 * The intervals of [from, to) where timelines a and b (over the same range)
 * disagree, in order. Adjacent pieces with the same pair of offsets are
 * merged into one interval. Writes at most cap intervals to out (out may be
 * NULL when cap is 0) and returns how many there are in all. Returns 0 when
 * the ranges differ.
 */
size_t cp_tzcmp_compare(const struct cp_tzcmp_timeline *a, const struct cp_tzcmp_timeline *b,
			struct cp_tzcmp_diff *out, size_t cap);

/* An offset as "+05", "-03:30", "+00:17:30" into buf (at least 16 bytes);
 * returns buf. */
#define CP_TZCMP_OFFSET_BUFSZ 16
char *cp_tzcmp_format_offset(int32_t utoff, char buf[CP_TZCMP_OFFSET_BUFSZ]);

#endif /* CP_CLI_TZ_COMPARE_H */
