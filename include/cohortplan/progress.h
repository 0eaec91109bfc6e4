/*
 * cohortplan progress: the attendance KPI while a course runs.
 *
 * The plan says what each member CAN attend (per-lesson verdicts); the
 * attendance register says what they DID attend, in minutes, for the
 * lessons held so far. This module puts the two together and answers the
 * agency's question for every member: can they still reach the attendance
 * target, and how much room is left?
 *
 * Rules (docs/attendance.md):
 * - A lesson is held once the register has a row for it from any member of
 *   its cohort; a member without a row for a held lesson attended 0 of its
 *   minutes. A lesson nobody has a row for counts as not held yet, so a
 *   register must record a held lesson nobody attended with rows of 0.
 * - attended = the member's minutes_present summed; held = the lengths of
 *   the held lessons; remaining = live minutes - held.
 * - best_final = attended + the lengths of the remaining lessons whose
 *   verdict for this member is "ok" (the plan's judgement: a remaining
 *   lesson they cannot attend does not count).
 * - "Reaches the target" is the plan's one rule, cp_plan_minutes_reach()
 *   (plan.h), applied to best_final out of the cohort's live minutes:
 *   CANNOT_REACH when best_final does not reach it; AT_RISK when it does
 *   but best_final minus the longest remaining lesson they can attend does
 *   not (missing one more lesson they can attend makes it unreachable);
 *   ON_TRACK otherwise (including every member who has reached the target
 *   already).
 *
 * Ownership: cp_progress_compute() returns a result the caller destroys
 * with cp_progress_destroy() (NULL is a no-op). The plan is borrowed for
 * the call only; the result refers to it by index. Prints nothing.
 * Out of memory: cp_progress_compute() returns NULL.
 */
#ifndef COHORTPLAN_PROGRESS_H
#define COHORTPLAN_PROGRESS_H

#include <stddef.h>

#include <cohortplan/plan.h>

/* One register row, resolved against the plan: member `member` of cohort
 * `cohort` was present `minutes` minutes of lessons[lesson] (indices, not
 * lesson numbers). */
struct cp_progress_row {
	size_t cohort;
	size_t member;
	size_t lesson;
	int minutes;
};

enum cp_progress_status {
	CP_PROGRESS_ON_TRACK = 0,  /* "on_track" */
	CP_PROGRESS_AT_RISK,       /* "at_risk" */
	CP_PROGRESS_CANNOT_REACH,  /* "cannot_reach" */
};

/* Static JSON name of a status ("on_track", ...). */
const char *cp_progress_status_name(enum cp_progress_status s);

struct cp_progress_member {
	size_t cohort, member;    /* indices into the plan */
	int attended;             /* minutes present, summed over the register */
	int held;                 /* minutes of the cohort's held lessons */
	int remaining;            /* live minutes - held */
	int makeup;               /* minutes credited from accepted make-ups
	                           * (only when they count, else 0) */
	int best_final;           /* attended + makeup + remaining lessons with
	                           * verdict "ok" (+ pending make-ups that count) */
	enum cp_progress_status status;
};

struct cp_progress_count {
	int members, on_track, at_risk, cannot_reach;
};

struct cp_progress_cohort {
	int live;                 /* the cohort's live minutes */
	int needed;               /* cp_plan_minutes_needed(target, live) */
	int held;                 /* minutes of its held lessons */
	size_t n_held;            /* how many lessons are held ... */
	bool *lesson_held;        /* ... and which (one per lessons[] entry) */
	/* Per lesson (one per lessons[] entry): members with a row of more
	 * than 0 minutes, and their minutes present summed (0 for lessons
	 * not held). */
	int *lesson_present;
	int *lesson_minutes;
	struct cp_progress_count count;
};

/*
 * A make-up option: member `member` (index into cp_progress.members) missed
 * all or part of lessons[missed] of their cohort, a held lesson; lesson
 * `lesson` of cohort `cohort` has the same theme and could replace it. From
 * the plan: the option's cohort is another one that is not dissolved and
 * has the same language, the option is not held yet (no register row for
 * it) and does not overlap any lesson of the member's own cohort. Whether
 * the member can take it (their zone, availability, holidays, roster; the
 * cohort's seats and teacher) is in the problem, not the plan: without a
 * judge (cp_progress_options) options are NOT checked (`checked` false);
 * with one, `refused` is the judge's reason code (0: offered).
 */
struct cp_progress_makeup {
	size_t member;            /* index into cp_progress.members */
	size_t missed;            /* lesson index in the member's cohort */
	int missed_minutes;       /* its length minus the minutes present */
	size_t cohort, lesson;    /* the option, indices into the plan */
	bool checked;             /* judged (a judge was given) */
	int refused;              /* 0: offered; else the judge's reason code */
};

/* At most this many offered options per missed lesson, the earliest first;
 * with a judge, at most CP_PROGRESS_REFUSED_MAX refused ones besides (the
 * earliest refused before the last offered, or before the end). */
#define CP_PROGRESS_MAKEUP_MAX 3
#define CP_PROGRESS_REFUSED_MAX 5

/*
 * A make-up lesson the member accepted (docs/attendance.md, MAKEUPS.csv):
 * member `member` of cohort `cohort` replaces lessons[missed] of their
 * cohort with lessons[opt_lesson] of cohort opt_cohort. minutes: minutes
 * present at it, or -1 when not recorded (not held yet, or, once its
 * cohort holds it, absent: 0).
 */
struct cp_progress_accepted {
	size_t cohort, member, missed;
	size_t opt_cohort, opt_lesson;
	int minutes;
	/* Output only (cp_progress.accepted): the missed lesson's length
	 * minus the minutes present at it (the most a make-up can give). */
	int missed_minutes;
};

/* The engine's judgement of a make-up option for member `member` of cohort
 * `cohort`: 0 when they can take lesson opt_lesson of opt_cohort, else a
 * reason code of the caller's (engine/plan/makeup.c: cp_makeup_reason). */
typedef int (*cp_progress_judge_fn)(void *data, size_t cohort, size_t member,
				    size_t opt_cohort, size_t opt_lesson);

struct cp_progress_options {
	cp_progress_judge_fn judge;  /* NULL: options are not checked */
	void *judge_data;
	const struct cp_progress_accepted *accepted;  /* borrowed */
	size_t n_accepted;
	/* policy.makeup_counts: accepted make-ups count towards the target
	 * (at most the missed minutes of the lesson they replace): their
	 * minutes present go to makeup_minutes, and one not held yet counts
	 * among the remaining lessons the member can attend. */
	bool makeup_counts;
};

struct cp_progress {
	/* Every member of every cohort, in plan order (cohort by cohort). */
	size_t n_members;
	struct cp_progress_member *members;
	/* One per plan cohort, in plan order (dissolved ones have no members). */
	size_t n_cohorts;
	struct cp_progress_cohort *cohorts;
	struct cp_progress_count course;
	/* Make-up options, by member (plan order), missed lesson, then the
	 * option's start (then cohort order); missed lessons without a theme
	 * or without an option have none. */
	size_t n_makeups;
	struct cp_progress_makeup *makeups;
	/* A copy of the options' accepted make-ups, in their order. */
	size_t n_accepted;
	struct cp_progress_accepted *accepted;
};

/*
 * The KPI of plan given the register rows[0..n_rows). Rows must be valid
 * (indices in range, minutes 0..the lesson's length, at most one row per
 * member and lesson: the register reader checks this); a row that is not
 * is ignored rather than read out of bounds. NULL when out of memory.
 */
struct cp_progress *cp_progress_compute(const struct cp_plan *plan,
					const struct cp_progress_row *rows, size_t n_rows);
/* The same with make-ups judged, accepted and counted as opts says (NULL:
 * as cp_progress_compute). Accepted entries must be valid (indices in
 * range, the member's own cohort, the same theme: the reader checks); one
 * that is not is ignored. */
struct cp_progress *cp_progress_compute_with(const struct cp_plan *plan,
					     const struct cp_progress_row *rows, size_t n_rows,
					     const struct cp_progress_options *opts);
void cp_progress_destroy(struct cp_progress *p);

/*
 * Switch every CANNOT_REACH member of progress p to self-study in plan
 * (docs/attendance.md "Switching to self-study"; engine/plan/switch.c).
 * For each such member, every lesson of their cohort not held yet that has
 * a theme becomes a self-paced module of theirs: id "self.THEME" (a theme
 * once: its first remaining lesson), that lesson's minutes, available from
 * the end of the cohort's last held lesson (the first lesson's start when
 * none is held), due at the end of the member's own local day seven days
 * after that lesson's local date (their zone, pinned tzdata in db); and
 * the member is marked switched, with the number of those themes
 * (switched, switched_themes), its self_study text cleared: the words are
 * api/locale's (cp_explain_fill_switched). They stay members (the register keeps
 * counting them; they may still join live lessons). Nothing else in the
 * plan changes: no lesson, no other member, no revision state.
 * p must come from this plan. Returns the number of members switched, or
 * -1 when out of memory or a member's zone is unknown to db (the plan may
 * then hold part of the change).
 */
int cp_progress_switch_self_study(struct cp_plan *plan, const struct cp_progress *p,
				  struct cp_tzdb *db);

#endif /* COHORTPLAN_PROGRESS_H */
