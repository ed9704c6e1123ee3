/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One observation of the machine: everything the readers produce, read
 * together. A wm_observer opens the files once and re-reads them on every
 * call, the way lmkd reads /proc under memory pressure (DESIGN.md practice
 * 6): descriptors stay open, each file is pread from offset 0 into its own
 * buffer, and a buffer grows only when a read fills it, so a warmed-up
 * observer allocates nothing per tick.
 */
#ifndef WMTUNE_OBSERVE_H
#define WMTUNE_OBSERVE_H

#include "buf.h"
#include "meminfo.h"
#include "netstat.h"
#include "psi.h"
#include "root.h"
#include "seqend.h"
#include "sysinfo.h"
#include "vmmemo.h"
#include "vmstat.h"
#include "zoneinfo.h"

enum wm_source {
	WM_SRC_ZONEINFO,	/* required */
	WM_SRC_SYSINFO,		/* required: min_free_kbytes; rest optional */
	WM_SRC_VMSTAT,
	WM_SRC_MEMINFO,
	WM_SRC_PSI,
	WM_SRC_NETSTAT,
	WM_SRC__COUNT
};

/*
 * Large (the zone array is WM_MAX_ZONES entries, about 80 KB): callers
 * allocate it (static, or malloc), never on a small stack.
 */
struct wm_snapshot {
	struct wm_zoneinfo zoneinfo;
	struct wm_sysinfo sysinfo;
	struct wm_vmstat vmstat;
	struct wm_meminfo meminfo;
	struct wm_psi psi;
	struct wm_netstat netstat;
	/* per source: could it be read and parsed? If not, why (-errno) */
	bool available[WM_SRC__COUNT];
	int error[WM_SRC__COUNT];
	/* where a malformed optional file failed (error == -EPROTO etc.) */
	struct wm_parse_error perr[WM_SRC__COUNT];
};

/* The files an observer keeps open (internal order). */
enum wm_obs_file {
	WM_OBS_ZONEINFO,
	WM_OBS_MIN_FREE_KBYTES,
	WM_OBS_WATERMARK_SCALE_FACTOR,
	WM_OBS_WATERMARK_BOOST_FACTOR,
	WM_OBS_LOWMEM_RESERVE_RATIO,
	WM_OBS_THP,
	WM_OBS_VMSTAT,
	WM_OBS_MEMINFO,
	WM_OBS_PSI,
	WM_OBS_NETSTAT,
	WM_OBS__COUNT
};

/* A set of observer files, for wm_observer_select(). */
#define WM_OBS_BIT(f) (1u << (f))
#define WM_OBS_ALL (WM_OBS_BIT(WM_OBS__COUNT) - 1)
/*
 * What a decision (lib/tick.c) takes from an observation, and no more.
 * Not meminfo, whose MemTotal the zones' managed pages give (see
 * wm_tick_files() in lib/tick.h, which adds it back for kernels whose
 * zoneinfo has no "managed").
 */
#define WM_OBS_TICK                                                        \
	(WM_OBS_BIT(WM_OBS_ZONEINFO) | WM_OBS_BIT(WM_OBS_MIN_FREE_KBYTES) | \
	 WM_OBS_BIT(WM_OBS_WATERMARK_SCALE_FACTOR) |                        \
	 WM_OBS_BIT(WM_OBS_VMSTAT) | WM_OBS_BIT(WM_OBS_PSI))

struct wm_observer {
	int fd[WM_OBS__COUNT];		/* -1: absent at open */
	unsigned read_mask;		/* WM_OBS_BIT()s read per call */
	uint64_t vmstat_only;		/* WM_VM_BIT()s parsed; 0: all */
	struct wm_vmstat_query vmstat_query; /* ... prepared, if not 0 */
	struct wm_vmstat_memo *vmstat_memo;  /* ... and the lines they are
					      * in (NULL: none, no memory) */
	int open_err[WM_OBS__COUNT];	/* -errno of a failed open */
	struct wm_buf buf[WM_OBS__COUNT];
	/* where zoneinfo and vmstat end without a read of 0 bytes */
	struct wm_seq_end seq_end[WM_OBS__COUNT];
	/* read once at open: boot id, release, page size */
	struct wm_sysinfo fixed;
	/* root-relative path of the file a failed open/read was about */
	const char *failed_file;
};

/* "zoneinfo", "sysinfo", ... */
const char *wm_source_name(enum wm_source src);
/* Root-relative path of a source's main file: "proc/zoneinfo". */
const char *wm_source_path(enum wm_source src);

/*
 * Open every file under root. Returns 0, or the -errno of opening
 * proc/zoneinfo or proc/sys/vm/min_free_kbytes (the required ones; then
 * obs->failed_file names it and nothing stays open). Optional files that
 * are missing now stay unavailable for the life of the observer.
 */
int wm_observer_open(struct wm_observer *obs, const struct wm_root *root);

/*
 * Re-read and parse everything into snap. Returns 0, or the error of a
 * required source: *failed_file (may be NULL) gets its path and err (may
 * be NULL) the line for a parse error (-EPROTO, -ERANGE, -E2BIG,
 * -ENODATA). An optional source that fails is marked unavailable in snap
 * (error[] and perr[] say why) and does not fail the call. The vm sysctls
 * and THP mode are re-read every time: they change.
 */
int wm_observer_read(struct wm_observer *obs, struct wm_snapshot *snap,
		     struct wm_parse_error *err, const char **failed_file);

/*
 * From now on read only the files in mask (WM_OBS_BIT()s; all of them
 * after open): a daemon that needs a few values a tick need not pay the
 * kernel for generating the rest. zoneinfo and min_free_kbytes are read
 * whatever mask says. What a file not read would have given stays
 * unknown: an optional source none of whose files is read is unavailable
 * in the snapshot with error 0 ("not read"); a vm sysctl or the THP mode
 * not read is WM_UNKNOWN (WM_THP_UNKNOWN).
 */
void wm_observer_select(struct wm_observer *obs, unsigned mask);

/*
 * From now on parse only these vmstat counters (WM_VM_BIT()s, with
 * wm_vmstat_parse_only(); 0, the default after open: all of them with
 * wm_vmstat_parse()). The others are WM_UNKNOWN in the snapshot, and
 * only a malformed line of a wanted counter makes vmstat unavailable.
 * The lines they were found in are remembered (wm_vmstat_parse_memo()),
 * when the memory for it can be had.
 */
void wm_observer_parse_only(struct wm_observer *obs, uint64_t vmstat_items);

/* Close and free everything; safe after a failed open and twice. */
void wm_observer_close(struct wm_observer *obs);

#endif /* WMTUNE_OBSERVE_H */
