public import PaddyMethane
import Foundation

/// The schema of an IPCC parameter file (`models/ipcc-2019.yaml`, Tier 2 country files),
/// decoded strictly (`StrictYAML`: unknown keys and category tokens are refused) and validated
/// into the domain's `ParameterSet`. Each factor keeps its range and source in the file;
/// `provenance(of:)` lists them with their file keys for the manifest and `describe`.
public struct ParameterSetFile: Sendable, Decodable, Equatable {
    public var id: String
    public var title: String
    public var tier: String
    var baseline_ef_kg_ha_day: [String: Factor]
    var water_regime_scaling: [String: Factor]
    var pre_season_scaling: [String: Factor]
    var amendment_conversion: [String: Factor]
    var amendment_exponent: Factor
    var soil_cultivar_scaling: Factor?
    var regions: [String: Region]?

    /// A Tier 2 region block.
    struct Region: Sendable, Decodable, Equatable {
        var baseline_ef_kg_ha_day: Factor?
        var water_regime_scaling: [String: Factor]?
        var pre_season_scaling: [String: Factor]?
        var soil_cultivar_scaling: Factor?
    }

    /// The tables keyed by category tokens, with the categories whose tokens they take.
    static let tokenKeys: [StrictYAML.TokenKeys] = [
        .init("water_regime_scaling", WaterRegime.self),
        .init("pre_season_scaling", PreSeasonStatus.self),
        .init("amendment_conversion", AmendmentType.self),
        .init("regions.*.water_regime_scaling", WaterRegime.self),
        .init("regions.*.pre_season_scaling", PreSeasonStatus.self),
    ]

    /// The domain parameter set, checked by `check(_:)`.
    /// - Throws: the message naming the set and the key.
    public func validated() throws(ParameterError) -> ParameterSet {
        let set = ParameterSet(
            id: id, title: title, tier: tier, baselineEFKgPerHaPerDay: baseline_ef_kg_ha_day,
            waterRegimeScaling: Self.typed(water_regime_scaling), preSeasonScaling: Self.typed(pre_season_scaling),
            amendmentConversion: Self.typed(amendment_conversion), amendmentExponent: amendment_exponent,
            soilCultivarScaling: soil_cultivar_scaling,
            regions: (regions ?? [:]).mapValues { r in
                .init(baselineEFKgPerHaPerDay: r.baseline_ef_kg_ha_day, waterRegimeScaling: Self.typed(r.water_regime_scaling ?? [:]),
                      preSeasonScaling: Self.typed(r.pre_season_scaling ?? [:]), soilCultivarScaling: r.soil_cultivar_scaling)
            })
        try Self.check(set)
        return set
    }

    /// A table keyed by category tokens, keyed by the category (`tokenKeys` refused any other token).
    static func typed<K: RawRepresentable & Hashable>(_ table: [String: Factor]) -> [K: Factor] where K.RawValue == String {
        Dictionary(uniqueKeysWithValues: table.compactMap { k, f in K(rawValue: k).map { ($0, f) } })
    }

    /// Checks that every category the engine can produce has a factor and that every factor is a
    /// non-negative number within its range, so that a run fails before reading data rather than
    /// on the first paddy that needs a missing value.
    public static func check(_ set: ParameterSet) throws(ParameterError) {
        let id = set.id
        guard set.baselineEFKgPerHaPerDay["global"] != nil else { throw ParameterError(description: "\(id): baseline_ef_kg_ha_day has no 'global' entry") }
        for r in WaterRegime.allCases where set.waterRegimeScaling[r] == nil {
            throw ParameterError(description: "\(id): water_regime_scaling has no '\(r.rawValue)' entry")
        }
        for p in PreSeasonStatus.allCases where set.preSeasonScaling[p] == nil {
            throw ParameterError(description: "\(id): pre_season_scaling has no '\(p.rawValue)' entry")
        }
        for a in AmendmentType.allCases where set.amendmentConversion[a] == nil {
            throw ParameterError(description: "\(id): amendment_conversion has no '\(a.rawValue)' entry")
        }
        for (name, f) in provenance(of: set) {
            guard f.value.isFinite, f.value >= 0 else { throw ParameterError(description: "\(id): \(name) = \(f.value) is not a non-negative number") }
            if let lo = f.low, let hi = f.high, !(lo <= f.value && f.value <= hi) {
                throw ParameterError(description: "\(id): \(name) = \(f.value) lies outside its range \(lo)–\(hi)")
            }
        }
    }

    /// The dotted file key of a factor (`regions.Takeo.water_regime_scaling.multiple_drainage`).
    public static func key(_ factor: FactorID) -> String {
        switch factor {
        case .baselineEF(let region): "baseline_ef_kg_ha_day.\(region)"
        case .waterRegime(let r): "water_regime_scaling.\(r.rawValue)"
        case .preSeason(let p): "pre_season_scaling.\(p.rawValue)"
        case .amendmentConversion(let a): "amendment_conversion.\(a.rawValue)"
        case .amendmentExponent: "amendment_exponent"
        case .soilCultivar: "soil_cultivar_scaling"
        case .override(let region, .baselineEF): "regions.\(region).baseline_ef_kg_ha_day"
        case .override(let region, .waterRegime(let r)): "regions.\(region).water_regime_scaling.\(r.rawValue)"
        case .override(let region, .preSeason(let p)): "regions.\(region).pre_season_scaling.\(p.rawValue)"
        case .override(let region, .soilCultivar): "regions.\(region).soil_cultivar_scaling"
        }
    }

    /// Every factor of `set` with its file key, range and source, in the factor-vector order.
    public static func provenance(of set: ParameterSet) -> [(key: String, factor: Factor)] {
        set.allFactors().map { (key: key($0.0), factor: $0.1) }
    }
}
