/*
 * Candidate timetables: weekly patterns anchored in a zone, expanded into
 * concrete lessons in UTC; which teacher may teach which pattern; and the
 * conflicts between patterns that the solver turns into resource rows.
 *
 * Vocabulary (docs/engine.md has the full rules):
 *   anchor   a zone whose wall clock a pattern keeps across DST changes:
 *            each teacher's zone, then the participants' zones, most
 *            common first; zones with identical offsets over the course
 *            window are one anchor.
 *   slot     (weekday, local start minute) in an anchor.
 *   pattern  k slots on distinct weekdays, one start time, one anchor
 *            (course sessions_min <= k <= sessions_max), from one start
 *            week (staggered starts, see cp_cand_pattern.week); or a
 *            week-by-week pattern (by_week, end of this file): one start
 *            time, weekdays chosen week by week.
 *   lesson   one concrete session of a pattern: [start, end) in UTC,
 *            inside the course window read in course.zone (absolute time).
 *            Dates that are course-wide holidays in the anchor are skipped;
 *            a pattern has exactly N = ceil(live_minutes / session_minutes)
 *            lessons, the first N in date order, or is dropped. Exact live
 *            minutes: lessons 1..N-1 last session_minutes, lesson N the
 *            remainder live_minutes - (N-1) * session_minutes (a full
 *            session when that is 0), so the lessons add up to exactly
 *            live_minutes (48 h at 60 % in 3 h sessions: 9 x 180 + 108).
 *   instant  lessons of different patterns with the same UTC start AND end
 *            share an index into the instant table, so an attendability
 *            verdict is computed once per (start, end); a short last lesson
 *            and a full lesson starting together are two instants.
 * Wall times that do not exist (spring-forward gap) become the instant
 * obtained with the offset before the gap, i.e. the wall time moved forward
 * by the gap (Python's fold=0); wall times that happen twice take the
 * earlier instant. The lesson length is absolute (a lesson across a
 * transition still lasts its session_minutes, or the remainder).
 *
 * Pattern states: LIVE patterns go to the solver. DROPPED ones could not
 * fit N lessons in the window. DUPLICATE ones have exactly the lessons of
 * an earlier pattern (other anchor, same instants). DOMINATED ones were
 * removed by cp_cand_prune(): see there for the definition.
 *
 * Ownership: cp_cand_create() returns a set the caller destroys with
 * cp_cand_destroy() (NULL is a no-op). It borrows the problem and the off
 * days, which must outlive it. Patterns, lessons and arrays returned by
 * getters are owned by the set and valid until it is destroyed; only
 * cp_cand_prune() changes a set (pattern states). Functions that fill a
 * caller's array say so. Read-only functions are thread-safe.
 */
#ifndef COHORTPLAN_CANDIDATES_H
#define COHORTPLAN_CANDIDATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cohortplan/engine.h>
#include <cohortplan/offdays.h>
#include <cohortplan/problem.h>
#include <cohortplan/tz.h>

#define CP_CAND_NONE UINT32_MAX

/* Options restrict what the problem's policy allows (policy.start_grid,
 * weekdays, adjacent_days); staggered starts and the window come from the
 * problem alone. */
struct cp_cand_options {
	int grid;            /* start-time grid in minutes: 15, 30 or 60 (default
	                      * 0: the policy's start_grid) */
	size_t max_anchors;  /* at most this many anchors (default 8; teachers'
	                      * zones are always kept) */
	unsigned weekdays;   /* CP_DAYBIT set of allowed days, intersected with
	                      * policy.weekdays (default all) */
	bool adjacent_days;  /* allow sessions on consecutive days (Mon+Tue, or
	                      * Sun+Mon) when k <= 3, if the policy does too;
	                      * default true. False: "spread over the week" */
	/* Anchor-local start bounds in minutes, on top of the derived ones
	 * (default 0 and 1440: no extra bound). */
	int start_min, start_max;
	/* cp_engine_create(): no week-by-week patterns even when the policy
	 * allows them (default false). */
	bool no_by_week;
};

/* The defaults above. */
void cp_cand_options_init(struct cp_cand_options *o);

enum cp_cand_state {
	CP_CAND_LIVE = 0,
	CP_CAND_DROPPED,     /* fewer than N lessons fit in the window, or the
	                      * first falls after policy.start_dates.to */
	CP_CAND_DUPLICATE,   /* same lessons as pattern `other` */
	CP_CAND_DOMINATED,   /* dominated by pattern `other` (cp_cand_prune) */
};

/* "live", "dropped", "duplicate", "dominated". */
const char *cp_cand_state_name(enum cp_cand_state s);

struct cp_cand_lesson {
	cp_instant start, end;  /* UTC, half-open; end - start = the session
	                         * length, for the last lesson the remainder
	                         * (cp_cand_last_minutes()) */
	cp_day date;            /* local date in the anchor */
	uint32_t instant;       /* index into the instant table */
	uint8_t kind;           /* enum cp_tz_kind of the anchor wall time */
};

struct cp_cand_pattern {
	size_t anchor;          /* index, see cp_cand_anchor() */
	unsigned days;          /* CP_DAYBIT set, k bits */
	int k;                  /* sessions per week */
	int start;              /* anchor-local start, minutes after midnight */
	int minutes;            /* session length (the last lesson may be
	                         * shorter: use the lesson's own end) */
	enum cp_cand_state state;
	uint32_t other;         /* DUPLICATE/DOMINATED: the pattern it yields to;
	                         * CP_CAND_NONE otherwise */
	size_t n_lessons;       /* N (fewer when DROPPED) */
	const struct cp_cand_lesson *lessons; /* chronological */
	size_t n_skipped;       /* holiday dates skipped before the N-th lesson */
	/* Staggered starts: the pattern takes the lessons from the start offset
	 * `week` on, i.e. from the midnight (course zone) of
	 * start_from + 7 * start_every * week; first is the anchor-local date
	 * of its first lesson (CP_DAY_UNSET when it has none). */
	int week;
	cp_day first;
	/* Week-by-week (cp_cand_by_week_build()): the weekdays change from
	 * week to week; days is then the union of the weekdays used and k its
	 * size, start the anchor-local start of every lesson, week 0. */
	bool by_week;
};

struct cp_cand;

/*
 * Generate and expand the candidate patterns of a checked problem. off gives
 * the course-wide holidays. opts may be NULL. Fails with
 * CP_ENGINE_ERR_INVALID when the course has no window, session length or
 * live minutes, or a participant or teacher has no zone;
 * CP_ENGINE_ERR_TOO_BIG when more than CP_CAND_MAX_PATTERNS would be
 * generated; CP_ENGINE_ERR_NOMEM.
 */
#define CP_CAND_MAX_PATTERNS 200000
struct cp_cand *cp_cand_create(const struct cp_problem *p, const struct cp_offdays *off,
			       const struct cp_cand_options *opts, struct cp_engine_error *err);
void cp_cand_destroy(struct cp_cand *c);

const struct cp_problem *cp_cand_problem(const struct cp_cand *c);

/* Lessons per pattern: N = ceil(live_minutes / session_minutes). */
size_t cp_cand_lessons_needed(const struct cp_cand *c);

/* Anchors, in priority order. Borrowed zones. */
size_t cp_cand_anchor_count(const struct cp_cand *c);
const struct cp_tz *cp_cand_anchor(const struct cp_cand *c, size_t i);

/* Every pattern generated (in every state), in generation order: anchor,
 * then weekday set, then start, then start week. */
size_t cp_cand_pattern_count(const struct cp_cand *c);
const struct cp_cand_pattern *cp_cand_pattern(const struct cp_cand *c, size_t i);

/* Number of patterns in state s. */
size_t cp_cand_count_state(const struct cp_cand *c, enum cp_cand_state s);

/* The instant table: distinct lesson (start, end) pairs of all generated
 * patterns, sorted by start, then end. cp_cand_instant() is the start,
 * cp_cand_instant_end() the end. */
size_t cp_cand_instant_count(const struct cp_cand *c);
cp_instant cp_cand_instant(const struct cp_cand *c, size_t i);

/* A short label such as "Tue+Thu 19:00 Europe/Brussels from 2024-03-12"
 * (the anchor-local date of the first lesson) into buf; a week-by-week
 * pattern's reads "week by week 18:00 Asia/Beirut from 2024-10-21". */
char *cp_cand_pattern_label(const struct cp_cand *c, size_t i, char *buf, size_t len);

/* ---- pruning ---------------------------------------------------------- */

/* Attendable live minutes for pruning, column-major: the counts of pattern i are
 * counts[column[i] * rows .. + rows) (one entry per distinct participant
 * situation); column[i] == CP_CAND_NONE for patterns without a column. */
struct cp_cand_matrix {
	const uint16_t *counts;
	size_t rows;
	const uint32_t *column; /* cp_cand_pattern_count() entries */
};

/*
 * Mark dominated patterns. A LIVE pattern A is dominated by a LIVE
 * pattern B when
 *   1. A and B are on the same weekdays and have the same start week
 *      (so they carry the same teacher load per week and the same rest
 *      pattern; a later start is what a second, later cohort of one
 *      teacher needs, so it is never compared with an earlier one),
 *   2. every row's count under A is <= its count under B,
 *   3. every teacher who may teach A may teach B,
 *   4. and, when A and B are equal in 2 and 3, B comes first in
 *      generation order (so of equals exactly one survives).
 * Week-by-week patterns are neither pruned nor dominators.
 * This is a strict order, so every dominated pattern has a live dominator
 * (`other` may point at a pattern that is itself dominated; follow the
 * chain). A pattern that is some participant's unique best is never
 * dominated. Caveat (docs/engine.md): a dominated pattern might still have
 * served as a second, non-overlapping cohort of one teacher.
 * Returns the number of patterns newly marked; 0 when there is nothing
 * to do; (size_t)-1 when out of memory (nothing is marked then: an engine
 * without pruning would be another engine, so the caller fails).
 */
size_t cp_cand_prune(struct cp_cand *c, const struct cp_cand_matrix *m);

/* ---- teachers --------------------------------------------------------- */

enum cp_teach_reason {
	CP_TEACH_OK = 0,
	CP_TEACH_LANGUAGE,      /* does not teach in the course language */
	CP_TEACH_LEAVE,         /* more lessons on leave days than a substitute
	                         * may cover (cp_teach_leave_max) */
	CP_TEACH_HOLIDAY,       /* a lesson falls on a course-wide holiday, or
	                         * a holiday of the teacher's own calendars,
	                         * on the teacher's local date */
	CP_TEACH_TOO_EARLY,     /* starts before the teacher's earliest hour */
	CP_TEACH_TOO_LATE,      /* ends after the teacher's latest hour */
	CP_TEACH_AVAILABILITY,  /* outside the teacher's weekly windows (a
	                         * dated period's on its dates) */
	CP_TEACH_MAX_DAY,       /* more minutes on one local day than max_day */
	CP_TEACH_MAX_WEEK,      /* more minutes in one ISO week than max_week */
	CP_TEACH_REASON_COUNT,
};

/* "ok", "language", "leave", "holiday", "too_early", "too_late",
 * "outside_availability", "max_day", "max_week". */
const char *cp_teach_reason_name(enum cp_teach_reason r);

/*
 * May teacher t teach pattern i? Checks, in this order: language, then per
 * lesson (chronologically) leave, holiday, too_early, too_late,
 * availability (a lesson on leave skips the rest: a substitute gives it,
 * up to cp_teach_leave_max below); then the pattern's own load per day and
 * per week. On a
 * failing lesson its index goes to *lesson (may be NULL; CP_CAND_NONE when
 * the reason is not about one lesson). Precomputed: O(1).
 */
enum cp_teach_reason cp_cand_teachable(const struct cp_cand *c, size_t t, size_t i,
				       size_t *lesson);

/* Teaching minutes of pattern i per local date of teacher t's zone, or per
 * ISO week (the date is that week's Monday). Writes at most cap entries to
 * out (may be NULL when cap is 0), sorted by date; returns how many there
 * are. */
struct cp_cand_load {
	cp_day day;
	int minutes;
};
size_t cp_cand_load_days(const struct cp_cand *c, size_t t, size_t i,
			 struct cp_cand_load *out, size_t cap);
size_t cp_cand_load_weeks(const struct cp_cand *c, size_t t, size_t i,
			  struct cp_cand_load *out, size_t cap);

/* ---- conflicts between live patterns ---------------------------------- */

struct cp_cand_pair {
	uint32_t a, b; /* a < b, pattern indices */
};

/*
 * Pairs of live patterns with at least one pair of lessons overlapping in
 * absolute time (nobody can teach both). Sorted. Computed on first call
 * after create or prune. *out is borrowed. Returns the count, or
 * (size_t)-1 when out of memory.
 */
size_t cp_cand_overlaps(struct cp_cand *c, const struct cp_cand_pair **out);

/*
 * Clique rows: for every distinct lesson start of a live pattern, the set of
 * live patterns with a lesson in progress at that instant; sets that are
 * subsets of the previous one are left out. At most one of a clique's
 * patterns may be taught by one teacher. Returns the number of cliques
 * (or (size_t)-1 when out of memory); cp_cand_clique() gives the i-th
 * (borrowed, sorted pattern indices).
 */
size_t cp_cand_cliques(struct cp_cand *c);
const uint32_t *cp_cand_clique(const struct cp_cand *c, size_t i, size_t *n);

/*
 * Pairs of live patterns that teacher t may both teach and that would leave
 * less than t's min_rest between the end of a lesson on one local day and
 * the start of a lesson on a later local day (teacher's zone). Pairs whose
 * lessons overlap are included too. Returns a malloc'ed sorted array the
 * caller frees, its length in *n; NULL with *n = 0 when there are none,
 * NULL with *n = (size_t)-1 when out of memory.
 */
struct cp_cand_pair *cp_cand_rest_conflicts(const struct cp_cand *c, size_t t, size_t *n);

/*
 * Whether live patterns a and b, both of which teacher t may teach, are a
 * pair of cp_cand_rest_conflicts(c, t): their lessons overlap or leave t
 * less than min_rest across a local midnight. The same rule for one pair,
 * from the two lesson lists (linear in their lengths), for callers that
 * ask about a few pairs: listing all of a teacher's pairs costs seconds on
 * large problems. a == b is false (a pattern does not clash with itself).
 */
bool cp_cand_rest_clash(const struct cp_cand *c, size_t t, uint32_t a, uint32_t b);

/* ---- exact live minutes ------------------------------------------------ */

/* End of instant i (see cp_cand_instant()). */
cp_instant cp_cand_instant_end(const struct cp_cand *c, size_t i);

/* The course's live minutes: what every pattern's N lessons add up to. */
int cp_cand_live_minutes(const struct cp_cand *c);

/* Length of each pattern's last lesson: live_minutes - (N-1) *
 * session_minutes, or session_minutes when that divides the live minutes. */
int cp_cand_last_minutes(const struct cp_cand *c);

/* A lesson's own length in minutes, (end - start) / 60. */
int cp_cand_lesson_minutes(const struct cp_cand_lesson *l);

/* ---- leave and single lessons (substitutes) ---------------------------- */

/*
 * Leave is coverable: a teacher may hold a pattern with at most
 * cp_teach_leave_max(N) = floor(N / 4) of its N lessons on their leave
 * days (one week of a 2-a-week course of 10 lessons); a substitute takes
 * those lessons after the solve (engine/plan/substitute.c). More lessons
 * on leave make the pattern CP_TEACH_LEAVE (the first one on leave is the
 * failing lesson). Loads still count the leave lessons as the holder's.
 */
size_t cp_teach_leave_max(size_t n_lessons);

/*
 * May teacher t teach the single lesson [start, start + minutes)? The
 * checks of cp_cand_teachable() on a pattern of that one lesson: language,
 * leave (never allowed for a single lesson), holiday, too_early, too_late,
 * availability, and max_day / max_week for that lesson alone. Overlaps,
 * rest and loads with the teacher's other lessons are the caller's.
 */
enum cp_teach_reason cp_cand_teach_lesson(const struct cp_cand *c, size_t t, cp_instant start,
					  int minutes);

/* Is the local date (teacher t's zone) of instant start a leave day of t? */
bool cp_cand_on_leave(const struct cp_cand *c, size_t t, cp_instant start);

/* ---- week-by-week patterns --------------------------------------------- */

/*
 * A week-by-week pattern keeps one anchor and one anchor-local start time
 * but chooses its weekdays week by week (Monday-based weeks of the anchor's
 * dates) for one situation: in every week the set of k weekdays (course
 * sessions_min <= k <= sessions_max, allowed weekdays, consecutive-days
 * policy, also across the Sunday-Monday week boundary) with, in order, the
 * fewest dates on which no teacher may give a full lesson
 * (cp_cand_teach_lesson(); none without teachers), the most dates on which
 * free(ctx, start, end) holds for a full session, the fewest on which it
 * does not, a set already used, the regular ordering of weekday sets. At most max_shapes distinct weekday sets are used: once
 * that many are, later weeks choose among them. Dates are those of the
 * regular expansion's first start week: inside the course window (course
 * zone), from policy.start_dates.from, course-wide holidays skipped; the
 * first N lessons, the last one the remainder; the first lesson before the
 * midnight after policy.start_dates.to.
 *
 * cp_cand_by_week_build() builds one such pattern and keeps it pending
 * when it has N lessons and the free minutes under it (each lesson judged
 * with its own length) exceed more_than; it returns those minutes (0 when
 * no N lessons fit, or the first falls too late) and -1 when out of
 * memory: it was kept exactly when the result exceeds more_than. cp_cand_by_week_add() adds the
 * pending patterns to the set (LIVE, or DUPLICATE of a pattern with the
 * same lessons, regular ones first), rebuilds the instant table (instant
 * indices change) and the teachers' verdicts, and forgets computed
 * conflicts; an attendability object built on the set before must be
 * rebuilt. Returns the number added, (size_t)-1 when out of memory (the
 * set is then unusable: destroy it). Never pruned against regular patterns
 * (cp_cand_prune).
 */
typedef bool (*cp_cand_free_fn)(void *ctx, cp_instant start, cp_instant end);
long cp_cand_by_week_build(struct cp_cand *c, size_t anchor, int start, int max_shapes,
			   cp_cand_free_fn free_fn, void *ctx, long more_than);
size_t cp_cand_by_week_add(struct cp_cand *c);

/*
 * The rest conflicts of cp_cand_rest_conflicts() judged in teacher t's zone
 * with t's min_rest, among the live patterns marked in keep (n_patterns
 * flags; not limited to those t may teach), from lessons that do NOT
 * overlap: a pair is listed when a lesson of one ends less than min_rest
 * before a lesson of the other starts on a later local day. Pairs that
 * overlap are in cp_cand_overlaps() and the cliques. For teachers who share
 * zone and rest, one call over the union of what they may teach replaces a
 * call per teacher. Same return convention as cp_cand_rest_conflicts().
 */
struct cp_cand_pair *cp_cand_rest_gaps(const struct cp_cand *c, size_t t, const bool *keep,
				       size_t *n);

#endif /* COHORTPLAN_CANDIDATES_H */
