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

    @OptionGroup var reporting: ReportingArguments
    @OptionGroup var documents: DocumentOptions

    @Option(name: .shortAndLong, help: "Scenario file (YAML); see data/scenarios-example.yaml.")
    var scenarios: String

    @Option(name: .shortAndLong, help: "Output folder for the reports.")
    var out: String

    @Option(help: "Monte Carlo draws (overrides the scenario file's monte_carlo.draws; default 1000 for an IPCC baseline, defaults.monte_carlo_draws of models/ch4mod.yaml for a process-model baseline; 0 for none).")
    var draws: Int?

    @Option(help: "Monte Carlo seed (overrides the scenario file).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("Process model: daily air or soil temperature per paddy or region (CSV, see data/weather-template.csv, or CF NetCDF) for every engine with method: process; repeatable.", valueName: "FILE"))
    var weather: [String] = []

    @Option(help: "Also write every scenario's daily water series to this NetCDF file.")
    var seriesNetcdf: String?

    @Option(help: "Earlier seasons of the same fields (same input formats), for the look-back baselines of the crediting view.")
    var history: String?

    @Option(help: ArgumentHelp("Process only shard K of N (a contiguous slice of the paddies, 1 ≤ K ≤ N) and write partial results; combine the shards with `merge`.", valueName: "K/N"))
    var shard: Shard?





    func validate() throws {
        _ = try input.requiredInput()
        if let draws, draws < 0 { throw ValidationError("--draws must not be negative") }
        if shard != nil && seriesNetcdf != nil { throw ValidationError("--series-netcdf cannot be combined with --shard") }
        try documents.validate(shard: shard != nil)
    }

    func run() throws {
        try withExitCodes(out: out, quiet: stream.quiet) {
            let library = try input.library()
            var plan = try ScenarioPlan.load(scenarios, library: library, weather: weather)
            if let draws {
                plan.draws = draws
                plan.processDraws = plan.baseline.processUncertainty != nil ? draws : 0
            }
            if let seed { plan.seed = seed }
            // The input's SHA-256 for the manifest is computed on its own thread while the run reads it.
            let inputChecksum = PendingChecksum(path: try input.requiredInput())
            let reader = try input.openReader(threads: stream.threads, names: reporting.inputNames)
            for engine in [plan.baseline] + plan.scenarios.map(\.engine) { try FloodStatusCheck.rule(engine.configuration.drainageRule, reader) }
            var options = stream.runOptions
            options.shard = shard
            options.documents = documents.documents
            options.reporting = reporting.options(reader)
            func settings() throws -> RunSettings {
                var s = try RunSettings.scenarios(input: inputChecksum.path, inputChecksum: inputChecksum, plots: input.plots,
                                                         maxGapDays: reader.resampler.maxGapDays, strict: stream.strict, plan: plan, history: history)
                s.inventoryYear = reporting.inventoryYear
                return s
            }
            var earlier = CreditingHistory()
            if let history {
                earlier = try CreditingHistory.read(try input.openReader(history, threads: stream.threads), plan: plan,
                                                    calendar: reader.calendar, options: stream.runOptions)
            }
            let runner = ScenarioComparison(plan: plan, options: options, seriesOutput: seriesNetcdf.map { URL(fileURLWithPath: $0) },
                                            history: earlier)
            let summary = try runner.run(reader, into: URL(fileURLWithPath: out), settings: settings)
            if !stream.quiet {
                if let shard {
                    printError("shard \(shard) written to \(out); combine all shards with `scenario-runner merge`")
                } else {
                    let names = ["baseline"] + plan.scenarios.map(\.name)
                    for (name, ledger) in zip(names, summary.accounting.ledgers) {
                        let t = ledger.totals, reference = ledger.reference
                        printError(String(format: "%@: %.3f t CO2e (%+.3f vs the observed practice)", name, t.co2eT, t.co2eT - reference.co2eT))
                    }
                    printError("reports in \(out)")
                }
            }
            return summary.run
        }
    }
}
