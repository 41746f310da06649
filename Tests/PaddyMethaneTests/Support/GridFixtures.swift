import Foundation

/// CDL of small grids written the way GDAL, xarray/rioxarray and CF writers write them, for the
/// grid and flood-status tests.
enum GridFixtures {
    /// 30 acquisitions every 12 days (days 0, 12, …, 348 since 2024-01-01).
    static let times = (0..<30).map { $0 * 12 }

    /// The flood series of the drainage hand calculation: not flooded at acquisitions 0–2, flooded
    /// at 3–7, not flooded at 8 (`drained`, the drainage), acquisition 9 missed (`nil`), flooded
    /// at 10–12, not flooded from 13 on.
    static func floodSeries(drained: Double = 0, flooded: Double = 1, dry: Double = 0) -> [Double?] {
        (0..<30).map { i -> Double? in
            switch i {
            case 3...7, 10...12: flooded
            case 8: drained
            case 9: nil
            default: dry
            }
        }
    }

    /// CDL numbers, `fill` for nil.
    static func list(_ values: [Double?], fill: String = "_") -> String {
        values.map { $0.map { String($0) } ?? fill }.joined(separator: ", ")
    }

    /// A 2 × 3 latitude-longitude grid of 0.01° cells centred at 11.50 and 11.51 °N, 104.00–104.02 °E,
    /// as GDAL's netCDF driver writes a GeoTIFF (a `crs` variable with the WGS 84 figure, lat/lon
    /// coordinates with standard names), with a time axis added and `flooded(time, lat, lon)`.
    /// `cells` gives the 6 cells' series in row-major order.
    static func gdalFloodGrid(cells: [[Double?]], lat: [Double] = [11.50, 11.51], mask: String? = "1, 0, 1, 0, 1, 0",
                              maskDims: String = "lat, lon", region: String? = "1, 1, 2, 2, 2, 2", extraDims: String = "") -> String {
        var data: [String] = []
        for t in 0..<30 { data.append(list(cells.map { $0[t] })) }
        return """
        netcdf gdal_flood {
        dimensions:
            time = 30 ;
            lat = 2 ;
            lon = 3 ;
            \(extraDims)
        variables:
            char crs ;
                crs:grid_mapping_name = "latitude_longitude" ;
                crs:long_name = "CRS definition" ;
                crs:longitude_of_prime_meridian = 0. ;
                crs:semi_major_axis = 6378137. ;
                crs:inverse_flattening = 298.257223563 ;
                crs:spatial_ref = "GEOGCS[\\"WGS 84\\",DATUM[\\"WGS_1984\\",SPHEROID[\\"WGS 84\\",6378137,298.257223563]],PRIMEM[\\"Greenwich\\",0],UNIT[\\"degree\\",0.0174532925199433]]" ;
                crs:GeoTransform = "103.995 0.01 0 11.495 0 0.01 " ;
            double lat(lat) ;
                lat:standard_name = "latitude" ;
                lat:long_name = "latitude" ;
                lat:units = "degrees_north" ;
            double lon(lon) ;
                lon:standard_name = "longitude" ;
                lon:long_name = "longitude" ;
                lon:units = "degrees_east" ;
            int time(time) ;
                time:units = "days since 2024-01-01" ;
                time:calendar = "standard" ;
            float flooded(time, lat, lon) ;
                flooded:long_name = "flooded fraction of the cell (SAR flood map)" ;
                flooded:units = "1" ;
                flooded:_FillValue = -9999.f ;
                flooded:grid_mapping = "crs" ;
        \(mask == nil ? "" : """
            byte rice(\(maskDims)) ;
                rice:long_name = "rice mask" ;
                rice:flag_values = 0b, 1b ;
                rice:flag_meanings = "other rice" ;
                rice:grid_mapping = "crs" ;
        """)
        \(region == nil ? "" : """
            short region(lat, lon) ;
                region:long_name = "province" ;
                region:flag_values = 1s, 2s ;
                region:flag_meanings = "Battambang Takeo" ;
                region:_FillValue = -1s ;
        """)
        // global attributes:
            :Conventions = "CF-1.5" ;
            :GDAL = "GDAL 3.6.2, released 2023/01/02" ;
        data:
            lat = \(lat.map { String($0) }.joined(separator: ", ")) ;
            lon = 104.00, 104.01, 104.02 ;
            time = \(times.map(String.init).joined(separator: ", ")) ;
            flooded = \(data.joined(separator: ",\n        ")) ;
        \(mask.map { "    rice = \($0) ;" } ?? "")
        \(region.map { "    region = \($0) ;" } ?? "")
        }
        """
    }

    /// A 2 × 2 projected grid as xarray with rioxarray writes it: x/y coordinates with a NaN fill,
    /// a scalar int64 `spatial_ref` with the CF grid-mapping attributes and `crs_wkt`, int64 times,
    /// `water_level(time, y, x)` with a NaN fill. 20 m cells.
    static func rioxarrayGrid(mapping: String, cellMeasures: Bool = false) -> String {
        let levels = (0..<30).map { i in (0..<4).map { _ in i < 3 || i > 12 ? "-10.0" : "5.0" }.joined(separator: ", ") }
        return """
        netcdf rioxarray {
        dimensions:
            time = 30 ;
            y = 2 ;
            x = 2 ;
        variables:
            int64 time(time) ;
                time:units = "days since 2024-01-01" ;
                time:calendar = "proleptic_gregorian" ;
            double x(x) ;
                x:_FillValue = NaN ;
                x:axis = "X" ;
                x:long_name = "x coordinate of projection" ;
                x:standard_name = "projection_x_coordinate" ;
                x:units = "metre" ;
            double y(y) ;
                y:_FillValue = NaN ;
                y:axis = "Y" ;
                y:long_name = "y coordinate of projection" ;
                y:standard_name = "projection_y_coordinate" ;
                y:units = "metre" ;
            int64 spatial_ref ;
                spatial_ref:crs_wkt = "PROJCS[\\"WGS 84 / UTM zone 48N\\"]" ;
                spatial_ref:semi_major_axis = 6378137. ;
                spatial_ref:inverse_flattening = 298.257223563 ;
                spatial_ref:grid_mapping_name = "\(mapping)" ;
                spatial_ref:spatial_ref = "PROJCS[\\"WGS 84 / UTM zone 48N\\"]" ;
                spatial_ref:GeoTransform = "400000.0 20.0 0.0 1271040.0 0.0 -20.0" ;
            float water_level(time, y, x) ;
                water_level:_FillValue = NaNf ;
                water_level:units = "cm" ;
                water_level:grid_mapping = "spatial_ref" ;
                water_level:coordinates = "spatial_ref" ;
                \(cellMeasures ? "water_level:cell_measures = \"area: cell_area\" ;" : "")
        \(cellMeasures ? """
            float cell_area(y, x) ;
                cell_area:units = "m2" ;
                cell_area:standard_name = "cell_area" ;
        """ : "")
        data:
            time = \(times.map(String.init).joined(separator: ", ")) ;
            x = 400010, 400030 ;
            y = 1271030, 1271010 ;
            spatial_ref = 0 ;
            water_level = \(levels.joined(separator: ",\n        ")) ;
        \(cellMeasures ? "    cell_area = 400, 399, 401, 402 ;" : "")
        }
        """
    }
}
