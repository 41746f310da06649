import Foundation
import Testing
@testable import PaddyMethane

/// IPCC Approach 1 (2006 Vol. 1 Ch. 3, Eq. 3.1 and 3.2) with factors shared across categories:
/// categories that use the same EF_c or SF_w are not independent, so splitting one practice into
/// many categories must not shrink the interval.
@Suite struct ApproachOneTests {
    let parameters: ParameterSet
    let model: FactorModel

    init() throws {
        parameters = try TestModels.parameters()
        model = FactorModel(parameters: parameters)
    }

    /// U = 1.96 σ = ln(high / low) / 2 for a lognormal fitted to the 95 % range (science.md §6).
    static func u(_ low: Double, _ high: Double) -> Double { log(high / low) / 2 }

    func category(_ regime: WaterRegime, straw rate: Double? = nil) -> FactorCategory {
        FactorCategory(baselineKey: "global", overrideRegion: "", regime: regime, preSeason: .not_flooded_lt_180d,
                       amendments: rate.map { [.init(type: .straw_short, rate: $0)] } ?? [])
    }

    @Test func regimesSharingTheBaselineFactorCombineItLinearly() {
        // Continuously flooded 600 ha d and single drainage 400 ha d, global EF_c, SF_p 1, no amendment
        // (models/ipcc-2019.yaml): x1 = 600 × 1.19 × 1.00 = 714, x2 = 400 × 1.19 × 0.71 = 337.96.
        var w = CategoryWeights()
        w.add(category(.continuously_flooded), haDays: 600)
        w.add(category(.single_drainage), haDays: 400)
        let x1 = 714.0, x2 = 337.96, total = x1 + x2
        // EF_c (0.80–1.76) and SF_p (0.88–1.12) are one value each for both: their terms add before
        // squaring; SF_w continuous (0.73–1.27) and single (0.53–0.94) are distinct, independent factors.
        let uEF = Self.u(0.80, 1.76), uP = Self.u(0.88, 1.12), uCF = Self.u(0.73, 1.27), uSD = Self.u(0.53, 0.94)
        let expected = ((total * uEF) * (total * uEF) + (x1 * uCF) * (x1 * uCF) + (x2 * uSD) * (x2 * uSD)
                        + (total * uP) * (total * uP)).squareRoot() / total
        #expect(TestModels.close(model.approach1(w), expected, rel: 1e-12))
        // Treating the two as independent (Eq. 3.2 on whole categories) would give less:
        let independent = ((x1 * x1) * (uEF * uEF + uCF * uCF + uP * uP) + (x2 * x2) * (uEF * uEF + uSD * uSD + uP * uP)).squareRoot() / total
        #expect(model.approach1(w) > independent * 1.2)
    }

    @Test func oneCategoryIsEquationThreePointOne() {
        // 5 t ha⁻¹ straw incorporated shortly before: S = 1 + 5 × 1.00 = 6, SF_o = 6^0.59.
        // Sensitivities of ln EF: 1 to EF_c, SF_w, SF_p; e r CFOA / S = 0.59 × 5 / 6 to CFOA (0.85–1.17);
        // e ln S = 0.59 ln 6 to the exponent (0.54–0.64).
        var w = CategoryWeights()
        w.add(category(.continuously_flooded, straw: 5), haDays: 100)
        let terms = [Self.u(0.80, 1.76), Self.u(0.73, 1.27), Self.u(0.88, 1.12),
                     0.59 * 5 / 6 * Self.u(0.85, 1.17), 0.59 * log(6.0) * Self.u(0.54, 0.64)]
        let expected = terms.map { $0 * $0 }.reduce(0, +).squareRoot()
        #expect(TestModels.close(model.approach1(w), expected, rel: 1e-12))
    }

    @Test func manyAmendmentRatesDoNotShrinkTheInterval() {
        // The same fields, once with one rate and once with 200 rates spread around it (4 to 6 t ha⁻¹,
        // mean 5): independent categories would give about 1/√200 of the interval.
        var one = CategoryWeights()
        one.add(category(.continuously_flooded, straw: 5), haDays: 20_000)
        var spread = CategoryWeights()
        for k in 0..<200 { spread.add(category(.continuously_flooded, straw: 4 + 2 * Double(k) / 199), haDays: 100) }
        #expect(spread.keys.count == 200)
        let u1 = model.approach1(one), u200 = model.approach1(spread)
        #expect(TestModels.close(u200, u1, rel: 0.01))
        // And both agree with the Monte Carlo (Approach 2) half-width, an independent computation:
        // relative half-width (high − low) / 2 / median, to first order in the σs.
        let draws = DrawSummary(MonteCarlo(model: model, draws: 20_000, seed: 3).totals([spread])[0])
        let mcHalfWidth = (draws.high95 - draws.low95) / 2 / draws.median
        #expect(abs(u200 - mcHalfWidth) < 0.1 * mcHalfWidth)
    }
}
