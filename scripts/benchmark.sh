#!/usr/bin/env bash
# End-to-end benchmark of scenario-runner against the I/O floor and a numpy peer (BENCHMARKS.md).
#
#   scripts/benchmark.sh [PADDIES] [DAYS]        # default: 200000 365
#
# Builds the release binaries, writes the inputs (reused when they exist): paddy-synth makes the
# synthetic series, Benchmarks/make_inputs.py rewrites them with netCDF4-python as users' files
# are written (deflate 1, chunks of 1024 paddies x all days; string ids), once daily and once as
# a 12-day satellite revisit. Then it runs the commands below in ROUNDS rounds, one after the
# other within a round (so that a load on the machine hits every command alike), under GNU time,
# and prints the median wall time, CPU time, peak RSS and the median of each round's ratio to
# that round's floor:
#   floor          Benchmarks/floor/read_floor.c: netCDF-C reads water_level in blocks of
#                  1024 paddies x all times (what any tool must do), daily file
#   tier1          scenario-runner run (IPCC 2019 Tier 1), default threads (all cores)
#   tier1-1t       the same with --threads 1
#   numpy          Benchmarks/tier1_numpy.py: the Tier 1 rules an analyst would script
#   process        scenario-runner run --method process --draws 0 (CH4MOD at its nominal
#                  parameters; each parameter draw costs about one such run more, README)
#   scenarios      scenario-runner scenarios, Benchmarks/scenarios-bench.yaml: three scenarios,
#                  10 000 Monte Carlo draws
#   floor-12d      the floor on the 12-day revisit file
#   tier1-12d      tier1 on the 12-day revisit file (its ratio is to floor-12d)
#
# Environment:
#   BENCH_DATA    folder for the inputs, reports and results (default Benchmarks/.data, git-ignored)
#   ROUNDS        rounds (default 3); the medians are over the rounds
#   SCRATCH_PATH  build folder for `swift build --scratch-path` (default .build-release)
#   REGENERATE=1  write the inputs again even if they exist
#   SKIP_BUILD=1  use the binaries already built
#   RUNS          the measurements to make, by name (default: all, in the order above)
#
# Exit codes 0 and 2 of scenario-runner count as success (2: some paddies were rejected, as
# paddy-synth makes a few on purpose).
set -euo pipefail

PADDIES="${1:-200000}"
DAYS="${2:-365}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${BENCH_DATA:-$ROOT/Benchmarks/.data}"
ROUNDS="${ROUNDS:-3}"
RUNS="${RUNS:-floor tier1 tier1-1t numpy process scenarios floor-12d tier1-12d}"
cd "$ROOT"

"$ROOT/scripts/ensure-system-packages.sh"
need=()
[ -x /usr/bin/time ] || need+=(time)
python3 -c 'import netCDF4, numpy, pandas, yaml' 2>/dev/null || need+=(python3-netcdf4 python3-numpy python3-pandas python3-yaml)
if [ "${#need[@]}" -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

BUILD_FLAGS=(-c release --scratch-path "${SCRATCH_PATH:-$ROOT/.build-release}")
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "== swift build ${BUILD_FLAGS[*]}" >&2
    swift build "${BUILD_FLAGS[@]}" --product scenario-runner >&2
    swift build "${BUILD_FLAGS[@]}" --product paddy-synth >&2
fi
BIN="$(swift build "${BUILD_FLAGS[@]}" --show-bin-path)"
RUNNER="$BIN/scenario-runner"
SYNTH="$BIN/paddy-synth"

mkdir -p "$DATA"
TAG="${PADDIES}x${DAYS}"
INPUT="$DATA/paddies-$TAG.nc"
INPUT12="$DATA/paddies-$TAG-12d.nc"
if [ ! -s "$INPUT" ] || [ ! -s "$INPUT12" ] || [ "${REGENERATE:-0}" = 1 ]; then
    echo "== paddy-synth + make_inputs.py: $PADDIES paddies x $DAYS days -> $INPUT, $INPUT12" >&2
    "$SYNTH" --out "$DATA/synth-$TAG.nc" --paddies "$PADDIES" --days "$DAYS" --chunk-paddies 1024 --deflate 1
    python3 "$ROOT/Benchmarks/make_inputs.py" "$DATA/synth-$TAG.nc" "$INPUT.tmp" "$INPUT12.tmp"
    mv "$INPUT.tmp" "$INPUT"; mv "$INPUT12.tmp" "$INPUT12"; rm -f "$DATA/synth-$TAG.nc"
fi
echo "== inputs: $INPUT ($(du -hL "$INPUT" | cut -f1)), $INPUT12 ($(du -hL "$INPUT12" | cut -f1))" >&2

FLOOR="$DATA/read_floor"
cc -O2 "$ROOT/Benchmarks/floor/read_floor.c" $(pkg-config --cflags --libs netcdf) -o "$FLOOR"

RESULTS="$DATA/results-$TAG.tsv"
OUT="$DATA/out-$TAG"
rm -rf "$OUT"; mkdir -p "$OUT"
printf 'round\tname\twall_s\tcpu_s\tpeak_mb\texit\n' > "$RESULTS"

RUN=("$RUNNER" run --models "$ROOT/models" --quiet)
command_of() {
    case "$1" in
        floor) echo "$FLOOR $INPUT 1024" ;;
        tier1) echo "${RUN[*]} --input $INPUT --out $OUT/tier1" ;;
        tier1-1t) echo "${RUN[*]} --input $INPUT --out $OUT/tier1-1t --threads 1" ;;
        numpy) echo "python3 $ROOT/Benchmarks/tier1_numpy.py $INPUT $OUT/numpy.csv $ROOT/models" ;;
        process) echo "${RUN[*]} --input $INPUT --out $OUT/process --method process --draws 0" ;;
        scenarios) echo "$RUNNER scenarios --models $ROOT/models --quiet --input $INPUT --scenarios $ROOT/Benchmarks/scenarios-bench.yaml --out $OUT/scenarios" ;;
        floor-12d) echo "$FLOOR $INPUT12 1024" ;;
        tier1-12d) echo "${RUN[*]} --input $INPUT12 --out $OUT/tier1-12d" ;;
    esac
}

# measure ROUND NAME: runs NAME's command once under GNU time and appends its figures.
measure() {
    local round="$1" name="$2" report="$OUT/time-$2.txt" code=0
    set +e
    # shellcheck disable=SC2046
    /usr/bin/time -v -o "$report" $(command_of "$name") > "$OUT/$name.stdout" 2> "$OUT/$name.stderr"
    code=$?
    set -e
    if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then
        echo "benchmark: $name failed with exit code $code:" >&2
        tail -5 "$OUT/$name.stderr" >&2
        exit 1
    fi
    awk -F': ' -v r="$round" -v n="$name" -v c="$code" '
        /Elapsed \(wall clock\)/ { k = split($2, p, ":"); w = 0; for (i = 1; i <= k; i++) w = w * 60 + p[i] }
        /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident set size/ { m = $2 / 1024 }
        END { printf "%s\t%s\t%.3f\t%.3f\t%.1f\t%s\n", r, n, w, u + s, m, c }' "$report" >> "$RESULTS"
    echo "   round $round $name: $(tail -1 "$RESULTS" | cut -f3) s" >&2
}

echo "== measuring: $ROUNDS rounds of [$RUNS] ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
"$FLOOR" "$INPUT" > /dev/null; "$FLOOR" "$INPUT12" > /dev/null   # warm the page cache
for ((round = 1; round <= ROUNDS; round++)); do
    for name in $RUNS; do measure "$round" "$name"; done
done

echo
echo "PaddyMethane end-to-end benchmark: $PADDIES paddies x $DAYS days; $(date -u +%Y-%m-%dT%H:%MZ);" \
     "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB;" \
     "load average $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "inputs: $(basename "$INPUT") ($(du -hL "$INPUT" | cut -f1)), $(basename "$INPUT12") ($(du -hL "$INPUT12" | cut -f1)); results: $RESULTS"
echo "medians of $ROUNDS rounds; x floor: median of each round's ratio to that round's floor (12-day runs: to floor-12d)"
awk -F'\t' '
    function median(a, n,   i, j, t) {
        for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    NR == 1 { next }
    { if (!($2 in seen)) { seen[$2] = 1; order[++names] = $2 }
      wall[$1, $2] = $3; cpu[$1, $2] = $4; rss[$1, $2] = $5; rounds[$1] = 1 }
    END {
        printf "| %-10s | %8s | %8s | %8s | %8s |\n", "name", "wall s", "CPU s", "peak MB", "x floor"
        printf "|%s|%s|%s|%s|%s|\n", "------------", "---------:", "---------:", "---------:", "---------:"
        for (k = 1; k <= names; k++) {
            n = order[k]; base = n ~ /-12d$/ ? "floor-12d" : "floor"; c = 0
            for (r in rounds) if ((r, n) in wall) {
                c++; W[c] = wall[r, n]; C[c] = cpu[r, n]; M[c] = rss[r, n]
                X[c] = ((r, base) in wall && wall[r, base] > 0) ? wall[r, n] / wall[r, base] : 0
            }
            printf "| %-10s | %8.2f | %8.2f | %8.1f | %8.2f |\n", n, median(W, c), median(C, c), median(M, c), median(X, c)
        }
    }' "$RESULTS"
