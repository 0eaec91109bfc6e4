/*
 * The attendance register as CSV (register_csv.h, docs/attendance.md).
 *
 * Read line by line; every field is checked against the plan, and every
 * error is kept with its line and column, so one run shows the planner all
 * that is wrong with a register typed by hand or exported from a meeting
 * tool. Columns count bytes from 1, as the JSON readers' do.
 */
#include "register_csv.h"
#include "common/quote.h"
#include "common/read_file.h"
#include "common/utf8.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char HEADER[] = "participant,cohort,lesson,minutes_present";
enum { F_PARTICIPANT, F_COHORT, F_LESSON, F_MINUTES, N_FIELDS };

/* Where a participant is, for lookups by id. */
struct who {
	const char *id;
	size_t cohort, member; /* cohort == SIZE_MAX: unplaced */
};

struct field {
	const char *s; /* decoded, NUL-terminated */
	size_t n;
	long col;      /* 1-based byte column of its first byte in the line */
};

struct reader {
	const struct cp_plan *plan;
	struct cp_diag *diag;
	struct who *who;
	size_t n_who;
	long **seen;   /* per cohort: line of the row per (member, lesson), or 0 */
	struct cp_progress_row *rows;
	size_t n_rows, cap_rows;
	char *buf;     /* decoded fields of the current line */
	size_t cap_buf;
	bool nomem;
};

static int
who_cmp(const void *a, const void *b)
{
	return strcmp(((const struct who *)a)->id, ((const struct who *)b)->id);
}

static bool
build_index(struct reader *r)
{
	const struct cp_plan *plan = r->plan;
	size_t n = plan->n_unplaced;

	for (size_t ci = 0; ci < plan->n_cohorts; ci++)
		n += plan->cohorts[ci].n_members;
	r->who = malloc((n ? n : 1) * sizeof(*r->who));
	r->seen = calloc(plan->n_cohorts ? plan->n_cohorts : 1, sizeof(*r->seen));
	if (!r->who || !r->seen)
		return false;
	for (size_t ci = 0; ci < plan->n_cohorts; ci++)
		for (size_t mi = 0; mi < plan->cohorts[ci].n_members; mi++)
			r->who[r->n_who++] = (struct who){ plan->cohorts[ci].members[mi].participant,
							   ci, mi };
	for (size_t u = 0; u < plan->n_unplaced; u++)
		r->who[r->n_who++] = (struct who){ plan->unplaced[u].participant, SIZE_MAX, 0 };
	qsort(r->who, r->n_who, sizeof(*r->who), who_cmp);
	return true;
}

static const struct who *
find_who(const struct reader *r, const char *id)
{
	struct who key = { id, 0, 0 };
	return bsearch(&key, r->who, r->n_who, sizeof(*r->who), who_cmp);
}

static bool
find_cohort(const struct cp_plan *plan, const char *id, size_t *out)
{
	for (size_t ci = 0; ci < plan->n_cohorts; ci++)
		if (strcmp(plan->cohorts[ci].id, id) == 0) {
			*out = ci;
			return true;
		}
	return false;
}

/* A whole number of at most 9 digits, no sign, no spaces. */
static bool
parse_count(const char *s, size_t n, int *out)
{
	long v = 0;

	if (n == 0 || n > 9)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = (int)v;
	return true;
}

#define ERR(r, line, col, ...) cp_diag_add_at((r)->diag, CP_DIAG_ERROR, 0, (line), (col), __VA_ARGS__)

/* Every byte of the line is UTF-8 text without control characters. */
static bool
check_text(struct reader *r, const char *s, size_t n, long line)
{
	for (size_t i = 0; i < n;) {
		size_t k = cp_utf8_seq((const unsigned char *)s + i, n - i);
		unsigned char c = (unsigned char)s[i];
		if (k == 0) {
			ERR(r, line, (long)i + 1, "not UTF-8 text (byte \\x%02x)", c);
			return false;
		}
		if (c < 0x20 || c == 0x7f) {
			ERR(r, line, (long)i + 1, "control character \\x%02x", c);
			return false;
		}
		i += k;
	}
	return true;
}

/* Split the line s[0..n) into fields decoded into r->buf. Returns the
 * number of fields (at most max are stored), or -1 after an error. */
static int
split(struct reader *r, const char *s, size_t n, long line, struct field *f, int max)
{
	size_t o = 0, i = 0;
	int k = 0;

	if (r->cap_buf < n + N_FIELDS + 8) {
		char *b = realloc(r->buf, n + N_FIELDS + 8 + n / 2);
		if (!b) {
			r->nomem = true;
			return -1;
		}
		r->buf = b;
		r->cap_buf = n + N_FIELDS + 8 + n / 2;
	}
	for (;;) {
		size_t start = o;
		long col = (long)i + 1;

		if (i < n && s[i] == '"') {
			i++;
			for (;;) {
				if (i >= n) {
					ERR(r, line, col, "a quoted field without its closing quote");
					return -1;
				}
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"') {
						r->buf[o++] = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				r->buf[o++] = s[i++];
			}
			if (i < n && s[i] != ',') {
				ERR(r, line, (long)i + 1, "text after the closing quote of a field");
				return -1;
			}
		} else {
			while (i < n && s[i] != ',') {
				if (s[i] == '"') {
					ERR(r, line, (long)i + 1,
					    "a double quote inside a field that does not start with one");
					return -1;
				}
				r->buf[o++] = s[i++];
			}
		}
		r->buf[o++] = '\0';
		if (k < max)
			f[k] = (struct field){ r->buf + start, o - 1 - start, col };
		k++;
		if (i >= n)
			return k;
		i++; /* the comma */
	}
}

static bool
add_row(struct reader *r, struct cp_progress_row row)
{
	if (r->n_rows == r->cap_rows) {
		size_t cap = r->cap_rows ? 2 * r->cap_rows : 256;
		struct cp_progress_row *p = realloc(r->rows, cap * sizeof(*p));
		if (!p)
			return false;
		r->rows = p;
		r->cap_rows = cap;
	}
	r->rows[r->n_rows++] = row;
	return true;
}

/* Lowest and highest lesson number of a cohort, for the message. */
static void
number_range(const struct cp_plan_cohort *c, int *lo, int *hi)
{
	*lo = *hi = 0;
	for (size_t l = 0; l < c->n_lessons; l++) {
		if (l == 0 || c->lessons[l].number < *lo)
			*lo = c->lessons[l].number;
		if (l == 0 || c->lessons[l].number > *hi)
			*hi = c->lessons[l].number;
	}
}

static void
row(struct reader *r, const struct field *f, long line)
{
	const struct cp_plan *plan = r->plan;
	char q[160];
	const struct who *w = NULL;
	size_t ci = 0, li = 0;
	bool have_cohort = false, have_lesson = false, member_ok = false;
	int number = 0, minutes = 0;
	bool have_minutes = false;

	/* participant */
	if (f[F_PARTICIPANT].n == 0)
		ERR(r, line, f[F_PARTICIPANT].col, "empty participant");
	else if (!(w = find_who(r, f[F_PARTICIPANT].s)))
		ERR(r, line, f[F_PARTICIPANT].col, "unknown participant \"%s\": not in the plan",
		    cp_quote(f[F_PARTICIPANT].s, f[F_PARTICIPANT].n, 64, q, sizeof(q)));

	/* cohort */
	if (f[F_COHORT].n == 0) {
		ERR(r, line, f[F_COHORT].col, "empty cohort");
	} else if (!find_cohort(plan, f[F_COHORT].s, &ci)) {
		ERR(r, line, f[F_COHORT].col, "unknown cohort \"%s\": not in the plan",
		    cp_quote(f[F_COHORT].s, f[F_COHORT].n, 64, q, sizeof(q)));
	} else if (plan->cohorts[ci].dissolved) {
		ERR(r, line, f[F_COHORT].col, "cohort \"%s\" was dissolved: it has no lessons",
		    plan->cohorts[ci].id);
	} else {
		have_cohort = true;
	}

	/* membership */
	if (w && have_cohort) {
		if (w->cohort == SIZE_MAX)
			ERR(r, line, f[F_PARTICIPANT].col,
			    "participant \"%s\" is not placed in any cohort, so not in \"%s\"",
			    w->id, plan->cohorts[ci].id);
		else if (w->cohort != ci)
			ERR(r, line, f[F_PARTICIPANT].col,
			    "participant \"%s\" is a member of cohort \"%s\", not of \"%s\"", w->id,
			    plan->cohorts[w->cohort].id, plan->cohorts[ci].id);
		else
			member_ok = true;
	}

	/* lesson */
	if (!parse_count(f[F_LESSON].s, f[F_LESSON].n, &number) || number < 1) {
		ERR(r, line, f[F_LESSON].col,
		    "lesson \"%s\" is not a lesson number (1, 2, ...)",
		    cp_quote(f[F_LESSON].s, f[F_LESSON].n, 64, q, sizeof(q)));
	} else if (have_cohort) {
		const struct cp_plan_cohort *c = &plan->cohorts[ci];
		for (size_t l = 0; l < c->n_lessons; l++)
			if (c->lessons[l].number == number) {
				li = l;
				have_lesson = true;
			}
		bool cancelled = false;
		for (size_t l = 0; l < c->n_cancelled; l++)
			cancelled |= c->cancelled[l].number == number;
		int lo, hi;
		number_range(c, &lo, &hi);
		if (!have_lesson && cancelled)
			ERR(r, line, f[F_LESSON].col, "lesson %d of cohort \"%s\" was cancelled",
			    number, c->id);
		else if (!have_lesson)
			ERR(r, line, f[F_LESSON].col,
			    "lesson %d out of range: cohort \"%s\" has lessons %d to %d", number,
			    c->id, lo, hi);
	}

	/* minutes_present */
	if (!parse_count(f[F_MINUTES].s, f[F_MINUTES].n, &minutes)) {
		ERR(r, line, f[F_MINUTES].col,
		    "minutes_present \"%s\" is not a whole number of minutes",
		    cp_quote(f[F_MINUTES].s, f[F_MINUTES].n, 64, q, sizeof(q)));
	} else if (have_lesson) {
		int len = cp_plan_lesson_minutes(&plan->cohorts[ci].lessons[li]);
		if (minutes > len)
			ERR(r, line, f[F_MINUTES].col,
			    "minutes_present %d out of range: lesson %d of cohort \"%s\" lasts %d "
			    "minutes", minutes, number, plan->cohorts[ci].id, len);
		else
			have_minutes = true;
	}

	if (!(member_ok && have_lesson && have_minutes))
		return;
	const struct cp_plan_cohort *c = &plan->cohorts[ci];
	if (!r->seen[ci]) {
		size_t cells = c->n_members * c->n_lessons;
		r->seen[ci] = calloc(cells ? cells : 1, sizeof(long));
		if (!r->seen[ci]) {
			r->nomem = true;
			return;
		}
	}
	long *seen = &r->seen[ci][w->member * c->n_lessons + li];
	if (*seen) {
		ERR(r, line, 1,
		    "a second row for participant \"%s\" and lesson %d of cohort \"%s\" "
		    "(the first is on line %ld)", w->id, number, c->id, *seen);
		return;
	}
	*seen = line;
	if (!add_row(r, (struct cp_progress_row){ ci, w->member, li, minutes }))
		r->nomem = true;
}

static bool
blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

static void
reader_finish(struct reader *r)
{
	for (size_t ci = 0; r->seen && ci < r->plan->n_cohorts; ci++)
		free(r->seen[ci]);
	free(r->seen);
	free(r->who);
	free(r->buf);
}

enum cp_register_status
cp_register_csv_parse(const char *buf, size_t len, const struct cp_plan *plan,
		      struct cp_progress_row **rows, size_t *n_rows, struct cp_diag *diag)
{
	struct reader r = { .plan = plan, .diag = diag };
	size_t errors_before = cp_diag_errors(diag);
	size_t pos = 0;
	long line = 0;
	bool header_seen = false;

	*rows = NULL;
	*n_rows = 0;
	if (!build_index(&r)) {
		reader_finish(&r);
		return CP_REGISTER_ERR_NOMEM;
	}
	/* A BOM is what spreadsheets put first when they save "CSV UTF-8". */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len && !r.nomem) {
		const char *s = buf + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;

		pos += n + (nl ? 1 : 0);
		line++;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (blank(s, n))
			continue;
		bool text = check_text(&r, s, n, line);
		if (!header_seen) {
			/* The first line that is not blank is the header, even when
			 * it is not text: the next one is data, not a second try. */
			header_seen = true;
			if (text && (n != sizeof(HEADER) - 1 || memcmp(s, HEADER, n) != 0)) {
				char q[160];
				ERR(&r, line, 1, "the first line must be the header \"%s\", not \"%s\"",
				    HEADER, cp_quote(s, n, 80, q, sizeof(q)));
			}
			continue;
		}
		if (!text)
			continue;
		struct field f[N_FIELDS + 1];
		int k = split(&r, s, n, line, f, N_FIELDS + 1);
		if (k < 0)
			continue;
		if (k != N_FIELDS) {
			/* Too many: point at the first field too many. */
			ERR(&r, line, k > N_FIELDS ? f[N_FIELDS].col : 1,
			    "%d fields where 4 are expected (participant,cohort,lesson,"
			    "minutes_present)", k);
			continue;
		}
		row(&r, f, line);
	}
	if (!header_seen && !r.nomem)
		ERR(&r, line ? line : 1, 1, "no header line: the register is empty");
	reader_finish(&r);
	if (r.nomem || cp_diag_nomem(diag)) {
		free(r.rows);
		return CP_REGISTER_ERR_NOMEM;
	}
	if (cp_diag_errors(diag) > errors_before) {
		free(r.rows);
		return CP_REGISTER_ERR_INVALID;
	}
	*rows = r.rows;
	*n_rows = r.n_rows;
	return CP_REGISTER_OK;
}

enum cp_register_status
cp_register_csv_load(const char *path, const struct cp_plan *plan,
		     struct cp_progress_row **rows, size_t *n_rows, struct cp_diag *diag)
{
	char *buf;
	size_t len;
	int e;
	enum cp_read_status rs;

	*rows = NULL;
	*n_rows = 0;
	rs = cp_read_file(path, CP_REGISTER_MAX_BYTES, CP_READ_REGULAR_ONLY, &buf, &len, &e);
	switch (rs) {
	case CP_READ_OK:
		break;
	case CP_READ_ERR_NOMEM:
		return CP_REGISTER_ERR_NOMEM;
	case CP_READ_ERR_TOO_BIG:
		cp_diag_add(diag, CP_DIAG_ERROR, "", NULL,
			    "%s is larger than the %zu bytes accepted", path, CP_REGISTER_MAX_BYTES);
		return CP_REGISTER_ERR_INVALID;
	case CP_READ_ERR_NOT_FILE:
		cp_diag_add(diag, CP_DIAG_ERROR, "", NULL, "%s is not a regular file", path);
		return CP_REGISTER_ERR_IO;
	default:
		cp_diag_add(diag, CP_DIAG_ERROR, "", NULL, "cannot %s %s: %s",
			    rs == CP_READ_ERR_OPEN ? "open" : "read", path, strerror(e));
		return CP_REGISTER_ERR_IO;
	}
	enum cp_register_status s = cp_register_csv_parse(buf, len, plan, rows, n_rows, diag);
	free(buf);
	return s;
}
