/// How a day's water level is known.
public enum DayQuality: UInt8, Sendable {
    /// No observation close enough: the level is unknown.
    case missing = 0
    /// At least one observation falls on this day (their mean is used).
    case observed = 1
    /// Interpolated linearly between the observations on either side (gap no longer than the limit).
    case interpolated = 2
}

/// One paddy's water level, one value a day, relative to the soil surface
/// (positive: ponded water above the surface; negative: water table below it).
public struct DailyWaterSeries: Sendable, Equatable {
    public let calendar: CFCalendar
    /// Day number (in `calendar`) of the first value.
    public let firstDay: Int
    /// Water level [cm] per day; NaN where `quality` is `.missing`.
    public var levelCm: [Float]
    public var quality: [DayQuality]
    /// The levels are nominal levels made from flood maps (flooded or not), not measured depths:
    /// every drainage read from them is an estimate (`DrainageEvent.isInferred`).
    public var fromFloodStatus = false

    public init(calendar: CFCalendar, firstDay: Int, levelCm: [Float], quality: [DayQuality]) {
        precondition(levelCm.count == quality.count, "one quality flag per day")
        self.calendar = calendar
        self.firstDay = firstDay
        self.levelCm = levelCm
        self.quality = quality
    }

    /// A series in which every day is observed (for constructed series and scenarios).
    public init(calendar: CFCalendar, firstDay: Int, observedLevelsCm: [Float]) {
        self.init(calendar: calendar, firstDay: firstDay, levelCm: observedLevelsCm,
                  quality: observedLevelsCm.map { $0.isNaN ? .missing : .observed })
    }

    public var dayCount: Int { levelCm.count }
    /// Day number one past the last value.
    public var endDay: Int { firstDay + levelCm.count }

    /// Level [cm] on day number `day`, or nil when outside the series or missing.
    public func level(onDay day: Int) -> Float? {
        let i = day - firstDay
        guard i >= 0, i < levelCm.count, quality[i] != .missing else { return nil }
        return levelCm[i]
    }

    /// Index range of days `range` (day numbers) clipped to the series.
    public func indices(of range: ClosedRange<Int>) -> Range<Int> {
        let lo = max(range.lowerBound - firstDay, 0)
        let hi = min(range.upperBound - firstDay + 1, levelCm.count)
        return lo < hi ? lo..<hi : 0..<0
    }
}

/// Resamples irregular observations to days and fills short gaps.
///
/// Rule: observations are binned to the day that contains them (their mean when several fall on
/// one day). Between two observed days at most `maxGapDays` apart, the missing days are filled
/// linearly and flagged `.interpolated`; across a longer gap, and before the first or after the
/// last observation, days stay `.missing`. Nothing is extrapolated.
///
/// Flood-status series (`GapFill.floodStatus`: nominal levels of flooded and not-flooded
/// observations) are not interpolated: each day of a bridged gap takes the status of the nearer
/// observation, the later one from the midpoint on, so that a status changes halfway between
/// two observations that differ.
public struct DailyResampler: Sendable {
    /// How the days between two observations are filled.
    public enum GapFill: Sendable, Equatable {
        /// Linear interpolation of levels.
        case linear
        /// The nearer observation's status (flood maps); the series is marked `fromFloodStatus`.
        case floodStatus
    }

    /// Longest distance [days] between two observed days across which levels are interpolated.
    public var maxGapDays: Int
    public var fill: GapFill

    public init(maxGapDays: Int, fill: GapFill = .linear) {
        precondition(maxGapDays >= 1)
        self.maxGapDays = maxGapDays
        self.fill = fill
    }

    /// - Parameters:
    ///   - times: observation times as fractional day numbers in `calendar`, ascending.
    ///   - levelsCm: levels [cm], NaN for missing observations.
    ///   - span: the day numbers the output covers (usually the file's whole time axis).
    public func resample(times: [Double], levelsCm: [Double], calendar: CFCalendar, span: ClosedRange<Int>) -> DailyWaterSeries {
        series(daily(times: times, values: levelsCm, span: span), calendar: calendar, firstDay: span.lowerBound)
    }

    /// `resample` of levels on a time axis shared with other series, binned by `days`.
    public func resample(levelsCm: UnsafeBufferPointer<Double>, on days: SharedDays, calendar: CFCalendar) -> DailyWaterSeries {
        series(daily(values: levelsCm, on: days), calendar: calendar, firstDay: days.span.lowerBound)
    }

    private func series(_ daily: (values: [Float], quality: [DayQuality]), calendar: CFCalendar, firstDay: Int) -> DailyWaterSeries {
        var series = DailyWaterSeries(calendar: calendar, firstDay: firstDay, levelCm: daily.values, quality: daily.quality)
        series.fromFloodStatus = fill == .floodStatus
        return series
    }

    /// Daily values of any observed quantity over `span` under the same rule.
    ///
    /// Observations in ascending time order (what sources hand on) are binned in one pass with no
    /// scratch arrays; others are binned into per-day sums first. Both add each day's values in
    /// the order given, so the result is the same.
    public func daily(times: [Double], values: [Double], span: ClosedRange<Int>) -> (values: [Float], quality: [DayQuality]) {
        precondition(times.count == values.count, "one time per value")
        var inOrder = true
        let result = DailyOutput.make(days: span.count, maxGapDays: maxGapDays, fill: fill) { out in
            var mean = DayMean()
            for k in times.indices {
                let v = values[k]
                guard !v.isNaN, let i = Self.dayIndex(times[k], in: span) else { continue }
                guard i >= mean.day else { inOrder = false; return }
                mean.add(v, day: i, to: &out)
            }
            mean.flush(to: &out)
        }
        return inOrder ? result : binned(times: times, values: values, span: span)
    }

    /// `daily` of values on a time axis shared with other series: the same bins, the same sums
    /// in the same order, without working out each time's day again (`SharedDays`).
    public func daily(values: UnsafeBufferPointer<Double>, on days: SharedDays) -> (values: [Float], quality: [DayQuality]) {
        precondition(values.count == days.dayIndex.count, "one value per time step")
        return days.dayIndex.withUnsafeBufferPointer { index in
            DailyOutput.make(days: days.span.count, maxGapDays: maxGapDays, fill: fill) { out in
                var mean = DayMean()
                for k in 0..<values.count {
                    let v = values[k], i = Int(index[k])
                    guard !v.isNaN, i >= 0 else { continue }
                    mean.add(v, day: i, to: &out)
                }
                mean.flush(to: &out)
            }
        }
    }

    /// `daily` for observations in any order: per-day sums first, then the days in order.
    private func binned(times: [Double], values: [Double], span: ClosedRange<Int>) -> (values: [Float], quality: [DayQuality]) {
        let n = span.count
        var sum = [Double](repeating: 0, count: n)
        var count = [Int32](repeating: 0, count: n)
        for k in times.indices {
            let v = values[k]
            if !v.isNaN, let i = Self.dayIndex(times[k], in: span) { sum[i] += v; count[i] += 1 }
        }
        return DailyOutput.make(days: n, maxGapDays: maxGapDays, fill: fill) { out in
            for i in 0..<n where count[i] > 0 { out.observe(i, sum[i] / Double(count[i])) }
        }
    }

    /// The rule every binning shares: the index (from `span.lowerBound`) of the day that contains
    /// time `t`; nil for a time that is not a finite day number or lies outside the span.
    @inline(__always)
    static func dayIndex(_ t: Double, in span: ClosedRange<Int>) -> Int? {
        guard t.isFinite, abs(t) < 1e12 else { return nil }
        let i = Int(t.rounded(.down)) - span.lowerBound
        return i >= 0 && i < span.count ? i : nil
    }
}

/// The mean of the observations of one day, handed to the output when the day changes (days in
/// ascending order; each day's values added in the order given).
private struct DayMean {
    private(set) var day = -1
    private var sum = 0.0, count = 0

    @inline(__always)
    mutating func add(_ v: Double, day i: Int, to out: inout DailyOutput) {
        if i != day {
            flush(to: &out)
            (day, sum, count) = (i, 0, 0)
        }
        sum += v
        count += 1
    }

    func flush(to out: inout DailyOutput) {
        if count > 0 { out.observe(day, sum / Double(count)) }
    }
}

/// The day of each step of a time axis that many series share (a file's time coordinate),
/// worked out once for all of them under `DailyResampler`'s rule (the day that contains the
/// time; times that are not finite day numbers, or outside the span, bin nowhere).
public struct SharedDays: Sendable {
    /// The day numbers the daily series cover.
    public let span: ClosedRange<Int>
    /// The index (from `span.lowerBound`) of each time step's day; -1 where it bins nowhere.
    let dayIndex: [Int32]

    /// Nil when the times' days are not in ascending order (each series is then binned from its
    /// own times), or the span is too long to index.
    public init?(times: [Double], span: ClosedRange<Int>) {
        guard span.count < Int(Int32.max) else { return nil }
        var index = [Int32](repeating: -1, count: times.count)
        var last = -1
        for (k, t) in times.enumerated() {
            guard let i = DailyResampler.dayIndex(t, in: span) else { continue }
            guard i >= last else { return nil }
            index[k] = Int32(i)
            last = i
        }
        self.span = span
        dayIndex = index
    }

    /// Time steps of the axis.
    public var stepCount: Int { dayIndex.count }
}

/// The daily series being built, observed day by observed day in ascending order: each observed
/// day's mean, and the days between it and the previous observed day filled (`fill`) when the gap
/// is at most `maxGapDays`. It writes into the arrays `make` returns.
private struct DailyOutput {
    let maxGapDays: Int
    let fill: DailyResampler.GapFill
    let level: UnsafeMutableBufferPointer<Float>
    let quality: UnsafeMutableBufferPointer<DayQuality>
    /// The last observed day, -1 before the first.
    private var previous = -1

    private init(maxGapDays: Int, fill: DailyResampler.GapFill, level: UnsafeMutableBufferPointer<Float>, quality: UnsafeMutableBufferPointer<DayQuality>) {
        (self.maxGapDays, self.fill, self.level, self.quality) = (maxGapDays, fill, level, quality)
    }

    /// The levels and qualities of `days` days (all missing) after `observe` has filled them in `body`.
    static func make(days: Int, maxGapDays: Int, fill: DailyResampler.GapFill,
                     _ body: (inout DailyOutput) -> Void) -> (values: [Float], quality: [DayQuality]) {
        var level = [Float](repeating: .nan, count: days)
        var quality = [DayQuality](repeating: .missing, count: days)
        level.withUnsafeMutableBufferPointer { l in
            quality.withUnsafeMutableBufferPointer { q in
                var out = DailyOutput(maxGapDays: maxGapDays, fill: fill, level: l, quality: q)
                body(&out)
            }
        }
        return (level, quality)
    }

    mutating func observe(_ i: Int, _ value: Double) {
        level[i] = Float(value)
        quality[i] = .observed
        let p = previous
        if p >= 0, i - p > 1, i - p <= maxGapDays {
            let a = Double(level[p])
            for j in (p + 1)..<i {
                switch fill {
                case .linear:
                    let f = Double(j - p) / Double(i - p)
                    level[j] = Float(a + (value - a) * f)
                case .floodStatus:
                    level[j] = j - p < i - j ? Float(a) : Float(value)
                }
                quality[j] = .interpolated
            }
        }
        previous = i
    }
}

/// A paddy's daily temperature [°C] from the input, NaN where unknown.
public struct DailyTemperature: Sendable, Equatable {
    public enum Kind: String, Sendable { case soil = "soil_temperature", air = "air_temperature" }
    public let kind: Kind
    public let firstDay: Int
    public var valuesC: [Float]

    public init(kind: Kind, firstDay: Int, valuesC: [Float]) {
        self.kind = kind
        self.firstDay = firstDay
        self.valuesC = valuesC
    }

    /// Temperature [°C] on day number `day`, or nil when unknown.
    public func value(onDay day: Int) -> Double? {
        let i = day - firstDay
        guard i >= 0, i < valuesC.count, !valuesC[i].isNaN else { return nil }
        return Double(valuesC[i])
    }
}
