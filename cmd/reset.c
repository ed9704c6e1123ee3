// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wmtune reset: write back the baselines kept in the state (the values
 * before wmtune first touched them this boot), or with --kernel-default
 * the kernel's own computed min_free_kbytes and the default factor.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "atomicfile.h"
#include "model.h"
#include "observe.h"
#include "sysctl.h"
#include "tune.h"

#define WSF_KERNEL_DEFAULT 10

enum { OPT_KERNEL_DEFAULT = 0x200, OPT_STATE, OPT_CONFIG };

struct reset_args {
	bool kernel_default;
	struct wm_tune_opts tune;
};

static const struct argp_option reset_options[] = {
	{ "kernel-default", OPT_KERNEL_DEFAULT, NULL, 0,
	  "Write the kernel's computed min_free_kbytes and watermark_scale_factor "
	  "10 instead of the baselines", 0 },
	{ "state", OPT_STATE, "FILE", 0,
	  "The state is in FILE (default /var/lib/wmtune/state.json)", 0 },
	{ "config", OPT_CONFIG, "FILE", 0,
	  "Read the configuration from FILE (default /etc/wmtune.conf)", 0 },
	{ 0 }
};

static error_t reset_parse(int key, char *arg, struct argp_state *state)
{
	struct reset_args *a = state->input;

	switch (key) {
	case OPT_STATE:
		a->tune.state = arg;
		break;
	case OPT_CONFIG:
		a->tune.config = arg;
		break;
	case OPT_KERNEL_DEFAULT:
		a->kernel_default = true;
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* The values to write: baselines, or the kernel's defaults. */
static int targets(struct wm_ctx *ctx, struct wm_session *s, bool kernel_default,
		   uint64_t target[WM_KNOB_COUNT])
{
	enum wm_knob k;

	for (k = 0; k < WM_KNOB_COUNT; k++) {
		const struct wm_knob_state *ks = &s->state.knob[k];

		target[k] = ks->has_written && ks->has_baseline ? ks->baseline :
								  WM_UNKNOWN;
	}
	if (!kernel_default)
		return 0;
	if (s->in.kernel_default_mfk == WM_UNKNOWN)
		return wm_err(ctx, WM_EX_DATAERR, 0,
			      "the kernel's default min_free_kbytes is unknown here");
	target[WM_KNOB_MIN_FREE_KBYTES] = s->in.kernel_default_mfk;
	if (s->in.current[WM_KNOB_WSF] != WM_UNKNOWN)
		target[WM_KNOB_WSF] = WSF_KERNEL_DEFAULT;
	return 0;
}

static int write_targets(struct wm_ctx *ctx, struct wm_session *s,
			 const uint64_t target[WM_KNOB_COUNT], bool kernel_default)
{
	struct wm_out *o = &ctx->out;
	enum wm_knob k;
	int rc = 0;

	wm_out_arr_open(o, "writes");
	for (k = 0; k < WM_KNOB_COUNT && rc == 0; k++) {
		struct wm_knob_state *ks = &s->state.knob[k];
		struct wm_sysctl_write res;
		struct wm_action act = { .at = s->now_wall, .knob = k };

		if (target[k] == WM_UNKNOWN)
			continue;
		rc = wm_sysctl_write(&ctx->root, wm_knob_sysctl(k), target[k], &res);
		if (rc) {
			rc = wm_err(ctx, wm_exit_for(rc), 0, "writing %s = %" PRIu64 ": %s",
				    wm_knob_sysctl(k), target[k], wm_sysctl_strerror(rc));
			break;
		}
		act.old_value = res.old;
		act.new_value = res.now;
		snprintf(act.reasons, sizeof(act.reasons), "%s",
			 kernel_default ? "reset_kernel_default" : "reset");
		wm_state_add_action(&s->state, &act);
		/* the baseline holds again: the policy starts from rest */
		ks->has_written = !kernel_default;
		ks->last_written = res.now;
		ks->written_at = s->now_wall;
		if (kernel_default) {
			ks->baseline = res.now;
			ks->captured_at = s->now_wall;
		}
		ks->last_change_usec = ks->last_signal_usec = ks->last_decay_usec = 0;
		ks->recall = ks->pending_usec = 0;
		wm_out_obj_open(o, NULL);
		wm_out_str(o, "sysctl", "  %s", wm_knob_sysctl(k));
		wm_out_u64(o, "old", " %" PRIu64, res.old);
		wm_out_u64(o, "value", " -> %" PRIu64, res.now);
		wm_out_bool(o, "written", NULL, !res.unchanged);
		wm_out_text(o, res.unchanged ? " (already)\n" : "\n");
		wm_out_obj_close(o);
	}
	wm_out_arr_close(o);
	return rc;
}

int cmd_reset(struct wm_ctx *ctx, int argc, char **argv)
{
	struct argp reset_argp = {
		.options = reset_options,
		.parser = reset_parse,
		.doc = "Restore the values from before wmtune first changed them "
		       "this boot (kept in the state), or the kernel's defaults.",
	};
	struct reset_args args = { 0 };
	uint64_t target[WM_KNOB_COUNT];
	struct wm_session *s;
	int rc, save;

	rc = wm_cmd_parse(ctx, &reset_argp, argc, argv, &args);
	if (rc)
		return rc;
	rc = wm_require_sysctl_writes(ctx);
	if (rc)
		return rc;
	s = calloc(1, sizeof(*s));
	if (!s)
		return wm_err(ctx, WM_EX_FAIL, ENOMEM, "reset");
	rc = wm_session_run(ctx, s, &args.tune, true);
	if (rc == 0)
		rc = targets(ctx, s, args.kernel_default, target);
	if (rc == 0) {
		wm_out_begin(&ctx->out);
		wm_out_text(&ctx->out, "Reset to %s\n", args.kernel_default ?
			    "the kernel's defaults" : "the baselines");
		wm_out_str(&ctx->out, "to", NULL, args.kernel_default ?
			   "kernel_default" : "baseline");
		if (target[0] == WM_UNKNOWN && target[1] == WM_UNKNOWN)
			wm_out_text(&ctx->out, "  nothing to do: wmtune has "
				    "written nothing this boot\n");
		rc = write_targets(ctx, s, target, args.kernel_default);
		save = wm_session_save(ctx, s);
		if (rc == 0 && save)
			rc = save;
		if (rc == 0 && wm_out_end(&ctx->out))
			rc = wm_err(ctx, WM_EX_FAIL, EIO, "writing the result");
	}
	wm_session_close(s);
	free(s);
	return rc;
}
