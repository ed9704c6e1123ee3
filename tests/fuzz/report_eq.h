/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Two assembled reports compared field by field, for the harnesses that
 * feed the same input two ways (fuzz_report: whole against split;
 * fuzz_reportskim: skimmed against read line by line). Not memcmp():
 * the arrays past nr_* and the padding may differ.
 */
#ifndef WMTUNE_TESTS_REPORT_EQ_H
#define WMTUNE_TESTS_REPORT_EQ_H

#include <stdbool.h>
#include <string.h>

#include "report.h"

static inline bool fuzz_same_zone(const struct wm_klog_zone *a,
				  const struct wm_klog_zone *b)
{
	return a->node == b->node && strcmp(a->zone, b->zone) == 0 &&
	       a->free_kb == b->free_kb && a->boost_kb == b->boost_kb &&
	       a->min_kb == b->min_kb && a->low_kb == b->low_kb &&
	       a->high_kb == b->high_kb && a->below_min == b->below_min;
}

static inline bool fuzz_same_report(const struct wm_report *x,
				    const struct wm_report *y)
{
	unsigned i;

	if (x->kind != y->kind || x->ts_usec != y->ts_usec ||
	    x->seq != y->seq || x->order != y->order ||
	    strcmp(x->wall_time, y->wall_time) || strcmp(x->comm, y->comm) ||
	    strcmp(x->nodemask, y->nodemask) || strcmp(x->cache, y->cache) ||
	    strcmp(x->kernel_release, y->kernel_release) ||
	    x->have_node != y->have_node || x->node != y->node ||
	    x->suppressed_before != y->suppressed_before ||
	    x->gfp.have_mask != y->gfp.have_mask || x->gfp.mask != y->gfp.mask ||
	    x->gfp.have_names != y->gfp.have_names ||
	    x->gfp.names_printed != y->gfp.names_printed ||
	    strcmp(x->gfp.names, y->gfp.names) ||
	    x->gfp.nonblocking != y->gfp.nonblocking ||
	    x->gfp.high != y->gfp.high || x->gfp.atomic != y->gfp.atomic ||
	    x->nr_zones != y->nr_zones ||
	    x->zones_truncated != y->zones_truncated ||
	    x->nr_slab_nodes != y->nr_slab_nodes ||
	    x->slab_nodes_truncated != y->slab_nodes_truncated)
		return false;
	for (i = 0; i < x->nr_zones; i++)
		if (!fuzz_same_zone(&x->zones[i], &y->zones[i]))
			return false;
	for (i = 0; i < x->nr_slab_nodes; i++)
		if (memcmp(&x->slab_nodes[i], &y->slab_nodes[i],
			   sizeof(x->slab_nodes[i])))
			return false;
	return true;
}

#endif /* WMTUNE_TESTS_REPORT_EQ_H */
