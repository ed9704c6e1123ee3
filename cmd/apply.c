// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wmtune apply: one tick of the policy, carried out. It writes what the
 * policy (or the command line) asks for, reads every value back, checks
 * that /proc/zoneinfo now shows the predicted watermarks, and records it
 * all in the state. From cron every minute it is a complete auto-tuner:
 * each run reads the kernel log from the saved cursor and lets decay
 * happen.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print_forecast.h"
#include "tune.h"

enum { OPT_DRY_RUN = 0x200, OPT_MFK, OPT_WSF };

struct apply_args {
	bool dry_run;
	uint64_t explicit_value[WM_KNOB_COUNT]; /* WM_UNKNOWN: policy decides */
	struct wm_tune_opts tune;
};

static const struct argp_option apply_options[] = {
	{ "dry-run", OPT_DRY_RUN, NULL, 0,
	  "Show the writes and their predicted effect; write nothing", 0 },
	{ "min-free-kbytes", OPT_MFK, "N", 0,
	  "Write vm.min_free_kbytes = N instead of what the policy proposes", 0 },
	{ "watermark-scale-factor", OPT_WSF, "N", 0,
	  "Write vm.watermark_scale_factor = N instead of what the policy "
	  "proposes", 0 },
	{ 0 }
};

static error_t apply_parse(int key, char *arg, struct argp_state *state)
{
	struct apply_args *a = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &a->tune;
		break;
	case OPT_DRY_RUN:
		a->dry_run = true;
		break;
	case OPT_MFK:
		a->explicit_value[WM_KNOB_MIN_FREE_KBYTES] =
			wm_arg_u64(state, "--min-free-kbytes", arg, 0, INT_MAX);
		break;
	case OPT_WSF:
		a->explicit_value[WM_KNOB_WSF] =
			wm_arg_u64(state, "--watermark-scale-factor", arg, 0, INT_MAX);
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* The kernel's range, the cap and the floor hold for explicit values too. */
static int check_explicit(struct wm_ctx *ctx, const struct wm_session *s,
			  enum wm_knob k, uint64_t v)
{
	const struct wm_knob_decision *kd = &s->d.knob[k];
	uint64_t lo = k == WM_KNOB_MIN_FREE_KBYTES ? 128 : WM_WSF_MIN;
	uint64_t hi = k == WM_KNOB_MIN_FREE_KBYTES ? s->in.mfk_hard_max :
						     s->in.wsf_kernel_max;

	if (kd->current == WM_UNKNOWN)
		return wm_err(ctx, WM_EX_USAGE, 0, "%s: this kernel does not have it",
			      wm_knob_sysctl(k));
	if (v < lo || (hi != WM_UNKNOWN && v > hi))
		return wm_err(ctx, WM_EX_USAGE, 0, "%s %" PRIu64 ": outside the "
			      "safe range %" PRIu64 "..%" PRIu64 " on this machine",
			      wm_knob_sysctl(k), v, lo, hi);
	if (v > kd->cap)
		return wm_err(ctx, WM_EX_USAGE, 0, "%s %" PRIu64 ": above the "
			      "policy's cap %" PRIu64 " (raise the cap to go higher)",
			      wm_knob_sysctl(k), v, kd->cap);
	if (v < kd->floor)
		return wm_err(ctx, WM_EX_USAGE, 0, "%s %" PRIu64 ": below the "
			      "floor %" PRIu64 " (the baseline; `wmtune reset` "
			      "restores it)", wm_knob_sysctl(k), v, kd->floor);
	return 0;
}

/* Replace the policy's decision with the values given on the command line. */
static int use_explicit(struct wm_ctx *ctx, struct wm_session *s,
			const struct apply_args *a)
{
	bool any = false;
	enum wm_knob k;
	int rc;

	for (k = 0; k < WM_KNOB_COUNT; k++)
		any |= a->explicit_value[k] != WM_UNKNOWN;
	if (!any)
		return 0;
	for (k = 0; k < WM_KNOB_COUNT; k++) {
		struct wm_knob_decision *kd = &s->d.knob[k];
		uint64_t v = a->explicit_value[k];

		s->d.signal[k] = false;
		kd->nr_reasons = 0;
		kd->proposed = kd->current;
		kd->change = false;
		if (v == WM_UNKNOWN)
			continue;
		rc = check_explicit(ctx, s, k, v);
		if (rc)
			return rc;
		kd->proposed = v;
		kd->change = v != kd->current;
		snprintf(kd->reasons[0].code, sizeof(kd->reasons[0].code), "explicit");
		snprintf(kd->reasons[0].text, sizeof(kd->reasons[0].text),
			 "given on the command line");
		kd->nr_reasons = 1;
	}
	wm_policy_redo_id(&s->d);
	return 0;
}

struct applied {
	struct wm_session_writes w;
	int verified;            /* 1 yes, 0 no, -1 not checked */
	char verify_note[200];
};

/*
 * After a write the kernel recomputes every zone's watermarks at once
 * (boost cleared): zoneinfo must now equal the prediction exactly. A fake
 * tree's zoneinfo does not change, so there is nothing to check there.
 */
static void verify(struct wm_ctx *ctx, struct wm_session *s,
		   const struct wm_forecast *f, struct applied *ap)
{
	static struct wm_model_wmark now[WM_MAX_ZONES];
	struct wm_model_input *in = &s->facts.model;
	const struct wm_vm_sysctls *vm = &s->snap.sysinfo.vm;
	unsigned i;

	ap->verified = -1;
	if (!wm_root_is_real(&ctx->root)) {
		snprintf(ap->verify_note, sizeof(ap->verify_note),
			 "not checked: --root tree");
		return;
	}
	if (wm_observer_read(&s->obs, &s->snap, NULL, NULL) ||
	    wm_model_input_init(in, &s->snap.zoneinfo, vm->min_free_kbytes,
				vm->watermark_scale_factor,
				s->snap.sysinfo.page_size, &s->snap.sysinfo.kver)) {
		snprintf(ap->verify_note, sizeof(ap->verify_note),
			 "not checked: zoneinfo could not be read again");
		return;
	}
	wm_model_current(in, now);
	for (i = 0; i < in->nr_zones; i++) {
		if (now[i].min != f->pred[i].min || now[i].low != f->pred[i].low ||
		    now[i].high != f->pred[i].high) {
			ap->verified = 0;
			snprintf(ap->verify_note, sizeof(ap->verify_note),
				 "zone %u (%s): min/low/high %" PRIu64 "/%" PRIu64
				 "/%" PRIu64 ", predicted %" PRIu64 "/%" PRIu64
				 "/%" PRIu64, i, wm_zone_type_name(in->zones[i].type),
				 now[i].min, now[i].low, now[i].high,
				 f->pred[i].min, f->pred[i].low, f->pred[i].high);
			wm_warn(ctx, "zoneinfo after the write differs from the "
				"prediction: %s", ap->verify_note);
			return;
		}
	}
	ap->verified = 1;
	snprintf(ap->verify_note, sizeof(ap->verify_note),
		 "zoneinfo matches the prediction in every zone");
}

static void print_writes(struct wm_out *o, const struct wm_session *s,
			 const struct applied *ap, bool dry_run)
{
	enum wm_knob k;

	wm_out_bool(o, "dry_run", NULL, dry_run);
	wm_out_text(o, dry_run ? "\nWould write (dry run: nothing written)\n" :
				 "\nWrites\n");
	wm_out_arr_open(o, "writes");
	if (!wm_decision_changes(&s->d))
		wm_out_text(o, "  none\n");
	for (k = 0; k < WM_KNOB_COUNT; k++) {
		const struct wm_knob_decision *kd = &s->d.knob[k];

		if (!kd->change)
			continue;
		wm_out_obj_open(o, NULL);
		wm_out_str(o, "sysctl", "  %s", wm_knob_sysctl(k));
		wm_out_u64(o, "value", " = %" PRIu64, kd->proposed);
		wm_out_u64(o, "old", " (was %" PRIu64 ")", kd->current);
		if (!dry_run) {
			wm_out_u64(o, "read_back", ", read back %" PRIu64,
				   ap->w.res[k].now);
			wm_out_bool(o, "written", NULL, ap->w.wrote[k]);
		}
		wm_out_text(o, "\n");
		wm_out_obj_close(o);
	}
	wm_out_arr_close(o);
	if (dry_run)
		return;
	if (ap->verified < 0)
		wm_out_null(o, "verified", NULL);
	else
		wm_out_bool(o, "verified", NULL, ap->verified == 1);
	wm_out_str(o, "verify_note", "  check: %s\n", ap->verify_note);
}

static int run_apply(struct wm_ctx *ctx, struct wm_session *s,
		     const struct apply_args *a)
{
	const struct wm_knob_decision *kd = s->d.knob;
	struct applied ap = { .verified = -1 };
	struct wm_forecast *f;
	int rc;

	f = calloc(1, sizeof(*f));
	if (!f)
		return wm_err(ctx, WM_EX_FAIL, ENOMEM, "apply");
	rc = wm_forecast_compute(&s->facts.model, s->facts.check.variant,
				 s->snap.available[WM_SRC_MEMINFO] ? &s->snap.meminfo : NULL,
				 kd[WM_KNOB_MIN_FREE_KBYTES].proposed,
				 kd[WM_KNOB_WSF].proposed, f);
	if (rc) {
		free(f);
		return wm_err(ctx, WM_EX_DATAERR, -rc, "the kernel model");
	}
	if (!a->dry_run) {
		rc = wm_session_write(ctx, s, &ap.w);
		wm_session_commit(s);
		/* what was written is recorded even when a later write failed */
		if (wm_session_save(ctx, s) && !rc)
			rc = WM_EX_FAIL;
		if (rc) {
			free(f);
			return rc;
		}
		if (ap.w.wrote[WM_KNOB_MIN_FREE_KBYTES] || ap.w.wrote[WM_KNOB_WSF])
			verify(ctx, s, f, &ap);
		else
			snprintf(ap.verify_note, sizeof(ap.verify_note),
				 "nothing written");
	}
	wm_out_begin(&ctx->out);
	wm_print_decision(&ctx->out, s);
	print_writes(&ctx->out, s, &ap, a->dry_run);
	wm_print_forecast_zones(&ctx->out, &s->facts.model, f, "predicted_zones");
	wm_print_forecast_cost(&ctx->out, f, "cost");
	free(f);
	rc = wm_out_end(&ctx->out);
	if (rc)
		return wm_err(ctx, WM_EX_FAIL, -rc, "writing the result");
	return ap.verified == 0 ? WM_EX_FAIL : WM_EX_OK;
}

int cmd_apply(struct wm_ctx *ctx, int argc, char **argv)
{
	struct argp_child children[] = { { wm_tune_argp(), 0, "Policy options:", 0 },
					 { 0 } };
	struct argp apply_argp = {
		.options = apply_options,
		.parser = apply_parse,
		.children = children,
		.doc = "Carry out one tick of the policy (or the given values): "
		       "write, read back, check zoneinfo against the prediction, "
		       "and record it in the state.",
	};
	struct apply_args args = {
		.explicit_value = { WM_UNKNOWN, WM_UNKNOWN },
	};
	struct wm_session *s;
	int rc;

	rc = wm_cmd_parse(ctx, &apply_argp, argc, argv, &args);
	if (rc)
		return rc;
	if (!args.dry_run && (rc = wm_require_sysctl_writes(ctx)))
		return rc;
	s = calloc(1, sizeof(*s));
	if (!s)
		return wm_err(ctx, WM_EX_FAIL, ENOMEM, "apply");
	rc = wm_session_run(ctx, s, &args.tune, !args.dry_run);
	if (rc == 0)
		rc = use_explicit(ctx, s, &args);
	if (rc == 0)
		rc = run_apply(ctx, s, &args);
	wm_session_close(s);
	free(s);
	return rc;
}
