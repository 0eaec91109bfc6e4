/*
 * Attendability: for every participant and candidate pattern, which of its
 * lessons the participant can attend, judged in the participant's own local
 * time, and the reason for each lesson they cannot attend. Then aggregation
 * of participants into classes for the solver.
 *
 * A lesson is judged by these checks, in this order; the first that fails
 * is the reason (docs/engine.md gives each rule exactly):
 *   after_departure       its local start date is on or after departure
 *   holiday               its local start date is a participant-side holiday
 *                         or a holiday of their own calendars
 *   roster                it overlaps a roster shift widened by the margins
 *                         (the shift's or its kind's, the roster's, or
 *                         the default roster_margin)
 *   too_early             it starts before the policy's earliest hour
 *   too_late              it ends after the policy's latest hour
 *   outside_availability  not inside the weekly windows (a dated period's
 *                         on its dates) plus the dated "available"
 *                         exceptions (no windows: always in)
 *   ramadan               it overlaps the country's Ramadan band on a
 *                         Ramadan date
 *   exception             it overlaps a dated "not available" exception
 *
 * Every lesson is judged over its own [start, end): a pattern's short last
 * lesson (candidates.h, exact live minutes) is judged as short.
 *
 * Counts are live MINUTES: a participant's count under a pattern is the sum
 * of the lengths of the lessons they can attend, out of the course's live
 * minutes; the attendance target is reached at cp_attend_needed() minutes.
 * (The names say "count" for history; every count here is minutes.)
 *
 * Situations: participants with the same zone, country, windows, exceptions,
 * busy time, departure, own calendars, periods and roster margins are
 * judged once (one "situation"); a verdict
 * per (situation, instant) is computed, an instant being a lesson's (start,
 * end) pair, and counts per pattern are sums over its lessons.
 *
 * Classes: participants with the same eligible counts (the attendable
 * minutes on every live pattern where they reach the attendance target, or,
 * when the policy admits members below the target, at least
 * cp_attend_floor(); nothing elsewhere), the same course-language fit and,
 * when the policy groups by profile, the same profile, form one class with
 * a multiplicity. Partners who want the same cohort form a class of couples
 * (unit 2, eligible where both are, with the smaller count and the number
 * of the two below the target); partners who want different cohorts are
 * classes of their own, each naming the other in `avoid`.
 *
 * Ownership: cp_attend_create() returns an object the caller destroys with
 * cp_attend_destroy() (NULL is a no-op). It borrows the problem, the
 * candidate set and the off days, which must outlive it. Pointers returned
 * by getters are owned by it and valid until it is destroyed or
 * cp_attend_classify() runs again. Read-only functions are thread-safe.
 */
#ifndef COHORTPLAN_ATTEND_H
#define COHORTPLAN_ATTEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cohortplan/candidates.h>
#include <cohortplan/engine.h>
#include <cohortplan/offdays.h>
#include <cohortplan/problem.h>

enum cp_attend_reason {
	CP_ATTEND_OK = 0,
	CP_ATTEND_AFTER_DEPARTURE,
	CP_ATTEND_HOLIDAY,
	CP_ATTEND_ROSTER,
	CP_ATTEND_TOO_EARLY,
	CP_ATTEND_TOO_LATE,
	CP_ATTEND_OUTSIDE_AVAILABILITY,
	CP_ATTEND_RAMADAN,
	CP_ATTEND_EXCEPTION,
	CP_ATTEND_REASON_COUNT,
};

/* "ok", "after_departure", "holiday", "roster", "too_early", "too_late",
 * "outside_availability", "ramadan", "exception". */
const char *cp_attend_reason_name(enum cp_attend_reason r);

struct cp_attend_options {
	int roster_margin;  /* minutes kept free before and after each shift
	                     * (commute, rest) where the roster or shift gives
	                     * none of its own; default 60 */
	bool no_prune;      /* cp_engine_create: skip cp_cand_prune() */
};

/* The defaults above. */
void cp_attend_options_init(struct cp_attend_options *o);

struct cp_attend;

/*
 * Judge every participant against every non-dropped, non-duplicate pattern
 * of c (patterns dominated later keep their counts). opts may be NULL.
 * Returns NULL with *err filled (CP_ENGINE_ERR_INVALID for a participant
 * without a zone, CP_ENGINE_ERR_NOMEM). Classes are not built yet: call
 * cp_attend_classify() after pruning.
 */
struct cp_attend *cp_attend_create(const struct cp_problem *p, const struct cp_cand *c,
				   const struct cp_offdays *off,
				   const struct cp_attend_options *opts,
				   struct cp_engine_error *err);
void cp_attend_destroy(struct cp_attend *a);

/* The count (attendable minutes) matrix over distinct situations, for
 * cp_cand_prune(). Borrowed. */
const struct cp_cand_matrix *cp_attend_matrix(const struct cp_attend *a);

/* Number of situations, and participant i's situation. */
size_t cp_attend_situation_count(const struct cp_attend *a);
size_t cp_attend_situation_of(const struct cp_attend *a, size_t participant);

/* Attendable live minutes of participant i under pattern j: the sum of
 * the lengths of the lessons they can attend (0 for dropped and duplicate
 * patterns: use the pattern they yield to). At most the live minutes. */
unsigned cp_attend_count(const struct cp_attend *a, size_t i, size_t j);

/* The attendable minutes needed to reach the attendance target:
 * cp_plan_minutes_needed(target, live_minutes), i.e. ceil(target * live
 * minutes) (plan.h: the one rule the plan's writers use too). */
unsigned cp_attend_needed(const struct cp_attend *a);

/*
 * Judge one lesson start instant for participant i from scratch (the same
 * rules, without the tables), for explanations. t is the lesson's UTC start;
 * its length is the course's session length (a full lesson: for a pattern's
 * lessons, whose last one may be shorter, use cp_attend_judge_span()).
 */
enum cp_attend_reason cp_attend_judge(const struct cp_attend *a, size_t i, cp_instant t);

/* Per-reason LESSON counts (not minutes) of participant i under pattern j,
 * each lesson judged with its own length: out[CP_ATTEND_OK] is the number
 * of attendable lessons. */
void cp_attend_reasons(const struct cp_attend *a, size_t i, size_t j,
		       unsigned out[CP_ATTEND_REASON_COUNT]);

/* The live pattern with the highest count for participant i (first in
 * generation order on ties), and that count; CP_CAND_NONE when there is no
 * live pattern. */
uint32_t cp_attend_best(const struct cp_attend *a, size_t i, unsigned *count);
/* (count: attendable minutes, as cp_attend_count().) */

/* ---- classes ---------------------------------------------------------- */

struct cp_attend_elig {
	uint32_t pattern;   /* a live pattern */
	uint16_t count;     /* attendable minutes (>= cp_attend_floor()) */
	uint8_t below;      /* members of the unit below the target here: 0, or
	                     * 1 (a single, or one partner) or 2 (both) */
};

struct cp_attend_class {
	size_t multiplicity;        /* units: people, or couples when unit == 2 */
	int unit;                   /* 1, or 2 for partners wanting one cohort */
	const char *language;       /* the course language when every member
	                             * speaks it, NULL otherwise (not placeable) */
	enum cp_profile profile;    /* CP_PROFILE_UNSET unless grouped by profile
	                             * (couples: the first member's) */
	size_t avoid;               /* class of a partner who wants a different
	                             * cohort, or SIZE_MAX */
	size_t n_eligible;
	const struct cp_attend_elig *eligible; /* ascending pattern */
	size_t n_members;           /* participant indices, couples adjacent */
	const uint32_t *members;
};

/*
 * (Re)build the classes over the currently live patterns of the candidate
 * set. Returns CP_ENGINE_OK or CP_ENGINE_ERR_NOMEM (classes then empty).
 */
enum cp_engine_status cp_attend_classify(struct cp_attend *a, struct cp_engine_error *err);

size_t cp_attend_class_count(const struct cp_attend *a);
const struct cp_attend_class *cp_attend_class(const struct cp_attend *a, size_t i);
/* The class of participant i, or SIZE_MAX before cp_attend_classify(). */
size_t cp_attend_class_of(const struct cp_attend *a, size_t i);

/*
 * Judge the lesson [start, end) for participant i from scratch, like
 * cp_attend_judge() but with the lesson's own length.
 */
enum cp_attend_reason cp_attend_judge_span(const struct cp_attend *a, size_t i, cp_instant start,
					   cp_instant end);

/* ---- the target rule -------------------------------------------------- */

/* THE rule of "reaches the target" (docs/plan.md, "Attendance is counted
 * in live minutes"): minutes >= ceil(target x live_minutes), with a slack
 * of 1e-10 of the live minutes for the binary rounding of the product,
 * and a course without live minutes reaches nothing. Every decision
 * calls it: the engine's thresholds (cp_attend_threshold) and, through
 * cp_plan_member_reaches() (plan.h), the planner, plan.json, the report
 * and the `solve` summary. cp_attend_target_needed() is the smallest
 * such count (0 for no target or no minutes). */
int cp_attend_target_needed(double target, int live_minutes);
bool cp_attend_target_reached(double target, int minutes, int live_minutes);

/* ---- thresholds (members below the target) --------------------------- */

/* The smallest count (minutes) that reaches share of total (live minutes):
 * cp_plan_minutes_needed(share, total), the one rounding rule behind
 * cp_attend_needed(), cp_attend_floor() and the plan's "reaches the
 * target". */
unsigned cp_attend_threshold(double share, unsigned total);

/* The smallest attendable count with which a participant may join a
 * pattern: cp_attend_threshold(policy below_floor, live minutes), at least
 * 1, when
 * the policy admits members below the target; cp_attend_needed() when it
 * does not, or when the floor is at or above the target. */
unsigned cp_attend_floor(const struct cp_attend *a);

/* The attendable share of a count: count / live minutes (0 when there are
 * none). Every share
 * the engine hands on (solver eligibilities, plan reasons) comes from it. */
double cp_attend_share(const struct cp_attend *a, unsigned count);

/* Does a count reach the attendance target: count >= cp_attend_needed(). */
bool cp_attend_reaches(const struct cp_attend *a, unsigned count);

/* ---- week-by-week patterns ------------------------------------------- */

/*
 * Build week-by-week patterns (candidates.h) where they pay: for every
 * situation with roster busy time, at the anchor start times of its best
 * three regular live patterns that some teacher may teach (the same
 * time-of-day band), judging each date with this situation's own rules
 * (cp_attend_judge_span()), kept pending in c when it gives the situation
 * more attendable minutes than that best regular pattern, or reaches
 * cp_attend_needed(). At most 4,000 per problem; max_shapes as in
 * cp_cand_by_week_build(), 0: none, negative: "auto", 3 shapes when at
 * most 300 situations have roster busy time and none otherwise. The
 * caller adds them (cp_cand_by_week_add())
 * and rebuilds the attendability. Returns the number kept, (size_t)-1
 * when out of memory.
 */
size_t cp_attend_add_by_week(const struct cp_attend *a, struct cp_cand *c, int max_shapes);

#endif /* COHORTPLAN_ATTEND_H */
