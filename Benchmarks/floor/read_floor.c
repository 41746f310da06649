/*
 * The I/O floor for scripts/benchmark.sh: the least work any tool must do to read a paddy file.
 *
 * Opens the NetCDF file with netCDF-C, sets a chunk cache that holds one block of paddies x all
 * times, and reads `water_level` (as float) in blocks of BLOCK paddies x all times -- the access
 * pattern of scenario-runner (PaddyFileReader, --block-size 1024) -- summing the values that are
 * not the fill value so that the compiler cannot drop the reads. Prints the count and the sum.
 *
 *   cc -O2 read_floor.c $(pkg-config --cflags --libs netcdf) -o read_floor
 *   ./read_floor FILE [BLOCK]
 *
 * Expects the orthogonal layout water_level(paddy, time) that paddy-synth writes.
 */
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(call)                                                                       \
    do {                                                                                  \
        int status_ = (call);                                                             \
        if (status_ != NC_NOERR) {                                                        \
            fprintf(stderr, "read_floor: %s: %s\n", #call, nc_strerror(status_));         \
            exit(1);                                                                      \
        }                                                                                 \
    } while (0)

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE [BLOCK]\n", argv[0]);
        return 64;
    }
    size_t block = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 1024;
    if (block == 0) block = 1024;

    int ncid, varid, ndims, dimids[NC_MAX_VAR_DIMS];
    CHECK(nc_open(argv[1], NC_NOWRITE, &ncid));
    CHECK(nc_inq_varid(ncid, "water_level", &varid));
    CHECK(nc_inq_varndims(ncid, varid, &ndims));
    if (ndims != 2) {
        fprintf(stderr, "read_floor: water_level has %d dimensions, expected (paddy, time)\n", ndims);
        return 1;
    }
    CHECK(nc_inq_vardimid(ncid, varid, dimids));
    size_t paddies, times;
    CHECK(nc_inq_dimlen(ncid, dimids[0], &paddies));
    CHECK(nc_inq_dimlen(ncid, dimids[1], &times));

    float fill = NC_FILL_FLOAT;
    (void)nc_get_att_float(ncid, varid, "_FillValue", &fill); /* default fill if absent */

    /* Same rule as PaddyFileReader: room for one block of paddies x all times, 16-256 MiB. */
    size_t cache = times * block * 8;
    if (cache < ((size_t)16 << 20)) cache = (size_t)16 << 20;
    if (cache > ((size_t)256 << 20)) cache = (size_t)256 << 20;
    int format;
    CHECK(nc_inq_format(ncid, &format));
    if (format == NC_FORMAT_NETCDF4 || format == NC_FORMAT_NETCDF4_CLASSIC)
        CHECK(nc_set_var_chunk_cache(ncid, varid, cache, 1009, 0.75f));

    float *buffer = malloc(block * times * sizeof(float));
    if (!buffer) {
        fprintf(stderr, "read_floor: out of memory\n");
        return 1;
    }
    double sum = 0;
    size_t count = 0;
    for (size_t start = 0; start < paddies; start += block) {
        size_t n = paddies - start < block ? paddies - start : block;
        size_t s[2] = {start, 0}, c[2] = {n, times};
        CHECK(nc_get_vara_float(ncid, varid, s, c, buffer));
        for (size_t i = 0; i < n * times; i++) {
            float v = buffer[i];
            if (v != fill) {
                sum += v;
                count++;
            }
        }
    }
    free(buffer);
    CHECK(nc_close(ncid));
    printf("%zu paddies x %zu times: %zu values read, sum %.6g\n", paddies, times, count, sum);
    return 0;
}
