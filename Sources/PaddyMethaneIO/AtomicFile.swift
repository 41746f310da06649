import Foundation

/// A file written in the background under a temporary name in its final folder and renamed into
/// place by `commit()`: readers see the previous complete file or the new complete one, never a
/// half-written one, whatever stops the writer.
final class AtomicFile {
    let url: URL
    /// Where the file is written until `commit()`.
    let temporary: URL
    private let handle: FileHandle
    private var pending: [UInt8] = []

    init(_ url: URL) throws {
        self.url = url
        temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        guard TemporaryFiles.create(temporary.path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        handle = try FileHandle(forWritingTo: temporary)
    }

    func write(_ bytes: [UInt8]) throws {
        pending.append(contentsOf: bytes)
        if pending.count >= 1 << 20 { try flush() }
    }

    func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Writes what is buffered to the temporary file (before reading it back).
    func flush() throws {
        try handle.write(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Appends the contents of a CSV file without its header line, read in 1 MiB pieces.
    func appendRows(of source: URL) throws {
        guard let input = FileHandle(forReadingAtPath: source.path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: source.path])
        }
        defer { try? input.close() }
        var header = true
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            var bytes = [UInt8](chunk)
            if header, let end = bytes.firstIndex(of: UInt8(ascii: "\n")) {
                bytes.removeSubrange(...end)
                header = false
            } else if header {
                continue
            }
            try write(bytes)
        }
    }

    /// Flushes, syncs and renames the file into place.
    func commit() throws {
        try flush()
        try handle.synchronize()
        try handle.close()
        guard rename(temporary.path, url.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        TemporaryFiles.unregister(temporary.path)
    }

    /// Removes the temporary file (the run failed; the previous report stays).
    func discard() {
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
        TemporaryFiles.unregister(temporary.path)
    }
}
