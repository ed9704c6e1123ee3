// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The small single-value kernel files. Parsers are pure; wm_sysinfo_read()
 * is the one-shot reader (a daemon keeps descriptors open instead: see
 * observe.c, which reuses the parsers here).
 */
#include <errno.h>
#include <string.h>

#include "sysinfo.h"
#include "text.h"

static const char *const sysctl_names[WM_SYSCTL__COUNT] = {
	[WM_SYSCTL_MIN_FREE_KBYTES] = "min_free_kbytes",
	[WM_SYSCTL_WATERMARK_SCALE_FACTOR] = "watermark_scale_factor",
	[WM_SYSCTL_WATERMARK_BOOST_FACTOR] = "watermark_boost_factor",
	[WM_SYSCTL_LOWMEM_RESERVE_RATIO] = "lowmem_reserve_ratio",
};

#define VM "proc/sys/vm/"
static const char *const sysctl_paths[WM_SYSCTL__COUNT] = {
	[WM_SYSCTL_MIN_FREE_KBYTES] = VM "min_free_kbytes",
	[WM_SYSCTL_WATERMARK_SCALE_FACTOR] = VM "watermark_scale_factor",
	[WM_SYSCTL_WATERMARK_BOOST_FACTOR] = VM "watermark_boost_factor",
	[WM_SYSCTL_LOWMEM_RESERVE_RATIO] = VM "lowmem_reserve_ratio",
};
#undef VM

static const char *const thp_names[] = {
	[WM_THP_UNKNOWN] = "unknown",
	[WM_THP_ALWAYS] = "always",
	[WM_THP_MADVISE] = "madvise",
	[WM_THP_NEVER] = "never",
};

const char *wm_vm_sysctl_path(enum wm_vm_sysctl s)
{
	return (unsigned)s < WM_SYSCTL__COUNT ? sysctl_paths[s] : "?";
}

const char *wm_vm_sysctl_name(enum wm_vm_sysctl s)
{
	return (unsigned)s < WM_SYSCTL__COUNT ? sysctl_names[s] : "?";
}

const char *wm_thp_name(enum wm_thp_mode m)
{
	return (unsigned)m < WM_ARRAY_SIZE(thp_names) ? thp_names[m] :
							 "unknown";
}

void wm_vm_sysctls_init(struct wm_vm_sysctls *vm)
{
	memset(vm, 0, sizeof(*vm));
	vm->min_free_kbytes = WM_UNKNOWN;
	vm->watermark_scale_factor = WM_UNKNOWN;
	vm->watermark_boost_factor = WM_UNKNOWN;
}

void wm_sysinfo_init(struct wm_sysinfo *si)
{
	memset(si, 0, sizeof(*si));
	wm_vm_sysctls_init(&si->vm);
	si->thp = WM_THP_UNKNOWN;
}

/* The file without its final newline and surrounding blanks. */
static struct wm_span file_span(const char *buf, size_t len)
{
	struct wm_span s = { buf, len };

	if (s.len && s.p[s.len - 1] == '\n')
		s.len--;
	return wm_span_trim(s);
}

static int sysctl_number(struct wm_span w, uint64_t *out)
{
	int rc = wm_parse_u64(w, out);

	if (rc == 0 && *out == WM_UNKNOWN)
		return -ERANGE;
	return rc;
}

int wm_parse_sysctl_u64(const char *buf, size_t len, uint64_t *out)
{
	if (wm_sysctl_plain(buf, len, out))
		return 0;
	return sysctl_number(file_span(buf, len), out);
}

int wm_parse_sysctl_list(const char *buf, size_t len, uint64_t *vals,
			 unsigned max, unsigned *nr)
{
	struct wm_span s = file_span(buf, len), w;
	unsigned n = 0;
	int rc;

	while (wm_span_word(&s, &w)) {
		if (n >= max)
			return -E2BIG;
		rc = sysctl_number(w, &vals[n]);
		if (rc)
			return rc;
		n++;
	}
	if (n == 0)
		return -EINVAL;
	*nr = n;
	return 0;
}

int wm_vm_sysctl_parse(enum wm_vm_sysctl s, const char *buf, size_t len,
		       struct wm_vm_sysctls *vm)
{
	uint64_t vals[WM_MAX_LOWMEM_RATIO], v;
	unsigned nr;
	int rc;

	if (s == WM_SYSCTL_LOWMEM_RESERVE_RATIO) {
		rc = wm_parse_sysctl_list(buf, len, vals, WM_MAX_LOWMEM_RATIO,
					  &nr);
		if (rc == 0) {
			memcpy(vm->lowmem_reserve_ratio, vals,
			       nr * sizeof(vals[0]));
			vm->nr_lowmem_reserve_ratio = nr;
		}
	} else {
		rc = wm_parse_sysctl_u64(buf, len, &v);
		if (rc == 0 && s == WM_SYSCTL_MIN_FREE_KBYTES)
			vm->min_free_kbytes = v;
		else if (rc == 0 && s == WM_SYSCTL_WATERMARK_SCALE_FACTOR)
			vm->watermark_scale_factor = v;
		else if (rc == 0 && s == WM_SYSCTL_WATERMARK_BOOST_FACTOR)
			vm->watermark_boost_factor = v;
		else if (rc == 0)
			rc = -EINVAL;
	}
	return rc == -EINVAL ? -EPROTO : rc;
}

enum wm_thp_mode wm_parse_thp(const char *buf, size_t len)
{
	struct wm_span s = file_span(buf, len), w;
	unsigned i;

	while (wm_span_word(&s, &w)) {
		if (w.len < 3 || w.p[0] != '[' || w.p[w.len - 1] != ']')
			continue;
		w.p++;
		w.len -= 2;
		for (i = WM_THP_ALWAYS; i < WM_ARRAY_SIZE(thp_names); i++)
			if (wm_span_eq(w, thp_names[i]))
				return (enum wm_thp_mode)i;
		return WM_THP_UNKNOWN;
	}
	return WM_THP_UNKNOWN;
}

int wm_parse_word(const char *buf, size_t len, char *dst, size_t size)
{
	struct wm_span s = { buf, len }, w, extra;
	const char *nl = memchr(buf, '\n', len);
	size_t i;

	if (size)
		dst[0] = '\0';
	if (nl)
		s.len = (size_t)(nl - buf);
	if (!wm_span_word(&s, &w) || wm_span_word(&s, &extra) ||
	    w.len >= size)
		return -EINVAL;
	for (i = 0; i < w.len; i++)
		if (w.p[i] <= ' ' || w.p[i] > '~')
			return -EINVAL;
	wm_span_copy(dst, size, w);
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* One version component: digits that fit an unsigned. */
static bool kver_part(struct wm_span *s, unsigned *out)
{
	uint64_t v;
	int n = wm_take_u64(s, &v);

	if (n <= 0 || v > 0xffffffu)
		return false;
	*out = (unsigned)v;
	return true;
}

int wm_parse_kver(const char *str, size_t len, struct wm_kver *out)
{
	struct wm_span s = { str, len };
	struct wm_kver k = { 0, 0, 0 };

	s = wm_span_trim(s);
	if (!kver_part(&s, &k.major) || s.len < 2 || s.p[0] != '.' ||
	    !is_digit(s.p[1]))
		return -EINVAL;
	s.p++;
	s.len--;
	if (!kver_part(&s, &k.minor))
		return -EINVAL;
	if (s.len >= 2 && s.p[0] == '.' && is_digit(s.p[1])) {
		s.p++;
		s.len--;
		if (!kver_part(&s, &k.patch))
			return -EINVAL;
	}
	*out = k;
	return 0;
}

int wm_kver_cmp(struct wm_kver a, unsigned major, unsigned minor)
{
	if (a.major != major)
		return a.major < major ? -1 : 1;
	if (a.minor != minor)
		return a.minor < minor ? -1 : 1;
	return 0;
}

int wm_sysinfo_read(const struct wm_root *r, struct wm_sysinfo *si)
{
	struct wm_buf b = { 0 };
	int rc, ret = 0;
	unsigned i;

	wm_sysinfo_init(si);
	for (i = 0; i < WM_SYSCTL__COUNT; i++) {
		rc = wm_root_read(r, sysctl_paths[i], &b);
		if (rc == 0)
			rc = wm_vm_sysctl_parse((enum wm_vm_sysctl)i, b.data,
						b.len, &si->vm);
		if (rc && i == WM_SYSCTL_MIN_FREE_KBYTES)
			ret = rc;
	}
	if (wm_root_read(r, WM_PATH_THP_ENABLED, &b) == 0)
		si->thp = wm_parse_thp(b.data, b.len);
	wm_buf_free(&b);
	wm_sysinfo_read_fixed(r, si);
	return ret;
}

void wm_sysinfo_read_fixed(const struct wm_root *r, struct wm_sysinfo *si)
{
	struct wm_buf b = { 0 };

	if (wm_root_read(r, WM_PATH_BOOT_ID, &b) == 0)
		wm_parse_word(b.data, b.len, si->boot_id, sizeof(si->boot_id));
	if (wm_root_read(r, WM_PATH_OSRELEASE, &b) == 0 &&
	    wm_parse_word(b.data, b.len, si->release,
			  sizeof(si->release)) == 0)
		wm_parse_kver(si->release, strlen(si->release), &si->kver);
	if (wm_root_page_size(r, &si->page_size) != 0)
		si->page_size = 0;
	wm_buf_free(&b);
}
