/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading and writing vm sysctls under a root, the way procps `sysctl`
 * does (DESIGN.md practice 9): confined to <root>/proc/sys, one write()
 * of "value\n", write and close both checked, every write read back, and
 * idempotent like bpftune (a write that changes nothing is skipped).
 *
 * Keys are dotted names: "vm.min_free_kbytes" is the file
 * <root>/proc/sys/vm/min_free_kbytes.
 */
#ifndef WMTUNE_SYSCTL_H
#define WMTUNE_SYSCTL_H

#include "root.h"

/* What one wm_sysctl_write() did. */
struct wm_sysctl_write {
	uint64_t old;	/* value before the write */
	uint64_t now;	/* value read back after it (== old when unchanged) */
	bool unchanged;	/* already held the value: nothing was written */
};

/*
 * Resolve key to its file under the root and check it. -EINVAL when the
 * key is not [a-z0-9_.]+ made of non-empty dot-separated parts, or when
 * its directory, with symbolic links and ".." resolved (realpath), is not
 * inside <root>/proc/sys. -ENOENT when that directory does not exist.
 * The file itself is opened with O_NOFOLLOW later, so a link there is
 * -ELOOP. Call this first to tell a bad key from a kernel refusal: both
 * are -EINVAL (see wm_sysctl_strerror()).
 */
int wm_sysctl_path(const struct wm_root *r, const char *key, char *out,
		   size_t size);

/*
 * Read a sysctl holding one whole number. -EPROTO when the file holds
 * anything else ("256 256 32", text, more than 63 bytes); -EISDIR when
 * the key names a directory; -ELOOP for a link; other -errno from open.
 */
int wm_sysctl_read(const struct wm_root *r, const char *key, uint64_t *val);

/*
 * Set a "vm." sysctl to val (any other key is -EINVAL: wmtune writes
 * nothing else). Reads the current value first and skips the write when
 * it already equals val (res->unchanged). Otherwise opens the file
 * O_WRONLY|O_CLOEXEC|O_NOFOLLOW, issues one write() of "val\n", checks
 * the write and the close, and reads the value back into res->now.
 * A file that is not on procfs (a fixture tree) is truncated first, as
 * a regular file needs; procfs files are never truncated.
 *
 * Returns 0 when the sysctl now holds val; -EIO when the read-back value
 * differs (res->now holds what the kernel kept); otherwise -errno, with
 * res->old valid once the first read succeeded: -ENOENT unknown key,
 * -EACCES/-EPERM not root in the initial user namespace, -EROFS
 * read-only /proc/sys, -EINVAL value rejected by the kernel.
 */
int wm_sysctl_write(const struct wm_root *r, const char *key, uint64_t val,
		    struct wm_sysctl_write *res);

/*
 * A message for an error from this module, for "<key>: <message>".
 * err may be positive or negative. Never NULL.
 */
const char *wm_sysctl_strerror(int err);

#endif /* WMTUNE_SYSCTL_H */
