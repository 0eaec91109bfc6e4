/*
 * Atomic file replacement and folder creation (see atomic_file.h).
 */
/* renameat2() and RENAME_EXCHANGE are GNU/Linux; mkdtemp() and nftw()
 * are XSI. */
#define _GNU_SOURCE

#include "atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* cp_error_errno() with ": strerror(errnum)" after the message. */
static void fail_errno(struct cp_error *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
fail_errno(struct cp_error *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (!err)
		return;
	va_start(ap, fmt);
	cp_error_vset(err, errnum == ENOMEM ? CP_ERR_NOMEM : CP_ERR_IO, fmt, ap);
	va_end(ap);
	err->errnum = errnum;
	n = strlen(err->message);
	if (errnum && n < sizeof(err->message))
		snprintf(err->message + n, sizeof(err->message) - n, ": %s", strerror(errnum));
}

/* A new empty temporary file beside path (same file system, so rename()
 * is atomic), open in *fd; returns its name (malloc'ed) or NULL with *err
 * filled. */
static char *
tmp_beside(const char *path, int *fd, struct cp_error *err)
{
	size_t n = strlen(path) + 16;
	char *tmp = malloc(n);

	if (!tmp) {
		fail_errno(err, ENOMEM, "cannot write %s", path);
		return NULL;
	}
	snprintf(tmp, n, "%s.tmp.XXXXXX", path);
	*fd = mkstemp(tmp);
	if (*fd < 0) {
		fail_errno(err, errno, "cannot create a temporary file beside %s", path);
		free(tmp);
		return NULL;
	}
	return tmp;
}

/* The temporary file tmp (open in fd, which this closes) replaces path,
 * unless e (an errno of writing it) is set; frees tmp. False with *err
 * filled when any step failed: the temporary is then gone. */
static bool
tmp_commit(char *tmp, int fd, int e, const char *path, struct cp_error *err)
{
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
		fail_errno(err, e, "cannot write %s", path);
	}
	free(tmp);
	return !e;
}

bool
cp_atomic_write(const char *path, const void *buf, size_t len, struct cp_error *err)
{
	const char *p = buf;
	size_t done = 0;
	int fd, e = 0;
	char *tmp = tmp_beside(path, &fd, err);

	if (!tmp)
		return false;
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
	return tmp_commit(tmp, fd, e, path, err);
}

bool
cp_atomic_write_by(const char *path, cp_path_writer write_at, void *data, struct cp_error *err)
{
	int fd;
	char *tmp = tmp_beside(path, &fd, err);

	if (!tmp)
		return false;
	/* the writer opens the name itself; fd stays open for the mode,
	 * fsync and close of the commit */
	if (!write_at(tmp, data, err)) {
		close(fd);
		unlink(tmp);
		free(tmp);
		return false;
	}
	return tmp_commit(tmp, fd, 0, path, err);
}

bool
cp_mkdir_p(const char *path, struct cp_error *err)
{
	size_t n = strlen(path);
	char *copy = malloc(n + 1);
	struct stat st;

	if (!copy) {
		fail_errno(err, ENOMEM, "cannot create folder %s", path);
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
			fail_errno(err, errno, "cannot create folder %s", copy);
			free(copy);
			return false;
		}
		copy[i] = saved;
	}
	int e = stat(path, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
	if (e) {
		fail_errno(err, e, "cannot create folder %s", path);
		free(copy);
		return false;
	}
	free(copy);
	return true;
}

/* ---- an output folder as one unit ------------------------------------- */

bool
cp_outdir_replaceable(const char *outdir, struct cp_error *err)
{
	struct stat st;
	if (stat(outdir, &st) != 0)
		return true; /* created fresh */
	if (!S_ISDIR(st.st_mode)) {
		fail_errno(err, ENOTDIR, "cannot write into %s", outdir);
		return false;
	}
	DIR *d = opendir(outdir);
	if (!d) {
		fail_errno(err, errno, "cannot read folder %s", outdir);
		return false;
	}
	bool empty = true, ours = false;
	for (struct dirent *e; (e = readdir(d));) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		empty = false;
		ours |= strcmp(e->d_name, "plan.json") == 0;
	}
	closedir(d);
	if (!empty && !ours) {
		fail_errno(err, EEXIST,
			   "%s holds files that are not a cohortplan output (no plan.json); "
			   "choose a new or empty folder", outdir);
		return false;
	}
	return true;
}

char *
cp_outdir_begin(const char *outdir, struct cp_error *err)
{
	size_t n = strlen(outdir);
	while (n > 1 && outdir[n - 1] == '/')
		n--;
	char *tmp = malloc(n + sizeof(".new-XXXXXX"));
	if (!tmp) {
		fail_errno(err, ENOMEM, "cannot create folder %s", outdir);
		return NULL;
	}
	memcpy(tmp, outdir, n);
	memcpy(tmp + n, ".new-XXXXXX", sizeof(".new-XXXXXX"));
	/* The parent must exist for the sibling: create OUTDIR itself (a
	 * folder of nothing), which also makes the later swap an exchange. */
	if (!cp_mkdir_p(outdir, err)) {
		free(tmp);
		return NULL;
	}
	if (!mkdtemp(tmp)) {
		fail_errno(err, errno, "cannot create folder %s", tmp);
		free(tmp);
		return NULL;
	}
	chmod(tmp, 0755); /* mkdtemp makes it 0700; feeds are served by others */
	return tmp;
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) != 0 && errno != ENOENT ? -1 : 0;
}

static void
remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void
cp_outdir_abort(char *tmp)
{
	if (!tmp)
		return;
	remove_tree(tmp);
	free(tmp);
}

bool
cp_outdir_commit(char *tmp, const char *outdir, struct cp_error *err)
{
	/* cp_outdir_begin created OUTDIR, so both exist: swap them in one
	 * step, then tmp holds the old set. */
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, outdir, RENAME_EXCHANGE) != 0) {
		if (errno != EINVAL && errno != ENOSYS) {
			fail_errno(err, errno, "cannot replace folder %s", outdir);
			cp_outdir_abort(tmp);
			return false;
		}
		/* No exchange on this file system: move the old set away, then
		 * the new one in (a reader may find no folder for a moment). */
		size_t n = strlen(tmp);
		char *old = malloc(n + 5);
		if (!old) {
			fail_errno(err, ENOMEM, "cannot replace folder %s", outdir);
			cp_outdir_abort(tmp);
			return false;
		}
		snprintf(old, n + 5, "%s.old", tmp);
		if (rename(outdir, old) != 0 || rename(tmp, outdir) != 0) {
			int e = errno;
			rename(old, outdir);
			fail_errno(err, e, "cannot replace folder %s", outdir);
			free(old);
			cp_outdir_abort(tmp);
			return false;
		}
		remove_tree(old);
		free(old);
		free(tmp);
		return true;
	}
	cp_outdir_abort(tmp); /* the old set */
	return true;
}

bool cp_atomic_write_text(const char *path, char *text, size_t len, struct cp_error *err)
{
	if (!text) {
		if (err) {
			cp_error_set(err, CP_ERR_NOMEM, "cannot write %s: out of memory", path);
			err->errnum = ENOMEM;
		}
		return false;
	}
	bool ok = cp_atomic_write(path, text, len, err);
	free(text);
	return ok;
}
