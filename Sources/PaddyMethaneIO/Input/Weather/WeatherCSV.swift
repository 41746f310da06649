import PaddyMethane
import Foundation

/// A weather CSV (`data/weather-template.csv`): columns `date` (ISO 8601 `YYYY-MM-DD`, a
/// Gregorian calendar date), one key column, `region` or `paddy_id`, and one value column,
/// `air_temperature_c` or `soil_temperature_c` [°C], one row per day and key. An empty value is a
/// missing day; any other column, a second key or value column, a date given twice for one key, a
/// value that is not a number or a date that is not one is an error naming file, line and column.
enum WeatherCSV {
    enum Column: String, CaseIterable {
        case date, region, paddy_id, air_temperature_c, soil_temperature_c
    }

    static func read(_ path: String, limits: DetectionSettings) throws(InputError) -> WeatherTable {
        let table = try CSVFile(path: path)
        var columns: [Column: Int] = [:]
        for (i, name) in table.header.enumerated() {
            guard let c = Column(rawValue: name) else {
                throw InputError(path: path, "line \(table.headerLine), column \(i + 1): unknown column \"\(name)\"" + ModelLibrary.choice(name, among: Column.allCases.map(\.rawValue)))
            }
            guard columns[c] == nil else { throw InputError(path: path, "line \(table.headerLine), column \(i + 1): column \"\(name)\" is repeated") }
            columns[c] = i
        }
        func one(_ choices: [Column]) throws(InputError) -> Column {
            let given = choices.filter { columns[$0] != nil }
            guard given.count == 1 else {
                throw InputError(path: path, "line \(table.headerLine): needs exactly one of the columns \(choices.map(\.rawValue).joined(separator: ", ")) (\(given.isEmpty ? "none" : "both") given); the template is data/weather-template.csv")
            }
            return given[0]
        }
        guard let dateColumn = columns[.date] else {
            throw InputError(path: path, "line \(table.headerLine): missing column date; the template is data/weather-template.csv")
        }
        let key = try one([.region, .paddy_id]), value = try one([.air_temperature_c, .soil_temperature_c])
        let (keyColumn, valueColumn) = (columns[key]!, columns[value]!)
        let kind: DailyTemperature.Kind = value == .soil_temperature_c ? .soil : .air
        // ISO dates are Gregorian dates: day numbers of the CF standard calendar (the usual one of
        // paddy series, which then need no date conversion).
        let calendar = CFCalendar.standard
        var days: [String: [Int: Double]] = [:]
        for row in 0..<table.rowCount {
            let line = table.lines[row]
            func fail(_ column: Int, _ m: String) -> InputError {
                InputError(path: path, "line \(line), column \(column + 1) (\(table.header[column])): \(m)")
            }
            let id = table[row, keyColumn]
            guard !id.isEmpty else { throw fail(keyColumn, "empty: every row names its \(key.rawValue)") }
            let dateText = table[row, dateColumn]
            guard let date = CalendarDate(iso: Substring(dateText)), calendar.isValid(date) else {
                throw fail(dateColumn, "\"\(dateText)\" is not a date (YYYY-MM-DD)")
            }
            let text = table[row, valueColumn]
            if text.isEmpty { continue }
            guard let c = Double(text), c.isFinite else { throw fail(valueColumn, "\"\(text)\" is not a number (°C; leave the cell empty for a missing day)") }
            if let m = limits.implausibleTemperature(c) { throw fail(valueColumn, m) }
            let day = calendar.dayNumber(date)
            guard days[id, default: [:]].updateValue(c, forKey: day) == nil else {
                throw fail(dateColumn, "\(key.rawValue) \"\(id)\" has \(dateText) twice")
            }
        }
        var series: [String: WeatherSeries] = [:]
        for (id, values) in days {
            guard values.keys.max()! - values.keys.min()! < WeatherSeries.maxSpanDays else {
                throw InputError(path: path, "\(key.rawValue) \"\(id)\": the dates span more than 100 years; check the date column")
            }
            series[id] = WeatherSeries.days(values, kind: kind, calendar: calendar)
        }
        return WeatherTable(key: key == .region ? .region : .paddy_id, series: series)
    }
}
