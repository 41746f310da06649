import Foundation
import PaddyMethane

/// Streams a file in blocks: reads a block (netCDF calls on this thread, under the lock),
/// evaluates its paddies on `options.threads` threads while the next block is read, then hands
/// the outcomes on in file order.
/// It rejects duplicate ids, stops on the first rejection under `--strict`, keeps the
/// reconciliation counts and reports progress. Memory is bounded by the block size.
struct PaddyStream {
    let reader: PaddyFileReader
    let options: RunOptions
    /// Read at most this many paddies from the start of the range (a sample), or all when nil.
    var limit: Int? = nil

    /// One paddy's outcome and whatever else `evaluate` computed for it.
    struct Item<Extra: Sendable>: Sendable {
        var outcome: PaddyOutcome
        var extra: Extra?
    }

    /// Runs over the paddies of `options.shard` (all when nil); returns the id hashes seen.
    @discardableResult
    func run<Extra: Sendable>(summary: inout RunSummary,
                              evaluate: @escaping @Sendable (Paddy) -> Item<Extra>,
                              consume: (_ start: Int, _ records: [PaddyRecord], _ items: [Item<Extra>]) throws -> Void) throws -> [UInt64] {
        guard reader.paddyCount > 0 else {
            throw InputError(path: reader.path, "has no paddies (its paddy dimension has length 0): there is nothing to compute")
        }
        var seenIDs: [UInt64: Int32] = [:]   // id hash → index of its first paddy
        let full = options.shard?.range(of: reader.paddyCount) ?? 0..<reader.paddyCount
        let range = limit.map { full.lowerBound..<min(full.upperBound, full.lowerBound + $0) } ?? full
        func read(_ start: Int) throws -> PaddyBlock? {
            start < range.upperBound ? try reader.readBlock(start: start, count: min(options.blockSize, range.upperBound - start)) : nil
        }
        var start = range.lowerBound
        var next = try read(start)
        while let block = next {
            let records = block.records
            summary.levelMasking.add(block.levelMasking)
            // Compute this block in the background while the next one is read.
            let computed = Computed<Extra>()
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) { [options] in
                computed.items = Self.compute(records, evaluate, threads: options.threads)
            }
            do { next = try read(start + records.count) } catch { group.wait(); throw error }
            group.wait()
            var items = computed.items
            for (i, record) in records.enumerated() {
                summary.paddiesRead += 1
                if case .paddy(let p) = record {
                    if let region = p.region { summary.regionsSeen.insert(region) }
                    let key = fnv1a(p.id)
                    if let first = seenIDs[key] {
                        items[i] = Item(outcome: PaddyOutcome(rejections: [Rejection(paddyIndex: p.index, paddyID: p.id, reason: "duplicate paddy id (first seen at index \(first))")]))
                    } else {
                        seenIDs[key] = Int32(truncatingIfNeeded: p.index)
                    }
                }
                let outcome = items[i].outcome
                if options.strict, let r = outcome.rejections.first { throw StrictModeError(path: reader.path, rejection: r) }
                summary.seasons += outcome.results.count
                if outcome.results.isEmpty { summary.paddiesRejected += 1 } else {
                    summary.paddiesWithResults += 1
                    summary.seasonRejections += outcome.rejections.count
                }
            }
            try consume(start, records, items)
            start += records.count
            options.progress?(start - range.lowerBound, range.count)
        }
        return seenIDs.keys.sorted()
    }

    /// A block's items, filled by the background computation and read after it has finished.
    private final class Computed<Extra: Sendable>: @unchecked Sendable {
        var items: [Item<Extra>] = []
    }

    private static func compute<Extra: Sendable>(_ records: [PaddyRecord], _ evaluate: @escaping @Sendable (Paddy) -> Item<Extra>,
                                                 threads: Int) -> [Item<Extra>] {
        parallelMap(records.count, threads: threads) { i in
            switch records[i] {
            case .paddy(let p): evaluate(p)
            case .rejected(let r): Item(outcome: PaddyOutcome(rejections: [r]))
            }
        }
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
