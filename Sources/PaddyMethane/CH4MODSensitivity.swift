// Sensitivity of CH4MOD's answers to its parameters: one at a time over each documented range,
// and a Morris elementary-effects screen (Morris 1991, Technometrics 33:161-174; the mu* of
// Campolongo et al. 2007, Environ. Model. Softw. 22:1509-1518), on the validation experiments.

/// A numeric CH4MOD parameter by its key in models/ch4mod.yaml. The one table that maps file keys
/// to the model's fields, for sensitivity, calibration and Monte Carlo draws.
public struct CH4MODParameterKey: Sendable, Hashable, CustomStringConvertible {
    public let key: String
    public let path: any WritableKeyPath<CH4MODParameters, Double> & Sendable

    public var description: String { key }
    public static func == (a: Self, b: Self) -> Bool { a.key == b.key }
    public func hash(into h: inout Hasher) { h.combine(key) }

    public func value(_ p: CH4MODParameters) -> Double { p[keyPath: path] }
    public func setting(_ p: CH4MODParameters, _ v: Double) -> CH4MODParameters {
        var q = p
        q[keyPath: path] = v
        return q
    }

    public static let all: [CH4MODParameterKey] = [
        .init(key: "biomass.wmax_coefficient", path: \.biomass.maxBiomassCoefficient),
        .init(key: "biomass.wmax_exponent", path: \.biomass.maxBiomassExponent),
        .init(key: "biomass.rate_at_70_days", path: \.biomass.logisticRateAt70DaysPerDay),
        .init(key: "biomass.rate_slope", path: \.biomass.logisticRateSlopePerDay),
        .init(key: "biomass.initial_at_70_days", path: \.biomass.initialBiomassAt70DaysGPerM2),
        .init(key: "biomass.initial_slope", path: \.biomass.initialBiomassSlopeGPerM2),
        .init(key: "biomass.root_coefficient", path: \.biomass.rootCoefficient),
        .init(key: "biomass.root_exponent", path: \.biomass.rootExponent),
        .init(key: "substrate.exudate_coefficient", path: \.substrate.exudateCoefficient),
        .init(key: "substrate.exudate_exponent", path: \.substrate.exudateExponent),
        .init(key: "substrate.texture_intercept", path: \.substrate.textureIntercept),
        .init(key: "substrate.texture_slope", path: \.substrate.textureSlope),
        .init(key: "substrate.variety_index", path: \.substrate.varietyIndex),
        .init(key: "substrate.fast_decay_per_day", path: \.substrate.fastDecayPerDay),
        .init(key: "substrate.slow_decay_per_day", path: \.substrate.slowDecayPerDay),
        .init(key: "substrate.moisture_a", path: \.substrate.moistureA),
        .init(key: "substrate.moisture_b", path: \.substrate.moistureB),
        .init(key: "substrate.moisture_c", path: \.substrate.moistureC),
        .init(key: "substrate.theta_flooded", path: \.substrate.thetaFlooded),
        .init(key: "substrate.theta_drained", path: \.substrate.thetaDrained),
        .init(key: "substrate.theta_drying_per_day", path: \.substrate.thetaDryingPerDay),
        .init(key: "substrate.soil_om_t_ha", path: \.substrate.soilOrganicMatterTPerHa),
        .init(key: "temperature.q10", path: \.temperature.q10),
        .init(key: "temperature.reference_c", path: \.temperature.referenceC),
        .init(key: "temperature.soil_from_air_intercept", path: \.temperature.soilFromAirInterceptC),
        .init(key: "temperature.soil_from_air_slope", path: \.temperature.soilFromAirSlope),
        .init(key: "redox.eh_flooded_floor_mv", path: \.redox.ehFloodedFloorMV),
        .init(key: "redox.eh_drained_ceiling_mv", path: \.redox.ehDrainedCeilingMV),
        .init(key: "redox.eh_initial_mv", path: \.redox.ehInitialMV),
        .init(key: "redox.eh_rate", path: \.redox.ehRatePerDay),
        .init(key: "redox.eh_rate_offset", path: \.redox.ehRateOffset),
        .init(key: "redox.eh_drained_factor", path: \.redox.ehDrainedFactor),
        .init(key: "redox.eh_factor_scale", path: \.redox.ehFactorScale),
        .init(key: "redox.flooded_level_cm", path: \.redox.floodedLevelCm),
        .init(key: "production.conversion", path: \.production.conversionGCH4PerG),
        .init(key: "emission.plant_max_fraction", path: \.emission.plantMaxFraction),
        .init(key: "emission.plant_exponent", path: \.emission.plantExponent),
        .init(key: "emission.bubble_coefficient", path: \.emission.bubbleCoefficient),
        .init(key: "emission.bubble_threshold", path: \.emission.bubbleThresholdGPerM2PerDay),
    ]

    public static func named(_ key: String) -> CH4MODParameterKey? { all.first { $0.key == key } }
}

/// A parameter with the range it may take (the file's `low`/`high`).
public struct RangedParameter: Sendable, Equatable {
    public var key: CH4MODParameterKey
    public var low: Double
    public var high: Double
    public init(key: CH4MODParameterKey, low: Double, high: Double) {
        self.key = key
        self.low = low
        self.high = high
    }
    /// The value at position u ∈ [0, 1] of the range.
    public func value(at u: Double) -> Double { low + u * (high - low) }
}

/// The three answers the sensitivity is ranked on: the mean seasonal total of the continuously
/// flooded treatments [kg CH4 ha⁻¹] and the mean modelled ratios of the drained treatments to
/// their experiment's reference, by practice [1].
public struct SensitivityOutputs: Sendable, Equatable {
    public var continuousKgPerHa: Double
    public var multipleDrainageRatio: Double
    public var midSeasonDrainageRatio: Double

    public static let names = ["seasonal_total_cf_kg_ha", "multiple_drainage_ratio", "mid_season_drainage_ratio"]
    public var values: [Double] { [continuousKgPerHa, multipleDrainageRatio, midSeasonDrainageRatio] }

    public init(_ r: ValidationReport) {
        func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }
        continuousKgPerHa = mean(r.rows.filter { $0.practice == .continuousFlooding }.map(\.modelledKgPerHa))
        multipleDrainageRatio = mean(r.rows.filter { $0.practice == .multipleDrainage }.compactMap(\.modelledRatio))
        midSeasonDrainageRatio = mean(r.rows.filter { $0.practice == .midSeasonDrainage }.compactMap(\.modelledRatio))
    }
}

/// One parameter's effects on the three answers.
public struct SensitivityRow: Sendable, Equatable {
    public var key: String
    public var value: Double
    public var low: Double
    public var high: Double
    /// One at a time: answer at `high` − answer at `low`, per answer.
    public var oneAtATime: [Double]
    /// Morris: mean absolute elementary effect (mu*) and standard deviation, per answer, with the
    /// parameter scaled to [0, 1] over its range (effects in the answer's unit per whole range).
    public var morrisMuStar: [Double]
    public var morrisSigma: [Double]
    /// Rank by |one-at-a-time effect| per answer, 1 = largest.
    public var rank: [Int]
}

public struct CH4MODSensitivity: Sendable {
    public var validator: CH4MODValidator
    public var base: CH4MODParameters
    public var ranged: [RangedParameter]

    public init(validator: CH4MODValidator, base: CH4MODParameters, ranged: [RangedParameter]) {
        self.validator = validator
        self.base = base
        self.ranged = ranged
    }

    func outputs(_ p: CH4MODParameters) throws(ModelCheckFailure) -> SensitivityOutputs {
        SensitivityOutputs(try validator.report(p))
    }

    func parameters(at u: [Double]) -> CH4MODParameters {
        var p = base
        for (r, x) in zip(ranged, u) { p = r.key.setting(p, r.value(at: x)) }
        return p
    }

    /// One at a time and Morris (`trajectories` of a `levels`-level grid, seeded), ranked.
    public func run(trajectories: Int, levels: Int = 4, seed: UInt64) throws(ModelCheckFailure) -> (base: SensitivityOutputs, rows: [SensitivityRow]) {
        let b = try outputs(base)
        var oat: [[Double]] = []
        for r in ranged {
            let lo = try outputs(r.key.setting(base, r.low)), hi = try outputs(r.key.setting(base, r.high))
            oat.append(zip(hi.values, lo.values).map { $0 - $1 })
        }
        let (mu, sigma) = try morris(trajectories: trajectories, levels: levels, seed: seed)
        var rows = ranged.enumerated().map { i, r in
            SensitivityRow(key: r.key.key, value: r.key.value(base), low: r.low, high: r.high, oneAtATime: oat[i],
                           morrisMuStar: mu[i], morrisSigma: sigma[i], rank: Array(repeating: 0, count: oat[i].count))
        }
        for j in 0..<SensitivityOutputs.names.count {
            let order = rows.indices.sorted { abs(rows[$0].oneAtATime[j]) > abs(rows[$1].oneAtATime[j]) }
            for (rank, i) in order.enumerated() { rows[i].rank[j] = rank + 1 }
        }
        return (b, rows)
    }

    /// Morris trajectories: a random start on the grid {0, 1/(L−1), …, 1}, then each parameter in
    /// a random order moved by Δ = L/(2(L−1)) (up where it fits, else down); the elementary effect
    /// is the change of each answer divided by Δ.
    func morris(trajectories: Int, levels: Int, seed: UInt64) throws(ModelCheckFailure) -> (mu: [[Double]], sigma: [[Double]]) {
        let k = ranged.count, m = SensitivityOutputs.names.count
        var rng = SplitMix64(seed: seed)
        let delta = Double(levels) / (2 * Double(levels - 1))
        var effects = Array(repeating: Array(repeating: [Double](), count: m), count: k)
        for _ in 0..<trajectories {
            var u = (0..<k).map { _ in Double(Int(rng.uniform() * Double(levels / 2))) / Double(levels - 1) }
            var y = try outputs(parameters(at: u)).values
            var order = Array(0..<k)
            for i in stride(from: k - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.uniform() * Double(i + 1))) }
            for i in order {
                let step = u[i] + delta <= 1 + 1e-12 ? delta : -delta
                u[i] += step
                let y2 = try outputs(parameters(at: u)).values
                for j in 0..<m { effects[i][j].append((y2[j] - y[j]) / step) }
                y = y2
            }
        }
        func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }
        let mu = effects.map { $0.map { mean($0.map(abs)) } }
        let sigma = effects.map { $0.map { e in let a = mean(e); return (mean(e.map { ($0 - a) * ($0 - a) })).squareRoot() } }
        return (mu, sigma)
    }
}
