import Foundation
import Testing
@testable import PaddyMethaneIO

/// `calibrate` and `validate` end to end on a user's experiment file.
@Suite("CH4MOD evaluation commands", .serialized, .enabled(if: cliToolsBuilt, "scenario-runner is not built next to the test bundle"))
struct CH4MODEvaluationCLITests {
    /// One experiment: 100 days from 1 July (Cambodia climatology), continuous flooding measured at
    /// 200 kg CH4 ha⁻¹ and AWD at 120.
    static let experiments = """
    id: user-trial
    title: a user's trial
    experiments:
      - id: plot-a
        site: a plot
        citation: own measurement
        doi: ""
        season_start: 2024-07-01
        season_days: 100
        climate: Cambodia
        reference: cf
        treatments:
          - id: cf
            practice: continuous_flooding
            water: {flooded_cm: 5, drained_cm: -15, final_drainage_days: 14}
            measured_ch4_kg_ha: 200
          - id: awd
            practice: multiple_drainage
            water: {flooded_cm: 5, drained_cm: -15, final_drainage_days: 14, cycles: {first_day: 15, last_day: 70, drained_days: 7, flooded_days: 7}}
            measured_ch4_kg_ha: 120
    """

    @Test func calibrateWritesAFileThatValidateRuns() throws {
        let dir = try makeFixtureDirectory()
        let set = dir.appendingPathComponent("trial.yaml")
        try Self.experiments.write(to: set, atomically: true, encoding: .utf8)
        let fitted = dir.appendingPathComponent("fitted.yaml").path
        let r = try scenarioRunner("calibrate", ["--set", set.path, "--fit", "substrate.soil_om_t_ha", "redox.flooded_level_cm", "--out", fitted])
        #expect(r.status == 0, "\(r.summary)")
        let text = try String(contentsOfFile: fitted, encoding: .utf8)
        // Provenance: the data file's checksum, the fitted parameters, the residuals.
        #expect(text.contains("sha256 \(try ChecksumFile.sha256(set.path))"))
        #expect(text.contains("# Fitted substrate.soil_om_t_ha = ") && text.contains("# Fitted redox.flooded_level_cm = "))
        #expect(text.contains("plot-a cf total 200.000") && text.contains("plot-a awd total 120.000"))
        // The fit does not end worse than it started.
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("# Sum of squares:") })
        let numbers = line.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: CharacterSet(charactersIn: ",."))) }
        #expect(numbers.count == 2 && numbers[1] <= numbers[0], "\(line)")
        // The file is a valid parameter file within the bounds.
        let file = try CH4MODParametersFile.load(path: fitted)
        let p = try file.validated()
        #expect((0...4).contains(p.substrate.soilOrganicMatterTPerHa) && (-10...0).contains(p.redox.floodedLevelCm))
        let out = dir.appendingPathComponent("val").path
        let v = try scenarioRunner("validate", ["--set", set.path, "--process-parameters", fitted, "--out", out])
        #expect(v.status == 0, "\(v.summary)")
        let rows = try String(contentsOfFile: out + "/validation.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 3 && rows[0].hasPrefix("experiment,treatment,practice,drainages,measured_ch4_kg_ha,modelled_ch4_kg_ha"))
    }

    @Test func anUnknownParameterIsAUsageErrorWithASuggestion() throws {
        let out = try fixtureTemporaryPath("x.yaml")
        let r = try scenarioRunner("calibrate", ["--fit", "substrate.soil_om_tha", "--out", out])
        #expect(r.status == 64, "\(r.summary)")
        #expect(r.stderrLines.count == 1 && r.stderrLines[0].contains("substrate.soil_om_t_ha"), "\(r.stderrLines)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
