#!/usr/bin/env bash
# Runs the test suite (installs netCDF-C and ncgen if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-netcdf.sh
scripts/ensure-grid-tools.sh
swift test "$@"
