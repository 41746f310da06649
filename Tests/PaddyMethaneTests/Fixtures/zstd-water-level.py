# Writes zstd-water-level.nc: a two-paddy CF timeSeries file whose water_level is compressed
# with the Zstandard HDF5 filter (id 32015). Made with Python netCDF4 1.7.5 (pip wheel, which
# bundles the filter plugins): python3 zstd-water-level.py
import netCDF4
import numpy as np

ds = netCDF4.Dataset("zstd-water-level.nc", "w", format="NETCDF4")
ds.Conventions = "CF-1.8"
ds.featureType = "timeSeries"
ds.createDimension("paddy", 2)
ds.createDimension("time", 4)
ids = ds.createVariable("paddy_id", str, ("paddy",))
ids.cf_role = "timeseries_id"
ids[0] = "Z1"
ids[1] = "Z2"
time = ds.createVariable("time", "f8", ("time",))
time.units = "days since 2024-06-01"
time.calendar = "standard"
time[:] = [0, 1, 2, 3]
level = ds.createVariable("water_level", "f4", ("paddy", "time"), compression="zstd", complevel=4)
level.units = "cm"
level[:] = np.array([[5.0, 4.5, -2.0, 3.25], [0.5, 1.0, 1.5, 2.0]], "f4")
area = ds.createVariable("area", "f8", ("paddy",))
area.units = "ha"
area[:] = [1.5, 2.0]
ds.close()
