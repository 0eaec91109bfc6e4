/*
 * Atomic file replacement and folder creation (see atomic_file.h).
 */
#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void set_error(struct cp_file_error *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
set_error(struct cp_file_error *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (!err)
		return;
	err->errnum = errnum;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	n = strlen(err->message);
	if (errnum && n < sizeof(err->message))
		snprintf(err->message + n, sizeof(err->message) - n, ": %s", strerror(errnum));
}

bool
cp_atomic_write(const char *path, const void *buf, size_t len, struct cp_file_error *err)
{
	size_t n = strlen(path) + 16;
	char *tmp = malloc(n);
	const char *p = buf;
	size_t done = 0;
	int fd, e = 0;

	if (!tmp) {
		set_error(err, ENOMEM, "cannot write %s", path);
		return false;
	}
	/* Beside the target, so that rename() never crosses file systems. */
	snprintf(tmp, n, "%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		set_error(err, errno, "cannot create a temporary file beside %s", path);
		free(tmp);
		return false;
	}
	while (done < len) {
		ssize_t w = write(fd, p + done, len - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			break;
		}
		done += (size_t)w;
	}
	/* mkstemp() made it 0600; feeds are read by other users' servers. */
	if (!e && fchmod(fd, 0644) != 0)
		e = errno;
	if (!e && fsync(fd) != 0)
		e = errno;
	if (close(fd) != 0 && !e)
		e = errno;
	if (!e && rename(tmp, path) != 0)
		e = errno;
	if (e) {
		unlink(tmp);
		free(tmp);
		set_error(err, e, "cannot write %s", path);
		return false;
	}
	free(tmp);
	return true;
}

bool
cp_mkdir_p(const char *path, struct cp_file_error *err)
{
	size_t n = strlen(path);
	char *copy = malloc(n + 1);
	struct stat st;

	if (!copy) {
		set_error(err, ENOMEM, "cannot create folder %s", path);
		return false;
	}
	memcpy(copy, path, n + 1);
	/* Create each prefix ending before a '/', then the whole path. */
	for (size_t i = 1; i <= n; i++) {
		if (i < n && copy[i] != '/')
			continue;
		char saved = copy[i];
		copy[i] = '\0';
		if (mkdir(copy, 0755) != 0 && errno != EEXIST) {
			set_error(err, errno, "cannot create folder %s", copy);
			free(copy);
			return false;
		}
		copy[i] = saved;
	}
	int e = stat(path, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
	if (e) {
		set_error(err, e, "cannot create folder %s", path);
		free(copy);
		return false;
	}
	free(copy);
	return true;
}
