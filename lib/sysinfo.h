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
	unsigned long page_size; /* bytes; 0 if unknown (malformed fixture) */
};

/* The vm sysctl files, in the order of struct wm_vm_sysctls. */
enum wm_vm_sysctl {
	WM_SYSCTL_MIN_FREE_KBYTES,
	WM_SYSCTL_WATERMARK_SCALE_FACTOR,
	WM_SYSCTL_WATERMARK_BOOST_FACTOR,
	WM_SYSCTL_LOWMEM_RESERVE_RATIO,
	WM_SYSCTL__COUNT
};

/* Root-relative paths of the other files read here. */
#define WM_PATH_THP_ENABLED "sys/kernel/mm/transparent_hugepage/enabled"
#define WM_PATH_BOOT_ID "proc/sys/kernel/random/boot_id"
#define WM_PATH_OSRELEASE "proc/sys/kernel/osrelease"

/* "proc/sys/vm/min_free_kbytes" */
const char *wm_vm_sysctl_path(enum wm_vm_sysctl s);
/* "min_free_kbytes" (prefix "vm." for the sysctl(8) name) */
const char *wm_vm_sysctl_name(enum wm_vm_sysctl s);

void wm_vm_sysctls_init(struct wm_vm_sysctls *vm);	/* all unknown */
void wm_sysinfo_init(struct wm_sysinfo *si);		/* all unknown */

/*
 * Pure parsers. The sysctl ones take the file as the kernel writes it
 * ("67584\n", "256\t256\t32\t0\t0\n") and return -EINVAL (not a
 * number, or empty), -ERANGE (past 2^64 - 2; UINT64_MAX means unknown),
 * -E2BIG (more than max entries).
 */
int wm_parse_sysctl_u64(const char *buf, size_t len, uint64_t *out);

/*
 * The file as the kernel prints one value, "%lu\n" (1 to 19 digits:
 * never past 2^64, never WM_UNKNOWN) into *out: what
 * wm_parse_sysctl_u64() makes of it, with no call (a watch tick reads
 * two such files); false, *out untouched, for anything else.
 */
static inline bool wm_sysctl_plain(const char *buf, size_t len, uint64_t *out)
{
	const char *p = buf;
	uint64_t v = 0;
	unsigned d;

	if (len < 2 || len > 20 || buf[len - 1] != '\n')
		return false;
	/* the '\n' ends the digits: no count to keep */
	for (; (d = (unsigned)(unsigned char)*p - '0') <= 9; p++)
		v = v * 10 + d;
	if (p != buf + len - 1)
		return false;
	*out = v;
	return true;
}

int wm_parse_sysctl_list(const char *buf, size_t len, uint64_t *vals,
			 unsigned max, unsigned *nr);
/*
 * Store one vm sysctl file's contents in its field of vm. Returns 0,
 * -EPROTO (malformed), -ERANGE, -E2BIG; the field is unchanged on error.
 */
int wm_vm_sysctl_parse(enum wm_vm_sysctl s, const char *buf, size_t len,
		       struct wm_vm_sysctls *vm);
/* "always [madvise] never" -> WM_THP_MADVISE; no bracket -> UNKNOWN. */
enum wm_thp_mode wm_parse_thp(const char *buf, size_t len);
/*
 * One printable word on the first line ("6.18.44-fc-v857\n", a boot id)
 * copied to dst; -EINVAL (and dst "") if empty, several words, not
 * printable, or not shorter than size.
 */
int wm_parse_word(const char *buf, size_t len, char *dst, size_t size);
/* Returns 0 when at least major.minor was found. */
int wm_parse_kver(const char *s, size_t len, struct wm_kver *out);
/* < 0, 0, > 0 like strcmp. */
int wm_kver_cmp(struct wm_kver a, unsigned major, unsigned minor);
const char *wm_thp_name(enum wm_thp_mode m);

/*
 * Read everything above under the root. Missing or malformed optional
 * files leave their fields unknown. min_free_kbytes is required: its
 * error is returned (-ENOENT missing, -EPROTO/-ERANGE malformed, -EACCES)
 * after every other field has been filled.
 */
int wm_sysinfo_read(const struct wm_root *r, struct wm_sysinfo *si);
/*
 * Only what does not change while the system runs: boot id, release (and
 * kernel version) and page size; the rest of *si is left as it is.
 */
void wm_sysinfo_read_fixed(const struct wm_root *r, struct wm_sysinfo *si);

#endif /* WMTUNE_SYSINFO_H */
