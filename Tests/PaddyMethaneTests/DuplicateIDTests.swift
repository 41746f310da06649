import Foundation
import Testing
@testable import PaddyMethane
@testable import PaddyMethaneIO

/// Four paddies with integer ids 7, 8, 9, 7 (the last repeats the first), 20 flooded days each.
private let duplicateCDL = """
netcdf dup {
dimensions: paddy = 4 ; time = 20 ;
variables:
    int paddy_id(paddy) ; paddy_id:cf_role = "timeseries_id" ;
    double time(time) ; time:units = "days since 2024-06-01" ;
    float water_level(paddy, time) ; water_level:units = "cm" ;
    double area(paddy) ; area:units = "ha" ;
:Conventions = "CF-1.8" ; :featureType = "timeSeries" ;
data:
 paddy_id = 7, 8, 9, 7 ;
 time = \((0..<20).map(String.init).joined(separator: ", ")) ;
 water_level = \(Array(repeating: "5", count: 80).joined(separator: ", ")) ;
 area = 1, 1, 1, 1 ;
}
"""

@Suite("Duplicate paddy ids")
struct DuplicateIDTests {
    /// Streams the file with `hash` keying the duplicate check; the rejection reasons by paddy index.
    private func rejections(hash: @escaping @Sendable (String) -> UInt64) throws -> [Int: [String]] {
        let reader = try PaddyFileReader(path: try ncgen(duplicateCDL, name: "dup"), resampler: TestModels.resampler())
        var options = RunOptions()
        options.blockSize = 2   // the duplicate is in another block than the paddy it repeats
        var stream = PaddyStream(reader: reader, options: options)
        stream.idHash = hash
        var summary = RunSummary()
        var out: [Int: [String]] = [:]
        try stream.run(summary: &summary, evaluate: { _ in PaddyStream<PaddyFileReader>.Item<Int>(outcome: PaddyOutcome(), extra: nil) },
                       consume: { start, _, items in
                           for (k, item) in items.enumerated() { out[start + k] = item.outcome.rejections.map(\.reason) }
                       })
        #expect(summary.paddiesRead == 4)
        return out
    }

    @Test("FNV-1a: only the repeated id is a duplicate, naming the index of its first paddy")
    func realDuplicate() throws {
        let r = try rejections(hash: fnv1a)
        #expect(r[0] == [] && r[1] == [] && r[2] == [])
        #expect(r[3] == ["duplicate paddy id (first seen at index 0)"])
    }

    @Test("a hash under which every id collides rejects no good paddy: ids are compared when hashes match")
    func collisionIsNotADuplicate() throws {
        // Every id hashes to 42: 8 and 9 collide with 7 without being equal; the second 7 is the only duplicate.
        let r = try rejections(hash: { _ in 42 })
        #expect(r[0] == [] && r[1] == [] && r[2] == [])
        #expect(r[3] == ["duplicate paddy id (first seen at index 0)"])
    }

    @Test("colliding ids are kept whole: a repeat of a colliding id is a duplicate of its own first paddy")
    func repeatOfCollidingID() throws {
        var seen = SeenIDs(hash: { _ in 1 })
        let reader = try PaddyFileReader(path: try ncgen(duplicateCDL, name: "dup2"), resampler: TestModels.resampler())
        // Paddy 0 is "7" in the file; "8" collides with it at index 1, and again at index 5.
        #expect(try seen.firstIndex(of: "7", at: 0, in: reader) == nil)
        #expect(try seen.firstIndex(of: "8", at: 1, in: reader) == nil)
        #expect(try seen.firstIndex(of: "8", at: 5, in: reader) == 1)
        #expect(try seen.firstIndex(of: "7", at: 6, in: reader) == 0)
        #expect(seen.hashes == [1])
    }
}
