import Testing
import PaddyMethane
@testable import PaddyMethaneIO

/// Water regime (IPCC 2019 Table 5.12) and pre-season status (Table 5.13) read off constructed
/// series with the settings of models/water-detection.yaml and the `ipcc` drainage rule.
@Suite struct RegimeTests {
    let d0 = TestSeries.day0
    let wet: Float = 5
    let dry: Float = -10

    /// A 100-day season series (indices 0...99) from runs, assessed over its whole length.
    func assess(_ runs: [(Int, Float)], declared: WaterSupply? = nil) throws -> SeasonWaterAssessment {
        let s = TestSeries.observed(runs: runs)
        return try TestModels.classifier().assess(s, window: TestSeries.window(0, s.dayCount - 1), declared: declared, previousSeason: nil)
    }

    @Test func continuouslyFlooded() throws {
        // Flooded 90 days then drained for harvest 10 days: end-season drainage only.
        let a = try assess([(90, wet), (10, dry)])
        #expect(a.waterSupply == .irrigated)
        #expect(a.regime == .continuously_flooded)
        #expect(a.events.isEmpty)
        #expect(a.drainedDays == 10)
        #expect(a.missingFraction == 0)
        #expect(a.filledFraction == 0)
        #expect(TestModels.close(a.meanLevelCm, (90 * 5.0 + 10 * -10.0) / 100))
        #expect(a.preSeason == nil)   // the series starts on the season's first day
        #expect(CRTRow(a) == .continuouslyFlooded)
    }

    @Test func singleDrainage() throws {
        let a = try assess([(40, wet), (7, dry), (43, wet), (10, dry)])
        #expect(a.regime == .single_drainage)
        #expect(a.events.map(\.lengthDays) == [7])
        #expect(a.events.first?.firstDay == d0 + 40)
        #expect(a.drainedDays == 17)
        #expect(CRTRow(a) == .singleAeration)
    }

    @Test func multipleDrainageAWD() throws {
        let a = try assess([(20, wet), (5, dry), (15, wet), (6, dry), (15, wet), (4, dry), (25, wet), (10, dry)])
        #expect(a.regime == .multiple_drainage)
        #expect(a.events.map(\.lengthDays) == [5, 6, 4])
        #expect(CRTRow(a) == .multipleAeration)
        // Dry spells of 3 days are not drainages: continuously flooded.
        let b = try assess([(20, wet), (3, dry), (20, wet), (3, dry), (44, wet), (10, dry)])
        #expect(b.regime == .continuously_flooded)
    }

    @Test func rainfedRegularAndDroughtProne() throws {
        // Declared rainfed; a 10-day dry spell (< 14): regular.
        let a = try assess([(40, wet), (10, dry), (40, wet), (10, dry)], declared: .rainfed)
        #expect(a.waterSupply == .rainfed)
        #expect(a.regime == .rainfed_regular)
        #expect(CRTRow(a) == .floodProne)
        // A 14-day dry spell (≥ drought_min_days): drought-prone.
        let b = try assess([(40, wet), (14, dry), (36, wet), (10, dry)], declared: .rainfed)
        #expect(b.regime == .rainfed_drought_prone)
        #expect(CRTRow(b) == .droughtProne)
        // 13 days: still regular.
        let c = try assess([(40, wet), (13, dry), (37, wet), (10, dry)], declared: .rainfed)
        #expect(c.regime == .rainfed_regular)
        // No drainage at all: regular.
        let d = try assess([(90, wet), (10, dry)], declared: .rainfed)
        #expect(d.regime == .rainfed_regular)
        // The same 14-day spell undeclared is an irrigated single drainage.
        let e = try assess([(40, wet), (14, dry), (36, wet), (10, dry)])
        #expect(e.regime == .single_drainage)
        #expect(e.waterSupply == .irrigated)
    }

    @Test func deepWater() throws {
        // 60 of 100 days above 50 cm, mean (60·60 + 40·10)/100 = 40 cm: deep water, 50–100 cm row.
        let a = try assess([(60, 60), (40, 10)])
        #expect(a.regime == .deep_water)
        #expect(a.waterSupply == .deepwater)
        #expect(TestModels.close(a.meanLevelCm, (60 * 60.0 + 40 * 10.0) / 100))
        #expect(CRTRow(a) == .deepWater50to100)
        // Exactly half the days deep: deep water.
        let b = try assess([(50, 60), (50, 10)])
        #expect(b.regime == .deep_water)
        // 49 of 100: not deep water.
        let c = try assess([(49, 60), (51, 10)])
        #expect(c.regime == .continuously_flooded)
        // Exactly 50 cm is not above 50 cm.
        let d = try assess([(100, 50)])
        #expect(d.regime == .continuously_flooded)
        // Mean above 100 cm: > 100 cm row.
        let e = try assess([(100, 120)])
        #expect(e.regime == .deep_water)
        #expect(TestModels.close(e.meanLevelCm, 120))
        #expect(CRTRow(e) == .deepWaterOver100)
        #expect(CRTTable3C.line(of: CRTRow(e)).code == "3.C.3.b")
        // Declared rainfed keeps its declared supply.
        let f = try assess([(100, 80)], declared: .rainfed)
        #expect(f.regime == .deep_water)
        #expect(f.waterSupply == .rainfed)
    }

    @Test func upland() throws {
        // Never flooded and declared upland: upland rice (SF_w 0), the CRT table's footnoted line "Upland rice" (area only).
        let a = try assess([(100, -20)], declared: .upland)
        #expect(a.regime == .upland)
        #expect(a.waterSupply == .upland)
        #expect(CRTRow(a) == .upland)
        #expect(CRTTable3C.line(of: CRTRow(a)).label == "Upland rice")
        // Never flooded and not declared: not a rice season (the engine rejects it).
        let dry = TestSeries.observed(runs: [(100, -20)])
        #expect(try TestModels.classifier().noFloodingSeen(dry, window: TestSeries.window(0, 99)))
        #expect(try !TestModels.classifier().noFloodingSeen(TestSeries.observed(runs: [(99, -20), (1, wet)]), window: TestSeries.window(0, 99)))
        // Declared upland is upland whatever the series shows.
        let b = try assess([(100, wet)], declared: .upland)
        #expect(b.regime == .upland)
    }

    @Test func tooManyMissingDaysIsTheAggregatedCase() throws {
        let c = try TestModels.classifier()
        let base = TestSeries.observed(runs: [(40, wet), (7, dry), (43, wet), (10, dry)])
        // 21 of 100 days missing: known 79 % < 80 %.
        let s = TestSeries.withMissing(base, 50...70)
        let a = c.assess(s, window: TestSeries.window(0, 99), declared: nil, previousSeason: nil)
        #expect(a.regime == .irrigated_undetermined)
        #expect(TestModels.close(a.missingFraction, 0.21))
        #expect(CRTRow(a) == .irrigatedNotDisaggregated)
        let r = c.assess(s, window: TestSeries.window(0, 99), declared: .rainfed, previousSeason: nil)
        #expect(r.regime == .rainfed_undetermined)
        #expect(CRTRow(r) == .rainfedNotDisaggregated)
        // 20 missing (80 % known): classified (the drainage on 40...46 is seen).
        let t = TestSeries.withMissing(base, 51...70)
        let b = c.assess(t, window: TestSeries.window(0, 99), declared: nil, previousSeason: nil)
        #expect(b.regime == .single_drainage)
        #expect(TestModels.close(b.missingFraction, 0.20))
    }

    @Test func filledFractionCountsInterpolatedDays() throws {
        let c = try TestModels.classifier()
        let s = TestSeries.withInterpolated(TestSeries.observed(runs: [(90, wet), (10, dry)]), 10...34)
        let a = c.assess(s, window: TestSeries.window(0, 99), declared: nil, previousSeason: nil)
        #expect(TestModels.close(a.filledFraction, 25.0 / 100))
        #expect(a.missingFraction == 0)
    }

    /// End to end: a continuously flooded field whose reading on the season's computed last day
    /// (last flooded day + 14) is missing. dry 60, wet 100 (60...159), dry 100 (160...259), day 173
    /// missing: the season is 60...173 and the field never re-floods after day 159, so the drained
    /// days 160...172 are the end-season drainage and the regime is continuously flooded.
    @Test func missingLastSeasonDayDoesNotTurnEndSeasonDrainageIntoAnEvent() throws {
        let base = TestSeries.observed(runs: [(60, dry), (100, wet), (100, dry)])
        let s = TestSeries.withMissing(base, [173])
        let seasons = try TestModels.detection().detectSeasons(in: s).seasons
        #expect(seasons == [TestSeries.window(60, 173)])
        let a = try TestModels.classifier().assess(s, window: TestSeries.window(60, 173), declared: nil, previousSeason: nil)
        #expect(a.regime == .continuously_flooded, "events: \(a.events)")
    }

    // MARK: Pre-season (Table 5.13)

    /// Pre-season runs followed by a 100-day flooded season; returns the status of that season.
    func preSeason(_ runs: [(Int, Float)]) throws -> PreSeasonStatus? {
        let pre = runs.reduce(0) { $0 + $1.0 }
        let s = TestSeries.observed(runs: runs + [(100, wet)])
        return try TestModels.classifier().assess(s, window: TestSeries.window(pre, pre + 99), declared: nil, previousSeason: nil).preSeason
    }

    @Test func floodedMoreThan30DaysImmediatelyBefore() throws {
        #expect(try preSeason([(100, dry), (40, wet)]) == .flooded_gt_30d)
        // 31 flooded days (> 30) right before the season.
        #expect(try preSeason([(100, dry), (31, wet)]) == .flooded_gt_30d)
        // Flooded since the series start (40 days): the flood may have begun before the series, as
        // a flooded fallow or a crop; the status cannot be read.
        #expect(try preSeason([(40, wet)]) == nil)
    }

    @Test func longFloodEnding20DaysBefore() throws {
        // dry 10, wet 60, dry 20: not flooded for 20 days (< 180).
        #expect(try preSeason([(10, dry), (60, wet), (20, dry)]) == .not_flooded_lt_180d)
        // The flood at the series start counts too.
        #expect(try preSeason([(60, wet), (20, dry)]) == .not_flooded_lt_180d)
        // A short flood after the long one does not count as flooding: 5 + 10 + 5 = 20 days.
        #expect(try preSeason([(10, dry), (60, wet), (5, dry), (10, wet), (5, dry)]) == .not_flooded_lt_180d)
    }

    @Test func longFloodEnding200And400DaysBefore() throws {
        #expect(try preSeason([(10, dry), (60, wet), (200, dry)]) == .not_flooded_gt_180d)
        #expect(try preSeason([(10, dry), (60, wet), (400, dry)]) == .not_flooded_gt_365d)
        // Boundaries: 180 days is not more than 180, 181 is; 365 is not more than 365, 366 is.
        #expect(try preSeason([(60, wet), (180, dry)]) == .not_flooded_lt_180d)
        #expect(try preSeason([(60, wet), (181, dry)]) == .not_flooded_gt_180d)
        #expect(try preSeason([(60, wet), (365, dry)]) == .not_flooded_gt_180d)
        #expect(try preSeason([(60, wet), (366, dry)]) == .not_flooded_gt_365d)
    }

    @Test func shortPreSeasonFloodsAreIgnored() throws {
        // dry 200, wet 30 (≤ 30: not considered), dry 10: 240 days without a long flood → > 180 d.
        #expect(try preSeason([(200, dry), (30, wet), (10, dry)]) == .not_flooded_gt_180d)
        // 31 days counts: a flood of more than 30 days in the fallow (too short to be a crop, < 60 d)
        // is a flooded pre-season; the 10 dry days of land preparation after it do not cancel it.
        #expect(try preSeason([(200, dry), (31, wet), (10, dry)]) == .flooded_gt_30d)
        // 30 flooded days right before the season are not a flooded pre-season.
        #expect(try preSeason([(400, dry), (30, wet)]) == .not_flooded_gt_365d)
    }

    @Test func preSeasonUnknownWhenTheSeriesIsTooShort() throws {
        // Series starting on the season start.
        #expect(try preSeason([]) == nil)
        // 100 dry days seen: could be < 180 or > 180.
        #expect(try preSeason([(100, dry)]) == nil)
        // A missing day ends what the series shows: wet 60, missing, dry 20 → only 20 days known.
        let s = TestSeries.withMissing(TestSeries.observed(runs: [(60, wet), (1, wet), (20, dry), (100, wet)]), [60])
        let a = try TestModels.classifier().assess(s, window: TestSeries.window(81, 180), declared: nil, previousSeason: nil)
        #expect(a.preSeason == nil)
    }
}
