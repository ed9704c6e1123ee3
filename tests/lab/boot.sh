#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# boot.sh NAME [lab.KEY=VALUE ...]: one fresh boot of the guest (see
# guest/init for the keys). Writes $LAB_BUILD/runs/NAME.console (the serial
# console) and $LAB_BUILD/runs/NAME/ (the guest's /out, result.json in it),
# prints the guest's "LAB ..." lines and exits non-zero when the boot gave
# no result.
# Env: LAB_BUILD (required), MEM (256M), SMP (1), TIMEOUT (seconds, 300),
# ICOUNT (the -icount option, "shift=3,sleep=off"; "none" for plain TCG).
# TCG, not KVM: /dev/kvm on these machines cannot boot Debian's kernel (it
# hangs in the decompressor), and TCG is what CI has anyway. With -icount
# the guest's clock advances with the instructions it executes (2^3 ns
# each: a 125 MIPS CPU), not with the host's clock, so a busy host slows
# a run down but does not change its result; sleep=off skips idle time.
set -uo pipefail
: "${LAB_BUILD:?}"
NAME=$1
shift
MEM=${MEM:-256M}
SMP=${SMP:-1}
TIMEOUT=${TIMEOUT:-300}
ICOUNT=${ICOUNT:-shift=3,sleep=off}
ACCEL=(-accel tcg)
[ "$ICOUNT" = none ] || ACCEL+=(-icount "$ICOUNT")
OUT=$LAB_BUILD/runs
mkdir -p "$OUT"
rm -rf "${OUT:?}/$NAME" "$OUT/$NAME.img"
truncate -s 32M "$OUT/$NAME.img"
# loglevel=3 keeps the long warn_alloc reports off the slow serial console;
# they still reach the ring buffer (enlarged), where wmtune reads them.
APPEND="console=ttyS0 loglevel=3 log_buf_len=8M panic=-1 $*"
start=$(date +%s%N)
timeout "$TIMEOUT" qemu-system-x86_64 "${ACCEL[@]}" -cpu max -m "$MEM" -smp "$SMP" \
	-nographic -no-reboot -nic none \
	-kernel "$LAB_BUILD/vmlinux" -initrd "$LAB_BUILD/initramfs.cpio.gz" \
	-append "$APPEND" \
	-drive file="$LAB_BUILD/data.img",format=raw,if=virtio,readonly=on \
	-drive file="$OUT/$NAME.img",format=raw,if=virtio \
	</dev/null >"$OUT/$NAME.console" 2>&1
rc=$?
wall=$(( ($(date +%s%N) - start) / 1000000 ))
# CPU time of qemu (the children's line of `times`): what the boot costs
# on an idle host, whatever the wall time was on a busy one
times >"$OUT/$NAME.times"
cpu=$(tail -1 "$OUT/$NAME.times" | awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/);
	printf "%d", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000 }')
rm -f "$OUT/$NAME.times"
echo "LABHOST qemu_rc=$rc wall_ms=$wall cpu_ms=$cpu" >>"$OUT/$NAME.console"
mkdir -p "$OUT/$NAME"
tar -xf "$OUT/$NAME.img" -C "$OUT/$NAME" 2>/dev/null
rm -f "$OUT/$NAME.img"
grep -a '^LAB' "$OUT/$NAME.console" | tr -d '\r'
[ -s "$OUT/$NAME/result.json" ]
