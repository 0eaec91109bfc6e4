/*
 * iCalendar feeds of a plan (see feeds.h and docs/feeds.md). Only api/ical/
 * includes libical.
 *
 * Every component is built with libical and serialised by
 * icalcomponent_as_ical_string_r(), which writes CRLF line ends, escapes
 * TEXT values and folds lines at 75 octets on UTF-8 character boundaries.
 * What libical is not trusted with: time zones. VTIMEZONEs are generated
 * here from the pinned tzdata (cp_tz_transitions) and every date-time is
 * written as the wall time cp_tz_to_local computed, with a TZID parameter
 * added by hand, so libical never converts a time.
 */
#include "feeds.h"
#include "common/array.h"
#include "cp-config.h"
#include "ical_tz.h"
#include "ical_time.h"
#include "common/strbuf.h"
#include "locale/messages.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#define DAY 86400
/* The VTIMEZONEs start this long before the plan's first instant (ical.js
 * applies UTC+0 before a VTIMEZONE's first onset) and end this long after
 * its last. */
#define HORIZON_MARGIN (7 * DAY)
#define MAX_LANGS 4

struct zone_entry {
	const struct cp_tz *tz;
	icalcomponent *vtz; /* NULL until first needed */
};

struct lang_entry {
	char code[32];
	struct cp_msg *msg;
};

struct cp_feed_writer {
	const struct cp_plan *plan;
	struct cp_tzdb *db;
	struct cp_feed_options o;
	cp_instant from, to;         /* VTIMEZONE horizon */
	struct zone_entry *zones;
	size_t n_zones, cap_zones;
	struct lang_entry langs[MAX_LANGS];
	size_t n_langs;
	/* Participants sorted by id: a plan holds tens of thousands, and a
	 * linear lookup per feed would make an export quadratic. */
	struct who *who;
	size_t n_who;
	struct cp_feed_stats stats;
};

struct who {
	const char *id;
	const struct cp_plan_cohort *c;
	const struct cp_plan_member *m;
};

static int
who_cmp(const void *a, const void *b)
{
	return strcmp(((const struct who *)a)->id, ((const struct who *)b)->id);
}

/* ---- errors, strings -------------------------------------------------- */

/* Replace {course}, {cohort} and {lesson} in the link template. */
static char *
expand_link(const char *tmpl, const char *course, const char *cohort, int lesson)
{
	struct cp_strbuf b = { 0 };
	char num[16];

	snprintf(num, sizeof(num), "%d", lesson);
	for (const char *p = tmpl; *p;) {
		if (strncmp(p, "{course}", 8) == 0) {
			cp_strbuf_add(&b, course);
			p += 8;
		} else if (strncmp(p, "{cohort}", 8) == 0) {
			cp_strbuf_add(&b, cohort);
			p += 8;
		} else if (strncmp(p, "{lesson}", 8) == 0) {
			cp_strbuf_add(&b, num);
			p += 8;
		} else {
			cp_strbuf_addn(&b, p, 1);
			p++;
		}
	}
	if (b.nomem || !b.s) {
		free(b.s);
		return b.nomem ? NULL : strdup("");
	}
	return b.s;
}

/* ---- options, writer -------------------------------------------------- */

void
cp_feed_options_init(struct cp_feed_options *o)
{
	memset(o, 0, sizeof(*o));
	o->deadline_events = true;
	o->member_ids = true;
	o->refresh_minutes = 720;
	/* Every writer (solve, export, serve) says the same PRODID. */
	o->version = CP_VERSION;
}

static struct zone_entry *
zone_entry(struct cp_feed_writer *w, const char *name, struct cp_error *err)
{
	struct cp_tz_error te;
	memset(&te, 0, sizeof(te));
	const struct cp_tz *tz = name ? cp_tzdb_zone(w->db, name, &te) : NULL;
	if (!tz) {
		/* The plan names a zone the tzdb cannot give: the plan is the
		 * problem, unless the tzdb ran out of memory. */
		cp_error_set(err, te.status == CP_TZ_ERR_NOMEM ? CP_ERR_NOMEM : CP_ERR_INVALID,
			     "time zone \"%s\": %s", name ? name : "(none)",
			     te.message[0] ? te.message : cp_tz_strerror(te.status));
		return NULL;
	}
	for (size_t i = 0; i < w->n_zones; i++)
		if (w->zones[i].tz == tz)
			return &w->zones[i];
	struct zone_entry *nz = cp_array_grow(w->zones, w->n_zones, &w->cap_zones, sizeof(*nz),
					      16);
	if (!nz) {
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
		return NULL;
	}
	w->zones = nz;
	w->zones[w->n_zones] = (struct zone_entry){ tz, NULL };
	return &w->zones[w->n_zones++];
}

static struct cp_msg *
lang_entry(struct cp_feed_writer *w, const char *code, struct cp_error *err)
{
	for (size_t i = 0; i < w->n_langs; i++)
		if (strcmp(w->langs[i].code, code) == 0)
			return w->langs[i].msg;
	if (w->n_langs == MAX_LANGS || strlen(code) >= sizeof(w->langs[0].code)) {
		cp_error_set(err, CP_ERR_UNSUPPORTED, "too many languages in one export");
		return NULL;
	}
	struct cp_error me;
	memset(&me, 0, sizeof(me));
	struct cp_msg *m = cp_msg_create(code, &me);
	if (!m) {
		if (err)
			*err = me;
		return NULL;
	}
	snprintf(w->langs[w->n_langs].code, sizeof(w->langs[0].code), "%s", code);
	w->langs[w->n_langs++].msg = m;
	return m;
}

/* The language of a participant or cohort feed, and of a teacher feed. */
static const char *
owner_lang(const struct cp_feed_writer *w, const struct cp_plan_cohort *c)
{
	if (w->o.lang)
		return w->o.lang;
	if (c && c->language && cp_msg_supported(c->language))
		return c->language;
	if (w->plan->language && cp_msg_supported(w->plan->language))
		return w->plan->language;
	return "en";
}

static const char *
teacher_lang(const struct cp_feed_writer *w)
{
	return w->o.teacher_lang ? w->o.teacher_lang : w->o.lang ? w->o.lang : "en";
}

static void
widen(cp_instant *lo, cp_instant *hi, cp_instant t)
{
	if (t < *lo)
		*lo = t;
	if (t > *hi)
		*hi = t;
}

/* The caller's options, or the defaults; a refresh of at least a minute. */
static void
set_options(struct cp_feed_writer *w, const struct cp_feed_options *opts)
{
	if (opts)
		w->o = *opts;
	else
		cp_feed_options_init(&w->o);
	if (w->o.refresh_minutes <= 0)
		w->o.refresh_minutes = 720;
}

struct cp_feed_writer *
cp_feed_writer_create(const struct cp_plan *plan, struct cp_tzdb *db,
		      const struct cp_feed_options *opts, struct cp_error *err)
{
	struct cp_feed_writer *w = calloc(1, sizeof(*w));
	if (!w) {
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
		return NULL;
	}
	w->plan = plan;
	w->db = db;
	set_options(w, opts);

	/* One horizon for the whole plan: every feed's VTIMEZONE for a zone
	 * is then the same text, and covers every instant any feed holds. */
	cp_instant lo = INT64_MAX, hi = INT64_MIN;
	for (size_t i = 0; i < plan->n_cohorts; i++) {
		const struct cp_plan_cohort *c = &plan->cohorts[i];
		for (size_t j = 0; j < c->n_lessons; j++) {
			widen(&lo, &hi, c->lessons[j].start);
			widen(&lo, &hi, c->lessons[j].end);
		}
		for (size_t j = 0; j < c->n_cancelled; j++) {
			widen(&lo, &hi, c->cancelled[j].start);
			widen(&lo, &hi, c->cancelled[j].end);
		}
		if (c->quiz.present) {
			widen(&lo, &hi, c->quiz.start);
			if (c->quiz.end)
				widen(&lo, &hi, c->quiz.end);
		}
		for (size_t j = 0; j < c->n_members; j++) {
			if (c->members[j].quiz_due)
				widen(&lo, &hi, c->members[j].quiz_due);
		}
		for (size_t j = 0; j < c->n_members; j++)
			for (size_t k = 0; k < c->members[j].n_modules; k++) {
				widen(&lo, &hi, c->members[j].modules[k].available);
				widen(&lo, &hi, c->members[j].modules[k].due);
			}
	}
	for (size_t i = 0; i < plan->n_former; i++)
		for (size_t j = 0; j < plan->former[i].n_lessons; j++) {
			widen(&lo, &hi, plan->former[i].lessons[j].start);
			widen(&lo, &hi, plan->former[i].lessons[j].end);
		}
	for (size_t i = 0; i < w->o.n_extras; i++) {
		widen(&lo, &hi, w->o.extras[i].start);
		widen(&lo, &hi, w->o.extras[i].end);
	}
	if (lo > hi)
		lo = hi = plan->created;
	/* Whole UTC days, so that small changes of the plan rarely change
	 * the VTIMEZONE text. */
	w->from = (lo - HORIZON_MARGIN) - (((lo - HORIZON_MARGIN) % DAY) + DAY) % DAY;
	w->to = hi + HORIZON_MARGIN;

	/* Check every zone and language now, so that writing feeds fails
	 * only for want of memory. */
	for (size_t i = 0; i < plan->n_cohorts; i++) {
		const struct cp_plan_cohort *c = &plan->cohorts[i];
		if (!zone_entry(w, c->anchor_zone, err) || !zone_entry(w, c->teacher_zone, err) ||
		    !lang_entry(w, owner_lang(w, c), err))
			goto fail;
		for (size_t j = 0; j < c->n_members; j++)
			if (!zone_entry(w, c->members[j].zone, err))
				goto fail;
		for (size_t j = 0; j < c->n_lessons + c->n_cancelled; j++) {
			const struct cp_plan_lesson *l =
				j < c->n_lessons ? &c->lessons[j] : &c->cancelled[j - c->n_lessons];
			if (l->substitute && !zone_entry(w, l->substitute_zone, err))
				goto fail;
		}
	}
	for (size_t i = 0; i < plan->n_former; i++)
		if (!zone_entry(w, plan->former[i].zone, err))
			goto fail;
	for (size_t i = 0; i < w->o.n_extras; i++) {
		const struct cp_feed_extra *x = &w->o.extras[i];
		if ((x->zone && !zone_entry(w, x->zone, err)) ||
		    (x->manager_zone && !zone_entry(w, x->manager_zone, err)))
			goto fail;
	}
	if (!lang_entry(w, owner_lang(w, NULL), err) || !lang_entry(w, teacher_lang(w), err))
		goto fail;
	size_t n = 0;
	for (size_t i = 0; i < plan->n_cohorts; i++)
		n += plan->cohorts[i].n_members;
	w->who = malloc((n ? n : 1) * sizeof(*w->who));
	if (!w->who) {
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < plan->n_cohorts; i++)
		for (size_t j = 0; j < plan->cohorts[i].n_members; j++)
			w->who[w->n_who++] = (struct who){ plan->cohorts[i].members[j].participant,
							   &plan->cohorts[i],
							   &plan->cohorts[i].members[j] };
	qsort(w->who, w->n_who, sizeof(*w->who), who_cmp);
	return w;
fail:
	cp_feed_writer_destroy(w);
	return NULL;
}

void
cp_feed_writer_destroy(struct cp_feed_writer *w)
{
	if (!w)
		return;
	cp_ical_lock();
	for (size_t i = 0; i < w->n_zones; i++)
		if (w->zones[i].vtz)
			icalcomponent_free(w->zones[i].vtz);
	cp_ical_unlock();
	free(w->zones);
	free(w->who);
	for (size_t i = 0; i < w->n_langs; i++)
		cp_msg_destroy(w->langs[i].msg);
	free(w);
}

void
cp_feed_writer_stats(const struct cp_feed_writer *w, struct cp_feed_stats *out)
{
	*out = w->stats;
}

/* ---- names and UIDs --------------------------------------------------- */

char *
cp_feed_file_name(enum cp_feed_kind kind, const char *id)
{
	static const char *const prefix[] = { "cohort-", "teacher-", "participant-", "manager-" };
	static const char hex[] = "0123456789ABCDEF";
	struct cp_strbuf b = { 0 };

	cp_strbuf_add(&b, prefix[kind]);
	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-') {
			cp_strbuf_addn(&b, (const char *)p, 1);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
			cp_strbuf_addn(&b, e, 3);
		}
	}
	cp_strbuf_add(&b, ".ics");
	if (b.nomem) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

static char *
make_uid(const char *kind, const char *a, const char *b, const char *course, const char *domain)
{
	size_t n = strlen(kind) + strlen(a) + strlen(b) + strlen(course) + strlen(domain) + 8;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s-%s.%s.%s@%s", kind, a, b, course, domain);
	return s;
}

/* FNV-1a, 64 bits, as 16 hex digits. */
static void
module_hash(const char *id, char out[20])
{
	uint64_t h = 0xcbf29ce484222325u;
	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3u;
	}
	snprintf(out, 20, "%016llx", (unsigned long long)h);
}

char *
cp_feed_lesson_uid(const struct cp_plan *plan, const struct cp_plan_cohort *c, int number,
		   const char *uid_domain)
{
	char num[16];
	snprintf(num, sizeof(num), "%d", number);
	return make_uid("lesson", num, c->id, plan->course ? plan->course : "course",
			uid_domain ? uid_domain : "cohortplan");
}

/* ---- times ------------------------------------------------------------ */

static struct icaltimetype
ical_utc(cp_instant t)
{
	struct cp_civil c;
	struct icaltimetype it;

	cp_instant_to_civil(t, &c);
	it = cp_ical_wall(&c);
	it.zone = icaltimezone_get_utc_timezone();
	return it;
}

/* True when the wall time of t in tz names t unambiguously: not repeated
 * by a backward change. (Walls computed from an instant are never in a
 * gap.) */
static bool
wall_unique(const struct cp_tz *tz, cp_instant t)
{
	struct cp_tz_local l;
	struct cp_tz_resolution r;
	cp_tz_to_local(tz, t, &l);
	return cp_tz_to_utc(tz, &l.wall, &r) == CP_TZ_NORMAL;
}

/* A span is safe to write with TZID when both ends are unambiguous and no
 * change falls inside: clients then agree on both instants and the length. */
static bool
span_safe(const struct cp_tz *tz, cp_instant start, cp_instant end)
{
	return wall_unique(tz, start) && wall_unique(tz, end) &&
	       cp_tz_transitions(tz, start + 1, end + 1, NULL, 0) == 0;
}

/* Add a DATE-TIME property: TZID form, or UTC when utc. */
static void
add_time(icalcomponent *comp, icalproperty *(*make)(struct icaltimetype), const struct cp_tz *tz,
	 cp_instant t, bool utc)
{
	if (utc) {
		icalcomponent_add_property(comp, make(ical_utc(t)));
		return;
	}
	struct cp_tz_local l;
	cp_tz_to_local(tz, t, &l);
	icalproperty *p = make(cp_ical_wall(&l.wall));
	icalproperty_add_parameter(p, icalparameter_new_tzid(cp_tz_name(tz)));
	icalcomponent_add_property(comp, p);
}

/* ---- VTIMEZONE from the pinned tzdata --------------------------------- */

static icalcomponent *
observance(bool dst, const struct cp_civil *onset, int32_t from, int32_t to, const char *abbr)
{
	icalcomponent *o = icalcomponent_new(dst ? ICAL_XDAYLIGHT_COMPONENT
						 : ICAL_XSTANDARD_COMPONENT);
	icalcomponent_add_property(o, icalproperty_new_dtstart(cp_ical_wall(onset)));
	icalcomponent_add_property(o, icalproperty_new_tzoffsetfrom(from));
	icalcomponent_add_property(o, icalproperty_new_tzoffsetto(to));
	if (abbr && abbr[0])
		icalcomponent_add_property(o, icalproperty_new_tzname(abbr));
	return o;
}

/* The local wall time at which transition tr happens, in the offset in
 * force before it (RFC 5545 3.6.5: DTSTART and RDATE of an observance are
 * in TZOFFSETFROM). */
static void
onset_wall(const struct cp_tz_transition *tr, struct cp_civil *out)
{
	cp_instant_to_civil(tr->at + tr->offset_before, out);
}

/*
 * A plan that lies wholly in summer time would get a VTIMEZONE with only a
 * DAYLIGHT observance. RFC 5545 allows that, but python-icalendar (4.0,
 * Debian 12) cannot read such a zone. So when tz is on DST at from and no
 * change in [from, to) enters standard time, the VTIMEZONE starts earlier:
 * at the last change into standard time before from (within five years),
 * and carries every change from there on, so each offset it states is
 * true. Returns from unchanged when there is none (or out of memory: the
 * VTIMEZONE is then only less portable, never wrong).
 */
static cp_instant
start_in_standard_time(const struct cp_tz *tz, cp_instant from, cp_instant to)
{
	struct cp_tz_local first;
	cp_tz_to_local(tz, from, &first);
	if (!first.is_dst)
		return from;
	cp_instant lo = from - 5 * 366 * (cp_instant)DAY;
	size_t n = cp_tz_transitions(tz, lo, to, NULL, 0);
	struct cp_tz_transition *tr = n ? malloc(n * sizeof(*tr)) : NULL;
	if (!tr)
		return from;
	cp_tz_transitions(tz, lo, to, tr, n);
	cp_instant start = from;
	bool standard_in_range = false;
	for (size_t i = 0; i < n; i++) {
		if (tr[i].dst_after)
			continue;
		if (tr[i].at >= from)
			standard_in_range = true;
		else
			start = tr[i].at;
	}
	free(tr);
	return standard_in_range ? from : start;
}

/*
 * The VTIMEZONE of tz over [from, to): a first observance starting at from
 * with the offset then in force (TZOFFSETFROM = TZOFFSETTO), then one
 * observance per change, each with its onset as DTSTART and nothing else:
 * no RRULE (Morocco's Ramadan switches follow no yearly rule, and a rule
 * would claim changes beyond what the pinned data says) and no RDATE
 * (ical.js 2.2 reads only the first date of an RDATE list, and ignores an
 * observance's DTSTART as soon as it has RDATEs: measured, docs/feeds.md).
 * tzdata's DST flag is kept as it is: Morocco's Ramadan +00 is a DAYLIGHT
 * observance with a negative saving.
 */
static icalcomponent *
build_vtimezone(const struct cp_tz *tz, cp_instant from, cp_instant to)
{
	from = start_in_standard_time(tz, from, to);
	size_t n = cp_tz_transitions(tz, from, to, NULL, 0);
	struct cp_tz_transition *tr = NULL;
	if (n) {
		tr = malloc(n * sizeof(*tr));
		if (!tr)
			return NULL;
		cp_tz_transitions(tz, from, to, tr, n);
	}
	icalcomponent *vtz = icalcomponent_new(ICAL_VTIMEZONE_COMPONENT);
	icalcomponent_add_property(vtz, icalproperty_new_tzid(cp_tz_name(tz)));
	icalproperty *loc = icalproperty_new_x(cp_tz_name(tz));
	icalproperty_set_x_name(loc, "X-LIC-LOCATION");
	icalcomponent_add_property(vtz, loc);

	/* A horizon that starts on a change (start_in_standard_time) needs
	 * no observance of its own before it. */
	if (n == 0 || tr[0].at != from) {
		struct cp_tz_local first;
		cp_tz_to_local(tz, from, &first);
		icalcomponent_add_component(vtz, observance(first.is_dst, &first.wall,
							    first.utoff, first.utoff, first.abbr));
	}
	for (size_t i = 0; i < n; i++) {
		struct cp_civil on;
		onset_wall(&tr[i], &on);
		icalcomponent_add_component(vtz, observance(tr[i].dst_after, &on, tr[i].offset_before,
							    tr[i].offset_after, tr[i].abbr_after));
	}
	free(tr);
	return vtz;
}

static icalcomponent *
vtimezone_of(struct cp_feed_writer *w, struct zone_entry *z)
{
	if (!z->vtz)
		z->vtz = build_vtimezone(z->tz, w->from, w->to);
	return z->vtz ? icalcomponent_new_clone(z->vtz) : NULL;
}

/* ---- localised pieces ------------------------------------------------- */

/* "UTC+01:00" */
static void
utc_offset_text(int32_t off, char buf[16])
{
	int32_t a = off < 0 ? -off : off;
	snprintf(buf, 16, "UTC%c%02d:%02d", off < 0 ? '-' : '+', (int)(a / 3600),
		 (int)(a / 60 % 60));
}

/* "Tuesday 5 March 2024 at 18:00 (Africa/Casablanca, UTC+01:00)" */
static char *
time_in_zone(struct cp_msg *m, const struct cp_tz *tz, cp_instant t)
{
	struct cp_tz_local l;
	char off[16], zone[128];

	cp_tz_to_local(tz, t, &l);
	utc_offset_text(l.utoff, off);
	snprintf(zone, sizeof(zone), "%s, %s", cp_tz_name(tz), off);
	char *dt = cp_msg_datetime(m, &l.wall, CP_MSG_DATETIME);
	if (!dt)
		return NULL;
	const char *args[2] = { dt, zone };
	char *s = cp_msg_format(m, "time_zone", 2, args);
	free(dt);
	return s;
}

static char *
fmt1(struct cp_msg *m, const char *key, const char *a)
{
	const char *args[1] = { a };
	return a ? cp_msg_format(m, key, 1, args) : NULL;
}

/* fmt1 that frees its argument. */
static char *
fmt1_take(struct cp_msg *m, const char *key, char *a)
{
	char *s = fmt1(m, key, a);
	free(a);
	return s;
}

/* A theme's name: the course's own (plan themes[]), else the bundle's
 * localised name of a built-in theme, else its id. */
static char *
theme_name(const struct cp_plan *p, struct cp_msg *m, const char *theme)
{
	char key[96];
	const char *own = cp_plan_theme_name(p, theme);
	if (own)
		return strdup(own);
	snprintf(key, sizeof(key), "theme_%s", theme);
	if (strlen(theme) < 80 && cp_msg_has(m, key))
		return cp_msg_format(m, key, 0, NULL);
	return strdup(theme);
}

static char *
lesson_title(const struct cp_plan *p, struct cp_msg *m, const struct cp_plan_cohort *c,
	     const struct cp_plan_lesson *l,
	     bool with_cohort, bool discreet)
{
	char *num = cp_msg_number(m, l->number);
	char *theme = l->theme && !discreet ? theme_name(p, m, l->theme) : NULL;
	char *s = NULL;
	if (num && (!l->theme || discreet || theme)) {
		if (with_cohort) {
			const char *a[3] = { c->id, num, theme };
			s = cp_msg_format(m, theme ? "title_cohort_lesson_theme" : "title_cohort_lesson",
					  3, a);
		} else {
			const char *a[2] = { num, theme };
			s = cp_msg_format(m, theme ? "title_lesson_theme" : "title_lesson", 2, a);
		}
	}
	free(num);
	free(theme);
	return s;
}

/* ---- building a feed -------------------------------------------------- */

struct feed {
	struct cp_feed_writer *w;
	enum cp_feed_kind kind;
	const char *id;
	struct cp_msg *m;
	const struct cp_tz *tz;        /* the owner's zone */
	bool tz_used;                  /* some property carries its TZID */
	icalcomponent *cal;
	struct icaltimetype dtstamp;
	bool empty;                    /* cp_feed_write_empty: no description */
	bool nomem;
	char *x_text[2];               /* X-WR-CALNAME, X-WR-CALDESC (x_text_put) */
};

/*
 * X-WR-CALNAME and X-WR-CALDESC are TEXT for their readers (RFC 5545 3.3.11
 * escaping), but libical 3.0 writes X- values with their backslashes
 * escaped and their commas and semicolons not: "Pilot 2, Casablanca" came
 * out unescaped, and libical's own parser read it back as "Pilot 2". So the
 * properties carry a placeholder through libical, and x_text_put() writes
 * the real content lines, escaped and folded, into the serialised text.
 */
static const char *const x_text_names[2] = { "X-WR-CALNAME", "X-WR-CALDESC" };
#define X_TEXT_HOLD "cohortplan-text-"

/* name:value as an escaped, folded content line with CRLF; NULL: no memory. */
static char *
x_text_line(const char *name, const char *value)
{
	size_t cap = strlen(name) + 1 + 2 * strlen(value) * 2 + 8, n = 0, col = 0;
	char *out = malloc(cap);
	if (!out)
		return NULL;
	for (const char *p = name; *p; p++, col++)
		out[n++] = *p;
	out[n++] = ':';
	col++;
	for (const unsigned char *p = (const unsigned char *)value; *p;) {
		bool escape = *p == '\\' || *p == ';' || *p == ',';
		size_t len = 1;
		/* a whole UTF-8 character; line breaks become spaces */
		while (!escape && (p[len] & 0xC0) == 0x80)
			len++;
		size_t w = escape ? 2 : len;
		/* 75 octets a line; a continuation line starts with a space */
		if (col + w > 75) {
			out[n++] = '\r';
			out[n++] = '\n';
			out[n++] = ' ';
			col = 1;
		}
		if (escape) {
			out[n++] = '\\';
			out[n++] = (char)*p;
		} else {
			for (size_t i = 0; i < len; i++)
				out[n++] = (*p == '\r' || *p == '\n') ? ' ' : (char)p[i];
		}
		col += w;
		p += len;
	}
	out[n++] = '\r';
	out[n++] = '\n';
	out[n] = '\0';
	return out;
}

/* Replace each placeholder line of text (owned) with its real line; the
 * new text, or NULL (text freed) when out of memory. */
static char *
x_text_put(char *text, struct feed *f)
{
	for (int i = 0; i < 2 && text; i++) {
		char hold[64];
		if (!f->x_text[i])
			continue;
		snprintf(hold, sizeof hold, "%s:%s%d\r\n", x_text_names[i], X_TEXT_HOLD, i);
		char *at = strstr(text, hold);
		if (!at)
			continue;
		char *line = x_text_line(x_text_names[i], f->x_text[i]);
		size_t head = (size_t)(at - text), hl = strlen(hold);
		size_t ll = line ? strlen(line) : 0, tail = strlen(at + hl);
		char *out = line ? malloc(head + ll + tail + 1) : NULL;
		if (out) {
			memcpy(out, text, head);
			memcpy(out + head, line, ll);
			memcpy(out + head + ll, at + hl, tail + 1);
		}
		free(line);
		free(text);
		text = out;
	}
	return text;
}

static void
x_text_free(struct feed *f)
{
	free(f->x_text[0]);
	free(f->x_text[1]);
	f->x_text[0] = f->x_text[1] = NULL;
}

/* The all-day [d0, d1) of the local date a deadline falls on in the
 * owner's zone; a deadline at 00:00 belongs to the day before. */
static void
deadline_day(const struct feed *f, cp_instant due, struct icaltimetype *d0,
	     struct icaltimetype *d1)
{
	struct cp_tz_local lday;
	cp_tz_to_local(f->tz, due - 1, &lday);
	*d0 = icaltime_null_date();
	d0->year = lday.wall.year;
	d0->month = lday.wall.month;
	d0->day = lday.wall.day;
	d0->is_date = 1;
	*d1 = *d0;
	icaltime_adjust(d1, 1, 0, 0, 0);
}

static void
add_text(icalcomponent *comp, icalproperty *(*make)(const char *), const char *text,
	 struct feed *f)
{
	if (!text) {
		f->nomem = true;
		return;
	}
	icalcomponent_add_property(comp, make(text));
}

static void
add_x(icalcomponent *comp, const char *name, const char *value)
{
	/* X- values are written as they are: keep them on one line. (Not
	 * escaped as TEXT: libical 3.0 escapes their backslashes itself but
	 * not their commas, so a pre-escaped "\," would come out "\\,".) */
	char *v = strdup(value);
	if (!v)
		return;
	for (char *p = v; *p; p++)
		if (*p == '\r' || *p == '\n')
			*p = ' ';
	icalproperty *p = icalproperty_new_x(v);
	icalproperty_set_x_name(p, name);
	icalcomponent_add_property(comp, p);
	free(v);
}

static char *
course_name(const struct cp_plan *p)
{
	return strdup(p->course_title ? p->course_title : p->course ? p->course : "");
}

static void
add_header(struct feed *f, const char *name, const char *desc)
{
	const struct cp_feed_writer *w = f->w;
	char prodid[128], ttl[32];
	icalcomponent *cal = f->cal;

	if (w->o.prodid)
		snprintf(prodid, sizeof(prodid), "%s", w->o.prodid);
	else
		snprintf(prodid, sizeof(prodid), "-//cohortplan//cohortplan %s//EN",
			 w->o.version ? w->o.version : "");
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid(prodid));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	add_text(cal, icalproperty_new_name, name, f);
	if (!f->empty)
		add_text(cal, icalproperty_new_description, desc, f);
	for (int i = 0; i < 2; i++) {
		const char *v = i == 0 ? name : desc;
		char hold[32];
		if (!v)
			continue;
		f->x_text[i] = strdup(v);
		if (!f->x_text[i]) {
			f->nomem = true;
			continue;
		}
		snprintf(hold, sizeof hold, "%s%d", X_TEXT_HOLD, i);
		add_x(cal, x_text_names[i], hold);
	}
	if (f->tz)
		add_x(cal, "X-WR-TIMEZONE", cp_tz_name(f->tz));
	icalcomponent_add_property(
		cal, icalproperty_new_refreshinterval(
			     icaldurationtype_from_int(w->o.refresh_minutes * 60)));
	/* X-PUBLISHED-TTL: Outlook's spelling of the same hint. */
	if (w->o.refresh_minutes % 60 == 0)
		snprintf(ttl, sizeof(ttl), "PT%dH", w->o.refresh_minutes / 60);
	else
		snprintf(ttl, sizeof(ttl), "PT%dM", w->o.refresh_minutes);
	add_x(cal, "X-PUBLISHED-TTL", ttl);
	if (w->plan->tzdata)
		add_x(cal, "X-COHORTPLAN-TZDATA", w->plan->tzdata);
}

/* The last-modified instant of a lesson. */
static cp_instant
modified_of(const struct cp_plan *p, const struct cp_plan_lesson *l)
{
	return l->modified ? l->modified : p->created;
}

/* The member local times line: "Africa/Casablanca 18:00, Asia/Beirut 20:00". */
static char *
member_times(struct feed *f, const struct cp_plan_cohort *c, cp_instant t)
{
	struct cp_strbuf b = { 0 };
	const char *seen[64];
	size_t n_seen = 0;

	/* Distinct zones in member order (plans keep members in a stable
	 * order, so the text is stable too). */
	for (size_t i = 0; i < c->n_members && n_seen < 64; i++) {
		const char *z = c->members[i].zone;
		bool dup = false;
		for (size_t j = 0; j < n_seen && !dup; j++)
			dup = strcmp(seen[j], z) == 0;
		if (dup)
			continue;
		seen[n_seen++] = z;
		const struct cp_tz *tz = cp_tzdb_zone(f->w->db, z, NULL);
		if (!tz)
			continue;
		struct cp_tz_local l;
		cp_tz_to_local(tz, t, &l);
		if (b.len)
			cp_strbuf_add(&b, cp_msg_rtl(f->m) ? "\xd8\x8c " : ", "); /* Arabic comma */
		cp_strbuf_add(&b, cp_tz_name(tz));
		cp_strbuf_add(&b, " ");
		cp_strbuf_take(&b, cp_msg_datetime(f->m, &l.wall, CP_MSG_TIME));
	}
	if (b.nomem || !b.s) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

static char *
member_list(struct feed *f, const struct cp_plan_cohort *c)
{
	struct cp_strbuf ids = { 0 };
	for (size_t i = 0; i < c->n_members; i++) {
		if (i)
			cp_strbuf_add(&ids, ", ");
		cp_strbuf_add(&ids, c->members[i].participant);
	}
	char *count = cp_msg_number(f->m, (long)c->n_members);
	char *s = NULL;
	if (!ids.nomem && count) {
		const char *a[2] = { count, ids.s ? ids.s : "" };
		s = cp_msg_format(f->m, "line_members", 2, a);
	}
	free(count);
	free(ids.s);
	return s;
}

static void
line(struct cp_strbuf *d, char *s)
{
	if (d->len)
		cp_strbuf_add(d, "\n");
	cp_strbuf_take(d, s);
}

/* The line giving an event's start in UTC, for a feed whose zone changes
 * its clocks around the event. */
static void
clock_change_line(struct cp_strbuf *d, struct cp_msg *m, cp_instant t)
{
	char utc[CP_TIME_BUFSZ];
	cp_format_utc(t, utc);
	utc[16] = '\0'; /* "YYYY-MM-DDTHH:MM" */
	utc[10] = ' ';
	line(d, fmt1(m, "line_clock_change", utc));
}

/* The description d, ended by the course's name (not in a discreet feed),
 * as comp's DESCRIPTION; out of memory is recorded in f. Frees d's text. */
static void
put_description(struct feed *f, icalcomponent *comp, struct cp_strbuf *d, bool discreet)
{
	if (!discreet)
		line(d, fmt1_take(f->m, "line_course", course_name(f->w->plan)));
	if (d->nomem)
		f->nomem = true;
	else if (d->s)
		icalcomponent_add_property(comp, icalproperty_new_description(d->s));
	free(d->s);
	d->s = NULL;
}

/* A teacher feed's view of a lesson with a substitute (docs/feeds.md). */
enum cover {
	COVER_NONE = 0,
	COVER_HOLDER,     /* the cohort's teacher, on leave: marked, not theirs */
	COVER_SUBSTITUTE, /* the substitute: theirs */
	COVER_NOBODY,     /* the cohort's teacher, on leave, and nobody covers
	                   * it (plan uncovered[]): theirs, with a warning */
};

static bool
uncovered(const struct cp_plan *p, const struct cp_plan_cohort *c, int number)
{
	for (size_t i = 0; i < p->n_uncovered; i++)
		if (p->uncovered[i].lesson == number && p->uncovered[i].cohort && c->id &&
		    strcmp(p->uncovered[i].cohort, c->id) == 0)
			return true;
	return false;
}

static void
add_lesson(struct feed *f, const struct cp_plan_cohort *c, const struct cp_plan_lesson *l,
	   bool cancelled, const struct cp_plan_member *me, size_t index, enum cover cover)
{
	struct cp_feed_writer *w = f->w;
	const struct cp_plan *p = w->plan;
	struct cp_msg *m = f->m;
	bool participant = f->kind == CP_FEED_PARTICIPANT;
	bool discreet = participant && w->o.discreet;
	bool safe = !w->o.utc_times && span_safe(f->tz, l->start, l->end);
	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	struct cp_strbuf d = { 0 };

	char *uid = cp_feed_lesson_uid(p, c, l->number, w->o.uid_domain);
	add_text(ev, icalproperty_new_uid, uid, f);
	free(uid);
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(f->dtstamp));
	icalcomponent_add_property(ev, icalproperty_new_lastmodified(ical_utc(modified_of(p, l))));
	icalcomponent_add_property(ev, icalproperty_new_sequence(l->sequence));
	add_time(ev, icalproperty_new_dtstart, f->tz, l->start, !safe);
	add_time(ev, icalproperty_new_dtend, f->tz, l->end, !safe);
	f->tz_used |= safe;

	char *title = lesson_title(p, m, c, l, !participant, discreet);
	if (cancelled)
		title = fmt1_take(m, "title_cancelled", title);
	else if (cover == COVER_HOLDER)
		title = fmt1_take(m, "title_covered", title);
	add_text(ev, icalproperty_new_summary, title, f);
	free(title);

	/* Description: the owner's time first, then the teacher's. */
	if (cancelled)
		line(&d, cp_msg_format(m, "line_cancelled", 0, NULL));
	if (cover == COVER_HOLDER)
		line(&d, fmt1(m, "line_covered", l->substitute));
	else if (cover == COVER_SUBSTITUTE)
		line(&d, fmt1(m, "line_substitute_for", c->teacher));
	else if (cover == COVER_NOBODY && !cancelled)
		line(&d, cp_msg_format(m, "line_uncovered", 0, NULL));
	/* The teacher who gives the lesson: the substitute, when there is one. */
	const char *tzone = l->substitute ? l->substitute_zone : c->teacher_zone;
	const struct cp_tz *ttz = tzone ? cp_tzdb_zone(w->db, tzone, NULL) : NULL;
	if (f->kind == CP_FEED_COHORT) {
		line(&d, fmt1_take(m, "line_time_cohort", time_in_zone(m, f->tz, l->start)));
		if (ttz && ttz != f->tz)
			line(&d, fmt1_take(m, "line_time_teacher", time_in_zone(m, ttz, l->start)));
	} else {
		line(&d, fmt1_take(m, "line_time_owner", time_in_zone(m, f->tz, l->start)));
		if (ttz && participant)
			line(&d, fmt1_take(m, "line_time_teacher", time_in_zone(m, ttz, l->start)));
	}
	if (!safe && !w->o.utc_times)
		clock_change_line(&d, m, l->start);
	if (l->theme && !discreet)
		line(&d, fmt1_take(m, "line_theme", theme_name(p, m, l->theme)));
	if (participant && me && !cancelled && index < c->n_lessons &&
	    me->verdicts[index] != CP_VERDICT_OK) {
		char key[64];
		snprintf(key, sizeof(key), "verdict_%s",
			 cp_verdict_name((enum cp_verdict)me->verdicts[index]));
		char *reason = cp_msg_has(m, key) ? cp_msg_format(m, key, 0, NULL)
						 : strdup(cp_verdict_name((enum cp_verdict)me->verdicts[index]));
		line(&d, fmt1_take(m, "line_cannot_attend", reason));
	}
	if (!participant && !cancelled && cover != COVER_HOLDER) {
		line(&d, fmt1_take(m, "line_member_times", member_times(f, c, l->start)));
		if (w->o.member_ids)
			line(&d, member_list(f, c));
	}
	if (w->o.meeting_link && !cancelled && cover != COVER_HOLDER) {
		char *link = expand_link(w->o.meeting_link, p->course ? p->course : "", c->id,
					 l->number);
		line(&d, fmt1(m, "line_link", link));
		add_text(ev, icalproperty_new_location, link, f);
		free(link);
	}
	put_description(f, ev, &d, discreet);
	/* For the teacher on leave the lesson is not theirs: cancelled in
	 * their calendar under the same UID, so a re-plan that brings in a
	 * substitute updates their event in place. */
	bool off = cancelled || cover == COVER_HOLDER;
	icalcomponent_add_property(ev, icalproperty_new_status(off ? ICAL_STATUS_CANCELLED
								   : ICAL_STATUS_CONFIRMED));
	icalcomponent_add_property(ev, icalproperty_new_transp(off ? ICAL_TRANSP_TRANSPARENT
								   : ICAL_TRANSP_OPAQUE));
	icalcomponent_add_component(f->cal, ev);
	w->stats.events++;
}

/* A deadline as a transparent all-day event on the day the deadline due
 * falls on in the owner's zone (a deadline at 00:00 belongs to the day
 * before), for calendars that show no to-dos: uid (taken and freed; NULL
 * when out of memory), the summary "title_deadline" of title (NULL when out
 * of memory) and the description desc (none when NULL). */
static void
add_deadline_event(struct feed *f, cp_instant due, char *uid, const char *title,
		   const char *desc)
{
	struct icaltimetype d0, d1;
	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);

	deadline_day(f, due, &d0, &d1);
	add_text(ev, icalproperty_new_uid, uid, f);
	free(uid);
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(f->dtstamp));
	icalcomponent_add_property(ev, icalproperty_new_sequence(0));
	icalcomponent_add_property(ev, icalproperty_new_dtstart(d0));
	icalcomponent_add_property(ev, icalproperty_new_dtend(d1));
	char *dl = fmt1(f->m, "title_deadline", title);
	add_text(ev, icalproperty_new_summary, dl, f);
	free(dl);
	if (desc)
		add_text(ev, icalproperty_new_description, desc, f);
	icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	icalcomponent_add_component(f->cal, ev);
	f->w->stats.events++;
}

static void
add_module(struct feed *f, const struct cp_plan_cohort *c, const struct cp_plan_member *me,
	   size_t k)
{
	struct cp_feed_writer *w = f->w;
	const struct cp_plan *p = w->plan;
	const struct cp_plan_module *md = &me->modules[k];
	struct cp_msg *m = f->m;
	bool discreet = w->o.discreet;
	bool safe = !w->o.utc_times && wall_unique(f->tz, md->available) &&
		    wall_unique(f->tz, md->due);
	const char *course = p->course ? p->course : "course";
	const char *domain = w->o.uid_domain ? w->o.uid_domain : "cohortplan";

	char *title;
	if (discreet)
		title = fmt1_take(m, "title_module_discreet", cp_msg_number(m, (long)k + 1));
	else
		title = fmt1_take(m, "title_module",
				  md->theme ? theme_name(p, m, md->theme) : strdup(md->module));

	struct cp_tz_local la, ld;
	cp_tz_to_local(f->tz, md->available, &la);
	cp_tz_to_local(f->tz, md->due, &ld);
	char *mins = cp_msg_number(m, md->minutes);
	char *from = cp_msg_datetime(m, &la.wall, CP_MSG_DATETIME);
	char *until = cp_msg_datetime(m, &ld.wall, CP_MSG_DATETIME);
	char *desc = NULL;
	if (mins && from && until) {
		const char *a[3] = { mins, from, until };
		desc = cp_msg_format(m, "line_module", 3, a);
	}
	free(mins);
	free(from);
	free(until);

	/* Module ids can name a topic ("m-health"): UIDs carry a hash of it,
	 * stable across exports and the same with and without discreet. */
	char mh[20];
	module_hash(md->module, mh);
	icalcomponent *todo = icalcomponent_new(ICAL_VTODO_COMPONENT);
	char *uid = make_uid("module", mh, me->participant, course, domain);
	add_text(todo, icalproperty_new_uid, uid, f);
	free(uid);
	icalcomponent_add_property(todo, icalproperty_new_dtstamp(f->dtstamp));
	icalcomponent_add_property(todo, icalproperty_new_sequence(0));
	add_time(todo, icalproperty_new_dtstart, f->tz, md->available, !safe);
	add_time(todo, icalproperty_new_due, f->tz, md->due, !safe);
	f->tz_used |= safe;
	add_text(todo, icalproperty_new_summary, title, f);
	add_text(todo, icalproperty_new_description, desc, f);
	icalcomponent_add_property(todo, icalproperty_new_status(ICAL_STATUS_NEEDSACTION));
	icalcomponent_add_component(f->cal, todo);
	w->stats.todos++;

	if (w->o.deadline_events)
		add_deadline_event(f, md->due, make_uid("deadline", mh, me->participant, course,
							domain), title, desc);
	free(title);
	free(desc);
	(void)c;
}

/* The participant's lessons of cohorts they left, as cancelled, under the
 * UIDs their calendar knows them by. */
static void
add_former(struct feed *f)
{
	const struct cp_plan *p = f->w->plan;
	for (size_t i = 0; i < p->n_former; i++) {
		const struct cp_plan_former *fo = &p->former[i];
		if (strcmp(fo->participant, f->id) != 0)
			continue;
		/* add_lesson needs the cohort's id, and its teacher's zone
		 * for the description when the cohort is still known. */
		const struct cp_plan_cohort *known = cp_plan_find_cohort(p, fo->cohort);
		struct cp_plan_cohort c = { 0 };
		c.id = fo->cohort;
		c.teacher_zone = known ? known->teacher_zone : NULL;
		for (size_t k = 0; k < fo->n_lessons; k++)
			add_lesson(f, &c, &fo->lessons[k], true, NULL, SIZE_MAX, COVER_NONE);
	}
}

/* A teacher feed's lessons of cohort c: all of them when the owner is its
 * teacher (those given by a substitute marked as such), and those the owner
 * gives (or gave) as its substitute. */
static void
add_teacher_lessons(struct feed *f, const struct cp_plan_cohort *c)
{
	bool holder = strcmp(c->teacher, f->id) == 0;
	for (size_t i = 0; i < c->n_lessons + c->n_cancelled; i++) {
		bool cancelled = i >= c->n_lessons;
		const struct cp_plan_lesson *l =
			cancelled ? &c->cancelled[i - c->n_lessons] : &c->lessons[i];
		bool mine = l->substitute && strcmp(l->substitute, f->id) == 0;
		if (!holder && !mine)
			continue;
		enum cover cover = l->substitute ? (mine ? COVER_SUBSTITUTE : COVER_HOLDER)
				   : uncovered(f->w->plan, c, l->number) ? COVER_NOBODY
									: COVER_NONE;
		add_lesson(f, c, l, cancelled, NULL, SIZE_MAX, cover);
	}
}

/* The final quiz of cohort c (docs/plan.md "Final quiz"): a live session
 * as an event in the cohort's, its teacher's and its members' feeds, UID
 * quiz.COHORT.COURSE@DOMAIN; an online quiz as a to-do with the member's
 * own deadline (and an all-day deadline event, as for modules), UID
 * quiz.PARTICIPANT.COURSE@DOMAIN. */
static void
add_quiz(struct feed *f, const struct cp_plan_cohort *c, const struct cp_plan_member *me)
{
	struct cp_feed_writer *w = f->w;
	const struct cp_plan *p = w->plan;
	struct cp_msg *m = f->m;
	const char *course = p->course ? p->course : "course";
	const char *domain = w->o.uid_domain ? w->o.uid_domain : "cohortplan";
	bool live = c->quiz.live;
	cp_instant due = live ? c->quiz.end : (me ? me->quiz_due : 0);

	if (!c->quiz.present || (!live && !due))
		return;
	bool safe = !w->o.utc_times && (live ? span_safe(f->tz, c->quiz.start, due)
					     : wall_unique(f->tz, c->quiz.start) &&
					       wall_unique(f->tz, due));
	const char *who = live ? c->id : me->participant;
	size_t n = strlen(who) + strlen(course) + strlen(domain) + 8;
	char *uid = malloc(n);
	if (uid)
		snprintf(uid, n, "quiz.%s.%s@%s", who, course, domain);
	char *title = cp_msg_format(m, "title_quiz", 0, NULL);
	struct cp_strbuf d = { 0 };
	char *mins = cp_msg_number(m, (long)((c->quiz.end > c->quiz.start
						   ? c->quiz.end - c->quiz.start : 0) / 60));
	if (live) {
		if (mins) {
			const char *a[1] = { mins };
			line(&d, cp_msg_format(m, "line_quiz", 1, a));
		} else {
			d.nomem = true;
		}
		line(&d, fmt1_take(m, "line_time_owner", time_in_zone(m, f->tz, c->quiz.start)));
	} else {
		line(&d, fmt1_take(m, "line_time_owner", time_in_zone(m, f->tz, due)));
	}
	free(mins);

	icalcomponent *comp = icalcomponent_new(live ? ICAL_VEVENT_COMPONENT : ICAL_VTODO_COMPONENT);
	add_text(comp, icalproperty_new_uid, uid, f);
	icalcomponent_add_property(comp, icalproperty_new_dtstamp(f->dtstamp));
	icalcomponent_add_property(comp, icalproperty_new_sequence(0));
	add_time(comp, icalproperty_new_dtstart, f->tz, c->quiz.start, !safe);
	add_time(comp, live ? icalproperty_new_dtend : icalproperty_new_due, f->tz, due, !safe);
	f->tz_used |= safe;
	add_text(comp, icalproperty_new_summary, title, f);
	put_description(f, comp, &d, f->kind == CP_FEED_PARTICIPANT && w->o.discreet);
	if (live) {
		icalcomponent_add_property(comp, icalproperty_new_status(ICAL_STATUS_CONFIRMED));
		icalcomponent_add_property(comp, icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
		w->stats.events++;
	} else {
		icalcomponent_add_property(comp, icalproperty_new_status(ICAL_STATUS_NEEDSACTION));
		w->stats.todos++;
	}
	icalcomponent_add_component(f->cal, comp);
	if (!live && w->o.deadline_events) {
		size_t n2 = strlen(who) + strlen(course) + strlen(domain) + 24;
		char *uid2 = malloc(n2);
		if (uid2)
			snprintf(uid2, n2, "quiz-deadline.%s.%s@%s", who, course, domain);
		add_deadline_event(f, due, uid2, title, NULL);
	}
	free(uid);
	free(title);
}

/* The zone of a participant the plan does not place, from their extras:
 * an intake call's (their own zone; a follow-up's is where they live after
 * arriving), else the first. */
static const char *
extra_zone(const struct cp_feed_writer *w, enum cp_feed_kind kind, const char *id)
{
	const char *first = NULL;

	for (size_t i = 0; i < w->o.n_extras; i++) {
		const struct cp_feed_extra *x = &w->o.extras[i];
		if (kind == CP_FEED_PARTICIPANT && x->zone && strcmp(x->participant, id) == 0) {
			if (x->kind == CP_FEED_EXTRA_INTAKE)
				return x->zone;
			if (!first)
				first = x->zone;
		}
		if (kind == CP_FEED_CASE_MANAGER && x->manager && x->manager_zone &&
		    strcmp(x->manager, id) == 0)
			return x->manager_zone;
	}
	return first;
}

/* A make-up lesson or an appointment (feeds.h, struct cp_feed_extra), in
 * the feed of its participant or of its case manager. */
static void
add_extra(struct feed *f, const struct cp_feed_extra *x)
{
	struct cp_feed_writer *w = f->w;
	const struct cp_plan *p = w->plan;
	struct cp_msg *m = f->m;
	bool manager = f->kind == CP_FEED_CASE_MANAGER;
	bool discreet = !manager && w->o.discreet;
	bool safe = !w->o.utc_times && span_safe(f->tz, x->start, x->end);
	const char *course = p->course ? p->course : "course";
	const char *domain = w->o.uid_domain ? w->o.uid_domain : "cohortplan";
	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	struct cp_strbuf d = { 0 };
	char *uid, *title;
	char num[24];

	if (x->kind == CP_FEED_EXTRA_MAKEUP) {
		snprintf(num, sizeof(num), "%d", x->missed_lesson);
		size_t n = strlen(num) + strlen(x->own_cohort) + 2;
		char *a = malloc(n);
		if (a)
			snprintf(a, n, "%s.%s", num, x->own_cohort);
		uid = a ? make_uid("makeup", a, x->participant, course, domain) : NULL;
		free(a);
		struct cp_plan_cohort c = { .id = x->cohort };
		struct cp_plan_lesson l = { .number = x->lesson, .theme = x->theme };
		title = fmt1_take(m, "title_makeup", lesson_title(p, m, &c, &l, false, discreet));
	} else {
		bool intake = x->kind == CP_FEED_EXTRA_INTAKE;
		size_t n = strlen(x->participant) + strlen(course) + strlen(domain) + 16;
		uid = malloc(n);
		if (uid)
			snprintf(uid, n, "%s.%s.%s@%s", intake ? "intake" : "followup",
				 x->participant, course, domain);
		if (manager)
			title = fmt1(m, intake ? "title_intake_manager" : "title_followup_manager",
				     x->participant);
		else
			title = cp_msg_format(m, intake ? "title_intake" : "title_followup", 0, NULL);
	}
	add_text(ev, icalproperty_new_uid, uid, f);
	free(uid);
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(f->dtstamp));
	icalcomponent_add_property(ev, icalproperty_new_sequence(x->sequence));
	add_time(ev, icalproperty_new_dtstart, f->tz, x->start, !safe);
	add_time(ev, icalproperty_new_dtend, f->tz, x->end, !safe);
	f->tz_used |= safe;
	add_text(ev, icalproperty_new_summary, title, f);
	free(title);

	line(&d, fmt1_take(m, "line_time_owner", time_in_zone(m, f->tz, x->start)));
	if (x->kind == CP_FEED_EXTRA_MAKEUP) {
		char *ln = cp_msg_number(m, x->missed_lesson);
		if (ln) {
			const char *a[2] = { ln, x->cohort };
			line(&d, cp_msg_format(m, "line_makeup", 2, a));
		} else {
			d.nomem = true;
		}
		free(ln);
		if (x->theme && !discreet)
			line(&d, fmt1_take(m, "line_theme", theme_name(p, m, x->theme)));
	} else {
		/* The other side's wall time: the call is one-to-one. */
		const char *oz = manager ? x->zone : x->manager_zone;
		const struct cp_tz *otz = oz ? cp_tzdb_zone(w->db, oz, NULL) : NULL;
		if (manager && !otz) {
			const struct cp_plan_member *me =
				cp_plan_find_member(p, x->participant, NULL);
			otz = me ? cp_tzdb_zone(w->db, me->zone, NULL) : NULL;
		}
		if (otz && otz != f->tz)
			line(&d, fmt1_take(m, manager ? "line_time_participant" : "line_time_manager",
					   time_in_zone(m, otz, x->start)));
	}
	if (!safe && !w->o.utc_times)
		clock_change_line(&d, m, x->start);
	put_description(f, ev, &d, discreet);
	/* A make-up is the participant's wish until the other cohort's
	 * teacher has them on the list: tentative, but busy time. */
	icalcomponent_add_property(ev, icalproperty_new_status(
		x->cancelled ? ICAL_STATUS_CANCELLED
		: x->kind == CP_FEED_EXTRA_MAKEUP ? ICAL_STATUS_TENTATIVE : ICAL_STATUS_CONFIRMED));
	icalcomponent_add_property(ev, icalproperty_new_transp(x->cancelled ? ICAL_TRANSP_TRANSPARENT
									   : ICAL_TRANSP_OPAQUE));
	icalcomponent_add_component(f->cal, ev);
	w->stats.events++;
}

static void
add_extras(struct feed *f)
{
	for (size_t i = 0; i < f->w->o.n_extras; i++) {
		const struct cp_feed_extra *x = &f->w->o.extras[i];
		const char *who = f->kind == CP_FEED_CASE_MANAGER ? x->manager : x->participant;
		if (x->kind == CP_FEED_EXTRA_MAKEUP && f->kind == CP_FEED_CASE_MANAGER)
			continue;
		/* A moved call's cancelled copy is the old manager's; the
		 * participant's feed has the call itself under that UID. */
		if (x->manager_only && f->kind != CP_FEED_CASE_MANAGER)
			continue;
		if (who && strcmp(who, f->id) == 0)
			add_extra(f, x);
	}
}

/* The calling thread's CPU time: the benchmark runs on shared machines,
 * where wall time mostly measures the neighbours. */
static uint64_t
now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Fill f->cal for the feed; false when the id is unknown (err filled). */
/* The calendar's name and description in the feed's language. */
static void
calendar_texts(const struct feed *f, const struct cp_plan_cohort *oc, const char *course,
	       char **name, char **desc)
{
	const char *zn = cp_tz_name(f->tz);
	if (f->kind == CP_FEED_PARTICIPANT && f->w->o.discreet) {
		*name = cp_msg_format(f->m, "cal_name_discreet", 0, NULL);
		*desc = fmt1(f->m, "cal_desc_discreet", zn);
	} else if (f->kind == CP_FEED_PARTICIPANT) {
		*name = fmt1(f->m, "cal_name_participant", course);
		const char *a[2] = { course, zn };
		*desc = cp_msg_format(f->m, "cal_desc_participant", 2, a);
	} else if (f->kind == CP_FEED_CASE_MANAGER) {
		const char *a[2] = { course, f->id };
		*name = cp_msg_format(f->m, "cal_name_manager", 2, a);
		const char *b[2] = { course, zn };
		*desc = cp_msg_format(f->m, "cal_desc_manager", 2, b);
	} else if (f->kind == CP_FEED_TEACHER) {
		const char *a[2] = { course, f->id };
		*name = cp_msg_format(f->m, "cal_name_teacher", 2, a);
		const char *b[2] = { course, zn };
		*desc = cp_msg_format(f->m, "cal_desc_teacher", 2, b);
	} else {
		const char *a[2] = { course, oc->id };
		*name = cp_msg_format(f->m, "cal_name_cohort", 2, a);
		const char *b[3] = { course, oc->id, zn };
		*desc = cp_msg_format(f->m, "cal_desc_cohort", 3, b);
	}
}

/* The first cohort teacher id teaches, and their zone; else the first a
 * teacher who only substitutes gives a lesson of, and the zone that
 * lesson names for them; NULL when none. */
static const struct cp_plan_cohort *
teacher_cohort(const struct cp_plan *p, const char *id, const char **zone)
{
	*zone = NULL;
	for (size_t i = 0; i < p->n_cohorts; i++)
		if (strcmp(p->cohorts[i].teacher, id) == 0) {
			*zone = p->cohorts[i].teacher_zone;
			return &p->cohorts[i];
		}
	for (size_t i = 0; i < p->n_cohorts; i++) {
		const struct cp_plan_cohort *c = &p->cohorts[i];
		for (size_t j = 0; j < c->n_lessons + c->n_cancelled; j++) {
			const struct cp_plan_lesson *l = j < c->n_lessons
				? &c->lessons[j] : &c->cancelled[j - c->n_lessons];
			if (l->substitute && strcmp(l->substitute, id) == 0) {
				*zone = l->substitute_zone;
				return c;
			}
		}
	}
	return NULL;
}

static bool
build(struct feed *f, struct cp_error *err)
{
	struct cp_feed_writer *w = f->w;
	const struct cp_plan *p = w->plan;
	struct cp_msg *m;
	char *course = course_name(p);
	const struct cp_plan_cohort *oc = NULL;
	const struct cp_plan_member *me = NULL;
	const char *zone;
	bool former_only = false;

	switch (f->kind) {
	case CP_FEED_COHORT:
		oc = cp_plan_find_cohort(p, f->id);
		zone = oc ? oc->anchor_zone : NULL;
		break;
	case CP_FEED_TEACHER:
		oc = teacher_cohort(p, f->id, &zone);
		break;
	case CP_FEED_PARTICIPANT:
	default:
		{
			struct who key = { f->id, NULL, NULL };
			const struct who *hit = bsearch(&key, w->who, w->n_who, sizeof(*w->who),
							who_cmp);
			me = hit ? hit->m : NULL;
			oc = hit ? hit->c : NULL;
		}
		zone = me ? me->zone : NULL;
		/* Someone who left every cohort still has a feed while it
		 * carries their cancelled lessons. */
		for (size_t i = 0; !me && i < p->n_former; i++)
			if (strcmp(p->former[i].participant, f->id) == 0) {
				zone = p->former[i].zone;
				former_only = true;
				break;
			}
		/* Someone with appointments only (an intake before placing). */
		if (!me && !former_only && (zone = extra_zone(w, CP_FEED_PARTICIPANT, f->id)))
			former_only = true;
		break;
	case CP_FEED_CASE_MANAGER:
		zone = extra_zone(w, CP_FEED_CASE_MANAGER, f->id);
		former_only = zone != NULL;
		break;
	}
	if (!oc && !former_only) {
		static const char *const what[] = { "cohort", "teacher", "placed participant",
						    "case manager with appointments" };
		cp_error_set(err, CP_ERR_NOT_FOUND, "the plan has no %s \"%s\"",
			     what[f->kind], f->id);
		free(course);
		return false;
	}
	struct zone_entry *z = zone_entry(w, zone, err);
	m = lang_entry(w, f->kind == CP_FEED_TEACHER || f->kind == CP_FEED_CASE_MANAGER
			       ? teacher_lang(w) : owner_lang(w, oc), err);
	if (!z || !m) {
		free(course);
		return false;
	}
	f->tz = z->tz;
	f->m = m;
	f->dtstamp = ical_utc(p->created);

	/* Calendar name and description. */
	char *name = NULL, *desc = NULL;
	calendar_texts(f, oc, course, &name, &desc);
	free(course);
	f->cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	add_header(f, name, desc);
	free(name);
	free(desc);

	/* The VTIMEZONE goes before the components that use it (some
	 * clients read in one pass); it is always there, as X-WR-TIMEZONE
	 * names it, unless every time is in UTC. */
	if (!w->o.utc_times) {
		icalcomponent *vtz = vtimezone_of(w, z);
		if (!vtz) {
			f->nomem = true;
			return true;
		}
		icalcomponent_add_component(f->cal, vtz);
	}
	for (size_t ci = 0; ci < p->n_cohorts && f->kind != CP_FEED_CASE_MANAGER; ci++) {
		const struct cp_plan_cohort *c = &p->cohorts[ci];
		if (f->kind == CP_FEED_TEACHER) {
			add_teacher_lessons(f, c);
			if (c->quiz.live && strcmp(c->teacher, f->id) == 0)
				add_quiz(f, c, NULL);
			continue;
		}
		if (c != oc)
			continue;
		for (size_t i = 0; i < c->n_lessons; i++)
			add_lesson(f, c, &c->lessons[i], false, me, i, COVER_NONE);
		for (size_t i = 0; i < c->n_cancelled; i++)
			add_lesson(f, c, &c->cancelled[i], true, me, SIZE_MAX, COVER_NONE);
		if (c->quiz.live || me)
			add_quiz(f, c, me);
	}
	for (size_t k = 0; me && k < me->n_modules; k++)
		add_module(f, oc, me, k);
	if (f->kind == CP_FEED_PARTICIPANT)
		add_former(f);
	if (f->kind == CP_FEED_PARTICIPANT || f->kind == CP_FEED_CASE_MANAGER)
		add_extras(f);
	return true;
}

/* f's calendar as text with its X- texts put back (x_text_put); NULL with
 * err set when libical fails or memory runs out (naming the feed id, when
 * not NULL). */
static char *
serialise(struct feed *f, const char *id, struct cp_error *err)
{
	char *text = icalcomponent_as_ical_string_r(f->cal);

	if (!text)
		cp_error_set(err, CP_ERR_LIBRARY, "libical could not serialise the feed: %s",
			     icalerror_strerror(icalerrno));
	else if (!(text = x_text_put(text, f)) && id)
		cp_error_set(err, CP_ERR_NOMEM, "out of memory writing the feed of \"%s\"", id);
	else if (!text)
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
	return text;
}

char *
cp_feed_write(struct cp_feed_writer *w, enum cp_feed_kind kind, const char *id, size_t *len,
	      struct cp_error *err)
{
	struct feed f = { .w = w, .kind = kind, .id = id };
	char *text = NULL;
	uint64_t t0 = now_ns();

	if ((unsigned)kind > CP_FEED_CASE_MANAGER || !id) {
		cp_error_set(err, CP_ERR_NOT_FOUND, "no such feed");
		return NULL;
	}
	cp_ical_lock();
	bool ok = build(&f, err);
	if (ok && !f.nomem) {
		uint64_t t1 = now_ns();
		text = serialise(&f, id, err);
		w->stats.serialise_ns += now_ns() - t1;
	} else if (ok) {
		cp_error_set(err, CP_ERR_NOMEM, "out of memory building the feed of \"%s\"", id);
	}
	if (f.cal)
		icalcomponent_free(f.cal);
	cp_ical_unlock();
	x_text_free(&f);
	if (text) {
		size_t n = strlen(text);
		if (len)
			*len = n;
		w->stats.feeds++;
		w->stats.bytes += n;
	}
	w->stats.total_ns += now_ns() - t0;
	return text;
}

char *
cp_feed_write_empty(const struct cp_feed_options *opts, enum cp_feed_kind kind, const char *id,
		    const char *course, size_t *len, struct cp_error *err)
{
	/* A writer over a plan with nothing in it but the course, so the
	 * header is the one every other feed has. */
	struct cp_plan nothing = { .course = course };
	struct cp_feed_writer *w = calloc(1, sizeof(*w));
	char *text = NULL, *name = NULL, *cname = NULL;

	if ((unsigned)kind > CP_FEED_CASE_MANAGER || !id) {
		cp_error_set(err, CP_ERR_NOT_FOUND, "no such feed");
		free(w);
		return NULL;
	}
	if (!w) {
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
		return NULL;
	}
	w->plan = &nothing;
	set_options(w, opts);
	struct cp_msg *m = lang_entry(w, kind == CP_FEED_TEACHER || kind == CP_FEED_CASE_MANAGER
					   ? teacher_lang(w) : owner_lang(w, NULL), err);
	if (!m)
		goto done;
	cname = course_name(&nothing);
	if (!cname) {
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
		goto done;
	}
	/* Never a participant's id: the feed may outlive their erasure. */
	if (kind == CP_FEED_PARTICIPANT) {
		name = cp_msg_format(m, "cal_name_discreet", 0, NULL);
	} else {
		const char *a[2] = { cname, id };
		name = cp_msg_format(m, kind == CP_FEED_TEACHER ? "cal_name_teacher"
					: kind == CP_FEED_CASE_MANAGER ? "cal_name_manager"
					: "cal_name_cohort", 2, a);
	}
	struct feed f = { .w = w, .kind = kind, .id = id, .m = m, .empty = true };
	cp_ical_lock();
	f.cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	add_header(&f, name, NULL);
	if (!f.nomem && name) {
		text = serialise(&f, NULL, err);
	} else {
		cp_error_set(err, CP_ERR_NOMEM, "out of memory");
	}
	icalcomponent_free(f.cal);
	cp_ical_unlock();
	x_text_free(&f);
	if (text && len)
		*len = strlen(text);
done:
	free(name);
	free(cname);
	cp_feed_writer_destroy(w);
	return text;
}
