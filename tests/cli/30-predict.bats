#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# wmtune predict on fixture trees built from real captures (each tree has a
# SOURCE). Every number is printed by a real kernel or worked by hand in
# spec §2.6 / tests/unit/test_model.c.

load helper

# zone I of the JSON document in $output: "min low high" of WHICH
marks() { # INDEX current|predicted
	json "' '.join(str(d['zones'][$1]['$2'][k]) for k in ('min_pages','low_pages','high_pages'))" <<<"$output"
}

@test "6.18: with no values it reproduces zoneinfo exactly (spec §2.6)" {
	use_tree local-6.18
	wm predict --json
	assert_status 0
	[ "$(json 'd["self_check"]' <<<"$output")" = ok ]
	[ "$(json 'd["variant"]' <<<"$output")" = 6.5 ]
	[ "$(json 'len(d["zones"])' <<<"$output")" = 5 ]
	[ "$(json 'd["zones"][1]["zone"]' <<<"$output")" = DMA32 ]
	[ "$(json 'd["zones"][1]["managed_pages"]' <<<"$output")" = 772807 ]
	[ "$(marks 0 current)" = "42 52 62" ]
	[ "$(marks 0 predicted)" = "42 52 62" ]
	[ "$(marks 1 current)" = "8532 10665 12798" ]
	[ "$(marks 1 predicted)" = "8532 10665 12798" ]
	[ "$(marks 2 predicted)" = "8321 10401 12481" ]
	[ "$(marks 3 predicted)" = "32 32 32" ]
	[ "$(marks 4 predicted)" = "0 0 0" ]
	[ "$(json 'd["zones"][1]["predicted"]["promo_pages"]' <<<"$output")" = 14931 ]
	[ "$(json 'd["min_free_kbytes"]' <<<"$output")" = '{"current": 67584, "predicted": 67584}' ]
	[ "$(json 'd["reserved_kbytes_delta"]' <<<"$output")" = 0 ]
	# no meminfo in this tree: unknown, not 0
	[ "$(json 'd["mem_available_kbytes_delta"]' <<<"$output")" = null ]
	[ -z "$stderr" ]
}

@test "6.18: the text table for people" {
	use_tree local-6.18
	wm predict
	assert_status 0
	assert_contains "$output" "self-check: ok (kernel arithmetic 6.5"
	assert_contains "$output" "min_free_kbytes            67584 -> 67584"
	[[ "$output" =~ \ 0\ DMA32\ +772807\ +8532\ +10665\ +12798\ +8532\ +10665\ +12798 ]]
	assert_contains "$output" "reserved memory change:  +0 kB"
	assert_contains "$output" "MemAvailable change:     unavailable"
}

@test "6.18: doubling min_free_kbytes" {
	use_tree local-6.18
	wm predict --json --min-free-kbytes 135168
	assert_status 0
	[ "$(marks 0 predicted)" = "84 105 126" ]
	[ "$(marks 1 predicted)" = "17064 21330 25596" ]
	[ "$(marks 2 predicted)" = "16642 20802 24962" ]
	[ "$(marks 1 current)" = "8532 10665 12798" ]
	[ "$(json 'd["min_free_kbytes"]["predicted"]' <<<"$output")" = 135168 ]
	# totalreserve 32063 -> 57342 pages (DMA capped at managed 3840)
	[ "$(json 'd["reserved_kbytes_delta"]' <<<"$output")" = 101116 ]
}

@test "6.18: watermark_scale_factor widens the gap only from 28" {
	use_tree local-6.18
	wm predict --json --watermark-scale-factor 27
	assert_status 0
	[ "$(marks 1 predicted)" = "8532 10665 12798" ]
	wm predict --json --watermark-scale-factor 28
	assert_status 0
	# 772807 * 28 / 10000 = 2163 > 8532 / 4
	[ "$(marks 1 predicted)" = "8532 10695 12858" ]
	[ "$(json 'd["watermark_scale_factor"]' <<<"$output")" = '{"current": 10, "predicted": 28}' ]
	wm predict --json --min-free-kbytes 135168 --watermark-scale-factor 100
	assert_status 0
	[ "$(marks 1 predicted)" = "17064 24792 32520" ]
}

@test "lab-6.1: stale watermarks are reported and predicted from today's counts" {
	use_tree lab-6.1
	wm predict --json
	assert_status 0
	[ "$(json 'd["self_check"]' <<<"$output")" = stale ]
	[ "$(json 'd["variant"]' <<<"$output")" = 4.6 ]
	[ "$(marks 0 current)" = "38 47 56" ]
	[ "$(marks 0 predicted)" = "35 43 51" ]
	[ "$(marks 1 current)" = "363 453 543" ]
	[ "$(marks 1 predicted)" = "366 457 548" ]
	wm predict
	assert_status 0
	assert_contains "$output" "self-check: stale"
	assert_contains "$output" "computed with older managed page counts"
}

@test "lab-6.1: x2 gives DMA32 min 733, as the lab prototype measured" {
	use_tree lab-6.1
	wm predict --json --min-free-kbytes 3222
	assert_status 0
	[ "$(marks 1 predicted)" = "733 916 1099" ]
	# DMA 143+105 vs 143+56, DMA32 1099 vs 543: 605 pages
	[ "$(json 'd["reserved_kbytes_delta"]' <<<"$output")" = 2420 ]
}

@test "lab-6.1: MemAvailable change by the kernel's si_mem_available()" {
	use_tree lab-6.1
	# today: 732 - 742 + (33596 - 500) + (2817 - 500) = 35403 pages, which
	# is meminfo's MemAvailable 141612 kB; after: 33790 pages
	wm predict --json --min-free-kbytes 3222
	assert_status 0
	[ "$(json 'd["mem_available_kbytes_delta"]' <<<"$output")" = -6452 ]
}

@test "rhel8-4.18: stale, the 4.6 arithmetic" {
	use_tree rhel8-4.18
	wm predict --json
	assert_status 0
	[ "$(json 'd["self_check"]' <<<"$output")" = stale ]
	[ "$(json 'd["variant"]' <<<"$output")" = 4.6 ]
	[ "$(marks 2 current)" = "8684 10855 13026" ]
	[ "$(marks 2 predicted)" = "8625 10781 12937" ]
	[ "$(marks 1 predicted)" = "8237 10296 12355" ]
	# no boost line on 4.18: unknown, not 0
	[ "$(json 'd["zones"][2]["current"]["boost_pages"]' <<<"$output")" = null ]
}

@test "debian11-5.10: stale by one page each way" {
	use_tree debian11-5.10
	wm predict --json
	assert_status 0
	[ "$(json 'd["self_check"]' <<<"$output")" = stale ]
	[ "$(marks 0 predicted)" = "88 110 132" ]
	[ "$(marks 1 predicted)" = "11175 13968 16761" ]
}

@test "ubuntu-3.2: the pre-4.6 arithmetic, no watermark_scale_factor" {
	use_tree ubuntu-3.2
	wm predict --json
	assert_status 0
	[ "$(json 'd["self_check"]' <<<"$output")" = ok ]
	[ "$(json 'd["variant"]' <<<"$output")" = pre-4.6 ]
	[ "$(marks 1 predicted)" = "6829 8536 10243" ]
	[ "$(json 'd["watermark_scale_factor"]' <<<"$output")" = '{"current": null, "predicted": null}' ]
	wm predict --min-free-kbytes 135168 --json
	assert_status 0
	# 33792 * 828852 / 2050416 = 13659; + 13659/4, + 13659/2
	[ "$(marks 1 predicted)" = "13659 17073 20488" ]
	wm predict --watermark-scale-factor 20
	assert_status 64
	assert_contains "$stderr" "this kernel has no vm.watermark_scale_factor"
}

@test "android-3.4: HighMem min is capped, its gap proportional" {
	use_tree android-3.4-highmem
	wm predict --json
	assert_status 0
	[ "$(json 'd["self_check"]' <<<"$output")" = ok ]
	[ "$(json 'd["zones"][1]["zone"]' <<<"$output")" = HighMem ]
	[ "$(marks 1 predicted)" = "126 311 496" ]
	[ "$(marks 0 predicted)" = "696 870 1044" ]
}

@test "numa-2.6.15: two nodes share one pages_min" {
	use_tree numa-2.6.15
	wm predict --json
	assert_status 0
	[ "$(json 'd["self_check"]' <<<"$output")" = ok ]
	[ "$(json 'd["zones"][0]["node"]' <<<"$output")" = 1 ]
	[ "$(marks 0 predicted)" = "1423 1778 2134" ]
	[ "$(marks 1 predicted)" = "3 3 4" ]
}

@test "a zoneinfo edited by one page: refused with 65" {
	use_tree predict-unknown
	wm predict
	assert_status 65
	[ -z "$output" ]
	assert_contains "$stderr" "wmtune: predict: no known kernel variant reproduces /proc/zoneinfo"
	assert_contains "$stderr" "node 0 DMA32: printed min/low/high 8532/10666/12798"
	wm predict --json
	assert_status 65
	assert_contains "$(json 'd["error"]["message"]' <<<"$output")" "refusing to predict"
	[ "$(json 'd["schema"]' <<<"$output")" = 1 ]
}

@test "min_free_kbytes outside what the kernel can hold: 64" {
	use_tree local-6.18
	wm predict --min-free-kbytes 127
	assert_status 64
	assert_contains "$stderr" "--min-free-kbytes 127: below 128"
	wm predict --min-free-kbytes 128
	assert_status 0
	# DMA32's min reaches its managed 772807 pages at 6121251 kB
	wm predict --min-free-kbytes 6121252
	assert_status 64
	assert_contains "$stderr" "a zone's min would exceed its managed pages (at most 6121251 here)"
	wm predict --json --min-free-kbytes 6121251
	assert_status 0
	[ "$(json 'd["zones"][1]["predicted"]["min_pages"]' <<<"$output")" = 772807 ]
	wm predict --min-free-kbytes 2147483648
	assert_status 64
	wm predict --min-free-kbytes abc
	assert_status 64
	assert_contains "$stderr" "wmtune predict: --min-free-kbytes: 'abc' is not a whole number"
}

@test "watermark_scale_factor outside the running kernel's range: 64" {
	use_tree local-6.18
	wm predict --watermark-scale-factor 0
	assert_status 64
	assert_contains "$stderr" "outside this kernel's range 1..3000"
	wm predict --watermark-scale-factor 3001
	assert_status 64
	wm predict --watermark-scale-factor 3000
	assert_status 0
	# 4.18 predates the 3000 limit (5.17)
	use_tree rhel8-4.18
	wm predict --watermark-scale-factor 1001
	assert_status 64
	assert_contains "$stderr" "--watermark-scale-factor 1001: outside this kernel's range 1..1000"
	wm predict --watermark-scale-factor 1000
	assert_status 0
}

@test "stray arguments are a usage error" {
	use_tree local-6.18
	wm predict now
	assert_status 64
	assert_contains "$stderr" "unexpected argument 'now'"
}

@test "a missing or broken zoneinfo" {
	use_tree local-6.18
	rm "$ROOT/proc/zoneinfo"
	wm predict
	assert_status 1
	assert_contains "$stderr" "proc/zoneinfo"
	printf 'Node 0, zone   Normal\n  pages free 12\n        min   x\n' >"$ROOT/proc/zoneinfo"
	wm predict
	assert_status 65
	assert_contains "$stderr" "proc/zoneinfo:"
}

@test "an unknown min_free_kbytes is not guessed" {
	use_tree local-6.18
	echo garbage >"$ROOT/proc/sys/vm/min_free_kbytes"
	wm predict
	assert_status 65
	[ -z "$output" ]
	assert_contains "$stderr" "proc/sys/vm/min_free_kbytes:1:"
}
