import Foundation
import Testing
import PaddyMethane
@testable import PaddyMethaneIO

/// Which seasons belong to an inventory year (the year of their harvest, the season end), and the
/// season calendar of the region × season summaries.
@Suite struct InventoryYearTests {
    func engine() throws -> InventoryEngine {
        InventoryEngine(configuration: RunConfiguration(parameters: try TestModels.parameters(), detection: try TestModels.detection(),
                                                        drainageRule: try TestModels.rule(), gwp: try TestModels.gwp()))
    }

    @Test func seasonsBelongToTheYearOfTheirHarvest() throws {
        // Series from 2020-01-01, flooded throughout. Given seasons: days 0…99 (2020-01-01…2020-04-09),
        // 340…449 (2020-12-06…2021-03-25: sown in 2020, harvested in 2021), and 460…500, only 41 days
        // (2021-04-05…2021-05-15: rejected as too short, and harvested in 2021).
        let water = TestSeries.observed(runs: [(520, 5)])
        let paddy = TestPaddy.make("P", seasons: [TestSeries.window(0, 99), TestSeries.window(340, 449), TestSeries.window(460, 500)], water: water)
        let all = try engine().evaluate(paddy)
        #expect(all.results.count == 2 && all.rejections.count == 1)

        let y2020 = InventoryYear(2020).scope(all, calendar: water.calendar)
        #expect(y2020.results.map(\.assessment.window) == [TestSeries.window(0, 99)])
        // The season sown in December 2020 is harvested in 2021: out of 2020's scope, not rejected;
        // so is the short season of 2021, with its rejection reason kept.
        #expect(y2020.rejections.isEmpty)
        #expect(y2020.outOfScope.map(\.window) == [TestSeries.window(340, 449), TestSeries.window(460, 500)])
        #expect(y2020.outOfScope[0].reason == "season end (harvest) 2021-03-25 is in 2021; the inventory year is 2020")
        #expect(y2020.outOfScope[1].reason.hasSuffix("; not computed: " + all.rejections[0].reason))

        let y2021 = InventoryYear(2021).scope(all, calendar: water.calendar)
        #expect(y2021.results.map(\.assessment.window) == [TestSeries.window(340, 449)])
        // A rejection of a season harvested in the year stays a rejection.
        #expect(y2021.rejections == all.rejections && y2021.outOfScope.count == 1)
        // The 2021 season's pre-season was read after the 2020 season, before scoping: unchanged.
        #expect(y2021.results[0].assessment.preSeason == all.results[1].assessment.preSeason)
    }

    @Test func aPaddyLevelRejectionIsNeverOutOfScope() {
        let outcome = PaddyOutcome(rejections: [Rejection(paddyIndex: 0, paddyID: "P", reason: "area 0 ha is not a positive number")])
        #expect(InventoryYear(1999).scope(outcome, calendar: .standard).rejections == outcome.rejections)
    }

    @Test func aSeasonCalendarNamesEveryMonthOnce() throws {
        let c = try SeasonCalendar(harvestMonths: ["wet": [9, 10, 11, 12, 1], "dry": [2, 3, 4, 5, 6, 7, 8]])
        #expect(c.season(harvestMonth: 1) == "wet" && c.season(harvestMonth: 3) == "dry")
        #expect(throws: SeasonCalendarError.self) { try SeasonCalendar(harvestMonths: ["wet": [9, 10, 11, 12, 1], "dry": [2, 3, 4, 5, 6, 7]]) }
        #expect(throws: SeasonCalendarError.self) { try SeasonCalendar(harvestMonths: ["a": Array(1...12), "b": [3]]) }
        #expect(throws: SeasonCalendarError.self) { try SeasonCalendar(harvestMonths: ["a": Array(1...12) + [13]]) }
    }

    @Test func theExampleConfigurationHasTheCambodianCalendar() throws {
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("data")
        let file = try RunConfigFile.load(data.appendingPathComponent("run-config-example.yaml").path)
        #expect(file.seasonCalendar?.season(harvestMonth: 10) == "wet" && file.seasonCalendar?.season(harvestMonth: 4) == "dry")
    }
}
