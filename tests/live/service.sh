#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# service.sh: make live-service. wmtune.service, exactly as `make install`
# writes it, run by systemd on THIS machine's kernel: systemd boots in a
# container (systemd-nspawn) whose /proc/sys, /sys/kernel/tracing and
# /dev/kmsg are this machine's, so the service writes the real sysctls.
# (This machine's own PID 1 is not systemd; tests/lab/service.sh runs the
# same unit in a qemu guest with Debian's kernel and real failures.)
#
# One drop-in is added to the unit, for the test only: --any-facility, so
# that failure records written to /dev/kmsg count, with the policy flags
# of `make bench` figure 2 (--debounce 0 --step-pct 1 --proactive no
# --recall no --knobs min_free_kbytes), and an ExecStartPre= `wmtune
# apply` that puts the state's kernel-log cursor at the end of the log,
# so that the records earlier tests left there do not count (it runs in
# the unit's own sandbox: a command entered into the container sees the
# boot id nspawn fakes, the service this machine's). The hardening is the
# unit's own.
#
# Prints one "SERVICE <check> ok|FAIL <detail>" line per check and a
# verdict; exit 0 only when every check passed, 77 when it cannot run here.
# min_free_kbytes and watermark_scale_factor are put back in an EXIT trap.
# Env: WMTUNE_BUILD (the build directory, for make install; set by make),
# BENCH_BIN (tests/bench's probes), INJECT (injections, 50).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
: "${WMTUNE_BUILD:?}" "${BENCH_BIN:?}"
INJECT=${INJECT:-50}
S=$WMTUNE_BUILD/live-service
BASE=$WMTUNE_BUILD/lab/svc      # shared with make lab-service
VM=/proc/sys/vm
TRACING=/sys/kernel/tracing/instances
NAME=wmtune-live-service

skip() { echo "live-service: SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root"
command -v systemd-nspawn >/dev/null || skip "no systemd-nspawn (apt-get install systemd-container)"
[ -w $VM/min_free_kbytes ] || skip "$VM is not writable"
[ -w /dev/kmsg ] || skip "/dev/kmsg is not writable"
[ -d $TRACING ] || skip "no tracefs at /sys/kernel/tracing"
[ -x "$BENCH_BIN/latency" ] || skip "$BENCH_BIN/latency is not built"

. "$TOP/tests/lab/service/base.sh"
svc_base "$BASE" live-service || exit 1

SAVED_MFK=$(cat $VM/min_free_kbytes)
SAVED_WSF=$(cat $VM/watermark_scale_factor)
NSPAWN=
nfail=0
nok=0
cleanup() {
	if [ -n "$NSPAWN" ] && kill -0 "$NSPAWN" 2>/dev/null; then
		kill -TERM "$NSPAWN" 2>/dev/null
		for _ in $(seq 50); do kill -0 "$NSPAWN" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$NSPAWN" 2>/dev/null
	fi
	echo "$SAVED_MFK" > $VM/min_free_kbytes
	echo "$SAVED_WSF" > $VM/watermark_scale_factor
	# an instance left by a watch that did not stop (its pid is the container's)
	for d in "$TRACING"/wmtune-*; do
		[ -d "$d" ] && ! pgrep -f '^/usr/sbin/wmtune watch' >/dev/null && rmdir "$d" 2>/dev/null
	done
	true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

check() { # NAME CONDITION-RESULT(0/1) DETAIL
	if [ "$2" = 0 ]; then
		echo "SERVICE $1 ok $3"
		nok=$((nok + 1))
	else
		echo "SERVICE $1 FAIL $3"
		nfail=$((nfail + 1))
	fi
}

# --- the container's root: the base plus what the package would install ---
R=$S/root
rm -rf "$R"
mkdir -p "$S"
cp -a "$BASE/base" "$R" || exit 1
make -s -C "$TOP" BUILD="$WMTUNE_BUILD" install STATIC=1 DESTDIR="$R" PREFIX=/usr \
	>"$S/install.log" 2>&1 || { cat "$S/install.log" >&2; exit 1; }
mkdir -p "$R/etc/systemd/system/wmtune.service.d"
cat > "$R/etc/systemd/system/wmtune.service.d/live-test.conf" <<'CONF'
# tests/live/service.sh: count the test's injected records, react to each
[Service]
ExecStartPre=/usr/sbin/wmtune apply --proactive no
ExecStart=
ExecStart=/usr/sbin/wmtune watch --any-facility --debounce 0 --step-pct 1 --proactive no --recall no --knobs min_free_kbytes
CONF
for u in systemd-firstboot.service systemd-timesyncd.service apt-daily.timer \
	 apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer fstrim.timer; do
	ln -sf /dev/null "$R/etc/systemd/system/$u"
done
echo "$NAME" > "$R/etc/hostname"
# the copy's 263 MB written back now, not while the reaction is timed
sync -f "$R"

# --- boot systemd in the container ---
# API file systems writable (/proc/sys/vm is the point); CAP_SYSLOG so
# that the unit's bounding set can grant it (kernel.dmesg_restrict);
# --keep-unit --register=no: no systemd on this side to ask.
SYSTEMD_NSPAWN_API_VFS_WRITABLE=1 systemd-nspawn -q -D "$R" --boot \
	--register=no --keep-unit --console=pipe --machine="$NAME" \
	--capability=CAP_SYSLOG --bind=/dev/kmsg --bind=/sys/kernel/tracing \
	</dev/null >"$S/console.log" 2>&1 &
NSPAWN=$!
# the container's PID 1: nspawn's child, or that child's
container_init() {
	local c
	for c in "$NSPAWN" $(pgrep -P "$NSPAWN"); do
		pgrep -P "$c" -x systemd
	done 2>/dev/null | head -1
}
INIT=
for _ in $(seq 600); do
	INIT=$(container_init)
	[ -n "$INIT" ] && nsenter -t "$INIT" -a systemctl is-system-running 2>/dev/null |
		grep -qE 'running|degraded' && break
	sleep 0.1
done
IN() { nsenter -t "$INIT" -a "$@"; }
state=$(IN systemctl is-system-running 2>/dev/null)
# "degraded": some unit of the container's own failed; not wmtune's yet
failed=$(IN systemctl list-units --failed --plain --no-legend 2>/dev/null | awk '{ print $1 }' | tr '\n' ' ')
check boot "$(case $state in running|degraded) echo 0 ;; *) echo 1 ;; esac)" \
	"systemd in the container: $state${failed:+ (failed: $failed)}"

IN systemctl start wmtune
st=$?
show=$(IN systemctl show wmtune -p ActiveState -p SubState -p StatusText -p MainPID)
MAINPID=$(sed -n 's/^MainPID=//p' <<<"$show")
check ready "$([ $st = 0 ] && grep -q '^ActiveState=active' <<<"$show" && echo 0 || echo 1)" \
	"systemctl start rc=$st $(tr '\n' ' ' <<<"$show")"

# the process as this machine sees it
HOSTPID=$(pgrep -f '^/usr/sbin/wmtune watch' | head -1)
caps=$(grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/"$HOSTPID"/status 2>/dev/null |
	sed 's/:[[:space:]]*/=/' | tr '\n' ' ')
ok=1
grep -q 'CapEff=0000000000000000 ' <<<"$caps" && grep -q 'CapPrm=0000000000000000 ' <<<"$caps" &&
	grep -q 'CapBnd=0000000400000000 ' <<<"$caps" && grep -q 'NoNewPrivs=1 ' <<<"$caps" &&
	grep -q 'Seccomp=2 ' <<<"$caps" && ok=0
check caps $ok "pid $HOSTPID here, $MAINPID in the container: $caps"

inst=$TRACING/wmtune-$MAINPID
check tracing-instance "$([ -d "$inst" ] && echo 0 || echo 1)" \
	"$inst enable=$(cat "$inst/events/printk/console/enable" 2>/dev/null)"

# --- reaction: failure records written here, the sysctl watched here ---
"$BENCH_BIN/latency" "$INJECT" 20 >"$S/latency.txt"
lat=$?
med=$(awk '$1 != "timeout" { print $1 / 1000 }' "$S/latency.txt" | sort -n |
	awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)]; else print "none" }')
p99=$(awk '$1 != "timeout" { print $1 / 1000 }' "$S/latency.txt" | sort -n |
	awk '{ a[NR] = $1 } END { i = int(NR * 0.99 + 0.999); if (NR) print a[i]; else print "none" }')
seen=$(grep -vc '^timeout' "$S/latency.txt")
check react "$lat" "$seen/$INJECT injections raised min_free_kbytes; median $med us, p99 $p99 us"

# --- stop: the baselines back, the instance gone ---
raised=$(cat $VM/min_free_kbytes)
IN systemctl stop wmtune
st=$?
now_mfk=$(cat $VM/min_free_kbytes)
now_wsf=$(cat $VM/watermark_scale_factor)
check restored "$([ $st = 0 ] && [ "$now_mfk" = "$SAVED_MFK" ] && [ "$now_wsf" = "$SAVED_WSF" ] && echo 0 || echo 1)" \
	"systemctl stop rc=$st; min_free_kbytes $raised -> $now_mfk (baseline $SAVED_MFK), watermark_scale_factor $now_wsf (baseline $SAVED_WSF)"
check tracing-removed "$([ ! -e "$inst" ] && echo 0 || echo 1)" "$inst exists=$([ -e "$inst" ] && echo yes || echo no)"

IN journalctl -u wmtune --no-pager -o cat >"$S/journal.txt" 2>&1
events=$(grep -oE '^[0-9TZ:-]+ (wake-hint|start|stop|restore)|\(atomic_failures\)|\(restore\)' "$S/journal.txt" |
	awk '{ print $NF }' | sort | uniq -c | tr -s ' ' | tr '\n' ' ')
denied=$(grep -ciE 'killed by the system call filter|SECCOMP|Operation not permitted.*wmtune' "$S/journal.txt")
ok=1
grep -q 'wake-hint: tracing instance' "$S/journal.txt" && grep -q 'start: watching' "$S/journal.txt" &&
	grep -q "wake-hint: $INJECT wake-ups, $INJECT with a failure ready" "$S/journal.txt" &&
	grep -q 'stop: baselines restored' "$S/journal.txt" && [ "$denied" = 0 ] && ok=0
check journal $ok "$(grep -c . "$S/journal.txt") lines: $events; $(grep -o 'wake-hint: [0-9].*' "$S/journal.txt"); $denied denials"

IN systemctl poweroff >/dev/null 2>&1
for _ in $(seq 100); do kill -0 "$NSPAWN" 2>/dev/null || break; sleep 0.1; done
NSPAWN=

if [ "$nfail" = 0 ] && [ "$nok" = 8 ]; then
	echo "live-service: PASS: $nok checks ok; evidence in $S/"
	exit 0
fi
echo "live-service: FAIL: $nok ok, $nfail failed; see $S/"
exit 1
