import Foundation
import Testing
@testable import PaddyMethane
@testable import PaddyMethaneIO

/// Flood maps (0/1 or a flooded fraction) instead of water levels: drainages estimated between
/// the neighbouring flooded observations, always inferred; grids and timeSeries files alike;
/// `--grid-netcdf` on the input grid.
@Suite("Flood status inputs")
struct FloodStatusTests {
    static let flood = GridSourceTests.flood

    /// Days 0, 12, …, 348 with the statuses of `GridFixtures.floodSeries` as nominal levels.
    static func resampled(_ fractions: [Double?], flood: FloodStatusSettings = flood) -> DailyWaterSeries {
        let times = GridFixtures.times.map(Double.init)
        let levels = fractions.map { flood.levelCm(floodedFraction: $0 ?? .nan) }
        return flood.resampler.resample(times: times, levelsCm: levels, calendar: .standard, span: 0...348)
    }

    @Test("12-day revisits with a missed pass: the drainage is estimated between the neighbouring flooded observations, 18 days, inferred")
    func inferredDrainageHandCalculation() throws {
        // Flooded at days 24 (acquisition 2 is dry: 36 is the first flooded … see GridFixtures):
        // flooded observations at 84 and 120, not flooded at 96, the pass of day 108 missed.
        // The status changes halfway between observations that differ: from day (84 + 96) / 2 = 90
        // the field is drained; the next flooded observation is day 120 (gap 96 → 120 = 24 days ≤
        // max_gap_days 28: one missed pass is bridged), so it is flooded again from (96 + 120) / 2
        // = 108. Drained: days 90 … 107 = 18 days, supported by 1 observation (day 96).
        let series = Self.resampled(GridFixtures.floodSeries())
        #expect(series.fromFloodStatus)
        let rule = try TestModels.rule("ipcc")
        let events = rule.events(in: series, window: SeasonWindow(firstDay: 30, lastDay: 163))
        #expect(events.count == 1)
        let e = try #require(events.first)
        #expect(e.firstDay == 90 && e.lengthDays == 18 && e.observedDays == 1 && e.isInferred)
        #expect(e.minLevelCm == Float(Self.flood.notFloodedLevelCm))
    }

    @Test("the rule's minimum applies to the estimate; a fraction of exactly the threshold is not flooded")
    func minimumOnTheEstimate() throws {
        let rule = try TestModels.rule("ipcc")   // min_days 4
        // Flood maps every 2 days: flooded 0–20, not flooded at 22, flooded 24–40. Estimated
        // drainage: from (20 + 22)/2 = 21 to before (22 + 24)/2 = 23: days 21, 22 = 2 days < 4: no event.
        let times = stride(from: 0, through: 40, by: 2).map(Double.init)
        let f = times.map { $0 == 22 ? 0.0 : 1.0 }
        let short = Self.flood.resampler.resample(times: times, levelsCm: f.map { Self.flood.levelCm(floodedFraction: $0) }, calendar: .standard, span: 0...40)
        #expect(rule.events(in: short, window: SeasonWindow(firstDay: 0, lastDay: 40)).isEmpty)
        // Every 6 days (Sentinel-1 pair): flooded 0–18, not flooded 24, flooded 30–60: days 21 … 26 = 6 ≥ 4: one event.
        let t6 = stride(from: 0, through: 60, by: 6).map(Double.init)
        let s6 = Self.flood.resampler.resample(times: t6, levelsCm: t6.map { Self.flood.levelCm(floodedFraction: $0 == 24 ? 0 : 1) },
                                               calendar: .standard, span: 0...60)
        let e6 = rule.events(in: s6, window: SeasonWindow(firstDay: 0, lastDay: 60))
        #expect(e6.map(\.lengthDays) == [6] && e6.map(\.firstDay) == [21] && e6.allSatisfy(\.isInferred))
        // flooded_above_fraction 0.5: 0.5 is not flooded, 0.51 is.
        #expect(Self.flood.levelCm(floodedFraction: 0.5) == Self.flood.notFloodedLevelCm)
        #expect(Self.flood.levelCm(floodedFraction: 0.51) == Self.flood.floodedLevelCm)
        #expect(Self.flood.levelCm(floodedFraction: .nan).isNaN)
    }

    @Test("a flood-status event with an observation on each of its days is still inferred")
    func dailyFloodMapsAreInferred() throws {
        let times = (0..<20).map(Double.init)
        let s = Self.flood.resampler.resample(times: times, levelsCm: times.map { Self.flood.levelCm(floodedFraction: (5...9).contains($0) ? 0 : 1) },
                                              calendar: .standard, span: 0...19)
        let e = try #require(try TestModels.rule().events(in: s, window: SeasonWindow(firstDay: 0, lastDay: 19)).first)
        #expect(e.lengthDays == 5 && e.observedDays == 5 && e.isInferred)
    }

    /// The CSV rows of `name` in `dir`, by column name.
    static func table(_ dir: URL, _ name: String) throws -> [[String: String]] {
        let lines = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init))) }
    }

    static func engine() throws -> InventoryEngine {
        InventoryEngine(configuration: RunConfiguration(parameters: try TestModels.parameters(), detection: try TestModels.detection(),
                                                        drainageRule: try TestModels.rule(), gwp: try TestModels.gwp()))
    }

    /// The hand calculation of cell (0, 0) and of the first timeSeries paddy (IPCC 2019 Eq. 5.1–5.3):
    /// season detected from day 30 (2024-01-31, first flooded day) to 149 + 14 = 163 (2024-06-12):
    /// t = 134 days; one drainage (days 90–107): single drainage, SF_w = 0.71 (Table 5.12); the
    /// 30 dry days before it do not show the fallow: pre-season unknown, SF_p = 1.22 (Table 5.13
    /// aggregated); no amendment, SF_o = 1; no region in Table 5.11: EF_c = 1.19 kg ha-1 d-1 (world).
    /// EF = 1.19 × 0.71 × 1.22 = 1.030778 kg ha-1 d-1; × 134 d = 138.124252 kg ha-1.
    static let handPerHa = 1.19 * 0.71 * 1.22 * 134

    @Test("a flood grid runs end to end: the drainage is inferred in drainage_events.csv, --grid-netcdf holds the hand calculation")
    func gridRunEndToEnd() throws {
        let grid = try GridSourceTests.open(GridFixtures.gdalFloodGrid(cells: GridSourceTests.floodCells(), region: nil))
        var options = RunOptions()
        options.draws = 0
        let dir = try makeFixtureDirectory()
        let out = dir.appendingPathComponent("grid.nc")
        options.gridOutput = out
        let summary = try InventoryRunner(engine: try Self.engine(), options: options).run(grid, into: dir.appendingPathComponent("run"))
        #expect(summary.paddiesRead == 3 && summary.paddiesWithResults == 3 && summary.seasons == 3)
        let seasons = try Self.table(dir.appendingPathComponent("run"), "paddy_seasons.csv")
        let byID = Dictionary(uniqueKeysWithValues: seasons.map { ($0["paddy_id"]!, $0) })
        let c00 = try #require(byID["y0000_x0000"])
        #expect(c00["season_start"] == "2024-01-31" && c00["season_end"] == "2024-06-12" && c00["days"] == "134")
        #expect(c00["water_regime"] == "single_drainage" && c00["pre_season"] == "unknown")
        #expect(TestModels.close(Double(c00["ef_kg_ha_day"]!)!, 1.030778, rel: 1e-6))
        // (0, 2): fractions 0.8 throughout the season: continuously flooded. (1, 1): 0.5 is not flooded: drains as (0, 0).
        #expect(byID["y0000_x0002"]?["water_regime"] == "continuously_flooded" && byID["y0001_x0001"]?["water_regime"] == "single_drainage")
        let events = try Self.table(dir.appendingPathComponent("run"), "drainage_events.csv")
        #expect(events.count == 2)
        #expect(events.allSatisfy { $0["event_start"] == "2024-03-31" && $0["length_days"] == "18" && $0["observed_days"] == "1" && $0["inferred"] == "yes" })
        // The grid file, read with Python xarray (as QGIS users' scripts do) and GDAL.
        let area = GridSourceTests.cellSettings.defaultEllipsoid.zoneAreaPerRadianM2(latitudeDegrees: 11.495, 11.505) * (0.01 * .pi / 180) / 1e4
        let script = """
            import xarray as xr, json
            ds = xr.open_dataset("\(out.path)")
            v = ds["ch4_kg_per_ha"]
            r = ds["water_regime"]
            print(json.dumps({"dims": list(v.dims), "per_ha": float(v[0, 0, 0]), "kg": float(ds["ch4_kg"][0, 0, 0]),
                "fill": bool(v[0, 0, 1].isnull()), "regime": int(r[0, 0, 0]), "meanings": r.attrs["flag_meanings"].split(),
                "start": str(ds["season_start"][0, 0, 0].values)[:10], "gm": v.attrs.get("grid_mapping", v.encoding.get("grid_mapping")),
                "lat": [float(x) for x in ds["lat"]], "units": v.attrs["units"]}))
            """
        let result = try runExternal("/usr/bin/env", ["python3", "-c", script])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.utf8)) as? [String: Any], "\(result)")
        #expect(json["dims"] as? [String] == ["season", "lat", "lon"])
        #expect(TestModels.close(json["per_ha"] as! Double, Self.handPerHa, rel: 1e-6), "\(json)")
        #expect(TestModels.close(json["kg"] as! Double, Self.handPerHa * area, rel: 1e-6))
        #expect(json["fill"] as? Bool == true && json["units"] as? String == "kg ha-1" && json["gm"] as? String == "crs")
        let meanings = json["meanings"] as! [String]
        #expect(meanings[json["regime"] as! Int] == "single_drainage")
        #expect(json["start"] as? String == "2024-01-31" && json["lat"] as? [Double] == [11.5, 11.51])
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/gdalinfo") {
            let info = try runExternal("/usr/bin/gdalinfo", ["NETCDF:\(out.path):ch4_kg_per_ha"])
            #expect(info.contains("Driver: netCDF") && info.contains("Size is 3, 2") && info.contains("WGS 84"), "\(info)")
        }
    }

    @Test("a CF timeSeries file of flood status (Appendix H.2.1 layout) gives the same season and inferred drainage as the grid cell")
    func timeSeriesFloodStatus() throws {
        let a = GridFixtures.list(GridFixtures.floodSeries()), b = GridFixtures.list(GridFixtures.floodSeries(drained: 1))
        let cdl = """
            netcdf H21_flood {
            dimensions:
                station = 2 ;
                name_strlen = 8 ;
                time = 30 ;
            variables:
                float lon(station) ;
                    lon:standard_name = "longitude" ;
                    lon:units = "degrees_east" ;
                float lat(station) ;
                    lat:standard_name = "latitude" ;
                    lat:units = "degrees_north" ;
                char station_name(station, name_strlen) ;
                    station_name:long_name = "station name" ;
                    station_name:cf_role = "timeseries_id" ;
                double area(station) ;
                    area:units = "ha" ;
                double time(time) ;
                    time:standard_name = "time" ;
                    time:long_name = "time of measurement" ;
                    time:units = "days since 2024-01-01 00:00:00" ;
                byte flooded(station, time) ;
                    flooded:long_name = "flood status from SAR (1 flooded, 0 not flooded)" ;
                    flooded:units = "1" ;
                    flooded:_FillValue = -1b ;
                    flooded:coordinates = "lat lon" ;
            // global attributes:
                :featureType = "timeSeries" ;
                :Conventions = "CF-1.8" ;
            data:
                lon = 104.0, 104.1 ;
                lat = 11.5, 11.6 ;
                station_name = "plot-A", "plot-B" ;
                area = 1, 1 ;
                time = \(GridFixtures.times.map(String.init).joined(separator: ", ")) ;
                flooded = \(a.replacingOccurrences(of: ".0", with: "")), \(b.replacingOccurrences(of: ".0", with: "")) ;
            }
            """
        let reader = try PaddyFileReader(path: try ncgen(cdl), resampler: try TestModels.resampler(), floodStatus: Self.flood)
        #expect(reader.survey.floodStatus && reader.resampler.fill == .floodStatus && reader.resampler.maxGapDays == Self.flood.maxGapDays)
        var options = RunOptions()
        options.draws = 0
        let dir = try makeFixtureDirectory()
        try InventoryRunner(engine: try Self.engine(), options: options).run(reader, into: dir)
        let seasons = try Self.table(dir, "paddy_seasons.csv")
        #expect(seasons.map { $0["paddy_id"]! } == ["plot-A", "plot-B"])
        #expect(seasons.map { $0["water_regime"]! } == ["single_drainage", "continuously_flooded"])
        #expect(seasons.allSatisfy { $0["days"] == "134" })
        #expect(TestModels.close(Double(seasons[0]["ch4_kg"]!)!, Self.handPerHa, rel: 1e-6))
        let events = try Self.table(dir, "drainage_events.csv")
        #expect(events.count == 1 && events[0]["paddy_id"] == "plot-A" && events[0]["length_days"] == "18"
                && events[0]["observed_days"] == "1" && events[0]["inferred"] == "yes")
    }
}

/// Runs a tool and returns its standard output; throws with its standard error when it fails.
func runExternal(_ path: String, _ arguments: [String]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else {
        throw FixtureError(description: "\(path) failed (\(p.terminationStatus)): \(String(decoding: errData, as: UTF8.self))")
    }
    return String(decoding: data, as: UTF8.self)
}
