/*
 * OneRoster 1.1 CSV bundle (see oneroster.h). Column lists follow the
 * OneRoster 1.1 CSV binding, in its order.
 */
#include "oneroster.h"

#include "common/strbuf.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const file_names[CP_ONEROSTER_COUNT] = {
	"manifest.csv", "orgs.csv", "academicSessions.csv", "courses.csv",
	"classes.csv", "users.csv", "enrollments.csv",
};

const char *
cp_oneroster_file_name(enum cp_oneroster_file f)
{
	return (unsigned)f < CP_ONEROSTER_COUNT ? file_names[f] : "?";
}

struct csv {
	struct cp_strbuf b;
	bool first; /* at the start of a row */
};

static void
put(struct csv *c, const char *s, size_t n)
{
	cp_strbuf_addn(&c->b, s, n);
}

/* One field, quoted when RFC 4180 needs it. NULL is an empty field. */
static void
field(struct csv *c, const char *v)
{
	if (!c->first)
		put(c, ",", 1);
	c->first = false;
	if (!v)
		return;
	if (!strpbrk(v, ",\"\r\n")) {
		put(c, v, strlen(v));
		return;
	}
	put(c, "\"", 1);
	for (const char *p = v; *p; p++) {
		put(c, p, 1);
		if (*p == '"')
			put(c, "\"", 1); /* a quote inside a quoted field is doubled */
	}
	put(c, "\"", 1);
}

static void
row_end(struct csv *c)
{
	put(c, "\r\n", 2);
	c->first = true;
}

static void
header(struct csv *c, const char *cols)
{
	put(c, cols, strlen(cols));
	row_end(c);
}

/* The local date of t in zone as "YYYY-MM-DD" into b[11]. */
static bool
local_date(struct cp_tzdb *db, const char *zone, cp_instant t, char b[16])
{
	const struct cp_tz *tz = cp_tzdb_zone(db, zone, NULL);
	struct cp_tz_local l;
	if (!tz)
		return false;
	cp_tz_to_local(tz, t, &l);
	snprintf(b, 16, "%04d-%02d-%02d", (int)l.wall.year, l.wall.month, l.wall.day);
	return true;
}

/* First and last instant of a cohort's live lessons. */
static bool
cohort_span(const struct cp_plan_cohort *c, cp_instant *lo, cp_instant *hi)
{
	if (!c->n_lessons)
		return false;
	*lo = c->lessons[0].start;
	*hi = c->lessons[0].end;
	for (size_t i = 1; i < c->n_lessons; i++) {
		if (c->lessons[i].start < *lo)
			*lo = c->lessons[i].start;
		if (c->lessons[i].end > *hi)
			*hi = c->lessons[i].end;
	}
	return true;
}

/* Does cohort i's teacher appear in an earlier cohort (one user row each)? */
static bool
teacher_seen_before(const struct cp_plan *p, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (!p->cohorts[j].dissolved &&
		    strcmp(p->cohorts[j].teacher, p->cohorts[i].teacher) == 0)
			return true;
	return false;
}

/* The course's dates: first to last lesson over all cohorts, each in its
 * cohort's anchor zone (the plan's day when it has no lessons). */
static bool
course_dates(const struct cp_plan *p, struct cp_tzdb *db, char d0[16], char d1[16])
{
	d0[0] = d1[0] = '\0';
	cp_instant lo = INT64_MAX, hi = INT64_MIN;
	const struct cp_plan_cohort *clo = NULL, *chi = NULL;
	for (size_t i = 0; i < p->n_cohorts; i++) {
		cp_instant a, b;
		if (!cohort_span(&p->cohorts[i], &a, &b))
			continue;
		if (a < lo) {
			lo = a;
			clo = &p->cohorts[i];
		}
		if (b > hi) {
			hi = b;
			chi = &p->cohorts[i];
		}
	}
	if (clo && (!local_date(db, clo->anchor_zone, lo, d0) ||
		    !local_date(db, chi->anchor_zone, hi, d1)))
		return false;
	if (!clo) {
		struct cp_civil cv;
		cp_instant_to_civil(p->created, &cv);
		snprintf(d0, 16, "%04d-%02d-%02d", (int)cv.year % 10000, cv.month % 100, cv.day % 100);
		memcpy(d1, d0, 16);
	}
	return true;
}

static void
manifest(struct csv *c)
{
	header(c, "propertyName,value");
	header(c, "manifest.version,1.0");
	header(c, "oneroster.version,1.1");
	header(c, "file.academicSessions,bulk");
	header(c, "file.categories,absent");
	header(c, "file.classes,bulk");
	header(c, "file.classResources,absent");
	header(c, "file.courses,bulk");
	header(c, "file.courseResources,absent");
	header(c, "file.demographics,absent");
	header(c, "file.enrollments,bulk");
	header(c, "file.lineItems,absent");
	header(c, "file.orgs,bulk");
	header(c, "file.resources,absent");
	header(c, "file.results,absent");
	header(c, "file.users,bulk");
	header(c, "source.systemName,cohortplan");
	header(c, "source.systemCode,cohortplan");
}

static void
users(struct csv *c, const struct cp_plan *p, const char *org)
{
	header(c, "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,"
		   "userIds,givenName,familyName,middleName,identifier,email,sms,phone,"
		   "agentSourcedIds,grades,password");
	for (size_t i = 0; i < p->n_cohorts; i++) {
		const struct cp_plan_cohort *k = &p->cohorts[i];
		if (!k->dissolved && !teacher_seen_before(p, i)) {
			field(c, k->teacher), field(c, NULL), field(c, NULL);
			field(c, "true"), field(c, org), field(c, "teacher");
			field(c, k->teacher), field(c, NULL), field(c, k->teacher);
			field(c, "teacher");
			for (int n = 0; n < 8; n++)
				field(c, NULL);
			row_end(c);
		}
	}
	for (size_t i = 0; i < p->n_cohorts; i++) {
		const struct cp_plan_cohort *k = &p->cohorts[i];
		for (size_t j = 0; j < k->n_members; j++) {
			const char *id = k->members[j].participant;
			field(c, id), field(c, NULL), field(c, NULL);
			field(c, "true"), field(c, org), field(c, "student");
			field(c, id), field(c, NULL), field(c, id), field(c, "participant");
			for (int n = 0; n < 8; n++)
				field(c, NULL);
			row_end(c);
		}
	}
}

/* False when a lesson date cannot be computed (c is freed then). */
static bool
enrollments(struct csv *c, const struct cp_plan *p, struct cp_tzdb *db, const char *org,
	    const char *course)
{
	char cls[160];
	header(c, "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,"
		   "userSourcedId,role,primary,beginDate,endDate");
	for (size_t i = 0; i < p->n_cohorts; i++) {
		const struct cp_plan_cohort *k = &p->cohorts[i];
		char e0[16] = "", e1[16] = "", id[320];
		cp_instant a, b;
		if (k->dissolved)
			continue;
		if (cohort_span(k, &a, &b) && (!local_date(db, k->anchor_zone, a, e0) ||
					       !local_date(db, k->anchor_zone, b, e1))) {
			free(c->b.s);
			return false;
		}
		snprintf(cls, sizeof(cls), "%s-%s", course, k->id);
		snprintf(id, sizeof(id), "%s-%s", cls, k->teacher);
		field(c, id), field(c, NULL), field(c, NULL), field(c, cls);
		field(c, org), field(c, k->teacher), field(c, "teacher"), field(c, "true");
		field(c, e0[0] ? e0 : NULL), field(c, e1[0] ? e1 : NULL);
		row_end(c);
		for (size_t j = 0; j < k->n_members; j++) {
			const char *u = k->members[j].participant;
			snprintf(id, sizeof(id), "%s-%s", cls, u);
			field(c, id), field(c, NULL), field(c, NULL), field(c, cls);
			field(c, org), field(c, u), field(c, "student"), field(c, "false");
			field(c, e0[0] ? e0 : NULL), field(c, e1[0] ? e1 : NULL);
			row_end(c);
		}
	}
	return true;
}

char *
cp_oneroster_csv(const struct cp_plan *p, struct cp_tzdb *db,
		 const struct cp_oneroster_options *opts, enum cp_oneroster_file f, size_t *len)
{
	struct csv c = { .first = true };
	const char *org = opts && opts->org_id ? opts->org_id : "cohortplan-org";
	const char *org_name = opts && opts->org_name ? opts->org_name : "Integration agency";
	const char *course = p->course ? p->course : "course";
	char session[160], d0[16], d1[16], year[8], cls[160];

	snprintf(session, sizeof(session), "%s-term", course);
	if (!course_dates(p, db, d0, d1))
		return NULL;
	snprintf(year, sizeof(year), "%.4s", d0);

	switch (f) {
	case CP_ONEROSTER_MANIFEST:
		manifest(&c);
		break;
	case CP_ONEROSTER_ORGS:
		header(&c, "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId");
		field(&c, org), field(&c, NULL), field(&c, NULL), field(&c, org_name);
		field(&c, "school"), field(&c, NULL), field(&c, NULL);
		row_end(&c);
		break;
	case CP_ONEROSTER_SESSIONS:
		header(&c, "sourcedId,status,dateLastModified,title,type,startDate,endDate,"
			   "parentSourcedId,schoolYear");
		field(&c, session), field(&c, NULL), field(&c, NULL);
		field(&c, p->course_title ? p->course_title : course);
		field(&c, "term"), field(&c, d0), field(&c, d1), field(&c, NULL), field(&c, year);
		row_end(&c);
		break;
	case CP_ONEROSTER_COURSES:
		header(&c, "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,"
			   "grades,orgSourcedId,subjects,subjectCodes");
		field(&c, course), field(&c, NULL), field(&c, NULL), field(&c, NULL);
		field(&c, p->course_title ? p->course_title : course), field(&c, course);
		field(&c, NULL), field(&c, org), field(&c, NULL), field(&c, NULL);
		row_end(&c);
		break;
	case CP_ONEROSTER_CLASSES:
		header(&c, "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,"
			   "classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,"
			   "periods");
		for (size_t i = 0; i < p->n_cohorts; i++) {
			const struct cp_plan_cohort *k = &p->cohorts[i];
			if (k->dissolved)
				continue; /* kept for calendars only */
			snprintf(cls, sizeof(cls), "%s-%s", course, k->id);
			field(&c, cls), field(&c, NULL), field(&c, NULL), field(&c, k->id);
			field(&c, NULL), field(&c, course), field(&c, k->id), field(&c, "scheduled");
			field(&c, "online"), field(&c, org), field(&c, session), field(&c, NULL);
			field(&c, NULL), field(&c, NULL);
			row_end(&c);
		}
		break;
	case CP_ONEROSTER_USERS:
		users(&c, p, org);
		break;
	case CP_ONEROSTER_ENROLLMENTS:
		if (!enrollments(&c, p, db, org, course))
			return NULL;
		break;
	default:
		return NULL;
	}
	if (c.b.nomem || !c.b.s) {
		free(c.b.s);
		return NULL;
	}
	if (len)
		*len = c.b.len;
	return c.b.s;
}
