/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A policy run over a recorded trace (lib/trace), with the trace's own
 * clock and simulated knobs. Pure: the caller reads the trace; nothing is
 * written anywhere.
 *
 * The simulation: the first line's sysctl values are the baseline and the
 * starting point; after that each decision's proposal becomes the current
 * value, and the trace's own sysctl values are ignored. Every line's zone
 * watermarks are recomputed by lib/model for the simulated values (with
 * the kernel variant that reproduces the first line's zoneinfo, boost as
 * recorded), so the low-headroom signal sees the simulated min. Free
 * pages, counters, PSI and failures are as recorded: the simulation does
 * not model how a larger reserve would have changed them (it would have
 * kept more pages free and avoided some failures), which is why a policy
 * is judged by the failures that came while its reserve was still below
 * a value it reached later.
 *
 * Summary, over the trace's time span [first t_usec, last t_usec]:
 *  - writes: knob changes (a decision that moves both knobs is two);
 *  - time-weighted mean of each knob: each line's value after its
 *    decision holds until the next line; rounded to the nearest integer;
 *  - kB held free above the baseline: the predicted totalreserve_pages
 *    (the sum over zones of high plus the largest lowmem_reserve: what
 *    kswapd keeps free and MemAvailable leaves out) for the simulated
 *    values minus the same for the baseline values, on each line's own
 *    zones, in kB; peak and time-weighted mean. Unknown (the trace has no
 *    protection arrays) makes both unknown;
 *  - failures_below_later: the failures of each line (they happened
 *    before its decision, at the value in effect until then) counted
 *    when that value was below the largest min_free_kbytes the policy
 *    reached from that decision on.
 */
#ifndef WMTUNE_REPLAY_H
#define WMTUNE_REPLAY_H

#include "model.h"
#include "policy.h"

struct wm_replay_change {
	unsigned long line;        /* 1-based line of the trace */
	uint64_t t_usec;           /* the trace's clock */
	enum wm_knob knob;
	uint64_t old_value, new_value;
	unsigned nr_reasons;
	char reasons[WM_REASONS_MAX][24]; /* reason codes */
	char id[17];
};

struct wm_replay_summary {
	unsigned long observations;
	uint64_t duration_usec;
	uint64_t writes[WM_KNOB_COUNT];
	/* WM_UNKNOWN for a knob the trace does not have */
	uint64_t baseline[WM_KNOB_COUNT];
	uint64_t mean[WM_KNOB_COUNT];
	uint64_t max[WM_KNOB_COUNT];
	uint64_t final[WM_KNOB_COUNT];
	bool held_known;
	int64_t held_kbytes_peak, held_kbytes_mean;
	uint64_t failures;             /* all order-0 atomic failures */
	bool failures_known;           /* false: a line had "failures": null */
	uint64_t failures_below_later;
};

/* Per line, for the summary (private). */
struct wm_replay_step {
	uint64_t t_usec;
	uint64_t failures;
	uint64_t before[WM_KNOB_COUNT], after[WM_KNOB_COUNT];
	int64_t held_kbytes;
};

struct wm_replay {
	struct wm_policy policy;       /* as run (knobs without WSF: masked) */
	enum wm_model_variant variant; /* of the first line */
	enum wm_check_result check;    /* OK or STALE */
	char release[96];              /* kernel_release of the first line */
	size_t nr_changes;
	struct wm_replay_change *changes;
	struct wm_replay_summary sum;
	/* private */
	size_t cap_changes, nr_steps, cap_steps;
	struct wm_replay_step *steps;
};

/*
 * Run policy p over the trace in buf. r is overwritten (wm_replay_free()
 * it after, also on error). Returns 0, or -EBADMSG (a line that does not
 * parse, or time that goes backwards), -EPROTO (no known kernel variant
 * reproduces the first line's zoneinfo), -EOVERFLOW/-EINVAL/-EDOM (the
 * model cannot compute a line), -ENODATA (no line), -ENOMEM; err names
 * the line and says why.
 */
int wm_replay_run(const char *buf, size_t len, const struct wm_policy *p,
		  struct wm_replay *r, struct wm_parse_error *err);
void wm_replay_free(struct wm_replay *r);

#endif /* WMTUNE_REPLAY_H */
