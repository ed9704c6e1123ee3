/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The policy: decide(policy, state, input, now) -> decision. Pure: no I/O
 * and no clock reads (now is an argument), so unit tests and `replay`
 * drive time directly. Everything it needs from the kernel model (caps,
 * the WSF at which kswapd's gap starts to widen) is computed by the caller
 * and passed in wm_policy_input.
 *
 * Times are microseconds on one clock chosen by the caller: CLOCK_BOOTTIME
 * on a live machine (the state is per boot anyway), a trace's own clock
 * in replay.
 */
#ifndef WMTUNE_POLICY_H
#define WMTUNE_POLICY_H

#include "knob.h"
#include "wm.h"

#define WM_KNOB_BIT(k) (1u << (k))
#define WM_KNOBS_ALL (WM_KNOB_BIT(WM_KNOB_MIN_FREE_KBYTES) | WM_KNOB_BIT(WM_KNOB_WSF))

#define WM_USEC_PER_SEC UINT64_C(1000000)

struct wm_policy {
	char name[16];
	unsigned knobs;            /* WM_KNOB_BIT set the policy may move */
	unsigned step_pct;         /* on failures: raise by this much of the
				    * value in effect */
	unsigned headroom_step_pct; /* on low headroom, before any failure */
	uint64_t debounce_usec;    /* per knob, between two raises */
	uint64_t quiet_usec;       /* no signal this long before decay starts */
	uint64_t decay_interval_usec;
	unsigned decay_pct;        /* per decay interval, of the current value */
	unsigned floor_pct;        /* floor = baseline * floor_pct / 100 */
	unsigned mfk_cap_ram_pct_x100; /* cap: this many 1/100 % of RAM ... */
	unsigned mfk_cap_default_mult; /* ... or this times the kernel default
					* (the larger), 0 = RAM share only */
	uint64_t wsf_cap;          /* never above (nor the kernel's maximum) */
	unsigned headroom_pct;     /* low headroom: free <= min * (100+x)/100 */
	unsigned psi_some_x100;    /* PSI some avg10 threshold, 1/100 % */
	bool proactive;            /* act on low headroom, before failures */
	bool recall;               /* a failure returns a knob at once to the
				    * highest level failures raised it to */
	bool defer;                /* act on failures the debounce held back
				    * once it ends */
	bool escalate;             /* a capped knob hands over to the other */
};

/* Named presets: "default" (ours), "seed-v1", "seed-v2". */
int wm_policy_preset(const char *name, struct wm_policy *p);
/* The names, NULL-terminated, for help texts and completions. */
extern const char *const wm_policy_preset_names[];

/* What the policy remembers per knob between decisions (kept in the state). */
struct wm_knob_memory {
	uint64_t baseline;        /* value before wmtune first touched it */
	uint64_t last_change_usec;/* last raise (debounce); 0: never */
	uint64_t last_signal_usec;/* 0: no signal yet */
	uint64_t last_decay_usec; /* 0: never decayed */
	uint64_t recall;          /* highest value failures raised it to; 0: none */
	uint64_t pending_usec;    /* failures held back by the debounce arrived
				   * then, still to act on; 0: none */
};

/* What one decision looks at. Unknown counters are WM_UNKNOWN. */
struct wm_policy_input {
	uint64_t current[WM_KNOB_COUNT];
	/* order-0 atomic allocation failures since the last decision:
	 * reports plus the callbacks they say were suppressed */
	uint64_t atomic_failures;
	uint64_t atomic_reports;
	/* the zone closest to its min: free and min (unboosted) in pages */
	uint64_t tightest_free_pages, tightest_min_pages;
	char tightest_zone[24];   /* "Node 0 DMA32" */
	/* reclaim deltas since the last decision */
	uint64_t allocstall_delta;
	uint64_t pgscan_direct_delta;
	uint64_t kswapd_low_wmark_hit_quickly_delta;
	uint64_t psi_some_avg10_x100;
	/* facts from the model */
	uint64_t mem_total_kbytes;
	uint64_t kernel_default_mfk;  /* the kernel's own computed value */
	uint64_t mfk_hard_max;        /* 5% of lowmem, and no zone min > managed/4 */
	uint64_t wsf_kernel_max;      /* 1000 or 3000 */
	uint64_t wsf_effective;       /* smallest WSF that widens the gap now */
};

#define WM_REASONS_MAX 6

struct wm_reason {
	char code[24];   /* stable: atomic_failures, low_headroom, ... */
	char text[160];  /* for people */
};

struct wm_knob_decision {
	bool change;
	uint64_t current;
	uint64_t proposed;
	uint64_t floor;
	uint64_t cap;
	unsigned nr_reasons;
	struct wm_reason reasons[WM_REASONS_MAX];
};

struct wm_decision {
	struct wm_knob_decision knob[WM_KNOB_COUNT];
	bool signal[WM_KNOB_COUNT]; /* a raise was wanted (even if held) */
	bool failure[WM_KNOB_COUNT];/* ... because of atomic failures */
	bool hold[WM_KNOB_COUNT];   /* the raised reserve is in use: no decay */
	bool defer[WM_KNOB_COUNT];  /* failures held by the debounce: keep them */
	char id[17];                 /* hash of the canonical change list */
};

/* The cap and floor of a knob for this input (also in each decision). */
uint64_t wm_policy_cap(const struct wm_policy *p,
		       const struct wm_policy_input *in, enum wm_knob k);
uint64_t wm_policy_floor(const struct wm_policy *p,
			 const struct wm_knob_memory *m, enum wm_knob k);

/*
 * Fill d (all of it but the reasons past each knob's nr_reasons, which
 * are left as they were: d may hold the last decision).
 */
void wm_policy_decide(const struct wm_policy *p,
		      const struct wm_knob_memory mem[WM_KNOB_COUNT],
		      const struct wm_policy_input *in, uint64_t now_usec,
		      struct wm_decision *d);

/* Does the decision change any sysctl? */
bool wm_decision_changes(const struct wm_decision *d);

/* Recompute d->id after its changes were edited (explicit values). */
void wm_policy_redo_id(struct wm_decision *d);

/*
 * Update the memory after a decision was carried out (written, or logged
 * in dry-run): records signals, changes and decays at now_usec.
 */
void wm_policy_commit(const struct wm_decision *d,
		      struct wm_knob_memory mem[WM_KNOB_COUNT],
		      uint64_t now_usec);

#endif /* WMTUNE_POLICY_H */
