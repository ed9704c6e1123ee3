# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the benchmark scripts (sourced, not run). Each script gets:
#   WMTUNE   the binary under test      BENCH   build*/bench (output dir)
#   RESULTS  the raw results file       BENCH_BIN  where floor/latency are
# and appends "name value unit" lines to RESULTS, and one summary line
# "figure|measured|target|verdict" to $BENCH/summary.txt.

set -u

: "${WMTUNE:?WMTUNE must name the wmtune binary}"
: "${BENCH:?BENCH must name the output directory}"
: "${RESULTS:=$BENCH/results.txt}"
: "${BENCH_BIN:=$BENCH}"
export LC_ALL=C

# raw NAME VALUE [UNIT]: one raw number for results.txt
raw() {
	printf '%s %s %s\n' "$1" "$2" "${3:-}" >>"$RESULTS"
}

# summary FIGURE MEASURED TARGET VERDICT
summary() {
	printf '%s|%s|%s|%s\n' "$1" "$2" "$3" "$4" >>"$BENCH/summary.txt"
}

die() {
	echo "bench: $*" >&2
	exit 1
}

# cpu_ms OUT CMD...: run CMD (stdout and stderr to OUT.out/OUT.err) and
# print its CPU time "user_ms sys_ms" (getrusage of the child, as bash's
# time keyword reports it, 1 ms resolution). The exit status is CMD's.
cpu_ms() {
	local out=$1 t rc
	shift
	local TIMEFORMAT='%3U %3S'
	{ t=$( { time "$@" >"$out.out" 2>"$out.err"; } 2>&1 ); } 2>/dev/null
	rc=$?
	# "1.234 0.567" -> "1234 567"
	awk '{ printf "%d %d\n", $1 * 1000 + 0.5, $2 * 1000 + 0.5 }' <<<"$t"
	return $rc
}

# wall_us CMD...: run CMD with stdout to /dev/null and print its wall time
# in microseconds (bash's $EPOCHREALTIME around it: fork, exec, run, exit).
wall_us() {
	local t0 t1
	t0=$EPOCHREALTIME
	"$@" >/dev/null
	t1=$EPOCHREALTIME
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d\n", (b - a) * 1e6 + 0.5 }'
}

# min_of: the smallest number on stdin
min_of() {
	sort -n | head -n 1
}

# pct P: the P-th percentile (nearest rank) of the numbers on stdin
pct() {
	sort -n | awk -v p="$1" '{ v[NR] = $1 }
		END { if (NR == 0) exit 1; r = int(p / 100 * NR + 0.999999);
		      if (r < 1) r = 1; if (r > NR) r = NR; print v[r] }'
}

# ratio A B: A / B with two decimals
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", b ? a / b : 0 }'
}

# le A B: true when A <= B (decimals)
le() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'
}

verdict() { # COND-STATUS: met / MISSED
	if [ "$1" = 0 ]; then echo met; else echo MISSED; fi
}
