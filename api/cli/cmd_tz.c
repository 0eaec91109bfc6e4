/*
 * cohortplan tz: the time zone command line, a documented contract that
 * scripts and checks depend on (docs/cli.md). Keep its output stable.
 *
 * The streaming subcommands (to-utc, to-local) are fed millions of lines, so
 * they reuse one getline() buffer and one output buffer for the whole run and
 * format with the core's formatters instead of printf. A bad line becomes an
 * error line on stdout and the stream goes on; the exit status tells at the
 * end that something was wrong.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "commands.h"
#include "common/text.h"

/* ---- output buffer ----------------------------------------------------- */

/* Lines are assembled here and written in large blocks: one fwrite() per
 * block instead of several stdio calls per line. */
#define OUT_BLOCK 65536

struct obuf {
	char *p;
	size_t len;
	size_t cap;
	FILE *f;
	bool each_line; /* flush every line: a person is watching */
	bool nomem;   /* an append was dropped: the run must fail */
	bool ioerr;   /* a write failed */
	int ioerrno;  /* errno of that failure */
};

static bool
ob_reserve(struct obuf *b, size_t n)
{
	size_t cap;
	char *p;

	if (b->cap - b->len >= n)
		return true;
	if (b->nomem || n > SIZE_MAX / 2 - b->len)
		goto fail;
	cap = b->cap ? b->cap : OUT_BLOCK;
	while (cap - b->len < n)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p)
		goto fail;
	b->p = p;
	b->cap = cap;
	return true;
fail:
	b->nomem = true;
	return false;
}

static void
ob_put(struct obuf *b, const char *s, size_t n)
{
	if (!ob_reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void
ob_puts(struct obuf *b, const char *s)
{
	ob_put(b, s, strlen(s));
}

static void
ob_putc(struct obuf *b, char c)
{
	if (!ob_reserve(b, 1))
		return;
	b->p[b->len++] = c;
}

static void
ob_put_int(struct obuf *b, long long v)
{
	char tmp[24];
	char *e = tmp + sizeof(tmp);
	char *s = e;
	/* Negate in unsigned arithmetic so LLONG_MIN does not overflow. */
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		*--s = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--s = '-';
	ob_put(b, s, (size_t)(e - s));
}

/* Echo user text into an error line. Control characters (a stray CR, a NUL,
 * a tab inside a field) would break the one-record-per-line, tab-separated
 * format, so they become '?'. */
static void
ob_put_clean(struct obuf *b, const char *s, size_t n)
{
	if (!ob_reserve(b, n))
		return;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		b->p[b->len++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
}

static void
ob_flush(struct obuf *b)
{
	if (b->len && !b->ioerr && fwrite(b->p, 1, b->len, b->f) != b->len) {
		b->ioerr = true;
		b->ioerrno = errno;
	}
	b->len = 0;
}

/* Called after each line: writes once a block has filled up, or at once
 * when the output is a terminal, as stdio's line buffering would. */
static void
ob_maybe_flush(struct obuf *b)
{
	if (b->len >= OUT_BLOCK || b->each_line) {
		ob_flush(b);
		if (b->each_line && !b->ioerr && fflush(b->f) != 0) {
			b->ioerr = true;
			b->ioerrno = errno;
		}
	}
}

static void
ob_init(struct obuf *b, FILE *f)
{
	memset(b, 0, sizeof(*b));
	b->f = f;
}

/* Write what is left and release the buffer. Returns false, after saying
 * why on cli->err, when any output was lost. */
static bool
ob_finish(struct obuf *b, struct cp_cli *cli, const char *cmd)
{
	ob_flush(b);
	free(b->p);
	b->p = NULL;
	b->cap = 0;
	if (b->nomem)
		fprintf(cli->err, "cohortplan %s: out of memory\n", cmd);
	else if (b->ioerr)
		fprintf(cli->err, "cohortplan %s: error writing output: %s\n", cmd,
			strerror(b->ioerrno));
	return !b->nomem && !b->ioerr;
}

/* ---- shared helpers ---------------------------------------------------- */

/* The outcome of a run: the worst thing that happened to any line. */
static int
worse(int a, int b)
{
	/* An internal or I/O failure (1) outranks bad input (2). */
	if (a == CP_EXIT_FAILURE || b == CP_EXIT_FAILURE)
		return CP_EXIT_FAILURE;
	return a > b ? a : b;
}

/* Exit status a zone lookup failure stands for: a name the user got wrong is
 * bad input; a zoneinfo file that cannot be read or parsed is our problem. */
static int
zone_error_status(enum cp_tz_status st)
{
	switch (st) {
	case CP_TZ_ERR_UNKNOWN_ZONE:
	case CP_TZ_ERR_BAD_NAME:
		return CP_EXIT_INPUT;
	default:
		return CP_EXIT_FAILURE;
	}
}

/* Fill err->message when the core left it empty, so that every error line
 * names the value it is about. */
static const char *
zone_error_message(struct cp_tz_error *err, const char *name)
{
	if (!err->message[0])
		snprintf(err->message, sizeof(err->message), "%s \"%s\"",
			 cp_tz_strerror(err->status), name);
	return err->message;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* True when s has the shape YYYY-MM-DDTHH:MM[:SS] (followed by "Z" when utc
 * is set): then a parse failure means a value out of range such as
 * 2026-02-30 or 24:00, and the message can say so instead of "malformed". */
static bool
has_time_shape(const char *s, bool utc)
{
	static const char pat[] = "dddd-dd-ddTdd:dd";

	for (size_t i = 0; i < sizeof(pat) - 1; i++) {
		if (pat[i] == 'd' ? !is_digit(s[i]) : s[i] != pat[i])
			return false;
	}
	s += sizeof(pat) - 1;
	if (s[0] == ':' && is_digit(s[1]) && is_digit(s[2]))
		s += 3;
	if (utc && *s++ != 'Z')
		return false;
	return *s == '\0';
}

static bool
has_date_shape(const char *s)
{
	static const char pat[] = "dddd-dd-dd";

	for (size_t i = 0; i < sizeof(pat) - 1; i++) {
		if (pat[i] == 'd' ? !is_digit(s[i]) : s[i] != pat[i])
			return false;
	}
	return s[sizeof(pat) - 1] == '\0';
}

/* Years the formatters and cp_tz_to_local() are defined for. */
#define YEAR_MIN 1
#define YEAR_MAX 9999

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z as cp_instant: constants
 * rather than calls, because the check runs on every line. */
#define INSTANT_MIN INT64_C(-62135596800)
#define INSTANT_MAX INT64_C(253402300799)

static bool
instant_in_range(cp_instant t)
{
	return t >= INSTANT_MIN && t <= INSTANT_MAX;
}

/* Remembers the last zone looked up. Real input comes in runs of the same
 * zone, and a string compare is cheaper than the database's locked lookup. */
struct zone_cache {
	const struct cp_tz *tz;
	size_t len;
	char name[128];
};

static const struct cp_tz *
lookup_zone(struct cp_tzdb *db, struct zone_cache *c, const char *name, size_t len,
	    struct cp_tz_error *err)
{
	const struct cp_tz *tz;

	if (c->tz && len == c->len && memcmp(name, c->name, len) == 0)
		return c->tz;
	tz = cp_tzdb_zone(db, name, err);
	if (tz && len < sizeof(c->name)) {
		memcpy(c->name, name, len + 1);
		c->len = len;
		c->tz = tz;
	}
	return tz;
}

/* ---- argument parsing -------------------------------------------------- */

/*
 * Parse the arguments of a tz subcommand that takes exactly npos positional
 * arguments and the flags named in flags[] (NULL-terminated, may be NULL);
 * flag i sets set[i]. Returns -1 when parsing succeeded, otherwise the exit
 * status to return (0 after printing help).
 */
static int
parse_args(struct cp_cli *cli, const char *cmd, const char *help, int argc, char **argv,
	   int npos, char **pos, const char *const *flags, bool *set)
{
	int n = 0;
	bool only_pos = false;

	for (int i = 1; i < argc; i++) {
		char *a = argv[i];

		if (!only_pos && a[0] == '-' && a[1] != '\0') {
			size_t f;

			if (strcmp(a, "--") == 0) {
				only_pos = true;
				continue;
			}
			if (cp_cli_is_help(a)) {
				fputs(help, cli->out);
				return CP_EXIT_OK;
			}
			for (f = 0; flags && flags[f]; f++)
				if (strcmp(a, flags[f]) == 0)
					break;
			if (!flags || !flags[f])
				return cp_cli_usage(cli, cmd, "unknown option '%s'", a);
			set[f] = true;
			continue;
		}
		if (n >= npos)
			return cp_cli_usage(cli, cmd, "unexpected argument '%s'", a);
		pos[n++] = a;
	}
	if (n < npos)
		return cp_cli_usage(cli, cmd, "expected %d argument%s, got %d",
				    npos, npos == 1 ? "" : "s", n);
	return -1;
}

/* ---- tz version -------------------------------------------------------- */

static const char version_help[] =
	"Usage: cohortplan tz version\n"
	"\n"
	"Print the release of the time zone data in use, e.g. \"tzdata 2026f\",\n"
	"and on a second line the zoneinfo directory it was read from.\n";

static int
tz_version(struct cp_cli *cli, int argc, char **argv)
{
	struct cp_tzdb *db;
	int rc = parse_args(cli, "tz version", version_help, argc, argv, 0, NULL, NULL, NULL);

	if (rc >= 0)
		return rc;
	db = cp_cli_tzdb(cli);
	if (!db)
		return CP_EXIT_FAILURE;
	fprintf(cli->out, "tzdata %s\nzoneinfo %s\n", cp_tzdb_version(db), cp_tzdb_dir(db));
	return CP_EXIT_OK;
}

/* ---- streaming conversions --------------------------------------------- */

/* One input line split into its two fields, both NUL-terminated in place. */
struct record {
	char *zone;
	size_t zone_len;
	char *value;
	size_t value_len;
};

/* The first three columns of an error line: ZONE, INPUT, "error". */
static void
put_error_start(struct obuf *ob, const struct record *r)
{
	ob_put_clean(ob, r->zone, r->zone_len);
	ob_putc(ob, '\t');
	ob_put_clean(ob, r->value, r->value_len);
	ob_put(ob, "\terror\t", 7);
}

static void
put_error(struct obuf *ob, const struct record *r, const char *msg)
{
	put_error_start(ob, r);
	ob_put_clean(ob, msg, strlen(msg));
	ob_putc(ob, '\n');
}

/*
 * Split line (length len, stripped of its line ending) at its tab. Returns
 * true with both fields NUL-terminated in place. Otherwise appends the error
 * line for it to ob and returns false.
 */
static bool
split_record(char *line, size_t len, struct record *r, struct obuf *ob)
{
	char *tab = memchr(line, '\t', len);
	char *tab2;
	const char *what;
	const char *quoted;
	size_t quoted_len;

	r->zone = line;
	if (!tab) {
		r->zone_len = len;
		r->value = line + len;
		r->value_len = 0;
		what = "missing tab between time zone and time in ";
		quoted = line;
		quoted_len = len;
		goto bad;
	}
	r->zone_len = (size_t)(tab - line);
	r->value = tab + 1;
	r->value_len = len - r->zone_len - 1;
	tab2 = memchr(r->value, '\t', r->value_len);
	if (tab2) {
		r->value_len = (size_t)(tab2 - r->value);
		what = "unexpected text after the time: ";
		quoted = tab2 + 1;
		quoted_len = len - (size_t)(quoted - line);
		goto bad;
	}
	if (memchr(line, '\0', len)) {
		what = "NUL byte in ";
		quoted = line;
		quoted_len = len;
		goto bad;
	}
	*tab = '\0';
	return true;
bad:
	put_error_start(ob, r);
	ob_puts(ob, what);
	ob_putc(ob, '"');
	ob_put_clean(ob, quoted, quoted_len);
	ob_put(ob, "\"\n", 2);
	return false;
}

/* The first two columns of an answer: ZONE and INPUT as read. */
static void
put_record(struct obuf *ob, const struct record *r)
{
	ob_put(ob, r->zone, r->zone_len);
	ob_putc(ob, '\t');
	ob_put(ob, r->value, r->value_len);
	ob_putc(ob, '\t');
}

/* Converts one record in its zone tz, appending its output line; returns
 * the exit status the record stands for. */
typedef int (*convert_fn)(const struct cp_tz *tz, const struct record *r, struct obuf *ob);

/* Answer a time that does not parse, what ("local time", "UTC time") in
 * the form expected: "invalid" when it has the shape of one (no such date
 * or time), else "malformed". */
static int
bad_time(struct obuf *ob, const struct record *r, bool utc, const char *what,
	 const char *expected)
{
	char msg[400];

	if (has_time_shape(r->value, utc))
		snprintf(msg, sizeof(msg), "invalid %s \"%.200s\": no such date or time", what,
			 r->value);
	else
		snprintf(msg, sizeof(msg), "malformed %s \"%.200s\" (expected %s)", what, r->value,
			 expected);
	put_error(ob, r, msg);
	return CP_EXIT_INPUT;
}

static int
convert_to_utc(const struct cp_tz *tz, const struct record *r, struct obuf *ob)
{
	struct cp_tz_resolution res;
	struct cp_civil wall;
	char msg[400];
	char buf[CP_TIME_BUFSZ];

	if (!cp_parse_local(r->value, &wall) || !cp_civil_valid(&wall))
		return bad_time(ob, r, false, "local time",
				"YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS");
	cp_tz_to_utc(tz, &wall, &res);
	if (!instant_in_range(res.earliest) || !instant_in_range(res.latest)) {
		snprintf(msg, sizeof(msg), "local time \"%.200s\" in %.64s falls outside"
			 " the years 0001-9999 in UTC", r->value, r->zone);
		put_error(ob, r, msg);
		return CP_EXIT_INPUT;
	}
	put_record(ob, r);
	ob_puts(ob, cp_tz_kind_name(res.kind));
	ob_putc(ob, '\t');
	ob_puts(ob, cp_format_utc(res.earliest, buf));
	ob_putc(ob, '\t');
	/* buf still holds the earliest instant: format again only when the
	 * latest differs, which saves a call on nearly every line. */
	if (res.latest != res.earliest)
		cp_format_utc(res.latest, buf);
	ob_puts(ob, buf);
	ob_putc(ob, '\n');
	return CP_EXIT_OK;
}

static int
convert_to_local(const struct cp_tz *tz, const struct record *r, struct obuf *ob)
{
	struct cp_tz_local loc;
	cp_instant t;
	char msg[400];
	char buf[CP_TIME_BUFSZ];

	if (!cp_parse_utc(r->value, &t))
		return bad_time(ob, r, true, "UTC time", "YYYY-MM-DDTHH:MM:SSZ");
	if (!instant_in_range(t))
		goto range;
	cp_tz_to_local(tz, t, &loc);
	if (loc.wall.year < YEAR_MIN || loc.wall.year > YEAR_MAX)
		goto range;
	put_record(ob, r);
	ob_puts(ob, cp_format_local(&loc.wall, buf));
	ob_putc(ob, '\t');
	ob_put_int(ob, loc.utoff);
	ob_putc(ob, '\n');
	return CP_EXIT_OK;
range:
	snprintf(msg, sizeof(msg), "local time in %.64s at \"%.200s\" falls outside"
		 " the years 0001-9999", r->zone, r->value);
	put_error(ob, r, msg);
	return CP_EXIT_INPUT;
}

/* Looks up the zone of r, then converts it: what both conversions share. */
static int
convert_record(struct cp_tzdb *db, struct zone_cache *cache, const struct record *r,
	       struct obuf *ob, convert_fn convert)
{
	struct cp_tz_error err;
	const struct cp_tz *tz;

	err.status = CP_TZ_OK;
	err.message[0] = '\0';
	tz = lookup_zone(db, cache, r->zone, r->zone_len, &err);
	if (!tz) {
		put_error(ob, r, zone_error_message(&err, r->zone));
		return zone_error_status(err.status);
	}
	return convert(tz, r, ob);
}

/* tz to-utc and tz to-local: the arguments (none but --help), then every
 * line of stdin converted. */
static int
run_stream(struct cp_cli *cli, int argc, char **argv, const char *cmd, const char *help,
	   convert_fn convert)
{
	struct cp_tzdb *db;
	struct zone_cache cache = { .tz = NULL };
	struct obuf ob;
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	int status = parse_args(cli, cmd, help, argc, argv, 0, NULL, NULL, NULL);

	if (status >= 0)
		return status;
	status = CP_EXIT_OK;
	db = cp_cli_tzdb(cli);
	if (!db)
		return CP_EXIT_FAILURE;
	ob_init(&ob, cli->out);
	/* Someone typing lines wants each answer at once; a pipe gets blocks. */
	ob.each_line = fileno(cli->out) >= 0 && isatty(fileno(cli->out));
	while ((got = getline(&line, &cap, cli->in)) != -1) {
		size_t len = (size_t)got;
		struct record r;

		/* Accept LF and CRLF line ends, and a last line without one. */
		if (len && line[len - 1] == '\n')
			len--;
		if (len && line[len - 1] == '\r')
			len--;
		line[len] = '\0';
		if (len == 0 || ((line[0] == ' ' || line[0] == '\t') && cp_text_blank(line, len)))
			continue;

		if (split_record(line, len, &r, &ob))
			status = worse(status, convert_record(db, &cache, &r, &ob, convert));
		else
			status = worse(status, CP_EXIT_INPUT);
		if (ob.nomem || ob.ioerr)
			break;
		ob_maybe_flush(&ob);
	}
	/* getline() returns -1 for end of input and for failure (including
	 * out of memory on a huge line); only the first is success. */
	if (!ob.nomem && !ob.ioerr && (ferror(cli->in) || !feof(cli->in))) {
		fprintf(cli->err, "cohortplan %s: error reading input: %s\n", cmd, strerror(errno));
		status = CP_EXIT_FAILURE;
	}
	free(line);
	if (!ob_finish(&ob, cli, cmd))
		status = CP_EXIT_FAILURE;
	return status;
}

/* How both streaming commands answer bad lines. */
#define STREAM_HELP_END                                                             \
	"A bad line is answered with ZONE<TAB>INPUT<TAB>error<TAB>MESSAGE and the\n" \
	"exit status is 2 at the end. Blank lines are skipped.\n"

static const char to_utc_help[] =
	"Usage: cohortplan tz to-utc < LINES\n"
	"\n"
	"Read lines ZONE<TAB>YYYY-MM-DDTHH:MM[:SS] (local wall time) on stdin and\n"
	"write ZONE<TAB>LOCAL<TAB>KIND<TAB>UTC_EARLIEST<TAB>UTC_LATEST, UTC times as\n"
	"YYYY-MM-DDTHH:MM:SSZ. KIND is one of\n"
	"  normal   the wall time happens once; both UTC columns are equal\n"
	"  overlap  it happens twice (clocks went back); the earlier and later instant\n"
	"  gap      it never happens (clocks went forward); both columns give the\n"
	"           instant reached with the offset in force before the jump\n"
	STREAM_HELP_END;

static int
tz_to_utc(struct cp_cli *cli, int argc, char **argv)
{
	return run_stream(cli, argc, argv, "tz to-utc", to_utc_help, convert_to_utc);
}

static const char to_local_help[] =
	"Usage: cohortplan tz to-local < LINES\n"
	"\n"
	"Read lines ZONE<TAB>YYYY-MM-DDTHH:MM:SSZ on stdin and write\n"
	"ZONE<TAB>UTC<TAB>YYYY-MM-DDTHH:MM:SS<TAB>OFFSET_SECONDS: the zone's wall time\n"
	"at that instant and its offset from UTC in seconds (east positive).\n"
	STREAM_HELP_END;

static int
tz_to_local(struct cp_cli *cli, int argc, char **argv)
{
	return run_stream(cli, argc, argv, "tz to-local", to_local_help, convert_to_local);
}

/* ---- tz transitions ---------------------------------------------------- */

static const char transitions_help[] =
	"Usage: cohortplan tz transitions ZONE FROM TO\n"
	"\n"
	"List the changes of UTC offset, DST flag or abbreviation in ZONE from FROM\n"
	"00:00:00Z through TO 23:59:59Z (dates YYYY-MM-DD), one a line:\n"
	"UTC_INSTANT<TAB>OFFSET_BEFORE<TAB>OFFSET_AFTER<TAB>ABBREV_AFTER\n"
	"Offsets are seconds east of UTC.\n";

/* Parse a date argument into days since 1970-01-01; on failure print why. */
static bool
parse_date_arg(struct cp_cli *cli, const char *what, const char *s, int64_t *days)
{
	struct cp_civil c;

	if (!cp_parse_date(s, &c) || !cp_civil_valid(&c)) {
		fprintf(cli->err, "cohortplan tz transitions: %s \"%s\" for %s%s\n",
			has_date_shape(s) ? "invalid date" : "malformed date", s, what,
			has_date_shape(s) ? ": no such day" : " (expected YYYY-MM-DD)");
		return false;
	}
	*days = cp_days_from_civil(c.year, c.month, c.day);
	return true;
}

static int
tz_transitions(struct cp_cli *cli, int argc, char **argv)
{
	enum { CHUNK = 256 };
	struct cp_tz_transition tr[CHUNK];
	struct cp_tz_error err = { .status = CP_TZ_OK };
	struct obuf ob;
	const struct cp_tz *tz;
	struct cp_tzdb *db;
	char *pos[3];
	int64_t d_from, d_to;
	cp_instant from, to;
	char buf[CP_TIME_BUFSZ];
	int rc = parse_args(cli, "tz transitions", transitions_help, argc, argv, 3, pos,
			    NULL, NULL);

	if (rc >= 0)
		return rc;
	if (!parse_date_arg(cli, "FROM", pos[1], &d_from) ||
	    !parse_date_arg(cli, "TO", pos[2], &d_to))
		return CP_EXIT_INPUT;
	if (d_to < d_from) {
		fprintf(cli->err, "cohortplan tz transitions: TO (%s) is before FROM (%s)\n",
			pos[2], pos[1]);
		return CP_EXIT_INPUT;
	}
	db = cp_cli_tzdb(cli);
	if (!db)
		return CP_EXIT_FAILURE;
	tz = cp_tzdb_zone(db, pos[0], &err);
	if (!tz) {
		fprintf(cli->err, "cohortplan tz transitions: %s\n", zone_error_message(&err, pos[0]));
		return zone_error_status(err.status);
	}

	ob_init(&ob, cli->out);
	/* TO is inclusive: the range ends at the next midnight, exclusive. */
	from = (cp_instant)d_from * 86400;
	to = (cp_instant)(d_to + 1) * 86400;
	/* Read in chunks so that a range of centuries needs no big buffer. */
	for (;;) {
		size_t total = cp_tz_transitions(tz, from, to, tr, CHUNK);
		size_t n = total < CHUNK ? total : CHUNK;

		for (size_t i = 0; i < n; i++) {
			ob_puts(&ob, cp_format_utc(tr[i].at, buf));
			ob_putc(&ob, '\t');
			ob_put_int(&ob, tr[i].offset_before);
			ob_putc(&ob, '\t');
			ob_put_int(&ob, tr[i].offset_after);
			ob_putc(&ob, '\t');
			ob_puts(&ob, tr[i].abbr_after);
			ob_putc(&ob, '\n');
		}
		ob_maybe_flush(&ob);
		if (total <= CHUNK || ob.nomem || ob.ioerr)
			break;
		from = tr[CHUNK - 1].at + 1;
	}
	return ob_finish(&ob, cli, "tz transitions") ? CP_EXIT_OK : CP_EXIT_FAILURE;
}

/* ---- tz zones ---------------------------------------------------------- */

static const char zones_help[] =
	"Usage: cohortplan tz zones [--canonical]\n"
	"\n"
	"List every time zone name of the data in use, sorted, one a line: zones\n"
	"and links (aliases such as Asia/Calcutta). With --canonical, zones only.\n";

static int
tz_zones(struct cp_cli *cli, int argc, char **argv)
{
	static const char *const flags[] = { "--canonical", NULL };
	bool set[1] = { false };
	struct obuf ob;
	struct cp_tzdb *db;
	size_t n;
	int rc = parse_args(cli, "tz zones", zones_help, argc, argv, 0, NULL, flags, set);

	if (rc >= 0)
		return rc;
	db = cp_cli_tzdb(cli);
	if (!db)
		return CP_EXIT_FAILURE;
	ob_init(&ob, cli->out);
	n = cp_tzdb_name_count(db);
	for (size_t i = 0; i < n; i++) {
		const char *name = cp_tzdb_name(db, i);

		if (set[0] && cp_tzdb_is_link(db, name))
			continue;
		ob_puts(&ob, name);
		ob_putc(&ob, '\n');
		ob_maybe_flush(&ob);
	}
	return ob_finish(&ob, cli, "tz zones") ? CP_EXIT_OK : CP_EXIT_FAILURE;
}

/* ---- dispatch ---------------------------------------------------------- */

static const struct cp_cli_command subs[] = {
	{ "version", tz_version, "print the tzdata release in use" },
	{ "to-utc", tz_to_utc, "convert local wall times to UTC (stdin to stdout)" },
	{ "to-local", tz_to_local, "convert UTC instants to local wall time (stdin to stdout)" },
	{ "transitions", tz_transitions, "list a zone's offset changes between two dates" },
	{ "zones", tz_zones, "list the time zone names" },
	{ "doctor", cp_cmd_tz_doctor, "compare ICU and libical with the pinned tzdata" },
	{ "diff", cp_cmd_tz_diff, "show which zones change between two tzdata releases" },
};

#define N_SUBS (sizeof(subs) / sizeof(subs[0]))

static void
print_tz_help(FILE *f)
{
	fputs("Usage: cohortplan tz SUBCOMMAND [ARG...]\n"
	      "\n"
	      "Time zone conversions with the pinned IANA tzdata.\n"
	      "\n"
	      "Subcommands:\n", f);
	cp_cli_print_commands(f, subs, N_SUBS);
	fputs("\n'cohortplan tz SUBCOMMAND --help' describes a subcommand.\n", f);
}

int
cp_cmd_tz(struct cp_cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cp_cli_usage(cli, "tz", "missing subcommand");
	if (cp_cli_is_help(argv[1])) {
		print_tz_help(cli->out);
		return CP_EXIT_OK;
	}
	const struct cp_cli_command *sub = cp_cli_command_find(subs, N_SUBS, argv[1]);
	if (sub)
		return sub->run(cli, argc - 1, argv + 1);
	return cp_cli_usage(cli, "tz", "unknown subcommand '%s'", argv[1]);
}
