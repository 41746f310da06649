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

    /// The category of an IPCC result. A result without IPCC factors (the process model) gets an
    /// empty `baselineKey`: such results are never drawn (`InventoryEngine.factorParameters` is nil).
    public init(_ r: PaddySeasonResult) {
        baselineKey = r.factors?.baselineKey ?? ""
        overrideRegion = r.factors?.regionOverride ?? ""
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
    public var keys: [FactorCategory] { sums.keys.sorted(byText: \.sortKey) }
    public var weights: [Double] { keys.map { sums[$0]!.value } }
    public var exactWeights: [(FactorCategory, ExactSum)] { keys.map { ($0, sums[$0]!) } }
}

extension Collection {
    /// The elements in the ascending order of a text made once per element, not once per
    /// comparison (the canonical orders below compare joined texts).
    func sorted(byText text: (Element) -> String) -> [Element] {
        map { (text($0), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

extension FactorCategory {
    /// A text that orders categories canonically.
    var sortKey: String {
        ([baselineKey, overrideRegion, regime.rawValue, preSeason.rawValue] + amendments.map { "\($0.type.rawValue)=\($0.rate)" }).joined(separator: "|")
    }
}

/// Evaluates the emission factor of a category for any draw of the factors, with the plans of
/// the same `IPCCFactorResolver` as the estimate.
public struct FactorModel: Sendable {
    public let resolver: IPCCFactorResolver
    public var parameters: ParameterSet { resolver.parameters }
    public var values: [Double] { resolver.values }
    /// Lognormal σ per factor; 0 for fixed factors.
    public let sigmas: [Double]

    public init(parameters: ParameterSet) {
        resolver = IPCCFactorResolver(parameters: parameters)
        sigmas = parameters.allFactors().map { _, f in
            guard let lo = f.low, let hi = f.high, lo > 0, hi > lo else { return 0 }
            return (log(hi) - log(lo)) / (2 * 1.96)
        }
    }

    public typealias Plan = FactorPlan

    public func plan(_ c: FactorCategory) -> Plan { resolver.plan(c) }

    /// EF [kg CH4 ha⁻¹ d⁻¹] of a plan for the factor vector `f` (IPCC 2019 Eq. 5.2, 5.3).
    @inline(__always)
    public func ef(_ p: Plan, _ f: [Double]) -> Double { p.ef(f) }

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
        let total = zip(w.keys, w.weights).reduce(0.0) { $0 + $1.1 * ef(plan($1.0), values) }
        guard total > 0 else { return 0 }
        return factorHalfWidths(w).reduce(0) { $0 + $1 * $1 }.squareRoot() / total
    }

    /// Each factor's contribution to the 95 % half-width of Σ weight × EF [kg CH4], first order:
    /// U_f × Σ_c x_c ∂ln EF_c/∂ln f, summed over the categories that share the factor (one entry
    /// per factor of the factor vector; 0 for fixed or unused factors). Contributions of the same
    /// factor in different sets add before squaring (full correlation).
    public func factorHalfWidths(_ w: CategoryWeights) -> [Double] {
        var sensitivity = [Double](repeating: 0, count: values.count)   // Σ_c x_c ∂ln EF_c/∂ln f
        for (key, weight) in zip(w.keys, w.weights) {
            let p = plan(key)
            let x = weight * ef(p, values)
            for i in [p.efc, p.sfw, p.sfp] + (p.sfsr.map { [$0] } ?? []) { sensitivity[i] += x }
            guard !p.amendments.isEmpty else { continue }
            let s = 1 + p.amendments.reduce(0) { $0 + $1.rate * values[$1.cfoa] }
            for a in p.amendments { sensitivity[a.cfoa] += x * values[p.exponent] * a.rate * values[a.cfoa] / s }
            sensitivity[p.exponent] += x * values[p.exponent] * log(s)
        }
        return sensitivity.indices.map { sigmas[$0] > 0 ? sensitivity[$0] * 1.96 * sigmas[$0] : 0 }
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
        totals(sets.map(UncertaintyWeights.init))
    }

    /// Totals Σ weight × EF × (1 + ε_area) × (1 + ε_season) [kg CH4] per weight set and draw,
    /// with the factors and the activity-data errors drawn together: one draw of each factor and
    /// of each activity-data error source per draw, shared by all sets. An error source is normal
    /// with σ = U95 / 1.96 (IPCC 2006 Vol. 1 Ch. 3: symmetric uncertainties), its multiplier
    /// bounded below by 0 (an area or a season length is never negative). Sources are drawn after
    /// the factors, in canonical order, so that sets without any draw exactly the factors alone.
    public func totals(_ sets: [UncertaintyWeights]) -> [[Double]] {
        let sources = Array(Set(sets.flatMap(\.sources))).sorted()
        let index = Dictionary(uniqueKeysWithValues: sources.enumerated().map { ($1, $0) })
        // The sets share most categories: each distinct one's EF is computed once a draw.
        var categories: [FactorCategory: Int] = [:], plans: [FactorModel.Plan] = []
        func planIndex(_ c: FactorCategory) -> Int {
            if let k = categories[c] { return k }
            plans.append(model.plan(c))
            categories[c] = plans.count - 1
            return plans.count - 1
        }
        let terms = sets.map { set in
            DrawTerms(set.entries.map { e in (planIndex(e.key.category), e.weight, e.key.activity.sources.map { index[$0]! }) })
        }
        var rng = SplitMix64(seed: seed)
        var out = sets.map { _ in [Double](repeating: 0, count: draws) }
        var multiplier = [Double](repeating: 1, count: sources.count)
        var ef = [Double](repeating: 0, count: plans.count)
        for d in 0..<draws {
            let f = model.draw(&rng)
            for (i, g) in sources.enumerated() { multiplier[i] = max(0, 1 + g.u95 / 1.96 * rng.normal()) }
            for k in plans.indices { ef[k] = model.ef(plans[k], f) }
            for s in sets.indices { out[s][d] = terms[s].total(ef: ef, multiplier: multiplier) }
        }
        return out
    }
}

/// A weight set's terms in flat arrays, so that a draw's loop copies no arrays: per term, its
/// category's index, its weight and the range of its error sources in `errors`.
private struct DrawTerms {
    var category: [Int] = []
    var weight: [Double] = []
    var errorStart: [Int] = [0]
    var errors: [Int] = []

    init(_ terms: [(category: Int, weight: Double, errors: [Int])]) {
        for t in terms {
            category.append(t.category)
            weight.append(t.weight)
            errors += t.errors
            errorStart.append(errors.count)
        }
    }

    /// Σ weight × EF × Π multipliers of the term's error sources, terms in order.
    func total(ef: [Double], multiplier: [Double]) -> Double {
        var t = 0.0
        for j in weight.indices {
            var x = weight[j] * ef[category[j]]
            for e in errorStart[j]..<errorStart[j + 1] { x *= multiplier[errors[e]] }
            t += x
        }
        return t
    }
}

/// One independent source of activity-data error (IPCC 2006 Vol. 1 Ch. 3): the harvested area
/// or the season length of a region's statistics in one year (`--config`), or of one row of an
/// activity-data file. Errors are fully correlated among the seasons of one source (one survey
/// figure) and independent between sources (Eq. 3.2 for sums of independent terms).
public struct ActivityErrorSource: Hashable, Sendable, Codable, Comparable {
    public enum Quantity: String, Sendable, Codable {
        case area = "harvested area"
        case seasonLength = "season length"
    }
    public var quantity: Quantity
    /// What the figure belongs to: `region Takeo 2024`, or `FILE line N`.
    public var scope: String
    /// Relative half-width of the 95 % interval (0.05 for ±5 %).
    public var u95: Double

    public init(quantity: Quantity, scope: String, u95: Double) {
        self.quantity = quantity
        self.scope = scope
        self.u95 = u95
    }

    public static func < (a: Self, b: Self) -> Bool { (a.scope, a.quantity.rawValue, a.u95) < (b.scope, b.quantity.rawValue, b.u95) }
}

/// The activity-data error sources of one paddy-season: of its area A and its season length t
/// (Eq. 5.1: CH4 = EF × t × A, so each enters the emission as a relative error, Eq. 3.1).
public struct ActivityUncertainty: Hashable, Sendable, Codable {
    public var area: ActivityErrorSource?
    public var seasonLength: ActivityErrorSource?

    /// No activity-data uncertainty given.
    public static let none = ActivityUncertainty()

    public init(area: ActivityErrorSource? = nil, seasonLength: ActivityErrorSource? = nil) {
        self.area = area
        self.seasonLength = seasonLength
    }

    /// Sources of `scope` from 95 % half-widths in percent; nil or 0 gives no source.
    public init(scope: String, areaPct: Double?, seasonLengthPct: Double?) {
        area = areaPct.flatMap { $0 > 0 ? ActivityErrorSource(quantity: .area, scope: scope, u95: $0 / 100) : nil }
        seasonLength = seasonLengthPct.flatMap { $0 > 0 ? ActivityErrorSource(quantity: .seasonLength, scope: scope, u95: $0 / 100) : nil }
    }

    public var sources: [ActivityErrorSource] { [area, seasonLength].compactMap { $0 } }

    var sortKey: String { sources.map { "\($0.scope)|\($0.quantity.rawValue)|\($0.u95)" }.joined(separator: "|") }
}

/// Σ days × area [ha d] per factor category and activity-data error sources (exact sums), in a
/// canonical order: the weights of the Monte Carlo and Approach 1 with activity-data uncertainty.
public struct UncertaintyWeights: Sendable, Equatable, Codable {
    public struct Key: Hashable, Sendable, Codable {
        public var category: FactorCategory
        public var activity: ActivityUncertainty
        public init(category: FactorCategory, activity: ActivityUncertainty) {
            self.category = category
            self.activity = activity
        }
        var sortKey: String { category.sortKey + "#" + activity.sortKey }
    }

    private var sums: [Key: ExactSum] = [:]

    public init() {}

    /// Factor categories without activity-data uncertainty.
    public init(_ w: CategoryWeights) {
        for (c, x) in w.exactWeights { sums[Key(category: c, activity: .none), default: ExactSum()].add(x) }
    }

    public mutating func add(_ key: Key, haDays: Double) { sums[key, default: ExactSum()].add(haDays) }

    /// A paddy-season: its days × area under its factor category and activity-data error sources.
    public mutating func add(_ r: PaddySeasonResult) {
        add(Key(category: FactorCategory(r), activity: r.activityUncertainty), haDays: Double(r.days) * r.areaHa)
    }

    /// A scenario paddy-season at its expected weights (the adopted share under the scenario's
    /// category, the rest under the observed one); both shares have the observed season's area
    /// and length, and so its activity-data error sources.
    public mutating func add(_ x: ScenarioSeasonResult) {
        for (category, haDays) in x.expectedWeights { add(Key(category: category, activity: x.baseline.activityUncertainty), haDays: haDays) }
    }

    public mutating func add(_ other: UncertaintyWeights) {
        for (k, w) in other.sums { sums[k, default: ExactSum()].add(w) }
    }

    public var isEmpty: Bool { sums.isEmpty }

    /// (key, Σ days × area [ha d]) in canonical order.
    public var entries: [(key: Key, weight: Double)] {
        sums.keys.sorted(byText: \.sortKey).map { ($0, sums[$0]!.value) }
    }

    /// The weights by factor category alone.
    public var categoryWeights: CategoryWeights {
        var w = CategoryWeights()
        for (k, x) in sums { w.add(k.category, exact: x) }
        return w
    }

    /// The activity-data error sources of these weights.
    public var sources: [ActivityErrorSource] { Array(Set(sums.keys.flatMap(\.activity.sources))) }

    private enum CodingKeys: String, CodingKey { case entries }
    private struct Entry: Codable { var key: Key; var haDays: ExactSum }

    public init(from decoder: any Decoder) throws {
        for e in try decoder.singleValueContainer().decode([Entry].self) { sums[e.key, default: ExactSum()].add(e.haDays) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(sums.keys.sorted(byText: \.sortKey).map { Entry(key: $0, haDays: sums[$0]!) })
    }
}

/// What Approach 1 needs of a set of paddy-seasons: the emission at the published factors and
/// the absolute 95 % half-width contributed by each independent error source (each factor of
/// the factor vector, each activity-data source), first order (IPCC 2006 Vol. 1 Ch. 3, Eq. 3.1
/// and 3.2). Budgets of disjoint sets add source by source, so that a source shared by several
/// categories is combined as fully correlated before squaring.
public struct UncertaintyBudget: Sendable, Equatable {
    /// CH4 [kg] at the published factors.
    public var emissionKg = 0.0
    /// Per factor of the factor vector [kg CH4].
    public var factorHalfWidthsKg: [Double]
    /// Per activity-data error source [kg CH4]: U95 × the emission of the seasons it covers.
    public var activityHalfWidthsKg: [ActivityErrorSource: Double] = [:]
    /// CH4 [kg] of the seasons without any activity-data uncertainty given.
    public var emissionWithoutActivityUncertaintyKg = 0.0

    /// An empty budget for the factor vector of `model`.
    public init(model: FactorModel) { factorHalfWidthsKg = [Double](repeating: 0, count: model.values.count) }

    public init(_ w: UncertaintyWeights, model: FactorModel) {
        self.init(model: model)
        factorHalfWidthsKg = model.factorHalfWidths(w.categoryWeights)
        for (key, weight) in w.entries {
            let x = weight * model.ef(model.plan(key.category), model.values)
            emissionKg += x
            if key.activity.sources.isEmpty { emissionWithoutActivityUncertaintyKg += x }
            for g in key.activity.sources { activityHalfWidthsKg[g, default: 0] += g.u95 * x }
        }
    }

    /// Adds the budget of a disjoint set of seasons (sources shared: fully correlated).
    public mutating func add(_ other: UncertaintyBudget) {
        emissionKg += other.emissionKg
        emissionWithoutActivityUncertaintyKg += other.emissionWithoutActivityUncertaintyKg
        for i in factorHalfWidthsKg.indices { factorHalfWidthsKg[i] += other.factorHalfWidthsKg[i] }
        for (g, h) in other.activityHalfWidthsKg { activityHalfWidthsKg[g, default: 0] += h }
    }

    /// Relative 95 % half-width from the factors (Table 3.3 column F), 0 for no emission.
    public var factorU95: Double { relative(factorHalfWidthsKg) }
    /// Relative 95 % half-width from the activity data (column E), 0 for no emission.
    public var activityU95: Double { relative(Array(activityHalfWidthsKg.values)) }
    /// Combined (column G): √(E² + F²), activity data and factors being independent (Eq. 3.1).
    public var combinedU95: Double { (factorU95 * factorU95 + activityU95 * activityU95).squareRoot() }
    /// Whether any season of the set has activity-data uncertainty given.
    public var hasActivityUncertainty: Bool { !activityHalfWidthsKg.isEmpty }

    private func relative(_ h: [Double]) -> Double {
        emissionKg > 0 ? h.reduce(0) { $0 + $1 * $1 }.squareRoot() / emissionKg : 0
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
