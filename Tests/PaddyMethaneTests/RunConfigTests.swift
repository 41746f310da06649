import Foundation
import Testing
@testable import PaddyMethane
import PaddyMethaneIO

/// Seasons and amendments by region from a run configuration.
@Suite struct RunConfigTests {
    @Test func monthDayWindowsRepeatEveryYearInsideTheSeries() throws {
        // 2020-01-01 … 2021-12-31 (731 days, proleptic Gregorian).
        let s = TestSeries.observed(Array(repeating: 5, count: 731))
        let wet = try #require(MonthDayWindow(start: "06-01", end: "10-31"))
        let cal = TestSeries.calendar
        #expect(wet.windows(in: s) == [2020, 2021].map {
            SeasonWindow(firstDay: cal.dayNumber(CalendarDate(year: $0, month: 6, day: 1)), lastDay: cal.dayNumber(CalendarDate(year: $0, month: 10, day: 31)))
        })
        // Across the new year: only 2020-12-01 … 2021-03-31 lies inside the series.
        let dry = try #require(MonthDayWindow(start: "12-01", end: "03-31"))
        let w = dry.windows(in: s)
        #expect(w.count == 1)
        #expect(w.first?.days == 31 + 31 + 28 + 31)   // Dec, Jan, Feb 2021, Mar
        #expect(MonthDayWindow(start: "13-01", end: "03-31") == nil)
    }

    @Test func configuredSeasonsReplaceDetectionForTheirRegion() throws {
        var c = RunConfiguration(parameters: try TestModels.parameters(), detection: try TestModels.detection(),
                                 drainageRule: try TestModels.rule(), gwp: try TestModels.gwp())
        c.seasonsByRegion = ["Takeo": [try #require(MonthDayWindow(start: "02-01", end: "05-10"))]]
        // Flooded for the first 120 days of 2020, then dry: detection finds one season of
        // 120 + 14 (end-season drainage) days.
        let water = TestSeries.observed(runs: [(120, 5), (246, -20)])
        let takeo = InventoryEngine(configuration: c).evaluate(TestPaddy.make("T", region: "Takeo", water: water))
        #expect(takeo.results.map(\.days) == [29 + 31 + 30 + 10])   // Feb (leap), Mar, Apr, 1–10 May
        let other = InventoryEngine(configuration: c).evaluate(TestPaddy.make("K", region: "Kandal", water: water))
        #expect(other.results.map(\.days) == [134])
    }
}
