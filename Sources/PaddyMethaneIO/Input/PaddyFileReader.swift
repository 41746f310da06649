public import PaddyMethane
import NetCDF
import Foundation

/// Names of the variables the reader looks for (the input contract's defaults).
public struct InputNames: Sendable {
    public var waterLevel = "water_level"
    public var time = "time"
    public var area = "area"
    public var region = "region"
    public var waterSupply = "water_supply"
    public var latitude = "lat"
    public var longitude = "lon"
    public var seasonStart = "season_start"
    public var seasonEnd = "season_end"
    public var amendmentType = "organic_amendment"
    public var amendmentRate = "organic_amendment_rate"
    public var grainYield = "grain_yield"
    /// Daily temperature series for the process model (soil preferred), same layout as water_level.
    public var soilTemperature = "soil_temperature"
    public var airTemperature = "air_temperature"
    public var sandFraction = "sand_fraction"
    /// Paddy attributes to carry into the reports (`--attribute`): text or integer variables on the
    /// paddy dimension. Variables with `paddymethane_role = "attribute"` are carried as well.
    public var attributes: [String] = []
    public var nitrogenRate = "nitrogen_rate"
    /// Flood maps instead of levels: 0/1 flood status or a flooded fraction (read when there is no water level).
    public var flooded = "flooded"
    /// The rice mask of a grid (`--mask`); nil: cells whose series are all missing are not rice.
    public var mask: String? = nil

    public init() {}
}

/// A CF-1.8 timeSeries NetCDF file as a `PaddySource`: the whole-file checks (units, calendars,
/// truncation, filters, the chunk cache) and the per-paddy variables are shared; the series are
/// read by the layout reader that claims the file (`seriesLayoutReaders`). Memory is bounded by
/// the block read. All netCDF calls go through the `NetCDF` wrapper and its process-wide lock.
public struct PaddyFileReader: PaddySource, @unchecked Sendable {
    public let path: String
    public let paddyCount: Int
    public let calendar: CFCalendar
    public let geometry: SourceGeometry
    public let survey: SourceSurvey
    public let resampler: DailyResampler

    private let context: LayoutContext
    private let series: any SeriesLayoutReader
    private let levelDecoder: PackedDecoder
    private let variables: PaddyVariables
    private let temperature: (Variable, PackedDecoder, DailyTemperature.Kind)?
    private let threads: Int
    private let flood: FloodStatusReading?

    /// Opens `path` and checks everything that applies to the whole file.
    /// - Parameter resampler: how consumers make days of the observations (the source never resamples).
    /// - Parameter requireArea: false lets `describe` report a missing `area` instead of failing.
    /// - Parameter threads: threads that decode a block (the netCDF reads stay serial).
    /// - Parameter floodStatus: how a `flooded` variable (flood maps) is read when the file has no water level.
    public init(path: String, names: InputNames = InputNames(), resampler: DailyResampler,
                requireArea: Bool = true, threads: Int? = nil, floodStatus: FloodStatusSettings? = nil) throws(InputError) {
        self.path = path
        self.threads = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let input = try InputFile(path: path)
        let ids = try Self.identifiers(input)
        let (level, levelUnits, levelDecoder, flood) = try Self.waterLevel(input, names, floodStatus)
        self.flood = flood
        self.resampler = flood?.settings.resampler ?? resampler
        var defaults: [String] = [], notes: [String] = []
        if let n = levelDecoder.note { notes.append(n) }
        guard let tv = input.variable(names.time) else { throw input.fail(names.time, "not found: the time coordinate is required") }
        let units = try cfTimeUnits(of: tv, input, defaults: &defaults)
        let timeDecoder = try CFTimeDecoder(file: input.file, variable: tv, units: units, fileCalendar: units.calendar)
        if units.utcOffsetSeconds != 0 {
            notes.append("\(tv.name): the reference time is \(utcOffsetText(units.utcOffsetSeconds)) from UTC; samples get their dates in that time zone")
        }
        try input.checkNotTruncated()
        let idRank = ids.type == .char ? ids.dimensions.count - 1 : ids.dimensions.count
        let c = LayoutContext(input: input, ids: ids, paddyDim: idRank >= 1 ? ids.dimensions[0] : nil, level: level, time: tv,
                              timeDecoder: timeDecoder, calendar: units.calendar)
        var series = try Self.detectLayout(c)
        var survey = SourceSurvey(format: input.format, layout: series.layout,
                                  found: [(ids.name, "paddy identifier (cf_role = timeseries_id)"),
                                          (level.name, flood?.role(units: levelUnits) ?? "water level [\(levelUnits)] → cm"),
                                          (tv.name, "time [\(units.text), calendar \(units.calendar.rawValue)]")],
                                  defaults: defaults, notes: notes, timeUnits: units, levelVariableName: level.name, levelUnits: levelUnits)
        var variables = try PaddyVariables(c, names: names, requireArea: requireArea, survey: &survey)
        let temperature = try Self.temperature(c, names, series, &survey)
        if variables.amendmentType == nil { survey.defaults.append("no organic amendment variables: the run's amendment defaults apply (none unless configured)") }
        variables = variables.with(seasons: try SeasonVariables(c, names: names, survey: &survey))
        // Every variable the run reads must be decodable: name a compression filter that is not.
        for v in [ids, level, tv] + series.layoutVariables + variables.variables + [temperature?.0].compactMap({ $0 }) {
            try input.checkFilters(of: v)
        }
        try series.prepare(c, survey: &survey)
        survey.sharedTimes = series.sharedTimes
        survey.floodStatus = flood != nil
        (self.context, self.series, self.levelDecoder, self.variables, self.temperature) = (c, series, levelDecoder, variables, temperature)
        self.survey = survey
        calendar = units.calendar
        paddyCount = c.paddyDim?.length ?? 1
        geometry = .stations(sharedTimeSpan: series.sharedTimes.map { Int($0.first!.rounded(.down))...Int($0.last!.rounded(.down)) })
    }

    /// The paddy attributes this reader carries into the reports, in column order.
    public var attributeNames: [String] { variables.attributes.map(\.name) }

    /// The identifier: the variable with cf_role = timeseries_id; its dimension is the paddy dimension.
    private static func identifiers(_ input: InputFile) throws(InputError) -> Variable {
        guard let v = input.variables.first(where: { input.text($0, "cf_role")?.lowercased() == "timeseries_id" }) else {
            throw input.fail(nil, "no variable has cf_role = \"timeseries_id\": the paddy identifiers cannot be found")
        }
        guard v.type == .string || v.type == .char || v.type.isInteger else {
            throw input.fail(v.name, "paddy identifiers must be strings, characters or integers, not \(v.type)")
        }
        return v
    }

    /// The water level, its units and its decoder to cm; or, without one, the flood variable (to a
    /// fraction) with how it is read.
    private static func waterLevel(_ input: InputFile, _ names: InputNames, _ floodStatus: FloodStatusSettings?) throws(InputError)
        -> (Variable, String, PackedDecoder, FloodStatusReading?) {
        if input.variable(names.waterLevel) == nil, let fv = input.variable(names.flooded), let floodStatus {
            return (fv, input.text(fv, "units") ?? "", try FloodStatusReading.decoder(input, fv), FloodStatusReading(settings: floodStatus, variable: fv.name))
        }
        guard let lv = input.variable(names.waterLevel) else {
            throw input.fail(names.waterLevel, "not found: the water level series (or a \(names.flooded) flood status series) is required")
        }
        guard lv.type.isNumeric else { throw input.fail(lv.name, "must be numeric, not \(lv.type)") }
        guard let lu = input.text(lv, "units") else { throw input.fail(lv.name, "has no units attribute (expected a length: m, cm or mm)") }
        guard let cm = CFUnits.centimetres(per: lu) else { throw input.fail(lv.name, "units \"\(lu)\" are not a length unit (m, cm or mm)") }
        return (lv, lu, try PackedDecoder(file: input.file, variable: lv, unitFactor: cm), nil)
    }

    /// The first layout reader that claims the file.
    private static func detectLayout(_ c: LayoutContext) throws(InputError) -> any SeriesLayoutReader {
        for reader in seriesLayoutReaders {
            if let r = try reader.detect(c) { return r }
        }
        throw c.fail(c.level.name, "the layout is not one of the CF timeSeries layouts (orthogonal, incomplete, contiguous or indexed ragged, single series)")
    }

    /// The soil or air temperature series for the process model (soil preferred), when the layout can read one.
    private static func temperature(_ c: LayoutContext, _ names: InputNames, _ series: any SeriesLayoutReader,
                                    _ survey: inout SourceSurvey) throws(InputError) -> (Variable, PackedDecoder, DailyTemperature.Kind)? {
        for (name, kind) in [(names.soilTemperature, DailyTemperature.Kind.soil), (names.airTemperature, .air)] {
            guard let v = c.input.variable(name) else { continue }
            guard v.dimensionNames == c.level.dimensionNames, series.readsTemperature else {
                survey.defaults.append("\(name) ignored: it must have water_level's dimensions in an orthogonal or single-series file")
                continue
            }
            let u = c.input.text(v, "units") ?? ""
            guard let (factor, offset) = CFUnits.celsius(from: u) else { throw c.fail(name, "units \"\(u)\" are not a temperature (degC or K)") }
            survey.found.append((name, "\(kind == .soil ? "soil" : "air") temperature [\(u)] → °C (process model)"))
            return (v, try PackedDecoder(file: c.input.file, variable: v, unitFactor: factor, unitOffset: offset), kind)
        }
        survey.defaults.append("no soil_temperature or air_temperature: the process model uses the monthly climatology")
        return nil
    }

    /// The identifiers of paddies `range`, exactly as stored (integers as decimal text).
    private func identifiers(_ range: Range<Int>) throws(InputError) -> [String] {
        let ids = context.ids, scalar = context.paddyDim == nil
        let start = scalar ? [] : [range.lowerBound], count = scalar ? [] : [range.count]
        do {
            return ids.type.isNumeric ? try context.input.file.read(ids, as: Int64.self, start: start, count: count).map(String.init)
                : try context.input.file.readStrings(ids, start: start, count: count)
        } catch { throw context.fail(ids.name, error.message) }
    }

    public func paddyID(at index: Int) throws(InputError) -> String {
        try identifiers(index..<(index + 1))[0]
    }

    public func readBlock(_ range: Range<Int>) throws(InputError) -> SourceBlock {
        let range = range.clamped(to: 0..<paddyCount)
        guard !range.isEmpty else { return SourceBlock(records: [], levelMasking: MaskCounts()) }
        let ids = try identifiers(range)
        let columns = try variables.read(range, context.input, calendar: calendar)
        var (levels, levelMasking) = try series.observations(of: context.level, decoder: levelDecoder, range: range, context, threads: threads)
        if let flood { levels = levels.map { $0.flatMap { flood.levels($0, calendar: calendar) } } }
        // Temperatures are not counted in the manifest.
        let temperatures = try temperature.map { (v, decoder, _) throws(InputError) in
            try series.observations(of: v, decoder: decoder, range: range, context, threads: threads).0
        }
        let records = (0..<range.count).map { k in
            columns.record(k, index: range.lowerBound + k, id: ids[k], level: levels[k],
                           temperature: temperatures.flatMap { t in
                               guard case .success(let o) = t[k] else { return nil }
                               return (temperature!.2, o)
                           })
        }
        return SourceBlock(records: records, levelMasking: levelMasking)
    }
}

/// Why one paddy's data cannot be used.
struct PaddyProblem: Error {
    let reason: String
}

extension Result where Failure == PaddyProblem {
    static func failure(_ reason: String) -> Self { .failure(PaddyProblem(reason: reason)) }
}

extension Double {
    var finiteOrNil: Double? { isFinite ? self : nil }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
