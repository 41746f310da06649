import Testing
import PaddyMethane

/// Season detection with the settings of models/water-detection.yaml: flooded ≥ 1 cm, onset
/// 5 flooded days, fallow 30 known dry days, end-season drainage 14 days, season 60…180 days.
@Suite struct SeasonDetectionTests {
    let d0 = TestSeries.day0
    let wet: Float = 5
    let dry: Float = -10

    @Test func settingsMatchTheModelFile() throws {
        let s = try TestModels.detection()
        #expect(s.floodedMinCm == 1)
        #expect(s.onsetMinDays == 5)
        #expect(s.fallowMinDays == 30)
        #expect(s.endSeasonDrainageDays == 14)
        #expect(s.minSeasonDays == 60)
        #expect(s.maxSeasonDays == 180)
        #expect(s.minKnownFraction == 0.8)
        #expect(s.deepWaterCm == 50)
        #expect(s.deepWaterMinFraction == 0.5)
        #expect(s.droughtMinDays == 14)
        #expect(s.preSeasonFloodMinDays == 30)
        #expect(s.maxAbsLevelCm == 300)
    }

    @Test func singleSeasonBetweenFallows() throws {
        let settings = try TestModels.detection()
        // dry 60 (0...59), flooded 100 (60...159), dry 100 (160...259).
        let s = TestSeries.observed(runs: [(60, dry), (100, wet), (100, dry)])
        let found = settings.detectSeasons(in: s)
        // Start: first of the 5 flooded days = index 60. End: last flooded (159) + 14 = 173.
        #expect(found.seasons == [SeasonWindow(firstDay: d0 + 60, lastDay: d0 + 173)])
        #expect(found.seasons.first?.days == 114)   // 100 flooded + 14 end-season drainage days
        #expect(found.skipped.isEmpty)
    }

    @Test func seasonStartsOnTheFirstOfFiveFloodedDays() throws {
        let settings = try TestModels.detection()
        // dry 30, flooded 4 (a rain event, 30...33), dry 1 (34), flooded 100 (35...134), dry 60.
        let s = TestSeries.observed(runs: [(30, dry), (4, wet), (1, dry), (100, wet), (60, dry)])
        let found = settings.detectSeasons(in: s)
        #expect(found.seasons == [SeasonWindow(firstDay: d0 + 35, lastDay: d0 + 134 + 14)])
        // A level of exactly 1 cm is flooded (≥ flooded_min_cm): onset on index 30 here.
        let t = TestSeries.observed(runs: [(30, dry), (100, 1), (60, dry)])
        #expect(settings.detectSeasons(in: t).seasons == [SeasonWindow(firstDay: d0 + 30, lastDay: d0 + 129 + 14)])
    }

    @Test func twoSeasonsInAYear() throws {
        let settings = try TestModels.detection()
        // dry 20 (0...19), wet 100 (20...119), dry 40 (120...159), wet 90 (160...249), dry 115 (250...364).
        let s = TestSeries.observed(runs: [(20, dry), (100, wet), (40, dry), (90, wet), (115, dry)])
        #expect(s.dayCount == 365)
        let found = settings.detectSeasons(in: s)
        #expect(found.seasons == [
            SeasonWindow(firstDay: d0 + 20, lastDay: d0 + 119 + 14),
            SeasonWindow(firstDay: d0 + 160, lastDay: d0 + 249 + 14),
        ])
        #expect(found.seasons.map(\.days) == [114, 104])
        #expect(found.skipped.isEmpty)
    }

    @Test func shortFloodIsSkippedWithReason() throws {
        let settings = try TestModels.detection()
        // dry 30, wet 20 (30...49), dry 60 (50...109), wet 100 (110...209), dry 40 (210...249).
        let s = TestSeries.observed(runs: [(30, dry), (20, wet), (60, dry), (100, wet), (40, dry)])
        let found = settings.detectSeasons(in: s)
        // The 20-day flood + 14 days = 34 days (30...63) < 60: skipped.
        #expect(found.skipped.count == 1)
        #expect(found.skipped.first?.window == SeasonWindow(firstDay: d0 + 30, lastDay: d0 + 63))
        #expect(found.skipped.first?.reason.contains("34 days") == true)
        #expect(found.skipped.first?.reason.contains("60-day minimum") == true)
        #expect(found.seasons == [SeasonWindow(firstDay: d0 + 110, lastDay: d0 + 209 + 14)])
    }

    @Test func stillFloodedAtTheEndIsIncomplete() throws {
        let settings = try TestModels.detection()
        // dry 30, wet 100 (30...129) to the end of the series.
        let s = TestSeries.observed(runs: [(30, dry), (100, wet)])
        let found = settings.detectSeasons(in: s)
        #expect(found.seasons.isEmpty)
        #expect(found.skipped.count == 1)
        #expect(found.skipped.first?.window == SeasonWindow(firstDay: d0 + 30, lastDay: d0 + 129))
        // The message states what the data show: flooded to the last day, no dry day.
        #expect(found.skipped.first?.reason == "incomplete season: the series ends 0 days after the last flooded day with 0 known dry days (an observed end-season drainage needs 10, a fallow 30)")
        // 9 dry days after the flood (fewer than end_season_drainage_min_days = 10): incomplete.
        let t = TestSeries.observed(runs: [(30, dry), (100, wet), (9, dry)])
        let f2 = settings.detectSeasons(in: t)
        #expect(f2.seasons.isEmpty)
        #expect(f2.skipped.first?.reason.hasPrefix("incomplete season: the series ends 9 days after the last flooded day with 9 known dry days") == true)
        // 29 dry days after the flood are no fallow yet, but they show the end-season drainage
        // (≥ 10): complete, ending 14 days after the last flood (129 + 14 = 143 ≤ 158, the last day).
        let v = TestSeries.observed(runs: [(30, dry), (100, wet), (29, dry)])
        #expect(settings.detectSeasons(in: v).seasons == [SeasonWindow(firstDay: d0 + 30, lastDay: d0 + 143)])
        // 30 dry days are: one season, end = 129 + 14.
        let u = TestSeries.observed(runs: [(30, dry), (100, wet), (30, dry)])
        #expect(settings.detectSeasons(in: u).seasons == [SeasonWindow(firstDay: d0 + 30, lastDay: d0 + 143)])
    }

    @Test func awdDrySpellsDoNotEndTheSeason() throws {
        let settings = try TestModels.detection()
        // dry 30, then 6 × (wet 10, dry 7), wet 10, dry 60. Pattern 6 × 17 + 10 = 112 days (30...141).
        var runs: [(Int, Float)] = [(30, dry)]
        for _ in 0..<6 { runs += [(10, wet), (7, dry)] }
        runs += [(10, wet), (60, dry)]
        let found = settings.detectSeasons(in: TestSeries.observed(runs: runs))
        #expect(found.seasons == [SeasonWindow(firstDay: d0 + 30, lastDay: d0 + 141 + 14)])
        // A 29-day mid-season dry spell does not end it either: wet 40 (30...69), dry 29 (70...98), wet 40 (99...138).
        let s = TestSeries.observed(runs: [(30, dry), (40, wet), (29, dry), (40, wet), (60, dry)])
        #expect(settings.detectSeasons(in: s).seasons == [SeasonWindow(firstDay: d0 + 30, lastDay: d0 + 138 + 14)])
    }

    @Test func missingDaysNeitherFloodNorDry() throws {
        let settings = try TestModels.detection()
        // wet 40 (30...69), dry 20 (70...89), missing 20 (90...109), dry 9 (110...118), wet 40 (119...158):
        // only 29 known dry days between the floods → one season.
        let base = TestSeries.observed(runs: [(30, dry), (40, wet), (40, dry), (9, dry), (40, wet), (60, dry)])
        let s = TestSeries.withMissing(base, 90...109)
        #expect(settings.detectSeasons(in: s).seasons == [SeasonWindow(firstDay: d0 + 30, lastDay: d0 + 158 + 14)])
    }

    @Test func longFloodIsCutAtMaxSeasonDays() throws {
        let settings = try TestModels.detection()
        // dry 30, wet 200 (30...229), dry 40: 200 + 14 = 214 > 180 → cut to 180 days (30...209).
        let s = TestSeries.observed(runs: [(30, dry), (200, wet), (40, dry)])
        let found = settings.detectSeasons(in: s)
        #expect(found.seasons == [SeasonWindow(firstDay: d0 + 30, lastDay: d0 + 30 + 180 - 1)])
        #expect(found.seasons.first?.days == 180)
    }

    @Test func neverFloodedSeriesHasNoSeason() throws {
        let settings = try TestModels.detection()
        let found = settings.detectSeasons(in: TestSeries.observed(runs: [(200, dry)]))
        #expect(found.seasons.isEmpty)
        #expect(found.skipped.isEmpty)
    }
}
