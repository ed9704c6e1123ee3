// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The trace line's parser (see trace.h): json-c in strict mode, then every
 * key checked for its type and bounds.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "jsonnum.h"
#include "text.h"
#include "trace.h"

/* The largest value a line may hold: UINT64_MAX means "unknown" here. */
#define ANY (UINT64_MAX - 1)

/* Where we are in the line, for messages: "zones[2]". */
struct at {
	const char *obj;       /* "" at the top */
	long idx;              /* -1: not an array element */
	struct wm_parse_error *err;
	unsigned long line;
};

/* "zones[2].min_pages: what"; key "" names the element itself. */
static int bad(const struct at *a, const char *key, const char *what)
{
	char where[48] = "";

	if (a->idx >= 0)
		snprintf(where, sizeof(where), "%s[%ld]%s", a->obj, a->idx,
			 *key ? "." : "");
	else if (*a->obj)
		snprintf(where, sizeof(where), "%s%s", a->obj, *key ? "." : "");
	wm_parse_error_set(a->err, a->line, "%s%s: %s", where, key, what);
	return -EBADMSG;
}

static const char *type_desc(json_type t)
{
	switch (t) {
	case json_type_null:
		return "null";
	case json_type_boolean:
		return "true or false";
	case json_type_double:
		return "a number";
	case json_type_int:
		return "a whole number";
	case json_type_object:
		return "an object";
	case json_type_array:
		return "an array";
	case json_type_string:
		return "a string";
	}
	return "?";
}

/* The value of key; *v NULL for JSON null when null_ok. */
static int get(json_object *o, const struct at *a, const char *key,
	       json_type type, bool null_ok, json_object **v)
{
	char what[64];

	if (!json_object_object_get_ex(o, key, v))
		return bad(a, key, "missing");
	if (!*v && null_ok)
		return 0;
	if (!json_object_is_type(*v, type)) {
		snprintf(what, sizeof(what), "expected %s%s, not %s",
			 type_desc(type), null_ok ? " or null" : "",
			 type_desc(json_object_get_type(*v)));
		return bad(a, key, what);
	}
	return 0;
}

/* A whole number in [0, max]; max < UINT64_MAX (which means unknown). */
static int num(json_object *v, const struct at *a, const char *key,
	       uint64_t max, uint64_t *out)
{
	char what[80];

	/* json-c keeps numbers above INT64_MAX as uint64; below 0 as int64 */
	if (json_object_get_int64(v) < 0)
		return bad(a, key, "must not be negative");
	*out = json_object_get_uint64(v);
	if (*out > max) {
		snprintf(what, sizeof(what), "%llu is out of range (at most %llu)",
			 (unsigned long long)*out, (unsigned long long)max);
		return bad(a, key, what);
	}
	return 0;
}

static int get_u64(json_object *o, const struct at *a, const char *key,
		   bool null_ok, uint64_t max, uint64_t *out)
{
	json_object *v;
	int rc = get(o, a, key, json_type_int, null_ok, &v);

	if (rc)
		return rc;
	if (!v) {
		*out = WM_UNKNOWN;
		return 0;
	}
	return num(v, a, key, max, out);
}

static int parse_protection(json_object *zo, const struct at *a,
			    struct wm_zone *z)
{
	json_object *arr;
	size_t i, n;
	int rc = get(zo, a, "protection", json_type_array, false, &arr);

	if (rc)
		return rc;
	n = json_object_array_length(arr);
	if (n > WM_MAX_PROTECTION)
		return bad(a, "protection", "more entries than the bound");
	for (i = 0; i < n; i++) {
		json_object *v = json_object_array_get_idx(arr, i);

		if (!json_object_is_type(v, json_type_int))
			return bad(a, "protection", "expected whole numbers");
		rc = num(v, a, "protection", ANY, &z->protection[i]);
		if (rc)
			return rc;
	}
	z->nr_protection = (unsigned)n;
	return 0;
}

static int parse_zone(json_object *zo, const struct at *a, struct wm_zone *z)
{
	json_object *name;
	uint64_t node;
	int type, rc;

	if (!json_object_is_type(zo, json_type_object))
		return bad(a, "", "expected an object");
	memset(z, 0, sizeof(*z));
	z->spanned = z->promo = z->cma = WM_UNKNOWN;
	rc = get_u64(zo, a, "node", false, WM_MAX_NODES - 1, &node) ?:
	     get(zo, a, "zone", json_type_string, false, &name);
	if (rc)
		return rc;
	type = wm_zone_type_from_name(json_object_get_string(name),
				      (size_t)json_object_get_string_len(name));
	if (type < 0)
		return bad(a, "zone", "not a zone name the kernel prints");
	z->node = (unsigned)node;
	z->type = (enum wm_zone_type)type;
	snprintf(z->name, sizeof(z->name), "%s", json_object_get_string(name));
	return get_u64(zo, a, "free_pages", false, ANY, &z->free) ?:
	       get_u64(zo, a, "min_pages", false, ANY, &z->min) ?:
	       get_u64(zo, a, "low_pages", false, ANY, &z->low) ?:
	       get_u64(zo, a, "high_pages", false, ANY, &z->high) ?:
	       get_u64(zo, a, "boost_pages", true, ANY, &z->boost) ?:
	       get_u64(zo, a, "managed_pages", true, ANY, &z->managed) ?:
	       get_u64(zo, a, "present_pages", true, ANY, &z->present) ?:
	       parse_protection(zo, a, z);
}

static int parse_zones(json_object *doc, struct at *top, struct wm_zoneinfo *zi)
{
	unsigned per_node[WM_MAX_NODES] = { 0 };
	struct at a = { "zones", 0, top->err, top->line };
	json_object *arr;
	size_t i, n;
	int rc = get(doc, top, "zones", json_type_array, false, &arr);

	if (rc)
		return rc;
	n = json_object_array_length(arr);
	if (n == 0)
		return bad(top, "zones", "no zone");
	if (n > WM_MAX_ZONES)
		return bad(top, "zones", "more zones than the bound");
	for (i = 0; i < n; i++) {
		struct wm_zone *z = &zi->zones[i];

		a.idx = (long)i;
		rc = parse_zone(json_object_array_get_idx(arr, i), &a, z);
		if (rc)
			return rc;
		if (++per_node[z->node] > WM_MAX_ZONES_PER_NODE)
			return bad(&a, "node", "more zones in one node than the bound");
		if (z->node + 1 > zi->nr_nodes)
			zi->nr_nodes = z->node + 1;
	}
	zi->nr_zones = (unsigned)n;
	return 0;
}

static int parse_sysinfo(json_object *doc, struct at *top,
			 struct wm_sysinfo *si)
{
	struct at a = { "sysctls", -1, top->err, top->line };
	json_object *o, *rel;
	uint64_t ps;
	size_t len;
	int rc;

	rc = get(doc, top, "sysctls", json_type_object, false, &o) ?:
	     get_u64(o, &a, "min_free_kbytes", false, INT_MAX,
		     &si->vm.min_free_kbytes) ?:
	     get_u64(o, &a, "watermark_scale_factor", true, INT_MAX,
		     &si->vm.watermark_scale_factor) ?:
	     get_u64(doc, top, "page_size_bytes", false, 1u << 20, &ps) ?:
	     get(doc, top, "kernel_release", json_type_string, false, &rel);
	if (rc)
		return rc;
	if (ps < 1024 || (ps & (ps - 1)))
		return bad(top, "page_size_bytes", "not a power of two from 1024");
	si->page_size = (unsigned long)ps;
	len = (size_t)json_object_get_string_len(rel);
	if (len >= sizeof(si->release) ||
	    memchr(json_object_get_string(rel), '\0', len))
		return bad(top, "kernel_release", "too long or not text");
	memcpy(si->release, json_object_get_string(rel), len + 1);
	if (wm_parse_kver(si->release, len, &si->kver))
		memset(&si->kver, 0, sizeof(si->kver));
	return 0;
}

static int parse_vmstat(json_object *doc, struct at *top,
			struct wm_snapshot *snap)
{
	struct at a = { "vmstat", -1, top->err, top->line };
	json_object *o;
	size_t i;
	int rc = get(doc, top, "vmstat", json_type_object, true, &o);

	if (rc || !o)
		return rc;
	for (i = 0; i < wm_trace_nr_vmstat; i++) {
		rc = get_u64(o, &a, wm_vmstat_name(wm_trace_vmstat[i]), true, ANY,
			     &snap->vmstat.v[wm_trace_vmstat[i]]);
		if (rc)
			return rc;
	}
	snap->available[WM_SRC_VMSTAT] = true;
	snap->error[WM_SRC_VMSTAT] = 0;
	return 0;
}

static int parse_psi(json_object *doc, struct at *top, struct wm_snapshot *snap)
{
	struct at a = { "psi", -1, top->err, top->line };
	json_object *o;
	int rc = get(doc, top, "psi", json_type_object, true, &o);

	if (rc || !o)
		return rc;
	rc = get_u64(o, &a, "some_avg10_x100", false, ANY, &snap->psi.some.avg10);
	if (rc)
		return rc;
	snap->psi.present = snap->psi.some.present = true;
	snap->available[WM_SRC_PSI] = true;
	snap->error[WM_SRC_PSI] = 0;
	return 0;
}

static int parse_meminfo(json_object *doc, struct at *top,
			 struct wm_snapshot *snap)
{
	struct at a = { "meminfo", -1, top->err, top->line };
	json_object *o;
	size_t i;
	int rc = get(doc, top, "meminfo", json_type_object, true, &o);

	if (rc || !o)
		return rc;
	for (i = 0; i < WM_MI__COUNT; i++) {
		rc = get_u64(o, &a, wm_trace_meminfo_key(i), true, ANY,
			     &snap->meminfo.v[i]);
		if (rc)
			return rc;
	}
	snap->available[WM_SRC_MEMINFO] = true;
	snap->error[WM_SRC_MEMINFO] = 0;
	return 0;
}

static int parse_failures(json_object *doc, struct at *top,
			  struct wm_trace_point *pt)
{
	struct at a = { "failures", -1, top->err, top->line };
	json_object *o;
	int rc = get(doc, top, "failures", json_type_object, true, &o);

	if (rc || !o)
		return rc;
	rc = get_u64(o, &a, "atomic", false, ANY, &pt->failures) ?:
	     get_u64(o, &a, "reports", false, ANY, &pt->reports) ?:
	     get_u64(o, &a, "seq", true, ANY, &pt->seq);
	if (rc)
		return rc;
	if (pt->reports > pt->failures)
		return bad(&a, "reports", "more reports than failures");
	pt->have_failures = true;
	return 0;
}

/* Everything "not available", as the observer starts out. */
static void snap_reset(struct wm_snapshot *snap, struct wm_trace_point *pt)
{
	unsigned i;

	snap->zoneinfo.nr_zones = snap->zoneinfo.nr_nodes = 0;
	wm_sysinfo_init(&snap->sysinfo);
	wm_vmstat_init(&snap->vmstat);
	wm_meminfo_init(&snap->meminfo);
	wm_psi_init(&snap->psi);
	wm_netstat_init(&snap->netstat);
	for (i = 0; i < WM_SRC__COUNT; i++) {
		snap->available[i] = false;
		snap->error[i] = -ENODATA;
		snap->perr[i].line = 0;
		snap->perr[i].msg[0] = '\0';
	}
	memset(pt, 0, sizeof(*pt));
	pt->seq = WM_UNKNOWN;
}

static int parse_doc(json_object *doc, struct at *top,
		     struct wm_snapshot *snap, struct wm_trace_point *pt)
{
	uint64_t schema;
	int rc;

	if (!json_object_is_type(doc, json_type_object))
		return bad(top, "line", "not a JSON object");
	rc = get_u64(doc, top, "schema", false, ANY, &schema);
	if (rc)
		return rc;
	if (schema != WM_TRACE_SCHEMA)
		return bad(top, "schema", "not 1: written by a newer wmtune");
	rc = get_u64(doc, top, "t_usec", false, ANY, &pt->t_usec) ?:
	     parse_sysinfo(doc, top, &snap->sysinfo) ?:
	     parse_zones(doc, top, &snap->zoneinfo) ?:
	     parse_vmstat(doc, top, snap) ?:
	     parse_psi(doc, top, snap) ?:
	     parse_meminfo(doc, top, snap) ?:
	     parse_failures(doc, top, pt);
	if (rc)
		return rc;
	snap->available[WM_SRC_ZONEINFO] = snap->available[WM_SRC_SYSINFO] = true;
	snap->error[WM_SRC_ZONEINFO] = snap->error[WM_SRC_SYSINFO] = 0;
	return 0;
}

int wm_trace_parse(const char *buf, size_t len, unsigned long lineno,
		   struct wm_snapshot *snap, struct wm_trace_point *pt,
		   struct wm_parse_error *err)
{
	struct at top = { "", -1, err, lineno };
	enum json_tokener_error jerr;
	json_object *doc;
	json_tokener *tok;
	int rc;

	snap_reset(snap, pt);
	if (len && buf[len - 1] == '\n')
		len--;
	if (len == 0)
		return bad(&top, "line", "empty");
	if (len > WM_TRACE_LINE_MAX)
		return bad(&top, "line", "longer than 1 MiB");
	if (memchr(buf, '\0', len))
		return bad(&top, "line", "a NUL byte");
	rc = wm_json_overflow_at(buf, len) >= 0 ?
		     bad(&top, "line", "a number past 2^64") : 0;
	if (rc)
		return rc;
	tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	doc = json_tokener_parse_ex(tok, buf, (int)len);
	jerr = json_tokener_get_error(tok);
	json_tokener_free(tok);
	if (jerr == json_tokener_continue) {
		json_object_put(doc);
		return bad(&top, "line", "truncated JSON");
	}
	if (jerr != json_tokener_success || !doc) {
		json_object_put(doc);
		return bad(&top, "line", json_tokener_error_desc(jerr));
	}
	rc = parse_doc(doc, &top, snap, pt);
	json_object_put(doc);
	if (rc)
		snap_reset(snap, pt);
	return rc;
}
