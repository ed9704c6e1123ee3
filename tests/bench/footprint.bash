#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark 3: memory footprint of `wmtune watch --dry-run --interval 0`
# after 10^3 and after 10^5 ticks: one run of each length, its
# /proc/<pid>/status (VmRSS, VmHWM, RssAnon, RssFile) sampled while it
# runs (every 5 ms in the short run, 100 ms in the long one), the last
# sample standing for the end of the run (VmHWM only grows). ru_maxrss
# (/usr/bin/time -f %M) is kept as a cross-check; it comes from the
# kernel's approximate per-CPU RSS counters and may differ by ~100 kB.
# Once, in the long run, /proc/<pid>/smaps says which mappings the RSS is
# made of. The same long run of the static binary (make static) follows.
# Targets: VmHWM <= 2 MiB at 10^5 ticks, and no growth from 10^3 to 10^5.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.bash"

SMALL=${BENCH_FP_SMALL:-1000}
LARGE=${BENCH_FP_LARGE:-100000}
STATIC=${WMTUNE_STATIC:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

[ -x /usr/bin/time ] || {
	raw footprint_skipped "no /usr/bin/time (GNU time) for ru_maxrss"
	summary "3 footprint (VmHWM at 10^5; RssAnon growth 10^3->10^5)" \
		"skipped: no /usr/bin/time" "<= 2048 kB; 0 kB" skipped
	exit 0
}

# status_kb PID FIELD: a "kB" field of /proc/PID/status ("" if gone)
status_kb() {
	local k v _
	while read -r k v _; do
		[ "$k" = "$2:" ] && { echo "$v"; return 0; }
	done 2>/dev/null <"/proc/$1/status"
	echo ""
}

# smaps_by_file PID: kB of RSS per mapping name, largest first
smaps_by_file() {
	awk '
		/^[0-9a-f]+-[0-9a-f]+ / { name = NF >= 6 ? $6 : "[anon]"; next }
		/^Rss:/ { rss[name] += $2 }
		END { for (n in rss) if (rss[n]) printf "%6d kB %s\n", rss[n], n }
	' "/proc/$1/smaps" 2>/dev/null | sort -rn
}

# run BIN COUNT LABEL PERIOD: samples of the running process to
# $BENCH/footprint-LABEL.samples ("time rss hwm anon file", kB); prints
# "hwm anon" of the last sample and ru_maxrss.
run() {
	local bin=$1 count=$2 label=$3 period=$4 tpid pid="" hwm rss anon file n=0
	local samples=$BENCH/footprint-$label.samples
	: >"$samples"
	/usr/bin/time -f '%M' -o "$tmp/$label.maxrss" \
		"$bin" watch --dry-run --interval 0 --count "$count" \
		--state "$tmp/state.json" --log /dev/null 2>"$tmp/$label.err" &
	tpid=$!
	for _ in $(seq 200); do
		pid=$(pgrep -P "$tpid" 2>/dev/null | head -n 1)
		[ -n "$pid" ] && break
		sleep 0.005
	done
	while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do
		rss=$(status_kb "$pid" VmRSS)
		hwm=$(status_kb "$pid" VmHWM)
		anon=$(status_kb "$pid" RssAnon)
		file=$(status_kb "$pid" RssFile)
		# a process that is exiting may show only some of the fields
		[ -n "$rss" ] && [ -n "$hwm" ] && [ -n "$anon" ] && [ -n "$file" ] &&
			echo "$EPOCHREALTIME $rss $hwm $anon $file" >>"$samples"
		n=$((n + 1))
		if [ "$n" = 20 ]; then
			smaps_by_file "$pid" >"$BENCH/footprint-$label.smaps"
			# proportional: shared library pages divided among their users
			awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" \
				>"$BENCH/footprint-$label.pss" 2>/dev/null
		fi
		sleep "$period"
	done
	if ! wait "$tpid"; then
		echo "failed $(head -c 200 "$tmp/$label.err" | tr ' \n' '_ ')"
		return 1
	fi
	[ -s "$samples" ] || die "watch ($label) ended before a sample"
	echo "$(tail -n 1 "$samples" | cut -d' ' -f3,4) $(tail -n 1 "$tmp/$label.maxrss")"
}

# retry BIN COUNT LABEL PERIOD: run, up to 3 times when watch fails (it
# refuses a tick when another process changes a vm sysctl between its
# reads of zoneinfo and of the sysctl; counted in results.txt)
retry() {
	local out
	for _ in 1 2 3; do
		out=$(run "$@")
		case $out in
		failed*) raw "footprint_$3_failed_run" "${out#failed }" ;;
		*) echo "$out"; return 0 ;;
		esac
	done
	return 1
}
read -r hwm_small anon_small max_small < <(retry "$WMTUNE" "$SMALL" small 0.005)
read -r hwm_large anon_large max_large < <(retry "$WMTUNE" "$LARGE" large 0.1)
[ -n "$hwm_small" ] && [ -n "$hwm_large" ] || die "footprint runs failed"
# A leak is anonymous memory: RssAnon is the growth that counts. VmHWM
# also moves by a few file pages (libc pages mapped by fault-around
# depend on the page cache), +-50 kB from run to run.
growth=$((anon_large - anon_small))
raw footprint_ru_maxrss_small_large_kb "$max_small $max_large" kB
raw footprint_anon_small_kb "$anon_small" kB
raw footprint_anon_large_kb "$anon_large" kB
raw footprint_hwm_growth_kb "$((hwm_large - hwm_small))" kB
raw footprint_ticks_small "$SMALL"
raw footprint_ticks_large "$LARGE"
raw footprint_hwm_small_kb "$hwm_small" kB
raw footprint_hwm_large_kb "$hwm_large" kB
raw footprint_anon_growth_kb "$growth" kB
if [ -s "$BENCH/footprint-large.samples" ]; then
	# first and last sample of the long run: time rss hwm anon file
	read -r _ r0 _ a0 f0 <"$BENCH/footprint-large.samples"
	read -r _ r1 h1 a1 f1 < <(tail -n 1 "$BENCH/footprint-large.samples")
	raw footprint_large_samples "$(wc -l <"$BENCH/footprint-large.samples")"
	raw footprint_large_first_rss_anon_file_kb "$r0 $a0 $f0" kB
	raw footprint_large_last_rss_hwm_anon_file_kb "$r1 $h1 $a1 $f1" kB
	raw footprint_large_rss_min_max_kb \
		"$(awk 'NR == 1 || $2 < m { m = $2 } $2 > x { x = $2 } END { print m, x }' \
			"$BENCH/footprint-large.samples")" kB
fi
[ -s "$BENCH/footprint-large.pss" ] &&
	raw footprint_large_pss_kb "$(cat "$BENCH/footprint-large.pss")" kB
[ -s "$BENCH/footprint-large.smaps" ] &&
	raw footprint_large_smaps_top "$(head -n 6 "$BENCH/footprint-large.smaps" |
		awk '{ printf "%s%s=%s", (NR > 1 ? "," : ""), $3, $1 }')" kB

st=''
if [ -n "$STATIC" ] && [ -x "$STATIC" ]; then
	# the multi-call binary takes its command from its name when that is
	# wmtune-<command>: run the static one as "wmtune"
	mkdir -p "$tmp/static"
	ln -s "$STATIC" "$tmp/static/wmtune"
	read -r st _ _ < <(retry "$tmp/static/wmtune" "$LARGE" static 0.1)
	raw footprint_static_hwm_large_kb "$st" kB
	[ -s "$BENCH/footprint-static.samples" ] &&
		raw footprint_static_last_rss_hwm_anon_file_kb \
			"$(tail -n 1 "$BENCH/footprint-static.samples" | cut -d' ' -f2-)" kB
fi

# No growth: flat through the long run (first and last sample), and at
# most one page of RssAnon between the two runs (two processes).
v=met
flat=$(awk 'NR == 1 { r = $2; a = $4 } END { print ($2 == r && $4 == a) ? "yes" : "no" }' \
	"$BENCH/footprint-large.samples")
raw footprint_large_flat "$flat"
{ [ "$hwm_large" -le 2048 ] && [ "$growth" -le 4 ] && [ "$flat" = yes ]; } || v=MISSED
summary "3 footprint (VmHWM at 10^5; RssAnon growth 10^3->10^5)" \
	"$hwm_large kB; ${growth} kB${st:+ (static: $st kB)}" "<= 2048 kB; 0 kB" "$v"
exit 0
