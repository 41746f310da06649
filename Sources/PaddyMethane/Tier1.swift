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
    public var adjustedEF: Double { ipccAdjustedEF(baselineEF, sfW, sfP, sfO, sfSR) }
}

/// IPCC 2019 Vol. 4 Ch. 5, Eq. 5.2 (5.2a with SF_s,r): EF_i = EF_c × SF_w × SF_p × SF_o × SF_s,r
/// [kg CH4 ha⁻¹ d⁻¹], multiplied in this order by the estimate and by every Monte Carlo draw.
@inline(__always)
func ipccAdjustedEF(_ efc: Double, _ sfW: Double, _ sfP: Double, _ sfO: Double, _ sfSR: Double) -> Double {
    efc * sfW * sfP * sfO * sfSR
}

/// IPCC 2019 Vol. 4 Ch. 5, Eq. 5.3: SF_o = (1 + Σ_i ROA_i × CFOA_i)^e.
/// - Parameters:
///   - amendments: ROA_i, application rates [t ha⁻¹; dry weight for straw, fresh weight otherwise].
///   - conversion: CFOA_i by amendment type [dimensionless] (Table 5.14).
///   - exponent: e [dimensionless] (0.59 in the 2006 Guidelines and the 2019 Refinement).
public func organicAmendmentScaling(_ amendments: [OrganicAmendment], conversion: (AmendmentType) -> Double, exponent: Double) -> Double {
    var sum = 0.0
    for a in amendments { sum += a.rateTPerHa * conversion(a.type) }
    return organicAmendmentScaling(sumOfRateTimesConversion: sum, exponent: exponent)
}

/// Eq. 5.3 from Σ_i ROA_i × CFOA_i [dimensionless]: SF_o = (1 + Σ)^e.
@inline(__always)
public func organicAmendmentScaling(sumOfRateTimesConversion sum: Double, exponent: Double) -> Double {
    pow(1 + sum, exponent)
}

/// IPCC 2019 Vol. 4 Ch. 5, Eq. 5.1 for one paddy-season: CH4 [kg] = EF_i × t × A.
/// - Parameters: efKgPerHaPerDay: EF_i; days: cultivation period t; areaHa: harvested area A.
public func seasonEmissionKg(efKgPerHaPerDay: Double, days: Int, areaHa: Double) -> Double {
    efKgPerHaPerDay * Double(days) * areaHa
}

extension ParameterSet {
    /// The factors for one assessed season (see `IPCCFactorResolver`). Builds a resolver on each
    /// call: for single look-ups; a run keeps one resolver.
    public func factors(for assessment: SeasonWaterAssessment, region: String?, ipccRegion: String?,
                        amendments: [OrganicAmendment]) -> EmissionFactors {
        IPCCFactorResolver(parameters: self).factors(for: assessment, region: region, ipccRegion: ipccRegion, amendments: amendments)
    }
}
