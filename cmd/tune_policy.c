// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The policy options suggest, apply and watch share, and the policy they
 * make. The order of precedence for a policy parameter is flag > config
 * file > preset; the preset itself comes from --policy, else the file's
 * "policy =", else "default".
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "priv.h"
#include "tune.h"

enum { OPT_CONFIG = 0x300, OPT_STATE, OPT_ANY_FACILITY, OPT_PARAM0 = 0x400 };

static struct argp_option tune_options[48];

static const char *param_arg(const struct wm_param *w)
{
	switch (w->type) {
	case WM_PARAM_SECONDS:
		return "SEC";
	case WM_PARAM_BOOL:
		return "yes|no";
	case WM_PARAM_KNOBS:
		return "WHICH";
	case WM_PARAM_PRESET:
		return "NAME";
	default:
		return "N";
	}
}

static error_t tune_parse(int key, char *arg, struct argp_state *state)
{
	struct wm_tune_opts *o = state->input;
	struct wm_policy scratch;
	const struct wm_param *w;
	char msg[200];

	switch (key) {
	case OPT_CONFIG:
		o->config = arg;
		return 0;
	case OPT_STATE:
		o->state = arg;
		return 0;
	case OPT_ANY_FACILITY:
		o->any_facility = true;
		return 0;
	}
	if (key < OPT_PARAM0 || key >= OPT_PARAM0 + (int)wm_nr_params)
		return ARGP_ERR_UNKNOWN;
	w = &wm_params[key - OPT_PARAM0];
	/* check the value now, so a bad flag is a usage error (64) */
	wm_policy_preset("default", &scratch);
	if (wm_param_set(&scratch, w->name, arg, msg, sizeof(msg)))
		argp_error(state, "--%s", msg);
	if (o->nr_flags >= WM_TUNE_MAX_FLAGS)
		argp_error(state, "too many policy options");
	o->flag_name[o->nr_flags] = w->name;
	o->flag_value[o->nr_flags++] = arg;
	return 0;
}

static const struct argp tune_argp = {
	.options = tune_options,
	.parser = tune_parse,
};

const struct argp *wm_tune_argp(void)
{
	size_t i, n = 0;

	if (tune_options[0].name)
		return &tune_argp;
	tune_options[n++] = (struct argp_option){ "config", OPT_CONFIG, "FILE", 0,
		"Policy parameters from FILE (default /etc/wmtune.conf)", 1 };
	tune_options[n++] = (struct argp_option){ "state", OPT_STATE, "FILE", 0,
		"Keep the state in FILE (default /var/lib/wmtune/state.json)", 1 };
	tune_options[n++] = (struct argp_option){ "any-facility", OPT_ANY_FACILITY,
		NULL, 0, "Count failure records from any syslog facility "
		"(tests and benchmarks only)", 1 };
	for (i = 0; i < wm_nr_params && n < WM_ARRAY_SIZE(tune_options) - 1; i++)
		tune_options[n++] = (struct argp_option){ wm_params[i].name,
			OPT_PARAM0 + (int)i, param_arg(&wm_params[i]), 0,
			wm_params[i].doc, 2 };
	return &tune_argp;
}

int wm_require_sysctl_writes(struct wm_ctx *ctx)
{
	char reason[256];

	if (wm_priv_can_write_sysctls(&ctx->root, reason, sizeof(reason)))
		return 0;
	return wm_err(ctx, WM_EX_NOPERM, 0, "cannot write vm sysctls: %s", reason);
}

/* --- the policy: preset, config file, flags --- */

struct conf_pass {
	struct wm_policy *p;
	bool presets; /* first pass: only "policy"; second: the rest */
};

static int conf_line(struct wm_span key, struct wm_span value,
		     unsigned long line, void *arg, struct wm_parse_error *err)
{
	struct conf_pass *cp = arg;
	char k[64], v[256], msg[200];
	const struct wm_param *w;

	wm_span_copy(k, sizeof(k), key);
	wm_span_copy(v, sizeof(v), value);
	w = wm_param_find(k);
	if (w && (w->type == WM_PARAM_PRESET) != cp->presets)
		return 0;
	if (!w && cp->presets)
		return 0;
	if (wm_param_set(cp->p, k, v, msg, sizeof(msg))) {
		wm_parse_error_set(err, line, "%s", msg);
		return -EINVAL;
	}
	return 0;
}

static int read_config(struct wm_ctx *ctx, const struct wm_tune_opts *o,
		       struct wm_buf *b, char *path, size_t size)
{
	int rc, fd;

	if (o->config) {
		snprintf(path, size, "%s", o->config);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		rc = fd < 0 ? -errno : 0;
	} else {
		rc = wm_root_path(&ctx->root, "etc/wmtune.conf", path, size);
		if (rc == 0) {
			fd = wm_root_open(&ctx->root, "etc/wmtune.conf", O_RDONLY, 0);
			rc = fd < 0 ? fd : 0;
		}
	}
	if (rc == -ENOENT && !o->config)
		return 1; /* no default file: the preset alone */
	if (rc == 0 && o->no_default_config && !o->config) {
		close(fd);
		return 1;
	}
	if (rc)
		return wm_err(ctx, WM_EX_CONFIG, -rc, "%s", path);
	rc = wm_buf_read_all(b, fd);
	close(fd);
	return rc ? wm_err(ctx, WM_EX_CONFIG, -rc, "%s", path) : 0;
}

int wm_tune_build_policy(struct wm_ctx *ctx, const struct wm_tune_opts *o,
			 struct wm_policy *p)
{
	struct wm_parse_error perr = { 0 };
	struct conf_pass cp;
	struct wm_buf b = { 0 };
	char path[PATH_MAX], msg[200];
	unsigned i;
	int rc;

	wm_policy_preset(o->preset ? o->preset : "default", p);
	cp = (struct conf_pass){ p, true };
	rc = read_config(ctx, o, &b, path, sizeof(path));
	if (rc == 0) {
		if (!o->preset)
			rc = wm_conf_parse_cb(b.data, b.len, conf_line, &cp, &perr);
		if (rc == 0) {
			cp.presets = false;
			rc = wm_conf_parse_cb(b.data, b.len, conf_line, &cp, &perr);
		}
		if (rc)
			rc = wm_err(ctx, WM_EX_CONFIG, 0, "%s:%lu: %s", path,
				    perr.line, perr.msg);
	} else if (rc == 1) {
		rc = 0;
	}
	wm_buf_free(&b);
	if (rc)
		return rc;
	for (i = 0; i < o->nr_flags && !o->preset; i++)
		if (strcmp(o->flag_name[i], "policy") == 0)
			wm_param_set(p, "policy", o->flag_value[i], msg, sizeof(msg));
	for (i = 0; i < o->nr_flags; i++)
		if (strcmp(o->flag_name[i], "policy") != 0)
			wm_param_set(p, o->flag_name[i], o->flag_value[i], msg,
				     sizeof(msg));
	return 0;
}
