/*
 * All exports of a plan (see export.h).
 */
#include "export.h"
#include "atomic_file.h"
#include "timetable.h"

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
}

static enum cp_export_status set_error(struct cp_export_error *err, enum cp_export_status s,
				       const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static enum cp_export_status
set_error(struct cp_export_error *err, enum cp_export_status s, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return s;
	err->status = s;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return s;
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
static enum cp_export_status
put_file(const char *dir, const char *name, char *buf, size_t len, struct cp_export_error *err)
{
	struct cp_file_error fe;
	char *path = join(dir, name);
	enum cp_export_status s = CP_EXPORT_OK;

	if (!path || !buf) {
		s = set_error(err, CP_EXPORT_ERR_NOMEM, "out of memory writing %s", name);
	} else if (!cp_atomic_write(path, buf, len, &fe)) {
		s = set_error(err, fe.errnum == ENOMEM ? CP_EXPORT_ERR_NOMEM : CP_EXPORT_ERR_IO, "%s",
			      fe.message);
	} else if (err) {
		err->files++;
	}
	free(path);
	free(buf);
	return s;
}

static enum cp_export_status
mkdir_or_fail(const char *path, struct cp_export_error *err)
{
	struct cp_file_error fe;
	if (!cp_mkdir_p(path, &fe))
		return set_error(err, CP_EXPORT_ERR_IO, "%s", fe.message);
	return CP_EXPORT_OK;
}

static enum cp_export_status
feed_status(enum cp_feed_status s)
{
	switch (s) {
	case CP_FEED_OK: return CP_EXPORT_OK;
	case CP_FEED_ERR_NOMEM: return CP_EXPORT_ERR_NOMEM;
	case CP_FEED_ERR_LIBICAL:
	case CP_FEED_ERR_LOCALE: return CP_EXPORT_ERR_IO;
	default: return CP_EXPORT_ERR_INPUT;
	}
}

static enum cp_export_status
write_feed(struct cp_feed_writer *fw, const char *dir, enum cp_feed_kind kind, const char *id,
	   struct cp_export_error *err)
{
	struct cp_feed_error fe;
	size_t len = 0;

	memset(&fe, 0, sizeof(fe));
	char *text = cp_feed_write(fw, kind, id, &len, &fe);
	if (!text)
		return set_error(err, feed_status(fe.status), "feed \"%s\": %s", id, fe.message);
	char *name = cp_feed_file_name(kind, id);
	if (!name) {
		free(text);
		return set_error(err, CP_EXPORT_ERR_NOMEM, "out of memory");
	}
	enum cp_export_status s = put_file(dir, name, text, len, err);
	free(name);
	return s;
}

static enum cp_export_status
write_feeds(const struct cp_plan *plan, struct cp_tzdb *db, const struct cp_export_options *o,
	    const char *outdir, struct cp_export_error *err)
{
	struct cp_feed_error fe;
	enum cp_export_status s;
	char *dir = join(outdir, "feeds");

	if (!dir)
		return set_error(err, CP_EXPORT_ERR_NOMEM, "out of memory");
	if ((s = mkdir_or_fail(dir, err)) != CP_EXPORT_OK) {
		free(dir);
		return s;
	}
	memset(&fe, 0, sizeof(fe));
	struct cp_feed_writer *fw = cp_feed_writer_create(plan, db, &o->feeds, &fe);
	if (!fw) {
		free(dir);
		return set_error(err, feed_status(fe.status), "%s", fe.message);
	}
	for (size_t i = 0; i < plan->n_cohorts && s == CP_EXPORT_OK; i++) {
		const struct cp_plan_cohort *c = &plan->cohorts[i];
		s = write_feed(fw, dir, CP_FEED_COHORT, c->id, err);
		bool first = true; /* one feed per teacher, at their first cohort */
		for (size_t j = 0; j < i && first; j++)
			first = strcmp(plan->cohorts[j].teacher, c->teacher) != 0;
		if (s == CP_EXPORT_OK && first)
			s = write_feed(fw, dir, CP_FEED_TEACHER, c->teacher, err);
		for (size_t j = 0; j < c->n_members && s == CP_EXPORT_OK; j++)
			s = write_feed(fw, dir, CP_FEED_PARTICIPANT, c->members[j].participant, err);
	}
	cp_feed_writer_destroy(fw);
	free(dir);
	return s;
}

enum cp_export_status
cp_export_all(const struct cp_plan *plan, struct cp_tzdb *tzdb,
	      const struct cp_export_options *opts, const char *outdir,
	      struct cp_export_error *err)
{
	struct cp_export_options defaults;
	enum cp_export_status s;

	if (err) {
		err->status = CP_EXPORT_OK;
		err->message[0] = '\0';
		err->files = 0;
	}
	if (!opts) {
		cp_export_options_init(&defaults);
		opts = &defaults;
	}
	if ((s = mkdir_or_fail(outdir, err)) != CP_EXPORT_OK)
		return s;
	if (opts->write_feeds && (s = write_feeds(plan, tzdb, opts, outdir, err)) != CP_EXPORT_OK)
		return s;
	if (opts->write_timetable) {
		size_t len = 0;
		char *text = cp_timetable_json_write(plan, tzdb, opts->feeds.uid_domain, &len);
		if (!text)
			return set_error(err, CP_EXPORT_ERR_NOMEM,
					 "cannot build timetable.json (out of memory or unknown zone)");
		if ((s = put_file(outdir, "timetable.json", text, len, err)) != CP_EXPORT_OK)
			return s;
	}
	if (opts->write_oneroster) {
		char *dir = join(outdir, "oneroster");
		if (!dir)
			return set_error(err, CP_EXPORT_ERR_NOMEM, "out of memory");
		s = mkdir_or_fail(dir, err);
		for (int f = 0; f < CP_ONEROSTER_COUNT && s == CP_EXPORT_OK; f++) {
			size_t len = 0;
			char *text = cp_oneroster_csv(plan, tzdb, &opts->oneroster,
						      (enum cp_oneroster_file)f, &len);
			if (!text)
				s = set_error(err, CP_EXPORT_ERR_NOMEM, "cannot build oneroster/%s",
					      cp_oneroster_file_name((enum cp_oneroster_file)f));
			else
				s = put_file(dir, cp_oneroster_file_name((enum cp_oneroster_file)f), text,
					     len, err);
		}
		free(dir);
		if (s != CP_EXPORT_OK)
			return s;
	}
	return CP_EXPORT_OK;
}
