/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The two sysctls wmtune tunes, shared by the policy and the state. */
#ifndef WMTUNE_KNOB_H
#define WMTUNE_KNOB_H

enum wm_knob {
	WM_KNOB_MIN_FREE_KBYTES, /* the reserve itself */
	WM_KNOB_WSF,             /* watermark_scale_factor: kswapd starts earlier */
	WM_KNOB_COUNT
};

/* "min_free_kbytes", "watermark_scale_factor" (state and JSON name). */
const char *wm_knob_name(enum wm_knob k);
/* "vm.min_free_kbytes", "vm.watermark_scale_factor". */
const char *wm_knob_sysctl(enum wm_knob k);
/* Look up a name as wm_knob_name() spells it; -EINVAL if unknown. */
int wm_knob_from_name(const char *name, enum wm_knob *k);

#endif /* WMTUNE_KNOB_H */
