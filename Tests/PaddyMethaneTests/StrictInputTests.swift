import Foundation
import Testing
@testable import PaddyMethane
@testable import PaddyMethaneIO

// Strict inputs: a misspelt key, value, token or region in any YAML file is an error that names
// the file, the key path and the nearest valid key, never a silent default; a file without
// paddies is an error; a run that rejects every paddy says so; `describe` predicts the run.

/// A copy of the repository's models/ folder in which `file` has `old` replaced by `new`.
private func modelsWith(_ file: String, _ old: String, _ new: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ModelLibrary {
    let dir = try makeFixtureDirectory().appendingPathComponent("models")
    try FileManager.default.copyItem(at: TestModels.directory, to: dir)
    let url = dir.appendingPathComponent(file)
    let text = try String(contentsOf: url, encoding: .utf8)
    #expect(text.contains(old), "\(file) does not contain \(old)", sourceLocation: sourceLocation)
    try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    return ModelLibrary(directory: dir)
}

/// Expects `body` to throw a `YAMLFileError` for `file` at `keyPath` whose message contains each of `words`.
private func expectYAMLError(_ file: String, _ keyPath: String, _ words: [String], sourceLocation: SourceLocation = #_sourceLocation,
                             _ body: () throws -> Void) {
    let error = #expect(throws: YAMLFileError.self, sourceLocation: sourceLocation) { try body() }
    guard let error else { return }
    #expect(error.path.hasSuffix(file), "\(error)", sourceLocation: sourceLocation)
    #expect(error.keyPath == keyPath, "\(error)", sourceLocation: sourceLocation)
    for w in words { #expect(error.description.contains(w), "\(error) lacks \(w)", sourceLocation: sourceLocation) }
}

/// A scenario file in a fresh folder, and its path.
private func scenarioFile(_ yaml: String) throws -> String {
    let path = try fixtureTemporaryPath("scenarios.yaml")
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite("Strict YAML: unknown keys, values and tokens are errors")
struct StrictYAMLTests {
    // MARK: Every file kind with a misspelt key

    @Test("ipcc-2019.yaml: a misspelt required table names the key and its nearest")
    func parameterSetKey() throws {
        let lib = try modelsWith("ipcc-2019.yaml", "amendment_exponent:", "amendment_exponant:")
        // The error names the line of the misspelt key in the shipped file.
        let shipped = try String(contentsOf: TestModels.directory.appendingPathComponent("ipcc-2019.yaml"), encoding: .utf8)
        let line = try #require(shipped.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("amendment_exponent:") }) + 1
        expectYAMLError("ipcc-2019.yaml", "amendment_exponant", ["did you mean \"amendment_exponent\"", ":\(line):"]) { _ = try lib.parameterSet("ipcc-2019") }
    }

    @Test("Tier 2 file: a misspelt optional key at the top level is refused (it would silently mean SF_s,r = 1)")
    func tier2OptionalKey() throws {
        let lib = try modelsWith("tier2-cambodia-example.yaml", "amendment_exponent:",
                                 "soil_cultivar_scalling: {value: 0.9, source: \"x\"}\namendment_exponent:")
        expectYAMLError("tier2-cambodia-example.yaml", "soil_cultivar_scalling", ["unknown key", "did you mean \"soil_cultivar_scaling\""]) {
            _ = try lib.parameterSet("tier2-cambodia-example")
        }
    }

    @Test("Tier 2 region override: a misspelt table inside a region is refused (it would fall back to the default factor)")
    func tier2OverrideTable() throws {
        let lib = try modelsWith("tier2-cambodia-example.yaml", "    water_regime_scaling:\n      multiple_drainage",
                                 "    water_regime_scalling:\n      multiple_drainage")
        expectYAMLError("tier2-cambodia-example.yaml", "regions.Takeo.water_regime_scalling", ["did you mean \"water_regime_scaling\""]) {
            _ = try lib.parameterSet("tier2-cambodia-example")
        }
    }

    @Test("Tier 2 region override: a misspelt water-regime token is refused with the nearest token")
    func tier2OverrideToken() throws {
        let lib = try modelsWith("tier2-cambodia-example.yaml", "      multiple_drainage: {value: 0.50", "      multiple_drainge: {value: 0.50")
        expectYAMLError("tier2-cambodia-example.yaml", "regions.Takeo.water_regime_scaling.multiple_drainge",
                        ["did you mean \"multiple_drainage\"", "continuously_flooded"]) { _ = try lib.parameterSet("tier2-cambodia-example") }
    }

    @Test("Parameter set tables accept exactly the category tokens of the domain enums")
    func tableTokensComeFromTheEnums() throws {
        // The valid tokens are the enums' cases, not a list of their own.
        let rules = ParameterSetFile.tokenKeys
        #expect(rules.first { $0.path == "water_regime_scaling" }?.tokens == WaterRegime.allCases.map(\.rawValue))
        #expect(rules.first { $0.path == "pre_season_scaling" }?.tokens == PreSeasonStatus.allCases.map(\.rawValue))
        #expect(rules.first { $0.path == "amendment_conversion" }?.tokens == AmendmentType.allCases.map(\.rawValue))
        let lib = try modelsWith("ipcc-2019.yaml", "  compost:         {value: 0.17", "  compots:         {value: 0.17")
        expectYAMLError("ipcc-2019.yaml", "amendment_conversion.compots", ["did you mean \"compost\""]) { _ = try lib.parameterSet("ipcc-2019") }
        let pre = try modelsWith("ipcc-2019.yaml", "  flooded_gt_30d:", "  flooded_gt_30:")
        expectYAMLError("ipcc-2019.yaml", "pre_season_scaling.flooded_gt_30", ["did you mean \"flooded_gt_30d\""]) { _ = try pre.parameterSet("ipcc-2019") }
    }

    @Test("models/crediting/vm0051-v1.1.yaml: a misspelt rule key and a misspelt statistic")
    func crediting() throws {
        let key = try modelsWith("crediting/vm0051-v1.1.yaml", "  lookback_years:", "  look_back_years:")
        expectYAMLError("vm0051-v1.1.yaml", "baseline.look_back_years", ["did you mean \"lookback_years\""]) { _ = try key.creditingRuleSet("vm0051-v1.1") }
        let kind = try modelsWith("crediting/vm0051-v1.1.yaml", "value: most_conservative", "value: most_conservativ")
        expectYAMLError("vm0051-v1.1.yaml", "baseline.statistic.value", ["did you mean \"most_conservative\""]) {
            _ = try kind.creditingRuleSet("vm0051-v1.1")
        }
    }

    @Test("ch4mod.yaml: a misspelt parameter, an unknown extra key and a misspelt amendment pool")
    func ch4mod() throws {
        let missing = try modelsWith("ch4mod.yaml", "  theta_drained:", "  theta_draned:")
        expectYAMLError("ch4mod.yaml", "substrate.theta_draned", ["did you mean \"theta_drained\""]) { _ = try missing.ch4mod() }
        let extra = try modelsWith("ch4mod.yaml", "  q10:", "  q10_soil: {value: 2, source: \"x\"}\n  q10:")
        expectYAMLError("ch4mod.yaml", "temperature.q10_soil", ["unknown key", "known keys here: q10, reference_c"]) { _ = try extra.ch4mod() }
        let pool = try modelsWith("ch4mod.yaml", "  green_manure:    {dry_matter", "  green_manur:    {dry_matter")
        expectYAMLError("ch4mod.yaml", "amendments.green_manur", ["did you mean \"green_manure\""]) { _ = try pool.ch4mod() }
        // Every amendment type needs its pools (a paddy may have any type); shares lie in 0–1.
        let lacking = try modelsWith("ch4mod.yaml", "  green_manure:    {dry_matter: 0.2,  readily: 0.6, source: \"project: green manure, 20 % dry matter, mostly readily decomposable\"}\n", "")
        let noPool = #expect(throws: ModelError.self) { _ = try lacking.ch4mod() }
        #expect(noPool?.message == "amendments has no 'green_manure' entry: the process model needs the pools of every amendment type")
        let share = try modelsWith("ch4mod.yaml", "{dry_matter: 0.5,  readily: 0.05", "{dry_matter: 50,  readily: 0.05")
        let badShare = #expect(throws: ModelError.self) { _ = try share.ch4mod() }
        #expect(badShare?.message == "amendments.compost.dry_matter = 50.0 is not a share between 0 and 1")
    }

    @Test("water-management.yaml, drainage-rules.yaml, water-detection.yaml, gwp.yaml: misspelt keys")
    func otherModelFiles() throws {
        let management = try modelsWith("water-management.yaml", "  reflood_cm:", "  reflod_cm:")
        expectYAMLError("water-management.yaml", "safe_awd.reflod_cm", ["did you mean \"reflood_cm\""]) { _ = try management.managementDefaults() }
        let rules = try modelsWith("drainage-rules.yaml", "ipcc:\n  threshold_cm: 0\n  min_days: 4", "ipcc:\n  threshold_cm: 0\n  min_day: 4")
        expectYAMLError("drainage-rules.yaml", "ipcc.min_day", ["did you mean \"min_days\""]) { _ = try rules.drainageRule("ipcc") }
        let detection = try modelsWith("water-detection.yaml", "onset_min_days:", "onset_min_day:")
        expectYAMLError("water-detection.yaml", "onset_min_day", ["did you mean \"onset_min_days\""]) { _ = try detection.detectionSettings() }
        let gwp = try modelsWith("gwp.yaml", "ar5: {value: 28,", "ar5: {vaule: 28,")
        expectYAMLError("gwp.yaml", "ar5.vaule", ["did you mean \"value\""]) { _ = try gwp.gwp("ar5") }
    }

    @Test("Names looked up in a file (GWP, drainage rule, crediting rule, climatology, parameter set) suggest the nearest")
    func lookups() throws {
        let lib = TestModels.library
        for (body, nearest) in [({ _ = try lib.gwp("ar55") }, "ar5"), ({ _ = try lib.drainageRule("ipc") }, "ipcc"),
                                ({ _ = try lib.creditingRuleSet("vm0051-v1") }, "vm0051-v1.1"),
                                ({ _ = try lib.processMethod(climate: "Cambodja") }, "Cambodia"),
                                ({ _ = try lib.parameterSet("ipcc_2019") }, "ipcc-2019")] as [(() throws -> Void, String)] {
            let error = #expect(throws: ModelError.self) { try body() }
            #expect(error?.description.contains("did you mean \"\(nearest)\"") == true, "\(String(describing: error))")
        }
    }

    // MARK: Scenario files and run configurations

    @Test("The issue's case: `adopton:` in a scenario file is refused, naming the key path and `adoption`")
    func adoptonTypo() throws {
        // Read as before, the misspelt block was ignored and every paddy adopted AWD (100 %).
        let example = try String(contentsOfFile: "\(TestModels.directory.deletingLastPathComponent().path)/data/scenarios-example.yaml", encoding: .utf8)
        let typo = example.replacingOccurrences(of: "    adoption:\n      default: 0.10", with: "    adopton:\n      default: 0.10")
        #expect(typo != example)
        let path = try scenarioFile(typo)
        expectYAMLError("scenarios.yaml", "scenarios[0].adopton", ["did you mean \"adoption\"", "scenarios.yaml:23:"]) {
            _ = try ScenarioPlan.load(path, library: TestModels.library)
        }
    }

    @Test("Scenario file: misspelt keys at every level")
    func scenarioKeys() throws {
        for (yaml, keyPath, nearest) in [
            ("scenarios:\n  - name: a\n    water: {practice: safe_awd, threshold: -10}\n", "scenarios[0].water.threshold", "threshold_cm"),
            ("baseline: {parameter: ipcc-2006}\n", "baseline.parameter", "parameters"),
            ("monte_carlo: {draw: 10}\n", "monte_carlo.draw", "draws"),
            ("scenarios:\n  - nam: a\n", "scenarios[0].nam", "name"),
            ("scenarios:\n  - name: a\n  - name: b\n    adoption: {regoins: {Takeo: 0.5}}\n", "scenarios[1].adoption.regoins", "regions"),
            ("scenarios:\n  - name: a\ncrediting: {methodology: vm0051-v1.1, period_month: 6}\n", "crediting.period_month", "period_months"),
            ("titel: x\n", "titel", "title"),
        ] {
            let path = try scenarioFile(yaml)
            expectYAMLError("scenarios.yaml", keyPath, ["did you mean \"\(nearest)\""]) { _ = try ScenarioPlan.load(path, library: TestModels.library) }
        }
    }

    @Test("Scenario file: misspelt practices, methods and water supplies list the valid values")
    func scenarioValues() throws {
        for (yaml, keyPath, valid, nearest) in [
            ("scenarios:\n  - name: a\n    water: {practice: safe_awdd}\n", "scenarios[0].water.practice",
             "observed, continuous_flooding, mid_season_drainage, extend_drainage, safe_awd", "safe_awd"),
            ("scenarios:\n  - name: a\n    straw: compots\n", "scenarios[0].straw", "unchanged, remove, compost, incorporate_early", "compost"),
            ("scenarios:\n  - name: a\n    method: proces\n", "scenarios[0].method", "ipcc, process", "process"),
            ("scenarios:\n  - name: a\n    adoption: {water_supply: [irrigated, rainfd]}\n", "scenarios[0].adoption.water_supply[1]",
             WaterSupply.allCases.map(\.rawValue).joined(separator: ", "), "rainfed"),
        ] {
            let path = try scenarioFile(yaml)
            expectYAMLError("scenarios.yaml", keyPath, ["is not one of \(valid)", "did you mean \"\(nearest)\""]) {
                _ = try ScenarioPlan.load(path, library: TestModels.library)
            }
        }
    }

    @Test("Scenario file: a water setting of another practice is refused (it would be ignored)")
    func waterSettingOfAnotherPractice() throws {
        // `days` is read by extend_drainage only; under mid_season_drainage the length is `length_days`.
        let path = try scenarioFile("scenarios:\n  - name: a\n    water: {practice: mid_season_drainage, days: 10}\n")
        let error = #expect(throws: ScenarioFileError.self) { _ = try ScenarioPlan.load(path, library: TestModels.library) }
        #expect(error?.description == "\(path): scenario a: water.days does not apply to practice mid_season_drainage (its settings: start_fraction, length_days, level_cm)")
        let example = try ScenarioPlan.load(TestModels.directory.deletingLastPathComponent().appendingPathComponent("data/scenarios-example.yaml").path,
                                            library: TestModels.library)
        #expect(example.scenarios.count == 6)
    }

    @Test("Run configuration: a misspelt key and a misspelt amendment type")
    func runConfig() throws {
        let path = try fixtureTemporaryPath("config.yaml")
        try "seasons:\n  \"*\": [{start: \"06-01\", ende: \"10-31\"}]\n".write(toFile: path, atomically: true, encoding: .utf8)
        expectYAMLError("config.yaml", "seasons.*[0].ende", ["did you mean \"end\""]) { _ = try RunConfigFile.load(path) }
        try "amendment:\n  Takeo: [{type: straw_short, rate_t_ha: 2}]\n".write(toFile: path, atomically: true, encoding: .utf8)
        expectYAMLError("config.yaml", "amendment", ["did you mean \"amendments\""]) { _ = try RunConfigFile.load(path) }
        try "amendments:\n  Takeo: [{type: farmyard_manur, rate_t_ha: 2}]\n".write(toFile: path, atomically: true, encoding: .utf8)
        expectYAMLError("config.yaml", "amendments.Takeo[0].type", ["did you mean \"farmyard_manure\"", "straw_short, straw_long"]) { _ = try RunConfigFile.load(path) }
        // The regions it names, for the check against the input ("*" is every other region).
        try "seasons:\n  \"*\": [{start: \"06-01\", end: \"10-31\"}]\n  Takeo: [{start: \"06-01\", end: \"10-31\"}]\namendments:\n  Pursat: []\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try RunConfigFile.load(path).namedRegions == [RegionReference(file: path, keyPath: "seasons.Takeo", region: "Takeo"),
                                                               RegionReference(file: path, keyPath: "amendments.Pursat", region: "Pursat")])
    }

    @Test("A key given twice in one mapping is refused (one of the two values would be silently dropped)")
    func duplicateKey() throws {
        let lib = try modelsWith("gwp.yaml", "ar4: {value: 25,", "ar5: {value: 25,")
        expectYAMLError("gwp.yaml", "", ["is not valid YAML", "duplicated key(s): 'ar5'"]) { _ = try lib.gwp("ar5") }
    }

    @Test("Nearest key: edit distance, and no suggestion for a word unlike any key")
    func nearest() {
        func d(_ a: String, _ b: String) -> Int { editDistance(Array(a), Array(b)) }
        #expect(d("adopton", "adoption") == 1)
        #expect(d("kitten", "sitting") == 3)
        #expect(d("Takoe", "Takeo") == 1)   // two neighbours swapped: one slip
        #expect(d("", "abc") == 3)
        #expect(d("abc", "") == 3)
        // Optimal string alignment: a transposed pair is not edited again, so "ca" → "abc" is 3
        // (Levenshtein and Damerau-Levenshtein give 3 and 2).
        #expect(d("ca", "abc") == 3)
        #expect(d("P-012", "P-021") == 1)
        #expect(StrictYAML.nearest("adopton", ["adoption", "name", "water"]) == "adoption")
        #expect(StrictYAML.nearest("zzzzzz", ["adoption", "name", "water"]) == nil)
    }

    // MARK: Shipped files

    @Test("Every shipped file in models/ and data/ loads under the strict reader")
    func shippedFilesLoad() throws {
        let lib = TestModels.library
        for id in ["ipcc-2019", "ipcc-2006", "tier2-cambodia-example"] { _ = try lib.parameterSet(id) }
        #expect(lib.parameterSetIDs() == ["ipcc-2006", "ipcc-2019", "tier2-cambodia-example"])
        for id in ["ar4", "ar5", "ar6", "ar6-fossil"] { _ = try lib.gwp(id) }
        for rule in ["ipcc", "cdm-ams-iii-au", "jcm-ph-am004"] { _ = try lib.drainageRule(rule) }
        for id in lib.creditingRuleSetIDs() { _ = try lib.creditingRuleSet(id) }
        _ = try lib.processMethod(climate: nil)
        _ = try lib.managementDefaults()
        _ = try lib.detectionSettings()
        let data = TestModels.directory.deletingLastPathComponent().appendingPathComponent("data")
        _ = try RunConfigFile.load(data.appendingPathComponent("run-config-example.yaml").path)
        #expect(try RunConfigFile.load(data.appendingPathComponent("run-config-crediting-example.yaml").path).nitrogenRateByRegion == ["*": 90, "Battambang": 110])
        let plan = try ScenarioPlan.load(data.appendingPathComponent("scenarios-example.yaml").path, library: lib)
        #expect(plan.scenarios.count == 6)
        #expect(plan.namedRegions.map(\.keyPath) == ["nitrogen_rate_kg_ha.Battambang", "scenarios[0].adoption.regions.Battambang",
                                                    "scenarios[5].climate_by_region.Battambang"])
        #expect(plan.crediting?.rules.id == "vm0051-v1.1")
    }
}

// MARK: - Inputs

/// Daily series of 160 days from 2024-01-01 (`days since 2024-01-01`, standard calendar), one
/// row per paddy as (level, days) runs; -5 cm is dry, 5 cm flooded.
private func surveyCDL(_ paddies: [(id: String, region: String, area: Double, runs: [(Float, Int)])]) -> String {
    let days = 160
    let rows = paddies.map { p in p.runs.flatMap { Array(repeating: String($0.0), count: $0.1) } }
    precondition(rows.allSatisfy { $0.count == days })
    return """
    netcdf survey {
    dimensions:
    \tpaddy = \(paddies.count) ;
    \ttime = \(days) ;
    variables:
    \tstring paddy_id(paddy) ;
    \t\tpaddy_id:cf_role = "timeseries_id" ;
    \tdouble time(time) ;
    \t\ttime:units = "days since 2024-01-01" ;
    \t\ttime:calendar = "standard" ;
    \tfloat water_level(paddy, time) ;
    \t\twater_level:units = "cm" ;
    \t\twater_level:_FillValue = NaNf ;
    \tdouble area(paddy) ;
    \t\tarea:units = "ha" ;
    \tstring region(paddy) ;
    // global attributes:
    \t\t:Conventions = "CF-1.8" ;
    \t\t:featureType = "timeSeries" ;
    data:
    \tpaddy_id = \(paddies.map { "\"\($0.id)\"" }.joined(separator: ", ")) ;
    \ttime = \((0..<days).map(String.init).joined(separator: ", ")) ;
    \twater_level =
      \(rows.map { $0.joined(separator: ", ") }.joined(separator: ",\n  ")) ;
    \tarea = \(paddies.map { String($0.area) }.joined(separator: ", ")) ;
    \tregion = \(paddies.map { "\"\($0.region)\"" }.joined(separator: ", ")) ;
    }
    """
}

/// Worked by hand with models/water-detection.yaml (onset 5 flooded days ≥ 1 cm; end 14 days
/// after the last flooded day once 30 known dry days follow; 60 to 180 days):
/// - A: dry days 0–9, flooded 10–109, dry 110–159. Onset day 10; last flood 109; the 30th dry
///   day is 139, so the season ends on min(109 + 14, 139) = 123: days 10–123, 114 days. One season.
/// - B: flooded 10–39 only: ends min(39 + 14, 69) = 53, 44 days < 60: one season rejected, and
///   no season left, so the paddy is rejected. Fix: give the seasons.
/// - D: flooded from day 10 to the end of the series: no fallow seen, the season is incomplete
///   and rejected; the paddy has no season. Fix: give the seasons.
/// - E: like A, but its area is −1 ha: rejected for its data, whatever its seasons (no fix here).
private let paddyA = (id: "A", region: "Takeo", area: 1.5, runs: [(Float(-5), 10), (5, 100), (-5, 50)])
private let paddyB = (id: "B", region: "Pursat", area: 2.0, runs: [(Float(-5), 10), (5, 30), (-5, 120)])
private let paddyD = (id: "D", region: "Takeo", area: 1.0, runs: [(Float(-5), 10), (5, 150)])
private let paddyE = (id: "E", region: "Pursat", area: -1.0, runs: [(Float(-5), 10), (5, 100), (-5, 50)])

@Suite("Named regions, empty files, all-rejected runs and describe's prediction")
struct StrictRunTests {
    private func engine() throws -> InventoryEngine {
        InventoryEngine(configuration: RunConfiguration(parameters: try TestModels.parameters(), detection: try TestModels.detection(),
                                                        drainageRule: try TestModels.rule(), gwp: try TestModels.gwp()))
    }

    @Test("describe's prediction: the seasons and rejections worked by hand, equal to the run's own counts")
    func prediction() throws {
        let path = try ncgen(surveyCDL([paddyA, paddyB, paddyD, paddyE]), name: "survey")
        let reader = try PaddyFileReader(path: path, resampler: try TestModels.resampler())
        let p = try RunPrediction.predict(reader, engine: try engine(), sample: nil)
        #expect(p.summary.paddiesRead == 4)
        #expect(p.summary.seasons == 1)             // A's 114-day season
        #expect(p.summary.paddiesWithResults == 1)  // A
        #expect(p.summary.paddiesRejected == 3)     // B, D, E
        #expect(p.summary.seasonRejections == 0)    // A has no rejected season
        #expect(p.paddiesDetected == 4)
        #expect(p.paddiesByRegion == ["Takeo": 2, "Pursat": 2])
        // Three kinds: B's short flood and D's open season (one season each, fix: give seasons),
        // E's area (the paddy, no season fix).
        #expect(p.groups.map(\.count) == [1, 1, 1])
        let byPaddy = Dictionary(uniqueKeysWithValues: p.groups.map { ($0.example.paddyID, $0) })
        #expect(byPaddy["B"]?.seasonLevel == true && byPaddy["B"]?.fix == .giveSeasons)
        #expect(byPaddy["D"]?.seasonLevel == true && byPaddy["D"]?.fix == .giveSeasons)
        #expect(byPaddy["E"]?.seasonLevel == false && byPaddy["E"]?.fix == nil)
        #expect(byPaddy["B"]?.reason.contains("#") == true, "numbers are masked: \(String(describing: byPaddy["B"]?.reason))")

        // The run over the same file counts the same.
        let out = try makeFixtureDirectory()
        let run = try InventoryRunner(engine: try engine(), options: RunOptions()).run(reader, into: out)
        #expect((run.paddiesRead, run.seasons, run.paddiesWithResults, run.paddiesRejected, run.seasonRejections)
                == (p.summary.paddiesRead, p.summary.seasons, p.summary.paddiesWithResults, p.summary.paddiesRejected, p.summary.seasonRejections))
        let seasons = try String(contentsOf: out.appendingPathComponent("paddy_seasons.csv"), encoding: .utf8)
        #expect(seasons.contains("A,Takeo,2024-01-11,2024-05-03,114,"), "\(seasons)")   // days 10–123
    }

    @Test("The fix of a rejection follows from where its seasons came from and what the series shows")
    func fixes() {
        let season = Rejection(paddyIndex: 0, paddyID: "x", season: SeasonWindow(firstDay: 0, lastDay: 9), reason: "r")
        let paddy = Rejection(paddyIndex: 0, paddyID: "x", reason: "r")
        typealias F = RunPrediction.Facts
        // A detected season that was rejected: give the seasons.
        #expect(RunPrediction.fix(season, F(detected: true)) == .giveSeasons)
        // Seasons given or configured: no detection fix applies.
        #expect(RunPrediction.fix(season, F(detected: false)) == nil)
        #expect(RunPrediction.fix(paddy, F(detected: false, computableWithSeason: true)) == nil)
        // The paddy as a whole: a season fix only if its data pass the engine's checks.
        #expect(RunPrediction.fix(paddy, F(detected: true, computableWithSeason: false)) == nil)
        #expect(RunPrediction.fix(paddy, F(detected: true, computableWithSeason: true)) == .giveSeasons)
        // A field that never floods: upland rice only when declared; declared, it needs its dates.
        #expect(RunPrediction.fix(paddy, F(detected: true, neverFlooded: true, computableWithSeason: true)) == .declareUpland)
        #expect(RunPrediction.fix(paddy, F(detected: true, neverFlooded: true, declaredUpland: true, computableWithSeason: true)) == .giveSeasons)
        // Rejected by the reader (no facts): no fix here.
        #expect(RunPrediction.fix(paddy, nil) == nil)
    }

    @Test("A field that never floods: either an upland season or a rejection whose fix is the upland declaration")
    func neverFlooded() throws {
        // C: −5 cm on all 160 days, no water_supply: the prediction agrees with the engine either
        // way the engine treats such a field.
        let path = try ncgen(surveyCDL([(id: "C", region: "Pursat", area: 1.0, runs: [(Float(-5), 160)])]), name: "dry")
        let p = try RunPrediction.predict(try PaddyFileReader(path: path, resampler: try TestModels.resampler()), engine: try engine(), sample: nil)
        if p.summary.paddiesRejected == 1 {
            #expect(p.groups.count == 1 && p.groups.first?.fix == .declareUpland, "\(p.groups)")
        } else {
            #expect(p.summary.seasons == 1 && p.groups.isEmpty, "\(p.groups)")
        }
    }

    @Test("Rejections group by their reason with numbers and dates masked")
    func template() {
        #expect(RunPrediction.template("flooded period of 44 days is shorter than the 60-day minimum season")
                == "flooded period of # days is shorter than the #-day minimum season")
        #expect(RunPrediction.template("season 2024-06-01…2024-09-30 is outside the water series") == "season #…# is outside the water series")
        #expect(RunPrediction.template("area -1.5 ha is not a positive number") == "area -# ha is not a positive number")
    }

    @Test("A Tier 2 override for a region the input lacks is fine; one that is a near miss of a present region stops the run")
    func tier2RegionAbsent() throws {
        let path = try ncgen(surveyCDL([paddyA, paddyB]), name: "regions")
        let reader = try PaddyFileReader(path: path, resampler: try TestModels.resampler())
        var (set, url) = try TestModels.library.parameterSet("tier2-cambodia-example")
        var configuration = try engine().configuration
        // The example's overrides are Battambang and Takeo; the input has Pursat and Takeo. A
        // national file lists provinces an input may not cover: Battambang is no error.
        configuration.parameters = set
        var options = RunOptions()
        options.namedRegions = RegionReference.overrides(of: set, file: url.path)
        let complete = try makeFixtureDirectory().appendingPathComponent("out")
        _ = try InventoryRunner(engine: InventoryEngine(configuration: configuration), options: options).run(reader, into: complete)
        #expect(visibleFiles(complete).contains("paddy_seasons.csv"), "\(folderListing(complete))")
        // "Takoe" is one slip from "Takeo": a misspelling that would silently apply the defaults.
        set.regions["Takoe"] = set.regions["Takeo"]
        configuration.parameters = set
        options.namedRegions = RegionReference.overrides(of: set, file: url.path)
        let out = try makeFixtureDirectory().appendingPathComponent("out")
        expectYAMLError("tier2-cambodia-example.yaml", "regions.Takoe",
                        ["no paddy of the input is in region \"Takoe\"", "did you mean \"Takeo\"", "regions present: Pursat, Takeo"]) {
            _ = try InventoryRunner(engine: InventoryEngine(configuration: configuration), options: options).run(reader, into: out)
        }
        #expect(visibleFiles(out).isEmpty, "\(folderListing(out))")
        #expect(folderListing(out).isEmpty, "temporary files left: \(folderListing(out))")
    }

    @Test("With shards, merge checks the named regions over all shards (each shard sees only some regions)")
    func shardedRegionCheck() throws {
        // Shard 1/2 holds paddy A (Takeo), shard 2/2 paddy B (Pursat).
        let path = try ncgen(surveyCDL([paddyA, paddyB]), name: "shards")
        let root = try makeFixtureDirectory()
        func shards(naming region: String) throws -> [URL] {
            try (1...2).map { k in
                var options = RunOptions()
                options.draws = 0
                options.shard = Shard(index: k, count: 2)
                options.namedRegions = [RegionReference(file: "config.yaml", keyPath: "seasons.\(region)", region: region)]
                let dir = root.appendingPathComponent("\(region)-\(k)")
                _ = try InventoryRunner(engine: try engine(), options: options)
                    .run(try PaddyFileReader(path: path, resampler: try TestModels.resampler()), into: dir)
                return dir
            }
        }
        // Pursat is absent from shard 1 but present in the whole file: both shards and the merge pass.
        let merged = root.appendingPathComponent("merged")
        #expect(try ShardMerge.merge(try shards(naming: "Pursat"), into: merged).paddiesRead == 2)
        // A region of no shard fails the merge, before any report is written.
        let failed = root.appendingPathComponent("failed")
        let parts = try shards(naming: "Pursatt")
        expectYAMLError("config.yaml", "seasons.Pursatt", ["did you mean \"Pursat\"", "regions present: Pursat, Takeo"]) {
            _ = try ShardMerge.merge(parts, into: failed)
        }
        #expect(visibleFiles(failed).isEmpty, "\(folderListing(failed))")
    }

    @Test("A misspelt region is suggested from the regions present")
    func regionSuggestion() {
        let refs = [RegionReference(file: "c.yaml", keyPath: "seasons.Takoe", region: "Takoe")]
        let error = #expect(throws: YAMLFileError.self) { try RegionReference.check(refs, present: ["Takeo", "Pursat"]) }
        #expect(error?.description == "c.yaml: seasons.Takoe: no paddy of the input is in region \"Takoe\"; did you mean \"Takeo\"?; regions present: Pursat, Takeo")
        #expect(throws: Never.self) { try RegionReference.check(refs, present: ["Takoe"]) }
    }
}

@Suite("Strict inputs through the command line", .serialized,
       .enabled(if: cliToolsBuilt, "scenario-runner is not built next to the test bundle (run `swift build --build-tests` first)"))
struct StrictCLITests {
    @Test("scenarios: an adoption region that no paddy has is exit 1, one stderr line naming file, key and regions, no reports")
    func adoptionRegionAbsent() throws {
        let input = try ncgen(surveyCDL([paddyA, paddyB]), name: "adoption")
        let scenarios = try scenarioFile("""
            monte_carlo: {draws: 0}
            scenarios:
              - name: awd
                water: {practice: safe_awd}
                adoption: {default: 0, regions: {Takeo: 0.3, Pursatt: 0.5}}
            """)
        let out = try makeFixtureDirectory().appendingPathComponent("out")
        let r = try scenarioRunner("scenarios", ["--input", input, "--scenarios", scenarios, "--out", out.path, "--quiet"])
        #expect(r.status == 1 && !r.signalled, "\(r.summary)")
        #expect(r.stderrLines == ["error: \(scenarios): scenarios[0].adoption.regions.Pursatt: no paddy of the input is in region \"Pursatt\"; did you mean \"Pursat\"?; regions present: Pursat, Takeo"],
                "\(r.stderrLines)")
        #expect(folderListing(out).isEmpty, "\(folderListing(out))")
    }

    @Test("run: a file whose paddy dimension has length 0 is exit 1 naming the file")
    func emptyPaddyDimension() throws {
        let input = try ncgen("""
            netcdf empty {
            dimensions:
            \tpaddy = 0 ;
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
            // global attributes:
            \t\t:Conventions = "CF-1.8" ;
            \t\t:featureType = "timeSeries" ;
            data:
            \ttime = 0, 1, 2 ;
            }
            """, name: "empty")
        let out = try makeFixtureDirectory().appendingPathComponent("out")
        let r = try scenarioRunner("run", ["--input", input, "--out", out.path, "--quiet"])
        #expect(r.status == 1 && !r.signalled, "\(r.summary)")
        #expect(r.stderrLines == ["error: \(input): has no paddies (its paddy dimension has length 0): there is nothing to compute"], "\(r.stderrLines)")
        #expect(visibleFiles(out).isEmpty, "\(folderListing(out))")
        let d = try scenarioRunner("describe", ["--input", input])
        #expect(d.status == 0 && d.stdout.contains("PROBLEM: no paddies"), "\(d.summary) \(d.stdout)")
    }

    @Test("run: every paddy rejected is exit 2, and stderr and the manifest say so plainly")
    func everyPaddyRejected() throws {
        let input = try ncgen(surveyCDL([paddyB, paddyD, paddyE]), name: "allrejected")
        let out = try makeFixtureDirectory().appendingPathComponent("out")
        let r = try scenarioRunner("run", ["--input", input, "--out", out.path, "--quiet"])
        #expect(r.status == 2 && !r.signalled, "\(r.summary)")
        #expect(r.stderrLines == ["every paddy (3 read) was rejected: no emissions were computed; the reasons are in \(out.path)/rejected.csv"], "\(r.stderrLines)")
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: out.appendingPathComponent("manifest.json")))
        #expect(manifest.counts.status == "every paddy was rejected: no emissions were computed (see rejected.csv)", "\(manifest)")
        let rejected = try String(contentsOf: out.appendingPathComponent("rejected.csv"), encoding: .utf8)
        #expect(rejected.split(separator: "\n").count == 4, "\(rejected)")   // header + B, D, E
    }

    @Test("describe prints the prediction with the fix")
    func describePrediction() throws {
        let input = try ncgen(surveyCDL([paddyA, paddyB, paddyD, paddyE]), name: "describe")
        let r = try scenarioRunner("describe", ["--input", input])
        #expect(r.status == 0, "\(r.summary)")
        #expect(r.stdout.contains("paddy-seasons found: 1 in 1 paddies"), "\(r.stdout)")
        #expect(r.stdout.contains("paddies rejected: 3; seasons rejected in the other paddies: 0"), "\(r.stdout)")
        #expect(r.stdout.contains("fix: \(RunPrediction.Fix.giveSeasons.rawValue)"), "\(r.stdout)")
    }
}
