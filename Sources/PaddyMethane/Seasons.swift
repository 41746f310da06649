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
    /// Known dry days after the last flood that show the end-season drainage when the series
    /// ends before a fallow is seen (a plot monitored to harvest).
    public var endSeasonDrainageMinDays: Int
    /// Known dry days in a row that can separate a flooded pre-season from the crop that follows
    /// it (land preparation), where a flooded period is too long to be one crop.
    public var landPreparationDrainMinDays: Int
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
    /// Air and soil temperatures [°C] outside this range are taken as errors in the data.
    public var minTemperatureC: Double
    public var maxTemperatureC: Double
    /// Share of the non-fill water levels removed by a valid range from which `describe` and `run` say so.
    public var validRangeNoteMinShare: Double
    /// How flood maps become a water series.
    public var floodStatus: FloodStatusSettings

    enum CodingKeys: String, CodingKey {
        case maxGapDays = "max_gap_days", floodedMinCm = "flooded_min_cm", onsetMinDays = "onset_min_days", fallowMinDays = "fallow_min_days"
        case endSeasonDrainageDays = "end_season_drainage_days", endSeasonDrainageMinDays = "end_season_drainage_min_days"
        case landPreparationDrainMinDays = "land_preparation_drain_min_days", minSeasonDays = "min_season_days"
        case maxSeasonDays = "max_season_days", minKnownFraction = "min_known_fraction", deepWaterCm = "deep_water_cm"
        case deepWaterMinFraction = "deep_water_min_fraction", droughtMinDays = "drought_min_days"
        case preSeasonFloodMinDays = "pre_season_flood_min_days", maxAbsLevelCm = "max_abs_level_cm"
        case maxAreaHa = "max_area_ha", maxAmendmentTPerHa = "max_amendment_t_ha"
        case minTemperatureC = "min_temperature_c", maxTemperatureC = "max_temperature_c"
        case validRangeNoteMinShare = "valid_range_note_min_share", floodStatus = "flood_status"
    }
}

/// How flood maps (SAR flood status 0/1, or the flooded fraction of a cell) are read instead of
/// water levels: each observation becomes a nominal level, flooded or not, and the days between
/// observations take the nearer one's status (`DailyResampler.GapFill.floodStatus`). A drainage
/// is then a run of not-flooded observations whose length is estimated between the neighbouring
/// flooded observations (the status changes halfway between them); the drainage rule's minimum
/// applies to that estimate, and the event is always marked inferred.
public struct FloodStatusSettings: Sendable, Equatable, Codable {
    /// An observation is flooded when its flooded fraction is above this (0–1).
    public var floodedAboveFraction: Double
    /// Nominal level of a flooded observation [cm]: at least `flooded_min_cm`, below `deep_water_cm`.
    public var floodedLevelCm: Double
    /// Nominal level of a not-flooded observation [cm]: below the soil surface.
    public var notFloodedLevelCm: Double
    /// Longest distance [days] between two observations across which days take the nearer one's status.
    public var maxGapDays: Int

    public init(floodedAboveFraction: Double, floodedLevelCm: Double, notFloodedLevelCm: Double, maxGapDays: Int) {
        (self.floodedAboveFraction, self.floodedLevelCm, self.notFloodedLevelCm, self.maxGapDays) =
            (floodedAboveFraction, floodedLevelCm, notFloodedLevelCm, maxGapDays)
    }

    enum CodingKeys: String, CodingKey {
        case floodedAboveFraction = "flooded_above_fraction", floodedLevelCm = "flooded_level_cm"
        case notFloodedLevelCm = "not_flooded_level_cm", maxGapDays = "max_gap_days"
    }

    /// The nominal level [cm] of an observed flooded fraction (0–1); NaN stays missing.
    @inline(__always)
    public func levelCm(floodedFraction f: Double) -> Double {
        f.isNaN ? .nan : (f > floodedAboveFraction ? floodedLevelCm : notFloodedLevelCm)
    }

    /// The resampler of flood-status series: the nearer observation's status across gaps of up to `maxGapDays`.
    public var resampler: DailyResampler { DailyResampler(maxGapDays: maxGapDays, fill: .floodStatus) }
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
    /// (missing days neither flood nor dry the field). When the series ends first, the season is
    /// complete if at least `endSeasonDrainageMinDays` known dry days follow its last flood (the
    /// end-season drainage is seen: a plot monitored to harvest), ending on the series' last day at
    /// the latest; otherwise it is incomplete and skipped. Flooded periods shorter than
    /// `minSeasonDays` are skipped. A flooded period longer than `maxSeasonDays` cannot be one crop:
    /// it starts again after the first land-preparation drainage (`landPreparationDrainMinDays`
    /// known dry days after more than `preSeasonFloodMinDays` days) that leaves a season of
    /// `minSeasonDays`…`maxSeasonDays`; the flood before it is the pre-season (Table 5.13
    /// "flooded pre-season"), not part of the cultivation period. Without such a drainage it is
    /// cut at `maxSeasonDays`.
    public func detectSeasons(in series: DailyWaterSeries) -> DetectedSeasons {
        let n = series.dayCount
        var result = DetectedSeasons(seasons: [], skipped: [])
        func flooded(_ i: Int) -> Bool { series.quality[i] != .missing && Double(series.levelCm[i]) >= floodedMinCm }
        func window(_ first: Int, _ last: Int) -> SeasonWindow { SeasonWindow(firstDay: series.firstDay + first, lastDay: series.firstDay + last) }
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
            guard var s = start else { break }
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
            if end == nil && dryKnown >= endSeasonDrainageMinDays { end = min(lastFlooded + endSeasonDrainageDays, n - 1) }
            guard var e = end else {
                result.skipped.append((window(s, n - 1), "incomplete season: the series ends \(n - 1 - lastFlooded) days after the last flooded day with \(dryKnown) known dry days (an observed end-season drainage needs \(endSeasonDrainageMinDays), a fallow \(fallowMinDays))"))
                break
            }
            if e - s + 1 > maxSeasonDays {
                if let crop = cropStart(series, floodStart: s, lastFlooded: lastFlooded, end: e) { s = crop } else { e = s + maxSeasonDays - 1 }
            }
            if e - s + 1 < minSeasonDays {
                result.skipped.append((window(s, e), "flooded period of \(e - s + 1) days is shorter than the \(minSeasonDays)-day minimum season"))
            } else {
                result.seasons.append(window(s, e))
            }
            i = max(i, e + 1)
        }
        return result
    }

    /// The first flooded day after a land-preparation drainage inside the flooded period
    /// `floodStart…lastFlooded` that starts a season of `minSeasonDays`…`maxSeasonDays` ending on
    /// `end`, after more than `preSeasonFloodMinDays` days of the period; nil if there is none.
    private func cropStart(_ series: DailyWaterSeries, floodStart: Int, lastFlooded: Int, end: Int) -> Int? {
        var dryRun = 0
        var dryStart = floodStart
        for k in floodStart...lastFlooded where series.quality[k] != .missing {
            if Double(series.levelCm[k]) >= floodedMinCm {
                let days = end - k + 1
                if dryRun >= landPreparationDrainMinDays, dryStart - floodStart > preSeasonFloodMinDays,
                   days >= minSeasonDays, days <= maxSeasonDays { return k }
                dryRun = 0
            } else {
                if dryRun == 0 { dryStart = k }
                dryRun += 1
            }
        }
        return nil
    }
}

extension DetectionSettings {
    /// The air and soil temperatures [°C] taken as plausible (`min_temperature_c`, `max_temperature_c`).
    public var plausibleTemperatureC: ClosedRange<Double> { minTemperatureC...maxTemperatureC }

    /// Why `c` [°C] is not a plausible temperature, or nil.
    public func implausibleTemperature(_ c: Double) -> String? {
        guard !plausibleTemperatureC.contains(c) else { return nil }
        return "\(c) °C is outside the \(minTemperatureC)–\(maxTemperatureC) °C plausible for paddy air or soil (min_temperature_c, max_temperature_c of models/water-detection.yaml)"
            + (c > 200 ? ": kelvin in a °C column? (300 K = 26.85 °C)" : "")
    }
}
