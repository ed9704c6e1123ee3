/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One wmtune acts on a machine at a time: an flock(2) on a lock file
 * beside the state ("<state path>.lock"). The lock lives as long as the
 * descriptor, so a crashed holder never leaves a stale lock behind; the
 * file holds the holder's pid only so that a second instance can say who
 * it is waiting for.
 */
#ifndef WMTUNE_LOCK_H
#define WMTUNE_LOCK_H

#include <limits.h>
#include <sys/types.h>

#include "wm.h"

struct wm_lock {
	int fd; /* -1 when not held */
	char path[PATH_MAX];
};

/*
 * Take the lock for the state file state_path without waiting: creates
 * missing parent directories (0755) and the lock file (0644, never
 * following a link), flock(LOCK_EX|LOCK_NB), then writes our pid into it.
 * Returns 0 with l held; -EWOULDBLOCK when another process holds it, with
 * *holder set to the pid in the file (0 when it has not written it yet or
 * it is unreadable); other -errno. holder may be NULL.
 */
int wm_lock_acquire(struct wm_lock *l, const char *state_path,
		    pid_t *holder);
/*
 * Release the lock (close the descriptor). The file is left in place:
 * unlinking it would let a third process lock a new file while a second
 * still waits on the old one. Safe to call again, or after a failed
 * wm_lock_acquire() (which leaves fd -1).
 */
void wm_lock_release(struct wm_lock *l);

/* Parse the pid in a lock file's content (pure); -EINVAL if none. */
int wm_lock_parse_pid(const char *buf, size_t len, pid_t *pid);

#endif /* WMTUNE_LOCK_H */
