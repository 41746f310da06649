import Foundation
import PaddyMethane

/// Streams a source in blocks: reads a block (netCDF calls on this thread, under the lock),
/// decodes, resamples and evaluates its paddies on `options.threads` threads while this thread
/// hands the previous block's outcomes on (in source order) and reads the next block. This
/// thread does only what must be serial (the reads, the duplicate check, the counts, the
/// consumer), so that it does not bound the pipeline.
/// It rejects duplicate ids, stops on the first rejection under `--strict`, keeps the
/// reconciliation counts and reports progress. Memory is bounded by the block size.
struct PaddyStream<Source: PaddySource> {
    let reader: Source
    let options: RunOptions
    /// Read at most this many paddies from the start of the range (a sample), or all when nil.
    var limit: Int? = nil
    /// The hash that keys the duplicate check (FNV-1a; a test injects a colliding one).
    var idHash: @Sendable (String) -> UInt64 = fnv1a

    init(reader: Source, options: RunOptions) {
        self.reader = reader
        self.options = options
    }

    /// One paddy's outcome and whatever else `evaluate` computed for it.
    struct Item<Extra: Sendable>: Sendable {
        var outcome: PaddyOutcome
        var extra: Extra?
    }

    /// Runs over the paddies of `options.shard` (all when nil); returns the id hashes a shard saw
    /// (for `merge`; a whole run needs none and gets none).
    @discardableResult
    func run<Extra: Sendable>(summary: inout RunSummary,
                              evaluate: @escaping @Sendable (Paddy) -> Item<Extra>,
                              consume: (_ start: Int, _ records: [SourceRecord], _ items: [Item<Extra>]) throws -> Void) throws -> [UInt64] {
        try run(summary: &summary, evaluate: evaluate, reduce: { _ in () }, consume: { start, records, items, _ in try consume(start, records, items) })
    }

    /// `run` with each block's items also reduced by `reduce` on the compute side (sums that do
    /// not depend on the order of their terms, so that the consumer only adds a block's partial
    /// to its totals). A block in which the duplicate check rejects a paddy is reduced again
    /// here, from its items as handed on.
    @discardableResult
    func run<Extra: Sendable, Partial: Sendable>(summary: inout RunSummary,
                                                 evaluate: @escaping @Sendable (Paddy) -> Item<Extra>,
                                                 reduce: @escaping @Sendable (_ items: [Item<Extra>]) -> Partial,
                                                 consume: (_ start: Int, _ records: [SourceRecord], _ items: [Item<Extra>], _ partial: Partial) throws -> Void) throws -> [UInt64] {
        guard reader.paddyCount > 0 else {
            throw InputError(path: reader.path, "has no paddies (its paddy dimension has length 0): there is nothing to compute")
        }
        let full = options.shard?.range(of: reader.paddyCount) ?? 0..<reader.paddyCount
        let range = limit.map { full.lowerBound..<min(full.upperBound, full.lowerBound + $0) } ?? full
        var seen = SeenIDs(hash: idHash, capacity: range.count, keepsHashes: options.shard != nil)
        func read(_ start: Int) throws -> PendingBlock? {
            start < range.upperBound ? try reader.readPending(start..<min(start + options.blockSize, range.upperBound)) : nil
        }
        let resampler = reader.resampler, calendar = reader.calendar
        let threads = options.threads
        /// Starts decoding, resampling and computing a block's paddies in the background.
        func launch(_ pending: PendingBlock) -> Computation<Extra, Partial> {
            let c = Computation<Extra, Partial>(count: pending.count)
            DispatchQueue.global().async(group: c.group) {
                let block = pending.decode()
                let items = Self.compute(block.records, evaluate, resampler: resampler, calendar: calendar, threads: threads)
                (c.block, c.items, c.partial) = (block, items, reduce(items))
            }
            return c
        }
        /// Checks a computed block's paddies (duplicates, `--strict`), counts them and consumes them.
        func hand(_ c: Computation<Extra, Partial>, start: Int) throws {
            let records = c.block.records
            summary.levelMasking.add(c.block.levelMasking)
            var items = c.items, duplicates = false
            for (i, record) in records.enumerated() {
                if case .observed(let p) = record {
                    if let region = p.region { summary.regionsSeen.insert(region) }
                    if let first = try seen.firstIndex(of: p.id, at: p.index, in: reader) {
                        items[i] = Item(outcome: PaddyOutcome(rejections: [Rejection(paddyIndex: p.index, paddyID: p.id, reason: "duplicate paddy id (first seen at index \(first))")]))
                        duplicates = true
                    }
                }
                let outcome = items[i].outcome
                if options.strict, let r = outcome.rejections.first { throw StrictModeError(path: reader.path, rejection: r) }
                summary.count(outcome)
            }
            try consume(start, records, items, duplicates ? reduce(items) : c.partial!)
        }
        // A pipeline of three blocks: while block k + 1 is computed in the background, this thread
        // hands block k on and reads block k + 2 (netCDF calls stay on this thread).
        var start = range.lowerBound
        var current = try read(start).map(launch)
        var nextStart = start + (current?.count ?? 0)
        while let c = current {
            let following: PendingBlock?
            do { following = try read(nextStart) } catch { c.group.wait(); throw error }
            c.group.wait()
            current = following.map(launch)
            nextStart += following?.count ?? 0
            do { try hand(c, start: start) } catch { current?.group.wait(); throw error }
            start += c.count
            options.progress?(start - range.lowerBound, range.count)
        }
        return options.shard == nil ? [] : seen.hashes
    }

    /// A block whose paddies are decoded and computed in the background; `block` and `items` are
    /// read after `group` has finished.
    private final class Computation<Extra: Sendable, Partial: Sendable>: @unchecked Sendable {
        let count: Int
        let group = DispatchGroup()
        var block = SourceBlock(records: [], levelMasking: MaskCounts())
        var items: [Item<Extra>] = []
        var partial: Partial?
        init(count: Int) { self.count = count }
    }

    private static func compute<Extra: Sendable>(_ records: [SourceRecord], _ evaluate: @escaping @Sendable (Paddy) -> Item<Extra>,
                                                 resampler: DailyResampler, calendar: CFCalendar, threads: Int) -> [Item<Extra>] {
        parallelMap(records.count, threads: threads) { i in
            switch records[i] {
            case .observed(let p): evaluate(p.resampled(with: resampler, calendar: calendar))
            case .rejected(let r): Item(outcome: PaddyOutcome(rejections: [r]))
            }
        }
    }
}

/// The paddy ids seen so far, for the duplicate check: a fingerprint of each id's hash and the
/// index of its first paddy (8 bytes a paddy, `FirstIndexTable`), made exact by comparing the
/// ids themselves when fingerprints match (the earlier paddy's id is read back from the source).
/// The full hashes are kept only when asked (a shard hands them to `merge`).
struct SeenIDs {
    let hash: @Sendable (String) -> UInt64
    private var first: FirstIndexTable
    private let keepsHashes: Bool
    /// The hash of each id recorded, when `keepsHashes`.
    private var recorded: [UInt64] = []

    /// - Parameters:
    ///   - capacity: about how many ids will be seen (the table is made for them at once).
    ///   - keepsHashes: keep every new id's hash for `hashes`.
    init(hash: @escaping @Sendable (String) -> UInt64, capacity: Int = 768, keepsHashes: Bool = true) {
        self.hash = hash
        first = FirstIndexTable(capacity: capacity)
        self.keepsHashes = keepsHashes
    }

    /// The index of the earlier paddy with `id`, or nil when `id` is new (it is then recorded at `index`).
    mutating func firstIndex(of id: String, at index: Int, in source: some PaddySource) throws(InputError) -> Int? {
        let h = hash(id)
        let earlier = try first.firstIndex(of: h, orInsert: index) { (k: Int) throws(InputError) -> Bool in try source.paddyID(at: k) == id }
        if earlier == nil && keepsHashes { recorded.append(h) }
        return earlier
    }

    /// The distinct id hashes, ascending (for merging shards; see `ShardMerge`): two ids of one
    /// hash are both recorded.
    var hashes: [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(recorded.count)
        for h in recorded.sorted() where out.last != h { out.append(h) }
        return out
    }
}

/// FNV-1a 64-bit hash: a fixed-size key per paddy id for the duplicate check.
@Sendable func fnv1a(_ s: String) -> UInt64 {
    var h: UInt64 = 0xcbf29ce484222325
    for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
    return h
}
