#!/bin/bash
#SBATCH --job-name=winnow
#SBATCH --output=winnow-%A_%a.log
#
# One task of a Slurm job array that cleans a crawl with winnow: one input
# file (WARC, WARC.gz, JSONL) in, one output file out.
#
#   sbatch --array=0-N%M --cpus-per-task=C --mem-per-cpu=1G \
#          contrib/slurm/winnow-array.sh MANIFEST OUTDIR [WINNOW BATCH OPTIONS...]
#
# MANIFEST holds one input path a line (blank lines and lines starting with
# # are left out; contrib/slurm/winnow-manifest makes one and prints the
# --array range).  Task T takes the inputs numbered T*K .. T*K+K-1 (from 0),
# K = WINNOW_PER_TASK, and runs
#
#   winnow batch --output-dir OUTDIR --skip-existing -j $SLURM_CPUS_PER_TASK \
#                --task JOBID_T [WINNOW BATCH OPTIONS...] -- INPUTS
#
# which writes, per input, OUTDIR/NAME.jsonl (.jsonl.gz with --compress),
# OUTDIR/NAME.errors.jsonl and, once both are complete, OUTDIR/NAME.summary.json.
# An input whose summary vouches for its files is left alone, so rerunning
# the whole array after a failure, a time limit or a scancel redoes only
# what is missing or was cut; a redone output is byte-identical.
#
# Exit status: 0 when every input of the task is done (records that were
# damaged in the input are counted in the summaries, they do not fail the
# task); 1 when some input is not done (rerun the array); 2 usage error.
#
# Environment:
#   WINNOW               the winnow binary (default: winnow on PATH)
#   WINNOW_PER_TASK      inputs per task (default 1)
#   WINNOW_TASK_OFFSET   added to SLURM_ARRAY_TASK_ID, for manifests longer
#                        than the cluster's MaxArraySize allows in one array
#
# Two submissions writing the same OUTDIR at the same time would write the
# same temporary files: submit with --dependency=singleton (and one
# --job-name per run), or wait for the first to end.
set -uo pipefail

die() {
  echo "winnow-array: $*" >&2
  exit 2
}

[ $# -ge 2 ] || die "usage: winnow-array.sh MANIFEST OUTDIR [winnow batch options...]"
manifest=$1
outdir=$2
shift 2
winnow=${WINNOW:-winnow}
per=${WINNOW_PER_TASK:-1}
offset=${WINNOW_TASK_OFFSET:-0}
task=${SLURM_ARRAY_TASK_ID:-}
[ -n "$task" ] || die "not a job array task (submit with sbatch --array=...)"
[[ $per =~ ^[1-9][0-9]*$ ]] || die "WINNOW_PER_TASK must be a positive number, not '$per'"
[[ $offset =~ ^[0-9]+$ ]] || die "WINNOW_TASK_OFFSET must be a number, not '$offset'"
[ -r "$manifest" ] || die "$manifest: cannot read the manifest"
command -v "$winnow" >/dev/null || die "$winnow: not found (set WINNOW)"

index=$((task + offset))
first=$((index * per))
# the same rule as winnow-manifest and winnow batch --summarize --manifest
mapfile -t inputs < <(awk -v first="$first" -v per="$per" '
  { sub(/\r$/, "") }
  /^[ \t]*(#|$)/ { next }
  { if (n >= first && n < first + per) print; n++ }' "$manifest")

if [ ${#inputs[@]} -eq 0 ]; then
  echo "winnow-array: task $task: no inputs (the manifest ends before input $first)"
  exit 0
fi

jobs=${SLURM_CPUS_PER_TASK:-1}
tag="${SLURM_ARRAY_JOB_ID:-local}_${task}"
echo "winnow-array: task $tag on $(hostname): inputs $first to $((first + ${#inputs[@]} - 1)) of $manifest, -j $jobs"

"$winnow" batch --output-dir "$outdir" --skip-existing -j "$jobs" --task "$tag" "$@" -- "${inputs[@]}"
rc=$?
if [ $rc -eq 1 ]; then
  # Some record failed, or some input is not done: only the second fails the task.
  if undone=$("$winnow" batch --output-dir "$outdir" --check-done "$@" -- "${inputs[@]}"); then
    echo "winnow-array: task $tag: every input done (failed records are counted in the summaries)"
    rc=0
  else
    echo "winnow-array: task $tag: not done, rerun the array: ${undone//$'\n'/ }" >&2
  fi
fi
exit $rc
