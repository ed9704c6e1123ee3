// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * labstat: the lab's per-second sampler, run inside the guest.
 *
 *   labstat INTERVAL_MS OUTPUT
 *
 * Every INTERVAL_MS (on an absolute CLOCK_MONOTONIC schedule, so a slow
 * sample does not shift the next) appends one JSON line to OUTPUT: the vm
 * sysctls, the watermarks summed over the zones, free and available
 * memory, the reclaim counters, PSI, and the atomic_burst module's
 * counters (-1 until the module is loaded). Stops on SIGTERM or SIGINT.
 * A C program rather than a shell loop: it forks nothing, so the one
 * guest CPU spends next to no time on the measurement itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ABP "/sys/module/atomic_burst/parameters/"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* Read a small file into buf (NUL-terminated); -1 when unreadable. */
static ssize_t slurp(const char *path, char *buf, size_t size)
{
	ssize_t n, got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((size_t)got < size - 1) {
		n = read(fd, buf + got, size - 1 - (size_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	buf[got] = '\0';
	return got;
}

static long long read_num(const char *path)
{
	char buf[64];

	if (slurp(path, buf, sizeof(buf)) <= 0)
		return -1;
	return strtoll(buf, NULL, 10);
}

/*
 * The value after "key" and sep (' ' or ':') at the start of a line,
 * leading blanks skipped; -1 when absent. sum: add up every such line.
 * zoneinfo needs the separator: "high 1099" is a watermark, "high: 378"
 * a per-cpu list's size.
 */
static long long field(const char *text, const char *key, char sep, int sum)
{
	size_t kl = strlen(key);
	long long total = -1;
	const char *p = text;

	while (p && *p) {
		while (*p == ' ')
			p++;
		if (strncmp(p, key, kl) == 0 && p[kl] == sep) {
			long long v = strtoll(p + kl + 1, NULL, 10);

			total = total < 0 ? v : total + v;
			if (!sum)
				return total;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return total;
}

/* The sum of the counters present (kernels differ in their zones). */
static long long sum4(const char *text, const char *a, const char *b,
		      const char *c, const char *d)
{
	const char *keys[] = { a, b, c, d };
	long long v, total = -1;
	size_t i;

	for (i = 0; i < 4; i++) {
		v = field(text, keys[i], ' ', 0);
		if (v >= 0)
			total = total < 0 ? v : total + v;
	}
	return total;
}

/* "some avg10=1.23 ..." -> 123 (hundredths); -1 when unreadable. */
static long long psi_some10(void)
{
	char buf[256];
	const char *p;

	if (slurp("/proc/pressure/memory", buf, sizeof(buf)) <= 0)
		return -1;
	p = strstr(buf, "some avg10=");
	if (!p)
		return -1;
	p += strlen("some avg10=");
	return strtoll(p, NULL, 10) * 100 + (strchr(p, '.') ?
		strtoll(strchr(p, '.') + 1, NULL, 10) : 0);
}

static double boottime(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sample(FILE *out, char *big, size_t size)
{
	long long wmin = -1, wlow = -1, whigh = -1, boost = -1;
	long long free_pages = -1, stall = -1, pgd = -1, pgk = -1, hitq = -1;
	long long avail = -1, memfree = -1;
	double t = boottime();

	if (slurp("/proc/zoneinfo", big, size) > 0) {
		wmin = field(big, "min", ' ', 1);
		wlow = field(big, "low", ' ', 1);
		whigh = field(big, "high", ' ', 1);
		boost = field(big, "boost", ' ', 1);
	}
	if (slurp("/proc/vmstat", big, size) > 0) {
		free_pages = field(big, "nr_free_pages", ' ', 0);
		stall = sum4(big, "allocstall_dma", "allocstall_dma32",
			     "allocstall_normal", "allocstall_movable");
		pgd = field(big, "pgscan_direct", ' ', 0);
		pgk = field(big, "pgscan_kswapd", ' ', 0);
		hitq = field(big, "kswapd_low_wmark_hit_quickly", ' ', 0);
	}
	if (slurp("/proc/meminfo", big, size) > 0) {
		avail = field(big, "MemAvailable", ':', 0);
		memfree = field(big, "MemFree", ':', 0);
	}
	fprintf(out, "{\"t\":%.3f,\"mfk\":%lld,\"wsf\":%lld,"
		"\"wmin\":%lld,\"wlow\":%lld,\"whigh\":%lld,\"boost\":%lld,"
		"\"free\":%lld,\"memfree_kb\":%lld,\"avail_kb\":%lld,"
		"\"allocstall\":%lld,\"pgscan_direct\":%lld,\"pgscan_kswapd\":%lld,"
		"\"hit_quickly\":%lld,\"psi_some10_x100\":%lld,"
		"\"ok\":%lld,\"fail\":%lld,\"bursts\":%lld,\"fail_bursts\":%lld,"
		"\"burst\":%lld,\"held\":%lld}\n",
		t, read_num("/proc/sys/vm/min_free_kbytes"),
		read_num("/proc/sys/vm/watermark_scale_factor"),
		wmin, wlow, whigh, boost, free_pages, memfree, avail,
		stall, pgd, pgk, hitq, psi_some10(),
		read_num(ABP "ok_pages"), read_num(ABP "fail_pages"),
		read_num(ABP "bursts"), read_num(ABP "fail_bursts"),
		read_num(ABP "cur_burst"), read_num(ABP "held"));
	fflush(out);
}

int main(int argc, char **argv)
{
	static char big[1 << 16];
	struct sigaction sa = { .sa_handler = on_signal };
	struct timespec next;
	long ms;
	FILE *out;

	if (argc != 3 || (ms = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: labstat INTERVAL_MS OUTPUT\n");
		return 64;
	}
	out = fopen(argv[2], "a");
	if (!out) {
		perror(argv[2]);
		return 1;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	clock_gettime(CLOCK_MONOTONIC, &next);
	while (!stop) {
		sample(out, big, sizeof(big));
		next.tv_nsec += (ms % 1000) * 1000000L;
		next.tv_sec += ms / 1000 + next.tv_nsec / 1000000000L;
		next.tv_nsec %= 1000000000L;
		while (!stop && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
						&next, NULL) == EINTR)
			;
	}
	sample(out, big, sizeof(big));
	return fclose(out) ? 1 : 0;
}
