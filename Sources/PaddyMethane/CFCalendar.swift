/// The CF calendars (CF Conventions 1.8, section 4.4.1). Dates are counted as day numbers within
/// one calendar: the number of days since 0001-01-01 of that calendar, so that a day's position,
/// a season's length and the difference between two dates are plain integer arithmetic.
public enum CFCalendar: String, Sendable, CaseIterable, Codable {
    /// Mixed Julian/Gregorian: Julian before 1582-10-15, Gregorian from then on (`standard`, `gregorian`).
    case standard
    case proleptic_gregorian
    case julian
    /// Every year has 365 days (`noleap`, `365_day`).
    case noleap
    /// Every year has 366 days (`all_leap`, `366_day`).
    case all_leap
    /// Twelve months of 30 days.
    case day360 = "360_day"

    /// Parses a CF `calendar` attribute, accepting every alias CF lists (case-insensitive).
    public init?(cfName: String) {
        switch cfName.lowercased().trimmingCharacters(in: " ") {
        case "standard", "gregorian", "": self = .standard
        case "proleptic_gregorian": self = .proleptic_gregorian
        case "julian": self = .julian
        case "noleap", "365_day": self = .noleap
        case "all_leap", "366_day": self = .all_leap
        case "360_day": self = .day360
        default: return nil
        }
    }

    /// Days in `month` (1...12) of `year` in this calendar.
    public func daysInMonth(_ month: Int, year: Int) -> Int {
        if self == .day360 { return 30 }
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        if month == 2 && isLeap(year) { return 29 }
        return lengths[month - 1]
    }

    /// Days in `year` of this calendar (360 in `360_day`; 355 in 1582 of `standard`).
    public func daysInYear(_ year: Int) -> Int {
        dayNumber(CalendarDate(year: year + 1, month: 1, day: 1)) - dayNumber(CalendarDate(year: year, month: 1, day: 1))
    }

    /// Whether `year` has a 29 February in this calendar.
    public func isLeap(_ year: Int) -> Bool {
        switch self {
        case .noleap, .day360: false
        case .all_leap: true
        case .julian: year % 4 == 0
        case .proleptic_gregorian: Self.gregorianLeap(year)
        case .standard: year < 1583 ? year % 4 == 0 : Self.gregorianLeap(year)
        }
    }

    private static func gregorianLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    /// Whether the date exists in this calendar (for example 1582-10-10 does not in `standard`).
    public func isValid(_ date: CalendarDate) -> Bool {
        guard (1...12).contains(date.month), (1...daysInMonth(date.month, year: date.year)).contains(date.day) else { return false }
        if self == .standard && date.year == 1582 && date.month == 10 && (5...14).contains(date.day) { return false }
        return true
    }

    /// The day number of `date`: days since 0001-01-01 in this calendar.
    public func dayNumber(_ date: CalendarDate) -> Int {
        switch self {
        case .day360:
            return (date.year - 1) * 360 + (date.month - 1) * 30 + (date.day - 1)
        case .noleap, .all_leap:
            let yearLength = self == .noleap ? 365 : 366
            var n = (date.year - 1) * yearLength
            for m in 1..<date.month { n += daysInMonth(m, year: date.year) }
            return n + date.day - 1
        case .proleptic_gregorian:
            return Self.gregorianJDN(date) - Self.gregorianJDN(CalendarDate(year: 1, month: 1, day: 1))
        case .julian:
            return Self.julianJDN(date) - Self.julianJDN(CalendarDate(year: 1, month: 1, day: 1))
        case .standard:
            let jdn = Self.isGregorianEra(date) ? Self.gregorianJDN(date) : Self.julianJDN(date)
            return jdn - Self.julianJDN(CalendarDate(year: 1, month: 1, day: 1))
        }
    }

    /// The date of day number `n` (inverse of `dayNumber`).
    public func date(ofDay n: Int) -> CalendarDate {
        switch self {
        case .day360:
            let y = Self.floorDiv(n, 360), r = n - y * 360
            return CalendarDate(year: y + 1, month: r / 30 + 1, day: r % 30 + 1)
        case .noleap, .all_leap:
            let yearLength = self == .noleap ? 365 : 366
            let y = Self.floorDiv(n, yearLength)
            var r = n - y * yearLength, m = 1
            while r >= daysInMonth(m, year: y + 1) { r -= daysInMonth(m, year: y + 1); m += 1 }
            return CalendarDate(year: y + 1, month: m, day: r + 1)
        case .proleptic_gregorian:
            return Self.gregorianDate(n + Self.gregorianJDN(CalendarDate(year: 1, month: 1, day: 1)))
        case .julian:
            return Self.julianDate(n + Self.julianJDN(CalendarDate(year: 1, month: 1, day: 1)))
        case .standard:
            let jdn = n + Self.julianJDN(CalendarDate(year: 1, month: 1, day: 1))
            return jdn >= Self.gregorianReformJDN ? Self.gregorianDate(jdn) : Self.julianDate(jdn)
        }
    }

    /// Julian day number of 1582-10-15, the first Gregorian day of the `standard` calendar.
    private static let gregorianReformJDN = 2_299_161

    private static func isGregorianEra(_ d: CalendarDate) -> Bool {
        (d.year, d.month, d.day) >= (1582, 10, 15)
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }

    // Julian day number algorithms: Richards, E. G. (2013), "Calendars", in Explanatory Supplement
    // to the Astronomical Almanac, 3rd ed., ch. 15.11 (integer forms valid for all years > -4800).
    private static func gregorianJDN(_ d: CalendarDate) -> Int {
        let a = (14 - d.month) / 12, y = d.year + 4800 - a, m = d.month + 12 * a - 3
        return d.day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }

    private static func julianJDN(_ d: CalendarDate) -> Int {
        let a = (14 - d.month) / 12, y = d.year + 4800 - a, m = d.month + 12 * a - 3
        return d.day + (153 * m + 2) / 5 + 365 * y + y / 4 - 32083
    }

    private static func gregorianDate(_ jdn: Int) -> CalendarDate {
        let a = jdn + 32044, b = (4 * a + 3) / 146097, c = a - 146097 * b / 4
        return fromShifted(b: b, c: c)
    }

    private static func julianDate(_ jdn: Int) -> CalendarDate {
        return fromShifted(b: 0, c: jdn + 32082)
    }

    private static func fromShifted(b: Int, c: Int) -> CalendarDate {
        let d = (4 * c + 3) / 1461, e = c - 1461 * d / 4, m = (5 * e + 2) / 153
        return CalendarDate(year: 100 * b + d - 4800 + m / 10, month: m + 3 - 12 * (m / 10), day: e - (153 * m + 2) / 5 + 1)
    }
}

/// A date in some CF calendar; which calendar is carried by the series or season it belongs to.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (a leading sign and more year digits allowed).
    public init?(iso text: Substring) {
        var body = text
        var sign = 1
        if body.first == "-" { sign = -1; body = body.dropFirst() }
        let parts = body.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: sign * y, month: m, day: d)
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// ISO 8601 form, `YYYY-MM-DD`.
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        append(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the ISO 8601 form to `bytes` (the report rows).
    public func append(to bytes: inout [UInt8]) {
        bytes.appendDecimal(year, minDigits: 4)
        bytes.append(UInt8(ascii: "-"))
        bytes.appendDecimal(month, minDigits: 2)
        bytes.append(UInt8(ascii: "-"))
        bytes.appendDecimal(day, minDigits: 2)
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
