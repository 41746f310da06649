import NetCDF

extension SeriesLayout {
    /// One paddy: scalar identifier, `water_level(time)` (CF 1.8 section 9.2, a single time series).
    public static let single = SeriesLayout(name: "single", description: "single time series")
}

/// A single time series: one paddy with a scalar identifier.
struct SingleSeriesLayout: SeriesLayoutReader {
    private var axis: SharedTimeAxis?

    var layout: SeriesLayout { .single }
    var readsTemperature: Bool { true }
    var sharedTimes: [Double]? { axis?.days }

    static func detect(_ c: LayoutContext) throws(InputError) -> Self? {
        guard c.paddyDim == nil else { return nil }
        guard c.level.dimensions.count == 1, c.time.dimensionNames == c.level.dimensionNames else {
            throw c.fail(c.level.name, "a single-series file needs water_level(time) with time(time)")
        }
        return SingleSeriesLayout()
    }

    mutating func prepare(_ c: LayoutContext, survey: inout SourceSurvey) throws(InputError) {
        axis = try SharedTimeAxis(c)
    }

    func observations(of v: Variable, decoder: PackedDecoder, range: Range<Int>, _ c: LayoutContext, threads: Int) throws(InputError)
        -> ([Result<Observations, PaddyProblem>], MaskCounts) {
        axis!.rows(try c.input.read(v), paddies: 1, timeFirst: false, decoder: decoder, threads: 1)
    }
}
