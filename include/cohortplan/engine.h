/*
 * cohortplan engine: from a checked planning problem to what the solver
 * optimises over, in one call.
 *
 *   problem + holiday calendars
 *     -> off days        (offdays.h: who is off on which local date)
 *     -> candidates      (candidates.h: weekly patterns, their lessons in UTC,
 *                         teachers, conflicts)
 *     -> attendability   (attend.h: per participant x pattern, which lessons,
 *                         why not; situations; classes)
 *     -> pruning         (dominated and duplicate patterns marked, see
 *                         docs/engine.md)
 *
 * The engine knows no file format: calendars come in loaded, the Islamic
 * calendar comes in as a callback (holidays.h), and nothing is printed.
 *
 * Ownership: cp_engine_create() returns an object the caller destroys with
 * cp_engine_destroy() (NULL is a no-op). It borrows the problem, the
 * calendars and the Hijri calendar, which must outlive it. The getters
 * return borrowed pointers valid until cp_engine_destroy().
 * Errors are returned as a status with detail in a caller-owned
 * struct cp_engine_error (which may be NULL everywhere it is taken).
 * Out of memory is an ordinary error (CP_ENGINE_ERR_NOMEM): nothing leaks and
 * nothing half-built is returned.
 */
#ifndef COHORTPLAN_ENGINE_H
#define COHORTPLAN_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

enum cp_engine_status {
	CP_ENGINE_OK = 0,
	CP_ENGINE_ERR_NOMEM,
	CP_ENGINE_ERR_INVALID,  /* the problem lacks something the engine needs
	                         * (a course window, a session length, a zone) */
	CP_ENGINE_ERR_HOLIDAYS, /* a calendar named by the policy is missing,
	                         * or expanding one failed */
	CP_ENGINE_ERR_TOO_BIG,  /* a documented size limit was exceeded */
	CP_ENGINE_ERR_EXPORT,   /* the caller's export of the model failed
	                         * (cp_planner_options.export_model; the
	                         * caller holds the detail) */
};

struct cp_engine_error {
	enum cp_engine_status status;
	char message[320];
};

/* Static English name of a status. */
const char *cp_engine_strerror(enum cp_engine_status status);

struct cp_problem;
struct cp_holiday_calendar;
struct cp_hijri_calendar;
struct cp_offdays;
struct cp_cand;
struct cp_attend;
struct cp_cand_options;
struct cp_attend_options;

/* What the engine reads. calendars[i] are matched to the policy's holiday
 * uses by cp_holidays_id(); hijri is needed when the policy has a Ramadan
 * rule or a calendar has Islamic rules, and may be NULL otherwise. */
struct cp_engine_input {
	const struct cp_problem *problem; /* after cp_problem_check() == OK */
	const struct cp_holiday_calendar *const *calendars;
	size_t n_calendars;
	const struct cp_hijri_calendar *hijri;
};

struct cp_engine;

/*
 * Run the whole pipeline: off days, candidate patterns, attendability,
 * pruning (unless aopts->no_prune), classes, and the candidates' overlap
 * pairs and cliques (so cp_cand_overlaps() and cp_cand_cliques() on the set
 * from cp_engine_candidates() only return cached results and never modify
 * it). copts and aopts may be NULL for the defaults. Returns NULL with *err
 * filled on failure.
 */
struct cp_engine *cp_engine_create(const struct cp_engine_input *in,
				   const struct cp_cand_options *copts,
				   const struct cp_attend_options *aopts,
				   struct cp_engine_error *err);
void cp_engine_destroy(struct cp_engine *e);

/* The parts (borrowed). */
const struct cp_offdays *cp_engine_offdays(const struct cp_engine *e);
const struct cp_cand *cp_engine_candidates(const struct cp_engine *e);
const struct cp_attend *cp_engine_attend(const struct cp_engine *e);

/* Fill err (may be NULL) with status and a printf-style message; returns
 * status. For the engine's modules. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
enum cp_engine_status cp_engine_fail(struct cp_engine_error *err,
				     enum cp_engine_status status, const char *fmt, ...);

#endif /* COHORTPLAN_ENGINE_H */
