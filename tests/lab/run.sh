#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh: the whole lab (make lab). For every workload, every setting,
# REPS fresh boots; each run's result JSON goes to
# tests/lab/results/WORKLOAD/SETTING-rN.json; then the table (printed,
# tests/lab/results/table.md, and between the markers in docs/lab.md) and
# the plots of the episodic workload (docs/lab-episodes-*.png).
#
# Env: LAB_BUILD, WMTUNE_STATIC (set by make), REPS (5), JOBS (2 boots at
# a time: with -icount a busy host slows a run but does not change it),
# WORKLOADS ("steady episodes ramp"), ONLY (a regex on setting names),
# RESULTS (tests/lab/results), DOC (docs/lab.md; "none": leave it).
set -uo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$LAB/../.." && pwd)
: "${LAB_BUILD:?}" "${WMTUNE_STATIC:?}"
REPS=${REPS:-5}
JOBS=${JOBS:-2}
WORKLOADS=${WORKLOADS:-"steady episodes ramp"}
ONLY=${ONLY:-.}
RESULTS=${RESULTS:-$LAB/results}
DOC=${DOC:-$TOP/docs/lab.md}
export LAB_BUILD

# The workloads: every burst is 1024 GFP_ATOMIC order-0 pages (4 MiB) held
# 500 ms, one a second, while dd streams a disk through the page cache.
#   steady    bursts from the start to the end
#   episodes  6 s of bursts, 18 s quiet, three times (decay, and what a
#             policy keeps from one episode to the next, matter here)
#   ramp      the burst grows from 352 pages by 96 a second (to 1792)
# Their lengths are what lets the whole matrix fit in 45 minutes.
declare -A WORKLOAD=(
	[steady]="lab.dur=12"
	[episodes]="lab.dur=54 lab.on=6000 lab.off=18000"
	[ramp]="lab.dur=16 lab.burst=256 lab.ramp_step=96 lab.ramp_ms=1000"
)
# wmtune's decay clock runs 20 times faster than in production (quiet 300 s
# and a decay step every 300 s become 15 s and 15 s), the same for every
# policy. The quiet time cannot go much lower: the kernel prints at most
# one allocation-failure report per 10 s, so a policy that took 10 s
# without a report for calm would decay in the middle of an episode. The
# debounce (10 s) is not scaled, for the same reason.
SCALE=--quiet=15,--decay-interval=15
SETTINGS=${SETTINGS:-"kernel-default:
static-mfk-x2:lab.mfk=x2
static-mfk-x3:lab.mfk=x3
static-mfk-x4:lab.mfk=x4
static-wsf-100:lab.wsf=100
static-wsf-200:lab.wsf=200
wmtune-seed-v1:lab.watch=--policy=seed-v1,$SCALE
wmtune-seed-v2:lab.watch=--policy=seed-v2,$SCALE
wmtune-default:lab.watch=--policy=default,$SCALE
wmtune-default-mfk:lab.watch=--policy=default,--knobs=min_free_kbytes,$SCALE
wmtune-default-wsf:lab.watch=--policy=default,--knobs=watermark_scale_factor,$SCALE"}
# Episodes only: settings to try beside the matrix, e.g.
# PROPOSALS='p-decay25:lab.watch=--policy=default,--decay-pct=25,--quiet=15,--decay-interval=15'
PROPOSALS=${PROPOSALS:-}
pick() { echo "$1" | grep -E "^($ONLY)[^:]*:" | grep -v '^$'; }
mapfile -t SETS < <(pick "$SETTINGS")
mapfile -t PROPS < <(pick "$PROPOSALS")
# the settings of workload $1
sets_of() {
	local -n out=$2
	out=("${SETS[@]}")
	[ "$1" = episodes ] && out+=("${PROPS[@]}")
}

T0=$(date +%s)
"$LAB/build.sh" || exit 1
for w in $WORKLOADS; do
	[ -n "${WORKLOAD[$w]:-}" ] || { echo "lab: unknown workload $w" >&2; exit 64; }
	mkdir -p "$RESULTS/$w"
	sets_of "$w" these
	for s in "${these[@]}"; do rm -f "$RESULTS/$w/${s%%:*}"-r*.json; done
done

# one job: boot, then turn the guest's result into the run's JSON
run_one() {
	local w=$1 rep=$2 s=$3 name=${3%%:*} args=${3#*:} run
	run=$w-$name-r$rep
	if ! "$LAB/boot.sh" "$run" ${WORKLOAD[$w]} $args >"$LAB_BUILD/runs/$run.lab" 2>&1; then
		echo "lab: $run gave no result (see $LAB_BUILD/runs/$run.console)" >&2
		return 1
	fi
	python3 "$LAB/lab.py" collect "$LAB_BUILD/runs/$run" \
		"$RESULTS/$w/$name-r$rep.json" --workload "$w" --setting "$name" \
		--rep "$rep" --args "${WORKLOAD[$w]} $args"
}

mkdir -p "$LAB_BUILD/runs"
fails=0
n=0
total=0
for w in $WORKLOADS; do sets_of "$w" these; total=$((total + REPS * ${#these[@]})); done
echo "lab: $total boots, $JOBS at a time"
# settings interleaved within each repetition, so that any drift over the
# run touches every setting alike
for rep in $(seq 1 "$REPS"); do
	for w in $WORKLOADS; do
		sets_of "$w" these
		for s in "${these[@]}"; do
			while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
				wait -n || fails=$((fails + 1))
			done
			n=$((n + 1))
			run_one "$w" "$rep" "$s" &
		done
	done
done
while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n || fails=$((fails + 1)); done

names=$(printf '%s|' "${SETS[@]%%:*}" "${PROPS[@]%%:*}")
doc=()
[ "$DOC" != none ] && [ -f "$DOC" ] && doc=(--doc "$DOC")
python3 "$LAB/lab.py" table "$RESULTS" --settings "${names%|}" \
	--workloads "$WORKLOADS" "${doc[@]}" | tee "$RESULTS/table.md"
case " $WORKLOADS " in
*" episodes "*) [ "$DOC" != none ] && python3 "$LAB/lab.py" plot "$RESULTS" episodes "$(dirname "$DOC")";;
esac
echo "lab: $n boots, $fails without a result, $(( $(date +%s) - T0 )) s"
[ "$fails" -eq 0 ]
