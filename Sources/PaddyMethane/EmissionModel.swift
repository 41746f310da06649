/// One paddy-season as an emission model sees it: the paddy, its cultivation period, the water
/// categories read from its series and the organic amendments that apply.
public struct SeasonInput: Sendable {
    public var paddy: Paddy
    public var window: SeasonWindow
    public var assessment: SeasonWaterAssessment
    public var amendments: [OrganicAmendment]

    public init(paddy: Paddy, window: SeasonWindow, assessment: SeasonWaterAssessment, amendments: [OrganicAmendment]) {
        self.paddy = paddy
        self.window = window
        self.assessment = assessment
        self.amendments = amendments
    }
}

/// What an emission model computes for one paddy-season: the shared columns (CH4, the implied
/// daily factor, the method) and its own diagnostics.
public struct SeasonEmission: Sendable {
    /// CH4 emitted over the season [kg].
    public var ch4Kg: Double
    /// CH4 per hectare and day [kg ha⁻¹ d⁻¹]: EF_i of Eq. 5.2 for IPCC models, implied otherwise.
    public var efKgPerHaPerDay: Double
    /// The method column (`tier1`, `tier2`, `process-ch4mod`).
    public var method: String
    /// IPCC scaling factors, for models that apply them (report columns `ReportColumns.ipccFactors`).
    public var factors: EmissionFactors?
    /// Where a soil temperature came from (report column `ReportColumns.temperatureSource`).
    public var temperatureSource: String?
    /// Daily emission [g CH4 m⁻² d⁻¹] over the season, when the model records it.
    public var dailyFluxGPerM2: [Float]?

    public init(ch4Kg: Double, efKgPerHaPerDay: Double, method: String, factors: EmissionFactors? = nil,
                temperatureSource: String? = nil, dailyFluxGPerM2: [Float]? = nil) {
        self.ch4Kg = ch4Kg
        self.efKgPerHaPerDay = efKgPerHaPerDay
        self.method = method
        self.factors = factors
        self.temperatureSource = temperatureSource
        self.dailyFluxGPerM2 = dailyFluxGPerM2
    }
}

/// The model-specific columns of `paddy_seasons.csv` that a model fills; the others stay empty
/// (README, data dictionary).
public struct ReportColumns: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `sf_w`, `sf_p`, `sf_o`, `sf_sr`, `ef_c_kg_ha_day`, `ef_c_entry` (IPCC 2019 Eq. 5.2, 5.3).
    public static let ipccFactors = ReportColumns(rawValue: 1 << 0)
    /// `temperature_source` (`not used` when not filled).
    public static let temperatureSource = ReportColumns(rawValue: 1 << 1)
}

/// A check of a model's own computation that failed for one season (a mass balance that does
/// not close): the season is rejected with this reason.
public struct ModelCheckFailure: Error, Sendable, Equatable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}

/// A way of computing a paddy-season's CH4. The engine (`SeasonEngine`) finds the seasons and
/// reads their water categories; the model turns one season into CH4. Adding a model is one
/// conforming type and one entry of `MethodRegistry`.
public protocol EmissionModel: Sendable {
    /// The model-specific report columns this model fills.
    var reportColumns: ReportColumns { get }
    /// The parameter set whose factor draws reproduce this model's emission (the IPCC Monte
    /// Carlo and Approach 1), or nil when the model's emission does not come from those factors.
    var factorParameters: ParameterSet? { get }
    /// CH4 of one season; throws when one of the model's own checks fails.
    func emission(_ season: SeasonInput) throws(ModelCheckFailure) -> SeasonEmission
}

/// Finds a paddy's seasons, reads their water categories and computes each with `Model`
/// (statically dispatched: the per-season path is specialised for each model).
public struct SeasonEngine<Model: EmissionModel>: Sendable {
    public let configuration: RunConfiguration
    public let model: Model
    private let classifier: WaterRegimeClassifier

    public init(configuration: RunConfiguration, model: Model) {
        self.configuration = configuration
        self.model = model
        self.classifier = WaterRegimeClassifier(settings: configuration.detection, rule: configuration.drainageRule)
    }

    /// Seasons of `paddy` with their results, and what was rejected with the reason.
    ///
    /// Seasons come from the file, else the run configuration, else detection. A given season
    /// outside the series or shorter than `min_season_days` is rejected; so is a season with no
    /// flooding seen unless upland rice is declared (file or configuration), and a season whose
    /// model check fails. Upland seasons are never detected (a field that never floods shows no
    /// season), only given. Each season's pre-season is read from the fallow after the paddy's
    /// previous accepted season.
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
                reject(floodedDays == 0 ? InventoryEngine.noFloodingReason
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
                reject(InventoryEngine.noFloodingReason, window)
                continue
            }
            do {
                outcome.results.append(try result(paddy, window, previousSeason: previous))
                previous = window
            } catch {
                outcome.rejections.append(error)
            }
        }
        return outcome
    }

    /// Computes one paddy-season; `previousSeason` is the paddy's season before it, if any. A
    /// failed model check is a rejection of this season, naming the paddy and the season.
    public func result(_ paddy: Paddy, _ window: SeasonWindow, previousSeason: SeasonWindow?) throws(Rejection) -> PaddySeasonResult {
        let assessment = classifier.assess(paddy.water, window: window, declared: configuration.waterSupply(for: paddy),
                                           previousSeason: previousSeason)
        return try result(paddy, assessment: assessment)
    }

    /// Computes one paddy-season whose water categories are known (read off the series, or
    /// declared by activity data); a failed model check is a rejection of this season.
    public func result(_ paddy: Paddy, assessment: SeasonWaterAssessment) throws(Rejection) -> PaddySeasonResult {
        let window = assessment.window
        let amendments = configuration.amendments(for: paddy)
        let e: SeasonEmission
        do {
            e = try model.emission(SeasonInput(paddy: paddy, window: window, assessment: assessment, amendments: amendments))
        } catch {
            let cal = paddy.water.calendar
            throw Rejection(paddyIndex: paddy.index, paddyID: paddy.id, season: window,
                            reason: "season \(cal.date(ofDay: window.firstDay))…\(cal.date(ofDay: window.lastDay)): \(error.reason)")
        }
        return PaddySeasonResult(
            paddyIndex: paddy.index, paddyID: paddy.id, region: paddy.region, calendar: paddy.water.calendar,
            areaHa: paddy.areaHa, assessment: assessment, amendments: amendments, factors: e.factors,
            ch4Kg: e.ch4Kg, efKgPerHaPerDay: e.efKgPerHaPerDay, dailyFluxGPerM2: e.dailyFluxGPerM2,
            co2eT: e.ch4Kg * configuration.gwp.value / 1000, method: e.method,
            parameterSetID: configuration.parameters.id, temperatureSource: e.temperatureSource ?? "not used",
            activityUncertainty: configuration.activityUncertainty(region: paddy.region, year: paddy.water.calendar.date(ofDay: window.lastDay).year),
            attributes: paddy.attributes, grainYieldTPerHa: paddy.grainYieldTPerHa)
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
        // Temperatures matter only to a model that reads them (the process model).
        if model.reportColumns.contains(.temperatureSource), let t = paddy.temperature, let i = t.valuesC.indices.first(where: { !t.valuesC[$0].isNaN && limits.implausibleTemperature(Double(t.valuesC[$0])) != nil }) {
            return "\(t.kind.rawValue) on \(s.calendar.date(ofDay: t.firstDay + i)): " + limits.implausibleTemperature(Double(t.valuesC[i]))!
        }
        return nil
    }
}

/// A run's engine for whichever model the run uses: the model is chosen once, and each paddy is
/// handed to a `SeasonEngine` specialised for it (one indirect call per paddy, none per season).
public struct InventoryEngine: Sendable {
    public let configuration: RunConfiguration
    /// The model-specific report columns the run's model fills.
    public let reportColumns: ReportColumns
    /// The parameter set whose factor draws reproduce the run's emission, or nil (see `EmissionModel`).
    public let factorParameters: ParameterSet?
    /// The process model and its uncertain parameters, for the process model's Monte Carlo
    /// (`ProcessUncertainty`); nil for other models.
    public var processUncertainty: ProcessUncertainty? = nil
    private let evaluateOne: @Sendable (Paddy) -> PaddyOutcome
    private let resultOne: @Sendable (Paddy, SeasonWindow, SeasonWindow?) throws(Rejection) -> PaddySeasonResult
    private let assessedOne: @Sendable (Paddy, SeasonWaterAssessment) throws(Rejection) -> PaddySeasonResult

    public init<Model: EmissionModel>(configuration: RunConfiguration, model: Model) {
        let engine = SeasonEngine(configuration: configuration, model: model)
        self.configuration = configuration
        self.reportColumns = model.reportColumns
        self.factorParameters = model.factorParameters
        self.evaluateOne = { engine.evaluate($0) }
        self.resultOne = { (p, w, prev) throws(Rejection) in try engine.result(p, w, previousSeason: prev) }
        self.assessedOne = { (p, a) throws(Rejection) in try engine.result(p, assessment: a) }
    }

    /// The IPCC Tier 1/2 engine with the configuration's parameter set.
    public init(configuration: RunConfiguration) {
        self.init(configuration: configuration, model: IPCCEmissionModel(configuration: configuration))
    }

    /// Whether the run's emission is IPCC factors (so that the factor Monte Carlo applies).
    public var usesIPCCFactors: Bool { factorParameters != nil }

    /// See `SeasonEngine.evaluate`.
    public func evaluate(_ paddy: Paddy) -> PaddyOutcome { evaluateOne(paddy) }

    /// See `SeasonEngine.result`.
    public func result(_ paddy: Paddy, _ window: SeasonWindow, previousSeason: SeasonWindow?) throws(Rejection) -> PaddySeasonResult {
        try resultOne(paddy, window, previousSeason)
    }

    /// See `SeasonEngine.result(_:assessment:)`.
    public func result(_ paddy: Paddy, assessment: SeasonWaterAssessment) throws(Rejection) -> PaddySeasonResult {
        try assessedOne(paddy, assessment)
    }

    static let noFloodingReason = "no flooding seen: not a flooded rice season; declare water_supply = upland for upland rice"
}
