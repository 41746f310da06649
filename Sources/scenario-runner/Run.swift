public import ArgumentParser
import Foundation
import PaddyMethane
import PaddyMethaneIO

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute CH4 per paddy-season (IPCC Tier 1/2 with the water regime read from each series) and write the reports.")

    @OptionGroup var input: InputOptions

    @OptionGroup var stream: StreamOptions

    @OptionGroup var documents: DocumentOptions

    @Option(name: .shortAndLong, help: "Output folder for the reports (created if needed; existing reports are replaced only when the run completes).")
    var out: String

    @Option(help: "Emission method: ipcc (Tier 1 or 2, by the parameter set) or process (CH4MOD daily model).")
    var method: EmissionMethodName = .ipcc

    @Option(help: "Monthly air temperature climatology for the process model, a key of models/ch4mod.yaml (default: its defaults.climate, Cambodia).")
    var climate: String?

    @Option(help: "Process model only: also write the daily CH4 flux per paddy to this NetCDF file.")
    var dailyNetcdf: String?

    @Option(help: "Parameter set: an id under models/ (ipcc-2019, ipcc-2006, tier2-cambodia-example) or a path to a YAML file.")
    var parameters: String = "ipcc-2019"

    @Option(help: "IPCC region for the baseline factor EF_c (a key of Table 5.11 in the parameter set, e.g. south_east_asia); default: the paddy's region if listed, else global.")
    var ipccRegion: String?

    @Option(help: "Drainage rule from models/drainage-rules.yaml (ipcc, cdm-ams-iii-au, jcm-ph-am004).")
    var drainageRule: String = "ipcc"

    @Option(help: "CH4 GWP100 for CO2e: ar4 (25), ar5 (28, UNFCCC reporting), ar6 (27.0 non-fossil), ar6-fossil (29.8).")
    var gwp: String = "ar5"

    @Option(help: "Organic amendment for paddies whose input gives none, TYPE:RATE in t/ha (e.g. straw_short:2.5); repeatable.")
    var amendment: [String] = []

    @Option(help: "Run configuration (YAML): seasons and amendments by region for paddies whose input gives none; see data/run-config-example.yaml.")
    var config: String?

    @Option(help: "Monte Carlo draws over the IPCC factor ranges for uncertainty.csv (0: none; IPCC methods only).")
    var draws: Int = 1000

    @Option(help: "Seed of the Monte Carlo draws (same seed, same intervals).")
    var seed: UInt64 = 1



    @Option(help: ArgumentHelp("Process only shard K of N (a contiguous slice of the paddies, 1 ≤ K ≤ N) and write partial results; combine the shards with `merge`.", valueName: "K/N"))
    var shard: Shard?



    func validate() throws {
        guard draws >= 0 else { throw ValidationError("--draws must not be negative") }
        try documents.validate(shard: shard != nil)
        if shard != nil {
            guard dailyNetcdf == nil else { throw ValidationError("--daily-netcdf cannot be combined with --shard") }
        }
        if dailyNetcdf != nil && method != .process { throw ValidationError("--daily-netcdf needs --method process") }
    }

    func run() throws {
        try withExitCodes(out: out, quiet: stream.quiet) {
            let summary = try execute()
            if !stream.quiet {
                let t = summary.aggregate.total
                printError(String(format: "%d paddies read: %d with results, %d rejected; %d paddy-seasons, %.1f ha, %.3f t CH4, %.3f t CO2e → %@",
                                  summary.paddiesRead, summary.paddiesWithResults, summary.paddiesRejected, summary.seasons,
                                  t.areaHa, t.ch4Kg / 1000, t.co2eT, out))
                if let shard { printError("shard \(shard) written to \(out); combine all shards with `scenario-runner merge`") }
            }
            return summary
        }
    }

    private func execute() throws -> RunSummary {
        let library = try input.library()
        var request = RunRequest()
        request.method = method
        request.parameters = parameters
        request.ipccRegion = ipccRegion
        request.drainageRule = drainageRule
        request.gwp = gwp
        request.amendments = amendment
        request.config = config
        request.climate = climate
        // The HTML report plots the process model's daily flux of the chosen paddies.
        request.recordDaily = dailyNetcdf != nil || documents.html != nil
        let setup: RunSetup
        do { setup = try library.runSetup(request) } catch let e as RunRequestError { throw ValidationError(e.optionMessage) }
        let notes = try library.detectionSettings()
        let reader = try input.openReader(threads: stream.threads)
        var options = stream.runOptions
        options.draws = draws
        options.seed = seed
        options.shard = shard
        options.dailyOutput = dailyNetcdf.map { URL(fileURLWithPath: $0) }
        options.namedRegions = setup.namedRegions
        options.documents = documents.documents
        let settings = try RunSettings.run(input: input.input, maxGapDays: try input.resampler().maxGapDays, strict: stream.strict,
                                           setup: setup, draws: draws, seed: seed)
        let summary = try InventoryRunner(engine: setup.engine, options: options)
            .run(reader, into: URL(fileURLWithPath: out), settings: settings)
        if let note = summary.levelMasking.validRangeNote(variable: reader.levelVariableName, minShare: notes.validRangeNoteMinShare) {
            printError("note: \(note)")
        }
        return summary
    }
}

extension EmissionMethodName: ExpressibleByArgument {}

extension RunRequestError {
    /// The message with the option it concerns.
    var optionMessage: String {
        switch key {
        case .ipccRegion: "--ipcc-region \(detail)"
        case .amendment: "--amendment \(detail)"
        }
    }
}
