#!/usr/bin/env bash
# Installs what the grid tests need when it is missing (Debian/Ubuntu): GDAL's command-line tools
# (gdal_translate, gdalbuildvrt, gdalinfo) and Python 3 with numpy, netCDF4 and xarray (the
# GeoTIFF-stack script and the check that --grid-netcdf opens in xarray).
set -euo pipefail
if command -v gdal_translate >/dev/null 2>&1 && python3 -c "import numpy, netCDF4, xarray" 2>/dev/null; then exit 0; fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq gdal-bin python3-numpy python3-netcdf4 python3-xarray >/dev/null
