import NetCDF

extension SeriesLayout {
    /// Indexed ragged array: an index variable along `obs` with `instance_dimension` names each
    /// observation's paddy (CF 1.8 section 9.3.4, Appendix H.2.5).
    public static let indexedRagged = SeriesLayout(name: "indexed-ragged", description: "indexed ragged array (instance_dimension)")
}

/// Indexed ragged array: observations in any order along the sample dimension (typically as they
/// arrive, all paddies interleaved), each tagged with the index of its paddy. A paddy's
/// observations are taken in file order. A block reads the observations between its paddies'
/// first and last ones: a file ordered by time reads most of them for every block (rewrite a very
/// large one as contiguous ragged, sorted by paddy, to read each observation once).
struct IndexedRaggedLayout: SeriesLayoutReader {
    let index: Variable
    /// Each paddy's observation positions, paddy after paddy: those of paddy `i` are
    /// `positions[firstPosition[i] ..< firstPosition[i + 1]]`, in file order.
    private var positions: [Int] = []
    private var firstPosition: [Int] = []

    var layout: SeriesLayout { .indexedRagged }
    var layoutVariables: [Variable] { [index] }

    static func detect(_ c: LayoutContext) throws(InputError) -> Self? {
        guard let iv = c.input.variable(withAttribute: "instance_dimension") else { return nil }
        let instanceDim = c.input.text(iv, "instance_dimension")!
        guard let pd = c.paddyDim, instanceDim == pd.name else {
            throw c.fail(iv.name, "instance_dimension \"\(instanceDim)\" is not the paddy dimension of the identifier (\(c.paddyDim?.name ?? "none"))")
        }
        guard iv.dimensions.count == 1, iv.type.isInteger else {
            throw c.fail(iv.name, "an indexed ragged index must be an integer variable with one dimension, the sample dimension")
        }
        let sampleDim = iv.dimensions[0].name
        guard c.level.dimensionNames == [sampleDim], c.time.dimensionNames == [sampleDim] else {
            throw c.fail(c.level.name, "in an indexed ragged file water_level and time must both be (\(sampleDim)), the index's dimension")
        }
        return IndexedRaggedLayout(index: iv)
    }

    /// Reads the index and groups the observation positions by paddy (a counting sort, file
    /// order kept within each paddy).
    mutating func prepare(_ c: LayoutContext, survey: inout SourceSurvey) throws(InputError) {
        let paddies = c.paddyDim!.length
        let tags: [Int64]
        do { tags = try c.input.file.read(index, as: Int64.self) } catch { throw c.fail(index.name, error.message) }
        var first = [Int](repeating: 0, count: paddies + 1)
        for (obs, tag) in tags.enumerated() {
            guard tag >= 0, tag < paddies else {
                throw c.fail(index.name, "observation \(obs) names paddy index \(tag), but the paddy dimension has \(paddies) paddies (0 to \(paddies - 1))")
            }
            first[Int(tag) + 1] += 1
        }
        for i in 0..<paddies { first[i + 1] += first[i] }
        var next = first
        var grouped = [Int](repeating: 0, count: tags.count)
        for (obs, tag) in tags.enumerated() {
            grouped[next[Int(tag)]] = obs
            next[Int(tag)] += 1
        }
        positions = grouped
        firstPosition = first
        survey.found.append((index.name, "paddy index of each observation (indexed ragged array)"))
    }

    func observations(of v: Variable, decoder: PackedDecoder, range: Range<Int>, _ c: LayoutContext, threads: Int) throws(InputError)
        -> ([Result<Observations, PaddyProblem>], MaskCounts) {
        let mine = positions[firstPosition[range.lowerBound]..<firstPosition[range.upperBound]]
        guard let lo = mine.min(), let hi = mine.max() else {
            return summed(range.map { _ in ownObservations(times: [Double](), values: [], c, decoder: decoder) })
        }
        let rawT = try c.input.read(c.time, start: [lo], count: [hi - lo + 1])
        let rawL = try c.input.read(v, start: [lo], count: [hi - lo + 1])
        return summed(range.map { i in
            let own = positions[firstPosition[i]..<firstPosition[i + 1]]
            return ownObservations(times: own.map { rawT[$0 - lo] }, values: own.map { rawL[$0 - lo] }, c, decoder: decoder)
        })
    }
}
