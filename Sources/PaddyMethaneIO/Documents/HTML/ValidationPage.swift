import Foundation
public import PaddyMethane

/// The HTML page of `validate --html`: one self-contained page (inline CSS and SVG, no scripts,
/// nothing fetched) with the bias and RMSE table and two measured-vs-modelled scatters with the
/// 1:1 line, of the seasonal totals (by practice) and of the reduction ratios (treatment over the
/// same experiment's continuously flooded reference), from the same report as validation.csv.
public enum ValidationPage {
    /// The page. `source` names the validation set and parameter file (shown under the title).
    public static func html(_ report: ValidationReport, summary: [ValidationTables.SummaryRow], source: String) -> String {
        let title = "PaddyMethane: CH4MOD against field experiments"
        let body: [Markup] = [
            .tag("header", [:], [.tag("h1", text: title), .tag("p", ["class": "meta"], text: source)]),
            .tag("section", ["id": "summary"], [.tag("h2", text: "Bias and RMSE"), summaryTable(summary)]),
            .tag("section", ["id": "totals"], [
                .tag("h2", text: "Seasonal totals"),
                .tag("p", text: "Each point is one treatment with a measured seasonal total: measured against modelled CH4 [kg ha-1]; on the 1:1 line the model matches the measurement."),
                totalsChart(report).svg(),
            ]),
            .tag("section", ["id": "ratios"], [
                .tag("h2", text: "Reduction ratios"),
                .tag("p", text: "Each point is one drained treatment: its emission over the continuously flooded reference of the same experiment, measured against modelled; below 1 the drainage cuts CH4."),
                ratiosChart(report).svg(),
            ]),
        ]
        return Markup.document(.tag("html", ["lang": "en"], [
            .tag("head", [:], [.tag("meta", ["charset": "utf-8"]), .tag("title", text: title), .style(HTMLReport.css + css)]),
            .tag("body", [:], body),
        ]))
    }

    static let css = ".one-to-one{stroke:#888;stroke-dasharray:5 4}"

    /// The practices in the order of the legend.
    static let practices = ValidationPractice.allCases

    /// A practice's legend entry: the same colour in both charts.
    static func group(_ p: ValidationPractice) -> ScatterChart.Group {
        switch p {
        case .continuousFlooding: ScatterChart.Group(name: p.rawValue, colour: "#1f5fa8")
        case .midSeasonDrainage: ScatterChart.Group(name: p.rawValue, colour: "#d2691e")
        case .multipleDrainage: ScatterChart.Group(name: p.rawValue, colour: "#2e8b57")
        }
    }

    static func totalsChart(_ report: ValidationReport) -> ScatterChart {
        let points = report.rows.compactMap { r in
            r.measuredKgPerHa.map { ScatterChart.Point(label: "\(r.experiment) \(r.treatment)", measured: $0, modelled: r.modelledKgPerHa,
                                                      group: practices.firstIndex(of: r.practice)!) }
        }
        return ScatterChart(title: "Seasonal CH4: measured vs modelled", measuredAxis: "measured CH4 [kg ha-1]",
                            modelledAxis: "modelled CH4 [kg ha-1]", groups: practices.map(group), points: points)
    }

    static func ratiosChart(_ report: ValidationReport) -> ScatterChart {
        let drained = [ValidationPractice.midSeasonDrainage, .multipleDrainage]
        let points = report.rows.compactMap { r -> ScatterChart.Point? in
            guard let m = r.measuredRatio, let p = r.modelledRatio, let g = drained.firstIndex(of: r.practice) else { return nil }
            return ScatterChart.Point(label: "\(r.experiment) \(r.treatment)", measured: m, modelled: p, group: g)
        }
        return ScatterChart(title: "Reduction ratio: measured vs modelled", measuredAxis: "measured ratio [1]",
                            modelledAxis: "modelled ratio [1]", groups: drained.map(group), points: points)
    }

    static func summaryTable(_ rows: [ValidationTables.SummaryRow]) -> Markup {
        let header = ["metric", "count", "bias", "RMSE", "measured min", "measured max", "modelled mean"]
        func cell(_ v: Double?) -> Markup { .tag("td", ["class": "num"], text: v.map { Figures.format($0) } ?? "") }
        return .tag("table", [:], [.tag("tr", [:], header.map { .tag("th", text: $0) })] + rows.map { r in
            .tag("tr", [:], [.tag("td", text: r.metric), .tag("td", ["class": "num"], text: "\(r.count)"),
                             cell(r.bias), cell(r.rmse), cell(r.measuredMin), cell(r.measuredMax), cell(r.modelledMean)])
        })
    }
}
