#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# make install/uninstall into a DESTDIR, the service unit, the example
# configuration.

load helper

TOP="$BATS_TEST_DIRNAME/../.."

@test "make install puts the binary, links, man pages, completions, unit and config" {
	d="$BATS_TEST_TMPDIR/dest"
	run make -s -C "$TOP" install DESTDIR="$d" PREFIX=/usr BUILD="$(dirname "$WMTUNE")"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ -x "$d/usr/sbin/wmtune" ]
	for c in status events predict suggest apply reset watch; do
		[ "$(readlink "$d/usr/sbin/wmtune-$c")" = wmtune ]
	done
	[ -f "$d/usr/share/man/man8/wmtune.8" ]
	[ -f "$d/usr/share/man/man8/wmtune-watch.8" ]
	[ -f "$d/usr/share/bash-completion/completions/wmtune" ]
	[ -f "$d/usr/share/zsh/site-functions/_wmtune" ]
	grep -q '^ExecStart=/usr/sbin/wmtune watch$' "$d/usr/lib/systemd/system/wmtune.service"
	[ -f "$d/etc/wmtune.conf" ]
	"$d/usr/sbin/wmtune-predict" --help | grep -q 'Usage: wmtune predict'
	run make -s -C "$TOP" uninstall DESTDIR="$d" PREFIX=/usr
	[ "$status" -eq 0 ]
	[ ! -e "$d/usr/sbin/wmtune" ]
	[ ! -e "$d/usr/sbin/wmtune-watch" ]
	[ ! -e "$d/usr/lib/systemd/system/wmtune.service" ]
}

@test "make install STATIC=1 installs the static build" {
	# a static link of sanitizer-built objects cannot work
	nm "$WMTUNE" 2>/dev/null | grep -q __asan_init && skip "this build is sanitized"
	d="$BATS_TEST_TMPDIR/dest"
	run make -s -C "$TOP" install STATIC=1 DESTDIR="$d" PREFIX=/usr BUILD="$(dirname "$WMTUNE")"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	! readelf -d "$d/usr/sbin/wmtune" | grep -q NEEDED
	"$d/usr/sbin/wmtune-status" --help | grep -q 'Usage: wmtune status'
}

@test "the service unit passes systemd-analyze verify" {
	command -v systemd-analyze >/dev/null || skip "no systemd-analyze here"
	unit="$BATS_TEST_TMPDIR/wmtune.service"
	sed "s|@SBINDIR@/wmtune|$WMTUNE|" "$TOP/dist/wmtune.service.in" > "$unit"
	run systemd-analyze verify --man=no "$unit"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	grep -q '^Type=notify$' "$unit"
	grep -q '^CapabilityBoundingSet=CAP_SYSLOG$' "$unit"
	! grep -q '^ProtectKernelTunables=' "$unit"
}

@test "the example configuration names every policy parameter, at its default" {
	conf="$TOP/dist/wmtune.conf"
	for o in $("$WMTUNE" suggest --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
		case $o in --help|--usage|--version|--json|--pretty|--root|--check|--format|--config|--state|--any-facility) continue ;; esac
		key=${o#--}
		grep -qE "^#${key//-/_} = " "$conf" || { echo "$conf lacks $key"; return 1; }
	done
	use_tree lab-6.1-failing
	wm suggest --json --state "$BATS_TEST_TMPDIR/s.json"
	plain=$output
	# uncommented, the file must change nothing: every value is the default
	sed 's/^#\([a-z_]* = \)/\1/' "$conf" > "$BATS_TEST_TMPDIR/all.conf"
	wm suggest --json --state "$BATS_TEST_TMPDIR/s.json" --config "$BATS_TEST_TMPDIR/all.conf"
	assert_status 0
	[ "$output" = "$plain" ]
}
