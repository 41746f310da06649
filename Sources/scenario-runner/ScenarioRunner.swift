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
        subcommands: [Describe.self, Run.self, Scenarios.self, Merge.self, Validate.self, Sensitivity.self, Calibrate.self, Probe.self])
}

/// Options shared by the commands that read an input file.
struct InputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "NetCDF input: CF-1.8 timeSeries of water levels, one series per paddy (required, except by `run --activity-data`).")
    var input: String?

    @Option(help: "Longest gap between observations [days] bridged by linear interpolation; longer gaps stay missing.")
    var maxGapDays: Int?

    @Option(help: "Folder of parameter files (default: ./models, or beside the executable, or $PADDYMETHANE_MODELS).")
    var models: String?

    func library() throws -> ModelLibrary {
        if let models { return ModelLibrary(directory: URL(fileURLWithPath: models)) }
        guard let lib = ModelLibrary.locate() else {
            throw ValidationError("cannot find the models/ folder; pass --models DIR")
        }
        return lib
    }

    func validate() throws {
        if let maxGapDays, maxGapDays < 1 { throw ValidationError("--max-gap-days must be at least 1") }
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
    func openReader(threads: Int, names: InputNames = InputNames()) throws -> PaddyFileReader {
        try openReader(try requiredInput(), threads: threads, names: names)
    }

    /// Another file of the same format (a `--history` file), read with the same settings.
    func openReader(_ path: String, threads: Int, names: InputNames = InputNames()) throws -> PaddyFileReader {
        try Probe.check(path)
        return try PaddyFileReader(path: path, names: names, resampler: try resampler(), threads: threads)
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
    func options(_ reader: PaddyFileReader?) -> ReportingOptions {
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
