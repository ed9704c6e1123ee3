// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The session suggest, apply and watch share: the state and its lock,
 * one observation, the decision, the writes and what is printed of them.
 * Their options and the policy they make are in cmd/tune_policy.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "atomicfile.h"
#include "logscan.h"
#include "sysctl.h"
#include "tune.h"

/* --- state and lock --- */

static int load_state(struct wm_ctx *ctx, struct wm_session *s,
		      const struct wm_tune_opts *o, bool lock)
{
	struct wm_parse_error perr = { 0 };
	char boot_id[64] = "";
	pid_t holder = 0;
	int rc;

	if (o->state)
		snprintf(s->state_path, sizeof(s->state_path), "%s", o->state);
	else if (wm_state_default_path(&ctx->root, s->state_path,
					sizeof(s->state_path)))
		return wm_err(ctx, WM_EX_FAIL, ENAMETOOLONG, "state path");
	if (lock) {
		rc = wm_mkdir_parents(s->state_path, 0755);
		if (rc == 0)
			rc = wm_lock_acquire(&s->lock, s->state_path, &holder);
		if (rc == -EWOULDBLOCK)
			return wm_err(ctx, WM_EX_TEMPFAIL, 0,
				      "another wmtune (pid %d) holds %s.lock",
				      (int)holder, s->state_path);
		if (rc)
			return wm_err(ctx, wm_exit_for(rc), -rc, "%s.lock",
				      s->state_path);
	}
	wm_state_read_boot_id(&ctx->root, boot_id, sizeof(boot_id));
	rc = wm_state_load(s->state_path, &s->state, &perr);
	if (rc == -ENODATA)
		wm_warn(ctx, "%s is empty (saved just before the machine went "
			"down?): starting afresh", s->state_path);
	if (rc == -ENOENT || rc == -ENODATA) {
		wm_state_init_fresh(&s->state, boot_id, s->now_wall);
		return 0;
	}
	if (rc == -EBADMSG)
		return wm_err(ctx, WM_EX_DATAERR, 0, "%s: corrupt state (%s); "
			      "nothing was written", s->state_path, perr.msg);
	if (rc == -ELOOP)
		return wm_err(ctx, WM_EX_FAIL, 0, "%s: is a symbolic link; "
			      "refusing to use it", s->state_path);
	if (rc)
		return wm_err(ctx, wm_exit_for(rc), -rc, "%s", s->state_path);
	s->state_existed = true;
	if (wm_state_is_stale(&s->state, boot_id)) {
		wm_warn(ctx, "%s is from another boot: starting afresh",
			s->state_path);
		wm_state_init_fresh(&s->state, boot_id, s->now_wall);
	}
	return 0;
}

/* --- observation and the kernel log --- */

int wm_session_observe(struct wm_ctx *ctx, struct wm_session *s)
{
	struct wm_parse_error perr;
	const char *failed = NULL;
	int rc;

	/* not all 168 bytes each tick: a parser sets line and msg together */
	perr.line = 0;
	perr.msg[0] = '\0';
	rc = wm_observer_read(&s->obs, &s->snap, &perr, &failed);
	if (rc && perr.line)
		return wm_err(ctx, WM_EX_DATAERR, 0, "%s:%lu: %s",
			      failed ? failed : "?", perr.line, perr.msg);
	if (rc)
		return wm_err(ctx, wm_exit_for(rc), -rc, "%s", failed ? failed : "?");
	return 0;
}

void wm_session_log_init(struct wm_session *s, const struct wm_tune_opts *o)
{
	struct wm_report_opts ro = {
		.any_facility = o->any_facility,
		.default_release = s->snap.sysinfo.release,
		.have_cursor = s->state.cursor_valid,
		.cursor = s->state.kmsg_seq,
	};

	wm_report_init(&s->log, &ro);
}

void wm_session_log_totals(const struct wm_session *s, uint64_t *failures,
			   uint64_t *reports)
{
	struct wm_report r;

	*failures = s->log.stats.order0_atomic_failures;
	*reports = s->log.stats.order0_atomic_reports;
	/* a header already read counts now: its zone lines may come later */
	if (wm_report_peek(&s->log, &r) && r.kind == WM_REPORT_PAGE &&
	    r.order == 0 && r.gfp.atomic == WM_TRI_TRUE) {
		*failures += 1 + r.suppressed_before;
		*reports += 1;
	}
}

static void read_log(struct wm_ctx *ctx, struct wm_session *s,
		     const struct wm_tune_opts *o)
{
	wm_session_log_init(s, o);
	s->log_err = wm_logscan_kmsg(&ctx->root, &s->log);
	if (s->log_err)
		wm_warn(ctx, "kernel log unavailable (%s): deciding without "
			"allocation-failure reports",
			wm_logscan_strerror(s->log_err));
}

/* --- baselines, adoption, the policy's memory --- */

static uint64_t live_value(const struct wm_session *s, enum wm_knob k)
{
	const struct wm_vm_sysctls *vm = &s->snap.sysinfo.vm;

	return k == WM_KNOB_MIN_FREE_KBYTES ? vm->min_free_kbytes :
					      vm->watermark_scale_factor;
}

static void reconcile(struct wm_ctx *ctx, struct wm_session *s)
{
	enum wm_knob k;

	for (k = 0; k < WM_KNOB_COUNT; k++) {
		struct wm_knob_state *ks = &s->state.knob[k];
		uint64_t live = live_value(s, k);

		if (live == WM_UNKNOWN)
			continue;
		/* an admin, khugepaged or hotplug changed it: never fight */
		if (ks->has_written && ks->last_written != live) {
			wm_warn(ctx, "%s is %" PRIu64 ", not the %" PRIu64
				" wmtune wrote: adopting %" PRIu64
				" as the new baseline", wm_knob_sysctl(k), live,
				ks->last_written, live);
			ks->has_baseline = false;
			ks->has_written = false;
			ks->last_change_usec = ks->last_signal_usec = 0;
			ks->last_decay_usec = ks->recall = ks->pending_usec = 0;
			s->adopted[k] = true;
		}
		if (!ks->has_baseline) {
			ks->has_baseline = true;
			ks->baseline = live;
			ks->captured_at = s->now_wall;
		}
		s->mem[k].baseline = ks->baseline;
		s->mem[k].last_change_usec = ks->last_change_usec;
		s->mem[k].last_signal_usec = ks->last_signal_usec;
		s->mem[k].last_decay_usec = ks->last_decay_usec;
		s->mem[k].recall = ks->recall;
		s->mem[k].pending_usec = ks->pending_usec;
	}
}

static void hold_adopted(struct wm_session *s)
{
	enum wm_knob k;

	for (k = 0; k < WM_KNOB_COUNT; k++) {
		struct wm_knob_decision *kd = &s->d.knob[k];

		if (!s->adopted[k] || !kd->change)
			continue;
		kd->change = false;
		kd->proposed = kd->current;
		if (kd->nr_reasons < WM_REASONS_MAX) {
			struct wm_reason *r = &kd->reasons[kd->nr_reasons++];

			/* wm_policy_decide() leaves unused reasons as they were */
			memset(r, 0, sizeof(*r));
			snprintf(r->code, sizeof(r->code), "adopted");
			snprintf(r->text, sizeof(r->text), "changed outside wmtune: "
				 "adopted as the baseline, no write this time");
		}
	}
}

void wm_session_clock(struct wm_session *s)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	s->now_usec = (uint64_t)ts.tv_sec * WM_USEC_PER_SEC +
		      (uint64_t)ts.tv_nsec / 1000;
	s->now_wall = (int64_t)time(NULL);
}

int wm_session_begin(struct wm_ctx *ctx, struct wm_session *s,
		     const struct wm_tune_opts *o, bool lock)
{
	unsigned i;
	int rc;

	/* so that wm_session_close() is safe whatever fails below */
	s->lock.fd = -1;
	for (i = 0; i < WM_OBS__COUNT; i++)
		s->obs.fd[i] = -1;
	wm_session_clock(s);
	rc = wm_tune_build_policy(ctx, o, &s->policy);
	if (rc == 0)
		rc = load_state(ctx, s, o, lock);
	if (rc == 0) {
		rc = wm_observer_open(&s->obs, &ctx->root);
		if (rc)
			return wm_err(ctx, wm_exit_for(rc), -rc, "%s",
				      s->obs.failed_file);
		rc = wm_session_observe(ctx, s);
	}
	return rc;
}

int wm_session_decide(struct wm_ctx *ctx, struct wm_session *s,
		      const struct wm_vmstat *prev)
{
	const struct wm_policy *p = &s->policy;
	struct wm_policy masked;
	uint64_t failures = 0, reports = 0;
	int rc;

	if (!s->log_err) {
		wm_session_log_totals(s, &failures, &reports);
		failures -= s->failures_counted;
		reports -= s->reports_counted;
	}
	memset(s->adopted, 0, sizeof(s->adopted));
	reconcile(ctx, s);
	rc = wm_tick_input(&s->snap, prev, failures, reports, &s->facts, &s->in);
	if (rc == -EPROTO)
		return wm_err(ctx, WM_EX_DATAERR, 0, "no known kernel variant "
			      "reproduces /proc/zoneinfo (%s): refusing to decide",
			      s->facts.check.why);
	if (rc)
		return wm_err(ctx, WM_EX_DATAERR, -rc, "the kernel model");
	/* a copy of the policy only when it must differ (not every tick) */
	if (live_value(s, WM_KNOB_WSF) == WM_UNKNOWN) {
		masked = s->policy;
		masked.knobs &= WM_KNOB_BIT(WM_KNOB_MIN_FREE_KBYTES);
		p = &masked;
	}
	wm_policy_decide(p, s->mem, &s->in, s->now_usec, &s->d);
	hold_adopted(s);
	return 0;
}

int wm_session_run(struct wm_ctx *ctx, struct wm_session *s,
		   const struct wm_tune_opts *o, bool lock)
{
	int rc = wm_session_begin(ctx, s, o, lock);

	if (rc)
		return rc;
	read_log(ctx, s, o);
	return wm_session_decide(ctx, s, NULL);
}

void wm_session_commit(struct wm_session *s)
{
	enum wm_knob k;

	wm_policy_commit(&s->d, s->mem, s->now_usec);
	for (k = 0; k < WM_KNOB_COUNT; k++) {
		struct wm_knob_state *ks = &s->state.knob[k];

		ks->last_change_usec = s->mem[k].last_change_usec;
		ks->last_signal_usec = s->mem[k].last_signal_usec;
		ks->last_decay_usec = s->mem[k].last_decay_usec;
		ks->recall = s->mem[k].recall;
		ks->pending_usec = s->mem[k].pending_usec;
	}
	if (!s->log_err && s->log.stats.have_seq) {
		s->state.cursor_valid = true;
		s->state.kmsg_seq = s->log.stats.last_seq;
	}
	if (!s->log_err) {
		uint64_t failures, reports;

		wm_session_log_totals(s, &failures, &reports);
		s->state.failures_seen += failures - s->failures_counted;
		s->failures_counted = failures;
		s->reports_counted = reports;
	}
}

int wm_session_save(struct wm_ctx *ctx, struct wm_session *s)
{
	int rc = wm_state_save(s->state_path, &s->state);

	return rc ? wm_err(ctx, wm_exit_for(rc), -rc, "saving %s", s->state_path) : 0;
}

void wm_session_close(struct wm_session *s)
{
	wm_observer_close(&s->obs);
	wm_lock_release(&s->lock);
}

/* --- acting --- */

static void record_write(struct wm_session *s, enum wm_knob k, uint64_t old,
			 uint64_t now)
{
	struct wm_knob_state *ks = &s->state.knob[k];
	const struct wm_knob_decision *kd = &s->d.knob[k];
	struct wm_action act = { .at = s->now_wall, .knob = k,
				 .old_value = old, .new_value = now };
	size_t n = 0;
	unsigned i;

	ks->has_written = true;
	ks->last_written = now;
	ks->written_at = s->now_wall;
	for (i = 0; i < kd->nr_reasons && n < sizeof(act.reasons) - 1; i++)
		n += (size_t)snprintf(act.reasons + n, sizeof(act.reasons) - n,
				      "%s%s", i ? "," : "", kd->reasons[i].code);
	snprintf(act.suggestion_id, sizeof(act.suggestion_id), "%s", s->d.id);
	wm_state_add_action(&s->state, &act);
}

/*
 * Write-ahead: the state says what is about to be written, and where the
 * kernel log was read to, before any sysctl changes. Killed between the
 * two, the next run finds the value it meant to write (or, if the write
 * never happened, adopts the old value): never a second boost for the
 * same failures, never a lost baseline.
 */
static int write_ahead(struct wm_ctx *ctx, struct wm_session *s)
{
	enum wm_knob k;

	wm_session_commit(s);
	for (k = 0; k < WM_KNOB_COUNT; k++) {
		struct wm_knob_state *ks = &s->state.knob[k];

		if (!s->d.knob[k].change)
			continue;
		ks->has_written = true;
		ks->last_written = s->d.knob[k].proposed;
		ks->written_at = s->now_wall;
	}
	return wm_session_save(ctx, s);
}

int wm_session_write(struct wm_ctx *ctx, struct wm_session *s,
		     struct wm_session_writes *ap)
{
	struct wm_knob_state before[WM_KNOB_COUNT];
	enum wm_knob k;
	int rc;

	memcpy(before, s->state.knob, sizeof(before));
	rc = write_ahead(ctx, s);
	if (rc)
		return rc;
	for (k = 0; k < WM_KNOB_COUNT; k++) {
		const struct wm_knob_decision *kd = &s->d.knob[k];

		if (!kd->change)
			continue;
		rc = wm_sysctl_write(&ctx->root, wm_knob_sysctl(k), kd->proposed,
				     &ap->res[k]);
		if (rc) {
			/* not written after all: the state must not say so */
			s->state.knob[k].has_written = before[k].has_written;
			s->state.knob[k].last_written = before[k].last_written;
			s->state.knob[k].written_at = before[k].written_at;
			return wm_err(ctx, wm_exit_for(rc), 0, "writing %s = %" PRIu64
				      ": %s", wm_knob_sysctl(k), kd->proposed,
				      wm_sysctl_strerror(rc));
		}
		ap->wrote[k] = !ap->res[k].unchanged;
		record_write(s, k, ap->res[k].old, ap->res[k].now);
	}
	return 0;
}

/* --- output --- */

static void print_reasons(struct wm_out *o, const struct wm_knob_decision *kd)
{
	unsigned i;

	wm_out_arr_open(o, "reasons");
	for (i = 0; i < kd->nr_reasons; i++) {
		wm_out_obj_open(o, NULL);
		wm_out_str(o, "code", "      %s: ", kd->reasons[i].code);
		wm_out_str(o, "text", "%s\n", kd->reasons[i].text);
		wm_out_obj_close(o);
	}
	wm_out_arr_close(o);
}

void wm_print_decision(struct wm_out *o, const struct wm_session *s)
{
	const struct wm_decision *d = &s->d;
	bool any = false;
	enum wm_knob k;

	wm_out_str(o, "id", "Suggestion %s", d->id);
	wm_out_str(o, "policy", " (policy %s)\n", s->policy.name);
	wm_out_arr_open(o, "changes");
	for (k = 0; k < WM_KNOB_COUNT; k++) {
		const struct wm_knob_decision *kd = &d->knob[k];

		if (!kd->change)
			continue;
		any = true;
		wm_out_obj_open(o, NULL);
		wm_out_str(o, "sysctl", "  %-26s", wm_knob_sysctl(k));
		wm_out_u64(o, "current", " %" PRIu64, kd->current);
		wm_out_u64(o, "proposed", " -> %" PRIu64 "\n", kd->proposed);
		print_reasons(o, kd);
		wm_out_obj_close(o);
	}
	wm_out_arr_close(o);
	if (!any)
		wm_out_text(o, "  no change proposed\n");
	wm_out_arr_open(o, "knobs");
	for (k = 0; k < WM_KNOB_COUNT; k++) {
		const struct wm_knob_decision *kd = &d->knob[k];

		wm_out_obj_open(o, NULL);
		wm_out_str(o, "sysctl", NULL, wm_knob_sysctl(k));
		wm_out_u64(o, "current", NULL, kd->current);
		wm_out_u64(o, "proposed", NULL, kd->proposed);
		wm_out_u64(o, "baseline", NULL, s->mem[k].baseline);
		wm_out_u64(o, "floor", NULL, kd->floor);
		wm_out_u64(o, "cap", NULL, kd->cap);
		wm_out_bool(o, "change", NULL, kd->change);
		if (!kd->change && kd->nr_reasons)
			wm_out_text(o, "  %s held:\n", wm_knob_sysctl(k));
		if (!kd->change)
			print_reasons(o, kd);
		else
			wm_out_arr_open(o, "reasons"), wm_out_arr_close(o);
		wm_out_obj_close(o);
	}
	wm_out_arr_close(o);
}
