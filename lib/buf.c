// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

void wm_buf_free(struct wm_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int wm_buf_reserve(struct wm_buf *b, size_t want)
{
	size_t cap = b->cap ? b->cap : 4096;
	char *p;

	if (want < b->cap)
		return 0;
	if (want >= WM_BUF_MAX)
		return -EFBIG;
	while (cap <= want)
		cap *= 2;
	p = realloc(b->data, cap);
	if (!p)
		return -ENOMEM;
	b->data = p;
	b->cap = cap;
	return 0;
}

int wm_buf_append(struct wm_buf *b, const void *p, size_t n)
{
	int rc = wm_buf_reserve(b, b->len + n);

	if (rc)
		return rc;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

/*
 * Read to the end. A short read is the end of the data when ended says
 * so (then *eof is false: no read of 0 bytes was made); otherwise only a
 * read of 0 bytes is.
 */
static int read_more(struct wm_buf *b, int fd, bool positional,
		     wm_buf_ended_fn *ended, const void *arg, bool *eof)
{
	int rc;

	for (;;) {
		size_t want;
		ssize_t n;

		/* no call while the buffer is large enough: every tick */
		if (b->len + 4096 >= b->cap) {
			rc = wm_buf_reserve(b, b->len + 4096);
			if (rc)
				return rc;
		}
		want = b->cap - b->len - 1;
		if (positional)
			n = pread(fd, b->data + b->len, want, (off_t)b->len);
		else
			n = read(fd, b->data + b->len, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0) {
			*eof = true;
			break;
		}
		b->len += (size_t)n;
		if ((size_t)n < want && ended && ended(b->data, b->len, arg))
			break;
	}
	b->data[b->len] = '\0';
	return 0;
}

static int read_loop(struct wm_buf *b, int fd, bool positional,
		     wm_buf_ended_fn *ended, const void *arg, bool *eof)
{
	b->len = 0;
	*eof = false;
	return read_more(b, fd, positional, ended, arg, eof);
}

int wm_buf_pread_all(struct wm_buf *b, int fd)
{
	bool eof;

	return read_loop(b, fd, true, NULL, NULL, &eof);
}

/*
 * The first read of read_loop() made here: with a buffer that has
 * settled at the file's size (a daemon's every tick), one pread that
 * ended() calls whole is all, and the loop's set-up is not paid for.
 * The same reads, in the same order, as read_loop() alone.
 */
int wm_buf_pread_ended(struct wm_buf *b, int fd, wm_buf_ended_fn *ended,
		       const void *arg, bool *eof)
{
	size_t want;
	ssize_t n;

	if (b->cap <= 4096 || !ended)
		return read_loop(b, fd, true, ended, arg, eof);
	want = b->cap - 1;
	n = pread(fd, b->data, want, 0);
	if (n < 0 && errno == EINTR)
		return read_loop(b, fd, true, ended, arg, eof);
	if (n < 0) {
		b->len = 0;	/* as read_loop() leaves it */
		*eof = false;
		return -errno;
	}
	b->len = (size_t)n;
	*eof = n == 0;
	if (n == 0 || ((size_t)n < want && ended(b->data, b->len, arg))) {
		b->data[b->len] = '\0';
		return 0;
	}
	return read_more(b, fd, true, ended, arg, eof);
}

int wm_buf_read_all(struct wm_buf *b, int fd)
{
	bool eof;

	return read_loop(b, fd, false, NULL, NULL, &eof);
}

/*
 * One pread from offset 0 into a buffer of at least WM_BUF_WHOLE_MIN
 * bytes: a read shorter than the count asked for is the whole file. Only
 * a read that fills the buffer may have been cut, and then the file is
 * read again from 0 into a buffer twice as large (not continued at the
 * end offset: a sysctl read at a non-zero offset returns nothing).
 */
int wm_buf_pread_whole(struct wm_buf *b, int fd)
{
	ssize_t n;
	int rc;

	if (b->cap < WM_BUF_WHOLE_MIN) {
		rc = wm_buf_reserve(b, WM_BUF_WHOLE_MIN - 1);
		if (rc)
			return rc;
	}
	for (;;) {
		n = pread(fd, b->data, b->cap - 1, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if ((size_t)n < b->cap - 1)
			break;
		rc = wm_buf_reserve(b, b->cap);
		if (rc)
			return rc;
	}
	b->len = (size_t)n;
	b->data[b->len] = '\0';
	return 0;
}
