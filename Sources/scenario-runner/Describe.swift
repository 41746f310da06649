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
        let reader: InputSource
        let resampler: DailyResampler
        let engine: InventoryEngine
        let namedRegions: [RegionReference]
        let noteSettings: DetectionSettings
        do {
            resampler = try input.resampler()
            (engine, namedRegions) = try predictedEngine()
            noteSettings = try input.library().detectionSettings()
            reader = try input.open(resampler: resampler, requireArea: false)
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
        var request = RunRequest()
        request.parameters = parameters
        request.drainageRule = drainageRule
        request.config = config
        let setup = try input.library().runSetup(request)
        return (setup.engine, setup.namedRegions)
    }
}
