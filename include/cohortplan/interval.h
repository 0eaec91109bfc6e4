/*
 * Busy time as sets of UTC intervals.
 *
 * A cp_interval is the half-open range [start, end) of instants (seconds since
 * the epoch, UTC; see tz.h). Rosters read from calendar files, inline shift
 * lists from the problem JSON and any other "this person is busy" source all
 * end up in a cp_interval_set, so the engine asks one question of all of
 * them: does a lesson (plus a margin) overlap anything?
 *
 * A set is "normalized" when its intervals are sorted by start, disjoint and
 * not touching (two intervals [a, b) and [b, c) are merged into [a, c)).
 * Overlap queries on a normalized set are a binary search, O(log n); on a set
 * that is not normalized they are still correct but linear, so build the set,
 * call cp_interval_set_normalize() once, then query as often as needed.
 * Adding intervals in increasing order keeps a set normalized as it grows.
 *
 * Ownership: a cp_interval_set is a plain struct embedded by the caller:
 * cp_interval_set_init() before use, cp_interval_set_finish() to free its
 * storage (finish(NULL) is a no-op; a finished set may be init'ed again).
 * The items array is owned by the set; pointers into it (including those
 * returned by cp_interval_set_find()) are borrowed and valid until the next
 * call that modifies the set. Query functions never modify the set, so many
 * threads may query one set concurrently once nobody adds to it.
 *
 * Out of memory: cp_interval_set_add() and cp_interval_set_add_set() return
 * false and leave the set as it was.
 */
#ifndef COHORTPLAN_INTERVAL_H
#define COHORTPLAN_INTERVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "cohortplan/tz.h"

struct cp_interval {
	cp_instant start; /* inclusive */
	cp_instant end;   /* exclusive; end > start for every stored interval */
};

struct cp_interval_set {
	struct cp_interval *items;
	size_t count;
	size_t cap;
	bool normalized; /* see above; maintained by the functions below */
};

void cp_interval_set_init(struct cp_interval_set *set);
void cp_interval_set_finish(struct cp_interval_set *set);

/* Remove all intervals, keeping the storage. */
void cp_interval_set_clear(struct cp_interval_set *set);

/*
 * Add [start, end). Empty intervals (start == end) are accepted and dropped:
 * they overlap nothing. Returns false when end < start (nothing is added) or
 * when memory runs out (the set is unchanged).
 */
bool cp_interval_set_add(struct cp_interval_set *set, cp_instant start, cp_instant end);

/* Add every interval of src to dst (src may be normalized or not; src == dst
 * is not allowed). Returns false on out of memory, leaving dst unchanged. */
bool cp_interval_set_add_set(struct cp_interval_set *dst,
			     const struct cp_interval_set *src);

/* Sort and merge overlapping or touching intervals in place. Never fails. */
void cp_interval_set_normalize(struct cp_interval_set *set);

/*
 * Does any interval of the set overlap [start, end)? Half-open on both sides:
 * an interval ending exactly at start, or starting exactly at end, does not
 * overlap. An empty or inverted query (end <= start) overlaps nothing.
 * To ask "is a lesson clear of every shift by at least m seconds", query
 * [lesson.start - m, lesson.end + m).
 */
bool cp_interval_set_overlaps(const struct cp_interval_set *set,
			      cp_instant start, cp_instant end);

/*
 * The first interval (lowest start) overlapping [start, end), or NULL. Lets a
 * caller explain a conflict ("busy 2024-10-28T05:00Z..13:00Z"). Borrowed.
 */
const struct cp_interval *cp_interval_set_find(const struct cp_interval_set *set,
					       cp_instant start, cp_instant end);

/* Seconds of [start, end) covered by the set, e.g. busy hours in a week.
 * Exact on a normalized set; on a set that is not normalized, time covered
 * by several intervals is counted once per interval. */
cp_instant cp_interval_set_covered(const struct cp_interval_set *set,
				   cp_instant start, cp_instant end);

#endif /* COHORTPLAN_INTERVAL_H */
