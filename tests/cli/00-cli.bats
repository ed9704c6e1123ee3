#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The dispatcher: help, version, usage errors, multi-call names, exit codes.

load helper

@test "no command is a usage error (64)" {
	wm_raw
	assert_status 64
	assert_contains "$stderr" "Usage: wmtune"
}

@test "unknown command is a usage error that names it" {
	wm_raw frobnicate
	assert_status 64
	assert_contains "$stderr" "unknown command 'frobnicate'"
}

@test "--help lists every command from the table" {
	wm_raw --help
	assert_status 0
	for c in status events predict help; do
		assert_contains "$output" "  $c "
	done
}

@test "--version prints the version" {
	wm_raw --version
	assert_status 0
	[[ "$output" =~ ^wmtune\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "unknown option of a command is a usage error naming the command" {
	wm_raw status --no-such-option
	assert_status 64
	assert_contains "$stderr" "wmtune status"
}

@test "help COMMAND shows that command's options" {
	wm_raw help predict
	assert_status 0
	assert_contains "$output" "Usage: wmtune predict"
	assert_contains "$output" "--min-free-kbytes"
}

@test "help of an unknown command is a usage error" {
	wm_raw help nope
	assert_status 64
	assert_contains "$stderr" "unknown command 'nope'"
}

@test "--root to a missing directory is a clear usage error" {
	wm_raw --root /nonexistent/wmtune-root status
	assert_status 64
	assert_contains "$stderr" "--root /nonexistent/wmtune-root: No such file or directory"
}

@test "--root to a missing directory in JSON mode is a JSON error" {
	wm_raw status --json --root /nonexistent/wmtune-root
	assert_status 64
	[ "$(echo "$output" | json 'd["error"]["errno"]')" = 2 ]
	[ "$(echo "$output" | json 'd["schema"]')" = 1 ]
}

@test "wmtune-<command> runs that command (multi-call)" {
	ln -s "$WMTUNE" "$BATS_TEST_TMPDIR/wmtune-predict"
	run --separate-stderr "$BATS_TEST_TMPDIR/wmtune-predict" --help
	assert_status 0
	assert_contains "$output" "Usage: wmtune predict"
}

@test "global options work before and after the command" {
	use_tree local-6.18
	run --separate-stderr "$WMTUNE" --json --root "$ROOT" predict
	assert_status 0
	[ "$(echo "$output" | json 'd["schema"]')" = 1 ]
	run --separate-stderr "$WMTUNE" predict --root "$ROOT" --json
	assert_status 0
	[ "$(echo "$output" | json 'd["schema"]')" = 1 ]
}

@test "a write error on stdout is an error, not a silent truncation" {
	[ -w /dev/full ] || skip "no /dev/full on this machine"
	use_tree local-6.18
	run --separate-stderr bash -c '"$0" --root "$1" predict > /dev/full' "$WMTUNE" "$ROOT"
	assert_status 1
	assert_contains "$stderr" "write error"
}

@test "another wmtune-<name> (wmtune-static) is plain wmtune" {
	cp "$WMTUNE" "$BATS_TEST_TMPDIR/wmtune-static"
	run --separate-stderr "$BATS_TEST_TMPDIR/wmtune-static" help predict
	assert_status 0
	assert_contains "$output" "Usage: wmtune predict"
}
