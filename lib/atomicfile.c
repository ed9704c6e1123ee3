// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"

/* Split path into its directory ("." when none) and its last component. */
static int split_path(const char *path, char *dir, size_t size,
		      const char **base)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (!*path)
		return -ENOENT;
	if (!slash) {
		*base = path;
		snprintf(dir, size, ".");
		return 0;
	}
	*base = slash + 1;
	if (!**base)
		return -EISDIR;
	n = slash == path ? 1 : (size_t)(slash - path);
	if (n >= size)
		return -ENAMETOOLONG;
	memcpy(dir, path, n);
	dir[n] = '\0';
	return 0;
}

/* A target we may replace: missing, or a regular file (not a link to one). */
static int check_target(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (S_ISLNK(st.st_mode))
		return -ELOOP;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	return 0;
}

/*
 * Create "<dir>/.<base>.<random>.tmp" exclusively. The random part only
 * avoids collisions between writers; O_EXCL|O_NOFOLLOW is what makes it
 * safe against a planted file or link.
 */
static int create_temp(const char *dir, const char *base, mode_t mode,
		       char *tmp, size_t size)
{
	static unsigned long counter;
	unsigned long long r;
	int i, n, fd;

	for (i = 0; i < 16; i++) {
		if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
			r = ((unsigned long long)getpid() << 32) ^ ++counter;
		n = snprintf(tmp, size, "%s/.%s.%016llx.tmp", dir, base, r);
		if (n < 0 || (size_t)n >= size)
			return -ENAMETOOLONG;
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
			       O_CLOEXEC, mode);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int fsync_dir(const char *dir)
{
	int fd, rc = 0;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	return rc;
}

/*
 * Put tmp in path's place without making the file system flush it: swap
 * the two names, then remove the old content under the temp name. ext4
 * (auto_da_alloc) allocates and starts writing back the blocks of a file
 * renamed over another, so that editors' saves survive a power loss; for a
 * file that need not survive one, that cost 0.2-0.5 ms of every save of
 * the 1 KB state, the largest part of watch's work between a failure
 * record and the sysctl write (BENCHMARKS.md, figure 2). An exchange is as
 * atomic for readers and skips it. Falls back to rename(2) when the
 * exchange fails: nothing to exchange with yet (ENOENT), a file system or
 * kernel that cannot exchange (EINVAL, ENOSYS), a seccomp filter that
 * does not know renameat2 (EPERM). After a swap, only a failed
 * unlink returns an error, with the new content in place (the caller's
 * unlink of tmp then tries once more).
 */
static int exchange_or_rename(const char *tmp, const char *path)
{
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_EXCHANGE) == 0)
		return unlink(tmp) < 0 ? -errno : 0;
	/* a failed exchange changed nothing: rename(2) says what is wrong */
	return rename(tmp, path) < 0 ? -errno : 0;
}

static int replace(const char *path, const void *data, size_t len,
		   mode_t mode, bool durable)
{
	char dir[PATH_MAX], tmp[PATH_MAX];
	const char *base;
	int fd, rc;

	rc = split_path(path, dir, sizeof(dir), &base);
	if (rc == 0)
		rc = check_target(path);
	if (rc)
		return rc;
	fd = create_temp(dir, base, mode, tmp, sizeof(tmp));
	if (fd < 0)
		return fd;
	rc = write_all(fd, data, len);
	if (rc == 0 && durable && fsync(fd) < 0)
		rc = -errno;
	/* close() can report a deferred write error (NFS, quotas). */
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && durable && rename(tmp, path) < 0)
		rc = -errno;
	if (rc == 0 && !durable)
		rc = exchange_or_rename(tmp, path);
	if (rc) {
		unlink(tmp);
		return rc;
	}
	return durable ? fsync_dir(dir) : 0;
}

int wm_atomic_write(const char *path, const void *data, size_t len,
		    mode_t mode)
{
	return replace(path, data, len, mode, true);
}

int wm_atomic_replace(const char *path, const void *data, size_t len,
		      mode_t mode)
{
	return replace(path, data, len, mode, false);
}

int wm_mkdir_parents(const char *path, mode_t mode)
{
	char dir[PATH_MAX];
	struct stat st;
	size_t i, n;

	n = strlen(path);
	while (n && path[n - 1] != '/')
		n--;
	while (n > 1 && path[n - 1] == '/')
		n--;
	if (n == 0 || (n == 1 && path[0] == '/'))
		return 0;
	if (n >= sizeof(dir))
		return -ENAMETOOLONG;
	memcpy(dir, path, n);
	dir[n] = '\0';
	/* Walk down from the top, creating what is missing. */
	for (i = 1; i <= n; i++) {
		if (i < n && dir[i] != '/')
			continue;
		if (i < n)
			dir[i] = '\0';
		if (mkdir(dir, mode) < 0 && errno != EEXIST)
			return -errno;
		if (stat(dir, &st) < 0)
			return -errno;
		if (!S_ISDIR(st.st_mode))
			return -ENOTDIR;
		if (i < n)
			dir[i] = '/';
	}
	return 0;
}
