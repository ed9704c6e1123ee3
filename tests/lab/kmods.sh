# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/lab/build.sh and tests/lab/service.sh.
# copy_kmods KERNEL-DIR DEST MODULE...: each module (a path under the
# kernel's module tree, without .ko) into DEST as NAME.ko, unpacked
# whether the kernel's packaging left it plain, .xz or .zst; one that is
# built in (no file) is skipped.
copy_kmods() {
	local md=$1 dest=$2 m
	shift 2
	for m in "$@"; do
		if [ -f "$md/$m.ko" ]; then
			cp "$md/$m.ko" "$dest/"
		elif [ -f "$md/$m.ko.xz" ]; then
			xz -dc "$md/$m.ko.xz" > "$dest/$(basename "$m").ko"
		elif [ -f "$md/$m.ko.zst" ]; then
			zstd -qdc "$md/$m.ko.zst" > "$dest/$(basename "$m").ko"
		fi
	done
}
