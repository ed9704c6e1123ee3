/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every cmocka unit test includes, in the order cmocka needs. */
#ifndef WMTUNE_TESTS_UNIT_H
#define WMTUNE_TESTS_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "buf.h"

/* Directory of the fixture files (tests/fixtures), set by the Makefile. */
#ifndef WM_FIXTURES
#define WM_FIXTURES "tests/fixtures"
#endif

/* Read tests/fixtures/<rel> into b; fails the test if missing. */
void wm_test_load(struct wm_buf *b, const char *rel);
struct wm_snapshot;
/* Observe tests/fixtures/trees/<tree> as lib/observe would the machine. */
void wm_test_observe_tree(const char *tree, struct wm_snapshot *s);

#endif
