// Validation of CH4MOD against field experiments: the water management a paper describes is
// turned into a daily level series, the model is run on it with the site's temperature, yield,
// soil and straw, and modelled seasonal totals and reduction ratios are compared with the
// measured ones. The experiments themselves, with their sources, are in
// models/validation/ch4mod-field-experiments.yaml.

/// A practice as field papers describe it, for the reduction ratios.
public enum ValidationPractice: String, Sendable, CaseIterable, Codable {
    case continuousFlooding = "continuous_flooding"
    /// One drainage in the middle of the season.
    case midSeasonDrainage = "mid_season_drainage"
    /// Several drainages: AWD, intermittent irrigation, multiple aeration.
    case multipleDrainage = "multiple_drainage"
}

/// A described water management, turned into one level per day of the season [cm].
///
/// Drained spells recede linearly from the surface to `drainedLevelCm` over the spell (day k of
/// an n-day spell sits at k/n × the drained level), so that a field reaches the depth the paper
/// gives on the last day before it is re-flooded. The end-season drainage covers the last
/// `finalDrainageDays` of the season in every practice.
public struct WaterSchedule: Sendable, Equatable {
    public var seasonDays: Int
    public var floodedLevelCm: Double
    public var drainedLevelCm: Double
    public var finalDrainageDays: Int
    /// Drained spells as (first day, 0-based; length in days).
    public var drainedSpells: [(start: Int, days: Int)]

    public init(seasonDays: Int, floodedLevelCm: Double, drainedLevelCm: Double, finalDrainageDays: Int, drainedSpells: [(start: Int, days: Int)]) {
        self.seasonDays = seasonDays
        self.floodedLevelCm = floodedLevelCm
        self.drainedLevelCm = drainedLevelCm
        self.finalDrainageDays = finalDrainageDays
        self.drainedSpells = drainedSpells
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.seasonDays == b.seasonDays && a.floodedLevelCm == b.floodedLevelCm && a.drainedLevelCm == b.drainedLevelCm
            && a.finalDrainageDays == b.finalDrainageDays
            && a.drainedSpells.map(\.start) == b.drainedSpells.map(\.start) && a.drainedSpells.map(\.days) == b.drainedSpells.map(\.days)
    }

    /// Continuous flooding with the end-season drainage.
    public static func continuousFlooding(seasonDays: Int, levelCm: Double, drainedLevelCm: Double, finalDrainageDays: Int) -> Self {
        Self(seasonDays: seasonDays, floodedLevelCm: levelCm, drainedLevelCm: drainedLevelCm, finalDrainageDays: finalDrainageDays, drainedSpells: [])
    }

    /// Drained spells of `drainedDays`, each followed by `floodedDays` of flooding, from
    /// `firstDay` while a whole spell still starts before `lastDay` (0-based, exclusive).
    public static func cycles(firstDay: Int, lastDay: Int, drainedDays: Int, floodedDays: Int) -> [(start: Int, days: Int)] {
        guard drainedDays > 0 else { return [] }
        var spells: [(start: Int, days: Int)] = []
        var d = firstDay
        while d + drainedDays <= lastDay {
            spells.append((d, drainedDays))
            d += drainedDays + max(floodedDays, 1)
        }
        return spells
    }

    /// The daily levels [cm].
    public func levels() -> [Float] {
        var out = [Float](repeating: Float(floodedLevelCm), count: seasonDays)
        for s in drainedSpells { recede(&out, start: s.start, days: s.days) }
        let final = min(finalDrainageDays, seasonDays)
        if final > 0 { recede(&out, start: seasonDays - final, days: final) }
        return out
    }

    private func recede(_ out: inout [Float], start: Int, days: Int) {
        for k in 0..<days where start + k < out.count && start + k >= 0 {
            out[start + k] = Float(drainedLevelCm * Double(k + 1) / Double(days))
        }
    }

    /// The number of drained spells within the season (not counting the end-season drainage).
    public var drainageCount: Int { drainedSpells.count }
}

/// One treatment of a field experiment: its water, and what was measured.
public struct ValidationTreatment: Sendable, Equatable {
    public var id: String
    public var practice: ValidationPractice
    public var water: WaterSchedule
    /// Measured seasonal emission [kg CH4 ha⁻¹], where the source gives it.
    public var measuredKgPerHa: Double?
    /// Measured emission relative to the experiment's reference treatment, where the source gives
    /// only that (or where both totals are given, their quotient).
    public var measuredRatio: Double?

    public init(id: String, practice: ValidationPractice, water: WaterSchedule, measuredKgPerHa: Double?, measuredRatio: Double?) {
        self.id = id
        self.practice = practice
        self.water = water
        self.measuredKgPerHa = measuredKgPerHa
        self.measuredRatio = measuredRatio
    }
}

/// A field experiment: one site and season, several water treatments, one reference (continuous
/// flooding) that the ratios are taken against.
public struct ValidationExperiment: Sendable, Equatable {
    public var id: String
    public var site: CH4MODSite
    /// Air temperature of each day of the season [°C] (converted to soil temperature by the
    /// model being run, so that its air-to-soil parameters take part in sensitivity and fits).
    public var airTemperatureC: [Double]
    public var referenceTreatment: String
    public var treatments: [ValidationTreatment]
    /// Grain yield of a treatment where the trial reports yields by treatment [t ha⁻¹].
    public var treatmentYieldTPerHa: [String: Double]

    public init(id: String, site: CH4MODSite, airTemperatureC: [Double], referenceTreatment: String, treatments: [ValidationTreatment],
                treatmentYieldTPerHa: [String: Double] = [:]) {
        self.id = id
        self.site = site
        self.airTemperatureC = airTemperatureC
        self.referenceTreatment = referenceTreatment
        self.treatments = treatments
        self.treatmentYieldTPerHa = treatmentYieldTPerHa
    }

    /// Daily air temperatures from monthly means (January first), starting on `start`: each day
    /// takes its month's mean.
    public static func dailyAirTemperatures(monthlyAirC: [Double], start: CalendarDate, days: Int, calendar: CFCalendar = .proleptic_gregorian) -> [Double] {
        let first = calendar.dayNumber(start)
        return (0..<days).map { monthlyAirC[calendar.date(ofDay: first + $0).month - 1] }
    }
}

/// One treatment's measured and modelled values.
public struct ValidationRow: Sendable, Equatable {
    public var experiment: String
    public var treatment: String
    public var practice: ValidationPractice
    public var drainages: Int
    public var measuredKgPerHa: Double?
    public var modelledKgPerHa: Double
    public var measuredRatio: Double?
    /// Modelled emission over the modelled reference; nil for the reference itself.
    public var modelledRatio: Double?
}

/// Bias (mean of modelled − measured) and root mean square error over `count` pairs.
public struct ErrorSummary: Sendable, Equatable {
    public var count: Int
    public var bias: Double
    public var rmse: Double

    public init(pairs: [(modelled: Double, measured: Double)]) {
        count = pairs.count
        guard !pairs.isEmpty else { bias = 0; rmse = 0; return }
        let d = pairs.map { $0.modelled - $0.measured }
        bias = d.reduce(0, +) / Double(d.count)
        rmse = (d.map { $0 * $0 }.reduce(0, +) / Double(d.count)).squareRoot()
    }
}

/// The validation of one parameter set on a set of experiments.
public struct ValidationReport: Sendable {
    public var rows: [ValidationRow]

    /// Seasonal totals where measured [kg CH4 ha⁻¹].
    public var totals: ErrorSummary {
        ErrorSummary(pairs: rows.compactMap { r in r.measuredKgPerHa.map { (r.modelledKgPerHa, $0) } })
    }

    /// Reduction ratios of one practice where measured [1].
    public func ratios(_ practice: ValidationPractice) -> ErrorSummary {
        ErrorSummary(pairs: ratioPairs(practice))
    }

    public func ratioPairs(_ practice: ValidationPractice) -> [(modelled: Double, measured: Double)] {
        rows.filter { $0.practice == practice }.compactMap { r in
            guard let m = r.measuredRatio, let p = r.modelledRatio else { return nil }
            return (p, m)
        }
    }
}

/// Runs CH4MOD on validation experiments.
public struct CH4MODValidator: Sendable {
    public var experiments: [ValidationExperiment]

    public init(experiments: [ValidationExperiment]) { self.experiments = experiments }

    /// Seasonal emission of one treatment [kg CH4 ha⁻¹] (g m⁻² × 10), its mass balances checked.
    public static func seasonalKgPerHa(_ model: CH4MOD, _ e: ValidationExperiment, _ t: ValidationTreatment) throws(ModelCheckFailure) -> Double {
        let levels = t.water.levels()
        let air = e.airTemperatureC
        var site = e.site
        if let y = e.treatmentYieldTPerHa[t.id] { site.grainYieldTPerHa = y }
        let season = model.simulate(levelsCm: levels[...], soilTemperatureC: { model.soilTemperature(airC: air[min($0, air.count - 1)]) }, site: site)
        try season.check()
        return season.emission * 10
    }

    public func report(_ parameters: CH4MODParameters) throws(ModelCheckFailure) -> ValidationReport {
        let model = CH4MOD(parameters: parameters)
        var rows: [ValidationRow] = []
        for e in experiments {
            var modelled: [String: Double] = [:]
            for t in e.treatments { modelled[t.id] = try Self.seasonalKgPerHa(model, e, t) }
            let reference = modelled[e.referenceTreatment]
            for t in e.treatments {
                let m = modelled[t.id]!
                let isReference = t.id == e.referenceTreatment
                rows.append(ValidationRow(experiment: e.id, treatment: t.id, practice: t.practice, drainages: t.water.drainageCount,
                                          measuredKgPerHa: t.measuredKgPerHa, modelledKgPerHa: m,
                                          measuredRatio: isReference ? nil : t.measuredRatio,
                                          modelledRatio: isReference ? nil : reference.flatMap { $0 > 0 ? m / $0 : nil }))
            }
        }
        return ValidationReport(rows: rows)
    }
}
