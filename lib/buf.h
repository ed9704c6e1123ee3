/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A growable byte buffer for reading whole kernel files. It grows only
 * when a read fills it, so a daemon that re-reads the same /proc file
 * every tick allocates nothing after the first few ticks.
 */
#ifndef WMTUNE_BUF_H
#define WMTUNE_BUF_H

#include "wm.h"

struct wm_buf {
	char *data;   /* always NUL-terminated after a successful read */
	size_t len;
	size_t cap;
};

/* Hard limit: no kernel file wmtune reads is near this; logs are streamed. */
#define WM_BUF_MAX ((size_t)1 << 30)

void wm_buf_free(struct wm_buf *b);
int wm_buf_reserve(struct wm_buf *b, size_t want);
int wm_buf_append(struct wm_buf *b, const void *p, size_t n);
/* Read all of fd from offset 0 with pread (seekable files: /proc, /sys). */
int wm_buf_pread_all(struct wm_buf *b, int fd);
/*
 * Does data[0..len), read from offset 0 up to a read shorter than the
 * count asked for, hold all of the file? (lib/seqend.h for the
 * multi-record seq_files.)
 */
typedef bool wm_buf_ended_fn(const char *data, size_t len, const void *arg);
/*
 * wm_buf_pread_all(), except that a short read after which ended(data,
 * len, arg) is true ends the reading, with no read at the end offset.
 * *eof: whether a read of 0 bytes ended it instead.
 */
int wm_buf_pread_ended(struct wm_buf *b, int fd, wm_buf_ended_fn *ended,
		       const void *arg, bool *eof);
/*
 * Read all of a file that the kernel makes whole at every read from
 * offset 0 (a sysctl, a single_open() seq_file such as /proc/meminfo or
 * /proc/pressure/<res>; or a regular file) with one pread and no second
 * one to see end of file. Not for multi-record seq_files (zoneinfo,
 * vmstat): a read of those returns at most the kernel's seq buffer, so a
 * short read is not the end. The buffer starts at WM_BUF_WHOLE_MIN bytes
 * (the count asked for is one less): a sysctl read allocates and zeroes
 * a kernel buffer one byte larger than that count.
 */
#define WM_BUF_WHOLE_MIN ((size_t)4096)
int wm_buf_pread_whole(struct wm_buf *b, int fd);
/* Read all of fd from its current position to EOF (pipes, stdin). */
int wm_buf_read_all(struct wm_buf *b, int fd);

#endif /* WMTUNE_BUF_H */
