// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/pressure/memory in the one layout every kernel prints
 * (kernel/sched/psi.c psi_show(): "%s avg10=%lu.%02lu avg60=%lu.%02lu
 * avg300=%lu.%02lu total=%llu\n", "some" and then "full"), read in one
 * pass over the buffer with no line splitting and no call: a watch tick
 * reads the file every second, and the line cursor and the per-field
 * checks were most of the cost. Anything else, a blank more or a key
 * out of order, is left to the walk in psi.c, which decides it with its
 * errors; so this only has to be right where it says yes.
 */
#include <string.h>

#include "psi.h"
#include "text.h"

/* p[0..n) == key[0..n), 4 <= n <= 8 (the key a constant the compiler
 * folds): two loads of four that overlap, no memcmp() call. */
static inline __attribute__((always_inline)) bool
key_is(const char *p, const char *key, size_t n)
{
	uint32_t a, b, x, y;

	memcpy(&a, p, 4);
	memcpy(&b, p + n - 4, 4);
	memcpy(&x, key, 4);
	memcpy(&y, key + n - 4, 4);
	return a == x && b == y;
}

static inline bool is_digit(char c)
{
	return (unsigned)(unsigned char)c - '0' <= 9;
}

/*
 * An average "%lu.%02lu" at *p, of one to three whole digits (LOAD_INT
 * of a percentage is at most 100), as hundredths; *p moved past it.
 * The caller has made sure of 6 bytes at *p.
 */
static inline __attribute__((always_inline)) bool
fast_avg(const char **pp, uint64_t *out)
{
	const char *p = *pp;
	uint64_t whole;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint32_t w;

	/*
	 * "d.dd", nearly always, as one word: the high nibble of each digit
	 * byte 3 and still 3 after adding 6 (no carry crosses into a byte
	 * that is checked: a digit or '.' carries nothing), the '.' exact.
	 */
	memcpy(&w, p, 4);
	if ((((w & 0xf0f0fff0u) ^ 0x30302e30u) |
	     (((w + 0x06060006u) & 0xf0f000f0u) ^ 0x30300030u)) == 0) {
		*out = (w & 0xf) * 100 + (w >> 16 & 0xf) * 10 + (w >> 24 & 0xf);
		*pp = p + 4;
		return true;
	}
#endif
	if (!is_digit(p[0]))
		return false;
	whole = (uint64_t)(p[0] - '0');
	p++;
	/* "0.00" nearly always: one test for the '.' and on */
	if (*p != '.') {
		if (!is_digit(p[0]))
			return false;
		whole = whole * 10 + (uint64_t)(p[0] - '0');
		p++;
		if (*p != '.') {
			if (!is_digit(p[0]) || p[1] != '.')
				return false;
			whole = whole * 10 + (uint64_t)(p[0] - '0');
			p++;
		}
	}
	if (!is_digit(p[1]) || !is_digit(p[2]))
		return false;
	*out = whole * 100 + (uint64_t)(p[1] - '0') * 10 +
	       (uint64_t)(p[2] - '0');
	*pp = p + 3;
	return true;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ONES 0x0101010101010101ULL

/* How many of the 8 bytes of w (p[0] its low byte) lead with digits. */
static inline __attribute__((always_inline)) unsigned
lead_digits8(uint64_t w)
{
	uint64_t other = ~wm_digit_bits8(w) & 0x80 * ONES;

	return other ? (unsigned)__builtin_ctzll(other) / 8 : 8;
}

/* The number of the first n (1 to 8) digits of w. */
static inline __attribute__((always_inline)) uint64_t
value8(uint64_t w, unsigned n)
{
	return wm_digits8_value((w - '0' * ONES) << (8 * (8 - n)));
}
#endif

static const uint64_t tens[9] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
};

/*
 * A total "%llu" at *p, ended by the line's '\n' (which is left at *p):
 * 1 to 19 digits, so never past 2^64 nor WM_UNKNOWN. Eight digits at a
 * time while eight bytes are there, then one at a time.
 */
static inline __attribute__((always_inline)) bool
fast_total(const char **pp, const char *end, uint64_t *out)
{
	const char *p = *pp, *s = p;
	uint64_t x = 0;

#ifdef ONES
	while (end - p >= 8) {
		uint64_t w;
		unsigned n;

		memcpy(&w, p, 8);
		n = lead_digits8(w);
		if (n == 0)
			break;
		x = x * tens[n] + value8(w, n);
		p += n;
		if (n < 8 || p - s > 19)
			break;
	}
#endif
	for (; p < end && is_digit(*p) && p - s <= 19; p++)
		x = x * 10 + (uint64_t)(*p - '0');
	if (p == s || p - s > 19 || p == end || *p != '\n')
		return false;
	*out = x;
	*pp = p;
	return true;
}

/* The shortest line: "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n" */
#define SHORTEST_LINE 47

/*
 * One line at *pp, its kind (the first 8 bytes, "some avg" or "full
 * avg") given; *pp moved past its '\n'.
 */
static inline __attribute__((always_inline)) bool
fast_line(const char **pp, const char *end, const char *kind,
	  struct wm_psi_line *l)
{
	const char *p = *pp;

	if (end - p < SHORTEST_LINE || !key_is(p, kind, 8) ||
	    !key_is(p + 7, "g10=", 4))
		return false;
	p += 11;
	/* a key's 8 bytes and an average's 6: the line's '\n' is after */
	if (!fast_avg(&p, &l->avg10) || end - p < 14 ||
	    !key_is(p, " avg60=", 7))
		return false;
	p += 7;
	if (!fast_avg(&p, &l->avg60) || end - p < 14 ||
	    !key_is(p, " avg300=", 8))
		return false;
	p += 8;
	if (!fast_avg(&p, &l->avg300) || end - p < 9 ||
	    !key_is(p, " total=", 7))
		return false;
	p += 7;
	if (!fast_total(&p, end, &l->total_usec))
		return false;
	l->present = true;
	*pp = p + 1;
	return true;
}

bool wm_psi_parse_kernel(const char *buf, size_t len, struct wm_psi *psi)
{
	const char *p = buf, *end = buf + len;

	psi->full.present = false;
	if (!fast_line(&p, end, "some avg", &psi->some))
		goto no;
	if (p == end) {
		/* no "full" line (before 5.x for the CPU, never for memory) */
		psi->full.avg10 = psi->full.avg60 = WM_UNKNOWN;
		psi->full.avg300 = psi->full.total_usec = WM_UNKNOWN;
	} else if (!fast_line(&p, end, "full avg", &psi->full) || p != end) {
		goto no;
	}
	psi->present = true;
	return true;
no:
	wm_psi_init(psi);
	return false;
}
