/// A cultivation period, inclusive day numbers in the series' calendar.
public struct SeasonWindow: Sendable, Equatable {
    public var firstDay: Int
    public var lastDay: Int

    public init(firstDay: Int, lastDay: Int) {
        self.firstDay = firstDay
        self.lastDay = lastDay
    }

    /// Cultivation period t [days] of IPCC Eq. 5.1 (inclusive count).
    public var days: Int { lastDay - firstDay + 1 }
    public var range: ClosedRange<Int> { firstDay...lastDay }
}

/// One paddy as read from the input: identity, metadata and its daily water series.
public struct Paddy: Sendable {
    /// Position in the input file (0-based), kept for ordering and error messages.
    public var index: Int
    public var id: String
    public var region: String?
    /// Declared water supply; nil means not given (irrigated is assumed, upland if it never floods).
    public var waterSupply: WaterSupply?
    public var areaHa: Double
    public var latitude: Double?
    public var longitude: Double?
    /// Season windows given in the input; empty means detect them from the series.
    public var seasons: [SeasonWindow]
    /// Organic amendments given in the input; nil means not given (the run's defaults apply).
    public var amendments: [OrganicAmendment]?
    /// Grain yield [t ha⁻¹] and soil sand fraction [0–1] for the process model; nil: defaults.
    public var grainYieldTPerHa: Double?
    public var sandFraction: Double?
    public var water: DailyWaterSeries

    public init(index: Int, id: String, region: String? = nil, waterSupply: WaterSupply? = nil, areaHa: Double,
                latitude: Double? = nil, longitude: Double? = nil, seasons: [SeasonWindow] = [],
                amendments: [OrganicAmendment]? = nil, grainYieldTPerHa: Double? = nil, sandFraction: Double? = nil,
                water: DailyWaterSeries) {
        self.index = index
        self.id = id
        self.region = region
        self.waterSupply = waterSupply
        self.areaHa = areaHa
        self.latitude = latitude
        self.longitude = longitude
        self.seasons = seasons
        self.amendments = amendments
        self.grainYieldTPerHa = grainYieldTPerHa
        self.sandFraction = sandFraction
        self.water = water
    }
}
