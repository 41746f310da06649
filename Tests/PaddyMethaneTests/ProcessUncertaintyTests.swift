import Foundation
import Testing
@testable import PaddyMethane
@testable import PaddyMethaneIO

/// The process model's Monte Carlo (`run --method process`, process-model scenarios): every
/// paddy-season simulated under each of the seeded parameter draws, the per-draw totals summed
/// exactly, the 95 % interval the empirical 2.5/97.5 percentiles of those totals.
@Suite("Process-model intervals")
struct ProcessUncertaintyTests {
    static let day0 = CFCalendar.standard.dayNumber(CalendarDate(year: 2024, month: 6, day: 1))
    static let days = 100
    /// A: 2 ha in North, 5 cm every day. B: 1 ha in South, 5 cm with two drainages to −10 cm
    /// (days 30–39 and 60–69, 0-based).
    static let levelsA = [Double](repeating: 5, count: days)
    static let levelsB = (0..<days).map { d in (30..<40).contains(d) || (60..<70).contains(d) ? -10.0 : 5.0 }
    static let seed: UInt64 = 5

    static func paddy(_ index: Int, _ id: String, region: String, areaHa: Double, levels: [Double]) -> ObservedPaddy {
        let times = (0..<levels.count).map { Double(day0 + $0) }
        return ObservedPaddy(index: index, id: id, region: region, waterSupply: nil, areaHa: areaHa, latitude: nil, longitude: nil,
                             seasons: [SeasonWindow(firstDay: day0, lastDay: day0 + levels.count - 1)], amendments: nil,
                             grainYieldTPerHa: nil, sandFraction: nil,
                             level: Observations(times: times, values: levels, span: day0...(day0 + levels.count - 1)), temperature: nil)
    }

    /// The two paddies; the manifest records `record` as the input (shards of one run must name the same).
    static func source(record: String? = nil) throws -> ArraySource {
        let record = try record ?? fixtureTemporaryPath("process-draws.txt")
        if !FileManager.default.fileExists(atPath: record) {
            try "two paddies from arrays\n".write(toFile: record, atomically: true, encoding: .utf8)
        }
        return ArraySource(path: record, resampler: try TestModels.resampler(), paddies: [
            paddy(0, "A", region: "North", areaHa: 2, levels: levelsA), paddy(1, "B", region: "South", areaHa: 1, levels: levelsB),
        ])
    }

    static func processSetup() throws -> RunSetup {
        var request = RunRequest()
        request.method = .process
        return try TestModels.library.runSetup(request)
    }

    /// The parameter sets by the definition: each ranged parameter of models/ch4mod.yaml, in file
    /// order, at low + u × (high − low) with u the next uniform of SplitMix64(seed), draw after draw.
    static func drawnSets(_ n: Int) throws -> [CH4MODParameters] {
        let (base, file, _) = try TestModels.library.ch4mod()
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { _ in
            var p = base
            for r in file.rangedParameters { p = r.key.setting(p, r.low + rng.uniform() * (r.high - r.low)) }
            return p
        }
    }

    /// CH4 [kg] of one 100-day season of `levels` on `areaHa` with parameters `p`, simulated
    /// directly: soil temperature from the climatology's monthly air temperature (no input
    /// temperature), the file's default yield and sand fraction, no amendments; g m⁻² × 10 = kg ha⁻¹.
    static func seasonKg(_ p: CH4MODParameters, _ levels: [Double], areaHa: Double) throws -> Double {
        let model = CH4MOD(parameters: p)
        let climate = try TestModels.library.processMethod(climate: nil).climatology
        let site = CH4MODSite(grainYieldTPerHa: p.defaultGrainYieldTPerHa, sandFraction: p.defaultSandFraction, amendments: [])
        let season = model.simulate(levelsCm: ArraySlice(levels.map(Float.init)), soilTemperatureC: { i in
            model.soilTemperature(airC: climate.monthlyAirC[CFCalendar.standard.date(ofDay: day0 + i).month - 1])
        }, site: site)
        try season.check()
        return season.emission * 10 * areaHa
    }

    /// Hyndman & Fan type 7 (DrawSummary's rule) for 3 values: h = (n − 1) q, so the 2.5 %
    /// quantile is s₀ + 0.05 (s₁ − s₀) and the 97.5 % quantile s₁ + 0.95 (s₂ − s₁).
    static func interval3(_ x: [Double]) -> (low: Double, high: Double) {
        let s = x.sorted()
        return (s[0] + 0.05 * (s[1] - s[0]), s[1] + 0.95 * (s[2] - s[1]))
    }

    static func csv(_ dir: URL, _ name: String) throws -> [[String: String]] {
        let rows = CSVReader.rows(try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8))
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(rows[0], $0)) }
    }

    @discardableResult
    static func run(_ dir: URL, draws: Int, threads: Int = 2, blockSize: Int = 1024, shard: Shard? = nil, record: String? = nil) throws -> RunSummary {
        var options = RunOptions()
        options.draws = draws
        options.processDraws = draws
        options.seed = seed
        options.threads = threads
        options.blockSize = blockSize
        options.shard = shard
        return try InventoryRunner(engine: try processSetup().engine, options: options).run(try source(record: record), into: dir)
    }

    @Test("3 draws of a 2-paddy run: each draw's total is Σ simulate(drawn parameters); the intervals are its 2.5/97.5 percentiles")
    func intervalsAreThePercentilesOfTheDrawTotals() throws {
        let dir = try makeFixtureDirectory().appendingPathComponent("process-draws")
        let summary = try Self.run(dir, draws: 3)
        let sets = try Self.drawnSets(3)
        #expect(sets == CH4MODParameterDraws(base: try TestModels.library.ch4mod().parameters,
                                             ranged: try TestModels.library.ch4mod().file.rangedParameters, draws: 3, seed: Self.seed).sets)
        // The draws differ: the ranged parameters move the total.
        let a = try sets.map { try Self.seasonKg($0, Self.levelsA, areaHa: 2) }
        let b = try sets.map { try Self.seasonKg($0, Self.levelsB, areaHa: 1) }
        let totals = zip(a, b).map { $0 + $1 }
        #expect(Set(totals).count == 3)
        let sums = try #require(summary.processDraws)
        #expect(sums.failures.isEmpty && sums.validDraws == [0, 1, 2])
        let drawn = sums.totals(sums.regionKeys(ledger: 0))
        for d in 0..<3 { #expect(TestModels.close(drawn[d], totals[d], rel: 1e-9), "draw \(d): \(drawn[d]) vs \(totals[d])") }
        // The estimate is the nominal parameters' (not a draw's).
        let nominal = try Self.seasonKg(try TestModels.library.ch4mod().parameters, Self.levelsA, areaHa: 2)
            + Self.seasonKg(try TestModels.library.ch4mod().parameters, Self.levelsB, areaHa: 1)
        #expect(TestModels.close(summary.aggregate.total.ch4Kg, nominal, rel: 1e-9))

        // uncertainty.csv: total (3.C) and one row per CRT row; t CH4 to 6 decimals.
        let gwp = try TestModels.gwp().value
        let rows = try Self.csv(dir, "uncertainty.csv")
        let total = try #require(rows.first { $0["code"] == "3.C" })
        let (low, high) = Self.interval3(totals)
        #expect(abs(Double(total["ch4_t_low95"]!)! - low / 1000) <= 1e-6)
        #expect(abs(Double(total["ch4_t_high95"]!)! - high / 1000) <= 1e-6)
        #expect(abs(Double(total["co2e_t_low95"]!)! - low * gwp / 1000) <= 1e-6)
        #expect(abs(Double(total["ch4_t"]!)! - nominal / 1000) <= 1e-6)
        #expect(total["draws"] == "3" && total["seed"] == "5" && total["approach1_u95_pct"] == "")
        // A is continuously flooded, B drained twice (multiple aeration): each row is one paddy.
        let cf = try #require(rows.first { $0["code"] == "3.C.1.a" })
        #expect(abs(Double(cf["ch4_t_low95"]!)! - Self.interval3(a).low / 1000) <= 1e-6)
        #expect(abs(Double(cf["ch4_t_high95"]!)! - Self.interval3(a).high / 1000) <= 1e-6)

        // region_seasons.csv: one cell per region, each one paddy's draws.
        let cells = try Self.csv(dir, "region_seasons.csv")
        let south = try #require(cells.first { $0["region"] == "South" })
        #expect(abs(Double(south["ch4_t_low95"]!)! - Self.interval3(b).low / 1000) <= 1e-6)
        #expect(abs(Double(south["co2e_t_high95"]!)! - Self.interval3(b).high * gwp / 1000) <= 1e-6)

        // The manifest records the draws, the seed and that no draw failed.
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("manifest.json"))) as! [String: Any]
        let mc = try #require(manifest["monte_carlo"] as? [String: Any])
        #expect(mc["draws"] as? Int == 3 && mc["seed"] as? Int == 5)
        #expect((mc["distribution"] as? String)?.contains("uniform") == true)
        #expect((manifest["monte_carlo_failed_draws"] as? [String]) == [])
        // No Approach 1 table for the process model.
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(ApproachOneSection.fileName).path))
    }

    @Test("without draws the process model writes no uncertainty.csv and no intervals")
    func noDrawsNoIntervals() throws {
        let dir = try makeFixtureDirectory().appendingPathComponent("process-no-draws")
        let summary = try Self.run(dir, draws: 0)
        #expect(summary.processDraws == nil)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("uncertainty.csv").path))
        #expect(try Self.csv(dir, "region_seasons.csv").allSatisfy { $0["ch4_t_low95"] == "" })
    }

    @Test("reports are byte-identical for any thread count, block size and split into shards")
    func threadsBlocksAndShardsGiveTheSameBytes() throws {
        let root = try makeFixtureDirectory().appendingPathComponent("process-identity")
        let record = try fixtureTemporaryPath("process-draws.txt")
        try Self.run(root.appendingPathComponent("one"), draws: 4, threads: 1, blockSize: 1, record: record)
        try Self.run(root.appendingPathComponent("two"), draws: 4, threads: 2, blockSize: 7, record: record)
        let shards = (1...2).map { root.appendingPathComponent("shard\($0)") }
        for (k, dir) in shards.enumerated() { try Self.run(dir, draws: 4, threads: 1, blockSize: 1, shard: Shard(index: k + 1, count: 2), record: record) }
        let merged = root.appendingPathComponent("merged")
        let summary = try ShardMerge.merge(shards.reversed(), into: merged)
        #expect(summary.processDraws?.draws == 4)
        for name in ["uncertainty.csv", "region_seasons.csv", "region_summary.csv", "paddy_seasons.csv"] {
            let one = try Data(contentsOf: root.appendingPathComponent("one/\(name)"))
            #expect(one == (try Data(contentsOf: root.appendingPathComponent("two/\(name)"))), "\(name): threads/block size")
            #expect(one == (try Data(contentsOf: merged.appendingPathComponent(name))), "\(name): shards")
        }
    }

    /// A scenario plan: the process-model baseline and continuous flooding, 3 draws.
    static func plan(_ dir: URL, adoption: Double? = nil) throws -> ScenarioPlan {
        let path = dir.appendingPathComponent("scenarios.yaml")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try """
        title: process-model scenarios
        baseline:
          method: process
        monte_carlo:
          draws: 3
          seed: 5
        scenarios:
          - name: continuous-flooding
            water: {practice: continuous_flooding}
        \(adoption.map { "    adoption: {default: \($0)}" } ?? "")
        """.write(to: path, atomically: true, encoding: .utf8)
        return try ScenarioPlan.load(path.path, library: TestModels.library)
    }

    @discardableResult
    static func runScenarios(_ dir: URL, threads: Int = 2, blockSize: Int = 1024, shard: Shard? = nil, record: String? = nil,
                             adoption: Double? = nil) throws -> ScenarioSummary {
        let plan = try plan(dir.deletingLastPathComponent().appendingPathComponent("plan"), adoption: adoption)
        var options = RunOptions()
        options.threads = threads
        options.blockSize = blockSize
        options.shard = shard
        let reader = try source(record: record)
        let settings = try RunSettings.scenarios(input: reader.path, maxGapDays: TestModels.detection().maxGapDays, strict: false, plan: plan)
        return try ScenarioComparison(plan: plan, options: options).run(reader, into: dir, settings: settings)
    }

    @Test("scenario change interval: scenario minus baseline draw by draw, each simulated with the drawn parameters")
    func scenarioDifferencesArePaired() throws {
        let root = try makeFixtureDirectory().appendingPathComponent("process-scenarios")
        let dir = root.appendingPathComponent("run")
        let summary = try Self.runScenarios(dir)
        let plan = try Self.plan(root.appendingPathComponent("plan"))
        #expect(plan.processDraws == 3)
        // Continuous flooding by its definition: every day before the end-season drainage at least
        // level_cm (models/water-management.yaml); the last end_season_drainage_days as observed.
        let level = try TestModels.library.managementDefaults().continuous_flooding.level_cm.value
        let kept = try TestModels.detection().endSeasonDrainageDays
        func flooded(_ x: [Double]) -> [Double] { x.enumerated().map { $0 < x.count - kept ? max($1, level) : $1 } }
        #expect(flooded(Self.levelsB) != Self.levelsB)
        let sets = try Self.drawnSets(3)
        let base = try sets.map { try Self.seasonKg($0, Self.levelsA, areaHa: 2) + Self.seasonKg($0, Self.levelsB, areaHa: 1) }
        let scen = try sets.map { try Self.seasonKg($0, flooded(Self.levelsA), areaHa: 2) + Self.seasonKg($0, flooded(Self.levelsB), areaHa: 1) }
        let gwp = try TestModels.gwp().value / 1000
        let change = zip(scen, base).map { ($0 - $1) * gwp }
        let rows = try Self.csv(dir, "scenario_summary.csv")
        let cf = try #require(rows.first { $0["scenario"] == "continuous-flooding" })
        let (low, high) = Self.interval3(change)
        #expect(abs(Double(cf["co2e_t_change_low95"]!)! - low) <= 1e-6, "\(cf)")
        #expect(abs(Double(cf["co2e_t_change_high95"]!)! - high) <= 1e-6)
        #expect(abs(Double(cf["co2e_t_low95"]!)! - Self.interval3(scen.map { $0 * gwp }).low) <= 1e-6)
        #expect(cf["interval_method"] == "process-ch4mod-monte-carlo 3 draws, seed 5")
        // Paired: the interval of the differences is not the difference of the intervals.
        let unpaired = Self.interval3(scen.map { $0 * gwp }).low - Self.interval3(base.map { $0 * gwp }).low
        #expect(abs(low - unpaired) > 1e-6)
        // The baseline inventory's intervals come from the same draws (ledger 0).
        let total = try #require(try Self.csv(dir, "uncertainty.csv").first { $0["code"] == "3.C" })
        #expect(abs(Double(total["ch4_t_low95"]!)! - Self.interval3(base).low / 1000) <= 1e-6)
        // scenario_region_seasons.csv: the scenario's cells drawn too (South is paddy B alone).
        let cells = try Self.csv(dir, "scenario_region_seasons.csv")
        let south = try #require(cells.first { $0["scenario"] == "continuous-flooding" && $0["region"] == "South" })
        let bScen = try sets.map { try Self.seasonKg($0, flooded(Self.levelsB), areaHa: 1) }
        #expect(abs(Double(south["ch4_t_high95"]!)! - Self.interval3(bScen).high / 1000) <= 1e-6)
        #expect(summary.run.processDraws?.failures.isEmpty == true)
    }

    @Test("partial adoption: each draw blends f × the scenario and (1 − f) × the observed practice, both simulated with that draw")
    func partialAdoptionBlendsDrawByDraw() throws {
        let root = try makeFixtureDirectory().appendingPathComponent("process-adoption")
        let dir = root.appendingPathComponent("run")
        try Self.runScenarios(dir, adoption: 0.25)
        let level = try TestModels.library.managementDefaults().continuous_flooding.level_cm.value
        let kept = try TestModels.detection().endSeasonDrainageDays
        func flooded(_ x: [Double]) -> [Double] { x.enumerated().map { $0 < x.count - kept ? max($1, level) : $1 } }
        let sets = try Self.drawnSets(3)
        let base = try sets.map { try Self.seasonKg($0, Self.levelsA, areaHa: 2) + Self.seasonKg($0, Self.levelsB, areaHa: 1) }
        let adopted = try sets.map { try Self.seasonKg($0, flooded(Self.levelsA), areaHa: 2) + Self.seasonKg($0, flooded(Self.levelsB), areaHa: 1) }
        // Expected CH4 of draw d: 0.25 × adopted_d + 0.75 × base_d; its change 0.25 × (adopted_d − base_d).
        let gwp = try TestModels.gwp().value / 1000
        let level95 = Self.interval3(zip(adopted, base).map { (0.25 * $0 + 0.75 * $1) * gwp })
        let change95 = Self.interval3(zip(adopted, base).map { 0.25 * ($0 - $1) * gwp })
        let cf = try #require(try Self.csv(dir, "scenario_summary.csv").first { $0["scenario"] == "continuous-flooding" })
        #expect(cf["adopted_area_ha"] == "0.7500")
        #expect(abs(Double(cf["co2e_t_low95"]!)! - level95.low) <= 1e-6 && abs(Double(cf["co2e_t_high95"]!)! - level95.high) <= 1e-6, "\(cf)")
        #expect(abs(Double(cf["co2e_t_change_low95"]!)! - change95.low) <= 1e-6 && abs(Double(cf["co2e_t_change_high95"]!)! - change95.high) <= 1e-6)
    }

    @Test("scenario reports are byte-identical for any thread count, block size and split into shards")
    func scenarioShardsGiveTheSameBytes() throws {
        let root = try makeFixtureDirectory().appendingPathComponent("process-scenario-identity")
        let record = try fixtureTemporaryPath("process-draws.txt")
        try Self.runScenarios(root.appendingPathComponent("one"), threads: 1, blockSize: 1, record: record)
        try Self.runScenarios(root.appendingPathComponent("two"), threads: 2, blockSize: 3, record: record)
        let shards = (1...2).map { root.appendingPathComponent("shard\($0)") }
        for (k, dir) in shards.enumerated() { try Self.runScenarios(dir, threads: 1, blockSize: 1, shard: Shard(index: k + 1, count: 2), record: record) }
        let merged = root.appendingPathComponent("merged")
        _ = try ShardMerge.merge(shards, into: merged)
        for name in ["scenario_summary.csv", "scenario_region_seasons.csv", "uncertainty.csv", "region_seasons.csv"] {
            let one = try Data(contentsOf: root.appendingPathComponent("one/\(name)"))
            #expect(one == (try Data(contentsOf: root.appendingPathComponent("two/\(name)"))), "\(name): threads/block size")
            #expect(one == (try Data(contentsOf: merged.appendingPathComponent(name))), "\(name): shards")
        }
    }

    @Test("a draw under which a season fails its model check is left out of every interval and named, in any merge order")
    func failedDrawsAreLeftOutAndNamed() throws {
        let w = SeasonWindow(firstDay: Self.day0, lastDay: Self.day0 + 9)
        let water = TestSeries.observed([Float](repeating: 5, count: 10), firstDay: Self.day0)
        func result(_ p: Paddy) -> PaddySeasonResult {
            PaddySeasonResult(paddyIndex: p.index, paddyID: p.id, region: "North", calendar: .standard, areaHa: 1,
                              assessment: TestPaddy.assessment(.continuously_flooded, days: 10), amendments: [], factors: nil,
                              ch4Kg: 0, efKgPerHaPerDay: 0, dailyFluxGPerM2: nil, co2eT: 0, method: "process-ch4mod",
                              parameterSetID: "x", temperatureSource: "x", activityUncertainty: .none, attributes: [:], grainYieldTPerHa: nil)
        }
        let p0 = TestPaddy.make("P0", index: 0, region: "North", seasons: [w], water: water)
        let p7 = TestPaddy.make("P7", index: 7, region: "North", seasons: [w], water: water)
        let key = ProcessDrawSums.region("North", ledger: 0)
        // Three draws; P7 fails under draw 1 (0-based), P0 under draws 1 and 2.
        var a = ProcessDrawSums(draws: 3, seed: 1, gwp: 28), b = a
        a.add([10, 20, 30], keys: [key])
        a.record([(1, "balance A")], paddy: p7, result(p7))
        b.add([1, 2, 4], keys: [key])
        b.record([(1, "balance B"), (2, "balance C")], paddy: p0, result(p0))
        var ab = a, ba = b
        ab.merge(b)
        ba.merge(a)
        #expect(ab == ba)
        // Only draw 0 is left: 10 + 1.
        #expect(ab.validDraws == [0] && ab.totals([key]) == [11])
        #expect(ab.failures[1]?.seasons == 2 && ab.failures[1]?.reason.hasPrefix("paddy 'P0'") == true)
        #expect(ab.failures[2]?.seasons == 1)
        let counts = RunCounts({ var s = RunSummary(); s.processDraws = ab; return s }())
        #expect(counts.failedDraws?.count == 2 && counts.failedDraws?[0].hasPrefix("draw 2 of 3: 2 paddy-season(s)") == true)
        // Every draw failed: no interval.
        var all = ab
        all.record([(0, "balance D")], paddy: p0, result(p0))
        #expect(all.summary([key]) == nil)
    }
}
