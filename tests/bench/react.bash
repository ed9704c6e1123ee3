#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark 2: reaction latency. A real `wmtune watch` (root, writing
# /proc/sys/vm/min_free_kbytes) is fed failure-format records through
# /dev/kmsg by tests/bench/latency.c, which times write(2) -> the sysctl
# changed. Targets: median <= 1 ms, p99 <= 5 ms over >= 200 injections.
# watch runs as it would by default: woken by its tracing instance
# (lib/wakehint.h) where tracefs allows it; a second run with
# --trace-wake no shows /dev/kmsg alone (not the figure).
#
# Each record raises min_free_kbytes, so the runs are kept short: batches
# of BENCH_BATCH injections with --step-pct 1 (+1% per record, 1.01^25 =
# +28% at the end of a batch: far below the cap and harmless on any
# machine), each batch one watch process that SIGTERM then returns to the
# baseline; the next batch starts a new process on the same state. The
# state starts with its kernel-log cursor at the end of the log (`wmtune
# apply --proactive no`), so that no earlier record counts.
#
# min_free_kbytes and watermark_scale_factor are put back to their values
# from before the benchmark in an EXIT trap, whatever happens.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.bash"

VM=/proc/sys/vm
TOTAL=${BENCH_INJECT:-200}
BATCH=${BENCH_BATCH:-25}
GAP_MS=${BENCH_GAP_MS:-20}
TMPFS_INJECT=${BENCH_TMPFS_INJECT:-100}
KMSG_INJECT=${BENCH_KMSG_INJECT:-100}
TRACING=/sys/kernel/tracing/instances
FLOOR_INSTANCE=$TRACING/wmtune-bench-floor

skip() {
	raw react_skipped "$*"
	summary "2 reaction latency (median / p99)" "skipped: $*" \
		"<= 1 ms / <= 5 ms" skipped
	exit 0
}

[ "$(id -u)" = 0 ] || skip "needs root"
[ -w $VM/min_free_kbytes ] || skip "$VM is not writable"
[ -w /dev/kmsg ] || skip "/dev/kmsg is not writable"

SAVED_MFK=$(cat $VM/min_free_kbytes)
SAVED_WSF=$(cat $VM/watermark_scale_factor)
PID=
shm=
tmp=$(mktemp -d)
restore() {
	if [ -n "$PID" ]; then
		kill -TERM "$PID" 2>/dev/null
		sleep 0.2
		kill -KILL "$PID" 2>/dev/null
		wait "$PID" 2>/dev/null
	fi
	echo "$SAVED_MFK" >$VM/min_free_kbytes
	echo "$SAVED_WSF" >$VM/watermark_scale_factor
	rm -rf "$tmp" ${shm:+"$shm"}
	[ -d "$FLOOR_INSTANCE" ] && rmdir "$FLOOR_INSTANCE"
	true
}
trap restore EXIT
trap 'exit 130' INT TERM

# Another watch acting on this machine would react to our records (and
# its writes would be taken for ours): say so in the results.
others=$(pgrep -x wmtune -a 2>/dev/null | grep ' watch' | grep -vc -- '--dry-run')
raw react_other_watch_processes "$others"

# batches STATE_DIR COUNT LABEL [WATCH-OPTION...]: COUNT injections;
# latencies to $tmp/LABEL.lat, watch's log and stderr into $BENCH.
batches() {
	local dir=$1 count=$2 label=$3 done_=0 k
	shift 3
	local state=$dir/state.json log=$BENCH/react-$label.log
	: >"$log"
	: >"$BENCH/react-$label.err"
	: >"$tmp/$label.lat"
	"$WMTUNE" apply --state "$state" --proactive no >/dev/null 2>>"$BENCH/react-$label.err" ||
		die "apply (to place the kernel-log cursor) failed"
	[ "$(cat $VM/min_free_kbytes)" = "$SAVED_MFK" ] ||
		die "apply changed min_free_kbytes: a real failure is in the log?"
	while [ "$done_" -lt "$count" ]; do
		k=$BATCH
		[ $((count - done_)) -lt "$k" ] && k=$((count - done_))
		"$WMTUNE" watch --state "$state" --log "$log" --log-format json --any-facility \
			--debounce 0 --step-pct 1 --proactive no --recall no \
			--knobs min_free_kbytes "$@" 2>>"$BENCH/react-$label.err" &
		PID=$!
		for _ in $(seq 100); do
			[ "$(grep -c '"event":"start"' "$log")" -gt "$((done_ / BATCH))" ] && break
			sleep 0.05
		done
		"$BENCH_BIN/latency" "$k" "$GAP_MS" >>"$tmp/$label.lat" ||
			raw "react_${label}_timeouts_in_batch" "$done_"
		kill -TERM "$PID"
		wait "$PID" || raw "react_${label}_watch_exit" "$?"
		PID=
		[ "$(cat $VM/min_free_kbytes)" = "$SAVED_MFK" ] ||
			raw "react_${label}_not_restored_after_batch" "$(cat $VM/min_free_kbytes)"
		done_=$((done_ + k))
	done
}

# report LABEL: median, p99, max in microseconds
report() {
	local label=$1 f=$tmp/$1.lat n ok med p99 max
	n=$(wc -l <"$f")
	ok=$(grep -vc '^timeout' "$f")
	grep -v '^timeout' "$f" | awk '{ print $1 / 1000 }' >"$tmp/$label.us"
	cp "$f" "$BENCH/react-$label.lat"
	med=$(pct 50 <"$tmp/$label.us")
	p99=$(pct 99 <"$tmp/$label.us")
	max=$(pct 100 <"$tmp/$label.us")
	raw "react_${label}_injections" "$n"
	raw "react_${label}_seen" "$ok"
	raw "react_${label}_median_us" "$med" us
	raw "react_${label}_p99_us" "$p99" us
	raw "react_${label}_max_us" "$max" us
	raw "react_${label}_state_fs" "$(stat -f -c %T "$2")"
	# Split each span at the moment watch began its decision (t_usec of
	# its "change" line, CLOCK_BOOTTIME like latency's t0): wake-up
	# (scheduling, reading the record) and work (observe, decide, the
	# state's write-ahead save, the write).
	grep '"event":"change"' "$BENCH/react-$label.log" |
		grep -o '"t_usec":[0-9]*' | cut -d: -f2 >"$tmp/$label.tdec"
	if [ "$ok" = "$n" ] && [ "$(wc -l <"$tmp/$label.tdec")" = "$n" ]; then
		paste -d' ' "$f" "$tmp/$label.tdec" |
			awk '{ wake = $5 - $4; print wake, $1 / 1000 - wake }' >"$tmp/$label.split"
		raw "react_${label}_wake_median_p99_us" \
			"$(cut -d' ' -f1 "$tmp/$label.split" | pct 50) $(cut -d' ' -f1 "$tmp/$label.split" | pct 99)" us
		raw "react_${label}_work_median_p99_us" \
			"$(cut -d' ' -f2 "$tmp/$label.split" | pct 50) $(cut -d' ' -f2 "$tmp/$label.split" | pct 99)" us
	else
		raw "react_${label}_split" "unavailable (changes logged: $(wc -l <"$tmp/$label.tdec"))"
	fi
	raw "react_${label}_adoptions" "$(grep -c adopting "$BENCH/react-$label.err")"
	# watch's own count of the wake-ups its tracing instance gave (one
	# "wake-hint" line per batch; none when it had no instance)
	raw "react_${label}_wake_hints" "$(grep '"event":"wake-hint"' "$BENCH/react-$label.log" |
		grep -o '"detail":"[0-9][^"]*' | cut -d'"' -f4 |
		awk '{ w += $1; r += $3; l += $8 } END { printf "%d wake-ups, %d with a failure ready, %d a moment later", w, r, l }')"
	raw "react_${label}_load_now" "$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ',')"
	echo "$med $p99 $n $ok"
}

# The kernel's own floor: a bare poll(2) reader of /dev/kmsg, woken by
# informational records (tests/bench/kmsgwake.c). printk wakes readers
# from a lazy irq_work, at the next timer tick: 0 to 1/HZ.
floor_note=''
if [ -x "$BENCH_BIN/kmsgwake" ] &&
	"$BENCH_BIN/kmsgwake" "$TOTAL" >"$tmp/wake.us" 2>"$tmp/wake.err"; then
	wmed=$(pct 50 <"$tmp/wake.us")
	wp99=$(pct 99 <"$tmp/wake.us")
	raw react_kernel_wake_median_p99_us "$wmed $wp99" us
	raw react_kernel_hz "$( (zcat /proc/config.gz 2>/dev/null ||
		cat "/boot/config-$(uname -r)" 2>/dev/null) | awk -F= '$1 == "CONFIG_HZ" { print $2 }')"
	floor_note=$(awk -v a="$wmed" -v b="$wp99" \
		'BEGIN { printf "; kmsg floor %.2f / %.2f ms", a / 1000, b / 1000 }')
else
	raw react_kernel_wake "unavailable: $(head -c 200 "$tmp/wake.err" 2>/dev/null)"
fi

# The floor of the path watch takes by default: the same probe asleep on
# a tracing instance's pipe, set up as lib/wakehint.c sets watch's.
trace_floor() {
	[ -d "$TRACING" ] || { echo "no $TRACING"; return 1; }
	mkdir "$FLOOR_INSTANCE" &&
		echo 4 >"$FLOOR_INSTANCE/buffer_size_kb" &&
		{ echo 0 >"$FLOOR_INSTANCE/buffer_percent" || true; } &&
		echo 'msg ~ "*wmtune-bench: wake probe*"' >"$FLOOR_INSTANCE/events/printk/console/filter" &&
		echo 1 >"$FLOOR_INSTANCE/events/printk/console/enable" &&
		"$BENCH_BIN/kmsgwake" "$TOTAL" "$FLOOR_INSTANCE/trace_pipe"
	local rc=$?
	rmdir "$FLOOR_INSTANCE" 2>/dev/null
	return $rc
}
if [ -x "$BENCH_BIN/kmsgwake" ] && trace_floor >"$tmp/twake.us" 2>"$tmp/twake.err"; then
	tmed=$(pct 50 <"$tmp/twake.us")
	tp99=$(pct 99 <"$tmp/twake.us")
	raw react_trace_wake_median_p99_us "$tmed $tp99" us
	raw react_trace_wake_early "$(grep -o '[0-9]* of [0-9]* wake-ups' "$tmp/twake.err")"
	floor_note=$floor_note$(awk -v a="$tmed" -v b="$tp99" \
		'BEGIN { printf "; trace floor %.2f / %.2f ms", a / 1000, b / 1000 }')
else
	raw react_trace_wake "unavailable: $(head -c 200 "$tmp/twake.err" 2>/dev/null)"
fi

# The state where the service keeps it: on disk (the build directory's
# file system stands in for /var/lib/wmtune).
disk=$BENCH/react-state
rm -rf "$disk"
mkdir -p "$disk"
batches "$disk" "$TOTAL" disk
read -r med p99 n ok < <(report disk "$disk")
v=met
{ [ "$ok" = "$n" ] && le "$med" 1000 && le "$p99" 5000; } || v=MISSED
summary "2 reaction latency (median / p99)" \
	"$(awk -v a="$med" -v b="$p99" 'BEGIN { printf "%.2f ms / %.2f ms", a / 1000, b / 1000 }') ($ok/$n seen$floor_note)" \
	"<= 1 ms / <= 5 ms" "$v"

# /dev/kmsg alone, as before the tracing instance (not the figure).
if [ "$KMSG_INJECT" -gt 0 ]; then
	rm -rf "$disk"
	mkdir -p "$disk"
	batches "$disk" "$KMSG_INJECT" kmsg --trace-wake no
	report kmsg "$disk" >/dev/null
fi

# The same with the state on tmpfs, where fsync(2) costs nothing: the
# difference is what the state's write-ahead save costs (not a figure).
if [ "$TMPFS_INJECT" -gt 0 ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	shm=$(mktemp -d /dev/shm/wmtune-bench.XXXXXX)
	batches "$shm" "$TMPFS_INJECT" tmpfs
	report tmpfs "$shm" >/dev/null
	rm -rf "$shm"
	shm=
fi
exit 0
