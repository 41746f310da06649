public import PaddyMethane
public import Foundation

/// Counts and totals of a scenario run.
public struct ScenarioSummary: Sendable {
    public var run = RunSummary()
    /// The accounting of every scenario (ledger 0 is the baseline) and the crediting ledger.
    public var accounting: ScenarioAccounting
}

/// Runs a scenario plan over a file: the baseline inventory (the same reports as `run`), every
/// scenario's counterfactual paddy-seasons, the comparison with uncertainty and, when asked, the
/// crediting view and the transformed water series. With `options.shard`, it writes a shard for
/// `merge`. The accounting is the domain's `ScenarioAccounting`; this type streams and writes.
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

    /// The names of the ledgers: the baseline, then the scenarios.
    var names: [String] { ["baseline"] + plan.scenarios.map(\.name) }

    /// What the scenario reports need besides the accounting.
    var reportSettings: ScenarioReportSettings {
        let baseline = plan.baseline.configuration
        return ScenarioReportSettings(
            names: names, drawnWithBaseline: ([plan.baseline] + plan.scenarios.map(\.engine)).map(plan.drawsWithBaseline),
            monteCarlo: MonteCarloSettings(parameters: baseline.parameters, draws: plan.draws, seed: plan.seed, gwp: baseline.gwp.value),
            creditingRule: plan.crediting?.rule)
    }

    /// The Monte Carlo of the baseline inventory's uncertainty table (IPCC baseline with draws).
    var inventoryMonteCarlo: MonteCarloSettings? {
        plan.draws > 0 && plan.baseline.usesIPCCFactors ? reportSettings.monteCarlo : nil
    }

    public func run(_ reader: some PaddySource, into directory: URL, settings: RunSettings,
                    invocation: Invocation = .current()) throws -> ScenarioSummary {
        let reports = try InventoryReports(directory: directory, scenarioRows: true, documents: options.documents)
        var series: PaddySeriesWriter? = nil
        do {
            if let url = seriesOutput {
                guard options.shard == nil else { throw InputError(path: reader.path, "the scenario series cannot be written by a shard: run without --shard") }
                guard let span = reader.timeSpan else { throw InputError(path: reader.path, "writing series needs a time axis shared by all paddies (orthogonal layout)") }
                series = try PaddySeriesWriter(
                    url: url, variable: .init(name: "water_level", units: "cm", longName: "field water level relative to the soil surface, per scenario",
                                              comment: "baseline: as read and gap-filled; scenarios: the counterfactual series within seasons"),
                    layers: names, paddies: reader.paddyCount, span: span,
                    calendar: reader.calendar, blockSize: options.blockSize, provenance: settings.attributes(invocation))
            }
            let (summary, accounting, ids) = try process(reader, reports, series)
            let namedRegions = plan.namedRegions + options.namedRegions
            // A shard sees only some regions: `merge` checks the regions of all shards.
            if options.shard == nil { try RegionReference.check(namedRegions, present: summary.regionsSeen) }
            try series?.commit()
            let state = RunState(summary: summary, monteCarlo: inventoryMonteCarlo,
                                 scenario: RunState.Scenario(accounting: accounting, settings: reportSettings))
            try reports.complete(state, settings: settings, invocation: invocation, shard: options.shard,
                                 paddyCount: reader.paddyCount, namedRegions: namedRegions, ids: ids)
            return ScenarioSummary(run: summary, accounting: accounting)
        } catch {
            series?.discard()
            reports.discard()
            throw error
        }
    }

    /// A paddy's outcome under the baseline and the scenarios: the rows (formatted on the compute
    /// threads), the per-scenario results and, when written, the transformed series.
    private struct Extra: Sendable {
        var rows: InventoryReports.Rows
        /// The scenarios' seasons, or the first season whose model check failed.
        var scenarios: Result<[[ScenarioSeasonResult]], Rejection>
        var series: [DailyWaterSeries]
    }

    private func process(_ reader: some PaddySource, _ reports: InventoryReports, _ series: PaddySeriesWriter?)
        throws -> (RunSummary, ScenarioAccounting, [UInt64]) {
        var summary = RunSummary()
        var aggregate = InventoryAggregate()
        let plan = self.plan
        let names = self.names
        let writeSeries = series != nil
        let calendar = reader.calendar
        let rule = plan.baseline.configuration.drainageRule.name
        let columns = plan.baseline.reportColumns
        let documents = options.documents
        var accounting = ScenarioAccounting(scenarios: plan.scenarios.count, crediting: plan.crediting.flatMap { c in
            plan.scenarios.firstIndex { $0.name == c.baselineScenario }.map {
                (MonitoringPeriods(start: c.periodStart, months: c.periodMonths, calendar: calendar), $0 + 1)
            }
        })
        let ids = try PaddyStream(reader: reader, options: options).run(summary: &summary, evaluate: { paddy in
            let base = plan.baseline.evaluate(paddy)
            let seasons = base.results.map(\.assessment.window)
            let perScenario = Result { () throws(Rejection) in try plan.scenarios.map { s throws(Rejection) in try s.evaluate(paddy, baseline: base) } }
            let transformed = writeSeries ? [paddy.water] + plan.scenarios.map {
                $0.counterfactual(paddy, seasons: seasons, amendments: base.results.first?.amendments ?? []).water
            } : []
            var rows = InventoryReports.rows(base, rule: rule, calendar: calendar, columns: columns)
            rows.figure = documents.figure(paddy, base)
            if case .success(let results) = perScenario { rows.scenarioSeasons = ScenarioSeasonRows.bytes(Array(names.dropFirst()), results) }
            return PaddyStream.Item(outcome: base, extra: Extra(rows: rows, scenarios: perScenario, series: transformed))
        }, consume: { start, records, items in
            for item in items {
                try reports.write(item.extra?.rows ?? InventoryReports.rows(item.outcome, rule: rule, calendar: calendar, columns: columns), outcome: item.outcome)
                for r in item.outcome.results { aggregate.add(r) }
                // A scenario season whose model check fails stops the run, naming the paddy and season.
                accounting.add(baseline: item.outcome.results, scenarios: try item.extra?.scenarios.get() ?? [])
            }
            if let series {
                try series.writeIDs(start: start, ids: records.map(\.paddyID))
                for layer in names.indices {
                    try series.write(start: start, layer: layer, rows: items.map { item in
                        guard let s = item.extra?.series, layer < s.count else { return [] }
                        return [(s[layer].firstDay, s[layer].levelCm)]
                    })
                }
            }
        })
        summary.aggregate = aggregate
        return (summary, accounting, ids)
    }
}

