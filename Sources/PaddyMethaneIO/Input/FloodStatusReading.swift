import Foundation
import PaddyMethane
import NetCDF

/// Flood maps read instead of water levels (`flooded(paddy, time)` or `flooded(time, y, x)`): 0/1
/// flood status or a flooded fraction from SAR flood maps, units `1` (or none) or `%`. Each
/// observation becomes the nominal level of `FloodStatusSettings` (flooded above the fraction
/// threshold, else not flooded); the source's resampler gives the days between observations the
/// nearer observation's status.
struct FloodStatusReading: Sendable {
    let settings: FloodStatusSettings
    let variable: String

    /// Fractions this close outside [0, 1] are rounding of packed or single-precision values.
    private static let tolerance = 1e-6

    /// The flood variable's decoder to a fraction (0–1), or the error naming the accepted units.
    static func decoder(_ input: InputFile, _ v: Variable) throws(InputError) -> PackedDecoder {
        guard v.type.isNumeric else { throw input.fail(v.name, "must be numeric (0/1 flood status or a flooded fraction), not \(v.type)") }
        let u = input.text(v, "units") ?? ""
        guard let factor = CFUnits.fraction(per: u) else {
            throw input.fail(v.name, "units \"\(u)\" are not a fraction: a flood status or flooded fraction has units \"1\" (or none) or \"%\"")
        }
        return try PackedDecoder(file: input.file, variable: v, unitFactor: factor)
    }

    /// The observations' flooded fractions as nominal levels [cm], or why the paddy cannot be
    /// used: a fraction outside [0, 1].
    func levels(_ o: Observations, calendar: CFCalendar) -> Result<Observations, PaddyProblem> {
        var out = o
        for i in o.values.indices {
            let f = o.values[i]
            if !f.isNaN && (f < -Self.tolerance || f > 1 + Self.tolerance) {
                let date = calendar.date(ofDay: Int(o.times[i].rounded(.down)))
                return .failure("\(variable) = \(String(format: "%g", f)) on \(date) is not a flooded fraction in [0, 1] (flood status 0/1 or the flooded share of the paddy; with units \"%\" give 0-100)")
            }
            out.values[i] = settings.levelCm(floodedFraction: f)
        }
        return .success(out)
    }

    /// The survey's role text of the flood variable.
    func role(units: String) -> String {
        "flood status or flooded fraction [\(units.isEmpty ? "1" : units)]: flooded above \(settings.floodedAboveFraction), read as \(settings.floodedLevelCm) cm, else \(settings.notFloodedLevelCm) cm; days between observations take the nearer one's status (gaps up to \(settings.maxGapDays) days)"
    }
}
