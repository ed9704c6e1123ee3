// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wmtune: the dispatcher. The command table below is the single source of
 * truth: dispatch, `wmtune --help` and `wmtune help` all read it. The
 * global argp parses in order and stops at the first non-option word (the
 * command), which then parses the rest with its own argp.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static int cmd_help(struct wm_ctx *ctx, int argc, char **argv);

const struct wm_cmd wm_commands[] = {
	{ "status", cmd_status,
	  "zones, headroom, vm sysctls, counters, PSI, failures this boot", 0 },
	{ "events", cmd_events,
	  "allocation-failure reports from the kernel log or a saved log",
	  WM_CMD_READS_KMSG },
	{ "predict", cmd_predict,
	  "each zone's min/low/high for given sysctl values", 0 },
	{ "suggest", cmd_suggest,
	  "what the policy would change now, and why (writes nothing)",
	  WM_CMD_READS_KMSG },
	{ "apply", cmd_apply,
	  "one tick of the policy, or given values: write, read back, record",
	  WM_CMD_WRITES | WM_CMD_READS_KMSG },
	{ "reset", cmd_reset, "restore the values from before wmtune changed them",
	  WM_CMD_WRITES },
	{ "watch", cmd_watch,
	  "the loop: wake on kernel-log records and a timer, raise and decay",
	  WM_CMD_WRITES | WM_CMD_READS_KMSG },
	{ "record", cmd_record,
	  "write observations (zones, counters, failures) as JSON lines",
	  WM_CMD_READS_KMSG },
	{ "replay", cmd_replay,
	  "run policies over a recorded trace and compare them", 0 },
	{ "help", cmd_help, "help on a command", 0 },
	{ NULL, NULL, NULL, 0 }
};

const char *argp_program_version = "wmtune " WMTUNE_VERSION;

static const struct wm_cmd *find_command(const char *name)
{
	const struct wm_cmd *c;

	for (c = wm_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

struct global_args {
	struct wm_ctx *ctx;
	const struct wm_cmd *cmd;
	int sub_argc;
	char **sub_argv;
};

static error_t global_parse(int key, char *arg, struct argp_state *state)
{
	struct global_args *g = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = g->ctx;
		return 0;
	case ARGP_KEY_ARG:
		g->cmd = find_command(arg);
		if (!g->cmd)
			argp_error(state, "unknown command '%s'", arg);
		g->sub_argc = state->argc - state->next + 1;
		g->sub_argv = &state->argv[state->next - 1];
		state->next = state->argc;
		return 0;
	case ARGP_KEY_NO_ARGS:
		argp_usage(state);
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

static char *global_help(int key, const char *text, void *input)
{
	const struct wm_cmd *c;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	(void)input;
	if (key != ARGP_KEY_HELP_POST_DOC)
		return (char *)text;
	fp = open_memstream(&buf, &len);
	if (!fp)
		return (char *)text;
	fprintf(fp, "Commands:\n");
	for (c = wm_commands; c->name; c++)
		fprintf(fp, "  %-10s %s\n", c->name, c->summary);
	fprintf(fp, "\n`wmtune COMMAND --help` shows a command's options.");
	fclose(fp);
	return buf;
}

static const struct argp_child global_children[] = {
	{ &wm_common_argp, 0, NULL, 0 },
	{ 0 }
};

static const struct argp global_argp = {
	.parser = global_parse,
	.args_doc = "COMMAND [OPTION...]",
	.doc = "Tune the kernel's free-page reserve (vm.min_free_kbytes, "
	       "vm.watermark_scale_factor) from what the machine shows."
	       "\v",
	.children = global_children,
	.help_filter = global_help,
};

static int run(struct wm_ctx *ctx, const struct wm_cmd *cmd, int argc,
	       char **argv)
{
	ctx->cmd_name = cmd->name;
	snprintf(ctx->prog, sizeof(ctx->prog), "wmtune %s", cmd->name);
	return cmd->run(ctx, argc, argv);
}

static int cmd_help(struct wm_ctx *ctx, int argc, char **argv)
{
	const struct wm_cmd *cmd;
	char *help_argv[] = { NULL, (char *)"--help", NULL };

	(void)argv;
	if (argc < 2) {
		argp_help(&global_argp, stdout, ARGP_HELP_STD_HELP, (char *)"wmtune");
		return WM_EX_OK;
	}
	cmd = find_command(argv[1]);
	if (!cmd || cmd->run == cmd_help) {
		ctx->cmd_name = "help";
		return wm_err(ctx, WM_EX_USAGE, 0, "unknown command '%s'", argv[1]);
	}
	return run(ctx, cmd, 2, help_argv);
}

/* A full disk under `wmtune status > file` is an error, not a truncation. */
static void close_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout) ||
	    (fclose(stdout) != 0 && errno != EBADF)) {
		if (errno == EPIPE)
			_exit(WM_EX_FAIL);
		fprintf(stderr, "wmtune: write error: %s\n", strerror(errno));
		_exit(WM_EX_FAIL);
	}
}

int main(int argc, char **argv)
{
	struct wm_ctx ctx = { 0 };
	struct global_args g = { .ctx = &ctx };
	const char *base = strrchr(argv[0], '/');
	int rc;

	atexit(close_stdout);
	ctx.root_dir = secure_getenv("WMTUNE_ROOT");
	base = base ? base + 1 : argv[0];

	/*
	 * Multi-call: wmtune-<command> runs that command (git/busybox style);
	 * any other name (wmtune-static, a renamed copy) is plain wmtune.
	 */
	if (strncmp(base, "wmtune-", 7) == 0) {
		const struct wm_cmd *cmd = find_command(base + 7);

		if (cmd && cmd->run != cmd_help)
			return run(&ctx, cmd, argc, argv);
	}
	argp_parse(&global_argp, argc, argv, ARGP_IN_ORDER, NULL, &g);
	if (!g.cmd)
		return WM_EX_USAGE;
	rc = run(&ctx, g.cmd, g.sub_argc, g.sub_argv);
	return rc < 0 || rc > 255 ? WM_EX_FAIL : rc;
}
