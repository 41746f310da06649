#!/usr/bin/env bash
# Builds a PaddyMethane grid from a stack of GeoTIFF flood maps with GDAL, as the README shows:
# writes four 3 x 2 flood maps (12-day revisits) and a rice mask as GeoTIFFs (from ASCII grids,
# EPSG:4326, 0.01-degree cells), stacks them with gdalbuildvrt -separate, converts the stack to
# NetCDF with gdal_translate, then adds the time axis with scripts/geotiff-stack-to-grid.py.
#
#   scripts/geotiff-example.sh OUT_DIR       # writes OUT_DIR/grid.nc
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: geotiff-example.sh OUT_DIR}"
mkdir -p "$out"
cd "$out"
ascii() {  # ascii NAME ROW1 ROW2: a 3 x 2 ASCII grid, lower-left corner 104.00 E 11.495 N
  printf 'ncols 3\nnrows 2\nxllcorner 103.995\nyllcorner 11.495\ncellsize 0.01\nNODATA_value -9999\n%s\n%s\n' "$2" "$3" > "$1.asc"
  gdal_translate -q -a_srs EPSG:4326 -of GTiff "$1.asc" "$1.tif"
}
ascii flood-2024-01-01 "0 0 0" "0 0 0"
ascii flood-2024-01-13 "1 0 1" "1 1 0"
ascii flood-2024-01-25 "1 0 -9999" "0 1 0"
ascii flood-2024-02-06 "1 0 1" "1 1 0"
ascii rice "1 0 1" "1 1 0"
gdalbuildvrt -q -separate stack.vrt flood-2024-01-01.tif flood-2024-01-13.tif flood-2024-01-25.tif flood-2024-02-06.tif
gdal_translate -q -of netCDF -co FORMAT=NC4 stack.vrt stack.nc
gdal_translate -q -of netCDF rice.tif rice.nc
python3 "$here/geotiff-stack-to-grid.py" stack.nc --dates 2024-01-01,2024-01-13,2024-01-25,2024-02-06 \
  --name flooded --units 1 --mask rice.nc --out grid.nc
