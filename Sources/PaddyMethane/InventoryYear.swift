/// The year an inventory reports, and which paddy-seasons belong to it.
///
/// A season belongs to the year of its harvest, the last day of its cultivation period (the
/// season end). The activity data of IPCC Eq. 5.1 is the *annual harvested area* A_ijk
/// [ha yr⁻¹], each cropping season counting once in the year it is harvested (2006 Guidelines
/// Vol. 4 Ch. 5.5, Eq. 5.1 and Section 5.5.3 on activity data; the 2019 Refinement Vol. 4 Ch. 5.5
/// keeps Eq. 5.1 and this activity data), and CRT Table 3.C reports the harvested area of the year.
/// The Guidelines give no separate rule for a season that spans two calendar years (a dry season
/// sown in December): dating it by its harvest follows from "harvested area" and puts every
/// season in exactly one year.
public struct InventoryYear: Sendable, Equatable, Codable {
    public let year: Int

    public init(_ year: Int) { self.year = year }

    /// The calendar year of `window`'s harvest (its last day).
    public static func harvestYear(of window: SeasonWindow, calendar: CFCalendar) -> Int {
        calendar.date(ofDay: window.lastDay).year
    }

    /// Whether the season `window` is harvested in this year.
    public func contains(_ window: SeasonWindow, calendar: CFCalendar) -> Bool {
        Self.harvestYear(of: window, calendar: calendar) == year
    }

    /// `outcome` restricted to this year: results and season rejections of seasons harvested in
    /// another year move to `outOfScope` with the reason; paddy-level rejections stay. Seasons are
    /// computed before they are scoped, so that a season's pre-season still follows the previous
    /// season of the paddy, whatever its year.
    public func scope(_ outcome: PaddyOutcome, calendar: CFCalendar) -> PaddyOutcome {
        var out = PaddyOutcome(outOfScope: outcome.outOfScope)
        for r in outcome.results {
            if contains(r.assessment.window, calendar: calendar) { out.results.append(r) } else {
                out.outOfScope.append(OutOfScopeSeason(paddyIndex: r.paddyIndex, paddyID: r.paddyID, region: r.region,
                                                       window: r.assessment.window, reason: reason(r.assessment.window, calendar)))
            }
        }
        for r in outcome.rejections {
            guard let w = r.season, !contains(w, calendar: calendar) else { out.rejections.append(r); continue }
            out.outOfScope.append(OutOfScopeSeason(paddyIndex: r.paddyIndex, paddyID: r.paddyID, region: nil, window: w,
                                                   reason: reason(w, calendar) + "; not computed: " + r.reason))
        }
        return out
    }

    private func reason(_ w: SeasonWindow, _ calendar: CFCalendar) -> String {
        "season end (harvest) \(calendar.date(ofDay: w.lastDay)) is in \(Self.harvestYear(of: w, calendar: calendar)); the inventory year is \(year)"
    }
}

/// A season left out of an inventory year's totals because it is harvested in another year.
public struct OutOfScopeSeason: Sendable, Equatable {
    public var paddyIndex: Int
    public var paddyID: String
    public var region: String?
    public var window: SeasonWindow
    public var reason: String

    public init(paddyIndex: Int, paddyID: String, region: String?, window: SeasonWindow, reason: String) {
        self.paddyIndex = paddyIndex
        self.paddyID = paddyID
        self.region = region
        self.window = window
        self.reason = reason
    }
}
