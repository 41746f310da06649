public import PaddyMethane

/// Where the paddies of a source sit: stations with their ids (the CF timeSeries layouts),
/// each with its own series or all on one time axis; or the rice cells of a masked grid (a
/// satellite product).
public enum SourceGeometry: Sendable, Equatable {
    /// One series per station; `sharedTimeSpan` is the whole-day span of a time axis shared by
    /// all of them (orthogonal and single layouts), nil when each has its own times.
    case stations(sharedTimeSpan: ClosedRange<Int>?)
    /// The rice cells of a grid of `rows` × `columns` cells, on one time axis.
    case grid(sharedTimeSpan: ClosedRange<Int>, rows: Int, columns: Int)
}

/// What a source found in its file and how it was decoded, for `describe`.
public struct SourceSurvey: Sendable {
    public var format: String
    public var layout: SeriesLayout
    /// Variables found, with their role.
    public var found: [(variable: String, role: String)] = []
    /// What the run will assume because the file does not say it.
    public var defaults: [String] = []
    /// How the file was decoded where a reader might have expected otherwise.
    public var notes: [String] = []
    public var timeUnits: CFTimeUnits
    public var levelVariableName: String
    public var levelUnits: String
    /// The area variable's units; nil when the file has no area.
    public var areaUnits: String?
    /// The shared time axis [fractional day numbers] (orthogonal and single layouts, grids).
    public var sharedTimes: [Double]?
    /// The series are flood maps (flood status or flooded fraction), read as nominal levels.
    public var floodStatus = false
}

/// A source of paddies: their geometry, calendar and count, and blocks of their decoded
/// observations in target units (levels in cm, times as fractional day numbers, temperatures in
/// °C). A source never resamples: the consumer makes days of the observations on its compute
/// threads (`ObservedPaddy.resampled`). Consumers are generic over the source (`some
/// PaddySource`) so that each call is dispatched statically.
public protocol PaddySource: Sendable {
    /// Where the paddies come from, for messages.
    var path: String { get }
    var paddyCount: Int { get }
    var calendar: CFCalendar { get }
    var geometry: SourceGeometry { get }
    var survey: SourceSurvey { get }
    /// How the consumer makes days of the observations (the run's gap setting). The source
    /// itself never applies it.
    var resampler: DailyResampler { get }
    /// Paddies `range` (in source order), decoded, not resampled, with the masking counts of
    /// their water levels.
    func readBlock(_ range: Range<Int>) throws(InputError) -> SourceBlock
    /// `readBlock` in two halves: the file is read now, on the calling thread (netCDF calls stay
    /// on one thread); `PendingBlock.decode` makes the block on any thread, so that a stream
    /// decodes on its compute threads while its reading thread reads the next block.
    func readPending(_ range: Range<Int>) throws(InputError) -> PendingBlock
    /// The identifier of paddy `index` exactly as stored (for the duplicate check).
    func paddyID(at index: Int) throws(InputError) -> String
    /// The names of the free paddy attributes (`Paddy.attributes`) the source fills, in column order.
    var attributeNames: [String] { get }
}

extension PaddySource {
    public var attributeNames: [String] { [] }

    /// Reads and decodes at once.
    public func readPending(_ range: Range<Int>) throws(InputError) -> PendingBlock {
        PendingBlock(try readBlock(range))
    }
}

/// A block of paddies read from its source but not yet decoded (`PaddySource.readPending`).
public struct PendingBlock: Sendable {
    /// Paddies in the block.
    public let count: Int
    private let make: @Sendable () -> SourceBlock

    /// A block of `count` paddies that `make` decodes.
    public init(count: Int, decode make: @escaping @Sendable () -> SourceBlock) {
        self.count = count
        self.make = make
    }

    /// A block already decoded.
    public init(_ block: SourceBlock) {
        self.init(count: block.records.count) { block }
    }

    /// The decoded block (pure computation: no file access).
    public func decode() -> SourceBlock { make() }
}

/// One paddy's decoded observations of one variable, in source order.
public struct Observations: Sendable {
    /// Fractional day numbers in the source's calendar, strictly increasing.
    public var times: [Double]
    /// Values in target units; NaN where missing.
    public var values: [Double]
    /// The whole-day span the series covers.
    public var span: ClosedRange<Int>
    /// The days of `times` when they are a time axis shared with other series, binned once for
    /// all of them (`SharedDays`); nil when each series has its own times.
    public var sharedDays: SharedDays?

    public init(times: [Double], values: [Double], span: ClosedRange<Int>, sharedDays: SharedDays? = nil) {
        precondition(sharedDays.map { $0.stepCount == times.count && $0.span == span } ?? true, "the shared days are those of the times")
        (self.times, self.values, self.span, self.sharedDays) = (times, values, span, sharedDays)
    }

    /// The daily values under `resampler`'s rule.
    func daily(_ resampler: DailyResampler) -> (values: [Float], quality: [DayQuality]) {
        guard let days = sharedDays else { return resampler.daily(times: times, values: values, span: span) }
        return values.withUnsafeBufferPointer { resampler.daily(values: $0, on: days) }
    }

    /// The daily water levels under `resampler`'s rule (the values are levels [cm]).
    func waterSeries(_ resampler: DailyResampler, calendar: CFCalendar) -> DailyWaterSeries {
        guard let days = sharedDays else { return resampler.resample(times: times, levelsCm: values, calendar: calendar, span: span) }
        return values.withUnsafeBufferPointer { resampler.resample(levelsCm: $0, on: days, calendar: calendar) }
    }
}

/// A paddy as a source hands it on: everything of a `Paddy` but its series still as observations.
public struct ObservedPaddy: Sendable {
    public var index: Int
    public var id: String
    public var region: String?
    public var waterSupply: WaterSupply?
    public var areaHa: Double
    public var latitude: Double?
    public var longitude: Double?
    public var seasons: [SeasonWindow]
    public var amendments: [OrganicAmendment]?
    public var grainYieldTPerHa: Double?
    public var sandFraction: Double?
    /// Free attributes (`Paddy.attributes`).
    public var attributes: [String: String] = [:]
    /// Nitrogen applied per season [kg N ha⁻¹].
    public var nitrogenRateKgPerHa: Double? = nil
    /// Water level [cm].
    public var level: Observations
    /// Soil or air temperature [°C], for the process model.
    public var temperature: (kind: DailyTemperature.Kind, observations: Observations)?

    /// The paddy with its daily series: levels resampled and gaps filled by `resampler`,
    /// temperatures resampled on the same days.
    public func resampled(with resampler: DailyResampler, calendar: CFCalendar) -> Paddy {
        Paddy(index: index, id: id, region: region, waterSupply: waterSupply, areaHa: areaHa,
              latitude: latitude, longitude: longitude, seasons: seasons, amendments: amendments,
              grainYieldTPerHa: grainYieldTPerHa, sandFraction: sandFraction, nitrogenRateKgPerHa: nitrogenRateKgPerHa,
              temperature: temperature.map { t in
                  DailyTemperature(kind: t.kind, firstDay: t.observations.span.lowerBound, valuesC: t.observations.daily(resampler).values)
              },
              attributes: attributes,
              water: level.waterSeries(resampler, calendar: calendar))
    }
}

/// A paddy as a source read it, or the reason it could not be.
public enum SourceRecord: Sendable {
    case observed(ObservedPaddy)
    case rejected(Rejection)

    public var paddyID: String {
        switch self {
        case .observed(let p): p.id
        case .rejected(let r): r.paddyID
        }
    }

    /// The record with the paddy's daily series.
    public func resampled(with resampler: DailyResampler, calendar: CFCalendar) -> PaddyRecord {
        switch self {
        case .observed(let p): .paddy(p.resampled(with: resampler, calendar: calendar))
        case .rejected(let r): .rejected(r)
        }
    }
}

/// A block of paddies as a source read them, with the masking counts of their water levels.
public struct SourceBlock: Sendable {
    public var records: [SourceRecord]
    public var levelMasking: MaskCounts

    public init(records: [SourceRecord], levelMasking: MaskCounts) {
        (self.records, self.levelMasking) = (records, levelMasking)
    }
}

/// A paddy with its daily series, or the reason it could not be read.
public enum PaddyRecord: Sendable {
    case paddy(Paddy)
    case rejected(Rejection)
}

/// A block of paddies with their daily series, with the masking counts of their water levels.
public struct PaddyBlock: Sendable {
    public var records: [PaddyRecord]
    public var levelMasking: MaskCounts
}

extension PaddySource {
    /// The whole-day span of the shared time axis (orthogonal and single layouts).
    public var timeSpan: ClosedRange<Int>? {
        switch geometry {
        case .stations(let span): span
        case .grid(let span, _, _): span
        }
    }
    public var format: String { survey.format }
    public var layout: SeriesLayout { survey.layout }
    public var found: [(variable: String, role: String)] { survey.found }
    public var defaults: [String] { survey.defaults }
    public var notes: [String] { survey.notes }
    public var timeUnits: CFTimeUnits { survey.timeUnits }
    public var levelUnits: String { survey.levelUnits }
    public var areaUnits: String? { survey.areaUnits }
    /// The water-level variable's name.
    public var levelVariableName: String { survey.levelVariableName }
    /// Time steps on the shared axis (orthogonal and single layouts).
    public var timeStepCount: Int? { survey.sharedTimes?.count }

    /// The median step between consecutive shared times [days], for `describe`.
    public var medianStepDays: Double? {
        guard let t = survey.sharedTimes, t.count > 1 else { return nil }
        let steps = zip(t.dropFirst(), t).map { $0 - $1 }.sorted()
        return steps[steps.count / 2]
    }

    /// Paddies `start ..< start + count` with their daily series (resampled on this thread).
    public func readPaddies(start: Int, count: Int) throws(InputError) -> PaddyBlock {
        let block = try readBlock(start..<max(start, min(paddyCount, start + count)))
        return PaddyBlock(records: block.records.map { $0.resampled(with: resampler, calendar: calendar) }, levelMasking: block.levelMasking)
    }

    /// Paddies `start ..< start + count` (in source order) with their daily series.
    public func read(start: Int, count: Int) throws(InputError) -> [PaddyRecord] {
        try readPaddies(start: start, count: count).records
    }
}
