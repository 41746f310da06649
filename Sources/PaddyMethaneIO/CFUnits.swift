public import PaddyMethane
import Foundation

/// CF time units `<unit> since <reference>` (CF 1.8 section 4.4, read with the UDUNITS-2 grammar),
/// decoded to day numbers.
///
/// Samples get the dates of the reference's time zone: with `hours since 2024-06-01 00:00 +07:00`
/// the value 0 is on 2024-06-01 (local midnight), not on 2024-05-31 (17:00 UTC). Other time
/// variables of the same file are dated in the time coordinate's zone (`dated(inZoneOf:)`), so
/// that every instant keeps its place and all dates of a file share one zone.
public struct CFTimeUnits: Sendable, Equatable {
    /// Seconds per unit of the time variable.
    public var secondsPerUnit: Double { secondsNumerator / secondsDenominator }
    /// The reference instant as a fractional day number in UTC.
    public let referenceDay: Double
    /// The reference time's offset from UTC [s] (0 without an offset, with `Z` or `UTC`).
    public let utcOffsetSeconds: Double
    /// The offset from UTC [s] of the time zone whose dates the samples get.
    public let dateZoneOffsetSeconds: Double
    public let calendar: CFCalendar
    public let text: String
    /// Seconds per unit as an exact fraction (milliseconds: 1/1000), so that whole days stay whole.
    private let secondsNumerator: Double
    private let secondsDenominator: Double
    /// The reference's date and its seconds after midnight in the date zone.
    private let originDay: Double
    private let originSeconds: Double

    /// Parses units such as `days since 2024-01-01`, `hours since 2024-06-01 00:00 +07:00`,
    /// `milliseconds since 2023-05-01T00:00:00.250Z`; nil when they are not CF time units.
    public init?(_ units: String, calendar: CFCalendar) {
        guard let u = try? CFTimeUnits(parsing: units, calendar: calendar) else { return nil }
        self = u
    }

    /// Parses CF time units, or says why they are not.
    public init(parsing units: String, calendar: CFCalendar) throws(CFTimeUnitsError) {
        let words = units.split(whereSeparator: \.isWhitespace)
        guard words.count >= 3, words[1].lowercased() == "since" else {
            throw CFTimeUnitsError("expected \"<unit> since <date>\" (CF 1.8 section 4.4; the UDUNITS alternatives \"after\", \"from\", \"ref\" and \"@\" are not CF)")
        }
        (secondsNumerator, secondsDenominator) = try Self.seconds(perUnit: words[0].lowercased())
        let sinceEnd = units.range(of: words[1])!.upperBound
        let reference = try CFReferenceTime(parsing: units[sinceEnd...], calendar: calendar)
        let localDay = Double(calendar.dayNumber(reference.date))
        referenceDay = localDay + (reference.secondsOfDay - reference.utcOffsetSeconds) / 86_400
        utcOffsetSeconds = reference.utcOffsetSeconds
        dateZoneOffsetSeconds = reference.utcOffsetSeconds
        originDay = localDay
        originSeconds = reference.secondsOfDay
        self.calendar = calendar
        text = units
    }

    private init(_ u: CFTimeUnits, dateZoneOffsetSeconds zone: Double) {
        (secondsNumerator, secondsDenominator) = (u.secondsNumerator, u.secondsDenominator)
        (referenceDay, utcOffsetSeconds, calendar, text) = (u.referenceDay, u.utcOffsetSeconds, u.calendar, u.text)
        originDay = u.originDay
        originSeconds = u.originSeconds + zone - u.dateZoneOffsetSeconds
        dateZoneOffsetSeconds = zone
    }

    /// The same instants, dated in the time zone of `other` (the file's time coordinate).
    public func dated(inZoneOf other: CFTimeUnits) -> CFTimeUnits {
        CFTimeUnits(self, dateZoneOffsetSeconds: other.dateZoneOffsetSeconds)
    }

    /// Fractional day number of a time value, in the date zone.
    @inline(__always)
    public func dayNumber(_ value: Double) -> Double {
        originDay + (originSeconds + value * secondsNumerator / secondsDenominator) / 86_400
    }

    /// The time value of a fractional day number in the date zone: the inverse of `dayNumber`.
    public func value(ofDay day: Double) -> Double {
        ((day - originDay) * 86_400 - originSeconds) * secondsDenominator / secondsNumerator
    }

    /// Seconds per unit as (numerator, denominator): the UDUNITS-2 time units and their
    /// abbreviations. Months and years are refused: they have no fixed length in a calendar
    /// (UDUNITS defines a year as 365.242198781 days) and CF 1.8 section 4.4 advises against them.
    static func seconds(perUnit word: String) throws(CFTimeUnitsError) -> (Double, Double) {
        switch word {
        case "week", "weeks", "wk": (604_800, 1)
        case "day", "days", "d": (86_400, 1)
        case "hour", "hours", "hr", "hrs", "h": (3_600, 1)
        case "minute", "minutes", "min", "mins": (60, 1)
        case "second", "seconds", "sec", "secs", "s": (1, 1)
        case "millisecond", "milliseconds", "msec", "msecs", "ms": (1, 1_000)
        case "microsecond", "microseconds", "usec", "usecs", "us", "\u{B5}s", "\u{3BC}s": (1, 1_000_000)
        case "nanosecond", "nanoseconds", "nsec", "ns": (1, 1_000_000_000)
        case "month", "months", "mon", "year", "years", "yr", "yrs", "a", "common_year", "common_years", "leap_year", "leap_years":
            throw CFTimeUnitsError("\"\(word)\" has no fixed length (UDUNITS takes a year as 365.242198781 days, a month as a twelfth of it) and CF 1.8 section 4.4 advises against it; store the times in days, hours, minutes or seconds")
        default:
            throw CFTimeUnitsError("\"\(word)\" is not a time unit (weeks, days, hours, minutes, seconds, milliseconds, microseconds, nanoseconds or their abbreviations d, h, hr, min, s, sec, ms, us, ns)")
        }
    }
}

/// Why a units string is not CF time units.
public struct CFTimeUnitsError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// The reference time of CF time units, UDUNITS-2 timestamp grammar (broken forms):
/// `Y-M[-D][(T| )h:m[:s[.f]]][ ][Z|UTC|GMT|±h|±hh|±hmm|±hhmm|±h:mm|±hh:mm]`. An offset without a
/// sign after a time of day (`0:00`, as in the NCEI templates) is read as ahead of UTC. Offsets are
/// limited to ±14:00; packed dates and times (`20240601`, `0700` as a time of day) are refused.
struct CFReferenceTime {
    var date: CalendarDate
    var secondsOfDay = 0.0
    var utcOffsetSeconds = 0.0

    init(parsing text: Substring, calendar: CFCalendar) throws(CFTimeUnitsError) {
        var rest = text.drop { $0.isWhitespace }
        while rest.last?.isWhitespace == true { rest = rest.dropLast() }
        let dateText = rest.prefix { !$0.isWhitespace && !($0 == "T" || $0 == "t") }
        rest = rest[dateText.endIndex...]
        guard let d = Self.date(dateText) else { throw CFTimeUnitsError("reference date \"\(dateText)\" is not YYYY-MM-DD") }
        guard calendar.isValid(d) else { throw CFTimeUnitsError("reference date \(d) does not exist in the \(calendar.rawValue) calendar") }
        date = d
        if rest.first == "T" || rest.first == "t" { rest = rest.dropFirst() }
        rest = rest.drop { $0.isWhitespace }
        var sawClock = false
        if rest.first?.isNumber == true {
            let clock = rest.prefix { $0.isNumber || $0 == ":" || $0 == "." }
            secondsOfDay = try Self.clock(clock)
            rest = rest[clock.endIndex...].drop { $0.isWhitespace }
            sawClock = true
        }
        if rest.isEmpty { return }
        if ["z", "utc", "gmt"].contains(rest.lowercased()) { return }
        guard rest.first == "+" || rest.first == "-" || (sawClock && rest.first?.isNumber == true) else {
            throw CFTimeUnitsError("unexpected \"\(rest)\" after the reference date and time (expected an offset such as +07:00, Z or UTC)")
        }
        utcOffsetSeconds = try Self.offset(rest)
    }

    /// `[±]Y-M[-D]` (day 1 when absent).
    static func date(_ text: Substring) -> CalendarDate? {
        if let d = CalendarDate(iso: text) { return d }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        return CalendarDate(year: y, month: m, day: 1)
    }

    /// `h:m[:s[.f]]` → seconds after midnight.
    static func clock(_ text: Substring) throws(CFTimeUnitsError) -> Double {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(fields.count), fields.dropLast().allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isNumber) }),
              let h = Int(fields[0]), let m = Int(fields[1]), h < 24, m < 60 else {
            throw CFTimeUnitsError("time of day \"\(text)\" is not hh:mm[:ss[.fff]] (packed forms such as 0700 are not read)")
        }
        var s = 0.0
        if fields.count == 3 {
            let secondText = fields[2]
            guard let whole = secondText.split(separator: ".", omittingEmptySubsequences: false).first,
                  (1...2).contains(whole.count), whole.allSatisfy(\.isNumber), let v = Double(secondText), v < 61 else {
                throw CFTimeUnitsError("seconds \"\(secondText)\" in \"\(text)\" are not ss[.fff]")
            }
            s = v
        }
        return Double(h * 3600 + m * 60) + s
    }

    /// `±h`, `±hh`, `±hmm`, `±hhmm`, `±h:mm`, `±hh:mm` (sign optional after a time of day) → seconds.
    static func offset(_ text: Substring) throws(CFTimeUnitsError) -> Double {
        var body = text
        var sign = 1.0
        if body.first == "+" || body.first == "-" { sign = body.first == "-" ? -1 : 1; body = body.dropFirst() }
        let h: Int, m: Int
        let fields = body.split(separator: ":", omittingEmptySubsequences: false)
        let bad = CFTimeUnitsError("time zone offset \"\(text)\" is not ±hh:mm, ±hhmm or ±hh")
        guard fields.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { throw bad }
        switch (fields.count, body.count) {
        case (1, 1...2): (h, m) = (Int(body)!, 0)
        case (1, 3...4):
            // UDUNITS-2 reads the last two digits as minutes; "+053" is ambiguous and refused.
            guard !(body.count == 3 && body.first == "0") else { throw bad }
            (h, m) = (Int(body.dropLast(2))!, Int(body.suffix(2))!)
        case (2, _) where (1...2).contains(fields[0].count) && (1...2).contains(fields[1].count):
            (h, m) = (Int(fields[0])!, Int(fields[1])!)
        default: throw bad
        }
        guard m < 60, h * 60 + m <= 14 * 60 else { throw CFTimeUnitsError("time zone offset \"\(text)\" is beyond ±14:00") }
        return sign * Double(h * 3600 + m * 60)
    }
}

/// Conversion factors from CF unit strings. Lengths and areas are read by `UDUnitsLength`.
enum CFUnits {
    /// Centimetres per unit of a length, or nil when the unit is not a length.
    static func centimetres(per units: String) -> Double? {
        guard let u = UDUnitsLength(units), u.power == 1 else { return nil }
        return u.metres * 100
    }

    /// Hectares per unit of an area, or nil when the unit is not an area.
    static func hectares(per units: String) -> Double? {
        guard let u = UDUnitsLength(units), u.power == 2 else { return nil }
        return u.metres / 10_000
    }

    /// t ha⁻¹ per unit of a yield, or nil.
    static func tonnesPerHectare(per units: String) -> Double? {
        switch units.lowercased().filter({ $0 != " " }) {
        case "tha-1", "t/ha", "tha^-1", "tonnes/ha", "tonneperhectare": 1
        case "kgha-1", "kg/ha", "kgha^-1": 0.001
        case "gm-2", "g/m2", "gm^-2": 0.01
        default: nil
        }
    }

    /// kg N ha⁻¹ per unit of a nitrogen application rate, or nil.
    static func kilogramsNitrogenPerHectare(per units: String) -> Double? {
        switch units.lowercased().filter({ $0 != " " }) {
        case "kgha-1", "kg/ha", "kgha^-1", "kgnha-1", "kgn/ha", "kgnha^-1": 1
        case "tha-1", "t/ha", "tha^-1": 1000
        case "gm-2", "g/m2", "gm^-2": 10
        default: nil
        }
    }

    /// Fraction (0–1) per unit of a share, or nil.
    static func fraction(per units: String) -> Double? {
        switch units.lowercased().filter({ $0 != " " }) {
        case "1", "", "fraction": 1
        case "%", "percent": 0.01
        default: nil
        }
    }

    /// (factor, offset) from a temperature unit to degrees Celsius, or nil.
    static func celsius(from units: String) -> (Double, Double)? {
        switch units.lowercased().filter({ $0 != " " && $0 != "_" }) {
        case "degc", "celsius", "degreesc", "degreec", "degreecelsius", "degreescelsius", "c": (1, 0)
        case "k", "kelvin", "degk": (1, -273.15)
        default: nil
        }
    }
}
