// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The observer: open once, pread every tick. The parsers never allocate,
 * and wm_buf_pread_all() reuses each file's buffer, so after the first
 * read or two (the buffers settle at the file sizes) a tick costs only
 * system calls.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "observe.h"

/* The sysctl files' paths come from sysinfo.c (wm_vm_sysctl_path). */
static const char *const obs_paths[WM_OBS__COUNT] = {
	[WM_OBS_ZONEINFO] = "proc/zoneinfo",
	[WM_OBS_THP] = WM_PATH_THP_ENABLED,
	[WM_OBS_VMSTAT] = "proc/vmstat",
	[WM_OBS_MEMINFO] = "proc/meminfo",
	[WM_OBS_PSI] = "proc/pressure/memory",
	[WM_OBS_NETSTAT] = "proc/net/netstat",
};

static const struct {
	const char *name;
	enum wm_obs_file file;
} sources[WM_SRC__COUNT] = {
	[WM_SRC_ZONEINFO] = { "zoneinfo", WM_OBS_ZONEINFO },
	[WM_SRC_SYSINFO] = { "sysinfo", WM_OBS_MIN_FREE_KBYTES },
	[WM_SRC_VMSTAT] = { "vmstat", WM_OBS_VMSTAT },
	[WM_SRC_MEMINFO] = { "meminfo", WM_OBS_MEMINFO },
	[WM_SRC_PSI] = { "psi", WM_OBS_PSI },
	[WM_SRC_NETSTAT] = { "netstat", WM_OBS_NETSTAT },
};

/* The sysctl files are in the same order as enum wm_vm_sysctl. */
_Static_assert(WM_OBS_MIN_FREE_KBYTES + WM_SYSCTL_LOWMEM_RESERVE_RATIO ==
		       WM_OBS_LOWMEM_RESERVE_RATIO, "sysctl order");

static const char *obs_path(enum wm_obs_file f)
{
	if (f >= WM_OBS_MIN_FREE_KBYTES && f <= WM_OBS_LOWMEM_RESERVE_RATIO)
		return wm_vm_sysctl_path(f - WM_OBS_MIN_FREE_KBYTES);
	return obs_paths[f];
}

const char *wm_source_name(enum wm_source src)
{
	return (unsigned)src < WM_SRC__COUNT ? sources[src].name : "?";
}

const char *wm_source_path(enum wm_source src)
{
	return (unsigned)src < WM_SRC__COUNT ? obs_path(sources[src].file) :
					       "?";
}

static bool obs_required(enum wm_obs_file f)
{
	return f == WM_OBS_ZONEINFO || f == WM_OBS_MIN_FREE_KBYTES;
}

/*
 * Boot id, release and page size: they do not change while we run. Not
 * wm_sysinfo_read(), which would also open and read the sysctl and THP
 * files that every wm_observer_read() reads again (twice the work for a
 * one-shot `status`, BENCHMARKS.md figure 5).
 */
static void obs_fixed(const struct wm_root *root, struct wm_sysinfo *si)
{
	/* and every sysctl and the THP mode unknown, as obs_sysctls()
	 * starts each read from it */
	wm_sysinfo_init(si);
	wm_sysinfo_read_fixed(root, si);
}

/*
 * How zoneinfo and vmstat reads end (lib/seqend.h). Without the list of
 * possible nodes (no NUMA sysfs, or /sys not mounted), or with a node
 * past 63, a zoneinfo read ends only at a read of 0 bytes, as before.
 * A sysfs attribute is one record, made whole at every read: one pread.
 */
static void obs_seq_ends(struct wm_observer *obs, const struct wm_root *root)
{
	struct wm_buf b = { 0 };
	uint64_t nodes;
	int fd = wm_root_open(root, "sys/devices/system/node/possible",
			      O_RDONLY, 0);

	if (fd >= 0 && wm_buf_pread_whole(&b, fd) == 0 &&
	    wm_node_list_parse(b.data, b.len, &nodes) == 0)
		wm_seq_end_nodes(&obs->seq_end[WM_OBS_ZONEINFO], nodes);
	if (fd >= 0)
		close(fd);
	wm_buf_free(&b);
	wm_seq_end_last_word(&obs->seq_end[WM_OBS_VMSTAT]);
}

int wm_observer_open(struct wm_observer *obs, const struct wm_root *root)
{
	unsigned i;
	int fd;

	memset(obs, 0, sizeof(*obs));
	for (i = 0; i < WM_OBS__COUNT; i++)
		obs->fd[i] = -1;
	for (i = 0; i < WM_OBS__COUNT; i++) {
		const char *path = obs_path((enum wm_obs_file)i);

		fd = wm_root_open(root, path, O_RDONLY, 0);
		if (fd < 0 && obs_required((enum wm_obs_file)i)) {
			wm_observer_close(obs);
			obs->failed_file = path;
			return fd;
		}
		obs->fd[i] = fd < 0 ? -1 : fd;
		obs->open_err[i] = fd < 0 ? fd : 0;
	}
	obs->read_mask = WM_OBS_ALL;
	obs_fixed(root, &obs->fixed);
	obs_seq_ends(obs, root);
	return 0;
}

void wm_observer_select(struct wm_observer *obs, unsigned mask)
{
	obs->read_mask = (mask & WM_OBS_ALL) | WM_OBS_BIT(WM_OBS_ZONEINFO) |
			 WM_OBS_BIT(WM_OBS_MIN_FREE_KBYTES);
}

void wm_observer_parse_only(struct wm_observer *obs, uint64_t vmstat_items)
{
	obs->vmstat_only = vmstat_items & WM_VM_ALL;
	wm_vmstat_query_init(&obs->vmstat_query, obs->vmstat_only);
	/* once: a watch sets it at start; without it, the query alone */
	if (obs->vmstat_only && !obs->vmstat_memo)
		obs->vmstat_memo = malloc(sizeof(*obs->vmstat_memo));
	if (obs->vmstat_memo)
		wm_vmstat_memo_init(obs->vmstat_memo);
}

void wm_observer_close(struct wm_observer *obs)
{
	unsigned i;

	for (i = 0; i < WM_OBS__COUNT; i++) {
		if (obs->fd[i] >= 0)
			close(obs->fd[i]);
		obs->fd[i] = -1;
		wm_buf_free(&obs->buf[i]);
	}
	free(obs->vmstat_memo);
	obs->vmstat_memo = NULL;
}

static bool obs_wanted(const struct wm_observer *obs, enum wm_obs_file f)
{
	return obs->read_mask & WM_OBS_BIT(f);
}

/*
 * Files the kernel makes whole at every read from offset 0, so that one
 * pread shorter than the buffer is all of it (wm_buf_pread_whole(): no
 * second pread at the end offset to see end of file, a system call a
 * file and a tick saved):
 * - the vm sysctls: fs/proc/proc_sysctl.c proc_sys_call_handler() calls
 *   the table's proc_handler once per read into a buffer of the count
 *   asked for, and the integer handlers (kernel/sysctl.c
 *   __do_proc_dointvec(), behind proc_dointvec_minmax() and the
 *   min_free_kbytes/lowmem_reserve_ratio handlers in mm/page_alloc.c)
 *   format every value at offset 0 and return nothing at any other;
 * - /proc/meminfo: proc_create_single() (fs/proc/meminfo.c
 *   proc_meminfo_init()), and /proc/pressure/memory: single_open() in
 *   kernel/sched/psi.c psi_memory_open(). A single_open() seq_file has
 *   one record, made whole by one ->show() into a seq buffer grown until
 *   it fits (fs/seq_file.c seq_read_iter()), of which a read returns as
 *   much as the count allows.
 * Not zoneinfo, vmstat, netstat or the THP mode: a zoneinfo or vmstat
 * read returns at most the kernel's seq buffer of records, so a short
 * read is not the end there.
 */
static bool obs_whole_at_once(enum wm_obs_file f)
{
	switch (f) {
	case WM_OBS_MIN_FREE_KBYTES:
	case WM_OBS_WATERMARK_SCALE_FACTOR:
	case WM_OBS_WATERMARK_BOOST_FACTOR:
	case WM_OBS_LOWMEM_RESERVE_RATIO:
	case WM_OBS_MEMINFO:
	case WM_OBS_PSI:
		return true;
	default:
		return false;
	}
}

/* pread one kept file; its open error if it was missing. */
static int obs_load(struct wm_observer *obs, enum wm_obs_file f)
{
	struct wm_buf *b = &obs->buf[f];
	bool eof;
	int rc;

	if (obs->fd[f] < 0)
		return obs->open_err[f] ? obs->open_err[f] : -EBADF;
	if (obs_whole_at_once(f))
		return wm_buf_pread_whole(b, obs->fd[f]);
	rc = wm_buf_pread_ended(b, obs->fd[f], wm_seq_end_whole,
				&obs->seq_end[f], &eof);
	if (rc == 0 && eof)
		wm_seq_end_learn(&obs->seq_end[f], b->data, b->len);
	return rc;
}

static void obs_sysctls(struct wm_observer *obs, struct wm_sysinfo *si)
{
	unsigned i;

	/* its sysctls and THP mode unknown: obs_fixed() left them so */
	*si = obs->fixed;
	for (i = WM_SYSCTL_WATERMARK_SCALE_FACTOR; i < WM_SYSCTL__COUNT; i++) {
		enum wm_obs_file f = WM_OBS_MIN_FREE_KBYTES + i;

		if (!obs_wanted(obs, f) || obs_load(obs, f) != 0)
			continue;
		/* "10\n": no call (wm_vm_sysctl_parse() would come to it) */
		if (i == WM_SYSCTL_WATERMARK_SCALE_FACTOR &&
		    wm_sysctl_plain(obs->buf[f].data, obs->buf[f].len,
				    &si->vm.watermark_scale_factor))
			continue;
		wm_vm_sysctl_parse((enum wm_vm_sysctl)i, obs->buf[f].data,
				   obs->buf[f].len, &si->vm);
	}
	if (obs_wanted(obs, WM_OBS_THP) && obs_load(obs, WM_OBS_THP) == 0)
		si->thp = wm_parse_thp(obs->buf[WM_OBS_THP].data,
				       obs->buf[WM_OBS_THP].len);
}

/* One optional source: parse it or say why it is not there. */
static void obs_optional(struct wm_observer *obs, struct wm_snapshot *snap,
			 enum wm_source src)
{
	enum wm_obs_file f = sources[src].file;
	struct wm_parse_error *pe = &snap->perr[src];
	const char *d;
	size_t n;
	int rc;

	if (!obs_wanted(obs, f))
		return;	/* not available, error 0: not read */
	rc = obs_load(obs, f);
	d = obs->buf[f].data;
	n = obs->buf[f].len;
	if (rc == 0) {
		switch (src) {
		case WM_SRC_VMSTAT:
			if (obs->vmstat_only && obs->vmstat_memo)
				rc = wm_vmstat_parse_memo(d, n,
							  &obs->vmstat_query,
							  obs->vmstat_memo,
							  &snap->vmstat, pe);
			else if (obs->vmstat_only)
				rc = wm_vmstat_parse_query(d, n,
							   &obs->vmstat_query,
							   &snap->vmstat, pe);
			else
				rc = wm_vmstat_parse(d, n, &snap->vmstat, pe);
			break;
		case WM_SRC_MEMINFO:
			rc = wm_meminfo_parse(d, n, &snap->meminfo, pe);
			break;
		case WM_SRC_PSI:
			rc = wm_psi_parse(d, n, &snap->psi, pe);
			break;
		case WM_SRC_NETSTAT:
			rc = wm_netstat_parse(d, n, &snap->netstat, pe);
			break;
		default:
			rc = -EINVAL;
			break;
		}
	}
	snap->available[src] = rc == 0;
	snap->error[src] = rc;
	if (rc == 0)
		return;
	/* a parser that failed half-way leaves values: none may be shown */
	if (src == WM_SRC_VMSTAT)
		wm_vmstat_init(&snap->vmstat);
	else if (src == WM_SRC_MEMINFO)
		wm_meminfo_init(&snap->meminfo);
	else if (src == WM_SRC_PSI)
		wm_psi_init(&snap->psi);
	else if (src == WM_SRC_NETSTAT)
		wm_netstat_init(&snap->netstat);
}

/*
 * The optional parts start out "not available", never as zeros. Not
 * sysinfo, which obs_sysctls() sets whole (or wm_observer_read() clears
 * when zoneinfo fails first), nor vmstat and psi when they are read:
 * their parsers, or obs_optional() when they fail, set every value (and
 * obs_required_fail() when they are not reached).
 */
static void snap_reset(const struct wm_observer *obs, struct wm_snapshot *snap)
{
	unsigned i;

	snap->zoneinfo.nr_zones = snap->zoneinfo.nr_nodes = 0;
	if (!obs_wanted(obs, WM_OBS_VMSTAT))
		wm_vmstat_init(&snap->vmstat);
	wm_meminfo_init(&snap->meminfo);
	/* a psi read sets all of it, parsed or failed (obs_optional()) */
	if (!obs_wanted(obs, WM_OBS_PSI))
		wm_psi_init(&snap->psi);
	wm_netstat_init(&snap->netstat);
	for (i = 0; i < WM_SRC__COUNT; i++) {
		snap->available[i] = false;
		snap->error[i] = 0;
		snap->perr[i].line = 0;
		snap->perr[i].msg[0] = '\0';
	}
}

static int obs_required_fail(struct wm_snapshot *snap, enum wm_source src,
			     int rc, const char **failed_file)
{
	/* not read, or not cleared by snap_reset() for the read */
	wm_vmstat_init(&snap->vmstat);
	wm_psi_init(&snap->psi);
	snap->error[src] = rc;
	snap->zoneinfo.nr_zones = snap->zoneinfo.nr_nodes = 0;
	if (failed_file)
		*failed_file = wm_source_path(src);
	return rc;
}

int wm_observer_read(struct wm_observer *obs, struct wm_snapshot *snap,
		     struct wm_parse_error *err, const char **failed_file)
{
	struct wm_buf *b;
	int rc;

	snap_reset(obs, snap);
	b = &obs->buf[WM_OBS_ZONEINFO];
	rc = obs_load(obs, WM_OBS_ZONEINFO);
	if (rc == 0)
		rc = wm_zoneinfo_parse(b->data, b->len, &snap->zoneinfo, err);
	if (rc) {
		wm_sysinfo_init(&snap->sysinfo);	/* not read: unknown */
		return obs_required_fail(snap, WM_SRC_ZONEINFO, rc,
					 failed_file);
	}
	snap->available[WM_SRC_ZONEINFO] = true;

	obs_sysctls(obs, &snap->sysinfo);
	b = &obs->buf[WM_OBS_MIN_FREE_KBYTES];
	rc = obs_load(obs, WM_OBS_MIN_FREE_KBYTES);
	if (rc == 0 && !wm_sysctl_plain(b->data, b->len,
					&snap->sysinfo.vm.min_free_kbytes))
		rc = wm_vm_sysctl_parse(WM_SYSCTL_MIN_FREE_KBYTES, b->data,
					b->len, &snap->sysinfo.vm);
	if (rc == -EPROTO || rc == -ERANGE)
		wm_parse_error_set(err, 1, "min_free_kbytes: %s",
				   rc == -ERANGE ? "number too large" :
						   "not a number");
	if (rc)
		return obs_required_fail(snap, WM_SRC_SYSINFO, rc,
					 failed_file);
	snap->available[WM_SRC_SYSINFO] = true;

	/* a source not read stays as snap_reset() left it: no call */
	if (obs_wanted(obs, WM_OBS_VMSTAT))
		obs_optional(obs, snap, WM_SRC_VMSTAT);
	if (obs_wanted(obs, WM_OBS_MEMINFO))
		obs_optional(obs, snap, WM_SRC_MEMINFO);
	if (obs_wanted(obs, WM_OBS_PSI))
		obs_optional(obs, snap, WM_SRC_PSI);
	if (obs_wanted(obs, WM_OBS_NETSTAT))
		obs_optional(obs, snap, WM_SRC_NETSTAT);
	return 0;
}
