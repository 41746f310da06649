#!/usr/bin/env bash
# Peak memory and time of a grid run (see BENCHMARKS.md, "Grid input").
#
#   scripts/grid-benchmark.sh [ROWS] [COLUMNS] [TIMES]     # default: 2000 2000 30
#
# Writes a synthetic grid with scripts/make-grid.py (50 % rice mask, 12-day revisits; reused when
# it exists; never committed), builds the release scenario-runner, then runs it under GNU time
# (/usr/bin/time -v) with --mask rice and --grid-netcdf, and prints wall time and peak RSS.
#
# Environment: BENCH_DATA (default Benchmarks/.data), SKIP_BUILD=1, REGENERATE=1, BIN (the scenario-runner to measure).
set -euo pipefail
ROWS="${1:-2000}"; COLUMNS="${2:-2000}"; TIMES="${3:-30}"
cd "$(dirname "$0")/.."
DATA="${BENCH_DATA:-Benchmarks/.data}"
mkdir -p "$DATA"
GRID="$DATA/grid-${ROWS}x${COLUMNS}x${TIMES}.nc"
if [[ ! -f "$GRID" || "${REGENERATE:-0}" == 1 ]]; then
  python3 scripts/make-grid.py --rows "$ROWS" --columns "$COLUMNS" --times "$TIMES" --rice-share 0.5 --out "$GRID"
fi
[[ "${SKIP_BUILD:-0}" == 1 ]] || swift build -c release --product scenario-runner
BIN="${BIN:-$(swift build -c release --show-bin-path)/scenario-runner}"
OUT="$DATA/grid-out"
rm -rf "$OUT"
status=0
/usr/bin/time -v "$BIN" run --input "$GRID" --mask rice --out "$OUT" --grid-netcdf "$DATA/grid-ch4.nc" --quiet 2> "$DATA/grid-time.txt" || status=$?
[[ $status == 0 || $status == 2 ]] || { cat "$DATA/grid-time.txt"; exit "$status"; }
echo "grid ${ROWS} x ${COLUMNS} x ${TIMES}, $(date -u +%Y-%m-%dT%H:%MZ), exit ${status}"
grep -E "Elapsed \(wall clock\)|Maximum resident set size|User time|System time" "$DATA/grid-time.txt"
grep -E '"paddiesRead"|"seasons"' "$OUT/manifest.json" | head -2 || true
