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
        do {
            let lines = try InputSurvey.lines(
                reader, engine: engine, namedRegions: namedRegions, sample: sample == 0 ? nil : sample, maxGapDays: resampler.maxGapDays,
                validRangeNoteMinShare: noteSettings.validRangeNoteMinShare,
                runLabel: "parameters \(parameters), drainage rule \(drainageRule)\(config.map { ", --config \($0)" } ?? "")")
            print(lines.joined(separator: "\n"))
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }

    /// The engine `run` would use with the same settings, and the regions its files name.
    private func predictedEngine() throws -> (InventoryEngine, [RegionReference]) {
        let library = try input.library()
        let (set, url) = try library.parameterSet(parameters)
        var configuration = RunConfiguration(
            parameters: set, detection: try library.detectionSettings(),
            drainageRule: try library.drainageRule(drainageRule), gwp: try library.gwp("ar5"))
        var named = RegionReference.overrides(of: set, file: url.path)
        if let config {
            let file = try RunConfigFile.load(config)
            file.apply(to: &configuration)
            named += file.namedRegions
        }
        return (InventoryEngine(configuration: configuration), named)
    }
}
