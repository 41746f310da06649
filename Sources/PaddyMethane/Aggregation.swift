/// Rows of the UNFCCC reporting table for rice cultivation (CRT 3.C), and which water regimes
/// fall in each. Deep water splits at a mean season depth of 100 cm. The table's codes and
/// labels are the reports' (`CRTTable3C` in PaddyMethaneIO).
public enum CRTRow: Int, Sendable, CaseIterable {
    case continuouslyFlooded, singleAeration, multipleAeration, irrigatedNotDisaggregated
    case floodProne, droughtProne, rainfedNotDisaggregated
    case deepWater50to100, deepWaterOver100, upland

    public init(_ a: SeasonWaterAssessment) {
        switch a.regime {
        case .continuously_flooded: self = .continuouslyFlooded
        case .single_drainage: self = .singleAeration
        case .multiple_drainage: self = .multipleAeration
        case .irrigated_undetermined: self = .irrigatedNotDisaggregated
        case .rainfed_regular: self = .floodProne
        case .rainfed_drought_prone: self = .droughtProne
        case .rainfed_undetermined: self = .rainfedNotDisaggregated
        case .deep_water: self = a.meanLevelCm > 100 ? .deepWaterOver100 : .deepWater50to100
        case .upland: self = .upland
        }
    }
}

/// A sum independent of the order of its terms: each term is rounded to 10⁻⁹ of its unit and
/// added as an integer, so that totals are identical for any thread count, block size or split
/// of a run into shards.
public struct ExactSum: Sendable, Hashable {
    /// The sum in units of 10⁻⁹.
    public private(set) var nanos: Int128 = 0

    public init() {}

    public init(nanos: Int128) { self.nanos = nanos }

    @inline(__always)
    public mutating func add(_ x: Double) { nanos += Int128((x * 1e9).rounded()) }

    public mutating func add(_ other: ExactSum) { nanos += other.nanos }

    public var value: Double { Double(nanos) / 1e9 }
}

/// Running sums over paddy-seasons (exact: see `ExactSum`).
public struct EmissionTotals: Sendable, Equatable {
    public var seasons = 0
    public private(set) var area = ExactSum()
    /// Σ amendment rate × area [t].
    public private(set) var amendment = ExactSum()
    public private(set) var ch4 = ExactSum()
    public private(set) var co2e = ExactSum()

    public init() {}

    public init(seasons: Int, area: ExactSum, amendment: ExactSum, ch4: ExactSum, co2e: ExactSum) {
        self.seasons = seasons
        self.area = area
        self.amendment = amendment
        self.ch4 = ch4
        self.co2e = co2e
    }

    /// Harvested area [ha] (each season counts).
    public var areaHa: Double { area.value }
    /// Σ amendment rate × area [t].
    public var amendmentT: Double { amendment.value }
    public var ch4Kg: Double { ch4.value }
    public var co2eT: Double { co2e.value }

    public mutating func add(_ r: PaddySeasonResult) {
        add(areaHa: r.areaHa, amendmentT: r.amendmentRateTPerHa * r.areaHa, ch4Kg: r.ch4Kg, co2eT: r.co2eT)
    }

    public mutating func add(areaHa a: Double, amendmentT m: Double, ch4Kg c: Double, co2eT e: Double) {
        seasons += 1
        area.add(a)
        amendment.add(m)
        ch4.add(c)
        co2e.add(e)
    }

    public mutating func add(_ t: EmissionTotals) {
        seasons += t.seasons
        area.add(t.area)
        amendment.add(t.amendment)
        ch4.add(t.ch4)
        co2e.add(t.co2e)
    }

    /// CH4 per harvested hectare [kg ha⁻¹]; 0 for no area.
    public var ch4KgPerHa: Double { areaHa > 0 ? ch4Kg / areaHa : 0 }
    /// Area-weighted organic amendment rate [t ha⁻¹].
    public var amendmentTPerHa: Double { areaHa > 0 ? amendmentT / areaHa : 0 }
}

/// Totals by region and by CRT row.
public struct InventoryAggregate: Sendable {
    public private(set) var byRegion: [String: EmissionTotals] = [:]
    public private(set) var byCRT: [CRTRow: EmissionTotals] = [:]
    public private(set) var total = EmissionTotals()
    /// Σ days × area per factor category and activity-data error sources, by year of the season
    /// end and CRT row (the Monte Carlo and Approach 1 with activity-data uncertainty).
    public private(set) var uncertaintyByYear: [Int: [CRTRow: UncertaintyWeights]] = [:]
    /// Σ days × area per IPCC factor category, by region (the regions' Monte Carlo intervals).
    public private(set) var weightsByRegion: [String: UncertaintyWeights] = [:]

    public init() {}

    public init(byRegion: [String: EmissionTotals], byCRT: [CRTRow: EmissionTotals], uncertaintyByYear: [Int: [CRTRow: UncertaintyWeights]],
                weightsByRegion: [String: UncertaintyWeights] = [:]) {
        self.byRegion = byRegion
        self.byCRT = byCRT
        self.uncertaintyByYear = uncertaintyByYear
        self.weightsByRegion = weightsByRegion
        for t in byCRT.values { total.add(t) }
    }

    /// The uncertainty weights of every year by CRT row, or of `year` only.
    public func uncertaintyWeights(year: Int? = nil) -> [CRTRow: UncertaintyWeights] {
        var out: [CRTRow: UncertaintyWeights] = [:]
        for (y, rows) in uncertaintyByYear where year == nil || y == year {
            for (row, w) in rows { out[row, default: UncertaintyWeights()].add(w) }
        }
        return out
    }

    /// The region label used for paddies without one.
    public static let noRegion = "(none)"

    public mutating func add(_ r: PaddySeasonResult) {
        byRegion[r.region ?? Self.noRegion, default: EmissionTotals()].add(r)
        byCRT[CRTRow(r.assessment), default: EmissionTotals()].add(r)
        uncertaintyByYear[r.seasonEndYear, default: [:]][CRTRow(r.assessment), default: UncertaintyWeights()].add(r)
        weightsByRegion[r.region ?? Self.noRegion, default: UncertaintyWeights()].add(r)
        total.add(r)
    }

    /// Adds another aggregate (of a disjoint set of paddies).
    public mutating func add(_ other: InventoryAggregate) {
        for (k, v) in other.byRegion { byRegion[k, default: EmissionTotals()].add(v) }
        for (k, v) in other.byCRT { byCRT[k, default: EmissionTotals()].add(v) }
        for (y, rows) in other.uncertaintyByYear {
            for (k, v) in rows { uncertaintyByYear[y, default: [:]][k, default: UncertaintyWeights()].add(v) }
        }
        for (k, v) in other.weightsByRegion { weightsByRegion[k, default: UncertaintyWeights()].add(v) }
        total.add(other.total)
    }
}
