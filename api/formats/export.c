/*
 * All exports of a plan (see export.h).
 */
#include "export.h"
#include "common/array.h"
#include "atomic_file.h"
#include "timetable.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
cp_export_options_init(struct cp_export_options *o)
{
	memset(o, 0, sizeof(*o));
	cp_feed_options_init(&o->feeds);
	o->write_feeds = o->write_timetable = o->write_oneroster = true;
	o->empty_stale_feeds = true;
}

/* The export's error while it runs: the caller's error and the count of
 * files written so far (cp_export_all hands both out). */
struct export_err {
	struct cp_error e;
	size_t files;
};

static enum cp_status set_error(struct export_err *err, enum cp_status s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum cp_status
set_error(struct export_err *err, enum cp_status s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cp_error_vset(&err->e, s, fmt, ap);
	va_end(ap);
	return s;
}

/* Pass a callee's error on, its status (out of memory included) unchanged. */
static enum cp_status
pass_error(struct export_err *err, const struct cp_error *from)
{
	err->e = *from;
	return from->status;
}

static char *
join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s/%s", a, b);
	return s;
}

/* Write buf (taking ownership) to dir/name. */
static enum cp_status
put_file(const char *dir, const char *name, char *buf, size_t len, struct export_err *err)
{
	struct cp_error fe;
	char *path = join(dir, name);
	enum cp_status s = CP_OK;

	if (!path || !buf) {
		s = set_error(err, CP_ERR_NOMEM, "out of memory writing %s", name);
	} else if (!cp_atomic_write(path, buf, len, &fe)) {
		s = pass_error(err, &fe);
	} else {
		err->files++;
	}
	free(path);
	free(buf);
	return s;
}

static enum cp_status
mkdir_or_fail(const char *path, struct export_err *err)
{
	struct cp_error fe;
	if (!cp_mkdir_p(path, &fe))
		return pass_error(err, &fe);
	return CP_OK;
}

/* File names written by this export, to tell stale feeds apart. */
struct names {
	char **v;
	size_t n, cap;
};

static void
names_finish(struct names *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
}

static bool
names_add(struct names *ns, char *name)
{
	char **v = cp_array_grow(ns->v, ns->n, &ns->cap, sizeof(*v), 64);

	if (!v)
		return false;
	ns->v = v;
	ns->v[ns->n++] = name;
	return true;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static enum cp_status
put_feed(const char *dir, enum cp_feed_kind kind, const char *id, char *text, size_t len,
	 struct names *written, struct export_err *err)
{
	char *name = cp_feed_file_name(kind, id);
	if (!name || (written && !names_add(written, name))) {
		free(name);
		free(text);
		return set_error(err, CP_ERR_NOMEM, "out of memory");
	}
	enum cp_status s = put_file(dir, name, text, len, err);
	if (!written)
		free(name);
	return s;
}

static enum cp_status
write_feed(struct cp_feed_writer *fw, const char *dir, enum cp_feed_kind kind, const char *id,
	   struct names *written, struct export_err *err)
{
	struct cp_error fe;
	size_t len = 0;

	memset(&fe, 0, sizeof(fe));
	char *text = cp_feed_write(fw, kind, id, &len, &fe);
	if (!text)
		return pass_error(err, &fe), cp_error_prefix(&err->e, "feed \"%s\"", id);
	return put_feed(dir, kind, id, text, len, written, err);
}

/* Undo cp_feed_file_name: kind and id of "participant-P%2F1.ics"; false
 * for names it cannot have made. */
static bool
parse_feed_name(const char *name, enum cp_feed_kind *kind, char *id, size_t id_size)
{
	static const struct { const char *prefix; enum cp_feed_kind kind; } kinds[] = {
		{ "cohort-", CP_FEED_COHORT },
		{ "teacher-", CP_FEED_TEACHER },
		{ "participant-", CP_FEED_PARTICIPANT },
		{ "manager-", CP_FEED_CASE_MANAGER },
	};
	size_t len = strlen(name);
	if (len < 5 || strcmp(name + len - 4, ".ics") != 0)
		return false;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		size_t pl = strlen(kinds[k].prefix);
		if (strncmp(name, kinds[k].prefix, pl) != 0)
			continue;
		size_t n = 0;
		for (size_t i = pl; i < len - 4; i++) {
			unsigned v;
			char c = name[i];
			if (c == '%') {
				if (i + 2 >= len - 4 || sscanf(name + i + 1, "%2x", &v) != 1 || v == 0)
					return false;
				c = (char)v;
				i += 2;
			}
			if (n + 1 >= id_size)
				return false;
			id[n++] = c;
		}
		id[n] = '\0';
		*kind = kinds[k].kind;
		return n > 0;
	}
	return false;
}

/* Feeds an earlier export wrote into dir for subjects this plan no longer
 * has become empty calendars: whoever serves the folder keeps answering
 * their URLs, and subscribed clients drop the lessons instead of keeping
 * them forever. */
static enum cp_status
empty_stale_feeds(const struct cp_plan *plan, const struct cp_export_options *o,
		  const char *dir, struct names *written, struct export_err *err)
{
	enum cp_status s = CP_OK;
	struct names stale = { 0 };
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return cp_error_errno(&err->e, errno, "%s: %s", dir, strerror(errno));
	if (written->n)
		qsort(written->v, written->n, sizeof(*written->v), name_cmp);
	while ((de = readdir(d))) {
		const char *nm = de->d_name;
		if (nm[0] == '.' || (written->n && bsearch(&nm, written->v, written->n,
							     sizeof(*written->v), name_cmp)))
			continue;
		char *copy = strdup(nm);
		if (!copy || !names_add(&stale, copy)) {
			free(copy);
			s = set_error(err, CP_ERR_NOMEM, "out of memory");
			break;
		}
	}
	closedir(d);
	/* In name order, so the files written do not depend on the
	 * directory's order. */
	if (s == CP_OK && stale.n)
		qsort(stale.v, stale.n, sizeof(*stale.v), name_cmp);
	for (size_t i = 0; i < stale.n && s == CP_OK; i++) {
		enum cp_feed_kind kind;
		char id[256];
		struct cp_error fe;
		size_t len = 0;

		if (!parse_feed_name(stale.v[i], &kind, id, sizeof(id)))
			continue; /* not ours */
		memset(&fe, 0, sizeof(fe));
		char *text = cp_feed_write_empty(&o->feeds, kind, id,
						 plan->course_title ? plan->course_title : plan->course,
						 &len, &fe);
		if (!text)
			s = (pass_error(err, &fe), cp_error_prefix(&err->e, "feed \"%s\"", id));
		else
			s = put_file(dir, stale.v[i], text, len, err);
	}
	names_finish(&stale);
	return s;
}

static enum cp_status
write_feeds(const struct cp_plan *plan, struct cp_tzdb *db, const struct cp_export_options *o,
	    const char *outdir, struct export_err *err)
{
	struct cp_error fe;
	enum cp_status s;
	struct names written = { 0 };
	char *dir = join(outdir, "feeds");

	if (!dir)
		return set_error(err, CP_ERR_NOMEM, "out of memory");
	if ((s = mkdir_or_fail(dir, err)) != CP_OK) {
		free(dir);
		return s;
	}
	memset(&fe, 0, sizeof(fe));
	struct cp_feed_writer *fw = cp_feed_writer_create(plan, db, &o->feeds, &fe);
	if (!fw) {
		free(dir);
		return pass_error(err, &fe);
	}
	/* Dissolved cohorts too: their feeds carry the cancellations. */
	for (size_t i = 0; i < plan->n_cohorts && s == CP_OK; i++) {
		const struct cp_plan_cohort *c = &plan->cohorts[i];
		s = write_feed(fw, dir, CP_FEED_COHORT, c->id, &written, err);
		bool first = true; /* one feed per teacher, at their first cohort */
		for (size_t j = 0; j < i && first; j++)
			first = strcmp(plan->cohorts[j].teacher, c->teacher) != 0;
		if (s == CP_OK && first)
			s = write_feed(fw, dir, CP_FEED_TEACHER, c->teacher, &written, err);
		for (size_t j = 0; j < c->n_members && s == CP_OK; j++)
			s = write_feed(fw, dir, CP_FEED_PARTICIPANT, c->members[j].participant,
				       &written, err);
	}
	/* Teachers who only substitute have a feed of their own too. */
	size_t cursor = 0;
	for (const char *t; s == CP_OK && (t = cp_plan_next_substitute_only(plan, &cursor));)
		s = write_feed(fw, dir, CP_FEED_TEACHER, t, &written, err);
	/* People who left every cohort but still have cancellations to see
	 * (members' feeds already hold theirs). */
	for (size_t i = 0; i < plan->n_former && s == CP_OK; i++) {
		const char *who = plan->former[i].participant;
		bool done = cp_plan_find_member(plan, who, NULL) != NULL;
		for (size_t j = 0; j < i && !done; j++)
			done = strcmp(plan->former[j].participant, who) == 0;
		if (!done)
			s = write_feed(fw, dir, CP_FEED_PARTICIPANT, who, &written, err);
	}
	/* Extras (feeds.h): people with appointments but no place yet, and
	 * every case manager, each once. */
	const struct cp_feed_extra *ex = o->feeds.extras;
	for (size_t i = 0; i < o->feeds.n_extras && s == CP_OK; i++) {
		bool done = cp_plan_find_member(plan, ex[i].participant, NULL) != NULL;
		for (size_t j = 0; j < plan->n_former && !done; j++)
			done = strcmp(plan->former[j].participant, ex[i].participant) == 0;
		for (size_t j = 0; j < i && !done; j++)
			done = strcmp(ex[j].participant, ex[i].participant) == 0;
		if (!done)
			s = write_feed(fw, dir, CP_FEED_PARTICIPANT, ex[i].participant, &written, err);
		if (s != CP_OK || !ex[i].manager)
			continue;
		done = false;
		for (size_t j = 0; j < i && !done; j++)
			done = ex[j].manager && strcmp(ex[j].manager, ex[i].manager) == 0;
		if (!done)
			s = write_feed(fw, dir, CP_FEED_CASE_MANAGER, ex[i].manager, &written, err);
	}
	if (s == CP_OK && o->empty_stale_feeds)
		s = empty_stale_feeds(plan, o, dir, &written, err);
	names_finish(&written);
	cp_feed_writer_destroy(fw);
	free(dir);
	return s;
}

static enum cp_status
export_all(const struct cp_plan *plan, struct cp_tzdb *tzdb,
	   const struct cp_export_options *opts, const char *outdir,
	   struct export_err *err)
{
	struct cp_export_options defaults;
	enum cp_status s;

	if (!opts) {
		cp_export_options_init(&defaults);
		opts = &defaults;
	}
	if ((s = mkdir_or_fail(outdir, err)) != CP_OK)
		return s;
	if (opts->write_feeds && (s = write_feeds(plan, tzdb, opts, outdir, err)) != CP_OK)
		return s;
	if (opts->write_timetable) {
		size_t len = 0;
		char *text = cp_timetable_json_write(plan, tzdb, opts->feeds.uid_domain, &len);
		if (!text)
			return set_error(err, CP_ERR_NOMEM,
					 "cannot build timetable.json (out of memory or unknown zone)");
		if ((s = put_file(outdir, "timetable.json", text, len, err)) != CP_OK)
			return s;
	}
	if (opts->write_oneroster) {
		char *dir = join(outdir, "oneroster");
		if (!dir)
			return set_error(err, CP_ERR_NOMEM, "out of memory");
		s = mkdir_or_fail(dir, err);
		for (int f = 0; f < CP_ONEROSTER_COUNT && s == CP_OK; f++) {
			size_t len = 0;
			char *text = cp_oneroster_csv(plan, tzdb, &opts->oneroster,
						      (enum cp_oneroster_file)f, &len);
			if (!text)
				s = set_error(err, CP_ERR_NOMEM, "cannot build oneroster/%s",
					      cp_oneroster_file_name((enum cp_oneroster_file)f));
			else
				s = put_file(dir, cp_oneroster_file_name((enum cp_oneroster_file)f), text,
					     len, err);
		}
		free(dir);
		if (s != CP_OK)
			return s;
	}
	return CP_OK;
}

enum cp_status
cp_export_all(const struct cp_plan *plan, struct cp_tzdb *tzdb,
	      const struct cp_export_options *opts, const char *outdir,
	      size_t *files, struct cp_error *err)
{
	struct export_err e = { .files = 0 };

	cp_error_clear(&e.e);
	enum cp_status s = export_all(plan, tzdb, opts, outdir, &e);
	if (files)
		*files = e.files;
	if (err)
		*err = e.e;
	return s;
}

struct cp_feed_extra *
cp_export_makeup_extras(const struct cp_plan *plan, const struct cp_progress_accepted *acc,
			size_t n)
{
	struct cp_feed_extra *x = calloc(n ? n : 1, sizeof(*x));
	if (!x)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const struct cp_plan_cohort *own = &plan->cohorts[acc[i].cohort];
		const struct cp_plan_cohort *oc = &plan->cohorts[acc[i].opt_cohort];
		const struct cp_plan_lesson *l = &oc->lessons[acc[i].opt_lesson];
		x[i] = (struct cp_feed_extra){
			.kind = CP_FEED_EXTRA_MAKEUP,
			.participant = own->members[acc[i].member].participant,
			.start = l->start,
			.end = l->end,
			.sequence = l->sequence,
			.cohort = oc->id,
			.lesson = l->number,
			.theme = l->theme,
			.own_cohort = own->id,
			.missed_lesson = own->lessons[acc[i].missed].number,
		};
	}
	return x;
}
