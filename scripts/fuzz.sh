#!/usr/bin/env bash
# Fuzzes the NetCDF and CF reader for SECONDS (default 600) with mutated files from
# Tests/FuzzCorpus (FORMATS: all, or classic for the netCDF-C-only formats). Each input is opened
# first in a `scenario-runner probe` child, as the command line does: crashes and hangs there are
# the netCDF/HDF5 libraries', caught, and counted apart. A crash or a hang of the fuzzer itself
# (reading an input the probe accepted) keeps the input in fuzz-findings/ and fails the run.
# Not part of CI. Usage: scripts/fuzz.sh [SECONDS] [FORMATS]
set -uo pipefail
cd "$(dirname "$0")/.."
total=${1:-600}
formats=${2:-all}
scripts/ensure-system-packages.sh
swift build -c release --product paddy-fuzz >/dev/null && swift build -c release --product scenario-runner >/dev/null || exit 1
bin="$(swift build -c release --show-bin-path)"
work=$(mktemp -d)
mkdir -p fuzz-findings
end=$(( $(date +%s) + total ))
executions=0; crashes=0; hangs=0; library_crashes=0; library_hangs=0; round=0
while [ "$(date +%s)" -lt "$end" ]; do
  left=$(( end - $(date +%s) )); slice=$(( left < 60 ? left : 60 ))
  [ "$slice" -le 0 ] && break
  round=$((round + 1))
  rm -f "$work/executions"
  out=$(timeout $((slice + 60)) "$bin/paddy-fuzz" --seconds "$slice" --seed "$round$RANDOM" --work "$work" \
        --formats "$formats" --probe "$bin/scenario-runner" 2>/dev/null)
  status=$?
  n=$(cat "$work/executions" 2>/dev/null); executions=$((executions + ${n:-0}))
  c=$(sed -n 's/.*library-crashes \([0-9]*\).*/\1/p' <<<"$out"); library_crashes=$((library_crashes + ${c:-0}))
  h=$(sed -n 's/.*library-hangs \([0-9]*\).*/\1/p' <<<"$out"); library_hangs=$((library_hangs + ${h:-0}))
  if [ "$status" -eq 124 ]; then
    hangs=$((hangs + 1)); cp "$work/current.nc" "fuzz-findings/hang-$round.nc"
    echo "hang: kept fuzz-findings/hang-$round.nc" >&2
  elif [ "$status" -ne 0 ]; then
    crashes=$((crashes + 1)); cp "$work/current.nc" "fuzz-findings/crash-$round.nc"
    echo "crash (exit $status): kept fuzz-findings/crash-$round.nc" >&2
  fi
done
echo "fuzzed ${total}s ($formats): $executions executions; $crashes crashes and $hangs hangs in the reader;" \
     "$library_crashes crashes and $library_hangs hangs of netCDF/HDF5 while opening, caught by the probe"
[ "$crashes" -eq 0 ] && [ "$hangs" -eq 0 ]
