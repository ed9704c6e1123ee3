#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# No shell, no exec (DESIGN.md safety invariants): wmtune runs as root and
# writes kernel tunables, so nothing in it may start another program.
# The sources must not call system(), popen(), the exec*() family or
# posix_spawn*() nor name /bin/sh (comments aside), and the binary must not
# import any of them.

load helper

# code_only [TOP]: the C sources of TOP/cmd and TOP/lib (default: this
# tree) with comments and string contents blanked (a string holding
# "/bin/sh" stays visible), one "file:line: text" per line.
code_only() {
	python3 - "${1:-$BATS_TEST_DIRNAME/../..}" <<'PY'
import pathlib, re, sys
top = pathlib.Path(sys.argv[1]).resolve()
tok = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
def blank(m):
    t = m.group(0)
    if t.startswith('"'):
        return '"/bin/sh"' if '/bin/sh' in t else '""'
    return re.sub(r'[^\n]', ' ', t)
for d in ('cmd', 'lib'):
    for f in sorted((top / d).glob('*.[ch]')):
        text = tok.sub(blank, f.read_text(errors='replace'))
        for n, line in enumerate(text.split('\n'), 1):
            print(f'{d}/{f.name}:{n}: {line}')
PY
}

FORBIDDEN_CALLS='\b(system|popen|execl|execlp|execle|execv|execvp|execvpe|execve|execveat|fexecve|posix_spawn|posix_spawnp)[[:space:]]*\('

@test "noexec: the sources call no system(), popen(), exec*() or posix_spawn()" {
	run code_only
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -gt 1000 ] # the scan saw the sources
	hits=$(printf '%s\n' "$output" | grep -E "$FORBIDDEN_CALLS" || true)
	if [ -n "$hits" ]; then
		echo "forbidden calls:" >&2
		echo "$hits" >&2
		return 1
	fi
}

@test "noexec: the sources do not name /bin/sh outside comments" {
	run code_only
	[ "$status" -eq 0 ]
	hits=$(printf '%s\n' "$output" | grep -F '/bin/sh' || true)
	if [ -n "$hits" ]; then
		echo "/bin/sh in code:" >&2
		echo "$hits" >&2
		return 1
	fi
}

@test "noexec: the scan finds a forbidden call when there is one" {
	# a planted tree: the two tests above can fail
	mkdir -p "$BATS_TEST_TMPDIR/t/cmd" "$BATS_TEST_TMPDIR/t/lib"
	cat >"$BATS_TEST_TMPDIR/t/lib/x.c" <<'C'
/* system( in a comment is fine,
 * and so is execv( on a second comment line */
static int f(void) { return system ("ls"); }
static const char *s = "popen( in a string";
static const char *sh = "/bin/sh";
C
	run code_only "$BATS_TEST_DIRNAME/../../tests/x-does-not-exist"
	[ "$output" = "" ]
	run code_only "$BATS_TEST_TMPDIR/t"
	[ "$status" -eq 0 ]
	calls=$(printf '%s\n' "$output" | grep -E "$FORBIDDEN_CALLS")
	[ "$calls" = 'lib/x.c:3: static int f(void) { return system (""); }' ]
	sh=$(printf '%s\n' "$output" | grep -F '/bin/sh')
	[ "$sh" = 'lib/x.c:5: static const char *sh = "/bin/sh";' ]
}

@test "noexec: the binary imports no system, popen, exec* or posix_spawn" {
	bin=${WMTUNE_REAL:-$WMTUNE}
	run nm -D --undefined-only "$bin"
	[ "$status" -eq 0 ]
	# it does import libc: an empty list would prove nothing
	printf '%s\n' "$output" | grep -qE ' U (open|read)(@|$)'
	hits=$(printf '%s\n' "$output" | awk '{print $NF}' | sed 's/@.*//' |
		grep -xE 'system|popen|execl|execlp|execle|execv|execvp|execvpe|execve|execveat|fexecve|posix_spawn|posix_spawnp' || true)
	if [ -n "$hits" ]; then
		echo "imported: $hits" >&2
		return 1
	fi
}
