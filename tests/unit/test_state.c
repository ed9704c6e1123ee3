// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "tmpdir.h"
#include "fixture.h"
#include "jsonnum.h"
#include "state.h"

/* This project's VM (tests/fixtures/state/README). */
#define BOOT "fc6212a4-4b11-4a76-9ecd-ca317a2b888a"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/wmtune-state-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	rm_tree(dir);
	return 0;
}

static void add(struct wm_state *s, int64_t at, enum wm_knob k, uint64_t o,
		uint64_t n, const char *reasons, const char *id)
{
	struct wm_action a;

	memset(&a, 0, sizeof(a));
	a.at = at;
	a.knob = k;
	a.old_value = o;
	a.new_value = n;
	snprintf(a.reasons, sizeof(a.reasons), "%s", reasons);
	snprintf(a.suggestion_id, sizeof(a.suggestion_id), "%s", id);
	wm_state_add_action(s, &a);
}

/* The state of tests/fixtures/state/full.json: every field set. */
static void populate(struct wm_state *s)
{
	struct wm_knob_state *m, *w;

	wm_state_init_fresh(s, BOOT, 1795850000);
	m = &s->knob[WM_KNOB_MIN_FREE_KBYTES];
	w = &s->knob[WM_KNOB_WSF];
	m->has_baseline = true;
	m->baseline = 67584;
	m->captured_at = 1795850000;
	m->has_written = true;
	m->last_written = 101376;
	m->written_at = 1795850610;
	m->last_change_usec = 612000000;
	m->last_signal_usec = 611500000;
	m->recall = 101376;
	m->pending_usec = 615000000;
	w->has_baseline = true;
	w->baseline = 10;
	w->captured_at = 1795850000;
	w->last_signal_usec = 300000000;
	w->last_decay_usec = 900000000;
	s->cursor_valid = true;
	s->kmsg_seq = 345;
	s->failures_seen = 60;
	add(s, 1795850610, WM_KNOB_MIN_FREE_KBYTES, 67584, 101376,
	    "atomic_failures", "3f9c2a7d41e0b865");
	add(s, 1795851210, WM_KNOB_WSF, 10, 150, "kswapd_late,low_headroom", "");
}

static void test_fresh(void **state)
{
	struct wm_state s;

	(void)state;
	wm_state_init_fresh(&s, BOOT, 1795850000);
	assert_string_equal(s.boot_id, BOOT);
	assert_int_equal(s.created_at, 1795850000);
	assert_false(s.knob[WM_KNOB_MIN_FREE_KBYTES].has_baseline);
	assert_false(s.knob[WM_KNOB_WSF].has_written);
	assert_false(s.cursor_valid);
	assert_int_equal(s.n_actions, 0);
	assert_false(wm_state_is_stale(&s, BOOT));
	assert_true(wm_state_is_stale(&s, "3b5e1c0a-9d2f-4e61-8a7b-2c4d6e8f0a1b"));
	assert_string_equal(wm_knob_name(WM_KNOB_WSF), "watermark_scale_factor");
	assert_string_equal(wm_knob_sysctl(WM_KNOB_MIN_FREE_KBYTES),
			    "vm.min_free_kbytes");
}

/* parse(to_json(x)) == x, and to_json(x) is exactly the fixture. */
static void test_round_trip(void **state)
{
	struct wm_state s, back;
	struct wm_buf out = { 0 }, fix = { 0 };
	struct wm_parse_error err = { 0 };

	(void)state;
	memset(&s, 0, sizeof(s));
	populate(&s);
	assert_int_equal(wm_state_to_json_string(&s, &out), 0);
	wm_test_load(&fix, "state/full.json");
	assert_string_equal(out.data, fix.data);
	assert_int_equal(wm_state_parse(out.data, out.len, &back, &err), 0);
	assert_memory_equal(&s, &back, sizeof(s));
	assert_int_equal(back.knob[WM_KNOB_MIN_FREE_KBYTES].last_written, 101376);
	assert_string_equal(back.actions[1].reasons, "kswapd_late,low_headroom");
	assert_int_equal(back.actions[1].knob, WM_KNOB_WSF);
	/* extremes survive too */
	s.kmsg_seq = UINT64_MAX - 1;
	s.failures_seen = (uint64_t)INT64_MAX + 1;
	s.knob[WM_KNOB_WSF].last_decay_usec = UINT64_MAX - 1;
	s.actions[0].at = INT64_MAX;
	s.created_at = -1;
	assert_int_equal(wm_state_to_json_string(&s, &out), 0);
	assert_int_equal(wm_state_parse(out.data, out.len, &back, &err), 0);
	assert_memory_equal(&s, &back, sizeof(s));
	wm_buf_free(&out);
	wm_buf_free(&fix);
}

/* A file written by 0.1.0, before recall and pending_usec: both read as 0. */
static void test_reads_0_1_0(void **state)
{
	struct wm_state s, old;
	struct wm_buf fix = { 0 };
	struct wm_parse_error err = { 0 };

	(void)state;
	memset(&s, 0, sizeof(s));
	populate(&s);
	s.knob[WM_KNOB_MIN_FREE_KBYTES].recall = 0;
	s.knob[WM_KNOB_MIN_FREE_KBYTES].pending_usec = 0;
	wm_test_load(&fix, "state/v0.1.0.json");
	assert_null(strstr(fix.data, "recall"));
	assert_int_equal(wm_state_parse(fix.data, fix.len, &old, &err), 0);
	assert_memory_equal(&s, &old, sizeof(s));
	wm_buf_free(&fix);
}

/* Digit runs past 2^64 are found outside strings only. */
static void test_json_overflow_at(void **state)
{
	static const char ok[] = "{\"a\":18446744073709551615,\"s\":\"99999999999999999999\"}";
	static const char esc[] = "{\"s\":\"\\\"99999999999999999999\",\"n\":1}";
	static const char big[] = "{\"a\":1,\"b\":18446744073709551616}";

	(void)state;
	assert_int_equal(wm_json_overflow_at(ok, strlen(ok)), -1);
	assert_int_equal(wm_json_overflow_at(esc, strlen(esc)), -1);
	assert_int_equal(wm_json_overflow_at(big, strlen(big)), 11);
	/* an unterminated string hides the rest, as json-c would reject it */
	assert_int_equal(wm_json_overflow_at("\"1", 2), -1);
}

static void test_actions_ring(void **state)
{
	struct wm_state s, back;
	struct wm_buf out = { 0 };
	struct wm_parse_error err = { 0 };
	int i;

	(void)state;
	wm_state_init_fresh(&s, BOOT, 0);
	for (i = 0; i < 40; i++)
		add(&s, 1000 + i, WM_KNOB_MIN_FREE_KBYTES, (uint64_t)i,
		    (uint64_t)i + 1, "atomic_failures", "");
	assert_int_equal(s.n_actions, WM_STATE_ACTIONS);
	assert_int_equal(s.actions[0].at, 1008); /* the 8 oldest dropped */
	assert_int_equal(s.actions[31].at, 1039);
	assert_int_equal(wm_state_to_json_string(&s, &out), 0);
	assert_int_equal(wm_state_parse(out.data, out.len, &back, &err), 0);
	assert_int_equal(back.n_actions, 32);
	assert_int_equal(back.actions[31].new_value, 40);
	wm_buf_free(&out);
}

static void test_refuses_unwritable(void **state)
{
	struct wm_state s;
	struct wm_buf out = { 0 };

	(void)state;
	wm_state_init_fresh(&s, "not-a-boot-id", 0);
	assert_int_equal(wm_state_to_json_string(&s, &out), -EINVAL);
	wm_state_init_fresh(&s, BOOT, 0);
	add(&s, 1, WM_KNOB_COUNT, 1, 2, "", "");
	assert_int_equal(wm_state_to_json_string(&s, &out), -EINVAL);
	wm_buf_free(&out);
}

static void expect_corrupt(const char *fixture, const char *msg,
			   unsigned long line)
{
	struct wm_buf b = { 0 };
	struct wm_parse_error err = { 0 };
	struct wm_state s;

	wm_test_load(&b, fixture);
	assert_int_equal(wm_state_parse(b.data, b.len, &s, &err), -EBADMSG);
	assert_string_equal(err.msg, msg);
	assert_int_equal(err.line, line);
	assert_int_equal(s.boot_id[0], '\0'); /* never half-filled */
	wm_buf_free(&b);
}

static void test_corrupt_fixtures(void **state)
{
	(void)state;
	expect_corrupt("state/corrupt-wrong-type.json",
		       "knobs.min_free_kbytes.baseline.value: expected a whole number", 0);
	expect_corrupt("state/corrupt-no-schema.json", "schema: missing", 0);
	expect_corrupt("state/corrupt-schema-2.json",
		       "schema: unsupported version", 0);
	expect_corrupt("state/corrupt-negative.json",
		       "kmsg.seq: must not be negative", 0);
	expect_corrupt("state/corrupt-overflow.json", "number out of range", 34);
	expect_corrupt("state/corrupt-float.json",
		       "actions.0.old: expected a whole number", 0);
	expect_corrupt("state/corrupt-boot-id.json",
		       "boot_id: not a boot id (UUID)", 0);
	expect_corrupt("state/corrupt-unknown-knob.json",
		       "actions.1.knob: unknown knob", 0);
	expect_corrupt("state/corrupt-missing-knob.json",
		       "knobs.watermark_scale_factor: missing", 0);
	expect_corrupt("state/corrupt-trailing.json",
		       "invalid JSON: unexpected character", 54);
	expect_corrupt("state/corrupt-truncated.json",
		       "truncated JSON document", 31);
}

static int parse_str(const char *text, struct wm_parse_error *err)
{
	struct wm_state s;

	return wm_state_parse(text, strlen(text), &s, err);
}

static void test_corrupt_inline(void **state)
{
	struct wm_parse_error err = { 0 };
	struct wm_buf b = { 0 };
	struct wm_state s;
	char *big;
	size_t i;

	(void)state;
	assert_int_equal(parse_str("", &err), -EBADMSG);
	assert_int_equal(parse_str("[]", &err), -EBADMSG);
	assert_string_equal(err.msg, "document: expected an object");
	assert_int_equal(parse_str("{}", &err), -EBADMSG);
	assert_string_equal(err.msg, "schema: missing");
	assert_int_equal(parse_str("{\"schema\":\"1\"}", &err), -EBADMSG);
	assert_string_equal(err.msg, "schema: expected a whole number");
	assert_int_equal(parse_str("{'schema':1}", &err), -EBADMSG);
	/* NUL inside the buffer */
	assert_int_equal(wm_state_parse("{\n\0}", 4, &s, &err), -EBADMSG);
	assert_string_equal(err.msg, "NUL byte in the file");
	assert_int_equal(err.line, 2);
	/* a string escape must not hide a quote from the number check */
	assert_int_equal(parse_str("{\"schema\":1,\"boot_id\":\"\\\"99999999999999999999\"}",
				   &err), -EBADMSG);
	assert_string_equal(err.msg, "boot_id: not a boot id (UUID)");
	/* 33 actions, a too-long reason */
	wm_test_load(&b, "state/full.json");
	big = malloc(b.len + 200000);
	assert_non_null(big);
	memcpy(big, b.data, b.len + 1);
	{
		char *p = strstr(big, "\"atomic_failures\"");
		size_t tail = strlen(p + 1);

		memmove(p + 1 + 300, p + 1, tail + 1);
		memset(p + 1, 'r', 300);
		assert_int_equal(parse_str(big, &err), -EBADMSG);
		assert_string_equal(err.msg, "actions.0.reasons: string too long");
	}
	memcpy(big, b.data, b.len + 1);
	{
		char *p = strstr(big, "\"actions\": [") + strlen("\"actions\": [");
		size_t tail = strlen(p), n = strlen("{},");

		memmove(p + 33 * n, p, tail + 1);
		for (i = 0; i < 33; i++)
			memcpy(p + i * n, "{},", n);
		assert_int_equal(parse_str(big, &err), -EBADMSG);
		assert_string_equal(err.msg, "actions: more than 32 entries");
	}
	/* data after the document, past blanks */
	memcpy(big, b.data, b.len + 1);
	strcat(big, "\n  x");
	assert_int_equal(parse_str(big, &err), -EBADMSG);
	assert_int_equal(err.line, 59);
	free(big);
	wm_buf_free(&b);
}

/* Every prefix of a valid file is an error (or, past the last '}', fine). */
static void test_truncated_everywhere(void **state)
{
	struct wm_buf b = { 0 };
	struct wm_parse_error err;
	struct wm_state s;
	size_t len, end;
	char *copy;

	(void)state;
	wm_test_load(&b, "state/full.json");
	end = (size_t)(strrchr(b.data, '}') - b.data) + 1;
	for (len = 0; len <= b.len; len++) {
		/* a private copy so ASan sees any read past len */
		copy = malloc(len ? len : 1);
		assert_non_null(copy);
		memcpy(copy, b.data, len);
		memset(&err, 0, sizeof(err));
		if (len < end) {
			assert_int_equal(wm_state_parse(copy, len, &s, &err),
					 -EBADMSG);
			assert_true(err.msg[0] != '\0');
			assert_int_equal(s.n_actions, 0);
		} else {
			assert_int_equal(wm_state_parse(copy, len, &s, &err), 0);
		}
		free(copy);
	}
	wm_buf_free(&b);
}

/* Any single byte changed: a clean answer, never a crash. */
static void test_mutated_everywhere(void **state)
{
	static const char bytes[] = { 'x', '"', '}', '{', '9', '-', '\\', ',', ' ' };
	struct wm_buf b = { 0 };
	struct wm_parse_error err;
	struct wm_state s;
	size_t i, j;
	char *copy;
	int rc, ok = 0;

	(void)state;
	wm_test_load(&b, "state/full.json");
	copy = malloc(b.len);
	assert_non_null(copy);
	for (i = 0; i < b.len; i++) {
		for (j = 0; j < sizeof(bytes); j++) {
			memcpy(copy, b.data, b.len);
			copy[i] = bytes[j];
			rc = wm_state_parse(copy, b.len, &s, &err);
			assert_true(rc == 0 || rc == -EBADMSG);
			if (rc == 0) {
				ok++;
				assert_true(s.n_actions <= WM_STATE_ACTIONS);
				assert_int_equal(strlen(s.boot_id), WM_BOOT_ID_LEN);
			}
		}
	}
	/* some mutations are harmless (a digit in a number, a blank) */
	assert_true(ok > 0);
	free(copy);
	wm_buf_free(&b);
}

static void test_save_load(void **state)
{
	struct wm_parse_error err = { 0 };
	struct wm_state s, back;
	struct wm_root r;
	struct stat st;
	char path[256], link[256];
	mode_t old = umask(022);

	(void)state;
	populate(&s);
	assert_int_equal(wm_root_init(&r, dir), 0);
	assert_int_equal(wm_state_default_path(&r, path, sizeof(path)), 0);
	assert_true(strstr(path, "/var/lib/wmtune/state.json") != NULL);
	assert_int_equal(wm_state_load(path, &back, &err), -ENOENT);
	/* var/lib/wmtune does not exist yet: save creates it */
	assert_int_equal(wm_state_save(path, &s), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(wm_state_load(path, &back, &err), 0);
	assert_memory_equal(&s, &back, sizeof(s));
	/* an empty file (a save lost with the machine) is none, not corrupt */
	{
		int fd = open(path, O_WRONLY | O_TRUNC);

		assert_true(fd >= 0);
		close(fd);
		assert_int_equal(wm_state_load(path, &back, &err), -ENODATA);
		assert_int_equal(wm_state_save(path, &s), 0);
	}
	/* replace: the second save wins */
	s.failures_seen = 61;
	assert_int_equal(wm_state_save(path, &s), 0);
	assert_int_equal(wm_state_load(path, &back, &err), 0);
	assert_int_equal(back.failures_seen, 61);
	/* a symbolic link is refused, for reading and for writing */
	snprintf(link, sizeof(link), "%s/link.json", dir);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(wm_state_load(link, &back, &err), -ELOOP);
	assert_int_equal(wm_state_save(link, &s), -ELOOP);
	/* a directory, a corrupt file */
	snprintf(link, sizeof(link), "%s/var", dir);
	assert_int_equal(wm_state_load(link, &back, &err), -EISDIR);
	snprintf(link, sizeof(link), "%s/corrupt.json", dir);
	assert_int_equal(symlink(WM_FIXTURES "/state/corrupt-negative.json", link), 0);
	assert_int_equal(wm_state_load(link, &back, &err), -ELOOP);
	assert_int_equal(wm_state_load(WM_FIXTURES "/state/corrupt-negative.json",
				       &back, &err), -EBADMSG);
	assert_string_equal(err.msg, "kmsg.seq: must not be negative");
	assert_int_equal(wm_state_load(WM_FIXTURES "/state/stale-boot.json",
				       &back, &err), 0);
	assert_true(wm_state_is_stale(&back, BOOT));
	umask(old);
}

static void test_boot_id(void **state)
{
	struct wm_root r;
	char id[WM_BOOT_ID_LEN + 1], p[256];
	FILE *f;

	(void)state;
	/* the running kernel's */
	assert_int_equal(wm_root_init(&r, "/"), 0);
	if (access("/proc/sys/kernel/random/boot_id", R_OK) == 0) {
		assert_int_equal(wm_state_read_boot_id(&r, id, sizeof(id)), 0);
		assert_int_equal(strlen(id), WM_BOOT_ID_LEN);
	}
	/* a fixture tree's */
	assert_int_equal(wm_root_init(&r, dir), 0);
	assert_int_equal(wm_state_read_boot_id(&r, id, sizeof(id)), -ENOENT);
	snprintf(p, sizeof(p), "%s/proc", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/proc/sys", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/proc/sys/kernel", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/proc/sys/kernel/random", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/proc/sys/kernel/random/boot_id", dir);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(BOOT "\n", f);
	fclose(f);
	assert_int_equal(wm_state_read_boot_id(&r, id, sizeof(id)), 0);
	assert_string_equal(id, BOOT);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("FC6212A4-4B11-4A76-9ECD-CA317A2B888A-x\n", f);
	fclose(f);
	assert_int_equal(wm_state_read_boot_id(&r, id, sizeof(id)), -EPROTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_reads_0_1_0),
		cmocka_unit_test(test_json_overflow_at),
		cmocka_unit_test(test_actions_ring),
		cmocka_unit_test(test_refuses_unwritable),
		cmocka_unit_test(test_corrupt_fixtures),
		cmocka_unit_test(test_corrupt_inline),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_mutated_everywhere),
		cmocka_unit_test_setup_teardown(test_save_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_boot_id, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
