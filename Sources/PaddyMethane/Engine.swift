/// Global warming potential of CH4 over 100 years, by IPCC assessment report (`models/gwp.yaml`).
public struct GWP: Sendable, Equatable, Codable {
    public var id: String
    public var value: Double
    public var source: String

    public init(id: String, value: Double, source: String) {
        self.id = id
        self.value = value
        self.source = source
    }
}

/// Everything a run needs besides the paddies.
public struct RunConfiguration: Sendable {
    /// IPCC parameters: the emission factors of the IPCC model; their id is the `parameter_set`
    /// column of every result.
    public var parameters: ParameterSet
    public var detection: DetectionSettings
    public var drainageRule: DrainageRule
    public var gwp: GWP
    /// IPCC region for EF_c (a key of Table 5.11); nil uses the paddy's region if listed, else global.
    public var ipccRegion: String?
    /// Organic amendments for paddies whose input gives none, by region; key "*" for all others.
    public var amendmentsByRegion: [String: [OrganicAmendment]]
    /// Cultivation periods for paddies whose input gives none, by region; key "*" for all others.
    /// Where neither gives any, seasons are detected from the series.
    public var seasonsByRegion: [String: [MonthDayWindow]] = [:]
    /// Water supply for paddies whose input declares none, by region; key "*" for all others.
    public var waterSupplyByRegion: [String: WaterSupply] = [:]
    /// Activity-data uncertainty (95 % half-widths [%] of area and season length) by region; key
    /// "*" for all others. Each region's figures of each year are one error source.
    public var activityUncertaintyByRegion: [String: ActivityUncertaintyPercent] = [:]
    /// Named seasons by harvest month for the region × season summaries; nil: by harvest month.
    public var seasonCalendar: SeasonCalendar? = nil
    /// Nitrogen applied per season [kg N ha⁻¹] for paddies whose input gives none, by region;
    /// key "*" for all others.
    public var nitrogenRateByRegion: [String: Double] = [:]

    public init(parameters: ParameterSet, detection: DetectionSettings, drainageRule: DrainageRule, gwp: GWP,
                ipccRegion: String? = nil, amendmentsByRegion: [String: [OrganicAmendment]] = [:]) {
        self.parameters = parameters
        self.detection = detection
        self.drainageRule = drainageRule
        self.gwp = gwp
        self.ipccRegion = ipccRegion
        self.amendmentsByRegion = amendmentsByRegion
    }

    /// The configured cultivation periods of `paddy`'s region inside its series.
    public func configuredSeasons(for paddy: Paddy) -> [SeasonWindow] {
        let windows = paddy.region.flatMap { seasonsByRegion[$0] } ?? seasonsByRegion["*"] ?? []
        return windows.flatMap { $0.windows(in: paddy.water) }.sorted { $0.firstDay < $1.firstDay }
    }

    /// The declared water supply of `paddy`: its own, else its region's, else the default; nil if none.
    public func waterSupply(for paddy: Paddy) -> WaterSupply? {
        paddy.waterSupply ?? paddy.region.flatMap { waterSupplyByRegion[$0] } ?? waterSupplyByRegion["*"]
    }

    /// The activity-data error sources of a season of `region` ending in `year`: the region's
    /// entry, else the "*" entry, as the sources `region R YYYY`; none when neither is given.
    public func activityUncertainty(region: String?, year: Int) -> ActivityUncertainty {
        guard let p = region.flatMap({ activityUncertaintyByRegion[$0] }) ?? activityUncertaintyByRegion["*"] else { return .none }
        return ActivityUncertainty(scope: "region \(region ?? InventoryAggregate.noRegion) \(year)", areaPct: p.areaPct, seasonLengthPct: p.seasonLengthPct)
    }

    /// The nitrogen rate of `paddy` [kg N ha⁻¹]: its own, else its region's, else the default; nil if none.
    public func nitrogenRate(for paddy: Paddy) -> Double? {
        paddy.nitrogenRateKgPerHa ?? paddy.region.flatMap { nitrogenRateByRegion[$0] } ?? nitrogenRateByRegion["*"]
    }

    /// The amendments that apply to `paddy`: its own, else its region's, else the default.
    public func amendments(for paddy: Paddy) -> [OrganicAmendment] {
        paddy.amendments ?? paddy.region.flatMap { amendmentsByRegion[$0] } ?? amendmentsByRegion["*"] ?? []
    }
}

/// Activity-data uncertainty of a region's figures: 95 % half-widths [%] of the harvested area
/// and of the season length; nil: not given.
public struct ActivityUncertaintyPercent: Sendable, Equatable, Codable {
    public var areaPct: Double?
    public var seasonLengthPct: Double?

    public init(areaPct: Double?, seasonLengthPct: Double?) {
        self.areaPct = areaPct
        self.seasonLengthPct = seasonLengthPct
    }
}

/// One row of the paddy-season report.
public struct PaddySeasonResult: Sendable {
    public var paddyIndex: Int
    public var paddyID: String
    public var region: String?
    public var calendar: CFCalendar
    public var areaHa: Double
    public var assessment: SeasonWaterAssessment
    public var amendments: [OrganicAmendment]
    /// The IPCC scaling factors, when the model applied them (nil for the process model).
    public var factors: EmissionFactors?
    /// CH4 emitted over the season [kg].
    public var ch4Kg: Double
    /// CH4 per hectare and day [kg ha⁻¹ d⁻¹]: EF_i for IPCC methods, implied for the process model.
    public var efKgPerHaPerDay: Double
    /// Daily emission [g CH4 m⁻² d⁻¹] over the season (process model, when recorded).
    public var dailyFluxGPerM2: [Float]?
    /// CO2-equivalent [t] with the run's GWP.
    public var co2eT: Double
    public var method: String
    public var parameterSetID: String
    /// Where the process model's soil temperature came from ("not used" for IPCC methods).
    public var temperatureSource: String
    /// The independent sources of error of its area and season length (none when not given).
    public var activityUncertainty: ActivityUncertainty = .none
    /// The paddy's free attributes (`Paddy.attributes`).
    public var attributes: [String: String] = [:]
    /// Grain yield [t ha⁻¹] given in the input; nil when not known (a model default is not a yield).
    public var grainYieldTPerHa: Double? = nil

    public var days: Int { assessment.window.days }
    /// The year of the season's end (harvest), the inventory year it belongs to.
    public var seasonEndYear: Int { calendar.date(ofDay: assessment.window.lastDay).year }
    /// Total organic amendment rate [t ha⁻¹].
    public var amendmentRateTPerHa: Double { amendments.reduce(0) { $0 + $1.rateTPerHa } }
}

/// A paddy, or one of its seasons, left out of the results, and why.
public struct Rejection: Sendable, Equatable {
    public var paddyIndex: Int
    public var paddyID: String
    /// The season concerned, when the problem is with one season only.
    public var season: SeasonWindow?
    public var reason: String

    public init(paddyIndex: Int, paddyID: String, season: SeasonWindow? = nil, reason: String) {
        self.paddyIndex = paddyIndex
        self.paddyID = paddyID
        self.season = season
        self.reason = reason
    }
}

/// A rejected season is thrown by `SeasonEngine.result` when the model's check fails.
extension Rejection: Error, CustomStringConvertible {
    public var description: String { "paddy '\(paddyID)' (index \(paddyIndex)): \(reason)" }
}

/// What one paddy yields: its season rows and anything rejected.
public struct PaddyOutcome: Sendable {
    public var results: [PaddySeasonResult]
    public var rejections: [Rejection]
    /// Seasons harvested outside the inventory year (`InventoryYear.scope`): neither results nor rejections.
    public var outOfScope: [OutOfScopeSeason]

    public init(results: [PaddySeasonResult] = [], rejections: [Rejection] = [], outOfScope: [OutOfScopeSeason] = []) {
        self.results = results
        self.rejections = rejections
        self.outOfScope = outOfScope
    }
}
