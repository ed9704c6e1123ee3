// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a kernel line says, once its prefix is gone (klog.c): the lines
 * of an allocation-failure report's body that the assembler reads (a
 * show_mem zone line, a SLUB node line, the rate limit's "callbacks
 * suppressed", the CPU:/Pid: line and the release in it).
 */
#include <errno.h>
#include <string.h>

#include "klog.h"

/* The " key:" fields of a zone line that wm_klog_zone_line() reads. */
enum zone_key { K_FREE, K_MIN, K_LOW, K_HIGH, K_BOOST, K_PRESENT, K_MANAGED,
		K__COUNT };

static const struct {
	const char *name;
	size_t len;
} zone_keys[K__COUNT] = {
	[K_FREE] = { "free:", 5 },       [K_MIN] = { "min:", 4 },
	[K_LOW] = { "low:", 4 },         [K_HIGH] = { "high:", 5 },
	[K_BOOST] = { "boost:", 6 },     [K_PRESENT] = { "present:", 8 },
	[K_MANAGED] = { "managed:", 8 },
};

/* The key a field at p (p < end) may be, by its first bytes. */
static int zone_key_at(const char *p, const char *end)
{
	switch (p[0]) {
	case 'f':
		return K_FREE;
	case 'm':
		return end - p > 1 && p[1] == 'i' ? K_MIN : K_MANAGED;
	case 'l':
		return K_LOW;
	case 'h':
		return K_HIGH;
	case 'b':
		return K_BOOST;
	case 'p':
		return K_PRESENT;
	default:
		return -1;
	}
}

/*
 * Where each " key:" first occurs in s (just past it; NULL if nowhere),
 * in one pass over the spaces of a line that is often 600 bytes long:
 * a search per key stopped at every space of it. Each space is tested
 * for the one key its next byte may start (a loop over the keys took
 * half of it).
 */
static void find_zone_keys(struct wm_span s, const char *at[K__COUNT])
{
	const char *p = s.p, *end = s.p + s.len, *sp;
	unsigned left = K__COUNT;
	int k;

	for (k = 0; k < K__COUNT; k++)
		at[k] = NULL;
	while (left && (sp = memchr(p, ' ', (size_t)(end - p)))) {
		size_t n;

		p = sp + 1;
		if (p == end || (k = zone_key_at(p, end)) < 0 || at[k])
			continue;
		n = zone_keys[k].len;
		if ((size_t)(end - p) >= n &&
		    memcmp(p, zone_keys[k].name, n) == 0) {
			at[k] = p + n;
			left--;
		}
	}
}

/* The value at a key found above: digits, then "kB" or "KB". */
static bool field_kb(const char *at, const char *end, uint64_t *v)
{
	struct wm_span s;

	if (!at)
		return false;
	s.p = at;
	s.len = (size_t)(end - at);
	if (wm_take_u64(&s, v) <= 0)
		return false;
	return wm_span_starts(s, "kB") || wm_span_starts(s, "KB");
}

int wm_klog_zone_line(struct wm_span s, struct wm_klog_zone *z)
{
	struct wm_span name = { NULL, 0 };
	uint64_t node, present = 1, managed = 1;
	const char *at[K__COUNT], *end;

	memset(z, 0, sizeof(*z));
	s = wm_span_trim(s);
	if (!wm_span_skip_prefix(&s, "Node ") || wm_take_u64(&s, &node) <= 0 ||
	    node > 1023 || !wm_span_skip_prefix(&s, " ") ||
	    !wm_span_word(&s, &name) ||
	    name.len >= sizeof(z->zone) || !wm_span_starts(s, " free:"))
		return -EINVAL;
	find_zone_keys(s, at);
	end = s.p + s.len;
	if (!field_kb(at[K_FREE], end, &z->free_kb) ||
	    !field_kb(at[K_MIN], end, &z->min_kb) ||
	    !field_kb(at[K_LOW], end, &z->low_kb) ||
	    !field_kb(at[K_HIGH], end, &z->high_kb))
		return -EINVAL;
	if (!field_kb(at[K_BOOST], end, &z->boost_kb))
		z->boost_kb = WM_UNKNOWN;
	field_kb(at[K_PRESENT], end, &present);
	field_kb(at[K_MANAGED], end, &managed);
	z->node = (unsigned)node;
	wm_span_copy(z->zone, sizeof(z->zone), name);
	/* an empty zone (2.6 prints them) is not "below" anything */
	z->below_min = z->free_kb < z->min_kb && present && managed;
	return 0;
}

int wm_klog_slab_node_line(struct wm_span s, struct wm_klog_slab_node *n)
{
	struct wm_span num;

	memset(n, 0, sizeof(*n));
	s = wm_span_trim(s);
	if (!wm_span_skip_prefix(&s, "node "))
		return -EINVAL;
	num = wm_span_until(s, ":");
	wm_span_skip(&s, num.len);
	if (wm_parse_i64(num, &n->node) != 0 ||
	    !wm_span_skip_prefix(&s, ": slabs: ") ||
	    wm_take_u64(&s, &n->slabs) <= 0 ||
	    !wm_span_skip_prefix(&s, ", objs: ") ||
	    wm_take_u64(&s, &n->objs) <= 0 ||
	    !wm_span_skip_prefix(&s, ", free: ") ||
	    wm_take_u64(&s, &n->free) <= 0)
		return -EINVAL;
	return 0;
}

enum wm_klog_ratelimit wm_klog_suppressed_line(struct wm_span s, uint64_t *n)
{
	enum wm_klog_ratelimit kind;

	s = wm_span_trim(s);
	if (wm_span_skip_prefix(&s, "warn_alloc: ") ||
	    wm_span_skip_prefix(&s, "warn_alloc_failed: "))
		kind = WM_KLOG_RL_WARN_ALLOC;
	else if (wm_span_skip_prefix(&s, "slab_out_of_memory: "))
		kind = WM_KLOG_RL_SLUB;
	else
		return WM_KLOG_RL_NONE;
	if (wm_take_u64(&s, n) <= 0 || !wm_span_eq(s, " callbacks suppressed"))
		return WM_KLOG_RL_NONE;
	return kind;
}

bool wm_klog_cpu_line(struct wm_span s, struct wm_span *comm,
		      struct wm_span *rest)
{
	long end;

	s = wm_span_trim(s);
	if (!(wm_span_starts(s, "CPU: ") && WM_SPAN_SKIP_PAST(&s, " Comm: ")) &&
	    !(wm_span_starts(s, "Pid: ") && WM_SPAN_SKIP_PAST(&s, ", comm: ")))
		return false;
	end = WM_SPAN_FIND(s, " Tainted:");
	if (end < 0)
		end = WM_SPAN_FIND(s, " Not tainted");
	comm->p = s.p;
	comm->len = end < 0 ? s.len : (size_t)end;
	*comm = wm_span_trim(*comm);
	rest->p = s.p + (end < 0 ? s.len : (size_t)end);
	rest->len = end < 0 ? 0 : s.len - (size_t)end;
	return true;
}

bool wm_klog_release(struct wm_span s, struct wm_span *rel)
{
	long hash = WM_SPAN_FIND(s, " #");
	size_t end, n = 0;

	if (hash < 0)
		return false;
	end = (size_t)hash;
	while (end && s.p[end - 1] == ' ')
		end--;
	while (n < end && s.p[end - n - 1] != ' ')
		n++;
	rel->p = s.p + end - n;
	rel->len = n;
	return n >= 3 && rel->p[0] >= '0' && rel->p[0] <= '9' && memchr(rel->p, '.', n);
}
