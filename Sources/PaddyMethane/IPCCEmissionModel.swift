/// IPCC Tier 1 / Tier 2 (IPCC 2019 Vol. 4 Ch. 5, Eq. 5.1–5.3): the season's factors from the
/// parameter set for its water categories and amendments, CH4 = EF_i × t × A.
public struct IPCCEmissionModel: EmissionModel {
    public let resolver: IPCCFactorResolver
    /// IPCC region for EF_c (a key of Table 5.11); nil uses the paddy's region if listed, else global.
    public let ipccRegion: String?

    public init(parameters: ParameterSet, ipccRegion: String?) {
        resolver = IPCCFactorResolver(parameters: parameters)
        self.ipccRegion = ipccRegion
    }

    /// The model of a run configuration's parameter set and IPCC region.
    public init(configuration: RunConfiguration) {
        self.init(parameters: configuration.parameters, ipccRegion: configuration.ipccRegion)
    }

    public var reportColumns: ReportColumns { .ipccFactors }
    public var factorParameters: ParameterSet? { resolver.parameters }

    public func emission(_ season: SeasonInput) -> SeasonEmission {
        let factors = resolver.factors(for: season.assessment, region: season.paddy.region, ipccRegion: ipccRegion,
                                       amendments: season.amendments)
        let ef = factors.adjustedEF
        return SeasonEmission(ch4Kg: seasonEmissionKg(efKgPerHaPerDay: ef, days: season.window.days, areaHa: season.paddy.areaHa),
                              efKgPerHaPerDay: ef, method: resolver.parameters.tier, factors: factors)
    }
}
