/*
 * The workspace's edits of a stored problem (docs/workspace.md): the course
 * form, one person's own availability, the list of people, pins, and the
 * summary of a solve job's state; and what the pin form shows of a plan
 * (its cohorts and who is in which). The workspace keeps one problem per course, in
 * the format of docs/input.md; these functions read and rewrite its JSON
 * text and leave every field they do not own as it was.
 *
 * They check form only (lengths, characters). Whether the result is a valid
 * problem is the problem reader's call (problem_json.h), run by the caller
 * on the text these return, so the workspace applies exactly the rules of
 * `cohortplan validate`.
 *
 * Ownership: functions returning char * give malloc'd text (free());
 * structs are plain data filled by the caller or by a _read function.
 * NULL or false means out of memory or a text that is not a problem object.
 * Nothing is printed.
 */
#ifndef CP_WORKSPACE_JSON_H
#define CP_WORKSPACE_JSON_H

#include <stdbool.h>
#include <stddef.h>

/* ---- the course form ------------------------------------------------------ */

struct cp_ws_course {
	char id[65], title[201], language[17], zone[65];
	char start[11], end[11];           /* YYYY-MM-DD */
	double lesson_hours, share;        /* share 0: leave the default */
	int session_minutes;
	int spw_min, spw_max;              /* sessions per week; 0: default */
	char earliest[6], latest[6];       /* policy, HH:MM; "": default */
	int cohort_min, cohort_max;        /* 0: default */
	double target;                     /* attendance target; 0: default */
};

/* Fill c from a stored problem (fields it lacks stay zero/empty). */
bool cp_ws_course_read(const char *problem, size_t len, struct cp_ws_course *c);

/* The problem text with c applied to /course and /policy; problem may be
 * NULL for a new course (then people arrays are empty). */
char *cp_ws_course_apply(const char *problem, size_t len, const struct cp_ws_course *c);

/* ---- people ----------------------------------------------------------------- */

struct cp_ws_person {
	char kind[12];                     /* "participant" or "teacher" */
	char id[65];
	char zone[65];
	char lang[4];                      /* first supported language or "" */
};

/* Every participant then every teacher (*v malloc'd, free()). */
bool cp_ws_people(const char *problem, size_t len, struct cp_ws_person **v, size_t *n);

/* ---- one person's availability ------------------------------------------------ */

#define CP_WS_SLOTS 2        /* windows per weekday on the form */
#define CP_WS_ROWS 24        /* dated rows (exceptions or leave, periods) */

struct cp_ws_range {
	char from[11], to[11];
};

struct cp_ws_period {
	char from[11], to[11];
	char start[6], end[6];             /* every day of the period */
};

struct cp_ws_shift {
	char start[17], end[17];           /* local YYYY-MM-DDTHH:MM */
};

struct cp_ws_avail {
	char zone[65];                     /* read only */
	int index;                         /* /participants/N or /teachers/N */
	/* Weekly windows: [weekday 0 = Monday][slot][0 start, 1 end], HH:MM
	 * or "" for none. */
	char week[7][CP_WS_SLOTS][2][6];
	/* Whole days away: exceptions (participants) or leave (teachers). */
	struct cp_ws_range off[CP_WS_ROWS];
	size_t n_off;
	struct cp_ws_period periods[CP_WS_ROWS];
	size_t n_periods;
	size_t roster_shifts;              /* read: inline shifts stored */
	bool roster_file;                  /* read: a roster file is named */
	/* Apply: replace the roster by these shifts (n may be 0 to remove
	 * it), or keep it when replace_roster is false. Borrowed. */
	bool replace_roster;
	const struct cp_ws_shift *shifts;
	size_t n_shifts;
};

/* Fill a from the person (kind "participant" or "teacher") with this id;
 * false when there is none. Windows that do not fit the form (more than
 * CP_WS_SLOTS a day) are left out of it. */
bool cp_ws_avail_read(const char *problem, size_t len, const char *kind, const char *id,
		      struct cp_ws_avail *a);

/* The problem text with the person's availability, exceptions or leave,
 * periods and (when a->replace_roster) roster replaced by a's; everything
 * else about them and everyone else unchanged. NULL when out of memory or
 * the person is not there. */
char *cp_ws_avail_apply(const char *problem, size_t len, const char *kind, const char *id,
			const struct cp_ws_avail *a);

/* ---- variants -------------------------------------------------------------- */

/* A copy of the problem as course new_id for a what-if comparison: start
 * and end replaced when not empty, teacher drop_teacher left out when not
 * empty, participants' pins left out (they name cohorts of this course's
 * published plan). NULL when out of memory or not a problem. */
char *cp_ws_variant(const char *problem, size_t len, const char *new_id, const char *start,
		    const char *end, const char *drop_teacher);

/* ---- pins -------------------------------------------------------------------- */

/* A participant's `pin` (docs/input.md): the id of a cohort of the plan a
 * re-plan starts from (in the workspace, the published plan). */
struct cp_ws_pin {
	char participant[65], cohort[65];
};

/* Every participant with a pin, in the problem's order (*v malloc'd,
 * free(); *n may be 0). */
bool cp_ws_pins(const char *problem, size_t len, struct cp_ws_pin **v, size_t *n);

/* The problem text with participant's pin set to cohort, or removed when
 * cohort is NULL or "". *index is the participant's position in
 * /participants, -1 when there is none (then NULL is returned); NULL with
 * *index >= 0 means out of memory. Whether cohort is in the plan is the
 * caller's check (cp_ws_plan_cohorts). */
char *cp_ws_pin_apply(const char *problem, size_t len, const char *participant,
		      const char *cohort, int *index);

/* ---- a plan's cohorts, for the pin form -------------------------------------- */

#define CP_WS_SLOTS_MAX 7

/* A cohort of a plan (docs/plan.md) that still runs (dissolved cohorts
 * are left out): its weekly pattern in its anchor zone's wall time. */
struct cp_ws_cohort {
	char id[65], teacher[65], anchor_zone[65];
	int session_minutes;
	size_t n_slots;
	int wday[CP_WS_SLOTS_MAX];         /* 0 = Sunday .. 6 = Saturday */
	char start[CP_WS_SLOTS_MAX][6];    /* HH:MM */
	size_t members;
};

/* Who is in which cohort of a plan. */
struct cp_ws_placement {
	char participant[65], cohort[65];
};

/* The plan's running cohorts in its order (*v malloc'd, free()); false
 * when out of memory or the text is not a plan object. */
bool cp_ws_plan_cohorts(const char *plan, size_t len, struct cp_ws_cohort **v, size_t *n);

/* Every member of a running cohort with the cohort's id (*v malloc'd,
 * free()); false when out of memory or not a plan object. */
bool cp_ws_plan_placements(const char *plan, size_t len, struct cp_ws_placement **v,
			   size_t *n);

/* ---- jobs ------------------------------------------------------------------- */

struct cp_ws_job {
	char state[16], phase[32];
	double elapsed, gap;               /* gap < 0: unknown */
	long long plan_id;                 /* 0: none yet */
};

/* Read a job description (the /v1/jobs/{job} JSON). */
bool cp_ws_job_read(const char *json, struct cp_ws_job *j);

#endif
