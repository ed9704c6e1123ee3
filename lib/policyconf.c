// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policyconf.h"
#include "text.h"

#define PARAM(n, t, field, lo, hi, d) \
	{ n, t, offsetof(struct wm_policy, field), \
	  sizeof(((struct wm_policy *)0)->field), lo, hi, d }

const struct wm_param wm_params[] = {
	{ "policy", WM_PARAM_PRESET, 0, 0, 0, 0,
	  "start from this preset: default, seed-v1, seed-v2" },
	PARAM("knobs", WM_PARAM_KNOBS, knobs, 0, 0,
	      "which sysctls to move: min_free_kbytes, watermark_scale_factor or both"),
	PARAM("step-pct", WM_PARAM_UINT, step_pct, 1, 1000,
	      "on allocation failures, raise by this percentage of the value in effect"),
	PARAM("headroom-step-pct", WM_PARAM_UINT, headroom_step_pct, 1, 1000,
	      "on low headroom, before any failure, raise by this percentage"),
	PARAM("debounce", WM_PARAM_SECONDS, debounce_usec, 0, 86400,
	      "seconds between two raises of one sysctl"),
	PARAM("quiet", WM_PARAM_SECONDS, quiet_usec, 0, 86400 * 7,
	      "seconds without a signal before decay starts"),
	PARAM("decay-interval", WM_PARAM_SECONDS, decay_interval_usec, 0, 86400 * 7,
	      "seconds between two decay steps"),
	PARAM("decay-pct", WM_PARAM_UINT, decay_pct, 0, 100,
	      "decay by this percentage of the current value (0: never)"),
	PARAM("floor-pct", WM_PARAM_UINT, floor_pct, 100, 1000,
	      "never decay below this percentage of the baseline"),
	PARAM("mfk-cap-ram-pct", WM_PARAM_UINT, mfk_cap_ram_pct_x100, 1, 500,
	      "min_free_kbytes cap in hundredths of a percent of RAM (100 = 1%)"),
	PARAM("mfk-cap-default-mult", WM_PARAM_UINT, mfk_cap_default_mult, 0, 64,
	      "or this many times the kernel's default, whichever is larger"),
	PARAM("wsf-cap", WM_PARAM_UINT, wsf_cap, 1, 3000,
	      "watermark_scale_factor cap"),
	PARAM("headroom-pct", WM_PARAM_UINT, headroom_pct, 0, 100,
	      "act when a zone's free pages are within this percentage above min"),
	PARAM("psi-threshold", WM_PARAM_UINT, psi_some_x100, 0, 10000,
	      "PSI memory some avg10 that counts as pressure, in hundredths of a percent"),
	PARAM("proactive", WM_PARAM_BOOL, proactive, 0, 1,
	      "act on low headroom (free within headroom-pct of min), not only on failures"),
	PARAM("recall", WM_PARAM_BOOL, recall, 0, 1,
	      "on a new failure, go straight back to the highest level failures raised a sysctl to"),
	PARAM("defer", WM_PARAM_BOOL, defer, 0, 1,
	      "act on failures the debounce held back as soon as it ends"),
	PARAM("escalate", WM_PARAM_BOOL, escalate, 0, 1,
	      "when one sysctl is at its cap and its signal persists, move the other"),
};

const size_t wm_nr_params = WM_ARRAY_SIZE(wm_params);

/* Config keys may use '_' where flags use '-'. */
static bool same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (*a != *b && !((*a == '-' || *a == '_') && (*b == '-' || *b == '_')))
			return false;
	return *a == *b;
}

const struct wm_param *wm_param_find(const char *name)
{
	size_t i;

	for (i = 0; i < wm_nr_params; i++)
		if (same_name(wm_params[i].name, name))
			return &wm_params[i];
	return NULL;
}

static void store(struct wm_policy *p, const struct wm_param *w, uint64_t v)
{
	char *field = (char *)p + w->offset;

	switch (w->size) {
	case sizeof(uint64_t): {
		uint64_t x = v;

		memcpy(field, &x, sizeof(x));
		break;
	}
	case sizeof(unsigned): {
		unsigned x = (unsigned)v;

		memcpy(field, &x, sizeof(x));
		break;
	}
	default: {
		bool x = v != 0;

		memcpy(field, &x, sizeof(x));
		break;
	}
	}
}

static int parse_seconds(const char *s, uint64_t max, uint64_t *usec)
{
	char *end;
	double v;

	if (!*s || strchr(s, '-') || strpbrk(s, "xXnNiI"))
		return -EINVAL;
	v = strtod(s, &end);
	if (*end || !isfinite(v))
		return -EINVAL;
	if (v < 0 || v > (double)max)
		return -ERANGE;
	*usec = (uint64_t)(v * 1e6 + 0.5); /* v >= 0: no libm */
	return 0;
}

static int parse_bool(const char *s, uint64_t *v)
{
	static const char *const yes[] = { "yes", "true", "1", "on" };
	static const char *const no[] = { "no", "false", "0", "off" };
	size_t i;

	for (i = 0; i < WM_ARRAY_SIZE(yes); i++) {
		if (strcmp(s, yes[i]) == 0) {
			*v = 1;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*v = 0;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_knobs(const char *s, uint64_t *v)
{
	if (strcmp(s, "both") == 0)
		*v = WM_KNOBS_ALL;
	else if (strcmp(s, "min_free_kbytes") == 0 || strcmp(s, "mfk") == 0)
		*v = WM_KNOB_BIT(WM_KNOB_MIN_FREE_KBYTES);
	else if (strcmp(s, "watermark_scale_factor") == 0 || strcmp(s, "wsf") == 0)
		*v = WM_KNOB_BIT(WM_KNOB_WSF);
	else
		return -EINVAL;
	return 0;
}

int wm_param_set(struct wm_policy *p, const char *name, const char *value,
		 char *msg, size_t msg_size)
{
	const struct wm_param *w = wm_param_find(name);
	struct wm_span sp = { value, strlen(value) };
	uint64_t v = 0;
	int rc;

	if (!w) {
		snprintf(msg, msg_size, "unknown parameter '%s'", name);
		return -ENOENT;
	}
	switch (w->type) {
	case WM_PARAM_PRESET:
		if (wm_policy_preset(value, p) == 0)
			return 0;
		snprintf(msg, msg_size, "%s: unknown policy '%s' (default, seed-v1, seed-v2)",
			 w->name, value);
		return -EINVAL;
	case WM_PARAM_KNOBS:
		rc = parse_knobs(value, &v);
		if (rc)
			snprintf(msg, msg_size, "%s: '%s' is not min_free_kbytes, "
				 "watermark_scale_factor or both", w->name, value);
		break;
	case WM_PARAM_BOOL:
		rc = parse_bool(value, &v);
		if (rc)
			snprintf(msg, msg_size, "%s: '%s' is not yes or no", w->name, value);
		break;
	case WM_PARAM_SECONDS:
		rc = parse_seconds(value, w->max, &v);
		if (rc)
			snprintf(msg, msg_size, "%s: '%s' is not a number of seconds "
				 "from %" PRIu64 " to %" PRIu64, w->name, value,
				 w->min, w->max);
		break;
	default:
		rc = wm_parse_u64(sp, &v);
		if (rc == 0 && (v < w->min || v > w->max))
			rc = -ERANGE;
		if (rc)
			snprintf(msg, msg_size, "%s: '%s' is not a whole number "
				 "from %" PRIu64 " to %" PRIu64, w->name, value,
				 w->min, w->max);
		break;
	}
	if (rc)
		return rc;
	store(p, w, v);
	return 0;
}
