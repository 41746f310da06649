import NetCDF

/// How many values of a variable were read and why those that are missing are missing.
public struct MaskCounts: Sendable, Equatable {
    /// Values read.
    public var values = 0
    /// Equal to `_FillValue` or one of `missing_value` (CF 1.8 section 2.5.1).
    public var fillOrMissing = 0
    /// Outside `valid_range`/`valid_min`/`valid_max`.
    public var validRange = 0
    /// NaN that is not the fill value.
    public var nan = 0

    public init() {}

    public mutating func add(_ other: MaskCounts) {
        values += other.values
        fillOrMissing += other.fillOrMissing
        validRange += other.validRange
        nan += other.nan
    }

    /// Values that are numbers and not fill or missing: what a valid range can remove.
    public var nonFill: Int { values - fillOrMissing - nan }

    /// Share of the non-fill values that the valid range removed (0 when there are none).
    public var validRangeShare: Double { nonFill > 0 ? Double(validRange) / Double(nonFill) : 0 }
}

/// Decodes a numeric variable as CF describes (CF 1.8 sections 2.5.1 and 8.1): values equal to
/// `_FillValue` or any of `missing_value` (`MaskStep`), or outside `valid_range`/`valid_min`/
/// `valid_max` (`ValidRangeStep`), are missing (checked on the packed values), the rest are
/// unpacked with `scale_factor` and `add_offset` and converted to the target unit (two
/// `AffineStep`s folded into one).
struct PackedDecoder: Sendable {
    let mask: MaskStep
    let validRange: ValidRangeStep
    /// Unpacking then unit conversion.
    let affine: AffineStep
    /// Said by `describe` when `_FillValue` and `missing_value` differ (both mark missing data).
    let note: String?

    init(mask: MaskStep, validRange: ValidRangeStep = .unbounded, unpack: AffineStep = .identity, unit: AffineStep = .identity, note: String? = nil) {
        self.mask = mask
        self.validRange = validRange
        self.affine = unpack.then(unit)
        self.note = note
    }

    /// - Parameters:
    ///   - unitFactor: target units per unit of the variable (applied after unpacking).
    ///   - unitOffset: added after the factor (kelvin to degrees Celsius: −273.15).
    ///   - alsoMissing: packed values that mean missing besides the attributes (numpy's NaT in int64 times).
    init(file: NetCDFFile, variable: Variable, unitFactor: Double = 1, unitOffset: Double = 0, alsoMissing: [Double] = []) throws(InputError) {
        let attributes: [String: AttributeValue]
        do { attributes = try file.attributes(of: variable) } catch { throw InputError(path: file.path, variable: variable.name, error.message) }
        func numbers(_ name: String) throws(InputError) -> [Double]? {
            guard let a = attributes[name] else { return nil }
            guard let v = a.numbers, !v.isEmpty, v.allSatisfy(\.isFinite) || name == "_FillValue" || name == "missing_value" else {
                throw InputError(path: file.path, variable: variable.name, "attribute \(name) is not a number")
            }
            return v
        }
        let fill = try numbers("_FillValue")
        let missingValues = try numbers("missing_value")
        var note: String? = nil
        if let f = fill, let m = missingValues, Self.differ(f, m) {
            note = "\(variable.name): _FillValue \(Self.list(f)) and missing_value \(Self.list(m)) differ; both mark missing data (CF 1.8 section 2.5.1)"
        }
        var markers = (fill ?? []) + (missingValues ?? []) + alsoMissing
        if fill == nil, variable.type != .byte, let d = variable.type.defaultFill { markers.append(d) }
        var lo = -Double.infinity, hi = Double.infinity
        if let range = try numbers("valid_range") {
            guard range.count == 2, range[0] <= range[1] else {
                throw InputError(path: file.path, variable: variable.name, "valid_range must be two ascending numbers")
            }
            lo = range[0]; hi = range[1]
        }
        if let v = try numbers("valid_min") { lo = v[0] }
        if let v = try numbers("valid_max") { hi = v[0] }
        let s = try numbers("scale_factor")?.first ?? 1
        let o = try numbers("add_offset")?.first ?? 0
        guard s != 0 else { throw InputError(path: file.path, variable: variable.name, "scale_factor is 0") }
        self.init(mask: MaskStep(markers: markers), validRange: ValidRangeStep(min: lo, max: hi),
                  unpack: AffineStep(scale: s, offset: o), unit: AffineStep(scale: unitFactor, offset: unitOffset), note: note)
    }

    /// Whether two lists of marker values differ as sets (NaN equal to NaN).
    private static func differ(_ a: [Double], _ b: [Double]) -> Bool {
        Set(a.filter { !$0.isNaN }) != Set(b.filter { !$0.isNaN }) || a.contains(where: \.isNaN) != b.contains(where: \.isNaN)
    }

    private static func list(_ v: [Double]) -> String {
        v.count == 1 ? v[0].attributeText : "(" + v.map(\.attributeText).joined(separator: ", ") + ")"
    }

    /// The decoded value, or NaN when it is missing.
    @inline(__always)
    func decode(_ packed: Double) -> Double {
        if isMissing(packed) { return .nan }
        return affine.decode(packed)
    }

    /// The decoded value, or NaN when it is missing, counting the value and why it is missing in
    /// `counts`. A value that is kept costs what `decode` costs plus one addition.
    @inline(__always)
    func decode(_ packed: Double, counting counts: inout MaskCounts) -> Double {
        counts.values += 1
        if isMissing(packed) { classify(packed, into: &counts); return .nan }
        return affine.decode(packed)
    }

    /// `decode(_:counting:)` of each value of `packed` into `out` (as many), in one pass that
    /// tests the markers as the usual case has them (none or one).
    func decode(_ packed: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>, counting counts: inout MaskCounts) {
        precondition(out.count >= packed.count)
        counts.values += packed.count
        let markers = mask.markers, several = markers.count > 1
        let marker = markers.count == 1 ? markers[0] : .nan   // NaN equals nothing: no marker
        for i in 0..<packed.count {
            let p = packed[i]
            // NaN fails the range test, as `isMissing` has it.
            if validRange.contains(p) && !(several ? markers.contains(p) : p == marker) {
                out[i] = affine.decode(p)
            } else {
                classify(p, into: &counts)
                out[i] = .nan
            }
        }
    }

    /// The packed value of a decoded one (NaN: the first marker): the inverse of `decode`.
    func encode(_ value: Double) -> Double? {
        guard value.isFinite else { return mask.encode(nil) }
        let packed = affine.encode(value)
        return validRange.contains(packed) && !mask.isMarker(packed) ? packed : nil
    }

    @inline(__always)
    private func isMissing(_ packed: Double) -> Bool {
        packed.isNaN || !validRange.contains(packed) || mask.markers.contains(packed)
    }

    /// Why a missing value is missing: a fill or missing value first (a fill outside the valid
    /// range is still a fill), then NaN, then the valid range.
    private func classify(_ packed: Double, into counts: inout MaskCounts) {
        if packed.isNaN {
            if mask.markersIncludeNaN { counts.fillOrMissing += 1 } else { counts.nan += 1 }
        } else if mask.markers.contains(packed) {
            counts.fillOrMissing += 1
        } else {
            counts.validRange += 1
        }
    }
}

extension Double {
    /// An attribute value as ncdump shows it: integers without a fraction.
    var attributeText: String {
        isFinite && rounded() == self && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}
