#!/usr/bin/env python3
"""Benchmark inputs written the way users write them: with netCDF4-python.

    make_inputs.py SYNTH.nc OUT_DAILY.nc [OUT_12DAY.nc]

SYNTH.nc is a paddy-synth file (synthetic water levels, not observations). This script rewrites
it with netCDF4-python, as an analyst's pipeline would write one:

- OUT_DAILY.nc: every variable copied; `water_level` float32 (paddy, time), zlib deflate level 1
  with the shuffle filter off, chunks of 1024 paddies x all days; paddy ids as NetCDF-4 strings
  (what netCDF4-python writes for a numpy object array of str).
- OUT_12DAY.nc: the same paddies seen by a satellite every 12 days: time steps 0, 12, 24, ... of
  the daily file, each paddy's level at a step the first one it has in the 12 days from it, with
  about 5 % of the passes missed (fill value); chunks of 1024 paddies x all time steps: the shape
  of a Sentinel-1 or ALOS-2 product.

The numbers are made up (paddy-synth's); only the encoding follows netCDF4-python.
"""
import sys

import netCDF4
import numpy as np

BLOCK = 1024


def copy_attributes(src, dst, skip=("_FillValue",)):
    for name in src.ncattrs():
        if name not in skip:
            dst.setncattr(name, src.getncattr(name))


def revisit(block, fill, every):
    """Each paddy's first level in each window of `every` days (fill when it has none)."""
    n, days = block.shape
    steps = -(-days // every)
    padded = np.full((n, steps * every), fill, dtype=block.dtype)
    padded[:, :days] = block
    windows = padded.reshape(n, steps, every)
    valid = windows != fill
    first = valid.argmax(axis=2)
    picked = np.take_along_axis(windows, first[:, :, None], axis=2)[:, :, 0]
    picked[~valid.any(axis=2)] = fill
    return picked


def write(src, path, every, miss_rate, seed):
    n = len(src.dimensions["paddy"])
    time_index = np.arange(0, len(src.dimensions["time"]), every)
    steps = len(time_index)
    rng = np.random.default_rng(seed)
    with netCDF4.Dataset(path, "w", format="NETCDF4") as dst:
        copy_attributes(src, dst)
        dst.source = f"{src.source}; rewritten by netCDF4-python {netCDF4.__version__} (Benchmarks/make_inputs.py)"
        dst.createDimension("paddy", n)
        dst.createDimension("time", steps)
        if "season" in src.dimensions:
            dst.createDimension("season", len(src.dimensions["season"]))
        ids = dst.createVariable("paddy_id", str, ("paddy",))
        copy_attributes(src["paddy_id"], ids)
        raw = src["paddy_id"][:]
        ids[:] = np.array([b"".join(row.compressed()).decode() if np.ma.isMaskedArray(row) else b"".join(row).decode()
                           for row in raw], dtype=object)
        t = dst.createVariable("time", "f8", ("time",))
        copy_attributes(src["time"], t)
        t[:] = src["time"][:][time_index]
        wl_src = src["water_level"]
        fill = wl_src.getncattr("_FillValue")
        wl = dst.createVariable("water_level", "f4", ("paddy", "time"), zlib=True, complevel=1, shuffle=False,
                                chunksizes=(min(BLOCK, n), steps), fill_value=fill)
        copy_attributes(wl_src, wl)
        wl_src.set_auto_mask(False)
        for start in range(0, n, BLOCK):
            block = np.asarray(wl_src[start:start + BLOCK, :])
            if every > 1:
                block = revisit(block, fill, every)
            if miss_rate > 0:
                block[rng.random(block.shape) < miss_rate] = fill
            wl[start:start + BLOCK, :] = block
        for name, var in src.variables.items():
            if name in ("paddy_id", "time", "water_level"):
                continue
            kind = str if var.dtype == str else var.dtype
            fv = var.getncattr("_FillValue") if "_FillValue" in var.ncattrs() else None
            out = dst.createVariable(name, kind, var.dimensions, fill_value=fv)
            copy_attributes(var, out)
            var.set_auto_mask(False)
            out[:] = var[:]


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    with netCDF4.Dataset(sys.argv[1]) as src:
        write(src, sys.argv[2], 1, 0.0, 1)
        if len(sys.argv) == 4:
            write(src, sys.argv[3], 12, 0.05, 12)


if __name__ == "__main__":
    main()
