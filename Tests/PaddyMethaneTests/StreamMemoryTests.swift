import Foundation
import Testing
@testable import PaddyMethane
@testable import PaddyMethaneIO

/// The flat structures of the stream: the duplicate-id table, the input checksum computed beside
/// the run, and the Monte Carlo that computes each category's EF once a draw.
@Suite("Stream memory and overlap")
struct StreamMemoryTests {
    @Test("the id table returns each key's first index across its growth, also for keys equal in their low bits")
    func idTableKeepsFirstIndices() {
        var t = FirstIndexTable(capacity: 2)   // 16 slots: grows at the 13th key, then again and again
        // 3 000 keys: 0, 2³², 2 × 2³², … (equal low 32 bits: they must still spread), each at index k.
        let keys = (0..<3000).map { UInt64($0) << 32 }
        for (k, key) in keys.enumerated() { #expect(t.firstIndex(of: key, orInsert: k, isSame: { keys[$0] == key }) == nil) }
        #expect(t.count == 3000)
        // A repeat at a later index finds the first one and records nothing.
        for (k, key) in keys.enumerated() { #expect(t.firstIndex(of: key, orInsert: 5000 + k, isSame: { keys[$0] == key }) == k) }
        #expect(t.count == 3000)
    }

    @Test("keys of one fingerprint are told apart by the caller's comparison, each keeping its own first index")
    func idTableSharedFingerprint() {
        var t = FirstIndexTable()
        // Three different ids under one key (a fingerprint they all share): none is a repeat of another.
        let ids = ["a", "b", "c"]
        for (k, id) in ids.enumerated() { #expect(t.firstIndex(of: 42, orInsert: k, isSame: { ids[$0] == id }) == nil) }
        // "b" again at index 7 is a repeat of index 1 only.
        #expect(t.firstIndex(of: 42, orInsert: 7, isSame: { $0 < ids.count && ids[$0] == "b" }) == 1)
        #expect(t.count == 3)
    }

    @Test("key 0 and key 2⁶⁴ − 1 are keys like any other (emptiness is in the index, not the key)")
    func extremeKeys() {
        var t = FirstIndexTable()
        let keys: [UInt64] = [0, .max]
        #expect(t.firstIndex(of: 0, orInsert: 0, isSame: { keys[$0] == 0 }) == nil)
        #expect(t.firstIndex(of: .max, orInsert: 1, isSame: { keys[$0] == .max }) == nil)
        #expect(t.firstIndex(of: 0, orInsert: 2, isSame: { keys[$0] == 0 }) == 0)
        #expect(t.firstIndex(of: .max, orInsert: 3, isSame: { keys[$0] == .max }) == 1)
        #expect(t.count == 2)
    }

    @Test("a shard's id hashes are the distinct hashes, ascending; a whole run keeps none")
    func seenHashes() throws {
        let reader = try PaddyFileReader(path: ShardMergeTests.example, resampler: TestModels.resampler())
        let ids = try (0..<3).map { try reader.paddyID(at: $0) }
        var shard = SeenIDs(hash: fnv1a, keepsHashes: true), whole = SeenIDs(hash: fnv1a, keepsHashes: false)
        for (k, id) in ids.enumerated() {
            #expect(try shard.firstIndex(of: id, at: k, in: reader) == nil)
            #expect(try whole.firstIndex(of: id, at: k, in: reader) == nil)
        }
        #expect(try shard.firstIndex(of: ids[0], at: 3, in: reader) == 0)   // a repeat adds no hash
        #expect(shard.hashes == ids.map(fnv1a).sorted())
        #expect(whole.hashes == [])
    }

    @Test("the checksum computed on its own thread is the file's SHA-256 (FIPS 180-4 test vector of \"abc\")")
    func pendingChecksum() throws {
        let url = try makeFixtureDirectory().appendingPathComponent("abc.bin")
        try Data("abc".utf8).write(to: url)
        let pending = PendingChecksum(path: url.path)
        // FIPS 180-4 (example B.1 of FIPS 180-2): SHA-256("abc").
        #expect(try pending.value() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try pending.value() == ChecksumFile.sha256(url.path))
        #expect(throws: (any Error).self) { try PendingChecksum(path: url.path + ".missing").value() }
    }

    @Test("settings made with the pending input checksum equal those that hash the input at once")
    func settingsWithPendingChecksum() throws {
        let setup = try TestModels.library.runSetup(RunRequest())
        let now = try RunSettings.run(input: ShardMergeTests.example, maxGapDays: 15, strict: false, setup: setup, draws: 10, seed: 1)
        let later = try RunSettings.run(input: ShardMergeTests.example, inputChecksum: PendingChecksum(path: ShardMergeTests.example),
                                        maxGapDays: 15, strict: false, setup: setup, draws: 10, seed: 1)
        #expect(now == later)
        #expect(later.files["input"]?.sha256.count == 64)
    }

    /// Two sets sharing a category, and a set of it alone: the draws of a set do not depend on
    /// the other sets drawn with it (the factors are drawn once a draw for all), so computing a
    /// shared category's EF once a draw changes no bit.
    @Test("a set's Monte Carlo totals are the same bits drawn alone or with sets that share its categories")
    func sharedCategoriesDrawnOnce() throws {
        let model = FactorModel(parameters: try TestModels.parameters("ipcc-2019"))
        let resolver = model.resolver
        let flooded = resolver.category(for: TestPaddy.assessment(.continuously_flooded), region: nil, ipccRegion: nil, amendments: [])
        let drained = resolver.category(for: TestPaddy.assessment(.multiple_drainage), region: nil, ipccRegion: nil, amendments: [])
        var a = CategoryWeights(), b = CategoryWeights()
        a.add(flooded, haDays: 110 * 1.5)
        a.add(drained, haDays: 95 * 2)
        b.add(drained, haDays: 120 * 0.75)
        let mc = MonteCarlo(model: model, draws: 200, seed: 11)
        let together = mc.totals([a, b])
        #expect(together[0] == mc.totals([a])[0])
        #expect(together[1] == mc.totals([b])[0])
    }
}
