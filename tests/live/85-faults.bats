#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The named fault campaign, part two: the faults that need this machine's
# real kernel (tests/cli/85-faults.bats has the rest). Each asserts the exit
# code, the message and that nothing was written that should not be;
# teardown restores both sysctls whatever happened.

load ../cli/helper

VM=/proc/sys/vm

setup() {
	[ "$(id -u)" = 0 ] || skip "live fault tests need root"
	[ -w $VM/min_free_kbytes ] || skip "$VM is not writable here"
	SAVED_MFK=$(cat $VM/min_free_kbytes)
	SAVED_WSF=$(cat $VM/watermark_scale_factor)
	STATE="$BATS_TEST_TMPDIR/state.json"
	PID=
}

teardown() {
	[ -n "${PID:-}" ] && kill -KILL "$PID" 2>/dev/null
	[ -n "${SAVED_MFK:-}" ] && echo "$SAVED_MFK" > $VM/min_free_kbytes
	[ -n "${SAVED_WSF:-}" ] && echo "$SAVED_WSF" > $VM/watermark_scale_factor
	true
}

assert_untouched() {
	[ "$(cat $VM/min_free_kbytes)" = "$SAVED_MFK" ] || { echo "min_free_kbytes changed"; return 1; }
	[ "$(cat $VM/watermark_scale_factor)" = "$SAVED_WSF" ] || { echo "wsf changed"; return 1; }
}

@test "fault: sysctl write rejected with EINVAL (live: out-of-range value)" {
	# wmtune checks the kernel's range itself, so the kernel never sees
	# 3001: the refusal comes first, as a usage error. (The kernel's own
	# EINVAL on a real write, and its message, are unit-tested in
	# tests/unit/test_sysctl.c against this same kernel.)
	wm_raw apply --state "$STATE" --watermark-scale-factor 3001 --wsf-cap 3000
	assert_status 64
	assert_contains "$stderr" "vm.watermark_scale_factor 3001: outside the safe range 1..3000"
	assert_untouched
	[ ! -e "$STATE" ]
}

@test "fault: read-only /proc/sys (live: a read-only bind mount in a private mount namespace)" {
	unshare -m true 2>/dev/null || skip "cannot make a mount namespace here"
	run --separate-stderr unshare -m bash -c '
		mount --bind /proc/sys /proc/sys &&
		mount -o remount,bind,ro /proc/sys &&
		exec "$1" apply --state "$2" --min-free-kbytes "$3"' _ "$WMTUNE" "$STATE" $((SAVED_MFK + 4096))
	assert_status 77
	assert_contains "$stderr" "/proc/sys is read-only"
	assert_untouched
	[ ! -e "$STATE" ]
}

@test "fault: not root" {
	command -v setpriv >/dev/null || skip "no setpriv(1)"
	run --separate-stderr setpriv --reuid 65534 --regid 65534 --clear-groups \
		"$WMTUNE" apply --state "$BATS_TEST_TMPDIR/nobody.json" --min-free-kbytes $((SAVED_MFK + 4096))
	assert_status 77
	assert_contains "$stderr" "cannot write vm sysctls"
	assert_untouched
	[ ! -e "$BATS_TEST_TMPDIR/nobody.json" ]
}

@test "fault: root in a user namespace mapped to an unprivileged host uid" {
	setpriv --reuid 65534 --regid 65534 --clear-groups unshare -U -r true 2>/dev/null ||
		skip "unprivileged user namespaces are off here"
	chmod 0777 "$BATS_TEST_TMPDIR"
	run --separate-stderr setpriv --reuid 65534 --regid 65534 --clear-groups \
		unshare -U -r "$WMTUNE" apply --state "$BATS_TEST_TMPDIR/ns.json" \
		--min-free-kbytes $((SAVED_MFK + 4096))
	assert_status 77
	assert_contains "$stderr" "65534"
	assert_untouched
	[ ! -e "$BATS_TEST_TMPDIR/ns.json" ]
}

@test "fault: root in a user namespace mapped to host root can write and is allowed" {
	unshare -U -r true 2>/dev/null || skip "no user namespaces here"
	run --separate-stderr unshare -U -r "$WMTUNE" apply --state "$STATE" \
		--min-free-kbytes $((SAVED_MFK + 4096))
	assert_status 0
	[ "$(cat $VM/min_free_kbytes)" = $((SAVED_MFK + 4096)) ]
}

@test "fault: state directory full (ENOSPC on a tiny tmpfs): old state intact" {
	unshare -m true 2>/dev/null || skip "cannot make a mount namespace here"
	dir="$BATS_TEST_TMPDIR/full"
	mkdir -p "$dir"
	run --separate-stderr unshare -m bash -c '
		mount -t tmpfs -o size=12k tmpfs "$1" || exit 99
		"$2" apply --state "$1/state.json" --proactive no >/dev/null || exit 98
		cp "$1/state.json" "$1/../old.json"
		# fill the rest of the tmpfs
		dd if=/dev/zero of="$1/filler" bs=1k 2>/dev/null
		"$2" apply --state "$1/state.json" --min-free-kbytes "$3"
		st=$?
		cmp "$1/state.json" "$1/../old.json" || exit 97
		ls -A "$1" > "$1/../left.txt"
		exit $st' _ "$dir" "$WMTUNE" $((SAVED_MFK + 4096))
	[ "$status" != 99 ] || skip "cannot mount a tmpfs here"
	[ "$status" != 97 ] || { echo "the old state was damaged"; return 1; }
	assert_status 1
	assert_contains "$stderr" "No space left on device"
	# the write-ahead save failed, so the sysctl was never written
	assert_untouched
	! grep -q '\.tmp$' "$BATS_TEST_TMPDIR/left.txt"
}

@test "fault: SIGTERM during watch restores the baseline" {
	[ -w /dev/kmsg ] || skip "/dev/kmsg is not writable here"
	"$WMTUNE" apply --state "$STATE" --proactive no >/dev/null
	log="$BATS_TEST_TMPDIR/w.log"
	"$WMTUNE" watch --state "$STATE" --interval 0.2 --debounce 0 --step-pct 50 \
		--any-facility --log "$log" &
	PID=$!
	for _ in $(seq 50); do grep -q ' start: ' "$log" 2>/dev/null && break; sleep 0.1; done
	echo '<4>swapper/0: page allocation failure: order:0, mode:0x820(GFP_ATOMIC), nodemask=(null)' > /dev/kmsg
	for _ in $(seq 50); do [ "$(cat $VM/min_free_kbytes)" != "$SAVED_MFK" ] && break; sleep 0.1; done
	[ "$(cat $VM/min_free_kbytes)" = $((SAVED_MFK * 3 / 2)) ]
	# while it runs, it holds the lock: a second instance is refused
	wm_raw apply --state "$STATE"
	assert_status 75
	kill -TERM "$PID"
	wait "$PID"
	st=$?
	PID=
	[ "$st" = 0 ]
	assert_untouched
	grep -q 'stop: baselines restored' "$log"
	[ "$(json 'd["knobs"]["min_free_kbytes"]["last_written"]["value"]' < "$STATE")" = "$SAVED_MFK" ]
}
