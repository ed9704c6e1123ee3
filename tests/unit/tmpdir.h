/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Scratch directories for unit tests that write files; include once. */
#ifndef WMTUNE_TESTS_TMPDIR_H
#define WMTUNE_TESTS_TMPDIR_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Remove path and everything below it (links are removed, not followed). */
static void rm_tree(const char *path)
{
	struct dirent *e;
	char sub[512];
	struct stat st;
	DIR *d = opendir(path);

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			rm_tree(sub);
		else
			unlink(sub);
	}
	if (d)
		closedir(d);
	rmdir(path);
}

#endif
