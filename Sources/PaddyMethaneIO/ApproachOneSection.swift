import PaddyMethane

/// `approach1_3c.csv`: the Approach 1 uncertainty calculation of category 3.C in the layout of
/// IPCC 2006 Vol. 1 Ch. 3, Table 3.3 (columns A to M), for year t (the latest season-end year of
/// the run) and, with `--base-year`, the base year; activity-data uncertainty from the run
/// configuration and the activity-data rows, factor uncertainty from the parameter set's ranges
/// (`ApproachOneTable`). A cell without a number holds a notation key (NA, NE) and the row's
/// `note` says why.
struct ApproachOneSection: ReportSection {
    let aggregate: InventoryAggregate
    let settings: MonteCarloSettings

    struct Row {
        var code: String
        var label: String
        var values: ApproachOneTable.Row
        var isTotal: Bool
        var baseYear: Int?
        var year: Int?
        var note: String
        var gwp: Double
    }

    static let fileName = "approach1_3c.csv"

    /// A percentage of a fraction with 3 decimals.
    private static func pct(_ x: Double) -> String { fixedPoint(100 * x, decimals: 3) }
    private static func pct2(_ x: Double) -> String { fixedPoint(10_000 * x, decimals: 4) }
    private static func trendCell(_ r: Row, _ value: (ApproachOneTable.Trend) -> String) -> String {
        r.values.trend.map(value) ?? "NA"
    }

    static let table = CSVTable<Row>([
        .text("code") { $0.code },
        .text("category") { $0.label },
        .text("gas") { _ in "CH4" },
        .text("base_year") { $0.baseYear.map(String.init) ?? "NA" },
        .text("year") { $0.year.map(String.init) ?? "NA" },
        .text("base_year_co2e_gg") { r in r.values.baseYearKg.map { fixedPoint($0 * r.gwp / 1e6, decimals: 6) } ?? "NA" },
        .number("year_co2e_gg", decimals: 6) { $0.values.yearKg * $0.gwp / 1e6 },
        .text("ad_uncertainty_pct") { $0.values.hasActivityUncertainty ? pct($0.values.activityU95) : "NE" },
        .number("ef_uncertainty_pct", decimals: 3) { 100 * $0.values.factorU95 },
        .number("combined_uncertainty_pct", decimals: 3) { 100 * $0.values.combinedU95 },
        .number("variance_contribution_pct2", decimals: 4) { 10_000 * $0.values.varianceContribution },
        .text("type_a_sensitivity") { r in r.isTotal ? "" : trendCell(r) { fixedPoint($0.typeA, decimals: 6) } },
        .text("type_b_sensitivity") { r in r.isTotal ? "" : trendCell(r) { fixedPoint($0.typeB, decimals: 6) } },
        .text("trend_uncertainty_ef_pct") { r in trendCell(r) { pct($0.factor) } },
        .text("trend_uncertainty_ad_pct") { r in trendCell(r) { pct($0.activity) } },
        .text("trend_variance_pct2") { r in trendCell(r) { pct2($0.variance) } },
        .text("trend_uncertainty_pct") { r in r.isTotal ? trendCell(r) { pct($0.variance.squareRoot()) } : "" },
        .text("note") { $0.note },
    ])

    func rows() -> [Row] {
        let model = settings.model
        guard let year = aggregate.uncertaintyByYear.keys.max() else { return [] }
        let yearWeights = aggregate.uncertaintyWeights(year: year)
        let baseWeights = settings.baseYear.map { aggregate.uncertaintyWeights(year: $0) }
        let crt = CRTRow.allCases.filter { yearWeights[$0] != nil || baseWeights?[$0] != nil }
        func budgets(_ w: [CRTRow: UncertaintyWeights]) -> [UncertaintyBudget] {
            crt.map { w[$0].map { UncertaintyBudget($0, model: model) } ?? UncertaintyBudget(model: model) }
        }
        let t = ApproachOneTable(year: budgets(yearWeights), base: baseWeights.map(budgets), model: model)
        let trendNote: String = {
            guard let b = settings.baseYear else { return "trend NA: no base year given (--base-year)" }
            if b == year { return "trend NA: the base year is year t" }
            return t.total.baseYearKg ?? 0 > 0 ? "" : "trend NA: no seasons end in the base year \(b)"
        }()
        func note(_ r: ApproachOneTable.Row, isTotal: Bool) -> String {
            var parts: [String] = []
            if !isTotal && r.yearKg == 0 { parts.append("no emission in year t: uncertainties of the base year") }
            if !r.hasActivityUncertainty {
                parts.append("activity-data uncertainty NE: none given (activity_data_uncertainty in --config or the uncertainty columns of the activity data)")
            } else if r.shareWithoutActivityUncertainty > 0 {
                parts.append("activity-data uncertainty not given for \(fixedPoint(100 * r.shareWithoutActivityUncertainty, decimals: 1)) % of the emission (counted as 0)")
            }
            if !trendNote.isEmpty { parts.append(trendNote) }
            return parts.joined(separator: "; ")
        }
        let baseYear = settings.baseYear
        var out = zip(crt, t.rows).map { row, v in
            Row(code: CRTTable3C.line(of: row).code, label: CRTTable3C.line(of: row).label, values: v, isTotal: false, baseYear: baseYear, year: year,
                note: note(v, isTotal: false), gwp: settings.gwp)
        }
        out.append(Row(code: "3.C", label: "Rice cultivation: total (sources shared by the rows combined as fully correlated)",
                       values: t.total, isTotal: true, baseYear: baseYear, year: year, note: note(t.total, isTotal: true), gwp: settings.gwp))
        // Without a base year, or with one that has no seasons, the trend columns are NA.
        if !trendNote.isEmpty { for i in out.indices { out[i].values.trend = nil } }
        return out
    }
}
