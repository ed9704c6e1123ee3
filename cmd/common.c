// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cmd.h"
#include "text.h"

enum { OPT_ROOT = 0x100, OPT_PRETTY };

static const struct argp_option common_options[] = {
	{ "json", 'j', NULL, 0, "Write JSON (schema 1) instead of text", -1 },
	{ "pretty", OPT_PRETTY, NULL, 0, "Write indented JSON (implies --json)", -1 },
	{ "root", OPT_ROOT, "DIR", 0,
	  "Read and write the kernel's files under DIR instead of / "
	  "(also WMTUNE_ROOT)", -1 },
	{ 0 }
};

static error_t common_parse(int key, char *arg, struct argp_state *state)
{
	struct wm_ctx *ctx = state->input;

	switch (key) {
	case 'j':
		ctx->json = true;
		break;
	case OPT_PRETTY:
		ctx->json = ctx->pretty = true;
		break;
	case OPT_ROOT:
		ctx->root_dir = arg;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

const struct argp wm_common_argp = {
	.options = common_options,
	.parser = common_parse,
};

struct parse_frame {
	struct wm_ctx *ctx;
	void *input;
};

static error_t frame_parse(int key, char *arg, struct argp_state *state)
{
	struct parse_frame *f = state->input;

	(void)arg;
	if (key == ARGP_KEY_INIT) {
		state->child_inputs[0] = f->input;
		state->child_inputs[1] = f->ctx;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

int wm_cmd_parse(struct wm_ctx *ctx, const struct argp *argp, int argc,
		 char **argv, void *input)
{
	struct argp_child children[] = {
		{ argp, 0, NULL, 0 },
		{ &wm_common_argp, 0, "Common options:", 0 },
		{ 0 }
	};
	struct argp frame = { .parser = frame_parse, .children = children };
	struct parse_frame f = { ctx, input };
	int rc;

	argv[0] = ctx->prog;
	if (argp_parse(&frame, argc, argv, 0, NULL, &f) != 0)
		return WM_EX_USAGE;
	wm_out_init(&ctx->out, stdout, ctx->json, ctx->pretty);
	rc = wm_root_init(&ctx->root, ctx->root_dir);
	if (rc)
		return wm_err(ctx, WM_EX_USAGE, -rc, "--root %s", ctx->root_dir);
	return 0;
}

static void verr(struct wm_ctx *ctx, bool warning, int errnum,
		 const char *fmt, va_list ap)
{
	char msg[1024];
	size_t n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	if (errnum)
		snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(errnum));
	if (ctx->json && !warning) {
		struct json_object *doc = json_object_new_object();
		struct json_object *e = json_object_new_object();

		json_object_object_add(doc, "schema", json_object_new_int(1));
		json_object_object_add(e, "command",
				       json_object_new_string(ctx->cmd_name ?
							      ctx->cmd_name : ""));
		json_object_object_add(e, "message", json_object_new_string(msg));
		json_object_object_add(e, "errno", json_object_new_int(errnum));
		json_object_object_add(doc, "error", e);
		wm_out_discard(&ctx->out);
		printf("%s\n", json_object_to_json_string_ext(doc,
				JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(doc);
		return;
	}
	fprintf(stderr, "wmtune: %s%s%s%s\n", ctx->cmd_name ? ctx->cmd_name : "",
		ctx->cmd_name ? ": " : "", warning ? "warning: " : "", msg);
}

int wm_err(struct wm_ctx *ctx, int exit_code, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(ctx, false, errnum, fmt, ap);
	va_end(ap);
	return exit_code;
}

void wm_warn(struct wm_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(ctx, true, 0, fmt, ap);
	va_end(ap);
}

int wm_exit_for(int err)
{
	switch (err < 0 ? -err : err) {
	case 0:
		return WM_EX_OK;
	case EACCES:
	case EPERM:
	case EROFS:
		return WM_EX_NOPERM;
	case EPROTO:
	case EBADMSG:
	case ENODATA:
	case E2BIG:
	case ERANGE:
		return WM_EX_DATAERR;
	case EWOULDBLOCK:
		return WM_EX_TEMPFAIL;
	default:
		return WM_EX_FAIL;
	}
}

uint64_t wm_arg_u64(struct argp_state *state, const char *opt,
		    const char *arg, uint64_t min, uint64_t max)
{
	struct wm_span s = { arg, strlen(arg) };
	uint64_t v = 0;

	if (wm_parse_u64(wm_span_trim(s), &v) || v < min || v > max)
		argp_error(state, "%s: '%s' is not a whole number from %llu to %llu",
			   opt, arg, (unsigned long long)min,
			   (unsigned long long)max);
	return v;
}
