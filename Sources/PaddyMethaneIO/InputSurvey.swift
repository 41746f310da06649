public import PaddyMethane
import Foundation

/// What `describe` prints about an input: its layout, time axis, variables and the defaults that
/// would apply, the data of a sample of paddies, the run predicted with an engine (rejections
/// grouped by reason with their fix), notes and problems. Text lines, one fact a line.
public enum InputSurvey {
    /// - Parameters:
    ///   - engine: the engine the run would use; `namedRegions` the regions its files name.
    ///   - sample: paddies to sample (nil: all).
    ///   - runLabel: how the predicted run is described (its parameters, rule and configuration).
    public static func lines(_ reader: some PaddySource, engine: InventoryEngine, namedRegions: [RegionReference], sample: Int?,
                             maxGapDays: Int, validRangeNoteMinShare: Double, runLabel: String) throws -> [String] {
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
            return lines + ["PROBLEM: no paddies (the paddy dimension has length 0): `run` stops with exit code 1"]
        }
        let p = try RunPrediction.predict(reader, engine: engine, sample: sample, areaHa: reader.areaUnits == nil ? 1 : nil)
        lines += prediction(p, maxGapDays: maxGapDays, runLabel: runLabel)
        let notes = reader.notes + [p.summary.levelMasking.validRangeNote(variable: reader.levelVariableName, minShare: validRangeNoteMinShare)].compactMap { $0 }
        if !notes.isEmpty {
            lines.append("notes:")
            for note in notes { lines.append("  \(note)") }
        }
        do { try RegionReference.check(namedRegions, present: Set(p.paddiesByRegion.keys).subtracting([InventoryAggregate.noRegion])) } catch {
            lines.append("PROBLEM: \(error) (among the sampled paddies; `run` checks all of them and stops with exit code 1 if none has it)")
        }
        return lines
    }

    /// The sample's data and the run's predicted outcome, rejections grouped by reason with their fix.
    static func prediction(_ p: RunPrediction, maxGapDays: Int, runLabel: String) -> [String] {
        let s = p.summary
        let total = Double(max(p.days, 1))
        var lines = [
            "sampled \(s.paddiesRead) paddies: \(fixed(100 * Double(p.knownDays) / total))% of days known, \(fixed(100 * Double(p.interpolatedDays) / total))% of days interpolated (gaps up to \(maxGapDays) days)",
            "regions: " + p.paddiesByRegion.keys.sorted().map { "\($0) (\(p.paddiesByRegion[$0]!))" }.joined(separator: ", "),
            "predicted run (\(runLabel)): seasons detected from the series for \(p.paddiesDetected) of \(s.paddiesRead) paddies",
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

    private static func fixed(_ v: Double) -> String { String(format: "%.1f", v) }
}
