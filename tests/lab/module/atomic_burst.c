// SPDX-License-Identifier: GPL-2.0
/*
 * atomic_burst: genuine order-0 GFP_ATOMIC allocations in bursts from
 * softirq context, for the wmtune lab (tests/lab, docs/lab.md).
 *
 * A soft hrtimer (HRTIMER_MODE_REL_SOFT: the callback runs in the
 * HRTIMER_SOFTIRQ, like a network receive path) fires every tick_us. Each
 * tick it frees the pages older than hold_ms (so memory really goes back,
 * it is not recycled into the next burst) and, every interval_us, makes a
 * burst of alloc_page(GFP_ATOMIC) calls. __GFP_NOWARN is not set, so every
 * failure goes through warn_alloc() and its 10 s rate limit, exactly as a
 * driver's would: the counters below are the ground truth, the kernel log
 * is what a tool like wmtune gets to see.
 *
 * The workload shapes, all relative to the moment the module is loaded:
 *   steady    a burst of `burst` pages every interval_us
 *   episodes  on_ms > 0: bursts only in the first on_ms of every
 *             on_ms + off_ms (busy spells separated by quiet ones)
 *   ramp      ramp_step > 0: the burst grows by ramp_step pages every
 *             ramp_ms, up to burst_max
 *
 * Counters (read-only, /sys/module/atomic_burst/parameters/): ok_pages,
 * fail_pages, bursts, fail_bursts, held, max_held_seen, cur_burst.
 * Writable at run time: enable, burst, hold_ms; write anything to `reset`
 * to zero the counters.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/hrtimer.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/list.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/spinlock.h>

static unsigned int tick_us = 1000;
static unsigned int interval_us = 1000000;
static unsigned int burst = 1024;
static unsigned int hold_ms = 500;
static unsigned int max_held = 65536;
static unsigned int on_ms;
static unsigned int off_ms;
static unsigned int ramp_step;
static unsigned int ramp_ms = 1000;
static unsigned int burst_max = 65536;
static unsigned int log_fail;
static bool enable = true;

static unsigned long ok_pages, fail_pages, fail_bursts, bursts, held;
static unsigned long max_held_seen, cur_burst;

module_param(tick_us, uint, 0444);
MODULE_PARM_DESC(tick_us, "timer period in microseconds: how soon held pages are freed");
module_param(interval_us, uint, 0644);
MODULE_PARM_DESC(interval_us, "microseconds between two bursts");
module_param(burst, uint, 0644);
MODULE_PARM_DESC(burst, "GFP_ATOMIC order-0 allocations per burst (the ramp's start)");
module_param(hold_ms, uint, 0644);
MODULE_PARM_DESC(hold_ms, "milliseconds each page is held before it is freed");
module_param(max_held, uint, 0644);
MODULE_PARM_DESC(max_held, "never hold more pages than this");
module_param(on_ms, uint, 0444);
MODULE_PARM_DESC(on_ms, "episodes: milliseconds of bursts per cycle (0: always)");
module_param(off_ms, uint, 0444);
MODULE_PARM_DESC(off_ms, "episodes: quiet milliseconds per cycle");
module_param(ramp_step, uint, 0444);
MODULE_PARM_DESC(ramp_step, "ramp: pages added to the burst every ramp_ms (0: no ramp)");
module_param(ramp_ms, uint, 0444);
MODULE_PARM_DESC(ramp_ms, "ramp: milliseconds between two increases");
module_param(burst_max, uint, 0444);
MODULE_PARM_DESC(burst_max, "ramp: the largest burst");
module_param(log_fail, uint, 0644);
MODULE_PARM_DESC(log_fail, "1: one KERN_INFO line per burst with failures");
module_param(enable, bool, 0644);
MODULE_PARM_DESC(enable, "0: make no more bursts, only free what is held");

module_param(ok_pages, ulong, 0444);
module_param(fail_pages, ulong, 0444);
module_param(fail_bursts, ulong, 0444);
module_param(bursts, ulong, 0444);
module_param(held, ulong, 0444);
module_param(max_held_seen, ulong, 0444);
module_param(cur_burst, ulong, 0444);

static DEFINE_SPINLOCK(lock);
static LIST_HEAD(pages);		/* oldest first */
static struct hrtimer timer;
static ktime_t period;
static u64 start_ns, next_burst_ns;

static int reset_set(const char *val, const struct kernel_param *kp)
{
	spin_lock_bh(&lock);
	ok_pages = fail_pages = fail_bursts = bursts = 0;
	max_held_seen = held;
	spin_unlock_bh(&lock);
	return 0;
}

static const struct kernel_param_ops reset_ops = { .set = reset_set };
module_param_cb(reset, &reset_ops, NULL, 0200);
MODULE_PARM_DESC(reset, "write anything: zero the counters");

/* The page's allocation time (jiffies) is kept in page->private. */
static void free_expired(bool all)
{
	unsigned long now = jiffies, hold = msecs_to_jiffies(READ_ONCE(hold_ms));
	struct page *p, *tmp;

	list_for_each_entry_safe(p, tmp, &pages, lru) {
		if (!all && time_before(now, page_private(p) + hold))
			break;		/* the list is in allocation order */
		list_del(&p->lru);
		set_page_private(p, 0);
		__free_page(p);
		held--;
	}
}

/* The burst size the workload asks for now; 0 in an episode's quiet spell. */
static unsigned int burst_now(u64 now)
{
	u64 ms = div_u64(now - start_ns, NSEC_PER_MSEC);
	u64 n = READ_ONCE(burst);

	if (on_ms && off_ms) {
		u32 rem;

		div_u64_rem(ms, on_ms + off_ms, &rem);
		if (rem >= on_ms)
			return 0;
	}
	if (ramp_step && ramp_ms)
		n += (u64)ramp_step * div_u64(ms, ramp_ms);
	return (unsigned int)min_t(u64, n, burst_max);
}

static void do_burst(unsigned int n)
{
	unsigned long free_before = global_zone_page_state(NR_FREE_PAGES);
	unsigned int i, nfail = 0;
	struct page *p;

	bursts++;
	for (i = 0; i < n && held < READ_ONCE(max_held); i++) {
		/* a genuine atomic allocation, its warning not suppressed */
		p = alloc_page(GFP_ATOMIC);
		if (!p) {
			fail_pages++;
			nfail++;
			continue;
		}
		ok_pages++;
		set_page_private(p, jiffies);
		list_add_tail(&p->lru, &pages);
		held++;
	}
	if (nfail)
		fail_bursts++;
	if (nfail && READ_ONCE(log_fail))
		pr_info("atomic_burst: burst %lu: %u/%u failed, free pages %lu -> %lu\n",
			bursts, nfail, i, free_before,
			global_zone_page_state(NR_FREE_PAGES));
	if (held > max_held_seen)
		max_held_seen = held;
}

static enum hrtimer_restart tick_fn(struct hrtimer *t)
{
	u64 now = ktime_get_ns();
	unsigned int n;

	spin_lock(&lock);
	free_expired(false);
	if (READ_ONCE(enable) && now >= next_burst_ns) {
		next_burst_ns += (u64)READ_ONCE(interval_us) * NSEC_PER_USEC;
		if (next_burst_ns <= now)	/* late (TCG): do not catch up */
			next_burst_ns = now + (u64)READ_ONCE(interval_us) * NSEC_PER_USEC;
		n = burst_now(now);
		cur_burst = n;
		if (n)
			do_burst(n);
	}
	spin_unlock(&lock);
	hrtimer_forward_now(t, period);
	return HRTIMER_RESTART;
}

static int __init ab_init(void)
{
	if (tick_us < 100 || !interval_us || (on_ms && !off_ms))
		return -EINVAL;
	period = ns_to_ktime((u64)tick_us * NSEC_PER_USEC);
	start_ns = ktime_get_ns();
	next_burst_ns = start_ns + (u64)interval_us * NSEC_PER_USEC;
	hrtimer_init(&timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	timer.function = tick_fn;
	hrtimer_start(&timer, period, HRTIMER_MODE_REL_SOFT);
	pr_info("atomic_burst: tick_us=%u interval_us=%u burst=%u hold_ms=%u on_ms=%u off_ms=%u ramp_step=%u ramp_ms=%u burst_max=%u\n",
		tick_us, interval_us, burst, hold_ms, on_ms, off_ms,
		ramp_step, ramp_ms, burst_max);
	return 0;
}

static void __exit ab_exit(void)
{
	hrtimer_cancel(&timer);
	spin_lock_bh(&lock);
	free_expired(true);
	spin_unlock_bh(&lock);
	pr_info("atomic_burst: exit ok_pages=%lu fail_pages=%lu fail_bursts=%lu bursts=%lu\n",
		ok_pages, fail_pages, fail_bursts, bursts);
}

module_init(ab_init);
module_exit(ab_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("GFP_ATOMIC order-0 burst generator in softirq context (wmtune lab)");
