import Foundation

/// The one IPCC factor lookup: which entries of a parameter set a paddy-season uses (Tier 2
/// region overrides first, then the IPCC region, then the global value; Table 5.13's aggregated
/// factor for an unknown pre-season), as positions in the parameter set's factor vector
/// (`ParameterSet.allFactors()` order). The deterministic estimate evaluates a plan at the
/// published values, the Monte Carlo at each draw, so that with every factor at its median the
/// draw is the estimate (IPCC 2019 Vol. 4 Ch. 5, Eq. 5.2, 5.3; Tables 5.11–5.14).
public struct IPCCFactorResolver: Sendable {
    public let parameters: ParameterSet
    /// Which factor each entry of the factor vector is, and its published value.
    public let ids: [FactorID]
    public let values: [Double]
    /// The position of each factor in the factor vector.
    private let position: [FactorID: Int]

    /// `parameters` must have passed validation (every category has a factor).
    public init(parameters: ParameterSet) {
        self.parameters = parameters
        let all = parameters.allFactors()
        ids = all.map(\.0)
        values = all.map(\.1.value)
        position = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
    }

    /// The factor category of an assessed season: the EF_c entry (`regions.R` for a Tier 2
    /// override, else `ipccRegion`, else the paddy's region when Table 5.11 has it, else
    /// `global`), the override region, the regime, the pre-season (`unknown` when not read) and
    /// the amendments in canonical order.
    public func category(for assessment: SeasonWaterAssessment, region: String?, ipccRegion: String?,
                         amendments: [OrganicAmendment]) -> FactorCategory {
        let override = region.flatMap { r in parameters.regions[r].map { (r, $0) } }
        let baselineKey: String
        if let (r, o) = override, o.baselineEFKgPerHaPerDay != nil {
            baselineKey = "regions.\(r)"
        } else if let k = ipccRegion, parameters.baselineEFKgPerHaPerDay[k] != nil {
            baselineKey = k
        } else if let k = region, parameters.baselineEFKgPerHaPerDay[k] != nil {
            baselineKey = k
        } else {
            baselineKey = "global"
        }
        return FactorCategory(baselineKey: baselineKey, overrideRegion: override?.0 ?? "", regime: assessment.regime,
                              preSeason: assessment.preSeason ?? .unknown,
                              amendments: amendments.map { .init(type: $0.type, rate: $0.rateTPerHa) }.sorted())
    }

    /// The positions of the factors of category `c`'s EF.
    public func plan(_ c: FactorCategory) -> FactorPlan {
        let r = c.overrideRegion
        func overridden(_ f: FactorID.RegionFactor) -> Int? { r.isEmpty ? nil : position[.override(region: r, f)] }
        let efc = c.baselineKey.hasPrefix("regions.") ? overridden(.baselineEF)! : position[.baselineEF(ipccRegion: c.baselineKey)]!
        return FactorPlan(efc: efc,
                          sfw: overridden(.waterRegime(c.regime)) ?? position[.waterRegime(c.regime)]!,
                          sfp: overridden(.preSeason(c.preSeason)) ?? position[.preSeason(c.preSeason)]!,
                          sfsr: overridden(.soilCultivar) ?? position[.soilCultivar],
                          amendments: c.amendments.map { (position[.amendmentConversion($0.type)]!, $0.rate) },
                          exponent: position[.amendmentExponent]!)
    }

    /// The factors of an assessed season at the published values.
    public func factors(for assessment: SeasonWaterAssessment, region: String?, ipccRegion: String?,
                        amendments: [OrganicAmendment]) -> EmissionFactors {
        let c = category(for: assessment, region: region, ipccRegion: ipccRegion, amendments: amendments)
        let s = plan(c).scaling(values)
        return EmissionFactors(baselineEF: s.efc, baselineKey: c.baselineKey, sfW: s.sfW, sfP: s.sfP, sfO: s.sfO, sfSR: s.sfSR,
                               regionOverride: c.overrideRegion.isEmpty ? nil : c.overrideRegion)
    }
}

/// Positions in a factor vector of one category's EF = EF_c × SF_w × SF_p × SF_o × SF_s,r.
public struct FactorPlan: Sendable {
    var efc: Int, sfw: Int, sfp: Int, sfsr: Int?
    var amendments: [(cfoa: Int, rate: Double)]
    var exponent: Int

    /// The plan's factors in the factor vector `f`; SF_o from Eq. 5.3, SF_s,r 1 when the set has none.
    @inline(__always)
    func scaling(_ f: [Double]) -> (efc: Double, sfW: Double, sfP: Double, sfO: Double, sfSR: Double) {
        var sum = 0.0
        for a in amendments { sum += a.rate * f[a.cfoa] }
        return (f[efc], f[sfw], f[sfp], organicAmendmentScaling(sumOfRateTimesConversion: sum, exponent: f[exponent]), sfsr.map { f[$0] } ?? 1)
    }

    /// EF_i [kg CH4 ha⁻¹ d⁻¹] for the factor vector `f` (Eq. 5.2, 5.3).
    @inline(__always)
    func ef(_ f: [Double]) -> Double {
        let s = scaling(f)
        return ipccAdjustedEF(s.efc, s.sfW, s.sfP, s.sfO, s.sfSR)
    }
}
