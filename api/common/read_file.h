/*
 * Reading a whole input file, bounded: the one way api/ modules read
 * problems, plans, holiday calendars and rosters.
 *
 * Why one function: a path may name a FIFO (opening it would wait for a
 * writer forever), a device such as /dev/zero (endless), a directory, or a
 * file larger than what the format accepts. Every reader must refuse these
 * the same way, and never hold more than the limit plus one read step in
 * memory.
 *
 * Ownership: on success *out is a malloc'ed buffer of *len bytes followed by
 * a NUL byte (not counted); the caller frees it. On failure *out is NULL and
 * nothing is allocated. Prints nothing.
 */
#ifndef CP_API_COMMON_READ_FILE_H
#define CP_API_COMMON_READ_FILE_H

#include <stddef.h>

enum cp_read_status {
	CP_READ_OK = 0,
	CP_READ_ERR_OPEN,      /* cannot open: *sys_errno tells why */
	CP_READ_ERR_NOT_FILE,  /* a directory, or (CP_READ_REGULAR_ONLY) a FIFO,
	                        * socket or device */
	CP_READ_ERR_TOO_BIG,   /* more than max bytes */
	CP_READ_ERR_IO,        /* a read failed: *sys_errno tells why */
	CP_READ_ERR_NOMEM,
};

/* Refuse anything but a regular file (FIFOs, devices, sockets). Without it,
 * pipes such as /dev/stdin are read too (still bounded by max). */
#define CP_READ_REGULAR_ONLY 1u

/*
 * Read path, at most max bytes. sys_errno (may be NULL) receives errno for
 * CP_READ_ERR_OPEN and CP_READ_ERR_IO, 0 otherwise.
 */
enum cp_read_status cp_read_file(const char *path, size_t max, unsigned flags, char **out,
				 size_t *len, int *sys_errno);

/* A short English phrase for a status ("is not a regular file", ...), to be
 * put after the path in the caller's own message. */
const char *cp_read_status_name(enum cp_read_status s);

#endif
