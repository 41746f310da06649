/// What the water series shows about one season: the evidence behind its IPCC categories.
public struct SeasonWaterAssessment: Sendable, Equatable {
    public var window: SeasonWindow
    public var waterSupply: WaterSupply
    public var regime: WaterRegime
    /// nil when the series cannot show it (reported `unknown`; Table 5.13's aggregated factor,
    /// `PreSeasonStatus.unknown`, applies).
    public var preSeason: PreSeasonStatus?
    public var events: [DrainageEvent]
    /// Known days in the season with the level below the drainage threshold.
    public var drainedDays: Int
    /// Share of the season's days filled by interpolation.
    public var filledFraction: Double
    /// Share of the season's days with no known level.
    public var missingFraction: Double
    /// Mean known level over the season [cm] (splits deep water at 100 cm for CRT 3.C.3).
    public var meanLevelCm: Double

    public init(window: SeasonWindow, waterSupply: WaterSupply, regime: WaterRegime, preSeason: PreSeasonStatus?,
                events: [DrainageEvent] = [], drainedDays: Int = 0, filledFraction: Double = 0, missingFraction: Double = 0,
                meanLevelCm: Double) {
        self.window = window
        self.waterSupply = waterSupply
        self.regime = regime
        self.preSeason = preSeason
        self.events = events
        self.drainedDays = drainedDays
        self.filledFraction = filledFraction
        self.missingFraction = missingFraction
        self.meanLevelCm = meanLevelCm
    }
}

/// Reads the IPCC water categories off a daily series (IPCC 2019 Vol. 4 Ch. 5, Tables 5.12–5.13
/// and the 2006 regime definitions).
public struct WaterRegimeClassifier: Sendable {
    public var settings: DetectionSettings
    public var rule: DrainageRule

    public init(settings: DetectionSettings, rule: DrainageRule) {
        self.settings = settings
        self.rule = rule
    }

    /// Whether the series shows no flooding in `window` although enough of its days are known to
    /// read a regime: not a flooded rice season unless upland rice is declared.
    public func noFloodingSeen(_ series: DailyWaterSeries, window: SeasonWindow) -> Bool {
        var known = 0
        for i in series.indices(of: window.range) where series.quality[i] != .missing {
            if Double(series.levelCm[i]) >= settings.floodedMinCm { return false }
            known += 1
        }
        return known > 0 && Double(known) / Double(window.days) >= settings.minKnownFraction
    }

    /// Classifies one season. `declared` is the water supply given for the paddy, if any; it is
    /// kept as given. Upland (SF_w = 0, Table 5.12) only where declared: a season with no flooding
    /// seen and no upland declaration is not a rice season (`noFloodingSeen`; the engine rejects
    /// it). `previousSeason` is the paddy's season before this one, if any (its end starts the
    /// pre-season fallow).
    public func assess(_ series: DailyWaterSeries, window: SeasonWindow, declared: WaterSupply?,
                       previousSeason: SeasonWindow?) -> SeasonWaterAssessment {
        let idx = series.indices(of: window.range)
        let days = window.days
        var known = 0, interpolated = 0, deep = 0, drained = 0
        var levelSum = 0.0
        for i in idx where series.quality[i] != .missing {
            known += 1
            levelSum += Double(series.levelCm[i])
            if series.quality[i] == .interpolated { interpolated += 1 }
            let level = Double(series.levelCm[i])
            if level > settings.deepWaterCm { deep += 1 }
            if level < rule.thresholdCm { drained += 1 }
        }
        let events = rule.events(in: series, window: window)
        let knownFraction = Double(known) / Double(days)
        var supply = declared ?? .irrigated
        let regime: WaterRegime
        if supply == .upland {
            regime = .upland
        } else if knownFraction < settings.minKnownFraction {
            regime = supply == .irrigated ? .irrigated_undetermined : .rainfed_undetermined
        } else if supply == .deepwater || Double(deep) >= settings.deepWaterMinFraction * Double(known) {
            if declared == nil { supply = .deepwater }
            regime = .deep_water
        } else if supply == .rainfed {
            regime = events.contains { $0.lengthDays >= settings.droughtMinDays } ? .rainfed_drought_prone : .rainfed_regular
        } else {
            regime = switch events.count {
            case 0: .continuously_flooded
            case 1: .single_drainage
            default: .multiple_drainage
            }
        }
        return SeasonWaterAssessment(
            window: window, waterSupply: supply, regime: regime,
            preSeason: preSeasonStatus(series, seasonStart: window.firstDay, previousSeasonEnd: previousSeason?.lastDay),
            events: events, drainedDays: drained,
            filledFraction: Double(interpolated) / Double(days),
            missingFraction: Double(days - known) / Double(days),
            meanLevelCm: known > 0 ? levelSum / Double(known) : .nan)
    }

    /// Pre-season status (IPCC 2019 Table 5.13) of the season starting on `seasonStart`, or nil
    /// when the series cannot show it (Table 5.13's aggregated factor then applies).
    ///
    /// The pre-season is the fallow between the previous crop and this one, whatever the previous
    /// crop's water management. With the previous season's last day known, the fallow is the days
    /// after it: a flood of more than `preSeasonFloodMinDays` known days in a row anywhere in it is
    /// "flooded pre-season (> 30 d)" (land-preparation drainage after it does not cancel it;
    /// shorter floods are not considered, Table 5.13 note); otherwise the fallow's length decides
    /// (< 180, > 180, > 365 days). Missing days that could hide such a flood make it unknown.
    /// Without a previous season, the days before the season are read back to the first missing
    /// day or the series start: a flood of more than `preSeasonFloodMinDays` but fewer than
    /// `minSeasonDays` days is a flooded fallow; a longer one is taken as the previous crop; a
    /// flood cut off where the series stops showing, or fewer than 181 known days, is unknown.
    public func preSeasonStatus(_ series: DailyWaterSeries, seasonStart: Int, previousSeasonEnd: Int?) -> PreSeasonStatus? {
        let startIndex = seasonStart - series.firstDay
        if let previousSeasonEnd {
            return fallowStatus(series, from: max(previousSeasonEnd + 1 - series.firstDay, 0), to: startIndex)
        }
        var run = 0            // flooded days in a row, walking back
        var j = startIndex - 1
        while j >= 0 && series.quality[j] != .missing {
            if Double(series.levelCm[j]) >= settings.floodedMinCm {
                run += 1
            } else {
                if run > settings.preSeasonFloodMinDays {
                    // A whole flood, from j + 1 to j + run.
                    return run < settings.minSeasonDays ? .flooded_gt_30d : category(notFloodedDays: startIndex - 1 - (j + run))
                }
                run = 0
            }
            j -= 1
        }
        if run >= settings.minSeasonDays { return category(notFloodedDays: startIndex - 1 - (j + run)) }
        if run > 0 { return nil }
        let seen = category(notFloodedDays: startIndex - 1 - j)
        return seen == .not_flooded_lt_180d ? nil : seen
    }

    /// Status of the fallow of day indices `from..<to` that follows a known previous season.
    private func fallowStatus(_ series: DailyWaterSeries, from: Int, to: Int) -> PreSeasonStatus? {
        var floodRun = 0        // known flooded days in a row
        var possibleRun = 0     // flooded or missing days in a row
        var runHasMissing = false
        var hidden = false
        for j in from..<max(from, to) {
            if series.quality[j] == .missing {
                floodRun = 0
                possibleRun += 1
                runHasMissing = true
            } else if Double(series.levelCm[j]) >= settings.floodedMinCm {
                floodRun += 1
                possibleRun += 1
            } else {
                floodRun = 0
                possibleRun = 0
                runHasMissing = false
            }
            if floodRun > settings.preSeasonFloodMinDays { return .flooded_gt_30d }
            if runHasMissing && possibleRun > settings.preSeasonFloodMinDays { hidden = true }
        }
        return hidden ? nil : category(notFloodedDays: max(to - from, 0))
    }

    /// Table 5.13 category of a pre-season without a long flood, by its length [days].
    private func category(notFloodedDays d: Int) -> PreSeasonStatus {
        if d > 365 { return .not_flooded_gt_365d }
        if d > 180 { return .not_flooded_gt_180d }
        return .not_flooded_lt_180d
    }
}
