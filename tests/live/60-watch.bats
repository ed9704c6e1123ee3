#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# wmtune watch on this machine's real kernel, fed failure-format records
# written to /dev/kmsg. Those are user-facility records, which wmtune
# ignores unless --any-facility (the option exists for tests like these).
# teardown stops the daemon and restores both sysctls, whatever happened.

load ../cli/helper

VM=/proc/sys/vm
FAIL='<4>swapper/0: page allocation failure: order:0, mode:0x820(GFP_ATOMIC), nodemask=(null)'

setup() {
	[ "$(id -u)" = 0 ] || skip "live sysctl tests need root"
	[ -w $VM/min_free_kbytes ] || skip "$VM is not writable here"
	[ -w /dev/kmsg ] || skip "/dev/kmsg is not writable here"
	SAVED_MFK=$(cat $VM/min_free_kbytes)
	SAVED_WSF=$(cat $VM/watermark_scale_factor)
	STATE="$BATS_TEST_TMPDIR/state.json"
	LOG="$BATS_TEST_TMPDIR/watch.log"
	PID=
	# a state whose kernel-log cursor is the end of the log now, so that
	# records earlier tests wrote are not taken for new ones
	"$WMTUNE" apply --state "$STATE" --proactive no >/dev/null
	# what one failure raises min_free_kbytes to: +200%, within the cap
	cap=$("$WMTUNE" suggest --json --state "$STATE" | json 'd["knobs"][0]["cap"]')
	RAISED=$((SAVED_MFK * 3 < cap ? SAVED_MFK * 3 : cap))
}

teardown() {
	if [ -n "${PID:-}" ]; then
		kill -KILL "$PID" 2>/dev/null
		wait "$PID" 2>/dev/null
		# a killed watch leaves its tracing instance (lib/wakehint.h)
		rmdir "/sys/kernel/tracing/instances/wmtune-$PID" 2>/dev/null
	fi
	[ -n "${SAVED_MFK:-}" ] && echo "$SAVED_MFK" > $VM/min_free_kbytes
	[ -n "${SAVED_WSF:-}" ] && echo "$SAVED_WSF" > $VM/watermark_scale_factor
	true
}

start_watch() {
	local starts
	starts=$(grep -c " start: " "$LOG" 2>/dev/null || true)
	"$WMTUNE" watch --state "$STATE" --log "$LOG" --any-facility "$@" &
	PID=$!
	wait_for '[ "$(grep -c " start: " "$LOG")" -gt "${starts:-0}" ]'
}

wait_for() { # CONDITION (bash), up to 5 s
	for _ in $(seq 50); do
		eval "$1" && return 0
		sleep 0.1
	done
	echo "timed out waiting for: $1" >&2
	return 1
}

mfk() { cat $VM/min_free_kbytes; }

@test "live watch: an injected failure raises the reserve at once; CapEff is 0" {
	start_watch --interval 60 --debounce 0
	[ "$(awk '/^CapEff/ {print $2}' /proc/$PID/status)" = 0000000000000000 ]
	echo "$FAIL" > /dev/kmsg
	# the timer is 60 s away: only the kmsg wake-up can do this
	wait_for '[ "$(mfk)" = $RAISED ]'
	grep -q "atomic_failures" "$LOG"
	# it wrote with no capability at all
	[ "$(awk '/^CapEff/ {print $2}' /proc/$PID/status)" = 0000000000000000 ]
}

@test "live watch: debounce holds a second failure back" {
	start_watch --interval 0.2 --debounce 30
	echo "$FAIL" > /dev/kmsg
	wait_for '[ "$(mfk)" = $RAISED ]'
	echo "$FAIL" > /dev/kmsg
	sleep 1
	[ "$(mfk)" = $RAISED ]
	[ "$(grep -c ' -> ' "$LOG")" = 1 ]
}

@test "live watch: decay brings the value down on a shortened schedule" {
	start_watch --interval 0.1 --debounce 0 --quiet 0.5 --decay-interval 0.2 --decay-pct 25 \
		--proactive no
	echo "$FAIL" > /dev/kmsg
	wait_for '[ "$(mfk)" = $RAISED ]'
	wait_for '[ "$(mfk)" = "$SAVED_MFK" ]'
	grep -q "(decay)" "$LOG"
}

@test "live watch: SIGTERM restores the baseline" {
	start_watch --interval 0.2 --debounce 0
	echo "$FAIL" > /dev/kmsg
	wait_for '[ "$(mfk)" != "$SAVED_MFK" ]'
	kill -TERM "$PID"
	wait "$PID"
	st=$?
	PID=
	[ "$st" = 0 ]
	[ "$(mfk)" = "$SAVED_MFK" ]
	grep -q "stop: baselines restored" "$LOG"
}

@test "live watch: --keep keeps the tuned value on SIGTERM" {
	start_watch --interval 0.2 --debounce 0 --keep
	echo "$FAIL" > /dev/kmsg
	wait_for '[ "$(mfk)" = $RAISED ]'
	kill -TERM "$PID"
	wait "$PID"
	PID=
	[ "$(mfk)" = $RAISED ]
	grep -q "stop: values kept" "$LOG"
}

@test "live watch: SIGHUP reloads the configuration" {
	conf="$BATS_TEST_TMPDIR/w.conf"
	echo "step-pct = 50" > "$conf"
	start_watch --interval 0.2 --debounce 0 --config "$conf"
	echo "step-pct = 100" > "$conf"
	kill -HUP "$PID"
	wait_for 'grep -q "configuration reloaded" "$LOG"'
	echo "$FAIL" > /dev/kmsg
	wait_for '[ "$(mfk)" = $((SAVED_MFK * 2)) ]'
}

@test "live watch: SIGKILL, then a restart continues from the state" {
	start_watch --interval 0.2 --debounce 0
	echo "$FAIL" > /dev/kmsg
	wait_for '[ "$(mfk)" = $RAISED ]'
	kill -KILL "$PID"
	wait "$PID" 2>/dev/null || true
	PID=
	# the restart neither counts the old record again nor loses the baseline
	start_watch --interval 0.2 --debounce 0
	sleep 1
	[ "$(mfk)" = $RAISED ]
	kill -TERM "$PID"
	wait "$PID"
	PID=
	[ "$(mfk)" = "$SAVED_MFK" ]
}

@test "live watch: --dry-run decides and logs but writes nothing" {
	start_watch --interval 0.2 --debounce 0 --dry-run
	echo "$FAIL" > /dev/kmsg
	wait_for 'grep -q "dry-run vm.min_free_kbytes" "$LOG"'
	[ "$(mfk)" = "$SAVED_MFK" ]
}

@test "live watch: --count ends it, and JSON log lines parse" {
	run --separate-stderr "$WMTUNE" watch --state "$STATE" --interval 0.05 --count 5 \
		--log "$LOG" --log-format json --dry-run
	assert_status 0
	python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$LOG"
	[ "$(python3 -c 'import json,sys; print([json.loads(l)["event"] for l in open(sys.argv[1])][-1])' "$LOG")" = stop ]
}

@test "live watch: tells systemd it is ready (NOTIFY_SOCKET)" {
	sock="$BATS_TEST_TMPDIR/notify.sock"
	python3 - "$sock" > "$BATS_TEST_TMPDIR/notify.out" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(10)
print(s.recv(4096).decode(), flush=True)
PY
	listener=$!
	wait_for '[ -S "$sock" ]'
	NOTIFY_SOCKET="$sock" "$WMTUNE" watch --state "$STATE" --interval 0.1 --count 3 --dry-run \
		--log "$LOG"
	wait "$listener"
	grep -q "READY=1" "$BATS_TEST_TMPDIR/notify.out"
}

# The wake-up hint (lib/wakehint.h): a tracing instance of its own.
TRACING=/sys/kernel/tracing/instances

need_tracefs() {
	[ -d $TRACING ] || skip "no tracefs instances directory at $TRACING"
}

@test "live watch: a failure wakes it through its tracing instance; SIGTERM removes it" {
	need_tracefs
	start_watch --interval 60 --debounce 0
	inst=$TRACING/wmtune-$PID
	[ -d "$inst" ]
	grep -q "wake-hint: tracing instance $inst" "$LOG"
	# the kernel echoes back the filter it parsed
	[ "$(cat "$inst/events/printk/console/filter")" = 'msg ~ "*page allocation failure*" || msg ~ "*SLUB: Unable to allocate memory on *" || msg ~ "*callbacks suppressed*"' ]
	[ "$(cat "$inst/events/printk/console/enable")" = 1 ]
	[ "$(cat "$inst/buffer_percent")" = 0 ]
	echo "$FAIL" > /dev/kmsg
	wait_for '[ "$(mfk)" = $RAISED ]'
	kill -TERM "$PID"
	wait "$PID"
	PID=
	[ ! -e "$inst" ]
	# the failure was read on a hint's wake-up: /dev/kmsg's own comes later
	grep -Eq "wake-hint: [1-9][0-9]* wake-ups, [1-9][0-9]* with a failure ready" "$LOG"
}

@test "live watch: no tracing instance with --trace-wake no, nor with --dry-run" {
	need_tracefs
	start_watch --interval 0.2 --trace-wake no
	[ ! -e "$TRACING/wmtune-$PID" ]
	kill -TERM "$PID"
	wait "$PID"
	start_watch --interval 0.2 --dry-run
	[ ! -e "$TRACING/wmtune-$PID" ]
	kill -TERM "$PID"
	wait "$PID"
	PID=
	[ "$(grep -c "wake-hint" "$LOG")" = 0 ]
}

@test "live watch: the instance of a killed watch goes when the next one starts" {
	need_tracefs
	start_watch --interval 0.2
	old=$TRACING/wmtune-$PID
	[ -d "$old" ]
	kill -KILL "$PID"
	wait "$PID" 2>/dev/null || true
	PID=
	[ -d "$old" ]
	start_watch --interval 0.2
	[ -d "$TRACING/wmtune-$PID" ]
	[ ! -e "$old" ]
	kill -TERM "$PID"
	wait "$PID"
	PID=
	[ ! -e "$TRACING/wmtune-$PID" ]
}

@test "live watch: an instance that wakes it for nothing is given up, not spun on" {
	need_tracefs
	start_watch --interval 0.2 --debounce 0
	inst=$TRACING/wmtune-$PID
	[ -d "$inst" ]
	# "block" makes the pipe poll readable with nothing in it (from the
	# next poll(2) on: the next tick)
	echo 1 > "$inst/options/block"
	wait_for 'grep -q "wakes watch with nothing to read" "$LOG"'
	wait_for '[ ! -e "$inst" ]'
	# it sleeps again: a few hundred ms of CPU would mean a spin
	sleep 1
	ticks=$(awk '{ print $14 + $15 }' /proc/$PID/stat)
	sleep 1
	[ $(( $(awk '{ print $14 + $15 }' /proc/$PID/stat) - ticks )) -lt 20 ]
	# and a failure still gets through, by /dev/kmsg's own wake-up
	echo "$FAIL" > /dev/kmsg
	wait_for '[ "$(mfk)" = $RAISED ]'
}
