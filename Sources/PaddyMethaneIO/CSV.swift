import Foundation
import PaddyMethane

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
        // The bytes themselves (contiguous), not the UTF-8 view's iterator: most cells are short.
        value.withUTF8 { utf8 in
            if utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
                bytes.append(UInt8(ascii: "\""))
                for b in utf8 {
                    if b == UInt8(ascii: "\"") { bytes.append(b) }
                    bytes.append(b)
                }
                bytes.append(UInt8(ascii: "\""))
            } else {
                bytes.append(contentsOf: utf8)
            }
        }
    }

    mutating func int(_ v: Int) {
        separator()
        bytes.appendDecimal(v)
    }

    /// A number with `decimals` digits after the point, rounded half away from zero.
    mutating func number(_ v: Double, decimals: Int) {
        separator()
        precondition(v.isFinite, "a report number must be finite")
        appendFixedPoint(v, decimals: decimals, to: &bytes)
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
    var bytes: [UInt8] = []
    appendFixedPoint(v, decimals: decimals, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
}

/// Powers of ten 10⁰…10¹⁵, the scales of `fixedPoint` (each exact in a `Double`).
private let powersOfTen: [Double] = (0...15).map { pow(10.0, Double($0)) }

/// Appends `v` with exactly `decimals` fraction digits (rounded half away from zero), no
/// exponent, no grouping; beyond 9·10¹⁵ units of the last digit, as `%.Nf` prints it.
func appendFixedPoint(_ v: Double, decimals: Int, to bytes: inout [UInt8]) {
    let scale = decimals < powersOfTen.count ? powersOfTen[decimals] : pow(10.0, Double(decimals))
    let scaled = (abs(v) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9e15 else { bytes.append(contentsOf: String(format: "%.\(decimals)f", v).utf8); return }
    let n = UInt64(scaled)
    let p = UInt64(scale)
    if v < 0 && n != 0 { bytes.append(UInt8(ascii: "-")) }
    bytes.appendDecimal(n / p)
    if decimals > 0 {
        bytes.append(UInt8(ascii: "."))
        bytes.appendDecimal(n % p, minDigits: decimals)
    }
}
