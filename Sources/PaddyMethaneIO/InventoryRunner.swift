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
    /// Write the process model's daily flux to this NetCDF file.
    public var dailyOutput: URL? = nil
    /// Called after each block with (paddies done, paddies in the file).
    public var progress: (@Sendable (Int, Int) -> Void)? = nil

    public init() {}
}

/// Counts that reconcile a run: every paddy read is either in the results or rejected.
public struct RunSummary: Sendable {
    public var paddiesRead = 0
    public var paddiesWithResults = 0
    public var paddiesRejected = 0
    public var seasons = 0
    public var seasonRejections = 0
    public var aggregate = InventoryAggregate()
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

    /// Runs `reader` to the end and writes the reports into `directory`.
    /// `provenance` goes into the manifest before the counts.
    public func run(_ reader: PaddyFileReader, into directory: URL, provenance: [(String, String)]) throws -> RunSummary {
        let reports = try InventoryReports(directory: directory)
        var daily: DailyFluxWriter? = nil
        do {
            if let url = options.dailyOutput {
                guard let span = reader.timeSpan else {
                    throw InputError(path: reader.path, "daily output needs a time axis shared by all paddies (orthogonal layout)")
                }
                daily = try DailyFluxWriter(url: url, paddies: reader.paddyCount, span: span, calendar: reader.calendar,
                                            blockSize: options.blockSize, provenance: provenance)
            }
            let summary = try process(reader, reports, daily)
            let counts: [(String, String)] = [
                ("paddies_read", String(summary.paddiesRead)),
                ("paddies_with_results", String(summary.paddiesWithResults)),
                ("paddies_rejected", String(summary.paddiesRejected)),
                ("paddy_seasons", String(summary.seasons)),
                ("season_rejections", String(summary.seasonRejections)),
                ("reconciled", String(summary.paddiesRead == summary.paddiesWithResults + summary.paddiesRejected)),
                ("total_area_ha", fixedPoint(summary.aggregate.total.areaHa, decimals: 4)),
                ("total_ch4_kg", fixedPoint(summary.aggregate.total.ch4Kg, decimals: 6)),
                ("total_co2e_t", fixedPoint(summary.aggregate.total.co2eT, decimals: 6)),
            ]
            try daily?.commit()
            try reports.finish(aggregate: summary.aggregate, manifest: provenance + counts)
            return summary
        } catch {
            daily?.discard()
            reports.discard()
            throw error
        }
    }

    private func process(_ reader: PaddyFileReader, _ reports: InventoryReports, _ daily: DailyFluxWriter?) throws -> RunSummary {
        var summary = RunSummary()
        var seenIDs: [UInt64: Int] = [:]
        let rule = engine.configuration.drainageRule.name
        var start = 0
        while start < reader.paddyCount {
            let records = try reader.read(start: start, count: options.blockSize)
            let outcomes = compute(records)
            try daily?.write(start: start, ids: records.map(\.paddyID), outcomes: outcomes)
            for (record, outcome) in zip(records, outcomes) {
                summary.paddiesRead += 1
                var outcome = outcome
                if case .paddy(let p) = record {
                    let key = fnv1a(p.id)
                    if let first = seenIDs[key] {
                        outcome = PaddyOutcome(results: [], rejections: [Rejection(paddyIndex: p.index, paddyID: p.id, reason: "duplicate paddy id (first seen at index \(first))")])
                    } else {
                        seenIDs[key] = p.index
                    }
                }
                if options.strict, let r = outcome.rejections.first { throw StrictModeError(path: reader.path, rejection: r) }
                for r in outcome.results {
                    try reports.add(r, rule: rule)
                    summary.aggregate.add(r)
                }
                for r in outcome.rejections { try reports.add(r, calendar: reader.calendar) }
                summary.seasons += outcome.results.count
                if outcome.results.isEmpty { summary.paddiesRejected += 1 } else {
                    summary.paddiesWithResults += 1
                    summary.seasonRejections += outcome.rejections.count
                }
            }
            start += records.count
            options.progress?(start, reader.paddyCount)
        }
        return summary
    }

    /// Evaluates a block on `options.threads` threads; outcomes come back in record order.
    private func compute(_ records: [PaddyRecord]) -> [PaddyOutcome] {
        var outcomes = [PaddyOutcome](repeating: PaddyOutcome(), count: records.count)
        let engine = self.engine
        let threads = max(1, min(options.threads, records.count))
        outcomes.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                for i in stride(from: t, to: records.count, by: threads) {
                    switch records[i] {
                    case .paddy(let p): out[i] = engine.evaluate(p)
                    case .rejected(let r): out[i] = PaddyOutcome(results: [], rejections: [r])
                    }
                }
            }
        }
        return outcomes
    }
}

extension PaddyRecord {
    var paddyID: String {
        switch self {
        case .paddy(let p): p.id
        case .rejected(let r): r.paddyID
        }
    }
}

/// FNV-1a 64-bit hash: a fixed-size key per paddy id for the duplicate check.
func fnv1a(_ s: String) -> UInt64 {
    var h: UInt64 = 0xcbf29ce484222325
    for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
    return h
}
