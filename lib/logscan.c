// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kmsg.h"
#include "logscan.h"

int wm_logscan_kmsg(const struct wm_root *r, struct wm_report_asm *a)
{
	struct wm_kmsg *k = malloc(sizeof(*k)); /* ~24 KiB of buffers */
	const char *rec;
	long n;
	int rc;

	if (!k)
		return -ENOMEM;
	rc = wm_kmsg_open(k, r, false);
	if (rc) {
		free(k);
		return rc;
	}
	while ((n = wm_kmsg_next(k, &rec)) > 0)
		wm_report_push_record(a, rec, (size_t)n);
	wm_report_end(a);
	wm_kmsg_close(k);
	free(k);
	return n < 0 ? (int)n : 0;
}

const char *wm_logscan_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case EPERM:
	case EACCES:
		return "reading the kernel log needs CAP_SYSLOG "
		       "(kernel.dmesg_restrict=1) or root";
	case ENOENT:
		return "no /dev/kmsg";
	default:
		return strerror(err < 0 ? -err : err);
	}
}
