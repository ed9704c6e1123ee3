#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# smoke.sh: make lab-smoke, the lab in one boot (CI runs it). `wmtune watch
# --policy default` runs in the guest while atomic_burst fails for real;
# passes when wmtune counted the failures from the kernel log, raised
# min_free_kbytes on them, and the failure rate in the last third of the
# run is below the first third's. One line of verdict; exit 0 or 1.
# Env: LAB_BUILD, WMTUNE_STATIC (set by make).
set -uo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
: "${LAB_BUILD:?}" "${WMTUNE_STATIC:?}"
export LAB_BUILD
T0=$(date +%s)
"$LAB/build.sh" >/dev/null || exit 1
mkdir -p "$LAB_BUILD/runs"
if ! "$LAB/boot.sh" smoke lab.dur=24 \
	lab.watch=--policy=default,--quiet=15,--decay-interval=15 >"$LAB_BUILD/runs/smoke.lab" 2>&1; then
	cat "$LAB_BUILD/runs/smoke.lab" >&2
	echo "lab-smoke: FAIL: the guest gave no result (see $LAB_BUILD/runs/smoke.console)"
	exit 1
fi
python3 "$LAB/lab.py" smoke "$LAB_BUILD/runs/smoke" --wall $(( $(date +%s) - T0 ))
