#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark 5: one-shot `wmtune status --json > /dev/null`, the whole
# process (fork, exec, dynamic linking, reading everything, the JSON,
# exit), against `cat /proc/zoneinfo /proc/vmstat > /dev/null`. Wall time
# from bash ($EPOCHREALTIME around each run, so both pay the same fork and
# exec), best of BENCH_STATUS_REPS (20) after two warm-up runs of each,
# run alternately. Target: status <= 2x cat.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.bash"

REPS=${BENCH_STATUS_REPS:-20}
status_run() { "$WMTUNE" status --json; }
cat_run() { cat /proc/zoneinfo /proc/vmstat; }

status_run >/dev/null 2>"$BENCH/status.err" || die "status failed: $(head -c 300 "$BENCH/status.err")"
rm -f "$BENCH/status.err"
for _ in 1 2; do
	status_run >/dev/null 2>&1
	cat_run >/dev/null
done
ts=() tc=()
for _ in $(seq "$REPS"); do
	ts+=("$(wall_us status_run)")
	tc+=("$(wall_us cat_run)")
done
raw status_runs_us "$(echo "${ts[@]}")" us
raw cat_runs_us "$(echo "${tc[@]}")" us
bs=$(printf '%s\n' "${ts[@]}" | min_of)
bc=$(printf '%s\n' "${tc[@]}" | min_of)
ms=$(printf '%s\n' "${ts[@]}" | pct 50)
mc=$(printf '%s\n' "${tc[@]}" | pct 50)
r=$(ratio "$bs" "$bc")
raw status_best_us "$bs" us
raw cat_best_us "$bc" us
raw status_median_us "$ms" us
raw cat_median_us "$mc" us
raw status_ratio "$r"
raw status_ratio_of_medians "$(ratio "$ms" "$mc")"
le "$r" 2.00
summary "5 one-shot status (status --json / cat, best of $REPS)" \
	"${r}x (${bs} us vs ${bc} us)" "<= 2.00x" "$(verdict $?)"
exit 0
