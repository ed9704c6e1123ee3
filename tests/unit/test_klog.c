// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel-log lines: every prefix form of spec §6.1, raw /dev/kmsg records
 * (the real sample from this project's machine), the line recognisers,
 * and broken input.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "klog.h"

static struct wm_span S(const char *s)
{
	struct wm_span sp = { s, strlen(s) };
	return sp;
}

static void line(const char *text, struct wm_klog_line *l)
{
	assert_int_equal(wm_klog_parse_line(text, strlen(text), l), 0);
}

static void assert_span(struct wm_span s, const char *want)
{
	if (!wm_span_eq(s, want))
		fail_msg("got '%.*s', want '%s'", (int)s.len, s.p, want);
}

static void test_record(void **state)
{
	static const char dict[] = "6,339,5140900,-;NET: Registered family 10\n"
				   " SUBSYSTEM=net\n DEVICE=+net:lo\n";
	struct wm_klog_line l;
	const char *r;

	(void)state;
	r = "4,345,144320162,-;min_free_kbytes is not updated to 19832";
	assert_int_equal(wm_kmsg_parse_record(r, strlen(r), &l), 0);
	assert_int_equal(l.form, WM_KLOG_KMSG);
	assert_int_equal(l.facility, 0);
	assert_int_equal(l.level, 4);
	assert_int_equal(l.seq, 345);
	assert_int_equal(l.ts_usec, 144320162);
	assert_false(l.cont);
	assert_span(l.msg, "min_free_kbytes is not updated to 19832");

	assert_int_equal(wm_kmsg_parse_record(dict, sizeof(dict) - 1, &l), 0);
	assert_int_equal(l.seq, 339);
	assert_int_equal(l.level, 6);
	assert_span(l.msg, "NET: Registered family 10");

	r = "12,7,99,c,caller=T1,extra;x: hello";
	assert_int_equal(wm_kmsg_parse_record(r, strlen(r), &l), 0);
	assert_int_equal(l.facility, 1);
	assert_int_equal(l.level, 4);
	assert_true(l.cont);
	assert_span(l.msg, "x: hello");

	r = "4,1,2;x"; /* no flags field: still the known fields */
	assert_int_equal(wm_kmsg_parse_record(r, strlen(r), &l), 0);
	assert_span(l.msg, "x");

	r = "4,18446744073709551615,1,-;x";
	assert_int_equal(wm_kmsg_parse_record(r, strlen(r), &l), 0);
	assert_true(l.seq == UINT64_MAX);
	r = "4,18446744073709551616,1,-;x";
	assert_int_equal(wm_kmsg_parse_record(r, strlen(r), &l), -ERANGE);
	r = "4,1,99999999999999999999999,-;x";
	assert_int_equal(wm_kmsg_parse_record(r, strlen(r), &l), -ERANGE);
	r = "99999999999,1,1,-;x";
	assert_int_equal(wm_kmsg_parse_record(r, strlen(r), &l), -ERANGE);
	r = "hello";
	assert_int_equal(wm_kmsg_parse_record(r, strlen(r), &l), -EINVAL);
	r = "4,5;x";
	assert_int_equal(wm_kmsg_parse_record(r, strlen(r), &l), -EINVAL);
	r = "4,a,1,-;x";
	assert_int_equal(wm_kmsg_parse_record(r, strlen(r), &l), -EINVAL);
	r = "4,1,1x,-;x";
	assert_int_equal(wm_kmsg_parse_record(r, strlen(r), &l), -EINVAL);
	assert_int_equal(wm_kmsg_parse_record("", 0, &l), -EINVAL);
	r = "4,1,1,-\n;x"; /* the ';' must be on the header line */
	assert_int_equal(wm_kmsg_parse_record(r, strlen(r), &l), -EINVAL);
}

/* The real records read from this project's machine (41 of them). */
static void test_kmsg_sample(void **state)
{
	struct wm_buf b = { 0 };
	struct wm_lines it;
	struct wm_span s;
	struct wm_klog_line l;
	unsigned n = 0, warnings = 0;
	uint64_t last = 0;

	(void)state;
	wm_test_load(&b, "samples/kmsg/kmsg-raw-6.18.44-fc-v857.sample");
	wm_lines_init(&it, b.data, b.len);
	while (wm_lines_next(&it, &s)) {
		assert_int_equal(wm_kmsg_parse_record(s.p, s.len, &l), 0);
		assert_int_equal(l.facility, 0);
		if (n == 0) {
			assert_int_equal(l.seq, 0);
			assert_int_equal(l.level, 5);
			assert_true(wm_span_starts(l.msg, "Linux version 6.18.44-fc-v857 "));
		}
		if (l.seq == 345) {
			assert_int_equal(l.ts_usec, 144320162);
			assert_span(l.msg, "min_free_kbytes is not updated to "
				    "19832 because user defined value 67584 is "
				    "preferred");
		}
		if (l.seq == 17)
			assert_int_equal(l.ts_usec, 60);
		warnings += l.level == 4;
		assert_true(n == 0 || l.seq > last);
		last = l.seq;
		n++;
	}
	assert_int_equal(n, 41);
	assert_int_equal(last, 362);
	assert_int_equal(warnings, 19);
	wm_buf_free(&b);
}

static void test_unescape(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(wm_klog_unescape(S("a\\x0ab\\x5cc"), out, sizeof(out)), 5);
	assert_string_equal(out, "a\nb\\c");
	assert_int_equal(wm_klog_unescape(S("x\\x"), out, sizeof(out)), 3);
	assert_string_equal(out, "x\\x");
	assert_int_equal(wm_klog_unescape(S("\\xZZ\\x4"), out, sizeof(out)), 7);
	assert_string_equal(out, "\\xZZ\\x4");
	assert_int_equal(wm_klog_unescape(S("abcdef"), out, 4), 3);
	assert_string_equal(out, "abc");
	assert_int_equal(wm_klog_unescape(S("abc"), out, 0), 0);
}

static void test_forms(void **state)
{
	struct wm_klog_line l;

	(void)state;
	line("[ 1221.658269] RenderThread: page allocation failure: order:0,", &l);
	assert_int_equal(l.form, WM_KLOG_PRINTK);
	assert_int_equal(l.ts_usec, 1221658269);
	assert_int_equal(l.facility, WM_KLOG_FAC_UNKNOWN);
	assert_span(l.msg, "RenderThread: page allocation failure: order:0,");

	line("[Mon Apr 20 15:08:07 2020] chrome: x", &l);
	assert_int_equal(l.form, WM_KLOG_CTIME);
	assert_span(l.wall, "Mon Apr 20 15:08:07 2020");
	assert_true(l.ts_usec == WM_UNKNOWN);
	assert_span(l.msg, "chrome: x");
	line("[Fri Apr  7 19:55:54 2026] y", &l);
	assert_int_equal(l.form, WM_KLOG_CTIME);
	assert_span(l.msg, "y");

	line("Apr 01 16:27:01 host kernel: foo bar", &l);
	assert_int_equal(l.form, WM_KLOG_SYSLOG);
	assert_int_equal(l.facility, WM_KLOG_FAC_KERN);
	assert_span(l.wall, "Apr 01 16:27:01");
	assert_span(l.tag, "kernel");
	assert_span(l.msg, "foo bar");

	line("Feb  9 08:09:39 prod-server kernel: Mem-Info:", &l);
	assert_int_equal(l.form, WM_KLOG_SYSLOG);
	assert_span(l.wall, "Feb  9 08:09:39");
	assert_span(l.msg, "Mem-Info:");

	line("Feb  9 08:09:39 prod-server kernel: [12345.678901] foo", &l);
	assert_int_equal(l.ts_usec, 12345678901ULL);
	assert_span(l.msg, "foo");

	line("Jun 13 04:36:30 host earlyoom[12]: x: page allocation failure", &l);
	assert_int_equal(l.form, WM_KLOG_SYSLOG);
	assert_int_equal(l.facility, WM_KLOG_FAC_USER);
	assert_span(l.tag, "earlyoom[12]");

	line("[21161.092614] kernel: earlyoom: page allocation failure", &l);
	assert_int_equal(l.form, WM_KLOG_MONO);
	assert_int_equal(l.facility, WM_KLOG_FAC_KERN);
	assert_int_equal(l.ts_usec, 21161092614ULL);
	assert_span(l.msg, "earlyoom: page allocation failure");
	line("[    1.5] myhost kernel: x", &l);
	assert_int_equal(l.form, WM_KLOG_MONO);
	assert_int_equal(l.ts_usec, 1500000);
	assert_span(l.msg, "x");
	line("[    1.5] myhost prog[77]: x", &l);
	assert_int_equal(l.facility, WM_KLOG_FAC_USER);
	/* one word with [pid]: cannot be told from a kernel message */
	line("[21160.626351] earlyoom[84786]: low memory!", &l);
	assert_int_equal(l.form, WM_KLOG_PRINTK);
	assert_int_equal(l.facility, WM_KLOG_FAC_UNKNOWN);
	assert_span(l.msg, "earlyoom[84786]: low memory!");
	line("[    5.053808] Node 0 DMA free:632kB", &l);
	assert_int_equal(l.form, WM_KLOG_PRINTK);
	assert_span(l.msg, "Node 0 DMA free:632kB");
	line("[    5.0] Hardware name: QEMU Standard PC", &l);
	assert_int_equal(l.form, WM_KLOG_PRINTK);
	assert_span(l.msg, "Hardware name: QEMU Standard PC");

	line("<4>[ 6207.637627] foo", &l);
	assert_int_equal(l.form, WM_KLOG_LEVEL);
	assert_int_equal(l.facility, 0);
	assert_int_equal(l.level, 4);
	assert_int_equal(l.ts_usec, 6207637627ULL);
	assert_span(l.msg, "foo");
	line("<12>[ 1.000000] foo", &l);
	assert_int_equal(l.facility, 1);
	assert_int_equal(l.level, 4);
	line("<6>plain", &l);
	assert_int_equal(l.form, WM_KLOG_LEVEL);
	assert_span(l.msg, "plain");

	line(" [ 1941.624891] swapper/0: x", &l);
	assert_int_equal(l.form, WM_KLOG_PRINTK);
	assert_span(l.msg, "swapper/0: x");

	line("2020-04-20T15:08:07,123456+0200 swapper/0: page", &l);
	assert_int_equal(l.form, WM_KLOG_ISO);
	assert_span(l.wall, "2020-04-20T15:08:07,123456+0200");
	assert_span(l.msg, "swapper/0: page");
	line("2020-04-20T15:08:07.123456+02:00 host kernel: foo", &l);
	assert_int_equal(l.form, WM_KLOG_SYSLOG);
	assert_int_equal(l.facility, WM_KLOG_FAC_KERN);
	assert_span(l.msg, "foo");

	line("4,9,10,-;raw record", &l);
	assert_int_equal(l.form, WM_KLOG_KMSG);
	assert_int_equal(l.seq, 9);
	assert_span(l.msg, "raw record");

	line("no prefix at all", &l);
	assert_int_equal(l.form, WM_KLOG_PLAIN);
	assert_span(l.msg, "no prefix at all");
	line("", &l);
	assert_int_equal(l.form, WM_KLOG_PLAIN);
	assert_int_equal(l.msg.len, 0);
}

static void test_broken_lines(void **state)
{
	struct wm_klog_line l;
	static const char nul[] = "[ 1.000000] a\0b";
	char *big;
	const char *r;

	(void)state;
	/* a time past 2^64 us is no time, but still a prefix */
	line("[99999999999999999999.000000] x", &l);
	assert_int_equal(l.form, WM_KLOG_PRINTK);
	assert_true(l.ts_usec == WM_UNKNOWN);
	assert_span(l.msg, "x");
	line("[18446744073709.551616] x", &l);
	assert_true(l.ts_usec == WM_UNKNOWN);
	line("[abc] x", &l);
	assert_int_equal(l.form, WM_KLOG_PLAIN);
	assert_span(l.msg, "[abc] x");
	line("[ 1.] x", &l);
	assert_int_equal(l.form, WM_KLOG_PLAIN);
	line("[ 1.5", &l);
	assert_int_equal(l.form, WM_KLOG_PLAIN);
	line("Apr 1", &l);
	assert_int_equal(l.form, WM_KLOG_PLAIN);
	line("Apr 01 16:27:01 host", &l);
	assert_int_equal(l.form, WM_KLOG_PLAIN);
	assert_int_equal(l.wall.len, 0);
	line("<99999>x", &l);
	assert_int_equal(l.form, WM_KLOG_PLAIN);
	line("<4", &l);
	assert_int_equal(l.form, WM_KLOG_PLAIN);
	line("2020-04-20Tgarbage", &l);
	assert_int_equal(l.form, WM_KLOG_PLAIN);
	line("4,1,2,-", &l); /* no ';': not a record */
	assert_int_equal(l.form, WM_KLOG_PLAIN);
	r = "4,18446744073709551616,1,-;x";
	assert_int_equal(wm_klog_parse_line(r, strlen(r), &l), -ERANGE);
	assert_int_equal(l.form, WM_KLOG_PLAIN);
	line("Apr 01 16:27:01 host kernel: line\r", &l);
	assert_span(l.msg, "line");

	assert_int_equal(wm_klog_parse_line(nul, sizeof(nul) - 1, &l), 0);
	assert_int_equal(l.form, WM_KLOG_PRINTK);
	assert_int_equal(l.msg.len, 3); /* NUL kept inside, nothing read past */

	big = malloc(100 * 1024);
	assert_non_null(big);
	memset(big, 'A', 100 * 1024);
	memcpy(big, "[ 1.000000] ", 12);
	assert_int_equal(wm_klog_parse_line(big, 100 * 1024, &l), 0);
	assert_int_equal(l.form, WM_KLOG_PRINTK);
	assert_int_equal(l.msg.len, WM_KLOG_LINE_MAX - 12);
	memset(big, '7', 100 * 1024);
	assert_int_equal(wm_klog_parse_line(big, 100 * 1024, &l), 0);
	assert_int_equal(l.form, WM_KLOG_PLAIN);
	free(big);
}

static void test_ts(void **state)
{
	uint64_t us;

	(void)state;
	assert_int_equal(wm_klog_parse_ts(S(" 5.5"), &us), 0);
	assert_int_equal(us, 5500000);
	assert_int_equal(wm_klog_parse_ts(S("1.1234567"), &us), 0);
	assert_int_equal(us, 1123456);
	assert_int_equal(wm_klog_parse_ts(S("38535641.026406"), &us), 0);
	assert_int_equal(us, 38535641026406ULL);
	assert_int_equal(wm_klog_parse_ts(S("5"), &us), -EINVAL);
	assert_int_equal(wm_klog_parse_ts(S("5.x"), &us), -EINVAL);
	assert_int_equal(wm_klog_parse_ts(S(""), &us), -EINVAL);
	assert_int_equal(wm_klog_parse_ts(S("18446744073709551616.0"), &us),
			 -ERANGE);
}

/* A journal tag after "[time] ": the second word, ending in ':'. */
static void test_journal_tag(void **state)
{
	struct wm_klog_line l;

	(void)state;
	line("[21161.092614] host kernel: x: y", &l);
	assert_int_equal(l.form, WM_KLOG_MONO);
	assert_int_equal(l.facility, WM_KLOG_FAC_KERN);
	assert_span(l.msg, "x: y");
	line("[21161.092614] host foo[12]: x: y", &l);
	assert_int_equal(l.facility, WM_KLOG_FAC_USER);
	assert_span(l.tag, "foo[12]");
	line("[21161.092614] host a:b[12]: x", &l); /* ':' before the '[' */
	assert_int_equal(l.facility, WM_KLOG_FAC_USER);
	assert_span(l.msg, "x");
	line("[21161.092614]   h   kernel: z", &l);
	assert_int_equal(l.facility, WM_KLOG_FAC_KERN);
	assert_span(l.msg, "z");
	line("[21161.092614] node 0: slabs: 1", &l); /* "0:" is no tag */
	assert_int_equal(l.form, WM_KLOG_PRINTK);
	assert_span(l.msg, "node 0: slabs: 1");
	line("[21161.092614] a b kernel: z", &l); /* third word */
	assert_int_equal(l.facility, WM_KLOG_FAC_UNKNOWN);
	line("[21161.092614] h: kernel: z", &l); /* ':' in the first word */
	assert_int_equal(l.facility, WM_KLOG_FAC_UNKNOWN);
	line("[21161.092614] host kernel:\tz", &l); /* a tab is no space */
	assert_int_equal(l.facility, WM_KLOG_FAC_UNKNOWN);
	line("[21161.092614] Call Trace:", &l);
	assert_int_equal(l.facility, WM_KLOG_FAC_UNKNOWN);
	assert_span(l.msg, "Call Trace:");
}

static void test_dict_line(void **state)
{
	(void)state;
	assert_true(wm_klog_is_dict_line(S(" SUBSYSTEM=acpi")));
	assert_true(wm_klog_is_dict_line(S(" DEVICE=+acpi:PNP0A03:00")));
	assert_false(wm_klog_is_dict_line(S("  node 0: slabs: 1")));
	assert_false(wm_klog_is_dict_line(S("SUBSYSTEM=x")));
	assert_false(wm_klog_is_dict_line(S(" lower=x")));
	assert_false(wm_klog_is_dict_line(S(" NOEQUALS")));
}

static void test_zone_line(void **state)
{
	struct wm_klog_zone z;

	(void)state;
	assert_int_equal(wm_klog_zone_line(S("Node 0 DMA32 free:528kB boost:3256kB "
		"min:4708kB low:5068kB high:5428kB reserved_highatomic:0KB "
		"active_anon:2540kB present:245608kB managed:156484kB"), &z), 0);
	assert_int_equal(z.node, 0);
	assert_string_equal(z.zone, "DMA32");
	assert_int_equal(z.free_kb, 528);
	assert_int_equal(z.boost_kb, 3256);
	assert_int_equal(z.min_kb, 4708);
	assert_int_equal(z.low_kb, 5068);
	assert_int_equal(z.high_kb, 5428);
	assert_true(z.below_min);
	/* 2.6.38: no boost */
	assert_int_equal(wm_klog_zone_line(S("Node 0 Normal free:2264kB min:13224kB"
		" low:16528kB high:19836kB active_anon:2288172kB"), &z), 0);
	assert_true(z.boost_kb == WM_UNKNOWN);
	assert_true(z.below_min);
	/* an empty zone of 2.6 is not "below min" */
	assert_int_equal(wm_klog_zone_line(S("Node 1 HighMem free:0kB min:128kB "
		"low:128kB high:128kB active:0kB inactive:0kB present:0kB"), &z), 0);
	assert_int_equal(z.node, 1);
	assert_false(z.below_min);
	assert_int_equal(wm_klog_zone_line(S("Node 0 DMA: 0*4kB 1*8kB (E) = 632kB"),
					   &z), -EINVAL);
	assert_int_equal(wm_klog_zone_line(S("Node 0 active_anon:2540kB "
		"inactive_anon:1944kB"), &z), -EINVAL);
	assert_int_equal(wm_klog_zone_line(S("Node 0 DMA32 free:528kB "
		"min:99999999999999999999999kB low:1kB high:2kB"), &z), -EINVAL);
	assert_int_equal(wm_klog_zone_line(S("Node 0 DMA32 free:528kB min:1kB"),
					   &z), -EINVAL);
	assert_int_equal(wm_klog_zone_line(S("Node 5000 DMA free:1kB min:1kB "
		"low:1kB high:1kB"), &z), -EINVAL);
	assert_int_equal(wm_klog_zone_line(S("Node 0 AVeryLongZoneNameX free:1kB "
		"min:1kB low:1kB high:1kB"), &z), -EINVAL);
}

static void test_recognisers(void **state)
{
	struct wm_klog_slab_node n;
	struct wm_span comm, rest, rel;
	uint64_t v;

	(void)state;
	assert_int_equal(wm_klog_slab_node_line(S("  node 1: slabs: 349, objs: "
		"22096, free: 272"), &n), 0);
	assert_int_equal(n.node, 1);
	assert_int_equal(n.slabs, 349);
	assert_int_equal(n.objs, 22096);
	assert_int_equal(n.free, 272);
	assert_int_equal(wm_klog_slab_node_line(S("node -1: slabs: 1, objs: 2, "
		"free: 3"), &n), 0);
	assert_int_equal(n.node, -1);
	assert_int_equal(wm_klog_slab_node_line(S("node 0: slabs: x"), &n), -EINVAL);
	assert_int_equal(wm_klog_slab_node_line(S("node 0 slabs"), &n), -EINVAL);

	assert_int_equal(wm_klog_suppressed_line(S("warn_alloc: 59 callbacks "
		"suppressed"), &v), WM_KLOG_RL_WARN_ALLOC);
	assert_int_equal(v, 59);
	assert_int_equal(wm_klog_suppressed_line(S("warn_alloc_failed: 3 "
		"callbacks suppressed"), &v), WM_KLOG_RL_WARN_ALLOC);
	assert_int_equal(v, 3);
	assert_int_equal(wm_klog_suppressed_line(S("slab_out_of_memory: 7 "
		"callbacks suppressed"), &v), WM_KLOG_RL_SLUB);
	assert_int_equal(wm_klog_suppressed_line(S("net_ratelimit: 5 callbacks "
		"suppressed"), &v), WM_KLOG_RL_NONE);
	assert_int_equal(wm_klog_suppressed_line(S("warn_alloc: "
		"99999999999999999999999 callbacks suppressed"), &v),
			 WM_KLOG_RL_NONE);
	assert_int_equal(wm_klog_suppressed_line(S("warn_alloc: 5 callbacks"), &v),
			 WM_KLOG_RL_NONE);

	assert_true(wm_klog_cpu_line(S("CPU: 0 PID: 100 Comm: dd Tainted: G     "
		"      OE      6.1.0-56-amd64 #1  Debian 6.1.192-2"), &comm, &rest));
	assert_span(comm, "dd");
	assert_true(wm_klog_release(rest, &rel));
	assert_span(rel, "6.1.0-56-amd64");
	assert_true(wm_klog_cpu_line(S("Pid: 0, comm: swapper Tainted: P       "
		"     2.6.38-10-server #46-Ubuntu"), &comm, &rest));
	assert_span(comm, "swapper");
	assert_true(wm_klog_release(rest, &rel));
	assert_span(rel, "2.6.38-10-server");
	assert_true(wm_klog_cpu_line(S("CPU: 9 UID: 1000 PID: 4194 Comm: chrome "
		"Tainted: G        W           6.19.11-1-cachyos-deckify #1 "
		"PREEMPT(full)  9fff08c9"), &comm, &rest));
	assert_span(comm, "chrome");
	assert_true(wm_klog_release(rest, &rel));
	assert_span(rel, "6.19.11-1-cachyos-deckify");
	assert_true(wm_klog_cpu_line(S("CPU: 0 PID: 29 Comm: irq/5-600c0004. Not "
		"tainted 6.8.0 #1"), &comm, &rest));
	assert_span(comm, "irq/5-600c0004.");
	assert_true(wm_klog_release(rest, &rel));
	assert_span(rel, "6.8.0");
	/* hard-wrapped: the release is on the next line */
	assert_true(wm_klog_cpu_line(S("CPU: 3 PID: 12353 Comm: RenderThread "
		"Tainted: G"), &comm, &rest));
	assert_false(wm_klog_release(rest, &rel));
	assert_true(wm_klog_release(S("WC O    4.12.0-rc3-android-x86+ #1"), &rel));
	assert_span(rel, "4.12.0-rc3-android-x86+");
	/* only a '#' after a space ends the release */
	assert_true(wm_klog_release(S("x#1 a#b 5.4.0-1 #2"), &rel));
	assert_span(rel, "5.4.0-1");
	assert_true(wm_klog_release(S("5.4.0-1 ##1"), &rel));
	assert_span(rel, "5.4.0-1");
	assert_false(wm_klog_release(S("#1 5.4.0-1#"), &rel));
	assert_false(wm_klog_release(S(""), &rel));
	assert_false(wm_klog_cpu_line(S("CPU: 0"), &comm, &rest));
	assert_false(wm_klog_cpu_line(S("Hardware name: x"), &comm, &rest));
	assert_false(wm_klog_release(S("build #1"), &rel));
	assert_false(wm_klog_release(S(" #1"), &rel));
}

static void test_span_helpers(void **state)
{
	struct wm_span s = S("0x480020(GFP_ATOMIC)");
	uint64_t v;

	(void)state;
	assert_true(wm_span_take_hex(&s, &v));
	assert_int_equal(v, 0x480020);
	assert_span(s, "(GFP_ATOMIC)");
	s = S("0x10000000000000000)");
	assert_false(wm_span_take_hex(&s, &v));
	assert_span(s, "0x10000000000000000)");
	s = S("0x)");
	assert_false(wm_span_take_hex(&s, &v));
	s = S("abc, def");
	assert_span(wm_span_until(s, ","), "abc");
	assert_true(wm_span_skip_past(&s, ", "));
	assert_span(s, "def");
	assert_false(wm_span_skip_prefix(&s, "x"));
	assert_true(wm_span_skip_prefix(&s, "de"));
	wm_span_skip(&s, 10);
	assert_int_equal(s.len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_kmsg_sample),
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_broken_lines),
		cmocka_unit_test(test_ts),
		cmocka_unit_test(test_journal_tag),
		cmocka_unit_test(test_dict_line),
		cmocka_unit_test(test_zone_line),
		cmocka_unit_test(test_recognisers),
		cmocka_unit_test(test_span_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
