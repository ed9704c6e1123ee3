#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# wmtune watch on fixture trees: its options, and the wake-up hint
# (lib/wakehint.h), which a tree without tracefs cannot give. The real
# instance and the daemon on the real kernel: tests/live/60-watch.bats.

load helper

setup() {
	use_tree lab-6.1-failing
	STATE="$BATS_TEST_TMPDIR/state.json"
}

@test "watch: --trace-wake takes auto, yes or no, nothing else" {
	wm watch --state "$STATE" --dry-run --count 1 --interval 0 --trace-wake maybe
	assert_status 64
	assert_contains "$stderr" "--trace-wake: 'maybe' is not auto, yes or no"
	for when in auto no; do
		wm watch --state "$STATE" --dry-run --count 1 --interval 0 --trace-wake "$when"
		assert_status 0
	done
}

@test "watch: auto makes no tracing instance on a --root tree, and says nothing of it" {
	wm watch --state "$STATE" --dry-run --count 2 --interval 0
	assert_status 0
	[ ! -e "$ROOT/sys/kernel" ]
	case "$stderr" in *wake-hint*|*tracing*) false ;; esac
	# the tree's failures were still read, from its dev/kmsg file
	assert_contains "$stderr" "dry-run vm.min_free_kbytes 1611 -> 4833 (atomic_failures)"
	# and the stop does not claim to restore what was never written
	assert_contains "$stderr" "stop: dry run, nothing to restore"
}

@test "watch: --trace-wake yes fails where there is no tracefs, and leaves nothing" {
	wm watch --state "$STATE" --count 1 --interval 0 --trace-wake yes
	assert_status 1
	assert_contains "$stderr" "--trace-wake yes: tracefs: No such file or directory"
	[ ! -e "$ROOT/sys/kernel" ]
	# nothing was decided, so nothing was written
	[ "$(cat "$ROOT/proc/sys/vm/min_free_kbytes")" = 1611 ]
}

@test "watch: --trace-wake yes fails when the kernel log cannot be read" {
	rm "$ROOT/dev/kmsg"
	wm watch --state "$STATE" --dry-run --count 1 --interval 0 --trace-wake yes
	assert_status 1
	assert_contains "$stderr" "--trace-wake yes: the kernel log: No such file or directory"
}

@test "watch: a tree whose tracefs is a plain directory gets no instance left behind" {
	mkdir -p "$ROOT/sys/kernel/tracing/instances"
	wm watch --state "$STATE" --dry-run --count 1 --interval 0 --trace-wake yes
	assert_status 1
	assert_contains "$stderr" "--trace-wake yes: buffer_size_kb: No such file or directory"
	[ -z "$(ls -A "$ROOT/sys/kernel/tracing/instances")" ]
}
