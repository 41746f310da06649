/// Decimal digits written straight into a byte buffer, for the text of reports and dates on the
/// per-paddy path (no intermediate `String`s).
extension Array where Element == UInt8 {
    /// Appends `value` in decimal, left-padded with zeros to at least `minDigits` digits.
    @inlinable
    public mutating func appendDecimal(_ value: UInt64, minDigits: Int = 1) {
        var digits = 1
        var p: UInt64 = 10
        while digits < 20 && value >= p { digits += 1; p = p &* 10 }
        if minDigits > digits { append(contentsOf: repeatElement(UInt8(ascii: "0"), count: minDigits - digits)) }
        let end = count + digits
        append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        var v = value
        withUnsafeMutableBufferPointer { b in
            var i = end
            repeat {
                i -= 1
                b[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
                v /= 10
            } while v != 0
        }
    }

    /// Appends `value` in decimal with a leading `-` when negative, the digits left-padded with
    /// zeros to at least `minDigits`.
    @inlinable
    public mutating func appendDecimal(_ value: Int, minDigits: Int = 1) {
        if value < 0 { append(UInt8(ascii: "-")) }
        appendDecimal(UInt64(value.magnitude), minDigits: minDigits)
    }
}
