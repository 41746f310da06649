import ArgumentParser
import Foundation
import PaddyMethane
import PaddyMethaneIO

@main
struct ScenarioRunner: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario-runner",
        abstract: "Methane from rice paddies, computed from NetCDF water-level series.",
        discussion: """
        Exit codes: 0 success; 1 an input, parameter or output problem stopped the run (nothing \
        new written); 2 the run completed but some paddies or seasons were rejected (see rejected.csv); \
        64 a usage error.
        """,
        version: PaddyMethaneVersion.string,
        subcommands: [Describe.self, Run.self])
}

/// Options shared by the commands that read an input file.
struct InputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "NetCDF input: CF-1.8 timeSeries of water levels, one series per paddy.")
    var input: String

    @Option(help: "Longest gap between observations [days] bridged by linear interpolation; longer gaps stay missing.")
    var maxGapDays: Int = 15

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
        guard maxGapDays >= 1 else { throw ValidationError("--max-gap-days must be at least 1") }
    }
}

/// Prints a message to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
