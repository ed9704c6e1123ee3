/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one place that knows where the kernel's files are. Every path wmtune
 * opens ("proc/zoneinfo", "dev/kmsg", "var/lib/wmtune/state.json") is
 * relative to a root: "/" on a real machine, a fixture tree in tests
 * (--root DIR or WMTUNE_ROOT), like util-linux's --sysroot.
 */
#ifndef WMTUNE_ROOT_H
#define WMTUNE_ROOT_H

#include <limits.h>

#include "buf.h"

struct wm_root {
	char dir[PATH_MAX]; /* without a trailing slash; "" for "/" */
};

/* dir NULL or "/" selects the real system. -ENOENT/-ENOTDIR if missing. */
int wm_root_init(struct wm_root *r, const char *dir);
bool wm_root_is_real(const struct wm_root *r);
/* Join root and a relative path ("proc/zoneinfo"); -ENAMETOOLONG. */
int wm_root_path(const struct wm_root *r, const char *rel, char *out,
		 size_t size);
/* open(2) of a root-relative path, always O_CLOEXEC. */
int wm_root_open(const struct wm_root *r, const char *rel, int flags,
		 int mode);
/* Read a whole root-relative file into b. */
int wm_root_read(const struct wm_root *r, const char *rel, struct wm_buf *b);
/*
 * Base page size of the observed system in bytes. The real root asks the
 * running kernel; a fixture tree carries its own in proc/self/smaps
 * ("KernelPageSize:"), falling back to this machine's.
 */
int wm_root_page_size(const struct wm_root *r, unsigned long *out);

#endif /* WMTUNE_ROOT_H */
