// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "unit.h"
#include "policyconf.h"

static void test_set_each_type(void **state)
{
	struct wm_policy p;
	char msg[160];

	(void)state;
	assert_int_equal(wm_policy_preset("default", &p), 0);
	assert_int_equal(wm_param_set(&p, "debounce", "0.5", msg, sizeof(msg)), 0);
	assert_int_equal(p.debounce_usec, 500000);
	assert_int_equal(wm_param_set(&p, "decay_interval", "30", msg, sizeof(msg)), 0);
	assert_int_equal(p.decay_interval_usec, 30000000);
	assert_int_equal(wm_param_set(&p, "step-pct", "20", msg, sizeof(msg)), 0);
	assert_int_equal(p.step_pct, 20);
	assert_int_equal(wm_param_set(&p, "proactive", "no", msg, sizeof(msg)), 0);
	assert_false(p.proactive);
	assert_int_equal(wm_param_set(&p, "knobs", "watermark_scale_factor", msg, sizeof(msg)), 0);
	assert_int_equal(p.knobs, WM_KNOB_BIT(WM_KNOB_WSF));
	assert_int_equal(wm_param_set(&p, "wsf-cap", "3000", msg, sizeof(msg)), 0);
	assert_int_equal(p.wsf_cap, 3000);
	/* a preset resets everything */
	assert_int_equal(wm_param_set(&p, "policy", "seed-v2", msg, sizeof(msg)), 0);
	assert_string_equal(p.name, "seed-v2");
	assert_int_equal(p.floor_pct, 120);
	assert_int_equal(p.debounce_usec, 10000000);
}

static void test_bad_values_say_what_is_allowed(void **state)
{
	struct wm_policy p;
	char msg[160];

	(void)state;
	assert_int_equal(wm_policy_preset("default", &p), 0);
	assert_int_equal(wm_param_set(&p, "nope", "1", msg, sizeof(msg)), -ENOENT);
	assert_string_equal(msg, "unknown parameter 'nope'");
	assert_int_equal(wm_param_set(&p, "decay-pct", "101", msg, sizeof(msg)), -ERANGE);
	assert_string_equal(msg, "decay-pct: '101' is not a whole number from 0 to 100");
	assert_int_equal(wm_param_set(&p, "step-pct", "99999999999999999999", msg, sizeof(msg)), -ERANGE);
	assert_int_equal(wm_param_set(&p, "debounce", "-1", msg, sizeof(msg)), -EINVAL);
	assert_int_equal(wm_param_set(&p, "debounce", "nan", msg, sizeof(msg)), -EINVAL);
	assert_int_equal(wm_param_set(&p, "debounce", "1e9", msg, sizeof(msg)), -ERANGE);
	assert_int_equal(wm_param_set(&p, "proactive", "maybe", msg, sizeof(msg)), -EINVAL);
	assert_int_equal(wm_param_set(&p, "policy", "v3", msg, sizeof(msg)), -EINVAL);
	assert_int_equal(wm_param_set(&p, "knobs", "all", msg, sizeof(msg)), -EINVAL);
	/* nothing was changed by the failed calls */
	assert_int_equal(p.decay_pct, 5);
	assert_int_equal(p.debounce_usec, 10000000);
	assert_true(p.proactive);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_each_type),
		cmocka_unit_test(test_bad_values_say_what_is_allowed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
