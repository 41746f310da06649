import PaddyMethane
import NetCDF
import Foundation

/// A weather NetCDF (CF 1.8 timeSeries, orthogonal): a `time` coordinate with CF units and
/// calendar, a station dimension whose identifiers are the variable `region` or `paddy_id` (text,
/// as xarray writes a string coordinate, or integers), and `soil_temperature` or
/// `air_temperature` (by name or standard name; soil preferred) on (station, time) or (time,
/// station), in degC or K, packed or with fill values as CF allows. Daily values: a time's day is
/// the calendar day it falls on; two values on one day of one station are refused.
enum WeatherNetCDF {
    static func read(_ path: String, limits: DetectionSettings) throws(InputError) -> WeatherTable {
        let input = try InputFile(path: path)
        guard let tv = input.variable("time") else { throw input.fail("time", "not found: a weather file needs the time coordinate") }
        var defaults: [String] = []
        let units = try cfTimeUnits(of: tv, input, defaults: &defaults)
        let decoder = try CFTimeDecoder(file: input.file, variable: tv, units: units, fileCalendar: units.calendar)
        let days: [Int]
        switch decoder.axis(try input.read(tv), skipMissing: false) {
        case .success(let axis): days = axis.days.map { Int($0.rounded(.down)) }
        case .failure(let problem): throw input.fail(tv.name, "is not a time axis (\(problem)): times must be given, increasing, dates of 0001-9999 within 100 years")
        }
        if let i = days.indices.dropFirst().first(where: { days[$0] == days[$0 - 1] }) {
            throw input.fail(tv.name, "times \(i - 1) and \(i) fall on the same day \(units.calendar.date(ofDay: days[i])): give one value per day")
        }
        let keyNames = WeatherKey.allCases.map(\.rawValue)
        guard let (key, ids) = try identifiers(input, keyNames) else {
            throw input.fail(nil, "has no station identifiers: name the variable on the station dimension \(keyNames.joined(separator: " or ")) (region names or paddy ids)")
        }
        guard let (v, kind) = [("soil_temperature", DailyTemperature.Kind.soil), ("air_temperature", .air)].lazy
                .compactMap({ (name, kind) in (input.variable(name) ?? input.variable(standardName: name)).map { ($0, kind) } }).first else {
            throw input.fail(nil, "has no soil_temperature or air_temperature variable (by name or standard_name)")
        }
        let station = ids.dimension
        let dims = v.dimensionNames
        guard dims.count == 2, Set(dims) == [station.name, tv.dimensions.first?.name ?? ""] else {
            throw input.fail(v.name, "has dimensions (\(dims.joined(separator: ", "))): expected (\(station.name), \(tv.name)) or (\(tv.name), \(station.name))")
        }
        let u = input.text(v, "units") ?? ""
        guard let (factor, offset) = CFUnits.celsius(from: u) else { throw input.fail(v.name, "units \"\(u)\" are not a temperature (degC or K)") }
        try input.checkFilters(of: v)
        let values = PackedValues(decoder: try PackedDecoder(file: input.file, variable: v, unitFactor: factor, unitOffset: offset),
                                  raw: try input.read(v), timeFirst: dims[0] == tv.dimensions.first?.name, stations: ids.names.count, times: days.count)
        var series: [String: WeatherSeries] = [:]
        for (s, id) in ids.names.enumerated() {
            guard series[id] == nil else { throw input.fail(ids.variable, "\"\(id)\" is given twice: one station per \(key.rawValue)") }
            var byDay: [Int: Double] = [:]
            for (t, day) in days.enumerated() {
                let c = values.value(station: s, time: t)
                guard !c.isNaN else { continue }
                if let m = limits.implausibleTemperature(c) {
                    throw input.fail(v.name, "\(key.rawValue) \"\(id)\" on \(units.calendar.date(ofDay: day)): " + m)
                }
                byDay[day] = c
            }
            if !byDay.isEmpty { series[id] = WeatherSeries.days(byDay, kind: kind, calendar: units.calendar) }
        }
        return WeatherTable(key: key, series: series)
    }

    /// The station identifiers: the variable named after a key, on one dimension (text as
    /// NC_STRING or a char array, or integers as decimal text).
    private static func identifiers(_ input: InputFile, _ names: [String]) throws(InputError) -> (WeatherKey, (variable: String, dimension: NetCDF.Dimension, names: [String]))? {
        for key in WeatherKey.allCases {
            guard let v = input.variable(key.rawValue) else { continue }
            let rank = v.type == .char ? v.dimensions.count - 1 : v.dimensions.count
            guard rank == 1 else { throw input.fail(v.name, "must have one dimension, the stations' (a char array: stations × string length)") }
            let ids: [String]
            do { ids = v.type.isNumeric ? try input.file.read(v, as: Int64.self).map(String.init) : try input.file.readStrings(v) }
            catch { throw input.fail(v.name, error.message) }
            return (key, (v.name, v.dimensions[0], ids.map { $0.trimmingCharacters(in: .whitespaces) }))
        }
        return nil
    }

    /// A decoded (station, time) or (time, station) array.
    private struct PackedValues {
        let decoder: PackedDecoder
        let raw: [Double]
        let timeFirst: Bool
        let stations: Int, times: Int

        func value(station s: Int, time t: Int) -> Double {
            decoder.decode(raw[timeFirst ? t * stations + s : s * times + t])
        }
    }
}
