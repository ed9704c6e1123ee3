/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What suggest, apply and watch share: the policy options (one table,
 * lib/policyconf, behind the flags and the config file), the state with
 * its lock, one observation, the kernel log since the saved cursor, and
 * the decision.
 */
#ifndef WMTUNE_CMD_TUNE_H
#define WMTUNE_CMD_TUNE_H

#include <limits.h>

#include "cmd.h"
#include "lock.h"
#include "policyconf.h"
#include "report.h"
#include "state.h"
#include "sysctl.h"
#include "tick.h"

#define WM_TUNE_MAX_FLAGS 32

struct wm_tune_opts {
	const char *config;      /* --config; NULL: <root>/etc/wmtune.conf */
	const char *state;       /* --state; NULL: <root>/var/lib/wmtune/state.json */
	bool any_facility;
	const char *preset;      /* forced: overrides --policy and "policy =" */
	bool no_default_config;  /* read no /etc/wmtune.conf unless --config */
	/* policy flags in command-line order, applied over the config */
	unsigned nr_flags;
	const char *flag_name[WM_TUNE_MAX_FLAGS];
	const char *flag_value[WM_TUNE_MAX_FLAGS];
};

/* The argp child with the policy options; its input is a wm_tune_opts. */
const struct argp *wm_tune_argp(void);

/* Everything one decision needs; large, so on the heap. */
struct wm_session {
	struct wm_policy policy;
	char state_path[PATH_MAX];
	struct wm_state state;
	bool state_existed;
	struct wm_lock lock;
	struct wm_observer obs;
	struct wm_snapshot snap;
	struct wm_report_asm log;
	int log_err;                    /* 0: the kernel log was read */
	/* how much of log.stats the decisions so far have taken in */
	uint64_t failures_counted, reports_counted;
	struct wm_tick_facts facts;
	struct wm_policy_input in;
	struct wm_knob_memory mem[WM_KNOB_COUNT];
	bool adopted[WM_KNOB_COUNT];    /* changed behind our back: no write */
	struct wm_decision d;
	uint64_t now_usec;              /* CLOCK_BOOTTIME */
	int64_t now_wall;               /* unix seconds, for people */
};

/*
 * Before anything is written: may this process write the vm sysctls?
 * Returns 0, or reports why not and returns 77.
 */
int wm_require_sysctl_writes(struct wm_ctx *ctx);

/* The policy from its preset, the config file and the flags; or exit code. */
int wm_tune_build_policy(struct wm_ctx *ctx, const struct wm_tune_opts *o,
			 struct wm_policy *p);

/*
 * Build the policy, load the state (with lock: take the lock first), open
 * the observer and observe once. Returns 0 or an exit code (reported).
 */
int wm_session_begin(struct wm_ctx *ctx, struct wm_session *s,
		     const struct wm_tune_opts *o, bool lock);
/* Set s->now_usec (CLOCK_BOOTTIME) and s->now_wall. */
void wm_session_clock(struct wm_session *s);
/* Observe again with the open observer; 0 or an exit code. */
int wm_session_observe(struct wm_ctx *ctx, struct wm_session *s);
/*
 * Adopt values changed behind our back, capture missing baselines, and
 * decide on the order-0 atomic failures that s->log has counted since the
 * last commit; prev: the vmstat of the last decision, or NULL. Returns 0
 * or an exit code.
 */
int wm_session_decide(struct wm_ctx *ctx, struct wm_session *s,
		      const struct wm_vmstat *prev);
/* The report assembler, resuming after the state's kernel-log cursor. */
void wm_session_log_init(struct wm_session *s, const struct wm_tune_opts *o);
/*
 * Order-0 atomic failures (and reports) the log has shown so far,
 * counting a report whose header is in but whose lines are still coming.
 */
void wm_session_log_totals(const struct wm_session *s, uint64_t *failures,
			   uint64_t *reports);
/* begin, the kernel log since the cursor, decide: one-shot commands. */
int wm_session_run(struct wm_ctx *ctx, struct wm_session *s,
		   const struct wm_tune_opts *o, bool lock);
struct wm_session_writes {
	bool wrote[WM_KNOB_COUNT];                 /* the value changed */
	struct wm_sysctl_write res[WM_KNOB_COUNT];
};

/*
 * Save the state with what is about to be written (write-ahead), then
 * write every change of the decision, read it back, and record each in
 * the state (value written, an action); the caller saves again. Stops at
 * the first failure, which it reports; returns 0 or an exit code.
 */
int wm_session_write(struct wm_ctx *ctx, struct wm_session *s,
		     struct wm_session_writes *w);
/*
 * The state after a decision carried out at s->now (or logged in dry
 * run): the policy's clocks, the kernel-log cursor, the failures seen.
 */
void wm_session_commit(struct wm_session *s);
/* Save the state atomically; returns 0 or an exit code. */
int wm_session_save(struct wm_ctx *ctx, struct wm_session *s);
void wm_session_close(struct wm_session *s);

/* The decision (changes, reasons, id) through the output shim. */
void wm_print_decision(struct wm_out *o, const struct wm_session *s);

#endif /* WMTUNE_CMD_TUNE_H */
