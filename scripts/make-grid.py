#!/usr/bin/env python3
"""Writes a synthetic satellite grid for PaddyMethane: water_level(time, lat, lon) [cm] every
12 days over a 0.001-degree latitude-longitude grid, a rice mask (`rice`, a share of the cells)
and a province raster (`region`, four quadrants, flag_values/flag_meanings). Each rice cell
floods for a season with one mid-season drainage at a cell-dependent time; one acquisition in
ten misses a third of the cells (NaN). Written one time step at a time: memory stays flat.

    python3 scripts/make-grid.py --rows 2000 --columns 2000 --times 30 --rice-share 0.5 --out grid.nc
"""
import argparse

import numpy as np
import netCDF4


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=2000)
    p.add_argument("--columns", type=int, default=2000)
    p.add_argument("--times", type=int, default=30)
    p.add_argument("--revisit-days", type=int, default=12)
    p.add_argument("--rice-share", type=float, default=0.5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    ny, nx, nt = a.rows, a.columns, a.times
    with netCDF4.Dataset(a.out, "w", format="NETCDF4") as ds:
        ds.Conventions = "CF-1.8"
        ds.title = "synthetic rice grid (scripts/make-grid.py)"
        ds.createDimension("time", nt)
        ds.createDimension("lat", ny)
        ds.createDimension("lon", nx)
        crs = ds.createVariable("crs", "i4")
        crs.grid_mapping_name = "latitude_longitude"
        crs.semi_major_axis = 6378137.0
        crs.inverse_flattening = 298.257223563
        lat = ds.createVariable("lat", "f8", ("lat",))
        lat.standard_name, lat.units = "latitude", "degrees_north"
        lat[:] = 11.0 + 0.001 * np.arange(ny) + 0.0005
        lon = ds.createVariable("lon", "f8", ("lon",))
        lon.standard_name, lon.units = "longitude", "degrees_east"
        lon[:] = 103.0 + 0.001 * np.arange(nx) + 0.0005
        time = ds.createVariable("time", "i4", ("time",))
        time.units, time.calendar = "days since 2024-01-01", "standard"
        time[:] = a.revisit_days * np.arange(nt)
        rice = ds.createVariable("rice", "i1", ("lat", "lon"))
        rice.flag_values = np.array([0, 1], dtype="i1")
        rice.flag_meanings = "other rice"
        is_rice = rng.random((ny, nx)) < a.rice_share
        rice[:] = is_rice.astype("i1")
        region = ds.createVariable("region", "i2", ("lat", "lon"))
        region.flag_values = np.array([1, 2, 3, 4], dtype="i2")
        region.flag_meanings = "Battambang Takeo Prey_Veng Kampong_Thom"
        quadrant = (np.arange(ny)[:, None] >= ny // 2) * 2 + (np.arange(nx)[None, :] >= nx // 2) + 1
        region[:] = quadrant.astype("i2")
        level = ds.createVariable("water_level", "f4", ("time", "lat", "lon"), fill_value=np.float32(np.nan))
        level.units = "cm"
        level.long_name = "water level relative to the soil surface"
        level.grid_mapping = "crs"
        # Flooded from acquisition 3 to 12, drained at one acquisition between 6 and 9 for half the cells.
        drain_at = np.where(rng.random((ny, nx)) < 0.5, rng.integers(6, 10, (ny, nx)), -1)
        for t in range(nt):
            flooded = (t >= 3) & (t <= 12) & (drain_at != t)
            v = np.where(flooded, 5.0, -10.0).astype("f4") + rng.normal(0, 0.5, (ny, nx)).astype("f4")
            if t % 10 == 9:
                v[rng.random((ny, nx)) < 1 / 3] = np.nan
            level[t, :, :] = v


if __name__ == "__main__":
    main()
