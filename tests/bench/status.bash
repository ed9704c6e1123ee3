#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark 5: one-shot `wmtune status --json > /dev/null`, the whole
# process (fork, exec, dynamic linking, reading everything, the JSON,
# exit), against `cat /proc/zoneinfo /proc/vmstat > /dev/null`. Wall time
# from bash ($EPOCHREALTIME around each run, so both pay the same fork and
# exec), best of BENCH_STATUS_REPS (20) after two warm-up runs of each,
# run alternately. Target: status <= 2x cat.
#
# status also reads the whole kernel log (failures this boot), one read(2)
# per record, and the kernel formats each record for it: so the figure
# grows with the number of records in the ring buffer. To show what is
# status and what is the log, the same is measured once more with
# /dev/kmsg replaced by /dev/null in a private mount namespace (needs
# root and unshare(1); skipped with a reason otherwise), and the records
# are counted.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.bash"

REPS=${BENCH_STATUS_REPS:-20}
status_run() { "$WMTUNE" status --json; }
cat_run() { cat /proc/zoneinfo /proc/vmstat; }

# The static build too (run through a link named wmtune: the multi-call
# dispatcher would read "wmtune-static" as the command "static"): it
# skips the dynamic linking of libc, json-c and libcap, a third of a
# status without the kernel log.
STATIC=${WMTUNE_STATIC:-}
static_dir=$(mktemp -d)
trap 'rm -rf "$static_dir"' EXIT
if [ -n "$STATIC" ] && [ -x "$STATIC" ]; then
	ln -s "$STATIC" "$static_dir/wmtune"
	static_run() { "$static_dir/wmtune" status --json; }
else
	STATIC=
fi

status_run >/dev/null 2>"$BENCH/status.err" || die "status failed: $(head -c 300 "$BENCH/status.err")"
rm -f "$BENCH/status.err"
for _ in 1 2; do
	status_run >/dev/null 2>&1
	cat_run >/dev/null
	[ -z "$STATIC" ] || static_run >/dev/null 2>&1
done
ts=() tc=() tt=()
for _ in $(seq "$REPS"); do
	ts+=("$(wall_us status_run)")
	tc+=("$(wall_us cat_run)")
	[ -z "$STATIC" ] || tt+=("$(wall_us static_run)")
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
v=$(verdict $?)
static_note=''
if [ -n "$STATIC" ]; then
	bt=$(printf '%s\n' "${tt[@]}" | min_of)
	raw status_static_runs_us "$(echo "${tt[@]}")" us
	raw status_static_best_us "$bt" us
	raw status_static_ratio "$(ratio "$bt" "$bc")"
	static_note="; static $(ratio "$bt" "$bc")x ($bt us)"
fi

# The same without the kernel log, and the log's share per record.
nolog=''
records=$(dmesg -r 2>/dev/null | grep -c '^<[0-9]') || records=
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	tn=$(unshare -m bash -c '
		mount --bind /dev/null /dev/kmsg || exit 1
		. "$1/lib.bash"
		for _ in 1 2; do "$WMTUNE" status --json >/dev/null 2>&1; done
		for _ in $(seq "$2"); do
			wall_us "$WMTUNE" status --json
		done' _ "$here" "$REPS" 2>/dev/null) || tn=
fi
if [ -n "$tn" ]; then
	bn=$(printf '%s\n' $tn | min_of)
	raw status_nolog_runs_us "$(echo $tn)" us
	raw status_nolog_best_us "$bn" us
	raw status_nolog_ratio "$(ratio "$bn" "$bc")"
	nolog="; without the kernel log $(ratio "$bn" "$bc")x ($bn us)"
	if [ -n "$records" ] && [ "$records" -gt 0 ]; then
		raw status_log_records "$records"
		raw status_log_us_per_record "$(awk -v a="$bs" -v b="$bn" \
			-v n="$records" 'BEGIN { printf "%.2f", (a - b) / n }')" us
		nolog="$nolog; log: $records records"
	fi
else
	raw status_nolog "skipped: needs root and unshare -m"
fi
summary "5 one-shot status (status --json / cat, best of $REPS)" \
	"${r}x (${bs} us vs ${bc} us)$static_note$nolog" "<= 2.00x" "$v"
exit 0
