// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The floor for benchmark 2: how long the kernel itself takes to wake a
 * reader that sleeps in poll(2) on /dev/kmsg after a record is written,
 * with no wmtune in the way. A child polls /dev/kmsg (from the end of the
 * log) and stamps CLOCK_MONOTONIC when poll returns; the parent writes an
 * informational record ("<6>wmtune-bench: wake probe N", not a failure)
 * and waits for the stamp. The gap between records is 5 to 15 ms, varied,
 * so that the writes fall at every phase of the scheduler tick.
 *
 * usage: kmsgwake N [TRACE_PIPE]
 * One line per record on stdout: microseconds from write(2) to the
 * reader's wake-up. (printk wakes /dev/kmsg readers from a lazy irq_work,
 * which runs at the next timer tick: up to 1/HZ.)
 *
 * With TRACE_PIPE (the trace_pipe of a tracing instance whose
 * printk:console event is enabled, as watch's is: lib/wakehint.h) the
 * reader sleeps on that instead, and once woken reads /dev/kmsg; it
 * counts on stderr the wake-ups that found the record not yet readable.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct shared {
	volatile uint64_t woken;	/* records the reader has seen */
	volatile uint64_t at_ns[];	/* when, per record */
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void reader(struct shared *sh, unsigned long n, const char *pipe)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	int wait_fd = pipe ? open(pipe, O_RDONLY | O_NONBLOCK | O_CLOEXEC) : fd;
	static char rec[8192];
	unsigned long i, early = 0;

	if (fd < 0 || wait_fd < 0 || lseek(fd, 0, SEEK_END) < 0)
		_exit(1);
	while (pipe && read(wait_fd, rec, sizeof(rec)) > 0)
		;
	for (i = 0; i < n; i++) {
		struct pollfd p = { .fd = wait_fd, .events = POLLIN };
		uint64_t t;
		bool got = false;

		if (poll(&p, 1, 5000) <= 0)
			_exit(2);
		t = now_ns();
		while (pipe && read(wait_fd, rec, sizeof(rec)) > 0)
			;
		while (read(fd, rec, sizeof(rec)) > 0 || errno == EPIPE)
			got = true;
		early += !got;
		sh->at_ns[i] = t;
		__atomic_store_n(&sh->woken, i + 1, __ATOMIC_RELEASE);
	}
	if (pipe)
		fprintf(stderr, "kmsgwake: %lu of %lu wake-ups before the record "
			"was readable\n", early, n);
	_exit(0);
}

int main(int argc, char **argv)
{
	struct shared *sh;
	unsigned long n, i;
	int status;
	char *end;
	pid_t pid;

	if (argc < 2 || argc > 3 || (n = strtoul(argv[1], &end, 10)) == 0 ||
	    *end || n > 100000) {
		fprintf(stderr, "usage: kmsgwake N (1..100000) [TRACE_PIPE]\n");
		return 64;
	}
	sh = mmap(NULL, sizeof(*sh) + n * sizeof(uint64_t),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror("kmsgwake: mmap");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("kmsgwake: fork");
		return 1;
	}
	if (pid == 0)
		reader(sh, n, argc == 3 ? argv[2] : NULL);
	sleep_us(100000);	/* the reader is in poll() */
	srand((unsigned)getpid());
	for (i = 0; i < n; i++) {
		int fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
		char msg[64];
		int len = snprintf(msg, sizeof(msg),
				   "<6>wmtune-bench: wake probe %lu\n", i);
		uint64_t t0, deadline;

		if (fd < 0) {
			perror("kmsgwake: /dev/kmsg");
			return 1;
		}
		t0 = now_ns();
		if (write(fd, msg, (size_t)len) != len) {
			perror("kmsgwake: write");
			return 1;
		}
		deadline = t0 + 2000000000u;
		while (__atomic_load_n(&sh->woken, __ATOMIC_ACQUIRE) <= i)
			if (now_ns() > deadline) {
				fprintf(stderr, "kmsgwake: reader did not wake\n");
				return 1;
			}
		close(fd);
		printf("%llu\n", (unsigned long long)(sh->at_ns[i] - t0) / 1000);
		sleep_us(5000 + rand() % 10000);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "kmsgwake: the reader failed\n");
		return 1;
	}
	return 0;
}
