// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The replay engine (see replay.h): parse a line, put the simulated knob
 * values and the watermarks they give into it, let lib/tick turn it into
 * the policy's input, decide, commit, and keep what the summary needs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "replay.h"
#include "text.h"
#include "tick.h"
#include "trace.h"

/* The large pieces, on the heap. */
struct work {
	struct wm_snapshot snap;
	struct wm_trace_point pt;
	struct wm_tick_facts facts;
	struct wm_policy_input in;
	struct wm_decision d;
	struct wm_knob_memory mem[WM_KNOB_COUNT];
	struct wm_model_wmark wm[WM_MAX_ZONES];
	struct wm_vmstat prev;
	bool have_prev;
	uint64_t cur[WM_KNOB_COUNT];
	uint64_t t0, t_last;
	unsigned long kb_per_page;
};

static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
	size_t want = *cap ? *cap * 2 : 64;
	void *p;

	if (n < *cap)
		return 0;
	p = realloc(*arr, want * size);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = want;
	return 0;
}

static uint64_t vm_value(const struct wm_snapshot *snap, enum wm_knob k)
{
	return k == WM_KNOB_MIN_FREE_KBYTES ?
		       snap->sysinfo.vm.min_free_kbytes :
		       snap->sysinfo.vm.watermark_scale_factor;
}

/* The first line: baseline, and the variant that reproduces it. */
static int first_line(struct wm_replay *r, struct work *w,
		      struct wm_parse_error *err, unsigned long line)
{
	const struct wm_sysinfo *si = &w->snap.sysinfo;
	struct wm_model_input *m = &w->facts.model;
	struct wm_model_check *chk = &w->facts.check;
	enum wm_knob k;
	int rc;

	rc = wm_model_input_init(m, &w->snap.zoneinfo, si->vm.min_free_kbytes,
				 si->vm.watermark_scale_factor, si->page_size,
				 &si->kver);
	if (rc == 0)
		rc = wm_model_self_check(m, chk);
	if (rc == 0 && chk->result == WM_CHECK_UNKNOWN) {
		wm_parse_error_set(err, line, "no known kernel variant "
				   "reproduces its zoneinfo (%s)", chk->why);
		return -EPROTO;
	}
	if (rc) {
		wm_parse_error_set(err, line, "the kernel model cannot use it");
		return rc;
	}
	r->variant = chk->variant;
	r->check = chk->result;
	memcpy(r->release, si->release, sizeof(r->release));
	for (k = 0; k < WM_KNOB_COUNT; k++) {
		w->cur[k] = r->sum.baseline[k] = vm_value(&w->snap, k);
		w->mem[k].baseline = w->cur[k];
	}
	if (w->cur[WM_KNOB_WSF] == WM_UNKNOWN)
		r->policy.knobs &= WM_KNOB_BIT(WM_KNOB_MIN_FREE_KBYTES);
	w->t0 = w->pt.t_usec;
	w->kb_per_page = si->page_size / 1024;
	return 0;
}

/* Put the simulated values and their watermarks (plus boost) in the line. */
static int simulate(const struct wm_replay *r, struct work *w,
		    struct wm_parse_error *err, unsigned long line)
{
	struct wm_sysinfo *si = &w->snap.sysinfo;
	struct wm_zoneinfo *zi = &w->snap.zoneinfo;
	unsigned i;
	int rc;

	rc = wm_model_input_init(&w->facts.model, zi, w->cur[WM_KNOB_MIN_FREE_KBYTES],
				 w->cur[WM_KNOB_WSF], si->page_size, &si->kver);
	if (rc == 0)
		rc = wm_model_compute(r->variant, &w->facts.model,
				      w->cur[WM_KNOB_MIN_FREE_KBYTES],
				      w->cur[WM_KNOB_WSF], w->wm);
	if (rc) {
		wm_parse_error_set(err, line, "the kernel model cannot compute "
				   "its watermarks (%s)", strerror(-rc));
		return rc;
	}
	for (i = 0; i < zi->nr_zones; i++) {
		struct wm_zone *z = &zi->zones[i];
		uint64_t boost = z->boost != WM_UNKNOWN ? z->boost : 0;

		if (w->wm[i].high > UINT64_MAX - 1 - boost) {
			wm_parse_error_set(err, line, "boost out of range");
			return -EOVERFLOW;
		}
		z->min = w->wm[i].min + boost;
		z->low = w->wm[i].low + boost;
		z->high = w->wm[i].high + boost;
		z->promo = WM_UNKNOWN;
	}
	si->vm.min_free_kbytes = w->cur[WM_KNOB_MIN_FREE_KBYTES];
	si->vm.watermark_scale_factor = w->cur[WM_KNOB_WSF];
	return 0;
}

/* totalreserve(values now) - totalreserve(baseline), in kB. */
static int held_kbytes(const struct wm_replay *r, struct work *w,
		       int64_t *out)
{
	const struct wm_model_input *m = &w->facts.model;
	const uint64_t *b = r->sum.baseline;
	uint64_t now, base;
	int rc;

	rc = wm_model_compute(r->variant, m, w->cur[WM_KNOB_MIN_FREE_KBYTES],
			      w->cur[WM_KNOB_WSF], w->wm);
	if (rc)
		return rc;
	now = wm_model_totalreserve(m, w->wm);
	rc = wm_model_compute(r->variant, m, b[WM_KNOB_MIN_FREE_KBYTES],
			      b[WM_KNOB_WSF], w->wm);
	if (rc)
		return rc;
	base = wm_model_totalreserve(m, w->wm);
	if (now == WM_UNKNOWN || base == WM_UNKNOWN || now > INT64_MAX / 2 ||
	    base > INT64_MAX / 2) {
		*out = INT64_MIN;
		return 0;
	}
	*out = ((int64_t)now - (int64_t)base) * (int64_t)w->kb_per_page;
	return 0;
}

static int add_changes(struct wm_replay *r, struct work *w, unsigned long line)
{
	enum wm_knob k;
	unsigned i;

	for (k = 0; k < WM_KNOB_COUNT; k++) {
		const struct wm_knob_decision *kd = &w->d.knob[k];
		struct wm_replay_change *c;

		if (!kd->change)
			continue;
		if (grow((void **)&r->changes, &r->cap_changes, r->nr_changes,
			 sizeof(*c)))
			return -ENOMEM;
		c = &r->changes[r->nr_changes++];
		memset(c, 0, sizeof(*c));
		c->line = line;
		c->t_usec = w->pt.t_usec;
		c->knob = k;
		c->old_value = kd->current;
		c->new_value = kd->proposed;
		c->nr_reasons = kd->nr_reasons;
		for (i = 0; i < kd->nr_reasons; i++)
			memcpy(c->reasons[i], kd->reasons[i].code,
			       sizeof(c->reasons[i]));
		memcpy(c->id, w->d.id, sizeof(c->id));
		r->sum.writes[k]++;
		w->cur[k] = kd->proposed;
	}
	return 0;
}

static int step(struct wm_replay *r, struct work *w,
		struct wm_parse_error *err, unsigned long line)
{
	uint64_t failures = w->pt.have_failures ? w->pt.failures : 0;
	uint64_t reports = w->pt.have_failures ? w->pt.reports : 0;
	struct wm_replay_step *s;
	int rc;

	if (grow((void **)&r->steps, &r->cap_steps, r->nr_steps, sizeof(*s)))
		return -ENOMEM;
	s = &r->steps[r->nr_steps++];
	memset(s, 0, sizeof(*s));
	s->t_usec = w->pt.t_usec;
	s->failures = failures;
	memcpy(s->before, w->cur, sizeof(s->before));
	rc = simulate(r, w, err, line);
	if (rc)
		return rc;
	rc = wm_tick_input(&w->snap, w->have_prev ? &w->prev : NULL, failures,
			   reports, &w->facts, &w->in);
	if (rc) {
		wm_parse_error_set(err, line, "the simulated zoneinfo does not "
				   "check out (%s)", rc == -EPROTO ?
				   w->facts.check.why : strerror(-rc));
		return rc;
	}
	wm_policy_decide(&r->policy, w->mem, &w->in, w->pt.t_usec, &w->d);
	wm_policy_commit(&w->d, w->mem, w->pt.t_usec);
	rc = add_changes(r, w, line);
	if (rc == 0)
		rc = held_kbytes(r, w, &s->held_kbytes);
	if (rc) {
		if (rc != -ENOMEM)
			wm_parse_error_set(err, line, "the kernel model cannot "
					   "compute the reserve (%s)", strerror(-rc));
		return rc;
	}
	memcpy(s->after, w->cur, sizeof(s->after));
	w->prev = w->snap.vmstat;
	w->have_prev = w->snap.available[WM_SRC_VMSTAT];
	r->sum.failures += failures;
	r->sum.failures_known &= w->pt.have_failures;
	return 0;
}

static uint64_t mean_u64(unsigned __int128 sum, uint64_t dur, uint64_t last)
{
	if (dur == 0)
		return last;
	return (uint64_t)((sum + dur / 2) / dur);
}

static int64_t mean_i64(__int128 sum, uint64_t dur, int64_t last)
{
	if (dur == 0)
		return last;
	if (sum < 0)
		return -(int64_t)((-sum + dur / 2) / dur);
	return (int64_t)((sum + dur / 2) / dur);
}

static void summarize(struct wm_replay *r)
{
	struct wm_replay_summary *sum = &r->sum;
	const struct wm_replay_step *s = r->steps, *last = &s[r->nr_steps - 1];
	unsigned __int128 acc[WM_KNOB_COUNT] = { 0 };
	__int128 held = 0;
	uint64_t later_max = 0, dt;
	enum wm_knob k;
	size_t i;

	sum->observations = r->nr_steps;
	sum->duration_usec = last->t_usec - s[0].t_usec;
	sum->held_known = true;
	sum->held_kbytes_peak = INT64_MIN;
	for (i = 0; i < r->nr_steps; i++) {
		dt = i + 1 < r->nr_steps ? s[i + 1].t_usec - s[i].t_usec : 0;
		for (k = 0; k < WM_KNOB_COUNT; k++) {
			acc[k] += (unsigned __int128)s[i].after[k] * dt;
			if (i == 0 || s[i].after[k] > sum->max[k])
				sum->max[k] = s[i].after[k];
		}
		if (s[i].held_kbytes == INT64_MIN)
			sum->held_known = false;
		held += (__int128)s[i].held_kbytes * (__int128)dt;
		if (s[i].held_kbytes > sum->held_kbytes_peak)
			sum->held_kbytes_peak = s[i].held_kbytes;
	}
	for (k = 0; k < WM_KNOB_COUNT; k++) {
		sum->final[k] = last->after[k];
		sum->mean[k] = last->after[k] == WM_UNKNOWN ? WM_UNKNOWN :
			mean_u64(acc[k], sum->duration_usec, last->after[k]);
	}
	sum->held_kbytes_mean = mean_i64(held, sum->duration_usec,
					 last->held_kbytes);
	if (!sum->held_known)
		sum->held_kbytes_peak = sum->held_kbytes_mean = 0;
	/* from the end: the largest value reached from each decision on */
	for (i = r->nr_steps; i-- > 0;) {
		uint64_t after = s[i].after[WM_KNOB_MIN_FREE_KBYTES];

		if (after > later_max)
			later_max = after;
		if (s[i].failures && s[i].before[WM_KNOB_MIN_FREE_KBYTES] < later_max)
			sum->failures_below_later += s[i].failures;
	}
}

static int run_lines(const char *buf, size_t len, struct wm_replay *r,
		     struct work *w, struct wm_parse_error *err)
{
	struct wm_lines it;
	struct wm_span l;
	int rc;

	wm_lines_init(&it, buf, len);
	while (wm_lines_next(&it, &l)) {
		rc = wm_trace_parse(l.p, l.len, it.lineno, &w->snap, &w->pt, err);
		if (rc)
			return rc;
		if (r->nr_steps == 0) {
			rc = first_line(r, w, err, it.lineno);
			if (rc)
				return rc;
		} else if (w->pt.t_usec < w->t_last) {
			wm_parse_error_set(err, it.lineno, "t_usec goes backwards");
			return -EBADMSG;
		}
		w->t_last = w->pt.t_usec;
		rc = step(r, w, err, it.lineno);
		if (rc)
			return rc;
	}
	if (r->nr_steps == 0) {
		wm_parse_error_set(err, 0, "no observation in the trace");
		return -ENODATA;
	}
	return 0;
}

int wm_replay_run(const char *buf, size_t len, const struct wm_policy *p,
		  struct wm_replay *r, struct wm_parse_error *err)
{
	struct work *w = calloc(1, sizeof(*w));
	int rc;

	memset(r, 0, sizeof(*r));
	r->policy = *p;
	r->sum.failures_known = true;
	if (!w)
		return -ENOMEM;
	rc = run_lines(buf, len, r, w, err);
	if (rc == 0)
		summarize(r);
	free(w);
	return rc;
}

void wm_replay_free(struct wm_replay *r)
{
	free(r->changes);
	free(r->steps);
	r->changes = NULL;
	r->steps = NULL;
	r->nr_changes = r->nr_steps = r->cap_changes = r->cap_steps = 0;
}
