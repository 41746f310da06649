import Foundation

/// A table encoded as its entries in one canonical order, each key's own JSON text (keys
/// sorted): a `Dictionary` with keys other than strings and integers encodes in its hash order,
/// which differs between processes, and a shard's state is to be the same bytes on every run.
struct CanonicalEntries<Key: Codable & Hashable, Value: Codable>: Codable {
    var table: [Key: Value]

    init(_ table: [Key: Value]) { self.table = table }

    private struct Entry: Codable {
        var key: Key
        var value: Value
    }

    init(from decoder: any Decoder) throws {
        table = [:]
        for e in try decoder.singleValueContainer().decode([Entry].self) { table[e.key] = e.value }
    }

    func encode(to encoder: any Encoder) throws {
        let keyText = JSONEncoder()
        keyText.outputFormatting = [.sortedKeys]
        let ordered = try table.map { (text: [UInt8](try keyText.encode($0.key)), entry: Entry(key: $0.key, value: $0.value)) }
            .sorted { $0.text.lexicographicallyPrecedes($1.text) }
        var c = encoder.singleValueContainer()
        try c.encode(ordered.map(\.entry))
    }
}
