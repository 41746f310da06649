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
    /// Earlier seasons of the fields (`scenarios --history FILE`), by paddy id, for the
    /// look-back baselines of the crediting view.
    public var history: CreditingHistory

    public init(plan: ScenarioPlan, options: RunOptions, seriesOutput: URL? = nil, history: CreditingHistory = CreditingHistory()) {
        self.plan = plan
        self.options = options
        self.seriesOutput = seriesOutput
        self.history = history
    }

    /// The names of the ledgers: the baseline, then the scenarios.
    var names: [String] { ["baseline"] + plan.scenarios.map(\.name) }

    /// What the scenario reports need besides the accounting.
    var reportSettings: ScenarioReportSettings {
        let baseline = plan.baseline.configuration
        return ScenarioReportSettings(
            names: names, drawnWithBaseline: engines.map(plan.drawsWithBaseline),
            processDrawnWithBaseline: engines.map(plan.processDrawsWithBaseline),
            monteCarlo: MonteCarloSettings(parameters: baseline.parameters, draws: plan.draws, seed: plan.seed, gwp: baseline.gwp.value),
            creditingRules: plan.crediting?.rules, creditingPeriodMonths: plan.crediting?.periodMonths)
    }

    /// The engines of the ledgers: the baseline's, then the scenarios'.
    var engines: [InventoryEngine] { [plan.baseline] + plan.scenarios.map(\.engine) }

    /// The Monte Carlo of the baseline inventory's uncertainty table (IPCC baseline with draws).
    var inventoryMonteCarlo: MonteCarloSettings? {
        plan.draws > 0 && plan.baseline.usesIPCCFactors ? reportSettings.monteCarlo : nil
    }

    public func run(_ reader: some PaddySource, into directory: URL, settings: RunSettings,
                    invocation: Invocation = .current()) throws -> ScenarioSummary {
        try run(reader, into: directory, settings: { settings }, invocation: invocation)
    }

    /// `run` with settings made when first needed: at the end, unless the series output records
    /// them at its start (so that an input checksum computed beside the run is waited for last).
    public func run(_ reader: some PaddySource, into directory: URL, settings make: @escaping () throws -> RunSettings,
                    invocation: Invocation = .current()) throws -> ScenarioSummary {
        var settings = DeferredSettings(make)
        let reports = try InventoryReports(directory: directory, scenarioRows: true, monitoringRows: plan.crediting != nil,
                                           reporting: options.reporting, documents: options.documents)
        var series: PaddySeriesWriter? = nil
        do {
            if let url = seriesOutput {
                guard options.shard == nil else { throw InputError(path: reader.path, "the scenario series cannot be written by a shard: run without --shard") }
                guard let span = reader.timeSpan else { throw InputError(path: reader.path, "writing series needs a time axis shared by all paddies (orthogonal layout)") }
                series = try PaddySeriesWriter(
                    url: url, variable: .init(name: "water_level", units: "cm", longName: "field water level relative to the soil surface, per scenario",
                                              comment: "baseline: as read and gap-filled; scenarios: the counterfactual series within seasons"),
                    layers: names, paddies: reader.paddyCount, span: span,
                    calendar: reader.calendar, blockSize: options.blockSize, provenance: try settings.value().attributes(invocation))
            }
            let (summary, accounting, breakdowns, ids) = try process(reader, reports, series)
            let namedRegions = plan.namedRegions + options.namedRegions
            // A shard sees only some regions: `merge` checks the regions of all shards.
            if options.shard == nil { try RegionReference.check(namedRegions, present: summary.regionsSeen) }
            try series?.commit()
            let state = RunState(summary: summary, monteCarlo: inventoryMonteCarlo,
                                 reporting: options.reporting.resolved(seasons: plan.baseline.configuration.seasonCalendar),
                                 scenario: RunState.Scenario(accounting: accounting, settings: reportSettings, breakdowns: breakdowns))
            try reports.complete(state, settings: try settings.value(), invocation: invocation, shard: options.shard,
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
        var crediting: CreditingField?
    }

    private func process(_ reader: some PaddySource, _ reports: InventoryReports, _ series: PaddySeriesWriter?)
        throws -> (RunSummary, ScenarioAccounting, [Breakdowns], [UInt64]) {
        var summary = RunSummary()
        var aggregate = InventoryAggregate()
        let plan = self.plan
        let names = self.names
        let writeSeries = series != nil
        let calendar = reader.calendar
        let format = reports.format(rule: plan.baseline.configuration.drainageRule.name, calendar: calendar,
                                    columns: plan.baseline.reportColumns)
        let reporting = options.reporting, seasonCalendar = plan.baseline.configuration.seasonCalendar
        var breakdowns = Array(repeating: Breakdowns(), count: names.count)
        let crediting = plan.crediting.map { c in
            CreditingCalculator(rules: c.rules, periods: c.periods(calendar), projectStart: c.projectStart,
                                configuration: plan.baseline.configuration)
        }
        let history = self.history
        var accounting = ScenarioAccounting(scenarios: plan.scenarios.count, crediting: crediting?.periods)
        let documents = options.documents
        // The process model's draws: the baseline's, and each scenario's drawn with it (nil: not drawn).
        let drawn = engines.map { e in plan.processDrawsWithBaseline(e) ? e.processUncertainty!.drawn(draws: plan.processDraws, seed: plan.seed) : nil }
        let gwp = plan.baseline.configuration.gwp.value
        var processDraws = drawn[0].map { ProcessDrawSums(draws: $0.count, seed: plan.seed, gwp: gwp) }
        let ids = try PaddyStream(reader: reader, options: options).run(summary: &summary, evaluate: { paddy in
            // Every season is computed (the pre-season follows the previous season whatever its
            // year), then the seasons of other years than the inventory year are left out.
            let all = plan.baseline.evaluate(paddy)
            let seasons = all.results.map(\.assessment.window)
            let base = reporting.scope(all, calendar: calendar)
            let perScenario = Result { () throws(Rejection) in
                try plan.scenarios.map { s throws(Rejection) in try reporting.scope(s.evaluate(paddy, baseline: all), calendar: calendar) }
            }
            let transformed = writeSeries ? [paddy.water] + plan.scenarios.map {
                $0.counterfactual(paddy, seasons: seasons, amendments: all.results.first?.amendments ?? []).water
            } : []
            var rows = InventoryReports.rows(base, format: format)
            rows.figure = documents.figure(paddy, base)
            if case .success(let results) = perScenario { rows.scenarioSeasons = ScenarioSeasonRows.bytes(Array(names.dropFirst()), results) }
            if let baseDrawn = drawn[0] {
                var sums = ProcessDrawSums(draws: baseDrawn.count, seed: plan.seed, gwp: gwp)
                baseDrawn.add(paddy, base.results, seasons: seasonCalendar, into: &sums)
                if case .success(let results) = perScenario {
                    var observed = paddy
                    observed.seasons = seasons
                    for (s, scenario) in plan.scenarios.enumerated() {
                        guard let d = drawn[s + 1], !results[s].isEmpty else { continue }
                        let adopted = scenario.counterfactual(paddy, seasons: seasons, amendments: all.results.first?.amendments ?? [])
                        d.addScenario(observed: observed, adopted: adopted, results[s], ledger: s + 1, seasons: seasonCalendar, into: &sums)
                    }
                }
                rows.processDraws = sums
            }
            // A paddy without any accepted season is in rejected.csv, not in the monitoring report.
            let field = seasons.isEmpty ? nil : crediting.map { $0.evaluate(paddy, seasons: seasons, history: history.seasons[paddy.id] ?? []) }
            if let field, let c = crediting { rows.monitoringFields = MonitoringFieldRows.bytes(field, rules: c.rules, periods: c.periods) }
            return PaddyStream.Item(outcome: base, extra: Extra(rows: rows, scenarios: perScenario, series: transformed, crediting: field))
        }, reduce: { items in
            // The block's exact sums (`ExactSum`), made on the compute side; a failed scenario
            // season stops the run in `consume`, so its paddy's sums are never used.
            var sums = (aggregate: InventoryAggregate(), breakdowns: Array(repeating: Breakdowns(), count: names.count))
            for item in items {
                for r in item.outcome.results {
                    sums.aggregate.add(r)
                    sums.breakdowns[0].add(r, seasons: seasonCalendar, groupBy: reporting.groupBy)
                }
                guard case .success(let scenarios)? = item.extra?.scenarios else { continue }
                for (s, results) in scenarios.enumerated() {
                    for x in results { sums.breakdowns[s + 1].add(x, seasons: seasonCalendar, groupBy: reporting.groupBy) }
                }
            }
            return sums
        }, consume: { start, records, items, sums in
            for item in items {
                try reports.write(item.extra?.rows ?? InventoryReports.rows(item.outcome, format: format), outcome: item.outcome)
                if let d = item.extra?.rows.processDraws { processDraws?.merge(d) }
                // A scenario season whose model check fails stops the run, naming the paddy and season.
                let scenarios = try item.extra?.scenarios.get() ?? []
                accounting.add(baseline: item.outcome.results, scenarios: scenarios, crediting: item.extra?.crediting)
            }
            aggregate.add(sums.aggregate)
            for s in breakdowns.indices { breakdowns[s].merge(sums.breakdowns[s]) }
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
        // The inventory's breakdowns are the baseline's (observed seasons).
        summary.breakdowns = breakdowns[0]
        summary.processDraws = processDraws
        return (summary, accounting, breakdowns, ids)
    }
}


/// Earlier seasons of the fields of a scenario run, read from another file of the same format
/// (`scenarios --history FILE`): each paddy's accepted seasons under the crediting rule set's
/// look-back drainage definition, by paddy id.
public struct CreditingHistory: Sendable {
    public var seasons: [String: [LookbackSeason]] = [:]
    /// The history file, for the manifest.
    public var path: String?

    public init() {}

    /// Reads `source` through the look-back engine of `plan`'s crediting rule set; its
    /// rejected paddies and seasons are not look-back (a field left without enough seasons is
    /// ineligible, with the reason). The calendar must be the input's.
    public static func read(_ source: some PaddySource, plan: ScenarioPlan, calendar: CFCalendar, options: RunOptions) throws -> CreditingHistory {
        guard let c = plan.crediting else {
            throw InputError(path: source.path, "--history needs a crediting block in the scenario file (the look-back of its rule set)")
        }
        guard source.calendar == calendar else {
            throw InputError(path: source.path, "time calendar \(source.calendar) differs from the input's (\(calendar)): the look-back must be in the same calendar")
        }
        let calculator = CreditingCalculator(rules: c.rules, periods: c.periods(calendar), projectStart: c.projectStart,
                                             configuration: plan.baseline.configuration)
        var out = CreditingHistory()
        out.path = source.path
        var summary = RunSummary()
        var streamOptions = options
        streamOptions.shard = nil
        streamOptions.strict = false
        _ = try PaddyStream(reader: source, options: streamOptions).run(summary: &summary, evaluate: { paddy in
            let outcome = calculator.lookbackEngine.evaluate(paddy)
            return PaddyStream.Item(outcome: outcome, extra: (paddy.id, outcome.results.map(LookbackSeason.init)))
        }, consume: { _, _, items in
            for item in items { if let (id, seasons) = item.extra { out.seasons[id, default: []] += seasons } }
        })
        return out
    }
}
