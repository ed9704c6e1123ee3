/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Printing a forecast (lib/forecast): shared by predict, suggest, apply. */
#ifndef WMTUNE_CMD_PRINT_FORECAST_H
#define WMTUNE_CMD_PRINT_FORECAST_H

#include "forecast.h"
#include "out.h"

/* Per zone: managed, current and predicted min/low/high, as `key`. */
void wm_print_forecast_zones(struct wm_out *o, const struct wm_model_input *in,
			     const struct wm_forecast *f, const char *key);
/*
 * The change in reserved memory and MemAvailable; inside an object `key`,
 * or at the current level when key is NULL.
 */
void wm_print_forecast_cost(struct wm_out *o, const struct wm_forecast *f,
			    const char *key);

#endif /* WMTUNE_CMD_PRINT_FORECAST_H */
