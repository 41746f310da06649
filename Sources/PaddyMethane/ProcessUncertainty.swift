// Monte Carlo of the process model's totals over CH4MOD's uncertain parameters. CH4MOD is not
// linear in its parameters, so there are no sufficient statistics as for the IPCC factors
// (Uncertainty.swift): every paddy-season is simulated again under every draw's parameter set
// (`CH4MODParameterDraws`: uniform over the low/high ranges of models/ch4mod.yaml, seeded), and
// its CH4 is added into one exact sum per draw and reporting key. The state is O(draws × keys),
// whatever the number of paddies; the sums are `ExactSum`s, so they do not depend on the order in
// which paddies are added (thread count, block size, shards). The same draws serve every
// scenario, so differences are taken draw by draw.

/// The process model and the ranges of its uncertain parameters.
public struct ProcessUncertainty: Sendable {
    /// The model with the nominal parameters (its other inputs, climate and temperatures, are kept
    /// for every draw).
    public let model: CH4MODEmissionModel
    /// The parameters drawn: those with `low` and `high` in the parameter file.
    public let ranged: [RangedParameter]

    public init(model: CH4MODEmissionModel, ranged: [RangedParameter]) {
        var m = model
        m.recordDaily = false
        self.model = m
        self.ranged = ranged
    }

    /// Whether `other` draws the same parameter sets for the same seed (same nominal parameters
    /// and ranges), so that its totals and this model's can be differenced draw by draw.
    public func drawsLike(_ other: ProcessUncertainty) -> Bool {
        model.model.parameters == other.model.model.parameters && ranged == other.ranged
    }

    /// The model under each of `draws` parameter sets drawn with `seed`.
    public func drawn(draws: Int, seed: UInt64) -> DrawnProcessModel {
        DrawnProcessModel(self, draws: CH4MODParameterDraws(base: model.model.parameters, ranged: ranged, draws: draws, seed: seed))
    }
}

/// The process model under every parameter draw of a run.
public struct DrawnProcessModel: Sendable {
    public let draws: CH4MODParameterDraws
    private let models: [CH4MODEmissionModel]

    init(_ u: ProcessUncertainty, draws: CH4MODParameterDraws) {
        self.draws = draws
        models = draws.sets.map { p in
            var m = u.model
            m.model = CH4MOD(parameters: p)
            return m
        }
    }

    public var count: Int { models.count }

    /// One season's CH4 [kg] under each draw (0 for a draw whose model check failed) and the
    /// draws that failed with the reason.
    public func ch4Kg(_ season: SeasonInput) -> (kg: [Double], failed: [(draw: Int, reason: String)]) {
        var kg = [Double](repeating: 0, count: models.count)
        var failed: [(Int, String)] = []
        for (d, m) in models.enumerated() {
            do { kg[d] = try m.emission(season).ch4Kg } catch { failed.append((d, error.reason)) }
        }
        return (kg, failed)
    }

    /// The season input of an accepted result of `paddy` (as the engine built it).
    static func input(_ paddy: Paddy, _ r: PaddySeasonResult) -> SeasonInput {
        SeasonInput(paddy: paddy, window: r.assessment.window, assessment: r.assessment, amendments: r.amendments)
    }

    /// A paddy's accepted seasons under every draw, added to ledger `ledger` of `sums` under
    /// their CRT row (ledger 0 only), region and region × season cell. Returns each season's CH4
    /// per draw, in the order of `results`.
    @discardableResult
    public func add(_ paddy: Paddy, _ results: [PaddySeasonResult], ledger: Int = 0, seasons: SeasonCalendar?,
                    into sums: inout ProcessDrawSums) -> [[Double]] {
        results.map { r in
            let (kg, failed) = ch4Kg(Self.input(paddy, r))
            sums.record(failed, paddy: paddy, r)
            sums.add(kg, keys: ProcessDrawKey.keys(r, ledger: ledger, seasons: seasons, crt: ledger == 0))
            return kg
        }
    }

    /// A paddy's seasons under a scenario (ledger `ledger` ≥ 1) at their expected values, draw by
    /// draw: f × the scenario adopted + (1 − f) × the observed practice, as `ScenarioLedger` and
    /// `BreakdownCell` add them. `adopted` is the counterfactual paddy (`Scenario.counterfactual`);
    /// the observed practice is simulated only where part of the area does not adopt (f < 1).
    public func addScenario(observed paddy: Paddy, adopted: Paddy, _ results: [ScenarioSeasonResult], ledger: Int,
                            seasons: SeasonCalendar?, into sums: inout ProcessDrawSums) {
        for x in results {
            let f = x.adoptionFraction
            var (kg, failed) = ch4Kg(Self.input(adopted, x.adopted))
            if f < 1 {
                let (observed, observedFailed) = ch4Kg(Self.input(paddy, x.baseline))
                for d in kg.indices { kg[d] = f * kg[d] + (1 - f) * observed[d] }
                failed += observedFailed
            }
            sums.record(failed, paddy: paddy, x.baseline)
            sums.add(kg, keys: ProcessDrawKey.keys(x.baseline, ledger: ledger, seasons: seasons, crt: false))
        }
    }
}

/// Where a season's CH4 is summed: a ledger (0: the inventory or baseline, s ≥ 1: scenario s)
/// and a CRT row, a region or a region × season cell.
public struct ProcessDrawKey: Hashable, Sendable, Codable {
    public enum Scope: Hashable, Sendable, Codable {
        case crt(CRTRow)
        case region(String)
        case regionSeason(RegionSeasonKey)
    }

    public var ledger: Int
    public var scope: Scope

    public init(ledger: Int, scope: Scope) {
        self.ledger = ledger
        self.scope = scope
    }

    /// The keys of one season: its region and region × season cell, and its CRT row when `crt`.
    static func keys(_ r: PaddySeasonResult, ledger: Int, seasons: SeasonCalendar?, crt: Bool) -> [ProcessDrawKey] {
        [ProcessDrawKey(ledger: ledger, scope: .region(r.region ?? InventoryAggregate.noRegion)),
         ProcessDrawKey(ledger: ledger, scope: .regionSeason(RegionSeasonKey(region: r.region, window: r.assessment.window,
                                                                             calendar: r.calendar, seasons: seasons)))]
            + (crt ? [ProcessDrawKey(ledger: ledger, scope: .crt(CRTRow(r.assessment)))] : [])
    }
}

/// A draw under which some paddy-season's model check (mass balance) failed: the draw is left
/// out of every interval (of every key and scenario, so that the pairing holds), and named with
/// the first such season in the manifest.
public struct ProcessDrawFailure: Sendable, Equatable, Codable {
    /// Paddy-seasons whose check failed under the draw (a season counts once per scenario).
    public var seasons: Int
    /// The failing season with the lowest paddy index (the first met in paddy order).
    public var paddyIndex: Int
    public var reason: String
}

/// Per-draw CH4 sums [kg] per reporting key of a process-model run, the draws that failed, the
/// number of draws, the seed and the GWP of the reports' CO2e. Mergeable: the state of a shard, and of one paddy on the worker
/// that computed it.
public struct ProcessDrawSums: Sendable, Equatable, Codable {
    public let draws: Int
    public let seed: UInt64
    /// CO2e per kg CH4 [kg] (the run's, or the scenario baseline's).
    public let gwp: Double
    public private(set) var sums: [ProcessDrawKey: [ExactSum]] = [:]
    /// Failed draws by draw index.
    public private(set) var failures: [Int: ProcessDrawFailure] = [:]

    public init(draws: Int, seed: UInt64, gwp: Double) {
        self.draws = draws
        self.seed = seed
        self.gwp = gwp
    }

    // The sums encoded in a canonical order, so that a shard's state is the same bytes on every run.
    private enum CodingKeys: String, CodingKey { case draws, seed, gwp, sums, failures }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        draws = try c.decode(Int.self, forKey: .draws)
        seed = try c.decode(UInt64.self, forKey: .seed)
        gwp = try c.decode(Double.self, forKey: .gwp)
        sums = try c.decode(CanonicalEntries<ProcessDrawKey, [ExactSum]>.self, forKey: .sums).table
        failures = try c.decode([Int: ProcessDrawFailure].self, forKey: .failures)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(draws, forKey: .draws)
        try c.encode(seed, forKey: .seed)
        try c.encode(gwp, forKey: .gwp)
        try c.encode(CanonicalEntries(sums), forKey: .sums)
        try c.encode(failures, forKey: .failures)
    }

    /// Adds one season's CH4 per draw to each of `keys`.
    mutating func add(_ kg: [Double], keys: [ProcessDrawKey]) {
        for k in keys {
            if sums[k] == nil { sums[k] = [ExactSum](repeating: ExactSum(), count: draws) }
            for d in kg.indices { sums[k]![d].add(kg[d]) }
        }
    }

    /// Records the draws under which a season of `paddy` failed its model check.
    mutating func record(_ failed: [(draw: Int, reason: String)], paddy: Paddy, _ r: PaddySeasonResult) {
        for (d, reason) in failed {
            let cal = r.calendar, w = r.assessment.window
            let text = "paddy '\(r.paddyID)' season \(cal.date(ofDay: w.firstDay))…\(cal.date(ofDay: w.lastDay)): \(reason)"
            add(draw: d, ProcessDrawFailure(seasons: 1, paddyIndex: paddy.index, reason: text))
        }
    }

    private mutating func add(draw d: Int, _ f: ProcessDrawFailure) {
        guard let e = failures[d] else { failures[d] = f; return }
        failures[d] = f.paddyIndex < e.paddyIndex ? ProcessDrawFailure(seasons: e.seasons + f.seasons, paddyIndex: f.paddyIndex, reason: f.reason)
            : ProcessDrawFailure(seasons: e.seasons + f.seasons, paddyIndex: e.paddyIndex, reason: e.reason)
    }

    /// Adds the sums of a disjoint set of paddies drawn with the same draws and seed.
    public mutating func merge(_ other: ProcessDrawSums) {
        precondition(draws == other.draws && seed == other.seed && gwp == other.gwp)
        for (k, o) in other.sums {
            guard sums[k] != nil else { sums[k] = o; continue }
            for d in o.indices { sums[k]![d].add(o[d]) }
        }
        for (d, f) in other.failures { add(draw: d, f) }
    }

    /// The draws every interval is taken over: those without a failed season, in draw order.
    public var validDraws: [Int] { (0..<draws).filter { failures[$0] == nil } }

    /// The keys of ledger `ledger` with the given kind of scope.
    public func keys(ledger: Int, where isKind: (ProcessDrawKey.Scope) -> Bool) -> [ProcessDrawKey] {
        sums.keys.filter { $0.ledger == ledger && isKind($0.scope) }
    }

    /// Σ CH4 [kg] of `keys` per valid draw (exact sums; keys without seasons add 0).
    public func totals(_ keys: [ProcessDrawKey]) -> [Double] {
        validDraws.map { d in
            var t = ExactSum()
            for k in keys { if let s = sums[k] { t.add(s[d]) } }
            return t.value
        }
    }

    /// The 95 % interval of `keys`' total CH4 [kg] × `scale`, or nil when every draw failed.
    public func summary(_ keys: [ProcessDrawKey], scale: Double = 1) -> DrawSummary? {
        let t = totals(keys)
        return t.isEmpty ? nil : DrawSummary(t.map { $0 * scale })
    }

    /// The 95 % interval of (Σ `keys` − Σ `reference`) × `scale`, draw by draw, or nil.
    public func difference(_ keys: [ProcessDrawKey], minus reference: [ProcessDrawKey], scale: Double = 1) -> DrawSummary? {
        let a = totals(keys), b = totals(reference)
        return a.isEmpty ? nil : DrawSummary(zip(a, b).map { ($0 - $1) * scale })
    }

    /// The region keys of ledger `ledger` (summing to the ledger's total).
    public func regionKeys(ledger: Int) -> [ProcessDrawKey] {
        keys(ledger: ledger) { if case .region = $0 { true } else { false } }
    }

    public static func region(_ name: String, ledger: Int) -> ProcessDrawKey { ProcessDrawKey(ledger: ledger, scope: .region(name)) }
}
