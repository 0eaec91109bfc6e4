/*
 * cohortplan planning problem: the course, its participants and teachers,
 * and the planners' policy, as plain data.
 *
 * The model knows no file format. Readers (api/formats/problem_json.h) build
 * it through the cp_problem_add_* functions, then call cp_problem_check(),
 * which enforces the cross-field rules (end after start, ids unique, partner
 * links resolve, windows inside the course, ...) and builds the id index.
 * Engine code reads it through the const getters.
 *
 * Times: weekly windows and daily limits are minutes from local midnight in
 * the person's own zone (0..1440; 1440 is 24:00 and only ends a window).
 * Dates are day numbers (days since 1970-01-01, see cp_days_from_civil) of
 * the local calendar date; ranges of dates are inclusive. Busy intervals of
 * rosters are UTC instants, half-open [start, end).
 * A value the reader could not parse is left "unset" (CP_DAY_UNSET,
 * CP_MIN_UNSET, NULL): cp_problem_check() skips rules about unset values so
 * one typo gives one error, not a cascade.
 *
 * Personal data: ids are pseudonymous by design. A display name is optional
 * and is personal data: it stays in the model only for the planner's own
 * screens, and writers leave it out unless explicitly asked.
 *
 * Ownership: cp_problem_create() returns a problem the caller destroys with
 * cp_problem_destroy() (NULL is a no-op). The problem owns every struct and
 * string reachable from it (an arena freed in one go, plus the rosters'
 * interval sets); pointers returned by
 * getters and cp_problem_add_* are valid until cp_problem_destroy(). Zones
 * (struct cp_tz) are borrowed from the cp_tzdb passed to cp_problem_create(),
 * which must outlive the problem.
 *
 * Out of memory: cp_problem_add_* and cp_problem_alloc return NULL, and
 * cp_problem_nomem() tells the reader to give up with CP_PROBLEM_ERR_NOMEM.
 */
#ifndef COHORTPLAN_PROBLEM_H
#define COHORTPLAN_PROBLEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cohortplan/diag.h>
#include <cohortplan/interval.h>
#include <cohortplan/tz.h>

typedef int64_t cp_day;               /* days since 1970-01-01 */
#define CP_DAY_UNSET INT64_MIN
#define CP_MIN_UNSET (-1)             /* minutes-of-day or durations not set */
#define CP_MINUTES_PER_DAY 1440
#define CP_COURSE_ZONE_DEFAULT "Europe/Brussels" /* the agency's zone */

/* ---- enumerations ----------------------------------------------------- */

enum cp_profile {
	CP_PROFILE_LABOUR_MIGRANT = 0, /* has a job (offer) in Belgium */
	CP_PROFILE_PARTNER,            /* partner of a labour migrant */
	CP_PROFILE_FAMILY_MIGRANT,     /* family reunification */
	CP_PROFILE_COUNT,
	CP_PROFILE_UNSET = -1,
};

/* "labour_migrant", "partner", "family_migrant" (the JSON spelling). */
const char *cp_profile_name(enum cp_profile p);
/* Parse a profile name; false (and *out untouched) if unknown. */
bool cp_profile_from_name(const char *s, enum cp_profile *out);

enum cp_partner_pref {
	CP_PARTNER_DONT_CARE = 0,
	CP_PARTNER_SAME,      /* the two want the same cohort */
	CP_PARTNER_DIFFERENT, /* the two explicitly want different cohorts */
};
/* "dont_care", "same", "different". */
const char *cp_partner_pref_name(enum cp_partner_pref p);
bool cp_partner_pref_from_name(const char *s, enum cp_partner_pref *out);

/* Who a holiday calendar or an added date applies to. */
enum cp_applies {
	CP_APPLIES_ALL = 0,
	CP_APPLIES_TEACHERS,
	CP_APPLIES_PARTICIPANTS,
};
/* "all", "teachers", "participants". */
const char *cp_applies_name(enum cp_applies a);
bool cp_applies_from_name(const char *s, enum cp_applies *out);

/* Day-of-week bits for weekly windows: bit d is weekday d, 0 = Sunday as in
 * cp_weekday_from_days(). */
#define CP_DAYBIT(wd) (1u << (wd))
#define CP_DAYS_ALL 0x7fu
/* "sun" .. "sat" for 0..6. */
const char *cp_weekday_name(int wd);
/* Accepts "mon".."sun" and "monday".."sunday" (lower case); -1 if neither. */
int cp_weekday_from_name(const char *s);

/* ---- building blocks -------------------------------------------------- */

/* A weekly recurring window, local wall time: on each day in days, from
 * start to end minutes after local midnight (start < end <= 1440). */
struct cp_weekly_window {
	unsigned days;  /* CP_DAYBIT set */
	int start, end; /* minutes */
};

/* A dated exception to the weekly windows: on each date from..to
 * (inclusive), between start and end local time (0..1440 for the whole
 * day), the person is (available=true) or is not available. */
struct cp_exception {
	cp_day from, to;
	int start, end;
	bool available;
};

/* An inclusive range of dates (leave, holidays added by the planner). */
struct cp_date_range {
	cp_day from, to;
};

/* One shift of an inline roster, in the person's local wall time. */
struct cp_shift {
	struct cp_civil start, end;
	/* Minutes kept free before / after this shift, or CP_MIN_UNSET for
	 * the roster's margins. */
	int margin_before, margin_after;
};

/* Busy time whose margins are not the roster's: the shifts with margins
 * of their own (inline) or of a kind (ics), one set per pair of margins. */
struct cp_margin_group {
	int before, after;           /* minutes; CP_MIN_UNSET: the roster's */
	struct cp_interval_set busy; /* UTC, normalized */
};

/* Margins for the events of an .ics roster whose SUMMARY is `summary`
 * (compared without case and surrounding blanks), e.g. "Night". */
struct cp_shift_kind {
	const char *summary;
	int margin_before, margin_after; /* minutes, CP_MIN_UNSET: the roster's */
};

enum cp_roster_kind {
	CP_ROSTER_NONE = 0,
	CP_ROSTER_INLINE, /* shifts listed in the problem */
	CP_ROSTER_ICS,    /* an iCalendar file next to the problem */
};

struct cp_roster {
	enum cp_roster_kind kind;
	const char *ics;             /* ICS: the path as written, relative to
	                              * the problem file's folder */
	size_t n_shifts;             /* INLINE: the shifts as written */
	const struct cp_shift *shifts;
	/* Busy time, UTC, normalized; filled from the inline shifts by
	 * cp_problem_check() or from the file by the reader that loads it
	 * (cp_problem_set_busy). Owned by the problem. */
	struct cp_interval_set busy;
	/* Minutes kept free before / after each shift (commute, sleep), or
	 * CP_MIN_UNSET for the caller's default (cp_attend_options). */
	int margin_before, margin_after;
	/* ICS: margins per kind of shift, as written. */
	size_t n_kinds;
	const struct cp_shift_kind *kinds;
	/* Busy time with margins of its own (not in busy): inline shifts with
	 * margins, filled by cp_problem_check(), and .ics events of a kind,
	 * by the reader that loads the file (cp_problem_add_margin_busy).
	 * Owned by the problem. */
	size_t n_groups;
	struct cp_margin_group *groups;
};

/* Availability for a dated period: on the local dates from..to
 * (inclusive), these weekly windows replace the person's usual ones
 * (Ramadan evenings, a summer timetable). At least one window; periods of
 * one person do not overlap. Dated exceptions still apply on top. */
struct cp_period {
	cp_day from, to;
	size_t n_availability;
	const struct cp_weekly_window *availability;
};

/* One entry of a calendar defined in the problem: the dates from..to
 * (inclusive) are holidays. */
struct cp_calendar_date {
	cp_day from, to;
	const char *name;            /* NULL if not given */
};

/* A holiday calendar defined in the problem itself (top-level
 * "calendars"). Its id is used like a shipped calendar's, and hides a
 * shipped calendar with the same id. */
struct cp_calendar_def {
	const char *id;
	const char *name;            /* NULL if not given */
	size_t n_dates;
	const struct cp_calendar_date *dates;
};

/* ---- people ----------------------------------------------------------- */

struct cp_participant {
	const char *id;              /* pseudonymous, unique among participants */
	const char *display_name;    /* personal data; NULL when absent */
	const char *zone;            /* IANA name as written */
	const struct cp_tz *tz;      /* resolved zone; NULL if unknown */
	const char *country;         /* ISO 3166-1 alpha-2, given or derived
	                              * from the zone; NULL if neither */
	enum cp_profile profile;
	size_t n_languages;
	const char *const *languages; /* language tags, e.g. "ar", "fr" */
	size_t n_availability;
	const struct cp_weekly_window *availability;
	size_t n_exceptions;
	const struct cp_exception *exceptions;
	struct cp_roster roster;
	cp_day departure;            /* CP_DAY_UNSET when not known */
	const char *partner;         /* id of the partner, or NULL */
	enum cp_partner_pref partner_pref;
	/* Own holiday calendars (ids, shipped or defined in the problem):
	 * participant-side holidays for this person only. */
	size_t n_holidays;
	const char *const *holidays;
	/* Dated periods whose windows replace the usual ones. */
	size_t n_periods;
	const struct cp_period *periods;
	/* The local date (in the course's zone) the participant arrives in
	 * Belgium, for the follow-up call (appoint.h); CP_DAY_UNSET when not
	 * known. */
	cp_day arrival;
	/* Pinned to a cohort of the plan a re-plan starts from (its id), or
	 * NULL: in that re-plan the person may only join the continuation of
	 * that cohort (same timetable, same teacher); see docs/input.md. */
	const char *pin;
};

/* A case manager, who holds the one-to-one intake and follow-up calls
 * (include/cohortplan/appoint.h, docs/appointments.md). */
struct cp_case_manager {
	const char *id;
	const char *zone;
	const struct cp_tz *tz;
	size_t n_availability;       /* weekly windows, the manager's local time */
	const struct cp_weekly_window *availability;
	int max_per_day;             /* calls per local day; default 6 */
	size_t n_leave;              /* dates without calls */
	const struct cp_date_range *leave;
};

/* How calls are booked (top-level "appointments"). */
struct cp_appoint_rules {
	int intake_minutes;          /* length of an intake call; 0: none */
	cp_day intake_from;          /* first date for intake calls (participant's
	                              * local date); unset: course start - 28 */
	int followup_minutes;        /* length of a follow-up call; 0: none */
	int followup_days;           /* within this many days from arrival */
	int grid;                    /* start times every this many minutes */
};

struct cp_teacher {
	const char *id;
	const char *display_name;    /* personal data; NULL when absent */
	const char *zone;
	const struct cp_tz *tz;
	const char *country;
	size_t n_languages;
	const char *const *languages;
	size_t n_availability;
	const struct cp_weekly_window *availability;
	int max_day;                 /* max teaching minutes per day */
	int max_week;                /* max teaching minutes per week (Mon-Sun) */
	int min_rest;                /* min minutes of rest between working days */
	int earliest, latest;        /* local minutes: no teaching outside */
	size_t n_leave;
	const struct cp_date_range *leave;
	/* Own holiday calendars: days this teacher does not teach (local
	 * dates), without making them holidays for anyone else. */
	size_t n_holidays;
	const char *const *holidays;
	/* Dated periods whose windows replace the usual ones. */
	size_t n_periods;
	const struct cp_period *periods;
};

/* ---- course ----------------------------------------------------------- */

struct cp_theme {
	const char *id;                   /* e.g. "work" */
	const char *name;                 /* e.g. "Work"; NULL if not given */
	int live;                         /* live minutes planned, or CP_MIN_UNSET */
	int priority[CP_PROFILE_COUNT];   /* 1 = most relevant; 0 = not given */
};

struct cp_module {
	const char *id;
	const char *theme;                /* id of a theme, or NULL */
	int minutes;                      /* expected self-paced study time */
	int priority[CP_PROFILE_COUNT];   /* 0 = inherit the theme's */
};

struct cp_quiz {
	bool present;
	int minutes;                      /* its duration */
	double pass_mark;                 /* share of points, default 0.50 */
	bool live;                        /* taken in a live session */
};

struct cp_course {
	const char *id;
	const char *title;                /* NULL if not given */
	const char *language;             /* course language tag, e.g. "ar" */
	int lesson_minutes;               /* total lesson time (48 h = 2880) */
	double sync_share;                /* default 0.60 */
	int live_minutes;                 /* lesson_minutes * sync_share, rounded */
	int self_paced_minutes;           /* the rest */
	int session_minutes;              /* length of one live session */
	int sessions_min, sessions_max;   /* live sessions per week */
	cp_day start, end;                /* live course window, inclusive */
	size_t n_themes;
	const struct cp_theme *themes;
	size_t n_modules;
	const struct cp_module *modules;
	struct cp_quiz quiz;
	/* The reference zone of the window (the agency's): every lesson starts
	 * and ends inside [start 00:00, end + 1 00:00) of this zone, judged in
	 * absolute time. Default "Europe/Brussels", resolved by
	 * cp_problem_check(); tz stays NULL without a zone database, and the
	 * engine then reads the window in UTC. */
	const char *zone;
	const struct cp_tz *tz;
};

/* ---- policy ----------------------------------------------------------- */

struct cp_holiday_use {
	const char *calendar;             /* calendar id, e.g. "BE", "MA" */
	enum cp_applies applies_to;
	size_t n_countries;               /* participants: only those in these */
	const char *const *countries;     /* countries (none = every participant) */
};

struct cp_extra_holiday {
	cp_day date;
	const char *name;                 /* NULL if not given */
	enum cp_applies applies_to;
	size_t n_countries;
	const char *const *countries;
};

/* During Ramadan, in participants of this country, no live lesson may
 * overlap start..end local time (the fast-breaking meal). */
struct cp_ramadan_rule {
	const char *country;
	int start, end;
};

struct cp_policy {
	int earliest, latest;             /* participants' local minutes */
	int cohort_min, cohort_max;
	double attendance_target;         /* default 0.80 */
	bool group_by_profile;
	size_t n_holidays;
	const struct cp_holiday_use *holidays;
	size_t n_extra;
	const struct cp_extra_holiday *extra;
	size_t n_ramadan;
	const struct cp_ramadan_rule *ramadan;
	/* Members below the attendance target ("below_target"): when admitted,
	 * a participant may join a cohort where they can attend at least
	 * below_floor of the live lessons but less than the target; they
	 * fill seats after everyone reaching the target (docs/input.md). */
	bool below_admit;                 /* default true */
	double below_floor;               /* default 0.5; in (0, 1] */
	/* Timetable shapes the candidates may take (docs/engine.md):
	 * weekdays (anchor-local) lessons may fall on, default all; whether
	 * sessions may fall on consecutive days, default true; the start-time
	 * grid in minutes (15, 30 or 60), default 30. */
	unsigned weekdays;
	bool adjacent_days;
	int start_grid;
	/* Staggered starts: a cohort's first lesson falls on a date (course
	 * zone) in start_from..start_to, default the whole window
	 * (CP_DAY_UNSET); start offsets are every start_every weeks from
	 * start_from, or, with 0 (the default, "auto"), back to back (every
	 * ceil(N / k) weeks for k sessions a week) plus the last that fits. */
	cp_day start_from, start_to;
	int start_every;
	/* Week-by-week timetables (docs/engine.md): at most this many
	 * distinct weekly weekday sets in one such pattern; 0 ("none") turns
	 * the family off; -1 (the default, "auto") is 3 shapes for problems
	 * with at most 300 rostered situations, none for larger ones. */
	int by_week_shapes;
	/* Make-up lessons (docs/attendance.md): whether the minutes a member
	 * attends of a lesson of the same theme in another cohort count
	 * towards their attendance target in place of the lesson they
	 * missed. Default false: the agency's KPI counts the own cohort's
	 * lessons only unless it decides otherwise. */
	bool makeup_counts;
};

/* ---- the problem ------------------------------------------------------ */

/* Documented size limits; readers reject inputs beyond them. */
#define CP_PROBLEM_MAX_PARTICIPANTS 200000
#define CP_PROBLEM_MAX_TEACHERS 10000
#define CP_PROBLEM_MAX_ID 64              /* bytes of an id */
#define CP_PROBLEM_MAX_TEXT 200           /* bytes of a name or title */
#define CP_PROBLEM_MAX_LIST 64            /* languages, windows, themes, ... */
#define CP_PROBLEM_MAX_EXCEPTIONS 1000    /* per person */
#define CP_PROBLEM_MAX_SHIFTS 5000        /* inline shifts per person */
#define CP_PROBLEM_MAX_BUSY 20000         /* busy intervals per roster */
#define CP_PROBLEM_MAX_LESSON_HOURS 1000
#define CP_PROBLEM_MAX_COURSE_DAYS 731    /* two years */
#define CP_PROBLEM_MAX_CALENDARS 64       /* calendars defined in the problem */
#define CP_PROBLEM_MAX_CALENDAR_DATES 1000 /* entries of one such calendar */

enum cp_problem_status {
	CP_PROBLEM_OK = 0,
	CP_PROBLEM_ERR_INVALID, /* the diag list holds the errors */
	CP_PROBLEM_ERR_NOMEM,
	CP_PROBLEM_ERR_IO,      /* a file could not be read */
};
const char *cp_problem_strerror(enum cp_problem_status s);

struct cp_problem;

/* An empty problem whose zones come from db (borrowed; may be NULL for a
 * problem that names no zones). NULL when out of memory. */
struct cp_problem *cp_problem_create(struct cp_tzdb *db);
void cp_problem_destroy(struct cp_problem *p);

struct cp_tzdb *cp_problem_tzdb(const struct cp_problem *p);

/* Arena allocation owned by the problem: zeroed, aligned for any type,
 * NULL when out of memory or when n * size overflows. */
void *cp_problem_alloc(struct cp_problem *p, size_t n, size_t size);
/* A copy of s (or of its first len bytes) owned by the problem. */
char *cp_problem_strdup(struct cp_problem *p, const char *s);
char *cp_problem_strndup(struct cp_problem *p, const char *s, size_t len);
bool cp_problem_nomem(const struct cp_problem *p);

/* Builders: the returned struct is zeroed except that dates and minute
 * fields start unset and defaults are applied (see docs/input.md). */
struct cp_course *cp_problem_course_mut(struct cp_problem *p);
struct cp_policy *cp_problem_policy_mut(struct cp_problem *p);
/* Reserve room for n participants / teachers before adding (optional). */
bool cp_problem_reserve(struct cp_problem *p, size_t participants, size_t teachers);
struct cp_participant *cp_problem_add_participant(struct cp_problem *p);
struct cp_teacher *cp_problem_add_teacher(struct cp_problem *p);
/* Defaults for structs a reader fills in itself. */
void cp_theme_init(struct cp_theme *t);
void cp_module_init(struct cp_module *m);

/* Replace the busy time of participant i's roster with a copy of busy,
 * normalized. False when out of memory (the roster keeps what it had). */
bool cp_problem_set_busy(struct cp_problem *p, size_t i,
			 const struct cp_interval_set *busy);
/* Add busy to participant i's busy time kept with margins before / after
 * (minutes, CP_MIN_UNSET: the roster's), normalized. False when out of
 * memory (the roster may then hold part of it). */
bool cp_problem_add_margin_busy(struct cp_problem *p, size_t i, int before, int after,
				const struct cp_interval_set *busy);

/*
 * Check the cross-field rules, add an entry to diag for each violation
 * (errors and warnings, paths as in the JSON format), derive computed
 * fields (live/self-paced minutes, countries from zones, busy time of
 * inline rosters) and build the id index. Returns CP_PROBLEM_OK when no
 * error was found (warnings allowed), CP_PROBLEM_ERR_INVALID or
 * CP_PROBLEM_ERR_NOMEM. Call once, after the reader is done.
 */
enum cp_problem_status cp_problem_check(struct cp_problem *p, struct cp_diag *diag);

/* Getters (borrowed, valid until cp_problem_destroy). */
const struct cp_course *cp_problem_course(const struct cp_problem *p);
const struct cp_policy *cp_problem_policy(const struct cp_problem *p);
size_t cp_problem_participant_count(const struct cp_problem *p);
const struct cp_participant *cp_problem_participant(const struct cp_problem *p, size_t i);
size_t cp_problem_teacher_count(const struct cp_problem *p);
const struct cp_teacher *cp_problem_teacher(const struct cp_problem *p, size_t i);

/* Index of the participant / teacher with this id, or -1. Needs
 * cp_problem_check() to have run; O(log n). */
long cp_problem_find_participant(const struct cp_problem *p, const char *id);
long cp_problem_find_teacher(const struct cp_problem *p, const char *id);

/* Case managers (top-level "case_managers"): the reader hands over an arena
 * array of n. */
void cp_problem_set_case_managers(struct cp_problem *p, const struct cp_case_manager *m,
				  size_t n);
size_t cp_problem_case_manager_count(const struct cp_problem *p);
const struct cp_case_manager *cp_problem_case_manager(const struct cp_problem *p, size_t i);
/* The booking rules (defaults: intake 45 minutes, follow-up 30 minutes
 * within 14 days of arrival, a 15-minute grid). */
const struct cp_appoint_rules *cp_problem_appoint_rules(const struct cp_problem *p);
struct cp_appoint_rules *cp_problem_appoint_rules_mut(struct cp_problem *p);

/* Calendars defined in the problem (top-level "calendars"). The reader
 * hands over an arena array (cp_problem_alloc) of n definitions. */
void cp_problem_set_calendars(struct cp_problem *p, const struct cp_calendar_def *defs,
			      size_t n);
size_t cp_problem_calendar_count(const struct cp_problem *p);
const struct cp_calendar_def *cp_problem_calendar(const struct cp_problem *p, size_t i);
/* The calendar defined in the problem with this id, or NULL. */
const struct cp_calendar_def *cp_problem_find_calendar(const struct cp_problem *p,
						       const char *id);

/*
 * The holiday calendar ids the problem names but does not define itself,
 * i.e. those to load from the shipped calendars: /policy/holidays first,
 * then participants' and teachers' own "holidays", each id once in order
 * of first use. Writes at most cap ids to ids (borrowed strings) and, when
 * where is not NULL, the JSON path of each id's first use to where[k]
 * (e.g. "/teachers/1/holidays/0"). Returns the number written, or cap + 1
 * when there are more distinct ids than cap (CP_PROBLEM_MAX_CALENDARS is
 * the documented limit).
 */
#define CP_PROBLEM_PATH_LEN 64
size_t cp_problem_shipped_calendars(const struct cp_problem *p, const char **ids,
				    char (*where)[CP_PROBLEM_PATH_LEN], size_t cap);

/* The weekly windows that apply on local date d for someone with these
 * usual windows and periods: the period's holding d, else the usual ones. */
const struct cp_weekly_window *cp_period_windows(const struct cp_weekly_window *usual,
						 size_t n_usual,
						 const struct cp_period *periods, size_t n_periods,
						 cp_day d, size_t *n_out);

/* The ISO 3166-1 country of a zone that cohortplan knows from its domain
 * (e.g. "Africa/Casablanca" -> "MA"), or NULL. Static string. */
const char *cp_country_of_zone(const char *zone);

#endif /* COHORTPLAN_PROBLEM_H */
