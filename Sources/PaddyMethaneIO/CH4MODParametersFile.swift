public import PaddyMethane
import Foundation

/// The schema of `models/ch4mod.yaml`, decoded strictly (`StrictYAML`: unknown keys and
/// amendment types are refused) and validated into the model's `CH4MODParameters`. Each value
/// keeps its source in the file; `provenance` lists them for the manifest and `describe`.
public struct CH4MODParametersFile: Sendable, Decodable, Equatable {
    public var id: String
    public var title: String
    var biomass: Biomass
    var substrate: Substrate
    var temperature: Temperature
    var redox: Redox
    var production: Production
    var emission: Emission
    var amendments: [String: AmendmentPools]
    var defaults: Defaults
    var climatology: [String: Climatology]

    struct Biomass: Sendable, Decodable, Equatable {
        var wmax_coefficient, wmax_exponent, rate_at_70_days, rate_slope, initial_at_70_days, initial_slope, root_coefficient, root_exponent: Factor
    }
    struct Substrate: Sendable, Decodable, Equatable {
        var exudate_coefficient, exudate_exponent, texture_intercept, texture_slope, variety_index: Factor
        var fast_decay_per_day, slow_decay_per_day, moisture_a, moisture_b, moisture_c: Factor
        var theta_flooded, theta_drained, theta_drying_per_day, soil_om_t_ha: Factor
    }
    struct Temperature: Sendable, Decodable, Equatable {
        var q10, reference_c, soil_from_air_intercept, soil_from_air_slope: Factor
    }
    struct Redox: Sendable, Decodable, Equatable {
        var eh_flooded_floor_mv, eh_drained_ceiling_mv, eh_initial_mv, eh_rate, eh_rate_offset, eh_drained_factor, eh_factor_scale, flooded_level_cm: Factor
    }
    struct Production: Sendable, Decodable, Equatable {
        var conversion: Factor
    }
    struct Emission: Sendable, Decodable, Equatable {
        var plant_max_fraction, plant_exponent, bubble_coefficient, bubble_threshold: Factor
    }
    struct AmendmentPools: Sendable, Decodable, Equatable {
        var dry_matter: Double
        var readily: Double
        var source: String
    }
    struct Defaults: Sendable, Decodable, Equatable {
        var grain_yield_t_ha, sand_fraction: Factor
        /// The climatology used when a run names none.
        var climate: String
        /// Draws of the process model's Monte Carlo when a run or scenario file gives none.
        var monte_carlo_draws: Factor?
    }
    struct Climatology: Sendable, Decodable, Equatable {
        var monthly_air_c: [Double]
        var source: String
    }

    /// The table keyed by amendment types, for `StrictYAML`.
    static let tokenKeys: [StrictYAML.TokenKeys] = [.init("amendments", AmendmentType.self)]

    /// The model's parameters: every amendment type needs its pools, with shares between 0 and 1.
    /// - Throws: the message naming the key.
    public func validated() throws(ParameterError) -> CH4MODParameters {
        var pools: [AmendmentType: CH4MODParameters.AmendmentPools] = [:]
        for type in AmendmentType.allCases {
            guard let p = amendments[type.rawValue] else {
                throw ParameterError(description: "amendments has no '\(type.rawValue)' entry: the process model needs the pools of every amendment type")
            }
            for (name, share) in [("dry_matter", p.dry_matter), ("readily", p.readily)] where !(0...1).contains(share) {
                throw ParameterError(description: "amendments.\(type.rawValue).\(name) = \(share) is not a share between 0 and 1")
            }
            pools[type] = .init(dryMatterFraction: p.dry_matter, readilyDecomposableFraction: p.readily)
        }
        let b = biomass, s = substrate, t = temperature, r = redox, e = emission
        return CH4MODParameters(
            biomass: .init(maxBiomassCoefficient: b.wmax_coefficient.value, maxBiomassExponent: b.wmax_exponent.value,
                           logisticRateAt70DaysPerDay: b.rate_at_70_days.value, logisticRateSlopePerDay: b.rate_slope.value,
                           initialBiomassAt70DaysGPerM2: b.initial_at_70_days.value, initialBiomassSlopeGPerM2: b.initial_slope.value,
                           rootCoefficient: b.root_coefficient.value, rootExponent: b.root_exponent.value),
            substrate: .init(exudateCoefficient: s.exudate_coefficient.value, exudateExponent: s.exudate_exponent.value,
                             textureIntercept: s.texture_intercept.value, textureSlope: s.texture_slope.value,
                             varietyIndex: s.variety_index.value, fastDecayPerDay: s.fast_decay_per_day.value,
                             slowDecayPerDay: s.slow_decay_per_day.value, moistureA: s.moisture_a.value, moistureB: s.moisture_b.value,
                             moistureC: s.moisture_c.value, thetaFlooded: s.theta_flooded.value, thetaDrained: s.theta_drained.value,
                             thetaDryingPerDay: s.theta_drying_per_day.value, soilOrganicMatterTPerHa: s.soil_om_t_ha.value),
            temperature: .init(q10: t.q10.value, referenceC: t.reference_c.value,
                               soilFromAirInterceptC: t.soil_from_air_intercept.value, soilFromAirSlope: t.soil_from_air_slope.value),
            redox: .init(ehFloodedFloorMV: r.eh_flooded_floor_mv.value, ehDrainedCeilingMV: r.eh_drained_ceiling_mv.value,
                         ehInitialMV: r.eh_initial_mv.value, ehRatePerDay: r.eh_rate.value, ehRateOffset: r.eh_rate_offset.value,
                         ehDrainedFactor: r.eh_drained_factor.value, ehFactorScale: r.eh_factor_scale.value,
                         floodedLevelCm: r.flooded_level_cm.value),
            production: .init(conversionGCH4PerG: production.conversion.value),
            emission: .init(plantMaxFraction: e.plant_max_fraction.value, plantExponent: e.plant_exponent.value,
                            bubbleCoefficient: e.bubble_coefficient.value, bubbleThresholdGPerM2PerDay: e.bubble_threshold.value),
            amendmentPools: pools,
            defaultGrainYieldTPerHa: defaults.grain_yield_t_ha.value, defaultSandFraction: defaults.sand_fraction.value)
    }

    /// The climatology used when a run names none.
    public var defaultClimate: String { defaults.climate }

    /// Monte Carlo draws of the process model when a run or scenario file names none
    /// (`defaults.monte_carlo_draws`; absent: none).
    public var defaultMonteCarloDraws: Int { defaults.monte_carlo_draws.map { Int($0.value) } ?? 0 }

    /// The climatology named `name`; nil when the file has none of that name with 12 monthly values.
    public func climatology(_ name: String) -> CH4MODClimatology? {
        guard let c = climatology[name], c.monthly_air_c.count == 12 else { return nil }
        return CH4MODClimatology(monthlyAirC: c.monthly_air_c, source: c.source)
    }

    /// The names of the file's climatologies.
    public var climatologyNames: [String] { Array(climatology.keys) }

    /// Every numeric parameter with its YAML key, range and source, in the file's order of sections.
    public var provenance: [(key: String, factor: Factor)] {
        let b = biomass, s = substrate, t = temperature, r = redox, e = emission
        let rows: [(String, Factor)] = [
            ("biomass.wmax_coefficient", b.wmax_coefficient), ("biomass.wmax_exponent", b.wmax_exponent),
            ("biomass.rate_at_70_days", b.rate_at_70_days), ("biomass.rate_slope", b.rate_slope),
            ("biomass.initial_at_70_days", b.initial_at_70_days), ("biomass.initial_slope", b.initial_slope),
            ("biomass.root_coefficient", b.root_coefficient), ("biomass.root_exponent", b.root_exponent),
            ("substrate.exudate_coefficient", s.exudate_coefficient), ("substrate.exudate_exponent", s.exudate_exponent),
            ("substrate.texture_intercept", s.texture_intercept), ("substrate.texture_slope", s.texture_slope),
            ("substrate.variety_index", s.variety_index), ("substrate.fast_decay_per_day", s.fast_decay_per_day),
            ("substrate.slow_decay_per_day", s.slow_decay_per_day), ("substrate.moisture_a", s.moisture_a),
            ("substrate.moisture_b", s.moisture_b), ("substrate.moisture_c", s.moisture_c),
            ("substrate.theta_flooded", s.theta_flooded), ("substrate.theta_drained", s.theta_drained),
            ("substrate.theta_drying_per_day", s.theta_drying_per_day), ("substrate.soil_om_t_ha", s.soil_om_t_ha),
            ("temperature.q10", t.q10), ("temperature.reference_c", t.reference_c),
            ("temperature.soil_from_air_intercept", t.soil_from_air_intercept), ("temperature.soil_from_air_slope", t.soil_from_air_slope),
            ("redox.eh_flooded_floor_mv", r.eh_flooded_floor_mv), ("redox.eh_drained_ceiling_mv", r.eh_drained_ceiling_mv),
            ("redox.eh_initial_mv", r.eh_initial_mv), ("redox.eh_rate", r.eh_rate), ("redox.eh_rate_offset", r.eh_rate_offset),
            ("redox.eh_drained_factor", r.eh_drained_factor), ("redox.eh_factor_scale", r.eh_factor_scale),
            ("redox.flooded_level_cm", r.flooded_level_cm), ("production.conversion", production.conversion),
            ("emission.plant_max_fraction", e.plant_max_fraction), ("emission.plant_exponent", e.plant_exponent),
            ("emission.bubble_coefficient", e.bubble_coefficient), ("emission.bubble_threshold", e.bubble_threshold),
            ("defaults.grain_yield_t_ha", defaults.grain_yield_t_ha), ("defaults.sand_fraction", defaults.sand_fraction),
        ]
        return rows.map { (key: $0.0, factor: $0.1) }
    }
}
