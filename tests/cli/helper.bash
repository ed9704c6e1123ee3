# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by every bats file: the binary under test, fixture copies, and a
# `wm` wrapper (conmon-style) that runs wmtune with separate stderr.

bats_require_minimum_version 1.5.0

FIXTURES="$(cd "$BATS_TEST_DIRNAME/../fixtures" && pwd)"
: "${WMTUNE:?set WMTUNE to the wmtune binary (make check does)}"
[ -x "$WMTUNE" ] || { echo "WMTUNE=$WMTUNE is not executable" >&2; exit 1; }

# Copy fixture tree NAME into the test's own directory and point ROOT at it,
# so tests that write (apply, reset, state) never touch the repository.
use_tree() {
	ROOT="$BATS_TEST_TMPDIR/root"
	rm -rf "$ROOT"
	cp -a "$FIXTURES/trees/$1" "$ROOT"
}

# wm ARGS...: run wmtune on $ROOT; sets $status, $output, $stderr.
wm() {
	run --separate-stderr "$WMTUNE" --root "$ROOT" "$@"
}

# wm_raw ARGS...: run wmtune with no --root.
wm_raw() {
	run --separate-stderr "$WMTUNE" "$@"
}

# jq-free JSON field access: python3 is on every machine this runs on.
json() { # EXPR [FILE-or-stdin] ; EXPR is a Python expression over `d`
	python3 -c 'import json,sys; d=json.load(sys.stdin); v=eval(sys.argv[1]); print(json.dumps(v) if isinstance(v,(dict,list,bool)) or v is None else v)' "$1"
}

assert_status() {
	if [ "$status" -ne "$1" ]; then
		echo "expected exit $1, got $status" >&2
		echo "stdout: $output" >&2
		echo "stderr: $stderr" >&2
		return 1
	fi
}

assert_contains() { # HAYSTACK NEEDLE
	case "$1" in
	*"$2"*) return 0 ;;
	esac
	echo "expected to find: $2" >&2
	echo "in: $1" >&2
	return 1
}

# wm_kernel ARGS...: run wmtune (like wm) and then do what a kernel does
# after a vm sysctl write: recompute proc/zoneinfo's watermarks for the new
# values (tests/fixtures/tools/fake-kernel-recompute.py). Without it the
# next run's self-check would see watermarks that no longer match.
wm_kernel() {
	local vm="$ROOT/proc/sys/vm" old_mfk old_wsf new_mfk new_wsf
	old_mfk=$(cat "$vm/min_free_kbytes")
	old_wsf=$(cat "$vm/watermark_scale_factor")
	wm "$@"
	local st=$status out=$output err=$stderr
	new_mfk=$(cat "$vm/min_free_kbytes")
	new_wsf=$(cat "$vm/watermark_scale_factor")
	if [ "$new_mfk" != "$old_mfk" ] || [ "$new_wsf" != "$old_wsf" ]; then
		echo "$old_mfk" > "$vm/min_free_kbytes"
		echo "$old_wsf" > "$vm/watermark_scale_factor"
		"$WMTUNE" --root "$ROOT" predict --json --min-free-kbytes "$new_mfk" \
			--watermark-scale-factor "$new_wsf" |
			"$FIXTURES/tools/fake-kernel-recompute.py" "$ROOT/proc/zoneinfo"
		echo "$new_mfk" > "$vm/min_free_kbytes"
		echo "$new_wsf" > "$vm/watermark_scale_factor"
	fi
	status=$st output=$out stderr=$err
}

# kernel_set NAME VALUE: an administrator's write of vm.NAME into $ROOT,
# with the kernel's recomputation of the watermarks that follows it.
# zone_free ZONE PAGES: set a zone's free pages in $ROOT/proc/zoneinfo
# (the first node that has it), as if memory had been used or freed.
zone_free() {
	python3 - "$ROOT/proc/zoneinfo" "$1" "$2" <<'PY'
import re, sys
path, zone, pages = sys.argv[1:]
text = open(path).read()
m = re.search(r"zone +%s\n +pages free +\d+" % re.escape(zone), text)
if not m:
    sys.exit("zone_free: no zone %s in %s" % (zone, path))
new = re.sub(r"\d+$", pages, m.group(0))
open(path, "w").write(text[:m.start()] + new + text[m.end():])
PY
}

kernel_set() {
	"$WMTUNE" --root "$ROOT" predict --json "--${1//_/-}" "$2" |
		"$FIXTURES/tools/fake-kernel-recompute.py" "$ROOT/proc/zoneinfo"
	echo "$2" > "$ROOT/proc/sys/vm/$1"
}
