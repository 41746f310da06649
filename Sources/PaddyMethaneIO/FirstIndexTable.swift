/// Id hash → index of the first paddy with it, in flat memory: open addressing with linear
/// probing over two arrays (8 + 4 bytes a slot), at most three quarters full. The duplicate
/// check of 10⁶ paddies holds in 2²¹ slots (24 MiB), with no per-entry allocation.
struct FirstIndexTable {
    private var keys: [UInt64]
    /// Index + 1 of the first paddy with the slot's key; 0 for an empty slot.
    private var firsts: [UInt32]
    private(set) var count = 0
    /// log₂ of the number of slots.
    private var bits: Int

    init(slotsLog2: Int = 10) {
        bits = slotsLog2
        keys = [UInt64](repeating: 0, count: 1 << slotsLog2)
        firsts = [UInt32](repeating: 0, count: 1 << slotsLog2)
    }

    /// The index recorded for `key`, or nil after recording `index` for it.
    mutating func firstIndex(of key: UInt64, orInsert index: Int) -> Int? {
        var s = slot(key)
        while firsts[s] != 0 {
            if keys[s] == key { return Int(firsts[s] - 1) }
            s = (s + 1) & (keys.count - 1)
        }
        keys[s] = key
        firsts[s] = UInt32(truncatingIfNeeded: index + 1)
        count += 1
        if 4 * count > 3 * keys.count { grow() }
        return nil
    }

    /// The recorded keys, ascending.
    var sortedKeys: [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(count)
        for s in keys.indices where firsts[s] != 0 { out.append(keys[s]) }
        out.sort()
        return out
    }

    /// The first slot to probe for `key`: the top `bits` bits of key × 2⁶⁴/φ (Fibonacci
    /// hashing), so that keys that differ only in their high bits spread too.
    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits)) }

    /// Doubles the slots and places every key again.
    private mutating func grow() {
        let oldKeys = keys, oldFirsts = firsts
        bits += 1
        keys = [UInt64](repeating: 0, count: 1 << bits)
        firsts = [UInt32](repeating: 0, count: 1 << bits)
        for s in oldKeys.indices where oldFirsts[s] != 0 {
            var t = slot(oldKeys[s])
            while firsts[t] != 0 { t = (t + 1) & (keys.count - 1) }
            keys[t] = oldKeys[s]
            firsts[t] = oldFirsts[s]
        }
    }
}
