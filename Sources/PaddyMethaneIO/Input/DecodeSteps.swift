/// The CF decode steps of a packed numeric variable (CF 1.8 sections 2.5.1 and 8.1), each a small
/// value with its inverse (`encode`), so that each can be checked by a round trip. `PackedDecoder`
/// composes them in the CF order: mask (fill and missing values), valid range, both on the packed
/// values; then scale and offset; then the unit conversion.

/// Values equal to `_FillValue` or any of `missing_value` are missing (CF 1.8 section 2.5.1).
struct MaskStep: Sendable, Equatable {
    /// The marker values that are numbers.
    let markers: [Double]
    /// Whether NaN is one of the markers (a NaN `_FillValue`, as xarray writes for floats).
    let markersIncludeNaN: Bool

    init(markers all: [Double]) {
        markersIncludeNaN = all.contains(where: \.isNaN)
        markers = all.filter { !$0.isNaN }
    }

    /// Whether a packed value is one of the markers.
    @inline(__always)
    func isMarker(_ packed: Double) -> Bool { packed.isNaN ? markersIncludeNaN : markers.contains(packed) }

    /// The packed value, or nil when it is a marker.
    func decode(_ packed: Double) -> Double? { isMarker(packed) ? nil : packed }

    /// The packed value that stores `value`, or the first marker for a missing one (NaN when the
    /// markers are NaN only; nil when there is no marker to store it with).
    func encode(_ value: Double?) -> Double? {
        guard let value else { return markers.first ?? (markersIncludeNaN ? .nan : nil) }
        return value
    }
}

/// Packed values outside `valid_range` (or `valid_min`/`valid_max`) are missing (CF 1.8 section 2.5.1).
struct ValidRangeStep: Sendable, Equatable {
    let min: Double
    let max: Double

    static let unbounded = ValidRangeStep(min: -.infinity, max: .infinity)

    @inline(__always)
    func contains(_ packed: Double) -> Bool { packed >= min && packed <= max }

    /// The packed value, or nil when it is outside the range.
    func decode(_ packed: Double) -> Double? { contains(packed) ? packed : nil }

    /// The packed value that stores `value` when it is in the range; nil when it cannot be stored.
    func encode(_ value: Double) -> Double? { contains(value) ? value : nil }
}

/// An affine map `value = stored × scale + offset`: `scale_factor`/`add_offset` (CF 1.8 section
/// 8.1) and the conversion to a target unit (a factor, and an offset for kelvin to °C).
struct AffineStep: Sendable, Equatable {
    let scale: Double
    let offset: Double

    static let identity = AffineStep(scale: 1, offset: 0)

    @inline(__always)
    func decode(_ stored: Double) -> Double { stored * scale + offset }

    /// The stored value of `value` (the inverse map; exact up to rounding).
    func encode(_ value: Double) -> Double { (value - offset) / scale }

    /// This step followed by `next`, folded into one map: `(x × s + o) × s' + o'` =
    /// `x × (s s') + (o s' + o')`, so that the hot path multiplies and adds once.
    func then(_ next: AffineStep) -> AffineStep {
        AffineStep(scale: scale * next.scale, offset: offset * next.scale + next.offset)
    }
}
