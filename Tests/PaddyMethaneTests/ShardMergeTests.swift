import Foundation
import Testing
import PaddyMethane
@testable import PaddyMethaneIO

/// `run --shard K/N` then `merge` gives exactly the reports of one run, Monte Carlo included.
@Suite struct ShardMergeTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data/example-paddies.nc").path

    func engine() throws -> InventoryEngine {
        InventoryEngine(configuration: RunConfiguration(parameters: try TestModels.parameters(), detection: try TestModels.detection(),
                                                        drainageRule: try TestModels.rule(), gwp: try TestModels.gwp()))
    }

    @discardableResult
    func run(into dir: URL, shard: Shard? = nil, blockSize: Int, threads: Int, reporting: ReportingOptions = ReportingOptions(),
             workbook: URL? = nil) throws -> RunSummary {
        var options = RunOptions()
        options.reporting = reporting
        options.documents.workbook = workbook
        options.blockSize = blockSize
        options.threads = threads
        options.shard = shard
        options.draws = 300
        options.seed = 9
        return try InventoryRunner(engine: try engine(), options: options)
            .run(try PaddyFileReader(path: Self.example, resampler: TestModels.resampler()), into: dir)
    }

    @Test func mergedShardsEqualOneRun() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("paddymethane-shards-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let single = try run(into: root.appendingPathComponent("single"), blockSize: 64, threads: 2)
        let shards = (1...3).map { root.appendingPathComponent("shard\($0)") }
        for (k, dir) in shards.enumerated() { try run(into: dir, shard: Shard(index: k + 1, count: 3), blockSize: 17, threads: 1) }
        // Shards write rows and their state, not the summaries.
        #expect(!FileManager.default.fileExists(atPath: shards[0].appendingPathComponent("crt_3c.csv").path))
        let merged = root.appendingPathComponent("merged")
        let summary = try ShardMerge.merge(shards.reversed(), into: merged)
        #expect(summary.paddiesRead == 300)
        // The masking counts add up across shards: 300 paddies × 880 time steps read.
        #expect(single.levelMasking.values == 300 * 880)
        #expect(summary.levelMasking == single.levelMasking)
        for name in ["paddy_seasons", "drainage_events", "rejected", "region_summary", "crt_3c", "uncertainty"] {
            let a = try Data(contentsOf: merged.appendingPathComponent("\(name).csv"))
            let b = try Data(contentsOf: root.appendingPathComponent("single/\(name).csv"))
            #expect(a == b, "\(name).csv differs")
        }
    }

    @Test func mergedShardsEqualOneRunForAnInventoryYear() throws {
        // The example's seasons are harvested in 2024, 2025 and 2026: 2025 leaves seasons out on both sides.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("paddymethane-shards-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let year = ReportingOptions(inventoryYear: InventoryYear(2025))
        let single = try run(into: root.appendingPathComponent("single"), blockSize: 64, threads: 2, reporting: year)
        #expect(single.seasonsOutOfScope > 0 && single.seasons > 0)
        let shards = (1...2).map { root.appendingPathComponent("shard\($0)") }
        for (k, dir) in shards.enumerated() { try run(into: dir, shard: Shard(index: k + 1, count: 2), blockSize: 17, threads: 1, reporting: year) }
        let merged = root.appendingPathComponent("merged")
        let summary = try ShardMerge.merge(shards, into: merged)
        #expect(summary.seasonsOutOfScope == single.seasonsOutOfScope && summary.paddiesOutOfScope == single.paddiesOutOfScope)
        for name in ["paddy_seasons", "out_of_scope", "rejected", "crt_3c", "region_seasons", "uncertainty"] {
            let a = try Data(contentsOf: merged.appendingPathComponent("\(name).csv"))
            let b = try Data(contentsOf: root.appendingPathComponent("single/\(name).csv"))
            #expect(a == b, "\(name).csv differs")
        }
    }

    /// `merge --xlsx`: the workbook of the merged reports has the sheets of one run's workbook,
    /// cell for cell, except the manifest (which records the merge).
    @Test func mergeWritesTheWorkbookOfOneRun() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("paddymethane-shards-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let single = root.appendingPathComponent("single.xlsx")
        try run(into: root.appendingPathComponent("single"), blockSize: 64, threads: 2, workbook: single)
        let shards = (1...2).map { root.appendingPathComponent("shard\($0)") }
        for (k, dir) in shards.enumerated() { try run(into: dir, shard: Shard(index: k + 1, count: 2), blockSize: 17, threads: 1) }
        let merged = root.appendingPathComponent("merged.xlsx")
        _ = try ShardMerge.merge(shards, into: root.appendingPathComponent("merged"), workbook: merged)
        let a = try XLSXWorkbook(path: single.path), b = try XLSXWorkbook(path: merged.path)
        #expect(a.sheets.map(\.name) == b.sheets.map(\.name))
        #expect(a.sheets.count > 5 && a.sheets.contains { $0.name == "paddy_seasons" && $0.rows.count > 900 })
        for (x, y) in zip(a.sheets, b.sheets) where x.name != "manifest" {
            #expect(x.rows == y.rows, "sheet \(x.name) differs")
        }
        let manifest = try #require(b.sheet("manifest"))
        #expect(manifest.rows.contains { $0.first == .text("merged_shards") })
    }

    /// Two processes hash differently (Swift seeds its hashing per process): a shard's state must
    /// not carry a dictionary's or a set's order into its bytes.
    @Test func aShardStateIsTheSameBytesInEveryProcess() throws {
        let root = try makeFixtureDirectory()
        let data = URL(fileURLWithPath: Self.example).deletingLastPathComponent()
        let commands: [(String, [String])] = [
            ("run", ["--input", Self.example]),
            ("run", ["--input", Self.example, "--method", "process", "--draws", "3"]),
            ("scenarios", ["--input", Self.example, "--scenarios", data.appendingPathComponent("scenarios-example.yaml").path,
                           "--history", data.appendingPathComponent("example-history.nc").path, "--draws", "20"]),
        ]
        for (i, (command, arguments)) in commands.enumerated() {
            var states: [Data] = []
            for run in ["a", "b"] {
                let out = root.appendingPathComponent("\(i)\(run)")
                let r = try scenarioRunner(command, arguments + ["--out", out.path, "--shard", "2/3", "--quiet"], timeout: 300)
                #expect(r.status == 0 || r.status == 2, "\(r.summary)")
                states.append(try Data(contentsOf: out.appendingPathComponent(ShardState.fileName)))
            }
            #expect(states[0] == states[1], "\(command) \(arguments)")
        }
    }

    @Test func mergeRefusesAMissingOrForeignShard() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("paddymethane-shards-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let shards = (1...2).map { root.appendingPathComponent("shard\($0)") }
        try run(into: shards[0], shard: Shard(index: 1, count: 2), blockSize: 64, threads: 2)
        #expect(throws: MergeError.self) { try ShardMerge.merge([shards[0]], into: root.appendingPathComponent("m")) }
        #expect(throws: MergeError.self) { try ShardMerge.merge([shards[0], root], into: root.appendingPathComponent("m")) }
    }

    @Test func shardsCoverThePaddiesOnce() {
        let ranges = (1...7).map { Shard(index: $0, count: 7).range(of: 100) }
        #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == 100)
        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(Shard("3/8") == Shard(index: 3, count: 8))
        #expect(Shard("0/8") == nil && Shard("9/8") == nil && Shard("x") == nil)
    }
}

/// Shards of other settings, or of another command, are refused with the setting named.
@Suite struct ShardSettingsTests {
    func engine() throws -> InventoryEngine {
        InventoryEngine(configuration: RunConfiguration(parameters: try TestModels.parameters(), detection: try TestModels.detection(),
                                                        drainageRule: try TestModels.rule(), gwp: try TestModels.gwp()))
    }

    func runShard(_ dir: URL, _ k: Int, draws: Int) throws {
        var options = RunOptions()
        options.shard = Shard(index: k, count: 2)
        options.draws = draws
        try InventoryRunner(engine: try engine(), options: options)
            .run(try PaddyFileReader(path: ShardMergeTests.example, resampler: TestModels.resampler()), into: dir)
    }

    @Test func mergeNamesTheSettingThatDiffers() throws {
        let root = try makeFixtureDirectory()
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b")
        try runShard(a, 1, draws: 50)
        try runShard(b, 2, draws: 60)
        let error = try #require(throws: MergeError.self) { try ShardMerge.merge([a, b], into: root.appendingPathComponent("m")) }
        #expect(error.description.contains("monte_carlo") && error.description.contains("\"draws\":60"), "\(error)")
        #expect(visibleFiles(root.appendingPathComponent("m")).isEmpty)
    }

    @Test func aRunShardAndAScenarioShardDoNotMerge() throws {
        let root = try makeFixtureDirectory()
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b")
        try runShard(a, 1, draws: 0)
        let scenarioFile = URL(fileURLWithPath: ShardMergeTests.example).deletingLastPathComponent().appendingPathComponent("scenarios-example.yaml").path
        var plan = try ScenarioPlan.load(scenarioFile, library: TestModels.library)
        plan.draws = 0
        var options = RunOptions()
        options.shard = Shard(index: 2, count: 2)
        let reader = try PaddyFileReader(path: ShardMergeTests.example, resampler: TestModels.resampler())
        let settings = try RunSettings.scenarios(input: reader.path, maxGapDays: TestModels.detection().maxGapDays, strict: false, plan: plan)
        _ = try ScenarioComparison(plan: plan, options: options).run(reader, into: b, settings: settings)
        let error = try #require(throws: MergeError.self) { try ShardMerge.merge([a, b], into: root.appendingPathComponent("m")) }
        #expect(error.description.contains("command: \"scenarios\" vs \"run\""), "\(error)")
    }
}
