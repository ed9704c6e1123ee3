/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Common definitions for libwmtune.
 *
 * Conventions every lib/ module keeps (see DESIGN.md "Practices"):
 * functions return 0 or -errno and fill caller-owned structs; nothing in
 * lib/ prints or exits; parsers are pure functions over a buffer.
 */
#ifndef WMTUNE_WM_H
#define WMTUNE_WM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WM_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define WM_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define WM_UNUSED __attribute__((unused))
#else
#define WM_PRINTF(fmt, args)
#define WM_UNUSED
#endif

/* Value the kernel did not expose: shown as "unavailable", never as 0. */
#define WM_UNKNOWN UINT64_MAX

/*
 * Where a parser gave up: the 1-based line number and a short reason.
 * Parsers fill it on error so that cmd/ can say "<file>:<line>: <why>".
 */
struct wm_parse_error {
	unsigned long line;
	char msg[160];
};

void wm_parse_error_set(struct wm_parse_error *err, unsigned long line,
			const char *fmt, ...) WM_PRINTF(3, 4);

#endif /* WMTUNE_WM_H */
