public import PaddyMethane
public import Foundation

/// How a run proceeds.
public struct RunOptions: Sendable {
    /// Paddies read, computed and written at a time; memory grows with this, not with the file.
    public var blockSize = 1024
    /// Threads that compute a block (netCDF reads stay on one thread, under the lock).
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Stop at the first rejected paddy or season instead of listing it in `rejected.csv`.
    public var strict = false
    /// Monte Carlo draws over the IPCC factor ranges (0: none) and their seed.
    public var draws = 1000
    public var seed: UInt64 = 1
    /// Draws over CH4MOD's ranged parameters for the process model (0: none), with `seed`.
    public var processDraws = 0
    /// Write the process model's daily flux to this NetCDF file.
    public var dailyOutput: URL? = nil
    /// Write each grid cell's seasonal CH4 and water regime on the input grid (a `GridSource` only).
    public var gridOutput: URL? = nil
    /// Write the paddy-season and drainage-event rows (for a grid: the per-cell rows).
    public var paddyRows = true
    /// Process only this shard's slice of the paddies and write partial results for `merge`.
    public var shard: Shard? = nil
    /// Called after each block with (paddies done, paddies in the file).
    public var progress: (@Sendable (Int, Int) -> Void)? = nil
    /// Regions named by the run's files (configuration, Tier 2 overrides): a run in which no
    /// paddy has one of them stops before its reports are renamed into place.
    public var namedRegions: [RegionReference] = []
    /// Base year of the Approach 1 trend columns (`approach1_3c.csv`), or nil.
    public var baseYear: Int? = nil
    /// The inventory year, the paddy attributes carried into the reports and the breakdowns.
    public var reporting = ReportingOptions()
    /// The workbook and HTML report to write besides the CSV reports (not by a shard).
    public var documents = ReportDocuments()

    public init() {}
}

/// Shard K of N (1-based): a contiguous slice of the paddies, so that concatenating the shards'
/// rows in shard order gives the rows of one run.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// Parses `K/N`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else { return nil }
        index = k
        count = n
    }

    public init(index: Int, count: Int) {
        precondition(count >= 1 && (1...count).contains(index))
        self.index = index
        self.count = count
    }

    /// The paddies of this shard among `paddies`.
    public func range(of paddies: Int) -> Range<Int> {
        (paddies * (index - 1) / count)..<(paddies * index / count)
    }

    public var description: String { "\(index)/\(count)" }
}

/// Counts that reconcile a run: every paddy read is either in the results or rejected.
public struct RunSummary: Sendable, Codable {
    public var paddiesRead = 0
    public var paddiesWithResults = 0
    public var paddiesRejected = 0
    public var seasons = 0
    public var seasonRejections = 0
    /// Why water-level values were missing (fill or missing_value, valid range, NaN).
    public var levelMasking = MaskCounts()
    public var aggregate = InventoryAggregate()
    /// The regions of the paddies read (not of those the reader rejected before reading a region).
    @SortedWhenEncoded public var regionsSeen: Set<String> = []
    /// With an inventory year: paddies whose every season is harvested in another year, and the
    /// seasons so left out (`out_of_scope.csv`); neither counts as rejected.
    public var paddiesOutOfScope = 0
    public var seasonsOutOfScope = 0
    /// Region × season and attribute breakdowns and the CRT amendments by type.
    public var breakdowns = Breakdowns()
    /// The process model's per-draw sums, when it ran with draws (`ProcessDrawSums`).
    public var processDraws: ProcessDrawSums? = nil

    /// Counts one paddy read and its outcome: results, rejections, seasons out of scope.
    mutating func count(_ outcome: PaddyOutcome) {
        paddiesRead += 1
        seasons += outcome.results.count
        seasonsOutOfScope += outcome.outOfScope.count
        if outcome.results.isEmpty && outcome.rejections.isEmpty && !outcome.outOfScope.isEmpty {
            paddiesOutOfScope += 1
        } else if outcome.results.isEmpty { paddiesRejected += 1 } else {
            paddiesWithResults += 1
            seasonRejections += outcome.rejections.count
        }
    }

    /// Paddies were read and every one of them was rejected: nothing was computed.
    public var everyPaddyRejected: Bool { paddiesRead > 0 && paddiesRejected == paddiesRead }
}

/// A per-paddy problem under `--strict`.
public struct StrictModeError: Error, CustomStringConvertible {
    public let path: String
    public let rejection: Rejection
    public var description: String { "\(path): paddy '\(rejection.paddyID)' (index \(rejection.paddyIndex)): \(rejection.reason)" }
}

/// Streams a file through the inventory engine into the reports.
public struct InventoryRunner: Sendable {
    public let engine: InventoryEngine
    public let options: RunOptions

    public init(engine: InventoryEngine, options: RunOptions) {
        self.engine = engine
        self.options = options
    }

    /// The process model under its parameter draws, for the process model with draws.
    var drawnProcess: DrawnProcessModel? {
        guard options.processDraws > 0, let u = engine.processUncertainty else { return nil }
        return u.drawn(draws: options.processDraws, seed: options.seed)
    }

    /// The Monte Carlo settings, for IPCC methods with draws.
    var monteCarlo: MonteCarloSettings? {
        guard options.draws > 0, let factorParameters = engine.factorParameters else { return nil }
        return MonteCarloSettings(parameters: factorParameters, draws: options.draws,
                                  seed: options.seed, gwp: engine.configuration.gwp.value, baseYear: options.baseYear)
    }

    /// Runs `reader` to the end and writes the reports into `directory`; the manifest records
    /// `settings` and `invocation`.
    /// With `activity`, its rows are added after the paddies (one run: one set of reports and
    /// one Monte Carlo, the factors shared by both).
    public func run(_ reader: some PaddySource, activity: ActivityDataFile? = nil, into directory: URL, settings: RunSettings,
                    invocation: Invocation = .current()) throws -> RunSummary {
        try run(reader, activity: activity, into: directory, settings: { settings }, invocation: invocation)
    }

    /// `run` with settings made when first needed: at the end, unless a NetCDF output records them
    /// at its start (so that an input checksum computed beside the run is waited for last).
    public func run(_ reader: some PaddySource, activity: ActivityDataFile? = nil, into directory: URL, settings make: @escaping () throws -> RunSettings,
                    invocation: Invocation = .current()) throws -> RunSummary {
        var settings = DeferredSettings(make)
        let reports = try InventoryReports(directory: directory, reporting: options.reporting, documents: options.documents)
        var daily: PaddySeriesWriter? = nil
        var gridded: GridNetCDFWriter? = nil
        do {
            if let url = options.gridOutput {
                guard let grid = reader as? GridSource else {
                    throw InputError(path: reader.path, "--grid-netcdf needs a grid input (water_level or flooded with dimensions time, y, x)")
                }
                gridded = try GridNetCDFWriter(url: url, grid: grid, provenance: try settings.value().attributes(invocation))
            }
            if let url = options.dailyOutput {
                guard let span = reader.timeSpan else {
                    throw InputError(path: reader.path, "daily output needs a time axis shared by all paddies (orthogonal layout)")
                }
                daily = try PaddySeriesWriter(
                    url: url, variable: .init(name: "ch4_flux", units: "g m-2 d-1",
                                              longName: "CH4 emission from the paddy to the atmosphere (CH4MOD daily process model)",
                                              comment: "mass of CH4 per m2 of paddy per day; fill outside seasons and for rejected paddies"),
                    paddies: reader.paddyCount, span: span, calendar: reader.calendar, blockSize: options.blockSize,
                    provenance: try settings.value().attributes(invocation))
            }
            var (summary, ids, observed) = try process(reader, reports, daily, gridded)
            if let activity { try add(activity, to: &summary, reports, observed: observed) }
            // A shard sees only some regions: `merge` checks the regions of all shards.
            if options.shard == nil { try RegionReference.check(options.namedRegions, present: summary.regionsSeen) }
            try daily?.commit()
            try gridded?.commit()
            let state = RunState(summary: summary, monteCarlo: monteCarlo,
                                 reporting: options.reporting.resolved(seasons: engine.configuration.seasonCalendar))
            try reports.complete(state, settings: try settings.value(), invocation: invocation,
                                 shard: options.shard, paddyCount: reader.paddyCount, namedRegions: options.namedRegions, ids: ids)
            return summary
        } catch {
            daily?.discard()
            gridded?.discard()
            reports.discard()
            throw error
        }
    }

    /// Runs activity data alone (no water series) and writes the reports into `directory`.
    public func run(activity: ActivityDataFile, into directory: URL, settings: RunSettings,
                    invocation: Invocation = .current()) throws -> RunSummary {
        let reports = try InventoryReports(directory: directory, reporting: options.reporting, documents: options.documents)
        do {
            var summary = RunSummary()
            try add(activity, to: &summary, reports, observed: [])
            try RegionReference.check(options.namedRegions, present: summary.regionsSeen)
            let state = RunState(summary: summary, monteCarlo: monteCarlo,
                                 reporting: options.reporting.resolved(seasons: engine.configuration.seasonCalendar))
            try reports.complete(state, settings: settings, invocation: invocation,
                                 shard: nil, paddyCount: 0, namedRegions: options.namedRegions, ids: [])
            return summary
        } catch {
            reports.discard()
            throw error
        }
    }

    /// A region and year, the unit in which observed paddies and activity data must not overlap.
    struct RegionYear: Hashable {
        var region: String
        var year: Int
    }

    /// The sums of one block's paddy-seasons, made on the compute side and added to the run's
    /// (exact sums: the same totals in any grouping, `ExactSum`).
    struct BlockSums: Sendable {
        var aggregate = InventoryAggregate()
        var breakdowns = Breakdowns()
        var observed = Set<RegionYear>()

        mutating func add(_ results: [PaddySeasonResult], seasons: SeasonCalendar?, groupBy: [String]) {
            for r in results {
                aggregate.add(r)
                breakdowns.add(r, seasons: seasons, groupBy: groupBy)
                observed.insert(RegionYear(region: r.region ?? InventoryAggregate.noRegion, year: r.seasonEndYear))
            }
        }
    }

    /// Adds the rows of `activity` (after the paddies, in file order) to the reports and the
    /// summary. A region and year that the observed paddies already cover stops the run: its
    /// area would be counted twice.
    private func add(_ activity: ActivityDataFile, to summary: inout RunSummary, _ reports: InventoryReports,
                     observed: Set<RegionYear>) throws {
        let format = reports.format(rule: ActivityDataFile.drainageRuleColumn, calendar: .standard, columns: engine.reportColumns)
        let reporting = options.reporting, seasons = engine.configuration.seasonCalendar
        for row in activity.rows {
            let key = RegionYear(region: row.region ?? InventoryAggregate.noRegion, year: row.year)
            if observed.contains(key) {
                throw InputError(path: activity.path, "line \(row.line): region \(key.region) in \(row.year) is also in the observed paddies of --input (seasons ending in \(row.year)); its area would be counted twice: remove the row or those paddies")
            }
        }
        var outcomes: [PaddyOutcome] = activity.rejections.map { PaddyOutcome(rejections: [$0]) }
        for row in activity.rows {
            do { outcomes.append(PaddyOutcome(results: [try row.result(engine)])) }
            catch { outcomes.append(PaddyOutcome(rejections: [error])) }
            if let r = row.region { summary.regionsSeen.insert(r) }
        }
        outcomes.sort { ($0.results.first?.paddyIndex ?? $0.rejections[0].paddyIndex) < ($1.results.first?.paddyIndex ?? $1.rejections[0].paddyIndex) }
        for computed in outcomes {
            let outcome = reporting.scope(computed, calendar: .standard)
            if options.strict, let r = outcome.rejections.first { throw StrictModeError(path: activity.path, rejection: r) }
            summary.count(outcome)
            try reports.write(InventoryReports.rows(outcome, format: format), outcome: outcome)
            for r in outcome.results {
                summary.aggregate.add(r)
                summary.breakdowns.add(r, seasons: seasons, groupBy: reporting.groupBy)
            }
        }
    }

    /// Streams the paddies; returns the summary and the id hashes seen (for merging shards).
    private func process(_ reader: some PaddySource, _ reports: InventoryReports, _ daily: PaddySeriesWriter?,
                         _ gridded: GridNetCDFWriter?) throws -> (RunSummary, [UInt64], Set<RegionYear>) {
        var summary = RunSummary()
        let rule = engine.configuration.drainageRule.name
        let engine = self.engine
        var aggregate = InventoryAggregate(), breakdowns = Breakdowns()
        var observed = Set<RegionYear>()
        let calendar = reader.calendar
        let format = reports.format(rule: rule, calendar: calendar, columns: engine.reportColumns, paddyRows: options.paddyRows)
        let reporting = options.reporting, seasons = engine.configuration.seasonCalendar
        let documents = options.documents
        let drawn = drawnProcess
        let gwp = engine.configuration.gwp.value
        var processDraws = drawn.map { ProcessDrawSums(draws: $0.count, seed: $0.draws.seed, gwp: gwp) }
        // Rows are formatted and the draws simulated on the worker threads; the main thread only
        // appends bytes and adds sums.
        let ids = try PaddyStream(reader: reader, options: options).run(summary: &summary, evaluate: { p in
            let outcome = reporting.scope(engine.evaluate(p), calendar: calendar)
            var rows = InventoryReports.rows(outcome, format: format)
            rows.figure = documents.figure(p, outcome)
            if let drawn {
                var sums = ProcessDrawSums(draws: drawn.count, seed: drawn.draws.seed, gwp: gwp)
                drawn.add(p, outcome.results, seasons: seasons, into: &sums)
                rows.processDraws = sums
            }
            return PaddyStream.Item(outcome: outcome, extra: rows)
        }, reduce: { items in
            var sums = BlockSums()
            for item in items { sums.add(item.outcome.results, seasons: seasons, groupBy: reporting.groupBy) }
            return sums
        }, consume: { start, records, items, sums in
            try gridded?.write(start: start, results: items.map(\.outcome.results))
            try daily?.writeIDs(start: start, ids: records.map(\.paddyID))
            try daily?.write(start: start, rows: items.map { item in
                item.outcome.results.compactMap { r in r.dailyFluxGPerM2.map { (r.assessment.window.firstDay, $0) } }
            })
            for item in items {
                try reports.write(item.extra ?? InventoryReports.rows(item.outcome, format: format), outcome: item.outcome)
                if let d = item.extra?.processDraws { processDraws?.merge(d) }
            }
            aggregate.add(sums.aggregate)
            breakdowns.merge(sums.breakdowns)
            observed.formUnion(sums.observed)
        })
        summary.aggregate = aggregate
        summary.breakdowns = breakdowns
        summary.processDraws = processDraws
        return (summary, ids, observed)
    }
}
