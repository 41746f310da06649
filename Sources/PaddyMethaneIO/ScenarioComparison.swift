public import PaddyMethane
public import Foundation

/// Counts and totals of a scenario run.
public struct ScenarioSummary: Sendable {
    public var run = RunSummary()
    /// Expected totals per scenario (index 0 is the baseline).
    public var totals: [EmissionTotals] = []
    /// The observed practice computed with each scenario's method: what its change is measured from.
    public var references: [EmissionTotals] = []
}

/// Runs a scenario plan over a file: the baseline inventory (the same reports as `run`), every
/// scenario's counterfactual paddy-seasons, the comparison with uncertainty and, when asked, the
/// crediting view and the transformed water series.
public struct ScenarioComparison: Sendable {
    public let plan: ScenarioPlan
    public let options: RunOptions
    /// Write every scenario's daily water series to this NetCDF file.
    public var seriesOutput: URL?

    public init(plan: ScenarioPlan, options: RunOptions, seriesOutput: URL? = nil) {
        self.plan = plan
        self.options = options
        self.seriesOutput = seriesOutput
    }

    /// Per-scenario accumulators, filled in paddy order.
    private struct Accumulator {
        var totals = EmissionTotals()
        /// The observed practice computed with this scenario's method (the comparison's reference).
        var reference = EmissionTotals()
        var referenceByRegion: [String: EmissionTotals] = [:]
        var adoptedAreaHa = 0.0
        var byRegion: [String: EmissionTotals] = [:]
        /// Σ days × area per IPCC category: the adopted share and the rest (baseline practice).
        var weights = CategoryWeights()
        /// Crediting: per monitoring period, counterfactual and observed weights and totals.
        var periods: [Int: (counterfactual: CategoryWeights, observed: CategoryWeights, totals: (cf: Double, obs: Double), area: Double, seasons: Int)] = [:]
    }

    public func run(_ reader: some PaddySource, into directory: URL, provenance: [(String, String)]) throws -> ScenarioSummary {
        let reports = try InventoryReports(directory: directory)
        let rows = try AtomicFile(directory.appendingPathComponent("scenario_paddy_seasons.csv"))
        var series: PaddySeriesWriter? = nil
        do {
            try rows.write("scenario,paddy_id,region,season_start,season_end,days,area_ha,adoption_fraction,water_regime_baseline,water_regime_scenario,drainage_events_scenario,organic_amendment_t_ha_scenario,ch4_kg_baseline,ch4_kg_adopted,ch4_kg_expected,co2e_t_expected,method\n")
            if let url = seriesOutput {
                guard let span = reader.timeSpan else { throw InputError(path: reader.path, "writing series needs a time axis shared by all paddies (orthogonal layout)") }
                series = try PaddySeriesWriter(
                    url: url, variable: .init(name: "water_level", units: "cm", longName: "field water level relative to the soil surface, per scenario",
                                              comment: "baseline: as read and gap-filled; scenarios: the counterfactual series within seasons"),
                    layers: ["baseline"] + plan.scenarios.map(\.name), paddies: reader.paddyCount, span: span,
                    calendar: reader.calendar, blockSize: options.blockSize, provenance: provenance)
            }
            let summary = try process(reader, reports, rows, series)
            try RegionReference.check(plan.namedRegions + options.namedRegions, present: summary.summary.regionsSeen)
            try series?.commit()
            try finish(summary.accumulators, summary.summary, reports, rows, directory, reader.calendar, provenance)
            var out = ScenarioSummary(run: summary.summary)
            out.totals = summary.accumulators.map(\.totals)
            out.references = summary.accumulators.map(\.reference)
            return out
        } catch {
            series?.discard()
            rows.discard()
            reports.discard()
            throw error
        }
    }

    private func process(_ reader: some PaddySource, _ reports: InventoryReports, _ rows: AtomicFile,
                         _ series: PaddySeriesWriter?) throws -> (summary: RunSummary, accumulators: [Accumulator]) {
        var summary = RunSummary()
        var aggregate = InventoryAggregate()
        var acc = [Accumulator](repeating: Accumulator(), count: plan.scenarios.count + 1)
        let plan = self.plan
        let writeSeries = series != nil
        let periods = plan.crediting.map { MonitoringPeriods(start: $0.periodStart, months: $0.periodMonths, calendar: reader.calendar) }
        let creditIndex = plan.crediting.flatMap { c in plan.scenarios.firstIndex { $0.name == c.baselineScenario } }
        typealias Extra = (scenarios: [[ScenarioSeasonResult]], series: [DailyWaterSeries])
        try PaddyStream(reader: reader, options: options).run(summary: &summary, evaluate: { paddy in
            let base = plan.baseline.evaluate(paddy)
            let seasons = base.results.map(\.assessment.window)
            let perScenario = plan.scenarios.map { $0.evaluate(paddy, baseline: base) }
            let transformed = writeSeries ? [paddy.water] + plan.scenarios.map {
                $0.counterfactual(paddy, seasons: seasons, amendments: base.results.first?.amendments ?? []).water
            } : []
            return PaddyStream.Item<Extra>(outcome: base, extra: (perScenario, transformed))
        }, consume: { start, records, items in
            for item in items {
                try reports.write(InventoryReports.rows(item.outcome, rule: plan.baseline.configuration.drainageRule.name, calendar: reader.calendar,
                                                           ipccFactors: plan.baseline.configuration.isIPCC))
                for r in item.outcome.results {
                    aggregate.add(r)
                    acc[0].totals.add(r)
                    acc[0].reference.add(r)
                    acc[0].byRegion[r.region ?? InventoryAggregate.noRegion, default: EmissionTotals()].add(r)
                    acc[0].referenceByRegion[r.region ?? InventoryAggregate.noRegion, default: EmissionTotals()].add(r)
                    acc[0].weights.add(FactorCategory(r), haDays: Double(r.days) * r.areaHa)
                }
                guard let extra = item.extra else { continue }
                for (s, results) in extra.scenarios.enumerated() {
                    let scenario = plan.scenarios[s]
                    for x in results {
                        try rows.write(Self.row(scenario.name, x))
                        var a = acc[s + 1]
                        a.totals.add(areaHa: x.baseline.areaHa, amendmentT: x.adoptionFraction * x.adopted.amendmentRateTPerHa * x.adopted.areaHa
                                        + (1 - x.adoptionFraction) * x.baseline.amendmentRateTPerHa * x.baseline.areaHa,
                                     ch4Kg: x.expectedCH4Kg, co2eT: x.expectedCO2eT)
                        a.reference.add(x.baseline)
                        a.adoptedAreaHa += x.adoptionFraction * x.baseline.areaHa
                        let region = x.baseline.region ?? InventoryAggregate.noRegion
                        a.byRegion[region, default: EmissionTotals()]
                            .add(areaHa: x.baseline.areaHa, amendmentT: 0, ch4Kg: x.expectedCH4Kg, co2eT: x.expectedCO2eT)
                        a.referenceByRegion[region, default: EmissionTotals()].add(x.baseline)
                        let haDays = Double(x.baseline.days) * x.baseline.areaHa
                        a.weights.add(FactorCategory(x.adopted), haDays: haDays * x.adoptionFraction)
                        a.weights.add(FactorCategory(x.baseline), haDays: haDays * (1 - x.adoptionFraction))
                        if s == creditIndex, let periods, x.adoptionFraction > 0 {
                            // The project fields: the share the baseline practice applies to.
                            let f = x.adoptionFraction
                            let p = periods.index(ofDay: x.baseline.assessment.window.lastDay)
                            var entry = a.periods[p] ?? (CategoryWeights(), CategoryWeights(), (0, 0), 0, 0)
                            entry.counterfactual.add(FactorCategory(x.adopted), haDays: haDays * f)
                            entry.observed.add(FactorCategory(x.baseline), haDays: haDays * f)
                            entry.totals.cf += x.adopted.co2eT * f
                            entry.totals.obs += x.baseline.co2eT * f
                            entry.area += x.baseline.areaHa * f
                            entry.seasons += 1
                            a.periods[p] = entry
                        }
                        acc[s + 1] = a
                    }
                }
            }
            if let series {
                try series.writeIDs(start: start, ids: records.map(\.paddyID))
                for layer in 0...plan.scenarios.count {
                    try series.write(start: start, layer: layer, rows: items.map { item in
                        guard let s = item.extra?.series, layer < s.count else { return [] }
                        return [(s[layer].firstDay, s[layer].levelCm)]
                    })
                }
            }
        })
        summary.aggregate = aggregate
        return (summary, acc)
    }

    private static func row(_ name: String, _ x: ScenarioSeasonResult) -> [UInt8] {
        let b = x.baseline, a = x.adopted
        var row = CSVRow()
        row.text(name)
        row.text(b.paddyID)
        row.text(b.region ?? "")
        row.text(b.calendar.date(ofDay: b.assessment.window.firstDay).description)
        row.text(b.calendar.date(ofDay: b.assessment.window.lastDay).description)
        row.int(b.days)
        row.number(b.areaHa, decimals: 6)
        row.number(x.adoptionFraction, decimals: 4)
        row.text(b.assessment.regime.rawValue)
        row.text(a.assessment.regime.rawValue)
        row.int(a.assessment.events.count)
        row.number(a.amendmentRateTPerHa, decimals: 3)
        row.number(b.ch4Kg, decimals: 6)
        row.number(a.ch4Kg, decimals: 6)
        row.number(x.expectedCH4Kg, decimals: 6)
        row.number(x.expectedCO2eT, decimals: 6)
        row.text(a.method)
        row.end()
        return row.bytes
    }

    /// Writes the comparison tables, the crediting view and the manifest, then commits every file.
    private func finish(_ acc: [Accumulator], _ run: RunSummary, _ reports: InventoryReports, _ rows: AtomicFile,
                        _ directory: URL, _ calendar: CFCalendar, _ provenance: [(String, String)]) throws {
        let names = ["baseline"] + plan.scenarios.map(\.name)
        let engines = [plan.baseline] + plan.scenarios.map(\.engine)
        // Monte Carlo: one set of draws shared by every scenario whose method is IPCC with the same
        // parameter set as the baseline, so that differences are computed draw by draw.
        let model = FactorModel(parameters: plan.baseline.configuration.parameters)
        let comparable = engines.map(plan.drawsWithBaseline)
        let gwp = plan.baseline.configuration.gwp.value / 1000
        let mcSets = acc.indices.filter { comparable[$0] }
        let draws = plan.draws > 0 ? MonteCarlo(model: model, draws: plan.draws, seed: plan.seed).totals(mcSets.map { acc[$0].weights }) : []
        func drawsOf(_ i: Int) -> [Double]? { mcSets.firstIndex(of: i).flatMap { draws.isEmpty ? nil : draws[$0] } }

        var summary = "scenario,paddy_seasons,area_ha,adopted_area_ha,ch4_t,co2e_t,co2e_t_change,change_pct,co2e_t_low95,co2e_t_high95,co2e_t_change_low95,co2e_t_change_high95,approach1_u95_pct,interval_method\n"
        for i in acc.indices {
            let t = acc[i].totals
            let base = acc[i].reference
            var row = CSVRow()
            row.text(names[i])
            row.int(t.seasons)
            row.number(t.areaHa, decimals: 4)
            row.number(i == 0 ? t.areaHa : acc[i].adoptedAreaHa, decimals: 4)
            row.number(t.ch4Kg / 1000, decimals: 6)
            row.number(t.co2eT, decimals: 6)
            row.number(t.co2eT - base.co2eT, decimals: 6)
            row.number(base.co2eT > 0 ? 100 * (t.co2eT - base.co2eT) / base.co2eT : 0, decimals: 3)
            if let d = drawsOf(i), let b = drawsOf(0), acc[i].reference == acc[0].reference {
                let level = DrawSummary(d.map { $0 * gwp })
                let change = DrawSummary(zip(d, b).map { ($0 - $1) * gwp })
                row.number(level.low95, decimals: 6)
                row.number(level.high95, decimals: 6)
                row.number(change.low95, decimals: 6)
                row.number(change.high95, decimals: 6)
                row.number(100 * model.approach1(acc[i].weights), decimals: 3)
                row.text("approach2-monte-carlo \(plan.draws) draws, seed \(plan.seed)")
            } else {
                for _ in 0..<5 { row.empty() }
                row.text("none: process model or another parameter set")
            }
            row.end()
            summary += String(decoding: row.bytes, as: UTF8.self)
        }
        var regions = "scenario,region,paddy_seasons,area_ha,ch4_t,co2e_t,co2e_t_change\n"
        for i in acc.indices {
            for region in acc[i].byRegion.keys.sorted() {
                let t = acc[i].byRegion[region]!
                var row = CSVRow()
                row.text(names[i])
                row.text(region)
                row.int(t.seasons)
                row.number(t.areaHa, decimals: 4)
                row.number(t.ch4Kg / 1000, decimals: 6)
                row.number(t.co2eT, decimals: 6)
                row.number(t.co2eT - (acc[i].referenceByRegion[region]?.co2eT ?? 0), decimals: 6)
                row.end()
                regions += String(decoding: row.bytes, as: UTF8.self)
            }
        }
        var files: [(String, String)] = [("scenario_summary.csv", summary), ("scenario_regions.csv", regions)]
        if let c = plan.crediting, let s = plan.scenarios.firstIndex(where: { $0.name == c.baselineScenario }) {
            files.append(("crediting.csv", creditingTable(acc[s + 1], c, calendar, model: comparable[s + 1] ? model : nil, gwp: gwp)))
        }
        var committed: [AtomicFile] = []
        for (name, text) in files {
            let f = try AtomicFile(directory.appendingPathComponent(name))
            try f.write(text)
            committed.append(f)
        }
        let manifest: [(String, String)] = provenance + plan.files.map { ($0.0, $0.1) } + [
            ("scenario_title", plan.title),
            ("scenarios", names.joined(separator: ", ")),
            ("monte_carlo", "\(plan.draws) draws, seed \(plan.seed), lognormal factors with median at the published value"),
            run.status,
            ("paddies_read", String(run.paddiesRead)),
            ("paddies_with_results", String(run.paddiesWithResults)),
            ("paddies_rejected", String(run.paddiesRejected)),
            ("paddy_seasons", String(run.seasons)),
            ("season_rejections", String(run.seasonRejections)),
            ("reconciled", String(run.paddiesRead == run.paddiesWithResults + run.paddiesRejected)),
        ]
        try rows.commit()
        for f in committed { try f.commit() }
        let baseline = plan.baseline.configuration
        let uncertainty = plan.draws > 0 && baseline.isIPCC
            ? UncertaintySettings(model: model, draws: plan.draws, seed: plan.seed, gwp: baseline.gwp.value) : nil
        try reports.finish(aggregate: run.aggregate, manifest: manifest, uncertainty: uncertainty)
    }

    /// Emission reductions per monitoring period: the counterfactual (baseline practice) minus the
    /// observed practice, with the methodology's uncertainty deduction.
    private func creditingTable(_ a: Accumulator, _ c: CreditingSettings, _ calendar: CFCalendar, model: FactorModel?, gwp: Double) -> String {
        let periods = MonitoringPeriods(start: c.periodStart, months: c.periodMonths, calendar: calendar)
        var out = "period_start,period_end,paddy_seasons,area_ha,baseline_co2e_t,project_co2e_t,reductions_co2e_t,reductions_low95_co2e_t,reductions_high95_co2e_t,credited_co2e_t,methodology,n2o_deducted\n"
        for p in a.periods.keys.sorted() {
            let e = a.periods[p]!
            let reductions = e.totals.cf - e.totals.obs
            var interval: DrawSummary? = nil
            if let model, plan.draws > 0 {
                let t = MonteCarlo(model: model, draws: plan.draws, seed: plan.seed &+ UInt64(bitPattern: Int64(p))).totals([e.counterfactual, e.observed])
                interval = DrawSummary(zip(t[0], t[1]).map { ($0 - $1) * gwp })
            }
            let (first, last) = periods.bounds(p)
            var row = CSVRow()
            row.text(first.description)
            row.text(last.description)
            row.int(e.seasons)
            row.number(e.area, decimals: 4)
            row.number(e.totals.cf, decimals: 6)
            row.number(e.totals.obs, decimals: 6)
            row.number(reductions, decimals: 6)
            for v in [interval?.low95, interval?.high95, c.rule.credited(reductions: reductions, low95: interval?.low95)] {
                if let v { row.number(v, decimals: 6) } else { row.empty() }
            }
            row.text(c.rule.name)
            row.text("no")
            row.end()
            out += String(decoding: row.bytes, as: UTF8.self)
        }
        return out
    }
}

extension RunConfiguration {
    var isIPCC: Bool { if case .ipcc = method { true } else { false } }
}
