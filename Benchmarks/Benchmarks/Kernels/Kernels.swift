// Micro-benchmarks of the per-paddy kernels, on constructed data (no files besides models/).
//
//   cd Benchmarks && swift package --disable-sandbox benchmark
//
// What each one measures (one iteration):
//   resample/365-daily       DailyResampler.resample of 365 daily observations over 365 days
//   resample/30-satellite    DailyResampler.resample of 30 satellite revisits (~12 days apart) over 365 days
//   assess/110-day-season    WaterRegimeClassifier.assess of one 110-day season (two drainage events)
//   evaluate/ipcc            InventoryEngine.evaluate of one paddy, 365 days, two detected seasons, IPCC 2019
//   evaluate/process         the same paddy with the CH4MOD process model
//   montecarlo/100x1000      MonteCarlo.totals: 100 factor categories × 1000 draws, one weight set

import Benchmark
import Foundation
import PaddyMethane
import PaddyMethaneIO

// MARK: Constructed data

/// models/ of the main package, found from this file: Benchmarks/Benchmarks/Kernels/Kernels.swift.
private let library = ModelLibrary(directory: URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()      // Kernels/
    .deletingLastPathComponent()      // Benchmarks/Benchmarks/
    .deletingLastPathComponent()      // Benchmarks/
    .deletingLastPathComponent()      // package root
    .appendingPathComponent("models"))

private let calendar = CFCalendar.standard
private let firstDay = CFCalendar.standard.dayNumber(CalendarDate(year: 2024, month: 1, day: 1))
private let span = firstDay...(firstDay + 364)

/// A year with two rice seasons: dry until day 20; flooded 20–129 with drainages on 50–55 and
/// 85–90 (multiple drainage); fallow 130–199; flooded 200–309 with a drainage on 250–255 (single
/// drainage); fallow to the end. Season detection finds 20–143 and 200–323 (124 days each).
private func levelCm(onDayIndex d: Int) -> Double {
    switch d {
    case 20...129: return (50...55).contains(d) || (85...90).contains(d) ? -6 : 5 + Double(d % 7)
    case 200...309: return (250...255).contains(d) ? -6 : 5 + Double(d % 5)
    default: return -12 - Double(d % 3)
    }
}

private let dailyTimes: [Double] = (0..<365).map { Double(firstDay + $0) + 0.5 }
private let dailyLevels: [Double] = (0..<365).map { levelCm(onDayIndex: $0) }
/// Satellite revisits every ~12 days (30 over the year), at varying times of day.
private let satelliteTimes: [Double] = (0..<30).map { Double(firstDay) + Double($0) * 12.1 + 0.25 }
private let satelliteLevels: [Double] = satelliteTimes.map { levelCm(onDayIndex: Int($0) - firstDay) }

private func makeConfiguration() -> RunConfiguration {
    do {
        let (parameters, _) = try library.parameterSet("ipcc-2019")
        return RunConfiguration(parameters: parameters, detection: try library.detectionSettings(),
                                drainageRule: try library.drainageRule("ipcc"), gwp: try library.gwp("ar5"))
    } catch {
        fatalError("cannot load models from \(library.directory.path): \(error)")
    }
}

private func makeProcessConfiguration() -> RunConfiguration {
    var configuration = makeConfiguration()
    do {
        let (ch4mod, _) = try library.ch4mod()
        guard let climate = ch4mod.climatology["Cambodia"] else { fatalError("no Cambodia climatology in ch4mod.yaml") }
        configuration.method = .process(CH4MOD(parameters: ch4mod), climate: climate, climateName: "Cambodia")
    } catch {
        fatalError("cannot load ch4mod.yaml: \(error)")
    }
    return configuration
}

private func makePaddy(_ series: DailyWaterSeries) -> Paddy {
    Paddy(index: 0, id: "bench-0001", region: "Battambang", areaHa: 1.25,
          amendments: [OrganicAmendment(type: .straw_short, rateTPerHa: 2.5)], water: series)
}

/// 100 distinct factor categories (9 regimes × 4 pre-season statuses × straw rates), Σ ha·d each.
private func makeWeights() -> CategoryWeights {
    var weights = CategoryWeights()
    let regimes = WaterRegime.allCases, statuses = PreSeasonStatus.allCases
    for i in 0..<100 {
        let key = FactorCategory(
            baselineKey: "south_east_asia", overrideRegion: "",
            regime: regimes[i % regimes.count],
            preSeason: statuses[(i / regimes.count) % statuses.count],
            amendments: [.init(type: .straw_short, rate: 0.5 * Double(i / 36) + 1)])
        weights.add(key, haDays: 1000 + Double(i) * 37.5)
    }
    precondition(weights.keys.count == 100, "expected 100 distinct categories, got \(weights.keys.count)")
    return weights
}

// MARK: Benchmarks

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 10,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000)

    let resampler = DailyResampler(maxGapDays: 15)

    Benchmark("resample/365-daily") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(resampler.resample(times: dailyTimes, levelsCm: dailyLevels, calendar: calendar, span: span))
        }
    }

    Benchmark("resample/30-satellite") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(resampler.resample(times: satelliteTimes, levelsCm: satelliteLevels, calendar: calendar, span: span))
        }
    }

    let ipcc = makeConfiguration()
    let series = resampler.resample(times: dailyTimes, levelsCm: dailyLevels, calendar: calendar, span: span)
    let classifier = WaterRegimeClassifier(settings: ipcc.detection, rule: ipcc.drainageRule)
    let season = SeasonWindow(firstDay: firstDay + 20, lastDay: firstDay + 129)   // 110 days
    precondition(classifier.assess(series, window: season, declared: nil).regime == .multiple_drainage)

    Benchmark("assess/110-day-season") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(classifier.assess(series, window: season, declared: nil))
        }
    }

    let paddy = makePaddy(series)
    let ipccEngine = InventoryEngine(configuration: ipcc)
    let outcome = ipccEngine.evaluate(paddy)
    precondition(outcome.results.count == 2 && outcome.rejections.isEmpty,
                 "constructed paddy: expected two seasons, got \(outcome.results.count) and \(outcome.rejections)")

    Benchmark("evaluate/ipcc") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ipccEngine.evaluate(paddy))
        }
    }

    let processEngine = InventoryEngine(configuration: makeProcessConfiguration())
    precondition(processEngine.evaluate(paddy).results.count == 2)

    Benchmark("evaluate/process") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(processEngine.evaluate(paddy))
        }
    }

    let weights = makeWeights()
    let monteCarlo = MonteCarlo(model: FactorModel(parameters: ipcc.parameters), draws: 1000, seed: 20251125)

    Benchmark("montecarlo/100x1000") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(monteCarlo.totals([weights]))
        }
    }
}
