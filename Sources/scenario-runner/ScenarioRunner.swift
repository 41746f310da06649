import ArgumentParser
import Foundation
import NetCDF
import PaddyMethane
import PaddyMethaneIO

@main
struct ScenarioRunner: ParsableCommand {
    /// The process-wide set-up first, then the command.
    static func main() {
        NetCDFProcess.setUp()
        main(nil)
    }

    static let configuration = CommandConfiguration(
        commandName: "scenario-runner",
        abstract: "Methane from rice paddies, computed from NetCDF water-level series.",
        discussion: """
        Exit codes: 0 success; 1 an input, parameter or output problem stopped the run (nothing \
        new written); 2 the run completed but some paddies or seasons were rejected (see rejected.csv); \
        64 a usage error.
        """,
        version: PaddyMethaneVersion.string,
        subcommands: [Describe.self, Run.self, Scenarios.self, Merge.self, Import.self, Validate.self, Sensitivity.self, Calibrate.self, Probe.self])
}

/// Options shared by the commands that read an input file.
struct InputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Input: CF-1.8 timeSeries NetCDF of water levels (or flood status), one series per paddy; a grid (time, y, x) with a paddy per rice cell; or the readings CSV of a field book (with --plots). Required, except by `run --activity-data`.")
    var input: String?

    @Option(help: "Plot sheet (CSV) of a field book whose readings are --input: one row per plot with its area and unit (area_ha).")
    var plots: String?

    @Option(name: .customLong("water-level"), help: ArgumentHelp("NetCDF: the water-level variable (default: water_level, else by standard_name).", valueName: "VAR"))
    var waterLevel: String?

    @Option(help: ArgumentHelp("NetCDF: the paddy area variable (default: area).", valueName: "VAR"))
    var area: String?

    @Option(help: ArgumentHelp("NetCDF: the paddy identifier variable (default: the one with cf_role = timeseries_id).", valueName: "VAR"))
    var id: String?

    @Option(help: ArgumentHelp("NetCDF-4: the group holding the data, e.g. /plots/2024 (default: the root group).", valueName: "PATH"))
    var group: String?

    @Option(help: "Longest gap between observations [days] bridged by linear interpolation; longer gaps stay missing.")
    var maxGapDays: Int?

    @Option(help: "Folder of parameter files (default: ./models, or beside the executable, or $PADDYMETHANE_MODELS).")
    var models: String?

    @Option(help: ArgumentHelp("Grid input: the rice mask variable (y, x); non-zero cells are rice. Without it, cells whose series are all missing are not rice.", valueName: "VAR"))
    var mask: String?

    @Option(help: ArgumentHelp("Grid input: region names by code of the region raster, a CSV file with the header code,region (instead of its flag_meanings).", valueName: "FILE"))
    var regionCodes: String?

    func library() throws -> ModelLibrary {
        if let models { return ModelLibrary(directory: URL(fileURLWithPath: models)) }
        guard let lib = ModelLibrary.locate() else {
            throw ValidationError("cannot find the models/ folder; pass --models DIR")
        }
        return lib
    }

    func validate() throws {
        if let maxGapDays, maxGapDays < 1 { throw ValidationError("--max-gap-days must be at least 1") }
        if plots != nil, waterLevel != nil || area != nil || id != nil || group != nil {
            throw ValidationError("--water-level, --area, --id and --group name NetCDF variables; a field book (--plots) names its columns in its header")
        }
    }
}

/// On SIGINT or SIGTERM: remove the temporary files of reports being written, then exit with
/// 128 + the signal number. Complete reports of earlier runs are never touched. The signals are
/// blocked in every thread (threads started later inherit the mask) and taken by one thread in
/// `sigwait`, so that they never interrupt a read or write inside netCDF-C or HDF5.
func removeTemporaryFilesOnInterrupt() {
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGINT)
    sigaddset(&signals, SIGTERM)
    pthread_sigmask(SIG_BLOCK, &signals, nil)
    let blocked = signals
    let waiter = Thread {
        var set = blocked
        var received: Int32 = 0
        sigwait(&set, &received)
        TemporaryFiles.removeAllAndExit(status: 128 + received)
    }
    waiter.start()
}

/// Options shared by the commands that stream paddies.
struct StreamOptions: ParsableArguments {
    @Option(help: "Paddies read and computed per block (memory grows with this, not with the file).")
    var blockSize: Int = 1024

    @Option(name: .customLong("threads"), help: "Compute threads (default: all cores). Reports are identical for any number.")
    var threadsOption: Int?

    /// The compute threads: as given, else one per core.
    var threads: Int { threadsOption ?? ProcessInfo.processInfo.activeProcessorCount }

    @Flag(help: "Stop at the first rejected paddy or season (exit 1) instead of listing it in rejected.csv.")
    var strict = false

    @Flag(help: "No progress on standard error.")
    var quiet = false

    func validate() throws {
        guard blockSize >= 1, threads >= 1 else { throw ValidationError("--block-size and --threads must be at least 1") }
    }

    /// The run options these flags give.
    var runOptions: RunOptions {
        var o = RunOptions()
        o.blockSize = blockSize
        o.threads = threads
        o.strict = strict
        if !quiet { o.progress = progressPrinter() }
        return o
    }
}

extension InputOptions {
    /// The resampler: `--max-gap-days`, else `max_gap_days` of models/water-detection.yaml.
    func resampler() throws -> DailyResampler {
        DailyResampler(maxGapDays: try maxGapDays ?? library().detectionSettings().maxGapDays)
    }

    /// The `--input` path; a command that needs one checks it in its `validate`.
    func requiredInput() throws -> String {
        guard let input else { throw ValidationError("Missing expected argument '--input <input>'") }
        return input
    }

    /// Probes the input in a child process, then opens it.
    func openReader(threads: Int, names: InputNames = InputNames(), requireArea: Bool = true) throws -> any PaddySource {
        try openReader(try requiredInput(), threads: threads, names: names, requireArea: requireArea)
    }

    /// Opens `path` (the input, or a `--history` file read with the same settings): with
    /// `--plots` a field book (`FieldBookSource`); else, probed in a child process first, a grid
    /// (`GridSource`) or a CF timeSeries file (`PaddyFileReader`), with water levels or flood status.
    func openReader(_ path: String, threads: Int, names: InputNames = InputNames(), requireArea: Bool = true) throws -> any PaddySource {
        if let plots { return try FieldBookSource(readings: path, plots: plots, resampler: try resampler(), requireArea: requireArea) }
        if path.lowercased().hasSuffix(".csv") {
            throw InputError(path: path, "is a CSV file: a field book needs its plot sheet too (--plots plots.csv, one row per plot with its area)")
        }
        try Probe.check(path)
        let library = try library()
        var flood = try library.detectionSettings().floodStatus
        if let maxGapDays { flood.maxGapDays = maxGapDays }
        var names = names
        names.waterLevelVariable = waterLevel
        names.areaVariable = area
        names.idVariable = id
        names.group = group
        names.mask = mask
        if GridSource.isGrid(path: path, names: names) {
            return try GridSource(path: path, names: names, resampler: try resampler(), floodStatus: flood,
                                  cellSettings: try library.gridCellSettings(), regionCodes: try regionCodes.map(RegionCodeTable.read))
        }
        if mask != nil || regionCodes != nil { throw ValidationError("--mask and --region-codes apply to grid inputs only (water_level or flooded with dimensions time, y, x)") }
        return try PaddyFileReader(path: path, names: names, resampler: try resampler(), requireArea: requireArea, threads: threads, floodStatus: flood)
    }
}

/// Options of the reports shared by `run` and `scenarios`: the inventory year and the paddy
/// attributes carried into the reports and grouped by.
struct ReportingArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Inventory year: only seasons harvested (season end) in this year count in the totals, CRT 3.C and the uncertainty; seasons of other years are listed in out_of_scope.csv.", valueName: "YYYY"))
    var inventoryYear: Int?

    @Option(name: .customLong("attribute"), help: ArgumentHelp("A text or integer variable on the paddy dimension (e.g. treatment) carried into paddy_seasons.csv as a column; repeatable. Variables with paddymethane_role = \"attribute\" are carried too.", valueName: "NAME"))
    var attributes: [String] = []

    @Option(name: .customLong("group-by"), help: ArgumentHelp("Also write attribute_summary.csv with the totals by the values of this paddy attribute (read as with --attribute); repeatable.", valueName: "ATTR"))
    var groupBy: [String] = []

    func validate() throws {
        if let y = inventoryYear, !(1...9999).contains(y) { throw ValidationError("--inventory-year must be a year from 1 to 9999") }
    }

    /// The variables the reader looks for: the default names with the attributes asked for.
    var inputNames: InputNames {
        var names = InputNames()
        for a in attributes + groupBy where !names.attributes.contains(a) { names.attributes.append(a) }
        return names
    }

    /// The reporting options of a run over `reader`.
    func options(_ reader: (any PaddySource)?) -> ReportingOptions {
        ReportingOptions(inventoryYear: inventoryYear.map(InventoryYear.init), attributes: reader?.attributeNames ?? [], groupBy: groupBy)
    }
}

/// Prints a message to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Progress on standard error: paddies done of the total, and the rate.
func progressPrinter() -> @Sendable (Int, Int) -> Void {
    let started = Date()
    return { done, total in
        let rate = Double(done) / max(Date().timeIntervalSince(started), 1e-9)
        printError(String(format: "\r%d / %d paddies (%.0f/s)", done, total, rate) + (done == total ? "\n" : "\u{1B}[K"))
    }
}

/// Runs a command's work and maps its outcome to the documented exit codes: 1 with one line on
/// standard error when it fails, 2 when it completed but rejected paddies or seasons.
func withExitCodes(out: String, quiet: Bool, _ body: () throws -> RunSummary) throws {
    removeTemporaryFilesOnInterrupt()
    let summary: RunSummary
    do {
        summary = try body()
    } catch let e as ExitCode {
        throw e
    } catch {
        printError("error: \(error)")
        throw ExitCode(1)
    }
    if summary.everyPaddyRejected {
        printError("every paddy (\(summary.paddiesRead) read) was rejected: no emissions were computed; the reasons are in \(out)/rejected.csv")
        throw ExitCode(2)
    }
    if summary.paddiesRejected + summary.seasonRejections > 0 {
        if !quiet { printError("some paddies or seasons were rejected: see \(out)/rejected.csv") }
        throw ExitCode(2)
    }
}
