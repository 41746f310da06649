import Foundation
import Testing
@testable import PaddyMethane

/// The scenario accounting and the crediting ledger: the blend of adopted and observed practice
/// by hand, merging of disjoint parts, and the encoded state a shard leaves.
@Suite struct AccountingTests {
    func close(_ a: Double, _ b: Double, rel: Double = 1e-9) -> Bool { TestModels.close(a, b, rel: rel) }

    func engine() throws -> InventoryEngine {
        InventoryEngine(configuration: RunConfiguration(parameters: try TestModels.parameters(), detection: try TestModels.detection(),
                                                        drainageRule: try TestModels.rule(), gwp: try TestModels.gwp("ar5")))
    }

    /// One 100-day season on `areaHa` with 2 t/ha straw, observed with two aerations (multiple
    /// drainage, SF_w 0.55) and continuously flooded under the scenario (SF_w 1.00); ipcc-2019,
    /// global EF_c 1.19 kg ha⁻¹ d⁻¹, SF_p 1 (previous crop the day before), SF_o = (1 + 2 × 1.00)^0.59.
    func season(_ id: String, region: String?, areaHa: Double, fraction: Double, lastDay: Int = 99) throws -> ScenarioSeasonResult {
        let e = try engine()
        let w = TestSeries.window(lastDay - 99, lastDay)
        let previous = TestSeries.window(lastDay - 199, lastDay - 100)
        let straw = [OrganicAmendment(type: .straw_short, rateTPerHa: 2)]
        let first = TestSeries.day0 + lastDay - 199
        let awd = TestSeries.observed(runs: [(120, 5), (5, -5), (20, 5), (5, -5), (50, 5)], firstDay: first)
        let cf = TestSeries.observed(runs: [(200, 5)], firstDay: first)
        return ScenarioSeasonResult(
            baseline: try e.result(TestPaddy.make(id, region: region, areaHa: areaHa, amendments: straw, water: awd), w, previousSeason: previous),
            adopted: try e.result(TestPaddy.make(id, region: region, areaHa: areaHa, amendments: straw, water: cf), w, previousSeason: previous),
            adoptionFraction: fraction)
    }

    @Test func aScenarioSeasonBlendsTheAdoptedShareWithTheObservedRest() throws {
        let x = try season("p1", region: "Takeo", areaHa: 3, fraction: 0.4)
        let so = pow(1 + 2 * 1.00, 0.59)
        let observed = 1.19 * 0.55 * so * 100 * 3, adopted = 1.19 * 1.00 * so * 100 * 3
        #expect(close(x.baseline.ch4Kg, observed) && close(x.adopted.ch4Kg, adopted))
        var ledger = ScenarioLedger()
        ledger.addScenario(x)
        // Expected CH4: 0.4 × adopted + 0.6 × observed; the reference is the observed practice.
        #expect(close(ledger.totals.ch4Kg, 0.4 * adopted + 0.6 * observed, rel: 1e-9))
        #expect(close(ledger.totals.co2eT, (0.4 * adopted + 0.6 * observed) * 28 / 1000, rel: 1e-9))
        #expect(close(ledger.reference.ch4Kg, observed))
        #expect(close(ledger.adoptedAreaHa, 0.4 * 3))
        #expect(close(ledger.totals.areaHa, 3))
        // Amendments do not change: 2 t/ha on the whole 3 ha.
        #expect(close(ledger.totals.amendmentT, 6))
        #expect(close(ledger.byRegion["Takeo"]!.co2eT, ledger.totals.co2eT))
        // Monte Carlo weights: 100 d × 3 ha split 0.4 / 0.6 between the two water regimes.
        let weights = Dictionary(uniqueKeysWithValues: ledger.weights.categoryWeights.exactWeights.map { ($0.0.regime, $0.1.value) })
        #expect(close(weights[.continuously_flooded]!, 120) && close(weights[.multiple_drainage]!, 180))
    }

    /// The scenario levels draw the activity data as uncertainty.csv does: both shares of a blend
    /// have the observed season's area and length, and so carry its error sources.
    @Test func ledgerWeightsCarryTheSeasonsActivityDataErrors() throws {
        var x = try season("p1", region: "Takeo", areaHa: 3, fraction: 0.4)
        x.baseline.activityUncertainty = ActivityUncertainty(scope: "region Takeo 2020", areaPct: 10, seasonLengthPct: nil)
        var ledger = ScenarioLedger()
        ledger.addScenario(x)
        #expect(ledger.weights.entries.count == 2 && ledger.weights.entries.allSatisfy { $0.key.activity.area?.u95 == 0.10 })
        #expect(ledger.weightsByRegion["Takeo"] == ledger.weights)
        // One ±10 % area figure covers the whole ledger: Approach 1's activity-data part is 10 %.
        let model = FactorModel(parameters: try TestModels.parameters())
        #expect(close(UncertaintyBudget(ledger.weights, model: model).activityU95, 0.10, rel: 1e-12))
    }

    @Test func mergedPartsEqualOneAccumulationAndSurviveEncoding() throws {
        let seasons = try [season("p1", region: "Takeo", areaHa: 3, fraction: 0.4),
                           season("p2", region: "Kandal", areaHa: 1.25, fraction: 0.7, lastDay: 199),
                           season("p3", region: nil, areaHa: 2, fraction: 1)]
        let periods = MonitoringPeriods(start: CalendarDate(year: 2020, month: 1, day: 1), months: 6, calendar: TestSeries.calendar)
        func accounting(_ part: ArraySlice<ScenarioSeasonResult>) -> ScenarioAccounting {
            var a = ScenarioAccounting(scenarios: 1, crediting: periods)
            for x in part { a.add(baseline: [x.baseline], scenarios: [[x]]) }
            return a
        }
        let whole = accounting(seasons[...])
        var merged = accounting(seasons[2...])
        merged.merge(accounting(seasons[..<2]))
        #expect(merged == whole)
        let decoded = try JSONDecoder().decode(ScenarioAccounting.self, from: JSONEncoder().encode(whole))
        #expect(decoded == whole)
        // The baseline ledger is the observed practice: its change is zero, its area all adopted.
        #expect(whole.ledgers[0].totals == whole.ledgers[0].reference)
        #expect(whole.ledgers[0].adoptedArea == whole.ledgers[0].totals.area)
        #expect(whole.crediting != nil)
    }

    @Test func anInventoryAggregateSurvivesEncoding() throws {
        var agg = InventoryAggregate()
        for x in try [season("p1", region: "Takeo", areaHa: 3, fraction: 1), season("p2", region: nil, areaHa: 2, fraction: 1)] {
            agg.add(x.baseline)
            agg.add(x.adopted)
        }
        let decoded = try JSONDecoder().decode(InventoryAggregate.self, from: JSONEncoder().encode(agg))
        #expect(decoded.byRegion == agg.byRegion && decoded.byCRT == agg.byCRT && decoded.uncertaintyByYear == agg.uncertaintyByYear && !agg.uncertaintyByYear.isEmpty)
        #expect(decoded.total == agg.total)
    }
}
