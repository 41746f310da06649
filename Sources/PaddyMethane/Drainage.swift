/// A named definition of what counts as a drainage (aeration) event.
///
/// IPCC 2006 Vol. 4 Ch. 5 (wording kept in the 2019 Refinement's categories): an intermittently
/// flooded field has "at least one aeration period of more than 3 days" during the season; the
/// end-of-season drainage before harvest does not count. A drained day is one with the water level
/// below the soil surface. Rules are data (`models/drainage-rules.yaml`), selected by name.
public struct DrainageRule: Sendable, Equatable, Codable {
    public var name: String
    /// A day is drained when its level is below this [cm relative to the soil surface].
    public var thresholdCm: Double
    /// Minimum consecutive drained days for an event ("more than 3 days" → 4).
    public var minDays: Int
    /// Whether a drained run that lasts to the season's last day (end-season drainage) is ignored.
    public var excludeEndSeasonDrainage: Bool
    public var source: String

    public init(name: String, thresholdCm: Double, minDays: Int, excludeEndSeasonDrainage: Bool = true, source: String) {
        self.name = name
        self.thresholdCm = thresholdCm
        self.minDays = minDays
        self.excludeEndSeasonDrainage = excludeEndSeasonDrainage
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case name, thresholdCm = "threshold_cm", minDays = "min_days"
        case excludeEndSeasonDrainage = "exclude_end_season_drainage", source
    }
}

/// One detected drainage event: the evidence behind a drainage regime.
public struct DrainageEvent: Sendable, Equatable {
    /// Day number of the first drained day.
    public var firstDay: Int
    public var lengthDays: Int
    /// Lowest level during the event [cm].
    public var minLevelCm: Float
    /// Days of the event with an observation on the day itself.
    public var observedDays: Int

    /// True when part of the event lies between observations (interpolated, not seen).
    public var isInferred: Bool { observedDays < lengthDays }
}

extension DrainageRule {
    /// Drained runs within `window` that qualify as events under this rule.
    ///
    /// Only known days count toward an event's length. Drained runs separated by missing days
    /// only are one event, since the data do not show the field re-flooding between them. A run
    /// that no known re-flooded day follows before the season's last day is the end-season
    /// drainage. So a drainage is never claimed that the data cannot show. Interpolated days
    /// count, and each event records how many of its days were observed.
    public func events(in series: DailyWaterSeries, window: SeasonWindow) -> [DrainageEvent] {
        var events: [DrainageEvent] = []
        var current: DrainageEvent? = nil
        for i in series.indices(of: window.range) {
            let q = series.quality[i]
            guard q != .missing else { continue }
            let level = series.levelCm[i]
            if Double(level) < thresholdCm {
                if current == nil { current = DrainageEvent(firstDay: series.firstDay + i, lengthDays: 0, minLevelCm: level, observedDays: 0) }
                current!.lengthDays += 1
                current!.minLevelCm = min(current!.minLevelCm, level)
                if q == .observed { current!.observedDays += 1 }
            } else if let e = current {
                if e.lengthDays >= minDays { events.append(e) }
                current = nil
            }
        }
        // A run still open at the end of the window is the end-season drainage.
        if let e = current, !excludeEndSeasonDrainage, e.lengthDays >= minDays { events.append(e) }
        return events
    }
}
