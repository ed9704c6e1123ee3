// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "lock.h"

static char dir[64];
static char state_path[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/wmtune-lock-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(state_path, sizeof(state_path), "%s/var/lib/wmtune/state.json",
		 dir);
	return 0;
}

static int teardown(void **state)
{
	char p[256];

	(void)state;
	snprintf(p, sizeof(p), "%s.lock", state_path);
	unlink(p);
	snprintf(p, sizeof(p), "%s/var/lib/wmtune", dir);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/var/lib", dir);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/var", dir);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/evil", dir);
	unlink(p);
	rmdir(dir);
	return 0;
}

static void lock_content(char *buf, size_t size)
{
	char p[256];
	ssize_t n;
	int fd;

	snprintf(p, sizeof(p), "%s.lock", state_path);
	fd = open(p, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, buf, size - 1);
	close(fd);
	assert_true(n >= 0);
	buf[n] = '\0';
}

static void test_acquire_release(void **state)
{
	struct wm_lock l, again;
	char buf[32], want[32];
	pid_t holder = -1;

	(void)state;
	/* the directories do not exist yet */
	assert_int_equal(wm_lock_acquire(&l, state_path, &holder), 0);
	assert_int_equal(holder, 0);
	assert_true(l.fd >= 0);
	assert_true(strstr(l.path, "state.json.lock") != NULL);
	lock_content(buf, sizeof(buf));
	snprintf(want, sizeof(want), "%ld\n", (long)getpid());
	assert_string_equal(buf, want);
	/* flock is per open file: a second open in this process conflicts */
	assert_int_equal(wm_lock_acquire(&again, state_path, &holder),
			 -EWOULDBLOCK);
	assert_int_equal(holder, getpid());
	assert_int_equal(again.fd, -1);
	wm_lock_release(&again); /* harmless */
	wm_lock_release(&l);
	assert_int_equal(l.fd, -1);
	wm_lock_release(&l);
	assert_int_equal(wm_lock_acquire(&again, state_path, NULL), 0);
	wm_lock_release(&again);
}

/* A child holds the lock; the parent is refused and told the child's pid. */
static void test_contention(void **state)
{
	struct wm_lock l;
	pid_t child, holder = 0;
	int ready[2], done[2], status;
	char c;

	(void)state;
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(done), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct wm_lock mine;

		close(ready[0]);
		close(done[1]);
		c = wm_lock_acquire(&mine, state_path, NULL) == 0 ? 'y' : 'n';
		if (write(ready[1], &c, 1) != 1)
			_exit(2);
		/* hold it until the parent has looked */
		if (read(done[0], &c, 1) < 0)
			_exit(3);
		wm_lock_release(&mine);
		_exit(0);
	}
	close(ready[1]);
	close(done[0]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(c, 'y');
	assert_int_equal(wm_lock_acquire(&l, state_path, &holder), -EWOULDBLOCK);
	assert_int_equal(holder, child);
	assert_int_equal(write(done[1], "x", 1), 1);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* the holder is gone: the lock is free, the file names us now */
	assert_int_equal(wm_lock_acquire(&l, state_path, &holder), 0);
	wm_lock_release(&l);
	close(ready[0]);
	close(done[1]);
}

/* A holder killed without cleaning up leaves no stale lock. */
static void test_killed_holder(void **state)
{
	struct wm_lock l;
	pid_t child, holder = 0;
	int ready[2], status;
	char c;

	(void)state;
	assert_int_equal(pipe(ready), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct wm_lock mine;

		c = wm_lock_acquire(&mine, state_path, NULL) == 0 ? 'y' : 'n';
		if (write(ready[1], &c, 1) != 1)
			_exit(2);
		pause();
		_exit(0);
	}
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(c, 'y');
	assert_int_equal(wm_lock_acquire(&l, state_path, &holder), -EWOULDBLOCK);
	assert_int_equal(holder, child);
	kill(child, SIGKILL);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_int_equal(wm_lock_acquire(&l, state_path, &holder), 0);
	wm_lock_release(&l);
	close(ready[0]);
	close(ready[1]);
}

static void test_refuses_link(void **state)
{
	struct wm_lock l;
	char p[256], target[256];

	(void)state;
	snprintf(target, sizeof(target), "%s/evil", dir);
	snprintf(state_path, sizeof(state_path), "%s/st", dir);
	snprintf(p, sizeof(p), "%s/st.lock", dir);
	assert_int_equal(symlink(target, p), 0);
	assert_int_equal(wm_lock_acquire(&l, state_path, NULL), -ELOOP);
	assert_int_equal(access(target, F_OK), -1); /* nothing created there */
	unlink(p);
	snprintf(state_path, sizeof(state_path), "%s/var/lib/wmtune/state.json",
		 dir);
}

static void test_parse_pid(void **state)
{
	pid_t pid = 0;

	(void)state;
	assert_int_equal(wm_lock_parse_pid("1234\n", 5, &pid), 0);
	assert_int_equal(pid, 1234);
	assert_int_equal(wm_lock_parse_pid("", 0, &pid), -EINVAL);
	assert_int_equal(wm_lock_parse_pid("0\n", 2, &pid), -EINVAL);
	assert_int_equal(wm_lock_parse_pid("12x\n", 4, &pid), -EINVAL);
	assert_int_equal(wm_lock_parse_pid("99999999999999999999\n", 21, &pid),
			 -EINVAL);
	assert_int_equal(wm_lock_parse_pid("4194305\n", 8, &pid), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_acquire_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_contention, setup, teardown),
		cmocka_unit_test_setup_teardown(test_killed_holder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_link, setup, teardown),
		cmocka_unit_test(test_parse_pid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
