import NetCDF
import PaddyMethane

/// Decodes one CF time variable (the time coordinate, `season_start`, `season_end`) with its own
/// `units` and `calendar` (CF 1.8 section 4.4) to fractional day numbers in the file's calendar,
/// dated in the time coordinate's time zone. Missing values are those of `_FillValue`,
/// `missing_value` and, for int64 variables, numpy's NaT (the smallest int64, which xarray writes
/// for a missing datetime without declaring a fill value).
struct CFTimeDecoder: Sendable {
    let variable: String
    let values: PackedDecoder
    let units: CFTimeUnits
    let fileCalendar: CFCalendar

    /// numpy's NaT: the smallest int64.
    static let numpyNaT = -9_223_372_036_854_775_808.0

    init(file: NetCDFFile, variable v: Variable, units: CFTimeUnits, fileCalendar: CFCalendar) throws(InputError) {
        variable = v.name
        values = try PackedDecoder(file: file, variable: v, alsoMissing: v.type == .int64 ? [Self.numpyNaT] : [])
        self.units = units
        self.fileCalendar = fileCalendar
    }

    /// The fractional day number of a stored value in the file's calendar; nil when it is missing;
    /// a problem when its date does not exist in the file's calendar.
    @inline(__always)
    func day(_ raw: Double) -> Result<Double?, PaddyProblem> {
        let v = values.decode(raw)
        guard v.isFinite else { return .success(nil) }
        let d = units.dayNumber(v)
        guard units.calendar != fileCalendar, d.isFinite, abs(d) < 1e9 else { return .success(d) }
        // Another calendar: the same calendar date (and time of day) in the file's calendar.
        let whole = d.rounded(.down)
        let date = units.calendar.date(ofDay: Int(whole))
        guard fileCalendar.isValid(date) else {
            return .failure("\(variable) \(date) (\(units.calendar.rawValue) calendar) does not exist in the time coordinate's \(fileCalendar.rawValue) calendar")
        }
        return .success(Double(fileCalendar.dayNumber(date)) + (d - whole))
    }
}
