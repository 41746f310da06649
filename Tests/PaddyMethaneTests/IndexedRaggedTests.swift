import Foundation
import Testing
@testable import PaddyMethaneIO
import PaddyMethane

// CF 1.8 section 9.3.4, Appendix H.2.5 ("timeseries of station data in the indexed ragged array
// representation"): observations along `obs` in the order they arrived, all paddies interleaved,
// each tagged by `stationIndex:instance_dimension = "station"`. The same data are written in the
// orthogonal layout (`water_level(station, time)` with `_FillValue` where a paddy has no
// observation), and both must give the same paddy-season rows.

/// Three paddies over 120 days from 2024-06-01, each with a given season on days 0–99:
/// - KH-001: observed daily, 5 cm on days 0–99, −10 cm after: continuously flooded;
/// - KH-002: observed daily, 5 cm but −8 cm on days 40–44 (5 days, re-flooded on day 45): one drainage;
/// - KH-003: observed every third day (0, 3, …, 117), 5 cm to day 99, −10 cm after.
enum IndexedRaggedData {
    static let ids = ["KH-001", "KH-002", "KH-003"]
    static let days = 120
    static let areas = [1.5, 2.0, 0.5]

    static func observed(_ p: Int, _ d: Int) -> Bool { p != 2 || d % 3 == 0 }
    static func level(_ p: Int, _ d: Int) -> Double {
        if d >= 100 { return -10 }
        if p == 1 && (40...44).contains(d) { return -8 }
        return 5
    }

    /// The observations in arrival order: day by day, paddies in the order KH-003, KH-001, KH-002.
    static var arrivals: [(paddy: Int, day: Int)] {
        (0..<days).flatMap { d in [2, 0, 1].filter { observed($0, d) }.map { (paddy: $0, day: d) } }
    }

    static let header = """
        \tchar station_name(station, name_strlen) ; station_name:cf_role = "timeseries_id" ; station_name:long_name = "paddy name" ;
        \tdouble area(station) ; area:units = "ha" ;
        \tint season_start(station) ; season_start:units = "days since 2024-06-01" ;
        \tint season_end(station) ; season_end:units = "days since 2024-06-01" ;
        """
    static let common = """
         station_name = \(ids.map { "\"\($0)\"" }.joined(separator: ", ")) ;
         area = \(areas.map { String($0) }.joined(separator: ", ")) ;
         season_start = 0, 0, 0 ;
         season_end = 99, 99, 99 ;
        """

    static var indexedCDL: String {
        let a = arrivals
        return """
        netcdf indexed {
        dimensions: station = 3 ; obs = UNLIMITED ; name_strlen = 8 ;
        variables:
        \(header)
        \tint stationIndex(obs) ; stationIndex:long_name = "which station this obs is for" ; stationIndex:instance_dimension = "station" ;
        \tdouble time(obs) ; time:standard_name = "time" ; time:units = "days since 2024-06-01 00:00:00" ; time:calendar = "standard" ;
        \tfloat water_level(obs) ; water_level:units = "cm" ; water_level:_FillValue = -999.9f ; water_level:coordinates = "time station_name" ;
        :Conventions = "CF-1.8" ; :featureType = "timeSeries" ;
        data:
        \(common)
         stationIndex = \(a.map { String($0.paddy) }.joined(separator: ", ")) ;
         time = \(a.map { String($0.day) }.joined(separator: ", ")) ;
         water_level = \(a.map { String(level($0.paddy, $0.day)) }.joined(separator: ", ")) ;
        }
        """
    }

    static var orthogonalCDL: String {
        let levels = (0..<3).map { p in (0..<days).map { d in observed(p, d) ? String(level(p, d)) : "_" }.joined(separator: ", ") }
        return """
        netcdf orthogonal {
        dimensions: station = 3 ; time = \(days) ; name_strlen = 8 ;
        variables:
        \(header)
        \tdouble time(time) ; time:standard_name = "time" ; time:units = "days since 2024-06-01 00:00:00" ; time:calendar = "standard" ;
        \tfloat water_level(station, time) ; water_level:units = "cm" ; water_level:_FillValue = -999.9f ;
        :Conventions = "CF-1.8" ; :featureType = "timeSeries" ;
        data:
        \(common)
         time = \((0..<days).map(String.init).joined(separator: ", ")) ;
         water_level = \(levels.joined(separator: ",\n  ")) ;
        }
        """
    }
}

@Suite("Indexed ragged arrays (CF 1.8 section 9.3.4)")
struct IndexedRaggedReaderTests {
    @Test("each paddy gets its own observations in file order, out of the interleaved arrivals")
    func readsInterleavedObservations() throws {
        let reader = try PaddyFileReader(path: try ncgen(IndexedRaggedData.indexedCDL, name: "indexed"), resampler: TestModels.resampler())
        #expect(reader.layout == .indexedRagged)
        #expect(reader.paddyCount == 3)
        #expect(reader.timeSpan == nil)   // each paddy has its own times
        let block = try reader.readBlock(0..<3)
        let observed = block.records.compactMap { if case .observed(let p) = $0 { p } else { nil } }
        try #require(observed.count == 3)
        #expect(observed.map(\.id) == IndexedRaggedData.ids)
        // KH-001 and KH-002: 120 daily observations; KH-003: days 0, 3, …, 117 = 40 observations.
        #expect(observed.map(\.level.values.count) == [120, 120, 40])
        let day0 = CFCalendar.standard.dayNumber(CalendarDate(year: 2024, month: 6, day: 1))
        #expect(observed[2].level.times.first == Double(day0) && observed[2].level.times[1] == Double(day0 + 3))
        #expect(observed[1].level.values[40] == -8 && observed[1].level.values[45] == 5)
        // Every value read is counted: 120 + 120 + 40 = 280, none masked.
        #expect(block.levelMasking.values == 280 && block.levelMasking.fillOrMissing == 0)
        // A block that starts in the middle reads only its paddies.
        let tail = try reader.readBlock(2..<3).records
        guard case .observed(let last)? = tail.first else { Issue.record("KH-003 not read"); return }
        #expect(last.id == "KH-003" && last.level.values.count == 40)
    }

    @Test("an index naming a paddy the file does not have stops the open with the observation and the fix")
    func indexOutOfRange() throws {
        let cdl = IndexedRaggedData.indexedCDL.replacingOccurrences(of: " stationIndex = 2,", with: " stationIndex = 3,")
        let error = #expect(throws: InputError.self) { try PaddyFileReader(path: try ncgen(cdl, name: "bad-index"), resampler: TestModels.resampler()) }
        #expect(error?.description.contains("stationIndex") == true)
        #expect(error?.description.contains("observation 0 names paddy index 3") == true, "\(String(describing: error))")
    }

    @Test("an instance_dimension that is not the identifiers' dimension is refused")
    func wrongInstanceDimension() throws {
        let cdl = IndexedRaggedData.indexedCDL.replacingOccurrences(of: "instance_dimension = \"station\"", with: "instance_dimension = \"obs\"")
        let error = #expect(throws: InputError.self) { try PaddyFileReader(path: try ncgen(cdl, name: "bad-dim"), resampler: TestModels.resampler()) }
        #expect(error?.description.contains("is not the paddy dimension") == true, "\(String(describing: error))")
    }
}

@Suite("Indexed ragged end to end", .serialized, .enabled(if: cliToolsBuilt, "scenario-runner is not built next to the test bundle"))
struct IndexedRaggedEndToEndTests {
    private func rows(_ dir: URL, _ name: String) throws -> [[String]] {
        try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test("scenario-runner run gives the same paddy-season rows as the orthogonal layout of the same data")
    func sameRowsAsOrthogonal() throws {
        let dir = try makeFixtureDirectory()
        var outputs: [URL] = []
        for (name, cdl) in [("indexed", IndexedRaggedData.indexedCDL), ("orthogonal", IndexedRaggedData.orthogonalCDL)] {
            let out = dir.appendingPathComponent(name)
            let r = try scenarioRunner("run", ["--input", try ncgen(cdl, name: name), "--out", out.path, "--quiet", "--draws", "0"])
            #expect(r.status == 0 && !r.signalled, "\(name): \(r.summary)")
            outputs.append(out)
        }
        for report in ["paddy_seasons.csv", "drainage_events.csv", "rejected.csv", "region_summary.csv", "crt_3c.csv"] {
            let a = try Data(contentsOf: outputs[0].appendingPathComponent(report))
            let b = try Data(contentsOf: outputs[1].appendingPathComponent(report))
            #expect(a == b, "\(report) differs between the indexed ragged and the orthogonal layout")
        }
        let table = try rows(outputs[0], "paddy_seasons.csv")
        let header = table[0], seasons = Array(table.dropFirst())
        func column(_ name: String) throws -> [String] {
            let i = try #require(header.firstIndex(of: name), "no column \(name)")
            return seasons.map { $0[i] }
        }
        try #require(seasons.count == 3)
        #expect(try column("paddy_id") == IndexedRaggedData.ids)
        // Days 0–99 from 1 June 2024: 30 (June) + 31 (July) + 31 (August) = 92, so day 99 is 8 September; 100 days.
        #expect(try column("season_start") == ["2024-06-01", "2024-06-01", "2024-06-01"])
        #expect(try column("season_end") == ["2024-09-08", "2024-09-08", "2024-09-08"])
        #expect(try column("days") == ["100", "100", "100"])
        // KH-002 drained (−8 cm) on days 40–44: 5 days ≥ the 4 of the ipcc rule, re-flooded on day 45.
        #expect(try column("water_regime") == ["continuously_flooded", "single_drainage", "continuously_flooded"])
        #expect(try column("drainage_events") == ["0", "1", "0"])
        // KH-003 is observed on days 0, 3, …, 99 of the season: 34 days; the other 66 of 100 are interpolated.
        let filled = try column("filled_fraction").map { Double($0) ?? .nan }
        #expect(filled[0] == 0 && filled[1] == 0 && abs(filled[2] - 0.66) < 1e-9, "\(filled)")
        let areas = try column("area_ha").map { Double($0) ?? .nan }
        #expect(areas == IndexedRaggedData.areas)
    }
}
