#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# wmtune status on fixture trees built from real captures.

load helper

@test "status: 6.18 zones as the kernel printed them, headroom from free - min" {
	use_tree local-6.18
	wm status --json
	assert_status 0
	z=$(echo "$output" | json 'd["zones"][2]')
	[ "$(echo "$z" | json 'd["zone"]')" = Normal ]
	[ "$(echo "$z" | json 'd["min_pages"]')" = 8321 ]
	[ "$(echo "$z" | json 'd["low_pages"]')" = 10401 ]
	[ "$(echo "$z" | json 'd["high_pages"]')" = 12481 ]
	[ "$(echo "$z" | json 'd["managed_pages"]')" = 753664 ]
	free=$(echo "$z" | json 'd["free_pages"]')
	[ "$(echo "$z" | json 'd["headroom_pages"]')" = $((free - 8321)) ]
	[ "$(echo "$output" | json 'len(d["zones"])')" = 5 ]
	# the empty Movable zone has no headroom to speak of
	[ "$(echo "$output" | json 'd["zones"][3]["headroom_pages"]')" = null ]
}

@test "status: sysctls and reference values" {
	use_tree local-6.18
	wm status --json
	assert_status 0
	[ "$(echo "$output" | json 'd["sysctls"]["min_free_kbytes"]')" = 67584 ]
	[ "$(echo "$output" | json 'd["sysctls"]["lowmem_reserve_ratio"]')" = "[256, 256, 32, 0, 0]" ]
	# khugepaged: 11 pageblocks x 3 lowmem zones x 512 pages x 4 kB
	[ "$(echo "$output" | json 'd["reference"]["khugepaged_min_free_kbytes"]')" = 67584 ]
	[ "$(echo "$output" | json 'd["reference"]["thp"]')" = madvise ]
	# int_sqrt((3840+772807+753664) pages * 4 kB * 16)
	[ "$(echo "$output" | json 'd["reference"]["kernel_default_min_free_kbytes"]')" = 9896 ]
}

@test "status: what the kernel does not expose is unavailable, never 0" {
	use_tree local-6.18
	wm status --json
	assert_status 0
	# no proc/meminfo in this tree
	[ "$(echo "$output" | json 'd["reference"]["ram_1pct_kbytes"]')" = null ]
	# no dev/kmsg
	[ "$(echo "$output" | json 'd["failures"]["available"]')" = false ]
	wm status
	assert_status 0
	assert_contains "$output" "1% of RAM                  unavailable"
	assert_contains "$output" "unavailable: no /dev/kmsg"
}

@test "status: 3.2 kernel without managed or boost lines" {
	use_tree ubuntu-3.2
	wm status --json
	assert_status 0
	[ "$(echo "$output" | json 'd["zones"][1]["zone"]')" = DMA32 ]
	[ "$(echo "$output" | json 'd["zones"][1]["min_pages"]')" = 6829 ]
	[ "$(echo "$output" | json 'd["zones"][1]["boost_pages"]')" = null ]
	[ "$(echo "$output" | json 'd["psi"]')" = null ]
	[ "$(echo "$output" | json 'd["sysctls"]["watermark_boost_factor"]')" = null ]
}

@test "status: failures from dev/kmsg, suppressed ones counted" {
	use_tree lab-6.1-failing
	wm status --json
	assert_status 0
	[ "$(echo "$output" | json 'd["failures"]["reports"]')" = 2 ]
	[ "$(echo "$output" | json 'd["failures"]["suppressed"]')" = 6247 ]
	[ "$(echo "$output" | json 'd["failures"]["order0_atomic_failures"]')" = 6249 ]
	[ "$(echo "$output" | json 'd["psi"]["some_avg10_pct"]')" = 8.31 ]
}

@test "status: NUMA 2.6.15 with node 1 first" {
	use_tree numa-2.6.15
	wm status --json
	assert_status 0
	[ "$(echo "$output" | json 'd["zones"][0]["node"]')" = 1 ]
}

@test "status --format prom: metrics in bytes, counters _total, unknown omitted" {
	use_tree lab-6.1-failing
	wm status --format prom
	assert_status 0
	assert_contains "$output" 'wmtune_zone_min_bytes{node="0",zone="DMA32"} 1486848'
	assert_contains "$output" "wmtune_min_free_bytes 1649664"
	assert_contains "$output" "wmtune_atomic_alloc_failures_total 6249"
	assert_contains "$output" "# TYPE wmtune_allocstall_total counter"
	# no netstat in this tree: the metric is left out, not 0
	[[ "$output" != *wmtune_pfmemalloc_drop_total\ * ]]
}

@test "status --output writes the file atomically and prints nothing" {
	use_tree local-6.18
	out="$BATS_TEST_TMPDIR/textfile/wmtune.prom"
	mkdir -p "$(dirname "$out")"
	echo old > "$out"
	wm status --format prom --output "$out"
	assert_status 0
	[ -z "$output" ]
	grep -q '^wmtune_watermark_scale_factor 10$' "$out"
	[ -z "$(ls "$(dirname "$out")" | grep -v '^wmtune.prom$')" ]
}

@test "status --output into a missing directory fails and says where" {
	use_tree local-6.18
	wm status --format prom --output "$BATS_TEST_TMPDIR/nope/x.prom"
	assert_status 1
	assert_contains "$stderr" "nope/x.prom"
}

@test "status: bad --format is a usage error" {
	use_tree local-6.18
	wm status --format xml
	assert_status 64
	assert_contains "$stderr" "--format: 'xml' is not text, json or prom"
}

@test "status: truncated zoneinfo is malformed data (65) naming the line" {
	use_tree local-6.18
	head -c 700 "$FIXTURES/trees/local-6.18/proc/zoneinfo" | head -n 20 > "$ROOT/proc/zoneinfo"
	printf 'Node 0, zone   Normal\n  pages free 5\n' >> "$ROOT/proc/zoneinfo"
	wm status
	assert_status 65
	assert_contains "$stderr" "proc/zoneinfo:"
}

@test "status: missing zoneinfo is a runtime failure naming it" {
	use_tree local-6.18
	rm "$ROOT/proc/zoneinfo"
	wm status
	assert_status 1
	assert_contains "$stderr" "proc/zoneinfo"
}
