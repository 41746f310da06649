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
/// Ch. 5, Eq. 5.2 and 5.3 with Tables 5.11–5.14. Loaded from `models/*.yaml`.
public struct ParameterSet: Sendable, Equatable, Codable {
    public var id: String
    public var title: String
    /// `tier1` or `tier2`.
    public var tier: String
    /// EF_c, baseline for continuously flooded fields without organic amendments [kg CH4 ha⁻¹ d⁻¹].
    public var baselineEF: [String: Factor]
    /// SF_w by `WaterRegime` token (disaggregated and aggregated cases).
    public var waterRegime: [String: Factor]
    /// SF_p by `PreSeasonStatus` token.
    public var preSeason: [String: Factor]
    /// CFOA by `AmendmentType` token.
    public var amendmentConversion: [String: Factor]
    /// Exponent of Eq. 5.3.
    public var amendmentExponent: Factor
    /// SF_s,r, soil type, cultivar and other (Tier 2; 1 when absent).
    public var soilCultivar: Factor?
    /// Tier 2: per-region replacements of any of the tables above.
    public var regions: [String: RegionOverride]?

    enum CodingKeys: String, CodingKey {
        case id, title, tier, baselineEF = "baseline_ef_kg_ha_day", waterRegime = "water_regime_scaling"
        case preSeason = "pre_season_scaling", amendmentConversion = "amendment_conversion"
        case amendmentExponent = "amendment_exponent", soilCultivar = "soil_cultivar_scaling", regions
    }

    /// Country- or region-specific values (Tier 2) that replace the defaults for paddies of one region.
    public struct RegionOverride: Sendable, Equatable, Codable {
        public var baselineEF: Factor?
        public var waterRegime: [String: Factor]?
        public var preSeason: [String: Factor]?
        public var soilCultivar: Factor?

        enum CodingKeys: String, CodingKey {
            case baselineEF = "baseline_ef_kg_ha_day", waterRegime = "water_regime_scaling"
            case preSeason = "pre_season_scaling", soilCultivar = "soil_cultivar_scaling"
        }
    }
}

/// A problem with a parameter set: a missing entry that a paddy needs.
public struct ParameterError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(description: String) { self.description = description }
}

extension ParameterSet {
    /// Checks that every category the engine can produce has a factor, so that a run fails
    /// before reading data rather than on the first paddy that needs a missing value.
    public func validate() throws(ParameterError) {
        guard baselineEF["global"] != nil else { throw ParameterError(description: "\(id): baseline_ef_kg_ha_day has no 'global' entry") }
        for r in WaterRegime.allCases where waterRegime[r.rawValue] == nil {
            throw ParameterError(description: "\(id): water_regime_scaling has no '\(r.rawValue)' entry")
        }
        for p in PreSeasonStatus.allCases where preSeason[p.rawValue] == nil {
            throw ParameterError(description: "\(id): pre_season_scaling has no '\(p.rawValue)' entry")
        }
        for a in AmendmentType.allCases where amendmentConversion[a.rawValue] == nil {
            throw ParameterError(description: "\(id): amendment_conversion has no '\(a.rawValue)' entry")
        }
        for (name, f) in allFactors() {
            guard f.value.isFinite, f.value >= 0 else { throw ParameterError(description: "\(id): \(name) = \(f.value) is not a non-negative number") }
            if let lo = f.low, let hi = f.high, !(lo <= f.value && f.value <= hi) {
                throw ParameterError(description: "\(id): \(name) = \(f.value) lies outside its range \(lo)–\(hi)")
            }
        }
    }

    /// Every factor with a dotted name, in a fixed order (for validation and uncertainty).
    public func allFactors() -> [(String, Factor)] {
        var out: [(String, Factor)] = []
        func add(_ prefix: String, _ table: [String: Factor]) {
            for key in table.keys.sorted() { out.append(("\(prefix).\(key)", table[key]!)) }
        }
        add("baseline_ef_kg_ha_day", baselineEF)
        add("water_regime_scaling", waterRegime)
        add("pre_season_scaling", preSeason)
        add("amendment_conversion", amendmentConversion)
        out.append(("amendment_exponent", amendmentExponent))
        if let s = soilCultivar { out.append(("soil_cultivar_scaling", s)) }
        for region in (regions ?? [:]).keys.sorted() {
            let o = regions![region]!
            if let b = o.baselineEF { out.append(("regions.\(region).baseline_ef_kg_ha_day", b)) }
            add("regions.\(region).water_regime_scaling", o.waterRegime ?? [:])
            add("regions.\(region).pre_season_scaling", o.preSeason ?? [:])
            if let s = o.soilCultivar { out.append(("regions.\(region).soil_cultivar_scaling", s)) }
        }
        return out
    }
}
