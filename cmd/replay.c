// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wmtune replay: run one policy (or several, side by side) over a trace
 * that `wmtune record` wrote, on the trace's own clock with simulated
 * knobs (lib/replay), and print each decision and a summary. Reads only
 * the trace (and --config FILE); writes nothing.
 *
 * The policy is the preset (--policy, or each name of --compare), then the
 * parameters of --config FILE, then the policy flags. Unlike suggest,
 * replay does not read /etc/wmtune.conf unless --config names it: the
 * same replay gives the same answer on every machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "knob.h"
#include "replay.h"
#include "tune.h"

enum { OPT_COMPARE = 0x200 };

#define MAX_POLICIES 8

struct replay_args {
	const char *trace;
	unsigned nr_policies;                /* 0: the one of --policy */
	char policies[MAX_POLICIES][16];     /* --compare */
	struct wm_tune_opts tune;
};

static const struct argp_option replay_options[] = {
	{ "compare", OPT_COMPARE, "P1,P2,...", 0,
	  "Run each of these presets (default, seed-v1, seed-v2) and print the "
	  "summaries side by side", 0 },
	{ 0 }
};

static void parse_compare(struct argp_state *state, struct replay_args *a,
			  const char *arg)
{
	struct wm_policy scratch;
	const char *p = arg;

	a->nr_policies = 0;
	for (;;) {
		size_t n = strcspn(p, ",");

		if (n == 0 || n >= sizeof(a->policies[0]))
			argp_error(state, "--compare: '%s' is not a list of "
				   "preset names", arg);
		if (a->nr_policies == MAX_POLICIES)
			argp_error(state, "--compare: at most %d policies",
				   MAX_POLICIES);
		memcpy(a->policies[a->nr_policies], p, n);
		a->policies[a->nr_policies][n] = '\0';
		if (wm_policy_preset(a->policies[a->nr_policies], &scratch))
			argp_error(state, "--compare: no preset '%s' (default, "
				   "seed-v1, seed-v2)", a->policies[a->nr_policies]);
		a->nr_policies++;
		if (!p[n])
			break;
		p += n + 1;
	}
}

static bool has_flag(const struct wm_tune_opts *o, const char *name)
{
	unsigned i;

	for (i = 0; i < o->nr_flags; i++)
		if (strcmp(o->flag_name[i], name) == 0)
			return true;
	return false;
}

static error_t replay_parse(int key, char *arg, struct argp_state *state)
{
	struct replay_args *a = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &a->tune;
		break;
	case OPT_COMPARE:
		parse_compare(state, a, arg);
		break;
	case ARGP_KEY_ARG:
		if (a->trace)
			argp_error(state, "unexpected argument '%s'", arg);
		a->trace = arg;
		break;
	case ARGP_KEY_END:
		if (!a->trace)
			argp_error(state, "no TRACE given");
		if (a->nr_policies && has_flag(&a->tune, "policy"))
			argp_error(state, "--policy and --compare do not go together");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/*
 * The shared policy options without the two that mean nothing here
 * (--state: replay keeps none; --any-facility: a trace holds counts, not
 * records). The parser is wm_tune_argp()'s own.
 */
static const struct argp *policy_argp(void)
{
	static struct argp_option opts[64];
	static struct argp child;
	const struct argp *t = wm_tune_argp();
	const struct argp_option *o;
	size_t n = 0;

	if (child.parser)
		return &child;
	for (o = t->options; o->name || o->key || o->doc; o++) {
		if (o->name && (strcmp(o->name, "state") == 0 ||
				strcmp(o->name, "any-facility") == 0))
			continue;
		if (n == WM_ARRAY_SIZE(opts) - 1)
			break;
		opts[n] = *o;
		/* replay reads no file by default */
		if (o->name && strcmp(o->name, "config") == 0)
			opts[n].doc = "Policy parameters from FILE (by default "
				      "none: a preset and the flags)";
		n++;
	}
	child.options = opts;
	child.parser = t->parser;
	return &child;
}

/* --- output --- */

static void print_offset(char *buf, size_t size, uint64_t usec)
{
	snprintf(buf, size, "+%" PRIu64 ".%03" PRIu64 " s", usec / 1000000,
		 usec % 1000000 / 1000);
}

static void print_change(struct wm_out *o, const struct wm_replay_change *c,
			 uint64_t t0, bool text)
{
	char off[32];
	unsigned i;

	print_offset(off, sizeof(off), c->t_usec - t0);
	wm_out_obj_open(o, NULL);
	wm_out_u64(o, "line", NULL, c->line);
	wm_out_u64(o, "t_usec", NULL, c->t_usec);
	wm_out_u64(o, "offset_usec", NULL, c->t_usec - t0);
	if (text)
		wm_out_text(o, "  %12s  ", off);
	wm_out_str(o, "sysctl", text ? "%-26s" : NULL, wm_knob_sysctl(c->knob));
	wm_out_u64(o, "old_value", text ? " %8" PRIu64 : NULL, c->old_value);
	wm_out_u64(o, "new_value", text ? " -> %-8" PRIu64 : NULL, c->new_value);
	wm_out_arr_open(o, "reasons");
	for (i = 0; i < c->nr_reasons; i++)
		wm_out_str(o, NULL, text ? (i ? ",%s" : "  %s") : NULL,
			   c->reasons[i]);
	wm_out_arr_close(o);
	wm_out_str(o, "id", text ? "  id %s\n" : NULL, c->id);
	wm_out_obj_close(o);
}

/* held kB: signed, and unknown without the trace's protection arrays */
static void print_held(struct wm_out *o, const char *key, const char *fmt,
		       bool known, int64_t v)
{
	if (known)
		wm_out_i64(o, key, fmt, v);
	else
		wm_out_null(o, key, fmt ? "unavailable" : NULL);
}

static void label(struct wm_out *o, bool text, const char *what)
{
	if (text)
		wm_out_text(o, "  %-36s", what);
}

static void print_knobs(struct wm_out *o, const struct wm_replay_summary *s,
			bool text)
{
	const char *num = text ? " %" PRIu64 "\n" : NULL;
	char key[64], what[64];
	enum wm_knob k;

	for (k = 0; k < WM_KNOB_COUNT; k++) {
		const char *name = wm_knob_name(k);

		snprintf(key, sizeof(key), "writes_%s", name);
		wm_out_u64(o, key, NULL, s->writes[k]);
		snprintf(what, sizeof(what), "mean %s%s", wm_knob_sysctl(k),
			 k == WM_KNOB_MIN_FREE_KBYTES ? " (kB)" : "");
		label(o, text, what);
		snprintf(key, sizeof(key), "mean_%s", name);
		wm_out_u64(o, key, num, s->mean[k]);
		snprintf(key, sizeof(key), "max_%s", name);
		wm_out_u64(o, key, NULL, s->max[k]);
		snprintf(key, sizeof(key), "final_%s", name);
		wm_out_u64(o, key, NULL, s->final[k]);
	}
}

static void print_summary(struct wm_out *o, const struct wm_replay_summary *s,
			  bool text)
{
	const char *num = text ? " %" PRIu64 "\n" : NULL;
	const char *inum = text ? " %" PRId64 "\n" : NULL;

	wm_out_obj_open(o, "summary");
	wm_out_u64(o, "observations", NULL, s->observations);
	wm_out_u64(o, "duration_usec", NULL, s->duration_usec);
	label(o, text, "writes");
	wm_out_u64(o, "writes", num, s->writes[0] + s->writes[1]);
	print_knobs(o, s, text);
	label(o, text, "held free above baseline, peak (kB)");
	print_held(o, "held_kbytes_peak", inum, s->held_known,
		   s->held_kbytes_peak);
	label(o, text, "held free above baseline, mean (kB)");
	print_held(o, "held_kbytes_mean", inum, s->held_known,
		   s->held_kbytes_mean);
	label(o, text, "failures");
	wm_out_u64(o, "failures", num, s->failures);
	wm_out_bool(o, "failures_known", NULL, s->failures_known);
	label(o, text, "failures below a later reserve");
	wm_out_u64(o, "failures_below_later_reserve", num,
		   s->failures_below_later);
	wm_out_obj_close(o);
}

static void print_trace(struct wm_out *o, const char *path,
			const struct wm_replay *r)
{
	const struct wm_replay_summary *s = &r->sum;

	wm_out_obj_open(o, "trace");
	wm_out_str(o, "path", "Trace %s:", path);
	wm_out_u64(o, "observations", " %" PRIu64 " observations", s->observations);
	wm_out_u64(o, "duration_usec", NULL, s->duration_usec);
	wm_out_text(o, " over %" PRIu64 ".%03" PRIu64 " s", s->duration_usec / 1000000,
		    s->duration_usec % 1000000 / 1000);
	wm_out_str(o, "kernel_release", " (kernel %s", r->release);
	wm_out_str(o, "variant", ", model variant %s)\n",
		   wm_model_variant_name(r->variant));
	wm_out_obj_open(o, "baseline");
	wm_out_u64(o, "min_free_kbytes", "Baseline: vm.min_free_kbytes %" PRIu64,
		   s->baseline[WM_KNOB_MIN_FREE_KBYTES]);
	wm_out_u64(o, "watermark_scale_factor",
		   ", vm.watermark_scale_factor %" PRIu64 "\n", s->baseline[WM_KNOB_WSF]);
	wm_out_obj_close(o);
	wm_out_obj_close(o);
}

static void print_run(struct wm_out *o, const struct wm_replay *r, bool text)
{
	uint64_t t0 = r->nr_steps ? r->steps[0].t_usec : 0;
	size_t i;

	wm_out_obj_open(o, NULL);
	wm_out_str(o, "policy", text ? "Policy %s:\n" : NULL, r->policy.name);
	wm_out_arr_open(o, "decisions");
	for (i = 0; i < r->nr_changes; i++)
		print_change(o, &r->changes[i], t0, text);
	wm_out_arr_close(o);
	if (text && r->nr_changes == 0)
		wm_out_text(o, "  no change\n");
	if (text)
		wm_out_text(o, "Summary:\n");
	print_summary(o, &r->sum, text);
	wm_out_obj_close(o);
}

/* --compare in text: one row per figure, one column per policy. */
static void print_table(struct wm_out *o, const struct wm_replay *runs,
			unsigned n)
{
	static const struct {
		const char *label;
		int which;
	} rows[] = {
		{ "writes", 0 }, { "mean vm.min_free_kbytes (kB)", 1 },
		{ "mean vm.watermark_scale_factor", 2 },
		{ "max vm.min_free_kbytes (kB)", 3 },
		{ "held free above baseline, peak (kB)", 4 },
		{ "held free above baseline, mean (kB)", 5 },
		{ "failures", 6 }, { "failures below a later reserve", 7 },
	};
	size_t i;
	unsigned j;

	wm_out_text(o, "%-36s", "");
	for (j = 0; j < n; j++)
		wm_out_text(o, " %12s", runs[j].policy.name);
	wm_out_text(o, "\n");
	for (i = 0; i < WM_ARRAY_SIZE(rows); i++) {
		wm_out_text(o, "%-36s", rows[i].label);
		for (j = 0; j < n; j++) {
			const struct wm_replay_summary *s = &runs[j].sum;
			int64_t v[] = {
				(int64_t)(s->writes[0] + s->writes[1]),
				(int64_t)s->mean[WM_KNOB_MIN_FREE_KBYTES],
				(int64_t)s->mean[WM_KNOB_WSF],
				(int64_t)s->max[WM_KNOB_MIN_FREE_KBYTES],
				s->held_kbytes_peak, s->held_kbytes_mean,
				(int64_t)s->failures, (int64_t)s->failures_below_later,
			};
			bool unknown = (rows[i].which == 4 || rows[i].which == 5) ?
				!s->held_known : rows[i].which == 2 &&
				s->mean[WM_KNOB_WSF] == WM_UNKNOWN;

			if (unknown)
				wm_out_text(o, " %12s", "unavailable");
			else
				wm_out_text(o, " %12" PRId64, v[rows[i].which]);
		}
		wm_out_text(o, "\n");
	}
}

static int print_all(struct wm_ctx *ctx, const struct replay_args *a,
		     const struct wm_replay *runs, unsigned n)
{
	struct wm_out *o = &ctx->out;
	bool table = !o->json && a->nr_policies > 0;
	unsigned j;

	wm_out_begin(o);
	print_trace(o, a->trace, &runs[0]);
	wm_out_arr_open(o, "policies");
	if (table)
		print_table(o, runs, n);
	for (j = 0; j < n; j++)
		print_run(o, &runs[j], !table);
	wm_out_arr_close(o);
	return wm_out_end(o);
}

/* --- running --- */

static int read_trace(struct wm_ctx *ctx, const char *path, struct wm_buf *b)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO :
					  open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return wm_err(ctx, wm_exit_for(-errno), errno, "%s", path);
	rc = wm_buf_read_all(b, fd);
	if (fd != STDIN_FILENO)
		close(fd);
	if (rc)
		return wm_err(ctx, WM_EX_FAIL, -rc, "reading %s", path);
	return 0;
}

static int replay_all(struct wm_ctx *ctx, const struct replay_args *a,
		      const struct wm_buf *trace, struct wm_replay *runs,
		      unsigned n)
{
	struct wm_parse_error perr = { 0 };
	struct wm_policy p;
	unsigned j;
	int rc;

	for (j = 0; j < n; j++) {
		struct wm_tune_opts o = a->tune;

		/* replay reads no /etc/wmtune.conf: same answer on every machine */
		o.no_default_config = true;
		o.preset = a->nr_policies ? a->policies[j] : NULL;
		rc = wm_tune_build_policy(ctx, &o, &p);
		if (rc)
			return rc;
		rc = wm_replay_run(trace->data, trace->len, &p, &runs[j], &perr);
		if (rc == -ENOMEM)
			return wm_err(ctx, WM_EX_FAIL, ENOMEM, "replay");
		if (rc)
			return wm_err(ctx, WM_EX_DATAERR, 0, "%s:%lu: %s", a->trace,
				      perr.line, perr.msg);
	}
	return 0;
}

int cmd_replay(struct wm_ctx *ctx, int argc, char **argv)
{
	struct argp_child children[] = { { policy_argp(), 0, "Policy options:", 0 },
					 { 0 } };
	struct argp replay_argp = {
		.options = replay_options,
		.parser = replay_parse,
		.children = children,
		.args_doc = "TRACE",
		.doc = "Run the policy over a trace that `wmtune record` wrote "
		       "(- for standard input), on the trace's own clock with "
		       "simulated sysctl values, and print each decision and a "
		       "summary: writes, the time-weighted mean of each knob, "
		       "the memory held free above the baseline, and the "
		       "failures that came while the reserve was below a value "
		       "it reached later. Writes nothing.",
	};
	struct replay_args args = { 0 };
	struct wm_buf trace = { 0 };
	struct wm_replay runs[MAX_POLICIES];
	unsigned n, j;
	int rc;

	memset(runs, 0, sizeof(runs));
	rc = wm_cmd_parse(ctx, &replay_argp, argc, argv, &args);
	if (rc)
		return rc;
	n = args.nr_policies ? args.nr_policies : 1;
	rc = read_trace(ctx, args.trace, &trace);
	if (rc == 0)
		rc = replay_all(ctx, &args, &trace, runs, n);
	if (rc == 0 && print_all(ctx, &args, runs, n))
		rc = wm_err(ctx, WM_EX_FAIL, EIO, "writing the replay");
	for (j = 0; j < n; j++)
		wm_replay_free(&runs[j]);
	wm_buf_free(&trace);
	return rc;
}
