/// What the water series shows about one season: the evidence behind its IPCC categories.
public struct SeasonWaterAssessment: Sendable, Equatable {
    public var window: SeasonWindow
    public var waterSupply: WaterSupply
    public var regime: WaterRegime
    /// nil when the series does not reach far enough back (the default category applies).
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

    /// Classifies one season. `declared` is the water supply given for the paddy, if any.
    public func assess(_ series: DailyWaterSeries, window: SeasonWindow, declared: WaterSupply?) -> SeasonWaterAssessment {
        let idx = series.indices(of: window.range)
        let days = window.days
        var known = 0, interpolated = 0, flooded = 0, deep = 0, drained = 0
        var levelSum = 0.0
        for i in idx where series.quality[i] != .missing {
            known += 1
            levelSum += Double(series.levelCm[i])
            if series.quality[i] == .interpolated { interpolated += 1 }
            let level = Double(series.levelCm[i])
            if level >= settings.floodedMinCm { flooded += 1 }
            if level > settings.deepWaterCm { deep += 1 }
            if level < rule.thresholdCm { drained += 1 }
        }
        let events = rule.events(in: series, window: window)
        let knownFraction = Double(known) / Double(days)
        var supply = declared ?? .irrigated
        let regime: WaterRegime
        if supply == .upland || (known > 0 && flooded == 0 && knownFraction >= settings.minKnownFraction) {
            supply = .upland
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
            preSeason: preSeasonStatus(series, seasonStart: window.firstDay),
            events: events, drainedDays: drained,
            filledFraction: Double(interpolated) / Double(days),
            missingFraction: Double(days - known) / Double(days),
            meanLevelCm: known > 0 ? levelSum / Double(known) : .nan)
    }

    /// Pre-season status (Table 5.13) from the days before `seasonStart`, or nil when the series
    /// does not show enough of them. Flooding of `preSeasonFloodMinDays` days or less is ignored
    /// (Table 5.13 note). A missing day ends what the series can show.
    public func preSeasonStatus(_ series: DailyWaterSeries, seasonStart: Int) -> PreSeasonStatus? {
        let startIndex = seasonStart - series.firstDay
        var run = 0            // flooded days in a row, walking back
        var j = startIndex - 1
        while j >= 0 && series.quality[j] != .missing {
            if Double(series.levelCm[j]) >= settings.floodedMinCm {
                run += 1
            } else {
                if run > settings.preSeasonFloodMinDays { break }
                run = 0
            }
            j -= 1
        }
        if run > settings.preSeasonFloodMinDays {
            // A long flood ends at index j + run (walking back it started at j + run and ran down to j + 1).
            let notFloodedDays = startIndex - 1 - (j + run)
            return category(notFloodedDays: notFloodedDays)
        }
        // No long flood seen: the field was not flooded for at least the days covered.
        let covered = startIndex - 1 - j
        let known: PreSeasonStatus? = covered > 365 ? .not_flooded_gt_365d : covered > 180 ? .not_flooded_gt_180d : nil
        // A short flood cut off by the start of what the series shows may have been a long one:
        // keep the answer only if it is the same either way.
        if run > 0 && category(notFloodedDays: startIndex - 1 - (j + run)) != (known ?? .not_flooded_lt_180d) { return nil }
        return known
    }

    private func category(notFloodedDays d: Int) -> PreSeasonStatus {
        if d == 0 { return .flooded_gt_30d }
        if d > 365 { return .not_flooded_gt_365d }
        if d > 180 { return .not_flooded_gt_180d }
        return .not_flooded_lt_180d
    }
}
