import Foundation

/// The scaling factors and emission of one paddy-season under IPCC Tier 1/2.
public struct EmissionFactors: Sendable, Equatable {
    /// EF_c [kg CH4 ha⁻¹ d⁻¹] and the table entry it came from.
    public var baselineEF: Double
    public var baselineKey: String
    public var sfW: Double
    public var sfP: Double
    public var sfO: Double
    public var sfSR: Double
    /// The region whose Tier 2 overrides applied, if any.
    public var regionOverride: String?

    /// EF_i = EF_c × SF_w × SF_p × SF_o × SF_s,r [kg CH4 ha⁻¹ d⁻¹] (IPCC 2019 Eq. 5.2).
    public var adjustedEF: Double { baselineEF * sfW * sfP * sfO * sfSR }
}

/// IPCC 2019 Vol. 4 Ch. 5, Eq. 5.3: SF_o = (1 + Σ_i ROA_i × CFOA_i)^e.
/// - Parameters:
///   - amendments: ROA_i, application rates [t ha⁻¹; dry weight for straw, fresh weight otherwise].
///   - conversion: CFOA_i by amendment type [dimensionless] (Table 5.14).
///   - exponent: e [dimensionless] (0.59 in the 2006 Guidelines and the 2019 Refinement).
public func organicAmendmentScaling(_ amendments: [OrganicAmendment], conversion: (AmendmentType) -> Double, exponent: Double) -> Double {
    var sum = 1.0
    for a in amendments { sum += a.rateTPerHa * conversion(a.type) }
    return pow(sum, exponent)
}

/// IPCC 2019 Vol. 4 Ch. 5, Eq. 5.1 for one paddy-season: CH4 [kg] = EF_i × t × A.
/// - Parameters: efKgPerHaPerDay: EF_i; days: cultivation period t; areaHa: harvested area A.
public func seasonEmissionKg(efKgPerHaPerDay: Double, days: Int, areaHa: Double) -> Double {
    efKgPerHaPerDay * Double(days) * areaHa
}

extension ParameterSet {
    /// The factors for one assessed season, taking Tier 2 region overrides first, then the IPCC
    /// region (`ipccRegion`, else the paddy's region when the table has it), then the global value.
    /// A season of unknown pre-season status takes Table 5.13's aggregated factor (`unknown`).
    public func factors(for assessment: SeasonWaterAssessment, region: String?, ipccRegion: String?,
                        amendments: [OrganicAmendment]) -> EmissionFactors {
        let override = region.flatMap { regions?[$0] }
        let baseKey = [ipccRegion, region].compactMap { $0 }.first { baselineEF[$0] != nil } ?? "global"
        let efc: Double
        let efcKey: String
        if let o = override?.baselineEF { efc = o.value; efcKey = "regions.\(region!)" } else { efc = baselineEF[baseKey]!.value; efcKey = baseKey }
        let regimeKey = assessment.regime.rawValue
        let preKey = (assessment.preSeason ?? .unknown).rawValue
        let sfW = (override?.waterRegime?[regimeKey] ?? waterRegime[regimeKey]!).value
        let sfP = (override?.preSeason?[preKey] ?? preSeason[preKey]!).value
        let sfO = organicAmendmentScaling(amendments, conversion: { amendmentConversion[$0.rawValue]!.value },
                                          exponent: amendmentExponent.value)
        let sfSR = (override?.soilCultivar ?? soilCultivar)?.value ?? 1
        return EmissionFactors(baselineEF: efc, baselineKey: efcKey, sfW: sfW, sfP: sfP, sfO: sfO, sfSR: sfSR,
                               regionOverride: override == nil ? nil : region)
    }
}
