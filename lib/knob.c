// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "knob.h"

static const char *const knob_names[WM_KNOB_COUNT][2] = {
	[WM_KNOB_MIN_FREE_KBYTES] = { "min_free_kbytes", "vm.min_free_kbytes" },
	[WM_KNOB_WSF] = { "watermark_scale_factor", "vm.watermark_scale_factor" },
};

const char *wm_knob_name(enum wm_knob k)
{
	return (unsigned)k < WM_KNOB_COUNT ? knob_names[k][0] : "?";
}

const char *wm_knob_sysctl(enum wm_knob k)
{
	return (unsigned)k < WM_KNOB_COUNT ? knob_names[k][1] : "?";
}

int wm_knob_from_name(const char *name, enum wm_knob *k)
{
	unsigned i;

	for (i = 0; i < WM_KNOB_COUNT; i++) {
		if (strcmp(name, knob_names[i][0]) == 0) {
			*k = (enum wm_knob)i;
			return 0;
		}
	}
	return -EINVAL;
}
