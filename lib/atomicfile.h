/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Replacing a whole file so that a reader (or a crash) sees either the old
 * content or the new one, never a mix: the state file and Prometheus
 * textfile output (node_exporter may read it at any moment).
 */
#ifndef WMTUNE_ATOMICFILE_H
#define WMTUNE_ATOMICFILE_H

#include <sys/types.h>

#include "wm.h"

/*
 * Write len bytes of data to path atomically:
 *   1. create a temp file beside path (same directory, so rename(2) is
 *      atomic) with O_CREAT|O_EXCL|O_NOFOLLOW and mode (umask applies);
 *   2. write all of data, fsync, close (each checked);
 *   3. rename over path, then fsync the directory so the rename itself
 *      survives a crash.
 * Refuses, before creating anything, a path that exists and is a symbolic
 * link (-ELOOP), a directory (-EISDIR) or any other non-regular file
 * (-EINVAL). rename(2) never follows a link, so a link created after this
 * check is replaced, not written through.
 *
 * On any error before the rename the temp file is removed and the old
 * file is left exactly as it was. Returns 0 or -errno (-ENOSPC, -EFBIG,
 * -EDQUOT, -EACCES, -ENOENT for a missing directory, ...). If only the
 * final directory fsync fails the new content is in place but may not
 * survive a crash; that is reported as its -errno too.
 */
int wm_atomic_write(const char *path, const void *data, size_t len,
		    mode_t mode);

/*
 * The same, without the two fsync(2) calls: atomic against the death of
 * the process (readers see the old file or the new one, never a mix), not
 * against the machine's. For files whose meaning ends with the boot anyway
 * (the state is keyed by the boot id) or that are rewritten every scrape;
 * after a power loss such a file may be empty, so readers must treat an
 * empty file as absent. Costs microseconds where fsync costs milliseconds.
 * An existing file is exchanged with the temp file (renameat2
 * RENAME_EXCHANGE), then its old content unlinked: a rename over it would
 * make ext4 write the new blocks back at once (auto_da_alloc), which is
 * what this variant exists to avoid; plain rename(2) where exchange is
 * not supported.
 */
int wm_atomic_replace(const char *path, const void *data, size_t len,
		      mode_t mode);

/*
 * Create the missing directories above path (not path itself), each with
 * mode, like `mkdir -p "$(dirname path)"`. Existing directories (or links
 * to them) are accepted; a non-directory in the way is -ENOTDIR.
 */
int wm_mkdir_parents(const char *path, mode_t mode);

#endif /* WMTUNE_ATOMICFILE_H */
