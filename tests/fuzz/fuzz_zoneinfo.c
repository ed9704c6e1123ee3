// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wm_zoneinfo_parse() on arbitrary bytes. Invariants:
 * - success: 1..WM_MAX_ZONES zones, nodes within the bound, each
 *   (node, type) once, names matching types, min/low/high always known,
 *   every known number present in the input as digits;
 * - the parse of our own rendering of the result gives the same zones;
 * - failure: a documented errno, nothing left behind, a usable message;
 * - the walk (wm_zoneinfo_parse_walk(), every line to the line parser)
 *   comes to the same status, error and zones as the scan.
 */
#include "fuzz.h"
#include "zoneinfo.h"

static void check_number(const struct fuzz_numbers *nums, uint64_t v,
			 const char *what, const struct wm_zone *z)
{
	if (v == WM_UNKNOWN)
		return;
	FUZZ_CHECK(fuzz_numbers_has(nums, v),
		   "zone %u %s: %s %" PRIu64 " is not in the input", z->node,
		   z->name, what, v);
}

static void check_zone(const struct fuzz_numbers *nums,
		       const struct wm_zoneinfo *zi, unsigned i)
{
	const struct wm_zone *z = &zi->zones[i];
	unsigned j;

	FUZZ_CHECK(z->node < zi->nr_nodes, "node %u of %u", z->node,
		   zi->nr_nodes);
	FUZZ_CHECK((unsigned)z->type < WM_ZONE__COUNT, "type %d", z->type);
	FUZZ_CHECK(strcmp(z->name, wm_zone_type_name(z->type)) == 0,
		   "name '%s' for type %d", z->name, z->type);
	FUZZ_CHECK(z->min != WM_UNKNOWN && z->low != WM_UNKNOWN &&
			   z->high != WM_UNKNOWN,
		   "zone %u %s lacks a watermark", z->node, z->name);
	FUZZ_CHECK(z->nr_protection <= WM_MAX_PROTECTION, "%u protection",
		   z->nr_protection);
	check_number(nums, z->free, "free", z);
	check_number(nums, z->boost, "boost", z);
	check_number(nums, z->min, "min", z);
	check_number(nums, z->low, "low", z);
	check_number(nums, z->high, "high", z);
	check_number(nums, z->promo, "promo", z);
	check_number(nums, z->spanned, "spanned", z);
	check_number(nums, z->present, "present", z);
	check_number(nums, z->managed, "managed", z);
	check_number(nums, z->cma, "cma", z);
	for (j = 0; j < z->nr_protection; j++) {
		FUZZ_CHECK(z->protection[j] != WM_UNKNOWN, "protection unknown");
		check_number(nums, z->protection[j], "protection", z);
	}
	for (j = 0; j < i; j++)
		FUZZ_CHECK(zi->zones[j].node != z->node ||
				   zi->zones[j].type != z->type,
			   "zone %u %s listed twice", z->node, z->name);
}

/* In the kernel's columns, the form lib/zonefast.c reads: "min      10". */
static void render_value(struct fuzz_text *t, const char *key, uint64_t v)
{
	if (v != WM_UNKNOWN)
		fuzz_text_add(t, "        %-8s %" PRIu64 "\n", key, v);
}

/* The zones as a kernel would print them (the subset the parser keeps). */
static void render(const struct wm_zoneinfo *zi, struct fuzz_text *t)
{
	unsigned i, j;

	for (i = 0; i < zi->nr_zones; i++) {
		const struct wm_zone *z = &zi->zones[i];

		fuzz_text_add(t, "Node %u, zone %8s\n", z->node, z->name);
		if (z->free != WM_UNKNOWN)
			fuzz_text_add(t, "  pages free     %" PRIu64 "\n",
				      z->free);
		render_value(t, "boost", z->boost);
		render_value(t, "min", z->min);
		render_value(t, "low", z->low);
		render_value(t, "high", z->high);
		render_value(t, "promo", z->promo);
		render_value(t, "spanned", z->spanned);
		render_value(t, "present", z->present);
		render_value(t, "managed", z->managed);
		render_value(t, "cma", z->cma);
		if (z->nr_protection) {
			fuzz_text_add(t, "        protection: (");
			for (j = 0; j < z->nr_protection; j++)
				fuzz_text_add(t, "%s%" PRIu64, j ? ", " : "",
					      z->protection[j]);
			fuzz_text_add(t, ")\n");
		}
		fuzz_text_add(t, "  pagesets\n    cpu: 0\n              high:  384\n");
	}
}

static bool same_zone(const struct wm_zone *a, const struct wm_zone *b)
{
	return a->node == b->node && a->type == b->type &&
	       strcmp(a->name, b->name) == 0 && a->free == b->free &&
	       a->boost == b->boost && a->min == b->min && a->low == b->low &&
	       a->high == b->high && a->promo == b->promo &&
	       a->spanned == b->spanned && a->present == b->present &&
	       a->managed == b->managed && a->cma == b->cma &&
	       a->nr_protection == b->nr_protection &&
	       memcmp(a->protection, b->protection,
		      a->nr_protection * sizeof(a->protection[0])) == 0;
}

static void round_trip(const struct wm_zoneinfo *zi)
{
	static struct wm_zoneinfo again;
	struct wm_parse_error err;
	struct fuzz_text t;
	unsigned i;
	int rc;

	fuzz_text_init(&t, (size_t)zi->nr_zones * 1024 + 64);
	render(zi, &t);
	fuzz_error_init(&err);
	rc = wm_zoneinfo_parse(t.p, t.len, &again, &err);
	FUZZ_CHECK(rc == 0, "re-parse of our rendering failed: %d line %lu: %s",
		   rc, err.line, err.msg);
	FUZZ_CHECK(again.nr_zones == zi->nr_zones &&
			   again.nr_nodes == zi->nr_nodes,
		   "%u/%u zones, %u/%u nodes after re-parse", again.nr_zones,
		   zi->nr_zones, again.nr_nodes, zi->nr_nodes);
	for (i = 0; i < zi->nr_zones; i++)
		FUZZ_CHECK(same_zone(&zi->zones[i], &again.zones[i]),
			   "zone %u differs after re-parse", i);
	fuzz_text_free(&t);
}

static void same_as_walk(const char *buf, size_t size, int rc,
			 const struct wm_zoneinfo *zi,
			 const struct wm_parse_error *err)
{
	static struct wm_zoneinfo walk;
	struct wm_parse_error werr;
	unsigned i;
	int wrc;

	fuzz_error_init(&werr);
	wrc = wm_zoneinfo_parse_walk(buf, size, &walk, &werr);
	FUZZ_CHECK(wrc == rc && werr.line == err->line &&
			   strcmp(werr.msg, err->msg) == 0,
		   "scan %d line %lu '%s', walk %d line %lu '%s'", rc,
		   err->line, err->msg, wrc, werr.line, werr.msg);
	FUZZ_CHECK(walk.nr_zones == zi->nr_zones &&
			   walk.nr_nodes == zi->nr_nodes,
		   "scan %u zones %u nodes, walk %u zones %u nodes",
		   zi->nr_zones, zi->nr_nodes, walk.nr_zones, walk.nr_nodes);
	for (i = 0; i < zi->nr_zones; i++)
		FUZZ_CHECK(same_zone(&zi->zones[i], &walk.zones[i]),
			   "zone %u: scan and walk differ", i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* static: the struct is ~80 KB, too big for a fuzzer's stack frame */
	static struct wm_zoneinfo zi;
	struct wm_parse_error err;
	char *buf = fuzz_dup(data, size);
	struct fuzz_numbers nums;
	unsigned i, max_node = 0;
	int rc;

	memset(&zi, 0xa5, sizeof(zi));
	fuzz_error_init(&err);
	rc = wm_zoneinfo_parse(buf, size, &zi, &err);
	same_as_walk(buf, size, rc, &zi, &err);
	if (rc) {
		FUZZ_CHECK(rc == -EPROTO || rc == -E2BIG || rc == -ERANGE ||
				   rc == -ENODATA,
			   "undocumented error %d", rc);
		FUZZ_CHECK(zi.nr_zones == 0 && zi.nr_nodes == 0,
			   "%u zones left after error %d", zi.nr_zones, rc);
		fuzz_check_error(&err, buf, size);
		free(buf);
		return 0;
	}
	FUZZ_CHECK(zi.nr_zones >= 1 && zi.nr_zones <= WM_MAX_ZONES,
		   "%u zones", zi.nr_zones);
	FUZZ_CHECK(zi.nr_nodes >= 1 && zi.nr_nodes <= WM_MAX_NODES,
		   "%u nodes", zi.nr_nodes);
	fuzz_numbers_scan(&nums, buf, size);
	for (i = 0; i < zi.nr_zones; i++) {
		check_zone(&nums, &zi, i);
		if (zi.zones[i].node > max_node)
			max_node = zi.zones[i].node;
	}
	FUZZ_CHECK(zi.nr_nodes == max_node + 1, "nr_nodes %u, highest %u",
		   zi.nr_nodes, max_node);
	fuzz_numbers_free(&nums);
	round_trip(&zi);
	free(buf);
	return 0;
}
