import Foundation
import Testing
@testable import PaddyMethane
import PaddyMethaneIO

/// The repository's `models/` folder, found from this file's path
/// (…/Tests/PaddyMethaneTests/Support/TestModels.swift → …/models).
enum TestModels {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // Support
        .deletingLastPathComponent()   // PaddyMethaneTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // package root
        .appendingPathComponent("models")

    static let library: ModelLibrary = {
        processSetUp()
        return ModelLibrary(directory: directory)
    }()

    static func detection() throws -> DetectionSettings { try library.detectionSettings() }
    /// The resampler with the documented gap limit (models/water-detection.yaml).
    static func resampler() throws -> DailyResampler { DailyResampler(maxGapDays: try detection().maxGapDays) }
    static func rule(_ name: String = "ipcc") throws -> DrainageRule { try library.drainageRule(name) }
    static func parameters(_ id: String = "ipcc-2019") throws -> ParameterSet { try library.parameterSet(id).0 }
    static func gwp(_ id: String = "ar5") throws -> GWP { try library.gwp(id) }

    static func classifier(rule name: String = "ipcc") throws -> WaterRegimeClassifier {
        WaterRegimeClassifier(settings: try detection(), rule: try rule(name))
    }

    /// |a − b| ≤ rel × max(|a|, |b|) (exact equality also accepted, e.g. both 0).
    static func close(_ a: Double, _ b: Double, rel: Double = 1e-9) -> Bool {
        a == b || abs(a - b) <= rel * max(abs(a), abs(b))
    }
}

/// Builders for constructed daily water series.
enum TestSeries {
    static let calendar = CFCalendar.proleptic_gregorian
    /// Day number of 2020-01-01, the first day of every constructed series unless said otherwise.
    static let day0 = calendar.dayNumber(CalendarDate(year: 2020, month: 1, day: 1))

    /// Levels [cm] from runs of (days, level).
    static func levels(_ runs: [(Int, Float)]) -> [Float] {
        runs.flatMap { Array(repeating: $0.1, count: $0.0) }
    }

    /// A series in which every day is observed.
    static func observed(_ levels: [Float], firstDay: Int = day0) -> DailyWaterSeries {
        DailyWaterSeries(calendar: calendar, firstDay: firstDay, observedLevelsCm: levels)
    }

    static func observed(runs: [(Int, Float)], firstDay: Int = day0) -> DailyWaterSeries {
        observed(levels(runs), firstDay: firstDay)
    }

    /// A copy of `series` with the days at `indices` (0-based) set missing.
    static func withMissing(_ series: DailyWaterSeries, _ indices: some Sequence<Int>) -> DailyWaterSeries {
        var level = series.levelCm, quality = series.quality
        for i in indices { level[i] = .nan; quality[i] = .missing }
        return DailyWaterSeries(calendar: series.calendar, firstDay: series.firstDay, levelCm: level, quality: quality)
    }

    /// A copy of `series` with the days at `indices` (0-based) flagged interpolated.
    static func withInterpolated(_ series: DailyWaterSeries, _ indices: some Sequence<Int>) -> DailyWaterSeries {
        var quality = series.quality
        for i in indices { quality[i] = .interpolated }
        return DailyWaterSeries(calendar: series.calendar, firstDay: series.firstDay, levelCm: series.levelCm, quality: quality)
    }

    /// The window of 0-based indices `first...last` of a series starting on `firstDay`.
    static func window(_ first: Int, _ last: Int, firstDay: Int = day0) -> SeasonWindow {
        SeasonWindow(firstDay: firstDay + first, lastDay: firstDay + last)
    }
}

/// Builders for paddies and assessments.
enum TestPaddy {
    static func make(_ id: String, index: Int = 0, region: String? = nil, supply: WaterSupply? = nil,
                     areaHa: Double = 1, seasons: [SeasonWindow] = [], amendments: [OrganicAmendment]? = nil,
                     water: DailyWaterSeries) -> Paddy {
        Paddy(index: index, id: id, region: region, waterSupply: supply, areaHa: areaHa,
              seasons: seasons, amendments: amendments, water: water)
    }

    /// An assessment with the given categories (for factor look-ups without a series).
    static func assessment(_ regime: WaterRegime, preSeason: PreSeasonStatus? = .not_flooded_lt_180d, days: Int = 100,
                           supply: WaterSupply = .irrigated, meanLevelCm: Double = 5) -> SeasonWaterAssessment {
        SeasonWaterAssessment(window: SeasonWindow(firstDay: TestSeries.day0, lastDay: TestSeries.day0 + days - 1),
                              waterSupply: supply, regime: regime, preSeason: preSeason, events: [],
                              drainedDays: 0, filledFraction: 0, missingFraction: 0, meanLevelCm: meanLevelCm)
    }
}

extension InventoryRunner {
    /// Runs with the manifest settings a plain `run` of `reader`'s file records.
    @discardableResult
    func run(_ reader: some PaddySource, into directory: URL) throws -> RunSummary {
        var setup = try TestModels.library.runSetup(RunRequest())
        setup.engine = engine
        return try run(reader, into: directory, settings: RunSettings.run(
            input: reader.path, maxGapDays: TestModels.detection().maxGapDays, strict: options.strict,
            setup: setup, draws: options.draws, seed: options.seed))
    }
}
