/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A file read in large chunks, in order, with the next chunk read by a
 * second thread while the caller works on the current one: read(2)'s
 * copy out of the page cache (a fifth of `events --file` on a cached
 * log) then costs the caller no time. WM_READAHEAD_BUFS buffers in a
 * ring: the reader is at most WM_READAHEAD_BUFS - 1 chunks ahead of the
 * one the caller holds. The bytes and their order are those of plain
 * read(2) calls, whichever way the file is read.
 */
#ifndef WMTUNE_READAHEAD_H
#define WMTUNE_READAHEAD_H

#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * The ring: two would do if the reader always woke at once; in a VM an
 * idle CPU can take a tenth of a millisecond to wake, about the time the
 * caller scans a chunk, and the spare buffers absorb that.
 */
#define WM_READAHEAD_BUFS 4

enum wm_readahead_mode {
	/*
	 * The thread for a regular file of more than two chunks when the
	 * process may run on more than one CPU (sched_getaffinity(2));
	 * plain reads otherwise (a pipe or terminal may block for ever,
	 * and the reader could not be stopped; a small file is read
	 * before a thread would start).
	 */
	WM_READAHEAD_AUTO,
	WM_READAHEAD_THREAD,	/* the thread for any fd (tests) */
	WM_READAHEAD_PLAIN,	/* no thread */
};

/*
 * Work the reader thread does on each chunk it has read (len > 0),
 * before the caller may take it: what it writes is published with the
 * chunk, by the same semaphore post. slot: the chunk's buffer, which
 * wm_readahead_slot() names to the caller. Never called without the
 * thread: the caller sees ra->threaded.
 */
typedef void wm_readahead_work(void *arg, unsigned slot, const char *buf,
			       size_t len);

struct wm_readahead {
	int fd;
	size_t chunk;
	bool threaded, held, done;
	unsigned cur;		/* the buffer the caller takes next */
	char *buf[WM_READAHEAD_BUFS];
	ssize_t len[WM_READAHEAD_BUFS];	/* read: bytes, 0 at the end, -errno */
	long last;		/* what next() returned last */
	pthread_t thread;
	sem_t filled, freed;	/* buffers ready for the caller / reader */
	wm_readahead_work *work;	/* NULL: none */
	void *arg;
	int stop;		/* set by close() (atomic) */
};

/*
 * Prepare to read fd from its current offset in chunks of chunk bytes.
 * Returns 0 or -ENOMEM; fd stays the caller's. A thread that cannot be
 * started means plain reads, not an error.
 */
int wm_readahead_open(struct wm_readahead *ra, int fd, size_t chunk,
		      enum wm_readahead_mode mode);
/* The same, with work(arg, ...) done by the reader on each chunk. */
int wm_readahead_open_work(struct wm_readahead *ra, int fd, size_t chunk,
			   enum wm_readahead_mode mode, wm_readahead_work *work,
			   void *arg);

/*
 * The next chunk: its length (> 0) and *p, valid until the next call or
 * close(); 0 at the end of the file; -errno if read(2) failed (and on
 * every call after). EINTR is retried.
 */
long wm_readahead_next(struct wm_readahead *ra, const char **p);

/*
 * The buffer of the chunk next() returned last (with the thread: the
 * slot work() was given for it).
 */
static inline unsigned wm_readahead_slot(const struct wm_readahead *ra)
{
	return ra->cur;
}

/* Stop the reader (even mid-file), wait for it, free the buffers. */
void wm_readahead_close(struct wm_readahead *ra);

#endif /* WMTUNE_READAHEAD_H */
