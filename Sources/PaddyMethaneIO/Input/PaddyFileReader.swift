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
    /// Variables named on the command line (`--water-level`, `--area`, `--id`): they must exist,
    /// and they come before the defaults, `standard_name` and `cf_role`.
    public var waterLevelVariable: String?
    public var areaVariable: String?
    public var idVariable: String?
    /// The NetCDF-4 group holding the data (`--group /plots/2024`); nil: the root group.
    public var group: String?

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
        let input = try InputFile(path: path, group: names.group)
        var defaults: [String] = [], notes: [String] = []
        let (ids, idRole) = try Self.identifiers(input, names, time: input.variable(names.time), notes: &notes)
        let (level, levelUnits, levelDecoder, flood) = try Self.levelOrFloodStatus(input, names, floodStatus, notes: &notes)
        self.flood = flood
        self.resampler = flood?.settings.resampler ?? resampler
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
                                  found: [(ids.name, idRole),
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

    /// The water level (`waterLevel`), or, when the file has none by any of its names, the flood
    /// variable (to a fraction) with how it is read.
    private static func levelOrFloodStatus(_ input: InputFile, _ names: InputNames, _ floodStatus: FloodStatusSettings?,
                                           notes: inout [String]) throws(InputError) -> (Variable, String, PackedDecoder, FloodStatusReading?) {
        let hasLevel = names.waterLevelVariable != nil || input.variable(names.waterLevel) != nil
            || input.variables.contains { v in waterLevelStandardNames.contains { $0.name == input.text(v, "standard_name") } }
        if !hasLevel, let fv = input.variable(names.flooded), let floodStatus {
            return (fv, input.text(fv, "units") ?? "", try FloodStatusReading.decoder(input, fv), FloodStatusReading(settings: floodStatus, variable: fv.name))
        }
        let (v, u, d) = try waterLevel(input, names, notes: &notes)
        return (v, u, d, nil)
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
        for (defaultName, kind) in [(names.soilTemperature, DailyTemperature.Kind.soil), (names.airTemperature, .air)] {
            // By name, else by the CF standard name (the default names are the standard names).
            guard let v = c.input.variable(defaultName) ?? c.input.variable(standardName: defaultName) else { continue }
            let name = v.name
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
        try readPending(range).decode()
    }

    /// Reads the block's ids, per-paddy variables and slabs here; the series are decoded and the
    /// records made by `PendingBlock.decode`.
    public func readPending(_ range: Range<Int>) throws(InputError) -> PendingBlock {
        let range = range.clamped(to: 0..<paddyCount)
        guard !range.isEmpty else { return PendingBlock(SourceBlock(records: [], levelMasking: MaskCounts())) }
        let ids = try identifiers(range)
        let columns = try variables.read(range, context.input, calendar: calendar)
        let levels = try series.pendingObservations(of: context.level, decoder: levelDecoder, range: range, context, threads: threads)
        let temperatures = try temperature.map { (v, decoder, kind) throws(InputError) in
            (kind, try series.pendingObservations(of: v, decoder: decoder, range: range, context, threads: threads))
        }
        let flood = flood, calendar = calendar
        return PendingBlock(count: range.count) {
            var (levels, levelMasking) = levels()
            if let flood { levels = levels.map { $0.flatMap { flood.levels($0, calendar: calendar) } } }
            // Temperatures are not counted in the manifest.
            let decodedTemperatures = temperatures.map { (kind, pending) in (kind, pending().0) }
            var labels = LabelReadings()
            let records = (0..<range.count).map { k in
                columns.record(k, index: range.lowerBound + k, id: ids[k], level: levels[k],
                               temperature: decodedTemperatures.flatMap { (kind, t) in
                                   guard case .success(let o) = t[k] else { return nil }
                                   return (kind, o)
                               }, labels: &labels)
            }
            return SourceBlock(records: records, levelMasking: levelMasking)
        }
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
