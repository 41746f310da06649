#ifndef PADDYMETHANE_CNETCDF_SHIM_H
#define PADDYMETHANE_CNETCDF_SHIM_H

#include <netcdf.h>
#include <netcdf_filter.h>

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

#endif
