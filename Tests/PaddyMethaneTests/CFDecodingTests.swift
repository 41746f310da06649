import Foundation
import Testing
@testable import NetCDF
@testable import PaddyMethane
@testable import PaddyMethaneIO

// Files written the way xarray, netCDF4-python and the NCEI templates write them, read back and
// checked against dates and values worked by hand from the CF 1.8 and UDUNITS-2 definitions.

private func day(_ c: CFCalendar, _ y: Int, _ m: Int, _ d: Int) -> Int { c.dayNumber(CalendarDate(year: y, month: m, day: d)) }
private func date(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d) }

/// Records of a whole file in one block.
private func readBlock(_ path: String, maxGapDays: Int = 1) throws -> (PaddyFileReader, PaddyBlock) {
    let reader = try PaddyFileReader(path: path, resampler: DailyResampler(maxGapDays: maxGapDays))
    return (reader, try reader.readPaddies(start: 0, count: reader.paddyCount))
}

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

private func levels(_ w: DailyWaterSeries) -> [Double] { w.levelCm.map(Double.init) }

/// Whether two level lists agree (NaN = missing) within 1e-5 cm.
private func same(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { ($0.isNaN && $1.isNaN) || abs($0 - $1) <= 1e-5 }
}

// MARK: Time grammar

@Suite("CF time units: the UDUNITS-2 grammar")
struct CFTimeGrammarTests {
    private static let june1 = Double(day(.proleptic_gregorian, 2024, 6, 1))

    struct OffsetCase: Sendable, CustomStringConvertible {
        let units: String
        /// Offset from UTC [h], by hand from the text.
        let hours: Double
        var description: String { units }
    }

    @Test("Reference-time offsets in every UDUNITS-2 form", arguments: [
        OffsetCase(units: "hours since 2024-06-01 00:00 +07:00", hours: 7),
        OffsetCase(units: "hours since 2024-06-01 00:00 +0700", hours: 7),   // hhmm: 7 h 00 min, not 700 h
        OffsetCase(units: "hours since 2024-06-01 00:00 +07", hours: 7),
        OffsetCase(units: "hours since 2024-06-01 00:00 +7", hours: 7),      // UDUNITS: one digit is hours (cftime 1.6 ignores it)
        OffsetCase(units: "hours since 2024-06-01 00:00:00-0300", hours: -3),
        OffsetCase(units: "hours since 2024-06-01 00:00 +0530", hours: 5.5),
        OffsetCase(units: "hours since 2024-06-01 00:00 +530", hours: 5.5),  // UDUNITS: the last two digits are minutes
        OffsetCase(units: "hours since 2024-06-01 00:00 +05:30", hours: 5.5),
        OffsetCase(units: "hours since 2024-06-01T00:00:00Z", hours: 0),
        OffsetCase(units: "hours since 2024-06-01 00:00:00 UTC", hours: 0),
        OffsetCase(units: "hours since 2024-06-01 00:00:00 GMT", hours: 0),
        OffsetCase(units: "hours since 2024-06-01 00:00:00 0:00", hours: 0), // NCEI templates: unsigned after a time
        OffsetCase(units: "hours since 2024-06-01 -0300", hours: -3),        // an offset right after the date (cftime reads it)
        OffsetCase(units: "hours since 2024-06-01T00:00:00+07:00", hours: 7),
    ])
    func offsets(c: OffsetCase) throws {
        let u = try CFTimeUnits(parsing: c.units, calendar: .proleptic_gregorian)
        #expect(u.utcOffsetSeconds == c.hours * 3600)
        // Local midnight at UTC+h is h hours before midnight UTC.
        #expect(abs(u.referenceDay - (Self.june1 - c.hours / 24)) < 1e-9)
        // Dated in its own zone, the reference is on 2024-06-01 (local midnight).
        #expect(u.dayNumber(0) == Self.june1)
    }

    @Test("The UDUNITS-2 example: seconds since 1992-10-8 15:15:42.5 -6:00")
    func udunitsExample() throws {
        let u = try CFTimeUnits(parsing: "seconds since 1992-10-8 15:15:42.5 -6:00", calendar: .standard)
        let oct8 = Double(day(.standard, 1992, 10, 8))
        // 15:15:42.5 = 54 942.5 s after midnight; at −6 h that is 21:15:42.5 UTC = 76 542.5 s.
        #expect(abs(u.referenceDay - (oct8 + 76_542.5 / 86_400)) < 1e-9)
        #expect(abs(u.dayNumber(0) - (oct8 + 54_942.5 / 86_400)) < 1e-9)
    }

    @Test("A Cambodian series at local midnight falls on its local dates")
    func localDates() throws {
        let u = try CFTimeUnits(parsing: "hours since 2024-06-01 00:00 +07:00", calendar: .standard)
        let june1 = day(.standard, 2024, 6, 1)
        // Daily observations at 00:00 local: 0, 24, 48 h → 1, 2, 3 June (in UTC they would be
        // 17:00 on 31 May, 1 and 2 June).
        #expect([0, 24, 48].map { Int(u.dayNumber($0).rounded(.down)) } == [june1, june1 + 1, june1 + 2])
        // 23:00 local on 1 June (16:00 UTC) is still 1 June.
        #expect(Int(u.dayNumber(23).rounded(.down)) == june1)
        // Dated in a UTC file's zone, the same instants are 17:00 on 31 May, 1 and 2 June.
        let utc = try CFTimeUnits(parsing: "days since 2024-01-01", calendar: .standard)
        let inUTC = u.dated(inZoneOf: utc)
        #expect([0, 24, 48].map { Int(inUTC.dayNumber($0).rounded(.down)) } == [june1 - 1, june1, june1 + 1])
        #expect(abs(inUTC.dayNumber(0) - (Double(june1) - 7.0 / 24)) < 1e-9)
    }

    @Test("xarray's sub-second timestamps: milliseconds since a reference with fractional seconds")
    func millisecondsSinceFractional() throws {
        // What xarray 2026.9 writes for 2023-05-01 00:00:00.250 and 2023-05-02 00:00:00.
        let u = try CFTimeUnits(parsing: "milliseconds since 2023-05-01 00:00:00.250000", calendar: .proleptic_gregorian)
        let may1 = Double(day(.proleptic_gregorian, 2023, 5, 1))
        #expect(u.dayNumber(0) == may1 + 0.25 / 86_400)
        // 86 399 750 ms + 0.25 s = 86 400 s: exactly the next midnight, not a hair before it.
        #expect(u.dayNumber(86_399_750) == may1 + 1)
    }

    struct UnitCase: Sendable, CustomStringConvertible {
        let word: String
        let seconds: Double
        var description: String { word }
    }

    @Test("Time units and their abbreviations", arguments: [
        UnitCase(word: "weeks", seconds: 604_800), UnitCase(word: "week", seconds: 604_800),
        UnitCase(word: "days", seconds: 86_400), UnitCase(word: "d", seconds: 86_400),
        UnitCase(word: "hours", seconds: 3600), UnitCase(word: "h", seconds: 3600), UnitCase(word: "hr", seconds: 3600),
        UnitCase(word: "minutes", seconds: 60), UnitCase(word: "min", seconds: 60),
        UnitCase(word: "seconds", seconds: 1), UnitCase(word: "s", seconds: 1), UnitCase(word: "sec", seconds: 1),
        UnitCase(word: "milliseconds", seconds: 0.001), UnitCase(word: "ms", seconds: 0.001),
        UnitCase(word: "microseconds", seconds: 1e-6), UnitCase(word: "us", seconds: 1e-6),
        UnitCase(word: "nanoseconds", seconds: 1e-9), UnitCase(word: "ns", seconds: 1e-9),
    ])
    func units(c: UnitCase) throws {
        let u = try CFTimeUnits(parsing: "\(c.word) since 2024-06-01", calendar: .proleptic_gregorian)
        #expect(abs(u.secondsPerUnit - c.seconds) <= 1e-15 * c.seconds)
        // One day's worth of units is exactly one day later.
        #expect(u.dayNumber(86_400 / c.seconds) == Self.june1 + 1)
    }

    @Test("Months and years are refused with the reason", arguments: ["months", "month", "years", "yr", "common_years"])
    func monthsAndYears(word: String) {
        let error = #expect(throws: CFTimeUnitsError.self) { try CFTimeUnits(parsing: "\(word) since 2024-01-01", calendar: .day360) }
        #expect(error?.description.contains("no fixed length") == true, "\(error?.description ?? "")")
    }

    @Test("Malformed references are refused", arguments: [
        "hours since 2024-06-01 00:00 +15:00",   // beyond ±14:00
        "hours since 2024-06-01 00:00 +053",     // ambiguous 3 digits with a leading zero (UDUNITS refuses it)
        "hours since 2024-06-01 00:00 +07:60",
        "hours since 2024-06-01 00:00 +07.5",
        "hours since 2024-06-01 0700",           // a packed time of day
        "hours since 2024-06-01 24:00",
        "hours since 2024-06-01 00:00 ICT",
        "hours since 2024-06-01 00:00 +07:00 junk",
    ])
    func malformed(units: String) {
        #expect(throws: CFTimeUnitsError.self) { try CFTimeUnits(parsing: units, calendar: .proleptic_gregorian) }
    }

    @Test("A reference of year and month only is the first of the month (UDUNITS-2)")
    func yearMonth() throws {
        let u = try CFTimeUnits(parsing: "days since 2024-06", calendar: .proleptic_gregorian)
        #expect(u.dayNumber(0) == Self.june1)
    }
}

// MARK: Reading files as the ecosystem writes them

/// CDL reproducing `xarray.Dataset.to_netcdf` (xarray 2026.9, netCDF4 engine): int64 times
/// in days with a proleptic_gregorian calendar, `season_start`/`season_end` as datetime64 with
/// their own units (the first value is the reference, so both are 0), `_FillValue = NaN` on
/// floats, string ids. `seasonStart`/`seasonEnd` are the stored values per paddy.
private func xarrayCDL(ids: [String], days: Int, levels: (Int, Int) -> String,
                       seasonStart: [Int64], seasonEnd: [Int64],
                       startUnits: String = "days since 2023-05-25 00:00:00",
                       endUnits: String = "days since 2023-09-30 00:00:00") -> String {
    let rows = ids.indices.map { p in (0..<days).map { levels(p, $0) }.joined(separator: ", ") }.joined(separator: ",\n  ")
    func list<T>(_ a: [T]) -> String { a.map { "\($0)" }.joined(separator: ", ") }
    return """
    netcdf xr {
    dimensions:
    \tpaddy = \(ids.count) ;
    \ttime = \(days) ;
    variables:
    \tfloat water_level(paddy, time) ;
    \t\twater_level:_FillValue = NaNf ;
    \t\twater_level:units = "cm" ;
    \tdouble area(paddy) ;
    \t\tarea:_FillValue = NaN ;
    \t\tarea:units = "ha" ;
    \tint64 season_start(paddy) ;
    \t\tseason_start:units = "\(startUnits)" ;
    \t\tseason_start:calendar = "proleptic_gregorian" ;
    \tint64 season_end(paddy) ;
    \t\tseason_end:units = "\(endUnits)" ;
    \t\tseason_end:calendar = "proleptic_gregorian" ;
    \tstring paddy_id(paddy) ;
    \t\tpaddy_id:cf_role = "timeseries_id" ;
    \tint64 time(time) ;
    \t\ttime:units = "days since 2023-05-01 00:00:00" ;
    \t\ttime:calendar = "proleptic_gregorian" ;
    // global attributes:
    \t\t:Conventions = "CF-1.8" ;
    \t\t:featureType = "timeSeries" ;
    data:
    \twater_level =
      \(rows) ;
    \tarea = \(list(ids.map { _ in 1.5 })) ;
    \tseason_start = \(list(seasonStart)) ;
    \tseason_end = \(list(seasonEnd)) ;
    \tpaddy_id = \(ids.map { "\"\($0)\"" }.joined(separator: ", ")) ;
    \ttime = \(list(Array(0..<days))) ;
    }
    """
}

/// A rice season as a field logger sees it: dry until 20 May 2023, flooded 5 cm from day 20
/// (21 May) to day 140 (18 September), drained to −5 cm until the end (harvest and fallow).
private func loggerLevel(_ paddy: Int, _ d: Int) -> String { (20...140).contains(d) ? "5" : "-5" }

@Suite("CF decoding of files written by other tools")
struct CFDecodingTests {
    private let may25 = day(.proleptic_gregorian, 2023, 5, 25)
    private let sep30 = day(.proleptic_gregorian, 2023, 9, 30)

    @Test("xarray season_start/season_end: each decoded with its own units (both values 0)")
    func xarraySeasons() throws {
        let path = try ncgen(xarrayCDL(ids: ["A", "B"], days: 200, levels: loggerLevel, seasonStart: [0, 7], seasonEnd: [0, -7]))
        let (_, block) = try readBlock(path)
        let p = paddies(block.records)
        try #require(p.count == 2)
        // A: 0 days since 2023-05-25 → 25 May; 0 days since 2023-09-30 → 30 September.
        #expect(p[0].seasons == [SeasonWindow(firstDay: may25, lastDay: sep30)])
        // 25–31 May 7 + June 30 + July 31 + August 31 + September 30 = 129 days.
        #expect(p[0].seasons[0].days == 129)
        // B: 7 days after 25 May = 1 June; 7 days before 30 September = 23 September:
        // June 30 + July 31 + August 31 + 1–23 September 23 = 115 days.
        #expect(p[1].seasons == [SeasonWindow(firstDay: may25 + 7, lastDay: sep30 - 7)])
        #expect(p[1].seasons[0].days == 115)
    }

    @Test("xarray's NaT in an int64 season (no _FillValue) is a missing season, not year −292 million")
    func xarrayNaT() throws {
        // What xarray writes for [[2023-05-25, NaT], [2023-06-02, 2024-01-10]] (checked with xarray 2026.9).
        let cdl = """
        netcdf nat {
        dimensions: paddy = 2 ; season = 2 ; time = 3 ;
        variables:
            string paddy_id(paddy) ; paddy_id:cf_role = "timeseries_id" ;
            int64 time(time) ; time:units = "days since 2023-05-01 00:00:00" ; time:calendar = "proleptic_gregorian" ;
            float water_level(paddy, time) ; water_level:_FillValue = NaNf ; water_level:units = "cm" ;
            double area(paddy) ; area:units = "ha" ;
            int64 season_start(paddy, season) ; season_start:units = "days since 2023-05-25 00:00:00" ; season_start:calendar = "proleptic_gregorian" ;
            int64 season_end(paddy, season) ; season_end:units = "days since 2023-08-30 00:00:00" ; season_end:calendar = "proleptic_gregorian" ;
        data:
            paddy_id = "A", "B" ;
            time = 0, 1, 2 ;
            water_level = 1, 2, 3, 4, 5, 6 ;
            area = 1, 1 ;
            season_start = 0, -9223372036854775808, 8, 230 ;
            season_end = 0, -9223372036854775808, 0, 300 ;
        }
        """
        let (_, block) = try readBlock(try ncgen(cdl))
        let p = paddies(block.records)
        try #require(p.count == 2)
        let aug30 = day(.proleptic_gregorian, 2023, 8, 30)
        #expect(p[0].seasons == [SeasonWindow(firstDay: may25, lastDay: aug30)])
        // B: 25 May + 8 = 2 June to 30 August; 25 May + 230 = 10 January 2024 to 30 August + 300 = 25 June 2024.
        #expect(p[1].seasons == [SeasonWindow(firstDay: may25 + 8, lastDay: aug30), SeasonWindow(firstDay: may25 + 230, lastDay: aug30 + 300)])
        #expect(CFCalendar.proleptic_gregorian.date(ofDay: may25 + 230) == date(2024, 1, 10))
        #expect(CFCalendar.proleptic_gregorian.date(ofDay: aug30 + 300) == date(2024, 6, 25))
    }

    @Test("An inverted season given in the file is rejected with its reason, per paddy")
    func invertedSeason() throws {
        // P2: 128 days after 25 May = 30 September; −1 day from 30 September = 29 September.
        let path = try ncgen(xarrayCDL(ids: ["P1", "P2"], days: 200, levels: loggerLevel, seasonStart: [0, 128], seasonEnd: [0, -1]))
        let (_, block) = try readBlock(path)
        try #require(block.records.count == 2)
        guard case .paddy = block.records[0], case .rejected(let r) = block.records[1] else {
            Issue.record("P1 should be read and P2 rejected: \(block.records)"); return
        }
        #expect(r.paddyID == "P2")
        #expect(r.reason.contains("ends (2023-09-29) before it starts (2023-09-30)"), "\(r.reason)")
    }

    @Test("A season variable without units is refused, naming it and the fix")
    func seasonWithoutUnits() throws {
        var cdl = ReaderTestCDL()
        cdl.extraVariables = """
            double season_start(paddy) ;
            double season_end(paddy) ; season_end:units = "days since 2024-01-01" ;
        """
        cdl.extraData = "season_start = 0 ; season_end = 2 ;"
        let path = try ncgen(cdl.text)
        let error = #expect(throws: InputError.self) { try PaddyFileReader(path: path, resampler: TestModels.resampler()) }
        #expect(error?.path == path)
        #expect(error?.variable == "season_start")
        #expect(error?.message.contains("no units") == true && error?.message.contains("since") == true, "\(error?.message ?? "")")
    }

    @Test("Months as time units stop the run with a message naming the variable")
    func monthsRefusedByReader() throws {
        var cdl = ReaderTestCDL()
        cdl.timeAttributes = [#"units = "months since 2024-01-01""#, #"calendar = "360_day""#]
        let path = try ncgen(cdl.text)
        let error = #expect(throws: InputError.self) { try PaddyFileReader(path: path, resampler: TestModels.resampler()) }
        #expect(error?.variable == "time")
        #expect(error?.description.contains("variable 'time'") == true)
        #expect(error?.message.contains("\"months\" has no fixed length") == true, "\(error?.message ?? "")")
    }

    @Test("Seasons with their own offsets are dated in the time coordinate's zone")
    func seasonOffsets() throws {
        // time: local midnights in Cambodia (UTC+7). season_start: 10 June 00:00 UTC = 07:00 local
        // → 10 June. season_end: 30 September 20:00 UTC = 1 October 03:00 local → 1 October.
        var cdl = ReaderTestCDL()
        cdl.times = "0, 24, 48"
        cdl.timeAttributes = [#"units = "hours since 2024-06-01 00:00 +07:00""#, #"calendar = "standard""#]
        cdl.extraVariables = """
            double season_start(paddy) ; season_start:units = "days since 2024-06-10" ;
            double season_end(paddy) ; season_end:units = "hours since 2024-09-30 20:00 UTC" ;
        """
        cdl.extraData = "season_start = 0 ; season_end = 0 ;"
        let (reader, block) = try readBlock(try ncgen(cdl.text))
        let p = paddies(block.records)
        try #require(p.count == 1)
        let c = CFCalendar.standard
        #expect(p[0].seasons == [SeasonWindow(firstDay: day(c, 2024, 6, 10), lastDay: day(c, 2024, 10, 1))])
        // The series: 1, 2, 3 cm on 1, 2, 3 June (local dates), not 31 May to 2 June.
        #expect(p[0].water.firstDay == day(c, 2024, 6, 1))
        #expect(same(levels(p[0].water), [1, 2, 3]))
        #expect(reader.notes.contains { $0.contains("+07:00") }, "\(reader.notes)")
    }

    @Test("A season in another calendar is carried over by date; a date the file's calendar lacks rejects the paddy")
    func seasonOtherCalendar() throws {
        var cdl = ReaderTestCDL()
        cdl.paddies = 2
        cdl.levels = "1, 2, 3, 4, 5, 6"
        cdl.timeAttributes = [#"units = "days since 2024-01-01""#, #"calendar = "noleap""#]
        // season_start in the standard calendar: 2024-02-28 + 2 = 1 March (P1); + 1 = 29 February (P2).
        cdl.extraVariables = """
            double season_start(paddy) ; season_start:units = "days since 2024-02-28" ; season_start:calendar = "standard" ;
            double season_end(paddy) ; season_end:units = "days since 2024-01-01" ; season_end:calendar = "noleap" ;
        """
        cdl.extraData = "season_start = 2, 1 ; season_end = 200, 200 ;"
        let (reader, block) = try readBlock(try ncgen(cdl.text))
        try #require(block.records.count == 2)
        guard case .paddy(let p1) = block.records[0], case .rejected(let r) = block.records[1] else {
            Issue.record("P1 read, P2 rejected expected: \(block.records)"); return
        }
        // 1 March in noleap: 59 days after 1 January (31 + 28).
        #expect(p1.seasons == [SeasonWindow(firstDay: day(.noleap, 2024, 1, 1) + 59, lastDay: day(.noleap, 2024, 1, 1) + 200)])
        #expect(r.reason.contains("2024-02-29") && r.reason.contains("noleap"), "\(r.reason)")
        #expect(reader.notes.contains { $0.contains("season_start") && $0.contains("standard") }, "\(reader.notes)")
    }

    @Test("xarray's packed int16 levels: scale_factor and add_offset after the fill check")
    func xarrayPacked() throws {
        // xarray encoding {"dtype": "int16", "scale_factor": 0.01, "add_offset": 0.0, "_FillValue": -32767}, units m.
        var cdl = ReaderTestCDL()
        cdl.times = "0, 1, 2, 3"
        cdl.levelType = "short"
        cdl.levels = "12, -32767, -7, 250"
        cdl.levelAttributes = [#"units = "m""#, "_FillValue = -32767s", "add_offset = 0.", "scale_factor = 0.01"]
        let (_, block) = try readBlock(try ncgen(cdl.text))
        let p = paddies(block.records)
        // 12 × 0.01 m = 0.12 m = 12 cm; −7 → −7 cm; 250 → 250 cm.
        #expect(same(levels(p[0].water), [12, .nan, -7, 250]), "\(levels(p[0].water))")
        #expect(block.levelMasking == counts(values: 4, fillOrMissing: 1))
    }

    // MARK: Fill, missing and valid range

    /// An orthogonal file shaped like the NCEI timeSeries template (v2.0): `timeSeries` and `time`
    /// dimensions, a char `station_name` with cf_role, `seconds since 1970-01-01 00:00:00 0:00`,
    /// and a geophysical variable with `_FillValue`, `missing_value`, `valid_min` and `valid_max`.
    private func nceiCDL(levels: String, missing: String = "-8888.f", validMin: String = "0.f") -> String {
        // 2024-06-01 00:00 UTC: 19 723 days from 1970 to 2024 (54 × 365 + 13 leap days) + 152 = 19 875 days
        // = 1 717 200 000 s; one day is 86 400 s.
        """
        netcdf ncei {
        dimensions:
            timeSeries = 1 ; time = 6 ; name_strlen = 8 ;
        variables:
            char station_name(timeSeries, name_strlen) ;
                station_name:long_name = "paddy name" ; station_name:cf_role = "timeseries_id" ;
            double time(time) ;
                time:standard_name = "time" ; time:long_name = "time" ; time:axis = "T" ;
                time:units = "seconds since 1970-01-01 00:00:00 0:00" ; time:calendar = "gregorian" ;
            float water_level(timeSeries, time) ;
                water_level:long_name = "water level relative to the soil surface" ; water_level:units = "cm" ;
                water_level:coordinates = "time lat lon" ;
                water_level:_FillValue = -9999.f ; water_level:missing_value = \(missing) ;
                water_level:valid_min = \(validMin) ; water_level:valid_max = 100.f ;
            double area(timeSeries) ; area:units = "ha" ;
            float lat(timeSeries) ; lat:units = "degrees_north" ; lat:standard_name = "latitude" ;
            float lon(timeSeries) ; lon:units = "degrees_east" ; lon:standard_name = "longitude" ;
        // global attributes:
            :ncei_template_version = "NCEI_NetCDF_TimeSeries_Orthogonal_Template_v2.0" ;
            :featureType = "timeSeries" ; :Conventions = "CF-1.6, ACDD-1.3" ;
        data:
            station_name = "KH-BTB-1" ;
            time = 1717200000, 1717286400, 1717372800, 1717459200, 1717545600, 1717632000 ;
            water_level = \(levels) ;
            area = 0.8 ; lat = 13.1 ; lon = 103.2 ;
        }
        """
    }

    private func counts(values: Int, fillOrMissing: Int = 0, validRange: Int = 0, nan: Int = 0) -> MaskCounts {
        var c = MaskCounts()
        (c.values, c.fillOrMissing, c.validRange, c.nan) = (values, fillOrMissing, validRange, nan)
        return c
    }

    @Test("NCEI template: _FillValue −9999 and missing_value −8888 both mask; the valid range is counted and noted")
    func nceiTemplate() throws {
        let path = try ncgen(nceiCDL(levels: "5, -9999, -8888, -3, -10, 2"))
        let (reader, block) = try readBlock(path)
        let p = paddies(block.records)
        try #require(p.count == 1)
        // Dates: 1 717 200 000 s = 2024-06-01 (UTC, offset 0:00); six daily steps.
        #expect(p[0].water.firstDay == day(.standard, 2024, 6, 1))
        // −9999 is the fill, −8888 missing, −3 and −10 are below valid_min = 0.
        #expect(same(levels(p[0].water), [5, .nan, .nan, .nan, .nan, 2]), "\(levels(p[0].water))")
        #expect(block.levelMasking == counts(values: 6, fillOrMissing: 2, validRange: 2))
        // Non-fill values: 6 − 2 = 4, of which the valid range removed 2: 50 %.
        #expect(block.levelMasking.validRangeShare == 0.5)
        let note = try #require(block.levelMasking.validRangeNote(variable: "water_level", minShare: TestModels.detection().validRangeNoteMinShare))
        #expect(note.contains("water_level") && note.contains("2 of 4") && note.contains("50.0 %"), "\(note)")
        #expect(reader.notes.contains { $0.contains("_FillValue -9999") && $0.contains("missing_value -8888") }, "\(reader.notes)")
    }

    @Test("A missing_value vector beside a different _FillValue: every listed value masks")
    func missingValueVector() throws {
        let path = try ncgen(nceiCDL(levels: "5, -9999, -8888, -7777, 4, 2", missing: "-8888.f, -7777.f", validMin: "-100.f"))
        let (_, block) = try readBlock(path)
        let p = paddies(block.records)
        #expect(same(levels(p[0].water), [5, .nan, .nan, .nan, 4, 2]), "\(levels(p[0].water))")
        #expect(block.levelMasking == counts(values: 6, fillOrMissing: 3))
        #expect(block.levelMasking.validRangeNote(variable: "water_level", minShare: 0.01) == nil)
    }

    @Test("A NaN that is not the fill value is counted as NaN")
    func nanCounted() throws {
        var cdl = ReaderTestCDL()
        cdl.times = "0, 1, 2, 3"
        cdl.levels = "1, NaNf, -999, 4"
        cdl.levelAttributes = [#"units = "cm""#, "_FillValue = -999.f", "valid_max = 3.f"]
        let (_, block) = try readBlock(try ncgen(cdl.text))
        // NaN: 1; fill: 1; 4 > valid_max: 1 of the 2 non-fill values.
        #expect(block.levelMasking == counts(values: 4, fillOrMissing: 1, validRange: 1, nan: 1))
        #expect(block.levelMasking.nonFill == 2)
    }

    @Test("Masking counts of a contiguous ragged file (CF Appendix H.2.4) count only the observations read")
    func raggedCounts() throws {
        // As H.2.4: row_size with sample_dimension, time(obs) in days since 1970-01-01.
        let cdl = """
        netcdf h24 {
        dimensions: station = 2 ; obs = 5 ; name_strlen = 6 ;
        variables:
            char station_name(station, name_strlen) ; station_name:cf_role = "timeseries_id" ;
            int row_size(station) ; row_size:long_name = "number of observations for this station" ;
                row_size:sample_dimension = "obs" ;
            double time(obs) ; time:standard_name = "time" ; time:units = "days since 1970-01-01 00:00:00" ;
            float water_level(obs) ; water_level:units = "mm" ; water_level:_FillValue = -999.9f ;
                water_level:valid_range = -500.f, 1000.f ;
            double area(station) ; area:units = "m2" ;
        data:
            station_name = "S1", "S2" ;
            row_size = 2, 3 ;
            time = 19875, 19876, 19875, 19876, 19877 ;
            water_level = 50, -999.9, 20, -800, 40 ;
            area = 10000, 5000 ;
        }
        """
        let (_, block) = try readBlock(try ncgen(cdl), maxGapDays: 1)
        let p = paddies(block.records)
        try #require(p.count == 2)
        // 19 875 days after 1970-01-01 = 2024-06-01 (see nceiCDL); 50 mm = 5 cm; −800 mm is below −500.
        #expect(p[0].water.firstDay == day(.standard, 2024, 6, 1))
        #expect(same(levels(p[1].water), [2, .nan, 4]), "\(levels(p[1].water))")
        #expect(block.levelMasking == counts(values: 5, fillOrMissing: 1, validRange: 1))
    }

    // MARK: CF Appendix H timeSeries examples

    @Test("CF H.2.1 orthogonal multidimensional: unlimited time, station_name(station, name_strlen)")
    func appendixH21() throws {
        let cdl = """
        netcdf h21 {
        dimensions: station = 2 ; time = UNLIMITED ; name_strlen = 23 ;
        variables:
            float lon(station) ; lon:standard_name = "longitude" ; lon:units = "degrees_east" ;
            float lat(station) ; lat:standard_name = "latitude" ; lat:units = "degrees_north" ;
            char station_name(station, name_strlen) ; station_name:long_name = "station name" ; station_name:cf_role = "timeseries_id" ;
            int station_info(station) ; station_info:long_name = "some kind of station info" ;
            double time(time) ; time:standard_name = "time" ; time:long_name = "time of measurement" ; time:units = "days since 1970-01-01 00:00:00" ;
            float water_level(station, time) ; water_level:units = "mm" ; water_level:_FillValue = -999.9f ;
                water_level:coordinates = "lat lon station_name" ;
            double area(station) ; area:units = "km2" ;
        // global attributes:
            :featureType = "timeSeries" ;
        data:
            lon = 104.9, 103.2 ; lat = 11.6, 13.1 ; station_name = "Takeo-1", "Battambang-1" ; station_info = 0, 1 ;
            time = 19875, 19876, 19878 ;
            water_level = {50, -999.9, 30}, {-20, -40, -60} ;
            area = 0.01, 0.02 ;
        }
        """
        let (reader, block) = try readBlock(try ncgen(cdl), maxGapDays: 3)
        #expect(reader.layout == .orthogonal(timeFirst: false))
        let p = paddies(block.records)
        try #require(p.count == 2)
        #expect(p.map(\.id) == ["Takeo-1", "Battambang-1"])
        // 0.01 km2 = 1 ha. 19 875 days after 1970-01-01 = 2024-06-01; days 0, 1, 3 of the series.
        #expect(p.map(\.areaHa) == [1, 2])
        #expect(p[0].water.firstDay == day(.standard, 2024, 6, 1))
        // 50 mm = 5 cm; fill; day 2 unobserved; 30 mm = 3 cm. Gaps up to 3 days joined, so
        // days 1 and 2 lie on the line from 5 (day 0) to 3 (day 3): 5 − 2/3 = 4.333…, 5 − 4/3 = 3.666….
        let takeo: [Double] = [5, 5 - 2.0 / 3, 5 - 4.0 / 3, 3]
        #expect(same(levels(p[0].water), takeo), "\(levels(p[0].water))")
        // −20, −40 mm on days 0, 1, day 2 interpolated, −60 mm on day 3.
        #expect(same(levels(p[1].water), [-2, -4, -5, -6]), "\(levels(p[1].water))")
    }

    @Test("CF H.2.2 incomplete multidimensional: padded times are _FillValue")
    func appendixH22() throws {
        let cdl = """
        netcdf h22 {
        dimensions: station = 2 ; obs = 3 ; name_strlen = 23 ;
        variables:
            char station_name(station, name_strlen) ; station_name:cf_role = "timeseries_id" ;
            double time(station, obs) ; time:standard_name = "time" ; time:units = "days since 1970-01-01 00:00:00" ;
                time:missing_value = -999.9 ;
            float water_level(station, obs) ; water_level:units = "cm" ; water_level:_FillValue = -999.9f ;
            double area(station) ; area:units = "ha" ;
        data:
            station_name = "A", "B" ;
            time = 19875, 19876, 19877, 19880, -999.9, -999.9 ;
            water_level = 1, 2, 3, 7, -999.9, -999.9 ;
            area = 1, 1 ;
        }
        """
        let (reader, block) = try readBlock(try ncgen(cdl))
        #expect(reader.layout == .incomplete)
        let p = paddies(block.records)
        try #require(p.count == 2)
        #expect(p[0].water.firstDay == day(.standard, 2024, 6, 1))
        #expect(same(levels(p[0].water), [1, 2, 3]))
        // B: one observation on 2024-06-06 (19 880); its padding is not read.
        #expect(p[1].water.firstDay == day(.standard, 2024, 6, 6))
        #expect(same(levels(p[1].water), [7]))
        #expect(block.levelMasking == counts(values: 4))
    }

    @Test("CF H.2.3 single time series: scalar station_name")
    func appendixH23() throws {
        let cdl = """
        netcdf h23 {
        dimensions: time = 4 ; name_strlen = 23 ;
        variables:
            char station_name(name_strlen) ; station_name:cf_role = "timeseries_id" ;
            double time(time) ; time:standard_name = "time" ; time:units = "hours since 2024-06-01 00:00 +07" ;
            float water_level(time) ; water_level:units = "m" ; water_level:_FillValue = -999.9f ;
            double area ; area:units = "ha" ;
        data:
            station_name = "Prey Veng 12" ; time = 0, 24, 48, 72 ; water_level = 0.05, 0.04, -999.9, 0.02 ; area = 2 ;
        }
        """
        let (reader, block) = try readBlock(try ncgen(cdl))
        #expect(reader.layout == .single)
        let p = paddies(block.records)
        try #require(p.count == 1)
        #expect(p[0].id == "Prey Veng 12")
        // +07: local midnights of 1–4 June; 0.05 m = 5 cm.
        #expect(p[0].water.firstDay == day(.standard, 2024, 6, 1))
        #expect(same(levels(p[0].water), [5, 4, .nan, 2]), "\(levels(p[0].water))")
    }

    // MARK: Compressed files

    @Test("A zstd-compressed water level: decoded when the plugin is there, else a message naming the filter")
    func zstdFilter() throws {
        // Made by Fixtures/zstd-water-level.py with Python netCDF4 (pip wheels carry the plugins).
        let url = try #require(Bundle.module.url(forResource: "zstd-water-level", withExtension: "nc", subdirectory: "Fixtures"))
        let file = try NetCDFFile.open(url.path)
        let level = try #require(try file.variable(named: "water_level"))
        let filters = try file.filters(of: level)
        #expect(filters.map(\.id) == [32015])
        #expect(filters.first?.name == "Zstandard (zstd)")
        file.close()
        if filters.allSatisfy(\.isAvailable) {
            let (_, block) = try readBlock(url.path)
            let p = paddies(block.records)
            try #require(p.count == 2)
            #expect(same(levels(p[0].water), [5, 4.5, -2, 3.25]))
            #expect(same(levels(p[1].water), [0.5, 1, 1.5, 2]))
        } else {
            let error = #expect(throws: InputError.self) { try PaddyFileReader(path: url.path, resampler: TestModels.resampler()) }
            #expect(error?.variable == "water_level")
            for word in ["Zstandard", "32015", "HDF5_PLUGIN_PATH", "nccopy -F none"] {
                #expect(error?.message.contains(word) == true, "\(word) missing from: \(error?.message ?? "")")
            }
        }
    }

    @Test("Deflate and shuffle, which every netCDF-4 library has, are available")
    func builtInFilters() throws {
        var cdl = ReaderTestCDL()
        cdl.levelAttributes = [#"units = "cm""#, #"_Storage = "chunked""#, "_ChunkSizes = 1, 3", "_DeflateLevel = 4", #"_Shuffle = "true""#]
        let path = try ncgen(cdl.text)
        let file = try NetCDFFile.open(path)
        let filters = try file.filters(of: try #require(try file.variable(named: "water_level")))
        #expect(Set(filters.map(\.id)) == [1, 2])
        #expect(filters.allSatisfy { $0.isAvailable })
        file.close()
        let (_, block) = try readBlock(path)
        #expect(same(levels(paddies(block.records)[0].water), [1, 2, 3]))
        // A classic file has no filters.
        let classic = try NetCDFFile.open(try ncgen(ReaderTestCDL().text, format: "classic"))
        #expect(try classic.filters(of: try #require(try classic.variable(named: "water_level"))).isEmpty)
        classic.close()
    }
}

// MARK: Identifiers

@Suite("Identifiers are never altered")
struct IdentifierTests {
    /// Two Khmer ids of 102 bytes that share their first 99: "ស្រែ" is 4 characters of 3 bytes
    /// (12 bytes), 7 times = 84 bytes, then 6 characters (18 bytes) differing in the last one.
    /// Cut at 64 bytes they would be equal, and 64 = 21 × 3 + 1 cuts inside a character.
    static let khmerA = String(repeating: "ស្រែ", count: 7) + "ខេត្តក"
    static let khmerB = String(repeating: "ស្រែ", count: 7) + "ខេត្តខ"

    @Test("The daily NetCDF output keeps long ids and scenario names byte for byte")
    func seriesWriterKeepsIDs() throws {
        #expect(Self.khmerA.utf8.count == 102 && Self.khmerB.utf8.count == 102)
        #expect(Self.khmerA.utf8.prefix(64).elementsEqual(Self.khmerB.utf8.prefix(64)))
        let url = URL(fileURLWithPath: try fixtureTemporaryPath("daily.nc"))
        let scenario = "safe AWD, 30 % adoption in Battambang province's irrigated schemes, " + Self.khmerA
        let writer = try PaddySeriesWriter(url: url, variable: .init(name: "x", units: "1", longName: "x", comment: "x"),
                                           layers: [scenario], paddies: 2, span: 0...1, calendar: .standard, blockSize: 2, provenance: [])
        try writer.writeIDs(start: 0, ids: [Self.khmerA, Self.khmerB])
        try writer.write(start: 0, rows: [[(firstDay: 0, values: [1, 2])], [(firstDay: 1, values: [3])]])
        try writer.commit()
        let file = try NetCDFFile.open(url.path)
        let ids = try #require(try file.variable(named: "paddy_id"))
        #expect(try file.attribute("cf_role", of: ids) == .text("timeseries_id"))
        let read = try file.readStrings(ids)
        #expect(read.map { Array($0.utf8) } == [Array(Self.khmerA.utf8), Array(Self.khmerB.utf8)])
        #expect(try file.readStrings(try #require(try file.variable(named: "scenario"))) == [scenario])
    }

    @Test("Plain numbers are plain: the formula guard leaves them alone", arguments: [
        ("-17", true), ("+5", true), ("-1.5e3", true), ("-.5", true), ("+1.", true), ("-1E-3", true), ("17", true),
        ("-", false), ("+", false), ("-e3", false), ("-1.5e", false), ("- 17", false), ("-17 ", false), ("-inf", false),
        ("-nan", false), ("-0x1F", false), ("-1_000", false), ("=1+1", false), ("-1+1", false), ("-cmd|' /C calc'!A0", false),
        ("@SUM(A1)", false), ("1.2.3", false), ("", false),
    ])
    func plainNumbers(text: String, plain: Bool) {
        #expect(isPlainNumber(text) == plain)
        var row = CSVRow()
        row.text(text)
        row.end()
        let cell = String(decoding: row.bytes, as: UTF8.self).dropLast()
        let triggers = text.first.map { "=+-@".contains($0) } ?? false
        // A cell is guarded exactly when it starts like a formula and is not a plain number.
        #expect(cell == ((triggers && !plain) ? "'" + text : text), "\(text) → \(cell)")
    }
}

// MARK: End to end

@Suite("CF decoding end to end", .serialized, .enabled(if: cliToolsBuilt, "scenario-runner is not built next to the test bundle"))
struct CFDecodingEndToEndTests {
    @Test("run on an xarray-written file: seasons from per-variable units, ids byte for byte, masking in the manifest")
    func xarrayRun() throws {
        let long = IdentifierTests.khmerA
        // P "-17": given season 0 days since 2023-05-25 to 0 days since 2023-09-30; the long
        // Khmer id the same; "P3": 30 September to 29 September (inverted). One NaN (the fill) on day 60 of "-17".
        let cdl = xarrayCDL(ids: ["-17", long, "P3"], days: 200,
                            levels: { p, d in p == 0 && d == 60 ? "NaN" : loggerLevel(p, d) },
                            seasonStart: [0, 0, 128], seasonEnd: [0, 0, -1])
        let input = try ncgen(cdl, name: "xarray")
        let out = try makeFixtureDirectory().appendingPathComponent("out")
        let r = try scenarioRunner("run", ["--input", input, "--out", out.path, "--quiet", "--draws", "0"])
        #expect(r.status == 2 && !r.signalled, "\(r.summary)")   // P3 is rejected
        let seasons = try String(contentsOf: out.appendingPathComponent("paddy_seasons.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        try #require(seasons.count == 2, "\(seasons)")
        // The id "-17" is a plain number: no formula guard. The Khmer id is kept whole (102 bytes).
        #expect(seasons.map { $0[0] } == ["-17", long])
        for row in seasons {
            #expect(row[2] == "2023-05-25" && row[3] == "2023-09-30", "\(row)")
            // 25 May to 30 September inclusive: 7 + 30 + 31 + 31 + 30 = 129 days.
            #expect(row[4] == "129", "\(row)")
        }
        let rejected = try String(contentsOf: out.appendingPathComponent("rejected.csv"), encoding: .utf8)
        #expect(rejected.contains("P3") && rejected.contains("ends (2023-09-29) before it starts (2023-09-30)"), "\(rejected)")
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: out.appendingPathComponent("manifest.json"))).counts
        // 3 paddies × 200 days read; the one NaN is the fill value (_FillValue = NaN).
        #expect(manifest.waterLevelValues == 600)
        #expect(manifest.waterLevelMaskedFillOrMissing == 1)
        #expect(manifest.waterLevelMaskedValidRange == 0)
        #expect(manifest.waterLevelMaskedNaN == 0)
    }

    @Test("describe and run say when a valid range removes a large share of the levels")
    func validRangeNotes() throws {
        // NCEI-shaped: 100 days; valid_min = 0 removes the 40 drained days (−5 cm) of 100.
        let days = 100
        let levels = (0..<days).map { $0 < 60 ? "5" : "-5" }.joined(separator: ", ")
        let times = (0..<days).map { String(1_717_200_000 + 86_400 * $0) }.joined(separator: ", ")
        let cdl = """
        netcdf ncei {
        dimensions: timeSeries = 1 ; time = \(days) ; name_strlen = 8 ;
        variables:
            char station_name(timeSeries, name_strlen) ; station_name:cf_role = "timeseries_id" ;
            double time(time) ; time:units = "seconds since 1970-01-01 00:00:00 0:00" ; time:calendar = "gregorian" ;
            float water_level(timeSeries, time) ; water_level:units = "cm" ;
                water_level:_FillValue = -9999.f ; water_level:missing_value = -8888.f ;
                water_level:valid_min = 0.f ; water_level:valid_max = 100.f ;
            double area(timeSeries) ; area:units = "ha" ;
        data:
            station_name = "KH-1" ; time = \(times) ; water_level = \(levels) ; area = 1 ;
        }
        """
        let input = try ncgen(cdl, name: "ncei")
        let d = try scenarioRunner("describe", ["--input", input])
        #expect(d.status == 0, "\(d.summary)")
        #expect(d.stdout.contains("notes:"), "\(d.stdout)")
        #expect(d.stdout.contains("_FillValue -9999 and missing_value -8888 differ"), "\(d.stdout)")
        #expect(d.stdout.contains("removed 40 of 100 non-fill values (40.0 %)"), "\(d.stdout)")
        let out = try makeFixtureDirectory().appendingPathComponent("out")
        let r = try scenarioRunner("run", ["--input", input, "--out", out.path, "--quiet", "--draws", "0"])
        #expect(!r.signalled && r.status != 1, "\(r.summary)")
        #expect(r.stderr.contains("note: water_level: valid_range/valid_min/valid_max removed 40 of 100"), "\(r.stderr)")
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: out.appendingPathComponent("manifest.json")))
        #expect(manifest.counts.waterLevelMaskedValidRange == 40)
    }
}
