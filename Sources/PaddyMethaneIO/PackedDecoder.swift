import NetCDF

/// Decodes a numeric variable as CF describes (CF 1.8 sections 2.5.1 and 8.1): values equal to
/// `_FillValue` or `missing_value`, or outside `valid_range`/`valid_min`/`valid_max`, are missing
/// (checked on the packed values), the rest are unpacked with `scale_factor` and `add_offset`
/// and converted to the target unit.
struct PackedDecoder: Sendable {
    let missing: [Double]
    let validMin: Double
    let validMax: Double
    let scale: Double
    let offset: Double

    /// - Parameters:
    ///   - unitFactor: target units per unit of the variable (applied after unpacking).
    ///   - unitOffset: added after the factor (kelvin to degrees Celsius: −273.15).
    init(file: NetCDFFile, variable: Variable, unitFactor: Double = 1, unitOffset: Double = 0) throws(InputError) {
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
        if let f = fill, let m = missingValues, Set(f) != Set(m) {
            throw InputError(path: file.path, variable: variable.name,
                             "_FillValue \(f.map(String.init(describing:))) and missing_value \(m.map(String.init(describing:))) disagree; refusing to guess which marks missing data")
        }
        var masked = (fill ?? []) + (missingValues ?? [])
        if fill == nil, variable.type != .byte, let d = variable.type.defaultFill { masked.append(d) }
        missing = masked
        var lo = -Double.infinity, hi = Double.infinity
        if let range = try numbers("valid_range") {
            guard range.count == 2, range[0] <= range[1] else {
                throw InputError(path: file.path, variable: variable.name, "valid_range must be two ascending numbers")
            }
            lo = range[0]; hi = range[1]
        }
        if let v = try numbers("valid_min") { lo = v[0] }
        if let v = try numbers("valid_max") { hi = v[0] }
        validMin = lo
        validMax = hi
        let s = try numbers("scale_factor")?.first ?? 1
        let o = try numbers("add_offset")?.first ?? 0
        guard s != 0 else { throw InputError(path: file.path, variable: variable.name, "scale_factor is 0") }
        scale = s * unitFactor
        offset = o * unitFactor + unitOffset
    }

    /// The decoded value, or NaN when it is missing.
    @inline(__always)
    func decode(_ packed: Double) -> Double {
        if packed.isNaN || packed < validMin || packed > validMax || missing.contains(packed) { return .nan }
        return packed * scale + offset
    }
}
