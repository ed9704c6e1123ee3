#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Docs and completions are checked against the code (the kernel's
# test_bpftool_synctypes.py, util-linux checkcompletion.sh): every command
# in the table and every option in its --help must be in its man page and
# in both completions, so none of them drifts.

load helper

TOP="$BATS_TEST_DIRNAME/../.."
BASH_COMP="$TOP/completions/wmtune.bash"
ZSH_COMP="$TOP/completions/_wmtune"

commands() {
	"$WMTUNE" --help | awk '/^Commands:/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{exit}'
}

options_of() { # COMMAND -> its long options, without the ones argp adds
	"$WMTUNE" "$1" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u |
		grep -vxE -- '--(help|usage|version)'
}

zsh_block() { # COMMAND -> the lines of its opts_<command>=( ... ) array
	awk -v name="opts_${1//-/_}=(" 'index($0, name) == 1 {on=1; next} on && /^\)/{exit} on' "$ZSH_COMP"
}

@test "the command list is not empty" {
	[ "$(commands | wc -l)" -ge 3 ]
}

@test "every command has a man page listed in wmtune(8)" {
	for c in $(commands); do
		[ "$c" = help ] && continue
		[ -f "$TOP/man/wmtune-$c.8" ] || { echo "no man/wmtune-$c.8"; return 1; }
		grep -q "^\.B $c\$" "$TOP/man/wmtune.8" || { echo "wmtune.8 lacks $c"; return 1; }
		grep -q "BR wmtune-$c (8)" "$TOP/man/wmtune.8" || { echo "wmtune.8 SEE ALSO lacks $c"; return 1; }
	done
}

@test "every option in --help is in the command's man page" {
	for c in $(commands); do
		[ "$c" = help ] && continue
		for o in $(options_of "$c"); do
			case $o in --json|--pretty|--root) page=wmtune ;; *) page=wmtune-$c ;; esac
			sed 's/\\-/-/g' "$TOP/man/$page.8" | grep -qE -- "(^|[^a-z-])$o([^a-z-]|$)" ||
				{ echo "man/$page.8 does not document $o of $c"; return 1; }
		done
	done
}

@test "every option in --help is in the bash completion" {
	for c in $(commands); do
		line=$(grep -E "^\s*local opts_${c//-/_}=" "$BASH_COMP") ||
			{ echo "bash completion has no opts_$c"; return 1; }
		for o in $(options_of "$c"); do
			case $o in --json|--pretty|--root) continue ;; esac
			[[ " ${line//\"/ } " == *" $o "* ]] ||
				{ echo "bash completion of $c lacks $o"; return 1; }
		done
		grep -qE "^\s*local commands=\".*\b$c\b" "$BASH_COMP" ||
			{ echo "bash completion does not list $c"; return 1; }
	done
}

@test "every option in --help is in the zsh completion" {
	for c in $(commands); do
		block=$(zsh_block "$c")
		grep -q "opts_${c//-/_}=(" "$ZSH_COMP" || { echo "zsh completion has no opts_$c"; return 1; }
		for o in $(options_of "$c"); do
			case $o in --json|--pretty|--root) continue ;; esac
			grep -qE -- "'$o(=|\[)" <<<"$block" ||
				{ echo "zsh completion of $c lacks $o"; return 1; }
		done
		grep -qE "^\s*'$c:" "$ZSH_COMP" || { echo "zsh completion does not list $c"; return 1; }
	done
}

@test "completions offer nothing that --help does not have" {
	for c in $(commands); do
		line=$(grep -E "^\s*local opts_${c//-/_}=" "$BASH_COMP" | sed 's/.*="//; s/"$//')
		for o in $line; do
			options_of "$c" | grep -qx -- "$o" ||
				{ echo "bash completion offers $o that $c --help lacks"; return 1; }
		done
	done
}

@test "the common options are documented once, in wmtune(8)" {
	for o in json pretty root; do
		sed 's/\\-/-/g' "$TOP/man/wmtune.8" | grep -qF -- "--$o" || { echo "wmtune.8 lacks --$o"; return 1; }
	done
}
