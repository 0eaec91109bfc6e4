/*
 * People as CSV (people_csv.h, docs/workspace.md). The reader keeps every
 * error with its row and column, so one import shows the planner all that
 * is wrong with a spreadsheet export.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "common/utf8.h"
#include "people_csv.h"

const char cp_people_csv_header[] = "kind,id,zone,languages,profile,display_name";

enum { C_KIND, C_ID, C_ZONE, C_LANGUAGES, C_PROFILE, C_NAME, N_COLS };
static const char *const col_name[N_COLS] = {
	"kind", "id", "zone", "languages", "profile", "display_name",
};

#define MAX_FIELD 1024

struct row {
	char f[N_COLS][MAX_FIELD];
	size_t n;          /* fields seen */
	bool too_long[N_COLS];
};

void
cp_people_csv_rows_finish(struct cp_people_csv_rows *r)
{
	if (!r)
		return;
	free(r->participant_row);
	free(r->teacher_row);
	memset(r, 0, sizeof(*r));
}

/* Read one record starting at *pos (quoted fields may hold line ends).
 * False at the end of the input. *bad_quote is set for a quote inside an
 * unquoted field or an unterminated quoted field. */
static bool
read_record(const char *s, size_t len, size_t *pos, struct row *row, bool *bad_quote,
	    long *lines)
{
	size_t i = *pos, k = 0, fi = 0;
	bool quoted = false, was_quoted = false;

	if (i >= len)
		return false;
	memset(row, 0, sizeof(*row));
	*bad_quote = false;
	*lines = 1;
	for (;;) {
		char c;
		if (i >= len) {
			if (quoted)
				*bad_quote = true;
			break;
		}
		c = s[i++];
		if (quoted) {
			if (c == '"') {
				if (i < len && s[i] == '"') {
					i++;
				} else {
					quoted = false;
					continue;
				}
			}
			if (c == '\n')
				(*lines)++;
		} else if (c == '"') {
			if (k == 0 && !was_quoted) {
				quoted = was_quoted = true;
				continue;
			}
			*bad_quote = true;
			continue;
		} else if (c == ',') {
			if (fi < N_COLS)
				row->f[fi][k < MAX_FIELD ? k : MAX_FIELD - 1] = '\0';
			fi++;
			k = 0;
			was_quoted = false;
			continue;
		} else if (c == '\r' && i < len && s[i] == '\n') {
			continue;
		} else if (c == '\n') {
			break;
		}
		if (fi < N_COLS) {
			if (k + 1 < MAX_FIELD)
				row->f[fi][k++] = c;
			else
				row->too_long[fi] = true;
		}
	}
	if (fi < N_COLS)
		row->f[fi][k] = '\0';
	row->n = fi + 1;
	*pos = i;
	return true;
}

static bool
id_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == ':' || c == '-'))
			return false;
	}
	return true;
}

static bool
blank_row(const struct row *r)
{
	return r->n == 1 && r->f[0][0] == '\0';
}

static cJSON *
find_person(cJSON *arr, const char *id, int *index)
{
	int i = 0;
	cJSON *p;

	cJSON_ArrayForEach(p, arr) {
		cJSON *pid = cJSON_GetObjectItemCaseSensitive(p, "id");
		if (cJSON_IsString(pid) && strcmp(pid->valuestring, id) == 0) {
			*index = i;
			return p;
		}
		i++;
	}
	*index = -1;
	return NULL;
}

static bool
set_str(cJSON *o, const char *key, const char *v)
{
	cJSON *s = cJSON_CreateString(v);

	if (!s)
		return false;
	if (cJSON_GetObjectItemCaseSensitive(o, key))
		return cJSON_ReplaceItemInObjectCaseSensitive(o, key, s);
	return cJSON_AddItemToObject(o, key, s);
}

static bool
set_languages(cJSON *o, const char *v)
{
	cJSON *a = cJSON_CreateArray();
	char buf[MAX_FIELD], *save = NULL;

	if (!a)
		return false;
	snprintf(buf, sizeof(buf), "%s", v);
	for (char *t = strtok_r(buf, " \t;", &save); t; t = strtok_r(NULL, " \t;", &save)) {
		cJSON *s = cJSON_CreateString(t);
		if (!s || !cJSON_AddItemToArray(a, s)) {
			cJSON_Delete(s);
			cJSON_Delete(a);
			return false;
		}
	}
	if (cJSON_GetObjectItemCaseSensitive(o, "languages"))
		return cJSON_ReplaceItemInObjectCaseSensitive(o, "languages", a);
	return cJSON_AddItemToObject(o, "languages", a);
}

static bool
remember(long **v, size_t *n, int index, long row)
{
	if ((size_t)index >= *n) {
		long *nv = realloc(*v, ((size_t)index + 1) * sizeof(**v));
		if (!nv)
			return false;
		for (size_t i = *n; i <= (size_t)index; i++)
			nv[i] = 0;
		*v = nv;
		*n = (size_t)index + 1;
	}
	(*v)[index] = row;
	return true;
}

static cJSON *
array_of(cJSON *root, const char *key)
{
	cJSON *a = cJSON_GetObjectItemCaseSensitive(root, key);

	if (cJSON_IsArray(a))
		return a;
	if (a)
		cJSON_DeleteItemFromObjectCaseSensitive(root, key);
	return cJSON_AddArrayToObject(root, key);
}

/* Merge one checked row; false when out of memory. */
static bool
merge(cJSON *root, const struct row *r, long line, struct cp_people_csv_rows *rows)
{
	bool teacher = strcmp(r->f[C_KIND], "teacher") == 0;
	cJSON *arr = array_of(root, teacher ? "teachers" : "participants");
	cJSON *p;
	int index;

	if (!arr)
		return false;
	p = find_person(arr, r->f[C_ID], &index);
	if (!p) {
		p = cJSON_CreateObject();
		if (!p || !cJSON_AddItemToArray(arr, p) || !set_str(p, "id", r->f[C_ID]))
			return false;
		index = cJSON_GetArraySize(arr) - 1;
	}
	if (!set_str(p, "zone", r->f[C_ZONE]) || !set_languages(p, r->f[C_LANGUAGES]))
		return false;
	if (!teacher && !set_str(p, "profile", r->f[C_PROFILE]))
		return false;
	if (r->f[C_NAME][0]) {
		if (!set_str(p, "display_name", r->f[C_NAME]))
			return false;
	} else {
		cJSON_DeleteItemFromObjectCaseSensitive(p, "display_name");
	}
	if (!rows)
		return true;
	return teacher ? remember(&rows->teacher_row, &rows->n_teachers, index, line)
		       : remember(&rows->participant_row, &rows->n_participants, index, line);
}

static bool
utf8_ok(const char *s, size_t len, size_t *bad)
{
	size_t i = 0;

	while (i < len) {
		size_t k = cp_utf8_seq((const unsigned char *)s + i, len - i);
		if (k == 0 || s[i] == '\0') {
			*bad = i;
			return false;
		}
		i += k;
	}
	return true;
}

static long
line_of(const char *s, size_t off)
{
	long line = 1;

	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n')
			line++;
	return line;
}

/* Check one row; each problem goes to diag with row and column. */
static void
check_row(const struct row *r, long line, struct cp_diag *d)
{
	bool teacher = strcmp(r->f[C_KIND], "teacher") == 0;

	if (r->n != N_COLS) {
		cp_diag_add_at(d, CP_DIAG_ERROR, 0, line, r->n > N_COLS ? N_COLS + 1 : (long)r->n + 1,
			       "row %ld has %zu fields; expected %d (%s)", line, r->n, N_COLS,
			       cp_people_csv_header);
		return;
	}
	for (int c = 0; c < N_COLS; c++)
		if (r->too_long[c])
			cp_diag_add_at(d, CP_DIAG_ERROR, 0, line, c + 1,
				       "column %s: longer than %d bytes", col_name[c], MAX_FIELD - 1);
	if (!teacher && strcmp(r->f[C_KIND], "participant") != 0)
		cp_diag_add_at(d, CP_DIAG_ERROR, 0, line, C_KIND + 1,
			       "column kind: \"%s\" is neither \"participant\" nor \"teacher\"",
			       r->f[C_KIND]);
	if (!id_ok(r->f[C_ID]))
		cp_diag_add_at(d, CP_DIAG_ERROR, 0, line, C_ID + 1,
			       "column id: \"%s\" is not an id (1 to 64 letters, digits, '.', '_', "
			       "':' or '-')", r->f[C_ID]);
	if (!r->f[C_ZONE][0])
		cp_diag_add_at(d, CP_DIAG_ERROR, 0, line, C_ZONE + 1,
			       "column zone: empty; give an IANA zone such as Asia/Beirut");
	if (!r->f[C_LANGUAGES][0])
		cp_diag_add_at(d, CP_DIAG_ERROR, 0, line, C_LANGUAGES + 1,
			       "column languages: empty; give at least one, e.g. \"ar fr\"");
	if (teacher && r->f[C_PROFILE][0])
		cp_diag_add_at(d, CP_DIAG_ERROR, 0, line, C_PROFILE + 1,
			       "column profile: teachers have no profile; leave it empty");
	if (!teacher && strcmp(r->f[C_PROFILE], "labour_migrant") != 0 &&
	    strcmp(r->f[C_PROFILE], "partner") != 0 && strcmp(r->f[C_PROFILE], "family_migrant") != 0)
		cp_diag_add_at(d, CP_DIAG_ERROR, 0, line, C_PROFILE + 1,
			       "column profile: \"%s\" is not labour_migrant, partner or family_migrant",
			       r->f[C_PROFILE]);
}

bool
cp_people_csv_import(const char *problem, size_t plen, const char *csv, size_t len, char **out,
		     struct cp_people_csv_rows *rows, struct cp_diag *d)
{
	cJSON *root = NULL;
	struct row *r = malloc(sizeof(*r));
	size_t pos = 0, bad, errors_before = cp_diag_errors(d);
	long line = 1, span;
	bool bad_quote, ok = false;
	char **seen = NULL;
	size_t n_seen = 0;

	*out = NULL;
	if (rows)
		memset(rows, 0, sizeof(*rows));
	if (!r)
		return false;
	/* A byte order mark from a spreadsheet program is not data. */
	if (len >= 3 && memcmp(csv, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	if (!utf8_ok(csv, len, &bad)) {
		cp_diag_add_at(d, CP_DIAG_ERROR, bad, line_of(csv, bad), 0,
			       "byte %zu is not UTF-8 (save the file as CSV UTF-8)", bad);
		goto done;
	}
	if (!read_record(csv, len, &pos, r, &bad_quote, &span) || r->n != N_COLS ||
	    strcmp(r->f[0], "kind") != 0) {
		cp_diag_add_at(d, CP_DIAG_ERROR, 0, 1, 1, "the first line must be the header \"%s\"",
			       cp_people_csv_header);
		goto done;
	}
	for (int c = 0; c < N_COLS; c++)
		if (strcmp(r->f[c], col_name[c]) != 0)
			cp_diag_add_at(d, CP_DIAG_ERROR, 0, 1, c + 1,
				       "header column %d is \"%s\"; expected \"%s\"", c + 1, r->f[c],
				       col_name[c]);
	root = cJSON_ParseWithLength(problem, plen);
	if (!cJSON_IsObject(root))
		goto done;
	line += span;
	while (read_record(csv, len, &pos, r, &bad_quote, &span)) {
		long here = line;
		line += span;
		if (blank_row(r))
			continue;
		if (bad_quote) {
			cp_diag_add_at(d, CP_DIAG_ERROR, 0, here, (long)r->n,
				       "a quote in the middle of a field, or a quoted field that never "
				       "ends");
			continue;
		}
		check_row(r, here, d);
		if (cp_diag_errors(d) > errors_before)
			continue;
		/* The same person twice in one file is a mistake to show, not
		 * a last-one-wins. */
		for (size_t i = 0; i < n_seen; i++)
			if (strcmp(seen[i] + 1, r->f[C_ID]) == 0 && seen[i][0] == r->f[C_KIND][0])
				cp_diag_add_at(d, CP_DIAG_ERROR, 0, here, C_ID + 1,
					       "column id: \"%s\" appears twice in the file",
					       r->f[C_ID]);
		{
			char **ns = realloc(seen, (n_seen + 1) * sizeof(*seen));
			size_t n = strlen(r->f[C_ID]) + 2;
			if (!ns)
				goto done;
			seen = ns;
			seen[n_seen] = malloc(n);
			if (!seen[n_seen])
				goto done;
			snprintf(seen[n_seen++], n, "%c%s", r->f[C_KIND][0], r->f[C_ID]);
		}
		if (cp_diag_errors(d) == errors_before && !merge(root, r, here, rows))
			goto done;
	}
	if (cp_diag_errors(d) > errors_before)
		goto done;
	*out = cJSON_PrintUnformatted(root);
	ok = *out != NULL;
done:
	for (size_t i = 0; i < n_seen; i++)
		free(seen[i]);
	free(seen);
	cJSON_Delete(root);
	free(r);
	if (!ok)
		cp_people_csv_rows_finish(rows);
	return ok;
}

bool
cp_people_csv_locate(const struct cp_people_csv_rows *rows, const char *path, long *row,
		     long *column)
{
	const char *rest;
	char *end;
	unsigned long i;
	const long *v;
	size_t n;

	if (strncmp(path, "/participants/", 14) == 0) {
		rest = path + 14;
		v = rows->participant_row;
		n = rows->n_participants;
	} else if (strncmp(path, "/teachers/", 10) == 0) {
		rest = path + 10;
		v = rows->teacher_row;
		n = rows->n_teachers;
	} else {
		return false;
	}
	i = strtoul(rest, &end, 10);
	if (end == rest || i >= n || v[i] == 0)
		return false;
	*row = v[i];
	*column = 0;
	if (*end == '/') {
		for (int c = 0; c < N_COLS; c++) {
			size_t k = strlen(col_name[c]);
			if (strncmp(end + 1, col_name[c], k) == 0 &&
			    (end[1 + k] == '\0' || end[1 + k] == '/'))
				*column = c + 1;
		}
	}
	return true;
}

/* Append field f quoted when it needs to be. */
static bool
put_field(char **buf, size_t *len, size_t *cap, const char *f, bool last)
{
	size_t need = 2 * strlen(f) + 4;
	bool q = strpbrk(f, ",\"\r\n") != NULL;

	if (*len + need + 1 > *cap) {
		size_t nc = (*cap ? *cap * 2 : 1024) + need;
		char *nb = realloc(*buf, nc);
		if (!nb)
			return false;
		*buf = nb;
		*cap = nc;
	}
	if (q)
		(*buf)[(*len)++] = '"';
	for (const char *p = f; *p; p++) {
		if (*p == '"')
			(*buf)[(*len)++] = '"';
		(*buf)[(*len)++] = *p;
	}
	if (q)
		(*buf)[(*len)++] = '"';
	(*buf)[(*len)++] = last ? '\n' : ',';
	(*buf)[*len] = '\0';
	return true;
}

static const char *
str_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : "";
}

char *
cp_people_csv_export(const char *problem, size_t plen)
{
	cJSON *root = cJSON_ParseWithLength(problem, plen);
	char *buf = NULL;
	size_t len = 0, cap = 0;
	bool ok;
	static const char *const kinds[2] = { "participants", "teachers" };

	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return NULL;
	}
	cap = 1024;
	buf = malloc(cap);
	ok = buf != NULL;
	if (ok)
		buf[0] = '\0';
	for (int c = 0; ok && c < N_COLS; c++)
		ok = put_field(&buf, &len, &cap, col_name[c], c == N_COLS - 1);
	for (int k = 0; ok && k < 2; k++) {
		const cJSON *p;
		cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(root, kinds[k])) {
			char langs[MAX_FIELD] = "";
			const cJSON *l;
			size_t n = 0;
			cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(p, "languages")) {
				if (cJSON_IsString(l))
					n += (size_t)snprintf(langs + n, n < sizeof(langs) ? sizeof(langs) - n : 0,
							      "%s%s", n ? " " : "", l->valuestring);
				if (n >= sizeof(langs))
					break;
			}
			ok = ok && put_field(&buf, &len, &cap, k ? "teacher" : "participant", false) &&
			     put_field(&buf, &len, &cap, str_of(p, "id"), false) &&
			     put_field(&buf, &len, &cap, str_of(p, "zone"), false) &&
			     put_field(&buf, &len, &cap, langs, false) &&
			     put_field(&buf, &len, &cap, k ? "" : str_of(p, "profile"), false) &&
			     put_field(&buf, &len, &cap, str_of(p, "display_name"), true);
		}
	}
	cJSON_Delete(root);
	if (!ok) {
		free(buf);
		return NULL;
	}
	return buf;
}
