/// Mergeable, `Codable` accumulators of a run's accounting. Each is filled paddy by paddy and
/// merged with the accumulator of a disjoint set of paddies (another shard); all sums are exact
/// (`ExactSum`), so any split gives the same totals, and the encoded state of a shard is just
/// these values.

extension ExactSum: Codable {
    /// Encoded as the integer count of 10⁻⁹ units in decimal text (exact, any size).
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let n = Int128(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "exact sum \(text) is not an integer count of 10⁻⁹ units"))
        }
        self.init(nanos: n)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(String(nanos))
    }
}

extension EmissionTotals: Codable {
    private enum CodingKeys: String, CodingKey { case seasons, area, amendment, ch4, co2e }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(seasons: try c.decode(Int.self, forKey: .seasons), area: try c.decode(ExactSum.self, forKey: .area),
                  amendment: try c.decode(ExactSum.self, forKey: .amendment), ch4: try c.decode(ExactSum.self, forKey: .ch4),
                  co2e: try c.decode(ExactSum.self, forKey: .co2e))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seasons, forKey: .seasons)
        try c.encode(area, forKey: .area)
        try c.encode(amendment, forKey: .amendment)
        try c.encode(ch4, forKey: .ch4)
        try c.encode(co2e, forKey: .co2e)
    }
}

extension CRTRow: Codable {}

extension CategoryWeights: Codable {
    private struct Entry: Codable {
        var category: FactorCategory
        var haDays: ExactSum
    }

    /// Encoded as the categories in their canonical order with their exact weights.
    public init(from decoder: any Decoder) throws {
        self.init()
        for e in try decoder.singleValueContainer().decode([Entry].self) { add(e.category, exact: e.haDays) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(exactWeights.map { Entry(category: $0.0, haDays: $0.1) })
    }
}

extension InventoryAggregate: Codable {
    private enum CodingKeys: String, CodingKey { case byRegion, byCRT, weightsByCRT, weightsByRegion }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(byRegion: try c.decode([String: EmissionTotals].self, forKey: .byRegion),
                  byCRT: try c.decode([CRTRow: EmissionTotals].self, forKey: .byCRT),
                  weightsByCRT: try c.decode([CRTRow: CategoryWeights].self, forKey: .weightsByCRT),
                  weightsByRegion: try c.decode([String: CategoryWeights].self, forKey: .weightsByRegion))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(byRegion, forKey: .byRegion)
        try c.encode(byCRT, forKey: .byCRT)
        try c.encode(weightsByCRT, forKey: .weightsByCRT)
        try c.encode(weightsByRegion, forKey: .weightsByRegion)
    }
}

extension CalendarDate: Codable {
    /// Encoded as `YYYY-MM-DD`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let d = CalendarDate(iso: Substring(text)) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "date \(text) is not YYYY-MM-DD"))
        }
        self = d
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension MonitoringPeriods: Codable {
    private enum CodingKeys: String, CodingKey { case start, months, calendar }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(start: try c.decode(CalendarDate.self, forKey: .start), months: try c.decode(Int.self, forKey: .months),
                  calendar: try c.decode(CFCalendar.self, forKey: .calendar))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(start, forKey: .start)
        try c.encode(months, forKey: .months)
        try c.encode(calendar, forKey: .calendar)
    }
}

/// One scenario's accounting (or the baseline's): its expected totals, the observed practice
/// computed with the scenario's method (the reference its change is measured from), both by
/// region, the adopted area and the Monte Carlo weights of the blend.
public struct ScenarioLedger: Sendable, Equatable, Codable {
    public private(set) var totals = EmissionTotals()
    /// The observed practice computed with this scenario's method.
    public private(set) var reference = EmissionTotals()
    public private(set) var byRegion: [String: EmissionTotals] = [:]
    public private(set) var referenceByRegion: [String: EmissionTotals] = [:]
    /// Σ adoption fraction × area [ha].
    public private(set) var adoptedArea = ExactSum()
    /// Σ days × area [ha d] per IPCC category: the adopted share and the rest (baseline practice).
    public private(set) var weights = CategoryWeights()
    /// The same weights by region (the regions' Monte Carlo intervals).
    public private(set) var weightsByRegion: [String: CategoryWeights] = [:]

    public init() {}

    /// The adopted area [ha]; the baseline adopts its own practice everywhere.
    public var adoptedAreaHa: Double { adoptedArea.value }

    /// A baseline paddy-season: the observed practice, which is also its own reference.
    public mutating func addObserved(_ r: PaddySeasonResult) {
        let region = r.region ?? InventoryAggregate.noRegion
        totals.add(r)
        reference.add(r)
        byRegion[region, default: EmissionTotals()].add(r)
        referenceByRegion[region, default: EmissionTotals()].add(r)
        adoptedArea.add(r.areaHa)
        weights.add(FactorCategory(r), haDays: Double(r.days) * r.areaHa)
        weightsByRegion[region, default: CategoryWeights()].add(FactorCategory(r), haDays: Double(r.days) * r.areaHa)
    }

    /// A scenario paddy-season: the adopted share under the scenario, the rest as observed
    /// (expected values, linear in the adoption fraction f).
    public mutating func addScenario(_ x: ScenarioSeasonResult) {
        let b = x.baseline, a = x.adopted, f = x.adoptionFraction
        let region = b.region ?? InventoryAggregate.noRegion
        totals.add(areaHa: b.areaHa, amendmentT: f * a.amendmentRateTPerHa * a.areaHa + (1 - f) * b.amendmentRateTPerHa * b.areaHa,
                   ch4Kg: x.expectedCH4Kg, co2eT: x.expectedCO2eT)
        reference.add(b)
        adoptedArea.add(f * b.areaHa)
        byRegion[region, default: EmissionTotals()].add(areaHa: b.areaHa, amendmentT: 0, ch4Kg: x.expectedCH4Kg, co2eT: x.expectedCO2eT)
        referenceByRegion[region, default: EmissionTotals()].add(b)
        let haDays = Double(b.days) * b.areaHa
        weights.add(FactorCategory(a), haDays: haDays * f)
        weights.add(FactorCategory(b), haDays: haDays * (1 - f))
        weightsByRegion[region, default: CategoryWeights()].add(FactorCategory(a), haDays: haDays * f)
        weightsByRegion[region, default: CategoryWeights()].add(FactorCategory(b), haDays: haDays * (1 - f))
    }

    /// Adds the ledger of a disjoint set of paddies.
    public mutating func merge(_ other: ScenarioLedger) {
        totals.add(other.totals)
        reference.add(other.reference)
        for (k, v) in other.byRegion { byRegion[k, default: EmissionTotals()].add(v) }
        for (k, v) in other.referenceByRegion { referenceByRegion[k, default: EmissionTotals()].add(v) }
        adoptedArea.add(other.adoptedArea)
        weights.add(other.weights)
        for (k, v) in other.weightsByRegion { weightsByRegion[k, default: CategoryWeights()].add(v) }
    }
}

/// The crediting ledger: per monitoring period, the project fields' counterfactual (the baseline
/// practice scenario) and observed practice, over the adopted share f of each paddy-season.
public struct CreditingLedger: Sendable, Equatable, Codable {
    public struct Period: Sendable, Equatable, Codable {
        /// Σ days × area × f per IPCC category, counterfactual and observed [ha d].
        public private(set) var counterfactualWeights = CategoryWeights()
        public private(set) var observedWeights = CategoryWeights()
        /// Σ CO2e × f [t], counterfactual and observed.
        public private(set) var counterfactualCO2e = ExactSum()
        public private(set) var observedCO2e = ExactSum()
        /// Σ area × f [ha].
        public private(set) var area = ExactSum()
        public private(set) var seasons = 0

        public var areaHa: Double { area.value }
        public var counterfactualCO2eT: Double { counterfactualCO2e.value }
        public var observedCO2eT: Double { observedCO2e.value }
        /// Emission reductions [t CO2e]: counterfactual minus observed.
        public var reductionsCO2eT: Double { counterfactualCO2eT - observedCO2eT }

        mutating func add(_ x: ScenarioSeasonResult) {
            let f = x.adoptionFraction
            let haDays = Double(x.baseline.days) * x.baseline.areaHa
            counterfactualWeights.add(FactorCategory(x.adopted), haDays: haDays * f)
            observedWeights.add(FactorCategory(x.baseline), haDays: haDays * f)
            counterfactualCO2e.add(x.adopted.co2eT * f)
            observedCO2e.add(x.baseline.co2eT * f)
            area.add(x.baseline.areaHa * f)
            seasons += 1
        }

        mutating func merge(_ o: Period) {
            counterfactualWeights.add(o.counterfactualWeights)
            observedWeights.add(o.observedWeights)
            counterfactualCO2e.add(o.counterfactualCO2e)
            observedCO2e.add(o.observedCO2e)
            area.add(o.area)
            seasons += o.seasons
        }
    }

    public let periods: MonitoringPeriods
    /// Entries by period index (see `MonitoringPeriods.index(ofDay:)`).
    public private(set) var entries: [Int: Period] = [:]

    public init(periods: MonitoringPeriods) { self.periods = periods }

    /// A paddy-season of the counterfactual scenario, in the period of its last day; a season
    /// with no adoption has no project fields and is left out.
    public mutating func add(_ x: ScenarioSeasonResult) {
        guard x.adoptionFraction > 0 else { return }
        entries[periods.index(ofDay: x.baseline.assessment.window.lastDay), default: Period()].add(x)
    }

    /// Adds the ledger of a disjoint set of paddies (same periods).
    public mutating func merge(_ other: CreditingLedger) {
        for (k, v) in other.entries { entries[k, default: Period()].merge(v) }
    }
}

/// A scenario run's accounting: one ledger per scenario (index 0 the baseline) and, when a
/// crediting view is asked for, the crediting ledger of the scenario standing for the baseline
/// practice.
public struct ScenarioAccounting: Sendable, Equatable, Codable {
    public private(set) var ledgers: [ScenarioLedger]
    /// Index into `ledgers` of the crediting counterfactual.
    public let creditingScenario: Int?
    public private(set) var crediting: CreditingLedger?

    /// - Parameters:
    ///   - scenarios: the scenarios besides the baseline.
    ///   - crediting: the crediting periods and the index (1-based among the ledgers) of the
    ///     counterfactual scenario.
    public init(scenarios: Int, crediting: (periods: MonitoringPeriods, scenario: Int)? = nil) {
        ledgers = Array(repeating: ScenarioLedger(), count: scenarios + 1)
        creditingScenario = crediting?.scenario
        self.crediting = crediting.map { CreditingLedger(periods: $0.periods) }
    }

    /// A paddy's baseline seasons and its seasons under each scenario (`scenarios[s]` is ledger s + 1).
    public mutating func add(baseline: [PaddySeasonResult], scenarios: [[ScenarioSeasonResult]]) {
        for r in baseline { ledgers[0].addObserved(r) }
        for (s, results) in scenarios.enumerated() {
            for x in results {
                ledgers[s + 1].addScenario(x)
                if s + 1 == creditingScenario { crediting?.add(x) }
            }
        }
    }

    /// Adds the accounting of a disjoint set of paddies.
    public mutating func merge(_ other: ScenarioAccounting) {
        precondition(ledgers.count == other.ledgers.count && creditingScenario == other.creditingScenario)
        for i in ledgers.indices { ledgers[i].merge(other.ledgers[i]) }
        if let o = other.crediting { crediting?.merge(o) }
    }
}

extension MonitoringPeriods: Equatable {
    public static func == (a: MonitoringPeriods, b: MonitoringPeriods) -> Bool {
        a.start == b.start && a.months == b.months && a.calendar == b.calendar
    }
}
