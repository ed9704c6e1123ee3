// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel's limits around the watermarks (spec §1, §2.4, §3.1, §8):
 * the default min_free_kbytes, khugepaged's recommendation, the caps the
 * policy needs, lowmem_reserve, totalreserve_pages and MemAvailable.
 * Split from model.c, which holds the watermarks and the self-check.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "model.h"

/* a >= major.minor; an unknown version (0.0) is never >= anything. */
static bool kver_ge(const struct wm_kver *k, unsigned major, unsigned minor)
{
	return k && k->major != 0 && wm_kver_cmp(*k, major, minor) >= 0;
}

/* The caller's multiplication, refused rather than wrapped past 2^64. */
static int mul(uint64_t a, uint64_t b, uint64_t *out)
{
	return __builtin_mul_overflow(a, b, out) ? -EOVERFLOW : 0;
}

/* ------------------------------------------------------------------ */
/* min_free_kbytes and khugepaged (spec §1)                            */

uint64_t wm_model_int_sqrt(uint64_t x)
{
	uint64_t op = x, res = 0, one = (uint64_t)1 << 62;

	while (one > op)
		one >>= 2;
	while (one) {
		if (op >= res + one) {
			op -= res + one;
			res = (res >> 1) + one;
		} else {
			res >>= 1;
		}
		one >>= 2;
	}
	return res;
}

enum wm_mfk_clamp wm_model_mfk_clamp_for(const struct wm_kver *kver)
{
	if (kver && kver->major != 0 && !kver_ge(kver, 5, 7))
		return WM_MFK_CLAMP_65536;
	return WM_MFK_CLAMP_262144;
}

uint64_t wm_model_default_min_free_kbytes(uint64_t lowmem_kbytes,
					  enum wm_mfk_clamp clamp)
{
	uint64_t x, max = clamp == WM_MFK_CLAMP_65536 ? 65536 : 262144;

	if (mul(lowmem_kbytes, 16, &x))
		x = UINT64_MAX;
	x = wm_model_int_sqrt(x);
	return x < 128 ? 128 : x > max ? max : x;
}

/* gfp_zone(GFP_USER) is ZONE_NORMAL: the zones at or below it. */
static bool user_zone(const struct wm_model_zone *z)
{
	return z->type == WM_ZONE_DMA || z->type == WM_ZONE_DMA32 ||
	       z->type == WM_ZONE_NORMAL;
}

uint64_t wm_model_free_buffer_pages(const struct wm_model_input *in,
				    bool subtract_high)
{
	uint64_t sum = 0;
	unsigned i;

	for (i = 0; i < in->nr_zones; i++) {
		const struct wm_model_zone *z = &in->zones[i];
		uint64_t high = 0;

		if (!user_zone(z) || z->managed == WM_UNKNOWN)
			continue;
		if (subtract_high && z->high != WM_UNKNOWN)
			high = z->high;
		if (z->managed > high)
			sum += z->managed - high;
	}
	return sum;
}

unsigned wm_model_nr_lowmem_zones(const struct wm_model_input *in)
{
	unsigned i, nr = 0;

	for (i = 0; i < in->nr_zones; i++) {
		const struct wm_model_zone *z = &in->zones[i];
		uint64_t pages = z->present != WM_UNKNOWN ? z->present :
							     z->managed;

		if (user_zone(z) && pages != WM_UNKNOWN && pages > 0)
			nr++;
	}
	return nr;
}

unsigned wm_model_pageblock_order(unsigned long page_size)
{
	switch (page_size) {
	case 4096:
		return 9;  /* HPAGE_PMD_ORDER: 2 MiB */
	case 16384:
		return 11; /* 32 MiB */
	case 65536:
		return 13; /* 512 MiB */
	default:
		return 0;
	}
}

uint64_t wm_model_khugepaged_min_free_kbytes(unsigned nr_lowmem_zones,
					     unsigned pageblock_order,
					     uint64_t free_buffer_pages,
					     unsigned long page_size)
{
	int shift = wm_model_kb_shift(page_size);
	uint64_t pb, rec;

	if (shift < 0 || pageblock_order > 30)
		return 0;
	pb = (uint64_t)1 << pageblock_order;
	/* 2 free pageblocks per zone, plus MIGRATE_PCPTYPES^2 for fallbacks */
	rec = pb * nr_lowmem_zones * 2 + pb * nr_lowmem_zones * 3 * 3;
	if (rec > free_buffer_pages / 20)
		rec = free_buffer_pages / 20;
	return rec << shift;
}

/* ------------------------------------------------------------------ */
/* Caps and ranges                                                      */

uint64_t wm_model_lowmem_5pct_kbytes(const struct wm_model_input *in)
{
	int shift = wm_model_kb_shift(in->page_size);

	if (shift < 0)
		return WM_UNKNOWN;
	return (wm_model_free_buffer_pages(in, true) / 20) << shift;
}

uint64_t wm_model_mfk_max_zone_share(enum wm_model_variant v,
				     const struct wm_model_input *in,
				     unsigned num, unsigned den)
{
	int shift = wm_model_kb_shift(in->page_size);
	uint64_t lowmem = wm_model_lowmem_pages(v, in);
	uint64_t best = (uint64_t)INT_MAX;
	unsigned i;

	if (shift < 0 || lowmem == 0 || den == 0)
		return WM_UNKNOWN;
	for (i = 0; i < in->nr_zones; i++) {
		const struct wm_model_zone *z = &in->zones[i];
		uint64_t limit, prod, pm, kb;

		if (wm_model_zone_capped(v, z) || z->managed == 0 ||
		    z->managed == WM_UNKNOWN)
			continue;
		limit = wm_mult_frac(z->managed, num, den);
		/* floor(pm * m / L) <= limit  <=>  pm * m < (limit + 1) * L */
		if (mul(limit + 1, lowmem, &prod))
			continue; /* no int-sized value reaches it */
		pm = (prod - 1) / z->managed;
		if (pm >= ((uint64_t)INT_MAX >> shift))
			continue;
		kb = ((pm + 1) << shift) - 1;
		if (kb < best)
			best = kb;
	}
	return best;
}

uint64_t wm_model_mfk_hard_max(enum wm_model_variant v,
			       const struct wm_model_input *in)
{
	uint64_t a = wm_model_lowmem_5pct_kbytes(in);
	uint64_t b = wm_model_mfk_max_zone_share(v, in, 1, 4);

	return a < b ? a : b;
}

uint64_t wm_model_ram_share_kbytes(const struct wm_model_input *in,
				   unsigned pct_x100)
{
	int shift = wm_model_kb_shift(in->page_size);
	uint64_t pages = 0;
	unsigned i;

	if (shift < 0)
		return WM_UNKNOWN;
	for (i = 0; i < in->nr_zones; i++)
		if (in->zones[i].managed != WM_UNKNOWN)
			pages += in->zones[i].managed;
	return wm_mult_frac(pages << shift, pct_x100, 10000);
}

uint64_t wm_model_wsf_max(const struct wm_kver *kver)
{
	/* 39c65a94cd96 "change watermark_scale_factor max limit to 30%" */
	if (kver_ge(kver, 5, 17) ||
	    (kver && kver->major == 5 && kver->minor == 15 && kver->patch >= 58))
		return 3000;
	return 1000;
}

uint64_t wm_model_wsf_effective(enum wm_model_variant v,
				const struct wm_model_input *in, uint64_t mfk)
{
	int shift = wm_model_kb_shift(in->page_size);
	uint64_t lowmem = wm_model_lowmem_pages(v, in), best = WM_UNKNOWN;
	unsigned i;

	if (shift < 0 || lowmem == 0 || v == WM_VARIANT_PRE_4_6 ||
	    mfk == WM_UNKNOWN)
		return WM_UNKNOWN;
	for (i = 0; i < in->nr_zones; i++) {
		const struct wm_model_zone *z = &in->zones[i];
		uint64_t tmp, need, w;

		if (wm_model_zone_capped(v, z) || z->managed == 0 ||
		    z->managed == WM_UNKNOWN ||
		    mul(mfk >> shift, z->managed, &tmp))
			continue;
		tmp /= lowmem;
		/* floor(m * w / 10000) >= tmp/4 + 1 */
		if (mul((tmp >> 2) + 1, 10000, &need))
			continue;
		w = (need + z->managed - 1) / z->managed;
		if (w < WM_WSF_MIN)
			w = WM_WSF_MIN;
		if (w < best)
			best = w;
	}
	return best;
}

/* ------------------------------------------------------------------ */
/* lowmem_reserve, totalreserve_pages, MemAvailable                     */

int wm_model_lowmem_reserve(const struct wm_model_input *in,
			    const uint64_t *ratios, unsigned nr_ratios,
			    uint64_t (*out)[WM_MAX_PROTECTION])
{
	unsigned idx[WM_MAX_PROTECTION], i, j, k, z;
	bool seen[WM_MAX_NODES] = { false };

	for (z = 0; z < in->nr_zones; z++) {
		unsigned node = in->zones[z].node;

		if (node >= WM_MAX_NODES)
			return -E2BIG;
		if (seen[node])
			continue;
		seen[node] = true;
		for (k = 0, i = z; i < in->nr_zones; i++) {
			if (in->zones[i].node != node)
				continue;
			if (k == WM_MAX_PROTECTION)
				return -E2BIG;
			idx[k++] = i;
		}
		for (i = 0; i < k; i++) {
			uint64_t ratio = i < nr_ratios ? ratios[i] : 0;
			uint64_t managed = in->zones[idx[i]].managed, cum = 0;
			bool clear = ratio == 0 || managed == 0 ||
				     managed == WM_UNKNOWN;

			memset(out[idx[i]], 0, sizeof(out[idx[i]]));
			for (j = i + 1; j < k; j++) {
				uint64_t m = in->zones[idx[j]].managed;

				cum += m == WM_UNKNOWN ? 0 : m;
				out[idx[i]][j] = clear ? 0 : cum / ratio;
			}
		}
	}
	return 0;
}

uint64_t wm_model_totalreserve(const struct wm_model_input *in,
			       const struct wm_model_wmark *wm)
{
	uint64_t total = 0;
	unsigned i, j;

	for (i = 0; i < in->nr_zones; i++) {
		const struct wm_model_zone *z = &in->zones[i];
		uint64_t max = 0;

		if (z->nr_protection == 0 || wm[i].high == WM_UNKNOWN ||
		    z->managed == WM_UNKNOWN)
			return WM_UNKNOWN;
		/* entries at or below the zone's own index are 0 */
		for (j = 0; j < z->nr_protection; j++)
			if (z->protection[j] > max)
				max = z->protection[j];
		max += wm[i].high;
		total += max < z->managed ? max : z->managed;
	}
	return total;
}

uint64_t wm_model_sum_low(const struct wm_model_input *in,
			  const struct wm_model_wmark *wm)
{
	uint64_t sum = 0;
	unsigned i;

	for (i = 0; i < in->nr_zones; i++) {
		if (wm[i].low == WM_UNKNOWN)
			return WM_UNKNOWN;
		sum += wm[i].low;
	}
	return sum;
}

uint64_t wm_model_mem_available(const struct wm_model_mem *m,
				uint64_t totalreserve, uint64_t wmark_low)
{
	int64_t avail = (int64_t)m->free - (int64_t)totalreserve;
	uint64_t pagecache = m->file, reclaimable = m->reclaimable;

	/* at least half the page cache, or the low marks' worth, stays */
	pagecache -= pagecache / 2 < wmark_low ? pagecache / 2 : wmark_low;
	reclaimable -= reclaimable / 2 < wmark_low ? reclaimable / 2 : wmark_low;
	avail += (int64_t)pagecache + (int64_t)reclaimable;
	return avail < 0 ? 0 : (uint64_t)avail;
}
