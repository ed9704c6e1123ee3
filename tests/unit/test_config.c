// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "config.h"

static const char *const presets[] = { "default", "seed-v1", "seed-v2", NULL };

struct conf {
	uint64_t step_pct, debounce_sec, quiet_sec;
	double decay_interval, headroom;
	bool escalate, proactive;
	int preset;
	bool step_seen, quiet_seen, headroom_seen;
};

/* Defaults before the file is read: the file changes only what it sets. */
static void defaults(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	c->step_pct = 50;
	c->debounce_sec = 10;
	c->quiet_sec = 300;
	c->decay_interval = 300;
	c->headroom = 0.10;
	c->escalate = false;
	c->proactive = true;
	c->preset = 0;
}

static int parse(const char *fixture, const char *text, struct conf *c,
		 struct wm_parse_error *err)
{
	const struct wm_conf_key keys[] = {
		WM_CONF_ENUM("preset", &c->preset, presets),
		WM_CONF_U64("step_pct", &c->step_pct, 1, 1000),
		WM_CONF_U64("debounce_sec", &c->debounce_sec, 0, 3600),
		WM_CONF_U64("quiet_sec", &c->quiet_sec, 0, 86400),
		WM_CONF_DOUBLE("decay_interval", &c->decay_interval, 1, 86400),
		WM_CONF_DOUBLE("headroom", &c->headroom, 0, 1),
		WM_CONF_BOOL("escalate", &c->escalate),
		WM_CONF_BOOL("proactive", &c->proactive),
	};
	struct wm_conf_key k[WM_ARRAY_SIZE(keys)];
	struct wm_buf b = { 0 };
	int rc;

	memcpy(k, keys, sizeof(keys));
	k[1].seen = &c->step_seen;
	k[3].seen = &c->quiet_seen;
	k[5].seen = &c->headroom_seen;
	if (fixture) {
		wm_test_load(&b, fixture);
		rc = wm_conf_parse(b.data, b.len, k, WM_ARRAY_SIZE(k), err);
	} else {
		rc = wm_conf_parse(text, strlen(text), k, WM_ARRAY_SIZE(k), err);
	}
	wm_buf_free(&b);
	return rc;
}

static void test_full(void **state)
{
	struct wm_parse_error err = { 0 };
	struct conf c;

	(void)state;
	defaults(&c);
	assert_int_equal(parse("config/full.conf", NULL, &c, &err), 0);
	assert_int_equal(c.preset, 2); /* seed-v2 */
	assert_int_equal(c.step_pct, 75); /* duplicate: the last wins */
	assert_int_equal(c.debounce_sec, 10);
	assert_int_equal(c.quiet_sec, 300);
	assert_true(c.decay_interval == 300.5);
	assert_true(c.headroom == 0.10);
	assert_true(c.escalate);
	assert_false(c.proactive);
	assert_true(c.step_seen && c.quiet_seen && c.headroom_seen);
}

static void test_defaults_kept(void **state)
{
	struct wm_parse_error err = { 0 };
	struct conf c;

	(void)state;
	defaults(&c);
	assert_int_equal(parse(NULL, "# nothing\n\n   \n", &c, &err), 0);
	assert_int_equal(c.step_pct, 50);
	assert_true(c.proactive);
	assert_false(c.step_seen);
	assert_int_equal(parse(NULL, "", &c, &err), 0);
	/* no final newline, CRLF line ends */
	assert_int_equal(parse(NULL, "step_pct = 60\r\nescalate = 1", &c, &err), 0);
	assert_int_equal(c.step_pct, 60);
	assert_true(c.escalate);
}

static void expect(const char *fixture, const char *text, unsigned long line,
		   const char *msg)
{
	struct wm_parse_error err = { 0 };
	struct conf c;

	defaults(&c);
	assert_int_equal(parse(fixture, text, &c, &err), -EINVAL);
	assert_int_equal(err.line, line);
	assert_string_equal(err.msg, msg);
}

static void test_errors(void **state)
{
	(void)state;
	expect("config/unknown-key.conf", NULL, 4, "unknown key 'stepp_pct'");
	expect("config/bad-range.conf", NULL, 3,
	       "'debounce_sec' must be a whole number from 0 to 3600, not '7200'");
	expect("config/bad-double.conf", NULL, 1,
	       "'headroom' must be a number from 0 to 1, not '1e-3'");
	expect("config/bad-bool.conf", NULL, 1,
	       "'escalate' must be true or false (yes/no, on/off, 1/0), not 'maybe'");
	expect("config/bad-enum.conf", NULL, 4,
	       "'preset' must be one of: default, seed-v1, seed-v2; not 'seed-v3'");
	expect("config/no-equals.conf", NULL, 1,
	       "expected 'key = value', not 'step_pct 50'");
	expect("config/no-value.conf", NULL, 1, "missing value for 'step_pct'");
	expect("config/overflow.conf", NULL, 1,
	       "'step_pct' must be a whole number from 1 to 1000, not '18446744073709551616'");
	expect(NULL, "= 5\n", 1, "invalid key ''");
	expect(NULL, "Step_pct = 5\n", 1, "invalid key 'Step_pct'");
	expect(NULL, "step pct = 5\n", 1, "invalid key 'step pct'");
	expect(NULL, "step_pct = 0\n", 1,
	       "'step_pct' must be a whole number from 1 to 1000, not '0'");
	expect(NULL, "step_pct = -5\n", 1,
	       "'step_pct' must be a whole number from 1 to 1000, not '-5'");
	expect(NULL, "headroom = nan\n", 1,
	       "'headroom' must be a number from 0 to 1, not 'nan'");
	expect(NULL, "headroom = 1.0001\n", 1,
	       "'headroom' must be a number from 0 to 1, not '1.0001'");
	expect(NULL, "headroom = .\n", 1,
	       "'headroom' must be a number from 0 to 1, not '.'");
	expect(NULL, "headroom = 0x1\n", 1,
	       "'headroom' must be a number from 0 to 1, not '0x1'");
	/* a NUL byte or garbage: a clean error, shown printable */
	{
		struct wm_parse_error err = { 0 };
		uint64_t v = 0;
		const struct wm_conf_key k[] = {
			WM_CONF_U64("step_pct", &v, 1, 1000),
		};
		static const char nul[] = "step_pct = 5\nstep_pct = 6\0\n";

		assert_int_equal(wm_conf_parse(nul, sizeof(nul) - 1, k, 1, &err),
				 -EINVAL);
		assert_int_equal(err.line, 2);
		assert_string_equal(err.msg, "NUL byte in line");
		assert_int_equal(v, 5);
		/* with no table every key is unknown */
		assert_int_equal(wm_conf_parse(nul, sizeof(nul) - 1, NULL, 0, &err),
				 -EINVAL);
		assert_int_equal(err.line, 1);
		assert_string_equal(err.msg, "unknown key 'step_pct'");
	}
	expect(NULL, "preset = \x01\x7f\n", 1,
	       "'preset' must be one of: default, seed-v1, seed-v2; not '?" "?'");
}

static void test_doubles(void **state)
{
	struct wm_parse_error err = { 0 };
	struct conf c;

	(void)state;
	defaults(&c);
	assert_int_equal(parse(NULL, "headroom = .5\n", &c, &err), 0);
	assert_true(c.headroom == 0.5);
	assert_int_equal(parse(NULL, "headroom = 1\n", &c, &err), 0);
	assert_true(c.headroom == 1.0);
	assert_int_equal(parse(NULL, "headroom = 0.05\n", &c, &err), 0);
	assert_true(c.headroom == 0.05);
	assert_int_equal(parse(NULL, "headroom = 0.1234567890123456789999\n",
			       &c, &err), 0);
	assert_true(c.headroom > 0.12345678901 && c.headroom < 0.12345678902);
	assert_int_equal(parse(NULL, "decay_interval = 86400.0\n", &c, &err), 0);
	assert_true(c.decay_interval == 86400.0);
}

static int count_cb(struct wm_span key, struct wm_span value,
		    unsigned long line, void *arg, struct wm_parse_error *err)
{
	unsigned long *lines = arg;

	if (wm_span_eq(key, "stop")) {
		wm_parse_error_set(err, line, "stopped at '%.*s'",
				   (int)value.len, value.p);
		return -ECANCELED;
	}
	lines[0]++;
	lines[1] = line;
	return 0;
}

static void test_callback(void **state)
{
	static const char text[] = "a = 1\n# c\n\nb=two words # note\nstop = here\nc = 3\n";
	struct wm_parse_error err = { 0 };
	unsigned long lines[2] = { 0, 0 };

	(void)state;
	assert_int_equal(wm_conf_parse_cb(text, sizeof(text) - 1, count_cb,
					  lines, &err), -ECANCELED);
	assert_int_equal(lines[0], 2);
	assert_int_equal(lines[1], 4);
	assert_int_equal(err.line, 5);
	assert_string_equal(err.msg, "stopped at 'here'");
}

static void test_load(void **state)
{
	struct wm_parse_error err = { 0 };
	struct conf c;
	const struct wm_conf_key keys[] = {
		WM_CONF_U64("step_pct", &c.step_pct, 1, 1000),
	};

	(void)state;
	defaults(&c);
	assert_int_equal(wm_conf_load(WM_FIXTURES "/config/nonexistent.conf",
				      keys, 1, &err), -ENOENT);
	assert_int_equal(wm_conf_load(WM_FIXTURES "/config", keys, 1, &err),
			 -EISDIR);
	assert_int_equal(wm_conf_load(WM_FIXTURES "/config/unknown-key.conf",
				      keys, 1, &err), -EINVAL);
	assert_int_equal(err.line, 4);
	assert_int_equal(c.step_pct, 50); /* line 1 applied before the error */
	assert_int_equal(wm_conf_load(WM_FIXTURES "/config/bad-range.conf",
				      keys, 1, &err), -EINVAL);
	assert_int_equal(err.line, 3);
	assert_string_equal(err.msg, "unknown key 'debounce_sec'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_defaults_kept),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_doubles),
		cmocka_unit_test(test_callback),
		cmocka_unit_test(test_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
