/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The small single-value kernel files: vm sysctls, THP mode, boot id,
 * kernel release. Every value that could not be read is WM_UNKNOWN (or
 * "" for strings) so that status shows it as unavailable, never as 0.
 */
#ifndef WMTUNE_SYSINFO_H
#define WMTUNE_SYSINFO_H

#include "root.h"

#define WM_MAX_LOWMEM_RATIO 8

enum wm_thp_mode { WM_THP_UNKNOWN, WM_THP_ALWAYS, WM_THP_MADVISE, WM_THP_NEVER };

struct wm_vm_sysctls {
	uint64_t min_free_kbytes;
	uint64_t watermark_scale_factor;  /* WM_UNKNOWN before 4.6 */
	uint64_t watermark_boost_factor;  /* WM_UNKNOWN before 5.0 */
	unsigned nr_lowmem_reserve_ratio;
	uint64_t lowmem_reserve_ratio[WM_MAX_LOWMEM_RATIO];
};

/* Kernel version as numbers: "6.18.44-fc-v857" -> 6, 18, 44. */
struct wm_kver {
	unsigned major, minor, patch;
};

struct wm_sysinfo {
	struct wm_vm_sysctls vm;
	enum wm_thp_mode thp;
	char boot_id[40];        /* "" if unavailable */
	char release[96];        /* "" if unavailable */
	struct wm_kver kver;     /* all 0 if unknown */
	unsigned long page_size; /* bytes */
};

/* Pure parsers. */
int wm_parse_sysctl_u64(const char *buf, size_t len, uint64_t *out);
int wm_parse_sysctl_list(const char *buf, size_t len, uint64_t *vals,
			 unsigned max, unsigned *nr);
enum wm_thp_mode wm_parse_thp(const char *buf, size_t len);
/* Returns 0 when at least major.minor was found. */
int wm_parse_kver(const char *s, size_t len, struct wm_kver *out);
/* < 0, 0, > 0 like strcmp. */
int wm_kver_cmp(struct wm_kver a, unsigned major, unsigned minor);
const char *wm_thp_name(enum wm_thp_mode m);

/*
 * Read everything above under the root. Missing optional files leave their
 * fields unknown; only a missing min_free_kbytes is an error (-ENOENT).
 */
int wm_sysinfo_read(const struct wm_root *r, struct wm_sysinfo *si);

#endif /* WMTUNE_SYSINFO_H */
