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
 * caller's struct cp_file_error. Nothing is printed.
 */
#ifndef CP_FORMATS_ATOMIC_FILE_H
#define CP_FORMATS_ATOMIC_FILE_H

#include <stdbool.h>
#include <stddef.h>

struct cp_file_error {
	int errnum;          /* errno of the failing call, 0 if none */
	char message[512];   /* "cannot write FILE: reason" */
};

/*
 * Replace the file at path with buf[0..len) atomically; the file gets mode
 * 0644 (feeds are served by web servers running as other users). Returns
 * false with *err filled (err may be NULL) when any step fails.
 */
bool cp_atomic_write(const char *path, const void *buf, size_t len, struct cp_file_error *err);

/* Create the folder path and its missing parents (mode 0755); an existing
 * folder is fine. Returns false with *err filled on failure. */
bool cp_mkdir_p(const char *path, struct cp_file_error *err);

#endif /* CP_FORMATS_ATOMIC_FILE_H */
