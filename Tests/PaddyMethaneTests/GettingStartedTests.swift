import Foundation
import Testing
import PaddyMethane
import PaddyMethaneIO

/// The code of the DocC article "Getting started" (Sources/PaddyMethane/PaddyMethane.docc),
/// kept the same here so that the article cannot go stale.
@Suite struct GettingStartedTests {
    @Test func awdSeasonFromPlainArrays() throws {
        let library = TestModels.library
        let configuration = RunConfiguration(
            parameters: try library.parameterSet("ipcc-2019").0,
            detection: try library.detectionSettings(),
            drainageRule: try library.drainageRule("ipcc"),
            gwp: try library.gwp("ar5"))
        let engine = InventoryEngine(configuration: configuration)

        var levels = [Float](repeating: 5, count: 20)
        for _ in 0..<3 { levels += [Float](repeating: -10, count: 5) + [Float](repeating: 5, count: 20) }
        levels += [Float](repeating: 5, count: 25) + [Float](repeating: -10, count: 45)

        let calendar = CFCalendar.standard
        let firstDay = calendar.dayNumber(CalendarDate(year: 2024, month: 6, day: 1))
        let paddy = Paddy(index: 0, id: "plot-1", areaHa: 1.5,
                          seasons: [SeasonWindow(firstDay: firstDay, lastDay: firstDay + 119)],
                          water: DailyWaterSeries(calendar: calendar, firstDay: firstDay, observedLevelsCm: levels))

        let season = try #require(engine.evaluate(paddy).results.first)
        #expect(season.assessment.regime == .multiple_drainage)
        #expect(season.assessment.events.count == 3)
        // The article's hand calculation: 1.19 × 0.55 × 1.22 × 120 d × 1.5 ha.
        #expect(TestModels.close(season.ch4Kg, 1.19 * 0.55 * 1.22 * 120 * 1.5))
        #expect(abs(season.ch4Kg - 143.7) < 0.05)
    }
}
