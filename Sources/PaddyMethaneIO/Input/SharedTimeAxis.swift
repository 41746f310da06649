import NetCDF
import PaddyMethane

/// A time coordinate shared by every paddy (orthogonal and single layouts), decoded once.
struct SharedTimeAxis: Sendable {
    /// Fractional day numbers, strictly increasing.
    let days: [Double]
    let span: ClosedRange<Int>
    /// The day of each time step, for every series on this axis (`SharedDays`).
    let sharedDays: SharedDays?

    /// The most time steps read into memory at once (a corrupt header can declare billions).
    static let maxTimeSteps = 10_000_000

    /// Reads and checks the time coordinate: complete, dates, strictly increasing, at most 100 years.
    init(_ c: LayoutContext) throws(InputError) {
        try self.init(c.input, time: c.time, decoder: c.timeDecoder)
    }

    /// Reads and checks the time coordinate `tv` of `input` (also a grid's).
    init(_ input: InputFile, time tv: Variable, decoder: CFTimeDecoder) throws(InputError) {
        let c = input, tu = decoder.units.text
        guard tv.shape[0] <= Self.maxTimeSteps else {
            throw c.fail(tv.name, "the time dimension declares \(tv.shape[0]) steps; more than \(Self.maxTimeSteps) is not supported")
        }
        let raw = try c.read(tv)
        switch decoder.axis(raw, skipMissing: false) {
        case .success(let (d, _)):
            days = d
            span = Int(d.first!.rounded(.down))...Int(d.last!.rounded(.down))
            sharedDays = SharedDays(times: d, span: span)
        case .failure(.missing(let i)): throw c.fail(tv.name, "time value at index \(i) is missing; a shared time axis must be complete")
        case .failure(.notADate(let i, let r)):
            throw c.fail(tv.name, "time value \(r) at index \(i) is not a date in years 1 to 9999: check the units \"\(tu)\"")
        case .failure(.notIncreasing(let i, _, let duplicate)):
            throw c.fail(tv.name, "times are not strictly increasing at index \(i) (\(raw[i]) after \(raw[i - 1])): \(duplicate ? "duplicate" : "out of order")")
        case .failure(.empty): throw c.fail(tv.name, "the time axis is empty")
        case .failure(.tooLong(let d)):
            throw c.fail(tv.name, "the time axis spans \(Int(d)) days, more than \(CFTimeDecoder.maxSpanDays / 365) years: check the units \"\(tu)\"")
        }
    }

    /// Each paddy's decoded row of a block of `n` paddies × all times read as one slab
    /// (`timeFirst`: stored as (time, paddy)), counting why values are missing.
    func rows(_ raw: [Double], paddies n: Int, timeFirst: Bool, decoder: PackedDecoder, threads: Int) -> ([Result<Observations, PaddyProblem>], MaskCounts) {
        let t = days.count
        return summed(parallelMap(n, threads: threads) { k in
            var counts = MaskCounts()
            let out = raw.withUnsafeBufferPointer { raw in
                [Double](unsafeUninitializedCapacity: t) { out, initialized in
                    if timeFirst {
                        for i in 0..<t { out[i] = decoder.decode(raw[i * n + k], counting: &counts) }
                    } else {
                        decoder.decode(UnsafeBufferPointer(rebasing: raw[(k * t)..<(k * t + t)]), into: out, counting: &counts)
                    }
                    initialized = t
                }
            }
            return (.success(Observations(times: days, values: out, span: span, sharedDays: sharedDays)), counts)
        })
    }
}
