// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The floor for benchmark 1: what one tick of `wmtune watch` cannot avoid
 * doing with the kernel's files, and nothing else. It opens the files a
 * watch tick reads (WM_OBS_TICK in lib/observe.h: zoneinfo,
 * min_free_kbytes, watermark_scale_factor, vmstat, pressure/memory; a
 * missing optional one is skipped, as the observer does; not meminfo,
 * which watch reads only on kernels before 3.8, whose zoneinfo has no
 * "managed": wm_tick_files() in lib/tick.h) and /dev/kmsg non-blocking,
 * then N times: pread each file from offset 0 into its own buffer, and
 * read /dev/kmsg until EAGAIN (the first pass drains the ring buffer, as
 * watch's does).
 *
 * Each pread asks for the count watch asks for (lib/buf.c), so that the
 * kernel does the same work: for a file made whole at every read (the
 * sysctls, pressure/memory: wm_buf_pread_whole()) one less than
 * the smallest power of two, at least 4096, above the file's size; for
 * the multi-record seq_files (zoneinfo, vmstat: wm_buf_pread_ended())
 * one less than the smallest power of two, at least 8192, above the
 * size (watch's buffer settles there, or one size up when its first
 * read needed a second, at the end offset: a seq_file's work does not
 * depend on a count above the file's size). Either way one pread
 * returns all of the file. The count matters for a sysctl: its read
 * allocates and zeroes a kernel buffer one byte larger than the count
 * asked for (proc_sys_call_handler), so a floor that asked for 256 KiB
 * of a 6-byte file would be no floor.
 *
 * usage: floor N [eof|files]
 *   eof:   also pread zoneinfo and vmstat once more at the end offset,
 *          as watch did before it knew where they end (lib/seqend.h)
 *          and still does where it cannot know (to split the ratio, not
 *          the floor).
 *   files: time each file's pread in CPU time of the thread
 *          (CLOCK_THREAD_CPUTIME_ID: immune to other load, but a system
 *          call itself) and print the mean per file, to see which
 *          files the floor is made of.
 * Prints "ticks N bytes B files F" on stdout; the caller times the process.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * Keep in step with WM_OBS_TICK (lib/observe.h): the same files, same
 * order; whole: read with wm_buf_pread_whole() (lib/observe.c).
 */
static const struct {
	const char *path;
	int whole;
} files[] = {
	{ "/proc/zoneinfo", 0 },
	{ "/proc/sys/vm/min_free_kbytes", 1 },
	{ "/proc/sys/vm/watermark_scale_factor", 1 },
	{ "/proc/vmstat", 0 },
	{ "/proc/pressure/memory", 1 },
};
#define NPATHS (sizeof(files) / sizeof(files[0]))

/* only to learn each file's size at start */
static char probe[1 << 20];
static char rec[8192];
static char *buf[NPATHS];
static size_t count[NPATHS];
static unsigned long long nsec[NPATHS];

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL +
	       (unsigned long long)ts.tv_nsec;
}

/* The count watch asks for of a file of n bytes (see the top). */
static size_t watch_count(size_t n, int whole)
{
	size_t c = whole ? 4096 : 8192, want = whole ? n + 1 : n;

	while (c <= want)
		c *= 2;
	return c - 1;
}

/* Open files[i] and size its buffer; -1 if it is not there. */
static int open_sized(unsigned i)
{
	int fd = open(files[i].path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = pread(fd, probe, sizeof(probe), 0);
	if (n < 0 || (size_t)n == sizeof(probe)) {
		fprintf(stderr, "floor: %s: cannot size it\n", files[i].path);
		exit(1);
	}
	count[i] = watch_count((size_t)n, files[i].whole);
	buf[i] = malloc(count[i]);
	if (!buf[i]) {
		perror("malloc");
		exit(1);
	}
	return fd;
}

static ssize_t read_one(unsigned i, int fd, int eof, int timed)
{
	unsigned long long t0 = timed ? now_ns() : 0;
	ssize_t n = pread(fd, buf[i], count[i], 0);

	if (n < 0 || (size_t)n == count[i]) {
		fprintf(stderr, "floor: %s: %s\n", files[i].path,
			n < 0 ? strerror(errno) : "grew past its buffer");
		exit(1);
	}
	if (eof && !files[i].whole &&
	    pread(fd, buf[i], count[i] - (size_t)n, n) != 0) {
		fprintf(stderr, "floor: %s: no end of file\n", files[i].path);
		exit(1);
	}
	if (timed)
		nsec[i] += now_ns() - t0;
	return n;
}

static unsigned long long drain_kmsg(int fd)
{
	unsigned long long n = 0;

	for (;;) {
		ssize_t r = read(fd, rec, sizeof(rec));

		if (r > 0) {
			n += (unsigned long long)r;
			continue;
		}
		if (r < 0 && (errno == EPIPE || errno == EINTR))
			continue;
		return n;  /* EAGAIN: nothing more now */
	}
}

int main(int argc, char **argv)
{
	int fd[NPATHS], kfd;
	unsigned long long ticks, t, bytes = 0;
	unsigned i, nfiles = 0;
	int eof, timed;
	char *end;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: floor N [eof|files]\n");
		return 64;
	}
	ticks = strtoull(argv[1], &end, 10);
	if (*end || ticks == 0) {
		fprintf(stderr, "floor: bad N '%s'\n", argv[1]);
		return 64;
	}
	eof = argc == 3 && strcmp(argv[2], "eof") == 0;
	timed = argc == 3 && strcmp(argv[2], "files") == 0;
	if (argc == 3 && !eof && !timed) {
		fprintf(stderr, "floor: unknown mode '%s'\n", argv[2]);
		return 64;
	}
	for (i = 0; i < NPATHS; i++) {
		fd[i] = open_sized(i);
		if (fd[i] >= 0)
			nfiles++;
		else if (i < 2) {
			perror(files[i].path);
			return 1;
		}
	}
	kfd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kfd < 0) {
		perror("/dev/kmsg");
		return 1;
	}
	for (t = 0; t < ticks; t++) {
		for (i = 0; i < NPATHS; i++)
			if (fd[i] >= 0)
				bytes += (unsigned long long)read_one(i, fd[i], eof, timed);
		bytes += drain_kmsg(kfd);
	}
	printf("ticks %llu bytes %llu files %u\n", ticks, bytes, nfiles);
	for (i = 0; timed && i < NPATHS; i++)
		if (fd[i] >= 0)
			printf("file %s count %zu mean_ns %llu\n",
			       files[i].path, count[i], nsec[i] / ticks);
	return 0;
}
