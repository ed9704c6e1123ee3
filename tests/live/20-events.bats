#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# wmtune events on this machine's real /dev/kmsg. A record written to
# /dev/kmsg by a process gets facility LOG_USER from the kernel (spec §7),
# so one that reads exactly like an allocation failure must not count as
# a kernel report, unless --any-facility says so.

load ../cli/helper

setup() {
	[ -r /dev/kmsg ] || skip "/dev/kmsg is not readable here"
	wm_raw events --json
	[ "$status" -eq 0 ] || skip "reading /dev/kmsg fails here: $stderr"
	CURSOR=$(json 'd["cursor"]["seq"]' <<<"$output")
	[ "$CURSOR" != null ] || skip "no records in /dev/kmsg"
	COMM="wmtune-live-$$-$RANDOM"
}

# inject: a user-space record shaped like a real GFP_ATOMIC failure
inject() {
	[ -w /dev/kmsg ] || skip "/dev/kmsg is not writable here (not root?)"
	printf '<4>%s: page allocation failure: order:0, mode:0x820(GFP_ATOMIC), nodemask=(null)\n' \
		"$COMM" >/dev/kmsg || skip "writing /dev/kmsg fails here"
}

@test "live: events reads the real /dev/kmsg" {
	wm_raw events --json
	assert_status 0
	[ "$(json 'd["schema"]' <<<"$output")" = 1 ]
	[ "$(json 'd["cursor"]["seq"] >= '"$CURSOR" <<<"$output")" = true ]
	wm_raw events
	assert_status 0
	assert_contains "$output" "reports: "
}

@test "live: a user record that looks like a failure is not a kernel report" {
	inject
	wm_raw events --json --all --since-seq "$CURSOR"
	assert_status 0
	[[ "$output" != *"$COMM"* ]]
	[ "$(json 'd["cursor"]["seq"] > '"$CURSOR" <<<"$output")" = true ]
	wm_raw events --json --all --any-facility --since-seq "$CURSOR"
	assert_status 0
	[ "$(json '[e["comm"] for e in d["events"]].count("'"$COMM"'")' <<<"$output")" = 1 ]
	[ "$(json '[e for e in d["events"] if e["comm"] == "'"$COMM"'"][0]["atomic"]' <<<"$output")" = true ]
	[ "$(json '[e for e in d["events"] if e["comm"] == "'"$COMM"'"][0]["seq"] > '"$CURSOR" <<<"$output")" = true ]
}

@test "live: --follow wakes on a new record" {
	[ -w /dev/kmsg ] || skip "/dev/kmsg is not writable here (not root?)"
	out="$BATS_TEST_TMPDIR/follow.out"
	"$WMTUNE" events --follow --any-facility --since-seq "$CURSOR" --json >"$out" 2>&1 &
	pid=$!
	sleep 0.5
	inject
	for _ in $(seq 50); do
		grep -q "\"comm\":\"$COMM\"" "$out" && break
		sleep 0.1
	done
	kill -TERM "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 0 ]
	grep -q "\"comm\":\"$COMM\"" "$out"
	tail -n1 "$out" | json 'd["summary"]["reports"] >= 1' | grep -qx true
}
