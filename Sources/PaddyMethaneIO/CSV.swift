import Foundation

/// An RFC 4180 CSV row builder over a byte buffer: UTF-8, comma-separated, CRLF-free (LF line
/// ends), fixed-point numbers without exponents or grouping. Text that a spreadsheet would run as
/// a formula (leading `=`, `+`, `-`, `@`, tab or CR) is prefixed with `'`, unless the whole cell is
/// a plain decimal number (`-17`, `+5`, `-1.5e3`), which runs nothing; numbers are never changed.
struct CSVRow {
    private(set) var bytes: [UInt8] = []
    private var first = true

    init() { bytes.reserveCapacity(256) }

    private mutating func separator() {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
    }

    mutating func text(_ s: String) {
        separator()
        var value = s
        if let c = value.utf8.first, "=+-@\t\r".utf8.contains(c), !isPlainNumber(value) { value = "'" + value }
        if value.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
            bytes.append(UInt8(ascii: "\""))
            for b in value.utf8 {
                if b == UInt8(ascii: "\"") { bytes.append(b) }
                bytes.append(b)
            }
            bytes.append(UInt8(ascii: "\""))
        } else {
            bytes.append(contentsOf: value.utf8)
        }
    }

    mutating func int(_ v: Int) {
        separator()
        bytes.append(contentsOf: String(v).utf8)
    }

    /// A number with `decimals` digits after the point, rounded half away from zero.
    mutating func number(_ v: Double, decimals: Int) {
        separator()
        precondition(v.isFinite, "a report number must be finite")
        bytes.append(contentsOf: fixedPoint(v, decimals: decimals).utf8)
    }

    /// An empty cell: the column does not apply to this row.
    mutating func empty() {
        separator()
    }

    mutating func end() {
        bytes.append(UInt8(ascii: "\n"))
    }
}

/// Whether `s` is a plain decimal number: an optional sign, digits with an optional decimal point
/// (at least one digit), an optional exponent `e`/`E` with optional sign and digits; nothing else
/// (no spaces, grouping, hex, `inf` or `nan`).
func isPlainNumber(_ s: String) -> Bool {
    var bytes = s.utf8[...]
    func digits() -> Int {
        let n = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
        bytes = bytes.dropFirst(n)
        return n
    }
    func sign() { if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() } }
    sign()
    var mantissa = digits()
    if bytes.first == UInt8(ascii: ".") { bytes = bytes.dropFirst(); mantissa += digits() }
    guard mantissa > 0 else { return false }
    if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
        bytes = bytes.dropFirst()
        sign()
        guard digits() > 0 else { return false }
    }
    return bytes.isEmpty
}

/// `v` with exactly `decimals` fraction digits, no exponent, no grouping.
func fixedPoint(_ v: Double, decimals: Int) -> String {
    let scale = pow(10.0, Double(decimals))
    let scaled = (abs(v) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9e15 else { return String(format: "%.\(decimals)f", v) }
    let n = UInt64(scaled)
    let p = UInt64(scale)
    var s = String(n / p)
    if decimals > 0 {
        let frac = String(n % p)
        s += "." + String(repeating: "0", count: decimals - frac.count) + frac
    }
    return (v < 0 && n != 0 ? "-" : "") + s
}
