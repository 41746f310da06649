#!/usr/bin/env python3
"""Turns a GDAL NetCDF of a GeoTIFF stack (`gdalbuildvrt -separate` then `gdal_translate -of
netCDF`: variables Band1 … BandN on lat/lon or y/x with a grid_mapping variable) into a
PaddyMethane grid: NAME(time, y, x) with a CF time coordinate, the coordinates and grid mapping
copied, and optionally the rice mask from a one-band GDAL NetCDF of the mask GeoTIFF.

    python3 scripts/geotiff-stack-to-grid.py stack.nc --dates 2024-01-01,2024-01-13,... \
        --name flooded --units 1 [--mask mask.nc] --out grid.nc
"""
import argparse
import datetime as dt

import netCDF4
import numpy as np


def copy_variable(src, dst, name):
    v = src[name]
    out = dst.createVariable(name, v.dtype, v.dimensions)
    out.setncatts({k: v.getncattr(k) for k in v.ncattrs() if k != "_FillValue"})
    if v.dimensions:
        out[:] = v[:]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("stack")
    p.add_argument("--dates", required=True, help="acquisition dates YYYY-MM-DD, comma-separated, one per band in band order")
    p.add_argument("--name", default="flooded", help="flooded (0/1 or fraction, units 1 or %%) or water_level (units m, cm or mm)")
    p.add_argument("--units", default="1")
    p.add_argument("--mask", help="one-band GDAL NetCDF of the rice mask (non-zero = rice)")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    dates = [dt.date.fromisoformat(d) for d in a.dates.split(",")]
    with netCDF4.Dataset(a.stack) as src, netCDF4.Dataset(a.out, "w", format="NETCDF4") as dst:
        bands = sorted((v for v in src.variables if v.startswith("Band")), key=lambda s: int(s[4:]))
        if len(bands) != len(dates):
            raise SystemExit(f"{a.stack}: {len(bands)} bands but {len(dates)} dates")
        first = src[bands[0]]
        ydim, xdim = first.dimensions
        mapping = first.getncattr("grid_mapping") if "grid_mapping" in first.ncattrs() else None
        dst.Conventions = "CF-1.8"
        dst.source = f"GeoTIFF stack via GDAL ({getattr(src, 'GDAL', 'GDAL')}) and scripts/geotiff-stack-to-grid.py"
        dst.createDimension("time", len(dates))
        for d in (ydim, xdim):
            dst.createDimension(d, len(src.dimensions[d]))
            copy_variable(src, dst, d)
        if mapping:
            copy_variable(src, dst, mapping)
        time = dst.createVariable("time", "i4", ("time",))
        time.units, time.calendar, time.standard_name = f"days since {dates[0]}", "standard", "time"
        time[:] = [(d - dates[0]).days for d in dates]
        fill = first.getncattr("_FillValue") if "_FillValue" in first.ncattrs() else None
        data = dst.createVariable(a.name, "f4", ("time", ydim, xdim), fill_value=np.float32(fill if fill is not None else np.nan))
        data.units = a.units
        if mapping:
            data.grid_mapping = mapping
        for i, b in enumerate(bands):
            data[i, :, :] = src[b][:]
        if a.mask:
            with netCDF4.Dataset(a.mask) as m:
                band = m["Band1"]
                rice = dst.createVariable("rice", "i1", (ydim, xdim))
                rice.flag_values = np.array([0, 1], dtype="i1")
                rice.flag_meanings = "other rice"
                rice[:] = (np.ma.filled(band[:], 0) != 0).astype("i1")


if __name__ == "__main__":
    main()
