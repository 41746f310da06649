import NetCDF

extension SeriesLayout {
    /// `time(paddy, obs)` and `water_level(paddy, obs)`, each paddy its own times (CF 1.8 section 9.3.2).
    public static let incomplete = SeriesLayout(name: "incomplete", description: "incomplete multidimensional, time(paddy, obs)")
}

/// Incomplete multidimensional array: each paddy's times in its own row, unused slots missing.
struct IncompleteLayout: SeriesLayoutReader {
    var layout: SeriesLayout { .incomplete }

    static func detect(_ c: LayoutContext) throws(InputError) -> Self? {
        guard let pd = c.paddyDim, c.time.dimensions.count == 2 else { return nil }
        guard c.time.dimensionNames == c.level.dimensionNames, c.time.dimensions[0].name == pd.name else {
            throw c.fail(c.time.name, "time(\(c.time.dimensionNames.joined(separator: ", "))) and water_level(\(c.level.dimensionNames.joined(separator: ", "))) must match, paddy first")
        }
        return IncompleteLayout()
    }

    mutating func prepare(_ c: LayoutContext, survey: inout SourceSurvey) throws(InputError) {}

    func observations(of v: Variable, decoder: PackedDecoder, range: Range<Int>, _ c: LayoutContext, threads: Int) throws(InputError)
        -> ([Result<Observations, PaddyProblem>], MaskCounts) {
        let m = v.shape[1], n = range.count
        let rawT = try c.input.read(c.time, start: [range.lowerBound, 0], count: [n, m])
        let rawL = try c.input.read(v, start: [range.lowerBound, 0], count: [n, m])
        return summed((0..<n).map { k in
            ownObservations(times: Array(rawT[(k * m)..<((k + 1) * m)]), values: Array(rawL[(k * m)..<((k + 1) * m)]), c, decoder: decoder)
        })
    }
}
