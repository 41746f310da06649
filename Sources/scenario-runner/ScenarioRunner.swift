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
        subcommands: [Describe.self, Run.self, Scenarios.self, Merge.self, Import.self, Probe.self])
}

/// Options shared by the commands that read an input file.
struct InputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Input: CF-1.8 timeSeries NetCDF of water levels, one series per paddy, or the readings CSV of a field book (with --plots).")
    var input: String

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

    /// The variable names given on the command line.
    var names: InputNames {
        var n = InputNames()
        n.waterLevelVariable = waterLevel
        n.areaVariable = area
        n.idVariable = id
        n.group = group
        return n
    }

    /// Opens the input (a NetCDF file is probed in a child process first).
    func open(resampler: DailyResampler, requireArea: Bool = true, threads: Int? = nil) throws -> InputSource {
        if plots == nil { try Probe.check(input) }
        return try InputSource(path: input, plots: plots, names: names, resampler: resampler, requireArea: requireArea, threads: threads)
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

    /// Probes the input in a child process, then opens it.
    func openReader(threads: Int) throws -> some PaddySource {
        try open(resampler: try resampler(), threads: threads)
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
