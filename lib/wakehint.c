// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wakehint.h"

#define INSTANCE_PREFIX "wmtune-"

/*
 * The kernel reads a glob between '*'s as "contains" (every kernel with
 * the '~' operator); the text of the event has no level prefix and no
 * trailing newline.
 */
const char wm_wakehint_filter[] =
	"msg ~ \"*page allocation failure*\" || "
	"msg ~ \"*SLUB: Unable to allocate memory on *\" || "
	"msg ~ \"*callbacks suppressed*\"";

/* Where tracefs is: its own mount, or debugfs's copy on older systems. */
static const char *const tracefs_dirs[] = {
	"sys/kernel/tracing",
	"sys/kernel/debug/tracing",
};

bool wm_wakehint_instance_pid(const char *name, pid_t *pid)
{
	const char *p;
	long v = 0;

	if (strncmp(name, INSTANCE_PREFIX, strlen(INSTANCE_PREFIX)) != 0)
		return false;
	p = name + strlen(INSTANCE_PREFIX);
	if (*p < '1' || *p > '9')
		return false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || v > (INT32_MAX - (*p - '0')) / 10)
			return false;
		v = v * 10 + (*p - '0');
	}
	*pid = (pid_t)v;
	return true;
}

/* The instances directory under the first tracefs found; -ENOENT. */
static int instances_dir(const struct wm_root *r, char *out, size_t size)
{
	size_t i;

	for (i = 0; i < WM_ARRAY_SIZE(tracefs_dirs); i++) {
		char rel[64];
		struct stat st;
		int rc;

		snprintf(rel, sizeof(rel), "%s/instances", tracefs_dirs[i]);
		rc = wm_root_path(r, rel, out, size);
		if (rc)
			return rc;
		if (stat(out, &st) == 0 && S_ISDIR(st.st_mode))
			return 0;
	}
	return -ENOENT;
}

static bool process_gone(pid_t pid)
{
	return kill(pid, 0) < 0 && errno == ESRCH;
}

int wm_wakehint_remove_stale(const struct wm_root *r)
{
	char dir[PATH_MAX];
	struct dirent *e;
	int removed = 0;
	DIR *d;

	if (instances_dir(r, dir, sizeof(dir)) || !(d = opendir(dir)))
		return 0;
	while ((e = readdir(d))) {
		pid_t pid;

		if (wm_wakehint_instance_pid(e->d_name, &pid) &&
		    process_gone(pid) &&
		    unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}

/* Write a short value into the file rel of the instance dir: 0, -errno. */
static int write_knob(int dir, const char *rel, const char *value)
{
	size_t len = strlen(value);
	ssize_t n;
	int fd;

	fd = openat(dir, rel, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, value, len);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -EIO;
}

/*
 * The instance's settings, in order; an optional one may be missing
 * (buffer_percent came in Linux 5.1; before it a pipe woke its reader
 * on any data, which is what 0 asks for).
 */
static const struct knob {
	const char *rel, *value;
	bool optional;
} knobs[] = {
	{ "buffer_size_kb", "4", false },    /* a few KiB a CPU: rounded up */
	{ "buffer_percent", "0", true },     /* wake on the first event */
	{ "events/printk/console/filter", wm_wakehint_filter, false },
	{ "events/printk/console/enable", "1", false },
};

int wm_wakehint_open(struct wm_wakehint *h, const struct wm_root *r,
		     const char **step)
{
	char dir[PATH_MAX];
	size_t i;
	int rc, n, dfd;

	h->fd = -1;
	h->dir[0] = '\0';
	*step = "tracefs";
	rc = instances_dir(r, dir, sizeof(dir));
	if (rc)
		return rc;
	wm_wakehint_remove_stale(r);
	n = snprintf(h->dir, sizeof(h->dir), "%s/" INSTANCE_PREFIX "%ld", dir,
		     (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(h->dir)) {
		h->dir[0] = '\0';
		return -ENAMETOOLONG;
	}
	*step = "instance";
	if (mkdir(h->dir, 0700) < 0) {
		rc = -errno;
		h->dir[0] = '\0';	/* not ours to remove */
		return rc;
	}
	/* its files by name in it: no path to join for each */
	dfd = open(h->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		rc = -errno;
		goto fail;
	}
	for (i = 0; i < WM_ARRAY_SIZE(knobs); i++) {
		*step = knobs[i].rel;
		rc = write_knob(dfd, knobs[i].rel, knobs[i].value);
		if (rc == -ENOENT && knobs[i].optional)
			rc = 0;
		if (rc)
			break;
	}
	if (rc == 0) {
		*step = "trace_pipe";
		h->fd = openat(dfd, "trace_pipe",
			       O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		rc = h->fd < 0 ? -errno : 0;
	}
	close(dfd);
	if (rc == 0)
		return 0;
fail:
	wm_wakehint_close(h);
	return rc;
}

bool wm_wakehint_drain(struct wm_wakehint *h)
{
	char buf[4096];
	bool any = false;

	while (h->fd >= 0 && read(h->fd, buf, sizeof(buf)) > 0)
		any = true;
	return any;
}

void wm_wakehint_close(struct wm_wakehint *h)
{
	if (h->fd >= 0)
		close(h->fd);
	h->fd = -1;
	/* with the pipe closed the kernel removes the buffer and the event */
	if (h->dir[0])
		rmdir(h->dir);
	h->dir[0] = '\0';
}
