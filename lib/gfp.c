// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * GFP bit layouts and %pGg-style names (spec §6.4). One X-macro list of the
 * single flags gives the enum, the names and the per-layout values, so the
 * three cannot drift.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gfp.h"

/*
 * name, then the ___GFP_* value in layouts L0..L5 (0: no such bit).
 * Listed in the order %pGg prints single flags (__GFP_WAIT, gone before
 * %pGg existed, first: that is the bit that matters in old masks).
 */
#define WM_GFP_BITS(X)                                                        \
	X(WAIT, "__GFP_WAIT", 0x10, 0, 0, 0, 0, 0)                            \
	X(HIGH, "__GFP_HIGH", 0x20, 0x20, 0x20, 0x20, 0x20, 0x20)             \
	X(ATOMIC, "__GFP_ATOMIC", 0, 0x80000, 0x80000, 0x80000, 0x200, 0)     \
	X(IO, "__GFP_IO", 0x40, 0x40, 0x40, 0x40, 0x40, 0x40)                 \
	X(FS, "__GFP_FS", 0x80, 0x80, 0x80, 0x80, 0x80, 0x80)                 \
	X(COLD, "__GFP_COLD", 0x100, 0x100, 0x100, 0, 0, 0)                   \
	X(NOWARN, "__GFP_NOWARN", 0x200, 0x200, 0x200, 0x200, 0x2000, 0x2000) \
	X(REPEAT, NULL, 0x400, 0x400, 0x400, 0x400, 0x4000, 0x4000)           \
	X(NOFAIL, "__GFP_NOFAIL", 0x800, 0x800, 0x800, 0x800, 0x8000, 0x8000) \
	X(NORETRY, "__GFP_NORETRY", 0x1000, 0x1000, 0x1000, 0x1000, 0x10000,  \
	  0x10000)                                                            \
	X(COMP, "__GFP_COMP", 0x4000, 0x4000, 0x4000, 0x4000, 0x40000,        \
	  0x40000)                                                            \
	X(ZERO, "__GFP_ZERO", 0x8000, 0x8000, 0x8000, 0x8000, 0x100, 0x100)   \
	X(NOMEMALLOC, "__GFP_NOMEMALLOC", 0x10000, 0x10000, 0x10000, 0x10000, \
	  0x80000, 0x80000)                                                   \
	X(MEMALLOC, "__GFP_MEMALLOC", 0x2000, 0x2000, 0x2000, 0x2000,         \
	  0x20000, 0x20000)                                                   \
	X(HARDWALL, "__GFP_HARDWALL", 0x20000, 0x20000, 0x20000, 0x20000,     \
	  0x100000, 0x100000)                                                 \
	X(THISNODE, "__GFP_THISNODE", 0x40000, 0x40000, 0x40000, 0x40000,     \
	  0x200000, 0x200000)                                                 \
	X(RECLAIMABLE, "__GFP_RECLAIMABLE", 0x80000, 0x10, 0x10, 0x10, 0x10,  \
	  0x10)                                                               \
	X(MOVABLE, "__GFP_MOVABLE", 0x8, 0x8, 0x8, 0x8, 0x8, 0x8)             \
	X(ACCOUNT, NULL, 0x100000, 0x100000, 0x100000, 0x100000, 0x400000,    \
	  0x400000)                                                           \
	X(NOTRACK, "__GFP_NOTRACK", 0x200000, 0x200000, 0x200000, 0, 0, 0)    \
	X(WRITE, "__GFP_WRITE", 0x1000000, 0x1000000, 0x800000, 0x100,        \
	  0x1000, 0x1000)                                                     \
	X(DIRECT, "__GFP_DIRECT_RECLAIM", 0, 0x400000, 0x400000, 0x200000,    \
	  0x400, 0x400)                                                       \
	X(KSWAPD, "__GFP_KSWAPD_RECLAIM", 0, 0x2000000, 0x1000000, 0x400000,  \
	  0x800, 0x800)                                                       \
	X(OTHER_NODE, "__GFP_OTHER_NODE", 0x800000, 0x800000, 0, 0, 0, 0)     \
	X(NO_KSWAPD, "__GFP_NO_KSWAPD", 0x400000, 0, 0, 0, 0, 0)              \
	X(DMA, "GFP_DMA", 0x1, 0x1, 0x1, 0x1, 0x1, 0x1)                       \
	X(HIGHMEM, "__GFP_HIGHMEM", 0x2, 0x2, 0x2, 0x2, 0x2, 0x2)             \
	X(DMA32, "GFP_DMA32", 0x4, 0x4, 0x4, 0x4, 0x4, 0x4)

#define X_ENUM(id, name, l0, l1, l2, l3, l4, l5) B_##id,
enum gfp_bit { WM_GFP_BITS(X_ENUM) B__COUNT };
#undef X_ENUM

#define X_VAL(id, name, l0, l1, l2, l3, l4, l5) { l0, l1, l2, l3, l4, l5 },
static const uint32_t bit_val[B__COUNT][WM_GFP__LAYOUTS] = {
	WM_GFP_BITS(X_VAL)
};
#undef X_VAL

#define X_NAME(id, name, l0, l1, l2, l3, l4, l5) name,
static const char *const bit_name[B__COUNT] = { WM_GFP_BITS(X_NAME) };
#undef X_NAME

static uint32_t bv(enum wm_gfp_layout l, enum gfp_bit b)
{
	return bit_val[b][l];
}

/* Names whose meaning changed with the generation. */
static const char *single_name(enum wm_gfp_layout l, enum gfp_bit b)
{
	if (b == B_REPEAT)
		return l <= WM_GFP_L1 ? "__GFP_REPEAT" : "__GFP_RETRY_MAYFAIL";
	if (b == B_ACCOUNT)
		return l == WM_GFP_L0 ? "__GFP_KMEMCG" : "__GFP_ACCOUNT";
	return bit_name[b];
}

struct composite {
	const char *name;
	uint32_t mask;
};

/* The composite entries %pGg tries first, in its order, for layout l. */
static unsigned composites(enum wm_gfp_layout l, struct composite *c)
{
	uint32_t reclaim = l == WM_GFP_L0 ? bv(l, B_WAIT) :
			   bv(l, B_DIRECT) | bv(l, B_KSWAPD);
	uint32_t kernel = reclaim | bv(l, B_IO) | bv(l, B_FS);
	uint32_t user = kernel | bv(l, B_HARDWALL);
	uint32_t hmov = user | bv(l, B_HIGHMEM) | bv(l, B_MOVABLE);
	uint32_t atomic = bv(l, B_HIGH) | bv(l, B_ATOMIC) | bv(l, B_KSWAPD);
	uint32_t light = (hmov | bv(l, B_COMP) | bv(l, B_NOMEMALLOC) |
			  bv(l, B_NOWARN)) & ~reclaim;
	unsigned n = 0;

	/* GFP_TRANSHUGE*: their 4.8+ definitions only. */
	if (l >= WM_GFP_L2) {
		c[n++] = (struct composite){ "GFP_TRANSHUGE",
					     light | bv(l, B_DIRECT) };
		c[n++] = (struct composite){ "GFP_TRANSHUGE_LIGHT", light };
	}
	c[n++] = (struct composite){ "GFP_HIGHUSER_MOVABLE", hmov };
	c[n++] = (struct composite){ "GFP_HIGHUSER",
				     user | bv(l, B_HIGHMEM) };
	c[n++] = (struct composite){ "GFP_USER", user };
	if (l >= WM_GFP_L1)
		c[n++] = (struct composite){ "GFP_KERNEL_ACCOUNT",
					     kernel | bv(l, B_ACCOUNT) };
	c[n++] = (struct composite){ "GFP_KERNEL", kernel };
	c[n++] = (struct composite){ "GFP_NOFS", reclaim | bv(l, B_IO) };
	c[n++] = (struct composite){ "GFP_ATOMIC", atomic };
	/* In L0 GFP_NOIO is __GFP_WAIT alone and GFP_NOWAIT is 0. */
	if (l >= WM_GFP_L1) {
		c[n++] = (struct composite){ "GFP_NOIO", reclaim };
		c[n++] = (struct composite){ "GFP_NOWAIT", bv(l, B_KSWAPD) };
	}
	return n;
}

enum wm_gfp_layout wm_gfp_layout_for(unsigned major, unsigned minor)
{
	if (major == 2)
		return minor == 6 ? WM_GFP_L0 : WM_GFP_LAYOUT_UNKNOWN;
	if (major == 3)
		return WM_GFP_L0;
	if (major == 4) {
		if (minor <= 3)
			return WM_GFP_L0;
		if (minor <= 10)
			return WM_GFP_L1;
		if (minor <= 14)
			return WM_GFP_L2;
		if (minor == 18 || minor == 19)
			return WM_GFP_L3;
		return WM_GFP_LAYOUT_UNKNOWN; /* 4.15-4.17, 4.20: unverified */
	}
	if (major == 5)
		return minor >= 4 ? WM_GFP_L4 : WM_GFP_LAYOUT_UNKNOWN;
	if (major == 6)
		return minor <= 2 ? WM_GFP_L4 : WM_GFP_L5;
	return WM_GFP_LAYOUT_UNKNOWN;
}

enum wm_gfp_layout wm_gfp_layout_for_release(const char *s, size_t len)
{
	struct wm_span sp = { s, len };
	uint64_t major, minor;

	if (wm_take_u64(&sp, &major) <= 0 || sp.len == 0 || sp.p[0] != '.')
		return WM_GFP_LAYOUT_UNKNOWN;
	sp.p++;
	sp.len--;
	if (wm_take_u64(&sp, &minor) <= 0 || major > 100 || minor > 1000)
		return WM_GFP_LAYOUT_UNKNOWN;
	return wm_gfp_layout_for((unsigned)major, (unsigned)minor);
}

const char *wm_gfp_layout_name(enum wm_gfp_layout l)
{
	static const char *const names[] = { "L0", "L1", "L2", "L3", "L4", "L5" };

	if (l < 0 || l >= WM_GFP__LAYOUTS)
		return "unknown";
	return names[l];
}

const char *wm_tri_name(enum wm_tri t)
{
	return t == WM_TRI_TRUE ? "yes" : t == WM_TRI_FALSE ? "no" : "unknown";
}

/* Append "|name" (or "name" first); false when it did not fit. */
static bool append(char *out, size_t size, size_t *len, const char *name)
{
	int n = snprintf(out + *len, size - *len, "%s%s", *len ? "|" : "",
			 name);

	if (n < 0 || (size_t)n >= size - *len) {
		out[*len] = '\0';
		return false;
	}
	*len += (size_t)n;
	return true;
}

int wm_gfp_decode(uint64_t mask, enum wm_gfp_layout layout, char *out,
		  size_t size)
{
	struct composite c[16];
	unsigned n, i;
	size_t len = 0;
	char hex[24];

	if (size == 0)
		return -ENOSPC;
	out[0] = '\0';
	if (layout < 0 || layout >= WM_GFP__LAYOUTS)
		return -EINVAL;
	/* (__GFP_RECLAIM never shows: GFP_NOIO, the same bits, comes first) */
	n = composites(layout, c);
	for (i = 0; i < n && mask; i++) {
		if (!c[i].mask || (mask & c[i].mask) != c[i].mask)
			continue;
		if (!append(out, size, &len, c[i].name))
			return -ENOSPC;
		mask &= ~(uint64_t)c[i].mask;
	}
	for (i = 0; i < B__COUNT && mask; i++) {
		uint32_t v = bv(layout, (enum gfp_bit)i);

		if (!v || (mask & v) != v)
			continue;
		if (!append(out, size, &len, single_name(layout, (enum gfp_bit)i)))
			return -ENOSPC;
		mask &= ~(uint64_t)v;
	}
	if (mask) {
		snprintf(hex, sizeof(hex), "%#llx", (unsigned long long)mask);
		if (!append(out, size, &len, hex))
			return -ENOSPC;
	}
	return 0;
}

/* What a printed name says about the request (any generation). */
enum name_sem { SEM_NEUTRAL, SEM_DIRECT, SEM_HIGH, SEM_ATOMIC };

static const struct {
	const char *name;
	enum name_sem sem;
} known_names[] = {
	{ "GFP_TRANSHUGE", SEM_DIRECT },
	{ "GFP_TRANSHUGE_LIGHT", SEM_NEUTRAL },
	{ "GFP_HIGHUSER_MOVABLE", SEM_DIRECT },
	{ "GFP_HIGHUSER", SEM_DIRECT },
	{ "GFP_USER", SEM_DIRECT },
	{ "GFP_TEMPORARY", SEM_DIRECT },
	{ "GFP_KERNEL_ACCOUNT", SEM_DIRECT },
	{ "GFP_KERNEL", SEM_DIRECT },
	{ "GFP_NOFS", SEM_DIRECT },
	{ "GFP_NOIO", SEM_DIRECT },
	{ "GFP_ATOMIC", SEM_ATOMIC },
	{ "GFP_NOWAIT", SEM_NEUTRAL },
	{ "GFP_DMA", SEM_NEUTRAL },
	{ "GFP_DMA32", SEM_NEUTRAL },
	{ "__GFP_RECLAIM", SEM_DIRECT },
	{ "__GFP_DIRECT_RECLAIM", SEM_DIRECT },
	{ "__GFP_WAIT", SEM_DIRECT },
	{ "__GFP_HIGH", SEM_HIGH },
	{ "__GFP_REPEAT", SEM_NEUTRAL },
	{ "__GFP_RETRY_MAYFAIL", SEM_NEUTRAL },
	{ "__GFP_KMEMCG", SEM_NEUTRAL },
	{ "__GFP_ACCOUNT", SEM_NEUTRAL },
	{ "__GFP_NOACCOUNT", SEM_NEUTRAL },
	{ "__GFP_ZEROTAGS", SEM_NEUTRAL },
	{ "__GFP_SKIP_ZERO", SEM_NEUTRAL },
	{ "__GFP_SKIP_KASAN", SEM_NEUTRAL },
	{ "__GFP_SKIP_KASAN_POISON", SEM_NEUTRAL },
	{ "__GFP_SKIP_KASAN_UNPOISON", SEM_NEUTRAL },
	{ "__GFP_NOLOCKDEP", SEM_NEUTRAL },
	{ "__GFP_NO_OBJ_EXT", SEM_NEUTRAL },
};

static int lookup_name(struct wm_span tok, enum name_sem *sem)
{
	size_t i;

	for (i = 0; i < WM_ARRAY_SIZE(known_names); i++) {
		if (wm_span_eq(tok, known_names[i].name)) {
			*sem = known_names[i].sem;
			return 0;
		}
	}
	/* The remaining single flags of the X-macro table are neutral. */
	for (i = 0; i < B__COUNT; i++) {
		if (bit_name[i] && wm_span_eq(tok, bit_name[i])) {
			*sem = i == B_HIGH ? SEM_HIGH :
			       i == B_DIRECT || i == B_WAIT ? SEM_DIRECT :
							      SEM_NEUTRAL;
			return 0;
		}
	}
	return -ENOENT;
}

static void classify_names(struct wm_gfp *g, struct wm_span names)
{
	bool direct = false, high = false, atomic = false, unknown = false;
	struct wm_span rest = names;

	while (rest.len) {
		long bar = wm_span_find(rest, "|");
		struct wm_span tok = { rest.p, bar < 0 ? rest.len : (size_t)bar };
		enum name_sem sem;

		rest.p += tok.len + (bar < 0 ? 0 : 1);
		rest.len -= tok.len + (bar < 0 ? 0 : 1);
		tok = wm_span_trim(tok);
		if (tok.len == 0)
			continue;
		/*
		 * Leftover hex: bits the kernel's own table has no name for.
		 * HIGH and DIRECT_RECLAIM always have names, so these never
		 * change the classification.
		 */
		if (wm_span_starts(tok, "0x"))
			continue;
		if (lookup_name(tok, &sem) < 0) {
			unknown = true;
			continue;
		}
		direct |= sem == SEM_DIRECT;
		high |= sem == SEM_HIGH || sem == SEM_ATOMIC;
		atomic |= sem == SEM_ATOMIC;
	}
	if (direct) {
		g->nonblocking = WM_TRI_FALSE;
		g->atomic = WM_TRI_FALSE;
	} else {
		g->nonblocking = unknown ? WM_TRI_UNKNOWN : WM_TRI_TRUE;
		g->atomic = atomic ? WM_TRI_TRUE :
			    unknown ? WM_TRI_UNKNOWN :
			    high ? WM_TRI_TRUE : WM_TRI_FALSE;
	}
	g->high = high ? WM_TRI_TRUE : unknown ? WM_TRI_UNKNOWN : WM_TRI_FALSE;
}

static void classify_mask(struct wm_gfp *g, enum wm_gfp_layout l)
{
	uint64_t block = l == WM_GFP_L0 ? bv(l, B_WAIT) : bv(l, B_DIRECT);
	bool nonblocking = !(g->mask & block);
	bool high = g->mask & bv(l, B_HIGH);

	g->nonblocking = nonblocking ? WM_TRI_TRUE : WM_TRI_FALSE;
	g->high = high ? WM_TRI_TRUE : WM_TRI_FALSE;
	g->atomic = nonblocking && high ? WM_TRI_TRUE : WM_TRI_FALSE;
}

void wm_gfp_set(struct wm_gfp *g, bool have_mask, uint64_t mask,
		const struct wm_span *names, enum wm_gfp_layout layout)
{
	memset(g, 0, sizeof(*g));
	g->have_mask = have_mask;
	g->mask = have_mask ? mask : 0;
	g->nonblocking = g->high = g->atomic = WM_TRI_UNKNOWN;
	if (names) {
		g->have_names = g->names_printed = true;
		wm_span_copy(g->names, sizeof(g->names), wm_span_trim(*names));
		classify_names(g, *names);
		return;
	}
	if (!have_mask || layout < 0 || layout >= WM_GFP__LAYOUTS)
		return;
	/* A list cut short would be a wrong list: then leave names unknown. */
	g->have_names = wm_gfp_decode(mask, layout, g->names,
				      sizeof(g->names)) == 0;
	if (!g->have_names)
		g->names[0] = '\0';
	classify_mask(g, layout);
}
