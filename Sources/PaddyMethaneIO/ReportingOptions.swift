public import PaddyMethane

/// What the reports cover and how they break the totals down: the inventory year, the paddy
/// attributes carried into `paddy_seasons.csv`, the attributes that group `attribute_summary.csv`
/// and the season calendar of `region_seasons.csv`. Part of the shard state, so that `merge`
/// writes the reports one run writes.
public struct ReportingOptions: Sendable, Equatable, Codable {
    /// Only seasons harvested in this year count (`--inventory-year`); nil: every season.
    public var inventoryYear: InventoryYear?
    /// Paddy attributes, one column each after the fixed columns of `paddy_seasons.csv`.
    public var attributes: [String] = []
    /// Attributes whose values group `attribute_summary.csv` (`--group-by`).
    public var groupBy: [String] = []
    /// Named seasons by harvest month (the run configuration's `season_calendar`); nil: by harvest month.
    public var seasonCalendar: SeasonCalendar?

    public init(inventoryYear: InventoryYear? = nil, attributes: [String] = [], groupBy: [String] = []) {
        self.inventoryYear = inventoryYear
        self.attributes = attributes
        self.groupBy = groupBy
    }

    /// `outcome` within the inventory year (unchanged without one).
    func scope(_ outcome: PaddyOutcome, calendar: CFCalendar) -> PaddyOutcome {
        inventoryYear?.scope(outcome, calendar: calendar) ?? outcome
    }

    /// The scenario seasons of the baseline seasons harvested in the inventory year.
    func scope(_ results: [ScenarioSeasonResult], calendar: CFCalendar) -> [ScenarioSeasonResult] {
        guard let year = inventoryYear else { return results }
        return results.filter { year.contains($0.baseline.assessment.window, calendar: calendar) }
    }

    /// These options with the season calendar of the run's configuration.
    func resolved(seasons: SeasonCalendar?) -> ReportingOptions {
        var out = self
        out.seasonCalendar = seasons
        return out
    }
}

/// A report that cannot be written as asked.
public struct ReportError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}
