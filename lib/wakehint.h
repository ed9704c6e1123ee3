/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An early wake-up for `watch` from a private tracing instance.
 *
 * printk wakes the readers of /dev/kmsg from a lazy irq_work, which runs
 * at the next timer tick: 0 to 1/HZ after the record (2 ms on average at
 * HZ=250; BENCHMARKS.md figure 2). The printk:console trace event is
 * emitted while the record is stored, and a trace pipe wakes its reader
 * from an irq_work that is raised at once: ~50 us. So watch also polls
 * the trace_pipe of its own instance (tracefs instances/wmtune-<pid>,
 * a few KiB of buffer a CPU) with the event filtered to the lines that
 * start or count a failure, and reads /dev/kmsg when it wakes.
 *
 * (The event moved there in 2022, Linux 5.19; before, it fired where a
 * console printed the line, so an older kernel booted "quiet" never
 * emits it for a warning: then the pipe stays silent.)
 *
 * It is a hint, not a source: every record is still read from /dev/kmsg.
 * A hint that comes before its record is readable, or for a line that
 * is not a failure, costs a read that finds nothing; a missed one costs
 * the tick of latency that /dev/kmsg alone has. Nothing is counted from
 * the trace.
 */
#ifndef WMTUNE_WAKEHINT_H
#define WMTUNE_WAKEHINT_H

#include <sys/types.h>

#include "root.h"

struct wm_wakehint {
	int fd;                  /* the instance's trace_pipe; -1: none */
	char dir[PATH_MAX];      /* the instance, removed by close */
};

/*
 * The event filter: the lines wmtune counts (report.c): the header of a
 * page-allocation or vmalloc failure report, SLUB's, and the rate
 * limiter's "N callbacks suppressed".
 */
extern const char wm_wakehint_filter[];

/* "wmtune-<pid>" -> pid (pure): false for any other name. */
bool wm_wakehint_instance_pid(const char *name, pid_t *pid);

/*
 * Remove the instances named by wm_wakehint_instance_pid() whose process
 * is gone (a watch killed by SIGKILL leaves its instance behind). The
 * kernel refuses to remove an instance whose pipe is open (EBUSY), so a
 * live watch's instance stays whatever the pid says. Returns how many
 * were removed.
 */
int wm_wakehint_remove_stale(const struct wm_root *r);

/*
 * Make the instance, filter and enable the event, open the pipe. 0, or
 * -errno with *step naming what failed; then nothing is left behind.
 * h->fd is -1 until it succeeds.
 */
int wm_wakehint_open(struct wm_wakehint *h, const struct wm_root *r,
		     const char **step);
/*
 * Read and discard what the pipe holds (non-blocking): false when it held
 * nothing. poll(2) reports the pipe readable only when it holds events,
 * unless the instance's "block" option has been set (then it always
 * does): the caller gives up a hint that keeps waking it for nothing.
 */
bool wm_wakehint_drain(struct wm_wakehint *h);
/* Close the pipe and remove the instance. */
void wm_wakehint_close(struct wm_wakehint *h);

#endif /* WMTUNE_WAKEHINT_H */
