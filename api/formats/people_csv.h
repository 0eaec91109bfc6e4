/*
 * Participants and teachers as CSV, for the workspace's import and export
 * (docs/workspace.md "People as CSV").
 *
 * One file holds both: a header line, then one row per person,
 *
 *   kind,id,zone,languages,profile,display_name
 *   participant,P-01,Africa/Casablanca,ar fr,labour_migrant,
 *   teacher,T-01,Europe/Brussels,ar nl,,
 *
 * RFC 4180 quoting ("a ""quoted"", field"), UTF-8 only, LF or CRLF line
 * ends; `languages` is separated by blanks. Importing adds the people whose
 * ids are new and updates zone, languages, profile and display name of the
 * ones that exist, keeping everything else they have (availability, rosters,
 * periods): a file exported, edited and imported again changes only what was
 * edited. Nobody is removed by an import.
 *
 * Errors are values: every error found is added to the caller's cp_diag
 * with its row (the file's line, header = 1) as line and its column as
 * column (1-based, the field's position), the column's name in the message;
 * the result is then not produced. The rules this module does not know
 * (zones in the pinned tzdata, languages, the problem's own checks) are the
 * problem reader's: the caller validates the merged problem and maps its
 * paths back to rows with cp_people_csv_row().
 *
 * Ownership: returned strings are malloc'd (free()). Nothing is printed.
 */
#ifndef CP_PEOPLE_CSV_H
#define CP_PEOPLE_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include <cohortplan/diag.h>

/* The header line, without line end. */
extern const char cp_people_csv_header[];

/* Where an imported person came from: the row of /participants/N or
 * /teachers/N in the merged problem (0: not in the file). */
struct cp_people_csv_rows {
	long *participant_row;
	size_t n_participants;
	long *teacher_row;
	size_t n_teachers;
};
void cp_people_csv_rows_finish(struct cp_people_csv_rows *r);

/*
 * Merge the people of csv[0..len) into the problem JSON text
 * problem[0..plen). On success *out is the new problem text and rows (may
 * be NULL) tells where each person came from. False with errors in diag
 * (and *out NULL) when the CSV is malformed; false without a diag entry
 * when out of memory or the problem text is not a JSON object.
 */
bool cp_people_csv_import(const char *problem, size_t plen, const char *csv, size_t len,
			  char **out, struct cp_people_csv_rows *rows, struct cp_diag *diag);

/* The row and column that a problem reader's error at path (e.g.
 * "/participants/3/zone") refers to; false when path names no imported
 * person. *column is 0 when the field has no column. */
bool cp_people_csv_locate(const struct cp_people_csv_rows *rows, const char *path, long *row,
			  long *column);

/* The people of a problem as CSV (header included); NULL when out of
 * memory or not a problem object. */
char *cp_people_csv_export(const char *problem, size_t plen);

#endif
