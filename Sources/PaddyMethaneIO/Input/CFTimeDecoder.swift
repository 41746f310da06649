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

    init(variable: String, values: PackedDecoder, units: CFTimeUnits, fileCalendar: CFCalendar) {
        (self.variable, self.values, self.units, self.fileCalendar) = (variable, values, units, fileCalendar)
    }

    init(file: NetCDFFile, variable v: Variable, units: CFTimeUnits, fileCalendar: CFCalendar) throws(InputError) {
        self.init(variable: v.name, values: try PackedDecoder(file: file, variable: v, alsoMissing: v.type == .int64 ? [Self.numpyNaT] : []),
                  units: units, fileCalendar: fileCalendar)
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

extension CFTimeDecoder {
    /// The stored value of a fractional day number in the variable's own calendar (the inverse
    /// of `day` when the variable is in the file's calendar).
    func encode(day: Double) -> Double? {
        values.encode(units.value(ofDay: day))
    }

    /// Why a series of time values is not a time axis.
    enum AxisProblem: Error {
        case missing(index: Int)
        case notADate(index: Int, raw: Double)
        case notIncreasing(index: Int, day: Double, duplicate: Bool)
        case empty
        case tooLong(days: Double)
    }

    /// Decodes stored time values to strictly increasing fractional day numbers, the one time
    /// axis decoder of every layout: a shared axis refuses a missing time (`skipMissing` false), a
    /// paddy's own times skip it with its observation (`kept` lists the positions used).
    func axis(_ raw: some Collection<Double>, skipMissing: Bool) -> Result<(days: [Double], kept: [Int]), AxisProblem> {
        var days: [Double] = [], kept: [Int] = []
        days.reserveCapacity(raw.count)
        kept.reserveCapacity(raw.count)
        for (i, r) in raw.enumerated() {
            guard case .success(let day) = self.day(r), let d = day else {
                if skipMissing { continue }
                return .failure(.missing(index: i))
            }
            guard Self.plausibleDay(d) else { return .failure(.notADate(index: i, raw: r)) }
            if let p = days.last, d <= p { return .failure(.notIncreasing(index: i, day: d, duplicate: d == p)) }
            days.append(d)
            kept.append(i)
        }
        guard let first = days.first, let last = days.last else { return .failure(.empty) }
        guard last - first <= Self.maxSpanDays else { return .failure(.tooLong(days: last - first)) }
        return .success((days, kept))
    }

    /// Day numbers of 0001-01-01 to 9999-12-31 (about); anything else is a units error.
    static func plausibleDay(_ d: Double) -> Bool { d.isFinite && d >= 0 && d < 3_652_500 }
    /// The longest time axis accepted [days]: 100 years.
    static let maxSpanDays = 36_525.0
}
