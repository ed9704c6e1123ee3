// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wmtune status: how big the atomic reserve is, how close each zone is to
 * it, whether atomic allocations have been failing, and the values to
 * compare with (the kernel's own default, khugepaged's, 1% of RAM).
 * Text and JSON come from print_status(); Prometheus text from
 * print_prom(), over the same struct.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "cmd.h"
#include "logscan.h"
#include "model.h"
#include "observe.h"

enum { OPT_FORMAT = 0x200, OPT_OUTPUT };
enum status_format { FMT_TEXT, FMT_JSON, FMT_PROM };

struct status_args {
	enum status_format format;
	const char *output;
};

static const struct argp_option status_options[] = {
	{ "format", OPT_FORMAT, "FORMAT", 0,
	  "text (default), json, or prom (Prometheus text format)", 0 },
	{ "output", OPT_OUTPUT, "FILE",  0,
	  "Write to FILE atomically (temp file + rename), for node_exporter's "
	  "textfile collector", 0 },
	{ 0 }
};

static error_t status_parse(int key, char *arg, struct argp_state *state)
{
	struct status_args *a = state->input;

	switch (key) {
	case OPT_FORMAT:
		if (strcmp(arg, "text") == 0)
			a->format = FMT_TEXT;
		else if (strcmp(arg, "json") == 0)
			a->format = FMT_JSON;
		else if (strcmp(arg, "prom") == 0)
			a->format = FMT_PROM;
		else
			argp_error(state, "--format: '%s' is not text, json or prom", arg);
		break;
	case OPT_OUTPUT:
		a->output = arg;
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp status_argp = {
	.options = status_options,
	.parser = status_parse,
	.doc = "Show each zone's free pages against its watermarks, the vm "
	       "sysctls, the reclaim counters, PSI and the allocation failures "
	       "seen this boot.",
};

/* Everything one run shows; large (zone arrays), so on the heap. */
struct status {
	struct wm_observer obs;
	struct wm_snapshot snap;
	struct wm_model_input model;
	bool model_ok;
	uint64_t kernel_default_mfk, khugepaged_mfk, ram_1pct_kb;
	int log_err;                 /* 0: the kernel log was read */
	struct wm_report_asm log;
};

static uint64_t kb_per_page(const struct status *st)
{
	return st->snap.sysinfo.page_size / 1024;
}

static void derive_reference_values(struct status *st)
{
	const struct wm_sysinfo *si = &st->snap.sysinfo;
	struct wm_model_input *in = &st->model;
	uint64_t boot_lowmem, now_lowmem;

	st->kernel_default_mfk = st->khugepaged_mfk = WM_UNKNOWN;
	st->ram_1pct_kb = st->snap.meminfo.mem_total_kb == WM_UNKNOWN ? WM_UNKNOWN :
			  st->snap.meminfo.mem_total_kb / 100;
	st->model_ok = wm_model_input_init(in, &st->snap.zoneinfo,
					   si->vm.min_free_kbytes,
					   si->vm.watermark_scale_factor,
					   si->page_size, &si->kver) == 0;
	if (!st->model_ok)
		return;
	/* at boot the high marks are 0: the kernel's value is from managed */
	boot_lowmem = wm_model_free_buffer_pages(in, false);
	st->kernel_default_mfk = wm_model_default_min_free_kbytes(
		boot_lowmem * kb_per_page(st), wm_model_mfk_clamp_for(&si->kver));
	now_lowmem = wm_model_free_buffer_pages(in, true);
	st->khugepaged_mfk = wm_model_khugepaged_min_free_kbytes(
		wm_model_nr_lowmem_zones(in),
		wm_model_pageblock_order(si->page_size), now_lowmem,
		si->page_size);
}

static void scan_log(struct status *st, const struct wm_ctx *ctx)
{
	struct wm_report_opts o = {
		.default_release = st->snap.sysinfo.release,
	};

	(void)ctx;
	wm_report_init(&st->log, &o);
	st->log_err = wm_logscan_kmsg(&ctx->root, &st->log);
}

/* free - min (as the kernel prints min, boost included); may be negative */
static int64_t headroom(const struct wm_zone *z)
{
	return (int64_t)z->free - (int64_t)z->min;
}

static void print_zones(struct wm_out *o, const struct wm_zoneinfo *zi)
{
	unsigned i;

	wm_out_text(o, "Zones (pages)\n%4s %-8s %10s %10s %10s %10s %8s %10s %10s %9s\n",
		    "node", "zone", "free", "min", "low", "high", "boost",
		    "managed", "headroom", "of min");
	wm_out_arr_open(o, "zones");
	for (i = 0; i < zi->nr_zones; i++) {
		const struct wm_zone *z = &zi->zones[i];

		wm_out_obj_open(o, NULL);
		wm_out_u64(o, "node", "%4" PRIu64, z->node);
		wm_out_str(o, "zone", " %-8s", z->name);
		wm_out_u64(o, "free_pages", " %10" PRIu64, z->free);
		wm_out_u64(o, "min_pages", " %10" PRIu64, z->min);
		wm_out_u64(o, "low_pages", " %10" PRIu64, z->low);
		wm_out_u64(o, "high_pages", " %10" PRIu64, z->high);
		wm_out_u64(o, "boost_pages", " %8" PRIu64, z->boost);
		wm_out_u64(o, "managed_pages", " %10" PRIu64, wm_zone_managed(z));
		/* an empty zone (Movable, Device) has no headroom to speak of */
		if (wm_zone_managed(z) == 0 || wm_zone_managed(z) == WM_UNKNOWN)
			wm_out_null(o, "headroom_pages", "          -");
		else
			wm_out_i64(o, "headroom_pages", " %10" PRId64, headroom(z));
		if (z->min && wm_zone_managed(z) && wm_zone_managed(z) != WM_UNKNOWN)
			wm_out_double(o, "headroom_pct", " %8.1f%%",
				      (double)headroom(z) * 100.0 / (double)z->min);
		else
			wm_out_null(o, "headroom_pct", " " "        -");
		wm_out_text(o, "\n");
		wm_out_obj_close(o);
	}
	wm_out_arr_close(o);
}

static void print_sysctls(struct wm_out *o, const struct status *st)
{
	const struct wm_vm_sysctls *vm = &st->snap.sysinfo.vm;
	unsigned i;

	wm_out_text(o, "\nSysctls\n");
	wm_out_obj_open(o, "sysctls");
	wm_out_u64(o, "min_free_kbytes", "  vm.min_free_kbytes         %" PRIu64 "\n",
		   vm->min_free_kbytes);
	wm_out_u64(o, "watermark_scale_factor",
		   "  vm.watermark_scale_factor  %" PRIu64 "\n", vm->watermark_scale_factor);
	wm_out_u64(o, "watermark_boost_factor",
		   "  vm.watermark_boost_factor  %" PRIu64 "\n", vm->watermark_boost_factor);
	wm_out_text(o, "  vm.lowmem_reserve_ratio    ");
	if (vm->nr_lowmem_reserve_ratio) {
		wm_out_arr_open(o, "lowmem_reserve_ratio");
		for (i = 0; i < vm->nr_lowmem_reserve_ratio; i++)
			wm_out_u64(o, NULL, i ? " %" PRIu64 : "%" PRIu64,
				   vm->lowmem_reserve_ratio[i]);
		wm_out_arr_close(o);
	} else {
		wm_out_null(o, "lowmem_reserve_ratio", "unavailable");
	}
	wm_out_text(o, "\n");
	wm_out_obj_close(o);

	wm_out_text(o, "\nFor comparison (min_free_kbytes)\n");
	wm_out_obj_open(o, "reference");
	wm_out_u64(o, "kernel_default_min_free_kbytes",
		   "  kernel default             %" PRIu64 "\n", st->kernel_default_mfk);
	wm_out_u64(o, "khugepaged_min_free_kbytes",
		   "  khugepaged recommends      %" PRIu64, st->khugepaged_mfk);
	wm_out_str(o, "thp", " (transparent hugepages: %s)\n",
		   wm_thp_name(st->snap.sysinfo.thp));
	wm_out_u64(o, "ram_1pct_kbytes",
		   "  1%% of RAM                  %" PRIu64 "\n", st->ram_1pct_kb);
	wm_out_obj_close(o);
}

static void print_counter(struct wm_out *o, const char *key, uint64_t v)
{
	char fmt[64];

	snprintf(fmt, sizeof(fmt), "  %-30s %%" PRIu64 "\n", key);
	wm_out_u64(o, key, fmt, v);
}

static void print_counters(struct wm_out *o, const struct wm_snapshot *s)
{
	const struct wm_vmstat *vs = &s->vmstat;
	unsigned t;

	wm_out_text(o, "\nCounters since boot\n");
	wm_out_obj_open(o, "counters");
	print_counter(o, "allocstall", vs->allocstall);
	print_counter(o, "pgscan_direct", vs->pgscan_direct);
	print_counter(o, "pgscan_kswapd", vs->pgscan_kswapd);
	print_counter(o, "kswapd_low_wmark_hit_quickly", vs->kswapd_low_wmark_hit_quickly);
	print_counter(o, "kswapd_high_wmark_hit_quickly", vs->kswapd_high_wmark_hit_quickly);
	print_counter(o, "compact_stall", vs->compact_stall);
	print_counter(o, "oom_kill", vs->oom_kill);
	wm_out_obj_open(o, "pgalloc");
	for (t = 0; t < WM_ZONE__COUNT; t++) {
		char key[32];

		if (vs->pgalloc_zone[t] == WM_UNKNOWN)
			continue;
		snprintf(key, sizeof(key), "pgalloc_%s", wm_vmstat_zone_suffix(t));
		wm_out_text(o, "  %-30s ", key);
		wm_out_u64(o, wm_vmstat_zone_suffix(t), "%" PRIu64 "\n",
			   vs->pgalloc_zone[t]);
	}
	wm_out_obj_close(o);
	wm_out_obj_close(o);
}

static void print_psi(struct wm_out *o, const struct wm_psi *psi)
{
	wm_out_text(o, "\nPressure (PSI memory, avg10)\n");
	if (!psi->present) {
		wm_out_null(o, "psi", "  unavailable (no /proc/pressure/memory)\n");
		return;
	}
	wm_out_obj_open(o, "psi");
	wm_out_double(o, "some_avg10_pct", "  some %.2f%%",
		      (double)psi->some.avg10 / 100.0);
	if (psi->full.present)
		wm_out_double(o, "full_avg10_pct", "   full %.2f%%\n",
			      (double)psi->full.avg10 / 100.0);
	else
		wm_out_null(o, "full_avg10_pct", "   full unavailable\n");
	wm_out_obj_close(o);
}

static void print_failures(struct wm_out *o, const struct status *st)
{
	const struct wm_report_stats *rs = &st->log.stats;

	wm_out_text(o, "\nAllocation failures this boot (kernel log)\n");
	wm_out_obj_open(o, "failures");
	wm_out_bool(o, "available", NULL, st->log_err == 0);
	if (st->log_err) {
		wm_out_str(o, "unavailable_reason", "  unavailable: %s\n",
			   wm_logscan_strerror(st->log_err));
		wm_out_obj_close(o);
		return;
	}
	wm_out_u64(o, "reports", "  reports %" PRIu64, rs->reports);
	wm_out_u64(o, "atomic", " (atomic %" PRIu64 ")", rs->atomic);
	wm_out_u64(o, "suppressed", ", suppressed by rate limiting %" PRIu64 "\n",
		   rs->suppressed);
	wm_out_u64(o, "order0_atomic_failures",
		   "  order-0 atomic failures %" PRIu64, rs->order0_atomic_failures);
	wm_out_u64(o, "order0_atomic_reports", " (%" PRIu64 " reported)\n",
		   rs->order0_atomic_reports);
	wm_out_u64(o, "lost_records", rs->lost ?
		   "  kernel-log records lost to overwrite: %" PRIu64 "\n" : NULL,
		   rs->lost);
	wm_out_obj_close(o);
}

/* Why an optional source could not be used: "proc/vmstat:12: why". */
static void source_problem(const struct wm_snapshot *s, enum wm_source src,
			   char *buf, size_t size)
{
	const struct wm_parse_error *pe = &s->perr[src];

	if (pe->line)
		snprintf(buf, size, "%s:%lu: %s", wm_source_path(src), pe->line,
			 pe->msg);
	else
		snprintf(buf, size, "%s: %s", wm_source_path(src),
			 strerror(-s->error[src]));
}

static void print_unavailable(struct wm_out *o, const struct wm_snapshot *s)
{
	enum wm_source src;
	char why[256];
	bool any = false;

	wm_out_obj_open(o, "unavailable");
	for (src = 0; src < WM_SRC__COUNT; src++) {
		if (s->available[src])
			continue;
		if (!any)
			wm_out_text(o, "\nNot available\n");
		any = true;
		source_problem(s, src, why, sizeof(why));
		wm_out_str(o, wm_source_name(src), "  %s\n", why);
	}
	wm_out_obj_close(o);
}

static void print_status(struct wm_out *o, const struct status *st)
{
	const struct wm_snapshot *s = &st->snap;

	wm_out_begin(o);
	wm_out_obj_open(o, "kernel");
	wm_out_str(o, "release", "Kernel %s", s->sysinfo.release[0] ?
		   s->sysinfo.release : NULL);
	wm_out_u64(o, "page_size_bytes", ", page size %" PRIu64 " bytes\n\n",
		   s->sysinfo.page_size);
	wm_out_obj_close(o);
	print_zones(o, &s->zoneinfo);
	print_sysctls(o, st);
	print_counters(o, s);
	print_psi(o, &s->psi);
	print_failures(o, st);
	wm_out_text(o, "\nNetwork (TcpExt)\n");
	wm_out_obj_open(o, "netstat");
	wm_out_u64(o, "pfmemalloc_drop", "  PFMemallocDrop %" PRIu64 "\n",
		   s->netstat.pfmemalloc_drop);
	wm_out_obj_close(o);
	print_unavailable(o, s);
}

/* Prometheus text: base units (bytes), _total for counters, no timestamps. */
static void prom_metric(FILE *fp, const char *name, const char *type,
			const char *help)
{
	fprintf(fp, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* One metric with its HELP and TYPE; left out when the value is unknown. */
static void prom_scalar(FILE *fp, const char *name, const char *type,
			const char *help, uint64_t v)
{
	if (v == WM_UNKNOWN)
		return;
	prom_metric(fp, name, type, help);
	fprintf(fp, "%s %" PRIu64 "\n", name, v);
}

static void prom_zone_gauge(FILE *fp, const struct wm_zoneinfo *zi,
			    uint64_t page_size, const char *name,
			    const char *help, size_t offset)
{
	unsigned i;

	prom_metric(fp, name, "gauge", help);
	for (i = 0; i < zi->nr_zones; i++) {
		const struct wm_zone *z = &zi->zones[i];
		uint64_t v;

		memcpy(&v, (const char *)z + offset, sizeof(v));
		if (v != WM_UNKNOWN)
			fprintf(fp, "%s{node=\"%u\",zone=\"%s\"} %" PRIu64 "\n",
				name, z->node, z->name, v * page_size);
	}
}

static uint64_t kb_to_bytes(uint64_t kb)
{
	return kb == WM_UNKNOWN ? WM_UNKNOWN : kb * 1024;
}

static void print_prom(FILE *fp, const struct status *st)
{
	const struct wm_snapshot *s = &st->snap;
	const struct wm_report_stats *rs = &st->log.stats;
	const struct wm_vmstat *vs = &s->vmstat;
	uint64_t ps = s->sysinfo.page_size;

#define ZONE(n, f, h) prom_zone_gauge(fp, &s->zoneinfo, ps, \
				      "wmtune_zone_" n "_bytes", h, \
				      offsetof(struct wm_zone, f))
	ZONE("free", free, "Free memory in the zone.");
	ZONE("min", min, "The zone's min watermark (boost included).");
	ZONE("low", low, "The zone's low watermark: kswapd wakes below it.");
	ZONE("high", high, "The zone's high watermark: kswapd sleeps above it.");
	ZONE("boost", boost, "The zone's watermark boost.");
	ZONE("managed", managed, "Memory the buddy allocator manages in the zone.");
#undef ZONE
	prom_scalar(fp, "wmtune_min_free_bytes", "gauge",
		    "vm.min_free_kbytes in bytes.",
		    kb_to_bytes(s->sysinfo.vm.min_free_kbytes));
	prom_scalar(fp, "wmtune_watermark_scale_factor", "gauge",
		    "vm.watermark_scale_factor (in 1/10000 of memory).",
		    s->sysinfo.vm.watermark_scale_factor);
	prom_scalar(fp, "wmtune_kernel_default_min_free_bytes", "gauge",
		    "The min_free_kbytes the kernel would compute, in bytes.",
		    kb_to_bytes(st->kernel_default_mfk));
	prom_scalar(fp, "wmtune_allocstall_total", "counter",
		    "Allocations that stalled in direct reclaim.", vs->allocstall);
	prom_scalar(fp, "wmtune_pgscan_direct_pages_total", "counter",
		    "Pages scanned by direct reclaim.", vs->pgscan_direct);
	prom_scalar(fp, "wmtune_pgscan_kswapd_pages_total", "counter",
		    "Pages scanned by kswapd.", vs->pgscan_kswapd);
	prom_scalar(fp, "wmtune_kswapd_low_wmark_hit_quickly_total", "counter",
		    "Times kswapd was woken again soon after it slept.",
		    vs->kswapd_low_wmark_hit_quickly);
	if (s->psi.present) {
		prom_metric(fp, "wmtune_psi_memory_some_avg10_ratio", "gauge",
			    "Share of time some task stalled on memory (10 s average).");
		fprintf(fp, "wmtune_psi_memory_some_avg10_ratio %" PRIu64 ".%04" PRIu64 "\n",
			s->psi.some.avg10 / 10000, s->psi.some.avg10 % 10000);
	}
	if (st->log_err == 0) {
		prom_scalar(fp, "wmtune_alloc_failure_reports_total", "counter",
			    "Allocation-failure reports in the kernel log this boot.",
			    rs->reports);
		prom_scalar(fp, "wmtune_atomic_alloc_failures_total", "counter",
			    "Order-0 atomic allocation failures this boot, "
			    "suppressed ones included.", rs->order0_atomic_failures);
	}
	prom_scalar(fp, "wmtune_pfmemalloc_drop_total", "counter",
		    "TcpExt PFMemallocDrop: packets dropped for want of memory reserves.",
		    s->netstat.pfmemalloc_drop);
}

static int write_prom(struct wm_ctx *ctx, const struct status *st,
		      const char *output)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	int rc;

	if (!fp)
		return wm_err(ctx, WM_EX_FAIL, errno, "cannot build the output");
	print_prom(fp, st);
	if (fclose(fp) != 0) {
		free(text);
		return wm_err(ctx, WM_EX_FAIL, errno, "cannot build the output");
	}
	if (output)
		rc = wm_atomic_replace(output, text, len, 0644);
	else
		rc = fwrite(text, 1, len, stdout) == len ? 0 : -EIO;
	free(text);
	if (rc)
		return wm_err(ctx, wm_exit_for(rc), -rc, "%s", output ? output : "stdout");
	return WM_EX_OK;
}

static int write_doc(struct wm_ctx *ctx, const struct status *st,
		     const char *output)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp;
	int rc;

	if (!output) {
		print_status(&ctx->out, st);
		return wm_out_end(&ctx->out) ? WM_EX_FAIL : WM_EX_OK;
	}
	fp = open_memstream(&text, &len);
	if (!fp)
		return wm_err(ctx, WM_EX_FAIL, errno, "cannot build the output");
	ctx->out.fp = fp;
	print_status(&ctx->out, st);
	rc = wm_out_end(&ctx->out);
	ctx->out.fp = stdout;
	if (fclose(fp) != 0 || rc)
		rc = -EIO;
	else
		rc = wm_atomic_replace(output, text, len, 0644);
	free(text);
	return rc ? wm_err(ctx, wm_exit_for(rc), -rc, "%s", output) : WM_EX_OK;
}

int cmd_status(struct wm_ctx *ctx, int argc, char **argv)
{
	struct status_args args = { .format = FMT_TEXT };
	struct wm_parse_error perr = { 0 };
	const char *failed = NULL;
	struct status *st;
	int rc;

	rc = wm_cmd_parse(ctx, &status_argp, argc, argv, &args);
	if (rc)
		return rc;
	if (args.format == FMT_JSON)
		wm_out_init(&ctx->out, stdout, true, ctx->pretty);
	st = calloc(1, sizeof(*st));
	if (!st)
		return wm_err(ctx, WM_EX_FAIL, ENOMEM, "status");
	rc = wm_observer_open(&st->obs, &ctx->root);
	if (rc == 0)
		rc = wm_observer_read(&st->obs, &st->snap, &perr, &failed);
	if (rc) {
		if (perr.line)
			rc = wm_err(ctx, WM_EX_DATAERR, 0, "%s:%lu: %s",
				    failed ? failed : "?", perr.line, perr.msg);
		else
			rc = wm_err(ctx, wm_exit_for(rc), -rc, "%s",
				    failed ? failed : st->obs.failed_file);
		goto out;
	}
	derive_reference_values(st);
	scan_log(st, ctx);
	if (args.format == FMT_PROM)
		rc = write_prom(ctx, st, args.output);
	else
		rc = write_doc(ctx, st, args.output);
out:
	wm_observer_close(&st->obs);
	free(st);
	return rc;
}
