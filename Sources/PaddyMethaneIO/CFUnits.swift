public import PaddyMethane
import Foundation

/// CF time units `<unit> since <reference>` (CF 1.8 section 4.4), decoded to day numbers.
public struct CFTimeUnits: Sendable, Equatable {
    /// Seconds per unit of the time variable.
    public let secondsPerUnit: Double
    /// The reference instant as a fractional day number in `calendar`.
    public let referenceDay: Double
    public let calendar: CFCalendar
    public let text: String

    /// Parses e.g. `days since 2024-01-01`, `hours since 2024-1-1 06:00:00`, `seconds since 2024-01-01T00:00:00Z`.
    public init?(_ units: String, calendar: CFCalendar) {
        let words = units.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard words.count == 3, words[1].lowercased() == "since" else { return nil }
        switch words[0].lowercased() {
        case "day", "days", "d": secondsPerUnit = 86_400
        case "hour", "hours", "hr", "hrs", "h": secondsPerUnit = 3_600
        case "minute", "minutes", "min", "mins": secondsPerUnit = 60
        case "second", "seconds", "sec", "secs", "s": secondsPerUnit = 1
        default: return nil
        }
        guard let reference = Self.parseReference(words[2], calendar: calendar) else { return nil }
        referenceDay = reference
        self.calendar = calendar
        text = units
    }

    /// Fractional day number of a time value.
    @inline(__always)
    public func dayNumber(_ value: Double) -> Double { referenceDay + value * secondsPerUnit / 86_400 }

    /// `YYYY-MM-DD[( |T)hh:mm[:ss[.f]]][Z|UTC|±hh[:mm]]` → fractional day number (UTC).
    static func parseReference(_ text: Substring, calendar: CFCalendar) -> Double? {
        var rest = text.trimmingCharacters(in: .whitespaces)[...]
        var datePart = rest
        var timePart: Substring = ""
        if let sep = rest.dropFirst().firstIndex(where: { $0 == " " || $0 == "T" }) {
            datePart = rest[..<sep]
            timePart = rest[rest.index(after: sep)...]
        }
        guard let date = CalendarDate(iso: datePart), calendar.isValid(date) else { return nil }
        var offsetHours = 0.0
        rest = timePart.trimmingCharacters(in: .whitespaces)[...]
        for suffix in ["UTC", "utc", "Z", "z"] where rest.hasSuffix(suffix) { rest = rest.dropLast(suffix.count) }
        rest = rest.trimmingCharacters(in: .whitespaces)[...]
        if let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = rest[rest.index(after: signIndex)...].split(separator: ":")
            guard let h = zone.first.flatMap({ Double($0) }) else { return nil }
            let m = zone.count > 1 ? Double(zone[1]) ?? 0 : 0
            offsetHours = (rest[signIndex] == "-" ? -1 : 1) * (h + m / 60)
            rest = rest[..<signIndex].trimmingCharacters(in: .whitespaces)[...]
        }
        var seconds = 0.0
        if !rest.isEmpty {
            let hms = rest.split(separator: ":").map { Double($0) }
            guard hms.allSatisfy({ $0 != nil }), (1...3).contains(hms.count) else { return nil }
            let v = hms.map { $0! } + [0, 0]
            seconds = v[0] * 3600 + v[1] * 60 + v[2]
        }
        return Double(calendar.dayNumber(date)) + (seconds - offsetHours * 3600) / 86_400
    }
}

/// Conversion factors from CF length and area unit strings.
enum CFUnits {
    /// Centimetres per unit of a length, or nil when the unit is not a length.
    static func centimetres(per units: String) -> Double? {
        switch units.lowercased().trimmingCharacters(in: .whitespaces) {
        case "m", "meter", "meters", "metre", "metres": 100
        case "cm", "centimeter", "centimeters", "centimetre", "centimetres": 1
        case "mm", "millimeter", "millimeters", "millimetre", "millimetres": 0.1
        default: nil
        }
    }

    /// Hectares per unit of an area, or nil when the unit is not an area.
    static func hectares(per units: String) -> Double? {
        switch units.lowercased().filter({ $0 != " " }) {
        case "ha", "hectare", "hectares": 1
        case "m2", "m^2", "m**2", "squaremeters", "squaremetres", "meter2", "metre2": 1e-4
        case "km2", "km^2", "km**2", "squarekilometers", "squarekilometres": 100
        default: nil
        }
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
