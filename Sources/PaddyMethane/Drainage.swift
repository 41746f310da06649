/// A named definition of what counts as a drainage (aeration) event.
///
/// A drained day is one with the water level below `thresholdCm` (the soil surface for every
/// shipped rule). IPCC 2006 Vol. 4 Ch. 5 defines an intermittently flooded field by "at least one
/// aeration period of more than 3 days" during the season, the end-of-season drainage before
/// harvest excluded; CDM AMS-III.AU uses the same words. The 2019 Refinement (Table 5.12 and its
/// notes) keeps the categories but gives no minimum duration, so under 2019 factors `minDays` is
/// this project's named convention, not a published number. A methodology that defines a drainage
/// by a depth reached (JCM PH_AM004: "in principle to 15 cm below the soil surface") sets
/// `reachCm`: the level must fall to it at least once during the event; it is not a depth held.
/// Rules are data (`models/drainage-rules.yaml`), selected by name.
public struct DrainageRule: Sendable, Equatable, Codable {
    public var name: String
    /// A day is drained when its level is below this [cm relative to the soil surface].
    public var thresholdCm: Double
    /// Minimum known drained days in a row for an event ("more than 3 days" → 4).
    public var minDays: Int
    /// When set, an event counts only if its level falls to or below this depth [cm] on at least one day.
    public var reachCm: Double?
    /// Whether a drained run that lasts to the season's last day (end-season drainage) is ignored.
    public var excludeEndSeasonDrainage: Bool
    public var source: String
    /// Evidence a crediting rule set asks of a counted event: at least this many observed days
    /// (nil: none) and no run of more than `maxUnobservedDays` days without an observation.
    public var minObservedDays: Int?
    public var maxUnobservedDays: Int?

    public init(name: String, thresholdCm: Double, minDays: Int, reachCm: Double? = nil,
                excludeEndSeasonDrainage: Bool = true, source: String, minObservedDays: Int? = nil, maxUnobservedDays: Int? = nil) {
        self.name = name
        self.thresholdCm = thresholdCm
        self.minDays = minDays
        self.reachCm = reachCm
        self.excludeEndSeasonDrainage = excludeEndSeasonDrainage
        self.source = source
        self.minObservedDays = minObservedDays
        self.maxUnobservedDays = maxUnobservedDays
    }

    enum CodingKeys: String, CodingKey {
        case name, thresholdCm = "threshold_cm", minDays = "min_days", reachCm = "reach_cm"
        case excludeEndSeasonDrainage = "exclude_end_season_drainage", source
        case minObservedDays = "min_observed_days", maxUnobservedDays = "max_unobserved_days"
    }

    /// Whether a drained run is an event: long enough, where the rule says so deep enough, and
    /// shown by enough observations.
    func qualifies(_ e: DrainageEvent) -> Bool {
        e.lengthDays >= minDays && reachCm.map { Double(e.minLevelCm) <= $0 } ?? true && hasEvidence(e)
    }

    /// Whether an event meets the rule's evidence thresholds (always, when it sets none).
    public func hasEvidence(_ e: DrainageEvent) -> Bool {
        minObservedDays.map { e.observedDays >= $0 } ?? true && maxUnobservedDays.map { e.longestUnobservedRunDays <= $0 } ?? true
    }

    /// The same definition without evidence thresholds: what the data show, proven or not.
    public var withoutEvidenceThresholds: DrainageRule {
        var r = self
        r.minObservedDays = nil
        r.maxUnobservedDays = nil
        return r
    }
}

/// One detected drainage event: the evidence behind a drainage regime.
public struct DrainageEvent: Sendable, Equatable {
    /// Day number of the first drained day.
    public var firstDay: Int
    public var lengthDays: Int
    /// Lowest level during the event [cm].
    public var minLevelCm: Float
    /// Days of the event with an observation on the day itself (with flood maps: the
    /// not-flooded observations that support it).
    public var observedDays: Int
    /// The longest run of days inside the event (interpolated or missing) without an
    /// observation: the revisit gap the event spans.
    public var longestUnobservedRunDays: Int = 0
    /// Read from flood maps: the length is estimated between the neighbouring flooded observations.
    public var fromFloodStatus = false

    /// True when part of the event lies between observations (interpolated, not seen), and always
    /// for an event read from flood maps (its length is an estimate).
    public var isInferred: Bool { fromFloodStatus || observedDays < lengthDays }
}

extension DrainageRule {
    /// Drained runs within `window` that qualify as events under this rule.
    ///
    /// A drainage needs a flood before it: drained days before the first known day in the window
    /// at or above `thresholdCm` (the field's first flood in it; a drainage ends on such a day
    /// too) are land preparation, not an aeration period.
    /// Only known days count toward an event's length. Drained runs separated by missing days
    /// only are one event, since the data do not show the field re-flooding between them. A run
    /// that no known re-flooded day follows before the season's last day is the end-season
    /// drainage. So a drainage is never claimed that the data cannot show. Interpolated days
    /// count, and each event records how many of its days were observed.
    public func events(in series: DailyWaterSeries, window: SeasonWindow) -> [DrainageEvent] {
        var events: [DrainageEvent] = []
        var current: DrainageEvent? = nil
        var floodSeen = false
        var unobservedRun = 0
        for i in series.indices(of: window.range) {
            let q = series.quality[i]
            guard q != .missing else {
                if current != nil {
                    unobservedRun += 1
                    current!.longestUnobservedRunDays = max(current!.longestUnobservedRunDays, unobservedRun)
                }
                continue
            }
            let level = series.levelCm[i]
            let drained = Double(level) < thresholdCm
            if !floodSeen {
                floodSeen = !drained
                continue
            }
            if drained {
                if current == nil {
                    current = DrainageEvent(firstDay: series.firstDay + i, lengthDays: 0, minLevelCm: level, observedDays: 0,
                                            fromFloodStatus: series.fromFloodStatus)
                    unobservedRun = 0
                }
                current!.lengthDays += 1
                current!.minLevelCm = min(current!.minLevelCm, level)
                if q == .observed {
                    current!.observedDays += 1
                    unobservedRun = 0
                } else {
                    unobservedRun += 1
                    current!.longestUnobservedRunDays = max(current!.longestUnobservedRunDays, unobservedRun)
                }
            } else if let e = current {
                if qualifies(e) { events.append(e) }
                current = nil
            }
        }
        // A run still open at the end of the window is the end-season drainage.
        if let e = current, !excludeEndSeasonDrainage, qualifies(e) { events.append(e) }
        return events
    }
}
