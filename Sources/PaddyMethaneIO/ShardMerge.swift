import PaddyMethane
public import Foundation

extension MaskCounts: Codable {
    private enum CodingKeys: String, CodingKey { case values, fillOrMissing, validRange, nan }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        values = try c.decode(Int.self, forKey: .values)
        fillOrMissing = try c.decode(Int.self, forKey: .fillOrMissing)
        validRange = try c.decode(Int.self, forKey: .validRange)
        nan = try c.decode(Int.self, forKey: .nan)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(values, forKey: .values)
        try c.encode(fillOrMissing, forKey: .fillOrMissing)
        try c.encode(validRange, forKey: .validRange)
        try c.encode(nan, forKey: .nan)
    }
}

/// The mergeable state of a run: its counts and exact aggregate, the Monte Carlo settings of its
/// uncertainty table and, for a scenario run, the scenario accounting. The summary reports are
/// computed from it (`sections`), and a shard's state is this value encoded.
struct RunState: Codable {
    var summary: RunSummary
    var monteCarlo: MonteCarloSettings?
    /// The inventory year, attributes, groupings and season calendar of the reports.
    var reporting: ReportingOptions
    var scenario: Scenario?

    struct Scenario: Codable {
        var accounting: ScenarioAccounting
        var settings: ScenarioReportSettings
        /// Each ledger's breakdowns (index 0 the baseline), at expected values.
        var breakdowns: [Breakdowns]
    }

    /// The summary reports (file name, contents).
    var sections: [(String, ReportText)] {
        InventorySections(summary: summary, monteCarlo: monteCarlo, reporting: reporting).files
            + (scenario.map { ScenarioSections(accounting: $0.accounting, settings: $0.settings, breakdowns: $0.breakdowns, reporting: reporting,
                                               process: summary.processDraws).files } ?? [])
    }

    /// Whether `other` has the same scenario ledgers and crediting view (a shard of the same plan).
    func mergeable(with other: RunState) -> Bool {
        scenario?.accounting.ledgers.count == other.scenario?.accounting.ledgers.count
            && (scenario?.accounting.crediting?.periods == other.scenario?.accounting.crediting?.periods)
            && scenario?.breakdowns.count == other.scenario?.breakdowns.count && reporting == other.reporting
    }

    /// Adds the state of a disjoint set of paddies (another shard of the same run).
    mutating func merge(_ other: RunState) {
        summary.merge(other.summary)
        if let o = other.scenario {
            scenario?.accounting.merge(o.accounting)
            for i in o.breakdowns.indices { scenario?.breakdowns[i].merge(o.breakdowns[i]) }
        }
    }
}

/// What a shard leaves for `merge` besides its row files: the run's settings and its encoded
/// state (`shard.json`), and the sorted hashes of its paddy ids (`shard-ids.bin`).
struct ShardState: Codable {
    var shard: Int
    var shards: Int
    var firstPaddy: Int
    var endPaddy: Int
    var settings: RunSettings
    /// Regions the run's files name: each must be the region of some paddy of some shard.
    var namedRegions: [RegionReference]
    var state: RunState

    static let fileName = "shard.json"
    static let idsFileName = "shard-ids.bin"

    func write(into directory: URL, ids: [UInt64]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let file = try AtomicFile(directory.appendingPathComponent(Self.fileName))
        try file.write([UInt8](try encoder.encode(self)))
        let idFile = try AtomicFile(directory.appendingPathComponent(Self.idsFileName))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 8)
        for id in ids { withUnsafeBytes(of: id.littleEndian) { bytes.append(contentsOf: $0) } }
        try idFile.write(bytes)
        try file.commit()
        try idFile.commit()
    }

    static func read(_ directory: URL) throws -> ShardState {
        let url = directory.appendingPathComponent(fileName)
        do { return try JSONDecoder().decode(ShardState.self, from: Data(contentsOf: url)) } catch {
            throw MergeError("\(url.path): not a shard state (\(error.localizedDescription)); was this folder written by `run --shard K/N` or `scenarios --shard K/N`?")
        }
    }

    static func ids(_ directory: URL) throws -> [UInt64] {
        let data = try Data(contentsOf: directory.appendingPathComponent(idsFileName))
        return stride(from: 0, to: data.count - data.count % 8, by: 8).map { i in
            data[data.startIndex + i..<data.startIndex + i + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
    }

    /// The first setting in which two shards differ, as `key: a vs b`.
    static func difference(_ a: RunSettings, _ b: RunSettings) -> String {
        func flat(_ s: RunSettings) -> [String: String] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            guard let data = try? encoder.encode(s), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
            return object.mapValues { value in
                (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]))
                    .map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
            }
        }
        let fa = flat(a), fb = flat(b)
        let key = Set(fa.keys).union(fb.keys).sorted().first { fa[$0] != fb[$0] }
        return key.map { "\($0): \(fa[$0] ?? "absent") vs \(fb[$0] ?? "absent")" } ?? "different settings"
    }
}

extension RunSummary {
    /// Adds the summary of a disjoint set of paddies.
    mutating func merge(_ other: RunSummary) {
        paddiesRead += other.paddiesRead
        paddiesWithResults += other.paddiesWithResults
        paddiesRejected += other.paddiesRejected
        seasons += other.seasons
        seasonRejections += other.seasonRejections
        levelMasking.add(other.levelMasking)
        aggregate.add(other.aggregate)
        regionsSeen.formUnion(other.regionsSeen)
        paddiesOutOfScope += other.paddiesOutOfScope
        seasonsOutOfScope += other.seasonsOutOfScope
        breakdowns.merge(other.breakdowns)
        if let o = other.processDraws { processDraws?.merge(o) }
    }
}

/// A set of shards that cannot be merged.
public struct MergeError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}

/// A set of names encoded in sorted order: a `Set` encodes in its hash order, which differs between
/// processes, and a shard's state is to be the same bytes on every run.
@propertyWrapper
public struct SortedWhenEncoded: Sendable, Codable {
    public var wrappedValue: Set<String>

    public init(wrappedValue: Set<String>) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws { wrappedValue = Set(try decoder.singleValueContainer().decode([String].self)) }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(wrappedValue.sorted())
    }
}

/// Combines the partial results of `run --shard K/N` or `scenarios --shard K/N` into exactly the
/// reports one run writes.
public enum ShardMerge {
    /// Merges `shards` (folders, any order) into `directory`; the manifest records `invocation`.
    /// `workbook`: also the workbook of every merged report (`--xlsx`), as one run writes it.
    public static func merge(_ shards: [URL], into directory: URL, workbook: URL? = nil, invocation: Invocation = .current()) throws -> RunSummary {
        let states = try shards.map { ($0, try ShardState.read($0)) }.sorted { $0.1.shard < $1.1.shard }
        guard let first = states.first?.1 else { throw MergeError("no shard folders given") }
        let n = first.shards
        guard states.map(\.1.shard) == Array(1...n), states.allSatisfy({ $0.1.shards == n }) else {
            throw MergeError("expected shards 1 to \(n) once each, got \(states.map { "\($0.1.shard)/\($0.1.shards)" }.joined(separator: ", "))")
        }
        for (url, s) in states where s.settings != first.settings {
            throw MergeError("\(url.path): shard \(s.shard) ran with other input or settings than shard 1 (\(ShardState.difference(s.settings, first.settings)))")
        }
        for (url, s) in states where !s.state.mergeable(with: first.state) {
            throw MergeError("\(url.path): the scenario accounting or report options of shard \(s.shard) do not match shard 1's; was \(ShardState.fileName) edited?")
        }
        for (a, b) in zip(states, states.dropFirst()) where a.1.endPaddy != b.1.firstPaddy {
            throw MergeError("shards \(a.1.shard) and \(b.1.shard) do not cover adjacent paddies")
        }
        // A paddy id in two shards would be rejected as a duplicate by one run: refuse to merge.
        // The hashes are only candidates: a single run compares the ids themselves when hashes
        // match (`SeenIDs` in PaddyStream.swift), so two different ids that collide pass there but
        // stop the merge here. To make this exact, compare the ids of a repeated hash (read back
        // from the input by the paddy indices the shard states would then carry) before refusing.
        var seen = Set<UInt64>()
        for (url, s) in states {
            for id in try ShardState.ids(url) where !seen.insert(id).inserted {
                throw MergeError("shard \(s.shard) repeats a paddy id of an earlier shard; run without --shard so that the duplicate is rejected")
            }
        }
        var state = first.state
        for (_, s) in states.dropFirst() { state.merge(s.state) }
        try RegionReference.check(first.namedRegions, present: state.summary.regionsSeen)
        var documents = ReportDocuments()
        documents.workbook = workbook
        let reports = try InventoryReports(directory: directory, scenarioRows: state.scenario != nil,
                                           monitoringRows: state.scenario?.accounting.crediting != nil, reporting: state.reporting,
                                           documents: documents)
        do {
            for (url, _) in states { try reports.appendRows(from: url) }
            try reports.finish(state, manifest: Manifest(invocation: invocation, settings: first.settings, summary: state.summary, mergedShards: n))
        } catch {
            reports.discard()
            throw error
        }
        return state.summary
    }
}
