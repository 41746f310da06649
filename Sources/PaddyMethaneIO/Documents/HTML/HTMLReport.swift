import Foundation
import PaddyMethane

/// The HTML report of a run (`--html`): one self-contained page (inline CSS and SVG, no scripts,
/// nothing fetched) built from the same state, sections and rows as the CSV reports.
struct HTMLReport {
    let manifest: Manifest
    let state: RunState
    /// Every summary section written (`RunState.sections`), rendered as tables.
    let sections: [(String, ReportText)]
    /// `rejected.csv`.
    let rejected: ReportSource
    let figures: ReportFigures

    /// The ids of the page's sections, in order (the tests check them).
    enum SectionID: String, CaseIterable {
        case summary, crt, regions, map, scenarios, crediting, evidence, paddies, tables
    }

    var page: String {
        let s = manifest.settings
        let title = s.command == "scenarios" ? "PaddyMethane scenarios: \(s.scenarioTitle ?? "what-if comparison")" : "PaddyMethane: CH4 from rice cultivation"
        let body: [Markup] = [
            .tag("header", [:], [.tag("h1", text: title),
                                .tag("p", ["class": "meta"], text: "\(manifest.settings.software) · \(manifest.invocation.createdUTC) · \(manifest.invocation.commandLine)")]),
            summary, crt, regions, map, scenarios, crediting, evidence, paddies, tables,
        ]
        return Markup.document(.tag("html", ["lang": "en"], [
            .tag("head", [:], [.tag("meta", ["charset": "utf-8"]), .tag("title", text: title), .style(Self.css)]),
            .tag("body", [:], body),
        ]))
    }

    private func section(_ id: SectionID, _ heading: String, _ content: [Markup]) -> Markup {
        .tag("section", ["id": id.rawValue], [.tag("h2", text: heading)] + content)
    }

    private func paragraph(_ s: String) -> Markup { .tag("p", text: s) }

    private var aggregate: InventoryAggregate { state.summary.aggregate }

    /// The total's CO2e [t] 95 % interval, when the IPCC Monte Carlo or the process model's draws ran.
    private var totalInterval: DrawSummary? {
        if let p = state.summary.processDraws { return p.summary(p.regionKeys(ledger: 0), scale: p.gwp / 1000) }
        let weights = aggregate.uncertaintyWeights()
        guard let mc = state.monteCarlo, mc.draws > 0, !weights.isEmpty else { return nil }
        var all = UncertaintyWeights()
        for w in weights.values { all.add(w) }
        let draws = MonteCarlo(model: mc.model, draws: mc.draws, seed: mc.seed).totals([all])[0]
        return DrawSummary(draws.map { $0 * mc.gwp / 1000 })
    }

    // MARK: Sections

    private var summary: Markup {
        let s = manifest.settings, c = manifest.counts, t = aggregate.total
        var parts: [Markup] = []
        let method = s.method.name == "process-ch4mod" ? "the CH4MOD process model (day by day)"
            : "IPCC 2019 Vol. 4 Ch. 5 Eq. 5.1–5.3 (\(s.method.name), parameter set \(s.method.parameterSet))"
        parts.append(paragraph("What was computed: methane (CH4) from rice cultivation for \(c.paddySeasons) paddy-seasons of \(c.paddiesWithResults) paddies (\(Figures.format(t.areaHa, significant: 4)) ha harvested) read from \(s.files["input"]?.path ?? "the input"), with \(method), water regimes read from each paddy's water-level series under the drainage rule \(s.method.drainageRule), and CO2e with GWP \(Figures.format(s.method.gwp.value)) (\(s.method.gwp.id))."))
        var total = "Total: \(Figures.format(t.ch4Kg / 1000, significant: 4)) t CH4, \(Figures.format(t.co2eT, significant: 4)) t CO2e"
        if let i = totalInterval, let p = state.summary.processDraws {
            total += "; 95 % interval \(Figures.format(i.low95, significant: 4)) to \(Figures.format(i.high95, significant: 4)) t CO2e (Monte Carlo, \(p.validDraws.count) draws of the CH4MOD parameters over their ranges, every paddy-season simulated under each, seed \(p.seed))."
        } else if let i = totalInterval, let mc = state.monteCarlo {
            total += "; 95 % interval \(Figures.format(i.low95, significant: 4)) to \(Figures.format(i.high95, significant: 4)) t CO2e (Monte Carlo, \(mc.draws) draws over the IPCC factor ranges, seed \(mc.seed))."
        } else if state.summary.processDraws != nil {
            total += "; no interval: every draw of the CH4MOD parameters failed a season's model check (see manifest.json, monte_carlo_failed_draws)."
        } else {
            total += "; no interval: no Monte Carlo draws were made (--draws 0)."
        }
        parts.append(.tag("p", ["class": "total"], text: total))
        parts.append(paragraph("What drives it: the share of each CRT category (water regime) in the CH4 and in the harvested area:"))
        parts.append(drivers)
        if let sc = state.scenario { parts.append(paragraph(scenarioSummary(sc))) }
        parts.append(paragraph(rejections))
        return section(.summary, "Summary", parts)
    }

    /// The shares of CH4 by CRT category (water regime), largest first.
    private var drivers: Markup {
        let total = aggregate.total.ch4Kg
        guard total > 0 else { return paragraph("no emissions were computed.") }
        let shares = aggregate.byCRT.map { (CRTTable3C.line(of: $0.key).label, $0.value.ch4Kg / total, $0.value.areaHa) }.sorted { ($0.1, $0.2) > ($1.1, $1.2) }
        let areaTotal = max(aggregate.total.areaHa, 1e-12)
        return .tag("ul", [:], shares.map {
            Markup.tag("li", text: "\($0.0): \(Figures.percent($0.1)) of the CH4 on \(Figures.percent($0.2 / areaTotal)) of the harvested area")
        })
    }

    /// Each scenario's change from the observed practice, with its interval where it has one.
    private func scenarioSummary(_ sc: RunState.Scenario) -> String {
        let rows = ScenarioSummarySection(accounting: sc.accounting, settings: sc.settings, process: state.summary.processDraws).rows().dropFirst()
        return "What the scenarios would change (t CO2e against the observed practice, negative is a saving): " + rows.map { r in
            var s = "\(r.name) \(Figures.format(r.change, significant: 4))"
            if let i = r.interval { s += " (95 % interval \(Figures.format(i.change.low95, significant: 4)) to \(Figures.format(i.change.high95, significant: 4)))" }
            return s
        }.joined(separator: "; ") + "."
    }

    /// What was left out, grouped by reason (numbers shown as #).
    private var rejections: String {
        let c = manifest.counts
        guard c.paddiesRejected + c.seasonRejections > 0 else { return "Nothing was rejected: every paddy read has results." }
        var groups: [String: Int] = [:]
        let reasonIndex = rejected.columns.firstIndex { $0.name == "reason" }
        try? rejected.forEachRow { row in
            if let i = reasonIndex, i < row.count { groups[RunPrediction.template(row[i]), default: 0] += 1 }
        }
        let top = groups.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5)
        return "What was rejected (rejected.csv): \(c.paddiesRejected) paddies and \(c.seasonRejections) further seasons; the reasons: "
            + top.map { "“\($0.key)” (\($0.value))" }.joined(separator: "; ") + (groups.count > 5 ? "; and \(groups.count - 5) other reasons." : ".")
    }

    private var crt: Markup {
        guard let report = sections.first(where: { $0.0 == CRTSection.fileName }) else {
            return section(.crt, "CRT 3.C rice cultivation", [paragraph("No CRT table was written.")])
        }
        return section(.crt, "CRT 3.C rice cultivation", [table(report.0, report.1)])
    }

    private var regions: Markup {
        let intervals = state.summary.processDraws.map { RegionIntervals.inventory(aggregate, $0) }
            ?? state.monteCarlo.map { RegionIntervals.inventory(aggregate, $0) } ?? [:]
        let bars = aggregate.byRegion.keys.sorted().map { r in
            BarChart.Bar(label: r, value: aggregate.byRegion[r]!.co2eT, low: intervals[r]?.low95, high: intervals[r]?.high95)
        }
        guard !bars.isEmpty else { return section(.regions, "Emissions by region", [paragraph("No emissions were computed.")]) }
        let note = intervals.isEmpty ? "Bars: the estimate; no interval (no Monte Carlo draws)."
            : "Bars: the estimate; whiskers: the Monte Carlo 95 % interval of each region (the factors or the process model's parameters drawn once for all regions)."
        return section(.regions, "Emissions by region", [
            BarChart(title: "CO2e by region", valueAxis: "CO2e [t]", bars: bars).svg(), .tag("p", ["class": "note"], text: note),
        ])
    }

    private var map: Markup {
        let points = figures.mapPoints.map {
            PointMap.Point(label: $0.id, longitude: $0.longitude!, latitude: $0.latitude!, value: $0.ch4Kg / $0.harvestedHa)
        }
        guard !points.isEmpty else {
            return section(.map, "Map of paddies", [paragraph("No map: the input gives no lat and lon for the paddies with results.")])
        }
        var note = "Each dot is a paddy at its lat/lon, coloured by its CH4 per harvested hectare over its seasons."
        if figures.paddiesWithCoordinates > points.count { note += " The first \(points.count) of \(figures.paddiesWithCoordinates) paddies with coordinates are shown." }
        if figures.paddiesWithResults > figures.paddiesWithCoordinates {
            note += " \(figures.paddiesWithResults - figures.paddiesWithCoordinates) paddies with results have no coordinates."
        }
        return section(.map, "Map of paddies", [
            PointMap(title: "CH4 per harvested hectare", valueLegend: "kg CH4 ha-1", points: points).svg(),
            .tag("p", ["class": "note"], text: note),
        ])
    }

    private var scenarios: Markup {
        guard let sc = state.scenario else { return .empty }
        let rows = ScenarioSummarySection(accounting: sc.accounting, settings: sc.settings, process: state.summary.processDraws).rows().dropFirst()
        let bars = rows.map { BarChart.Bar(label: $0.name, value: $0.change, low: $0.interval?.change.low95, high: $0.interval?.change.high95) }
        let byRegion = state.summary.processDraws.map { RegionIntervals.scenarioChanges(sc.accounting, sc.settings, $0) }
            ?? RegionIntervals.scenarioChanges(sc.accounting, sc.settings)
        var regionBars: [BarChart.Bar] = []
        for (i, ledger) in sc.accounting.ledgers.enumerated().dropFirst() {
            for r in ledger.byRegion.keys.sorted() {
                let change = ledger.byRegion[r]!.co2eT - (ledger.referenceByRegion[r]?.co2eT ?? 0)
                regionBars.append(BarChart.Bar(label: "\(sc.settings.names[i]) · \(r)", value: change,
                                               low: byRegion[i]?[r]?.low95, high: byRegion[i]?[r]?.high95))
            }
        }
        var parts: [Markup] = [
            paragraph("Change of CO2e against the observed practice (negative is a saving), with the Monte Carlo 95 % interval where the scenario is drawn with the baseline's factors or process-model parameters."),
        ]
        if !bars.isEmpty { parts.append(BarChart(title: "Change by scenario", valueAxis: "CO2e change [t]", bars: Array(bars)).svg()) }
        let without = rows.filter { $0.interval == nil }.map(\.name)
        if !without.isEmpty {
            parts.append(.tag("p", ["class": "note"], text: "No interval for \(without.joined(separator: ", ")): no draws were made, or the scenario uses another method or parameter set than the baseline."))
        }
        if !regionBars.isEmpty { parts.append(BarChart(title: "Change by scenario and region", valueAxis: "CO2e change [t]", bars: regionBars).svg()) }
        return section(.scenarios, "Scenarios: what a change in practice would save", parts)
    }

    private var crediting: Markup {
        guard let report = sections.first(where: { $0.0 == CreditingSection.fileName }) else { return .empty }
        let rows = CSVReader.rows(report.1.text)
        let header = rows.first ?? []
        func value(_ row: [String], _ column: String) -> String? { header.firstIndex(of: column).flatMap { $0 < row.count ? row[$0] : nil } }
        let bars = rows.dropFirst().compactMap { row -> BarChart.Bar? in
            guard let first = value(row, "period_start"), let last = value(row, "period_end"),
                  let reductions = value(row, "reductions_co2e_t").flatMap(Double.init) else { return nil }
            return BarChart.Bar(label: "\(first) to \(last)", value: reductions, low: value(row, "reductions_low95_co2e_t").flatMap(Double.init),
                                high: value(row, "reductions_high95_co2e_t").flatMap(Double.init))
        }
        return section(.crediting, "Crediting periods", [
            paragraph("Emission reductions per monitoring period: the counterfactual (baseline) practice minus the observed (project) practice, with the Monte Carlo 95 % interval; credited: after the methodology's uncertainty deduction."),
            BarChart(title: "Emission reductions by monitoring period", valueAxis: "reductions CO2e [t]", bars: bars).svg(),
            table(report.0, report.1),
        ])
    }

    private var evidence: Markup {
        let e = figures.evidence
        guard e.seasonDays > 0 else { return section(.evidence, "Evidence quality", [paragraph("No paddy-season was computed.")]) }
        let shares = [("observed", e.observedDays), ("interpolated", e.interpolatedDays), ("missing", e.missingDays)]
        let bars = shares.map { BarChart.Bar(label: "\($0.0) days", value: 100 * $0.1 / e.seasonDays) }
        return section(.evidence, "Evidence quality", [
            paragraph("Of the \(Figures.format(e.seasonDays, significant: 6)) season days, \(Figures.percent(e.observedDays / e.seasonDays)) had an observation, \(Figures.percent(e.interpolatedDays / e.seasonDays)) were interpolated between observations (gaps up to \(manifest.settings.maxGapDays) days) and \(Figures.percent(e.missingDays / e.seasonDays)) stayed missing. Of \(e.events) drainage events, \(e.inferredEvents) lie partly between observations (inferred)."),
            BarChart(title: "Season days by evidence", valueAxis: "share of season days [%]", bars: bars).svg(),
        ])
    }

    private var paddies: Markup {
        guard !figures.plots.isEmpty else {
            return section(.paddies, "Water level of chosen paddies", [paragraph("No paddy to plot: none of the paddies named was read.")])
        }
        var parts: [Markup] = [paragraph("Water level relative to the soil surface (positive: ponded). Green bands: the cultivation seasons; orange bands: drainage events under the rule \(manifest.settings.method.drainageRule).")]
        for f in figures.plots { parts += plot(f) }
        return section(.paddies, "Water level of chosen paddies", parts)
    }

    private func plot(_ f: PaddyFigure) -> [Markup] {
        guard let p = f.plot else { return [] }
        let w = p.water, calendar = w.calendar
        let label: @Sendable (Int) -> String = { calendar.date(ofDay: $0).description }
        let ticks = LineChart.monthStarts(calendar, firstDay: w.firstDay, dayCount: w.dayCount)
        let levels: [Double?] = zip(w.levelCm, w.quality).map { $1 == .missing ? nil : Double($0) }
        let bands = p.seasons.map { LineChart.Band(label: "season \(label($0.firstDay)) to \(label($0.lastDay))", firstDay: $0.firstDay, lastDay: $0.lastDay, cls: "season") }
            + p.events.map { LineChart.Band(label: "drainage from \(label($0.firstDay)), \($0.days) d", firstDay: $0.firstDay, lastDay: $0.firstDay + $0.days - 1, cls: "drainage") }
        var out: [Markup] = [LineChart(title: "Paddy \(f.id): water level", valueAxis: "water level [cm]", firstDay: w.firstDay, dayCount: w.dayCount,
                                       series: [.init(name: "water level [cm]", values: levels, cls: "water")], bands: bands,
                                       dateLabel: label, dateTicks: ticks, reference: (0, "soil surface")).svg()]
        if !p.flux.isEmpty {
            var flux = [Double?](repeating: nil, count: w.dayCount)
            for (first, values) in p.flux {
                for (k, v) in values.enumerated() where first + k - w.firstDay >= 0 && first + k - w.firstDay < flux.count { flux[first + k - w.firstDay] = Double(v) }
            }
            out.append(LineChart(title: "Paddy \(f.id): daily CH4 flux (process model)", valueAxis: "CH4 flux [g m-2 d-1]", firstDay: w.firstDay,
                                 dayCount: w.dayCount, series: [.init(name: "CH4 flux [g m-2 d-1]", values: flux, cls: "flux")],
                                 bands: bands.filter { $0.cls == "season" }, dateLabel: label, dateTicks: ticks).svg())
        }
        return out
    }

    private var tables: Markup {
        let tables: [Markup] = sections.map { name, report in
            Markup.tag("details", [:], [.tag("summary", text: name), table(name, report)])
        }
        return section(.tables, "Every summary table", tables + [
            paragraph("The row reports (paddy_seasons.csv, drainage_events.csv, rejected.csv and, for scenarios, scenario_paddy_seasons.csv) are in the output folder; the data dictionary is in README.md and in the workbook (--xlsx)."),
        ])
    }

    /// A report as an HTML table: units in the headers, numbers right-aligned.
    private func table(_ fileName: String, _ report: ReportText) -> Markup {
        let rows = CSVReader.rows(report.text).dropFirst()
        let head = Markup.tag("tr", [:], report.columns.map { c in
            Markup.tag("th", ["title": DataDictionary.entry(file: fileName, column: c.name)?.meaning ?? ""],
                       [.breakable(DataDictionary.header(file: fileName, column: c.name))])
        })
        let body = rows.map { row in
            Markup.tag("tr", [:], zip(row, report.columns).map { cell, c in
                c.kind == .number ? Markup.tag("td", ["class": "num"], text: cell)
                    : DataDictionary.entry(file: fileName, column: c.name)?.unit == "date" ? Markup.tag("td", ["class": "date"], text: cell)
                    : Markup.tag("td", [:], text: cell)
            })
        }
        return .tag("div", ["class": "table-wrap"], [.tag("table", [:], [.tag("thead", [:], [head]), .tag("tbody", [:], body)])])
    }

    static let css = """
    body{font-family:sans-serif;margin:24px auto;max-width:1000px;color:#222;line-height:1.45;padding:0 16px}
    h1{font-size:1.6em;margin-bottom:0}h2{font-size:1.25em;border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:32px}
    .meta,.note{color:#666;font-size:.85em}.total{font-size:1.1em;font-weight:bold}
    table{border-collapse:collapse;font-size:.75em;margin:8px 0}th,td{border:1px solid #ddd;padding:3px 6px;vertical-align:top}
    th{background:#f2f2f2;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}td.num,td.date{white-space:nowrap}
    .table-wrap{overflow-x:auto}details{margin:6px 0}summary{cursor:pointer;font-weight:bold}
    svg.chart{display:block;margin:12px 0;max-width:100%;height:auto;font-family:sans-serif}
    .chart-title{font-size:14px;font-weight:bold}.label{font-size:11px;fill:#333}.axis-title{font-size:12px;fill:#333}
    .legend-title{font-size:12px;font-weight:bold}.grid{stroke:#e6e6e6}.axis{stroke:#555}
    .bar{fill:#4682b4}.bar.negative{fill:#2e8b57}.errorbar{stroke:#111;stroke-width:1.5}
    .band.season{fill:#2e8b57;opacity:.12}.band.drainage{fill:#ff8c00;opacity:.35}
    .series{fill:none;stroke-width:1.5}.series.water{stroke:#1f5fa8}.series.flux{stroke:#b22222}
    .reference{stroke:#8b4513;stroke-dasharray:4 3}svg .note{font-size:11px;fill:#8b4513;paint-order:stroke;stroke:#fff;stroke-width:3px}.frame{fill:#fafafa;stroke:#bbb}.point{stroke:#555;stroke-width:.5}.swatch{stroke:#999}
    """
}
