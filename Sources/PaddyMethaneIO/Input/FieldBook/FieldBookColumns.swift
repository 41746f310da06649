import Foundation
import PaddyMethane

/// What a column of a field book holds. The canonical name comes first in `names`, then the
/// other spellings accepted (compared in lower case, spaces and hyphens read as `_`).
enum FieldBookRole: String, CaseIterable, Sendable {
    case plotID, time, waterLevel, unit, soilTemperature, airTemperature
    case area, region, waterSupply, latitude, longitude, seasonStart, seasonEnd
    case amendment, amendmentRate, grainYield, sandFraction

    var names: [String] {
        switch self {
        case .plotID: ["plot_id", "plot", "paddy_id", "paddy", "field_id", "field", "id"]
        case .time: ["date", "datetime", "date_time", "time", "timestamp"]
        case .waterLevel: ["water_level", "level"]
        case .unit: ["unit", "units", "level_unit", "water_level_unit"]
        case .soilTemperature: ["soil_temperature"]
        case .airTemperature: ["air_temperature"]
        case .area: ["area"]
        case .region: ["region"]
        case .waterSupply: ["water_supply"]
        case .latitude: ["lat", "latitude"]
        case .longitude: ["lon", "longitude"]
        case .seasonStart: ["season_start"]
        case .seasonEnd: ["season_end"]
        case .amendment: ["organic_amendment", "amendment"]
        case .amendmentRate: ["organic_amendment_rate", "amendment_rate"]
        case .grainYield: ["grain_yield", "yield"]
        case .sandFraction: ["sand_fraction", "sand"]
        }
    }

    /// Roles of the readings file and of the plot sheet.
    static let readings: [FieldBookRole] = [.plotID, .time, .waterLevel, .unit, .soilTemperature, .airTemperature]
    static let plots: [FieldBookRole] = [.plotID, .area, .region, .waterSupply, .latitude, .longitude, .seasonStart, .seasonEnd,
                                         .amendment, .amendmentRate, .grainYield, .sandFraction]
}

/// A header cell read: its role, the unit it names (`water_level_cm`, `level [mm]`,
/// `area (ha)`), and for season dates the season number (`season_start_2`: 2).
struct FieldBookHeader: Equatable {
    var role: FieldBookRole
    var unit: String?
    var season = 1

    /// `name [unit]`, `name (unit)`, `name_unit` or `name`, for the roles given; nil when the
    /// name is none of theirs.
    init?(_ raw: String, roles: [FieldBookRole]) {
        var text = Substring(raw.trimmingCharacters(in: .whitespaces))
        var unit: String? = nil
        for (open, close) in [("[", "]"), ("(", ")")] where text.hasSuffix(close) {
            guard let o = text.lastIndex(of: Character(open)) else { continue }
            unit = String(text[text.index(after: o)..<text.index(before: text.endIndex)]).trimmingCharacters(in: .whitespaces)
            text = text[..<o]
            break
        }
        let key = Self.normalized(String(text))
        // The longest name that is the whole key, or its start followed by `_` and a unit or a season number.
        let candidates = roles.flatMap { r in r.names.map { (r, $0) } }.sorted { $0.1.count > $1.1.count }
        for (role, name) in candidates {
            if key == name { self.init(role: role, unit: unit); return }
            guard key.hasPrefix(name + "_"), unit == nil else { continue }
            let rest = String(key.dropFirst(name.count + 1))
            if role == .seasonStart || role == .seasonEnd {
                guard let n = Int(rest), n >= 1 else { continue }
                self.init(role: role, unit: nil, season: n)
                return
            }
            guard role != .plotID, role != .time, role != .unit, role != .region, role != .waterSupply, role != .amendment else { continue }
            self.init(role: role, unit: Self.suffixUnit(rest))
            return
        }
        return nil
    }

    private init(role: FieldBookRole, unit: String?, season: Int = 1) { (self.role, self.unit, self.season) = (role, unit, season) }

    /// Lower case, spaces and hyphens as `_`, repeated `_` as one.
    static func normalized(_ s: String) -> String {
        var out = ""
        for c in s.lowercased() {
            let c: Character = (c == " " || c == "-") ? "_" : c
            if c == "_" && out.last == "_" { continue }
            out.append(c)
        }
        return out.trimmingCharacters(in: CharacterSet(charactersIn: "_"))
    }

    /// A unit written after `_` in a column name: `cm`, `ha`, `m2`, `t_ha`, `kg_ha`, `pct`, `degc`.
    static func suffixUnit(_ s: String) -> String {
        switch s {
        case "t_ha", "tha": "t/ha"
        case "kg_ha", "kgha": "kg/ha"
        case "g_m2": "g/m2"
        case "pct", "percent": "%"
        case "degc", "deg_c", "c", "celsius": "degC"
        case "k", "kelvin": "K"
        default: s
        }
    }

    /// Every accepted name of `roles`, for "did you mean".
    static func allNames(_ roles: [FieldBookRole]) -> [String] { roles.flatMap(\.names) }
}

/// The accepted name nearest to `name` by edit distance, with the distance; a unit in brackets,
/// or after the last `_`, is left out (`water_levl_cm` is 1 from `water_level`).
func nearestName(_ name: String, among names: [String]) -> (name: String, distance: Int) {
    var bare = name
    if let o = bare.firstIndex(where: { $0 == "[" || $0 == "(" }) { bare = String(bare[..<o]) }
    let key = FieldBookHeader.normalized(bare)
    var keys = [key]
    if let u = key.lastIndex(of: "_"), isUnit(FieldBookHeader.suffixUnit(String(key[key.index(after: u)...]))) { keys.append(String(key[..<u])) }
    var best = (name: names[0], distance: Int.max)
    for n in names {
        for k in keys {
            let d = editDistance(Array(k), Array(n))
            if d < best.distance { best = (n, d) }
        }
    }
    return best
}

/// Whether `u` is a unit of one of the field book's quantities.
private func isUnit(_ u: String) -> Bool {
    CFUnits.centimetres(per: u) != nil || CFUnits.hectares(per: u) != nil || CFUnits.tonnesPerHectare(per: u) != nil
        || u == "%" || CFUnits.celsius(from: u) != nil
}

/// Field-book cell parsers: each gives the value or why the cell is not one.
enum FieldBookCell {
    /// Cells that mean "no value" (empty, as pandas writes NaN; spreadsheet and R spellings).
    static func isMissing(_ s: String) -> Bool {
        s.isEmpty || ["na", "nan", "n/a", "null", "none", "-"].contains(s.lowercased())
    }

    /// A number, nil when missing; a problem when it is text.
    static func number(_ s: String) -> Result<Double?, PaddyProblem> {
        if isMissing(s) { return .success(nil) }
        guard let v = Double(s), v.isFinite else { return .failure("\"\(s)\" is not a number (decimal point, no grouping)") }
        return .success(v)
    }

    /// The standard-calendar day number of 1970-01-01, the field book's time origin.
    static let epochDay = CFCalendar.standard.dayNumber(CalendarDate(year: 1970, month: 1, day: 1))

    /// `YYYY-MM-DD` or `YYYY-MM-DD[T| ]hh:mm[:ss[.fff]]`, local time without an offset → seconds
    /// since 1970-01-01 00:00 (the standard calendar, as CF's default).
    static func seconds(_ s: String) -> Result<Double, PaddyProblem> {
        let expected = "expected YYYY-MM-DD or YYYY-MM-DD hh:mm[:ss] (ISO 8601, local time; format the spreadsheet column as yyyy-mm-dd before exporting)"
        let parts = s.split(maxSplits: 1, whereSeparator: { $0 == "T" || $0 == " " })
        guard let datePart = parts.first, datePart.count == 10, let d = CalendarDate(iso: datePart) else {
            return .failure("\"\(s)\" is not a date: \(expected)")
        }
        guard CFCalendar.standard.isValid(d) else { return .failure("\"\(s)\": \(d) does not exist") }
        var clock = 0.0
        if parts.count == 2 {
            let t = parts[1]
            guard t.allSatisfy({ $0.isNumber || $0 == ":" || $0 == "." }) else {
                return .failure("\"\(s)\" has a time zone or text after the time of day: \(expected)")
            }
            do { clock = try CFReferenceTime.clock(t) } catch { return .failure("\"\(s)\": \(error)") }
        }
        return .success(Double(CFCalendar.standard.dayNumber(d) - epochDay) * 86_400 + clock)
    }

    /// `YYYY-MM-DD` → day number (season dates), nil when missing.
    static func day(_ s: String) -> Result<Int?, PaddyProblem> {
        if isMissing(s) { return .success(nil) }
        guard s.count == 10, let d = CalendarDate(iso: Substring(s)), CFCalendar.standard.isValid(d) else {
            return .failure("\"\(s)\" is not a date YYYY-MM-DD")
        }
        return .success(CFCalendar.standard.dayNumber(d))
    }
}
