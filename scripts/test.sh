#!/usr/bin/env bash
# Runs the test suite (installs netCDF-C, ncgen, libxlsxwriter and unzip if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-system-packages.sh
swift test "$@"
