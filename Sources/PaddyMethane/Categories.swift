/// How a paddy gets its water (IPCC 2019 Vol. 4 Ch. 5, Table 5.12 ecosystems).
public enum WaterSupply: String, Sendable, CaseIterable, Codable {
    case irrigated, rainfed, deepwater, upland

    /// Accepts the tokens and common spellings (`deep water`, `deep_water`, `rain-fed`).
    public init?(token: String) {
        let t = token.lowercased().filter { $0.isLetter }
        switch t {
        case "irrigated": self = .irrigated
        case "rainfed": self = .rainfed
        case "deepwater": self = .deepwater
        case "upland": self = .upland
        default: return nil
        }
    }
}

/// Water regime during cultivation, the categories of IPCC 2019 Table 5.12 (disaggregated case),
/// plus the two aggregated cases used when the series cannot show the regime.
public enum WaterRegime: String, Sendable, CaseIterable, Codable {
    case continuously_flooded, single_drainage, multiple_drainage
    case rainfed_regular, rainfed_drought_prone, deep_water, upland
    /// Irrigated, regime not determinable from the data: Table 5.12 aggregated case.
    case irrigated_undetermined
    /// Rainfed or deep water, regime not determinable from the data: Table 5.12 aggregated case.
    case rainfed_undetermined

    /// `regimes` once each, in the order of the cases (a list that reads the same on every run).
    public static func inCaseOrder(_ regimes: some Sequence<WaterRegime>) -> [WaterRegime] {
        let given = Set(regimes)
        return allCases.filter(given.contains)
    }
}

/// Water regime before the season, IPCC 2019 Table 5.13.
public enum PreSeasonStatus: String, Sendable, CaseIterable, Codable {
    case not_flooded_lt_180d, not_flooded_gt_180d, not_flooded_gt_365d, flooded_gt_30d
    /// Status not known (the series does not show the fallow): Table 5.13 aggregated case.
    case unknown
}

/// Organic amendment types of IPCC 2019 Table 5.14.
public enum AmendmentType: String, Sendable, CaseIterable, Codable {
    /// Straw incorporated shortly (< 30 days) before cultivation.
    case straw_short
    /// Straw incorporated long (> 30 days) before cultivation.
    case straw_long
    case compost, farmyard_manure, green_manure

    public init?(token: String) {
        self.init(rawValue: String(token.lowercased().map { $0 == "-" || $0 == " " ? "_" : $0 }))
    }
}

/// The weight an amendment rate is given in: IPCC 2019 Eq. 5.3 (as 2006 Eq. 5.3) takes ROA_i
/// "in dry weight for straw and fresh weight for others", so rates of different bases are never
/// added or averaged together.
public enum AmendmentBasis: String, Sendable, Codable {
    case dry, fresh
}

extension AmendmentType {
    /// The weight basis of this amendment's rate (Eq. 5.3: dry for straw, fresh for the others).
    public var basis: AmendmentBasis {
        switch self {
        case .straw_short, .straw_long: .dry
        case .compost, .farmyard_manure, .green_manure: .fresh
        }
    }
}

/// One organic amendment: type and rate [t ha⁻¹; dry weight for straw, fresh weight otherwise].
public struct OrganicAmendment: Sendable, Equatable, Codable {
    public var type: AmendmentType
    public var rateTPerHa: Double

    public init(type: AmendmentType, rateTPerHa: Double) {
        self.type = type
        self.rateTPerHa = rateTPerHa
    }
}
