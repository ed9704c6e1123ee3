/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * From an observation to the policy's input: the signals (failures from
 * the kernel log, the tightest zone, reclaim deltas, PSI) and the facts
 * the model supplies (caps, the kernel's default, where WSF starts to
 * matter). Pure: the caller has already read everything.
 */
#ifndef WMTUNE_TICK_H
#define WMTUNE_TICK_H

#include "model.h"
#include "observe.h"
#include "policy.h"

struct wm_tick_facts {
	struct wm_model_input model;   /* large: keep it off small stacks */
	struct wm_model_check check;
};

/*
 * Fill in from snap. prev is the vmstat of the previous decision (NULL:
 * none, the deltas are unknown). failures/reports: order-0 atomic
 * allocation failures since the previous decision. Returns 0, -EINVAL
 * (unusable page size) or -EPROTO (no known kernel variant reproduces
 * zoneinfo: facts->check.why says why).
 */
int wm_tick_input(const struct wm_snapshot *snap, const struct wm_vmstat *prev,
		  uint64_t failures, uint64_t reports,
		  struct wm_tick_facts *facts, struct wm_policy_input *in);

#endif /* WMTUNE_TICK_H */
