import Foundation
import Testing
import PaddyMethane
import PaddyMethaneIO

/// `scenarios` end to end on data/example-paddies.nc through the built executable: the summary,
/// regions and crediting tables against the per-season rows and the published definitions, the
/// manifest, and `--shard K/N` plus `merge` giving exactly one run's reports.
@Suite("scenarios through scenario-runner", .serialized,
       .enabled(if: cliToolsBuilt, "scenario-runner is not built next to the test bundle (run `swift build --build-tests` first)"))
struct ScenarioCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let example = root.appendingPathComponent("data/example-paddies.nc").path
    static let scenarioFile = root.appendingPathComponent("data/scenarios-example.yaml").path
    static let history = root.appendingPathComponent("data/example-history.nc").path

    func close(_ a: Double, _ b: Double, abs tolerance: Double) -> Bool { Swift.abs(a - b) <= tolerance }

    func scenarios(_ out: URL, _ extra: [String] = []) throws -> ToolResult {
        try scenarioRunner("scenarios", ["--input", Self.example, "--scenarios", Self.scenarioFile, "--history", Self.history, "--out", out.path, "--quiet"] + extra, timeout: 300)
    }

    @Test("summary, regions and crediting agree with the per-season rows; the manifest is typed")
    func endToEnd() throws {
        let out = try makeFixtureDirectory().appendingPathComponent("scenarios")
        let r = try scenarios(out, ["--draws", "300"])
        // The example has 24 rejected seasons (listed in rejected.csv): exit 2.
        #expect(r.status == 2 && !r.signalled, "\(r.summary)")
        let summary = try table(out, "scenario_summary.csv")
        let names = ["baseline", "awd-adoption", "mid-season-drainage", "longer-drainage", "compost-straw", "continuous-flooding", "awd-process-model"]
        #expect(summary.rows.map { $0["scenario"]! } == names)
        let regionTotal = try #require(try table(out, "region_summary.csv").rows.first { $0["region"] == "TOTAL" })
        let seasons = try table(out, "scenario_paddy_seasons.csv").rows
        for row in summary.rows {
            let name = row["scenario"]!
            let co2e = Double(row["co2e_t"]!)!, change = Double(row["co2e_t_change"]!)!
            if name == "baseline" {
                // The baseline is the inventory of `run`: same seasons and CO2e; no change, all adopted.
                #expect(row["co2e_t"] == regionTotal["co2e_t"] && row["paddy_seasons"] == regionTotal["paddy_seasons"])
                #expect(change == 0 && row["adopted_area_ha"] == row["area_ha"])
                continue
            }
            let own = seasons.filter { $0["scenario"] == name }
            #expect(own.count == Int(row["paddy_seasons"]!), "\(name)")
            // Expected CO2e = Σ co2e_t_expected; its change from the observed practice computed with the
            // scenario's method = Σ (ch4_kg_expected − ch4_kg_baseline) × GWP 28 / 1000 (AR5).
            let expected = own.reduce(0) { $0 + Double($1["co2e_t_expected"]!)! }
            let changeFromRows = own.reduce(0) { $0 + (Double($1["ch4_kg_expected"]!)! - Double($1["ch4_kg_baseline"]!)!) } * 28 / 1000
            #expect(close(co2e, expected, abs: 1e-6 * Double(own.count) + 1e-6), "\(name): \(co2e) vs \(expected)")
            #expect(close(change, changeFromRows, abs: 1e-6 * Double(own.count) + 1e-6), "\(name): \(change) vs \(changeFromRows)")
            // Adopted area = Σ adoption fraction × area.
            let adopted = own.reduce(0) { $0 + Double($1["adoption_fraction"]!)! * Double($1["area_ha"]!)! }
            #expect(close(Double(row["adopted_area_ha"]!)!, adopted, abs: 1e-4 * Double(own.count)), "\(name)")
            // change_pct = 100 × change / (co2e − change).
            #expect(close(Double(row["change_pct"]!)!, 100 * change / (co2e - change), abs: 2e-3), "\(name)")
            if name == "awd-process-model" {
                #expect(row["interval_method"]!.hasPrefix("none:") && row["co2e_t_low95"] == "", "\(row)")
            } else {
                #expect(row["interval_method"] == "approach2-monte-carlo 300 draws, seed 20251125", "\(row)")
                #expect(Double(row["co2e_t_low95"]!)! < co2e && co2e < Double(row["co2e_t_high95"]!)!, "\(name): \(row)")
            }
        }
        // Every season row: expected = f × adopted + (1 − f) × observed.
        for s in seasons {
            let f = Double(s["adoption_fraction"]!)!
            #expect(close(Double(s["ch4_kg_expected"]!)!, f * Double(s["ch4_kg_adopted"]!)! + (1 - f) * Double(s["ch4_kg_baseline"]!)!, abs: 2e-6))
        }
        // Regions: per scenario the regions add up to the summary.
        let regions = try table(out, "scenario_regions.csv").rows
        for row in summary.rows {
            let own = regions.filter { $0["scenario"] == row["scenario"] }
            #expect(own.reduce(0) { $0 + Int($1["paddy_seasons"]!)! } == Int(row["paddy_seasons"]!))
            #expect(close(own.reduce(0) { $0 + Double($1["co2e_t"]!)! }, Double(row["co2e_t"]!)!, abs: 1e-6 * Double(own.count)))
            #expect(close(own.reduce(0) { $0 + Double($1["co2e_t_change"]!)! }, Double(row["co2e_t_change"]!)!, abs: 1e-6 * Double(own.count)))
        }
        try checkCrediting(out, seasons: seasons.filter { $0["scenario"] == "continuous-flooding" })
        try checkManifest(out, names: names, total: regionTotal)
    }

    /// The monitoring report under VM0051 v1.1 (look-back baselines from data/example-history.nc):
    /// per period, the field rows add up to the period's baseline, project, N2O and counts; the
    /// credited amount follows from the deductions: uncertainty 0.15 × max(0, reductions), the
    /// N2O deduction, the ceiling 60 000 × 6/12 t CO2e.
    func checkCrediting(_ out: URL, seasons: [[String: String]]) throws {
        let periods = try table(out, "crediting.csv").rows
        let fields = try table(out, "monitoring_fields.csv").rows
        #expect(!periods.isEmpty && !fields.isEmpty)
        // Every field of the input is listed; some are ineligible, each with its reason.
        #expect(Set(fields.map { $0["paddy_id"]! }).count == 300)
        #expect(fields.filter { $0["eligible"] == "no" }.allSatisfy { !$0["ineligibility_reason"]!.isEmpty })
        #expect(fields.contains { $0["eligible"] == "yes" } && fields.contains { $0["eligible"] == "no" })
        var credited = 0.0
        for p in periods {
            let own = fields.filter { $0["period_start"] == p["period_start"] }
            let eligible = own.filter { $0["eligible"] == "yes" }
            let tolerance = 1e-6 * Double(own.count) + 1e-5
            func sum(_ rows: [[String: String]], _ key: String) -> Double { rows.reduce(0) { $0 + Double($1[key]!)! } }
            #expect(close(sum(eligible, "baseline_co2e_t"), Double(p["baseline_co2e_t"]!)!, abs: tolerance), "\(p)")
            #expect(close(sum(eligible, "project_co2e_t"), Double(p["project_co2e_t"]!)!, abs: tolerance), "\(p)")
            #expect(close(sum(eligible, "n2o_deduction_co2e_t"), Double(p["n2o_deduction_co2e_t"]!)!, abs: tolerance), "\(p)")
            #expect(own.count { $0["eligible"] == "no" } == Int(p["ineligible_fields"]!)!, "\(p)")
            #expect(eligible.reduce(0) { $0 + Int($1["events_not_counted"]!)! } == Int(p["events_not_counted"]!)!)
            let reductions = Double(p["reductions_co2e_t"]!)!
            #expect(close(reductions, Double(p["baseline_co2e_t"]!)! - Double(p["project_co2e_t"]!)!, abs: 2e-6))
            let uncertainty = 0.15 * max(0, reductions)
            #expect(close(Double(p["uncertainty_deduction_co2e_t"]!)!, uncertainty, abs: 2e-6), "\(p)")
            let net = reductions - uncertainty - Double(p["n2o_deduction_co2e_t"]!)!
            #expect(close(Double(p["net_co2e_t"]!)!, net, abs: 4e-6) && p["ceiling_co2e_t"] == "30000.000000", "\(p)")
            #expect(close(Double(p["credited_co2e_t"]!)!, max(0, min(net, 30_000)), abs: 4e-6), "\(p)")
            #expect(p["methodology"] == "vm0051-v1.1" && p["vintage"] == String(p["period_start"]!.prefix(4)))
            credited += Double(p["credited_co2e_t"]!)!
        }
        #expect(credited > 0)
    }

    /// The manifest: unique keys, numbers as numbers, every file by role with its SHA-256.
    func checkManifest(_ out: URL, names: [String], total: [String: String]) throws {
        let data = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        // Unique keys: JSONSerialization keeps one of repeated keys, so count the top-level keys in the text.
        let topLevelKeys = String(decoding: data, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("  \"") }
        #expect(topLevelKeys.count == object.count, "\(topLevelKeys)")
        #expect(object.keys.allSatisfy { !$0.contains(" ") }, "\(object.keys.sorted())")
        #expect(object["paddies_read"] as? Int == 300 && object["paddies_with_results"] as? Int == 300)
        #expect(object["max_gap_days"] as? Int == 15 && object["reconciled"] as? Bool == true && object["strict"] as? Bool == false)
        #expect(object["water_level_values"] as? Int == 300 * 880)
        let co2e = try #require(object["total_co2e_t"] as? Double)
        #expect(close(co2e, Double(total["co2e_t"]!)!, abs: 5e-7))
        #expect(object["status"] as? String == "complete, with rejected paddies or seasons (see rejected.csv)")
        let files = try #require(object["files"] as? [String: [String: String]])
        #expect(Set(files.keys) == ["input", "scenario_file", "management_defaults", "detection", "parameters_ipcc-2019", "run_config",
                                    "process_parameters", "crediting_rule_set", "gwp", "gwp_n2o", "n2o_factors", "history"], "\(files.keys.sorted())")
        // The rule set's id and checksum.
        let crediting = try #require(object["crediting"] as? [String: Any])
        #expect(crediting["rule_set"] as? String == "vm0051-v1.1" && crediting["rule_set_sha256"] as? String == files["crediting_rule_set"]?["sha256"])
        #expect(crediting["gwp_ch4"] as? Double == 28 && crediting["gwp_n2o"] as? Double == 265)
        for (role, file) in files {
            #expect(try file["sha256"] == ChecksumFile.sha256(try #require(file["path"])), "\(role)")
        }
        let scenarios = try #require(object["scenarios"] as? [[String: Any]])
        #expect(scenarios.map { $0["name"] as? String } == names)
        #expect((scenarios.last?["method"] as? [String: Any])?["name"] as? String == "process-ch4mod")
        let mc = try #require(object["monte_carlo"] as? [String: Any])
        #expect(mc["draws"] as? Int == 300 && mc["seed"] as? Int == 20251125)
        // The typed manifest reads back.
        let manifest = try JSONDecoder().decode(Manifest.self, from: data)
        #expect(manifest.settings.command == "scenarios" && manifest.counts.paddySeasons == Int(total["paddy_seasons"]!))
    }

    @Test("scenarios --shard K/N then merge gives exactly the reports of one run, Monte Carlo and crediting included")
    func shardsMergeToOneRun() throws {
        let root = try makeFixtureDirectory()
        let single = root.appendingPathComponent("single")
        let one = try scenarios(single, ["--draws", "200", "--block-size", "64"])
        #expect(one.status == 2 && !one.signalled, "\(one.summary)")
        let shards = (1...3).map { root.appendingPathComponent("shard\($0)") }
        for (k, dir) in shards.enumerated() {
            let r = try scenarios(dir, ["--draws", "200", "--block-size", "17", "--threads", "1", "--shard", "\(k + 1)/3"])
            #expect([0, 2].contains(r.status) && !r.signalled, "\(r.summary)")
            // A shard writes its rows and its state, not the summaries.
            #expect(!visibleFiles(dir).contains("scenario_summary.csv") && visibleFiles(dir).contains("shard.json"), "\(visibleFiles(dir))")
        }
        let merged = root.appendingPathComponent("merged")
        let m = try runTool("scenario-runner", ["merge", "--out", merged.path, "--quiet"] + shards.reversed().map(\.path), timeout: 120)
        #expect(m.status == 2 && !m.signalled, "\(m.summary)")
        #expect(visibleFiles(merged) == visibleFiles(single))
        #expect(visibleFiles(single).contains("crediting.csv") && visibleFiles(single).contains("uncertainty.csv"))
        for name in visibleFiles(single) where name != "manifest.json" {
            let a = try Data(contentsOf: merged.appendingPathComponent(name)), b = try Data(contentsOf: single.appendingPathComponent(name))
            #expect(a == b, "\(name) differs between the merged shards and one run")
        }
        let a = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: merged.appendingPathComponent("manifest.json")))
        let b = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: single.appendingPathComponent("manifest.json")))
        #expect(a.settings == b.settings && a.counts == b.counts && a.mergedShards == 3 && b.mergedShards == nil)
    }

    @Test("--shard is typed: a bad value is a usage error naming the option")
    func badShardIsAUsageError() throws {
        let out = try makeFixtureDirectory().appendingPathComponent("x")
        for value in ["4/3", "0/3", "1-3"] {
            let r = try scenarios(out, ["--shard", value])
            #expect(r.status == 64 && r.stderr.contains("'\(value)' is invalid for '--shard <K/N>'"), "\(r.summary)")
        }
        #expect(visibleFiles(out).isEmpty)
    }
}

/// A CSV report (RFC 4180 quoting) as rows by column name.
private func table(_ dir: URL, _ name: String) throws -> (header: [String], rows: [[String: String]]) {
    let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    var records: [[String]] = [], field = "", record: [String] = [], quoted = false
    var chars = text.makeIterator()
    while let c = chars.next() {
        if quoted {
            if c == "\"" {
                if let n = chars.next() {
                    if n == "\"" { field.append("\"") } else {
                        quoted = false
                        if n == "," { record.append(field); field = "" } else if n == "\n" { record.append(field); records.append(record); record = []; field = "" } else { field.append(n) }
                    }
                } else { quoted = false }
            } else { field.append(c) }
        } else if c == "\"" { quoted = true
        } else if c == "," { record.append(field); field = ""
        } else if c == "\n" { record.append(field); records.append(record); record = []; field = ""
        } else { field.append(c) }
    }
    let header = records.first ?? []
    return (header, records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) })
}
