#!/usr/bin/env bash
# End-to-end benchmark of scenario-runner against the I/O floor (see BENCHMARKS.md).
#
#   scripts/benchmark.sh [PADDIES] [DAYS]        # default: 100000 365
#
# Builds the release binaries, writes a synthetic input with paddy-synth (reused when it exists),
# then measures on that one file, with GNU time (/usr/bin/time -v), wall time and peak RSS of:
#   floor               Benchmarks/floor/read_floor.c: netCDF-C reads water_level in blocks of
#                       1024 paddies x all times (what any tool must do)
#   tier1               scenario-runner run (IPCC 2019 Tier 1), default threads (all cores)
#   tier1-1t            the same with --threads 1
#   process             scenario-runner run --method process (CH4MOD), default threads
#   process-1t          the same with --threads 1
#   scenarios-mc0       scenario-runner scenarios, Benchmarks/scenarios-bench.yaml, --draws 0
#   scenarios           the same with the file's 10 000 Monte Carlo draws
# and prints a table (wall s, CPU s, peak MB, ratio to the floor) and the derived figures.
#
# Environment:
#   BENCH_DATA    folder for the input, reports and results (default Benchmarks/.data, git-ignored)
#   REPEAT        runs of each command; the fastest is kept (default 1)
#   SCRATCH_PATH  build folder for `swift build --scratch-path` (default: the package's .build)
#   REGENERATE=1  write the input again even if it exists
#   SKIP_BUILD=1  use the binaries already built
#   RUNS          the measurements to make, by name (default: all of them, in the order above)
#
# Exit codes 0 and 2 of scenario-runner count as success (2: some paddies were rejected, as
# paddy-synth makes a few on purpose).
set -euo pipefail

PADDIES="${1:-100000}"
DAYS="${2:-365}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${BENCH_DATA:-$ROOT/Benchmarks/.data}"
REPEAT="${REPEAT:-1}"
RUNS="${RUNS:-floor tier1 tier1-1t process process-1t scenarios-mc0 scenarios}"
cd "$ROOT"

"$ROOT/scripts/ensure-system-packages.sh"
if [ ! -x /usr/bin/time ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq time >/dev/null \
        || { DEBIAN_FRONTEND=noninteractive $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq time >/dev/null; }
fi

BUILD_FLAGS=(-c release)
[ -n "${SCRATCH_PATH:-}" ] && BUILD_FLAGS+=(--scratch-path "$SCRATCH_PATH")
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "== swift build ${BUILD_FLAGS[*]}" >&2
    swift build "${BUILD_FLAGS[@]}" --product scenario-runner >&2
    swift build "${BUILD_FLAGS[@]}" --product paddy-synth >&2
fi
BIN="$(swift build "${BUILD_FLAGS[@]}" --show-bin-path)"
RUNNER="$BIN/scenario-runner"
SYNTH="$BIN/paddy-synth"

mkdir -p "$DATA"
INPUT="$DATA/paddies-${PADDIES}x${DAYS}.nc"
if [ ! -s "$INPUT" ] || [ "${REGENERATE:-0}" = 1 ]; then
    echo "== paddy-synth: $PADDIES paddies x $DAYS days -> $INPUT" >&2
    start=$(date +%s.%N)
    "$SYNTH" --out "$INPUT.tmp" --paddies "$PADDIES" --days "$DAYS" --chunk-paddies 1024 --deflate 1
    mv "$INPUT.tmp" "$INPUT"
    echo "   generated in $(echo "$(date +%s.%N) - $start" | bc) s" >&2
fi
echo "== input: $INPUT ($(du -hL "$INPUT" | cut -f1))" >&2

FLOOR="$DATA/read_floor"
cc -O2 "$ROOT/Benchmarks/floor/read_floor.c" $(pkg-config --cflags --libs netcdf) -o "$FLOOR"

TAG="${PADDIES}x${DAYS}"
RESULTS="$DATA/results-$TAG.tsv"
OUT="$DATA/out-$TAG"
rm -rf "$OUT"; mkdir -p "$OUT"
printf 'name\twall_s\tcpu_s\tpeak_mb\texit\n' > "$RESULTS"

# measure NAME COMMAND...: runs COMMAND REPEAT times under GNU time, keeps the fastest run.
measure() {
    local name="$1"; shift
    case " $RUNS " in *" $name "*) ;; *) return 0 ;; esac
    local best_wall="" best_cpu="" best_rss="" code=0 i
    for ((i = 1; i <= REPEAT; i++)); do
        local report="$OUT/time-$name.txt"
        set +e
        /usr/bin/time -v -o "$report" "$@" > "$OUT/$name.stdout" 2> "$OUT/$name.stderr"
        code=$?
        set -e
        if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then
            echo "benchmark: $name failed with exit code $code:" >&2
            tail -5 "$OUT/$name.stderr" >&2
            exit 1
        fi
        local wall cpu rss
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
                   n = split($2, p, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + p[k]; printf "%.2f", s }' "$report")
        cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.2f", u + s}' "$report")
        rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$report")
        if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN {exit !(a < b)}'; then
            best_wall=$wall; best_cpu=$cpu; best_rss=$rss
        fi
    done
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$best_wall" "$best_cpu" "$best_rss" "$code" >> "$RESULTS"
    echo "   $name: ${best_wall} s wall, ${best_cpu} s CPU, ${best_rss} MB peak (exit $code)" >&2
}

RUN=("$RUNNER" run --input "$INPUT" --models "$ROOT/models" --quiet)
SCEN=("$RUNNER" scenarios --input "$INPUT" --models "$ROOT/models" --scenarios "$ROOT/Benchmarks/scenarios-bench.yaml" --quiet)

echo "== measuring ($REPEAT run(s) each, fastest kept; $(nproc) cores)" >&2
"$FLOOR" "$INPUT" > /dev/null   # warm the page cache: every command reads the same cached file
RUNS="floor $RUNS" measure floor "$FLOOR" "$INPUT" 1024
measure tier1       "${RUN[@]}" --out "$OUT/tier1"
measure tier1-1t    "${RUN[@]}" --out "$OUT/tier1-1t" --threads 1
measure process     "${RUN[@]}" --out "$OUT/process" --method process
measure process-1t  "${RUN[@]}" --out "$OUT/process-1t" --method process --threads 1
measure scenarios-mc0 "${SCEN[@]}" --out "$OUT/scenarios-mc0" --draws 0
measure scenarios   "${SCEN[@]}" --out "$OUT/scenarios"

echo
echo "PaddyMethane end-to-end benchmark: $PADDIES paddies x $DAYS days, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "input: $INPUT ($(du -hL "$INPUT" | cut -f1)); results: $RESULTS"
awk -F'\t' '
    NR == 1 { next }
    { name[NR] = $1; wall[NR] = $2; cpu[NR] = $3; rss[NR] = $4; code[NR] = $5; if ($1 == "floor") floor = $2; last = NR }
    END {
        printf "%-14s %9s %9s %9s %9s %5s\n", "name", "wall s", "cpu s", "peak MB", "x floor", "exit"
        for (i = 2; i <= last; i++)
            printf "%-14s %9.2f %9.2f %9.1f %9.2f %5d\n", name[i], wall[i], cpu[i], rss[i], (floor > 0 ? wall[i] / floor : 0), code[i]
    }' "$RESULTS"
awk -F'\t' '
    NR > 1 { w[$1] = $2; r[$1] = $4 }
    END {
        f = w["floor"]; peak = 0
        for (k in r) if (k != "floor" && r[k] > peak) peak = r[k]
        printf "\n"
        if (!("tier1" in w) || !("process" in w) || !("scenarios" in w) || !("scenarios-mc0" in w) || !("tier1-1t" in w) || !("process-1t" in w)) { printf "\n(derived figures need every measurement)\n"; printf "largest peak RSS of scenario-runner:   %.1f MB\n", peak; exit }
        printf "Tier 1 / floor:                        %.2f  (target <= 1.3)\n", w["tier1"] / f
        printf "process / floor:                       %.2f  (target <= 2.0)\n", w["process"] / f
        printf "Monte Carlo 10000 draws adds:          %.1f %% of the scenarios run (target < 10 %%)\n", 100 * (w["scenarios"] - w["scenarios-mc0"]) / w["scenarios-mc0"]
        printf "Tier 1 speedup 1 -> default threads:   %.2f x wall, %.2f x above the floor\n", w["tier1-1t"] / w["tier1"], (w["tier1-1t"] - f) / (w["tier1"] - f)
        printf "process speedup 1 -> default threads:  %.2f x wall, %.2f x above the floor (target >= 1.7)\n", w["process-1t"] / w["process"], (w["process-1t"] - f) / (w["process"] - f)
        printf "largest peak RSS of scenario-runner:   %.1f MB (target < 1024 MB, flat with size)\n", peak
    }' "$RESULTS"
