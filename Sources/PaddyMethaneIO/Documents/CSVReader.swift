import Foundation

/// Reads back the CSV reports this program writes (RFC 4180: quoted fields with doubled quotes,
/// which may hold commas and line ends; LF line ends), in pieces of any size, so that a row report
/// of any length is read with the memory of one piece.
struct CSVReader {
    private var field: [UInt8] = []
    private var row: [String] = []
    private var quoted = false
    /// The previous byte closed a quoted part (a following quote is an escaped quote).
    private var afterQuote = false

    /// Feeds `bytes` and hands on every row they complete.
    mutating func feed(_ bytes: some Sequence<UInt8>, row emit: ([String]) throws -> Void) rethrows {
        for b in bytes {
            if quoted {
                if b == UInt8(ascii: "\"") { quoted = false; afterQuote = true } else { field.append(b) }
                continue
            }
            switch b {
            case UInt8(ascii: "\""):
                if afterQuote { field.append(b) }
                quoted = true
                afterQuote = false
            case UInt8(ascii: ","):
                endField()
            case 0x0A:
                endField()
                try emit(row)
                row.removeAll(keepingCapacity: true)
            default:
                field.append(b)
                afterQuote = false
            }
        }
    }

    private mutating func endField() {
        row.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        afterQuote = false
    }

    /// Every row of a whole CSV text, the header first.
    static func rows(_ text: String) -> [[String]] {
        var reader = CSVReader()
        var out: [[String]] = []
        reader.feed(text.utf8) { out.append($0) }
        return out
    }

    /// Hands on every row of the file at `url`, the header first, read in 1 MiB pieces.
    static func forEachRow(of url: URL, _ body: ([String]) throws -> Void) throws {
        guard let input = FileHandle(forReadingAtPath: url.path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        defer { try? input.close() }
        var reader = CSVReader()
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { try reader.feed(chunk, row: body) }
    }
}
