#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark 4: `wmtune events --file F --all --json > /dev/null` over a log
# of >= 100 MiB made of the real samples (tests/fixtures/samples/allocfail,
# showmem and lab-6.1/*.dmesg, concatenated N times into $BENCH/big.log),
# against `grep -c 'page allocation failure'` on the same file. Wall time,
# best of BENCH_SCAN_REPS (11) after one warm-up run of each (the file is
# in the page cache), C locale for both; grep's count goes to a file (see
# grep_run), events' JSON to /dev/null. Target: events not slower than
# grep. The report count must be N times the count of one copy.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.bash"

SAMPLES=${BENCH_SAMPLES:-$here/../fixtures/samples}
MIN_BYTES=${BENCH_LOG_BYTES:-104857600}
REPS=${BENCH_SCAN_REPS:-11}
PATTERN='page allocation failure'

one=$BENCH/one-copy.log
big=$BENCH/big.log
files=("$SAMPLES"/allocfail/*.log "$SAMPLES"/showmem/*.log "$SAMPLES"/lab-6.1/*.dmesg)
for f in "${files[@]}"; do
	[ -f "$f" ] || die "missing sample $f"
done
cat "${files[@]}" >"$one"
size=$(stat -c %s "$one")
copies=$(( (MIN_BYTES + size - 1) / size ))

# big.log: $copies copies of one-copy.log, built by doubling
if [ "$(stat -c %s "$big" 2>/dev/null)" != $((size * copies)) ] ||
	! cmp -s -n "$size" "$one" "$big"; then
	rm -f "$big"
	cp "$one" "$big.part"
	have=1
	while [ $((have * 2)) -le "$copies" ]; do
		cat "$big.part" "$big.part" >"$big.tmp" && mv "$big.tmp" "$big.part"
		have=$((have * 2))
	done
	: >"$big"
	left=$copies
	while [ "$left" -ge "$have" ]; do
		cat "$big.part" >>"$big"
		left=$((left - have))
	done
	for _ in $(seq "$left"); do cat "$one" >>"$big"; done
	rm -f "$big.part"
fi
bytes=$(stat -c %s "$big")
raw scan_samples "${#files[@]}" files
raw scan_copy_bytes "$size" B
raw scan_copies "$copies"
raw scan_log_bytes "$bytes" B

# counts: reports per copy and in the whole file (summary.reports and the
# number of event objects), grep lines per copy and in the whole file
count_reports() { # FILE -> "summary_reports events"; peak RSS to scan.maxrss
	local timer=()
	[ -x /usr/bin/time ] && timer=(/usr/bin/time -f %M -o "$BENCH/scan.maxrss")
	"${timer[@]}" "$WMTUNE" events --file "$1" --all --json >"$BENCH/scan.json" ||
		die "events --file $1 failed"
	# the summary is at the end; its first "reports" is the total
	echo "$(tail -c 2048 "$BENCH/scan.json" | grep -o '"summary":{"reports":[0-9]*' |
		grep -o '[0-9]*$') $(grep -o '{"kind":' "$BENCH/scan.json" | wc -l)"
}
read -r rep1 ev1 < <(count_reports "$one")
read -r repN evN < <(count_reports "$big")
rss_kb=
if [ -s "$BENCH/scan.maxrss" ]; then
	rss_kb=$(tail -n 1 "$BENCH/scan.maxrss")
	raw scan_events_json_maxrss_kb "$rss_kb" kB
fi
rm -f "$BENCH/scan.json" "$BENCH/scan.maxrss"
g1=$(grep -c "$PATTERN" "$one")
gN=$(grep -c "$PATTERN" "$big")
raw scan_reports_per_copy "$rep1"
raw scan_events_per_copy "$ev1"
raw scan_reports_total "$repN"
raw scan_events_total "$evN"
raw scan_grep_lines_per_copy "$g1"
raw scan_grep_lines_total "$gN"
counts_ok=yes
[ "$repN" = $((rep1 * copies)) ] && [ "$evN" = $((ev1 * copies)) ] &&
	[ "$gN" = $((g1 * copies)) ] || counts_ok=no
raw scan_counts_scale "$counts_ok"

events_run() { "$WMTUNE" events --file "$big" --all --json; }
# GNU grep stops at the first match when its output is /dev/null (it
# then only needs the exit status): give it a real file to write to.
grep_run() { grep -c "$PATTERN" "$big" >"$BENCH/scan.grep"; }
events_run >/dev/null
grep_run >/dev/null
# timed CMD: "wall_us cpu_us" (bash's time keyword: getrusage of the
# child for user+sys; on a loaded machine CPU time moves less than wall)
timed() {
	local TIMEFORMAT='%3R %3U %3S' t
	{ t=$( { time "$@" >/dev/null; } 2>&1 ); } 2>/dev/null
	awk '{ printf "%d %d\n", $1 * 1e6 + 0.5, ($2 + $3) * 1e6 + 0.5 }' <<<"$t"
}
te=() tg=() ce=() cg=()
for r in $(seq "$REPS"); do
	read -r w c < <(timed events_run)
	te+=("$w") ce+=("$c")
	read -r w c < <(timed grep_run)
	tg+=("$w") cg+=("$c")
	raw "scan_run${r}_events_wall_cpu_us" "${te[-1]} ${ce[-1]}" us
	raw "scan_run${r}_grep_wall_cpu_us" "${tg[-1]} ${cg[-1]}" us
done
be=$(printf '%s\n' "${te[@]}" | min_of)
bg=$(printf '%s\n' "${tg[@]}" | min_of)
cpu_r=$(ratio "$(printf '%s\n' "${ce[@]}" | min_of)" \
	"$(printf '%s\n' "${cg[@]}" | min_of)")
raw scan_cpu_ratio_best "$cpu_r"
r=$(ratio "$be" "$bg")
raw scan_events_best_us "$be" us
raw scan_grep_best_us "$bg" us
raw scan_events_mb_per_s "$(awk -v b="$bytes" -v t="$be" 'BEGIN { printf "%.0f", b / t }')" MB/s
raw scan_grep_mb_per_s "$(awk -v b="$bytes" -v t="$bg" 'BEGIN { printf "%.0f", b / t }')" MB/s
raw scan_ratio "$r"
[ "$(cat "$BENCH/scan.grep")" = "$gN" ] || die "grep -c counted $(cat "$BENCH/scan.grep")"
rm -f "$BENCH/scan.grep"
v=met
{ le "$r" 1.00 && [ "$counts_ok" = yes ]; } || v=MISSED
summary "4 log scan (events / grep -c, $((bytes / 1048576)) MiB)" \
	"${r}x ($(awk -v a="$be" -v b="$bg" 'BEGIN { printf "%.0f ms vs %.0f ms", a / 1000, b / 1000 }'); CPU ${cpu_r}x${rss_kb:+; peak RSS $((rss_kb / 1024)) MiB}; counts x$copies: $counts_ok)" \
	"<= 1.00x" "$v"
exit 0
