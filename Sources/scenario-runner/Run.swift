public import ArgumentParser
import Foundation
import PaddyMethane
import PaddyMethaneIO

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute CH4 per paddy-season (IPCC Tier 1/2 with the water regime read from each series) and write the reports.")

    @OptionGroup var input: InputOptions

    @OptionGroup var stream: StreamOptions

    @OptionGroup var reporting: ReportingArguments
    @OptionGroup var documents: DocumentOptions

    @Option(name: .shortAndLong, help: "Output folder for the reports (created if needed; existing reports are replaced only when the run completes).")
    var out: String

    @Option(help: "Emission method: ipcc (Tier 1 or 2, by the parameter set) or process (CH4MOD daily model).")
    var method: EmissionMethodName = .ipcc

    @Option(help: "Monthly air temperature climatology for the process model, a key of models/ch4mod.yaml (default: its defaults.climate, Cambodia).")
    var climate: String?

    @Option(help: ArgumentHelp("Process model: the climatology of one region's paddies instead of --climate, REGION=NAME with NAME a key of models/ch4mod.yaml; repeatable.", valueName: "REGION=NAME"))
    var climateByRegion: [String] = []

    @Option(help: ArgumentHelp("Process model: daily air or soil temperature per paddy or region (CSV, see data/weather-template.csv, or CF NetCDF); before the climatology, after the input's own series; repeatable.", valueName: "FILE"))
    var weather: [String] = []

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

    @Option(help: "Monte Carlo draws for the 95 % intervals (uncertainty.csv, region_seasons.csv): over the IPCC factor ranges (default 1000) or, with --method process, over the CH4MOD parameter ranges, every paddy-season simulated once per draw (default: defaults.monte_carlo_draws of models/ch4mod.yaml); 0: none.")
    var draws: Int?

    @Option(help: "Seed of the Monte Carlo draws (same seed, same intervals).")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Grid input: also write each cell's seasonal CH4 (kg ha-1 and kg) and water regime on the input grid to this NetCDF file.", valueName: "FILE"))
    var gridNetcdf: String?

    @Flag(help: "Grid input: also write the per-cell rows of paddy_seasons.csv and drainage_events.csv (left out by default: one row per cell-season).")
    var cellRows = false



    @Option(help: "Activity data (CSV: year, region, categories, season length, harvested area per row; see data/activity-data-template.csv): computed alone, or after the paddies of --input in the same reports.")
    var activityData: String?

    @Option(help: "Base year of the Approach 1 trend columns of approach1_3c.csv (seasons attributed by the year of their end); year t is the latest year of the run.")
    var baseYear: Int?

    @Option(help: ArgumentHelp("Process only shard K of N (a contiguous slice of the paddies, 1 ≤ K ≤ N) and write partial results; combine the shards with `merge`.", valueName: "K/N"))
    var shard: Shard?



    func validate() throws {
        if let draws, draws < 0 { throw ValidationError("--draws must not be negative") }
        if input.input == nil && activityData == nil { throw ValidationError("Missing expected argument '--input <input>' (or --activity-data FILE)") }
        if activityData != nil {
            guard method == .ipcc else { throw ValidationError("--activity-data needs --method ipcc: statistics have no water series for the process model") }
            guard shard == nil else { throw ValidationError("--activity-data cannot be combined with --shard: run the statistics without shards (they are small), or shard the paddies alone") }
        }
        if let baseYear, !(1...9999).contains(baseYear) { throw ValidationError("--base-year must be a year (YYYY)") }
        try documents.validate(shard: shard != nil)
        if shard != nil {
            guard dailyNetcdf == nil else { throw ValidationError("--daily-netcdf cannot be combined with --shard") }
            guard gridNetcdf == nil else { throw ValidationError("--grid-netcdf cannot be combined with --shard") }
        }
        if dailyNetcdf != nil && method != .process { throw ValidationError("--daily-netcdf needs --method process") }
        if !climateByRegion.isEmpty && method != .process { throw ValidationError("--climate-by-region is read by the process model only: add --method process") }
        _ = try climateMapping()
        if !weather.isEmpty && method != .process { throw ValidationError("--weather is read by the process model only: add --method process") }
    }

    func run() throws {
        try withExitCodes(out: out, quiet: stream.quiet) {
            let summary = try execute()
            if !stream.quiet {
                let t = summary.aggregate.total
                printError(String(format: "%d paddies read: %d with results, %d rejected; %d paddy-seasons, %.1f ha, %.3f t CH4, %.3f t CO2e → %@",
                                  summary.paddiesRead, summary.paddiesWithResults, summary.paddiesRejected, summary.seasons,
                                  t.areaHa, t.ch4Kg / 1000, t.co2eT, out))
                if let year = reporting.inventoryYear, summary.seasonsOutOfScope > 0 {
                    printError("\(summary.seasonsOutOfScope) seasons harvested in other years than \(year) are listed in \(out)/out_of_scope.csv")
                }
                if let shard { printError("shard \(shard) written to \(out); combine all shards with `scenario-runner merge`") }
            }
            return summary
        }
    }

    private func execute() throws -> RunSummary {
        // The input's SHA-256 for the manifest is computed on its own thread while the run reads it.
        let inputChecksum = input.input.map(PendingChecksum.init(path:))
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
        request.weather = weather
        request.climateByRegion = try climateMapping()
        // The HTML report plots the process model's daily flux of the chosen paddies.
        request.recordDaily = dailyNetcdf != nil || documents.html != nil
        let setup: RunSetup
        do { setup = try library.runSetup(request) } catch let e as RunRequestError { throw ValidationError(e.optionMessage) }
        let notes = try library.detectionSettings()
        let activity = try activityData.map { try ActivityDataFile.load($0, limits: notes) }
        let reader = try input.input.map { _ in try input.openReader(threads: stream.threads, names: reporting.inputNames) }
        if let reader {
            try FloodStatusCheck.rule(setup.engine.configuration.drainageRule, reader)
            if let grid = reader as? GridSource, !stream.quiet { for w in grid.warnings { printError("note: \(w)") } }
        }
        var options = stream.runOptions
        options.reporting = reporting.options(reader)
        options.gridOutput = gridNetcdf.map { URL(fileURLWithPath: $0) }
        options.paddyRows = !(reader is GridSource) || cellRows
        let draws = method == .process ? try self.draws ?? library.ch4mod().file.defaultMonteCarloDraws : self.draws ?? 1000
        options.draws = draws
        options.processDraws = draws
        options.seed = seed
        options.shard = shard
        options.dailyOutput = dailyNetcdf.map { URL(fileURLWithPath: $0) }
        options.namedRegions = setup.namedRegions
        options.documents = documents.documents
        options.baseYear = baseYear
        let maxGapDays = try reader?.resampler.maxGapDays ?? input.resampler().maxGapDays
        func settings() throws -> RunSettings {
            var s = try RunSettings.run(input: input.input, inputChecksum: inputChecksum, plots: input.plots, activityData: activityData,
                                               maxGapDays: maxGapDays, strict: stream.strict, setup: setup, draws: draws, seed: seed, baseYear: baseYear)
            s.inventoryYear = reporting.inventoryYear
            return s
        }
        let runner = InventoryRunner(engine: setup.engine, options: options)
        guard let reader else { return try runner.run(activity: activity!, into: URL(fileURLWithPath: out), settings: try settings()) }
        let summary = try runner.run(reader, activity: activity, into: URL(fileURLWithPath: out), settings: settings)
        if reader is GridSource && !cellRows && !stream.quiet {
            printError("note: paddy_seasons.csv and drainage_events.csv hold their headers only (one row per cell-season with --cell-rows)")
        }
        if let note = summary.levelMasking.validRangeNote(variable: reader.levelVariableName, minShare: notes.validRangeNoteMinShare) {
            printError("note: \(note)")
        }
        if let weather = setup.weather, !stream.quiet { for note in weather.unmatchedNotes { printError("note: \(note)") } }
        return summary
    }
}

extension Run {
    /// `--climate-by-region REGION=NAME` as region → climatology name; a region given twice is refused.
    func climateMapping() throws -> [String: String] {
        var out: [String: String] = [:]
        for item in climateByRegion {
            guard let eq = item.lastIndex(of: "="), eq != item.startIndex, item.index(after: eq) != item.endIndex else {
                throw ValidationError("--climate-by-region \(item): expected REGION=NAME, e.g. Takeo=Cambodia")
            }
            let region = String(item[..<eq]), name = String(item[item.index(after: eq)...])
            guard out.updateValue(name, forKey: region) == nil else { throw ValidationError("--climate-by-region: region \(region) is given twice") }
        }
        return out
    }
}

extension EmissionMethodName: ExpressibleByArgument {}

/// Flood maps show whether a field is flooded, not how deep the water table falls.
enum FloodStatusCheck {
    /// Refuses a drainage rule with a depth to reach (`reach_cm`) on a flood-status input.
    static func rule(_ rule: DrainageRule, _ reader: some PaddySource) throws {
        guard reader.survey.floodStatus, let reach = rule.reachCm else { return }
        throw InputError(path: reader.path, variable: reader.levelVariableName,
                         "flood maps cannot show the depth the drainage rule '\(rule.name)' requires (reach_cm \(reach)): choose a rule without reach_cm (ipcc, cdm-ams-iii-au) or give water levels")
    }
}

extension RunRequestError {
    /// The message with the option it concerns.
    var optionMessage: String {
        switch key {
        case .ipccRegion: "--ipcc-region \(detail)"
        case .amendment: "--amendment \(detail)"
        case .weather: "--weather \(detail)"
        case .climateByRegion: "--climate-by-region \(detail)"
        }
    }
}
