// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "lock.h"
#include "text.h"

int wm_lock_parse_pid(const char *buf, size_t len, pid_t *pid)
{
	struct wm_span s = { buf, len };
	uint64_t v;

	s = wm_span_trim(s);
	if (s.len && s.p[s.len - 1] == '\n')
		s.len--;
	/* The kernel's pid_max is at most 2^22; anything else is not a pid. */
	if (wm_parse_u64(wm_span_trim(s), &v) || v == 0 || v > (1u << 22))
		return -EINVAL;
	*pid = (pid_t)v;
	return 0;
}

static pid_t read_holder(int fd)
{
	char buf[32];
	ssize_t n;
	pid_t pid;

	n = pread(fd, buf, sizeof(buf), 0);
	if (n <= 0 || wm_lock_parse_pid(buf, (size_t)n, &pid))
		return 0;
	return pid;
}

static int write_pid(int fd)
{
	char buf[32];
	int len;
	ssize_t n;

	len = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0)
		return -errno;
	n = pwrite(fd, buf, (size_t)len, 0);
	if (n < 0)
		return -errno;
	return n == len ? 0 : -EIO;
}

static int open_lock_file(const char *path)
{
	struct stat st;
	int fd, rc;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK,
		  0644);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		rc = -errno;
	else if (!S_ISREG(st.st_mode))
		rc = -EINVAL;
	else
		return fd;
	close(fd);
	return rc;
}

int wm_lock_acquire(struct wm_lock *l, const char *state_path,
		    pid_t *holder)
{
	int n, fd, rc;

	l->fd = -1;
	if (holder)
		*holder = 0;
	n = snprintf(l->path, sizeof(l->path), "%s.lock", state_path);
	if (n < 0 || (size_t)n >= sizeof(l->path))
		return -ENAMETOOLONG;
	rc = wm_mkdir_parents(l->path, 0755);
	if (rc)
		return rc;
	fd = open_lock_file(l->path);
	if (fd < 0)
		return fd;
	while ((rc = flock(fd, LOCK_EX | LOCK_NB)) < 0 && errno == EINTR)
		;
	if (rc < 0) {
		rc = -errno;
		if (rc == -EWOULDBLOCK && holder)
			*holder = read_holder(fd);
		close(fd);
		return rc;
	}
	rc = write_pid(fd);
	if (rc) {
		close(fd);
		return rc;
	}
	l->fd = fd;
	return 0;
}

void wm_lock_release(struct wm_lock *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}
