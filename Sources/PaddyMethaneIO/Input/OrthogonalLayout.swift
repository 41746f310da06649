import NetCDF

extension SeriesLayout {
    /// `water_level(paddy, time)` (or `(time, paddy)` when `timeFirst`) with a shared `time(time)`
    /// (CF 1.8 section 9.3.1).
    public static func orthogonal(timeFirst: Bool) -> SeriesLayout {
        SeriesLayout(name: timeFirst ? "orthogonal-time-paddy" : "orthogonal-paddy-time",
                     description: "orthogonal multidimensional, water_level(\(timeFirst ? "time, paddy" : "paddy, time"))")
    }
}

/// Orthogonal multidimensional array: every paddy on one time axis.
struct OrthogonalLayout: SeriesLayoutReader {
    let timeFirst: Bool
    private var axis: SharedTimeAxis?

    var layout: SeriesLayout { .orthogonal(timeFirst: timeFirst) }
    var readsTemperature: Bool { true }
    var sharedTimes: [Double]? { axis?.days }

    static func detect(_ c: LayoutContext) throws(InputError) -> Self? {
        guard let pd = c.paddyDim, c.time.dimensions.count != 2 else { return nil }
        let tv = c.time
        guard tv.dimensions.count == 1 else { throw c.fail(tv.name, "time must have one or two dimensions") }
        guard tv.dimensions[0].name != pd.name else {
            throw c.fail(tv.name, "time uses the paddy dimension '\(pd.name)'; time needs its own dimension (CF 1.8 section 2.4)")
        }
        let names = c.level.dimensionNames
        if names == [pd.name, tv.dimensions[0].name] { return OrthogonalLayout(timeFirst: false) }
        if names == [tv.dimensions[0].name, pd.name] { return OrthogonalLayout(timeFirst: true) }
        throw c.fail(c.level.name, "dimensions (\(names.joined(separator: ", "))) do not match the paddy dimension '\(pd.name)' and time dimension '\(tv.dimensions[0].name)'")
    }

    mutating func prepare(_ c: LayoutContext, survey: inout SourceSurvey) throws(InputError) {
        let axis = try SharedTimeAxis(c)
        self.axis = axis
        c.input.setChunkCache(c.level, steps: axis.days.count)
    }

    func observations(of v: Variable, decoder: PackedDecoder, range: Range<Int>, _ c: LayoutContext, threads: Int) throws(InputError)
        -> ([Result<Observations, PaddyProblem>], MaskCounts) {
        try pendingObservations(of: v, decoder: decoder, range: range, c, threads: threads)()
    }

    /// Reads the block's slab of `v`; decoding it into rows is left to the caller's thread.
    func pendingObservations(of v: Variable, decoder: PackedDecoder, range: Range<Int>, _ c: LayoutContext, threads: Int) throws(InputError)
        -> PendingObservations {
        let axis = axis!, t = axis.days.count, n = range.count, timeFirst = timeFirst
        let raw = try c.input.read(v, start: timeFirst ? [0, range.lowerBound] : [range.lowerBound, 0], count: timeFirst ? [t, n] : [n, t])
        return { axis.rows(raw, paddies: n, timeFirst: timeFirst, decoder: decoder, threads: threads) }
    }
}
