/*
 * Writing output files so that a reader never sees half of one.
 *
 * Calendar clients poll feeds at any moment and LMS importers pick files up
 * from a folder: every file cohortplan writes goes to a temporary file in the
 * same folder first (same file system, so rename() is atomic), is flushed to
 * disk, and then replaces the target in one rename. A failure leaves the old
 * file in place and no temporary behind.
 *
 * Ownership: nothing is allocated for the caller; error detail goes into the
 * caller's struct cp_error (common/error.h): CP_ERR_NOMEM when memory ran
 * out, CP_ERR_IO for any other failure, with err->errnum the errno of the
 * failing call and the message "cannot write FILE: reason". Nothing is
 * printed.
 */
#ifndef CP_FORMATS_ATOMIC_FILE_H
#define CP_FORMATS_ATOMIC_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/error.h"

/*
 * Replace the file at path with buf[0..len) atomically; the file gets mode
 * 0644 (feeds are served by web servers running as other users). Returns
 * false with *err filled (err may be NULL) when any step fails.
 */
bool cp_atomic_write(const char *path, const void *buf, size_t len, struct cp_error *err);

/* cp_atomic_write of text a writer just made, which this frees; NULL text
 * (the writer ran out of memory) fails with ENOMEM and "cannot write PATH:
 * out of memory". */
bool cp_atomic_write_text(const char *path, char *text, size_t len, struct cp_error *err);

/* A writer that can only write to a file name (GLPK's MPS writer): it
 * writes the whole file at path and returns true, or false with *err
 * filled. */
typedef bool (*cp_path_writer)(const char *path, void *data, struct cp_error *err);

/* cp_atomic_write for such a writer: it writes a temporary file beside
 * path, which then replaces path in one rename (mode 0644, flushed to
 * disk). A failing writer leaves path as it was and no temporary behind. */
bool cp_atomic_write_by(const char *path, cp_path_writer write_at, void *data,
			struct cp_error *err);

/* Create the folder path and its missing parents (mode 0755); an existing
 * folder is fine. Returns false with *err filled on failure. */
bool cp_mkdir_p(const char *path, struct cp_error *err);

/* ---- an output folder as one unit ---------------------------------------
 *
 * `solve -o OUTDIR` writes a set that belongs together: plan.json and the
 * feeds, timetable, OneRoster files and report made from it. Re-solving
 * into the same folder must not leave the feeds of people who are no longer
 * in the plan, and a kill halfway must not leave a new plan.json beside old
 * feeds. So the set is written into a fresh sibling folder and then swapped
 * in with one rename (Linux renameat2 RENAME_EXCHANGE; where the file
 * system cannot, the old folder is renamed away first). A reader sees the
 * old set or the new one, never a mix.
 */

/* May OUTDIR be replaced as a whole? True when it does not exist, is an
 * empty folder, or holds a plan.json (an earlier output). False with *err
 * filled for a file, or a folder holding other things (never delete what
 * is not ours). */
bool cp_outdir_replaceable(const char *outdir, struct cp_error *err);

/* Create the fresh sibling folder "OUTDIR.new-XXXXXX" (parents of OUTDIR
 * created as needed). Returns it (malloc'ed; give it to commit or abort),
 * or NULL with *err filled. */
char *cp_outdir_begin(const char *outdir, struct cp_error *err);

/* Put the folder tmp from cp_outdir_begin() in OUTDIR's place and remove
 * what OUTDIR held. Frees tmp. False with *err filled when the swap failed
 * (tmp is then removed; OUTDIR is as it was). */
bool cp_outdir_commit(char *tmp, const char *outdir, struct cp_error *err);

/* Remove the folder tmp from cp_outdir_begin() and everything in it; frees
 * tmp. NULL is a no-op. */
void cp_outdir_abort(char *tmp);

#endif /* CP_FORMATS_ATOMIC_FILE_H */
