import Foundation
import NetCDF

/// A NetCDF-4 file written under a temporary name beside `url` (registered before netCDF-C opens
/// it, so that an interrupt removes it) and renamed to `url` only when complete.
struct NetCDFOutput {
    let url: URL
    let temporary: URL
    let file: NetCDFFile

    init(url: URL) throws {
        self.url = url
        temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        guard TemporaryFiles.create(temporary.path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        file = try NetCDFFile.create(temporary.path, format: .netcdf4)
    }

    /// Closes the file and renames it to `url`.
    func commit() throws {
        try file.closeChecked()
        guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
        TemporaryFiles.unregister(temporary.path)
    }

    /// Closes and removes the unfinished file.
    func discard() {
        file.close()
        try? FileManager.default.removeItem(at: temporary)
        TemporaryFiles.unregister(temporary.path)
    }
}
