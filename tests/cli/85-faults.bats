#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The named fault campaign, part one: faults a fixture tree can carry. Each
# test asserts the exit code, the message, and that nothing was written
# that should not be (the sysctls and the state). Part two, the faults that
# need the real kernel, is tests/live/85-faults.bats.

load helper

setup() {
	use_tree lab-6.1-failing
	STATE="$BATS_TEST_TMPDIR/state.json"
	MFK="$ROOT/proc/sys/vm/min_free_kbytes"
}

# apply must leave the tree's sysctls and the state as they were
assert_nothing_written() {
	[ "$(cat "$MFK")" = 1611 ] || { echo "min_free_kbytes was written"; return 1; }
	[ "$(cat "$ROOT/proc/sys/vm/watermark_scale_factor")" = 10 ] ||
		{ echo "watermark_scale_factor was written"; return 1; }
	[ ! -e "$STATE" ] || { echo "a state was written"; return 1; }
}

@test "fault: truncated zoneinfo" {
	head -n 40 "$FIXTURES/trees/lab-6.1/proc/zoneinfo" > "$ROOT/proc/zoneinfo"
	printf 'Node 0, zone    DMA32\n  pages free     576\n' >> "$ROOT/proc/zoneinfo"
	wm apply --state "$STATE"
	assert_status 65
	assert_contains "$stderr" "proc/zoneinfo:"
	assert_nothing_written
}

@test "fault: zoneinfo with an unknown zone name" {
	sed -i 's/zone    DMA32/zone    Bogus/' "$ROOT/proc/zoneinfo"
	wm apply --state "$STATE"
	assert_status 65
	assert_contains "$stderr" "proc/zoneinfo:"
	assert_contains "$stderr" "Bogus"
	assert_nothing_written
}

@test "fault: more nodes than the bound" {
	for n in $(seq 0 64); do
		printf 'Node %d, zone   Normal\n  pages free     1\n        min      1\n        low      1\n        high     1\n        spanned  1\n        present  1\n        managed  1\n' "$n"
	done > "$ROOT/proc/zoneinfo"
	wm apply --state "$STATE"
	assert_status 65
	assert_contains "$stderr" "proc/zoneinfo:"
	assert_contains "$stderr" "64"
	assert_nothing_written
}

@test "fault: vmstat with a counter past 2^64" {
	sed -i 's/^allocstall_dma32 .*/allocstall_dma32 18446744073709551616/' "$ROOT/proc/vmstat"
	wm status --json
	assert_status 0
	assert_contains "$(echo "$output" | json 'd["unavailable"]["vmstat"]')" "proc/vmstat:"
	[ "$(echo "$output" | json 'd["counters"]["allocstall"]')" = null ]
	wm apply --state "$STATE" --dry-run
	assert_status 0
	assert_nothing_written
}

@test "fault: missing PSI (old kernel)" {
	rm "$ROOT/proc/pressure/memory"
	wm status
	assert_status 0
	assert_contains "$output" "unavailable (no /proc/pressure/memory)"
	wm status --json
	[ "$(echo "$output" | json 'd["psi"]')" = null ]
}

@test "fault: missing boost and managed lines (old kernels)" {
	sed -i '/^ *boost /d; /^ *managed /d' "$ROOT/proc/zoneinfo"
	wm status --json
	assert_status 0
	[ "$(echo "$output" | json 'd["zones"][1]["boost_pages"]')" = null ]
	# without managed, present stands in (pre-3.8 kernels)
	[ "$(echo "$output" | json 'd["zones"][1]["managed_pages"]')" = \
	  "$(awk '/zone +DMA32/ {z=1} z && $1 == "present" {print $2; exit}' "$ROOT/proc/zoneinfo")" ]
}

@test "fault: empty files" {
	: > "$ROOT/proc/zoneinfo"
	wm status
	assert_status 65
	assert_contains "$stderr" "proc/zoneinfo"
	use_tree lab-6.1-failing
	: > "$ROOT/proc/vmstat"
	wm status --json
	assert_status 0
	assert_contains "$(echo "$output" | json 'd["unavailable"]["vmstat"]')" "proc/vmstat"
}

@test "fault: a NUL byte in a file" {
	python3 - "$ROOT/proc/zoneinfo" <<'PY'
import sys
p = sys.argv[1]
b = open(p, 'rb').read()
i = b.index(b'min')
open(p, 'wb').write(b[:i] + b'\0' + b[i + 1:])
PY
	wm apply --state "$STATE"
	assert_status 65
	assert_contains "$stderr" "proc/zoneinfo:"
	assert_nothing_written
}

@test "fault: a 1 MB line in a log" {
	log="$BATS_TEST_TMPDIR/big.log"
	head -c 1048576 /dev/zero | tr '\0' 'x' > "$log"
	echo >> "$log"
	cat "$FIXTURES/samples/allocfail/14-6.8.0-xtensa-GFP_ATOMIC-0x820.log" >> "$log"
	wm_raw events --file "$log" --json
	assert_status 0
	[ "$(echo "$output" | json 'd["summary"]["reports"]')" = 1 ]
	[ "$(echo "$output" | json 'd["events"][0]["atomic"]')" = true ]
}

@test "fault: a kmsg stream with a seq gap (records lost: counted and reported)" {
	# drop records 100..149 of the real log
	python3 - "$ROOT/dev/kmsg" <<'PY'
import sys
p = sys.argv[1]
recs = open(p, 'rb').read().split(b'\0')
keep = [r for r in recs if not (r[:2] == b'4,' and 100 <= int(r.split(b',')[1]) < 150)]
open(p, 'wb').write(b'\0'.join(keep))
PY
	wm events --json
	assert_status 0
	[ "$(echo "$output" | json 'd["lost"]')" = 50 ]
	[ "$(echo "$output" | json 'd["summary"]["reports"]')" = 2 ]
}

@test "fault: a non-kernel-facility record that looks like a failure is ignored" {
	printf '12,9000,99000000,-;swapper/0: page allocation failure: order:0, mode:0x820(GFP_ATOMIC), nodemask=(null)\n\0' \
		> "$ROOT/dev/kmsg"
	wm apply --state "$STATE" --json --proactive no
	assert_status 0
	[ "$(echo "$output" | json 'd["changes"]')" = "[]" ]
	[ "$(cat "$MFK")" = 1611 ]
	wm events --json
	[ "$(echo "$output" | json 'd["summary"]["reports"]')" = 0 ]
	wm events --json --any-facility
	[ "$(echo "$output" | json 'd["summary"]["reports"]')" = 1 ]
}

@test "fault: state file corrupted" {
	cp "$FIXTURES/state/corrupt-wrong-type.json" "$STATE"
	wm apply --state "$STATE"
	assert_status 65
	assert_contains "$stderr" "$STATE: corrupt state"
	cmp "$STATE" "$FIXTURES/state/corrupt-wrong-type.json"
	[ "$(cat "$MFK")" = 1611 ]
}

@test "fault: state file is a symlink" {
	echo '{}' > "$BATS_TEST_TMPDIR/target.json"
	ln -s "$BATS_TEST_TMPDIR/target.json" "$STATE"
	wm apply --state "$STATE"
	assert_status 1
	assert_contains "$stderr" "is a symbolic link; refusing to use it"
	[ "$(cat "$BATS_TEST_TMPDIR/target.json")" = '{}' ]
	[ "$(cat "$MFK")" = 1611 ]
}

@test "fault: state from another boot id" {
	sed 's/"boot_id": "[^"]*"/"boot_id": "11111111-2222-3333-4444-555555555555"/' \
		"$FIXTURES/state/full.json" > "$STATE"
	wm apply --state "$STATE" --dry-run --json
	assert_status 0
	assert_contains "$stderr" "is from another boot: starting afresh"
	# the baseline is re-captured from the live value, not taken from the old state
	[ "$(echo "$output" | json 'd["knobs"][0]["baseline"]')" = 1611 ]
}

@test "fault: second instance" {
	mkdir -p "$(dirname "$STATE")"
	exec 9>"$STATE.lock"
	flock -x 9
	echo 31337 >&9
	wm apply --state "$STATE"
	exec 9>&-
	assert_status 75
	assert_contains "$stderr" "another wmtune (pid 31337) holds"
	[ "$(cat "$MFK")" = 1611 ]
	[ ! -e "$STATE" ]
}

@test "fault: SIGKILL during apply (the state is old or new, never half)" {
	wm_kernel apply --state "$STATE"
	assert_status 0
	cp "$STATE" "$BATS_TEST_TMPDIR/old.json"
	for i in $(seq 1 40); do
		timeout -s KILL "0.00$((i % 9 + 1))" "$WMTUNE" --root "$ROOT" apply \
			--state "$STATE" --proactive no >/dev/null 2>&1 || true
		# whole JSON that wmtune itself accepts, whichever moment it died
		python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$STATE" ||
			{ echo "half-written state after kill $i"; return 1; }
		wm suggest --state "$STATE" --proactive no
		assert_status 0
	done
}

@test "fault: admin change between ticks" {
	wm_kernel apply --state "$STATE"
	kernel_set min_free_kbytes 2000
	wm apply --state "$STATE" --proactive no --quiet 0 --decay-interval 0
	assert_status 0
	assert_contains "$stderr" "vm.min_free_kbytes is 2000, not the 4833 wmtune wrote: adopting 2000"
	[ "$(cat "$MFK")" = 2000 ]
	[ "$(json 'd["knobs"]["min_free_kbytes"]["baseline"]["value"]' < "$STATE")" = 2000 ]
}

@test "fault: khugepaged-style raise between ticks" {
	wm_kernel apply --state "$STATE"
	# khugepaged raises min_free_kbytes to its recommendation, above ours
	kernel_set min_free_kbytes 4096
	wm apply --state "$STATE" --proactive no --quiet 0 --decay-interval 0
	assert_status 0
	assert_contains "$stderr" "adopting 4096 as the new baseline"
	[ "$(cat "$MFK")" = 4096 ]
	# decay never goes below the adopted baseline
	wm apply --state "$STATE" --proactive no --quiet 0 --decay-interval 0
	[ "$(cat "$MFK")" = 4096 ]
}

@test "fault: config with an unknown key" {
	printf '# wmtune\n\nstep_pct = 20\nfrobnicate = 1\n' > "$BATS_TEST_TMPDIR/w.conf"
	wm apply --state "$STATE" --config "$BATS_TEST_TMPDIR/w.conf"
	assert_status 78
	assert_contains "$stderr" "w.conf:4: unknown parameter 'frobnicate'"
	assert_nothing_written
}

@test "fault: config with a bad value" {
	printf 'debounce = soon\n' > "$BATS_TEST_TMPDIR/w.conf"
	wm apply --state "$STATE" --config "$BATS_TEST_TMPDIR/w.conf"
	assert_status 78
	assert_contains "$stderr" "w.conf:1: debounce: 'soon' is not a number of seconds"
	assert_nothing_written
}

@test "fault: --root pointing at a missing directory" {
	run --separate-stderr "$WMTUNE" --root "$BATS_TEST_TMPDIR/nowhere" apply --state "$STATE"
	assert_status 64
	assert_contains "$stderr" "--root $BATS_TEST_TMPDIR/nowhere: No such file or directory"
	[ ! -e "$STATE" ]
}
