import NetCDF

extension SeriesLayout {
    /// Contiguous ragged array: `row_size(paddy)` counts each paddy's observations along `obs`
    /// (CF 1.8 section 9.3.3).
    public static let contiguousRagged = SeriesLayout(name: "contiguous-ragged", description: "contiguous ragged array (row_size / sample_dimension)")
}

/// Contiguous ragged array: each paddy's observations one after another along the sample dimension.
struct ContiguousRaggedLayout: SeriesLayoutReader {
    let rowSize: Variable
    /// The running sum of `row_size`: the first observation of each paddy, and the total last.
    private var rowStart: [Int] = []

    var layout: SeriesLayout { .contiguousRagged }
    var layoutVariables: [Variable] { [rowSize] }

    static func detect(_ c: LayoutContext) throws(InputError) -> Self? {
        guard let rs = c.input.variable(withAttribute: "sample_dimension") else { return nil }
        guard let pd = c.paddyDim, rs.dimensions.map(\.name) == [pd.name] else { throw c.fail(rs.name, "row_size must have the paddy dimension") }
        let sampleDim = c.input.text(rs, "sample_dimension")!
        guard c.level.dimensionNames == [sampleDim], c.time.dimensionNames == [sampleDim] else {
            throw c.fail(c.level.name, "in a contiguous ragged file water_level and time must both be (\(sampleDim))")
        }
        return ContiguousRaggedLayout(rowSize: rs)
    }

    mutating func prepare(_ c: LayoutContext, survey: inout SourceSurvey) throws(InputError) {
        let sizes: [Int64]
        do { sizes = try c.input.file.read(rowSize, as: Int64.self) } catch { throw c.fail(rowSize.name, error.message) }
        var starts = [Int](repeating: 0, count: sizes.count + 1)
        for (i, n) in sizes.enumerated() {
            guard n >= 0 else { throw c.fail(rowSize.name, "negative row size \(n) at paddy index \(i)") }
            starts[i + 1] = starts[i] + Int(n)
        }
        guard starts.last! == c.level.shape[0] else {
            throw c.fail(rowSize.name, "row sizes add up to \(starts.last!) but the sample dimension has \(c.level.shape[0]) observations")
        }
        rowStart = starts
        survey.found.append((rowSize.name, "row size (contiguous ragged array)"))
    }

    func observations(of v: Variable, decoder: PackedDecoder, range: Range<Int>, _ c: LayoutContext, threads: Int) throws(InputError)
        -> ([Result<Observations, PaddyProblem>], MaskCounts) {
        let lo = rowStart[range.lowerBound], hi = rowStart[range.upperBound]
        let rawT = try c.input.read(c.time, start: [lo], count: [hi - lo])
        let rawL = try c.input.read(v, start: [lo], count: [hi - lo])
        return summed(range.map { i in
            let a = rowStart[i] - lo, b = rowStart[i + 1] - lo
            return ownObservations(times: Array(rawT[a..<b]), values: Array(rawL[a..<b]), c, decoder: decoder)
        })
    }
}
