/// Paddy id hashes → index of the first paddy with each, in flat memory: open addressing with
/// linear probing over one array of 8 bytes a slot (a 32-bit fingerprint of the hash and the
/// paddy's index), at most three quarters full. Made for the paddies it will see, it never
/// doubles: the duplicate check of 10⁶ paddies holds in 10.7 MB (a table of 64-bit hashes and
/// indices that doubles as it fills held 24 MiB, 36 MiB while doubling).
///
/// A fingerprint is 32 bits of the hash: distinct ids share one about once in 4 billion pairs
/// (about 116 times among 10⁶ ids), so an equal fingerprint is a candidate only, which the
/// caller confirms by comparing the ids (`firstIndex(of:orInsert:isSame:)`).
struct FirstIndexTable {
    /// fingerprint << 32 | (index + 1); 0 for an empty slot.
    private var slots: [UInt64]
    private(set) var count = 0

    /// A table for about `capacity` paddies (it grows beyond, by doubling).
    init(capacity: Int = 768) {
        slots = [UInt64](repeating: 0, count: Self.slotCount(for: capacity))
    }

    /// The index of the recorded paddy with `hash`'s fingerprint for which `isSame` (given that
    /// index) is true; nil after recording `index` when there is none.
    mutating func firstIndex<E: Error>(of hash: UInt64, orInsert index: Int, isSame: (Int) throws(E) -> Bool) throws(E) -> Int? {
        let fingerprint = Self.fingerprint(hash)
        var s = slot(fingerprint)
        while slots[s] != 0 {
            if slots[s] >> 32 == fingerprint {
                let earlier = Int(slots[s] & 0xFFFF_FFFF) - 1
                if try isSame(earlier) { return earlier }
            }
            s = s + 1 == slots.count ? 0 : s + 1
        }
        slots[s] = fingerprint << 32 | UInt64(UInt32(truncatingIfNeeded: index + 1))
        count += 1
        if 4 * count > 3 * slots.count { grow() }
        return nil
    }

    /// Slots for `capacity` entries at most three quarters full.
    private static func slotCount(for capacity: Int) -> Int { max(16, (max(capacity, 0) * 4 + 2) / 3 + 1) }

    /// The top 32 bits of the hash × 2⁶⁴/φ (Fibonacci hashing), so that hashes that differ only
    /// in their high or only in their low bits spread alike.
    private static func fingerprint(_ hash: UInt64) -> UInt64 { (hash &* 0x9E37_79B9_7F4A_7C15) >> 32 }

    /// The first slot to probe for a fingerprint: its position scaled to the slots (so a table
    /// of any size works, and a grown table places its entries again from them).
    private func slot(_ fingerprint: UInt64) -> Int { Int((fingerprint &* UInt64(slots.count)) >> 32) }

    /// Doubles the slots and places every entry again (an id has one entry, so the order in
    /// which candidates are tried does not change what is found).
    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        for e in old where e != 0 {
            var t = slot(e >> 32)
            while slots[t] != 0 { t = t + 1 == slots.count ? 0 : t + 1 }
            slots[t] = e
        }
    }
}
