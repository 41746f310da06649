import Foundation
import Testing
@testable import PaddyMethane
@testable import PaddyMethaneIO

// MARK: Helpers

private func day(_ calendar: CFCalendar, _ y: Int, _ m: Int, _ d: Int) -> Int {
    calendar.dayNumber(CalendarDate(year: y, month: m, day: d))
}

private func date(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d) }

/// Day numbers of 2024-01-01, computed by hand (see CalendarTests.knownAbsoluteDayNumbers).
private let jan1Standard = 738_887
private let jan1Proleptic = 738_885

/// Reads every paddy of `reader` in one block.
private func readAll(_ reader: PaddyFileReader) throws -> [PaddyRecord] {
    try reader.read(start: 0, count: reader.paddyCount)
}

/// The paddies of `records`; records that were rejected are reported as issues.
private func paddies(_ records: [PaddyRecord], sourceLocation: SourceLocation = #_sourceLocation) -> [Paddy] {
    records.compactMap { record in
        switch record {
        case .paddy(let p): return p
        case .rejected(let r):
            Issue.record("paddy \(r.paddyID) rejected: \(r.reason)", sourceLocation: sourceLocation)
            return nil
        }
    }
}

private func readPaddies(_ path: String, resampler: DailyResampler? = nil) throws -> [Paddy] {
    paddies(try readAll(try PaddyFileReader(path: path, resampler: try resampler ?? TestModels.resampler())))
}

/// Compares a series' levels with expected values (NaN = missing), within `tolerance` cm.
private func expectLevels(_ series: DailyWaterSeries, _ expected: [Double], tolerance: Double = 1e-4,
                          sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(series.levelCm.count == expected.count, "levels \(series.levelCm) vs \(expected)", sourceLocation: sourceLocation)
    for (i, (a, e)) in zip(series.levelCm, expected).enumerated() {
        if e.isNaN {
            #expect(a.isNaN && series.quality[i] == .missing, "day \(i): \(a) should be missing", sourceLocation: sourceLocation)
        } else {
            #expect(abs(Double(a) - e) <= tolerance * max(1, abs(e)), "day \(i): \(a) vs \(e)", sourceLocation: sourceLocation)
        }
    }
}

/// A one-variable-at-a-time configurable orthogonal timeSeries file (water_level(paddy, time)).
struct ReaderTestCDL {
    var paddies = 1
    var times = "0, 1, 2"
    var levels = "1, 2, 3"
    var timeType = "double"
    var timeAttributes = [#"units = "days since 2024-01-01""#, #"calendar = "standard""#]
    var levelName = "water_level"
    var levelType = "float"
    var levelAttributes = [#"units = "cm""#]
    var areaAttributes = [#"units = "ha""#]
    var area: String? = nil
    var extraDimensions = ""
    var extraVariables = ""
    var extraData = ""

    var text: String {
        let n = times.split(separator: ",").count
        let ids = (1...paddies).map { "\"P\($0)\"" }.joined(separator: ", ")
        let areas = area ?? Array(repeating: "1", count: paddies).joined(separator: ", ")
        func attributes(_ v: String, _ list: [String]) -> String { list.map { "\t\t\(v):\($0) ;" }.joined(separator: "\n") }
        return """
        netcdf series {
        dimensions:
        \tpaddy = \(paddies) ;
        \ttime = \(n) ;
        \tid_strlen = 8 ;
        \(extraDimensions)
        variables:
        \tchar paddy_id(paddy, id_strlen) ;
        \t\tpaddy_id:cf_role = "timeseries_id" ;
        \t\(timeType) time(time) ;
        \(attributes("time", timeAttributes))
        \t\(levelType) \(levelName)(paddy, time) ;
        \(attributes(levelName, levelAttributes))
        \tdouble area(paddy) ;
        \(attributes("area", areaAttributes))
        \(extraVariables)
        // global attributes:
        \t\t:Conventions = "CF-1.8" ;
        \t\t:featureType = "timeSeries" ;
        data:
        \tpaddy_id = \(ids) ;
        \ttime = \(times) ;
        \t\(levelName) = \(levels) ;
        \tarea = \(areas) ;
        \(extraData)
        }
        """
    }
}

// MARK: Layouts

@Suite("CF timeSeries reader")
struct CFReaderTests {
    @Test("The CDL fixtures are bundled as resources")
    func fixturesAreBundled() throws {
        for name in ["orthogonal_paddy_time", "orthogonal_time_paddy", "contiguous_ragged", "incomplete", "single"] {
            let text = try fixtureCDL(name)
            #expect(text.hasPrefix("netcdf \(name) {"))
        }
    }

    @Test("Orthogonal water_level(paddy, time)")
    func orthogonalPaddyTime() throws {
        let path = try ncgenFixture("orthogonal_paddy_time")
        let reader = try PaddyFileReader(path: path, resampler: TestModels.resampler())
        #expect(reader.layout == .orthogonal(timeFirst: false))
        #expect(reader.paddyCount == 3)
        #expect(reader.calendar == .standard)
        #expect(reader.levelUnits == "cm")
        #expect(reader.areaUnits == "ha")
        #expect(reader.format == "NetCDF-4")
        #expect(reader.timeStepCount == 5)
        #expect(reader.timeSpan == jan1Standard...(jan1Standard + 4))
        #expect(reader.medianStepDays == 1)
        let records = try readAll(reader)
        #expect(records.count == 3)
        let p = paddies(records)
        try #require(p.count == 3)
        #expect(p.map(\.id) == ["P1", "P2", "P3"])
        #expect(p.map(\.index) == [0, 1, 2])
        #expect(p.map(\.areaHa) == [1.5, 2.5, 0.25])
        #expect(p.map(\.region) == ["north", "south", "north"])
        #expect(p.map(\.latitude) == [10.5, 11, 12])
        #expect(p.map(\.longitude) == [105, 106, 107])
        #expect(p.allSatisfy { $0.seasons.isEmpty && $0.waterSupply == nil && $0.amendments == nil })
        for paddy in p {
            #expect(paddy.water.firstDay == jan1Standard)
            #expect(paddy.water.calendar == .standard)
        }
        expectLevels(p[0].water, [5, 4, 3, 2, 1])
        #expect(p[0].water.quality == Array(repeating: .observed, count: 5))
        // The _FillValue on day 2 is interpolated between -2 and -4.
        expectLevels(p[1].water, [-1, -2, -3, -4, -5])
        #expect(p[1].water.quality == [.observed, .observed, .interpolated, .observed, .observed])
        // A paddy whose levels are all missing is still read (the engine rejects it later).
        expectLevels(p[2].water, [.nan, .nan, .nan, .nan, .nan])
        #expect(p[2].water.quality == Array(repeating: .missing, count: 5))
    }

    @Test("Reading in blocks gives the same paddies with their file positions")
    func blocks() throws {
        let reader = try PaddyFileReader(path: try ncgenFixture("orthogonal_paddy_time"), resampler: TestModels.resampler())
        let tail = paddies(try reader.read(start: 1, count: 10))
        #expect(tail.map(\.id) == ["P2", "P3"])
        #expect(tail.map(\.index) == [1, 2])
        expectLevels(tail[0].water, [-1, -2, -3, -4, -5])
        let middle = paddies(try reader.read(start: 1, count: 1))
        #expect(middle.map(\.id) == ["P2"])
        #expect(middle.first?.areaHa == 2.5)
        #expect(try reader.read(start: 3, count: 1).isEmpty)
    }

    @Test("Orthogonal water_level(time, paddy)")
    func orthogonalTimePaddy() throws {
        let reader = try PaddyFileReader(path: try ncgenFixture("orthogonal_time_paddy"), resampler: TestModels.resampler())
        #expect(reader.layout == .orthogonal(timeFirst: true))
        #expect(reader.paddyCount == 3)
        #expect(reader.calendar == .proleptic_gregorian)
        let p = paddies(try readAll(reader))
        try #require(p.count == 3)
        #expect(p.map(\.id) == ["11", "22", "33"])
        #expect(p.map(\.areaHa) == [1, 2, 3])
        for paddy in p { #expect(paddy.water.firstDay == jan1Proleptic) }
        expectLevels(p[0].water, [5, 4, 3, 2])
        expectLevels(p[1].water, [-1, -2, -3, -4])
        #expect(p[1].water.quality == [.observed, .observed, .interpolated, .observed])
        expectLevels(p[2].water, [100, 200, 300, 400])
        // A block that does not start at the first paddy picks the right columns.
        let block = paddies(try reader.read(start: 1, count: 2))
        #expect(block.map(\.id) == ["22", "33"])
        expectLevels(block[0].water, [-1, -2, -3, -4])
        expectLevels(block[1].water, [100, 200, 300, 400])
        let last = paddies(try reader.read(start: 2, count: 1))
        expectLevels(last[0].water, [100, 200, 300, 400])
    }

    @Test("Contiguous ragged array (row_size with sample_dimension)")
    func contiguousRagged() throws {
        let reader = try PaddyFileReader(path: try ncgenFixture("contiguous_ragged"), resampler: TestModels.resampler())
        #expect(reader.layout == .contiguousRagged)
        #expect(reader.paddyCount == 3)
        #expect(reader.timeSpan == nil)
        let records = try readAll(reader)
        try #require(records.count == 3)
        let p = paddies(Array(records.prefix(2)))
        try #require(p.count == 2)
        #expect(p.map(\.id) == ["101", "102"])
        #expect(p[0].water.firstDay == jan1Standard)
        expectLevels(p[0].water, [1, 2, 3])
        #expect(p[0].water.quality == [.observed, .interpolated, .observed])
        #expect(p[1].water.firstDay == jan1Standard + 1)
        expectLevels(p[1].water, [10, 20, 30])
        #expect(p[1].water.quality == [.observed, .observed, .observed])
        // The third paddy has no observations at all.
        guard case .rejected(let r) = records[2] else { Issue.record("paddy 103 should be rejected"); return }
        #expect(r.paddyID == "103")
        #expect(r.paddyIndex == 2)
        #expect(r.reason.contains("no observation"))
        // Blocks: the second paddy alone, then the empty one alone.
        let second = paddies(try reader.read(start: 1, count: 1))
        #expect(second.map(\.id) == ["102"])
        expectLevels(second[0].water, [10, 20, 30])
        let third = try reader.read(start: 2, count: 1)
        #expect(third.count == 1)
        if case .paddy = third.first { Issue.record("paddy 103 should be rejected when read alone") }
    }

    @Test("Incomplete multidimensional time(paddy, obs)")
    func incomplete() throws {
        let reader = try PaddyFileReader(path: try ncgenFixture("incomplete"), resampler: TestModels.resampler())
        #expect(reader.layout == .incomplete)
        let p = paddies(try readAll(reader))
        try #require(p.count == 2)
        #expect(p.map(\.id) == ["A", "B"])
        #expect(p[0].water.firstDay == jan1Standard)
        expectLevels(p[0].water, [1, 2, 3])
        // B: times 5 and 7 (the third time is missing): 4, 5 (interpolated), 6.
        #expect(p[1].water.firstDay == jan1Standard + 5)
        expectLevels(p[1].water, [4, 5, 6])
        #expect(p[1].water.quality == [.observed, .interpolated, .observed])
    }

    @Test func incompleteOutOfOrderPaddyIsRejected() throws {
        let cdl = """
        netcdf bad {
        dimensions: paddy = 2 ; obs = 3 ;
        variables:
            int paddy_id(paddy) ; paddy_id:cf_role = "timeseries_id" ;
            double time(paddy, obs) ; time:units = "days since 2024-01-01" ;
            float water_level(paddy, obs) ; water_level:units = "cm" ;
            double area(paddy) ; area:units = "ha" ;
        data:
            paddy_id = 1, 2 ;
            time = 0, 1, 2, 4, 3, 5 ;
            water_level = 1, 2, 3, 4, 5, 6 ;
            area = 1, 1 ;
        }
        """
        let records = try readAll(try PaddyFileReader(path: try ncgen(cdl), resampler: TestModels.resampler()))
        try #require(records.count == 2)
        if case .paddy(let p) = records[0] { expectLevels(p.water, [1, 2, 3]) } else { Issue.record("paddy 1 should be read") }
        guard case .rejected(let r) = records[1] else { Issue.record("paddy 2 should be rejected"); return }
        #expect(r.paddyID == "2")
        #expect(r.reason.contains("not strictly increasing"))
    }

    @Test("Single time series with a scalar identifier")
    func single() throws {
        let reader = try PaddyFileReader(path: try ncgenFixture("single"), resampler: TestModels.resampler())
        #expect(reader.layout == .single)
        #expect(reader.paddyCount == 1)
        // No calendar attribute: the CF default applies and is reported.
        #expect(reader.calendar == .standard)
        #expect(reader.defaults.contains { $0.contains("calendar") })
        let p = paddies(try readAll(reader))
        try #require(p.count == 1)
        #expect(p[0].id == "solo")
        #expect(p[0].index == 0)
        #expect(p[0].areaHa == 0.75)
        #expect(p[0].water.firstDay == jan1Standard)
        expectLevels(p[0].water, [2, 4, 6, 8])
    }

    @Test func singleSeriesWithIntegerScalarId() throws {
        let cdl = """
        netcdf one {
        dimensions: time = 2 ;
        variables:
            int station ; station:cf_role = "timeseries_id" ;
            int time(time) ; time:units = "days since 2024-01-01" ; time:calendar = "noleap" ;
            double water_level(time) ; water_level:units = "mm" ;
            float area ; area:units = "m2" ;
        data:
            station = 42 ; time = 0, 1 ; water_level = 10, -25 ; area = 5000 ;
        }
        """
        let p = try readPaddies(try ncgen(cdl, format: "classic"))
        try #require(p.count == 1)
        #expect(p[0].id == "42")
        #expect(abs(p[0].areaHa - 0.5) < 1e-9)
        #expect(p[0].water.firstDay == 2023 * 365)
        expectLevels(p[0].water, [1, -2.5])
    }

    // MARK: Identifiers

    @Test("NC_STRING identifiers")
    func stringIds() throws {
        let cdl = """
        netcdf ids {
        dimensions: paddy = 3 ; time = 2 ;
        variables:
            string site(paddy) ; site:cf_role = "timeseries_id" ;
            double time(time) ; time:units = "days since 2024-01-01" ;
            float water_level(paddy, time) ; water_level:units = "cm" ;
            double area(paddy) ; area:units = "ha" ;
            string region(paddy) ;
        data:
            site = "ภาคกลาง-1", "B 2", "" ;
            time = 0, 1 ;
            water_level = 1, 2, 3, 4, 5, 6 ;
            area = 1, 2, 3 ;
            region = "central", "", "north" ;
        }
        """
        let records = try readAll(try PaddyFileReader(path: try ncgen(cdl), resampler: TestModels.resampler()))
        try #require(records.count == 3)
        let p = paddies(Array(records.prefix(2)))
        #expect(p.map(\.id) == ["ภาคกลาง-1", "B 2"])
        #expect(p.map(\.region) == ["central", nil])
        expectLevels(p[1].water, [3, 4])
        // An empty identifier cannot be used.
        guard case .rejected(let r) = records[2] else { Issue.record("the empty identifier should be rejected"); return }
        #expect(r.reason.contains("empty"))
    }

    @Test("char-array identifiers keep their full text")
    func charIds() throws {
        var cdl = ReaderTestCDL()
        cdl.paddies = 2
        cdl.levels = "1, 2, 3, 4, 5, 6"
        let text = cdl.text.replacingOccurrences(of: #"paddy_id = "P1", "P2""#, with: #"paddy_id = "KH-0001", "X""#)
        let p = try readPaddies(try ncgen(text, format: "classic"))
        #expect(p.map(\.id) == ["KH-0001", "X"])
        expectLevels(p[1].water, [4, 5, 6])
    }

    // MARK: Calendars and time units

    struct CalendarCase: Sendable, CustomStringConvertible {
        let name: String
        let calendar: CFCalendar
        /// Day number of 2024-01-01 in the calendar, by hand.
        let jan1: Int
        /// Dates of "days since 2024-01-01" values 58, 59, 60.
        let dates: [CalendarDate]
        var description: String { name }
    }

    @Test("Each CF calendar", arguments: [
        CalendarCase(name: "standard", calendar: .standard, jan1: 738_887, dates: [date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1)]),
        CalendarCase(name: "gregorian", calendar: .standard, jan1: 738_887, dates: [date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1)]),
        CalendarCase(name: "proleptic_gregorian", calendar: .proleptic_gregorian, jan1: 738_885, dates: [date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1)]),
        CalendarCase(name: "julian", calendar: .julian, jan1: 738_900, dates: [date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1)]),
        CalendarCase(name: "noleap", calendar: .noleap, jan1: 2023 * 365, dates: [date(2024, 2, 28), date(2024, 3, 1), date(2024, 3, 2)]),
        CalendarCase(name: "365_day", calendar: .noleap, jan1: 2023 * 365, dates: [date(2024, 2, 28), date(2024, 3, 1), date(2024, 3, 2)]),
        CalendarCase(name: "all_leap", calendar: .all_leap, jan1: 2023 * 366, dates: [date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1)]),
        CalendarCase(name: "360_day", calendar: .day360, jan1: 2023 * 360, dates: [date(2024, 2, 29), date(2024, 2, 30), date(2024, 3, 1)]),
    ])
    func calendars(c: CalendarCase) throws {
        var cdl = ReaderTestCDL()
        cdl.times = "58, 59, 60"
        cdl.timeAttributes = [#"units = "days since 2024-01-01""#, "calendar = \"\(c.name)\""]
        let reader = try PaddyFileReader(path: try ncgen(cdl.text), resampler: TestModels.resampler())
        #expect(reader.calendar == c.calendar)
        let p = paddies(try readAll(reader))
        try #require(p.count == 1)
        let water = p[0].water
        #expect(water.calendar == c.calendar)
        #expect(water.firstDay == c.jan1 + 58)
        #expect((0..<3).map { c.calendar.date(ofDay: water.firstDay + $0) } == c.dates)
        expectLevels(water, [1, 2, 3])
    }

    @Test("Time units in hours: several observations a day are averaged")
    func hoursSince() throws {
        var cdl = ReaderTestCDL()
        cdl.times = "0, 12, 48, 60"
        cdl.levels = "1, 3, 6, 8"
        cdl.timeAttributes = [#"units = "hours since 2024-01-01 00:00:00""#, #"calendar = "proleptic_gregorian""#]
        let reader = try PaddyFileReader(path: try ncgen(cdl.text), resampler: TestModels.resampler())
        #expect(reader.timeUnits.secondsPerUnit == 3600)
        #expect(reader.timeSpan == jan1Proleptic...(jan1Proleptic + 2))
        let p = paddies(try readAll(reader))
        try #require(p.count == 1)
        // Day 0: mean(1, 3) = 2; day 2: mean(6, 8) = 7; day 1 interpolated: 4.5.
        expectLevels(p[0].water, [2, 4.5, 7])
        #expect(p[0].water.quality == [.observed, .interpolated, .observed])
    }

    @Test("Time units with a time of day in the reference")
    func hoursSinceSixOClock() throws {
        var cdl = ReaderTestCDL()
        cdl.times = "0, 18, 42"
        cdl.levels = "1, 2, 3"
        cdl.timeAttributes = [#"units = "hours since 2024-01-01 06:00:00""#, #"calendar = "proleptic_gregorian""#]
        let p = try readPaddies(try ncgen(cdl.text))
        try #require(p.count == 1)
        // 06:00 on Jan 1, 00:00 on Jan 2, 00:00 on Jan 3.
        #expect(p[0].water.firstDay == jan1Proleptic)
        expectLevels(p[0].water, [1, 2, 3])
        #expect(p[0].water.quality == [.observed, .observed, .observed])
    }

    @Test("Irregular sampling every 6 days is interpolated; a gap over maxGapDays stays missing")
    func irregularSampling() throws {
        var cdl = ReaderTestCDL()
        cdl.times = "0, 6, 12, 18, 36"
        cdl.levels = "0, -6, -12, -18, -36"
        let path = try ncgen(cdl.text)
        let reader = try PaddyFileReader(path: path, resampler: TestModels.resampler())
        #expect(reader.medianStepDays == 6)
        let p = paddies(try readAll(reader))
        try #require(p.count == 1)
        let w = p[0].water
        #expect(w.firstDay == jan1Standard)
        #expect(w.dayCount == 37)
        for i in 0...18 {
            #expect(abs(Double(w.levelCm[i]) + Double(i)) < 1e-4, "day \(i): \(w.levelCm[i])")
            #expect(w.quality[i] == (i % 6 == 0 ? .observed : .interpolated), "day \(i)")
        }
        // 18 days between day 18 and day 36 is more than the default 15.
        for i in 19...35 { #expect(w.quality[i] == .missing && w.levelCm[i].isNaN, "day \(i)") }
        #expect(w.quality[36] == .observed)
        #expect(w.levelCm[36] == -36)
        // A resampler allowing 18-day gaps fills it.
        let filled = try readPaddies(path, resampler: DailyResampler(maxGapDays: 18))
        #expect(filled[0].water.quality[27] == .interpolated)
        #expect(abs(Double(filled[0].water.levelCm[27]) + 27) < 1e-4)
    }

    // MARK: Units

    @Test("Water level units convert to cm", arguments: [
        ("m", "0.05, 0.1, -0.2"), ("cm", "5, 10, -20"), ("mm", "50, 100, -200"), ("metres", "0.05, 0.1, -0.2"),
    ])
    func lengthUnits(units: String, values: String) throws {
        var cdl = ReaderTestCDL()
        cdl.levels = values
        cdl.levelType = "double"
        cdl.levelAttributes = ["units = \"\(units)\""]
        let reader = try PaddyFileReader(path: try ncgen(cdl.text), resampler: TestModels.resampler())
        #expect(reader.levelUnits == units)
        let p = paddies(try readAll(reader))
        expectLevels(p[0].water, [5, 10, -20], tolerance: 1e-6)
    }

    @Test("Area units convert to ha", arguments: [("ha", "1.5"), ("m2", "15000"), ("km2", "0.015"), ("hectares", "1.5")])
    func areaUnits(units: String, value: String) throws {
        var cdl = ReaderTestCDL()
        cdl.areaAttributes = ["units = \"\(units)\""]
        cdl.area = value
        let reader = try PaddyFileReader(path: try ncgen(cdl.text), resampler: TestModels.resampler())
        #expect(reader.areaUnits == units)
        let p = paddies(try readAll(reader))
        #expect(abs(p[0].areaHa - 1.5) < 1e-9)
    }

    // MARK: Packing and missing data

    @Test("Packed shorts: scale_factor, add_offset, _FillValue and valid_range apply to packed values")
    func packed() throws {
        var cdl = ReaderTestCDL()
        cdl.times = "0, 1, 2, 3, 4, 5, 6, 7"
        // cm = (packed × 0.01 − 1) m × 100 = packed − 100
        cdl.levels = "150, 100, -32767, 0, 600, -201, 500, -200"
        cdl.levelType = "short"
        cdl.levelAttributes = [#"units = "m""#, "scale_factor = 0.01", "add_offset = -1.", "_FillValue = -32767s", "valid_range = -200s, 500s"]
        let p = try readPaddies(try ncgen(cdl.text), resampler: DailyResampler(maxGapDays: 1))
        try #require(p.count == 1)
        expectLevels(p[0].water, [50, 0, .nan, -100, .nan, .nan, 400, -300])
    }

    @Test("_FillValue is compared with the packed, not the unpacked, value")
    func fillValueIsPacked() throws {
        var cdl = ReaderTestCDL()
        cdl.levels = "0, -100, 50"
        cdl.levelType = "short"
        cdl.levelAttributes = [#"units = "cm""#, "_FillValue = 0s", "add_offset = 100.", "scale_factor = 1."]
        let p = try readPaddies(try ncgen(cdl.text), resampler: DailyResampler(maxGapDays: 1))
        // Packed 0 is the fill value; packed −100 unpacks to 0 and is a real level.
        expectLevels(p[0].water, [.nan, 0, 150])
        #expect(p[0].water.quality == [.missing, .observed, .observed])
    }

    @Test("Unpacked values use the default fill value when there is no _FillValue")
    func defaultFill() throws {
        var cdl = ReaderTestCDL()
        cdl.levels = "1, _, 3"
        cdl.levelType = "int"
        let p = try readPaddies(try ncgen(cdl.text), resampler: DailyResampler(maxGapDays: 1))
        expectLevels(p[0].water, [1, .nan, 3])
    }

    @Test("missing_value marks missing data (one or several values)")
    func missingValue() throws {
        var cdl = ReaderTestCDL()
        cdl.times = "0, 1, 2, 3"
        cdl.levels = "1, -99, 3, -98"
        cdl.levelAttributes = [#"units = "cm""#, "missing_value = -99.f, -98.f"]
        let p = try readPaddies(try ncgen(cdl.text), resampler: DailyResampler(maxGapDays: 1))
        expectLevels(p[0].water, [1, .nan, 3, .nan])
    }

    @Test("Equal _FillValue and missing_value are accepted")
    func agreeingFillAndMissing() throws {
        var cdl = ReaderTestCDL()
        cdl.levels = "1, -99, 3"
        cdl.levelAttributes = [#"units = "cm""#, "_FillValue = -99.f", "missing_value = -99.f"]
        let p = try readPaddies(try ncgen(cdl.text), resampler: DailyResampler(maxGapDays: 1))
        expectLevels(p[0].water, [1, .nan, 3])
    }

    @Test("valid_range, valid_min and valid_max mask values outside them")
    func validRange() throws {
        var cdl = ReaderTestCDL()
        cdl.times = "0, 1, 2, 3, 4"
        cdl.levels = "-60, -50, 0, 50, 60"
        cdl.levelAttributes = [#"units = "cm""#, "valid_range = -50.f, 50.f"]
        let p1 = try readPaddies(try ncgen(cdl.text), resampler: DailyResampler(maxGapDays: 1))
        expectLevels(p1[0].water, [.nan, -50, 0, 50, .nan])
        cdl.levelAttributes = [#"units = "cm""#, "valid_min = -50.f"]
        let p2 = try readPaddies(try ncgen(cdl.text), resampler: DailyResampler(maxGapDays: 1))
        expectLevels(p2[0].water, [.nan, -50, 0, 50, 60])
        cdl.levelAttributes = [#"units = "cm""#, "valid_max = 50.f"]
        let p3 = try readPaddies(try ncgen(cdl.text), resampler: DailyResampler(maxGapDays: 1))
        expectLevels(p3[0].water, [-60, -50, 0, 50, .nan])
    }

    // MARK: Formats

    @Test("Every on-disk format reads", arguments: [
        ("classic", "classic"), ("nc6", "64-bit offset"), ("nc5", "CDF5 (64-bit data)"), ("nc4", "NetCDF-4"), ("nc7", "NetCDF-4 classic model"),
    ])
    func formats(kind: String, description: String) throws {
        let path = try ncgen(try fixtureCDL("orthogonal_paddy_time"), format: kind)
        let reader = try PaddyFileReader(path: path, resampler: TestModels.resampler())
        #expect(reader.format == description)
        let p = paddies(try readAll(reader))
        #expect(p.map(\.id) == ["P1", "P2", "P3"])
        expectLevels(p[1].water, [-1, -2, -3, -4, -5])
    }

    // MARK: Errors

    struct ErrorCase: Sendable, CustomStringConvertible {
        let description: String
        let variable: String
        let cdl: ReaderTestCDL
        /// Text the error message must contain.
        let mentions: String
    }

    static let errorCases: [ErrorCase] = {
        var cases: [ErrorCase] = []
        var c = ReaderTestCDL(); c.levelName = "level"
        cases.append(ErrorCase(description: "missing water_level", variable: "water_level", cdl: c, mentions: "not found"))
        c = ReaderTestCDL(); c.timeAttributes = [#"calendar = "standard""#]
        cases.append(ErrorCase(description: "missing time units", variable: "time", cdl: c, mentions: "units"))
        c = ReaderTestCDL(); c.timeAttributes = [#"units = "days since 2024-01-01""#, #"calendar = "lunar""#]
        cases.append(ErrorCase(description: "unknown calendar", variable: "time", cdl: c, mentions: "lunar"))
        c = ReaderTestCDL(); c.timeAttributes = [#"units = "fortnights since 2024-01-01""#]
        cases.append(ErrorCase(description: "time units not CF", variable: "time", cdl: c, mentions: "fortnights"))
        // (feet and acres were refused before lengths and areas were read with the UDUNITS-2 grammar;
        // they are units now: a mass and a length are not.)
        c = ReaderTestCDL(); c.levelAttributes = [#"units = "kg""#]
        cases.append(ErrorCase(description: "unknown length units", variable: "water_level", cdl: c, mentions: "kg"))
        c = ReaderTestCDL(); c.levelAttributes = []
        cases.append(ErrorCase(description: "water_level without units", variable: "water_level", cdl: c, mentions: "units"))
        c = ReaderTestCDL(); c.times = "0, 2, 1"
        cases.append(ErrorCase(description: "time out of order", variable: "time", cdl: c, mentions: "increasing"))
        c = ReaderTestCDL(); c.times = "0, 1, 1"
        cases.append(ErrorCase(description: "duplicate time", variable: "time", cdl: c, mentions: "duplicate"))
        c = ReaderTestCDL(); c.times = "0, _, 2"
        cases.append(ErrorCase(description: "missing shared time", variable: "time", cdl: c, mentions: "missing"))
        c = ReaderTestCDL(); c.areaAttributes = [#"units = "metres""#]
        cases.append(ErrorCase(description: "unknown area units", variable: "area", cdl: c, mentions: "metres"))
        return cases
    }()

    @Test("Input errors name the file and the variable", arguments: errorCases)
    func inputErrors(c: ErrorCase) throws {
        let path = try ncgen(c.cdl.text)
        let error = #expect(throws: InputError.self) { try PaddyFileReader(path: path, resampler: TestModels.resampler()) }
        #expect(error?.path == path)
        #expect(error?.variable == c.variable)
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("variable '\(c.variable)'") == true)
        #expect(error?.message.contains(c.mentions) == true, "\(error?.message ?? "")")
    }

    @Test func missingAreaIsAnErrorUnlessNotRequired() throws {
        let cdl = ReaderTestCDL().text
            .replacingOccurrences(of: "\tdouble area(paddy) ;\n", with: "")
            .replacingOccurrences(of: "\t\tarea:units = \"ha\" ;\n", with: "")
            .replacingOccurrences(of: "\tarea = 1 ;\n", with: "")
        let path = try ncgen(cdl)
        let error = #expect(throws: InputError.self) { try PaddyFileReader(path: path, resampler: TestModels.resampler()) }
        #expect(error?.variable == "area")
        let reader = try PaddyFileReader(path: path, resampler: TestModels.resampler(), requireArea: false)
        #expect(reader.areaUnits == nil)
        let p = paddies(try readAll(reader))
        #expect(p.first?.areaHa.isNaN == true)
    }

    @Test("A file that is not NetCDF is an input error naming the file")
    func notNetCDF() throws {
        let path = try fixtureTemporaryPath("levels.nc")
        try "time,level\n0,5\n".write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: InputError.self) { try PaddyFileReader(path: path, resampler: TestModels.resampler()) }
        #expect(error?.path == path)
        #expect(error?.variable == nil)
        #expect(error?.description.hasPrefix(path) == true)
    }

    @Test func noTimeseriesId() throws {
        // Without cf_role the only text variable on the paddy dimension is the identifier, with a
        // note giving the ncatted fix (this file was refused before that fallback).
        let path = try ncgen(ReaderTestCDL().text.replacingOccurrences(of: "cf_role", with: "long_name"))
        let reader = try PaddyFileReader(path: path, resampler: TestModels.resampler())
        #expect(reader.notes.contains { $0.contains("timeseries_id") && $0.contains("ncatted -a cf_role,paddy_id,c,c,timeseries_id") })
        // With two text variables on the paddy dimension, the error names cf_role and both fixes.
        var two = ReaderTestCDL()
        two.extraVariables = "\tchar farmer(paddy, id_strlen) ;"
        two.extraData = "\tfarmer = \"someone\" ;"
        let noText = try ncgen(two.text.replacingOccurrences(of: "cf_role", with: "long_name"))
        let error = #expect(throws: InputError.self) { try PaddyFileReader(path: noText, resampler: TestModels.resampler()) }
        #expect(error?.path == noText)
        #expect(error?.message.contains("timeseries_id") == true)
        #expect(error?.message.contains("--id VAR") == true)
    }

    // MARK: Seasons

    @Test("season_start/season_end with dimension (paddy)")
    func seasonsPerPaddy() throws {
        var cdl = ReaderTestCDL()
        cdl.paddies = 2
        cdl.levels = "1, 2, 3, 4, 5, 6"
        cdl.extraVariables = """
            double season_start(paddy) ; season_start:units = "days since 2024-02-01" ;
            double season_end(paddy) ; season_end:units = "days since 2024-02-01" ;
        """
        cdl.extraData = "season_start = 0, 10.75 ; season_end = 100, 120 ;"
        let p = try readPaddies(try ncgen(cdl.text))
        try #require(p.count == 2)
        let feb1 = jan1Standard + 31
        #expect(p[0].seasons == [SeasonWindow(firstDay: feb1, lastDay: feb1 + 100)])
        #expect(p[1].seasons == [SeasonWindow(firstDay: feb1 + 10, lastDay: feb1 + 120)])
        #expect(p[0].seasons[0].days == 101)
    }

    @Test("season_start/season_end with dimensions (paddy, season)")
    func seasonsPerPaddyAndSeason() throws {
        var cdl = ReaderTestCDL()
        cdl.paddies = 3
        cdl.levels = "1, 2, 3, 4, 5, 6, 7, 8, 9"
        cdl.extraDimensions = "\tseason = 2 ;"
        cdl.extraVariables = """
            double season_start(paddy, season) ; season_start:units = "days since 2024-01-01" ;
            double season_end(paddy, season) ; season_end:units = "days since 2024-01-01" ;
        """
        cdl.extraData = "season_start = 10, 200, 15, _, _, _ ; season_end = 100, 300, 110, _, _, _ ;"
        let p = try readPaddies(try ncgen(cdl.text))
        try #require(p.count == 3)
        let d0 = jan1Standard
        #expect(p[0].seasons == [SeasonWindow(firstDay: d0 + 10, lastDay: d0 + 100), SeasonWindow(firstDay: d0 + 200, lastDay: d0 + 300)])
        #expect(p[1].seasons == [SeasonWindow(firstDay: d0 + 15, lastDay: d0 + 110)])
        #expect(p[2].seasons.isEmpty)
    }

    @Test("Seasons in a 360_day calendar")
    func seasons360() throws {
        var cdl = ReaderTestCDL()
        cdl.timeAttributes = [#"units = "days since 2024-01-01""#, #"calendar = "360_day""#]
        cdl.extraVariables = """
            int season_start(paddy) ; season_start:units = "days since 2024-01-01" ; season_start:calendar = "360_day" ;
            int season_end(paddy) ; season_end:units = "days since 2024-01-01" ;
        """
        cdl.extraData = "season_start = 59 ; season_end = 179 ;"
        let p = try readPaddies(try ncgen(cdl.text))
        let s = try #require(p.first?.seasons.first)
        // season_start: day 59 of the 360_day calendar = 2024-02-30.
        #expect(CFCalendar.day360.date(ofDay: s.firstDay) == date(2024, 2, 30))
        // season_end has no calendar attribute, so it is in the CF default "standard" calendar:
        // 179 days after 2024-01-01 = 2024-06-28 (31 + 29 + 31 + 30 + 31 = 152 days to June 1,
        // + 27), a date of the 360_day calendar too.
        #expect(CFCalendar.day360.date(ofDay: s.lastDay) == date(2024, 6, 28))
        // 2024-02-30 to 2024-06-28 in 360_day: (6 − 2) × 30 + 28 − 30 + 1 = 119 days.
        #expect(s.days == 119)
    }

    @Test("A season that ends before it starts, or has only one end, rejects that paddy")
    func badSeasons() throws {
        var cdl = ReaderTestCDL()
        cdl.paddies = 3
        cdl.levels = "1, 2, 3, 4, 5, 6, 7, 8, 9"
        cdl.extraVariables = """
            double season_start(paddy) ; season_start:units = "days since 2024-01-01" ;
            double season_end(paddy) ; season_end:units = "days since 2024-01-01" ;
        """
        cdl.extraData = "season_start = 50, 10, 10 ; season_end = 40, _, 20 ;"
        let records = try readAll(try PaddyFileReader(path: try ncgen(cdl.text), resampler: TestModels.resampler()))
        try #require(records.count == 3)
        guard case .rejected(let r0) = records[0], case .rejected(let r1) = records[1] else {
            Issue.record("paddies P1 and P2 should be rejected"); return
        }
        #expect(r0.paddyID == "P1" && r0.reason.contains("before"))
        #expect(r1.paddyID == "P2")
        if case .paddy(let p) = records[2] { #expect(p.seasons == [SeasonWindow(firstDay: jan1Standard + 10, lastDay: jan1Standard + 20)]) }
        else { Issue.record("P3 should be read") }
    }

    @Test func seasonStartWithoutEndIsAnError() throws {
        var cdl = ReaderTestCDL()
        cdl.extraVariables = "\tdouble season_start(paddy) ;"
        cdl.extraData = "season_start = 1 ;"
        let path = try ncgen(cdl.text)
        let error = #expect(throws: InputError.self) { try PaddyFileReader(path: path, resampler: TestModels.resampler()) }
        #expect(error?.variable == "season_end")
        #expect(error?.path == path)
    }
}
