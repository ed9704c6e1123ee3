/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading /dev/kmsg the way util-linux dmesg does (spec §7, DESIGN.md
 * practice 7): opened through the root override, non-blocking, one read()
 * per record into a buffer larger than any record; EPIPE means the ring
 * buffer overwrote records we had not read yet: count it and go on (the
 * records lost show up as a gap in the sequence numbers, which the report
 * assembler counts); EAGAIN is the end of what is there now.
 *
 * A fixture tree's dev/kmsg is a regular file of records separated by NUL
 * bytes (util-linux --kmsg-file); it is read the same way, in chunks.
 */
#ifndef WMTUNE_KMSG_H
#define WMTUNE_KMSG_H

#include "klog.h"
#include "root.h"

struct wm_kmsg {
	int fd;
	bool is_file;          /* a regular file, not the character device */
	bool follow;           /* file: a partial last record may still grow */
	uint64_t overruns;     /* EPIPE: times our position was overwritten */
	size_t rec_len;
	bool rec_cut;          /* file: a record longer than the buffer */
	size_t chunk_len, chunk_pos;
	char rec[WM_KMSG_REC_MAX];
	char chunk[16384];
};

/*
 * Open <root>/dev/kmsg for reading from the first record. -EPERM/-EACCES
 * when reading the kernel log is not allowed (dmesg_restrict without
 * CAP_SYSLOG), -ENOENT, ... . follow: will be waited on with
 * wm_kmsg_wait().
 */
int wm_kmsg_open(struct wm_kmsg *k, const struct wm_root *r, bool follow);
/*
 * The next record: *rec points into k (valid until the next call), the
 * return value is its length. 0: nothing more for now (EAGAIN, or end of
 * file). -errno on a read error.
 */
long wm_kmsg_next(struct wm_kmsg *k, const char **rec);
/*
 * Wait up to timeout_ms for more records (poll(2) on the device; a short
 * sleep for a file). 1: maybe more, 0: timed out, -EINTR: a signal.
 */
int wm_kmsg_wait(struct wm_kmsg *k, int timeout_ms);
void wm_kmsg_close(struct wm_kmsg *k);

#endif /* WMTUNE_KMSG_H */
