#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build what one boot of the lab needs, all under $LAB_BUILD:
#   module/atomic_burst.ko  against /lib/modules/$KVER/build (linux-headers)
#   labstat                 the guest's sampler (static)
#   initramfs.cpio.gz       busybox-static, /init, wmtune (static), labstat,
#                           the virtio modules and atomic_burst.ko
#   data.img                a 1 GiB sparse disk that dd streams in the guest
#   vmlinux                 the kernel unpacked from /boot/vmlinuz-$KVER:
#                           qemu boots it directly (PVH entry), which saves
#                           the emulated decompression, half of a boot
#   kver                    the kernel release booted (/boot/vmlinuz-$KVER)
# Env: LAB_BUILD (required), WMTUNE_STATIC (required), KVER (default: the
# newest installed kernel that has its headers).
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
: "${LAB_BUILD:?}" "${WMTUNE_STATIC:?}"

if [ -z "${KVER:-}" ]; then
	for k in $(ls /lib/modules 2>/dev/null | sort -V); do
		[ -f "/boot/vmlinuz-$k" ] && [ -d "/lib/modules/$k/build" ] && KVER=$k
	done
fi
if [ -z "${KVER:-}" ]; then
	echo "lab: no kernel with headers in /boot and /lib/modules: run make lab-deps" >&2
	exit 1
fi
for f in /bin/busybox "$WMTUNE_STATIC"; do
	[ -x "$f" ] || { echo "lab: $f missing (make lab-deps, make static)" >&2; exit 1; }
done

mkdir -p "$LAB_BUILD/module"
cp "$LAB/module/atomic_burst.c" "$LAB/module/Makefile" "$LAB_BUILD/module/"
out=$(make -s -C "/lib/modules/$KVER/build" M="$LAB_BUILD/module" modules 2>&1) ||
	{ echo "$out" >&2; exit 1; }
gcc -std=gnu11 -O2 -static -Wall -Wextra -Werror -o "$LAB_BUILD/labstat" \
	"$LAB/guest/labstat.c"

R=$LAB_BUILD/rootfs
rm -rf "$R"
mkdir -p "$R"/{bin,lib/modules,proc,sys,dev,tmp,out}
cp /bin/busybox "$R/bin/busybox"
cp "$LAB/guest/init" "$R/init"
chmod 0755 "$R/init"
cp "$WMTUNE_STATIC" "$R/bin/wmtune"
cp "$LAB_BUILD/labstat" "$R/bin/labstat"
cp "$LAB_BUILD/module/atomic_burst.ko" "$R/lib/modules/"
. "$LAB/kmods.sh"
copy_kmods "/lib/modules/$KVER/kernel" "$R/lib/modules" \
	drivers/virtio/virtio_ring drivers/virtio/virtio \
	drivers/virtio/virtio_pci_legacy_dev drivers/virtio/virtio_pci_modern_dev \
	drivers/virtio/virtio_pci drivers/block/virtio_blk
(cd "$R" && find . | cpio -o -H newc --quiet | gzip -1) > "$LAB_BUILD/initramfs.cpio.gz"
if [ ! -s "$LAB_BUILD/vmlinux" ] || [ "$(cat "$LAB_BUILD/kver" 2>/dev/null)" != "$KVER" ]; then
	python3 "$LAB/lab.py" unpack-kernel "/boot/vmlinuz-$KVER" "$LAB_BUILD/vmlinux"
fi
[ -f "$LAB_BUILD/data.img" ] || truncate -s 1G "$LAB_BUILD/data.img"
echo "$KVER" > "$LAB_BUILD/kver"
echo "lab: built for kernel $KVER ($(stat -c %s "$LAB_BUILD/initramfs.cpio.gz") bytes initramfs)"
