// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Read-ahead (lib/readahead.h): the same bytes in the same order as
 * read(2), with and without the reader thread, for files of every size
 * around the chunk and the ring of buffers; which mode AUTO picks; read
 * errors after data; and a close in the middle of a file, which must
 * stop the reader (a hang here ends the test by the alarm in main(), a
 * leak is ASan's or valgrind's to find); the work the reader does on each
 * chunk, seen by the caller with the chunk.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unit.h"
#include "readahead.h"

static const enum wm_readahead_mode modes[] = {
	WM_READAHEAD_PLAIN, WM_READAHEAD_THREAD, WM_READAHEAD_AUTO,
};

static void open_ok(struct wm_readahead *ra, int fd, size_t chunk,
		    enum wm_readahead_mode mode)
{
	assert_int_equal(wm_readahead_open(ra, fd, chunk, mode), 0);
}

/* An unlinked regular file holding data[0..n), at offset 0. */
static int file_with(const char *data, size_t n)
{
	char path[] = "/tmp/wmtune-readahead-XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

static char *random_bytes(size_t n, unsigned seed)
{
	char *p = malloc(n ? n : 1);
	size_t i;

	assert_non_null(p);
	srand(seed);
	for (i = 0; i < n; i++)
		p[i] = (char)(rand() & 0xff);
	return p;
}

/*
 * Read fd to its end through a read-ahead: every chunk at most chunk
 * bytes, appended to out (which must hold the whole file); the total.
 */
static size_t read_through(int fd, size_t chunk, enum wm_readahead_mode mode,
			   char *out, size_t room)
{
	struct wm_readahead ra;
	const char *p;
	size_t got = 0;
	long n;

	open_ok(&ra, fd, chunk, mode);
	while ((n = wm_readahead_next(&ra, &p)) > 0) {
		assert_true((size_t)n <= chunk);
		assert_true(got + (size_t)n <= room);
		memcpy(out + got, p, (size_t)n);
		got += (size_t)n;
	}
	assert_int_equal(n, 0);
	assert_int_equal(wm_readahead_next(&ra, &p), 0); /* and it stays */
	wm_readahead_close(&ra);
	return got;
}

/* Sizes around one chunk, two, and the whole ring of buffers. */
static void test_same_bytes(void **state)
{
	static const size_t chunks[] = { 1, 7, 64, 4096 };
	size_t c, k, m;

	(void)state;
	for (c = 0; c < WM_ARRAY_SIZE(chunks); c++) {
		size_t ch = chunks[c];
		size_t sizes[] = {
			0, 1, ch - 1, ch, ch + 1, 2 * ch, 2 * ch + 1,
			WM_READAHEAD_BUFS * ch, WM_READAHEAD_BUFS * ch + 1,
			(WM_READAHEAD_BUFS + 3) * ch + ch / 2,
			ch >= 64 ? 70000 : 3000,
		};

		for (k = 0; k < WM_ARRAY_SIZE(sizes); k++) {
			size_t n = sizes[k];
			char *data = random_bytes(n, (unsigned)(n * 31 + ch));
			char *out = malloc(n + 1);

			assert_non_null(out);
			for (m = 0; m < WM_ARRAY_SIZE(modes); m++) {
				int fd = file_with(data, n);

				memset(out, 0, n + 1);
				assert_int_equal(read_through(fd, ch, modes[m],
							      out, n), n);
				if (memcmp(out, data, n) != 0)
					fail_msg("chunk %zu size %zu mode %d: "
						 "bytes differ", ch, n, m);
				close(fd);
			}
			free(out);
			free(data);
		}
	}
}

/* The file is read from where its offset stands, as read(2) would. */
static void test_from_offset(void **state)
{
	char *data = random_bytes(20000, 7), out[20000];
	size_t m;

	(void)state;
	for (m = 0; m < WM_ARRAY_SIZE(modes); m++) {
		int fd = file_with(data, 20000);

		assert_int_equal(lseek(fd, 1234, SEEK_SET), 1234);
		assert_int_equal(read_through(fd, 1000, modes[m], out,
					      sizeof(out)), 20000 - 1234);
		assert_memory_equal(out, data + 1234, 20000 - 1234);
		close(fd);
	}
	free(data);
}

static bool several_cpus(void)
{
	cpu_set_t set;

	return sched_getaffinity(0, sizeof(set), &set) == 0 &&
	       CPU_COUNT(&set) > 1;
}

/* AUTO: a thread only for a regular file of more than two chunks. */
static void test_auto_choice(void **state)
{
	struct wm_readahead ra;
	char *data = random_bytes(10000, 3);
	int fd, pfd[2];

	(void)state;
	fd = file_with(data, 10000);
	open_ok(&ra, fd, 4096, WM_READAHEAD_AUTO);
	assert_int_equal(ra.threaded, several_cpus());
	wm_readahead_close(&ra);
	open_ok(&ra, fd, 5000, WM_READAHEAD_AUTO);
	assert_false(ra.threaded);	/* 10000 bytes: two chunks */
	wm_readahead_close(&ra);
	open_ok(&ra, fd, 4096, WM_READAHEAD_PLAIN);
	assert_false(ra.threaded);
	wm_readahead_close(&ra);
	close(fd);

	assert_int_equal(pipe(pfd), 0);	/* could block for ever */
	open_ok(&ra, pfd[0], 1, WM_READAHEAD_AUTO);
	assert_false(ra.threaded);
	wm_readahead_close(&ra);
	close(pfd[0]);
	close(pfd[1]);
	free(data);
}

/*
 * A read error after data: the data first, then -errno, on every call
 * after too. A Unix socket whose peer closed with unread data gives
 * ECONNRESET once drained; a directory gives EISDIR at once.
 */
static void test_errors(void **state)
{
	static const char text[] = "some bytes before the error\n";
	struct wm_readahead ra;
	const char *p;
	size_t m;
	int sv[2], dir;

	(void)state;
	for (m = 0; m < 2; m++) {	/* plain and thread */
		assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
		assert_int_equal(write(sv[1], text, sizeof(text) - 1),
				 (ssize_t)sizeof(text) - 1);
		assert_int_equal(write(sv[0], "x", 1), 1); /* unread by sv[1] */
		close(sv[1]);
		open_ok(&ra, sv[0], 4096, modes[m]);
		assert_int_equal(ra.threaded, m == 1);
		assert_int_equal(wm_readahead_next(&ra, &p),
				 (long)sizeof(text) - 1);
		assert_memory_equal(p, text, sizeof(text) - 1);
		assert_int_equal(wm_readahead_next(&ra, &p), -ECONNRESET);
		assert_int_equal(wm_readahead_next(&ra, &p), -ECONNRESET);
		wm_readahead_close(&ra);
		close(sv[0]);

		dir = open("/", O_RDONLY | O_DIRECTORY);
		assert_true(dir >= 0);
		open_ok(&ra, dir, 4096, modes[m]);
		assert_int_equal(wm_readahead_next(&ra, &p), -EISDIR);
		wm_readahead_close(&ra);
		close(dir);
	}
}

/*
 * Closed mid-file, at every point of the first chunks and before any
 * next(): the reader stops (it may have read one chunk more), close()
 * returns, nothing is left behind.
 */
static void test_close_early(void **state)
{
	char *data = random_bytes(1 << 20, 5);
	struct wm_readahead ra;
	const char *p;
	int fd, taken, i;

	(void)state;
	fd = file_with(data, 1 << 20);
	for (taken = 0; taken < 6; taken++) {
		assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
		open_ok(&ra, fd, 4096, WM_READAHEAD_THREAD);
		assert_true(ra.threaded);
		for (i = 0; i < taken; i++) {
			assert_int_equal(wm_readahead_next(&ra, &p), 4096);
			assert_memory_equal(p, data + 4096 * i, 4096);
		}
		wm_readahead_close(&ra);
		assert_null(ra.buf[0]);
		/* the reader was at most a ring of buffers ahead */
		assert_true(lseek(fd, 0, SEEK_CUR) <=
			    4096 * (taken + WM_READAHEAD_BUFS));
	}
	close(fd);
	free(data);
}

/* What the reader's work saw of each chunk, per buffer of the ring. */
struct seen {
	unsigned calls;
	bool bad;	/* a slot out of the ring (no cmocka in the reader) */
	struct {
		const char *buf;
		size_t len;
		unsigned nr;	/* the chunk's number in the file */
		uint32_t sum;
	} slot[WM_READAHEAD_BUFS];
};

static uint32_t sum(const char *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ (unsigned char)*p++) * 16777619u;
	return h;
}

static void work(void *arg, unsigned slot, const char *buf, size_t len)
{
	struct seen *s = arg;

	if (slot >= WM_READAHEAD_BUFS) {
		s->bad = true;
		return;
	}
	s->slot[slot].buf = buf;
	s->slot[slot].len = len;
	s->slot[slot].nr = s->calls++;
	s->slot[slot].sum = sum(buf, len);
}

/*
 * The reader's work: done on every chunk, before the caller takes it,
 * for the buffer wm_readahead_slot() names, and what it wrote is there
 * (this chunk's, not the one before in that buffer); never without the
 * thread. Chunks of a few bytes make the reader run the ring full.
 */
static void test_work(void **state)
{
	char *data = random_bytes(100000, 9);
	struct wm_readahead ra;
	struct seen s;
	const char *p;
	unsigned nr, m, k;
	long n;
	int fd;

	(void)state;
	fd = file_with(data, 100000);
	for (m = 0; m < 2; m++) {	/* plain and thread */
		memset(&s, 0, sizeof(s));
		assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
		assert_int_equal(wm_readahead_open_work(&ra, fd, 100, modes[m],
							work, &s), 0);
		assert_int_equal(ra.threaded, m == 1);
		for (nr = 0; (n = wm_readahead_next(&ra, &p)) > 0; nr++) {
			if (!ra.threaded)
				continue;
			k = wm_readahead_slot(&ra);
			assert_ptr_equal(s.slot[k].buf, p);
			assert_int_equal(s.slot[k].len, n);
			assert_int_equal(s.slot[k].nr, nr);
			assert_int_equal(s.slot[k].sum, sum(p, (size_t)n));
			assert_memory_equal(p, data + 100 * nr, (size_t)n);
		}
		assert_int_equal(n, 0);
		assert_int_equal(nr, 1000);
		wm_readahead_close(&ra);
		assert_int_equal(s.calls, m == 1 ? 1000 : 0);
		assert_false(s.bad);
	}
	close(fd);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_bytes),
		cmocka_unit_test(test_from_offset),
		cmocka_unit_test(test_auto_choice),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_close_early),
		cmocka_unit_test(test_work),
	};

	alarm(120);	/* a reader never stopped hangs close(): fail instead */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
