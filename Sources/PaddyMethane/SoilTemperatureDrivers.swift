import Synchronization

/// One daily temperature series of a weather file, with the calendar its day numbers count in.
public struct WeatherSeries: Sendable, Equatable {
    public let calendar: CFCalendar
    public let temperature: DailyTemperature

    public init(calendar: CFCalendar, temperature: DailyTemperature) {
        self.calendar = calendar
        self.temperature = temperature
    }

    /// Temperature [°C] on day `day` of a paddy series in `paddyCalendar`: the value of the same
    /// calendar date in this series' calendar; nil when the series has no value for that date or
    /// the date does not exist in its calendar (30 February of a 360_day series in a CSV).
    @inline(__always)
    public func valueC(onDay day: Int, paddyCalendar: CFCalendar) -> Double? {
        if paddyCalendar == calendar { return temperature.value(onDay: day) }
        let date = paddyCalendar.date(ofDay: day)
        guard calendar.isValid(date) else { return nil }
        return temperature.value(onDay: calendar.dayNumber(date))
    }
}

/// Daily air or soil temperatures of weather files (`--weather`), by paddy id and by region.
public struct DailyWeather: Sendable {
    /// The files' names, for `temperature_source`.
    public var name: String
    public var byPaddy: [String: WeatherSeries]
    public var byRegion: [String: WeatherSeries]
    /// The paddy ids and regions some season of the run matched (shared by every copy).
    public let matched = WeatherMatches()

    public init(name: String, byPaddy: [String: WeatherSeries] = [:], byRegion: [String: WeatherSeries] = [:]) {
        self.name = name
        self.byPaddy = byPaddy
        self.byRegion = byRegion
    }

    /// The paddy ids and regions of the files that no season matched so far, sorted.
    public var unmatched: (paddies: [String], regions: [String]) {
        let m = matched.snapshot
        return (byPaddy.keys.filter { !m.paddies.contains($0) }.sorted(), byRegion.keys.filter { !m.regions.contains($0) }.sorted())
    }
}

/// The weather keys seasons matched, recorded from the threads that compute the seasons.
public final class WeatherMatches: Sendable {
    private let state = Mutex<(paddies: Set<String>, regions: Set<String>)>(([], []))

    public init() {}

    func record(paddy: String?, region: String?) {
        state.withLock { s in
            if let paddy { s.paddies.insert(paddy) }
            if let region { s.regions.insert(region) }
        }
    }

    var snapshot: (paddies: Set<String>, regions: Set<String>) { state.withLock { $0 } }
}

/// A monthly air temperature climatology with its name (a key of `models/ch4mod.yaml`).
public struct NamedClimatology: Sendable {
    public var name: String
    public var climatology: CH4MODClimatology

    public init(name: String, climatology: CH4MODClimatology) {
        self.name = name
        self.climatology = climatology
    }
}

/// The soil temperature of one paddy on each day of a season, from its drivers in precedence
/// order: the paddy's own series (`Paddy.temperature`), the weather file's series for the paddy,
/// the weather file's series for its region, the monthly air temperature climatology (of the
/// paddy's region in `climateByRegion`, else the run's). Each day
/// takes the first driver with a value for it; air temperatures become soil temperatures by
/// `CH4MOD.soilTemperature(airC:)`.
public struct SoilTemperatureDrivers: Sendable {
    public let model: CH4MOD
    public let weather: DailyWeather?
    public let climate: CH4MODClimatology
    public let climateName: String
    public let climateByRegion: [String: NamedClimatology]

    public init(model: CH4MOD, weather: DailyWeather?, climate: CH4MODClimatology, climateName: String,
                climateByRegion: [String: NamedClimatology] = [:]) {
        self.model = model
        self.weather = weather
        self.climate = climate
        self.climateName = climateName
        self.climateByRegion = climateByRegion
    }

    /// Soil temperatures [°C] of `days` days from day `firstDay` of `paddy`'s series, and
    /// `temperature_source`: the driver, or, when days came from several, each with its day count
    /// (`input soil_temperature 118 d, climatology Cambodia 2 d`).
    public func season(_ paddy: Paddy, firstDay: Int, days: Int) -> (soilC: [Double], source: String) {
        let calendar = paddy.water.calendar
        let own = paddy.temperature
        let byPaddy = weather?.byPaddy[paddy.id]
        let byRegion = paddy.region.flatMap { weather?.byRegion[$0] }
        if byPaddy != nil || byRegion != nil {
            weather?.matched.record(paddy: byPaddy != nil ? paddy.id : nil, region: byRegion != nil ? paddy.region : nil)
        }
        let regional = paddy.region.flatMap { climateByRegion[$0] }
        let (climate, climateName) = regional.map { ($0.climatology, $0.name) } ?? (self.climate, self.climateName)
        var soilC = [Double](repeating: 0, count: days)
        var counts = (own: 0, paddy: 0, region: 0, climatology: 0)
        var months = CalendarMonthCursor(calendar: calendar)
        for i in 0..<days {
            let day = firstDay + i
            if let t = own, let c = t.value(onDay: day) {
                soilC[i] = soil(c, t.kind); counts.own += 1
            } else if let s = byPaddy, let c = s.valueC(onDay: day, paddyCalendar: calendar) {
                soilC[i] = soil(c, s.temperature.kind); counts.paddy += 1
            } else if let s = byRegion, let c = s.valueC(onDay: day, paddyCalendar: calendar) {
                soilC[i] = soil(c, s.temperature.kind); counts.region += 1
            } else {
                soilC[i] = model.soilTemperature(airC: climate.monthlyAirC[months.month(ofDay: day) - 1]); counts.climatology += 1
            }
        }
        let parts: [(String, Int)] = [
            (own.map { "input \($0.kind.rawValue)" } ?? "", counts.own),
            (byPaddy.map { "weather \(weather!.name) paddy \(paddy.id) \($0.temperature.kind.rawValue)" } ?? "", counts.paddy),
            (byRegion.map { "weather \(weather!.name) region \(paddy.region!) \($0.temperature.kind.rawValue)" } ?? "", counts.region),
            ("climatology \(climateName)", counts.climatology),
        ].filter { $0.1 > 0 }
        let source = parts.count <= 1 ? parts.first?.0 ?? "climatology \(climateName)" : parts.map { "\($0.0) \($0.1) d" }.joined(separator: ", ")
        return (soilC, source)
    }

    @inline(__always)
    private func soil(_ c: Double, _ kind: DailyTemperature.Kind) -> Double {
        kind == .soil ? c : model.soilTemperature(airC: c)
    }
}
