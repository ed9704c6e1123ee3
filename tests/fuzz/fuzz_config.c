// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The config file on arbitrary bytes, two ways:
 * 1. wm_conf_parse() with a table of every value type (like
 *    tests/unit/test_config.c's): documented errors only, with a usable
 *    message; a variable the file did not set keeps its default; a set
 *    one is within its bounds (and a whole number is in the input as
 *    digits); our "key = value" rendering of the result parses back to
 *    the same values.
 * 2. wm_conf_parse_cb() feeding each pair to wm_param_set() on the
 *    default policy, as the commands do: every parameter stays within
 *    the bounds of its table row whatever the file says, and every
 *    refusal explains itself.
 */
#include <math.h>

#include "config.h"
#include "fuzz.h"
#include "policyconf.h"

static const char *const presets[] = { "default", "seed-v1", "seed-v2", NULL };

struct vals {
	int preset;
	uint64_t step, debounce;
	double interval, headroom;
	bool escalate, proactive;
	bool seen[7];
};

#define NKEYS 7

static void table(struct vals *v, struct wm_conf_key k[NKEYS])
{
	const struct wm_conf_key rows[NKEYS] = {
		WM_CONF_ENUM("preset", &v->preset, presets),
		WM_CONF_U64("step_pct", &v->step, 1, 1000),
		WM_CONF_U64("debounce_sec", &v->debounce, 0, UINT64_MAX - 1),
		WM_CONF_DOUBLE("decay_interval", &v->interval, 0, 604800),
		WM_CONF_DOUBLE("headroom", &v->headroom, -1.5, 1.0),
		WM_CONF_BOOL("escalate", &v->escalate),
		WM_CONF_BOOL("proactive", &v->proactive),
	};
	unsigned i;

	for (i = 0; i < NKEYS; i++) {
		k[i] = rows[i];
		k[i].seen = &v->seen[i];
	}
}

static void defaults(struct vals *v)
{
	memset(v, 0, sizeof(*v));
	v->preset = 2;
	v->step = 50;
	v->debounce = 10;
	v->interval = 300;
	v->headroom = 0.1;
	v->escalate = true;
}

static void check_table(const struct vals *v, const struct fuzz_numbers *nums)
{
	struct vals d;

	defaults(&d);
	if (!v->seen[0])
		FUZZ_CHECK(v->preset == d.preset, "preset changed unseen");
	FUZZ_CHECK(v->preset >= 0 && v->preset <= 2, "preset %d", v->preset);
	if (v->seen[1])
		FUZZ_CHECK(v->step >= 1 && v->step <= 1000 &&
				   fuzz_numbers_has(nums, v->step),
			   "step %" PRIu64, v->step);
	else
		FUZZ_CHECK(v->step == d.step, "step changed unseen");
	if (v->seen[2])
		FUZZ_CHECK(v->debounce != WM_UNKNOWN &&
				   fuzz_numbers_has(nums, v->debounce),
			   "debounce %" PRIu64, v->debounce);
	else
		FUZZ_CHECK(v->debounce == d.debounce, "debounce changed unseen");
	FUZZ_CHECK(v->interval >= 0 && v->interval <= 604800,
		   "interval %g", v->interval);
	FUZZ_CHECK(v->headroom >= -1.5 && v->headroom <= 1.0, "headroom %g",
		   v->headroom);
	if (!v->seen[3])
		FUZZ_CHECK(v->interval == d.interval, "interval changed unseen");
	if (!v->seen[4])
		FUZZ_CHECK(v->headroom == d.headroom, "headroom changed unseen");
	if (!v->seen[5])
		FUZZ_CHECK(v->escalate == d.escalate, "escalate changed unseen");
	if (!v->seen[6])
		FUZZ_CHECK(v->proactive == d.proactive, "proactive changed unseen");
}

static bool close_enough(double a, double b)
{
	return fabs(a - b) <= 1e-9 * (fabs(a) + 1);
}

static void round_trip(const struct vals *v)
{
	struct wm_conf_key k[NKEYS];
	struct wm_parse_error err;
	struct fuzz_text t;
	struct vals again;
	int rc;

	fuzz_text_init(&t, 1024);
	fuzz_text_add(&t, "# rendered\npreset = %s\nstep_pct=%" PRIu64
		      "\n\tdebounce_sec =\t%" PRIu64 " # trailing\n"
		      "decay_interval = %.9f\nheadroom = %.9f\n"
		      "escalate = %s\nproactive = %s\n",
		      presets[v->preset], v->step, v->debounce, v->interval,
		      v->headroom, v->escalate ? "yes" : "off",
		      v->proactive ? "true" : "0");
	memset(&again, 0, sizeof(again));
	table(&again, k);
	fuzz_error_init(&err);
	rc = wm_conf_parse(t.p, t.len, k, NKEYS, &err);
	FUZZ_CHECK(rc == 0, "re-parse failed: %d line %lu: %s\n%s", rc,
		   err.line, err.msg, t.p);
	FUZZ_CHECK(again.preset == v->preset && again.step == v->step &&
			   again.debounce == v->debounce &&
			   close_enough(again.interval, v->interval) &&
			   close_enough(again.headroom, v->headroom) &&
			   again.escalate == v->escalate &&
			   again.proactive == v->proactive,
		   "re-parse differs:\n%s", t.p);
	fuzz_text_free(&t);
}

/* wm_param_set() on each pair, as the commands load their config. */
static int param_cb(struct wm_span key, struct wm_span value,
		    unsigned long line, void *arg, struct wm_parse_error *err)
{
	struct wm_policy *p = arg;
	char k[64], v[256], msg[200];
	int rc;

	(void)line;
	(void)err;
	wm_span_copy(k, sizeof(k), key);
	wm_span_copy(v, sizeof(v), value);
	memset(msg, 0, sizeof(msg));
	rc = wm_param_set(p, k, v, msg, sizeof(msg));
	FUZZ_CHECK(rc == 0 || rc == -ENOENT || rc == -EINVAL || rc == -ERANGE,
		   "wm_param_set: undocumented error %d", rc);
	if (rc)
		FUZZ_CHECK(msg[0] && memchr(msg, '\0', sizeof(msg)),
			   "refusal without a message");
	return 0;
}

static uint64_t field(const struct wm_policy *p, const struct wm_param *w)
{
	const char *f = (const char *)p + w->offset;
	uint64_t v8;
	unsigned v4;
	bool b;

	switch (w->size) {
	case sizeof(uint64_t):
		memcpy(&v8, f, sizeof(v8));
		return v8;
	case sizeof(unsigned):
		memcpy(&v4, f, sizeof(v4));
		return v4;
	default:
		memcpy(&b, f, sizeof(b));
		return b;
	}
}

static void check_policy(const struct wm_policy *p)
{
	size_t i;

	for (i = 0; i < wm_nr_params; i++) {
		const struct wm_param *w = &wm_params[i];
		uint64_t v;

		if (w->type == WM_PARAM_PRESET)
			continue; /* no field of its own */
		v = field(p, w);
		switch (w->type) {
		case WM_PARAM_UINT:
			FUZZ_CHECK(v >= w->min && v <= w->max,
				   "%s = %" PRIu64 " outside %" PRIu64 "..%" PRIu64,
				   w->name, v, w->min, w->max);
			break;
		case WM_PARAM_SECONDS:
			FUZZ_CHECK(v <= w->max * WM_USEC_PER_SEC,
				   "%s = %" PRIu64 " usec, over %" PRIu64 " s",
				   w->name, v, w->max);
			break;
		case WM_PARAM_BOOL:
			FUZZ_CHECK(v <= 1, "%s = %" PRIu64, w->name, v);
			break;
		case WM_PARAM_KNOBS:
			FUZZ_CHECK(v >= 1 && v <= WM_KNOBS_ALL, "%s = %" PRIu64,
				   w->name, v);
			break;
		case WM_PARAM_PRESET:
			break;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wm_conf_key k[NKEYS];
	struct wm_parse_error err;
	struct fuzz_numbers nums;
	struct wm_policy pol;
	struct vals v;
	char *buf = fuzz_dup(data, size);
	int rc;

	defaults(&v);
	table(&v, k);
	fuzz_error_init(&err);
	rc = wm_conf_parse(buf, size, k, NKEYS, &err);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL, "undocumented error %d", rc);
	if (rc)
		fuzz_check_error(&err, buf, size);
	/* lines before an error are applied: check them either way */
	fuzz_numbers_scan(&nums, buf, size);
	check_table(&v, &nums);
	fuzz_numbers_free(&nums);
	round_trip(&v);

	FUZZ_CHECK(wm_policy_preset("default", &pol) == 0, "no default");
	check_policy(&pol);
	fuzz_error_init(&err);
	rc = wm_conf_parse_cb(buf, size, param_cb, &pol, &err);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL, "undocumented error %d", rc);
	check_policy(&pol);
	free(buf);
	return 0;
}
