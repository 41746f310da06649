import ArgumentParser
import Foundation
import PaddyMethaneIO

/// Opens an input in a child process before the run opens it. netCDF-C and HDF5 can crash on a
/// corrupt file (fuzzing found `free(): invalid pointer` inside libhdf5 1.10 while opening damaged
/// NetCDF-4 files); in a child, such a crash becomes one clear error instead of an abort.
struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open an input file and read its metadata (used internally).",
                                                    shouldDisplay: false)

    @Argument(help: "The input file.")
    var input: String

    func run() throws {
        // Errors are the run's to report; only a crash matters here.
        if let reader = try? PaddyFileReader(path: input, requireArea: false) {
            _ = try? reader.read(start: 0, count: 1)
        }
    }

    /// Throws when opening `path` crashes the child process.
    static func check(_ path: String) throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        child.arguments = ["probe", path]
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        do { try child.run() } catch { return }   // cannot probe: the run reports what it finds
        child.waitUntilExit()
        if child.terminationReason == .uncaughtSignal {
            throw InputError(path: path, "opening it crashed the reading process (signal \(child.terminationStatus)): the file is corrupt or meets a bug in netCDF/HDF5")
        }
    }
}
