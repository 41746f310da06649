#ifndef PADDYMETHANE_CNETCDF_SHIM_H
#define PADDYMETHANE_CNETCDF_SHIM_H

#include <netcdf.h>
#include <netcdf_filter.h>
#include <dlfcn.h>

/* Fill values whose macro definitions Swift cannot import (casts, long long literals). */
static const signed char cnetcdf_fill_byte = NC_FILL_BYTE;
static const char cnetcdf_fill_char = NC_FILL_CHAR;
static const short cnetcdf_fill_short = NC_FILL_SHORT;
static const int cnetcdf_fill_int = NC_FILL_INT;
static const float cnetcdf_fill_float = NC_FILL_FLOAT;
static const double cnetcdf_fill_double = NC_FILL_DOUBLE;
static const unsigned char cnetcdf_fill_ubyte = NC_FILL_UBYTE;
static const unsigned short cnetcdf_fill_ushort = NC_FILL_USHORT;
static const unsigned int cnetcdf_fill_uint = NC_FILL_UINT;
static const long long cnetcdf_fill_int64 = NC_FILL_INT64;
static const unsigned long long cnetcdf_fill_uint64 = NC_FILL_UINT64;

/* HDF5 keeps its "print errors to stderr" switch per thread (Debian's HDF5 is built thread-safe).
   netCDF-C turns printing off once, on the thread of its first call; on every other thread each
   probe for an optional attribute (`_QuantizeBitRoundNumberOfSignificantBits`, ...) would print an
   "HDF5-DIAG: Error detected" trace although netCDF-C handles the result. This turns printing
   off on the calling thread, once; netCDF-C still returns every error as a status. HDF5 is found
   among the loaded libraries (netCDF-C loads it), so no link to it is needed. */
static inline void cnetcdf_silence_hdf5_on_this_thread(void) {
    static __thread int silenced = 0;
    if (silenced) return;
    silenced = 1;
    typedef int (*set_auto_t)(long long stack, void *print, void *data);
    set_auto_t set_auto = (set_auto_t)dlsym(RTLD_DEFAULT, "H5Eset_auto2");
    if (set_auto) (void)set_auto(0 /* H5E_DEFAULT */, 0, 0);
}

#endif
