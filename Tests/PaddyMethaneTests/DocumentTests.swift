import Foundation
import Testing
@testable import PaddyMethaneIO

/// The workbook (`--xlsx`) and the HTML report (`--html`) of `run` and `scenarios` on the example:
/// the workbook read back from its XML equals the CSV reports cell for cell, numbers stored as
/// numbers; the page has every section, is well formed, fetches nothing and renders in Chromium.
@Suite("Workbook and HTML report", .serialized,
       .enabled(if: cliToolsBuilt, "scenario-runner is not built next to the test bundle (run `swift build --build-tests` first)"))
struct DocumentTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let example = root.appendingPathComponent("data/example-paddies.nc").path
    static let scenarioFile = root.appendingPathComponent("data/scenarios-example.yaml").path

    /// One `run` of the example with both documents, made once for the suite.
    static let runOutput: Result<URL, FixtureError> = Result {
        let out = try makeFixtureDirectory().appendingPathComponent("run")
        let r = try scenarioRunner("run", ["--input", example, "--out", out.path, "--draws", "200", "--quiet",
                                           "--xlsx", out.appendingPathComponent("report.xlsx").path,
                                           "--html", out.appendingPathComponent("report.html").path,
                                           "--plot-paddies", "KH-000002,KH-000300"], timeout: 300)
        // The example has rejected seasons (listed in rejected.csv): exit 2.
        guard r.status == 2 else { throw FixtureError(description: "run: \(r.summary)") }
        return out
    }.mapError { $0 as? FixtureError ?? FixtureError(description: "\($0)") }

    static let scenarioOutput: Result<URL, FixtureError> = Result {
        let out = try makeFixtureDirectory().appendingPathComponent("scenarios")
        let r = try scenarioRunner("scenarios", ["--input", example, "--scenarios", scenarioFile, "--out", out.path, "--draws", "100", "--quiet",
                                                 "--xlsx", out.appendingPathComponent("report.xlsx").path,
                                                 "--html", out.appendingPathComponent("report.html").path], timeout: 600)
        guard r.status == 2 else { throw FixtureError(description: "scenarios: \(r.summary)") }
        return out
    }.mapError { $0 as? FixtureError ?? FixtureError(description: "\($0)") }

    /// The CSV's rows, the header first.
    func csv(_ dir: URL, _ name: String) throws -> [[String]] {
        CSVReader.rows(try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8))
    }

    /// Every report sheet equals its CSV: the header with units, then each cell, numbers stored as
    /// numbers equal to the CSV's decimal text, text as the same text, empty where the CSV is.
    func expectSheetsEqualCSVs(_ out: URL, _ book: XLSXWorkbook, reports: [String]) throws {
        #expect(book.sheets.map(\.name) == reports.map { String($0.dropLast(4)) } + ["data_dictionary", "manifest"])
        for report in reports {
            let sheet = try #require(book.sheet(String(report.dropLast(4))))
            let rows = try csv(out, report)
            #expect(sheet.frozenHeader, "\(report)")
            #expect(sheet.rows.count == rows.count, "\(report): \(sheet.rows.count) rows vs \(rows.count)")
            let header = rows[0]
            // Headers: the column name, then its unit in brackets when it has one.
            for (cell, name) in zip(sheet.rows[0], header) {
                guard case .text(let h) = cell else { Issue.record("\(report): header \(cell)"); continue }
                #expect(h == name || h.hasPrefix(name + " ["), "\(report): \(h) for \(name)")
            }
            for (sheetRow, csvRow) in zip(sheet.rows.dropFirst(), rows.dropFirst()) {
                for (i, value) in csvRow.enumerated() {
                    let cell = i < sheetRow.count ? sheetRow[i] : .empty
                    switch cell {
                    case .empty: #expect(value.isEmpty, "\(report) \(header[i]): empty vs \(value)")
                    case .number(let v): #expect(Double(value) == v, "\(report) \(header[i]): \(v) vs \(value)")
                    case .text(let t): #expect(t == value, "\(report) \(header[i])")
                    case .boolean: Issue.record("\(report) \(header[i]): a boolean")
                    }
                }
            }
        }
    }

    @Test("run: one sheet per report, equal to the CSVs; numbers as numbers, units in the headers")
    func runWorkbook() throws {
        let out = try Self.runOutput.get()
        let book = try XLSXWorkbook(path: out.appendingPathComponent("report.xlsx").path)
        let reports = ["region_summary.csv", "crt_3c.csv", "region_seasons.csv", "uncertainty.csv", "approach1_3c.csv",
                       "paddy_seasons.csv", "drainage_events.csv", "rejected.csv"]
        try expectSheetsEqualCSVs(out, book, reports: reports)
        let regions = try #require(book.sheet("region_summary"))
        #expect(regions.rows[0] == ["region", "paddy_seasons [count]", "area_ha [ha]", "ch4_t [t CH4]", "co2e_t [t CO2e]", "ch4_kg_per_ha [kg CH4 ha-1]"].map { .text($0) })
        // The TOTAL row: CO2e = CH4 × GWP (AR5 28), to the rounding of ch4_t to 10⁻⁶ t (× 28:
        // 1.4e-5) and of co2e_t (5e-7); CH4 per ha = 1000 × ch4_t / area_ha, to 10⁻³.
        let total = try #require(regions.rows.last)
        guard case .number(let ch4T) = total[3], case .number(let co2eT) = total[4], case .number(let area) = total[2], case .number(let perHa) = total[5] else {
            Issue.record("TOTAL row not numbers: \(total)"); return
        }
        #expect(abs(co2eT - 28 * ch4T) <= 1.5e-5 && abs(perHa - 1000 * ch4T / area) <= 1e-3, "\(total)")
        // Identifiers stay text even when they look like numbers; counts and areas are numbers.
        let seasons = try #require(book.sheet("paddy_seasons"))
        let first = seasons.rows[1]
        guard case .text = first[0], case .number = first[4], case .number = first[5] else { Issue.record("\(first)"); return }
    }

    @Test("run: the data dictionary documents every column; the manifest keeps numbers and booleans")
    func runDictionaryAndManifest() throws {
        let out = try Self.runOutput.get()
        let book = try XLSXWorkbook(path: out.appendingPathComponent("report.xlsx").path)
        let dictionary = try #require(book.sheet("data_dictionary"))
        let reports = ["region_summary.csv", "crt_3c.csv", "region_seasons.csv", "uncertainty.csv", "approach1_3c.csv",
                       "paddy_seasons.csv", "drainage_events.csv", "rejected.csv"]
        let expected = try reports.flatMap { r in try csv(out, r)[0].map { [XLSXWorkbook.Cell.text(r), .text($0)] } }
        #expect(dictionary.rows.dropFirst().map { Array($0.prefix(2)) } == expected)
        for row in dictionary.rows.dropFirst() {
            #expect(row.count == 4 && row[3] != .text("not documented: see README.md"), "\(row)")
        }
        #expect(dictionary.rows.contains { $0.prefix(3) == [.text("paddy_seasons.csv"), .text("ch4_kg"), .text("kg CH4")] })
        let manifest = try #require(book.sheet("manifest"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any])
        func value(_ key: String) -> XLSXWorkbook.Cell? { manifest.rows.first { $0.first == .text(key) }.map { $0[1] } }
        // libxlsxwriter stores a number with 16 significant digits (%.16G): equal to 1e-15.
        let totalCO2e = try #require(json["total_co2e_t"] as? Double)
        guard case .number(let stored) = value("total_co2e_t") else { Issue.record("total_co2e_t is not a number"); return }
        #expect(abs(stored - totalCO2e) <= 1e-15 * abs(totalCO2e), "\(stored) vs \(totalCO2e)")
        #expect(value("paddies_read") == .number(300))
        #expect(value("strict") == .boolean(false))
        #expect(value("method.gwp.value") == .number(28))
        #expect(value("monte_carlo.draws") == .number(200))
        #expect(value("command") == .text("run"))
    }

    @Test("scenarios: the scenario reports and crediting are sheets equal to their CSVs")
    func scenarioWorkbook() throws {
        let out = try Self.scenarioOutput.get()
        let book = try XLSXWorkbook(path: out.appendingPathComponent("report.xlsx").path)
        let reports = ["region_summary.csv", "crt_3c.csv", "region_seasons.csv", "uncertainty.csv", "approach1_3c.csv",
                       "scenario_summary.csv", "scenario_regions.csv", "scenario_region_seasons.csv", "crediting.csv",
                       "paddy_seasons.csv", "drainage_events.csv", "rejected.csv", "scenario_paddy_seasons.csv", "monitoring_fields.csv"]
        try expectSheetsEqualCSVs(out, book, reports: reports)
        let dictionary = try #require(book.sheet("data_dictionary"))
        for row in dictionary.rows.dropFirst() { #expect(row.count == 4 && row[3] != .text("not documented: see README.md"), "\(row)") }
    }

    // MARK: HTML

    /// Every element closed in order (void elements excepted), attribute values quoted: the page
    /// parses the same in any browser. Returns the problems found.
    static func wellFormedProblems(_ html: String) -> [String] {
        let void: Set<String> = ["meta", "br", "hr", "img", "input", "link", "wbr"]
        var stack: [String] = [], problems: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { problems.append("unclosed <"); break }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") { continue }
            let name = String(tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber })
            if tag.hasPrefix("/") {
                if stack.last == name { stack.removeLast() } else { problems.append("</\(name)> closes <\(stack.last ?? "nothing")>") }
            } else if !void.contains(name) {
                stack.append(name)
            }
        }
        return problems + stack.map { "<\($0)> not closed" }
    }

    static func count(_ s: String, in html: String) -> Int { html.components(separatedBy: s).count - 1 }

    /// Nothing that loads from elsewhere: no scripts, no links, no URLs of any scheme.
    static func externalReferences(_ html: String) -> [String] {
        ["<script", "<link", "<iframe", "<img", "src=", "href=", "url(", "@import", "://"].filter { html.contains($0) }
    }

    @Test("run: every section, well formed, self-contained; the charts show the report's numbers")
    func runPage() throws {
        let out = try Self.runOutput.get()
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        for id in ["summary", "crt", "regions", "map", "evidence", "paddies", "tables"] { #expect(html.contains("<section id=\"\(id)\">"), "\(id)") }
        #expect(!html.contains("<section id=\"scenarios\">") && !html.contains("<section id=\"crediting\">"))
        #expect(Self.wellFormedProblems(html).isEmpty, "\(Self.wellFormedProblems(html).prefix(5))")
        #expect(Self.externalReferences(html).isEmpty, "\(Self.externalReferences(html))")
        // The CRT table: one row per crt_3c.csv row.
        let crt = try csv(out, "crt_3c.csv")
        let crtSection = try #require(html.components(separatedBy: "<section id=\"crt\">").last?.components(separatedBy: "</section>").first)
        #expect(Self.count("<tr>", in: crtSection) == crt.count)
        // One bar per region with a 95 % whisker (three lines each: the bar and its two caps).
        let regions = try csv(out, "region_summary.csv").dropFirst().filter { $0[0] != "TOTAL" }
        let regionSection = try #require(html.components(separatedBy: "<section id=\"regions\">").last?.components(separatedBy: "</section>").first)
        #expect(Self.count("class=\"bar\"", in: regionSection) == regions.count)
        #expect(Self.count("class=\"errorbar\"", in: regionSection) == 3 * regions.count)
        // The map: a dot per paddy with results (all of the example's paddies have lat/lon).
        let paddies = Set(try csv(out, "paddy_seasons.csv").dropFirst().map { $0[0] })
        #expect(Self.count("<circle", in: html) == paddies.count)
        // The two paddies asked for are plotted, with their seasons shaded.
        #expect(html.contains("Paddy KH-000002: water level") && html.contains("Paddy KH-000300: water level"))
        #expect(!html.contains("Paddy KH-000001: water level"))
        #expect(html.contains("class=\"band season\""))
        // The summary names the total and its interval.
        #expect(html.contains("95 % interval") && html.contains("What was rejected (rejected.csv)"))
        #expect(html.contains("axis-title") && html.contains("CO2e [t]") && html.contains("water level [cm]") && html.contains("kg CH4 ha-1"))
    }

    @Test("scenarios: savings by scenario and region with intervals, crediting periods")
    func scenarioPage() throws {
        let out = try Self.scenarioOutput.get()
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        for id in ["summary", "crt", "regions", "map", "scenarios", "crediting", "evidence", "paddies", "tables"] {
            #expect(html.contains("<section id=\"\(id)\">"), "\(id)")
        }
        #expect(Self.wellFormedProblems(html).isEmpty, "\(Self.wellFormedProblems(html).prefix(5))")
        #expect(Self.externalReferences(html).isEmpty)
        let scenarios = try #require(html.components(separatedBy: "<section id=\"scenarios\">").last?.components(separatedBy: "</section>").first)
        // One bar per scenario (the baseline is the reference) and one per scenario and region.
        let scenarioRows = try csv(out, "scenario_summary.csv").dropFirst().filter { $0[0] != "baseline" }
        let regionRows = try csv(out, "scenario_regions.csv").dropFirst().filter { $0[0] != "baseline" }
        #expect(Self.count("<rect", in: scenarios) == scenarioRows.count + regionRows.count)
        #expect(Self.count("class=\"errorbar\"", in: scenarios) > 0)
        let crediting = try csv(out, "crediting.csv")
        let creditingSection = try #require(html.components(separatedBy: "<section id=\"crediting\">").last?.components(separatedBy: "</section>").first)
        #expect(Self.count("<tr>", in: creditingSection) == crediting.count)
    }

    @Test("process model: the daily flux is plotted; a file without lat/lon says there is no map")
    func processPage() throws {
        let input = try ncgen(cleanInputCDL(), name: "clean")
        let out = try makeFixtureDirectory().appendingPathComponent("out")
        let page = out.appendingPathComponent("report.html")
        let r = try scenarioRunner("run", ["--input", input, "--out", out.path, "--method", "process", "--quiet", "--html", page.path])
        #expect(r.status == 0, "\(r.summary)")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("the input gives no lat and lon"))
        #expect(Self.count("daily CH4 flux (process model)</text>", in: html) == 3, "the first three paddies")
        #expect(html.contains("CH4 flux [g m-2 d-1]"))
        // The process model draws its parameters by default (defaults.monte_carlo_draws of models/ch4mod.yaml).
        #expect(html.contains("draws of the CH4MOD parameters over their ranges, every paddy-season simulated under each, seed 1"))
        #expect(Self.wellFormedProblems(html).isEmpty)
    }

    @Test("the page renders in headless Chromium to a PNG", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), "chromium is not installed"))
    func renders() throws {
        let out = try Self.runOutput.get()
        let png = out.appendingPathComponent("report.png")
        let script = Process()
        script.executableURL = Self.root.appendingPathComponent("scripts/render-html.sh")
        script.arguments = [out.appendingPathComponent("report.html").path, png.path, "1100", "2000"]
        script.standardOutput = FileHandle.nullDevice
        try script.run()
        script.waitUntilExit()
        #expect(script.terminationStatus == 0)
        let data = try Data(contentsOf: png)
        // A PNG file: its 8-byte signature, and more than a blank page's few hundred bytes.
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) && data.count > 20_000, "\(data.count) bytes")
    }

    @Test("--xlsx (merge writes it) and --html are refused with --shard; --plot-paddies needs --html")
    func refusedCombinations() throws {
        let out = try makeFixtureDirectory().appendingPathComponent("out")
        let a = try scenarioRunner("run", ["--input", Self.example, "--out", out.path, "--shard", "1/2", "--xlsx", "x.xlsx"])
        #expect(a.status == 64 && a.stderr.contains("--xlsx cannot be combined with --shard: give it to merge (merge --xlsx FILE"), "\(a.summary)")
        let h = try scenarioRunner("run", ["--input", Self.example, "--out", out.path, "--shard", "1/2", "--html", "x.html"])
        #expect(h.status == 64 && h.stderr.contains("--html cannot be combined with --shard"), "\(h.summary)")
        let b = try scenarioRunner("run", ["--input", Self.example, "--out", out.path, "--plot-paddies", "KH-000001"])
        #expect(b.status == 64 && b.stderr.contains("--plot-paddies needs --html"), "\(b.summary)")
    }

    @Test("A paddy named by --plot-paddies that the run never read stops it, naming the nearest id read; nothing is written")
    func misspeltPlotPaddy() throws {
        let out = try makeFixtureDirectory().appendingPathComponent("out")
        let html = out.deletingLastPathComponent().appendingPathComponent("report.html")
        // "KH-00O300" has a letter O for the third zero: one substitution from KH-000300, two or
        // more from every other id of the file (KH-000001 … KH-000300).
        let r = try scenarioRunner("run", ["--input", Self.example, "--out", out.path, "--html", html.path,
                                           "--plot-paddies", "KH-000002,KH-00O300"])
        #expect(r.status == 1, "\(r.summary)")
        #expect(r.stderr.contains("--plot-paddies: no paddy \"KH-00O300\" (nearest id read: \"KH-000300\") was read"), "\(r.summary)")
        #expect(!FileManager.default.fileExists(atPath: html.path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("paddy_seasons.csv").path))
    }
}
