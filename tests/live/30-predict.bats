#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# wmtune predict on this machine's real kernel: with no values the model
# must reproduce /proc/zoneinfo exactly (issue 2, "Tests that must exist").

load ../cli/helper

setup() {
	[ -r /proc/zoneinfo ] || skip "no /proc/zoneinfo"
}

# /proc/zoneinfo as "node zone min low high boost" lines. The pageset
# lines "high:  N" carry a colon, so $1 == "high" is the watermark.
zoneinfo_marks() {
	awk '/^Node/ { n = $2; sub(",", "", n); z = $4; b = 0 }
	     $1 == "boost" { b = $2 }
	     $1 == "min" { mn = $2 }
	     $1 == "low" { lo = $2 }
	     $1 == "high" && NF == 2 { print n, z, mn, lo, $2, b }' /proc/zoneinfo
}

@test "live: predict with no values reproduces /proc/zoneinfo" {
	wm_raw predict --json
	assert_status 0
	doc=$output
	want=$(zoneinfo_marks)
	[ -n "$want" ]
	[ "$(json 'd["self_check"]' <<<"$doc")" = ok ]
	got=$(json '"\n".join("%d %s %d %d %d %s" % (z["node"], z["zone"],
		z["current"]["min_pages"], z["current"]["low_pages"],
		z["current"]["high_pages"],
		0 if z["current"]["boost_pages"] is None else z["current"]["boost_pages"])
		for z in d["zones"])' <<<"$doc")
	if [ "$got" != "$want" ]; then
		echo "wmtune current:"; echo "$got"
		echo "/proc/zoneinfo:"; echo "$want"
		return 1
	fi
	# a write clears the boosts: predicted = printed - boost, every zone
	bad=$(json '[z["zone"] for z in d["zones"] if any(
		z["predicted"][k] != z["current"][k] - (z["current"]["boost_pages"] or 0)
		for k in ("min_pages", "low_pages", "high_pages"))]' <<<"$doc")
	[ "$bad" = "[]" ]
	[ "$(json 'd["min_free_kbytes"]["current"]' <<<"$doc")" = "$(cat /proc/sys/vm/min_free_kbytes)" ]
	[ "$(json 'd["min_free_kbytes"]["predicted"]' <<<"$doc")" = "$(cat /proc/sys/vm/min_free_kbytes)" ]
	[ "$(json 'd["reserved_kbytes_delta"]' <<<"$doc")" = 0 ]
	[ "$(json 'd["mem_available_kbytes_delta"]' <<<"$doc")" = 0 ]
}

@test "live: the same value given explicitly predicts the same marks" {
	mfk=$(cat /proc/sys/vm/min_free_kbytes)
	wm_raw predict --json
	assert_status 0
	before=$(json '[z["predicted"] for z in d["zones"]]' <<<"$output")
	wm_raw predict --json --min-free-kbytes "$mfk"
	assert_status 0
	[ "$(json '[z["predicted"] for z in d["zones"]]' <<<"$output")" = "$before" ]
}
