import ArgumentParser
import Foundation
import PaddyMethane
import PaddyMethaneIO

/// The child side of `InputProbe`: opens an input and reads its metadata and first paddy.
struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open an input file and read its metadata (used internally).",
                                                    shouldDisplay: false)

    @Argument(help: "The input file.")
    var input: String

    func run() throws {
        // Errors are the run's to report; only a crash or a hang matters here (and no gap filling).
        if let reader = try? PaddyFileReader(path: input, resampler: DailyResampler(maxGapDays: 1), requireArea: false) {
            _ = try? reader.read(start: 0, count: 1)
        }
        _ = GridSource.isGrid(path: input)
    }

    /// Probes `path` with this executable.
    static func check(_ path: String) throws {
        try InputProbe.check(path, executable: URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath())
    }
}
