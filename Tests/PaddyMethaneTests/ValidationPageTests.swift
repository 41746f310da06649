import Foundation
import Testing
@testable import PaddyMethane
@testable import PaddyMethaneIO

/// `validate --html`: measured-vs-modelled scatters of the totals and of the reduction ratios
/// with the 1:1 line, on one self-contained page.
@Suite struct ValidationPageTests {
    /// Two experiments: E1 continuous flooding measured 300, modelled 250 kg ha⁻¹; AWD measured 150
    /// (ratio 0.5), modelled 100 (ratio 0.4); E2 mid-season drainage with only a measured ratio 0.7,
    /// modelled 0.6.
    static let report = ValidationReport(rows: [
        ValidationRow(experiment: "E1", treatment: "cf", practice: .continuousFlooding, drainages: 0,
                      measuredKgPerHa: 300, modelledKgPerHa: 250, measuredRatio: nil, modelledRatio: nil),
        ValidationRow(experiment: "E1", treatment: "awd", practice: .multipleDrainage, drainages: 4,
                      measuredKgPerHa: 150, modelledKgPerHa: 100, measuredRatio: 0.5, modelledRatio: 0.4),
        ValidationRow(experiment: "E2", treatment: "msd", practice: .midSeasonDrainage, drainages: 1,
                      measuredKgPerHa: nil, modelledKgPerHa: 180, measuredRatio: 0.7, modelledRatio: 0.6),
    ])

    static func section(_ id: String, _ html: String) throws -> String {
        try #require(html.components(separatedBy: "<section id=\"\(id)\">").last?.components(separatedBy: "</section>").first)
    }

    @Test func thePointsSitAtTheirMeasuredAndModelledValues() throws {
        let summary = ValidationTables.summaryRows(Self.report, parameterSet: "p.yaml")
        let html = ValidationPage.html(Self.report, summary: summary, source: "set s.yaml")
        #expect(DocumentTests.wellFormedProblems(html).isEmpty, "\(DocumentTests.wellFormedProblems(html).prefix(5))")
        #expect(DocumentTests.externalReferences(html).isEmpty)
        let totals = try Self.section("totals", html), ratios = try Self.section("ratios", html)
        // Totals: the two treatments with a measured total; E2 msd has none.
        #expect(DocumentTests.count("<circle", in: totals) == 2)
        // Axes 0–300 (ticks of 100 cover 0…300), plot 420 − 64 − 24 = 332 px from x = 64 and y = 34:
        // measured 300 → x = 64 + 332 = 396; modelled 250 → y = 34 + 332 × (1 − 250/300) = 89.3.
        #expect(totals.contains("cx=\"396.0\" cy=\"89.3\""))
        // measured 150 → x = 64 + 166 = 230; modelled 100 → y = 34 + 332 × (2/3) = 255.3.
        #expect(totals.contains("cx=\"230.0\" cy=\"255.3\""))
        // The 1:1 line from (0, 0) to (300, 300): pixels (64, 366) to (396, 34).
        #expect(totals.contains("x1=\"64.0\" y1=\"366.0\" x2=\"396.0\" y2=\"34.0\" class=\"one-to-one\""))
        // Ratios: AWD and mid-season drainage, axes 0–1 (ticks of 0.2 for 0…0.7).
        #expect(DocumentTests.count("<circle", in: ratios) == 2)
        #expect(ratios.contains("E1 awd: measured 0.500, modelled 0.400") && ratios.contains("E2 msd: measured 0.700, modelled 0.600"))
        // Ticks 0, 0.2, …, 0.8: measured 0.5 → x = 64 + 332 × 0.5/0.8 = 271.5; modelled 0.4 → y = 366 − 166 = 200.
        #expect(ratios.contains("cx=\"271.5\" cy=\"200.0\""))
        // A practice has one colour in both charts (the AWD treatment's points).
        #expect(totals.contains("cx=\"230.0\" cy=\"255.3\" r=\"4\" fill=\"#2e8b57\"") && ratios.contains("cx=\"271.5\" cy=\"200.0\" r=\"4\" fill=\"#2e8b57\""))
        // The summary table: one row per metric with bias and RMSE; totals bias ((250 − 300) + (100 − 150))/2 = −50
        // (three significant digits: −50.0).
        let table = try Self.section("summary", html)
        #expect(DocumentTests.count("<tr>", in: table) == 1 + summary.count)
        #expect(table.contains("<td class=\"num\">-50.0</td>"))
    }
}

@Suite("validate --html", .serialized, .enabled(if: cliToolsBuilt, "scenario-runner is not built next to the test bundle"))
struct ValidationPageCLITests {
    @Test func theValidationSetPagePlotsEveryMeasuredTreatment() throws {
        let dir = try makeFixtureDirectory()
        let page = dir.appendingPathComponent("validation.html")
        let r = try scenarioRunner("validate", ["--out", dir.path, "--html", page.path])
        #expect(r.status == 0, "\(r.summary)")
        let html = try String(contentsOf: page, encoding: .utf8)
        let rows = try String(contentsOf: dir.appendingPathComponent("validation.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        // Columns 4 measured_ch4_kg_ha and 8 measured_ratio / 9 modelled_ratio (validation.csv).
        let totals = rows.filter { !$0[4].isEmpty }.count
        let ratios = rows.filter { !$0[8].isEmpty && !$0[9].isEmpty }.count
        #expect(totals > 0 && ratios > 0)
        #expect(DocumentTests.count("<circle", in: try ValidationPageTests.section("totals", html)) == totals)
        #expect(DocumentTests.count("<circle", in: try ValidationPageTests.section("ratios", html)) == ratios)
        #expect(DocumentTests.wellFormedProblems(html).isEmpty && DocumentTests.externalReferences(html).isEmpty)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") else { return }
        let png = dir.appendingPathComponent("validation.png")
        let script = Process()
        script.executableURL = DocumentTests.root.appendingPathComponent("scripts/render-html.sh")
        script.arguments = [page.path, png.path, "1000", "1400"]
        script.standardOutput = FileHandle.nullDevice
        try script.run()
        script.waitUntilExit()
        #expect(script.terminationStatus == 0)
        let data = try Data(contentsOf: png)
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) && data.count > 10_000, "\(data.count) bytes")
    }
}
