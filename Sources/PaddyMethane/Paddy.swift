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
    /// Declared water supply; nil means not given (irrigated is assumed; upland only where declared).
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
    /// Nitrogen applied per season [kg N ha⁻¹] (synthetic and organic), for the N2O of
    /// crediting; nil: not given (the run configuration's rate for the region, else none).
    public var nitrogenRateKgPerHa: Double?
    /// Daily soil or air temperature from the input, for the process model; nil: climatology.
    public var temperature: DailyTemperature?
    /// Free attributes of the paddy from its input (a plot sheet's `treatment`, `variety`, …), by
    /// name as written; empty when the input gives none. Carried into the reports, never interpreted.
    public var attributes: [String: String]
    public var water: DailyWaterSeries

    public init(index: Int, id: String, region: String? = nil, waterSupply: WaterSupply? = nil, areaHa: Double,
                latitude: Double? = nil, longitude: Double? = nil, seasons: [SeasonWindow] = [],
                amendments: [OrganicAmendment]? = nil, grainYieldTPerHa: Double? = nil, sandFraction: Double? = nil,
                nitrogenRateKgPerHa: Double? = nil, temperature: DailyTemperature? = nil, attributes: [String: String] = [:], water: DailyWaterSeries) {
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
        self.nitrogenRateKgPerHa = nitrogenRateKgPerHa
        self.temperature = temperature
        self.attributes = attributes
        self.water = water
    }
}

/// A recurring cultivation period given by month and day, e.g. 06-01 to 10-31; an end before the
/// start crosses the new year (a dry season from 12-01 to 03-31).
public struct MonthDayWindow: Sendable, Equatable {
    public var startMonth: Int, startDay: Int, endMonth: Int, endDay: Int

    /// Parses `MM-DD` pairs.
    public init?(start: String, end: String) {
        let a = start.split(separator: "-").compactMap { Int($0) }, b = end.split(separator: "-").compactMap { Int($0) }
        guard a.count == 2, b.count == 2, (1...12).contains(a[0]), (1...12).contains(b[0]), (1...31).contains(a[1]), (1...31).contains(b[1]) else { return nil }
        (startMonth, startDay, endMonth, endDay) = (a[0], a[1], b[0], b[1])
    }

    /// The windows of every year that lie wholly inside `series`.
    public func windows(in series: DailyWaterSeries) -> [SeasonWindow] {
        let cal = series.calendar
        let first = cal.date(ofDay: series.firstDay).year - 1, last = cal.date(ofDay: series.endDay - 1).year
        var out: [SeasonWindow] = []
        for year in first...last {
            let endYear = (endMonth, endDay) < (startMonth, startDay) ? year + 1 : year
            let s = CalendarDate(year: year, month: startMonth, day: min(startDay, cal.daysInMonth(startMonth, year: year)))
            let e = CalendarDate(year: endYear, month: endMonth, day: min(endDay, cal.daysInMonth(endMonth, year: endYear)))
            let w = SeasonWindow(firstDay: cal.dayNumber(s), lastDay: cal.dayNumber(e))
            if w.firstDay >= series.firstDay && w.lastDay < series.endDay { out.append(w) }
        }
        return out
    }
}
