// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wmtune suggest: one pass of the policy over what the machine shows now
 * and over the state; writes nothing, not even the state.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "print_forecast.h"
#include "tune.h"

enum { OPT_CHECK = 0x200, OPT_FORMAT };
enum suggest_format { FMT_TEXT, FMT_JSON, FMT_SYSCTL };

struct suggest_args {
	bool check;
	enum suggest_format format;
	struct wm_tune_opts tune;
};

static const struct argp_option suggest_options[] = {
	{ "check", OPT_CHECK, NULL, 0,
	  "Exit 10 when a change is proposed, 0 when none is", 0 },
	{ "format", OPT_FORMAT, "FORMAT", 0,
	  "text (default), json, or sysctl (a drop-in for /etc/sysctl.d)", 0 },
	{ 0 }
};

static error_t suggest_parse(int key, char *arg, struct argp_state *state)
{
	struct suggest_args *a = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &a->tune;
		break;
	case OPT_CHECK:
		a->check = true;
		break;
	case OPT_FORMAT:
		if (strcmp(arg, "text") == 0)
			a->format = FMT_TEXT;
		else if (strcmp(arg, "json") == 0)
			a->format = FMT_JSON;
		else if (strcmp(arg, "sysctl") == 0)
			a->format = FMT_SYSCTL;
		else
			argp_error(state, "--format: '%s' is not text, json or sysctl", arg);
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static void print_signals(struct wm_out *o, const struct wm_session *s)
{
	const struct wm_policy_input *in = &s->in;

	wm_out_obj_open(o, "observed");
	if (s->log_err)
		wm_out_null(o, "atomic_failures",
			    "Observed: kernel log unavailable");
	else
		wm_out_u64(o, "atomic_failures",
			   "Observed: %" PRIu64 " order-0 atomic failures",
			   in->atomic_failures);
	wm_out_text(o, " since %s", s->state.cursor_valid ?
		    "the last run" : "boot");
	if (in->tightest_free_pages != WM_UNKNOWN) {
		wm_out_str(o, "tightest_zone", "; tightest zone %s", in->tightest_zone);
		wm_out_u64(o, "tightest_free_pages", " (free %" PRIu64,
			   in->tightest_free_pages);
		wm_out_u64(o, "tightest_min_pages", ", min %" PRIu64 ")",
			   in->tightest_min_pages);
	}
	wm_out_text(o, "\n");
	wm_out_obj_close(o);
}

static int print_sysctl_dropin(struct wm_session *s)
{
	char date[32] = "";
	time_t now = time(NULL);
	struct tm tm;
	enum wm_knob k;

	if (gmtime_r(&now, &tm))
		strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	printf("# Written by wmtune %s suggest on %s (policy %s, suggestion %s).\n"
	       "# sysctl.d files are read in name order and the last value set\n"
	       "# for a key wins: give this file a name that sorts after any\n"
	       "# other file that sets these keys (e.g. 90-wmtune.conf).\n",
	       WMTUNE_VERSION, date, s->policy.name, s->d.id);
	if (!wm_decision_changes(&s->d))
		printf("# No change proposed.\n");
	for (k = 0; k < WM_KNOB_COUNT; k++)
		if (s->d.knob[k].change)
			printf("%s = %" PRIu64 "\n", wm_knob_sysctl(k),
			       s->d.knob[k].proposed);
	return fflush(stdout) == 0 ? 0 : -EIO;
}

static int print_suggestion(struct wm_ctx *ctx, struct wm_session *s)
{
	const struct wm_knob_decision *kd = s->d.knob;
	struct wm_out *o = &ctx->out;
	struct wm_forecast *f;
	uint64_t wsf = kd[WM_KNOB_WSF].proposed;
	int rc;

	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	rc = wm_forecast_compute(&s->facts.model, s->facts.check.variant,
				 s->snap.available[WM_SRC_MEMINFO] ? &s->snap.meminfo : NULL,
				 kd[WM_KNOB_MIN_FREE_KBYTES].proposed, wsf, f);
	if (rc == 0) {
		wm_out_begin(o);
		print_signals(o, s);
		wm_print_decision(o, s);
		wm_print_forecast_zones(o, &s->facts.model, f, "predicted_zones");
		wm_print_forecast_cost(o, f, "cost");
		rc = wm_out_end(o);
	}
	free(f);
	return rc;
}

int cmd_suggest(struct wm_ctx *ctx, int argc, char **argv)
{
	struct argp_child children[] = { { wm_tune_argp(), 0, "Policy options:", 0 },
					 { 0 } };
	struct argp suggest_argp = {
		.options = suggest_options,
		.parser = suggest_parse,
		.children = children,
		.doc = "Show what the policy would change now and why: the "
		       "proposed sysctl values, their reasons, each zone's "
		       "predicted watermarks and the memory cost. Writes "
		       "nothing.",
	};
	struct suggest_args args = { 0 };
	struct wm_session *s;
	int rc;

	rc = wm_cmd_parse(ctx, &suggest_argp, argc, argv, &args);
	if (rc)
		return rc;
	if (args.format == FMT_JSON)
		wm_out_init(&ctx->out, stdout, true, ctx->pretty);
	s = calloc(1, sizeof(*s));
	if (!s)
		return wm_err(ctx, WM_EX_FAIL, ENOMEM, "suggest");
	rc = wm_session_run(ctx, s, &args.tune, false);
	if (rc == 0) {
		rc = args.format == FMT_SYSCTL ? print_sysctl_dropin(s) :
						 print_suggestion(ctx, s);
		if (rc)
			rc = wm_err(ctx, WM_EX_FAIL, -rc, "writing the suggestion");
		else if (args.check && wm_decision_changes(&s->d))
			rc = WM_EX_CHANGE;
	}
	wm_session_close(s);
	free(s);
	return rc;
}
