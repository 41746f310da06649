import Foundation

/// Defaults of the counterfactual managements (`models/water-management.yaml`).
public struct ManagementDefaults: Sendable, Codable, Equatable {
    public var safe_awd: SafeAWD
    public var continuous_flooding: ContinuousFlooding
    public var mid_season_drainage: MidSeasonDrainage
    public var straw: Straw

    public struct SafeAWD: Sendable, Codable, Equatable {
        public var threshold_cm, reflood_cm, drawdown_cm_per_day, start_after_days, flowering_start_fraction, flowering_end_fraction, min_recession_samples: Factor
    }
    public struct ContinuousFlooding: Sendable, Codable, Equatable { public var level_cm: Factor }
    public struct MidSeasonDrainage: Sendable, Codable, Equatable { public var start_fraction, length_days, level_cm: Factor }
    public struct Straw: Sendable, Codable, Equatable { public var compost_t_per_t_straw: Factor }
}

/// Safe alternate wetting and drying (IRRI): after `startAfterDays`, the level falls by the
/// drawdown rate each day until it reaches `thresholdCm`, then the field is re-flooded to
/// `refloodCm`; it stays flooded around flowering.
public struct AWDSettings: Sendable, Equatable {
    public var thresholdCm: Double
    public var refloodCm: Double
    /// Fall of the level [cm d⁻¹] when the paddy's own recessions cannot be measured.
    public var defaultDrawdownCmPerDay: Double
    public var startAfterDays: Int
    public var floweringStartFraction: Double
    public var floweringEndFraction: Double
    public var minRecessionSamples: Int

    public init(_ d: ManagementDefaults.SafeAWD) {
        thresholdCm = d.threshold_cm.value
        refloodCm = d.reflood_cm.value
        defaultDrawdownCmPerDay = d.drawdown_cm_per_day.value
        startAfterDays = Int(d.start_after_days.value)
        floweringStartFraction = d.flowering_start_fraction.value
        floweringEndFraction = d.flowering_end_fraction.value
        minRecessionSamples = Int(d.min_recession_samples.value)
    }
}

/// A counterfactual water management: a pure function from a paddy's observed daily series to the
/// series it would have had. Each acts inside the seasons only, on the cultivation part before the
/// end-season drainage (the last `endSeasonDrainageDays` days are kept as observed).
public enum WaterTransform: Sendable, Equatable {
    /// No change: the observed practice.
    case observed
    /// Continuous flooding: every day at least `levelCm` (the usual crediting baseline).
    case continuousFlooding(levelCm: Double)
    /// Continuous flooding with one drainage of `lengthDays` at `levelCm`, starting
    /// `startFraction` of the way into the season.
    case singleMidSeasonDrainage(startFraction: Double, lengthDays: Int, levelCm: Double, floodCm: Double)
    /// The observed mid-season drainage (the longest drainage event) made `days` longer, at its
    /// lowest level; where none was observed, one of `days` is added at `startFraction` (J-Credit AG-005).
    case extendDrainage(days: Int, rule: DrainageRule, startFraction: Double, levelCm: Double)
    /// Safe AWD.
    case safeAWD(AWDSettings)

    public func apply(to series: DailyWaterSeries, seasons: [SeasonWindow], endSeasonDrainageDays: Int) -> DailyWaterSeries {
        if case .observed = self { return series }
        var out = series
        for season in seasons {
            let idx = series.indices(of: season.range)
            guard !idx.isEmpty else { continue }
            let cultivation = idx.lowerBound..<max(idx.lowerBound, idx.upperBound - endSeasonDrainageDays)
            apply(&out, cultivation, season)
        }
        return out
    }

    private func apply(_ s: inout DailyWaterSeries, _ days: Range<Int>, _ season: SeasonWindow) {
        func set(_ i: Int, _ v: Double) {
            s.levelCm[i] = Float(v)
            s.quality[i] = .observed
        }
        switch self {
        case .observed:
            return
        case .continuousFlooding(let flood):
            for i in days where s.quality[i] == .missing || Double(s.levelCm[i]) < flood { set(i, flood) }
        case .singleMidSeasonDrainage(let startFraction, let length, let level, let flood):
            let start = days.lowerBound + Int((Double(days.count) * startFraction).rounded())
            for i in days {
                let drained = i >= start && i < start + length
                if drained { set(i, level) } else if s.quality[i] == .missing || Double(s.levelCm[i]) < flood { set(i, flood) }
            }
        case .extendDrainage(let extra, let rule, let startFraction, let level):
            let window = SeasonWindow(firstDay: s.firstDay + days.lowerBound, lastDay: s.firstDay + days.upperBound - 1)
            let events = rule.events(in: s, window: window)
            if let longest = events.max(by: { $0.lengthDays < $1.lengthDays }) {
                // Extend from the last drained day of the event.
                var end = longest.firstDay - s.firstDay
                var counted = 0
                while end < days.upperBound && counted < longest.lengthDays {
                    if s.quality[end] != .missing && Double(s.levelCm[end]) < rule.thresholdCm { counted += 1 }
                    end += 1
                }
                for i in end..<min(end + extra, days.upperBound) { set(i, Double(longest.minLevelCm)) }
            } else {
                let start = days.lowerBound + Int((Double(days.count) * startFraction).rounded())
                for i in start..<min(start + extra, days.upperBound) { set(i, level) }
            }
        case .safeAWD(let awd):
            let rate = observedRecessionCmPerDay(s, days, minSamples: awd.minRecessionSamples) ?? awd.defaultDrawdownCmPerDay
            let n = Double(days.count)
            let floweringStart = Int(n * awd.floweringStartFraction), floweringEnd = Int(n * awd.floweringEndFraction)
            var level = awd.refloodCm
            for (d, i) in days.enumerated() {
                let keepFlooded = d < awd.startAfterDays || (d >= floweringStart && d < floweringEnd)
                if keepFlooded {
                    level = max(awd.refloodCm, s.quality[i] == .missing ? awd.refloodCm : Double(s.levelCm[i]))
                } else if level <= awd.thresholdCm {
                    level = awd.refloodCm
                } else {
                    level = max(awd.thresholdCm, level - rate)
                }
                set(i, level)
            }
        }
    }
}

/// The median day-to-day fall of the water level [cm d⁻¹] between observed days of a paddy's
/// own recessions (from at most 10 cm above to 30 cm below the surface), or nil with fewer than
/// `minSamples` falls.
public func observedRecessionCmPerDay(_ s: DailyWaterSeries, _ days: Range<Int>, minSamples: Int) -> Double? {
    var falls: [Double] = []
    for i in days.dropLast() where s.quality[i] == .observed && s.quality[i + 1] == .observed {
        let a = Double(s.levelCm[i]), b = Double(s.levelCm[i + 1])
        if a > b, a <= 10, b >= -30, a - b <= 10 { falls.append(a - b) }
    }
    guard falls.count >= max(minSamples, 1) else { return nil }
    falls.sort()
    return falls.count % 2 == 1 ? falls[falls.count / 2] : (falls[falls.count / 2 - 1] + falls[falls.count / 2]) / 2
}

/// A counterfactual straw and organic-amendment management.
public enum AmendmentTransform: Sendable, Equatable {
    case unchanged
    /// Straw removed from the field: straw amendments dropped.
    case removeStraw
    /// Straw composted before it returns to the field: straw becomes compost at `tPerTStraw`.
    case compostStraw(tPerTStraw: Double)
    /// Straw incorporated long (> 30 days) before cultivation instead of shortly before.
    case incorporateStrawEarly
    /// These amendments instead of whatever was applied.
    case replace([OrganicAmendment])

    public func apply(_ amendments: [OrganicAmendment]) -> [OrganicAmendment] {
        switch self {
        case .unchanged: amendments
        case .removeStraw: amendments.filter { $0.type != .straw_short && $0.type != .straw_long }
        case .compostStraw(let k):
            amendments.map { $0.type == .straw_short || $0.type == .straw_long ? OrganicAmendment(type: .compost, rateTPerHa: $0.rateTPerHa * k) : $0 }
        case .incorporateStrawEarly:
            amendments.map { $0.type == .straw_short ? OrganicAmendment(type: .straw_long, rateTPerHa: $0.rateTPerHa) : $0 }
        case .replace(let list): list
        }
    }
}

/// Which share of a paddy's area adopts a scenario: by region, else a default, for the water
/// supplies listed (all when empty).
public struct Adoption: Sendable, Equatable {
    public var defaultFraction: Double
    public var byRegion: [String: Double]
    public var waterSupplies: Set<WaterSupply>

    public init(defaultFraction: Double = 1, byRegion: [String: Double] = [:], waterSupplies: Set<WaterSupply> = []) {
        self.defaultFraction = defaultFraction
        self.byRegion = byRegion
        self.waterSupplies = waterSupplies
    }

    public func fraction(region: String?, supply: WaterSupply) -> Double {
        if !waterSupplies.isEmpty && !waterSupplies.contains(supply) { return 0 }
        return region.flatMap { byRegion[$0] } ?? defaultFraction
    }
}

/// A named what-if: a water and straw management, an adoption share, and the engine to compute it.
public struct Scenario: Sendable {
    public var name: String
    public var water: WaterTransform
    public var amendments: AmendmentTransform
    public var adoption: Adoption
    public var engine: InventoryEngine

    public init(name: String, water: WaterTransform = .observed, amendments: AmendmentTransform = .unchanged,
                adoption: Adoption = Adoption(), engine: InventoryEngine) {
        self.name = name
        self.water = water
        self.amendments = amendments
        self.adoption = adoption
        self.engine = engine
    }

    /// The paddy as it would be under this scenario, fully adopted, in the baseline's seasons.
    public func counterfactual(_ paddy: Paddy, seasons: [SeasonWindow], amendments: [OrganicAmendment]) -> Paddy {
        var p = paddy
        p.seasons = seasons
        p.water = water.apply(to: paddy.water, seasons: seasons, endSeasonDrainageDays: engine.configuration.detection.endSeasonDrainageDays)
        p.amendments = self.amendments.apply(amendments)
        return p
    }
}

/// One paddy-season under a scenario, beside the observed practice computed the same way.
public struct ScenarioSeasonResult: Sendable {
    /// The observed practice, computed with the scenario's method and parameters.
    public var baseline: PaddySeasonResult
    /// The scenario fully adopted.
    public var adopted: PaddySeasonResult
    public var adoptionFraction: Double

    /// Expected CH4 [kg]: the adopted share under the scenario, the rest as in the baseline.
    public var expectedCH4Kg: Double { adoptionFraction * adopted.ch4Kg + (1 - adoptionFraction) * baseline.ch4Kg }
    public var expectedCO2eT: Double { adoptionFraction * adopted.co2eT + (1 - adoptionFraction) * baseline.co2eT }
}

extension Scenario {
    /// Evaluates `paddy` under this scenario in the seasons of the run's baseline outcome. The
    /// scenario's own method also computes the observed practice, so that the comparison stays
    /// within one method even when the scenario's method differs from the run's baseline. Throws
    /// the rejection of a season whose model check fails.
    public func evaluate(_ paddy: Paddy, baseline: PaddyOutcome) throws(Rejection) -> [ScenarioSeasonResult] {
        guard let first = baseline.results.first else { return [] }
        let seasons = baseline.results.map(\.assessment.window)
        var observed = paddy
        observed.seasons = seasons
        let p = counterfactual(paddy, seasons: seasons, amendments: first.amendments)
        return try zip(baseline.results, seasons).enumerated().map { k, pair throws(Rejection) in
            let (b, window) = pair
            let previous = k > 0 ? seasons[k - 1] : nil
            return ScenarioSeasonResult(baseline: try engine.result(observed, window, previousSeason: previous),
                                 adopted: try engine.result(p, window, previousSeason: previous),
                                 adoptionFraction: adoption.fraction(region: paddy.region, supply: b.assessment.waterSupply))
        }
    }
}
