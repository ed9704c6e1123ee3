// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "sysctl.h"
#include "text.h"

#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif

/* No sysctl value wmtune reads is longer; longer content is not a number. */
#define SYSCTL_VALUE_MAX 64

/* [a-z0-9_]+ parts separated by single dots: no "..", no empty parts. */
static bool key_ok(const char *key)
{
	const char *p;
	bool part_empty = true;

	if (strlen(key) > NAME_MAX)
		return false;
	for (p = key; *p; p++) {
		if (*p == '.') {
			if (part_empty)
				return false;
			part_empty = true;
		} else if ((*p >= 'a' && *p <= 'z') ||
			   (*p >= '0' && *p <= '9') || *p == '_') {
			part_empty = false;
		} else {
			return false;
		}
	}
	return !part_empty;
}

/* Is path equal to dir or below it? Both are realpath() results. */
static bool path_within(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strncmp(path, dir, n) != 0)
		return false;
	return path[n] == '\0' || path[n] == '/' || strcmp(dir, "/") == 0;
}

int wm_sysctl_path(const struct wm_root *r, const char *key, char *out,
		   size_t size)
{
	char rel[PATH_MAX], path[PATH_MAX], sys[PATH_MAX], parent[PATH_MAX];
	char *leaf, *p;
	int n, rc;

	if (!key_ok(key))
		return -EINVAL;
	n = snprintf(rel, sizeof(rel), "proc/sys/%s", key);
	if (n < 0 || (size_t)n >= sizeof(rel))
		return -ENAMETOOLONG;
	for (p = rel + strlen("proc/sys/"); *p; p++)
		if (*p == '.')
			*p = '/';
	rc = wm_root_path(r, rel, path, sizeof(path));
	if (rc)
		return rc;
	leaf = strrchr(path, '/');
	*leaf++ = '\0';
	rc = wm_root_path(r, "proc/sys", rel, sizeof(rel));
	if (rc)
		return rc;
	if (!realpath(rel, sys) || !realpath(path, parent))
		return -errno;
	if (!path_within(parent, sys))
		return -EINVAL;
	/* Hand back the resolved directory so a later open sees what we checked. */
	n = snprintf(out, size, "%s/%s", parent, leaf);
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return 0;
}

/* Only regular files: a FIFO planted in a fixture would block open(). */
static int check_file(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return -errno;
	if (S_ISLNK(st.st_mode))
		return -ELOOP;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	return S_ISREG(st.st_mode) ? 0 : -EINVAL;
}

static int parse_value(const char *buf, size_t len, uint64_t *val)
{
	struct wm_span s = { buf, len };

	s = wm_span_trim(s);
	if (s.len && s.p[s.len - 1] == '\n')
		s.len--;
	return wm_parse_u64(wm_span_trim(s), val) ? -EPROTO : 0;
}

static int read_path(const char *path, uint64_t *val)
{
	char buf[SYSCTL_VALUE_MAX];
	size_t len = 0;
	ssize_t n;
	int fd, rc;

	rc = check_file(path);
	if (rc)
		return rc;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	do {
		n = pread(fd, buf + len, sizeof(buf) - len, (off_t)len);
		if (n > 0)
			len += (size_t)n;
	} while ((n > 0 && len < sizeof(buf)) || (n < 0 && errno == EINTR));
	rc = n < 0 ? -errno : 0;
	close(fd);
	if (rc)
		return rc;
	if (len == sizeof(buf))
		return -EPROTO;
	return parse_value(buf, len, val);
}

int wm_sysctl_read(const struct wm_root *r, const char *key, uint64_t *val)
{
	char path[PATH_MAX];
	int rc;

	rc = wm_sysctl_path(r, key, path, sizeof(path));
	return rc ? rc : read_path(path, val);
}

/* One write() of "val\n"; a short write counts as a failure. */
static int write_path(const char *path, uint64_t val)
{
	char buf[32];
	struct statfs sfs;
	struct stat st;
	ssize_t n;
	int fd, len, rc = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || fstatfs(fd, &sfs) < 0)
		rc = -errno;
	else if (!S_ISREG(st.st_mode))
		rc = -EINVAL;
	/* A fixture's regular file must lose its old, possibly longer, text. */
	else if (sfs.f_type != PROC_SUPER_MAGIC && ftruncate(fd, 0) < 0)
		rc = -errno;
	if (rc == 0) {
		len = snprintf(buf, sizeof(buf), "%" PRIu64 "\n", val);
		n = write(fd, buf, (size_t)len);
		if (n < 0)
			rc = -errno;
		else if (n != len)
			rc = -EIO;
	}
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	return rc;
}

int wm_sysctl_write(const struct wm_root *r, const char *key, uint64_t val,
		    struct wm_sysctl_write *res)
{
	char path[PATH_MAX];
	int rc;

	memset(res, 0, sizeof(*res));
	if (strncmp(key, "vm.", 3) != 0)
		return -EINVAL;
	rc = wm_sysctl_path(r, key, path, sizeof(path));
	if (rc == 0)
		rc = read_path(path, &res->old);
	if (rc)
		return rc;
	res->now = res->old;
	if (res->old == val) {
		res->unchanged = true;
		return 0;
	}
	rc = write_path(path, val);
	if (rc)
		return rc;
	rc = read_path(path, &res->now);
	if (rc)
		return rc;
	return res->now == val ? 0 : -EIO;
}

const char *wm_sysctl_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case ENOENT:
		return "unknown key (no such sysctl on this kernel)";
	case EACCES:
	case EPERM:
		return "permission denied (writing vm sysctls needs uid 0 in the initial user namespace)";
	case EROFS:
		return "/proc/sys is read-only (container?)";
	case EINVAL:
		return "value rejected by the kernel (out of range)";
	case EIO:
		return "the value read back differs from the value written";
	case ELOOP:
		return "refusing to follow a symbolic link";
	case EPROTO:
		return "the sysctl does not hold a single whole number";
	case EISDIR:
		return "the key names a directory, not a sysctl";
	default:
		return strerror(err < 0 ? -err : err);
	}
}
