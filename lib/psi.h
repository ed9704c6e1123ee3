/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/pressure/memory (PSI, 4.20+; spec §5.3):
 *   some avg10=0.00 avg60=0.00 avg300=0.00 total=0
 *   full avg10=0.00 avg60=0.00 avg300=0.00 total=0
 * Averages are kept as integers in hundredths of a percent (8.31% -> 831),
 * exactly as the kernel formats them, so no floating point is involved.
 */
#ifndef WMTUNE_PSI_H
#define WMTUNE_PSI_H

#include "wm.h"

struct wm_psi_line {
	bool present;
	uint64_t avg10, avg60, avg300;	/* hundredths of a percent */
	uint64_t total_usec;		/* cumulative stall time */
};

struct wm_psi {
	bool present;			/* false: no PSI (old kernel, psi=0) */
	struct wm_psi_line some;
	struct wm_psi_line full;	/* absent on some kernels */
};

/*
 * Parse the file. Sets present. Returns 0, -EPROTO (no "some" line, a
 * missing or malformed field, a repeated line), -ERANGE (a number past
 * 2^64). Unknown lines and unknown key=value fields are skipped; a last
 * line without '\n' is ignored. On error nothing is present.
 */
int wm_psi_parse(const char *buf, size_t len, struct wm_psi *psi,
		 struct wm_parse_error *err);

/*
 * The same parse with every line split into words, where wm_psi_parse()
 * takes a file in the kernel's own form in one pass: the reference the
 * tests and fuzz_psi hold it equal to.
 */
int wm_psi_parse_walk(const char *buf, size_t len, struct wm_psi *psi,
		      struct wm_parse_error *err);

/*
 * The one-pass parse of wm_psi_parse() alone (lib/psifast.c): true for
 * whole lines (each with its '\n') in the kernel's own form only, a
 * "some" line and perhaps a "full" line after it, single spaces, the
 * four fields in order, averages of one to three whole digits, totals
 * of 1 to 19 digits; then psi is what wm_psi_parse_walk() makes of it.
 * False for anything else, with nothing present.
 */
bool wm_psi_parse_kernel(const char *buf, size_t len, struct wm_psi *psi);

/* The "not available" value: present false, everything else unknown. */
void wm_psi_init(struct wm_psi *psi);

#endif /* WMTUNE_PSI_H */
