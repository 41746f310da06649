/// Settings for reading seasons and regimes off a water series (`models/water-detection.yaml`).
public struct DetectionSettings: Sendable, Equatable, Codable {
    /// Longest distance [days] between observations bridged by linear interpolation (`DailyResampler`).
    public var maxGapDays: Int
    /// A day is flooded (standing water) when its level is at least this [cm].
    public var floodedMinCm: Double
    /// Consecutive flooded days that start a season (transplanting or sowing into a flooded field).
    public var onsetMinDays: Int
    /// Known dry days in a row after which the field is taken to be harvested and fallow.
    public var fallowMinDays: Int
    /// Days of end-season drainage before harvest kept in the season after its last flooded day.
    public var endSeasonDrainageDays: Int
    /// Shortest and longest cultivation period accepted [days].
    public var minSeasonDays: Int
    public var maxSeasonDays: Int
    /// Share of a season's days that must be known (observed or interpolated) to classify its
    /// regime; below it the IPCC aggregated case applies.
    public var minKnownFraction: Double
    /// Deep water: level above `deepWaterCm` on at least `deepWaterMinFraction` of known days.
    public var deepWaterCm: Double
    public var deepWaterMinFraction: Double
    /// A rainfed season is drought-prone when one of its drainage events lasts at least this long.
    public var droughtMinDays: Int
    /// Pre-season flooding counts only when it lasts more than this [days] (Table 5.13 note).
    public var preSeasonFloodMinDays: Int
    /// Levels beyond ± this [cm] are taken as errors in the data, not water.
    public var maxAbsLevelCm: Double
    /// Larger areas [ha] and amendment rates [t ha⁻¹] are taken as errors in the data.
    public var maxAreaHa: Double
    public var maxAmendmentTPerHa: Double

    enum CodingKeys: String, CodingKey {
        case maxGapDays = "max_gap_days", floodedMinCm = "flooded_min_cm", onsetMinDays = "onset_min_days", fallowMinDays = "fallow_min_days"
        case endSeasonDrainageDays = "end_season_drainage_days", minSeasonDays = "min_season_days"
        case maxSeasonDays = "max_season_days", minKnownFraction = "min_known_fraction", deepWaterCm = "deep_water_cm"
        case deepWaterMinFraction = "deep_water_min_fraction", droughtMinDays = "drought_min_days"
        case preSeasonFloodMinDays = "pre_season_flood_min_days", maxAbsLevelCm = "max_abs_level_cm"
        case maxAreaHa = "max_area_ha", maxAmendmentTPerHa = "max_amendment_t_ha"
    }
}

/// What season detection found in one series.
public struct DetectedSeasons: Sendable, Equatable {
    public var seasons: [SeasonWindow]
    /// Flooded periods that were not taken as seasons, with the reason (for the rejected report).
    public var skipped: [(window: SeasonWindow, reason: String)]

    public static func == (a: Self, b: Self) -> Bool {
        a.seasons == b.seasons && a.skipped.map(\.window) == b.skipped.map(\.window) && a.skipped.map(\.reason) == b.skipped.map(\.reason)
    }
}

extension DetectionSettings {
    /// Finds cultivation periods in a series.
    ///
    /// A season starts on the first of `onsetMinDays` consecutive flooded days. It ends
    /// `endSeasonDrainageDays` after its last flooded day once `fallowMinDays` known dry days follow
    /// (missing days neither flood nor dry the field). Flooded periods shorter than
    /// `minSeasonDays` are skipped; longer than `maxSeasonDays` they are cut there. A season whose
    /// fallow is not seen before the series ends is incomplete and skipped.
    public func detectSeasons(in series: DailyWaterSeries) -> DetectedSeasons {
        let n = series.dayCount
        var result = DetectedSeasons(seasons: [], skipped: [])
        func flooded(_ i: Int) -> Bool { series.quality[i] != .missing && Double(series.levelCm[i]) >= floodedMinCm }
        var i = 0
        while i < n {
            // Onset: `onsetMinDays` flooded days in a row.
            var run = 0
            var start: Int? = nil
            while i < n {
                run = flooded(i) ? run + 1 : 0
                i += 1
                if run >= onsetMinDays { start = i - run; break }
            }
            guard let s = start else { break }
            // End: `fallowMinDays` known dry days after the last flooded day.
            var lastFlooded = i - 1
            var dryKnown = 0
            var end: Int? = nil
            while i < n {
                if flooded(i) { lastFlooded = i; dryKnown = 0 }
                else if series.quality[i] != .missing { dryKnown += 1 }
                i += 1
                if dryKnown >= fallowMinDays { end = min(lastFlooded + endSeasonDrainageDays, i - 1); break }
            }
            let window = SeasonWindow(firstDay: series.firstDay + s, lastDay: series.firstDay + (end ?? lastFlooded))
            guard let e = end else {
                result.skipped.append((window, "incomplete season: the field is still flooded near the end of the series (no \(fallowMinDays)-day fallow seen)"))
                break
            }
            if e - s + 1 < minSeasonDays {
                result.skipped.append((window, "flooded period of \(e - s + 1) days is shorter than the \(minSeasonDays)-day minimum season"))
            } else if e - s + 1 > maxSeasonDays {
                result.seasons.append(SeasonWindow(firstDay: series.firstDay + s, lastDay: series.firstDay + s + maxSeasonDays - 1))
            } else {
                result.seasons.append(window)
            }
            i = max(i, e + 1)
        }
        return result
    }
}
