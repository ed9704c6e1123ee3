/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loading fixture files in unit tests; include once per test program. */
#ifndef WMTUNE_TESTS_FIXTURE_H
#define WMTUNE_TESTS_FIXTURE_H

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

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

#endif
