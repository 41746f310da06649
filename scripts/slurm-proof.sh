#!/usr/bin/env bash
# Proves deploy/slurm on a real Slurm: a one-node cluster on localhost runs the job array and the
# merge job exactly as deploy/slurm/*.sbatch document them, and the merged reports must equal
# those of a single run byte for byte.
#
#   scripts/slurm-proof.sh [INPUT.nc] [SHARDS]     # default: data/example-paddies.nc, 4 shards
#
# Steps: installs Slurm and MUNGE from Debian when missing (slurm-wlm, munge; python3 for two
# small helpers); builds
# scenario-runner (debug, the build the tests use; SCENARIO_RUNNER=PATH uses another binary);
# writes slurm.conf with this machine's CPUs and memory (`slurmd -C`), a MUNGE key and every
# state, spool, log and socket under one temporary folder; starts munged, slurmctld and slurmd
# (as the invoking user; root in CI) on free ports; submits
#   sbatch --array=1-SHARDS --export=ALL,INPUT=...,WORK=... deploy/slurm/shards.sbatch
#   sbatch --dependency=afterok:<array job id> --export=ALL,WORK=...,OUT=... deploy/slurm/merge.sbatch
# waits for both, runs `scenario-runner run` once on the same input, and compares every file of
# the two report folders with cmp; manifest.json is compared without the keys that say how the
# reports were made (command, command_line,
# created_utc, merged_shards). Stops the daemons it started and removes the
# folder (KEEP=1 keeps it). Exit code 0 when the reports are equal.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INPUT="$(realpath "${1:-$ROOT/data/example-paddies.nc}")"
SHARDS="${2:-4}"
TIMEOUT_S="${TIMEOUT_S:-600}"
cd "$ROOT"

say() { echo "slurm-proof: $*" >&2; }

# 1. Slurm and MUNGE from Debian.
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null \
   || ! command -v munged >/dev/null || ! command -v python3 >/dev/null; then
    say "installing slurm-wlm, munge and python3"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq slurm-wlm munge python3 >/dev/null
fi
"$ROOT/scripts/ensure-system-packages.sh"

# 2. The binary the jobs run (on PATH in the jobs' environment, exported by --export=ALL).
if [ -n "${SCENARIO_RUNNER:-}" ]; then
    RUNNER="$(realpath "$SCENARIO_RUNNER")"
else
    swift build --product scenario-runner >&2
    RUNNER="$(swift build --show-bin-path)/scenario-runner"
fi
export PADDYMETHANE_MODELS="$ROOT/models"

# 3. A one-node cluster under a temporary folder.
T="$(mktemp -d /tmp/slurm-proof.XXXXXX)"
mkdir -p "$T/etc" "$T/state" "$T/spool" "$T/log" "$T/munge" "$T/work" "$T/jobs" "$T/bin"
ln -s "$RUNNER" "$T/bin/scenario-runner"
export PATH="$T/bin:$PATH"
chmod 755 "$T/munge"   # munged: clients need to reach its socket
PIDS=()
cleanup() {
    local code=$?
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    if [ "$code" -ne 0 ]; then
        for f in "$T"/log/*.log "$T"/jobs/*.log "$T"/jobs/*.out; do [ -f "$f" ] && { echo "--- $f" >&2; tail -20 "$f" >&2; }; done
    fi
    if [ "${KEEP:-0}" = 1 ]; then say "kept $T"; else rm -rf "$T"; fi
    exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
CTLD_PORT=$(free_port); SLURMD_PORT=$(free_port)
while [ "$SLURMD_PORT" = "$CTLD_PORT" ]; do SLURMD_PORT=$(free_port); done
USER_NAME="$(id -un)"
# This machine's CPUs, sockets, cores, threads and memory, as slurmd itself detects them.
NODE_HW="$(slurmd -C | head -1 | sed 's/^NodeName=[^ ]* //')"
MUNGE_SOCKET="$T/munge/munge.socket"

cat > "$T/etc/slurm.conf" <<EOF
ClusterName=proof
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=$USER_NAME
SlurmdUser=$USER_NAME
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCKET
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MinJobAge=600
NodeName=localhost NodeAddr=127.0.0.1 $NODE_HW State=UNKNOWN
PartitionName=proof Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$T/etc/slurm.conf"

dd if=/dev/urandom of="$T/etc/munge.key" bs=1024 count=1 status=none
chmod 400 "$T/etc/munge.key"
munged --force --key-file="$T/etc/munge.key" --socket="$MUNGE_SOCKET" --pid-file="$T/munge/munged.pid" \
       --log-file="$T/log/munged.log" --seed-file="$T/munge/seed"
for _ in $(seq 50); do [ -s "$T/munge/munged.pid" ] && break; sleep 0.1; done
PIDS+=("$(cat "$T/munge/munged.pid")")
slurmctld -f "$SLURM_CONF" -i
for _ in $(seq 100); do [ -s "$T/slurmctld.pid" ] && break; sleep 0.1; done
PIDS+=("$(cat "$T/slurmctld.pid")")
slurmd -f "$SLURM_CONF" -N localhost
for _ in $(seq 100); do [ -s "$T/slurmd.pid" ] && break; sleep 0.1; done
PIDS+=("$(cat "$T/slurmd.pid")")
for _ in $(seq 300); do
    sinfo -h -N -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)' && break
    sleep 0.2
done
sinfo -h -N -o '%T' | grep -Eq '^(idle|mixed|allocated)' || { say "the node did not come up: $(sinfo -N 2>&1)"; exit 1; }
say "cluster up: $(sinfo -h -N -o '%N %c CPUs %m MB %T')"

# 4. The job array and the merge job, as deploy/slurm documents them (logs in the submit folder).
WORK="$T/work"; OUT="$T/merged"
cd "$T/jobs"
ARRAY=$(sbatch --parsable --array=1-"$SHARDS" --export=ALL,INPUT="$INPUT",WORK="$WORK" "$ROOT/deploy/slurm/shards.sbatch")
MERGE=$(sbatch --parsable --dependency=afterok:"$ARRAY" --export=ALL,WORK="$WORK",OUT="$OUT" "$ROOT/deploy/slurm/merge.sbatch")
say "submitted job array $ARRAY ($SHARDS shards) and merge job $MERGE"
cd "$ROOT"

state() { scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 | sort -u | tr '\n' ' '; }
start=$(date +%s)
while :; do
    s="$(state "$MERGE")"
    case "$s" in
        *COMPLETED*) break ;;
        *FAILED*|*CANCELLED*|*TIMEOUT*|*NODE_FAIL*|*OUT_OF_MEMORY*) say "merge job $MERGE ended $s; array: $(state "$ARRAY")"; exit 1 ;;
    esac
    if squeue -h -j "$MERGE" -o '%r' 2>/dev/null | grep -q DependencyNeverSatisfied; then
        say "the job array failed (merge job never runs): $(state "$ARRAY")"; exit 1
    fi
    if [ $(( $(date +%s) - start )) -gt "$TIMEOUT_S" ]; then say "timed out after $TIMEOUT_S s: array $(state "$ARRAY"), merge $s"; exit 1; fi
    sleep 1
done
say "array and merge completed in $(( $(date +%s) - start )) s"

# 5. One run on the same input, then every file compared.
status=0
scenario-runner run --input "$INPUT" --out "$T/single" --quiet || status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 2 ] || { say "single run failed with exit code $status"; exit 1; }
manifest_core() {
    python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
for k in ("command", "command_line", "created_utc", "merged_shards"): m.pop(k, None)
print(json.dumps(m, sort_keys=True, indent=1))' "$1"
}
differ=0; compared=0
for f in $(cd "$T/single" && ls); do
    if [ ! -f "$OUT/$f" ]; then say "merged reports lack $f"; differ=1; continue; fi
    if [ "$f" = manifest.json ]; then
        cmp -s <(manifest_core "$T/single/$f") <(manifest_core "$OUT/$f") || { say "DIFFERS: $f (besides command, command_line, created_utc and merged_shards)"; differ=1; }
    else
        cmp "$T/single/$f" "$OUT/$f" || differ=1
    fi
    compared=$((compared + 1))
done
for f in $(cd "$OUT" && ls); do [ -f "$T/single/$f" ] || { say "merged reports have an extra $f"; differ=1; }; done
[ "$differ" -eq 0 ] || { say "FAILED: the merged reports differ from a single run"; exit 1; }
say "PASSED: $SHARDS shards on Slurm merged into the same $compared files as one run ($(basename "$INPUT"))"
