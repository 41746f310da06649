import Foundation
import Testing
import PaddyMethane
@testable import PaddyMethaneIO

// CSV field books: readings + plot sheet as a PaddySource, compared with the equivalent NetCDF
// written independently as CDL, the `import` archive read back, files written the way
// spreadsheets and pandas write them, and a corpus of bad field books.

/// One plot of a test field book: observed days after 2024-06-01 and levels [mm] (nil: missing).
private struct TestPlot {
    var id: String
    var areaM2: Double
    var region: String
    var supply: String = ""
    var season: (Int, Int)? = nil
    var amendment: (String, Double)? = nil
    var treatment: String
    var readings: [(day: Int, mm: Double?)]
}

/// Six plots, 2024-06-01 on (day 0), monitored to harvest:
/// - CF: flooded at 50 mm every day to day 114, then 15 days at −50 mm (the end-season drainage);
/// - AWD1: as CF with days 40–47 at −80 mm (8 drained days: one drainage, > 3 days);
/// - AWD2: drained days 30–35 and 60–66 (two drainages);
/// - SAT: as CF but observed every 12 days (a satellite revisit) to day 132, one pass (day 48) missed;
/// - RF: rainfed, season given 2024-06-01 to 2024-09-28 (120 days), straw 2.5 t/ha, flooded;
/// - GAP: as CF, with two missing level cells (empty, as pandas writes NaN).
private let sixPlots: [TestPlot] = {
    func daily(_ level: (Int) -> Double?) -> [(day: Int, mm: Double?)] { (0..<130).map { ($0, level($0)) } }
    let cf: (Int) -> Double? = { $0 <= 114 ? 50 : -50 }
    return [
        TestPlot(id: "CF", areaM2: 400, region: "Takeo", treatment: "control", readings: daily(cf)),
        TestPlot(id: "AWD1", areaM2: 400, region: "Takeo", treatment: "awd", readings: daily { (40...47).contains($0) ? -80 : cf($0) }),
        TestPlot(id: "AWD2", areaM2: 380, region: "Takeo", treatment: "awd",
                 readings: daily { (30...35).contains($0) || (60...66).contains($0) ? -80 : cf($0) }),
        TestPlot(id: "SAT", areaM2: 1200, region: "Pursat", treatment: "control",
                 readings: stride(from: 0, through: 132, by: 12).filter { $0 != 48 }.map { ($0, cf($0)) }),
        TestPlot(id: "RF", areaM2: 1000, region: "Pursat", supply: "rainfed", season: (0, 119), amendment: ("straw_short", 2.5),
                 treatment: "straw", readings: daily { $0 <= 119 ? 30 : -50 }),
        TestPlot(id: "GAP", areaM2: 400, region: "Takeo", treatment: "control", readings: daily { $0 == 20 || $0 == 21 ? nil : cf($0) }),
    ]
}()

private func date(_ day: Int) -> String {
    CFCalendar.standard.date(ofDay: CFCalendar.standard.dayNumber(CalendarDate(year: 2024, month: 6, day: 1)) + day).description
}

private func number(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }

/// The readings file (`water_level [mm]`) and the plot sheet of `plots`.
private func fieldBook(_ plots: [TestPlot]) -> (readings: String, plots: String) {
    var r = "plot_id,date,water_level [mm]\n"
    for p in plots { for o in p.readings { r += "\(p.id),\(date(o.day)),\(o.mm.map(number) ?? "")\n" } }
    var s = "plot_id,area [m2],region,water_supply,season_start,season_end,organic_amendment,organic_amendment_rate_t_ha,treatment\n"
    for p in plots {
        s += "\(p.id),\(number(p.areaM2)),\(p.region),\(p.supply),\(p.season.map { date($0.0) } ?? ""),\(p.season.map { date($0.1) } ?? ""),"
        s += "\(p.amendment?.0 ?? "none"),\(p.amendment.map { number($0.1) } ?? ""),\(p.treatment)\n"
    }
    return (r, s)
}

/// The same plots as a CF-1.8 contiguous ragged array (CF 1.8 section 9.3.3), as CDL.
private func equivalentCDL(_ plots: [TestPlot]) -> String {
    let obs = plots.flatMap(\.readings)
    func q(_ a: [String]) -> String { a.map { "\"\($0)\"" }.joined(separator: ", ") }
    return """
    netcdf fieldbook {
    dimensions:
        station = \(plots.count) ;
        obs = \(obs.count) ;
    variables:
        string plot(station) ;
            plot:cf_role = "timeseries_id" ;
        int row_size(station) ;
            row_size:sample_dimension = "obs" ;
        double time(obs) ;
            time:units = "days since 2024-06-01" ;
            time:calendar = "standard" ;
        float water_level(obs) ;
            water_level:units = "mm" ;
            water_level:_FillValue = -999.f ;
        double area(station) ;
            area:units = "m2" ;
        string region(station) ;
        string water_supply(station) ;
        int season_start(station) ;
            season_start:units = "days since 2024-06-01" ;
            season_start:_FillValue = -1 ;
        int season_end(station) ;
            season_end:units = "days since 2024-06-01" ;
            season_end:_FillValue = -1 ;
        string organic_amendment(station) ;
        double organic_amendment_rate(station) ;
    // global attributes:
        :Conventions = "CF-1.8" ;
        :featureType = "timeSeries" ;
    data:
        plot = \(q(plots.map(\.id))) ;
        row_size = \(plots.map { String($0.readings.count) }.joined(separator: ", ")) ;
        time = \(obs.map { String($0.day) }.joined(separator: ", ")) ;
        water_level = \(obs.map { $0.mm.map(number) ?? "-999" }.joined(separator: ", ")) ;
        area = \(plots.map { number($0.areaM2) }.joined(separator: ", ")) ;
        region = \(q(plots.map(\.region))) ;
        water_supply = \(q(plots.map(\.supply))) ;
        season_start = \(plots.map { $0.season.map { String($0.0) } ?? "-1" }.joined(separator: ", ")) ;
        season_end = \(plots.map { $0.season.map { String($0.1) } ?? "-1" }.joined(separator: ", ")) ;
        organic_amendment = \(q(plots.map { $0.amendment?.0 ?? "none" })) ;
        organic_amendment_rate = \(plots.map { $0.amendment.map { number($0.1) } ?? "0" }.joined(separator: ", ")) ;
    }
    """
}

/// Writes `text` to a new file `name` and returns its path.
private func write(_ text: String, _ name: String, bytes: [UInt8]? = nil) throws -> String {
    let path = try fixtureTemporaryPath(name)
    try Data(bytes ?? Array(text.utf8)).write(to: URL(fileURLWithPath: path))
    return path
}

private func engine() throws -> InventoryEngine {
    InventoryEngine(configuration: RunConfiguration(
        parameters: try TestModels.parameters(), detection: try TestModels.detection(),
        drainageRule: try TestModels.rule(), gwp: try TestModels.gwp()))
}

/// Runs `source` (no Monte Carlo) and returns the folder of its reports.
private func reports(_ source: some PaddySource) throws -> URL {
    let dir = try makeFixtureDirectory()
    var options = RunOptions()
    options.draws = 0
    _ = try InventoryRunner(engine: try engine(), options: options).run(source, into: dir)
    return dir
}

private func report(_ dir: URL, _ name: String) throws -> String {
    try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
}

private func book(_ readings: String, _ plots: String, readingsName: String = "readings.csv", plotsName: String = "plots.csv") throws -> FieldBookSource {
    try FieldBookSource(readings: try write(readings, readingsName), plots: try write(plots, plotsName), resampler: try TestModels.resampler())
}

/// The message of the InputError `body` throws, checked to mention each of `mentions`.
private func expectInputError(_ mentions: [String], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("no error; expected one mentioning \(mentions)", sourceLocation: sourceLocation)
    } catch {
        for m in mentions { #expect("\(error)".contains(m), "\"\(error)\" does not mention \"\(m)\"", sourceLocation: sourceLocation) }
    }
}

@Suite("CSV field books")
struct FieldBookTests {
    @Test("A field book of 6 plots gives the same paddy-season rows as the equivalent NetCDF")
    func sameRowsAsNetCDF() throws {
        let (r, p) = fieldBook(sixPlots)
        let csv = try reports(try book(r, p))
        let nc = try reports(try PaddyFileReader(path: try ncgen(equivalentCDL(sixPlots)), resampler: try TestModels.resampler()))
        for name in ["paddy_seasons.csv", "drainage_events.csv", "rejected.csv", "region_summary.csv", "crt_3c.csv"] {
            #expect(try report(csv, name) == report(nc, name), "\(name) differs")
        }
        // The rows themselves, from the definitions: 6 plots, one season each.
        let rows = try report(csv, "paddy_seasons.csv").split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == 6)
        let header = try report(csv, "paddy_seasons.csv").split(separator: "\n")[0].split(separator: ",").map(String.init)
        func cell(_ id: String, _ column: String) -> String? { rows.first { $0[0] == id }.map { $0[header.firstIndex(of: column)!] } }
        // Regimes: CF never drained before the end-season drainage; AWD1 one run of 8 days; AWD2 two runs (6 and 7 days).
        #expect(cell("CF", "water_regime") == "continuously_flooded")
        #expect(cell("AWD1", "water_regime") == "single_drainage")
        #expect(cell("AWD2", "water_regime") == "multiple_drainage")
        #expect(cell("RF", "water_regime") == "rainfed_regular")
        // RF's given season: 2024-06-01 to 2024-09-28 inclusive = 30 + 31 + 31 + 28 = 120 days; 1000 m2 = 0.1 ha.
        #expect(cell("RF", "season_start") == "2024-06-01")
        #expect(cell("RF", "season_end") == "2024-09-28")
        #expect(cell("RF", "days") == "120")
        #expect(cell("RF", "area_ha").flatMap(Double.init) == 0.1)
        #expect(cell("RF", "organic_amendment_t_ha").flatMap(Double.init) == 2.5)
        // 400 m2 = 0.04 ha.
        #expect(cell("CF", "area_ha").flatMap(Double.init) == 0.04)
    }

    @Test("import writes CF-1.8 NetCDF that reads back to the same rows, with the free attributes")
    func importRoundTrip() throws {
        let (r, p) = fieldBook(sixPlots)
        let source = try book(r, p)
        let out = try fixtureTemporaryPath("archive.nc")
        #expect(try FieldBookArchive.write(source, to: out).isEmpty)
        let back = try PaddyFileReader(path: out, resampler: try TestModels.resampler())
        #expect(back.layout == .contiguousRagged)
        let a = try reports(source), b = try reports(back)
        for name in ["paddy_seasons.csv", "drainage_events.csv", "rejected.csv"] { #expect(try report(a, name) == report(b, name), "\(name) differs") }
        // The plot sheet's free column is kept as an attribute of each paddy.
        let first = try #require(source.read(start: 0, count: 1).first)
        guard case .paddy(let paddy) = first else { Issue.record("CF rejected"); return }
        #expect(paddy.attributes == ["treatment": "control"])
        // ... and in the archive, read back from its attribute variables.
        guard case .paddy(let archived) = try #require(back.read(start: 0, count: 1).first) else { Issue.record("CF rejected"); return }
        #expect(archived.attributes == ["treatment": "control"])
    }

    @Test("A spreadsheet export (BOM, CRLF, quoted cells, date-times) and a pandas to_csv (index column, NaN as empty) read as the plain file")
    func otherTools() throws {
        let (r, p) = fieldBook(sixPlots)
        let plain = try report(try reports(try book(r, p)), "paddy_seasons.csv")
        // Spreadsheet: BOM, CRLF, quoted header and cells, `Water level [mm]` with spaces and capitals.
        let sheetReadings = r.replacingOccurrences(of: "plot_id,date,water_level [mm]", with: "\"Plot ID\",\"Date\",\"Water level [mm]\"")
            .split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.hasPrefix("\"") || line.isEmpty ? String(line) : line.split(separator: ",", omittingEmptySubsequences: false).enumerated()
                    .map { $0.offset == 0 ? "\"\($0.element)\"" : String($0.element) }.joined(separator: ",")
            }.joined(separator: "\r\n")
        let sheetPlots = p.replacingOccurrences(of: "\n", with: "\r\n") + ",,,,,,,,\r\n"   // a trailing empty row
        let spreadsheet = try FieldBookSource(readings: try write("", "r.csv", bytes: [0xEF, 0xBB, 0xBF] + Array(sheetReadings.utf8)),
                                              plots: try write("", "p.csv", bytes: [0xEF, 0xBB, 0xBF] + Array(sheetPlots.utf8)),
                                              resampler: try TestModels.resampler())
        #expect(try report(try reports(spreadsheet), "paddy_seasons.csv") == plain)
        // pandas: df.to_csv() writes the index as an unnamed first column, NaN as empty cells and
        // datetime64 values as "2024-06-01 00:00:00"; levels as floats ("50.0").
        var pandas = ",plot_id,date,water_level_mm\n"
        var k = 0
        for plot in sixPlots {
            for o in plot.readings {
                pandas += "\(k),\(plot.id),\(date(o.day)) 00:00:00,\(o.mm.map { String(format: "%.1f", $0) } ?? "")\n"
                k += 1
            }
        }
        let fromPandas = try book(pandas, p)
        #expect(fromPandas.notes.contains { $0.contains("row index") })
        #expect(try report(try reports(fromPandas), "paddy_seasons.csv") == plain)
    }

    @Test("Levels with a unit column, in inches and feet; date-times within a day")
    func unitColumn() throws {
        // 2 in = 5.08 cm; −0.5 ft = −15.24 cm. Two readings on 2024-06-01 (06:00 and 18:00): both kept, in time order.
        let readings = "plot,datetime,level,unit\nA,2024-06-01 18:00,2,in\nA,2024-06-01T06:00,2,inch\nA,2024-06-02 06:00:00,-0.5,ft\n"
        let source = try book(readings, "plot,area_ha\nA,1\n")
        let block = try source.readBlock(0..<1)
        guard case .observed(let p) = try #require(block.records.first) else { Issue.record("rejected"); return }
        let day0 = Double(CFCalendar.standard.dayNumber(CalendarDate(year: 2024, month: 6, day: 1)))
        #expect(p.level.times == [day0 + 0.25, day0 + 0.75, day0 + 1.25])
        #expect(p.level.values.map { ($0 * 1e9).rounded() / 1e9 } == [5.08, 5.08, -15.24])
        #expect(p.areaHa == 1)
    }

    @Test("Plot sheet areas in acres and ares; free attributes; sand in percent; yield in kg/ha")
    func plotSheetUnits() throws {
        let readings = "plot_id,date,water_level_cm\nA,2024-06-01,5\nB,2024-06-01,5\n"
        let plots = "plot_id,area (acre),sand_fraction [%],grain_yield [kg/ha],Treatment,field_name\nA,1,40,5500,AWD,North\nB,2.5,,,CF,\n"
        let source = try book(readings, plots)
        let records = try source.readBlock(0..<2).records
        guard case .observed(let a) = records[0], case .observed(let b) = records[1] else { Issue.record("rejected"); return }
        // acre = 160 rod² with rod = 16.5 × 1200/3937 m (UDUNITS-2): 0.40468726 ha.
        #expect(abs(a.areaHa - 0.404_687_260_987_425) < 1e-12)
        #expect(abs(b.areaHa - 2.5 * 0.404_687_260_987_425) < 1e-12)
        #expect(a.sandFraction == 0.4)
        #expect(a.grainYieldTPerHa == 5.5)
        #expect(a.attributes == ["Treatment": "AWD", "field_name": "North"])
        #expect(b.attributes == ["Treatment": "CF"])
        #expect(b.sandFraction == nil)
    }
}

@Suite("Bad field books")
struct BadFieldBookTests {
    private let goodPlots = "plot_id,area_ha\nA,1\n"

    @Test("An unknown readings column stops with file, line, column and the nearest valid name")
    func unknownColumn() {
        expectInputError(["readings.csv", "line 1, column 3", "water_levl_cm", "nearest: \"water_level\""]) {
            _ = try book("plot_id,date,water_levl_cm\nA,2024-06-01,5\n", goodPlots)
        }
        expectInputError(["readings.csv", "line 1, column 4", "\"obsrver\"", "nearest"]) {
            _ = try book("plot_id,date,water_level_cm,obsrver\nA,2024-06-01,5,me\n", goodPlots)
        }
        // In a plot sheet a near-miss of a known name is refused; other names are free attributes.
        expectInputError(["plots.csv", "line 1, column 2", "\"aera_ha\"", "looks like \"area\""]) {
            _ = try book("plot_id,date,water_level_cm\nA,2024-06-01,5\n", "plot_id,aera_ha\nA,1\n")
        }
    }

    @Test("Bad units stop with file, line and column")
    func badUnits() {
        expectInputError(["readings.csv", "line 1, column 3", "\"kg\" is not a length unit"]) {
            _ = try book("plot_id,date,water_level [kg]\nA,2024-06-01,5\n", goodPlots)
        }
        expectInputError(["readings.csv", "line 1, column 3", "has no unit"]) { _ = try book("plot_id,date,water_level\nA,2024-06-01,5\n", goodPlots) }
        expectInputError(["plots.csv", "line 1, column 2", "\"cm\" is not an area unit"]) {
            _ = try book("plot_id,date,water_level_cm\nA,2024-06-01,5\n", "plot_id,area [cm]\nA,1\n")
        }
        expectInputError(["plots.csv", "no area column"]) { _ = try book("plot_id,date,water_level_cm\nA,2024-06-01,5\n", "plot_id,region\nA,X\n") }
    }

    @Test("Broken CSV: an unclosed quote, a short row, an empty plot id")
    func brokenCSV() {
        expectInputError(["readings.csv", "line 3", "not closed"]) { _ = try book("plot_id,date,water_level_cm\nA,2024-06-01,5\n\"A,2024-06-02,5\n", goodPlots) }
        expectInputError(["readings.csv", "line 3", "2 fields", "3 columns"]) { _ = try book("plot_id,date,water_level_cm\nA,2024-06-01,5\nA,2024-06-02\n", goodPlots) }
        expectInputError(["readings.csv", "line 2, column 1", "plot id is empty"]) { _ = try book("plot_id,date,water_level_cm\n,2024-06-01,5\n", goodPlots) }
    }

    @Test("Bad plots are rejected, one clear reason each, and the run goes on with the good plot")
    func corpus() throws {
        // GOOD: 130 daily readings like sixPlots' CF plot. Each other plot has one problem.
        var r = "plot_id,date,water_level_cm\n"
        for d in 0..<130 { r += "GOOD,\(date(d)),\(d <= 114 ? 5 : -5)\n" }
        r += "BADDATE,2024-06-01,5\nBADDATE,06/02/2024,5\n"          // line 133: not ISO 8601
        r += "NODAY,2024-06-31,5\n"                                     // line 134: no such date
        r += "BADLEVEL,2024-06-01,five\n"                               // line 135: not a number
        r += "DUP,2024-06-01,5\nDUP,2024-06-01,7\n"                     // lines 136, 137: two readings at one time
        r += "SAME,2024-06-01,5\nSAME,2024-06-01,5\n"                  // exact repeat: kept once
        r += "ORPHAN,2024-06-01,5\n"                                    // no row in the plot sheet
        r += "NEGAREA,2024-06-01,5\n"
        let plots = "plot_id,area_ha,water_supply\nGOOD,1,\nBADDATE,1,\nNODAY,1,\nBADLEVEL,1,\nDUP,1,\nSAME,1,\nNOREADINGS,1,\nNEGAREA,-0.5,\nBADSUPPLY,1,swamp\n"
        let source = try book(r, plots)
        #expect(source.paddyCount == 10)
        let records = try source.readBlock(0..<source.paddyCount).records
        func reason(_ id: String) -> String? {
            for rec in records { if case .rejected(let x) = rec, x.paddyID == id { return x.reason } }
            return nil
        }
        #expect(reason("GOOD") == nil)
        #expect(reason("SAME") == nil)
        #expect(source.notes.contains { $0.contains("1 repeated readings") })
        let expected: [(String, [String])] = [
            ("BADDATE", ["readings.csv: line 133, column 2 (\"date\")", "\"06/02/2024\" is not a date", "YYYY-MM-DD"]),
            ("NODAY", ["line 134, column 2", "does not exist"]),
            ("BADLEVEL", ["line 135, column 3 (\"water_level_cm\")", "\"five\" is not a number"]),
            ("DUP", ["lines 136 and 137", "two different readings", "2024-06-01"]),
            ("ORPHAN", ["has readings", "lines 140–140", "no row in the plot sheet", "plots.csv"]),
            ("NOREADINGS", ["plots.csv line 8", "has no readings"]),
            ("NEGAREA", ["plots.csv: line 9, column 2 (\"area_ha\")", "not positive"]),
            ("BADSUPPLY", ["plots.csv: line 10, column 3", "\"swamp\""]),
        ]
        for (id, mentions) in expected {
            let text = reason(id) ?? "(not rejected)"
            for m in mentions { #expect(text.contains(m), "\(id): \"\(text)\" does not mention \"\(m)\"") }
        }
        // The run: nothing lost (each bad plot in rejected.csv), no crash, the good plot computed.
        let dir = try reports(source)
        let rejected = try report(dir, "rejected.csv")
        for (id, _) in expected { #expect(rejected.contains(",\(id),"), "\(id) is not in rejected.csv") }
        let rows = try report(dir, "paddy_seasons.csv").split(separator: "\n").dropFirst()
        // SAME has a single reading (its repeat kept once): no season can be read, so the run rejects it too.
        #expect(rows.map { String($0.split(separator: ",")[0]) } == ["GOOD"])
        #expect(rejected.contains(",SAME,"))
    }
}

/// The README's field-book commands on the templates in data/, through the built executable.
@Suite("Field books through scenario-runner", .serialized,
       .enabled(if: cliToolsBuilt, "scenario-runner is not built next to the test bundle (run `swift build --build-tests` first)"))
struct FieldBookCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let readings = root.appendingPathComponent("data/field-book-readings.csv").path
    static let plots = root.appendingPathComponent("data/field-book-plots.csv").path

    @Test("describe, run and import on data/field-book-*.csv; run on the archive gives the same rows")
    func templates() throws {
        let describe = try scenarioRunner("describe", ["--input", Self.readings, "--plots", Self.plots])
        #expect(describe.status == 0, "\(describe.stderr)")
        #expect(describe.stdout.contains("paddies: 6"))
        #expect(describe.stdout.contains("treatment: free attribute"))
        let dir = try makeFixtureDirectory()
        let csvOut = dir.appendingPathComponent("csv"), ncOut = dir.appendingPathComponent("nc"), archive = dir.appendingPathComponent("book.nc")
        let run = try scenarioRunner("run", ["--input", Self.readings, "--plots", Self.plots, "--out", csvOut.path, "--draws", "0", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let manifest = try String(contentsOf: csvOut.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"plot_sheet\""))
        let imported = try runTool("scenario-runner", ["import", "--input", Self.readings, "--plots", Self.plots, "--out", archive.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let again = try scenarioRunner("run", ["--input", archive.path, "--out", ncOut.path, "--draws", "0", "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
        let a = try String(contentsOf: csvOut.appendingPathComponent("paddy_seasons.csv"), encoding: .utf8)
        #expect(a == (try String(contentsOf: ncOut.appendingPathComponent("paddy_seasons.csv"), encoding: .utf8)))
        // The plot sheet's seasons: 2024-06-01 to 2024-09-28 = 120 days; 400 m2 = 0.04 ha.
        #expect(a.contains("T1-CF,Takeo,2024-06-01,2024-09-28,120,0.040000,irrigated,continuously_flooded"))
        // A CSV input without its plot sheet is refused with the fix.
        let alone = try scenarioRunner("run", ["--input", Self.readings, "--out", dir.appendingPathComponent("x").path])
        #expect(alone.status == 1)
        #expect(alone.stderr.contains("--plots"))
    }
}
