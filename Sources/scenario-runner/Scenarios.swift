import ArgumentParser
import Foundation
import PaddyMethane
import PaddyMethaneIO

struct Scenarios: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenarios",
        abstract: "Compare what-if water and straw management against the observed baseline, with uncertainty and a crediting view.")

    @OptionGroup var input: InputOptions

    @OptionGroup var stream: StreamOptions

    @Option(name: .shortAndLong, help: "Scenario file (YAML); see data/scenarios-example.yaml.")
    var scenarios: String

    @Option(name: .shortAndLong, help: "Output folder for the reports.")
    var out: String

    @Option(help: "Monte Carlo draws (overrides the scenario file; 0 for none).")
    var draws: Int?

    @Option(help: "Monte Carlo seed (overrides the scenario file).")
    var seed: UInt64?

    @Option(help: "Also write every scenario's daily water series to this NetCDF file.")
    var seriesNetcdf: String?





    func validate() throws {
        if let draws, draws < 0 { throw ValidationError("--draws must not be negative") }
    }

    func run() throws {
        try withExitCodes(out: out, quiet: stream.quiet) {
            let library = try input.library()
            var plan = try ScenarioPlan.load(scenarios, library: library)
            if let draws { plan.draws = draws }
            if let seed { plan.seed = seed }
            let reader = try input.openReader(threads: stream.threads)
            let options = stream.runOptions
            var provenance = try commonProvenance(input: input.input, resampler: try input.resampler(), strict: stream.strict)
            provenance += try plan.files.map { ("\($0.0)_sha256", try ChecksumFile.sha256($0.1)) }
            let runner = ScenarioComparison(plan: plan, options: options, seriesOutput: seriesNetcdf.map { URL(fileURLWithPath: $0) })
            let summary = try runner.run(reader, into: URL(fileURLWithPath: out), provenance: provenance)
            if !stream.quiet {
                let names = ["baseline"] + plan.scenarios.map(\.name)
                for (name, (t, reference)) in zip(names, zip(summary.totals, summary.references)) {
                    printError(String(format: "%@: %.3f t CO2e (%+.3f vs the observed practice)", name, t.co2eT, t.co2eT - reference.co2eT))
                }
                printError("reports in \(out)")
            }
            return summary.run
        }
    }
}
