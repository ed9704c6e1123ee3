# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/lab/service.sh and tests/live/service.sh: the Debian 12
# root file system both boot systemd in, debootstrapped once into
# $1/base and kept ($1/base.ok records how it was made; delete it to
# redo). svc_base DIR NAME: NAME prefixes the messages. Returns 1, with
# the reason on stderr, when it cannot be made.
SVC_BASE_SPEC="bookworm minbase systemd,systemd-sysv,udev,kmod"

svc_base() {
	local dir=$1 name=$2
	[ "$(cat "$dir/base.ok" 2>/dev/null)" = "$SVC_BASE_SPEC" ] && return 0
	command -v debootstrap >/dev/null ||
		{ echo "$name: debootstrap missing (apt-get install debootstrap)" >&2; return 1; }
	[ "$(id -u)" = 0 ] || { echo "$name: debootstrap needs root" >&2; return 1; }
	rm -rf "$dir/base" "$dir/base.ok"
	mkdir -p "$dir"
	set -- $SVC_BASE_SPEC
	echo "$name: debootstrap $SVC_BASE_SPEC (once; kept in $dir/base)"
	debootstrap --variant="$2" --include="$3" "$1" "$dir/base" \
		http://deb.debian.org/debian >"$dir/debootstrap.log" 2>&1 ||
		{ tail -20 "$dir/debootstrap.log" >&2; echo "$name: debootstrap failed" >&2; return 1; }
	echo "$SVC_BASE_SPEC" > "$dir/base.ok"
}
