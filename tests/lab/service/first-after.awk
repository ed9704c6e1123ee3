# SPDX-License-Identifier: GPL-2.0-or-later
# The timestamp of the first event `ev` (e.g. "sched_wakeup:") at or after
# time f (seconds) in a tracefs trace file (tests/lab/service); with
# want, only the events whose line contains it.
$0 ~ "^#" { next }
want != "" && index($0, want) == 0 { next }
{
	for (i = 1; i < NF; i++)
		if ($i ~ /^[0-9]+\.[0-9]+:$/ && $(i + 1) == ev) {
			t = substr($i, 1, length($i) - 1)
			if (t + 0 >= f + 0) { print t; exit }
		}
}
