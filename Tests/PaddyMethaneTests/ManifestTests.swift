import Foundation
import Testing
import PaddyMethane
@testable import PaddyMethaneIO

/// The typed manifest of `run`: unique file roles with their SHA-256, numbers as numbers.
@Suite struct ManifestTests {
    func configuration() throws -> RunConfiguration {
        RunConfiguration(parameters: try TestModels.parameters(), detection: try TestModels.detection(),
                         drainageRule: try TestModels.rule(), gwp: try TestModels.gwp())
    }

    @Test func aRoleIsRecordedOnceAndAnotherPathGetsItsOwnRole() throws {
        let dir = try makeFixtureDirectory()
        let (a, b, input) = (dir.appendingPathComponent("a.yaml"), dir.appendingPathComponent("b.yaml"), dir.appendingPathComponent("in.nc"))
        try Data("a".utf8).write(to: a)
        try Data("b".utf8).write(to: b)
        try Data("input".utf8).write(to: input)
        let s = try RunSettings(command: "scenarios", input: input.path, maxGapDays: 15, strict: false, method: configuration(),
                                files: [("run_config", a.path), ("run_config", a.path), ("run_config", b.path), ("run_config", a.path)])
        #expect(s.files.keys.sorted() == ["input", "run_config", "run_config_2"])
        #expect(s.files["run_config"]?.path == a.path && s.files["run_config_2"]?.path == b.path)
        // SHA-256("a") (FIPS 180-4 test vectors give the digests of short messages).
        #expect(s.files["run_config"]?.sha256 == "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb")
    }

    @Test func runWritesNumbersAsNumbersAndEveryFileByRole() throws {
        let out = try makeFixtureDirectory().appendingPathComponent("out")
        var options = RunOptions()
        options.draws = 20
        let c = try configuration()
        let settings = try RunSettings.run(
            input: ShardMergeTests.example, maxGapDays: 15, strict: false, configuration: c,
            files: [("parameters", TestModels.directory.appendingPathComponent("ipcc-2019.yaml").path),
                    ("detection", TestModels.directory.appendingPathComponent("water-detection.yaml").path)],
            defaultAmendments: ["straw_short:2.5"], temperature: nil, draws: options.draws, seed: options.seed)
        let summary = try InventoryRunner(engine: InventoryEngine(configuration: c), options: options)
            .run(try PaddyFileReader(path: ShardMergeTests.example, resampler: TestModels.resampler()), into: out, settings: settings,
                 invocation: Invocation(commandLine: "scenario-runner run", createdUTC: "2026-01-01T00:00:00Z"))
        let data = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["command"] as? String == "run" && object["created_utc"] as? String == "2026-01-01T00:00:00Z")
        #expect(object["paddies_read"] as? Int == summary.paddiesRead && object["paddy_seasons"] as? Int == summary.seasons)
        #expect(object["reconciled"] as? Bool == true)
        #expect(object["total_co2e_t"] as? Double == summary.aggregate.total.co2eT)
        #expect(object["default_amendments"] as? [String] == ["straw_short:2.5"])
        let mc = try #require(object["monte_carlo"] as? [String: Any])
        #expect(mc["draws"] as? Int == 20 && mc["seed"] as? Int == 1)
        let method = try #require(object["method"] as? [String: Any])
        #expect(method["name"] as? String == "tier1" && method["parameter_set"] as? String == "ipcc-2019")
        #expect((method["gwp"] as? [String: Any])?["value"] as? Double == 28)
        let files = try #require(object["files"] as? [String: [String: String]])
        #expect(files.keys.sorted() == ["detection", "input", "parameters"])
        #expect(try files["input"]?["sha256"] == ChecksumFile.sha256(ShardMergeTests.example))
        // The keys are sorted in the text.
        let keys = String(decoding: data, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("  \"") }
            .map { $0.dropFirst(3).prefix { $0 != "\"" } }
        #expect(keys == keys.sorted() && keys.count == object.count)
    }
}
