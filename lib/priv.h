/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Privileges (DESIGN.md practice 10, spec §8). The kernel lets a process
 * write the files in /proc/sys/vm when its effective uid is kernel uid 0 (uid 0 in
 * the initial user namespace): it checks the uid, not a capability. So
 * the pre-flight check reads /proc/self/uid_map rather than trusting
 * geteuid() alone: "root" in a container is usually someone else outside.
 */
#ifndef WMTUNE_PRIV_H
#define WMTUNE_PRIV_H

#include "root.h"

/*
 * Find what uid means outside every user namespace, from the content of
 * /proc/self/uid_map (lines "inside outside count") (pure). Returns 0 with
 * *kernel_uid set; -ENOENT when no line maps uid; -EINVAL for a malformed
 * map (err names the line; err may be NULL).
 * "0 0 4294967295": the initial namespace, uid 0 -> 0.
 * "0 65534 1": a container's root, uid 0 -> 65534.
 */
int wm_parse_uid_map(const char *buf, size_t len, uint32_t uid,
		     uint32_t *kernel_uid, struct wm_parse_error *err);

/*
 * The decision of wm_priv_can_write_sysctls() for the real root, on given
 * inputs (pure): true when euid maps to kernel uid 0 in uid_map. When
 * false, reason (size bytes) says why in words for the user; when true
 * it says what was found.
 */
bool wm_priv_check(uint32_t euid, const char *uid_map, size_t len,
		   char *reason, size_t size);

/*
 * Can this process write the vm sysctls under r? For a fake root (tests)
 * always true. For the real root: wm_priv_check() on geteuid() and
 * /proc/self/uid_map (absent on kernels without user namespaces: then
 * every uid is its own kernel uid), and /proc/sys/vm must not be on a
 * read-only mount. Call before writing anything; reason as above.
 */
bool wm_priv_can_write_sysctls(const struct wm_root *r, char *reason,
			       size_t size);

/*
 * Drop every capability for good: the bounding set (when we hold
 * CAP_SETPCAP), then the effective, permitted and inheritable sets (and
 * with them the ambient set) via libcap, then PR_SET_NO_NEW_PRIVS. The
 * uid stays 0, which is all a vm sysctl write needs. Affects the calling
 * thread: call it before starting any. Returns 0 or -errno.
 */
int wm_priv_drop_all(void);

/*
 * The capability mask on the line "<field>:\t<hex>" of /proc/<pid>/status
 * content, e.g. field "CapEff" (pure). -ENOENT without that line,
 * -EINVAL when it is not hex.
 */
int wm_priv_parse_cap(const char *buf, size_t len, const char *field,
		      uint64_t *mask);
/* Our effective capabilities, from /proc/self/status. */
int wm_priv_cap_eff(uint64_t *mask);

#endif /* WMTUNE_PRIV_H */
