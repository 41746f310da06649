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

// Dictionaries keyed by these enums encode as JSON objects, whose keys a sorting encoder orders:
// a shard's state is the same bytes on every run (dictionary order varies between processes).
extension CRTRow: CodingKeyRepresentable {}
extension WaterRegime: CodingKeyRepresentable {}
extension PreSeasonStatus: CodingKeyRepresentable {}
extension AmendmentType: CodingKeyRepresentable {}

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
    private enum CodingKeys: String, CodingKey { case byRegion, byCRT, uncertaintyByYear, weightsByRegion }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(byRegion: try c.decode([String: EmissionTotals].self, forKey: .byRegion),
                  byCRT: try c.decode([CRTRow: EmissionTotals].self, forKey: .byCRT),
                  uncertaintyByYear: try c.decode([Int: [CRTRow: UncertaintyWeights]].self, forKey: .uncertaintyByYear),
                  weightsByRegion: try c.decode([String: UncertaintyWeights].self, forKey: .weightsByRegion))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(byRegion, forKey: .byRegion)
        try c.encode(byCRT, forKey: .byCRT)
        try c.encode(uncertaintyByYear, forKey: .uncertaintyByYear)
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
    /// Σ days × area [ha d] per IPCC category and activity-data error sources: the adopted share
    /// and the rest (baseline practice), both with the observed season's area and length errors.
    public private(set) var weights = UncertaintyWeights()
    /// The same weights by region (the regions' Monte Carlo intervals).
    public private(set) var weightsByRegion: [String: UncertaintyWeights] = [:]

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
        weights.add(r)
        weightsByRegion[region, default: UncertaintyWeights()].add(r)
    }

    /// A scenario paddy-season: the adopted share under the scenario, the rest as observed
    /// (expected values, linear in the adoption fraction f).
    public mutating func addScenario(_ x: ScenarioSeasonResult) {
        let b = x.baseline, f = x.adoptionFraction
        let region = b.region ?? InventoryAggregate.noRegion
        totals.add(areaHa: b.areaHa, amendmentT: x.expectedAmendmentT, ch4Kg: x.expectedCH4Kg, co2eT: x.expectedCO2eT)
        reference.add(b)
        adoptedArea.add(f * b.areaHa)
        byRegion[region, default: EmissionTotals()].add(areaHa: b.areaHa, amendmentT: 0, ch4Kg: x.expectedCH4Kg, co2eT: x.expectedCO2eT)
        referenceByRegion[region, default: EmissionTotals()].add(b)
        weights.add(x)
        weightsByRegion[region, default: UncertaintyWeights()].add(x)
    }

    /// Adds the ledger of a disjoint set of paddies.
    public mutating func merge(_ other: ScenarioLedger) {
        totals.add(other.totals)
        reference.add(other.reference)
        for (k, v) in other.byRegion { byRegion[k, default: EmissionTotals()].add(v) }
        for (k, v) in other.referenceByRegion { referenceByRegion[k, default: EmissionTotals()].add(v) }
        adoptedArea.add(other.adoptedArea)
        weights.add(other.weights)
        for (k, v) in other.weightsByRegion { weightsByRegion[k, default: UncertaintyWeights()].add(v) }
    }
}

/// The crediting ledger: per monitoring period (by season end), the sums of the fields'
/// credited seasons under a rule set (`CreditingCalculator`), the evidence counts, what was not
/// claimed and why, and the ineligible fields. CH4 is kept in kg; CO2e follows from the rule
/// set's GWPs when the report is written.
public struct CreditingLedger: Sendable, Equatable, Codable {
    public struct Period: Sendable, Equatable, Codable {
        /// Σ days × area per IPCC category, baseline and project [ha d].
        public private(set) var baselineWeights = CategoryWeights()
        public private(set) var projectWeights = CategoryWeights()
        /// CH4 [kg]: baseline, project, and the reductions not claimed for unproven events and
        /// for regimes that could not be read.
        public private(set) var baselineCH4 = ExactSum()
        public private(set) var projectCH4 = ExactSum()
        public private(set) var unprovenCH4 = ExactSum()
        public private(set) var undeterminedCH4 = ExactSum()
        /// N applied [kg N] and N2O [kg N2O]: baseline, project, deducted.
        public private(set) var nitrogen = ExactSum()
        public private(set) var n2oBaseline = ExactSum()
        public private(set) var n2oProject = ExactSum()
        public private(set) var n2oDeduction = ExactSum()
        /// Area [ha] of the counted seasons, and of the seasons of ineligible fields.
        public private(set) var area = ExactSum()
        public private(set) var ineligibleArea = ExactSum()
        public private(set) var undeterminedArea = ExactSum()
        public private(set) var seasons = 0
        /// Fields with a counted season in the period, and ineligible fields with a season in it.
        public fileprivate(set) var fields = 0
        public fileprivate(set) var ineligibleFields = 0
        public private(set) var eventsCounted = 0
        public private(set) var eventsNotCounted = 0
        /// Seasons whose regime could not be read, and those of them left out.
        public private(set) var undeterminedSeasons = 0
        public private(set) var excludedSeasons = 0

        public var areaHa: Double { area.value }

        mutating func add(_ s: CreditingSeason) {
            if s.status == .ineligible {
                ineligibleArea.add(s.areaHa)
                return
            }
            if s.status != .credited {
                undeterminedSeasons += 1
                undeterminedArea.add(s.areaHa)
                undeterminedCH4.add(s.undeterminedCH4Kg)
            }
            guard s.counts else {
                excludedSeasons += 1
                return
            }
            for (c, w) in s.baselineWeights { baselineWeights.add(c, haDays: w) }
            for (c, w) in s.projectWeights { projectWeights.add(c, haDays: w) }
            baselineCH4.add(s.baselineCH4Kg)
            projectCH4.add(s.projectCH4Kg)
            unprovenCH4.add(s.unprovenCH4Kg)
            nitrogen.add(s.nitrogenKg ?? 0)
            n2oBaseline.add(s.n2oBaselineKg)
            n2oProject.add(s.n2oProjectKg)
            n2oDeduction.add(s.n2oDeductionKg)
            area.add(s.areaHa)
            seasons += 1
            eventsCounted += s.eventsCounted
            eventsNotCounted += s.eventsNotCounted
        }

        mutating func merge(_ o: Period) {
            baselineWeights.add(o.baselineWeights)
            projectWeights.add(o.projectWeights)
            for (a, b) in [(\Period.baselineCH4, o.baselineCH4), (\.projectCH4, o.projectCH4), (\.unprovenCH4, o.unprovenCH4),
                           (\.undeterminedCH4, o.undeterminedCH4), (\.nitrogen, o.nitrogen), (\.n2oBaseline, o.n2oBaseline),
                           (\.n2oProject, o.n2oProject), (\.n2oDeduction, o.n2oDeduction), (\.area, o.area),
                           (\.ineligibleArea, o.ineligibleArea), (\.undeterminedArea, o.undeterminedArea)] as [(WritableKeyPath<Period, ExactSum>, ExactSum)] {
                self[keyPath: a].add(b)
            }
            seasons += o.seasons
            fields += o.fields
            ineligibleFields += o.ineligibleFields
            eventsCounted += o.eventsCounted
            eventsNotCounted += o.eventsNotCounted
            undeterminedSeasons += o.undeterminedSeasons
            excludedSeasons += o.excludedSeasons
        }
    }

    public let periods: MonitoringPeriods
    /// Entries by period index (see `MonitoringPeriods.index(ofDay:)`).
    public private(set) var entries: [Int: Period] = [:]

    public init(periods: MonitoringPeriods) { self.periods = periods }

    /// A field's project seasons, each in the period of its last day; the field counts once in
    /// each period where it has a counted season (or, ineligible, any season).
    public mutating func add(_ field: CreditingField) {
        var counted = Set<Int>(), ineligible = Set<Int>()
        for s in field.seasons {
            entries[s.period, default: Period()].add(s)
            if s.status == .ineligible { ineligible.insert(s.period) } else if s.counts { counted.insert(s.period) }
        }
        for p in counted { entries[p]!.fields += 1 }
        for p in ineligible { entries[p]!.ineligibleFields += 1 }
    }

    /// Adds the ledger of a disjoint set of paddies (same periods).
    public mutating func merge(_ other: CreditingLedger) {
        for (k, v) in other.entries { entries[k, default: Period()].merge(v) }
    }
}

/// A scenario run's accounting: one ledger per scenario (index 0 the baseline) and, when a
/// crediting view is asked for, the crediting ledger of the fields under the rule set.
public struct ScenarioAccounting: Sendable, Equatable, Codable {
    public private(set) var ledgers: [ScenarioLedger]
    public private(set) var crediting: CreditingLedger?

    /// - Parameters:
    ///   - scenarios: the scenarios besides the baseline.
    ///   - crediting: the monitoring periods of the crediting view, if any.
    public init(scenarios: Int, crediting: MonitoringPeriods? = nil) {
        ledgers = Array(repeating: ScenarioLedger(), count: scenarios + 1)
        self.crediting = crediting.map { CreditingLedger(periods: $0) }
    }

    /// A paddy's baseline seasons, its seasons under each scenario (`scenarios[s]` is ledger
    /// s + 1) and, with a crediting view, the field under the rule set.
    public mutating func add(baseline: [PaddySeasonResult], scenarios: [[ScenarioSeasonResult]], crediting field: CreditingField? = nil) {
        for r in baseline { ledgers[0].addObserved(r) }
        for (s, results) in scenarios.enumerated() {
            for x in results { ledgers[s + 1].addScenario(x) }
        }
        if let field { crediting?.add(field) }
    }

    /// Adds the accounting of a disjoint set of paddies.
    public mutating func merge(_ other: ScenarioAccounting) {
        precondition(ledgers.count == other.ledgers.count && (crediting == nil) == (other.crediting == nil))
        for i in ledgers.indices { ledgers[i].merge(other.ledgers[i]) }
        if let o = other.crediting { crediting?.merge(o) }
    }
}

extension MonitoringPeriods: Equatable {
    public static func == (a: MonitoringPeriods, b: MonitoringPeriods) -> Bool {
        a.start == b.start && a.months == b.months && a.calendar == b.calendar
    }
}
