#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# examples/slurm/summarize-array.sbatch: each array task's share, run here one after the other
# with the environment Slurm would give (SLURM_ARRAY_TASK_ID/COUNT/MIN/MAX), must together
# summarize every cluster exactly once; then the same array job for real on a single-node Slurm
# (slurm-wlm with munge) started by this test, or a plain SKIP saying why it could not start.
# Usage: tests/test_slurm.sh path/to/summarize SOURCE_DIR
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") src=$(cd "$2" && pwd)
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
# --- a real single-node Slurm: private munged, slurmctld and slurmd in a temporary folder,
# on ports of their own, stopped at the end. Needs root and slurm-wlm + munge (installed by
# scripts/install-deps.sh --services, which scripts/test.sh runs in CI); says plainly why when
# it cannot run.
skip() { echo "SKIP a real Slurm run: $*"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "the Slurm daemons need root here, and this test runs as $(id -un)"
for c in munged munge sbatch slurmctld slurmd sinfo scontrol; do
  command -v "$c" >/dev/null || skip "$c is not installed (slurm-wlm and munge, system services: scripts/install-deps.sh --services as root; scripts/test.sh installs them in CI)"
done
key=/etc/munge/munge.key
[ -r "$key" ] || skip "no readable munge key at $key"
s="$tmp/slurm"; mkdir -p "$s/state" "$s/spool" "$s/log" "$s/munge"
host=$(hostname -s)
port=$((20000 + $$ % 20000))
stop() {
  # every daemon of this test has the temporary folder on its command line
  pkill -f -- "$s/" 2>/dev/null
  sleep 1
  pkill -9 -f -- "$s/" 2>/dev/null
  rm -rf "$tmp"
}
trap stop EXIT
munged --force --socket="$s/munge/socket" --key-file="$key" --pid-file="$s/munge/munged.pid" \
  --log-file="$s/log/munged.log" --seed-file="$s/munge/seed" 2>"$s/log/munged.err" ||
  skip "munged did not start: $(head -c 200 "$s/log/munged.err")"
cat >"$s/slurm.conf" <<CONF
ClusterName=mdstest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$s/munge/socket
CredType=cred/munge
StateSaveLocation=$s/state
SlurmdSpoolDir=$s/spool
SlurmctldPidFile=$s/slurmctld.pid
SlurmdPidFile=$s/slurmd.pid
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmctldLogFile=$s/log/slurmctld.log
SlurmdLogFile=$s/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
MpiDefault=none
GresTypes=gpu
NodeName=$host CPUs=$(nproc) RealMemory=1000 Gres=gpu:1 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
# One stand-in GPU: the array's tasks ask for a GPU each, as on a real cluster, and take turns.
echo "NodeName=$host Name=gpu File=/dev/null" >"$s/gres.conf"
echo "CgroupPlugin=cgroup/v1" >"$s/cgroup.conf"
export SLURM_CONF="$s/slurm.conf"
slurmctld -f "$SLURM_CONF" -i 2>"$s/log/slurmctld.err" || skip "slurmctld did not start: $(head -c 200 "$s/log/slurmctld.err")"
slurmd -f "$SLURM_CONF" -N "$host" 2>"$s/log/slurmd.err" || skip "slurmd did not start: $(head -c 200 "$s/log/slurmd.err")"
up=0
for _ in $(seq 30); do
  sinfo -h -o %t 2>/dev/null | grep -q idle && { up=1; break; }
  sleep 1
done
[ $up -eq 1 ] || skip "the node did not come up: $(grep -i error "$s/log/slurmctld.log" | tail -2)"
echo "ok   single-node Slurm up ($(sinfo -h -o '%P %t %N %G'))"
(cd "$s" && SUMMARIZE=$bin timeout 300 sbatch --wait --array=1-3 --cpus-per-task=1 --mem=500M \
  "$src/examples/slurm/summarize-array.sbatch" "$tmp/corpus" "$tmp/real" --cpu --words 50 \
  >"$s/sbatch.out" 2>&1)
rc=$?
got=$(cat "$tmp"/real/report.*-of-3.jsonl 2>/dev/null | grep -o '"name":"c[0-9]","status":"ok"' | sort | tr '\n' ' ')
if [ $rc -eq 0 ] && [ "$got" = "$want" ] && [ "$(ls "$tmp"/real/c*.txt | wc -l)" -eq 5 ]; then
  echo "ok   sbatch --array=1-3 on a real Slurm: the 5 clusters summarized exactly once"
else
  echo "FAIL real Slurm array: sbatch exit $rc, reports: $got"
  cat "$s/sbatch.out" "$s"/summarize-*.log 2>/dev/null | head -20
  exit 1
fi
exit 0
