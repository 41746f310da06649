/// Rows of the UNFCCC reporting table for rice cultivation (CRT 3.C), and which water regimes
/// fall in each. Deep water splits at a mean season depth of 100 cm.
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

    /// CRT category code (3.C.1 to 3.C.4).
    public var code: String {
        switch self {
        case .continuouslyFlooded, .singleAeration, .multipleAeration, .irrigatedNotDisaggregated: "3.C.1"
        case .floodProne, .droughtProne, .rainfedNotDisaggregated: "3.C.2"
        case .deepWater50to100, .deepWaterOver100: "3.C.3"
        case .upland: "3.C.4"
        }
    }

    public var label: String {
        switch self {
        case .continuouslyFlooded: "Irrigated: continuously flooded"
        case .singleAeration: "Irrigated: intermittently flooded, single aeration"
        case .multipleAeration: "Irrigated: intermittently flooded, multiple aeration"
        case .irrigatedNotDisaggregated: "Irrigated: regime not determined (aggregated factor)"
        case .floodProne: "Rainfed: flood prone"
        case .droughtProne: "Rainfed: drought prone"
        case .rainfedNotDisaggregated: "Rainfed: regime not determined (aggregated factor)"
        case .deepWater50to100: "Deep water: water depth 50-100 cm"
        case .deepWaterOver100: "Deep water: water depth > 100 cm"
        case .upland: "Other: upland rice"
        }
    }
}

/// Running sums over paddy-seasons, in the order they are added (fixed order → identical totals).
public struct EmissionTotals: Sendable, Equatable {
    public var seasons = 0
    public var areaHa = 0.0
    /// Σ amendment rate × area [t].
    public var amendmentT = 0.0
    public var ch4Kg = 0.0
    public var co2eT = 0.0

    public init() {}

    public mutating func add(_ r: PaddySeasonResult) {
        add(areaHa: r.areaHa, amendmentT: r.amendmentRateTPerHa * r.areaHa, ch4Kg: r.ch4Kg, co2eT: r.co2eT)
    }

    public mutating func add(areaHa a: Double, amendmentT m: Double, ch4Kg c: Double, co2eT e: Double) {
        seasons += 1
        areaHa += a
        amendmentT += m
        ch4Kg += c
        co2eT += e
    }

    public mutating func add(_ t: EmissionTotals) {
        seasons += t.seasons
        areaHa += t.areaHa
        amendmentT += t.amendmentT
        ch4Kg += t.ch4Kg
        co2eT += t.co2eT
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

    public init() {}

    /// The region label used for paddies without one.
    public static let noRegion = "(none)"

    public mutating func add(_ r: PaddySeasonResult) {
        byRegion[r.region ?? Self.noRegion, default: EmissionTotals()].add(r)
        byCRT[CRTRow(r.assessment), default: EmissionTotals()].add(r)
        total.add(r)
    }
}
