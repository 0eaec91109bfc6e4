/*
 * The attendance register as CSV (register_csv.h, docs/attendance.md).
 *
 * Read line by line; every field is checked against the plan, and every
 * error is kept with its line and column, so one run shows the planner all
 * that is wrong with a register typed by hand or exported from a meeting
 * tool. Columns count bytes from 1, as the JSON readers' do.
 */
#include "register_csv.h"
#include "common/array.h"
#include "common/quote.h"
#include "common/text.h"
#include "read_input.h"
#include "common/utf8.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char HEADER[] = "participant,cohort,lesson,minutes_present";
enum { F_PARTICIPANT, F_COHORT, F_LESSON, F_MINUTES, N_FIELDS };
static const char MK_HEADER[] = "participant,lesson,makeup_cohort,makeup_lesson,minutes_present";
enum { M_PARTICIPANT, M_LESSON, M_COHORT, M_MAKEUP_LESSON, M_MINUTES, M_FIELDS };
#define MAX_FIELDS 5

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
	struct cp_progress_accepted *acc;   /* the make-ups reader's rows */
	size_t n_acc, cap_acc;
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

	if (r->cap_buf < n + MAX_FIELDS + 8) {
		char *b = realloc(r->buf, n + MAX_FIELDS + 8 + n / 2);
		if (!b) {
			r->nomem = true;
			return -1;
		}
		r->buf = b;
		r->cap_buf = n + MAX_FIELDS + 8 + n / 2;
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
	struct cp_progress_row *p = cp_array_grow(r->rows, r->n_rows, &r->cap_rows, sizeof(*p),
						  256);

	if (!p)
		return false;
	r->rows = p;
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

static void
reader_finish(struct reader *r)
{
	for (size_t ci = 0; r->seen && ci < r->plan->n_cohorts; ci++)
		free(r->seen[ci]);
	free(r->seen);
	free(r->who);
	free(r->buf);
}

/* Read buf line by line: the header, then rows of n_fields fields handed to
 * row_fn. Errors go to r->diag. */
static void
read_lines(struct reader *r, const char *buf, size_t len, const char *header, int n_fields,
	   void (*row_fn)(struct reader *, const struct field *, long))
{
	size_t pos = 0;
	long line = 0;
	bool header_seen = false;

	/* A BOM is what spreadsheets put first when they save "CSV UTF-8". */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len && !r->nomem) {
		const char *s = buf + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;

		pos += n + (nl ? 1 : 0);
		line++;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (cp_text_blank(s, n))
			continue;
		bool text = check_text(r, s, n, line);
		if (!header_seen) {
			/* The first line that is not blank is the header, even when
			 * it is not text: the next one is data, not a second try. */
			header_seen = true;
			if (text && (n != strlen(header) || memcmp(s, header, n) != 0)) {
				char q[160];
				ERR(r, line, 1, "the first line must be the header \"%s\", not \"%s\"",
				    header, cp_quote(s, n, 80, q, sizeof(q)));
			}
			continue;
		}
		if (!text)
			continue;
		struct field f[MAX_FIELDS + 1];
		int k = split(r, s, n, line, f, n_fields + 1);
		if (k < 0)
			continue;
		if (k != n_fields) {
			/* Too many: point at the first field too many. */
			ERR(r, line, k > n_fields ? f[n_fields].col : 1,
			    "%d fields where %d are expected (%s)", k, n_fields, header);
			continue;
		}
		row_fn(r, f, line);
	}
	if (!header_seen && !r->nomem)
		ERR(r, line ? line : 1, 1, "no header line: the %s is empty",
		    n_fields == N_FIELDS ? "register" : "file");
}

/* Read buf (len bytes) into r, one row_fn call per line after header (of
 * n_fields columns): CP_REGISTER_OK, or the error with r's rows and make-ups
 * freed. */
static enum cp_register_status
parse(struct reader *r, const char *buf, size_t len, const char *header, int n_fields,
      void (*row_fn)(struct reader *, const struct field *, long))
{
	size_t errors_before = cp_diag_errors(r->diag);
	enum cp_register_status s = CP_REGISTER_OK;

	if (build_index(r))
		read_lines(r, buf, len, header, n_fields, row_fn);
	else
		r->nomem = true;
	reader_finish(r);
	if (r->nomem || cp_diag_nomem(r->diag))
		s = CP_REGISTER_ERR_NOMEM;
	else if (cp_diag_errors(r->diag) > errors_before)
		s = CP_REGISTER_ERR_INVALID;
	if (s != CP_REGISTER_OK) {
		free(r->rows);
		free(r->acc);
		r->rows = NULL;
		r->acc = NULL;
		r->n_rows = r->n_acc = 0;
	}
	return s;
}

/* Read the file at path (an entry in diag when it cannot be) and parse() it. */
static enum cp_register_status
parse_file(struct reader *r, const char *path, const char *header, int n_fields,
	   void (*row_fn)(struct reader *, const struct field *, long))
{
	char *buf;
	size_t len;
	enum cp_read_status rs = cp_read_input(path, CP_REGISTER_MAX_BYTES, &buf, &len, r->diag);

	if (rs == CP_READ_ERR_NOMEM)
		return CP_REGISTER_ERR_NOMEM;
	if (rs != CP_READ_OK)
		return rs == CP_READ_ERR_TOO_BIG ? CP_REGISTER_ERR_INVALID : CP_REGISTER_ERR_IO;
	enum cp_register_status s = parse(r, buf, len, header, n_fields, row_fn);
	free(buf);
	return s;
}

enum cp_register_status
cp_register_csv_parse(const char *buf, size_t len, const struct cp_plan *plan,
		      struct cp_progress_row **rows, size_t *n_rows, struct cp_diag *diag)
{
	struct reader r = { .plan = plan, .diag = diag };
	enum cp_register_status s = parse(&r, buf, len, HEADER, N_FIELDS, row);

	*rows = r.rows;
	*n_rows = r.n_rows;
	return s;
}

/* The lesson with this number in cohort c: its index, or false. */
static bool
find_lesson(const struct cp_plan_cohort *c, int number, size_t *out)
{
	for (size_t l = 0; l < c->n_lessons; l++)
		if (c->lessons[l].number == number) {
			*out = l;
			return true;
		}
	return false;
}

/* A lesson number field of cohort c (NULL: unknown cohort, only the
 * number is checked). */
static bool
lesson_field(struct reader *r, const struct field *f, long line, const char *name,
	     const struct cp_plan_cohort *c, size_t *out)
{
	char q[160];
	int number = 0, lo, hi;

	if (!parse_count(f->s, f->n, &number) || number < 1) {
		ERR(r, line, f->col, "%s \"%s\" is not a lesson number (1, 2, ...)", name,
		    cp_quote(f->s, f->n, 64, q, sizeof(q)));
		return false;
	}
	if (!c)
		return false;
	if (find_lesson(c, number, out))
		return true;
	number_range(c, &lo, &hi);
	ERR(r, line, f->col, "%s %d out of range: cohort \"%s\" has lessons %d to %d", name,
	    number, c->id, lo, hi);
	return false;
}

static void
makeup_row(struct reader *r, const struct field *f, long line)
{
	const struct cp_plan *plan = r->plan;
	char q[160];
	const struct who *w = NULL;
	const struct cp_plan_cohort *own = NULL, *oc = NULL;
	size_t li = 0, oi = 0, ci = 0;
	int minutes = -1;
	bool ok = true;

	if (f[M_PARTICIPANT].n == 0) {
		ERR(r, line, f[M_PARTICIPANT].col, "empty participant");
		ok = false;
	} else if (!(w = find_who(r, f[M_PARTICIPANT].s))) {
		ERR(r, line, f[M_PARTICIPANT].col, "unknown participant \"%s\": not in the plan",
		    cp_quote(f[M_PARTICIPANT].s, f[M_PARTICIPANT].n, 64, q, sizeof(q)));
		ok = false;
	} else if (w->cohort == SIZE_MAX) {
		ERR(r, line, f[M_PARTICIPANT].col,
		    "participant \"%s\" is not placed in any cohort: no lesson to make up", w->id);
		ok = false;
	} else {
		own = &plan->cohorts[w->cohort];
	}
	ok &= lesson_field(r, &f[M_LESSON], line, "lesson", own, &li);

	if (f[M_COHORT].n == 0) {
		ERR(r, line, f[M_COHORT].col, "empty makeup_cohort");
		ok = false;
	} else if (!find_cohort(plan, f[M_COHORT].s, &ci)) {
		ERR(r, line, f[M_COHORT].col, "unknown makeup_cohort \"%s\": not in the plan",
		    cp_quote(f[M_COHORT].s, f[M_COHORT].n, 64, q, sizeof(q)));
		ok = false;
	} else if (plan->cohorts[ci].dissolved) {
		ERR(r, line, f[M_COHORT].col, "makeup_cohort \"%s\" was dissolved: it has no lessons",
		    plan->cohorts[ci].id);
		ok = false;
	} else if (own && &plan->cohorts[ci] == own) {
		ERR(r, line, f[M_COHORT].col,
		    "makeup_cohort \"%s\" is the participant's own cohort: a make-up is in another one",
		    own->id);
		ok = false;
	} else {
		oc = &plan->cohorts[ci];
	}
	ok &= lesson_field(r, &f[M_MAKEUP_LESSON], line, "makeup_lesson", oc, &oi);

	if (f[M_MINUTES].n > 0) {
		if (!parse_count(f[M_MINUTES].s, f[M_MINUTES].n, &minutes)) {
			ERR(r, line, f[M_MINUTES].col,
			    "minutes_present \"%s\" is not a whole number of minutes (or empty: not "
			    "held yet)", cp_quote(f[M_MINUTES].s, f[M_MINUTES].n, 64, q, sizeof(q)));
			ok = false;
		} else if (oc && ok && minutes > cp_plan_lesson_minutes(&oc->lessons[oi])) {
			ERR(r, line, f[M_MINUTES].col,
			    "minutes_present %d out of range: lesson %d of cohort \"%s\" lasts %d "
			    "minutes", minutes, oc->lessons[oi].number, oc->id,
			    cp_plan_lesson_minutes(&oc->lessons[oi]));
			ok = false;
		}
	}
	if (!ok)
		return;
	const char *t1 = own->lessons[li].theme, *t2 = oc->lessons[oi].theme;
	if (!t1 || !t2 || strcmp(t1, t2) != 0) {
		ERR(r, line, f[M_MAKEUP_LESSON].col,
		    "lesson %d of cohort \"%s\" (theme %s) cannot make up lesson %d of \"%s\" "
		    "(theme %s): a make-up is a lesson of the same theme",
		    oc->lessons[oi].number, oc->id, t2 ? t2 : "none", own->lessons[li].number,
		    own->id, t1 ? t1 : "none");
		return;
	}
	if (!r->seen[w->cohort]) {
		size_t cells = own->n_members * own->n_lessons;
		r->seen[w->cohort] = calloc(cells ? cells : 1, sizeof(long));
		if (!r->seen[w->cohort]) {
			r->nomem = true;
			return;
		}
	}
	long *seen = &r->seen[w->cohort][w->member * own->n_lessons + li];
	if (*seen) {
		ERR(r, line, 1,
		    "a second make-up for participant \"%s\" and lesson %d of cohort \"%s\" "
		    "(the first is on line %ld)", w->id, own->lessons[li].number, own->id, *seen);
		return;
	}
	*seen = line;
	struct cp_progress_accepted *v = cp_array_grow(r->acc, r->n_acc, &r->cap_acc,
						       sizeof(*v), 64);
	if (!v) {
		r->nomem = true;
		return;
	}
	r->acc = v;
	r->acc[r->n_acc++] = (struct cp_progress_accepted){ w->cohort, w->member, li, ci, oi,
							    minutes, 0 };
}

enum cp_register_status
cp_makeups_csv_parse(const char *buf, size_t len, const struct cp_plan *plan,
		     struct cp_progress_accepted **out, size_t *n_out, struct cp_diag *diag)
{
	struct reader r = { .plan = plan, .diag = diag };
	enum cp_register_status s = parse(&r, buf, len, MK_HEADER, M_FIELDS, makeup_row);

	*out = r.acc;
	*n_out = r.n_acc;
	return s;
}

enum cp_register_status
cp_register_csv_load(const char *path, const struct cp_plan *plan,
		     struct cp_progress_row **rows, size_t *n_rows, struct cp_diag *diag)
{
	struct reader r = { .plan = plan, .diag = diag };
	enum cp_register_status s = parse_file(&r, path, HEADER, N_FIELDS, row);

	*rows = r.rows;
	*n_rows = r.n_rows;
	return s;
}

enum cp_register_status
cp_makeups_csv_load(const char *path, const struct cp_plan *plan,
		    struct cp_progress_accepted **out, size_t *n_out, struct cp_diag *diag)
{
	struct reader r = { .plan = plan, .diag = diag };
	enum cp_register_status s = parse_file(&r, path, MK_HEADER, M_FIELDS, makeup_row);

	*out = r.acc;
	*n_out = r.n_acc;
	return s;
}
