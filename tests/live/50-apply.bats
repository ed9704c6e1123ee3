#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# apply and reset on this machine's real kernel. Every test restores the
# sysctls it touches in teardown, which bats runs even when a test fails.

load ../cli/helper

VM=/proc/sys/vm

setup() {
	[ "$(id -u)" = 0 ] || skip "live sysctl tests need root"
	[ -w $VM/min_free_kbytes ] || skip "$VM is not writable here"
	SAVED_MFK=$(cat $VM/min_free_kbytes)
	SAVED_WSF=$(cat $VM/watermark_scale_factor)
	STATE="$BATS_TEST_TMPDIR/state.json"
}

teardown() {
	[ -n "${SAVED_MFK:-}" ] && echo "$SAVED_MFK" > $VM/min_free_kbytes
	[ -n "${SAVED_WSF:-}" ] && echo "$SAVED_WSF" > $VM/watermark_scale_factor
	true
}

@test "live: apply raises min_free_kbytes and zoneinfo equals the prediction" {
	want=$((SAVED_MFK + SAVED_MFK / 4))
	wm_raw apply --json --state "$STATE" --min-free-kbytes "$want"
	assert_status 0
	[ "$(cat $VM/min_free_kbytes)" = "$want" ]
	[ "$(echo "$output" | json 'd["writes"][0]["read_back"]')" = "$want" ]
	[ "$(echo "$output" | json 'd["verified"]')" = true ]
	# and predict, asked now with no values, agrees with the kernel
	wm_raw predict --json
	assert_status 0
	[ "$(echo "$output" | json 'd["self_check"]')" = ok ]
}

@test "live: apply of watermark_scale_factor likewise" {
	wm_raw apply --json --state "$STATE" --watermark-scale-factor 50
	assert_status 0
	[ "$(cat $VM/watermark_scale_factor)" = 50 ]
	[ "$(echo "$output" | json 'd["verified"]')" = true ]
}

@test "live: reset restores the baseline" {
	wm_raw apply --state "$STATE" --min-free-kbytes $((SAVED_MFK + 4096))
	assert_status 0
	wm_raw reset --state "$STATE"
	assert_status 0
	[ "$(cat $VM/min_free_kbytes)" = "$SAVED_MFK" ]
}

@test "live: a value written behind wmtune's back is adopted, not overwritten" {
	wm_raw apply --state "$STATE" --min-free-kbytes $((SAVED_MFK + 4096))
	assert_status 0
	echo $((SAVED_MFK + 1000)) > $VM/min_free_kbytes
	wm_raw apply --state "$STATE" --quiet 0 --decay-interval 0
	assert_status 0
	assert_contains "$stderr" "adopting $((SAVED_MFK + 1000))"
	[ "$(cat $VM/min_free_kbytes)" = $((SAVED_MFK + 1000)) ]
}

@test "live: cron-style apply decays a boost back to the baseline" {
	wm_raw apply --state "$STATE" --min-free-kbytes $((SAVED_MFK * 3 / 2))
	assert_status 0
	prev=$(cat $VM/min_free_kbytes)
	for i in $(seq 1 12); do
		wm_raw apply --state "$STATE" --quiet 0 --decay-interval 0 --proactive no
		assert_status 0
		now=$(cat $VM/min_free_kbytes)
		[ "$now" -le "$prev" ] || { echo "rose from $prev to $now"; return 1; }
		prev=$now
	done
	[ "$now" = "$SAVED_MFK" ]
}
