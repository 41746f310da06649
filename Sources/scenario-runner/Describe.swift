import ArgumentParser
import Foundation
import PaddyMethane
import PaddyMethaneIO

struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tell what an input file holds: paddies, time span and step, layout, variables, units, defaults and problems.")

    @OptionGroup var input: InputOptions

    @Option(help: "Paddies to sample for data problems (0 = all).")
    var sample: Int = 1000

    func run() throws {
        let reader: PaddyFileReader
        let resampler: DailyResampler
        let noteSettings: InputNoteSettings
        do {
            resampler = try input.resampler()
            noteSettings = try input.library().inputNoteSettings()
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

        // Sample the data for per-paddy problems and what the series look like.
        let n = sample == 0 ? reader.paddyCount : min(sample, reader.paddyCount)
        var rejected: [Rejection] = []
        var known = 0, filled = 0, total = 0
        var regions: [String: Int] = [:]
        var masking = MaskCounts()
        var start = 0
        while start < n {
            let block = try reader.readBlock(start: start, count: min(1024, n - start))
            masking.add(block.levelMasking)
            for record in block.records {
                switch record {
                case .rejected(let r): rejected.append(r)
                case .paddy(let p):
                    if !(p.areaHa.isFinite && p.areaHa > 0) && reader.areaUnits != nil {
                        rejected.append(Rejection(paddyIndex: p.index, paddyID: p.id, reason: "area \(p.areaHa) ha is not a positive number"))
                    }
                    regions[p.region ?? "(none)", default: 0] += 1
                    total += p.water.dayCount
                    known += p.water.quality.filter { $0 != .missing }.count
                    filled += p.water.quality.filter { $0 == .interpolated }.count
                }
                start += 1
            }
        }
        lines.append("sampled \(n) paddies: \(fixed(100 * Double(known) / Double(max(total, 1))))% of days known, \(fixed(100 * Double(filled) / Double(max(total, 1))))% of days interpolated (gaps up to \(resampler.maxGapDays) days)")
        lines.append("regions: " + regions.keys.sorted().map { "\($0) (\(regions[$0]!))" }.joined(separator: ", "))
        let notes = reader.notes + [masking.validRangeNote(variable: reader.levelVariableName, minShare: noteSettings.validRangeNoteMinShare)].compactMap { $0 }
        if !notes.isEmpty {
            lines.append("notes:")
            for note in notes { lines.append("  \(note)") }
        }
        if rejected.isEmpty {
            lines.append("problems: none found")
        } else {
            lines.append("problems (\(rejected.count) paddies):")
            for r in rejected.prefix(20) { lines.append("  paddy '\(r.paddyID)' (index \(r.paddyIndex)): \(r.reason)") }
            if rejected.count > 20 { lines.append("  … and \(rejected.count - 20) more") }
        }
        print(lines.joined(separator: "\n"))
    }

    private func fixed(_ v: Double) -> String { String(format: "%.1f", v) }
}
