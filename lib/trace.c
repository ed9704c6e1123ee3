// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The trace line (see trace.h), built with json-c, never by hand; the
 * parser is in trace_parse.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "trace.h"

/* What lib/tick uses, and kswapd's own. */
const enum wm_vmstat_item wm_trace_vmstat[] = {
	WM_VM_allocstall, WM_VM_pgscan_direct, WM_VM_pgscan_kswapd,
	WM_VM_kswapd_low_wmark_hit_quickly,
};
const size_t wm_trace_nr_vmstat = WM_ARRAY_SIZE(wm_trace_vmstat);

static const char *const meminfo_keys[] = {
#define WM_X(f, n) #f,
	WM_MEMINFO_ITEMS(WM_X)
#undef WM_X
};

const char *wm_trace_meminfo_key(enum wm_meminfo_item item)
{
	return (unsigned)item < WM_MI__COUNT ? meminfo_keys[item] : NULL;
}

/* ---- serializing ------------------------------------------------------ */

/* Add key: v (WM_UNKNOWN: null). -ENOMEM if json-c could not. */
static int add_u64(json_object *o, const char *key, uint64_t v)
{
	json_object *j = NULL;

	if (v != WM_UNKNOWN) {
		j = json_object_new_uint64(v);
		if (!j)
			return -ENOMEM;
	}
	if (json_object_object_add(o, key, j)) {
		json_object_put(j);
		return -ENOMEM;
	}
	return 0;
}

/* Add key: v, taking v (NULL: json-c failed to make it). */
static int add_obj(json_object *o, const char *key, json_object *v)
{
	if (!v)
		return -ENOMEM;
	if (json_object_object_add(o, key, v)) {
		json_object_put(v);
		return -ENOMEM;
	}
	return 0;
}

static int add_null(json_object *o, const char *key)
{
	return json_object_object_add(o, key, NULL) ? -ENOMEM : 0;
}

static json_object *zone_json(const struct wm_zone *z)
{
	json_object *o = json_object_new_object(), *prot;
	unsigned i;
	int rc;

	if (!o)
		return NULL;
	rc = add_u64(o, "node", z->node) ?:
	     add_obj(o, "zone", json_object_new_string(z->name)) ?:
	     add_u64(o, "free_pages", z->free) ?:
	     add_u64(o, "min_pages", z->min) ?:
	     add_u64(o, "low_pages", z->low) ?:
	     add_u64(o, "high_pages", z->high) ?:
	     add_u64(o, "boost_pages", z->boost) ?:
	     add_u64(o, "managed_pages", z->managed) ?:
	     add_u64(o, "present_pages", z->present);
	prot = rc ? NULL : json_object_new_array();
	for (i = 0; prot && i < z->nr_protection && i < WM_MAX_PROTECTION; i++) {
		json_object *v = json_object_new_uint64(z->protection[i]);

		if (!v || json_object_array_add(prot, v)) {
			json_object_put(v);
			json_object_put(prot);
			prot = NULL;
		}
	}
	if (rc || add_obj(o, "protection", prot)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static int add_zones(json_object *doc, const struct wm_zoneinfo *zi)
{
	json_object *arr = json_object_new_array();
	unsigned i;

	for (i = 0; arr && i < zi->nr_zones; i++) {
		json_object *z = zone_json(&zi->zones[i]);

		if (!z || json_object_array_add(arr, z)) {
			json_object_put(z);
			json_object_put(arr);
			arr = NULL;
		}
	}
	return add_obj(doc, "zones", arr);
}

static int add_sysctls(json_object *doc, const struct wm_sysinfo *si)
{
	json_object *o = json_object_new_object();

	if (!o)
		return -ENOMEM;
	if (add_u64(o, "min_free_kbytes", si->vm.min_free_kbytes) ||
	    add_u64(o, "watermark_scale_factor", si->vm.watermark_scale_factor)) {
		json_object_put(o);
		return -ENOMEM;
	}
	return add_obj(doc, "sysctls", o);
}

static int add_vmstat(json_object *doc, const struct wm_snapshot *snap)
{
	json_object *o;
	size_t i;

	if (!snap->available[WM_SRC_VMSTAT])
		return add_null(doc, "vmstat");
	o = json_object_new_object();
	for (i = 0; o && i < wm_trace_nr_vmstat; i++) {
		if (add_u64(o, wm_vmstat_name(wm_trace_vmstat[i]),
			    snap->vmstat.v[wm_trace_vmstat[i]])) {
			json_object_put(o);
			o = NULL;
		}
	}
	return add_obj(doc, "vmstat", o);
}

static int add_psi(json_object *doc, const struct wm_snapshot *snap)
{
	json_object *o;

	if (!snap->available[WM_SRC_PSI] || !snap->psi.present ||
	    !snap->psi.some.present)
		return add_null(doc, "psi");
	o = json_object_new_object();
	if (o && add_u64(o, "some_avg10_x100", snap->psi.some.avg10)) {
		json_object_put(o);
		o = NULL;
	}
	return add_obj(doc, "psi", o);
}

static int add_meminfo(json_object *doc, const struct wm_snapshot *snap)
{
	json_object *o;
	size_t i;

	if (!snap->available[WM_SRC_MEMINFO])
		return add_null(doc, "meminfo");
	o = json_object_new_object();
	for (i = 0; o && i < WM_MI__COUNT; i++) {
		if (add_u64(o, wm_trace_meminfo_key(i), snap->meminfo.v[i])) {
			json_object_put(o);
			o = NULL;
		}
	}
	return add_obj(doc, "meminfo", o);
}

static int add_failures(json_object *doc, const struct wm_trace_point *pt)
{
	json_object *o;

	if (!pt->have_failures)
		return add_null(doc, "failures");
	o = json_object_new_object();
	if (o && (add_u64(o, "atomic", pt->failures) ||
		  add_u64(o, "reports", pt->reports) ||
		  add_u64(o, "seq", pt->seq))) {
		json_object_put(o);
		o = NULL;
	}
	return add_obj(doc, "failures", o);
}

static int build(json_object *doc, const struct wm_snapshot *snap,
		 const struct wm_trace_point *pt)
{
	const struct wm_sysinfo *si = &snap->sysinfo;

	return add_u64(doc, "schema", WM_TRACE_SCHEMA) ?:
	       add_u64(doc, "t_usec", pt->t_usec) ?:
	       add_sysctls(doc, si) ?:
	       add_u64(doc, "page_size_bytes", si->page_size) ?:
	       add_obj(doc, "kernel_release", json_object_new_string(si->release)) ?:
	       add_zones(doc, &snap->zoneinfo) ?:
	       add_vmstat(doc, snap) ?:
	       add_psi(doc, snap) ?:
	       add_meminfo(doc, snap) ?:
	       add_failures(doc, pt);
}

int wm_trace_format(const struct wm_snapshot *snap,
		    const struct wm_trace_point *pt, struct wm_buf *out)
{
	json_object *doc;
	const char *s;
	size_t n;
	int rc;

	/* what a reader needs to replay the line at all */
	if (!snap->available[WM_SRC_ZONEINFO] || snap->zoneinfo.nr_zones == 0 ||
	    snap->zoneinfo.nr_zones > WM_MAX_ZONES ||
	    snap->sysinfo.vm.min_free_kbytes == WM_UNKNOWN ||
	    snap->sysinfo.page_size == 0 || pt->t_usec == WM_UNKNOWN)
		return -EINVAL;
	doc = json_object_new_object();
	if (!doc)
		return -ENOMEM;
	rc = build(doc, snap, pt);
	s = rc ? NULL : json_object_to_json_string_ext(doc,
			JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!rc && !s)
		rc = -ENOMEM;
	if (!rc) {
		n = strlen(s);
		out->len = 0;
		rc = wm_buf_reserve(out, n + 2);
		if (!rc) {
			memcpy(out->data, s, n);
			out->data[n] = '\n';
			out->data[n + 1] = '\0';
			out->len = n + 1;
		}
	}
	json_object_put(doc);
	return rc;
}
