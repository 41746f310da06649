#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the build and the tests need when they are missing:
# netCDF-C (library, headers, ncgen), libxlsxwriter (the --xlsx workbook) and pkg-config.
# With the argument `chromium`, also headless Chromium (scripts/render-html.sh).
set -euo pipefail
packages=()
pkg-config --exists netcdf 2>/dev/null && command -v ncgen >/dev/null 2>&1 || packages+=(libnetcdf-dev netcdf-bin)
pkg-config --exists xlsxwriter 2>/dev/null || packages+=(libxlsxwriter-dev)
command -v pkg-config >/dev/null 2>&1 || packages+=(pkg-config)
command -v unzip >/dev/null 2>&1 || packages+=(unzip)
if [ "${1:-}" = chromium ] && ! command -v chromium >/dev/null 2>&1; then packages+=(chromium); fi
[ "${#packages[@]}" -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
