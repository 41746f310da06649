import Foundation
import Testing
import PaddyMethane
import PaddyMethaneIO

// A corpus of bad inputs. File-level problems must stop with an InputError that names the file
// (and the variable); per-paddy problems must reject that paddy with a reason and let the rest go
// on. Inputs that could crash or exhaust the process are run through the built scenario-runner
// under a memory limit (see CLITests.swift), so that a failure cannot take the test process down.

// MARK: Builders

/// An orthogonal water_level(paddy, time) file, configurable one thing at a time. By default:
/// paddies "good1", "bad", "good2", 100 daily steps from 2024-01-01, every level 5 cm, 1 ha each,
/// and a declared season on days 10–79, so that an unmodified paddy always has a result.
private struct BadInputCDL {
    var ids = ["good1", "bad", "good2"]
    var days = 100
    var times: [String]? = nil
    var timeAttributes = [#"units = "days since 2024-01-01""#, #"calendar = "standard""#]
    /// Per paddy, per day; nil = 5 cm everywhere.
    var levels: [[String]]? = nil
    var levelAttributes = [#"units = "cm""#, "_FillValue = -999.f"]
    var levelDimensions = "paddy, time"
    /// Replaces the generated water_level data (for other dimensions).
    var levelData: String? = nil
    var areas: [String]? = nil
    var regions: [String]? = nil
    var includeLevel = true
    var includeTime = true
    var seasons = true
    var extraDimensions = ""

    var text: String {
        let n = ids.count
        let times = self.times ?? (0..<days).map(String.init)
        let levels = self.levels ?? Array(repeating: Array(repeating: "5", count: days), count: n)
        func list(_ a: [String]) -> String { a.joined(separator: ", ") }
        func quoted(_ a: [String]) -> String { a.map { "\"\($0)\"" }.joined(separator: ", ") }
        func attributes(_ v: String, _ a: [String]) -> String { a.map { "\t\t\(v):\($0) ;" }.joined(separator: "\n") }
        var variables = [
            "\tchar paddy_id(paddy, id_strlen) ;\n\t\tpaddy_id:cf_role = \"timeseries_id\" ;",
            "\tdouble area(paddy) ;\n\t\tarea:units = \"ha\" ;",
        ]
        var data = ["\tpaddy_id = \(quoted(ids)) ;", "\tarea = \(list(areas ?? Array(repeating: "1", count: n))) ;"]
        if includeTime {
            variables.append("\tdouble time(time) ;\n" + attributes("time", timeAttributes))
            data.append("\ttime = \(list(times)) ;")
        }
        if includeLevel {
            variables.append("\tfloat water_level(\(levelDimensions)) ;\n" + attributes("water_level", levelAttributes))
            data.append("\twater_level = \(levelData ?? levels.map(list).joined(separator: ",\n  ")) ;")
        }
        if let regions {
            variables.append("\tchar region(paddy, id_strlen) ;")
            data.append("\tregion = \(quoted(regions)) ;")
        }
        if seasons {
            variables.append("\tdouble season_start(paddy) ;\n\t\tseason_start:units = \"days since 2024-01-01\" ;")
            variables.append("\tdouble season_end(paddy) ;\n\t\tseason_end:units = \"days since 2024-01-01\" ;")
            data.append("\tseason_start = \(list(Array(repeating: "10", count: n))) ;")
            data.append("\tseason_end = \(list(Array(repeating: "79", count: n))) ;")
        }
        return """
        netcdf bad {
        dimensions:
        \tpaddy = \(n) ;
        \ttime = \(times.count) ;
        \tid_strlen = 16 ;
        \(extraDimensions)
        variables:
        \(variables.joined(separator: "\n"))
        // global attributes:
        \t\t:Conventions = "CF-1.8" ;
        \t\t:featureType = "timeSeries" ;
        data:
        \(data.joined(separator: "\n"))
        }
        """
    }

    /// The default levels with paddy `paddy`'s levels replaced.
    static func levels(paddies: Int = 3, days: Int = 100, paddy: Int, _ row: [String]) -> [[String]] {
        var l = Array(repeating: Array(repeating: "5", count: days), count: paddies)
        l[paddy] = row
        return l
    }
}

/// A temporary file with `bytes`.
private func writeBytes(_ bytes: [UInt8], name: String) throws -> String {
    let url = try makeFixtureDirectory().appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

/// Opens `path` and expects an InputError whose description names the file and, when given,
/// the variable (and contains `mentions`).
private func expectInputError(_ path: String, variable: String?, mentions: [String] = [],
                              sourceLocation: SourceLocation = #_sourceLocation) {
    let error = #expect(throws: InputError.self, sourceLocation: sourceLocation) {
        _ = try PaddyFileReader(path: path, resampler: TestModels.resampler())
    }
    guard let error else { return }
    let text = error.description
    #expect(text.contains(path), "the message does not name the file: \(text)", sourceLocation: sourceLocation)
    if let variable {
        #expect(error.variable == variable && text.contains("'\(variable)'"), "the message does not name \(variable): \(text)",
                sourceLocation: sourceLocation)
    }
    for m in mentions {
        #expect(text.localizedCaseInsensitiveContains(m), "the message does not mention \"\(m)\": \(text)", sourceLocation: sourceLocation)
    }
}

private func engine() throws -> InventoryEngine {
    InventoryEngine(configuration: RunConfiguration(
        parameters: try TestModels.parameters(), detection: try TestModels.detection(),
        drainageRule: try TestModels.rule(), gwp: try TestModels.gwp()))
}

/// A minimal RFC 4180 reader (quoted fields, doubled quotes), for checking the reports.
private func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], field = ""
    var quoted = false, afterQuote = false
    var it = Array(text).makeIterator()
    while let c = it.next() {
        if quoted {
            if c == "\"" { quoted = false; afterQuote = true } else { field.append(c) }
            continue
        }
        switch c {
        case "\"":
            if afterQuote { field.append("\"") }
            quoted = true
        case ",": row.append(field); field = ""
        case "\n": row.append(field); rows.append(row); row = []; field = ""
        default: field.append(c)
        }
        afterQuote = false
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}

/// A report as (header, rows).
private func readCSV(_ dir: URL, _ name: String) throws -> (header: [String], rows: [[String]]) {
    let all = parseCSV(try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8))
    return (all.first ?? [], Array(all.dropFirst()))
}

private let numberColumns = ["days", "area_ha", "drainage_events", "drained_days", "filled_fraction", "missing_fraction",
                             "organic_amendment_t_ha", "sf_w", "sf_p", "sf_o", "sf_sr", "ef_c_kg_ha_day",
                             "ef_kg_ha_day", "ch4_kg", "co2e_t"]

/// Every number column of paddy_seasons.csv holds a finite fixed-point number.
private func expectFiniteNumbers(_ dir: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let (header, rows) = try readCSV(dir, "paddy_seasons.csv")
    for column in numberColumns {
        guard let c = header.firstIndex(of: column) else {
            Issue.record("paddy_seasons.csv has no column \(column)", sourceLocation: sourceLocation); continue
        }
        for row in rows {
            let cell = c < row.count ? row[c] : ""
            let fixed = cell.range(of: #"^-?[0-9]+(\.[0-9]+)?$"#, options: .regularExpression) != nil
            #expect(fixed && Double(cell)?.isFinite == true, "\(column) = \"\(cell)\" in \(row)", sourceLocation: sourceLocation)
        }
    }
}

// MARK: File-level problems

@Suite("Bad inputs: file-level problems stop with an InputError naming the file")
struct BadFileTests {
    @Test("Random bytes are not a NetCDF file")
    func randomBytes() throws {
        var g = SystemRandomNumberGenerator()
        let path = try writeBytes((0..<2048).map { _ in UInt8.random(in: 0...255, using: &g) }, name: "random.nc")
        expectInputError(path, variable: nil, mentions: ["NetCDF"])
    }

    @Test("An empty file is not a NetCDF file")
    func emptyFile() throws {
        expectInputError(try writeBytes([], name: "empty.nc"), variable: nil)
    }

    @Test("A NetCDF-4 file truncated to 40 % of its bytes")
    func truncatedNetCDF4() throws {
        let good = try ncgen(BadInputCDL().text, format: "nc4", name: "whole")
        #expect(throws: Never.self) { _ = try PaddyFileReader(path: good, resampler: TestModels.resampler()) }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: good)))
        let path = try writeBytes(Array(bytes.prefix(bytes.count * 4 / 10)), name: "truncated.nc")
        expectInputError(path, variable: nil)
    }

    @Test("A classic file truncated to 40 % of its bytes")
    func truncatedClassic() throws {
        let good = try ncgen(BadInputCDL().text, format: "classic", name: "whole")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: good)))
        let path = try writeBytes(Array(bytes.prefix(bytes.count * 4 / 10)), name: "truncated.nc")
        expectInputError(path, variable: nil)
    }

    /// An HDF5 file with one dataset `temperature` and no netCDF structure, written by h5py 3.16
    /// (`h5py.File(p, "w", libver="latest").create_dataset("temperature", data=np.arange(4, dtype="f4"))`).
    /// netCDF-C opens any HDF5 file (datasets without dimension scales get phony dimensions), so the
    /// reader's own checks must say what is missing.
    static let plainHDF5Base64 = """
    iUhERg0KGgoDCAgAAAAAAAAAAAD//////////xAIAAAAAAAAMAAAAAAAAADjXpx2T0hEUgIAeAISAAAAAP//////////////////
    //8KAgABAAAGFgAAAQALdGVtcGVyYXR1cmWzAAAAAAAAAAA+AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAP6SLz9PSERSAgEAAQEUAAACAQEBBAAAAAAAAAAEAAAAAAAAAAMUAAERIB8ABAAAAAAA
    IAAXCAAXfwAAAAUCAAEDCggSAAADAQAIAAAAAAAAEAAAAAAAAAAAsAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAcxLr2AAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACAPwAAAEAAAEBA
    """

    @Test("An HDF5 file without netCDF structure or a paddy identifier")
    func plainHDF5() throws {
        let base64 = Self.plainHDF5Base64.filter { !$0.isWhitespace }
        let bytes = try #require(Data(base64Encoded: base64))
        #expect(bytes.prefix(8) == Data([0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]), "not an HDF5 signature")
        let path = try writeBytes([UInt8](bytes), name: "plain.h5")
        expectInputError(path, variable: nil, mentions: ["timeseries_id"])
    }

    @Test("No water_level variable")
    func noWaterLevel() throws {
        var cdl = BadInputCDL()
        cdl.includeLevel = false
        expectInputError(try ncgen(cdl.text), variable: "water_level", mentions: ["not found"])
    }

    @Test("No time variable")
    func noTime() throws {
        var cdl = BadInputCDL()
        cdl.includeTime = false
        expectInputError(try ncgen(cdl.text), variable: "time", mentions: ["not found"])
    }

    @Test("time without units")
    func timeWithoutUnits() throws {
        var cdl = BadInputCDL()
        cdl.timeAttributes = [#"calendar = "standard""#]
        expectInputError(try ncgen(cdl.text), variable: "time", mentions: ["units"])
    }

    @Test("time with units that are not CF time units")
    func timeWithBadUnits() throws {
        var cdl = BadInputCDL()
        cdl.timeAttributes = [#"units = "fortnights since 2024-01-01""#]
        expectInputError(try ncgen(cdl.text), variable: "time", mentions: ["fortnights"])
    }

    @Test("time with an unknown calendar")
    func unknownCalendar() throws {
        var cdl = BadInputCDL()
        cdl.timeAttributes = [#"units = "days since 2024-01-01""#, #"calendar = "lunar_martian""#]
        expectInputError(try ncgen(cdl.text), variable: "time", mentions: ["lunar_martian"])
    }

    @Test("Times out of order")
    func nonMonotonicTimes() throws {
        var cdl = BadInputCDL()
        var t = (0..<100).map(String.init)
        t.swapAt(40, 41)
        cdl.times = t
        expectInputError(try ncgen(cdl.text), variable: "time", mentions: ["out of order", "index 41"])
    }

    @Test("Duplicate times")
    func duplicateTimes() throws {
        var cdl = BadInputCDL()
        var t = (0..<100).map(String.init)
        t[60] = "59"
        cdl.times = t
        expectInputError(try ncgen(cdl.text), variable: "time", mentions: ["duplicate", "index 60"])
    }

    @Test("A missing value in the shared time axis")
    func missingTime() throws {
        var cdl = BadInputCDL()
        cdl.timeAttributes.append("_FillValue = -1.0")
        var t = (0..<100).map(String.init)
        t[30] = "_"
        cdl.times = t
        expectInputError(try ncgen(cdl.text), variable: "time", mentions: ["missing"])
    }

    @Test("Level units that are not a length (furlongs per fortnight)")
    func furlongs() throws {
        // A furlong is a UDUNITS-2 length (660 US survey feet) since levels are read with its
        // grammar; a speed is not a length.
        var cdl = BadInputCDL()
        cdl.levelAttributes = [#"units = "furlongs/fortnight""#]
        expectInputError(try ncgen(cdl.text), variable: "water_level", mentions: ["furlongs/fortnight"])
    }

    @Test("water_level without units")
    func levelWithoutUnits() throws {
        var cdl = BadInputCDL()
        cdl.levelAttributes = []
        expectInputError(try ncgen(cdl.text), variable: "water_level", mentions: ["units"])
    }

    @Test("Mismatched dimensions: water_level(time, other)")
    func mismatchedDimensions() throws {
        var cdl = BadInputCDL()
        cdl.extraDimensions = "\tother = 3 ;"
        cdl.levelDimensions = "time, other"
        cdl.levelData = Array(repeating: "5", count: 300).joined(separator: ", ")
        expectInputError(try ncgen(cdl.text), variable: "water_level", mentions: ["other", "paddy"])
    }

    /// CF 1.8 §2.4: a variable's dimensions must all have different names. With time(paddy) and
    /// water_level(paddy, paddy) the reader cannot tell which axis is time; taking one silently
    /// can transpose the data (and a time coordinate on the paddy dimension is not a shared axis).
    @Test("The time dimension is the paddy dimension: water_level(paddy, paddy), time(paddy)")
    func timeDimensionIsThePaddyDimension() throws {
        let cdl = """
        netcdf square {
        dimensions:
        \tpaddy = 3 ;
        variables:
        \tint paddy_id(paddy) ;
        \t\tpaddy_id:cf_role = "timeseries_id" ;
        \tdouble time(paddy) ;
        \t\ttime:units = "days since 2024-01-01" ;
        \tfloat water_level(paddy, paddy) ;
        \t\twater_level:units = "cm" ;
        \tdouble area(paddy) ;
        \t\tarea:units = "ha" ;
        data:
        \tpaddy_id = 1, 2, 3 ;
        \ttime = 0, 1, 2 ;
        \twater_level = 1, 2, 3, 4, 5, 6, 7, 8, 9 ;
        \tarea = 1, 1, 1 ;
        }
        """
        let path = try ncgen(cdl)
        let error = #expect(throws: InputError.self, "the paddy dimension was accepted as the time dimension too") {
            _ = try PaddyFileReader(path: path, resampler: TestModels.resampler())
        }
        if let error { #expect(error.description.contains(path)) }
    }

    @Test("No area variable (run needs it)")
    func noArea() throws {
        let cdl = BadInputCDL().text.replacingOccurrences(of: "\tdouble area(paddy) ;\n\t\tarea:units = \"ha\" ;", with: "")
            .replacingOccurrences(of: "\tarea = 1, 1, 1 ;", with: "")
        expectInputError(try ncgen(cdl), variable: "area", mentions: ["not found"])
    }

    /// Zero paddies: the file opens (it is valid NetCDF), but a run of it would be an empty
    /// submission, so the run stops with an InputError naming the file and writes no report.
    @Test("Zero paddies: the run stops with an error naming the file, no reports", arguments: ["nc4", "classic"])
    func zeroPaddies(format: String) throws {
        let cdl = """
        netcdf zero {
        dimensions:
        \tpaddy = 0 ;
        \ttime = 3 ;
        \tid_strlen = 8 ;
        variables:
        \tchar paddy_id(paddy, id_strlen) ;
        \t\tpaddy_id:cf_role = "timeseries_id" ;
        \tdouble time(time) ;
        \t\ttime:units = "days since 2024-01-01" ;
        \tfloat water_level(paddy, time) ;
        \t\twater_level:units = "cm" ;
        \tdouble area(paddy) ;
        \t\tarea:units = "ha" ;
        data:
        \ttime = 0, 1, 2 ;
        }
        """
        let path = try ncgen(cdl, format: format)
        let reader = try PaddyFileReader(path: path, resampler: TestModels.resampler())
        #expect(reader.paddyCount == 0)
        #expect(try reader.read(start: 0, count: 10).isEmpty)
        let out = try makeFixtureDirectory()
        let error = #expect(throws: InputError.self) {
            try InventoryRunner(engine: try engine(), options: RunOptions()).run(reader, into: out)
        }
        #expect(error?.path == path && error?.message.contains("no paddies") == true, "\(String(describing: error))")
        #expect(folderListing(out).isEmpty, "\(folderListing(out))")
    }
}

// MARK: Inputs that could crash or exhaust the process (run as a subprocess under a memory limit)

/// The hexadecimal/byte offset of numrecs in a classic header: bytes 4–7, big-endian.
private func classicWithRecordCount(_ cdl: String, records: UInt32) throws -> String {
    let path = try ncgen(cdl, format: "classic", name: "records")
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    bytes[4] = UInt8(records >> 24); bytes[5] = UInt8((records >> 16) & 0xFF)
    bytes[6] = UInt8((records >> 8) & 0xFF); bytes[7] = UInt8(records & 0xFF)
    return try writeBytes(bytes, name: "huge-records.nc")
}

/// In an exit-test child: caps the address space at 4 GiB, so that an attempt to allocate
/// gigabytes fails at once (and the child, not the test process, dies).
func limitAddressSpace() {
    var limit = rlimit(rlim_cur: 4 << 30, rlim_max: 4 << 30)
    _ = setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit)
}

/// In an exit-test child: opens `path` and runs the whole inventory into a temporary folder.
/// Exits 0 when the reader refuses the file with an InputError naming it, or when the run
/// completes with `expectRejected` paddies rejected; 3 when a refusal was expected but the run
/// completed; 4 on an unexpected outcome. A crash ends the child by a signal.
func absurdInputChild(_ path: String, expectRefusal: Bool, expectRejected: Int = 0) -> Never {
    limitAddressSpace()
    do {
        let reader = try PaddyFileReader(path: path, resampler: TestModels.resampler())
        let out = try makeFixtureDirectory()
        let engine = InventoryEngine(configuration: RunConfiguration(
            parameters: try TestModels.parameters(), detection: try TestModels.detection(),
            drainageRule: try TestModels.rule(), gwp: try TestModels.gwp()))
        var options = RunOptions()
        options.draws = 0
        let summary = try InventoryRunner(engine: engine, options: options).run(reader, into: out)
        FileHandle.standardError.write(Data("completed: \(summary.paddiesRead) read, \(summary.paddiesRejected) rejected\n".utf8))
        if expectRefusal { exit(3) }
        exit(summary.paddiesRejected == expectRejected ? 0 : 4)
    } catch let e as InputError {
        FileHandle.standardError.write(Data("InputError: \(e.description)\n".utf8))
        exit(e.description.contains(path) ? 0 : 4)
    } catch {
        FileHandle.standardError.write(Data("other error: \(error)\n".utf8))
        exit(4)
    }
}

/// A classic file with the unlimited dimension's record count patched to 2^31 − 1: 444 bytes
/// that declare a 16 GiB time axis. netCDF-C opens it (reads past the end return zeros).
private let hugeRecordsCDL = """
netcdf rec {
dimensions:
\tpaddy = 2 ;
\ttime = UNLIMITED ;
\tid_strlen = 4 ;
variables:
\tchar paddy_id(paddy, id_strlen) ;
\t\tpaddy_id:cf_role = "timeseries_id" ;
\tdouble time(time) ;
\t\ttime:units = "days since 2024-01-01" ;
\tfloat water_level(time, paddy) ;
\t\twater_level:units = "cm" ;
\tdouble area(paddy) ;
\t\tarea:units = "ha" ;
data:
\tpaddy_id = "A", "B" ;
\ttime = 0, 1, 2 ;
\twater_level = 1, 2, 3, 4, 5, 6 ;
\tarea = 1, 2 ;
}
"""

private func hugeTimesFile(_ value: String) throws -> String {
    var cdl = BadInputCDL()
    var t = (0..<100).map(String.init)
    t[99] = value
    cdl.times = t
    return try ncgen(cdl.text)
}

private func hugeSeasonFile() throws -> String {
    let cdl = BadInputCDL().text.replacingOccurrences(of: "\tseason_start = 10, 10, 10 ;", with: "\tseason_start = 10, 1e20, 10 ;")
    precondition(cdl.contains("1e20"))
    return try ncgen(cdl)
}

/// Each case runs in a child process with its address space capped at 4 GiB (a Swift Testing exit
/// test for the library, the built scenario-runner under `ulimit -v` for the command line), so
/// that a crash or a runaway allocation fails the test instead of the test process.
@Suite("Bad inputs: absurd sizes and values neither crash nor allocate gigabytes")
struct AbsurdInputTests {
    @Test("Library: a huge declared (unlimited) time dimension in a tiny classic file is refused")
    func hugeDeclaredDimension() async throws {
        let path = try classicWithRecordCount(hugeRecordsCDL, records: UInt32(Int32.max))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count < 1024)
        await #expect(processExitsWith: .success, observing: [\.standardErrorContent],
                      "PaddyFileReader must refuse a 2^31-record time axis in a 444-byte file, not allocate 16 GiB") { [path = path as String] in
            absurdInputChild(path, expectRefusal: true)
        }
    }

    @Test("Library: a time value of 1e20 days is refused")
    func hugeTimeValue() async throws {
        let path = try hugeTimesFile("1e20")
        await #expect(processExitsWith: .success, observing: [\.standardErrorContent],
                      "time = 1e20 days must be an InputError, not a Double→Int trap") { [path = path as String] in
            absurdInputChild(path, expectRefusal: true)
        }
    }

    @Test("Library: a time axis spanning 10^9 days is refused or its paddies rejected, without allocating gigabytes")
    func hugeTimeSpan() async throws {
        let path = try hugeTimesFile("1000000000")
        await #expect(processExitsWith: .success, observing: [\.standardErrorContent],
                      "a 1e9-day time axis must not make an 8 GB daily series per paddy") { [path = path as String] in
            absurdInputChild(path, expectRefusal: true)
        }
    }

    @Test("Library: a season date of 1e20 days rejects that paddy only")
    func hugeSeasonDate() async throws {
        let path = try hugeSeasonFile()
        await #expect(processExitsWith: .success, observing: [\.standardErrorContent],
                      "season_start = 1e20 must reject paddy 'bad', not trap") { [path = path as String] in
            absurdInputChild(path, expectRefusal: false, expectRejected: 1)
        }
    }

    /// A 420-byte classic file whose unlimited paddy dimension claims 2^31 − 1 records. netCDF-C
    /// opens it and returns zeros past the end of the file, so unless the reader refuses it, a run
    /// reads two billion phantom paddies (about 100 000 a second, six hours) and writes about
    /// 100 GB of rejected.csv rows. Checked on the reader alone: opening must fail.
    @Test("A huge declared (unlimited) paddy dimension in a tiny classic file is refused")
    func hugeDeclaredPaddyDimension() throws {
        let cdl = """
        netcdf precs {
        dimensions:
        \tpaddy = UNLIMITED ;
        \ttime = 3 ;
        variables:
        \tint paddy_id(paddy) ;
        \t\tpaddy_id:cf_role = "timeseries_id" ;
        \tdouble time(time) ;
        \t\ttime:units = "days since 2024-01-01" ;
        \tfloat water_level(paddy, time) ;
        \t\twater_level:units = "cm" ;
        \tdouble area(paddy) ;
        \t\tarea:units = "ha" ;
        data:
        \tpaddy_id = 1, 2 ;
        \ttime = 0, 1, 2 ;
        \twater_level = 1, 2, 3, 4, 5, 6 ;
        \tarea = 1, 2 ;
        }
        """
        let path = try classicWithRecordCount(cdl, records: UInt32(Int32.max))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count < 1024)
        let error = #expect(throws: InputError.self, "a 420-byte file was accepted as holding 2^31 − 1 paddies") {
            let reader = try PaddyFileReader(path: path, resampler: TestModels.resampler())
            Issue.record("paddyCount = \(reader.paddyCount)")
        }
        if let error { #expect(error.description.contains(path), "\(error.description)") }
    }

    @Test("A fixed dimension patched to 2^31 − 1 in a classic header is refused by netCDF")
    func patchedFixedDimension() throws {
        let path = try ncgen(BadInputCDL().text, format: "classic", name: "fixed")
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        // dim_list: NC_DIMENSION tag at 8, count at 12, "paddy" (length 5, padded to 8) at 16, its length at 28.
        #expect(Array(bytes[28..<32]) == [0, 0, 0, 3], "unexpected classic header layout")
        bytes.replaceSubrange(28..<32, with: [0x7F, 0xFF, 0xFF, 0xFF])
        expectInputError(try writeBytes(bytes, name: "fixed-huge.nc"), variable: nil)
    }

    static let cliCases: [(String, Int32)] = [("huge-dimension", 1), ("time-1e20", 1), ("span-1e9", 1), ("season-1e20", 2)]

    @Test("Command line: no crash, the documented exit code, one line naming the file", arguments: cliCases)
    func commandLine(_ name: String, _ expected: Int32) throws {
        try #require(cliToolsBuilt, "scenario-runner is not built next to the test bundle")
        let path: String
        switch name {
        case "huge-dimension": path = try classicWithRecordCount(hugeRecordsCDL, records: UInt32(Int32.max))
        case "time-1e20": path = try hugeTimesFile("1e20")
        case "span-1e9": path = try hugeTimesFile("1000000000")
        default: path = try hugeSeasonFile()
        }
        let out = try makeFixtureDirectory().appendingPathComponent("out")
        let r = try scenarioRunner("run", ["--input", path, "--out", out.path, "--quiet", "--draws", "0"])
        #expect(!r.signalled, "\(name): scenario-runner crashed: \(r.summary)")
        if name == "span-1e9" {
            #expect([1, 2].contains(r.status), "\(name): \(r.summary)")
        } else {
            #expect(r.status == expected, "\(name): \(r.summary)")
        }
        if r.status == 1 {
            #expect(r.stderrLines.count == 1 && r.stderrLines.first?.contains(path) == true, "\(name): \(r.stderrLines)")
        } else if r.status == 2 {
            #expect(try readCSV(out, "rejected.csv").rows.map { $0[1] } == ["bad"])
        }
    }
}

// MARK: Per-paddy problems

/// A per-paddy problem: the file, and what the reason for the rejected paddy must mention.
struct PaddyCase: CustomTestStringConvertible, Sendable {
    let name: String
    let mentions: [String]
    /// Index and id of the rejected paddy.
    let rejected: (index: Int, id: String)
    let cdl: @Sendable () -> String

    var testDescription: String { name }

    static let all: [PaddyCase] = [
        PaddyCase(name: "all levels missing", mentions: ["no valid water level"], rejected: (1, "bad")) {
            var c = BadInputCDL()
            c.levels = BadInputCDL.levels(paddy: 1, Array(repeating: "_", count: 100))
            return c.text
        },
        PaddyCase(name: "NaN area", mentions: ["area", "nan"], rejected: (1, "bad")) {
            var c = BadInputCDL()
            c.areas = ["1", "NaN", "1"]
            return c.text
        },
        PaddyCase(name: "negative area", mentions: ["area", "-2"], rejected: (1, "bad")) {
            var c = BadInputCDL()
            c.areas = ["1", "-2", "1"]
            return c.text
        },
        PaddyCase(name: "zero area", mentions: ["area", "0"], rejected: (1, "bad")) {
            var c = BadInputCDL()
            c.areas = ["1", "0", "1"]
            return c.text
        },
        PaddyCase(name: "infinite area", mentions: ["area"], rejected: (1, "bad")) {
            var c = BadInputCDL()
            c.areas = ["1", "Infinity", "1"]
            return c.text
        },
        PaddyCase(name: "duplicate paddy id", mentions: ["duplicate", "index 0"], rejected: (1, "good1")) {
            var c = BadInputCDL()
            c.ids = ["good1", "good1", "good2"]
            return c.text
        },
        PaddyCase(name: "a level of 500 cm", mentions: ["500", "level"], rejected: (1, "bad")) {
            var c = BadInputCDL()
            var row = Array(repeating: "5", count: 100)
            row[50] = "500"
            c.levels = BadInputCDL.levels(paddy: 1, row)
            return c.text
        },
        PaddyCase(name: "a level of -500 cm", mentions: ["-500", "level"], rejected: (1, "bad")) {
            var c = BadInputCDL()
            var row = Array(repeating: "5", count: 100)
            row[20] = "-500"
            c.levels = BadInputCDL.levels(paddy: 1, row)
            return c.text
        },
        PaddyCase(name: "empty paddy id", mentions: ["empty"], rejected: (1, "")) {
            var c = BadInputCDL()
            c.ids = ["good1", "", "good2"]
            return c.text
        },
    ]
}

@Suite("Bad inputs: a bad paddy is rejected with a reason and the others go on")
struct BadPaddyTests {
    private func run(_ path: String, strict: Bool = false) throws -> (RunSummary, URL) {
        var options = RunOptions()
        options.threads = 2
        options.blockSize = 2
        options.strict = strict
        let out = try makeFixtureDirectory()
        let reader = try PaddyFileReader(path: path, resampler: TestModels.resampler())
        let summary = try InventoryRunner(engine: try engine(), options: options).run(reader, into: out)
        return (summary, out)
    }

    @Test("The paddy is rejected with its reason; the others have results", arguments: PaddyCase.all)
    func rejected(_ c: PaddyCase) throws {
        let path = try ncgen(c.cdl())
        let (summary, out) = try run(path)
        #expect(summary.paddiesRead == 3)
        #expect(summary.paddiesRejected == 1 && summary.paddiesWithResults == 2, "\(summary.paddiesRejected) rejected")
        #expect(summary.paddiesRead == summary.paddiesWithResults + summary.paddiesRejected)
        #expect(summary.seasons == 2 && summary.seasonRejections == 0)

        let rejected = try readCSV(out, "rejected.csv")
        #expect(rejected.header == ["paddy_index", "paddy_id", "season_start", "season_end", "reason"])
        try #require(rejected.rows.count == 1, "\(rejected.rows)")
        let row = rejected.rows[0]
        #expect(row[0] == String(c.rejected.index) && row[1] == c.rejected.id, "\(row)")
        for m in c.mentions {
            #expect(row[4].localizedCaseInsensitiveContains(m), "reason \"\(row[4])\" does not mention \"\(m)\"")
        }

        let seasons = try readCSV(out, "paddy_seasons.csv")
        #expect(seasons.rows.count == 2 && !seasons.rows.contains { $0[0] == c.rejected.id && c.rejected.index == 1 && c.rejected.id != "good1" },
                "\(seasons.rows.map { $0[0] })")
        try expectFiniteNumbers(out)

        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: out.appendingPathComponent("manifest.json"))).counts
        #expect(manifest.paddiesRead == 3 && manifest.paddiesRejected == 1 && manifest.reconciled, "\(manifest)")
    }

    @Test("--strict stops at the bad paddy with a StrictModeError naming it, and writes no reports", arguments: PaddyCase.all)
    func strict(_ c: PaddyCase) throws {
        let path = try ncgen(c.cdl())
        var options = RunOptions()
        options.strict = true
        options.blockSize = 2
        let out = try makeFixtureDirectory()
        let reader = try PaddyFileReader(path: path, resampler: TestModels.resampler())
        let error = #expect(throws: StrictModeError.self) {
            _ = try InventoryRunner(engine: try engine(), options: options).run(reader, into: out)
        }
        if let error {
            #expect(error.rejection.paddyIndex == c.rejected.index && error.rejection.paddyID == c.rejected.id)
            #expect(error.description.contains(path) && error.description.contains("'\(c.rejected.id)'")
                    && error.description.contains("index \(c.rejected.index)"), "\(error.description)")
        }
        let left = folderListing(out)
        #expect(left.isEmpty, "\(left)")
    }

    @Test("Several bad paddies among good ones: every paddy is accounted for")
    func manyBadPaddies() throws {
        var c = BadInputCDL()
        c.ids = (0..<10).map { "p\($0)" }
        c.ids[7] = "p3"                                   // duplicate of index 3
        c.areas = ["1", "0", "1", "1", "NaN", "1", "1", "1", "-1", "1"]
        var levels = Array(repeating: Array(repeating: "5", count: 100), count: 10)
        levels[5] = Array(repeating: "_", count: 100)       // all missing
        levels[9][42] = "400"                               // beyond ±300 cm
        c.levels = levels
        let (summary, out) = try run(try ncgen(c.text))
        #expect(summary.paddiesRead == 10 && summary.paddiesRejected == 6 && summary.paddiesWithResults == 4)
        #expect(summary.paddiesRead == summary.paddiesWithResults + summary.paddiesRejected)
        let rejected = try readCSV(out, "rejected.csv").rows
        #expect(rejected.map { $0[0] } == ["1", "4", "5", "7", "8", "9"], "\(rejected)")
        let seasons = try readCSV(out, "paddy_seasons.csv").rows
        #expect(seasons.map { $0[0] } == ["p0", "p2", "p3", "p6"], "\(seasons.map { $0[0] })")
        try expectFiniteNumbers(out)
    }

    @Test("Text cells that a spreadsheet would run get a leading quote")
    func formulaInjection() throws {
        var c = BadInputCDL()
        c.ids = ["=cmd", "-bad", "@SUM(A1)"]
        c.regions = ["+region", "=HYPERLINK", "north"]
        c.areas = ["1", "-1", "1"]
        let (summary, out) = try run(try ncgen(c.text))
        #expect(summary.paddiesWithResults == 2 && summary.paddiesRejected == 1)
        let text = try String(contentsOf: out.appendingPathComponent("paddy_seasons.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").dropFirst().map(String.init)
        #expect(lines.first?.hasPrefix("'=cmd,'+region,") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("'@SUM(A1),north,") == true, "\(lines)")
        #expect(!lines.contains { $0.hasPrefix("=") || $0.hasPrefix("@") })
        let rejected = try String(contentsOf: out.appendingPathComponent("rejected.csv"), encoding: .utf8)
        #expect(rejected.contains("\n1,'-bad,"), "\(rejected)")
    }
}
