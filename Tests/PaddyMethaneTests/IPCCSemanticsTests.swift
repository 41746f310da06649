import Foundation
import Testing
@testable import PaddyMethane
@testable import PaddyMethaneIO

// IPCC categories as the Guidelines define them, on series shaped like real ones: the pre-season
// (Table 5.13) read from the fallow after the previous season, a drainage that needs a flood
// before it, upland only where declared, seasons monitored to harvest, depth-reached drainage
// rules, and given seasons too short or outside the series. Expected values are worked by hand
// from IPCC 2019 Eq. 5.1–5.3 with the factors of models/ipcc-2019.yaml: EF_c 1.19 (global),
// SF_w 1.00 / 0.71 / 0.55 / 0 (continuously flooded / single / multiple drainage / upland),
// SF_p 1.00 / 0.89 / 2.41 / 0.59 and 1.22 for an unknown status (Table 5.13 aggregated case).

private let wet: Float = 5
private let dry: Float = -10

private func engine(rule: String = "ipcc", configure: (inout RunConfiguration) -> Void = { _ in }) throws -> InventoryEngine {
    var c = RunConfiguration(parameters: try TestModels.parameters(), detection: try TestModels.detection(),
                             drainageRule: try TestModels.rule(rule), gwp: try TestModels.gwp("ar5"))
    configure(&c)
    return InventoryEngine(configuration: c)
}

private func close(_ a: Double, _ b: Double) -> Bool { TestModels.close(a, b, rel: 1e-9) }

/// Daily runs of an AWD season followed by a continuously flooded one (indices from day 0):
/// dry 200 (0…199); AWD 5 × (wet 10, dry 6) (200…279), wet 20 (280…299); fallow dry 40 (300…339);
/// wet 100 (340…439); dry 30 (440…469). 470 days.
private let awdThenFlooded: [(Int, Float)] = [(200, dry)] + Array(repeating: [(10, wet), (6, dry)], count: 5).flatMap { $0 }
    + [(20, wet), (40, dry), (100, wet), (30, dry)]

@Suite struct IPCCSemanticsTests {
    let d0 = TestSeries.day0

    // MARK: Item 7: pre-season from the fallow after the previous season

    @Test func awdSeasonFollowedByASecondSeason() throws {
        let e = try engine()
        let out = e.evaluate(TestPaddy.make("awd", areaHa: 2, water: TestSeries.observed(runs: awdThenFlooded)))
        #expect(out.rejections.isEmpty, "\(out.rejections)")
        try #require(out.results.count == 2)
        let (s1, s2) = (out.results[0], out.results[1])
        // Season 1: onset 200, last flood 299, 30 dry days reached on 329 → end min(299 + 14, 329) = 313.
        #expect(s1.assessment.window == TestSeries.window(200, 313))
        #expect(s1.assessment.regime == .multiple_drainage)
        #expect(s1.assessment.events.count == 5)
        // No previous season; 200 known dry days before it (> 180, ≤ 365): not flooded > 180 d.
        #expect(s1.assessment.preSeason == .not_flooded_gt_180d)
        #expect(close(s1.ch4Kg, 1.19 * 0.55 * 0.89 * 114 * 2))
        // Season 2: onset 340, last flood 439, end 439 + 14 = 453; continuously flooded.
        #expect(s2.assessment.window == TestSeries.window(340, 453))
        #expect(s2.assessment.regime == .continuously_flooded)
        // The previous crop (the AWD season) ended on day 313: fallow 314…339 = 26 days, never
        // flooded → not flooded < 180 d, SF_p 1.00 (not "> 180 d" for want of a 30-day flood).
        #expect(s2.assessment.preSeason == .not_flooded_lt_180d)
        #expect(s2.factors?.sfP == 1.00)
        #expect(close(s2.ch4Kg, 1.19 * 1.00 * 1.00 * 114 * 2))
    }

    /// Given seasons 0…113 and 189…302: wet 100, dry 14 | fallow dry 30, wet 40 (144…183),
    /// land-preparation dry 5 (184…188) | wet 100 (189…288), dry 14 (289…302) | dry 167.
    static let floodedFallow: [(Int, Float)] = [(100, wet), (14, dry), (30, dry), (40, wet), (5, dry), (100, wet), (14, dry), (167, dry)]

    @Test func floodedFallowWithLandPreparationDrainage() throws {
        let windows = [TestSeries.window(0, 113), TestSeries.window(189, 302)]
        let out = try engine().evaluate(TestPaddy.make("ff", areaHa: 1.5, seasons: windows,
                                                        water: TestSeries.observed(runs: Self.floodedFallow)))
        #expect(out.rejections.isEmpty, "\(out.rejections)")
        try #require(out.results.count == 2)
        // Season 1 starts on the series' first day: pre-season unknown, aggregated SF_p 1.22.
        #expect(out.results[0].assessment.preSeason == nil)
        #expect(out.results[0].factors?.sfP == 1.22)
        #expect(close(out.results[0].ch4Kg, 1.19 * 1.00 * 1.22 * 114 * 1.5))
        // Season 2: the fallow 114…188 holds a 40-day flood (> 30): flooded pre-season, though
        // 5 dry days of land preparation come right before the season.
        let s2 = out.results[1]
        #expect(s2.assessment.preSeason == .flooded_gt_30d)
        #expect(s2.assessment.regime == .continuously_flooded)
        #expect(s2.factors?.sfP == 2.41)
        #expect(close(s2.ch4Kg, 1.19 * 1.00 * 2.41 * 114 * 1.5))
        // A flood of exactly 30 days in the fallow is not considered (Table 5.13 note): the
        // fallow's 75 days decide → not flooded < 180 d.
        let thirty: [(Int, Float)] = [(100, wet), (14, dry), (40, dry), (30, wet), (5, dry), (100, wet), (14, dry), (167, dry)]
        let t = try engine().evaluate(TestPaddy.make("ff30", seasons: windows, water: TestSeries.observed(runs: thirty)))
        #expect(t.results.last?.assessment.preSeason == .not_flooded_lt_180d)
    }

    @Test func detectionSplitsAFloodedFallowFromTheCropWhenTogetherTheyAreTooLongForOneCrop() throws {
        // wet 100, dry 44 (season 1: 0…113) | wet 70 (144…213), land-preparation dry 5 (214…218),
        // wet 100 (219…318), dry 14 (319…332) to the series end.
        // The second flooded period 144…332 is 189 days > 180: it starts again on day 219, after
        // the 5 dry days (≥ 3) that follow 70 days (> 30); 219…332 is 114 days (60…180).
        let s = TestSeries.observed(runs: [(100, wet), (44, dry), (70, wet), (5, dry), (100, wet), (14, dry)])
        let found = try TestModels.detection().detectSeasons(in: s)
        #expect(found.seasons == [TestSeries.window(0, 113), TestSeries.window(219, 332)])
        let out = try engine().evaluate(TestPaddy.make("split", water: s))
        #expect(out.results.map(\.assessment.preSeason) == [nil, .flooded_gt_30d])
        #expect(out.results.last?.assessment.regime == .continuously_flooded)
        // The same with a 40-day flooded fallow: 40 + 5 + 114 = 159 days fits one crop, and the
        // levels cannot tell it from a crop with a mid-season drainage: one season (documented in
        // models/water-detection.yaml; give the dates where fields are flooded before the crop).
        let t = TestSeries.observed(runs: [(100, wet), (44, dry), (40, wet), (5, dry), (100, wet), (14, dry)])
        #expect(try TestModels.detection().detectSeasons(in: t).seasons == [TestSeries.window(0, 113), TestSeries.window(144, 302)])
    }

    @Test func preSeasonUnknownUsesTheAggregatedFactorInTier1AndMonteCarlo() throws {
        let p = try TestModels.parameters()
        let unknown = TestPaddy.assessment(.continuously_flooded, preSeason: nil)
        #expect(p.factors(for: unknown, region: nil, ipccRegion: nil, amendments: []).sfP == 1.22)
        // The Monte Carlo category draws the aggregated factor (1.22, 1.08–1.37).
        let r = try engine().result(TestPaddy.make("u", water: TestSeries.observed(runs: [(100, wet)])),
                                    TestSeries.window(0, 99), previousSeason: nil)
        let category = FactorCategory(r)
        #expect(category.preSeason == .unknown)
        let model = FactorModel(parameters: p)
        let plan = model.plan(category)
        #expect(model.values[plan.sfp] == 1.22)
        // σ = (ln 1.37 − ln 1.08) / 3.92.
        #expect(close(model.sigmas[plan.sfp], (log(1.37) - log(1.08)) / 3.92))
        #expect(close(model.ef(plan, model.values), 1.19 * 1.22))
    }

    @Test func aMissingStretchThatCouldHideAFloodMakesThePreSeasonUnknown() throws {
        // Season 1 0…113 given; fallow 114…188 dry but days 140…175 (36 days > 30) missing.
        let windows = [TestSeries.window(0, 113), TestSeries.window(189, 302)]
        let dryFallow: [(Int, Float)] = [(100, wet), (14, dry), (75, dry), (100, wet), (14, dry), (167, dry)]
        let s = TestSeries.withMissing(TestSeries.observed(runs: dryFallow), 140...175)
        let out = try engine().evaluate(TestPaddy.make("gap", seasons: windows, water: s))
        #expect(out.results.last?.assessment.preSeason == nil)
        // 20 missing days (≤ 30) cannot hide a flood of more than 30 days: the 75-day fallow decides.
        let t = TestSeries.withMissing(TestSeries.observed(runs: dryFallow), 140...159)
        #expect(try engine().evaluate(TestPaddy.make("gap20", seasons: windows, water: t)).results.last?.assessment.preSeason == .not_flooded_lt_180d)
    }

    // MARK: Item 8: a drainage needs a flood before it

    @Test func windowStartingWithTenDryDaysIsContinuouslyFlooded() throws {
        // dry 90 (0…89), wet 100 (90…189), dry 30. A given window 80…203 starts with 10 dry days.
        let s = TestSeries.observed(runs: [(90, dry), (100, wet), (30, dry)])
        let out = try engine().evaluate(TestPaddy.make("prep", seasons: [TestSeries.window(80, 203)], water: s))
        let r = try #require(out.results.first)
        #expect(r.assessment.regime == .continuously_flooded)
        #expect(r.assessment.events.isEmpty)
        #expect(r.factors?.sfW == 1.00)
        // The same window configured by month and day (--config): 2020-03-21 is day 80 of 2020.
        let window = try #require(MonthDayWindow(start: "03-21", end: "07-22"))
        let configured = try engine { $0.seasonsByRegion = ["*": [window]] }
        let c = try #require(configured.evaluate(TestPaddy.make("prep", water: s)).results.first)
        #expect(c.assessment.window == TestSeries.window(80, 203))
        #expect(c.assessment.regime == .continuously_flooded)
        // A dry spell after the first flood is still a drainage: wet 5 days in, then dry 10.
        let t = TestSeries.observed(runs: [(80, dry), (5, wet), (10, dry), (95, wet), (30, dry)])
        let d = try #require(try engine().evaluate(TestPaddy.make("mid", seasons: [TestSeries.window(80, 203)], water: t)).results.first)
        #expect(d.assessment.regime == .single_drainage)
        #expect(d.assessment.events.map(\.firstDay) == [d0 + 85])
    }

    // MARK: Item 9: no fabricated upland rice

    @Test func neverFloodedFieldIsRejectedUnlessDeclaredUpland() throws {
        let fallow = TestSeries.observed(runs: [(365, dry)])
        let rejected = try engine().evaluate(TestPaddy.make("fallow", water: fallow))
        #expect(rejected.results.isEmpty)
        #expect(rejected.rejections.map(\.reason) == ["no flooding seen: not a flooded rice season; declare water_supply = upland for upland rice"])
        // A given window on a never-flooded field: rejected too, and a declared irrigated supply
        // is not turned into upland.
        let given = try engine().evaluate(TestPaddy.make("fallow", supply: .irrigated, seasons: [TestSeries.window(100, 219)], water: fallow))
        #expect(given.results.isEmpty)
        #expect(given.rejections.first?.season == TestSeries.window(100, 219))
        // Declared upland (in the file) with its season: upland rice, SF_w 0, CH4 0, CRT line "Upland rice".
        let upland = try engine().evaluate(TestPaddy.make("up", supply: .upland, seasons: [TestSeries.window(100, 219)], water: fallow))
        let u = try #require(upland.results.first)
        #expect(u.assessment.regime == .upland)
        #expect(u.assessment.waterSupply == .upland)
        #expect(u.factors?.sfW == 0)
        #expect(u.ch4Kg == 0)
        #expect(CRTTable3C.line(of: CRTRow(u.assessment)).code == "upland")
        // Declared upland without season dates: rejected (upland seasons cannot be detected).
        let noDates = try engine().evaluate(TestPaddy.make("up", supply: .upland, water: fallow))
        #expect(noDates.results.isEmpty)
        #expect(noDates.rejections.first?.reason.contains("give season_start/season_end") == true)
    }

    @Test func uplandDeclaredInTheRunConfiguration() throws {
        let path = try fixtureTemporaryPath("config.yaml")
        try """
        seasons:
          Mondulkiri: [{start: "04-10", end: "08-07"}]
        water_supply:
          Mondulkiri: upland
          "*": irrigated
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let file = try RunConfigFile.load(path)
        #expect(file.waterSupplyByRegion == ["Mondulkiri": .upland, "*": .irrigated])
        let e = try engine { file.apply(to: &$0) }
        let fallow = TestSeries.observed(runs: [(365, dry)])
        // 2020-04-10 is day 100 of 2020, 2020-08-07 day 219: 120 days, upland, SF_w 0.
        let u = try #require(e.evaluate(TestPaddy.make("up", region: "Mondulkiri", water: fallow)).results.first)
        #expect(u.assessment.window == TestSeries.window(100, 219))
        #expect(u.assessment.regime == .upland)
        #expect(u.ch4Kg == 0)
        // The file's own supply comes first: declared rainfed in the file stays rainfed.
        let flooded = TestSeries.observed(runs: [(100, dry), (110, wet), (155, dry)])
        let r = try #require(e.evaluate(TestPaddy.make("rf", region: "Mondulkiri", supply: .rainfed, water: flooded)).results.first)
        #expect(r.assessment.waterSupply == .rainfed)
        #expect(r.assessment.regime == .rainfed_regular)
        // Another region takes "*": irrigated, and a never-flooded field is rejected.
        #expect(e.evaluate(TestPaddy.make("x", region: "Takeo", water: fallow)).results.isEmpty)
        // An unknown supply token is an error naming the key.
        try "water_supply: {Takeo: paddy}\n".write(toFile: path, atomically: true, encoding: .utf8)
        do { _ = try RunConfigFile.load(path); Issue.record("an unknown water supply was accepted") } catch {
            #expect("\(error)".contains("water_supply.Takeo: \"paddy\" is not one of irrigated, rainfed, deepwater, upland"), "\(error)")
        }
    }

    // MARK: Item 10: a season monitored to harvest is complete

    @Test func plotMonitoredToHarvest() throws {
        // A trial plot: sensor installed 10 days before transplanting, flooded 95 days (10…104),
        // stopped at harvest 10 days after the end-season drainage started (105…114).
        let s = TestSeries.observed(runs: [(10, dry), (95, wet), (10, -5)])
        let out = try engine().evaluate(TestPaddy.make("plot", areaHa: 0.05, water: s))
        #expect(out.rejections.isEmpty, "\(out.rejections)")
        let r = try #require(out.results.first)
        // End: min(104 + 14, 114) = 114 (the last day of the series): 105 days.
        #expect(r.assessment.window == TestSeries.window(10, 114))
        #expect(r.assessment.regime == .continuously_flooded)
        #expect(close(r.ch4Kg, 1.19 * 1.00 * 1.22 * 105 * 0.05))
        // Stopped 9 days after the last flood: the end-season drainage is not shown (< 10 days).
        let t = TestSeries.observed(runs: [(10, dry), (95, wet), (9, -5)])
        let rej = try engine().evaluate(TestPaddy.make("plot", water: t))
        #expect(rej.results.isEmpty)
        #expect(rej.rejections.first?.reason == "incomplete season: the series ends 9 days after the last flooded day with 9 known dry days (an observed end-season drainage needs 10, a fallow 30)")
        // Unknown days are not flooded days: 12 days after the last flood, 8 of them missing.
        let u = TestSeries.withMissing(TestSeries.observed(runs: [(10, dry), (95, wet), (12, -5)]), 109...116)
        #expect(try engine().evaluate(TestPaddy.make("plot", water: u)).rejections.first?.reason
                .hasPrefix("incomplete season: the series ends 12 days after the last flooded day with 4 known dry days") == true)
    }

    // MARK: Item 11: drainage rules read their methodology's words

    @Test func safeAWDReachingMinus15UnderJCM() throws {
        // Safe AWD: 20 days flooded at 5 cm, then three cycles of falling 3 cm a day from 5 cm to
        // −16 cm (2, −1, −4, −7, −10, −13, −16: 6 days below the surface) and re-flooding for
        // 12 days; then 30 days flooded and a 14-day end-season drainage. 20 + 3 × 19 + 44 = 121 days.
        let cycle: [Float] = [2, -1, -4, -7, -10, -13, -16] + [Float](repeating: 5, count: 12)
        let levels = [Float](repeating: 5, count: 20) + cycle + cycle + cycle
            + [Float](repeating: 5, count: 30) + [Float](repeating: -10, count: 14)
        let w = TestSeries.window(0, levels.count - 1)
        let jcm = try engine(rule: "jcm-ph-am004").evaluate(TestPaddy.make("awd", seasons: [w], water: TestSeries.observed(levels)))
        let r = try #require(jcm.results.first)
        // Each cycle is drained (below the surface) for 6 days and reaches −15 cm: three events.
        #expect(r.assessment.events.map(\.lengthDays) == [6, 6, 6])
        #expect(r.assessment.events.map(\.minLevelCm) == [-16, -16, -16])
        #expect(r.assessment.regime == .multiple_drainage)
        #expect(r.factors?.sfW == 0.55)
        // A cycle re-flooded at −13 cm does not reach the JCM depth: continuously flooded under
        // jcm-ph-am004, but a drainage of 5 days (≥ 4) under ipcc.
        let shallow: [Float] = [Float](repeating: 5, count: 20) + [2, -1, -4, -7, -10, -13]
            + [Float](repeating: 5, count: 80) + [Float](repeating: -10, count: 14)
        let paddy = TestPaddy.make("shallow", seasons: [TestSeries.window(0, shallow.count - 1)], water: TestSeries.observed(shallow))
        #expect(try engine(rule: "jcm-ph-am004").evaluate(paddy).results.first?.assessment.regime == .continuously_flooded)
        #expect(try engine().evaluate(paddy).results.first?.assessment.regime == .single_drainage)
    }

    // MARK: Item 1 (engine): given seasons too short or outside the series

    @Test func givenSeasonsTooShortOrOutsideTheSeriesAreRejected() throws {
        let s = TestSeries.observed(runs: [(300, wet)])
        let out = try engine().evaluate(TestPaddy.make("g", seasons: [
            TestSeries.window(10, 68),      // 59 days < 60
            TestSeries.window(100, 219),    // 120 days: accepted
            TestSeries.window(250, 320),    // ends after the series (last day 299)
        ], water: s))
        #expect(out.results.map(\.assessment.window) == [TestSeries.window(100, 219)])
        #expect(out.rejections.map(\.reason) == [
            "season 2020-01-11…2020-03-09 is 59 days, shorter than the 60-day minimum season (min_season_days)",
            "season 2020-09-07…2020-11-16 is outside the water series",
        ])
    }

    // MARK: Satellite series and the real reader

    /// Sentinel-1-like passes every 12 days from 2024-01-01 (int64 "days since", NaN fill as
    /// xarray writes), the pass on day 276 missed (NaN), levels −7 or +5 cm so that linear
    /// interpolation moves 1 cm a day between a dry and a wet pass.
    static let satelliteCDL: String = {
        let times = Array(stride(from: 0, through: 372, by: 12))
        let levels: [String] = times.map { t in
            if t == 276 { return "NaN" }
            return (36...132).contains(t) || (228...324).contains(t) ? "5" : "-7"
        }
        return """
        netcdf satellite {
        dimensions:
        \ttime = \(times.count) ;
        variables:
        \tstring paddy_id ;
        \t\tpaddy_id:cf_role = "timeseries_id" ;
        \tint64 time(time) ;
        \t\ttime:units = "days since 2024-01-01" ;
        \t\ttime:calendar = "proleptic_gregorian" ;
        \tfloat water_level(time) ;
        \t\twater_level:_FillValue = NaNf ;
        \t\twater_level:units = "cm" ;
        \tdouble area ;
        \t\tarea:units = "ha" ;
        // global attributes:
        \t\t:Conventions = "CF-1.8" ;
        \t\t:featureType = "timeSeries" ;
        data:
        \tpaddy_id = "S1-0042" ;
        \ttime = \(times.map(String.init).joined(separator: ", ")) ;
        \twater_level = \(levels.joined(separator: ", ")) ;
        \tarea = 1.5 ;
        }
        """
    }()

    @Test func twelveDayRevisitsWithAMissedPass() throws {
        let path = try ncgen(Self.satelliteCDL, format: "nc4", name: "satellite")
        let reader = try PaddyFileReader(path: path, resampler: try TestModels.resampler())
        guard case .paddy(let paddy)? = try reader.read(start: 0, count: 1).first else { Issue.record("not read"); return }
        let out = try engine().evaluate(paddy)
        #expect(out.rejections.isEmpty, "\(out.rejections)")
        try #require(out.results.count == 2)
        let day = paddy.water.firstDay
        // Rising from −7 (day 24) to +5 (day 36) at 1 cm/day: flooded (≥ 1 cm) from day 32; falling
        // from day 132: last flooded day 136; fallow known → end 136 + 14 = 150. Season 1 32…150.
        let (s1, s2) = (out.results[0].assessment, out.results[1].assessment)
        #expect(s1.window == SeasonWindow(firstDay: day + 32, lastDay: day + 150))
        // Season 2: flooded from 224 (216 → 228), last flooded 328 (324 → 336): 224…342. The
        // missed pass leaves days 265…287 (23) missing: 96 of 119 days known (0.807 ≥ 0.8).
        #expect(s2.window == SeasonWindow(firstDay: day + 224, lastDay: day + 342))
        #expect(close(s2.missingFraction, 23.0 / 119))
        #expect(s1.regime == .continuously_flooded && s2.regime == .continuously_flooded)
        // Pre-season: season 1 sees 32 dry days (unknown, 1.22); season 2 follows season 1 after a
        // 73-day dry fallow (151…223): not flooded < 180 d (1.00).
        #expect(s1.preSeason == nil)
        #expect(s2.preSeason == .not_flooded_lt_180d)
        #expect(close(out.results[0].ch4Kg, 1.19 * 1.00 * 1.22 * 119 * 1.5))
        #expect(close(out.results[1].ch4Kg, 1.19 * 1.00 * 1.00 * 119 * 1.5))
    }
}

// MARK: End to end through the built scenario-runner

/// Six paddies on one daily axis of 470 days from 2024-01-01 (int64 times, NaN fills, seasons
/// as (paddy, season) with NaN for unused, water_supply as NetCDF-4 strings).
private func semanticsCDL() -> String {
    func levels(_ runs: [(Int, Float)]) -> [Float] { TestSeries.levels(runs) }
    let series: [[Float]] = [
        levels(awdThenFlooded),                                   // AWD then flooded, detected
        levels([(470, dry)]),                                     // never flooded, undeclared
        levels([(470, dry)]),                                     // never flooded, declared upland
        levels([(470, wet)]),                                     // given season too short
        levels(IPCCSemanticsTests.floodedFallow),                 // flooded fallow, given seasons
        levels([(100, dry), (100, wet), (270, dry)]),             // window starting with 10 dry days
    ]
    let ids = ["AWD-2S", "FALLOW", "UPLAND", "SHORT", "FLOODFALLOW", "PREP10"]
    let supply = ["", "", "upland", "", "", ""]
    let areas = ["2", "1", "1", "1", "1.5", "0.8"]
    // (start, end) day offsets of up to two seasons; nil = NaN (detected).
    let seasons: [[(Int, Int)?]] = [[nil, nil], [nil, nil], [(152, 271), nil], [(10, 49), nil], [(0, 113), (189, 302)], [(90, 213), nil]]
    func cell(_ v: Int?) -> String { v.map(String.init) ?? "NaN" }
    let starts = seasons.map { $0.map { cell($0?.0) }.joined(separator: ", ") }.joined(separator: ", ")
    let ends = seasons.map { $0.map { cell($0?.1) }.joined(separator: ", ") }.joined(separator: ", ")
    return """
    netcdf semantics {
    dimensions:
    \tpaddy = 6 ;
    \ttime = 470 ;
    \tseason = 2 ;
    variables:
    \tstring paddy_id(paddy) ;
    \t\tpaddy_id:cf_role = "timeseries_id" ;
    \tint64 time(time) ;
    \t\ttime:units = "days since 2024-01-01" ;
    \t\ttime:calendar = "proleptic_gregorian" ;
    \tfloat water_level(paddy, time) ;
    \t\twater_level:_FillValue = NaNf ;
    \t\twater_level:units = "cm" ;
    \tdouble area(paddy) ;
    \t\tarea:units = "ha" ;
    \tstring water_supply(paddy) ;
    \tdouble season_start(paddy, season) ;
    \t\tseason_start:_FillValue = NaN ;
    \t\tseason_start:units = "days since 2024-01-01" ;
    \t\tseason_start:calendar = "proleptic_gregorian" ;
    \tdouble season_end(paddy, season) ;
    \t\tseason_end:_FillValue = NaN ;
    \t\tseason_end:units = "days since 2024-01-01" ;
    \t\tseason_end:calendar = "proleptic_gregorian" ;
    // global attributes:
    \t\t:Conventions = "CF-1.8" ;
    \t\t:featureType = "timeSeries" ;
    data:
    \tpaddy_id = \(ids.map { "\"\($0)\"" }.joined(separator: ", ")) ;
    \ttime = \((0..<470).map(String.init).joined(separator: ", ")) ;
    \twater_level = \(series.map { $0.map { String(Int($0)) }.joined(separator: ", ") }.joined(separator: ",\n  ")) ;
    \tarea = \(areas.joined(separator: ", ")) ;
    \twater_supply = \(supply.map { "\"\($0)\"" }.joined(separator: ", ")) ;
    \tseason_start = \(starts) ;
    \tseason_end = \(ends) ;
    }
    """
}

/// Rows of a report CSV without quoted commas, as dictionaries by column name.
private func csvRows(_ url: URL) throws -> [[String: String]] {
    let lines = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    return lines.dropFirst().map { line in
        Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
    }
}

@Suite("IPCC semantics through scenario-runner", .serialized,
       .enabled(if: cliToolsBuilt, "scenario-runner is not built next to the test bundle (run `swift build --build-tests` first)"))
struct IPCCSemanticsCLITests {
    @Test func runReadsCategoriesAsTheGuidelinesDefineThem() throws {
        let input = try ncgen(semanticsCDL(), format: "nc4", name: "semantics")
        let out = try makeFixtureDirectory()
        let r = try scenarioRunner("run", ["--input", input, "--out", out.path, "--quiet"])
        // Two paddies rejected: exit code 2.
        #expect(r.status == 2, "\(r.summary)")
        let rows = try csvRows(out.appendingPathComponent("paddy_seasons.csv"))
        func row(_ id: String, _ start: String) throws -> [String: String] {
            try #require(rows.first { $0["paddy_id"] == id && $0["season_start"] == start }, "\(id) \(start) in \(rows)")
        }
        func kg(_ row: [String: String]) -> Double { Double(row["ch4_kg"] ?? "") ?? .nan }
        // AWD-2S: day 200 = 2024-07-19, day 313 = 2024-11-09; day 340 = 2024-12-06, 453 = 2025-03-29.
        let a1 = try row("AWD-2S", "2024-07-19"), a2 = try row("AWD-2S", "2024-12-06")
        #expect(a1["season_end"] == "2024-11-09" && a1["water_regime"] == "multiple_drainage" && a1["pre_season"] == "not_flooded_gt_180d")
        #expect(a2["season_end"] == "2025-03-29" && a2["water_regime"] == "continuously_flooded" && a2["pre_season"] == "not_flooded_lt_180d")
        #expect(a2["sf_p"].flatMap(Double.init) == 1)
        // EF = 1.19 × SF_w × SF_p (Eq. 5.2, no amendment); CH4 = EF × 114 d × 2 ha (Eq. 5.1).
        #expect(abs(kg(a1) - 1.19 * 0.55 * 0.89 * 114 * 2) < 1e-6)
        #expect(abs(kg(a2) - 1.19 * 1.00 * 1.00 * 114 * 2) < 1e-6)
        #expect(abs((Double(a2["ef_kg_ha_day"] ?? "") ?? .nan) - 1.19) < 1e-9)
        // UPLAND: declared in the file, given 2024-06-01…2024-09-28: upland, SF_w 0, no CH4.
        let u = try row("UPLAND", "2024-06-01")
        #expect(u["water_supply"] == "upland" && u["water_regime"] == "upland" && kg(u) == 0)
        // FLOODFALLOW: the second season (day 189 = 2024-07-08) follows a 40-day fallow flood.
        let f1 = try row("FLOODFALLOW", "2024-01-01"), f2 = try row("FLOODFALLOW", "2024-07-08")
        #expect(f1["pre_season"] == "unknown" && f1["sf_p"].flatMap(Double.init) == 1.22)
        #expect(f2["pre_season"] == "flooded_gt_30d")
        #expect(abs(kg(f1) - 1.19 * 1.00 * 1.22 * 114 * 1.5) < 1e-6)
        #expect(abs(kg(f2) - 1.19 * 1.00 * 2.41 * 114 * 1.5) < 1e-6)
        // PREP10: window 2024-03-31…2024-08-01 (days 90…213) starting with 10 dry days.
        let p = try row("PREP10", "2024-03-31")
        #expect(p["water_regime"] == "continuously_flooded" && p["drainage_events"] == "0")
        #expect(abs(kg(p) - 1.19 * 1.00 * 1.22 * 124 * 0.8) < 1e-6)
        #expect(rows.count == 6)
        // Rejected: the never-flooded field, and the 40-day given season.
        let rejected = try String(contentsOf: out.appendingPathComponent("rejected.csv"), encoding: .utf8)
        #expect(rejected.contains("FALLOW,,,no flooding seen: not a flooded rice season; declare water_supply = upland for upland rice"))
        #expect(rejected.contains("SHORT,2024-01-11,2024-02-19,"))
        #expect(rejected.contains("season 2024-01-11…2024-02-19 is 40 days, shorter than the 60-day minimum season (min_season_days)"))
        // No upland row was made up for the fallow field: the upland rice row holds only UPLAND
        // (the reporting tables' footnoted row, harvested area only), and 4. Other has none.
        let crt = try String(contentsOf: out.appendingPathComponent("crt_3c.csv"), encoding: .utf8)
        #expect(crt.contains("upland,Upland rice,all,1,"), "\(crt)")
        #expect(crt.contains("3.C.4,4. Other (please specify),all,0,NO,"), "\(crt)")
    }

    @Test func tier1AWDScenarioSavesFortyFivePercent() throws {
        // Two continuously flooded seasons (detected 200…313 and 340…453 as in AWD-2S), AWD
        // fully adopted. With the pre-season read from the fallow, SF_p is the same in the
        // baseline and the scenario (season 1: > 180 d, 0.89; season 2: < 180 d, 1.00), so the
        // saving is 1 − SF_w(multiple) / SF_w(continuous) = 1 − 0.55 = 45 % in both seasons.
        let runs: [(Int, Float)] = [(200, dry), (100, wet), (40, dry), (100, wet), (30, dry)]
        let cdl = """
        netcdf twoseasons {
        dimensions:
        \ttime = 470 ;
        variables:
        \tstring paddy_id ;
        \t\tpaddy_id:cf_role = "timeseries_id" ;
        \tint64 time(time) ;
        \t\ttime:units = "days since 2024-01-01" ;
        \tfloat water_level(time) ;
        \t\twater_level:_FillValue = NaNf ;
        \t\twater_level:units = "cm" ;
        \tdouble area ;
        \t\tarea:units = "ha" ;
        // global attributes:
        \t\t:Conventions = "CF-1.8" ;
        \t\t:featureType = "timeSeries" ;
        data:
        \tpaddy_id = "CF-2S" ;
        \ttime = \((0..<470).map(String.init).joined(separator: ", ")) ;
        \twater_level = \(TestSeries.levels(runs).map { String(Int($0)) }.joined(separator: ", ")) ;
        \tarea = 3 ;
        }
        """
        let input = try ncgen(cdl, format: "nc4", name: "twoseasons")
        let dir = try makeFixtureDirectory()
        let scenarios = dir.appendingPathComponent("awd.yaml")
        try """
        title: Safe AWD against continuous flooding
        baseline: {method: ipcc, parameters: ipcc-2019, drainage_rule: ipcc, gwp: ar5}
        monte_carlo: {draws: 0}
        scenarios:
          - name: safe-awd
            water: {practice: safe_awd}
        """.write(to: scenarios, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let r = try scenarioRunner("scenarios", ["--input", input, "--scenarios", scenarios.path, "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.summary)")
        let perSeason = try csvRows(out.appendingPathComponent("scenario_paddy_seasons.csv")).filter { $0["scenario"] == "safe-awd" }
        #expect(perSeason.map { $0["water_regime_scenario"] } == ["multiple_drainage", "multiple_drainage"])
        for s in perSeason {
            let base = Double(s["ch4_kg_baseline"] ?? "") ?? .nan, adopted = Double(s["ch4_kg_adopted"] ?? "") ?? .nan
            #expect(abs(adopted / base - 0.55) < 1e-6, "\(s)")
        }
        let summary = try csvRows(out.appendingPathComponent("scenario_summary.csv"))
        let awd = try #require(summary.first { $0["scenario"] == "safe-awd" })
        #expect(abs((Double(awd["change_pct"] ?? "") ?? .nan) - -45) < 1e-3, "\(awd)")
    }
}
