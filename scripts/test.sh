#!/usr/bin/env bash
# Runs the test suite (installs netCDF-C, ncgen, libxlsxwriter, unzip, GDAL and Python xarray if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-system-packages.sh
scripts/ensure-grid-tools.sh
swift test "$@"
