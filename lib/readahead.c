// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Read-ahead by a second thread (see readahead.h). The reader fills the
 * buffers of the ring in turn and the caller takes them in the same
 * turn; two semaphores count the buffers each side may use, so neither
 * needs a lock and neither can overtake the other.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "readahead.h"

static ssize_t read_chunk(int fd, char *buf, size_t n)
{
	ssize_t r;

	do
		r = read(fd, buf, n);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

static void sem_wait_intr(sem_t *s)
{
	while (sem_wait(s) != 0 && errno == EINTR)
		;
}

/*
 * All the buffers are free at the start, yet freed starts at 0 and the
 * reader takes the first WM_READAHEAD_BUFS without a wait: the same as a
 * count that starts there, but each buffer used again is then taken by
 * a wait matched with the caller's post that gave it back. helgrind
 * pairs each wait with a post (an initial count has none), and saw a
 * race on the reused buffer when the caller gave one back before the
 * reader had taken the first ones.
 */
static void *reader(void *arg)
{
	struct wm_readahead *ra = arg;
	unsigned i = 0, k = 0;
	ssize_t n;

	do {
		if (k < WM_READAHEAD_BUFS)
			k++;
		else
			sem_wait_intr(&ra->freed);
		if (__atomic_load_n(&ra->stop, __ATOMIC_ACQUIRE))
			break;
		n = read_chunk(ra->fd, ra->buf[i], ra->chunk);
		if (n > 0 && ra->work)
			ra->work(ra->arg, i, ra->buf[i], (size_t)n);
		ra->len[i] = n;
		sem_post(&ra->filled);
		i = (i + 1) % WM_READAHEAD_BUFS;
	} while (n > 0);
	return NULL;
}

/*
 * The CPUs this process may run on, not those the machine has: under a
 * cpuset or taskset of one CPU the two threads would only take turns.
 */
static bool several_cpus(void)
{
	cpu_set_t set;

	return sched_getaffinity(0, sizeof(set), &set) == 0 &&
	       CPU_COUNT(&set) > 1;
}

static bool worth_a_thread(int fd, size_t chunk)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	       (unsigned long long)st.st_size > 2ULL * chunk && several_cpus();
}

/* Signals stay with the caller: the reader starts with all blocked. */
static bool start_reader(struct wm_readahead *ra)
{
	sigset_t all, old;
	int rc;

	if (sem_init(&ra->filled, 0, 0) != 0)
		return false;
	if (sem_init(&ra->freed, 0, 0) != 0) {	/* see reader() */
		sem_destroy(&ra->filled);
		return false;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&ra->thread, NULL, reader, ra);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc == 0)
		return true;
	sem_destroy(&ra->filled);
	sem_destroy(&ra->freed);
	return false;
}

static void free_buffers(struct wm_readahead *ra)
{
	unsigned i;

	for (i = 0; i < WM_READAHEAD_BUFS; i++) {
		free(ra->buf[i]);
		ra->buf[i] = NULL;
	}
}

/* One buffer for plain reads, all of them for the reader. */
static int alloc_buffers(struct wm_readahead *ra)
{
	unsigned i, n = ra->threaded ? WM_READAHEAD_BUFS : 1;

	for (i = 0; i < n; i++) {
		ra->buf[i] = malloc(ra->chunk);
		if (!ra->buf[i]) {
			free_buffers(ra);
			return -ENOMEM;
		}
	}
	return 0;
}

int wm_readahead_open(struct wm_readahead *ra, int fd, size_t chunk,
		      enum wm_readahead_mode mode)
{
	return wm_readahead_open_work(ra, fd, chunk, mode, NULL, NULL);
}

int wm_readahead_open_work(struct wm_readahead *ra, int fd, size_t chunk,
			   enum wm_readahead_mode mode, wm_readahead_work *work,
			   void *arg)
{
	memset(ra, 0, sizeof(*ra));
	ra->fd = fd;
	ra->chunk = chunk;
	ra->work = work;
	ra->arg = arg;
	ra->threaded = mode == WM_READAHEAD_THREAD ||
		       (mode == WM_READAHEAD_AUTO && worth_a_thread(fd, chunk));
	if (alloc_buffers(ra) != 0)
		return -ENOMEM;
	if (ra->threaded && !start_reader(ra))
		ra->threaded = false;	/* plain reads into buf[0] */
	return 0;
}

long wm_readahead_next(struct wm_readahead *ra, const char **p)
{
	long n;

	if (ra->done)
		return ra->last;
	if (!ra->threaded) {
		n = read_chunk(ra->fd, ra->buf[0], ra->chunk);
		*p = ra->buf[0];
	} else {
		if (ra->held) {	/* the last chunk is the reader's again */
			sem_post(&ra->freed);
			ra->cur = (ra->cur + 1) % WM_READAHEAD_BUFS;
		}
		sem_wait_intr(&ra->filled);
		n = ra->len[ra->cur];
		*p = ra->buf[ra->cur];
		ra->held = true;
	}
	ra->done = n <= 0;
	ra->last = n;
	return n;
}

void wm_readahead_close(struct wm_readahead *ra)
{
	if (ra->threaded) {
		/* a reader between chunks wakes, sees stop, and ends */
		__atomic_store_n(&ra->stop, 1, __ATOMIC_RELEASE);
		sem_post(&ra->freed);
		pthread_join(ra->thread, NULL);
		sem_destroy(&ra->filled);
		sem_destroy(&ra->freed);
		ra->threaded = false;
	}
	free_buffers(ra);
}
