#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# service.sh: make lab-service. wmtune.service, exactly as `make install`
# writes it, run by systemd as PID 1 in a Debian 12 guest booted with
# Debian's kernel under qemu, while atomic_burst makes real GFP_ATOMIC
# failures. The guest's driver (service/wmtune-svc-test) prints one
# "SERVICE <check> ok|FAIL <detail>" line per check; this prints them and
# a one-line verdict, and exits 0 only when every check passed.
#   $LAB_BUILD/svc/base       debootstrap of bookworm (minbase + systemd),
#                             made once and kept (base.ok says how)
#   $LAB_BUILD/svc/root       a copy of base, with wmtune installed by
#                             `make install STATIC=1 DESTDIR=... PREFIX=/usr`,
#                             the module and the driver; then root.img (ext4)
#   $LAB_BUILD/svc/initramfs.cpio.gz   busybox: insmod virtio_blk and ext4,
#                             mount /dev/vda, switch_root to systemd
#   $LAB_BUILD/runs/service.console, $LAB_BUILD/runs/service/ (the guest's
#                             journals and dmesg, copied out of root.img)
# Env: LAB_BUILD, WMTUNE_STATIC, WMTUNE_BUILD (the build directory, for
# make install; set by make), MEM (256M), TIMEOUT (seconds, 900), ICOUNT
# (as in boot.sh), and svc.KEY=VALUE arguments for the driver.
set -uo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$LAB/../.." && pwd)
: "${LAB_BUILD:?}" "${WMTUNE_STATIC:?}" "${WMTUNE_BUILD:?}"
export LAB_BUILD WMTUNE_STATIC
MEM=${MEM:-256M}
TIMEOUT=${TIMEOUT:-900}
ICOUNT=${ICOUNT:-shift=3,sleep=off}
S=$LAB_BUILD/svc
ARGS="$*"
OUT=$LAB_BUILD/runs
T0=$(date +%s)
die() { echo "lab-service: FAIL: $*"; exit 1; }
mkdir -p "$S" "$OUT"

# the module, the unpacked kernel, the 1 GiB disk dd streams (the lab's)
"$LAB/build.sh" >"$S/build.log" 2>&1 || { cat "$S/build.log" >&2; die "tests/lab/build.sh"; }
KVER=$(cat "$LAB_BUILD/kver")

# --- the Debian rootfs, debootstrapped once ---
. "$LAB/service/base.sh"
svc_base "$S" lab-service || die "the Debian root file system"

# --- this run's rootfs: the base plus what the package would install ---
R=$S/root
rm -rf "$R"
cp -a "$S/base" "$R" || die "copying the base"
make -s -C "$TOP" BUILD="$WMTUNE_BUILD" install STATIC=1 DESTDIR="$R" PREFIX=/usr \
	>"$S/install.log" 2>&1 || { cat "$S/install.log" >&2; die "make install"; }
install -D -m 0644 "$LAB_BUILD/module/atomic_burst.ko" "$R/usr/local/lib/wmtune-lab/atomic_burst.ko"
install -D -m 0755 "$LAB/service/wmtune-svc-test" "$R/usr/local/sbin/wmtune-svc-test"
install -m 0644 "$LAB/service/first-after.awk" "$R/usr/local/lib/wmtune-lab/"
install -m 0644 "$LAB/service/wmtune-svc-test.service" "$R/etc/systemd/system/"
W=$R/etc/systemd/system/multi-user.target.wants
mkdir -p "$W"
# `systemctl enable` of both, as symlinks (no systemd needed on the host)
ln -sf /usr/lib/systemd/system/wmtune.service "$W/wmtune.service"
ln -sf /etc/systemd/system/wmtune-svc-test.service "$W/wmtune-svc-test.service"
# a quiet console and no waiting on a terminal, a clock or a network
for u in serial-getty@ttyS0.service getty@tty1.service systemd-firstboot.service \
	 apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer \
	 e2scrub_all.timer fstrim.timer systemd-timesyncd.service; do
	ln -sf /dev/null "$R/etc/systemd/system/$u"
done
echo wmtune-svc > "$R/etc/hostname"
echo "/dev/vda / ext4 rw,noatime 0 1" > "$R/etc/fstab"
rm -f "$S/root.img"
truncate -s 1G "$S/root.img"
mkfs.ext4 -q -F -L wmtune-svc -d "$R" "$S/root.img" >"$S/mkfs.log" 2>&1 ||
	{ cat "$S/mkfs.log" >&2; die "mkfs.ext4 -d"; }

# --- the initramfs that mounts it ---
I=$S/initramfs
rm -rf "$I"
mkdir -p "$I/bin" "$I/lib/modules"
cp /bin/busybox "$I/bin/busybox"
install -m 0755 "$LAB/service/initramfs-init" "$I/init"
. "$LAB/kmods.sh"
copy_kmods "/lib/modules/$KVER/kernel" "$I/lib/modules" \
	drivers/virtio/virtio_ring drivers/virtio/virtio \
	drivers/virtio/virtio_pci_legacy_dev drivers/virtio/virtio_pci_modern_dev \
	drivers/virtio/virtio_pci drivers/block/virtio_blk lib/crc16 \
	crypto/crc32c_generic fs/mbcache fs/jbd2/jbd2 fs/ext4/ext4
(cd "$I" && find . | cpio -o -H newc --quiet | gzip -1) > "$S/initramfs.cpio.gz"
T1=$(date +%s)

# --- the boot ---
ACCEL=(-accel tcg)
[ "$ICOUNT" = none ] || ACCEL+=(-icount "$ICOUNT")
APPEND="console=ttyS0 loglevel=3 log_buf_len=8M panic=-1 rw systemd.show_status=false systemd.unit=multi-user.target $ARGS"
start=$(date +%s%N)
timeout "$TIMEOUT" qemu-system-x86_64 "${ACCEL[@]}" -cpu max -m "$MEM" -smp 1 \
	-nographic -no-reboot -nic none \
	-kernel "$LAB_BUILD/vmlinux" -initrd "$S/initramfs.cpio.gz" -append "$APPEND" \
	-drive file="$S/root.img",format=raw,if=virtio \
	-drive file="$LAB_BUILD/data.img",format=raw,if=virtio,readonly=on \
	</dev/null >"$OUT/service.console" 2>&1
rc=$?
wall=$(( ($(date +%s%N) - start) / 1000000 ))
echo "LABHOST qemu_rc=$rc wall_ms=$wall" >>"$OUT/service.console"
rm -rf "$OUT/service"
debugfs -R "rdump /root/svc-out $OUT" "$S/root.img" >/dev/null 2>&1 &&
	mv "$OUT/svc-out" "$OUT/service"

grep -a '^SERVICE' "$OUT/service.console" | tr -d '\r' | grep -v '^SERVICE verdict'
verdict=$(grep -a '^SERVICE verdict' "$OUT/service.console" | tr -d '\r')
nok=$(grep -a '^SERVICE [^ ]* ok' "$OUT/service.console" | grep -vc '^SERVICE verdict')
nbad=$(grep -a '^SERVICE [^ ]* FAIL' "$OUT/service.console" | grep -vc '^SERVICE verdict')
took="build $((T1 - T0)) s, boot $((wall / 1000)) s (qemu rc $rc)"
if [ "$verdict" = "SERVICE verdict ok all checks passed" ] && [ "$nbad" = 0 ] && [ "$nok" -ge 12 ]; then
	echo "lab-service: PASS: $nok checks ok; $took; evidence in $OUT/service/"
	exit 0
fi
echo "lab-service: FAIL: $nok ok, $nbad failed, verdict '${verdict:-none}'; $took; see $OUT/service.console and $OUT/service/"
exit 1
