#!/usr/bin/env bash
# Installs netCDF-C (library, headers, ncgen) and pkg-config when they are missing (Debian/Ubuntu).
set -euo pipefail
if pkg-config --exists netcdf 2>/dev/null && command -v ncgen >/dev/null 2>&1; then exit 0; fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libnetcdf-dev netcdf-bin pkg-config >/dev/null
