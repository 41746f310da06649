import Foundation
import Testing
@testable import PaddyMethane
import PaddyMethaneIO

/// CH4MOD: each equation against values worked by hand, then the behaviour the literature reports
/// (ranges from science.md section 3).
@Suite struct CH4MODEquationTests {
    @Test func redoxFactorIsOneBelowMinus150AndExponentialAbove() {
        #expect(redoxFactor(ehMV: -200, scale: 1.7) == 1)
        #expect(redoxFactor(ehMV: -150, scale: 1.7) == 1)
        // exp(-1.7 × 150/150) = exp(-1.7) = 0.182683524052735
        #expect(TestModels.close(redoxFactor(ehMV: 0, scale: 1.7), 0.182683524052735, rel: 1e-12))
        // exp(-1.7 × 450/150) = exp(-5.1) = 0.006096746565515638
        #expect(TestModels.close(redoxFactor(ehMV: 300, scale: 1.7), 0.006096746565515638, rel: 1e-12))
    }

    @Test func temperatureIndexIsQ10BelowTheCap() {
        #expect(TestModels.close(temperatureIndex(soilTemperatureC: 20, q10: 3, referenceC: 30), 1.0 / 3.0, rel: 1e-12))
        #expect(TestModels.close(temperatureIndex(soilTemperatureC: 10, q10: 3, referenceC: 30), 1.0 / 9.0, rel: 1e-12))
        #expect(temperatureIndex(soilTemperatureC: 35, q10: 3, referenceC: 30) == 1)
    }

    @Test func textureAndMoistureIndices() {
        // 0.325 + 2.25 × 0.4 = 1.225
        #expect(TestModels.close(soilTextureIndex(sandFraction: 0.4, intercept: 0.325, slope: 2.25), 1.225, rel: 1e-12))
        // 0.49 × exp(3.88 × 0.636 − 5.4 × 0.636²) = 0.49 × exp(0.2834016) = 0.49 × 1.3276382 = 0.650543
        #expect(TestModels.close(moistureIndex(theta: 0.636, a: 0.49, b: 3.88, c: 5.4), 0.49 * 1.3276382, rel: 1e-6))
    }

    @Test func logisticBiomassRunsFromW0ToWmax() {
        #expect(TestModels.close(shootBiomass(day: 0, maxBiomass: 800, initialBiomass: 20, rate: 0.1), 20, rel: 1e-12))
        #expect(TestModels.close(shootBiomass(day: 1000, maxBiomass: 800, initialBiomass: 20, rate: 0.1), 800, rel: 1e-9))
        // Midpoint at t = ln(B0)/r with B0 = 800/20 − 1 = 39: W = 400.
        #expect(TestModels.close(shootBiomass(day: log(39) / 0.1, maxBiomass: 800, initialBiomass: 20, rate: 0.1), 400, rel: 1e-12))
        // Wmax = 9.46 × 100^0.76 = 9.46 × 10^1.52 = 9.46 × 33.113112 = 313.250
        #expect(TestModels.close(maxShootBiomass(grainYieldGPerM2: 100, coefficient: 9.46, exponent: 0.76), 313.2500, rel: 1e-5))
    }

    @Test func rootBiomassSolvesItsEquation() {
        let w = 500.0
        let root = rootBiomass(shootBiomass: w, coefficient: 0.212, exponent: 0.936)
        let totalMg = (w + root) * 1000
        #expect(TestModels.close(totalMg, w * 1000 + 0.212 * pow(totalMg, 0.936), rel: 1e-9))
        #expect(root > 0 && root < w)
    }

    @Test func exudatesProductionAndTransport() {
        // 0.0018 × 1 × 1 × 100^1.25 = 0.0018 × 316.227766 = 0.569210
        #expect(TestModels.close(rootExudates(shootBiomass: 100, varietyIndex: 1, textureIndex: 1, coefficient: 0.0018, exponent: 1.25), 0.5692099788, rel: 1e-9))
        // 0.27 × 1 × (0.5 × 2 + 1) = 0.54
        #expect(TestModels.close(methaneProduction(redoxFactor: 1, temperatureIndex: 0.5, exudates: 2, organicSubstrate: 1, conversion: 0.27), 0.54, rel: 1e-12))
        #expect(plantTransportFraction(shootBiomass: 0, maxBiomass: 800, maxFraction: 0.55, exponent: 0.25) == 0.55)
        // 0.55 × (1 − 0.9375)^0.25 = 0.55 × 0.5
        #expect(TestModels.close(plantTransportFraction(shootBiomass: 750, maxBiomass: 800, maxFraction: 0.55, exponent: 0.25), 0.275, rel: 1e-12))
        // 0.7 × (1 − 0.5 − 0) × ln(e) / 10 = 0.035
        #expect(TestModels.close(ebullition(production: 1, plantEmission: 0.5, soilTemperatureC: exp(1), rootBiomass: 10, coefficient: 0.7, threshold: 0), 0.035, rel: 1e-12))
        // Few roots: capped at what is left.
        #expect(ebullition(production: 1, plantEmission: 0.5, soilTemperatureC: 30, rootBiomass: 0.1, coefficient: 0.7, threshold: 0.0015) == 1 - 0.5 - 0.0015)
        #expect(ebullition(production: 1, plantEmission: 0.5, soilTemperatureC: 0.5, rootBiomass: 10, coefficient: 0.7, threshold: 0) == 0)
    }

    @Test func redoxFallsWhileFloodedAndRisesWhileDrained() throws {
        let p = try TestModels.library.ch4mod().parameters.redox
        // −0.16 × (0.23 + 0) × (0 + 250) = −9.2 mV d⁻¹
        #expect(TestModels.close(redoxChange(ehMV: 0, flooded: true, organicSubstrate: 0, p: p), -9.2, rel: 1e-12))
        // C_OM counts up to 1: −0.16 × 1.23 × 250 = −49.2
        #expect(TestModels.close(redoxChange(ehMV: 0, flooded: true, organicSubstrate: 5, p: p), -49.2, rel: 1e-12))
        // −0.16 × (0.23 + 0.7) × (0 − 300) = +44.64
        #expect(TestModels.close(redoxChange(ehMV: 0, flooded: false, organicSubstrate: 0, p: p), 44.64, rel: 1e-12))
    }
}

@Suite struct CH4MODBehaviourTests {
    let model: CH4MOD
    let climate: CH4MODClimatology
    let site = CH4MODSite(grainYieldTPerHa: 3.5, sandFraction: 0.4, amendments: [])

    init() throws {
        let (p, file, _) = try TestModels.library.ch4mod()
        model = CH4MOD(parameters: p)
        climate = try #require(file.climatology("Cambodia"))
    }

    /// A wet season of 110 days from 1 July, soil temperature from the Cambodian climatology.
    func seasonKgPerHa(_ levels: [Float], site: CH4MODSite? = nil, warming: Double = 0) -> Double {
        let months = [7, 8, 9, 10]
        let season = model.simulate(levelsCm: levels[...], soilTemperatureC: { i in
            model.soilTemperature(airC: climate.monthlyAirC[months[min(i / 31, 3)] - 1] + warming)
        }, site: site ?? self.site)
        return season.emission * 10
    }

    static let days = 110
    /// Continuous flooding, +5 cm, end-season drainage over the last 14 days.
    static let continuous = TestSeries.levels([(96, 5), (14, -10)])
    /// One mid-season drainage of 7 days from day 40.
    static let singleDrainage = TestSeries.levels([(40, 5), (7, -10), (49, 5), (14, -10)])
    /// Safe AWD: after 20 flooded days, three cycles of 6 days at −15 cm and 9 days re-flooded
    /// at +5 cm, flooded around flowering, end-season drainage.
    static let awd = TestSeries.levels([(20, 5), (6, -15), (9, 5), (6, -15), (9, 5), (6, -15), (40, 5), (14, -10)])

    @Test func continuousFloodingLandsInTheMeasuredSouthEastAsianRange() {
        // Tirol-Padre et al. 2017 (Viet Nam): 83–696 kg CH4 ha⁻¹ per season.
        let e = seasonKgPerHa(Self.continuous)
        #expect(e > 83 && e < 696, "continuous flooding: \(e) kg/ha")
    }

    @Test func singleDrainageReducesWithinTheIPCCRange() {
        // IPCC 2019 SF_w single drainage 0.71 (0.53–0.94): a reduction of 6 % to 47 %.
        let reduction = 1 - seasonKgPerHa(Self.singleDrainage) / seasonKgPerHa(Self.continuous)
        #expect(reduction > 0.06 && reduction < 0.47, "single drainage reduction \(reduction)")
    }

    @Test func awdReducesWithinTheIPCCRange() {
        // IPCC 2019 SF_w multiple drainage 0.55 (0.41–0.72): 28 % to 59 % (meta-analysis: −51.6 %).
        let reduction = 1 - seasonKgPerHa(Self.awd) / seasonKgPerHa(Self.continuous)
        #expect(reduction > 0.28 && reduction < 0.59, "AWD reduction \(reduction)")
    }

    @Test func freshStrawRaisesEmissionsMoreThanCompost() {
        let none = seasonKgPerHa(Self.continuous)
        let straw = seasonKgPerHa(Self.continuous, site: CH4MODSite(grainYieldTPerHa: 3.5, sandFraction: 0.4, amendments: [OrganicAmendment(type: .straw_short, rateTPerHa: 5)]))
        let compost = seasonKgPerHa(Self.continuous, site: CH4MODSite(grainYieldTPerHa: 3.5, sandFraction: 0.4, amendments: [OrganicAmendment(type: .compost, rateTPerHa: 5)]))
        #expect(straw > compost && compost > none)
        // Field studies: fresh straw before transplanting raised CH4 by 28–122 %.
        #expect(straw / none > 1.28 && straw / none < 2.22, "straw raises by \(straw / none)")
    }

    @Test func emissionsRiseWithTemperature() {
        #expect(seasonKgPerHa(Self.continuous, warming: -3) < seasonKgPerHa(Self.continuous))
    }

    @Test func aFieldThatNeverFloodsEmitsNothing() {
        #expect(seasonKgPerHa(TestSeries.levels([(Self.days, -20)])) == 0)
    }

    @Test func seasonMassBalancesClose() {
        let site = CH4MODSite(grainYieldTPerHa: 4, sandFraction: 0.3, amendments: [OrganicAmendment(type: .straw_short, rateTPerHa: 3), OrganicAmendment(type: .compost, rateTPerHa: 2)])
        let s = model.simulate(levelsCm: Self.awd[...], soilTemperatureC: { _ in 27 }, site: site)
        // Organic matter: start = decomposed + left; CH4: produced = emitted + oxidised.
        #expect(abs(s.organicMatterImbalance) <= 1e-9 * s.organicMatterStart)
        #expect(abs(s.methaneImbalance) <= 1e-9 * s.production)
        #expect(s.oxidised > 0 && s.emission > 0)
        // Straw 3 t/ha × 100 + compost 2 × 0.5 × 100 + soil 3.2 t/ha × 100 = 300 + 100 + 320 g m⁻²
        #expect(TestModels.close(s.organicMatterStart, 720, rel: 1e-12))
    }
}
