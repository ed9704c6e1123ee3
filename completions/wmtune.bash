# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for wmtune(8). Each command's options sit on one
# `opts_<command>=` line: tests/cli/90-docs.bats checks them against
# `wmtune <command> --help` and the man pages.

_wmtune() {
	local cur prev cmd="" i
	local commands="status events predict suggest apply reset watch record replay help"
	local common="--json --pretty --root --help --usage"
	local opts_status="--format --output"
	local opts_events="--file --all --follow --since-seq --kernel-version --any-facility"
	local opts_predict="--min-free-kbytes --watermark-scale-factor"
	local opts_suggest="--check --format --config --state --any-facility --policy --knobs --step-pct --headroom-step-pct --debounce --quiet --decay-interval --decay-pct --floor-pct --mfk-cap-ram-pct --mfk-cap-default-mult --wsf-cap --headroom-pct --psi-threshold --proactive --recall --defer --escalate"
	local opts_apply="--dry-run --min-free-kbytes --watermark-scale-factor --config --state --any-facility --policy --knobs --step-pct --headroom-step-pct --debounce --quiet --decay-interval --decay-pct --floor-pct --mfk-cap-ram-pct --mfk-cap-default-mult --wsf-cap --headroom-pct --psi-threshold --proactive --recall --defer --escalate"
	local opts_reset="--kernel-default --state --config"
	local opts_watch="--interval --count --dry-run --keep --log --log-format --trace-wake --config --state --any-facility --policy --knobs --step-pct --headroom-step-pct --debounce --quiet --decay-interval --decay-pct --floor-pct --mfk-cap-ram-pct --mfk-cap-default-mult --wsf-cap --headroom-pct --psi-threshold --proactive --recall --defer --escalate"
	local opts_record="--interval --count --output --any-facility"
	local opts_replay="--compare --config --policy --knobs --step-pct --headroom-step-pct --debounce --quiet --decay-interval --decay-pct --floor-pct --mfk-cap-ram-pct --mfk-cap-default-mult --wsf-cap --headroom-pct --psi-threshold --proactive --recall --defer --escalate"
	local opts_help=""

	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}

	case ${COMP_WORDS[0]##*/} in
	wmtune-*) cmd=${COMP_WORDS[0]##*/wmtune-}; cmd=${cmd#wmtune-} ;;
	esac
	for ((i = 1; i < COMP_CWORD && -z $cmd; i++)); do
		case ${COMP_WORDS[i]} in
		--root) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]} ;;
		esac
	done

	case $prev in
	--root)
		COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--file|--output|--state|--config|--log)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--format)
		case $cmd in
		suggest) COMPREPLY=($(compgen -W "text json sysctl" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "text json prom" -- "$cur")) ;;
		esac
		return ;;
	--policy)
		COMPREPLY=($(compgen -W "default seed-v1 seed-v2" -- "$cur")); return ;;
	--knobs)
		COMPREPLY=($(compgen -W "both min_free_kbytes watermark_scale_factor" -- "$cur")); return ;;
	--log-format)
		COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
	--trace-wake)
		COMPREPLY=($(compgen -W "auto yes no" -- "$cur")); return ;;
	--interval|--count)
		return ;;
	--compare)
		COMPREPLY=($(compgen -W "default,seed-v1,seed-v2 default seed-v1 seed-v2" -- "$cur")); return ;;
	--proactive|--recall|--defer|--escalate)
		COMPREPLY=($(compgen -W "yes no" -- "$cur")); return ;;
	--step-pct|--headroom-step-pct|--debounce|--quiet|--decay-interval|--decay-pct|--floor-pct|--mfk-cap-ram-pct|--mfk-cap-default-mult|--wsf-cap|--headroom-pct|--psi-threshold)
		return ;;
	--min-free-kbytes|--watermark-scale-factor|--since-seq|--kernel-version)
		return ;;
	esac

	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "$commands --json --pretty --root --help --version" -- "$cur"))
		return
	fi
	if [ "$cmd" = help ]; then
		COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		return
	fi
	if [ "$cmd" = replay ] && [[ $cur != -* ]]; then
		COMPREPLY=($(compgen -f -- "$cur"))
		return
	fi
	local var="opts_${cmd//-/_}"
	COMPREPLY=($(compgen -W "${!var} $common" -- "$cur"))
}
complete -F _wmtune wmtune wmtune-status wmtune-events wmtune-predict \
	wmtune-suggest wmtune-apply wmtune-reset wmtune-watch wmtune-record \
	wmtune-replay
