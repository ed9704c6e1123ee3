/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Feed the kernel log that is there now into a report assembler: the one
 * loop that status, suggest and apply share (events and watch also
 * follow it). Records at or before the assembler's cursor are skipped by
 * the assembler itself.
 */
#ifndef WMTUNE_LOGSCAN_H
#define WMTUNE_LOGSCAN_H

#include "report.h"
#include "root.h"

/*
 * Read <root>/dev/kmsg from its first record to the end of what is there
 * now (non-blocking), pushing every record into a, then flush it.
 * Returns 0, or the -errno of opening or reading (-EPERM/-EACCES: reading
 * the kernel log is not allowed; see wm_logscan_strerror()).
 */
int wm_logscan_kmsg(const struct wm_root *r, struct wm_report_asm *a);

/* Why the kernel log could not be read, in words for people. */
const char *wm_logscan_strerror(int err);

#endif /* WMTUNE_LOGSCAN_H */
