import Foundation
import Testing
@testable import PaddyMethane
import PaddyMethaneIO

/// IPCC 2019 Vol. 4 Ch. 5, Eq. 5.1–5.3, with the factor values typed here from the published
/// Tables 5.11–5.14 (not read back from the model files), so that a wrong number in
/// models/ipcc-2019.yaml shows up as a failure.
@Suite struct Tier1Tests {
    // Table 5.11 (EF_c, kg CH4 ha⁻¹ d⁻¹)
    static let efGlobal = 1.19
    static let efSouthEastAsia = 1.22
    static let efEastAsia = 1.32
    static let efSouthAsia = 0.85
    // Table 5.12 (SF_w); the aggregated-case values are those of the 2019 table's aggregated rows.
    static let sfW: [WaterRegime: Double] = [
        .continuously_flooded: 1.00, .single_drainage: 0.71, .multiple_drainage: 0.55,
        .rainfed_regular: 0.54, .rainfed_drought_prone: 0.16, .deep_water: 0.06, .upland: 0,
        .irrigated_undetermined: 0.60, .rainfed_undetermined: 0.45,
    ]
    // Table 5.13 (SF_p)
    static let sfP: [PreSeasonStatus: Double] = [
        .not_flooded_lt_180d: 1.00, .not_flooded_gt_180d: 0.89, .flooded_gt_30d: 2.41, .not_flooded_gt_365d: 0.59,
        .unknown: 1.22,   // aggregated case, for a pre-season status that is not known
    ]
    // Table 5.14 (CFOA) and the Eq. 5.3 exponent
    static let cfoa: [AmendmentType: Double] = [
        .straw_short: 1.00, .straw_long: 0.19, .compost: 0.17, .farmyard_manure: 0.21, .green_manure: 0.45,
    ]
    static let exponent = 0.59

    func close(_ a: Double, _ b: Double) -> Bool { TestModels.close(a, b, rel: 1e-9) }

    // MARK: Equations

    @Test func eq51IsEFTimesDaysTimesArea() {
        #expect(close(seasonEmissionKg(efKgPerHaPerDay: 1.22 * 0.55, days: 102, areaHa: 1), 68.442))
        #expect(close(seasonEmissionKg(efKgPerHaPerDay: 1.19, days: 120, areaHa: 2.5), 1.19 * 120 * 2.5))
        #expect(seasonEmissionKg(efKgPerHaPerDay: 0, days: 120, areaHa: 2.5) == 0)
    }

    @Test func eq53OrganicAmendmentScaling() {
        let cf: (AmendmentType) -> Double = { Self.cfoa[$0]! }
        #expect(organicAmendmentScaling([], conversion: cf, exponent: 0.59) == 1)
        #expect(close(organicAmendmentScaling([OrganicAmendment(type: .straw_short, rateTPerHa: 5)], conversion: cf, exponent: 0.59),
                      pow(1 + 5 * 1.00, 0.59)))
        let mix = [OrganicAmendment(type: .straw_long, rateTPerHa: 2), OrganicAmendment(type: .compost, rateTPerHa: 10)]
        #expect(close(organicAmendmentScaling(mix, conversion: cf, exponent: 0.59), pow(1 + 2 * 0.19 + 10 * 0.17, 0.59)))
    }

    // MARK: Factor look-ups with the ipcc-2019 set

    @Test(arguments: WaterRegime.allCases)
    func everyWaterRegime(_ regime: WaterRegime) throws {
        let p = try TestModels.parameters()
        let f = p.factors(for: TestPaddy.assessment(regime), region: nil, ipccRegion: nil, amendments: [])
        #expect(f.baselineEF == Self.efGlobal)
        #expect(f.baselineKey == "global")
        #expect(close(f.sfW, Self.sfW[regime]!))
        #expect(f.sfP == 1.00)   // pre-season unknown → not flooded < 180 d
        #expect(f.sfO == 1)
        #expect(f.sfSR == 1)
        // EF_i = 1.19 × SF_w; 100 days on 1 ha.
        let kg = seasonEmissionKg(efKgPerHaPerDay: f.adjustedEF, days: 100, areaHa: 1)
        #expect(close(kg, 1.19 * Self.sfW[regime]! * 100))
    }

    @Test(arguments: PreSeasonStatus.allCases)
    func everyPreSeasonStatus(_ status: PreSeasonStatus) throws {
        let p = try TestModels.parameters()
        let f = p.factors(for: TestPaddy.assessment(.continuously_flooded, preSeason: status), region: nil,
                          ipccRegion: "south_east_asia", amendments: [])
        #expect(close(f.sfP, Self.sfP[status]!))
        #expect(close(f.adjustedEF, 1.22 * 1.00 * Self.sfP[status]!))
    }

    @Test(arguments: AmendmentType.allCases)
    func everyAmendmentType(_ type: AmendmentType) throws {
        let p = try TestModels.parameters()
        let am = [OrganicAmendment(type: type, rateTPerHa: 4)]
        let f = p.factors(for: TestPaddy.assessment(.single_drainage), region: nil, ipccRegion: nil, amendments: am)
        // SF_o = (1 + 4 × CFOA)^0.59
        #expect(close(f.sfO, pow(1 + 4 * Self.cfoa[type]!, Self.exponent)))
        #expect(close(f.adjustedEF, 1.19 * 0.71 * 1.00 * pow(1 + 4 * Self.cfoa[type]!, 0.59)))
    }

    @Test func baselineByRegion() throws {
        let p = try TestModels.parameters()
        let a = TestPaddy.assessment(.continuously_flooded)
        // The run's IPCC region comes first.
        let sea = p.factors(for: a, region: "Takeo", ipccRegion: "south_east_asia", amendments: [])
        #expect(sea.baselineEF == Self.efSouthEastAsia)
        #expect(sea.baselineKey == "south_east_asia")
        // Else the paddy's region when the table lists it.
        let ea = p.factors(for: a, region: "east_asia", ipccRegion: nil, amendments: [])
        #expect(ea.baselineEF == Self.efEastAsia)
        let sa = p.factors(for: a, region: "south_asia", ipccRegion: nil, amendments: [])
        #expect(sa.baselineEF == Self.efSouthAsia)
        // Else global.
        let other = p.factors(for: a, region: "Takeo", ipccRegion: nil, amendments: [])
        #expect(other.baselineEF == Self.efGlobal)
        #expect(other.baselineKey == "global")
    }

    @Test func southEastAsiaWorkedExamples() throws {
        let p = try TestModels.parameters()
        // Multiple drainage, 102 days, 1 ha, no amendment: 1.22 × 0.55 × 102 = 68.442 kg.
        let awd = p.factors(for: TestPaddy.assessment(.multiple_drainage, days: 102), region: nil,
                            ipccRegion: "south_east_asia", amendments: [])
        #expect(close(seasonEmissionKg(efKgPerHaPerDay: awd.adjustedEF, days: 102, areaHa: 1), 68.442))
        // Continuously flooded: 1.22 × 102 = 124.44 kg.
        let cf = p.factors(for: TestPaddy.assessment(.continuously_flooded, days: 102), region: nil,
                           ipccRegion: "south_east_asia", amendments: [])
        #expect(close(seasonEmissionKg(efKgPerHaPerDay: cf.adjustedEF, days: 102, areaHa: 1), 124.44))
        // With 5 t/ha straw incorporated shortly before: 1.22 × (1 + 5 × 1.00)^0.59 × 102 (≈ 358.2 kg).
        let straw = p.factors(for: TestPaddy.assessment(.continuously_flooded, days: 102), region: nil,
                              ipccRegion: "south_east_asia", amendments: [OrganicAmendment(type: .straw_short, rateTPerHa: 5)])
        let kg = seasonEmissionKg(efKgPerHaPerDay: straw.adjustedEF, days: 102, areaHa: 1)
        #expect(close(kg, 1.22 * pow(1.0 + 5.0, 0.59) * 102))
        #expect(abs(kg - 358.2) < 0.05)
    }

    // MARK: Engine on complete constructed paddies

    func engine(_ parameters: ParameterSet, ipccRegion: String? = "south_east_asia",
                amendments: [String: [OrganicAmendment]] = [:]) throws -> InventoryEngine {
        InventoryEngine(configuration: RunConfiguration(
            parameters: parameters, detection: try TestModels.detection(), drainageRule: try TestModels.rule(),
            gwp: try TestModels.gwp("ar5"), ipccRegion: ipccRegion, amendmentsByRegion: amendments))
    }

    @Test func engineOnThreePaddies() throws {
        let e = try engine(try TestModels.parameters())
        let d0 = TestSeries.day0
        let wet: Float = 5, dry: Float = -10

        // A: continuously flooded. dry 200 (0...199), wet 100 (200...299), dry 40.
        // Season 200...313 (100 + 14 = 114 days); 200 dry days before → not flooded > 180 d (SF_p 0.89).
        let a = TestPaddy.make("A", index: 0, region: "Battambang", areaHa: 2.5,
                               water: TestSeries.observed(runs: [(200, dry), (100, wet), (40, dry)]))
        // B: AWD. dry 60, 5 × (wet 10, dry 6), wet 20, dry 60. Season 60...(60 + 100 − 1 + 14) = 60...173,
        // 114 days; five 6-day drainages → multiple drainage (SF_w 0.55); 60 dry days before, no previous
        // season → unknown: Table 5.13 aggregated SF_p 1.22.
        var runsB: [(Int, Float)] = [(60, dry)]
        for _ in 0..<5 { runsB += [(10, wet), (6, dry)] }
        runsB += [(20, wet), (60, dry)]
        let b = TestPaddy.make("B", index: 1, region: "Takeo", areaHa: 1.2, water: TestSeries.observed(runs: runsB))
        // C: rainfed with 3 t/ha fresh straw. dry 60, wet 40, dry 5, wet 50, dry 60.
        // Season 60...(60 + 95 − 1 + 14) = 60...168, 109 days; one 5-day spell (< 14) → rainfed regular (0.54);
        // pre-season unknown as for B (SF_p 1.22).
        let c = TestPaddy.make("C", index: 2, region: "Takeo", supply: .rainfed, areaHa: 0.8,
                               amendments: [OrganicAmendment(type: .straw_short, rateTPerHa: 3)],
                               water: TestSeries.observed(runs: [(60, dry), (40, wet), (5, dry), (50, wet), (60, dry)]))

        let ra = e.evaluate(a), rb = e.evaluate(b), rc = e.evaluate(c)
        for r in [ra, rb, rc] {
            #expect(r.rejections.isEmpty)
            #expect(r.results.count == 1)
        }
        let sa = try #require(ra.results.first), sb = try #require(rb.results.first), sc = try #require(rc.results.first)

        #expect(sa.assessment.window == SeasonWindow(firstDay: d0 + 200, lastDay: d0 + 313))
        #expect(sa.assessment.regime == .continuously_flooded)
        #expect(sa.assessment.preSeason == .not_flooded_gt_180d)
        let kgA = 1.22 * 1.00 * 0.89 * 1.0 * 114 * 2.5
        #expect(close(sa.ch4Kg, kgA))
        #expect(close(sa.co2eT, kgA * 28 / 1000))

        #expect(sb.assessment.window == SeasonWindow(firstDay: d0 + 60, lastDay: d0 + 173))
        #expect(sb.assessment.regime == .multiple_drainage)
        #expect(sb.assessment.events.count == 5)
        #expect(sb.assessment.preSeason == nil)
        let kgB = 1.22 * 0.55 * 1.22 * 1.0 * 114 * 1.2
        #expect(close(sb.ch4Kg, kgB))
        #expect(close(sb.co2eT, kgB * 28 / 1000))

        #expect(sc.assessment.window == SeasonWindow(firstDay: d0 + 60, lastDay: d0 + 168))
        #expect(sc.assessment.regime == .rainfed_regular)
        #expect(sc.assessment.waterSupply == .rainfed)
        let kgC = 1.22 * 0.54 * 1.22 * pow(1 + 3 * 1.00, 0.59) * 109 * 0.8
        #expect(close(sc.ch4Kg, kgC))
        #expect(close(sc.co2eT, kgC * 28 / 1000))
        #expect(sc.amendmentRateTPerHa == 3)

        for r in [sa, sb, sc] {
            #expect(r.method == "tier1")
            #expect(r.parameterSetID == "ipcc-2019")
            #expect(r.factors?.baselineKey == "south_east_asia")
        }
    }

    @Test func engineAppliesRunDefaultAmendments() throws {
        // Paddies without amendments take their region's default, else "*".
        let e = try engine(try TestModels.parameters(), amendments: [
            "Takeo": [OrganicAmendment(type: .compost, rateTPerHa: 10)],
            "*": [OrganicAmendment(type: .farmyard_manure, rateTPerHa: 2)],
        ])
        let water = TestSeries.observed(runs: [(100, 5)])
        let window = TestSeries.window(0, 99)
        // The previous crop ended the day before (double cropping): not flooded < 180 d, SF_p 1.
        let previous = TestSeries.window(-100, -1)
        let t = try e.result(TestPaddy.make("T", region: "Takeo", water: water), window, previousSeason: previous)
        #expect(close(t.ch4Kg, 1.22 * pow(1 + 10 * 0.17, 0.59) * 100))
        let o = try e.result(TestPaddy.make("O", region: "Kandal", water: water), window, previousSeason: previous)
        #expect(close(o.ch4Kg, 1.22 * pow(1 + 2 * 0.21, 0.59) * 100))
        let given = try e.result(TestPaddy.make("G", region: "Takeo", amendments: [], water: water), window, previousSeason: previous)
        #expect(close(given.ch4Kg, 1.22 * 100))
    }

    @Test func engineRejectsBadPaddies() throws {
        let e = try engine(try TestModels.parameters())
        let zeroArea = e.evaluate(TestPaddy.make("Z", areaHa: 0, water: TestSeries.observed(runs: [(100, 5)])))
        #expect(zeroArea.results.isEmpty)
        #expect(zeroArea.rejections.count == 1)
        let allMissing = e.evaluate(TestPaddy.make("M", water: TestSeries.observed([Float](repeating: .nan, count: 50))))
        #expect(allMissing.results.isEmpty)
        #expect(allMissing.rejections.count == 1)
        let outside = e.evaluate(TestPaddy.make("X", seasons: [TestSeries.window(50, 150)], water: TestSeries.observed(runs: [(100, 5)])))
        #expect(outside.results.isEmpty)
        #expect(outside.rejections.first?.season == TestSeries.window(50, 150))
    }

    // MARK: Tier 2

    @Test func tier2CambodiaExampleOverrides() throws {
        let p = try TestModels.parameters("tier2-cambodia-example")
        #expect(p.tier == "tier2")
        let cf = TestPaddy.assessment(.continuously_flooded)
        let awd = TestPaddy.assessment(.multiple_drainage)
        // Battambang: EF_c 1.35, default SF_w.
        let bat = p.factors(for: awd, region: "Battambang", ipccRegion: nil, amendments: [])
        #expect(bat.baselineEF == 1.35)
        #expect(bat.baselineKey == "regions.Battambang")
        #expect(bat.sfW == 0.55)
        // Takeo, multiple drainage: EF_c 1.10, SF_w 0.50.
        let tak = p.factors(for: awd, region: "Takeo", ipccRegion: nil, amendments: [])
        #expect(tak.baselineEF == 1.10)
        #expect(tak.sfW == 0.50)
        #expect(close(tak.adjustedEF, 1.10 * 0.50))
        // Takeo, continuously flooded: default SF_w 1.00.
        #expect(p.factors(for: cf, region: "Takeo", ipccRegion: nil, amendments: []).sfW == 1.00)
        // Another province: national defaults (1.22, 0.55), even with an IPCC region set.
        let kan = p.factors(for: awd, region: "Kandal", ipccRegion: "south_east_asia", amendments: [])
        #expect(kan.baselineEF == 1.22)
        #expect(kan.baselineKey == "global")
        #expect(kan.sfW == 0.55)
        // No region: defaults.
        #expect(p.factors(for: awd, region: nil, ipccRegion: nil, amendments: []).baselineEF == 1.22)

        // Through the engine: a continuously flooded Battambang paddy, 100 days, 2 ha, the series
        // starting on the season's first day (pre-season unknown: Table 5.13 aggregated SF_p 1.22)
        // → 1.35 × 1.00 × 1.22 × 100 × 2.
        let e = try engine(p, ipccRegion: nil)
        let r = e.evaluate(TestPaddy.make("B", region: "Battambang", areaHa: 2, seasons: [TestSeries.window(0, 99)],
                                          water: TestSeries.observed(runs: [(100, 5)])))
        let s = try #require(r.results.first)
        #expect(close(s.ch4Kg, 1.35 * 1.00 * 1.22 * 100 * 2))
        #expect(s.method == "tier2")
        #expect(s.parameterSetID == "tier2-cambodia-example")
    }

    // MARK: Parameter files

    @Test func ipcc2006LoadsAndValidates() throws {
        let p = try TestModels.parameters("ipcc-2006")
        try ParameterSetFile.check(p)
        #expect(p.id == "ipcc-2006")
        #expect(p.baselineEFKgPerHaPerDay["global"]?.value == 1.30)
        #expect(p.waterRegimeScaling[.single_drainage]?.value == 0.60)
        #expect(p.waterRegimeScaling[.multiple_drainage]?.value == 0.52)
        #expect(p.preSeasonScaling[.not_flooded_gt_180d]?.value == 0.68)
        #expect(p.preSeasonScaling[.flooded_gt_30d]?.value == 1.90)
        // Table 5.13 aggregated case (2006): 1.22 (1.07–1.40).
        #expect(p.preSeasonScaling[.unknown] == Factor(value: 1.22, low: 1.07, high: 1.40, source: p.preSeasonScaling[.unknown]!.source))
        #expect(p.amendmentConversion[.straw_long]?.value == 0.29)
    }

    @Test func ipcc2019ValuesMatchThePublishedTables() throws {
        let p = try TestModels.parameters()
        try ParameterSetFile.check(p)
        #expect(p.baselineEFKgPerHaPerDay["global"]?.value == Self.efGlobal)
        #expect(p.baselineEFKgPerHaPerDay["south_east_asia"]?.value == Self.efSouthEastAsia)
        for (r, v) in Self.sfW { #expect(p.waterRegimeScaling[r]?.value == v, "\(r)") }
        for (s, v) in Self.sfP { #expect(p.preSeasonScaling[s]?.value == v, "\(s)") }
        for (a, v) in Self.cfoa { #expect(p.amendmentConversion[a]?.value == v, "\(a)") }
        #expect(p.amendmentExponent.value == Self.exponent)
    }

    @Test func validateRejectsMissingOrBadEntries() throws {
        let good = try TestModels.parameters()
        var noDeep = good
        noDeep.waterRegimeScaling[.deep_water] = nil
        #expect(throws: ParameterError.self) { try ParameterSetFile.check(noDeep) }
        do { try ParameterSetFile.check(noDeep) } catch { #expect(error.description.contains("deep_water")) }

        var noGlobal = good
        noGlobal.baselineEFKgPerHaPerDay["global"] = nil
        #expect(throws: ParameterError.self) { try ParameterSetFile.check(noGlobal) }

        var noPre = good
        noPre.preSeasonScaling[.flooded_gt_30d] = nil
        #expect(throws: ParameterError.self) { try ParameterSetFile.check(noPre) }

        var noAggregated = good
        noAggregated.preSeasonScaling[.unknown] = nil
        do { try ParameterSetFile.check(noAggregated); Issue.record("validated without the aggregated pre-season factor") } catch {
            #expect(error.description.contains("pre_season_scaling has no 'unknown' entry"))
        }

        var noCompost = good
        noCompost.amendmentConversion[.compost] = nil
        #expect(throws: ParameterError.self) { try ParameterSetFile.check(noCompost) }

        var outOfRange = good
        outOfRange.waterRegimeScaling[.single_drainage] = Factor(value: 1.5, low: 0.53, high: 0.94, source: "test")
        #expect(throws: ParameterError.self) { try ParameterSetFile.check(outOfRange) }

        var negative = good
        negative.amendmentExponent = Factor(value: -1, source: "test")
        #expect(throws: ParameterError.self) { try ParameterSetFile.check(negative) }
    }

    /// The provenance table lists every factor once under its file key, with the value, range and
    /// source read from the file (Table 5.12: SF_w single drainage 0.71, 0.53–0.94).
    @Test func provenanceListsEveryFactorUnderItsFileKey() throws {
        let p = try TestModels.parameters()
        let rows = ParameterSetFile.provenance(of: p)
        #expect(Set(rows.map(\.key)).count == rows.count)
        let single = try #require(rows.first { $0.key == "water_regime_scaling.single_drainage" })
        #expect(single.factor.value == Self.sfW[.single_drainage])
        #expect(single.factor.low == 0.53 && single.factor.high == 0.94)
        #expect(single.factor == p.waterRegimeScaling[.single_drainage])
        #expect(rows.first { $0.key == "amendment_exponent" }?.factor.value == Self.exponent)
        // Tier 2: the region blocks appear under `regions.<name>`.
        let t2 = ParameterSetFile.provenance(of: try TestModels.parameters("tier2-cambodia-example"))
        #expect(t2.first { $0.key == "regions.Takeo.baseline_ef_kg_ha_day" }?.factor.value == 1.10)
    }

    /// The encoded set (shard state for `merge`) decodes to the same typed tables.
    @Test func parameterSetRoundTripsThroughItsEncoding() throws {
        let p = try TestModels.parameters("tier2-cambodia-example")
        let back = try JSONDecoder().decode(ParameterSet.self, from: JSONEncoder().encode(p))
        #expect(back == p)
    }

    @Test func missingParameterFileThrows() {
        #expect(throws: (any Error).self) { try TestModels.parameters("no-such-set") }
    }

    @Test func gwpValues() throws {
        #expect(try TestModels.gwp("ar4").value == 25)
        #expect(try TestModels.gwp("ar5").value == 28)
        #expect(try TestModels.gwp("ar6").value == 27.0)
        #expect(try TestModels.gwp("AR5").value == 28)
        #expect(throws: (any Error).self) { try TestModels.gwp("ar9") }
    }
}
