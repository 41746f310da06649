/// A published default with its 95 % range and where it comes from.
public struct Factor: Sendable, Equatable, Codable {
    public var value: Double
    /// Lower and upper bounds of the 95 % range; nil where the source gives none.
    public var low: Double?
    public var high: Double?
    /// Document, table and page the value is taken from.
    public var source: String

    public init(value: Double, low: Double? = nil, high: Double? = nil, source: String) {
        self.value = value
        self.low = low
        self.high = high
        self.source = source
    }
}

/// An IPCC-style parameter set (Tier 1 defaults, or Tier 2 country values): IPCC 2019 Vol. 4
/// Ch. 5, Eq. 5.2 and 5.3 with Tables 5.11–5.14. Read from `models/*.yaml` by the IO layer.
public struct ParameterSet: Sendable, Equatable, Codable {
    public var id: String
    public var title: String
    /// `tier1` or `tier2`.
    public var tier: String
    /// EF_c by IPCC region (`global` always present): baseline for continuously flooded fields
    /// without organic amendments [kg CH4 ha⁻¹ d⁻¹] (Table 5.11).
    public var baselineEFKgPerHaPerDay: [String: Factor]
    /// SF_w by water regime, disaggregated and aggregated cases (Table 5.12).
    public var waterRegimeScaling: [WaterRegime: Factor]
    /// SF_p by pre-season status; `unknown` is the aggregated case (Table 5.13).
    public var preSeasonScaling: [PreSeasonStatus: Factor]
    /// CFOA by amendment type (Table 5.14).
    public var amendmentConversion: [AmendmentType: Factor]
    /// Exponent of Eq. 5.3.
    public var amendmentExponent: Factor
    /// SF_s,r, soil type, cultivar and other (Tier 2; 1 when absent).
    public var soilCultivarScaling: Factor?
    /// Tier 2: per-region replacements of any of the tables above, by region name.
    public var regions: [String: RegionOverride]

    public init(id: String, title: String, tier: String, baselineEFKgPerHaPerDay: [String: Factor],
                waterRegimeScaling: [WaterRegime: Factor], preSeasonScaling: [PreSeasonStatus: Factor],
                amendmentConversion: [AmendmentType: Factor], amendmentExponent: Factor,
                soilCultivarScaling: Factor? = nil, regions: [String: RegionOverride] = [:]) {
        self.id = id
        self.title = title
        self.tier = tier
        self.baselineEFKgPerHaPerDay = baselineEFKgPerHaPerDay
        self.waterRegimeScaling = waterRegimeScaling
        self.preSeasonScaling = preSeasonScaling
        self.amendmentConversion = amendmentConversion
        self.amendmentExponent = amendmentExponent
        self.soilCultivarScaling = soilCultivarScaling
        self.regions = regions
    }

    /// Country- or region-specific values (Tier 2) that replace the defaults for paddies of one region.
    public struct RegionOverride: Sendable, Equatable, Codable {
        /// EF_c of the region [kg CH4 ha⁻¹ d⁻¹].
        public var baselineEFKgPerHaPerDay: Factor?
        public var waterRegimeScaling: [WaterRegime: Factor]
        public var preSeasonScaling: [PreSeasonStatus: Factor]
        public var soilCultivarScaling: Factor?

        public init(baselineEFKgPerHaPerDay: Factor? = nil, waterRegimeScaling: [WaterRegime: Factor] = [:],
                    preSeasonScaling: [PreSeasonStatus: Factor] = [:], soilCultivarScaling: Factor? = nil) {
            self.baselineEFKgPerHaPerDay = baselineEFKgPerHaPerDay
            self.waterRegimeScaling = waterRegimeScaling
            self.preSeasonScaling = preSeasonScaling
            self.soilCultivarScaling = soilCultivarScaling
        }
    }
}

/// Which factor of a parameter set an entry of its factor vector is.
public enum FactorID: Hashable, Sendable {
    case baselineEF(ipccRegion: String)
    case waterRegime(WaterRegime)
    case preSeason(PreSeasonStatus)
    case amendmentConversion(AmendmentType)
    case amendmentExponent
    case soilCultivar
    /// A Tier 2 override of one region.
    case override(region: String, RegionFactor)

    /// The factors a Tier 2 region override can replace.
    public enum RegionFactor: Hashable, Sendable {
        case baselineEF, waterRegime(WaterRegime), preSeason(PreSeasonStatus), soilCultivar
    }
}

/// A problem with a parameter set: a missing entry that a paddy needs.
public struct ParameterError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(description: String) { self.description = description }
}

extension ParameterSet {
    /// Every factor in a fixed order (tables by key, then the regions by name): the factor vector
    /// of the resolver and the Monte Carlo.
    public func allFactors() -> [(FactorID, Factor)] {
        var out: [(FactorID, Factor)] = []
        func add<K: RawRepresentable>(_ table: [K: Factor], _ id: (K) -> FactorID) where K.RawValue == String {
            for key in table.keys.sorted(by: { $0.rawValue < $1.rawValue }) { out.append((id(key), table[key]!)) }
        }
        for key in baselineEFKgPerHaPerDay.keys.sorted() { out.append((.baselineEF(ipccRegion: key), baselineEFKgPerHaPerDay[key]!)) }
        add(waterRegimeScaling, FactorID.waterRegime)
        add(preSeasonScaling, FactorID.preSeason)
        add(amendmentConversion, FactorID.amendmentConversion)
        out.append((.amendmentExponent, amendmentExponent))
        if let s = soilCultivarScaling { out.append((.soilCultivar, s)) }
        for region in regions.keys.sorted() {
            let o = regions[region]!
            if let b = o.baselineEFKgPerHaPerDay { out.append((.override(region: region, .baselineEF), b)) }
            add(o.waterRegimeScaling) { .override(region: region, .waterRegime($0)) }
            add(o.preSeasonScaling) { .override(region: region, .preSeason($0)) }
            if let s = o.soilCultivarScaling { out.append((.override(region: region, .soilCultivar), s)) }
        }
        return out
    }
}
