#!/usr/bin/env bash
# Fuzzes the NetCDF and CF reader for SECONDS (default 600) with mutated files from
# Tests/FuzzCorpus (FORMATS: all, or classic for the netCDF-C-only formats). A crash or a hang
# (no end 60 s after its time slice) keeps the input in fuzz-findings/; each crash is classified by
# where it happened (gdb backtrace: inside libhdf5, or elsewhere). Not part of CI.
# Usage: scripts/fuzz.sh [SECONDS] [FORMATS]
set -uo pipefail
cd "$(dirname "$0")/.."
total=${1:-600}
formats=${2:-all}
scripts/ensure-netcdf.sh
swift build -c release --product paddy-fuzz >/dev/null && swift build -c release --product scenario-runner >/dev/null || exit 1
bin="$(swift build -c release --show-bin-path)/paddy-fuzz"
work=$(mktemp -d)
mkdir -p fuzz-findings
end=$(( $(date +%s) + total ))
executions=0; crashes=0; hdf5=0; hangs=0; round=0
while [ "$(date +%s)" -lt "$end" ]; do
  left=$(( end - $(date +%s) )); slice=$(( left < 30 ? left : 30 ))
  [ "$slice" -le 0 ] && break
  round=$((round + 1))
  out=$(timeout $((slice + 60)) "$bin" --seconds "$slice" --seed "$round$RANDOM" --work "$work" --formats "$formats" 2>/dev/null)
  status=$?
  n=$(sed -n 's/^executions \([0-9]*\).*/\1/p' <<<"$out"); executions=$((executions + ${n:-0}))
  if [ "$status" -eq 124 ]; then
    hangs=$((hangs + 1)); cp "$work/current.nc" "fuzz-findings/hang-$round.nc"
  elif [ "$status" -ne 0 ]; then
    # Executions of a crashed slice are not counted (the fuzzer died before printing them).
    file="fuzz-findings/crash-$round.nc"; cp "$work/current.nc" "$file"
    if command -v gdb >/dev/null && gdb -batch -ex run -ex bt --args "$(dirname "$bin")/scenario-runner" probe "$file" 2>/dev/null | grep -q "libhdf5"; then
      hdf5=$((hdf5 + 1)); mv "$file" "fuzz-findings/hdf5-crash-$round.nc"
    else
      crashes=$((crashes + 1)); echo "crash (exit $status): kept $file" >&2
    fi
  fi
done
echo "fuzzed ${total}s ($formats): at least $executions executions, $crashes crashes in PaddyMethane or netCDF-C, $hdf5 crashes inside libhdf5, $hangs hangs"
[ "$crashes" -eq 0 ] && [ "$hangs" -eq 0 ]
