import Testing
@testable import PaddyMethane

private func close(_ a: Float, _ b: Double, tolerance: Double = 1e-5) -> Bool {
    abs(Double(a) - b) <= tolerance * max(1, abs(b))
}

@Suite("Daily resampling and gap filling")
struct DailyResamplerTests {
    @Test func linearInterpolationAcrossShortGap() {
        let s = DailyResampler(maxGapDays: 15).resample(times: [100.0, 104.0], levelsCm: [0.0, 8.0], calendar: .noleap, span: 100...104)
        #expect(s.firstDay == 100)
        #expect(s.calendar == .noleap)
        #expect(s.dayCount == 5)
        #expect(s.quality == [.observed, .interpolated, .interpolated, .interpolated, .observed])
        for (i, expected) in [0.0, 2.0, 4.0, 6.0, 8.0].enumerated() {
            #expect(close(s.levelCm[i], expected), "day \(i): \(s.levelCm[i])")
        }
    }

    @Test func decreasingAndNonIntegerSlopes() {
        // 10 → -5 over 3 days: 10, 5, 0, -5; then -5 → -3 over 3 days: -4.333.., -3.666.., -3
        let s = DailyResampler(maxGapDays: 15).resample(times: [0.0, 3.0, 6.0], levelsCm: [10.0, -5.0, -3.0], calendar: .standard, span: 0...6)
        let expected = [10.0, 5.0, 0.0, -5.0, -5.0 + 2.0 / 3.0, -5.0 + 4.0 / 3.0, -3.0]
        for (i, e) in expected.enumerated() { #expect(close(s.levelCm[i], e), "day \(i): \(s.levelCm[i]) vs \(e)") }
        #expect(s.quality == [.observed, .interpolated, .interpolated, .observed, .interpolated, .interpolated, .observed])
    }

    @Test("a shared time axis bins by the days worked out once: the same days as each series' own times")
    func sharedDaysBinLikeTheTimes() throws {
        // Axis of 6 steps over days 10…14: 9.5 is before the span (bins nowhere), 10.25 and 10.75
        // fall on day 10, 11.5 on day 11, 14.0 on day 14, NaN bins nowhere.
        let times = [9.5, 10.25, 10.75, 11.5, 14.0, .nan]
        let days = try #require(SharedDays(times: times, span: 10...14))
        // Levels: 99 (before the span), 2 and 4 (day 10: mean 3), NaN (day 11: missing),
        // 9 (day 14), 7 (no day). Days 11–13 lie between observed days 10 and 14, 4 days apart:
        // 3 + (9 − 3) × 1/4 = 4.5, × 2/4 = 6, × 3/4 = 7.5.
        let levels: [Double] = [99, 2, 4, .nan, 9, 7]
        let r = DailyResampler(maxGapDays: 15)
        let shared = levels.withUnsafeBufferPointer { r.resample(levelsCm: $0, on: days, calendar: .standard) }
        #expect(shared.firstDay == 10)
        #expect(shared.levelCm == [3, 4.5, 6, 7.5, 9])
        #expect(shared.quality == [.observed, .interpolated, .interpolated, .interpolated, .observed])
        #expect(shared == r.resample(times: times, levelsCm: levels, calendar: .standard, span: 10...14))
    }

    @Test("times whose days go back are no shared axis: each series is then binned from its own times")
    func sharedDaysNeedAscendingDays() {
        #expect(SharedDays(times: [0, 2, 1], span: 0...2) == nil)
        #expect(SharedDays(times: [0, 0.5, 1], span: 0...2) != nil)
    }

    @Test func observationsOutOfOrderGiveTheSameDays() {
        // Day 2 has 4 and 6 cm (mean 5), day 0 has 1 cm; day 1 is interpolated: (1 + 5) / 2 = 3.
        // Given in time order (the one-pass binning) and shuffled (the per-day sums), the days are
        // the same.
        let r = DailyResampler(maxGapDays: 15)
        let ordered = r.resample(times: [0.2, 2.1, 2.7], levelsCm: [1, 4, 6], calendar: .standard, span: 0...2)
        let shuffled = r.resample(times: [2.7, 0.2, 2.1], levelsCm: [6, 1, 4], calendar: .standard, span: 0...2)
        #expect(ordered.levelCm == [1, 3, 5])
        #expect(ordered.quality == [.observed, .interpolated, .observed])
        #expect(shuffled == ordered)
    }

    @Test func gapOfExactlyMaxGapDaysIsFilled() {
        // Observed days 0 and 3 are 3 days apart: days 1 and 2 are filled when maxGapDays = 3.
        let s = DailyResampler(maxGapDays: 3).resample(times: [0.0, 3.0], levelsCm: [3.0, 0.0], calendar: .standard, span: 0...3)
        #expect(s.quality == [.observed, .interpolated, .interpolated, .observed])
        #expect(close(s.levelCm[1], 2) && close(s.levelCm[2], 1))
    }

    @Test func gapOfMaxGapDaysPlusOneStaysMissing() {
        let s = DailyResampler(maxGapDays: 3).resample(times: [0.0, 4.0], levelsCm: [3.0, 0.0], calendar: .standard, span: 0...4)
        #expect(s.quality == [.observed, .missing, .missing, .missing, .observed])
        #expect(s.levelCm[1].isNaN && s.levelCm[2].isNaN && s.levelCm[3].isNaN)
        #expect(s.level(onDay: 2) == nil)
        #expect(s.level(onDay: 4) == 0)
    }

    @Test func defaultLimitIs15Days() {
        let r = DailyResampler(maxGapDays: 15)
        #expect(r.maxGapDays == 15)
        let filled = r.resample(times: [0.0, 15.0], levelsCm: [0.0, 15.0], calendar: .standard, span: 0...15)
        #expect(filled.quality.filter { $0 == .interpolated }.count == 14)
        #expect(close(filled.levelCm[7], 7))
        let unfilled = r.resample(times: [0.0, 16.0], levelsCm: [0.0, 16.0], calendar: .standard, span: 0...16)
        #expect(unfilled.quality.filter { $0 == .missing }.count == 15)
    }

    @Test func adjacentObservedDaysNeedNoFilling() {
        let s = DailyResampler(maxGapDays: 1).resample(times: [0.0, 1.0, 3.0], levelsCm: [1.0, 2.0, 4.0], calendar: .standard, span: 0...3)
        #expect(s.quality == [.observed, .observed, .missing, .observed])
    }

    @Test func severalObservationsInOneDayAreAveraged() {
        // Day 0: 1, 2 and 6 → 3. Day 2: 5. Day 1 interpolated: 4.
        let s = DailyResampler(maxGapDays: 15).resample(times: [0.0, 0.25, 0.9, 2.0], levelsCm: [1.0, 2.0, 6.0, 5.0], calendar: .standard, span: 0...2)
        #expect(s.quality == [.observed, .interpolated, .observed])
        #expect(close(s.levelCm[0], 3))
        #expect(close(s.levelCm[1], 4))
        #expect(close(s.levelCm[2], 5))
    }

    @Test func missingObservationsAreIgnoredInMeansAndGaps() {
        let s = DailyResampler(maxGapDays: 15).resample(times: [0.0, 0.5, 1.0, 2.0], levelsCm: [4.0, .nan, .nan, 6.0], calendar: .standard, span: 0...2)
        #expect(s.quality == [.observed, .interpolated, .observed])
        #expect(close(s.levelCm[0], 4) && close(s.levelCm[1], 5) && close(s.levelCm[2], 6))
    }

    @Test func noExtrapolationBeforeFirstOrAfterLastObservation() {
        let s = DailyResampler(maxGapDays: 15).resample(times: [3.0, 5.0], levelsCm: [2.0, 4.0], calendar: .standard, span: 0...9)
        #expect(s.quality == [.missing, .missing, .missing, .observed, .interpolated, .observed, .missing, .missing, .missing, .missing])
        #expect(close(s.levelCm[4], 3))
        for i in [0, 1, 2, 6, 7, 8, 9] { #expect(s.levelCm[i].isNaN) }
    }

    @Test func observationsOutsideTheSpanAreDropped() {
        let s = DailyResampler(maxGapDays: 15).resample(times: [-1.0, 10.5, 12.0, 20.0], levelsCm: [7.0, 1.0, 3.0, 9.0], calendar: .standard, span: 10...12)
        #expect(s.firstDay == 10)
        #expect(s.quality == [.observed, .interpolated, .observed])
        #expect(close(s.levelCm[1], 2))
    }

    @Test func fractionalTimesBinToTheDayThatContainsThem() {
        // 0.99 is day 0, 1.0 is day 1; a negative fractional time is floored, not truncated.
        let s = DailyResampler(maxGapDays: 15).resample(times: [-0.5, 0.99, 1.0], levelsCm: [1.0, 2.0, 3.0], calendar: .standard, span: -1...1)
        #expect(s.quality == [.observed, .observed, .observed])
        #expect(close(s.levelCm[0], 1) && close(s.levelCm[1], 2) && close(s.levelCm[2], 3))
    }

    @Test func allMissing() {
        let s = DailyResampler(maxGapDays: 15).resample(times: [0.0, 1.0], levelsCm: [Double.nan, .nan], calendar: .standard, span: 0...1)
        #expect(s.quality == [.missing, .missing])
    }

    @Test func seriesAccessors() {
        let s = DailyWaterSeries(calendar: .standard, firstDay: 100, observedLevelsCm: [1, .nan, 3])
        #expect(s.quality == [.observed, .missing, .observed])
        #expect(s.endDay == 103)
        #expect(s.level(onDay: 99) == nil)
        #expect(s.level(onDay: 100) == 1)
        #expect(s.level(onDay: 101) == nil)
        #expect(s.level(onDay: 103) == nil)
        #expect(s.indices(of: 90...101) == 0..<2)
        #expect(s.indices(of: 102...200) == 2..<3)
        #expect(s.indices(of: 200...300) == 0..<0)
        #expect(SeasonWindow(firstDay: 10, lastDay: 19).days == 10)
    }
}
