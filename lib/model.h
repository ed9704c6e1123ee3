/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's watermark arithmetic (spec §1-§3.1): the default
 * min_free_kbytes, khugepaged's recommended value, per-zone min/low/high/
 * promo for each generation of __setup_per_zone_wmarks(), lowmem_reserve,
 * totalreserve_pages and MemAvailable, and the self-check that finds which
 * generation reproduces a /proc/zoneinfo.
 *
 * Pure 64-bit integer code: no I/O, no allocation, no floating point.
 * All counts are in base pages unless a name says kbytes.
 */
#ifndef WMTUNE_MODEL_H
#define WMTUNE_MODEL_H

#include "sysinfo.h"
#include "zoneinfo.h"

/*
 * Generations of __setup_per_zone_wmarks() (spec §2.2). The kernel
 * version only orders the candidates; the self-check decides by the
 * numbers.
 */
enum wm_model_variant {
	/* <= 4.5: low = min + tmp/4, high = min + tmp/2; no wsf */
	WM_VARIANT_PRE_4_6,
	/* 4.6 - 6.1: gap = max(tmp/4, managed*wsf/10000); Movable is lowmem */
	WM_VARIANT_4_6,
	/* ~6.5+: as 4.6, but Movable is capped and excluded like HighMem */
	WM_VARIANT_6_5,
	WM_VARIANT__COUNT
};

/* "pre-4.6", "4.6", "6.5" (stable: JSON "variant"); NULL if out of range */
const char *wm_model_variant_name(enum wm_model_variant v);
/* one line for people */
const char *wm_model_variant_desc(enum wm_model_variant v);

struct wm_model_zone {
	unsigned node;
	enum wm_zone_type type;
	uint64_t managed;      /* managed pages, or present before 3.8 */
	uint64_t present;      /* WM_UNKNOWN when not printed */
	/* as printed (boost included); WM_UNKNOWN when absent */
	uint64_t min, low, high, promo, boost;
	unsigned nr_protection;                 /* 0: not printed */
	uint64_t protection[WM_MAX_PROTECTION]; /* lowmem_reserve[] */
};

struct wm_model_input {
	unsigned nr_zones;
	struct wm_model_zone zones[WM_MAX_ZONES];
	uint64_t min_free_kbytes;        /* current value */
	uint64_t watermark_scale_factor; /* WM_UNKNOWN before 4.6 */
	unsigned long page_size;         /* bytes */
	struct wm_kver kver;             /* a hint only; 0.0 when unknown */
};

/* The kernel's mult_frac(): floor(x * n / d) without overflowing x * n. */
static inline uint64_t wm_mult_frac(uint64_t x, uint64_t n, uint64_t d)
{
	return (x / d) * n + ((x % d) * n) / d;
}

/* Watermarks as the kernel sets them (boost 0). promo: WM_UNKNOWN pre-4.6. */
struct wm_model_wmark {
	uint64_t min, low, high, promo;
};

/*
 * Fill in from a parsed zoneinfo and the sysctls. kver may be NULL.
 * -EINVAL for a page size that is not a power of two >= 1 KiB.
 */
int wm_model_input_init(struct wm_model_input *in, const struct wm_zoneinfo *zi,
			uint64_t min_free_kbytes, uint64_t wsf,
			unsigned long page_size, const struct wm_kver *kver);

/* PAGE_SHIFT - 10 (2 for 4 KiB pages), or -EINVAL. */
int wm_model_kb_shift(unsigned long page_size);

/* Whether the variant treats the zone as HighMem (capped min). */
bool wm_model_zone_capped(enum wm_model_variant v, const struct wm_model_zone *z);
/* Managed pages of the zones the variant counts as lowmem. */
uint64_t wm_model_lowmem_pages(enum wm_model_variant v,
			       const struct wm_model_input *in);

/*
 * Per-zone watermarks for min_free_kbytes mfk and watermark_scale_factor
 * wsf (ignored by WM_VARIANT_PRE_4_6) into out[in->nr_zones].
 * -EINVAL: bad variant or page size, or wsf unknown where it is needed;
 * -EDOM: no lowmem pages; -EOVERFLOW: a product past 2^64.
 */
int wm_model_compute(enum wm_model_variant v, const struct wm_model_input *in,
		     uint64_t mfk, uint64_t wsf, struct wm_model_wmark *out);

/* The printed watermarks minus boost (boost unknown: as printed). */
void wm_model_current(const struct wm_model_input *in,
		      struct wm_model_wmark *out);

enum wm_check_result {
	WM_CHECK_OK,      /* a variant reproduces every zone exactly */
	WM_CHECK_STALE,   /* computed with older managed counts (§2.5 step 6) */
	WM_CHECK_UNKNOWN, /* no known variant reproduces it: do not predict */
};

struct wm_model_check {
	enum wm_check_result result;
	enum wm_model_variant variant; /* OK and STALE */
	int zone;                      /* UNKNOWN: a zone that failed, or -1 */
	char why[200];                 /* UNKNOWN and STALE: for people */
};

/* "ok", "stale", "unknown" */
const char *wm_check_result_name(enum wm_check_result r);

/*
 * Recompute with the current sysctls under every variant (the kernel
 * version orders the candidates) and compare with the printed values.
 * Returns 0 with the verdict in chk, or -EINVAL for an unusable input.
 */
int wm_model_self_check(const struct wm_model_input *in,
			struct wm_model_check *chk);

/* --- min_free_kbytes defaults and khugepaged (spec §1) --- */

/* Integer floor square root (the kernel's int_sqrt), 64-bit. */
uint64_t wm_model_int_sqrt(uint64_t x);

enum wm_mfk_clamp {
	WM_MFK_CLAMP_65536,  /* before 5.7 */
	WM_MFK_CLAMP_262144, /* 5.7 and later */
};

/* The generation of the clamp for a kernel; unknown (0.0): 262144. */
enum wm_mfk_clamp wm_model_mfk_clamp_for(const struct wm_kver *kver);

/* int_sqrt(lowmem_kbytes * 16) clamped to [128, 65536 or 262144]. */
uint64_t wm_model_default_min_free_kbytes(uint64_t lowmem_kbytes,
					  enum wm_mfk_clamp clamp);

/*
 * nr_free_buffer_pages(): sum over DMA, DMA32 and Normal zones of
 * managed - high (as printed, boost included), or of managed alone
 * (subtract_high false: the value at boot, before watermarks exist).
 */
uint64_t wm_model_free_buffer_pages(const struct wm_model_input *in,
				    bool subtract_high);
/* Populated (present, else managed, > 0) DMA, DMA32 and Normal zones. */
unsigned wm_model_nr_lowmem_zones(const struct wm_model_input *in);
/* pageblock_order for a page size: 4K 9, 16K 11, 64K 13; 0 unknown. */
unsigned wm_model_pageblock_order(unsigned long page_size);
/*
 * set_recommended_min_free_kbytes(): 11 pageblocks per lowmem zone, at
 * most 5% of free_buffer_pages, in KiB. 0 for a bad page size.
 */
uint64_t wm_model_khugepaged_min_free_kbytes(unsigned nr_lowmem_zones,
					     unsigned pageblock_order,
					     uint64_t free_buffer_pages,
					     unsigned long page_size);

/* --- caps for the policy and range checks for predict --- */

/* 5% of lowmem in KiB: khugepaged's own bound (free_buffer_pages / 20). */
uint64_t wm_model_lowmem_5pct_kbytes(const struct wm_model_input *in);
/*
 * The largest min_free_kbytes at which no lowmem zone's min exceeds
 * managed * num / den (1/4: the policy's bound; 1/1: predict's limit).
 * WM_UNKNOWN on bad input.
 */
uint64_t wm_model_mfk_max_zone_share(enum wm_model_variant v,
				     const struct wm_model_input *in,
				     unsigned num, unsigned den);
/* min(5% of lowmem, no zone min above a quarter of its managed pages). */
uint64_t wm_model_mfk_hard_max(enum wm_model_variant v,
			       const struct wm_model_input *in);
/* pct_x100 hundredths of a percent of RAM (all managed pages), in KiB. */
uint64_t wm_model_ram_share_kbytes(const struct wm_model_input *in,
				   unsigned pct_x100);
/*
 * watermark_scale_factor's range: 1..1000, 1..3000 from 5.17 (and
 * 5.15.58+, where it was backported). Unknown kernel: 1000.
 */
#define WM_WSF_MIN 1
uint64_t wm_model_wsf_max(const struct wm_kver *kver);
/*
 * The smallest WSF at which the wsf term widens some lowmem zone's gap
 * beyond tmp/4 at min_free_kbytes mfk (below it, WSF changes nothing).
 * WM_UNKNOWN when no zone qualifies.
 */
uint64_t wm_model_wsf_effective(enum wm_model_variant v,
				const struct wm_model_input *in, uint64_t mfk);

/* --- lowmem_reserve, totalreserve_pages, MemAvailable (§2.4, §3.1) --- */

/*
 * setup_per_zone_lowmem_reserve() from the lowmem_reserve_ratio sysctl
 * (one ratio per zone but the last, in the kernel's zone order). Zones
 * are indexed by their position in their node, so every zone of a node
 * must be listed, as zoneinfo has printed them since ~4.x. out[z][j] for
 * zone z. -E2BIG if a node has more than WM_MAX_PROTECTION zones.
 */
int wm_model_lowmem_reserve(const struct wm_model_input *in,
			    const uint64_t *ratios, unsigned nr_ratios,
			    uint64_t (*out)[WM_MAX_PROTECTION]);

/*
 * calculate_totalreserve_pages() for watermarks wm and the protection
 * arrays in the input (writes to min_free_kbytes and wsf do not change
 * them). WM_UNKNOWN if a zone has no protection or no high mark.
 */
uint64_t wm_model_totalreserve(const struct wm_model_input *in,
			       const struct wm_model_wmark *wm);
/* Sum of the low marks (si_mem_available's wmark_low). */
uint64_t wm_model_sum_low(const struct wm_model_input *in,
			  const struct wm_model_wmark *wm);

/* The /proc/meminfo values si_mem_available() reads, in pages. */
struct wm_model_mem {
	uint64_t free;        /* MemFree */
	uint64_t file;        /* Active(file) + Inactive(file) */
	uint64_t reclaimable; /* KReclaimable (4.20+), else SReclaimable */
};

/* si_mem_available() in pages (never negative). */
uint64_t wm_model_mem_available(const struct wm_model_mem *m,
				uint64_t totalreserve, uint64_t wmark_low);

#endif /* WMTUNE_MODEL_H */
