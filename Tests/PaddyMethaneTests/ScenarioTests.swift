import Foundation
import Testing
@testable import PaddyMethane
import PaddyMethaneIO

/// Water and straw transforms on constructed series, adoption, and the scenario evaluation.
@Suite struct ScenarioTransformTests {
    let management: ManagementDefaults
    let detection: DetectionSettings

    init() throws {
        management = try TestModels.library.managementDefaults()
        detection = try TestModels.detection()
    }

    /// 100 days: continuously flooded at +6 cm, then the last 14 days drained (-8 cm).
    static let flooded = TestSeries.observed(runs: [(86, 6), (14, -8)])
    static let season = TestSeries.window(0, 99)

    @Test func continuousFloodingRaisesEveryCultivationDayToTheFlood() {
        var s = TestSeries.observed(runs: [(30, 6), (10, -5), (46, 2), (14, -8)])
        s = TestSeries.withMissing(s, [50])
        let out = WaterTransform.continuousFlooding(levelCm: 5).apply(to: s, seasons: [Self.season], endSeasonDrainageDays: 14)
        #expect(out.levelCm[0..<30].allSatisfy { $0 == 6 })          // deeper water kept
        #expect(out.levelCm[30..<86].allSatisfy { $0 == 5 || $0 == 6 })
        #expect(out.levelCm[35] == 5 && out.levelCm[50] == 5 && out.quality[50] == .observed)
        #expect(out.levelCm[86..<100].allSatisfy { $0 == -8 })       // end-season drainage kept
    }

    @Test func singleMidSeasonDrainageDrainsTheGivenDays() {
        let out = WaterTransform.singleMidSeasonDrainage(startFraction: 0.4, lengthDays: 7, levelCm: -10, floodCm: 5)
            .apply(to: Self.flooded, seasons: [Self.season], endSeasonDrainageDays: 14)
        // Cultivation part: 86 days; start = round(86 × 0.4) = 34.
        #expect(out.levelCm[33] == 6)
        #expect(out.levelCm[34..<41].allSatisfy { $0 == -10 })
        #expect(out.levelCm[41] == 6)
        let events = DrainageRule(name: "t", thresholdCm: 0, minDays: 4, source: "").events(in: out, window: Self.season)
        #expect(events.map(\.lengthDays) == [7])
    }

    @Test func extendDrainageLengthensTheObservedEvent() throws {
        let rule = try TestModels.rule()
        let s = TestSeries.observed(runs: [(40, 5), (5, -7), (41, 5), (14, -8)])
        let out = WaterTransform.extendDrainage(days: 7, rule: rule, startFraction: 0.4, levelCm: -10)
            .apply(to: s, seasons: [Self.season], endSeasonDrainageDays: 14)
        let events = rule.events(in: out, window: Self.season)
        #expect(events.count == 1)
        #expect(events[0].firstDay == TestSeries.day0 + 40)
        #expect(events[0].lengthDays == 12)            // 5 observed + 7 added at the event's lowest level
        #expect(out.levelCm[45..<52].allSatisfy { $0 == -7 })
    }

    @Test func extendDrainageAddsOneWhereNoneWasObserved() throws {
        let rule = try TestModels.rule()
        let out = WaterTransform.extendDrainage(days: 7, rule: rule, startFraction: 0.4, levelCm: -10)
            .apply(to: Self.flooded, seasons: [Self.season], endSeasonDrainageDays: 14)
        let events = rule.events(in: out, window: Self.season)
        #expect(events.map(\.lengthDays) == [7])
        #expect(events[0].firstDay == TestSeries.day0 + 34)
    }

    @Test func safeAWDCyclesBetweenTheThresholdAndTheRefloodAndSparesFlowering() {
        var a = AWDSettings(management.safe_awd)
        a.defaultDrawdownCmPerDay = 2.5
        let out = WaterTransform.safeAWD(a).apply(to: Self.flooded, seasons: [Self.season], endSeasonDrainageDays: 14)
        let cultivation = Array(out.levelCm[0..<86])
        #expect(cultivation.min()! >= Float(a.thresholdCm))
        #expect(cultivation.max()! <= 6)
        // Flooded for the first 15 days and around flowering (days 47 to 63 of 86).
        #expect(cultivation[0..<15].allSatisfy { $0 >= Float(a.refloodCm) })
        #expect(cultivation[Int(86 * 0.55)..<Int(86 * 0.75)].allSatisfy { $0 >= Float(a.refloodCm) })
        // From the observed +6 at 2.5 cm/day: 3.5, 1, -1.5, … -14, then -15 (the threshold), then
        // re-flooded to +5 the next day.
        #expect(cultivation[15] == 3.5 && cultivation[16] == 1 && cultivation[17] == -1.5)
        #expect(cultivation[22] == -14 && cultivation[23] == -15 && cultivation[24] == 5)
        #expect(out.levelCm[86..<100].allSatisfy { $0 == -8 })
    }

    @Test func awdDrawdownComesFromThePaddysOwnRecessionsWhenThereAreEnough() {
        // Observed falls of 1 cm/day from +5 to -2 (7 falls), otherwise flooded.
        let s = TestSeries.observed([5, 5] + (0...7).map { Float(5 - $0) } + Array(repeating: 5, count: 90))
        #expect(observedRecessionCmPerDay(s, 0..<100, minSamples: 5) == 1)
        #expect(observedRecessionCmPerDay(s, 0..<100, minSamples: 8) == nil)
    }

    @Test func awdTurnsContinuousFloodingIntoMultipleDrainageUnderTier1() throws {
        // Issue requirement: SF_w 1.00 → 0.55 with the IPCC 2019 disaggregated values.
        let parameters = try TestModels.parameters()
        let engine = InventoryEngine(configuration: RunConfiguration(parameters: parameters, detection: detection,
                                                                     drainageRule: try TestModels.rule(), gwp: try TestModels.gwp()))
        let paddy = TestPaddy.make("P", seasons: [Self.season], water: Self.flooded)
        let observed = engine.evaluate(paddy)
        #expect(observed.results.map(\.assessment.regime) == [.continuously_flooded])
        #expect(observed.results[0].factors?.sfW == 1.00)
        let awd = Scenario(name: "awd", water: .safeAWD(AWDSettings(management.safe_awd)), engine: engine)
        let x = try awd.evaluate(paddy, baseline: observed)
        #expect(x.map(\.adopted.assessment.regime) == [.multiple_drainage])
        #expect(x[0].adopted.factors?.sfW == 0.55)
        // The series starts on the season's first day: pre-season unknown, Table 5.13 aggregated
        // SF_p 1.22 in both. 1.19 × 0.55 × 1.22 × 100 d × 1 ha = 79.849 kg against
        // 1.19 × 1.00 × 1.22 × 100 = 145.18 kg: a saving of 1 − 0.55 = 45 %.
        #expect(TestModels.close(x[0].adopted.ch4Kg, 79.849))
        #expect(TestModels.close(x[0].baseline.ch4Kg, 145.18))
    }

    @Test func adoptionZeroIsTheBaselineAndOneTheFullScenario() throws {
        let engine = InventoryEngine(configuration: RunConfiguration(parameters: try TestModels.parameters(), detection: detection,
                                                                     drainageRule: try TestModels.rule(), gwp: try TestModels.gwp()))
        let paddy = TestPaddy.make("P", region: "Takeo", seasons: [Self.season], water: Self.flooded)
        let observed = engine.evaluate(paddy)
        // As above, with SF_p 1.22 (pre-season unknown): baseline 145.18 kg, AWD 79.849 kg.
        for (fraction, expected) in [(0.0, 145.18), (1.0, 79.849), (0.3, 0.3 * 79.849 + 0.7 * 145.18)] {
            let s = Scenario(name: "s", water: .safeAWD(AWDSettings(management.safe_awd)),
                             adoption: Adoption(defaultFraction: 0.9, byRegion: ["Takeo": fraction]), engine: engine)
            let x = try s.evaluate(paddy, baseline: observed)
            #expect(TestModels.close(x[0].expectedCH4Kg, expected), "adoption \(fraction)")
        }
        // Not eligible by water supply: no adoption.
        let rainfedOnly = Adoption(defaultFraction: 1, waterSupplies: [.rainfed])
        #expect(rainfedOnly.fraction(region: "Takeo", supply: .irrigated) == 0)
    }

    @Test func strawTransforms() {
        let applied = [OrganicAmendment(type: .straw_short, rateTPerHa: 4), OrganicAmendment(type: .farmyard_manure, rateTPerHa: 2)]
        #expect(AmendmentTransform.removeStraw.apply(applied) == [applied[1]])
        #expect(AmendmentTransform.compostStraw(tPerTStraw: 0.5).apply(applied) == [OrganicAmendment(type: .compost, rateTPerHa: 2), applied[1]])
        #expect(AmendmentTransform.incorporateStrawEarly.apply(applied) == [OrganicAmendment(type: .straw_long, rateTPerHa: 4), applied[1]])
        #expect(AmendmentTransform.unchanged.apply(applied) == applied)
    }

    @Test func monitoringPeriodsOfSixMonths() {
        let p = MonitoringPeriods(start: CalendarDate(year: 2024, month: 1, day: 1), months: 6, calendar: .standard)
        let cal = CFCalendar.standard
        #expect(p.index(ofDay: cal.dayNumber(CalendarDate(year: 2024, month: 6, day: 30))) == 0)
        #expect(p.index(ofDay: cal.dayNumber(CalendarDate(year: 2024, month: 7, day: 1))) == 1)
        #expect(p.index(ofDay: cal.dayNumber(CalendarDate(year: 2023, month: 12, day: 31))) == -1)
        #expect(p.bounds(1) == (CalendarDate(year: 2024, month: 7, day: 1), CalendarDate(year: 2024, month: 12, day: 31)))
        #expect(p.bounds(3) == (CalendarDate(year: 2025, month: 7, day: 1), CalendarDate(year: 2025, month: 12, day: 31)))
    }
}

/// IPCC Approach 2 and Approach 1 over category weights.
@Suite struct UncertaintyTests {
    let parameters: ParameterSet
    let category: FactorCategory

    init() throws {
        parameters = try TestModels.parameters()
        // Continuously flooded, global EF_c, default pre-season, no amendment.
        let a = TestPaddy.assessment(.continuously_flooded)
        let f = parameters.factors(for: a, region: nil, ipccRegion: nil, amendments: [])
        let r = PaddySeasonResult(paddyIndex: 0, paddyID: "P", region: nil, calendar: .standard, areaHa: 1, assessment: a,
                                  amendments: [], factors: f, ch4Kg: 0, efKgPerHaPerDay: f.adjustedEF, dailyFluxGPerM2: nil,
                                  co2eT: 0, method: "tier1", parameterSetID: parameters.id, temperatureSource: "not used")
        category = FactorCategory(r)
    }

    func weights(_ haDays: Double) -> CategoryWeights {
        var w = CategoryWeights()
        w.add(category, haDays: haDays)
        return w
    }

    @Test func deterministicValueOfACategory() {
        let model = FactorModel(parameters: parameters)
        // 1.19 × 1.00 × 1.00 × 1 = 1.19 kg ha⁻¹ d⁻¹
        #expect(TestModels.close(model.ef(model.plan(category), model.values), 1.19))
    }

    @Test func monteCarloIsReproducibleWithASeed() {
        let model = FactorModel(parameters: parameters)
        let a = MonteCarlo(model: model, draws: 500, seed: 7).totals([weights(1000)])
        let b = MonteCarlo(model: model, draws: 500, seed: 7).totals([weights(1000)])
        let c = MonteCarlo(model: model, draws: 500, seed: 8).totals([weights(1000)])
        #expect(a == b)
        #expect(a != c)
    }

    @Test func monteCarloAgreesWithTheDeterministicValueWithinSamplingError() {
        // EF = EF_c × SF_w × SF_p, each lognormal with median at the published value:
        // σ = ln(high/low)/3.92 → EF_c 0.80–1.76, SF_w 0.73–1.27, SF_p 0.88–1.12.
        let s = [log(1.76 / 0.80), log(1.27 / 0.73), log(1.12 / 0.88)].map { $0 / 3.92 }
        let sigma = s.map { $0 * $0 }.reduce(0, +).squareRoot()
        let w = 1000.0
        let deterministic = w * 1.19
        let n = 20000
        let draws = MonteCarlo(model: FactorModel(parameters: parameters), draws: n, seed: 42).totals([weights(w)])[0]
        let summary = DrawSummary(draws)
        // The product of lognormals is lognormal: median = deterministic, mean = deterministic × e^(σ²/2).
        let mean = deterministic * exp(sigma * sigma / 2)
        let sd = mean * (exp(sigma * sigma) - 1).squareRoot()
        #expect(abs(summary.mean - mean) < 4 * sd / Double(n).squareRoot())
        // Median: its standard error is about 1.2533 σ_x / √n near the median.
        #expect(abs(summary.median - deterministic) < 4 * 1.2533 * deterministic * sigma / Double(n).squareRoot())
        // The 95 % interval of the product: deterministic × e^(±1.96 σ), to sampling accuracy.
        #expect(TestModels.close(summary.low95, deterministic * exp(-1.96 * sigma), rel: 0.03))
        #expect(TestModels.close(summary.high95, deterministic * exp(1.96 * sigma), rel: 0.03))
    }

    @Test func approach1CombinesRelativeUncertaintiesInQuadrature() {
        // IPCC 2006 Vol. 1 Eq. 3.1: U = √(ΣU_i²), U_i = 1.96 σ_i = ln(high/low)/2.
        let u = [log(1.76 / 0.80), log(1.27 / 0.73), log(1.12 / 0.88)].map { $0 / 2 }
        let expected = u.map { $0 * $0 }.reduce(0, +).squareRoot()
        #expect(TestModels.close(FactorModel(parameters: parameters).approach1(weights(500)), expected, rel: 1e-12))
    }
}
