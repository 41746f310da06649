import PaddyMethane
import NetCDF

/// The discrete-sampling-geometry layout of a CF timeSeries file (CF 1.8 chapter 9), named by
/// the reader that reads it (each layout file declares its own).
public struct SeriesLayout: Sendable, Equatable, CustomStringConvertible {
    /// A short name, stable across versions.
    public let name: String
    public let description: String

    public static func == (a: Self, b: Self) -> Bool { a.name == b.name }
}

/// The layout readers, tried in this order; the first that claims a file reads it. Adding a
/// layout is a new `SeriesLayoutReader` in its own file and an entry here.
let seriesLayoutReaders: [any SeriesLayoutReader.Type] = [
    IndexedRaggedLayout.self, ContiguousRaggedLayout.self, SingleSeriesLayout.self, IncompleteLayout.self, OrthogonalLayout.self,
]

/// What a layout detector sees of a file: its identifier, water-level and time variables.
struct LayoutContext {
    let input: InputFile
    let ids: Variable
    /// The paddy (instance) dimension: the identifier's, nil for a scalar identifier.
    let paddyDim: Dimension?
    let level: Variable
    let time: Variable
    let timeDecoder: CFTimeDecoder
    let calendar: CFCalendar

    func fail(_ v: String?, _ m: String) -> InputError { input.fail(v, m) }
}

/// Reads the series of one layout: detects it from CF attributes and dimensions (never from
/// names), reads what applies to the whole file, then per block each paddy's observations.
protocol SeriesLayoutReader: Sendable {
    /// The reader when the file is in this layout; nil when it is not; an error naming the fix
    /// when the file claims the layout but breaks its rules. Reads no data.
    static func detect(_ c: LayoutContext) throws(InputError) -> Self?
    var layout: SeriesLayout { get }
    /// Variables this layout reads besides the identifier, level and time (for the filter check).
    var layoutVariables: [Variable] { get }
    /// Whether a temperature series with water_level's dimensions can be read (a shared axis).
    var readsTemperature: Bool { get }
    /// The shared time axis [fractional day numbers], nil when each paddy has its own times.
    var sharedTimes: [Double]? { get }
    /// Reads what applies to the whole file (a shared time axis, row sizes), after the
    /// whole-file checks; adds what it found to `survey`.
    mutating func prepare(_ c: LayoutContext, survey: inout SourceSurvey) throws(InputError)
    /// The observations of `v` (water_level, or a temperature of the same dimensions) of paddies
    /// `range`, decoded by `decoder`, with the masking counts of the values read.
    func observations(of v: Variable, decoder: PackedDecoder, range: Range<Int>, _ c: LayoutContext, threads: Int) throws(InputError)
        -> ([Result<Observations, PaddyProblem>], MaskCounts)
    /// `observations` in two halves: the netCDF reads now, on the calling thread; the decoding in
    /// the closure returned, on whichever thread calls it (the stream's compute threads).
    func pendingObservations(of v: Variable, decoder: PackedDecoder, range: Range<Int>, _ c: LayoutContext, threads: Int) throws(InputError)
        -> PendingObservations
}

/// Observations read but not yet decoded: calling it decodes them (`SeriesLayoutReader.pendingObservations`).
typealias PendingObservations = @Sendable () -> ([Result<Observations, PaddyProblem>], MaskCounts)

extension SeriesLayoutReader {
    /// Reads and decodes at once (layouts whose decoding is interleaved with their reads).
    func pendingObservations(of v: Variable, decoder: PackedDecoder, range: Range<Int>, _ c: LayoutContext, threads: Int) throws(InputError)
        -> PendingObservations {
        let decoded = try observations(of: v, decoder: decoder, range: range, c, threads: threads)
        return { decoded }
    }

    var readsTemperature: Bool { false }
    var sharedTimes: [Double]? { nil }
    var layoutVariables: [Variable] { [] }
}

/// Sums the masking counts of each paddy's values.
func summed<T>(_ perPaddy: [(T, MaskCounts)]) -> ([T], MaskCounts) {
    var total = MaskCounts()
    for (_, c) in perPaddy { total.add(c) }
    return (perPaddy.map(\.0), total)
}

/// One paddy's own observations (incomplete and ragged layouts): its times decoded by the time
/// axis decoder (missing times dropped with their values), its values by `decoder`, counting why
/// values are missing.
func ownObservations(times rawTimes: some Collection<Double>, values rawValues: [Double], _ c: LayoutContext,
                     decoder: PackedDecoder) -> (Result<Observations, PaddyProblem>, MaskCounts) {
    var counts = MaskCounts()
    /// The values of the usable times before position `end`, counted as a rejected paddy's are.
    func count(before end: Int) {
        for (i, r) in rawTimes.enumerated() where i < end {
            if case .success(.some) = c.timeDecoder.day(r) { _ = decoder.decode(rawValues[i], counting: &counts) }
        }
    }
    switch c.timeDecoder.axis(rawTimes, skipMissing: true) {
    case .failure(.notADate(let i, let raw)):
        count(before: i)
        return (.failure("observation time \(raw) is not a date in years 1 to 9999"), counts)
    case .failure(.notIncreasing(let i, let d, let duplicate)):
        count(before: i)
        return (.failure("observation times are not strictly increasing (\(duplicate ? "duplicate" : "out of order") at \(c.calendar.date(ofDay: Int(d.rounded(.down)))))"), counts)
    case .failure(.empty), .failure(.missing): return (.failure("no observation times"), counts)
    case .failure(.tooLong):
        count(before: rawValues.count)
        return (.failure("observations span more than \(CFTimeDecoder.maxSpanDays / 365) years"), counts)
    case .success(let (days, kept)):
        var values = [Double](repeating: 0, count: kept.count)
        for (j, i) in kept.enumerated() { values[j] = decoder.decode(rawValues[i], counting: &counts) }
        return (.success(Observations(times: days, values: values, span: Int(days.first!.rounded(.down))...Int(days.last!.rounded(.down)))), counts)
    }
}
