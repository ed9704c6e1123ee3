#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# wmtune record: observations as JSON lines, on fixture trees.

load helper

setup() {
	use_tree lab-6.1-failing
}

line() { # N EXPR: EXPR (python over d) of line N of $output
	sed -n "${1}p" <<<"$output" | json "$2"
}

@test "record: the lab tree's failures arrive on the first line, none after" {
	wm record --count 2 --interval 0
	assert_status 0
	[ -z "$stderr" ]
	[ "$(wc -l <<<"$output")" -eq 2 ]
	# the boot's log: 2 order-0 GFP_ATOMIC reports + 6247 suppressed
	[ "$(line 1 'd["failures"]["atomic"]')" = 6249 ]
	[ "$(line 1 'd["failures"]["reports"]')" = 2 ]
	[ "$(line 1 'd["failures"]["seq"]')" = 598 ]
	[ "$(line 2 'd["failures"]')" = '{"atomic": 0, "reports": 0, "seq": 598}' ]
	[ "$(line 1 'd["schema"]')" = 1 ]
	[ "$(line 1 'd["sysctls"]')" = '{"min_free_kbytes": 1611, "watermark_scale_factor": 10}' ]
	[ "$(line 1 'd["page_size_bytes"]')" = 4096 ]
	[ "$(line 1 'd["kernel_release"]')" = 6.1.0-56-amd64 ]
	[ "$(line 1 '[z["zone"] for z in d["zones"]]')" = '["DMA", "DMA32", "Normal", "Movable", "Device"]' ]
	[ "$(line 2 'd["zones"][1]')" = '{"node": 0, "zone": "DMA32", "free_pages": 576, "min_pages": 363, "low_pages": 453, "high_pages": 543, "boost_pages": 0, "managed_pages": 39121, "present_pages": 61402, "protection": [0, 0, 0, 0, 0]}' ]
	[ "$(line 1 'd["vmstat"]')" = '{"allocstall": 21, "pgscan_direct": 1172, "pgscan_kswapd": 727364, "kswapd_low_wmark_hit_quickly": 7851}' ]
	[ "$(line 1 'd["psi"]')" = '{"some_avg10_x100": 831}' ]
	[ "$(line 1 'd["meminfo"]["mem_total_kb"]')" = 171844 ]
	[ "$(line 1 'd["meminfo"]["high_total_kb"]')" = null ]
	t1=$(line 1 'd["t_usec"]')
	t2=$(line 2 'd["t_usec"]')
	[ "$t1" -gt 0 ] && [ "$t2" -ge "$t1" ]
}

@test "record: user-facility failure records count only with --any-facility" {
	printf '12,599,99000000,-;evil: page allocation failure: order:0, mode:0x820(GFP_ATOMIC), nodemask=(null)\n\0' \
		>> "$ROOT/dev/kmsg"
	wm record --count 1 --interval 0
	assert_status 0
	[ "$(line 1 'd["failures"]')" = '{"atomic": 6249, "reports": 2, "seq": 599}' ]
	wm record --count 1 --interval 0 --any-facility
	assert_status 0
	[ "$(line 1 'd["failures"]')" = '{"atomic": 6250, "reports": 3, "seq": 599}' ]
}

# wait_lines FILE N: until FILE has N lines (30 s at most: valgrind is slow)
wait_lines() {
	for _ in $(seq 300); do
		[ -f "$1" ] && [ "$(wc -l < "$1")" -ge "$2" ] && return 0
		sleep 0.1
	done
	echo "timed out waiting for $2 lines in $1" >&2
	return 1
}

@test "record: records that arrive between two lines land on the later line" {
	# an interval long enough to append a suppressed count and a report
	"$WMTUNE" --root "$ROOT" record --count 2 --interval 1.5 --any-facility \
		> "$BATS_TEST_TMPDIR/t.jsonl" &
	pid=$!
	# once the first line is out (slow under valgrind), 1.5 s remain
	wait_lines "$BATS_TEST_TMPDIR/t.jsonl" 1
	printf '4,599,99000000,-;warn_alloc: 59 callbacks suppressed\n\0' >> "$ROOT/dev/kmsg"
	printf '4,600,99000001,-;swapper/0: page allocation failure: order:0, mode:0x820(GFP_ATOMIC), nodemask=(null)\n\0' \
		>> "$ROOT/dev/kmsg"
	wait "$pid"
	output=$(cat "$BATS_TEST_TMPDIR/t.jsonl")
	[ "$(line 1 'd["failures"]')" = '{"atomic": 6249, "reports": 2, "seq": 598}' ]
	[ "$(line 2 'd["failures"]')" = '{"atomic": 60, "reports": 1, "seq": 600}' ]
}

@test "record --output appends and flushes whole lines" {
	f="$BATS_TEST_TMPDIR/trace.jsonl"
	wm record --count 1 --interval 0 --output "$f"
	assert_status 0
	[ -z "$output" ]
	wm record --count 2 --interval 0 --output "$f"
	assert_status 0
	[ "$(wc -l < "$f")" -eq 3 ]
	python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$f"
	# what record writes, replay reads
	wm_raw replay --json "$f"
	assert_status 0
	[ "$(json 'd["trace"]["observations"]' <<<"$output")" = 3 ]
	[ "$(json 'd["policies"][0]["decisions"][0]["new_value"]' <<<"$output")" = 4833 ]
}

@test "record stops cleanly on SIGTERM and SIGINT" {
	for sig in TERM INT; do
		f="$BATS_TEST_TMPDIR/$sig.jsonl"
		"$WMTUNE" --root "$ROOT" record --interval 0.2 --output "$f" &
		pid=$!
		wait_lines "$f" 2
		kill -"$sig" "$pid"
		rc=0
		wait "$pid" || rc=$?
		[ "$rc" -eq 0 ]
		n=$(wc -l < "$f")
		[ "$n" -ge 2 ]
		python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$f"
	done
}

@test "record without a readable kernel log writes failures as null" {
	use_tree lab-6.1
	wm record --count 1 --interval 0
	assert_status 0
	assert_contains "$stderr" "kernel log unavailable"
	[ "$(line 1 'd["failures"]')" = null ]
	[ "$(line 1 'd["zones"][1]["min_pages"]')" = 363 ]
}

@test "record: a tree without meminfo or PSI writes null for them" {
	use_tree local-6.18
	wm record --count 1 --interval 0
	assert_status 0
	[ "$(line 1 'd["meminfo"]')" = null ]
	[ "$(line 1 'd["psi"]')" = '{"some_avg10_x100": 0}' ]
	[ "$(line 1 'd["sysctls"]["min_free_kbytes"]')" = 67584 ]
}

@test "record: usage errors and a missing zoneinfo" {
	wm record --interval -1
	assert_status 64
	wm record --interval 1.0000001
	assert_status 64
	wm record --interval abc
	assert_status 64
	wm record --count 0
	assert_status 64
	wm record extra
	assert_status 64
	rm "$ROOT/proc/zoneinfo"
	wm record --count 1
	assert_status 1
	assert_contains "$stderr" "wmtune: record: proc/zoneinfo"
	wm record --count 1 --json
	assert_status 1
	[ "$(json 'd["error"]["command"]' <<<"$output")" = record ]
}

@test "record --output to a directory that does not exist fails with its name" {
	wm record --count 1 --output "$BATS_TEST_TMPDIR/no/such/file"
	assert_status 1
	assert_contains "$stderr" "no/such/file"
}
