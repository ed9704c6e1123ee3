// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kmsg.h"

int wm_kmsg_open(struct wm_kmsg *k, const struct wm_root *r, bool follow)
{
	struct stat st;
	int fd;

	memset(k, 0, sizeof(*k));
	k->fd = -1;
	fd = wm_root_open(r, "dev/kmsg", O_RDONLY | O_NONBLOCK, 0);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	k->fd = fd;
	k->follow = follow;
	k->is_file = S_ISREG(st.st_mode);
	/* the device: SEEK_SET 0 is the first record still in the buffer */
	if (!k->is_file && lseek(fd, 0, SEEK_SET) < 0 && errno != ESPIPE) {
		int rc = -errno;

		wm_kmsg_close(k);
		return rc;
	}
	return 0;
}

void wm_kmsg_close(struct wm_kmsg *k)
{
	if (k->fd >= 0)
		close(k->fd);
	k->fd = -1;
}

static long next_device(struct wm_kmsg *k, const char **rec)
{
	for (;;) {
		ssize_t n = read(k->fd, k->rec, sizeof(k->rec) - 1);

		if (n > 0) {
			k->rec[n] = '\0';
			*rec = k->rec;
			return (long)n;
		}
		if (n == 0)
			return 0;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		if (errno == EPIPE) {
			/* overwritten: the next read gets the oldest record */
			k->overruns++;
			continue;
		}
		if (errno == EINTR)
			continue;
		return -errno;
	}
}

/* Append to the record being gathered; a record past the bound is cut. */
static void gather(struct wm_kmsg *k, const char *p, size_t n)
{
	size_t room = sizeof(k->rec) - 1 - k->rec_len;

	if (n > room) {
		n = room;
		k->rec_cut = true;
	}
	memcpy(k->rec + k->rec_len, p, n);
	k->rec_len += n;
}

static long deliver(struct wm_kmsg *k, const char **rec)
{
	long n = (long)k->rec_len;

	k->rec[k->rec_len] = '\0';
	k->rec_len = 0;
	k->rec_cut = false;
	*rec = k->rec;
	return n;
}

static long next_file(struct wm_kmsg *k, const char **rec)
{
	for (;;) {
		ssize_t n;

		while (k->chunk_pos < k->chunk_len) {
			const char *p = k->chunk + k->chunk_pos;
			size_t left = k->chunk_len - k->chunk_pos;
			const char *nul = memchr(p, '\0', left);
			size_t take = nul ? (size_t)(nul - p) : left;

			gather(k, p, take);
			k->chunk_pos += take + (nul ? 1 : 0);
			if (nul && k->rec_cut) {
				/* longer than any record: not one, skip it */
				k->rec_len = 0;
				k->rec_cut = false;
			} else if (nul && k->rec_len) {
				return deliver(k, rec);
			}
		}
		k->chunk_pos = k->chunk_len = 0;
		n = read(k->fd, k->chunk, sizeof(k->chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0) {
			/*
			 * The last record need not end in NUL, but as read()
			 * returns it, it ends in '\n': one that does not was cut.
			 */
			if (k->rec_len && !k->follow) {
				if (k->rec[k->rec_len - 1] == '\n' && !k->rec_cut)
					return deliver(k, rec);
				k->rec_len = 0;
				k->rec_cut = false;
			}
			return 0;
		}
		k->chunk_len = (size_t)n;
	}
}

long wm_kmsg_next(struct wm_kmsg *k, const char **rec)
{
	if (k->fd < 0)
		return -EBADF;
	return k->is_file ? next_file(k, rec) : next_device(k, rec);
}

int wm_kmsg_wait(struct wm_kmsg *k, int timeout_ms)
{
	struct pollfd pfd = { .fd = k->fd, .events = POLLIN | POLLPRI };
	int n;

	if (k->is_file) {
		/* a file is always "readable": poll for growth instead */
		struct timespec ts = { 0, 200 * 1000000L };

		if (timeout_ms < 200)
			ts.tv_nsec = (long)(timeout_ms > 0 ? timeout_ms : 0) *
				     1000000L;
		if (nanosleep(&ts, NULL) < 0)
			return -errno;
		return 1;
	}
	n = poll(&pfd, 1, timeout_ms);
	if (n < 0)
		return -errno;
	return n > 0 ? 1 : 0;
}
