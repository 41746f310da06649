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
    /// Write the process model's daily flux to this NetCDF file.
    public var dailyOutput: URL? = nil
    /// Process only this shard's slice of the paddies and write partial results for `merge`.
    public var shard: Shard? = nil
    /// Called after each block with (paddies done, paddies in the file).
    public var progress: (@Sendable (Int, Int) -> Void)? = nil
    /// Regions named by the run's files (configuration, Tier 2 overrides): a run in which no
    /// paddy has one of them stops before its reports are renamed into place.
    public var namedRegions: [RegionReference] = []
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
    public var regionsSeen: Set<String> = []

    /// Paddies were read and every one of them was rejected: nothing was computed.
    public var everyPaddyRejected: Bool { paddiesRead > 0 && paddiesWithResults == 0 }
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

    /// The Monte Carlo settings, for IPCC methods with draws.
    var monteCarlo: MonteCarloSettings? {
        guard options.draws > 0, let factorParameters = engine.factorParameters else { return nil }
        return MonteCarloSettings(parameters: factorParameters, draws: options.draws,
                                  seed: options.seed, gwp: engine.configuration.gwp.value)
    }

    /// Runs `reader` to the end and writes the reports into `directory`; the manifest records
    /// `settings` and `invocation`.
    public func run(_ reader: some PaddySource, into directory: URL, settings: RunSettings,
                    invocation: Invocation = .current()) throws -> RunSummary {
        let reports = try InventoryReports(directory: directory, documents: options.documents)
        var daily: PaddySeriesWriter? = nil
        do {
            if let url = options.dailyOutput {
                guard let span = reader.timeSpan else {
                    throw InputError(path: reader.path, "daily output needs a time axis shared by all paddies (orthogonal layout)")
                }
                daily = try PaddySeriesWriter(
                    url: url, variable: .init(name: "ch4_flux", units: "g m-2 d-1",
                                              longName: "CH4 emission from the paddy to the atmosphere (CH4MOD daily process model)",
                                              comment: "mass of CH4 per m2 of paddy per day; fill outside seasons and for rejected paddies"),
                    paddies: reader.paddyCount, span: span, calendar: reader.calendar, blockSize: options.blockSize,
                    provenance: settings.attributes(invocation))
            }
            let (summary, ids) = try process(reader, reports, daily)
            // A shard sees only some regions: `merge` checks the regions of all shards.
            if options.shard == nil { try RegionReference.check(options.namedRegions, present: summary.regionsSeen) }
            try daily?.commit()
            try reports.complete(RunState(summary: summary, monteCarlo: monteCarlo), settings: settings, invocation: invocation,
                                 shard: options.shard, paddyCount: reader.paddyCount, namedRegions: options.namedRegions, ids: ids)
            return summary
        } catch {
            daily?.discard()
            reports.discard()
            throw error
        }
    }

    /// Streams the paddies; returns the summary and the id hashes seen (for merging shards).
    private func process(_ reader: some PaddySource, _ reports: InventoryReports, _ daily: PaddySeriesWriter?) throws -> (RunSummary, [UInt64]) {
        var summary = RunSummary()
        let rule = engine.configuration.drainageRule.name
        let engine = self.engine
        var aggregate = InventoryAggregate()
        let calendar = reader.calendar
        let columns = engine.reportColumns
        let documents = options.documents
        // Rows are formatted on the worker threads; the main thread only appends bytes.
        let ids = try PaddyStream(reader: reader, options: options).run(summary: &summary, evaluate: { p in
            let outcome = engine.evaluate(p)
            var rows = InventoryReports.rows(outcome, rule: rule, calendar: calendar, columns: columns)
            rows.figure = documents.figure(p, outcome)
            return PaddyStream.Item(outcome: outcome, extra: rows)
        }, consume: { start, records, items in
            try daily?.writeIDs(start: start, ids: records.map(\.paddyID))
            try daily?.write(start: start, rows: items.map { item in
                item.outcome.results.compactMap { r in r.dailyFluxGPerM2.map { (r.assessment.window.firstDay, $0) } }
            })
            for item in items {
                try reports.write(item.extra ?? InventoryReports.rows(item.outcome, rule: rule, calendar: calendar, columns: columns), outcome: item.outcome)
                for r in item.outcome.results { aggregate.add(r) }
            }
        })
        summary.aggregate = aggregate
        return (summary, ids)
    }
}
