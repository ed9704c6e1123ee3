/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The words the zoneinfo fast paths (lib/zonefast.c: one line known to
 * be whole; lib/zonerun.c: a zone's lines read forward) compare a line
 * with, and their digit arithmetic, 8 bytes at a time. Little-endian
 * only: a line's first byte is the word's low one. Include after
 * zoneline.h, inside the same #if as the includer's fast paths.
 */
#ifndef WMTUNE_ZONEWORD_H
#define WMTUNE_ZONEWORD_H

#include <stdint.h>

#include "zoneline.h"

#define ZI_ONES 0x0101010101010101ULL
#define ZI_HIGH (0x80 * ZI_ONES)
#define ZI_LOW4 (0x0f * ZI_ONES)

/* A literal of at most 8 bytes as the word it starts a line with. */
#define ZI_BYTE(lit, i)                                              \
	(sizeof(lit) > (i) + 1 ?                                     \
	 (uint64_t)(unsigned char)(lit)[i] << (8 * (i)) : 0)
#define ZI_WORD(lit)                                                     \
	(ZI_BYTE(lit, 0) | ZI_BYTE(lit, 1) | ZI_BYTE(lit, 2) |           \
	 ZI_BYTE(lit, 3) | ZI_BYTE(lit, 4) | ZI_BYTE(lit, 5) |           \
	 ZI_BYTE(lit, 6) | ZI_BYTE(lit, 7))
/* The same padded with spaces to 8: a key and the blanks after it. */
#define ZI_PADDED(lit) \
	(ZI_WORD(lit) | (' ' * ZI_ONES & ~0ULL << (8 * (sizeof(lit) - 1))))
/* A name of 1 to 7 bytes as "%8s" prints it: spaces, then the name. */
#define ZI_RIGHT(lit)                                 \
	(ZI_WORD(lit) << (8 * (9 - sizeof(lit))) |    \
	 ' ' * ZI_ONES >> (8 * (sizeof(lit) - 1)))
/* The low n bytes of a word (0 < n < 8). */
#define ZI_LOW(n) ((1ULL << (8 * (n))) - 1)

/* The digit arithmetic is text.h's, named for these files' use. */
#define zi_digits8 wm_digit_bits8
#define zi_digits_value wm_digits8_value

/* Which of ZI_KEYS the first 8 bytes w are, blanks and all; -1 if none. */
#define ZI_IS(k) (w == ZI_PADDED(#k) ? ZI_KEY_##k : -1)
static inline int zi_key_word(uint64_t w)
{
	switch (w & 0xff) {
	case 'b':
		return ZI_IS(boost);
	case 'c':
		return ZI_IS(cma);
	case 'h':
		return ZI_IS(high);
	case 'l':
		return ZI_IS(low);
	case 'm':
		return w == ZI_PADDED("min") ? ZI_KEY_min : ZI_IS(managed);
	case 'p':
		return w == ZI_PADDED("present") ? ZI_KEY_present :
						   ZI_IS(promo);
	case 's':
		return ZI_IS(spanned);
	default:
		return -1;
	}
}
#undef ZI_IS

#endif /* WMTUNE_ZONEWORD_H */
