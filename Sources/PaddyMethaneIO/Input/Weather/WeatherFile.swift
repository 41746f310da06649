public import PaddyMethane
import Foundation

/// Weather files for the process model (`--weather FILE`, repeatable): daily air or soil
/// temperature per region or per paddy, from a CSV (`WeatherCSV`, template
/// `data/weather-template.csv`) or a CF NetCDF (`WeatherNetCDF`). A file is NetCDF when it starts
/// with a NetCDF or HDF5 signature, else CSV.
public enum WeatherFile {
    /// Reads every file into one set of series by paddy and by region. A paddy id or region given
    /// by two files is refused (which would win is not obvious), and so is a temperature outside
    /// `limits`' plausible range.
    public static func load(_ paths: [String], limits: DetectionSettings) throws(InputError) -> DailyWeather {
        var weather = DailyWeather(name: paths.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: "+"))
        var origin: [String: String] = [:]
        for path in paths {
            let file = try read(path, limits: limits)
            for (key, series) in file.series {
                let tag = "\(file.key.rawValue) \(key)"
                if let earlier = origin[tag] {
                    throw InputError(path: path, "\(file.key.rawValue) \"\(key)\" is also given by \(earlier): give each paddy or region in one weather file")
                }
                origin[tag] = path
                switch file.key {
                case .paddy_id: weather.byPaddy[key] = series
                case .region: weather.byRegion[key] = series
                }
            }
        }
        return weather
    }

    /// One file's series.
    static func read(_ path: String, limits: DetectionSettings) throws(InputError) -> WeatherTable {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw InputError(path: path, "cannot be read (no such file or no permission)") }
        let head = (try? handle.read(upToCount: 8)) ?? Data()
        try? handle.close()
        let netCDF = head.starts(with: Array("CDF".utf8)) || head.starts(with: [0x89] + Array("HDF".utf8))
        return netCDF ? try WeatherNetCDF.read(path, limits: limits) : try WeatherCSV.read(path, limits: limits)
    }
}

/// What the series of one weather file are keyed by.
enum WeatherKey: String, CaseIterable {
    case paddy_id, region
}

/// The series of one weather file, by paddy id or by region.
struct WeatherTable {
    var key: WeatherKey
    var series: [String: WeatherSeries]
}

extension WeatherSeries {
    /// A series over the whole days of `values` (day number → °C), NaN on days without a value.
    static func days(_ values: [Int: Double], kind: DailyTemperature.Kind, calendar: CFCalendar) -> WeatherSeries {
        let first = values.keys.min()!, last = values.keys.max()!
        var v = [Float](repeating: .nan, count: last - first + 1)
        for (day, c) in values { v[day - first] = Float(c) }
        return WeatherSeries(calendar: calendar, temperature: DailyTemperature(kind: kind, firstDay: first, valuesC: v))
    }

    /// The longest span of one series accepted [days]: 100 years (a longer one is a date error).
    static let maxSpanDays = 36_525
}

extension DailyWeather {
    /// Notes naming the weather files' paddy ids and regions that no season of the run matched:
    /// not an error (a regional file may cover more stations than one run uses), but said, since
    /// a misspelt id or region leaves its paddies on the next temperature driver.
    public var unmatchedNotes: [String] {
        let (paddies, regions) = unmatched
        func list(_ keys: [String]) -> String { keys.prefix(10).joined(separator: ", ") + (keys.count > 10 ? ", …" : "") }
        var notes: [String] = []
        if !paddies.isEmpty { notes.append("weather \(name): \(paddies.count) paddy id(s) match no paddy-season of the run (\(list(paddies)))") }
        if !regions.isEmpty { notes.append("weather \(name): \(regions.count) region(s) match no paddy-season of the run (\(list(regions))); the temperature_source column shows what each season used") }
        return notes
    }
}
