// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "priv.h"
#include "text.h"

#define NEEDS "writing vm sysctls needs uid 0 in the initial user namespace"

static int map_line(struct wm_span line, unsigned long lineno, uint32_t uid,
		    uint32_t *kernel_uid, struct wm_parse_error *err)
{
	struct wm_span w;
	uint64_t v[3];
	int i;

	for (i = 0; i < 3; i++) {
		if (!wm_span_word(&line, &w) || wm_parse_u64(w, &v[i]) ||
		    v[i] > UINT32_MAX) {
			wm_parse_error_set(err, lineno,
					   "expected 'inside outside count'");
			return -EINVAL;
		}
	}
	if (wm_span_word(&line, &w) || v[2] == 0 ||
	    v[0] + v[2] - 1 > UINT32_MAX || v[1] + v[2] - 1 > UINT32_MAX) {
		wm_parse_error_set(err, lineno, "not a valid uid range");
		return -EINVAL;
	}
	if (uid < v[0] || uid - v[0] >= v[2])
		return -ENOENT;
	*kernel_uid = (uint32_t)(v[1] + (uid - v[0]));
	return 0;
}

int wm_parse_uid_map(const char *buf, size_t len, uint32_t uid,
		     uint32_t *kernel_uid, struct wm_parse_error *err)
{
	struct wm_lines it;
	struct wm_span line;
	int rc, found = -ENOENT;

	wm_lines_init(&it, buf, len);
	while (wm_lines_next(&it, &line)) {
		if (wm_span_trim(line).len == 0)
			continue;
		/* Check every line, even after a match: a bad map is bad. */
		rc = map_line(line, it.lineno, uid, kernel_uid, err);
		if (rc == -EINVAL)
			return rc;
		if (rc == 0)
			found = 0;
	}
	return found;
}

bool wm_priv_check(uint32_t euid, const char *uid_map, size_t len,
		   char *reason, size_t size)
{
	struct wm_parse_error err = { 0 };
	uint32_t k = 0;
	int rc;

	rc = wm_parse_uid_map(uid_map, len, euid, &k, &err);
	if (rc == -EINVAL)
		snprintf(reason, size, "cannot read /proc/self/uid_map: line %lu: %s",
			 err.line, err.msg);
	else if (rc)
		snprintf(reason, size, "uid %u is not mapped to any uid outside this user namespace; " NEEDS,
			 euid);
	else if (k == 0)
		snprintf(reason, size, "uid %u is uid 0 in the initial user namespace",
			 euid);
	else if (euid == 0)
		snprintf(reason, size, "uid 0 here is uid %u outside this user namespace (a container?); " NEEDS,
			 k);
	else if (k == euid)
		snprintf(reason, size, "running as uid %u, not root; " NEEDS,
			 euid);
	else
		snprintf(reason, size, "uid %u here is uid %u outside this user namespace; " NEEDS,
			 euid, k);
	return rc == 0 && k == 0;
}

static int read_self(const char *path, struct wm_buf *b)
{
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = wm_buf_read_all(b, fd);
	close(fd);
	return rc;
}

bool wm_priv_can_write_sysctls(const struct wm_root *r, char *reason,
			       size_t size)
{
	static const char identity[] = "0 0 4294967295\n";
	struct wm_buf b = { 0 };
	struct statvfs sv;
	bool ok;
	int rc;

	if (!wm_root_is_real(r)) {
		snprintf(reason, size, "a fake root needs no privilege");
		return true;
	}
	rc = read_self("/proc/self/uid_map", &b);
	if (rc == -ENOENT) /* no user namespaces in this kernel */
		rc = wm_buf_append(&b, identity, sizeof(identity) - 1);
	if (rc) {
		snprintf(reason, size, "cannot read /proc/self/uid_map: %s",
			 strerror(-rc));
		wm_buf_free(&b);
		return false;
	}
	ok = wm_priv_check((uint32_t)geteuid(), b.data, b.len, reason, size);
	wm_buf_free(&b);
	if (ok && statvfs("/proc/sys/vm", &sv) == 0 && (sv.f_flag & ST_RDONLY)) {
		snprintf(reason, size, "/proc/sys is read-only (container?)");
		ok = false;
	}
	return ok;
}

static bool have_effective(cap_value_t cap)
{
	cap_flag_value_t v = CAP_CLEAR;
	cap_t caps = cap_get_proc();

	if (!caps)
		return false;
	if (cap_get_flag(caps, cap, CAP_EFFECTIVE, &v) < 0)
		v = CAP_CLEAR;
	cap_free(caps);
	return v == CAP_SET;
}

int wm_priv_drop_all(void)
{
	cap_value_t c, max = (cap_value_t)cap_max_bits();
	cap_t empty;
	int rc = 0;

	/* Without this a later execve() as uid 0 would get them all back. */
	if (have_effective(CAP_SETPCAP)) {
		for (c = 0; c < max; c++)
			if (cap_drop_bound(c) < 0)
				return -errno;
	}
	empty = cap_init(); /* all three sets clear */
	if (!empty)
		return -ENOMEM;
	if (cap_set_proc(empty) < 0)
		rc = -errno;
	cap_free(empty);
	if (rc == 0 && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		rc = -errno;
	return rc;
}

int wm_priv_parse_cap(const char *buf, size_t len, const char *field,
		      uint64_t *mask)
{
	struct wm_lines it;
	struct wm_span line, w, extra;
	size_t n = strlen(field);

	wm_lines_init(&it, buf, len);
	while (wm_lines_next(&it, &line)) {
		if (line.len <= n || memcmp(line.p, field, n) != 0 ||
		    line.p[n] != ':')
			continue;
		line.p += n + 1;
		line.len -= n + 1;
		if (!wm_span_word(&line, &w) || wm_span_word(&line, &extra) ||
		    wm_parse_hex(w, mask))
			return -EINVAL;
		return 0;
	}
	return -ENOENT;
}

int wm_priv_cap_eff(uint64_t *mask)
{
	struct wm_buf b = { 0 };
	int rc;

	rc = read_self("/proc/self/status", &b);
	if (rc == 0)
		rc = wm_priv_parse_cap(b.data, b.len, "CapEff", mask);
	wm_buf_free(&b);
	return rc;
}
