// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "root.h"
#include "text.h"

int wm_root_init(struct wm_root *r, const char *dir)
{
	struct stat st;
	size_t n;

	r->dir[0] = '\0';
	if (!dir || !*dir || strcmp(dir, "/") == 0)
		return 0;
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n >= sizeof(r->dir))
		return -ENAMETOOLONG;
	memcpy(r->dir, dir, n);
	r->dir[n] = '\0';
	if (stat(r->dir, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	return 0;
}

bool wm_root_is_real(const struct wm_root *r)
{
	return r->dir[0] == '\0';
}

int wm_root_path(const struct wm_root *r, const char *rel, char *out,
		 size_t size)
{
	int n;

	while (*rel == '/')
		rel++;
	n = snprintf(out, size, "%s/%s", r->dir, rel);
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return 0;
}

int wm_root_open(const struct wm_root *r, const char *rel, int flags,
		 int mode)
{
	char path[PATH_MAX];
	int rc, fd;

	rc = wm_root_path(r, rel, path, sizeof(path));
	if (rc)
		return rc;
	fd = open(path, flags | O_CLOEXEC, mode);
	return fd < 0 ? -errno : fd;
}

int wm_root_read(const struct wm_root *r, const char *rel, struct wm_buf *b)
{
	int fd, rc;

	fd = wm_root_open(r, rel, O_RDONLY, 0);
	if (fd < 0)
		return fd;
	rc = wm_buf_read_all(b, fd);
	close(fd);
	return rc;
}

static int smaps_page_size(const char *buf, size_t len, unsigned long *out)
{
	static const char key[] = "KernelPageSize:";
	struct wm_lines it;
	struct wm_span line, word;
	uint64_t kb;

	wm_lines_init(&it, buf, len);
	while (wm_lines_next(&it, &line)) {
		if (!wm_span_starts(line, key))
			continue;
		line.p += sizeof(key) - 1;
		line.len -= sizeof(key) - 1;
		if (!wm_span_word(&line, &word) || wm_parse_u64(word, &kb) ||
		    kb == 0 || kb > (1u << 20) || (kb & (kb - 1)))
			return -EINVAL;
		*out = (unsigned long)kb * 1024;
		return 0;
	}
	return -ENOENT;
}

int wm_root_page_size(const struct wm_root *r, unsigned long *out)
{
	struct wm_buf b = { 0 };
	long sys = sysconf(_SC_PAGESIZE);
	int rc;

	if (!wm_root_is_real(r)) {
		rc = wm_root_read(r, "proc/self/smaps", &b);
		if (rc == 0)
			rc = smaps_page_size(b.data, b.len, out);
		wm_buf_free(&b);
		if (rc != -ENOENT)
			return rc;
	}
	if (sys <= 0)
		return -EINVAL;
	*out = (unsigned long)sys;
	return 0;
}
