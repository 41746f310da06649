import Foundation
import Testing
import PaddyMethaneIO

/// Columns that do not apply to a row are empty, never a number that was not used: the IPCC
/// factors of a process-model row, the intervals of a scenario that has none.
@Suite("Report columns that do not apply are empty", .serialized,
       .enabled(if: cliToolsBuilt, "scenario-runner is not built next to the test bundle (run `swift build --build-tests` first)"))
struct ReportColumnsTests {
    /// The rows of a CSV report without quoted fields, keyed by header.
    func table(_ url: URL) throws -> [[String: String]] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test("Process-model rows leave the IPCC factor columns empty and fill the emission")
    func processModelRows() throws {
        let input = try ncgen(cleanInputCDL(), name: "clean")
        let out = try makeFixtureDirectory().appendingPathComponent("out")
        let r = try scenarioRunner("run", ["--input", input, "--out", out.path, "--method", "process", "--quiet"])
        #expect(r.status == 0, "\(r.summary)")
        let rows = try table(out.appendingPathComponent("paddy_seasons.csv"))
        #expect(rows.count == 3)
        for row in rows {
            for column in ["sf_w", "sf_p", "sf_o", "sf_sr", "ef_c_kg_ha_day", "ef_c_entry"] {
                #expect(row[column] == "", "\(column) = \(row[column] ?? "absent")")
            }
            #expect(Double(row["ch4_kg"] ?? "").map { $0 > 0 } == true, "\(row)")
            #expect(Double(row["ef_kg_ha_day"] ?? "").map { $0 > 0 } == true, "\(row)")
        }
        // The same file under Tier 1 fills them: 1.19 × 1 × 1 × 1 (continuously flooded, no amendment).
        let tier1 = try makeFixtureDirectory().appendingPathComponent("out")
        _ = try scenarioRunner("run", ["--input", input, "--out", tier1.path, "--quiet"])
        let ipccRows = try table(tier1.appendingPathComponent("paddy_seasons.csv"))
        #expect(ipccRows.first?["sf_w"] == "1.000000" && ipccRows.first?["ef_c_entry"] == "global", "\(ipccRows)")
    }

    @Test("A process-model scenario has no interval: its interval and Approach 1 cells are empty")
    func processScenarioHasNoInterval() throws {
        let dir = try makeFixtureDirectory()
        let input = try ncgen(cleanInputCDL(), name: "clean")
        let scenarios = dir.appendingPathComponent("s.yaml")
        try """
        baseline: {method: ipcc, parameters: ipcc-2019}
        monte_carlo: {draws: 200, seed: 5}
        scenarios:
          - name: awd-tier1
            water: {practice: safe_awd}
          - name: awd-process
            method: process
            water: {practice: safe_awd}
        """.write(to: scenarios, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let r = try scenarioRunner("scenarios", ["--input", input, "--scenarios", scenarios.path, "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.summary)")
        let rows = try table(out.appendingPathComponent("scenario_summary.csv"))
        let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0["scenario"] ?? "", $0) })
        let process = try #require(byName["awd-process"])
        for column in ["co2e_t_low95", "co2e_t_high95", "co2e_t_change_low95", "co2e_t_change_high95", "approach1_u95_pct"] {
            #expect(process[column] == "", "\(column) = \(process[column] ?? "absent")")
        }
        let tier1 = try #require(byName["awd-tier1"])
        #expect(Double(tier1["approach1_u95_pct"] ?? "").map { $0 > 0 } == true, "\(tier1)")
        #expect(Double(tier1["co2e_t_low95"] ?? "")! < Double(tier1["co2e_t"] ?? "")!, "\(tier1)")
    }
}

