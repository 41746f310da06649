import Testing
@testable import PaddyMethane

/// Drainage events under the rules of models/drainage-rules.yaml
/// (IPCC: level below 0 cm for more than 3 days = at least 4 days; end-season drainage excluded).
@Suite struct DrainageTests {
    let d0 = TestSeries.day0

    /// 30 days at +5 cm with `drained` (0-based indices) set to `level`.
    func season(drained: some Sequence<Int>, level: Float = -5, days: Int = 30) -> DailyWaterSeries {
        var l = [Float](repeating: 5, count: days)
        for i in drained { l[i] = level }
        return TestSeries.observed(l)
    }

    @Test func ipccRuleValuesFromModels() throws {
        let r = try TestModels.rule("ipcc")
        #expect(r.thresholdCm == 0)
        #expect(r.minDays == 4)
        #expect(r.excludeEndSeasonDrainage)
        // JCM PH_AM004: drained = below the surface; the drainage must reach −15 cm; no duration.
        let j = try TestModels.rule("jcm-ph-am004")
        #expect(j.thresholdCm == 0)
        #expect(j.reachCm == -15)
        #expect(j.minDays == 1)
        #expect(r.reachCm == nil)
        #expect(throws: (any Error).self) { try TestModels.rule("no-such-rule") }
    }

    @Test func eventOfExactlyMinDaysCounts() throws {
        let rule = try TestModels.rule()
        let s = season(drained: 10...13)   // 4 days
        let ev = rule.events(in: s, window: TestSeries.window(0, 29))
        #expect(ev.count == 1)
        #expect(ev.first?.firstDay == d0 + 10)
        #expect(ev.first?.lengthDays == 4)
        #expect(ev.first?.observedDays == 4)
        #expect(ev.first?.isInferred == false)
    }

    @Test func threeDaysIsNotAnEvent() throws {
        let rule = try TestModels.rule()
        let s = season(drained: 10...12)   // 3 days: not "more than 3 days"
        #expect(rule.events(in: s, window: TestSeries.window(0, 29)).isEmpty)
    }

    @Test func levelExactlyAtThresholdIsNotDrained() throws {
        let rule = try TestModels.rule()
        // 0 cm is at the soil surface, not below it.
        let s = season(drained: 10...15, level: 0)
        #expect(rule.events(in: s, window: TestSeries.window(0, 29)).isEmpty)
    }

    @Test func endSeasonDrainageIsExcluded() throws {
        let rule = try TestModels.rule()
        // Drained from day 20 to the season's last day (29): end-season drainage.
        let s = season(drained: 20...29)
        #expect(rule.events(in: s, window: TestSeries.window(0, 29)).isEmpty)
        // The same run ending one day before the season end is a drainage event.
        let t = season(drained: 20...28)
        let ev = rule.events(in: t, window: TestSeries.window(0, 29))
        #expect(ev.count == 1)
        #expect(ev.first?.lengthDays == 9)
    }

    @Test func endSeasonExclusionIsRelativeToTheWindowNotTheSeries() throws {
        let rule = try TestModels.rule()
        // Series of 40 days drained from index 25 to 35; window ends on index 29: the run reaches
        // the window's last day, so it is the end-season drainage of that window.
        let s = season(drained: 25...35, days: 40)
        #expect(rule.events(in: s, window: TestSeries.window(0, 29)).isEmpty)
        // With the window to index 39 the run (25...35) is inside the season: one event of 11 days.
        let ev = rule.events(in: s, window: TestSeries.window(0, 39))
        #expect(ev.map(\.lengthDays) == [11])
    }

    @Test func ruleWithoutEndSeasonExclusionCountsIt() throws {
        var rule = try TestModels.rule()
        rule.excludeEndSeasonDrainage = false
        let s = season(drained: 20...29)
        let ev = rule.events(in: s, window: TestSeries.window(0, 29))
        #expect(ev.map(\.lengthDays) == [10])
    }

    @Test func drainedDaysBeforeTheFirstFloodAreLandPreparation() throws {
        let rule = try TestModels.rule()
        // Dry on days 0...4, flooded from day 5: no flood before the dry days, so no drainage.
        #expect(rule.events(in: season(drained: 0...4), window: TestSeries.window(0, 29)).isEmpty)
        // The same dry days after one flooded day are a drainage of 5 days.
        let ev = rule.events(in: season(drained: 1...5), window: TestSeries.window(0, 29))
        #expect(ev.map(\.firstDay) == [d0 + 1])
        #expect(ev.map(\.lengthDays) == [5])
    }

    @Test func missingDaysJoinARunAndDoNotCountTowardItsLength() throws {
        let rule = try TestModels.rule()
        // Drained 10...16, day 13 missing: the data never show re-flooding, so one event of the
        // 6 known drained days (10, 11, 12, 14, 15, 16), starting on day 10.
        let s = TestSeries.withMissing(season(drained: 10...16), [13])
        let ev = rule.events(in: s, window: TestSeries.window(0, 29))
        #expect(ev.map(\.firstDay) == [d0 + 10])
        #expect(ev.map(\.lengthDays) == [6])
        // Drained 10...13 with days 11 and 12 missing: 2 known drained days, below the 4-day minimum.
        let t = TestSeries.withMissing(season(drained: 10...13), [11, 12])
        #expect(rule.events(in: t, window: TestSeries.window(0, 29)).isEmpty)
        // Two drainages with a known flooded day between them stay two events.
        var levels = TestSeries.levels([(5, 5), (4, -5), (1, 5), (4, -5), (16, 5)])
        levels[29] = 5
        let two = rule.events(in: TestSeries.observed(levels), window: TestSeries.window(0, 29))
        #expect(two.map(\.firstDay) == [d0 + 5, d0 + 10])
        #expect(two.map(\.lengthDays) == [4, 4])
    }

    @Test func interpolatedDaysCountButMarkTheEventInferred() throws {
        let rule = try TestModels.rule()
        // Drained 10...14 (5 days), 11 and 12 interpolated: an event of 5 days, 3 observed.
        let s = TestSeries.withInterpolated(season(drained: 10...14), [11, 12])
        let ev = rule.events(in: s, window: TestSeries.window(0, 29))
        #expect(ev.count == 1)
        #expect(ev.first?.lengthDays == 5)
        #expect(ev.first?.observedDays == 3)
        #expect(ev.first?.isInferred == true)
        // Interpolated days alone can make up the minimum length.
        let t = TestSeries.withInterpolated(season(drained: 10...13), 10...13)
        let ev2 = rule.events(in: t, window: TestSeries.window(0, 29))
        #expect(ev2.first?.lengthDays == 4)
        #expect(ev2.first?.observedDays == 0)
        #expect(ev2.first?.isInferred == true)
    }

    @Test func minLevelAndObservedDays() throws {
        let rule = try TestModels.rule()
        var l = [Float](repeating: 5, count: 30)
        l.replaceSubrange(8...12, with: [-2, -7.5, -3, -1, -0.5] as [Float])
        l.replaceSubrange(18...21, with: [-20, -4, -30.25, -6] as [Float])
        let s = TestSeries.withInterpolated(TestSeries.observed(l), [19])
        let ev = rule.events(in: s, window: TestSeries.window(0, 29))
        #expect(ev.count == 2)
        #expect(ev[0].firstDay == d0 + 8)
        #expect(ev[0].lengthDays == 5)
        #expect(ev[0].minLevelCm == -7.5)
        #expect(ev[0].observedDays == 5)
        #expect(!ev[0].isInferred)
        #expect(ev[1].firstDay == d0 + 18)
        #expect(ev[1].lengthDays == 4)
        #expect(ev[1].minLevelCm == -30.25)
        #expect(ev[1].observedDays == 3)
        #expect(ev[1].isInferred)
    }

    @Test func jcmRuleNeedsFifteenCentimetresBelowTheSurface() throws {
        let rule = try TestModels.rule("jcm-ph-am004")
        let w = TestSeries.window(0, 29)
        // −10 cm for 6 days is a drainage under the IPCC rule but not under JCM (−15 cm).
        #expect(rule.events(in: season(drained: 10...15, level: -10), window: w).isEmpty)
        #expect(try TestModels.rule("ipcc").events(in: season(drained: 10...15, level: -10), window: w).count == 1)
        // Reaching exactly −15 cm is a drainage "to 15 cm below the surface".
        #expect(rule.events(in: season(drained: 10...15, level: -15), window: w).map(\.lengthDays) == [6])
        // −16 cm for 4 days is an event.
        let ev = rule.events(in: season(drained: 10...13, level: -16), window: w)
        #expect(ev.map(\.lengthDays) == [4])
        #expect(ev.first?.minLevelCm == -16)
        // Safe AWD: the level falls 3 cm a day from 0 to −15 (days 10...15: 0, −3, …, −15) and the
        // field is re-flooded on day 16. Days below the surface: 11...15 (5 days), lowest −15: one
        // event. The depth is reached, not held.
        var levels = [Float](repeating: 5, count: 30)
        for (k, d) in (10...15).enumerated() { levels[d] = Float(-3 * k) }
        let awd = rule.events(in: TestSeries.observed(levels), window: w)
        #expect(awd.map(\.firstDay) == [d0 + 11])
        #expect(awd.map(\.lengthDays) == [5])
        #expect(awd.first?.minLevelCm == -15)
    }

    @Test func eventsOnlyWithinTheWindow() throws {
        let rule = try TestModels.rule()
        // Drained 2...7 lies before the window (10...29): not this season's event.
        let s = season(drained: 2...7)
        #expect(rule.events(in: s, window: TestSeries.window(10, 29)).isEmpty)
        // A run cut by the window start (8...13, window from 10) comes before the window's first
        // flood: land preparation, not a drainage.
        let t = season(drained: 8...13)
        #expect(rule.events(in: t, window: TestSeries.window(10, 29)).isEmpty)
        // Inside the window after its first flood (window from 7, flooded on day 7): 6 days.
        let ev = rule.events(in: t, window: TestSeries.window(7, 29))
        #expect(ev.map(\.firstDay) == [d0 + 8])
        #expect(ev.map(\.lengthDays) == [6])
    }

    /// The end-season drainage (no re-flooding until the season's last day) must not count as a
    /// mid-season drainage just because one day near the end is missing. Here the field is flooded
    /// to day 19, drained from day 20 to the end (day 29), and day 27 has no reading: after day 20
    /// the field never floods again, so this is the end-season drainage and there is no event.
    @Test func endSeasonDrainageWithAMissingDayIsStillExcluded() throws {
        let rule = try TestModels.rule()
        let s = TestSeries.withMissing(season(drained: 20...29), [27])
        let ev = rule.events(in: s, window: TestSeries.window(0, 29))
        #expect(ev.isEmpty, "drained 20...26, missing 27, drained 28...29: end-season drainage, got \(ev)")
        // Same when the season's last day itself is missing (sensor removed at harvest).
        let t = TestSeries.withMissing(season(drained: 20...29), [29])
        let ev2 = rule.events(in: t, window: TestSeries.window(0, 29))
        #expect(ev2.isEmpty, "drained 20...28, last day missing: end-season drainage, got \(ev2)")
    }
}
