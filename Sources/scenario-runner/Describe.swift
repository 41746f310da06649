import ArgumentParser
import Foundation
import PaddyMethane
import PaddyMethaneIO

struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tell what an input file holds: paddies, time span and step, layout, variables, units, defaults and problems.")

    @OptionGroup var input: InputOptions

    @Option(help: "Paddies to sample for data problems and the predicted run (0 = all).")
    var sample: Int = 1000

    @Option(help: "Run configuration (YAML) to predict the run with: seasons and amendments by region; see data/run-config-example.yaml.")
    var config: String?

    @Option(help: "Parameter set of the predicted run (as for `run`).")
    var parameters: String = "ipcc-2019"

    @Option(help: "Drainage rule of the predicted run (as for `run`).")
    var drainageRule: String = "ipcc"

    func run() throws {
        let reader: PaddyFileReader
        let resampler: DailyResampler
        let engine: InventoryEngine
        let namedRegions: [RegionReference]
        let noteSettings: DetectionSettings
        do {
            resampler = try input.resampler()
            (engine, namedRegions) = try predictedEngine()
            noteSettings = try input.library().detectionSettings()
            try Probe.check(input.input)
            reader = try PaddyFileReader(path: input.input, resampler: resampler, requireArea: false)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        var lines = ["file: \(reader.path)", "format: \(reader.format)", "layout: \(reader.layout)", "paddies: \(reader.paddyCount)"]
        let cal = reader.calendar
        if let span = reader.timeSpan, let steps = reader.timeStepCount {
            lines.append("time: \(cal.date(ofDay: span.lowerBound)) to \(cal.date(ofDay: span.upperBound)), \(steps) steps, median step \(fixed(reader.medianStepDays ?? 0)) days, calendar \(cal.rawValue)")
        } else {
            lines.append("time: per paddy (\(reader.timeUnits.text), calendar \(cal.rawValue))")
        }
        lines.append("variables:")
        for f in reader.found { lines.append("  \(f.variable): \(f.role)") }
        lines.append("defaults that would apply:")
        for d in reader.defaults { lines.append("  \(d)") }
        if reader.areaUnits == nil { lines.append("  PROBLEM: no area variable: `run` needs each paddy's area") }
        guard reader.paddyCount > 0 else {
            lines.append("PROBLEM: no paddies (the paddy dimension has length 0): `run` stops with exit code 1")
            print(lines.joined(separator: "\n"))
            return
        }
        let p: RunPrediction
        do {
            p = try RunPrediction.predict(reader, engine: engine, sample: sample == 0 ? nil : sample,
                                          areaHa: reader.areaUnits == nil ? 1 : nil)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        lines += report(p, resampler: resampler)
        let notes = reader.notes + [p.summary.levelMasking.validRangeNote(variable: reader.levelVariableName, minShare: noteSettings.validRangeNoteMinShare)].compactMap { $0 }
        if !notes.isEmpty {
            lines.append("notes:")
            for note in notes { lines.append("  \(note)") }
        }
        do { try RegionReference.check(namedRegions, present: Set(p.paddiesByRegion.keys).subtracting(["(none)"])) } catch {
            lines.append("PROBLEM: \(error) (among the sampled paddies; `run` checks all of them and stops with exit code 1 if none has it)")
        }
        print(lines.joined(separator: "\n"))
    }

    /// The engine `run` would use with the same settings, and the regions its files name.
    private func predictedEngine() throws -> (InventoryEngine, [RegionReference]) {
        var request = RunRequest()
        request.parameters = parameters
        request.drainageRule = drainageRule
        request.config = config
        let setup = try input.library().runSetup(request)
        return (setup.engine, setup.namedRegions)
    }

    /// The sample's data and the run's predicted outcome, rejections grouped by reason with their fix.
    private func report(_ p: RunPrediction, resampler: DailyResampler) -> [String] {
        let s = p.summary
        let total = Double(max(p.days, 1))
        var lines = [
            "sampled \(s.paddiesRead) paddies: \(fixed(100 * Double(p.knownDays) / total))% of days known, \(fixed(100 * Double(p.interpolatedDays) / total))% of days interpolated (gaps up to \(resampler.maxGapDays) days)",
            "regions: " + p.paddiesByRegion.keys.sorted().map { "\($0) (\(p.paddiesByRegion[$0]!))" }.joined(separator: ", "),
            "predicted run (parameters \(parameters), drainage rule \(drainageRule)\(config.map { ", --config \($0)" } ?? "")): seasons detected from the series for \(p.paddiesDetected) of \(s.paddiesRead) paddies",
            "  paddy-seasons found: \(s.seasons) in \(s.paddiesWithResults) paddies",
            "  paddies rejected: \(s.paddiesRejected); seasons rejected in the other paddies: \(s.seasonRejections)",
        ]
        if s.everyPaddyRejected { lines.append("  PROBLEM: every sampled paddy would be rejected: `run` would compute nothing") }
        if p.groups.isEmpty {
            lines.append("  rejections: none")
            return lines
        }
        lines.append("  rejections by reason (# stands for numbers and dates):")
        for g in p.groups {
            let e = g.example
            lines.append("    \(g.count) \(g.seasonLevel ? "seasons" : "paddies"): \(g.reason) (e.g. paddy '\(e.paddyID)', index \(e.paddyIndex))")
            if let fix = g.fix { lines.append("      fix: \(fix.rawValue)") }
        }
        return lines
    }

    private func fixed(_ v: Double) -> String { String(format: "%.1f", v) }
}
