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

/// How a paddy-season's CH4 is computed.
public enum EmissionMethod: Sendable {
    /// IPCC Tier 1 or Tier 2 emission factors (the parameter set says which).
    case ipcc
    /// The CH4MOD daily process model, with monthly air temperatures from `climate`.
    case process(CH4MOD, climate: CH4MODParameters.Climatology, climateName: String)
}

/// Everything a run needs besides the paddies.
public struct RunConfiguration: Sendable {
    public var method: EmissionMethod = .ipcc
    /// Keep the process model's daily emission in each result (for daily output).
    public var recordDaily = false
    /// IPCC parameters: the emission factors for `.ipcc`, the reference factors shown beside
    /// process-model results.
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

    /// The amendments that apply to `paddy`: its own, else its region's, else the default.
    public func amendments(for paddy: Paddy) -> [OrganicAmendment] {
        paddy.amendments ?? paddy.region.flatMap { amendmentsByRegion[$0] } ?? amendmentsByRegion["*"] ?? []
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
    public var factors: EmissionFactors
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

    public var days: Int { assessment.window.days }
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

/// What one paddy yields: its season rows and anything rejected.
public struct PaddyOutcome: Sendable {
    public var results: [PaddySeasonResult]
    public var rejections: [Rejection]

    public init(results: [PaddySeasonResult] = [], rejections: [Rejection] = []) {
        self.results = results
        self.rejections = rejections
    }
}

/// IPCC Tier 1 / Tier 2 emissions for one paddy, with the water categories read from its series.
public struct InventoryEngine: Sendable {
    public let configuration: RunConfiguration
    private let classifier: WaterRegimeClassifier

    public init(configuration: RunConfiguration) {
        self.configuration = configuration
        self.classifier = WaterRegimeClassifier(settings: configuration.detection, rule: configuration.drainageRule)
    }

    /// Seasons of `paddy` with their results, and what was rejected with the reason.
    ///
    /// Seasons come from the file, else the run configuration, else detection. A given season
    /// outside the series or shorter than `min_season_days` is rejected; so is a season with no
    /// flooding seen unless upland rice is declared (file or configuration). Upland seasons are
    /// never detected (a field that never floods shows no season), only given. Each season's
    /// pre-season is read from the fallow after the paddy's previous accepted season.
    public func evaluate(_ paddy: Paddy) -> PaddyOutcome {
        var outcome = PaddyOutcome()
        func reject(_ reason: String, _ season: SeasonWindow? = nil) {
            outcome.rejections.append(Rejection(paddyIndex: paddy.index, paddyID: paddy.id, season: season, reason: reason))
        }
        if let problem = validate(paddy) { reject(problem); return outcome }
        let series = paddy.water
        let detection = configuration.detection
        let supply = configuration.waterSupply(for: paddy)
        var seasons = (paddy.seasons.isEmpty ? configuration.configuredSeasons(for: paddy) : paddy.seasons).sorted { $0.firstDay < $1.firstDay }
        if seasons.isEmpty {
            guard supply != .upland else {
                reject("declared upland, but upland seasons cannot be read from a water series: give season_start/season_end in the file or seasons for the region in --config")
                return outcome
            }
            let detected = detection.detectSeasons(in: series)
            seasons = detected.seasons
            for s in detected.skipped { reject(s.reason, s.window) }
            if seasons.isEmpty && outcome.rejections.isEmpty {
                let floodedDays = series.levelCm.indices.count { series.quality[$0] != .missing && Double(series.levelCm[$0]) >= detection.floodedMinCm }
                reject(floodedDays == 0 ? Self.noFloodingReason
                       : "no rice season found in the water series: \(floodedDays) flooded days, never \(detection.onsetMinDays) in a row")
            }
        }
        let cal = series.calendar
        var previous: SeasonWindow? = nil
        for window in seasons {
            let dates = "\(cal.date(ofDay: window.firstDay))…\(cal.date(ofDay: window.lastDay))"
            guard window.firstDay >= series.firstDay, window.lastDay < series.endDay, window.days >= 1 else {
                reject("season \(dates) is outside the water series", window)
                continue
            }
            guard window.days >= detection.minSeasonDays else {
                reject("season \(dates) is \(window.days) days, shorter than the \(detection.minSeasonDays)-day minimum season (min_season_days)", window)
                continue
            }
            if supply != .upland && classifier.noFloodingSeen(series, window: window) {
                reject(Self.noFloodingReason, window)
                continue
            }
            outcome.results.append(result(paddy, window, previousSeason: previous))
            previous = window
        }
        return outcome
    }

    static let noFloodingReason = "no flooding seen: not a flooded rice season; declare water_supply = upland for upland rice"

    /// Computes one paddy-season; `previousSeason` is the paddy's season before it, if any.
    public func result(_ paddy: Paddy, _ window: SeasonWindow, previousSeason: SeasonWindow?) -> PaddySeasonResult {
        let p = configuration.parameters
        let assessment = classifier.assess(paddy.water, window: window, declared: configuration.waterSupply(for: paddy),
                                           previousSeason: previousSeason)
        let amendments = configuration.amendments(for: paddy)
        let factors = p.factors(for: assessment, region: paddy.region, ipccRegion: configuration.ipccRegion, amendments: amendments)
        var ch4 = seasonEmissionKg(efKgPerHaPerDay: factors.adjustedEF, days: window.days, areaHa: paddy.areaHa)
        var ef = factors.adjustedEF
        var method = p.tier
        var daily: [Float]? = nil
        var temperatureSource = "not used"
        if case .process(let model, let climate, let climateName) = configuration.method {
            let series = paddy.water
            let idx = series.indices(of: window.range)
            let site = CH4MODSite(grainYieldTPerHa: paddy.grainYieldTPerHa ?? model.parameters.defaults.grain_yield_t_ha.value,
                                  sandFraction: paddy.sandFraction ?? model.parameters.defaults.sand_fraction.value,
                                  amendments: amendments)
            let calendar = series.calendar
            let input = paddy.temperature
            let season = model.simulate(levelsCm: series.levelCm[idx], soilTemperatureC: { i in
                let day = window.firstDay + i
                switch input.flatMap({ t in t.value(onDay: day).map { (t.kind, $0) } }) {
                case (.soil, let c)?: return c
                case (.air, let c)?: return model.soilTemperature(airC: c)
                case nil: return model.soilTemperature(airC: climate.monthly_air_c[calendar.date(ofDay: day).month - 1])
                }
            }, site: site, recordDaily: configuration.recordDaily)
            temperatureSource = input.map { "input \($0.kind.rawValue), else climatology \(climateName)" } ?? "climatology \(climateName)"
            // g CH4 m⁻² × 10 = kg CH4 ha⁻¹.
            ch4 = season.emission * 10 * paddy.areaHa
            ef = season.emission * 10 / Double(window.days)
            method = "process-ch4mod"
            daily = season.daily
        }
        return PaddySeasonResult(
            paddyIndex: paddy.index, paddyID: paddy.id, region: paddy.region, calendar: paddy.water.calendar,
            areaHa: paddy.areaHa, assessment: assessment, amendments: amendments, factors: factors,
            ch4Kg: ch4, efKgPerHaPerDay: ef, dailyFluxGPerM2: daily, co2eT: ch4 * configuration.gwp.value / 1000,
            method: method, parameterSetID: p.id, temperatureSource: temperatureSource)
    }

    /// A paddy-level problem that makes every season meaningless, or nil.
    private func validate(_ paddy: Paddy) -> String? {
        let limits = configuration.detection
        guard paddy.areaHa.isFinite, paddy.areaHa > 0 else { return "area \(paddy.areaHa) ha is not a positive number" }
        guard paddy.areaHa <= limits.maxAreaHa else { return "area \(paddy.areaHa) ha is beyond the \(limits.maxAreaHa) ha plausible for one paddy" }
        if let a = configuration.amendments(for: paddy).first(where: { !($0.rateTPerHa.isFinite && $0.rateTPerHa >= 0 && $0.rateTPerHa <= limits.maxAmendmentTPerHa) }) {
            return "organic amendment \(a.type.rawValue) at \(a.rateTPerHa) t/ha is beyond the 0–\(limits.maxAmendmentTPerHa) t/ha plausible"
        }
        let s = paddy.water
        guard s.quality.contains(where: { $0 != .missing }) else { return "no valid water level observation" }
        let limit = limits.maxAbsLevelCm
        if let i = s.levelCm.indices.first(where: { s.quality[$0] == .observed && abs(Double(s.levelCm[$0])) > limit }) {
            return "water level \(s.levelCm[i]) cm on \(s.calendar.date(ofDay: s.firstDay + i)) is beyond ±\(limit) cm"
        }
        return nil
    }
}
