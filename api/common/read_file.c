/* Bounded whole-file reading; see read_file.h. */
#include "read_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

const char *cp_read_status_name(enum cp_read_status s)
{
	switch (s) {
	case CP_READ_OK: return "read";
	case CP_READ_ERR_OPEN: return "cannot be opened";
	case CP_READ_ERR_NOT_FILE: return "is not a regular file";
	case CP_READ_ERR_TOO_BIG: return "is larger than allowed";
	case CP_READ_ERR_IO: return "cannot be read";
	case CP_READ_ERR_NOMEM: return "out of memory";
	}
	return "?";
}

static enum cp_read_status fail(int fd, char *buf, enum cp_read_status s, int e, int *sys_errno)
{
	free(buf);
	if (fd >= 0)
		close(fd);
	if (sys_errno)
		*sys_errno = e;
	return s;
}

enum cp_read_status cp_read_file(const char *path, size_t max, unsigned flags, char **out,
				 size_t *len, int *sys_errno)
{
	struct stat st;
	char *buf = NULL;
	size_t cap, n = 0;
	int fd;

	*out = NULL;
	*len = 0;
	if (sys_errno)
		*sys_errno = 0;
	/* O_NONBLOCK: opening a FIFO without a writer must not wait. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return fail(-1, NULL, CP_READ_ERR_OPEN, errno, sys_errno);
	if (fstat(fd, &st) != 0)
		return fail(fd, NULL, CP_READ_ERR_IO, errno, sys_errno);
	if (S_ISDIR(st.st_mode) || (!S_ISREG(st.st_mode) && (flags & CP_READ_REGULAR_ONLY)))
		return fail(fd, NULL, CP_READ_ERR_NOT_FILE, 0, sys_errno);
	if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max)
		return fail(fd, NULL, CP_READ_ERR_TOO_BIG, 0, sys_errno);
	/* Pipes (allowed without CP_READ_REGULAR_ONLY) are read blocking. */
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
		return fail(fd, NULL, CP_READ_ERR_IO, errno, sys_errno);

	/* A regular file's size is a hint (it may grow); one byte past max is
	 * enough to refuse, so the buffer never exceeds max + 1 (+ NUL). */
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
	if (cap > max + 1)
		cap = max + 1;
	for (;;) {
		if (!buf || n == cap) {
			size_t ncap = buf ? cap * 2 : cap;
			if (ncap > max + 1)
				ncap = max + 1;
			if (buf && n == ncap)
				return fail(fd, buf, CP_READ_ERR_TOO_BIG, 0, sys_errno);
			char *nb = realloc(buf, ncap + 1);
			if (!nb)
				return fail(fd, buf, CP_READ_ERR_NOMEM, 0, sys_errno);
			buf = nb;
			cap = ncap;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return fail(fd, buf, CP_READ_ERR_IO, errno, sys_errno);
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max)
			return fail(fd, buf, CP_READ_ERR_TOO_BIG, 0, sys_errno);
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return CP_READ_OK;
}
