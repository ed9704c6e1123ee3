// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wmtune predict: each zone's min/low/high for given min_free_kbytes and
 * watermark_scale_factor, by the kernel's own arithmetic (lib/model).
 * Before predicting anything it must reproduce today's /proc/zoneinfo from
 * today's sysctls: exactly (ok), or as the same reserve split with older
 * managed counts (stale, spec §2.5 step 6); otherwise it refuses (65).
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "observe.h"
#include "print_forecast.h"

enum { OPT_MFK = 0x200, OPT_WSF };

struct predict_args {
	uint64_t mfk; /* WM_UNKNOWN: keep the current value */
	uint64_t wsf;
};

static const struct argp_option predict_options[] = {
	{ "min-free-kbytes", OPT_MFK, "N", 0,
	  "Predict for vm.min_free_kbytes = N (default: the current value)", 0 },
	{ "watermark-scale-factor", OPT_WSF, "N", 0,
	  "Predict for vm.watermark_scale_factor = N (default: the current "
	  "value)", 0 },
	{ 0 }
};

static error_t predict_parse(int key, char *arg, struct argp_state *state)
{
	struct predict_args *a = state->input;

	switch (key) {
	case OPT_MFK:
		a->mfk = wm_arg_u64(state, "--min-free-kbytes", arg, 0, INT_MAX);
		break;
	case OPT_WSF:
		a->wsf = wm_arg_u64(state, "--watermark-scale-factor", arg, 0,
				    INT_MAX);
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp predict_argp = {
	.options = predict_options,
	.parser = predict_parse,
	.doc = "Show each zone's min/low/high watermarks now and for the given "
	       "values, computed by the kernel's own integer arithmetic. With "
	       "no values it reproduces /proc/zoneinfo, or says why not.",
};

/* Everything one run needs; large (the zone arrays), so on the heap. */
struct predict {
	struct wm_observer obs;
	struct wm_snapshot snap;
	struct wm_model_input in;
	struct wm_model_check chk;
	struct wm_forecast f;
};

static void print_knob(struct wm_out *o, const char *key, uint64_t cur,
		       uint64_t pred)
{
	wm_out_obj_open(o, key);
	wm_out_text(o, "%-23s ", key);
	wm_out_u64(o, "current", "%8" PRIu64, cur);
	wm_out_text(o, " -> ");
	wm_out_u64(o, "predicted", "%" PRIu64 "\n", pred);
	wm_out_obj_close(o);
}

static int print_result(struct wm_ctx *ctx, const struct predict *p)
{
	struct wm_out *o = &ctx->out;
	const struct wm_model_input *in = &p->in;
	bool stale = p->chk.result == WM_CHECK_STALE;
	int rc;

	wm_out_begin(o);
	wm_out_str(o, "self_check", "self-check: %s",
		   wm_check_result_name(p->chk.result));
	wm_out_str(o, "variant", " (kernel arithmetic %s:",
		   wm_model_variant_name(p->chk.variant));
	wm_out_text(o, " %s)\n", wm_model_variant_desc(p->chk.variant));
	if (stale)
		wm_out_text(o, "note: %s; predicted values use today's "
			       "managed counts\n", p->chk.why);
	print_knob(o, "min_free_kbytes", in->min_free_kbytes, p->f.mfk);
	print_knob(o, "watermark_scale_factor", in->watermark_scale_factor,
		   p->f.wsf);
	wm_print_forecast_zones(o, in, &p->f, "zones");
	wm_print_forecast_cost(o, &p->f, NULL);
	rc = wm_out_end(o);
	return rc ? wm_err(ctx, WM_EX_FAIL, -rc, "writing the result") : 0;
}

/* The kernel's accepted ranges, and ours (spec §1.3, §2.2, §8). */
static int check_values(struct wm_ctx *ctx, const struct predict *p,
			const struct predict_args *a)
{
	enum wm_model_variant v = p->chk.variant;
	uint64_t max;

	if (a->wsf != WM_UNKNOWN) {
		max = wm_model_wsf_max(&p->in.kver);
		if (p->in.watermark_scale_factor == WM_UNKNOWN)
			return wm_err(ctx, WM_EX_USAGE, 0,
				      "--watermark-scale-factor: this kernel "
				      "has no vm.watermark_scale_factor "
				      "(added in 4.6)");
		if (v == WM_VARIANT_PRE_4_6)
			return wm_err(ctx, WM_EX_USAGE, 0,
				      "--watermark-scale-factor: this kernel's "
				      "watermarks follow the pre-4.6 arithmetic, "
				      "which does not use it");
		if (a->wsf < WM_WSF_MIN || a->wsf > max)
			return wm_err(ctx, WM_EX_USAGE, 0,
				      "--watermark-scale-factor %llu: outside "
				      "this kernel's range %d..%llu",
				      (unsigned long long)a->wsf, WM_WSF_MIN,
				      (unsigned long long)max);
	}
	if (a->mfk == WM_UNKNOWN)
		return 0;
	if (a->mfk < 128)
		return wm_err(ctx, WM_EX_USAGE, 0,
			      "--min-free-kbytes %llu: below 128, the kernel's "
			      "own lower bound; the system would be prone to "
			      "deadlock", (unsigned long long)a->mfk);
	max = wm_model_mfk_max_zone_share(v, &p->in, 1, 1);
	if (max != WM_UNKNOWN && a->mfk > max)
		return wm_err(ctx, WM_EX_USAGE, 0,
			      "--min-free-kbytes %llu: a zone's min would "
			      "exceed its managed pages (at most %llu here)",
			      (unsigned long long)a->mfk,
			      (unsigned long long)max);
	return 0;
}

static int observe(struct wm_ctx *ctx, struct predict *p)
{
	struct wm_parse_error perr = { 0 };
	const char *file = NULL;
	const struct wm_sysinfo *si = &p->snap.sysinfo;
	int rc;

	rc = wm_observer_open(&p->obs, &ctx->root);
	if (rc)
		return wm_err(ctx, wm_exit_for(rc), -rc, "%s",
			      p->obs.failed_file ? p->obs.failed_file : "open");
	rc = wm_observer_read(&p->obs, &p->snap, &perr, &file);
	if (rc && perr.line)
		return wm_err(ctx, wm_exit_for(rc), 0, "%s:%lu: %s",
			      file ? file : "?", perr.line, perr.msg);
	if (rc)
		return wm_err(ctx, wm_exit_for(rc), -rc, "%s", file ? file : "?");
	if (si->vm.min_free_kbytes == WM_UNKNOWN)
		return wm_err(ctx, WM_EX_DATAERR, 0,
			      "proc/sys/vm/min_free_kbytes: not a number");
	rc = wm_model_input_init(&p->in, &p->snap.zoneinfo,
				 si->vm.min_free_kbytes,
				 si->vm.watermark_scale_factor, si->page_size,
				 &si->kver);
	if (rc)
		return wm_err(ctx, WM_EX_DATAERR, 0,
			      "the page size of the observed system is unknown");
	return 0;
}

static int predict(struct wm_ctx *ctx, struct predict *p,
		   const struct predict_args *a)
{
	int rc = observe(ctx, p);

	if (rc)
		return rc;
	rc = wm_model_self_check(&p->in, &p->chk);
	if (rc)
		return wm_err(ctx, WM_EX_DATAERR, -rc, "self-check");
	if (p->chk.result == WM_CHECK_UNKNOWN) {
		char wsf[32] = "unavailable";

		if (p->in.watermark_scale_factor != WM_UNKNOWN)
			snprintf(wsf, sizeof(wsf), "%llu",
				 (unsigned long long)p->in.watermark_scale_factor);
		return wm_err(ctx, WM_EX_DATAERR, 0,
			      "no known kernel variant reproduces /proc/zoneinfo "
			      "from min_free_kbytes %llu and watermark_scale_factor "
			      "%s (%s); refusing to predict",
			      (unsigned long long)p->in.min_free_kbytes, wsf,
			      p->chk.why);
	}
	rc = check_values(ctx, p, a);
	if (rc)
		return rc;
	rc = wm_forecast_compute(&p->in, p->chk.variant,
				 p->snap.available[WM_SRC_MEMINFO] ? &p->snap.meminfo : NULL,
				 a->mfk != WM_UNKNOWN ? a->mfk : p->in.min_free_kbytes,
				 a->wsf != WM_UNKNOWN ? a->wsf : p->in.watermark_scale_factor,
				 &p->f);
	if (rc)
		return wm_err(ctx, WM_EX_DATAERR, -rc, "computing the watermarks");
	return print_result(ctx, p);
}

int cmd_predict(struct wm_ctx *ctx, int argc, char **argv)
{
	struct predict_args a = { WM_UNKNOWN, WM_UNKNOWN };
	struct predict *p;
	int rc;

	rc = wm_cmd_parse(ctx, &predict_argp, argc, argv, &a);
	if (rc)
		return rc;
	p = calloc(1, sizeof(*p));
	if (!p)
		return wm_err(ctx, WM_EX_FAIL, ENOMEM, "predict");
	rc = predict(ctx, p, &a);
	wm_observer_close(&p->obs);
	free(p);
	return rc;
}
