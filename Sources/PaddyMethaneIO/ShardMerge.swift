import PaddyMethane
public import Foundation

/// What a shard leaves for `merge` besides its row files: its counts, its exact sums and the
/// settings it ran with (`shard.json`), and the sorted hashes of its paddy ids (`shard-ids.bin`).
struct ShardState: Codable {
    var shard: Int
    var shards: Int
    var firstPaddy: Int
    var endPaddy: Int
    var provenance: [[String]]
    var counts: [Int]
    var regions: [Totals]
    var crt: [Totals]
    var weights: [Weight]
    var uncertainty: Uncertainty?
    /// Regions of the shard's paddies, and the regions the run's files name.
    var regionsSeen: [String]
    var namedRegions: [RegionReference]

    struct Totals: Codable {
        var key: String
        var seasons: Int
        /// Exact sums in 10⁻⁹ units, as decimal text: area, amendment, CH4, CO2e.
        var sums: [String]
    }

    struct Weight: Codable {
        var row: Int
        var baselineKey: String
        var overrideRegion: String
        var regime: String
        var preSeason: String
        /// (type, rate) pairs; rates as round-trip decimal text.
        var amendments: [[String]]
        var nanos: String
    }

    struct Uncertainty: Codable {
        var parameterFile: String
        var parameterSHA256: String
        var draws: Int
        var seed: UInt64
        var gwp: Double
    }

    static let fileName = "shard.json"
    static let idsFileName = "shard-ids.bin"

    init(shard: Shard, paddies: Range<Int>, provenance: [(String, String)], summary s: RunSummary,
         uncertainty: UncertaintySettings?, configuration: RunConfiguration, namedRegions: [RegionReference]) throws {
        self.shard = shard.index
        shards = shard.count
        firstPaddy = paddies.lowerBound
        endPaddy = paddies.upperBound
        self.provenance = provenance.map { [$0.0, $0.1] }
        let m = s.levelMasking
        counts = [s.paddiesRead, s.paddiesWithResults, s.paddiesRejected, s.seasons, s.seasonRejections, m.values, m.fillOrMissing, m.validRange, m.nan]
        regionsSeen = s.regionsSeen.sorted()
        self.namedRegions = namedRegions
        func totals(_ key: String, _ t: EmissionTotals) -> Totals {
            Totals(key: key, seasons: t.seasons, sums: [t.area, t.amendment, t.ch4, t.co2e].map { String($0.nanos) })
        }
        regions = s.aggregate.byRegion.keys.sorted().map { totals($0, s.aggregate.byRegion[$0]!) }
        crt = CRTRow.allCases.compactMap { row in s.aggregate.byCRT[row].map { totals(String(row.rawValue), $0) } }
        weights = CRTRow.allCases.flatMap { row in
            (s.aggregate.weightsByCRT[row]?.exactWeights ?? []).map { c, w in
                Weight(row: row.rawValue, baselineKey: c.baselineKey, overrideRegion: c.overrideRegion, regime: c.regime.rawValue,
                       preSeason: c.preSeason.rawValue, amendments: c.amendments.map { [$0.type.rawValue, "\($0.rate)"] }, nanos: String(w.nanos))
            }
        }
        if let u = uncertainty, let file = provenance.first(where: { $0.0 == "parameter_file" })?.1 {
            self.uncertainty = Uncertainty(parameterFile: file, parameterSHA256: try ChecksumFile.sha256(file),
                                           draws: u.draws, seed: u.seed, gwp: u.gwp)
        }
    }

    func write(into directory: URL, ids: [UInt64]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let state = try AtomicFile(directory.appendingPathComponent(Self.fileName))
        try state.write([UInt8](try encoder.encode(self)))
        let idFile = try AtomicFile(directory.appendingPathComponent(Self.idsFileName))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 8)
        for id in ids { withUnsafeBytes(of: id.littleEndian) { bytes.append(contentsOf: $0) } }
        try idFile.write(bytes)
        try state.commit()
        try idFile.commit()
    }

    static func read(_ directory: URL) throws -> ShardState {
        let url = directory.appendingPathComponent(fileName)
        do { return try JSONDecoder().decode(ShardState.self, from: Data(contentsOf: url)) } catch {
            throw MergeError("\(url.path): not a shard state (\(error.localizedDescription)); was this folder written by `run --shard K/N`?")
        }
    }

    static func ids(_ directory: URL) throws -> [UInt64] {
        let data = try Data(contentsOf: directory.appendingPathComponent(idsFileName))
        return stride(from: 0, to: data.count - data.count % 8, by: 8).map { i in
            data[data.startIndex + i..<data.startIndex + i + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
    }

    /// The settings that must agree between shards (everything but when and how each was started).
    var signature: [[String]] {
        provenance.filter { !["created_utc", "command_line"].contains($0[0]) }
    }

    func restore() throws -> RunSummary {
        var s = RunSummary()
        guard counts.count == 9 else { throw MergeError("shard \(shard): malformed counts") }
        (s.paddiesRead, s.paddiesWithResults, s.paddiesRejected, s.seasons, s.seasonRejections) = (counts[0], counts[1], counts[2], counts[3], counts[4])
        (s.levelMasking.values, s.levelMasking.fillOrMissing, s.levelMasking.validRange, s.levelMasking.nan) = (counts[5], counts[6], counts[7], counts[8])
        func exact(_ t: Totals) throws -> EmissionTotals {
            let n = try t.sums.map { text -> ExactSum in
                guard let v = Int128(text) else { throw MergeError("shard \(shard): malformed sum \(text)") }
                return ExactSum(nanos: v)
            }
            guard n.count == 4 else { throw MergeError("shard \(shard): malformed totals") }
            return EmissionTotals(seasons: t.seasons, area: n[0], amendment: n[1], ch4: n[2], co2e: n[3])
        }
        var byRegion: [String: EmissionTotals] = [:]
        for r in regions { byRegion[r.key] = try exact(r) }
        var byCRT: [CRTRow: EmissionTotals] = [:]
        for c in crt {
            guard let raw = Int(c.key), let row = CRTRow(rawValue: raw) else { throw MergeError("shard \(shard): unknown CRT row \(c.key)") }
            byCRT[row] = try exact(c)
        }
        var weightsByCRT: [CRTRow: CategoryWeights] = [:]
        for w in weights {
            guard let row = CRTRow(rawValue: w.row), let regime = WaterRegime(rawValue: w.regime),
                  let pre = PreSeasonStatus(rawValue: w.preSeason), let nanos = Int128(w.nanos) else {
                throw MergeError("shard \(shard): malformed category weight")
            }
            let amendments = try w.amendments.map { pair -> FactorCategory.AmendmentKey in
                guard pair.count == 2, let type = AmendmentType(rawValue: pair[0]), let rate = Double(pair[1]) else {
                    throw MergeError("shard \(shard): malformed amendment \(pair)")
                }
                return FactorCategory.AmendmentKey(type: type, rate: rate)
            }
            let key = FactorCategory(baselineKey: w.baselineKey, overrideRegion: w.overrideRegion, regime: regime, preSeason: pre, amendments: amendments)
            weightsByCRT[row, default: CategoryWeights()].add(key, exact: ExactSum(nanos: nanos))
        }
        s.aggregate = InventoryAggregate(byRegion: byRegion, byCRT: byCRT, weightsByCRT: weightsByCRT)
        return s
    }
}

/// A set of shards that cannot be merged.
public struct MergeError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}

/// Combines the partial results of `run --shard K/N` into exactly the reports one run writes.
public enum ShardMerge {
    /// Merges `shards` (folders, any order) into `directory`. `provenance` replaces the shards'
    /// `command_line` and `created_utc`.
    public static func merge(_ shards: [URL], into directory: URL, provenance: [(String, String)]) throws -> RunSummary {
        let states = try shards.map { ($0, try ShardState.read($0)) }.sorted { $0.1.shard < $1.1.shard }
        guard let first = states.first?.1 else { throw MergeError("no shard folders given") }
        let n = first.shards
        guard states.map(\.1.shard) == Array(1...n), states.allSatisfy({ $0.1.shards == n }) else {
            throw MergeError("expected shards 1 to \(n) once each, got \(states.map { "\($0.1.shard)/\($0.1.shards)" }.joined(separator: ", "))")
        }
        for (url, s) in states where s.signature != first.signature {
            let differing = zip(s.signature, first.signature).first { $0 != $1 }.map { "\($0.0[0]): \($0.0[1]) vs \($0.1[1])" } ?? "different settings"
            throw MergeError("\(url.path): shard \(s.shard) ran with other input or settings than shard 1 (\(differing))")
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
        var summary = RunSummary()
        summary.regionsSeen = Set(states.flatMap(\.1.regionsSeen))
        try RegionReference.check(first.namedRegions, present: summary.regionsSeen)
        for (_, s) in states {
            let part = try s.restore()
            summary.paddiesRead += part.paddiesRead
            summary.paddiesWithResults += part.paddiesWithResults
            summary.paddiesRejected += part.paddiesRejected
            summary.seasons += part.seasons
            summary.seasonRejections += part.seasonRejections
            summary.levelMasking.add(part.levelMasking)
            summary.aggregate.add(part.aggregate)
        }
        var uncertainty: UncertaintySettings? = nil
        if let u = first.uncertainty {
            guard try ChecksumFile.sha256(u.parameterFile) == u.parameterSHA256 else {
                throw MergeError("\(u.parameterFile) changed since the shards ran (SHA-256 differs)")
            }
            let set: ParameterSet = try ModelLibrary.decodeFile(URL(fileURLWithPath: u.parameterFile), tokenKeys: ParameterSet.tokenKeys)
            uncertainty = UncertaintySettings(model: FactorModel(parameters: set), draws: u.draws, seed: u.seed, gwp: u.gwp)
        }
        let reports = try InventoryReports(directory: directory)
        do {
            for (url, _) in states { try reports.appendRows(from: url) }
            let kept = first.provenance.map { ($0[0], $0[1]) }.filter { !["created_utc", "command_line"].contains($0.0) }
            let manifest = provenance + kept + [("merged_shards", String(n))] + summary.manifestCounts
            try reports.finish(aggregate: summary.aggregate, manifest: manifest, uncertainty: uncertainty)
        } catch {
            reports.discard()
            throw error
        }
        return summary
    }
}
