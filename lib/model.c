// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel's watermark arithmetic, generation by generation (spec §1-§3).
 * Every formula here is the kernel's own integer code: floor divisions in
 * the same order, so that a prediction matches /proc/zoneinfo digit for
 * digit, which is what the self-check demands before anything is written.
 * The limits around them (defaults, caps, reserves) are in model_limits.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "model.h"

#define SWAP_CLUSTER_MAX 32
#define HIGHMEM_MIN_MAX 128

static const char *const variant_names[WM_VARIANT__COUNT] = {
	[WM_VARIANT_PRE_4_6] = "pre-4.6",
	[WM_VARIANT_4_6] = "4.6",
	[WM_VARIANT_6_5] = "6.5",
};

static const char *const variant_descs[WM_VARIANT__COUNT] = {
	[WM_VARIANT_PRE_4_6] = "low = min + tmp/4, high = min + tmp/2 (<= 4.5)",
	[WM_VARIANT_4_6] = "watermark_scale_factor gap, Movable counted as "
			   "lowmem (4.6 - 6.1)",
	[WM_VARIANT_6_5] = "watermark_scale_factor gap, Movable capped like "
			   "HighMem (~6.5 and later)",
};

const char *wm_model_variant_name(enum wm_model_variant v)
{
	return (unsigned)v < WM_VARIANT__COUNT ? variant_names[v] : NULL;
}

const char *wm_model_variant_desc(enum wm_model_variant v)
{
	return (unsigned)v < WM_VARIANT__COUNT ? variant_descs[v] : NULL;
}

const char *wm_check_result_name(enum wm_check_result r)
{
	switch (r) {
	case WM_CHECK_OK:
		return "ok";
	case WM_CHECK_STALE:
		return "stale";
	default:
		return "unknown";
	}
}

int wm_model_kb_shift(unsigned long page_size)
{
	if (page_size < 1024 || (page_size & (page_size - 1)))
		return -EINVAL;
	return __builtin_ctzl(page_size) - 10;
}

static uint64_t clamp_u64(uint64_t v, uint64_t lo, uint64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

int wm_model_input_init(struct wm_model_input *in, const struct wm_zoneinfo *zi,
			uint64_t min_free_kbytes, uint64_t wsf,
			unsigned long page_size, const struct wm_kver *kver)
{
	unsigned i;

	if (wm_model_kb_shift(page_size) < 0 || zi->nr_zones > WM_MAX_ZONES)
		return -EINVAL;
	/*
	 * Only the zones in use: the array is sized for 64 nodes (88 KiB),
	 * and clearing all of it made every page of it resident in watch
	 * for the life of the process. Nothing reads past nr_zones.
	 */
	memset(in->zones, 0, zi->nr_zones * sizeof(in->zones[0]));
	in->nr_zones = zi->nr_zones;
	in->min_free_kbytes = min_free_kbytes;
	in->watermark_scale_factor = wsf;
	in->page_size = page_size;
	in->kver = kver ? *kver : (struct wm_kver){ 0 };
	for (i = 0; i < zi->nr_zones; i++) {
		const struct wm_zone *s = &zi->zones[i];
		struct wm_model_zone *z = &in->zones[i];

		z->node = s->node;
		z->type = s->type;
		/* before 3.8 the kernel itself used present_pages here */
		z->managed = s->managed != WM_UNKNOWN ? s->managed : s->present;
		z->present = s->present;
		z->min = s->min;
		z->low = s->low;
		z->high = s->high;
		z->promo = s->promo;
		z->boost = s->boost;
		z->nr_protection = s->nr_protection < WM_MAX_PROTECTION ?
					   s->nr_protection : WM_MAX_PROTECTION;
		memcpy(z->protection, s->protection,
		       z->nr_protection * sizeof(z->protection[0]));
	}
	return 0;
}

bool wm_model_zone_capped(enum wm_model_variant v, const struct wm_model_zone *z)
{
	if (z->type == WM_ZONE_HIGHMEM)
		return true;
	return v == WM_VARIANT_6_5 && z->type == WM_ZONE_MOVABLE;
}

uint64_t wm_model_lowmem_pages(enum wm_model_variant v,
			       const struct wm_model_input *in)
{
	uint64_t sum = 0;
	unsigned i;

	for (i = 0; i < in->nr_zones; i++) {
		const struct wm_model_zone *z = &in->zones[i];

		if (!wm_model_zone_capped(v, z) && z->managed != WM_UNKNOWN)
			sum += z->managed;
	}
	return sum;
}

/* One zone of __setup_per_zone_wmarks() (spec §2.1, §2.2). */
static void zone_wmarks(enum wm_model_variant v, const struct wm_model_zone *z,
			uint64_t tmp, uint64_t wsf, struct wm_model_wmark *w)
{
	uint64_t gap;

	if (wm_model_zone_capped(v, z))
		w->min = clamp_u64(z->managed / 1024, SWAP_CLUSTER_MAX,
				   HIGHMEM_MIN_MAX);
	else
		w->min = tmp;
	if (v == WM_VARIANT_PRE_4_6) {
		w->low = w->min + (tmp >> 2);
		w->high = w->min + (tmp >> 1);
		w->promo = WM_UNKNOWN;
		return;
	}
	/* tmp is the proportional share even for capped zones (spec §2.1) */
	gap = tmp >> 2;
	if (wm_mult_frac(z->managed, wsf, 10000) > gap)
		gap = wm_mult_frac(z->managed, wsf, 10000);
	w->low = w->min + gap;
	w->high = w->low + gap;
	w->promo = w->high + gap;
}

int wm_model_compute(enum wm_model_variant v, const struct wm_model_input *in,
		     uint64_t mfk, uint64_t wsf, struct wm_model_wmark *out)
{
	int shift = wm_model_kb_shift(in->page_size);
	uint64_t pages_min, lowmem;
	unsigned i;

	if (shift < 0 || (unsigned)v >= WM_VARIANT__COUNT || mfk == WM_UNKNOWN)
		return -EINVAL;
	if (v != WM_VARIANT_PRE_4_6 && (wsf == WM_UNKNOWN || wsf > INT_MAX))
		return -EINVAL;
	pages_min = mfk >> shift;
	lowmem = wm_model_lowmem_pages(v, in);
	if (lowmem == 0)
		return -EDOM;
	for (i = 0; i < in->nr_zones; i++) {
		const struct wm_model_zone *z = &in->zones[i];
		uint64_t tmp;

		if (z->managed == WM_UNKNOWN)
			return -EINVAL;
		/* refused rather than wrapped past 2^64 */
		if (__builtin_mul_overflow(pages_min, z->managed, &tmp))
			return -EOVERFLOW;
		zone_wmarks(v, z, tmp / lowmem, wsf, &out[i]);
	}
	return 0;
}

/* One printed zone minus boost; a missing value stays WM_UNKNOWN. */
static void zone_current(const struct wm_model_zone *z,
			 struct wm_model_wmark *w)
{
	uint64_t b = z->boost == WM_UNKNOWN ? 0 : z->boost;

	w->min = z->min == WM_UNKNOWN || z->min < b ? WM_UNKNOWN : z->min - b;
	w->low = z->low == WM_UNKNOWN || z->low < b ? WM_UNKNOWN : z->low - b;
	w->high = z->high == WM_UNKNOWN || z->high < b ? WM_UNKNOWN :
							 z->high - b;
	w->promo = z->promo == WM_UNKNOWN || z->promo < b ? WM_UNKNOWN :
							    z->promo - b;
}

void wm_model_current(const struct wm_model_input *in,
		      struct wm_model_wmark *out)
{
	unsigned i;

	for (i = 0; i < in->nr_zones; i++)
		zone_current(&in->zones[i], &out[i]);
}

/* ------------------------------------------------------------------ */
/* The self-check                                                       */

/*
 * Printed values against a prediction. With boost printed, subtract it.
 * Without it (5.0 - 5.10 have boost but do not print it) accept a zone
 * whose values are all shifted by the same amount (spec §2.3).
 */
static bool zone_exact(const struct wm_model_zone *z,
		       const struct wm_model_wmark *p)
{
	uint64_t shift;

	if (z->min == WM_UNKNOWN || z->low == WM_UNKNOWN ||
	    z->high == WM_UNKNOWN || z->min < p->min)
		return false;
	if (z->promo != WM_UNKNOWN && p->promo == WM_UNKNOWN)
		return false;
	shift = z->boost != WM_UNKNOWN ? z->boost : z->min - p->min;
	if (z->min != p->min + shift || z->low != p->low + shift ||
	    z->high != p->high + shift)
		return false;
	return z->promo == WM_UNKNOWN || z->promo == p->promo + shift;
}

/* Printed minus boost, or false when a value is missing or disordered. */
static bool unboosted(const struct wm_model_zone *z, struct wm_model_wmark *c)
{
	zone_current(z, c);
	return c->min != WM_UNKNOWN && c->low != WM_UNKNOWN &&
	       c->high != WM_UNKNOWN && c->low >= c->min && c->high >= c->low &&
	       (c->promo == WM_UNKNOWN || c->promo >= c->high);
}

/*
 * Does a zone have the shape this variant gives every zone, whatever
 * managed count it was computed with? Lowmem zones: tmp is the min
 * itself; capped zones: min in [32, 128] and a consistent gap.
 */
static bool zone_shape(enum wm_model_variant v, const struct wm_model_zone *z,
		       const struct wm_model_wmark *c, uint64_t wsf)
{
	uint64_t g = c->low - c->min, bound;

	if (v == WM_VARIANT_PRE_4_6) {
		if (c->promo != WM_UNKNOWN)
			return false;
		if (wm_model_zone_capped(v, z))
			return c->min >= SWAP_CLUSTER_MAX &&
			       c->min <= HIGHMEM_MIN_MAX &&
			       (c->high - c->min == 2 * g ||
				c->high - c->min == 2 * g + 1);
		return g == c->min >> 2 && c->high - c->min == c->min >> 1;
	}
	if (c->high - c->low != g ||
	    (c->promo != WM_UNKNOWN && c->promo - c->high != g))
		return false;
	if (wm_model_zone_capped(v, z))
		return c->min >= SWAP_CLUSTER_MAX && c->min <= HIGHMEM_MIN_MAX;
	if (g < c->min >> 2)
		return false;
	if (g == c->min >> 2)
		return true;
	/* a wsf gap: managed never exceeds present, so present bounds it */
	bound = z->managed;
	if (z->present != WM_UNKNOWN && z->present > bound)
		bound = z->present;
	return g <= wm_mult_frac(bound, wsf, 10000);
}

/*
 * Stale (spec §2.5 step 6): the same pages_min split with other managed
 * counts. Every zone has the variant's shape, and the lowmem mins sum to
 * pages_min less at most one page of rounding per zone.
 */
static bool stale_fits(enum wm_model_variant v, const struct wm_model_input *in)
{
	int shift = wm_model_kb_shift(in->page_size);
	uint64_t pages_min = in->min_free_kbytes >> shift, sum = 0;
	unsigned i, nr = 0;

	for (i = 0; i < in->nr_zones; i++) {
		const struct wm_model_zone *z = &in->zones[i];
		struct wm_model_wmark c;

		if (!unboosted(z, &c) ||
		    !zone_shape(v, z, &c, in->watermark_scale_factor))
			return false;
		if (wm_model_zone_capped(v, z))
			continue;
		sum += c.min;
		if (z->managed > 0 || c.min > 0)
			nr++;
	}
	return nr > 0 && sum <= pages_min && sum + nr > pages_min;
}

/*
 * Candidates in the order the kernel version suggests. Without
 * watermark_scale_factor only the pre-4.6 arithmetic can be computed.
 */
static unsigned candidates(const struct wm_model_input *in,
			   enum wm_model_variant out[WM_VARIANT__COUNT])
{
	if (in->watermark_scale_factor == WM_UNKNOWN) {
		out[0] = WM_VARIANT_PRE_4_6;
		return 1;
	}
	if (in->kver.major == 0 || wm_kver_cmp(in->kver, 6, 5) >= 0) {
		out[0] = WM_VARIANT_6_5;
		out[1] = WM_VARIANT_4_6;
	} else {
		out[0] = WM_VARIANT_4_6;
		out[1] = WM_VARIANT_6_5;
	}
	out[2] = WM_VARIANT_PRE_4_6;
	return 3;
}

static void describe_mismatch(const struct wm_model_input *in,
			      enum wm_model_variant v,
			      const struct wm_model_wmark *p,
			      struct wm_model_check *chk)
{
	const struct wm_model_zone *z;
	unsigned i;

	for (i = 0; i < in->nr_zones; i++)
		if (!zone_exact(&in->zones[i], &p[i]))
			break;
	if (i == in->nr_zones)
		return;
	z = &in->zones[i];
	chk->zone = (int)i;
	snprintf(chk->why, sizeof(chk->why),
		 "node %u %s: printed min/low/high %lld/%lld/%lld, the %s "
		 "arithmetic gives %llu/%llu/%llu",
		 z->node, wm_zone_type_name(z->type),
		 z->min == WM_UNKNOWN ? -1LL : (long long)z->min,
		 z->low == WM_UNKNOWN ? -1LL : (long long)z->low,
		 z->high == WM_UNKNOWN ? -1LL : (long long)z->high,
		 variant_names[v], (unsigned long long)p[i].min,
		 (unsigned long long)p[i].low, (unsigned long long)p[i].high);
}

int wm_model_self_check(const struct wm_model_input *in,
			struct wm_model_check *chk)
{
	enum wm_model_variant cand[WM_VARIANT__COUNT];
	struct wm_model_wmark p[WM_MAX_ZONES]; /* 16 KiB */
	unsigned n, k, i;
	bool first = true;

	memset(chk, 0, sizeof(*chk));
	chk->result = WM_CHECK_UNKNOWN;
	chk->zone = -1;
	if (wm_model_kb_shift(in->page_size) < 0 || in->nr_zones == 0)
		return -EINVAL;
	if (in->min_free_kbytes == WM_UNKNOWN) {
		snprintf(chk->why, sizeof(chk->why),
			 "min_free_kbytes is unknown");
		return 0;
	}
	n = candidates(in, cand);
	for (k = 0; k < n; k++) {
		if (wm_model_compute(cand[k], in, in->min_free_kbytes,
				     in->watermark_scale_factor, p))
			continue;
		for (i = 0; i < in->nr_zones; i++)
			if (!zone_exact(&in->zones[i], &p[i]))
				break;
		if (i == in->nr_zones) {
			chk->result = WM_CHECK_OK;
			chk->variant = cand[k];
			return 0;
		}
		if (first)
			describe_mismatch(in, cand[k], p, chk);
		first = false;
	}
	for (k = 0; k < n; k++) {
		if (stale_fits(cand[k], in)) {
			chk->result = WM_CHECK_STALE;
			chk->variant = cand[k];
			chk->zone = -1;
			snprintf(chk->why, sizeof(chk->why),
				 "watermarks were computed with older managed "
				 "page counts; the next write recomputes them");
			return 0;
		}
	}
	if (first)
		snprintf(chk->why, sizeof(chk->why),
			 "no variant can be computed from these zones");
	return 0;
}
