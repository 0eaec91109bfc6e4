/*
 * cohortplan plan: the answer, as plain data.
 *
 * A plan is what the solver decided, expanded into concrete terms: cohorts
 * with their teacher, their live lessons in UTC, their members with what each
 * can attend, the self-paced modules with deadlines, and every participant
 * that could not be placed with the reason. It is self-contained: it carries
 * the zones, profiles and languages its writers need (calendar feeds, LMS
 * data, the report) so that a plan.json can be exported without the problem
 * it came from. It carries pseudonymous ids only, never display names.
 *
 * Ownership: cp_plan_create() returns a plan the caller destroys with
 * cp_plan_destroy() (NULL is a no-op). The plan owns every array and string
 * reachable from it; cp_plan_add_* return pointers into the plan that stay
 * valid until the next cp_plan_add_* call of the same kind (arrays grow) or
 * cp_plan_destroy(). Strings passed in are copied.
 *
 * Out of memory: cp_plan_add_* and cp_plan_strdup return NULL and the plan
 * stays valid; cp_plan_nomem() tells a builder to give up.
 */
#ifndef COHORTPLAN_PLAN_H
#define COHORTPLAN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cohortplan/tz.h>

/* Why a participant cannot attend one lesson. Stable names (JSON spelling
 * in comments) because plans and explanations are read by programs. */
enum cp_verdict {
	CP_VERDICT_OK = 0,          /* "ok": can attend */
	CP_VERDICT_AFTER_DEPARTURE, /* "after_departure" */
	CP_VERDICT_HOLIDAY,         /* "holiday" */
	CP_VERDICT_ROSTER,          /* "roster": a shift (with margin) overlaps */
	CP_VERDICT_TOO_EARLY,       /* "too_early": before the policy's earliest hour */
	CP_VERDICT_TOO_LATE,        /* "too_late": after the policy's latest hour */
	CP_VERDICT_OUTSIDE_AVAILABILITY, /* "outside_availability" */
	CP_VERDICT_RAMADAN,         /* "ramadan": the Ramadan rule forbids it */
	CP_VERDICT_EXCEPTION,       /* "exception": a dated unavailability */
	CP_VERDICT_COUNT
};
const char *cp_verdict_name(enum cp_verdict v);
bool cp_verdict_from_name(const char *s, enum cp_verdict *out);

/* One weekly slot of a cohort's pattern, in its anchor zone's wall time. */
struct cp_plan_slot {
	int weekday;      /* 0 = Sunday .. 6 = Saturday */
	int start;        /* minutes after local midnight */
};

struct cp_plan_lesson {
	int number;       /* 1-based, stable identity within the cohort */
	cp_instant start, end;
	const char *theme; /* theme id, or NULL */
	/* Revision state for calendar feeds (cp_plan_revise): subscribed
	 * calendars update an event in place only when its SEQUENCE rises. */
	int sequence;        /* 0 for a new lesson, +1 at every change */
	cp_instant modified; /* when it last changed; 0: the plan's created */
	/* The teacher who gives this lesson instead of the cohort's teacher
	 * (who is on leave), and their zone; NULL when the cohort's teacher
	 * gives it (engine/plan/substitute.c, docs/plan.md). */
	const char *substitute;
	const char *substitute_zone;
};

/* A self-paced module with its window, for one member. */
struct cp_plan_module {
	const char *module;   /* module id */
	const char *theme;    /* theme id, or NULL */
	int minutes;
	cp_instant available; /* from */
	cp_instant due;       /* deadline */
};

struct cp_plan_member {
	const char *participant;  /* pseudonymous id */
	const char *zone;         /* canonical IANA name */
	const char *profile;      /* "labour_migrant", "partner", "family_migrant" */
	int attendable;           /* lessons of the cohort this member can attend
	                           * (a count of lessons; the target is judged on
	                           * minutes: cp_plan_member_reaches()) */
	/* verdict[i] for lesson i (0-based) of the cohort; owned by the plan */
	uint8_t *verdicts;
	size_t n_modules;
	struct cp_plan_module *modules;
	/* A member below the attendance target (cp_plan_member_reaches() is
	 * false; admitted by policy.below_target): the self-study route
	 * offered for the lessons they will miss, which are the lessons whose
	 * verdict is not "ok". NULL for members who reach the target.
	 * English text for plan.json, filled by api/locale (cp_explain_fill),
	 * never by the engine: writers word the route from the verdicts and
	 * cp_plan_member_reaches(), not from this. */
	const char *self_study;
	/* An online final quiz (the cohort's quiz is not live): this member's
	 * deadline, the end of their own local day 7 days after the cohort's
	 * last lesson (cp_plan_schedule_quiz); 0 when none. */
	cp_instant quiz_due;
	/* Switched to self-study while the course runs
	 * (cp_progress_switch_self_study): the route as data, with the number
	 * of remaining themes that became self-study modules. api/locale words
	 * it (cp_explain_switched; its English into self_study). Not in
	 * plan.json, which keeps the English text. */
	bool switched;
	int switched_themes;
};

/* The final quiz of a cohort (cp_plan_schedule_quiz, docs/plan.md). */
struct cp_plan_quiz {
	bool present;
	bool live;                /* a live session of the cohort */
	cp_instant start;         /* live: the session; online: the quiz opens */
	cp_instant end;           /* live: the session ends; online: 0 */
};

struct cp_plan_cohort {
	const char *id;           /* stable across re-plans, e.g. "C03" */
	const char *teacher;      /* teacher id */
	const char *teacher_zone; /* canonical IANA name */
	const char *anchor_zone;  /* zone whose wall time the pattern keeps */
	const char *language;
	size_t n_slots;
	struct cp_plan_slot *slots;
	int session_minutes;      /* full lessons; the last may be shorter
	                           * (exact live minutes): lessons' own start
	                           * and end are the truth */
	size_t n_lessons;
	struct cp_plan_lesson *lessons;
	size_t n_members;
	struct cp_plan_member *members;
	/* Lessons an earlier plan had and this one dropped, kept for a while
	 * so subscribed calendars mark them cancelled instead of silently
	 * keeping them. Not lessons: verdicts, attendance and reports refer to
	 * lessons[] only. Filled by cp_plan_revise() or read from plan.json. */
	size_t n_cancelled;
	struct cp_plan_lesson *cancelled;
	/* A cohort a re-plan dissolved (no successor in the new plan): it has
	 * no slots, lessons or members, only the cancelled[] lessons its
	 * cohort and teacher feeds must still carry. cp_plan_revise() makes
	 * it and drops it once nothing in cancelled[] is worth keeping.
	 * Writers that count or list running cohorts skip it. */
	bool dissolved;
	/* A week-by-week timetable (docs/engine.md): its weekdays change from
	 * week to week; slots[] then list every weekday it uses at its one
	 * start time, and only lessons[] say which week has which. */
	bool week_by_week;
	/* The final quiz; present only when the problem has one. */
	struct cp_plan_quiz quiz;
};

/* Lessons a participant no longer has because they left a cohort (moved to
 * another one, lost their place or left the course): their own feed shows
 * them as cancelled for a while, as a cohort feed does with cancelled[]. */
struct cp_plan_former {
	const char *participant;
	const char *zone;         /* the participant's zone, for their feed */
	const char *cohort;       /* id of the cohort they left */
	size_t n_lessons;
	struct cp_plan_lesson *lessons; /* as they last saw them, cancelled */
};

/* A teacher's limits, copied from the problem so that a plan alone can be
 * reported on. Unset limits are -1 (CP_MIN_UNSET in problem.h). */
struct cp_plan_teacher {
	const char *id;
	const char *zone;         /* canonical IANA name */
	int max_day, max_week;    /* teaching minutes per day, per week (Mon-Sun) */
	int earliest, latest;     /* local minutes after midnight: no teaching
	                           * before earliest or after latest */
};

/* A course theme with the course's own display name. */
struct cp_plan_theme {
	const char *id;
	const char *name;         /* NULL: writers fall back to built-in names */
};

/* The lessons of an unplaced participant's best candidate, reason by reason. */
struct cp_plan_reason_count {
	enum cp_verdict verdict;
	int lessons;
};

enum cp_unplaced_kind {
	CP_UNPLACED_NO_CANDIDATE = 0, /* "no_candidate": no pattern reaches the target */
	CP_UNPLACED_TOO_FEW,          /* "too_few": compatible cohort below minimum size */
	CP_UNPLACED_CAPACITY,         /* "capacity": teachers or cohort places ran out */
	CP_UNPLACED_PARTNER,          /* "partner": a partner link could not be kept */
	CP_UNPLACED_LANGUAGE,         /* "language": does not speak the course language */
	CP_UNPLACED_NO_TEACHER,       /* "no_teacher": no teacher may teach the
	                               * timetables that reach the target */
	/* The next four come from re-solving with the person's class first
	 * (docs/plan.md, "Reasons"), where the plan's own explanation would
	 * only describe this plan ("too few left", "capacity used"): */
	CP_UNPLACED_DISPLACES,        /* "displaces": a plan that places them was
	                               * found; cost, places say at what price */
	CP_UNPLACED_NO_COHORT,        /* "no_cohort": proven that no plan places
	                               * them (more people of their class) */
	CP_UNPLACED_NOT_DECIDED,      /* "not_decided": the check ran out of time
	                               * (or nodes) without an answer */
	CP_UNPLACED_NOT_CHECKED,      /* "not_checked": the checks' limits left no
	                               * room to check them */
	CP_UNPLACED_KIND_COUNT
};
const char *cp_unplaced_kind_name(enum cp_unplaced_kind k);
bool cp_unplaced_kind_from_name(const char *s, enum cp_unplaced_kind *out);

/* A weekly timetable as data (a candidate's pattern), for reasons and
 * advice; api/locale words it. days == 0: no timetable. */
struct cp_plan_timetable {
	unsigned days;            /* weekdays, bit 0 = Sunday (CP_DAYBIT) */
	int start;                /* anchor-local minutes after midnight */
	const char *zone;         /* the anchor zone */
	int64_t first;            /* anchor-local date of its first lesson, days
	                           * since 1970-01-01; INT64_MIN when unknown */
	bool by_week;             /* week by week: days change from week to week */
};

/* Why one teacher could not substitute for an uncovered lesson, or could
 * not teach an unplaced participant's timetable. */
struct cp_plan_cover_option {
	const char *teacher;      /* teacher id */
	const char *blocked;      /* "language", "leave", "holiday", "too_early",
	                           * "too_late", "outside_availability",
	                           * "max_day", "max_week" (as cp_teach_reason_name),
	                           * or "overlap" (another lesson of theirs at
	                           * that time), "rest" (too little rest) */
};

struct cp_plan_unplaced {
	const char *participant;
	const char *zone;
	const char *profile;
	enum cp_unplaced_kind kind;
	double best_share;        /* best attendable share over all candidates */
	size_t n_reasons;         /* lessons lost, most costly reason first */
	struct cp_plan_reason_count *reasons;
	int missing;              /* TOO_FEW: people missing to open a cohort */
	/* DISPLACES (0 otherwise): the plan found places `places` >= 1 more
	 * people of this participant's class (identical situations: one check
	 * answers for all), them included, and in it `cost` >= 0 fewer of the
	 * other people reach the target than in this plan (0: nobody loses
	 * their place, this plan was not the best); every plan that places
	 * at least as many of them costs at least `least_cost` (proven,
	 * <= cost; equal: no such plan is cheaper). Counted in the solver's
	 * model, before concrete teachers are assigned. */
	int cost;
	int least_cost;
	int places;
	/* The numbers and ids the reason is worded from (docs/plan.md,
	 * "Reasons"); 0, NULL or days 0 where a kind has none. */
	struct cp_plan_timetable best; /* the best timetable (also the
	                           * self-study route's question hour) */
	int best_minutes;         /* live minutes attendable in it */
	int live_minutes;         /* live minutes of the course */
	int floor_minutes;        /* > 0: reasons speak of attending at least
	                           * these minutes (policy.below_target), not
	                           * of the target */
	struct cp_plan_timetable timetable; /* TOO_FEW: the timetable short of
	                           * people; NO_TEACHER: the best one nobody may
	                           * teach */
	const char *partner;      /* PARTNER: the partner's id */
	size_t n_blocked;         /* NO_TEACHER: each teacher's reason for */
	struct cp_plan_cover_option *blocked; /* `timetable` */
	bool alike_placed;        /* NO_COHORT: others in the same situation
	                           * are placed */
	/* English words for logs and plan.json, filled by api/locale
	 * (cp_explain_fill), never by the engine; writers word the reason
	 * from the fields above in their own language, not from these. */
	const char *detail;
	const char *self_study;   /* the self-study route offered (present when
	                           * `best` is); NULL if none */
};

enum cp_advice_kind {
	CP_ADVICE_TEXT = 0,       /* "text": only text (plans written before kinds) */
	CP_ADVICE_BETTER_PLAN,    /* "better_plan": a check found a plan in which
	                           * n[0] more people reach the target */
	CP_ADVICE_KEPT_BETTER,    /* "kept_better": this plan came from a check:
	                           * n[0] reach the target instead of n[1], n[2]
	                           * placed instead of n[3] */
	CP_ADVICE_RELAX,          /* "relax": relaxing the solver row `row` could
	                           * place up to n[0] more */
	CP_ADVICE_ASSIGNMENT,     /* "assignment": n[0] cohorts moved, n[1] got no
	                           * teacher, n[2] members re-placed, n[3] left */
	CP_ADVICE_MORE_TEACHER,   /* "more_teacher": one more teacher for
	                           * `timetable` could place about n[0] more */
	CP_ADVICE_IDLE_WEEKS,     /* "idle_weeks": n[0] teacher-weeks without a
	                           * lesson while n[1] are not placed; n[2]
	                           * teachers, the first five in idle[] */
	CP_ADVICE_LEAVE,          /* "leave": n[0] lessons on leave, n[1] given by
	                           * a substitute, n[2] moved, n[3] uncovered;
	                           * cohort, lesson, teacher: an uncovered one */
	CP_ADVICE_KIND_COUNT
};
const char *cp_advice_kind_name(enum cp_advice_kind k);
bool cp_advice_kind_from_name(const char *s, enum cp_advice_kind *out);

/* A teacher's idle weeks (CP_ADVICE_IDLE_WEEKS). */
struct cp_plan_idle {
	const char *teacher;      /* teacher id */
	int weeks;
	int64_t from;             /* Monday of the first, days since 1970-01-01 */
};

/* Planner advice: what extra capacity would place how many more people,
 * and what the planner did that a planner should know. */
struct cp_plan_advice {
	const char *text;         /* English words for logs and plan.json, filled
	                           * by api/locale (cp_explain_fill); writers
	                           * word the advice from the fields below */
	int would_place;
	enum cp_advice_kind kind;
	long n[4];                /* by kind, see enum cp_advice_kind */
	const char *row;          /* RELAX: the solver row's label */
	struct cp_plan_timetable timetable; /* MORE_TEACHER */
	size_t n_idle;            /* IDLE_WEEKS: at most five teachers, */
	struct cp_plan_idle *idle; /* most idle weeks first */
	const char *cohort;       /* LEAVE: an uncovered lesson (NULL: none) */
	int lesson;
	const char *teacher;
};


/* A lesson on its teacher's leave that nobody covers. */
struct cp_plan_uncovered {
	const char *cohort;       /* cohort id */
	int lesson;               /* lesson number in that cohort */
	const char *teacher;      /* the cohort's teacher, on leave */
	size_t n_options;         /* every other teacher, in problem order */
	struct cp_plan_cover_option *options;
};

enum cp_plan_status {
	CP_PLAN_OPTIMAL = 0,      /* "optimal": proven within the gap tolerance */
	CP_PLAN_FEASIBLE,         /* "feasible": stopped by the time limit */
	CP_PLAN_HEURISTIC,        /* "heuristic": the MIP found nothing; greedy plan */
	CP_PLAN_EMPTY,            /* "empty": nobody could be placed */
};
const char *cp_plan_status_name(enum cp_plan_status s);
bool cp_plan_status_from_name(const char *s, enum cp_plan_status *out);

struct cp_plan {
	const char *course;       /* course id */
	const char *course_title; /* or NULL */
	const char *language;     /* course language */
	const char *tzdata;       /* tzdata release the plan was computed with */
	cp_instant created;       /* when the plan was made (from the caller's clock) */
	double attendance_target;
	int participants;         /* in the problem */
	int placeable;            /* the most participants any plan could place
	                           * (proven by the solver's bound; never below
	                           * the number placed): a person outside it has
	                           * no cohort reaching the target that can open.
	                           * With members below the target: among plans
	                           * with the most people reaching the target
	                           * (the number placed when proven optimal) */
	enum cp_plan_status status;
	double objective, bound, gap; /* gap as a fraction, 0.01 = 1% */
	double solve_seconds;
	size_t n_cohorts;
	struct cp_plan_cohort *cohorts;
	size_t n_unplaced;
	struct cp_plan_unplaced *unplaced;
	size_t n_advice;
	struct cp_plan_advice *advice;
	/* Participants' cancelled lessons of cohorts they left (cp_plan_revise). */
	size_t n_former;
	struct cp_plan_former *former;
	/* Optional: teachers' limits and the course's theme names, filled by
	 * the caller of the planner (api/pipeline) or read from plan.json;
	 * empty for plans made without them. */
	size_t n_teachers;
	struct cp_plan_teacher *teachers;
	size_t n_themes;
	struct cp_plan_theme *themes;
	/* Lessons on their teacher's leave that no substitute could take and
	 * that could not move inside their week: they stay with the cohort's
	 * teacher, and each says what blocked every other teacher. */
	size_t n_uncovered;
	struct cp_plan_uncovered *uncovered;
};

struct cp_plan *cp_plan_create(void);
void cp_plan_destroy(struct cp_plan *plan);

/* Builders: each returns a zeroed element appended to its array. */
struct cp_plan_cohort *cp_plan_add_cohort(struct cp_plan *plan);
struct cp_plan_lesson *cp_plan_add_lesson(struct cp_plan *plan, struct cp_plan_cohort *c);
struct cp_plan_slot *cp_plan_add_slot(struct cp_plan *plan, struct cp_plan_cohort *c);
struct cp_plan_lesson *cp_plan_add_cancelled(struct cp_plan *plan, struct cp_plan_cohort *c);
/* A member with room for c->n_lessons verdicts (add the lessons first). */
struct cp_plan_member *cp_plan_add_member(struct cp_plan *plan, struct cp_plan_cohort *c);
struct cp_plan_module *cp_plan_add_module(struct cp_plan *plan, struct cp_plan_member *m);
struct cp_plan_unplaced *cp_plan_add_unplaced(struct cp_plan *plan);
struct cp_plan_reason_count *cp_plan_add_reason(struct cp_plan *plan, struct cp_plan_unplaced *u);
struct cp_plan_advice *cp_plan_add_advice(struct cp_plan *plan);
/* Add an advice of kind with would_place and no text; NULL when out of
 * memory (the plan keeps what it had). */
struct cp_plan_advice *cp_plan_advise(struct cp_plan *plan, enum cp_advice_kind kind,
				      int would_place);
struct cp_plan_idle *cp_plan_add_idle(struct cp_plan *plan, struct cp_plan_advice *a);
struct cp_plan_cover_option *cp_plan_add_blocked(struct cp_plan *plan,
						 struct cp_plan_unplaced *u);
struct cp_plan_former *cp_plan_add_former(struct cp_plan *plan);
struct cp_plan_lesson *cp_plan_add_former_lesson(struct cp_plan *plan, struct cp_plan_former *f);
struct cp_plan_teacher *cp_plan_add_teacher(struct cp_plan *plan);
struct cp_plan_theme *cp_plan_add_theme(struct cp_plan *plan);
struct cp_plan_uncovered *cp_plan_add_uncovered(struct cp_plan *plan);
struct cp_plan_cover_option *cp_plan_add_cover_option(struct cp_plan *plan,
						      struct cp_plan_uncovered *u);

/* A copy of s owned by the plan (NULL for NULL or out of memory). */
const char *cp_plan_strdup(struct cp_plan *plan, const char *s);
bool cp_plan_nomem(const struct cp_plan *plan);

/*
 * Give next's cohorts the ids of their predecessors in prev
 * (engine/plan/match.c), so that a group of people keeps its cohort id, and
 * with it its lessons' calendar UIDs, even when a re-plan moves its times.
 * Pairs are chosen greedily by the number of members they share, ties
 * broken by same teacher, then same weekly slots, then prev's id order,
 * then next's cohort order; each prev id is used once. A new cohort sharing
 * nobody with prev keeps a prev id only for the same teacher, anchor and
 * slots (an unchanged timetable whose people all changed). Every other new
 * cohort keeps its id if prev never used it, else gets the first free
 * "C<nn>" that neither plan uses. Dissolved cohorts of prev are never
 * matched, so their ids are not reused; dissolved cohorts of next keep
 * theirs. Deterministic, and idempotent: a
 * second call with the same prev changes nothing. Returns false when out of
 * memory (next is then unchanged).
 */
bool cp_plan_match_ids(struct cp_plan *next, const struct cp_plan *prev);

/*
 * Carry revision state from the plan prev (as published) into its re-plan
 * next (engine/plan/revise.c). Lessons are matched by cohort id and lesson
 * number. An unchanged lesson keeps its sequence and modified; a moved one
 * (start, end, theme, the cohort's teacher or the lesson's
 * substitute changed) gets prev's sequence
 * + 1 and modified = next->created; a lesson of prev missing from next is
 * appended to the cohort's cancelled[] with sequence + 1, and prev's
 * cancelled lessons are kept while their end is less than keep_days days
 * before next->created. Lessons of cohorts that prev does not know are left
 * as they are.
 *
 * A cohort of prev with no cohort of the same id in next (call
 * cp_plan_match_ids first, or every re-timed cohort looks dissolved) is
 * appended to next as a dissolved cohort whose cancelled[] holds all its
 * lessons (sequence + 1) and its still-kept cancelled ones. A member of a
 * prev cohort who is not a member of next's cohort of that id gets a
 * former[] entry with that cohort's lessons that had not started by
 * next->created (sequence + 1) and its kept cancelled ones; prev's former[]
 * entries are kept by the same keep_days rule, and dropped when the
 * participant is back in that cohort (whose lessons then get a sequence
 * above the cancelled one, so the participant's calendar takes them back).
 * Returns false when out of memory (next is then valid but partly revised).
 */
bool cp_plan_revise(struct cp_plan *next, const struct cp_plan *prev, int keep_days);

/*
 * Schedule the course's final quiz (quiz_minutes long; live or online) for
 * every cohort with lessons (engine/plan/quiz.c, docs/plan.md "Final
 * quiz"): a live quiz is a session of the cohort at its first weekly slot
 * (anchor wall time, from the pinned tzdata in db) after the local date of
 * its last lesson; an online quiz opens at the end of the last lesson and
 * each member's deadline is the end of their own local day 7 days after
 * the last lesson's date in their zone. Returns false when a zone of the
 * plan is unknown to db (the plan keeps what it had).
 */
bool cp_plan_schedule_quiz(struct cp_plan *plan, int quiz_minutes, bool live,
			   struct cp_tzdb *db);

/* Lookups (linear; plans are small). NULL when absent. */
const struct cp_plan_cohort *cp_plan_find_cohort(const struct cp_plan *plan, const char *id);
/* The cohort and member of a participant; NULL when unplaced. */
const struct cp_plan_member *cp_plan_find_member(const struct cp_plan *plan,
						 const char *participant,
						 const struct cp_plan_cohort **cohort);
const struct cp_plan_teacher *cp_plan_find_teacher(const struct cp_plan *plan, const char *id);
/* The course's own name of theme id; NULL when the plan has none. */
const char *cp_plan_theme_name(const struct cp_plan *plan, const char *id);

/* ---- attendance in live minutes: the one rule ------------------------- */

/*
 * A member's attendance is counted in live MINUTES, not lessons: their
 * share is the minutes of the lessons they can attend over all the cohort's
 * live minutes (lessons[], never cancelled[]). These functions are the one
 * place the rule "reaches the target" is decided: the planner (through
 * engine/attend), the CLI summary, the report, plan.json and the server all
 * call them. A lesson's minutes are (end - start) / 60.
 */

/* Minutes needed to reach target with live_minutes in all:
 * ceil(target * live_minutes), computed so that a product that is a whole
 * number in exact arithmetic (0.8 x 1800 = 1440) is not rounded up by
 * floating-point noise. Clamped to 0..live_minutes. */
int cp_plan_minutes_needed(double target, int live_minutes);

/* A lesson's length in minutes: (end - start) / 60, 0 when end is not
 * after start. */
int cp_plan_lesson_minutes(const struct cp_plan_lesson *l);

/* The cohort's live minutes: the sum of its lessons' lengths. */
int cp_plan_cohort_live_minutes(const struct cp_plan_cohort *c);

/* The live minutes member m of cohort c can attend: the lengths of the
 * lessons whose verdict is "ok". */
int cp_plan_member_minutes(const struct cp_plan_cohort *c, const struct cp_plan_member *m);

/* cp_plan_member_minutes() / cp_plan_cohort_live_minutes(); 0 for a cohort
 * without lessons. For display: decide with cp_plan_member_reaches(). */
double cp_plan_member_share(const struct cp_plan_cohort *c, const struct cp_plan_member *m);

/* Do minutes attended out of live_minutes reach plan->attendance_target?
 * True when minutes >= cp_plan_minutes_needed(target, live_minutes) and
 * live_minutes > 0. The rule itself; cp_plan_member_reaches() applies it
 * to what a member can attend, cp_progress (progress.h) to what a member
 * attended so far plus what they still can. */
bool cp_plan_minutes_reach(const struct cp_plan *plan, int minutes, int live_minutes);

/* Does member m of cohort c reach plan->attendance_target? True when its
 * minutes are at least cp_plan_minutes_needed(target, live minutes) and
 * the cohort has lessons (cp_plan_minutes_reach). */
bool cp_plan_member_reaches(const struct cp_plan *plan, const struct cp_plan_cohort *c,
			    const struct cp_plan_member *m);

/* Does teacher id have a feed in this plan: the teacher of a cohort
 * (dissolved ones too), or the substitute of a lesson or cancelled lesson? */
bool cp_plan_teaches(const struct cp_plan *plan, const char *id);
/* Teachers who are substitutes only (teacher of no cohort), each once, in
 * plan order: start with *cursor = 0 and call until NULL. For writers that
 * make one feed per teacher. */
const char *cp_plan_next_substitute_only(const struct cp_plan *plan, size_t *cursor);

/* cp_plan_advise, then the advice's numbers n[0..3] (their meaning by kind,
 * see enum cp_advice_kind); NULL when out of memory. */
struct cp_plan_advice *cp_plan_advise_n(struct cp_plan *plan, enum cp_advice_kind kind,
					int would_place, long n0, long n1, long n2, long n3);

#endif /* COHORTPLAN_PLAN_H */
