#!/usr/bin/env bash
# Runs the bundled example end to end: installs netCDF-C and libxlsxwriter if missing, builds,
# describes the input and writes the reports into out/example/, with the workbook report.xlsx and
# the HTML report report.html.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-system-packages.sh
swift build -c release --product scenario-runner
bin="$(swift build -c release --show-bin-path)/scenario-runner"
"$bin" describe --input data/example-paddies.nc
status=0
"$bin" run --input data/example-paddies.nc --out out/example \
    --xlsx out/example/report.xlsx --html out/example/report.html || status=$?
# Exit code 2: the run completed and listed rejected paddies or seasons in rejected.csv.
if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then exit "$status"; fi
echo "reports in out/example/:"
ls -1 out/example
# One inventory year, with the wet/dry season calendar of the example configuration.
status=0
"$bin" run --input data/example-paddies.nc --out out/example-2024 --inventory-year 2024 --config data/run-config-example.yaml || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then exit "$status"; fi
echo "inventory year 2024 in out/example-2024/ (seasons of other years in out_of_scope.csv)"
