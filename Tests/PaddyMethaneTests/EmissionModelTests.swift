import Foundation
import Testing
@testable import PaddyMethane
@testable import PaddyMethaneIO

/// The emission-model seam: one factor resolver for the estimate and the Monte Carlo, models
/// behind a protocol, CH4MOD's mass balances checked in every run, and the method registry.
@Suite struct FactorResolverTests {
    /// A copy of `p` without any 95 % range: every σ of the Monte Carlo is 0.
    static func withoutRanges(_ p: ParameterSet) -> ParameterSet {
        func strip<K>(_ t: [K: Factor]) -> [K: Factor] { t.mapValues { Factor(value: $0.value, source: $0.source) } }
        func strip(_ f: Factor?) -> Factor? { f.map { Factor(value: $0.value, source: $0.source) } }
        var q = p
        q.baselineEFKgPerHaPerDay = strip(p.baselineEFKgPerHaPerDay)
        q.waterRegimeScaling = strip(p.waterRegimeScaling)
        q.preSeasonScaling = strip(p.preSeasonScaling)
        q.amendmentConversion = strip(p.amendmentConversion)
        q.amendmentExponent = strip(p.amendmentExponent)!
        q.soilCultivarScaling = strip(p.soilCultivarScaling)
        q.regions = p.regions.mapValues { o in
            ParameterSet.RegionOverride(baselineEFKgPerHaPerDay: strip(o.baselineEFKgPerHaPerDay), waterRegimeScaling: strip(o.waterRegimeScaling),
                                        preSeasonScaling: strip(o.preSeasonScaling), soilCultivarScaling: strip(o.soilCultivarScaling))
        }
        return q
    }

    /// Paddy-seasons of 100 days in distinct categories: three regimes, three regions (Tier 2
    /// overrides of EF_c only, of EF_c and SF_w, none), amendments of one and of two types, a
    /// known and an unknown pre-season. Areas are powers of two, so that EF × days × area is
    /// rounded the same way as (days × area) × EF.
    static func rows(_ parameters: ParameterSet) throws -> [PaddySeasonResult] {
        let e = InventoryEngine(configuration: RunConfiguration(
            parameters: parameters, detection: try TestModels.detection(), drainageRule: try TestModels.rule(), gwp: try TestModels.gwp()))
        let w = TestSeries.window(0, 99)
        let previous = TestSeries.window(-100, -1)
        let cf = TestSeries.observed(runs: [(100, 5)])
        let single = TestSeries.observed(runs: [(40, 5), (6, -5), (54, 5)])
        let awd = TestSeries.observed(runs: [(20, 5), (5, -5), (20, 5), (5, -5), (50, 5)])
        var out: [PaddySeasonResult] = []
        for (i, region) in ["Battambang", "Takeo", "Kandal", nil].enumerated() {
            // Rates differ by region, so that every row is its own category under Tier 1 too.
            let x = Double(i)
            let compost = i == 0 ? [] : [OrganicAmendment(type: .compost, rateTPerHa: x)]
            let straw = [OrganicAmendment(type: .straw_short, rateTPerHa: 2.5 + x)]
            let mix = [OrganicAmendment(type: .farmyard_manure, rateTPerHa: 3 + x), OrganicAmendment(type: .straw_long, rateTPerHa: 1.5)]
            let green = [OrganicAmendment(type: .green_manure, rateTPerHa: 0.5 + x)]
            for (j, (water, amendments)) in [(cf, compost), (single, straw), (awd, mix), (awd, green)].enumerated() {
                let paddy = TestPaddy.make("p\(i)\(j)", index: 4 * i + j, region: region, areaHa: [0.5, 1, 2, 4][j],
                                           amendments: amendments, water: water)
                out.append(try e.result(paddy, w, previousSeason: j == 3 ? nil : previous))
            }
        }
        return out
    }

    /// With every σ at 0 a draw is the published values: each category's Monte Carlo total is
    /// its row's ch4_kg, and the total of the draws is the sum of the rows (summed in the
    /// categories' canonical order, the order the Monte Carlo sums them), exactly.
    @Test(arguments: ["ipcc-2019", "tier2-cambodia-example"])
    func monteCarloWithoutSpreadIsTheEstimateExactly(_ id: String) throws {
        let parameters = try TestModels.parameters(id)
        let rows = try Self.rows(parameters)
        let categories = rows.map(FactorCategory.init)
        #expect(Set(categories.map(\.sortKey)).count == rows.count, "one category per row")
        #expect(Set(rows.map { $0.factors!.baselineKey }).count >= (id == "ipcc-2019" ? 1 : 3))
        let model = FactorModel(parameters: Self.withoutRanges(parameters))
        #expect(model.sigmas.allSatisfy { $0 == 0 })
        let perRow = rows.map { r -> CategoryWeights in
            var w = CategoryWeights()
            w.add(FactorCategory(r), haDays: Double(r.days) * r.areaHa)
            return w
        }
        let draws = MonteCarlo(model: model, draws: 3, seed: 7).totals(perRow)
        for (r, d) in zip(rows, draws) { #expect(d == [r.ch4Kg, r.ch4Kg, r.ch4Kg], "\(r.paddyID)") }

        var all = CategoryWeights()
        for r in rows { all.add(FactorCategory(r), haDays: Double(r.days) * r.areaHa) }
        let byKey = Dictionary(uniqueKeysWithValues: rows.map { (FactorCategory($0).sortKey, $0.ch4Kg) })
        let rowSum = all.keys.reduce(0.0) { $0 + byKey[$1.sortKey]! }
        let total = MonteCarlo(model: model, draws: 2, seed: 7).totals([all])[0]
        #expect(total == [rowSum, rowSum])
    }

    /// The resolver's plan for a Tier 2 override region uses the region's own entries and the
    /// national ones where the region has none (Takeo: EF_c 1.10, SF_w 0.50 for AWD).
    @Test func tier2PlanTakesTheRegionsEntriesFirst() throws {
        let p = try TestModels.parameters("tier2-cambodia-example")
        let r = IPCCFactorResolver(parameters: p)
        let c = r.category(for: TestPaddy.assessment(.multiple_drainage), region: "Takeo", ipccRegion: nil, amendments: [])
        let plan = r.plan(c)
        #expect(r.ids[plan.efc] == .override(region: "Takeo", .baselineEF))
        #expect(r.ids[plan.sfw] == .override(region: "Takeo", .waterRegime(.multiple_drainage)))
        #expect(r.ids[plan.sfp] == .preSeason(.not_flooded_lt_180d))
        // The same factors by their keys in the file.
        #expect(ParameterSetFile.key(r.ids[plan.efc]) == "regions.Takeo.baseline_ef_kg_ha_day")
        #expect(ParameterSetFile.key(r.ids[plan.sfw]) == "regions.Takeo.water_regime_scaling.multiple_drainage")
        #expect(ParameterSetFile.key(r.ids[plan.sfp]) == "pre_season_scaling.not_flooded_lt_180d")
        // 1.10 × 0.50 × 1.00 × 1 × 1 = 0.55
        #expect(TestModels.close(plan.ef(r.values), 0.55, rel: 1e-15))
    }
}

/// A model that emits 1 kg CH4 ha⁻¹ d⁻¹ and fails its check on seasons longer than 100 days:
/// what adding a model takes (one conforming type), and how a failed check is reported.
private struct FlatModel: EmissionModel {
    var reportColumns: ReportColumns { [] }
    var factorParameters: ParameterSet? { nil }
    func emission(_ s: SeasonInput) throws(ModelCheckFailure) -> SeasonEmission {
        guard s.window.days <= 100 else { throw ModelCheckFailure(reason: "flat model check failed") }
        return SeasonEmission(ch4Kg: Double(s.window.days) * s.paddy.areaHa, efKgPerHaPerDay: 1, method: "flat")
    }
}

@Suite struct EmissionModelSeamTests {
    func engine() throws -> InventoryEngine {
        InventoryEngine(configuration: RunConfiguration(
            parameters: try TestModels.parameters(), detection: try TestModels.detection(),
            drainageRule: try TestModels.rule(), gwp: try TestModels.gwp()), model: FlatModel())
    }

    @Test func aNewModelRunsThroughTheEngineAndFillsOnlyTheSharedColumns() throws {
        let e = try engine()
        let water = TestSeries.observed(runs: [(200, 5)])
        let paddy = TestPaddy.make("F", areaHa: 2, seasons: [TestSeries.window(0, 79)], water: water)
        let out = e.evaluate(paddy)
        #expect(out.rejections.isEmpty)
        let r = try #require(out.results.first)
        // 80 days × 2 ha × 1 kg ha⁻¹ d⁻¹ = 160 kg; × 28 / 1000 = 4.48 t CO2e.
        #expect(r.ch4Kg == 160)
        #expect(TestModels.close(r.co2eT, 4.48, rel: 1e-12))
        #expect(r.factors == nil && r.method == "flat" && r.temperatureSource == "not used")
        #expect(!e.usesIPCCFactors)
        let row = String(decoding: InventoryReports.rows(out, format: .init(rule: "ipcc", calendar: water.calendar, columns: e.reportColumns,
                                                                          seasons: InventoryReports.seasonTable(attributes: []))).seasons, as: UTF8.self)
        // sf_w … ef_c_entry empty, then ef, ch4, co2e.
        #expect(row.contains(",,,,,,1.000000,160.000000,4.480000,flat,ipcc-2019,ipcc,not used"), "\(row)")
    }

    @Test func aFailedModelCheckRejectsTheSeasonNamingPaddyAndSeason() throws {
        let water = TestSeries.observed(runs: [(200, 5)])
        let long = TestSeries.window(0, 119), short = TestSeries.window(130, 199)
        let out = try engine().evaluate(TestPaddy.make("F", index: 3, seasons: [long, short], water: water))
        #expect(out.results.map(\.days) == [70])
        let r = try #require(out.rejections.first)
        #expect(r.paddyID == "F" && r.paddyIndex == 3 && r.season == long)
        #expect(r.reason == "season 2020-01-01…2020-04-29: flat model check failed")
    }
}

@Suite struct CH4MODBalanceTests {
    /// Balances of a real season close, and each side is integrated on its own: the organic
    /// matter added (fresh straw 5 t ha⁻¹ = 500 g m⁻², dry matter share 1.0, plus the soil pool
    /// 3.2 t ha⁻¹ = 320 g m⁻², models/ch4mod.yaml) is 820 g m⁻² = decomposed (sum of daily rates)
    /// + remaining (pools).
    @Test func aSeasonsBalancesCloseAndAreChecked() throws {
        let model = CH4MOD(parameters: try TestModels.library.ch4mod().parameters)
        let site = CH4MODSite(grainYieldTPerHa: 3.5, sandFraction: 0.4, amendments: [OrganicAmendment(type: .straw_short, rateTPerHa: 5)])
        let season = model.simulate(levelsCm: TestSeries.levels([(40, 5), (7, -10), (49, 5), (14, -10)])[...],
                                    soilTemperatureC: { _ in 28 }, site: site)
        #expect(TestModels.close(season.organicMatterStart, 820, rel: 1e-12))
        #expect(season.decomposed > 0 && season.organicMatterEnd > 0)
        #expect(abs(season.organicMatterImbalance) < 1e-9 * 820)
        #expect(season.oxidised > 0 && season.emission > 0)
        #expect(abs(season.methaneImbalance) < 1e-9 * season.production)
        try season.check()
    }

    @Test func aBalanceThatDoesNotCloseOrIsNotANumberFails() {
        var s = CH4MODSeason()
        s.organicMatterStart = 700; s.decomposed = 100; s.organicMatterEnd = 599   // 1 g m⁻² missing
        #expect(throws: ModelCheckFailure.self) { try s.check() }
        var n = CH4MODSeason()
        n.production = .nan
        #expect(throws: ModelCheckFailure.self) { try n.check() }
    }

    /// The process model checks its balances inside the engine: a plausible season passes, with
    /// no IPCC factors and only the temperature column of its own.
    @Test func theProcessModelRunsItsChecksInTheEngine() throws {
        let setup = try TestModels.library.processMethod(climate: nil)
        let e = InventoryEngine(configuration: RunConfiguration(
            parameters: try TestModels.parameters(), detection: try TestModels.detection(),
            drainageRule: try TestModels.rule(), gwp: try TestModels.gwp()), model: setup.model)
        let water = TestSeries.observed(runs: [(96, 5), (14, -10)])
        let out = e.evaluate(TestPaddy.make("P", seasons: [TestSeries.window(0, 109)], water: water))
        #expect(out.rejections.isEmpty)
        #expect(out.results.first?.method == "process-ch4mod")
        #expect(out.results.first?.factors == nil)
        #expect(e.reportColumns == .temperatureSource)
    }
}

@Suite struct MethodRegistryTests {
    @Test(arguments: EmissionMethodName.allCases)
    func everyMethodBuildsFromTheModels(_ name: EmissionMethodName) throws {
        var request = RunRequest()
        request.method = name
        request.amendments = ["straw_short:2.5"]
        let setup = try TestModels.library.runSetup(request)
        #expect(setup.engine.configuration.amendmentsByRegion["*"] == [OrganicAmendment(type: .straw_short, rateTPerHa: 2.5)])
        let p = setup.provenance
        #expect(p.parameterSetID == "ipcc-2019" && p.gwpID == "ar5" && p.gwpValue == 28)
        #expect(p.file("parameters")?.path.hasSuffix("models/ipcc-2019.yaml") == true)
        #expect(p.file("parameters")?.path.hasSuffix("models/ipcc-2019.yaml") == true)
        switch name {
        case .ipcc:
            #expect(setup.engine.usesIPCCFactors && p.method.name == "tier1" && p.file("process_parameters") == nil)
        case .process:
            #expect(!setup.engine.usesIPCCFactors && p.method.name == "process-ch4mod" && p.method.climate == "Cambodia")
            #expect(p.file("process_parameters")?.path.hasSuffix("models/ch4mod.yaml") == true)
        }
    }

    @Test func badRequestsNameTheirKey() throws {
        var region = RunRequest()
        region.ipccRegion = "south_east_asai"
        #expect { try TestModels.library.runSetup(region) } throws: { e in
            guard let e = e as? RunRequestError else { return false }
            return e.key == .ipccRegion && e.detail.contains("did you mean \"south_east_asia\"?")
        }
        var amendment = RunRequest()
        amendment.amendments = ["straw:2"]
        #expect { try TestModels.library.runSetup(amendment) } throws: { e in
            (e as? RunRequestError)?.key == .amendment && "\(e)".contains("straw:2: expected TYPE:RATE")
        }
    }
}
