/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * json-c clamps an integer past 2^64 to UINT64_MAX, even in strict mode,
 * so the JSON readers (state, trace) look for such numbers in the text
 * before they parse it.
 */
#ifndef WMTUNE_JSONNUM_H
#define WMTUNE_JSONNUM_H

#include <stddef.h>

/* Offset of the first digit run outside strings that is past 2^64, or -1. */
long wm_json_overflow_at(const char *buf, size_t len);

#endif /* WMTUNE_JSONNUM_H */
