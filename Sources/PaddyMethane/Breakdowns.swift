/// Breakdowns of a run's totals that people ask for besides regions and CRT rows: by region and
/// season (named seasons of a calendar, or the harvest month), and by a paddy attribute such as
/// `treatment`. Each cell keeps its exact totals, the Monte Carlo weights of its seasons (so that
/// its 95 % interval comes from the same draws as the run's) and the grain of the seasons whose
/// yield is known (for the emission intensity). Mergeable across shards like the other ledgers.

/// Named seasons by harvest month: Cambodia's wet season harvested September to January and dry
/// season harvested February to August, say. Every month belongs to exactly one season.
public struct SeasonCalendar: Sendable, Equatable, Codable {
    /// The season's name for each harvest month (index 0 is January).
    public let nameByMonth: [String]

    /// - Parameter harvestMonths: season name → its harvest months (1–12).
    /// - Throws: a message naming the month that is missing, repeated or not a month.
    public init(harvestMonths: [String: [Int]]) throws(SeasonCalendarError) {
        var names = [String?](repeating: nil, count: 12)
        for name in harvestMonths.keys.sorted() {
            for m in harvestMonths[name]! {
                guard (1...12).contains(m) else { throw SeasonCalendarError("\(name): \(m) is not a month (1-12)") }
                if let other = names[m - 1] { throw SeasonCalendarError("month \(m) is in both \(other) and \(name)") }
                names[m - 1] = name
            }
        }
        if let missing = names.firstIndex(where: { $0 == nil }) {
            throw SeasonCalendarError("month \(missing + 1) is in no season: every harvest month needs one")
        }
        nameByMonth = names.map { $0! }
    }

    /// The season whose harvest falls in `month` (1–12).
    public func season(harvestMonth month: Int) -> String { nameByMonth[month - 1] }
}

/// A season calendar that does not give every month exactly one season.
public struct SeasonCalendarError: Error, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}

/// A region × season cell: the region, the harvest year and the season (the calendar's name, or
/// the harvest month `YYYY-MM` without a calendar).
public struct RegionSeasonKey: Hashable, Comparable, Sendable, Codable {
    public var region: String
    public var harvestYear: Int
    public var season: String

    /// The cell of a season harvested on `window`'s last day.
    public init(region: String?, window: SeasonWindow, calendar: CFCalendar, seasons: SeasonCalendar?) {
        let harvest = calendar.date(ofDay: window.lastDay)
        self.region = region ?? InventoryAggregate.noRegion
        harvestYear = harvest.year
        season = seasons?.season(harvestMonth: harvest.month) ?? String(harvest.description.prefix(7))
    }

    public static func < (a: Self, b: Self) -> Bool { (a.region, a.harvestYear, a.season) < (b.region, b.harvestYear, b.season) }
}

/// A paddy attribute and one of its values ("" for paddies that do not give it).
public struct AttributeValueKey: Hashable, Comparable, Sendable, Codable {
    public var attribute: String
    public var value: String

    public init(attribute: String, value: String) {
        self.attribute = attribute
        self.value = value
    }

    public static func < (a: Self, b: Self) -> Bool { (a.attribute, a.value) < (b.attribute, b.value) }
}

/// The sums of one breakdown cell.
public struct BreakdownCell: Sendable, Equatable, Codable {
    public private(set) var totals = EmissionTotals()
    /// Σ days × area [ha d] per IPCC factor category and activity-data error sources (the Monte
    /// Carlo of the cell: the same sources as the totals', so that cells and totals share draws).
    public private(set) var weights = UncertaintyWeights()
    /// Σ grain [t] (yield × area) and Σ CO2e [t] of the seasons whose grain yield is known.
    public private(set) var grain = ExactSum()
    public private(set) var co2eWithGrain = ExactSum()

    public init() {}

    /// An observed paddy-season.
    public mutating func add(_ r: PaddySeasonResult) {
        totals.add(r)
        weights.add(r)
        addGrain(r, co2eT: r.co2eT)
    }

    /// A scenario paddy-season at its expected values (blended by adoption, as `ScenarioLedger`).
    public mutating func add(_ x: ScenarioSeasonResult) {
        let b = x.baseline
        totals.add(areaHa: b.areaHa, amendmentT: x.expectedAmendmentT, ch4Kg: x.expectedCH4Kg, co2eT: x.expectedCO2eT)
        weights.add(x)
        addGrain(b, co2eT: x.expectedCO2eT)
    }

    private mutating func addGrain(_ r: PaddySeasonResult, co2eT: Double) {
        guard let y = r.grainYieldTPerHa, y > 0 else { return }
        grain.add(y * r.areaHa)
        co2eWithGrain.add(co2eT)
    }

    public mutating func merge(_ o: BreakdownCell) {
        totals.add(o.totals)
        weights.add(o.weights)
        grain.add(o.grain)
        co2eWithGrain.add(o.co2eWithGrain)
    }

    /// Grain [t] of the seasons whose yield is known.
    public var grainT: Double { grain.value }
    /// Emission intensity [kg CO2e per kg grain] = Σ CO2e / Σ grain over the seasons with a known
    /// yield (t per t); nil when no season of the cell has one.
    public var co2eKgPerKgGrain: Double? { grain.value > 0 ? co2eWithGrain.value / grain.value : nil }
}

/// The breakdowns of one ledger (a run, or one scenario of a scenario run).
public struct Breakdowns: Sendable, Equatable, Codable {
    public private(set) var byRegionSeason: [RegionSeasonKey: BreakdownCell] = [:]
    public private(set) var byAttribute: [AttributeValueKey: BreakdownCell] = [:]
    /// Σ rate × area [t] per CRT row and amendment type (observed seasons): each type keeps its
    /// own weight basis (`AmendmentType.basis`) in CRT Table 3.C.
    public private(set) var amendmentsByCRT: [CRTRow: [AmendmentType: ExactSum]] = [:]

    public init() {}

    /// An observed paddy-season, grouped by the attributes `groupBy`.
    public mutating func add(_ r: PaddySeasonResult, seasons: SeasonCalendar?, groupBy: [String]) {
        byRegionSeason[key(r, seasons), default: BreakdownCell()].add(r)
        for a in r.amendments { amendmentsByCRT[CRTRow(r.assessment), default: [:]][a.type, default: ExactSum()].add(a.rateTPerHa * r.areaHa) }
        for a in groupBy { byAttribute[AttributeValueKey(attribute: a, value: r.attributes[a] ?? ""), default: BreakdownCell()].add(r) }
    }

    /// A scenario paddy-season at its expected values.
    public mutating func add(_ x: ScenarioSeasonResult, seasons: SeasonCalendar?, groupBy: [String]) {
        byRegionSeason[key(x.baseline, seasons), default: BreakdownCell()].add(x)
        for a in groupBy { byAttribute[AttributeValueKey(attribute: a, value: x.baseline.attributes[a] ?? ""), default: BreakdownCell()].add(x) }
    }

    private func key(_ r: PaddySeasonResult, _ seasons: SeasonCalendar?) -> RegionSeasonKey {
        RegionSeasonKey(region: r.region, window: r.assessment.window, calendar: r.calendar, seasons: seasons)
    }

    // Encoded with the cells in a canonical order, so that a shard's state is the same bytes on every run.
    private enum CodingKeys: String, CodingKey { case byRegionSeason, byAttribute, amendmentsByCRT }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        byRegionSeason = try c.decode(CanonicalEntries<RegionSeasonKey, BreakdownCell>.self, forKey: .byRegionSeason).table
        byAttribute = try c.decode(CanonicalEntries<AttributeValueKey, BreakdownCell>.self, forKey: .byAttribute).table
        amendmentsByCRT = try c.decode([CRTRow: [AmendmentType: ExactSum]].self, forKey: .amendmentsByCRT)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(CanonicalEntries(byRegionSeason), forKey: .byRegionSeason)
        try c.encode(CanonicalEntries(byAttribute), forKey: .byAttribute)
        try c.encode(amendmentsByCRT, forKey: .amendmentsByCRT)
    }

    public mutating func merge(_ o: Breakdowns) {
        for (k, v) in o.byRegionSeason { byRegionSeason[k, default: BreakdownCell()].merge(v) }
        for (k, v) in o.byAttribute { byAttribute[k, default: BreakdownCell()].merge(v) }
        for (row, sums) in o.amendmentsByCRT {
            for (type, t) in sums { amendmentsByCRT[row, default: [:]][type, default: ExactSum()].add(t) }
        }
    }
}

extension ScenarioSeasonResult {
    /// Σ amendment rate × area [t], blended by the adoption fraction f.
    public var expectedAmendmentT: Double {
        let f = adoptionFraction
        return f * adopted.amendmentRateTPerHa * adopted.areaHa + (1 - f) * baseline.amendmentRateTPerHa * baseline.areaHa
    }

    /// The Monte Carlo weights [ha d] of the blend: the adopted share f under the scenario's
    /// category, the rest under the observed one.
    public var expectedWeights: [(FactorCategory, Double)] {
        let haDays = Double(baseline.days) * baseline.areaHa
        return [(FactorCategory(adopted), haDays * adoptionFraction), (FactorCategory(baseline), haDays * (1 - adoptionFraction))]
    }
}

extension PaddySeasonResult {
    /// Emission intensity [kg CO2e per kg grain] = CO2e / (yield × area), t per t; nil when the
    /// input gives no grain yield.
    public var co2eKgPerKgGrain: Double? {
        guard let y = grainYieldTPerHa, y > 0 else { return nil }
        return co2eT / (y * areaHa)
    }
}
