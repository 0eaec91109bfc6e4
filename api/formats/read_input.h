/*
 * Reading an input file whole for a reader of api/formats (plan.json, the
 * attendance register, accepted make-ups): a regular file of at most max
 * bytes, with the reason in diag when it cannot be read. Private to
 * api/formats. Prints nothing.
 */
#ifndef CP_FORMATS_READ_INPUT_H
#define CP_FORMATS_READ_INPUT_H

#include <stddef.h>

#include <cohortplan/diag.h>

#include "common/read_file.h"

/* cp_read_file of path (CP_READ_REGULAR_ONLY) into *buf and *len (the
 * caller frees *buf); on any failure but out of memory one error entry in
 * diag names the file and why ("is larger than the N bytes accepted", "is
 * not a regular file", "cannot open/read PATH: reason"). */
enum cp_read_status cp_read_input(const char *path, size_t max, char **buf, size_t *len,
				  struct cp_diag *diag);

#endif /* CP_FORMATS_READ_INPUT_H */
