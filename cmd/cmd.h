/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The front end: one context built in main() and handed to the command,
 * the command table's row type, the exit codes, and the error reporter.
 * Only cmd/ turns errors into messages and exit codes.
 */
#ifndef WMTUNE_CMD_H
#define WMTUNE_CMD_H

#include <argp.h>

#include "out.h"
#include "root.h"

/* BSD sysexits values, so one table covers every command (DESIGN.md). */
enum wm_exit {
	WM_EX_OK = 0,
	WM_EX_FAIL = 1,
	WM_EX_CHANGE = 10,   /* suggest --check: a change is proposed */
	WM_EX_USAGE = 64,    /* argp's own default */
	WM_EX_DATAERR = 65,  /* malformed input data */
	WM_EX_TEMPFAIL = 75, /* another instance holds the lock */
	WM_EX_NOPERM = 77,   /* permission denied */
	WM_EX_CONFIG = 78,   /* configuration error */
};

/* Flags of a command-table row: what the dispatcher sets up for it. */
enum wm_cmd_flags {
	WM_CMD_WRITES = 1 << 0,    /* writes sysctls and the state */
	WM_CMD_READS_KMSG = 1 << 1, /* reads the kernel log */
};

struct wm_ctx {
	const char *cmd_name;     /* "status"; NULL before dispatch */
	char prog[64];            /* "wmtune status", for argp */
	const char *root_dir;     /* --root or WMTUNE_ROOT; NULL = "/" */
	struct wm_root root;
	bool json;
	bool pretty;
	struct wm_out out;
};

struct wm_cmd {
	const char *name;
	int (*run)(struct wm_ctx *ctx, int argc, char **argv);
	const char *summary;
	unsigned flags;
};

/* Options every command takes: --json, --pretty, --root. */
extern const struct argp wm_common_argp;

/*
 * Parse a command's own options (its argp plus the common ones), with
 * argv[0] set to "wmtune <command>" so usage and errors name it; then
 * open the root. Returns 0 or an exit code.
 */
int wm_cmd_parse(struct wm_ctx *ctx, const struct argp *argp, int argc,
		 char **argv, void *input);

/*
 * Report a runtime failure: "wmtune: <command>: <message>: <strerror>" on
 * stderr, or a JSON error object on stdout in JSON mode. errnum is a
 * positive errno or 0. Returns exit_code, for `return wm_err(...)`.
 */
int wm_err(struct wm_ctx *ctx, int exit_code, int errnum, const char *fmt,
	   ...) WM_PRINTF(4, 5);
/* A warning that does not stop the command (stderr, both modes). */
void wm_warn(struct wm_ctx *ctx, const char *fmt, ...) WM_PRINTF(2, 3);

/* The exit code for a -errno from lib/ (EACCES -> 77, EPROTO -> 65, ...). */
int wm_exit_for(int err);

/* Parse a whole number option within [min, max] or argp_error(). */
uint64_t wm_arg_u64(struct argp_state *state, const char *opt,
		    const char *arg, uint64_t min, uint64_t max);

/* The command table (cmd/main.c). */
extern const struct wm_cmd wm_commands[];

int cmd_status(struct wm_ctx *ctx, int argc, char **argv);
int cmd_events(struct wm_ctx *ctx, int argc, char **argv);
int cmd_predict(struct wm_ctx *ctx, int argc, char **argv);
int cmd_suggest(struct wm_ctx *ctx, int argc, char **argv);
int cmd_apply(struct wm_ctx *ctx, int argc, char **argv);
int cmd_reset(struct wm_ctx *ctx, int argc, char **argv);
int cmd_watch(struct wm_ctx *ctx, int argc, char **argv);
int cmd_record(struct wm_ctx *ctx, int argc, char **argv);
int cmd_replay(struct wm_ctx *ctx, int argc, char **argv);

#endif /* WMTUNE_CMD_H */
