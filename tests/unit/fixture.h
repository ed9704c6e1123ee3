/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loading fixture files in unit tests; include once per test program. */
#ifndef WMTUNE_TESTS_FIXTURE_H
#define WMTUNE_TESTS_FIXTURE_H

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "observe.h"
#include "unit.h"

void wm_test_load(struct wm_buf *b, const char *rel)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", WM_FIXTURES, rel);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fail_msg("cannot open fixture %s", path);
	assert_int_equal(wm_buf_read_all(b, fd), 0);
	close(fd);
}

void wm_test_observe_tree(const char *tree, struct wm_snapshot *s)
{
	struct wm_parse_error err = { 0 };
	struct wm_observer obs;
	const char *failed = NULL;
	char dir[4096];
	struct wm_root r;

	snprintf(dir, sizeof(dir), "%s/trees/%s", WM_FIXTURES, tree);
	assert_int_equal(wm_root_init(&r, dir), 0);
	assert_int_equal(wm_observer_open(&obs, &r), 0);
	if (wm_observer_read(&obs, s, &err, &failed) != 0)
		fail_msg("%s:%lu: %s", failed, err.line, err.msg);
	wm_observer_close(&obs);
}

#endif
