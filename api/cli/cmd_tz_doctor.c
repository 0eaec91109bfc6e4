/*
 * cohortplan tz doctor: where ICU's built-in zone data and libical (reading
 * the pinned zoneinfo) disagree with the pinned tzdata.
 * cohortplan tz diff: where another compiled tzdata release disagrees with
 * the pinned one (the engine of tzdata/update).
 *
 * Both compare exactly, by transitions (tz_compare.h), over a horizon of
 * whole UTC days, and print one line per interval of disagreement. The output
 * and exit codes are documented in docs/tz-doctor.md; scripts parse them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "tz_check.h"
#include "tz_compare.h"

/* The default horizon, in calendar years from the current one: plans are
 * made for this year and the next two. */
#define DEFAULT_YEARS 3

static const char doctor_help[] =
	"Usage: cohortplan tz doctor [ZONE...] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--verbose]\n"
	"\n"
	"Compare, transition by transition, what ICU's built-in time zone data and\n"
	"what libical (reading cohortplan's pinned zoneinfo) say with the pinned\n"
	"tzdata, and print each interval where they disagree:\n"
	"\n"
	"  ZONE  ICU|libical  START .. END  pinned OFFSET (ABBR)  ICU|libical OFFSET\n"
	"\n"
	"START is the first instant of disagreement and END the first instant of\n"
	"agreement after it (or the end of the horizon), both UTC. A zone ICU does\n"
	"not know is flagged: ICU silently answers GMT for it.\n"
	"\n"
	"Without ZONE, every zone of the pinned data is checked (links are not).\n"
	"The horizon runs from --from (00:00 UTC) through the whole day --to; the\n"
	"default is 1 January of the current year through 31 December two years on.\n"
	"\n"
	"Options:\n"
	"  --from DATE    first day of the horizon\n"
	"  --to DATE      last day of the horizon (inclusive)\n"
	"  -v, --verbose  also print a line for each zone that agrees\n"
	"\n"
	"Exit status: 0 all agree, 3 a disagreement was found, 2 unknown zone,\n"
	"1 internal or I/O error, 64 bad usage.\n";

static const char diff_help[] =
	"Usage: cohortplan tz diff OTHER_ZONEINFO_DIR [ZONE...] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
	"\n"
	"Compare the pinned tzdata with another compiled zoneinfo directory (zic\n"
	"output plus the tzdata.zi it came from), transition by transition, and\n"
	"print each interval where a zone's UTC offset differs:\n"
	"\n"
	"  ZONE  changed  START .. END  pinned OFFSET (ABBR)  other OFFSET (ABBR)\n"
	"  ZONE  added    zone | link to TARGET\n"
	"  ZONE  removed  zone | link to TARGET\n"
	"  ZONE  relinked  pinned TARGET, other TARGET\n"
	"\n"
	"Without ZONE, every name of both releases is compared (a link whose target\n"
	"is unchanged is covered by its target). The horizon is as for tz doctor:\n"
	"from --from (00:00 UTC) through the whole day --to, by default 1 January\n"
	"of the current year through 31 December two years on.\n"
	"\n"
	"Options:\n"
	"  --from DATE    first day of the horizon\n"
	"  --to DATE      last day of the horizon (inclusive)\n"
	"\n"
	"Exit status: 0 no zone changes, 3 offsets change or zones were added or\n"
	"removed, 2 unknown zone, 1 unreadable directory or internal error, 64 bad usage.\n";

struct opts {
	cp_instant from;   /* first instant of the horizon */
	cp_instant to;     /* first instant after it */
	bool verbose;
	const char *dir;   /* tz diff: the other release */
	const char **names; /* positional zone names, borrowed from argv */
	size_t nnames;
};

static bool
parse_day(const char *s, cp_instant *out)
{
	struct cp_civil c;

	if (!cp_parse_date(s, &c))
		return false;
	*out = cp_days_from_civil(c.year, c.month, c.day) * 86400;
	return true;
}

/* Returns -1 to go on, else the exit status (help printed, usage error). */
static int
parse_opts(struct cp_cli *cli, const char *cmd, const char *help, bool want_dir,
	   int argc, char **argv, struct opts *o)
{
	const char *from_s = NULL, *to_s = NULL;
	bool only_names = false;

	memset(o, 0, sizeof(*o));
	o->names = calloc((size_t)argc + 1, sizeof(*o->names));
	if (!o->names) {
		fprintf(cli->err, "cohortplan %s: out of memory\n", cmd);
		return CP_EXIT_FAILURE;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **dst = NULL;
		const char *val = NULL;

		if (only_names || a[0] != '-' || a[1] == '\0') {
			if (want_dir && !o->dir)
				o->dir = a;
			else
				o->names[o->nnames++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_names = true;
			continue;
		}
		if (cp_cli_is_help(a)) {
			fputs(help, cli->out);
			return CP_EXIT_OK;
		}
		if (!want_dir && (!strcmp(a, "--verbose") || !strcmp(a, "-v"))) {
			o->verbose = true;
			continue;
		}
		if (!strncmp(a, "--from", 6))
			dst = &from_s;
		else if (!strncmp(a, "--to", 4))
			dst = &to_s;
		if (dst) {
			const char *rest = a + (dst == &from_s ? 6 : 4);
			if (rest[0] == '=') {
				val = rest + 1;
			} else if (rest[0] == '\0') {
				if (i + 1 >= argc)
					return cp_cli_usage(cli, cmd, "option '%s' needs a date", a);
				val = argv[++i];
			} else {
				dst = NULL;
			}
		}
		if (!dst)
			return cp_cli_usage(cli, cmd, "unknown option '%s'", a);
		*dst = val;
	}
	if (want_dir && !o->dir)
		return cp_cli_usage(cli, cmd, "missing the other zoneinfo directory");

	/* The default horizon is the one thing here that reads the clock. */
	{
		time_t now = time(NULL);
		struct tm tm;
		int32_t year = 1970;

		if (gmtime_r(&now, &tm))
			year = (int32_t)tm.tm_year + 1900;
		o->from = cp_days_from_civil(year, 1, 1) * 86400;
		o->to = cp_days_from_civil(year + DEFAULT_YEARS, 1, 1) * 86400;
	}
	if (from_s && !parse_day(from_s, &o->from))
		return cp_cli_usage(cli, cmd, "--from wants a date YYYY-MM-DD, not '%s'", from_s);
	if (to_s) {
		if (!parse_day(to_s, &o->to))
			return cp_cli_usage(cli, cmd, "--to wants a date YYYY-MM-DD, not '%s'", to_s);
		o->to += 86400;
	}
	if (o->from >= o->to)
		return cp_cli_usage(cli, cmd, "--from must not be after --to");
	return -1;
}

/* How both commands start: parse_opts() and the pinned data opened into
 * *pinned. -1 to go on, else the exit status. */
static int
start(struct cp_cli *cli, const char *cmd, const char *help, bool want_dir, int argc,
      char **argv, struct opts *o, struct cp_tzdb **pinned)
{
	int rc = parse_opts(cli, cmd, help, want_dir, argc, argv, o);

	if (rc >= 0)
		return rc;
	*pinned = cp_cli_tzdb(cli);
	return *pinned ? -1 : CP_EXIT_FAILURE;
}

static size_t
name_width(const char *const *names, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++)
		if (strlen(names[i]) > w)
			w = strlen(names[i]);
	return w;
}

/* "pinned +05 (+05)": an offset and, where known, the abbreviation at t. */
static void
print_side(FILE *f, const char *label, int32_t utoff, const struct cp_tz *tz, cp_instant t)
{
	char ob[CP_TZCMP_OFFSET_BUFSZ];

	fprintf(f, "%s %s", label, cp_tzcmp_format_offset(utoff, ob));
	if (tz) {
		struct cp_tz_local loc;
		cp_tz_to_local(tz, t, &loc);
		fprintf(f, " (%s)", loc.abbr);
	}
}

static void
print_interval(FILE *f, int width, const char *zone, const char *kind,
	       const struct cp_tzcmp_diff *d, const struct cp_tz *pinned,
	       const char *other_label, const struct cp_tz *other)
{
	char sb[CP_TIME_BUFSZ], eb[CP_TIME_BUFSZ];

	fprintf(f, "%-*s  %-7s  %s .. %s  ", width, zone, kind, cp_format_utc(d->start, sb),
		cp_format_utc(d->end, eb));
	print_side(f, "pinned", d->a, pinned, d->start);
	fputs("  ", f);
	print_side(f, other_label, d->b, other, d->start);
	fputc('\n', f);
}

/* Compare two timelines and print the disagreements. Returns their number,
 * or (size_t)-1 when out of memory. */
static size_t
report(FILE *f, int width, const char *zone, const char *kind,
       const struct cp_tzcmp_timeline *a, const struct cp_tz *tza,
       const struct cp_tzcmp_timeline *b, const char *label_b, const struct cp_tz *tzb)
{
	size_t n = cp_tzcmp_compare(a, b, NULL, 0);
	struct cp_tzcmp_diff *d;

	if (!n)
		return 0;
	d = calloc(n, sizeof(*d));
	if (!d)
		return (size_t)-1;
	cp_tzcmp_compare(a, b, d, n);
	for (size_t i = 0; i < n; i++)
		print_interval(f, width, zone, kind, &d[i], tza, label_b, tzb);
	free(d);
	return n;
}

static void
print_header_range(FILE *f, const struct opts *o)
{
	char fb[CP_TIME_BUFSZ], tb[CP_TIME_BUFSZ];

	fprintf(f, "# horizon: %s .. %s\n", cp_format_utc(o->from, fb), cp_format_utc(o->to, tb));
}

/* ---- tz doctor --------------------------------------------------------- */

struct doctor {
	struct cp_cli *cli;
	struct cp_tzdb *db;
	const struct opts *o;
	int width;
	size_t checked, icu_bad, icu_unknown, ical_bad;
	bool input_error;
	bool failure;
};

/* One source's timeline against the pinned one: its disagreements printed
 * and counted in *n, or, when it could not be built (built false, msg says
 * why), that said and *flag set. False (d->failure set) when writing the
 * comparison failed. */
static bool
compare_source(struct doctor *d, const char *name, const struct cp_tz *tz,
	       const struct cp_tzcmp_timeline *pinned, const struct cp_tzcmp_timeline *other,
	       bool built, const char *msg, const char *source, size_t *n, bool *flag)
{
	if (!built) {
		fprintf(d->cli->out, "%-*s  %-7s  cannot compare: %s\n", d->width, name, source,
			msg);
		*flag = true;
		return true;
	}
	*n = report(d->cli->out, d->width, name, source, pinned, tz, other, source, NULL);
	if (*n == (size_t)-1) {
		d->failure = true;
		return false;
	}
	return true;
}

/* One zone against ICU and libical. */
static void
doctor_zone(struct doctor *d, const char *name)
{
	FILE *f = d->cli->out;
	struct cp_tz_error tzerr = { .status = CP_TZ_OK };
	struct cp_error icuerr = { .status = CP_OK };
	struct cp_error icalerr = { .status = CP_OK };
	struct cp_tzcmp_timeline pinned, icu, ical;
	struct cp_icu_zone *iz = NULL;
	struct cp_ical_zone *lz = NULL;
	const struct cp_tz *tz;
	char msg[256];
	size_t n_icu = 0, n_ical = 0;
	bool icu_flag = false, ical_flag = false;

	tz = cp_tzdb_zone(d->db, name, &tzerr);
	if (!tz) {
		fprintf(d->cli->err, "cohortplan tz doctor: %s\n",
			tzerr.message[0] ? tzerr.message : cp_tz_strerror(tzerr.status));
		if (tzerr.status == CP_TZ_ERR_UNKNOWN_ZONE || tzerr.status == CP_TZ_ERR_BAD_NAME)
			d->input_error = true;
		else
			d->failure = true;
		return;
	}
	d->checked++;
	cp_tzcmp_timeline_init(&pinned, d->o->from, d->o->to);
	cp_tzcmp_timeline_init(&icu, d->o->from, d->o->to);
	cp_tzcmp_timeline_init(&ical, d->o->from, d->o->to);
	if (cp_tzcmp_timeline_from_tz(&pinned, tz) != CP_TZCMP_OK) {
		fprintf(d->cli->err, "cohortplan tz doctor: %s: cannot list the pinned transitions\n",
			name);
		d->failure = true;
		goto out;
	}

	/* ICU, asked with the name as given: that is what data files carry. */
	iz = cp_icu_zone_create(name, &icuerr);
	if (!iz) {
		fprintf(f, "%-*s  %-7s  cannot ask ICU: %s\n", d->width, name, "ICU", icuerr.message);
		icu_flag = true;
	} else {
		if (!cp_icu_zone_known(iz)) {
			fprintf(f, "%-*s  %-7s  unknown to ICU %s (tzdata %s): it answers %s (GMT, +00)\n",
				d->width, name, "ICU", cp_icu_version(), cp_icu_tz_data_version(),
				cp_icu_zone_id(iz));
			d->icu_unknown++;
			icu_flag = true;
		}
		bool built = cp_tzcheck_icu_timeline(&icu, iz, msg, sizeof(msg)) == CP_TZCMP_OK;
		if (!compare_source(d, name, tz, &pinned, &icu, built, msg, "ICU", &n_icu, &icu_flag))
			goto out;
	}
	if (n_icu || icu_flag)
		d->icu_bad++;

	/* libical, reading the very zoneinfo the pinned data was opened on. */
	lz = cp_ical_zone_create(cp_tzdb_dir(d->db), name, &icalerr);
	if (!lz) {
		fprintf(f, "%-*s  %-7s  cannot load: %s\n", d->width, name, "libical",
			icalerr.message);
		ical_flag = true;
	} else {
		bool built = cp_tzcheck_ical_timeline(&ical, lz, msg, sizeof(msg)) == CP_TZCMP_OK;
		if (!compare_source(d, name, tz, &pinned, &ical, built, msg, "libical", &n_ical,
				    &ical_flag))
			goto out;
	}
	if (n_ical || ical_flag)
		d->ical_bad++;

	if (d->o->verbose && !n_icu && !icu_flag && !n_ical && !ical_flag)
		fprintf(f, "%-*s  %-7s  ICU and libical agree with the pinned data\n", d->width,
			name, "ok");
out:
	cp_ical_zone_destroy(lz);
	cp_icu_zone_destroy(iz);
	cp_tzcmp_timeline_finish(&ical);
	cp_tzcmp_timeline_finish(&icu);
	cp_tzcmp_timeline_finish(&pinned);
}

int
cp_cmd_tz_doctor(struct cp_cli *cli, int argc, char **argv)
{
	struct cp_error icuerr;
	struct doctor d = { .cli = cli };
	const char **all = NULL, **names;
	struct opts o;
	size_t nnames;
	int rc = start(cli, "tz doctor", doctor_help, false, argc, argv, &o, &d.db);

	if (rc >= 0)
		goto done;
	rc = CP_EXIT_FAILURE;
	d.o = &o;
	if (!cp_icu_init(&icuerr)) {
		fprintf(cli->err, "cohortplan tz doctor: %s\n", icuerr.message);
		goto done;
	}

	names = o.names;
	nnames = o.nnames;
	if (!nnames) {
		/* Every zone of the pinned data; links share their target's
		 * answers in the pinned data and in libical. */
		size_t total = cp_tzdb_name_count(d.db);
		all = calloc(total + 1, sizeof(*all));
		if (!all) {
			fprintf(cli->err, "cohortplan tz doctor: out of memory\n");
			goto done;
		}
		for (size_t i = 0; i < total; i++) {
			const char *name = cp_tzdb_name(d.db, i);
			if (!cp_tzdb_is_link(d.db, name))
				all[nnames++] = name;
		}
		names = all;
	}
	d.width = (int)name_width(names, nnames);

	fprintf(cli->out, "# pinned: tzdata %s\n", cp_tzdb_version(d.db));
	fprintf(cli->out, "# ICU %s: built-in tz data %s\n", cp_icu_version(),
		cp_icu_tz_data_version());
	if (cp_icu_data_dir_env())
		fprintf(cli->out, "# ICU_DATA is set: %s\n", cp_icu_data_dir_env());
	fprintf(cli->out, "# libical %s: reading the pinned zoneinfo\n", cp_ical_version());
	print_header_range(cli->out, &o);

	for (size_t i = 0; i < nnames && !d.failure; i++)
		doctor_zone(&d, names[i]);
	if (d.failure)
		goto done;

	fprintf(cli->out, "# ICU disagrees on %zu of %zu zones (%zu unknown to ICU); "
		"libical on %zu of %zu\n", d.icu_bad, d.checked, d.icu_unknown, d.ical_bad,
		d.checked);
	if (d.input_error)
		rc = CP_EXIT_INPUT;
	else if (d.icu_bad || d.ical_bad)
		rc = CP_EXIT_DISAGREE;
	else
		rc = CP_EXIT_OK;
done:
	free(all);
	free(o.names);
	return rc;
}

/* ---- tz diff ------------------------------------------------------------ */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every name of both databases, sorted, once. Borrowed strings. */
static const char **
union_names(struct cp_tzdb *a, struct cp_tzdb *b, size_t *count)
{
	size_t na = cp_tzdb_name_count(a), nb = cp_tzdb_name_count(b), n = 0, k = 0;
	const char **all = calloc(na + nb + 1, sizeof(*all));

	if (!all)
		return NULL;
	for (size_t i = 0; i < na; i++)
		all[n++] = cp_tzdb_name(a, i);
	for (size_t i = 0; i < nb; i++)
		all[n++] = cp_tzdb_name(b, i);
	qsort(all, n, sizeof(*all), cmp_str);
	for (size_t i = 0; i < n; i++)
		if (!k || strcmp(all[k - 1], all[i]))
			all[k++] = all[i];
	*count = k;
	return all;
}

struct differ {
	struct cp_cli *cli;
	struct cp_tzdb *pinned, *other;
	const struct opts *o;
	bool explicit_names;
	int width;
	size_t compared, changed, added, removed;
	bool input_error;
	bool failure;
};

/* The zone a name opens in db; NULL when absent (*absent set) or on error. */
static const struct cp_tz *
open_in(struct differ *df, struct cp_tzdb *db, const char *name, bool *absent)
{
	struct cp_tz_error err = { .status = CP_TZ_OK };
	const struct cp_tz *tz = cp_tzdb_zone(db, name, &err);

	*absent = false;
	if (tz)
		return tz;
	if (err.status == CP_TZ_ERR_UNKNOWN_ZONE) {
		*absent = true;
	} else {
		fprintf(df->cli->err, "cohortplan tz diff: %s: %s\n", name,
			err.message[0] ? err.message : cp_tz_strerror(err.status));
		if (err.status == CP_TZ_ERR_BAD_NAME)
			df->input_error = true;
		else
			df->failure = true;
	}
	return NULL;
}

static void
print_presence(struct differ *df, const char *name, const char *kind, struct cp_tzdb *db,
	       const struct cp_tz *tz)
{
	if (cp_tzdb_is_link(db, name))
		fprintf(df->cli->out, "%-*s  %-7s  link to %s\n", df->width, name, kind,
			cp_tz_name(tz));
	else
		fprintf(df->cli->out, "%-*s  %-7s  zone\n", df->width, name, kind);
}

static void
diff_name(struct differ *df, const char *name)
{
	struct cp_tzcmp_timeline ta, tb;
	const struct cp_tz *a, *b;
	bool absent_a, absent_b;
	bool link_a, link_b;
	size_t n;

	a = open_in(df, df->pinned, name, &absent_a);
	if (!a && !absent_a)
		return;
	b = open_in(df, df->other, name, &absent_b);
	if (!b && !absent_b)
		return;
	if (!a && !b) {
		fprintf(df->cli->err, "cohortplan tz diff: unknown time zone \"%s\" in both "
			"releases\n", name);
		df->input_error = true;
		return;
	}
	if (!b) {
		print_presence(df, name, "removed", df->pinned, a);
		df->removed++;
		return;
	}
	if (!a) {
		print_presence(df, name, "added", df->other, b);
		df->added++;
		return;
	}
	link_a = cp_tzdb_is_link(df->pinned, name);
	link_b = cp_tzdb_is_link(df->other, name);
	if (link_a && link_b && !strcmp(cp_tz_name(a), cp_tz_name(b)) && !df->explicit_names)
		return;  /* its target is compared under its own name */
	if ((link_a || link_b) && strcmp(cp_tz_name(a), cp_tz_name(b)))
		fprintf(df->cli->out, "%-*s  %-7s  pinned %s, other %s\n", df->width, name,
			"relinked", cp_tz_name(a), cp_tz_name(b));

	df->compared++;
	cp_tzcmp_timeline_init(&ta, df->o->from, df->o->to);
	cp_tzcmp_timeline_init(&tb, df->o->from, df->o->to);
	if (cp_tzcmp_timeline_from_tz(&ta, a) != CP_TZCMP_OK ||
	    cp_tzcmp_timeline_from_tz(&tb, b) != CP_TZCMP_OK) {
		fprintf(df->cli->err, "cohortplan tz diff: %s: cannot list the transitions\n", name);
		df->failure = true;
	} else {
		n = report(df->cli->out, df->width, name, "changed", &ta, a, &tb, "other", b);
		if (n == (size_t)-1)
			df->failure = true;
		else if (n)
			df->changed++;
	}
	cp_tzcmp_timeline_finish(&tb);
	cp_tzcmp_timeline_finish(&ta);
}

int
cp_cmd_tz_diff(struct cp_cli *cli, int argc, char **argv)
{
	struct cp_tz_error err = { .status = CP_TZ_OK };
	struct differ df = { .cli = cli };
	struct cp_tzdb *other = NULL;
	const char **all = NULL, **names;
	size_t nnames;
	struct opts o;
	int rc = start(cli, "tz diff", diff_help, true, argc, argv, &o, &df.pinned);

	if (rc >= 0)
		goto done;
	rc = CP_EXIT_FAILURE;
	df.o = &o;
	other = cp_tzdb_create(o.dir, &err);
	if (!other) {
		fprintf(cli->err, "cohortplan tz diff: cannot open time zone data in %s: %s\n",
			o.dir, err.message[0] ? err.message : cp_tz_strerror(err.status));
		goto done;
	}
	df.other = other;

	names = o.names;
	nnames = o.nnames;
	df.explicit_names = nnames > 0;
	if (!nnames) {
		all = union_names(df.pinned, other, &nnames);
		if (!all) {
			fprintf(cli->err, "cohortplan tz diff: out of memory\n");
			goto done;
		}
		names = all;
	}
	df.width = (int)name_width(names, nnames);

	fprintf(cli->out, "# pinned: tzdata %s\n", cp_tzdb_version(df.pinned));
	fprintf(cli->out, "# other: tzdata %s\n", cp_tzdb_version(other));
	print_header_range(cli->out, &o);
	for (size_t i = 0; i < nnames && !df.failure; i++)
		diff_name(&df, names[i]);
	if (df.failure)
		goto done;
	fprintf(cli->out, "# %zu of %zu zones change offsets; %zu added, %zu removed\n",
		df.changed, df.compared, df.added, df.removed);
	if (df.input_error)
		rc = CP_EXIT_INPUT;
	else if (df.changed || df.added || df.removed)
		rc = CP_EXIT_DISAGREE;
	else
		rc = CP_EXIT_OK;
done:
	free(all);
	cp_tzdb_destroy(other);
	free(o.names);
	return rc;
}
