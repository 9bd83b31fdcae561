#!/usr/bin/env bash
# examples/slurm/summarize-array.sbatch: each array task's share, run here one after the other
# with the environment Slurm would give (SLURM_ARRAY_TASK_ID/COUNT/MIN/MAX), must together
# summarize every cluster exactly once. A real single-node Slurm (slurm-wlm with munge) is not
# started by this test: it needs root daemons (slurmctld, slurmd, munged) and a cgroup setup
# that CI containers do not give; the test says so plainly.
# Usage: tests/test_slurm.sh path/to/summarize SOURCE_DIR
set -u
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ex="$src/examples/putin-north-korea"
for i in 1 2 3 4 5; do mkdir -p "$tmp/corpus/c$i"; cp "$ex/00$((i - 1))"* "$tmp/corpus/c$i/"; done
fail=0
for k in 1 2 3; do
  SUMMARIZE=$bin SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=1 \
    SLURM_ARRAY_TASK_MAX=3 SLURM_CPUS_PER_TASK=1 \
    bash "$src/examples/slurm/summarize-array.sbatch" "$tmp/corpus" "$tmp/out" --cpu --words 50 ||
    { echo "FAIL task $k exited $?"; fail=1; }
done
got=$(cat "$tmp"/out/report.*-of-3.jsonl | grep -o '"name":"c[0-9]","status":"ok"' | sort | tr '\n' ' ')
want='"name":"c1","status":"ok" "name":"c2","status":"ok" "name":"c3","status":"ok" "name":"c4","status":"ok" "name":"c5","status":"ok" '
if [ "$got" = "$want" ] && [ "$(ls "$tmp"/out/c*.txt | wc -l)" -eq 5 ]; then
  echo "ok   the array's 3 tasks summarize the 5 clusters exactly once"
else
  echo "FAIL array coverage: $got"; fail=1
fi
[ $fail -eq 0 ] || exit 1
if command -v sbatch >/dev/null && command -v slurmctld >/dev/null && command -v munged >/dev/null; then
  echo "SKIP a real Slurm run: slurm-wlm is installed, but this test does not start its daemons"
else
  echo "SKIP a real Slurm run: slurm-wlm and munge are not installed (sbatch, slurmctld, munged missing)"
fi
exit 0
