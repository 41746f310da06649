import Foundation
import NetCDF

/// An error from the fixture helpers (ncgen failing, a missing resource).
struct FixtureError: Error, CustomStringConvertible {
    let description: String
}

/// A fresh, unique temporary directory for one test.
func makeFixtureDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("paddymethane-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A path for a new file `name` in a fresh temporary directory.
func fixtureTemporaryPath(_ name: String) throws -> String {
    try makeFixtureDirectory().appendingPathComponent(name).path
}

/// The ncgen executable (netcdf-bin).
let ncgenPath: String = {
    for candidate in ["/usr/bin/ncgen", "/usr/local/bin/ncgen", "/opt/homebrew/bin/ncgen"]
    where FileManager.default.isExecutableFile(atPath: candidate) {
        return candidate
    }
    return "/usr/bin/ncgen"
}()

/// Turns CDL text into a NetCDF file with `ncgen -k <format>` and returns the file's path.
/// - Parameter format: an ncgen kind: `nc4` (NetCDF-4), `classic`, `nc6` (64-bit offset), `nc5` (CDF5),
///   `nc7` (NetCDF-4 classic model).
func ncgen(_ cdl: String, format: String = "nc4", name: String = "fixture") throws -> String {
    processSetUp()
    let dir = try makeFixtureDirectory()
    let cdlURL = dir.appendingPathComponent("\(name).cdl")
    let ncURL = dir.appendingPathComponent("\(name).nc")
    try cdl.write(to: cdlURL, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ncgenPath)
    process.arguments = ["-k", format, "-o", ncURL.path, cdlURL.path]
    let stderr = Pipe()
    process.standardError = stderr
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let errorData = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        let message = String(decoding: errorData, as: UTF8.self)
        throw FixtureError(description: "ncgen -k \(format) failed (\(process.terminationStatus)): \(message)\n--- CDL ---\n\(cdl)")
    }
    return ncURL.path
}

/// The text of a CDL fixture kept in Tests/PaddyMethaneTests/Fixtures (copied as a bundle resource).
func fixtureCDL(_ name: String) throws -> String {
    guard let url = Bundle.module.url(forResource: name, withExtension: "cdl", subdirectory: "Fixtures") else {
        throw FixtureError(description: "fixture \(name).cdl not found in the test bundle")
    }
    return try String(contentsOf: url, encoding: .utf8)
}

/// Builds a NetCDF file from a CDL fixture file.
func ncgenFixture(_ name: String, format: String = "nc4") throws -> String {
    try ncgen(try fixtureCDL(name), format: format, name: name)
}

/// The executables' process-wide set-up (HDF5 file locking), made before the tests' first netCDF
/// call: the fixture writers and `TestModels` call it.
func processSetUp() { _ = processSetUpOnce }
private let processSetUpOnce: Void = NetCDFProcess.setUp()
