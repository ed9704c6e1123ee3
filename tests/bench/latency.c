// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Benchmark 2, the probe: how long from the write(2) of one
 * allocation-failure record to /dev/kmsg until a running `wmtune watch`
 * has changed /proc/sys/vm/min_free_kbytes.
 *
 * usage: latency N GAP_MS [TIMEOUT_MS]
 *
 * N times: read the sysctl (pread on a kept descriptor), open /dev/kmsg,
 * take CLOCK_MONOTONIC, write the record, spin re-reading the sysctl
 * until it differs (yielding the CPU between reads, so that on a small
 * machine the probe does not take the CPU watch needs to react), take
 * CLOCK_MONOTONIC again; then sleep GAP_MS plus 0 to 10 ms, varied, so
 * that watch has saved its state and is back in poll(2) before the next
 * one. The variation matters: the kernel wakes /dev/kmsg readers at its
 * next timer tick, and a fixed gap after a tick-aligned wake-up puts
 * every write at the same phase of the tick (20 ms after a tick, with
 * HZ=250, is always 4 ms before the next one minus watch's work), which
 * measured the worst phase every time: a median of 3.7 ms where the
 * kernel's own floor, probed at every phase, is 2.
 * /dev/kmsg is opened afresh for each record because the kernel rate-limits
 * writes per open file (10 per 5 s, printk_devkmsg=ratelimit); the open
 * is outside the timed span.
 *
 * One line per injection on stdout: "<ns> <old> <new> <t0>", t0 the
 * write's CLOCK_BOOTTIME in microseconds (the clock of watch's JSON log
 * "t_usec", taken when it starts a decision: so the span splits into
 * wake-up and work), or "timeout <old>" when the value did not change
 * within TIMEOUT_MS (default 2000). Exit 0 when every injection was seen,
 * 1 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MFK "/proc/sys/vm/min_free_kbytes"

static const char record[] = "<4>swapper/0: page allocation failure: "
	"order:0, mode:0x820(GFP_ATOMIC), nodemask=(null)\n";

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

/* The sysctl's value, or -1. No allocation, one system call. */
static long long read_mfk(int fd)
{
	char b[32];
	ssize_t n = pread(fd, b, sizeof(b) - 1, 0);
	char *end;
	long long v;

	if (n <= 0)
		return -1;
	b[n] = '\0';
	errno = 0;
	v = strtoll(b, &end, 10);
	if (errno || end == b)
		return -1;
	return v;
}

static unsigned long parse_ul(const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || !*s || *end) {
		fprintf(stderr, "latency: bad %s '%s'\n", what, s);
		exit(64);
	}
	return v;
}

static void sleep_us(unsigned long us)
{
	struct timespec ts = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* One injection; 0 and *ns, or 1 on a timeout. */
static int inject(int mfd, uint64_t timeout_ns, long long old, uint64_t *ns,
		  long long *now, uint64_t *boot_us)
{
	int kfd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	uint64_t t0, t1;

	if (kfd < 0) {
		perror("latency: /dev/kmsg");
		exit(1);
	}
	*boot_us = clock_ns(CLOCK_BOOTTIME) / 1000;
	t0 = now_ns();
	if (write(kfd, record, sizeof(record) - 1) != (ssize_t)sizeof(record) - 1) {
		perror("latency: write /dev/kmsg");
		exit(1);
	}
	do {
		sched_yield();
		*now = read_mfk(mfd);
		t1 = now_ns();
	} while (*now == old && t1 - t0 < timeout_ns);
	close(kfd);
	*ns = t1 - t0;
	return *now == old;
}

int main(int argc, char **argv)
{
	unsigned long n, gap, timeout = 2000, i, missed = 0;
	int mfd;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: latency N GAP_MS [TIMEOUT_MS]\n");
		return 64;
	}
	n = parse_ul(argv[1], "N");
	gap = parse_ul(argv[2], "GAP_MS");
	if (argc == 4)
		timeout = parse_ul(argv[3], "TIMEOUT_MS");
	srand((unsigned)getpid());
	mfd = open(MFK, O_RDONLY | O_CLOEXEC);
	if (mfd < 0) {
		perror("latency: " MFK);
		return 1;
	}
	for (i = 0; i < n; i++) {
		long long old = read_mfk(mfd), now;
		uint64_t ns, boot_us;

		if (old < 0) {
			fprintf(stderr, "latency: cannot read " MFK "\n");
			return 1;
		}
		if (inject(mfd, (uint64_t)timeout * 1000000u, old, &ns, &now,
			   &boot_us)) {
			printf("timeout %lld\n", old);
			missed++;
		} else {
			printf("%" PRIu64 " %lld %lld %" PRIu64 "\n", ns, old,
			       now, boot_us);
		}
		fflush(stdout);
		sleep_us(gap * 1000 + (unsigned long)(rand() % 10000));
	}
	return missed ? 1 : 0;
}
