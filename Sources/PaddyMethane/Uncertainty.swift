import Foundation

/// IPCC Approach 2 (Monte Carlo) and Approach 1 (error propagation) over the factor uncertainties
/// of a parameter set (IPCC 2006 Vol. 1 Ch. 3).
///
/// Distributions: every factor with a 95 % range is lognormal with its median at the published
/// value and σ = (ln high − ln low) / (2 × 1.96), so that the median of the product of factors is
/// the deterministic estimate; factors without a range are fixed. The factors are shared by all
/// paddies, so one draw of each factor applies to every paddy (full correlation), and to every
/// scenario (differences between scenarios are computed draw by draw). Because Tier 1/2 emissions
/// are linear in days × area once the categories are fixed, only the sum of days × area per
/// category is kept, and the draws run over categories, not paddies.

/// The categories that decide a paddy-season's IPCC emission factor.
public struct FactorCategory: Hashable, Sendable, Codable {
    public var baselineKey: String
    /// Region whose Tier 2 overrides apply, or "".
    public var overrideRegion: String
    public var regime: WaterRegime
    public var preSeason: PreSeasonStatus
    /// Amendments, sorted, as (type, rate [t ha⁻¹]).
    public var amendments: [AmendmentKey]

    public struct AmendmentKey: Hashable, Sendable, Comparable, Codable {
        public var type: AmendmentType
        public var rate: Double
        public init(type: AmendmentType, rate: Double) {
            self.type = type
            self.rate = rate
        }
        public static func < (a: Self, b: Self) -> Bool { (a.type.rawValue, a.rate) < (b.type.rawValue, b.rate) }
    }

    public init(baselineKey: String, overrideRegion: String, regime: WaterRegime, preSeason: PreSeasonStatus, amendments: [AmendmentKey]) {
        self.baselineKey = baselineKey
        self.overrideRegion = overrideRegion
        self.regime = regime
        self.preSeason = preSeason
        self.amendments = amendments
    }

    public init(_ r: PaddySeasonResult) {
        baselineKey = r.factors.baselineKey
        overrideRegion = r.factors.regionOverride ?? ""
        regime = r.assessment.regime
        preSeason = r.assessment.preSeason ?? .unknown
        amendments = r.amendments.map { AmendmentKey(type: $0.type, rate: $0.rateTPerHa) }.sorted()
    }
}

/// Σ days × area [ha d] per category (exact sums), in a canonical order.
public struct CategoryWeights: Sendable, Equatable {
    private var sums: [FactorCategory: ExactSum] = [:]

    public init() {}

    public mutating func add(_ key: FactorCategory, haDays: Double) {
        sums[key, default: ExactSum()].add(haDays)
    }

    public mutating func add(_ key: FactorCategory, exact: ExactSum) {
        sums[key, default: ExactSum()].add(exact)
    }

    public mutating func add(_ other: CategoryWeights) {
        for (k, w) in other.sums { add(k, exact: w) }
    }

    /// Categories in a canonical order (independent of the order paddies were added).
    public var keys: [FactorCategory] { sums.keys.sorted { $0.sortKey < $1.sortKey } }
    public var weights: [Double] { keys.map { sums[$0]!.value } }
    public var exactWeights: [(FactorCategory, ExactSum)] { keys.map { ($0, sums[$0]!) } }
}

extension FactorCategory {
    /// A text that orders categories canonically.
    var sortKey: String {
        ([baselineKey, overrideRegion, regime.rawValue, preSeason.rawValue] + amendments.map { "\($0.type.rawValue)=\($0.rate)" }).joined(separator: "|")
    }
}

/// Evaluates the emission factor of a category for any draw of the factors.
public struct FactorModel: Sendable {
    public let parameters: ParameterSet
    public let values: [Double]
    /// Lognormal σ per factor; 0 for fixed factors.
    public let sigmas: [Double]
    private let position: [String: Int]

    public init(parameters: ParameterSet) {
        self.parameters = parameters
        let all = parameters.allFactors()
        values = all.map(\.1.value)
        sigmas = all.map { _, f in
            guard let lo = f.low, let hi = f.high, lo > 0, hi > lo else { return 0 }
            return (log(hi) - log(lo)) / (2 * 1.96)
        }
        position = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1.0, $0) })
    }

    /// Indices into a factor vector for one category's EF = EF_c × SF_w × SF_p × SF_o × SF_s,r.
    public struct Plan: Sendable {
        var efc: Int, sfw: Int, sfp: Int, sfsr: Int?
        var amendments: [(cfoa: Int, rate: Double)]
        var exponent: Int
    }

    public func plan(_ c: FactorCategory) -> Plan {
        let o = c.overrideRegion.isEmpty ? nil : parameters.regions?[c.overrideRegion]
        func idx(_ name: String) -> Int { position[name]! }
        let efc = c.baselineKey.hasPrefix("regions.") ? idx("\(c.baselineKey).baseline_ef_kg_ha_day") : idx("baseline_ef_kg_ha_day.\(c.baselineKey)")
        let sfw = o?.waterRegime?[c.regime.rawValue] != nil ? idx("regions.\(c.overrideRegion).water_regime_scaling.\(c.regime.rawValue)") : idx("water_regime_scaling.\(c.regime.rawValue)")
        let sfp = o?.preSeason?[c.preSeason.rawValue] != nil ? idx("regions.\(c.overrideRegion).pre_season_scaling.\(c.preSeason.rawValue)") : idx("pre_season_scaling.\(c.preSeason.rawValue)")
        let sfsr: Int? = o?.soilCultivar != nil ? idx("regions.\(c.overrideRegion).soil_cultivar_scaling") : position["soil_cultivar_scaling"]
        return Plan(efc: efc, sfw: sfw, sfp: sfp, sfsr: sfsr,
                    amendments: c.amendments.map { (idx("amendment_conversion.\($0.type.rawValue)"), $0.rate) },
                    exponent: idx("amendment_exponent"))
    }

    /// EF [kg CH4 ha⁻¹ d⁻¹] of a plan for the factor vector `f` (IPCC 2019 Eq. 5.2, 5.3).
    @inline(__always)
    public func ef(_ p: Plan, _ f: [Double]) -> Double {
        var sum = 1.0
        for a in p.amendments { sum += a.rate * f[a.cfoa] }
        return f[p.efc] * f[p.sfw] * f[p.sfp] * pow(sum, f[p.exponent]) * (p.sfsr.map { f[$0] } ?? 1)
    }

    /// One draw of every factor.
    public func draw(_ rng: inout SplitMix64) -> [Double] {
        var f = values
        for i in f.indices where sigmas[i] > 0 { f[i] = values[i] * exp(sigmas[i] * rng.normal()) }
        return f
    }

    /// IPCC Approach 1: the relative half-width of the 95 % interval of Σ weight × EF.
    ///
    /// IPCC 2006 Vol. 1 Ch. 3: Eq. 3.1 combines the relative uncertainties of a product in
    /// quadrature and Eq. 3.2 those of a sum, both for *independent* terms; correlated terms are to
    /// be combined before the propagation (Section 3.2.3.1). Every category that uses a factor shares
    /// its one uncertain value (the same EF_c, SF_w, CFOA), so each factor's contribution is summed
    /// over the categories that use it before squaring, and only distinct factors, which are
    /// independent of each other, are combined in quadrature:
    /// U² = Σ_f (U_f × Σ_c x_c ∂ln EF_c/∂ln f)² / (Σ_c x_c)², with x_c = weight × EF of category c
    /// and U_f = 1.96 σ_f. Splitting one practice into many categories (say one per amendment
    /// rate) therefore leaves U unchanged. Sensitivities: 1 for EF_c, SF_w, SF_p, SF_s,r;
    /// e r CFOA / (1 + Σ r CFOA) for a CFOA and e ln(1 + Σ r CFOA) for the exponent e of Eq. 5.3.
    public func approach1(_ w: CategoryWeights) -> Double {
        var total = 0.0
        var sensitivity = [Double](repeating: 0, count: values.count)   // Σ_c x_c ∂ln EF_c/∂ln f
        for (key, weight) in zip(w.keys, w.weights) {
            let p = plan(key)
            let x = weight * ef(p, values)
            total += x
            for i in [p.efc, p.sfw, p.sfp] + (p.sfsr.map { [$0] } ?? []) { sensitivity[i] += x }
            guard !p.amendments.isEmpty else { continue }
            let s = 1 + p.amendments.reduce(0) { $0 + $1.rate * values[$1.cfoa] }
            for a in p.amendments { sensitivity[a.cfoa] += x * values[p.exponent] * a.rate * values[a.cfoa] / s }
            sensitivity[p.exponent] += x * values[p.exponent] * log(s)
        }
        guard total > 0 else { return 0 }
        var variance = 0.0
        for i in sensitivity.indices where sigmas[i] > 0 { variance += pow(sensitivity[i] * 1.96 * sigmas[i], 2) }
        return variance.squareRoot() / total
    }
}

/// Monte Carlo totals of several weight sets (scenarios) drawn together.
public struct MonteCarlo: Sendable {
    public let model: FactorModel
    public let draws: Int
    public let seed: UInt64

    public init(model: FactorModel, draws: Int, seed: UInt64) {
        self.model = model
        self.draws = draws
        self.seed = seed
    }

    /// Totals Σ weight × EF [kg CH4] per weight set and draw: `result[set][draw]`.
    public func totals(_ sets: [CategoryWeights]) -> [[Double]] {
        let plans = sets.map { $0.keys.map(model.plan) }
        let weights = sets.map(\.weights)
        var rng = SplitMix64(seed: seed)
        var out = sets.map { _ in [Double](repeating: 0, count: draws) }
        for d in 0..<draws {
            let f = model.draw(&rng)
            for s in sets.indices {
                var t = 0.0
                for (p, w) in zip(plans[s], weights[s]) { t += w * model.ef(p, f) }
                out[s][d] = t
            }
        }
        return out
    }
}

/// Summary statistics of Monte Carlo draws.
public struct DrawSummary: Sendable, Equatable {
    public var mean: Double
    public var median: Double
    public var low95: Double
    public var high95: Double

    public init(_ values: [Double]) {
        let sorted = values.sorted()
        mean = values.reduce(0, +) / Double(max(values.count, 1))
        median = Self.quantile(sorted, 0.5)
        low95 = Self.quantile(sorted, 0.025)
        high95 = Self.quantile(sorted, 0.975)
    }

    /// Linear interpolation between order statistics (Hyndman & Fan type 7).
    static func quantile(_ s: [Double], _ q: Double) -> Double {
        guard !s.isEmpty else { return 0 }
        let h = Double(s.count - 1) * q
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, s.count - 1)
        return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a small seeded generator, the same on every platform.
public struct SplitMix64: Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    /// Standard normal (Box–Muller).
    public mutating func normal() -> Double {
        let u = max(uniform(), .leastNonzeroMagnitude), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}
