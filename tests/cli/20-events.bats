#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# wmtune events on saved logs (the real samples, each with its .src) and
# on fixture roots whose dev/kmsg is a file of NUL-separated records
# (util-linux --kmsg-file). Counts are those printed by the kernels.

load helper

teardown() {
	[ -z "${PERM_ROOT:-}" ] || rm -rf "$PERM_ROOT"
}

S="$FIXTURES/samples"
LAB="$S/lab-6.1/6.1.192-debian-qemu-256M-atomic-burst.dmesg"
AF="$S/allocfail"

# kmsg_tree RECORD...: a root whose dev/kmsg holds these records.
kmsg_tree() {
	ROOT="$BATS_TEST_TMPDIR/root"
	rm -rf "$ROOT"
	mkdir -p "$ROOT/dev" "$ROOT/proc/sys/kernel"
	: >"$ROOT/dev/kmsg"
	local r
	for r in "$@"; do
		printf '%s\n\0' "$r" >>"$ROOT/dev/kmsg"
	done
}

# The lab burst as records: two reports, a user record between them.
burst_tree() {
	kmsg_tree \
		'5,0,0,-;Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)' \
		'4,1,5051047,-;dd: page allocation failure: order:0, mode:0xa20(GFP_ATOMIC), nodemask=(null),cpuset=/,mems_allowed=0' \
		'4,2,5051533,-;CPU: 0 PID: 100 Comm: dd Tainted: G OE 6.1.0-56-amd64 #1  Debian 6.1.192-2' \
		'6,3,5053476,-;Mem-Info:\x0aactive_anon:635 inactive_anon:486 isolated_anon:0\x0a free:290 free_pcp:11 free_cma:0' \
		'4,4,5053908,-;Node 0 DMA32 free:528kB boost:3256kB min:4708kB low:5068kB high:5428kB reserved_highatomic:0KB' \
		'12,5,5060000,-;evil: page allocation failure: order:0, mode:0x820(GFP_ATOMIC)' \
		'4,6,15054264,-;warn_alloc: 6247 callbacks suppressed' \
		'4,9,15054439,-;dd: page allocation failure: order:0, mode:0xa20(GFP_ATOMIC), nodemask=(null),cpuset=/,mems_allowed=0'
}

@test "events --file: the lab burst, 2 atomic order-0 reports, 6247 suppressed" {
	wm_raw events --json --file "$LAB"
	assert_status 0
	[ -z "$stderr" ]
	[ "$(json 'd["schema"]' <<<"$output")" = 1 ]
	[ "$(json 'd["summary"]["reports"]' <<<"$output")" = 2 ]
	[ "$(json 'd["summary"]["atomic"]' <<<"$output")" = 2 ]
	[ "$(json 'd["summary"]["suppressed"]' <<<"$output")" = 6247 ]
	[ "$(json 'd["summary"]["order0_atomic_failures"]' <<<"$output")" = 6249 ]
	[ "$(json 'd["summary"]["by_order"]' <<<"$output")" = '{"0": 2}' ]
	[ "$(json 'len(d["events"])' <<<"$output")" = 2 ]
	e='d["events"][1]'
	[ "$(json "$e[\"suppressed_before\"]" <<<"$output")" = 6247 ]
	[ "$(json "$e[\"comm\"]" <<<"$output")" = dd ]
	[ "$(json "$e[\"kind\"]" <<<"$output")" = page ]
	[ "$(json "$e[\"order\"]" <<<"$output")" = 0 ]
	[ "$(json "$e[\"gfp_mask\"]" <<<"$output")" = 0xa20 ]
	[ "$(json "$e[\"gfp_flags\"]" <<<"$output")" = '["GFP_ATOMIC"]' ]
	[ "$(json "$e[\"atomic\"]" <<<"$output")" = true ]
	[ "$(json "$e[\"ts_usec\"]" <<<"$output")" = 15054439 ]
	[ "$(json "$e[\"seq\"]" <<<"$output")" = null ]
	[ "$(json "$e[\"nodemask\"]" <<<"$output")" = null ]
	[ "$(json "$e[\"kernel_release\"]" <<<"$output")" = 6.1.0-56-amd64 ]
	z="$e[\"zones_at_failure\"][1]"
	[ "$(json "$z[\"zone\"]" <<<"$output")" = DMA32 ]
	[ "$(json "$z[\"free_kbytes\"]" <<<"$output")" = 540 ]
	[ "$(json "$z[\"min_kbytes\"]" <<<"$output")" = 4708 ]
	[ "$(json "$z[\"boost_kbytes\"]" <<<"$output")" = 3256 ]
	[ "$(json "$z[\"below_min\"]" <<<"$output")" = true ]
	[ "$(json "$e[\"zones_at_failure\"][0][\"below_min\"]" <<<"$output")" = false ]
	[ "$(json 'd["summary"]["by_zone"][1]' <<<"$output")" = \
		'{"node": 0, "zone": "DMA32", "reports": 2, "below_min": 2}' ]
	# no raw records in a dmesg file: no cursor
	[ "$(json 'd["cursor"]["seq"]' <<<"$output")" = null ]
	[ "$(json 'd["lost"]' <<<"$output")" = 0 ]
}

@test "events --file: the text table" {
	wm_raw events --file "$LAB"
	assert_status 0
	assert_contains "$output" "TIME"
	[[ "$output" =~ 5\.051047\ +page\ +0\ yes\ +0\ +dd\ +0xa20\(GFP_ATOMIC\)\;\ node\ 0\ DMA32\ 528\<4708\ kB ]]
	[[ "$output" =~ 15\.054439\ +page\ +0\ yes\ +6247\ +dd ]]
	assert_contains "$output" "reports: 2 (page 2, slab 0), atomic 2, suppressed 6247"
	assert_contains "$output" "order-0 atomic page failures: 6249"
	assert_contains "$output" "node 0 DMA32    below min in 2 of 2 reports"
}

@test "events --file -: standard input" {
	run --separate-stderr "$WMTUNE" events --json --file - <"$AF/00-seed-linux-mm-2026-slub-and-page-GFP_ATOMIC-suppressed.log"
	assert_status 0
	[ "$(json 'd["summary"]["reports"]' <<<"$output")" = 7 ]
	[ "$(json 'd["summary"]["slab_reports"]' <<<"$output")" = 6 ]
	[ "$(json 'd["summary"]["suppressed"]' <<<"$output")" = 59 ]
	[ "$(json 'd["events"][0]["cache"]' <<<"$output")" = skbuff_head_cache ]
	[ "$(json 'd["events"][0]["node"]' <<<"$output")" = -1 ]
	[ "$(json 'd["events"][0]["slab_nodes"][1]' <<<"$output")" = \
		'{"node": 1, "slabs": 400, "objs": 25360, "free": 294}' ]
	[ "$(json 'd["events"][6]["comm"]' <<<"$output")" = swapper/100 ]
	[ "$(json 'd["events"][6]["suppressed_before"]' <<<"$output")" = 59 ]
}

@test "events: atomic only by default, --all shows every failure (mixed formats)" {
	mixed="$BATS_TEST_TMPDIR/mixed.log"
	# journal, dmesg, monotonic journal, dmesg -T, no prefix: one file
	cat "$AF/06-4.9.24-coreos-journal-GFP_ATOMIC-0x2084120.log" \
		"$AF/11-5.7.0-bcachefs-order7-GFP_KERNEL_COMP.log" \
		"$AF/12-5.9.0-fedora-journal-monotonic-GFP_NOWAIT.log" \
		"$AF/14-6.8.0-xtensa-GFP_ATOMIC-0x820.log" \
		"$AF/16-6.19.11-cachyos-dmesgT-header-GFP_NOFS.log" >"$mixed"
	wm_raw events --json --file "$mixed"
	assert_status 0
	[ "$(json 'd["summary"]["reports"]' <<<"$output")" = 5 ]
	[ "$(json 'd["summary"]["atomic"]' <<<"$output")" = 2 ]
	[ "$(json 'd["summary"]["shown"]' <<<"$output")" = 2 ]
	[ "$(json '[e["comm"] for e in d["events"]]' <<<"$output")" = '["java", "irq/5-600c0004."]' ]
	[ "$(json 'd["summary"]["by_order"]' <<<"$output")" = '{"0": 4, "7": 1}' ]
	wm_raw events --json --all --file "$mixed"
	assert_status 0
	[ "$(json 'len(d["events"])' <<<"$output")" = 5 ]
	[ "$(json '[e["atomic"] for e in d["events"]]' <<<"$output")" = '[true, false, false, true, false]' ]
	[ "$(json 'd["events"][1]["gfp_flags"]' <<<"$output")" = '["GFP_KERNEL", "__GFP_COMP"]' ]
	[ "$(json 'd["events"][4]["wall_time"]' <<<"$output")" = "Fri Apr 17 19:55:54 2026" ]
}

@test "events --kernel-version decodes bare masks; without it they stay unknown" {
	f="$AF/17-3.x-docker-slub-memcg-gfp0x20.log"
	wm_raw events --json --file "$f"
	assert_status 0
	[ "$(json 'd["summary"]["reports"]' <<<"$output")" = 4 ]
	[ "$(json 'd["summary"]["atomic"]' <<<"$output")" = 0 ]
	[ "$(json 'd["summary"]["atomic_unknown"]' <<<"$output")" = 4 ]
	[ "$(json 'len(d["events"])' <<<"$output")" = 0 ]
	wm_raw events --file "$f"
	assert_contains "$output" "4 report(s) with a bare GFP mask and no known kernel"
	wm_raw events --json --all --file "$f"
	[ "$(json 'd["events"][0]["gfp_flags"]' <<<"$output")" = null ]
	[ "$(json 'd["events"][0]["atomic"]' <<<"$output")" = null ]
	[ "$(json 'd["events"][0]["gfp_mask"]' <<<"$output")" = 0x20 ]
	wm_raw events --json --kernel-version 3.10 --file "$f"
	assert_status 0
	[ "$(json 'd["summary"]["atomic"]' <<<"$output")" = 4 ]
	[ "$(json 'd["events"][3]["gfp_flags"]' <<<"$output")" = '["GFP_ATOMIC"]' ]
	[ "$(json 'd["events"][3]["slab_nodes"][0]["slabs"]' <<<"$output")" = 666 ]
	# the report's own CPU: line wins over --kernel-version
	wm_raw events --json --all --kernel-version 6.1 --file "$AF/04-3.18.18-dmwriteboost-order8-0x204010.log"
	[ "$(json 'd["events"][0]["gfp_flags"]' <<<"$output")" = '["__GFP_WAIT", "__GFP_COMP", "__GFP_NOTRACK"]' ]
	[ "$(json 'd["events"][0]["kernel_release"]' <<<"$output")" = 3.18.18+38-ph ]
	[ "$(json 'd["events"][0]["order"]' <<<"$output")" = 8 ]
}

@test "events: /dev/kmsg of a fixture root, user records are not kernel reports" {
	burst_tree
	wm events --json
	assert_status 0
	[ "$(json 'd["summary"]["reports"]' <<<"$output")" = 2 ]
	[ "$(json '[e["seq"] for e in d["events"]]' <<<"$output")" = '[1, 9]' ]
	[ "$(json 'd["events"][0]["zones_at_failure"][0]["free_kbytes"]' <<<"$output")" = 528 ]
	[ "$(json 'd["events"][1]["suppressed_before"]' <<<"$output")" = 6247 ]
	[ "$(json 'd["cursor"]["seq"]' <<<"$output")" = 9 ]
	[ "$(json 'd["lost"]' <<<"$output")" = 2 ]
	wm events --json --any-facility
	assert_status 0
	[ "$(json 'd["summary"]["reports"]' <<<"$output")" = 3 ]
	[ "$(json 'd["events"][1]["comm"]' <<<"$output")" = evil ]
}

@test "events --since-seq resumes after a saved cursor" {
	burst_tree
	wm events --json --since-seq 4
	assert_status 0
	[ "$(json 'd["summary"]["reports"]' <<<"$output")" = 1 ]
	[ "$(json 'd["events"][0]["seq"]' <<<"$output")" = 9 ]
	[ "$(json 'd["cursor"]["seq"]' <<<"$output")" = 9 ]
	wm events --json --since-seq 9
	assert_status 0
	[ "$(json 'd["summary"]["reports"]' <<<"$output")" = 0 ]
	[ "$(json 'd["cursor"]["seq"]' <<<"$output")" = 9 ]
	[ "$(json 'd["lost"]' <<<"$output")" = 0 ]
	wm events --since-seq 0
	assert_status 0
	assert_contains "$output" "cursor: seq 9, lost 2"
}

@test "events: a bare mask from /dev/kmsg is read with the running kernel's layout" {
	# 0x30: __GFP_WAIT|__GFP_HIGH before 4.4 (blocking), RECLAIMABLE|HIGH after
	kmsg_tree '4,1,2,-;x: page allocation failure: order:0, mode:0x30'
	wm events --json --all
	[ "$(json 'd["events"][0]["atomic"]' <<<"$output")" = null ]
	echo 4.3.0-1-ARCH >"$ROOT/proc/sys/kernel/osrelease"
	wm events --json --all
	assert_status 0
	[ "$(json 'd["events"][0]["atomic"]' <<<"$output")" = false ]
	# %pGg-style greedy names: in the old layout GFP_ATOMIC is __GFP_HIGH
	[ "$(json 'd["events"][0]["gfp_flags"]' <<<"$output")" = '["GFP_ATOMIC", "__GFP_WAIT"]' ]
	[ "$(json 'd["events"][0]["kernel_release"]' <<<"$output")" = 4.3.0-1-ARCH ]
	wm events --json --all --kernel-version 4.4
	[ "$(json 'd["events"][0]["atomic"]' <<<"$output")" = true ]
	[ "$(json 'd["events"][0]["gfp_flags"]' <<<"$output")" = '["__GFP_HIGH", "__GFP_RECLAIMABLE"]' ]
}

@test "events: the raw kmsg sample, as dev/kmsg and as --file" {
	ROOT="$BATS_TEST_TMPDIR/root"
	mkdir -p "$ROOT/dev"
	while IFS= read -r l; do printf '%s\n\0' "$l"; done \
		<"$S/kmsg/kmsg-raw-6.18.44-fc-v857.sample" >"$ROOT/dev/kmsg"
	wm events --json
	assert_status 0
	[ "$(json 'd["summary"]["reports"]' <<<"$output")" = 0 ]
	[ "$(json 'd["cursor"]["seq"]' <<<"$output")" = 362 ]
	[ "$(json 'd["lost"]' <<<"$output")" = 322 ]
	wm_raw events --json --file "$S/kmsg/kmsg-raw-6.18.44-fc-v857.sample"
	assert_status 0
	[ "$(json 'd["cursor"]["seq"]' <<<"$output")" = 362 ]
	[ "$(json 'd["lost"]' <<<"$output")" = 322 ]
	wm_raw events --json --file "$S/kmsg/kmsg-raw-6.18.44-fc-v857.sample" --since-seq 350
	[ "$(json 'd["lost"]' <<<"$output")" = 0 ]
}

@test "events: broken and odd input is no report, never an error" {
	: >"$BATS_TEST_TMPDIR/empty"
	wm_raw events --json --file "$BATS_TEST_TMPDIR/empty"
	assert_status 0
	[ "$(json 'd["summary"]["reports"]' <<<"$output")" = 0 ]
	head -c 5200 "$LAB" >"$BATS_TEST_TMPDIR/cut"
	wm_raw events --json --file "$BATS_TEST_TMPDIR/cut"
	assert_status 0
	[ "$(json 'd["summary"]["reports"]' <<<"$output")" = 0 ]
	# cut inside the first report's mode: the mask is not guessed
	off=$(grep -m1 -bo 'mode:0xa20' "$LAB" | cut -d: -f1)
	head -c $((off + 8)) "$LAB" >"$BATS_TEST_TMPDIR/cut2" # "mode:0xa"
	wm_raw events --json --all --file "$BATS_TEST_TMPDIR/cut2"
	assert_status 0
	[ "$(json 'd["summary"]["reports"]' <<<"$output")" = 1 ]
	[ "$(json 'd["events"][0]["gfp_mask"]' <<<"$output")" = null ]
	printf 'garbage\0\377\376[[[ 1.0 x: page allocation failure\n4,99999999999999999999,1,-;x\n' >"$BATS_TEST_TMPDIR/junk"
	head -c 100000 /dev/zero | tr '\0' A >>"$BATS_TEST_TMPDIR/junk"
	wm_raw events --json --file "$BATS_TEST_TMPDIR/junk"
	assert_status 0
	[ "$(json 'd["summary"]["reports"]' <<<"$output")" = 0 ]
}

# ~960 KiB: a regular file this large is read ahead by a second thread
# (where two CPUs are allowed), a pipe is not; the output is the same.
@test "events: the same log 20 times gives 20 times the reports" {
	for i in $(seq 20); do cat "$LAB"; done >"$BATS_TEST_TMPDIR/many"
	[ "$(stat -c %s "$BATS_TEST_TMPDIR/many")" -gt $((2 * 262144)) ]
	wm_raw events --json --file "$BATS_TEST_TMPDIR/many"
	assert_status 0
	[ "$(json 'd["summary"]["reports"]' <<<"$output")" = 40 ]
	[ "$(json 'd["summary"]["suppressed"]' <<<"$output")" = $((20 * 6247)) ]
	[ "$(json 'd["summary"]["order0_atomic_failures"]' <<<"$output")" = $((20 * 6249)) ]
	from_file=$output
	run --separate-stderr bash -c 'cat "$1" | "$WMTUNE" events --json --file -' \
		_ "$BATS_TEST_TMPDIR/many"
	assert_status 0
	[ "$output" = "$from_file" ]
}

# The reader thread also lists each chunk's lines that an idle skim
# stops at (lib/skimlist.h): every sample (page, SLUB and show_mem
# reports, journal, syslog, dmesg -T, raw records), and a stretch of raw
# records with more such lines in one chunk than the list holds. The
# file read ahead and the pipe read plainly print the same.
@test "events --all: every sample, read ahead and through a pipe, the same" {
	f="$BATS_TEST_TMPDIR/mixed-big"
	for i in $(seq 100); do cat "$S/kmsg/kmsg-raw-6.18.44-fc-v857.sample"; done >"$f"
	for i in $(seq 10); do cat "$AF"/*.log "$S"/showmem/*.log "$LAB"; done >>"$f"
	[ "$(stat -c %s "$f")" -gt $((3 * 262144)) ]
	wm_raw events --json --all --file "$f"
	assert_status 0
	[ "$(json 'd["summary"]["reports"]' <<<"$output")" -ge 200 ]
	from_file=$output
	run --separate-stderr bash -c 'cat "$1" | "$WMTUNE" events --json --all --file -' _ "$f"
	assert_status 0
	[ "$output" = "$from_file" ]
}

@test "events --follow: a record appended later is reported, SIGTERM ends it cleanly" {
	burst_tree
	out="$BATS_TEST_TMPDIR/follow.out"
	"$WMTUNE" --root "$ROOT" events --follow --json >"$out" 2>&1 &
	pid=$!
	sleep 0.5
	printf '%s\n\0' '4,10,20000000,-;late: page allocation failure: order:0, mode:0x820(GFP_ATOMIC)' >>"$ROOT/dev/kmsg"
	for _ in $(seq 30); do
		grep -q '"comm":"late"' "$out" && break
		sleep 0.2
	done
	kill -TERM "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 0 ]
	[ "$(grep -c '"event":' "$out")" -eq 3 ]
	tail -n1 "$out" | json 'd["summary"]["reports"]' | grep -qx 3
	tail -n1 "$out" | json 'd["cursor"]["seq"]' | grep -qx 10
	grep '"comm":"late"' "$out" | json 'd["event"]["seq"]' | grep -qx 10
}

@test "events: usage errors exit 64" {
	wm_raw events --follow --file "$LAB"
	assert_status 64
	assert_contains "$stderr" "--follow"
	wm_raw events --kernel-version abc --file "$LAB"
	assert_status 64
	assert_contains "$stderr" "--kernel-version"
	wm_raw events --since-seq 18446744073709551616 --file "$LAB"
	assert_status 64
	wm_raw events --since-seq -1 --file "$LAB"
	assert_status 64
	wm_raw events extra
	assert_status 64
	wm_raw events --no-such-option
	assert_status 64
}

@test "events: a missing log or kernel log is a runtime failure (exit 1)" {
	wm_raw events --file "$BATS_TEST_TMPDIR/nope"
	assert_status 1
	assert_contains "$stderr" "wmtune: events: $BATS_TEST_TMPDIR/nope: No such file or directory"
	ROOT="$BATS_TEST_TMPDIR/emptyroot"
	mkdir -p "$ROOT"
	wm events
	assert_status 1
	assert_contains "$stderr" "dev/kmsg: No such file or directory"
	wm events --json
	assert_status 1
	[ "$(json 'd["error"]["command"]' <<<"$output")" = events ]
	[ "$(json 'd["error"]["errno"]' <<<"$output")" = 2 ]
}

@test "events: no permission to read the kernel log exits 77 naming CAP_SYSLOG" {
	[ "$(id -u)" = 0 ] || skip "needs root to drop to another user"
	command -v setpriv >/dev/null || skip "no setpriv"
	burst_tree
	# the tree must be reachable for the other user; bats' own dir is not
	PERM_ROOT=$(mktemp -d /tmp/wmtune-events-perm.XXXXXX)
	cp -a "$ROOT/." "$PERM_ROOT/"
	ROOT=$PERM_ROOT
	chmod 0711 "$ROOT" "$ROOT/dev"
	chmod 0600 "$ROOT/dev/kmsg"
	setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$WMTUNE" ||
		skip "the binary is not reachable for uid 65534"
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$WMTUNE" --root "$ROOT" events
	assert_status 77
	assert_contains "$stderr" "CAP_SYSLOG"
	assert_contains "$stderr" "Permission denied"
}

@test "events: the wmtune-events name runs the command" {
	ln -s "$WMTUNE" "$BATS_TEST_TMPDIR/wmtune-events"
	run --separate-stderr "$BATS_TEST_TMPDIR/wmtune-events" --pretty --file "$LAB"
	assert_status 0
	[ "$(json 'd["summary"]["reports"]' <<<"$output")" = 2 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -gt 50 ]
}

@test "events --json: 400 events stream out as one document, --pretty the same" {
	for i in $(seq 200); do cat "$LAB"; done >"$BATS_TEST_TMPDIR/long"
	wm_raw events --json --all --file "$BATS_TEST_TMPDIR/long"
	assert_status 0
	[ "${#output}" -gt 200000 ] # well past the 64 KiB output buffer
	[ "$(json 'len(d["events"])' <<<"$output")" = 400 ]
	[ "$(json 'd["summary"]["reports"]' <<<"$output")" = 400 ]
	[ "$(json 'd["summary"]["suppressed"]' <<<"$output")" = $((200 * 6247)) ]
	[ "$(json 'd["events"][399]["suppressed_before"]' <<<"$output")" = 6247 ]
	[ "$(json 'd["events"][398]["zones_at_failure"][1]["free_kbytes"]' <<<"$output")" = 528 ]
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/plain.json"
	run --separate-stderr "$WMTUNE" --pretty events --all --file "$BATS_TEST_TMPDIR/long"
	assert_status 0
	[ "$(printf '%s\n' "$output" | head -3)" = $'{\n  "schema": 1,\n  "events": [' ]
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/pretty.json"
	python3 -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); sys.exit(a != b)' \
		"$BATS_TEST_TMPDIR/plain.json" "$BATS_TEST_TMPDIR/pretty.json"
}

# A read error deep into a long log, after events have gone out: the JSON
# document is finished (events so far, their summary) with the error in it.
# A Unix socket whose peer closed with unread data reads ECONNRESET.
@test "events --file -: a read error after output began ends the document with it" {
	for i in $(seq 200); do cat "$LAB"; done >"$BATS_TEST_TMPDIR/long"
	cat >"$BATS_TEST_TMPDIR/reset.py" <<'PY'
import socket, subprocess, sys
wmtune, log, out, err, *args = sys.argv[1:]
mine, theirs = socket.socketpair()
theirs.send(b"x")  # left unread in mine: closing mine resets theirs
with open(out, "wb") as o, open(err, "wb") as e:
    p = subprocess.Popen([wmtune, "events", "--file", "-", *args],
                         stdin=theirs, stdout=o, stderr=e)
    theirs.close()
    mine.sendall(open(log, "rb").read())
    mine.close()
    sys.exit(p.wait())
PY
	run python3 "$BATS_TEST_TMPDIR/reset.py" "$WMTUNE" "$BATS_TEST_TMPDIR/long" \
		"$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/err" --json --all
	assert_status 1
	[ ! -s "$BATS_TEST_TMPDIR/err" ]
	[ "$(wc -l <"$BATS_TEST_TMPDIR/out")" -eq 1 ]
	d="$(cat "$BATS_TEST_TMPDIR/out")"
	[ "$(json 'len(d["events"])' <<<"$d")" = 400 ]
	[ "$(json 'd["summary"]["reports"]' <<<"$d")" = 400 ]
	[ "$(json 'd["error"]["command"]' <<<"$d")" = events ]
	[ "$(json 'd["error"]["errno"]' <<<"$d")" = 104 ]
	[ "$(json 'd["error"]["message"]' <<<"$d")" = "standard input: Connection reset by peer" ]
	# text: the rows so far, then the error on stderr
	run python3 "$BATS_TEST_TMPDIR/reset.py" "$WMTUNE" "$BATS_TEST_TMPDIR/long" \
		"$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/err" --all
	assert_status 1
	[ "$(grep -c ' dd ' "$BATS_TEST_TMPDIR/out")" -eq 400 ]
	grep -qx 'wmtune: events: standard input: Connection reset by peer' "$BATS_TEST_TMPDIR/err"
}

@test "events --follow: text rows as they complete, no line between them" {
	burst_tree
	out="$BATS_TEST_TMPDIR/follow.txt"
	"$WMTUNE" --root "$ROOT" events --follow >"$out" 2>&1 &
	pid=$!
	for _ in $(seq 30); do
		[ "$(grep -c ' dd ' "$out")" -ge 2 ] && break
		sleep 0.2
	done
	kill -TERM "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 0 ]
	# the header, the two rows, then one blank line before the summary
	[ "$(sed -n 1p "$out" | cut -c1-4)" = TIME ]
	[[ "$(sed -n 2p "$out")" =~ ^5\.051047\ +page\ +0\ yes ]]
	[[ "$(sed -n 3p "$out")" =~ ^15\.054439\ +page\ +0\ yes\ +6247\ +dd ]]
	[ -z "$(sed -n 4p "$out")" ]
	assert_contains "$(sed -n 5p "$out")" "reports: 2 (page 2, slab 0)"
}
