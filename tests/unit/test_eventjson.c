// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * events --json writes a compact event straight into the stream buffer
 * (cmd/print_events.c: print_event()); the stream calls
 * (print_event_json()) are the reference, themselves held to json-c's
 * bytes by test_jsonstream.c. Random reports with every field at its
 * edges: unknown numbers, empty and full strings, every byte that needs
 * an escape, GFP name lists with empty and 64-byte names, up to every
 * zone and SLUB node; the buffer empty, part full, or too full for the
 * event (then the calls print it, and flush where they always did).
 */
#include <stdlib.h>

#include "unit.h"
#include "../../cmd/print_events.c"

static uint64_t seed = 88172645463325252ULL;

static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static uint64_t rnum(void)
{
	switch (rnd() % 6) {
	case 0:
		return WM_UNKNOWN;
	case 1:
		return 0;
	case 2:
		return UINT64_MAX - 1;
	case 3:
		return rnd() % 10;
	default:
		return rnd() >> (rnd() % 64);
	}
}

/* Empty, full or short; GFP names, '|' and bytes to escape. */
static void rstr(char *s, size_t size)
{
	static const char odd[] = "ab|\"\\\x01\x1f\x7f\xc3\xa9 \t\n/_";
	static const char gfp[] = "GFP_ATOMIC|__GFP_COMP||";
	size_t n, i;

	n = rnd() % 4 == 0 ? 0 : rnd() % 3 == 0 ? size - 1 : rnd() % 12;
	for (i = 0; i < n; i++)
		s[i] = rnd() % 3 ? gfp[rnd() % (sizeof(gfp) - 1)] :
				   odd[rnd() % (sizeof(odd) - 1)];
	s[n] = '\0';
	if (size > 70 && rnd() % 8 == 0) { /* a name of 63, one of 64 */
		memset(s, 'N', 127);
		s[63] = '|';
		s[127] = '\0';
	}
}

static void random_report(struct wm_report *r)
{
	unsigned i;

	memset(r, 0, sizeof(*r));
	r->kind = rnd() % 2 ? WM_REPORT_SLAB : WM_REPORT_PAGE;
	r->ts_usec = rnum();
	r->seq = rnum();
	r->order = rnum();
	r->suppressed_before = rnum();
	rstr(r->wall_time, sizeof(r->wall_time));
	rstr(r->comm, sizeof(r->comm));
	rstr(r->nodemask, sizeof(r->nodemask));
	rstr(r->cache, sizeof(r->cache));
	rstr(r->kernel_release, sizeof(r->kernel_release));
	r->gfp.have_mask = rnd() % 2;
	r->gfp.mask = rnum();
	r->gfp.have_names = rnd() % 2;
	rstr(r->gfp.names, sizeof(r->gfp.names));
	r->gfp.atomic = (enum wm_tri)(rnd() % 3);
	r->have_node = rnd() % 2;
	r->node = (int64_t)rnum();
	r->nr_zones = rnd() % 3 ? rnd() % 4 :
				  rnd() % (WM_REPORT_MAX_ZONES + 1);
	for (i = 0; i < r->nr_zones; i++) {
		struct wm_klog_zone *z = &r->zones[i];

		z->node = (unsigned)rnd();
		rstr(z->zone, sizeof(z->zone));
		z->free_kb = rnum();
		z->boost_kb = rnum();
		z->min_kb = rnum();
		z->low_kb = rnum();
		z->high_kb = rnum();
		z->below_min = rnd() % 2;
	}
	r->zones_truncated = rnd() % 2;
	r->nr_slab_nodes = rnd() % 3 ? rnd() % 3 :
				       rnd() % (WM_REPORT_MAX_SLAB_NODES + 1);
	for (i = 0; i < r->nr_slab_nodes; i++) {
		r->slab_nodes[i].node = (int64_t)rnum();
		r->slab_nodes[i].slabs = rnum();
		r->slab_nodes[i].objs = rnum();
		r->slab_nodes[i].free = rnum();
	}
}

/* One event both ways into a stream with `used` bytes in it already. */
static void print_both(struct wm_stream *a, struct wm_stream *b,
		       const struct wm_report *r, size_t used, FILE *fa,
		       FILE *fb)
{
	wm_stream_init(a, fa, true, false);
	wm_stream_init(b, fb, true, false);
	memset(a->buf, 'q', used);
	memset(b->buf, 'q', used);
	a->len = b->len = used;
	wm_stream_open(a, NULL, 0, '{');
	wm_stream_open(b, NULL, 0, '{');
	print_event(a, r);
	print_event_json(b, r);
	wm_stream_close(a, '}');
	wm_stream_close(b, '}');
	wm_stream_flush(a);
	wm_stream_flush(b);
}

static void test_same_bytes(void **state)
{
	struct wm_stream *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	struct wm_report *r = malloc(sizeof(*r));
	unsigned round, direct = 0, calls = 0;

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(r);
	for (round = 0; round < 30000; round++) {
		char *oa = NULL, *ob = NULL;
		size_t la = 0, lb = 0, used;
		FILE *fa = open_memstream(&oa, &la);
		FILE *fb = open_memstream(&ob, &lb);

		assert_non_null(fa);
		assert_non_null(fb);
		random_report(r);
		used = rnd() % 3 ? 0 : rnd() % sizeof(a->buf);
		{
			struct event_lens n;

			/* the room print_event() sees, after the '{' */
			if (event_bound(r, &n) <= sizeof(a->buf) - used - 1)
				direct++;
			else
				calls++;
		}
		print_both(a, b, r, used, fa, fb);
		fclose(fa);
		fclose(fb);
		if (la != lb || memcmp(oa, ob, la) != 0)
			fail_msg("round %u: %zu bytes against %zu", round, la,
				 lb);
		free(oa);
		free(ob);
	}
	/* both ways were taken, most often the direct one */
	assert_true(direct > 20000);
	assert_true(calls > 300);
	free(a);
	free(b);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
