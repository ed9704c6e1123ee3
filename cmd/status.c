// SPDX-License-Identifier: GPL-2.0-or-later
/* PLACEHOLDER: being written; replaced before this lands. */
#include "cmd.h"

int cmd_status(struct wm_ctx *ctx, int argc, char **argv)
{
	int rc = wm_cmd_parse(ctx, &(struct argp){ 0 }, argc, argv, NULL);

	return rc ? rc : wm_err(ctx, WM_EX_FAIL, 0, "not built yet");
}
