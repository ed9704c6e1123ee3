#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# wmtune replay on the real traces in tests/fixtures/traces (each .src says
# how it was recorded): the exact decisions of each preset, and the summary.

load helper

TRACES="$FIXTURES/traces"

# decisions [N]: policy N's decisions of the JSON on stdin, one a line:
# "LINE +OFFSET_USEC SYSCTL OLD->NEW REASON,REASON"
decisions() {
	python3 -c '
import json, sys
d = json.load(sys.stdin)
for c in d["policies"][int(sys.argv[1])]["decisions"]:
    print("%d +%d %s %d->%d %s" % (c["line"], c["offset_usec"], c["sysctl"],
          c["old_value"], c["new_value"], ",".join(c["reasons"])))' "${1:-0}"
}

# summary KEY [N]: a summary figure of policy N
summary() {
	json "d[\"policies\"][${2:-0}][\"summary\"][\"$1\"]"
}

@test "replay injected, default: +200% at once, a held failure acted on after the debounce" {
	# line 1 has the 70 user-facility failure records the kernel log held
	# since boot (--any-facility); our injections are lines 7, 10, 22
	# (59 suppressed + 1) and 37; line 38 is another session's record.
	# Line 1: 67584 + 200% = 202752. Line 7's failure comes 6 s later,
	# inside the 10 s debounce: kept, and acted on at line 11, the first
	# tick past it: 3 x 202752 capped at 1% of RAM, 247317. Lines 22 and
	# 37 find min_free_kbytes at its cap and escalate to the factor, with
	# its own +50% from where it starts to widen the gap (26): 39, 58.
	wm_raw replay --json "$TRACES/injected.jsonl"
	assert_status 0
	[ "$(decisions <<<"$output")" = "1 +0 vm.min_free_kbytes 67584->202752 atomic_failures
11 +10012571 vm.min_free_kbytes 202752->247317 pending_failures
22 +20992665 vm.watermark_scale_factor 10->39 escalated
37 +36002060 vm.watermark_scale_factor 39->58 escalated" ]
	[ "$(json 'd["policies"][0]["decisions"][0]["id"]' <<<"$output")" = c2a370fdb1576934 ]
	[ "$(summary writes <<<"$output")" = 4 ]
	# (202752 x 10012571 + 247317 x 33980056) / 43992627 = 237174.16
	[ "$(summary mean_min_free_kbytes <<<"$output")" = 237174 ]
	# (10 x 20992665 + 39 x 15009395 + 58 x 7990567) / 43992627 = 28.6
	[ "$(summary mean_watermark_scale_factor <<<"$output")" = 29 ]
	[ "$(summary held_kbytes_peak <<<"$output")" = 416892 ]
	[ "$(summary held_kbytes_mean <<<"$output")" = 291809 ]
	[ "$(summary failures <<<"$output")" = 134 ]
	# line 1's 70 and the single failures of lines 7 and 10, below 247317
	[ "$(summary failures_below_later_reserve <<<"$output")" = 72 ]
	[ "$(json 'd["trace"]["baseline"]' <<<"$output")" = '{"min_free_kbytes": 67584, "watermark_scale_factor": 10}' ]
	[ "$(json 'd["trace"]["variant"]' <<<"$output")" = 6.5 ]
}

@test "replay injected, seed-v1: doubles without debounce up to 1% of RAM" {
	wm_raw replay --json --policy seed-v1 "$TRACES/injected.jsonl"
	assert_status 0
	[ "$(decisions <<<"$output")" = "1 +0 vm.min_free_kbytes 67584->135168 atomic_failures
7 +5992595 vm.min_free_kbytes 135168->247317 atomic_failures" ]
	# Worked by hand (every line: MemTotal 24731708 kB; lowmem zones DMA,
	# DMA32, Normal managed 3840 + 772917 + 5406170 = 6182927 pages;
	# protection max 24137, 21117, 0; WSF 10):
	# - cap: 1% of MemTotal = 24731708 / 100 = 247317 < 2 x 135168, so
	#   line 7 stops there and lines 10, 22, 37, 38 find it at its cap.
	# - writes 2.
	# - mean: t(1) = 2083455671, t(7) = 2089448266, t(45) = 2127448298 us;
	#   (135168 x 5992595 + 247317 x 38000032) / 43992627 = 232040.27 -> 232040.
	# - held (totalreserve = sum of min(high + max protection, managed)):
	#   mfk/4 pages split by managed; min = that share, gap = max(min/4,
	#   managed x 10 / 10000), high = min + 2 gap.
	#   67584 kB: DMA32 min 2112 gap 772 high 3656, Normal 14773/5406/25585;
	#     DMA 16 + 24137 > 3840: 3840. Sum 3840 + 24773 + 25585 = 54198.
	#   135168 kB: DMA32 4224/1056/6336, Normal 29546/7386/44318:
	#     3840 + 27453 + 44318 = 75611, + 21413 pages = 85652 kB.
	#   247317 kB: DMA32 7729/1932/11593, Normal 54061/13515/81091:
	#     3840 + 32710 + 81091 = 117641, + 63443 pages = 253772 kB (peak).
	#   mean (85652 x 5992595 + 253772 x 38000032) / 43992627 = 230871.
	# - failures: 70 + 1 + 1 + 60 + 1 + 1 = 134; below the later maximum
	#   247317: line 1's 70 (at 67584) and line 7's 1 (at 135168) = 71.
	[ "$(summary writes <<<"$output")" = 2 ]
	[ "$(summary mean_min_free_kbytes <<<"$output")" = 232040 ]
	[ "$(summary max_min_free_kbytes <<<"$output")" = 247317 ]
	[ "$(summary held_kbytes_peak <<<"$output")" = 253772 ]
	[ "$(summary held_kbytes_mean <<<"$output")" = 230871 ]
	[ "$(summary failures <<<"$output")" = 134 ]
	[ "$(summary failures_below_later_reserve <<<"$output")" = 71 ]
	[ "$(summary mean_watermark_scale_factor <<<"$output")" = 10 ]
}

@test "replay injected, seed-v2: +50% with a 10 s debounce" {
	# line 7's failure, inside the debounce, is forgotten (no defer)
	wm_raw replay --json --policy seed-v2 "$TRACES/injected.jsonl"
	assert_status 0
	[ "$(decisions <<<"$output")" = "1 +0 vm.min_free_kbytes 67584->101376 atomic_failures
22 +20992665 vm.min_free_kbytes 101376->152064 atomic_failures
37 +36002060 vm.min_free_kbytes 152064->228096 atomic_failures" ]
	[ "$(summary failures_below_later_reserve <<<"$output")" = 133 ]
}

@test "replay pressure: streaming reclaim alone raises nothing; low headroom does" {
	# kswapd woken early again and direct reclaim from +80 s, but no zone
	# comes within 10% of its min: the closest is line 134, Normal with
	# 16974 free pages against a min of 14773 (15% above). Those signals
	# only count beside low headroom, so default does nothing here.
	wm_raw replay --json "$TRACES/pressure.jsonl"
	assert_status 0
	[ -z "$(decisions <<<"$output")" ]
	[ "$(summary writes <<<"$output")" = 0 ]
	[ "$(summary held_kbytes_peak <<<"$output")" = 0 ]
	# a 100% band: low headroom from line 118 on; the effective WSF is
	# below 10 here (Normal's managed x 10 / 10000 is larger than min/4),
	# so the steps are plain +50%, one per debounce
	wm_raw replay --json --headroom-pct 100 "$TRACES/pressure.jsonl"
	assert_status 0
	[ "$(decisions <<<"$output")" = "118 +117002436 vm.watermark_scale_factor 10->15 low_headroom,kswapd_late
130 +129000132 vm.watermark_scale_factor 15->22 low_headroom,kswapd_late
140 +139010306 vm.watermark_scale_factor 22->33 low_headroom,kswapd_late
153 +152002412 vm.watermark_scale_factor 33->49 low_headroom" ]
	[ "$(summary writes_min_free_kbytes <<<"$output")" = 0 ]
	[ "$(summary mean_watermark_scale_factor <<<"$output")" = 19 ]
	[ "$(summary held_kbytes_peak <<<"$output")" = 192792 ]
	[ "$(summary failures <<<"$output")" = 0 ]
	for p in seed-v1 seed-v2; do
		wm_raw replay --json --policy "$p" "$TRACES/pressure.jsonl"
		assert_status 0
		[ -z "$(decisions <<<"$output")" ]
		[ "$(summary writes <<<"$output")" = 0 ]
		[ "$(summary held_kbytes_peak <<<"$output")" = 0 ]
	done
}

@test "replay idle: no policy acts" {
	# another session's tests wrote min_free_kbytes during the recording
	# (lines 51-60): replay ignores the values after the first line
	for p in default seed-v1 seed-v2; do
		wm_raw replay --json --policy "$p" "$TRACES/idle.jsonl"
		assert_status 0
		[ -z "$(decisions <<<"$output")" ]
		[ "$(summary observations <<<"$output")" = 60 ]
		[ "$(summary duration_usec <<<"$output")" = 59000651 ]
		[ "$(summary mean_min_free_kbytes <<<"$output")" = 67584 ]
		[ "$(summary held_kbytes_mean <<<"$output")" = 0 ]
	done
}

@test "replay --compare prints the summaries side by side" {
	wm_raw replay --compare default,seed-v1,seed-v2 "$TRACES/injected.jsonl"
	assert_status 0
	[ -z "$stderr" ]
	[ "$(grep -E '^ +default +seed-v1 +seed-v2$' <<<"$output" | wc -l)" -eq 1 ]
	grep -qE '^writes +4 +2 +3$' <<<"$output"
	grep -qE '^mean vm.min_free_kbytes \(kB\) +237174 +232040 +141686$' <<<"$output"
	grep -qE '^failures below a later reserve +72 +71 +133$' <<<"$output"
	# the table, not the decisions
	! grep -q 'atomic_failures' <<<"$output"
	wm_raw replay --json --compare seed-v2,default "$TRACES/injected.jsonl"
	assert_status 0
	[ "$(json '[p["policy"] for p in d["policies"]]' <<<"$output")" = '["seed-v2", "default"]' ]
	[ "$(decisions 1 <<<"$output" | wc -l)" -eq 4 ]
}

@test "replay: text output names each decision with its time and reasons" {
	wm_raw replay --policy seed-v1 "$TRACES/injected.jsonl"
	assert_status 0
	assert_contains "$output" "45 observations over 43.992 s"
	assert_contains "$output" "model variant 6.5"
	grep -qE '^ +\+5\.992 s +vm\.min_free_kbytes +135168 -> 247317 +atomic_failures +id [0-9a-f]{16}$' <<<"$output"
	grep -qE '^  failures below a later reserve +71$' <<<"$output"
}

@test "replay: policy flags apply, debounce 0 and a short decay schedule" {
	wm_raw replay --json --policy seed-v2 --debounce 0 "$TRACES/injected.jsonl"
	assert_status 0
	[ "$(decisions <<<"$output")" = "1 +0 vm.min_free_kbytes 67584->101376 atomic_failures
7 +5992595 vm.min_free_kbytes 101376->152064 atomic_failures
10 +8992646 vm.min_free_kbytes 152064->228096 atomic_failures
22 +20992665 vm.min_free_kbytes 228096->247317 atomic_failures" ]
	[ "$(summary failures_below_later_reserve <<<"$output")" = 132 ]
	wm_raw replay --json --policy seed-v2 --debounce 0 --quiet 5 \
		--decay-interval 3 --decay-pct 10 "$TRACES/injected.jsonl"
	assert_status 0
	# quiet 5 s after line 10's signal (+8.992646): line 15 (+13.992...)
	# is a hair short of it, line 16 decays 10%, line 19 3 s later again
	[ "$(decisions <<<"$output" | sed -n '4,6p')" = "16 +14992634 vm.min_free_kbytes 228096->205287 decay
19 +17992660 vm.min_free_kbytes 205287->184759 decay
22 +20992665 vm.min_free_kbytes 184759->247317 atomic_failures" ]
	[ "$(summary writes <<<"$output")" = 11 ]
}

@test "replay --config: the file's preset and parameters, flags over them" {
	conf="$BATS_TEST_TMPDIR/wmtune.conf"
	printf 'policy = seed-v1\nmfk_cap_ram_pct = 50\n' > "$conf"
	wm_raw replay --json --config "$conf" "$TRACES/injected.jsonl"
	assert_status 0
	[ "$(json 'd["policies"][0]["policy"]' <<<"$output")" = seed-v1 ]
	# 0.5% of 24731708 kB
	[ "$(decisions <<<"$output")" = "1 +0 vm.min_free_kbytes 67584->123658 atomic_failures" ]
	wm_raw replay --json --config "$conf" --mfk-cap-ram-pct 100 "$TRACES/injected.jsonl"
	[ "$(summary max_min_free_kbytes <<<"$output")" = 247317 ]
	# --compare keeps its presets, the file's parameters apply to each:
	# both stop at the 0.5% cap (default's 4 x kernel default is less)
	wm_raw replay --json --config "$conf" --compare default,seed-v2 "$TRACES/injected.jsonl"
	assert_status 0
	[ "$(json '[p["policy"] for p in d["policies"]]' <<<"$output")" = '["default", "seed-v2"]' ]
	[ "$(json '[p["summary"]["max_min_free_kbytes"] for p in d["policies"]]' <<<"$output")" = '[123658, 123658]' ]
	printf 'step_pct = many\n' > "$conf"
	wm_raw replay --config "$conf" "$TRACES/injected.jsonl"
	assert_status 78
	assert_contains "$stderr" "wmtune.conf:1:"
}

@test "replay reads standard input and what record writes" {
	wm_raw replay --json - < "$TRACES/idle.jsonl"
	assert_status 0
	[ "$(json 'd["trace"]["observations"]' <<<"$output")" = 60 ]
	[ "$(json 'd["trace"]["path"]' <<<"$output")" = - ]
}

@test "replay: a null failures object counts as none and is flagged" {
	t="$BATS_TEST_TMPDIR/t.jsonl"
	python3 -c '
import json, sys
for i, l in enumerate(open(sys.argv[1])):
    d = json.loads(l)
    if i == 6:
        d["failures"] = None
    print(json.dumps(d))' "$TRACES/injected.jsonl" > "$t"
	wm_raw replay --json --policy seed-v1 "$t"
	assert_status 0
	[ "$(summary failures <<<"$output")" = 133 ]
	[ "$(summary failures_known <<<"$output")" = false ]
	[ "$(decisions <<<"$output" | cut -d' ' -f1)" = "1
10" ]
}

@test "replay: malformed traces are data errors that name the line" {
	t="$BATS_TEST_TMPDIR/bad.jsonl"
	head -3 "$TRACES/idle.jsonl" > "$t"
	sed -n 4p "$TRACES/idle.jsonl" | sed 's/"free_pages":[0-9]*/"free_pages":"many"/' >> "$t"
	wm_raw replay "$t"
	assert_status 65
	assert_contains "$stderr" "bad.jsonl:4: zones[0].free_pages: expected a whole number, not a string"
	wm_raw replay --json "$t"
	assert_status 65
	assert_contains "$(json 'd["error"]["message"]' <<<"$output")" "bad.jsonl:4:"
	head -c 500 "$TRACES/idle.jsonl" > "$t"
	wm_raw replay "$t"
	assert_status 65
	assert_contains "$stderr" "bad.jsonl:1: line: truncated JSON"
	# time that goes backwards
	{ sed -n 2p "$TRACES/idle.jsonl"; sed -n 1p "$TRACES/idle.jsonl"; } > "$t"
	wm_raw replay "$t"
	assert_status 65
	assert_contains "$stderr" "bad.jsonl:2: t_usec goes backwards"
	# a first line whose watermarks no kernel variant reproduces
	sed -n 1p "$TRACES/idle.jsonl" | sed 's/"min_pages":8354/"min_pages":8000/' > "$t"
	wm_raw replay "$t"
	assert_status 65
	assert_contains "$stderr" "bad.jsonl:1: no known kernel variant"
	: > "$t"
	wm_raw replay "$t"
	assert_status 65
	assert_contains "$stderr" "no observation"
	wm_raw replay "$BATS_TEST_TMPDIR/missing.jsonl"
	assert_status 1
	assert_contains "$stderr" "missing.jsonl: No such file"
}

@test "replay: usage errors" {
	wm_raw replay
	assert_status 64
	wm_raw replay a b
	assert_status 64
	wm_raw replay --compare default,nope "$TRACES/idle.jsonl"
	assert_status 64
	assert_contains "$stderr" "no preset 'nope'"
	wm_raw replay --compare default,,seed-v1 "$TRACES/idle.jsonl"
	assert_status 64
	wm_raw replay --compare seed-v1 --policy default "$TRACES/idle.jsonl"
	assert_status 64
	# no state and no kernel-log records in a replay
	wm_raw replay --state /tmp/x "$TRACES/idle.jsonl"
	assert_status 64
	wm_raw replay --any-facility "$TRACES/idle.jsonl"
	assert_status 64
	wm_raw replay --debounce soon "$TRACES/idle.jsonl"
	assert_status 64
}
