public import Foundation

/// Opens an input in a child process (`scenario-runner probe FILE`) before a run opens it.
/// netCDF-C and HDF5 can crash or hang on a corrupt file (fuzzing found crashes in netCDF-C
/// 4.9.0's classic-header parser and in libhdf5 1.10.8, and hangs in both, all while opening);
/// in a child, such a crash or hang becomes one clear error instead of an abort or a stuck run.
public enum InputProbe {
    public enum Outcome: Equatable, Sendable { case finished, crashed(Int32), timedOut, notStarted }

    /// Runs `executable probe path` and says how it ended.
    public static func run(executable: URL, _ path: String, timeout: Double) -> Outcome {
        let child = Process()
        child.executableURL = executable
        child.arguments = ["probe", path]
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        do { try child.run() } catch { return .notStarted }
        let deadline = Date().addingTimeInterval(timeout)
        while child.isRunning && Date() < deadline { usleep(2_000) }
        if child.isRunning {
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            return .timedOut
        }
        return child.terminationReason == .uncaughtSignal ? .crashed(child.terminationStatus) : .finished
    }

    /// Throws an `InputError` when opening `path` in the child crashes or does not finish in time.
    public static func check(_ path: String, executable: URL, timeout: Double = 120) throws(InputError) {
        switch run(executable: executable, path, timeout: timeout) {
        case .crashed(let signal):
            throw InputError(path: path, "opening it crashed the reading process (signal \(signal)): the file is corrupt or meets a bug in netCDF/HDF5")
        case .timedOut:
            throw InputError(path: path, "opening it did not finish within \(Int(timeout)) s: the file is corrupt or meets a bug in netCDF/HDF5")
        case .finished, .notStarted:
            return   // not started: the run itself reports what it finds
        }
    }
}
